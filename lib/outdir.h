/*
 * outdir.h - many JSON-lines output files in one directory, one per name
 * (canal-route's --split, "to NAME" and --shard-by), written safely:
 *
 *   - a name becomes a file name that is safe anywhere: ASCII letters,
 *     digits, "-", "_" and "." kept, every other byte (a "/", a control
 *     character, a space, UTF-8) as "_", a leading "." as "_", at most
 *     OUTDIR_NAME_MAX bytes, "_empty" for an empty name, then ".jsonl";
 *     two names that come out the same are told apart with "~2", "~3"...;
 *   - files are written under temporary names (".NAME.jsonl.tmp.PID") and
 *     renamed to their names by outdir_commit(), only when everything was
 *     written, so no reader ever sees half a file; outdir_abort() removes
 *     them;
 *   - at most max_open files are open at once: the least recently written
 *     is closed and later reopened for appending.
 */
#ifndef CANAL_OUTDIR_H
#define CANAL_OUTDIR_H

#include <stddef.h>

#define OUTDIR_NAME_MAX 100

struct outdir;

/**
 * Uses directory dir (created, with its parents, when missing).  Returns
 * the set of files, or NULL with the reason in err (errlen bytes).
 */
struct outdir *outdir_open(const char *dir, size_t max_open, char *err,
    size_t errlen);

/**
 * Appends line[0..len) and a newline to the file of name[0..nlen).
 * Returns 0, or -1 with errno set.
 */
int outdir_write(struct outdir *o, const char *name, size_t nlen,
    const char *line, size_t len);

/** The file name (in the directory) name[0..nlen) was given, or NULL. */
const char *outdir_file_name(const struct outdir *o, const char *name,
    size_t nlen);

/** Number of files. */
size_t outdir_count(const struct outdir *o);

/**
 * Flushes and closes every file and renames each to its name.  Returns 0,
 * or -1 with the reason in err (the temporary files are removed).  Frees o.
 */
int outdir_commit(struct outdir *o, char *err, size_t errlen);

/** Removes the temporary files; frees o.  NULL is a no-op. */
void outdir_abort(struct outdir *o);

#endif
