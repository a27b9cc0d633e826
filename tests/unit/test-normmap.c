/*
 * test-normmap.c - the mapping language: each term, alternatives, tables,
 * captures, conditions, times with zones, numbers; every load error with
 * its place and caret; the bounds (alternatives, rows, no nesting, NUL
 * bytes, long lines shown around the place).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normmap.h"
#include "unit.h"

static const char *
apply(const char *map, const char *members)
{
	static char out[2048];
	struct normmap *m;
	struct norm_options opt;
	struct norm n;
	struct norm_event ev;
	struct srcrec rec;
	struct scan_error err;
	char line[1024], e[512];
	const char *text;
	size_t len;

	memset(&opt, 0, sizeof(opt));
	strcpy(opt.region, "ES");
	if ((m = normmap_parse("t.map", map, strlen(map), e, sizeof(e))) ==
	    NULL) {
		snprintf(out, sizeof(out), "load: %s", e);
		return out;
	}
	norm_init(&n, &opt);
	srcrec_init(&rec);
	len = (size_t)snprintf(line, sizeof(line), "{%s}", members);
	(void)srcrec_parse(&rec, line, len, &err);
	n.rec = &rec;
	norm_event_reset(&ev);
	norm_set_str(&ev, EVENT_ID, "x");
	norm_set_ts_ms(&ev, 0);
	norm_set_str(&ev, EVENT_CHANNEL, "other");
	norm_set_str(&ev, EVENT_DIRECTION, "in");
	if (normmap_apply(m, &n, &ev) != 0 ||
	    norm_emit(&n, &ev, "t", &text, &len) != 0)
		snprintf(out, sizeof(out), "reject: %s", n.why);
	else
		snprintf(out, sizeof(out), "%s", text);
	srcrec_free(&rec);
	norm_free(&n);
	normmap_free(m);
	return out;
}

#define BASE "{\"id\":\"x\",\"ts\":\"1970-01-01T00:00:00.000Z\","

static void
test_terms(void)
{
	is_str(apply("text = \"a\\tb\\u00e9\"", "\"k\":1"),
	    BASE "\"channel\":\"other\",\"direction\":\"in\",\"text\":"
	    "\"a\\tb\xc3\xa9\"}", "a constant with escapes");
	is_str(apply("text = a.b | c | \"none\"", "\"a\":{\"b\":\" \"},\"c\":7"),
	    BASE "\"channel\":\"other\",\"direction\":\"in\",\"text\":\"7\"}",
	    "the first non-empty alternative; numbers as text");
	is_str(apply("text = a | \"none\"", "\"b\":1"),
	    BASE "\"channel\":\"other\",\"direction\":\"in\",\"text\":\"none\"}",
	    "the last alternative");
	is_str(apply("text = a", "\"b\":1"),
	    BASE "\"channel\":\"other\",\"direction\":\"in\"}",
	    "nothing given: the field stays unset");
	is_str(apply("direction = k: customer=in, \"Agent X\"=out, *=internal",
	    "\"k\":\"agent x\""), BASE "\"channel\":\"other\","
	    "\"direction\":\"out\"}", "a table, quoted key, any case");
	is_str(apply("direction = k: customer=in, *=internal", "\"k\":\"?\""),
	    BASE "\"channel\":\"other\",\"direction\":\"internal\"}",
	    "the table's default");
	is_str(apply("direction = k: customer=in", "\"k\":\"?\""),
	    BASE "\"channel\":\"other\",\"direction\":\"in\"}",
	    "no row, no default: unchanged");
	is_str(apply("conversation = s ~ /\\[#(T-\\d+)\\]/", "\"s\":\"Re: x "
	    "[#T-42]\""), BASE "\"channel\":\"other\",\"direction\":\"in\","
	    "\"conversation\":\"T-42\"}", "a capture group");
	is_str(apply("conversation = s ~ /T-\\d+/i", "\"s\":\"re t-7\""),
	    BASE "\"channel\":\"other\",\"direction\":\"in\","
	    "\"conversation\":\"t-7\"}", "the whole match, a flag");
	is_str(apply("agent = a if k = Agent | b", "\"a\":\"ann\",\"b\":\"bob\","
	    "\"k\":\"customer\""), BASE "\"channel\":\"other\","
	    "\"direction\":\"in\",\"agent\":\"bob\"}", "a condition not met");
	is_str(apply("agent = a if k != customer | b", "\"a\":\"ann\","
	    "\"b\":\"bob\",\"k\":\"agent\""), BASE "\"channel\":\"other\","
	    "\"direction\":\"in\",\"agent\":\"ann\"}", "a != condition met");
	is_str(apply("ids.email = e\nids.phone = p\nids.handle = handle(pl, h)\n"
	    "ids.name = `Full name`", "\"e\":\"A <A@X.es>\",\"p\":\"600 111 222\","
	    "\"pl\":\"X\",\"h\":\"@Kim\",\"Full name\":\"Ana\""),
	    BASE "\"channel\":\"other\",\"direction\":\"in\",\"ids\":{\"email\":"
	    "\"a@x.es\",\"phone\":\"+34600111222\",\"handle\":\"x:kim\","
	    "\"name\":\"Ana\"},\"customer\":\"email:a@x.es\"}",
	    "identities, a backquoted field");
	is_str(apply("duration = ms(d)\nwait = w\nrating = number(r)",
	    "\"d\":\"1500\",\"w\":2.25,\"r\":\"4\""), BASE "\"channel\":"
	    "\"other\",\"direction\":\"in\",\"duration\":1.5,\"wait\":2.25,"
	    "\"rating\":4}", "numbers and milliseconds");
	is_str(apply("wait = w", "\"w\":\"soon\""),
	    "reject: field \"w\": not a number", "not a number");
	is_str(apply("ts = time(t, \"%d/%m/%Y %H:%M\", \"Europe/Madrid\")",
	    "\"t\":\"27/10/2024 02:30\""), "{\"id\":\"x\",\"ts\":"
	    "\"2024-10-27T00:30:00.000Z\",\"channel\":\"other\",\"direction\":"
	    "\"in\"}", "a time with format and zone (repeated: first)");
	is_str(apply("ts = time(t, epoch_ms)", "\"t\":1709546400123"),
	    "{\"id\":\"x\",\"ts\":\"2024-03-04T10:00:00.123Z\",\"channel\":"
	    "\"other\",\"direction\":\"in\"}", "epoch milliseconds");
	is_str(apply("ts = time(t)", "\"t\":\"2024-03-04 10:00\""),
	    "reject: field \"t\": a local time without offset needs --tz ZONE",
	    "a local time without a zone");
}

static void
error(const char *map, const char *want)
{
	is_str(apply(map, "\"k\":1"), want, "%s", map);
}

static void
test_errors(void)
{
	error("chanel = \"x\"", "load: t.map:1:1: unknown canonical field "
	    "\"chanel\"\nchanel = \"x\"\n^");
	error("# c\n\nids.foo = a", "load: t.map:3:1: unknown canonical field "
	    "\"ids.foo\"\nids.foo = a\n^");
	error("src = a", "load: t.map:1:1: unknown canonical field \"src\"\n"
	    "src = a\n^");
	error("text = a\ntext = b", "load: t.map:2:1: \"text\" is mapped "
	    "twice\ntext = b\n^");
	error("text a", "load: t.map:1:6: expected '=' after the field\n"
	    "text a\n     ^");
	error("text = \"x", "load: t.map:1:8: unterminated string\n"
	    "text = \"x\n       ^");
	error("text = a ~ /x", "load: t.map:1:12: unterminated pattern: expected "
	    "a closing '/'\ntext = a ~ /x\n           ^");
	error("text = a ~ /x/z", "load: t.map:1:15: unknown pattern flag (i, m, "
	    "s and x are known)\ntext = a ~ /x/z\n              ^");
	error("ts = a", "load: t.map:1:6: ts takes time(...)\nts = a\n     ^");
	error("text = time(a)", "load: t.map:1:8: time() does not fit this "
	    "field\ntext = time(a)\n       ^");
	error("text = f(a)", "load: t.map:1:8: unknown function \"f\" (time, "
	    "email, phone, handle, number, seconds, ms)\ntext = f(a)\n"
	    "       ^");
	error("ts = time(a, \"%d %Q\")", "load: t.map:1:14: time format: "
	    "unknown conversion in the time format\nts = time(a, \"%d %Q\")\n"
	    "             ^");
	error("ts = time(a, weekly)", "load: t.map:1:14: unknown time style "
	    "(auto, iso, rfc5322, dmy, mdy, ymd, epoch, epoch_ms) or a "
	    "\"format\"\nts = time(a, weekly)\n             ^");
	error("text = a b", "load: t.map:1:10: unexpected text: expected '|' or "
	    "the end of the line\ntext = a b\n         ^");
	error("text = ", "load: t.map:1:8: expected a source field, a "
	    "\"constant\" or a function\ntext = \n       ^");
	error("direction = k: a", "load: t.map:1:17: expected '=' in a table "
	    "row (key=value)\ndirection = k: a\n                ^");
	error("duration = k: a=1", "load: t.map:1:13: a value table gives "
	    "text, not for this field\nduration = k: a=1\n            ^");
	error("text = a if b", "load: t.map:1:14: expected '=' or '!=' after "
	    "the field of 'if'\ntext = a if b\n             ^");
	error("# ok\ntext = \"\xc3\"", "load: t.map:2:9: invalid UTF-8\n"
	    "text = \"\xc3\"\n        ^");
	error("\ttext = a ~ /(/", "load: t.map:1:15: missing closing "
	    "parenthesis\n\ttext = a ~ /(/\n\t             ^");
}

/* "FIELD = first", then for i in 1..n-1 "sep name<i>suffix", then rest;
   numbered unless name is NULL. */
