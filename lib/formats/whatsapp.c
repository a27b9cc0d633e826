/*
 * whatsapp.c - WhatsApp's "Export chat" text file (FORMATS.md section 3),
 * as Android and iOS write it:
 *
 *	12/03/2024, 09:15 - Lena Fischer: Hallo		Android, 24 h
 *	3/12/24, 9:15\u202fPM - Dana: hi			Android, 12 h
 *	\u200e[12/03/2024, 09:15:02] Lena: \u200eimage omitted	iOS
 *
 * A message starts with such a header; every other line continues the
 * message before it.  One record per message: the date and time as
 * written, the wall-clock time they mean (no zone: canal-normalize applies
 * --tz), the author without WhatsApp's invisible direction marks and the
 * text without the U+200E iOS puts before notices and markers (each kept
 * as written beside them when it differs), and flags for system notices,
 * media, deleted and edited messages.
 *
 * The file never says whether 03/04 is the 3rd of April or March the 4th.
 * --date-order auto decides from the whole file before the first record is
 * written (FORMATS.md 3.2: a field above 12 is the day; within a year the
 * month never goes down; else the day is the field that changes more
 * often): a regular file is read twice, a pipe is judged by its first MiB.
 * When the dates do not tell, the input fails; nothing is guessed.
 */
#include "formats/formats.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linein.h"

/* A message's bytes at most, to bound memory: far more than WhatsApp lets
   one send (some 65536 characters, from memory). */
#define MAX_MESSAGE ((size_t)16 << 20)
#define MAX_MESSAGE_TEXT "16 MiB"
/* What --date-order auto looks at on an input that cannot be read twice. */
#define PIPE_PREFIX ((uint64_t)1 << 20)

/* The parts of a header line, as offsets into the line. */
struct header {
	size_t date, date_len;		/* the date as written */
	size_t time, time_len;		/* the time as written, AM/PM too */
	size_t rest;			/* where "AUTHOR: TEXT" starts */
	unsigned field[3];		/* the date's numbers, in written order */
	int digits[3];			/* how many digits each had */
	unsigned hour, minute;
	int second;			/* -1: not written */
	int meridiem;			/* 0, 'A' or 'P' */
	int ios;			/* [bracketed] */
	int hour_read;			/* the line got as far as the hour */
};

enum shape { SHAPE_NONE, SHAPE_HEADER, SHAPE_PARTIAL };

struct cursor {
	const char *p;
	size_t n, i;
};

/*
 * The invisible marks WhatsApp puts around names, numbers and media
 * lines: U+200E, U+200F and U+202A..U+202E, three bytes each in UTF-8.
 * Returns the length of the mark at p, or 0.
 */
static size_t
mark_at(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;

	if (n < 3 || u[0] != 0xe2 || u[1] != 0x80)
		return 0;
	return u[2] == 0x8e || u[2] == 0x8f || (u[2] >= 0xaa && u[2] <= 0xae) ?
	    3 : 0;
}

static int
is_lrm(const char *p, size_t n)
{
	return n >= 3 && memcmp(p, "\xe2\x80\x8e", 3) == 0;
}

/* A space before or inside AM/PM: U+0020, U+00A0 or U+202F. */
static size_t
space_at(const struct cursor *c)
{
	const unsigned char *u = (const unsigned char *)c->p + c->i;
	size_t n = c->n - c->i;

	if (n >= 1 && u[0] == ' ')
		return 1;
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 && u[2] == 0xaf)
		return 3;
	return 0;
}

static int
take_char(struct cursor *c, char ch)
{
	if (c->i < c->n && c->p[c->i] == ch) {
		c->i++;
		return 1;
	}
	return 0;
}

/* Reads a number of 1 to max digits; returns how many, 0 for none or
   too many. */
static int
take_number(struct cursor *c, int max, unsigned *value)
{
	unsigned v = 0;
	int k = 0;

	while (c->i < c->n && c->p[c->i] >= '0' && c->p[c->i] <= '9') {
		if (++k > max)
			return 0;
		v = v * 10 + (unsigned)(c->p[c->i++] - '0');
	}
	*value = v;
	return k;
}

static int
take_either(struct cursor *c, char a, char b)
{
	return take_char(c, a) || take_char(c, b);
}

/* D/M/Y, M/D/Y or Y/M/D with one separator ("/", "." or "-"); the year
   has 2 or 4 digits, the others 1 or 2 (checked later, in order). */
