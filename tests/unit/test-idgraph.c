/*
 * test-idgraph.c - the identity graph: identities found again with their
 * earliest instant, sets joined and accounts never joined, keys from the
 * earliest identity (SHA-256 known answers from sha256sum), settling after
 * an instant moved earlier, the state file's exact text, its round trip
 * and every way it can be corrupt, and a million identities.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "idgraph.h"
#include "unit.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* 2024-03-04T09:00:00.000Z (date -u -d 2024-03-04T09:00:00Z +%s) */
#define T0 INT64_C(1709542800000)

static char dir[] = "/tmp/canal-idgraph-XXXXXX";
static char path[64];

static uint32_t
add(struct idgraph *g, const char *s, int64_t t)
{
	return idgraph_add(g, s, strlen(s), t);
}

static uint32_t
find(struct idgraph *g, const char *s)
{
	return idgraph_find(g, s, strlen(s));
}

static const char *
key_of(struct idgraph *g, uint32_t i)
{
	static char key[IDGRAPH_KEY_LEN + 1];

	idgraph_key(g, i, key);
	return key;
}

static void
write_file(const char *text, size_t len)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fwrite(text, 1, len, f) != len || fclose(f) != 0)
		diag("cannot write %s", path);
}

/* The whole file at path, NUL-terminated; its length in *len. */
static char *
read_file(size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 1 << 16);

	*len = 0;
	if (f != NULL) {
		*len = fread(buf, 1, (1 << 16) - 1, f);
		fclose(f);
	}
	return buf;
}

static void
test_identities(void)
{
	struct idgraph *g = idgraph_new();
	const char *t;
	size_t len;
	uint32_t e, p;

	is_int(idgraph_count(g), 0, "a new graph is empty");
	is_int(find(g, "email:a@b.es"), IDGRAPH_NONE, "nothing to find");
	e = add(g, "email:i.kim@example.com", T0 + 2000);
	p = add(g, "phone:+34600111222", T0 + 1000);
	is_int(e, 0, "indexes in the order added: 0");
	is_int(p, 1, "then 1");
	is_int(idgraph_count(g), 2, "two identities");
	is_int(add(g, "email:i.kim@example.com", T0 + 9000), e, "found again");
	is_int(idgraph_first(g, e), T0 + 2000, "a later instant: no change");
	is_int(add(g, "email:i.kim@example.com", T0 - 5), e, "and again");
	is_int(idgraph_first(g, e), T0 - 5, "an earlier instant is kept");
	is_int(idgraph_count(g), 2, "still two identities");
	is_int(find(g, "phone:+34600111222"), p, "find");
	is_int(find(g, "phone:+3460011122"), IDGRAPH_NONE, "not a prefix");
	is_int(find(g, "phone:+346001112222"), IDGRAPH_NONE, "nor a longer");
	t = idgraph_text(g, e, &len);
	is_mem(t, len, "email:i.kim@example.com", 23, "text and length");
	is_int(t[len], '\0', "the text is NUL-terminated");
	is_int(idgraph_root(g, e), e, "alone: its own root");
	is_int(idgraph_key_identity(g, e), e, "and its own key's identity");
	is_int(idgraph_account(g, e), IDGRAPH_NONE, "no account");
	/* Bytes are bytes: a NUL inside an identity is part of it. */
	is_int(idgraph_add(g, "handle:x:a\0b", 12, T0), 2, "a NUL inside");
	is_int(idgraph_find(g, "handle:x:a", 10), IDGRAPH_NONE,
	    "its prefix is not it");
	is_int(idgraph_find(g, "handle:x:a\0b", 12), 2, "found with its NUL");
	/* "account:" and nothing: not an account. */
	is_int(idgraph_account(g, add(g, "account:", T0)), IDGRAPH_NONE,
	    "an empty account is no account");
	is_int(idgraph_account(g, add(g, "account:X", T0)), 4,
	    "an account is its own set's account");
	idgraph_free(g);
	idgraph_free(NULL);
}

