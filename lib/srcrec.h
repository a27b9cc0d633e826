/*
 * srcrec.h - one source record (a JSON object a line, as canal-ingest
 * writes them) read without building a tree: the line is validated once
 * with scan.h, and fields are then looked up by name or dotted path, their
 * strings decoded into memory that lives until the next record.
 *
 * Paths: "author.handle" is the member "handle" of the object "author";
 * a number picks an array element ("parts.0.text").  A top-level key that
 * itself contains dots ("a.b") is found before the path is split.
 */
#ifndef CANAL_SRCREC_H
#define CANAL_SRCREC_H

#include <stddef.h>
#include <stdint.h>

#include "scan.h"

/* A value found in a record. */
struct srcval {
	enum scan_type type;
	/*
	 * Strings: the decoded text (NUL-terminated, valid UTF-8; it may hold
	 * NUL bytes, so use len).  Numbers: their JSON text.  true/false:
	 * "true"/"false".  Objects and arrays: their JSON text.  Borrowed
	 * until the next srcrec_parse().
	 */
	const char *s;
	size_t len;
};

struct srcrec_block;

struct srcrec {
	const char *line;		/* the record's text (borrowed) */
	size_t len;
	struct scan_object top;		/* its top-level members */
	struct scan_object scratch;
	struct srcrec_block *blocks;	/* decoded strings of this record */
	/* Provenance from the record's "src" member, when it has one;
	   empty strings and 0 otherwise. */
	const char *format;
	const char *file;
	uint64_t position;		/* src.line, or src.offset */
	int position_is_offset;
	uint64_t index;			/* src.index */
	const char *src_json;		/* the "src" member's text, or NULL */
	size_t src_json_len;
};

void srcrec_init(struct srcrec *r);
void srcrec_free(struct srcrec *r);

/**
 * Reads line[0..len) (borrowed; must outlive the record's use) as one JSON
 * object.  Returns 0, or -1 with *err (offset and static reason) when the
 * line is not exactly one valid JSON object.
 */
int srcrec_parse(struct srcrec *r, const char *line, size_t len,
    struct scan_error *err);

/**
 * Looks up path (see above).  Returns 1 and fills *v when the value is
 * there and not null, 0 when it is absent or null.
 */
int srcrec_get(struct srcrec *r, const char *path, struct srcval *v);

/**
 * The string form of path: strings decoded, numbers and booleans as their
 * text; NULL (and *len 0) when absent, null, an object or an array, or an
 * empty string after trimming white space when trim is set.  Borrowed.
 */
const char *srcrec_str(struct srcrec *r, const char *path, size_t *len,
    int trim);

/**
 * Copies s[0..len) into the record's memory, NUL-terminated: for text made
 * from a record that must live as long as its values.
 */
const char *srcrec_keep(struct srcrec *r, const char *s, size_t len);

/**
 * Looks path up in the JSON text json[0..len) (an object or array already
 * validated, such as a srcval of type object): as srcrec_get().
 */
int srcrec_get_in(struct srcrec *r, const char *json, size_t len,
    const char *path, struct srcval *v);

#endif