static int
take_date(struct cursor *c, struct header *h)
{
	char sep;

	h->digits[0] = take_number(c, 4, &h->field[0]);
	if (h->digits[0] == 0 || h->digits[0] == 3 || c->i >= c->n)
		return 0;
	sep = c->p[c->i];
	if (sep != '/' && sep != '.' && sep != '-')
		return 0;
	c->i++;
	h->digits[1] = take_number(c, 2, &h->field[1]);
	if (h->digits[1] == 0 || !take_char(c, sep))
		return 0;
	h->digits[2] = take_number(c, 4, &h->field[2]);
	return h->digits[2] != 0 && h->digits[2] != 3;
}

/*
 * AM/PM after the time: "PM", "pm", "p.m.", "p. m." (Spanish), after a
 * space, U+00A0 or U+202F (current Android and iOS) or nothing.  Returns
 * 1 when there is none or it was read, 0 when the line ends inside it.
 */
static int
take_meridiem(struct cursor *c, struct header *h)
{
	size_t save = c->i;
	char ch;

	c->i += space_at(c);
	if (c->i >= c->n)
		return 0;
	ch = c->p[c->i];
	if (ch != 'A' && ch != 'a' && ch != 'P' && ch != 'p') {
		c->i = save;
		return 1;
	}
	c->i++;
	take_char(c, '.');
	c->i += space_at(c);
	if (c->i >= c->n)
		return 0;
	if (!take_either(c, 'M', 'm')) {
		c->i = save;
		return 1;
	}
	take_char(c, '.');
	h->meridiem = ch == 'A' || ch == 'a' ? 'A' : 'P';
	return 1;
}

/* H:MM, H:MM:SS or with dots, then AM/PM if any. */
static int
take_time(struct cursor *c, struct header *h)
{
	unsigned v;

	if (take_number(c, 2, &h->hour) == 0)
		return 0;
	h->hour_read = 1;
	if (!take_either(c, ':', '.') || take_number(c, 2, &h->minute) != 2)
		return 0;
	if (take_either(c, ':', '.')) {
		if (take_number(c, 2, &v) != 2)
			return 0;
		h->second = (int)v;
	}
	return take_meridiem(c, h);
}

/*
 * Whether line[0..n) starts a message.  Android: "DATE, TIME - "; iOS:
 * "[DATE, TIME] "; either after direction marks.  The " - " or "] " is
 * required, so that a continuation line such as "13/03/2024, 10:00 wäre
 * gut" stays in its message.  SHAPE_PARTIAL: the line ends after the hour
 * while it still reads as a header (a truncated last line).
 */
static enum shape
parse_header(const char *line, size_t n, struct header *h)
{
	struct cursor c = { line, n, 0 };
	size_t k;

	memset(h, 0, sizeof(*h));
	h->second = -1;
	while ((k = mark_at(line + c.i, n - c.i)) > 0)
		c.i += k;
	h->ios = take_char(&c, '[');
	h->date = c.i;
	if (!take_date(&c, h))
		goto fail;
	h->date_len = c.i - h->date;
	take_char(&c, ',');
	if (!take_char(&c, ' '))
		goto fail;
	h->time = c.i;
	if (!take_time(&c, h))
		goto fail;
	h->time_len = c.i - h->time;
	if (h->ios ? !take_char(&c, ']') || !take_char(&c, ' ') :
	    !take_char(&c, ' ') || !take_char(&c, '-') || !take_char(&c, ' '))
		goto fail;
	h->rest = c.i;
	return SHAPE_HEADER;
fail:
	return c.i >= n && h->hour_read ? SHAPE_PARTIAL : SHAPE_NONE;
}

/* --date-order auto: what the dates of one input say. */
struct votes {
	uint64_t day_first;		/* first line with a first field > 12 */
	uint64_t day_second;		/* ... with a second field > 12 */
	uint64_t first_fell;		/* first field went down within a year */
	uint64_t second_fell;
	uint64_t first_changes, second_changes;
	unsigned prev[3];
	int have_prev;
	int differ;			/* some date reads two ways */
};

