/*
 * test-splice.c - members of a JSON line set without a tree: a replaced
 * member keeps its place, a removed one leaves no comma behind, added
 * ones go at the end in the order given, every other member keeps its
 * bytes (escaped keys, nested values, strings with escapes), and the
 * result is one valid object.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "scan.h"
#include "splice.h"
#include "unit.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define F(k, v) { (k), (v), sizeof(v) - 1 }
#define DEL(k) { (k), NULL, 0 }

struct splice_case {
	const char *what;
	const char *line;
	struct splice_field fields[4];
	size_t n;
	const char *want;
};

static const struct splice_case cases[] = {
	{ "replaced in place", "{\"id\":\"a\",\"customer\":\"x\",\"n\":1}",
	  { F("customer", "\"cust-1\"") }, 1,
	  "{\"id\":\"a\",\"customer\":\"cust-1\",\"n\":1}" },
	{ "replaced first", "{\"customer\":\"x\",\"id\":\"a\"}",
	  { F("customer", "\"c\"") }, 1, "{\"customer\":\"c\",\"id\":\"a\"}" },
	{ "replaced last", "{\"id\":\"a\",\"customer\":\"x\"}",
	  { F("customer", "\"c\"") }, 1, "{\"id\":\"a\",\"customer\":\"c\"}" },
	{ "an object replaced by a string", "{\"customer\":{\"a\":[1]},\"z\":0}",
	  { F("customer", "\"c\"") }, 1, "{\"customer\":\"c\",\"z\":0}" },
	{ "a string replaced by an array", "{\"case_channels\":\"x\",\"z\":0}",
	  { F("case_channels", "[\"email\",\"phone\"]") }, 1,
	  "{\"case_channels\":[\"email\",\"phone\"],\"z\":0}" },
	{ "removed first", "{\"customer\":\"x\",\"id\":\"a\",\"n\":1}",
	  { DEL("customer") }, 1, "{\"id\":\"a\",\"n\":1}" },
	{ "removed in the middle", "{\"id\":\"a\",\"customer\":\"x\",\"n\":1}",
	  { DEL("customer") }, 1, "{\"id\":\"a\",\"n\":1}" },
	{ "removed last", "{\"id\":\"a\",\"n\":1,\"customer\":\"x\"}",
	  { DEL("customer") }, 1, "{\"id\":\"a\",\"n\":1}" },
	{ "removing what is not there", "{\"id\":\"a\"}",
	  { DEL("customer") }, 1, "{\"id\":\"a\"}" },
	{ "everything removed", "{\"a\":1,\"b\":2}",
	  { DEL("b"), DEL("a") }, 2, "{}" },
	{ "added at the end", "{\"id\":\"a\"}",
	  { F("case", "\"k\""), F("case_channels", "[\"sms\"]") }, 2,
	  "{\"id\":\"a\",\"case\":\"k\",\"case_channels\":[\"sms\"]}" },
	{ "replaced and added", "{\"conversation\":\"c1\",\"id\":\"a\"}",
	  { F("customer", "\"k\""), F("conversation", "\"c2\"") }, 2,
	  "{\"conversation\":\"c2\",\"id\":\"a\",\"customer\":\"k\"}" },
	{ "all replaced, the line's order kept",
	  "{\"customer\":\"a\",\"conversation\":\"b\",\"case\":\"c\"}",
	  { F("case", "\"3\""), F("customer", "\"1\""),
	    F("conversation", "\"2\"") }, 3,
	  "{\"customer\":\"1\",\"conversation\":\"2\",\"case\":\"3\"}" },
	{ "compact runs broken by white space, then by a replacement",
	  "{\"a\":1,\"b\":\",\", \"c\":[3,4] ,\"d\":{},\"e\":5,\"f\":6,"
	  "\"g\":7}", { F("e", "50") }, 1,
	  "{\"a\":1,\"b\":\",\",\"c\":[3,4],\"d\":{},\"e\":50,\"f\":6,"
	  "\"g\":7}" },
	{ "a run ends at a removed member, the next starts after it",
	  "{\"a\":1,\"b\":2,\"x\":0,\"c\":3,\"d\":4}", { DEL("x") }, 1,
	  "{\"a\":1,\"b\":2,\"c\":3,\"d\":4}" },
	{ "white space before the first member and after the last",
	  "{ \"a\":1,\"b\":2 }", { F("c", "3") }, 1,
	  "{\"a\":1,\"b\":2,\"c\":3}" },
	{ "an empty object, nothing to do", "{}", { { NULL, NULL, 0 } }, 0,
	  "{}" },
	{ "an empty object, one added", "{}", { F("customer", "\"c\"") }, 1,
	  "{\"customer\":\"c\"}" },
	{ "an empty object, one removed", "{ }", { DEL("customer") }, 1,
	  "{}" },
	{ "an empty object, two added", "{}",
	  { F("a", "1"), F("b", "null") }, 2, "{\"a\":1,\"b\":null}" },
	{ "an escaped key is found", "{\"cu\\u0073tomer\":\"x\",\"id\":\"a\"}",
	  { F("customer", "\"c\"") }, 1, "{\"customer\":\"c\",\"id\":\"a\"}" },
	{ "an escaped key is removed", "{\"id\":\"a\",\"\\u0063ase\":\"x\"}",
	  { DEL("case") }, 1, "{\"id\":\"a\"}" },
	{ "other escaped keys keep their bytes",
	  "{\"\\u0061\\\"\\\\\":1,\"customer\":\"x\"}",
	  { F("customer", "\"c\"") }, 1,
	  "{\"\\u0061\\\"\\\\\":1,\"customer\":\"c\"}" },
	{ "a key that only starts alike",
	  "{\"customerx\":1,\"custome\":2,\"Customer\":3}",
	  { F("customer", "\"c\"") }, 1,
	  "{\"customerx\":1,\"custome\":2,\"Customer\":3,\"customer\":\"c\"}" },
	{ "the empty key", "{\"\":1,\"x\":2}", { F("", "3") }, 1,
	  "{\"\":3,\"x\":2}" },
	{ "nested values keep their bytes",
	  "{\"ids\":{\"email\":\"a@b.es\",\"customer\":\"no\"},"
	  "\"tags\":[1,{\"y\":\"}]\"},[]],\"customer\":\"x\"}",
	  { F("customer", "\"c\"") }, 1,
	  "{\"ids\":{\"email\":\"a@b.es\",\"customer\":\"no\"},"
	  "\"tags\":[1,{\"y\":\"}]\"},[]],\"customer\":\"c\"}" },
	{ "a nested member of the name is not top-level",
	  "{\"ids\":{\"case\":\"x\"}}", { F("case", "\"c\"") }, 1,
	  "{\"ids\":{\"case\":\"x\"},\"case\":\"c\"}" },
	{ "strings with escapes keep their bytes",
	  "{\"text\":\"a\\\"b\\\\c\\n\\u00e9\\ud83c\\udf89\",\"customer\":\"q\\\"x\","
	  "\"s\":\"\\\\\"}",
	  { F("customer", "\"c\"") }, 1,
	  "{\"text\":\"a\\\"b\\\\c\\n\\u00e9\\ud83c\\udf89\",\"customer\":\"c\","
	  "\"s\":\"\\\\\"}" },
	{ "numbers, true, false, null",
	  "{\"a\":-1.5e+3,\"b\":true,\"c\":false,\"d\":null,\"e\":0}",
	  { DEL("b"), F("f", "2") }, 2,
	  "{\"a\":-1.5e+3,\"c\":false,\"d\":null,\"e\":0,\"f\":2}" },
	{ "white space between members goes, inside stays",
	  " {\t\"a\" : 1 ,\n \"b\" :\"x\" , \"c\":[ 1, 2 ] } ",
	  { F("b", "\"y\"") }, 1,
	  "{\"a\" : 1,\"b\":\"y\",\"c\":[ 1, 2 ]}" },
	{ "non-ASCII keys and values",
	  "{\"\xc3\xa9t\xc3\xa9\":\"\xe6\x97\xa5\",\"customer\":\"x\"}",
	  { F("customer", "\"\xe2\x82\xac\"") }, 1,
	  "{\"\xc3\xa9t\xc3\xa9\":\"\xe6\x97\xa5\",\"customer\":\"\xe2\x82\xac\"}" },
};

static void
check(struct jsonl_buf *out, struct scan_object *obj, const char *what,
    const char *line, const struct splice_field *fields, size_t n,
    const char *want)
{
	struct scan_object again;
	struct scan_error err;

	if (scan_object_parse(obj, line, strlen(line), &err) != 0) {
		ok(0, "%s: the test's line parses (%s)", what, err.reason);
		return;
	}
	splice_line(out, obj, fields, n);
	is_mem(out->data, out->len, want, strlen(want), "%s", what);
	scan_object_init(&again);
	ok(scan_object_parse(&again, out->data, out->len, &err) == 0,
	    "%s: one valid object", what);
	scan_object_free(&again);
}

static void
test_cases(void)
{
	struct jsonl_buf out = { 0 };
	struct scan_object obj;
	size_t i;

	scan_object_init(&obj);
	/* The same buffer every time: it is cleared first. */
	for (i = 0; i < NELEM(cases); i++)
		check(&out, &obj, cases[i].what, cases[i].line,
		    cases[i].fields, cases[i].n, cases[i].want);
	scan_object_free(&obj);
	jsonl_buf_free(&out);
}

