/*
 * timeline.h - canal-merge's job: many streams of canonical events become
 * one stream ordered by ts, ties in input order (operand, then line).
 *
 * Phase one reads every input whole, validating each event (event.h) and
 * rejecting invalid ones through diag.  Of a regular file, the longest
 * sorted, valid prefix is left where it is and merged straight from the file
 * later; everything else (the rest of an unsorted file, pipes, standard
 * input) goes to a bounded-memory sort (runsort.h).  Phase two merges the
 * file prefixes and the sorted runs with a heap and writes the lines
 * unchanged, so nothing is written before every input was read.
 */
#ifndef CANAL_TIMELINE_H
#define CANAL_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "jsonl.h"

struct event_view;

/* The bytes seen() may note of an event for emit(). */
#define TIMELINE_NOTE_SIZE 32

/*
 * Optional hooks, for canal-merge's omnichannel pass (stitch.h): seen()
 * for every valid event of phase one; emit() for every event of phase
 * two, which may give a rewritten line instead (borrowed until its next
 * call); rank(), when set, orders the output by (rank, time) instead of
 * time, for --by-customer: the lines emit() gave then go through a second
 * bounded-memory sort before they are written.  A hook returns 0, or -1
 * with errno set to fail the run.
 *
 * seen() is given TIMELINE_NOTE_SIZE zeroed bytes to fill, which emit()
 * gets back for the same event, when the event may be merged straight
 * from its file (the sorted prefix of a regular file; the notes wait in a
 * temporary file meanwhile: notefile.h), else NULL.  emit() may get NULL
 * even so (the notes could not be written or read back): it must give
 * the same output either way, the note only saving it work.
 */
struct timeline_hooks {
	void *ctx;
	int (*seen)(void *ctx, const struct event_view *ev, const char *file,
	    uint64_t line, void *note);
	int (*emit)(void *ctx, int64_t ts, const char *line, size_t len,
	    const void *note, const char **out, size_t *out_len);
	uint64_t (*rank)(void *ctx);
};

struct timeline_options {
	size_t memory;		/* sort budget in bytes */
	int dedupe;		/* drop an id already written at the same ts */
	const char *tmpdir;	/* NULL: $TMPDIR, else /tmp */
	int scan_only;		/* validate and call hooks.seen, keep
				   nothing (canal-merge --links-only) */
	struct timeline_hooks hooks;
};

enum timeline_status {
	TIMELINE_OK = 0,
	TIMELINE_FAILED = -1,	/* I/O error: timeline_error() says what */
	TIMELINE_STOPPED = -2	/* --strict and a record was rejected */
};

struct timeline;

/** d is borrowed: counters and rejects go there. */
struct timeline *timeline_new(const struct timeline_options *opts,
    struct diag *d);

/** Reads one operand whole ("-" is standard input). */
enum timeline_status timeline_add_input(struct timeline *t, const char *path);

/** Merges everything read and writes it to w. */
enum timeline_status timeline_write(struct timeline *t,
    struct jsonl_writer *w);

/**
 * After TIMELINE_FAILED not caused by the writer (whose own error field
 * tells that): what failed, e.g. "a.jsonl: No such file or directory".
 * Borrowed from t.
 */
const char *timeline_error(const struct timeline *t);

void timeline_free(struct timeline *t);

#endif
