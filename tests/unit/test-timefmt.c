/*
 * test-timefmt.c - the canonical ts: parsing, formatting, the calendar, and
 * independence from the TZ environment variable.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timefmt.h"
#include "unit.h"

#define FORM "not of the form YYYY-MM-DDTHH:MM:SS.mmmZ (24 characters, UTC)"
#define MONTH "month out of range"
#define DAY "day out of range for its month"
#define TOD "time of day out of range"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A valid ts and its milliseconds: parsed and formatted both ways. */
static const struct {
	const char *ts;
	int64_t ms;
} good[] = {
	{ "1970-01-01T00:00:00.000Z", 0 },
	{ "1970-01-01T00:00:00.001Z", 1 },
	{ "1970-01-01T00:00:01.000Z", 1000 },
	{ "1970-01-02T00:00:00.000Z", 86400000 },
	{ "1969-12-31T23:59:59.999Z", -1 },
	{ "1969-12-31T23:59:59.000Z", -1000 },
	{ "1969-12-31T00:00:00.000Z", -86400000 },
	{ "1969-07-20T20:17:40.000Z", INT64_C(-14182940000) },
	{ "1900-03-01T00:00:00.000Z", INT64_C(-2203891200000) },
	{ "2024-02-29T12:34:56.789Z", INT64_C(1709210096789) },
	{ "2024-03-11T16:39:05.734Z", INT64_C(1710175145734) },
	{ "2000-02-29T00:00:00.000Z", INT64_C(951782400000) },
	{ "0001-01-01T00:00:00.000Z", INT64_C(-62135596800000) },
	{ "0000-01-01T00:00:00.000Z", INT64_C(-62167219200000) },
	{ "9999-12-31T23:59:59.999Z", INT64_C(253402300799999) },
};

/* Rejected ts strings with their reasons. */
static const struct {
	const char *ts;
	const char *why;
} bad[] = {
	{ "2023-02-29T00:00:00.000Z", DAY },
	{ "2100-02-29T00:00:00.000Z", DAY },
	{ "1900-02-29T00:00:00.000Z", DAY },
	{ "2024-02-30T00:00:00.000Z", DAY },
	{ "2024-04-31T00:00:00.000Z", DAY },
	{ "2024-01-32T00:00:00.000Z", DAY },
	{ "2024-01-00T00:00:00.000Z", DAY },
	{ "2024-13-01T00:00:00.000Z", MONTH },
	{ "2024-00-01T00:00:00.000Z", MONTH },
	{ "2024-99-01T00:00:00.000Z", MONTH },
	{ "2024-01-01T24:00:00.000Z", TOD },
	{ "2024-01-01T23:60:00.000Z", TOD },
	{ "2024-01-01T23:59:60.000Z", TOD },
	{ "2024-01-01T99:00:00.000Z", TOD },
	{ "2024-01-01T00:00:00.000", FORM },		/* missing Z, 23 */
	{ "2024-01-01T00:00:00.000+", FORM },		/* 24, no Z */
	{ "2024-01-01T00:00:00.000z", FORM },
	{ "2024-01-01T00:00:00Z", FORM },
	{ "2024-01-01T00:00:00.0000Z", FORM },
	{ "2024-01-01T00:00:00.00Z", FORM },
	{ "2024-01-01T00:00:00,000Z", FORM },
	{ "2024-01-01 00:00:00.000Z", FORM },
	{ "2024-01-01t00:00:00.000Z", FORM },
	{ "2024/01/01T00:00:00.000Z", FORM },
	{ "2024-1a-01T00:00:00.000Z", FORM },
	{ "+024-01-01T00:00:00.000Z", FORM },
	{ "-024-01-01T00:00:00.000Z", FORM },
	{ "2024-01-01T00:00:0 .000Z", FORM },
	{ "2024-01-01T00:00:00.00aZ", FORM },
	{ "2024-01-01T00:00:00.000Z ", FORM },
	{ " 2024-01-01T00:00:00.000Z", FORM },
	{ "2024-01-01T00:00:00.000+00:00", FORM },
	{ "", FORM },
};

static void
test_good(void)
{
	char buf[TIMEFMT_TS_LEN + 1];
	const char *why;
	int64_t ms;
	size_t i;

	for (i = 0; i < NELEM(good); i++) {
		ms = 424242;
		why = NULL;
		is_int(timefmt_parse_ts(good[i].ts, strlen(good[i].ts), &ms,
		    &why), 0, "parse %s", good[i].ts);
		is_int(ms, good[i].ms, "parse %s value", good[i].ts);
		memset(buf, 'x', sizeof(buf));
		is_int(timefmt_format_ts(good[i].ms, buf), 0, "format %lld",
		    (long long)good[i].ms);
		is_str(buf, good[i].ts, "format %lld text",
		    (long long)good[i].ms);
	}
}

