/*
 * test-sketch.c - the DDSketch of partial reports: values read back within
 * 1%, zeros exact, merging equal to sketching the union, bins that round
 * trip, and statistics (stats.h) combined from sketches checked against
 * the exact ones, the worked example included.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "sketch.h"
#include "stats.h"
#include "unit.h"

/* Within the sketch's relative error of want. */
static int
close_to(double got, double want)
{
	return fabs(got - want) <= SKETCH_ALPHA * fabs(want) + 1e-12;
}

/* A fixed sequence: the same samples on every machine. */
static uint64_t seed = 88172645463325252ULL;

static double
next_uniform(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (double)(seed >> 11) / 9007199254740992.0;
}

static int
compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
test_values(void)
{
	struct sketch s;

	sketch_init(&s);
	ok(isnan(sketch_rank_value(&s, 0)), "empty: no rank 0");
	is_int((long long)sketch_count(&s), 0, "empty: count 0");
	sketch_add(&s, 100);
	ok(close_to(sketch_rank_value(&s, 0), 100), "100 read back as %g",
	    sketch_rank_value(&s, 0));
	ok(isnan(sketch_rank_value(&s, 1)), "rank 1 of one value: none");
	sketch_free(&s);
	sketch_init(&s);
	sketch_add(&s, 0);
	sketch_add(&s, 0);
	sketch_add(&s, 1e-12);
	ok(sketch_rank_value(&s, 0) == 0 && sketch_rank_value(&s, 2) == 0,
	    "zeros (and values within 1e-9) read back as 0 exactly");
	sketch_add(&s, -5);
	ok(close_to(sketch_rank_value(&s, 0), -5), "a negative value first: "
	    "%g", sketch_rank_value(&s, 0));
	sketch_add(&s, NAN);
	is_int((long long)sketch_count(&s), 4, "NaN is not counted");
	sketch_free(&s);
	sketch_init(&s);
	sketch_add(&s, 0.001);
	sketch_add(&s, 3.15e8);	/* ten years */
	ok(close_to(sketch_rank_value(&s, 0), 0.001) &&
	    close_to(sketch_rank_value(&s, 1), 3.15e8),
	    "a millisecond and ten years in one sketch");
	ok(s.pos.n < 1400, "in %zu bins", s.pos.n);
	sketch_free(&s);
}

/* 100,000 log-uniform samples from 1 ms to 10^7 s: every rank checked. */
static void
test_accuracy(void)
{
	enum { N = 100000 };
	double *v = malloc(N * sizeof(*v)), worst = 0, got, rel;
	struct sketch s;
	size_t i;

	sketch_init(&s);
	for (i = 0; i < N; i++) {
		v[i] = 0.001 * pow(10, 10 * next_uniform());
		sketch_add(&s, v[i]);
	}
	qsort(v, N, sizeof(*v), compare_doubles);
	for (i = 0; i < N; i += 7) {
		got = sketch_rank_value(&s, i);
		rel = fabs(got - v[i]) / v[i];
		if (rel > worst)
			worst = rel;
	}
	ok(worst <= SKETCH_ALPHA + 1e-12, "every 7th rank of %d within 1%% "
	    "(worst %.5f)", N, worst);
	free(v);
	sketch_free(&s);
}

struct bins {
	int sign[4096];
	int32_t index[4096];
	uint64_t count[4096];
	size_t n;
};

static void
collect(void *ctx, int sign, int32_t index, uint64_t count)
{
	struct bins *b = ctx;

	if (b->n < 4096) {
		b->sign[b->n] = sign;
		b->index[b->n] = index;
		b->count[b->n++] = count;
	}
}

static int
same_bins(const struct sketch *a, const struct sketch *b)
{
	static struct bins x, y;
	size_t i;

	x.n = y.n = 0;
	sketch_each_bin(a, collect, &x);
	sketch_each_bin(b, collect, &y);
	if (x.n != y.n)
		return 0;
	for (i = 0; i < x.n; i++)
		if (x.sign[i] != y.sign[i] || x.index[i] != y.index[i] ||
		    x.count[i] != y.count[i])
			return 0;
	return 1;
}

static void
rebuild(void *ctx, int sign, int32_t index, uint64_t count)
{
	sketch_add_bin(ctx, sign, index, count);
}

static void
test_merge(void)
{
	struct sketch whole, a, b, back;
	double v;
	int i;

	sketch_init(&whole);
	sketch_init(&a);
	sketch_init(&b);
	sketch_init(&back);
	for (i = 0; i < 5000; i++) {
		v = (next_uniform() - 0.1) * 1e5;	/* some negative */
		if (i % 50 == 0)
			v = 0;
		sketch_add(&whole, v);
		sketch_add(i % 3 ? &a : &b, v);
	}
	sketch_merge(&a, &b);
	ok(same_bins(&a, &whole), "two halves merged: the sketch of the "
	    "whole, bin by bin");
	is_int((long long)sketch_count(&a), 5000, "counts add");
	sketch_each_bin(&whole, rebuild, &back);
	ok(same_bins(&back, &whole), "bins written and read back: the same");
	ok(sketch_rank_value(&back, 0) < 0 && sketch_rank_value(&back, 4999) >
	    0, "in order: negative bins first");
	sketch_free(&whole);
	sketch_free(&a);
	sketch_free(&b);
	sketch_free(&back);
}

/* stats.h from sketches: the example, and the same rules. */
static void
test_stats(void)
{
	static const double v[] = { 100, 0, 60, 20, 80, 40 };
	struct stats exact, combined, part;
	struct stats_summary e, c;
	struct sketch k;
	size_t i;

	stats_init(&exact);
	stats_init(&combined);
	for (i = 0; i < 6; i++) {
		stats_add(&exact, v[i]);
		stats_init(&part);
		stats_add(&part, v[i]);
		sketch_init(&k);
		stats_sketch(&part, &k);
		stats_merge_sketch(&combined, &k, part.sum, v[i]);
		sketch_free(&k);
		stats_free(&part);
	}
	stats_summarize(&exact, STATS_LINEAR, &e);
	stats_summarize(&combined, STATS_LINEAR, &c);
	is_int((long long)c.count, 6, "six partials of one: count 6");
	ok(c.mean == 50 && c.max == 100, "mean 50 and max 100 exact");
	ok(close_to(c.median, 50), "median 50 within 1%%: %g", c.median);
	ok(close_to(c.p90, 90), "p90 90 within 1%%: %g", c.p90);
	ok(close_to(c.p95, 95), "p95 95 within 1%%: %g", c.p95);
	stats_summarize(&combined, STATS_NEAREST, &c);
	ok(close_to(c.median, 40) && c.p90 == 100,
	    "nearest rank: 40 within 1%% (%g), and 100, never above the "
	    "exact max (%g)", c.median, c.p90);
	/* Exact samples added to a combined statistic join its sketch. */
	stats_add(&combined, 200);
	stats_summarize(&combined, STATS_LINEAR, &c);
	ok(c.count == 7 && c.max == 200 && close_to(c.median, 60),
	    "an exact sample added after: count 7, max 200, median %g",
	    c.median);
	stats_free(&exact);
	stats_free(&combined);
	stats_init(&combined);
	sketch_init(&k);
	stats_merge_sketch(&combined, &k, 0, 0);
	stats_summarize(&combined, STATS_LINEAR, &c);
	ok(c.count == 0 && isnan(c.median), "an empty partial: still empty");
	sketch_free(&k);
	stats_free(&combined);
}

int
main(void)
{
	test_values();
	test_accuracy();
	test_merge();
	test_stats();
	return done_testing();
}
