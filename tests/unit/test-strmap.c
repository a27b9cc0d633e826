/*
 * test-strmap.c - the string map of canal-merge's omnichannel pass: keys
 * put and found again with their indexes in order, keys that differ only
 * after a NUL or by length, the empty key, growth of the table and of the
 * key text, the key pointers it lends, and hints: a hint's key found
 * without the map, other keys through the map, long keys, a stale hint,
 * no hint.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "unit.h"

static uint32_t
put(struct strmap *m, const char *s, int *added)
{
	return strmap_put(m, s, strlen(s), added);
}

static void
test_basics(void)
{
	struct strmap m;
	const char *key;
	size_t len;
	int added = -1;

	strmap_init(&m);
	is_int(strmap_get(&m, "a", 1), STRMAP_NONE, "an empty map");
	is_int(strmap_get(&m, "", 0), STRMAP_NONE, "has no empty key either");
	is_int(put(&m, "conv-1", &added), 0, "the first key is 0");
	is_int(added, 1, "added");
	is_int(put(&m, "conv-2", &added), 1, "the next 1");
	is_int(added, 1, "added");
	is_int(put(&m, "conv-1", &added), 0, "put again: its index");
	is_int(added, 0, "not added");
	is_int(strmap_get(&m, "conv-2", 6), 1, "get");
	is_int(strmap_get(&m, "conv-", 5), STRMAP_NONE, "not a prefix");
	is_int(strmap_get(&m, "conv-12", 7), STRMAP_NONE, "not a longer key");
	is_int(strmap_get(&m, "conv-3", 6), STRMAP_NONE, "not another");
	key = strmap_key(&m, 1, &len);
	is_mem(key, len, "conv-2", 6, "the key of 1");
	is_int(m.n, 2, "two entries");

	/* NUL bytes are bytes. */
	is_int(strmap_put(&m, "a\0b", 3, &added), 2, "a key with a NUL");
	is_int(added, 1, "added");
	is_int(strmap_put(&m, "a\0c", 3, &added), 3, "differs after the NUL");
	is_int(added, 1, "added");
	is_int(strmap_put(&m, "a", 1, &added), 4, "its prefix is another key");
	is_int(strmap_put(&m, "a\0", 2, &added), 5, "and so is a\\0");
	is_int(strmap_put(&m, "a\0b", 3, &added), 2, "found again");
	is_int(added, 0, "not added");
	is_int(strmap_get(&m, "a\0c", 3), 3, "get with a NUL");
	key = strmap_key(&m, 2, &len);
	is_mem(key, len, "a\0b", 3, "a key's bytes with its NUL");

	/* The empty key is a key like any other. */
	is_int(strmap_put(&m, "", 0, &added), 6, "the empty key");
	is_int(added, 1, "added");
	is_int(strmap_put(&m, "", 0, &added), 6, "found again");
	is_int(strmap_get(&m, "", 0), 6, "got");
	key = strmap_key(&m, 6, &len);
	is_int(len, 0, "its length is 0");
	ok(key != NULL, "its pointer is not NULL");
	strmap_free(&m);
	is_int(strmap_get(&m, "a", 1), STRMAP_NONE, "freed: empty again");
	strmap_free(&m);
}

/* The empty key as the very first: no text allocated yet. */
static void
test_empty_first(void)
{
	struct strmap m;
	const char *key;
	size_t len = 99;
	int added;

	strmap_init(&m);
	is_int(strmap_put(&m, "", 0, &added), 0, "the empty key first");
	is_int(added, 1, "added");
	key = strmap_key(&m, 0, &len);
	is_int(len, 0, "length 0");
	ok(key != NULL, "a pointer all the same");
	is_int(strmap_put(&m, "x", 1, &added), 1, "then another");
	is_int(strmap_get(&m, "", 0), 0, "the empty key still there");
	strmap_free(&m);
}

/* Many keys: the slots and the text grow many times over. */
static void
test_growth(void)
{
	struct strmap m;
	const char *key;
	char s[64];
	uint32_t i, bad = 0, badkey = 0, badadd = 0;
	size_t len;
	int added, n;

	strmap_init(&m);
	for (i = 0; i < 300000; i++) {
		/* Lengths 10 to 41: the text's size is no multiple of any. */
		n = snprintf(s, sizeof(s), "k%u-%.*s", i, (int)(i % 32),
		    "................................");
		if (strmap_put(&m, s, (size_t)n, &added) != i)
			bad++;
		if (!added)
			badadd++;
	}
	is_int(bad, 0, "300,000 keys, each at its index");
	is_int(badadd, 0, "each added");
	bad = 0;
	for (i = 0; i < 300000; i++) {
		n = snprintf(s, sizeof(s), "k%u-%.*s", i, (int)(i % 32),
		    "................................");
		if (strmap_get(&m, s, (size_t)n) != i)
			bad++;
		if (strmap_put(&m, s, (size_t)n, &added) != i || added)
			badadd++;
		key = strmap_key(&m, i, &len);
		if (len != (size_t)n || memcmp(key, s, len) != 0)
			badkey++;
	}
	is_int(bad, 0, "each found after growing");
	is_int(badadd, 0, "each put again, not added");
	is_int(badkey, 0, "each key's bytes");
	is_int(strmap_get(&m, "k300000-", 8), STRMAP_NONE, "no more");
	ok(m.nslots >= 2 * (size_t)m.n, "at most half full (%zu slots)",
	    m.nslots);
	ok((m.nslots & (m.nslots - 1)) == 0, "a power of two");
	strmap_free(&m);
}

