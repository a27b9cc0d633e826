/*
 * test-sketch.c - the DDSketch of partial reports: bins worked by hand,
 * quantiles by the rules of stats.h within 1% (the worked example:
 * 0, 20, 40, 60, 80, 100), zeros exact, negative values, 100,000
 * log-uniform samples against their exact quantiles, merging equal to
 * sketching the union, bins that round trip, only non-empty bins kept, and
 * statistics (stats.h) combined from sketches.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "sketch.h"
#include "stats.h"
#include "unit.h"
#include "util.h"

/* Within the sketch's relative error of want (0 only for 0). */
static int
close_to(double got, double want)
{
	return fabs(got - want) <= (SKETCH_ALPHA + 1e-12) * fabs(want);
}

static int
near(double got, double want)
{
	return fabs(got - want) < 1e-9;
}

/* A fixed sequence (Knuth's MMIX LCG): the same samples everywhere. */
static uint64_t seed = 20190801;

static double
next_uniform(void)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(seed >> 11) / 9007199254740992.0;
}

static int
compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The exact quantile of sorted v by the rules of stats.h. */
static double
exact_quantile(const double *v, size_t n, double p, int nearest)
{
	double h, lo;
	size_t k;

	if (p >= 1)
		return v[n - 1];
	if (nearest) {
		k = (size_t)ceil((double)n * p - 1e-9);
		return v[k > 0 ? k - 1 : 0];
	}
	h = (double)(n - 1) * p;
	lo = floor(h);
	k = (size_t)lo;
	return v[k] + (h - lo) * (v[k + 1] - v[k]);
}

/* The bins of a sketch as sketch_each_bin() gives them. */
struct bins {
	int *sign;
	int32_t *index;
	uint64_t *count;
	size_t n, cap;
};

static void
collect(void *ctx, int sign, int32_t index, uint64_t count)
{
	struct bins *b = ctx;

	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->sign = xreallocarray(b->sign, b->cap, sizeof(*b->sign));
		b->index = xreallocarray(b->index, b->cap, sizeof(*b->index));
		b->count = xreallocarray(b->count, b->cap, sizeof(*b->count));
	}
	b->sign[b->n] = sign;
	b->index[b->n] = index;
	b->count[b->n++] = count;
}

static void
bins_get(const struct sketch *s, struct bins *b)
{
	b->n = 0;
	sketch_each_bin(s, collect, b);
}

static void
bins_free(struct bins *b)
{
	free(b->sign);
	free(b->index);
	free(b->count);
	b->sign = NULL;
	b->index = NULL;
	b->count = NULL;
	b->n = b->cap = 0;
}

static int
same_bins(const struct sketch *a, const struct sketch *b)
{
	struct bins x = { 0 }, y = { 0 };
	size_t i;
	int same;

	bins_get(a, &x);
	bins_get(b, &y);
	same = x.n == y.n && x.n > 0;
	for (i = 0; same && i < x.n; i++)
		same = x.sign[i] == y.sign[i] && x.index[i] == y.index[i] &&
		    x.count[i] == y.count[i];
	bins_free(&x);
	bins_free(&y);
	return same;
}

/* The bin of one value: sign * 10,000,000 + index, or -1 if not one. */
static long long
bin_of(double v)
{
	struct sketch s;
	struct bins b = { 0 };
	long long key = -1;

	sketch_init(&s);
	sketch_add(&s, v);
	bins_get(&s, &b);
	if (b.n == 1 && b.count[0] == 1)
		key = b.sign[0] * 10000000LL + b.index[0];
	bins_free(&b);
	sketch_free(&s);
	return key;
}