static void
test_links(void)
{
	struct idgraph *g = idgraph_new();
	uint32_t h, e, p, a1, a2, x, y, z, b;

	h = add(g, "handle:x:kimi_4", T0 + 3000);
	e = add(g, "email:i.kim@example.com", T0 + 2000);
	p = add(g, "phone:+34600111222", T0 + 1000);
	a1 = add(g, "account:CRM-1", T0 + 5000);
	a2 = add(g, "account:CRM-2", T0 + 5000);
	is_int(idgraph_link(g, h, e), 0, "link");
	is_int(idgraph_root(g, h), idgraph_root(g, e), "one set");
	is_int(idgraph_link(g, e, h), 0, "linked again: already one set");
	is_int(idgraph_link(g, h, h), 0, "an identity with itself");
	is_int(idgraph_key_identity(g, h), e, "the earliest is the key's");
	/* printf 'email:i.kim@example.com' | sha256sum | cut -c1-16 */
	is_str(key_of(g, h), "cust-8161d5cf8826d225",
	    "cust- and 16 hex digits of SHA-256");
	is_str(key_of(g, e), "cust-8161d5cf8826d225", "from any member");
	is_int(strlen(key_of(g, e)), IDGRAPH_KEY_LEN, "IDGRAPH_KEY_LEN");
	is_int(idgraph_link(g, e, a1), 0, "an account joins a set");
	is_int(idgraph_account(g, h), a1, "the set's account, from any member");
	is_int(idgraph_link(g, p, a2), 0, "another account, another set");
	is_int(idgraph_link(g, h, p), 1, "two accounts: refused");
	is_int(idgraph_link(g, a2, e), 1, "whichever members name them");
	is_int(idgraph_link(g, a1, a2), 1, "even the accounts themselves");
	ok(idgraph_root(g, h) != idgraph_root(g, p), "kept apart");
	is_int(idgraph_account(g, p), a2, "each keeps its account");
	is_str(key_of(g, a1), "cust-8161d5cf8826d225",
	    "an account is no stronger for the key");
	/* printf 'phone:+34600111222' | sha256sum | cut -c1-16 */
	is_str(key_of(g, a2), "cust-ffd165ccf4ef8f11", "the other set's key");

	/* A big set without an account joins a small one with: the account
	   goes to the joined root whichever side it was on. */
	x = add(g, "email:x@y.es", T0);
	y = add(g, "email:y@y.es", T0);
	z = add(g, "email:z@y.es", T0);
	b = add(g, "account:B", T0);
	idgraph_link(g, x, y);
	idgraph_link(g, y, z);
	is_int(idgraph_link(g, b, z), 0, "small set with an account joins");
	is_int(idgraph_account(g, x), b, "the big set now holds the account");
	is_int(idgraph_account(g, b), b, "seen from the account too");
	is_int(idgraph_link(g, x, a1), 1, "and a second one is refused");
	is_int(idgraph_link(g, add(g, "email:w@y.es", T0), x), 0,
	    "a set without an account joins a big one with");
	is_int(idgraph_account(g, find(g, "email:w@y.es")), b, "account kept");
	/* Ties at one instant: the smaller text.  account:B < email:w@y.es <
	   email:x@y.es...  printf 'account:B' | sha256sum | cut -c1-16 */
	is_int(idgraph_key_identity(g, z), b, "ties: the smaller text");
	is_str(key_of(g, y), "cust-682bc2300f9b4ba2", "its key");
	idgraph_free(g);
}

/* Ties by text whatever the order of adding and linking. */
static void
test_ties(void)
{
	static const char *const ids[] = { "email:ab@x.es", "email:aa@x.es",
	    "phone:+34600111222" };
	struct idgraph *g;
	int order, k;
	uint32_t i[3];

	for (order = 0; order < 6; order++) {
		g = idgraph_new();
		for (k = 0; k < 3; k++)
			i[k] = add(g, ids[(k + order) % 3], T0);
		if (order < 3) {
			idgraph_link(g, i[0], i[1]);
			idgraph_link(g, i[1], i[2]);
		} else {
			idgraph_link(g, i[2], i[1]);
			idgraph_link(g, i[0], i[2]);
		}
		/* printf 'email:aa@x.es' | sha256sum | cut -c1-16 */
		is_str(key_of(g, i[order % 3]), "cust-4d812c6beaf69504",
		    "order %d: email:aa@x.es is the key's", order);
		idgraph_free(g);
	}
	/* Past a NUL: "handle:x:a\0b" < "handle:x:a\0c", added and linked
	   either way round.  printf 'handle:x:a\0b' | sha256sum | cut -c1-16 */
	for (order = 0; order < 2; order++) {
		g = idgraph_new();
		i[0] = idgraph_add(g, order ? "handle:x:a\0b" : "handle:x:a\0c",
		    12, T0);
		i[1] = idgraph_add(g, order ? "handle:x:a\0c" : "handle:x:a\0b",
		    12, T0);
		idgraph_link(g, i[0], i[1]);
		is_str(key_of(g, i[0]), "cust-707ed921235bd608",
		    "order %d: ties past a NUL by bytes", order);
		idgraph_free(g);
	}
}

