/*
 * hash.c - a fast hash of byte strings (hash.h).
 *
 * Each eight-byte word is folded in with an xor, a multiplication by an
 * odd constant and an xor-shift, which are all one-to-one: two strings of
 * one length that differ in a single word never collide.  The length
 * seeds the state so that a string and its zero-padded extension differ,
 * and a final avalanche (MurmurHash3's fmix64) spreads every input bit
 * over both halves.
 */
#include "hash.h"

#include <string.h>

#define MULTIPLIER 0x9e3779b97f4a7c15ULL

static uint64_t
fold(uint64_t h, uint64_t word)
{
	h ^= word;
	h *= MULTIPLIER;
	return h ^ h >> 32;
}

uint64_t
hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x243f6a8885a308d3ULL ^ ((uint64_t)n * MULTIPLIER), w;

	/* memcpy: unaligned loads without undefined behaviour; compilers
	   make it one move.  The byte order of the host does not matter:
	   the hash never leaves the process. */
	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = fold(h, w);
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, s, n);
		h = fold(h, w);
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ h >> 33;
}