static void
test_empty(void)
{
	struct sketch s;
	struct bins b = { 0 };

	sketch_init(&s);
	is_int(sketch_count(&s), 0, "empty: count 0");
	ok(isnan(sketch_quantile(&s, 0.5, 0)) &&
	    isnan(sketch_quantile(&s, 0.5, 1)) &&
	    isnan(sketch_quantile(&s, 0, 0)) &&
	    isnan(sketch_quantile(&s, 1, 1)), "empty: every quantile NaN");
	ok(isnan(sketch_rank_value(&s, 0)), "empty: no rank 0");
	sketch_add_bin(&s, 1, 500, 0);
	sketch_add_bin(&s, -1, 500, 0);
	sketch_add_bin(&s, 0, 0, 0);
	bins_get(&s, &b);
	ok(b.n == 0 && s.pos.n == 0 && s.neg.n == 0 && sketch_count(&s) == 0,
	    "empty, and bins of count 0 added: no bins");
	bins_free(&b);
	sketch_free(&s);
}

/* ln(gamma) = ln(1.01 / 0.99) = 0.0200006667. */
static void
test_bins_by_hand(void)
{
	struct sketch s;
	struct bins b = { 0 };

	is_int(bin_of(1), 10000000, "1 = gamma^0: bin 0");
	is_int(bin_of(1.01), 10000001, "1.01: ln / ln gamma = 0.4975, bin 1");
	is_int(bin_of(100), 10000231, "100: 4.6052 / 0.0200007 = 230.25, "
	    "bin 231");
	is_int(bin_of(0.001), 10000000 - 345, "0.001: -345.38, bin -345");
	is_int(bin_of(-100), -10000000 + 231, "-100: bin 231 of -v");
	is_int(bin_of(0), 0, "0: the zero bin");
	is_int(bin_of(5e-10), 0, "5e-10: below 1e-9, the zero bin");
	is_int(bin_of(-5e-10), 0, "-5e-10: the zero bin");
	is_int(bin_of(NAN), -1, "NaN: no bin");
	sketch_init(&s);
	sketch_add(&s, 1);
	ok(near(sketch_rank_value(&s, 0), 0.99), "bin 0 stands for "
	    "2 / (gamma + 1) = 0.99 (%.12g)", sketch_rank_value(&s, 0));
	sketch_add(&s, 1.01);
	ok(near(sketch_rank_value(&s, 1), 1.01), "bin 1 for 2 gamma / "
	    "(gamma + 1) = 1.01 (%.12g)", sketch_rank_value(&s, 1));
	ok(isnan(sketch_rank_value(&s, 2)), "rank 2 of two values: NaN");
	sketch_free(&s);

	/* Only bins that hold values: a millisecond and ten years. */
	sketch_init(&s);
	sketch_add(&s, 0.001);
	sketch_add(&s, 3.15e8);
	sketch_add(&s, 3.15e8);
	ok(close_to(sketch_rank_value(&s, 0), 0.001) &&
	    close_to(sketch_rank_value(&s, 2), 3.15e8),
	    "a millisecond and ten years in one sketch");
	is_int(s.pos.n, 2, "two bins kept, not the 1,325 between");
	sketch_add(&s, INFINITY);
	bins_get(&s, &b);
	ok(b.n == 3 && b.index[2] == SKETCH_MAX_INDEX && s.pos.n == 3,
	    "infinity: the last bin, clamped to SKETCH_MAX_INDEX");
	bins_free(&b);
	sketch_free(&s);
}

static void
test_single(void)
{
	static const double p[] = { 0, 0.25, 0.5, 0.9, 0.99, 1 };
	struct sketch s;
	size_t i;
	int all = 1;

	sketch_init(&s);
	sketch_add(&s, 100);
	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++)
		all &= close_to(sketch_quantile(&s, p[i], 0), 100) &&
		    close_to(sketch_quantile(&s, p[i], 1), 100);
	ok(all, "one value 100: every quantile within 1%% (%.12g)",
	    sketch_quantile(&s, 0.5, 0));
	ok(sketch_quantile(&s, 0.5, 0) != 100, "but not exactly 100: the "
	    "bin's value");
	sketch_free(&s);
}

