/*
 * timefmt.h - the canonical event time: "YYYY-MM-DDTHH:MM:SS.mmmZ", always
 * UTC, always 24 characters (a profile of RFC 3339), so that string order is
 * time order.  Pure arithmetic on the proleptic Gregorian calendar: nothing
 * here reads TZ or calls localtime(3), so results never depend on the
 * machine's zone.
 */
#ifndef CANAL_TIMEFMT_H
#define CANAL_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

#define TIMEFMT_TS_LEN 24	/* strlen("2024-03-11T16:39:05.734Z") */

/** Days since 1970-01-01 of a valid civil date (negative before). */
int64_t timefmt_days_from_civil(int year, int month, int day);
/** The civil date of a day number; inverse of timefmt_days_from_civil(). */
void timefmt_civil_from_days(int64_t days, int *year, int *month, int *day);
/** 28..31 for month 1..12 of year. */
int timefmt_days_in_month(int year, int month);

/**
 * Parses a canonical ts of exactly len bytes into milliseconds since the
 * epoch.  Returns 0, or -1 with *why pointing at a static reason that names
 * what is wrong (length, a field out of range, a missing "Z").
 */
int timefmt_parse_ts(const char *s, size_t len, int64_t *ms, const char **why);

/**
 * Writes the canonical ts of ms into buf (TIMEFMT_TS_LEN bytes plus a NUL).
 * Years outside 0000..9999 cannot be written: returns -1, else 0.
 */
/**
 * A calendar day "YYYY-MM-DD" of exactly n bytes (10): its day number
 * (days since 1970-01-01) in *day.  Returns 0, or -1 when it is not one.
 */
int timefmt_parse_day(const char *s, size_t n, int64_t *day);

int timefmt_format_ts(int64_t ms, char buf[TIMEFMT_TS_LEN + 1]);

#endif