static void
votes_add(struct votes *v, const struct header *h, uint64_t line)
{
	unsigned a = h->field[0], b = h->field[1], y = h->field[2];

	if (h->digits[0] == 4)
		return;		/* year first: nothing to decide */
	if (a != b)
		v->differ = 1;
	if (a > 12 && v->day_first == 0)
		v->day_first = line;
	if (b > 12 && v->day_second == 0)
		v->day_second = line;
	if (v->have_prev) {
		v->first_changes += a != v->prev[0];
		v->second_changes += b != v->prev[1];
		if (y == v->prev[2] && a < v->prev[0] && v->first_fell == 0)
			v->first_fell = line;
		if (y == v->prev[2] && b < v->prev[1] && v->second_fell == 0)
			v->second_fell = line;
	}
	v->prev[0] = a;
	v->prev[1] = b;
	v->prev[2] = y;
	v->have_prev = 1;
}

/*
 * The day/month order the votes call for, FORMATS.md 3.2's rules in turn.
 * Returns 0, or -1 with why filled when the dates cannot tell.
 */
static int
votes_decide(const struct votes *v, enum ingest_date_order *order,
    char *why, size_t size)
{
	if (!v->differ) {
		*order = DATE_ORDER_DMY;	/* every date reads the same */
		return 0;
	}
	if (v->day_first != 0 && v->day_second != 0) {
		snprintf(why, size, "cannot tell day/month order: line %" PRIu64
		    " has the day first, line %" PRIu64 " second; give "
		    "--date-order dmy or mdy", v->day_first, v->day_second);
		return -1;
	}
	if (v->day_first != 0 || v->day_second != 0) {
		*order = v->day_first != 0 ? DATE_ORDER_DMY : DATE_ORDER_MDY;
		return 0;
	}
	if ((v->first_fell != 0) != (v->second_fell != 0)) {
		*order = v->first_fell != 0 ? DATE_ORDER_DMY : DATE_ORDER_MDY;
		return 0;
	}
	if (v->first_changes != v->second_changes) {
		*order = v->first_changes > v->second_changes ?
		    DATE_ORDER_DMY : DATE_ORDER_MDY;
		return 0;
	}
	snprintf(why, size, "cannot tell day/month order; give --date-order "
	    "dmy or mdy");
	return -1;
}

/* Reads lines to the end (or r->limit) and counts the headers' votes. */
static enum ingest_status
count_votes(struct ingest_input *in, struct linein *r, struct votes *v)
{
	struct header h;
	const char *line;
	size_t len;
	enum linein_status st;

	memset(v, 0, sizeof(*v));
	while ((st = linein_next(r, &line, &len)) != LINEIN_EOF) {
		if (st == LINEIN_ERROR)
			return ingest_fail(in, r->error);
		if (parse_header(line, len, &h) == SHAPE_HEADER)
			votes_add(v, &h, r->line_no);
	}
	return INGEST_OK;
}

/*
 * --date-order auto: decides *order before anything is written.  A regular
 * file is read to its end and rewound; anything else is judged by its
 * first PIPE_PREFIX bytes, kept in r to be read again.
 */
static enum ingest_status
decide_order(struct ingest_input *in, struct linein *r,
    enum ingest_date_order *order)
{
	struct stat st;
	struct votes v;
	enum ingest_status status;
	char why[200];
	off_t start;

	if (fstat(in->fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (start = lseek(in->fd, 0, SEEK_CUR)) >= 0) {
		status = count_votes(in, r, &v);
		linein_free(r);
		linein_init(r, in->fd, MAX_MESSAGE);
		if (status == INGEST_OK && lseek(in->fd, start, SEEK_SET) < 0)
			status = ingest_fail(in, errno);
		if (status == INGEST_OK && votes_decide(&v, order, why,
		    sizeof(why)) != 0)
			status = ingest_fail_msg(in, why);
		return status;
	}
	r->limit = PIPE_PREFIX;
	linein_mark(r);
	if ((status = count_votes(in, r, &v)) != INGEST_OK)
		return status;
	if (linein_rewind(r) != 0)
		return ingest_fail_msg(in, "cannot read the start again");
	r->limit = UINT64_MAX;
	if (votes_decide(&v, order, why, sizeof(why)) != 0) {
		if (r->fd_eof)
			return ingest_fail_msg(in, why);
		return ingest_fail_msg(in, "cannot tell day/month order from "
		    "the first MiB of a pipe; give --date-order dmy or mdy");
	}
	return INGEST_OK;
}

/* A date and time read in the file's order. */
struct when {
	unsigned year, month, day, hour, minute;
	int second;
};

static unsigned
days_in_month(unsigned year, unsigned month)
{
	static const unsigned char days[] = { 31, 28, 31, 30, 31, 30, 31,
	    31, 30, 31, 30, 31 };

	if (month == 2 && year % 4 == 0 && (year % 100 != 0 ||
	    year % 400 == 0))
		return 29;
	return days[month - 1];
}

/* Fills the date of w; returns NULL or why it is not a date. */
static const char *
resolve_date(const struct header *h, enum ingest_date_order order,
    struct when *w)
{
	int ydigits;

