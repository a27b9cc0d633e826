/*
 * svg.h - charts drawn as inline SVG for canal-report's HTML report: no
 * script, no external file, readable on a phone (a viewBox and width
 * 100%) and printable.
 *
 * Each function appends one complete <svg> element to a buffer, with
 * role="img", a <title> and <desc> it is labelled by, class="chart
 * chart-KIND" and data-chart="ID" (so that a test can find every chart).
 * Every text from the data is escaped (svg_escape); output is the same
 * bytes for the same input on every machine (numbers printed with "%.1f"
 * in the C locale, which canal never changes).  Colours are the
 * Okabe-Ito palette, safe for colour-blind readers, series by index.
 *
 * Axes start at 0 and end at a "nice" maximum: for counts the first of 1,
 * 2, 2.5, 5 times a power of ten at or above the largest value, in 5
 * steps; for durations the first of 1s 5s 10s 15s 30s 1m 2m 5m 10m 15m
 * 30m 1h 2h 4h 6h 12h 1d 2d 7d 14d 30d whose 5 steps reach the largest
 * value; for ratios 0 to 100% by 20%.
 */
#ifndef CANAL_SVG_H
#define CANAL_SVG_H

#include <stddef.h>

#include "jsonl.h"

/* How values are labelled: counts, durations in seconds ("45s", "4.5m",
   "2h", "3.1d"), ratios 0..1 ("85%"). */
enum svg_unit { SVG_COUNT, SVG_SECONDS, SVG_RATIO };

struct svg_series {
	const char *name;
	const double *y;	/* one value per x label; NaN: no point */
};

/**
 * A line chart of series over the categories labels[0..n) (days, weeks),
 * with a legend, y grid lines and labelled ticks, x labels thinned to at
 * most 12.  A gap (NaN) breaks a line; a lone point is drawn as a dot.
 * Without any value, the frame and "no data".
 */
void svg_line_chart(struct jsonl_buf *b, const char *id, const char *title,
    const char *desc, const char *const *labels, size_t n,
    const struct svg_series *series, size_t nseries, enum svg_unit unit,
    const char *y_title);

/**
 * Horizontal bars, one per label, each with its value at its end ("-" for
 * NaN, no bar).  target >= 0 draws a dashed line there, labelled.
 */
void svg_bar_chart(struct jsonl_buf *b, const char *id, const char *title,
    const char *desc, const char *const *labels, const double *values,
    size_t n, enum svg_unit unit, double target);

/**
 * A grid of rows x cols cells (values row-major; NaN an empty cell), the
 * darker the larger (6 steps of one hue from 0 to the largest value),
 * each cell with a tooltip "ROW COL: VALUE", the value printed in it with
 * show_values, and a legend of the range.
 */
void svg_heatmap(struct jsonl_buf *b, const char *id, const char *title,
    const char *desc, const char *const *row_labels, size_t rows,
    const char *const *col_labels, size_t cols, const double *values,
    enum svg_unit unit, int show_values);

/** v as the charts print it into out ("-" for NaN). */
void svg_format_value(double v, enum svg_unit unit, char *out, size_t cap);

/**
 * Appends p[0..n) escaped for XML and HTML text and attributes: & < > "
 * ' as references, control characters but tab, newline and CR dropped,
 * invalid UTF-8 as U+FFFD.
 */
void svg_escape(struct jsonl_buf *b, const char *p, size_t n);

#endif
