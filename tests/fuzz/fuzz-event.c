/*
 * fuzz-event.c - libFuzzer entry for event validation (lib/event.c).
 *
 * Invariants checked beyond the sanitizers': a rejection has a non-empty
 * reason and an offset inside the line (or EVENT_NO_OFFSET); an accepted
 * line has its required fields, a ts that formats back to its own 24 bytes
 * and that event_ts_of_valid_line() finds again, enumerated fields holding
 * one of their listed values, numeric fields whose value is finite, within
 * their range and the value of their text, and spans inside the line.
 * Each input is also read as one JSON number by scan_number_value(), the
 * reader of the numeric fields, whose value must be strtod()'s (glibc's
 * is correctly rounded at any length).  See tests/fuzz/README.
 *
 * SOURCES: lib/event.c lib/scan.c lib/timefmt.c lib/util.c
 * OPTIONS: -max_len=2048 -dict=tests/fuzz/json.dict
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "timefmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static struct event_view ev;
static int ready;

/* A number that scan_number_value() reads has strtod()'s value. */
static void
number_as_strtod(const char *text, size_t size)
{
	char *copy;
	double v, w;

	if (scan_number_value(text, size, &v) != 0) {
		CHECK(isnan(v));
		return;
	}
	copy = malloc(size + 1);
	memcpy(copy, text, size);
	copy[size] = '\0';
	w = strtod(copy, NULL);
	CHECK(v == w && signbit(v) == signbit(w));
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct event_error err;
	char *line = malloc(size ? size : 1);
	char ts[TIMEFMT_TS_LEN + 1];
	const char *const *v;
	const struct scan_member *m;
	int64_t ms;
	int f, r, found;

	if (!ready) {
		event_view_init(&ev);
		ready = 1;
	}
	memcpy(line, data, size);
	number_as_strtod(line, size);
	memset(&err, 0, sizeof(err));
	r = event_parse(&ev, line, size, &err);
	if (r != 0) {
		CHECK(r == -1);
		CHECK(memchr(err.reason, '\0', sizeof(err.reason)) != NULL);
		CHECK(err.reason[0] != '\0');
		CHECK(err.offset == EVENT_NO_OFFSET || err.offset <= size);
		free(line);
		return 0;
	}
	CHECK(ev.field[EVENT_ID] != NULL && ev.field[EVENT_TS] != NULL &&
	    ev.field[EVENT_CHANNEL] != NULL &&
	    ev.field[EVENT_DIRECTION] != NULL);
	CHECK(ev.field[EVENT_ID]->type == SCAN_STRING &&
	    ev.field[EVENT_ID]->value_len > 0);
	m = ev.field[EVENT_TS];
	CHECK(m->value_len == TIMEFMT_TS_LEN);
	CHECK(timefmt_format_ts(ev.ts_ms, ts) == 0);
	CHECK(memcmp(ts, m->value, TIMEFMT_TS_LEN) == 0);
	CHECK(event_ts_of_valid_line(line, size, &ms) == 0 && ms == ev.ts_ms);
	for (f = 0; f < EVENT_FIELD_COUNT; f++) {
		if ((m = ev.field[f]) == NULL)
			continue;
		CHECK(m->type != SCAN_NULL);
		CHECK(m->value >= line && m->value_len <= size &&
		    m->value + m->value_len <= line + size);
		CHECK(scan_key_equals(m, event_field_name((enum event_field)f),
		    strlen(event_field_name((enum event_field)f))));
		if (f == EVENT_DURATION || f == EVENT_WAIT ||
		    f == EVENT_RATING) {
			const char *why;
			double x, y = event_number(&ev, (enum event_field)f,
			    NAN);

			CHECK(m->type == SCAN_NUMBER);
			CHECK(scan_number_value(m->value, m->value_len, &x) ==
			    0);
			CHECK(x == y && isfinite(y) && !signbit(y));
			CHECK(event_check_number((enum event_field)f, y,
			    &why) == 0);
		}
		if ((v = event_field_values((enum event_field)f)) == NULL)
			continue;
		CHECK(m->type == SCAN_STRING);
		for (found = 0; *v != NULL; v++)
			found |= strlen(*v) == m->value_len &&
			    memcmp(*v, m->value, m->value_len) == 0;
		CHECK(found);
	}
	free(line);
	return 0;
}
