/*
 * timeparse.c - the times sources write, read into a civil wall clock and,
 * when the text has one, a UTC offset.  Follows RFC 3339 (with ISO 8601's
 * comma fraction and the offsets +hhmm and +hh), RFC 5322 sections 3.3 and
 * 4.3, and FORMATS.md sections 2.4 and 3.  Day arithmetic is timefmt's.
 *
 * Each parser walks a cursor over the text once, fills a struct parts, and
 * finish() checks the ranges and computes the milliseconds, so every form
 * gets the same range checks and the same reasons.
 */
#include "timeparse.h"

#include <string.h>

#include "timefmt.h"

/* Reasons for values out of range, shared by every form. */
#define R_MONTH "month out of range"
#define R_DAY "day out of range for its month"
#define R_YDAY "day of the year out of range"
#define R_HOUR "hour out of range"
#define R_HOUR12 "hour out of range for a 12-hour clock (1 to 12 with AM/PM)"
#define R_MINUTE "minute out of range"
#define R_SECOND "second out of range"
#define R_LEAP "leap second (second 60) cannot be represented"
#define R_WEEKDAY "weekday does not match the date"
#define R_OFFSET_FORM "UTC offset not of the form +hh:mm, +hhmm or +hh"
#define R_OFFSET_RANGE "UTC offset out of range (beyond 23:59)"
#define R_TRAILING "unexpected text after the time"
#define R_EMPTY "empty time"

/* Forms. */
#define R_ISO "not of the form YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|+hh:mm]"
#define R_ISO_DATE_ONLY "a date without a time of day"
#define R_DMY "not a day-first date D/M/Y (separators / . or -)"
#define R_MDY "not a month-first date M/D/Y (separators / . or -)"
#define R_YMD "not a year-first date YYYY/M/D (separators / . or -)"
#define R_SEPS "the date's two separators differ"
#define R_YEAR24 "year must have 2 or 4 digits"
#define R_NO_TIME "no time of day after the date"
#define R_TIME "expected a time of day H:MM[:SS[.fff]] after the date"
#define R_AMPM_TWICE "AM/PM marker given twice"

#define R_5322_COMMENT "unterminated comment in the date"
#define R_5322_WEEKDAY "unknown weekday name"
#define R_5322_DAY "expected the day of the month (1 or 2 digits)"
#define R_5322_MONTH "unknown month name"
#define R_5322_NO_MONTH "expected a month name (Jan to Dec)"
#define R_5322_YEAR "year must have 2, 3 or 4 digits"
#define R_5322_NO_YEAR "expected a year before the time of day"
#define R_5322_TIME "expected a time of day HH:MM[:SS]"
#define R_5322_ZONE_NAME \
	"unknown zone name (RFC 5322 knows UT, GMT, EST, EDT, CST, CDT, " \
	"MST, MDT, PST, PDT and military letters; UTC is also accepted)"
#define R_5322_ZONE "zone not of the form +hhmm"
#define R_5322_TRAILING "unexpected text after the date"

#define R_EPOCH_S "epoch seconds not of the form [-]DIGITS[.DIGITS]"
#define R_EPOCH_MS "epoch milliseconds not of the form [-]DIGITS[.DIGITS]"
#define R_EPOCH_RANGE "epoch time out of range (years 0000 to 9999)"

#define R_AUTO_ORDER \
	"day-first or month-first date: give the date order (dmy or mdy)"
#define R_AUTO_NUMBER \
	"a bare number: epoch seconds need 10 digits and milliseconds 13; " \
	"give the unit for other lengths"
#define R_AUTO \
	"unrecognised time (not RFC 3339, YYYY-MM-DD HH:MM:SS, RFC 5322, or " \
	"epoch seconds or milliseconds)"

#define R_FMT_UNKNOWN "unknown conversion in the time format"
#define R_FMT_LONE "time format ends in a lone %"
#define R_FMT_TWICE "a field appears twice in the time format"
#define R_FMT_YEAR "time format has no year (%Y or %y)"
#define R_FMT_DATE \
	"time format needs a month and a day (%m or %b, %d or %e) or %j"
#define R_FMT_JDAY "time format has %j and also a month or a day"
#define R_FMT_12H "time format needs %I and %p together"
#define R_FMT_FRACTION "time format has %f without %S"
#define R_FMT_LITERAL "text does not match the format"
#define R_FMT_Y "expected a 4-digit year (%Y)"
#define R_FMT_y "expected a 2-digit year (%y)"
#define R_FMT_m "expected a month number (%m)"
#define R_FMT_b "expected a month name (%b)"
#define R_FMT_d "expected a day of the month (%d)"
#define R_FMT_j "expected a day of the year (%j)"
#define R_FMT_H "expected an hour (%H or %I)"
#define R_FMT_M "expected a minute (%M)"
#define R_FMT_S "expected a second (%S)"
#define R_FMT_f "expected fraction digits (%f)"
#define R_FMT_p "expected AM or PM (%p)"
#define R_FMT_a "expected a weekday name (%a)"
#define R_FMT_Z "expected UTC, GMT, UT or Z (%Z)"

