/*
 * notefile.h - fixed-size records kept in a nameless temporary file, so
 * that something learnt of every event in one pass can be read back, in
 * the same order, in a later one without memory growing with the input
 * (canal-merge keeps what stitching learnt of each event of a sorted file
 * for the pass that writes it: timeline.h).
 *
 * Records are appended and numbered from 0; any range of them is read
 * back with a cursor, sequentially, through a small buffer of its own.
 * The file is created on the first append under the directory given
 * (NULL: $TMPDIR, else /tmp) and never outlives the process.
 */
#ifndef CANAL_NOTEFILE_H
#define CANAL_NOTEFILE_H

#include <stddef.h>
#include <stdint.h>

struct notefile;

/** Records of size bytes (1..4096). */
struct notefile *notefile_new(size_t size, const char *tmpdir);
void notefile_free(struct notefile *f);

/** Appends one record (size bytes).  Returns 0, or -1 with errno set. */
int notefile_append(struct notefile *f, const void *record);

/** The number of records appended so far. */
uint64_t notefile_count(const struct notefile *f);

/* Reads records first..first+count-1 back; reuse after notefile_cursor_free(). */
struct notefile_cursor {
	struct notefile *f;
	uint64_t next, end;	/* record numbers */
	unsigned char *buf;
	size_t have, pos;	/* records in buf, the next one's index */
};

/**
 * Starts reading count records from record first, the part of that
 * range already appended (none when first is past the end).  Appends after
 * this are not seen by the cursor.
 */
void notefile_cursor_init(struct notefile_cursor *c, struct notefile *f,
    uint64_t first, uint64_t count);

/**
 * The next record in *record (borrowed until the next call): 1, 0 at the
 * end of the range, -1 with errno set when reading failed (EIO when the
 * file is shorter than what was appended).
 */
int notefile_next(struct notefile_cursor *c, const void **record);

void notefile_cursor_free(struct notefile_cursor *c);

#endif
