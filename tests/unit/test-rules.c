/*
 * test-rules.c - the rules language: each operator and action, missing
 * fields, arrays, pseudo-fields and hours in a zone, precedence, errors
 * with place and caret; the bounds (nesting, chains of any length, many
 * tags, set fields, NUL bytes); opening hours; splicing members into a
 * line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hours.h"
#include "rules.h"
#include "splice.h"
#include "timefmt.h"
#include "unit.h"

static struct tz *madrid;

/* The event after the rules, or "dropped", or "load: error". */
static const char *
run(const char *rules, const char *event, int explain)
{
	static char out[2048];
	struct rules *r;
	struct rules_result res;
	struct scan_object obj;
	struct scan_error err;
	struct jsonl_buf b = { 0 };
	char e[512];
	int64_t ts = 0;

	if ((r = rules_parse("r.canal", rules, strlen(rules), madrid, e,
	    sizeof(e))) == NULL) {
		snprintf(out, sizeof(out), "load: %s", e);
		return out;
	}
	scan_object_init(&obj);
	if (scan_object_parse(&obj, event, strlen(event), &err) != 0)
		diag("bad test event: %s", err.reason);
	{
		const struct scan_member *m = scan_object_get(&obj, "ts");

		if (m != NULL)
			(void)timefmt_parse_ts(m->value, m->value_len, &ts,
			    NULL);
	}
	rules_eval(r, &obj, ts, explain, &b, &res);
	if (res.dropped)
		snprintf(out, sizeof(out), "dropped");
	else if (res.changed)
		snprintf(out, sizeof(out), "%.*s%s%s", (int)b.len, b.data,
		    res.noutputs > 0 ? " to " : "", res.noutputs > 0 ?
		    res.outputs[0] : "");
	else
		snprintf(out, sizeof(out), "unchanged%s%s", res.noutputs > 0 ?
		    " to " : "", res.noutputs > 0 ? res.outputs[0] : "");
	jsonl_buf_free(&b);
	scan_object_free(&obj);
	rules_free(r);
	return out;
}

#define EV "{\"id\":\"a\",\"ts\":\"2024-03-04T10:00:00.000Z\",\"channel\":" \
    "\"social\",\"direction\":\"in\",\"visibility\":\"public\",\"n\":12," \
    "\"ids\":{\"email\":\"x@noreply.acme.es\"},\"tags\":[\"vip\",\"b\"]," \
    "\"text\":\"Es una ESTAFA, quiero mi reembolso\"}"
#define HEAD "{\"id\":\"a\",\"ts\":\"2024-03-04T10:00:00.000Z\"," \
    "\"channel\":\"social\",\"direction\":\"in\",\"visibility\":\"public\"," \
    "\"n\":12,\"ids\":{\"email\":\"x@noreply.acme.es\"},\"tags\":["

static void
check(const char *cond, int want)
{
	char rules[512];

	snprintf(rules, sizeof(rules), "when %s then tag hit", cond);
	is_str(run(rules, EV, 0), want ? HEAD "\"vip\",\"b\",\"hit\"],\"text\":"
	    "\"Es una ESTAFA, quiero mi reembolso\"}" : "unchanged", "%s: %s",
	    cond, want ? "true" : "false");
}

