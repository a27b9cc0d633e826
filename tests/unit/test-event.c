/*
 * test-event.c - validation of canonical events (canal-event(5)): what is
 * accepted, every rejection with its exact reason and offset, the field
 * table, the ts shortcut for lines validated before, and the numbers:
 * their values, whatever their length, and their range.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "unit.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define TS "\"2024-03-04T10:00:00.000Z\""
#define TS_MS INT64_C(1709546400000)
#define BASE "{\"id\":\"e1\",\"ts\":" TS ",\"channel\":\"email\"," \
	"\"direction\":\"in\""

static const char full_event[] =
    "{\"id\":\"1795424042.1234\",\"ts\":\"2026-11-23T09:14:02.000Z\","
    "\"channel\":\"phone\",\"source\":\"asterisk\",\"direction\":\"in\","
    "\"actor\":\"customer\",\"type\":\"call\",\"outcome\":\"answered\","
    "\"status\":\"open\",\"visibility\":\"public\","
    "\"ids\":{\"phone\":\"+34600111222\",\"email\":null},"
    "\"customer\":\"c-1\",\"agent\":\"maria\",\"conversation\":\"conv-1\","
    "\"case\":\"case-1\",\"duration\":312,\"wait\":18.5,\"rating\":5,"
    "\"subject\":\"Invoice\",\"text\":\"caf\\u00e9 \xc3\xa9\","
    "\"intent\":\"billing\",\"stage\":\"post_purchase\","
    "\"queue\":\"billing\",\"priority\":\"high\",\"tags\":[\"a\",\"b\"],"
    "\"src\":{\"format\":\"asterisk\",\"file\":\"Master.csv\",\"line\":1842},"
    "\"x-extra\":[1,{\"y\":null}]}";

static const char *const names[EVENT_FIELD_COUNT] = {
	"id", "ts", "channel", "source", "direction", "actor", "type",
	"outcome", "status", "visibility", "ids", "customer", "agent",
	"conversation", "case", "duration", "wait", "rating", "subject",
	"text", "intent", "stage", "queue", "priority", "tags", "src"
};

static int
is_required(int f)
{
	return f == EVENT_ID || f == EVENT_TS || f == EVENT_CHANNEL ||
	    f == EVENT_DIRECTION;
}

/* Parses a heap copy of exactly the line's bytes, so ASan sees overreads. */
static int
parse(struct event_view *ev, const char *line, struct event_error *err)
{
	size_t len = strlen(line);
	char *copy = malloc(len ? len : 1);
	int r;

	memcpy(copy, line, len);
	err->offset = 4242;
	err->reason[0] = '\0';
	r = event_parse(ev, copy, len, err);
	free(copy);
	return r;
}

static void
test_full_and_minimal(void)
{
	struct event_view ev;
	struct event_error err;
	const struct scan_member *m;
	int f, present;

	event_view_init(&ev);
	if (!is_int(event_parse(&ev, full_event, sizeof(full_event) - 1,
	    &err), 0, "full event accepted"))
		diag("%s at %zu", err.reason, err.offset);
	for (f = 0, present = 0; f < EVENT_FIELD_COUNT; f++)
		present += ev.field[f] != NULL;
	is_int(present, EVENT_FIELD_COUNT, "full event: every field present");
	is_int(ev.ts_ms, INT64_C(1795425242000), "full event: ts_ms");
	m = ev.field[EVENT_CHANNEL];
	ok(m != NULL && m->value_len == 5 && memcmp(m->value, "phone", 5) == 0,
	    "full event: channel span");
	m = ev.field[EVENT_DURATION];
	ok(m != NULL && m->type == SCAN_NUMBER && m->value_len == 3 &&
	    memcmp(m->value, "312", 3) == 0, "full event: duration span");
	m = ev.field[EVENT_TEXT];
	ok(m != NULL && m->value_escaped, "full event: text escaped");
	m = ev.field[EVENT_SRC];
	ok(m != NULL && m->type == SCAN_OBJECT && m->value[0] == '{',
	    "full event: src object");
	is_int(ev.members.count, EVENT_FIELD_COUNT + 1,
	    "full event: members include the unknown one");
	ok(ev.field[EVENT_ID]->value >= full_event &&
	    ev.field[EVENT_ID]->value < full_event + sizeof(full_event),
	    "spans point into the line");

	/* Reused for a minimal event: the optional fields are gone. */
	if (!is_int(parse(&ev, BASE "}", &err), 0, "minimal event accepted"))
		diag("%s at %zu", err.reason, err.offset);
	for (f = 0, present = 0; f < EVENT_FIELD_COUNT; f++)
		if ((ev.field[f] != NULL) != is_required(f))
			present++;
	is_int(present, 0, "minimal event: exactly the required fields");
	is_int(ev.ts_ms, TS_MS, "minimal event: ts_ms");
	event_view_free(&ev);
}

