/*
 * test-jsondoc.c - whole JSON documents: loading, faults told by place and
 * kind, Telegram's \xNN repaired, element spans and their lines, values
 * written into records, Meta's mojibake undone.
 */
#include <string.h>

#include "jsondoc.h"
#include "unit.h"

static void
test_load(void)
{
	static const struct {
		const char *text;
		int result;
		const char *reason;
		long long line, col;
	} cases[] = {
		{ "", 1, NULL, 0, 0 },
		{ " \n\t\r\n", 1, NULL, 0, 0 },
		{ "\xef\xbb\xbf  ", 1, NULL, 0, 0 },
		{ "\xef\xbb\xbf{\"a\": 1}", 0, NULL, 0, 0 },
		{ "{\"a\": [1, 2", -1, "truncated JSON document: ']' expected",
		    1, 11 },
		{ "{\"a\": \"secret", -1,
		    "truncated JSON document: premature end of input", 1, 13 },
		{ "{\n \"a\": secret}", -1, "invalid JSON: invalid token", 2,
		    12 },
		{ "{\"a\": 1} {}", -1,
		    "invalid JSON: text after the end of the document", 1, 10 },
		{ "{\"na\xc3\xafve\": \"caf\xe9\"}", -1, "invalid UTF-8", 1,
		    14 },
		{ "{\"a\": \"\\x07\"}", -1, "invalid JSON: invalid escape", 1,
		    9 },
		{ "[\"\\u0000\"]", 0, NULL, 0, 0 },
	};
	struct jsondoc doc;
	struct jsondoc_error err;
	size_t i;
	int r;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&err, 0, sizeof(err));
		r = jsondoc_load(&doc, cases[i].text, strlen(cases[i].text), 0,
		    &err);
		is_int(r, cases[i].result, "load case %zu", i);
		ok((doc.root != NULL) == (r == 0), "case %zu: root iff 0", i);
		if (cases[i].reason != NULL) {
			is_str(err.reason, cases[i].reason, "case %zu: reason",
			    i);
			is_int(err.line, cases[i].line, "case %zu: line", i);
			is_int(err.col, cases[i].col, "case %zu: column", i);
			ok(strstr(err.reason, "secret") == NULL,
			    "case %zu: the text is not quoted", i);
		}
		jsondoc_free(&doc);
	}
}

static void
test_hex(void)
{
	/* As tdesktop writes it: \x07 and \x1F; an escaped backslash
	   before x41 is text; \x outside 00-1F is no Telegram escape. */
	static const char text[] =
	    "{\"a\": \"bell\\x07 us\\x1F\", \"b\": \"C:\\\\x41\", "
	    "\"c\": [\"\\x0B\\x0b\"]}";
	static const char bad[] = "{\"a\": \"\\x07\\x07\", \"b\": \"\\x7F\"}";
	static const char late[] = "{\"a\": \"\\x07\\x07\",\n \"b\": \"\\x07\", x}";
	struct jsondoc doc;
	struct jsondoc_error err;
	const json_t *v;

	is_int(jsondoc_load(&doc, text, strlen(text), JSONDOC_REPAIR_HEX,
	    &err), 0, "\\xNN repaired");
	v = json_object_get(doc.root, "a");
	is_mem(json_string_value(v), json_string_length(v), "bell\x07 us\x1f",
	    9, "control characters decoded");
	is_str(json_string_value(json_object_get(doc.root, "b")), "C:\\x41",
	    "escaped backslash then x41 is text");
	v = json_array_get(json_object_get(doc.root, "c"), 0);
	is_mem(json_string_value(v), json_string_length(v), "\x0b\x0b", 2,
	    "upper and lower case hex");
	is_int(doc.nfixes, 4, "four escapes repaired");
	jsondoc_free(&doc);

	is_int(jsondoc_load(&doc, text, strlen(text), 0, &err), -1,
	    "not repaired without the flag");
	jsondoc_free(&doc);

	is_int(jsondoc_load(&doc, bad, strlen(bad), JSONDOC_REPAIR_HEX, &err),
	    -1, "\\x7F is not Telegram's");
	is_str(err.reason, "invalid JSON: invalid escape", "its reason");
	is_int(err.col, 26, "column in the original text");
	jsondoc_free(&doc);

	is_int(jsondoc_load(&doc, late, strlen(late), JSONDOC_REPAIR_HEX,
	    &err), -1, "fault after repairs");
	is_int(err.line, 2, "its line");
	is_int(err.col, 15, "its column counts only the escapes on its line");
	jsondoc_free(&doc);
}

