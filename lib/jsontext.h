/*
 * jsontext.h - JSON text (RFC 8259) handled as bytes, for canal-ingest's
 * json and jsonl readers: finding where a value ends without validating
 * it, so that a whole document can be cut into records that are then
 * validated one by one (scan.h) and rejected one by one; removing the white
 * space between tokens, so that a pretty-printed record becomes one line;
 * and passing the members of a validated object into a record (record.h)
 * with their values' text unchanged -- numbers keep their digits, strings
 * their escapes.
 */
#ifndef CANAL_JSONTEXT_H
#define CANAL_JSONTEXT_H

#include <stddef.h>

#include "jsonl.h"
#include "record.h"
#include "scan.h"

/** Whether c is white space between JSON tokens (RFC 8259 section 2). */
#define JSONTEXT_IS_WS(c) ((c) == ' ' || (c) == '\t' || (c) == '\n' || \
	(c) == '\r')

/**
 * Finds the end of the JSON value that starts at text[start] from its
 * structure alone: strings and their escapes, brackets that must match,
 * and a scalar running to the next delimiter.  Nothing else is checked.
 * Returns 0 with *end one past the value, or -1 with *end at the fault
 * and *why a static reason ("truncated array", "unterminated string",
 * "mismatched '}'", "nesting too deep", "expected a value").
 */
int jsontext_value_end(const char *text, size_t len, size_t start,
    size_t *end, const char **why);

/**
 * Appends text[0..len), JSON text that has been validated, to out without
 * the white space outside strings.
 */
void jsontext_minify(struct jsonl_buf *out, const char *text, size_t len);

/**
 * Adds every member of obj, an object validated by scan_object_parse(),
 * to r with record_raw(): keys decoded (record.h renames "src" and
 * repeats), values as their text -- containers without white space when
 * minify is set.  scratch is working space, reused across calls.  Returns
 * 0, or -1 with *why set and *at pointing at the key (its opening quote)
 * when a key holds U+0000, which a record's keys cannot carry; r then holds
 * part of the members.
 */
int jsontext_record(struct record *r, const struct scan_object *obj,
    int minify, struct jsonl_buf *scratch, const char **why,
    const char **at);

#endif