/* A rejected line: its reason, and where (a substring of the line whose
   first occurrence is the offset; NULL for EVENT_NO_OFFSET). */
static const struct {
	const char *line;
	const char *reason;
	const char *at;
} bad[] = {
	/* required fields missing: reported in schema order */
	{ "{}", "field \"id\" is missing", NULL },
	{ "{\"ts\":" TS ",\"channel\":\"email\",\"direction\":\"in\"}",
	  "field \"id\" is missing", NULL },
	{ "{\"id\":\"e1\",\"channel\":\"email\",\"direction\":\"in\"}",
	  "field \"ts\" is missing", NULL },
	{ "{\"id\":\"e1\",\"ts\":" TS ",\"direction\":\"in\"}",
	  "field \"channel\" is missing", NULL },
	{ "{\"id\":\"e1\",\"ts\":" TS ",\"channel\":\"email\"}",
	  "field \"direction\" is missing", NULL },
	{ "{\"ID\":\"e1\",\"ts\":" TS ",\"channel\":\"email\","
	  "\"direction\":\"in\"}", "field \"id\" is missing", NULL },
	/* required fields null */
	{ "{\"id\":null,\"ts\":" TS ",\"channel\":\"email\","
	  "\"direction\":\"in\"}",
	  "field \"id\": is required and must not be null", "null" },
	{ "{\"id\":\"e1\",\"ts\":null,\"channel\":\"email\","
	  "\"direction\":\"in\"}",
	  "field \"ts\": is required and must not be null", "null" },
	{ "{\"id\":\"e1\",\"ts\":" TS ",\"channel\":null,"
	  "\"direction\":\"in\"}",
	  "field \"channel\": is required and must not be null", "null" },
	{ "{\"id\":\"e1\",\"ts\":" TS ",\"channel\":\"email\","
	  "\"direction\":null}",
	  "field \"direction\": is required and must not be null", "null" },
	/* id */
	{ "{\"id\":16,\"ts\":" TS ",\"channel\":\"email\",\"direction\":\"in\"}",
	  "field \"id\": must be a string, not a number", "16" },
	{ "{\"id\":\"\",\"ts\":" TS ",\"channel\":\"email\",\"direction\":\"in\"}",
	  "field \"id\": is empty", "\"\"" },
	{ "{\"id\":[\"e1\"],\"ts\":" TS ",\"channel\":\"email\","
	  "\"direction\":\"in\"}",
	  "field \"id\": must be a string, not an array", "[" },
	/* ts */
	{ "{\"id\":\"e1\",\"ts\":1709546400000,\"channel\":\"email\","
	  "\"direction\":\"in\"}",
	  "field \"ts\": must be a string, not a number", "1709546400000" },
	{ "{\"id\":\"e1\",\"ts\":\"2024-03-04 10:00:00\",\"channel\":\"email\","
	  "\"direction\":\"in\"}", "field \"ts\": not of the form "
	  "YYYY-MM-DDTHH:MM:SS.mmmZ (24 characters, UTC)", "\"2024" },
	{ "{\"id\":\"e1\",\"ts\":\"2024-02-30T10:00:00.000Z\","
	  "\"channel\":\"email\",\"direction\":\"in\"}",
	  "field \"ts\": day out of range for its month", "\"2024" },
	{ "{\"id\":\"e1\",\"ts\":\"2024-13-01T10:00:00.000Z\","
	  "\"channel\":\"email\",\"direction\":\"in\"}",
	  "field \"ts\": month out of range", "\"2024" },
	{ "{\"id\":\"e1\",\"t\\u0073\":\"yesterday\",\"channel\":\"email\","
	  "\"direction\":\"in\"}", "field \"ts\": not of the form "
	  "YYYY-MM-DDTHH:MM:SS.mmmZ (24 characters, UTC)", "\"yesterday" },
	/* enumerations */
	{ BASE ",\"channel\":\"fax\"}", "invalid JSON: duplicate field",
	  ",\"channel\":\"fax\"" },
	{ "{\"id\":\"e1\",\"ts\":" TS ",\"channel\":\"fax\","
	  "\"direction\":\"in\"}",
	  "field \"channel\": not one of the values canal-event(5) lists",
	  "\"fax\"" },
	{ "{\"id\":\"e1\",\"ts\":" TS ",\"channel\":\"Email\","
	  "\"direction\":\"in\"}",
	  "field \"channel\": not one of the values canal-event(5) lists",
	  "\"Email\"" },
	{ "{\"id\":\"e1\",\"ts\":" TS ",\"channel\":\"\","
	  "\"direction\":\"in\"}",
	  "field \"channel\": not one of the values canal-event(5) lists",
	  "\"\"" },
	{ "{\"id\":\"e1\",\"ts\":" TS ",\"channel\":\"email \","
	  "\"direction\":\"in\"}",
	  "field \"channel\": not one of the values canal-event(5) lists",
	  "\"email \"" },
	{ "{\"id\":\"e1\",\"ts\":" TS ",\"channel\":true,"
	  "\"direction\":\"in\"}",
	  "field \"channel\": must be a string, not a boolean", "true" },
	{ "{\"id\":\"e1\",\"ts\":" TS ",\"channel\":\"email\","
	  "\"direction\":\"sideways\"}",
	  "field \"direction\": not one of the values canal-event(5) lists",
	  "\"sideways\"" },
	{ BASE ",\"actor\":\"robot\"}",
	  "field \"actor\": not one of the values canal-event(5) lists",
	  "\"robot\"" },
	{ BASE ",\"type\":\"sms\"}",
	  "field \"type\": not one of the values canal-event(5) lists",
	  "\"sms\"" },
	{ BASE ",\"outcome\":\"ok\"}",
	  "field \"outcome\": not one of the values canal-event(5) lists",
	  "\"ok\"" },
	{ BASE ",\"status\":\"done\"}",
	  "field \"status\": not one of the values canal-event(5) lists",
	  "\"done\"" },
	{ BASE ",\"visibility\":\"secret\"}",
	  "field \"visibility\": not one of the values canal-event(5) lists",
	  "\"secret\"" },
	{ BASE ",\"stage\":\"loyalty\"}",
	  "field \"stage\": not one of the values canal-event(5) lists",
	  "\"loyalty\"" },
	{ BASE ",\"actor\":1}",
	  "field \"actor\": must be a string, not a number", ":1}" },
	/* strings */
	{ BASE ",\"text\":42}", "field \"text\": must be a string, not a number",
	  "42" },
	{ BASE ",\"source\":[]}",
	  "field \"source\": must be a string, not an array", "[]" },
	{ BASE ",\"agent\":{}}",
	  "field \"agent\": must be a string, not an object", "{}" },
	{ BASE ",\"customer\":false}",
	  "field \"customer\": must be a string, not a boolean", "false" },
	/* numbers */
	{ BASE ",\"duration\":-1}", "field \"duration\": must not be negative",
	  "-1" },
	{ BASE ",\"duration\":-0.001}",
	  "field \"duration\": must not be negative", "-0.001" },
	{ BASE ",\"wait\":-3e2}", "field \"wait\": must not be negative",
	  "-3e2" },
	{ BASE ",\"rating\":0}", "field \"rating\": must be from 1 to 5",
	  ":0}" },
	{ BASE ",\"rating\":6}", "field \"rating\": must be from 1 to 5",
	  "6}" },
	{ BASE ",\"rating\":0.99}", "field \"rating\": must be from 1 to 5",
	  "0.99" },
	{ BASE ",\"rating\":5.001}", "field \"rating\": must be from 1 to 5",
	  "5.001" },
	{ BASE ",\"rating\":-5}", "field \"rating\": must be from 1 to 5",
	  "-5" },
	{ BASE ",\"rating\":\"5\"}",
	  "field \"rating\": must be a number, not a string", ":\"5\"}" },
	/* numbers that no double holds, or beyond ten years */
	{ BASE ",\"wait\":1e999}", "field \"wait\": must be a finite number",
	  "1e999" },
	{ BASE ",\"wait\":-1e999}", "field \"wait\": must be a finite number",
	  "-1e999" },
	{ BASE ",\"duration\":1E+400}",
	  "field \"duration\": must be a finite number", "1E+400" },
	{ BASE ",\"rating\":1e999}",
	  "field \"rating\": must be a finite number", "1e999" },
	{ BASE ",\"wait\":1e16}",
	  "field \"wait\": must be at most 315360000 (ten years)", "1e16" },
	{ BASE ",\"wait\":1e308}",
	  "field \"wait\": must be at most 315360000 (ten years)", "1e308" },
	{ BASE ",\"duration\":315360000.001}",
	  "field \"duration\": must be at most 315360000 (ten years)",
	  "315360000.001" },
	{ BASE ",\"duration\":2147483647}",
	  "field \"duration\": must be at most 315360000 (ten years)",
	  "2147483647" },
	/* ids, tags, src */
	{ BASE ",\"ids\":{\"phone\":34600111222}}",
	  "field \"ids\": must be an object of strings, not a number",
	  "34600111222" },
	{ BASE ",\"ids\":{\"a\":\"x\",\"b\":[\"y\"]}}",
	  "field \"ids\": must be an object of strings, not an array",
	  "[\"y\"]" },
	{ BASE ",\"ids\":{\"a\":\"x\",\"a\":\"y\"}}",
	  "field \"ids\": duplicate field", "{\"a\"" },
	{ BASE ",\"ids\":[\"x\"]}",
	  "field \"ids\": must be an object, not an array", "[\"x\"]" },
	{ BASE ",\"ids\":\"x\"}",
	  "field \"ids\": must be an object, not a string", "\"x\"}" },
	{ BASE ",\"tags\":[\"vip\",7]}",
	  "field \"tags\": must be an array of strings, not a number", "7]" },
	{ BASE ",\"tags\":[\"vip\",null]}",
	  "field \"tags\": must be an array of strings, not null", "null]" },
	{ BASE ",\"tags\":[[\"vip\"]]}",
	  "field \"tags\": must be an array of strings, not an array",
	  "[\"vip\"]]" },
	{ BASE ",\"tags\":{\"a\":\"b\"}}",
	  "field \"tags\": must be an array, not an object", "{\"a\":\"b\"}" },
	{ BASE ",\"tags\":\"vip\"}",
	  "field \"tags\": must be an array, not a string", "\"vip\"" },
	{ BASE ",\"src\":\"file\"}",
	  "field \"src\": must be an object, not a string", "\"file\"" },
	{ BASE ",\"src\":[]}", "field \"src\": must be an object, not an array",
	  "[]" },
	/* the first bad member wins, before missing fields */
	{ "{\"id\":5,\"ts\":5}", "field \"id\": must be a string, not a number",
	  "5" },
	{ "{\"rating\":9}", "field \"rating\": must be from 1 to 5", "9" },
	/* invalid JSON */
	{ "", "invalid JSON: empty line", "" },
	{ "[\"not\",\"an\",\"object\"]", "invalid JSON: not a JSON object", "" },
	{ "garbage", "invalid JSON: not a JSON object", "" },
	{ BASE, "invalid JSON: truncated object", NULL },
	{ BASE ",\"text\":\"caf\xff\"}", "invalid JSON: invalid UTF-8", "\xff" },
	{ BASE ",\"ts\":" TS "}", "invalid JSON: duplicate field", ",\"ts\":" },
};

