/*
 * strmap.c - byte strings to indexes (strmap.h).
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "util.h"

void
strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void
strmap_free(struct strmap *m)
{
	free(m->slots);
	free(m->off);
	free(m->len);
	free(m->text);
	memset(m, 0, sizeof(*m));
}


/* The slot of key: holding it, or empty.  The hash's high half is kept
   in the slot, so that most other keys are passed without a memcmp. */
static size_t
find_slot(const struct strmap *m, const char *key, size_t len, uint64_t h)
{
	size_t mask = m->nslots - 1, k = (size_t)h & mask;
	uint64_t tag = h >> 32 << 32, v;
	uint32_t i;

	while ((v = m->slots[k]) != 0) {
		i = (uint32_t)v - 1;
		if ((v & 0xffffffff00000000ULL) == tag && m->len[i] == len &&
		    (len == 0 || memcmp(m->text + m->off[i], key, len) == 0))
			break;
		k = (k + 1) & mask;
	}
	return k;
}

uint32_t
strmap_get(const struct strmap *m, const char *key, size_t len)
{
	uint64_t v;

	if (m->nslots == 0)
		return STRMAP_NONE;
	v = m->slots[find_slot(m, key, len, hash_bytes(key, len))];
	return v == 0 ? STRMAP_NONE : (uint32_t)v - 1;
}

static void
rehash(struct strmap *m)
{
	uint32_t i;

	uint64_t h;

	free(m->slots);
	m->nslots = m->nslots ? m->nslots * 2 : 256;
	m->slots = xcalloc(m->nslots, sizeof(*m->slots));
	for (i = 0; i < m->n; i++) {
		h = hash_bytes(m->text + m->off[i], m->len[i]);
		m->slots[find_slot(m, m->text + m->off[i], m->len[i], h)] =
		    (h >> 32 << 32) | ((uint64_t)i + 1);
	}
}

uint32_t
strmap_put(struct strmap *m, const char *key, size_t len, int *added)
{
	uint64_t h = hash_bytes(key, len);
	size_t k;
	uint32_t i;

	*added = 0;
	if (m->nslots > 0 && (k = find_slot(m, key, len, h),
	    m->slots[k] != 0))
		return (uint32_t)m->slots[k] - 1;
	if ((size_t)(m->n + 1) * 2 > m->nslots)
		rehash(m);
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->off = xreallocarray(m->off, m->cap, sizeof(*m->off));
		m->len = xreallocarray(m->len, m->cap, sizeof(*m->len));
	}
	/* Allocated even for an empty first key: never memcpy to NULL. */
	while (m->text == NULL || m->text_len + len > m->text_cap) {
		m->text_cap = m->text_cap ? m->text_cap * 2 : 65536;
		m->text = xrealloc(m->text, m->text_cap);
	}
	if (len > 0)	/* an empty key may come as NULL */
		memcpy(m->text + m->text_len, key, len);
	i = m->n++;
	m->off[i] = m->text_len;
	m->len[i] = (uint32_t)len;
	m->text_len += len;
	k = find_slot(m, key, len, h);
	m->slots[k] = (h >> 32 << 32) | ((uint64_t)i + 1);
	*added = 1;
	return i;
}

void
strmap_hint_init(struct strmap_hint *h)
{
	h->index = STRMAP_NONE;
	h->len = 0;
}

uint32_t
strmap_put_hinted(struct strmap *m, struct strmap_hint *hint,
    const char *key, size_t len, int *added)
{
	uint32_t i;

	if (hint == NULL)
		return strmap_put(m, key, len, added);
	i = hint->index;
	/* Keys never change once put: a short one kept in the hint is
	   compared there, a long one in the map. */
	if (i != STRMAP_NONE && i < m->n && (len <= STRMAP_HINT_KEY ?
	    hint->len == len && memcmp(hint->key, key, len) == 0 :
	    m->len[i] == len && memcmp(m->text + m->off[i], key, len) == 0)) {
		*added = 0;
		return i;
	}
	i = strmap_put(m, key, len, added);
	hint->index = i;
	if (len <= STRMAP_HINT_KEY) {
		hint->len = (uint8_t)len;
		if (len > 0)
			memcpy(hint->key, key, len);
	} else
		hint->len = UINT8_MAX;	/* no short key matches */
	return i;
}

const char *
strmap_key(const struct strmap *m, uint32_t i, size_t *len)
{
	*len = m->len[i];
	return m->text + m->off[i];
}
