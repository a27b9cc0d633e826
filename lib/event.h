/*
 * event.h - the canonical event, version 1 (DESIGN section 2; canal-event(5)
 * is its written form): field names, enumerations, and validation of one
 * JSON line without building a tree.
 */
#ifndef CANAL_EVENT_H
#define CANAL_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "scan.h"

enum event_field {
	EVENT_ID, EVENT_TS, EVENT_CHANNEL, EVENT_SOURCE, EVENT_DIRECTION,
	EVENT_ACTOR, EVENT_TYPE, EVENT_OUTCOME, EVENT_STATUS, EVENT_VISIBILITY,
	EVENT_IDS, EVENT_CUSTOMER, EVENT_AGENT, EVENT_CONVERSATION, EVENT_CASE,
	EVENT_DURATION, EVENT_WAIT, EVENT_RATING, EVENT_SUBJECT, EVENT_TEXT,
	EVENT_INTENT, EVENT_STAGE, EVENT_QUEUE, EVENT_PRIORITY, EVENT_TAGS,
	EVENT_SRC,
	EVENT_FIELD_COUNT
};

/*
 * What one line holds: spans into the line, valid until the next parse.
 * Initialise with event_view_init(), reuse for every line, free at the end.
 */
struct event_view {
	int64_t ts_ms;		/* ts in milliseconds since the epoch */
	/* The schema's fields present and not null, else NULL; borrowed
	   pointers into members. */
	const struct scan_member *field[EVENT_FIELD_COUNT];
	struct scan_object members;	/* every top-level member */
	const char *line;	/* the line parsed (borrowed) and its length */
	size_t len;
	struct scan_object nested;	/* scratch for ids and tags */
	/* The values of the numeric fields (duration, wait, rating) present,
	   read once by event_parse(): see event_number(). */
	double number[EVENT_FIELD_COUNT];
};

/*
 * The largest duration or wait accepted, in seconds: ten years of 365
 * days.  One call's talk time or queue time beyond it is not a measure
 * but a unit mistake or a sentinel (2147483647, 9999999999); below it,
 * ts + wait in milliseconds stays exact in an int64_t and in a double, and
 * sums of a billion of them stay finite.
 */
#define EVENT_MAX_SECONDS 315360000.0

#define EVENT_NO_OFFSET ((size_t)-1)

struct event_error {
	size_t offset;		/* byte offset in the line, or EVENT_NO_OFFSET */
	char reason[160];	/* e.g. field "ts": month out of range */
};

/** The field's name, e.g. "conversation". */
const char *event_field_name(enum event_field f);

/**
 * NULL-terminated list of the values a field may take, or NULL when the
 * field is not an enumeration.
 */
const char *const *event_field_values(enum event_field f);

/**
 * Parses and validates line[0..len) as a canonical event: one JSON object
 * (scan.h), required id, ts, channel and direction, every known field of its
 * type and, for enumerations, one of its values; numbers within the range
 * event_check_number() allows (1e999, which no double holds and no JSON
 * writer can write back, is rejected).  Unknown fields are
 * allowed; a known optional field may be null (absent).  ev's spans point
 * into line.  Returns 0, or -1 with *err.
 */
int event_parse(struct event_view *ev, const char *line, size_t len,
    struct event_error *err);

/**
 * The value of the numeric field f (EVENT_DURATION, EVENT_WAIT,
 * EVENT_RATING) of the line event_parse() last accepted into ev, or dflt
 * when the field is absent or null.  Always finite and within the range
 * event_check_number() allows; -0 reads as 0.
 */
double event_number(const struct event_view *ev, enum event_field f,
    double dflt);

/**
 * Checks the value v of the numeric field f: a finite number of seconds
 * from 0 to EVENT_MAX_SECONDS for EVENT_DURATION and EVENT_WAIT, from 1 to
 * 5 for EVENT_RATING; any other field is not numeric.  Returns 0, or -1
 * with *why set to a static reason ("must be a finite number", "must not
 * be negative", "must be at most 315360000 (ten years)", "must be from 1
 * to 5", "is not a numeric field").  For the programs that write events
 * (canal-normalize), so that they write only what the readers accept.
 */
int event_check_number(enum event_field f, double v, const char **why);

void event_view_init(struct event_view *ev);
void event_view_free(struct event_view *ev);

/**
 * Finds the top-level "ts" of a line that event_parse() accepted before and
 * returns its time, without validating the rest again.  Returns 0, or -1
 * when the line no longer holds a valid ts.
 */
int event_ts_of_valid_line(const char *line, size_t len, int64_t *ts_ms);

#endif
