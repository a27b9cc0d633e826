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

/**
 * The weekday (0 = Monday) and minute of the day of the local time
 * local_seconds (seconds since 1970-01-01T00:00 as if UTC).
 */
void hours_local_minute(int64_t local_seconds, int *weekday, int *minute);

#endif
