/*
 * test-output.c - atomic output files: nothing visible before commit, the
 * old file kept on abort, the mode a plain open would give to a new file
 * and the mode of the file replaced, temporary files made with O_EXCL and
 * never through a link, any number of them, and removed whatever ends the
 * process: a signal, running out of memory, exit(3); an ignored signal
 * stays ignored.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "output.h"
#include "unit.h"
#include "util.h"

static char dir[256];

/* Names in dir other than . and .., joined with spaces, sorted. */
static char *
listing(void)
{
	static char buf[4096];
	struct dirent **names;
	int i, n;
	size_t o = 0;

	buf[0] = '\0';
	if ((n = scandir(dir, &names, NULL, alphasort)) < 0)
		return strcpy(buf, "?");
	for (i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") != 0 &&
		    strcmp(names[i]->d_name, "..") != 0 &&
		    o + strlen(names[i]->d_name) + 2 < sizeof(buf))
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s",
			    o > 0 ? " " : "", names[i]->d_name);
		free(names[i]);
	}
	free(names);
	return buf;
}

static char *
path_in(const char *name)
{
	static char buf[2][512];
	static int k;

	k ^= 1;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

static char *
contents(const char *path)
{
	static char buf[4096];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

static void
test_commit(void)
{
	struct output o;
	struct stat st;
	const char *target = path_in("out.jsonl");
	char *ls;

	umask(022);
	is_int(output_open(&o, target, 0), 0, "open a new file");
	is_str(o.name, target, "name is the path");
	ok(stat(target, &st) != 0 && errno == ENOENT,
	    "target absent after open");
	ls = listing();
	ok(strncmp(ls, "out.jsonl.canal-", 16) == 0 && strchr(ls, ' ') == NULL,
	    "one temporary file beside it (%s)", ls);
	is_int(jsonl_writer_line(&o.w, "{\"a\":1}", 7), 0, "write a line");
	is_int(jsonl_writer_flush(&o.w), 0, "flush it");
	ok(stat(target, &st) != 0, "target still absent after a flush");
	is_int(output_commit(&o), 0, "commit");
	is_str(contents(target), "{\"a\":1}\n", "target has the content");
	is_str(listing(), "out.jsonl", "no temporary file left");
	ok(stat(target, &st) == 0 && (st.st_mode & 07777) == 0644,
	    "mode 0644 under umask 022 (%o)", (unsigned)(st.st_mode & 07777));
	ok(o.path == NULL && o.tmp_path == NULL && o.fd == -1,
	    "commit releases the struct");
	unlink(target);

	umask(077);
	output_open(&o, target, 0);
	is_int(output_commit(&o), 0, "commit of an empty file");
	is_str(contents(target), "", "empty target exists");
	ok(stat(target, &st) == 0 && (st.st_mode & 07777) == 0600,
	    "mode 0600 under umask 077 (%o)", (unsigned)(st.st_mode & 07777));
	unlink(target);
	umask(002);
	output_open(&o, target, 0);
	output_commit(&o);
	ok(stat(target, &st) == 0 && (st.st_mode & 07777) == 0664,
	    "mode 0664 under umask 002 (%o)", (unsigned)(st.st_mode & 07777));
	unlink(target);
	umask(022);

	/* Replacing an existing file. */
	write_file(target, "old\n");
	is_int(output_open(&o, target, 1), 0, "open over an existing file");
	jsonl_writer_line(&o.w, "new", 3);
	is_str(contents(target), "old\n",
	    "line-buffered output is not visible in the target");
	is_int(output_commit(&o), 0, "commit over it");
	is_str(contents(target), "new\n", "replaced");
	is_str(listing(), "out.jsonl", "nothing else left");

	/* The replaced file's mode is kept, whatever the umask. */
	chmod(target, 0600);
	output_open(&o, target, 0);
	is_int(output_commit(&o), 0, "commit over a 0600 file");
	ok(stat(target, &st) == 0 && (st.st_mode & 07777) == 0600,
	    "0600 kept under umask 022 (%o)", (unsigned)(st.st_mode & 07777));
	chmod(target, 0444);
	umask(077);
	output_open(&o, target, 0);
	jsonl_writer_line(&o.w, "ro", 2);
	is_int(output_commit(&o), 0, "commit over a 0444 file");
	ok(stat(target, &st) == 0 && (st.st_mode & 07777) == 0444,
	    "0444 kept under umask 077 (%o)", (unsigned)(st.st_mode & 07777));
	is_str(contents(target), "ro\n", "read-only file replaced");
	umask(022);
	unlink(target);
}

static void
test_abort(void)
{
	struct output o;
	struct stat st;
	const char *target = path_in("out.jsonl");

	is_int(output_open(&o, target, 0), 0, "open for abort");
	jsonl_writer_line(&o.w, "x", 1);
	jsonl_writer_flush(&o.w);
	output_abort(&o);
	ok(stat(target, &st) != 0 && errno == ENOENT, "abort: no target");
	is_str(listing(), "", "abort: no file at all");

	write_file(target, "old\n");
	chmod(target, 0640);
	is_int(output_open(&o, target, 0), 0, "open over an existing file");
	jsonl_writer_line(&o.w, "new", 3);
	jsonl_writer_flush(&o.w);
	output_abort(&o);
	is_str(contents(target), "old\n", "abort keeps the old content");
	ok(stat(target, &st) == 0 && (st.st_mode & 07777) == 0640,
	    "abort keeps the old mode");
	is_str(listing(), "out.jsonl", "abort leaves only the old file");
	unlink(target);
}

static void
test_failures(void)
{
	struct output o;
	const char *target = path_in("no/such/dir/out.jsonl");
	const char *sub = path_in("sub");

	errno = 0;
	is_int(output_open(&o, target, 0), -1, "open in a missing directory");
	is_int(errno, ENOENT, "missing directory: ENOENT");
	is_str(listing(), "", "missing directory: nothing created");

	/* The target is a directory: refused at once, nothing created. */
	mkdir(sub, 0755);
	errno = 0;
	is_int(output_open(&o, sub, 0), -1, "open over a directory fails");
	is_int(errno, EISDIR, "over a directory: EISDIR");
	is_str(listing(), "sub", "nothing created beside it");
	rmdir(sub);
}

/* Devices, FIFOs and links are written through, never replaced. */
static void
test_special(void)
{
	struct output o;
	const char *fifo = path_in("fifo"), *file = path_in("file"),
	    *link = path_in("link");
	struct stat st;
	char buf[8];
	int fd;

	is_int(output_open(&o, "/dev/null", 0), 0, "open /dev/null");
	jsonl_writer_line(&o.w, "x", 1);
	is_int(output_commit(&o), 0, "commit to /dev/null");
	ok(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode),
	    "/dev/null is still a device");
	is_int(output_open(&o, "/dev/full", 0), 0, "open /dev/full");
	jsonl_writer_line(&o.w, "x", 1);
	errno = 0;
	is_int(output_commit(&o), -1, "commit to /dev/full fails");
	is_int(errno, ENOSPC, "ENOSPC");
	ok(stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode),
	    "/dev/full is still a device");

	mkfifo(fifo, 0600);
	fd = open(fifo, O_RDONLY | O_NONBLOCK);
	is_int(output_open(&o, fifo, 0), 0, "open a FIFO with a reader");
	jsonl_writer_line(&o.w, "hi", 2);
	is_int(output_commit(&o), 0, "commit to the FIFO");
	is_int((long long)read(fd, buf, sizeof(buf)), 3, "the reader gets it");
	close(fd);
	ok(stat(fifo, &st) == 0 && S_ISFIFO(st.st_mode), "still a FIFO");
	unlink(fifo);

	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	close(fd);
	symlink("file", link);
	is_int(output_open(&o, link, 0), 0, "open a symbolic link");
	is_str(o.name, link, "messages name the link as given");
	jsonl_writer_line(&o.w, "new", 3);
	is_int(output_commit(&o), 0, "commit through the link");
	ok(lstat(link, &st) == 0 && S_ISLNK(st.st_mode), "the link stays");
	ok(stat(file, &st) == 0 && st.st_size == 4, "its target replaced");
	unlink(link);
	unlink(file);
}

