/*
 * jsonl.c - JSON Lines (jsonlines.org; also called NDJSON): one JSON object
 * (RFC 8259) per line, such as Twilio's BulkExport days or a web-chat
 * export.  Each line is validated without building a tree (scan.h,
 * DESIGN section 7) and its members pass into the record with their text
 * unchanged -- 64-bit ids and decimals keep their digits -- followed by
 * the provenance.  A line that is not one valid object, holds invalid
 * UTF-8 or a repeated key, or is longer than 64 MiB is rejected.
 */
#include "formats/formats.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "jsontext.h"
#include "scan.h"

/* Longer lines are rejected: memory stays bounded by a few times this. */
#define MAX_LINE ((size_t)64 << 20)
#define MAX_LINE_TEXT "64 MiB"

/*
 * The next non-blank line of head[*at..n) that ends within it (without
 * its CR), or NULL; moves *at past it.
 */
static const char *
next_line(const char *head, size_t n, size_t *at, size_t *len)
{
	const char *line, *nl;
	size_t i;

	while (*at < n && (nl = memchr(head + *at, '\n', n - *at)) != NULL) {
		line = head + *at;
		*len = (size_t)(nl - line);
		*at += *len + 1;
		if (*len > 0 && line[*len - 1] == '\r')
			(*len)--;
		for (i = 0; i < *len; i++)
			if (!JSONTEXT_IS_WS((unsigned char)line[i]))
				return line;
	}
	return NULL;
}

static int
sniff_jsonl(const char *name, const char *head, size_t n,
    const struct ingest_options *opts)
{
	struct scan_object obj;
	struct scan_error err;
	const char *line;
	size_t at = 0, len;
	int objects = 0, named;

	(void)opts;
	named = ingest_name_ends(name, ".jsonl") || ingest_name_ends(name, ".ndjson") ||
	    ingest_name_ends(name, ".jsonlines");
	if (n >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		at = 3;
	scan_object_init(&obj);
	while (objects < 2 && (line = next_line(head, n, &at, &len)) != NULL &&
	    scan_object_parse(&obj, line, len, &err) == 0)
		objects++;
	scan_object_free(&obj);
	/* Two objects a line are JSON lines whatever the file is called
	   (Twilio names its JSON-lines days *.json): above json's 55. */
	if (objects == 2 || (named && objects == 1))
		return named ? 75 : 65;
	return 0;
}

static enum ingest_status
reject_line(struct ingest_input *in, const struct jsonl_reader *r,
    size_t col, const char *why, const char *line, size_t len)
{
	char reason[96];

	snprintf(reason, sizeof(reason), "invalid JSON: %s", why);
	return ingest_reject(in, r->line_no, col, reason, line, len);
}

static enum ingest_status
read_jsonl(struct ingest_input *in)
{
	struct jsonl_reader r;
	struct scan_object obj;
	struct scan_error err;
	struct jsonl_buf scratch = { NULL, 0, 0 };
	enum ingest_status st = INGEST_OK;
	enum jsonl_status ls;
	const char *line, *why, *at;
	size_t len;

	jsonl_reader_init(&r, in->fd, in->name, UINT64_MAX, 1 << 16);
	r.max_line = MAX_LINE;
	scan_object_init(&obj);
	while (st == INGEST_OK && (ls = jsonl_reader_next(&r, &line, &len)) !=
	    JSONL_EOF) {
		in->bytes_read = jsonl_reader_tell(&r);
		if (ls == JSONL_ERROR) {
			st = ingest_fail(in, r.error);
		} else if (ls == JSONL_TOO_LONG) {
			st = ingest_reject_head(in, r.line_no, 0,
			    "line longer than " MAX_LINE_TEXT, line, len, 1);
		} else if (scan_object_parse(&obj, line, len, &err) != 0) {
			st = reject_line(in, &r, err.offset + 1, err.reason,
			    line, len);
		} else {
			record_begin(&in->rec);
			if (jsontext_record(&in->rec, &obj, 0, &scratch,
			    &why, &at) != 0)
				st = ingest_reject(in, r.line_no,
				    (size_t)(at - line) + 1, why, line, len);
			else
				st = ingest_emit(in, r.line_no, 0, line, len);
		}
	}
	in->bytes_read = jsonl_reader_tell(&r);
	jsonl_buf_free(&scratch);
	scan_object_free(&obj);
	jsonl_reader_free(&r);
	return st;
}

const struct ingest_format format_jsonl = {
	"jsonl",
	"JSON lines: one object a line, members passed through unchanged",
	sniff_jsonl,
	read_jsonl
};
