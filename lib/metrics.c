/*
 * metrics.c - attention metrics per group over a timeline (metrics.h).
 */
#include "metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "strmap.h"
#include "timefmt.h"
#include "util.h"

#define NONE INT64_MIN

static const char *const duration_names[DUR_COUNT] = {
	"frt", "reply", "first_resolution", "full_resolution", "handle",
	"speed_of_answer", "frt_bh", "reply_bh", "first_resolution_bh",
	"full_resolution_bh"
};

/* How an inbound conversation is answered (DESIGN section 5). */
enum conv_kind {
	KIND_PLAIN,		/* by the first human reply in it */
	KIND_CALL,		/* phone: by an answered call, or a contact
				   within the callback window of a missed one */
	KIND_FORM		/* webform: by a contact within the form
				   window, on any channel */
};

/* One conversation under way. */
struct conv {
	uint32_t key;		/* in m->convs */
	uint32_t agent;		/* its first human replier, in m->names */
	double frt, frt_bh;
	uint32_t group;		/* of its first non-internal event */
	uint32_t customer;	/* in m->names, or STRMAP_NONE */
	int decided;		/* its first non-internal event was seen */
	int inbound;
	enum conv_kind kind;
	int answered;
	int elsewhere;		/* answered from another conversation, */
	uint32_t answered_by;	/* this one (in m->conv) */
	int replied;		/* a reply was seen in it: customer
				   messages now open reply waits */
	int listed;		/* in its customer's pending list */
	int human_replied, bot_replied, handed_off;
	int64_t pending_ts;	/* its latest missed call or form not yet
				   answered, or NONE */
	int64_t first_ts;
	int64_t cycle_start;	/* the FRT clock's start, or NONE */
	int64_t first_reply;	/* the first response, or NONE */
	int64_t wait_open;	/* a customer wait under way, or NONE */
	int64_t first_resolved, last_resolved;
	char channel[16];
};

/* A customer for --view omnichannel. */
struct cust_view {
	uint64_t touchpoints;
	uint32_t channels;		/* bit per channel index */
	int last;			/* channel of the last touchpoint, or -1 */
};

/* A case for the case-level FRT. */
struct case_state {
	int64_t first_in, first_reply;
};

/* A conversation waiting for a contact to its customer (a missed call,
   a form), in a list per customer. */
struct pending {
	uint32_t conv;
	uint32_t next;		/* in m->pending, or NO_PENDING */
};

#define NO_PENDING UINT32_MAX

struct metrics {
	struct metrics_options opts;
	struct strmap groups, convs, names, group_customers;
	struct metrics_row *rows;
	size_t nrows, rows_cap;
	struct conv *conv;
	size_t nconv, conv_cap;
	struct pending *pending;
	size_t npending, pending_cap;
	uint32_t pending_free;		/* a free list in m->pending */
	uint32_t *pending_head;		/* by customer (m->names index) */
	size_t npending_head;
	struct jsonl_buf key, text;
	char decoded[256];
	/* the views */
	struct metrics_omni omni;
	struct metrics_coverage coverage;
	struct strmap cases;
	struct case_state *kase;
	size_t ncases, cases_cap;
	struct cust_view *cust;		/* by m->names index */
	size_t ncust;
	uint32_t outside;		/* the group of what is outside the
					   window (dropped at the end), or
					   STRMAP_NONE */
};

/* The key of the group outside the window: no --by value can make it
   (keys are values after their lengths in digits, key_append(); this
   one starts with \x1e). */
#define OUTSIDE_KEY "\x1e\x1e\x1e canal: outside the period \x1e\x1e\x1e"

struct metrics *
metrics_new(const struct metrics_options *opts)
{
	struct metrics *m = xcalloc(1, sizeof(*m));

	m->opts = *opts;
	strmap_init(&m->groups);
	strmap_init(&m->convs);
	strmap_init(&m->names);
	strmap_init(&m->group_customers);
	strmap_init(&m->cases);
	m->outside = STRMAP_NONE;
	m->pending_free = NO_PENDING;
	m->omni.channel_names = event_field_values(EVENT_CHANNEL);
	for (m->omni.nchannels = 0; m->omni.channel_names[m->omni.nchannels] !=
	    NULL && m->omni.nchannels < METRICS_CHANNELS; m->omni.nchannels++)
		;
	stats_init(&m->omni.touchpoints);
	stats_init(&m->omni.channels);
	stats_init(&m->omni.case_frt);
	for (int h = 0; h < 168; h++)
		stats_init(&m->coverage.frt[h]);
	return m;
}

static void
row_free(const struct metrics *m, struct metrics_row *r)
{
	size_t k;

	for (k = 0; k < m->opts.nkeys; k++)
		free(r->keys[k]);
	free(r->keys);
	free(r->key_lens);
	for (k = 0; k < DUR_COUNT; k++)
		stats_free(&r->dur[k]);
	stats_free(&r->reopen_after);
}

