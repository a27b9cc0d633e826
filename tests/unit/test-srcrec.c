/*
 * test-srcrec.c - source records read by path: top-level and nested
 * members, array elements, keys with dots, decoding, null as absent,
 * provenance, bad lines, memory across many records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srcrec.h"
#include "unit.h"

static void
test_paths(void)
{
	static const char line[] = "{\"a\":\"x\\u00e9\\n\",\"n\":42.50,"
	    "\"t\":true,\"z\":null,\"o\":{\"b\":{\"c\":\" deep \"}},"
	    "\"arr\":[{\"k\":1},\"two\"],\"d.e\":\"dotted\",\"e\":\"\","
	    "\"src\":{\"format\":\"csv\",\"file\":\"x.csv\",\"line\":7,"
	    "\"index\":3}}";
	struct srcrec r;
	struct scan_error err;
	struct srcval v;
	const char *s;
	size_t len;

	srcrec_init(&r);
	is_int(srcrec_parse(&r, line, strlen(line), &err), 0, "parses");
	ok(srcrec_get(&r, "a", &v) == 1 && v.type == SCAN_STRING,
	    "a: a string");
	is_mem(v.s, v.len, "x\xc3\xa9\n", 4, "a: decoded");
	ok(srcrec_get(&r, "n", &v) == 1 && v.type == SCAN_NUMBER, "n: number");
	is_str(v.s, "42.50", "n: its text as written");
	ok(srcrec_get(&r, "t", &v) == 1 && v.type == SCAN_TRUE, "t: true");
	is_int(srcrec_get(&r, "z", &v), 0, "null is absent");
	is_int(srcrec_get(&r, "missing", &v), 0, "missing is absent");
	ok(srcrec_get(&r, "o.b.c", &v) == 1, "nested path");
	is_str(v.s, " deep ", "nested value, untrimmed by get");
	s = srcrec_str(&r, "o.b.c", &len, 1);
	is_mem(s, len, "deep", 4, "srcrec_str trims");
	ok(srcrec_get(&r, "o.b", &v) == 1 && v.type == SCAN_OBJECT,
	    "an object");
	is_str(v.s, "{\"c\":\" deep \"}", "an object as its text");
	ok(srcrec_get(&r, "arr.0.k", &v) == 1, "array element's member");
	is_str(v.s, "1", "arr.0.k");
	ok(srcrec_get(&r, "arr.1", &v) == 1, "array element");
	is_str(v.s, "two", "arr.1");
	is_int(srcrec_get(&r, "arr.2", &v), 0, "past the array's end");
	is_int(srcrec_get(&r, "arr.x", &v), 0, "a word is no index");
	ok(srcrec_get(&r, "d.e", &v) == 1, "a key with a dot, whole");
	is_str(v.s, "dotted", "d.e");
	is_int(srcrec_get(&r, "n.x", &v), 0, "into a number");
	ok(srcrec_str(&r, "e", &len, 1) == NULL, "empty string trimmed: none");
	ok(srcrec_str(&r, "e", &len, 0) != NULL && len == 0,
	    "empty string untrimmed: \"\"");
	ok(srcrec_str(&r, "o", &len, 0) == NULL, "an object is no string");
	is_str(r.format, "csv", "src.format");
	is_str(r.file, "x.csv", "src.file");
	is_int((long long)r.position, 7, "src.line");
	is_int(r.position_is_offset, 0, "a line, not an offset");
	is_int((long long)r.index, 3, "src.index");
	ok(r.src_json != NULL && strncmp(r.src_json, "{\"format\"", 9) == 0,
	    "src's JSON text");
	s = srcrec_keep(&r, "abc", 2);
	is_str(s, "ab", "keep copies and ends with NUL");
	srcrec_free(&r);
}

static void
test_bad_and_offsets(void)
{
	static const char off[] = "{\"x\":1,\"src\":{\"format\":\"mbox\","
	    "\"file\":\"m\",\"offset\":509,\"index\":2}}";
	struct srcrec r;
	struct scan_error err;

	srcrec_init(&r);
	is_int(srcrec_parse(&r, "{\"a\":", 5, &err), -1, "truncated: -1");
	ok(err.reason != NULL, "with a reason");
	is_str(r.format, "", "no provenance: empty format");
	is_int(srcrec_parse(&r, "[1]", 3, &err), -1, "an array is no record");
	is_int(srcrec_parse(&r, off, strlen(off), &err), 0, "an offset");
	is_int((long long)r.position, 509, "src.offset");
	is_int(r.position_is_offset, 1, "marked as an offset");
	srcrec_free(&r);
}

/* Many records, big strings: memory is reused and never mixed up. */
static void
test_many(void)
{
	struct srcrec r;
	struct scan_error err;
	struct srcval v;
	char *line = malloc(20000);
	size_t i, n;
	int bad = 0;

	srcrec_init(&r);
	for (i = 0; i < 200; i++) {
		n = (size_t)snprintf(line, 20000, "{\"a\":\"%0*d\\t\","
		    "\"b\":\"%zu\"}", (int)(i * 37 % 9000), 7, i);
		if (srcrec_parse(&r, line, n, &err) != 0 ||
		    srcrec_get(&r, "a", &v) != 1 ||
		    v.len != (i * 37 % 9000 > 1 ? i * 37 % 9000 : 1) + 1 ||
		    v.s[v.len - 1] != '\t' ||
		    srcrec_get(&r, "b", &v) != 1 || (size_t)atoi(v.s) != i)
			bad++;
	}
	is_int(bad, 0, "200 records of up to 9000 bytes");
	free(line);
	srcrec_free(&r);
}

int
main(void)
{
	test_paths();
	test_bad_and_offsets();
	test_many();
	return done_testing();
}
