/*
 * test-kmerge.c - k-way merge of ordered streams: order by (ts, input,
 * seq), ties across and within sources, empty sources, errors.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmerge.h"
#include "unit.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct rec {
	int64_t ts;
	uint32_t input;
	uint64_t seq;
	const char *data;
};

/* An in-memory source; fail_at >= 0 makes that call fail. */
struct memsrc {
	const struct rec *recs;
	size_t n, i;
	int calls, fail_at;
};

static int
mem_next(void *ctx, struct kmerge_key *key, const char **data, size_t *len)
{
	struct memsrc *m = ctx;

	if (m->calls++ == m->fail_at) {
		errno = EIO;
		return -1;
	}
	if (m->i >= m->n)
		return 0;
	key->ts = m->recs[m->i].ts;
	key->input = m->recs[m->i].input;
	key->seq = m->recs[m->i].seq;
	*data = m->recs[m->i].data;
	*len = strlen(m->recs[m->i].data);
	m->i++;
	return 1;
}

static void
setup(struct kmerge_source *src, struct memsrc *ms, const struct rec *recs,
    size_t n)
{
	memset(ms, 0, sizeof(*ms));
	ms->recs = recs;
	ms->n = n;
	ms->fail_at = -1;
	memset(src, 0, sizeof(*src));
	src->next = mem_next;
	src->ctx = ms;
}

/* Merges everything and joins the data with spaces. */
static char *
merge_all(struct kmerge_source *src, size_t n, int *status)
{
	struct kmerge m;
	struct kmerge_key key, prev = { INT64_MIN, 0, 0 };
	const char *data;
	size_t len, o = 0;
	char *out = malloc(4096);
	int r, disorder = 0;

	out[0] = '\0';
	if ((*status = kmerge_init(&m, src, n)) != 0) {
		kmerge_free(&m);
		return out;
	}
	while ((r = kmerge_next(&m, &key, &data, &len)) > 0) {
		if (kmerge_key_compare(&prev, &key) > 0)
			disorder = 1;
		prev = key;
		if (o + len + 2 < 4096) {
			if (o > 0)
				out[o++] = ' ';
			memcpy(out + o, data, len);
			o += len;
			out[o] = '\0';
		}
	}
	*status = r != 0 ? r : disorder ? -9 : 0;
	kmerge_free(&m);
	return out;
}

static void
test_compare(void)
{
	static const struct {
		struct kmerge_key a, b;
		int want;
	} cases[] = {
		{ { 1, 0, 0 }, { 2, 0, 0 }, -1 },
		{ { 2, 0, 0 }, { 1, 0, 0 }, 1 },
		{ { 1, 0, 0 }, { 1, 0, 0 }, 0 },
		{ { 1, 0, 9 }, { 1, 1, 0 }, -1 },
		{ { 1, 2, 0 }, { 1, 1, 9 }, 1 },
		{ { 1, 1, 1 }, { 1, 1, 2 }, -1 },
		{ { 1, 1, 3 }, { 1, 1, 2 }, 1 },
		{ { -5, 9, 9 }, { 0, 0, 0 }, -1 },
		{ { INT64_MIN, 0, 0 }, { INT64_MAX, 0, 0 }, -1 },
		{ { INT64_MAX, 0, 0 }, { INT64_MIN, 0, 0 }, 1 },
		{ { 0, UINT32_MAX, 0 }, { 0, 0, 0 }, 1 },
		{ { 0, 0, UINT64_MAX }, { 0, 0, 1 }, 1 },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++)
		is_int(kmerge_key_compare(&cases[i].a, &cases[i].b),
		    cases[i].want, "compare #%zu", i);
}

