/*
 * runsort.c - bounded-memory sorting with spilled runs.
 *
 * A run file is a sequence of records, each a fixed header (key and length,
 * in this machine's byte order: runs never leave the process) followed by
 * the record's bytes.
 */
#include "runsort.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "jsonl.h"
#include "output.h"
#include "util.h"

#define CHUNK_SIZE ((size_t)1 << 20)	/* largest arena chunk */
#define RUN_BUF_SIZE ((size_t)1 << 16)	/* read buffer per run */

struct entry {
	struct kmerge_key key;
	const char *data;
	size_t len;
};

struct run_header {
	int64_t ts;
	uint64_t seq;
	uint64_t len;
	uint32_t input;
	uint32_t pad;
};

struct run {
	int fd;
	char *buf;
	size_t cap, start, end;
};

struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

struct runsort {
	size_t memory;
	char *tmpdir;
	/* in memory */
	struct entry *entries;
	size_t count, cap;
	struct chunk *chunks;
	size_t chunk_bytes;		/* bytes of arena chunks held */
	size_t chunk_size;		/* arena chunk for small records */
	size_t next_mem;		/* stream position in entries */
	/* spilled */
	struct run *runs;
	size_t nruns, runs_cap;
	size_t spilled;
	size_t max_runs;		/* open runs before they are merged */
	uint64_t added;
	struct kmerge_source *sources;
};

/*
 * How many runs may be open at once: half the descriptors this process may
 * have (the other half is its caller's), at most 512.
 */
static size_t
run_limit(void)
{
	struct rlimit rl;
	rlim_t n = 512;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		n = rl.rlim_cur / 2 > 16 ? rl.rlim_cur / 2 - 8 : 8;
	return n > 512 ? 512 : (size_t)n;
}

struct runsort *
runsort_new(size_t memory, const char *tmpdir)
{
	struct runsort *s = xcalloc(1, sizeof(*s));
	const char *env = getenv("TMPDIR");

	s->memory = memory;
	s->chunk_size = memory / 16 < CHUNK_SIZE ? memory / 16 : CHUNK_SIZE;
	if (s->chunk_size < 4096)
		s->chunk_size = 4096;
	if (tmpdir == NULL)
		tmpdir = env != NULL && *env != '\0' ? env : "/tmp";
	s->tmpdir = xstrdup(tmpdir);
	s->max_runs = run_limit();
	return s;
}

