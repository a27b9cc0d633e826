/*
 * render.c - report rows as JSON lines, JSON, CSV, Markdown and aligned
 * tables (render.h).
 */
#include "render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"
#include "svg.h"
#include "timefmt.h"
#include "util.h"

static const char *const bucket_names[5] = { "0-1h", "1-4h", "4-8h",
    "8-24h", "24h+" };

int
render_format_from_name(const char *name, enum render_format *f)
{
	static const struct {
		const char *name;
		enum render_format f;
	} names[] = {
		{ "jsonl", RENDER_JSONL }, { "json", RENDER_JSON },
		{ "csv", RENDER_CSV }, { "table", RENDER_TABLE },
		{ "markdown", RENDER_MARKDOWN }, { "prom", RENDER_PROM },
		{ "html", RENDER_HTML }
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].name, name) == 0) {
			*f = names[i].f;
			return 0;
		}
	return -1;
}

/* Seconds as JSON: milliseconds at most, no trailing zeros; null for
   what JSON cannot hold (NaN, and infinity, which the readers' bounds keep
   out: this is the last guard, never "inf" in a report). */
static void
put_seconds(struct jsonl_buf *b, double v)
{
	char buf[48];
	int n;

	if (!isfinite(v) || !isfinite(v * 1000)) {
		jsonl_buf_append(b, "null", 4);
		return;
	}
	v = round(v * 1000) / 1000;
	if (v == 0)
		v = 0;	/* never "-0" */
	n = snprintf(buf, sizeof(buf), "%.15g", v);
	jsonl_buf_append(b, buf, (size_t)n);
}

static void
put_count(struct jsonl_buf *b, unsigned long long v)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%llu", v);

	jsonl_buf_append(b, buf, (size_t)n);
}

/* A member's name: the report's own, or a --by field's, escaped. */
static void
put_key(struct jsonl_buf *b, const char *key, int *first)
{
	if (!*first)
		jsonl_buf_append(b, ",", 1);
	jsonl_buf_string(b, key, strlen(key));
	jsonl_buf_append(b, ":", 1);
	*first = 0;
}

/* The length of a row's key k: it may hold NUL bytes. */
static size_t
key_len(char *const *keys, const size_t *lens, size_t k)
{
	return lens != NULL ? lens[k] : strlen(keys[k]);
}

int
render_reserved_name(const char *name)
{
	static const char *const own[] = { "inbound", "outbound",
	    "conversations", "inbound_conversations", "customers", "answered",
	    "answered_elsewhere", "unanswered", "callback_attempts",
	    "response_rate", "sla", "frt_buckets", "reopens", "reopen_after",
	    "bot", "csat", "answered_calls", "missed_calls", "abandoned_calls",
	    "abandon_rate", "verdict", "period", "change" };
	size_t i;

	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (strcmp(name, own[i]) == 0)
			return 1;
	for (i = 0; i < DUR_COUNT; i++)
		if (strcmp(name, metrics_duration_name(
		    (enum metrics_duration)i)) == 0)
			return 1;
	return 0;
}

static int
shown(const struct render_options *o, enum metrics_duration d)
{
	return d < DUR_FRT_BH || o->business;
}

static void put_summary(struct jsonl_buf *b, struct stats *s,
    enum stats_method method);

/* The row as one JSON object. */
static void
row_json(struct jsonl_buf *b, const struct render_options *o,
    struct metrics_row *r, int uniform)
{
	static const char *const stat_names[] = { "count", "mean", "median",
	    "p90", "p95", "max" };
	struct stats_summary s;
	double vals[6];
	uint64_t queued, inbound_conv;
	size_t k, d;
	int first = 1, inner;