void
metrics_free(struct metrics *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nrows; i++)
		row_free(m, &m->rows[i]);
	free(m->rows);
	free(m->conv);
	free(m->pending);
	free(m->pending_head);
	strmap_free(&m->groups);
	strmap_free(&m->convs);
	strmap_free(&m->names);
	strmap_free(&m->group_customers);
	strmap_free(&m->cases);
	free(m->kase);
	free(m->cust);
	stats_free(&m->omni.touchpoints);
	stats_free(&m->omni.channels);
	stats_free(&m->omni.case_frt);
	for (i = 0; i < 168; i++)
		stats_free(&m->coverage.frt[i]);
	jsonl_buf_free(&m->key);
	jsonl_buf_free(&m->text);
	free(m);
}

const char *
metrics_duration_name(enum metrics_duration d)
{
	return duration_names[d];
}

/* A string field's text (decoded into m->text), or NULL. */
static const char *
text_of(struct metrics *m, const struct scan_member *f, size_t *len)
{
	if (f == NULL || f->type == SCAN_NULL)
		return NULL;
	if (f->type != SCAN_STRING || !f->value_escaped) {
		*len = f->value_len;
		return f->value;
	}
	m->text.len = 0;
	jsonl_buf_append(&m->text, f->value, f->value_len);
	*len = scan_string_decode(f->value, f->value_len, m->text.data);
	return m->text.data;
}

static int
field_is(const struct event_view *ev, enum event_field f, const char *want)
{
	const struct scan_member *m = ev->field[f];
	size_t n = strlen(want);

	return m != NULL && m->type == SCAN_STRING && m->value_len == n &&
	    memcmp(m->value, want, n) == 0;
}

/*
 * Seconds to whole milliseconds, rounded to the nearest (1.005 s is 1005
 * ms, not the 1004 that truncating 1004.999... would give).  event_parse()
 * bounds every duration to EVENT_MAX_SECONDS; the clamp keeps the
 * conversion defined whatever a caller passes (a cast of a double beyond
 * int64_t is undefined behaviour).
 */
static int64_t
ms_of_seconds(double s)
{
	if (!(s >= 0))
		return 0;
	if (s > EVENT_MAX_SECONDS)
		s = EVENT_MAX_SECONDS;
	return (int64_t)llround(s * 1000);
}

/* A time bucket of the instant ms in the zone. */
static void
bucket(const struct metrics *m, enum metrics_key_kind kind, int64_t ms,
    char *out, size_t cap)
{
	int64_t s = ms / 1000 - (ms % 1000 < 0), days, local;
	int y, mo, d, wd, wy, week;
	int64_t thursday;

	local = s + (m->opts.zone != NULL ? tz_offset_at_utc(m->opts.zone, s) :
	    0);
	days = local / 86400 - (local % 86400 < 0);
	timefmt_civil_from_days(days, &y, &mo, &d);
	switch (kind) {
	case KEY_HOUR:
		snprintf(out, cap, "%04d-%02d-%02dT%02d", y, mo, d,
		    (int)((local - days * 86400) / 3600));
		break;
	case KEY_DAY:
		snprintf(out, cap, "%04d-%02d-%02d", y, mo, d);
		break;
	case KEY_MONTH:
		snprintf(out, cap, "%04d-%02d", y, mo);
		break;
	default:
		/* ISO 8601 weeks start on Monday; a week belongs to the year
		   of its Thursday. */
		wd = (int)(((days % 7) + 7 + 3) % 7);	/* 0 = Monday */
		thursday = days - wd + 3;
		timefmt_civil_from_days(thursday, &wy, &mo, &d);
		week = (int)((thursday - timefmt_days_from_civil(wy, 1, 1)) /
		    7) + 1;
		snprintf(out, cap, "%04d-W%02d", wy, week);
		break;
	}
}

/* The group of an event (its --by values at instant ms); a new row when
   first seen. */
static uint32_t group_put(struct metrics *m);

/*
 * A value into a group's key: its length in digits, ":", its bytes.  A
 * separator could be inside a value (any byte can, NUL too), and two
 * groups would then share a key or one be cut short.
 */
static void
key_append(struct jsonl_buf *key, const char *v, size_t len)
{
	char digits[24];
	int n = snprintf(digits, sizeof(digits), "%zu:", len);

	jsonl_buf_append(key, digits, (size_t)n);
	if (len > 0)
		jsonl_buf_append(key, v, len);
}

static int
in_window(const struct metrics *m, int64_t ms)
{
	return !m->opts.windowed || (ms >= m->opts.window_start_ms &&
	    ms < m->opts.window_end_ms);
}

static uint32_t
group_of(struct metrics *m, const struct event_view *ev, int64_t ms)
{
	const struct scan_member *f;
	const char *v;
	char when[32];
	size_t k, len;

	m->key.len = 0;
	if (!in_window(m, ms)) {
		jsonl_buf_append(&m->key, OUTSIDE_KEY, strlen(OUTSIDE_KEY));
		return m->outside = group_put(m);
	}
	for (k = 0; k < m->opts.nkeys; k++) {
		if (m->opts.keys[k].kind != KEY_FIELD) {
			bucket(m, m->opts.keys[k].kind, ms, when, sizeof(when));
			key_append(&m->key, when, strlen(when));
			continue;
		}
		f = scan_object_get(&ev->members, m->opts.keys[k].name);
		if ((v = text_of(m, f, &len)) == NULL)
			len = 0;
		key_append(&m->key, v, len);
	}
	return group_put(m);
}