static void
test_conditions(void)
{
	check("channel = social", 1);
	check("channel = email", 0);
	check("channel != email", 1);
	check("missing = x", 0);
	check("missing != x", 1);
	check("missing exists", 0);
	check("ids.email exists", 1);
	check("ids.email ~ /@noreply\\./", 1);
	check("ids.email !~ /@noreply\\./", 0);
	check("missing !~ /x/", 1);
	check("text ~ /\\b(estafa|fraude)\\b/i", 1);
	check("text ~ /\\b(estafa|fraude)\\b/", 0);
	check("n > 9", 1);
	check("n > 100", 0);
	check("n >= 12 and n <= 12", 1);
	check("n < \"9\"", 0);
	/* A number of any length is a number; strtod's extras are text. */
	check("n < 1000000000000000000000000000000000000000000000000000000000"
	    "000000000000", 1);
	check("n < 0x10", 0);
	check("ts >= \"2024-03-01\"", 1);
	check("channel in [email, social]", 1);
	check("channel in [email, chat]", 0);
	check("tags = vip", 1);
	check("tags in [x, b]", 1);
	check("tags ~ /^v/", 1);
	check("tags != vip", 0);
	check("not channel = email", 1);
	check("channel = email or channel = social and n > 100", 0);
	check("(channel = email or channel = social) and n > 1", 1);
	check("not (channel = social)", 0);
	/* 10:00Z is 11:00 in Madrid on Monday 2024-03-04. */
	check("hour = 11 and minute = 0 and weekday = mon", 1);
	check("within hours 'mon-fri 09:00-11:00'", 0);
	check("within hours 'mon-fri 11:00-18:00'", 1);
	check("within hours 'sat-mon 10:59-11:01'", 1);
	check("within hours 'tue/wed 00:00-24:00'", 0);
}

static void
test_actions(void)
{
	is_str(run("when channel = social then set intent = complaint, "
	    "priority = high; untag b; tag escalate\n"
	    "when intent = complaint then set queue = followup; to private\n"
	    "when channel = social then set intent = other; stop\n"
	    "when channel = social then tag never", EV, 1),
	    HEAD "\"vip\",\"escalate\"],\"text\":\"Es una ESTAFA, quiero mi "
	    "reembolso\",\"intent\":\"other\",\"priority\":\"high\",\"queue\":"
	    "\"followup\",\"rules\":[1,2,3]} to private",
	    "set, untag, tag, to, stop; later rules see sets; explain");
	is_str(run("when channel = social then drop\nwhen true = x then tag t",
	    EV, 0), "dropped", "drop");
	is_str(run("when channel = social then continue", EV, 1),
	    "{\"id\":\"a\",\"ts\":\"2024-03-04T10:00:00.000Z\",\"channel\":"
	    "\"social\",\"direction\":\"in\",\"visibility\":\"public\",\"n\":12,"
	    "\"ids\":{\"email\":\"x@noreply.acme.es\"},\"tags\":[\"vip\",\"b\"],"
	    "\"text\":\"Es una ESTAFA, quiero mi reembolso\",\"rules\":[1]}",
	    "continue does nothing; explain alone");
	is_str(run("when n > 1 then set channel = email", EV, 0),
	    "{\"id\":\"a\",\"ts\":\"2024-03-04T10:00:00.000Z\",\"channel\":"
	    "\"email\",\"direction\":\"in\",\"visibility\":\"public\",\"n\":12,"
	    "\"ids\":{\"email\":\"x@noreply.acme.es\"},\"tags\":[\"vip\",\"b\"],"
	    "\"text\":\"Es una ESTAFA, quiero mi reembolso\"}",
	    "a schema field set in its place");
}

static void
error(const char *rules, const char *want)
{
	is_str(run(rules, EV, 0), want, "%s", rules);
}

