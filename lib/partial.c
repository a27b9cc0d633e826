/*
 * partial.c - partial reports written and combined (partial.h).  A
 * partial is small (its rows and views, never its events), so a jansson
 * tree is the simplest correct reader and writer.
 */
#include "partial.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "event.h"
#include "render.h"
#include "sketch.h"
#include "stats.h"
#include "strmap.h"
#include "util.h"

#define FORMAT_VERSION 1

/* The counters of a row, by name. */
static const struct {
	const char *name;
	size_t at;
} counters[] = {
#define C(f) { #f, offsetof(struct metrics_row, f) }
	C(inbound), C(outbound), C(conversations), C(customers), C(answered),
	C(unanswered), C(sla_met), C(sla_breached), C(calls_answered),
	C(calls_missed), C(calls_abandoned), C(reopens), C(handoffs),
	C(bot_conversations), C(bot_contained), C(csat_count),
	C(csat_satisfied), C(answered_elsewhere), C(callback_attempts),
#undef C
};
#define NCOUNTERS (sizeof(counters) / sizeof(counters[0]))

static uint64_t *
counter(struct metrics_row *r, size_t i)
{
	return (uint64_t *)(void *)((char *)r + counters[i].at);
}

/* --- writing ------------------------------------------------------------ */

static void
add_bin(void *ctx, int sign, int32_t index, uint64_t count)
{
	json_array_append_new(ctx, json_pack("[iII]", sign, (json_int_t)index,
	    (json_int_t)count));
}

static json_t *
stats_json(struct stats *s)
{
	struct stats_summary sum;
	struct sketch k;
	json_t *bins = json_array();

	stats_summarize(s, STATS_LINEAR, &sum);
	sketch_init(&k);
	stats_sketch(s, &k);
	sketch_each_bin(&k, add_bin, bins);
	sketch_free(&k);
	return json_pack("{s:I,s:f,s:f,s:o}", "count", (json_int_t)sum.count,
	    "sum", s->sum, "max", sum.count ? sum.max : 0.0, "bins", bins);
}

static json_t *
row_json(size_t nkeys, struct metrics_row *r)
{
	json_t *o = json_object(), *keys = json_array(), *buckets;
	size_t i;

	for (i = 0; i < nkeys; i++)
		json_array_append_new(keys, json_stringn(r->keys[i],
		    r->key_lens != NULL ? r->key_lens[i] : strlen(r->keys[i])));
	json_object_set_new(o, "keys", keys);
	for (i = 0; i < NCOUNTERS; i++)
		json_object_set_new(o, counters[i].name,
		    json_integer((json_int_t)*counter(r, i)));
	json_object_set_new(o, "sla_target_ms",
	    json_integer((json_int_t)r->sla_target_ms));
	json_object_set_new(o, "has_calls", json_boolean(r->has_calls));
	json_object_set_new(o, "elsewhere_channels",
	    json_integer((json_int_t)r->elsewhere_channels));
	buckets = json_array();
	for (i = 0; i < 5; i++)
		json_array_append_new(buckets,
		    json_integer((json_int_t)r->frt_buckets[i]));
	json_object_set_new(o, "frt_buckets", buckets);
	for (i = 0; i < DUR_COUNT; i++)
		json_object_set_new(o,
		    metrics_duration_name((enum metrics_duration)i),
		    stats_json(&r->dur[i]));
	json_object_set_new(o, "reopen_after", stats_json(&r->reopen_after));
	return o;
}

static json_t *
omni_json(struct metrics_omni *m)
{
	json_t *o = json_object(), *matrix = json_array(), *line;
	size_t i, j;

	for (i = 0; i < m->nchannels; i++) {
		line = json_array();
		for (j = 0; j < m->nchannels; j++)
			json_array_append_new(line,
			    json_integer((json_int_t)m->transitions[i][j]));
		json_array_append_new(matrix, line);
	}
	json_object_set_new(o, "customers",
	    json_integer((json_int_t)m->customers));
	json_object_set_new(o, "multichannel",
	    json_integer((json_int_t)m->multichannel));
	json_object_set_new(o, "cases", json_integer((json_int_t)m->cases));
	json_object_set_new(o, "cases_answered",
	    json_integer((json_int_t)m->cases_answered));
	json_object_set_new(o, "touchpoints", stats_json(&m->touchpoints));
	json_object_set_new(o, "channels", stats_json(&m->channels));
	json_object_set_new(o, "case_frt", stats_json(&m->case_frt));
	json_object_set_new(o, "transitions", matrix);
	return o;
}

