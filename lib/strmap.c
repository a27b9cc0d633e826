/*
 * strmap.c - byte strings to indexes (strmap.h).
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

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

static uint64_t
hash_key(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (len-- > 0)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h ^ (h >> 31);
}

static size_t
find_slot(const struct strmap *m, const char *key, size_t len)
{
	size_t mask = m->nslots - 1, k = (size_t)hash_key(key, len) & mask;
	uint32_t i;

	while ((i = m->slots[k]) != STRMAP_NONE && !(m->len[i] == len &&
	    memcmp(m->text + m->off[i], key, len) == 0))
		k = (k + 1) & mask;
	return k;
}

uint32_t
strmap_get(const struct strmap *m, const char *key, size_t len)
{
	if (m->nslots == 0)
		return STRMAP_NONE;
	return m->slots[find_slot(m, key, len)];
}

static void
rehash(struct strmap *m)
{
	uint32_t i;

	free(m->slots);
	m->nslots = m->nslots ? m->nslots * 2 : 256;
	m->slots = xreallocarray(NULL, m->nslots, sizeof(*m->slots));
	memset(m->slots, 0xff, m->nslots * sizeof(*m->slots));
	for (i = 0; i < m->n; i++)
		m->slots[find_slot(m, m->text + m->off[i], m->len[i])] = i;
}

uint32_t
strmap_put(struct strmap *m, const char *key, size_t len, int *added)
{
	size_t k;
	uint32_t i;

	*added = 0;
	if ((i = strmap_get(m, key, len)) != STRMAP_NONE)
		return i;
	if ((size_t)(m->n + 1) * 2 > m->nslots)
		rehash(m);
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->off = xreallocarray(m->off, m->cap, sizeof(*m->off));
		m->len = xreallocarray(m->len, m->cap, sizeof(*m->len));
	}
	while (m->text_len + len > m->text_cap) {
		m->text_cap = m->text_cap ? m->text_cap * 2 : 65536;
		m->text = xrealloc(m->text, m->text_cap);
	}
	memcpy(m->text + m->text_len, key, len);
	i = m->n++;
	m->off[i] = m->text_len;
	m->len[i] = (uint32_t)len;
	m->text_len += len;
	k = find_slot(m, key, len);
	m->slots[k] = i;
	*added = 1;
	return i;
}

const char *
strmap_key(const struct strmap *m, uint32_t i, size_t *len)
{
	*len = m->len[i];
	return m->text + m->off[i];
}
