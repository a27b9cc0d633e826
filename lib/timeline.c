/*
 * timeline.c - validate, sort what is unsorted, merge, de-duplicate.
 */
#include "timeline.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "event.h"
#include "hash.h"
#include "kmerge.h"
#include "notefile.h"
#include "runsort.h"
#include "scan.h"
#include "util.h"

#define READ_BUF_SIZE ((size_t)1 << 18)
#define MERGE_BUF_SIZE ((size_t)1 << 16)

/* The sorted, valid prefix of a regular file, merged from the file. */
struct direct {
	int fd;
	char *name;
	uint32_t input;
	uint64_t limit;		/* bytes of the prefix */
	int64_t last_ts;
	struct jsonl_reader r;
	int reading;
	struct notefile *notes_file;	/* NULL: no notes kept */
	uint64_t first_note, notes;	/* its events' notes there */
	struct notefile_cursor cursor;
	const void *note;	/* of the line read last, or NULL */
};

/*
 * The ids written at the current instant.  A slot is in use when its
 * generation is the current one, so forgetting them all is O(1).
 */
struct idset {
	struct id_slot {
		uint64_t hash;
		size_t off, len;
		uint32_t gen;
	} *slots;
	size_t cap, count;
	uint32_t gen;
	char *bytes;
	size_t used, bytes_cap;
};

struct timeline {
	struct timeline_options opts;
	struct diag *d;
	struct runsort *sort;
	struct direct *direct;
	size_t ndirect, direct_cap, max_streams;
	uint32_t ninputs;
	struct event_view ev;
	struct idset seen;
	struct runsort *ranked;		/* with hooks.rank: the output's sort */
	struct notefile *notes;		/* hooks' notes of prefix events */
	unsigned char note[TIMELINE_NOTE_SIZE];
	uint64_t ranked_seq;
	char *decoded;
	size_t decoded_cap;
	char error[512];
};

static size_t
stream_limit(void)
{
	struct rlimit rl;
	rlim_t n = 256;

	/* Keep some descriptors for stdio, the output and the rejects. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		n = rl.rlim_cur > 64 ? rl.rlim_cur - 32 :
		    rl.rlim_cur > 16 ? rl.rlim_cur - 8 : 8;
	return n > 1024 ? 1024 : (size_t)n;
}

struct timeline *
timeline_new(const struct timeline_options *opts, struct diag *d)
{
	struct timeline *t = xcalloc(1, sizeof(*t));

	t->opts = *opts;
	t->d = d;
	t->max_streams = stream_limit();
	if (opts->hooks.rank == NULL)
		t->sort = runsort_new(opts->memory, opts->tmpdir);
	else {
		/* Two sorts share the budget: the ranked one fills while the
		   first one's merge is open, so each gets half the memory and
		   half the descriptors. */
		t->max_streams /= 2;
		t->sort = runsort_new(opts->memory / 2, opts->tmpdir);
		t->ranked = runsort_new(opts->memory / 2, opts->tmpdir);
		runsort_limit_runs(t->sort, t->max_streams - 2);
		runsort_limit_runs(t->ranked, t->max_streams - 2);
	}
	event_view_init(&t->ev);
	t->seen.gen = 1;
	if (opts->hooks.seen != NULL && opts->hooks.emit != NULL &&
	    !opts->scan_only)
		t->notes = notefile_new(TIMELINE_NOTE_SIZE, opts->tmpdir);
	return t;
}

void
timeline_free(struct timeline *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ndirect; i++) {
		close(t->direct[i].fd);
		free(t->direct[i].name);
		jsonl_reader_free(&t->direct[i].r);
		notefile_cursor_free(&t->direct[i].cursor);
	}
	notefile_free(t->notes);
	free(t->direct);
	runsort_free(t->sort);
	runsort_free(t->ranked);
	event_view_free(&t->ev);
	free(t->seen.slots);
	free(t->seen.bytes);
	free(t->decoded);
	free(t);
}

const char *
timeline_error(const struct timeline *t)
{
	return t->error;
}

static enum timeline_status
failed(struct timeline *t, const char *what, int errnum)
{
	snprintf(t->error, sizeof(t->error), "%s: %s", what, strerror(errnum));
	return TIMELINE_FAILED;
}

/* A temporary file could not be made, written or read: says where. */
static enum timeline_status
temp_failed(struct timeline *t, int errnum)
{
	snprintf(t->error, sizeof(t->error), "temporary file in %s: %s",
	    runsort_temp_dir(t->opts.tmpdir), strerror(errnum));
	return TIMELINE_FAILED;
}

