/*
 * stats.c - statistics of durations, exact or from combined sketches
 * (stats.h).
 */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sketch.h"
#include "util.h"

void
stats_init(struct stats *s)
{
	memset(s, 0, sizeof(*s));
	s->sorted = 1;
}

void
stats_free(struct stats *s)
{
	free(s->v);
	if (s->sketch != NULL) {
		sketch_free(s->sketch);
		free(s->sketch);
	}
	stats_init(s);
}

/* From exact samples to a sketch of them. */
static void
to_sketch(struct stats *s)
{
	size_t i;

	if (s->sketch != NULL)
		return;
	s->sketch = xmalloc(sizeof(*s->sketch));
	sketch_init(s->sketch);
	s->max = -INFINITY;
	for (i = 0; i < s->n; i++) {
		sketch_add(s->sketch, s->v[i]);
		if (s->v[i] > s->max)
			s->max = s->v[i];
	}
	free(s->v);
	s->v = NULL;
	s->cap = 0;
	s->sorted = 1;
}

void
stats_merge_sketch(struct stats *s, const struct sketch *k, double sum,
    double max)
{
	uint64_t count = sketch_count(k);

	if (count == 0)
		return;
	to_sketch(s);
	sketch_merge(s->sketch, k);
	s->n += (size_t)count;
	s->sum += sum;
	if (max > s->max)
		s->max = max;
}

void
stats_sketch(const struct stats *s, struct sketch *k)
{
	size_t i;

	if (s->sketch != NULL) {
		sketch_merge(k, s->sketch);
		return;
	}
	for (i = 0; i < s->n; i++)
		sketch_add(k, s->v[i]);
}

/* The sample of rank k (0-based) in sorted order; from a sketch, never
   above the exact max. */
static double
ranked(struct stats *s, size_t k)
{
	double v;

	if (s->sketch == NULL)
		return s->v[k];
	v = sketch_rank_value(s->sketch, k);
	return v > s->max ? s->max : v;
}

void
stats_add(struct stats *s, double v)
{
	if (s->sketch != NULL) {
		sketch_add(s->sketch, v);
		s->n++;
		s->sum += v;
		if (v > s->max)
			s->max = v;
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	if (s->n > 0 && v < s->v[s->n - 1])
		s->sorted = 0;
	s->v[s->n++] = v;
	s->sum += v;
}

void
stats_merge(struct stats *s, const struct stats *other)
{
	size_t i;

	if (other->sketch != NULL) {
		stats_merge_sketch(s, other->sketch, other->sum, other->max);
		return;
	}
	for (i = 0; i < other->n; i++)
		stats_add(s, other->v[i]);
}

static int
compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
sort(struct stats *s)
{
	if (!s->sorted && s->sketch == NULL) {
		if (s->n > 1)
			qsort(s->v, s->n, sizeof(*s->v), compare_doubles);
		s->sorted = 1;
	}
}

double
stats_quantile(struct stats *s, double p, enum stats_method method)
{
	double h, lo;
	size_t k;

	if (s->n == 0)
		return NAN;
	sort(s);
	if (p <= 0)
		return ranked(s, 0);
	if (p >= 1)
		return s->sketch != NULL ? s->max : s->v[s->n - 1];
	if (method == STATS_NEAREST) {
		/* The smallest sample with at least p of them at or below. */
		k = (size_t)ceil((double)s->n * p - 1e-9);
		return ranked(s, k > 0 ? k - 1 : 0);
	}
	h = (double)(s->n - 1) * p;
	lo = floor(h);
	k = (size_t)lo;
	if (k + 1 >= s->n)
		return ranked(s, s->n - 1);
	return ranked(s, k) + (h - lo) * (ranked(s, k + 1) - ranked(s, k));
}

void
stats_summarize(struct stats *s, enum stats_method method,
    struct stats_summary *out)
{
	out->count = s->n;
	if (s->n == 0) {
		out->mean = out->median = out->p90 = out->p95 = out->max = NAN;
		return;
	}
	sort(s);
	out->mean = s->sum / (double)s->n;
	out->median = stats_quantile(s, 0.5, method);
	out->p90 = stats_quantile(s, 0.9, method);
	out->p95 = stats_quantile(s, 0.95, method);
	out->max = s->sketch != NULL ? s->max : s->v[s->n - 1];
}
