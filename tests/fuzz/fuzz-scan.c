/*
 * fuzz-scan.c - libFuzzer entry for the JSON validator (lib/scan.c).
 *
 * Parses the input as an object and as an array.  Besides the sanitizers'
 * own checks it asserts invariants: a rejection's offset lies within the
 * input; an accepted text is valid UTF-8; every span lies inside the input,
 * strings between quotes; decoding a string never writes more than its raw
 * length (the buffer is exactly that long, so ASan sees any excess) and
 * gives valid UTF-8; keys are unique once decoded; scan_object_get() and
 * scan_object_find() find each key; arrays inside parse as arrays.  See
 * tests/fuzz/README.
 *
 * SOURCES: lib/scan.c lib/util.c
 * OPTIONS: -max_len=2048 -dict=tests/fuzz/json.dict
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static int
inside(const char *text, size_t len, const char *p, size_t n)
{
	return p >= text && p <= text + len && n <= (size_t)(text + len - p);
}

/* Decodes raw[0..len) into a buffer of exactly len bytes. */
static char *
decode(const char *raw, size_t len, size_t *out_len)
{
	char *d = malloc(len ? len : 1);

	*out_len = scan_string_decode(raw, len, d);
	CHECK(*out_len <= len);
	CHECK(scan_utf8_valid_prefix(d, *out_len) == *out_len);
	return d;
}

static void
check_member(const char *text, size_t len, const struct scan_member *m)
{
	char *d;
	size_t n;

	CHECK(inside(text, len, m->value, m->value_len));
	switch (m->type) {
	case SCAN_STRING:
		CHECK(m->value > text && m->value[-1] == '"');
		CHECK(m->value + m->value_len < text + len &&
		    m->value[m->value_len] == '"');
		CHECK(!!m->value_escaped ==
		    (memchr(m->value, '\\', m->value_len) != NULL));
		d = decode(m->value, m->value_len, &n);
		free(d);
		break;
	case SCAN_NUMBER:
		CHECK(m->value_len > 0 && (m->value[0] == '-' ||
		    (m->value[0] >= '0' && m->value[0] <= '9')));
		break;
	case SCAN_OBJECT:
		CHECK(m->value_len >= 2 && m->value[0] == '{' &&
		    m->value[m->value_len - 1] == '}');
		break;
	case SCAN_ARRAY:
		CHECK(m->value_len >= 2 && m->value[0] == '[' &&
		    m->value[m->value_len - 1] == ']');
		break;
	case SCAN_TRUE:
		CHECK(m->value_len == 4 && memcmp(m->value, "true", 4) == 0);
		break;
	case SCAN_FALSE:
		CHECK(m->value_len == 5 && memcmp(m->value, "false", 5) == 0);
		break;
	case SCAN_NULL:
		CHECK(m->value_len == 4 && memcmp(m->value, "null", 4) == 0);
		break;
	default:
		abort();
	}
}

/* What a nested container's own parse must say. */
static void
check_nested(const struct scan_member *m)
{
	struct scan_object inner;
	struct scan_error err;
	int r;

	if (m->type != SCAN_OBJECT && m->type != SCAN_ARRAY)
		return;
	scan_object_init(&inner);
	if (m->type == SCAN_ARRAY) {
		r = scan_array_parse(&inner, m->value, m->value_len, &err);
		CHECK(r == 0);
	} else {
		/* Nested duplicates are the caller's business: the only
		   possible complaint. */
		r = scan_object_parse(&inner, m->value, m->value_len, &err);
		CHECK(r == 0 || strcmp(err.reason, "duplicate field") == 0);
	}
	scan_object_free(&inner);
}

static void
check_object(const char *text, size_t len, const struct scan_object *obj)
{
	struct scan_member found;
	char **keys = calloc(obj->count + 1, sizeof(*keys));
	size_t *klen = calloc(obj->count + 1, sizeof(*klen));
	size_t i, j;

	for (i = 0; i < obj->count; i++) {
		const struct scan_member *m = &obj->members[i];

		CHECK(m->key != NULL);
		CHECK(inside(text, len, m->key, m->key_len));
		CHECK(m->key > text && m->key[-1] == '"' &&
		    m->key + m->key_len < text + len &&
		    m->key[m->key_len] == '"');
		CHECK(!!m->key_escaped ==
		    (memchr(m->key, '\\', m->key_len) != NULL));
		CHECK(m->key + m->key_len < m->value);
		if (i > 0)
			CHECK(m->key > obj->members[i - 1].value);
		keys[i] = decode(m->key, m->key_len, &klen[i]);
		CHECK(scan_key_equals(m, keys[i], klen[i]));
		check_member(text, len, m);
		check_nested(m);
	}
	/* Decoded keys are unique, and each is found where it is. */
	for (i = 0; i < obj->count; i++) {
		for (j = 0; j < i && obj->count <= 256; j++)
			CHECK(klen[i] != klen[j] ||
			    memcmp(keys[i], keys[j], klen[i]) != 0);
		if (memchr(keys[i], '\0', klen[i]) == NULL) {
			char *z = malloc(klen[i] + 1);

			memcpy(z, keys[i], klen[i]);
			z[klen[i]] = '\0';
			CHECK(scan_object_get(obj, z) == &obj->members[i]);
			free(z);
		}
		CHECK(scan_object_find(text, len, keys[i], klen[i], &found) == 0);
		CHECK(found.value == obj->members[i].value &&
		    found.value_len == obj->members[i].value_len &&
		    found.type == obj->members[i].type);
	}
	for (i = 0; i < obj->count; i++)
		free(keys[i]);
	free(keys);
	free(klen);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scan_object obj;
	struct scan_error err;
	char *text = malloc(size ? size : 1);
	size_t i, valid;
	int r, again;

	memcpy(text, data, size);
	scan_object_init(&obj);

	valid = scan_utf8_valid_prefix(text, size);
	CHECK(valid <= size);
	CHECK(scan_utf8_valid_prefix(text, valid) == valid);

	err.offset = (size_t)-1;
	err.reason = NULL;
	r = scan_object_parse(&obj, text, size, &err);
	if (r == 0) {
		CHECK(valid == size);
		check_object(text, size, &obj);
	} else {
		CHECK(r == -1 && err.reason != NULL && err.offset <= size);
	}
	again = scan_object_parse(&obj, text, size, &err);
	CHECK(again == r);

	err.reason = NULL;
	r = scan_array_parse(&obj, text, size, &err);
	if (r == 0) {
		CHECK(valid == size);
		for (i = 0; i < obj.count; i++) {
			CHECK(obj.members[i].key == NULL);
			check_member(text, size, &obj.members[i]);
			check_nested(&obj.members[i]);
		}
	} else {
		CHECK(r == -1 && err.reason != NULL && err.offset <= size);
	}
	scan_object_free(&obj);
	free(text);
	return 0;
}
