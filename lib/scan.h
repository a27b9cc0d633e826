/*
 * scan.h - a zero-copy JSON validator for JSON Lines (RFC 8259).
 *
 * Stages that only read events (merge, route, report) must not build a tree
 * per line (DESIGN section 7).  scan_object_parse() checks that a line is
 * exactly one JSON object -- full grammar, valid UTF-8, valid escapes, no lone
 * surrogates, bounded nesting -- and records where each top-level member's
 * key and value lie in the line, without copying or allocating per line.
 * Callers read the spans and pass the line's bytes on unchanged.
 */
#ifndef CANAL_SCAN_H
#define CANAL_SCAN_H

#include <stddef.h>

#define SCAN_MAX_DEPTH 512	/* deeper nesting is rejected, never recursed */

enum scan_type {
	SCAN_STRING, SCAN_NUMBER, SCAN_OBJECT, SCAN_ARRAY,
	SCAN_TRUE, SCAN_FALSE, SCAN_NULL
};

/* One member of an object, or one element of an array (key NULL). */
struct scan_member {
	const char *key;	/* the key's bytes between its quotes, undecoded */
	size_t key_len;
	const char *value;	/* the value's bytes; strings without their quotes */
	size_t value_len;
	enum scan_type type;
	unsigned char key_escaped;	/* key contains a backslash escape */
	unsigned char value_escaped;	/* string value contains an escape */
};

/* The members of one parsed object or array; reuse it across lines. */
struct scan_object {
	struct scan_member *members;
	size_t count;
	size_t cap;
};

struct scan_error {
	size_t offset;		/* byte offset of the fault in the parsed text */
	const char *reason;	/* static text, e.g. "invalid UTF-8" */
};

/**
 * Parses text[0..len) as one JSON object surrounded by optional white space
 * and fills obj with its top-level members in their order.  Returns 0, or -1
 * with *err set (obj's content is then unspecified).  A duplicated top-level
 * key is an error.  The spans point into text, which must outlive their use.
 */
int scan_object_parse(struct scan_object *obj, const char *text, size_t len,
    struct scan_error *err);

/**
 * Parses text[0..len) as one JSON array and fills obj with its elements
 * (key NULL).  Returns 0 or -1 with *err, like scan_object_parse().
 */
int scan_array_parse(struct scan_object *obj, const char *text, size_t len,
    struct scan_error *err);

/**
 * Returns the member whose decoded key equals name, or NULL.  Borrowed
 * pointer into obj.
 */
const struct scan_member *scan_object_get(const struct scan_object *obj,
    const char *name);

/**
 * Finds the top-level member name[0..name_len) of the object in text without
 * validating the members after it: for lines that were validated before.
 * Returns 0 and fills *out, or -1 when it is not there or the text is not
 * an object.
 */
int scan_object_find(const char *text, size_t len, const char *name,
    size_t name_len, struct scan_member *out);

/**
 * Splits an object that scan_object_parse() accepted before into obj's
 * members, without validating it again: about three times faster, for a
 * second reading of a line (canal-merge's output pass).  Text that was not
 * validated gives unspecified members but never reads outside it.
 * Returns 0, or -1 when the text does not even look like an object.
 */
int scan_object_split(struct scan_object *obj, const char *text, size_t len);

/** Nonzero when the member's decoded key equals name[0..name_len). */
int scan_key_equals(const struct scan_member *m, const char *name,
    size_t name_len);

/**
 * Decodes the JSON string body raw[0..len) (already validated by a parse)
 * into out, which needs at most len bytes; returns the decoded length.
 */
size_t scan_string_decode(const char *raw, size_t len, char *out);

/**
 * Checks that text[0..len) is valid UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF).  Returns the length of the valid
 * prefix: len when all of it is valid.
 */
size_t scan_utf8_valid_prefix(const char *text, size_t len);

/**
 * The value of the JSON number raw[0..len) (RFC 8259 grammar, as a parse
 * accepted it), correctly rounded to the nearest double whatever its
 * length (400 digits, 0.1e-400, 1E+2), without allocating and without
 * depending on the locale.  A magnitude beyond DBL_MAX gives +-HUGE_VAL
 * (infinity), one below the smallest subnormal gives 0 of its sign, as
 * strtod() does; "-0" gives -0.0.  Returns 0 and sets *out, or -1 when raw
 * is not a JSON number (*out is then NaN).
 */
int scan_number_value(const char *raw, size_t len, double *out);

/** Frees obj's storage; obj may be reused after scan_object_init(). */
void scan_object_free(struct scan_object *obj);
void scan_object_init(struct scan_object *obj);

#endif
