/*
 * test-runsort.c - the bounded-memory sort: spills with a tiny budget,
 * intermediate merges, big records, no records, nameless temporary files,
 * and failures to spill.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kmerge.h"
#include "runsort.h"
#include "unit.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct rec {
	struct kmerge_key key;
	char *data;
	size_t len;
};

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint64_t
next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* n records in random order with many equal ts; data names the key. */
static struct rec *
make_records(size_t n, size_t max_pad)
{
	struct rec *r = calloc(n ? n : 1, sizeof(*r));
	size_t i, pad;
	int k;

	for (i = 0; i < n; i++) {
		r[i].key.ts = (int64_t)(next_random() % 50) - 25;
		r[i].key.input = (uint32_t)(next_random() % 4);
		r[i].key.seq = i + 1;
		pad = max_pad ? (size_t)(next_random() % (max_pad + 1)) : 0;
		r[i].data = malloc(pad + 64);
		k = snprintf(r[i].data, 64, "%lld/%u/%llu",
		    (long long)r[i].key.ts, (unsigned)r[i].key.input,
		    (unsigned long long)r[i].key.seq);
		memset(r[i].data + k, 'p', pad);
		r[i].len = (size_t)k + pad;
	}
	return r;
}

static void
free_records(struct rec *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(r[i].data);
	free(r);
}

static int
cmp_rec(const void *a, const void *b)
{
	return kmerge_key_compare(&((const struct rec *)a)->key,
	    &((const struct rec *)b)->key);
}

/* Entries in dir other than . and .. */
static int
dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/*
 * Sorts recs[0..n) with the budget and max_streams and checks the result
 * against qsort.  Returns the runs spilled, or -1 after a failure.
 */
static long
sort_and_check(const char *what, struct rec *recs, size_t n, size_t memory,
    size_t max_streams, const char *tmpdir, const char *watch)
{
	struct runsort *s = runsort_new(memory, tmpdir);
	struct kmerge_source *src;
	struct kmerge m;
	struct kmerge_key key;
	struct rec *sorted;
	const char *data;
	size_t i, count, len, bad = 0, nonempty = 0;
	long spilled;
	int r;

	for (i = 0; i < n; i++) {
		if (runsort_add(s, &recs[i].key, recs[i].data, recs[i].len)
		    != 0) {
			ok(0, "%s: add #%zu (%s)", what, i, strerror(errno));
			runsort_free(s);
			return -1;
		}
		if (watch != NULL && i % 97 == 0 && dir_entries(watch) != 0)
			nonempty++;
	}
	is_int(runsort_count(s), n, "%s: count %zu", what, n);
	if (!is_int(runsort_finish(s, max_streams, &src, &count), 0,
	    "%s: finish", what)) {
		runsort_free(s);
		return -1;
	}
	ok(count <= (max_streams < 2 ? 2 : max_streams),
	    "%s: %zu streams, at most %zu", what, count, max_streams);
	if (watch != NULL && dir_entries(watch) != 0)
		nonempty++;
	spilled = (long)runsort_runs_spilled(s);

	sorted = malloc((n ? n : 1) * sizeof(*sorted));
	if (n > 0)
		memcpy(sorted, recs, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_rec);
	is_int(kmerge_init(&m, src, count), 0, "%s: merge init", what);
	for (i = 0; (r = kmerge_next(&m, &key, &data, &len)) > 0; i++) {
		if (i >= n || kmerge_key_compare(&key, &sorted[i].key) != 0 ||
		    len != sorted[i].len || memcmp(data, sorted[i].data, len))
			bad++;
	}
	is_int(r, 0, "%s: merge ends cleanly", what);
	is_int(i, n, "%s: %zu records out", what, n);
	is_int(bad, 0, "%s: exactly the sorted order and bytes", what);
	kmerge_free(&m);
	runsort_free(s);
	if (watch != NULL) {
		is_int(nonempty, 0, "%s: temporary directory empty while "
		    "sorting", what);
		is_int(dir_entries(watch), 0, "%s: and after", what);
	}
	free(sorted);
	return spilled;
}

