/*
 * mailtext.c - mail header and body text to UTF-8: RFC 5322 unfolding,
 * RFC 2047 encoded words, MIME charsets (GMime's aliases over iconv, the
 * WHATWG windows-1252 reading of US-ASCII and ISO-8859-1), the RFC 4155
 * From_ line and mboxrd unescaping.  See mailtext.h.
 */
#include "mailtext.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "scan.h"
#include "util.h"

#define CHARSET_MAX 64

/* Makes room for n more bytes at the end of b. */
static void
buf_reserve(struct jsonl_buf *b, size_t n)
{
	size_t cap;

	if (b->cap - b->len >= n)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap - b->len < n)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

static void
buf_byte(struct jsonl_buf *b, char c)
{
	jsonl_buf_append(b, &c, 1);
}

static int
is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

void
mailtext_init(void)
{
	static int ready;

	if (!ready) {
		g_mime_init();
		ready = 1;
	}
}

/* ---- charsets ---- */

/* windows-1252 0x80-0x9F as the WHATWG Encoding Standard maps them (the
   five holes become the C1 controls of the same value). */
static const unsigned short cp1252_high[32] = {
	0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
	0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178
};

static void
put_utf8(struct jsonl_buf *out, unsigned cp)
{
	char b[3];

	if (cp < 0x80) {
		buf_byte(out, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		jsonl_buf_append(out, b, 2);
	} else {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		jsonl_buf_append(out, b, 3);
	}
}

static void
from_cp1252(struct jsonl_buf *out, const char *in, size_t len)
{
	size_t i, start = 0;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)in[i];
		if (c < 0x80)
			continue;
		jsonl_buf_append(out, in + start, i - start);
		put_utf8(out, c < 0xa0 ? cp1252_high[c - 0x80] : c);
		start = i + 1;
	}
	jsonl_buf_append(out, in + start, len - start);
}

/*
 * The length of the valid UTF-8 prefix of in[0..len), counting an
 * incomplete character at the very end as valid when the text was cut
 * there (its bytes are then left out: *keep is the length to use).
 */
static int
utf8_check(const char *in, size_t len, int cut, size_t *keep)
{
	size_t p = scan_utf8_valid_prefix(in, len), need, i;
	unsigned char c;

	*keep = p;
	if (p == len)
		return 1;
	if (!cut || len - p >= 4)
		return 0;
	c = (unsigned char)in[p];
	need = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 :
	    c >= 0xc2 && c < 0xe0 ? 2 : 0;
	if (need == 0 || len - p >= need)
		return 0;
	for (i = p + 1; i < len; i++)
		if (((unsigned char)in[i] & 0xc0) != 0x80)
			return 0;
	return 1;
}

static int
label_in(const char *label, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcasecmp(label, *list) == 0)
			return 1;
	return 0;
}

static const char *const ascii_labels[] = {
	"us-ascii", "ascii", "ansi_x3.4-1968", "us", "iso646-us", "cp367",
	"ibm367", "csascii", NULL
};

static const char *const latin1_labels[] = {
	"iso-8859-1", "iso8859-1", "iso_8859-1", "iso88591", "latin1", "l1",
	"cp819", "ibm819", "iso-ir-100", "csisolatin1", "windows-1252",
	"cp1252", "x-cp1252", NULL
};

static const char *const utf8_labels[] = {
	"utf-8", "utf8", "unicode-1-1-utf-8", NULL
};

/* Labels that say the charset is not known (GMime would guess the
   locale's for x-unknown). */
static const char *const unknown_labels[] = {
	"x-unknown", "unknown-8bit", "unknown", "x-user-defined", NULL
};

static enum mailtext_status
via_iconv(struct jsonl_buf *out, const char *charset, const char *in,
    size_t len, int cut)
{
	enum mailtext_status st = MAILTEXT_OK;
	char *inp = (char *)in, *outp;
	size_t inleft = len, outleft, before;
	iconv_t cd;

	mailtext_init();
	if (label_in(charset, unknown_labels) ||
	    (cd = g_mime_iconv_open("UTF-8", charset)) == (iconv_t)-1)
		return MAILTEXT_UNKNOWN_CHARSET;
	for (;;) {
		buf_reserve(out, inleft * 2 + 16);
		outp = out->data + out->len;
		outleft = before = out->cap - out->len;
		if (inleft == 0) {
			/* Stateful charsets (ISO-2022) may close a shift. */
			iconv(cd, NULL, NULL, &outp, &outleft);
			out->len += before - outleft;
			break;
		}
		if (iconv(cd, &inp, &inleft, &outp, &outleft) != (size_t)-1) {
			out->len += before - outleft;
			continue;
		}
		out->len += before - outleft;
		if (errno == E2BIG)
			continue;
		if (errno != EINVAL || !cut)
			st = MAILTEXT_BAD_CHARSET;
		break;
	}
	g_mime_iconv_close(cd);
	return st;
}

