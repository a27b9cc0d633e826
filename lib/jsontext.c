/*
 * jsontext.c - JSON text (RFC 8259) cut, compacted and passed on as bytes.
 */
#include "jsontext.h"

#include <string.h>

/* Bytes that end a bare scalar (number, literal, or garbage). */
static int
ends_scalar(unsigned char c)
{
	return JSONTEXT_IS_WS(c) || c == ',' || c == ':' || c == '[' ||
	    c == ']' || c == '{' || c == '}' || c == '"';
}

/*
 * Finds the closing quote of the string whose opening quote is at
 * text[at]: sets *end one past it and returns 0, or returns -1 when the
 * text ends first.
 */
static int
string_end(const char *text, size_t len, size_t at, size_t *end)
{
	const char *q;
	size_t from = at + 1, k;

	while (from < len &&
	    (q = memchr(text + from, '"', len - from)) != NULL) {
		/* The quote is escaped when an odd run of backslashes (after
		   the opening quote) stands before it. */
		k = (size_t)(q - text);
		while (k > at + 1 && text[k - 1] == '\\')
			k--;
		from = (size_t)(q - text) + 1;
		if (((size_t)(q - text) - k) % 2 == 0) {
			*end = from;
			return 0;
		}
	}
	return -1;
}

static int
fault(size_t *end, size_t at, const char **why, const char *reason)
{
	*end = at;
	*why = reason;
	return -1;
}

int
jsontext_value_end(const char *text, size_t len, size_t start,
    size_t *end, const char **why)
{
	unsigned char stack[SCAN_MAX_DEPTH];
	size_t depth = 0, i = start;
	unsigned char c;

	if (i >= len || JSONTEXT_IS_WS((unsigned char)text[i]) ||
	    text[i] == ',' || text[i] == ':' || text[i] == ']' ||
	    text[i] == '}')
		return fault(end, i, why, "expected a value");
	for (;;) {
		if (i >= len)
			return fault(end, len, why, stack[depth - 1] == '}' ?
			    "truncated object" : "truncated array");
		switch ((c = (unsigned char)text[i])) {
		case '"':
			if (string_end(text, len, i, &i) != 0)
				return fault(end, i, why,
				    "unterminated string");
			break;
		case '{':
		case '[':
			if (depth == SCAN_MAX_DEPTH - 1)
				return fault(end, i, why, "nesting too deep");
			stack[depth++] = c == '{' ? '}' : ']';
			i++;
			continue;
		case '}':
		case ']':
			if (depth == 0 || stack[depth - 1] != c)
				return fault(end, i, why, c == '}' ?
				    "mismatched '}'" : "mismatched ']'");
			depth--;
			i++;
			break;
		default:
			if (depth > 0) {
				i++;
				continue;
			}
			while (i < len && !ends_scalar((unsigned char)text[i]))
				i++;
			break;
		}
		if (depth == 0) {
			*end = i;
			return 0;
		}
	}
}

void
jsontext_minify(struct jsonl_buf *out, const char *text, size_t len)
{
	size_t i = 0, from = 0;

	while (i < len) {
		if (text[i] == '"') {
			if (string_end(text, len, i, &i) != 0)
				break;
			continue;
		}
		if (!JSONTEXT_IS_WS((unsigned char)text[i])) {
			i++;
			continue;
		}
		jsonl_buf_append(out, text + from, i - from);
		while (i < len && JSONTEXT_IS_WS((unsigned char)text[i]))
			i++;
		from = i;
	}
	jsonl_buf_append(out, text + from, len - from);
}

int
jsontext_record(struct record *r, const struct scan_object *obj,
    int minify, struct jsonl_buf *scratch, const char **why,
    const char **at)
{
	const struct scan_member *m;
	const char *value;
	size_t i, key_len, value_len, from;

	for (i = 0; i < obj->count; i++) {
		m = &obj->members[i];
		/* The key, decoded and NUL-terminated, at the start. */
		scratch->len = 0;
		jsonl_buf_append(scratch, m->key, m->key_len);
		key_len = m->key_len;
		if (m->key_escaped) {
			key_len = scan_string_decode(m->key, m->key_len,
			    scratch->data);
			if (memchr(scratch->data, '\0', key_len) != NULL) {
				*why = "a field name holds U+0000";
				*at = m->key - 1;
				return -1;
			}
			scratch->len = key_len;
		}
		jsonl_buf_append(scratch, "", 1);
		value = m->value;
		value_len = m->value_len;
		if (m->type == SCAN_STRING) {
			value--;	/* the span leaves out the quotes */
			value_len += 2;
		} else if (minify && (m->type == SCAN_OBJECT ||
		    m->type == SCAN_ARRAY)) {
			from = scratch->len;
			jsontext_minify(scratch, m->value, m->value_len);
			value = scratch->data + from;
			value_len = scratch->len - from;
		}
		record_raw(r, scratch->data, value, value_len);
	}
	return 0;
}
