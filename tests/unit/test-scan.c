/*
 * test-scan.c - the zero-copy JSON validator: what it accepts, what it
 * rejects (exact reason and byte offset), the member spans it records, and
 * its helpers; the value of a number, whatever its length.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"
#include "unit.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Texts that are one valid object, with their top-level member count. */
static const struct {
	const char *text;
	size_t count;
} valid_objects[] = {
	{ "{}", 0 },
	{ " { } ", 0 },
	{ "\t\r\n {\"a\" : 1 , \"b\" :2 }\n\t ", 2 },
	{ "{\"a\":1}", 1 },
	{ "{\"\":\"\"}", 1 },
	{ "{\"a\":{\"b\":[1,2,{\"c\":null}]},\"d\":[],\"e\":{}}", 3 },
	{ "{\"a\":[[[[[]]]]],\"b\":[{},{\"x\":[{}]}]}", 2 },
	{ "{\"s\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"}", 1 },
	{ "{\"u\":\"\\u0041\\u00e9\\u20AC\\uffff\\u0000\"}", 1 },
	{ "{\"p\":\"\\ud83c\\udf89\",\"q\":\"\\uDBFF\\uDFFF\"}", 2 },
	{ "{\"\xc3\xa9\":\"\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\x89\"}", 1 },
	{ "{\"max\":\"\xf4\x8f\xbf\xbf\",\"bom\":\"\xef\xbb\xbf\",\"del\":\"\x7f\"}", 3 },
	{ "{\"n\":0,\"m\":-0,\"o\":1,\"p\":-1,\"q\":123,\"r\":-1234567890}", 6 },
	{ "{\"a\":1.5,\"b\":-1.5,\"c\":0.5,\"d\":-0.0,\"e\":10.000}", 5 },
	{ "{\"a\":1e10,\"b\":1E10,\"c\":1e+10,\"d\":1e-10,\"e\":1.5e3,"
	  "\"f\":-0.0e-0,\"g\":0E+00}", 7 },
	{ "{\"big\":123456789012345678901234567890.123456789e-999999}", 1 },
	{ "{\"t\":true,\"f\":false,\"n\":null}", 3 },
	{ "{\"a\":[1,\"x\",true,false,null,{},[],-2.5e-3]}", 1 },
	{ "{\"a\" \t:\r\n[ 1 , 2 ] , \"b\" : { \"c\" : \"d\" } }", 2 },
	{ "{\"ts\":1,\"TS\":2,\"t s\":3,\"ts \":4}", 4 },
	{ "{\"a\":{\"a\":1,\"a\":2}}", 1 },	/* nested duplicates: not checked */
};

/* Texts rejected, with the exact reason and offset.  len 0: strlen. */
struct bad_case {
	const char *what;
	const char *text;
	size_t len;
	const char *reason;
	size_t offset;
};

#define TRUNC_OBJ "truncated object"
#define BAD_UTF8 "invalid UTF-8"
#define SEP_OBJ "expected ',' or '}'"
#define SEP_ARR "expected ',' or ']'"
#define BAD_NUM "invalid number"
#define BAD_VAL "invalid value"
#define LONE "lone surrogate \\u escape in string"
#define DUP "duplicate field"

