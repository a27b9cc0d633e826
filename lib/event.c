/*
 * event.c - validation of canonical events, version 1.  The enumerations
 * and number ranges here are the ones canal-event(5) documents; change
 * both together.  Numbers are read once, here (scan_number_value(): the
 * nearest double, whatever their length), so that every program computes
 * with the value that was checked.
 */
#include "event.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timefmt.h"

enum kind { K_STRING, K_ID, K_TS, K_ENUM, K_NUMBER, K_IDS, K_TAGS,
    K_OBJECT };

static const char *const channels[] = { "phone", "email", "chat",
    "messaging", "sms", "social", "webform", "video", "postal", "in_person",
    "other", NULL };
static const char *const directions[] = { "in", "out", "internal", NULL };
static const char *const actors[] = { "customer", "agent", "bot", "system",
    NULL };
static const char *const types[] = { "message", "call", "form", "visit",
    "letter", "note", "status", "handoff", "csat", NULL };
static const char *const outcomes[] = { "answered", "missed", "abandoned",
    "busy", "failed", "voicemail", NULL };
static const char *const statuses[] = { "open", "pending", "resolved",
    "closed", "reopened", NULL };
static const char *const visibilities[] = { "public", "private", NULL };
static const char *const stages[] = { "awareness", "consideration",
    "purchase", "post_purchase", NULL };

static const struct field_spec {
	const char *name;
	unsigned char name_len;
	enum kind kind;
	int required;
	const char *const *values;
} specs[EVENT_FIELD_COUNT] = {
	[EVENT_ID] = { "id", 2, K_ID, 1, NULL },
	[EVENT_TS] = { "ts", 2, K_TS, 1, NULL },
	[EVENT_CHANNEL] = { "channel", 7, K_ENUM, 1, channels },
	[EVENT_SOURCE] = { "source", 6, K_STRING, 0, NULL },
	[EVENT_DIRECTION] = { "direction", 9, K_ENUM, 1, directions },
	[EVENT_ACTOR] = { "actor", 5, K_ENUM, 0, actors },
	[EVENT_TYPE] = { "type", 4, K_ENUM, 0, types },
	[EVENT_OUTCOME] = { "outcome", 7, K_ENUM, 0, outcomes },
	[EVENT_STATUS] = { "status", 6, K_ENUM, 0, statuses },
	[EVENT_VISIBILITY] = { "visibility", 10, K_ENUM, 0, visibilities },
	[EVENT_IDS] = { "ids", 3, K_IDS, 0, NULL },
	[EVENT_CUSTOMER] = { "customer", 8, K_STRING, 0, NULL },
	[EVENT_AGENT] = { "agent", 5, K_STRING, 0, NULL },
	[EVENT_CONVERSATION] = { "conversation", 12, K_STRING, 0, NULL },
	[EVENT_CASE] = { "case", 4, K_STRING, 0, NULL },
	[EVENT_DURATION] = { "duration", 8, K_NUMBER, 0, NULL },
	[EVENT_WAIT] = { "wait", 4, K_NUMBER, 0, NULL },
	[EVENT_RATING] = { "rating", 6, K_NUMBER, 0, NULL },
	[EVENT_SUBJECT] = { "subject", 7, K_STRING, 0, NULL },
	[EVENT_TEXT] = { "text", 4, K_STRING, 0, NULL },
	[EVENT_INTENT] = { "intent", 6, K_STRING, 0, NULL },
	[EVENT_STAGE] = { "stage", 5, K_ENUM, 0, stages },
	[EVENT_QUEUE] = { "queue", 5, K_STRING, 0, NULL },
	[EVENT_PRIORITY] = { "priority", 8, K_STRING, 0, NULL },
	[EVENT_TAGS] = { "tags", 4, K_TAGS, 0, NULL },
	[EVENT_SRC] = { "src", 3, K_OBJECT, 0, NULL },
};

const char *
event_field_name(enum event_field f)
{
	return specs[f].name;
}

const char *const *
event_field_values(enum event_field f)
{
	return specs[f].values;
}

void
event_view_init(struct event_view *ev)
{
	memset(ev, 0, sizeof(*ev));
	scan_object_init(&ev->members);
	scan_object_init(&ev->nested);
}

void
event_view_free(struct event_view *ev)
{
	scan_object_free(&ev->members);
	scan_object_free(&ev->nested);
}

