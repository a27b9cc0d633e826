/*
 * stitch.h - canal-merge's omnichannel pass: the identities of all events
 * joined into customers (idgraph.h), conversations threaded, and a
 * customer's events on every channel cut into cases.
 *
 * Phase one (stitch_seen(), for every valid event as canal-merge reads
 * it): identities and the links between the identities of one event, each
 * kept once with the first instant and place it was seen at.  Then
 * stitch_settle(): the links are applied in time order (ties: the
 * identities' text), so the result does not depend on the order of the
 * inputs; a link that would join two accounts is refused and reported.
 * Phase two (stitch_emit(), for every event in output order): the line
 * with "customer", "conversation", "case" and "case_channels" spliced in.
 *
 * Rules (canal-merge(1) documents them):
 *   customer      the key of the set of the event's strongest identity
 *                 (account, email, phone, handle); an event without
 *                 identities keeps its own, else takes the customer last
 *                 seen in its conversation, else that of the first
 *                 identity of its conversation field (found in phase
 *                 one: a greeting before the customer spoke)
 *   conversation  email with a message_id: the thread's root, from
 *                 references and in_reply_to (JWZ, streaming: a reply
 *                 joins the thread of the first message it names that is
 *                 known, else the thread rooted at its first reference),
 *                 plus the customer's subject (Re:, Fwd: stripped) with
 *                 thread_subject; channels without thread ids (sms, and
 *                 WhatsApp exports) and events without one: a new
 *                 conversation after idle of silence, named base "@"
 *                 first instant (an earlier split's suffix is taken off
 *                 first, so merging again changes nothing); else as it is
 *   case          a customer's events until a silence longer than the
 *                 gap; "case_channels" lists the channels of the case up
 *                 to this event
 *
 * Memory: one entry per identity and per distinct link; per customer,
 * conversation and e-mail message id for threading and cases.
 */
#ifndef CANAL_STITCH_H
#define CANAL_STITCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "event.h"
#include "jsonl.h"

struct stitch_options {
	int stitch;		/* --stitch: customers from identities */
	int64_t case_gap_ms;	/* --cases GAP; 0: no cases */
	int64_t idle_ms;	/* --idle */
	int thread_subject;	/* --thread-subject */
	const char *region;	/* --country for identity maps, or NULL */
	/* 2^bits slots for the cache of "ids" objects; 0: the default
	   (16).  Results never depend on it: tests make it tiny. */
	unsigned span_cache_bits;
};

struct stitch;

struct stitch *stitch_new(const struct stitch_options *opts, struct diag *d);
void stitch_free(struct stitch *s);

/* The bytes of what phase one notes of an event for phase two. */
#define STITCH_NOTE_SIZE 32

/**
 * Phase one: takes note of the identities of a valid event (ev, parsed
 * from the line at file:line).  When note is not NULL (STITCH_NOTE_SIZE
 * zeroed bytes), fills it with what lets phase two rewrite this line
 * without splitting it again.  Returns 0, or -1 when the identity graph
 * is full.
 */
int stitch_seen(struct stitch *s, const struct event_view *ev,
    const char *file, uint64_t line, void *note);

/* Bounds of an identity map: a line (a CSV record of many lines counts
   as one) and the file; as a state file's (idgraph.h). */
#define STITCH_MAP_MAX_LINE	((size_t)1 << 20)	/* 1 MiB */
#define STITCH_MAP_MAX_TOTAL	(UINT64_C(16) << 30)	/* 16 GiB */

/**
 * Adds the links of an identity map (path, "-" for standard input): CSV
 * with a header naming some of the columns email, phone, handle, account
 * (others ignored), or JSON lines with an "ids" object, top-level
 * email/phone/handle/account members or an "identities" array of
 * "kind:value" texts (what stitch_write_links() writes), an optional
 * "ts".  JSON lines when the first line that is not blank begins with
 * "{".  Emails and phones are brought to canonical form; a value that is
 * not UTF-8 is no identity.  Read through confline.h within
 * STITCH_MAP_MAX_LINE and STITCH_MAP_MAX_TOTAL.  Returns 0, or -1 with
 * "PATH: reason" or "PATH:LINE: reason" in err (an unreadable file, a
 * NUL byte, a line or record or file too long, the graph full).  Rows
 * without any identity, and a last one whose quoted field has no end,
 * are skipped and counted in a warning; a row of one identity adds it,
 * linked to nothing.
 */
int stitch_add_map(struct stitch *s, const char *path, char *err,
    size_t errlen);

/**
 * stitch_add_map() from the stream f (borrowed, not closed), named name
 * in messages.
 */
int stitch_read_map(struct stitch *s, FILE *f, const char *name, char *err,
    size_t errlen);

/** Loads a --state file (idgraph_load()); -1 with err. */
int stitch_load_state(struct stitch *s, const char *path, char *err,
    size_t errlen);

/**
 * Applies the links in time order and reports conflicts on stderr and,
 * when conflicts is not NULL, as JSON lines to it.  Returns the number of
 * conflicts, or -1 when writing conflicts failed (errno set).
 */
long stitch_settle(struct stitch *s, struct jsonl_writer *conflicts);

/**
 * Phase two: the line (a valid event) rewritten as described above, in
 * *out and *out_len (borrowed until the next call).  ts is its time;
 * note is what stitch_seen() noted of this very line, or NULL: the
 * output is the same either way.  Returns 0.
 */
int stitch_emit(struct stitch *s, int64_t ts, const char *line, size_t len,
    const void *note, const char **out, size_t *out_len);

/** How many lines stitch_emit() wrote from their notes (for tests). */
uint64_t stitch_noted_lines(const struct stitch *s);

/**
 * The customer key of the line's output (after stitch_emit()), for
 * --by-customer's order: a 64-bit number from the key's text.
 */
uint64_t stitch_last_customer_rank(const struct stitch *s);

/**
 * --links-only: writes every identity with its first instant (in the
 * order they were first read), then every link in time order, as JSON
 * lines {"ts":TS,"identities":["kind:value",...]}, which --identity-map
 * reads back.  Returns 0 or -1 (w->error).
 */
int stitch_write_links(struct stitch *s, struct jsonl_writer *w);

/** Saves the identity graph to the --state file; -1 with err. */
int stitch_save_state(struct stitch *s, const char *path, char *err,
    size_t errlen);

/** Writes the identity graph as a state file's text (idgraph_write()). */
int stitch_write_state(struct stitch *s, struct jsonl_writer *w);

#endif