static json_t *
coverage_json(struct metrics_coverage *c)
{
	json_t *o = json_object(), *in = json_array(), *frt = json_array();
	size_t h;

	for (h = 0; h < 168; h++) {
		json_array_append_new(in, json_integer((json_int_t)c->inbound[h]));
		json_array_append_new(frt, stats_json(&c->frt[h]));
	}
	json_object_set_new(o, "inbound", in);
	json_object_set_new(o, "frt", frt);
	return o;
}

int
partial_write(struct jsonl_writer *w, const struct partial_info *info,
    const struct partial_rows *rows)
{
	json_t *root = json_object(), *by = json_array(), *list = json_array();
	json_t *series = json_array();
	char *text;
	size_t i;

	for (i = 0; i < info->nkeys; i++)
		json_array_append_new(by, json_string(info->keys[i].name));
	for (i = 0; i < rows->nrows; i++)
		json_array_append_new(list, row_json(info->nkeys,
		    &rows->rows[i]));
	for (i = 0; i < rows->nseries; i++)
		json_array_append_new(series, row_json(2, &rows->series[i]));
	json_object_set_new(root, "canal_partial", json_integer(FORMAT_VERSION));
	json_object_set_new(root, "alpha", json_real(SKETCH_ALPHA));
	json_object_set_new(root, "by", by);
	json_object_set_new(root, "business", json_boolean(info->business));
	json_object_set_new(root, "period", info->period != NULL ?
	    json_string(info->period) : json_null());
	json_object_set_new(root, "params", json_pack("{s:s?,s:s?,s:s?,s:s?}",
	    "zone", info->zone, "hours", info->hours, "holidays",
	    info->holidays, "sla", info->sla));
	json_object_set_new(root, "rows", list);
	json_object_set_new(root, "series", series);
	json_object_set_new(root, "omni", omni_json(rows->omni));
	json_object_set_new(root, "coverage", coverage_json(rows->coverage));
	text = json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(17));
	json_decref(root);
	if (text == NULL) {
		w->error = ENOMEM;
		return -1;
	}
	jsonl_writer_line(w, text, strlen(text));
	free(text);
	return w->error ? -1 : 0;
}

/* --- reading and merging ------------------------------------------------ */

/* Rows merged by their keys. */
struct rowset {
	size_t nkeys;
	struct strmap groups;		/* keys, each after its length: row
					   index */
	struct metrics_row *rows;
	size_t nrows;
};

struct partial {
	int started;
	struct metrics_key keys[16];
	char *key_names[16];
	struct partial_info info;
	char *period;
	char *params[4];		/* zone, hours, holidays, sla */
	struct rowset main, series;
	struct metrics_omni omni;
	struct metrics_coverage coverage;
	struct jsonl_buf key;
};

static void
rowset_free(struct rowset *set)
{
	size_t i, k;

	for (i = 0; i < set->nrows; i++) {
		for (k = 0; k < set->nkeys; k++)
			free(set->rows[i].keys[k]);
		free(set->rows[i].keys);
		free(set->rows[i].key_lens);
		for (k = 0; k < DUR_COUNT; k++)
			stats_free(&set->rows[i].dur[k]);
		stats_free(&set->rows[i].reopen_after);
	}
	free(set->rows);
	strmap_free(&set->groups);
}

struct partial *
partial_new(void)
{
	struct partial *p = xcalloc(1, sizeof(*p));
	size_t h;

	strmap_init(&p->main.groups);
	strmap_init(&p->series.groups);
	p->series.nkeys = 2;
	p->omni.channel_names = event_field_values(EVENT_CHANNEL);
	for (p->omni.nchannels = 0; p->omni.channel_names[p->omni.nchannels] !=
	    NULL && p->omni.nchannels < METRICS_CHANNELS; p->omni.nchannels++)
		;
	stats_init(&p->omni.touchpoints);
	stats_init(&p->omni.channels);
	stats_init(&p->omni.case_frt);
	for (h = 0; h < 168; h++)
		stats_init(&p->coverage.frt[h]);
	return p;
}