static void
free_chunks(struct runsort *s)
{
	struct chunk *c, *next;

	for (c = s->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	s->chunks = NULL;
}

/* Copies a record into the arena; big records get a chunk of their own. */
static const char *
store(struct runsort *s, const char *data, size_t len)
{
	struct chunk *c = s->chunks;
	size_t cap;

	if (c == NULL || c->cap - c->used < len) {
		cap = len > s->chunk_size / 4 ? len : s->chunk_size;
		c = xmalloc(sizeof(*c) + cap);
		c->used = 0;
		c->cap = cap;
		s->chunk_bytes += cap;
		if (len > s->chunk_size / 4 && s->chunks != NULL) {
			/* keep filling the current small-record chunk */
			c->next = s->chunks->next;
			s->chunks->next = c;
		} else {
			c->next = s->chunks;
			s->chunks = c;
		}
	}
	memcpy(c->data + c->used, data, len);
	c->used += len;
	return c->data + c->used - len;
}

static int merge_runs(struct runsort *s, size_t first, size_t n);

static int
compare_entries(const void *a, const void *b)
{
	return kmerge_key_compare(&((const struct entry *)a)->key,
	    &((const struct entry *)b)->key);
}

const char *
runsort_temp_dir(const char *dir)
{
	const char *env = getenv("TMPDIR");

	if (dir != NULL)
		return dir;
	return env != NULL && *env != '\0' ? env : "/tmp";
}

int
runsort_temp_file(const char *dir)
{
	size_t n;
	char *path;
	int fd, saved;

	dir = runsort_temp_dir(dir);
	n = strlen(dir);

#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
		return -1;
#endif
	path = xmalloc(n + sizeof("/canal-sort-XXXXXX"));
	memcpy(path, dir, n);
	memcpy(path + n, "/canal-sort-XXXXXX", sizeof("/canal-sort-XXXXXX"));
	/* Signals held between the two calls, so that no signal ends the
	   run while the file still has a name. */
	output_temp_hold(1);
	fd = mkostemp(path, O_CLOEXEC);
	saved = errno;
	if (fd >= 0)
		unlink(path);
	output_temp_hold(0);
	free(path);
	errno = saved;
	return fd;
}

static struct run *
new_run(struct runsort *s, int fd)
{
	struct run *r;

	if (s->nruns == s->runs_cap) {
		s->runs_cap = s->runs_cap ? s->runs_cap * 2 : 16;
		s->runs = xreallocarray(s->runs, s->runs_cap, sizeof(*s->runs));
	}
	r = &s->runs[s->nruns++];
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	return r;
}

static int
write_record(struct jsonl_writer *w, const struct kmerge_key *key,
    const char *data, size_t len)
{
	struct run_header h;

	memset(&h, 0, sizeof(h));
	h.ts = key->ts;
	h.seq = key->seq;
	h.input = key->input;
	h.len = len;
	if (jsonl_writer_write(w, (const char *)&h, sizeof(h)) != 0 ||
	    jsonl_writer_write(w, data, len) != 0) {
		errno = w->error;
		return -1;
	}
	return 0;
}

static int
finish_run_file(struct jsonl_writer *w, int fd)
{
	int r = jsonl_writer_flush(w);

	if (r != 0)
		errno = w->error;
	jsonl_writer_free(w);
	if (r == 0 && lseek(fd, 0, SEEK_SET) != 0)
		r = -1;
	return r;
}

/* Sorts the records held in memory and writes them out as one run. */
static int
spill(struct runsort *s)
{
	struct jsonl_writer w;
	size_t i;
	int fd;

	if (s->count == 0)
		return 0;
	qsort(s->entries, s->count, sizeof(*s->entries), compare_entries);
	if ((fd = runsort_temp_file(s->tmpdir)) < 0)
		return -1;
	jsonl_writer_init(&w, fd, 0);
	for (i = 0; i < s->count; i++)
		if (write_record(&w, &s->entries[i].key, s->entries[i].data,
		    s->entries[i].len) != 0)
			break;
	if (i < s->count || finish_run_file(&w, fd) != 0) {
		int saved = errno;

		if (i < s->count)
			jsonl_writer_free(&w);
		close(fd);
		errno = saved;
		return -1;
	}
	new_run(s, fd);
	s->spilled++;
	s->count = 0;
	free_chunks(s);
	s->chunk_bytes = 0;
	/* Too many open runs: merge the oldest half into one. */
	if (s->nruns >= s->max_runs)
		return merge_runs(s, 0, s->nruns / 2 + 1);
	return 0;
}

int
runsort_add(struct runsort *s, const struct kmerge_key *key,
    const char *data, size_t len)
{
	struct entry *e;

	if (s->count == s->cap) {
		/* The sorting array may take half the budget at most. */
		if (s->cap > 0 && 2 * s->cap * sizeof(*s->entries) >
		    s->memory / 2) {
			if (spill(s) != 0)
				return -1;
		} else {
			s->cap = s->cap ? s->cap * 2 : 1024;
			s->entries = xreallocarray(s->entries, s->cap,
			    sizeof(*s->entries));
		}
	}
	e = &s->entries[s->count++];
	e->key = *key;
	e->len = len;
	e->data = store(s, data, len);
	s->added++;
	/* The budget covers the records and the array that sorts them. */
	if (s->chunk_bytes + s->cap * sizeof(*s->entries) > s->memory)
		return spill(s);
	return 0;
}

void
runsort_limit_runs(struct runsort *s, size_t n)
{
	if (n < 3)
		n = 3;
	if (n < s->max_runs)
		s->max_runs = n;
}

uint64_t
runsort_count(const struct runsort *s)
{
	return s->added;
}

size_t
runsort_runs_spilled(const struct runsort *s)
{
	return s->spilled;
}

/* Makes sure the whole next record of r is in its buffer. */
static int
run_fill(struct run *r, size_t need)
{
	ssize_t n;

	if (r->end - r->start >= need)
		return 1;
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (need > r->cap) {
		r->cap = need > 2 * r->cap ? need : 2 * r->cap;
		r->buf = xrealloc(r->buf, r->cap);
	}
	while (r->end < need) {
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return r->end == 0 ? 0 : (errno = EIO, -1);
		r->end += (size_t)n;
	}
	return 1;
}

static int
run_next(void *ctx, struct kmerge_key *key, const char **data, size_t *len)
{
	struct run *r = ctx;
	struct run_header h;
	int got;

	if (r->buf == NULL) {
		r->cap = RUN_BUF_SIZE;
		r->buf = xmalloc(r->cap);
	}
	if ((got = run_fill(r, sizeof(h))) <= 0)
		return got;
	memcpy(&h, r->buf + r->start, sizeof(h));
	if (run_fill(r, sizeof(h) + h.len) <= 0) {
		errno = EIO;
		return -1;
	}
	key->ts = h.ts;
	key->seq = h.seq;
	key->input = h.input;
	*data = r->buf + r->start + sizeof(h);
	*len = (size_t)h.len;
	r->start += sizeof(h) + h.len;
	return 1;
}

static int
memory_next(void *ctx, struct kmerge_key *key, const char **data, size_t *len)
{
	struct runsort *s = ctx;
	const struct entry *e;

	if (s->next_mem >= s->count)
		return 0;
	e = &s->entries[s->next_mem++];
	*key = e->key;
	*data = e->data;
	*len = e->len;
	return 1;
}

static void
close_run(struct run *r)
{
	close(r->fd);
	free(r->buf);
	r->buf = NULL;
	r->fd = -1;
}

/* Merges runs[first .. first+n) into one new run at the end of the list. */
static int
merge_runs(struct runsort *s, size_t first, size_t n)
{
	struct kmerge_source *src = xcalloc(n, sizeof(*src));
	struct kmerge m;
	struct kmerge_key key;
	struct jsonl_writer w;
	const char *data;
	size_t i, len;
	int fd, r = -1, got = -1, saved;

	if ((fd = runsort_temp_file(s->tmpdir)) < 0) {
		free(src);
		return -1;
	}
	for (i = 0; i < n; i++) {
		src[i].next = run_next;
		src[i].ctx = &s->runs[first + i];
	}
	jsonl_writer_init(&w, fd, 0);
	if (kmerge_init(&m, src, n) == 0) {
		while ((got = kmerge_next(&m, &key, &data, &len)) > 0)
			if (write_record(&w, &key, data, len) != 0)
				break;
		if (got == 0)
			r = finish_run_file(&w, fd);
	}
	saved = errno;
	if (r != 0 && got != 0)
		jsonl_writer_free(&w);
	kmerge_free(&m);
	free(src);
	for (i = 0; i < n; i++)
		close_run(&s->runs[first + i]);
	if (r != 0) {
		close(fd);
		errno = saved;
		return -1;
	}
	memmove(&s->runs[first], &s->runs[first + n],
	    (s->nruns - first - n) * sizeof(*s->runs));
	s->nruns -= n;
	new_run(s, fd);
	return 0;
}

int
runsort_finish(struct runsort *s, size_t max_streams,
    struct kmerge_source **sources, size_t *count)
{
	size_t i, n;

	if (max_streams < 3)
		max_streams = 3;
	/* What is still held stays in memory as one more stream: writing it
	   out only to read it back would cost time and save nothing. */
	while (s->nruns > max_streams - 1) {
		/* Merge the oldest runs first, so that each pass reads every
		   record at most once more. */
		n = s->nruns - (max_streams - 1) + 1;
		if (n > max_streams)
			n = max_streams;
		if (merge_runs(s, 0, n) != 0)
			return -1;
	}
	if (s->count > 0)
		qsort(s->entries, s->count, sizeof(*s->entries),
		    compare_entries);
	s->next_mem = 0;
	n = s->nruns + (s->count > 0);
	s->sources = xcalloc(n ? n : 1, sizeof(*s->sources));
	for (i = 0; i < s->nruns; i++) {
		s->sources[i].next = run_next;
		s->sources[i].ctx = &s->runs[i];
	}
	if (s->count > 0) {
		s->sources[s->nruns].next = memory_next;
		s->sources[s->nruns].ctx = s;
	}
	*sources = s->sources;
	*count = n;
	return 0;
}

void
runsort_free(struct runsort *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nruns; i++)
		if (s->runs[i].fd >= 0)
			close_run(&s->runs[i]);
	free(s->runs);
	free(s->entries);
	free_chunks(s);
	free(s->sources);
	free(s->tmpdir);
	free(s);
}