static char tmpdir[256];

static void
test_budgets(void)
{
	struct rec *recs;
	long spilled;
	size_t n = 600;

	recs = make_records(n, 200);
	spilled = sort_and_check("4096 bytes, 64 streams", recs, n, 4096, 64,
	    NULL, tmpdir);
	ok(spilled > 1, "4096 bytes: many runs spilled (%ld)", spilled);
	spilled = sort_and_check("4096 bytes, 2 streams", recs, n, 4096, 2,
	    NULL, tmpdir);
	ok(spilled > 2, "2 streams: intermediate merges needed (%ld runs)",
	    spilled);
	spilled = sort_and_check("4096 bytes, 3 streams", recs, n, 4096, 3,
	    NULL, tmpdir);
	ok(spilled > 3, "3 streams: intermediate merges needed (%ld runs)",
	    spilled);
	spilled = sort_and_check("max_streams 0 means 2", recs, n, 4096, 0,
	    NULL, tmpdir);
	spilled = sort_and_check("1 MiB, nothing spilled", recs, n, 1 << 20, 2,
	    NULL, tmpdir);
	is_int(spilled, 0, "1 MiB: nothing spilled");
	free_records(recs, n);

	/* Enough data that 128 KiB spills several larger runs. */
	n = 5000;
	recs = make_records(n, 300);
	spilled = sort_and_check("128 KiB, 3 streams", recs, n, 128 << 10, 3,
	    NULL, tmpdir);
	ok(spilled > 3, "128 KiB: several runs (%ld)", spilled);
	free_records(recs, n);

	recs = make_records(1, 0);
	spilled = sort_and_check("one record in memory", recs, 1, 1 << 20, 2,
	    NULL, tmpdir);
	is_int(spilled, 0, "one record: nothing spilled");
	free_records(recs, 1);

	spilled = sort_and_check("zero records", NULL, 0, 4096, 2, NULL,
	    tmpdir);
	is_int(spilled, 0, "zero records: nothing spilled");
}

static void
test_big_records(void)
{
	struct rec *recs = make_records(40, 50);
	size_t i, sizes[] = { 10000, 70000, 200000, 0 };
	long spilled;

	/* Records bigger than the budget and than a run's read buffer. */
	for (i = 0; i < NELEM(sizes); i++) {
		free(recs[i * 9].data);
		recs[i * 9].data = malloc(sizes[i] + 1);
		memset(recs[i * 9].data, 'A' + (int)i, sizes[i]);
		recs[i * 9].len = sizes[i];
	}
	spilled = sort_and_check("records bigger than the budget", recs, 40,
	    4096, 2, NULL, tmpdir);
	ok(spilled > 1, "big records: spilled (%ld)", spilled);
	spilled = sort_and_check("big records in memory", recs, 40, 1 << 22,
	    2, NULL, tmpdir);
	is_int(spilled, 0, "big records in 4 MiB: nothing spilled");
	free_records(recs, 40);
}

static void
test_tmpdir_env(void)
{
	struct rec *recs = make_records(300, 100);
	long spilled;

	/* NULL tmpdir: $TMPDIR (set in main) is used; spill files never
	   have a name. */
	spilled = sort_and_check("TMPDIR from the environment", recs, 300,
	    4096, 2, NULL, tmpdir);
	ok(spilled > 1, "TMPDIR: spilled (%ld)", spilled);
	free_records(recs, 300);
}