static void
test_worked_example(void)
{
	static const double v[] = { 100, 0, 60, 20, 80, 40 };
	struct sketch s;
	size_t i;

	sketch_init(&s);
	for (i = 0; i < 6; i++)
		sketch_add(&s, v[i]);
	is_int(sketch_count(&s), 6, "count 6");
	ok(close_to(sketch_quantile(&s, 0.5, 0), 50), "median 50 within 1%%: "
	    "h = 2.5, 40 + 0.5 * 20 (%g)", sketch_quantile(&s, 0.5, 0));
	ok(close_to(sketch_quantile(&s, 0.9, 0), 90), "p90 90 within 1%%: "
	    "h = 4.5, 80 + 0.5 * 20 (%g)", sketch_quantile(&s, 0.9, 0));
	ok(close_to(sketch_quantile(&s, 0.95, 0), 95), "p95 95 within 1%% "
	    "(%g)", sketch_quantile(&s, 0.95, 0));
	ok(close_to(sketch_quantile(&s, 0.5, 1), 40), "nearest median 40 "
	    "within 1%%: ceil(3) = 3rd (%g)", sketch_quantile(&s, 0.5, 1));
	ok(close_to(sketch_quantile(&s, 0.9, 1), 100), "nearest p90 100 "
	    "within 1%%: ceil(5.4) = 6th (%g)", sketch_quantile(&s, 0.9, 1));
	ok(sketch_quantile(&s, 0, 0) == 0 && sketch_quantile(&s, 0.1, 1) == 0,
	    "p0 and nearest p10: 0 exactly");
	ok(close_to(sketch_quantile(&s, 1, 0), 100) &&
	    close_to(sketch_quantile(&s, 2, 1), 100), "p100 (and beyond) the "
	    "largest");
	ok(isnan(sketch_quantile(&s, NAN, 0)), "p NaN: NaN");
	sketch_free(&s);
}

static void
test_zeros(void)
{
	struct sketch s;
	struct bins b = { 0 };
	int i;

	sketch_init(&s);
	for (i = 0; i < 5; i++)
		sketch_add(&s, 0);
	ok(sketch_quantile(&s, 0, 0) == 0 && sketch_quantile(&s, 0.5, 0) == 0 &&
	    sketch_quantile(&s, 0.9, 1) == 0 && sketch_quantile(&s, 1, 0) == 0,
	    "all zeros: every quantile 0 exactly");
	sketch_add(&s, 1e-12);
	sketch_add(&s, 7);
	sketch_add(&s, 9);
	bins_get(&s, &b);
	ok(b.n == 3 && b.sign[0] == 0 && b.count[0] == 6,
	    "zeros (and 1e-12) counted exactly in one bin: 6");
	ok(sketch_quantile(&s, 0.5, 0) == 0 && close_to(sketch_quantile(&s,
	    1, 0), 9) && close_to(sketch_quantile(&s, 0.9, 0), 7.6),
	    "6 zeros, 7, 9: median 0, p90 h = 7 * 0.9 = 6.3, 7 + 0.3 * 2 "
	    "= 7.6 (%g)",
	    sketch_quantile(&s, 0.9, 0));
	bins_free(&b);
	sketch_free(&s);
}

static void
test_negative(void)
{
	static const double v[] = { 10, -100, 0, 100, -10 };
	struct sketch s;
	struct bins b = { 0 };
	size_t i;

	sketch_init(&s);
	for (i = 0; i < 5; i++)
		sketch_add(&s, v[i]);
	ok(close_to(sketch_rank_value(&s, 0), -100) &&
	    close_to(sketch_rank_value(&s, 1), -10) &&
	    sketch_rank_value(&s, 2) == 0 &&
	    close_to(sketch_rank_value(&s, 3), 10) &&
	    close_to(sketch_rank_value(&s, 4), 100),
	    "-100 -10 0 10 100 read back in order, within 1%%");
	bins_get(&s, &b);
	ok(b.n == 5 && b.sign[0] == -1 && b.index[0] == 231 &&
	    b.sign[1] == -1 && b.index[1] == 116 && b.sign[2] == 0 &&
	    b.sign[3] == 1 && b.index[3] == 116 && b.sign[4] == 1 &&
	    b.index[4] == 231, "bins from the most negative: -100 (231), -10 "
	    "(116), zero, 10 (116), 100 (231)");
	ok(sketch_quantile(&s, 0.5, 0) == 0, "median 0 exactly");
	ok(close_to(sketch_quantile(&s, 0.125, 0), -55), "p12.5: h = 0.5, "
	    "-100 + 0.5 * 90 = -55 within 1%% (%g)",
	    sketch_quantile(&s, 0.125, 0));
	ok(close_to(sketch_quantile(&s, 0.2, 1), -100), "nearest p20: "
	    "ceil(1) = 1st, -100 (%g)", sketch_quantile(&s, 0.2, 1));
	bins_free(&b);
	sketch_free(&s);
}