static size_t
expected_offset(const char *line, const char *at, const char *reason)
{
	const char *p, *last = NULL;

	if (at == NULL)
		return strcmp(reason, "invalid JSON: truncated object") == 0 ?
		    strlen(line) : EVENT_NO_OFFSET;
	if (*at == ',') {
		/* a duplicate: the last occurrence, at the key's quote */
		for (p = line; (p = strstr(p, at)) != NULL; p++)
			last = p;
		return last != NULL ? (size_t)(last - line) + 1 : 9999;
	}
	if (*at == ':')	/* a value after a colon */
		return (size_t)(strstr(line, at) - line) + 1;
	p = strstr(line, at);
	return p != NULL ? (size_t)(p - line) : 9999;
}

static void
test_rejections(void)
{
	struct event_view ev;
	struct event_error err;
	size_t i;

	event_view_init(&ev);
	for (i = 0; i < NELEM(bad); i++) {
		is_int(parse(&ev, bad[i].line, &err), -1, "reject #%zu", i);
		is_str(err.reason, bad[i].reason, "reject #%zu: reason", i);
		is_int(err.offset, expected_offset(bad[i].line, bad[i].at,
		    bad[i].reason), "reject #%zu: offset", i);
	}
	/* duration given as a string */
	is_int(parse(&ev, BASE ",\"duration\":\"12\"}", &err), -1,
	    "duration string rejected");
	is_str(err.reason, "field \"duration\": must be a number, not a string",
	    "duration string: reason");
	is_int(err.offset, strlen(BASE ",\"duration\":"),
	    "duration string: offset at the quote");
	event_view_free(&ev);
}

