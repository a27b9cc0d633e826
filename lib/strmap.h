/*
 * strmap.h - a map from byte strings to small integers (the index of the
 * caller's own record for that key), for the per-key state of
 * canal-merge's threading and cases: open addressing, keys copied into
 * one growing buffer, nothing freed before strmap_free().
 */
#ifndef CANAL_STRMAP_H
#define CANAL_STRMAP_H

#include <stddef.h>
#include <stdint.h>

#define STRMAP_NONE UINT32_MAX

struct strmap {
	uint64_t *slots;	/* hash tag << 32 | (entry index + 1); 0 empty */
	size_t nslots;		/* a power of two, or 0 */
	uint64_t *off;		/* key of entry i in text */
	uint32_t *len;
	uint32_t n, cap;
	char *text;
	uint64_t text_len, text_cap;
};

void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);

/** The index of key[0..len), or STRMAP_NONE. */
uint32_t strmap_get(const struct strmap *m, const char *key, size_t len);

/**
 * The index of key[0..len), added when new with the next index (0, 1,
 * 2...); *added says which.  The caller grows its records to match.
 */
uint32_t strmap_put(struct strmap *m, const char *key, size_t len,
    int *added);

/*
 * What a caller keeps beside its own record to find a key again without
 * hashing, for keys it meets many times in a row: the index a key had and,
 * when short, the key itself, so that even the map's memory is not read.
 */
#define STRMAP_HINT_KEY 27
struct strmap_hint {
	uint32_t index;		/* STRMAP_NONE: nothing yet */
	uint8_t len;		/* of key, when len <= STRMAP_HINT_KEY */
	char key[STRMAP_HINT_KEY];
};

/** A hint that holds nothing. */
void strmap_hint_init(struct strmap_hint *h);

/**
 * strmap_put(), trying hint first; the hint then holds key[0..len).  A
 * hint must only ever be used with one map; NULL is no hint.
 */
uint32_t strmap_put_hinted(struct strmap *m, struct strmap_hint *hint,
    const char *key, size_t len, int *added);

/** The key of entry i (borrowed until the next strmap_put) and its length. */
const char *strmap_key(const struct strmap *m, uint32_t i, size_t *len);

#endif
