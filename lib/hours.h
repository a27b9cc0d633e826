/*
 * hours.h - opening hours such as 'mon-fri 09:00-18:00, sat 10:00-14:00':
 * canal-route's "within hours" and canal-report's --hours.
 *
 * Syntax: groups separated by commas; a group is days then time ranges.
 * Days are mon tue wed thu fri sat sun (or their full English names, any
 * case), alone or as a range "mon-fri" (which may wrap: "fri-mon"), several
 * separated by "/" ("mon/wed/fri"); "daily" is every day.  A time range is
 * HH:MM-HH:MM within one day, the end after the start ("24:00" ends at
 * midnight); never across midnight: write two groups.  Minutes are the
 * unit.  "mon-fri 09:00-13:00 15:00-19:00" has two ranges.
 */
#ifndef CANAL_HOURS_H
#define CANAL_HOURS_H

#include <stddef.h>
#include <stdint.h>

#include "tz.h"

#define HOURS_MINUTES_PER_WEEK (7 * 24 * 60)

struct hours {
	/* bit m: minute m of the week open, m = weekday * 1440 + minute of
	   the day, weekday 0 = Monday */
	unsigned char open[HOURS_MINUTES_PER_WEEK / 8];
};

/**
 * Parses spec[0..len).  Returns 0, or -1 with *why static and *at the
 * offset of the fault in spec.
 */
int hours_parse(struct hours *h, const char *spec, size_t len,
    const char **why, size_t *at);

/** Whether minute minute (0..1439) of weekday (0 = Monday) is open. */
int hours_is_open(const struct hours *h, int weekday, int minute);

/* Days the business is closed all day: --holidays, local dates. */
struct holidays {
	int64_t *days;		/* days since 1970-01-01, sorted, unique */
	size_t n;
};

/**
 * Reads a holidays file ("-" is standard input): one YYYY-MM-DD a line;
 * blank lines and "#" comments ignored.  Read within the bounds of
 * confline.h (CONFLINE_MAX_LINE a line, CONFLINE_MAX_TOTAL in all, no NUL
 * byte), so a hostile file such as /dev/zero fails at once.  Returns 0,
 * or -1 with "PATH:LINE: reason" (not a date, a line too long, a file too
 * large, a NUL byte) or "PATH: reason" from the system in err; hol is then
 * empty.
 */
int hours_holidays_load(struct holidays *hol, const char *path, char *err,
    size_t errlen);

/** Whether the local day (days since 1970-01-01) is a holiday. */
int hours_is_holiday(const struct holidays *hol, int64_t day);

void hours_holidays_free(struct holidays *hol);

/**
 * The business milliseconds between the instants from_ms and to_ms (0
 * when to_ms <= from_ms): the overlap of [from_ms, to_ms) with the open
 * hours of h in zone (NULL: UTC), holidays (may be NULL) closed.  Each
 * opening range is turned into instants on its own day, so that days of
 * 23 or 25 hours count as long as they are; a range's start in a skipped
 * hour moves forward (tz.h), its end in a repeated hour takes the later
 * instant.
 */
int64_t hours_business_ms(const struct hours *h, const struct tz *zone,
    const struct holidays *hol, int64_t from_ms, int64_t to_ms);

/**
 * The weekday (0 = Monday) and minute of the day of the local time
 * local_seconds (seconds since 1970-01-01T00:00 as if UTC).
 */
void hours_local_minute(int64_t local_seconds, int *weekday, int *minute);

#endif
