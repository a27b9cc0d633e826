/*
 * test-timeparse.c - the times sources write: tables of accepted texts with
 * their exact wall clock and offset, tables of rejected texts with their
 * exact reasons, spellings of one instant that must agree, calendar-wide
 * round trips against timefmt, and mutated inputs that must never crash.
 * Every input is copied into a buffer of exactly its length, so that a
 * sanitizer build catches any read past len.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timefmt.h"
#include "timeparse.h"
#include "unit.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The reasons, word for word. */
#define MONTH "month out of range"
#define DAY "day out of range for its month"
#define YDAY "day of the year out of range"
#define HOUR "hour out of range"
#define HOUR12 "hour out of range for a 12-hour clock (1 to 12 with AM/PM)"
#define MINUTE "minute out of range"
#define SECOND "second out of range"
#define LEAP "leap second (second 60) cannot be represented"
#define WEEKDAY "weekday does not match the date"
#define OFFSET_FORM "UTC offset not of the form +hh:mm, +hhmm or +hh"
#define OFFSET_RANGE "UTC offset out of range (beyond 23:59)"
#define TRAILING "unexpected text after the time"
#define EMPTY "empty time"
#define ISO "not of the form YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|+hh:mm]"
#define ISO_DATE_ONLY "a date without a time of day"
#define DMY "not a day-first date D/M/Y (separators / . or -)"
#define MDY "not a month-first date M/D/Y (separators / . or -)"
#define YMD "not a year-first date YYYY/M/D (separators / . or -)"
#define SEPS "the date's two separators differ"
#define YEAR24 "year must have 2 or 4 digits"
#define NO_TIME "no time of day after the date"
#define TIME "expected a time of day H:MM[:SS[.fff]] after the date"
#define AMPM_TWICE "AM/PM marker given twice"
#define C_COMMENT "unterminated comment in the date"
#define C_WEEKDAY "unknown weekday name"
#define C_DAY "expected the day of the month (1 or 2 digits)"
#define C_MONTH "unknown month name"
#define C_NO_MONTH "expected a month name (Jan to Dec)"
#define C_YEAR "year must have 2, 3 or 4 digits"
#define C_NO_YEAR "expected a year before the time of day"
#define C_TIME "expected a time of day HH:MM[:SS]"
#define C_ZONE_NAME \
	"unknown zone name (RFC 5322 knows UT, GMT, EST, EDT, CST, CDT, " \
	"MST, MDT, PST, PDT and military letters; UTC is also accepted)"
#define C_ZONE "zone not of the form +hhmm"
#define C_TRAILING "unexpected text after the date"
#define EPOCH_S "epoch seconds not of the form [-]DIGITS[.DIGITS]"
#define EPOCH_MS "epoch milliseconds not of the form [-]DIGITS[.DIGITS]"
#define EPOCH_RANGE "epoch time out of range (years 0000 to 9999)"
#define AUTO_ORDER \
	"day-first or month-first date: give the date order (dmy or mdy)"
#define AUTO_NUMBER \
	"a bare number: epoch seconds need 10 digits and milliseconds 13; " \
	"give the unit for other lengths"
#define AUTO \
	"unrecognised time (not RFC 3339, YYYY-MM-DD HH:MM:SS, RFC 5322, or " \
	"epoch seconds or milliseconds)"
#define FMT_UNKNOWN "unknown conversion in the time format"
#define FMT_LONE "time format ends in a lone %"
#define FMT_TWICE "a field appears twice in the time format"
#define FMT_YEAR "time format has no year (%Y or %y)"
#define FMT_DATE \
	"time format needs a month and a day (%m or %b, %d or %e) or %j"
#define FMT_JDAY "time format has %j and also a month or a day"
#define FMT_12H "time format needs %I and %p together"
#define FMT_FRACTION "time format has %f without %S"
#define FMT_LITERAL "text does not match the format"
#define FMT_Y "expected a 4-digit year (%Y)"
#define FMT_y "expected a 2-digit year (%y)"
#define FMT_m "expected a month number (%m)"
#define FMT_b "expected a month name (%b)"
#define FMT_d "expected a day of the month (%d)"
#define FMT_j "expected a day of the year (%j)"
#define FMT_H "expected an hour (%H or %I)"
#define FMT_M "expected a minute (%M)"
#define FMT_S "expected a second (%S)"
#define FMT_f "expected fraction digits (%f)"
#define FMT_p "expected AM or PM (%p)"
#define FMT_a "expected a weekday name (%a)"
#define FMT_Z "expected UTC, GMT, UT or Z (%Z)"

#define NNBSP "\xe2\x80\xaf"	/* U+202F narrow no-break space */
#define NBSP "\xc2\xa0"		/* U+00A0 no-break space */

/* What a good text gives: no offset, an offset, unknown (-0000), epoch. */
enum { NO, OFF, UNK, EPO };

struct good {
	enum timeparse_style style;
	const char *in;
	const char *local;	/* the wall clock, as a canonical ts */
	int kind;		/* NO, OFF, UNK or EPO */
	int offset;		/* seconds east, with OFF */
};

