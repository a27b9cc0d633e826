/*
 * timefmt.c - canonical UTC timestamps without the C library's time zone
 * machinery.  The day arithmetic is the well-known era-based conversion
 * between civil dates and day numbers (see H. Hinnant, "chrono-Compatible
 * Low-Level Date Algorithms").
 */
#include "timefmt.h"

#include <stdio.h>

int64_t
timefmt_days_from_civil(int year, int month, int day)
{
	int64_t y = year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
timefmt_civil_from_days(int64_t days, int *year, int *month, int *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;

	*year = (int)(yoe + era * 400 + (m <= 2));
	*month = (int)m;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
}

int
timefmt_days_in_month(int year, int month)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 ? 28 + leap : days[month - 1];
}

/* Reads n digits at s; -1 if any is not a digit. */
static int
digits(const char *s, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	return v;
}

int
timefmt_parse_ts(const char *s, size_t len, int64_t *ms, const char **why)
{
	int year, month, day, hour, min, sec, milli;

	if (len != TIMEFMT_TS_LEN) {
		*why = "not of the form YYYY-MM-DDTHH:MM:SS.mmmZ (24 characters, UTC)";
		return -1;
	}
	if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != '.' || s[23] != 'Z') {
		*why = "not of the form YYYY-MM-DDTHH:MM:SS.mmmZ (24 characters, UTC)";
		return -1;
	}
	year = digits(s, 4);
	month = digits(s + 5, 2);
	day = digits(s + 8, 2);
	hour = digits(s + 11, 2);
	min = digits(s + 14, 2);
	sec = digits(s + 17, 2);
	milli = digits(s + 20, 3);
	if (year < 0 || month < 0 || day < 0 || hour < 0 || min < 0 ||
	    sec < 0 || milli < 0) {
		*why = "not of the form YYYY-MM-DDTHH:MM:SS.mmmZ (24 characters, UTC)";
		return -1;
	}
	if (month < 1 || month > 12) {
		*why = "month out of range";
		return -1;
	}
	if (day < 1 || day > timefmt_days_in_month(year, month)) {
		*why = "day out of range for its month";
		return -1;
	}
	if (hour > 23 || min > 59 || sec > 59) {
		*why = "time of day out of range";
		return -1;
	}
	*ms = ((timefmt_days_from_civil(year, month, day) * 24 + hour) * 60 +
	    min) * 60000 + (int64_t)sec * 1000 + milli;
	return 0;
}

static void
put_digits(char *s, int v, int n)
{
	while (n-- > 0) {
		s[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

int
timefmt_format_ts(int64_t ms, char buf[TIMEFMT_TS_LEN + 1])
{
	int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
	int64_t rest = ms - days * 86400000;
	int year, month, day;

	timefmt_civil_from_days(days, &year, &month, &day);
	if (year < 0 || year > 9999)
		return -1;
	put_digits(buf, year, 4);
	buf[4] = '-';
	put_digits(buf + 5, month, 2);
	buf[7] = '-';
	put_digits(buf + 8, day, 2);
	buf[10] = 'T';
	put_digits(buf + 11, (int)(rest / 3600000), 2);
	buf[13] = ':';
	put_digits(buf + 14, (int)(rest / 60000 % 60), 2);
	buf[16] = ':';
	put_digits(buf + 17, (int)(rest / 1000 % 60), 2);
	buf[19] = '.';
	put_digits(buf + 20, (int)(rest % 1000), 3);
	buf[23] = 'Z';
	buf[24] = '\0';
	return 0;
}

int
timefmt_parse_day(const char *s, size_t n, int64_t *day)
{
	int y, m, d;

	if (n != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 ||
	    d < 1 || d > timefmt_days_in_month(y, m))
		return -1;
	*day = timefmt_days_from_civil(y, m, d);
	return 0;
}