#define MIN_MS INT64_C(-62167219200000)	/* 0000-01-01T00:00:00.000Z */
#define MAX_MS INT64_C(253402300799999)	/* 9999-12-31T23:59:59.999Z */

enum { AMPM_NONE, AMPM_AM, AMPM_PM };

/* The fields of a civil time as read, before any check. */
struct parts {
	int year, month, day;
	int yday;		/* %j, 1..366; 0 when month and day are used */
	int hour, min, sec, ms;
	int ampm;		/* AMPM_* */
	int wday;		/* 0 Sunday .. 6 Saturday; -1 when not given */
	int has_offset, offset, offset_unknown;
};

struct cur {
	const char *p;
	const char *end;
};

static void
parts_init(struct parts *t)
{
	memset(t, 0, sizeof(*t));
	t->wday = -1;
}

static int
peek(const struct cur *c)
{
	return c->p < c->end ? (unsigned char)*c->p : -1;
}

static int
peek_at(const struct cur *c, size_t k)
{
	return (size_t)(c->end - c->p) > k ? (unsigned char)c->p[k] : -1;
}

static int
is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static int
is_alpha(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static int
lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

/* Bytes of one white space character at c: space, tab, U+00A0, U+202F. */
static size_t
space_len(const struct cur *c)
{
	size_t n = (size_t)(c->end - c->p);

	if (n >= 1 && (c->p[0] == ' ' || c->p[0] == '\t'))
		return 1;
	if (n >= 2 && memcmp(c->p, "\xc2\xa0", 2) == 0)
		return 2;
	if (n >= 3 && memcmp(c->p, "\xe2\x80\xaf", 3) == 0)
		return 3;
	return 0;
}

/* Skips white space; returns how many characters. */
static int
skip_spaces(struct cur *c)
{
	size_t n;
	int count = 0;

	while ((n = space_len(c)) > 0) {
		c->p += n;
		count++;
	}
	return count;
}

/* Reads at most max digits into *v; returns how many were read. */
static int
read_num(struct cur *c, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (n < max && is_digit(peek(c))) {
		*v = *v * 10 + (*c->p++ - '0');
		n++;
	}
	return n;
}

/* Reads exactly n digits, or fails leaving c where it was. */
static int
read_fixed(struct cur *c, int n, int *v)
{
	const char *save = c->p;

	if (read_num(c, n, v) != n || is_digit(peek(c))) {
		c->p = save;
		return -1;
	}
	return 0;
}

/* Reads fraction digits (at least one) truncated to milliseconds. */
static int
read_fraction(struct cur *c, int *ms)
{
	int n = 0;

	*ms = 0;
	while (is_digit(peek(c))) {
		if (n < 3)
			*ms = *ms * 10 + (*c->p - '0');
		c->p++;
		n++;
	}
	if (n == 0)
		return -1;
	for (; n < 3; n++)
		*ms *= 10;
	return 0;
}

/* A 2-digit year in the RFC 5322 window 1950..2049. */
static int
pivot_year(int yy)
{
	return yy < 50 ? 2000 + yy : 1900 + yy;
}

/* Reads a run of ASCII letters; returns its length. */
static size_t
read_word(struct cur *c, const char **w)
{
	*w = c->p;
	while (is_alpha(peek(c)))
		c->p++;
	return (size_t)(c->p - *w);
}

static int
word_is(const char *w, size_t n, const char *name)
{
	size_t i;

	if (strlen(name) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (lower((unsigned char)w[i]) != name[i])
			return 0;
	return 1;
}

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

static const char *const weekday_names[7] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday"
};

/* Index of the name that w is, short (3 letters) or full; -1 if none. */
static int
name_index(const char *w, size_t n, const char *const *names, int count)
{
	char abbr[4];
	int i;

	for (i = 0; i < count; i++) {
		memcpy(abbr, names[i], 3);
		abbr[3] = '\0';
		if (word_is(w, n, abbr) || word_is(w, n, names[i]))
			return i;
	}
	return -1;
}

/*
 * Reads an AM/PM marker at c: Latin ([AaPp], optionally "." and white
 * space, [Mm], optionally ".") when latin is set, or a CJK word.  Returns
 * AMPM_NONE, leaving c alone, when there is none.
 */
static int
read_ampm(struct cur *c, int latin)
{
	static const struct {
		const char *word;
		int ampm;
	} cjk[] = {
		{ "\xe4\xb8\x8a\xe5\x8d\x88", AMPM_AM },	/* 上午 */
		{ "\xe4\xb8\x8b\xe5\x8d\x88", AMPM_PM },	/* 下午 */
		{ "\xe5\x8d\x88\xe5\x89\x8d", AMPM_AM },	/* 午前 */
		{ "\xe5\x8d\x88\xe5\xbe\x8c", AMPM_PM },	/* 午後 */
		{ "\xec\x98\xa4\xec\xa0\x84", AMPM_AM },	/* 오전 */
		{ "\xec\x98\xa4\xed\x9b\x84", AMPM_PM },	/* 오후 */
	};
	struct cur k = *c;
	size_t i, n = (size_t)(c->end - c->p);
	int ch, ampm;

	for (i = 0; i < sizeof(cjk) / sizeof(cjk[0]); i++)
		if (n >= 6 && memcmp(c->p, cjk[i].word, 6) == 0) {
			c->p += 6;
			return cjk[i].ampm;
		}
	if (!latin)
		return AMPM_NONE;
	ch = lower(peek(&k));
	if (ch != 'a' && ch != 'p')
		return AMPM_NONE;
	ampm = ch == 'a' ? AMPM_AM : AMPM_PM;
	k.p++;
	if (peek(&k) == '.') {
		k.p++;
		skip_spaces(&k);
	}
	if (lower(peek(&k)) != 'm')
		return AMPM_NONE;
	k.p++;
	if (peek(&k) == '.')
		k.p++;
	if (is_alpha(peek(&k)))
		return AMPM_NONE;	/* a longer word: not a marker */
	*c = k;
	return ampm;
}

/*
 * Reads a numeric offset at c, which is at '+' or '-': hh, hhmm or hh:mm
 * (hhmm or hh:mm only when !short_ok); a malformed one gives form.
 */
static int
read_offset(struct cur *c, struct parts *t, int short_ok, const char *form,
    const char **why)
{
	int sign = *c->p == '-' ? -1 : 1, hh, mm = 0;

	c->p++;
	if (read_num(c, 2, &hh) != 2)
		goto form;
	if (peek(c) == ':') {
		c->p++;
		if (read_fixed(c, 2, &mm) != 0)
			goto form;
	} else if (is_digit(peek(c))) {
		if (read_fixed(c, 2, &mm) != 0)
			goto form;
	} else if (!short_ok)
		goto form;
	if (hh > 23 || mm > 59) {
		*why = R_OFFSET_RANGE;
		return -1;
	}
	t->has_offset = 1;
	t->offset = sign * (hh * 3600 + mm * 60);
	t->offset_unknown = sign < 0 && hh == 0 && mm == 0;
	return 0;
form:
	*why = form;
	return -1;
}

/*
 * Reads an optional zone after a numeric time: optional white space, then
 * "Z", "z", an offset, or "UTC"/"GMT" (optionally followed by an offset).
 * Returns 1 when there is none (c unchanged), 0 when read, -1 on error.
 */
static int
read_zone(struct cur *c, struct parts *t, const char **why)
{
	struct cur k = *c;
	const char *w;
	size_t n;
	int ch;

	skip_spaces(&k);
	ch = peek(&k);
	if (ch == '+' || ch == '-') {
		if (read_offset(&k, t, 1, R_OFFSET_FORM, why) != 0)
			return -1;
		*c = k;
		return 0;
	}
	n = read_word(&k, &w);
	if (word_is(w, n, "z")) {
		t->has_offset = 1;
		*c = k;
		return 0;
	}
	if (word_is(w, n, "utc") || word_is(w, n, "gmt")) {
		t->has_offset = 1;
		ch = peek(&k);
		if ((ch == '+' || ch == '-') &&
		    read_offset(&k, t, 1, R_OFFSET_FORM, why) != 0)
			return -1;
		*c = k;
		return 0;
	}
	return 1;
}

/* Day of the week of a day number, 0 = Sunday (1970-01-01 was a Thursday). */
static int
weekday(int64_t days)
{
	return (int)(((days % 7) + 11) % 7);
}

/* Checks the fields, applies AM/PM and fills *r. */
static int
finish(struct parts *t, struct timeparse_result *r, const char **why)
{
	int64_t days;
	int hour = t->hour;

	if (t->yday > 0) {
		if (t->yday > 365 + (timefmt_days_in_month(t->year, 2) == 29)) {
			*why = R_YDAY;
			return -1;
		}
		days = timefmt_days_from_civil(t->year, 1, 1) + t->yday - 1;
	} else {
		if (t->month < 1 || t->month > 12) {
			*why = R_MONTH;
			return -1;
		}
		if (t->day < 1 ||
		    t->day > timefmt_days_in_month(t->year, t->month)) {
			*why = R_DAY;
			return -1;
		}
		days = timefmt_days_from_civil(t->year, t->month, t->day);
	}
	if (t->ampm != AMPM_NONE) {
		if (hour < 1 || hour > 12) {
			*why = R_HOUR12;
			return -1;
		}
		hour = hour % 12 + (t->ampm == AMPM_PM ? 12 : 0);
	}
	if (hour > 23) {
		*why = R_HOUR;
		return -1;
	}
	if (t->min > 59) {
		*why = R_MINUTE;
		return -1;
	}
	if (t->sec == 60) {
		*why = R_LEAP;
		return -1;
	}
	if (t->sec > 60) {
		*why = R_SECOND;
		return -1;
	}
	if (t->wday >= 0 && weekday(days) != t->wday) {
		*why = R_WEEKDAY;
		return -1;
	}
	r->local_ms = ((days * 24 + hour) * 60 + t->min) * 60000 +
	    (int64_t)t->sec * 1000 + t->ms;
	r->has_offset = t->has_offset;
	r->offset_seconds = t->has_offset ? t->offset : 0;
	r->offset_unknown = t->has_offset && t->offset_unknown;
	r->is_epoch = 0;
	return 0;
}

/* RFC 3339 and YYYY-MM-DD HH:MM:SS, two digits a field. */
static int
parse_iso(struct cur *c, struct parts *t, const char **why)
{
	int ch;

	if (read_fixed(c, 4, &t->year) != 0 || peek(c) != '-')
		goto form;
	c->p++;
	if (read_fixed(c, 2, &t->month) != 0 || peek(c) != '-')
		goto form;
	c->p++;
	if (read_fixed(c, 2, &t->day) != 0)
		goto form;
	if (c->p == c->end) {
		*why = R_ISO_DATE_ONLY;
		return -1;
	}
	ch = peek(c);
	if (ch != 'T' && ch != 't' && ch != ' ')
		goto form;
	c->p++;
	if (read_fixed(c, 2, &t->hour) != 0 || peek(c) != ':')
		goto form;
	c->p++;
	if (read_fixed(c, 2, &t->min) != 0)
		goto form;
	if (peek(c) == ':') {
		c->p++;
		if (read_fixed(c, 2, &t->sec) != 0)
			goto form;
		ch = peek(c);
		if ((ch == '.' || ch == ',') && is_digit(peek_at(c, 1))) {
			c->p++;
			read_fraction(c, &t->ms);
		}
	}
	if (read_zone(c, t, why) < 0)
		return -1;
	if (c->p != c->end) {
		*why = R_TRAILING;
		return -1;
	}
	return 0;
form:
	*why = R_ISO;
	return -1;
}

/*
 * The time of day of the numeric forms and what follows it: an optional
 * CJK marker, H:MM[:SS[.F]] or H.MM[.SS], an optional marker, an optional
 * zone, and the end.
 */
static int
parse_clock(struct cur *c, struct parts *t, const char **why)
{
	struct cur k;
	int sep, ch, ampm;

	t->ampm = read_ampm(c, 0);
	if (t->ampm != AMPM_NONE)
		skip_spaces(c);
	if (read_num(c, 2, &t->hour) == 0)
		goto form;
	sep = peek(c);
	if (sep != ':' && sep != '.')
		goto form;
	c->p++;
	if (read_fixed(c, 2, &t->min) != 0)
		goto form;
	if (peek(c) == sep && is_digit(peek_at(c, 1))) {
		c->p++;
		if (read_fixed(c, 2, &t->sec) != 0)
			goto form;
		ch = peek(c);
		if (sep == ':' && (ch == '.' || ch == ',') &&
		    is_digit(peek_at(c, 1))) {
			c->p++;
			read_fraction(c, &t->ms);
		}
	}
	k = *c;
	skip_spaces(&k);
	ampm = read_ampm(&k, 1);
	if (ampm != AMPM_NONE) {
		if (t->ampm != AMPM_NONE) {
			*why = R_AMPM_TWICE;
			return -1;
		}
		t->ampm = ampm;
		*c = k;
	}
	if (read_zone(c, t, why) < 0)
		return -1;
	if (c->p != c->end) {
		*why = R_TRAILING;
		return -1;
	}
	return 0;
form:
	*why = R_TIME;
	return -1;
}

/* Numeric dates in the order given, then a clock. */
static int
parse_numeric(struct cur *c, enum timeparse_style order, struct parts *t,
    const char **why)
{
	const char *form = order == TIMEPARSE_DMY ? R_DMY :
	    order == TIMEPARSE_MDY ? R_MDY : R_YMD;
	int f[3], n[3], sep = 0, i, ch, gap;

	for (i = 0; i < 3; i++) {
		n[i] = read_num(c, order == TIMEPARSE_YMD ? (i == 0 ? 5 : 3) :
		    (i == 2 ? 5 : 3), &f[i]);
		if (n[i] == 0)
			goto form;
		if (i == 2)
			break;
		ch = peek(c);
		if (ch != '/' && ch != '.' && ch != '-')
			goto form;
		if (i == 0)
			sep = ch;
		else if (ch != sep) {
			*why = R_SEPS;
			return -1;
		}
		c->p++;
		if (sep == '.')
			skip_spaces(c);
	}
	if (order == TIMEPARSE_YMD) {
		if (n[0] != 4 || n[1] > 2 || n[2] > 2)
			goto form;
		t->year = f[0];
		t->month = f[1];
		t->day = f[2];
	} else {
		if (n[0] > 2 || n[1] > 2)
			goto form;
		if (n[2] != 2 && n[2] != 4) {
			*why = R_YEAR24;
			return -1;
		}
		t->year = n[2] == 2 ? pivot_year(f[2]) : f[2];
		t->day = f[order == TIMEPARSE_DMY ? 0 : 1];
		t->month = f[order == TIMEPARSE_DMY ? 1 : 0];
	}
	if (sep == '.' && peek(c) == '.')
		c->p++;		/* "13. 6. 2018. 21:25" */
	if (c->p == c->end) {
		*why = R_NO_TIME;
		return -1;
	}
	ch = peek(c);
	gap = 0;
	if ((ch == 'T' || ch == 't') && is_digit(peek_at(c, 1))) {
		c->p++;
		gap = 1;
	} else {
		if (ch == ',') {
			c->p++;
			gap = 1;
		}
		gap += skip_spaces(c);
	}
	if (!gap) {
		*why = R_TIME;
		return -1;
	}
	return parse_clock(c, t, why);
form:
	*why = form;
	return -1;
}

/* Skips RFC 5322 CFWS: white space (folding included) and comments. */
static int
skip_cfws(struct cur *c, const char **why)
{
	int depth, ch;

	for (;;) {
		ch = peek(c);
		if (ch == '\r' || ch == '\n') {
			c->p++;
			continue;
		}
		if (skip_spaces(c) > 0)
			continue;
		if (ch != '(')
			return 0;
		c->p++;
		for (depth = 1; depth > 0;) {
			if (c->p == c->end) {
				*why = R_5322_COMMENT;
				return -1;
			}
			ch = (unsigned char)*c->p++;
			if (ch == '\\') {
				if (c->p == c->end) {
					*why = R_5322_COMMENT;
					return -1;
				}
				c->p++;
			} else if (ch == '(')
				depth++;
			else if (ch == ')')
				depth--;
		}
	}
}

/* The RFC 5322 zone names of fixed offset (section 4.3), and UTC. */
static const struct {
	const char *name;
	int hours;
} zone_names[] = {
	{ "ut", 0 }, { "gmt", 0 }, { "utc", 0 },
	{ "est", -5 }, { "edt", -4 }, { "cst", -6 }, { "cdt", -5 },
	{ "mst", -7 }, { "mdt", -6 }, { "pst", -8 }, { "pdt", -7 },
};

/* The RFC 5322 zone at c, which is not at the end. */
static int
parse_5322_zone(struct cur *c, struct parts *t, const char **why)
{
	const char *w;
	size_t n, i;
	int ch = peek(c);

	if (ch == '+' || ch == '-')
		return read_offset(c, t, 0, R_5322_ZONE, why);
	n = read_word(c, &w);
	if (n == 0) {
		*why = R_5322_TRAILING;
		return -1;
	}
	if (n == 1 && lower((unsigned char)*w) != 'j') {
		/* Military zones: RFC 5322 4.3 reads them all as -0000. */
		t->has_offset = 1;
		t->offset_unknown = 1;
		return 0;
	}
	for (i = 0; i < sizeof(zone_names) / sizeof(zone_names[0]); i++)
		if (word_is(w, n, zone_names[i].name)) {
			t->has_offset = 1;
			t->offset = zone_names[i].hours * 3600;
			ch = peek(c);
			/* "GMT+0100", as some writers put it. */
			if (zone_names[i].hours == 0 &&
			    (ch == '+' || ch == '-'))
				return read_offset(c, t, 0, R_5322_ZONE, why);
			return 0;
		}
	*why = R_5322_ZONE_NAME;
	return -1;
}

static int
parse_5322(struct cur *c, struct parts *t, const char **why)
{
	const char *w;
	size_t n;
	int dash = 0, v;

	if (skip_cfws(c, why) != 0)
		return -1;
	if (is_alpha(peek(c))) {
		n = read_word(c, &w);
		t->wday = name_index(w, n, weekday_names, 7);
		if (t->wday < 0) {
			*why = R_5322_WEEKDAY;
			return -1;
		}
		if (skip_cfws(c, why) != 0)
			return -1;
		if (peek(c) == ',') {
			c->p++;
			if (skip_cfws(c, why) != 0)
				return -1;
		}
	}
	n = (size_t)read_num(c, 3, &t->day);
	if (n < 1 || n > 2) {
		*why = R_5322_DAY;
		return -1;
	}
	if (skip_cfws(c, why) != 0)
		return -1;
	if (peek(c) == '-') {
		c->p++;
		dash = 1;
	}
	if (skip_cfws(c, why) != 0)
		return -1;
	n = read_word(c, &w);
	if (n == 0) {
		*why = R_5322_NO_MONTH;
		return -1;
	}
	t->month = name_index(w, n, month_names, 12) + 1;
	if (t->month == 0) {
		*why = R_5322_MONTH;
		return -1;
	}
	if (skip_cfws(c, why) != 0)
		return -1;
	if (dash && peek(c) == '-')
		c->p++;
	if (skip_cfws(c, why) != 0)
		return -1;
	n = (size_t)read_num(c, 5, &v);
	if (peek(c) == ':') {
		*why = R_5322_NO_YEAR;	/* "6 Feb 17:53": that was the hour */
		return -1;
	}
	if (n < 2 || n > 4) {
		*why = R_5322_YEAR;
		return -1;
	}
	t->year = n == 2 ? pivot_year(v) : n == 3 ? 1900 + v : v;
	if (skip_cfws(c, why) != 0)
		return -1;
	if (read_num(c, 2, &t->hour) == 0)
		goto time;
	if (skip_cfws(c, why) != 0)
		return -1;
	if (peek(c) != ':')
		goto time;
	c->p++;
	if (skip_cfws(c, why) != 0)
		return -1;
	if (read_fixed(c, 2, &t->min) != 0)
		goto time;
	if (skip_cfws(c, why) != 0)
		return -1;
	if (peek(c) == ':') {
		c->p++;
		if (skip_cfws(c, why) != 0)
			return -1;
		if (read_fixed(c, 2, &t->sec) != 0)
			goto time;
		if (skip_cfws(c, why) != 0)
			return -1;
	}
	if (c->p != c->end) {
		if (parse_5322_zone(c, t, why) != 0)
			return -1;
		if (skip_cfws(c, why) != 0)
			return -1;
	}
	if (c->p != c->end) {
		*why = R_5322_TRAILING;
		return -1;
	}
	return 0;
time:
	*why = R_5322_TIME;
	return -1;
}

/* [-]DIGITS[.DIGITS] in the unit of scale milliseconds. */
static int
parse_epoch(struct cur *c, int scale, struct timeparse_result *r,
    const char **why)
{
	const char *form = scale == 1000 ? R_EPOCH_S : R_EPOCH_MS;
	int64_t v = 0, frac = 0, ms;
	int neg = 0, n = 0, f;

	if (peek(c) == '-') {
		neg = 1;
		c->p++;
	}
	while (is_digit(peek(c))) {
		if (v > INT64_C(1000000000000000))
			v = INT64_C(1000000000000001);	/* out of range */
		else
			v = v * 10 + (*c->p - '0');
		c->p++;
		n++;
	}
	if (n == 0)
		goto form;
	if (peek(c) == '.') {
		c->p++;
		/* Digits that make whole milliseconds count; the rest drop. */
		for (f = 0; is_digit(peek(c)); f++, c->p++)
			if (scale == 1000 && f < 3)
				frac += (*c->p - '0') * (f == 0 ? 100 :
				    f == 1 ? 10 : 1);
		if (f == 0)
			goto form;
	}
	if (c->p != c->end)
		goto form;
	if (v > INT64_C(1000000000000000)) {
		*why = R_EPOCH_RANGE;
		return -1;
	}
	ms = v * scale + frac;
	if (neg)
		ms = -ms;
	if (ms < MIN_MS || ms > MAX_MS) {
		*why = R_EPOCH_RANGE;
		return -1;
	}
	r->local_ms = ms;
	r->has_offset = 1;
	r->offset_seconds = 0;
	r->offset_unknown = 0;
	r->is_epoch = 1;
	return 0;
form:
	*why = form;
	return -1;
}

/* Strips white space from both ends of the text. */
static void
trim(struct cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' ||
	    *c->p == '\r' || *c->p == '\n'))
		c->p++;
	while (c->end > c->p && (c->end[-1] == ' ' || c->end[-1] == '\t' ||
	    c->end[-1] == '\r' || c->end[-1] == '\n'))
		c->end--;
}

