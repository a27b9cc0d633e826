/*
 * tz.h - time zones by IANA name ("Europe/Madrid"), read straight from the
 * system's TZif files (RFC 8536, versions 1 to 4) and their POSIX TZ string
 * footers (POSIX.1-2017 section 8.3, with the RFC 8536 version 3 extension
 * of transition times from -167 to 167 hours), plus "UTC", "Etc/UTC" and
 * fixed offsets.  Nothing here reads or sets the TZ environment variable or
 * calls tzset(3) or localtime(3): the zone is only ever the one named, so the
 * results never depend on the machine's zone.
 *
 * Times are whole seconds since 1970-01-01T00:00:00Z, without leap seconds
 * (POSIX time, as in timefmt).  A "local" time is the wall clock reading
 * counted the same way, as if it were UTC: local 2024-03-31 02:30 is
 * timefmt_days_from_civil(2024, 3, 31) * 86400 + 2 * 3600 + 30 * 60.
 * Arguments beyond TZ_SECONDS_LIMIT either way (about 300,000 years) are
 * taken as that limit.
 *
 * Loaded zones are shared: loading a name that is already loaded (from the
 * same directory) returns the same zone, with one more reference, without
 * reading the file again.  Not thread-safe.
 */
#ifndef CANAL_TZ_H
#define CANAL_TZ_H

#include <stddef.h>
#include <stdint.h>

#define TZ_SECONDS_LIMIT INT64_C(10000000000000)

struct tz;

/** The local time type in effect at one instant. */
struct tz_info {
	int offset;		/* seconds east of UTC: 3600 for CET */
	int is_dst;		/* 1 in daylight saving (summer) time */
	const char *abbr;	/* "CEST", "+0545"; borrowed from the zone */
};

/** What a local wall clock time corresponds to; see tz_local_to_utc(). */
enum tz_local_kind {
	TZ_LOCAL_UNIQUE,	/* exactly one instant */
	TZ_LOCAL_AMBIGUOUS,	/* repeated (the clocks went back): two */
	TZ_LOCAL_GAP		/* skipped (the clocks went forward): none */
};

/**
 * Loads a zone.  name is one of:
 *   "UTC" or "Etc/UTC", built in (no file needed);
 *   a fixed offset east of UTC, "+HH", "+HHMM" or "+HH:MM" (or "-"), hours
 *   00..23 and minutes 00..59, ISO 8601 sign: "+05:45" is Nepal, "-0330"
 *   Newfoundland standard time (no file needed, no daylight saving);
 *   an IANA name, read from the TZif file of that name under $TZDIR when it
 *   is set and not empty, else under /usr/share/zoneinfo.
 * Names that are empty, absolute paths, contain "..", contain characters
 * other than letters, digits and "/_-+.", or name a file that is not a
 * valid TZif file are refused, and so is "localtime" (the machine's own
 * zone).  Files with leap second records (the "right/" zones) are refused
 * too: canal's times have no leap seconds.
 * Returns a new reference, to release with tz_free(); or NULL, with the
 * reason in err (errlen bytes, always NUL-terminated when errlen > 0; err
 * may be NULL when errlen is 0), such as
 *	unknown time zone "Nowhere/City" (no such file in /usr/share/zoneinfo)
 *	time zone "../etc/passwd": ".." is not allowed in a name
 *	time zone "Bad/Zone": /usr/share/zoneinfo/Bad/Zone: not a valid TZif
 *	file (truncated data block)
 * Out of memory aborts through util's handler.
 */
struct tz *tz_load(const char *name, char *err, size_t errlen);

/**
 * Makes a zone of the TZif bytes data[0..len) (borrowed; copied), named
 * name (borrowed; copied).  Not cached.  Returns a new reference, or NULL
 * with the reason in err like tz_load() ('time zone "X": not a valid TZif
 * file (unterminated footer)').  tz_load() reads files with it; tests and
 * fuzzers call it directly.
 */
struct tz *tz_parse(const char *name, const void *data, size_t len,
    char *err, size_t errlen);

/** Releases one reference; the last one frees the zone.  NULL is a no-op. */
void tz_free(struct tz *tz);

/** The name the zone was loaded with (borrowed from the zone). */
const char *tz_name(const struct tz *tz);

/** The offset east of UTC, in seconds, in effect at the instant utc. */
int tz_offset_at_utc(const struct tz *tz, int64_t utc);

/**
 * Fills *info with the local time type in effect at the instant utc: the
 * zone's transition table, then for instants after its last transition
 * the rule of the file's POSIX TZ string (when the file has one; else the
 * last type stays in effect); before the first transition, the file's
 * first time type (usually local mean time, "LMT").
 */
void tz_info_at_utc(const struct tz *tz, int64_t utc, struct tz_info *info);

/**
 * Converts a local wall clock time (see above) to instants.  Returns
 *   TZ_LOCAL_UNIQUE: *first is the instant, *second the same;
 *   TZ_LOCAL_AMBIGUOUS: the wall time happened twice (clocks went back):
 *     *first is the earlier instant (the offset before the change, usually
 *     summer time), *second the later one.  If a zone ever repeated a time
 *     more than twice, these are the earliest and the latest;
 *   TZ_LOCAL_GAP: the wall time never happened (clocks went forward, or
 *     skipped a whole day as Pacific/Apia on 2011-12-30).  *first is the
 *     time read with the offset in effect before the gap, which lands after
 *     it, pushed forward by the size of the gap (02:30 in a gap from 02:00
 *     to 03:00 gives the instant of 03:30) - the choice of RFC 5545,
 *     java.time and JavaScript Temporal ("compatible"); *second is the time
 *     read with the offset after the gap, which lands before it (01:30).
 * Callers decide what to do with a gap (reject, or take *first and warn)
 * and with an ambiguity (take one by a documented rule).  second may be
 * NULL.
 */
enum tz_local_kind tz_local_to_utc(const struct tz *tz, int64_t local,
    int64_t *first, int64_t *second);

#endif