static const struct good good[] = {
	/* RFC 3339 and its relatives, strictly. */
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19.1234+0100",
	    "2024-02-06T17:53:19.123Z", OFF, 3600 },
	{ TIMEPARSE_ISO, "2024-02-06T14:53:19.1234-0200",
	    "2024-02-06T14:53:19.123Z", OFF, -7200 },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19Z",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_ISO, "2024-02-06t17:53:19z",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_ISO, "2024-02-06 17:53:19",
	    "2024-02-06T17:53:19.000Z", NO, 0 },
	{ TIMEPARSE_ISO, "2024-02-06 17:53",
	    "2024-02-06T17:53:00.000Z", NO, 0 },
	{ TIMEPARSE_ISO, "2024-02-06T17:53Z",
	    "2024-02-06T17:53:00.000Z", OFF, 0 },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19.9999999+05:30",
	    "2024-02-06T17:53:19.999Z", OFF, 19800 },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19,5+01",
	    "2024-02-06T17:53:19.500Z", OFF, 3600 },
	{ TIMEPARSE_ISO, "2024-02-06 17:53:19,123",
	    "2024-02-06T17:53:19.123Z", NO, 0 },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19.1-00:00",
	    "2024-02-06T17:53:19.100Z", UNK, 0 },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19-0000",
	    "2024-02-06T17:53:19.000Z", UNK, 0 },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19+00:00",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19-00",
	    "2024-02-06T17:53:19.000Z", UNK, 0 },
	{ TIMEPARSE_ISO, "2024-02-06 17:53:19 +0100",
	    "2024-02-06T17:53:19.000Z", OFF, 3600 },
	{ TIMEPARSE_ISO, "2024-02-06 17:53:19 UTC",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_ISO, "2024-02-06 17:53:19 gmt",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_ISO, "2024-02-06 17:53:19 UTC+01:00",
	    "2024-02-06T17:53:19.000Z", OFF, 3600 },
	{ TIMEPARSE_ISO, "  2024-02-06T17:53:19Z\r\n",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_ISO, "\t2024-02-06T17:53:19Z ",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_ISO, "2024-02-29T23:59:59.999-12:00",
	    "2024-02-29T23:59:59.999Z", OFF, -43200 },
	{ TIMEPARSE_ISO, "2024-12-31T00:00:00+14:00",
	    "2024-12-31T00:00:00.000Z", OFF, 50400 },
	{ TIMEPARSE_ISO, "2024-03-31T02:30:00-03:30",
	    "2024-03-31T02:30:00.000Z", OFF, -12600 },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19+23:59",
	    "2024-02-06T17:53:19.000Z", OFF, 86340 },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19-23:59",
	    "2024-02-06T17:53:19.000Z", OFF, -86340 },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19.12",
	    "2024-02-06T17:53:19.120Z", NO, 0 },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19.000001Z",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_ISO, "1969-12-31T23:59:59.999Z",
	    "1969-12-31T23:59:59.999Z", OFF, 0 },
	{ TIMEPARSE_ISO, "0000-01-01T00:00:00Z",
	    "0000-01-01T00:00:00.000Z", OFF, 0 },
	{ TIMEPARSE_ISO, "9999-12-31T23:59:59.999999Z",
	    "9999-12-31T23:59:59.999Z", OFF, 0 },
	{ TIMEPARSE_ISO, "2000-02-29T12:00:00Z",
	    "2000-02-29T12:00:00.000Z", OFF, 0 },
	{ TIMEPARSE_ISO, "2024-01-01T00:00:00.0000000000000000000001Z",
	    "2024-01-01T00:00:00.000Z", OFF, 0 },

	/* RFC 5322, current and obsolete forms. */
	{ TIMEPARSE_RFC5322, "Tue, 06 Feb 2024 17:53:19 +0100",
	    "2024-02-06T17:53:19.000Z", OFF, 3600 },
	{ TIMEPARSE_RFC5322, "6 Feb 2024 17:53 +0100",
	    "2024-02-06T17:53:00.000Z", OFF, 3600 },
	{ TIMEPARSE_RFC5322, "Tue,  6 Feb 2024 17:53:19 +0100 (CET)",
	    "2024-02-06T17:53:19.000Z", OFF, 3600 },
	{ TIMEPARSE_RFC5322, "Tue, 6 Feb 24 17:53:19 GMT",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_RFC5322, "Sat, 6 Feb 99 17:53:19 GMT",
	    "1999-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_RFC5322, "Sat, 6 Feb 49 17:53:19 GMT",
	    "2049-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_RFC5322, "Mon, 6 Feb 50 17:53:19 GMT",
	    "1950-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_RFC5322, "Tue, 6 Feb 124 17:53:19 UT",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_RFC5322, "Wed, 6 Feb 024 17:53:19 UT",
	    "1924-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_RFC5322, "6 Feb 2024 17:53:19 EST",
	    "2024-02-06T17:53:19.000Z", OFF, -18000 },
	{ TIMEPARSE_RFC5322, "6 Feb 2024 17:53:19 EDT",
	    "2024-02-06T17:53:19.000Z", OFF, -14400 },
	{ TIMEPARSE_RFC5322, "6 Feb 2024 17:53:19 CST",
	    "2024-02-06T17:53:19.000Z", OFF, -21600 },
	{ TIMEPARSE_RFC5322, "6 Feb 2024 17:53:19 CDT",
	    "2024-02-06T17:53:19.000Z", OFF, -18000 },
	{ TIMEPARSE_RFC5322, "6 Feb 2024 17:53:19 MST",
	    "2024-02-06T17:53:19.000Z", OFF, -25200 },
	{ TIMEPARSE_RFC5322, "6 Feb 2024 17:53:19 MDT",
	    "2024-02-06T17:53:19.000Z", OFF, -21600 },
	{ TIMEPARSE_RFC5322, "6 Feb 2024 17:53:19 PST",
	    "2024-02-06T17:53:19.000Z", OFF, -28800 },
	{ TIMEPARSE_RFC5322, "6 Feb 2024 17:53:19 pdt",
	    "2024-02-06T17:53:19.000Z", OFF, -25200 },
	{ TIMEPARSE_RFC5322, "6 Feb 2024 17:53:19 -0000",
	    "2024-02-06T17:53:19.000Z", UNK, 0 },
	{ TIMEPARSE_RFC5322, "6 Feb 2024 17:53:19 +0000",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_RFC5322, "6 Feb 2024 17:53:19 Z",
	    "2024-02-06T17:53:19.000Z", UNK, 0 },
	{ TIMEPARSE_RFC5322, "6 Feb 2024 17:53:19 A",
	    "2024-02-06T17:53:19.000Z", UNK, 0 },
	{ TIMEPARSE_RFC5322, "6 Feb 2024 17:53:19 y",
	    "2024-02-06T17:53:19.000Z", UNK, 0 },
	{ TIMEPARSE_RFC5322, "6 Feb 2024 17:53:19",
	    "2024-02-06T17:53:19.000Z", NO, 0 },
	{ TIMEPARSE_RFC5322, "6 Feb 2024 17:53:19 (no zone)",
	    "2024-02-06T17:53:19.000Z", NO, 0 },
	{ TIMEPARSE_RFC5322, "(sent) Tue (day) , (x) 6 (d) Feb (m) 2024 (y) "
	    "17 : 53 : 19 (t) +0100 (CET (nested) \\) quoted)",
	    "2024-02-06T17:53:19.000Z", OFF, 3600 },
	{ TIMEPARSE_RFC5322, "Tue, 6 Feb 2024\r\n 17:53:19\r\n\t+0100",
	    "2024-02-06T17:53:19.000Z", OFF, 3600 },
	{ TIMEPARSE_RFC5322, "tue, 06 feb 2024 17:53:19 gmt",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_RFC5322, "TUE, 06 FEB 2024 17:53:19 GMT",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_RFC5322, "Tuesday, 6 February 2024 17:53:19 +0100",
	    "2024-02-06T17:53:19.000Z", OFF, 3600 },
	{ TIMEPARSE_RFC5322, "06-Feb-2024 17:53:19 +0000",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_RFC5322, "Tue 6 Feb 2024 17:53:19 +0100",
	    "2024-02-06T17:53:19.000Z", OFF, 3600 },
	{ TIMEPARSE_RFC5322, "Tue,6 Feb 2024 17:53:19 +0100",
	    "2024-02-06T17:53:19.000Z", OFF, 3600 },
	{ TIMEPARSE_RFC5322, "Tue, 6 Feb 2024 9:05:00 +0100",
	    "2024-02-06T09:05:00.000Z", OFF, 3600 },
	{ TIMEPARSE_RFC5322, "Tue, 6 Feb 2024 17:53:19 GMT+0100",
	    "2024-02-06T17:53:19.000Z", OFF, 3600 },
	{ TIMEPARSE_RFC5322, "Tue, 6 Feb 2024 17:53:19 GMT-0330",
	    "2024-02-06T17:53:19.000Z", OFF, -12600 },
	{ TIMEPARSE_RFC5322, "Tue, 6 Feb 2024 17:53:19 +01:00",
	    "2024-02-06T17:53:19.000Z", OFF, 3600 },
	{ TIMEPARSE_RFC5322, "Tue, 6 Feb 2024 17:53:19 UTC",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_RFC5322, "Tue, 6 Feb 2024 17:53:19 -0930",
	    "2024-02-06T17:53:19.000Z", OFF, -34200 },
	{ TIMEPARSE_RFC5322, "Thu, 1 Jan 1970 00:00:00 +0000",
	    "1970-01-01T00:00:00.000Z", OFF, 0 },
	{ TIMEPARSE_RFC5322, "Thu, 29 Feb 2024 23:59:59 +1400",
	    "2024-02-29T23:59:59.000Z", OFF, 50400 },
	{ TIMEPARSE_RFC5322, "Tue, 29 Feb 2000 12:00 -0000",
	    "2000-02-29T12:00:00.000Z", UNK, 0 },
	{ TIMEPARSE_RFC5322, "Tue, 06 Feb 2024 17:53:19 +0100 (CET)\t",
	    "2024-02-06T17:53:19.000Z", OFF, 3600 },
	{ TIMEPARSE_RFC5322, "Tue," NBSP "6 Feb 2024 17:53:19 +0100",
	    "2024-02-06T17:53:19.000Z", OFF, 3600 },

	/* Day-first. */
	{ TIMEPARSE_DMY, "12/03/2024, 09:15",
	    "2024-03-12T09:15:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "12.03.24, 09:15",
	    "2024-03-12T09:15:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "12-03-2024 21:25:15",
	    "2024-03-12T21:25:15.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "13.06.18 21.25.15",
	    "2018-06-13T21:25:15.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "13. 6. 2018. 21:25:15",
	    "2018-06-13T21:25:15.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "1/2/2024 9:05 PM",
	    "2024-02-01T21:05:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "1/2/2024 12:00 AM",
	    "2024-02-01T00:00:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "1/2/2024 12:59 PM",
	    "2024-02-01T12:59:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "1/2/2024 12:00 a.m.",
	    "2024-02-01T00:00:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "1/2/2024 11:59 p.m.",
	    "2024-02-01T23:59:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "1/2/2024 9:05" NNBSP "PM",
	    "2024-02-01T21:05:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "1/2/2024 9:05" NBSP "pm",
	    "2024-02-01T21:05:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "1/2/2024 9:05 p." NBSP "m.",
	    "2024-02-01T21:05:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "1/2/2024 9:05" NNBSP "a." NNBSP "m.",
	    "2024-02-01T09:05:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "1/2/2024 9:05PM",
	    "2024-02-01T21:05:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "1/2/2024, 9:05:07 AM",
	    "2024-02-01T09:05:07.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "01/02/99 10:00",
	    "1999-02-01T10:00:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "01/02/49 10:00",
	    "2049-02-01T10:00:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "01/02/50 10:00",
	    "1950-02-01T10:00:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "31/12/2024 23:59:59.5",
	    "2024-12-31T23:59:59.500Z", NO, 0 },
	{ TIMEPARSE_DMY, "1/2/2024 9:05 +0100",
	    "2024-02-01T09:05:00.000Z", OFF, 3600 },
	{ TIMEPARSE_DMY, "1/2/2024 9:05 PM UTC",
	    "2024-02-01T21:05:00.000Z", OFF, 0 },
	{ TIMEPARSE_DMY, "1/2/2024T09:05",
	    "2024-02-01T09:05:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "29/02/2024,09:05",
	    "2024-02-29T09:05:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "13/06/2018 \xe4\xb8\x8b\xe5\x8d\x88" "9:25",
	    "2018-06-13T21:25:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "13/06/2018 9:25 \xec\x98\xa4\xed\x9b\x84",
	    "2018-06-13T21:25:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "13/06/2018 \xe5\x8d\x88\xe5\x89\x8d" "12:05",
	    "2018-06-13T00:05:00.000Z", NO, 0 },
	{ TIMEPARSE_DMY, "13/06/2018 12:05\xe5\x8d\x88\xe5\xbe\x8c",
	    "2018-06-13T12:05:00.000Z", NO, 0 },

	/* Month-first. */
	{ TIMEPARSE_MDY, "3/12/24, 9:15 PM",
	    "2024-03-12T21:15:00.000Z", NO, 0 },
	{ TIMEPARSE_MDY, "12/31/2024 23:59",
	    "2024-12-31T23:59:00.000Z", NO, 0 },
	{ TIMEPARSE_MDY, "02/29/2024 00:00:00",
	    "2024-02-29T00:00:00.000Z", NO, 0 },
	{ TIMEPARSE_MDY, "3/9/24, 4:02:11" NNBSP "PM",
	    "2024-03-09T16:02:11.000Z", NO, 0 },
	{ TIMEPARSE_MDY, "03-12-2024 09:15:00.250 -05:00",
	    "2024-03-12T09:15:00.250Z", OFF, -18000 },

	/* Year-first, loosely. */
	{ TIMEPARSE_YMD, "2018/06/13, 21:25:15",
	    "2018-06-13T21:25:15.000Z", NO, 0 },
	{ TIMEPARSE_YMD, "2018.6.13 9:25 PM",
	    "2018-06-13T21:25:00.000Z", NO, 0 },
	{ TIMEPARSE_YMD, "2024-02-06T17:53:19.1234+0100",
	    "2024-02-06T17:53:19.123Z", OFF, 3600 },
	{ TIMEPARSE_YMD, "2024-2-6 5:53 pm",
	    "2024-02-06T17:53:00.000Z", NO, 0 },
	{ TIMEPARSE_YMD, "2018/06/13 \xe4\xb8\x8b\xe5\x8d\x88" "9:25",
	    "2018-06-13T21:25:00.000Z", NO, 0 },

	/* Epoch numbers. */
	{ TIMEPARSE_EPOCH_S, "1709546400",
	    "2024-03-04T10:00:00.000Z", EPO, 0 },
	{ TIMEPARSE_EPOCH_S, "1709546400.5",
	    "2024-03-04T10:00:00.500Z", EPO, 0 },
	{ TIMEPARSE_EPOCH_S, "1709546400.123999",
	    "2024-03-04T10:00:00.123Z", EPO, 0 },
	{ TIMEPARSE_EPOCH_S, "1709546400.05",
	    "2024-03-04T10:00:00.050Z", EPO, 0 },
	{ TIMEPARSE_EPOCH_S, " 001709546400 ",
	    "2024-03-04T10:00:00.000Z", EPO, 0 },
	{ TIMEPARSE_EPOCH_S, "0", "1970-01-01T00:00:00.000Z", EPO, 0 },
	{ TIMEPARSE_EPOCH_S, "-1", "1969-12-31T23:59:59.000Z", EPO, 0 },
	{ TIMEPARSE_EPOCH_S, "-1.5", "1969-12-31T23:59:58.500Z", EPO, 0 },
	{ TIMEPARSE_EPOCH_S, "253402300799",
	    "9999-12-31T23:59:59.000Z", EPO, 0 },
	{ TIMEPARSE_EPOCH_S, "-62167219200",
	    "0000-01-01T00:00:00.000Z", EPO, 0 },
	{ TIMEPARSE_EPOCH_MS, "1709546400123",
	    "2024-03-04T10:00:00.123Z", EPO, 0 },
	{ TIMEPARSE_EPOCH_MS, "1709546400123.9",
	    "2024-03-04T10:00:00.123Z", EPO, 0 },
	{ TIMEPARSE_EPOCH_MS, "0", "1970-01-01T00:00:00.000Z", EPO, 0 },
	{ TIMEPARSE_EPOCH_MS, "-1", "1969-12-31T23:59:59.999Z", EPO, 0 },
	{ TIMEPARSE_EPOCH_MS, "253402300799999",
	    "9999-12-31T23:59:59.999Z", EPO, 0 },

	/* AUTO: the unambiguous forms. */
	{ TIMEPARSE_AUTO, "1709546400",
	    "2024-03-04T10:00:00.000Z", EPO, 0 },
	{ TIMEPARSE_AUTO, "1709546400.5",
	    "2024-03-04T10:00:00.500Z", EPO, 0 },
	{ TIMEPARSE_AUTO, "1709546400123",
	    "2024-03-04T10:00:00.123Z", EPO, 0 },
	{ TIMEPARSE_AUTO, "1709546400123.75",
	    "2024-03-04T10:00:00.123Z", EPO, 0 },
	{ TIMEPARSE_AUTO, "2018/06/13 21:25:15",
	    "2018-06-13T21:25:15.000Z", NO, 0 },
	{ TIMEPARSE_AUTO, "2018.06.13 9:25 PM",
	    "2018-06-13T21:25:00.000Z", NO, 0 },
	{ TIMEPARSE_AUTO, "06-Feb-2024 17:53:19 +0000",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
	{ TIMEPARSE_AUTO, "(comment) 6 Feb 2024 17:53:19 +0000",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
};

/* Rejected texts and their reasons. */
static const struct {
	enum timeparse_style style;
	const char *in;
	const char *why;
} bad[] = {
	{ TIMEPARSE_ISO, "", EMPTY },
	{ TIMEPARSE_ISO, " \t\r\n", EMPTY },
	{ TIMEPARSE_ISO, "2024-02-06", ISO_DATE_ONLY },
	{ TIMEPARSE_ISO, "2024-2-06T17:53", ISO },
	{ TIMEPARSE_ISO, "2024-02-6T17:53", ISO },
	{ TIMEPARSE_ISO, "2024-02-06T7:53", ISO },
	{ TIMEPARSE_ISO, "2024/02/06 17:53", ISO },
	{ TIMEPARSE_ISO, "24-02-06 17:53", ISO },
	{ TIMEPARSE_ISO, "+2024-02-06T17:53Z", ISO },
	{ TIMEPARSE_ISO, "20240-02-06T17:53Z", ISO },
	{ TIMEPARSE_ISO, "2024-02-06T17", ISO },
	{ TIMEPARSE_ISO, "2024-02-06T17:5", ISO },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:1", ISO },
	{ TIMEPARSE_ISO, "2024-02-06T17.53.19", ISO },
	{ TIMEPARSE_ISO, "2024-02-06_17:53:19", ISO },
	{ TIMEPARSE_ISO, "2024-02-06  17:53:19", ISO },
	{ TIMEPARSE_ISO, "20240206T175319Z", ISO },
	{ TIMEPARSE_ISO, "2024-13-06T17:53:19Z", MONTH },
	{ TIMEPARSE_ISO, "2024-00-06T17:53:19Z", MONTH },
	{ TIMEPARSE_ISO, "2023-02-29T00:00:00Z", DAY },
	{ TIMEPARSE_ISO, "1900-02-29T00:00:00Z", DAY },
	{ TIMEPARSE_ISO, "2024-04-31T00:00:00Z", DAY },
	{ TIMEPARSE_ISO, "2024-02-00T00:00:00Z", DAY },
	{ TIMEPARSE_ISO, "2024-02-06T24:00:00Z", HOUR },
	{ TIMEPARSE_ISO, "2024-02-06T23:60:00Z", MINUTE },
	{ TIMEPARSE_ISO, "2016-12-31T23:59:60Z", LEAP },
	{ TIMEPARSE_ISO, "2016-12-31T23:59:60.5+00:00", LEAP },
	{ TIMEPARSE_ISO, "2024-02-06T23:59:61Z", SECOND },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19+1", OFFSET_FORM },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19+01:0", OFFSET_FORM },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19+010", OFFSET_FORM },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19+", OFFSET_FORM },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19+24:00", OFFSET_RANGE },
	{ TIMEPARSE_ISO, "2024-02-06 17:53:19 UTC+1", OFFSET_FORM },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19+01:60", OFFSET_RANGE },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19+01:00:00", TRAILING },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19+0100 (CET)", TRAILING },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19Zulu", TRAILING },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19.", TRAILING },
	{ TIMEPARSE_ISO, "2024-02-06T17:53.5", TRAILING },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19 PM", TRAILING },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19 CET", TRAILING },
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19ZZ", TRAILING },

	{ TIMEPARSE_RFC5322, "", EMPTY },
	{ TIMEPARSE_RFC5322, "Tue, 06 Feb 2024 17:53:19 +0100 (CET",
	    C_COMMENT },
	{ TIMEPARSE_RFC5322, "Tue, 06 Feb 2024 17:53:19 +0100 (a (b) c",
	    C_COMMENT },
	{ TIMEPARSE_RFC5322, "Tue, 06 Feb 2024 17:53:19 +0100 (CET\\",
	    C_COMMENT },
	{ TIMEPARSE_RFC5322, "(Tue, 06 Feb 2024 17:53:19 +0100", C_COMMENT },
	{ TIMEPARSE_RFC5322, "06-Feb-(2024 17:53:19 +0100", C_COMMENT },
	{ TIMEPARSE_RFC5322, "Wed, 06 Feb 2024 17:53:19 +0100", WEEKDAY },
	{ TIMEPARSE_RFC5322, "Tue, 06 Feb 1999 17:53:19 +0100", WEEKDAY },
	{ TIMEPARSE_RFC5322, "Tue, 06 Feb 99 17:53:19 +0100", WEEKDAY },
	{ TIMEPARSE_RFC5322, "Tux, 06 Feb 2024 17:53:19 +0100", C_WEEKDAY },
	{ TIMEPARSE_RFC5322, "Tues, 06 Feb 2024 17:53:19 +0100", C_WEEKDAY },
	{ TIMEPARSE_RFC5322, "Tue, Feb 06 2024 17:53:19 +0100", C_DAY },
	{ TIMEPARSE_RFC5322, "Tue, 006 Feb 2024 17:53:19 +0100", C_DAY },
	{ TIMEPARSE_RFC5322, "Tue, , 06 Feb 2024 17:53:19 +0100", C_DAY },
	{ TIMEPARSE_RFC5322, "06 Fev 2024 17:53:19 +0100", C_MONTH },
	{ TIMEPARSE_RFC5322, "06 Sept 2024 17:53:19 +0100", C_MONTH },
	{ TIMEPARSE_RFC5322, "06 2024 17:53:19 +0100", C_NO_MONTH },
	{ TIMEPARSE_RFC5322, "06 Feb 2 17:53:19", C_YEAR },
	{ TIMEPARSE_RFC5322, "06 Feb 20245 17:53:19", C_YEAR },
	{ TIMEPARSE_RFC5322, "06 Feb 17:53:19", C_NO_YEAR },
	{ TIMEPARSE_RFC5322, "06 Feb 9:53:19", C_NO_YEAR },
	{ TIMEPARSE_RFC5322, "06 Feb 2024:53:19", C_NO_YEAR },
	{ TIMEPARSE_RFC5322, "06 Feb 2024", C_TIME },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 17", C_TIME },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 17:5", C_TIME },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 17:53:1 +0100", C_TIME },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 175:53 +0100", C_TIME },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 17.53 +0100", C_TIME },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 17:53:19 CET", C_ZONE_NAME },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 17:53:19 J", C_ZONE_NAME },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 17:53:19 Zulu", C_ZONE_NAME },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 17:53:19 +01", C_ZONE },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 17:53:19 +100", C_ZONE },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 17:53:19 GMT+01", C_ZONE },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 17:53:19 +2400", OFFSET_RANGE },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 17:53:19 -0060", OFFSET_RANGE },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 17:53:19 +0100 extra", C_TRAILING },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 17:53:19 +0100 +0100", C_TRAILING },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 17:53:19.5 +0100", C_TRAILING },
	{ TIMEPARSE_RFC5322, "31 Feb 2024 10:00 +0000", DAY },
	{ TIMEPARSE_RFC5322, "0 Feb 2024 10:00 +0000", DAY },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 25:00 +0000", HOUR },
	{ TIMEPARSE_RFC5322, "06 Feb 2024 23:61 +0000", MINUTE },
	{ TIMEPARSE_RFC5322, "31 Dec 2016 23:59:60 +0000", LEAP },

	{ TIMEPARSE_DMY, "12/03/2024", NO_TIME },
	{ TIMEPARSE_DMY, "12.03.2024.", NO_TIME },
	{ TIMEPARSE_DMY, "12/03-2024 10:00", SEPS },
	{ TIMEPARSE_DMY, "12/03/202 10:00", YEAR24 },
	{ TIMEPARSE_DMY, "12/03/20245 10:00", YEAR24 },
	{ TIMEPARSE_DMY, "12/03/2 10:00", YEAR24 },
	{ TIMEPARSE_DMY, "12/13/2024 10:00", MONTH },
	{ TIMEPARSE_DMY, "32/12/2024 10:00", DAY },
	{ TIMEPARSE_DMY, "29/02/2023 10:00", DAY },
	{ TIMEPARSE_DMY, "123/12/2024 10:00", DMY },
	{ TIMEPARSE_DMY, "2024/03/12 10:00", DMY },
	{ TIMEPARSE_DMY, "12/03", DMY },
	{ TIMEPARSE_DMY, "12 03 2024 10:00", DMY },
	{ TIMEPARSE_DMY, "Tue 12/03/2024 10:00", DMY },
	{ TIMEPARSE_DMY, "12/03/2024 10", TIME },
	{ TIMEPARSE_DMY, "12/03/2024 10:5", TIME },
	{ TIMEPARSE_DMY, "12/03/2024 ten", TIME },
	{ TIMEPARSE_DMY, "12/03/2024x10:00", TIME },
	{ TIMEPARSE_DMY, "12/03/2024 10:00 foo", TRAILING },
	{ TIMEPARSE_DMY, "12/03/2024 10:00 AMT", TRAILING },
	{ TIMEPARSE_DMY, "12/03/2024 10.00:00", TRAILING },
	{ TIMEPARSE_DMY, "12/03/2024 13:00 PM", HOUR12 },
	{ TIMEPARSE_DMY, "12/03/2024 0:30 AM", HOUR12 },
	{ TIMEPARSE_DMY, "12/03/2024 \xe4\xb8\x8b\xe5\x8d\x88" "9:25 PM",
	    AMPM_TWICE },
	{ TIMEPARSE_DMY, "12/03/2024 24:00", HOUR },
	{ TIMEPARSE_DMY, "12/03/2024 10:60", MINUTE },
	{ TIMEPARSE_DMY, "12/03/2024 10:00:60", LEAP },
	{ TIMEPARSE_DMY, "12/03/2024 10:00 +0100x", TRAILING },
	{ TIMEPARSE_DMY, "12/03/2024 10:00 +1", OFFSET_FORM },
	{ TIMEPARSE_MDY, "13/12/2024 10:00", MONTH },
	{ TIMEPARSE_MDY, "02/30/2024 10:00", DAY },
	{ TIMEPARSE_MDY, "2/3 10:00", MDY },
	{ TIMEPARSE_YMD, "24/03/12 10:00", YMD },
	{ TIMEPARSE_YMD, "2024/003/12 10:00", YMD },
	{ TIMEPARSE_YMD, "2024/3/12", NO_TIME },
	{ TIMEPARSE_YMD, "2024/3.12 10:00", SEPS },

	{ TIMEPARSE_EPOCH_S, "", EMPTY },
	{ TIMEPARSE_EPOCH_S, "abc", EPOCH_S },
	{ TIMEPARSE_EPOCH_S, "17095464OO", EPOCH_S },
	{ TIMEPARSE_EPOCH_S, "1709546400.", EPOCH_S },
	{ TIMEPARSE_EPOCH_S, ".5", EPOCH_S },
	{ TIMEPARSE_EPOCH_S, "+1", EPOCH_S },
	{ TIMEPARSE_EPOCH_S, "-", EPOCH_S },
	{ TIMEPARSE_EPOCH_S, "- 1", EPOCH_S },
	{ TIMEPARSE_EPOCH_S, "1e9", EPOCH_S },
	{ TIMEPARSE_EPOCH_S, "1,5", EPOCH_S },
	{ TIMEPARSE_EPOCH_S, "1.5.2", EPOCH_S },
	{ TIMEPARSE_EPOCH_S, "253402300800", EPOCH_RANGE },
	{ TIMEPARSE_EPOCH_S, "-62167219201", EPOCH_RANGE },
	{ TIMEPARSE_EPOCH_S, "99999999999999999999999999999", EPOCH_RANGE },
	{ TIMEPARSE_EPOCH_MS, "253402300800000", EPOCH_RANGE },
	{ TIMEPARSE_EPOCH_MS, "-62167219200001", EPOCH_RANGE },
	{ TIMEPARSE_EPOCH_MS, "12a", EPOCH_MS },
	{ TIMEPARSE_EPOCH_MS, "1709546400123.", EPOCH_MS },

	{ TIMEPARSE_AUTO, "", EMPTY },
	{ TIMEPARSE_AUTO, "03/04/2024", AUTO_ORDER },
	{ TIMEPARSE_AUTO, "03/04/2024 10:00", AUTO_ORDER },
	{ TIMEPARSE_AUTO, "13/04/2024 10:00", AUTO_ORDER },
	{ TIMEPARSE_AUTO, "3.4.24 9:15", AUTO_ORDER },
	{ TIMEPARSE_AUTO, "12-03-2024 10:00", AUTO_ORDER },
	{ TIMEPARSE_AUTO, "170954640", AUTO_NUMBER },
	{ TIMEPARSE_AUTO, "17095464001", AUTO_NUMBER },
	{ TIMEPARSE_AUTO, "170954640012", AUTO_NUMBER },
	{ TIMEPARSE_AUTO, "17095464001234", AUTO_NUMBER },
	{ TIMEPARSE_AUTO, "2024", AUTO_NUMBER },
	{ TIMEPARSE_AUTO, "12.5", AUTO_NUMBER },
	{ TIMEPARSE_AUTO, "yesterday", AUTO },
	{ TIMEPARSE_AUTO, "Feb 6 2024 17:53:19", AUTO },
	{ TIMEPARSE_AUTO, "-1709546400", AUTO },
	{ TIMEPARSE_AUTO, "T10:00", AUTO },
	{ TIMEPARSE_AUTO, "1709546400.", AUTO },
	{ TIMEPARSE_AUTO, "1709546400x", AUTO },
	{ TIMEPARSE_AUTO, "20240206T175319Z", AUTO },
	{ TIMEPARSE_AUTO, "2024-02-06", NO_TIME },
	{ TIMEPARSE_AUTO, "2024-02-30T10:00:00Z", DAY },
	{ TIMEPARSE_AUTO, "2024-02-06T10:00:00+0100x", TRAILING },
	{ TIMEPARSE_AUTO, "Wed, 06 Feb 2024 17:53:19 +0100", WEEKDAY },
	{ TIMEPARSE_AUTO, "6 Feb 2024 17:53:19 CET", C_ZONE_NAME },
	{ TIMEPARSE_AUTO, "\xe2\x80\x8e" "2024-02-06T10:00:00Z", AUTO },
};