/*
 * Picks the form of an AUTO text, or rejects it, from its first characters:
 * digits alone (with a fraction) are an epoch number, 4 digits and a
 * separator a year-first date, 1 or 2 digits and a separator and a digit a
 * date of unknown order, a weekday, a comment or a day and a month name
 * RFC 5322.
 */
static int
auto_style(const struct cur *c, enum timeparse_style *style,
    const char **why)
{
	struct cur k = *c;
	const char *w;
	size_t len;
	int n = 0, ch;

	while (is_digit(peek(&k))) {
		k.p++;
		n++;
	}
	ch = peek(&k);
	if (n == 0) {
		len = read_word(&k, &w);
		if (ch == '(' ||
		    (len > 0 && name_index(w, len, weekday_names, 7) >= 0)) {
			*style = TIMEPARSE_RFC5322;
			return 0;
		}
		*why = R_AUTO;
		return -1;
	}
	if (ch == -1 || ch == '.') {
		k.p += ch == '.';
		while (is_digit(peek(&k)))
			k.p++;
		if (k.p == k.end) {
			if (ch == '.' && !is_digit(k.p[-1]))
				ch = 0;		/* "1709546400." */
			else if (n == 10 || n == 13) {
				*style = n == 10 ? TIMEPARSE_EPOCH_S :
				    TIMEPARSE_EPOCH_MS;
				return 0;
			} else {
				*why = R_AUTO_NUMBER;
				return -1;
			}
		}
	}
	if (n == 4 && (ch == '-' || ch == '/' || ch == '.')) {
		*style = TIMEPARSE_YMD;
		return 0;
	}
	if (n <= 2 && (ch == '-' || ch == '/' || ch == '.') &&
	    is_digit(peek_at(c, (size_t)n + 1))) {
		*why = R_AUTO_ORDER;
		return -1;
	}
	if (n <= 2 && (ch == ' ' || ch == '\t' || ch == '(' || ch == '-' ||
	    is_alpha(ch))) {
		*style = TIMEPARSE_RFC5322;
		return 0;
	}
	*why = R_AUTO;
	return -1;
}

