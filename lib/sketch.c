/*
 * sketch.c - DDSketch bins in two sparse stores sorted by index
 * (sketch.h).
 */
#include "sketch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define ZERO_LIMIT 1e-9

static double
gamma_of_alpha(void)
{
	return (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
}

void
sketch_init(struct sketch *s)
{
	memset(s, 0, sizeof(*s));
}

void
sketch_free(struct sketch *s)
{
	free(s->pos.bin);
	free(s->neg.bin);
	sketch_init(s);
}

/* The position of the first bin of st whose index is at least index. */
static size_t
find(const struct sketch_store *st, int32_t index)
{
	size_t lo = 0, hi = st->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (st->bin[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
store_add(struct sketch_store *st, int32_t index, uint64_t count)
{
	size_t at = find(st, index);

	if (at < st->n && st->bin[at].index == index) {
		st->bin[at].count += count;
		return;
	}
	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 16;
		st->bin = xreallocarray(st->bin, st->cap, sizeof(*st->bin));
	}
	memmove(&st->bin[at + 1], &st->bin[at],
	    (st->n - at) * sizeof(*st->bin));
	st->bin[at].index = index;
	st->bin[at].count = count;
	st->n++;
}

/* Adds the bins of src to dst in one pass; src may be dst. */
static void
store_merge(struct sketch_store *dst, const struct sketch_store *src)
{
	struct sketch_bin *a = dst->bin, *b = src->bin, *m;
	size_t na = dst->n, nb = src->n, i = 0, j = 0, k = 0;

	if (nb == 0)
		return;
	m = xreallocarray(NULL, na + nb, sizeof(*m));
	while (i < na || j < nb) {
		if (j == nb || (i < na && a[i].index < b[j].index))
			m[k++] = a[i++];
		else if (i == na || b[j].index < a[i].index)
			m[k++] = b[j++];
		else {
			m[k].index = a[i].index;
			m[k++].count = a[i++].count + b[j++].count;
		}
	}
	free(dst->bin);
	dst->bin = m;
	dst->n = k;
	dst->cap = na + nb;
}

static int32_t
index_of(double v)
{
	double i = ceil(log(v) / log(gamma_of_alpha()));

	/* Only infinities get this far: clamp rather than overflow. */
	if (i > SKETCH_MAX_INDEX)
		i = SKETCH_MAX_INDEX;
	if (i < -SKETCH_MAX_INDEX)
		i = -SKETCH_MAX_INDEX;
	return (int32_t)i;
}

void
sketch_add(struct sketch *s, double v)
{
	if (isnan(v))
		return;
	if (fabs(v) < ZERO_LIMIT)
		sketch_add_bin(s, 0, 0, 1);
	else if (v > 0)
		sketch_add_bin(s, 1, index_of(v), 1);
	else
		sketch_add_bin(s, -1, index_of(-v), 1);
}

void
sketch_add_bin(struct sketch *s, int sign, int32_t index, uint64_t count)
{
	if (count == 0)
		return;
	if (sign == 0)
		s->zero += count;
	else
		store_add(sign > 0 ? &s->pos : &s->neg, index, count);
	s->total += count;
}

void
sketch_merge(struct sketch *s, const struct sketch *other)
{
	store_merge(&s->neg, &other->neg);
	store_merge(&s->pos, &other->pos);
	s->zero += other->zero;
	s->total += other->total;
}

uint64_t
sketch_count(const struct sketch *s)
{
	return s->total;
}

/* What bin index stands for: within ALPHA of all it holds. */
static double
bin_value(int32_t index)
{
	double g = gamma_of_alpha();

	return 2 * exp((double)index * log(g)) / (g + 1);
}

double
sketch_rank_value(const struct sketch *s, uint64_t r)
{
	size_t i;

	if (r >= s->total)
		return NAN;
	/* The most negative values have the largest indexes of -v. */
	for (i = s->neg.n; i-- > 0;) {
		if (r < s->neg.bin[i].count)
			return -bin_value(s->neg.bin[i].index);
		r -= s->neg.bin[i].count;
	}
	if (r < s->zero)
		return 0;
	r -= s->zero;
	for (i = 0; i < s->pos.n; i++) {
		if (r < s->pos.bin[i].count)
			return bin_value(s->pos.bin[i].index);
		r -= s->pos.bin[i].count;
	}
	return NAN;	/* counts that do not add up to total: not reached */
}

double
sketch_quantile(const struct sketch *s, double p, int nearest)
{
	uint64_t n = s->total, k;
	double h, lo, a, b;

	if (n == 0 || isnan(p))
		return NAN;
	if (p <= 0)
		return sketch_rank_value(s, 0);
	if (p >= 1)
		return sketch_rank_value(s, n - 1);
	if (nearest) {
		/* As stats.c: 10 * 0.9 is 9, not 9.000000000000002. */
		k = (uint64_t)ceil((double)n * p - 1e-9);
		return sketch_rank_value(s, k > 0 ? k - 1 : 0);
	}
	h = (double)(n - 1) * p;
	lo = floor(h);
	k = (uint64_t)lo;
	if (k + 1 >= n)
		return sketch_rank_value(s, n - 1);
	a = sketch_rank_value(s, k);
	b = sketch_rank_value(s, k + 1);
	return a + (h - lo) * (b - a);
}

void
sketch_each_bin(const struct sketch *s,
    void (*each)(void *ctx, int sign, int32_t index, uint64_t count),
    void *ctx)
{
	size_t i;

	for (i = s->neg.n; i-- > 0;)
		each(ctx, -1, s->neg.bin[i].index, s->neg.bin[i].count);
	if (s->zero > 0)
		each(ctx, 0, 0, s->zero);
	for (i = 0; i < s->pos.n; i++)
		each(ctx, 1, s->pos.bin[i].index, s->pos.bin[i].count);
}