static void
test_bad(void)
{
	const char *why;
	int64_t ms;
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		ms = 424242;
		why = NULL;
		is_int(timefmt_parse_ts(bad[i].ts, strlen(bad[i].ts), &ms,
		    &why), -1, "reject \"%s\"", bad[i].ts);
		is_str(why, bad[i].why, "reject \"%s\" reason", bad[i].ts);
		is_int(ms, 424242, "reject \"%s\" leaves *ms", bad[i].ts);
	}
	/* The length is what counts, not a NUL: 24 bytes out of a longer
	   buffer parse; 23 of a valid ts do not. */
	why = NULL;
	is_int(timefmt_parse_ts("2024-01-01T00:00:00.000Zjunk", 24, &ms, &why),
	    0, "parse reads exactly len bytes");
	is_int(timefmt_parse_ts("2024-01-01T00:00:00.000Z", 23, &ms, &why), -1,
	    "23 bytes of a valid ts are rejected");
	is_str(why, FORM, "23 bytes reason");
	is_int(timefmt_parse_ts("2024-01-01T00:00:00.000Z", 0, &ms, &why), -1,
	    "0 bytes rejected");
}

static void
test_format_range(void)
{
	char buf[TIMEFMT_TS_LEN + 1];

	is_int(timefmt_format_ts(INT64_C(-62167219200001), buf), -1,
	    "format before 0000-01-01 fails");
	is_int(timefmt_format_ts(INT64_C(253402300800000), buf), -1,
	    "format from 10000-01-01 fails");
	is_int(timefmt_format_ts(INT64_C(-62167219200000), buf), 0,
	    "format 0000-01-01 ok");
	is_int(timefmt_format_ts(INT64_C(253402300799999), buf), 0,
	    "format 9999-12-31T23:59:59.999 ok");
	is_int(strlen(buf), TIMEFMT_TS_LEN, "formatted length is 24");
}

/* Every millisecond offset shape round-trips, on both sides of the epoch. */
static void
test_round_trip(void)
{
	static const int64_t step[] = { 1, 999, 1000, 59999, 3600000,
	    86399999, 86400000, INT64_C(31556952000) };
	char buf[TIMEFMT_TS_LEN + 1];
	const char *why;
	int64_t ms, back, base;
	size_t i, k, bad_fmt = 0, bad_back = 0, tried = 0;

	for (i = 0; i < NELEM(step); i++)
		for (k = 0; k < 2000; k++) {
			base = step[i] * ((int64_t)k - 1000);
			for (ms = base - 1; ms <= base + 1; ms++) {
				tried++;
				if (timefmt_format_ts(ms, buf) != 0) {
					bad_fmt++;
					continue;
				}
				if (timefmt_parse_ts(buf, strlen(buf), &back,
				    &why) != 0 || back != ms) {
					if (bad_back++ == 0)
						diag("round trip of %lld: %s",
						    (long long)ms, buf);
				}
			}
		}
	is_int(bad_fmt, 0, "format succeeds for %zu values in range", tried);
	is_int(bad_back, 0, "parse(format(ms)) == ms for %zu values", tried);
}

