/*
 * test-stitch.c - canal-merge's omnichannel pass, driven as canal-merge
 * drives it: every line parsed (event.h) and shown to stitch_seen(), the
 * links settled, then every line given to stitch_emit() in time order;
 * the whole output lines are compared with lines worked out by hand.
 * Customers (strongest identity, inherited in a conversation, the same
 * whatever the order of the inputs, accounts never joined), JWZ e-mail
 * threading, subject threading, idle conversations, cases and their
 * boundary, identity maps in CSV and JSON lines, --links-only's output
 * and its round trip.  Keys are "cust-" and the first 16 hex digits of
 * SHA-256 of the key identity: printf 'IDENTITY' | sha256sum | cut -c1-16.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "event.h"
#include "jsonl.h"
#include "stitch.h"
#include "timefmt.h"
#include "unit.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* printf 'handle:x:kimi_4' | sha256sum | cut -c1-16 */
#define KIM "cust-dbe29e014e9024a1"
/* printf 'phone:+34600111222' | sha256sum | cut -c1-16 */
#define PHONE "cust-ffd165ccf4ef8f11"
/* printf 'email:ana@example.com' | sha256sum | cut -c1-16 */
#define ANA "cust-f8c3c203b618ed9e"
/* printf 'email:bob@example.com' | sha256sum | cut -c1-16 */
#define BOB "cust-cba4f2da143eb1f9"
/* printf 'account:A' | sha256sum | cut -c1-16 */
#define ACC_A "cust-dcfafd66f61c68b0"
/* printf 'account:B' | sha256sum | cut -c1-16 */
#define ACC_B "cust-682bc2300f9b4ba2"
/* printf 'phone:+34600999888' | sha256sum | cut -c1-16 */
#define PHONE9 "cust-e94732057c98e7ba"
/* printf 'email:carl@example.com' | sha256sum | cut -c1-16 */
#define CARL "cust-1b0a0b70580548c1"
/* printf 'handle:x:bob_1' | sha256sum | cut -c1-16 */
#define BOBH "cust-83acab072098f65c"
/* printf 'account:CRM-9' | sha256sum | cut -c1-16 */
#define CRM9 "cust-7919dda51cb2126a"
/* printf 'handle:x:ana' | sha256sum | cut -c1-16 */
#define ANAH "cust-eabf3f233a79c606"

#define TS(t) "\"ts\":\"2024-03-04T" t "Z\""

static char dir[] = "/tmp/canal-stitch-XXXXXX";

/* One run of both phases. */
struct run {
	struct stitch_options o;
	const char *const *maps;	/* paths of --identity-map files */
	size_t nmaps;
	const size_t *order;		/* phase one's; NULL: as given */
	struct jsonl_writer *conflicts;
	/* results */
	struct jsonl_buf out;		/* the lines emitted, with "\n" */
	uint64_t rank[64];		/* stitch_last_customer_rank() */
	long nconflicts;
	int failed;
};

/* Both phases; with notes, phase two is given phase one's notes. */
static void
run_once(struct run *r, const char *const *lines, size_t n, int notes)
{
	static unsigned char note[64][STITCH_NOTE_SIZE];
	struct diag d = { 0 };
	struct stitch *s = stitch_new(&r->o, &d);
	struct event_view ev;
	struct event_error eerr;
	int64_t ts[64], t;
	size_t i, k, when[64], w;
	const char *out;
	size_t out_len;
	char err[512];

	r->out.len = 0;
	r->failed = 0;
	event_view_init(&ev);
	for (i = 0; i < r->nmaps; i++)
		if (stitch_add_map(s, r->maps[i], err, sizeof(err)) != 0) {
			diag("map %s: %s", r->maps[i], err);
			r->failed = 1;
		}
	for (i = 0; i < n && i < 64; i++) {
		if (event_parse(&ev, lines[i], strlen(lines[i]), &eerr) != 0) {
			diag("line %zu is no event: %s", i + 1, eerr.reason);
			r->failed = 1;
			ts[i] = 0;
			continue;
		}
		ts[i] = ev.ts_ms;
	}
	/* Phase one, in the order asked for; file:line as given. */
	for (k = 0; k < n && k < 64; k++) {
		i = r->order != NULL ? r->order[k] : k;
		memset(note[i], 0, sizeof(note[i]));
		if (event_parse(&ev, lines[i], strlen(lines[i]), &eerr) == 0 &&
		    stitch_seen(s, &ev, "t.jsonl", i + 1, note[i]) != 0)
			r->failed = 1;
	}
	r->nconflicts = stitch_settle(s, r->conflicts);
	/* Phase two in time order, ties in the order given. */
	for (i = 0; i < n && i < 64; i++)
		when[i] = i;
	for (i = 1; i < n && i < 64; i++)
		for (k = i; k > 0 && ts[when[k - 1]] > ts[when[k]]; k--) {
			w = when[k];
			when[k] = when[k - 1];
			when[k - 1] = w;
		}
	for (k = 0; k < n && k < 64; k++) {
		i = when[k];
		t = ts[i];
		if (stitch_emit(s, t, lines[i], strlen(lines[i]),
		    notes ? note[i] : NULL, &out, &out_len) != 0)
			r->failed = 1;
		r->rank[i] = stitch_last_customer_rank(s);
		jsonl_buf_append(&r->out, out, out_len);
		jsonl_buf_append(&r->out, "\n", 1);
	}
	event_view_free(&ev);
	stitch_free(s);
}

/*
 * Both phases over lines[0..n) (at most 64), phase two given phase one's
 * notes; then again without them, which must give the same bytes (the
 * notes only save work).
 */
static void
run_lines(struct run *r, const char *const *lines, size_t n)
{
	struct jsonl_writer *conflicts = r->conflicts;
	struct jsonl_buf noted = { 0 };
	uint64_t rank[64];
	int saved, null;

	run_once(r, lines, n, 1);
	jsonl_buf_append(&noted, r->out.data, r->out.len);
	memcpy(rank, r->rank, sizeof(rank));
	/* Once is enough of the messages and conflicts. */
	r->conflicts = NULL;
	fflush(stderr);
	saved = dup(2);
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	dup2(null, 2);
	close(null);
	run_once(r, lines, n, 0);
	fflush(stderr);
	close(2);
	dup2(saved, 2);
	close(saved);
	r->conflicts = conflicts;
	ok(noted.len == r->out.len && memcmp(noted.data, r->out.data,
	    noted.len) == 0 && memcmp(rank, r->rank, sizeof(rank)) == 0,
	    "the same output with phase one's notes as without");
	jsonl_buf_free(&noted);
}

/* Compares the output line by line with want[0..n) in time order. */
static void
check_lines(const struct run *r, const char *what, const char *const *want,
    size_t n)
{
	const char *p = r->out.data, *end = r->out.data + r->out.len, *nl;
	size_t i;

	ok(!r->failed, "%s: ran", what);
	for (i = 0; i < n; i++) {
		if (p == NULL || p >= end) {
			ok(0, "%s: line %zu missing", what, i + 1);
			continue;
		}
		nl = memchr(p, '\n', (size_t)(end - p));
		is_mem(p, (size_t)(nl - p), want[i], strlen(want[i]),
		    "%s: line %zu", what, i + 1);
		p = nl + 1;
	}
	ok(p == end, "%s: no more lines", what);
}

static void
run_free(struct run *r)
{
	jsonl_buf_free(&r->out);
}

/* --- stderr and files ---------------------------------------------------- */

static int saved_stderr = -1;
static FILE *captured;

static void
capture_begin(void)
{
	fflush(stderr);
	captured = tmpfile();
	saved_stderr = dup(2);
	dup2(fileno(captured), 2);
}

/* What went to stderr since capture_begin() (malloc'd). */
static char *
capture_end(void)
{
	char *buf = calloc(1, 65536);

	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	rewind(captured);
	if (fread(buf, 1, 65535, captured) == 0)
		buf[0] = '\0';
	fclose(captured);
	return buf;
}

static const char *
write_file(const char *name, const char *text)
{
	static char paths[8][128];
	static int next;
	char *path = paths[next++ % 8];
	FILE *f;

	snprintf(path, 128, "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL) {
		diag("cannot write %s", path);
		return path;
	}
	fputs(text, f);
	fclose(f);
	return path;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 65536);

	if (f != NULL) {
		if (fread(buf, 1, 65535, f) == 0)
			buf[0] = '\0';
		fclose(f);
	}
	return buf;
}

/* What stitch_write_links() writes, through the file path; *status its. */
static char *
links_text(struct stitch *s, const char *path, int *status)
{
	struct jsonl_writer w;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	jsonl_writer_init(&w, fd, 0);
	*status = stitch_write_links(s, &w);
	jsonl_writer_flush(&w);
	jsonl_writer_free(&w);
	close(fd);
	return slurp(path);
}

/* --- customers ------------------------------------------------------------ */

static const char *const people[] = {
	"{\"id\":\"x1\"," TS("09:00:00.000") ",\"channel\":\"social\","
	"\"direction\":\"in\",\"ids\":{\"handle\":\"x:kimi_4\"},"
	"\"conversation\":\"x:3\"}",
	"{\"id\":\"x2\"," TS("09:30:00.000") ",\"channel\":\"social\","
	"\"direction\":\"out\",\"conversation\":\"x:3\"}",
	"{\"id\":\"e1\"," TS("11:00:00.000") ",\"channel\":\"email\","
	"\"direction\":\"in\",\"ids\":{\"email\":\"I.Kim@Example.com\","
	"\"handle\":\"x:kimi_4\"}}",
	"{\"id\":\"n1\"," TS("12:00:00.000") ",\"channel\":\"other\","
	"\"direction\":\"internal\"}",
	"{\"id\":\"p1\",\"ts\":\"2024-03-05T10:00:00.000Z\",\"channel\":\"phone\","
	"\"direction\":\"in\",\"ids\":{\"phone\":\"+34600111222\","
	"\"email\":\"i.kim@example.com\"},\"conversation\":\"call-1\"}",
	"{\"id\":\"w1\",\"ts\":\"2024-03-09T10:00:00.000Z\","
	"\"channel\":\"messaging\",\"source\":\"whatsapp\",\"direction\":\"out\","
	"\"conversation\":\"wa:1\"}",
	"{\"id\":\"w2\",\"ts\":\"2024-03-09T10:05:00.000Z\","
	"\"channel\":\"messaging\",\"source\":\"whatsapp\",\"direction\":\"in\","
	"\"ids\":{\"phone\":\"+34600111222\"},\"conversation\":\"wa:1\"}",
	"{\"id\":\"w3\",\"ts\":\"2024-03-09T10:06:00.000Z\","
	"\"channel\":\"messaging\",\"source\":\"whatsapp\",\"direction\":\"out\","
	"\"conversation\":\"wa:1\"}",
	"{\"id\":\"o1\",\"ts\":\"2024-03-09T11:00:00.000Z\",\"channel\":\"chat\","
	"\"direction\":\"in\",\"customer\":\"guest-7\","
	"\"conversation\":\"chat-9\"}",
	"{\"id\":\"o2\",\"ts\":\"2024-03-09T11:01:00.000Z\",\"channel\":\"chat\","
	"\"direction\":\"out\",\"conversation\":\"chat-9\"}",
	"{\"id\":\"q1\",\"ts\":\"2024-03-09T12:00:00.000Z\",\"channel\":\"postal\","
	"\"direction\":\"in\",\"ids\":{\"name\":\"Kim\"}}",
};

