/*
 * lockfile.h - the lock of a file that other runs also update (--state),
 * held for a whole run so that two runs never both read the old file and
 * the second's rename loses the first's work (DESIGN section 3).
 *
 * The lock is flock(2) on a companion file, PATH.lock, never on PATH
 * itself: PATH is replaced by rename(2) (output.h), and a lock on the
 * file a rename has just unlinked protects nothing: a run that opens
 * PATH after the rename gets the new file and locks it at once, while a
 * third one still holds the old.  PATH.lock is never replaced nor removed
 * (removing it would let a run lock a new PATH.lock while another waits
 * on the old one), so every run locks the same file.  It is empty, made
 * with mode 0600 (less what the umask takes): it holds nothing, but
 * anyone who can open it can take the lock and stop the others' runs.
 * A flock(2) lock ends with the process, whatever ends it: no stale lock
 * after a crash or a kill.  Over NFS, Linux makes flock(2) a POSIX lock,
 * which needs the file opened for writing: it is.
 */
#ifndef CANAL_LOCKFILE_H
#define CANAL_LOCKFILE_H

#include <stddef.h>

#define LOCKFILE_SUFFIX ".lock"
#define LOCKFILE_MODE 0600

/* What lockfile_acquire() returns when another run holds the lock. */
#define LOCKFILE_BUSY (-2)

/**
 * Takes the exclusive lock of path: flock(2) on path + LOCKFILE_SUFFIX,
 * created with LOCKFILE_MODE when missing (not through a symbolic link;
 * an existing one that is not a regular file is refused).  When wait is
 * nonzero, waits as long as another run holds it; otherwise does not
 * wait.  Returns the descriptor that holds the lock (close it, or let the
 * process end, to release), LOCKFILE_BUSY when another run holds it and
 * wait is 0, or -1 with "PATH.lock: reason" in err (errlen bytes).
 */
int lockfile_acquire(const char *path, int wait, char *err, size_t errlen);

/** Releases the lock fd from lockfile_acquire() (a negative fd is none). */
void lockfile_release(int fd);

#endif