static const struct bad_case bad_objects[] = {
	{ "empty", "", 0, "empty line", 0 },
	{ "blank", "  \t", 0, "empty line", 3 },
	{ "array", "[]", 0, "not a JSON object", 0 },
	{ "array after space", "  [1]", 0, "not a JSON object", 2 },
	{ "string", "\"x\"", 0, "not a JSON object", 0 },
	{ "number", "1", 0, "not a JSON object", 0 },
	{ "null", "null", 0, "not a JSON object", 0 },
	{ "BOM", "\xef\xbb\xbf{}", 0, "not a JSON object", 0 },
	/* truncated at several points */
	{ "trunc {", "{", 0, TRUNC_OBJ, 1 },
	{ "trunc { ", "{ ", 0, TRUNC_OBJ, 2 },
	{ "trunc in key", "{\"a", 0, "unterminated string", 1 },
	{ "trunc after key", "{\"a\"", 0, "expected ':' after key", 4 },
	{ "trunc after :", "{\"a\":", 0, "truncated value", 5 },
	{ "trunc after : ws", "{\"a\": ", 0, "truncated value", 6 },
	{ "trunc after value", "{\"a\":1", 0, TRUNC_OBJ, 6 },
	{ "trunc after ,", "{\"a\":1,", 0, TRUNC_OBJ, 7 },
	{ "trunc in string", "{\"a\":\"xy", 0, "unterminated string", 5 },
	{ "trunc in escape", "{\"a\":\"\\", 0, "unterminated string", 6 },
	{ "trunc in \\u", "{\"a\":\"\\u12", 0, "invalid \\u escape in string",
	  6 },
	{ "trunc in literal", "{\"a\":tru", 0, BAD_VAL, 5 },
	{ "trunc in array", "{\"a\":[1,2", 0, "truncated array", 9 },
	{ "trunc in array after ,", "{\"a\":[1,", 0, "truncated value", 8 },
	{ "trunc in nested obj", "{\"a\":{\"b\":1", 0, TRUNC_OBJ, 11 },
	{ "trunc nested after key", "{\"a\":{\"b\"", 0,
	  "expected ':' after key", 9 },
	{ "trunc in number", "{\"a\":-", 0, BAD_NUM, 5 },
	{ "trunc in exponent", "{\"a\":1e", 0, BAD_NUM, 5 },
	/* structure */
	{ "trailing comma", "{\"a\":1,}", 0, "expected a string key", 7 },
	{ "lone comma", "{,}", 0, "expected a string key", 1 },
	{ "number key", "{1:2}", 0, "expected a string key", 1 },
	{ "single quotes", "{'a':1}", 0, "expected a string key", 1 },
	{ "missing colon", "{\"a\" 1}", 0, "expected ':' after key", 5 },
	{ "missing comma", "{\"a\":1 \"b\":2}", 0, SEP_OBJ, 7 },
	{ "array in object closed by ]", "{\"a\":1]", 0, SEP_OBJ, 6 },
	{ "nested missing comma", "{\"a\":[1 2]}", 0, SEP_ARR, 8 },
	{ "nested trailing comma", "{\"a\":[1,]}", 0, BAD_VAL, 8 },
	{ "nested obj trailing comma", "{\"a\":{\"b\":1,}}", 0,
	  "expected a string key", 12 },
	{ "mismatched close", "{\"a\":[1}", 0, SEP_ARR, 7 },
	{ "text after", "{\"a\":1} x", 0, "text after the JSON value", 8 },
	{ "two objects", "{}{}", 0, "text after the JSON value", 2 },
	{ "NUL after", "{}\0", 3, "text after the JSON value", 2 },
	{ "comment", "{} // c", 0, "text after the JSON value", 3 },
	{ "form feed is not white space", "{}\f", 0,
	  "text after the JSON value", 2 },
	/* values */
	{ "leading zero", "{\"a\":01}", 0, SEP_OBJ, 6 },
	{ "negative leading zero", "{\"a\":-01}", 0, SEP_OBJ, 7 },
	{ "leading zero in array", "{\"a\":[00]}", 0, SEP_ARR, 7 },
	{ "1.", "{\"a\":1.}", 0, BAD_NUM, 5 },
	{ "-", "{\"a\":-}", 0, BAD_NUM, 5 },
	{ "-a", "{\"a\":-a}", 0, BAD_NUM, 5 },
	{ "1e", "{\"a\":1e}", 0, BAD_NUM, 5 },
	{ "1e+", "{\"a\":1e+}", 0, BAD_NUM, 5 },
	{ "1.e5", "{\"a\":1.e5}", 0, BAD_NUM, 5 },
	{ ".5", "{\"a\":.5}", 0, BAD_VAL, 5 },
	{ "+1", "{\"a\":+1}", 0, BAD_VAL, 5 },
	{ "NaN", "{\"a\":NaN}", 0, BAD_VAL, 5 },
	{ "Infinity", "{\"a\":Infinity}", 0, BAD_VAL, 5 },
	{ "-Infinity", "{\"a\":-Infinity}", 0, BAD_NUM, 5 },
	{ "True", "{\"a\":True}", 0, BAD_VAL, 5 },
	{ "nul", "{\"a\":nul}", 0, BAD_VAL, 5 },
	{ "truex", "{\"a\":truex}", 0, SEP_OBJ, 9 },
	{ "hex", "{\"a\":0x1}", 0, SEP_OBJ, 6 },
	{ "missing value", "{\"a\":}", 0, BAD_VAL, 5 },
	{ "bare word", "{\"a\":x}", 0, BAD_VAL, 5 },
	/* strings: invalid UTF-8, at offset 6 unless said */
	{ "overlong C0 80", "{\"a\":\"\xc0\x80\"}", 0, BAD_UTF8, 6 },
	{ "overlong C1 BF", "{\"a\":\"\xc1\xbf\"}", 0, BAD_UTF8, 6 },
	{ "overlong E0 80 80", "{\"a\":\"\xe0\x80\x80\"}", 0, BAD_UTF8, 6 },
	{ "overlong E0 9F BF", "{\"a\":\"\xe0\x9f\xbf\"}", 0, BAD_UTF8, 6 },
	{ "overlong F0 80 80 80", "{\"a\":\"\xf0\x80\x80\x80\"}", 0,
	  BAD_UTF8, 6 },
	{ "surrogate ED A0 80", "{\"a\":\"\xed\xa0\x80\"}", 0, BAD_UTF8, 6 },
	{ "surrogate ED BF BF", "{\"a\":\"\xed\xbf\xbf\"}", 0, BAD_UTF8, 6 },
	{ "F5", "{\"a\":\"\xf5\x80\x80\x80\"}", 0, BAD_UTF8, 6 },
	{ "FF", "{\"a\":\"\xff\"}", 0, BAD_UTF8, 6 },
	{ "above U+10FFFF", "{\"a\":\"\xf4\x90\x80\x80\"}", 0, BAD_UTF8, 6 },
	{ "lone continuation", "{\"a\":\"\x80\"}", 0, BAD_UTF8, 6 },
	{ "truncated 2-byte", "{\"a\":\"\xc3\"}", 0, BAD_UTF8, 6 },
	{ "truncated 3-byte", "{\"a\":\"\xe2\x82\"}", 0, BAD_UTF8, 6 },
	{ "truncated 4-byte", "{\"a\":\"\xf0\x9f\x8e\"}", 0, BAD_UTF8, 6 },
	{ "truncated at end of text", "{\"a\":\"\xe2\x82", 0, BAD_UTF8, 6 },
	{ "bad byte after good", "{\"a\":\"ab\xc3\xa9\xc3\"}", 0, BAD_UTF8,
	  10 },
	{ "bad UTF-8 in key", "{\"\xc0\x80\":1}", 0, BAD_UTF8, 2 },
	{ "bad UTF-8 as value", "{\"a\":\xff}", 0, BAD_UTF8, 5 },
	{ "good UTF-8 as value", "{\"a\":\xc3\xa9}", 0, BAD_VAL, 5 },
	{ "bad UTF-8 as key", "{\xff:1}", 0, "expected a string key", 1 },
	{ "NUL in string", "{\"a\":\"x\0y\"}", 11, "NUL byte in string", 7 },
	{ "NUL in key", "{\"\0\":1}", 7, "NUL byte in string", 2 },
	{ "tab in string", "{\"a\":\"x\ty\"}", 0,
	  "unescaped control character in string", 7 },
	{ "newline in string", "{\"a\":\"\n\"}", 0,
	  "unescaped control character in string", 6 },
	{ "0x1f in string", "{\"a\":\"\x1f\"}", 0,
	  "unescaped control character in string", 6 },
	{ "bad escape \\x", "{\"a\":\"\\x41\"}", 0, "invalid escape in string",
	  6 },
	{ "bad escape \\U", "{\"a\":\"\\U0041\"}", 0,
	  "invalid escape in string", 6 },
	{ "bad escape \\'", "{\"a\":\"\\'\"}", 0, "invalid escape in string",
	  6 },
	{ "bad escape \\0", "{\"a\":\"\\0\"}", 0, "invalid escape in string",
	  6 },
	{ "bad \\u hex", "{\"a\":\"\\u00g0\"}", 0,
	  "invalid \\u escape in string", 6 },
	{ "short \\u", "{\"a\":\"\\u41\"}", 0, "invalid \\u escape in string",
	  6 },
	{ "lone \\ud800", "{\"a\":\"\\ud800\"}", 0, LONE, 6 },
	{ "lone \\udc00", "{\"a\":\"\\udc00\"}", 0, LONE, 6 },
	{ "lone \\uDFFF", "{\"a\":\"x\\uDFFF\"}", 0, LONE, 7 },
	{ "high then letter", "{\"a\":\"\\ud800x\"}", 0, LONE, 6 },
	{ "high then \\u0041", "{\"a\":\"\\ud800\\u0041\"}", 0, LONE, 6 },
	{ "high then high", "{\"a\":\"\\ud800\\ud800\"}", 0, LONE, 6 },
	{ "high then \\n", "{\"a\":\"\\ud800\\n\"}", 0, LONE, 6 },
	{ "low then high", "{\"a\":\"\\udc00\\ud800\"}", 0, LONE, 6 },
	{ "lone surrogate in key", "{\"\\ud800\":1}", 0, LONE, 2 },
	{ "lone surrogate nested", "{\"a\":[\"\\udc00\"]}", 0, LONE, 7 },
	/* duplicates: offset of the second key's quote */
	{ "duplicate", "{\"ts\":1,\"ts\":2}", 0, DUP, 8 },
	{ "duplicate later", "{\"a\":1,\"b\":2,\"a\":3}", 0, DUP, 13 },
	{ "duplicate escaped second", "{\"ts\":1,\"t\\u0073\":2}", 0, DUP, 8 },
	{ "duplicate escaped first", "{\"t\\u0073\":1,\"ts\":2}", 0, DUP,
	  13 },
	{ "duplicate both escaped", "{\"\\u0074s\":1,\"t\\u0073\":2}", 0, DUP,
	  13 },
	{ "duplicate \\/", "{\"a/b\":1,\"a\\/b\":2}", 0, DUP, 9 },
	{ "duplicate empty key", "{\"\":1,\"\":2}", 0, DUP, 6 },
	{ "duplicate UTF-8 vs escape", "{\"\xc3\xa9\":1,\"\\u00e9\":2}", 0,
	  DUP, 8 },
	{ "duplicate pair vs raw",
	  "{\"\xf0\x9f\x8e\x89\":1,\"\\ud83c\\udf89\":2}", 0, DUP, 10 },
	/* a syntax error wins over a duplicate before it */
	{ "duplicate then error", "{\"a\":1,\"a\":2,}", 0,
	  "expected a string key", 13 },
};

