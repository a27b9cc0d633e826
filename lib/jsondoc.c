/*
 * jsondoc.c - whole JSON documents (RFC 8259) parsed with jansson, their
 * faults told by place, the positions of their record arrays found with
 * scan.h, and the repairs of Telegram's "\xNN" escapes and Meta's
 * mojibake (UTF-8, RFC 3629, written as Latin-1 code points).
 */
#include "jsondoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
is_hex_digit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/*
 * Whether t[i..] (a backslash inside a string) is Telegram Desktop's
 * escape of a control character: its writer puts "\x", then '0' or '1',
 * then a hex digit, for every byte below 0x20 but \n, \r and \t.  Nothing
 * else is taken for it, so other invalid escapes still fail the parse.
 */
static int
telegram_escape_at(const char *t, size_t i, size_t len)
{
	return i + 3 < len && t[i + 1] == 'x' &&
	    (t[i + 2] == '0' || t[i + 2] == '1') && is_hex_digit(t[i + 3]);
}

/*
 * Counts the Telegram escapes in the strings of t[0..len); with out
 * non-NULL, also copies t there with them rewritten as \u00NN, noting in
 * fixes where each starts in out.  Returns the number of escapes.
 */
static size_t
walk_hex_escapes(const char *t, size_t len, char *out, size_t *fixes)
{
	size_t i, o = 0, count = 0;
	int in_string = 0;

	for (i = 0; i < len; i++) {
		if (out != NULL)
			out[o++] = t[i];
		if (!in_string) {
			in_string = t[i] == '"';
			continue;
		}
		if (t[i] == '"') {
			in_string = 0;
		} else if (t[i] == '\\' && telegram_escape_at(t, i, len)) {
			if (out != NULL) {
				fixes[count] = o - 1;
				memcpy(out + o, "u00", 3);
				out[o + 3] = t[i + 2];
				out[o + 4] = t[i + 3];
				o += 5;
			}
			count++;
			i += 3;
		} else if (t[i] == '\\' && i + 1 < len) {
			/* The escaped byte is never the string's end or the
			   start of another escape. */
			i++;
			if (out != NULL)
				out[o++] = t[i];
		}
	}
	return count;
}

/* Replaces doc->text by a copy with Telegram's escapes repaired. */
static void
repair_hex(struct jsondoc *doc)
{
	size_t n;

	if (memmem(doc->text, doc->len, "\\x", 2) == NULL)
		return;
	if ((n = walk_hex_escapes(doc->text, doc->len, NULL, NULL)) == 0)
		return;
	doc->repaired = xmalloc(doc->len + 2 * n);
	doc->fixes = xreallocarray(NULL, n, sizeof(*doc->fixes));
	doc->nfixes = walk_hex_escapes(doc->text, doc->len, doc->repaired,
	    doc->fixes);
	doc->text = doc->repaired;
	doc->len += 2 * n;
}

/*
 * The error of a failed parse, told without the text near it (jansson adds
 * "near 'TOKEN'", which may be personal data), at the line and column of
 * the original text: each repaired escape before the fault on its line
 * moved it two columns right.
 */
static void
set_error(const struct jsondoc *doc, const json_error_t *je,
    struct jsondoc_error *err)
{
	char what[JSON_ERROR_TEXT_LENGTH], *near;
	enum json_error_code code = json_error_code(je);
	size_t pos, start, i, col = 0;
	int at_end;

	memset(err, 0, sizeof(*err));
	if (code == json_error_out_of_memory) {
		err->out_of_memory = 1;
		snprintf(err->reason, sizeof(err->reason), "out of memory");
		return;
	}
	pos = je->position > 0 ? (size_t)je->position : 0;
	if (pos > doc->len)
		pos = doc->len;
	snprintf(what, sizeof(what), "%s", je->text);
	/* A file cut short may end inside an escape or a literal too. */
	at_end = strstr(what, " near end of file") != NULL ||
	    code == json_error_premature_end_of_input || pos == doc->len;
	if ((near = strstr(what, " near ")) != NULL)
		*near = '\0';
	if (code == json_error_invalid_utf8)
		snprintf(err->reason, sizeof(err->reason), "invalid UTF-8");
	else if (code == json_error_end_of_input_expected)
		snprintf(err->reason, sizeof(err->reason), "invalid JSON: "
		    "text after the end of the document");
	else
		snprintf(err->reason, sizeof(err->reason), "%s: %s", at_end ?
		    "truncated JSON document" : "invalid JSON", what);
	for (start = pos; start > 0 && doc->text[start - 1] != '\n'; start--)
		;
	for (i = start; i < pos; i++)
		if (((unsigned char)doc->text[i] & 0xc0) != 0x80)
			col++;
	for (i = 0; i < doc->nfixes; i++)
		if (doc->fixes[i] >= start && doc->fixes[i] < pos)
			col -= col >= 2 ? 2 : col;
	err->line = je->line > 0 ? (uint64_t)je->line : 1;
	err->col = col;
}