int
timeparse_read(const char *s, size_t len, enum timeparse_style style,
    struct timeparse_result *r, const char **why)
{
	struct cur c;
	struct timeparse_result out;
	struct parts t;
	int rc;

	if (len == 0) {
		*why = R_EMPTY;
		return -1;
	}
	c.p = s;
	c.end = s + len;
	trim(&c);
	if (c.p == c.end) {
		*why = R_EMPTY;
		return -1;
	}
	if (style == TIMEPARSE_AUTO && auto_style(&c, &style, why) != 0)
		return -1;
	parts_init(&t);
	switch (style) {
	case TIMEPARSE_ISO:
		rc = parse_iso(&c, &t, why);
		break;
	case TIMEPARSE_RFC5322:
		rc = parse_5322(&c, &t, why);
		break;
	case TIMEPARSE_DMY:
	case TIMEPARSE_MDY:
	case TIMEPARSE_YMD:
		rc = parse_numeric(&c, style, &t, why);
		break;
	case TIMEPARSE_EPOCH_S:
	case TIMEPARSE_EPOCH_MS:
		if (parse_epoch(&c, style == TIMEPARSE_EPOCH_S ? 1000 : 1,
		    &out, why) != 0)
			return -1;
		*r = out;
		return 0;
	default:
		*why = R_AUTO;
		return -1;
	}
	if (rc != 0 || finish(&t, &out, why) != 0)
		return -1;
	*r = out;
	return 0;
}