static void
test_unwritable(void)
{
	struct kmerge_key key = { 1, 0, 1 };
	struct runsort *s;
	char path[300], data[100];
	FILE *f;
	int r, i;

	memset(data, 'x', sizeof(data));
	s = runsort_new(4096, "/nonexistent/canal-test-dir");
	errno = 0;
	for (i = 0, r = 0; i < 10 && r == 0; i++)
		r = runsort_add(s, &key, data, sizeof(data));
	is_int(r, -1, "missing tmpdir: add fails when it spills");
	is_int(errno, ENOENT, "missing tmpdir: ENOENT");
	runsort_free(s);

	snprintf(path, sizeof(path), "%s/file", tmpdir);
	f = fopen(path, "w");
	fclose(f);
	s = runsort_new(4096, path);
	errno = 0;
	for (i = 0, r = 0; i < 10 && r == 0; i++)
		r = runsort_add(s, &key, data, sizeof(data));
	is_int(r, -1, "tmpdir a regular file: add fails");
	is_int(errno, ENOTDIR, "tmpdir a regular file: ENOTDIR");
	runsort_free(s);
	unlink(path);

	/* Nothing spilled before finish: the run is written there. */
	s = runsort_new(1 << 20, "/nonexistent/canal-test-dir");
	is_int(runsort_add(s, &key, data, sizeof(data)), 0,
	    "big budget: add holds the record");
	key.seq = 2;
	is_int(runsort_add(s, &key, data, sizeof(data)), 0, "and another");
	runsort_free(s);

	/* A directory without write permission (meaningless for root). */
	snprintf(path, sizeof(path), "%s/ro", tmpdir);
	mkdir(path, 0500);
	s = runsort_new(4096, path);
	errno = 0;
	for (i = 0, r = 0; i < 10 && r == 0; i++)
		r = runsort_add(s, &key, data, sizeof(data));
	if (geteuid() == 0) {
		skip(2, "read-only tmpdir: running as root");
	} else {
		is_int(r, -1, "read-only tmpdir: add fails");
		is_int(errno, EACCES, "read-only tmpdir: EACCES");
	}
	runsort_free(s);
	rmdir(path);
}

/* The directory an error message names is the one a file is made in. */
static void
test_temp_dir(void)
{
	is_str(runsort_temp_dir("/some/dir"), "/some/dir",
	    "temp dir: the caller's first");
	is_str(runsort_temp_dir(NULL), tmpdir, "temp dir: then $TMPDIR");
	setenv("TMPDIR", "", 1);
	is_str(runsort_temp_dir(NULL), "/tmp", "temp dir: empty TMPDIR: /tmp");
	unsetenv("TMPDIR");
	is_str(runsort_temp_dir(NULL), "/tmp", "temp dir: no TMPDIR: /tmp");
	setenv("TMPDIR", tmpdir, 1);
}

/*
 * Regression: every spilled run once kept its descriptor open until
 * runsort_finish(), so more runs than the open-file limit failed in
 * runsort_add() with EMFILE.  Here 30000 records of ~200 bytes with a
 * 64 KiB budget (over 100 runs) under a limit of 64 descriptors.
 */
static void
test_many_runs_few_fds(void)
{
	struct rlimit old, low;
	struct rec *recs = make_records(30000, 300);
	long spilled;

	if (getrlimit(RLIMIT_NOFILE, &old) != 0) {
		ok(0, "getrlimit");
		free_records(recs, 30000);
		return;
	}
	low = old;
	low.rlim_cur = 64;
	setrlimit(RLIMIT_NOFILE, &low);
	spilled = sort_and_check("64 KiB budget, 64 descriptors, "
	    "6 MB", recs, 30000, 64 << 10, 8, NULL, NULL);
	setrlimit(RLIMIT_NOFILE, &old);
	ok(spilled > 64, "more runs than descriptors sorted (%ld)",
	    spilled);
	free_records(recs, 30000);
}

int
main(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/canal-runsort-XXXXXX",
	    base != NULL && *base != '\0' ? base : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		ok(0, "mkdtemp %s: %s", tmpdir, strerror(errno));
		return done_testing();
	}
	setenv("TMPDIR", tmpdir, 1);
	test_budgets();
	test_big_records();
	test_tmpdir_env();
	test_temp_dir();
	test_unwritable();
	test_many_runs_few_fds();
	ok(dir_entries(tmpdir) == 0, "nothing left in the temporary directory");
	rmdir(tmpdir);
	return done_testing();
}