/* The group whose key is m->key; a new row when first seen. */
static uint32_t
group_put(struct metrics *m)
{
	uint32_t g;
	size_t k, at, len;
	int added;

	g = strmap_put(&m->groups, m->key.data, m->key.len, &added);
	if (!added)
		return g;
	/* Doubling: a group per conversation (--by conversation) would
	   otherwise copy the rows once per group. */
	if (m->nrows == m->rows_cap) {
		m->rows_cap = m->rows_cap ? m->rows_cap * 2 : 16;
		m->rows = xreallocarray(m->rows, m->rows_cap,
		    sizeof(*m->rows));
	}
	memset(&m->rows[g], 0, sizeof(m->rows[g]));
	m->nrows++;
	m->rows[g].keys = xcalloc(m->opts.nkeys ? m->opts.nkeys : 1,
	    sizeof(char *));
	m->rows[g].key_lens = xcalloc(m->opts.nkeys ? m->opts.nkeys : 1,
	    sizeof(size_t));
	/* key_append()'s values; OUTSIDE_KEY's row has empty ones. */
	for (k = 0, at = 0; k < m->opts.nkeys; k++) {
		for (len = 0; at < m->key.len && m->key.data[at] >= '0' &&
		    m->key.data[at] <= '9'; at++)
			len = len * 10 + (size_t)(m->key.data[at] - '0');
		if (at >= m->key.len || m->key.data[at] != ':' ||
		    len > m->key.len - at - 1)
			len = 0;
		else
			at++;
		m->rows[g].keys[k] = xmalloc(len + 1);
		if (len > 0)
			memcpy(m->rows[g].keys[k], m->key.data + at, len);
		m->rows[g].keys[k][len] = '\0';
		m->rows[g].key_lens[k] = len;
		at += len;
	}
	for (k = 0; k < DUR_COUNT; k++)
		stats_init(&m->rows[g].dur[k]);
	stats_init(&m->rows[g].reopen_after);
	m->rows[g].sla_target_ms = -1;
	m->rows[g].group_id = g;
	return g;
}

static struct conv *
conversation(struct metrics *m, const struct event_view *ev, int64_t ts)
{
	const struct scan_member *f = ev->field[EVENT_CONVERSATION];
	struct conv *c;
	const char *v;
	size_t len;
	uint32_t i;
	int added;

	m->key.len = 0;
	if ((v = text_of(m, f, &len)) != NULL) {
		jsonl_buf_append(&m->key, "c:", 2);
		jsonl_buf_append(&m->key, v, len);
	} else {
		/* Without a conversation an event is its own. */
		v = text_of(m, ev->field[EVENT_ID], &len);
		jsonl_buf_append(&m->key, "i:", 2);
		jsonl_buf_append(&m->key, v, len);
	}
	i = strmap_put(&m->convs, m->key.data, m->key.len, &added);
	if (added) {
		if (m->nconv == m->conv_cap) {
			m->conv_cap = m->conv_cap ? m->conv_cap * 2 : 1024;
			m->conv = xreallocarray(m->conv, m->conv_cap,
			    sizeof(*m->conv));
		}
		c = &m->conv[m->nconv++];
		memset(c, 0, sizeof(*c));
		c->key = i;
		c->agent = STRMAP_NONE;
		c->frt = c->frt_bh = NAN;
		c->customer = STRMAP_NONE;
		c->first_ts = ts;
		c->cycle_start = c->first_reply = c->wait_open = NONE;
		c->pending_ts = NONE;
		c->first_resolved = c->last_resolved = NONE;
	}
	return &m->conv[i];
}

/* The event's customer in m->names, or STRMAP_NONE. */
/* A name of m->names, NUL-terminated in b. */
static const char *
name_of(struct metrics *m, uint32_t i, struct jsonl_buf *b)
{
	size_t len;
	const char *s = strmap_key(&m->names, i, &len);

	b->len = 0;
	jsonl_buf_append(b, s, len);
	jsonl_buf_append(b, "", 1);
	return b->data;
}

/* The hour of the week (0 = Monday 00:00) of ms in the zone. */
static int
hour_of_week(const struct metrics *m, int64_t ms)
{
	int64_t s = ms / 1000 - (ms % 1000 < 0);
	int wd, minute;

	if (m->opts.zone != NULL)
		s += tz_offset_at_utc(m->opts.zone, s);
	hours_local_minute(s, &wd, &minute);
	return wd * 24 + minute / 60;
}