void
partial_free(struct partial *p)
{
	size_t i, k;

	if (p == NULL)
		return;
	rowset_free(&p->main);
	rowset_free(&p->series);
	for (k = 0; k < p->info.nkeys; k++)
		free(p->key_names[k]);
	for (k = 0; k < 4; k++)
		free(p->params[k]);
	free(p->period);
	stats_free(&p->omni.touchpoints);
	stats_free(&p->omni.channels);
	stats_free(&p->omni.case_frt);
	for (i = 0; i < 168; i++)
		stats_free(&p->coverage.frt[i]);
	jsonl_buf_free(&p->key);
	free(p);
}

/* PARTIAL_MAX_SECONDS in words, for the messages. */
#define RANGE_TEXT "a number out of range (not finite, or beyond 1e12)"

/* What merge_stats() found wrong. */
#define NOT_STATS (-1)		/* not a statistic at all */
#define OUT_OF_RANGE (-2)	/* a number beyond PARTIAL_MAX_SECONDS */

/*
 * The numbers of a statistic within what a report can hold: max and every
 * bin within PARTIAL_MAX_SECONDS (a bin's value within SKETCH_ALPHA of
 * it), the sum within count times that.  Beyond, the combined report would
 * write infinities or overflow the sum.
 */
static int
stats_in_range(const struct sketch *k, json_int_t count, double sum,
    double max)
{
	double bound = PARTIAL_MAX_SECONDS * (1 + 2 * SKETCH_ALPHA);

	if (!isfinite(sum) || !isfinite(max) ||
	    fabs(sum) > (double)count * PARTIAL_MAX_SECONDS ||
	    fabs(max) > PARTIAL_MAX_SECONDS)
		return 0;
	if (count == 0)
		return 1;
	/* The extreme bins: NaN or beyond the bound fails both tests. */
	return fabs(sketch_rank_value(k, 0)) <= bound &&
	    fabs(sketch_rank_value(k, (uint64_t)count - 1)) <= bound;
}

/* Merges a statistic of a partial; NOT_STATS or OUT_OF_RANGE when it is
   not one. */
static int
merge_stats(struct stats *s, json_t *j)
{
	struct sketch k;
	json_t *bins, *bin;
	json_int_t count, sign, index, n;
	double sum, max;
	size_t i;
	int status = 0;

	if (json_unpack(j, "{s:I,s:F,s:F,s:o}", "count", &count, "sum", &sum,
	    "max", &max, "bins", &bins) != 0 || !json_is_array(bins) ||
	    count < 0)
		return NOT_STATS;
	sketch_init(&k);
	json_array_foreach(bins, i, bin) {
		if (json_unpack(bin, "[III]", &sign, &index, &n) != 0 ||
		    sign < -1 || sign > 1 || n < 0 ||
		    index < -SKETCH_MAX_INDEX || index > SKETCH_MAX_INDEX) {
			status = NOT_STATS;
			break;
		}
		sketch_add_bin(&k, (int)sign, (int32_t)index, (uint64_t)n);
	}
	if (status == 0 && sketch_count(&k) != (uint64_t)count)
		status = NOT_STATS;	/* the bins must hold every sample */
	if (status == 0 && !stats_in_range(&k, count, sum, max))
		status = OUT_OF_RANGE;
	if (status == 0 && count > 0)
		stats_merge_sketch(s, &k, sum, max);
	sketch_free(&k);
	return status;
}

static int
get_count(json_t *o, const char *name, uint64_t *into)
{
	json_t *v = json_object_get(o, name);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -1;
	*into += (uint64_t)json_integer_value(v);
	return 0;
}

/* The row of these keys, new when not seen. */
static struct metrics_row *
row_of(struct partial *p, struct rowset *set, json_t *keys)
{
	struct metrics_row *r;
	json_t *v;
	size_t i;
	uint32_t g;
	int added;

	if (!json_is_array(keys) || json_array_size(keys) != set->nkeys)
		return NULL;
	p->key.len = 0;
	json_array_foreach(keys, i, v) {
		char len[24];
		int n;

		if (!json_is_string(v))
			return NULL;
		/* A separator could be inside a value (NUL too). */
		n = snprintf(len, sizeof(len), "%zu:", json_string_length(v));
		jsonl_buf_append(&p->key, len, (size_t)n);
		jsonl_buf_append(&p->key, json_string_value(v),
		    json_string_length(v));
	}
	g = strmap_put(&set->groups, p->key.data, p->key.len, &added);
	if (!added)
		return &set->rows[g];
	set->rows = xreallocarray(set->rows, set->nrows + 1,
	    sizeof(*set->rows));
	r = &set->rows[set->nrows++];
	memset(r, 0, sizeof(*r));
	r->keys = xcalloc(set->nkeys, sizeof(char *));
	r->key_lens = xcalloc(set->nkeys, sizeof(size_t));
	json_array_foreach(keys, i, v) {
		r->key_lens[i] = json_string_length(v);
		r->keys[i] = xmalloc(r->key_lens[i] + 1);
		memcpy(r->keys[i], json_string_value(v), r->key_lens[i] + 1);
	}
	for (i = 0; i < DUR_COUNT; i++)
		stats_init(&r->dur[i]);
	stats_init(&r->reopen_after);
	r->sla_target_ms = -1;
	r->group_id = g;
	return r;
}

