/*
 * period.c - report periods as whole local days (period.h).
 */
#include "period.h"

#include <stdio.h>
#include <string.h>

#include "timefmt.h"

/* The instant of local midnight starting day (the first after a gap,
   the earlier of a repeated one). */
static int64_t
midnight_ms(const struct tz *zone, int64_t day)
{
	int64_t first, second;

	if (zone == NULL)
		return day * 86400 * 1000;
	(void)tz_local_to_utc(zone, day * 86400, &first, &second);
	return first * 1000;
}

static void
set_days(struct period *p, const struct tz *zone, int64_t first,
    int64_t days)
{
	p->first_day = first;
	p->days = days;
	p->start_ms = midnight_ms(zone, first);
	p->end_ms = midnight_ms(zone, first + days);
}

/* The local day of the instant ms. */
static int64_t
local_day(const struct tz *zone, int64_t ms)
{
	int64_t s = ms / 1000 - (ms % 1000 < 0), local;

	local = s + (zone != NULL ? tz_offset_at_utc(zone, s) : 0);
	return local / 86400 - (local % 86400 < 0);
}

int
period_parse(const char *spec, int64_t now_ms, const struct tz *zone,
    struct period *p, const char **why)
{
	const char *dots = strstr(spec, "..");
	int64_t today = local_day(zone, now_ms), first, last;
	int weekday;

	if (strcmp(spec, "yesterday") == 0) {
		set_days(p, zone, today - 1, 1);
		return 0;
	}
	if (strcmp(spec, "last-week") == 0) {
		/* 1970-01-01 was a Thursday: weekday 3 counting from Monday. */
		weekday = (int)(((today % 7) + 7 + 3) % 7);
		set_days(p, zone, today - weekday - 7, 7);
		return 0;
	}
	if (dots == NULL) {
		if (timefmt_parse_day(spec, strlen(spec), &first) != 0) {
			*why = "use yesterday, last-week, YYYY-MM-DD or "
			    "YYYY-MM-DD..YYYY-MM-DD";
			return -1;
		}
		set_days(p, zone, first, 1);
		return 0;
	}
	if (timefmt_parse_day(spec, (size_t)(dots - spec), &first) != 0 ||
	    timefmt_parse_day(dots + 2, strlen(dots + 2), &last) != 0) {
		*why = "use YYYY-MM-DD..YYYY-MM-DD, two real days";
		return -1;
	}
	if (last < first) {
		*why = "the last day is before the first";
		return -1;
	}
	set_days(p, zone, first, last - first + 1);
	return 0;
}

void
period_previous(const struct period *p, const struct tz *zone,
    struct period *prev)
{
	set_days(prev, zone, p->first_day - p->days, p->days);
}

void
period_label(const struct period *p, char *out, size_t cap)
{
	int y, m, d, y2, m2, d2;

	timefmt_civil_from_days(p->first_day, &y, &m, &d);
	if (p->days == 1) {
		snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
		return;
	}
	timefmt_civil_from_days(p->first_day + p->days - 1, &y2, &m2, &d2);
	snprintf(out, cap, "%04d-%02d-%02d..%04d-%02d-%02d", y, m, d, y2, m2,
	    d2);
}