	if (h->digits[0] == 4)
		order = DATE_ORDER_YMD;	/* a 4-digit year says so itself */
	if (order == DATE_ORDER_YMD) {
		w->year = h->field[0];
		w->month = h->field[1];
		w->day = h->field[2];
		ydigits = h->digits[0];
	} else {
		w->day = h->field[order == DATE_ORDER_MDY];
		w->month = h->field[order != DATE_ORDER_MDY];
		w->year = h->field[2];
		ydigits = h->digits[2];
	}
	if (ydigits == 2)
		w->year += 2000;
	if (ydigits == 1 || (order == DATE_ORDER_YMD && h->digits[2] > 2) ||
	    w->year == 0 || w->month < 1 || w->month > 12 || w->day < 1 ||
	    w->day > days_in_month(w->year, w->month))
		return order == DATE_ORDER_YMD ? "not a date in ymd order" :
		    order == DATE_ORDER_MDY ? "not a date in mdy order" :
		    "not a date in dmy order";
	return NULL;
}

/* Fills the time of w in 24 h; returns NULL or why it is not a time. */
static const char *
resolve_time(const struct header *h, struct when *w)
{
	w->hour = h->hour;
	w->minute = h->minute;
	w->second = h->second;
	if (h->meridiem != 0) {
		/* 12:xx AM is 00:xx, 12:xx PM is 12:xx. */
		if (h->hour < 1 || h->hour > 12)
			return "invalid time: hour outside 1-12 with AM/PM";
		w->hour = h->hour % 12 + (h->meridiem == 'P' ? 12 : 0);
	}
	if (w->hour > 23 || w->minute > 59 || w->second > 59)
		return "invalid time";
	return NULL;
}

/* One chat being read: the message under construction. */
struct chat {
	struct ingest_input *in;
	enum ingest_date_order order;	/* dmy, mdy or ymd by now */
	struct jsonl_buf msg;		/* its lines, joined with LF */
	struct jsonl_buf author;	/* scratch: the author without marks */
	struct header h;		/* offsets in its first line */
	size_t first_len;		/* the first line's length */
	size_t kept;			/* msg.len up to its last non-blank line */
	uint64_t line;			/* where it starts */
	int open;
	int too_long;
};

static int
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static int
equals(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

/*
 * Media without the file: Android "<Media omitted>" (exported without
 * media) or "NAME (file attached)" (with), iOS "\u200eimage omitted" and
 * its kin or "<attached: NAME>".  first[0..n) is the text's first line
 * with its marks.
 */
static int
is_media(const char *first, size_t n, size_t lead)
{
	static const char *const omitted[] = { "image", "video", "audio",
	    "sticker", "GIF", "document", "Contact card", NULL };
	const char *const *w;
	char tail[40];

	if (equals(first + lead, n - lead, "<Media omitted>") ||
	    ends_with(first, n, " (file attached)"))
		return 1;
	if (n - lead > 12 && memcmp(first + lead, "<attached: ", 11) == 0 &&
	    first[n - 1] == '>')
		return 1;
	/* iOS puts a mark before the marker, so typed words do not count. */
	for (w = omitted; *w != NULL; w++) {
		snprintf(tail, sizeof(tail), "\xe2\x80\x8e%s omitted", *w);
		if (ends_with(first, n, tail))
			return 1;
	}
	return 0;
}

static int
is_deleted(const char *text, size_t n, int ios, size_t lead)
{
	if (n > 0 && text[n - 1] == '.')
		n--;
	if (ios && lead == 0)
		return 0;	/* iOS marks its notices; typed text is text */
	return equals(text, n, "This message was deleted") ||
	    equals(text, n, "You deleted this message");
}

/* The U+200E marks iOS puts before a notice's or a marker's text.  Other
   marks stay: they come in pairs (U+202A..U+202C around a number) that
   taking one off would break. */
static size_t
lrm_length(const char *p, size_t n)
{
	size_t i = 0;

	while (is_lrm(p + i, n - i))
		i += 3;
	return i;
}

/* Copies p[0..n) to b without its direction marks. */
static void
strip_marks(struct jsonl_buf *b, const char *p, size_t n)
{
	size_t i = 0, from = 0, k;

	b->len = 0;
	while (i < n) {
		if ((k = mark_at(p + i, n - i)) == 0) {
			i++;
			continue;
		}
		jsonl_buf_append(b, p + from, i - from);
		i += k;
		from = i;
	}
	jsonl_buf_append(b, p + from, n - from);
}

static void
add_when(struct record *rec, const struct when *w)
{
	char s[40];

	if (w->second >= 0)
		snprintf(s, sizeof(s), "%04u-%02u-%02u %02u:%02u:%02d", w->year,
		    w->month, w->day, w->hour, w->minute, w->second);
	else
		snprintf(s, sizeof(s), "%04u-%02u-%02u %02u:%02u", w->year,
		    w->month, w->day, w->hour, w->minute);
	record_string(rec, "datetime_local", s, strlen(s));
}

/* Adds author (and author_raw when it differs) for a non-system line. */
static void
add_author(struct chat *ch, const char *name, size_t n)
{
	struct record *rec = &ch->in->rec;

	strip_marks(&ch->author, name, n);
	record_string(rec, "author", ch->author.data != NULL ?
	    ch->author.data : "", ch->author.len);
	if (ch->author.len != n)
		record_string(rec, "author_raw", name, n);
}

static enum ingest_status
emit_message(struct chat *ch)
{
	struct ingest_input *in = ch->in;
	const struct header *h = &ch->h;
	const char *raw = ch->msg.data, *colon, *why, *text;
	size_t len = ch->msg.len, at, lead, text_len, first_len;
	struct when w;
	int media, deleted, system;

	if ((why = resolve_date(h, ch->order, &w)) != NULL)
		return ingest_reject(in, ch->line, h->date + 1, why, raw, len);
	if ((why = resolve_time(h, &w)) != NULL)
		return ingest_reject(in, ch->line, h->time + 1, why, raw, len);
	/* The author ends at the first ": " (names rarely hold one; system
	   lines have none). */
	colon = memmem(raw + h->rest, ch->first_len - h->rest, ": ", 2);
	at = colon != NULL ? (size_t)(colon - raw) + 2 : h->rest;
	lead = lrm_length(raw + at, ch->first_len - at);
	text = raw + at + lead;
	text_len = len - at - lead;
	first_len = ch->first_len - at;
	media = is_media(raw + at, first_len, lead);
	deleted = is_deleted(text, first_len - lead, h->ios, lead);
	/* iOS writes notices as if the chat's name sent them, text first
	   marked with U+200E. */
	system = colon == NULL || (h->ios && is_lrm(raw + at, first_len) &&
	    !media && !deleted);

	record_begin(&in->rec);
	record_string(&in->rec, "date", raw + h->date, h->date_len);
	record_string(&in->rec, "time", raw + h->time, h->time_len);
	add_when(&in->rec, &w);
	if (system)
		record_null(&in->rec, "author");
	else
		add_author(ch, raw + h->rest, (size_t)(colon - raw) - h->rest);
	if (system && colon != NULL)
		record_string(&in->rec, "author_raw", raw + h->rest,
		    (size_t)(colon - raw) - h->rest);
	record_string(&in->rec, "text", text, text_len);
	if (lead > 0)
		record_string(&in->rec, "text_raw", raw + at, text_len + lead);
	record_string(&in->rec, "platform", h->ios ? "ios" : "android",
	    h->ios ? 3 : 7);
	record_bool(&in->rec, "system", system);
	record_bool(&in->rec, "media", media);
	record_bool(&in->rec, "deleted", deleted);
	record_bool(&in->rec, "edited", ends_with(text, text_len,
	    "<This message was edited>"));
	return ingest_emit(in, ch->line, 0, raw, len);
}

/* Writes or rejects the message read so far, if any. */
static enum ingest_status
message_end(struct chat *ch)
{
	if (!ch->open)
		return INGEST_OK;
	ch->open = 0;
	/* WhatsApp trims what is sent: blank lines before the next header
	   belong to no message. */
	ch->msg.len = ch->kept;
	if (ch->too_long)
		return ingest_reject(ch->in, ch->line, 0, "message longer than "
		    MAX_MESSAGE_TEXT, ch->msg.data, ch->msg.len);
	return emit_message(ch);
}

static int
is_blank(const char *p, size_t n)
{
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return n == 0;
}

static void
message_start(struct chat *ch, const char *line, size_t len,
    const struct header *h, uint64_t line_no, int too_long)
{
	ch->open = 1;
	ch->too_long = too_long;
	ch->h = *h;
	ch->line = line_no;
	ch->msg.len = 0;
	jsonl_buf_append(&ch->msg, line, len);
	ch->first_len = ch->kept = len;
}

static void
message_add(struct chat *ch, const char *line, size_t len, int too_long)
{
	if (ch->too_long)
		return;
	if (too_long || len + 1 > MAX_MESSAGE - ch->msg.len) {
		ch->too_long = 1;
		return;
	}
	jsonl_buf_append(&ch->msg, "\n", 1);
	jsonl_buf_append(&ch->msg, line, len);
	if (!is_blank(line, len))
		ch->kept = ch->msg.len;
}

/* One line of the chat: a new message, more of the last one, or junk. */
static enum ingest_status
chat_line(struct chat *ch, const struct linein *r, const char *line,
    size_t len, int too_long)
{
	struct ingest_input *in = ch->in;
	enum ingest_status st;
	struct header h;

	switch (parse_header(line, len, &h)) {
	case SHAPE_HEADER:
		if ((st = message_end(ch)) != INGEST_OK)
			return st;
		message_start(ch, line, len, &h, r->line_no, too_long);
		return INGEST_OK;
	case SHAPE_PARTIAL:
		if (r->newline)
			break;
		if ((st = message_end(ch)) != INGEST_OK)
			return st;
		return ingest_reject(in, r->line_no, 0, "truncated message "
		    "header at the end of the input", line, len);
	case SHAPE_NONE:
		break;
	}
	if (ch->open) {
		message_add(ch, line, len, too_long);
		return INGEST_OK;
	}
	if (too_long)
		return ingest_reject(in, r->line_no, 0, "line longer than "
		    MAX_MESSAGE_TEXT, line, len);
	if (is_blank(line, len))
		return INGEST_OK;
	return ingest_reject(in, r->line_no, 1, "text before the first "
	    "message header", line, len);
}

static enum ingest_status
read_whatsapp(struct ingest_input *in)
{
	struct chat ch;
	struct linein r;
	enum ingest_status status = INGEST_OK;
	enum linein_status st;
	const char *line;
	size_t len;

	memset(&ch, 0, sizeof(ch));
	ch.in = in;
	ch.order = in->opts->date_order;
	linein_init(&r, in->fd, MAX_MESSAGE);
	if (ch.order == DATE_ORDER_AUTO)
		status = decide_order(in, &r, &ch.order);
	while (status == INGEST_OK &&
	    (st = linein_next(&r, &line, &len)) != LINEIN_EOF) {
		in->bytes_read = r.consumed;
		if (st == LINEIN_ERROR)
			status = ingest_fail(in, r.error);
		else
			status = chat_line(&ch, &r, line, len,
			    st == LINEIN_TOO_LONG);
	}
	if (status == INGEST_OK)
		status = message_end(&ch);
	linein_free(&r);
	jsonl_buf_free(&ch.msg);
	jsonl_buf_free(&ch.author);
	return status;
}

/* Whether the line at head[0..n) (up to its end or n) is a header. */
static int
line_is_header(const char *head, size_t n)
{
	const char *nl = memchr(head, '\n', n);
	struct header h;

	return parse_header(head, nl != NULL ? (size_t)(nl - head) : n,
	    &h) == SHAPE_HEADER;
}

static int
sniff_whatsapp(const char *name, const char *head, size_t n,
    const struct ingest_options *opts)
{
	const char *base = strrchr(name, '/'), *nl;
	size_t i;
	int k;

	(void)opts;
	base = base != NULL ? base + 1 : name;
	if (n >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0) {
		head += 3;
		n -= 3;
	}
	if (line_is_header(head, n))
		return 90;
	/* A stray first line: a header soon after will do. */
	for (i = 0, k = 0; k < 20 && (nl = memchr(head + i, '\n', n - i)) !=
	    NULL; k++) {
		i = (size_t)(nl - head) + 1;
		if (line_is_header(head + i, n - i))
			return 70;
	}
	if (strncasecmp(base, "WhatsApp Chat", 13) == 0 ||
	    strcmp(base, "_chat.txt") == 0)
		return 60;
	return 0;
}

const struct ingest_format format_whatsapp = {
	"whatsapp",
	"WhatsApp \"Export chat\" text, Android and iOS (--date-order)",
	sniff_whatsapp,
	read_whatsapp
};
