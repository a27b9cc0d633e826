/*
 * test-metrics-numbers.c - the numbers of events in metrics: an answered
 * call's FRT is its wait in whole milliseconds, rounded to the nearest
 * (never truncated), up to the largest wait canal-event(5) allows; handle
 * time and speed of answer are the event's numbers, however long their
 * text.  The largest wait used to be cast beyond int64_t from 1e16 on
 * (UBSan float-cast-overflow); it is now rejected by event_parse(), and
 * every accepted wait gives a finite, exact FRT.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "metrics.h"
#include "unit.h"

/* An answered inbound call with these wait and duration texts. */
static void
call(char *line, size_t cap, const char *id, const char *wait,
    const char *duration)
{
	snprintf(line, cap, "{\"id\":\"%s\",\"ts\":\"2026-11-23T09:14:02.000Z\","
	    "\"channel\":\"phone\",\"direction\":\"in\",\"actor\":\"customer\","
	    "\"type\":\"call\",\"outcome\":\"answered\",\"conversation\":\"%s\","
	    "\"wait\":%s,\"duration\":%s}", id, id, wait, duration);
}

/* The FRT, speed of answer and handle time of one answered call. */
static int
one_call(const char *wait, const char *duration, double *frt,
    double *speed, double *handle)
{
	struct metrics_options o;
	struct metrics_row *rows;
	struct event_view ev;
	struct event_error err;
	struct metrics *m;
	struct stats_summary s;
	size_t n, len = 512 + strlen(wait) + strlen(duration);
	char *line = malloc(len);
	int r;

	memset(&o, 0, sizeof(o));
	o.callback_ms = 24 * 3600 * 1000;
	m = metrics_new(&o);
	event_view_init(&ev);
	call(line, len, "c1", wait, duration);
	if ((r = event_parse(&ev, line, strlen(line), &err)) == 0) {
		metrics_add(m, &ev);
		metrics_finish(m, &rows, &n);
		stats_summarize(&rows[0].dur[DUR_FRT], STATS_LINEAR, &s);
		*frt = s.max;
		stats_summarize(&rows[0].dur[DUR_SPEED_OF_ANSWER],
		    STATS_LINEAR, &s);
		*speed = s.max;
		stats_summarize(&rows[0].dur[DUR_HANDLE], STATS_LINEAR, &s);
		*handle = s.max;
	} else
		diag("%s", err.reason);
	event_view_free(&ev);
	metrics_free(m);
	free(line);
	return r;
}

int
main(void)
{
	static const struct {
		const char *wait, *duration;
		double frt, speed, handle;
	} cases[] = {
		{ "18", "312", 18, 18, 312 },
		/* 1.005 * 1000 is 1004.999...: truncated, 1.004 */
		{ "18.005", "1", 18.005, 18.005, 1 },
		{ "1.005", "1", 1.005, 1.005, 1 },
		{ "0.0004", "0", 0, 0.0004, 0 },
		{ "0.0005", "0", 0.001, 0.0005, 0 },
		{ "1E+2", "1e2", 100, 100, 100 },
		{ "0.1e-400", "-0", 0, 0, 0 },
		{ "315360000", "315360000", 315360000, 315360000, 315360000 },
		{ "315359999.999", "3.1536e8", 315359999.999, 315359999.999,
		  315360000 },
	};
	double frt, speed, handle;
	char *wait;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		frt = speed = handle = NAN;
		is_int(one_call(cases[i].wait, cases[i].duration, &frt, &speed,
		    &handle), 0, "wait %s accepted", cases[i].wait);
		if (!ok(frt == cases[i].frt, "wait %s: FRT %.3f",
		    cases[i].wait, cases[i].frt))
			diag("got %.17g", frt);
		if (!ok(speed == cases[i].speed && handle == cases[i].handle,
		    "wait %s: speed of answer and handle", cases[i].wait))
			diag("got %.17g and %.17g", speed, handle);
	}

	/* 18 written with 100 digits: the metrics used to read any number
	   of 64 bytes or more as 0. */
	wait = malloc(104);
	memcpy(wait, "18.", 3);
	memset(wait + 3, '0', 100);
	wait[103] = '\0';
	frt = speed = handle = NAN;
	is_int(one_call(wait, wait, &frt, &speed, &handle), 0,
	    "wait of 103 digits accepted");
	ok(frt == 18 && speed == 18 && handle == 18,
	    "wait of 103 digits: 18 (got %g, %g, %g)", frt, speed, handle);
	free(wait);

	/* Beyond the range: rejected before metrics see them. */
	is_int(one_call("1e16", "1", &frt, &speed, &handle), -1,
	    "wait 1e16 rejected");
	is_int(one_call("1e999", "1", &frt, &speed, &handle), -1,
	    "wait 1e999 rejected");
	is_int(one_call("1", "315360000.5", &frt, &speed, &handle), -1,
	    "duration beyond ten years rejected");
	return done_testing();
}