static void
test_settle(void)
{
	struct idgraph *g = idgraph_new();
	uint32_t h, e, p, q;

	h = add(g, "handle:x:kimi_4", T0 + 3000);
	e = add(g, "email:i.kim@example.com", T0 + 2000);
	p = add(g, "phone:+34600999888", T0 + 4000);
	q = add(g, "phone:+34600111222", T0 + 1000);
	idgraph_link(g, h, e);
	idgraph_link(g, e, p);
	is_str(key_of(g, h), "cust-8161d5cf8826d225", "e-mail first");
	/* The handle seen earlier after the sets were joined: the key moves
	   only when settled. */
	is_int(add(g, "handle:x:kimi_4", T0), h, "the handle again, earlier");
	is_int(idgraph_key_identity(g, e), e, "before settling");
	is_str(key_of(g, p), "cust-8161d5cf8826d225", "the key before");
	idgraph_settle(g);
	is_int(idgraph_key_identity(g, e), h, "after settling");
	/* printf 'handle:x:kimi_4' | sha256sum | cut -c1-16 */
	is_str(key_of(g, p), "cust-dbe29e014e9024a1", "the key after");
	is_int(idgraph_key_identity(g, q), q, "a set alone is its own key");
	/* Settling twice changes nothing, and a later instant never moves
	   a key. */
	add(g, "phone:+34600999888", T0 + 99000);
	idgraph_settle(g);
	idgraph_settle(g);
	is_str(key_of(g, e), "cust-dbe29e014e9024a1", "settled twice");
	/* Joining after settling: the earlier of the two keys wins at once. */
	is_int(idgraph_link(g, q, h), 0, "join the phone alone");
	is_int(idgraph_key_identity(g, e), h, "T0 beats T0 + 1s");
	add(g, "phone:+34600111222", T0 - 1);
	idgraph_settle(g);
	/* printf 'phone:+34600111222' | sha256sum | cut -c1-16 */
	is_str(key_of(g, h), "cust-ffd165ccf4ef8f11", "the phone, earlier");
	idgraph_free(g);
}

static const char odd[] = "account:odd\tname\\x\n\r";
static const char saved[] =
    "canal-identity-state 1\n"
    "account:odd\\tname\\\\x\\n\\r\t2024-03-04T09:00:00.000Z\t0\n"
    "email:a@b.es\t-\t0\n"
    "phone:+34600111222\t2024-03-04T09:00:03.000Z\t2\n"
    "handle:x:q\t2024-03-04T09:00:00.001Z\t2\n"
    "email:c@d.es\t1970-01-01T00:00:00.000Z\t4\n"
    "end 5\n";

