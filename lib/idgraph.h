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
#include <stdio.h>

#define IDGRAPH_NONE UINT32_MAX
#define IDGRAPH_KEY_LEN 21		/* "cust-" and 16 hex digits */

/* Bounds of a state file read back: a line is one identity (at most a few
   hundred bytes, escaped), and 16 GiB holds some 250 million of them;
   /dev/zero or a wrong file is refused before memory grows with it. */
#define IDGRAPH_STATE_MAX_LINE	((size_t)1 << 20)	/* 1 MiB */
#define IDGRAPH_STATE_MAX_TOTAL	(UINT64_C(16) << 30)	/* 16 GiB */

struct jsonl_writer;

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
 * Writes the graph in the state file's text to w:
 *   canal-identity-state 1
 *   IDENTITY<TAB>FIRST-TS<TAB>SET
 *   ...
 *   end N
 * one line per identity in the order they were added, FIRST-TS its first
 * instant ("-" for one known only from an identity map), SET the index
 * (from 0, in that order) of the first identity of its set, N the number
 * of identity lines.  Tabs, newlines, CRs and backslashes in identities
 * are written \t, \n, \r, \\, and NUL bytes and bytes that are not
 * part of valid UTF-8 \xHH (two lowercase hex digits): the text is UTF-8
 * without NUL bytes, what idgraph_load() demands.  Returns 0, or -1 when
 * w failed (w->error).
 */
int idgraph_write(struct idgraph *g, struct jsonl_writer *w);

/**
 * Writes the graph (idgraph_write()) to path atomically: a temporary
 * file renamed over it (output.h), which keeps the mode of the file it
 * replaces.  Returns 0, or -1 with "PATH: reason" in err.
 */
int idgraph_save(struct idgraph *g, const char *path, char *err,
    size_t errlen);

/**
 * Adds the identities and sets of a state file, read through confline.h
 * within IDGRAPH_STATE_MAX_LINE and IDGRAPH_STATE_MAX_TOTAL.  A file that
 * is not what idgraph_write() writes (wrong header, a NUL byte, invalid
 * UTF-8, a bad line, an identity of an unknown kind, a set index out of
 * range, a line or a file too long, a last line without its newline, a
 * missing or wrong "end" line: a truncated file) is refused with
 * "PATH:LINE: reason" in err and -1, and g is then unusable (free it).
 * (A CR before a newline is ignored.)  A missing file is -1 with
 * "PATH: " and errno's reason, like any file that cannot be read; the
 * caller decides whether that is a first run.
 */
int idgraph_load(struct idgraph *g, const char *path, char *err,
    size_t errlen);

/**
 * idgraph_load() from the stream f (borrowed, not closed), named name in
 * messages.
 */
int idgraph_read(struct idgraph *g, FILE *f, const char *name, char *err,
    size_t errlen);

#endif