static int
channel_index(const struct metrics *m, const struct event_view *ev)
{
	const struct scan_member *f = ev->field[EVENT_CHANNEL];
	size_t i;

	for (i = 0; f != NULL && i < m->omni.nchannels; i++)
		if (strlen(m->omni.channel_names[i]) == f->value_len &&
		    memcmp(m->omni.channel_names[i], f->value, f->value_len) ==
		    0)
			return (int)i;
	return -1;
}

/* The index of a channel's name among the schema's, or -1. */
static int
channel_named(const struct metrics *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->omni.nchannels; i++)
		if (strcmp(m->omni.channel_names[i], name) == 0)
			return (int)i;
	return -1;
}

/* A customer's inbound touchpoint, and the transition from the last. */
static void
touchpoint(struct metrics *m, uint32_t customer, int channel)
{
	struct cust_view *cv;
	size_t old = m->ncust;

	if (customer == STRMAP_NONE || channel < 0)
		return;
	if (customer >= m->ncust) {
		m->ncust = (size_t)customer * 2 + 16;
		m->cust = xreallocarray(m->cust, m->ncust, sizeof(*m->cust));
		for (; old < m->ncust; old++) {
			memset(&m->cust[old], 0, sizeof(m->cust[old]));
			m->cust[old].last = -1;
		}
	}
	cv = &m->cust[customer];
	cv->touchpoints++;
	cv->channels |= 1u << channel;
	if (cv->last >= 0)
		m->omni.transitions[cv->last][channel]++;
	cv->last = channel;
}

/* The case-level FRT: the case's first inbound event to the first human
   reply on any of its channels. */
static void
case_event(struct metrics *m, const struct event_view *ev, int inbound,
    int reply)
{
	const char *v;
	size_t len;
	uint32_t i;
	int added;

	if ((v = text_of(m, ev->field[EVENT_CASE], &len)) == NULL)
		return;
	i = strmap_put(&m->cases, v, len, &added);
	if (added) {
		if (m->ncases == m->cases_cap) {
			m->cases_cap = m->cases_cap ? m->cases_cap * 2 : 256;
			m->kase = xreallocarray(m->kase, m->cases_cap,
			    sizeof(*m->kase));
		}
		m->kase[m->ncases].first_in = NONE;
		m->kase[m->ncases++].first_reply = NONE;
	}
	if (inbound && m->kase[i].first_in == NONE)
		m->kase[i].first_in = ev->ts_ms;
	else if (reply && m->kase[i].first_in != NONE &&
	    m->kase[i].first_reply == NONE)
		m->kase[i].first_reply = ev->ts_ms;
}

static uint32_t
customer_of(struct metrics *m, const struct event_view *ev)
{
	const char *v;
	size_t len;
	int added;

	if ((v = text_of(m, ev->field[EVENT_CUSTOMER], &len)) == NULL ||
	    len == 0)
		return STRMAP_NONE;
	return strmap_put(&m->names, v, len, &added);
}

static void
count_customer(struct metrics *m, uint32_t group, uint32_t customer)
{
	char key[32];
	int added, n;

	if (customer == STRMAP_NONE)
		return;
	n = snprintf(key, sizeof(key), "%u:%u", group, customer);
	(void)strmap_put(&m->group_customers, key, (size_t)n, &added);
	if (added)
		m->rows[group].customers++;
}

/* The first non-internal event of a conversation decides its group. */
static void
decide(struct metrics *m, struct conv *c, const struct event_view *ev,
    int64_t ts)
{
	const char *v;
	size_t len;

	c->decided = 1;
	c->inbound = field_is(ev, EVENT_DIRECTION, "in");
	c->group = group_of(m, ev, ts);
	m->rows[c->group].conversations++;
	if ((v = text_of(m, ev->field[EVENT_CHANNEL], &len)) != NULL &&
	    len < sizeof(c->channel)) {
		memcpy(c->channel, v, len);
		c->channel[len] = '\0';
	}
	if (c->inbound) {
		c->cycle_start = ts;
		if (field_is(ev, EVENT_CHANNEL, "phone") &&
		    field_is(ev, EVENT_TYPE, "call"))
			c->kind = KIND_CALL;
		else if (field_is(ev, EVENT_CHANNEL, "webform"))
			c->kind = KIND_FORM;
	}
}

/* The window in which a contact answers a conversation of this kind. */
static int64_t
window_of(const struct metrics *m, const struct conv *c)
{
	return c->kind == KIND_FORM ? m->opts.form_ms : m->opts.callback_ms;
}

/* c is answered at instant at, by a contact in conversation from; an
   earlier answer stays. */
static void
answer(struct metrics *m, struct conv *c, int64_t at, const struct conv *from)
{
	if (c->answered && c->first_reply <= at)
		return;
	c->answered = 1;
	c->first_reply = at;
	c->elsewhere = from != c;
	c->answered_by = (uint32_t)(from - m->conv);
}

