/*
 * mbox.c - mbox mail archives (RFC 4155; FORMATS.md section 2.1): mboxo and
 * mboxrd, Gmail Takeout (numeric From_ lines, CRLF, X-GM-THRID and
 * X-Gmail-Labels), Thunderbird ("From - date").  One record per message:
 * the headers date, from, to, cc, subject, message_id, in_reply_to,
 * references and, when present, x_gm_thrid, x_gmail_labels and
 * auto_submitted, as UTF-8 text (RFC 5322 unfolding, RFC 2047 decoding:
 * mailtext.h); envelope_from and envelope_date from the From_ line; and
 * "body", the first --body characters of the first text/plain part that
 * is not an attachment, transfer-decoded, mboxrd-unescaped and converted
 * to UTF-8.  An absent header is left out (a present but empty one is "");
 * a message without a text/plain part has no "body" (HTML is not turned
 * into text here: that is rendering, not syntax).  Values stay text: no
 * date parsing, no address splitting (canal-normalize does both).
 *
 * The file is cut into messages here and each message is parsed by GMime
 * 3 (RFC 5322, MIME).  GMime's own mbox mode is not used: it takes every
 * line that starts with "From " for a separator, and one unescaped "From "
 * line in a body ends its parse, losing every message after it.  Here a
 * separator is a line that looks like a From_ line (sender and date,
 * mailtext_from_line()) anywhere; the blank line before it is not
 * required, as some writers leave it out.  Memory holds one message.
 */
#include "formats/formats.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "mailtext.h"
#include "util.h"

#define READ_SIZE (1 << 18)
#define FROM_PEEK 4096		/* a From_ line is judged by its first bytes */
#define RAW_MAX (1 << 20)	/* of a rejected message, to --rejects */
#define JUNK_KEEP 4096		/* of text before the first From_ line */

/* The headers kept, in output order. */
static const struct field {
	const char *key;
	const char *header;
	enum mailtext_mode mode;
} fields[] = {
	{ "date", "Date", MAILTEXT_RAW },
	{ "from", "From", MAILTEXT_ADDRESS },
	{ "to", "To", MAILTEXT_ADDRESS },
	{ "cc", "Cc", MAILTEXT_ADDRESS },
	{ "subject", "Subject", MAILTEXT_TEXT },
	{ "message_id", "Message-ID", MAILTEXT_RAW },
	{ "in_reply_to", "In-Reply-To", MAILTEXT_RAW },
	{ "references", "References", MAILTEXT_RAW },
	{ "x_gm_thrid", "X-GM-THRID", MAILTEXT_RAW },
	{ "x_gmail_labels", "X-Gmail-Labels", MAILTEXT_TEXT },
	{ "auto_submitted", "Auto-Submitted", MAILTEXT_RAW },
};

struct mbox {
	struct ingest_input *in;
	char *buf;			/* input, READ_SIZE + FROM_PEEK */
	size_t pos, end;
	int eof;
	uint64_t buf_off;		/* file offset of buf[0] */
	uint64_t line;			/* line number of buf[pos] */
	int line_start;
	int have_msg;			/* a From_ line was seen */
	GByteArray *msg;		/* the message after its From_ line */
	struct jsonl_buf from;		/* its From_ line with its line end */
	uint64_t msg_off, msg_line;
	struct jsonl_buf junk;		/* head of the text before any From_ */
	uint64_t junk_len;
	int junk_text;			/* it holds more than blank lines */
	struct jsonl_buf val, text;	/* scratch */
};

/* ingest_reject_head() for this mbox's input. */
static enum ingest_status
reject(struct mbox *m, uint64_t line, const char *reason, const char *raw,
    size_t len, int truncated)
{
	return ingest_reject_head(m->in, line, 0, reason, raw, len, truncated);
}

/* Rejects the current message with its From_ line and first bytes. */
static enum ingest_status
reject_message(struct mbox *m, const char *reason)
{
	size_t n = m->msg->len;
	int cut = m->from.len + n > RAW_MAX;

	if (cut)
		n = RAW_MAX - m->from.len;
	m->text.len = 0;
	jsonl_buf_append(&m->text, m->from.data, m->from.len);
	jsonl_buf_append(&m->text, (const char *)m->msg->data, n);
	return reject(m, m->msg_line, reason, m->text.data, m->text.len, cut);
}

/* ---- the record ---- */