static const struct bad_case bad_arrays[] = {
	{ "array: object", "{}", 0, "not a JSON array", 0 },
	{ "array: empty", "", 0, "empty line", 0 },
	{ "array: open", "[", 0, "truncated value", 1 },
	{ "array: trailing comma", "[1,]", 0, BAD_VAL, 3 },
	{ "array: missing comma", "[1 2]", 0, SEP_ARR, 3 },
	{ "array: unclosed", "[1", 0, "truncated array", 2 },
	{ "array: closed by }", "[1}", 0, SEP_ARR, 2 },
	{ "array: text after", "[] 1", 0, "text after the JSON value", 3 },
	{ "array: bad string", "[\"\xc0\x80\"]", 0, BAD_UTF8, 2 },
};

static void
check_bad(const struct bad_case *c, size_t n,
    int (*parse)(struct scan_object *, const char *, size_t,
    struct scan_error *))
{
	struct scan_object obj;
	struct scan_error err;
	size_t i, len;
	char *copy;

	scan_object_init(&obj);
	for (i = 0; i < n; i++) {
		/* A heap copy of exactly len bytes: ASan sees any overread. */
		len = c[i].len != 0 ? c[i].len : strlen(c[i].text);
		copy = malloc(len ? len : 1);
		memcpy(copy, c[i].text, len);
		err.offset = 9999;
		err.reason = NULL;
		is_int(parse(&obj, copy, len, &err), -1, "reject %s",
		    c[i].what);
		is_str(err.reason, c[i].reason, "reject %s: reason",
		    c[i].what);
		is_int(err.offset, c[i].offset, "reject %s: offset", c[i].what);
		free(copy);
	}
	scan_object_free(&obj);
}

