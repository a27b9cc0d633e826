/*
 * jsonl.c - JSON Lines reading and buffered writing.  Lines are found with
 * memchr(3) in a buffer that grows only as far as the longest line needs.
 */
#include "jsonl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scan.h"
#include "util.h"

void
jsonl_reader_init(struct jsonl_reader *r, int fd, const char *name,
    uint64_t limit, size_t buf_size)
{
	memset(r, 0, sizeof(*r));
	linein_init(&r->in, fd, JSONL_MAX_LINE);
	r->in.limit = limit;
	/* Nothing is read yet: the buffer can take the size asked for. */
	r->in.cap = buf_size < 16 ? 16 : buf_size;
	r->in.buf = xrealloc(r->in.buf, r->in.cap);
	r->name = name;
	r->max_line = JSONL_MAX_LINE;
}

void
jsonl_reader_free(struct jsonl_reader *r)
{
	linein_free(&r->in);
}

uint64_t
jsonl_reader_tell(const struct jsonl_reader *r)
{
	return r->in.consumed;
}

static int
is_blank(const char *p, size_t n)
{
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return n == 0;
}

enum jsonl_status
jsonl_reader_next(struct jsonl_reader *r, const char **line, size_t *len)
{
	enum linein_status st;

	r->in.max_line = r->max_line;
	for (;;) {
		st = linein_next(&r->in, line, len);
		r->line_no = r->in.line_no;
		r->offset = r->in.offset;
		switch (st) {
		case LINEIN_EOF:
			return JSONL_EOF;
		case LINEIN_ERROR:
			r->error = r->in.error;
			return JSONL_ERROR;
		case LINEIN_TOO_LONG:
			return JSONL_TOO_LONG;
		case LINEIN_LINE:
			if (!is_blank(*line, *len))
				return JSONL_LINE;
			break;
		}
	}
}

void
jsonl_writer_init(struct jsonl_writer *w, int fd, int line_buffered)
{
	memset(w, 0, sizeof(*w));
	w->fd = fd;
	w->line_buffered = line_buffered;
	w->cap = 1 << 16;
	w->buf = xmalloc(w->cap);
}

void
jsonl_writer_free(struct jsonl_writer *w)
{
	free(w->buf);
	w->buf = NULL;
	jsonl_buf_free(&w->scratch);
}