	jsonl_buf_append(b, "{", 1);
	for (k = 0; k < o->nkeys; k++) {
		put_key(b, o->keys[k].name, &first);
		jsonl_buf_string(b, r->keys[k], key_len(r->keys, r->key_lens,
		    k));
	}
	if (o->period != NULL) {
		put_key(b, "period", &first);
		jsonl_buf_string(b, o->period, strlen(o->period));
	}
	put_key(b, "inbound", &first);
	put_count(b, r->inbound);
	put_key(b, "outbound", &first);
	put_count(b, r->outbound);
	put_key(b, "conversations", &first);
	put_count(b, r->conversations);
	inbound_conv = r->answered + r->unanswered;
	put_key(b, "inbound_conversations", &first);
	put_count(b, inbound_conv);
	put_key(b, "customers", &first);
	put_count(b, r->customers);
	put_key(b, "answered", &first);
	put_count(b, r->answered);
	put_key(b, "answered_elsewhere", &first);
	put_count(b, r->answered_elsewhere);
	put_key(b, "unanswered", &first);
	put_count(b, r->unanswered);
	put_key(b, "response_rate", &first);
	put_seconds(b, inbound_conv ? (double)r->answered /
	    (double)inbound_conv : NAN);
	for (d = 0; d < DUR_COUNT; d++) {
		if (!shown(o, (enum metrics_duration)d))
			continue;
		stats_summarize(&r->dur[d], o->method, &s);
		put_key(b, metrics_duration_name((enum metrics_duration)d),
		    &first);
		vals[0] = (double)s.count;
		vals[1] = s.mean;
		vals[2] = s.median;
		vals[3] = s.p90;
		vals[4] = s.p95;
		vals[5] = s.max;
		jsonl_buf_append(b, "{", 1);
		for (k = 0, inner = 1; k < 6; k++) {
			put_key(b, stat_names[k], &inner);
			if (k == 0)
				put_count(b, s.count);
			else
				put_seconds(b, vals[k]);
		}
		jsonl_buf_append(b, "}", 1);
	}
	put_key(b, "sla", &first);
	if (r->sla_target_ms < 0 && !uniform)
		jsonl_buf_append(b, "null", 4);
	else if (r->sla_target_ms < 0)
		jsonl_buf_append(b, "{\"target\":null,\"met\":null,"
		    "\"breached\":null,\"attainment\":null}", 60);
	else {
		jsonl_buf_append(b, "{\"target\":", 10);
		put_seconds(b, (double)r->sla_target_ms / 1000);
		jsonl_buf_append(b, ",\"met\":", 7);
		put_count(b, r->sla_met);
		jsonl_buf_append(b, ",\"breached\":", 12);
		put_count(b, r->sla_breached);
		jsonl_buf_append(b, ",\"attainment\":", 14);
		put_seconds(b, r->sla_met + r->sla_breached ? (double)r->sla_met /
		    (double)(r->sla_met + r->sla_breached) : NAN);
		jsonl_buf_append(b, "}", 1);
	}
	put_key(b, "frt_buckets", &first);
	jsonl_buf_append(b, "{", 1);
	for (k = 0, inner = 1; k < 5; k++) {
		put_key(b, bucket_names[k], &inner);
		put_count(b, r->frt_buckets[k]);
	}
	jsonl_buf_append(b, "}", 1);
	put_key(b, "reopens", &first);
	put_count(b, r->reopens);
	put_key(b, "reopen_after", &first);
	put_summary(b, &r->reopen_after, o->method);
	put_key(b, "bot", &first);
	jsonl_buf_append(b, "{\"conversations\":", 17);
	put_count(b, r->bot_conversations);
	jsonl_buf_append(b, ",\"contained\":", 13);
	put_count(b, r->bot_contained);
	jsonl_buf_append(b, ",\"handoffs\":", 12);
	put_count(b, r->handoffs);
	jsonl_buf_append(b, "}", 1);
	put_key(b, "csat", &first);
	jsonl_buf_append(b, "{\"count\":", 9);
	put_count(b, r->csat_count);
	jsonl_buf_append(b, ",\"satisfied\":", 13);
	put_count(b, r->csat_satisfied);
	jsonl_buf_append(b, ",\"score\":", 9);
	put_seconds(b, r->csat_count ? (double)r->csat_satisfied /
	    (double)r->csat_count : NAN);
	jsonl_buf_append(b, "}", 1);
	if (r->has_calls || uniform) {
		put_key(b, "answered_calls", &first);
		put_count(b, r->calls_answered);
		put_key(b, "missed_calls", &first);
		put_count(b, r->calls_missed);
		put_key(b, "abandoned_calls", &first);
		put_count(b, r->calls_abandoned);
		queued = r->calls_answered + r->calls_abandoned;
		put_key(b, "abandon_rate", &first);
		put_seconds(b, queued ? (double)r->calls_abandoned /
		    (double)queued : NAN);
		put_key(b, "callback_attempts", &first);
		put_count(b, r->callback_attempts);
		if (!r->has_calls) {
			/* CSV rows share one header: no calls are empty. */
			b->len -= strlen(",\"answered_calls\":0,"
			    "\"missed_calls\":0,\"abandoned_calls\":0,"
			    "\"abandon_rate\":null,\"callback_attempts\":0");
			jsonl_buf_append(b, ",\"answered_calls\":null,"
			    "\"missed_calls\":null,\"abandoned_calls\":null,"
			    "\"abandon_rate\":null,\"callback_attempts\":null",
			    110);
		}
	}
	if (r->verdict != NULL || (uniform && o->scorecard)) {
		put_key(b, "verdict", &first);
		if (r->verdict != NULL)
			jsonl_buf_string(b, r->verdict, strlen(r->verdict));
		else
			jsonl_buf_append(b, "null", 4);
	}
	jsonl_buf_append(b, "}", 1);
}

/* --- CSV: the JSON row's scalar members, flattened --------------------- */

/*
 * A spreadsheet cell of the decoded text s[0..n) (RFC 4180): quoted when
 * it holds a comma, a quote, CR or LF, quotes doubled.  A text (never a
 * number: "-3" is minus three) that starts with = + - @ tab or CR is a
 * formula to a spreadsheet: it gets a "'" first, which they take as
 * "text".  A NUL byte, which many CSV readers stop at or refuse, is
 * written as U+FFFD; every other character is kept.
 */