static enum ingest_status
add_headers(struct mbox *m, GMimeMessage *msg, const char **why)
{
	static char reason[96];
	GMimeHeaderList *list = g_mime_object_get_header_list(
	    GMIME_OBJECT(msg));
	int count = g_mime_header_list_get_count(list), i;
	enum mailtext_status st;
	const char *raw;
	GMimeHeader *h;
	size_t f;

	for (f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
		for (i = 0; i < count; i++) {
			h = g_mime_header_list_get_header_at(list, i);
			if (strcasecmp(g_mime_header_get_name(h),
			    fields[f].header) != 0)
				continue;
			if ((raw = g_mime_header_get_raw_value(h)) == NULL)
				raw = "";
			m->val.len = 0;
			st = mailtext_header(&m->val, raw, strlen(raw),
			    fields[f].mode);
			if (st != MAILTEXT_OK) {
				snprintf(reason, sizeof(reason),
				    "%s header: %s", fields[f].header,
				    mailtext_strerror(st));
				*why = reason;
				return INGEST_STOPPED;
			}
			record_string(&m->in->rec, fields[f].key, m->val.data,
			    m->val.len);
		}
	}
	return INGEST_OK;
}

static int
add_envelope(struct mbox *m)
{
	const char *sender, *date;
	size_t sender_len, date_len, n = m->from.len;

	while (n > 0 && (m->from.data[n - 1] == '\n' ||
	    m->from.data[n - 1] == '\r'))
		n--;
	if (!mailtext_from_line(m->from.data, n, &sender, &sender_len, &date,
	    &date_len))
		return 0;	/* cannot happen: the splitter checked it */
	record_string(&m->in->rec, "envelope_from", sender, sender_len);
	record_string(&m->in->rec, "envelope_date", date, date_len);
	return 1;
}

/* The first text/plain part that is not an attachment, depth first; the
   parts of an attached message (message/rfc822) are its own. */
static GMimePart *
first_text_plain(GMimeObject *o, int depth)
{
	GMimeContentDisposition *disp;
	GMimePart *found;
	int i, n;

	if (o == NULL || depth > 64)
		return NULL;
	if (GMIME_IS_MULTIPART(o)) {
		n = g_mime_multipart_get_count(GMIME_MULTIPART(o));
		for (i = 0; i < n; i++) {
			found = first_text_plain(g_mime_multipart_get_part(
			    GMIME_MULTIPART(o), i), depth + 1);
			if (found != NULL)
				return found;
		}
		return NULL;
	}
	if (!GMIME_IS_PART(o) || !g_mime_content_type_is_type(
	    g_mime_object_get_content_type(o), "text", "plain"))
		return NULL;
	disp = g_mime_object_get_content_disposition(o);
	if (disp != NULL && g_mime_content_disposition_is_attachment(disp))
		return NULL;
	return GMIME_PART(o);
}

/* Reads at most limit bytes of the part's encoded content into m->text;
   returns whether there was more. */
static int
read_content(struct mbox *m, GMimeDataWrapper *dw, size_t limit)
{
	GMimeStream *s = g_mime_data_wrapper_get_stream(dw);
	char chunk[8192];
	ssize_t k;

	m->text.len = 0;
	if (s == NULL)
		return 0;
	g_mime_stream_reset(s);
	while (m->text.len <= limit &&
	    (k = g_mime_stream_read(s, chunk, sizeof(chunk))) > 0)
		jsonl_buf_append(&m->text, chunk, (size_t)k);
	if (m->text.len > limit) {
		m->text.len = limit;
		return 1;
	}
	return 0;
}

/* CRLF to LF in place: a line break of the text, whatever the file's. */
static void
crlf_to_lf(struct jsonl_buf *b)
{
	size_t r, w = 0;

	for (r = 0; r < b->len; r++)
		if (!(b->data[r] == '\r' && r + 1 < b->len &&
		    b->data[r + 1] == '\n'))
			b->data[w++] = b->data[r];
	b->len = w;
}

