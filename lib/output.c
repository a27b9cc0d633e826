/*
 * output.c - atomic output files.  The temporary names in use are kept in a
 * small table that a signal handler can walk with unlink(2) alone, which is
 * async-signal-safe.
 */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define MAX_PENDING 32

static char *volatile pending[MAX_PENDING];
static int handlers_installed;

static void
remove_pending_and_die(int sig)
{
	int i;

	for (i = 0; i < MAX_PENDING; i++)
		if (pending[i] != NULL)
			unlink(pending[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
install_handlers(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	if (handlers_installed)
		return;
	handlers_installed = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = remove_pending_and_die;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* Adds or removes a name with the signals blocked, so the handler never
   sees a half-updated table. */
static int
set_pending(char *path, char *value)
{
	sigset_t all, old;
	int i, done = -1;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	for (i = 0; i < MAX_PENDING && done < 0; i++)
		if (pending[i] == path) {
			pending[i] = value;
			done = 0;
		}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return done;
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
	struct stat st;
	char *resolved;
	size_t n;
	mode_t mask;

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
	install_handlers();
	/* Replace what a link points at, not the link. */
	resolved = realpath(path, NULL);
	o->path = xstrdup(resolved != NULL ? resolved : path);
	free(resolved);
	o->name = path;		/* as the user gave it, for messages */
	n = strlen(o->path);
	o->tmp_path = xmalloc(n + sizeof(".canal-XXXXXX"));
	memcpy(o->tmp_path, o->path, n);
	memcpy(o->tmp_path + n, ".canal-XXXXXX", sizeof(".canal-XXXXXX"));
	if (set_pending(NULL, o->tmp_path) != 0) {
		free(o->tmp_path);
		free(o->path);
		errno = EMFILE;
		return -1;
	}
	if ((o->fd = mkstemp(o->tmp_path)) < 0) {
		int saved = errno;

		set_pending(o->tmp_path, NULL);
		free(o->tmp_path);
		free(o->path);
		errno = saved;
		return -1;
	}
	/* mkstemp creates 0600; give the file the mode a plain open would. */
	mask = umask(0);
	umask(mask);
	fchmod(o->fd, 0666 & ~mask);
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
		set_pending(o->tmp_path, NULL);
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