static const char *const people_out[] = {
	"{\"id\":\"x1\"," TS("09:00:00.000") ",\"channel\":\"social\","
	"\"direction\":\"in\",\"ids\":{\"handle\":\"x:kimi_4\"},"
	"\"conversation\":\"x:3\",\"customer\":\"" KIM "\","
	"\"case\":\"" KIM "/2024-03-04T09:00:00.000Z\","
	"\"case_channels\":[\"social\"]}",
	/* No identity: the customer of its conversation. */
	"{\"id\":\"x2\"," TS("09:30:00.000") ",\"channel\":\"social\","
	"\"direction\":\"out\",\"conversation\":\"x:3\","
	"\"customer\":\"" KIM "\","
	"\"case\":\"" KIM "/2024-03-04T09:00:00.000Z\","
	"\"case_channels\":[\"social\"]}",
	/* No conversation: one per customer and channel until idle. */
	"{\"id\":\"e1\"," TS("11:00:00.000") ",\"channel\":\"email\","
	"\"direction\":\"in\",\"ids\":{\"email\":\"I.Kim@Example.com\","
	"\"handle\":\"x:kimi_4\"},\"customer\":\"" KIM "\","
	"\"conversation\":\"email:" KIM "@2024-03-04T11:00:00.000Z\","
	"\"case\":\"" KIM "/2024-03-04T09:00:00.000Z\","
	"\"case_channels\":[\"email\",\"social\"]}",
	/* Nothing to know it by: unchanged. */
	"{\"id\":\"n1\"," TS("12:00:00.000") ",\"channel\":\"other\","
	"\"direction\":\"internal\"}",
	/* The phone joins through the e-mail; 23 hours: the same case. */
	"{\"id\":\"p1\",\"ts\":\"2024-03-05T10:00:00.000Z\",\"channel\":\"phone\","
	"\"direction\":\"in\",\"ids\":{\"phone\":\"+34600111222\","
	"\"email\":\"i.kim@example.com\"},\"conversation\":\"call-1\","
	"\"customer\":\"" KIM "\","
	"\"case\":\"" KIM "/2024-03-04T09:00:00.000Z\","
	"\"case_channels\":[\"phone\",\"email\",\"social\"]}",
	/* WhatsApp: conversations cut by idle; w1 is first in its new
	   conversation and names nobody: the customer of the first
	   identity of its conversation (w2's phone, seen in phase one).
	   Four days later: a new case, from w1 on. */
	"{\"id\":\"w1\",\"ts\":\"2024-03-09T10:00:00.000Z\","
	"\"channel\":\"messaging\",\"source\":\"whatsapp\",\"direction\":\"out\","
	"\"conversation\":\"wa:1@2024-03-09T10:00:00.000Z\","
	"\"customer\":\"" KIM "\","
	"\"case\":\"" KIM "/2024-03-09T10:00:00.000Z\","
	"\"case_channels\":[\"messaging\"]}",
	"{\"id\":\"w2\",\"ts\":\"2024-03-09T10:05:00.000Z\","
	"\"channel\":\"messaging\",\"source\":\"whatsapp\",\"direction\":\"in\","
	"\"ids\":{\"phone\":\"+34600111222\"},"
	"\"conversation\":\"wa:1@2024-03-09T10:00:00.000Z\","
	"\"customer\":\"" KIM "\","
	"\"case\":\"" KIM "/2024-03-09T10:00:00.000Z\","
	"\"case_channels\":[\"messaging\"]}",
	"{\"id\":\"w3\",\"ts\":\"2024-03-09T10:06:00.000Z\","
	"\"channel\":\"messaging\",\"source\":\"whatsapp\",\"direction\":\"out\","
	"\"conversation\":\"wa:1@2024-03-09T10:00:00.000Z\","
	"\"customer\":\"" KIM "\","
	"\"case\":\"" KIM "/2024-03-09T10:00:00.000Z\","
	"\"case_channels\":[\"messaging\"]}",
	/* Its own customer, kept where it is, and its case. */
	"{\"id\":\"o1\",\"ts\":\"2024-03-09T11:00:00.000Z\",\"channel\":\"chat\","
	"\"direction\":\"in\",\"customer\":\"guest-7\","
	"\"conversation\":\"chat-9\","
	"\"case\":\"guest-7/2024-03-09T11:00:00.000Z\","
	"\"case_channels\":[\"chat\"]}",
	"{\"id\":\"o2\",\"ts\":\"2024-03-09T11:01:00.000Z\",\"channel\":\"chat\","
	"\"direction\":\"out\",\"conversation\":\"chat-9\","
	"\"customer\":\"guest-7\","
	"\"case\":\"guest-7/2024-03-09T11:00:00.000Z\","
	"\"case_channels\":[\"chat\"]}",
	/* A name is never an identity. */
	"{\"id\":\"q1\",\"ts\":\"2024-03-09T12:00:00.000Z\",\"channel\":\"postal\","
	"\"direction\":\"in\",\"ids\":{\"name\":\"Kim\"}}",
};

static const struct stitch_options merge_defaults = {
	1, (int64_t)72 * 3600 * 1000, (int64_t)24 * 3600 * 1000, 0, NULL, 0
};

