/*
 * idgraph.h - the identity graph of canal-merge --stitch: every identity
 * seen ("email:i.kim@example.com", "phone:+34600111222", "handle:x:kimi_4",
 * "account:CRM-1") once, and the sets of identities that belong to one
 * customer (union-find with union by size and path halving).
 *
 * A set's customer key is derived from its earliest identity, the one
 * first seen at the earliest instant (ties: the smaller text): "cust-" and
 * the first 16 hex digits of its SHA-256.  So the key does not depend on
 * the order inputs are read in, does not show the identity, and stays the
 * same from run to run while the set only grows (with --state).
 *
 * Two sets that each hold an account are never joined, whatever links
 * them: helpdesks merge contacts on request, never two customers by
 * accident.  idgraph_link() refuses and the caller reports the conflict.
 *
 * Memory: one entry per identity (40 bytes, its text and 11 to 23 bytes
 * of hash slots), nothing per event.  idgraph_key() hashes the key
 * identity each time: a caller that asks often keeps the keys it got.
 * Not thread-safe.
 */
#ifndef CANAL_IDGRAPH_H
#define CANAL_IDGRAPH_H

#include <stddef.h>
#include <stdint.h>

#define IDGRAPH_NONE UINT32_MAX
#define IDGRAPH_KEY_LEN 21		/* "cust-" and 16 hex digits */

struct idgraph;

struct idgraph *idgraph_new(void);
void idgraph_free(struct idgraph *g);

/**
 * The index of identity s[0..len) ("kind:value"), added when new; its
 * first instant becomes first_ms when that is earlier.  Returns
 * IDGRAPH_NONE only when the graph is full (2^32 - 1 identities).
 */
uint32_t idgraph_add(struct idgraph *g, const char *s, size_t len,
    int64_t first_ms);

/** The index of s[0..len), or IDGRAPH_NONE when it was never added. */
uint32_t idgraph_find(const struct idgraph *g, const char *s, size_t len);

/** Number of identities. */
uint32_t idgraph_count(const struct idgraph *g);

/** The text of identity i (borrowed, NUL-terminated) and its length. */
const char *idgraph_text(const struct idgraph *g, uint32_t i, size_t *len);

/** The first instant identity i was seen at. */
int64_t idgraph_first(const struct idgraph *g, uint32_t i);

/** The representative of i's set. */
uint32_t idgraph_root(struct idgraph *g, uint32_t i);

/**
 * Joins the sets of a and b.  Returns 0 when joined (or already one set),
 * 1 when refused because each set holds a different account.
 */
int idgraph_link(struct idgraph *g, uint32_t a, uint32_t b);

/**
 * The account identity of i's set, or IDGRAPH_NONE when it has none.
 */
uint32_t idgraph_account(struct idgraph *g, uint32_t i);

/**
 * The customer key of i's set, written NUL-terminated to key
 * (IDGRAPH_KEY_LEN + 1 bytes).
 */
void idgraph_key(struct idgraph *g, uint32_t i,
    char key[IDGRAPH_KEY_LEN + 1]);

/**
 * Recomputes every set's earliest identity: needed after idgraph_add()
 * made an identity's first instant earlier once its set was joined.
 */
void idgraph_settle(struct idgraph *g);

/** The identity whose text the key of i's set is derived from. */
uint32_t idgraph_key_identity(struct idgraph *g, uint32_t i);

/**
 * Writes the graph to path atomically (a temporary file renamed over it):
 *   canal-identity-state 1
 *   IDENTITY<TAB>FIRST-TS<TAB>SET
 *   ...
 *   end N
 * one line per identity in the order they were added, FIRST-TS its first
 * instant ("-" for one known only from an identity map), SET the index
 * (from 0, in that order) of the first identity of its set, N the number
 * of identity lines; tabs, newlines and backslashes in identities are
 * written \t, \n, \\.  Returns 0, or -1 with the reason in err.
 */
int idgraph_save(struct idgraph *g, const char *path, char *err,
    size_t errlen);

/**
 * Adds the identities and sets of a state file.  A file that is not
 * exactly what idgraph_save() writes (wrong header, a bad line, a set
 * index out of range, a missing or wrong "end" line: a truncated file) is
 * refused with "PATH:LINE: reason" in err and -1, and g is then unusable
 * (free it).  A missing file is -1 with errno's reason, like any file
 * that cannot be read; the caller decides whether that is a first run.
 */
int idgraph_load(struct idgraph *g, const char *path, char *err,
    size_t errlen);

#endif
