/*
 * kmerge.h - k-way merge of ordered record streams with a binary heap.
 * Records are ordered by (ts, input, seq): time first, then the operand the
 * record came from, then its place in that operand, so ties are broken
 * deterministically in input order.
 */
#ifndef CANAL_KMERGE_H
#define CANAL_KMERGE_H

#include <stddef.h>
#include <stdint.h>

struct kmerge_key {
	int64_t ts;		/* milliseconds since the epoch */
	uint32_t input;		/* operand index */
	uint64_t seq;		/* position within the operand (line number) */
};

/**
 * One ordered stream.  next() returns 1 with the next record (data borrowed
 * until the following call), 0 at the end, or -1 on error (errno set).
 */
struct kmerge_source {
	int (*next)(void *ctx, struct kmerge_key *key, const char **data,
	    size_t *len);
	void *ctx;
	/* Owned by kmerge: the source's current record. */
	struct kmerge_key key;
	const char *data;
	size_t len;
};

struct kmerge {
	struct kmerge_source **heap;
	size_t count;
	struct kmerge_source *last;	/* returned last; advanced lazily */
};

/** -1, 0 or 1 as a orders before, with or after b. */
int kmerge_key_compare(const struct kmerge_key *a, const struct kmerge_key *b);

/**
 * Starts merging sources[0..n) (borrowed; they must outlive the merge).
 * Reads each source's first record.  Returns 0, or -1 on a source's error.
 */
int kmerge_init(struct kmerge *m, struct kmerge_source *sources, size_t n);

/**
 * Returns 1 with the smallest record (data borrowed until the next call),
 * 0 when every source is exhausted, or -1 on a source's error.
 */
int kmerge_next(struct kmerge *m, struct kmerge_key *key, const char **data,
    size_t *len);

/** The source of the record returned last (NULL before the first). */
const struct kmerge_source *kmerge_last(const struct kmerge *m);

void kmerge_free(struct kmerge *m);

#endif