int
jsondoc_load(struct jsondoc *doc, const char *text, size_t len, int flags,
    struct jsondoc_error *err)
{
	json_error_t je;
	size_t i;

	memset(doc, 0, sizeof(*doc));
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	doc->text = text;
	doc->len = len;
	for (i = 0; i < len && is_space(text[i]); i++)
		;
	if (i == len)
		return 1;
	if (flags & JSONDOC_REPAIR_HEX)
		repair_hex(doc);
	/* \u0000 is valid JSON: strings are taken with their length. */
	doc->root = json_loadb(doc->text, doc->len, JSON_ALLOW_NUL, &je);
	if (doc->root == NULL) {
		set_error(doc, &je, err);
		return -1;
	}
	return 0;
}

static enum ingest_status
too_large(struct ingest_input *in)
{
	char msg[96];

	snprintf(msg, sizeof(msg), "larger than %zu MiB, the most read whole "
	    "as one JSON document", JSONDOC_MAX_SIZE >> 20);
	return ingest_fail_msg(in, msg);
}

enum ingest_status
jsondoc_ingest(struct ingest_input *in, int flags, struct jsondoc *doc)
{
	struct jsondoc_error err;
	enum ingest_status st;
	struct stat sb;
	char *data;
	size_t len;

	memset(doc, 0, sizeof(*doc));
	if (fstat(in->fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (uint64_t)sb.st_size > JSONDOC_MAX_SIZE)
		return too_large(in);
	if ((st = ingest_slurp(in, &data, &len, JSONDOC_MAX_SIZE)) != INGEST_OK)
		return st;
	if (len > JSONDOC_MAX_SIZE) {
		free(data);
		return too_large(in);
	}
	if (jsondoc_load(doc, data, len, flags, &err) >= 0) {
		doc->input = data;
		doc->input_len = len;
		return INGEST_OK;
	}
	doc->input = data;
	doc->input_len = len;
	if (err.out_of_memory)
		return ingest_fail_msg(in, "out of memory");
	return ingest_reject(in, err.line, err.col, err.reason, data, len);
}

enum ingest_status
jsondoc_reject(struct ingest_input *in, struct jsondoc *doc,
    struct jsondoc_span span, const json_t *value, const char *reason)
{
	enum ingest_status st;
	const char *p = doc->text;
	char *text;

	if (span.p != NULL)
		return ingest_reject(in, jsondoc_line(doc, span.p), 0, reason,
		    span.p, span.len);
	if (value != NULL) {
		text = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
		if (text == NULL)
			return ingest_fail_msg(in, "out of memory");
		st = ingest_reject(in, 0, 0, reason, text, strlen(text));
		free(text);
		return st;
	}
	while (p < doc->text + doc->len && is_space(*p))
		p++;
	return ingest_reject(in, jsondoc_line(doc, p), 0, reason, doc->input,
	    doc->input_len);
}

void
jsondoc_free(struct jsondoc *doc)
{
	json_decref(doc->root);
	free(doc->repaired);
	free(doc->fixes);
	free(doc->input);
	memset(doc, 0, sizeof(*doc));
}

struct jsondoc_span
jsondoc_root(const struct jsondoc *doc)
{
	struct jsondoc_span s;

	s.p = doc->text;
	s.len = doc->len;
	return s;
}

/* The span of a scanned value: strings with their quotes. */
static struct jsondoc_span
span_of(const struct scan_member *m)
{
	struct jsondoc_span s;

	s.p = m->value;
	s.len = m->value_len;
	if (m->type == SCAN_STRING) {
		s.p--;
		s.len += 2;
	}
	return s;
}

struct jsondoc_span
jsondoc_member(struct jsondoc_span s, const char *name)
{
	struct jsondoc_span none = { NULL, 0 };
	struct scan_member m;

	if (s.p == NULL ||
	    scan_object_find(s.p, s.len, name, strlen(name), &m) != 0)
		return none;
	return span_of(&m);
}

size_t
jsondoc_elements(struct jsondoc_span s, struct jsondoc_list *list)
{
	struct scan_error err;

	list->elems.count = 0;
	if (s.p == NULL ||
	    scan_array_parse(&list->elems, s.p, s.len, &err) != 0) {
		list->elems.count = 0;
		return 0;
	}
	return list->elems.count;
}

struct jsondoc_span
jsondoc_element(const struct jsondoc_list *list, size_t i)
{
	struct jsondoc_span none = { NULL, 0 };

	return i < list->elems.count ? span_of(&list->elems.members[i]) :
	    none;
}

void
jsondoc_list_init(struct jsondoc_list *list)
{
	scan_object_init(&list->elems);
}

void
jsondoc_list_free(struct jsondoc_list *list)
{
	scan_object_free(&list->elems);
}

uint64_t
jsondoc_line(struct jsondoc *doc, const char *p)
{
	const char *q;

	if (p == NULL)
		return 0;
	if (doc->line_at == NULL || p < doc->line_at) {
		doc->line_at = doc->text;
		doc->line_no = 1;
	}
	for (q = doc->line_at; q < p &&
	    (q = memchr(q, '\n', (size_t)(p - q))) != NULL; q++)
		doc->line_no++;
	doc->line_at = p;
	return doc->line_no;
}

void
jsondoc_record_value(struct record *r, const char *key, const json_t *value)
{
	switch (json_typeof(value)) {
	case JSON_STRING:
		record_string(r, key, json_string_value(value),
		    json_string_length(value));
		break;
	case JSON_INTEGER:
		record_int(r, key, (long long)json_integer_value(value));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		record_bool(r, key, json_is_true(value));
		break;
	case JSON_NULL:
		record_null(r, key);
		break;
	default:
		record_json(r, key, value);
		break;
	}
}

size_t
jsondoc_unmojibake_string(const char *s, size_t n, char *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (u[i] < 0x80) {
			out[o++] = (char)u[i];
		} else if ((u[i] == 0xc2 || u[i] == 0xc3) && i + 1 < n &&
		    (u[i + 1] & 0xc0) == 0x80) {
			/* U+0080..U+00FF: the code point is the byte. */
			out[o++] = (char)(((u[i] & 0x03) << 6) |
			    (u[i + 1] & 0x3f));
			i++;
		} else {
			return (size_t)-1;
		}
	}
	return scan_utf8_valid_prefix(out, o) == o ? o : (size_t)-1;
}

/* A scratch buffer for the repaired strings. */
struct scratch {
	char *p;
	size_t cap;
};

static size_t
unmojibake_value(json_t *value, struct scratch *buf)
{
	const char *key;
	json_t *member;
	size_t i, n, count = 0;

	switch (json_typeof(value)) {
	case JSON_STRING:
		n = json_string_length(value);
		if (n > buf->cap) {
			buf->p = xrealloc(buf->p, n);
			buf->cap = n;
		}
		i = jsondoc_unmojibake_string(json_string_value(value), n,
		    buf->p);
		/* The same length back means plain ASCII: nothing to do. */
		if (i == (size_t)-1 || i == n)
			return 0;
		return json_string_setn_nocheck(value, buf->p, i) == 0;
	case JSON_OBJECT:
		json_object_foreach(value, key, member)
			count += unmojibake_value(member, buf);
		return count;
	case JSON_ARRAY:
		json_array_foreach(value, i, member)
			count += unmojibake_value(member, buf);
		return count;
	default:
		return 0;
	}
}

size_t
jsondoc_unmojibake(json_t *value)
{
	struct scratch buf = { NULL, 0 };
	size_t count = unmojibake_value(value, &buf);

	free(buf.p);
	return count;
}
