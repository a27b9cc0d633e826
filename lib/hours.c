/*
 * hours.c - opening hours (hours.h).
 */
#include "hours.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "confline.h"
#include "timefmt.h"
#include "util.h"

static const char *const day_names[7][2] = {
	{ "mon", "monday" }, { "tue", "tuesday" }, { "wed", "wednesday" },
	{ "thu", "thursday" }, { "fri", "friday" }, { "sat", "saturday" },
	{ "sun", "sunday" }
};

struct cursor {
	const char *s, *p, *end;
};

static void
skip_space(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

static int
is_letter(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* A day name at c->p: its number, or -1. */
static int
read_day(struct cursor *c)
{
	const char *start = c->p;
	size_t n, d, k;

	while (c->p < c->end && is_letter(*c->p))
		c->p++;
	n = (size_t)(c->p - start);
	for (d = 0; d < 7; d++)
		for (k = 0; k < 2; k++)
			if (strlen(day_names[d][k]) == n &&
			    strncasecmp(day_names[d][k], start, n) == 0)
				return (int)d;
	c->p = start;
	return -1;
}

/* HH:MM at c->p: minutes of the day (24:00 is 1440), or -1. */
static int
read_time(struct cursor *c)
{
	int h, m;

	if (c->end - c->p < 5 || c->p[0] < '0' || c->p[0] > '2' ||
	    c->p[1] < '0' || c->p[1] > '9' || c->p[2] != ':' ||
	    c->p[3] < '0' || c->p[3] > '5' || c->p[4] < '0' || c->p[4] > '9')
		return -1;
	h = (c->p[0] - '0') * 10 + (c->p[1] - '0');
	m = (c->p[3] - '0') * 10 + (c->p[4] - '0');
	if (h > 24 || (h == 24 && m != 0))
		return -1;
	c->p += 5;
	return h * 60 + m;
}

static int
fail(struct cursor *c, const char *reason, const char **why, size_t *at)
{
	*why = reason;
	*at = (size_t)(c->p - c->s);
	return -1;
}

/* The days of a group: a bit per weekday. */
static int
read_days(struct cursor *c, unsigned *days, const char **why, size_t *at)
{
	int a, b;

	*days = 0;
	if (c->end - c->p >= 5 && strncasecmp(c->p, "daily", 5) == 0) {
		c->p += 5;
		*days = 0x7f;
		return 0;
	}
	for (;;) {
		if ((a = read_day(c)) < 0)
			return fail(c, "expected a day such as mon, or daily",
			    why, at);
		b = a;
		if (c->p < c->end && *c->p == '-') {
			c->p++;
			if ((b = read_day(c)) < 0)
				return fail(c, "expected the day that ends the "
				    "range", why, at);
		}
		for (;;) {
			*days |= 1u << a;
			if (a == b)
				break;
			a = (a + 1) % 7;
		}
		if (c->p < c->end && *c->p == '/') {
			c->p++;
			continue;
		}
		return 0;
	}
}

static void
open_range(struct hours *h, unsigned days, int from, int to)
{
	int d, m;

	for (d = 0; d < 7; d++) {
		if (!(days & (1u << d)))
			continue;
		for (m = from; m < to; m++) {
			int bit = d * 1440 + m;

			h->open[bit / 8] |= (unsigned char)(1u << (bit % 8));
		}
	}
}

int
hours_parse(struct hours *h, const char *spec, size_t len, const char **why,
    size_t *at)
{
	struct cursor c = { spec, spec, spec + len };
	unsigned days;
	int from, to, ranges;

	memset(h, 0, sizeof(*h));
	skip_space(&c);
	if (c.p == c.end)
		return fail(&c, "no opening hours given", why, at);
	for (;;) {
		skip_space(&c);
		if (read_days(&c, &days, why, at) != 0)
			return -1;
		for (ranges = 0;; ranges++) {
			skip_space(&c);
			if (c.p == c.end || *c.p == ',')
				break;
			if ((from = read_time(&c)) < 0 || from == 1440)
				return fail(&c, "expected a time range such as "
				    "09:00-18:00", why, at);
			if (c.p == c.end || *c.p != '-')
				return fail(&c, "expected '-' and the time the "
				    "range ends", why, at);
			c.p++;
			if ((to = read_time(&c)) < 0)
				return fail(&c, "expected the time the range "
				    "ends, HH:MM", why, at);
			if (to <= from)
				return fail(&c, "a range ends after it starts "
				    "(never across midnight: write two)", why,
				    at);
			open_range(h, days, from, to);
		}
		if (ranges == 0)
			return fail(&c, "expected a time range such as "
			    "09:00-18:00", why, at);
		if (c.p == c.end)
			return 0;
		c.p++;		/* the comma */
	}
}

int
hours_is_open(const struct hours *h, int weekday, int minute)
{
	int bit = weekday * 1440 + minute;

	if (weekday < 0 || weekday > 6 || minute < 0 || minute >= 1440)
		return 0;
	return (h->open[bit / 8] >> (bit % 8)) & 1;
}

void
hours_local_minute(int64_t local_seconds, int *weekday, int *minute)
{
	int64_t days = local_seconds / 86400, rest = local_seconds % 86400;

	if (rest < 0) {
		rest += 86400;
		days--;
	}
	/* 1970-01-01 was a Thursday: weekday 3 counting from Monday. */
	*weekday = (int)(((days % 7) + 7 + 3) % 7);
	*minute = (int)(rest / 60);
}

static int
compare_days(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int
hours_holidays_load(struct holidays *hol, const char *path, char *err,
    size_t errlen)
{
	struct confline c;
	const char *s;
	size_t cap = 0, n, k;
	int64_t day;
	int got;

	memset(hol, 0, sizeof(*hol));
	/* Bounded lines and size, NUL refused: --holidays /dev/zero is an
	   error at its first byte, not memory growing without end. */
	if (confline_open(&c, path, CONFLINE_MAX_LINE, CONFLINE_MAX_TOTAL, 0,
	    err, errlen) != 0)
		return -1;
	while ((got = confline_next(&c, err, errlen)) > 0) {
		s = c.line;
		n = c.len;
		if ((s = memchr(c.line, '#', n)) != NULL)
			n = (size_t)(s - c.line);
		s = c.line;
		while (n > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
		    s[n - 1] == '\r'))
			n--;
		if (n == 0)
			continue;
		if (timefmt_parse_day(s, n, &day) != 0) {
			snprintf(err, errlen, "%s:%lu: not a date YYYY-MM-DD",
			    c.path, c.lineno);
			got = -1;
			break;
		}
		/* Grown by doubling: a long file is linear, not a
		   reallocation per line. */
		if (hol->n == cap) {
			cap = cap ? cap * 2 : 64;
			hol->days = xreallocarray(hol->days, cap,
			    sizeof(*hol->days));
		}
		hol->days[hol->n++] = day;
	}
	confline_close(&c);
	if (got < 0) {
		hours_holidays_free(hol);
		return -1;
	}
	if (hol->n > 1)
		qsort(hol->days, hol->n, sizeof(*hol->days), compare_days);
	for (k = 0, n = 0; k < hol->n; k++)
		if (n == 0 || hol->days[n - 1] != hol->days[k])
			hol->days[n++] = hol->days[k];
	hol->n = n;
	return 0;
}

int
hours_is_holiday(const struct holidays *hol, int64_t day)
{
	return hol != NULL && hol->n > 0 && bsearch(&day, hol->days, hol->n,
	    sizeof(*hol->days), compare_days) != NULL;
}

void
hours_holidays_free(struct holidays *hol)
{
	free(hol->days);
	memset(hol, 0, sizeof(*hol));
}

/* The instant of a local time: the earlier one, or with later the later
   one, in a repeated hour; moved forward in a skipped one. */
static int64_t
local_instant(const struct tz *zone, int64_t local, int later)
{
	int64_t first, second;

	if (zone == NULL)
		return local;
	(void)tz_local_to_utc(zone, local, &first, &second);
	return later && second > first ? second : first;
}

int64_t
hours_business_ms(const struct hours *h, const struct tz *zone,
    const struct holidays *hol, int64_t from_ms, int64_t to_ms)
{
	int64_t from_s, to_s, day, last, total = 0, start, end, a, b;
	int wd, m, run;

	if (to_ms <= from_ms)
		return 0;
	from_s = from_ms / 1000 - (from_ms % 1000 < 0);
	to_s = to_ms / 1000 + (to_ms % 1000 > 0);
	/* Local days that can overlap, one more each side for the offset. */
	day = (from_s + (zone ? tz_offset_at_utc(zone, from_s) : 0)) / 86400 -
	    1;
	last = (to_s + (zone ? tz_offset_at_utc(zone, to_s) : 0)) / 86400 + 1;
	for (; day <= last; day++) {
		if (hours_is_holiday(hol, day))
			continue;
		hours_local_minute(day * 86400, &wd, &m);
		for (m = 0; m < 1440; m = run) {
			if (!hours_is_open(h, wd, m)) {
				run = m + 1;
				continue;
			}
			for (run = m; run < 1440 && hours_is_open(h, wd, run);
			    run++)
				;
			start = local_instant(zone, day * 86400 + m * 60, 0) *
			    1000;
			end = local_instant(zone, day * 86400 + run * 60, 1) *
			    1000;
			a = start > from_ms ? start : from_ms;
			b = end < to_ms ? end : to_ms;
			if (b > a)
				total += b - a;
		}
	}
	return total;
}
