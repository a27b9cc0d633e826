/*
 * record.c - flat JSON objects written as text (RFC 8259).
 */
#include "record.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void
record_init(struct record *r)
{
	memset(r, 0, sizeof(*r));
}

void
record_free(struct record *r)
{
	jsonl_buf_free(&r->text);
	jsonl_buf_free(&r->keys);
	jsonl_buf_free(&r->scratch);
	free(r->key_end);
}

void
record_begin(struct record *r)
{
	r->text.len = 0;
	r->keys.len = 0;
	r->nkeys = 0;
	r->key_prints = 0;
	r->bad_utf8 = 0;
	jsonl_buf_append(&r->text, "{", 1);
}

static unsigned
key_print(const char *key, size_t n)
{
	return n == 0 ? 0 : ((unsigned)n * 31 + (unsigned char)key[0] +
	    (unsigned char)key[n - 1] * 7) & 63;
}

static int
key_taken(const struct record *r, const char *key, size_t n)
{
	size_t i, start = 0;

	if ((r->key_prints & ((uint64_t)1 << key_print(key, n))) == 0)
		return 0;
	for (i = 0; i < r->nkeys; start = r->key_end[i++])
		if (r->key_end[i] - start == n &&
		    memcmp(r->keys.data + start, key, n) == 0)
			return 1;
	return 0;
}

static void remember_key(struct record *r, const char *key, size_t n);

/* Writes key[0..n), known to be free, and the colon. */
static void
write_key(struct record *r, const char *key, size_t n)
{
	remember_key(r, key, n);
	/* Keys come from the format's reader or the source's header: make
	   sure they are valid UTF-8 like every value. */
	if (jsonl_buf_string(&r->text, key, n))
		r->bad_utf8 = 1;
	jsonl_buf_append(&r->text, ":", 1);
}

/* Remembers a key written, for the duplicate check. */
static void
remember_key(struct record *r, const char *key, size_t n)
{
	if (r->nkeys == r->key_cap) {
		r->key_cap = r->key_cap ? 2 * r->key_cap : 32;
		r->key_end = xreallocarray(r->key_end, r->key_cap,
		    sizeof(*r->key_end));
	}
	jsonl_buf_append(&r->keys, key, n);
	r->key_end[r->nkeys] = r->keys.len;
	r->key_prints |= (uint64_t)1 << key_print(key, n);
	if (r->nkeys++ > 0)
		jsonl_buf_append(&r->text, ",", 1);
}

/* Writes the key (renamed when taken) and the colon. */
static void
put_key(struct record *r, const char *key)
{
	char *name;
	size_t n = strlen(key), len;
	int i;

	/* The usual case, a new key that is not "src", needs no copy. */
	if (!(key[0] == 's' && strcmp(key, RECORD_SRC_KEY) == 0) &&
	    !key_taken(r, key, n)) {
		write_key(r, key, n);
		return;
	}
	r->scratch.len = 0;
	if (key[0] == 's' && strcmp(key, RECORD_SRC_KEY) == 0)
		jsonl_buf_append(&r->scratch, "_", 1);
	jsonl_buf_append(&r->scratch, key, n);
	if (key_taken(r, r->scratch.data, r->scratch.len)) {
		len = r->scratch.len;
		name = xmalloc(len + 24);
		for (i = 2;; i++) {
			snprintf(name, len + 24, "%.*s_%d", (int)len,
			    r->scratch.data, i);
			if (!key_taken(r, name, strlen(name)))
				break;
		}
		r->scratch.len = 0;
		jsonl_buf_append(&r->scratch, name, strlen(name));
		free(name);
	}
	write_key(r, r->scratch.data, r->scratch.len);
}

void
record_string(struct record *r, const char *key, const char *value,
    size_t len)
{
	put_key(r, key);
	if (jsonl_buf_string(&r->text, value, len))
		r->bad_utf8 = 1;
}

void
record_null(struct record *r, const char *key)
{
	put_key(r, key);
	jsonl_buf_append(&r->text, "null", 4);
}

/* Appends the decimal digits of v; snprintf would cost more than the
   rest of a record. */
static void
append_uint(struct jsonl_buf *b, uint64_t v)
{
	char digits[20];
	size_t n = sizeof(digits);

	do
		digits[--n] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	jsonl_buf_append(b, digits + n, sizeof(digits) - n);
}

void
record_int(struct record *r, const char *key, long long value)
{
	put_key(r, key);
	if (value < 0) {
		jsonl_buf_append(&r->text, "-", 1);
		append_uint(&r->text, (uint64_t)0 - (uint64_t)value);
	} else {
		append_uint(&r->text, (uint64_t)value);
	}
}

void
record_bool(struct record *r, const char *key, int value)
{
	put_key(r, key);
	jsonl_buf_append(&r->text, value ? "true" : "false", value ? 4 : 5);
}

static int
append_dump(const char *buffer, size_t size, void *data)
{
	jsonl_buf_append(data, buffer, size);
	return 0;
}

void
record_json(struct record *r, const char *key, const json_t *value)
{
	put_key(r, key);
	if (value == NULL ||
	    json_dump_callback(value, append_dump, &r->text, JSON_COMPACT |
	    JSON_ENCODE_ANY | JSON_REAL_PRECISION(15)) != 0)
		jsonl_buf_append(&r->text, "null", 4);
}

void
record_raw(struct record *r, const char *key, const char *json, size_t len)
{
	put_key(r, key);
	jsonl_buf_append(&r->text, json, len);
}

const char *
record_end(struct record *r, const char *format, const char *file,
    uint64_t position, int offset_not_line, uint64_t index, size_t *len)
{
	if (r->nkeys > 0)
		jsonl_buf_append(&r->text, ",", 1);
	jsonl_buf_append(&r->text, "\"src\":{\"format\":", 16);
	jsonl_buf_string(&r->text, format, strlen(format));
	jsonl_buf_append(&r->text, ",\"file\":", 8);
	jsonl_buf_string(&r->text, file, strlen(file));
	if (offset_not_line)
		jsonl_buf_append(&r->text, ",\"offset\":", 10);
	else
		jsonl_buf_append(&r->text, ",\"line\":", 8);
	append_uint(&r->text, position);
	jsonl_buf_append(&r->text, ",\"index\":", 9);
	append_uint(&r->text, index);
	jsonl_buf_append(&r->text, "}}", 2);
	*len = r->text.len;
	/* A terminating NUL, not counted, so the text is a C string too. */
	jsonl_buf_append(&r->text, "", 1);
	r->text.len--;
	return r->text.data;
}
