/*
 * metrics.h - canal-report's job: the metrics of DESIGN section 5 over a
 * timeline of canonical events read in time order, per group.
 *
 * Definitions (canal-report(1) has them in full):
 *   inbound, outbound   events with direction in, out, in the event's group
 *   conversations       distinct conversations (an event without one is its
 *                       own), in the group of their first non-internal
 *                       event; inbound when that event is "in"
 *   human reply         out, actor agent (also bot with bot_replies), not
 *                       a note
 *   FRT                 from the cycle's start (the first in event; again
 *                       at a bot hand-off or a reopen before the reply) to
 *                       the first human reply; an inbound phone call
 *                       answered is answered at once, FRT = wait (0 when
 *                       unknown); a call missed, abandoned or sent to
 *                       voicemail is answered when the business writes or
 *                       calls the same customer within the callback window,
 *                       FRT = that delay; else unanswered
 *   reply time          a customer message opens a wait when none is open;
 *                       a human reply closes it with a sample, a bot reply
 *                       without; the first response gives none
 *   resolution          first and last resolved/closed status minus the
 *                       conversation's first event
 *   SLA                 inbound conversations whose FRT (business FRT with
 *                       hours) is at most the channel's target; unanswered
 *                       ones breached
 *   phone               inbound calls answered, missed (missed, voicemail,
 *                       busy, failed), abandoned; abandon rate = abandoned
 *                       / (answered + abandoned), the calls that queued;
 *                       handle = duration and speed of answer = wait of
 *                       answered calls
 *
 * Memory: per group (its counters and the samples of its conversations)
 * and per conversation; nothing per event.
 */
#ifndef CANAL_METRICS_H
#define CANAL_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "hours.h"
#include "stats.h"
#include "tz.h"

/* A --by key: a field of the event, or a time bucket. */
enum metrics_key_kind { KEY_FIELD, KEY_HOUR, KEY_DAY, KEY_WEEK, KEY_MONTH };

struct metrics_key {
	enum metrics_key_kind kind;
	const char *name;	/* the field, or "hour", "day", "week", "month" */
};

/* A --sla target. */
struct metrics_sla {
	const char *channel;
	int64_t target_ms;
};

struct metrics_options {
	const struct metrics_key *keys;	/* --by, default channel */
	size_t nkeys;
	const struct tz *zone;		/* buckets and business hours; NULL UTC */
	const struct hours *hours;	/* --hours, or NULL */
	const struct holidays *holidays;	/* --holidays, or NULL */
	const struct metrics_sla *sla;	/* --sla */
	size_t nsla;
	int64_t callback_ms;		/* --callback-window (default 24h) */
	int bot_replies;		/* --bot-replies */
	enum stats_method method;	/* --percentile */
};

/* The durations of a row, in this order in its output. */
enum metrics_duration {
	DUR_FRT, DUR_REPLY, DUR_FIRST_RESOLUTION, DUR_FULL_RESOLUTION,
	DUR_HANDLE, DUR_SPEED_OF_ANSWER,
	DUR_FRT_BH, DUR_REPLY_BH, DUR_FIRST_RESOLUTION_BH,
	DUR_FULL_RESOLUTION_BH,
	DUR_COUNT
};

/* One row: a group's numbers. */
struct metrics_row {
	char **keys;			/* the group's values, in --by order */
	uint64_t inbound, outbound, conversations, customers;
	uint64_t answered, unanswered;	/* inbound conversations */
	struct stats dur[DUR_COUNT];	/* seconds */
	int64_t sla_target_ms;		/* -1 when the group has none */
	uint64_t sla_met, sla_breached;
	uint64_t frt_buckets[5];	/* 0-1h 1-4h 4-8h 8-24h 24h+ */
	uint64_t calls_answered, calls_missed, calls_abandoned;
	int has_calls;
	uint64_t reopens;
};

struct metrics;

struct metrics *metrics_new(const struct metrics_options *opts);
void metrics_free(struct metrics *m);

/** The name of a duration in rows ("frt", "reply_bh"...). */
const char *metrics_duration_name(enum metrics_duration d);

/**
 * Takes one valid event (event_parse() of its line), in time order.
 * Returns 0.
 */
int metrics_add(struct metrics *m, const struct event_view *ev);

/**
 * Ends the input and gives the rows, sorted by their keys, in *rows
 * (borrowed from m) and *n.
 */
void metrics_finish(struct metrics *m, struct metrics_row **rows, size_t *n);

#endif
