/*
 * splice.h - a JSON line with some top-level members replaced, removed or
 * added, without a tree (DESIGN section 7: stages pass a line's bytes
 * through and splice in only the fields they set).  Members keep their
 * order and their bytes; a replaced member keeps its place; added ones go
 * at the end.  White space between members is not kept.
 */
#ifndef CANAL_SPLICE_H
#define CANAL_SPLICE_H

#include <stddef.h>

#include "jsonl.h"
#include "scan.h"

/* One member to set: json is its new value's JSON text, NULL removes it. */
struct splice_field {
	const char *key;
	const char *json;
	size_t json_len;
};

/**
 * Writes to out (cleared first) the object whose members were parsed into
 * members (scan_object_parse() of line), with fields[0..n) applied (at
 * most 64; more are ignored).
 */
void splice_line(struct jsonl_buf *out, const struct scan_object *members,
    const struct splice_field *fields, size_t n);

#endif