/* Lines accepted. */
static const char *const accepted[] = {
	BASE ",\"x-crm\":{\"deal\":17,\"stage\":\"won\"},\"ID\":5,"
	    "\"Ts\":1,\"\":null,\"channels\":9}",
	BASE ",\"duration\":0,\"wait\":0}",
	BASE ",\"duration\":-0}",
	BASE ",\"duration\":1e3,\"wait\":0.5}",
	BASE ",\"duration\":315360000,\"wait\":3.1536e8}",
	BASE ",\"duration\":0.1e-400,\"wait\":1E+2}",
	BASE ",\"wait\":-0.0,\"rating\":5.0}",
	BASE ",\"rating\":1}",
	BASE ",\"rating\":5}",
	BASE ",\"rating\":3,\"type\":\"csat\"}",
	BASE ",\"tags\":[]}",
	BASE ",\"ids\":{}}",
	BASE ",\"ids\":{\"email\":null,\"phone\":\"1\"}}",
	BASE ",\"src\":{}}",
	BASE ",\"text\":\"\",\"subject\":\"\\u0000\"}",
	BASE ",\"id2\":1,\"tsx\":2,\"i\":3}",
	" \t" BASE "} \r\n",
	"{\"direction\":\"internal\",\"channel\":\"in_person\",\"ts\":"
	    "\"0000-01-01T00:00:00.000Z\",\"id\":\"z\"}",
	"{\"i\\u0064\":\"e1\",\"ts\":" TS ",\"channel\":\"email\","
	  "\"direction\":\"in\"}",
};

