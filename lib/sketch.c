/*
 * sketch.c - DDSketch bins in two dense stores (sketch.h).
 */
#include "sketch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define ZERO_LIMIT 1e-9

static double
log_gamma(void)
{
	return log((1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA));
}

void
sketch_init(struct sketch *s)
{
	memset(s, 0, sizeof(*s));
}

void
sketch_free(struct sketch *s)
{
	free(s->pos.count);
	free(s->neg.count);
	sketch_init(s);
}

/* Makes room in the store for index, keeping its counts. */
static uint64_t *
slot(struct sketch_store *st, int32_t index)
{
	int64_t lo, hi;
	size_t n;
	uint64_t *c;

	if (st->n == 0) {
		st->count = xcalloc(1, sizeof(*st->count));
		st->first = index;
		st->n = 1;
	} else if (index < st->first ||
	    (int64_t)index >= (int64_t)st->first + (int64_t)st->n) {
		lo = index < st->first ? index : st->first;
		hi = (int64_t)index >= (int64_t)st->first + (int64_t)st->n ?
		    index : (int64_t)st->first + (int64_t)st->n - 1;
		n = (size_t)(hi - lo + 1);
		c = xcalloc(n, sizeof(*c));
		memcpy(c + (st->first - lo), st->count,
		    st->n * sizeof(*c));
		free(st->count);
		st->count = c;
		st->first = (int32_t)lo;
		st->n = n;
	}
	return &st->count[index - st->first];
}

static int32_t
index_of(double v)
{
	double i = ceil(log(v) / log_gamma());

	/* Far beyond any duration: clamp rather than overflow. */
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
	if (fabs(v) <= ZERO_LIMIT)
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
		*slot(sign > 0 ? &s->pos : &s->neg, index) += count;
	s->total += count;
}

void
sketch_merge(struct sketch *s, const struct sketch *other)
{
	size_t i;

	for (i = 0; i < other->neg.n; i++)
		sketch_add_bin(s, -1, other->neg.first + (int32_t)i,
		    other->neg.count[i]);
	sketch_add_bin(s, 0, 0, other->zero);
	for (i = 0; i < other->pos.n; i++)
		sketch_add_bin(s, 1, other->pos.first + (int32_t)i,
		    other->pos.count[i]);
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
	double gamma = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);

	return 2 * exp((double)index * log_gamma()) / (gamma + 1);
}

struct rank_walk {
	uint64_t rank, seen;
	double value;
	int found;
};

static void
rank_step(void *ctx, int sign, int32_t index, uint64_t count)
{
	struct rank_walk *w = ctx;

	if (w->found)
		return;
	if (w->rank < w->seen + count) {
		w->value = sign == 0 ? 0 : sign * bin_value(index);
		w->found = 1;
	}
	w->seen += count;
}

double
sketch_rank_value(const struct sketch *s, uint64_t r)
{
	struct rank_walk w = { r, 0, NAN, 0 };

	if (r >= s->total)
		return NAN;
	sketch_each_bin(s, rank_step, &w);
	return w.value;
}

void
sketch_each_bin(const struct sketch *s,
    void (*each)(void *ctx, int sign, int32_t index, uint64_t count),
    void *ctx)
{
	size_t i;

	/* The most negative values have the largest indexes of -v. */
	for (i = s->neg.n; i-- > 0;)
		if (s->neg.count[i] > 0)
			each(ctx, -1, s->neg.first + (int32_t)i,
			    s->neg.count[i]);
	if (s->zero > 0)
		each(ctx, 0, 0, s->zero);
	for (i = 0; i < s->pos.n; i++)
		if (s->pos.count[i] > 0)
			each(ctx, 1, s->pos.first + (int32_t)i,
			    s->pos.count[i]);
}
