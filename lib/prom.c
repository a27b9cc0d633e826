/*
 * prom.c - the Prometheus text exposition of report rows (prom.h).
 */
#include "prom.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "scan.h"
#include "util.h"

/* A family's number: a row counter (offset of its uint64_t), or with
   den a ratio, num / (den + den2) (den2 may be NONE). */
#define NONE ((size_t)-1)
#define AT(field) offsetof(struct metrics_row, field)

struct family {
	const char *name, *help;
	size_t num, den, den2;
	int calls;		/* only rows with calls have it */
};

static const struct family families[] = {
	{ "canal_inbound_events", "Inbound events in the report.",
	    AT(inbound), NONE, NONE, 0 },
	{ "canal_outbound_events", "Outbound events in the report.",
	    AT(outbound), NONE, NONE, 0 },
	{ "canal_conversations", "Conversations, in the group of their first "
	    "event.", AT(conversations), NONE, NONE, 0 },
	{ "canal_customers", "Distinct customers of the conversations.",
	    AT(customers), NONE, NONE, 0 },
	{ "canal_answered_conversations", "Inbound conversations with a human "
	    "reply.", AT(answered), NONE, NONE, 0 },
	{ "canal_answered_elsewhere_conversations", "Inbound conversations "
	    "answered by a contact in another conversation (a form answered "
	    "by e-mail, a missed call called back).", AT(answered_elsewhere),
	    NONE, NONE, 0 },
	{ "canal_unanswered_conversations", "Inbound conversations without a "
	    "human reply.", AT(unanswered), NONE, NONE, 0 },
	{ "canal_response_rate", "Answered share of inbound conversations "
	    "(0 to 1).", AT(answered), AT(answered), AT(unanswered), 0 },
	{ "canal_reopens", "Conversations reopened after a resolution.",
	    AT(reopens), NONE, NONE, 0 },
	{ "canal_handoff_conversations", "Conversations handed off to a "
	    "person.", AT(handoffs), NONE, NONE, 0 },
	{ "canal_bot_conversations", "Conversations with a bot reply.",
	    AT(bot_conversations), NONE, NONE, 0 },
	{ "canal_bot_contained_conversations", "Bot conversations without a "
	    "human reply or hand-off.", AT(bot_contained), NONE, NONE, 0 },
	{ "canal_csat_ratings", "Satisfaction ratings.", AT(csat_count), NONE,
	    NONE, 0 },
	{ "canal_csat_score_ratio", "Share of ratings of 4 or 5 (0 to 1).",
	    AT(csat_satisfied), AT(csat_count), NONE, 0 },
	{ "canal_answered_calls", "Inbound calls answered.",
	    AT(calls_answered), NONE, NONE, 1 },
	{ "canal_missed_calls", "Inbound calls missed, sent to voicemail, "
	    "busy or failed.", AT(calls_missed), NONE, NONE, 1 },
	{ "canal_abandoned_calls", "Inbound calls abandoned in the queue.",
	    AT(calls_abandoned), NONE, NONE, 1 },
	{ "canal_abandon_rate", "Abandoned share of the calls that queued "
	    "(0 to 1).", AT(calls_abandoned), AT(calls_answered),
	    AT(calls_abandoned), 1 },
	{ "canal_callback_attempts", "Outbound calls that did not reach the "
	    "customer (never an answer).", AT(callback_attempts), NONE, NONE,
	    1 },
};

static uint64_t
counter(const struct metrics_row *r, size_t at)
{
	uint64_t v;

	memcpy(&v, (const char *)r + at, sizeof(v));
	return v;
}

static double
ratio(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : NAN;
}

static double
family_value(const struct family *f, const struct metrics_row *r)
{
	if (f->den == NONE)
		return (double)counter(r, f->num);
	return ratio(counter(r, f->num), counter(r, f->den) +
	    (f->den2 == NONE ? 0 : counter(r, f->den2)));
}

/* The summaries, by duration (metrics.h order). */
static const char *const summary_names[DUR_COUNT] = {
	"canal_first_response_seconds", "canal_reply_seconds",
	"canal_first_resolution_seconds", "canal_full_resolution_seconds",
	"canal_handle_seconds", "canal_speed_of_answer_seconds",
	"canal_first_response_business_seconds",
	"canal_reply_business_seconds",
	"canal_first_resolution_business_seconds",
	"canal_full_resolution_business_seconds",
};