static void
test_accepted(void)
{
	struct event_view ev;
	struct event_error err;
	char line[512];
	size_t i;
	int f, r;

	event_view_init(&ev);
	for (i = 0; i < NELEM(accepted); i++) {
		r = parse(&ev, accepted[i], &err);
		if (!is_int(r, 0, "accept #%zu", i))
			diag("%s at %zu", err.reason, err.offset);
	}
	ok(parse(&ev, accepted[NELEM(accepted) - 1], &err) == 0 &&
	    ev.field[EVENT_ID] != NULL, "escaped key i\\u0064 is id");

	/* null for each optional field: accepted, field absent */
	for (f = 0; f < EVENT_FIELD_COUNT; f++) {
		if (is_required(f))
			continue;
		snprintf(line, sizeof(line), BASE ",\"%s\":null}",
		    event_field_name((enum event_field)f));
		r = parse(&ev, line, &err);
		is_int(r, 0, "%s null accepted", event_field_name(
		    (enum event_field)f));
		ok(r == 0 && ev.field[f] == NULL, "%s null: field pointer NULL",
		    event_field_name((enum event_field)f));
	}
	event_view_free(&ev);
}

static void
test_enum_values(void)
{
	struct event_view ev;
	struct event_error err;
	const char *const *v;
	char line[512];
	int f, n, bad_count;
	static const struct {
		int field;
		int count;
		const char *first, *last;
	} enums[] = {
		{ EVENT_CHANNEL, 11, "phone", "other" },
		{ EVENT_DIRECTION, 3, "in", "internal" },
		{ EVENT_ACTOR, 4, "customer", "system" },
		{ EVENT_TYPE, 9, "message", "csat" },
		{ EVENT_OUTCOME, 6, "answered", "voicemail" },
		{ EVENT_STATUS, 5, "open", "reopened" },
		{ EVENT_VISIBILITY, 2, "public", "private" },
		{ EVENT_STAGE, 4, "awareness", "post_purchase" },
	};
	size_t i;

	event_view_init(&ev);
	for (i = 0; i < NELEM(enums); i++) {
		f = enums[i].field;
		v = event_field_values((enum event_field)f);
		if (!ok(v != NULL, "%s is an enumeration", names[f]))
			continue;
		for (n = 0; v[n] != NULL; n++)
			;
		is_int(n, enums[i].count, "%s has %d values", names[f],
		    enums[i].count);
		is_str(v[0], enums[i].first, "%s first value", names[f]);
		is_str(v[n - 1], enums[i].last, "%s last value", names[f]);
		bad_count = 0;
		for (n = 0; v[n] != NULL; n++) {
			if (f == EVENT_CHANNEL || f == EVENT_DIRECTION)
				snprintf(line, sizeof(line), "{\"id\":\"e\","
				    "\"ts\":" TS ",\"channel\":\"%s\","
				    "\"direction\":\"%s\"}",
				    f == EVENT_CHANNEL ? v[n] : "email",
				    f == EVENT_DIRECTION ? v[n] : "in");
			else
				snprintf(line, sizeof(line), BASE
				    ",\"%s\":\"%s\"}", names[f], v[n]);
			if (parse(&ev, line, &err) != 0 || ev.field[f] == NULL) {
				bad_count++;
				diag("%s", line);
			}
		}
		is_int(bad_count, 0, "every %s value accepted", names[f]);
	}
	for (f = 0; f < EVENT_FIELD_COUNT; f++) {
		int is_enum = 0;

		for (i = 0; i < NELEM(enums); i++)
			is_enum |= enums[i].field == f;
		if (!is_enum)
			ok(event_field_values((enum event_field)f) == NULL,
			    "%s is not an enumeration", names[f]);
	}
	event_view_free(&ev);
}

