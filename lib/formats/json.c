/*
 * json.c - JSON documents (RFC 8259) holding records: a top-level array of
 * objects, the array at --path a.b inside an object (Zendesk's
 * {"tickets":[...]}, Twilio's {"calls":[...]}), or objects one after
 * another (Amazon Connect records as Firehose writes them, FORMATS.md
 * section 8.2; JSON lines too).  Without --path each top-level object is a
 * record and each top-level array a list of them; with it, each top-level
 * value must be an object holding the path.
 *
 * The document is read whole (ingest_slurp, at most 1 GiB) but no tree is
 * built: it is cut into records by its structure (jsontext.h) and each
 * record is validated on its own (scan.h), so one bad record is rejected
 * and the others go on, numbers keep their digits, and every record knows
 * its line.  Members pass into the record with their text unchanged but
 * for the white space between tokens.  The parts of the document around
 * the records are validated too; a fault there, or a path that is not
 * there, fails the input.  A document cut short (a truncated download)
 * gives its complete records and rejects the rest.
 */
#include "formats/formats.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "jsontext.h"
#include "scan.h"
#include "util.h"

#define MAX_DOCUMENT ((size_t)1 << 30)
#define MAX_DOCUMENT_TEXT "1 GiB"

/* The document being read and where its line count has got to. */
struct doc {
	struct ingest_input *in;
	const char *text;
	size_t len;
	size_t counted;		/* newlines are counted up to here */
	uint64_t line;		/* the line of text[counted] */
	size_t line_start;	/* where that line starts */
	size_t bom;		/* 3 after a UTF-8 byte order mark */
	char **path;		/* --path split at its dots */
	size_t npath;
	int stopped;		/* a fault ended the records: the rest of the
				   document was rejected */
	struct scan_object obj;
	struct jsonl_buf scratch;
	struct jsonl_buf check;
};

/* Sets *line and *col (1-based, in bytes) of text[off]. */
static void
locate(struct doc *d, size_t off, uint64_t *line, size_t *col)
{
	const char *nl;

	if (off < d->counted) {
		/* Rare (a fault reported at an earlier place): recount. */
		d->counted = d->line_start = d->bom;
		d->line = 1;
	}
	while ((nl = memchr(d->text + d->counted, '\n', off - d->counted)) !=
	    NULL) {
		d->line++;
		d->counted = d->line_start = (size_t)(nl - d->text) + 1;
	}
	d->counted = off;
	*line = d->line;
	*col = off - d->line_start + 1;
}

static size_t
skip_ws(const struct doc *d, size_t p)
{
	while (p < d->len && JSONTEXT_IS_WS((unsigned char)d->text[p]))
		p++;
	return p;
}

