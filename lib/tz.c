/*
 * tz.c - time zones from TZif files (RFC 8536) and POSIX TZ strings
 * (POSIX.1-2017 section 8.3, with the RFC 8536 section 3.3.1 extension),
 * without the C library's zone machinery: the calendar is timefmt's.
 *
 * A zone is a sorted table of transitions, each naming the local time type
 * (offset, DST flag, abbreviation) in effect from it on; before the first,
 * type 0; after the last, the footer's TZ string rule.  Every question is
 * answered from "periods": maximal spans [start, end) of UTC with one type.
 */
#include "tz.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "timefmt.h"
#include "util.h"

#define TZ_DEFAULT_DIR "/usr/share/zoneinfo"
#define TZ_FILE_MAX (1L << 20)	/* real files are a few KiB */
#define TZ_NAME_MAX 255
#define TZ_OFFSET_MAX (26 * 3600)	/* RFC 8536: -89999..93599 */
#define TZ_ABBR_MAX 63
#define TZIF_HEADER 44

/* When a POSIX TZ rule switches: Jn, n or Mm.w.d, at time seconds. */
struct rule_date {
	enum { RULE_JULIAN1, RULE_JULIAN0, RULE_MWD } kind;
	int day;		/* Jn: 1..365; n: 0..365 */
	int month, week, wday;	/* Mm.w.d: 1..12, 1..5, 0..6 (Sunday) */
	int time;		/* local seconds after midnight, +-167h */
};

/* A parsed POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3". */
struct posix_tz {
	int std_off, dst_off;	/* east of UTC (the string says west) */
	int has_dst;
	struct rule_date start, end;
	char std_abbr[TZ_ABBR_MAX + 1], dst_abbr[TZ_ABBR_MAX + 1];
};

struct tz_type {
	int off;
	int is_dst;
	size_t abbr;		/* index into chars */
};

struct tz {
	struct tz *next;	/* in the cache of loaded files */
	unsigned long refs;
	char *name;
	char *key;		/* the file's path; NULL when not cached */
	size_t ntrans;
	int64_t *trans;		/* strictly increasing */
	unsigned char *tidx;	/* type of each transition */
	size_t ntypes;
	struct tz_type *types;
	char *chars;		/* abbreviations, NUL-terminated */
	int has_footer;
	struct posix_tz footer;
	int off_min, off_max;	/* over every type the zone can be in */
};

/* A maximal span [start, end) of UTC with one local time type. */
struct period {
	int64_t start, end;	/* INT64_MIN, INT64_MAX: unbounded */
	int off;
	int is_dst;
	const char *abbr;
};

static struct tz *cache;