/* Fields of a format, one bit each, to find repeats and gaps. */
enum {
	F_YEAR = 1 << 0, F_MONTH = 1 << 1, F_DAY = 1 << 2, F_YDAY = 1 << 3,
	F_HOUR = 1 << 4, F_HOUR12 = 1 << 5, F_MIN = 1 << 6, F_SEC = 1 << 7,
	F_FRAC = 1 << 8, F_AMPM = 1 << 9, F_WDAY = 1 << 10, F_ZONE = 1 << 11
};

/* The field of conversion ch, 0 for those that are no field, -1 unknown. */
static int
conv_field(int ch)
{
	switch (ch) {
	case 'Y': case 'y': return F_YEAR;
	case 'm': case 'b': case 'B': case 'h': return F_MONTH;
	case 'd': case 'e': return F_DAY;
	case 'j': return F_YDAY;
	case 'H': return F_HOUR;
	case 'I': return F_HOUR | F_HOUR12;
	case 'M': return F_MIN;
	case 'S': return F_SEC;
	case 'f': return F_FRAC;
	case 'p': return F_AMPM;
	case 'a': case 'A': return F_WDAY;
	case 'z': case 'Z': return F_ZONE;
	case 'n': case 't': case '%': return 0;
	default: return -1;
	}
}