/*
 * Merges a row; -1 when it is not a row, OUT_OF_RANGE with *stat the name
 * of the statistic whose numbers are out of range.
 */
static int
merge_row(struct partial *p, struct rowset *set, json_t *o,
    const char **stat)
{
	struct metrics_row *r;
	json_t *v, *buckets;
	size_t i;
	int st;

	if (!json_is_object(o) ||
	    (r = row_of(p, set, json_object_get(o, "keys"))) == NULL)
		return -1;
	for (i = 0; i < NCOUNTERS; i++)
		if (get_count(o, counters[i].name, counter(r, i)) != 0)
			return -1;
	v = json_object_get(o, "sla_target_ms");
	if (!json_is_integer(v))
		return -1;
	if (json_integer_value(v) >= 0)
		r->sla_target_ms = json_integer_value(v);
	if (json_is_true(json_object_get(o, "has_calls")))
		r->has_calls = 1;
	v = json_object_get(o, "elsewhere_channels");
	if (json_is_integer(v))
		r->elsewhere_channels |= (uint32_t)json_integer_value(v);
	buckets = json_object_get(o, "frt_buckets");
	if (!json_is_array(buckets) || json_array_size(buckets) != 5)
		return -1;
	json_array_foreach(buckets, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return -1;
		r->frt_buckets[i] += (uint64_t)json_integer_value(v);
	}
	for (i = 0; i <= DUR_COUNT; i++) {
		*stat = i < DUR_COUNT ?
		    metrics_duration_name((enum metrics_duration)i) :
		    "reopen_after";
		st = merge_stats(i < DUR_COUNT ? &r->dur[i] : &r->reopen_after,
		    json_object_get(o, *stat));
		if (st != 0)
			return st == OUT_OF_RANGE ? OUT_OF_RANGE : -1;
	}
	return 0;
}

/* Merges the omnichannel view; -1 when it is not one, OUT_OF_RANGE with
   *stat the statistic whose numbers are out of range. */
static int
merge_omni(struct partial *p, json_t *o, const char **stat)
{
	static const char *const names[3] = { "touchpoints", "channels",
	    "case_frt" };
	struct stats *into[3] = { &p->omni.touchpoints, &p->omni.channels,
	    &p->omni.case_frt };
	json_t *matrix = json_object_get(o, "transitions"), *line, *v;
	size_t i, j;
	int st;

	if (!json_is_object(o) ||
	    get_count(o, "customers", &p->omni.customers) != 0 ||
	    get_count(o, "multichannel", &p->omni.multichannel) != 0 ||
	    get_count(o, "cases", &p->omni.cases) != 0 ||
	    get_count(o, "cases_answered", &p->omni.cases_answered) != 0)
		return -1;
	for (i = 0; i < 3; i++) {
		*stat = names[i];
		if ((st = merge_stats(into[i], json_object_get(o, names[i]))) !=
		    0)
			return st == OUT_OF_RANGE ? OUT_OF_RANGE : -1;
	}
	if (!json_is_array(matrix) ||
	    json_array_size(matrix) != p->omni.nchannels)
		return -1;
	json_array_foreach(matrix, i, line) {
		if (!json_is_array(line) ||
		    json_array_size(line) != p->omni.nchannels)
			return -1;
		json_array_foreach(line, j, v) {
			if (!json_is_integer(v) || json_integer_value(v) < 0)
				return -1;
			p->omni.transitions[i][j] +=
			    (uint64_t)json_integer_value(v);
		}
	}
	return 0;
}

/* Merges the coverage view; -1 when it is not one, OUT_OF_RANGE with
   *hour the hour of week whose statistic is out of range. */