static void
test_calendar(void)
{
	static const struct {
		int y, m, days;
	} dim[] = {
		{ 2024, 2, 29 }, { 2023, 2, 28 }, { 2000, 2, 29 },
		{ 1900, 2, 28 }, { 2100, 2, 28 }, { 2400, 2, 29 },
		{ 0, 2, 29 }, { -4, 2, 29 }, { -100, 2, 28 }, { -400, 2, 29 },
		{ 2024, 1, 31 }, { 2024, 3, 31 }, { 2024, 4, 30 },
		{ 2024, 5, 31 }, { 2024, 6, 30 }, { 2024, 7, 31 },
		{ 2024, 8, 31 }, { 2024, 9, 30 }, { 2024, 10, 31 },
		{ 2024, 11, 30 }, { 2024, 12, 31 },
	};
	size_t i;
	int64_t d, bad_inverse = 0, bad_next = 0, bad_range = 0;
	int y, m, dd, y2, m2, d2;

	for (i = 0; i < NELEM(dim); i++)
		is_int(timefmt_days_in_month(dim[i].y, dim[i].m), dim[i].days,
		    "days in %04d-%02d", dim[i].y, dim[i].m);

	is_int(timefmt_days_from_civil(1970, 1, 1), 0, "day 0 is 1970-01-01");
	is_int(timefmt_days_from_civil(1969, 12, 31), -1, "1969-12-31 is -1");
	is_int(timefmt_days_from_civil(2000, 3, 1), 11017, "2000-03-01");
	is_int(timefmt_days_from_civil(0, 1, 1), -719528, "0000-01-01");
	is_int(timefmt_days_from_civil(-1, 12, 31), -719529, "-0001-12-31");
	timefmt_civil_from_days(-719529, &y, &m, &dd);
	ok(y == -1 && m == 12 && dd == 31, "day -719529 is -0001-12-31 "
	    "(got %d-%d-%d)", y, m, dd);
	timefmt_civil_from_days(19782, &y, &m, &dd);
	ok(y == 2024 && m == 2 && dd == 29, "day 19782 is 2024-02-29 "
	    "(got %d-%d-%d)", y, m, dd);

	for (d = -800000; d <= 800000; d += 7) {
		timefmt_civil_from_days(d, &y, &m, &dd);
		if (m < 1 || m > 12 || dd < 1 ||
		    dd > timefmt_days_in_month(y, m)) {
			if (bad_range++ == 0)
				diag("day %lld -> %d-%d-%d", (long long)d, y,
				    m, dd);
			continue;
		}
		if (timefmt_days_from_civil(y, m, dd) != d && bad_inverse++ == 0)
			diag("day %lld -> %d-%d-%d -> %lld", (long long)d, y,
			    m, dd, (long long)timefmt_days_from_civil(y, m, dd));
	}
	is_int(bad_range, 0, "civil_from_days gives valid dates, "
	    "-800000..800000 step 7");
	is_int(bad_inverse, 0, "days_from_civil inverts civil_from_days, "
	    "-800000..800000 step 7");

	/* Consecutive day numbers are consecutive dates. */
	timefmt_civil_from_days(-800000, &y, &m, &dd);
	for (d = -799999; d <= 800000; d++) {
		timefmt_civil_from_days(d, &y2, &m2, &d2);
		if (dd < timefmt_days_in_month(y, m) ?
		    !(y2 == y && m2 == m && d2 == dd + 1) :
		    m < 12 ? !(y2 == y && m2 == m + 1 && d2 == 1) :
		    !(y2 == y + 1 && m2 == 1 && d2 == 1)) {
			if (bad_next++ == 0)
				diag("day %lld: %d-%d-%d after %d-%d-%d",
				    (long long)d, y2, m2, d2, y, m, dd);
		}
		y = y2;
		m = m2;
		dd = d2;
	}
	is_int(bad_next, 0, "each day follows the one before, "
	    "-800000..800000");
}

/*
 * A fingerprint of everything the module computes for a set of inputs: the
 * same under every zone.
 */
static uint64_t
fingerprint(void)
{
	char buf[TIMEFMT_TS_LEN + 1];
	const char *why;
	uint64_t h = 1469598103934665603u;
	int64_t ms;
	size_t i, j;

	for (i = 0; i < NELEM(good); i++) {
		if (timefmt_parse_ts(good[i].ts, TIMEFMT_TS_LEN, &ms, &why) != 0)
			ms = -424242;
		h = (h ^ (uint64_t)ms) * 1099511628211u;
		for (j = 0; j < 1000; j++) {
			if (timefmt_format_ts(ms + (int64_t)j * 3599999, buf) != 0)
				continue;
			h = (h ^ (unsigned char)buf[j % 23]) * 1099511628211u;
			h = (h ^ (uint64_t)timefmt_days_from_civil(
			    1900 + (int)j % 300, 1 + (int)j % 12,
			    1 + (int)j % 28)) * 1099511628211u;
		}
	}
	return h;
}

static void
test_tz_independence(void)
{
	static const char *const zones[] = { "UTC0", "NST+03:30",
	    "ABC-05:45", "XYZ-14", "EST5EDT,M3.2.0,M11.1.0",
	    "America/St_Johns", "Asia/Kathmandu", "Pacific/Kiritimati" };
	const char *old = getenv("TZ");
	char *saved = old != NULL ? strdup(old) : NULL;
	uint64_t want, got;
	struct tm tm;
	time_t t = 0;
	size_t i;

	setenv("TZ", "UTC0", 1);
	tzset();
	want = fingerprint();
	for (i = 0; i < NELEM(zones); i++) {
		setenv("TZ", zones[i], 1);
		tzset();
		got = fingerprint();
		ok(got == want, "same results with TZ=%s", zones[i]);
	}
	/* Make sure the zones took: local midnight of the epoch moves. */
	setenv("TZ", "ABC-05:45", 1);
	tzset();
	localtime_r(&t, &tm);
	ok(tm.tm_hour == 5 && tm.tm_min == 45,
	    "TZ=ABC-05:45 is in effect for the C library (%02d:%02d)",
	    tm.tm_hour, tm.tm_min);
	if (saved != NULL) {
		setenv("TZ", saved, 1);
		free(saved);
	} else
		unsetenv("TZ");
	tzset();
}

int
main(void)
{
	test_good();
	test_bad();
	test_format_range();
	test_round_trip();
	test_calendar();
	test_tz_independence();
	return done_testing();
}