/* 100,000 log-uniform samples from 1 ms to 10^7 s. */
static void
test_accuracy(void)
{
	enum { N = 100000 };
	static const double p[] = { 0.5, 0.9, 0.95, 0.99, 1 };
	double *v = xreallocarray(NULL, N, sizeof(*v)), worst, got, want, rel;
	struct sketch s;
	struct bins b = { 0 };
	size_t i;
	int nearest;

	sketch_init(&s);
	for (i = 0; i < N; i++) {
		v[i] = 0.001 * pow(10, 10 * next_uniform());
		sketch_add(&s, v[i]);
	}
	qsort(v, N, sizeof(*v), compare_doubles);
	is_int(sketch_count(&s), N, "count %d", N);
	for (nearest = 0; nearest <= 1; nearest++) {
		for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
			got = sketch_quantile(&s, p[i], nearest);
			want = exact_quantile(v, N, p[i], nearest);
			rel = fabs(got - want) / want;
			ok(rel <= SKETCH_ALPHA + 1e-12, "%s p%g: %.6g for "
			    "%.6g, relative error %.5f",
			    nearest ? "nearest" : "linear", 100 * p[i], got,
			    want, rel);
		}
	}
	worst = 0;
	for (i = 0; i < N; i++) {
		rel = fabs(sketch_rank_value(&s, i) - v[i]) / v[i];
		if (rel > worst)
			worst = rel;
	}
	ok(worst <= SKETCH_ALPHA + 1e-12 && worst > 0.009, "every rank within "
	    "1%%, and some near it (worst %.7f)", worst);
	bins_get(&s, &b);
	ok(b.n == s.pos.n && b.n <= 806 + 345 + 1 && b.n > 1100,
	    "%zu bins, of indexes -345 to 806", b.n);
	bins_free(&b);
	free(v);
	sketch_free(&s);
}

static double
mixed_value(int i)
{
	if (i % 50 == 0)
		return 0;
	return (next_uniform() - 0.1) * 1e5;	/* some negative */
}

static void
test_merge(void)
{
	struct sketch whole, a, b, ba, twice;
	struct bins x = { 0 }, y = { 0 };
	size_t i;
	int doubled;

	sketch_init(&whole);
	sketch_init(&a);
	sketch_init(&b);
	sketch_init(&ba);
	sketch_init(&twice);
	seed = 7;
	for (i = 0; i < 5000; i++) {
		double v = mixed_value((int)i);

		sketch_add(&whole, v);
		sketch_add(i < 2000 ? &a : &b, v);
	}
	sketch_merge(&ba, &b);
	sketch_merge(&ba, &a);
	sketch_merge(&a, &b);
	ok(same_bins(&a, &whole), "two halves merged: the sketch of the whole, "
	    "bin by bin");
	ok(same_bins(&ba, &whole), "merged the other way round into an empty "
	    "sketch: the same");
	is_int(sketch_count(&a), 5000, "counts add: 2000 + 3000");
	sketch_add(&ba, 1);
	ok(!same_bins(&ba, &whole), "one value more: not the same");
	sketch_merge(&twice, &whole);
	sketch_merge(&twice, &twice);
	bins_get(&whole, &x);
	bins_get(&twice, &y);
	doubled = x.n == y.n;
	for (i = 0; doubled && i < x.n; i++)
		doubled = x.index[i] == y.index[i] &&
		    y.count[i] == 2 * x.count[i];
	ok(doubled && sketch_count(&twice) == 10000 &&
	    sketch_quantile(&twice, 0.5, 0) == sketch_quantile(&whole, 0.5, 0),
	    "merged with itself: every count doubled, the same median");
	bins_free(&x);
	bins_free(&y);
	sketch_free(&whole);
	sketch_free(&a);
	sketch_free(&b);
	sketch_free(&ba);
	sketch_free(&twice);
}

