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
	free(r->key_next);
	free(r->slots);
}

void
record_begin(struct record *r)
{
	r->text.len = 0;
	r->keys.len = 0;
	r->nkeys = 0;
	r->key_prints = 0;
	r->slot_cap = 0;
	r->bad_utf8 = 0;
	jsonl_buf_append(&r->text, "{", 1);
}

/* Up to this many keys a linear search (behind key_prints) is cheapest;
   past it, the hash table. */
#define RECORD_HASH_MIN 32

static unsigned
key_print(const char *key, size_t n)
{
	return n == 0 ? 0 : ((unsigned)n * 31 + (unsigned char)key[0] +
	    (unsigned char)key[n - 1] * 7) & 63;
}

/* FNV-1a. */
static size_t
key_hash(const char *key, size_t n)
{
	uint64_t h = UINT64_C(14695981039346656037);
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)key[i];
		h *= UINT64_C(1099511628211);
	}
	return (size_t)(h ^ (h >> 29));
}

static const char *
key_at(const struct record *r, size_t i, size_t *n)
{
	size_t start = i > 0 ? r->key_end[i - 1] : 0;

	*n = r->key_end[i] - start;
	return r->keys.data + start;
}

/* Puts key i into the hash table, known to have room. */
static void
slot_insert(struct record *r, size_t i)
{
	const char *key;
	size_t n, h;

	key = key_at(r, i, &n);
	for (h = key_hash(key, n) & (r->slot_cap - 1); r->slots[h] != 0;
	    h = (h + 1) & (r->slot_cap - 1))
		continue;
	r->slots[h] = i + 1;
}

/* (Re)builds the hash table for at least twice as many slots as keys. */
static void
slots_build(struct record *r)
{
	size_t cap = 64, i;

	while (cap < 2 * (r->nkeys + 1))
		cap *= 2;
	if (cap > r->slot_alloc) {
		free(r->slots);
		r->slots = xreallocarray(NULL, cap, sizeof(*r->slots));
		r->slot_alloc = cap;
	}
	memset(r->slots, 0, cap * sizeof(*r->slots));
	r->slot_cap = cap;
	for (i = 0; i < r->nkeys; i++)
		slot_insert(r, i);
}

/* The index of key[0..n) among the keys written, or SIZE_MAX. */
static size_t
key_find(const struct record *r, const char *key, size_t n)
{
	const char *k;
	size_t i, h, kn;

	if ((r->key_prints & ((uint64_t)1 << key_print(key, n))) == 0)
		return SIZE_MAX;
	if (r->slot_cap == 0) {
		for (i = 0; i < r->nkeys; i++) {
			k = key_at(r, i, &kn);
			if (kn == n && memcmp(k, key, n) == 0)
				return i;
		}
		return SIZE_MAX;
	}
	for (h = key_hash(key, n) & (r->slot_cap - 1); r->slots[h] != 0;
	    h = (h + 1) & (r->slot_cap - 1)) {
		k = key_at(r, r->slots[h] - 1, &kn);
		if (kn == n && memcmp(k, key, n) == 0)
			return r->slots[h] - 1;
	}
	return SIZE_MAX;
}

static int
key_taken(const struct record *r, const char *key, size_t n)
{
	return key_find(r, key, n) != SIZE_MAX;
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
		r->key_next = xreallocarray(r->key_next, r->key_cap,
		    sizeof(*r->key_next));
	}
	jsonl_buf_append(&r->keys, key, n);
	r->key_end[r->nkeys] = r->keys.len;
	r->key_next[r->nkeys] = 2;
	r->key_prints |= (uint64_t)1 << key_print(key, n);
	if (r->nkeys++ > 0)
		jsonl_buf_append(&r->text, ",", 1);
	if (r->slot_cap != 0 && 2 * (r->nkeys + 1) <= r->slot_cap)
		slot_insert(r, r->nkeys - 1);
	else if (r->nkeys >= RECORD_HASH_MIN)
		slots_build(r);
}

/* Writes the key (renamed when taken) and the colon. */
static void
put_key(struct record *r, const char *key)
{
	char *name;
	size_t n = strlen(key), len, taken;
	unsigned i;

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
	if ((taken = key_find(r, r->scratch.data, r->scratch.len)) !=
	    SIZE_MAX) {
		len = r->scratch.len;
		name = xmalloc(len + 24);
		/* The suffixes below key_next[taken] were all taken when
		   last tried, and keys are never removed: a header of n
		   equal names costs n tries, not n * n / 2. */
		for (i = r->key_next[taken];; i++) {
			snprintf(name, len + 24, "%.*s_%u", (int)len,
			    r->scratch.data, i);
			if (!key_taken(r, name, strlen(name)))
				break;
		}
		r->key_next[taken] = i + 1;
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