/* Rejects the record at r's current line; TIMELINE_OK to go on. */
static enum timeline_status
reject(struct timeline *t, const struct jsonl_reader *r, size_t col,
    const char *reason, const char *line, size_t len, int truncated)
{
	if (diag_reject(t->d, r->name, r->line_no, col, reason, line, len,
	    truncated) != 0)
		return failed(t, "rejects file", errno);
	return t->d->strict ? TIMELINE_STOPPED : TIMELINE_OK;
}

static void
keep_prefix(struct timeline *t, int fd, const char *name, uint32_t input,
    uint64_t limit, uint64_t first_note)
{
	struct direct *dp;

	if (t->ndirect == t->direct_cap) {
		t->direct_cap = t->direct_cap ? 2 * t->direct_cap : 8;
		t->direct = xreallocarray(t->direct, t->direct_cap,
		    sizeof(*t->direct));
	}
	dp = &t->direct[t->ndirect++];
	memset(dp, 0, sizeof(*dp));
	dp->fd = fd;
	dp->name = xstrdup(name);
	dp->input = input;
	dp->limit = limit;
	dp->last_ts = INT64_MIN;
	dp->notes_file = t->notes;
	dp->first_note = first_note;
	dp->notes = t->notes != NULL ? notefile_count(t->notes) - first_note :
	    0;
}

/*
 * The notes are only a short cut: when they cannot be kept (a missing or
 * full TMPDIR), phase two goes without them, the same output more slowly.
 */
static void
drop_notes(struct timeline *t)
{
	size_t i;

	for (i = 0; i < t->ndirect; i++) {
		t->direct[i].notes_file = NULL;
		t->direct[i].notes = 0;
	}
	notefile_free(t->notes);
	t->notes = NULL;
}

/*
 * Reads every line of r: rejects the invalid, keeps the sorted valid prefix
 * in place (while *prefix_end grows) and sorts the rest.
 */
static enum timeline_status
read_events(struct timeline *t, struct jsonl_reader *r, uint32_t input,
    int in_prefix, uint64_t *prefix_end)
{
	struct event_error err;
	struct kmerge_key key;
	enum jsonl_status st;
	enum timeline_status ts;
	const char *line;
	char reason[96];
	int64_t last = INT64_MIN;
	size_t len;
	void *note;

	while ((st = jsonl_reader_next(r, &line, &len)) != JSONL_EOF) {
		if (st == JSONL_ERROR)
			return failed(t, r->name, r->error);
		t->d->read++;
		if (st == JSONL_TOO_LONG) {
			in_prefix = 0;
			snprintf(reason, sizeof(reason),
			    "line longer than %zu bytes", r->max_line);
			if ((ts = reject(t, r, 0, reason, line, len, 1)) != 0)
				return ts;
			continue;
		}
		if (event_parse(&t->ev, line, len, &err) != 0) {
			in_prefix = 0;
			if ((ts = reject(t, r, err.offset == EVENT_NO_OFFSET ?
			    0 : err.offset + 1, err.reason, line, len, 0)) != 0)
				return ts;
			continue;
		}
		/* A note only where phase two can get it back. */
		note = t->notes != NULL && in_prefix ? t->note : NULL;
		if (note != NULL)
			memset(t->note, 0, sizeof(t->note));
		if (t->opts.hooks.seen != NULL && t->opts.hooks.seen(
		    t->opts.hooks.ctx, &t->ev, r->name, r->line_no,
		    note) != 0)
			return failed(t, r->name, errno);
		if (t->opts.scan_only)
			continue;
		if (in_prefix && t->ev.ts_ms >= last) {
			last = t->ev.ts_ms;
			*prefix_end = jsonl_reader_tell(r);
			if (t->notes != NULL &&
			    notefile_append(t->notes, t->note) != 0)
				drop_notes(t);
			continue;
		}
		in_prefix = 0;
		key.ts = t->ev.ts_ms;
		key.input = input;
		key.seq = r->line_no;
		if (runsort_add(t->sort, &key, line, len) != 0)
			return temp_failed(t, errno);
	}
	return TIMELINE_OK;
}

enum timeline_status
timeline_add_input(struct timeline *t, const char *path)
{
	struct jsonl_reader r;
	struct stat st;
	enum timeline_status status;
	const char *name = path;
	uint64_t prefix_end = 0, first_note;
	uint32_t input = t->ninputs++;
	int fd, is_stdin = strcmp(path, "-") == 0, in_prefix;

	if (is_stdin) {
		fd = STDIN_FILENO;
		name = "<stdin>";
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		return failed(t, path, errno);
	}
	if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		int errnum = S_ISDIR(st.st_mode) ? EISDIR : errno;

		if (!is_stdin)
			close(fd);
		return failed(t, name, errnum);
	}
	/* Half the descriptors may hold prefixes; the rest serve runs. */
	in_prefix = !is_stdin && S_ISREG(st.st_mode) &&
	    t->ndirect < t->max_streams / 2;
	jsonl_reader_init(&r, fd, name, UINT64_MAX, READ_BUF_SIZE);
	first_note = t->notes != NULL ? notefile_count(t->notes) : 0;
	status = read_events(t, &r, input, in_prefix, &prefix_end);
	jsonl_reader_free(&r);
	if (status == TIMELINE_OK && prefix_end > 0)
		keep_prefix(t, fd, name, input, prefix_end, first_note);
	else if (!is_stdin)
		close(fd);
	return status;
}

