/*
 * output.c - atomic output files, and the registry of every temporary file
 * of the process (output.h).  The registry is an array that a signal
 * handler can walk with unlinkat(2) alone, which is async-signal-safe; it
 * grows without bound, only ever changed with every signal blocked, so the
 * handler never sees it half-updated.
 */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define SUFFIX_LEN 6
#define CREATE_TRIES 100

struct temp {
	int dirfd;
	pid_t pid;		/* the process that made it: a child leaves
				   its parent's files alone */
	char *name;		/* NULL: a free slot */
};

static struct temp *volatile temps;
static volatile size_t ntemps;	/* slots ever used */
static size_t temps_cap;
static size_t *free_slots;	/* as many as temps_cap: forgetting never
				   allocates */
static size_t nfree;
static int handlers_installed;
static int hold_depth;
static sigset_t hold_mask;

static const int fatal_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU,
	SIGXFSZ, SIGPIPE
};

void
output_temp_remove_all(void)
{
	struct temp *t = temps;
	size_t i, n = ntemps;
	pid_t me = getpid();

	for (i = 0; i < n; i++)
		if (t[i].name != NULL && t[i].pid == me)
			(void)unlinkat(t[i].dirfd, t[i].name, 0);
}

static void
remove_all_and_die(int sig)
{
	output_temp_remove_all();
	/* The signal is blocked while this runs: it ends the process, by
	   its default action, as soon as the handler returns. */
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Handlers only where the default would end the process: a signal that
   was ignored (nohup(1), a shell's background job) or handled by the
   program stays so.  SIGPIPE is usually ignored (cli_start()). */
static void
install_handlers(void)
{
	struct sigaction sa, old;
	size_t i;

	if (handlers_installed)
		return;
	handlers_installed = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = remove_all_and_die;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		if (sigaction(fatal_signals[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_DFL && !(old.sa_flags & SA_SIGINFO))
			sigaction(fatal_signals[i], &sa, NULL);
	util_set_oom_cleanup(output_temp_remove_all);
	atexit(output_temp_remove_all);
}

static void
block_all(sigset_t *old)
{
	sigset_t all;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, old);
}

void
output_temp_hold(int block)
{
	if (block) {
		if (hold_depth++ == 0)
			block_all(&hold_mask);
	} else if (hold_depth > 0 && --hold_depth == 0)
		sigprocmask(SIG_SETMASK, &hold_mask, NULL);
}

/* With the signals blocked. */
static size_t
registry_add(int dirfd, char *name)
{
	struct temp *t;
	size_t slot, cap;

	if (nfree > 0)
		slot = free_slots[--nfree];
	else {
		if (ntemps == temps_cap) {
			cap = temps_cap ? temps_cap * 2 : 16;
			temps = xreallocarray(temps, cap, sizeof(*temps));
			free_slots = xreallocarray(free_slots, cap,
			    sizeof(*free_slots));
			temps_cap = cap;
		}
		slot = ntemps;
		temps[slot].name = NULL;
		ntemps = slot + 1;
	}
	t = &temps[slot];
	t->dirfd = dirfd;
	t->pid = getpid();
	t->name = name;
	return slot;
}

void
output_temp_forget(size_t slot)
{
	sigset_t old;
	char *name;

	block_all(&old);
	name = temps[slot].name;
	temps[slot].name = NULL;
	free_slots[nfree++] = slot;
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(name);
}

/* Letters and digits from getrandom(2); should it fail (no entropy yet,
   an old kernel), a mix of the time, the process and a counter, which
   O_EXCL makes merely slower to guess, never unsafe. */
static void
random_suffix(char *s)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789";
	static uint64_t counter;
	unsigned char b[SUFFIX_LEN];
	struct timespec ts;
	uint64_t x;
	size_t i;

	if (getrandom(b, sizeof(b), GRND_NONBLOCK) != (ssize_t)sizeof(b)) {
		clock_gettime(CLOCK_REALTIME, &ts);
		x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
		    ((uint64_t)getpid() << 42) ^ ++counter * 0x9e3779b97f4a7c15ULL;
		for (i = 0; i < sizeof(b); i++) {
			x ^= x >> 31;
			x *= 0xbf58476d1ce4e5b9ULL;
			b[i] = (unsigned char)(x >> 56);
		}
	}
	for (i = 0; i < SUFFIX_LEN; i++)
		s[i] = set[b[i] % (sizeof(set) - 1)];
}

int
output_temp_create(int dirfd, const char *prefix, mode_t mode, char **name,
    size_t *slot)
{
	size_t n = strlen(prefix), s = 0;
	char *path = xmalloc(n + SUFFIX_LEN + 1), *copy;
	sigset_t old;
	int fd = -1, saved = EEXIST, tries;

	memcpy(path, prefix, n);
	path[n + SUFFIX_LEN] = '\0';
	install_handlers();
	for (tries = 0; fd < 0 && tries < CREATE_TRIES; tries++) {
		random_suffix(path + n);
		copy = xstrdup(path);
		block_all(&old);
		/* 0600 until it is ours: nobody else can open it first. */
		fd = openat(dirfd, path, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0600);
		saved = errno;
		if (fd >= 0)
			s = registry_add(dirfd, copy);
		sigprocmask(SIG_SETMASK, &old, NULL);
		if (fd < 0) {
			free(copy);
			if (saved != EEXIST)
				break;
		}
	}
	if (fd < 0) {
		free(path);
		errno = saved;
		return -1;
	}
	(void)fchmod(fd, mode & 07777);
	*name = path;
	*slot = s;
	return fd;
}

mode_t
output_mode_for(int dirfd, const char *name)
{
	struct stat st;
	mode_t mask;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode))
		return st.st_mode & 0777;
	mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* A device or FIFO: written in place, since renaming over it would
   destroy it (think of --rejects /dev/null run as root). */
static int
open_direct(struct output *o, const char *path, int line_buffered)
{
	if ((o->fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return -1;
	o->own_fd = 1;
	o->name = path;
	if (line_buffered < 0)
		line_buffered = isatty(o->fd);
	jsonl_writer_init(&o->w, o->fd, line_buffered);
	return 0;
}

int
output_open(struct output *o, const char *path, int line_buffered)
{
	static const char suffix[] = ".canal-";
	struct stat st;
	char *resolved, *prefix;
	size_t n;
	int saved;

	memset(o, 0, sizeof(*o));
	if (path == NULL || strcmp(path, "-") == 0) {
		o->fd = STDOUT_FILENO;
		o->name = "<stdout>";
		if (line_buffered < 0)
			line_buffered = isatty(o->fd);
		jsonl_writer_init(&o->w, o->fd, line_buffered);
		return 0;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return open_direct(o, path, line_buffered);
	/* Replace what a link points at, not the link. */
	resolved = realpath(path, NULL);
	o->path = xstrdup(resolved != NULL ? resolved : path);
	free(resolved);
	o->name = path;		/* as the user gave it, for messages */
	n = strlen(o->path);
	prefix = xmalloc(n + sizeof(suffix));
	memcpy(prefix, o->path, n);
	memcpy(prefix + n, suffix, sizeof(suffix));
	o->fd = output_temp_create(AT_FDCWD, prefix,
	    output_mode_for(AT_FDCWD, o->path), &o->tmp_path, &o->slot);
	saved = errno;
	free(prefix);
	if (o->fd < 0) {
		free(o->path);
		o->path = NULL;
		errno = saved;
		return -1;
	}
	jsonl_writer_init(&o->w, o->fd, line_buffered > 0);
	return 0;
}

static void
release(struct output *o)
{
	if (o->own_fd && o->fd >= 0)
		close(o->fd);
	jsonl_writer_free(&o->w);
	if (o->tmp_path != NULL) {
		output_temp_forget(o->slot);
		free(o->tmp_path);
	}
	free(o->path);
	memset(o, 0, sizeof(*o));
	o->fd = -1;
}

int
output_commit(struct output *o)
{
	int saved;

	if (jsonl_writer_flush(&o->w) != 0) {
		errno = o->w.error;
		goto fail;
	}
	if (o->tmp_path == NULL) {
		release(o);
		return 0;
	}
	if (fsync(o->fd) != 0 && errno != EINVAL)
		goto fail;
	if (close(o->fd) != 0) {
		o->fd = -1;
		goto fail;
	}
	o->fd = -1;
	if (rename(o->tmp_path, o->path) != 0)
		goto fail;
	release(o);
	return 0;
fail:
	saved = errno;
	output_abort(o);
	errno = saved;
	return -1;
}

void
output_abort(struct output *o)
{
	if (o->tmp_path != NULL) {
		if (o->fd >= 0)
			close(o->fd);
		unlink(o->tmp_path);
	}
	release(o);
}