/* Spellings of one instant; the first group is the issue's example. */
static const struct {
	enum timeparse_style style;
	const char *in;
	const char *utc;
} same[] = {
	{ TIMEPARSE_ISO, "2024-02-06T17:53:19.1234+0100",
	    "2024-02-06T16:53:19.123Z" },
	{ TIMEPARSE_ISO, "2024-02-06T14:53:19.1234-0200",
	    "2024-02-06T16:53:19.123Z" },
	{ TIMEPARSE_AUTO, "2024-02-06T16:53:19.123Z",
	    "2024-02-06T16:53:19.123Z" },
	{ TIMEPARSE_AUTO, "2024-02-06T22:23:19.123456+05:30",
	    "2024-02-06T16:53:19.123Z" },
	{ TIMEPARSE_AUTO, "2024-02-07T01:53:19.123+09",
	    "2024-02-06T16:53:19.123Z" },
	{ TIMEPARSE_AUTO, "2024-02-05T23:53:19.123-17:00",
	    "2024-02-06T16:53:19.123Z" },
	{ TIMEPARSE_AUTO, "1707238399.123", "2024-02-06T16:53:19.123Z" },
	{ TIMEPARSE_AUTO, "1707238399123", "2024-02-06T16:53:19.123Z" },
	{ TIMEPARSE_DMY, "06/02/2024 5:53:19.123 PM +0100",
	    "2024-02-06T16:53:19.123Z" },
	{ TIMEPARSE_MDY, "02-06-24 16:53:19,1239 Z",
	    "2024-02-06T16:53:19.123Z" },

	{ TIMEPARSE_AUTO, "Tue, 6 Feb 2024 11:53:19 EST",
	    "2024-02-06T16:53:19.000Z" },
	{ TIMEPARSE_AUTO, "Tue, 6 Feb 2024 12:53:19 EDT",
	    "2024-02-06T16:53:19.000Z" },
	{ TIMEPARSE_AUTO, "Tue, 6 Feb 2024 10:53:19 CST",
	    "2024-02-06T16:53:19.000Z" },
	{ TIMEPARSE_AUTO, "Tue, 6 Feb 2024 09:53:19 MST",
	    "2024-02-06T16:53:19.000Z" },
	{ TIMEPARSE_AUTO, "Tue, 6 Feb 2024 08:53:19 PST",
	    "2024-02-06T16:53:19.000Z" },
	{ TIMEPARSE_AUTO, "Tue, 6 Feb 2024 16:53:19 -0000",
	    "2024-02-06T16:53:19.000Z" },
	{ TIMEPARSE_AUTO, "Tue, 6 Feb 2024 16:53:19 Q",
	    "2024-02-06T16:53:19.000Z" },
	{ TIMEPARSE_AUTO, "Wed, 7 Feb 2024 00:23:19 +0730",
	    "2024-02-06T16:53:19.000Z" },
	{ TIMEPARSE_AUTO, "1707238399", "2024-02-06T16:53:19.000Z" },
};

