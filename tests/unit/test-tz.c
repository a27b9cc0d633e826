/*
 * test-tz.c - time zones: real zones across their DST changes (skipped and
 * repeated hours, 30-minute DST, a skipped day), the POSIX TZ footer (far
 * future, negative and >24h switch times, Jn and n rules, DST all year, the
 * southern hemisphere), fixed offsets, refused names, corrupt and truncated
 * TZif files, the cache, and independence from the TZ variable.
 *
 * Real zones are read from /usr/share/zoneinfo (scripts/deps installs
 * tzdata); without it their checks are skipped.  Times in the tables are
 * "YYYY-MM-DDTHH:MM:SS": UTC instants end in "Z", local wall times do not.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "timefmt.h"
#include "tz.h"
#include "unit.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define ZONEINFO "/usr/share/zoneinfo"

#define U ((int)TZ_LOCAL_UNIQUE)
#define A ((int)TZ_LOCAL_AMBIGUOUS)
#define G ((int)TZ_LOCAL_GAP)

/* Offset, DST flag and abbreviation at a UTC instant. */
struct offset_case {
	const char *zone, *utc;
	int offset, is_dst;
	const char *abbr;
};

/* A local wall time and what it maps to (second: the same when unique). */
struct local_case {
	const char *zone, *local;
	int kind;
	const char *first, *second;
};

static const struct offset_case real_offsets[] = {
	/* Madrid: CET/CEST, changes at 01:00Z on the last Sundays. */
	{ "Europe/Madrid", "2024-01-15T12:00:00Z", 3600, 0, "CET" },
	{ "Europe/Madrid", "2024-03-31T00:59:59Z", 3600, 0, "CET" },
	{ "Europe/Madrid", "2024-03-31T01:00:00Z", 7200, 1, "CEST" },
	{ "Europe/Madrid", "2024-10-27T00:59:59Z", 7200, 1, "CEST" },
	{ "Europe/Madrid", "2024-10-27T01:00:00Z", 3600, 0, "CET" },
	/* Beyond the table (it ends in 2037): the footer's rule. */
	{ "Europe/Madrid", "2100-03-28T00:59:59Z", 3600, 0, "CET" },
	{ "Europe/Madrid", "2100-03-28T01:00:00Z", 7200, 1, "CEST" },
	{ "Europe/Madrid", "2100-07-01T10:00:00Z", 7200, 1, "CEST" },
	{ "Europe/Madrid", "2100-10-31T01:00:00Z", 3600, 0, "CET" },
	/* Before the first transition (1901-01-01): local mean time. */
	{ "Europe/Madrid", "1850-06-01T12:00:00Z", -884, 0, "LMT" },
	{ "Europe/Madrid", "1900-12-31T23:59:59Z", -884, 0, "LMT" },
	{ "Europe/Madrid", "1901-01-01T00:00:00Z", 0, 0, "WET" },
	{ "America/New_York", "2024-03-10T06:59:59Z", -18000, 0, "EST" },
	{ "America/New_York", "2024-03-10T07:00:00Z", -14400, 1, "EDT" },
	{ "America/New_York", "2024-11-03T05:59:59Z", -14400, 1, "EDT" },
	{ "America/New_York", "2024-11-03T06:00:00Z", -18000, 0, "EST" },
	{ "Europe/London", "2024-03-31T00:59:59Z", 0, 0, "GMT" },
	{ "Europe/London", "2024-03-31T01:00:00Z", 3600, 1, "BST" },
	/* Lord Howe: +10:30, and +11 in summer (30-minute DST). */
	{ "Australia/Lord_Howe", "2024-04-06T14:59:59Z", 39600, 1, "+11" },
	{ "Australia/Lord_Howe", "2024-04-06T15:00:00Z", 37800, 0, "+1030" },
	{ "Australia/Lord_Howe", "2024-10-05T15:29:59Z", 37800, 0, "+1030" },
	{ "Australia/Lord_Howe", "2024-10-05T15:30:00Z", 39600, 1, "+11" },
	{ "Asia/Kolkata", "2024-06-01T00:00:00Z", 19800, 0, "IST" },
	{ "Asia/Kolkata", "2100-06-01T00:00:00Z", 19800, 0, "IST" },
	{ "America/St_Johns", "2024-03-10T05:29:59Z", -12600, 0, "NST" },
	{ "America/St_Johns", "2024-03-10T05:30:00Z", -9000, 1, "NDT" },
	{ "America/St_Johns", "2024-11-03T04:29:59Z", -9000, 1, "NDT" },
	{ "America/St_Johns", "2024-11-03T04:30:00Z", -12600, 0, "NST" },
	/* Apia crossed the date line: Thursday 29th, then Saturday 31st. */
	{ "Pacific/Apia", "2011-12-30T09:59:59Z", -36000, 1, "-10" },
	{ "Pacific/Apia", "2011-12-30T10:00:00Z", 50400, 1, "+14" },
	{ "Pacific/Apia", "2024-06-01T00:00:00Z", 46800, 0, "+13" },
	{ "UTC", "2024-06-01T00:00:00Z", 0, 0, "UTC" },
	{ "Etc/UTC", "1850-06-01T00:00:00Z", 0, 0, "UTC" },
};