static void
test_valid(void)
{
	struct scan_object obj;
	struct scan_error err;
	size_t i, len;
	char *copy;
	int r;

	scan_object_init(&obj);
	for (i = 0; i < NELEM(valid_objects); i++) {
		len = strlen(valid_objects[i].text);
		copy = malloc(len ? len : 1);
		memcpy(copy, valid_objects[i].text, len);
		err.reason = NULL;
		r = scan_object_parse(&obj, copy, len, &err);
		if (!is_int(r, 0, "accept #%zu", i))
			diag("rejected: %s at %zu", err.reason, err.offset);
		is_int(obj.count, valid_objects[i].count, "accept #%zu: count",
		    i);
		free(copy);
	}
	scan_object_free(&obj);
}

#define MEMBER_IS(m, k, v, t, ke, ve, what) do { \
	is_mem((m)->key, (m)->key_len, k, strlen(k), "%s key", what); \
	is_mem((m)->value, (m)->value_len, v, strlen(v), "%s value", what); \
	is_int((m)->type, t, "%s type", what); \
	is_int((m)->key_escaped, ke, "%s key_escaped", what); \
	is_int((m)->value_escaped, ve, "%s value_escaped", what); \
} while (0)

static void
test_spans(void)
{
	static const char text[] = " {\"a\":1,\"b\":\"x\\ny\", \"c\" : [1, {}] ,"
	    "\"d\":{\"e\":true},\"f\":null,\"g\":false,\"h\":true,"
	    "\"i\\u0041\":-2.5e3,\"j\":\"\"} ";
	struct scan_object obj;
	struct scan_error err;
	const struct scan_member *m;

	scan_object_init(&obj);
	if (!is_int(scan_object_parse(&obj, text, sizeof(text) - 1, &err), 0,
	    "spans: parse"))
		diag("%s at %zu", err.reason, err.offset);
	if (!is_int(obj.count, 9, "spans: 9 members")) {
		scan_object_free(&obj);
		return;
	}
	MEMBER_IS(&obj.members[0], "a", "1", SCAN_NUMBER, 0, 0, "a");
	MEMBER_IS(&obj.members[1], "b", "x\\ny", SCAN_STRING, 0, 1, "b");
	MEMBER_IS(&obj.members[2], "c", "[1, {}]", SCAN_ARRAY, 0, 0, "c");
	MEMBER_IS(&obj.members[3], "d", "{\"e\":true}", SCAN_OBJECT, 0, 0, "d");
	MEMBER_IS(&obj.members[4], "f", "null", SCAN_NULL, 0, 0, "f");
	MEMBER_IS(&obj.members[5], "g", "false", SCAN_FALSE, 0, 0, "g");
	MEMBER_IS(&obj.members[6], "h", "true", SCAN_TRUE, 0, 0, "h");
	MEMBER_IS(&obj.members[7], "i\\u0041", "-2.5e3", SCAN_NUMBER, 1, 0,
	    "iA");
	MEMBER_IS(&obj.members[8], "j", "", SCAN_STRING, 0, 0, "j");
	is_int(obj.members[1].value - text, 13, "b's value points into text");
	is_int(obj.members[0].key - text, 3, "a's key points into text");

	m = scan_object_get(&obj, "iA");
	ok(m == &obj.members[7], "get: escaped key found by decoded name");
	/* Regression: the name asked for was once JSON-decoded too when the
	   key held an escape. */
	ok(scan_object_get(&obj, "i\\u0041") == NULL,
	    "get: raw spelling of an escaped key is not its name");
	ok(scan_object_get(&obj, "d") == &obj.members[3], "get d");
	ok(scan_object_get(&obj, "e") == NULL, "get: nested key not top-level");
	ok(scan_object_get(&obj, "") == NULL, "get: empty name absent");
	ok(scan_object_get(&obj, "aa") == NULL, "get: longer name absent");
	ok(scan_key_equals(&obj.members[7], "iA", 2), "key_equals decoded");
	ok(!scan_key_equals(&obj.members[7], "iB", 2), "key_equals differs");
	ok(!scan_key_equals(&obj.members[0], "a", 0), "key_equals length");

	/* Reuse: a smaller object afterwards has only its own members. */
	is_int(scan_object_parse(&obj, "{\"\":0}", 6, &err), 0, "reuse parse");
	is_int(obj.count, 1, "reuse count");
	ok(scan_object_get(&obj, "") == &obj.members[0], "get empty key");
	ok(scan_object_get(&obj, "a") == NULL, "reuse: old member gone");
	scan_object_free(&obj);
	ok(obj.members == NULL && obj.count == 0, "free resets");
}

static void
test_arrays(void)
{
	static const char text[] = "[1,\"a\\\"\",{\"k\":[]},[],true,false,null]";
	static const enum scan_type types[] = { SCAN_NUMBER, SCAN_STRING,
	    SCAN_OBJECT, SCAN_ARRAY, SCAN_TRUE, SCAN_FALSE, SCAN_NULL };
	struct scan_object obj;
	struct scan_error err;
	size_t i;

	scan_object_init(&obj);
	is_int(scan_array_parse(&obj, text, sizeof(text) - 1, &err), 0,
	    "array parse");
	is_int(obj.count, 7, "array count");
	for (i = 0; i < 7 && i < obj.count; i++) {
		is_int(obj.members[i].type, types[i], "array element %zu type",
		    i);
		ok(obj.members[i].key == NULL, "array element %zu has no key",
		    i);
	}
	is_mem(obj.members[1].value, obj.members[1].value_len, "a\\\"", 3,
	    "array string span");
	is_int(obj.members[1].value_escaped, 1, "array string escaped");
	is_mem(obj.members[2].value, obj.members[2].value_len, "{\"k\":[]}", 8,
	    "array object span");
	is_int(scan_array_parse(&obj, " [ ] ", 5, &err), 0, "empty array");
	is_int(obj.count, 0, "empty array count");
	is_int(scan_array_parse(&obj, "[\"a\",\"a\"]", 9, &err), 0,
	    "array elements may repeat");
	scan_object_free(&obj);
	check_bad(bad_arrays, NELEM(bad_arrays), scan_array_parse);
}