/* timeparse_read_format(): accepted texts. */
static const struct {
	const char *fmt;
	const char *in;
	const char *local;
	int kind;
	int offset;
} fgood[] = {
	{ "%d/%m/%Y %H:%M", "12/03/2024 09:15",
	    "2024-03-12T09:15:00.000Z", NO, 0 },
	{ "%d/%m/%Y %H:%M", "  12/3/2024   9:15 ",
	    "2024-03-12T09:15:00.000Z", NO, 0 },
	{ "%m/%d/%y %I:%M %p", "3/12/24 9:15 PM",
	    "2024-03-12T21:15:00.000Z", NO, 0 },
	{ "%m/%d/%y %I:%M %p", "3/12/24 9:15PM",
	    "2024-03-12T21:15:00.000Z", NO, 0 },
	{ "%d/%m/%Y %I:%M %p", "06/02/2024 5:53" NNBSP "PM",
	    "2024-02-06T17:53:00.000Z", NO, 0 },
	{ "%I:%M%p %d/%m/%Y", "12:30am 06/02/2024",
	    "2024-02-06T00:30:00.000Z", NO, 0 },
	{ "%Y%m%d%H%M%S", "20240206175319",
	    "2024-02-06T17:53:19.000Z", NO, 0 },
	{ "%a %b %e %H:%M:%S %Y", "Tue Feb  6 17:53:19 2024",
	    "2024-02-06T17:53:19.000Z", NO, 0 },
	{ "%a %b %e %T %Y", "Thu Feb 29 00:00:01 2024",
	    "2024-02-29T00:00:01.000Z", NO, 0 },
	{ "%A, %d %B %Y %R", "Tuesday, 06 February 2024 17:53",
	    "2024-02-06T17:53:00.000Z", NO, 0 },
	{ "%Y-%m-%dT%H:%M:%S.%f%z", "2024-02-06T17:53:19.1234+0100",
	    "2024-02-06T17:53:19.123Z", OFF, 3600 },
	{ "%Y-%m-%dT%H:%M:%S.%f%z", "2024-02-06T17:53:19.5Z",
	    "2024-02-06T17:53:19.500Z", OFF, 0 },
	{ "%F %T", "2024-02-06 17:53:19",
	    "2024-02-06T17:53:19.000Z", NO, 0 },
	{ "%F %T %z", "2024-02-06 17:53:19 -00:00",
	    "2024-02-06T17:53:19.000Z", UNK, 0 },
	{ "%F %T%z", "2024-02-06 17:53:19-03",
	    "2024-02-06T17:53:19.000Z", OFF, -10800 },
	{ "%d.%m.%Y %R", "06.02.2024 17:53",
	    "2024-02-06T17:53:00.000Z", NO, 0 },
	{ "%Y-%j", "2024-366", "2024-12-31T00:00:00.000Z", NO, 0 },
	{ "%Y-%j", "2024-060", "2024-02-29T00:00:00.000Z", NO, 0 },
	{ "%Y-%j %H", "2023-1 07", "2023-01-01T07:00:00.000Z", NO, 0 },
	{ "%d %B %Y", "6 february 2024",
	    "2024-02-06T00:00:00.000Z", NO, 0 },
	{ "%d %h %Y", "6 FEB 2024", "2024-02-06T00:00:00.000Z", NO, 0 },
	{ "%d/%m/%Y %H:%M %Z", "06/02/2024 17:53 UTC",
	    "2024-02-06T17:53:00.000Z", OFF, 0 },
	{ "%d/%m/%Y %H:%M %Z", "06/02/2024 17:53 gmt",
	    "2024-02-06T17:53:00.000Z", OFF, 0 },
	{ "%%%Y-%m-%d", "%2024-02-06", "2024-02-06T00:00:00.000Z", NO, 0 },
	{ "%Y-%m-%d%n%H:%M", "2024-02-06\t17:53",
	    "2024-02-06T17:53:00.000Z", NO, 0 },
	{ "%Y-%m-%d%t%H:%M", "2024-02-0617:53",
	    "2024-02-06T17:53:00.000Z", NO, 0 },
	{ "[%d/%m/%Y, %H:%M:%S]", "[13/06/2018, 21:25:15]",
	    "2018-06-13T21:25:15.000Z", NO, 0 },
	{ "%Y-%m-%d %H:%M:%S%z", "2024-02-06 17:53:19Z",
	    "2024-02-06T17:53:19.000Z", OFF, 0 },
	{ "%y%m%d", "991231", "1999-12-31T00:00:00.000Z", NO, 0 },
	{ "%d/%m/%Y %I:%M %p", "01/01/2024 12:00 p. m.",
	    "2024-01-01T12:00:00.000Z", NO, 0 },
	{ "%d/%m/%Y %p %I:%M", "13/06/2018 \xe4\xb8\x8b\xe5\x8d\x88 9:25",
	    "2018-06-13T21:25:00.000Z", NO, 0 },
};

