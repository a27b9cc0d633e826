/*
 * runsort.h - sorting records that may not fit in memory (an external merge
 * sort).  Records are held in memory up to a byte budget; beyond it they are
 * sorted and spilled as a run to a temporary file under TMPDIR that has no
 * name (O_TMPFILE, or unlinked at once), so no run outlives the process,
 * whatever ends it.  At the end the runs are offered as kmerge sources.
 */
#ifndef CANAL_RUNSORT_H
#define CANAL_RUNSORT_H

#include <stddef.h>
#include <stdint.h>

#include "kmerge.h"

struct runsort;

/**
 * Opens a nameless temporary file for reading and writing under dir (NULL:
 * $TMPDIR, else /tmp): O_TMPFILE, or a file unlinked at once, so that it
 * never outlives the process.  Returns the descriptor, or -1 with errno.
 */
int runsort_temp_file(const char *dir);

/**
 * The directory runsort_temp_file(dir) uses: dir, else $TMPDIR when set and
 * not empty, else /tmp (for error messages that name it).
 */
const char *runsort_temp_dir(const char *dir);

/**
 * A sorter that holds about memory bytes of records (records, their keys
 * and bookkeeping) before spilling under tmpdir (NULL: $TMPDIR, else /tmp).
 */
struct runsort *runsort_new(size_t memory, const char *tmpdir);

/**
 * Adds a record (copied).  Returns 0, or -1 with errno set when a run could
 * not be written (e.g. ENOSPC).
 */
int runsort_add(struct runsort *s, const struct kmerge_key *key,
    const char *data, size_t len);

/**
 * At most n runs open at once (3 at least) before they are merged: for a
 * caller that keeps two sorts open together.
 */
void runsort_limit_runs(struct runsort *s, size_t n);

/** Records added so far. */
uint64_t runsort_count(const struct runsort *s);

/**
 * Ends the input: sorts what is held (it stays in memory as one stream), and
 * merges spilled runs until at most max_streams streams remain (3 at
 * least).  Then *sources holds *count sources (owned by s) to merge with
 * kmerge.  Returns 0, or -1 with errno set.
 */
int runsort_finish(struct runsort *s, size_t max_streams,
    struct kmerge_source **sources, size_t *count);

/** Runs spilled so far (for statistics and tests). */
size_t runsort_runs_spilled(const struct runsort *s);

void runsort_free(struct runsort *s);

#endif