static const struct local_case real_locals[] = {
	/* Madrid spring: 02:00-03:00 skipped; autumn: 02:00-03:00 twice. */
	{ "Europe/Madrid", "2024-03-31T01:59:59", U,
	    "2024-03-31T00:59:59Z", "2024-03-31T00:59:59Z" },
	{ "Europe/Madrid", "2024-03-31T02:00:00", G,
	    "2024-03-31T01:00:00Z", "2024-03-31T00:00:00Z" },
	{ "Europe/Madrid", "2024-03-31T02:30:00", G,
	    "2024-03-31T01:30:00Z", "2024-03-31T00:30:00Z" },
	{ "Europe/Madrid", "2024-03-31T02:59:59", G,
	    "2024-03-31T01:59:59Z", "2024-03-31T00:59:59Z" },
	{ "Europe/Madrid", "2024-03-31T03:00:00", U,
	    "2024-03-31T01:00:00Z", "2024-03-31T01:00:00Z" },
	{ "Europe/Madrid", "2024-10-27T01:59:59", U,
	    "2024-10-26T23:59:59Z", "2024-10-26T23:59:59Z" },
	{ "Europe/Madrid", "2024-10-27T02:00:00", A,
	    "2024-10-27T00:00:00Z", "2024-10-27T01:00:00Z" },
	{ "Europe/Madrid", "2024-10-27T02:30:00", A,
	    "2024-10-27T00:30:00Z", "2024-10-27T01:30:00Z" },
	{ "Europe/Madrid", "2024-10-27T02:59:59", A,
	    "2024-10-27T00:59:59Z", "2024-10-27T01:59:59Z" },
	{ "Europe/Madrid", "2024-10-27T03:00:00", U,
	    "2024-10-27T02:00:00Z", "2024-10-27T02:00:00Z" },
	{ "Europe/Madrid", "2024-07-01T12:00:00", U,
	    "2024-07-01T10:00:00Z", "2024-07-01T10:00:00Z" },
	/* The footer's rule, far beyond the table. */
	{ "Europe/Madrid", "2100-07-01T12:00:00", U,
	    "2100-07-01T10:00:00Z", "2100-07-01T10:00:00Z" },
	{ "Europe/Madrid", "2100-03-28T02:30:00", G,
	    "2100-03-28T01:30:00Z", "2100-03-28T00:30:00Z" },
	{ "Europe/Madrid", "2100-10-31T02:30:00", A,
	    "2100-10-31T00:30:00Z", "2100-10-31T01:30:00Z" },
	/* Before the first transition, and the 884 s it skipped. */
	{ "Europe/Madrid", "1850-06-01T12:00:00", U,
	    "1850-06-01T12:14:44Z", "1850-06-01T12:14:44Z" },
	{ "Europe/Madrid", "1900-12-31T23:50:00", G,
	    "1901-01-01T00:04:44Z", "1900-12-31T23:50:00Z" },
	{ "America/New_York", "2024-03-10T01:59:59", U,
	    "2024-03-10T06:59:59Z", "2024-03-10T06:59:59Z" },
	{ "America/New_York", "2024-03-10T02:30:00", G,
	    "2024-03-10T07:30:00Z", "2024-03-10T06:30:00Z" },
	{ "America/New_York", "2024-03-10T03:00:00", U,
	    "2024-03-10T07:00:00Z", "2024-03-10T07:00:00Z" },
	{ "America/New_York", "2024-11-03T00:59:59", U,
	    "2024-11-03T04:59:59Z", "2024-11-03T04:59:59Z" },
	{ "America/New_York", "2024-11-03T01:30:00", A,
	    "2024-11-03T05:30:00Z", "2024-11-03T06:30:00Z" },
	{ "America/New_York", "2024-11-03T02:00:00", U,
	    "2024-11-03T07:00:00Z", "2024-11-03T07:00:00Z" },
	{ "Europe/London", "2024-03-31T01:30:00", G,
	    "2024-03-31T01:30:00Z", "2024-03-31T00:30:00Z" },
	{ "Europe/London", "2024-10-27T01:30:00", A,
	    "2024-10-27T00:30:00Z", "2024-10-27T01:30:00Z" },
	{ "Australia/Lord_Howe", "2024-10-06T02:15:00", G,
	    "2024-10-05T15:45:00Z", "2024-10-05T15:15:00Z" },
	{ "Australia/Lord_Howe", "2024-10-06T02:30:00", U,
	    "2024-10-05T15:30:00Z", "2024-10-05T15:30:00Z" },
	{ "Australia/Lord_Howe", "2024-04-07T01:45:00", A,
	    "2024-04-06T14:45:00Z", "2024-04-06T15:15:00Z" },
	{ "Australia/Lord_Howe", "2024-04-07T02:00:00", U,
	    "2024-04-06T15:30:00Z", "2024-04-06T15:30:00Z" },
	{ "Asia/Kolkata", "2024-06-01T12:00:00", U,
	    "2024-06-01T06:30:00Z", "2024-06-01T06:30:00Z" },
	{ "America/St_Johns", "2024-03-10T02:30:00", G,
	    "2024-03-10T06:00:00Z", "2024-03-10T05:00:00Z" },
	{ "America/St_Johns", "2024-11-03T01:30:00", A,
	    "2024-11-03T04:00:00Z", "2024-11-03T05:00:00Z" },
	/* Apia: all of Friday 2011-12-30 is a gap 24 hours wide. */
	{ "Pacific/Apia", "2011-12-29T23:59:59", U,
	    "2011-12-30T09:59:59Z", "2011-12-30T09:59:59Z" },
	{ "Pacific/Apia", "2011-12-30T00:00:00", G,
	    "2011-12-30T10:00:00Z", "2011-12-29T10:00:00Z" },
	{ "Pacific/Apia", "2011-12-30T12:00:00", G,
	    "2011-12-30T22:00:00Z", "2011-12-29T22:00:00Z" },
	{ "Pacific/Apia", "2011-12-30T23:59:59", G,
	    "2011-12-31T09:59:59Z", "2011-12-30T09:59:59Z" },
	{ "Pacific/Apia", "2011-12-31T00:00:00", U,
	    "2011-12-30T10:00:00Z", "2011-12-30T10:00:00Z" },
	{ "UTC", "2024-03-31T02:30:00", U,
	    "2024-03-31T02:30:00Z", "2024-03-31T02:30:00Z" },
	{ "Etc/UTC", "2024-10-27T02:30:00", U,
	    "2024-10-27T02:30:00Z", "2024-10-27T02:30:00Z" },
};

/* Zones that need no file. */
static const struct offset_case fixed_offsets[] = {
	{ "UTC", "2024-06-01T00:00:00Z", 0, 0, "UTC" },
	{ "Etc/UTC", "2024-06-01T00:00:00Z", 0, 0, "UTC" },
	{ "+05:45", "2024-06-01T00:00:00Z", 20700, 0, "+05:45" },
	{ "+0545", "1850-06-01T00:00:00Z", 20700, 0, "+05:45" },
	{ "-0330", "2024-06-01T00:00:00Z", -12600, 0, "-03:30" },
	{ "-03:30", "2100-06-01T00:00:00Z", -12600, 0, "-03:30" },
	{ "+01:00", "2024-06-01T00:00:00Z", 3600, 0, "+01:00" },
	{ "+05", "2024-06-01T00:00:00Z", 18000, 0, "+05:00" },
	{ "-00:00", "2024-06-01T00:00:00Z", 0, 0, "+00:00" },
	{ "+23:59", "2024-06-01T00:00:00Z", 86340, 0, "+23:59" },
	{ "-23:59", "2024-06-01T00:00:00Z", -86340, 0, "-23:59" },
};

static const struct local_case fixed_locals[] = {
	{ "+05:45", "2024-01-01T05:45:00", U,
	    "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z" },
	{ "-0330", "2024-01-01T00:00:00", U,
	    "2024-01-01T03:30:00Z", "2024-01-01T03:30:00Z" },
	{ "UTC", "1970-01-01T00:00:00", U,
	    "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z" },
};

#define BAD_OFFSET "not a UTC offset of the form +HH:MM (hours 00 to 23, " \
	"minutes 00 to 59)"