/* timeparse_read_format(): rejected texts. */
static const struct {
	const char *fmt;
	const char *in;
	const char *why;
} fbad[] = {
	{ "%F", "", EMPTY },
	{ "%F", " \r\n", EMPTY },
	{ "%d/%m/%Y", "06-02-2024", FMT_LITERAL },
	{ "%%%F", "2024-02-06", FMT_LITERAL },
	{ "[%F]", "[2024-02-06", FMT_LITERAL },
	{ "%Y-%m-%d", "24-02-06", FMT_Y },
	{ "%Y-%m-%d", "20245-02-06", FMT_LITERAL },
	{ "%y-%m-%d", "4-02-06", FMT_y },
	{ "%Y-%m-%d", "2024-xx-06", FMT_m },
	{ "%Y %b %d", "2024 Fev 06", FMT_b },
	{ "%Y %b %d", "2024 06 06", FMT_b },
	{ "%Y-%m-%d", "2024-02-", FMT_d },
	{ "%Y-%j", "2024-000", YDAY },
	{ "%Y-%j", "2024-367", YDAY },
	{ "%Y-%j", "2023-366", YDAY },
	{ "%Y-%j", "2024-x", FMT_j },
	{ "%F %H", "2024-02-06 x", FMT_H },
	{ "%F %H:%M", "2024-02-06 10:x", FMT_M },
	{ "%F %T", "2024-02-06 10:00:x", FMT_S },
	{ "%F %T.%f", "2024-02-06 10:00:00.", FMT_f },
	{ "%F %I:%M %p", "2024-02-06 10:00 XM", FMT_p },
	{ "%F %I:%M %p", "2024-02-06 10:00", FMT_p },
	{ "%F %I:%M %p", "2024-02-06 13:00 PM", HOUR12 },
	{ "%F %I:%M %p", "2024-02-06 00:00 AM", HOUR12 },
	{ "%a %F", "Mon 2024-02-06", WEEKDAY },
	{ "%a %F", "Xyz 2024-02-06", FMT_a },
	{ "%F %z", "2024-02-06 +1", OFFSET_FORM },
	{ "%F %z", "2024-02-06 CET", OFFSET_FORM },
	{ "%F %z", "2024-02-06 +2400", OFFSET_RANGE },
	{ "%F %Z", "2024-02-06 CET", FMT_Z },
	{ "%F", "2024-02-06 10:00", TRAILING },
	{ "%F %T", "2024-02-30 10:00:00", DAY },
	{ "%F %T", "2024-13-01 10:00:00", MONTH },
	{ "%F %T", "2024-02-06 24:00:00", HOUR },
	{ "%F %T", "2024-02-06 10:00:60", LEAP },
	{ "%F %Q", "2024-02-06 x", FMT_UNKNOWN },
};

