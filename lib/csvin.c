/*
 * csvin.c - records from libcsv, fed one input line at a time so that each
 * record's first line and raw bytes are known.
 */
#include "csvin.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define CSV_OPTIONS (CSV_STRICT | CSV_STRICT_FINI)

static int
no_space(unsigned char ch)
{
	(void)ch;
	return 0;
}

static void
setup_parser(struct csvin *c)
{
	csv_set_delim(&c->parser, c->delimiter);
	csv_set_quote(&c->parser, c->quote);
	csv_set_space_func(&c->parser, no_space);
	/* libcsv grows a field by this much at a time: its default of 128
	   bytes makes a 50 MB field cost 400,000 reallocations. */
	csv_set_blk_size(&c->parser, (size_t)1 << 20);
}

int
csvin_init(struct csvin *c, int fd, unsigned char delimiter,
    unsigned char quote)
{
	memset(c, 0, sizeof(*c));
	if (csv_init(&c->parser, CSV_OPTIONS) != 0)
		return -1;
	c->delimiter = delimiter;
	c->quote = quote;
	setup_parser(c);
	c->fd = fd;
	c->cap = 1 << 16;
	c->buf = xmalloc(c->cap);
	c->at_start = 1;
	c->max_record = CSVIN_MAX_RECORD;
	return 0;
}

void
csvin_free(struct csvin *c)
{
	csv_free(&c->parser);
	free(c->buf);
	jsonl_buf_free(&c->data);
	jsonl_buf_free(&c->raw);
	free(c->field_off);
	free(c->field_len);
	free(c->record_end);
	free(c->fields);
	free(c->lens);
}

static void
on_field(void *field, size_t len, void *ctx)
{
	struct csvin *c = ctx;

	if (c->nfields == c->fields_cap) {
		c->fields_cap = c->fields_cap ? 2 * c->fields_cap : 32;
		c->field_off = xreallocarray(c->field_off, c->fields_cap,
		    sizeof(*c->field_off));
		c->field_len = xreallocarray(c->field_len, c->fields_cap,
		    sizeof(*c->field_len));
	}
	c->field_len[c->nfields] = len;
	c->field_off[c->nfields++] = c->data.len;
	jsonl_buf_append(&c->data, field != NULL ? field : "", len);
	jsonl_buf_append(&c->data, "", 1);
}

static void
on_record(int terminator, void *ctx)
{
	struct csvin *c = ctx;

	(void)terminator;
	if (c->nrecords == c->records_cap) {
		c->records_cap = c->records_cap ? 2 * c->records_cap : 4;
		c->record_end = xreallocarray(c->record_end, c->records_cap,
		    sizeof(*c->record_end));
	}
	c->record_end[c->nrecords++] = c->nfields;
	c->pending = 0;
}

static int read_more(struct csvin *c);

/*
 * Drops a line longer than a record may be, up to and including its
 * newline, without holding it: memory stays bounded whatever the input.
 */
static int
skip_long_line(struct csvin *c)
{
	char *nl;

	for (;;) {
		nl = memchr(c->buf + c->start, '\n', c->end - c->start);
		if (nl != NULL) {
			c->bytes += (size_t)(nl + 1 - (c->buf + c->start));
			c->start = (size_t)(nl + 1 - c->buf);
			break;
		}
		c->bytes += c->end - c->start;
		c->start = c->end = 0;
		if (c->eof)
			break;
		if (read_more(c) != 0)
			return -1;
	}
	c->line_no++;
	return -2;
}

/* Reads into the free end of the buffer; sets eof at the end. */
static int
read_more(struct csvin *c)
{
	ssize_t n;

	do
		n = read(c->fd, c->buf + c->end, c->cap - c->end);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		c->errnum = errno;
		return -1;
	}
	if (n == 0)
		c->eof = 1;
	c->end += (size_t)n;
	return 0;
}

/*
 * The next raw line, with its newline; 0 at the end, -1 on error, -2 when
 * a line too long was skipped.
 */