/* The conversions that stand for others. */
static const char *
conv_expansion(int ch)
{
	switch (ch) {
	case 'F': return "%Y-%m-%d";
	case 'T': return "%H:%M:%S";
	case 'R': return "%H:%M";
	default: return NULL;
	}
}

/* Collects the fields of fmt into *seen; -1 on a repeat or an unknown. */
static int
scan_format(const char *fmt, int *seen, const char **why)
{
	const char *x;
	int field;

	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%')
			continue;
		fmt++;
		if (*fmt == '\0') {
			*why = R_FMT_LONE;
			return -1;
		}
		if ((x = conv_expansion((unsigned char)*fmt)) != NULL) {
			if (scan_format(x, seen, why) != 0)
				return -1;
			continue;
		}
		field = conv_field((unsigned char)*fmt);
		if (field < 0) {
			*why = R_FMT_UNKNOWN;
			return -1;
		}
		if (*seen & field & ~F_HOUR12) {
			*why = R_FMT_TWICE;
			return -1;
		}
		*seen |= field;
	}
	return 0;
}

int
timeparse_check_format(const char *fmt, const char **why)
{
	int seen = 0;

	if (scan_format(fmt, &seen, why) != 0)
		return -1;
	if (!(seen & F_YEAR)) {
		*why = R_FMT_YEAR;
		return -1;
	}
	if ((seen & F_YDAY) && (seen & (F_MONTH | F_DAY))) {
		*why = R_FMT_JDAY;
		return -1;
	}
	if (!(seen & F_YDAY) && (seen & (F_MONTH | F_DAY)) !=
	    (F_MONTH | F_DAY)) {
		*why = R_FMT_DATE;
		return -1;
	}
	if (!(seen & F_HOUR12) != !(seen & F_AMPM)) {
		*why = R_FMT_12H;
		return -1;
	}
	if ((seen & F_FRAC) && !(seen & F_SEC)) {
		*why = R_FMT_FRACTION;
		return -1;
	}
	return 0;
}