static void
test_spans(void)
{
	static const char text[] =
	    "{\n \"name\": \"x\",\n \"messages\": [\n  {\"id\": 1},\n"
	    "  \"two\",\n\n  3\n ],\n \"deep\": {\"list\": [[]]}\n}";
	struct jsondoc doc;
	struct jsondoc_error err;
	struct jsondoc_list list;
	struct jsondoc_span s;

	jsondoc_list_init(&list);
	is_int(jsondoc_load(&doc, text, strlen(text), 0, &err), 0, "loaded");
	s = jsondoc_member(jsondoc_root(&doc), "messages");
	ok(s.p != NULL && s.p[0] == '[' && s.p[s.len - 1] == ']',
	    "member span is the array");
	is_int(jsondoc_elements(s, &list), 3, "three elements");
	s = jsondoc_element(&list, 0);
	is_mem(s.p, s.len, "{\"id\": 1}", 9, "object element");
	is_int(jsondoc_line(&doc, s.p), 4, "its line");
	s = jsondoc_element(&list, 1);
	is_mem(s.p, s.len, "\"two\"", 5, "string element with quotes");
	is_int(jsondoc_line(&doc, s.p), 5, "its line");
	s = jsondoc_element(&list, 2);
	is_int(jsondoc_line(&doc, s.p), 7, "after a blank line");
	is_int(jsondoc_line(&doc, doc.text), 1, "counting again from the start");
	ok(jsondoc_element(&list, 3).p == NULL, "no fourth element");
	is_int(jsondoc_line(&doc, NULL), 0, "no place, line 0");
	ok(jsondoc_member(jsondoc_root(&doc), "missing").p == NULL,
	    "missing member");
	ok(jsondoc_member(jsondoc_element(&list, 0), "id").p != NULL,
	    "member of an element");
	s = jsondoc_member(jsondoc_member(jsondoc_root(&doc), "missing"),
	    "list");
	ok(s.p == NULL, "member of nothing is nothing");
	is_int(jsondoc_elements(s, &list), 0, "elements of nothing");
	is_int(jsondoc_elements(jsondoc_member(jsondoc_root(&doc), "name"),
	    &list), 0, "a string has no elements");
	jsondoc_free(&doc);
	jsondoc_list_free(&list);
}

static void
test_record(void)
{
	static const char text[] = "{\"s\": \"a\\u0000b\", \"i\": -7, "
	    "\"big\": 9007199254740993, \"t\": true, \"f\": false, \"n\": null, "
	    "\"r\": 0.1, \"o\": {\"k\": [1, \"\xc3\xa9\"]}}";
	struct jsondoc doc;
	struct jsondoc_error err;
	struct record r;
	const char *key, *out;
	json_t *value;
	size_t len;

	record_init(&r);
	is_int(jsondoc_load(&doc, text, strlen(text), 0, &err), 0, "loaded");
	record_begin(&r);
	json_object_foreach(doc.root, key, value)
		jsondoc_record_value(&r, key, value);
	out = record_end(&r, "telegram", "result.json", 3, 0, 1, &len);
	is_str(out, "{\"s\":\"a\\u0000b\",\"i\":-7,\"big\":9007199254740993,"
	    "\"t\":true,\"f\":false,\"n\":null,\"r\":0.1,"
	    "\"o\":{\"k\":[1,\"\xc3\xa9\"]},\"src\":{\"format\":\"telegram\","
	    "\"file\":\"result.json\",\"line\":3,\"index\":1}}",
	    "every type as the source typed it, in order");
	jsondoc_free(&doc);
	record_free(&r);
}

static void
test_unmojibake(void)
{
	static const struct {
		const char *in, *out;	/* out NULL: not mojibake */
	} cases[] = {
		{ "Zo\xc3\x83\xc2\xab", "Zo\xc3\xab" },
		{ "\xc3\xb0\xc2\x9f\xc2\x98\xc2\x8d", "\xf0\x9f\x98\x8d" },
		{ "plain ASCII", "plain ASCII" },
		{ "", "" },
		{ "Caf\xc3\xa9", NULL },	/* real Latin-1 text */
		{ "\xe2\x9d\xa4", NULL },	/* above U+00FF: real text */
		{ "Zo\xc3\x83", NULL },		/* a cut sequence */
	};
	char out[64];
	size_t i, n;
	json_t *tree;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = jsondoc_unmojibake_string(cases[i].in, strlen(cases[i].in),
		    out);
		if (cases[i].out == NULL)
			ok(n == (size_t)-1, "case %zu is not mojibake", i);
		else
			is_mem(out, n == (size_t)-1 ? 0 : n, cases[i].out,
			    strlen(cases[i].out), "case %zu repaired", i);
	}

	tree = json_pack("{s:s,s:[{s:s,s:s}],s:i,s:s}", "sender_name",
	    "Zo\xc3\x83\xc2\xab", "reactions", "reaction",
	    "\xc3\xa2\xc2\x9d\xc2\xa4", "actor", "Zo\xc3\x83\xc2\xab",
	    "timestamp_ms", 17, "content", "\xe2\x9d\xa4 ok");
	is_int(jsondoc_unmojibake(tree), 3, "three strings changed");
	is_str(json_string_value(json_object_get(tree, "sender_name")),
	    "Zo\xc3\xab", "name repaired");
	is_str(json_string_value(json_object_get(json_array_get(
	    json_object_get(tree, "reactions"), 0), "reaction")),
	    "\xe2\x9d\xa4", "nested reaction repaired");
	is_str(json_string_value(json_object_get(tree, "content")),
	    "\xe2\x9d\xa4 ok", "real text kept");
	is_int(jsondoc_unmojibake(tree), 0, "repairing twice changes nothing");
	json_decref(tree);
}

int
main(void)
{
	test_load();
	test_hex();
	test_spans();
	test_record();
	test_unmojibake();
	return done_testing();
}