static char *
repeat(const char *field, int n, const char *first, const char *sep,
    const char *name, const char *suffix, const char *rest)
{
	size_t cap = strlen(field) + strlen(first) + strlen(rest) + 4 +
	    (size_t)n * (strlen(sep) + (name ? strlen(name) : 0) +
	    strlen(suffix) + 12), len;
	char *s = malloc(cap);
	int i;

	if (s == NULL)
		abort();
	len = (size_t)snprintf(s, cap, "%s = %s", field, first);
	for (i = 1; i < n; i++) {
		if (name != NULL)
			len += (size_t)snprintf(s + len, cap - len, "%s%s%d%s",
			    sep, name, i, suffix);
		else
			len += (size_t)snprintf(s + len, cap - len, "%s%s",
			    sep, suffix);
	}
	snprintf(s + len, cap - len, "%s", rest);
	return s;
}

static void
test_bounds(void)
{
	struct normmap *m;
	char *map, e[512];
	const char *got;

	map = repeat("text", 16, "a0", " | ", "a", "", "");
	is_str(apply(map, "\"a15\":\"z\""), BASE "\"channel\":\"other\","
	    "\"direction\":\"in\",\"text\":\"z\"}", "16 alternatives");
	free(map);
	map = repeat("text", 17, "a0", " | ", "a", "", "");
	error(map, "load: t.map:1:94: too many alternatives\ntext = a0 | a1 | "
	    "a2 | a3 | a4 | a5 | a6 | a7 | a8 | a9 | a10 | a11 | a12 | a13 | "
	    "a14 | a15 | a16\n                                                  "
	    "                                           ^");
	free(map);
	map = repeat("agent", 256, "k: r0=v", ", ", "r", "=v", "");
	is_str(apply(map, "\"k\":\"r255\""), BASE "\"channel\":\"other\","
	    "\"direction\":\"in\",\"agent\":\"v\"}", "256 rows");
	free(map);
	map = repeat("agent", 257, "k: r0=v", ", ", "r", "=v", "");
	got = apply(map, "\"k\":1");
	snprintf(e, sizeof(e), "load: t.map:1:1950: too many table rows\n"
	    "...47=v, r248=v, r249=v, r250=v, r251=v, r252=v, r253=v, "
	    "r254=v, r255=v, r256=v\n%*s^", 73, "");
	is_str(got, e, "257 rows: a long line shown around the place");
	free(map);
	map = repeat("ts", 5000, "time(", "", NULL, "time(", "x");
	got = apply(map, "\"k\":1");
	ok(strncmp(got, "load: t.map:1:15: expected ')'\nts = time(time(", 45) ==
	    0, "calls do not nest: %.45s", got);
	free(map);
	m = normmap_parse("t.map", "text = \"a\0b\"\n", 13, e, sizeof(e));
	ok(m == NULL, "a NUL byte");
	is_str(e, "t.map:1:10: NUL byte\ntext = \"a\n         ^", "at its "
	    "place");
	normmap_free(m);
}

int
main(void)
{
	test_terms();
	test_errors();
	test_bounds();
	return done_testing();
}