static void
test_field_names(void)
{
	int f;

	for (f = 0; f < EVENT_FIELD_COUNT; f++)
		is_str(event_field_name((enum event_field)f), names[f],
		    "field %d is %s", f, names[f]);
}

static void
test_ts_of_valid_line(void)
{
	static const struct {
		const char *line;
		int ret;
		int64_t ms;
	} cases[] = {
		{ BASE "}", 0, TS_MS },
		{ "{\"a\":{\"ts\":\"1999-01-01T00:00:00.000Z\"},\"ts\":" TS "}",
		  0, TS_MS },
		{ "{\"t\\u0073\":" TS "}", 0, TS_MS },
		{ "{\"ts\":\"1969-12-31T23:59:59.999Z\"}", 0, -1 },
		{ "{\"id\":\"x\"}", -1, 0 },
		{ "{\"a\":{\"ts\":" TS "}}", -1, 0 },
		{ "{\"ts\":1709546400000}", -1, 0 },
		{ "{\"ts\":\"2024-02-30T00:00:00.000Z\"}", -1, 0 },
		{ "{\"ts\":null}", -1, 0 },
		{ "[" TS "]", -1, 0 },
		{ "", -1, 0 },
	};
	size_t i, len;
	int64_t ms;
	char *copy;
	int r;

	for (i = 0; i < NELEM(cases); i++) {
		len = strlen(cases[i].line);
		copy = malloc(len ? len : 1);
		memcpy(copy, cases[i].line, len);
		ms = 4242;
		r = event_ts_of_valid_line(copy, len, &ms);
		is_int(r, cases[i].ret, "ts_of_valid_line #%zu returns %d", i,
		    cases[i].ret);
		if (cases[i].ret == 0)
			is_int(ms, cases[i].ms, "ts_of_valid_line #%zu value", i);
		free(copy);
	}
}

/* A heap line BASE ,"field":<head><n times fill><tail>} */
static char *
line_with_number(const char *field, const char *head, char fill, size_t n,
    const char *tail)
{
	size_t cap = strlen(BASE) + strlen(field) + strlen(head) + n +
	    strlen(tail) + 16;
	char *s = malloc(cap);
	size_t len;

	len = (size_t)snprintf(s, cap, BASE ",\"%s\":%s", field, head);
	memset(s + len, fill, n);
	snprintf(s + len + n, cap - len - n, "%s}", tail);
	return s;
}