static int
write_all(struct jsonl_writer *w, const char *p, size_t n)
{
	ssize_t k;

	while (n > 0) {
		k = write(w->fd, p, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			w->error = errno;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

int
jsonl_writer_flush(struct jsonl_writer *w)
{
	if (w->error != 0)
		return -1;
	if (w->len > 0 && write_all(w, w->buf, w->len) != 0)
		return -1;
	w->len = 0;
	return 0;
}

int
jsonl_writer_write(struct jsonl_writer *w, const char *p, size_t n)
{
	if (w->error != 0)
		return -1;
	if (n > w->cap - w->len) {
		if (jsonl_writer_flush(w) != 0)
			return -1;
		if (n >= w->cap)
			return write_all(w, p, n);
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
	return 0;
}

int
jsonl_writer_line(struct jsonl_writer *w, const char *p, size_t n)
{
	if (jsonl_writer_write(w, p, n) != 0 ||
	    jsonl_writer_write(w, "\n", 1) != 0)
		return -1;
	return w->line_buffered ? jsonl_writer_flush(w) : 0;
}

void
jsonl_buf_append(struct jsonl_buf *b, const char *p, size_t n)
{
	if (n == 0)
		return;		/* p may be NULL then; memcpy must not see it */
	if (n > b->cap - b->len) {
		b->cap = b->cap ? b->cap : 256;
		while (n > b->cap - b->len)
			b->cap *= 2;
		b->data = xrealloc(b->data, b->cap);
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void
jsonl_buf_free(struct jsonl_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Makes room for n more bytes. */
static void
reserve(struct jsonl_buf *b, size_t n)
{
	if (n > b->cap - b->len) {
		b->cap = b->cap ? b->cap : 256;
		while (n > b->cap - b->len)
			b->cap *= 2;
		b->data = xrealloc(b->data, b->cap);
	}
}

/* The length of the UTF-8 sequence a lead byte announces, 0 if none. */
static size_t
sequence_length(unsigned char lead)
{
	if (lead >= 0xc2 && lead <= 0xdf)
		return 2;
	if (lead >= 0xe0 && lead <= 0xef)
		return 3;
	if (lead >= 0xf0 && lead <= 0xf4)
		return 4;
	return 0;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/*
 * The index of the first byte at or after i that JSON cannot take bare or
 * that starts a UTF-8 sequence, eight bytes at a time (SWAR): a word is
 * plain when it has no quote, backslash, control byte or byte >= 0x80.
 */
static size_t
skip_plain(const unsigned char *s, size_t i, size_t n)
{
	uint64_t w, q, b;

	while (n - i >= 8) {
		memcpy(&w, s + i, 8);
		q = w ^ (ONES * '"');
		b = w ^ (ONES * '\\');
		if ((((q - ONES) & ~q) | ((b - ONES) & ~b) |
		    (w - ONES * 0x20) | w) & HIGHS)
			break;
		i += 8;
	}
	while (i < n && s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' &&
	    s[i] != '\\')
		i++;
	return i;
}

/* Appends the escape of ASCII byte ch, which JSON does not take bare. */
static void
append_escape(struct jsonl_buf *b, unsigned char ch)
{
	static const char hex[] = "0123456789abcdef";
	char esc[6] = { '\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15] };

	switch (ch) {
	case '"': jsonl_buf_append(b, "\\\"", 2); return;
	case '\\': jsonl_buf_append(b, "\\\\", 2); return;
	case '\n': jsonl_buf_append(b, "\\n", 2); return;
	case '\r': jsonl_buf_append(b, "\\r", 2); return;
	case '\t': jsonl_buf_append(b, "\\t", 2); return;
	case '\b': jsonl_buf_append(b, "\\b", 2); return;
	case '\f': jsonl_buf_append(b, "\\f", 2); return;
	default: jsonl_buf_append(b, esc, 6); return;
	}
}

int
jsonl_buf_string(struct jsonl_buf *b, const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, run = 0, k;
	int replaced = 0;

	/* Plain text, the usual case, is copied in runs: one check of room
	   for the whole string, escapes and repairs growing it as needed. */
	reserve(b, n + 2);
	b->data[b->len++] = '"';
	while (i < n) {
		if (s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' && s[i] != '\\') {
			i = skip_plain(s, i + 1, n);
			continue;
		}
		jsonl_buf_append(b, p + run, i - run);
		if (s[i] < 0x80) {
			append_escape(b, s[i]);
			i++;
		} else if ((k = sequence_length(s[i])) != 0 && n - i >= k &&
		    scan_utf8_valid_prefix(p + i, k) == k) {
			jsonl_buf_append(b, p + i, k);
			i += k;
		} else {
			jsonl_buf_append(b, "\xef\xbf\xbd", 3);
			replaced = 1;
			i++;
		}
		run = i;
	}
	jsonl_buf_append(b, p + run, n - run);
	jsonl_buf_append(b, "\"", 1);
	return replaced;
}

int
jsonl_writer_string(struct jsonl_writer *w, const char *p, size_t n)
{
	int replaced;

	w->scratch.len = 0;
	replaced = jsonl_buf_string(&w->scratch, p, n);
	if (jsonl_writer_write(w, w->scratch.data, w->scratch.len) != 0)
		return -1;
	return replaced;
}

int
jsonl_writer_base64(struct jsonl_writer *w, const char *p, size_t n)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *s = (const unsigned char *)p;
	char out[4096];
	size_t o = 0;
	unsigned long v;

	if (jsonl_writer_write(w, "\"", 1) != 0)
		return -1;
	for (; n >= 3; n -= 3, s += 3) {
		v = (unsigned long)s[0] << 16 | (unsigned long)s[1] << 8 | s[2];
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = alphabet[(v >> 6) & 63];
		out[o++] = alphabet[v & 63];
		if (o == sizeof(out)) {
			if (jsonl_writer_write(w, out, o) != 0)
				return -1;
			o = 0;
		}
	}
	if (n > 0) {
		v = (unsigned long)s[0] << 16 | (n == 2 ? (unsigned long)s[1] << 8 : 0);
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = n == 2 ? alphabet[(v >> 6) & 63] : '=';
		out[o++] = '=';
	}
	if (jsonl_writer_write(w, out, o) != 0)
		return -1;
	return jsonl_writer_write(w, "\"", 1);
}