/* Values given with their length: json need not end at json_len. */
static void
test_lengths(void)
{
	static const char values[] = "\"one\"\"two\"";
	struct splice_field f[2] = {
		{ "a", values, 5 }, { "b", values + 5, 5 }
	};
	struct jsonl_buf out = { 0 };
	struct scan_object obj;

	scan_object_init(&obj);
	check(&out, &obj, "values by length", "{\"b\":0}", f, 2,
	    "{\"b\":\"two\",\"a\":\"one\"}");
	scan_object_free(&obj);
	jsonl_buf_free(&out);
}

/* At most 64 fields: the 65th and later are ignored. */
static void
test_many(void)
{
	struct splice_field f[70];
	struct jsonl_buf out = { 0 }, want = { 0 };
	struct scan_object obj;
	char keys[70][8];
	size_t i;

	for (i = 0; i < 70; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%zu", i);
		f[i] = (struct splice_field){ keys[i], "1", 1 };
	}
	jsonl_buf_append(&want, "{\"k0\":1", 7);
	for (i = 1; i < 64; i++) {
		char m[16];
		int n = snprintf(m, sizeof(m), ",\"k%zu\":1", i);

		jsonl_buf_append(&want, m, (size_t)n);
	}
	jsonl_buf_append(&want, "}", 1);
	jsonl_buf_append(&want, "", 1);
	scan_object_init(&obj);
	check(&out, &obj, "64 fields at most", "{}", f, 70, want.data);
	/* Field 63 is replaced in place, field 64 left as it was. */
	want.len = 0;
	jsonl_buf_append(&want, "{\"k64\":0,\"k63\":1", 16);
	for (i = 0; i < 63; i++) {
		char m[16];
		int n = snprintf(m, sizeof(m), ",\"k%zu\":1", i);

		jsonl_buf_append(&want, m, (size_t)n);
	}
	jsonl_buf_append(&want, "}", 1);
	jsonl_buf_append(&want, "", 1);
	check(&out, &obj, "the 64th and the 65th", "{\"k64\":0,\"k63\":0}",
	    f, 70, want.data);
	scan_object_free(&obj);
	jsonl_buf_free(&out);
	jsonl_buf_free(&want);
}

/* Members split by scan_object_split(), as canal-merge's second reading. */
static void
test_split(void)
{
	static const char line[] = "{\"id\":\"a\",\"c\\u0061se\":\"x\","
	    "\"text\":\"\\\"}\",\"n\":[{}]}";
	struct splice_field f[1] = { F("case", "\"k\"") };
	struct jsonl_buf out = { 0 };
	struct scan_object obj;
	const char *want = "{\"id\":\"a\",\"case\":\"k\",\"text\":\"\\\"}\","
	    "\"n\":[{}]}";

	scan_object_init(&obj);
	is_int(scan_object_split(&obj, line, sizeof(line) - 1), 0, "split");
	splice_line(&out, &obj, f, 1);
	is_mem(out.data, out.len, want, strlen(want), "spliced after a split");
	scan_object_free(&obj);
	jsonl_buf_free(&out);
}

int
main(void)
{
	test_cases();
	test_lengths();
	test_many();
	test_split();
	return done_testing();
}