/*
 * The field a key names, or -1.  Keys are bucketed by their first letter so
 * that a member costs one or two comparisons, not one per field.
 */
static int
field_of(const struct scan_member *m)
{
	static signed char first[26][6];
	static int built;
	const signed char *cand;
	size_t i, k;
	int f;

	if (!built) {
		memset(first, -1, sizeof(first));
		for (f = 0; f < EVENT_FIELD_COUNT; f++) {
			cand = first[specs[f].name[0] - 'a'];
			for (k = 0; cand[k] >= 0; k++)
				;
			first[specs[f].name[0] - 'a'][k] = (signed char)f;
		}
		built = 1;
	}
	if (m->key_escaped) {
		for (f = 0; f < EVENT_FIELD_COUNT; f++)
			if (scan_key_equals(m, specs[f].name,
			    specs[f].name_len))
				return f;
		return -1;
	}
	if (m->key_len == 0 || m->key[0] < 'a' || m->key[0] > 'z')
		return -1;
	cand = first[m->key[0] - 'a'];
	for (i = 0; i < 6 && cand[i] >= 0; i++)
		if (m->key_len == specs[cand[i]].name_len &&
		    memcmp(m->key, specs[cand[i]].name, m->key_len) == 0)
			return cand[i];
	return -1;
}

static int
field_error(struct event_error *err, const char *line,
    const struct scan_member *m, const char *name, const char *what)
{
	err->offset = m != NULL ? (size_t)(m->value - line) : 0;
	if (m != NULL && m->type == SCAN_STRING && err->offset > 0)
		err->offset--;	/* at the opening quote */
	snprintf(err->reason, sizeof(err->reason), "field \"%s\": %s", name,
	    what);
	return -1;
}

static const char *
type_name(enum scan_type t)
{
	switch (t) {
	case SCAN_STRING: return "a string";
	case SCAN_NUMBER: return "a number";
	case SCAN_OBJECT: return "an object";
	case SCAN_ARRAY: return "an array";
	case SCAN_NULL: return "null";
	default: return "a boolean";
	}
}

static int
wrong_type(struct event_error *err, const char *line,
    const struct scan_member *m, const char *name, const char *want)
{
	char what[64];

	snprintf(what, sizeof(what), "must be %s, not %s", want,
	    type_name(m->type));
	return field_error(err, line, m, name, what);
}

static int
is_one_of(const struct scan_member *m, const char *const *values)
{
	size_t n;

	if (m->value_escaped)
		return 0;	/* no enumerated value needs an escape */
	for (; *values != NULL; values++) {
		n = strlen(*values);
		if (n == m->value_len && memcmp(m->value, *values, n) == 0)
			return 1;
	}
	return 0;
}

int
event_check_number(enum event_field f, double v, const char **why)
{
	if (f != EVENT_DURATION && f != EVENT_WAIT && f != EVENT_RATING) {
		*why = "is not a numeric field";
		return -1;
	}
	if (!isfinite(v)) {
		*why = "must be a finite number";
		return -1;
	}
	if (f == EVENT_RATING) {
		if (!(v >= 1 && v <= 5)) {
			*why = "must be from 1 to 5";
			return -1;
		}
		return 0;
	}
	if (!(v >= 0)) {
		*why = "must not be negative";
		return -1;
	}
	if (v > EVENT_MAX_SECONDS) {
		*why = "must be at most 315360000 (ten years)";
		return -1;
	}
	return 0;
}

double
event_number(const struct event_view *ev, enum event_field f, double dflt)
{
	return ev->field[f] != NULL && ev->field[f]->type == SCAN_NUMBER ?
	    ev->number[f] : dflt;
}

/* ids: an object whose members are strings (or null). */
static int
check_ids(struct event_view *ev, const char *line,
    const struct scan_member *m, struct event_error *err)
{
	struct scan_error serr;
	size_t i;

	if (scan_object_parse(&ev->nested, m->value, m->value_len, &serr) != 0)
		return field_error(err, line, m, "ids", serr.reason);
	for (i = 0; i < ev->nested.count; i++) {
		const struct scan_member *id = &ev->nested.members[i];

		if (id->type != SCAN_STRING && id->type != SCAN_NULL)
			return wrong_type(err, line, id, "ids", "an object of strings");
	}
	return 0;
}