static void
test_save_load(void)
{
	struct idgraph *g = idgraph_new(), *g2;
	char err[256], key1[IDGRAPH_KEY_LEN + 1];
	uint32_t a, b, c, h, k;
	size_t len;
	char *text;

	a = add(g, odd, T0);
	b = add(g, "email:a@b.es", INT64_MAX);
	c = add(g, "phone:+34600111222", T0 + 3000);
	h = add(g, "handle:x:q", T0 + 1);
	add(g, "email:c@d.es", 0);
	/* The root of a, b is b's (equal sizes: the first argument's). */
	idgraph_link(g, b, a);
	idgraph_link(g, h, c);
	idgraph_key(g, b, key1);
	is_int(idgraph_save(g, path, err, sizeof(err)), 0, "saved");
	text = read_file(&len);
	is_mem(text, len, saved, strlen(saved), "the state file's text");
	free(text);
	ok(access(path, F_OK) == 0, "in place");

	g2 = idgraph_new();
	is_int(idgraph_load(g2, path, err, sizeof(err)), 0, "loaded");
	is_int(idgraph_count(g2), 5, "five identities");
	is_int(idgraph_find(g2, odd, strlen(odd)), 0, "escapes undone, first");
	is_int(idgraph_first(g2, 0), T0, "its first instant");
	k = find(g2, "email:a@b.es");
	is_int(k, 1, "the second");
	is_int(idgraph_first(g2, k), INT64_MAX, "\"-\": never seen");
	is_int(idgraph_root(g2, k), idgraph_root(g2, 0), "one set again");
	is_int(idgraph_account(g2, k), 0, "with its account");
	is_str(key_of(g2, k), key1, "the same key after the round trip");
	is_int(idgraph_root(g2, 2), idgraph_root(g2, 3), "the other set");
	ok(idgraph_root(g2, 2) != idgraph_root(g2, 0), "apart from the first");
	is_int(idgraph_first(g2, 3), T0 + 1, "milliseconds kept");
	is_int(idgraph_first(g2, 4), 0, "the epoch is not \"-\"");
	is_int(idgraph_root(g2, 4), 4, "a set of one");
	/* Saved again: the same text. */
	is_int(idgraph_save(g2, path, err, sizeof(err)), 0, "saved again");
	text = read_file(&len);
	is_mem(text, len, saved, strlen(saved), "the same text");
	free(text);
	idgraph_free(g2);

	/* Loading adds to what is there: known identities keep their index
	   and the earlier instant. */
	g2 = idgraph_new();
	add(g2, "handle:x:q", T0 - 7);
	add(g2, "email:new@x.es", T0);
	is_int(idgraph_load(g2, path, err, sizeof(err)), 0, "loaded on top");
	is_int(idgraph_count(g2), 6, "six identities");
	is_int(find(g2, "handle:x:q"), 0, "the known one keeps its index");
	is_int(idgraph_first(g2, 0), T0 - 7, "and its earlier instant");
	is_int(idgraph_root(g2, 0), idgraph_root(g2, find(g2,
	    "phone:+34600111222")), "and joins its set");
	idgraph_free(g2);

	/* An empty graph. */
	g2 = idgraph_new();
	is_int(idgraph_save(g2, path, err, sizeof(err)), 0, "empty saved");
	text = read_file(&len);
	is_str(text, "canal-identity-state 1\nend 0\n", "header and end 0");
	free(text);
	is_int(idgraph_load(g2, path, err, sizeof(err)), 0, "empty loaded");
	is_int(idgraph_count(g2), 0, "nothing in it");
	idgraph_free(g2);

	/* A directory that is not there. */
	snprintf(err, sizeof(err), "untouched");
	is_int(idgraph_save(g, "/nonexistent-canal/ids.state", err,
	    sizeof(err)), -1, "cannot save");
	ok(strncmp(err, "/nonexistent-canal/ids.state: ", 30) == 0,
	    "the path and the reason: %s", err);
	idgraph_free(g);
}

