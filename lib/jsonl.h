/*
 * jsonl.h - JSON Lines input and output (jsonlines.org).
 *
 * The reader is linein.h's, one line at a time, zero-copy, of any length (a
 * final line without a newline counts, a CR before the newline is dropped, a
 * UTF-8 byte order mark at the start is skipped), except that
 * white-space-only lines are skipped but counted; each line's number and
 * byte offset are known for messages.  Content is not validated here (see
 * scan.h).
 *
 * The writer buffers output for a file descriptor and can flush after every
 * line; it also writes JSON string literals from arbitrary bytes.
 */
#ifndef CANAL_JSONL_H
#define CANAL_JSONL_H

#include <stddef.h>
#include <stdint.h>

#include "linein.h"

#define JSONL_MAX_LINE ((size_t)1 << 30)	/* default longest line: 1 GiB */
#define JSONL_HEAD_LEN LINEIN_HEAD_LEN	/* kept of a line too long */

enum jsonl_status {
	JSONL_LINE = 1,		/* a line is returned */
	JSONL_EOF = 0,		/* no more lines */
	JSONL_ERROR = -1,	/* read(2) failed: errno in reader.error */
	JSONL_TOO_LONG = -2	/* a line over max_line: its first bytes are
				   returned, the rest was skipped */
};

/* A linein (linein.h) that skips blank lines and names its input. */
struct jsonl_reader {
	struct linein in;
	const char *name;	/* for messages: a path or "<stdin>" */
	uint64_t line_no;	/* number of the line last returned (1-based) */
	uint64_t offset;	/* input offset of the line last returned */
	size_t max_line;	/* longest line; may be lowered after init */
	int error;		/* errno of a failed read */
};

/**
 * Starts reading fd (not owned: the caller closes it) from its current
 * position; name is borrowed for messages.  limit bounds the bytes read
 * (UINT64_MAX for all).  buf_size is the buffer's first size (it grows
 * to the longest line): small for many readers open at once.
 */
void jsonl_reader_init(struct jsonl_reader *r, int fd, const char *name,
    uint64_t limit, size_t buf_size);

/**
 * Returns the next non-blank line in *line and *len (without its CR and
 * newline; borrowed until the next call) and a jsonl_status.  On
 * JSONL_TOO_LONG, *line holds the first JSONL_HEAD_LEN bytes.
 */
enum jsonl_status jsonl_reader_next(struct jsonl_reader *r, const char **line,
    size_t *len);

/** Bytes of input consumed so far (up to the end of the last line). */
uint64_t jsonl_reader_tell(const struct jsonl_reader *r);

void jsonl_reader_free(struct jsonl_reader *r);

/* A growable byte buffer, for text built before it is written. */
struct jsonl_buf {
	char *data;
	size_t len;
	size_t cap;
};

void jsonl_buf_append(struct jsonl_buf *b, const char *p, size_t n);

/**
 * Appends p[0..n) as a JSON string literal with its quotes: control
 * characters escaped, bytes that are not valid UTF-8 replaced by U+FFFD.
 * Returns 1 when anything was replaced, else 0.
 */
int jsonl_buf_string(struct jsonl_buf *b, const char *p, size_t n);

void jsonl_buf_free(struct jsonl_buf *b);

struct jsonl_writer {
	int fd;
	char *buf;
	size_t len;
	size_t cap;
	int line_buffered;
	int error;		/* errno of the first failed write; sticky */
	struct jsonl_buf scratch;	/* for jsonl_writer_string() */
};

/** Starts buffered output to fd (not owned). */
void jsonl_writer_init(struct jsonl_writer *w, int fd, int line_buffered);

/** Appends bytes; returns 0 or -1 (w->error set; later writes do nothing). */
int jsonl_writer_write(struct jsonl_writer *w, const char *p, size_t n);

/** Appends one line: p[0..n) and a newline; flushes when line-buffered. */
int jsonl_writer_line(struct jsonl_writer *w, const char *p, size_t n);

/**
 * Appends p[0..n) as a JSON string literal with its quotes.  Control
 * characters are escaped; bytes that are not valid UTF-8 become U+FFFD.
 * Returns 1 when any byte was replaced, 0 when the text was kept exactly,
 * -1 on a write error.
 */
int jsonl_writer_string(struct jsonl_writer *w, const char *p, size_t n);

/** Appends p[0..n) base64-encoded (RFC 4648) inside quotes. */
int jsonl_writer_base64(struct jsonl_writer *w, const char *p, size_t n);

/** Writes out the buffer; returns 0 or -1 with w->error set. */
int jsonl_writer_flush(struct jsonl_writer *w);

void jsonl_writer_free(struct jsonl_writer *w);

#endif
