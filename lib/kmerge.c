/*
 * kmerge.c - binary min-heap of stream heads.
 */
#include "kmerge.h"

#include <stdlib.h>

#include "util.h"

int
kmerge_key_compare(const struct kmerge_key *a, const struct kmerge_key *b)
{
	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	if (a->input != b->input)
		return a->input < b->input ? -1 : 1;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return 0;
}

static void
sift_down(struct kmerge *m, size_t i)
{
	struct kmerge_source *top = m->heap[i];
	size_t child;

	for (;;) {
		child = 2 * i + 1;
		if (child >= m->count)
			break;
		if (child + 1 < m->count && kmerge_key_compare(
		    &m->heap[child + 1]->key, &m->heap[child]->key) < 0)
			child++;
		if (kmerge_key_compare(&m->heap[child]->key, &top->key) >= 0)
			break;
		m->heap[i] = m->heap[child];
		i = child;
	}
	m->heap[i] = top;
}

/* Reads src's next record; 1, 0 at its end, -1 on error. */
static int
advance(struct kmerge_source *src)
{
	return src->next(src->ctx, &src->key, &src->data, &src->len);
}

int
kmerge_init(struct kmerge *m, struct kmerge_source *sources, size_t n)
{
	size_t i;
	int r;

	m->heap = xreallocarray(NULL, n, sizeof(*m->heap));
	m->count = 0;
	m->last = NULL;
	for (i = 0; i < n; i++) {
		if ((r = advance(&sources[i])) < 0)
			return -1;
		if (r > 0)
			m->heap[m->count++] = &sources[i];
	}
	for (i = m->count / 2; i-- > 0;)
		sift_down(m, i);
	return 0;
}

int
kmerge_next(struct kmerge *m, struct kmerge_key *key, const char **data,
    size_t *len)
{
	int r;

	if (m->last != NULL) {
		m->last = NULL;
		if ((r = advance(m->heap[0])) < 0)
			return -1;
		if (r == 0)
			m->heap[0] = m->heap[--m->count];
		if (m->count > 0)
			sift_down(m, 0);
	}
	if (m->count == 0)
		return 0;
	m->last = m->heap[0];
	*key = m->last->key;
	*data = m->last->data;
	*len = m->last->len;
	return 1;
}

const struct kmerge_source *
kmerge_last(const struct kmerge *m)
{
	return m->last;
}

void
kmerge_free(struct kmerge *m)
{
	free(m->heap);
	m->heap = NULL;
	m->count = 0;
}
