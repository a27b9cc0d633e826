/*
 * linein.c - exact line reading: lines are found with memchr(3) in a
 * buffer that grows only as far as the longest line (or the marked span)
 * needs.
 */
#include "linein.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define LINEIN_BUF_SIZE 65536

void
linein_init(struct linein *r, int fd, size_t max_line)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->max_line = max_line;
	r->limit = UINT64_MAX;
	r->cap = LINEIN_BUF_SIZE;
	r->buf = xmalloc(r->cap);
	r->at_start = 1;
}

void
linein_free(struct linein *r)
{
	free(r->buf);
	free(r->head);
	r->buf = r->head = NULL;
}

/* Reads more input after what is buffered; keeps the unreturned bytes,
   and the marked ones. */
static int
fill(struct linein *r)
{
	size_t keep = r->marked ? r->mark : r->start, room;
	uint64_t left;
	ssize_t n;

	if (keep > 0) {
		memmove(r->buf, r->buf + keep, r->end - keep);
		r->end -= keep;
		r->start -= keep;
		if (r->marked)
			r->mark = 0;
	}
	if (r->end == r->cap) {
		r->cap *= 2;
		r->buf = xrealloc(r->buf, r->cap);
	}
	room = r->cap - r->end;
	left = r->consumed + (r->end - r->start) >= r->limit ? 0 :
	    r->limit - (r->consumed + (r->end - r->start));
	if (left < room)
		room = (size_t)left;
	if (room == 0 || r->fd_eof) {
		r->eof = 1;
		return 0;
	}
	do
		n = read(r->fd, r->buf + r->end, room);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		r->error = errno;
		return -1;
	}
	if (n == 0)
		r->eof = r->fd_eof = 1;
	r->end += (size_t)n;
	return 0;
}

/* Returns the head of a line over max_line and skips the rest of it. */
static enum linein_status
skip_long_line(struct linein *r, const char **line, size_t *len)
{
	size_t keep = r->end - r->start, n;
	char *nl;

	if (keep > LINEIN_HEAD_LEN)
		keep = LINEIN_HEAD_LEN;
	if (r->head == NULL)
		r->head = xmalloc(LINEIN_HEAD_LEN);
	memcpy(r->head, r->buf + r->start, keep);
	if (r->marked) {
		/* What is skipped cannot be read again. */
		r->marked = 0;
		r->mark_lost = 1;
	}
	r->offset = r->consumed;
	r->line_no++;
	r->at_start = 0;
	r->scanned = 0;
	r->newline = 0;
	r->consumed += r->end - r->start;
	r->start = r->end;
	while (!r->eof) {
		if (fill(r) != 0)
			return LINEIN_ERROR;
		nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		if (nl != NULL) {
			n = (size_t)(nl - (r->buf + r->start)) + 1;
			r->consumed += n;
			r->start += n;
			r->newline = 1;
			break;
		}
		r->consumed += r->end - r->start;
		r->start = r->end;
	}
	*line = r->head;
	*len = keep;
	return LINEIN_TOO_LONG;
}

/* A line over max_line of n bytes that is wholly in the buffer. */
static enum linein_status
long_line_at_hand(struct linein *r, size_t n, int newline, const char **line,
    size_t *len)
{
	size_t keep = n < LINEIN_HEAD_LEN ? n : LINEIN_HEAD_LEN;

	if (r->head == NULL)
		r->head = xmalloc(LINEIN_HEAD_LEN);
	memcpy(r->head, r->buf + r->start, keep);
	r->offset = r->consumed;
	r->line_no++;
	r->at_start = 0;
	r->scanned = 0;
	r->newline = newline;
	r->consumed += n + (size_t)newline;
	r->start += n + (size_t)newline;
	*line = r->head;
	*len = keep;
	return LINEIN_TOO_LONG;
}

enum linein_status
linein_next(struct linein *r, const char **line, size_t *len)
{
	char *p, *nl;
	size_t n, avail;

	/* The limit may have been raised since the last call. */
	r->eof = r->fd_eof || r->consumed + (r->end - r->start) >= r->limit;
	for (;;) {
		avail = r->end - r->start;
		nl = memchr(r->buf + r->start + r->scanned, '\n',
		    avail - r->scanned);
		if (nl != NULL)
			break;
		r->scanned = avail;
		if (avail > r->max_line)
			return skip_long_line(r, line, len);
		if (r->eof) {
			if (avail == 0)
				return LINEIN_EOF;
			break;
		}
		if (fill(r) != 0)
			return LINEIN_ERROR;
	}
	p = r->buf + r->start;
	n = nl != NULL ? (size_t)(nl - p) : avail;
	if (n > r->max_line)
		return long_line_at_hand(r, n, nl != NULL, line, len);
	r->offset = r->consumed;
	r->line_no++;
	r->newline = nl != NULL;
	r->consumed += n + (nl != NULL);
	r->start += n + (nl != NULL);
	r->scanned = 0;
	if (r->at_start) {
		r->at_start = 0;
		if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
			p += 3;
			n -= 3;
		}
	}
	if (n > 0 && p[n - 1] == '\r')
		n--;
	*line = p;
	*len = n;
	return LINEIN_LINE;
}

void
linein_mark(struct linein *r)
{
	r->marked = 1;
	r->mark_lost = 0;
	r->mark = r->start;
	r->mark_line_no = r->line_no;
	r->mark_consumed = r->consumed;
	r->mark_at_start = r->at_start;
}

int
linein_rewind(struct linein *r)
{
	if (!r->marked) {
		r->mark_lost = 0;
		return -1;
	}
	r->marked = 0;
	r->start = r->mark;
	r->scanned = 0;
	r->line_no = r->mark_line_no;
	r->consumed = r->mark_consumed;
	r->at_start = r->mark_at_start;
	r->eof = r->fd_eof;
	return 0;
}
