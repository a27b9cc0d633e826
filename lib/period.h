/*
 * period.h - the period a scheduled report covers (canal-report --period):
 * whole local days in a zone, so that "yesterday" in Europe/Madrid is the
 * 24 hours (23 or 25 on the days clocks change) from one local midnight
 * to the next.
 *
 *   yesterday                the local day before the one of now
 *   last-week                the ISO week (Monday to Sunday) before the
 *                            one of now
 *   YYYY-MM-DD               that day
 *   YYYY-MM-DD..YYYY-MM-DD   the first day to the last, both included
 *
 * The previous period (--compare previous) is the same number of days just
 * before: the day before yesterday, the week before last.  A local
 * midnight that a zone skips is taken at the first instant after the gap;
 * one it repeats, at the first of its instants.
 */
#ifndef CANAL_PERIOD_H
#define CANAL_PERIOD_H

#include <stddef.h>
#include <stdint.h>

#include "tz.h"

struct period {
	int64_t first_day, days;	/* local day numbers (timefmt) */
	int64_t start_ms, end_ms;	/* [start, end) in UTC */
};

/**
 * Parses spec at the instant now_ms in zone (NULL: UTC) into *p.  Returns
 * 0, or -1 with *why pointing at a static reason.
 */
int period_parse(const char *spec, int64_t now_ms, const struct tz *zone,
    struct period *p, const char **why);

/** The period of as many days just before p. */
void period_previous(const struct period *p, const struct tz *zone,
    struct period *prev);

/** "2026-11-23" or "2026-11-16..2026-11-22" into out (cap >= 24). */
void period_label(const struct period *p, char *out, size_t cap);

#endif
