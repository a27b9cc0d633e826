/*
 * test-stats.c - exact statistics: the worked example (0, 20, 40,
 * 60, 80, 100: p50 50 and p90 90 by interpolation, 40 and 100 by nearest
 * rank), small samples worked by hand, empty groups, merging, order.
 */
#include <math.h>
#include <stdio.h>

#include "stats.h"
#include "unit.h"

#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

static void
test_worked_example(void)
{
	static const double v[] = { 100, 0, 60, 20, 80, 40 };
	struct stats s;
	struct stats_summary sum;
	size_t i;

	stats_init(&s);
	for (i = 0; i < 6; i++)
		stats_add(&s, v[i]);
	stats_summarize(&s, STATS_LINEAR, &sum);
	is_int((long long)sum.count, 6, "count");
	ok(NEAR(sum.mean, 50), "mean 50 (%g)", sum.mean);
	ok(NEAR(sum.median, 50), "median 50: h = 2.5, 40 + 0.5 * 20 (%g)",
	    sum.median);
	ok(NEAR(sum.p90, 90), "p90 90: h = 4.5, 80 + 0.5 * 20 (%g)", sum.p90);
	ok(NEAR(sum.p95, 95), "p95 95: h = 4.75, 80 + 0.75 * 20 (%g)", sum.p95);
	ok(NEAR(sum.max, 100), "max 100");
	stats_summarize(&s, STATS_NEAREST, &sum);
	ok(NEAR(sum.median, 40), "nearest median 40: ceil(3) = 3rd (%g)",
	    sum.median);
	ok(NEAR(sum.p90, 100), "nearest p90 100: ceil(5.4) = 6th (%g)",
	    sum.p90);
	ok(NEAR(sum.p95, 100), "nearest p95 100 (%g)", sum.p95);
	stats_free(&s);
}

static void
test_small(void)
{
	struct stats s, t;
	struct stats_summary sum;

	stats_init(&s);
	stats_summarize(&s, STATS_LINEAR, &sum);
	ok(sum.count == 0 && isnan(sum.mean) && isnan(sum.median) &&
	    isnan(sum.max), "an empty group: count 0, the rest NaN (null)");
	ok(isnan(stats_quantile(&s, 0.5, STATS_NEAREST)), "no quantile");
	stats_add(&s, 7);
	stats_summarize(&s, STATS_LINEAR, &sum);
	ok(NEAR(sum.median, 7) && NEAR(sum.p90, 7) && NEAR(sum.p95, 7),
	    "one sample is every quantile");
	stats_add(&s, 3);
	ok(NEAR(stats_quantile(&s, 0.5, STATS_LINEAR), 5), "two: median 5");
	ok(NEAR(stats_quantile(&s, 0.9, STATS_LINEAR), 6.6),
	    "two: p90 3 + 0.9 * 4 = 6.6");
	ok(NEAR(stats_quantile(&s, 0.5, STATS_NEAREST), 3),
	    "two, nearest median: ceil(1) = 1st");
	ok(NEAR(stats_quantile(&s, 0, STATS_LINEAR), 3) &&
	    NEAR(stats_quantile(&s, 1, STATS_LINEAR), 7), "p0 min, p100 max");
	stats_init(&t);
	stats_add(&t, 1);
	stats_add(&t, 11);
	stats_merge(&s, &t);
	stats_summarize(&s, STATS_LINEAR, &sum);
	ok(sum.count == 4 && NEAR(sum.mean, 5.5) && NEAR(sum.median, 5) &&
	    NEAR(sum.max, 11), "merged: 1 3 7 11, mean 5.5, median 5");
	stats_free(&s);
	stats_free(&t);
}

int
main(void)
{
	test_worked_example();
	test_small();
	return done_testing();
}