/* Formats timeparse_check_format() turns down. */
static const struct {
	const char *fmt;
	const char *why;
} cbad[] = {
	{ "", FMT_YEAR },
	{ "%Y-%m-%d %Q", FMT_UNKNOWN },
	{ "%Y-%m-%d %E", FMT_UNKNOWN },
	{ "%s", FMT_UNKNOWN },
	{ "%Y-%m-%d %", FMT_LONE },
	{ "%Y-%m-%d %Y", FMT_TWICE },
	{ "%Y-%m-%d %y", FMT_TWICE },
	{ "%F %d", FMT_TWICE },
	{ "%F %b", FMT_TWICE },
	{ "%F %H %I %p", FMT_TWICE },
	{ "%F %T %R", FMT_TWICE },
	{ "%F %I %p %p", FMT_TWICE },
	{ "%F %a %A", FMT_TWICE },
	{ "%F %z %Z", FMT_TWICE },
	{ "%m-%d %H", FMT_YEAR },
	{ "%Y-%m", FMT_DATE },
	{ "%Y %d", FMT_DATE },
	{ "%Y %H:%M", FMT_DATE },
	{ "%Y-%j %m", FMT_JDAY },
	{ "%Y-%j %e", FMT_JDAY },
	{ "%F %I:%M", FMT_12H },
	{ "%F %H:%M %p", FMT_12H },
	{ "%F %H:%M.%f", FMT_FRACTION },
};

static const char *const cgood[] = {
	"%F %T", "%Y-%j", "%d/%m/%y %I:%M %p", "%a, %d %b %Y %T %z",
	"%Y%m%d", "%e %B %Y %R %Z", "%% %F %T.%f %n%t", "%h %e %Y",
};

static int64_t
ts_ms(const char *ts)
{
	const char *why;
	int64_t ms = 0;

	if (timefmt_parse_ts(ts, strlen(ts), &ms, &why) != 0)
		diag("bad expectation in the table: %s (%s)", ts, why);
	return ms;
}

/* A copy of s in a buffer of exactly its length, for the sanitizers. */
static char *
exact_copy(const char *s, size_t len)
{
	char *p = malloc(len > 0 ? len : 1);

	if (p == NULL)
		abort();
	memcpy(p, s, len);
	return p;
}

static int
parse(enum timeparse_style style, const char *s, struct timeparse_result *r,
    const char **why)
{
	size_t len = strlen(s);
	char *p = exact_copy(s, len);
	int rc = timeparse_read(p, len, style, r, why);

	free(p);
	return rc;
}

static int
parse_format(const char *fmt, const char *s, struct timeparse_result *r,
    const char **why)
{
	size_t len = strlen(s);
	char *p = exact_copy(s, len);
	int rc = timeparse_read_format(p, len, fmt, r, why);

	free(p);
	return rc;
}

static const char *
style_name(enum timeparse_style style)
{
	static const char *const names[] = { "auto", "iso", "rfc5322", "dmy",
	    "mdy", "ymd", "epoch", "epoch_ms" };

	return (size_t)style < NELEM(names) ? names[style] : "?";
}

/* Checks one accepted result against what the table says. */
static void
check_result(const char *label, const char *in, int rc, const char *why,
    const struct timeparse_result *r, const char *local, int kind,
    int offset)
{
	ok(rc == 0, "%s \"%s\" accepted%s%s", label, in,
	    rc == 0 ? "" : ": ", rc != 0 && why != NULL ? why : "");
	if (rc != 0)
		return;
	ok(r->local_ms == ts_ms(local) && r->has_offset == (kind != NO) &&
	    r->offset_seconds == (kind == OFF ? offset : 0) &&
	    r->offset_unknown == (kind == UNK) && r->is_epoch == (kind == EPO),
	    "%s \"%s\" is %s offset %d (got %lld has %d offset %d unknown %d "
	    "epoch %d)", label, in, local, kind == OFF ? offset : 0,
	    (long long)(r->local_ms - ts_ms(local)), r->has_offset,
	    r->offset_seconds, r->offset_unknown, r->is_epoch);
}

