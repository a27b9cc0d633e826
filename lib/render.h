/*
 * render.h - canal-report's rows (metrics.h) in the formats of DESIGN
 * section 5: jsonl (one row a line, numbers in seconds), json (an array),
 * csv (RFC 4180; nested members flattened with a dot, "frt.median"),
 * markdown and table (aligned, durations humanised as "4m 12s", every
 * average shown with its count).
 *
 * An empty statistic is null in jsonl and json, empty in csv, "-" in
 * tables; never 0.
 *
 * Text from events (group keys) is written so that it can neither run
 * nor hide, and two different values never look the same:
 *   jsonl, json  JSON strings (RFC 8259), control characters escaped
 *   csv          the decoded text; a cell with a comma, quote, CR or LF
 *                quoted, quotes doubled; a text that starts with = + - @
 *                tab or CR, which spreadsheets run as a formula, gets "'"
 *                first; NUL written as U+FFFD
 *   table        render_visible()
 *   markdown     render_markdown_text()
 *   html         render_visible(), then escaped for HTML (svg_escape())
 *   prom         prom.h
 */
#ifndef CANAL_RENDER_H
#define CANAL_RENDER_H

#include <stddef.h>

#include "jsonl.h"
#include "metrics.h"

enum render_format { RENDER_JSONL, RENDER_JSON, RENDER_CSV, RENDER_TABLE,
    RENDER_MARKDOWN, RENDER_PROM, RENDER_HTML };

struct render_options {
	enum render_format format;
	const struct metrics_key *keys;	/* the --by keys, for names */
	size_t nkeys;
	int business;			/* the _bh twins are there */
	int scorecard;			/* rows have verdicts */
	int color;			/* table: bold header, coloured verdicts */
	enum stats_method method;
	const char *period;		/* --period's label, or NULL */
	/* --compare previous: the previous period's rows; each row gets
	   "change" (its numbers minus the previous row's of the same keys,
	   by dotted name, null where either is null or the group is new)
	   and tables an arrow with the difference */
	int compare;
	struct metrics_row *previous;
	size_t nprevious;
};

/**
 * Whether name is one of a row's own members ("inbound", "frt", "sla",
 * "period", "change"...), which a --by field may not be called.
 */
int render_reserved_name(const char *name);

/** The format named "jsonl", "json", "csv", "table", "markdown", "prom"
    (prom.h) or "html" (html.h). */
int render_format_from_name(const char *name, enum render_format *f);

/**
 * Writes rows[0..n) to w.  Returns 0, or -1 (w->error).  The rows'
 * statistics are sorted on the way (stats.h).
 */
int render_rows(struct jsonl_writer *w, const struct render_options *o,
    struct metrics_row *rows, size_t n);

/**
 * One --rows conversation line into b (cleared first): the group's keys,
 * then conversation, channel, customer, agent, inbound, answered, first,
 * cycle_start, first_reply, frt (frt_bh), first_resolution,
 * full_resolution, bot_replied, handed_off.
 */
void render_conversation(struct jsonl_buf *b, const struct render_options *o,
    const struct metrics_conversation *c);

/**
 * --rows conversation: every conversation of m (after metrics_finish())
 * as a line of render_conversation(), in jsonl, json or csv.  Returns 0,
 * or -1 (w->error).
 */
int render_conversations(struct jsonl_writer *w,
    const struct render_options *ro, struct metrics *m);

/** A CSV line of a JSON object's scalars (header: their dotted names). */
void render_csv_line(struct jsonl_buf *out, const char *json, size_t len,
    int header);

/**
 * --view omnichannel: one object (jsonl, json, csv) or a summary and the
 * transition matrix (table, markdown).  --view coverage: one row per hour
 * of the week, or two 7 x 24 grids (inbound events, median FRT).
 */
int render_omni(struct jsonl_writer *w, const struct render_options *ro,
    struct metrics_omni *o);
int render_coverage(struct jsonl_writer *w, const struct render_options *ro,
    struct metrics_coverage *cov);

/** The table's rows as an HTML <table> (cells escaped) into b. */
void render_html_table(struct jsonl_buf *b, const struct render_options *o,
    struct metrics_row *rows, size_t n);

/** "4m 12s", "2h 5m", "3d 4h", "45s", "0.5s": a duration for people. */
void render_duration(double seconds, char *out, size_t cap);

/**
 * Appends s[0..n) (any bytes, NUL too) to b as a terminal or a page may
 * show it: unchanged, except a backslash as "\\", the control characters
 * (C0, DEL, C1 U+0080..U+009F) as a JSON string writes them ("\n", "\t",
 * "\r", "\b", "\f", else "\u001b"), U+2028, U+2029 and the
 * bidirectional controls U+202A..U+202E, U+2066..U+2069 as "\u202e", and
 * each byte that does not start valid UTF-8 as "\xff".  Nothing of it
 * runs or moves the cursor, and different texts stay different.
 */
void render_visible(struct jsonl_buf *b, const char *s, size_t n);

/**
 * Appends s[0..n) to b as the text of a Markdown (CommonMark, GitHub)
 * table cell that shows render_visible()'s text: that text with a
 * backslash before each of \\ ` * _ [ ] < > | & ~ $, so that nothing in
 * it is a link, an emphasis, HTML, an entity or a column break.
 */
void render_markdown_text(struct jsonl_buf *b, const char *s, size_t n);

#endif