/* A control character, quote, escape or non-ASCII byte at every position
   of a long string: the word-at-a-time skip must stop exactly there. */
static void
test_string_positions(void)
{
	struct scan_object obj;
	struct scan_error err;
	char text[80];
	size_t i, len, bad = 0;
	int r;

	scan_object_init(&obj);
	for (i = 0; i < 40; i++) {
		memcpy(text, "{\"a\":\"", 6);
		memset(text + 6, 'a', 40);
		memcpy(text + 46, "\"}", 2);
		len = 48;
		text[6 + i] = '\x01';
		r = scan_object_parse(&obj, text, len, &err);
		if (r != -1 || err.offset != 6 + i || strcmp(err.reason,
		    "unescaped control character in string") != 0)
			bad++;
		text[6 + i] = '\x7f';
		if (scan_object_parse(&obj, text, len, &err) != 0)
			bad++;
		text[6 + i] = '\xff';
		r = scan_object_parse(&obj, text, len, &err);
		if (r != -1 || err.offset != 6 + i ||
		    strcmp(err.reason, BAD_UTF8) != 0)
			bad++;
		text[6 + i] = '"';
		r = scan_object_parse(&obj, text, len, &err);
		if (r != -1 || err.offset != 7 + i ||
		    strcmp(err.reason, SEP_OBJ) != 0)
			bad++;
		memcpy(text + 6 + i, "\xc3\xa9", 2);
		if (i < 39 && scan_object_parse(&obj, text, len, &err) != 0)
			bad++;
		memcpy(text + 6 + i, "\\n", 2);
		if (i < 39 && (scan_object_parse(&obj, text, len, &err) != 0 ||
		    !obj.members[0].value_escaped))
			bad++;
		text[6 + i] = '\0';
		r = scan_object_parse(&obj, text, len, &err);
		if (r != -1 || err.offset != 6 + i ||
		    strcmp(err.reason, "NUL byte in string") != 0)
			bad++;
	}
	is_int(bad, 0, "string faults found at each of 40 positions");
	/* An early quote ends the string; what follows is then wrong. */
	memcpy(text, "{\"a\":\"aaaaaaaaaaaa\"aaaa\"}", 25);
	is_int(scan_object_parse(&obj, text, 25, &err), -1, "early quote");
	is_int(err.offset, 19, "early quote: offset after the string");
	scan_object_free(&obj);
}

/* Builds {"a": + depth openers + closers + } into a new buffer. */
static char *
nested(size_t depth, char open, size_t *len)
{
	char close = open == '[' ? ']' : '}';
	size_t unit = open == '[' ? 1 : 5, i, o = 0;
	char *s = malloc(depth * (unit + 1) + 16);

	memcpy(s, "{\"a\":", 5);
	o = 5;
	for (i = 0; i < depth; i++) {
		if (open == '[')
			s[o++] = '[';
		else {
			memcpy(s + o, "{\"a\":", 5);
			o += 5;
		}
	}
	if (open == '{')
		s[o++] = '0';
	for (i = 0; i < depth; i++)
		s[o++] = close;
	s[o++] = '}';
	*len = o;
	return s;
}

static void
test_depth(void)
{
	struct scan_object obj;
	struct scan_error err;
	size_t len;
	char *s;
	int r;

	scan_object_init(&obj);
	/* The top-level object is level 1: SCAN_MAX_DEPTH levels in all is
	   the deepest accepted. */
	s = nested(SCAN_MAX_DEPTH - 1, '[', &len);
	r = scan_object_parse(&obj, s, len, &err);
	if (!is_int(r, 0, "nesting of %d levels (arrays) accepted",
	    SCAN_MAX_DEPTH))
		diag("%s at %zu", err.reason, err.offset);
	free(s);
	s = nested(SCAN_MAX_DEPTH - 1, '{', &len);
	is_int(scan_object_parse(&obj, s, len, &err), 0,
	    "nesting of %d levels (objects) accepted", SCAN_MAX_DEPTH);
	free(s);
	s = nested(SCAN_MAX_DEPTH + 1, '[', &len);
	is_int(scan_object_parse(&obj, s, len, &err), -1,
	    "nesting of %d levels rejected", SCAN_MAX_DEPTH + 2);
	is_str(err.reason, "nesting too deep", "too deep: reason");
	free(s);
	s = nested(100000, '[', &len);
	is_int(scan_object_parse(&obj, s, len, &err), -1,
	    "nesting of 100001 levels rejected without recursion");
	is_str(err.reason, "nesting too deep", "100001 levels: reason");
	free(s);
	/* Regression: the top-level object once did not count, so
	   SCAN_MAX_DEPTH + 1 levels were accepted. */
	s = nested(SCAN_MAX_DEPTH, '[', &len);
	r = scan_object_parse(&obj, s, len, &err);
	is_int(r, -1, "nesting of %d levels (SCAN_MAX_DEPTH + 1) rejected",
	    SCAN_MAX_DEPTH + 1);
	if (r != 0) {
		is_str(err.reason, "nesting too deep",
		    "SCAN_MAX_DEPTH + 1: reason");
		is_int(err.offset, 5 + SCAN_MAX_DEPTH - 1,
		    "SCAN_MAX_DEPTH + 1: offset of the opener too many");
	}
	free(s);
	scan_object_free(&obj);
}