static void
test_customers(void)
{
	static const size_t reversed[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
	static const size_t shuffled[] = { 6, 2, 9, 0, 4, 10, 1, 8, 3, 7, 5 };
	struct run r = { 0 };

	r.o = merge_defaults;
	run_lines(&r, people, NELEM(people));
	check_lines(&r, "customers", people_out, NELEM(people_out));
	is_int(r.nconflicts, 0, "no conflicts");
	/* --by-customer's rank: the key's 64 bits; none: last. */
	ok(r.rank[0] == UINT64_C(0xdbe29e014e9024a1), "rank of a key");
	ok(r.rank[1] == UINT64_C(0xdbe29e014e9024a1), "rank inherited");
	ok(r.rank[3] == UINT64_MAX, "no customer: last");
	ok(r.rank[5] == r.rank[0], "before its conversation's first "
	    "identity: that identity's customer's rank");
	ok(r.rank[8] != UINT64_MAX && r.rank[8] == r.rank[9],
	    "an own customer has a rank too");
	ok(r.rank[10] == UINT64_MAX, "a name only: last");
	/* Phase one in another order: the same output. */
	r.order = reversed;
	run_lines(&r, people, NELEM(people));
	check_lines(&r, "customers, read backwards", people_out,
	    NELEM(people_out));
	r.order = shuffled;
	run_lines(&r, people, NELEM(people));
	check_lines(&r, "customers, read shuffled", people_out,
	    NELEM(people_out));
	run_free(&r);
}

/* --- conflicts and the order of inputs ----------------------------------- */

/* Two accounts share an e-mail address at the same instant: which link
   wins must not depend on which line was read first.  The links at one
   instant go in the order of their identities' text: account:A's first. */
static const char *const tie[] = {
	"{\"id\":\"d1\"," TS("09:00:00.000") ",\"channel\":\"phone\","
	"\"direction\":\"in\",\"ids\":{\"account\":\"A\",\"email\":\"x@y.es\"}}",
	"{\"id\":\"d2\"," TS("09:00:00.000") ",\"channel\":\"phone\","
	"\"direction\":\"in\",\"ids\":{\"account\":\"B\",\"email\":\"x@y.es\"}}",
	"{\"id\":\"d3\"," TS("10:00:00.000") ",\"channel\":\"email\","
	"\"direction\":\"in\",\"ids\":{\"email\":\"x@y.es\"}}",
};

static const char *const tie_out[] = {
	"{\"id\":\"d1\"," TS("09:00:00.000") ",\"channel\":\"phone\","
	"\"direction\":\"in\",\"ids\":{\"account\":\"A\",\"email\":\"x@y.es\"},"
	"\"customer\":\"" ACC_A "\"}",
	"{\"id\":\"d2\"," TS("09:00:00.000") ",\"channel\":\"phone\","
	"\"direction\":\"in\",\"ids\":{\"account\":\"B\",\"email\":\"x@y.es\"},"
	"\"customer\":\"" ACC_B "\"}",
	"{\"id\":\"d3\"," TS("10:00:00.000") ",\"channel\":\"email\","
	"\"direction\":\"in\",\"ids\":{\"email\":\"x@y.es\"},"
	"\"customer\":\"" ACC_A "\"}",
};

#define ACC_NUL_X "cust-d4d1e40ac2f5f07f"
#define ACC_NUL_Y "cust-1b06cc9cc0b0a59d"

static const char *const tie_nul[] = {
	"{\"id\":\"d1\"," TS("09:00:00.000") ",\"channel\":\"phone\","
	"\"direction\":\"in\",\"ids\":{\"account\":\"A\\u0000x\","
	"\"email\":\"x@y.es\"}}",
	"{\"id\":\"d2\"," TS("09:00:00.000") ",\"channel\":\"phone\","
	"\"direction\":\"in\",\"ids\":{\"account\":\"A\\u0000y\","
	"\"email\":\"x@y.es\"}}",
	"{\"id\":\"d3\"," TS("10:00:00.000") ",\"channel\":\"email\","
	"\"direction\":\"in\",\"ids\":{\"email\":\"x@y.es\"}}",
};

static const char *const tie_nul_out[] = {
	"{\"id\":\"d1\"," TS("09:00:00.000") ",\"channel\":\"phone\","
	"\"direction\":\"in\",\"ids\":{\"account\":\"A\\u0000x\","
	"\"email\":\"x@y.es\"},\"customer\":\"" ACC_NUL_X "\"}",
	"{\"id\":\"d2\"," TS("09:00:00.000") ",\"channel\":\"phone\","
	"\"direction\":\"in\",\"ids\":{\"account\":\"A\\u0000y\","
	"\"email\":\"x@y.es\"},\"customer\":\"" ACC_NUL_Y "\"}",
	"{\"id\":\"d3\"," TS("10:00:00.000") ",\"channel\":\"email\","
	"\"direction\":\"in\",\"ids\":{\"email\":\"x@y.es\"},"
	"\"customer\":\"" ACC_NUL_X "\"}",
};

static void
test_conflicts(void)
{
	static const size_t orders[][3] = {
		{ 0, 1, 2 }, { 1, 0, 2 }, { 2, 1, 0 }, { 2, 0, 1 }
	};
	struct run r = { 0 };
	struct jsonl_writer w;
	char path[128], *text, want[512];
	size_t k;
	int fd;

	r.o = merge_defaults;
	r.o.case_gap_ms = 0;
	r.o.idle_ms = 0;
	for (k = 0; k < NELEM(orders); k++) {
		r.order = orders[k];
		capture_begin();
		run_lines(&r, tie, NELEM(tie));
		text = capture_end();
		check_lines(&r, "two accounts at one instant", tie_out,
		    NELEM(tie_out));
		is_int(r.nconflicts, 1, "order %zu: one conflict", k);
		snprintf(want, sizeof(want), "%s: t.jsonl:2: identities of two "
		    "different accounts would join one customer; kept apart\n",
		    diag_progname());
		is_str(text, want, "order %zu: its place on stderr, no "
		    "identities", k);
		free(text);
	}

	/* The same past a NUL in the accounts: bytes decide, not strcmp().
	   printf 'account:A\0x' | sha256sum | cut -c1-16 */
	r.conflicts = NULL;
	for (k = 0; k < 2; k++) {
		r.order = orders[k];
		capture_begin();
		run_lines(&r, tie_nul, NELEM(tie_nul));
		free(capture_end());
		check_lines(&r, "two accounts past a NUL", tie_nul_out,
		    NELEM(tie_nul_out));
	}

	/* --conflicts: the link refused and the two accounts. */
	snprintf(path, sizeof(path), "%s/conflicts.jsonl", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	jsonl_writer_init(&w, fd, 0);
	r.order = NULL;
	r.conflicts = &w;
	capture_begin();
	run_lines(&r, tie, NELEM(tie));
	free(capture_end());
	jsonl_writer_flush(&w);
	jsonl_writer_free(&w);
	close(fd);
	text = slurp(path);
	is_str(text, "{\"ts\":\"2024-03-04T09:00:00.000Z\",\"src\":{\"file\":"
	    "\"t.jsonl\",\"line\":2},\"link\":[\"email:x@y.es\",\"account:B\"],"
	    "\"accounts\":[\"account:A\",\"account:B\"]}\n",
	    "the conflict as a JSON line");
	free(text);
	run_free(&r);
}

/* --- e-mail threads ------------------------------------------------------- */

#define MAIL(id, t, rest) "{\"id\":\"" id "\"," TS(t) \
	",\"channel\":\"email\",\"direction\":\"in\"," rest

static const char *const mails[] = {
	MAIL("j1", "09:01:00.000", "\"message_id\":\"<a1@x>\"}"),
	/* In-Reply-To without References. */
	MAIL("j2", "09:02:00.000", "\"message_id\":\"<a2@x>\","
	    "\"in_reply_to\":\"<a1@x>\"}"),
	/* A reply whose parent and root are unknown: the thread of its
	   first reference, even though In-Reply-To names another. */
	MAIL("j3", "09:03:00.000", "\"message_id\":\"<b2@x>\","
	    "\"references\":\"<b0@x> <b1@x>\",\"in_reply_to\":\"<b1@x>\"}"),
	/* The parent arrives after its reply. */
	MAIL("j4", "09:04:00.000", "\"message_id\":\"<b1@x>\"}"),
	MAIL("j5", "09:05:00.000", "\"message_id\":\"<b3@x>\","
	    "\"in_reply_to\":\"<b2@x>\"}"),
	/* Many references; the first known is the 41st. */
	MAIL("j6", "09:06:00.000", "\"message_id\":\"<m6@x>\",\"references\":\""
	    "<z1@x> <z2@x> <z3@x> <z4@x> <z5@x> <z6@x> <z7@x> <z8@x> <z9@x> "
	    "<z10@x> <z11@x> <z12@x> <z13@x> <z14@x> <z15@x> <z16@x> <z17@x> "
	    "<z18@x> <z19@x> <z20@x> <z21@x> <z22@x> <z23@x> <z24@x> <z25@x> "
	    "<z26@x> <z27@x> <z28@x> <z29@x> <z30@x> <z31@x> <z32@x> <z33@x> "
	    "<z34@x> <z35@x> <z36@x> <z37@x> <z38@x> <z39@x> <z40@x>\\n\\t"
	    "<a2@x>,<z41@x>,<z42@x> <z43@x> <z44@x> <z45@x> <z46@x> <z47@x> "
	    "<z48@x> <z49@x> <z50@x> <z51@x> <z52@x> <z53@x> <z54@x> <z55@x> "
	    "<z56@x> <z57@x> <z58@x> <z59@x> <z60@x> <z61@x> <z62@x> <z63@x> "
	    "<z64@x> <z65@x> <z66@x> <z67@x> <z68@x> <z69@x> <z70@x>\"}"),
	/* Naming one of those: that thread. */
	MAIL("j7", "09:07:00.000", "\"message_id\":\"<m7@x>\","
	    "\"references\":\"<z30@x>\"}"),
	/* Ids without angle brackets; In-Reply-To: its first id only; an
	   empty References names nothing. */
	MAIL("j8", "09:08:00.000", "\"message_id\":\"c1@x\","
	    "\"references\":\"\",\"in_reply_to\":\"<a1@x> <b0@x>\"}"),
	MAIL("j9", "09:09:00.000", "\"message_id\":\"<c2@x>\","
	    "\"references\":\"<c1@x>\"}"),
	/* A native conversation gives way to the thread, in its place. */
	MAIL("j10", "09:10:00.000", "\"conversation\":\"native-5\","
	    "\"message_id\":\"<d1@x>\"}"),
	/* No message id: the conversation as it is. */
	MAIL("j11", "09:11:00.000", "\"conversation\":\"native-6\"}"),
	/* Naming itself is naming nothing. */
	MAIL("j12", "09:12:00.000", "\"message_id\":\"<e1@x>\","
	    "\"references\":\"<e1@x>\"}"),
	/* Naming two threads joins them under the first known. */
	MAIL("j13", "09:13:00.000", "\"message_id\":\"<f1@x>\","
	    "\"references\":\"<e1@x> <a1@x>\"}"),
	MAIL("j14", "09:14:00.000", "\"message_id\":\"<f2@x>\","
	    "\"in_reply_to\":\"<a2@x>\"}"),
	/* Escapes in ids are decoded. */
	MAIL("j15", "09:15:00.000", "\"message_id\":\"<g\\u0031@x>\","
	    "\"in_reply_to\":\"<\\u0062\\u0030@x>\"}"),
	/* An empty message id: not threaded. */
	MAIL("j16", "09:16:00.000", "\"message_id\":\"<>\"}"),
	/* Not e-mail: message ids are not read. */
	"{\"id\":\"j17\"," TS("09:17:00.000") ",\"channel\":\"chat\","
	"\"direction\":\"in\",\"message_id\":\"<a1@x>\"}",
};

#define MAILOUT(id, t, rest, conv) "{\"id\":\"" id "\"," TS(t) \
	",\"channel\":\"email\",\"direction\":\"in\"," rest \
	",\"conversation\":\"email:" conv "\"}"

static const char *const mails_out[] = {
	MAILOUT("j1", "09:01:00.000", "\"message_id\":\"<a1@x>\"", "a1@x"),
	MAILOUT("j2", "09:02:00.000", "\"message_id\":\"<a2@x>\","
	    "\"in_reply_to\":\"<a1@x>\"", "a1@x"),
	MAILOUT("j3", "09:03:00.000", "\"message_id\":\"<b2@x>\","
	    "\"references\":\"<b0@x> <b1@x>\",\"in_reply_to\":\"<b1@x>\"",
	    "b0@x"),
	MAILOUT("j4", "09:04:00.000", "\"message_id\":\"<b1@x>\"", "b0@x"),
	MAILOUT("j5", "09:05:00.000", "\"message_id\":\"<b3@x>\","
	    "\"in_reply_to\":\"<b2@x>\"", "b0@x"),
	MAILOUT("j6", "09:06:00.000", "\"message_id\":\"<m6@x>\","
	    "\"references\":\""
	    "<z1@x> <z2@x> <z3@x> <z4@x> <z5@x> <z6@x> <z7@x> <z8@x> <z9@x> "
	    "<z10@x> <z11@x> <z12@x> <z13@x> <z14@x> <z15@x> <z16@x> <z17@x> "
	    "<z18@x> <z19@x> <z20@x> <z21@x> <z22@x> <z23@x> <z24@x> <z25@x> "
	    "<z26@x> <z27@x> <z28@x> <z29@x> <z30@x> <z31@x> <z32@x> <z33@x> "
	    "<z34@x> <z35@x> <z36@x> <z37@x> <z38@x> <z39@x> <z40@x>\\n\\t"
	    "<a2@x>,<z41@x>,<z42@x> <z43@x> <z44@x> <z45@x> <z46@x> <z47@x> "
	    "<z48@x> <z49@x> <z50@x> <z51@x> <z52@x> <z53@x> <z54@x> <z55@x> "
	    "<z56@x> <z57@x> <z58@x> <z59@x> <z60@x> <z61@x> <z62@x> <z63@x> "
	    "<z64@x> <z65@x> <z66@x> <z67@x> <z68@x> <z69@x> <z70@x>\"",
	    "a1@x"),
	MAILOUT("j7", "09:07:00.000", "\"message_id\":\"<m7@x>\","
	    "\"references\":\"<z30@x>\"", "a1@x"),
	MAILOUT("j8", "09:08:00.000", "\"message_id\":\"c1@x\","
	    "\"references\":\"\",\"in_reply_to\":\"<a1@x> <b0@x>\"", "a1@x"),
	MAILOUT("j9", "09:09:00.000", "\"message_id\":\"<c2@x>\","
	    "\"references\":\"<c1@x>\"", "a1@x"),
	"{\"id\":\"j10\"," TS("09:10:00.000") ",\"channel\":\"email\","
	"\"direction\":\"in\",\"conversation\":\"email:d1@x\","
	"\"message_id\":\"<d1@x>\"}",
	"{\"id\":\"j11\"," TS("09:11:00.000") ",\"channel\":\"email\","
	"\"direction\":\"in\",\"conversation\":\"native-6\"}",
	MAILOUT("j12", "09:12:00.000", "\"message_id\":\"<e1@x>\","
	    "\"references\":\"<e1@x>\"", "e1@x"),
	MAILOUT("j13", "09:13:00.000", "\"message_id\":\"<f1@x>\","
	    "\"references\":\"<e1@x> <a1@x>\"", "e1@x"),
	MAILOUT("j14", "09:14:00.000", "\"message_id\":\"<f2@x>\","
	    "\"in_reply_to\":\"<a2@x>\"", "e1@x"),
	MAILOUT("j15", "09:15:00.000", "\"message_id\":\"<g\\u0031@x>\","
	    "\"in_reply_to\":\"<\\u0062\\u0030@x>\"", "b0@x"),
	"{\"id\":\"j16\"," TS("09:16:00.000") ",\"channel\":\"email\","
	"\"direction\":\"in\",\"message_id\":\"<>\"}",
	"{\"id\":\"j17\"," TS("09:17:00.000") ",\"channel\":\"chat\","
	"\"direction\":\"in\",\"message_id\":\"<a1@x>\"}",
};

static void
test_threads(void)
{
	struct run r = { 0 };

	/* Threading alone: no --stitch, no cases, no idle. */
	r.o.stitch = 0;
	run_lines(&r, mails, NELEM(mails));
	check_lines(&r, "JWZ", mails_out, NELEM(mails_out));
	run_free(&r);
}

/* A reply whose In-Reply-To repeats its last reference, as most mailers
   write it, with neither seen: the thread of the first reference. */
static void
test_unknown_parent(void)
{
	static const char *const in[] = {
		MAIL("u1", "09:00:00.000", "\"message_id\":\"<r2@x>\","
		    "\"references\":\"<r0@x> <r1@x>\","
		    "\"in_reply_to\":\"<r1@x>\"}"),
		MAIL("u2", "09:01:00.000", "\"message_id\":\"<s2@x>\","
		    "\"references\":\"<s0@x>\"}"),
		MAIL("u3", "09:02:00.000", "\"message_id\":\"<s3@x>\","
		    "\"references\":\"<s0@x> <s1@x>\","
		    "\"in_reply_to\":\"<s1@x>\"}"),
	};
	static const char *const want[] = {
		MAILOUT("u1", "09:00:00.000", "\"message_id\":\"<r2@x>\","
		    "\"references\":\"<r0@x> <r1@x>\","
		    "\"in_reply_to\":\"<r1@x>\"", "r0@x"),
		MAILOUT("u2", "09:01:00.000", "\"message_id\":\"<s2@x>\","
		    "\"references\":\"<s0@x>\"", "s0@x"),
		MAILOUT("u3", "09:02:00.000", "\"message_id\":\"<s3@x>\","
		    "\"references\":\"<s0@x> <s1@x>\","
		    "\"in_reply_to\":\"<s1@x>\"", "s0@x"),
	};
	struct run r = { 0 };

	run_lines(&r, in, NELEM(in));
	check_lines(&r, "unknown parent", want, NELEM(want));
	run_free(&r);
}

/* References of "<>" a million times, then a known id: a loop, never a
   recursion as deep as the line is long. */
static void
test_empty_ids(void)
{
	static const char head[] = "{\"id\":\"y2\"," TS("09:01:00.000")
	    ",\"channel\":\"email\",\"direction\":\"in\","
	    "\"message_id\":\"<y2@x>\",\"references\":\"";
	static const char tail[] = " <y1@x>\"}";
	static const char conv[] = ",\"conversation\":\"email:y1@x\"}";
	const char *lines[2];
	char *line, *want;
	size_t n = 1000000, len, i;
	struct run r = { 0 };

	lines[0] = MAIL("y1", "09:00:00.000", "\"message_id\":\"<y1@x>\"}");
	len = strlen(head) + 2 * n + strlen(tail);
	line = malloc(len + 1);
	want = malloc(len + sizeof(conv));
	memcpy(line, head, strlen(head));
	for (i = 0; i < n; i++)
		memcpy(line + strlen(head) + 2 * i, "<>", 2);
	memcpy(line + len - strlen(tail), tail, strlen(tail) + 1);
	memcpy(want, line, len - 1);
	memcpy(want + len - 1, conv, sizeof(conv));
	lines[1] = line;
	run_lines(&r, lines, 2);
	ok(!r.failed, "a million empty ids: ran");
	ok(r.out.len == strlen(lines[0]) + 2 * strlen(conv) + len,
	    "two lines out");
	ok(r.out.len > len && memcmp(r.out.data + r.out.len - strlen(want) - 1,
	    want, strlen(want)) == 0, "the known id after them is found");
	free(line);
	free(want);
	run_free(&r);
}

/*
 * Thousands of messages, conversations, subjects and customers: every
 * per-key array grows many times over (run it under SANITIZE=1).  Threads
 * of four messages, one per customer; read backwards in phase one too.
 */
static void
test_many(void)
{
	struct diag d = { 0 };
	struct stitch_options o = merge_defaults;
	struct stitch *s;
	struct event_view ev;
	struct event_error eerr;
	struct jsonl_buf out[2] = { { 0 }, { 0 } };
	char **lines = calloc(5000, sizeof(*lines)), want[256], ts[32];
	const char *p;
	size_t i, len, bad = 0, round;
	int n;

	o.thread_subject = 1;
	for (i = 0; i < 5000; i++) {
		lines[i] = malloc(512);
		snprintf(ts, sizeof(ts), "2024-03-04T%02zu:%02zu:%02zu.000Z",
		    i / 3600, i / 60 % 60, i % 60);
		if (i % 4 == 0)
			n = snprintf(lines[i], 512, "{\"id\":\"e%zu\",\"ts\":"
			    "\"%s\",\"channel\":\"email\",\"direction\":\"in\","
			    "\"ids\":{\"email\":\"c%zu@x.es\"},\"message_id\":"
			    "\"<m%zu@x>\",\"subject\":\"Topic %zu\"}", i, ts,
			    i / 4, i, i / 4);
		else
			n = snprintf(lines[i], 512, "{\"id\":\"e%zu\",\"ts\":"
			    "\"%s\",\"channel\":\"email\",\"direction\":"
			    "\"out\",\"message_id\":\"<m%zu@x>\","
			    "\"in_reply_to\":\"<m%zu@x>\",\"subject\":"
			    "\"Re: Topic %zu\"}", i, ts, i, i - 1, i / 4);
		(void)n;
	}
	event_view_init(&ev);
	for (round = 0; round < 2; round++) {
		s = stitch_new(&o, &d);
		for (i = 0; i < 5000; i++) {
			size_t k = round == 0 ? i : 4999 - i;

			if (event_parse(&ev, lines[k], strlen(lines[k]),
			    &eerr) != 0 || stitch_seen(s, &ev, "t.jsonl",
			    k + 1, NULL) != 0)
				bad++;
		}
		stitch_settle(s, NULL);
		for (i = 0; i < 5000; i++) {
			if (event_parse(&ev, lines[i], strlen(lines[i]),
			    &eerr) != 0)
				continue;
			stitch_emit(s, ev.ts_ms, lines[i], strlen(lines[i]),
			    NULL, &p, &len);
			jsonl_buf_append(&out[round], p, len);
			jsonl_buf_append(&out[round], "\n", 1);
			/* The thread's root, its customer, its case. */
			snprintf(want, sizeof(want), ",\"conversation\":"
			    "\"email:m%zu@x\",\"case\":\"", i - i % 4);
			if (memmem(p, len, want, strlen(want)) == NULL)
				bad++;
		}
		stitch_free(s);
	}
	is_int(bad, 0, "5,000 e-mails: each in its thread");
	is_mem(out[1].data, out[1].len, out[0].data, out[0].len,
	    "read backwards: the same output");
	/* printf 'email:c0@x.es' | sha256sum | cut -c1-16 */
	p = strstr(out[0].data, "\"id\":\"e3\"");
	ok(p != NULL && strncmp(strstr(p, "\"customer\":"), "\"customer\":"
	    "\"cust-279a6835bae3c067\"", 34) == 0, "e3: c0's key");
	/* printf 'email:c1249@x.es' | sha256sum | cut -c1-16 */
	p = strstr(out[0].data, "\"id\":\"e4999\"");
	ok(p != NULL && strstr(p, "\"customer\":\"cust-7b7104259dc7f02a\","
	    "\"conversation\":\"email:m4996@x\",\"case\":"
	    "\"cust-7b7104259dc7f02a/2024-03-04T01:23:16.000Z\"") != NULL,
	    "e4999: c1249's key, thread and case");
	for (i = 0; i < 5000; i++)
		free(lines[i]);
	free(lines);
	event_view_free(&ev);
	jsonl_buf_free(&out[0]);
	jsonl_buf_free(&out[1]);
}

/* --- subjects ------------------------------------------------------------- */

#define SUBJ(id, t, who, mid, subj) "{\"id\":\"" id "\"," TS(t) \
	",\"channel\":\"email\",\"direction\":\"in\",\"ids\":{\"email\":\"" \
	who "\"},\"message_id\":\"<" mid ">\",\"subject\":\"" subj "\"}"
#define SUBJOUT(id, t, who, mid, subj, cust, conv) "{\"id\":\"" id "\"," \
	TS(t) ",\"channel\":\"email\",\"direction\":\"in\"," \
	"\"ids\":{\"email\":\"" who "\"},\"message_id\":\"<" mid ">\",\"subject\":\"" subj "\"," \
	"\"customer\":\"" cust "\",\"conversation\":\"email:" conv "\"}"

static const char *const subjects[] = {
	SUBJ("s1", "10:01:00.000", "bob@example.com", "s1@x", "Invoice 7"),
	SUBJ("s2", "10:02:00.000", "bob@example.com", "s2@x",
	    "Re: RE: Fwd: invoice 7"),
	SUBJ("s3", "10:03:00.000", "bob@example.com", "s3@x",
	    "Re[2]: Invoice 7"),
	SUBJ("s4", "10:04:00.000", "ana@example.com", "s4@x", "Invoice 7"),
	SUBJ("s5", "10:05:00.000", "bob@example.com", "s5@x",
	    "Reply: Invoice 7"),
	SUBJ("s6", "10:06:00.000", "bob@example.com", "s6@x",
	    "AW:FW:  Invoice 7"),
	SUBJ("s7", "10:07:00.000", "bob@example.com", "s7@x", "Invoice 8"),
	/* Nothing left of these subjects: nothing to thread by. */
	SUBJ("s8", "10:08:00.000", "bob@example.com", "s8@x", "Re:"),
	SUBJ("s9", "10:09:00.000", "bob@example.com", "s9@x", "Fwd:  "),
};

static const char *const subjects_off[] = {
	SUBJOUT("s1", "10:01:00.000", "bob@example.com", "s1@x", "Invoice 7",
	    BOB, "s1@x"),
	SUBJOUT("s2", "10:02:00.000", "bob@example.com", "s2@x",
	    "Re: RE: Fwd: invoice 7", BOB, "s2@x"),
	SUBJOUT("s3", "10:03:00.000", "bob@example.com", "s3@x",
	    "Re[2]: Invoice 7", BOB, "s3@x"),
	SUBJOUT("s4", "10:04:00.000", "ana@example.com", "s4@x", "Invoice 7",
	    ANA, "s4@x"),
	SUBJOUT("s5", "10:05:00.000", "bob@example.com", "s5@x",
	    "Reply: Invoice 7", BOB, "s5@x"),
	SUBJOUT("s6", "10:06:00.000", "bob@example.com", "s6@x",
	    "AW:FW:  Invoice 7", BOB, "s6@x"),
	SUBJOUT("s7", "10:07:00.000", "bob@example.com", "s7@x", "Invoice 8",
	    BOB, "s7@x"),
	SUBJOUT("s8", "10:08:00.000", "bob@example.com", "s8@x", "Re:",
	    BOB, "s8@x"),
	SUBJOUT("s9", "10:09:00.000", "bob@example.com", "s9@x", "Fwd:  ",
	    BOB, "s9@x"),
};

static const char *const subjects_on[] = {
	SUBJOUT("s1", "10:01:00.000", "bob@example.com", "s1@x", "Invoice 7",
	    BOB, "s1@x"),
	SUBJOUT("s2", "10:02:00.000", "bob@example.com", "s2@x",
	    "Re: RE: Fwd: invoice 7", BOB, "s1@x"),
	SUBJOUT("s3", "10:03:00.000", "bob@example.com", "s3@x",
	    "Re[2]: Invoice 7", BOB, "s1@x"),
	/* Another customer's "Invoice 7" is another thread. */
	SUBJOUT("s4", "10:04:00.000", "ana@example.com", "s4@x", "Invoice 7",
	    ANA, "s4@x"),
	/* "Reply:" is no prefix. */
	SUBJOUT("s5", "10:05:00.000", "bob@example.com", "s5@x",
	    "Reply: Invoice 7", BOB, "s5@x"),
	SUBJOUT("s6", "10:06:00.000", "bob@example.com", "s6@x",
	    "AW:FW:  Invoice 7", BOB, "s1@x"),
	SUBJOUT("s7", "10:07:00.000", "bob@example.com", "s7@x", "Invoice 8",
	    BOB, "s7@x"),
	SUBJOUT("s8", "10:08:00.000", "bob@example.com", "s8@x", "Re:",
	    BOB, "s8@x"),
	SUBJOUT("s9", "10:09:00.000", "bob@example.com", "s9@x", "Fwd:  ",
	    BOB, "s9@x"),
};

static void
test_subjects(void)
{
	struct run r = { 0 };

	r.o.stitch = 1;
	run_lines(&r, subjects, NELEM(subjects));
	check_lines(&r, "subjects, off", subjects_off, NELEM(subjects_off));
	r.o.thread_subject = 1;
	run_lines(&r, subjects, NELEM(subjects));
	check_lines(&r, "subjects, on", subjects_on, NELEM(subjects_on));
	run_free(&r);
}

/* --- idle conversations --------------------------------------------------- */

#define EV(id, t, ch, rest) "{\"id\":\"" id "\"," TS(t) ",\"channel\":\"" ch \
	"\",\"direction\":\"in\"" rest "}"
#define IDS_PHONE ",\"ids\":{\"phone\":\"+34600111222\"}"

static const char *const idle_in[] = {
	EV("i1", "09:00:00.000", "sms", IDS_PHONE ",\"conversation\":\"sms:1\""),
	EV("i9", "09:10:00.000", "chat", IDS_PHONE ",\"conversation\":\"chat-1\""),
	EV("i2", "09:30:00.000", "sms", ",\"conversation\":\"sms:1\""),
	/* Exactly --idle after i2: the same conversation. */
	EV("i3", "10:30:00.000", "sms", IDS_PHONE ",\"conversation\":\"sms:1\""),
	/* A millisecond more: a new one; the thread's first identity (i1's
	   phone) gives its customer before i5 names it. */
	EV("i4", "11:30:00.001", "sms", ",\"conversation\":\"sms:1\""),
	EV("i5", "11:31:00.000", "sms", IDS_PHONE ",\"conversation\":\"sms:1\""),
	EV("i6", "12:00:00.000", "in_person", IDS_PHONE),
	EV("i7", "13:00:00.000", "in_person", IDS_PHONE),
	EV("i8", "14:00:00.001", "in_person", IDS_PHONE),
	/* A chat's own conversation is kept, however long the silence. */
	EV("i10", "15:00:00.000", "chat", ",\"conversation\":\"chat-1\""),
	EV("i11", "16:00:00.000", "other", ""),
};

static const char *const idle_out[] = {
	EV("i1", "09:00:00.000", "sms", IDS_PHONE ",\"conversation\":"
	    "\"sms:1@2024-03-04T09:00:00.000Z\",\"customer\":\"" PHONE "\""),
	EV("i9", "09:10:00.000", "chat", IDS_PHONE ",\"conversation\":"
	    "\"chat-1\",\"customer\":\"" PHONE "\""),
	EV("i2", "09:30:00.000", "sms", ",\"conversation\":"
	    "\"sms:1@2024-03-04T09:00:00.000Z\",\"customer\":\"" PHONE "\""),
	EV("i3", "10:30:00.000", "sms", IDS_PHONE ",\"conversation\":"
	    "\"sms:1@2024-03-04T09:00:00.000Z\",\"customer\":\"" PHONE "\""),
	EV("i4", "11:30:00.001", "sms", ",\"conversation\":"
	    "\"sms:1@2024-03-04T11:30:00.001Z\",\"customer\":\"" PHONE "\""),
	EV("i5", "11:31:00.000", "sms", IDS_PHONE ",\"conversation\":"
	    "\"sms:1@2024-03-04T11:30:00.001Z\",\"customer\":\"" PHONE "\""),
	EV("i6", "12:00:00.000", "in_person", IDS_PHONE ",\"customer\":\""
	    PHONE "\",\"conversation\":\"in_person:" PHONE
	    "@2024-03-04T12:00:00.000Z\""),
	EV("i7", "13:00:00.000", "in_person", IDS_PHONE ",\"customer\":\""
	    PHONE "\",\"conversation\":\"in_person:" PHONE
	    "@2024-03-04T12:00:00.000Z\""),
	EV("i8", "14:00:00.001", "in_person", IDS_PHONE ",\"customer\":\""
	    PHONE "\",\"conversation\":\"in_person:" PHONE
	    "@2024-03-04T14:00:00.001Z\""),
	EV("i10", "15:00:00.000", "chat", ",\"conversation\":\"chat-1\","
	    "\"customer\":\"" PHONE "\""),
	EV("i11", "16:00:00.000", "other", ""),
};

static void
test_idle(void)
{
	struct run r = { 0 };

	r.o.stitch = 1;
	r.o.idle_ms = 3600 * 1000;
	run_lines(&r, idle_in, NELEM(idle_in));
	check_lines(&r, "idle", idle_out, NELEM(idle_out));
	run_free(&r);
}

/* Without --stitch, idle conversations use the event's own customer. */
static void
test_idle_own_customer(void)
{
	static const char *const in[] = {
		EV("v1", "09:00:00.000", "in_person", ",\"customer\":\"c-1\""),
		EV("v2", "09:59:00.000", "in_person", ",\"customer\":\"c-1\""),
		EV("v3", "11:00:00.000", "in_person", ",\"customer\":\"c-1\""),
		EV("v4", "11:01:00.000", "in_person", IDS_PHONE),
	};
	static const char *const want[] = {
		EV("v1", "09:00:00.000", "in_person", ",\"customer\":\"c-1\","
		    "\"conversation\":\"in_person:c-1@2024-03-04T09:00:00.000Z\""),
		EV("v2", "09:59:00.000", "in_person", ",\"customer\":\"c-1\","
		    "\"conversation\":\"in_person:c-1@2024-03-04T09:00:00.000Z\""),
		EV("v3", "11:00:00.000", "in_person", ",\"customer\":\"c-1\","
		    "\"conversation\":\"in_person:c-1@2024-03-04T11:00:00.000Z\""),
		/* Identities are not read without --stitch. */
		EV("v4", "11:01:00.000", "in_person", IDS_PHONE),
	};
	struct run r = { 0 };

	r.o.idle_ms = 3600 * 1000;
	run_lines(&r, in, NELEM(in));
	check_lines(&r, "idle, own customer", want, NELEM(want));
	run_free(&r);
}

/* --- cases ---------------------------------------------------------------- */

static void
test_cases(void)
{
	static const char *const in[] = {
		EV("c1", "09:00:00.000", "phone", IDS_PHONE),
		/* Exactly --cases after c1: the same case. */
		EV("c2", "10:00:00.000", "email", IDS_PHONE
		    ",\"conversation\":\"m1\""),
		/* A millisecond more: a new case, channels afresh. */
		EV("c3", "11:00:00.001", "chat", IDS_PHONE
		    ",\"conversation\":\"ch\""),
		EV("c4", "11:30:00.000", "chat", ",\"ids\":{},"
		    "\"conversation\":\"ch\""),
		EV("c5", "12:00:00.000", "sms", IDS_PHONE),
	};
	static const char *const want[] = {
		EV("c1", "09:00:00.000", "phone", IDS_PHONE ",\"customer\":\""
		    PHONE "\",\"case\":\"" PHONE "/2024-03-04T09:00:00.000Z\","
		    "\"case_channels\":[\"phone\"]"),
		EV("c2", "10:00:00.000", "email", IDS_PHONE
		    ",\"conversation\":\"m1\",\"customer\":\"" PHONE "\","
		    "\"case\":\"" PHONE "/2024-03-04T09:00:00.000Z\","
		    "\"case_channels\":[\"phone\",\"email\"]"),
		EV("c3", "11:00:00.001", "chat", IDS_PHONE
		    ",\"conversation\":\"ch\",\"customer\":\"" PHONE "\","
		    "\"case\":\"" PHONE "/2024-03-04T11:00:00.001Z\","
		    "\"case_channels\":[\"chat\"]"),
		EV("c4", "11:30:00.000", "chat", ",\"ids\":{},"
		    "\"conversation\":\"ch\",\"customer\":\"" PHONE "\","
		    "\"case\":\"" PHONE "/2024-03-04T11:00:00.001Z\","
		    "\"case_channels\":[\"chat\"]"),
		EV("c5", "12:00:00.000", "sms", IDS_PHONE ",\"customer\":\""
		    PHONE "\",\"case\":\"" PHONE "/2024-03-04T11:00:00.001Z\","
		    "\"case_channels\":[\"chat\",\"sms\"]"),
	};
	struct run r = { 0 };

	r.o.stitch = 1;
	r.o.case_gap_ms = 3600 * 1000;
	run_lines(&r, in, NELEM(in));
	check_lines(&r, "cases", want, NELEM(want));
	run_free(&r);
}

/* --- identity maps -------------------------------------------------------- */

static const char *const known[] = {
	EV("k1", "09:00:00.000", "email", ",\"ids\":{\"email\":\"ana@example.com\"}"),
	EV("k2", "10:00:00.000", "phone", IDS_PHONE),
	EV("k3", "11:00:00.000", "phone", ",\"ids\":{\"account\":\"CRM-9\"}"),
	EV("k4", "12:00:00.000", "phone", ",\"ids\":{\"phone\":\"+34600999888\"}"),
	EV("k5", "13:00:00.000", "email", ",\"ids\":{\"email\":\"carl@example.com\"}"),
	EV("k6", "14:00:00.000", "social", ",\"ids\":{\"handle\":\"x:bob_1\"}"),
	EV("k7", "15:00:00.000", "email", ",\"ids\":{\"email\":\"bob@example.com\"}"),
};

#define KNOWN_OUT(c1, c2, c3, c4, c5, c6, c7) { \
	EV("k1", "09:00:00.000", "email", \
	    ",\"ids\":{\"email\":\"ana@example.com\"},\"customer\":\"" c1 "\""), \
	EV("k2", "10:00:00.000", "phone", IDS_PHONE ",\"customer\":\"" c2 "\""), \
	EV("k3", "11:00:00.000", "phone", \
	    ",\"ids\":{\"account\":\"CRM-9\"},\"customer\":\"" c3 "\""), \
	EV("k4", "12:00:00.000", "phone", \
	    ",\"ids\":{\"phone\":\"+34600999888\"},\"customer\":\"" c4 "\""), \
	EV("k5", "13:00:00.000", "email", \
	    ",\"ids\":{\"email\":\"carl@example.com\"},\"customer\":\"" c5 "\""), \
	EV("k6", "14:00:00.000", "social", \
	    ",\"ids\":{\"handle\":\"x:bob_1\"},\"customer\":\"" c6 "\""), \
	EV("k7", "15:00:00.000", "email", \
	    ",\"ids\":{\"email\":\"bob@example.com\"},\"customer\":\"" c7 "\""), \
}

static const char csv_map[] =
    "Name,EMAIL,Phone,Account,notes\r\n"
    "Ana,\"Ana@Example.com\",600 111 222,CRM-9,\"likes, commas\"\r\n"
    "Bob,bob@example.com\r\n"
    "nobody,,,,\r\n"
    "bad,not-an-email,abc,,\r\n"
    "\"Carl\nSmith\",\" carl@example.com \",\"+34 600 999 888\",,\r\n"
    "Dan,dan@example.com,,,\"unterminated\r\n";

static void
test_csv_map(void)
{
	static const char *const with_region[] = KNOWN_OUT(ANA, ANA, ANA,
	    PHONE9, PHONE9, BOBH, BOB);
	static const char *const without[] = KNOWN_OUT(ANA, PHONE, ANA,
	    PHONE9, PHONE9, BOBH, BOB);
	struct run r = { 0 };
	const char *maps[1];
	char *text, want[512];

	maps[0] = write_file("crm.csv", csv_map);
	r.o.stitch = 1;
	r.o.region = "ES";
	r.maps = maps;
	r.nmaps = 1;
	capture_begin();
	run_lines(&r, known, NELEM(known));
	text = capture_end();
	check_lines(&r, "CSV map, --country ES", with_region,
	    NELEM(with_region));
	/* nobody, bad and Dan's unterminated quote. */
	snprintf(want, sizeof(want), "%s: %s: 3 rows without an identity "
	    "skipped\n", diag_progname(), maps[0]);
	is_str(text, want, "rows without an identity counted");
	free(text);
	/* Without a country, "600 111 222" is nobody's number. */
	r.o.region = NULL;
	capture_begin();
	run_lines(&r, known, NELEM(known));
	free(capture_end());
	check_lines(&r, "CSV map, no country", without, NELEM(without));

	/* Columns not named: nothing links. */
	maps[0] = write_file("none.csv", "name,mail\nAna,ana@example.com\n");
	capture_begin();
	run_lines(&r, known, NELEM(known));
	text = capture_end();
	snprintf(want, sizeof(want), "%s: %s: 1 rows without an identity "
	    "skipped\n", diag_progname(), maps[0]);
	is_str(text, want, "no known column");
	free(text);
	run_free(&r);
}

static const char json_map[] =
    "{\"ids\":{\"email\":\"Ana@Example.com\",\"phone\":\"+34600111222\"}}\n"
    "{\"email\":\"bob@example.com\",\"handle\":\"x:Bob_1\",\"name\":\"Bob\"}\n"
    "{\"ts\":\"2024-03-01T00:00:00.000Z\",\"identities\":"
    "[\"email:carl@example.com\",\"phone:+34 600 999 888\",\"bogus:1\",5]}\n"
    "{\"nothing\":1}\n"
    "not json\n"
    "{\"ids\":{\"name\":\"Ana\"}}\n"
    "\n";

static void
test_json_map(void)
{
	/* carl and his phone first seen on 1 March, by the map: a tie, the
	   smaller text; CRM-9 is not in this map. */
	static const char *const want[] = KNOWN_OUT(ANA, ANA, CRM9, CARL,
	    CARL, BOBH, BOBH);
	struct run r = { 0 };
	const char *maps[1];
	char *text, want_err[512];

	maps[0] = write_file("links.jsonl", json_map);
	r.o.stitch = 1;
	r.maps = maps;
	r.nmaps = 1;
	capture_begin();
	run_lines(&r, known, NELEM(known));
	text = capture_end();
	check_lines(&r, "JSON map", want, NELEM(want));
	/* nothing, not json and a name; a blank line is no row. */
	snprintf(want_err, sizeof(want_err), "%s: %s: 3 rows without an "
	    "identity skipped\n", diag_progname(), maps[0]);
	is_str(text, want_err, "rows without an identity counted");
	free(text);
	run_free(&r);
}

static void
test_map_errors(void)
{
	struct diag d = { 0 };
	struct stitch_options o = { 1, 0, 0, 0, NULL, 0 };
	struct stitch *s = stitch_new(&o, &d);
	char err[512], want[512], path[128];

	snprintf(path, sizeof(path), "%s/missing.csv", dir);
	is_int(stitch_add_map(s, path, err, sizeof(err)), -1, "no such file");
	snprintf(want, sizeof(want), "%s: %s", path, strerror(ENOENT));
	is_str(err, want, "the path and the reason");
	is_int(stitch_add_map(s, dir, err, sizeof(err)), -1, "a directory");
	snprintf(want, sizeof(want), "%s: %s", dir, strerror(EISDIR));
	is_str(err, want, "the path and the reason");
	stitch_free(s);
}

/* --- links only, and the state -------------------------------------------- */

static void
test_links(void)
{
	static const char *const in[] = {
		EV("l1", "09:00:00.000", "email", ",\"ids\":{\"email\":"
		    "\"ana@example.com\",\"phone\":\"+34600111222\"}"),
		EV("l2", "08:00:00.000", "social", ",\"ids\":{\"handle\":"
		    "\"x:ana\",\"phone\":\"+34600111222\"}"),
	};
	/* A map row's identities are added strongest first, whatever the
	   order of its columns. */
	static const char links[] =
	    "{\"ts\":null,\"identities\":[\"account:CRM-1\"]}\n"
	    "{\"ts\":\"2024-03-04T09:00:00.000Z\",\"identities\":"
	    "[\"email:ana@example.com\"]}\n"
	    "{\"ts\":\"2024-03-04T08:00:00.000Z\",\"identities\":"
	    "[\"phone:+34600111222\"]}\n"
	    "{\"ts\":\"2024-03-04T08:00:00.000Z\",\"identities\":"
	    "[\"handle:x:ana\"]}\n"
	    "{\"ts\":null,\"identities\":"
	    "[\"account:CRM-1\",\"email:ana@example.com\"]}\n"
	    "{\"ts\":\"2024-03-04T08:00:00.000Z\",\"identities\":"
	    "[\"phone:+34600111222\",\"handle:x:ana\"]}\n"
	    "{\"ts\":\"2024-03-04T09:00:00.000Z\",\"identities\":"
	    "[\"email:ana@example.com\",\"phone:+34600111222\"]}\n";
	struct diag d = { 0 };
	struct stitch_options o = { 1, 0, 0, 0, NULL, 0 };
	struct stitch *s;
	struct event_view ev;
	struct event_error eerr;
	char err[512], path[128], state[128], *text;
	const char *map, *out;
	size_t i, len;
	int status;

	map = write_file("crm1.csv", "email,account\nana@example.com,CRM-1\n");
	snprintf(path, sizeof(path), "%s/links.jsonl", dir);
	snprintf(state, sizeof(state), "%s/ids.state", dir);
	s = stitch_new(&o, &d);
	event_view_init(&ev);
	is_int(stitch_add_map(s, map, err, sizeof(err)), 0, "map read");
	for (i = 0; i < NELEM(in); i++)
		if (event_parse(&ev, in[i], strlen(in[i]), &eerr) != 0 ||
		    stitch_seen(s, &ev, "t.jsonl", i + 1, NULL) != 0)
			diag("line %zu", i + 1);
	is_int(stitch_settle(s, NULL), 0, "settled");
	text = links_text(s, path, &status);
	is_int(status, 0, "links written");
	is_str(text, links, "identities in the order read, then links in "
	    "time order");
	free(text);
	/* The earliest: handle:x:ana and the phone at 08:00, the handle's
	   text the smaller. */
	if (event_parse(&ev, in[0], strlen(in[0]), &eerr) == 0)
		stitch_emit(s, ev.ts_ms, in[0], strlen(in[0]), NULL, &out,
		    &len);
	ok(len > 0 && strstr(out, "\"customer\":\"" ANAH "\"") != NULL,
	    "the key of the events alone");
	is_int(stitch_save_state(s, state, err, sizeof(err)), 0, "state saved");
	stitch_free(s);

	/* The links given back as a map, with no events: the same key. */
	s = stitch_new(&o, &d);
	is_int(stitch_add_map(s, path, err, sizeof(err)), 0, "links read back");
	is_int(stitch_settle(s, NULL), 0, "settled");
	if (event_parse(&ev, in[0], strlen(in[0]), &eerr) == 0)
		stitch_emit(s, ev.ts_ms, in[0], strlen(in[0]), NULL, &out,
		    &len);
	ok(strstr(out, "\"customer\":\"" ANAH "\"") != NULL,
	    "the same key from the links");
	stitch_free(s);

	/* And from the state. */
	s = stitch_new(&o, &d);
	is_int(stitch_load_state(s, state, err, sizeof(err)), 0, "state read");
	is_int(stitch_settle(s, NULL), 0, "settled");
	if (event_parse(&ev, in[1], strlen(in[1]), &eerr) == 0)
		stitch_emit(s, ev.ts_ms, in[1], strlen(in[1]), NULL, &out,
		    &len);
	ok(strstr(out, "\"customer\":\"" ANAH "\"") != NULL,
	    "the same key from the state");
	write_file("bad.state", "nonsense\n");
	snprintf(state, sizeof(state), "%s/bad.state", dir);
	is_int(stitch_load_state(s, state, err, sizeof(err)), -1,
	    "a bad state");
	stitch_free(s);
	event_view_free(&ev);
	unlink(path);
	snprintf(path, sizeof(path), "%s/ids.state", dir);
	unlink(path);
}

/*
 * One "ids" object, byte for byte, on many events (what the span cache
 * keeps): two conversations of one person interleaved, one opened by an
 * event that names nobody; the customer, the conversations and the case
 * are those of events that each spell their ids.
 */
static void
test_repeated_ids(void)
{
	static const char *const in[] = {
		EV("a1", "09:00:00.000", "chat", IDS_PHONE
		    ",\"conversation\":\"c-A\""),
		EV("b0", "09:01:00.000", "chat", ",\"conversation\":\"c-B\""),
		EV("b1", "09:02:00.000", "chat", IDS_PHONE
		    ",\"conversation\":\"c-B\""),
		EV("a2", "09:03:00.000", "phone", IDS_PHONE
		    ",\"conversation\":\"c-A\""),
		EV("b2", "09:04:00.000", "chat", IDS_PHONE
		    ",\"conversation\":\"c-B\""),
		EV("z1", "09:05:00.000", "chat", ",\"conversation\":\"c-Z\""),
	};
#define CASE9 ",\"case\":\"" PHONE "/2024-03-04T09:00:00.000Z\""
	static const char *const want[] = {
		EV("a1", "09:00:00.000", "chat", IDS_PHONE
		    ",\"conversation\":\"c-A\",\"customer\":\"" PHONE "\""
		    CASE9 ",\"case_channels\":[\"chat\"]"),
		EV("b0", "09:01:00.000", "chat", ",\"conversation\":\"c-B\","
		    "\"customer\":\"" PHONE "\"" CASE9
		    ",\"case_channels\":[\"chat\"]"),
		EV("b1", "09:02:00.000", "chat", IDS_PHONE
		    ",\"conversation\":\"c-B\",\"customer\":\"" PHONE "\""
		    CASE9 ",\"case_channels\":[\"chat\"]"),
		EV("a2", "09:03:00.000", "phone", IDS_PHONE
		    ",\"conversation\":\"c-A\",\"customer\":\"" PHONE "\""
		    CASE9 ",\"case_channels\":[\"phone\",\"chat\"]"),
		EV("b2", "09:04:00.000", "chat", IDS_PHONE
		    ",\"conversation\":\"c-B\",\"customer\":\"" PHONE "\""
		    CASE9 ",\"case_channels\":[\"phone\",\"chat\"]"),
		EV("z1", "09:05:00.000", "chat", ",\"conversation\":\"c-Z\""),
	};
#undef CASE9
	static const size_t backwards[] = { 5, 4, 3, 2, 1, 0 };
	struct run r = { 0 };

	r.o.stitch = 1;
	r.o.case_gap_ms = 72 * 3600 * 1000LL;
	run_lines(&r, in, NELEM(in));
	check_lines(&r, "one ids object on five events", want, NELEM(want));
	/* Phase one backwards: each sighting earlier than the cached one. */
	r.order = backwards;
	run_lines(&r, in, NELEM(in));
	check_lines(&r, "read backwards", want, NELEM(want));
	run_free(&r);
}

/*
 * The same "ids" bytes seen at 10:00, then at 08:00, then at 11:00: the
 * identities and their link keep the earliest sighting, though the bytes
 * were cached at 10:00.
 */
static void
test_repeated_ids_earlier(void)
{
	static const char *const in[] = {
		EV("r1", "10:00:00.000", "webform", ",\"ids\":{\"email\":"
		    "\"ana@example.com\",\"phone\":\"+34600111222\"}"),
		EV("r2", "08:00:00.000", "webform", ",\"ids\":{\"email\":"
		    "\"ana@example.com\",\"phone\":\"+34600111222\"}"),
		EV("r3", "11:00:00.000", "webform", ",\"ids\":{\"email\":"
		    "\"ana@example.com\",\"phone\":\"+34600111222\"}"),
	};
	static const char links[] =
	    "{\"ts\":\"2024-03-04T08:00:00.000Z\",\"identities\":"
	    "[\"email:ana@example.com\"]}\n"
	    "{\"ts\":\"2024-03-04T08:00:00.000Z\",\"identities\":"
	    "[\"phone:+34600111222\"]}\n"
	    "{\"ts\":\"2024-03-04T08:00:00.000Z\",\"identities\":"
	    "[\"email:ana@example.com\",\"phone:+34600111222\"]}\n";
	struct diag d = { 0 };
	struct stitch_options o = { 1, 0, 0, 0, NULL, 0 };
	struct stitch *s = stitch_new(&o, &d);
	struct event_view ev;
	struct event_error eerr;
	char path[128], *text;
	size_t i;
	int status;

	event_view_init(&ev);
	for (i = 0; i < NELEM(in); i++)
		if (event_parse(&ev, in[i], strlen(in[i]), &eerr) != 0 ||
		    stitch_seen(s, &ev, "t.jsonl", i + 1, NULL) != 0)
			diag("line %zu", i + 1);
	is_int(stitch_settle(s, NULL), 0, "settled");
	snprintf(path, sizeof(path), "%s/links.jsonl", dir);
	text = links_text(s, path, &status);
	is_int(status, 0, "links written");
	is_str(text, links, "repeated bytes: the earliest sighting kept");
	free(text);
	unlink(path);
	event_view_free(&ev);
	stitch_free(s);
}

/* --- the span cache changes nothing ------------------------------------- */

static uint64_t rng_state;

static uint32_t
rng(uint32_t n)
{
	/* xorshift64*: the same timelines on every machine. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dULL) >> 32) % n;
}

#define RANDOM_EVENTS 3000

/* One random event of one of 300 people, its "ids" spelt one of 8 ways. */
static char *
random_event(size_t i, int64_t *ts)
{
	static const char *const channels[] = { "email", "chat", "phone",
	    "messaging", "sms", "social", "webform" };
	/* Members phase two replaces, spelt every way (and the line's
	   own spacing below): a line written from its note must not differ. */
	static const char *const own[] = { "", "", "", ",\"customer\":\"old\"",
	    ",\"case\":\"c-1\"", ",\"case\": \"c-2\"",
	    ",\"case_channels\":[\"chat\"],\"customer\":null",
	    ",\"\\u0063ase\":\"c-3\"", ",\"conversation_x\":1,\"case\":null" };
	char ids[256], conv[64], extra[160], when[TIMEFMT_TS_LEN + 1];
	char *line = malloc(1024);
	uint32_t p = rng(300), form = rng(8), ch = rng(7), o = rng(9);
	uint32_t spacing = rng(8);

	*ts = 1709251200000LL + (int64_t)rng(10 * 86400) * 1000;
	(void)timefmt_format_ts(*ts, when);
	switch (form) {
	case 0:
		ids[0] = '\0';		/* names nobody */
		break;
	case 1:
		snprintf(ids, sizeof(ids), ",\"ids\":{\"email\":\"p%u@x.es\"}", p);
		break;
	case 2:
		snprintf(ids, sizeof(ids), ",\"ids\":{\"phone\":\"+346%08u\"}", p);
		break;
	case 3:
		snprintf(ids, sizeof(ids), ",\"ids\":{\"email\":\"p%u@x.es\","
		    "\"phone\":\"+346%08u\"}", p, p);
		break;
	case 4:
		snprintf(ids, sizeof(ids), ",\"ids\":{ \"phone\" : \"+346%08u\" ,"
		    "\"email\":\"P%u@X.es\"}", p, p);
		break;
	case 5:
		snprintf(ids, sizeof(ids), ",\"ids\":{\"handle\":\"x:p%u\","
		    "\"phone\":\"+346%08u\"}", p, (p * 7) % 300);
		break;
	case 6:		/* accounts: some links refused */
		snprintf(ids, sizeof(ids), ",\"ids\":{\"account\":\"A%u\","
		    "\"email\":\"p%u@x.es\"}", p % 40, p);
		break;
	default:
		snprintf(ids, sizeof(ids), ",\"ids\":{\"email\":\"p%u@x.es\","
		    "\"handle\":\"x:p%u\",\"phone\":\"+346%08u\",\"account\":"
		    "\"A-long-enough-to-make-the-object-too-long-to-cache\"}",
		    p, p, p);
		break;
	}
	conv[0] = '\0';
	if (rng(10) != 0)
		snprintf(conv, sizeof(conv), rng(8) ? ",\"conversation\":"
		    "\"c%u-%u\"" : ",\"conversation\":\"\\u0063%u-%u\"", p,
		    rng(3));
	extra[0] = '\0';
	if (ch == 0 && rng(4) != 0)
		snprintf(extra, sizeof(extra), ",\"message_id\":\"<m%zu@x>\","
		    "\"references\":\"<m%u@x>\",\"subject\":\"Re: order %u\"",
		    i, rng(RANDOM_EVENTS), p % 5);
	else if (ch == 3 && rng(2) != 0)
		snprintf(extra, sizeof(extra), ",\"source\":\"whatsapp\"");
	snprintf(line, 1024, "%s{\"id\":\"r%zu\",\"ts\":\"%s\",\"channel\":"
	    "\"%s\",%s\"direction\":\"in\"%s%s%s%s}%s",
	    spacing == 1 ? " " : "", i, when, channels[ch],
	    spacing == 2 ? " " : "", own[o], ids, conv, extra,
	    spacing == 3 ? " " : "");
	return line;
}

/* Both phases over lines (phase one in order[]), into out; links too.
   Cases of 72 h when cases, else none. */
struct stitched {
	struct jsonl_buf out;	/* the lines written */
	char *links, *err;	/* the links file, stderr */
	uint64_t noted;		/* lines written from notes */
};

static void
stitch_all(unsigned bits, int notes, int cases, char *const *lines,
    const int64_t *ts, const size_t *order, const size_t *when, size_t n,
    struct stitched *r)
{
	struct jsonl_buf *out = &r->out;
	static unsigned char note[RANDOM_EVENTS][STITCH_NOTE_SIZE];
	struct stitch_options o = { 1, cases ? 72 * 3600 * 1000LL : 0,
	    24 * 3600 * 1000LL, 1, NULL, bits };
	struct diag d = { 0 };
	struct stitch *s = stitch_new(&o, &d);
	struct event_view ev;
	struct event_error eerr;
	char path[128];
	const char *line;
	size_t i, len;
	int status;

	event_view_init(&ev);
	for (i = 0; i < n; i++)
		if (event_parse(&ev, lines[order[i]], strlen(lines[order[i]]),
		    &eerr) != 0 || stitch_seen(s, &ev, "r.jsonl",
		    order[i] + 1, memset(note[order[i]], 0, STITCH_NOTE_SIZE))
		    != 0)
			diag("random line %zu: %s", order[i] + 1, eerr.reason);
	capture_begin();
	(void)stitch_settle(s, NULL);
	r->err = capture_end();
	snprintf(path, sizeof(path), "%s/links.jsonl", dir);
	r->links = links_text(s, path, &status);
	if (status != 0)
		diag("random links not written");
	unlink(path);
	out->len = 0;
	for (i = 0; i < n; i++) {
		if (stitch_emit(s, ts[when[i]], lines[when[i]],
		    strlen(lines[when[i]]), notes ? note[when[i]] : NULL, &line,
		    &len) != 0)
			diag("emit failed");
		jsonl_buf_append(out, line, len);
		jsonl_buf_append(out, "\n", 1);
	}
	r->noted = stitch_noted_lines(s);
	event_view_free(&ev);
	stitch_free(s);
}

/* The same lines, links and messages. */
static int
same_stitched(const struct stitched *a, const struct stitched *b)
{
	return a->out.len == b->out.len &&
	    memcmp(a->out.data, b->out.data, a->out.len) == 0 &&
	    strcmp(a->links, b->links) == 0 && strcmp(a->err, b->err) == 0;
}

static void
stitched_free(struct stitched *r)
{
	free(r->links);
	free(r->err);
	r->links = r->err = NULL;
}

/*
 * Random timelines of 300 people (every spelling of their ids, accounts
 * that refuse links, objects too long to cache, e-mail threads, idle
 * channels, anonymous events, lines spaced and spelt every way, members
 * to replace or not, read out of time order): stitched with the cache of
 * 65,536 "ids" objects and with a cache of 2, which evicts at almost
 * every event, and with phase one's notes given to phase two, the
 * output, the links and the conflicts are the same bytes.
 */
static void
test_cache_changes_nothing(void)
{
	static char *lines[RANDOM_EVENTS];
	static int64_t ts[RANDOM_EVENTS];
	static size_t order[RANDOM_EVENTS], when[RANDOM_EVENTS];
	struct stitched big = { 0 }, tiny = { 0 }, noted = { 0 };
	uint64_t fewest = UINT64_MAX, most = 0, none = 0;
	size_t i, k, w;
	int seed, same = 1, same_noted = 1, same_uncased = 1, customers = 1;

	for (seed = 1; seed <= 4; seed++) {
		rng_state = 0x9e3779b97f4a7c15ULL * (uint64_t)seed;
		for (i = 0; i < RANDOM_EVENTS; i++) {
			lines[i] = random_event(i, &ts[i]);
			order[i] = seed % 2 ? i : RANDOM_EVENTS - 1 - i;
			when[i] = i;
		}
		for (i = 1; i < RANDOM_EVENTS; i++)
			for (k = i; k > 0 && ts[when[k - 1]] > ts[when[k]];
			    k--) {
				w = when[k];
				when[k] = when[k - 1];
				when[k - 1] = w;
			}
		stitch_all(0, 0, 1, lines, ts, order, when, RANDOM_EVENTS,
		    &big);
		stitch_all(1, 0, 1, lines, ts, order, when, RANDOM_EVENTS,
		    &tiny);
		stitch_all(0, 1, 1, lines, ts, order, when, RANDOM_EVENTS,
		    &noted);
		same &= same_stitched(&big, &tiny);
		same_noted &= same_stitched(&big, &noted);
		none += big.noted + tiny.noted;
		if (noted.noted < fewest)
			fewest = noted.noted;
		if (noted.noted > most)
			most = noted.noted;
		/* Not a vacuous run: customers, links and conflicts. */
		customers &= memmem(big.out.data, big.out.len,
		    "\"customer\":\"cust-", 17) != NULL &&
		    strstr(big.links, "\"identities\":[\"") != NULL &&
		    strstr(big.err, "two different accounts") != NULL;
		if (!same)
			is_mem(tiny.out.data, tiny.out.len, big.out.data,
			    big.out.len, "seed %d: output with a tiny cache",
			    seed);
		if (!same_noted)
			is_mem(noted.out.data, noted.out.len, big.out.data,
			    big.out.len, "seed %d: output from notes", seed);
		stitched_free(&big);
		stitched_free(&tiny);
		stitched_free(&noted);
		/* Without cases, from notes and not. */
		stitch_all(0, 0, 0, lines, ts, order, when, RANDOM_EVENTS,
		    &big);
		stitch_all(0, 1, 0, lines, ts, order, when, RANDOM_EVENTS,
		    &noted);
		same_uncased &= same_stitched(&big, &noted) &&
		    noted.noted > RANDOM_EVENTS / 10;
		if (!same_uncased)
			is_mem(noted.out.data, noted.out.len, big.out.data,
			    big.out.len, "seed %d: output from notes, no cases",
			    seed);
		stitched_free(&big);
		stitched_free(&noted);
		for (i = 0; i < RANDOM_EVENTS; i++)
			free(lines[i]);
	}
	ok(same, "4 random timelines of %d events: a cache of 2 slots gives "
	    "the bytes of one of 65,536", RANDOM_EVENTS);
	ok(same_noted, "and phase one's notes give the same bytes too");
	ok(same_uncased, "and without cases, from notes and not");
	/* Both ways taken: the notes' lines and the lines split again. */
	ok(none == 0 && fewest > RANDOM_EVENTS / 10 && most <
	    RANDOM_EVENTS * 9 / 10, "lines written from notes: %llu..%llu of "
	    "%d, none without notes", (unsigned long long)fewest,
	    (unsigned long long)most, RANDOM_EVENTS);
	ok(customers, "and they had customers, links and conflicts");
	jsonl_buf_free(&big.out);
	jsonl_buf_free(&tiny.out);
	jsonl_buf_free(&noted.out);
}

static void
cleanup(void)
{
	static const char *const names[] = { "crm.csv", "none.csv",
	    "links.jsonl", "crm1.csv", "bad.state", "conflicts.jsonl" };
	char path[128];
	size_t i;

	for (i = 0; i < NELEM(names); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

int
main(int argc, char **argv)
{
	(void)argc;
	diag_init(argv[0]);
	if (mkdtemp(dir) == NULL) {
		diag("no temporary directory: %s", strerror(errno));
		return 1;
	}
	test_customers();
	test_conflicts();
	test_threads();
	test_unknown_parent();
	test_empty_ids();
	test_many();
	test_subjects();
	test_idle();
	test_idle_own_customer();
	test_cases();
	test_csv_map();
	test_json_map();
	test_map_errors();
	test_links();
	test_repeated_ids();
	test_repeated_ids_earlier();
	test_cache_changes_nothing();
	cleanup();
	return done_testing();
}