static enum ingest_status
add_body(struct mbox *m, GMimeMessage *msg, const char **why)
{
	static char reason[96];
	size_t chars = (size_t)m->in->opts->body_chars, limit, n, outlen, pre;
	GMimeContentEncoding enc;
	enum mailtext_status st;
	GMimeDataWrapper *dw;
	GMimeFilter *filter;
	const char *data;
	GMimePart *part;
	char *out;
	int cut;

	if (chars == 0 || (part = first_text_plain(
	    g_mime_message_get_mime_part(msg), 0)) == NULL)
		return INGEST_OK;
	m->val.len = 0;
	if ((dw = g_mime_part_get_content(part)) != NULL) {
		/* Enough encoded bytes for chars characters: 4 bytes of UTF-8
		   each at most, 3 of quoted-printable per byte. */
		limit = chars * 16 + 4096;
		cut = read_content(m, dw, limit);
		m->text.len = mailtext_unescape_from(m->text.data, m->text.len);
		data = m->text.data;
		n = m->text.len;
		enc = g_mime_data_wrapper_get_encoding(dw);
		filter = NULL;
		if (enc == GMIME_CONTENT_ENCODING_BASE64 ||
		    enc == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
		    enc == GMIME_CONTENT_ENCODING_UUENCODE) {
			filter = g_mime_filter_basic_new(enc, FALSE);
			g_mime_filter_complete(filter, m->text.data, n, 0, &out,
			    &outlen, &pre);
			data = out;
			n = outlen;
		}
		st = mailtext_to_utf8(&m->val,
		    g_mime_object_get_content_type_parameter(GMIME_OBJECT(part),
		    "charset"), data, n, cut);
		if (filter != NULL)
			g_object_unref(filter);
		crlf_to_lf(&m->val);
		if (st != MAILTEXT_OK && mailtext_utf8_prefix(m->val.data,
		    m->val.len, chars) == m->val.len) {
			snprintf(reason, sizeof(reason), "body: %s",
			    mailtext_strerror(st));
			*why = reason;
			return INGEST_STOPPED;
		}
	}
	n = mailtext_utf8_prefix(m->val.data, m->val.len, chars);
	while (n > 0 && strchr(" \t\r\n", m->val.data[n - 1]) != NULL)
		n--;
	record_string(&m->in->rec, "body", m->val.data, n);
	return INGEST_OK;
}

/* Emits or rejects the message collected in m. */
static enum ingest_status
message(struct mbox *m)
{
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;
	enum ingest_status st;
	const char *why = NULL;

	stream = g_mime_stream_mem_new_with_byte_array(m->msg);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream), FALSE);
	parser = g_mime_parser_new_with_stream(stream);
	msg = g_mime_parser_construct_message(parser, NULL);
	record_begin(&m->in->rec);
	if (msg == NULL) {
		why = "no message headers after the From_ line";
	} else if (add_headers(m, msg, &why) == INGEST_OK && add_envelope(m) &&
	    add_body(m, msg, &why) == INGEST_OK && m->in->rec.bad_utf8) {
		why = "From_ line: invalid UTF-8";
	}
	if (why != NULL)
		st = reject_message(m, why);
	else
		st = ingest_emit(m->in, m->msg_off, 1, NULL, 0);
	if (msg != NULL)
		g_object_unref(msg);
	g_object_unref(parser);
	g_object_unref(stream);
	return st;
}

/* ---- splitting the file ---- */

static void
collect(struct mbox *m, const char *p, size_t n)
{
	size_t i, keep;

	if (m->have_msg) {
		g_byte_array_append(m->msg, (const guint8 *)p, (guint)n);
		return;
	}
	for (i = 0; i < n && !m->junk_text; i++) {
		/* A UTF-8 byte order mark at the very start is no text. */
		if (m->junk_len + i < 3 && (unsigned char)p[i] ==
		    (unsigned char)"\xef\xbb\xbf"[m->junk_len + i])
			continue;
		if (strchr(" \t\r\n", p[i]) == NULL)
			m->junk_text = 1;
	}
	keep = m->junk.len < JUNK_KEEP ? JUNK_KEEP - m->junk.len : 0;
	jsonl_buf_append(&m->junk, p, n < keep ? n : keep);
	m->junk_len += n;
}

/* Ends the message being collected (or the text before the first one). */
static enum ingest_status
finish(struct mbox *m, int at_eof)
{
	enum ingest_status st = INGEST_OK;

	if (m->have_msg) {
		st = message(m);
		if (m->msg->len > RAW_MAX) {
			g_byte_array_unref(m->msg);
			m->msg = g_byte_array_new();
		}
		g_byte_array_set_size(m->msg, 0);
	} else if (m->junk_text) {
		st = reject(m, 1, at_eof ? "not an mbox: no From_ line" :
		    "text before the first From_ line", m->junk.data,
		    m->junk.len, m->junk_len > m->junk.len);
		m->junk_text = 0;
	}
	return st;
}

/* Moves the unread bytes to the front and reads more; -1 on error. */
static int
fill(struct mbox *m)
{
	ssize_t k;

	if (m->pos > 0) {
		memmove(m->buf, m->buf + m->pos, m->end - m->pos);
		m->buf_off += m->pos;
		m->end -= m->pos;
		m->pos = 0;
	}
	while (!m->eof && m->end < READ_SIZE) {
		k = read(m->in->fd, m->buf + m->end, READ_SIZE + FROM_PEEK -
		    m->end);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			m->eof = 1;
		m->end += (size_t)k;
		m->in->bytes_read = m->buf_off + m->end;
		if (k > 0)
			break;
	}
	return 0;
}