/* A missed call or a form at ts waits for a contact to its customer. */
static void
add_pending(struct metrics *m, struct conv *c, uint32_t customer, int64_t ts)
{
	uint32_t i;

	c->pending_ts = ts;
	if (customer == STRMAP_NONE || c->listed)
		return;
	if (customer >= m->npending_head) {
		size_t old = m->npending_head;

		m->npending_head = (size_t)customer * 2 + 16;
		m->pending_head = xreallocarray(m->pending_head,
		    m->npending_head, sizeof(*m->pending_head));
		for (; old < m->npending_head; old++)
			m->pending_head[old] = NO_PENDING;
	}
	if (m->pending_free != NO_PENDING) {
		i = m->pending_free;
		m->pending_free = m->pending[i].next;
	} else {
		if (m->npending == m->pending_cap) {
			m->pending_cap = m->pending_cap ? m->pending_cap * 2 :
			    64;
			m->pending = xreallocarray(m->pending, m->pending_cap,
			    sizeof(*m->pending));
		}
		i = (uint32_t)m->npending++;
	}
	m->pending[i].conv = (uint32_t)(c - m->conv);
	m->pending[i].next = m->pending_head[customer];
	m->pending_head[customer] = i;
	c->listed = 1;
}

/* A pending conversation is answered by a contact at ts within its
   window; a contact later than that can never answer it. */
static void
contact_pending(struct metrics *m, struct conv *c, const struct conv *from,
    int64_t ts)
{
	if (c->answered || c->pending_ts == NONE)
		return;
	if (ts - c->pending_ts <= window_of(m, c))
		answer(m, c, ts, from);
	c->pending_ts = NONE;
}

/*
 * A human contact with the customer at ts (a reply in conversation from,
 * on any channel, a call that connected, an inbound call answered at the
 * end of its wait): their missed calls and forms
 * waiting within their windows are answered now, in the same conversation
 * or another.
 */
static void
contact(struct metrics *m, uint32_t customer, struct conv *from, int64_t ts)
{
	uint32_t *link, i;
	struct conv *c;

	if (from->kind != KIND_PLAIN)
		contact_pending(m, from, from, ts);
	if (customer == STRMAP_NONE || customer >= m->npending_head)
		return;
	for (link = &m->pending_head[customer]; (i = *link) != NO_PENDING;) {
		c = &m->conv[m->pending[i].conv];
		contact_pending(m, c, from, ts);
		/* Answered or out of its window: a later missed call lists
		   it again. */
		c->listed = 0;
		*link = m->pending[i].next;
		m->pending[i].next = m->pending_free;
		m->pending_free = i;
	}
}

/* An inbound phone call: counted; in a call conversation, answered at
   once (at the end of its wait) or waiting for a callback. */
static void
phone_call(struct metrics *m, struct conv *c, const struct event_view *ev,
    int64_t ts, uint32_t customer)
{
	struct metrics_row *r = &m->rows[c->group];
	int64_t at;

	r->has_calls = 1;
	if (field_is(ev, EVENT_OUTCOME, "answered")) {
		const char *a;
		size_t alen;
		int added;

		r->calls_answered++;
		/* Who took the call answered the conversation. */
		if (c->kind == KIND_CALL && !c->answered && c->agent ==
		    STRMAP_NONE && (a = text_of(m, ev->field[EVENT_AGENT],
		    &alen)) != NULL && alen > 0)
			c->agent = strmap_put(&m->names, a, alen, &added);
		at = ts + ms_of_seconds(event_number(ev, EVENT_WAIT, 0));
		if (c->kind == KIND_CALL)
			answer(m, c, at, c);
		/* Someone spoke to the customer: that answers their missed
		   calls and forms too. */
		contact(m, customer, c, at);
		if (ev->field[EVENT_DURATION] != NULL)
			stats_add(&r->dur[DUR_HANDLE], event_number(ev,
			    EVENT_DURATION, 0));
		/* An unknown wait answers at once for FRT, but is no
		   sample of the speed of answer. */
		if (ev->field[EVENT_WAIT] != NULL)
			stats_add(&r->dur[DUR_SPEED_OF_ANSWER], event_number(ev,
			    EVENT_WAIT, 0));
		return;
	}
	if (field_is(ev, EVENT_OUTCOME, "abandoned"))
		r->calls_abandoned++;
	else
		r->calls_missed++;
	if (c->kind == KIND_CALL && !c->answered)
		add_pending(m, c, customer, ts);
}

/* A call: a reply when it connected, else an attempt. */
static int
is_call(const struct event_view *ev)
{
	return field_is(ev, EVENT_TYPE, "call");
}

static int
is_human_reply(const struct metrics *m, const struct event_view *ev)
{
	if (!field_is(ev, EVENT_DIRECTION, "out") ||
	    field_is(ev, EVENT_TYPE, "note"))
		return 0;
	/* An outbound call that did not connect reached no one. */
	if (is_call(ev) && !field_is(ev, EVENT_OUTCOME, "answered"))
		return 0;
	return field_is(ev, EVENT_ACTOR, "agent") || (m->opts.bot_replies &&
	    field_is(ev, EVENT_ACTOR, "bot"));
}

/* Business seconds of [from, to), or calendar ones without hours. */
static double
business_seconds(const struct metrics *m, int64_t from, int64_t to)
{
	return (double)hours_business_ms(m->opts.hours, m->opts.zone,
	    m->opts.holidays, from, to) / 1000;
}

