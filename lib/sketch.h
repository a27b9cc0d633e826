/*
 * sketch.h - a mergeable quantile sketch with relative accuracy
 * SKETCH_ALPHA (DDSketch: C. Masson, J. E. Rim, H. K. Lee, "DDSketch: a
 * fast and fully-mergeable quantile sketch with relative-error
 * guarantees", VLDB 2019), for canal-report's partial reports.
 *
 * With gamma = (1 + ALPHA) / (1 - ALPHA), a value v > 0 falls in bin
 * ceil(log(v) / log(gamma)); bin i holds (gamma^(i-1), gamma^i] and stands
 * for 2 gamma^i / (gamma + 1), within ALPHA of every value it holds.
 * Negative values go to mirrored bins of -v; values within 1e-9 of 0 to a
 * zero bin, read back as 0 exactly.  Bins are counts, so merging two
 * sketches is adding their counts: the merge of the sketches of two sets
 * of samples is the sketch of their union, bin by bin, on every machine
 * (log() of a double; a value at a bin's very edge may fall on either
 * side on another libm, which is within ALPHA all the same).
 *
 * Memory: one count per bin between the smallest and largest index seen;
 * durations from 1 ms to ten years span about 1,300 bins.
 */
#ifndef CANAL_SKETCH_H
#define CANAL_SKETCH_H

#include <stddef.h>
#include <stdint.h>

#define SKETCH_ALPHA 0.01
#define SKETCH_MAX_INDEX 1000000	/* |index| at most: far beyond 1e300 */

/* The bins of one sign: counts of indexes first .. first + n - 1. */
struct sketch_store {
	uint64_t *count;
	int32_t first;
	size_t n;
};

struct sketch {
	struct sketch_store pos, neg;	/* neg holds -v */
	uint64_t zero;
	uint64_t total;
};

void sketch_init(struct sketch *s);
void sketch_free(struct sketch *s);

/** Adds one value. */
void sketch_add(struct sketch *s, double v);

/**
 * Adds count values to a bin: sign 1 (index of v > 0), -1 (index of -v for
 * v < 0) or 0 (the zero bin; index ignored).  For reading a sketch back.
 */
void sketch_add_bin(struct sketch *s, int sign, int32_t index,
    uint64_t count);

/** Adds the counts of other to s. */
void sketch_merge(struct sketch *s, const struct sketch *other);

/** The number of values added. */
uint64_t sketch_count(const struct sketch *s);

/**
 * The value of rank r (0-based, r < sketch_count()) in sorted order,
 * within ALPHA: the value its bin stands for.  NaN when r is out of range.
 */
double sketch_rank_value(const struct sketch *s, uint64_t r);

/**
 * Calls each(ctx, sign, index, count) for every bin that is not empty, in
 * increasing order of value: negative bins, the zero bin, positive bins.
 */
void sketch_each_bin(const struct sketch *s,
    void (*each)(void *ctx, int sign, int32_t index, uint64_t count),
    void *ctx);

#endif