static const char *const summary_help[DUR_COUNT] = {
	"First response time: the cycle's start to the first human reply.",
	"Reply time: a customer message to the next human reply.",
	"First resolution time: the first event to the first resolution.",
	"Full resolution time: the first event to the last resolution.",
	"Handle time of answered calls.",
	"Speed of answer: the wait of answered calls.",
	"First response time in business hours.",
	"Reply time in business hours.",
	"First resolution time in business hours.",
	"Full resolution time in business hours.",
};

static void
put(struct jsonl_buf *b, const char *s)
{
	jsonl_buf_append(b, s, strlen(s));
}

static void
put_number(struct jsonl_buf *b, double v)
{
	char text[40];

	if (isnan(v))
		put(b, "NaN");
	else if (isinf(v))	/* the format's spelling, never printf's "inf" */
		put(b, v > 0 ? "+Inf" : "-Inf");
	else {
		snprintf(text, sizeof(text), "%.15g", v == 0 ? 0 : v);
		put(b, text);
	}
}

/* A label name: [a-zA-Z_][a-zA-Z0-9_]*, never "__" first (reserved). */
static void
put_label_name(struct jsonl_buf *b, const char *s)
{
	size_t i;
	char c;

	if ((s[0] >= '0' && s[0] <= '9') || (s[0] == '_' && s[1] == '_') ||
	    s[0] == '\0')
		put(b, "key_");
	for (i = 0; s[i] != '\0'; i++) {
		c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_'))
			c = '_';
		jsonl_buf_append(b, &c, 1);
	}
}

/*
 * A label value s[0..n): the format's escapes of a backslash, a quote and
 * a line feed; every other character that render_visible() would not
 * show as it is (NUL and the other controls, which the format would carry
 * raw and make the file binary and a terminal's command, and bytes that
 * are not UTF-8, which it refuses) as the text render_visible() shows,
 * its backslash escaped: "a\\u0000b" is the value a\u0000b.  Values
 * stay apart unless one holds that very text.
 */
static void
put_label_value(struct jsonl_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	struct jsonl_buf shown = { 0 };
	size_t i, len;

	for (i = 0; i < n; i += len) {
		len = u[i] >= 0xf0 ? 4 : u[i] >= 0xe0 ? 3 : u[i] >= 0xc0 ? 2 :
		    1;
		if (len > n - i || scan_utf8_valid_prefix(s + i, len) != len)
			len = 1;
		shown.len = 0;
		render_visible(&shown, s + i, len);
		if (s[i] == '\\')
			put(b, "\\\\");
		else if (s[i] == '"')
			put(b, "\\\"");
		else if (s[i] == '\n')
			put(b, "\\n");
		else if (shown.len == len && memcmp(shown.data, s + i, len) == 0)
			jsonl_buf_append(b, s + i, len);
		else {
			put(b, "\\");
			jsonl_buf_append(b, shown.data, shown.len);
		}
	}
	jsonl_buf_free(&shown);
}

/* name{keys,extra} for row r; extra is a label pair or NULL. */
static void
put_series(struct jsonl_buf *b, const struct render_options *o,
    const struct metrics_row *r, const char *name, const char *extra)
{
	size_t k;
	int first = 1;

	put(b, name);
	put(b, "{");
	for (k = 0; k < o->nkeys; k++, first = 0) {
		if (!first)
			put(b, ",");
		put_label_name(b, o->keys[k].name);
		put(b, "=\"");
		put_label_value(b, r->keys[k], r->key_lens != NULL ?
		    r->key_lens[k] : strlen(r->keys[k]));
		put(b, "\"");
	}
	if (o->period != NULL) {
		put(b, first ? "period=\"" : ",period=\"");
		put_label_value(b, o->period, strlen(o->period));
		put(b, "\"");
		first = 0;
	}
	if (extra != NULL) {
		if (!first)
			put(b, ",");
		put(b, extra);
	}
	put(b, "} ");
}

static void
put_head(struct jsonl_buf *b, const char *name, const char *help,
    const char *type)
{
	put(b, "# HELP ");
	put(b, name);
	put(b, " ");
	put(b, help);
	put(b, "\n# TYPE ");
	put(b, name);
	put(b, " ");
	put(b, type);
	put(b, "\n");
}

static void
put_summaries(struct jsonl_buf *b, const struct render_options *o,
    struct metrics_row *rows, size_t n, enum metrics_duration d)
{
	static const char *const q[3] = { "quantile=\"0.5\"",
	    "quantile=\"0.9\"", "quantile=\"0.95\"" };
	struct stats_summary s;
	char name[96];
	double v[3];
	size_t i, k;