static void
test_errors(void)
{
	error("when a = b", "load: r.canal:1:11: expected 'then' (a line that "
	    "continues a rule starts with white space)\nwhen a = b\n"
	    "          ^");
	error("when a = b\nthen drop", "load: r.canal:1:11: expected 'then' "
	    "(a line that continues a rule starts with white space)\n"
	    "when a = b\n          ^");
	error("  when a = b then drop", "load: r.canal:1:3: a rule starts with "
	    "'when' at the start of a line; continue it on lines that start "
	    "with white space\n  when a = b then drop\n  ^");
	error("if a = b then drop", "load: r.canal:1:1: expected 'when' (or "
	    "'zone')\nif a = b then drop\n^");
	error("when a then drop", "load: r.canal:1:8: expected an operator: = "
	    "!= < <= > >= ~ !~ in exists\nwhen a then drop\n       ^");
	error("when a ~ /(x/ then drop", "load: r.canal:1:13: missing closing "
	    "parenthesis\nwhen a ~ /(x/ then drop\n            ^");
	error("when a ~ /x/q then drop", "load: r.canal:1:13: unknown pattern "
	    "flag (i, m, s and x are known)\nwhen a ~ /x/q then drop\n"
	    "            ^");
	error("when a = \"b then drop", "load: r.canal:1:10: unterminated "
	    "string\nwhen a = \"b then drop\n         ^");
	error("when a in [b c] then drop", "load: r.canal:1:14: expected ',' or "
	    "']'\nwhen a in [b c] then drop\n             ^");
	error("when (a = b then drop", "load: r.canal:1:13: expected ')'\n"
	    "when (a = b then drop\n            ^");
	error("when a = b then set channel = fax", "load: r.canal:1:31: not a "
	    "value this field takes (see canal-event(5))\nwhen a = b then set "
	    "channel = fax\n                              ^");
	error("when a = b then set ts = x", "load: r.canal:1:21: this field "
	    "cannot be set by rules\nwhen a = b then set ts = x\n"
	    "                    ^");
	error("when a = b then explode", "load: r.canal:1:17: expected an "
	    "action: set, tag, untag, drop, to, stop or continue\n"
	    "when a = b then explode\n                ^");
	error("when a = b then drop tag x", "load: r.canal:1:22: expected ';' or "
	    "the end of the rule\nwhen a = b then drop tag x\n"
	    "                     ^");
	error("when within hours 'mon-fri 9:00-18:00' then drop", "load: "
	    "r.canal:1:28: expected a time range such as 09:00-18:00\n"
	    "when within hours 'mon-fri 9:00-18:00' then drop\n"
	    "                           ^");
	error("zone Mars/Base", "load: r.canal:1:6: unknown time zone "
	    "\"Mars/Base\" (no such file in /usr/share/zoneinfo)\n"
	    "zone Mars/Base\n     ^");
	error("when a ~ x then drop", "load: r.canal:1:10: expected a pattern, "
	    "/.../\nwhen a ~ x then drop\n         ^");
	error("when a = b then set q\xffx = y", "load: r.canal:1:22: invalid "
	    "UTF-8\nwhen a = b then set q\xffx = y\n                     ^");
	error("when a = b then drop\n\twhen", "load: r.canal:2:2: expected ';' or "
	    "the end of the rule\n\twhen\n\t^");
}

/* A growing string. */
struct text {
	char *s;
	size_t len, cap;
};

static void
add(struct text *t, const char *s)
{
	size_t n = strlen(s);

	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		if ((t->s = realloc(t->s, t->cap)) == NULL)
			abort();
	}
	memcpy(t->s + t->len, s, n + 1);
	t->len += n;
}

/* "when " + n times open + "channel = social" + n times close + rest. */
static char *
nested(int n, const char *open, const char *close, const char *rest)
{
	struct text t = { 0 };
	int i;

	add(&t, "when ");
	for (i = 0; i < n; i++)
		add(&t, open);
	add(&t, "channel = social");
	for (i = 0; i < n; i++)
		add(&t, close);
	add(&t, rest);
	return t.s;
}

