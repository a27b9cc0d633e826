/*
 * test-hours.c - business time: the overlap of an interval with opening
 * hours in a zone, over nights, weekends, holidays and DST changes, each
 * expected value worked by hand in the comment beside it; holiday files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "confline.h"
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
	size_t i;

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
		skip(15, "no temporary directory");
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
	/* Bounded reading (confline.h): /dev/zero fails at its first byte
	   instead of growing a line without end. */
	is_int(hours_holidays_load(&hol, "/dev/zero", err, sizeof(err)), -1,
	    "/dev/zero refused");
	is_str(err, "/dev/zero:1: NUL byte", "a NUL byte at line 1");
	ok(hol.days == NULL && hol.n == 0, "nothing kept after a failure");
	/* A NUL byte inside a comment used to end the line unseen. */
	f = fopen(path, "w");
	fputs("2024-01-01\n# new year", f);
	fputc('\0', f);
	fputs(" eve\n2024-01-06\n", f);
	fclose(f);
	is_int(hours_holidays_load(&hol, path, err, sizeof(err)), -1,
	    "a NUL byte in a comment");
	ok(strstr(err, "/holidays:2: NUL byte") != NULL, "says where: %s", err);
	/* A line past CONFLINE_MAX_LINE bytes. */
	f = fopen(path, "w");
	for (i = 0; i <= CONFLINE_MAX_LINE; i++)
		fputc(' ', f);
	fputs("2024-01-01\n", f);
	fclose(f);
	is_int(hours_holidays_load(&hol, path, err, sizeof(err)), -1,
	    "a line too long");
	ok(strstr(err, "/holidays:1: line longer than 1048576 bytes") != NULL,
	    "says where: %s", err);
	/* CRLF, no final newline, and many days (grown by doubling). */
	f = fopen(path, "w");
	for (i = 0; i < 100000; i++) {
		int y, m, d;

		timefmt_civil_from_days(19000 + (int64_t)(i % 50000), &y, &m,
		    &d);
		fprintf(f, "%04d-%02d-%02d\r\n", y, m, d);
	}
	fputs("2024-03-11", f);
	fclose(f);
	err[0] = '\0';
	is_int(hours_holidays_load(&hol, path, err, sizeof(err)), 0,
	    "100001 lines, CRLF: %s", err);
	is_int((long long)hol.n, 50000, "50000 days once each");
	ok(hours_is_holiday(&hol, 19000) && hours_is_holiday(&hol, 68999) &&
	    !hours_is_holiday(&hol, 69000), "first and last day");
	hours_holidays_free(&hol);
	unlink(path);
	rmdir(dir);
	tz_free(madrid);
	return done_testing();
}