/* An object with n keys "k0".."k<n-1>", then extra. */
static char *
many_keys(size_t n, const char *first, const char *extra, size_t *len)
{
	size_t cap = n * 16 + strlen(first) + strlen(extra) + 16, o = 0, i;
	char *s = malloc(cap);

	s[o++] = '{';
	o += (size_t)snprintf(s + o, cap - o, "%s", first);
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(s + o, cap - o, "%s\"k%zu\":%zu",
		    i == 0 && *first == '\0' ? "" : ",", i, i);
	o += (size_t)snprintf(s + o, cap - o, "%s}", extra);
	*len = o;
	return s;
}

static void
test_many_keys(void)
{
	struct scan_object obj;
	struct scan_error err;
	size_t len;
	char *s, *dup;

	scan_object_init(&obj);
	s = many_keys(100, "", "", &len);
	is_int(scan_object_parse(&obj, s, len, &err), 0, "100 keys accepted");
	is_int(obj.count, 100, "100 keys counted");
	ok(scan_object_get(&obj, "k99") == &obj.members[99], "get k99");
	free(s);

	s = many_keys(100, "", ",\"k50\":0", &len);
	dup = strstr(s, ",\"k50\":0}");
	is_int(scan_object_parse(&obj, s, len, &err), -1,
	    "100 keys + duplicate k50 rejected");
	is_str(err.reason, DUP, "100 keys: reason");
	is_int(err.offset, dup + 1 - s, "100 keys: offset of the second k50");
	free(s);

	s = many_keys(100, "", ",\"k\\u00350\":0", &len);
	dup = strstr(s, ",\"k\\u00350\":0}");
	is_int(scan_object_parse(&obj, s, len, &err), -1,
	    "100 keys + escaped duplicate k\\u00350 rejected");
	is_int(err.offset, dup + 1 - s, "escaped duplicate: offset");
	free(s);

	s = many_keys(100, "\"k99\":0", "", &len);
	is_int(scan_object_parse(&obj, s, len, &err), -1,
	    "duplicate of the first key at the end rejected");
	is_int(err.offset, strstr(s + 5, "\"k99\"") - s,
	    "duplicate at the end: offset of the later one");
	free(s);

	s = many_keys(5000, "", ",\"k4999\":1", &len);
	is_int(scan_object_parse(&obj, s, len, &err), -1,
	    "5000 keys + duplicate rejected");
	free(s);

	/* Regression: with more than 4096 keys of which one held an escape,
	   duplicates were once not checked at all. */
	s = many_keys(5000, "\"\\u0061\":0", ",\"k7\":1", &len);
	is_int(scan_object_parse(&obj, s, len, &err), -1,
	    "5000 keys, one escaped, plain duplicate k7 rejected");
	is_int(err.offset, strstr(s, ",\"k7\":1}") + 1 - s,
	    "5000 keys: offset of the second k7");
	free(s);
	s = many_keys(5000, "\"k\\u0037\":0", "", &len);
	is_int(scan_object_parse(&obj, s, len, &err), -1,
	    "5000 keys, escaped k\\u0037 first, plain k7 later rejected");
	is_int(err.offset, strstr(s, ",\"k7\":") + 1 - s,
	    "escaped first: offset of the plain k7");
	free(s);

	/* Regression: several duplicates in a large object (over 48 keys)
	   once reported the one whose key sorts first, not the first that
	   repeats one before it in reading order as small objects do. */
	s = many_keys(100, "", ",\"k90\":0,\"k10\":0", &len);
	is_int(scan_object_parse(&obj, s, len, &err), -1,
	    "100 keys, k90 then k10 repeated");
	is_int(err.offset, strstr(s, ",\"k90\":0,") + 1 - s,
	    "two duplicates: the first in reading order is reported");
	free(s);
	s = many_keys(100, "", ",\"k5\":0,\"k5\":1,\"k5\":2", &len);
	is_int(scan_object_parse(&obj, s, len, &err), -1,
	    "100 keys, k5 four times");
	is_int(err.offset, strstr(s, ",\"k5\":0,") + 1 - s,
	    "k5 four times: its second occurrence is reported");
	free(s);
	s = many_keys(10, "", ",\"k9\":0,\"k1\":0", &len);
	is_int(scan_object_parse(&obj, s, len, &err), -1,
	    "10 keys, k9 then k1 repeated");
	is_int(err.offset, strstr(s, ",\"k9\":0,") + 1 - s,
	    "small object, two duplicates: the first in reading order");
	free(s);
	scan_object_free(&obj);
}