enum mailtext_status
mailtext_to_utf8(struct jsonl_buf *out, const char *charset, const char *in,
    size_t len, int cut)
{
	size_t keep;
	int ok;

	if (charset == NULL || *charset == '\0' ||
	    label_in(charset, ascii_labels)) {
		if (utf8_check(in, len, cut, &keep)) {
			jsonl_buf_append(out, in, keep);
			return MAILTEXT_OK;
		}
		from_cp1252(out, in, len);
		return MAILTEXT_OK;
	}
	if (label_in(charset, latin1_labels)) {
		from_cp1252(out, in, len);
		return MAILTEXT_OK;
	}
	if (label_in(charset, utf8_labels)) {
		ok = utf8_check(in, len, cut, &keep);
		jsonl_buf_append(out, in, keep);
		return ok ? MAILTEXT_OK : MAILTEXT_BAD_CHARSET;
	}
	return via_iconv(out, charset, in, len, cut);
}

const char *
mailtext_strerror(enum mailtext_status st)
{
	switch (st) {
	case MAILTEXT_OK:
		return "no error";
	case MAILTEXT_BAD_UTF8:
		return "8-bit text that is not UTF-8 and names no charset";
	case MAILTEXT_UNKNOWN_CHARSET:
		return "unknown charset";
	case MAILTEXT_BAD_CHARSET:
		return "text not valid in its charset";
	}
	return "unknown error";
}

/* ---- RFC 2047 encoded words ---- */

struct word {
	char charset[CHARSET_MAX];
	size_t len;			/* of the whole =?...?= */
};

static int
b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static int
hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Base64 (RFC 2047 4.1): padding optional, anything else invalid. */
static int
decode_b(const char *p, size_t n, struct jsonl_buf *out)
{
	unsigned bits = 0;
	int nbits = 0, v;
	size_t i;

	while (n > 0 && p[n - 1] == '=')
		n--;
	for (i = 0; i < n; i++) {
		if ((v = b64_value((unsigned char)p[i])) < 0)
			return -1;
		bits = (bits << 6) | (unsigned)v;
		nbits += 6;
		if (nbits >= 8) {
			nbits -= 8;
			buf_byte(out, (char)((bits >> nbits) & 0xff));
		}
	}
	return 0;
}

/* Q (RFC 2047 4.2): '_' is a space, =XX a byte. */
static int
decode_q(const char *p, size_t n, struct jsonl_buf *out)
{
	int hi, lo;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '_') {
			buf_byte(out, ' ');
		} else if (p[i] == '=') {
			if (i + 2 >= n)
				return -1;
			if ((hi = hex_value((unsigned char)p[i + 1])) < 0 ||
			    (lo = hex_value((unsigned char)p[i + 2])) < 0)
				return -1;
			buf_byte(out, (char)(hi << 4 | lo));
			i += 2;
		} else {
			buf_byte(out, p[i]);
		}
	}
	return 0;
}

/*
 * Parses the encoded word at s[0..n) ("=?charset[*lang]?B|Q?text?=") and
 * appends its bytes to out.  Returns 0, or -1 (out unchanged) when s does
 * not start with a well-formed word.
 */
static int
parse_word(const char *s, size_t n, struct word *w, struct jsonl_buf *out)
{
	size_t i = 2, cs, text, before = out->len, cslen;
	char enc;
	int r;

	if (n < 8 || s[0] != '=' || s[1] != '?')
		return -1;
	cs = i;
	while (i < n && s[i] != '?' && !is_wsp(s[i]))
		i++;
	if (i == cs || i + 3 > n || s[i] != '?' || s[i + 2] != '?')
		return -1;
	cslen = i - cs;
	if (memchr(s + cs, '*', cslen) != NULL)	/* RFC 2231 language */
		cslen = (size_t)((const char *)memchr(s + cs, '*', cslen) -
		    (s + cs));
	if (cslen == 0 || cslen >= sizeof(w->charset))
		return -1;
	enc = (char)(s[i + 1] | 0x20);
	if (enc != 'b' && enc != 'q')
		return -1;
	text = i += 3;
	while (i < n && s[i] != '?' && !is_wsp(s[i]))
		i++;
	if (i + 1 >= n || s[i] != '?' || s[i + 1] != '=')
		return -1;
	r = enc == 'b' ? decode_b(s + text, i - text, out) :
	    decode_q(s + text, i - text, out);
	if (r != 0) {
		out->len = before;
		return -1;
	}
	memcpy(w->charset, s + cs, cslen);
	w->charset[cslen] = '\0';
	w->len = i + 2;
	return 0;
}