/* Matches the text at c against fmt, conversion by conversion. */
static int
match_format(struct cur *c, const char *fmt, struct parts *t,
    const char **why)
{
	const char *w, *x;
	size_t n;
	int ch, v;

	for (; *fmt != '\0'; fmt++) {
		if (*fmt == ' ' || *fmt == '\t' || *fmt == '\n') {
			skip_spaces(c);
			continue;
		}
		if (*fmt != '%') {
			if (peek(c) != (unsigned char)*fmt) {
				*why = R_FMT_LITERAL;
				return -1;
			}
			c->p++;
			continue;
		}
		ch = (unsigned char)*++fmt;
		if ((x = conv_expansion(ch)) != NULL) {
			if (match_format(c, x, t, why) != 0)
				return -1;
			continue;
		}
		switch (ch) {
		case 'Y':
			if (read_num(c, 4, &t->year) != 4) {
				*why = R_FMT_Y;
				return -1;
			}
			break;
		case 'y':
			if (read_num(c, 2, &v) != 2) {
				*why = R_FMT_y;
				return -1;
			}
			t->year = pivot_year(v);
			break;
		case 'm':
			if (read_num(c, 2, &t->month) == 0) {
				*why = R_FMT_m;
				return -1;
			}
			break;
		case 'b':
		case 'B':
		case 'h':
			n = read_word(c, &w);
			t->month = name_index(w, n, month_names, 12) + 1;
			if (t->month == 0) {
				*why = R_FMT_b;
				return -1;
			}
			break;
		case 'e':
			skip_spaces(c);
			/* FALLTHROUGH */
		case 'd':
			if (read_num(c, 2, &t->day) == 0) {
				*why = R_FMT_d;
				return -1;
			}
			break;
		case 'j':
			if (read_num(c, 3, &t->yday) == 0) {
				*why = R_FMT_j;
				return -1;
			}
			if (t->yday == 0) {
				*why = R_YDAY;
				return -1;
			}
			break;
		case 'H':
		case 'I':
			if (read_num(c, 2, &t->hour) == 0) {
				*why = R_FMT_H;
				return -1;
			}
			break;
		case 'M':
			if (read_num(c, 2, &t->min) == 0) {
				*why = R_FMT_M;
				return -1;
			}
			break;
		case 'S':
			if (read_num(c, 2, &t->sec) == 0) {
				*why = R_FMT_S;
				return -1;
			}
			break;
		case 'f':
			if (read_fraction(c, &t->ms) != 0) {
				*why = R_FMT_f;
				return -1;
			}
			break;
		case 'p':
			t->ampm = read_ampm(c, 1);
			if (t->ampm == AMPM_NONE) {
				*why = R_FMT_p;
				return -1;
			}
			break;
		case 'a':
		case 'A':
			n = read_word(c, &w);
			t->wday = name_index(w, n, weekday_names, 7);
			if (t->wday < 0) {
				*why = R_FMT_a;
				return -1;
			}
			break;
		case 'z':
			ch = peek(c);
			if (ch == 'Z' || ch == 'z') {
				c->p++;
				t->has_offset = 1;
			} else if (ch == '+' || ch == '-') {
				if (read_offset(c, t, 1, R_OFFSET_FORM,
				    why) != 0)
					return -1;
			} else {
				*why = R_OFFSET_FORM;
				return -1;
			}
			break;
		case 'Z':
			n = read_word(c, &w);
			if (!word_is(w, n, "utc") && !word_is(w, n, "gmt") &&
			    !word_is(w, n, "ut") && !word_is(w, n, "z")) {
				*why = R_FMT_Z;
				return -1;
			}
			t->has_offset = 1;
			break;
		case 'n':
		case 't':
			skip_spaces(c);
			break;
		case '%':
			if (peek(c) != '%') {
				*why = R_FMT_LITERAL;
				return -1;
			}
			c->p++;
			break;
		default:
			*why = R_FMT_UNKNOWN;
			return -1;
		}
	}
	return 0;
}

