/*
 * hash.h - the one hash of byte strings behind canal's in-memory tables
 * (strmap, idgraph, the span cache, canal-merge's de-duplication): 64 bits,
 * eight bytes a step, well mixed in both halves so that a table may index
 * by the low bits and keep the high ones as a tag.  Not for anything that
 * is written out or must stay the same across versions: no order of
 * output depends on it.
 */
#ifndef CANAL_HASH_H
#define CANAL_HASH_H

#include <stddef.h>
#include <stdint.h>

/** The hash of p[0..n); p may be NULL when n is 0. */
uint64_t hash_bytes(const void *p, size_t n);

#endif