static void
reply_sample(struct metrics *m, struct conv *c, int64_t ts)
{
	struct metrics_row *r = &m->rows[c->group];

	stats_add(&r->dur[DUR_REPLY], (double)(ts - c->wait_open) / 1000);
	if (m->opts.hours != NULL)
		stats_add(&r->dur[DUR_REPLY_BH], business_seconds(m,
		    c->wait_open, ts));
}

int
metrics_add(struct metrics *m, const struct event_view *ev)
{
	int64_t ts = ev->ts_ms;
	uint32_t g, customer = customer_of(m, ev);
	struct conv *c;
	int internal = field_is(ev, EVENT_DIRECTION, "internal");
	int in = field_is(ev, EVENT_DIRECTION, "in");
	int out = field_is(ev, EVENT_DIRECTION, "out");
	int reply = is_human_reply(m, ev);

	g = group_of(m, ev, ts);
	if (field_is(ev, EVENT_TYPE, "csat") && ev->field[EVENT_RATING] !=
	    NULL) {
		double rating = event_number(ev, EVENT_RATING, 0);

		m->rows[g].csat_count++;
		if (rating >= 4)
			m->rows[g].csat_satisfied++;
	}
	if (in) {
		m->rows[g].inbound++;
		if (g != m->outside && m->opts.views) {
			m->coverage.inbound[hour_of_week(m, ts)]++;
			touchpoint(m, customer, channel_index(m, ev));
		}
	} else if (out)
		m->rows[g].outbound++;
	if (out && is_call(ev) && !field_is(ev, EVENT_OUTCOME, "answered")) {
		m->rows[g].callback_attempts++;
		m->rows[g].has_calls = 1;
	}
	/* A case opens in the window; a reply may come after it. */
	if (m->opts.views)
		case_event(m, ev, in && in_window(m, ts), reply);
	c = conversation(m, ev, ts);
	if (!c->decided && !internal)
		decide(m, c, ev, ts);
	if (c->decided && customer != STRMAP_NONE) {
		c->customer = customer;
		count_customer(m, c->group, customer);
	}
	if (in && field_is(ev, EVENT_CHANNEL, "phone") && is_call(ev)) {
		phone_call(m, c, ev, ts, customer);
		return 0;
	}
	if (in && c->kind == KIND_FORM && !c->answered)
		add_pending(m, c, customer, ts);
	/* A hand-off to a person or a reopen restarts the clock, as long
	   as nobody answered. */
	if (c->inbound && c->kind == KIND_PLAIN && c->first_reply == NONE &&
	    (field_is(ev, EVENT_TYPE, "handoff") ||
	    field_is(ev, EVENT_STATUS, "reopened")))
		c->cycle_start = ts;
	if (field_is(ev, EVENT_TYPE, "handoff"))
		c->handed_off = 1;
	if (field_is(ev, EVENT_STATUS, "reopened") && c->decided) {
		m->rows[c->group].reopens++;
		if (c->last_resolved != NONE)
			stats_add(&m->rows[c->group].reopen_after,
			    (double)(ts - c->last_resolved) / 1000);
	}
	if (field_is(ev, EVENT_STATUS, "resolved") ||
	    field_is(ev, EVENT_STATUS, "closed")) {
		if (c->first_resolved == NONE)
			c->first_resolved = ts;
		c->last_resolved = ts;
	}
	/* Reply waits: in every conversation that can carry a reply, once
	   someone replied in it, whoever started it. */
	if (in && c->wait_open == NONE && c->replied && c->kind == KIND_PLAIN)
		c->wait_open = ts;
	if (out && field_is(ev, EVENT_ACTOR, "bot"))
		c->bot_replied = 1;
	if (reply) {
		const char *a;
		size_t alen;
		int added;

		if (field_is(ev, EVENT_ACTOR, "agent"))
			c->human_replied = 1;
		if (c->agent == STRMAP_NONE && (a = text_of(m,
		    ev->field[EVENT_AGENT], &alen)) != NULL && alen > 0)
			c->agent = strmap_put(&m->names, a, alen, &added);
		contact(m, customer, c, ts);
		if (c->inbound && c->kind == KIND_PLAIN &&
		    c->first_reply == NONE) {
			/* The first response gives no reply-time sample. */
			answer(m, c, ts, c);
		} else if (c->wait_open != NONE && c->decided)
			reply_sample(m, c, ts);
		c->wait_open = NONE;
		c->replied = 1;
	} else if (out && field_is(ev, EVENT_ACTOR, "bot")) {
		/* A bot's answer closes the wait without a sample. */
		c->wait_open = NONE;
	}
	return 0;
}

static const struct metrics_sla *
sla_of(const struct metrics *m, const char *channel)
{
	size_t i;

	for (i = 0; i < m->opts.nsla; i++)
		if (strcmp(m->opts.sla[i].channel, channel) == 0)
			return &m->opts.sla[i];
	return NULL;
}

