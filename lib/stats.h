/*
 * stats.h - the statistics canal-report gives of every duration (DESIGN
 * section 5): count, mean, median, p90, p95 and max, exact, from all the
 * samples of a group (one sample per conversation or reply, never one per
 * event).
 *
 * Percentiles interpolate linearly between order statistics, R's type 7
 * (spreadsheets' PERCENTILE.INC, Miller's -i): for n sorted samples x[0..n)
 * and a fraction p, h = (n - 1) p, and the percentile is
 * x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).  Nearest rank
 * (STATS_NEAREST) is x[ceil(n p) - 1], at least x[0].  Samples 0, 20, 40,
 * 60, 80, 100: the median is 50 and p90 90 by interpolation, 40 and 100 by
 * nearest rank.
 */
#ifndef CANAL_STATS_H
#define CANAL_STATS_H

#include <stddef.h>

enum stats_method { STATS_LINEAR, STATS_NEAREST };

struct sketch;

/*
 * The samples of one statistic: exact (v), or, once partial reports were
 * combined into it (stats_merge_sketch), a quantile sketch (sketch.h) of n
 * samples with their exact sum and max: its quantiles are then within
 * SKETCH_ALPHA of the exact ones, by the same rules (the two order
 * statistics of an interpolation, or the nearest rank, read from the
 * sketch).
 */
struct stats {
	double *v;
	size_t n, cap;
	double sum;
	int sorted;
	struct sketch *sketch;	/* NULL while exact */
	double max;		/* with a sketch */
};

/* What a group reports; every member but count is NaN when count is 0. */
struct stats_summary {
	size_t count;
	double mean, median, p90, p95, max;
};

void stats_init(struct stats *s);
void stats_free(struct stats *s);

/** Adds one sample (seconds). */
void stats_add(struct stats *s, double v);

/** Adds every sample of other to s (partial groups into one). */
void stats_merge(struct stats *s, const struct stats *other);

/**
 * Adds the samples of a partial report: the sketch k (copied) of samples
 * whose sum and max are given.  s becomes a sketch from then on.
 */
void stats_merge_sketch(struct stats *s, const struct sketch *k, double sum,
    double max);

/** Adds every sample of s to the sketch k (for a partial report). */
void stats_sketch(const struct stats *s, struct sketch *k);

/**
 * The p-th quantile (p from 0 to 1) of the samples, by method; NaN when
 * there are none.  Sorts the samples the first time (s is otherwise not
 * changed).
 */
double stats_quantile(struct stats *s, double p, enum stats_method method);

/** The summary of the samples. */
void stats_summarize(struct stats *s, enum stats_method method,
    struct stats_summary *out);

#endif
