/*
 * diag.h - how canal programs speak to their user (DESIGN section 4): the
 * program name, "canal-TOOL: FILE:LINE:COL: message" diagnostics, the
 * record counters and their stats line, and the rejects file.  With cli.h,
 * the only part of lib/ that writes to stderr.
 *
 * Messages name a record's location and what is wrong with it, never the
 * record's values, which may be personal data.
 */
#ifndef CANAL_DIAG_H
#define CANAL_DIAG_H

#include <stddef.h>
#include <stdint.h>

#include "output.h"

struct diag {
	uint64_t read;		/* records read */
	uint64_t wrote;		/* records written */
	uint64_t rejected;	/* records rejected as invalid */
	uint64_t dropped;	/* valid records dropped on purpose */
	int stats;		/* print the stats line even when clean */
	int strict;		/* the first rejected record ends the run */
	int output_cut;		/* the output's reader went away (EPIPE): the
				   stats line says so, the run still ends 0 */
	int rejects_open;
	struct output rejects;
};

/** Sets the program name from argv[0] and an out-of-memory handler. */
void diag_init(const char *argv0);
const char *diag_progname(void);

/** "prog: message" on stderr. */
void diag_warn(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/** "prog: what: strerror(errnum)" on stderr. */
void diag_warn_errno(int errnum, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/** "prog: file:line[:col]: message" on stderr (col 0: none). */
void diag_at(const char *file, uint64_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/**
 * A live progress line on stderr ("prog: text", redrawn in place with a
 * carriage return); diag_progress(NULL) clears it.  Callers only use it when
 * stderr is a terminal.
 */
void diag_progress(const char *text);

/** Opens the --rejects file (atomic).  Returns 0 or -1 with errno. */
int diag_open_rejects(struct diag *d, const char *path);

/**
 * Counts and reports one rejected record: the message on stderr and, with a
 * rejects file, the JSON line {"src":{"file","line"},"reason","raw"} (plus
 * "raw_base64" when raw is not valid UTF-8, "raw_truncated" when raw is only
 * the head of the record).  Returns 0, or -1 when the rejects file cannot be
 * written (errno set).
 */
int diag_reject(struct diag *d, const char *file, uint64_t line, size_t col,
    const char *reason, const char *raw, size_t raw_len, int truncated);

/**
 * Closes the rejects file and prints the stats line when asked or when
 * anything was rejected:
 * "prog: read N, wrote N, rejected N, dropped N", followed by
 * " (output cut: the reader closed the pipe)" when d->output_cut is set,
 * since "wrote" then counts records of which the reader saw only some.
 * Returns 0, or -1 when the rejects file could not be written (reported).
 */
int diag_finish(struct diag *d);

/** Discards the rejects file after a failed run. */
void diag_abort(struct diag *d);

/** The exit status the counters call for: 3 when anything was rejected. */
int diag_exit_status(const struct diag *d);

#endif
