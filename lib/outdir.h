/*
 * outdir.h - many JSON-lines output files in one directory, one per name
 * (canal-route's --split, "to NAME" and --shard-by), written safely:
 *
 *   - a name becomes a file name that is safe anywhere: ASCII letters,
 *     digits, "-", "_" and "." kept, every other byte (a "/", a control
 *     character, a space, UTF-8) as "_", a leading "." as "_", at most
 *     OUTDIR_NAME_MAX bytes, "_empty" for an empty name, then ".jsonl";
 *     two names that come out the same are told apart with "~2", "~3"...;
 *   - a run owns its directory: it must be empty when the run starts
 *     (temporary files that a killed run left do not count), or, with
 *     OUTDIR_CLEAN, hold nothing but regular *.jsonl files, which the
 *     commit replaces or removes, so that the directory then holds this
 *     run's files and nothing else; it is locked (flock(2)) for the run;
 *   - files are written under temporary names (".NAME.jsonl.XXXXXX", six
 *     random letters and digits, made with O_EXCL and O_NOFOLLOW by
 *     output_temp_create(), removed whatever ends the process) and renamed
 *     to their names by outdir_commit(), only when everything was written,
 *     so no reader ever sees half a file; outdir_abort() removes them;
 *   - at most max_open files are open at once: the least recently written
 *     is closed and later reopened for appending, without following a
 *     link, and only if it is still the same file (device and inode);
 *   - a file replacing one of the same name keeps its permission bits;
 *     new ones get 0666 less the umask.
 */
#ifndef CANAL_OUTDIR_H
#define CANAL_OUTDIR_H

#include <stddef.h>

#define OUTDIR_NAME_MAX 100

/* outdir_open() flags */
#define OUTDIR_CLEAN 0x1	/* replace the *.jsonl files already there */

struct outdir;

/**
 * Uses directory dir (created, with its parents, when missing), which
 * must be empty but for temporary files of a killed run (removed here), or
 * with OUTDIR_CLEAN hold only regular *.jsonl files besides them.  Returns
 * the set of files, or NULL with the reason in err (errlen bytes) and errno
 * set: ENOTEMPTY when the directory's contents forbid the run (a usage
 * error), EWOULDBLOCK when another run holds its lock, else the system's
 * error.
 */
struct outdir *outdir_open(const char *dir, size_t max_open, int flags,
    char *err, size_t errlen);

/**
 * Appends line[0..len) and a newline to the file of name[0..nlen).
 * Returns 0, or -1 with errno set (ELOOP or ESTALE when the temporary file
 * was replaced by someone else since it was last closed).
 */
int outdir_write(struct outdir *o, const char *name, size_t nlen,
    const char *line, size_t len);

/** The file name (in the directory) name[0..nlen) was given, or NULL. */
const char *outdir_file_name(const struct outdir *o, const char *name,
    size_t nlen);

/** Number of files. */
size_t outdir_count(const struct outdir *o);

/**
 * Flushes and closes every file and renames each to its name, with the
 * signals held so that the renames are done together; then, with
 * OUTDIR_CLEAN, removes the regular *.jsonl files found by outdir_open()
 * that this run did not write.  Returns 0, or -1 with the reason in err
 * (the temporary files are removed, and nothing of the old files is
 * removed).  Frees o.
 */
int outdir_commit(struct outdir *o, char *err, size_t errlen);

/** Removes the temporary files; frees o.  NULL is a no-op. */
void outdir_abort(struct outdir *o);

#endif
