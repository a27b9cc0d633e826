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
 *                       the first human reply
 *   phone               (a conversation opened by an inbound call) every
 *                       inbound call counts; answered at the first
 *                       answered call (ts + wait, to the millisecond) or
 *                       at the first contact (a human reply on any channel,
 *                       an outbound call that connected) with the customer
 *                       within the callback window after a missed or
 *                       abandoned call, in the same conversation or
 *                       another; notes and calls that do not connect
 *                       (callback attempts) never answer
 *   webform             answered by the first contact with the customer
 *                       within the form window, on any channel; answers
 *                       from another conversation are answered_elsewhere
 *   reply time          a customer message opens a wait when none is open,
 *                       once someone replied in the conversation (whoever
 *                       started it; not calls or forms); a human reply
 *                       closes it with a sample, a bot reply without; the
 *                       first response gives none
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
	int64_t form_ms;		/* --form-window (default 72h) */
	int bot_replies;		/* --bot-replies */
	int bucket_by_reply;		/* --bucket-by reply */
	enum stats_method method;	/* --percentile */
	int views;			/* keep the omnichannel and coverage
					   views' state (per customer and
					   case): for --view, HTML, partials */
	/* --period: only conversations whose group is decided in
	   [window_start_ms, window_end_ms) and events in it are counted;
	   later events still answer and resolve those conversations. */
	int windowed;
	int64_t window_start_ms, window_end_ms;
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
	char **keys;			/* the group's values, in --by order,
					   each NUL-terminated ... */
	size_t *key_lens;		/* ... and this long: a value may hold
					   NUL bytes (NULL: as C strings) */
	uint64_t inbound, outbound, conversations, customers;
	uint64_t answered, unanswered;	/* inbound conversations */
	uint64_t answered_elsewhere;	/* ... answered by a contact in
					   another conversation */
	uint32_t elsewhere_channels;	/* the channels of those contacts,
					   a bit per index of the schema's
					   channel values */
	struct stats dur[DUR_COUNT];	/* seconds */
	int64_t sla_target_ms;		/* -1 when the group has none */
	uint64_t sla_met, sla_breached;
	uint64_t frt_buckets[5];	/* 0-1h 1-4h 4-8h 8-24h 24h+ */
	uint64_t calls_answered, calls_missed, calls_abandoned;
	uint64_t callback_attempts;	/* outbound calls that did not
					   connect */
	int has_calls;
	uint64_t reopens;
	struct stats reopen_after;	/* seconds from a resolve to its reopen */
	uint64_t handoffs;		/* conversations handed off to a person */
	uint64_t bot_conversations;	/* with a bot reply */
	uint64_t bot_contained;		/* ... and no human reply or hand-off */
	uint64_t csat_count, csat_satisfied;	/* ratings, 4 and 5 */
	const char *verdict;		/* with metrics_verdicts() */
	uint32_t group_id;		/* its place before sorting */
};

/* The thresholds of the scorecard's verdicts. */
#define METRICS_WELL_RESPONSE 0.9	/* and SLA attainment >= 0.8 */
#define METRICS_WELL_SLA 0.8
#define METRICS_POOR_RESPONSE 0.7	/* below, or SLA attainment < 0.5 */
#define METRICS_POOR_SLA 0.5
#define METRICS_MIN_VOLUME 5		/* fewer inbound conversations: none */

/* One conversation, for --rows conversation. */
struct metrics_conversation {
	const char *conversation;	/* its key, or the id of a lone event */
	const char *channel, *customer, *agent;	/* "" when unknown */
	size_t conversation_len, customer_len, agent_len;	/* NUL may
					   be inside */
	const char *const *keys;	/* its group's --by values */
	const size_t *key_lens;		/* and their lengths (metrics_row) */
	int inbound, answered, is_call;
	int64_t first_ts, cycle_start, first_reply;	/* INT64_MIN: none */
	int64_t first_resolved, last_resolved;
	double frt, frt_bh;		/* NaN when unanswered */
	int bot_replied, human_replied, handed_off;
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

/**
 * After metrics_finish(): calls each(ctx, c) for every conversation in
 * the order of their first events (c borrowed for the call).
 */
void metrics_each_conversation(struct metrics *m,
    void (*each)(void *ctx, const struct metrics_conversation *c),
    void *ctx);

#define METRICS_CHANNELS 16	/* channel values kept apart in the views */

/* --view omnichannel: the whole timeline's customers across channels. */
struct metrics_omni {
	uint64_t customers;		/* with at least one inbound event */
	struct stats touchpoints;	/* inbound events per customer */
	struct stats channels;		/* channels per customer */
	uint64_t multichannel;		/* customers on more than one channel */
	const char *const *channel_names;	/* the schema's, by index */
	size_t nchannels;
	/* consecutive inbound touchpoints of a customer: from, to */
	uint64_t transitions[METRICS_CHANNELS][METRICS_CHANNELS];
	uint64_t cases, cases_answered;	/* cases with an inbound event */
	struct stats case_frt;		/* first inbound to the first human
					   reply on any channel of the case */
};

/* --view coverage: hour of the week (0 = Monday 00:00) in the zone. */
struct metrics_coverage {
	uint64_t inbound[168];		/* inbound events */
	struct stats frt[168];		/* FRT of conversations by the hour
					   their cycle started */
};

/**
 * The names of the channels of a row's elsewhere_channels, joined by
 * ", " into out (NUL-terminated, cut at a whole name when cap is short);
 * returns the length written, 0 for none.
 */
size_t metrics_elsewhere_names(uint32_t channels, char *out, size_t cap);

/** After metrics_finish(): the views (borrowed from m). */
struct metrics_omni *metrics_omni(struct metrics *m);
struct metrics_coverage *metrics_coverage(struct metrics *m);

/**
 * The scorecard: sets each row's verdict, "well attended" (response rate
 * at least METRICS_WELL_RESPONSE and SLA attainment, when there is a
 * target, at least METRICS_WELL_SLA), "poorly attended" (response rate
 * below METRICS_POOR_RESPONSE or attainment below METRICS_POOR_SLA), else
 * "needs attention"; "too few to judge" under METRICS_MIN_VOLUME inbound
 * conversations.
 */
void metrics_verdicts(struct metrics_row *rows, size_t n);

#endif
