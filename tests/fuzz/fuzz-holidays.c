/*
 * fuzz-holidays.c - libFuzzer entry for the holidays file of --holidays
 * (hours_holidays_load(), lib/hours.c, read through lib/confline.c) and the
 * opening-hours spec of --hours (hours_parse()).
 *
 * The input is written to a memfd and loaded by its /dev/fd name.  The
 * result is compared with a plain model of the format: lines split at
 * "\n", a "#" comment cut, spaces, tabs and CRs trimmed, blank lines
 * skipped, every other line one YYYY-MM-DD; the first line holding a NUL
 * byte or no date fails the file with "PATH:LINE: NUL byte" or
 * "PATH:LINE: not a date YYYY-MM-DD", and a failure keeps no days.  Loaded
 * days are the model's, sorted, each once, and hours_is_holiday() finds
 * them and no neighbour that is not one.  The input is then parsed as an
 * hours spec; when accepted, a week's business time lies within the week
 * and equals the open minutes it counts.  See tests/fuzz/README.
 *
 * SOURCES: lib/hours.c lib/confline.c lib/scan.c lib/timefmt.c lib/tz.c
 * SOURCES: lib/util.c
 * OPTIONS: -max_len=1024
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hours.h"
#include "timefmt.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
compare_days(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * The model: fills days (n of them, sorted, unique) and returns 0, or
 * returns the failing line's number with *why its reason.
 */
static unsigned long
model(const char *p, size_t size, int64_t *days, size_t *n, const char **why)
{
	const char *end = p + size, *nl, *s, *hash;
	unsigned long lineno = 0;
	size_t len, k, m;
	int64_t day;

	*n = 0;
	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (memchr(p, '\0', len) != NULL) {
			*why = "NUL byte";
			return lineno;
		}
		s = p;
		if ((hash = memchr(s, '#', len)) != NULL)
			len = (size_t)(hash - s);
		while (len > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			len--;
		}
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
		    s[len - 1] == '\r'))
			len--;
		if (len > 0) {
			if (timefmt_parse_day(s, len, &day) != 0) {
				*why = "not a date YYYY-MM-DD";
				return lineno;
			}
			days[(*n)++] = day;
		}
		p = nl != NULL ? nl + 1 : end;
	}
	qsort(days, *n, sizeof(*days), compare_days);
	for (k = 0, m = 0; k < *n; k++)
		if (m == 0 || days[m - 1] != days[k])
			days[m++] = days[k];
	*n = m;
	return 0;
}

static void
check_holidays(int fd, const uint8_t *data, size_t size)
{
	struct holidays hol;
	char path[64], err[256], want[320];
	int64_t *days = malloc((size / 2 + 1) * sizeof(*days));
	const char *why = NULL;
	unsigned long bad;
	size_t n, k;
	int r;

	CHECK(days != NULL);
	snprintf(path, sizeof(path), "/dev/fd/%d", fd);
	err[0] = '\0';
	r = hours_holidays_load(&hol, path, err, sizeof(err));
	bad = model((const char *)data, size, days, &n, &why);
	if (bad != 0) {
		CHECK(r == -1);
		CHECK(hol.days == NULL && hol.n == 0);
		snprintf(want, sizeof(want), "%s:%lu: %s", path, bad, why);
		CHECK(strcmp(err, want) == 0);
	} else {
		CHECK(r == 0);
		CHECK(hol.n == n);
		for (k = 0; k < n; k++) {
			CHECK(hol.days[k] == days[k]);
			CHECK(hours_is_holiday(&hol, days[k]));
			if (k + 1 == n || days[k + 1] != days[k] + 1)
				CHECK(!hours_is_holiday(&hol, days[k] + 1));
		}
		hours_holidays_free(&hol);
		CHECK(hol.days == NULL && hol.n == 0);
	}
	free(days);
}

static void
check_hours(const uint8_t *data, size_t size)
{
	struct hours h;
	const char *why = NULL;
	size_t at = (size_t)-1;
	int64_t week = 7 * 86400000LL, open = 0, got;
	int d, m;

	if (hours_parse(&h, (const char *)data, size, &why, &at) != 0) {
		CHECK(why != NULL && why[0] != '\0');
		CHECK(at <= size);
		return;
	}
	for (d = 0; d < 7; d++)
		for (m = 0; m < 1440; m++)
			open += hours_is_open(&h, d, m);
	/* 2024-03-04 was a Monday; UTC, no holidays: every open minute of
	   the week counts once. */
	got = hours_business_ms(&h, NULL, NULL, 1709510400000LL,
	    1709510400000LL + week);
	CHECK(got >= 0 && got <= week);
	CHECK(got == open * 60000);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;

	if (fd < 0) {
		fd = memfd_create("holidays", 0);
		CHECK(fd >= 0);
	}
	CHECK(ftruncate(fd, 0) == 0);
	CHECK(size == 0 || pwrite(fd, data, size, 0) == (ssize_t)size);
	check_holidays(fd, data, size);
	check_hours(data, size);
	return 0;
}
