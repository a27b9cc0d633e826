/*
 * regex.c - any line-oriented text log described by a PCRE2 pattern with
 * named groups (--pattern or --pattern-file): each matching line is a
 * record whose fields are the named groups, in the order they open in the
 * pattern, as strings; a group that took no part is null.  With
 * --continuation, a line that does not match the pattern but matches that
 * one (a stack trace's "\tat ..." lines, a wrapped message) belongs to the
 * record before it: it is added, after a newline, to the field named
 * message, msg, text or body, else to the last named group.
 *
 * A line that matches neither, is not valid UTF-8, is longer than 64 MiB,
 * or makes the pattern hit its match limits (linepat.h) is rejected
 * together with its continuation lines.  Blank lines are skipped (the line
 * reader of jsonl.h).  Never chosen by format detection: -f regex only.
 */
#include "formats/formats.h"

#include <stdlib.h>
#include <string.h>

#include "linepat.h"
#include "util.h"

#define MAX_RECORD ((size_t)64 << 20)
#define MAX_RECORD_TEXT "64 MiB"

/* A span of a field in the record's first line. */
struct span {
	size_t start, len;
	int set;
};

/* The record being gathered: its first line and continuation lines. */
struct pending {
	int open;
	struct jsonl_buf raw;	/* the lines, joined by "\n" */
	size_t head_len;	/* the first line's length in raw */
	uint64_t line;		/* the first line's number */
	size_t col;		/* a rejected record's fault, 0 when none */
	const char *reason;	/* NULL: a record; else why it is rejected */
	struct span *fields;	/* from the pattern's match */
	struct jsonl_buf value;	/* a field with its continuation lines */
};

/* Writes the pending record out: emitted, or rejected with its reason. */
static enum ingest_status
flush(struct ingest_input *in, struct linepat *pat, struct pending *pd)
{
	struct span *f;
	const char *raw = pd->raw.data;
	size_t i;

	if (!pd->open)
		return INGEST_OK;
	pd->open = 0;
	if (pd->reason != NULL)
		return ingest_reject(in, pd->line, pd->col, pd->reason, raw,
		    pd->raw.len);
	record_begin(&in->rec);
	for (i = 0; i < pat->nnames; i++) {
		f = &pd->fields[i];
		if (i == pat->message && pd->raw.len > pd->head_len) {
			pd->value.len = 0;
			if (f->set)
				jsonl_buf_append(&pd->value, raw + f->start,
				    f->len);
			jsonl_buf_append(&pd->value, raw + pd->head_len,
			    pd->raw.len - pd->head_len);
			record_string(&in->rec, pat->names[i], pd->value.data,
			    pd->value.len);
		} else if (f->set) {
			record_string(&in->rec, pat->names[i], raw + f->start,
			    f->len);
		} else {
			record_null(&in->rec, pat->names[i]);
		}
	}
	return ingest_emit(in, pd->line, 0, raw, pd->raw.len);
}

/* Starts a record (reason NULL, after a match) or a rejected one. */
static void
start(struct pending *pd, struct linepat *pat, uint64_t line_no,
    const char *line, size_t len, const char *reason, size_t col)
{
	size_t i;

	pd->open = 1;
	pd->raw.len = 0;
	jsonl_buf_append(&pd->raw, line, len);
	pd->head_len = len;
	pd->line = line_no;
	pd->reason = reason;
	pd->col = col;
	for (i = 0; reason == NULL && i < pat->nnames; i++)
		pd->fields[i].set = linepat_field(pat, i,
		    &pd->fields[i].start, &pd->fields[i].len);
}

/* Adds a continuation line to the pending record. */
static void
extend(struct pending *pd, const char *line, size_t len)
{
	if (pd->raw.len + 1 + len > MAX_RECORD) {
		/* Rejected with the lines it had; the rest are dropped. */
		if (pd->reason == NULL) {
			pd->reason = "record longer than " MAX_RECORD_TEXT;
			pd->col = 0;
		}
		return;
	}
	jsonl_buf_append(&pd->raw, "\n", 1);
	jsonl_buf_append(&pd->raw, line, len);
}

/*
 * One line: a new record, a continuation of the pending one, or the
 * start of a rejected one.
 */