static void
test_good(void)
{
	struct timeparse_result r, a;
	const char *why, *awhy;
	size_t i, agree = 0, tried = 0;
	int rc;

	for (i = 0; i < NELEM(good); i++) {
		why = NULL;
		rc = parse(good[i].style, good[i].in, &r, &why);
		check_result(style_name(good[i].style), good[i].in, rc, why,
		    &r, good[i].local, good[i].kind, good[i].offset);
		/* AUTO reads every year-first and RFC 5322 text alike. */
		if (rc != 0 || (good[i].style != TIMEPARSE_ISO &&
		    good[i].style != TIMEPARSE_RFC5322 &&
		    good[i].style != TIMEPARSE_YMD))
			continue;
		tried++;
		if (parse(TIMEPARSE_AUTO, good[i].in, &a, &awhy) == 0 &&
		    memcmp(&a, &r, sizeof(r)) == 0)
			agree++;
		else
			diag("auto differs on \"%s\"", good[i].in);
	}
	is_int(agree, tried, "auto agrees on the %zu iso, ymd and rfc5322 "
	    "texts", tried);
}

static void
test_bad(void)
{
	struct timeparse_result r;
	const char *why;
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		memset(&r, 0x5a, sizeof(r));
		why = NULL;
		is_int(parse(bad[i].style, bad[i].in, &r, &why), -1,
		    "%s rejects \"%s\"", style_name(bad[i].style), bad[i].in);
		is_str(why, bad[i].why, "%s \"%s\" reason",
		    style_name(bad[i].style), bad[i].in);
		r.local_ms ^= INT64_C(0x5a5a5a5a5a5a5a5a);
		ok(r.local_ms == 0 && r.has_offset == 0x5a5a5a5a,
		    "%s \"%s\" leaves the result alone",
		    style_name(bad[i].style), bad[i].in);
	}
}

/* The issue's two RFC 3339 texts, and other spellings, agree. */
static void
test_same_instant(void)
{
	struct timeparse_result r;
	const char *why;
	int64_t utc;
	size_t i;

	for (i = 0; i < NELEM(same); i++) {
		if (!ok(parse(same[i].style, same[i].in, &r, &why) == 0,
		    "%s \"%s\" accepted", style_name(same[i].style),
		    same[i].in)) {
			diag("%s", why);
			continue;
		}
		is_int(timeparse_to_utc(&r, &utc), 0, "\"%s\" has an offset",
		    same[i].in);
		is_int(utc, ts_ms(same[i].utc), "\"%s\" is %s", same[i].in,
		    same[i].utc);
		is_int(r.local_ms - (int64_t)r.offset_seconds * 1000,
		    ts_ms(same[i].utc), "\"%s\": local_ms - offset * 1000",
		    same[i].in);
	}
	ok(parse(TIMEPARSE_ISO, "2024-02-06 17:53:19", &r, &why) == 0 &&
	    timeparse_to_utc(&r, &utc) == -1, "no offset: timeparse_utc fails");
}

static void
test_format(void)
{
	struct timeparse_result r;
	const char *why;
	size_t i;

	for (i = 0; i < NELEM(fgood); i++) {
		why = NULL;
		check_result(fgood[i].fmt, fgood[i].in,
		    parse_format(fgood[i].fmt, fgood[i].in, &r, &why), why,
		    &r, fgood[i].local, fgood[i].kind, fgood[i].offset);
	}
	for (i = 0; i < NELEM(fbad); i++) {
		memset(&r, 0x5a, sizeof(r));
		why = NULL;
		is_int(parse_format(fbad[i].fmt, fbad[i].in, &r, &why), -1,
		    "\"%s\" rejects \"%s\"", fbad[i].fmt, fbad[i].in);
		is_str(why, fbad[i].why, "\"%s\" \"%s\" reason", fbad[i].fmt,
		    fbad[i].in);
		ok(r.has_offset == 0x5a5a5a5a,
		    "\"%s\" \"%s\" leaves the result alone", fbad[i].fmt,
		    fbad[i].in);
	}
	for (i = 0; i < NELEM(cbad); i++) {
		why = NULL;
		is_int(timeparse_check_format(cbad[i].fmt, &why), -1,
		    "check rejects \"%s\"", cbad[i].fmt);
		is_str(why, cbad[i].why, "check \"%s\" reason", cbad[i].fmt);
		why = NULL;
		is_int(parse_format(cbad[i].fmt, "2024-02-06", &r, &why), -1,
		    "parsing with \"%s\" fails", cbad[i].fmt);
		is_str(why, cbad[i].why, "parsing with \"%s\": the format's "
		    "reason", cbad[i].fmt);
	}
	for (i = 0; i < NELEM(cgood); i++) {
		why = NULL;
		ok(timeparse_check_format(cgood[i], &why) == 0,
		    "check accepts \"%s\"%s%s", cgood[i], why ? ": " : "",
		    why ? why : "");
	}
}

/* Only len bytes are read: what follows them never matters. */
static void
test_length(void)
{
	struct timeparse_result r;
	const char *why;
	char *p;

	is_int(timeparse_read("2024-02-06T17:53:19Zjunk", 20, TIMEPARSE_ISO, &r,
	    &why), 0, "len stops before the junk");
	is_int(r.local_ms, ts_ms("2024-02-06T17:53:19.000Z"), "value");
	is_int(timeparse_read("1709546400999", 10, TIMEPARSE_AUTO, &r, &why), 0,
	    "10 of 13 digits are epoch seconds");
	ok(r.is_epoch && r.local_ms == INT64_C(1709546400000), "value");
	is_int(timeparse_read("2024-02-06T17:53:19Z\0", 21, TIMEPARSE_ISO, &r,
	    &why), -1, "a NUL inside len is text");
	is_str(why, TRAILING, "NUL reason");
	is_int(timeparse_read("1709546400\0", 11, TIMEPARSE_EPOCH_S, &r,
	    &why), -1, "a NUL after epoch digits");
	is_str(why, EPOCH_S, "NUL reason");
	is_int(timeparse_read(NULL, 0, TIMEPARSE_AUTO, &r, &why), -1,
	    "NULL and 0 bytes");
	is_str(why, EMPTY, "NULL reason");
	/* Every prefix of a long RFC 5322 date, each in its own buffer. */
	{
		static const char full[] = "(x) Tue, 06 Feb 2024 17:53:19 "
		    "+0100 (CET \\) x)";
		size_t n, good_prefixes = 0;

		for (n = 0; n <= strlen(full); n++) {
			p = exact_copy(full, n);
			if (timeparse_read(p, n, TIMEPARSE_RFC5322, &r,
			    &why) == 0)
				good_prefixes++;
			free(p);
		}
		/* "... 17:53", "... 17:53:19", "... +0100", each also with
		   the space after it, and the whole. */
		is_int(good_prefixes, 6, "prefixes of an RFC 5322 date that "
		    "parse");
	}
	ok(timeparse_read("x", 1, (enum timeparse_style)99, &r, &why) == -1 &&
	    why != NULL, "an unknown style is refused");
}

/* timeparse_read() of n bytes of buf, the reason left in *why. */
static int
rd(enum timeparse_style style, const char *buf, int n,
    struct timeparse_result *r, const char **why)
{
	return timeparse_read(buf, (size_t)n, style, r, why);
}

/* A weekday name for day number d (1970-01-01 was a Thursday). */
static const char *
weekday_of(int64_t d)
{
	static const char *const names[] = { "Thu", "Fri", "Sat", "Sun", "Mon",
	    "Tue", "Wed" };

	return names[((d % 7) + 7) % 7];
}

/*
 * Across the calendar: the canonical ts, RFC 3339 with an offset, RFC 5322
 * with its weekday (and the next weekday, rejected), day-first and
 * month-first 12-hour texts, and epoch numbers all give the instant
 * timefmt gives.
 */