struct decoder {
	struct jsonl_buf *out;
	enum mailtext_mode mode;
	struct jsonl_buf run;		/* bytes of adjacent words in one
					   charset */
	char charset[CHARSET_MAX];	/* of run */
	struct jsonl_buf words;		/* UTF-8 of adjacent encoded words */
	int in_words;
	int in_quote;			/* ADDRESS: inside a quoted-string */
};

static enum mailtext_status
flush_run(struct decoder *d)
{
	enum mailtext_status st = MAILTEXT_OK;

	if (d->run.len > 0 || d->charset[0] != '\0')
		st = mailtext_to_utf8(&d->words, d->charset, d->run.data,
		    d->run.len, 0);
	d->run.len = 0;
	d->charset[0] = '\0';
	return st;
}

/* In an address list, decoded text holding specials is quoted so that it
   stays one display name (RFC 5322 3.2.3, 3.4). */
static int
needs_quotes(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strchr("()<>[]:;@\\,\"", s[i]) != NULL && s[i] != '\0')
			return 1;
	return 0;
}

static void
append_escaped(struct jsonl_buf *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			buf_byte(out, '\\');
		buf_byte(out, s[i]);
	}
}

static enum mailtext_status
flush_words(struct decoder *d)
{
	enum mailtext_status st;
	struct jsonl_buf *w = &d->words;

	if (!d->in_words)
		return MAILTEXT_OK;
	d->in_words = 0;
	st = flush_run(d);
	if (d->mode == MAILTEXT_ADDRESS && d->in_quote) {
		append_escaped(d->out, w->data, w->len);
	} else if (d->mode == MAILTEXT_ADDRESS && needs_quotes(w->data,
	    w->len)) {
		buf_byte(d->out, '"');
		append_escaped(d->out, w->data, w->len);
		buf_byte(d->out, '"');
	} else {
		jsonl_buf_append(d->out, w->data, w->len);
	}
	w->len = 0;
	return st;
}

/* Takes one literal character, following quoted-strings in addresses. */
static void
literal(struct decoder *d, const char *s, size_t n, size_t *i)
{
	char c = s[*i];

	buf_byte(d->out, c);
	if (d->mode != MAILTEXT_ADDRESS)
		return;
	if (c == '"') {
		d->in_quote = !d->in_quote;
	} else if (c == '\\' && d->in_quote && *i + 1 < n) {
		(*i)++;
		buf_byte(d->out, s[*i]);
	}
}

static enum mailtext_status
decode_words(struct decoder *d, const char *s, size_t n)
{
	enum mailtext_status st = MAILTEXT_OK, st2;
	struct jsonl_buf bytes = { NULL, 0, 0 };
	struct word w;
	size_t i = 0, j;

	while (i < n) {
		bytes.len = 0;
		if (s[i] == '=' && parse_word(s + i, n - i, &w, &bytes) == 0) {
			if (strcasecmp(w.charset, d->charset) != 0 &&
			    (st2 = flush_run(d)) != MAILTEXT_OK && !st)
				st = st2;
			memcpy(d->charset, w.charset, sizeof(w.charset));
			jsonl_buf_append(&d->run, bytes.data, bytes.len);
			d->in_words = 1;
			i += w.len;
			continue;
		}
		if (d->in_words && is_wsp(s[i])) {
			for (j = i; j < n && is_wsp(s[j]); j++)
				;
			bytes.len = 0;
			if (j < n && parse_word(s + j, n - j, &w,
			    &bytes) == 0) {
				/* RFC 2047 6.2: dropped between words. */
				i = j;
				continue;
			}
		}
		if ((st2 = flush_words(d)) != MAILTEXT_OK && !st)
			st = st2;
		literal(d, s, n, &i);
		i++;
	}
	if ((st2 = flush_words(d)) != MAILTEXT_OK && !st)
		st = st2;
	jsonl_buf_free(&bytes);
	return st;
}

/* Unfolds (drops every line end) and trims raw into out. */
static void
unfold(struct jsonl_buf *out, const char *raw, size_t len)
{
	size_t i, start;

	while (len > 0 && (is_wsp(raw[len - 1]) || raw[len - 1] == '\r' ||
	    raw[len - 1] == '\n'))
		len--;
	for (i = 0; i < len && (is_wsp(raw[i]) || raw[i] == '\r' ||
	    raw[i] == '\n'); i++)
		;
	for (start = i; i < len; i++) {
		if (raw[i] == '\r' || raw[i] == '\n') {
			jsonl_buf_append(out, raw + start, i - start);
			start = i + 1;
		}
	}
	jsonl_buf_append(out, raw + start, len - start);
}