/*
 * --bucket-by reply: an answered conversation moves to the time buckets
 * of its first reply (its other keys stay).
 */
static void
regroup_by_reply(struct metrics *m, struct conv *c)
{
	char when[32];
	size_t k;
	uint32_t g;
	int timed = 0;

	for (k = 0; k < m->opts.nkeys; k++)
		timed |= m->opts.keys[k].kind != KEY_FIELD;
	if (!timed || !c->answered || c->first_reply == NONE ||
	    c->group == m->outside)
		return;
	m->key.len = 0;
	for (k = 0; k < m->opts.nkeys; k++)
		if (m->opts.keys[k].kind != KEY_FIELD) {
			bucket(m, m->opts.keys[k].kind, c->first_reply, when,
			    sizeof(when));
			key_append(&m->key, when, strlen(when));
		} else
			key_append(&m->key, m->rows[c->group].keys[k],
			    m->rows[c->group].key_lens[k]);
	g = group_put(m);
	if (g != c->group) {
		m->rows[c->group].conversations--;
		m->rows[g].conversations++;
		c->group = g;
	}
}

static void
finish_conversation(struct metrics *m, struct conv *c)
{
	struct metrics_row *r;

	if (c->decided && m->opts.bucket_by_reply)
		regroup_by_reply(m, c);
	r = &m->rows[c->group];
	const struct metrics_sla *sla;
	double frt = 0, judged = 0;
	int bucket_i;

	if (!c->decided)
		return;
	if (c->handed_off)
		r->handoffs++;
	if (c->bot_replied) {
		r->bot_conversations++;
		if (!c->human_replied && !c->handed_off)
			r->bot_contained++;
	}
	if (c->first_resolved != NONE) {
		stats_add(&r->dur[DUR_FIRST_RESOLUTION],
		    (double)(c->first_resolved - c->first_ts) / 1000);
		stats_add(&r->dur[DUR_FULL_RESOLUTION],
		    (double)(c->last_resolved - c->first_ts) / 1000);
		if (m->opts.hours != NULL) {
			stats_add(&r->dur[DUR_FIRST_RESOLUTION_BH],
			    business_seconds(m, c->first_ts,
			    c->first_resolved));
			stats_add(&r->dur[DUR_FULL_RESOLUTION_BH],
			    business_seconds(m, c->first_ts, c->last_resolved));
		}
	}
	if (!c->inbound)
		return;
	sla = sla_of(m, c->channel);
	if (sla != NULL)
		r->sla_target_ms = sla->target_ms;
	if (!c->answered || c->first_reply == NONE) {
		r->unanswered++;
		if (sla != NULL)
			r->sla_breached++;
		return;
	}
	r->answered++;
	if (c->elsewhere) {
		int from = channel_named(m, m->conv[c->answered_by].channel);

		r->answered_elsewhere++;
		if (from >= 0)
			r->elsewhere_channels |= 1u << from;
	}
	frt = (double)(c->first_reply - c->cycle_start) / 1000;
	if (frt < 0)
		frt = 0;
	stats_add(&r->dur[DUR_FRT], frt);
	if (c->group != m->outside && m->opts.views)
		stats_add(&m->coverage.frt[hour_of_week(m, c->cycle_start)],
		    frt);
	c->frt = judged = frt;
	if (m->opts.hours != NULL) {
		judged = business_seconds(m, c->cycle_start, c->first_reply);
		stats_add(&r->dur[DUR_FRT_BH], judged);
		c->frt_bh = judged;
	}
	bucket_i = frt < 3600 ? 0 : frt < 4 * 3600 ? 1 : frt < 8 * 3600 ? 2 :
	    frt < 24 * 3600 ? 3 : 4;
	r->frt_buckets[bucket_i]++;
	if (sla != NULL) {
		if (judged * 1000 <= (double)sla->target_ms)
			r->sla_met++;
		else
			r->sla_breached++;
	}
}

void
metrics_each_conversation(struct metrics *m,
    void (*each)(void *ctx, const struct metrics_conversation *c),
    void *ctx)
{
	struct metrics_conversation out;
	const struct conv *c;
	const char *s;
	size_t i, len, g;
	char *key = NULL;

	for (i = 0; i < m->nconv; i++) {
		c = &m->conv[i];
		if (!c->decided || c->group == m->outside)
			continue;
		memset(&out, 0, sizeof(out));
		s = strmap_key(&m->convs, c->key, &len);
		free(key);
		key = xmalloc(len);
		memcpy(key, s + 2, len - 2);	/* "c:" or "i:" */
		key[len - 2] = '\0';
		out.conversation = key;
		out.conversation_len = len - 2;
		out.channel = c->channel;
		out.customer = c->customer == STRMAP_NONE ? "" :
		    name_of(m, c->customer, &m->text);
		out.customer_len = c->customer == STRMAP_NONE ? 0 :
		    m->text.len - 1;
		out.agent = c->agent == STRMAP_NONE ? "" : name_of(m, c->agent,
		    &m->key);
		out.agent_len = c->agent == STRMAP_NONE ? 0 : m->key.len - 1;
		/* The rows were sorted: find the conversation's group by its
		   key text. */
		for (g = 0; g < m->nrows; g++)
			if (m->rows[g].group_id == c->group)
				break;
		out.keys = (const char *const *)m->rows[g].keys;
		out.key_lens = m->rows[g].key_lens;
		out.inbound = c->inbound;
		out.answered = c->answered && c->first_reply != NONE;
		out.is_call = c->kind == KIND_CALL;
		out.first_ts = c->first_ts;
		out.cycle_start = c->cycle_start;
		out.first_reply = out.answered ? c->first_reply : NONE;
		out.first_resolved = c->first_resolved;
		out.last_resolved = c->last_resolved;
		out.frt = c->frt;
		out.frt_bh = c->frt_bh;
		out.bot_replied = c->bot_replied;
		out.human_replied = c->human_replied;
		out.handed_off = c->handed_off;
		each(ctx, &out);
	}
	free(key);
}