static void
test_round_trip(void)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct timeparse_result r;
	char ts[TIMEFMT_TS_LEN + 1], buf[128];
	const char *why;
	int64_t ms, utc, day, rest;
	int y, m, d, hh, mi, ss, milli, off, n, bad_n[7] = { 0 };
	size_t k, count = 0;

	for (k = 0; k < 40000; k++) {
		/* 1900-01-01 to about 2100, 1.9 days and some ms apart. */
		ms = INT64_C(-2208988800000) + (int64_t)k * INT64_C(163987321);
		day = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
		rest = ms - day * 86400000;
		timefmt_civil_from_days(day, &y, &m, &d);
		hh = (int)(rest / 3600000);
		mi = (int)(rest / 60000 % 60);
		ss = (int)(rest / 1000 % 60);
		milli = (int)(rest % 1000);
		off = ((int)(k % 57) - 28) * 1800;	/* -14:00 .. +14:00 */
		count++;

		timefmt_format_ts(ms, ts);
		if (rd(TIMEPARSE_AUTO, ts, TIMEFMT_TS_LEN, &r, &why) != 0 ||
		    r.local_ms != ms || r.offset_seconds != 0 ||
		    !r.has_offset) {
			if (bad_n[0]++ == 0)
				diag("canonical %s", ts);
		}

		n = snprintf(buf, sizeof(buf),
		    "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d", y, m, d,
		    hh, mi, ss, milli, off < 0 ? '-' : '+', abs(off) / 3600,
		    abs(off) / 60 % 60);
		if (rd(TIMEPARSE_ISO, buf, n, &r, &why) != 0 ||
		    timeparse_to_utc(&r, &utc) != 0 ||
		    utc != ms - (int64_t)off * 1000) {
			if (bad_n[1]++ == 0)
				diag("rfc3339 %s", buf);
		}

		n = snprintf(buf, sizeof(buf), "%s, %d %s %04d %02d:%02d:%02d "
		    "%c%02d%02d", weekday_of(day), d, mon[m - 1], y, hh, mi, ss,
		    off < 0 ? '-' : '+', abs(off) / 3600, abs(off) / 60 % 60);
		if (rd(TIMEPARSE_AUTO, buf, n, &r, &why) != 0 ||
		    timeparse_to_utc(&r, &utc) != 0 ||
		    utc != ms - milli - (int64_t)off * 1000) {
			if (bad_n[2]++ == 0)
				diag("rfc5322 %s", buf);
		}
		n = snprintf(buf, sizeof(buf), "%s, %d %s %04d %02d:%02d:%02d "
		    "+0000", weekday_of(day + 1 + (int64_t)(k % 6)), d,
		    mon[m - 1], y, hh, mi, ss);
		if (rd(TIMEPARSE_RFC5322, buf, n, &r, &why) != -1 ||
		    strcmp(why, WEEKDAY) != 0) {
			if (bad_n[3]++ == 0)
				diag("wrong weekday accepted: %s", buf);
		}

		n = snprintf(buf, sizeof(buf), "%d/%d/%04d, %d:%02d:%02d%s%s",
		    d, m, y, hh % 12 == 0 ? 12 : hh % 12, mi, ss,
		    k % 2 ? NNBSP : " ", hh < 12 ? "AM" : "PM");
		if (rd(TIMEPARSE_DMY, buf, n, &r, &why) != 0 ||
		    r.local_ms != ms - milli || r.has_offset) {
			if (bad_n[4]++ == 0)
				diag("dmy %s", buf);
		}
		n = snprintf(buf, sizeof(buf), "%02d-%02d-%02d %02d:%02d:%02d",
		    m, d, y % 100, hh, mi, ss);
		if (y >= 1950 && y <= 2049 &&
		    (rd(TIMEPARSE_MDY, buf, n, &r, &why) != 0 ||
		    r.local_ms != ms - milli)) {
			if (bad_n[5]++ == 0)
				diag("mdy %s", buf);
		}

		n = snprintf(buf, sizeof(buf), "%lld.%03d",
		    (long long)((ms - milli) / 1000), milli);
		if (ms >= 0 && (rd(TIMEPARSE_EPOCH_S, buf, n, &r, &why) != 0 ||
		    r.local_ms != ms)) {
			if (bad_n[6]++ == 0)
				diag("epoch %s", buf);
		}
	}
	is_int(bad_n[0], 0, "%zu canonical ts read back by auto", count);
	is_int(bad_n[1], 0, "%zu RFC 3339 texts with offsets", count);
	is_int(bad_n[2], 0, "%zu RFC 5322 texts with weekdays and zones",
	    count);
	is_int(bad_n[3], 0, "%zu RFC 5322 texts with a wrong weekday rejected",
	    count);
	is_int(bad_n[4], 0, "%zu day-first 12-hour texts", count);
	is_int(bad_n[5], 0, "%zu month-first 2-digit-year texts", count);
	is_int(bad_n[6], 0, "%zu epoch seconds with milliseconds", count);
}

/*
 * Mutations and random texts: every call returns 0 or -1, a rejection
 * always has a reason, an acceptance is a time within years 0000..9999.
 */
static void
test_mutations(void)
{
	static const char *const seeds[] = {
		"2024-02-06T17:53:19.1234+01:00",
		"Tue, 06 Feb 2024 17:53:19 +0100 (CET)",
		"(a (b) \\) c) 6 Feb 24 17:53 GMT+0100",
		"13/06/2018 \xe4\xb8\x8b\xe5\x8d\x88" "9:25",
		"3/9/24, 4:02:11" NNBSP "p." NBSP "m.",
		"1709546400.123456", "1709546400123",
	};
	static const char pool[] = "0123456789:/-.,+ TZzAPMapm()\\\t\r\n"
	    "GMTUESTFebMonJ\xc2\xa0\xe2\x80\xaf\xe4\xb8\x8b";
	static const char *const fmts[] = { "%F %T.%f%z", "%d/%m/%y %I:%M %p",
	    "%a %b %e %T %Y %Z", "%Y-%j" };
	struct timeparse_result r;
	char buf[64];
	const char *why;
	uint32_t seed = 12345;
	size_t i, j, n, calls = 0, accepted = 0, no_reason = 0, wild = 0;
	int style, rc;
	char *p;

	for (i = 0; i < 60000; i++) {
		const char *s = seeds[i % NELEM(seeds)];

		n = strlen(s);
		memcpy(buf, s, n);
		/* A few random edits: replace, delete or insert a byte. */
		for (j = 0; j < 1 + i % 3; j++) {
			size_t at;

			seed = seed * 1103515245u + 12345u;
			at = (seed >> 8) % (n + 1);
			switch ((seed >> 4) % 3) {
			case 0:
				if (at < n)
					buf[at] = pool[(seed >> 16) %
					    (sizeof(pool) - 1)];
				break;
			case 1:
				if (at < n) {
					memmove(buf + at, buf + at + 1,
					    n - at - 1);
					n--;
				}
				break;
			default:
				if (n < sizeof(buf)) {
					memmove(buf + at + 1, buf + at, n - at);
					buf[at] = pool[(seed >> 16) %
					    (sizeof(pool) - 1)];
					n++;
				}
			}
		}
		for (style = TIMEPARSE_AUTO; style <= TIMEPARSE_EPOCH_MS +
		    (int)NELEM(fmts); style++) {
			p = exact_copy(buf, n);
			why = NULL;
			memset(&r, 0, sizeof(r));
			rc = style <= TIMEPARSE_EPOCH_MS ?
			    timeparse_read(p, n, (enum timeparse_style)style,
			    &r, &why) :
			    timeparse_read_format(p, n,
			    fmts[style - TIMEPARSE_EPOCH_MS - 1], &r, &why);
			free(p);
			calls++;
			if (rc == 0) {
				accepted++;
				if (r.local_ms < INT64_C(-62167219200000) ||
				    r.local_ms > INT64_C(253402300799999) ||
				    r.offset_seconds <= -86400 ||
				    r.offset_seconds >= 86400)
					wild++;
			} else if (rc != -1 || why == NULL || *why == '\0')
				no_reason++;
		}
	}
	diag("%zu calls on mutated texts, %zu accepted", calls, accepted);
	is_int(no_reason, 0, "every rejection of a mutated text has a reason");
	is_int(wild, 0, "every acceptance is within years 0000..9999");
	ok(accepted > 1000 && accepted < calls, "mutations both pass and fail");
}

static void
test_names(void)
{
	static const struct {
		const char *name;
		enum timeparse_style style;
	} names[] = {
		{ "auto", TIMEPARSE_AUTO }, { "iso", TIMEPARSE_ISO },
		{ "rfc5322", TIMEPARSE_RFC5322 }, { "dmy", TIMEPARSE_DMY },
		{ "mdy", TIMEPARSE_MDY }, { "ymd", TIMEPARSE_YMD },
		{ "epoch", TIMEPARSE_EPOCH_S },
		{ "epoch_ms", TIMEPARSE_EPOCH_MS },
	};
	enum timeparse_style style;
	size_t i;

	for (i = 0; i < NELEM(names); i++)
		ok(timeparse_style_from_name(names[i].name, &style) == 0 &&
		    style == names[i].style, "style \"%s\"", names[i].name);
	ok(timeparse_style_from_name("DMY", &style) == -1 &&
	    timeparse_style_from_name("", &style) == -1 &&
	    timeparse_style_from_name("rfc3339", &style) == -1,
	    "unknown style names are refused");
}

int
main(void)
{
	test_good();
	test_bad();
	test_same_instant();
	test_format();
	test_length();
	test_round_trip();
	test_mutations();
	test_names();
	return done_testing();
}
