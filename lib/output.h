/*
 * output.h - where a program's output goes: standard output, or a file
 * written atomically (a temporary file in the same directory, renamed over
 * the target only when everything was written), so that a reader never sees
 * half a file and a failed run leaves the old file in place.
 *
 * Every temporary file of the process (these and lib/outdir's) is made here
 * with O_EXCL and O_NOFOLLOW under an unpredictable name, and kept in one
 * registry until it is renamed or removed.  Whatever ends the process
 * removes the ones still registered: SIGINT, SIGTERM, SIGHUP, SIGQUIT,
 * SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU and SIGXFSZ (unless the signal was
 * ignored when the first temporary file was made, as under nohup(1); the
 * handler then re-raises the signal), running out of memory (before the
 * handler of util_set_oom_handler() runs) and exit(3).  SIGKILL cannot be
 * caught: its leftovers are named like a temporary file and are harmless.
 */
#ifndef CANAL_OUTPUT_H
#define CANAL_OUTPUT_H

#include <stddef.h>
#include <sys/types.h>

#include "jsonl.h"

struct output {
	char *path;		/* target, or NULL for standard output */
	char *tmp_path;		/* temporary name while writing */
	const char *name;	/* for messages: path or "<stdout>" */
	int fd;
	int own_fd;		/* a device or FIFO opened here: close it */
	size_t slot;		/* of tmp_path in the temporary registry */
	struct jsonl_writer w;
};

/**
 * Opens path for writing (NULL or "-": standard output).  line_buffered < 0
 * means "when the output is a terminal".  An existing path that is not a
 * regular file (a device such as /dev/null, a FIFO) is written directly,
 * never replaced; a symbolic link is followed, and its target replaced
 * atomically.  The temporary file is PATH.canal-XXXXXX; the file made keeps
 * the permission bits of the regular file it replaces, or gets 0666 less
 * the umask when there is none.  Returns 0, or -1 with errno set (nothing
 * created).
 */
int output_open(struct output *o, const char *path, int line_buffered);

/**
 * Flushes and closes; for a file, syncs and renames the temporary file over
 * the target.  Returns 0, or -1 with errno set (the temporary file is then
 * removed and the target untouched).  Frees o's storage either way.
 */
int output_commit(struct output *o);

/** Discards the output: removes the temporary file; frees o's storage. */
void output_abort(struct output *o);

/**
 * The permission bits a file replacing name (relative to dirfd, or
 * AT_FDCWD) should get: those of name when it is a regular file (a
 * symbolic link is not followed: it is replaced, not its target), else
 * 0666 less the process's umask.
 */
mode_t output_mode_for(int dirfd, const char *name);

/**
 * Creates a new temporary file: prefix (relative to dirfd, or AT_FDCWD)
 * followed by six random letters and digits, with O_CREAT | O_EXCL |
 * O_NOFOLLOW (so that a name planted by someone else, a symbolic link
 * above all, is never opened), write-only, close-on-exec, and the
 * permission bits mode.  The file is registered for removal (see above)
 * with the signals blocked, so that no signal can come between its
 * creation and its registration.  Returns the file descriptor and sets
 * *name (new storage, the caller frees it after output_temp_forget()) and
 * *slot; or -1 with errno set, nothing created.  dirfd must stay open
 * until the file is forgotten.
 */
int output_temp_create(int dirfd, const char *prefix, mode_t mode,
    char **name, size_t *slot);

/**
 * Takes the temporary file of slot out of the registry: call it after the
 * file was renamed or removed, before its name is freed.
 */
void output_temp_forget(size_t slot);

/**
 * Blocks (block nonzero) or unblocks the signals that end the process, so
 * that a group of renames is done whole or not at all.  Calls nest.
 */
void output_temp_hold(int block);

/**
 * Removes every registered temporary file of this process with unlinkat(2)
 * alone: async-signal-safe, allocates nothing.  The registry keeps the
 * names (they are gone from the disk).
 */
void output_temp_remove_all(void);

#endif