static int
direct_next(void *ctx, struct kmerge_key *key, const char **data,
    size_t *len)
{
	struct direct *dp = ctx;
	enum jsonl_status st;
	int64_t ts;

	if (!dp->reading) {
		if (lseek(dp->fd, 0, SEEK_SET) != 0)
			return -1;
		jsonl_reader_init(&dp->r, dp->fd, dp->name, dp->limit,
		    MERGE_BUF_SIZE);
		if (dp->notes > 0)
			notefile_cursor_init(&dp->cursor, dp->notes_file,
			    dp->first_note, dp->notes);
		dp->reading = 1;
	}
	st = jsonl_reader_next(&dp->r, data, len);
	if (st == JSONL_EOF) {
		/* Short of what the first pass read: the file shrank, and
		   records would be lost without a word. */
		if (jsonl_reader_tell(&dp->r) != dp->limit) {
			errno = ESTALE;
			return -1;
		}
		return 0;
	}
	if (st == JSONL_ERROR) {
		errno = dp->r.error;
		return -1;
	}
	/* The prefix was valid and sorted when it was read; anything else
	   now means the file changed under us. */
	if (st != JSONL_LINE || event_ts_of_valid_line(*data, *len, &ts) != 0 ||
	    ts < dp->last_ts) {
		errno = ESTALE;
		return -1;
	}
	dp->last_ts = ts;
	key->ts = ts;
	key->input = dp->input;
	key->seq = dp->r.line_no;
	/* The prefix's events are its lines, one note each; notes that
	   cannot be read back are done without (drop_notes()). */
	dp->note = NULL;
	if (dp->notes > 0 && notefile_next(&dp->cursor, &dp->note) < 0)
		dp->notes = 0;
	return 1;
}

static void idset_insert(struct idset *s, uint64_t h, const char *id,
    size_t len);

static void
idset_grow(struct idset *s)
{
	struct id_slot *old = s->slots;
	size_t i, oldcap = s->cap;

	s->cap = oldcap ? oldcap * 2 : 64;
	s->slots = xcalloc(s->cap, sizeof(*s->slots));
	s->count = 0;
	for (i = 0; i < oldcap; i++)
		if (old[i].gen == s->gen)
			idset_insert(s, old[i].hash, s->bytes + old[i].off,
			    old[i].len);
	free(old);
}

/* Stores id; its bytes are appended only when new (off == used). */
static void
idset_insert(struct idset *s, uint64_t h, const char *id, size_t len)
{
	size_t i;

	if (2 * (s->count + 1) > s->cap)
		idset_grow(s);
	for (i = h & (s->cap - 1); s->slots[i].gen == s->gen;
	    i = (i + 1) & (s->cap - 1))
		;
	s->slots[i].hash = h;
	s->slots[i].len = len;
	s->slots[i].gen = s->gen;
	if (id >= s->bytes && id < s->bytes + s->used) {
		s->slots[i].off = (size_t)(id - s->bytes);
	} else {
		if (s->used + len > s->bytes_cap) {
			s->bytes_cap = (s->used + len) * 2;
			s->bytes = xrealloc(s->bytes, s->bytes_cap);
		}
		memcpy(s->bytes + s->used, id, len);
		s->slots[i].off = s->used;
		s->used += len;
	}
	s->count++;
}

/* Adds id; returns 1 when it was already there. */
static int
idset_add(struct idset *s, const char *id, size_t len)
{
	uint64_t h = hash_bytes(id, len);
	size_t i;

	if (s->cap > 0)
		for (i = h & (s->cap - 1); s->slots[i].gen == s->gen;
		    i = (i + 1) & (s->cap - 1))
			if (s->slots[i].hash == h && s->slots[i].len == len &&
			    memcmp(s->bytes + s->slots[i].off, id, len) == 0)
				return 1;
	idset_insert(s, h, id, len);
	return 0;
}

static void
idset_clear(struct idset *s)
{
	s->count = 0;
	s->used = 0;
	if (++s->gen == 0) {	/* wrapped: slots of gen 0 would look live */
		memset(s->slots, 0, s->cap * sizeof(*s->slots));
		s->gen = 1;
	}
}

