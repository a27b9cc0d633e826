/*
 * html.c - the HTML report (html.h).
 */
#include "html.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canal.h"
#include "svg.h"
#include "util.h"

#include "report_css.h"		/* made from lib/assets/report.css */

static void
put(struct jsonl_buf *b, const char *s)
{
	jsonl_buf_append(b, s, strlen(s));
}

static void
put_text(struct jsonl_buf *b, const char *s)
{
	svg_escape(b, s, strlen(s));
}

/*
 * A row's name, NUL-terminated in b: its keys as render_visible() shows
 * them (a key may hold NUL or a control character), joined by " / ",
 * "(none)" for an empty one.
 */
static const char *
row_name(const struct render_options *o, const struct metrics_row *r,
    struct jsonl_buf *b)
{
	size_t k, len;

	b->len = 0;
	for (k = 0; k < o->nkeys; k++) {
		len = r->key_lens != NULL ? r->key_lens[k] : strlen(r->keys[k]);
		if (k > 0)
			put(b, " / ");
		if (len == 0)
			put(b, "(none)");
		else
			render_visible(b, r->keys[k], len);
	}
	jsonl_buf_append(b, "", 1);
	return b->data;
}

static void
param(struct jsonl_buf *b, const char *name, const char *value)
{
	put(b, "<dt>");
	put(b, name);
	put(b, "</dt><dd>");
	put_text(b, value != NULL && value[0] != '\0' ? value : "none");
	put(b, "</dd>");
}

static void
head(struct jsonl_buf *b, const struct render_options *o,
    const struct html_params *params)
{
	put(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>canal report");
	if (o->period != NULL) {
		put(b, " ");
		put_text(b, o->period);
	}
	put(b, "</title>\n<style>\n");
	put(b, report_css);
	put(b, "</style>\n</head>\n<body>\n<header>\n"
	    "<h1>How well is each channel attended?</h1>\n<dl class=\"params\">");
	param(b, "period", o->period != NULL ? o->period : "all the timeline");
	param(b, "zone", params->zone != NULL ? params->zone : "UTC");
	param(b, "business hours", params->hours);
	param(b, "holidays", params->holidays);
	param(b, "SLA targets", params->sla);
	param(b, "percentiles", o->method == STATS_NEAREST ? "nearest rank" :
	    "linear interpolation");
	param(b, "canal", CANAL_VERSION);
	put(b, "</dl>\n</header>\n");
}

static const char *
verdict_class(const char *verdict)
{
	if (verdict == NULL)
		return "few";
	if (strcmp(verdict, "well attended") == 0)
		return "well";
	if (strcmp(verdict, "needs attention") == 0)
		return "needs";
	if (strcmp(verdict, "poorly attended") == 0)
		return "poor";
	return "few";
}

static void
scorecard(struct jsonl_buf *b, const struct render_options *o,
    const struct partial_rows *rep)
{
	struct stats_summary frt;
	struct jsonl_buf name = { 0 };
	char text[512], when[32], target[32];
	uint64_t asked;
	size_t i;

	put(b, "<section id=\"scorecard\">\n<h2>Scorecard</h2>\n<p>");
	snprintf(text, sizeof(text), "Well attended: response rate at least "
	    "%.0f%% and, with a target, SLA attainment at least %.0f%%. Poorly "
	    "attended: response rate under %.0f%% or attainment under %.0f%%. "
	    "Under %d inbound conversations: too few to judge.",
	    100 * METRICS_WELL_RESPONSE, 100 * METRICS_WELL_SLA,
	    100 * METRICS_POOR_RESPONSE, 100 * METRICS_POOR_SLA,
	    METRICS_MIN_VOLUME);
	put_text(b, text);
	put(b, "</p>\n<div class=\"cards\">\n");
	for (i = 0; i < rep->nrows; i++) {
		const struct metrics_row *r = &rep->rows[i];

		asked = r->answered + r->unanswered;
		stats_summarize(&rep->rows[i].dur[o->business ? DUR_FRT_BH :
		    DUR_FRT], o->method, &frt);
		put(b, "<div class=\"card ");
		put(b, verdict_class(r->verdict));
		put(b, "\"><h3>");
		put_text(b, row_name(o, r, &name));
		put(b, "</h3><p class=\"verdict\">");
		put_text(b, r->verdict != NULL ? r->verdict : "-");
		put(b, "</p><p>");
		if (asked > 0 && r->answered_elsewhere > 0 &&
		    metrics_elsewhere_names(r->elsewhere_channels, when,
		    sizeof(when)) > 0)
			snprintf(text, sizeof(text), "Response rate %.0f%% of %llu "
			    "inbound conversations (%llu answered by %s).", 100.0 *
			    (double)r->answered / (double)asked,
			    (unsigned long long)asked,
			    (unsigned long long)r->answered_elsewhere, when);
		else if (asked > 0)
			snprintf(text, sizeof(text), "Response rate %.0f%% of %llu "
			    "inbound conversations.", 100.0 *
			    (double)r->answered / (double)asked,
			    (unsigned long long)asked);
		else
			snprintf(text, sizeof(text), "No inbound conversations.");
		put_text(b, text);
		put(b, "</p><p>");
		if (r->sla_target_ms >= 0 && r->sla_met + r->sla_breached > 0) {
			svg_format_value((double)r->sla_target_ms / 1000,
			    SVG_SECONDS, target, sizeof(target));
			snprintf(text, sizeof(text), "SLA: %.0f%% answered "
			    "within %s.", 100.0 * (double)r->sla_met /
			    (double)(r->sla_met + r->sla_breached), target);
		} else
			snprintf(text, sizeof(text), "No SLA target.");
		put_text(b, text);
		put(b, "</p><p>");
		render_duration(frt.median, when, sizeof(when));
		snprintf(text, sizeof(text), "First response: median %s "
		    "(%zu answered).", when, frt.count);
		put_text(b, text);
		put(b, "</p></div>\n");
	}
	put(b, "</div>\n</section>\n");
	jsonl_buf_free(&name);
}

/* The distinct values of key k of the series rows, sorted (they are). */
static size_t
distinct(const struct partial_rows *rep, size_t k, const char ***out)
{
	const char **v = xcalloc(rep->nseries + 1, sizeof(*v));
	size_t i, j, n = 0;

	for (i = 0; i < rep->nseries; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(v[j], rep->series[i].keys[k]) == 0)
				break;
		if (j == n)
			v[n++] = rep->series[i].keys[k];
	}
	*out = v;
	return n;
}

