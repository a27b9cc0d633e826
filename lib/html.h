/*
 * html.h - canal-report -F html: one self-contained page (its CSS
 * embedded at build time from lib/assets, its charts inline SVG drawn by
 * svg.h, no script, no network), readable on a phone and printable.
 *
 * In order: the report's parameters (period, zone, business hours,
 * holidays, SLA targets, canal's version); the scorecard, one card per
 * row with its verdict and why (its response rate and SLA attainment
 * beside the thresholds); the charts: inbound volume per channel over
 * time, FRT median and p90 per channel over time (from the series by
 * channel and day), the FRT distribution, SLA attainment per row, the
 * hour-of-week coverage heatmap and the channel transition matrix; then
 * the table of the rows.  Every text from events is escaped.
 */
#ifndef CANAL_HTML_H
#define CANAL_HTML_H

#include "jsonl.h"
#include "partial.h"
#include "render.h"

/* What the page says it was made with ("" or NULL: not given). */
struct html_params {
	const char *zone, *hours, *holidays, *sla;
};

/** Writes the page to w.  Returns 0, or -1 (w->error). */
int html_write(struct jsonl_writer *w, const struct render_options *o,
    const struct partial_rows *rep, const struct html_params *params);

#endif