int
timeparse_read_format(const char *s, size_t len, const char *fmt,
    struct timeparse_result *r, const char **why)
{
	struct cur c;
	struct timeparse_result out;
	struct parts t;

	if (timeparse_check_format(fmt, why) != 0)
		return -1;
	if (len == 0) {
		*why = R_EMPTY;
		return -1;
	}
	c.p = s;
	c.end = s + len;
	trim(&c);
	if (c.p == c.end) {
		*why = R_EMPTY;
		return -1;
	}
	parts_init(&t);
	t.month = 1;
	t.day = 1;
	if (match_format(&c, fmt, &t, why) != 0)
		return -1;
	if (c.p != c.end) {
		*why = R_TRAILING;
		return -1;
	}
	if (finish(&t, &out, why) != 0)
		return -1;
	*r = out;
	return 0;
}

int
timeparse_to_utc(const struct timeparse_result *r, int64_t *utc_ms)
{
	if (!r->has_offset)
		return -1;
	*utc_ms = r->local_ms - (int64_t)r->offset_seconds * 1000;
	return 0;
}

int
timeparse_style_from_name(const char *name, enum timeparse_style *style)
{
	static const struct {
		const char *name;
		enum timeparse_style style;
	} names[] = {
		{ "auto", TIMEPARSE_AUTO }, { "iso", TIMEPARSE_ISO },
		{ "rfc5322", TIMEPARSE_RFC5322 }, { "dmy", TIMEPARSE_DMY },
		{ "mdy", TIMEPARSE_MDY }, { "ymd", TIMEPARSE_YMD },
		{ "epoch", TIMEPARSE_EPOCH_S },
		{ "epoch_ms", TIMEPARSE_EPOCH_MS },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i].name) == 0) {
			*style = names[i].style;
			return 0;
		}
	return -1;
}
