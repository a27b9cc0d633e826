/*
 * test-util.c - bounded parsing of integers, sizes and durations, and the
 * checked allocators.
 */
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "util.h"

#define NOT_SIZE "not a size"
#define BAD_SIZE "not a size (use a number with K, M, G or T)"
#define NOT_DURATION "not a duration"
#define BAD_DURATION "not a duration (use e.g. 90s, 2m, 24h, 1h30m, 3d)"
#define NOT_NUMBER "not a number"
#define TOO_SMALL "too small"
#define TOO_LARGE "too large"

/* One case: input, bounds, and either the value (why NULL) or the reason. */
struct ucase {
	const char *in;
	uint64_t min, max;
	uint64_t want;
	const char *why;
};

static const struct ucase size_cases[] = {
	{ "256M", 0, UINT64_MAX, 268435456, NULL },
	{ "64k", 0, UINT64_MAX, 65536, NULL },
	{ "64K", 0, UINT64_MAX, 65536, NULL },
	{ "1G", 0, UINT64_MAX, 1073741824, NULL },
	{ "1g", 0, UINT64_MAX, 1073741824, NULL },
	{ "1GiB", 0, UINT64_MAX, 1073741824, NULL },
	{ "1GB", 0, UINT64_MAX, 1073741824, NULL },
	{ "1Gb", 0, UINT64_MAX, 1073741824, NULL },
	{ "2T", 0, UINT64_MAX, UINT64_C(2199023255552), NULL },
	{ "3MiB", 0, UINT64_MAX, 3145728, NULL },
	{ "4096", 0, UINT64_MAX, 4096, NULL },
	{ "4096B", 0, UINT64_MAX, 4096, NULL },
	{ "0", 0, UINT64_MAX, 0, NULL },
	{ "007k", 0, UINT64_MAX, 7168, NULL },
	{ "18446744073709551615", 0, UINT64_MAX, UINT64_MAX, NULL },
	{ "16777215T", 0, UINT64_MAX, UINT64_C(18446742974197923840), NULL },
	{ "0", 1, UINT64_MAX, 0, TOO_SMALL },
	{ "4095", 4096, UINT64_MAX, 0, TOO_SMALL },
	{ "4096", 4096, 4096, 4096, NULL },
	{ "2G", 0, 1073741824, 0, TOO_LARGE },
	{ "1025", 0, 1024, 0, TOO_LARGE },
	{ "18446744073709551616", 0, UINT64_MAX, 0, TOO_LARGE },
	{ "99999999999999999999999", 0, UINT64_MAX, 0, TOO_LARGE },
	{ "16777216T", 0, UINT64_MAX, 0, TOO_LARGE },
	{ "17179869184G", 0, UINT64_MAX, 0, TOO_LARGE },
	{ "12Q", 0, UINT64_MAX, 0, BAD_SIZE },
	{ "1iB", 0, UINT64_MAX, 0, BAD_SIZE },
	{ "1KK", 0, UINT64_MAX, 0, BAD_SIZE },
	{ "1K ", 0, UINT64_MAX, 0, BAD_SIZE },
	{ "1.5G", 0, UINT64_MAX, 0, BAD_SIZE },
	{ "1 K", 0, UINT64_MAX, 0, BAD_SIZE },
	{ "", 0, UINT64_MAX, 0, NOT_SIZE },
	{ "-1", 0, UINT64_MAX, 0, NOT_SIZE },
	{ "+1", 0, UINT64_MAX, 0, NOT_SIZE },
	{ " 1", 0, UINT64_MAX, 0, NOT_SIZE },
	{ "K", 0, UINT64_MAX, 0, NOT_SIZE },
	{ "0x10", 0, UINT64_MAX, 0, BAD_SIZE },
};

