/*
 * ident.c - canonical identities and their pseudonyms (ident.h).
 */
#include "ident.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

_Static_assert(sizeof(crypto_hash_sha256_state) <=
    sizeof(((struct ident_hash *)0)->state), "ident_hash state too small");

/* libsodium asks to be initialised once before use; it is idempotent. */
static void
sodium_ready(void)
{
	static int ready;

	if (!ready) {
		if (sodium_init() < 0)
			abort();
		ready = 1;
	}
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && is_space((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_space((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/*
 * The address part of a mailbox: inside the last "<...>" when there is
 * one, else the text with its "(comments)" removed.  Writes at most cap
 * bytes to buf; returns the length, or (size_t)-1 when it does not fit.
 */
static size_t
address_part(const char *s, size_t n, char *buf, size_t cap)
{
	const char *open = NULL, *close = NULL;
	size_t i, k = 0;
	int quoted = 0, depth = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '"' && depth == 0 && (i == 0 || s[i - 1] != '\\'))
			quoted = !quoted;
		else if (!quoted && s[i] == '<')
			open = s + i + 1;
		else if (!quoted && s[i] == '>' && open != NULL)
			close = s + i;
	}
	if (open != NULL && close != NULL && close >= open) {
		if ((size_t)(close - open) > cap)
			return (size_t)-1;
		memcpy(buf, open, (size_t)(close - open));
		return (size_t)(close - open);
	}
	quoted = 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '"' && depth == 0)
			quoted = !quoted;
		if (!quoted && s[i] == '(') {
			depth++;
			continue;
		}
		if (!quoted && s[i] == ')' && depth > 0) {
			depth--;
			continue;
		}
		if (depth > 0)
			continue;
		if (k == cap)
			return (size_t)-1;
		buf[k++] = s[i];
	}
	return k;
}

/* Whether d[0..n) is a domain: labels of letters, digits, "-", and bytes
   of internationalised names, at least two, none empty. */
static int
valid_domain(const char *d, size_t n)
{
	size_t i, label = 0, dots = 0;

	if (n == 0 || d[0] == '.' || d[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)d[i];

		if (c == '.') {
			if (label == 0)
				return 0;
			label = 0;
			dots++;
			continue;
		}
		if (!(c >= 0x80 || c == '-' || (c >= '0' && c <= '9') ||
		    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return 0;
		label++;
	}
	return dots > 0;
}

size_t
ident_email(const char *text, size_t len, char *out)
{
	char buf[IDENT_EMAIL_MAX + 1];
	const char *s, *at = NULL;
	size_t n, i;

	n = address_part(text, len, buf, sizeof(buf) - 1);
	if (n == (size_t)-1)
		return 0;
	s = buf;
	trim(&s, &n);
	if (n >= 7 && strncasecmp(s, "mailto:", 7) == 0) {
		s += 7;
		n -= 7;
	}
	if (n == 0 || n > IDENT_EMAIL_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f || c == '<' || c == '>' ||
		    c == ',' || c == ';')
			return 0;
		if (c == '@') {
			if (at != NULL)
				return 0;
			at = s + i;
		}
	}
	/* RFC 5321 4.5.3.1: 64 octets of local part, 255 of domain. */
	if (at == NULL || at == s || at - s > 64 ||
	    n - (size_t)(at - s) - 1 > 255 ||
	    !valid_domain(at + 1, n - (size_t)(at - s) - 1))
		return 0;
	for (i = 0; i < n; i++)
		out[i] = (char)lower((unsigned char)s[i]);
	out[n] = '\0';
	return n;
}

int
ident_email_list_next(const char **p, const char *end, const char **item,
    size_t *item_len)
{
	const char *s = *p, *start;
	int quoted = 0, depth = 0, angle = 0;

	for (;;) {
		while (s < end && (is_space((unsigned char)*s) || *s == ','))
			s++;
		if (s >= end) {
			*p = s;
			return 0;
		}
		start = s;
		for (; s < end; s++) {
			if (*s == '\\' && s + 1 < end) {
				s++;
				continue;
			}
			if (*s == '"' && depth == 0)
				quoted = !quoted;
			else if (quoted)
				continue;
			else if (*s == '(')
				depth++;
			else if (*s == ')' && depth > 0)
				depth--;
			else if (*s == '<' && depth == 0)
				angle = 1;
			else if (*s == '>' && depth == 0)
				angle = 0;
			else if (*s == ',' && depth == 0 && !angle)
				break;
		}
		*item = start;
		*item_len = (size_t)(s - start);
		trim(item, item_len);
		*p = s;
		if (*item_len > 0)
			return 1;
	}
}

size_t
ident_handle(const char *platform, const char *name, size_t len, char *out)
{
	size_t plen, i, k = 0;

	trim(&name, &len);
	if (len > 0 && name[0] == '@') {
		name++;
		len--;
	}
	plen = strlen(platform);
	if (len == 0 || plen == 0 || plen + 1 + len > IDENT_HANDLE_MAX)
		return 0;
	for (i = 0; i < plen; i++)
		out[k++] = (char)lower((unsigned char)platform[i]);
	out[k++] = ':';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c <= ' ' || c == 0x7f)
			return 0;
		out[k++] = (char)lower(c);
	}
	out[k] = '\0';
	return k;
}

int
ident_key_load(struct ident_key *key, const char *path, char *err,
    size_t errlen)
{
	FILE *f;
	size_t n;
	int c;

	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = fread(key->bytes, 1, sizeof(key->bytes), f);
	c = n == sizeof(key->bytes) ? getc(f) : EOF;
	if (ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	if (c != EOF) {
		snprintf(err, errlen, "%s: a key longer than %d bytes", path,
		    IDENT_KEY_MAX);
		return -1;
	}
	if (n > 0 && key->bytes[n - 1] == '\n') {
		n--;
		if (n > 0 && key->bytes[n - 1] == '\r')
			n--;
	}
	if (n < IDENT_KEY_MIN) {
		snprintf(err, errlen, "%s: a key needs at least %d bytes (for "
		    "example: head -c 32 /dev/urandom > FILE)", path,
		    IDENT_KEY_MIN);
		return -1;
	}
	key->len = n;
	return 0;
}

static void
to_hex(const unsigned char *d, size_t digits, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < digits; i++)
		out[i] = hex[(d[i / 2] >> (i % 2 ? 0 : 4)) & 0xf];
	out[digits] = '\0';
}

void
ident_pseudonym(const struct ident_key *key, const char *kind,
    const char *value, size_t len, char out[IDENT_PSEUDONYM_HEX + 1])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	sodium_ready();
	crypto_auth_hmacsha256_init(&st, key->bytes, key->len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)kind,
	    strlen(kind) + 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)value, len);
	crypto_auth_hmacsha256_final(&st, mac);
	to_hex(mac, IDENT_PSEUDONYM_HEX, out);
}

void
ident_hash_init(struct ident_hash *h)
{
	sodium_ready();
	crypto_hash_sha256_init((crypto_hash_sha256_state *)(void *)h->state);
}

void
ident_hash_add(struct ident_hash *h, const void *p, size_t n)
{
	crypto_hash_sha256_update((crypto_hash_sha256_state *)(void *)h->state,
	    p, n);
}

void
ident_hash_hex(struct ident_hash *h, char out[IDENT_HASH_HEX + 1])
{
	unsigned char d[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_final((crypto_hash_sha256_state *)(void *)h->state,
	    d);
	to_hex(d, IDENT_HASH_HEX, out);
}