static void
test_round_trip(void)
{
	static const double p[] = { 0, 0.01, 0.1, 0.5, 0.9, 0.99, 1 };
	struct sketch whole, back, reversed;
	struct bins b = { 0 };
	size_t i;
	int same = 1;

	sketch_init(&whole);
	sketch_init(&back);
	sketch_init(&reversed);
	seed = 11;
	for (i = 0; i < 3000; i++)
		sketch_add(&whole, mixed_value((int)i));
	bins_get(&whole, &b);
	for (i = 0; i < b.n; i++)
		sketch_add_bin(&back, b.sign[i], b.index[i], b.count[i]);
	for (i = b.n; i-- > 0;) {
		sketch_add_bin(&reversed, b.sign[i], b.index[i], b.count[i]);
		sketch_add_bin(&reversed, b.sign[i], b.index[i], 0);
	}
	ok(same_bins(&back, &whole), "bins written and read back: the same");
	ok(same_bins(&reversed, &whole), "read back in reverse order, with "
	    "empty bins: the same");
	is_int(sketch_count(&back), 3000, "count 3000 read back");
	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++)
		same &= sketch_quantile(&back, p[i], 0) ==
		    sketch_quantile(&whole, p[i], 0) &&
		    sketch_quantile(&back, p[i], 1) ==
		    sketch_quantile(&whole, p[i], 1);
	ok(same && sketch_quantile(&back, 0, 0) < 0 &&
	    sketch_quantile(&back, 1, 0) > 0, "the same quantiles, negative "
	    "first");
	bins_free(&b);
	sketch_free(&whole);
	sketch_free(&back);
	sketch_free(&reversed);
}

/* stats.h from sketches: the example, and the same rules. */
static void
test_stats(void)
{
	static const double v[] = { 100, 0, 60, 20, 80, 40 };
	struct stats combined, part;
	struct stats_summary c;
	struct sketch k;
	size_t i;

	stats_init(&combined);
	for (i = 0; i < 6; i++) {
		stats_init(&part);
		stats_add(&part, v[i]);
		sketch_init(&k);
		stats_sketch(&part, &k);
		stats_merge_sketch(&combined, &k, part.sum, v[i]);
		sketch_free(&k);
		stats_free(&part);
	}
	stats_summarize(&combined, STATS_LINEAR, &c);
	is_int(c.count, 6, "stats: six partials of one, count 6");
	ok(c.mean == 50 && c.max == 100, "stats: mean 50 and max 100 exact");
	ok(close_to(c.median, 50) && close_to(c.p90, 90) &&
	    close_to(c.p95, 95), "stats: median %g, p90 %g, p95 %g within 1%%",
	    c.median, c.p90, c.p95);
	stats_summarize(&combined, STATS_NEAREST, &c);
	ok(close_to(c.median, 40) && c.p90 == 100, "stats, nearest rank: 40 "
	    "within 1%% (%g), and 100, never above the exact max (%g)",
	    c.median, c.p90);
	stats_add(&combined, 200);
	stats_summarize(&combined, STATS_LINEAR, &c);
	ok(c.count == 7 && c.max == 200 && close_to(c.median, 60),
	    "stats: an exact sample added after joins the sketch: median %g",
	    c.median);
	stats_free(&combined);
	stats_init(&combined);
	sketch_init(&k);
	stats_merge_sketch(&combined, &k, 0, 0);
	stats_summarize(&combined, STATS_LINEAR, &c);
	ok(c.count == 0 && isnan(c.median), "stats: an empty partial, still "
	    "empty");
	sketch_free(&k);
	stats_free(&combined);
}

int
main(void)
{
	test_empty();
	test_bins_by_hand();
	test_single();
	test_worked_example();
	test_zeros();
	test_negative();
	test_accuracy();
	test_merge();
	test_round_trip();
	test_stats();
	return done_testing();
}
