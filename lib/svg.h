/*
 * svg.h - charts drawn as inline SVG 1.1 for canal-report's HTML report:
 * no script, no external file, readable on a phone and printable.
 *
 * Each chart function appends one complete <svg> element to a buffer:
 * xmlns, class="chart chart-KIND" (line, bars, heatmap), data-chart="ID"
 * (so that a browser test can find every chart), a viewBox 720 wide and
 * width="100%", role="img" and aria-labelledby="ID-title ID-desc" naming
 * its <title> and <desc>.  Texts carry class="title", "axis" or "label"
 * for the page's CSS, and font-size and fill so that the SVG reads alone.
 * Element ids are derived from ID ("ID-title", "ID-desc", "ID-empty"):
 * ID must be unique on the page and made of name characters.
 *
 * Output is well-formed XML and the same bytes for the same input on
 * every machine: every text from the caller goes through svg_escape(),
 * coordinates are printed with "%.1f" in the C locale (canal never calls
 * setlocale), text widths are estimated at 0.6 em a character rather than
 * measured.  A label too long for its place is shortened with an
 * ellipsis and keeps its whole text in a tooltip.  NULL texts are empty.
 *
 * Series colours are the Okabe-Ito palette, safe for colour-blind
 * readers, chosen by series index: #0072B2 #E69F00 #009E73 #D55E00
 * #CC79A7 #56B4E9 #F0E442 #000000, then again.  Heatmaps use 6 steps of
 * ColorBrewer's Blues.
 *
 * Value axes start at 0 and end at a "nice" top, over the largest finite
 * value (and the bar chart's target):
 *	counts	 the first of 1, 2, 2.5, 5 x 10^k at or above it, in steps
 *		 of 0.2, 0.5, 0.5, 1 x 10^k (87 -> 0..100 by 20; 3 -> 0..5
 *		 by 1); no value: 0..1
 *	seconds	 the first step of 1s 2s 5s 10s 15s 30s 1m 2m 5m 10m 15m 30m
 *		 1h 2h 4h 6h 12h 1d 2d 3d 7d 14d 30d whose 5 steps reach
 *		 it, and as many steps (3 to 5) as reach it (3500 s -> 0..1h
 *		 by 15m; 100 s -> 0..2m by 30s); past 150 days the count
 *		 rule in days; no value: 0..1m
 *	ratios	 0..100% by 20% (the count rule above 1)
 * Negative values are drawn at 0; infinities are treated as NaN.
 */
#ifndef CANAL_SVG_H
#define CANAL_SVG_H

#include <stddef.h>

#include "jsonl.h"

/* How values are labelled (svg_format_value). */
enum svg_unit {
	SVG_COUNT,	/* "7", "1234", "2.5" */
	SVG_SECONDS,	/* durations: "45s", "4.2m", "2h", "3.1d" */
	SVG_RATIO	/* 0..1 as a percentage: "85%" */
};

struct svg_series {
	const char *name;	/* borrowed; shown in the legend */
	const double *y;	/* one value per x label; NaN: a gap */
};

/**
 * A line chart of series[0..nseries) over the categories labels[0..n)
 * (days, weeks), each series[s].y holding n values: one line per series in
 * its colour, a dot with a tooltip "SERIES LABEL: VALUE" on every value, a
 * legend below; y grid lines with labelled ticks and y_title above the
 * axis; x labels thinned so that at most 12 show and none overlap.  A gap
 * (NaN) has no dot and breaks the line; a value alone (n == 1, or between
 * gaps) is a dot.  Without any finite value, the axes and "no data".
 * Everything is borrowed.
 */
void svg_line_chart(struct jsonl_buf *b, const char *id, const char *title,
    const char *desc, const char *const *labels, size_t n,
    const struct svg_series *series, size_t nseries, enum svg_unit unit,
    const char *y_title);

/**
 * Horizontal bars, one per label, each with its value printed at its end
 * and a tooltip "LABEL: VALUE"; a NaN value has no bar and "-".  The value
 * axis is below the bars (0..100% for SVG_RATIO).  A target >= 0 is a
 * dashed vertical line labelled "target VALUE"; a negative one (-1) none.
 * n == 0 draws the axis alone.
 */
void svg_bar_chart(struct jsonl_buf *b, const char *id, const char *title,
    const char *desc, const char *const *labels, const double *values,
    size_t n, enum svg_unit unit, double target);

/**
 * A grid of rows x cols cells (values row-major: values[r * cols + c]),
 * row labels on the left, column labels on top (for a transition matrix:
 * row = from, column = to).  A cell's colour is one of 6 steps of one hue
 * by value / largest value (step floor(6 v / max), the largest the
 * darkest); a NaN cell is hatched grey.  Every cell has a tooltip "ROW
 * COL: VALUE"; with show_values the value is also printed in it.  A
 * legend shows the scale from 0 to the largest value (none without any
 * finite value).
 */
void svg_heatmap(struct jsonl_buf *b, const char *id, const char *title,
    const char *desc, const char *const *row_labels, size_t rows,
    const char *const *col_labels, size_t cols, const double *values,
    enum svg_unit unit, int show_values);

/**
 * v as the charts print it, into out (cap bytes, truncated like
 * snprintf's, nothing written when cap is 0).  NaN and infinities are
 * "-".  Counts and durations are rounded to one decimal, shown without
 * ".0" ("7", "2.5"); durations in the largest of s, m, h, d in which
 * they round to at least 1 ("45s", "4.2m" for 252 s, "2h", "3d", and
 * 59.97 s is "1m"); ratios rounded to whole percents ("85%" for 0.853).
 * Never "-0".
 */
void svg_format_value(double v, enum svg_unit unit, char *out, size_t cap);

/**
 * Appends p[0..n) escaped for XML and HTML text and attribute values:
 * & < > " ' as &amp; &lt; &gt; &quot; &#39;; bytes below 0x20 other than
 * tab, and DEL, dropped; each byte that does not start a valid UTF-8
 * sequence (RFC 3629), and U+FFFE and U+FFFF (not XML characters),
 * replaced by U+FFFD.  Also used by the HTML page.
 */
void svg_escape(struct jsonl_buf *b, const char *p, size_t n);

#endif
