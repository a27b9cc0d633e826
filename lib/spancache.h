/*
 * spancache.h - a cache of fixed size from short byte strings to a record
 * of the caller's, for work that meets the same bytes over and over (the
 * "ids" object of one customer's events in canal-merge --stitch): what was
 * worked out from them once is found again without parsing them.
 *
 * Direct-mapped: a string has one slot, and the next string hashed to
 * that slot takes it over, so memory is fixed when the cache is made,
 * whatever the input, and a record may vanish at any put.  A caller keeps
 * in a record only what it can work out again.  Keys longer than
 * SPANCACHE_KEY_MAX bytes are never cached.  Not thread-safe.
 */
#ifndef CANAL_SPANCACHE_H
#define CANAL_SPANCACHE_H

#include <stddef.h>

#define SPANCACHE_KEY_MAX 80

struct spancache;

/** A cache of 2^bits slots (1 to 24) holding records of record_size bytes. */
struct spancache *spancache_new(unsigned bits, size_t record_size);
void spancache_free(struct spancache *c);

/** The record of key[0..len), or NULL when it is not in the cache. */
void *spancache_get(struct spancache *c, const char *key, size_t len);

/**
 * The record of key[0..len) in its slot, all zero bytes, evicting what the
 * slot held (key itself included); NULL when key is too long to cache.
 * The record stays valid until the next spancache_put().
 */
void *spancache_put(struct spancache *c, const char *key, size_t len);

#endif