/* Names refused before any file is read, with their reasons. */
static const struct {
	const char *name, *err;
} bad_names[] = {
	{ "", "time zone name is empty" },
	{ "../etc/passwd", "time zone \"../etc/passwd\": \"..\" is not allowed "
	    "in a name" },
	{ "Europe/../../etc/passwd", "time zone \"Europe/../../etc/passwd\": "
	    "\"..\" is not allowed in a name" },
	{ "Europe/Madrid/..", "time zone \"Europe/Madrid/..\": \"..\" is not "
	    "allowed in a name" },
	{ "/etc/passwd", "time zone \"/etc/passwd\": an absolute path, not an "
	    "IANA name such as Europe/Madrid" },
	{ "/usr/share/zoneinfo/Europe/Madrid", "time zone "
	    "\"/usr/share/zoneinfo/Europe/Madrid\": an absolute path, not an "
	    "IANA name such as Europe/Madrid" },
	{ "Europe/Madrid ", "time zone \"Europe/Madrid \": character ' ' is "
	    "not allowed in a name" },
	{ "Europe\\Madrid", "time zone \"Europe\\Madrid\": character '\\' is "
	    "not allowed in a name" },
	{ "Europe/Madrid\n", "time zone name: byte 0x0a is not allowed in a "
	    "name" },
	{ "Europe/Madrid;rm", "time zone \"Europe/Madrid;rm\": character ';' "
	    "is not allowed in a name" },
	{ "localtime", "time zone \"localtime\": the machine's zone is never "
	    "used; name one such as Europe/Madrid" },
	{ "+24:00", "time zone \"+24:00\": " BAD_OFFSET },
	{ "+05:60", "time zone \"+05:60\": " BAD_OFFSET },
	{ "+5", "time zone \"+5\": " BAD_OFFSET },
	{ "+5:45", "time zone \"+5:45\": " BAD_OFFSET },
	{ "+05:4", "time zone \"+05:4\": " BAD_OFFSET },
	{ "+05-45", "time zone \"+05-45\": " BAD_OFFSET },
	{ "+0545x", "time zone \"+0545x\": " BAD_OFFSET },
	{ "+", "time zone \"+\": " BAD_OFFSET },
	{ "-", "time zone \"-\": " BAD_OFFSET },
	{ "+ab:cd", "time zone \"+ab:cd\": " BAD_OFFSET },
};