/* Whether the line's id was already written at this instant. */
static int
is_duplicate(struct timeline *t, const char *line, size_t len)
{
	struct scan_member id;
	const char *p;
	size_t n;

	if (scan_object_find(line, len, "id", 2, &id) != 0)
		return 0;
	p = id.value;
	n = id.value_len;
	if (id.value_escaped) {
		if (t->decoded_cap < n) {
			t->decoded_cap = n;
			t->decoded = xrealloc(t->decoded, n);
		}
		n = scan_string_decode(id.value, id.value_len, t->decoded);
		p = t->decoded;
	}
	return idset_add(&t->seen, p, n);
}

/* Writes one merged line: through the hooks, then out or to the ranked sort. */
static int
put_line(struct timeline *t, const struct kmerge_key *key, const char *data,
    size_t len, const void *note, struct jsonl_writer *w)
{
	const struct timeline_hooks *h = &t->opts.hooks;
	struct kmerge_key rk;

	if (h->emit != NULL && h->emit(h->ctx, key->ts, data, len, note,
	    &data, &len) != 0)
		return -1;
	if (h->rank == NULL)
		return jsonl_writer_line(w, data, len);
	/* Rank as a signed number keeps its order; seq keeps time order. */
	rk.ts = (int64_t)(h->rank(h->ctx) ^ ((uint64_t)1 << 63));
	rk.input = 0;
	rk.seq = t->ranked_seq++;
	return runsort_add(t->ranked, &rk, data, len);
}

/* The note of the record kmerge returned last: a prefix's, or NULL. */
static const void *
record_note(const struct kmerge *m)
{
	const struct kmerge_source *src = kmerge_last(m);

	if (src == NULL || src->next != direct_next)
		return NULL;
	return ((const struct direct *)src->ctx)->note;
}

static enum timeline_status
merge_out(struct timeline *t, struct kmerge_source *src, size_t n,
    struct jsonl_writer *w)
{
	struct kmerge m;
	struct kmerge_key key;
	const char *data;
	size_t len;
	int64_t instant = INT64_MIN;
	int got;

	if (kmerge_init(&m, src, n) != 0) {
		kmerge_free(&m);
		return failed(t, "reading again", errno);
	}
	while ((got = kmerge_next(&m, &key, &data, &len)) > 0) {
		if (t->opts.dedupe) {
			if (key.ts != instant) {
				idset_clear(&t->seen);
				instant = key.ts;
			}
			if (is_duplicate(t, data, len)) {
				t->d->dropped++;
				continue;
			}
		}
		if (put_line(t, &key, data, len, record_note(&m), w) != 0) {
			if (w->error == 0) {
				kmerge_free(&m);
				return temp_failed(t, errno);
			}
			break;
		}
		t->d->wrote++;
	}
	kmerge_free(&m);
	if (got < 0 && errno == ESTALE) {
		snprintf(t->error, sizeof(t->error),
		    "an input file changed while it was read");
		return TIMELINE_FAILED;
	}
	if (got < 0)
		return failed(t, "reading again", errno);
	return got > 0 ? TIMELINE_FAILED : TIMELINE_OK;
}

/* --by-customer: the ranked sort, written out in its order. */
static enum timeline_status
write_ranked(struct timeline *t, struct jsonl_writer *w)
{
	struct kmerge_source *runs;
	struct kmerge m;
	struct kmerge_key key;
	const char *data;
	size_t nruns, len;
	int got;

	if (runsort_finish(t->ranked, t->max_streams - t->ndirect, &runs,
	    &nruns) != 0)
		return temp_failed(t, errno);
	if (kmerge_init(&m, runs, nruns) != 0) {
		kmerge_free(&m);
		return temp_failed(t, errno);
	}
	while ((got = kmerge_next(&m, &key, &data, &len)) > 0)
		if (jsonl_writer_line(w, data, len) != 0)
			break;
	kmerge_free(&m);
	if (got < 0)
		return temp_failed(t, errno);
	return got > 0 ? TIMELINE_FAILED : TIMELINE_OK;
}

enum timeline_status
timeline_write(struct timeline *t, struct jsonl_writer *w)
{
	struct kmerge_source *runs, *src;
	enum timeline_status status;
	size_t nruns, i, n;

	if (runsort_finish(t->sort, t->max_streams - t->ndirect, &runs,
	    &nruns) != 0)
		return temp_failed(t, errno);
	n = t->ndirect + nruns;
	src = xcalloc(n ? n : 1, sizeof(*src));
	for (i = 0; i < t->ndirect; i++) {
		src[i].next = direct_next;
		src[i].ctx = &t->direct[i];
	}
	memcpy(src + t->ndirect, runs, nruns * sizeof(*src));
	status = merge_out(t, src, n, w);
	free(src);
	if (status == TIMELINE_OK && t->ranked != NULL)
		status = write_ranked(t, w);
	return status;
}