static int
merge_coverage(struct partial *p, json_t *o, size_t *hour)
{
	json_t *in = json_object_get(o, "inbound"), *frt = json_object_get(o,
	    "frt"), *v;
	size_t h;
	int st;

	if (!json_is_array(in) || json_array_size(in) != 168 ||
	    !json_is_array(frt) || json_array_size(frt) != 168)
		return -1;
	json_array_foreach(in, h, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return -1;
		p->coverage.inbound[h] += (uint64_t)json_integer_value(v);
		*hour = h;
		if ((st = merge_stats(&p->coverage.frt[h], json_array_get(frt,
		    h))) != 0)
			return st == OUT_OF_RANGE ? OUT_OF_RANGE : -1;
	}
	return 0;
}

/* The --by of the text "channel,week" style, for messages. */
static void
by_text(json_t *by, char *out, size_t cap)
{
	json_t *v;
	size_t i, len = 0;

	out[0] = '\0';
	json_array_foreach(by, i, v)
		if (json_is_string(v) && len + 1 < cap)
			len += (size_t)snprintf(out + len, cap - len, "%s%s",
			    i ? "," : "", json_string_value(v));
}

static void
info_text(const struct partial_info *info, char *out, size_t cap)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < info->nkeys && len + 1 < cap; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s%s",
		    i ? "," : "", info->keys[i].name);
}

/* The parameters the first partial was made with, for the HTML page. */
static void
keep_params(struct partial *p, json_t *params)
{
	static const char *const names[4] = { "zone", "hours", "holidays",
	    "sla" };
	const char **into[4] = { &p->info.zone, &p->info.hours,
	    &p->info.holidays, &p->info.sla };
	json_t *v;
	size_t i;

	for (i = 0; i < 4; i++)
		if (json_is_string(v = json_object_get(params, names[i]))) {
			p->params[i] = xstrdup(json_string_value(v));
			*into[i] = p->params[i];
		}
}

/* The first partial decides the keys; the others must agree. */
static int
check_made_with(struct partial *p, json_t *root, const char *path,
    char *err, size_t errlen)
{
	json_t *by = json_object_get(root, "by"), *v;
	json_t *period = json_object_get(root, "period");
	int business = json_is_true(json_object_get(root, "business"));
	char was[256], now[256];
	size_t i, k;

	if (!json_is_array(by) || json_array_size(by) == 0 ||
	    json_array_size(by) > 16)
		goto broken;
	json_array_foreach(by, i, v) {
		if (!json_is_string(v) ||
		    render_reserved_name(json_string_value(v)))
			goto broken;
		/* Each key once, as --by allows. */
		for (k = 0; k < i; k++)
			if (json_equal(v, json_array_get(by, k)))
				goto broken;
	}
	if (!p->started) {
		p->started = 1;
		json_array_foreach(by, i, v) {
			p->key_names[i] = xstrdup(json_string_value(v));
			p->keys[i].name = p->key_names[i];
			p->keys[i].kind = KEY_FIELD;
		}
		p->info.keys = p->keys;
		p->info.nkeys = json_array_size(by);
		p->main.nkeys = p->info.nkeys;
		p->info.business = business;
		if (json_is_string(period))
			p->period = xstrdup(json_string_value(period));
		p->info.period = p->period;
		keep_params(p, json_object_get(root, "params"));
		return 0;
	}
	by_text(by, now, sizeof(now));
	info_text(&p->info, was, sizeof(was));
	if (strcmp(was, now) != 0) {
		snprintf(err, errlen, "%s: made with --by %s, not %s", path,
		    now, was);
		return -1;
	}
	if (business != p->info.business) {
		snprintf(err, errlen, "%s: made %s --hours, unlike the first "
		    "partial", path, business ? "with" : "without");
		return -1;
	}
	if ((p->period == NULL) != !json_is_string(period) ||
	    (p->period != NULL && strcmp(p->period,
	    json_string_value(period)) != 0)) {
		snprintf(err, errlen, "%s: made for another --period", path);
		return -1;
	}
	return 0;
broken:
	snprintf(err, errlen, "%s: not a partial report (\"by\")", path);
	return -1;
}