static const struct ucase duration_cases[] = {
	{ "90s", 0, UINT64_MAX, 90, NULL },
	{ "2m", 0, UINT64_MAX, 120, NULL },
	{ "24h", 0, UINT64_MAX, 86400, NULL },
	{ "1h30m", 0, UINT64_MAX, 5400, NULL },
	{ "1h30m15s", 0, UINT64_MAX, 5415, NULL },
	{ "3d", 0, UINT64_MAX, 259200, NULL },
	{ "1w", 0, UINT64_MAX, 604800, NULL },
	{ "1w1d", 0, UINT64_MAX, 691200, NULL },
	{ "45", 0, UINT64_MAX, 45, NULL },
	{ "0", 0, UINT64_MAX, 0, NULL },
	{ "0s", 0, UINT64_MAX, 0, NULL },
	{ "18446744073709551615", 0, UINT64_MAX, UINT64_MAX, NULL },
	{ "0s", 1, UINT64_MAX, 0, TOO_SMALL },
	{ "59s", 60, UINT64_MAX, 0, TOO_SMALL },
	{ "2d", 0, 86400, 0, TOO_LARGE },
	{ "86401", 0, 86400, 0, TOO_LARGE },
	{ "18446744073709551616", 0, UINT64_MAX, 0, TOO_LARGE },
	{ "100000000000000w", 0, UINT64_MAX, 0, TOO_LARGE },
	{ "18446744073709551615s1s", 0, UINT64_MAX, 0, TOO_LARGE },
	{ "", 0, UINT64_MAX, 0, NOT_DURATION },
	{ "h", 0, UINT64_MAX, 0, BAD_DURATION },
	{ "5x", 0, UINT64_MAX, 0, BAD_DURATION },
	{ "5 s", 0, UINT64_MAX, 0, BAD_DURATION },
	{ "5s ", 0, UINT64_MAX, 0, BAD_DURATION },
	{ "-5s", 0, UINT64_MAX, 0, BAD_DURATION },
	{ "1.5h", 0, UINT64_MAX, 0, BAD_DURATION },
	{ "1hh", 0, UINT64_MAX, 0, BAD_DURATION },
	{ "5S", 0, UINT64_MAX, 0, BAD_DURATION },
};

struct icase {
	const char *in;
	long long min, max;
	long long want;
	const char *why;
};

static const struct icase int_cases[] = {
	{ "42", 0, 100, 42, NULL },
	{ "0", 0, 100, 0, NULL },
	{ "100", 0, 100, 100, NULL },
	{ "-0", 0, 100, 0, NULL },
	{ "-5", -10, 10, -5, NULL },
	{ "-10", -10, 10, -10, NULL },
	{ "-11", -10, 10, 0, TOO_SMALL },
	{ "11", -10, 10, 0, TOO_LARGE },
	{ "101", 0, 100, 0, TOO_LARGE },
	{ "-1", 0, 100, 0, TOO_SMALL },
	{ "9223372036854775807", LLONG_MIN, LLONG_MAX, LLONG_MAX, NULL },
	{ "-9223372036854775808", LLONG_MIN, LLONG_MAX, LLONG_MIN, NULL },
	{ "9223372036854775808", LLONG_MIN, LLONG_MAX, 0, TOO_LARGE },
	{ "99999999999999999999", LLONG_MIN, LLONG_MAX, 0, TOO_LARGE },
	{ "-9223372036854775809", LLONG_MIN, LLONG_MAX, 0, TOO_SMALL },
	{ "-99999999999999999999", LLONG_MIN, LLONG_MAX, 0, TOO_SMALL },
	{ "9223372036854775808", 0, 10, 0, TOO_LARGE },
	{ "-9223372036854775809", 0, 10, 0, TOO_SMALL },
	{ "", 0, 100, 0, NOT_NUMBER },
	{ "12a", 0, 100, 0, NOT_NUMBER },
	{ "1.0", 0, 100, 0, NOT_NUMBER },
	{ "0x10", 0, 100, 0, NOT_NUMBER },
	{ "1 ", 0, 100, 0, NOT_NUMBER },
	{ " 1", 0, 100, 0, NOT_NUMBER },
	{ "\t1", 0, 100, 0, NOT_NUMBER },
	{ "-", 0, 100, 0, NOT_NUMBER },
	{ "abc", 0, 100, 0, NOT_NUMBER },
	{ "1e3", 0, 10000, 0, NOT_NUMBER },
};

/*
 * Regression: strtoll(3) skips any leading white space, so "\n5" once
 * parsed as 5 although " 5" was rejected.
 */
