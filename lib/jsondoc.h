/*
 * jsondoc.h - whole JSON documents (RFC 8259) as chat exporters write them,
 * for the canal-ingest readers that take one document per file (Telegram
 * Desktop's result.json, Meta's message_N.json).
 *
 * A document is read whole into memory and parsed into a jansson tree;
 * when it does not parse, the error names the line, column and kind of
 * fault, never the text around it (it may be personal data).  jansson
 * gives no positions of values, so the line where each element of a
 * record array starts is found by scanning the same text (scan.h).  Two
 * exporters' faults are repaired: Telegram Desktop writes control
 * characters as "\xNN", which is not JSON, and Meta writes every UTF-8
 * byte of a string as its own "\u00XX" escape (mojibake).
 *
 * Memory: the input, a repaired copy when "\xNN" escapes were found, and
 * jansson's tree, which takes a few times the size of the text.  Inputs
 * over JSONDOC_MAX_SIZE are refused (jansson's error offsets are ints).
 */
#ifndef CANAL_JSONDOC_H
#define CANAL_JSONDOC_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "ingest.h"
#include "record.h"
#include "scan.h"

#define JSONDOC_MAX_SIZE ((size_t)1 << 30)	/* 1 GiB of text */

/* jsondoc_load() flags. */
#define JSONDOC_REPAIR_HEX 1	/* turn Telegram's \xNN into \u00NN */

struct jsondoc {
	char *input;		/* what jsondoc_ingest() read (owned) */
	size_t input_len;
	const char *text;	/* the text parsed: the input after a byte
				   order mark, or the repaired copy */
	size_t len;
	char *repaired;		/* the copy with \xNN repaired, or NULL */
	size_t *fixes;		/* offsets in text of the repaired escapes */
	size_t nfixes;
	json_t *root;		/* the tree: new reference, or NULL */
	const char *line_at;	/* jsondoc_line()'s last position */
	uint64_t line_no;	/* and its line */
};

struct jsondoc_error {
	uint64_t line;		/* 1-based */
	size_t col;		/* 1-based, in characters; 0 when unknown */
	int out_of_memory;	/* the fault is the machine's, not the text's */
	char reason[192];
};

/* A piece of the document's text: a value from its first byte to its
   last.  p is NULL when the value is not there. */
struct jsondoc_span {
	const char *p;
	size_t len;
};

/* The elements of an array, as spans; reuse it across arrays. */
struct jsondoc_list {
	struct scan_object elems;
};

/**
 * Parses text[0..len) (borrowed: it must outlive doc) into doc->root.  A
 * UTF-8 byte order mark is skipped.  With JSONDOC_REPAIR_HEX, "\xNN"
 * escapes (NN from 00 to 1F, as Telegram Desktop writes them) inside
 * strings are parsed as "\u00NN".  Returns 0 when parsed, 1 when the text
 * is empty or white space only (doc->root NULL), -1 when it does not
 * parse, with *err set (line and column of the original text).
 */
int jsondoc_load(struct jsondoc *doc, const char *text, size_t len,
    int flags, struct jsondoc_error *err);

/**
 * Reads in's whole input and jsondoc_load()s it.  Returns INGEST_OK with
 * doc->root set, or NULL when the input was empty or did not parse; the
 * latter is rejected as one record (its line, column and fault; the whole
 * input as raw), so the status can also be INGEST_STOPPED or, when the
 * rejects file cannot be written, INGEST_FAILED.  INGEST_FAILED with
 * in->error set also when the input cannot be read, is larger than
 * JSONDOC_MAX_SIZE, or memory runs out.  jsondoc_free() doc in all cases.
 */
enum ingest_status jsondoc_ingest(struct ingest_input *in, int flags,
    struct jsondoc *doc);

/**
 * Rejects a value of the document as one record: with its text and at
 * its line when span.p is set; else, when value (borrowed) is given, with
 * its JSON text rewritten and line 0 (its place is unknown); else the
 * whole input, at the line where the document starts.  Returns what
 * ingest_reject() does.
 */
enum ingest_status jsondoc_reject(struct ingest_input *in,
    struct jsondoc *doc, struct jsondoc_span span, const json_t *value,
    const char *reason);

/** Frees what doc holds; doc can then be loaded again. */
void jsondoc_free(struct jsondoc *doc);

/** The whole document's value. */
struct jsondoc_span jsondoc_root(const struct jsondoc *doc);

/**
 * The value of the member called name of the object in s, or a NULL span
 * when s is not an object, has no such member, or does not scan (nesting
 * deeper than SCAN_MAX_DEPTH).  Members before it are skipped, not stored.
 */
struct jsondoc_span jsondoc_member(struct jsondoc_span s, const char *name);

/**
 * Fills list with the elements of the array in s; returns their number, 0
 * when s is not an array or does not scan.
 */
size_t jsondoc_elements(struct jsondoc_span s, struct jsondoc_list *list);

/** Element i of list, or a NULL span when there is no such element. */
struct jsondoc_span jsondoc_element(const struct jsondoc_list *list,
    size_t i);

void jsondoc_list_init(struct jsondoc_list *list);
void jsondoc_list_free(struct jsondoc_list *list);

/**
 * The line (1-based) of p, a place in doc->text, or 0 when p is NULL.
 * Counting goes on from the place asked before, so calls in increasing
 * order cost one pass over the text in all.
 */
uint64_t jsondoc_line(struct jsondoc *doc, const char *p);

/**
 * Adds "key": value (borrowed) to r as the source typed it: strings,
 * integers, true, false and null as themselves; reals, objects and arrays
 * as their JSON text (record_json()).
 */
void jsondoc_record_value(struct record *r, const char *key,
    const json_t *value);

/**
 * Undoes Meta's mojibake in one string: s[0..n) is UTF-8 whose code points
 * are each one byte of the real UTF-8 text.  Writes the real text to out
 * (room for n bytes is enough) and returns its length; returns
 * (size_t)-1, out unspecified, when s is not such a string (a code point
 * above U+00FF, or bytes that are not valid UTF-8), which is then right
 * as it is.  Pure ASCII comes back unchanged.
 */
size_t jsondoc_unmojibake_string(const char *s, size_t n, char *out);

/**
 * Undoes the mojibake of every string in value (borrowed; changed in
 * place), object keys excepted.  Returns the number of strings changed.
 */
size_t jsondoc_unmojibake(json_t *value);

#endif