static int
compare_texts(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* What a line chart shows of a series row. */
enum measure { INBOUND, FRT_MEDIAN, FRT_P90 };

static double
measure(const struct render_options *o, struct metrics_row *r,
    enum measure m)
{
	struct stats_summary s;

	if (m == INBOUND)
		return (double)r->inbound;
	stats_summarize(&r->dur[o->business ? DUR_FRT_BH : DUR_FRT],
	    o->method, &s);
	return m == FRT_MEDIAN ? s.median : s.p90;
}

static void
over_time(struct jsonl_buf *b, const struct render_options *o,
    const struct partial_rows *rep, enum measure m, const char *id,
    const char *title, const char *desc)
{
	const char **channels, **days;
	size_t nch = distinct(rep, 0, &channels), nd = distinct(rep, 1, &days);
	struct svg_series *series = xcalloc(nch + 1, sizeof(*series));
	double *y = xcalloc((nch + 1) * (nd + 1), sizeof(*y));
	size_t c, d, i;

	qsort(days, nd, sizeof(*days), compare_texts);
	for (i = 0; i < (nch + 1) * (nd + 1); i++)
		y[i] = m == INBOUND ? 0 : NAN;
	for (i = 0; i < rep->nseries; i++) {
		for (c = 0; strcmp(channels[c], rep->series[i].keys[0]); c++)
			;
		for (d = 0; strcmp(days[d], rep->series[i].keys[1]); d++)
			;
		y[c * nd + d] = measure(o, &rep->series[i], m);
	}
	for (c = 0; c < nch; c++) {
		series[c].name = channels[c][0] ? channels[c] : "(none)";
		series[c].y = y + c * nd;
	}
	svg_line_chart(b, id, title, desc, days, nd, series, nch,
	    m == INBOUND ? SVG_COUNT : SVG_SECONDS, m == INBOUND ?
	    "inbound events a day" : "first response time");
	free(channels);
	free(days);
	free(series);
	free(y);
}

static void
distribution(struct jsonl_buf *b, const struct partial_rows *rep)
{
	static const char *const labels[5] = { "under 1h", "1h to 4h",
	    "4h to 8h", "8h to 24h", "24h or more" };
	double v[5] = { 0 };
	size_t i, k;

	for (i = 0; i < rep->nrows; i++)
		for (k = 0; k < 5; k++)
			v[k] += (double)rep->rows[i].frt_buckets[k];
	svg_bar_chart(b, "frt-distribution", "First response time "
	    "distribution", "Answered conversations of all rows by their "
	    "first response time.", labels, v, 5, SVG_COUNT, -1);
}

static void
sla_bars(struct jsonl_buf *b, const struct render_options *o,
    const struct partial_rows *rep)
{
	const char **labels = xcalloc(rep->nrows + 1, sizeof(*labels));
	char **names = xcalloc(rep->nrows + 1, sizeof(*names));
	double *v = xcalloc(rep->nrows + 1, sizeof(*v));
	struct jsonl_buf name = { 0 };
	size_t i, n = 0;

	for (i = 0; i < rep->nrows; i++) {
		const struct metrics_row *r = &rep->rows[i];

		if (r->sla_target_ms < 0)
			continue;
		names[n] = xstrdup(row_name(o, r, &name));
		labels[n] = names[n];
		v[n++] = r->sla_met + r->sla_breached ? (double)r->sla_met /
		    (double)(r->sla_met + r->sla_breached) : NAN;
	}
	svg_bar_chart(b, "sla", "SLA attainment", n > 0 ? "Inbound "
	    "conversations answered within their channel's target; "
	    "unanswered ones breach it." : "No SLA targets were given "
	    "(--sla).", labels, v, n, SVG_RATIO, n > 0 ? METRICS_WELL_SLA :
	    -1);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(labels);
	free(names);
	free(v);
	jsonl_buf_free(&name);
}

static void
coverage(struct jsonl_buf *b, const struct partial_rows *rep)
{
	static const char *const days[7] = { "Monday", "Tuesday", "Wednesday",
	    "Thursday", "Friday", "Saturday", "Sunday" };
	char hours[24][4];
	const char *hour_labels[24];
	double v[168];
	size_t h;

	for (h = 0; h < 24; h++) {
		snprintf(hours[h], sizeof(hours[h]), "%02zu", h);
		hour_labels[h] = hours[h];
	}
	for (h = 0; h < 168; h++)
		v[h] = (double)rep->coverage->inbound[h];
	svg_heatmap(b, "coverage", "Inbound events by hour of the week",
	    "Where demand arrives: inbound events by day and hour in the "
	    "report's zone.", days, 7, hour_labels, 24, v, SVG_COUNT, 0);
}

static void
transitions(struct jsonl_buf *b, const struct partial_rows *rep)
{
	const struct metrics_omni *om = rep->omni;
	const char *names[METRICS_CHANNELS];
	double v[METRICS_CHANNELS * METRICS_CHANNELS];
	size_t used[METRICS_CHANNELS], n = 0, i, j;

	/* Only the channels that appear in a transition. */
	for (i = 0; i < om->nchannels; i++)
		for (j = 0; j < om->nchannels; j++)
			if (om->transitions[i][j] > 0 ||
			    om->transitions[j][i] > 0) {
				used[n] = i;
				names[n++] = om->channel_names[i];
				break;
			}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			v[i * n + j] = (double)om->transitions[used[i]][used[j]];
	svg_heatmap(b, "transitions", "Channel transitions", n > 0 ?
	    "A customer's consecutive inbound touchpoints: from the row's "
	    "channel to the column's." : "No customer came back on any "
	    "channel.", names, n, names, n, v, SVG_COUNT, 1);
}

int
html_write(struct jsonl_writer *w, const struct render_options *o,
    const struct partial_rows *rep, const struct html_params *params)
{
	struct jsonl_buf b = { 0 };

	head(&b, o, params);
	scorecard(&b, o, rep);
	put(&b, "<section id=\"charts\">\n<h2>Charts</h2>\n"
	    "<div class=\"charts\">\n<figure>");
	over_time(&b, o, rep, INBOUND, "inbound", "Inbound volume per channel",
	    "Inbound events per channel and day.");
	put(&b, "</figure>\n<figure>");
	over_time(&b, o, rep, FRT_MEDIAN, "frt-median", "First response time, "
	    "median", "Median first response time per channel and day of "
	    "the question.");
	put(&b, "</figure>\n<figure>");
	over_time(&b, o, rep, FRT_P90, "frt-p90", "First response time, p90",
	    "90th percentile of first response time per channel and day.");
	put(&b, "</figure>\n<figure>");
	distribution(&b, rep);
	put(&b, "</figure>\n<figure>");
	sla_bars(&b, o, rep);
	put(&b, "</figure>\n<figure>");
	transitions(&b, rep);
	put(&b, "</figure>\n<figure>");
	coverage(&b, rep);
	put(&b, "</figure>\n</div>\n</section>\n<section id=\"tables\">\n"
	    "<h2>Numbers</h2>\n<div class=\"scroll\">");
	render_html_table(&b, o, rep->rows, rep->nrows);
	put(&b, "</div>\n</section>\n<footer>Made by canal ");
	put(&b, CANAL_VERSION);
	put(&b, ". Every number is defined in canal-report(1); --rows "
	    "conversation gives the conversations behind it.</footer>\n"
	    "</body>\n</html>\n");
	jsonl_writer_write(w, b.data, b.len);
	jsonl_buf_free(&b);
	return w->error ? -1 : 0;
}
