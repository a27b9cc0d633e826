/*
 * stats.c - exact statistics of durations (stats.h).
 */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
	stats_init(s);
}

void
stats_add(struct stats *s, double v)
{
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
	if (!s->sorted) {
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
		return s->v[0];
	if (p >= 1)
		return s->v[s->n - 1];
	if (method == STATS_NEAREST) {
		/* The smallest sample with at least p of them at or below. */
		k = (size_t)ceil((double)s->n * p - 1e-9);
		return s->v[k > 0 ? k - 1 : 0];
	}
	h = (double)(s->n - 1) * p;
	lo = floor(h);
	k = (size_t)lo;
	if (k + 1 >= s->n)
		return s->v[s->n - 1];
	return s->v[k] + (h - lo) * (s->v[k + 1] - s->v[k]);
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
	out->max = s->v[s->n - 1];
}
