/*
 * test-spancache.c - the direct-mapped cache of canal-merge --stitch:
 * records found again by their exact bytes (not a prefix, not a longer
 * key, not other bytes of one length), zeroed when put, evicted by the
 * next key of their slot and never by keys of other slots, the empty key,
 * keys too long to cache, a cache of two slots, and records kept apart
 * whatever their size.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spancache.h"
#include "unit.h"

struct rec {
	int64_t ts;
	uint32_t a, b;
};

static struct rec *
put(struct spancache *c, const char *k)
{
	return spancache_put(c, k, strlen(k));
}

static struct rec *
get(struct spancache *c, const char *k)
{
	return spancache_get(c, k, strlen(k));
}

static void
test_basics(void)
{
	struct spancache *c = spancache_new(10, sizeof(struct rec));
	const char *k = "{\"email\":\"c003377@example.com\"}";
	struct rec *r;

	ok(get(c, k) == NULL, "an empty cache holds nothing");
	ok(spancache_get(c, "", 0) == NULL, "not even the empty key");
	r = put(c, k);
	ok(r != NULL, "put gives a record");
	is_int(r->ts == 0 && r->a == 0 && r->b == 0, 1, "all zero");
	r->ts = INT64_MIN;
	r->a = 7;
	r->b = UINT32_MAX;
	r = get(c, k);
	ok(r != NULL && r->ts == INT64_MIN && r->a == 7 &&
	    r->b == UINT32_MAX, "found again with what was stored");
	ok(spancache_get(c, k, strlen(k) - 1) == NULL, "not by a prefix");
	ok(get(c, "{\"email\":\"c003377@example.com\"} ") == NULL,
	    "not by a longer key");
	ok(get(c, "{\"email\":\"c003378@example.com\"}") == NULL,
	    "not by other bytes of the same length");
	r = put(c, k);
	is_int(r->a, 0, "put again: the record is zeroed");
	r = spancache_put(c, "", 0);
	ok(r != NULL, "the empty key is cached");
	r->a = 3;
	ok((r = spancache_get(c, "", 0)) != NULL && r->a == 3,
	    "and found again");
	spancache_free(c);
	spancache_free(NULL);
}

static void
test_too_long(void)
{
	struct spancache *c = spancache_new(4, sizeof(struct rec));
	char k[SPANCACHE_KEY_MAX + 2];

	memset(k, 'x', sizeof(k));
	ok(spancache_put(c, k, SPANCACHE_KEY_MAX + 1) == NULL,
	    "a key one byte too long is not cached");
	ok(spancache_get(c, k, SPANCACHE_KEY_MAX + 1) == NULL,
	    "nor found");
	ok(spancache_put(c, k, SPANCACHE_KEY_MAX) != NULL,
	    "a key of SPANCACHE_KEY_MAX bytes is");
	ok(spancache_get(c, k, SPANCACHE_KEY_MAX) != NULL, "and found");
	spancache_free(c);
}

/*
 * 2 slots, 200 keys: after all are put, a key is found exactly when no
 * later key took its slot; and each key found has its own record.
 */
static void
test_eviction(void)
{
	struct spancache *c = spancache_new(1, sizeof(struct rec));
	char k[200][16];
	struct rec *r;
	int i, j, found = 0, right = 1, kept_latest = 1;

	for (i = 0; i < 200; i++) {
		snprintf(k[i], sizeof(k[i]), "key-%d", i);
		r = put(c, k[i]);
		r->a = (uint32_t)i;
		kept_latest &= get(c, k[i]) != NULL;
	}
	ok(kept_latest, "the key just put is always found");
	for (i = 0; i < 200; i++) {
		if ((r = get(c, k[i])) == NULL)
			continue;
		found++;
		right &= r->a == (uint32_t)i;
		/* No later key may share its slot: putting each later key
		   again would evict it. */
		for (j = i + 1; j < 200; j++) {
			struct spancache *d = spancache_new(1,
			    sizeof(struct rec));

			put(d, k[i]);
			put(d, k[j]);
			right &= get(d, k[i]) != NULL;
			spancache_free(d);
		}
	}
	ok(found >= 1 && found <= 2, "two slots keep one or two keys (%d)",
	    found);
	ok(right, "each with its own record, no later key in its slot");
	spancache_free(c);
}

/* Records of odd sizes stay apart: writing one never touches another. */
static void
test_record_sizes(void)
{
	size_t size;
	int apart = 1;

	for (size = 1; size <= 100; size += 33) {
		struct spancache *c = spancache_new(2, size);
		unsigned char *r[4];
		char key[8];
		int i, n = 0;

		for (i = 0; i < 64 && n < 4; i++) {
			snprintf(key, sizeof(key), "k%d", i);
			if (spancache_get(c, key, strlen(key)) != NULL)
				continue;
			if ((r[n] = spancache_put(c, key, strlen(key))) !=
			    NULL) {
				memset(r[n], 0xff, size);
				n++;
			}
		}
		/* Whatever survived is all 0xff: nobody wrote over it. */
		for (i = 0; i < 64; i++) {
			unsigned char *p;
			size_t b;

			snprintf(key, sizeof(key), "k%d", i);
			if ((p = spancache_get(c, key, strlen(key))) == NULL)
				continue;
			for (b = 0; b < size; b++)
				apart &= p[b] == 0xff;
		}
		spancache_free(c);
	}
	ok(apart, "records of 1, 34, 67 and 100 bytes stay whole");
}

int
main(void)
{
	test_basics();
	test_too_long();
	test_eviction();
	test_record_sizes();
	return done_testing();
}
