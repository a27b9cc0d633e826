/*
 * sketch.h - a mergeable quantile sketch with relative accuracy
 * SKETCH_ALPHA (DDSketch: C. Masson, J. E. Rim, H. K. Lee, "DDSketch: a
 * fast and fully-mergeable quantile sketch with relative-error
 * guarantees", VLDB 2019), for canal-report's partial reports: each
 * machine sketches its durations, the sketches are written out
 * (sketch_each_bin()), read back (sketch_add_bin()), merged, and their
 * quantiles read within ALPHA of the exact ones.
 *
 * With gamma = (1 + ALPHA) / (1 - ALPHA), a value v > 0 falls in bin
 * index(v) = ceil(log(v) / log(gamma)); bin i holds (gamma^(i-1), gamma^i]
 * and stands for 2 gamma^i / (gamma + 1), within ALPHA of every value it
 * holds.  Negative values go to a separate store of mirrored bins,
 * index(-v), and stand for the negated value.  Values with |v| < 1e-9 are
 * counted in a zero bin and read back as 0 exactly; NaN is ignored; an
 * index is clamped to [-SKETCH_MAX_INDEX, SKETCH_MAX_INDEX] (only
 * infinities get there).
 *
 * Bins are counts, so merging two sketches is adding their counts: the
 * merge of the sketches of two sets of samples is, bin by bin, the sketch
 * of their union.  Indexes are computed with log() of a double on every
 * machine; a value at the very edge of a bin may fall on the other side
 * under another libm, which is within ALPHA all the same.
 *
 * Memory: only the bins that are not empty, sorted by index; durations
 * from 1 ms to ten years span about 1,330 bins.  Counts are not checked
 * for overflow (2^64 samples).
 */
#ifndef CANAL_SKETCH_H
#define CANAL_SKETCH_H

#include <stddef.h>
#include <stdint.h>

#define SKETCH_ALPHA 0.01
#define SKETCH_MAX_INDEX 1000000	/* |index| at most: far beyond 1e300 */

/* Visible only so that a sketch can live on the stack: use the functions. */
struct sketch_bin {
	int32_t index;
	uint64_t count;		/* never 0 */
};

/* The bins of one sign, by increasing index. */
struct sketch_store {
	struct sketch_bin *bin;
	size_t n, cap;
};

struct sketch {
	struct sketch_store pos, neg;	/* neg holds the bins of -v */
	uint64_t zero;
	uint64_t total;
};

/** An empty sketch. */
void sketch_init(struct sketch *s);

/** Releases the bins of s, which is then empty again. */
void sketch_free(struct sketch *s);

/**
 * Adds one value: v > 0 to its positive bin, |v| < 1e-9 to the zero bin,
 * v < 0 to the negative bin of -v.  NaN is not counted.
 */
void sketch_add(struct sketch *s, double v);

/**
 * Adds count values to a bin: sign 1 (index of v > 0), -1 (index of -v for
 * v < 0) or 0 (the zero bin; index ignored).  For reading a sketch back;
 * the caller checks that index is within SKETCH_MAX_INDEX.  A count of 0
 * changes nothing.
 */
void sketch_add_bin(struct sketch *s, int sign, int32_t index,
    uint64_t count);

/** Adds the counts of other (not changed; may be s itself) to s. */
void sketch_merge(struct sketch *s, const struct sketch *other);

/** The number of values added. */
uint64_t sketch_count(const struct sketch *s);

/**
 * The value of rank r (0-based, r < sketch_count()) in sorted order,
 * within ALPHA: the value its bin stands for (0 for the zero bin).  NaN
 * when r is out of range.
 */
double sketch_rank_value(const struct sketch *s, uint64_t r);

/**
 * The p-th quantile (p from 0 to 1) by the rules of stats.h, with both
 * order statistics read by sketch_rank_value().  Linear (nearest 0): for n
 * values, h = (n - 1) p, value(floor h) + (h - floor h) (value(floor h +
 * 1) - value(floor h)), within ALPHA of the exact interpolation when both
 * values have the same sign (a convex combination of two values each
 * within ALPHA).  Nearest rank (nearest 1): value(ceil(n p) - 1), at least
 * value(0), with n p less 1e-9 as in stats.c (so that 10 x 0.9 is 9).
 * p <= 0 gives value(0), p >= 1 value(n - 1).  NaN when s is empty or p
 * is NaN.
 */
double sketch_quantile(const struct sketch *s, double p, int nearest);

/**
 * Calls each(ctx, sign, index, count) for every bin that is not empty, in
 * increasing order of value: negative bins from the most negative, the
 * zero bin, positive bins.  s must not change meanwhile.
 */
void sketch_each_bin(const struct sketch *s,
    void (*each)(void *ctx, int sign, int32_t index, uint64_t count),
    void *ctx);

#endif