static void
finish_views(struct metrics *m)
{
	size_t i, k;
	int n;

	for (i = 0; i < m->ncust; i++) {
		if (m->cust[i].touchpoints == 0)
			continue;
		m->omni.customers++;
		stats_add(&m->omni.touchpoints, (double)m->cust[i].touchpoints);
		for (k = 0, n = 0; k < METRICS_CHANNELS; k++)
			n += (m->cust[i].channels >> k) & 1;
		stats_add(&m->omni.channels, n);
		if (n > 1)
			m->omni.multichannel++;
	}
	for (i = 0; i < m->ncases; i++) {
		if (m->kase[i].first_in == NONE)
			continue;
		m->omni.cases++;
		if (m->kase[i].first_reply != NONE) {
			m->omni.cases_answered++;
			stats_add(&m->omni.case_frt, (double)(m->kase[i].first_reply
			    - m->kase[i].first_in) / 1000);
		}
	}
}

struct metrics_omni *
metrics_omni(struct metrics *m)
{
	return &m->omni;
}

struct metrics_coverage *
metrics_coverage(struct metrics *m)
{
	return &m->coverage;
}

void
metrics_verdicts(struct metrics_row *rows, size_t n)
{
	struct metrics_row *r;
	uint64_t inbound;
	double rate, sla;
	size_t i;

	for (i = 0; i < n; i++) {
		r = &rows[i];
		inbound = r->answered + r->unanswered;
		if (inbound < METRICS_MIN_VOLUME) {
			r->verdict = "too few to judge";
			continue;
		}
		rate = (double)r->answered / (double)inbound;
		sla = r->sla_met + r->sla_breached > 0 ? (double)r->sla_met /
		    (double)(r->sla_met + r->sla_breached) : 1;
		if (rate >= METRICS_WELL_RESPONSE && sla >= METRICS_WELL_SLA)
			r->verdict = "well attended";
		else if (rate < METRICS_POOR_RESPONSE || sla < METRICS_POOR_SLA)
			r->verdict = "poorly attended";
		else
			r->verdict = "needs attention";
	}
}

static const struct metrics *sorting;

/* Bytes in strcmp()'s order; a prefix first. */
static int
compare_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0 || alen == blen)
		return c;
	return alen < blen ? -1 : 1;
}

static int
compare_rows(const void *a, const void *b)
{
	const struct metrics_row *x = a, *y = b;
	size_t k;
	int c;

	for (k = 0; k < sorting->opts.nkeys; k++)
		if ((c = compare_bytes(x->keys[k], x->key_lens[k],
		    y->keys[k], y->key_lens[k])) != 0)
			return c;
	return 0;
}

void
metrics_finish(struct metrics *m, struct metrics_row **rows, size_t *n)
{
	size_t i;

	for (i = 0; i < m->nconv; i++)
		finish_conversation(m, &m->conv[i]);
	finish_views(m);
	if (m->outside != STRMAP_NONE) {
		/* What was outside the window goes; it is the last row
		   or not, so move the last into its place. */
		row_free(m, &m->rows[m->outside]);
		m->rows[m->outside] = m->rows[--m->nrows];
	}
	sorting = m;
	if (m->nrows > 1)
		qsort(m->rows, m->nrows, sizeof(*m->rows), compare_rows);
	sorting = NULL;
	*rows = m->rows;
	*n = m->nrows;
}

size_t
metrics_elsewhere_names(uint32_t channels, char *out, size_t cap)
{
	const char *const *names = event_field_values(EVENT_CHANNEL);
	size_t i, len = 0;
	int n;

	if (cap > 0)
		out[0] = '\0';
	for (i = 0; names[i] != NULL && i < METRICS_CHANNELS; i++) {
		if (!(channels >> i & 1))
			continue;
		n = snprintf(out + len, cap - len, "%s%s", len > 0 ? ", " : "",
		    names[i]);
		if (n < 0 || (size_t)n >= cap - len) {
			out[len] = '\0';
			break;
		}
		len += (size_t)n;
	}
	return len;
}