static void tz_error(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
tz_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static int64_t
clamp(int64_t t)
{
	if (t > TZ_SECONDS_LIMIT)
		return TZ_SECONDS_LIMIT;
	if (t < -TZ_SECONDS_LIMIT)
		return -TZ_SECONDS_LIMIT;
	return t;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* ---- POSIX TZ strings ---- */

/* An abbreviation: letters, or <...> of letters, digits, '+' and '-'. */
static int
parse_abbr(const char **sp, char *out, const char **why)
{
	const char *s = *sp;
	size_t n = 0;

	if (*s == '<') {
		for (s++; *s != '>'; s++) {
			if (!((*s >= 'A' && *s <= 'Z') ||
			    (*s >= 'a' && *s <= 'z') ||
			    (*s >= '0' && *s <= '9') || *s == '+' ||
			    *s == '-')) {
				*why = "bad character in a <quoted> name";
				return -1;
			}
			if (n == TZ_ABBR_MAX) {
				*why = "name too long";
				return -1;
			}
			out[n++] = *s;
		}
		s++;
	} else {
		for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z');
		    s++) {
			if (n == TZ_ABBR_MAX) {
				*why = "name too long";
				return -1;
			}
			out[n++] = *s;
		}
	}
	if (n == 0) {
		*why = "missing zone name";
		return -1;
	}
	out[n] = '\0';
	*sp = s;
	return 0;
}

/* Up to max digits as a number; -1 if none. */
static int
parse_num(const char **sp, int max)
{
	const char *s = *sp;
	int v = 0, n = 0;

	while (n < max && *s >= '0' && *s <= '9') {
		v = v * 10 + (*s++ - '0');
		n++;
	}
	if (n == 0)
		return -1;
	*sp = s;
	return v;
}

/* [+-]hh[:mm[:ss]] with hh at most max_hours; the signed seconds. */
static int
parse_hms(const char **sp, int max_hours, int *secs, const char **why)
{
	const char *s = *sp;
	int sign = 1, h, m = 0, sec = 0;

	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	h = parse_num(&s, 3);
	if (h < 0 || h > max_hours) {
		*why = h < 0 ? "missing hours" : "hours out of range";
		return -1;
	}
	if (*s == ':') {
		s++;
		if ((m = parse_num(&s, 2)) < 0 || m > 59) {
			*why = "bad minutes";
			return -1;
		}
		if (*s == ':') {
			s++;
			if ((sec = parse_num(&s, 2)) < 0 || sec > 59) {
				*why = "bad seconds";
				return -1;
			}
		}
	}
	*secs = sign * (h * 3600 + m * 60 + sec);
	*sp = s;
	return 0;
}

/* Jn, n or Mm.w.d, then an optional /time (default 02:00:00). */
static int
parse_rule_date(const char **sp, struct rule_date *r, const char **why)
{
	const char *s = *sp;

	if (*s == 'J') {
		s++;
		r->kind = RULE_JULIAN1;
		if ((r->day = parse_num(&s, 3)) < 1 || r->day > 365) {
			*why = "Jn day out of range 1..365";
			return -1;
		}
	} else if (*s == 'M') {
		s++;
		r->kind = RULE_MWD;
		r->month = parse_num(&s, 2);
		if (r->month < 1 || r->month > 12 || *s++ != '.') {
			*why = "bad month in Mm.w.d";
			return -1;
		}
		r->week = parse_num(&s, 1);
		if (r->week < 1 || r->week > 5 || *s++ != '.') {
			*why = "bad week in Mm.w.d";
			return -1;
		}
		r->wday = parse_num(&s, 1);
		if (r->wday < 0 || r->wday > 6) {
			*why = "bad weekday in Mm.w.d";
			return -1;
		}
	} else {
		r->kind = RULE_JULIAN0;
		if ((r->day = parse_num(&s, 3)) < 0 || r->day > 365) {
			*why = "bad rule date";
			return -1;
		}
	}
	r->time = 2 * 3600;
	if (*s == '/') {
		s++;
		if (parse_hms(&s, 167, &r->time, why) != 0)
			return -1;
	}
	*sp = s;
	return 0;
}

/*
 * std offset [dst [offset] [,start[/time],end[/time]]].  A DST name without
 * rules takes the United States rules, like the reference tzcode.
 */
static int
parse_posix_tz(const char *s, struct posix_tz *f, const char **why)
{
	int secs;

	memset(f, 0, sizeof(*f));
	if (parse_abbr(&s, f->std_abbr, why) != 0)
		return -1;
	if (parse_hms(&s, 24, &secs, why) != 0)
		return -1;
	f->std_off = -secs;
	if (*s == '\0')
		return 0;
	f->has_dst = 1;
	if (parse_abbr(&s, f->dst_abbr, why) != 0)
		return -1;
	f->dst_off = f->std_off + 3600;
	if (*s != ',' && *s != '\0') {
		if (parse_hms(&s, 24, &secs, why) != 0)
			return -1;
		f->dst_off = -secs;
	}
	if (*s == '\0')
		s = ",M3.2.0,M11.1.0";
	if (*s++ != ',') {
		*why = "unexpected character after the DST offset";
		return -1;
	}
	if (parse_rule_date(&s, &f->start, why) != 0)
		return -1;
	if (*s++ != ',') {
		*why = "missing end rule";
		return -1;
	}
	if (parse_rule_date(&s, &f->end, why) != 0)
		return -1;
	if (*s != '\0') {
		*why = "junk after the rules";
		return -1;
	}
	return 0;
}

/* The day number on which rule r falls in year. */
static int64_t
rule_day(const struct rule_date *r, int year)
{
	int64_t jan1 = timefmt_days_from_civil(year, 1, 1), first, d;
	int leap = timefmt_days_in_month(year, 2) == 29, wd, mdays;

	switch (r->kind) {
	case RULE_JULIAN1:	/* Feb 29 is never counted */
		return jan1 + r->day - 1 + (leap && r->day >= 60);
	case RULE_JULIAN0:
		return jan1 + r->day;
	case RULE_MWD:
		break;
	}
	first = timefmt_days_from_civil(year, r->month, 1);
	wd = (int)(((first % 7) + 7 + 4) % 7);	/* 1970-01-01: Thursday */
	d = first + (r->wday - wd + 7) % 7 + 7 * (r->week - 1);
	mdays = timefmt_days_in_month(year, r->month);
	while (d >= first + mdays)	/* week 5: the last one */
		d -= 7;
	return d;
}

/* The footer's period at t, from its switches in the years around t. */
static void
footer_period(const struct posix_tz *f, int64_t t, struct period *p)
{
	struct {
		int64_t at;
		int dst;
	} sw[10], tmp;
	int year, month, day, y;
	size_t n = 0, i, j, last;

	if (!f->has_dst) {
		p->start = INT64_MIN;
		p->end = INT64_MAX;
		p->off = f->std_off;
		p->is_dst = 0;
		p->abbr = f->std_abbr;
		return;
	}
	/* Two years each side: times of +-167h cannot move a switch further. */
	timefmt_civil_from_days(floor_div(t, 86400), &year, &month, &day);
	for (y = year - 2; y <= year + 2; y++) {
		sw[n].at = rule_day(&f->start, y) * 86400 + f->start.time -
		    f->std_off;
		sw[n++].dst = 1;
		sw[n].at = rule_day(&f->end, y) * 86400 + f->end.time -
		    f->dst_off;
		sw[n++].dst = 0;
	}
	/* Insertion sort; at a tie the switch to DST comes last and wins, so
	   that "DST all year" rules (0/0,J365/25) stay in DST. */
	for (i = 1; i < n; i++) {
		tmp = sw[i];
		for (j = i; j > 0 && (sw[j - 1].at > tmp.at ||
		    (sw[j - 1].at == tmp.at && sw[j - 1].dst > tmp.dst)); j--)
			sw[j] = sw[j - 1];
		sw[j] = tmp;
	}
	last = n;
	for (i = 0; i < n && sw[i].at <= t; i++)
		last = i;
	if (last == n) {	/* not reached: two years back is before t */
		p->start = INT64_MIN;
		p->is_dst = !sw[0].dst;
	} else {
		p->start = sw[last].at;
		p->is_dst = sw[last].dst;
	}
	p->end = i < n ? sw[i].at : INT64_MAX;
	p->off = p->is_dst ? f->dst_off : f->std_off;
	p->abbr = p->is_dst ? f->dst_abbr : f->std_abbr;
}

static void
type_period(const struct tz *tz, size_t type, struct period *p)
{
	p->off = tz->types[type].off;
	p->is_dst = tz->types[type].is_dst;
	p->abbr = tz->chars + tz->types[type].abbr;
}

static void
period_at(const struct tz *tz, int64_t t, struct period *p)
{
	size_t lo, hi, mid, n = tz->ntrans;

	if (tz->has_footer && (n == 0 || t >= tz->trans[n - 1])) {
		footer_period(&tz->footer, t, p);
		if (n > 0 && p->start < tz->trans[n - 1])
			p->start = tz->trans[n - 1];
		return;
	}
	if (n == 0 || t < tz->trans[0]) {
		type_period(tz, 0, p);
		p->start = INT64_MIN;
		p->end = n == 0 ? INT64_MAX : tz->trans[0];
		return;
	}
	/* The last transition at or before t. */
	lo = 0;
	hi = n;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (tz->trans[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	type_period(tz, tz->tidx[lo], p);
	p->start = tz->trans[lo];
	p->end = lo + 1 < n ? tz->trans[lo + 1] : INT64_MAX;
}

/* ---- TZif ---- */

struct tzif_counts {
	uint32_t isut, isstd, leap, time, type, chars;
};

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int64_t
get64(const unsigned char *p)
{
	uint64_t v = (uint64_t)get32(p) << 32 | get32(p + 4);

	return v <= INT64_MAX ? (int64_t)v : -(int64_t)(~v) - 1;
}

static int
read_header(const unsigned char *p, size_t len, struct tzif_counts *c,
    const char **why)
{
	if (len < 4 || memcmp(p, "TZif", 4) != 0) {
		*why = "no \"TZif\" magic number";
		return -1;
	}
	if (len < TZIF_HEADER) {
		*why = "truncated header";
		return -1;
	}
	c->isut = get32(p + 20);
	c->isstd = get32(p + 24);
	c->leap = get32(p + 28);
	c->time = get32(p + 32);
	c->type = get32(p + 36);
	c->chars = get32(p + 40);
	return 0;
}

/* Bytes of a data block with time values of tsize bytes. */
static uint64_t
block_size(const struct tzif_counts *c, unsigned tsize)
{
	return (uint64_t)c->time * (tsize + 1) + (uint64_t)c->type * 6 +
	    c->chars + (uint64_t)c->leap * (tsize + 4) + c->isstd + c->isut;
}

/* Fills tz's table from one data block; returns its size or 0. */
static size_t
read_block(struct tz *tz, const unsigned char *p, size_t len,
    const struct tzif_counts *c, unsigned tsize, const char **why)
{
	uint64_t size = block_size(c, tsize);
	const unsigned char *q;
	uint32_t i;
	int32_t off;

	if (c->type == 0) {
		*why = "no local time types";
		return 0;
	}
	if (c->chars == 0) {
		*why = "no abbreviation characters";
		return 0;
	}
	if ((c->isstd != 0 && c->isstd != c->type) ||
	    (c->isut != 0 && c->isut != c->type)) {
		*why = "bad standard/UT indicator count";
		return 0;
	}
	if (c->leap != 0) {
		*why = "leap second records (\"right/\" zones) are not "
		    "supported";
		return 0;
	}
	if (size > len) {
		*why = "truncated data block";
		return 0;
	}
	tz->ntrans = c->time;
	tz->trans = xreallocarray(NULL, c->time + 1, sizeof(*tz->trans));
	tz->tidx = xmalloc(c->time + 1);
	for (i = 0; i < c->time; i++) {
		q = p + (size_t)i * tsize;
		tz->trans[i] = tsize == 8 ? get64(q) : (int32_t)get32(q);
		if (i > 0 && tz->trans[i] <= tz->trans[i - 1]) {
			*why = "transition times not in increasing order";
			return 0;
		}
	}
	p += (size_t)c->time * tsize;
	for (i = 0; i < c->time; i++) {
		tz->tidx[i] = p[i];
		if (p[i] >= c->type) {
			*why = "transition type index out of range";
			return 0;
		}
	}
	p += c->time;
	tz->ntypes = c->type;
	tz->types = xreallocarray(NULL, c->type, sizeof(*tz->types));
	for (i = 0; i < c->type; i++, p += 6) {
		off = (int32_t)get32(p);
		if (off < -TZ_OFFSET_MAX || off > TZ_OFFSET_MAX) {
			*why = "UTC offset out of range";
			return 0;
		}
		if (p[4] > 1) {
			*why = "DST flag not 0 or 1";
			return 0;
		}
		if (p[5] >= c->chars) {
			*why = "abbreviation index out of range";
			return 0;
		}
		tz->types[i].off = off;
		tz->types[i].is_dst = p[4];
		tz->types[i].abbr = p[5];
	}
	/* A NUL after the last one, should the file lack it. */
	tz->chars = xmalloc((size_t)c->chars + 1);
	memcpy(tz->chars, p, c->chars);
	tz->chars[c->chars] = '\0';
	return (size_t)size;
}

/* The footer: "\n" TZ string "\n".  Reasons name the string. */
static int
read_footer(struct tz *tz, const unsigned char *p, size_t len, char *why,
    size_t whylen)
{
	const unsigned char *nl;
	const char *w;
	char buf[256];
	size_t n, i;

	if (len == 0 || p[0] != '\n') {
		snprintf(why, whylen, "missing footer");
		return -1;
	}
	nl = memchr(p + 1, '\n', len - 1);
	if (nl == NULL) {
		snprintf(why, whylen, "unterminated footer");
		return -1;
	}
	n = (size_t)(nl - (p + 1));
	if (n == 0)
		return 0;
	if (n >= sizeof(buf)) {
		snprintf(why, whylen, "footer TZ string too long");
		return -1;
	}
	for (i = 0; i < n; i++)
		buf[i] = p[1 + i] >= ' ' && p[1 + i] < 0x7f ? (char)p[1 + i] :
		    '?';
	buf[n] = '\0';
	if (memchr(p + 1, '\0', n) != NULL)
		w = "NUL byte";
	else if (parse_posix_tz(buf, &tz->footer, &w) == 0)
		w = NULL;
	if (w != NULL) {
		snprintf(why, whylen, "footer TZ string \"%.60s\": %s", buf, w);
		return -1;
	}
	tz->has_footer = 1;
	return 0;
}

static int
read_tzif(struct tz *tz, const unsigned char *p, size_t len, char *why,
    size_t whylen)
{
	struct tzif_counts c;
	const char *w;
	uint64_t v1size;
	size_t size;
	int version;

	if (read_header(p, len, &c, &w) != 0)
		goto fail;
	version = p[4];
	if (version == 0) {
		if (read_block(tz, p + TZIF_HEADER, len - TZIF_HEADER, &c, 4,
		    &w) == 0)
			goto fail;
		return 0;
	}
	if (version < '2' || version > '4') {
		w = "unsupported version";
		goto fail;
	}
	/* Version 2+: skip the 32-bit block, read the 64-bit one. */
	v1size = block_size(&c, 4);
	if (v1size > len - TZIF_HEADER) {
		w = "truncated data block";
		goto fail;
	}
	p += TZIF_HEADER + v1size;
	len -= TZIF_HEADER + (size_t)v1size;
	if (read_header(p, len, &c, &w) != 0) {
		if (len >= 4 && memcmp(p, "TZif", 4) != 0)
			w = "no second header";
		goto fail;
	}
	size = read_block(tz, p + TZIF_HEADER, len - TZIF_HEADER, &c, 8, &w);
	if (size == 0)
		goto fail;
	return read_footer(tz, p + TZIF_HEADER + size,
	    len - TZIF_HEADER - size, why, whylen);
fail:
	snprintf(why, whylen, "%s", w);
	return -1;
}

/* ---- zones ---- */

static struct tz *
tz_new(const char *name)
{
	struct tz *tz = xcalloc(1, sizeof(*tz));

	tz->refs = 1;
	tz->name = xstrdup(name);
	return tz;
}

static void
tz_destroy(struct tz *tz)
{
	free(tz->name);
	free(tz->key);
	free(tz->trans);
	free(tz->tidx);
	free(tz->types);
	free(tz->chars);
	free(tz);
}

static void
set_range(struct tz *tz)
{
	size_t i;

	tz->off_min = tz->off_max = tz->types[0].off;
	for (i = 1; i < tz->ntypes; i++) {
		if (tz->types[i].off < tz->off_min)
			tz->off_min = tz->types[i].off;
		if (tz->types[i].off > tz->off_max)
			tz->off_max = tz->types[i].off;
	}
	if (tz->has_footer) {
		if (tz->footer.std_off < tz->off_min)
			tz->off_min = tz->footer.std_off;
		if (tz->footer.std_off > tz->off_max)
			tz->off_max = tz->footer.std_off;
		if (tz->footer.has_dst && tz->footer.dst_off < tz->off_min)
			tz->off_min = tz->footer.dst_off;
		if (tz->footer.has_dst && tz->footer.dst_off > tz->off_max)
			tz->off_max = tz->footer.dst_off;
	}
}

/* A zone with one type forever. */
static struct tz *
tz_new_fixed(const char *name, int off, const char *abbr)
{
	struct tz *tz = tz_new(name);

	tz->ntypes = 1;
	tz->types = xcalloc(1, sizeof(*tz->types));
	tz->types[0].off = off;
	tz->chars = xstrdup(abbr);
	set_range(tz);
	return tz;
}

static struct tz *
parse_tzif(const char *name, const void *data, size_t len, char *why,
    size_t whylen)
{
	struct tz *tz = tz_new(name);

	if (read_tzif(tz, data, len, why, whylen) != 0) {
		tz_destroy(tz);
		return NULL;
	}
	set_range(tz);
	return tz;
}

struct tz *
tz_parse(const char *name, const void *data, size_t len, char *err,
    size_t errlen)
{
	struct tz *tz;
	char why[128];

	if ((tz = parse_tzif(name, data, len, why, sizeof(why))) == NULL)
		tz_error(err, errlen, "time zone \"%s\": not a valid TZif "
		    "file (%s)", name, why);
	return tz;
}

/* Two decimal digits at s as a number, or -1. */
static int
two_digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* "+HH", "+HHMM", "+HH:MM" or with "-": seconds east of UTC. */
static int
parse_fixed(const char *s, int *off)
{
	size_t len = strlen(s);
	int h = two_digits(s + 1), m;

	if (len == 3)
		m = 0;
	else if (len == 5)
		m = two_digits(s + 3);
	else if (len == 6 && s[3] == ':')
		m = two_digits(s + 4);
	else
		return -1;
	if (h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	*off = (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
	return 0;
}

/* Refuses what cannot be an IANA name, so that no path escapes the dir. */
static int
check_name(const char *name, char *err, size_t errlen)
{
	const char *s;

	if (name[0] == '/') {
		tz_error(err, errlen, "time zone \"%s\": an absolute path, not "
		    "an IANA name such as Europe/Madrid", name);
		return -1;
	}
	if (strcmp(name, "localtime") == 0) {
		tz_error(err, errlen, "time zone \"localtime\": the machine's "
		    "zone is never used; name one such as Europe/Madrid");
		return -1;
	}
	if (strstr(name, "..") != NULL) {
		tz_error(err, errlen, "time zone \"%.*s\": \"..\" is not "
		    "allowed in a name", TZ_NAME_MAX, name);
		return -1;
	}
	for (s = name; *s != '\0'; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '/' || *s == '_' ||
		    *s == '-' || *s == '+' || *s == '.')) {
			if (*s >= ' ' && *s < 0x7f)
				tz_error(err, errlen, "time zone \"%.*s\": "
				    "character '%c' is not allowed in a name",
				    TZ_NAME_MAX, name, *s);
			else
				tz_error(err, errlen, "time zone name: byte "
				    "0x%02x is not allowed in a name",
				    (unsigned char)*s);
			return -1;
		}
	if (s - name > TZ_NAME_MAX) {
		tz_error(err, errlen, "time zone \"%.40s...\": name too long",
		    name);
		return -1;
	}
	return 0;
}

/* Reads a whole regular file of at most TZ_FILE_MAX bytes. */
static int
read_file(const char *name, const char *path, unsigned char **data,
    size_t *len, const char *dir, char *err, size_t errlen)
{
	struct stat st;
	unsigned char *buf = NULL;
	size_t got = 0;
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			tz_error(err, errlen, "unknown time zone \"%s\" (no "
			    "such file in %s)", name, dir);
		else
			tz_error(err, errlen, "time zone \"%s\": %s: %s", name,
			    path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		tz_error(err, errlen, "time zone \"%s\": %s: %s", name, path,
		    strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		tz_error(err, errlen, "time zone \"%s\": %s is not a regular "
		    "file", name, path);
		goto fail;
	}
	if (st.st_size > TZ_FILE_MAX) {
		tz_error(err, errlen, "time zone \"%s\": %s: not a valid TZif "
		    "file (too large)", name, path);
		goto fail;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			tz_error(err, errlen, "time zone \"%s\": %s: %s", name,
			    path, strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	*data = buf;
	*len = got;
	return 0;
fail:
	free(buf);
	close(fd);
	return -1;
}

struct tz *
tz_load(const char *name, char *err, size_t errlen)
{
	const char *dir;
	unsigned char *data = NULL;
	char abbr[8], why[128];
	char *path = NULL;
	struct tz *tz;
	size_t len, n;
	int off;

	if (name == NULL || name[0] == '\0') {
		tz_error(err, errlen, "time zone name is empty");
		return NULL;
	}
	if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0)
		return tz_new_fixed(name, 0, "UTC");
	if (name[0] == '+' || name[0] == '-') {
		if (parse_fixed(name, &off) != 0) {
			tz_error(err, errlen, "time zone \"%.*s\": not a UTC "
			    "offset of the form +HH:MM (hours 00 to 23, "
			    "minutes 00 to 59)", TZ_NAME_MAX, name);
			return NULL;
		}
		snprintf(abbr, sizeof(abbr), "%c%02d:%02d", off < 0 ? '-' : '+',
		    abs(off) / 3600, abs(off) / 60 % 60);
		return tz_new_fixed(name, off, abbr);
	}
	if (check_name(name, err, errlen) != 0)
		return NULL;
	dir = getenv("TZDIR");
	if (dir == NULL || dir[0] == '\0')
		dir = TZ_DEFAULT_DIR;
	n = strlen(dir) + 1 + strlen(name) + 1;
	path = xmalloc(n);
	snprintf(path, n, "%s/%s", dir, name);
	for (tz = cache; tz != NULL; tz = tz->next)
		if (strcmp(tz->key, path) == 0) {
			tz->refs++;
			free(path);
			return tz;
		}
	if (read_file(name, path, &data, &len, dir, err, errlen) != 0)
		goto fail;
	if ((tz = parse_tzif(name, data, len, why, sizeof(why))) == NULL) {
		tz_error(err, errlen, "time zone \"%s\": %s: not a valid TZif "
		    "file (%s)", name, path, why);
		goto fail;
	}
	free(data);
	tz->key = path;
	tz->next = cache;
	cache = tz;
	return tz;
fail:
	free(data);
	free(path);
	return NULL;
}

void
tz_free(struct tz *tz)
{
	struct tz **pp;

	if (tz == NULL || --tz->refs > 0)
		return;
	for (pp = &cache; *pp != NULL; pp = &(*pp)->next)
		if (*pp == tz) {
			*pp = tz->next;
			break;
		}
	tz_destroy(tz);
}

const char *
tz_name(const struct tz *tz)
{
	return tz->name;
}

void
tz_info_at_utc(const struct tz *tz, int64_t utc, struct tz_info *info)
{
	struct period p;

	period_at(tz, clamp(utc), &p);
	info->offset = p.off;
	info->is_dst = p.is_dst;
	info->abbr = p.abbr;
}

int
tz_offset_at_utc(const struct tz *tz, int64_t utc)
{
	struct period p;

	period_at(tz, clamp(utc), &p);
	return p.off;
}

/*
 * Every instant u with u + offset(u) == local lies in [local - off_max,
 * local - off_min]: walk the periods over that span, keeping each u that
 * falls in its own period, and noting a forward jump of the wall clock
 * over local between two periods (a gap).
 */
enum tz_local_kind
tz_local_to_utc(const struct tz *tz, int64_t local, int64_t *first,
    int64_t *second)
{
	struct period p, prev;
	int64_t u, hi, lo_u = 0, hi_u = 0, gap_first = 0, gap_second = 0;
	size_t found = 0;
	int gap = 0;

	local = clamp(local);
	hi = local - tz->off_min;
	period_at(tz, local - tz->off_max, &p);
	for (;;) {
		u = local - p.off;
		if (u >= p.start && u < p.end) {
			if (found++ == 0)
				lo_u = u;
			hi_u = u;
		}
		if (p.end == INT64_MAX || p.end > hi)
			break;
		prev = p;
		period_at(tz, prev.end, &p);
		if (!gap && p.off > prev.off && local - prev.off >= p.start &&
		    local - p.off < p.start) {
			gap = 1;
			gap_first = local - prev.off;
			gap_second = local - p.off;
		}
	}
	if (found == 0 && !gap) {	/* not reached; see above */
		gap_first = gap_second = local - tz_offset_at_utc(tz, hi);
	}
	if (found == 0) {
		*first = gap_first;
		if (second != NULL)
			*second = gap_second;
		return TZ_LOCAL_GAP;
	}
	*first = lo_u;
	if (second != NULL)
		*second = hi_u;
	return found == 1 ? TZ_LOCAL_UNIQUE : TZ_LOCAL_AMBIGUOUS;
}