static void
test_nesting(void)
{
	char *r, e[512];
	const char *got;

	r = nested(RULES_MAX_DEPTH, "(", ")", " then tag hit");
	is_str(run(r, EV, 0), HEAD "\"vip\",\"b\",\"hit\"],\"text\":"
	    "\"Es una ESTAFA, quiero mi reembolso\"}", "100 parentheses");
	free(r);
	r = nested(RULES_MAX_DEPTH + 1, "(", ")", " then tag hit");
	got = run(r, EV, 0);
	snprintf(e, sizeof(e), "load: r.canal:1:106: nested deeper than 100 "
	    "levels (parentheses and 'not')\n...");
	ok(strncmp(got, e, strlen(e)) == 0, "101 parentheses: at the 101st");
	ok(strstr(got, "\n" "   " "                    "
	    "                                                  ^") != NULL,
	    "the caret under it, in the part of the line shown");
	free(r);
	r = nested(50000, "(", ")", " then tag hit");
	ok(strncmp(run(r, EV, 0), e, strlen(e)) == 0, "50,000 parentheses");
	free(r);
	r = nested(RULES_MAX_DEPTH, "not ", "", " then tag hit");
	is_str(run(r, EV, 0), HEAD "\"vip\",\"b\",\"hit\"],\"text\":"
	    "\"Es una ESTAFA, quiero mi reembolso\"}", "100 times not");
	free(r);
	r = nested(50000, "not ", "", " then tag hit");
	got = run(r, EV, 0);
	ok(strncmp(got, "load: r.canal:1:406: nested deeper than 100 levels",
	    50) == 0, "50,000 times not: at the 101st");
	free(r);
	r = nested(RULES_MAX_DEPTH / 2, "not (", ")", " then tag hit");
	is_str(run(r, EV, 0), HEAD "\"vip\",\"b\",\"hit\"],\"text\":"
	    "\"Es una ESTAFA, quiero mi reembolso\"}", "not and parentheses: "
	    "100 levels");
	free(r);
	r = nested(RULES_MAX_DEPTH / 2, "not (", ")", " and not channel = x "
	    "then tag hit");
	ok(strncmp(run(r, EV, 0), "load:", 5) != 0, "a 'not' beside the "
	    "deepest level is no deeper");
	free(r);
	r = nested(RULES_MAX_DEPTH / 2, "not (", ")", " or (not (not "
	    "channel = x)) then tag hit");
	ok(strncmp(run(r, EV, 0), "load:", 5) != 0, "levels end with their "
	    "parenthesis");
	free(r);
	r = nested(RULES_MAX_DEPTH / 2 + 1, "(not ", ")", " then tag hit");
	ok(strncmp(run(r, EV, 0), "load: r.canal:1:256: nested deeper", 34) ==
	    0, "not and parentheses: 101 levels");
	free(r);
}

/* A chain of n terms, one a line, all false but the last one. */
static char *
chain(int n, const char *op, const char *term, const char *last)
{
	struct text t = { 0 };
	char buf[64];
	int i;

	add(&t, "when n ");
	add(&t, term);
	add(&t, " x0\n");
	for (i = 1; i < n - 1; i++) {
		snprintf(buf, sizeof(buf), "\t%s n %s x%d\n", op, term, i);
		add(&t, buf);
	}
	add(&t, "\t");
	add(&t, op);
	add(&t, " ");
	add(&t, last);
	add(&t, " then tag hit");
	return t.s;
}

static void
test_chains(void)
{
	char *r;
	const char *hit = HEAD "\"vip\",\"b\",\"hit\"],\"text\":\"Es una "
	    "ESTAFA, quiero mi reembolso\"}";

	r = chain(200000, "or", "=", "n = 12");
	is_str(run(r, EV, 0), hit, "200,000 'or': the last holds");
	free(r);
	r = chain(200000, "or", "=", "n = 13");
	is_str(run(r, EV, 0), "unchanged", "200,000 'or': none holds");
	free(r);
	r = chain(200000, "and", "!=", "n = 12");
	is_str(run(r, EV, 0), hit, "200,000 'and': all hold");
	free(r);
	r = chain(200000, "and", "!=", "n = 13");
	is_str(run(r, EV, 0), "unchanged", "200,000 'and': the last fails");
	free(r);
	r = chain(200000, "or", "=", "(n = 12 and not n = 13)");
	is_str(run(r, EV, 0), hit, "a chain ending in parentheses");
	free(r);
}

#define TAGGED(tags) "{\"id\":\"a\",\"ts\":\"2024-03-04T10:00:00.000Z\"," \
    "\"tags\":" tags "}"

