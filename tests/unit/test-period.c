/*
 * test-period.c - report periods as whole local days: yesterday and
 * last-week seen from a fixed now, across both DST changes in Madrid and
 * New York, days and ranges, the previous period, labels and errors.
 */
#include <stdint.h>
#include <string.h>

#include "period.h"
#include "timefmt.h"
#include "tz.h"
#include "unit.h"

static int64_t
ms(const char *ts)
{
	int64_t v = 0;
	const char *why;

	(void)timefmt_parse_ts(ts, strlen(ts), &v, &why);
	return v;
}

/* [start, end) of p as two canonical instants. */
static void
is_span(const struct period *p, const char *start, const char *end,
    const char *what)
{
	is_int(p->start_ms, ms(start), "%s: starts %s", what, start);
	is_int(p->end_ms, ms(end), "%s: ends %s", what, end);
}

int
main(void)
{
	struct tz *madrid = tz_load("Europe/Madrid", NULL, 0);
	struct tz *ny = tz_load("America/New_York", NULL, 0);
	struct period p, prev;
	const char *why = NULL;
	char label[32];

	ok(madrid != NULL && ny != NULL, "zones loaded");
	/* Monday 2026-03-30 08:00Z, the day after Madrid went to +02. */
	ok(period_parse("yesterday", ms("2026-03-30T08:00:00.000Z"), madrid,
	    &p, &why) == 0, "yesterday");
	is_span(&p, "2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z",
	    "Sunday 29 March in Madrid, 23 hours");
	period_previous(&p, madrid, &prev);
	is_span(&prev, "2026-03-27T23:00:00.000Z", "2026-03-28T23:00:00.000Z",
	    "the day before, 24 hours");
	period_label(&p, label, sizeof(label));
	is_str(label, "2026-03-29", "its label");
	/* Just after local midnight: yesterday is the local day before. */
	ok(period_parse("yesterday", ms("2026-03-29T22:30:00.000Z"), madrid,
	    &p, &why) == 0 && p.first_day == timefmt_days_from_civil(2026, 3,
	    29), "at 00:30 local on the 30th, yesterday is the 29th");
	ok(period_parse("yesterday", ms("2026-03-29T22:30:00.000Z"), NULL, &p,
	    &why) == 0 && p.first_day == timefmt_days_from_civil(2026, 3, 28),
	    "in UTC it is still the 29th: yesterday the 28th");
	/* The autumn change: Sunday 2026-10-25 has 25 hours in Madrid. */
	ok(period_parse("2026-10-25", 0, madrid, &p, &why) == 0, "a day");
	is_span(&p, "2026-10-24T22:00:00.000Z", "2026-10-25T23:00:00.000Z",
	    "25 October in Madrid, 25 hours");
	/* last-week from Wednesday 2026-11-04 in New York (changed on 1st). */
	ok(period_parse("last-week", ms("2026-11-04T15:00:00.000Z"), ny, &p,
	    &why) == 0, "last-week");
	is_span(&p, "2026-10-26T04:00:00.000Z", "2026-11-02T05:00:00.000Z",
	    "Monday 26 October to Monday 2 November in New York, 169 hours");
	period_label(&p, label, sizeof(label));
	is_str(label, "2026-10-26..2026-11-01", "a week's label");
	period_previous(&p, ny, &prev);
	is_span(&prev, "2026-10-19T04:00:00.000Z", "2026-10-26T04:00:00.000Z",
	    "the week before");
	/* On a Monday, last week is the one that ended yesterday. */
	ok(period_parse("last-week", ms("2026-11-02T12:00:00.000Z"), NULL, &p,
	    &why) == 0 && p.first_day == timefmt_days_from_civil(2026, 10, 26),
	    "on Monday 2 November: from 26 October");
	ok(period_parse("2026-02-27..2026-03-02", 0, NULL, &p, &why) == 0 &&
	    p.days == 4, "a range over the end of February: 4 days");
	period_previous(&p, NULL, &prev);
	period_label(&prev, label, sizeof(label));
	is_str(label, "2026-02-23..2026-02-26", "the 4 days before");
	ok(period_parse("2026-03-02..2026-03-02", 0, NULL, &p, &why) == 0 &&
	    p.days == 1, "a range of one day");
	ok(period_parse("2026-03-02..2026-03-01", 0, NULL, &p, &why) != 0,
	    "backwards: refused (%s)", why);
	ok(period_parse("tomorrow", 0, NULL, &p, &why) != 0, "tomorrow: "
	    "refused (%s)", why);
	ok(period_parse("2026-02-29", 0, NULL, &p, &why) != 0,
	    "29 February 2026 does not exist");
	ok(period_parse("2026-03-01..", 0, NULL, &p, &why) != 0,
	    "an open range: refused");
	ok(period_parse("", 0, NULL, &p, &why) != 0, "empty: refused");
	tz_free(madrid);
	tz_free(ny);
	return done_testing();
}