static int
next_line(struct csvin *c, const char **line, size_t *len)
{
	char *nl;

	for (;;) {
		nl = memchr(c->buf + c->start, '\n', c->end - c->start);
		if (nl != NULL || (c->eof && c->end > c->start)) {
			*line = c->buf + c->start;
			*len = nl != NULL ? (size_t)(nl + 1 - *line) :
			    c->end - c->start;
			c->start += *len;
			c->bytes += *len;
			c->line_no++;
			return *len > c->max_record ? -2 : 1;
		}
		if (c->eof)
			return 0;
		if (c->end - c->start > c->max_record)
			return skip_long_line(c);
		if (c->start > 0) {
			memmove(c->buf, c->buf + c->start, c->end - c->start);
			c->end -= c->start;
			c->start = 0;
		}
		if (c->end == c->cap) {
			c->cap *= 2;
			c->buf = xrealloc(c->buf, c->cap);
		}
		if (read_more(c) != 0)
			return -1;
	}
}

/* Forgets the completed records and fields once they were all returned. */
static void
reset_records(struct csvin *c)
{
	c->nrecords = c->next_record = 0;
	c->nfields = 0;
	c->data.len = 0;
}

/* Starts over after a malformed record. */
static enum csvin_status
bad_record(struct csvin *c, const char *reason)
{
	csv_free(&c->parser);
	csv_init(&c->parser, CSV_OPTIONS);
	setup_parser(c);
	reset_records(c);
	c->pending = 0;
	c->reason = reason;
	return CSVIN_BAD;
}

/* Points fields/lens at the next completed record. */
static enum csvin_status
take_record(struct csvin *c)
{
	size_t first = c->next_record > 0 ? c->record_end[c->next_record - 1] : 0;
	size_t last = c->record_end[c->next_record++], i;

	c->count = last - first;
	c->fields = xreallocarray(c->fields, c->count + 1, sizeof(*c->fields));
	c->lens = xreallocarray(c->lens, c->count + 1, sizeof(*c->lens));
	for (i = 0; i < c->count; i++) {
		c->fields[i] = c->data.data + c->field_off[first + i];
		c->lens[i] = c->field_len[first + i];
	}
	return CSVIN_RECORD;
}

static int
is_blank_line(const char *p, size_t n)
{
	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	return n == 0;
}

enum csvin_status
csvin_next(struct csvin *c)
{
	const char *line;
	size_t len;
	int got;

	if (c->next_record < c->nrecords)
		return take_record(c);
	reset_records(c);
	for (;;) {
		if ((got = next_line(c, &line, &len)) == -2) {
			if (!c->pending) {
				c->record_line = c->line_no;
				c->raw.len = 0;
			}
			return bad_record(c,
			    "record longer than 1 GiB (an unterminated quote?)");
		}
		if (got < 0)
			return CSVIN_ERROR;
		if (got == 0) {
			if (csv_fini(&c->parser, on_field, on_record, c) != 0)
				return bad_record(c, "unterminated quoted field");
			if (c->nrecords > 0)
				return take_record(c);
			return CSVIN_EOF;
		}
		if (c->at_start) {
			c->at_start = 0;
			if (len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
				line += 3;
				len -= 3;
			}
		}
		if (!c->pending) {
			if (is_blank_line(line, len))
				continue;
			c->pending = 1;
			c->record_line = c->line_no;
			c->raw.len = 0;
		}
		jsonl_buf_append(&c->raw, line, len);
		if (csv_parse(&c->parser, line, len, on_field, on_record, c) !=
		    len)
			return bad_record(c, "malformed quoting");
		/* Fields embed the newlines the raw text has; a field cannot
		   hold a NUL, which libcsv would pass through. */
		if (memchr(line, '\0', len) != NULL)
			return bad_record(c, "NUL byte");
		if (c->nrecords > 0)
			return take_record(c);
		if (c->raw.len > c->max_record)
			return bad_record(c,
			    "record longer than 1 GiB (an unterminated quote?)");
	}
}
