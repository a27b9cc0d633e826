/*
 * ident.h - the customer identities of an event (DESIGN section 2, "ids")
 * in their one canonical form each, so that the same person joins across
 * channels; and the keyed hashes that replace them with --pseudonymize.
 *
 *   email    "i.kim@example.com": the addr-spec of RFC 5322 section 3.4
 *            with its display name, comments, angle brackets and "mailto:"
 *            removed, trimmed and lowercased (the local part too: no
 *            provider treats case as significant in practice)
 *   handle   "x:kimi_4": platform and name, both lowercased (ASCII), the
 *            name's leading "@" removed
 *   phone    E.164, from phone.h
 *
 * Pseudonyms are HMAC-SHA-256 (RFC 2104, FIPS 180-4) from libsodium, of
 * the kind and the value ("email" NUL "i.kim@example.com"), as the first
 * IDENT_PSEUDONYM_HEX hexadecimal digits: the same value with the same key
 * gives the same pseudonym on every machine, so that reports can be shared
 * and still join one person across channels, and nobody without the key
 * can test a guess.  Ids are SHA-256 likewise.
 */
#ifndef CANAL_IDENT_H
#define CANAL_IDENT_H

#include <stddef.h>

#define IDENT_EMAIL_MAX 320		/* RFC 5321: 64 + "@" + 255 */
#define IDENT_HANDLE_MAX 256
#define IDENT_KEY_MIN 16		/* bytes of a pseudonymizing key */
#define IDENT_KEY_MAX 4096
#define IDENT_PSEUDONYM_HEX 32		/* 128 bits */
#define IDENT_HASH_HEX 20		/* 80 bits: ids of hashed content */

/**
 * Reads one e-mail address from text[0..len): "Isla Kim
 * <I.Kim@Example.com>", "i.kim@example.com (Isla)", "mailto:...".  Writes
 * the canonical address, NUL-terminated, to out (IDENT_EMAIL_MAX + 1
 * bytes).  Returns its length, or 0 when the text holds no valid address
 * (no "@", an empty local part or domain, white space or control
 * characters inside, a domain without a dot or with an empty label, a
 * local part over 64 bytes or a domain over 255: RFC 5321 4.5.3.1).
 */
size_t ident_email(const char *text, size_t len, char *out);

/**
 * Splits an address list ("To:" and "Cc:" headers) at the commas that are
 * outside quotes, comments and angle brackets.  *p walks from text to end;
 * returns 1 with the next item in *item, *item_len (white space around it
 * removed), or 0 at the end.
 */
int ident_email_list_next(const char **p, const char *end, const char **item,
    size_t *item_len);

/**
 * Writes "platform:name" for a handle: platform and name[0..len) trimmed,
 * lowercased (ASCII letters), one leading "@" removed from the name.
 * Returns the length, or 0 when the name is empty or has white space or
 * control characters, or the result would exceed IDENT_HANDLE_MAX.
 */
size_t ident_handle(const char *platform, const char *name, size_t len,
    char *out);

/* A pseudonymizing key (the bytes of --pseudonymize's file). */
struct ident_key {
	unsigned char bytes[IDENT_KEY_MAX];
	size_t len;
};

/**
 * Reads the key from the file at path: all its bytes, less one final
 * newline ("\n" or "\r\n"), so that `echo secret > key` and `printf secret
 * > key` give one key.  Returns 0, or -1 with a reason in err (errlen
 * bytes): cannot be read, fewer than IDENT_KEY_MIN bytes, more than
 * IDENT_KEY_MAX.
 */
int ident_key_load(struct ident_key *key, const char *path, char *err,
    size_t errlen);

/**
 * The pseudonym of value[0..len) of kind ("email", "phone", "handle",
 * "account", "name"): IDENT_PSEUDONYM_HEX lowercase hex digits and a NUL
 * in out.
 */
void ident_pseudonym(const struct ident_key *key, const char *kind,
    const char *value, size_t len, char out[IDENT_PSEUDONYM_HEX + 1]);

/* An incremental SHA-256 for content ids. */
struct ident_hash {
	_Alignas(16) unsigned char state[256];	/* libsodium's state, opaque */
};

void ident_hash_init(struct ident_hash *h);
void ident_hash_add(struct ident_hash *h, const void *p, size_t n);
/** The first IDENT_HASH_HEX hex digits of the digest, NUL-terminated. */
void ident_hash_hex(struct ident_hash *h, char out[IDENT_HASH_HEX + 1]);

#endif
