/*
 * test-hours.c - business time: the overlap of an interval with opening
 * hours in a zone, over nights, weekends, holidays and DST changes, each
 * expected value worked by hand in the comment beside it; holiday files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hours.h"
#include "timefmt.h"
#include "unit.h"

static int64_t
at(const char *ts)
{
	int64_t ms = 0;

	(void)timefmt_parse_ts(ts, strlen(ts), &ms, NULL);
	return ms;
}

static struct hours
hours(const char *spec)
{
	struct hours h;
	const char *why;
	size_t off;

	if (hours_parse(&h, spec, strlen(spec), &why, &off) != 0)
		diag("bad test spec %s: %s", spec, why);
	return h;
}

int
main(void)
{
	struct hours office = hours("mon-fri 09:00-18:00"),
	    always = hours("daily 00:00-24:00");
	struct holidays hol;
	struct tz *madrid;
	char err[256], dir[] = "/tmp/canal-hours-XXXXXX", path[64];
	FILE *f;

	madrid = tz_load("Europe/Madrid", err, sizeof(err));
	/* Mon 17:00 to Tue 10:00 UTC: 17-18 and 09-10, two hours. */
	is_int(hours_business_ms(&office, NULL, NULL,
	    at("2024-03-04T17:00:00.000Z"), at("2024-03-05T10:00:00.000Z")),
	    2 * 3600000, "over a night: 2 h");
	/* Fri 17:00 to Mon 10:00: Friday 1 h, Monday 1 h. */
	is_int(hours_business_ms(&office, NULL, NULL,
	    at("2024-03-08T17:00:00.000Z"), at("2024-03-11T10:00:00.000Z")),
	    2 * 3600000, "over a weekend: 2 h");
	/* Saturday only: nothing. */
	is_int(hours_business_ms(&office, NULL, NULL,
	    at("2024-03-09T08:00:00.000Z"), at("2024-03-09T20:00:00.000Z")), 0,
	    "closed all along: 0");
	is_int(hours_business_ms(&office, NULL, NULL,
	    at("2024-03-05T10:00:00.000Z"), at("2024-03-05T10:00:00.000Z")), 0,
	    "an empty interval");
	is_int(hours_business_ms(&office, NULL, NULL,
	    at("2024-03-05T10:00:00.000Z"), at("2024-03-05T09:00:00.000Z")), 0,
	    "a reversed interval");
	/* Madrid, winter (UTC+1): 07:00Z is 08:00, 09:30Z is 10:30: 1.5 h. */
	is_int(hours_business_ms(&office, madrid, NULL,
	    at("2024-03-04T07:00:00.000Z"), at("2024-03-04T09:30:00.000Z")),
	    5400000, "in Madrid: 1 h 30");
	/* Sunday 2024-03-31 in Madrid has 23 hours: CET midnight is 23:00Z
	   on the 30th, CEST midnight 22:00Z on the 31st. */
	is_int(hours_business_ms(&always, madrid, NULL,
	    at("2024-03-30T23:00:00.000Z"), at("2024-03-31T22:00:00.000Z")),
	    23 * 3600000, "a spring-forward day: 23 h");
	/* Sunday 2024-10-27 has 25: 22:00Z on the 26th to 23:00Z. */
	is_int(hours_business_ms(&always, madrid, NULL,
	    at("2024-10-26T22:00:00.000Z"), at("2024-10-27T23:00:00.000Z")),
	    25 * 3600000, "a fall-back day: 25 h");
	/* Milliseconds count. */
	is_int(hours_business_ms(&office, NULL, NULL,
	    at("2024-03-04T09:00:00.250Z"), at("2024-03-04T09:00:01.000Z")),
	    750, "milliseconds");
	if (mkdtemp(dir) == NULL) {
		skip(5, "no temporary directory");
		tz_free(madrid);
		return done_testing();
	}
	snprintf(path, sizeof(path), "%s/holidays", dir);
	f = fopen(path, "w");
	fputs("# Spain 2024\n2024-03-11\n\n2024-03-11  # twice\n2024-01-01\n", f);
	fclose(f);
	is_int(hours_holidays_load(&hol, path, err, sizeof(err)), 0, "loaded");
	is_int((long long)hol.n, 2, "two days, sorted, once each");
	/* Fri 17:00 to Tue 10:00 with Monday a holiday: 1 h + 1 h. */
	is_int(hours_business_ms(&office, NULL, &hol,
	    at("2024-03-08T17:00:00.000Z"), at("2024-03-12T10:00:00.000Z")),
	    2 * 3600000, "a holiday Monday: 2 h");
	hours_holidays_free(&hol);
	f = fopen(path, "w");
	fputs("2024-02-30\n", f);
	fclose(f);
	is_int(hours_holidays_load(&hol, path, err, sizeof(err)), -1,
	    "a bad date");
	ok(strstr(err, ":1: not a date YYYY-MM-DD") != NULL, "says where: %s",
	    err);
	unlink(path);
	rmdir(dir);
	tz_free(madrid);
	return done_testing();
}