static void
test_find(void)
{
	static const char text[] = "{\"a\":{\"ts\":\"in\"},\"b\":[\"ts\"],"
	    "\"ts\":\"out\",\"n\" : 12 }";
	struct scan_member m;

	is_int(scan_object_find(text, sizeof(text) - 1, "ts", 2, &m), 0,
	    "find top-level ts");
	is_mem(m.value, m.value_len, "out", 3, "find: not the nested ts");
	is_int(m.type, SCAN_STRING, "find: type");
	is_int(scan_object_find(text, sizeof(text) - 1, "n", 1, &m), 0,
	    "find n");
	is_mem(m.value, m.value_len, "12", 2, "find n value");
	is_int(m.type, SCAN_NUMBER, "find n type");
	is_int(scan_object_find(text, sizeof(text) - 1, "a", 1, &m), 0,
	    "find a");
	is_mem(m.value, m.value_len, "{\"ts\":\"in\"}", 11, "find a value");
	is_int(scan_object_find(text, sizeof(text) - 1, "zz", 2, &m), -1,
	    "find absent");
	is_int(scan_object_find(text, sizeof(text) - 1, "t", 1, &m), -1,
	    "find prefix of a key: absent");
	is_int(scan_object_find("[1]", 3, "ts", 2, &m), -1, "find in array");
	is_int(scan_object_find("", 0, "ts", 2, &m), -1, "find in nothing");
	is_int(scan_object_find("{}", 2, "ts", 2, &m), -1, "find in {}");
	is_int(scan_object_find("{\"t\\u0073\":\"e\"}", 15, "ts", 2, &m), 0,
	    "find escaped key");
	is_mem(m.value, m.value_len, "e", 1, "find escaped key value");
	is_int(m.key_escaped, 1, "find escaped key flag");
	is_int(scan_object_find("{\"ts\":\"x\", garbage", 18, "ts", 2, &m),
	    0, "find stops at the member (rest unvalidated)");
	is_int(scan_object_find("{\"a\":1,\"ts\":", 12, "ts", 2, &m), -1,
	    "find: truncated value");
	is_int(scan_object_find("{\"a\":[1,", 8, "ts", 2, &m), -1,
	    "find: truncated before");
	is_int(scan_object_find("{\"\":5}", 6, "", 0, &m), 0,
	    "find empty key");
}

static void
test_decode(void)
{
	static const struct {
		const char *raw;
		const char *want;
		size_t want_len;
	} cases[] = {
		{ "", "", 0 },
		{ "plain", "plain", 5 },
		{ "\\u00e9", "\xc3\xa9", 2 },
		{ "\\u00E9t\\u00e9", "\xc3\xa9t\xc3\xa9", 5 },
		{ "\\u0041", "A", 1 },
		{ "\\u007f\\u0080", "\x7f\xc2\x80", 3 },
		{ "\\u07ff\\u0800", "\xdf\xbf\xe0\xa0\x80", 5 },
		{ "\\u20ac", "\xe2\x82\xac", 3 },
		{ "\\uffff", "\xef\xbf\xbf", 3 },
		{ "\\ud83c\\udf89", "\xf0\x9f\x8e\x89", 4 },
		{ "\\uD800\\uDC00", "\xf0\x90\x80\x80", 4 },
		{ "\\udbff\\udfff", "\xf4\x8f\xbf\xbf", 4 },
		{ "x\\ud83d\\ude00y", "x\xf0\x9f\x98\x80y", 6 },
		{ "\\u0000", "\0", 1 },
		{ "a\\\"b\\\\c\\/d", "a\"b\\c/d", 7 },
		{ "\\b\\f\\n\\r\\t", "\b\f\n\r\t", 5 },
		{ "\xe6\x97\xa5\\n", "\xe6\x97\xa5\n", 4 },
	};
	char out[64];
	size_t i, n, len, bad = 0;

	for (i = 0; i < NELEM(cases); i++) {
		len = strlen(cases[i].raw);
		memset(out, 0x5a, sizeof(out));
		n = scan_string_decode(cases[i].raw, len, out);
		is_mem(out, n, cases[i].want, cases[i].want_len,
		    "decode \"%s\"", cases[i].raw);
		for (n = len; n < sizeof(out); n++)
			if ((unsigned char)out[n] != 0x5a)
				bad++;
	}
	is_int(bad, 0, "decode writes nothing beyond len bytes");
}

static void
test_utf8_prefix(void)
{
	static const struct {
		const char *s;
		size_t len, want;
	} cases[] = {
		{ "", 0, 0 },
		{ "abc", 3, 3 },
		{ "\0a", 2, 2 },
		{ "\xc3\xa9", 2, 2 },
		{ "\xef\xbb\xbf", 3, 3 },
		{ "\xf0\x9f\x8e\x89!", 5, 5 },
		{ "\xf4\x8f\xbf\xbf", 4, 4 },
		{ "\xc2\x80\xdf\xbf", 4, 4 },
		{ "\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80", 9, 9 },
		{ "a\xc0\x80", 3, 1 },
		{ "ab\xe2\x82", 4, 2 },
		{ "ab\xe2\x82x", 5, 2 },
		{ "\xed\xa0\x80", 3, 0 },
		{ "\xe0\x80\x80", 3, 0 },
		{ "\xf0\x8f\xbf\xbf", 4, 0 },
		{ "\xf4\x90\x80\x80", 4, 0 },
		{ "x\xf5\x80\x80\x80", 5, 1 },
		{ "x\xff", 2, 1 },
		{ "\x80", 1, 0 },
		{ "\xc3\xa9\xc3", 3, 2 },
		{ "ok\xf0\x9f\x8e", 5, 2 },
	};
	size_t i;
	char *copy;

	for (i = 0; i < NELEM(cases); i++) {
		copy = malloc(cases[i].len ? cases[i].len : 1);
		memcpy(copy, cases[i].s, cases[i].len);
		is_int(scan_utf8_valid_prefix(copy, cases[i].len),
		    cases[i].want, "utf8 valid prefix #%zu", i);
		free(copy);
	}
}

/* Equal as doubles, the sign of 0 and NaN included. */
static int
same_double(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	return a == b && signbit(a) == signbit(b);
}

/* scan_number_value() of a heap copy of text[0..len), so ASan sees
   overreads. */
