/*
 * partial.h - partial reports (canal-report --partial and --combine): the
 * state of a finished report as JSON, and many of them merged into one,
 * so that shards of a timeline can be reported on different machines.
 *
 * A partial holds, per row, its keys and every counter, and for every
 * statistic its count, sum, max and a quantile sketch (sketch.h, relative
 * error SKETCH_ALPHA); likewise the omnichannel and coverage views.
 * Combined, counts, sums, maxima and means are exact, and so are distinct
 * customers when the shards split the timeline by customer (canal-route
 * --shard-by customer: no customer, conversation or case is in two
 * shards); percentiles are within SKETCH_ALPHA of the single run's.
 *
 * Partials combine only when made with the same --by keys, business hours
 * or none, and period; the first one read decides.
 *
 *   {"canal_partial":1,"alpha":0.01,"by":["channel"],"business":false,
 *    "period":null,"rows":[{"keys":["chat"],"inbound":5,...,
 *    "frt":{"count":2,"sum":360,"max":300,"bins":[[1,529,1],[1,574,1]]},
 *    ...}],"series":[...rows by channel and day...],"omni":{...},
 *    "coverage":{...}}
 *
 * bins are [sign, index, count] (sketch_each_bin()).
 *
 * Every number a partial holds is read as it was written, and checked: a
 * statistic's max, and the value of each of its bins, at most
 * PARTIAL_MAX_SECONDS in magnitude, its sum at most count times that.  A
 * partial with a number beyond (1e999, which no double holds, or a
 * finite 1e300) is refused, so that a combined report never writes an
 * infinity.
 */
#ifndef CANAL_PARTIAL_H
#define CANAL_PARTIAL_H

#include <stddef.h>

#include "jsonl.h"
#include "metrics.h"

/*
 * The largest magnitude of a statistic's value in a partial: its
 * durations are between two ts of canal-event(5) (years 0000 to 9999, under
 * 3.2e11 seconds apart) plus at most a wait (EVENT_MAX_SECONDS), its
 * counts (touchpoints per customer) are far below.  The messages of
 * partial.c say "1e12": change both together.
 */
#define PARTIAL_MAX_SECONDS 1e12

/* What a partial was made with. */
struct partial_info {
	const struct metrics_key *keys;
	size_t nkeys;
	int business;
	const char *period;	/* or NULL */
	/* what the HTML report says it was made with, or NULL */
	const char *zone, *hours, *holidays, *sla;
};

/* A finished report: its rows, its series (rows by channel and day, for
   the charts of the HTML report) and its views. */
struct partial_rows {
	struct metrics_row *rows;
	size_t nrows;
	struct metrics_row *series;
	size_t nseries;
	struct metrics_omni *omni;
	struct metrics_coverage *coverage;
};

/**
 * Writes a finished report as one JSON line.  Returns 0, or -1
 * (w->error).
 */
int partial_write(struct jsonl_writer *w, const struct partial_info *info,
    const struct partial_rows *rows);

struct partial;

struct partial *partial_new(void);
void partial_free(struct partial *p);

/**
 * Reads the partial at path ("-": standard input) and merges it into p.
 * Returns 0, or -1 with a message in err ("a.json: not a partial report",
 * "b.json: made with --by channel,week, not channel", "c.json:1:528: not a
 * partial report (a number out of range)", "d.json: row 2, \"frt\": a
 * number out of range (not finite, or beyond 1e12)").
 */
int partial_read(struct partial *p, const char *path, char *err,
    size_t errlen);

/**
 * After the last partial_read(): the merged rows sorted by their keys,
 * the views, and what they were made with (all borrowed from p).
 */
void partial_rows(struct partial *p, struct metrics_row **rows, size_t *n);
void partial_series(struct partial *p, struct metrics_row **rows, size_t *n);
struct metrics_omni *partial_omni(struct partial *p);
struct metrics_coverage *partial_coverage(struct partial *p);
const struct partial_info *partial_info(const struct partial *p);

#endif