/* tags: an array of strings. */
static int
check_tags(struct event_view *ev, const char *line,
    const struct scan_member *m, struct event_error *err)
{
	struct scan_error serr;
	size_t i;

	if (scan_array_parse(&ev->nested, m->value, m->value_len, &serr) != 0)
		return field_error(err, line, m, "tags", serr.reason);
	for (i = 0; i < ev->nested.count; i++)
		if (ev->nested.members[i].type != SCAN_STRING)
			return wrong_type(err, line, &ev->nested.members[i],
			    "tags", "an array of strings");
	return 0;
}

static int
check_field(struct event_view *ev, const char *line, enum event_field f,
    const struct scan_member *m, struct event_error *err)
{
	const struct field_spec *spec = &specs[f];
	const char *why;
	double v;

	switch (spec->kind) {
	case K_STRING:
	case K_ID:
		if (m->type != SCAN_STRING)
			return wrong_type(err, line, m, spec->name, "a string");
		if (spec->kind == K_ID && m->value_len == 0)
			return field_error(err, line, m, spec->name, "is empty");
		return 0;
	case K_TS:
		if (m->type != SCAN_STRING)
			return wrong_type(err, line, m, spec->name, "a string");
		if (timefmt_parse_ts(m->value, m->value_len, &ev->ts_ms,
		    &why) != 0)
			return field_error(err, line, m, spec->name, why);
		return 0;
	case K_ENUM:
		if (m->type != SCAN_STRING)
			return wrong_type(err, line, m, spec->name, "a string");
		if (!is_one_of(m, spec->values))
			return field_error(err, line, m, spec->name,
			    "not one of the values canal-event(5) lists");
		return 0;
	case K_NUMBER:
		if (m->type != SCAN_NUMBER)
			return wrong_type(err, line, m, spec->name, "a number");
		/* The scanner checked the grammar; 1e999 overflows here. */
		if (scan_number_value(m->value, m->value_len, &v) != 0)
			return wrong_type(err, line, m, spec->name, "a number");
		if (event_check_number(f, v, &why) != 0)
			return field_error(err, line, m, spec->name, why);
		ev->number[f] = v + 0.0;	/* -0 is 0 */
		return 0;
	case K_IDS:
		if (m->type != SCAN_OBJECT)
			return wrong_type(err, line, m, spec->name, "an object");
		return check_ids(ev, line, m, err);
	case K_TAGS:
		if (m->type != SCAN_ARRAY)
			return wrong_type(err, line, m, spec->name, "an array");
		return check_tags(ev, line, m, err);
	case K_OBJECT:
		if (m->type != SCAN_OBJECT)
			return wrong_type(err, line, m, spec->name, "an object");
		return 0;
	}
	return 0;
}

int
event_parse(struct event_view *ev, const char *line, size_t len,
    struct event_error *err)
{
	struct scan_error serr;
	const struct scan_member *m;
	size_t i;
	int f;

	memset(ev->field, 0, sizeof(ev->field));
	ev->line = line;
	ev->len = len;
	if (scan_object_parse(&ev->members, line, len, &serr) != 0) {
		err->offset = serr.offset;
		snprintf(err->reason, sizeof(err->reason), "invalid JSON: %s",
		    serr.reason);
		return -1;
	}
	for (i = 0; i < ev->members.count; i++) {
		m = &ev->members.members[i];
		if ((f = field_of(m)) < 0)
			continue;
		if (m->type == SCAN_NULL) {
			if (specs[f].required)
				return field_error(err, line, m, specs[f].name,
				    "is required and must not be null");
			continue;
		}
		if (check_field(ev, line, (enum event_field)f, m, err) != 0)
			return -1;
		ev->field[f] = m;
	}
	for (f = 0; f < EVENT_FIELD_COUNT; f++)
		if (specs[f].required && ev->field[f] == NULL) {
			err->offset = EVENT_NO_OFFSET;
			snprintf(err->reason, sizeof(err->reason),
			    "field \"%s\" is missing", specs[f].name);
			return -1;
		}
	return 0;
}

int
event_ts_of_valid_line(const char *line, size_t len, int64_t *ts_ms)
{
	struct scan_member m;
	const char *why;

	if (scan_object_find(line, len, "ts", 2, &m) != 0 ||
	    m.type != SCAN_STRING)
		return -1;
	return timefmt_parse_ts(m.value, m.value_len, ts_ms, &why);
}