/* One long key, longer than the text buffer grows by at once. */
static void
test_long_key(void)
{
	struct strmap m;
	size_t n = 300000, len;
	char *big = malloc(n);
	const char *key;
	int added;

	memset(big, 'x', n);
	strmap_init(&m);
	is_int(strmap_put(&m, "short", 5, &added), 0, "a short key");
	is_int(strmap_put(&m, big, n, &added), 1, "a 300,000-byte key");
	big[n - 1] = 'y';
	is_int(strmap_put(&m, big, n, &added), 2, "and another");
	is_int(strmap_get(&m, big, n), 2, "found");
	big[n - 1] = 'x';
	is_int(strmap_get(&m, big, n), 1, "the first found");
	key = strmap_key(&m, 1, &len);
	is_mem(key, len, big, n, "its bytes");
	key = strmap_key(&m, 0, &len);
	is_mem(key, len, "short", 5, "the short key kept");
	strmap_free(&m);
	free(big);
}

/*
 * A key pointer is borrowed until the next put: taken again after puts
 * that moved the text, it is right.
 */
static void
test_key_pointers(void)
{
	struct strmap m;
	const char *before, *after;
	char s[32], first[32];
	size_t len, flen;
	uint32_t i;
	int added, n;

	strmap_init(&m);
	put(&m, "first-key", &added);
	before = strmap_key(&m, 0, &flen);
	memcpy(first, before, flen);
	for (i = 0; i < 20000; i++) {
		n = snprintf(s, sizeof(s), "filler-%u", i);
		strmap_put(&m, s, (size_t)n, &added);
	}
	after = strmap_key(&m, 0, &len);
	is_mem(after, len, first, flen, "taken again: the same bytes");
	/* A key copied out of the map and put back is found, not added. */
	n = snprintf(s, sizeof(s), "%.*s", (int)len, after);
	is_int(strmap_put(&m, s, (size_t)n, &added), 0, "put back: found");
	is_int(added, 0, "not added");
	strmap_free(&m);
}

static void
test_hints(void)
{
	struct strmap m, other;
	struct strmap_hint h;
	char longer[STRMAP_HINT_KEY + 10];
	int added = -1;
	uint32_t i;

	strmap_init(&m);
	strmap_init(&other);
	strmap_hint_init(&h);
	is_int(h.index, STRMAP_NONE, "a new hint holds nothing");
	is_int(strmap_put_hinted(&m, &h, "conv-1", 6, &added), 0,
	    "put through an empty hint");
	is_int(added, 1, "added");
	is_int(h.index, 0, "the hint now holds it");
	is_int(strmap_put_hinted(&m, &h, "conv-1", 6, &added), 0,
	    "again: the hint's key");
	is_int(added, 0, "not added");
	is_int(strmap_put_hinted(&m, &h, "conv-2", 6, &added), 1,
	    "another key goes through the map");
	is_int(added, 1, "added");
	is_int(strmap_put_hinted(&m, &h, "conv-1", 6, &added), 0,
	    "the first one again: found in the map");
	is_int(added, 0, "not added");
	is_int(strmap_put_hinted(&m, &h, "conv-", 5, &added), 2,
	    "a prefix of the hint's key is a key apart");
	is_int(strmap_put_hinted(&m, &h, "", 0, &added), 3,
	    "so is the empty key");
	is_int(strmap_put_hinted(&m, &h, "", 0, &added), 3,
	    "found through the hint");
	is_int(added, 0, "not added");
	/* A key too long for the hint is checked in the map. */
	memset(longer, 'k', sizeof(longer));
	i = strmap_put_hinted(&m, &h, longer, sizeof(longer), &added);
	is_int(i, 4, "a long key");
	is_int(strmap_put_hinted(&m, &h, longer, sizeof(longer), &added), 4,
	    "found again");
	is_int(added, 0, "not added");
	longer[sizeof(longer) - 1] = 'x';
	is_int(strmap_put_hinted(&m, &h, longer, sizeof(longer), &added), 5,
	    "a long key differing in its last byte is new");
	is_int(added, 1, "added");
	/* After a long key the short one kept before must not match. */
	is_int(strmap_put_hinted(&m, &h, "", 0, &added), 3,
	    "the empty key after a long one: its own index");
	is_int(strmap_put_hinted(&m, &h, "conv-2", 6, &added), 1,
	    "and conv-2 its own");
	/* A hint past the end of a map (used with another) is not trusted. */
	is_int(strmap_put_hinted(&other, &h, "conv-2", 6, &added), 0,
	    "a stale hint on an empty map: added as its first key");
	is_int(added, 1, "added");
	is_int(strmap_get(&other, "conv-2", 6), 0, "and there");
	/* No hint at all: strmap_put(). */
	is_int(strmap_put_hinted(&other, NULL, "conv-2", 6, &added), 0,
	    "a NULL hint: found in the map");
	is_int(added, 0, "not added");
	is_int(strmap_put_hinted(&other, NULL, "conv-3", 6, &added), 1,
	    "a NULL hint: a new key added");
	is_int(added, 1, "added");
	strmap_free(&m);
	strmap_free(&other);
}

int
main(void)
{
	test_hints();
	test_basics();
	test_empty_first();
	test_growth();
	test_long_key();
	test_key_pointers();
	return done_testing();
}