static void
test_ties(void)
{
	static const struct rec a[] = {
		{ 1, 0, 1, "a1" }, { 2, 0, 2, "a2" }, { 2, 0, 3, "a3" },
		{ 5, 0, 4, "a5" },
	};
	static const struct rec b[] = {
		{ 2, 1, 1, "b2" }, { 2, 1, 2, "b2'" }, { 3, 1, 3, "b3" },
	};
	static const struct rec c[] = {
		{ 0, 2, 1, "c0" }, { 2, 2, 5, "c2" }, { 9, 2, 6, "c9" },
	};
	struct kmerge_source src[4];
	struct memsrc ms[4];
	char *got;
	int st;

	setup(&src[0], &ms[0], a, NELEM(a));
	setup(&src[1], &ms[1], b, NELEM(b));
	setup(&src[2], &ms[2], c, NELEM(c));
	setup(&src[3], &ms[3], NULL, 0);
	got = merge_all(src, 4, &st);
	is_int(st, 0, "three sources and an empty one merge");
	is_str(got, "c0 a1 a2 a3 b2 b2' c2 b3 a5 c9",
	    "ties broken by input, then seq");
	free(got);

	/* Sources in reverse array order: the key's input decides, not the
	   place in the array. */
	setup(&src[0], &ms[0], c, NELEM(c));
	setup(&src[1], &ms[1], b, NELEM(b));
	setup(&src[2], &ms[2], a, NELEM(a));
	got = merge_all(src, 3, &st);
	is_str(got, "c0 a1 a2 a3 b2 b2' c2 b3 a5 c9",
	    "order independent of the array order");
	free(got);

	setup(&src[0], &ms[0], b, NELEM(b));
	got = merge_all(src, 1, &st);
	is_int(st, 0, "one source");
	is_str(got, "b2 b2' b3", "one source passes through");
	free(got);

	got = merge_all(src, 0, &st);
	is_int(st, 0, "no sources");
	is_str(got, "", "no sources: nothing");
	free(got);

	setup(&src[0], &ms[0], NULL, 0);
	setup(&src[1], &ms[1], NULL, 0);
	got = merge_all(src, 2, &st);
	is_int(st, 0, "only empty sources");
	is_str(got, "", "only empty sources: nothing");
	free(got);
}

static void
test_errors(void)
{
	static const struct rec a[] = {
		{ 1, 0, 1, "a1" }, { 3, 0, 2, "a3" }, { 5, 0, 3, "a5" },
	};
	static const struct rec b[] = {
		{ 2, 1, 1, "b2" }, { 4, 1, 2, "b4" },
	};
	struct kmerge_source src[2];
	struct memsrc ms[2];
	struct kmerge m;
	struct kmerge_key key;
	const char *data;
	size_t len;
	int n = 0, r;

	setup(&src[0], &ms[0], a, NELEM(a));
	setup(&src[1], &ms[1], b, NELEM(b));
	ms[1].fail_at = 0;
	is_int(kmerge_init(&m, src, 2), -1, "error on the first read: init "
	    "fails");
	kmerge_free(&m);

	setup(&src[0], &ms[0], a, NELEM(a));
	setup(&src[1], &ms[1], b, NELEM(b));
	ms[0].fail_at = 2;	/* a's third call: after a1, a3 */
	is_int(kmerge_init(&m, src, 2), 0, "init");
	while ((r = kmerge_next(&m, &key, &data, &len)) > 0)
		n++;
	is_int(r, -1, "a source's error ends the merge with -1");
	is_int(n, 3, "records before the error: a1 b2 a3");
	is_int(errno, EIO, "errno from the source");
	kmerge_free(&m);
}

/* Many sources of random sorted records against a sort of them all. */
static int
cmp_rec(const void *x, const void *y)
{
	const struct rec *a = x, *b = y;
	struct kmerge_key ka = { a->ts, a->input, a->seq };
	struct kmerge_key kb = { b->ts, b->input, b->seq };

	return kmerge_key_compare(&ka, &kb);
}

static void
test_random(void)
{
	enum { NSRC = 37, PER = 200 };
	static struct rec recs[NSRC][PER], all[NSRC * PER];
	static char names[NSRC * PER][16];
	struct kmerge_source src[NSRC];
	struct memsrc ms[NSRC];
	struct kmerge m;
	struct kmerge_key key;
	const char *data;
	uint64_t x = 88172645463325252u;
	size_t i, j, k = 0, n, len, bad = 0;
	int64_t ts;
	int r;

	for (i = 0; i < NSRC; i++) {
		ts = -50;
		n = (i * 7) % PER;	/* some sources are short or empty */
		for (j = 0; j < n; j++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			ts += (int64_t)(x % 3);	/* many equal ts */
			snprintf(names[k], sizeof(names[k]), "%zu.%zu", i, j);
			recs[i][j].ts = ts;
			recs[i][j].input = (uint32_t)(NSRC - i);
			recs[i][j].seq = j + 1;
			recs[i][j].data = names[k];
			all[k++] = recs[i][j];
		}
		setup(&src[i], &ms[i], recs[i], n);
	}
	qsort(all, k, sizeof(all[0]), cmp_rec);
	is_int(kmerge_init(&m, src, NSRC), 0, "random: init");
	for (i = 0; (r = kmerge_next(&m, &key, &data, &len)) > 0; i++)
		if (i >= k || strlen(all[i].data) != len ||
		    memcmp(all[i].data, data, len) != 0)
			bad++;
	is_int(r, 0, "random: ends with 0");
	is_int(i, k, "random: %zu records out", k);
	is_int(bad, 0, "random: exactly the sorted order");
	is_int(kmerge_next(&m, &key, &data, &len), 0, "0 again after the end");
	kmerge_free(&m);
}

int
main(void)
{
	test_compare();
	test_ties();
	test_errors();
	test_random();
	return done_testing();
}