static const struct {
	const char *text;
	const char *err;	/* after "PATH:" */
} corrupt[] = {
	{ "", "1: empty file" },
	{ "something\n", "1: not a canal identity state file" },
	{ "canal-identity-state 2\nend 0\n",
	  "1: not a canal identity state file" },
	{ "canal-identity-state 1", "1: truncated line" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\t0\nend 1",
	  "3: truncated line" },
	{ "canal-identity-state 1\nemail:a@b.es\t2024", "2: truncated line" },
	{ "canal-identity-state 1\n", "2: no end line: truncated" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\t0\n",
	  "3: no end line: truncated" },
	{ "canal-identity-state 1\nemail:a@b.es\tyesterday\t0\nend 1\n",
	  "2: bad first time" },
	{ "canal-identity-state 1\nemail:a@b.es\t2024-02-30T00:00:00.000Z\t0\n"
	  "end 1\n", "2: bad first time" },
	{ "canal-identity-state 1\nemail:a@b.es\t\t0\nend 1\n",
	  "2: bad first time" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\t1\nend 1\n",
	  "2: bad set index" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\t3\nend 1\n",
	  "2: bad set index" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\tx\nend 1\n",
	  "2: bad set index" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\t\nend 1\n",
	  "2: bad set index" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\t0 \nend 1\n",
	  "2: bad set index" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\t 0\nend 1\n",
	  "2: bad set index" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\t+0\nend 1\n",
	  "2: bad set index" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\t0\nend \n",
	  "3: the end line does not count the lines" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\t0\nend +1\n",
	  "3: the end line does not count the lines" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\t0\tx\nend 1\n",
	  "2: bad set index" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\t99999999999999999999999\n"
	  "end 1\n", "2: bad set index" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\t0\nemail:c@d.es\t-\t2\n"
	  "end 2\n", "3: bad set index" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\nend 1\n",
	  "2: not IDENTITY<TAB>FIRST-TS<TAB>SET" },
	{ "canal-identity-state 1\nemail:a@b.es\nend 1\n",
	  "2: not IDENTITY<TAB>FIRST-TS<TAB>SET" },
	{ "canal-identity-state 1\nend\n",
	  "2: not IDENTITY<TAB>FIRST-TS<TAB>SET" },
	{ "canal-identity-state 1\n\t-\t0\nend 1\n", "2: bad identity" },
	{ "canal-identity-state 1\nemail:a\\q\t-\t0\nend 1\n",
	  "2: bad identity" },
	{ "canal-identity-state 1\nemail:a\\\t-\t0\nend 1\n",
	  "2: bad identity" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\t0\nend 2\n",
	  "3: the end line does not count the lines" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\t0\nend 0\n",
	  "3: the end line does not count the lines" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\t0\nend 1x\n",
	  "3: the end line does not count the lines" },
	{ "canal-identity-state 1\nend 0\nx\n", "3: text after the end line" },
	{ "canal-identity-state 1\nend 0\nend 0\n",
	  "3: text after the end line" },
	{ "canal-identity-state 1\nend 0\n\n", "3: text after the end line" },
	{ "canal-identity-state 1\naccount:A\t-\t0\naccount:B\t-\t0\nend 2\n",
	  "3: a set with two accounts" },
	/* Only what canal-merge writes: UTF-8, no NUL, known kinds. */
	{ "canal-identity-state 1\nemail:a\xe9@b.es\t-\t0\nend 1\n",
	  "2: not valid UTF-8" },
	{ "canal-identity-state 1\nemail:a\xc3\t-\t0\nend 1\n",
	  "2: not valid UTF-8" },
	{ "canal-identity-state 1\nname:Ana\t-\t0\nend 1\n",
	  "2: unknown identity kind" },
	{ "canal-identity-state 1\nemail:\t-\t0\nend 1\n",
	  "2: unknown identity kind" },
	{ "canal-identity-state 1\nEmail:a@b.es\t-\t0\nend 1\n",
	  "2: unknown identity kind" },
	{ "canal-identity-state 1\nemaila@b.es\t-\t0\nend 1\n",
	  "2: unknown identity kind" },
	{ "canal-identity-state 1\nemail:a\\x0\t-\t0\nend 1\n",
	  "2: bad identity" },
	{ "canal-identity-state 1\nemail:a\\xZZ\t-\t0\nend 1\n",
	  "2: bad identity" },
	{ "canal-identity-state 1\nemail:a\\xE9\t-\t0\nend 1\n",
	  "2: bad identity" },
	{ "canal-identity-state 1\nemail:a@b.es\t-\t0\nend 99999999999999999999999\n",
	  "3: the end line does not count the lines" },
	{ "canal-identity-state 1\naccount:A\t-\t0\nemail:a@b.es\t-\t0\n"
	  "account:B\t-\t1\nend 3\n", "4: a set with two accounts" },
};

static const char with_nul[] =
    "canal-identity-state 1\nhandle:x:a\0b\t-\t0\nend 1\n";

