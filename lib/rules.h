/*
 * rules.h - canal-route's rules language (canal-rules(5)): conditions on
 * an event's fields and the actions that follow, compiled once and
 * evaluated on each event in order.
 *
 *   # public complaints go to a private follow-up
 *   when channel = social and visibility = public
 *        and text ~ /(?i)\b(refund|scam)\b/
 *   then set intent = complaint, priority = high; tag escalate; to followup
 *   when actor = bot and type = message then tag bot
 *   when channel = email and ids.email ~ /@(mailer-daemon|noreply)\./ then drop
 *
 * A rule starts with "when" at the start of a line; lines that start with
 * white space continue it.  Every rule whose condition holds applies its
 * actions, in file order; conditions see the fields as earlier rules set
 * them; "stop" ends the evaluation of the event, "drop" drops it (and
 * stops).  Patterns are pcre2, UTF mode, JIT-compiled, under the match
 * limits of linepat.h: a match that hits them is false and counted.
 */
#ifndef CANAL_RULES_H
#define CANAL_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "jsonl.h"
#include "scan.h"
#include "tz.h"

/*
 * The deepest nesting of parentheses and "not" a condition may have; a
 * deeper one is an error with its place, never a stack overflow.  Chains
 * of "and" and "or" are not nesting: they may be of any length.
 */
#define RULES_MAX_DEPTH 100

struct rules;

/**
 * Compiles the rules text[0..len) named name (for messages).  zone is the
 * zone of hour, weekday and "within hours" (borrowed; NULL: UTC), unless
 * the file names one with a "zone NAME" line.  Returns the rules, or NULL
 * with "NAME:LINE:COL: reason", the line and a caret under the column in
 * err (errlen bytes).
 */
struct rules *rules_parse(const char *name, const char *text, size_t len,
    const struct tz *zone, char *err, size_t errlen);

/** Reads and compiles the file at path, like rules_parse(). */
struct rules *rules_load(const char *path, const struct tz *zone, char *err,
    size_t errlen);

void rules_free(struct rules *r);

/** Number of rules. */
size_t rules_count(const struct rules *r);

/** Whether a rule sends events to a named output ("to NAME"). */
int rules_has_outputs(const struct rules *r);

/* What the rules did to one event. */
struct rules_result {
	int dropped;			/* "drop" */
	const char *const *outputs;	/* "to NAME" names, in order */
	size_t noutputs;
	uint64_t limit_hits;		/* pattern matches stopped by limits */
	int changed;			/* out holds the event rewritten; else
					   the line is to be written as it is */
};

/**
 * Evaluates the rules on the event members (scan_object_parse() of line,
 * a valid event whose instant is ts_ms) and writes the event with the
 * fields set, the tags changed and, with explain, "rules" (the line
 * numbers of the rules that matched) spliced into out, when anything
 * changed (res->changed).  Returns 0.
 */
int rules_eval(struct rules *r, const struct scan_object *members,
    int64_t ts_ms, int explain, struct jsonl_buf *out,
    struct rules_result *res);

#endif