int
partial_read(struct partial *p, const char *path, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *root, *rows, *series, *row;
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	const char *stat = "";
	FILE *in;
	size_t i, hour = 0;
	int status = -1, st;

	if (strcmp(path, "-") == 0)
		in = stdin;
	else if ((in = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -1;
	}
	/* A group key may hold NUL ("\u0000"). */
	root = json_loadf(in, JSON_ALLOW_NUL, &jerr);
	if (in != stdin)
		fclose(in);
	if (root == NULL) {
		if (jerr.line < 0)
			snprintf(err, errlen, "%s: %s", name, jerr.text);
		else if (json_error_code(&jerr) == json_error_numeric_overflow)
			/* 1e999: no double holds it, no report could. */
			snprintf(err, errlen, "%s:%d:%d: not a partial report "
			    "(a number out of range)", name, jerr.line,
			    jerr.column);
		else
			snprintf(err, errlen, "%s:%d:%d: not a partial report "
			    "(invalid JSON)", name, jerr.line, jerr.column);
		return -1;
	}
	if (json_integer_value(json_object_get(root, "canal_partial")) !=
	    FORMAT_VERSION) {
		snprintf(err, errlen, "%s: not a partial report of this "
		    "version (\"canal_partial\": %d)", name, FORMAT_VERSION);
		goto done;
	}
	if (json_real_value(json_object_get(root, "alpha")) != SKETCH_ALPHA) {
		snprintf(err, errlen, "%s: made with another sketch accuracy",
		    name);
		goto done;
	}
	if (check_made_with(p, root, name, err, errlen) != 0)
		goto done;
	rows = json_object_get(root, "rows");
	series = json_object_get(root, "series");
	if (!json_is_array(rows) || !json_is_array(series))
		goto broken;
	json_array_foreach(rows, i, row)
		if ((st = merge_row(p, &p->main, row, &stat)) != 0) {
			if (st == OUT_OF_RANGE)
				snprintf(err, errlen, "%s: row %zu, \"%s\": "
				    RANGE_TEXT, name, i + 1, stat);
			else
				snprintf(err, errlen, "%s: row %zu is not a "
				    "partial row", name, i + 1);
			goto done;
		}
	json_array_foreach(series, i, row)
		if ((st = merge_row(p, &p->series, row, &stat)) != 0) {
			if (st == OUT_OF_RANGE)
				snprintf(err, errlen, "%s: series row %zu, "
				    "\"%s\": " RANGE_TEXT, name, i + 1, stat);
			else
				snprintf(err, errlen, "%s: series row %zu is "
				    "not a partial row", name, i + 1);
			goto done;
		}
	if ((st = merge_omni(p, json_object_get(root, "omni"), &stat)) ==
	    OUT_OF_RANGE) {
		snprintf(err, errlen, "%s: omni, \"%s\": " RANGE_TEXT, name,
		    stat);
		goto done;
	}
	if (st != 0)
		goto broken;
	if ((st = merge_coverage(p, json_object_get(root, "coverage"),
	    &hour)) == OUT_OF_RANGE) {
		snprintf(err, errlen, "%s: coverage, \"frt\" of hour %zu: "
		    RANGE_TEXT, name, hour);
		goto done;
	}
	if (st != 0)
		goto broken;
	status = 0;
	goto done;
broken:
	snprintf(err, errlen, "%s: not a partial report (its rows or views)",
	    name);
done:
	json_decref(root);
	return status;
}

static size_t sorting_keys;

static int
compare_rows(const void *a, const void *b)
{
	const struct metrics_row *x = a, *y = b;
	size_t k;
	int c;

	for (k = 0; k < sorting_keys; k++)
		if ((c = memcmp(x->keys[k], y->keys[k], x->key_lens[k] <
		    y->key_lens[k] ? x->key_lens[k] : y->key_lens[k])) != 0 ||
		    (c = (x->key_lens[k] > y->key_lens[k]) -
		    (x->key_lens[k] < y->key_lens[k])) != 0)
			return c;
	return 0;
}

static void
sorted_rows(struct rowset *set, struct metrics_row **rows, size_t *n)
{
	sorting_keys = set->nkeys;
	if (set->nrows > 1)
		qsort(set->rows, set->nrows, sizeof(*set->rows), compare_rows);
	*rows = set->rows;
	*n = set->nrows;
}

void
partial_rows(struct partial *p, struct metrics_row **rows, size_t *n)
{
	sorted_rows(&p->main, rows, n);
}

void
partial_series(struct partial *p, struct metrics_row **rows, size_t *n)
{
	sorted_rows(&p->series, rows, n);
}

struct metrics_omni *
partial_omni(struct partial *p)
{
	return &p->omni;
}

struct metrics_coverage *
partial_coverage(struct partial *p)
{
	return &p->coverage;
}

const struct partial_info *
partial_info(const struct partial *p)
{
	return &p->info;
}