static void
test_stdout(void)
{
	struct output o;

	is_int(output_open(&o, NULL, 0), 0, "NULL is standard output");
	is_int(o.fd, STDOUT_FILENO, "fd 1");
	is_str(o.name, "<stdout>", "name <stdout>");
	ok(o.path == NULL && o.tmp_path == NULL, "no path, no temporary");
	is_int(output_commit(&o), 0, "commit of nothing");
	is_int(fcntl(STDOUT_FILENO, F_GETFD), 0, "standard output stays open");
	is_int(output_open(&o, "-", 0), 0, "- is standard output");
	is_str(o.name, "<stdout>", "- name");
	output_abort(&o);
	is_int(fcntl(STDOUT_FILENO, F_GETFD), 0,
	    "abort leaves standard output open");
}

#define MANY 300

/* No bound on the temporary files registered (there were 32 slots). */
static void
test_many(void)
{
	static struct output o[MANY];
	char name[32];
	int i, n = 0;
	pid_t pid;
	int status;

	for (i = 0; i < MANY; i++) {
		snprintf(name, sizeof(name), "f%03d", i);
		n += output_open(&o[i], path_in(name), 0) == 0;
	}
	is_int(n, MANY, "%d outputs open at once", MANY);
	output_abort(&o[0]);
	is_int(output_open(&o[0], path_in("again"), 0), 0,
	    "after one is released, another opens (slot reused)");
	fflush(stdout);
	if ((pid = fork()) == 0) {
		raise(SIGTERM);
		_exit(4);
	}
	waitpid(pid, &status, 0);
	ok(WIFSIGNALED(status) && strchr(listing(), ' ') != NULL,
	    "a child's signal leaves its parent's files alone");
	for (i = 0; i < MANY; i++)
		output_abort(&o[i]);
	is_str(listing(), "", "all aborted: nothing left");

	/* Every one of them on a signal, in a child. */
	fflush(stdout);
	if ((pid = fork()) == 0) {
		for (i = 0; i < MANY; i++) {
			snprintf(name, sizeof(name), "g%03d", i);
			if (output_open(&o[i], path_in(name), 0) != 0)
				_exit(3);
		}
		raise(SIGTERM);
		_exit(4);
	}
	waitpid(pid, &status, 0);
	ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
	    "child with %d outputs killed by SIGTERM", MANY);
	is_str(listing(), "", "SIGTERM: all %d temporary files removed",
	    MANY);
}