static enum ingest_status
take_line(struct ingest_input *in, struct linepat *pat, struct linepat *cont,
    struct pending *pd, uint64_t line_no, const char *line, size_t len)
{
	enum ingest_status st;
	const char *why = NULL;
	size_t at = 0, col = 0;

	switch (linepat_match(pat, line, len, &at, &why)) {
	case LINEPAT_MATCH:
		why = NULL;
		break;
	case LINEPAT_NO_MATCH:
		if (cont == NULL) {
			why = "line does not match the pattern";
			break;
		}
		switch (linepat_match(cont, line, len, &at, &why)) {
		case LINEPAT_MATCH:
			if (!pd->open) {
				why = "continuation line with no record "
				    "before it";
				break;
			}
			extend(pd, line, len);
			return INGEST_OK;
		case LINEPAT_NO_MATCH:
			why = "line matches neither the pattern nor "
			    "--continuation";
			break;
		default:
			why = "--continuation pattern too slow or too deep "
			    "(match limits)";
			break;
		}
		break;
	case LINEPAT_BAD_UTF8:
		why = "invalid UTF-8";
		col = at + 1;
		break;
	default:
		break;		/* a limit: why says which */
	}
	if ((st = flush(in, pat, pd)) != INGEST_OK)
		return st;
	start(pd, pat, line_no, line, len, why, col);
	return INGEST_OK;
}

static enum ingest_status
read_lines(struct ingest_input *in, struct linepat *pat, struct linepat *cont)
{
	struct jsonl_reader r;
	struct pending pd;
	enum ingest_status st = INGEST_OK;
	enum jsonl_status ls;
	const char *line;
	size_t len;

	memset(&pd, 0, sizeof(pd));
	pd.fields = xcalloc(pat->nnames + 1, sizeof(*pd.fields));
	jsonl_reader_init(&r, in->fd, in->name, UINT64_MAX, 1 << 16);
	r.max_line = MAX_RECORD;
	while (st == INGEST_OK && (ls = jsonl_reader_next(&r, &line, &len)) !=
	    JSONL_EOF) {
		in->bytes_read = jsonl_reader_tell(&r);
		if (ls == JSONL_ERROR) {
			st = ingest_fail(in, r.error);
		} else if (ls == JSONL_TOO_LONG) {
			if ((st = flush(in, pat, &pd)) == INGEST_OK)
				start(&pd, pat, r.line_no, line, len, "line "
				    "longer than " MAX_RECORD_TEXT, 0);
		} else {
			st = take_line(in, pat, cont, &pd, r.line_no, line,
			    len);
		}
	}
	if (st == INGEST_OK)
		st = flush(in, pat, &pd);
	in->bytes_read = jsonl_reader_tell(&r);
	jsonl_reader_free(&r);
	jsonl_buf_free(&pd.raw);
	jsonl_buf_free(&pd.value);
	free(pd.fields);
	return st;
}

static enum ingest_status
read_regex(struct ingest_input *in)
{
	const struct ingest_options *o = in->opts;
	struct linepat pat, cont;
	enum ingest_status st;
	char err[sizeof(in->error)];

	if (o->pattern == NULL && o->pattern_file == NULL)
		return ingest_fail_msg(in, "-f regex needs --pattern or "
		    "--pattern-file");
	/* Checked for each input: the reader interface has no setup step
	   (exit 1 here; at start-up it would be a usage error). */
	if (linepat_load(&pat, "--pattern", o->pattern, o->pattern_file,
	    LINEPAT_NAMES, err, sizeof(err)) != 0)
		return ingest_fail_msg(in, err);
	if (o->continuation != NULL && linepat_load(&cont, "--continuation",
	    o->continuation, NULL, 0, err, sizeof(err)) != 0) {
		linepat_free(&pat);
		return ingest_fail_msg(in, err);
	}
	st = read_lines(in, &pat, o->continuation != NULL ? &cont : NULL);
	if (o->continuation != NULL)
		linepat_free(&cont);
	linepat_free(&pat);
	return st;
}

/* No sniff: any text matches some pattern, so -f regex is always asked
   for. */
const struct ingest_format format_regex = {
	"regex",
	"text logs, a record a line (plus --continuation lines) from a pcre2 "
	"pattern's named groups",
	NULL,
	read_regex
};