static void
put_cell(struct jsonl_buf *b, const char *s, size_t n, int number)
{
	size_t i, run;
	int formula = !number && n > 0 && (s[0] == '=' || s[0] == '+' ||
	    s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
	int quote = formula;

	for (i = 0; i < n && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = 1;
	if (quote)
		jsonl_buf_append(b, formula ? "\"'" : "\"", formula ? 2 : 1);
	for (i = 0, run = 0; i < n; i++) {
		if (s[i] != '"' && s[i] != '\0')
			continue;
		jsonl_buf_append(b, s + run, i - run);
		jsonl_buf_append(b, s[i] == '"' ? "\"\"" : "\xef\xbf\xbd",
		    s[i] == '"' ? 2 : 3);
		run = i + 1;
	}
	jsonl_buf_append(b, s + run, n - run);
	if (quote)
		jsonl_buf_append(b, "\"", 1);
}

/*
 * Walks the JSON text of a row (validated, from row_json) and calls out
 * with each scalar's dotted name and text, strings decoded (NUL bytes
 * and all): one walk gives both the header and the cells, so they
 * always agree.
 */
static void
flatten(const char *json, size_t len, const char *prefix,
    void (*out)(void *, const char *, const char *, size_t, int), void *ctx)
{
	struct scan_object obj;
	struct scan_error err;
	char name[128], key[128], *text = NULL;
	size_t i, n;

	scan_object_init(&obj);
	if (scan_object_parse(&obj, json, len, &err) == 0)
		for (i = 0; i < obj.count; i++) {
			const struct scan_member *m = &obj.members[i];

			/* A --by name, from the command line, may need
			   escapes in JSON: its text, as it was given. */
			n = m->key_len < sizeof(key) ? m->key_len :
			    sizeof(key) - 1;
			memcpy(key, m->key, n);
			if (m->key_escaped && m->key_len < sizeof(key))
				n = scan_string_decode(m->key, m->key_len, key);
			snprintf(name, sizeof(name), "%s%s%.*s", prefix,
			    prefix[0] ? "." : "", (int)n, key);
			if (m->type == SCAN_OBJECT)
				flatten(m->value, m->value_len, name, out, ctx);
			else if (m->type == SCAN_STRING && m->value_escaped) {
				text = xrealloc(text, m->value_len + 1);
				n = scan_string_decode(m->value, m->value_len,
				    text);
				out(ctx, name, text, n, 0);
			} else
				out(ctx, name, m->type == SCAN_NULL ? "" :
				    m->value, m->type == SCAN_NULL ? 0 :
				    m->value_len, m->type == SCAN_NUMBER);
		}
	free(text);
	scan_object_free(&obj);
}

struct csv_walk {
	struct jsonl_buf *b;
	int header;
	int first;
};

static void
csv_out(void *ctx, const char *name, const char *v, size_t n, int number)
{
	struct csv_walk *w = ctx;

	if (!w->first)
		jsonl_buf_append(w->b, ",", 1);
	w->first = 0;
	if (w->header)
		put_cell(w->b, name, strlen(name), 0);
	else
		put_cell(w->b, v, n, number);
}

/* --- --compare: the change against the previous period ---------------- */

/* The previous period's row of the same keys, or NULL (a new group). */
static struct metrics_row *
previous_row(const struct render_options *o, const struct metrics_row *r)
{
	size_t i, k;

	for (i = 0; i < o->nprevious; i++) {
		const struct metrics_row *p = &o->previous[i];

		for (k = 0; k < o->nkeys; k++)
			if (key_len(p->keys, p->key_lens, k) != key_len(r->keys,
			    r->key_lens, k) || memcmp(p->keys[k], r->keys[k],
			    key_len(r->keys, r->key_lens, k)) != 0)
				break;
		if (k == o->nkeys)
			return &o->previous[i];
	}
	return NULL;
}

/* A row's numbers by dotted name (null: NaN; strings left out). */
struct numbers {
	char (*name)[128];
	double *v;
	size_t n, cap;
};

static void
number_out(void *ctx, const char *name, const char *v, size_t n, int number)
{
	struct numbers *x = ctx;
	char text[64];

	if (!number && n > 0)
		return;
	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 64;
		x->name = xreallocarray(x->name, x->cap, sizeof(*x->name));
		x->v = xreallocarray(x->v, x->cap, sizeof(*x->v));
	}
	snprintf(x->name[x->n], sizeof(x->name[x->n]), "%s", name);
	snprintf(text, sizeof(text), "%.*s", (int)n, v);
	x->v[x->n++] = number ? strtod(text, NULL) : NAN;
}

/* Ends the row object in b with "change": each number of the row minus
   the previous row's of that name (all null for a new group, so that CSV
   rows keep one header). */
static void
put_change(struct jsonl_buf *b, const struct render_options *o,
    struct metrics_row *r)
{
	struct metrics_row *prev = previous_row(o, r);
	struct numbers cur = { 0 }, old = { 0 };
	struct jsonl_buf pb = { 0 };
	size_t i, j;
	int first = 1;

	flatten(b->data, b->len, "", number_out, &cur);
	if (prev != NULL) {
		row_json(&pb, o, prev, 1);
		flatten(pb.data, pb.len, "", number_out, &old);
	}
	b->len--;	/* the row's closing brace */
	jsonl_buf_append(b, ",\"change\":{", 11);
	for (i = 0; i < cur.n; i++) {
		for (j = 0; j < old.n; j++)
			if (strcmp(cur.name[i], old.name[j]) == 0)
				break;
		put_key(b, cur.name[i], &first);
		put_seconds(b, j < old.n ? cur.v[i] - old.v[j] : NAN);
	}
	jsonl_buf_append(b, "}}", 2);
	free(cur.name);
	free(cur.v);
	free(old.name);
	free(old.v);
	jsonl_buf_free(&pb);
}

/* --- text for people --------------------------------------------------- */

/* The code point of the valid UTF-8 sequence p[0..len). */
static unsigned long
code_point(const unsigned char *p, size_t len)
{
	unsigned long cp = len == 1 ? p[0] : len == 2 ? p[0] & 0x1fUL :
	    len == 3 ? p[0] & 0x0fUL : p[0] & 0x07UL;
	size_t i;

	for (i = 1; i < len; i++)
		cp = cp << 6 | (p[i] & 0x3fUL);
	return cp;
}

/* Characters that move or hide text on a display: the line and paragraph
   separators and the bidirectional embeddings, overrides and isolates. */
static int
invisible_format(unsigned long cp)
{
	return cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a &&
	    cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

void
render_visible(struct jsonl_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	char esc[16];
	size_t i = 0, run = 0, len;
	unsigned long cp;

	while (i < n) {
		len = 1;
		esc[0] = '\0';
		if (u[i] == '\\')
			snprintf(esc, sizeof(esc), "\\\\");
		else if (u[i] < 0x20 || u[i] == 0x7f) {
			const char *named = u[i] == '\n' ? "\\n" :
			    u[i] == '\t' ? "\\t" : u[i] == '\r' ? "\\r" :
			    u[i] == '\b' ? "\\b" : u[i] == '\f' ? "\\f" : NULL;

			if (named != NULL)
				snprintf(esc, sizeof(esc), "%s", named);
			else
				snprintf(esc, sizeof(esc), "\\u%04x", u[i]);
		} else if (u[i] >= 0x80) {
			len = u[i] >= 0xf0 ? 4 : u[i] >= 0xe0 ? 3 :
			    u[i] >= 0xc0 ? 2 : 1;
			if (len > n - i || scan_utf8_valid_prefix(s + i,
			    len) != len) {
				snprintf(esc, sizeof(esc), "\\x%02x", u[i]);
				len = 1;
			} else if ((cp = code_point(u + i, len)) <= 0x9f ||
			    invisible_format(cp))
				snprintf(esc, sizeof(esc), "\\u%04lx", cp);
		}
		if (esc[0] != '\0') {
			jsonl_buf_append(b, s + run, i - run);
			jsonl_buf_append(b, esc, strlen(esc));
			run = i + len;
		}
		i += len;
	}
	jsonl_buf_append(b, s + run, n - run);
}

void
render_markdown_text(struct jsonl_buf *b, const char *s, size_t n)
{
	static const char active[] = "\\`*_[]<>|&~$";
	struct jsonl_buf v = { 0 };
	size_t i, run = 0;

	render_visible(&v, s, n);
	for (i = 0; i < v.len; i++) {
		if (strchr(active, v.data[i]) == NULL)
			continue;
		jsonl_buf_append(b, v.data + run, i - run);
		jsonl_buf_append(b, "\\", 1);
		run = i;
	}
	jsonl_buf_append(b, v.data + run, v.len - run);
	jsonl_buf_free(&v);
}

/* --- tables ------------------------------------------------------------ */

void
render_duration(double s, char *out, size_t cap)
{
	long long t;

	if (isnan(s)) {
		snprintf(out, cap, "-");
		return;
	}
	if (s < 10 && s != floor(s)) {
		snprintf(out, cap, "%.1fs", s);
		return;
	}
	t = llround(s);
	if (t < 60)
		snprintf(out, cap, "%llds", t);
	else if (t < 3600)
		snprintf(out, cap, "%lldm %llds", t / 60, t % 60);
	else if (t < 86400)
		snprintf(out, cap, "%lldh %lldm", t / 3600, t % 3600 / 60);
	else
		snprintf(out, cap, "%lldd %lldh", t / 86400, t % 86400 / 3600);
}

#define NCOLS_MAX 24
#define CELL_MAX 64

/* The numbers a table row shows, NaN where there are none. */
struct table_values {
	double inbound, conversations, answered, elsewhere, response;
	double frt_median, frt_p90, reply_median, sla;
	size_t frt_count, reply_count;
};

static void
table_values(const struct render_options *o, struct metrics_row *r,
    struct table_values *v)
{
	struct stats_summary frt, reply;
	uint64_t inbound_conv = r->answered + r->unanswered;

	stats_summarize(&r->dur[o->business ? DUR_FRT_BH : DUR_FRT], o->method,
	    &frt);
	stats_summarize(&r->dur[o->business ? DUR_REPLY_BH : DUR_REPLY],
	    o->method, &reply);
	v->inbound = (double)r->inbound;
	/* Outbound-only conversations are in no denominator: the table
	   shows the inbound ones, those the response rate counts. */
	v->conversations = (double)inbound_conv;
	v->answered = (double)r->answered;
	v->elsewhere = (double)r->answered_elsewhere;
	v->response = inbound_conv ? 100.0 * (double)r->answered /
	    (double)inbound_conv : NAN;
	v->frt_median = frt.median;
	v->frt_p90 = frt.p90;
	v->frt_count = frt.count;
	v->reply_median = reply.median;
	v->reply_count = reply.count;
	v->sla = r->sla_target_ms < 0 || r->sla_met + r->sla_breached == 0 ?
	    NAN : 100.0 * (double)r->sla_met /
	    (double)(r->sla_met + r->sla_breached);
}

/* --compare: " ▲3", " ▼2m 0s", " =" after a cell; nothing when either
   side has no value.  unit: 0 a count, 1 a duration, 2 points of a
   percentage. */
static void
arrow(char *cell, size_t cap, double now, double before, int unit)
{
	size_t len = strlen(cell);
	double d = now - before;
	char text[24];

	if (isnan(d) || len + 1 >= cap)
		return;
	if (fabs(d) < 0.0005) {
		snprintf(cell + len, cap - len, " =");
		return;
	}
	if (unit == 1)
		render_duration(fabs(d), text, sizeof(text));
	else
		snprintf(text, sizeof(text), unit == 2 ? "%.0fpp" : "%.0f",
		    fabs(d));
	snprintf(cell + len, cap - len, " %s%s", d > 0 ? "\u25b2" : "\u25bc",
	    text);
}

/*
 * A key's cell (or a --by name's), as render_visible() shows it, in
 * Markdown with its active characters escaped too; "(none)" for an empty
 * one.  New string.
 */
static char *
key_cell(const struct render_options *o, const char *s, size_t n)
{
	struct jsonl_buf b = { 0 };

	if (n == 0)
		jsonl_buf_append(&b, "(none)", 6);
	else if (o->format == RENDER_MARKDOWN)
		render_markdown_text(&b, s, n);
	else
		render_visible(&b, s, n);
	jsonl_buf_append(&b, "", 1);
	return b.data;
}

/*
 * The cells of a table row: keys (new strings into keys[0..nkeys), their
 * cells left empty), then the columns people read first.
 */
static size_t
table_cells(const struct render_options *o, struct metrics_row *r,
    char cells[][CELL_MAX], char **keys, int header)
{
	static const char *const heads[] = { "inbound msgs", "inbound convs",
	    "answered", "elsewhere", "response", "FRT median (n)", "FRT p90",
	    "reply median (n)", "SLA", "verdict" };
	struct table_values v, p;
	struct metrics_row *prev;
	size_t k, n = 0;
	char a[48];

	for (k = 0; k < o->nkeys; k++) {
		free(keys[k]);
		keys[k] = header ? key_cell(o, o->keys[k].name,
		    strlen(o->keys[k].name)) : key_cell(o, r->keys[k],
		    key_len(r->keys, r->key_lens, k));
		cells[n++][0] = '\0';
	}
	if (header) {
		for (k = 0; k < sizeof(heads) / sizeof(heads[0]) -
		    (o->scorecard ? 0 : 1); k++)
			snprintf(cells[n++], CELL_MAX, "%s", heads[k]);
		return n;
	}
	table_values(o, r, &v);
	p.inbound = p.conversations = p.answered = p.elsewhere = NAN;
	p.response = NAN;
	p.frt_median = p.frt_p90 = p.reply_median = p.sla = NAN;
	if (o->compare && (prev = previous_row(o, r)) != NULL)
		table_values(o, prev, &p);
	snprintf(cells[n], CELL_MAX, "%.0f", v.inbound);
	arrow(cells[n++], CELL_MAX, v.inbound, p.inbound, 0);
	snprintf(cells[n], CELL_MAX, "%.0f", v.conversations);
	arrow(cells[n++], CELL_MAX, v.conversations, p.conversations, 0);
	snprintf(cells[n], CELL_MAX, "%.0f", v.answered);
	arrow(cells[n++], CELL_MAX, v.answered, p.answered, 0);
	/* Where the answers came from: "20 by email". */
	if (metrics_elsewhere_names(r->elsewhere_channels, a, sizeof(a)) > 0)
		snprintf(cells[n], CELL_MAX, "%.0f by %s", v.elsewhere, a);
	else
		snprintf(cells[n], CELL_MAX, "%.0f", v.elsewhere);
	arrow(cells[n++], CELL_MAX, v.elsewhere, p.elsewhere, 0);
	if (isnan(v.response))
		snprintf(cells[n], CELL_MAX, "-");
	else
		snprintf(cells[n], CELL_MAX, "%.0f%%", v.response);
	arrow(cells[n++], CELL_MAX, v.response, p.response, 2);
	render_duration(v.frt_median, a, sizeof(a));
	snprintf(cells[n], CELL_MAX, "%s (%zu)", a, v.frt_count);
	arrow(cells[n++], CELL_MAX, v.frt_median, p.frt_median, 1);
	render_duration(v.frt_p90, a, sizeof(a));
	snprintf(cells[n], CELL_MAX, "%s", a);
	arrow(cells[n++], CELL_MAX, v.frt_p90, p.frt_p90, 1);
	render_duration(v.reply_median, a, sizeof(a));
	snprintf(cells[n], CELL_MAX, "%s (%zu)", a, v.reply_count);
	arrow(cells[n++], CELL_MAX, v.reply_median, p.reply_median, 1);
	if (isnan(v.sla))
		snprintf(cells[n], CELL_MAX, "-");
	else {
		render_duration((double)r->sla_target_ms / 1000, a, sizeof(a));
		snprintf(cells[n], CELL_MAX, "%.0f%% <= %s", v.sla, a);
	}
	arrow(cells[n++], CELL_MAX, v.sla, p.sla, 2);
	if (o->scorecard)
		snprintf(cells[n++], CELL_MAX, "%s", r->verdict != NULL ?
		    r->verdict : "-");
	return n;
}

/* Display width of UTF-8 text: one column a character. */
static size_t
width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

/* The escape that starts a cell's colour, or NULL (ECMA-48 SGR). */
static const char *
color_of(const struct render_options *o, int header, const char *cell)
{
	if (!o->color)
		return NULL;
	if (header)
		return "\033[1m";
	if (strcmp(cell, "well attended") == 0)
		return "\033[32m";
	if (strcmp(cell, "needs attention") == 0)
		return "\033[33m";
	if (strcmp(cell, "poorly attended") == 0)
		return "\033[31m";
	return NULL;
}

static void
table(struct jsonl_writer *w, const struct render_options *o,
    struct metrics_row *rows, size_t n)
{
	char (*cells)[CELL_MAX] = xcalloc((n + 1) * NCOLS_MAX, CELL_MAX);
	size_t nk = o->nkeys ? o->nkeys : 1;
	char **keys = xcalloc((n + 1) * nk, sizeof(*keys));
	size_t widths[NCOLS_MAX] = { 0 }, ncols = 0, i, k, pad;
	struct jsonl_buf line = { 0 };
	int md = o->format == RENDER_MARKDOWN;
	const char *c;

	/* Widths of what is shown: the keys escaped (in Markdown, of the
	   text written, so that its columns line up too). */
	for (i = 0; i <= n; i++) {
		ncols = table_cells(o, i == 0 ? NULL : &rows[i - 1],
		    cells + i * NCOLS_MAX, keys + i * nk, i == 0);
		for (k = 0; k < ncols; k++) {
			c = k < o->nkeys ? keys[i * nk + k] :
			    cells[i * NCOLS_MAX + k];
			if (width(c) > widths[k])
				widths[k] = width(c);
		}
	}
	for (i = 0; i <= n + (md ? 1 : 0); i++) {
		size_t row = md && i >= 1 ? i - 1 : i;

		line.len = 0;
		if (md)
			jsonl_buf_append(&line, "| ", 2);
		for (k = 0; k < ncols; k++) {
			c = md && i == 1 ? "" : k < o->nkeys ?
			    keys[row * nk + k] : cells[row * NCOLS_MAX + k];
			if (md && i == 1) {
				for (pad = 0; pad < widths[k]; pad++)
					jsonl_buf_append(&line, k < o->nkeys ?
					    "-" : pad + 1 == widths[k] ? ":" :
					    "-", 1);
			} else {
				/* Only the header and the verdicts: a key
				   that reads like a verdict is no verdict. */
				const char *on = k < o->nkeys && i > 0 ? NULL :
				    color_of(o, i == 0, c);

				/* Numbers right, names left. */
				if (k >= o->nkeys)
					for (pad = width(c); pad < widths[k];
					    pad++)
						jsonl_buf_append(&line, " ", 1);
				if (on != NULL)
					jsonl_buf_append(&line, on, strlen(on));
				jsonl_buf_append(&line, c, strlen(c));
				if (on != NULL)
					jsonl_buf_append(&line, "\033[0m", 4);
				if (k < o->nkeys && (md || k + 1 < ncols))
					for (pad = width(c); pad < widths[k];
					    pad++)
						jsonl_buf_append(&line, " ", 1);
			}
			if (k + 1 < ncols)
				jsonl_buf_append(&line, md ? " | " : "  ",
				    md ? 3 : 2);
		}
		if (md)
			jsonl_buf_append(&line, " |", 2);
		jsonl_writer_line(w, line.data, line.len);
	}
	if (o->scorecard) {
		char text[256];
		int len = snprintf(text, sizeof(text), "%sverdicts: well "
		    "attended = response >= %.0f%% and SLA >= %.0f%%; poorly "
		    "attended = response < %.0f%% or SLA < %.0f%%; under %d "
		    "inbound conversations, too few to judge", md ? "\n" : "",
		    100 * METRICS_WELL_RESPONSE, 100 * METRICS_WELL_SLA,
		    100 * METRICS_POOR_RESPONSE, 100 * METRICS_POOR_SLA,
		    METRICS_MIN_VOLUME);

		jsonl_writer_line(w, text, (size_t)len);
	}
	jsonl_buf_free(&line);
	for (i = 0; i < (n + 1) * nk; i++)
		free(keys[i]);
	free(keys);
	free(cells);
}

void
render_html_table(struct jsonl_buf *b, const struct render_options *o,
    struct metrics_row *rows, size_t n)
{
	char (*cells)[CELL_MAX] = xcalloc(NCOLS_MAX, CELL_MAX);
	char **keys = xcalloc(o->nkeys ? o->nkeys : 1, sizeof(*keys));
	struct render_options visible = *o;
	size_t i, k, ncols;

	visible.format = RENDER_TABLE;	/* keys as render_visible() shows */
	jsonl_buf_append(b, "<table>\n", 8);
	for (i = 0; i <= n; i++) {
		ncols = table_cells(&visible, i == 0 ? NULL : &rows[i - 1],
		    cells, keys, i == 0);
		jsonl_buf_append(b, "<tr>", 4);
		for (k = 0; k < ncols; k++) {
			const char *tag = i == 0 ? "th" : "td";
			const char *c = k < o->nkeys ? keys[k] : cells[k];
			char open[32];
			int len = snprintf(open, sizeof(open), "<%s%s>", tag,
			    k < o->nkeys ? " class=\"key\"" : "");

			jsonl_buf_append(b, open, (size_t)len);
			svg_escape(b, c, strlen(c));
			len = snprintf(open, sizeof(open), "</%s>", tag);
			jsonl_buf_append(b, open, (size_t)len);
		}
		jsonl_buf_append(b, "</tr>\n", 6);
	}
	jsonl_buf_append(b, "</table>\n", 9);
	for (k = 0; k < o->nkeys; k++)
		free(keys[k]);
	free(keys);
	free(cells);
}

int
render_rows(struct jsonl_writer *w, const struct render_options *o,
    struct metrics_row *rows, size_t n)
{
	struct jsonl_buf b = { 0 }, line = { 0 };
	struct csv_walk walk;
	size_t i;

	if (o->format == RENDER_TABLE || o->format == RENDER_MARKDOWN) {
		table(w, o, rows, n);
		return w->error ? -1 : 0;
	}
	if (o->format == RENDER_JSON)
		jsonl_writer_write(w, "[", 1);
	for (i = 0; i < n; i++) {
		b.len = 0;
		row_json(&b, o, &rows[i], o->format == RENDER_CSV);
		if (o->compare)
			put_change(&b, o, &rows[i]);
		if (o->format == RENDER_CSV) {
			walk.b = &line;
			if (i == 0) {
				line.len = 0;
				walk.header = 1;
				walk.first = 1;
				flatten(b.data, b.len, "", csv_out, &walk);
				jsonl_writer_line(w, line.data, line.len);
			}
			line.len = 0;
			walk.header = 0;
			walk.first = 1;
			flatten(b.data, b.len, "", csv_out, &walk);
			jsonl_writer_line(w, line.data, line.len);
		} else if (o->format == RENDER_JSON) {
			if (i > 0)
				jsonl_writer_write(w, ",\n", 2);
			jsonl_writer_write(w, b.data, b.len);
		} else
			jsonl_writer_line(w, b.data, b.len);
	}
	if (o->format == RENDER_JSON)
		jsonl_writer_line(w, "]", 1);
	jsonl_buf_free(&b);
	jsonl_buf_free(&line);
	return w->error ? -1 : 0;
}

static void
put_instant(struct jsonl_buf *b, int64_t ms)
{
	char ts[TIMEFMT_TS_LEN + 1];

	if (ms == INT64_MIN || timefmt_format_ts(ms, ts) != 0)
		jsonl_buf_append(b, "null", 4);
	else
		jsonl_buf_string(b, ts, TIMEFMT_TS_LEN);
}

static void
put_string_or_null(struct jsonl_buf *b, const char *s, size_t n)
{
	if (s == NULL || n == 0)
		jsonl_buf_append(b, "null", 4);
	else
		jsonl_buf_string(b, s, n);
}

static int
is_key(const struct render_options *o, const char *name)
{
	size_t k;

	for (k = 0; k < o->nkeys; k++)
		if (strcmp(o->keys[k].name, name) == 0)
			return 1;
	return 0;
}

void
render_conversation(struct jsonl_buf *b, const struct render_options *o,
    const struct metrics_conversation *c)
{
	size_t k;
	int first = 1;

	b->len = 0;
	jsonl_buf_append(b, "{", 1);
	for (k = 0; k < o->nkeys; k++) {
		put_key(b, o->keys[k].name, &first);
		jsonl_buf_string(b, c->keys[k], key_len((char *const *)c->keys,
		    c->key_lens, k));
	}
	put_key(b, "conversation", &first);
	jsonl_buf_string(b, c->conversation, c->conversation_len);
	/* A group key of the same name already says it. */
	if (!is_key(o, "channel")) {
		put_key(b, "channel", &first);
		put_string_or_null(b, c->channel, c->channel != NULL ?
		    strlen(c->channel) : 0);
	}
	if (!is_key(o, "customer")) {
		put_key(b, "customer", &first);
		put_string_or_null(b, c->customer, c->customer_len);
	}
	if (!is_key(o, "agent")) {
		put_key(b, "agent", &first);
		put_string_or_null(b, c->agent, c->agent_len);
	}
	put_key(b, "inbound", &first);
	jsonl_buf_append(b, c->inbound ? "true" : "false", c->inbound ? 4 : 5);
	put_key(b, "answered", &first);
	jsonl_buf_append(b, c->answered ? "true" : "false", c->answered ? 4 :
	    5);
	put_key(b, "first", &first);
	put_instant(b, c->first_ts);
	put_key(b, "cycle_start", &first);
	put_instant(b, c->inbound ? c->cycle_start : INT64_MIN);
	put_key(b, "first_reply", &first);
	put_instant(b, c->first_reply);
	put_key(b, "frt", &first);
	put_seconds(b, c->frt);
	if (o->business) {
		put_key(b, "frt_bh", &first);
		put_seconds(b, c->frt_bh);
	}
	put_key(b, "first_resolution", &first);
	put_seconds(b, c->first_resolved == INT64_MIN ? NAN :
	    (double)(c->first_resolved - c->first_ts) / 1000);
	put_key(b, "full_resolution", &first);
	put_seconds(b, c->last_resolved == INT64_MIN ? NAN :
	    (double)(c->last_resolved - c->first_ts) / 1000);
	put_key(b, "bot_replied", &first);
	jsonl_buf_append(b, c->bot_replied ? "true" : "false",
	    c->bot_replied ? 4 : 5);
	put_key(b, "handed_off", &first);
	jsonl_buf_append(b, c->handed_off ? "true" : "false",
	    c->handed_off ? 4 : 5);
	jsonl_buf_append(b, "}", 1);
}

/* --rows conversation: one line per conversation. */
struct rows_out {
	const struct render_options *ro;
	struct jsonl_writer *w;
	struct jsonl_buf json, csv;
	size_t n;
};

static void
conversation_row(void *ctx, const struct metrics_conversation *c)
{
	struct rows_out *r = ctx;

	render_conversation(&r->json, r->ro, c);
	if (r->ro->format == RENDER_CSV) {
		if (r->n == 0) {
			render_csv_line(&r->csv, r->json.data, r->json.len, 1);
			jsonl_writer_line(r->w, r->csv.data, r->csv.len);
		}
		render_csv_line(&r->csv, r->json.data, r->json.len, 0);
		jsonl_writer_line(r->w, r->csv.data, r->csv.len);
	} else if (r->ro->format == RENDER_JSON) {
		jsonl_writer_write(r->w, r->n == 0 ? "[" : ",\n", r->n == 0 ?
		    1 : 2);
		jsonl_writer_write(r->w, r->json.data, r->json.len);
	} else
		jsonl_writer_line(r->w, r->json.data, r->json.len);
	r->n++;
}

int
render_conversations(struct jsonl_writer *w, const struct render_options *ro,
    struct metrics *m)
{
	struct rows_out r;

	memset(&r, 0, sizeof(r));
	r.ro = ro;
	r.w = w;
	metrics_each_conversation(m, conversation_row, &r);
	if (ro->format == RENDER_JSON)
		jsonl_writer_line(w, r.n == 0 ? "[]" : "]", r.n == 0 ? 2 : 1);
	jsonl_buf_free(&r.json);
	jsonl_buf_free(&r.csv);
	return w->error ? -1 : 0;
}

void
render_csv_line(struct jsonl_buf *out, const char *json, size_t len,
    int header)
{
	struct csv_walk walk;

	out->len = 0;
	walk.b = out;
	walk.header = header;
	walk.first = 1;
	flatten(json, len, "", csv_out, &walk);
}

/* --- views ------------------------------------------------------------- */

static void
put_text(struct jsonl_writer *w, const char *s)
{
	jsonl_writer_line(w, s, strlen(s));
}

static void
put_summary(struct jsonl_buf *b, struct stats *s, enum stats_method method)
{
	static const char *const names[] = { "count", "mean", "median", "p90",
	    "p95", "max" };
	struct stats_summary sum;
	double v[6];
	size_t k;
	int first = 1;

	stats_summarize(s, method, &sum);
	v[1] = sum.mean;
	v[2] = sum.median;
	v[3] = sum.p90;
	v[4] = sum.p95;
	v[5] = sum.max;
	jsonl_buf_append(b, "{", 1);
	for (k = 0; k < 6; k++) {
		put_key(b, names[k], &first);
		if (k == 0)
			put_count(b, sum.count);
		else
			put_seconds(b, v[k]);
	}
	jsonl_buf_append(b, "}", 1);
}

static void
omni_json(struct jsonl_buf *b, struct metrics_omni *o, enum stats_method m)
{
	size_t i, j;
	int first = 1, any = 0;

	b->len = 0;
	jsonl_buf_append(b, "{", 1);
	put_key(b, "view", &first);
	jsonl_buf_append(b, "\"omnichannel\"", 13);
	put_key(b, "customers", &first);
	put_count(b, o->customers);
	put_key(b, "touchpoints", &first);
	put_summary(b, &o->touchpoints, m);
	put_key(b, "channels_per_customer", &first);
	put_summary(b, &o->channels, m);
	put_key(b, "multichannel_customers", &first);
	put_count(b, o->multichannel);
	put_key(b, "multichannel_share", &first);
	put_seconds(b, o->customers ? (double)o->multichannel /
	    (double)o->customers : NAN);
	put_key(b, "transitions", &first);
	jsonl_buf_append(b, "[", 1);
	for (i = 0; i < o->nchannels; i++)
		for (j = 0; j < o->nchannels; j++) {
			if (o->transitions[i][j] == 0)
				continue;
			jsonl_buf_append(b, any ? ",{\"from\":" : "{\"from\":",
			    any ? 9 : 8);
			jsonl_buf_string(b, o->channel_names[i],
			    strlen(o->channel_names[i]));
			jsonl_buf_append(b, ",\"to\":", 6);
			jsonl_buf_string(b, o->channel_names[j],
			    strlen(o->channel_names[j]));
			jsonl_buf_append(b, ",\"count\":", 9);
			put_count(b, o->transitions[i][j]);
			jsonl_buf_append(b, "}", 1);
			any = 1;
		}
	jsonl_buf_append(b, "]", 1);
	put_key(b, "cases", &first);
	put_count(b, o->cases);
	put_key(b, "cases_answered", &first);
	put_count(b, o->cases_answered);
	put_key(b, "case_frt", &first);
	put_summary(b, &o->case_frt, m);
	jsonl_buf_append(b, "}", 1);
}

int
render_omni(struct jsonl_writer *w, const struct render_options *ro,
    struct metrics_omni *o)
{
	struct jsonl_buf b = { 0 }, line = { 0 };
	struct stats_summary tp, ch, cf;
	char text[512], a[24], c[24];
	size_t i, j;
	int n;

	if (ro->format != RENDER_TABLE && ro->format != RENDER_MARKDOWN) {
		omni_json(&b, o, ro->method);
		if (ro->format == RENDER_CSV) {
			render_csv_line(&line, b.data, b.len, 1);
			jsonl_writer_line(w, line.data, line.len);
			render_csv_line(&line, b.data, b.len, 0);
			jsonl_writer_line(w, line.data, line.len);
		} else
			jsonl_writer_line(w, b.data, b.len);
		jsonl_buf_free(&b);
		jsonl_buf_free(&line);
		return w->error ? -1 : 0;
	}
	/* Markdown: the same text, kept as it is (a code block), not run
	   into one paragraph. */
	if (ro->format == RENDER_MARKDOWN)
		put_text(w, "```");
	stats_summarize(&o->touchpoints, ro->method, &tp);
	stats_summarize(&o->channels, ro->method, &ch);
	stats_summarize(&o->case_frt, ro->method, &cf);
	render_duration(cf.median, a, sizeof(a));
	render_duration(cf.p90, c, sizeof(c));
	n = snprintf(text, sizeof(text), "customers %llu; touchpoints per "
	    "customer: mean %.1f, median %g; channels per customer: mean %.2f; "
	    "on more than one channel: %llu (%.0f%%)",
	    (unsigned long long)o->customers, isnan(tp.mean) ? 0 : tp.mean,
	    isnan(tp.median) ? 0 : tp.median, isnan(ch.mean) ? 0 : ch.mean,
	    (unsigned long long)o->multichannel, o->customers ? 100.0 *
	    (double)o->multichannel / (double)o->customers : 0);
	jsonl_writer_line(w, text, (size_t)n);
	n = snprintf(text, sizeof(text), "cases %llu, answered on any channel "
	    "%llu; case FRT median %s (%zu), p90 %s",
	    (unsigned long long)o->cases, (unsigned long long)o->cases_answered,
	    a, cf.count, c);
	jsonl_writer_line(w, text, (size_t)n);
	jsonl_writer_line(w, "", 0);
	put_text(w, "transitions (from the row's channel to the column's):");
	line.len = 0;
	jsonl_buf_append(&line, "           ", 11);
	for (j = 0; j < o->nchannels; j++) {
		n = snprintf(text, sizeof(text), " %10.10s", o->channel_names[j]);
		jsonl_buf_append(&line, text, (size_t)n);
	}
	jsonl_writer_line(w, line.data, line.len);
	for (i = 0; i < o->nchannels; i++) {
		line.len = 0;
		n = snprintf(text, sizeof(text), "%-11.11s", o->channel_names[i]);
		jsonl_buf_append(&line, text, (size_t)n);
		for (j = 0; j < o->nchannels; j++) {
			n = snprintf(text, sizeof(text), " %10llu",
			    (unsigned long long)o->transitions[i][j]);
			jsonl_buf_append(&line, text, (size_t)n);
		}
		jsonl_writer_line(w, line.data, line.len);
	}
	if (ro->format == RENDER_MARKDOWN)
		put_text(w, "```");
	jsonl_buf_free(&line);
	return w->error ? -1 : 0;
}

int
render_coverage(struct jsonl_writer *w, const struct render_options *ro,
    struct metrics_coverage *cov)
{
	static const char *const days[] = { "mon", "tue", "wed", "thu", "fri",
	    "sat", "sun" };
	struct jsonl_buf b = { 0 }, line = { 0 };
	struct stats_summary s;
	char text[64], d[24];
	int h, day, first, n;

	if (ro->format == RENDER_TABLE || ro->format == RENDER_MARKDOWN) {
		if (ro->format == RENDER_MARKDOWN)
			put_text(w, "```");
		put_text(w, "inbound events by hour (rows: days; columns: "
		    "hours, in the zone):");
		line.len = 0;
		jsonl_buf_append(&line, "   ", 3);
		for (h = 0; h < 24; h++) {
			n = snprintf(text, sizeof(text), " %4d", h);
			jsonl_buf_append(&line, text, (size_t)n);
		}
		jsonl_writer_line(w, line.data, line.len);
		for (day = 0; day < 7; day++) {
			line.len = 0;
			jsonl_buf_append(&line, days[day], 3);
			for (h = 0; h < 24; h++) {
				n = snprintf(text, sizeof(text), " %4llu",
				    (unsigned long long)cov->inbound[day * 24 +
				    h]);
				jsonl_buf_append(&line, text, (size_t)n);
			}
			jsonl_writer_line(w, line.data, line.len);
		}
		jsonl_writer_line(w, "", 0);
		put_text(w, "median FRT by the hour the customer asked "
		    "(- none answered):");
		for (day = 0; day < 7; day++) {
			line.len = 0;
			jsonl_buf_append(&line, days[day], 3);
			for (h = 0; h < 24; h++) {
				stats_summarize(&cov->frt[day * 24 + h],
				    ro->method, &s);
				render_duration(s.median, d, sizeof(d));
				n = snprintf(text, sizeof(text), " %7.7s", d);
				jsonl_buf_append(&line, text, (size_t)n);
			}
			jsonl_writer_line(w, line.data, line.len);
		}
		if (ro->format == RENDER_MARKDOWN)
			put_text(w, "```");
		jsonl_buf_free(&line);
		return w->error ? -1 : 0;
	}
	if (ro->format == RENDER_JSON)
		jsonl_writer_write(w, "[", 1);
	for (h = 0; h < 168; h++) {
		b.len = 0;
		first = 1;
		jsonl_buf_append(&b, "{", 1);
		put_key(&b, "weekday", &first);
		jsonl_buf_string(&b, days[h / 24], 3);
		put_key(&b, "hour", &first);
		put_count(&b, (unsigned long long)(h % 24));
		put_key(&b, "inbound", &first);
		put_count(&b, cov->inbound[h]);
		put_key(&b, "frt", &first);
		put_summary(&b, &cov->frt[h], ro->method);
		jsonl_buf_append(&b, "}", 1);
		if (ro->format == RENDER_CSV) {
			if (h == 0) {
				render_csv_line(&line, b.data, b.len, 1);
				jsonl_writer_line(w, line.data, line.len);
			}
			render_csv_line(&line, b.data, b.len, 0);
			jsonl_writer_line(w, line.data, line.len);
		} else if (ro->format == RENDER_JSON) {
			if (h > 0)
				jsonl_writer_write(w, ",\n", 2);
			jsonl_writer_write(w, b.data, b.len);
		} else
			jsonl_writer_line(w, b.data, b.len);
	}
	if (ro->format == RENDER_JSON)
		jsonl_writer_line(w, "]", 1);
	jsonl_buf_free(&b);
	jsonl_buf_free(&line);
	return w->error ? -1 : 0;
}