static void
test_corrupt(void)
{
	struct idgraph *g;
	char err[256], want[256];
	size_t i;

	for (i = 0; i < NELEM(corrupt); i++) {
		write_file(corrupt[i].text, strlen(corrupt[i].text));
		snprintf(want, sizeof(want), "%s:%s", path, corrupt[i].err);
		g = idgraph_new();
		err[0] = '\0';
		is_int(idgraph_load(g, path, err, sizeof(err)), -1,
		    "refused: %s", corrupt[i].err);
		is_str(err, want, "the message of case %zu", i);
		idgraph_free(g);
	}
	/* A NUL byte is never in a state file (an identity's NUL is saved
	   as \x00): a file with one is not canal's. */
	write_file(with_nul, sizeof(with_nul) - 1);
	g = idgraph_new();
	is_int(idgraph_load(g, path, err, sizeof(err)), -1, "a NUL inside");
	snprintf(want, sizeof(want), "%s:2: NUL byte", path);
	is_str(err, want, "refused with its line");
	idgraph_free(g);
	/* /dev/zero: refused at its first byte, nothing read on. */
	g = idgraph_new();
	is_int(idgraph_load(g, "/dev/zero", err, sizeof(err)), -1,
	    "/dev/zero");
	is_str(err, "/dev/zero:1: NUL byte", "refused at once");
	idgraph_free(g);
	/* A line longer than the bound, however it goes on. */
	{
		size_t n = IDGRAPH_STATE_MAX_LINE + 100, h;
		char *big = malloc(n + 64);

		h = (size_t)sprintf(big, "canal-identity-state 1\nemail:");
		memset(big + h, 'a', n - h);
		write_file(big, n);
		free(big);
		g = idgraph_new();
		is_int(idgraph_load(g, path, err, sizeof(err)), -1,
		    "a line of a MiB");
		snprintf(want, sizeof(want), "%s:2: line longer than %zu bytes",
		    path, IDGRAPH_STATE_MAX_LINE);
		is_str(err, want, "refused with the bound");
		idgraph_free(g);
	}
	/* A CR before a newline (a file through unix2dos) is no harm. */
	write_file("canal-identity-state 1\r\nemail:a@b.es\t-\t0\r\nend 1\r\n",
	    49);
	g = idgraph_new();
	is_int(idgraph_load(g, path, err, sizeof(err)), 0, "CRLF: %s", err);
	is_int(find(g, "email:a@b.es"), 0, "read as one identity");
	idgraph_free(g);
	unlink(path);
	g = idgraph_new();
	is_int(idgraph_load(g, path, err, sizeof(err)), -1, "no file");
	snprintf(want, sizeof(want), "%s: %s", path, strerror(ENOENT));
	is_str(err, want, "the path and errno's reason");
	idgraph_free(g);
}

/* Whether the files at a and b hold the same bytes (and some). */
static int
same_files(const char *a, const char *b)
{
	FILE *fa = fopen(a, "r"), *fb = fopen(b, "r");
	char ba[65536], bb[65536];
	size_t na, nb, total = 0;
	int same = fa != NULL && fb != NULL;

	while (same) {
		na = fread(ba, 1, sizeof(ba), fa);
		nb = fread(bb, 1, sizeof(bb), fb);
		same = na == nb && memcmp(ba, bb, na) == 0;
		total += na;
		if (na < sizeof(ba))
			break;
	}
	if (fa != NULL)
		fclose(fa);
	if (fb != NULL)
		fclose(fb);
	return same && total > 0;
}

/*
 * The state of a million identities in sets of ten: set numbers of six
 * digits (a fixed 32-byte line buffer once wrote a NUL for five, and past
 * the stack for six, so that the second run of a day refused its state).
 * Saved, loaded and saved again: the same bytes and the same customers.
 */
static void
round_trip_big(struct idgraph *g)
{
	struct idgraph *g2 = idgraph_new();
	char err[256], path2[80], want[80];
	uint32_t i, n = idgraph_count(g), badroot = 0, badkey = 0;
	const char *t1, *t2;
	size_t l1, l2;
	FILE *f;

	snprintf(path2, sizeof(path2), "%s/again.state", dir);
	is_int(idgraph_save(g, path, err, sizeof(err)), 0, "a million saved");
	is_int(idgraph_load(g2, path, err, sizeof(err)), 0,
	    "a million loaded: %s", err);
	is_int(idgraph_count(g2), n, "as many identities");
	for (i = 0; i < n && badroot == 0; i++) {
		t1 = idgraph_text(g, i, &l1);
		t2 = idgraph_text(g2, i, &l2);
		if (l1 != l2 || memcmp(t1, t2, l1) != 0 ||
		    idgraph_first(g, i) != idgraph_first(g2, i) ||
		    idgraph_root(g2, i) != idgraph_root(g2, i - i % 10))
			badroot++;
		if (idgraph_key_identity(g, i) != idgraph_key_identity(g2, i))
			badkey++;
	}
	is_int(badroot, 0, "each identity, its instant and its set of ten");
	is_int(badkey, 0, "each set with the same key identity");
	is_str(key_of(g2, 999999), key_of(g, 999999), "the last key");
	is_int(idgraph_save(g2, path2, err, sizeof(err)), 0, "saved again");
	ok(same_files(path, path2), "the same bytes");
	/* The last identity line and the end line, as written. */
	if ((f = fopen(path2, "r")) != NULL) {
		fseek(f, -64, SEEK_END);
		l1 = fread(want, 1, 64, f);
		want[l1] = '\0';
		fclose(f);
		is_str(strstr(want, "email:c999999"),
		    "email:c999999@x.es\t2024-03-04T09:16:39.999Z\t999990\n"
		    "end 1000000\n", "six-digit sets, seven-digit end");
	}
	unlink(path2);
	idgraph_free(g2);
}

