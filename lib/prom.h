/*
 * prom.h - report rows (metrics.h) in the Prometheus text exposition
 * format 0.0.4, for node_exporter's textfile collector (canal-report -F
 * prom).
 *
 * One family per number, each with HELP and TYPE once, then one sample per
 * row, labelled with the row's --by keys (names made valid: characters
 * other than letters, digits and "_" become "_", a leading digit or "__"
 * gets "key_" before it) and "period" with --period; label values escaped
 * (backslash, double quote, newline), and their other control characters
 * (NUL too) and bytes that are not UTF-8 written as the text "\u001b",
 * "\xff" (the label's value holds a backslash, "u001b"), so that the file
 * stays text, promtool-valid, and distinct values distinct series.  Counts of a report are gauges (a
 * report's count is not a counter that only grows), so their names have
 * no "_total" (promtool's lint forbids it on gauges).  Durations are
 * summaries in seconds: quantile 0.5, 0.9 and 0.95, _sum and _count, and
 * a "_max_seconds" gauge beside; an empty group's quantiles are NaN.
 * Ratios are 0 to 1, NaN where there is nothing to divide.
 */
#ifndef CANAL_PROM_H
#define CANAL_PROM_H

#include <stddef.h>

#include "jsonl.h"
#include "metrics.h"
#include "render.h"

/** Writes rows[0..n) to w.  Returns 0, or -1 (w->error). */
int prom_write(struct jsonl_writer *w, const struct render_options *o,
    struct metrics_row *rows, size_t n);

#endif
