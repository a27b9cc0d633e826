/*
 * test-hash.c - the hash of canal's tables: the same bytes give the same
 * hash wherever they lie in memory; strings that differ in one byte, by
 * length, or only by trailing NULs hash apart; every byte position and
 * both halves of the result take part; the empty string and NULL.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "unit.h"

static void
test_same_bytes(void)
{
	char buf[64 + 8];
	const char *s = "email:c003377@example.com";
	size_t n = strlen(s), off;
	uint64_t h = hash_bytes(s, n);
	int same = 1;

	/* Unaligned copies: the loads must not depend on alignment. */
	for (off = 0; off < 8; off++) {
		memcpy(buf + off, s, n);
		same &= hash_bytes(buf + off, n) == h;
	}
	ok(same, "the same bytes at eight alignments: one hash");
	is_int(hash_bytes(NULL, 0) == hash_bytes("", 0), 1,
	    "NULL and \"\" of length 0 agree");
	ok(hash_bytes("", 0) != hash_bytes("\0", 1),
	    "the empty string and one NUL differ");
	ok(hash_bytes("ab", 2) != hash_bytes("ab\0", 3),
	    "a string and it with a NUL after it differ");
	ok(hash_bytes("abcdefgh", 8) != hash_bytes("abcdefgh\0\0\0\0\0\0\0\0",
	    16), "a word and it with a word of NULs after it differ");
}

/* Every single-byte change at every position of strings of length 1..40. */
static void
test_one_byte_apart(void)
{
	unsigned char a[40], b[40];
	size_t len, i;
	int bit, apart = 1, tries = 0;

	for (i = 0; i < sizeof(a); i++)
		a[i] = (unsigned char)('a' + i % 26);
	for (len = 1; len <= sizeof(a); len++)
		for (i = 0; i < len; i++)
			for (bit = 0; bit < 8; bit++) {
				memcpy(b, a, len);
				b[i] ^= (unsigned char)(1u << bit);
				apart &= hash_bytes(a, len) !=
				    hash_bytes(b, len);
				tries++;
			}
	ok(apart, "%d strings one bit apart from theirs: no collision",
	    tries);
}

/*
 * Keys like the ones tables see ("cust-000123"-style counters): the low
 * 12 bits fill 4096 buckets as evenly as chance would, and the high 32
 * bits, the tag, differ from one key to the next.
 */
static void
test_spread(void)
{
	enum { N = 40960, BUCKETS = 4096 };
	static unsigned counts[BUCKETS];
	static uint32_t tags[N];
	char key[32];
	unsigned max = 0;
	double chi2 = 0;
	size_t i, same_tag = 0;
	int n;

	for (i = 0; i < N; i++) {
		uint64_t h;

		n = snprintf(key, sizeof(key), "email:c%07zu@example.com", i);
		h = hash_bytes(key, (size_t)n);
		counts[h & (BUCKETS - 1)]++;
		tags[i] = (uint32_t)(h >> 32);
	}
	for (i = 0; i < BUCKETS; i++) {
		if (counts[i] > max)
			max = counts[i];
		chi2 += (counts[i] - 10.0) * (counts[i] - 10.0) / 10.0;
	}
	/* 10 per bucket on average: a fair hash keeps them within 0..30
	   (the chance of a bucket past 30 is far below 1e-6). */
	ok(max <= 30, "low bits: the fullest of 4096 buckets holds %u", max);
	ok(chi2 < BUCKETS + 5 * 90.5, "low bits: chi-square %.0f of 4095 "
	    "degrees of freedom (mean 4095, deviation 90.5)", chi2);
	for (i = 1; i < N; i++)
		same_tag += tags[i] == tags[i - 1];
	is_int(same_tag, 0, "high bits: neighbouring keys' tags differ");
}

int
main(void)
{
	test_same_bytes();
	test_one_byte_apart();
	test_spread();
	return done_testing();
}