/* Identities with NUL bytes and bytes that are not UTF-8 (an account
   from "\u0000" in an event, a map's Latin-1): written \xHH, so that the
   file stays UTF-8 without NULs, and read back byte for byte. */
static const char *const raw_ids[] = {
	"account:x\0y", "account:\xff\xfe", "handle:x:caf\xc3\xa9",
	"account:\xc3", "account:\xe2\x82" "a\x80", "account:\xed\xa0\x80",
};
static const size_t raw_lens[] = { 11, 10, 14, 9, 12, 11 };
static const char raw_saved[] =
    "canal-identity-state 1\n"
    "account:x\\x00y\t-\t0\n"
    "account:\\xff\\xfe\t-\t1\n"
    "handle:x:caf\xc3\xa9\t-\t2\n"
    "account:\\xc3\t-\t3\n"
    "account:\\xe2\\x82a\\x80\t-\t4\n"
    "account:\\xed\\xa0\\x80\t-\t5\n"
    "end 6\n";

static void
test_escapes(void)
{
	struct idgraph *g = idgraph_new(), *g2 = idgraph_new();
	char err[256];
	size_t i, len;
	char *text;

	for (i = 0; i < NELEM(raw_ids); i++)
		idgraph_add(g, raw_ids[i], raw_lens[i], INT64_MAX);
	is_int(idgraph_save(g, path, err, sizeof(err)), 0, "saved");
	text = read_file(&len);
	is_mem(text, len, raw_saved, strlen(raw_saved), "escaped as \\xHH");
	free(text);
	is_int(idgraph_load(g2, path, err, sizeof(err)), 0, "loaded: %s", err);
	for (i = 0; i < NELEM(raw_ids); i++)
		is_int(idgraph_find(g2, raw_ids[i], raw_lens[i]), i,
		    "identity %zu byte for byte", i);
	idgraph_free(g);
	idgraph_free(g2);
}

/* A million identities: the table and the text grow many times over. */
static void
test_big(void)
{
	struct idgraph *g = idgraph_new();
	char s[32];
	uint32_t i, bad = 0, badroot = 0;
	int n;

	for (i = 0; i < 1000000; i++) {
		n = snprintf(s, sizeof(s), "email:c%u@x.es", i);
		if (idgraph_add(g, s, (size_t)n, T0 + i) != i)
			bad++;
	}
	is_int(idgraph_count(g), 1000000, "1,000,000 identities");
	for (i = 0; i < 1000000; i++) {
		n = snprintf(s, sizeof(s), "email:c%u@x.es", i);
		if (idgraph_find(g, s, (size_t)n) != i)
			bad++;
	}
	is_int(bad, 0, "each found at its index");
	is_int(find(g, "email:c1000000@x.es"), IDGRAPH_NONE, "no more");
	/* Pairs (2k, 2k + 1), then every pair to the next by tens. */
	for (i = 0; i + 1 < 1000000; i += 2)
		idgraph_link(g, i + 1, i);
	for (i = 0; i + 2 < 1000000; i += 2)
		if (i % 10 != 8)
			idgraph_link(g, i, i + 2);
	for (i = 0; i < 1000000; i++)
		if (idgraph_root(g, i) != idgraph_root(g, i - i % 10))
			badroot++;
	is_int(badroot, 0, "sets of ten");
	idgraph_settle(g);
	is_int(idgraph_key_identity(g, 999999), 999990, "the earliest of ten");
	/* printf 'email:c0@x.es' | sha256sum | cut -c1-16 */
	is_str(key_of(g, 9), "cust-279a6835bae3c067", "key of the first ten");
	round_trip_big(g);
	idgraph_free(g);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		diag("no temporary directory: %s", strerror(errno));
		return 1;
	}
	snprintf(path, sizeof(path), "%s/ids.state", dir);
	test_identities();
	test_links();
	test_ties();
	test_settle();
	test_save_load();
	test_corrupt();
	test_escapes();
	test_big();
	unlink(path);
	rmdir(dir);
	return done_testing();
}
