/*
 * linein.h - lines of text read from a file descriptor and kept exactly,
 * for formats where every line counts (chat exports whose messages run
 * over several lines, empty ones included).  Unlike jsonl.h, which skips
 * blank lines, every line is returned: without its LF and one CR before
 * it, a UTF-8 byte order mark at the very start skipped, a final line
 * without a newline returned and flagged.  Lines may be of any length up
 * to a maximum; over it, the line's head is returned and the rest skipped.
 *
 * A reader can mark a place and rewind to it later, keeping in memory what
 * was read in between (bound it with limit): a format can look at the
 * start of a pipe before it parses it.
 */
#ifndef CANAL_LINEIN_H
#define CANAL_LINEIN_H

#include <stddef.h>
#include <stdint.h>

#define LINEIN_HEAD_LEN 4096	/* bytes kept of a line that is too long */

enum linein_status {
	LINEIN_LINE = 1,	/* a line is returned */
	LINEIN_EOF = 0,		/* no more lines (end of input or limit) */
	LINEIN_ERROR = -1,	/* read(2) failed: errno in error */
	LINEIN_TOO_LONG = -2	/* a line over max_line: its first
				   LINEIN_HEAD_LEN bytes are returned */
};

struct linein {
	int fd;
	char *buf;
	char *head;		/* the kept head of a line too long */
	size_t cap;
	size_t start;		/* first unreturned byte in buf */
	size_t end;		/* end of buffered data */
	size_t scanned;		/* bytes after start known to hold no LF */
	size_t max_line;
	uint64_t line_no;	/* number of the line last returned (1-based) */
	uint64_t offset;	/* input offset of the line last returned */
	uint64_t consumed;	/* input offset of buf[start] */
	uint64_t limit;		/* read no more than this many input bytes;
				   may be raised between calls */
	int newline;		/* the line last returned ended with LF */
	int eof;		/* no more input: its end, or the limit */
	int fd_eof;		/* read(2) has returned 0 */
	int error;		/* errno of a failed read */
	int at_start;		/* BOM not yet checked */
	int marked;		/* linein_mark() is in force */
	int mark_lost;		/* marked bytes were skipped (a long line) */
	size_t mark;		/* buffer offset of the mark */
	uint64_t mark_line_no, mark_consumed;
	int mark_at_start;
};

/**
 * Starts reading fd (borrowed: the caller closes it) from its current
 * position, lines up to max_line bytes, no limit.  Allocates the buffer;
 * never fails (allocation failure ends the program, see util.h).
 */
void linein_init(struct linein *r, int fd, size_t max_line);

/**
 * Returns the next line in *line and *len (borrowed until the next call)
 * and a linein_status; r->line_no and r->offset say where it was,
 * r->newline whether it ended with LF.
 */
enum linein_status linein_next(struct linein *r, const char **line,
    size_t *len);

/**
 * Marks the place after the line last returned; everything read from then
 * on stays in memory until linein_rewind().
 */
void linein_mark(struct linein *r);

/**
 * Returns to the mark: the lines after it are read again, with the same
 * numbers.  Returns 0, or -1 when there is no mark or a line too long
 * was skipped after it (its bytes are gone).  The mark is cleared.
 */
int linein_rewind(struct linein *r);

void linein_free(struct linein *r);

#endif