	put_head(b, summary_names[d], summary_help[d], "summary");
	for (i = 0; i < n; i++) {
		stats_summarize(&rows[i].dur[d], o->method, &s);
		v[0] = s.median;
		v[1] = s.p90;
		v[2] = s.p95;
		for (k = 0; k < 3; k++) {
			put_series(b, o, &rows[i], summary_names[d], q[k]);
			put_number(b, v[k]);
			put(b, "\n");
		}
		snprintf(name, sizeof(name), "%s_sum", summary_names[d]);
		put_series(b, o, &rows[i], name, NULL);
		put_number(b, rows[i].dur[d].sum);
		put(b, "\n");
		snprintf(name, sizeof(name), "%s_count", summary_names[d]);
		put_series(b, o, &rows[i], name, NULL);
		put_number(b, (double)s.count);
		put(b, "\n");
	}
	/* canal_first_response_seconds -> canal_first_response_max_seconds */
	snprintf(name, sizeof(name), "%.*s_max_seconds",
	    (int)(strlen(summary_names[d]) - strlen("_seconds")),
	    summary_names[d]);
	put_head(b, name, "The longest of the durations above.", "gauge");
	for (i = 0; i < n; i++) {
		stats_summarize(&rows[i].dur[d], o->method, &s);
		put_series(b, o, &rows[i], name, NULL);
		put_number(b, s.max);
		put(b, "\n");
	}
}

static void
put_sla(struct jsonl_buf *b, const struct render_options *o,
    struct metrics_row *rows, size_t n)
{
	size_t i;
	int any = 0;

	for (i = 0; i < n; i++)
		any |= rows[i].sla_target_ms >= 0;
	if (!any)
		return;
	put_head(b, "canal_sla_target_seconds", "The first-response target of "
	    "the group's channel.", "gauge");
	for (i = 0; i < n; i++)
		if (rows[i].sla_target_ms >= 0) {
			put_series(b, o, &rows[i], "canal_sla_target_seconds",
			    NULL);
			put_number(b, (double)rows[i].sla_target_ms / 1000);
			put(b, "\n");
		}
	put_head(b, "canal_sla_attainment_ratio", "Inbound conversations "
	    "answered within the target (0 to 1; unanswered ones breach).",
	    "gauge");
	for (i = 0; i < n; i++)
		if (rows[i].sla_target_ms >= 0) {
			put_series(b, o, &rows[i], "canal_sla_attainment_ratio",
			    NULL);
			put_number(b, ratio(rows[i].sla_met, rows[i].sla_met +
			    rows[i].sla_breached));
			put(b, "\n");
		}
}

static void
put_buckets(struct jsonl_buf *b, const struct render_options *o,
    struct metrics_row *rows, size_t n)
{
	static const char *const labels[5] = { "bucket=\"0-1h\"",
	    "bucket=\"1-4h\"", "bucket=\"4-8h\"", "bucket=\"8-24h\"",
	    "bucket=\"24h+\"" };
	size_t i, k;

	put_head(b, "canal_first_response_conversations", "Answered "
	    "conversations by first response time.", "gauge");
	for (i = 0; i < n; i++)
		for (k = 0; k < 5; k++) {
			put_series(b, o, &rows[i],
			    "canal_first_response_conversations", labels[k]);
			put_number(b, (double)rows[i].frt_buckets[k]);
			put(b, "\n");
		}
}

int
prom_write(struct jsonl_writer *w, const struct render_options *o,
    struct metrics_row *rows, size_t n)
{
	struct jsonl_buf b = { 0 };
	size_t f, i, d;
	int calls = 0;

	for (i = 0; i < n; i++)
		calls |= rows[i].has_calls;
	for (f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
		if (families[f].calls && !calls)
			continue;
		put_head(&b, families[f].name, families[f].help, "gauge");
		for (i = 0; i < n; i++) {
			if (families[f].calls && !rows[i].has_calls)
				continue;
			put_series(&b, o, &rows[i], families[f].name, NULL);
			put_number(&b, family_value(&families[f], &rows[i]));
			put(&b, "\n");
		}
	}
	for (d = 0; d < DUR_COUNT; d++)
		if (d < DUR_FRT_BH || o->business)
			put_summaries(&b, o, rows, n, (enum metrics_duration)d);
	put_sla(&b, o, rows, n);
	put_buckets(&b, o, rows, n);
	jsonl_writer_write(w, b.data, b.len);
	jsonl_buf_free(&b);
	return w->error ? -1 : 0;
}
