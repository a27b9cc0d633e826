/*
 * formats.h - the format readers of canal-ingest, one per file in this
 * directory, listed in the table of ingest.c.
 */
#ifndef CANAL_FORMATS_H
#define CANAL_FORMATS_H

#include "ingest.h"

extern const struct ingest_format format_csv;
extern const struct ingest_format format_asterisk;
extern const struct ingest_format format_freeswitch;
extern const struct ingest_format format_mbox;
extern const struct ingest_format format_whatsapp;
extern const struct ingest_format format_telegram;
extern const struct ingest_format format_messenger;
extern const struct ingest_format format_json;
extern const struct ingest_format format_jsonl;
extern const struct ingest_format format_regex;

/*
 * The column names of a delimited record, chosen by a format from the
 * record's fields: NULL-terminated, or NULL with *why set to reject it.
 * Used by the readers built on csv.c (asterisk, freeswitch).
 */
typedef const char *const *(*csv_layout_fn)(size_t nfields,
    const char **why);

/*
 * Reads delimited text whose records are named by layout (no header), or,
 * with layout NULL, by the first record or --columns.  Fields named in
 * numeric[] (NULL-terminated, may be NULL) become JSON integers when they
 * are one.
 */
enum ingest_status csv_read_records(struct ingest_input *in,
    csv_layout_fn layout, const char *const *numeric);

/* Counts the fields of the first line of head (quotes respected), for
   sniffing; *field10 and *field5 point at fields 10 and 5 (1-based) or
   NULL. */
size_t csv_sniff_fields(const char *head, size_t n, char delimiter,
    const char **field5, size_t *len5, const char **field10, size_t *len10);

/* Whether s[0..n) is "YYYY-MM-DD HH:MM:SS". */
int csv_looks_like_local_time(const char *s, size_t n);

#endif