/*
 * At a line start: whether the line at m->pos is a From_ line (its length
 * with the line end in *len), 0 when not, -1 when more input is needed.
 */
static int
at_from_line(struct mbox *m, size_t *len)
{
	size_t avail = m->end - m->pos, peek = avail < FROM_PEEK ? avail :
	    FROM_PEEK;
	const char *p = m->buf + m->pos, *nl, *s, *d;
	size_t sl, dl;

	nl = memchr(p, '\n', peek);
	if (nl == NULL && avail < FROM_PEEK && !m->eof)
		return -1;
	if (avail < 5 || memcmp(p, "From ", 5) != 0)
		return 0;
	if (nl == NULL && avail >= FROM_PEEK)
		return 0;	/* far too long for a From_ line */
	*len = nl != NULL ? (size_t)(nl - p) + 1 : avail;
	return mailtext_from_line(p, nl != NULL ? (size_t)(nl - p) : avail,
	    &s, &sl, &d, &dl);
}

static enum ingest_status
new_message(struct mbox *m, size_t len)
{
	enum ingest_status st = finish(m, 0);

	m->have_msg = 1;
	m->msg_off = m->buf_off + m->pos;
	m->msg_line = m->line;
	m->from.len = 0;
	jsonl_buf_append(&m->from, m->buf + m->pos, len);
	m->pos += len;
	m->line++;
	return st;
}

static enum ingest_status
split(struct mbox *m)
{
	enum ingest_status st = INGEST_OK;
	const char *nl;
	size_t run, len;
	int r;

	while (st == INGEST_OK) {
		if (fill(m) != 0)
			return ingest_fail(m->in, errno);
		if (m->pos == m->end && m->eof)
			break;
		if (m->buf_off == 0 && m->pos == 0 && m->end >= 3 &&
		    memcmp(m->buf, "\xef\xbb\xbf", 3) == 0) {
			/* A byte order mark does not hide the first From_. */
			collect(m, m->buf, 3);
			m->pos = 3;
		}
		run = m->pos;
		while (m->pos < m->end && st == INGEST_OK) {
			if (m->line_start) {
				if ((r = at_from_line(m, &len)) < 0)
					break;
				if (r > 0) {
					collect(m, m->buf + run, m->pos - run);
					st = new_message(m, len);
					run = m->pos;
					continue;
				}
			}
			nl = memchr(m->buf + m->pos, '\n', m->end - m->pos);
			m->line_start = nl != NULL;
			if (nl != NULL) {
				m->pos = (size_t)(nl - m->buf) + 1;
				m->line++;
			} else {
				m->pos = m->end;
			}
		}
		collect(m, m->buf + run, m->pos - run);
	}
	return st == INGEST_OK ? finish(m, 1) : st;
}

static enum ingest_status
read_mbox(struct ingest_input *in)
{
	struct mbox m;
	enum ingest_status st;

	mailtext_init();
	memset(&m, 0, sizeof(m));
	m.in = in;
	m.buf = xmalloc(READ_SIZE + FROM_PEEK);
	m.line = 1;
	m.line_start = 1;
	m.msg = g_byte_array_new();
	st = split(&m);
	free(m.buf);
	g_byte_array_unref(m.msg);
	jsonl_buf_free(&m.from);
	jsonl_buf_free(&m.junk);
	jsonl_buf_free(&m.val);
	jsonl_buf_free(&m.text);
	return st;
}

static int
sniff_mbox(const char *name, const char *head, size_t n,
    const struct ingest_options *opts)
{
	const char *nl, *s, *d;
	size_t i = 0, sl, dl;

	(void)opts;
	if (n >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && (head[i] == '\n' || head[i] == '\r'))
		i++;
	nl = memchr(head + i, '\n', n - i);
	if (mailtext_from_line(head + i, nl != NULL ? (size_t)(nl - head - i) :
	    n - i, &s, &sl, &d, &dl))
		return 90;
	if (ingest_name_ends(name, ".mbox") || ingest_name_ends(name, ".mbx"))
		return 50;
	return 0;
}

const struct ingest_format format_mbox = {
	"mbox",
	"mbox mail archives (mboxo, mboxrd, Gmail Takeout): one record per "
	"message",
	sniff_mbox,
	read_mbox
};