/* A child that opens an output, writes to it and ends as how says. */
static int
child_ends(int how)
{
	struct output o;
	pid_t pid;
	int status;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		if (how == 2)
			signal(SIGHUP, SIG_IGN);
		if (output_open(&o, path_in("end.jsonl"), 0) != 0)
			_exit(3);
		jsonl_writer_line(&o.w, "x", 1);
		jsonl_writer_flush(&o.w);
		switch (how) {
		case 0:	/* out of memory: no handler set, so abort(3) */
			(void)xreallocarray(NULL, SIZE_MAX, 2);
			_exit(4);
		case 1:
			exit(5);
		default:
			raise(SIGHUP);
			_exit(output_commit(&o) == 0 ? 6 : 7);
		}
	}
	waitpid(pid, &status, 0);
	return status;
}

static void
test_exits(void)
{
	int status;

	status = child_ends(0);
	ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
	    "out of memory: the child aborts");
	is_str(listing(), "", "out of memory: temporary file removed");
	status = child_ends(1);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 5, "exit(5)");
	is_str(listing(), "", "exit: temporary file removed");
	status = child_ends(2);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 6,
	    "an ignored SIGHUP stays ignored: the run goes on and commits");
	is_str(listing(), "end.jsonl", "and its file is written");
	unlink(path_in("end.jsonl"));
}

/* output_temp_create: unpredictable names, O_EXCL, the mode asked for. */
static void
test_temp_create(void)
{
	char *name, *name2, prefix[300];
	size_t slot, slot2;
	struct stat st;
	int fd, fd2, dfd;

	umask(022);
	snprintf(prefix, sizeof(prefix), "%s/t.", dir);
	fd = output_temp_create(AT_FDCWD, prefix, 0640, &name, &slot);
	fd2 = output_temp_create(AT_FDCWD, prefix, 0600, &name2, &slot2);
	ok(fd >= 0 && fd2 >= 0 && strcmp(name, name2) != 0,
	    "two temporary files, two names");
	ok(strncmp(name, prefix, strlen(prefix)) == 0 &&
	    strlen(name) == strlen(prefix) + 6, "prefix and six characters");
	ok(stat(name, &st) == 0 && (st.st_mode & 07777) == 0640,
	    "mode 0640 as asked (%o)", (unsigned)(st.st_mode & 07777));
	output_temp_remove_all();
	ok(access(name, F_OK) != 0 && access(name2, F_OK) != 0,
	    "remove_all removes both");
	output_temp_forget(slot);
	output_temp_forget(slot2);
	close(fd);
	close(fd2);
	free(name);
	free(name2);
	is_str(listing(), "", "nothing left");

	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	fd = output_temp_create(dfd, ".x.", 0600, &name, &slot);
	ok(fd >= 0 && strncmp(name, ".x.", 3) == 0 &&
	    fstatat(dfd, name, &st, 0) == 0, "relative to a directory");
	output_temp_remove_all();
	ok(fstatat(dfd, name, &st, 0) != 0, "removed relative to it too");
	output_temp_forget(slot);
	close(fd);
	free(name);
	close(dfd);
	errno = 0;
	snprintf(prefix, sizeof(prefix), "%s/no/such/t.", dir);
	ok(output_temp_create(AT_FDCWD, prefix, 0600, &name, &slot) < 0 &&
	    errno == ENOENT, "a missing directory: ENOENT");
	is_str(listing(), "", "nothing left");
}

static void
test_signal(void)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT,
	    SIGUSR1, SIGXFSZ };
	struct output o;
	pid_t pid;
	size_t i;
	int status;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		fflush(stdout);
		if ((pid = fork()) == 0) {
			struct rlimit no_core = { 0, 0 };

			setrlimit(RLIMIT_CORE, &no_core);
			if (output_open(&o, path_in("sig.jsonl"), 0) != 0)
				_exit(3);
			jsonl_writer_line(&o.w, "x", 1);
			jsonl_writer_flush(&o.w);
			raise(sigs[i]);
			_exit(4);
		}
		waitpid(pid, &status, 0);
		ok(WIFSIGNALED(status) && WTERMSIG(status) == sigs[i],
		    "child killed by signal %d", sigs[i]);
		is_str(listing(), "", "signal %d: temporary file removed",
		    sigs[i]);
	}
}

int
main(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/canal-output-XXXXXX",
	    base != NULL && *base != '\0' ? base : "/tmp");
	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp: %s", strerror(errno));
		return done_testing();
	}
	test_commit();
	test_abort();
	test_failures();
	test_special();
	test_stdout();
	test_many();
	test_signal();
	test_exits();
	test_temp_create();
	ok(rmdir(dir) == 0, "temporary directory empty at the end");
	return done_testing();
}