static int
number_of(const char *text, size_t len, double *v)
{
	char *copy = malloc(len ? len : 1);
	int r;

	memcpy(copy, text, len);
	r = scan_number_value(copy, len, v);
	free(copy);
	return r;
}

static void
check_number(const char *text, int want_r, double want, const char *what)
{
	double v = 12345;
	int r = number_of(text, strlen(text), &v);

	is_int(r, want_r, "number %s: status", what);
	if (!ok(same_double(v, want), "number %s: value", what))
		diag("got %.17g, want %.17g", v, want);
}

/* "<head><n times fill><tail>", on the heap. */
static char *
long_number(const char *head, char fill, size_t n, const char *tail)
{
	size_t h = strlen(head), t = strlen(tail);
	char *s = malloc(h + n + t + 1);

	memcpy(s, head, h);
	memset(s + h, fill, n);
	memcpy(s + h + n, tail, t + 1);
	return s;
}

static void
test_number_value(void)
{
	static const struct {
		const char *text;
		double want;
	} finite[] = {
		{ "0", 0.0 }, { "-0", -0.0 }, { "-0.0e-0", -0.0 },
		{ "0E+00", 0.0 }, { "1", 1 }, { "-1", -1 }, { "18", 18 },
		{ "18.5", 18.5 }, { "1E+2", 100 }, { "1e+2", 100 },
		{ "1e2", 100 }, { "100e-2", 1 }, { "0.001", 0.001 },
		{ "312.250", 312.25 }, { "315360000", 315360000 },
		{ "3.1536e8", 315360000 }, { "0.1", 0.1 },
		{ "-1234567890", -1234567890 },
		{ "9007199254740993", 9007199254740992.0 },	/* tie: even */
		{ "1e308", 1e308 }, { "1.7976931348623157e308", DBL_MAX },
		{ "-1.7976931348623157e308", -DBL_MAX },
		{ "2.2250738585072014e-308", DBL_MIN },
		{ "4.9406564584124654e-324", 4.9406564584124654e-324 },
		{ "1e-400", 0.0 }, { "0.1e-400", 0.0 }, { "-1e-400", -0.0 },
		{ "123456789012345678901234567890.123456789e-999999", 0.0 },
		{ "1e-99999999999999999999999", 0.0 },
		{ "0e99999999999999999999999", 0.0 },
	};
	static const struct {
		const char *text;
		double want;
	} overflow[] = {
		{ "1e999", HUGE_VAL }, { "-1e999", -HUGE_VAL },
		{ "1E+999", HUGE_VAL }, { "1.8e308", HUGE_VAL },
		{ "1e99999999999999999999999", HUGE_VAL },
	};
	static const char *const invalid[] = {
		"", "-", "+1", "01", "-01", "1.", ".5", "1e", "1e+", "1E-",
		"1x", " 1", "1 ", "NaN", "Infinity", "-inf", "0x10", "1,5",
		"1e5.5", "--1",
	};
	char name[64], *s;
	double v, w;
	size_t i;

	for (i = 0; i < NELEM(finite); i++)
		check_number(finite[i].text, 0, finite[i].want, finite[i].text);
	for (i = 0; i < NELEM(overflow); i++)
		check_number(overflow[i].text, 0, overflow[i].want,
		    overflow[i].text);
	for (i = 0; i < NELEM(invalid); i++) {
		snprintf(name, sizeof(name), "\"%s\" (not JSON)", invalid[i]);
		check_number(invalid[i], -1, NAN, name);
	}

	/* Any length: 400 digits, and more than the 800 kept. */
	s = long_number("1", '0', 399, "");
	check_number(s, 0, HUGE_VAL, "1 and 399 zeros");
	free(s);
	s = long_number("1", '0', 300, "");
	check_number(s, 0, 1e300, "1 and 300 zeros");
	free(s);
	s = long_number("0.", '0', 399, "1");
	check_number(s, 0, 0.0, "0.(399 zeros)1");
	free(s);
	s = long_number("1.", '0', 400, "");
	check_number(s, 0, 1.0, "1.(400 zeros)");
	free(s);
	s = long_number("0.", '0', 200000, "1e200010");
	check_number(s, 0, 1e9, "0.(200000 zeros)1e200010");
	free(s);
	s = long_number("1", '0', 2000, "e-2000");
	check_number(s, 0, 1.0, "1(2000 zeros)e-2000");
	free(s);
	/* A tie broken only by a digit after the 800 kept: rounds up. */
	s = long_number("9007199254740993.", '0', 1000, "1");
	check_number(s, 0, 9007199254740994.0, "tie and a far 1");
	free(s);
	s = long_number("9007199254740993.", '0', 1000, "");
	check_number(s, 0, 9007199254740992.0, "tie and zeros");
	free(s);
	s = long_number("-9007199254740993.", '0', 1000, "1");
	check_number(s, 0, -9007199254740994.0, "negative tie and a far 1");
	free(s);

	/* The nearest double, as strtod() gives it, for many doubles. */
	for (i = 0, v = 1e-300; i < 2000; i++, v *= 1.99526231496888) {
		char text[64];

		snprintf(text, sizeof(text), "%.17g", v);
		if (number_of(text, strlen(text), &w) != 0 || w != v ||
		    w != strtod(text, NULL))
			break;
	}
	is_int(i, 2000, "round trip of %%.17g for doubles from 1e-300 to 1e300");
}

int
main(void)
{
	test_valid();
	check_bad(bad_objects, NELEM(bad_objects), scan_object_parse);
	test_spans();
	test_arrays();
	test_string_positions();
	test_depth();
	test_many_keys();
	test_find();
	test_decode();
	test_utf8_prefix();
	test_number_value();
	return done_testing();
}
