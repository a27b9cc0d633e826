/*
 * test-jsontext.c - JSON text as bytes: where a value ends (and why it
 * does not), white space removed outside strings, and an object's members
 * passed into a record unchanged.
 */
#include <stdlib.h>
#include <string.h>

#include "jsontext.h"
#include "unit.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A value at offset start of text and where it ends. */
static const struct {
	const char *text;
	size_t start, end;
} ends[] = {
	{ "{}", 0, 2 },
	{ "[]  ,", 0, 2 },
	{ "{\"a\":[1,{\"b\":\"}]\"}]} {", 0, 20 },
	{ "\"plain\" ", 0, 7 },
	{ "\"esc \\\" \\\\\",", 0, 11 },
	{ "\"\\\\\\\\\"x", 0, 6 },
	{ "123.5e3,", 0, 7 },
	{ "true]", 0, 4 },
	{ "null", 0, 4 },
	{ "x, ", 0, 1 },
	{ "[1, 2] [3]", 7, 10 },
	{ "{\"k\":\"\xc3\xa9 \xf0\x9f\x98\x80\"}", 0, 15 },
	{ "{\"q\":\"a\\\\\"}", 0, 11 },
};

/* A value whose end cannot be found: where and why. */
static const struct {
	const char *text;
	size_t at;
	const char *why;
} faults[] = {
	{ "", 0, "expected a value" },
	{ " {}", 0, "expected a value" },
	{ ",", 0, "expected a value" },
	{ "]", 0, "expected a value" },
	{ "{\"a\":[1,2", 9, "truncated array" },
	{ "[{\"a\":1", 7, "truncated object" },
	{ "{\"a\":\"open", 5, "unterminated string" },
	{ "\"ends in escape\\\"", 0, "unterminated string" },
	{ "{\"a\":[1}", 7, "mismatched '}'" },
	{ "[1,2}", 4, "mismatched '}'" },
	{ "{]", 1, "mismatched ']'" },
};

static void
test_value_end(void)
{
	const char *why;
	size_t i, end;
	int r;

	for (i = 0; i < NELEM(ends); i++) {
		end = 0;
		r = jsontext_value_end(ends[i].text, strlen(ends[i].text),
		    ends[i].start, &end, &why);
		is_int(r, 0, "value end #%zu found", i);
		is_int((long long)end, (long long)ends[i].end,
		    "value end #%zu at the right byte", i);
	}
	for (i = 0; i < NELEM(faults); i++) {
		why = NULL;
		r = jsontext_value_end(faults[i].text, strlen(faults[i].text),
		    0, &end, &why);
		is_int(r, -1, "fault #%zu refused", i);
		is_int((long long)end, (long long)faults[i].at,
		    "fault #%zu placed", i);
		is_str(why, faults[i].why, "fault #%zu explained", i);
	}
}

static void
test_depth(void)
{
	size_t n = SCAN_MAX_DEPTH + 10, i, end;
	char *deep = malloc(2 * n);
	const char *why = NULL;

	for (i = 0; i < n; i++) {
		deep[i] = '[';
		deep[2 * n - 1 - i] = ']';
	}
	is_int(jsontext_value_end(deep, 2 * n, 0, &end, &why), -1,
	    "hostile nesting refused");
	is_str(why, "nesting too deep", "nesting reason");
	is_int(jsontext_value_end(deep + 11, 2 * n - 22, 0, &end, &why), 0,
	    "nesting just under the limit accepted");
	free(deep);
}

static void
test_minify(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "{ \"a\" : [ 1 , 2 ] }", "{\"a\":[1,2]}" },
		{ "{\n\t\"s\": \"keep  these\\\" spaces \",\r\n\"n\": 1.50\n}",
		  "{\"s\":\"keep  these\\\" spaces \",\"n\":1.50}" },
		{ "[\"\\\\\" , \"x y\"]", "[\"\\\\\",\"x y\"]" },
		{ "  ", "" },
		{ "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"", "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"" },
	};
	struct jsonl_buf b = { NULL, 0, 0 };
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		b.len = 0;
		jsonl_buf_append(&b, "<", 1);
		jsontext_minify(&b, cases[i].in, strlen(cases[i].in));
		jsonl_buf_append(&b, ">", 1);
		is_mem(b.data + 1, b.len - 2, cases[i].out,
		    strlen(cases[i].out), "minify #%zu", i);
	}
	jsonl_buf_free(&b);
}

/* Parses text, passes its members into a record and returns the record's
   text, or NULL with *why. */
static struct jsonl_buf scratch;

static const char *
members(struct record *r, const char *text, int minify, const char **why,
    size_t *at)
{
	const char *where = NULL;
	struct scan_object obj;
	struct scan_error err;
	size_t len;
	int ok;

	scan_object_init(&obj);
	ok = scan_object_parse(&obj, text, strlen(text), &err) == 0;
	is_int(ok, 1, "valid input");
	record_begin(r);
	if (ok && jsontext_record(r, &obj, minify, &scratch, why,
	    &where) != 0) {
		ok = 0;
		*at = (size_t)(where - text);
	}
	scan_object_free(&obj);
	if (!ok)
		return NULL;
	return record_end(r, "jsonl", "in.jsonl", 4, 0, 2, &len);
}

static void
test_record(void)
{
	struct record r;
	const char *why = NULL;
	size_t at = 0;

	record_init(&r);
	is_str(members(&r, "{\"id\": 12345678901234567890, \"price\":1.50,"
	    "\"s\":\"a\\u00e9\\n\",\"o\":{ \"k\" : [1, 2] },\"t\":true,"
	    "\"n\":null}", 0, &why, &at),
	    "{\"id\":12345678901234567890,\"price\":1.50,\"s\":\"a\\u00e9\\n\","
	    "\"o\":{ \"k\" : [1, 2] },\"t\":true,\"n\":null,"
	    "\"src\":{\"format\":\"jsonl\",\"file\":\"in.jsonl\",\"line\":4,"
	    "\"index\":2}}",
	    "values keep their text, containers their spaces");
	is_str(members(&r, "{\"o\":{ \"k\" : [1, 2] },\"e\":[ ]}", 1, &why,
	    &at),
	    "{\"o\":{\"k\":[1,2]},\"e\":[],"
	    "\"src\":{\"format\":\"jsonl\",\"file\":\"in.jsonl\",\"line\":4,"
	    "\"index\":2}}",
	    "minify takes the spaces out of containers");
	is_str(members(&r, "{\"src\":\"web\",\"_src\":1,\"caf\\u00e9\":2,"
	    "\"a\\\"b\":3}", 0, &why, &at),
	    "{\"_src\":\"web\",\"_src_2\":1,\"caf\xc3\xa9\":2,\"a\\\"b\":3,"
	    "\"src\":{\"format\":\"jsonl\",\"file\":\"in.jsonl\",\"line\":4,"
	    "\"index\":2}}",
	    "src renamed, escaped keys decoded and written again");
	is_str(members(&r, "{}", 0, &why, &at),
	    "{\"src\":{\"format\":\"jsonl\",\"file\":\"in.jsonl\",\"line\":4,"
	    "\"index\":2}}", "an empty object");
	ok(members(&r, "{\"a\":1,\"b\\u0000c\":2}", 0, &why, &at) == NULL,
	    "a key holding U+0000 is refused");
	is_str(why, "a field name holds U+0000", "and why");
	is_int((long long)at, 7, "and where");
	record_free(&r);
	jsonl_buf_free(&scratch);
}

int
main(void)
{
	test_value_end();
	test_depth();
	test_minify();
	test_record();
	return done_testing();
}