static void
test_numbers(void)
{
	static const struct {
		const char *line;
		int field;
		double want;
	} values[] = {
		{ BASE ",\"wait\":18}", EVENT_WAIT, 18 },
		{ BASE ",\"wait\":18.005}", EVENT_WAIT, 18.005 },
		{ BASE ",\"wait\":1E+2}", EVENT_WAIT, 100 },
		{ BASE ",\"wait\":315360000}", EVENT_WAIT, EVENT_MAX_SECONDS },
		{ BASE ",\"duration\":0.1e-400}", EVENT_DURATION, 0 },
		{ BASE ",\"duration\":-0}", EVENT_DURATION, 0 },
		{ BASE ",\"rating\":4.5}", EVENT_RATING, 4.5 },
		{ BASE ",\"wait\":null}", EVENT_WAIT, -7 },
		{ BASE "}", EVENT_WAIT, -7 },
	};
	static const struct {
		int field;
		double v;
		const char *why;
	} checks[] = {
		{ EVENT_WAIT, 0, NULL },
		{ EVENT_WAIT, EVENT_MAX_SECONDS, NULL },
		{ EVENT_DURATION, 312.5, NULL },
		{ EVENT_RATING, 1, NULL },
		{ EVENT_RATING, 5, NULL },
		{ EVENT_WAIT, -0.001, "must not be negative" },
		{ EVENT_WAIT, 315360000.001,
		  "must be at most 315360000 (ten years)" },
		{ EVENT_DURATION, HUGE_VAL, "must be a finite number" },
		{ EVENT_DURATION, -HUGE_VAL, "must be a finite number" },
		{ EVENT_WAIT, NAN, "must be a finite number" },
		{ EVENT_RATING, NAN, "must be a finite number" },
		{ EVENT_RATING, 0.5, "must be from 1 to 5" },
		{ EVENT_TEXT, 1, "is not a numeric field" },
	};
	struct event_view ev;
	struct event_error err;
	const char *why;
	double v;
	size_t i;
	char *line;

	event_view_init(&ev);
	for (i = 0; i < NELEM(values); i++) {
		if (!is_int(parse(&ev, values[i].line, &err), 0,
		    "number #%zu accepted", i))
			diag("%s", err.reason);
		v = event_number(&ev, (enum event_field)values[i].field, -7);
		ok(v == values[i].want && (v != 0 || !signbit(v)),
		    "number #%zu: %g", i, values[i].want);
	}
	for (i = 0; i < NELEM(checks); i++) {
		why = "untouched";
		is_int(event_check_number((enum event_field)checks[i].field,
		    checks[i].v, &why), checks[i].why == NULL ? 0 : -1,
		    "check #%zu: status", i);
		if (checks[i].why != NULL)
			is_str(why, checks[i].why, "check #%zu: reason", i);
	}

	/* Long numbers, read whole: 18 written with 80 digits (the report
	   used to read any number of 64 bytes or more as 0)... */
	line = line_with_number("wait", "18.", '0', 80, "");
	ok(parse(&ev, line, &err) == 0 &&
	    event_number(&ev, EVENT_WAIT, -7) == 18, "wait 18.(80 zeros): 18");
	free(line);
	line = line_with_number("wait", "0.", '0', 399, "1");
	ok(parse(&ev, line, &err) == 0 &&
	    event_number(&ev, EVENT_WAIT, -7) == 0, "wait 1e-400 long: 0");
	free(line);
	/* ...and 400 digits beyond any double: rejected at its place. */
	line = line_with_number("wait", "1", '0', 399, "");
	is_int(parse(&ev, line, &err), -1, "wait of 400 digits rejected");
	is_str(err.reason, "field \"wait\": must be a finite number",
	    "wait of 400 digits: reason");
	is_int(err.offset, strlen(BASE ",\"wait\":"),
	    "wait of 400 digits: offset");
	free(line);
	line = line_with_number("duration", "315360000", '0', 1, "");
	is_int(parse(&ev, line, &err), -1, "duration 3153600000 rejected");
	free(line);
	event_view_free(&ev);
}

int
main(void)
{
	test_full_and_minimal();
	test_rejections();
	test_accepted();
	test_enum_values();
	test_field_names();
	test_ts_of_valid_line();
	test_numbers();
	return done_testing();
}
