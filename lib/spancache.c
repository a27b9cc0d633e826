/*
 * spancache.c - a direct-mapped cache of short strings (spancache.h).
 */
#include "spancache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "util.h"

/* A slot: its key, then the caller's record at RECORD_OFFSET. */
struct slot {
	uint64_t hash;
	uint32_t len_plus_one;	/* 0: empty */
	char key[SPANCACHE_KEY_MAX];
};

#define RECORD_OFFSET ((sizeof(struct slot) + 15) / 16 * 16)
#define LINE 64		/* bytes of a cache line */

/* Slots start on a cache line and span whole lines: a lookup reads the
   fewest lines it can, all of them next to each other. */
struct spancache {
	unsigned char *memory, *slots;
	size_t stride, mask, record_size;
};

struct spancache *
spancache_new(unsigned bits, size_t record_size)
{
	struct spancache *c = xcalloc(1, sizeof(*c));

	if (bits < 1)
		bits = 1;
	if (bits > 24)
		bits = 24;
	c->record_size = record_size;
	c->stride = (RECORD_OFFSET + record_size + LINE - 1) / LINE * LINE;
	c->mask = ((size_t)1 << bits) - 1;
	c->memory = xcalloc((c->mask + 1) * c->stride + LINE, 1);
	c->slots = c->memory + (LINE - (uintptr_t)c->memory % LINE) % LINE;
	return c;
}

void
spancache_free(struct spancache *c)
{
	if (c == NULL)
		return;
	free(c->memory);
	free(c);
}

static struct slot *
slot_of(const struct spancache *c, uint64_t h)
{
	return (struct slot *)(void *)(c->slots + (size_t)(h & c->mask) *
	    c->stride);
}

void *
spancache_get(struct spancache *c, const char *key, size_t len)
{
	uint64_t h;
	struct slot *s;

	if (len > SPANCACHE_KEY_MAX)
		return NULL;
	h = hash_bytes(key, len);
	s = slot_of(c, h);
	if (s->len_plus_one != len + 1 || s->hash != h ||
	    (len > 0 && memcmp(s->key, key, len) != 0))
		return NULL;
	return (unsigned char *)s + RECORD_OFFSET;
}

void *
spancache_put(struct spancache *c, const char *key, size_t len)
{
	uint64_t h;
	struct slot *s;
	unsigned char *record;

	if (len > SPANCACHE_KEY_MAX)
		return NULL;
	h = hash_bytes(key, len);
	s = slot_of(c, h);
	s->hash = h;
	s->len_plus_one = (uint32_t)len + 1;
	if (len > 0)
		memcpy(s->key, key, len);
	record = (unsigned char *)s + RECORD_OFFSET;
	memset(record, 0, c->record_size);
	return record;
}
