/*
 * test-idgraph.c - the identity graph: sets, accounts never joined, keys
 * from the earliest identity (SHA-256 known answers from sha256sum), the
 * state file's round trip and every way it can be corrupt; and strmap,
 * the string map the omnichannel pass keeps its state in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "idgraph.h"
#include "strmap.h"
#include "unit.h"

static uint32_t
add(struct idgraph *g, const char *s, int64_t t)
{
	return idgraph_add(g, s, strlen(s), t);
}

static void
test_sets(void)
{
	struct idgraph *g = idgraph_new();
	char key[IDGRAPH_KEY_LEN + 1];
	uint32_t h, e, p, a1, a2;

	h = add(g, "handle:x:kimi_4", 3000);
	e = add(g, "email:i.kim@example.com", 2000);
	p = add(g, "phone:+34600111222", 1000);
	a1 = add(g, "account:CRM-1", 5000);
	a2 = add(g, "account:CRM-2", 5000);
	is_int(add(g, "email:i.kim@example.com", 9000), e, "found again");
	is_int(idgraph_first(g, e), 2000, "the earliest instant kept");
	is_int(idgraph_find(g, "phone:+34600111222", 18), p, "find");
	is_int(idgraph_find(g, "phone:+1", 8), IDGRAPH_NONE, "not there");
	is_int(idgraph_link(g, h, e), 0, "link");
	ok(idgraph_root(g, h) == idgraph_root(g, e), "one set");
	is_int(idgraph_key_identity(g, h), e, "the earliest is the key's");
	/* printf 'email:i.kim@example.com' | sha256sum | cut -c1-16 */
	idgraph_key(g, h, key);
	is_str(key, "cust-8161d5cf8826d225", "cust- and 16 hex of SHA-256");
	is_int(idgraph_link(g, e, a1), 0, "an account joins a set");
	is_int(idgraph_link(g, p, a2), 0, "another account another set");
	is_int(idgraph_link(g, h, p), 1, "two accounts: refused");
	ok(idgraph_root(g, h) != idgraph_root(g, p), "kept apart");
	is_int(idgraph_account(g, h), a1, "the set's account");
	/* An identity seen earlier later: settle moves the key. */
	add(g, "handle:x:kimi_4", 500);
	is_int(idgraph_key_identity(g, e), e, "before settling");
	idgraph_settle(g);
	is_int(idgraph_key_identity(g, e), h, "after settling");
	idgraph_free(g);
}

static void
test_state(void)
{
	char dir[] = "/tmp/canal-idgraph-XXXXXX", path[64], err[256];
	struct idgraph *g = idgraph_new(), *g2;
	char key1[IDGRAPH_KEY_LEN + 1], key2[IDGRAPH_KEY_LEN + 1];
	FILE *f;
	uint32_t a, b;

	if (mkdtemp(dir) == NULL) {
		skip(12, "no temporary directory");
		idgraph_free(g);
		return;
	}
	snprintf(path, sizeof(path), "%s/ids.state", dir);
	a = add(g, "account:odd\tname\\x\n", 1000);
	b = add(g, "email:a@b.es", INT64_MAX);
	add(g, "phone:+34600111222", 3000);
	idgraph_link(g, a, b);
	idgraph_key(g, b, key1);
	is_int(idgraph_save(g, path, err, sizeof(err)), 0, "saved");
	g2 = idgraph_new();
	is_int(idgraph_load(g2, path, err, sizeof(err)), 0, "loaded");
	is_int(idgraph_count(g2), 3, "three identities");
	b = idgraph_find(g2, "email:a@b.es", 12);
	idgraph_key(g2, b, key2);
	is_str(key2, key1, "the same key after the round trip");
	is_int(idgraph_first(g2, b), INT64_MAX, "\"-\": never seen");
	ok(idgraph_find(g2, "account:odd\tname\\x\n",
	    strlen("account:odd\tname\\x\n")) != IDGRAPH_NONE,
	    "escapes undone");
	idgraph_free(g2);
	idgraph_free(g);
#define CORRUPT(text, want) do {					\
	f = fopen(path, "w");						\
	fputs(text, f);							\
	fclose(f);							\
	g2 = idgraph_new();						\
	is_int(idgraph_load(g2, path, err, sizeof(err)), -1, "%s", want); \
	ok(strstr(err, want) != NULL, "%s: %s", want, err);		\
	idgraph_free(g2);						\
} while (0)
	CORRUPT("", "empty file");
	CORRUPT("something\n", "not a canal identity state file");
	CORRUPT("canal-identity-state 1\nemail:a@b.es\t2024", "truncated line");
	CORRUPT("canal-identity-state 1\nemail:a@b.es\tyesterday\t0\nend 1\n",
	    "bad first time");
	CORRUPT("canal-identity-state 1\nemail:a@b.es\t-\t3\nend 1\n",
	    "bad set index");
	CORRUPT("canal-identity-state 1\nemail:a@b.es\t-\t0\n",
	    "no end line: truncated");
	CORRUPT("canal-identity-state 1\nemail:a@b.es\t-\t0\nend 2\n",
	    "the end line does not count the lines");
	CORRUPT("canal-identity-state 1\nend 0\nx\n", "text after the end line");
	CORRUPT("canal-identity-state 1\naccount:A\t-\t0\naccount:B\t-\t0\n"
	    "end 2\n", "a set with two accounts");
	unlink(path);
	rmdir(dir);
}

static void
test_big(void)
{
	struct idgraph *g = idgraph_new();
	char s[32];
	uint32_t i, bad = 0;
	int n;

	for (i = 0; i < 300000; i++) {
		n = snprintf(s, sizeof(s), "email:c%u@x.es", i);
		if (idgraph_add(g, s, (size_t)n, i) != i)
			bad++;
	}
	for (i = 0; i < 300000; i += 7) {
		n = snprintf(s, sizeof(s), "email:c%u@x.es", i);
		if (idgraph_find(g, s, (size_t)n) != i)
			bad++;
	}
	is_int(bad, 0, "300,000 identities");
	idgraph_free(g);
}

static void
test_strmap(void)
{
	struct strmap m;
	const char *key;
	char s[16];
	uint32_t i, bad = 0;
	size_t len;
	int added, n;

	strmap_init(&m);
	is_int(strmap_get(&m, "a", 1), STRMAP_NONE, "empty map");
	is_int(strmap_put(&m, "a\0b", 3, &added), 0, "a key with a NUL");
	is_int(added, 1, "added");
	is_int(strmap_put(&m, "a", 1, &added), 1, "its prefix is another key");
	is_int(strmap_put(&m, "a\0b", 3, &added), 0, "found again");
	is_int(added, 0, "not added");
	for (i = 0; i < 50000; i++) {
		n = snprintf(s, sizeof(s), "k%u", i);
		if (strmap_put(&m, s, (size_t)n, &added) != i + 2 || !added)
			bad++;
	}
	is_int(bad, 0, "50,000 keys in order");
	key = strmap_key(&m, 0, &len);
	is_mem(key, len, "a\0b", 3, "a key's bytes");
	strmap_free(&m);
}

int
main(void)
{
	test_sets();
	test_state();
	test_big();
	test_strmap();
	return done_testing();
}
