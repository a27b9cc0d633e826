/*
 * ingest.h - what canal-ingest's format readers share: the options, the
 * input being read, and the sink each record goes to (output, rejects,
 * counters, progress).  One reader per export format lives in
 * lib/formats/NAME.c; the table of them is here, used by canal-ingest for
 * -f, --list-formats and format detection.
 *
 * A reader parses syntax only (no time zones, no identities, no channel):
 * one flat JSON object per source record with the source's own field names
 * (record.h), then ingest_emit().  A record it cannot parse goes to
 * ingest_reject(); reading goes on with the next one.
 */
#ifndef CANAL_INGEST_H
#define CANAL_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "jsonl.h"
#include "record.h"

enum ingest_date_order { DATE_ORDER_AUTO, DATE_ORDER_DMY, DATE_ORDER_MDY,
    DATE_ORDER_YMD };

struct ingest_options {
	const char *format;		/* -f NAME, NULL or "auto": detect */
	enum ingest_date_order date_order;	/* whatsapp */
	long body_chars;		/* mbox: --body N (default 200, 0 none) */
	const char *columns;		/* csv: --columns a,b,c (no header) */
	char delimiter;			/* csv: --delimiter (default ',') */
	char quote;			/* csv: --quote (default '"') */
	int no_header;			/* csv: --no-header: columns 1, 2... */
	const char *path;		/* json: --path a.b to the record array */
	const char *pattern;		/* regex: --pattern */
	const char *pattern_file;	/* regex: --pattern-file */
	const char *continuation;	/* regex: --continuation */
	int verbose;			/* -v */
	int progress;			/* --progress (when stderr is a tty) */
};

/* Counters and outputs shared by every input of one run. */
struct ingest_sink {
	struct jsonl_writer *out;
	struct diag *diag;
	uint64_t bytes_done;		/* of inputs finished, for progress */
	uint64_t bytes_total;		/* of all regular-file inputs, or 0 */
	int progress;
	double started;			/* monotonic seconds */
	double last_progress;
};

/* One input being read by a format reader. */
struct ingest_input {
	int fd;				/* open for reading; not the reader's */
	const char *path;		/* as given, "-" for stdin */
	const char *name;		/* for messages and src.file */
	const char *format;		/* the reader's name, for src.format */
	const struct ingest_options *opts;
	struct ingest_sink *sink;
	struct record rec;		/* the reader's record under construction */
	uint64_t index;			/* records emitted or rejected so far */
	uint64_t bytes_read;		/* for progress; readers update it */
	char error[256];		/* the reader's failure, with errno */
};

enum ingest_status {
	INGEST_OK = 0,
	INGEST_FAILED = -1,	/* I/O or setup failure: in->error says what */
	INGEST_STOPPED = -2	/* --strict and a record was rejected */
};

struct ingest_format {
	const char *name;
	const char *summary;		/* one line for --list-formats */
	/**
	 * How sure the reader is that a file is its format, 0 (not at all)
	 * to 100, from its name and first bytes (head[0..n), n up to 64 KiB).
	 */
	int (*sniff)(const char *name, const char *head, size_t n,
	    const struct ingest_options *opts);
	/** Reads the whole input. */
	enum ingest_status (*read)(struct ingest_input *in);
};

/** Every format, in the order --list-formats shows; NULL-terminated. */
extern const struct ingest_format *const ingest_formats[];

/** The format called name, or NULL. */
const struct ingest_format *ingest_format_find(const char *name);

/**
 * The format of a file from its name and first bytes, or NULL when no
 * reader is sure enough (a score of at least 50, and above every other).
 */
const struct ingest_format *ingest_format_detect(const char *name,
    const char *head, size_t n, const struct ingest_options *opts);

/**
 * Writes in->rec, ended with its provenance (line or byte offset), and
 * counts it.  A record holding invalid UTF-8 is rejected instead, with the
 * raw bytes given.  Returns INGEST_OK, INGEST_STOPPED, or INGEST_FAILED
 * when the output cannot be written (in->error set).
 */
enum ingest_status ingest_emit(struct ingest_input *in, uint64_t position,
    int offset_not_line, const char *raw, size_t raw_len);

/**
 * Counts and reports a record that cannot be parsed (diag_reject()).
 * Returns INGEST_OK to go on, INGEST_STOPPED with --strict, INGEST_FAILED
 * when the rejects file cannot be written.
 */
enum ingest_status ingest_reject(struct ingest_input *in, uint64_t line,
    size_t col, const char *reason, const char *raw, size_t raw_len);

/**
 * ingest_reject() for a record of which raw is only the head (truncated
 * set): the rejects file says "raw_truncated".
 */
enum ingest_status ingest_reject_head(struct ingest_input *in, uint64_t line,
    size_t col, const char *reason, const char *raw, size_t raw_len,
    int truncated);

/** Sets in->error to "NAME: strerror(errnum)" and returns INGEST_FAILED. */
enum ingest_status ingest_fail(struct ingest_input *in, int errnum);

/** Sets in->error to "NAME: message" and returns INGEST_FAILED. */
enum ingest_status ingest_fail_msg(struct ingest_input *in, const char *msg);

/**
 * Reads the whole input into memory (for whole-document formats), but
 * stops after max + 1 bytes: *len > max then says the input is too large,
 * and a pipe cannot make memory grow without bound.  *data is the
 * caller's to free.
 */
enum ingest_status ingest_slurp(struct ingest_input *in, char **data,
    size_t *len, size_t max);

/* For sniffers: file names and first bytes. */

/** Whether name ends with suffix, ignoring case (".csv" in "A.CSV"). */
int ingest_name_ends(const char *name, const char *suffix);

/** Whether the last component of name is base, ignoring case. */
int ingest_name_is(const char *name, const char *base);

/** Whether head[0..n) holds the text s. */
int ingest_head_has(const char *head, size_t n, const char *s);

/** Prints the progress line when due (at most 4 times a second). */
void ingest_progress(struct ingest_input *in);

#endif