static void
test_tags(void)
{
	struct text t = { 0 };
	char buf[64];
	int i;

	is_str(run("when id = a then untag x", TAGGED("[\"x\",\"y\",\"x\"]"),
	    0), TAGGED("[\"y\",\"x\"]"), "untag removes the first copy");
	is_str(run("when id = a then untag x, x", TAGGED("[\"x\",\"y\",\"x\"]"),
	    0), TAGGED("[\"y\"]"), "and then the next");
	is_str(run("when id = a then untag x, x; tag x",
	    TAGGED("[\"x\",\"y\",\"x\"]"), 0), TAGGED("[\"y\",\"x\"]"),
	    "a tag given back goes at the end");
	is_str(run("when id = a then tag x, y", TAGGED("[\"x\",\"y\",\"x\"]"),
	    0), "unchanged", "tags present are not added");
	is_str(run("when id = a then untag a", TAGGED("[\"a\\u0000b\"]"), 0),
	    "unchanged", "a tag is all its bytes, a NUL too");
	/* Many adds and removals: the table grows and drops removed slots. */
	add(&t, "when id = a then tag t0");
	for (i = 1; i < 5000; i++) {
		snprintf(buf, sizeof(buf), ", t%d", i);
		add(&t, buf);
	}
	add(&t, "\nwhen id = a then untag t0");
	for (i = 1; i < 4999; i++) {
		snprintf(buf, sizeof(buf), ", t%d", i);
		add(&t, buf);
	}
	for (i = 0; i < 3000; i++)
		add(&t, "\nwhen id = a then tag z; untag z");
	add(&t, "\nwhen id = a then tag z, t4999, t1");
	is_str(run(t.s, TAGGED("[\"t5\"]"), 0), TAGGED("[\"t4999\",\"z\","
	    "\"t1\"]"), "5,000 tags, 4,999 removed, one 3,000 times");
	is_str(run(t.s, TAGGED("[\"t5\"]"), 0), TAGGED("[\"t4999\",\"z\","
	    "\"t1\"]"), "the same again (state cleared between events)");
	free(t.s);
}

static void
test_limits(void)
{
	static const char nul[] = "when a = b then tag \"x\0y\"\n";
	static const char to[] = "when id = a then to b\nwhen id = a then to "
	    "a\nwhen id = a then to b\nwhen id = x then to c";
	struct text t = { 0 };
	struct rules *r;
	struct rules_result res;
	struct scan_object obj;
	struct scan_error err;
	struct jsonl_buf b = { 0 };
	char buf[64], e[512];
	const char *got;
	int i;

	add(&t, "when id = a then set f0 = v");
	for (i = 1; i < 62; i++) {
		snprintf(buf, sizeof(buf), ", f%d = v", i);
		add(&t, buf);
	}
	add(&t, "\nwhen id = a then set f0 = w, f61 = w");
	got = run(t.s, TAGGED("[]"), 0);
	ok(strstr(got, "\"f0\":\"w\",") != NULL && strstr(got,
	    "\"f61\":\"w\"}") != NULL, "62 fields set");
	add(&t, "; set f62 = v");
	got = run(t.s, TAGGED("[]"), 0);
	is_str(got, "load: r.canal:2:43: more than 62 different fields set "
	    "(the most an event can take)\nwhen id = a then set f0 = w, f61 = "
	    "w; set f62 = v\n                                          ^",
	    "63 refused");
	free(t.s);
	e[0] = '\0';
	r = rules_parse("r.canal", nul, sizeof(nul) - 1, NULL, e, sizeof(e));
	ok(r == NULL, "a NUL byte");
	is_str(e, "r.canal:1:23: NUL byte\nwhen a = b then tag \"x\n"
	    "                      ^", "at its place (the line shown up to "
	    "it)");
	rules_free(r);
	/* Outputs: each once, in the order first sent to. */
	r = rules_parse("r.canal", to, sizeof(to) - 1, NULL, e, sizeof(e));
	ok(r != NULL, "rules with outputs");
	scan_object_init(&obj);
	(void)scan_object_parse(&obj, TAGGED("[]"), strlen(TAGGED("[]")), &err);
	for (i = 0; i < 2 && r != NULL; i++) {
		rules_eval(r, &obj, 0, 0, &b, &res);
		is_int((long long)res.noutputs, 2, "two outputs (event %d)", i);
		if (res.noutputs == 2)
			ok(strcmp(res.outputs[0], "b") == 0 &&
			    strcmp(res.outputs[1], "a") == 0, "b, then a");
	}
	scan_object_free(&obj);
	jsonl_buf_free(&b);
	rules_free(r);
}