/* Fails the input with "FILE:LINE:COL: message". */
static enum ingest_status
fail_at(struct doc *d, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum ingest_status
fail_at(struct doc *d, size_t off, const char *fmt, ...)
{
	struct ingest_input *in = d->in;
	uint64_t line;
	size_t col;
	va_list ap;
	int n;

	locate(d, off, &line, &col);
	n = snprintf(in->error, sizeof(in->error), "%s:%" PRIu64 ":%zu: ",
	    in->name, line, col);
	if (n > 0 && (size_t)n < sizeof(in->error)) {
		va_start(ap, fmt);
		vsnprintf(in->error + n, sizeof(in->error) - (size_t)n, fmt,
		    ap);
		va_end(ap);
	}
	return INGEST_FAILED;
}

/*
 * Rejects the rest of the document, from text[from], as one record after
 * a fault at text[at] that leaves no way to find the next record.
 */
static enum ingest_status
reject_rest(struct doc *d, size_t from, size_t at, const char *why)
{
	char reason[96];
	uint64_t line;
	size_t col;

	d->stopped = 1;
	locate(d, at, &line, &col);
	snprintf(reason, sizeof(reason), "invalid JSON: %s", why);
	return ingest_reject(d->in, line, col, reason, d->text + from,
	    d->len - from);
}

/* What kind of value starts with c, for messages; NULL: none. */
static const char *
kind_of(char c)
{
	switch (c) {
	case '{': return "an object";
	case '[': return "an array";
	case '"': return "a string";
	case 't': case 'f': return "a boolean";
	case 'n': return "null";
	default:
		return c == '-' || (c >= '0' && c <= '9') ? "a number" : NULL;
	}
}

/*
 * One record: the value text[s..e), element n (from 1) of an array, or a
 * top-level value when n is 0.
 */
static enum ingest_status
record_at(struct doc *d, size_t s, size_t e, uint64_t n)
{
	struct ingest_input *in = d->in;
	struct scan_error err;
	const char *why, *at;
	char reason[96];
	uint64_t line;
	size_t col;

	locate(d, s, &line, &col);
	if (d->text[s] != '{') {
		if (kind_of(d->text[s]) == NULL)
			snprintf(reason, sizeof(reason), "invalid JSON: %s",
			    n > 0 ? "invalid value" :
			    "expected an object or array");
		else if (n > 0)
			snprintf(reason, sizeof(reason), "array element %"
			    PRIu64 " is %s, not an object", n,
			    kind_of(d->text[s]));
		else
			snprintf(reason, sizeof(reason), "%s at the top "
			    "level, not an object or array",
			    kind_of(d->text[s]));
		return ingest_reject(in, line, col, reason, d->text + s, e - s);
	}
	if (scan_object_parse(&d->obj, d->text + s, e - s, &err) != 0) {
		locate(d, s + err.offset, &line, &col);
		snprintf(reason, sizeof(reason), "invalid JSON: %s",
		    err.reason);
		return ingest_reject(in, line, col, reason, d->text + s, e - s);
	}
	record_begin(&in->rec);
	if (jsontext_record(&in->rec, &d->obj, 1, &d->scratch, &why,
	    &at) != 0) {
		locate(d, (size_t)(at - d->text), &line, &col);
		return ingest_reject(in, line, col, why, d->text + s, e - s);
	}
	return ingest_emit(in, line, 0, d->text + s, e - s);
}

/*
 * The records of the array that opens at text[p]; sets *end past it.  A
 * fault that hides where the next element starts rejects the rest.
 */
static enum ingest_status
read_array(struct doc *d, size_t p, size_t *end)
{
	enum ingest_status st;
	const char *why;
	uint64_t n = 0;
	size_t e;

	p = skip_ws(d, p + 1);
	if (p < d->len && d->text[p] == ']') {
		*end = p + 1;
		return INGEST_OK;
	}
	for (;;) {
		if (p >= d->len)
			return reject_rest(d, p, p, "truncated array");
		if (jsontext_value_end(d->text, d->len, p, &e, &why) != 0)
			return reject_rest(d, p, e, why);
		if ((st = record_at(d, p, e, ++n)) != INGEST_OK)
			return st;
		p = skip_ws(d, e);
		if (p >= d->len)
			return reject_rest(d, p, p, "truncated array");
		if (d->text[p] == ']') {
			*end = p + 1;
			return INGEST_OK;
		}
		if (d->text[p] != ',')
			return reject_rest(d, p, p, "expected ',' or ']'");
		p = skip_ws(d, p + 1);
	}
}

/*
 * Validates the value text[s..e) outside the records: containers where
 * they are, scalars (keys too) as the one element of an array.  Returns 0,
 * or -1 with *at and *why.
 */
static int
check_value(struct doc *d, size_t s, size_t e, size_t *at, const char **why)
{
	struct scan_error err;
	int r;

	if (d->text[s] == '{') {
		r = scan_object_parse(&d->obj, d->text + s, e - s, &err);
	} else if (d->text[s] == '[') {
		r = scan_array_parse(&d->obj, d->text + s, e - s, &err);
	} else {
		d->check.len = 0;
		jsonl_buf_append(&d->check, "[", 1);
		jsonl_buf_append(&d->check, d->text + s, e - s);
		jsonl_buf_append(&d->check, "]", 1);
		r = scan_array_parse(&d->obj, d->check.data, d->check.len,
		    &err);
		/* Back from the copy to the document, inside the value. */
		if (r != 0) {
			err.offset = err.offset == 0 ? 0 : err.offset - 1;
			if (err.offset > e - s)
				err.offset = e - s;
		}
	}
	if (r != 0) {
		*at = s + err.offset;
		*why = err.reason;
	}
	return r;
}

/*
 * Steps to the next member of the object being walked: *p is just inside
 * its '{' (*first set) or after a member's value.  Returns 1 with the
 * key's span [*ks, *ke) (quotes included) and *p at the value, 0 when the
 * object ends (*p past its '}'), -1 with *p at a fault and *why.
 */
static int
next_member(struct doc *d, size_t *p, int *first, size_t *ks, size_t *ke,
    const char **why)
{
	size_t q = skip_ws(d, *p);

	*why = "truncated object";
	if (q < d->len && d->text[q] == '}') {
		*p = q + 1;
		return 0;
	}
	if (!*first) {
		if (q < d->len && d->text[q] != ',') {
			*why = "expected ',' or '}'";
			*p = q;
			return -1;
		}
		q = skip_ws(d, q + 1);
	}
	*first = 0;
	if (q < d->len && d->text[q] != '"')
		*why = "expected a string key";
	if (q >= d->len || d->text[q] != '"' ||
	    jsontext_value_end(d->text, d->len, q, ke, why) != 0) {
		*p = q >= d->len ? d->len : q;
		return -1;
	}
	*ks = q;
	q = skip_ws(d, *ke);
	if (q >= d->len || d->text[q] != ':') {
		*why = q >= d->len ? "truncated object" : "expected ':'";
		*p = q;
		return -1;
	}
	*p = skip_ws(d, q + 1);
	if (*p >= d->len) {
		*why = "truncated object";
		return -1;
	}
	return 1;
}

/* Whether the key text[ks..ke), validated, decodes to name. */
static int
key_is(struct doc *d, size_t ks, size_t ke, const char *name)
{
	size_t n = strlen(name), k;

	if (memchr(d->text + ks, '\\', ke - ks) == NULL)
		return ke - ks - 2 == n && memcmp(d->text + ks + 1, name, n) ==
		    0;
	d->check.len = 0;
	jsonl_buf_append(&d->check, d->text + ks, ke - ks);
	k = scan_string_decode(d->text + ks + 1, ke - ks - 2, d->check.data);
	return k == n && memcmp(d->check.data, name, n) == 0;
}

static enum ingest_status follow_path(struct doc *d, size_t obj, size_t k,
    size_t *end);

/* Fails the input when path component k is not the container it needs. */
static enum ingest_status
not_container(struct doc *d, size_t p, size_t k, const char *needed)
{
	const char *why;
	size_t e, at;

	if (jsontext_value_end(d->text, d->len, p, &e, &why) != 0)
		return fail_at(d, e, "invalid JSON: %s", why);
	if (check_value(d, p, e, &at, &why) != 0)
		return fail_at(d, at, "invalid JSON: %s", why);
	return fail_at(d, p, "--path %s: \"%s\" is %s, not %s",
	    d->in->opts->path, d->path[k], kind_of(d->text[p]), needed);
}

/* The member value at text[p], whose key is path component k. */
static enum ingest_status
path_member(struct doc *d, size_t p, size_t k, size_t *end)
{
	if (k + 1 == d->npath)
		return d->text[p] == '[' ? read_array(d, p, end) :
		    not_container(d, p, k, "an array");
	return d->text[p] == '{' ? follow_path(d, p, k + 1, end) :
	    not_container(d, p, k, "an object");
}

/*
 * Walks the object that opens at text[obj] looking for path component k
 * and reads the records under it; validates the other members; sets *end
 * past the object.
 */
static enum ingest_status
follow_path(struct doc *d, size_t obj, size_t k, size_t *end)
{
	enum ingest_status st;
	const char *why;
	size_t p = obj + 1, ks, ke, e, at;
	int first = 1, found = 0, r;

	while ((r = next_member(d, &p, &first, &ks, &ke, &why)) == 1) {
		if (check_value(d, ks, ke, &at, &why) != 0)
			return fail_at(d, at, "invalid JSON: %s", why);
		if (key_is(d, ks, ke, d->path[k])) {
			if (found)
				return fail_at(d, ks, "--path %s: \"%s\" "
				    "is there twice", d->in->opts->path,
				    d->path[k]);
			found = 1;
			if ((st = path_member(d, p, k, &p)) != INGEST_OK ||
			    d->stopped)
				return st;
			continue;
		}
		if (jsontext_value_end(d->text, d->len, p, &e, &why) != 0)
			return fail_at(d, e, "invalid JSON: %s", why);
		if (check_value(d, p, e, &at, &why) != 0)
			return fail_at(d, at, "invalid JSON: %s", why);
		p = e;
	}
	if (r < 0)
		return fail_at(d, p, "invalid JSON: %s", why);
	if (!found)
		return fail_at(d, obj, "--path %s: no member \"%s\" in "
		    "this object", d->in->opts->path, d->path[k]);
	*end = p;
	return INGEST_OK;
}

/* One value at the top level, text[p]; sets *end past it. */
static enum ingest_status
top_value(struct doc *d, size_t p, size_t *end)
{
	const char *why;

	if (d->npath > 0) {
		if (kind_of(d->text[p]) == NULL)
			return fail_at(d, p, "invalid JSON: expected an "
			    "object");
		if (d->text[p] != '{')
			return fail_at(d, p, "--path %s: the document is %s, "
			    "not an object", d->in->opts->path,
			    kind_of(d->text[p]));
		return follow_path(d, p, 0, end);
	}
	if (d->text[p] == '[')
		return read_array(d, p, end);
	if (jsontext_value_end(d->text, d->len, p, end, &why) != 0)
		return reject_rest(d, p, *end, why);
	return record_at(d, p, *end, 0);
}

/* Splits --path at its dots; returns -1 when a component is empty. */
static int
split_path(struct doc *d, const char *path)
{
	const char *p = path, *dot;

	for (;;) {
		dot = strchr(p, '.');
		if ((dot != NULL ? (size_t)(dot - p) : strlen(p)) == 0)
			return -1;
		d->path = xreallocarray(d->path, d->npath + 1,
		    sizeof(*d->path));
		d->path[d->npath++] = dot != NULL ? xstrndup(p,
		    (size_t)(dot - p)) : xstrdup(p);
		if (dot == NULL)
			return 0;
		p = dot + 1;
	}
}

static void
doc_free(struct doc *d)
{
	size_t i;

	for (i = 0; i < d->npath; i++)
		free(d->path[i]);
	free(d->path);
	scan_object_free(&d->obj);
	jsonl_buf_free(&d->scratch);
	jsonl_buf_free(&d->check);
}

static enum ingest_status
read_document(struct doc *d)
{
	enum ingest_status st = INGEST_OK;
	size_t p = d->bom;

	while (st == INGEST_OK && !d->stopped &&
	    (p = skip_ws(d, p)) < d->len)
		st = top_value(d, p, &p);
	return st;
}

static enum ingest_status
read_json(struct ingest_input *in)
{
	struct doc d;
	struct stat sb;
	enum ingest_status st;
	static const char too_big[] = "larger than " MAX_DOCUMENT_TEXT
	    ", the most -f json reads at once; make it JSON lines "
	    "(jq -c '.[]') and read that with -f jsonl";
	char *text;
	size_t len;

	if (fstat(in->fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (uint64_t)sb.st_size > MAX_DOCUMENT)
		return ingest_fail_msg(in, too_big);
	if ((st = ingest_slurp(in, &text, &len, MAX_DOCUMENT)) != INGEST_OK)
		return st;
	if (len > MAX_DOCUMENT) {
		free(text);
		return ingest_fail_msg(in, too_big);
	}
	memset(&d, 0, sizeof(d));
	d.in = in;
	d.text = text;
	d.len = len;
	d.line = 1;
	scan_object_init(&d.obj);
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		d.bom = d.counted = d.line_start = 3;
	if (in->opts->path != NULL && in->opts->path[0] != '\0' &&
	    split_path(&d, in->opts->path) != 0)
		st = ingest_fail_msg(in, "--path: give member names "
		    "separated by single dots, such as tickets or data.items");
	else
		st = read_document(&d);
	doc_free(&d);
	free(text);
	return st;
}

static int
sniff_json(const char *name, const char *head, size_t n,
    const struct ingest_options *opts)
{
	size_t i = 0, k = strlen(name);

	(void)opts;
	if (k < 5 || strcasecmp(name + k - 5, ".json") != 0)
		return 0;
	if (n >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && JSONTEXT_IS_WS((unsigned char)head[i]))
		i++;
	/* The fallback for *.json: below the readers of particular exports,
	   even when only their file name speaks for them (messenger's
	   message_1.json: 60), and below JSON lines in a *.json file (65). */
	return i < n && (head[i] == '[' || head[i] == '{') ? 55 : 0;
}

const struct ingest_format format_json = {
	"json",
	"JSON: an array of objects, the array at --path a.b, or objects "
	"one after another",
	sniff_json,
	read_json
};
