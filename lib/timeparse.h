/*
 * timeparse.h - reading the times that sources write: RFC 3339 and ISO 8601
 * extended date-times, RFC 5322 dates (section 3.3 and the obsolete forms of
 * section 4.3), numeric day-first, month-first and year-first dates with
 * 12- or 24-hour clocks, epoch seconds and milliseconds, and a strptime-like
 * format for everything else.
 *
 * A parse gives the wall clock the text shows and, only when the text says
 * it, the UTC offset; nothing here guesses a zone, reads TZ or calls the C
 * library's time functions.  A time without an offset needs a zone from
 * configuration (--tz) before it is an instant.
 *
 * Common rules:
 *  - White space (space, tab, CR, LF) around the whole text is ignored.
 *  - Fractions of a second may have any number of digits; they are
 *    truncated, never rounded, to milliseconds ("19.9999" is 19.999).
 *  - A second of 60 (a leap second) is rejected: UTC milliseconds cannot
 *    name it.
 *  - Two-digit years are 2000-2049 for 00-49 and 1950-1999 for 50-99
 *    (RFC 5322 4.3); three-digit years (RFC 5322 only) add 1900.
 *  - An offset of "-00:00" / "-0000" (RFC 3339 4.3, RFC 5322 3.3) and the
 *    RFC 5322 military zones mean "UTC, the writer's zone unknown": the
 *    result is UTC with offset_unknown set.
 *  - A weekday, when the text has one, must be the date's (RFC 5322 3.3
 *    says it MUST be); a wrong one is rejected, since it means the date is
 *    not what the writer meant.
 *  - 12-hour clocks take AM/PM as "AM", "am", "a.m.", "a. m." (any case),
 *    after a space, U+00A0 or U+202F, or none; and the CJK words 上午/下午,
 *    午前/午後, 오전/오후 before or after the time.  12 AM is 00, 12 PM
 *    is 12; an hour outside 1..12 with a marker is rejected.
 *  - Every rejection returns -1 and points *why at a static reason.
 */
#ifndef CANAL_TIMEPARSE_H
#define CANAL_TIMEPARSE_H

#include <stddef.h>
#include <stdint.h>

/* What a parse found. */
struct timeparse_result {
	int64_t local_ms;	/* the wall clock read as if it were UTC, in
				   ms since 1970-01-01T00:00:00 */
	int has_offset;		/* the text says its UTC offset (or is an
				   epoch time, offset 0) */
	int offset_seconds;	/* with has_offset: east of UTC, so that
				   UTC = local_ms - offset_seconds * 1000 */
	int offset_unknown;	/* "-0000", "-00:00" or an RFC 5322 military
				   zone: UTC, writer's zone unknown (with
				   has_offset set and offset_seconds 0) */
	int is_epoch;		/* the text was an epoch number */
};

/* Which forms timeparse_read() accepts. */
enum timeparse_style {
	/*
	 * The unambiguous forms only: year-first dates (TIMEPARSE_YMD, which
	 * includes RFC 3339 and "YYYY-MM-DD HH:MM:SS"), RFC 5322 dates, epoch
	 * seconds of 10 digits (optionally with a fraction) and epoch
	 * milliseconds of 13.  A numeric date that starts with the day or the
	 * month ("03/04/2024") is rejected with a reason asking for the date
	 * order, whatever its values: a column is read one way or not at all.
	 */
	TIMEPARSE_AUTO,
	/*
	 * RFC 3339 and its everyday relatives, strictly:
	 * YYYY-MM-DD("T"|"t"|" ")HH:MM[:SS[("."|",")F...]][ZONE], two digits
	 * in every field, where ZONE is "Z", "z", +hh:mm, +hhmm, +hh (or -),
	 * or "UTC" or "GMT" optionally followed by such an offset, each
	 * optionally after white space.
	 */
	TIMEPARSE_ISO,
	/*
	 * RFC 5322 date-time with the obsolete forms: optional weekday, day of
	 * 1 or 2 digits, month name, year of 2, 3 or 4 digits, optional
	 * seconds, zone +hhmm, UT, GMT, EST, EDT, CST, CDT, MST, MDT, PST, PDT
	 * or a military letter; comments and white space anywhere.  Tolerated
	 * as well: "UTC", +hh:mm, "GMT+hhmm", no comma after the weekday,
	 * full month and weekday names, IMAP's "05-Mar-2024", a 1-digit hour.
	 * No zone at all gives has_offset 0 (the caller decides).
	 */
	TIMEPARSE_RFC5322,
	/*
	 * Numeric dates in a given order, separated by "/", "." or "-" (the
	 * same twice; "." may be followed by spaces and the year by a "."),
	 * day and month of 1 or 2 digits, year of 2 or 4 (4 for YMD); then
	 * ",", white space or "T"; then H:MM[:SS[.F...]] or H.MM[.SS], an
	 * optional AM/PM marker and an optional ZONE as for TIMEPARSE_ISO.
	 */
	TIMEPARSE_DMY,
	TIMEPARSE_MDY,
	TIMEPARSE_YMD,
	/* [-]DIGITS[.F...] seconds or milliseconds since the epoch, within
	   years 0000..9999; digits past the millisecond are dropped. */
	TIMEPARSE_EPOCH_S,
	TIMEPARSE_EPOCH_MS
};

/**
 * Parses the len bytes at s (no NUL needed) in the given style.  Returns 0
 * and fills *r, or -1 with *why pointing at a static reason and *r
 * untouched.
 */
int timeparse_read(const char *s, size_t len, enum timeparse_style style,
    struct timeparse_result *r, const char **why);

/**
 * Parses the len bytes at s with a strptime-like format, fmt (NUL-ended):
 *   %Y year, 4 digits     %y year, 2 digits    %j day of year, 1-3 digits
 *   %m month, 1-2 digits  %b %h %B month name, short or full, any case
 *   %d day, 1-2 digits    %e the same, optionally after spaces
 *   %H hour 0-23, 1-2 digits   %I hour 1-12, with %p   %p AM/PM marker
 *   %M minute, 1-2 digits      %S second, 1-2 digits   %f fraction digits
 *   %a %A weekday name (checked against the date)
 *   %z offset: Z, z, +hh:mm, +hhmm, +hh    %Z zone name: UTC, GMT, UT, Z
 *   %F = %Y-%m-%d   %T = %H:%M:%S   %R = %H:%M   %n %t white space   %% "%"
 * White space in fmt matches any white space in s (none included: space,
 * tab, U+00A0, U+202F); anything else must match byte for byte.  Fields
 * the format lacks are 0 (a format without a time gives midnight).
 * Returns 0 and fills *r, or -1 with a static *why (the format's fault
 * when timeparse_check_format() rejects it, else the text's).
 */
int timeparse_read_format(const char *s, size_t len, const char *fmt,
    struct timeparse_result *r, const char **why);

/**
 * Checks a format before any input is read: known conversions, each field
 * at most once, a year, a month and a day (or %j), %I with %p.  Returns 0,
 * or -1 with a static *why.
 */
int timeparse_check_format(const char *fmt, const char **why);

/**
 * The instant of a result: 0 and *utc_ms = local_ms - offset * 1000, or -1
 * when the text had no offset (the caller needs a zone).
 */
int timeparse_to_utc(const struct timeparse_result *r, int64_t *utc_ms);

/**
 * The style named "auto", "iso", "rfc5322", "dmy", "mdy", "ymd", "epoch"
 * (seconds) or "epoch_ms".  Returns 0 and sets *style, or -1.
 */
int timeparse_style_from_name(const char *name, enum timeparse_style *style);

#endif
