/*
 * test-ident.c - canonical e-mail addresses and handles, address lists,
 * pseudonymizing keys, HMAC-SHA-256 pseudonyms and SHA-256 ids (known
 * answers computed with Python's hmac and hashlib).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ident.h"
#include "unit.h"

static void
email(const char *in, const char *want)
{
	char out[IDENT_EMAIL_MAX + 1];
	size_t n = ident_email(in, strlen(in), out);

	if (want == NULL)
		is_int((long long)n, 0, "no address in \"%s\"", in);
	else
		is_str(n > 0 ? out : "(none)", want, "\"%s\"", in);
}

static void
test_email(void)
{
	char big[400];

	email("Isla Kim <I.Kim@Example.COM>", "i.kim@example.com");
	email("  i.kim@example.com  ", "i.kim@example.com");
	email("i.kim@example.com (Isla at home)", "i.kim@example.com");
	email("mailto:X@Y.org", "x@y.org");
	email("\"Nowak, Piotr\" <p@x.pl>", "p@x.pl");
	email("\"a <b>\" <c@d.es>", "c@d.es");
	email("ana@correo.españa.es", "ana@correo.españa.es");
	email("no-at-sign", NULL);
	email("a@b@c.com", NULL);
	email("@example.com", NULL);
	email("a@localhost", NULL);
	email("a@.example.com", NULL);
	email("a@example..com", NULL);
	email("a b@example.com", NULL);
	email("a\tb@example.com", NULL);
	email("", NULL);
	email("<>", NULL);
	memset(big, 'a', sizeof(big));
	memcpy(big + 300, "@example.com", 13);
	email(big, NULL);
}

static void
test_list(void)
{
	static const char list[] = " \"Kim, Isla\" <i@x.com>, b@y.org (Bob, "
	    "the builder) ,, <c@z.net>,\"Q\\\"x, y\" <q@q.io> ";
	static const char *const want[] = { "\"Kim, Isla\" <i@x.com>",
	    "b@y.org (Bob, the builder)", "<c@z.net>",
	    "\"Q\\\"x, y\" <q@q.io>" };
	const char *p = list, *item;
	size_t len, i = 0;

	while (ident_email_list_next(&p, list + sizeof(list) - 1, &item, &len)) {
		if (i < 4)
			is_mem(item, len, want[i], strlen(want[i]), "item %zu",
			    i);
		i++;
	}
	is_int((long long)i, 4, "four items, the empty one skipped");
}

static void
test_handle(void)
{
	char out[IDENT_HANDLE_MAX + 1];

	is_int((long long)ident_handle("X", "@AcmeHelp", 9, out), 10,
	    "handle length");
	is_str(out, "x:acmehelp", "platform and name lowercased, @ dropped");
	is_int((long long)ident_handle("instagram", " kimi_4 ", 8, out), 16,
	    "trimmed");
	is_str(out, "instagram:kimi_4", "instagram:kimi_4");
	is_int((long long)ident_handle("x", "two words", 9, out), 0,
	    "white space inside: none");
	is_int((long long)ident_handle("x", "@", 1, out), 0, "empty: none");
}

static void
test_keys(void)
{
	struct ident_key key;
	char dir[] = "/tmp/canal-ident-XXXXXX", path[64], err[256];
	FILE *f;

	if (mkdtemp(dir) == NULL) {
		skip(6, "no temporary directory");
		return;
	}
	snprintf(path, sizeof(path), "%s/k", dir);
	f = fopen(path, "w");
	fputs("0123456789abcdef\r\n", f);
	fclose(f);
	is_int(ident_key_load(&key, path, err, sizeof(err)), 0,
	    "16 bytes and CRLF");
	is_int((long long)key.len, 16, "the CRLF is not key");
	f = fopen(path, "w");
	fputs("short\n", f);
	fclose(f);
	is_int(ident_key_load(&key, path, err, sizeof(err)), -1, "short key");
	ok(strstr(err, "at least 16 bytes") != NULL, "says why: %s", err);
	unlink(path);
	is_int(ident_key_load(&key, path, err, sizeof(err)), -1, "no file");
	ok(strstr(err, "No such file") != NULL, "says why: %s", err);
	rmdir(dir);
}

static void
test_hashes(void)
{
	struct ident_key key;
	struct ident_hash h;
	char out[IDENT_PSEUDONYM_HEX + 1], hex[IDENT_HASH_HEX + 1];

	memcpy(key.bytes, "a key of thirty-two bytes, fixed", 32);
	key.len = 32;
	/* python3: hmac.new(k, b'email\0i.kim@example.com', sha256) */
	ident_pseudonym(&key, "email", "i.kim@example.com", 17, out);
	is_str(out, "e212a1e0bfcc7e8e2d52e94a12bd5de3", "HMAC-SHA-256, 32 hex");
	ident_pseudonym(&key, "name", "Isla Kim", 8, out);
	is_str(out, "50f13a0c7bb44b6e37b04fd19302fcca", "another kind");
	/* python3: hashlib.sha256(b'abc').hexdigest()[:20] */
	ident_hash_init(&h);
	ident_hash_add(&h, "a", 1);
	ident_hash_add(&h, "bc", 2);
	ident_hash_hex(&h, hex);
	is_str(hex, "ba7816bf8f01cfea4141", "SHA-256 in pieces, 20 hex");
}

int
main(void)
{
	test_email();
	test_list();
	test_handle();
	test_keys();
	test_hashes();
	return done_testing();
}
