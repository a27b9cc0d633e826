/*
 * record.h - building one flat JSON object (a JSON Lines record) field by
 * field, without a tree: canal-ingest's output.  Keys are written in the
 * order they are added; a key added twice is renamed (name_2, name_3...),
 * so that the output never holds a duplicate key (RFC 8259 leaves their
 * meaning open, and canal's scanner rejects them).
 */
#ifndef CANAL_RECORD_H
#define CANAL_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "jsonl.h"

struct record {
	struct jsonl_buf text;	/* the object's text so far */
	struct jsonl_buf keys;	/* the keys written, back to back */
	size_t *key_end;	/* end offset in keys of each key */
	size_t nkeys, key_cap;
	uint64_t key_prints;	/* a bit per key fingerprint, to skip
				   comparing keys that cannot be equal */
	unsigned *key_next;	/* per key: the next "_N" suffix to try */
	size_t *slots;		/* with many keys, a hash table of key
				   indexes + 1 (0: empty), so that a wide
				   record costs linear time, not quadratic */
	size_t slot_cap;	/* a power of two; 0: no table (few keys) */
	size_t slot_alloc;
	int bad_utf8;		/* a string value was not valid UTF-8 */
	struct jsonl_buf scratch;
};

void record_init(struct record *r);
void record_free(struct record *r);

/** Starts a new object, forgetting the previous one. */
void record_begin(struct record *r);

/**
 * Adds "key": "value" from value[0..len).  Invalid UTF-8 in value is
 * replaced by U+FFFD and remembered in r->bad_utf8 (the reader decides
 * whether that rejects the record).  Control characters are escaped.
 */
void record_string(struct record *r, const char *key, const char *value,
    size_t len);

/** Adds "key": null. */
void record_null(struct record *r, const char *key);

/** Adds "key": N for an integer. */
void record_int(struct record *r, const char *key, long long value);

/** Adds "key": true/false. */
void record_bool(struct record *r, const char *key, int value);

/**
 * Adds "key": the JSON text of value (borrowed), compact, reals with 15
 * significant digits so that 0.1 stays 0.1.  Strings in value must be
 * valid UTF-8 (jansson guarantees it for what it built or parsed).
 */
void record_json(struct record *r, const char *key, const json_t *value);

/**
 * Adds "key": followed by json[0..len) exactly as given: one JSON value the
 * caller has validated (scan.h), such as a member passed through from a
 * source record with its numbers' original text.  The key is renamed like
 * any other (src, repeats); the value is not checked.
 */
void record_raw(struct record *r, const char *key, const char *json,
    size_t len);

/**
 * Ends the object with the provenance member
 *   "src":{"format":F,"file":FILE,"line":N,"index":I}
 * where "line" is "offset" when offset_not_line is set.  Returns the text
 * (borrowed until the next record_begin, NUL-terminated) and its length
 * in *len.
 */
const char *record_end(struct record *r, const char *format,
    const char *file, uint64_t position, int offset_not_line,
    uint64_t index, size_t *len);

/** The name provenance takes; a source field of that name gets a '_' prefix. */
#define RECORD_SRC_KEY "src"

#endif
