/*
 * fuzz-rules.c - libFuzzer entry for the two small languages: the rules of
 * canal-route (lib/rules.c) and the maps of canal-normalize
 * (lib/normmap.c).  The input is parsed as both; when rules compile they
 * are evaluated on a fixed event, whose output must be one JSON object
 * scan.h accepts.  Errors must name a place and end with a caret line
 * (unless cut at the buffer's end).  The input is also parsed behind a
 * run of "(" and "not " as deep as its first byte says: rules that compile
 * there nest no deeper than RULES_MAX_DEPTH, and none overflows the stack.
 * See tests/fuzz/README.
 *
 * SOURCES: lib/rules.c lib/normmap.c lib/confline.c lib/event.c lib/hours.c
 * SOURCES: lib/ident.c lib/jsonl.c lib/linein.c lib/linepat.c lib/normalize.c
 * SOURCES: lib/phone.cc lib/scan.c lib/splice.c lib/srcrec.c lib/timefmt.c
 * SOURCES: lib/timeparse.c lib/tz.c lib/util.c
 * SMOKE_RUNS: 5000
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normmap.h"
#include "rules.h"
#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static const char event[] = "{\"id\":\"a\",\"ts\":\"2024-03-04T10:00:00.000Z\","
    "\"channel\":\"social\",\"direction\":\"in\",\"tags\":[\"x\"],"
    "\"ids\":{\"email\":\"a@b.es\"},\"text\":\"hola, quiero un reembolso\"}";

/* Parses "when " + data[0] openers + data[1..size). */
static void
parse_nested(const uint8_t *data, size_t size)
{
	struct rules *r;
	size_t depth, i, len;
	char *text, e[1024];

	if (size == 0)
		return;
	depth = data[0];
	if ((text = malloc(5 + depth * 4 + size)) == NULL)
		return;
	memcpy(text, "when ", 5);
	len = 5;
	for (i = 0; i < depth; i++) {
		memcpy(text + len, i % 3 == 2 ? "not " : "(", i % 3 == 2 ? 4 :
		    1);
		len += i % 3 == 2 ? 4 : 1;
	}
	memcpy(text + len, data + 1, size - 1);
	len += size - 1;
	r = rules_parse("f", text, len, NULL, e, sizeof(e));
	/* All the openers are open at once: a deeper rule cannot compile. */
	CHECK(r == NULL || depth <= RULES_MAX_DEPTH);
	if (r == NULL)
		CHECK(strncmp(e, "f:", 2) == 0);
	rules_free(r);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scan_object obj, out_obj;
	struct scan_error err;
	struct jsonl_buf out = { 0 };
	struct rules_result res;
	struct rules *r;
	struct normmap *m;
	char e[1024];

	e[0] = '\0';
	r = rules_parse("f", (const char *)data, size, NULL, e, sizeof(e));
	/* A message cut at the buffer's end may lose its caret. */
	if (r == NULL)
		CHECK(strncmp(e, "f:", 2) == 0 && (strchr(e, '^') != NULL ||
		    strlen(e) == sizeof(e) - 1));
	else {
		scan_object_init(&obj);
		scan_object_init(&out_obj);
		CHECK(scan_object_parse(&obj, event, sizeof(event) - 1,
		    &err) == 0);
		rules_eval(r, &obj, 1709546400000, 1, &out, &res);
		if (res.changed)
			CHECK(scan_object_parse(&out_obj, out.data, out.len,
			    &err) == 0);
		scan_object_free(&obj);
		scan_object_free(&out_obj);
		rules_free(r);
	}
	jsonl_buf_free(&out);
	m = normmap_parse("f", (const char *)data, size, e, sizeof(e));
	if (m == NULL)
		CHECK(strncmp(e, "f:", 2) == 0);
	normmap_free(m);
	parse_nested(data, size);
	return 0;
}