static void
test_hours(void)
{
	struct hours h;
	const char *why;
	size_t at;
	int wd, min;

	is_int(hours_parse(&h, "mon-fri 09:00-13:00 15:00-19:00, sat 10:00-14:00",
	    48, &why, &at), 0, "two ranges, two groups");
	ok(hours_is_open(&h, 0, 9 * 60), "Monday 09:00 open");
	ok(!hours_is_open(&h, 0, 13 * 60), "Monday 13:00 closed");
	ok(hours_is_open(&h, 4, 18 * 60 + 59), "Friday 18:59 open");
	ok(hours_is_open(&h, 5, 10 * 60), "Saturday 10:00 open");
	ok(!hours_is_open(&h, 6, 11 * 60), "Sunday closed");
	is_int(hours_parse(&h, "fri-mon 22:00-24:00", 19, &why, &at), 0,
	    "wrapping days, 24:00");
	ok(hours_is_open(&h, 6, 23 * 60 + 59) && hours_is_open(&h, 0, 22 * 60) &&
	    !hours_is_open(&h, 1, 22 * 60), "Fri to Mon, not Tue");
	is_int(hours_parse(&h, "daily 00:00-24:00", 17, &why, &at), 0, "daily");
	ok(hours_is_open(&h, 3, 0), "always open");
	is_int(hours_parse(&h, "mon 18:00-09:00", 15, &why, &at), -1,
	    "across midnight");
	is_str(why, "a range ends after it starts (never across midnight: "
	    "write two)", "why");
	is_int((long long)at, 15, "where");
	is_int(hours_parse(&h, "someday 09:00-10:00", 19, &why, &at), -1,
	    "a bad day");
	is_int((long long)at, 0, "at its start");
	is_int(hours_parse(&h, "", 0, &why, &at), -1, "empty");
	hours_local_minute(-60, &wd, &min);
	is_int(wd, 2, "1969-12-31 was a Wednesday");
	is_int(min, 1439, "23:59");
}

static void
test_splice(void)
{
	static const char line[] = "{\"a\":1, \"b\":\"x\\\"y\",\"c\":{\"d\":[1,2]},"
	    "\"e\":null}";
	struct scan_object obj;
	struct scan_error err;
	struct jsonl_buf out = { 0 };
	const char *want;
	struct splice_field f[3] = {
		{ "b", "\"new\"", 5 }, { "e", NULL, 0 }, { "z", "[true]", 6 }
	};

	scan_object_init(&obj);
	is_int(scan_object_parse(&obj, line, strlen(line), &err), 0, "parsed");
	splice_line(&out, &obj, f, 3);
	want = "{\"a\":1,\"b\":\"new\",\"c\":{\"d\":[1,2]},\"z\":[true]}";
	is_mem(out.data, out.len, want, strlen(want), "replaced in place, "
	    "removed, added at the end");
	is_int(scan_object_split(&obj, line, strlen(line)), 0, "split");
	is_int((long long)obj.count, 4, "four members split");
	is_mem(obj.members[1].value, obj.members[1].value_len, "x\\\"y", 4,
	    "a string with an escaped quote");
	ok(obj.members[1].value_escaped, "marked escaped");
	splice_line(&out, &obj, f, 0);
	want = "{\"a\":1,\"b\":\"x\\\"y\",\"c\":{\"d\":[1,2]},\"e\":null}";
	is_mem(out.data, out.len, want, strlen(want), "nothing set: the "
	    "members again");
	is_int(scan_object_split(&obj, "{\"a\":\"x", 7), -1, "unterminated");
	jsonl_buf_free(&out);
	scan_object_free(&obj);
}

int
main(void)
{
	char err[256];

	if ((madrid = tz_load("Europe/Madrid", err, sizeof(err))) == NULL) {
		diag("%s", err);
		return 1;
	}
	test_conditions();
	test_actions();
	test_errors();
	test_nesting();
	test_chains();
	test_tags();
	test_limits();
	test_hours();
	test_splice();
	tz_free(madrid);
	return done_testing();
}