/* "YYYY-MM-DDTHH:MM:SS[Z]" to seconds; aborts on a typo in a table. */
static int64_t
secs(const char *s)
{
	int y, mo, d, h, mi, sec, n = 0;

	if (sscanf(s, "%d-%d-%dT%d:%d:%d%n", &y, &mo, &d, &h, &mi, &sec,
	    &n) != 6 || (s[n] != '\0' && strcmp(s + n, "Z") != 0)) {
		fprintf(stderr, "test-tz: bad time in a table: %s\n", s);
		abort();
	}
	return ((timefmt_days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60 +
	    sec;
}

/* Seconds to "YYYY-MM-DDTHH:MM:SSZ" (in a rotating static buffer). */
static const char *
utc_str(int64_t t)
{
	static char bufs[4][TIMEFMT_TS_LEN + 1];
	static int next;
	char *b = bufs[next++ % 4];

	if (timefmt_format_ts(t * 1000, b) != 0)
		snprintf(b, TIMEFMT_TS_LEN + 1, "%lld", (long long)t);
	else
		memcpy(b + 19, "Z", 2);
	return b;
}

static const char *
kind_str(int kind)
{
	return kind == U ? "unique" : kind == A ? "ambiguous" : kind == G ?
	    "gap" : "?";
}

static void
check_offsets(const struct offset_case *c, size_t n)
{
	struct tz_info info;
	char err[256];
	struct tz *tz;
	size_t i;
	int64_t t;

	for (i = 0; i < n; i++) {
		tz = tz_load(c[i].zone, err, sizeof(err));
		if (!ok(tz != NULL, "load %s", c[i].zone)) {
			diag("%s", err);
			continue;
		}
		t = secs(c[i].utc);
		is_int(tz_offset_at_utc(tz, t), c[i].offset, "%s at %s: offset",
		    c[i].zone, c[i].utc);
		memset(&info, 0, sizeof(info));
		tz_info_at_utc(tz, t, &info);
		ok(info.offset == c[i].offset && info.is_dst == c[i].is_dst &&
		    info.abbr != NULL && strcmp(info.abbr, c[i].abbr) == 0,
		    "%s at %s: info %d %d %s (got %d %d %s)", c[i].zone,
		    c[i].utc, c[i].offset, c[i].is_dst, c[i].abbr,
		    info.offset, info.is_dst, info.abbr != NULL ? info.abbr :
		    "NULL");
		tz_free(tz);
	}
}

static void
check_locals(const struct local_case *c, size_t n)
{
	int64_t first, second;
	char err[256];
	struct tz *tz;
	size_t i;
	int kind;

	for (i = 0; i < n; i++) {
		tz = tz_load(c[i].zone, err, sizeof(err));
		if (!ok(tz != NULL, "load %s", c[i].zone)) {
			diag("%s", err);
			continue;
		}
		first = second = -1;
		kind = (int)tz_local_to_utc(tz, secs(c[i].local), &first,
		    &second);
		is_str(kind_str(kind), kind_str(c[i].kind), "%s local %s: kind",
		    c[i].zone, c[i].local);
		is_str(utc_str(first), c[i].first, "%s local %s: first",
		    c[i].zone, c[i].local);
		is_str(utc_str(second), c[i].second, "%s local %s: second",
		    c[i].zone, c[i].local);
		first = -1;
		is_int(tz_local_to_utc(tz, secs(c[i].local), &first, NULL),
		    c[i].kind, "%s local %s: second may be NULL", c[i].zone,
		    c[i].local);
		is_int(first, secs(c[i].first), "%s local %s: first without "
		    "second", c[i].zone, c[i].local);
		tz_free(tz);
	}
}

static int
have_zoneinfo(void)
{
	return access(ZONEINFO "/Europe/Madrid", R_OK) == 0 &&
	    access(ZONEINFO "/Pacific/Apia", R_OK) == 0;
}

static void
test_real_zones(void)
{
	if (!have_zoneinfo()) {
		skip(1, "no " ZONEINFO " (install tzdata: scripts/deps)");
		return;
	}
	check_offsets(real_offsets, NELEM(real_offsets));
	check_locals(real_locals, NELEM(real_locals));
}

static void
test_fixed(void)
{
	char err[256];
	struct tz *tz;

	check_offsets(fixed_offsets, NELEM(fixed_offsets));
	check_locals(fixed_locals, NELEM(fixed_locals));
	/* No file is needed, wherever TZDIR points. */
	setenv("TZDIR", "/nonexistent", 1);
	tz = tz_load("UTC", err, sizeof(err));
	ok(tz != NULL, "UTC without a zoneinfo directory");
	is_str(tz != NULL ? tz_name(tz) : NULL, "UTC", "tz_name of UTC");
	tz_free(tz);
	tz = tz_load("Etc/UTC", err, sizeof(err));
	ok(tz != NULL, "Etc/UTC without a zoneinfo directory");
	tz_free(tz);
	tz = tz_load("+05:45", err, sizeof(err));
	ok(tz != NULL, "+05:45 without a zoneinfo directory");
	is_str(tz != NULL ? tz_name(tz) : NULL, "+05:45", "tz_name as given");
	tz_free(tz);
	unsetenv("TZDIR");
}

static void
test_bad_names(void)
{
	char err[256], want[512];
	struct tz *tz;
	size_t i;

	for (i = 0; i < NELEM(bad_names); i++) {
		strcpy(err, "untouched");
		tz = tz_load(bad_names[i].name, err, sizeof(err));
		ok(tz == NULL, "refuse \"%s\"", bad_names[i].name);
		tz_free(tz);
		is_str(err, bad_names[i].err, "refuse \"%s\": reason",
		    bad_names[i].name);
	}
	tz = tz_load(NULL, err, sizeof(err));
	ok(tz == NULL, "refuse NULL");
	is_str(err, "time zone name is empty", "refuse NULL: reason");

	/* The error is cut to the buffer, and a NULL buffer is fine. */
	memset(err, 'x', sizeof(err));
	ok(tz_load("", err, 5) == NULL && strcmp(err, "time") == 0,
	    "a short error buffer is truncated and terminated");
	ok(tz_load("", NULL, 0) == NULL, "no error buffer");

	if (!have_zoneinfo()) {
		skip(3, "no " ZONEINFO);
		return;
	}
	tz = tz_load("Nowhere/City", err, sizeof(err));
	ok(tz == NULL, "refuse Nowhere/City");
	is_str(err, "unknown time zone \"Nowhere/City\" (no such file in "
	    ZONEINFO ")", "refuse Nowhere/City: reason");
	tz = tz_load("Europe", err, sizeof(err));
	is_str(err, "time zone \"Europe\": " ZONEINFO "/Europe is not a "
	    "regular file", "refuse a directory");
	tz = tz_load("Europe/Madrid/x", err, sizeof(err));
	is_str(err, "unknown time zone \"Europe/Madrid/x\" (no such file in "
	    ZONEINFO ")", "refuse a path under a file");
	if (access(ZONEINFO "/zone1970.tab", R_OK) == 0) {
		tz = tz_load("zone1970.tab", err, sizeof(err));
		snprintf(want, sizeof(want), "time zone \"zone1970.tab\": %s: "
		    "not a valid TZif file (no \"TZif\" magic number)",
		    ZONEINFO "/zone1970.tab");
		is_str(err, want, "refuse a text file of the zoneinfo dir");
	} else
		skip(1, "no zone1970.tab");
	if (access(ZONEINFO "/right/Europe/Madrid", R_OK) == 0) {
		tz = tz_load("right/Europe/Madrid", err, sizeof(err));
		is_str(err, "time zone \"right/Europe/Madrid\": " ZONEINFO
		    "/right/Europe/Madrid: not a valid TZif file (leap second "
		    "records (\"right/\" zones) are not supported)",
		    "refuse a zone with leap seconds");
	} else
		skip(1, "no right/ zones");
}

/* ---- synthetic TZif files ---- */

struct spec {
	int version;		/* 0 (version 1), '2', '3', '4' */
	size_t ntrans, ntypes, nchars;
	int64_t trans[4];
	unsigned char idx[4];
	struct {
		int32_t off;
		unsigned char dst, abbr;
	} types[4];
	const char *chars;	/* nchars bytes, NULs included */
	const char *footer;	/* version 2+: the TZ string */
};

static unsigned char *
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
	return p + 4;
}

static unsigned char *
put_header(unsigned char *p, int version, uint32_t time, uint32_t type,
    uint32_t chars)
{
	memcpy(p, "TZif", 4);
	p[4] = (unsigned char)version;
	memset(p + 5, 0, 15);
	p = put32(p + 20, 0);	/* isut */
	p = put32(p, 0);	/* isstd */
	p = put32(p, 0);	/* leap */
	p = put32(p, time);
	p = put32(p, type);
	return put32(p, chars);
}

/* Writes the file of s into buf (4 KiB is plenty); returns its length. */
static size_t
build(const struct spec *s, unsigned char *buf)
{
	unsigned char *p = buf;
	size_t i;
	int tsize = s->version == 0 ? 4 : 8;

	if (s->version != 0) {
		/* A minimal version 1 block, as zic -b slim writes. */
		p = put_header(p, s->version, 0, 1, 1);
		memset(p, 0, 7);
		p += 7;
	}
	p = put_header(p, s->version, (uint32_t)s->ntrans,
	    (uint32_t)s->ntypes, (uint32_t)s->nchars);
	for (i = 0; i < s->ntrans; i++) {
		if (tsize == 8)
			p = put32(p, (uint32_t)((uint64_t)s->trans[i] >> 32));
		p = put32(p, (uint32_t)s->trans[i]);
	}
	for (i = 0; i < s->ntrans; i++)
		*p++ = s->idx[i];
	for (i = 0; i < s->ntypes; i++) {
		p = put32(p, (uint32_t)s->types[i].off);
		*p++ = s->types[i].dst;
		*p++ = s->types[i].abbr;
	}
	memcpy(p, s->chars, s->nchars);
	p += s->nchars;
	if (s->version != 0) {
		*p++ = '\n';
		memcpy(p, s->footer, strlen(s->footer));
		p += strlen(s->footer);
		*p++ = '\n';
	}
	return (size_t)(p - buf);
}

/* A footer-only zone: no transitions, one type, everything from the rule. */
static struct spec
footer_spec(const char *footer)
{
	struct spec s = { '3', 0, 1, 4, { 0 }, { 0 }, { { 0, 0, 0 } },
	    "XXX", footer };

	return s;
}

/* A version 1 zone: 1 hour, then 2 hours from 2000 on, no footer. */
static struct spec
v1_spec(void)
{
	struct spec s = { 0, 1, 2, 8, { 946684800 }, { 1 },
	    { { 3600, 0, 0 }, { 7200, 1, 4 } }, "ONE\0TWO", "" };

	return s;
}

/* A version 2 zone with a table and a footer (Madrid since 1996, cut). */
static struct spec
table_spec(void)
{
	struct spec s = { '2', 2, 2, 10, { INT64_C(1711846800),
	    INT64_C(1729990800) }, { 1, 0 }, { { 3600, 0, 0 },
	    { 7200, 1, 4 } }, "CET\0CEST\0", "CET-1CEST,M3.5.0,M10.5.0/3" };

	return s;
}

static const struct offset_case footer_offsets[] = {
	/* v3: a negative switch time (America/Nuuk). */
	{ "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2024-03-31T00:59:59Z",
	    -7200, 0, "-02" },
	{ "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2024-03-31T01:00:00Z",
	    -3600, 1, "-01" },
	{ "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2024-10-27T00:59:59Z",
	    -3600, 1, "-01" },
	{ "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2024-10-27T01:00:00Z",
	    -7200, 0, "-02" },
	/* v3: past 24 hours (Asia/Jerusalem: Friday 02:00, "Thursday 26"). */
	{ "IST-2IDT,M3.4.4/26,M10.5.0", "2024-03-28T23:59:59Z",
	    7200, 0, "IST" },
	{ "IST-2IDT,M3.4.4/26,M10.5.0", "2024-03-29T00:00:00Z",
	    10800, 1, "IDT" },
	{ "IST-2IDT,M3.4.4/26,M10.5.0", "2024-10-26T22:59:59Z",
	    10800, 1, "IDT" },
	{ "IST-2IDT,M3.4.4/26,M10.5.0", "2024-10-26T23:00:00Z",
	    7200, 0, "IST" },
	/* Jn: 1-based, February 29 never counted, so J60 is March 1. */
	{ "XST3XDT,J60/2,J300/2", "2024-03-01T04:59:59Z", -10800, 0, "XST" },
	{ "XST3XDT,J60/2,J300/2", "2024-03-01T05:00:00Z", -7200, 1, "XDT" },
	{ "XST3XDT,J60/2,J300/2", "2023-03-01T05:00:00Z", -7200, 1, "XDT" },
	{ "XST3XDT,J60/2,J300/2", "2024-10-27T03:59:59Z", -7200, 1, "XDT" },
	{ "XST3XDT,J60/2,J300/2", "2024-10-27T04:00:00Z", -10800, 0, "XST" },
	/* n: 0-based, February 29 counted: day 59 is Feb 29 in 2024. */
	{ "XST3XDT,59/2,299/2", "2024-02-29T04:59:59Z", -10800, 0, "XST" },
	{ "XST3XDT,59/2,299/2", "2024-02-29T05:00:00Z", -7200, 1, "XDT" },
	{ "XST3XDT,59/2,299/2", "2023-03-01T04:59:59Z", -10800, 0, "XST" },
	{ "XST3XDT,59/2,299/2", "2023-03-01T05:00:00Z", -7200, 1, "XDT" },
	{ "XST3XDT,59/2,299/2", "2024-10-26T03:59:59Z", -7200, 1, "XDT" },
	{ "XST3XDT,59/2,299/2", "2024-10-26T04:00:00Z", -10800, 0, "XST" },
	{ "XST3XDT,59/2,299/2", "2023-10-27T04:00:00Z", -10800, 0, "XST" },
	/* DST all year: the switches meet at New Year and DST wins. */
	{ "EST5EDT,0/0,J365/25", "2024-01-01T04:59:59Z", -14400, 1, "EDT" },
	{ "EST5EDT,0/0,J365/25", "2024-01-01T05:00:00Z", -14400, 1, "EDT" },
	{ "EST5EDT,0/0,J365/25", "2024-07-01T00:00:00Z", -14400, 1, "EDT" },
	{ "EST5EDT,0/0,J365/25", "2024-12-31T23:59:59Z", -14400, 1, "EDT" },
	{ "EST5EDT,0/0,J365/25", "2025-01-01T05:00:00Z", -14400, 1, "EDT" },
	/* Southern hemisphere: DST across New Year (Australia/Sydney). */
	{ "AEST-10AEDT,M10.1.0,M4.1.0/3", "2024-01-15T00:00:00Z",
	    39600, 1, "AEDT" },
	{ "AEST-10AEDT,M10.1.0,M4.1.0/3", "2024-04-06T15:59:59Z",
	    39600, 1, "AEDT" },
	{ "AEST-10AEDT,M10.1.0,M4.1.0/3", "2024-04-06T16:00:00Z",
	    36000, 0, "AEST" },
	{ "AEST-10AEDT,M10.1.0,M4.1.0/3", "2024-10-05T15:59:59Z",
	    36000, 0, "AEST" },
	{ "AEST-10AEDT,M10.1.0,M4.1.0/3", "2024-10-05T16:00:00Z",
	    39600, 1, "AEDT" },
	/* Week 5 is the last week: in February 2024 the 5th Thursday. */
	{ "XST3XDT,M2.5.4,M11.5.4", "2024-02-29T04:59:59Z", -10800, 0, "XST" },
	{ "XST3XDT,M2.5.4,M11.5.4", "2024-02-29T05:00:00Z", -7200, 1, "XDT" },
	{ "XST3XDT,M2.5.4,M11.5.4", "2023-02-23T05:00:00Z", -7200, 1, "XDT" },
	{ "XST3XDT,M2.5.4,M11.5.4", "2023-02-23T04:59:59Z", -10800, 0, "XST" },
	/* A DST name without rules: the United States rules. */
	{ "EST5EDT", "2024-03-10T06:59:59Z", -18000, 0, "EST" },
	{ "EST5EDT", "2024-03-10T07:00:00Z", -14400, 1, "EDT" },
	/* No DST name: fixed; minutes and seconds; an explicit DST offset. */
	{ "<+0545>-5:45", "2024-06-01T00:00:00Z", 20700, 0, "+0545" },
	{ "<+0545>-5:45", "2400-06-01T00:00:00Z", 20700, 0, "+0545" },
	{ "XST-1:30:15", "2024-06-01T00:00:00Z", 5415, 0, "XST" },
	{ "XST+3", "2024-06-01T00:00:00Z", -10800, 0, "XST" },
	{ "XST3XDT1,M3.2.0,M11.1.0", "2024-07-01T00:00:00Z", -3600, 1, "XDT" },
	{ "XST3XDT1,M3.2.0,M11.1.0", "2024-03-10T04:59:59Z", -10800, 0,
	    "XST" },
	{ "XST3XDT1,M3.2.0,M11.1.0", "2024-03-10T05:00:00Z", -3600, 1,
	    "XDT" },
};

static const struct local_case footer_locals[] = {
	{ "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2024-03-30T23:30:00", G,
	    "2024-03-31T01:30:00Z", "2024-03-31T00:30:00Z" },
	{ "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2024-10-26T23:30:00", A,
	    "2024-10-27T00:30:00Z", "2024-10-27T01:30:00Z" },
	{ "IST-2IDT,M3.4.4/26,M10.5.0", "2024-03-29T02:30:00", G,
	    "2024-03-29T00:30:00Z", "2024-03-28T23:30:00Z" },
	{ "IST-2IDT,M3.4.4/26,M10.5.0", "2024-10-27T01:30:00", A,
	    "2024-10-26T22:30:00Z", "2024-10-26T23:30:00Z" },
	{ "EST5EDT,0/0,J365/25", "2024-01-01T00:30:00", U,
	    "2024-01-01T04:30:00Z", "2024-01-01T04:30:00Z" },
	{ "EST5EDT,0/0,J365/25", "2024-06-01T12:00:00", U,
	    "2024-06-01T16:00:00Z", "2024-06-01T16:00:00Z" },
	{ "AEST-10AEDT,M10.1.0,M4.1.0/3", "2024-04-07T02:30:00", A,
	    "2024-04-06T15:30:00Z", "2024-04-06T16:30:00Z" },
	{ "AEST-10AEDT,M10.1.0,M4.1.0/3", "2024-10-06T02:30:00", G,
	    "2024-10-05T16:30:00Z", "2024-10-05T15:30:00Z" },
	/* A 2-hour jump: 02:00 to 04:00. */
	{ "XST3XDT1,M3.2.0,M11.1.0", "2024-03-10T02:00:00", G,
	    "2024-03-10T05:00:00Z", "2024-03-10T03:00:00Z" },
	{ "XST3XDT1,M3.2.0,M11.1.0", "2024-03-10T03:59:59", G,
	    "2024-03-10T06:59:59Z", "2024-03-10T04:59:59Z" },
	{ "XST3XDT1,M3.2.0,M11.1.0", "2024-03-10T04:00:00", U,
	    "2024-03-10T05:00:00Z", "2024-03-10T05:00:00Z" },
	{ "XST3XDT1,M3.2.0,M11.1.0", "2024-03-10T01:59:59", U,
	    "2024-03-10T04:59:59Z", "2024-03-10T04:59:59Z" },
};

/* Footers refused, with their reasons. */
static const struct {
	const char *footer, *why;
} bad_footers[] = {
	{ "junk", "footer TZ string \"junk\": missing hours" },
	{ "5", "footer TZ string \"5\": missing zone name" },
	{ "<AB", "footer TZ string \"<AB\": bad character in a <quoted> "
	    "name" },
	{ "<A B>5", "footer TZ string \"<A B>5\": bad character in a "
	    "<quoted> name" },
	{ "CET-25", "footer TZ string \"CET-25\": hours out of range" },
	{ "CET-1:60", "footer TZ string \"CET-1:60\": bad minutes" },
	{ "CET-1CEST,M3.5.0", "footer TZ string \"CET-1CEST,M3.5.0\": missing "
	    "end rule" },
	{ "CET-1CEST,M13.5.0,M10.5.0", "footer TZ string "
	    "\"CET-1CEST,M13.5.0,M10.5.0\": bad month in Mm.w.d" },
	{ "CET-1CEST,M3.6.0,M10.5.0", "footer TZ string "
	    "\"CET-1CEST,M3.6.0,M10.5.0\": bad week in Mm.w.d" },
	{ "CET-1CEST,M3.5.7,M10.5.0", "footer TZ string "
	    "\"CET-1CEST,M3.5.7,M10.5.0\": bad weekday in Mm.w.d" },
	{ "CET-1CEST,M3.5.0/168,M10.5.0", "footer TZ string "
	    "\"CET-1CEST,M3.5.0/168,M10.5.0\": hours out of range" },
	{ "CET-1CEST,J0,J365", "footer TZ string \"CET-1CEST,J0,J365\": Jn "
	    "day out of range 1..365" },
	{ "CET-1CEST,366,0", "footer TZ string \"CET-1CEST,366,0\": bad rule "
	    "date" },
	{ "CET-1CEST,M3.5.0,M10.5.0x", "footer TZ string "
	    "\"CET-1CEST,M3.5.0,M10.5.0x\": junk after the rules" },
	{ "CET-1CEST;M3.5.0,M10.5.0", "footer TZ string "
	    "\"CET-1CEST;M3.5.0,M10.5.0\": missing hours" },
	{ "CET-1CEST-2;M3.5.0,M10.5.0", "footer TZ string "
	    "\"CET-1CEST-2;M3.5.0,M10.5.0\": unexpected character after the "
	    "DST offset" },
};

static struct tz *
parse_spec(const struct spec *s, const char *name, char *err, size_t errlen)
{
	unsigned char buf[4096];

	return tz_parse(name, buf, build(s, buf), err, errlen);
}

static void
test_footers(void)
{
	struct offset_case oc;
	struct local_case lc;
	struct tz_info info;
	struct spec s;
	char err[256], want[256];
	int64_t first, second;
	struct tz *tz;
	size_t i;
	int kind;

	for (i = 0; i < NELEM(footer_offsets); i++) {
		oc = footer_offsets[i];
		s = footer_spec(oc.zone);
		tz = parse_spec(&s, "Test/Footer", err, sizeof(err));
		if (!ok(tz != NULL, "parse footer %s", oc.zone)) {
			diag("%s", err);
			continue;
		}
		tz_info_at_utc(tz, secs(oc.utc), &info);
		ok(info.offset == oc.offset && info.is_dst == oc.is_dst &&
		    strcmp(info.abbr, oc.abbr) == 0,
		    "footer %s at %s: %d %d %s (got %d %d %s)", oc.zone,
		    oc.utc, oc.offset, oc.is_dst, oc.abbr, info.offset,
		    info.is_dst, info.abbr);
		tz_free(tz);
	}
	for (i = 0; i < NELEM(footer_locals); i++) {
		lc = footer_locals[i];
		s = footer_spec(lc.zone);
		tz = parse_spec(&s, "Test/Footer", err, sizeof(err));
		if (!ok(tz != NULL, "parse footer %s", lc.zone)) {
			diag("%s", err);
			continue;
		}
		kind = (int)tz_local_to_utc(tz, secs(lc.local), &first,
		    &second);
		ok(kind == lc.kind && strcmp(utc_str(first), lc.first) == 0 &&
		    strcmp(utc_str(second), lc.second) == 0,
		    "footer %s local %s: %s %s %s (got %s %s %s)", lc.zone,
		    lc.local, kind_str(lc.kind), lc.first, lc.second,
		    kind_str(kind), utc_str(first), utc_str(second));
		tz_free(tz);
	}
	for (i = 0; i < NELEM(bad_footers); i++) {
		s = footer_spec(bad_footers[i].footer);
		tz = parse_spec(&s, "Test/Bad", err, sizeof(err));
		ok(tz == NULL, "refuse footer %s", bad_footers[i].footer);
		tz_free(tz);
		snprintf(want, sizeof(want), "time zone \"Test/Bad\": not a "
		    "valid TZif file (%s)", bad_footers[i].why);
		is_str(err, want, "refuse footer %s: reason",
		    bad_footers[i].footer);
	}
}

/* Tables without a footer, and tables handing over to one. */
static void
test_tables(void)
{
	struct tz_info info;
	struct spec s;
	char err[256];
	int64_t first, second;
	struct tz *tz;

	s = v1_spec();
	tz = parse_spec(&s, "Test/V1", err, sizeof(err));
	if (ok(tz != NULL, "parse a version 1 file")) {
		tz_info_at_utc(tz, 946684799, &info);
		ok(info.offset == 3600 && !info.is_dst &&
		    strcmp(info.abbr, "ONE") == 0, "v1: type 0 before");
		tz_info_at_utc(tz, 946684800, &info);
		ok(info.offset == 7200 && info.is_dst &&
		    strcmp(info.abbr, "TWO") == 0, "v1: type 1 from 2000");
		is_int(tz_offset_at_utc(tz, secs("2100-01-01T00:00:00Z")), 7200,
		    "v1: the last type stays without a footer");
		is_int(tz_offset_at_utc(tz, INT64_MIN), 3600, "v1: INT64_MIN");
		is_int(tz_offset_at_utc(tz, INT64_MAX), 7200, "v1: INT64_MAX");
		/* 01:00 local jumps to 02:00 at 2000-01-01T00:00Z. */
		is_int(tz_local_to_utc(tz, secs("2000-01-01T01:30:00"), &first,
		    &second), G, "v1: gap at the transition");
		is_str(utc_str(first), "2000-01-01T00:30:00Z", "v1: gap first");
		is_str(utc_str(second), "1999-12-31T23:30:00Z",
		    "v1: gap second");
	}
	tz_free(tz);

	s = table_spec();
	tz = parse_spec(&s, "Test/Table", err, sizeof(err));
	if (ok(tz != NULL, "parse a table with a footer")) {
		/* Before the table: type 0 (not the footer). */
		is_int(tz_offset_at_utc(tz, secs("2024-01-01T00:00:00Z")), 3600,
		    "table: before the first transition");
		is_int(tz_offset_at_utc(tz, secs("2024-07-01T00:00:00Z")), 7200,
		    "table: inside");
		is_int(tz_offset_at_utc(tz, secs("2024-12-01T00:00:00Z")), 3600,
		    "table: after the last, by the footer");
		is_int(tz_offset_at_utc(tz, secs("2025-03-30T01:00:00Z")), 7200,
		    "table: the footer's next switch");
		is_int(tz_local_to_utc(tz, secs("2025-03-30T02:30:00"), &first,
		    &second), G, "table: gap from the footer");
		is_str(utc_str(first), "2025-03-30T01:30:00Z",
		    "table: footer gap first");
		is_int(tz_local_to_utc(tz, secs("2024-10-27T02:30:00"), &first,
		    &second), A, "table: ambiguity at the last transition");
		ok(first == secs("2024-10-27T00:30:00Z") &&
		    second == secs("2024-10-27T01:30:00Z"),
		    "table: both instants (%s %s)", utc_str(first),
		    utc_str(second));
	}
	tz_free(tz);
}

/* What a corrupt file is refused for. */
static void
test_corrupt(void)
{
	static const struct {
		const char *desc, *why;
	} cases[] = {
		{ "version 5", "unsupported version" },
		{ "version 1 digit", "unsupported version" },
		{ "no local time types", "no local time types" },
		{ "no abbreviation characters", "no abbreviation characters" },
		{ "transitions out of order",
		    "transition times not in increasing order" },
		{ "repeated transition",
		    "transition times not in increasing order" },
		{ "type index", "transition type index out of range" },
		{ "offset", "UTC offset out of range" },
		{ "dst flag", "DST flag not 0 or 1" },
		{ "abbreviation index", "abbreviation index out of range" },
		{ "leap seconds", "leap second records (\"right/\" zones) are "
		    "not supported" },
		{ "isstd count", "bad standard/UT indicator count" },
		{ "no footer", "missing footer" },
		{ "footer not ended", "unterminated footer" },
		{ "NUL in footer", "footer TZ string "
		    "\"CET-1CE?T,M3.5.0,M10.5.0/3\": NUL byte" },
		{ "second magic", "no second header" },
	};
	unsigned char buf[4096], *p;
	char err[256], want[256];
	struct spec s;
	struct tz *tz;
	size_t i, len, full, fails;

	for (i = 0; i < NELEM(cases); i++) {
		s = table_spec();
		switch (i) {
		case 0: s.version = '5'; break;
		case 1: s.version = '1'; break;
		case 2: s.ntypes = 0; s.ntrans = 0; break;
		case 3: s.nchars = 0; break;
		case 4: s.trans[1] = s.trans[0] - 1; break;
		case 5: s.trans[1] = s.trans[0]; break;
		case 6: s.idx[1] = 2; break;
		case 7: s.types[1].off = 26 * 3600 + 1; break;
		case 8: s.types[1].dst = 2; break;
		case 9: s.types[1].abbr = 10; break;
		}
		len = build(&s, buf);
		p = buf + 44 + 7;	/* the second header */
		switch (i) {
		case 10: buf[44 + 7 + 31] = 1; break;	/* leapcnt */
		case 11: buf[44 + 7 + 27] = 1; break;	/* isstdcnt */
		case 12: len = 44 + 7 + 44 + 2 * 9 + 2 * 6 + 10; break;
		case 13: len--; break;
		case 14: buf[len - 20] = '\0'; break;
		case 15: p[0] = 'X'; break;
		}
		tz = tz_parse("Test/Bad", buf, len, err, sizeof(err));
		ok(tz == NULL, "refuse: %s", cases[i].desc);
		tz_free(tz);
		snprintf(want, sizeof(want), "time zone \"Test/Bad\": not a "
		    "valid TZif file (%s)", cases[i].why);
		is_str(err, want, "refuse: %s: reason", cases[i].desc);
	}

	/* Every proper prefix of valid files is refused, never misread. */
	s = table_spec();
	full = build(&s, buf);
	fails = 0;
	for (len = 0; len < full; len++) {
		tz = tz_parse("Test/Cut", buf, len, err, sizeof(err));
		if (tz != NULL && fails++ == 0)
			diag("a prefix of %zu bytes was accepted", len);
		tz_free(tz);
	}
	is_int(fails, 0, "all %zu prefixes of a v2 file refused", full);
	s = v1_spec();
	full = build(&s, buf);
	fails = 0;
	for (len = 0; len < full; len++) {
		tz = tz_parse("Test/Cut", buf, len, err, sizeof(err));
		if (tz != NULL && fails++ == 0)
			diag("a prefix of %zu bytes was accepted", len);
		tz_free(tz);
	}
	is_int(fails, 0, "all %zu prefixes of a v1 file refused", full);
	tz = tz_parse("Test/Cut", buf, 0, err, sizeof(err));
	is_str(err, "time zone \"Test/Cut\": not a valid TZif file (no "
	    "\"TZif\" magic number)", "empty data");
	tz = tz_parse("Test/Cut", buf, 20, err, sizeof(err));
	is_str(err, "time zone \"Test/Cut\": not a valid TZif file (truncated "
	    "header)", "20 bytes");
	tz = tz_parse("Test/Cut", buf, 50, err, sizeof(err));
	is_str(err, "time zone \"Test/Cut\": not a valid TZif file (truncated "
	    "data block)", "50 bytes");
}

static int
write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return -1;
	if (fwrite(data, 1, len, f) != len) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

/* Zones from a directory given by TZDIR: corrupt files and the cache. */
static void
test_tzdir(void)
{
	char dir[] = "/tmp/canal-test-tz.XXXXXX", path[256], want[512];
	char err[512];
	unsigned char buf[4096];
	struct tz *a, *b, *c;
	struct spec s;
	size_t len;

	if (mkdtemp(dir) == NULL) {
		skip(1, "mkdtemp failed");
		return;
	}
	snprintf(path, sizeof(path), "%s/Test", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/Europe", dir);
	mkdir(path, 0700);
	s = table_spec();
	len = build(&s, buf);
	snprintf(path, sizeof(path), "%s/Test/Good", dir);
	ok(write_file(path, buf, len) == 0, "write Test/Good");
	snprintf(path, sizeof(path), "%s/Test/Truncated", dir);
	ok(write_file(path, buf, len - 30) == 0, "write Test/Truncated");
	snprintf(path, sizeof(path), "%s/Test/Empty", dir);
	ok(write_file(path, buf, 0) == 0, "write Test/Empty");
	s = footer_spec("<+05>-5");
	len = build(&s, buf);
	snprintf(path, sizeof(path), "%s/Europe/Madrid", dir);
	ok(write_file(path, buf, len) == 0, "write a fake Europe/Madrid");

	setenv("TZDIR", dir, 1);
	a = tz_load("Test/Good", err, sizeof(err));
	ok(a != NULL, "load Test/Good from TZDIR");
	is_int(a != NULL ? tz_offset_at_utc(a, secs("2024-07-01T00:00:00Z")) :
	    -1, 7200, "Test/Good works");
	tz_free(a);

	b = tz_load("Test/Truncated", err, sizeof(err));
	ok(b == NULL, "refuse a truncated file");
	snprintf(want, sizeof(want), "time zone \"Test/Truncated\": "
	    "%s/Test/Truncated: not a valid TZif file (truncated data block)",
	    dir);
	is_str(err, want, "truncated file: reason");
	b = tz_load("Test/Empty", err, sizeof(err));
	ok(b == NULL, "refuse an empty file");
	snprintf(want, sizeof(want), "time zone \"Test/Empty\": "
	    "%s/Test/Empty: not a valid TZif file (no \"TZif\" magic number)",
	    dir);
	is_str(err, want, "empty file: reason");
	b = tz_load("Test/Missing", err, sizeof(err));
	snprintf(want, sizeof(want), "unknown time zone \"Test/Missing\" (no "
	    "such file in %s)", dir);
	is_str(err, want, "missing file: reason names TZDIR");

	/* Loading again shares the zone; another directory is another one. */
	a = tz_load("Europe/Madrid", err, sizeof(err));
	b = tz_load("Europe/Madrid", err, sizeof(err));
	ok(a != NULL && a == b, "the same name from the same dir is shared");
	is_int(a != NULL ? tz_offset_at_utc(a, 0) : -1, 18000,
	    "the fake Europe/Madrid of TZDIR");
	if (have_zoneinfo()) {
		setenv("TZDIR", "", 1);
		c = tz_load("Europe/Madrid", err, sizeof(err));
		ok(c != NULL && c != a, "an empty TZDIR means " ZONEINFO);
		is_int(c != NULL ? tz_offset_at_utc(c, 0) : -1, 3600,
		    "the real Europe/Madrid");
		tz_free(c);
	} else
		skip(2, "no " ZONEINFO);
	tz_free(b);
	is_int(a != NULL ? tz_offset_at_utc(a, 0) : -1, 18000,
	    "still usable after one of two references is freed");
	tz_free(a);
	setenv("TZDIR", dir, 1);
	a = tz_load("Europe/Madrid", err, sizeof(err));
	ok(a != NULL, "loaded again after the last reference went");
	tz_free(a);
	unsetenv("TZDIR");

	snprintf(path, sizeof(path), "%s/Test/Good", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/Test/Truncated", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/Test/Empty", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/Europe/Madrid", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/Test", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/Europe", dir);
	rmdir(path);
	ok(rmdir(dir) == 0, "temporary directory removed");
}

/*
 * Every instant's wall time maps back to it: for several zones, every 7
 * minutes and 13 seconds over 2010-2030 (and a few hundred years ahead, by
 * the footers).  A gap never comes out of a real instant.
 */
static void
test_round_trip(void)
{
	static const char *const zones[] = { "Europe/Madrid",
	    "America/New_York", "Australia/Lord_Howe", "America/St_Johns",
	    "Pacific/Apia", "Asia/Kolkata", "Europe/London",
	    "Pacific/Chatham", "America/Nuuk", "Asia/Jerusalem",
	    "Antarctica/Troll", "Africa/Casablanca" };
	int64_t t, from, to, local, first, second;
	size_t i, bad, tried;
	char err[256];
	struct tz *tz;
	int kind;

	if (!have_zoneinfo()) {
		skip(1, "no " ZONEINFO);
		return;
	}
	for (i = 0; i < NELEM(zones); i++) {
		tz = tz_load(zones[i], err, sizeof(err));
		if (tz == NULL) {
			skip(1, "%s: %s", zones[i], err);
			continue;
		}
		bad = tried = 0;
		from = secs("2010-01-01T00:00:00Z");
		to = secs("2030-01-01T00:00:00Z");
		for (t = from; t < to; t += 433) {
			tried++;
			local = t + tz_offset_at_utc(tz, t);
			kind = (int)tz_local_to_utc(tz, local, &first, &second);
			if ((kind == U && first == t) || (kind == A &&
			    (first == t || second == t) && first < second))
				continue;
			if (bad++ == 0)
				diag("%s: %s -> %s -> %s %s %s", zones[i],
				    utc_str(t), utc_str(local), kind_str(kind),
				    utc_str(first), utc_str(second));
		}
		for (t = secs("2030-01-01T00:00:00Z");
		    t < secs("2400-01-01T00:00:00Z"); t += 86400 * 3 + 3601) {
			tried++;
			local = t + tz_offset_at_utc(tz, t);
			kind = (int)tz_local_to_utc(tz, local, &first, &second);
			if ((kind == U && first == t) || (kind == A &&
			    (first == t || second == t)))
				continue;
			if (bad++ == 0)
				diag("%s: %s -> %s", zones[i], utc_str(t),
				    kind_str(kind));
		}
		is_int(bad, 0, "%s: wall time of %zu instants maps back",
		    zones[i], tried);
		tz_free(tz);
	}
}

/* Extreme arguments are clamped, never overflow. */
static void
test_limits(void)
{
	int64_t first, second;
	char err[256];
	struct tz *tz;

	if (!have_zoneinfo()) {
		skip(1, "no " ZONEINFO);
		return;
	}
	tz = tz_load("Europe/Madrid", err, sizeof(err));
	if (!ok(tz != NULL, "load Europe/Madrid"))
		return;
	is_int(tz_offset_at_utc(tz, INT64_MAX),
	    tz_offset_at_utc(tz, TZ_SECONDS_LIMIT), "INT64_MAX is the limit");
	is_int(tz_offset_at_utc(tz, INT64_MIN), -884, "INT64_MIN: LMT");
	ok((int)tz_local_to_utc(tz, INT64_MAX, &first, &second) != G &&
	    first <= TZ_SECONDS_LIMIT, "local INT64_MAX");
	ok((int)tz_local_to_utc(tz, INT64_MIN, &first, &second) == U &&
	    first == -TZ_SECONDS_LIMIT + 884, "local INT64_MIN");
	tz_free(tz);
}

/* Everything the module computes for the tables, hashed. */
static uint64_t
fingerprint(void)
{
	static const char *const zones[] = { "Europe/Madrid",
	    "America/New_York", "Australia/Lord_Howe", "Pacific/Apia",
	    "UTC", "+05:45" };
	uint64_t h = 1469598103934665603u;
	int64_t t, first, second;
	char err[256];
	struct tz *tz;
	size_t i;

	for (i = 0; i < NELEM(zones); i++) {
		if ((tz = tz_load(zones[i], err, sizeof(err))) == NULL) {
			h = (h ^ 0xdead) * 1099511628211u;
			continue;
		}
		for (t = secs("2023-01-01T00:00:00Z");
		    t < secs("2025-01-01T00:00:00Z"); t += 1800) {
			h = (h ^ (uint64_t)tz_offset_at_utc(tz, t)) *
			    1099511628211u;
			h = (h ^ (uint64_t)tz_local_to_utc(tz, t, &first,
			    &second)) * 1099511628211u;
			h = (h ^ (uint64_t)first ^ (uint64_t)second << 1) *
			    1099511628211u;
		}
		tz_free(tz);
	}
	return h;
}

static void
test_tz_independence(void)
{
	static const char *const zones[] = { "UTC0", "Europe/Madrid",
	    "America/New_York", "NST+03:30", "ABC-05:45",
	    "EST5EDT,M3.2.0,M11.1.0", "Pacific/Kiritimati", ":/etc/passwd" };
	const char *old = getenv("TZ");
	char *saved = old != NULL ? strdup(old) : NULL;
	uint64_t want, got;
	struct tm tm;
	time_t t = 0;
	size_t i;

	unsetenv("TZ");
	tzset();
	want = fingerprint();
	for (i = 0; i < NELEM(zones); i++) {
		setenv("TZ", zones[i], 1);
		tzset();
		got = fingerprint();
		ok(got == want, "same results with TZ=%s", zones[i]);
	}
	/* The zones took: local midnight of the epoch moves. */
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
	unsetenv("TZDIR");
	test_real_zones();
	test_fixed();
	test_bad_names();
	test_footers();
	test_tables();
	test_corrupt();
	test_tzdir();
	test_round_trip();
	test_limits();
	test_tz_independence();
	return done_testing();
}