enum mailtext_status
mailtext_header(struct jsonl_buf *out, const char *raw, size_t len,
    enum mailtext_mode mode)
{
	struct jsonl_buf text = { NULL, 0, 0 };
	struct decoder d;
	enum mailtext_status st = MAILTEXT_OK;

	unfold(&text, raw, len);
	if (scan_utf8_valid_prefix(text.data, text.len) != text.len) {
		st = MAILTEXT_BAD_UTF8;
	} else if (mode == MAILTEXT_RAW) {
		jsonl_buf_append(out, text.data, text.len);
	} else {
		memset(&d, 0, sizeof(d));
		d.out = out;
		d.mode = mode;
		st = decode_words(&d, text.data, text.len);
		jsonl_buf_free(&d.run);
		jsonl_buf_free(&d.words);
	}
	jsonl_buf_free(&text);
	return st;
}

/* ---- mbox ---- */

static int
name_at(const char *s, size_t n, const char *const *names)
{
	int i;

	if (n < 3)
		return -1;
	for (i = 0; names[i] != NULL; i++)
		if (strncasecmp(s, names[i], 3) == 0)
			return i;
	return -1;
}

static const char *const weekdays[] = { "Mon", "Tue", "Wed", "Thu", "Fri",
    "Sat", "Sun", NULL };
static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", NULL };

/* Skips spaces (at least one when need) at s[*i]; 0 when there were none. */
static int
spaces(const char *s, size_t n, size_t *i, int need)
{
	size_t start = *i;

	while (*i < n && is_wsp(s[*i]))
		(*i)++;
	return !need || *i > start;
}

static size_t
digits(const char *s, size_t n, size_t *i, size_t max)
{
	size_t start = *i;

	while (*i < n && *i - start < max && s[*i] >= '0' && s[*i] <= '9')
		(*i)++;
	return *i - start;
}

/* Whether s[0..n) starts like a From_ line's date (see mailtext.h). */
static int
date_shape(const char *s, size_t n)
{
	size_t i = 0, save;

	if (name_at(s, n, weekdays) < 0)
		return 0;
	i = 3;
	if (i < n && s[i] == ',')
		i++;
	if (!spaces(s, n, &i, 1))
		return 0;
	if (name_at(s + i, n - i, months) >= 0) {
		i += 3;
		if (!spaces(s, n, &i, 1) || digits(s, n, &i, 2) == 0)
			return 0;
	} else {
		if (digits(s, n, &i, 2) == 0 || !spaces(s, n, &i, 1) ||
		    name_at(s + i, n - i, months) < 0)
			return 0;
		i += 3;
	}
	if (!spaces(s, n, &i, 1))
		return 0;
	save = i;
	if (digits(s, n, &i, 4) != 4 || !spaces(s, n, &i, 1))
		i = save;		/* no year before the time */
	if (digits(s, n, &i, 2) == 0 || i >= n || s[i] != ':')
		return 0;
	i++;
	return digits(s, n, &i, 2) == 2;
}

int
mailtext_from_line(const char *line, size_t len, const char **sender,
    size_t *sender_len, const char **date, size_t *date_len)
{
	size_t p, end;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len < 5 || memcmp(line, "From ", 5) != 0)
		return 0;
	/* The sender is one word, possibly empty: the date starts after
	   it and its spaces. */
	for (p = 5; p < len && is_wsp(line[p]); p++)
		;
	if (!date_shape(line + p, len - p)) {
		while (p < len && !is_wsp(line[p]))
			p++;
		end = p;
		if (!spaces(line, len, &p, 1) || !date_shape(line + p, len - p))
			return 0;
		*sender = line + 5;
		while (*sender < line + end && is_wsp(**sender))
			(*sender)++;
		*sender_len = (size_t)(line + end - *sender);
	} else {
		*sender = line + p;
		*sender_len = 0;
	}
	while (len > p && is_wsp(line[len - 1]))
		len--;
	*date = line + p;
	*date_len = len - p;
	return 1;
}

size_t
mailtext_unescape_from(char *text, size_t len)
{
	size_t r = 0, w = 0, k;
	int line_start = 1;

	while (r < len) {
		if (line_start && text[r] == '>') {
			for (k = r; k < len && text[k] == '>'; k++)
				;
			if (len - k >= 5 && memcmp(text + k, "From ", 5) == 0)
				r++;	/* drop one '>' */
		}
		line_start = text[r] == '\n';
		text[w++] = text[r++];
	}
	return w;
}

size_t
mailtext_utf8_prefix(const char *s, size_t len, size_t max_chars)
{
	size_t i, chars = 0;

	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (chars == max_chars)
				return i;
			chars++;
		}
	}
	return len;
}