static const struct icase int_space_cases[] = {
	{ "\n5", 0, 100, 0, NOT_NUMBER },
	{ "\r5", 0, 100, 0, NOT_NUMBER },
	{ "\v5", 0, 100, 0, NOT_NUMBER },
	{ "\f5", 0, 100, 0, NOT_NUMBER },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

typedef int parse_u64(const char *, uint64_t, uint64_t, uint64_t *,
    const char **);

static void
check_u64(const char *what, parse_u64 *parse, const struct ucase *c, size_t n)
{
	uint64_t got;
	const char *why;
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		got = 12345;
		why = "unset";
		r = parse(c[i].in, c[i].min, c[i].max, &got, &why);
		if (c[i].why == NULL) {
			is_int(r, 0, "%s(\"%s\") succeeds", what, c[i].in);
			ok(got == c[i].want, "%s(\"%s\") = %llu (got %llu)",
			    what, c[i].in, (unsigned long long)c[i].want,
			    (unsigned long long)got);
		} else {
			is_int(r, -1, "%s(\"%s\") fails", what, c[i].in);
			is_str(why, c[i].why, "%s(\"%s\") reason", what,
			    c[i].in);
			is_int(got, 12345, "%s(\"%s\") leaves *out alone",
			    what, c[i].in);
		}
	}
}

/* in with control characters written as C escapes, for descriptions. */
static const char *
show(const char *in)
{
	static char buf[128];
	size_t o = 0;

	for (; *in != '\0' && o + 5 < sizeof(buf); in++) {
		if ((unsigned char)*in < 0x20)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "\\x%02x",
			    (unsigned char)*in);
		else
			buf[o++] = *in;
	}
	buf[o] = '\0';
	return buf;
}

static void
check_int(const struct icase *c, size_t n, const char *tag)
{
	long long got;
	const char *why;
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		got = 12345;
		why = "unset";
		r = util_parse_int(c[i].in, c[i].min, c[i].max, &got, &why);
		if (c[i].why == NULL) {
			is_int(r, 0, "%sutil_parse_int(\"%s\") succeeds", tag,
			    show(c[i].in));
			is_int(got, c[i].want, "%sutil_parse_int(\"%s\") value",
			    tag, show(c[i].in));
		} else {
			is_int(r, -1, "%sutil_parse_int(\"%s\") fails", tag,
			    show(c[i].in));
			if (r != 0)
				is_str(why, c[i].why,
				    "%sutil_parse_int(\"%s\") reason", tag,
				    show(c[i].in));
		}
	}
}

static void
test_null_inputs(void)
{
	uint64_t u;
	long long ll;
	const char *why;

	why = NULL;
	is_int(util_parse_size(NULL, 0, 10, &u, &why), -1, "size NULL fails");
	is_str(why, NOT_SIZE, "size NULL reason");
	why = NULL;
	is_int(util_parse_duration(NULL, 0, 10, &u, &why), -1,
	    "duration NULL fails");
	is_str(why, NOT_DURATION, "duration NULL reason");
	why = NULL;
	is_int(util_parse_int(NULL, 0, 10, &ll, &why), -1, "int NULL fails");
	is_str(why, NOT_NUMBER, "int NULL reason");
}

static void
test_alloc(void)
{
	char *p, *q;
	int *v;
	size_t i;

	p = xstrdup("hello");
	is_str(p, "hello", "xstrdup copies");
	q = xstrndup("hello world", 5);
	is_str(q, "hello", "xstrndup stops at n and terminates");
	free(q);
	q = xstrndup("", 0);
	is_str(q, "", "xstrndup of nothing");
	free(q);
	p = xrealloc(p, 64);
	is_str(p, "hello", "xrealloc keeps the content");
	free(p);
	p = xmalloc(0);
	ok(p != NULL, "xmalloc(0) returns a pointer");
	free(p);
	v = xcalloc(16, sizeof(*v));
	for (i = 0; i < 16 && v[i] == 0; i++)
		;
	is_int(i, 16, "xcalloc zeroes");
	v = xreallocarray(v, 32, sizeof(*v));
	v[31] = 7;
	is_int(v[31], 7, "xreallocarray grows");
	free(v);
}

int
main(void)
{
	check_u64("util_parse_size", util_parse_size, size_cases,
	    NELEM(size_cases));
	check_u64("util_parse_duration", util_parse_duration, duration_cases,
	    NELEM(duration_cases));
	check_int(int_cases, NELEM(int_cases), "");
	check_int(int_space_cases, NELEM(int_space_cases),
	    "leading white space: ");
	test_null_inputs();
	test_alloc();
	return done_testing();
}
