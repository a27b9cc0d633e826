/*
 * csvin.h - reading CSV and other delimited text (RFC 4180) record by record
 * with libcsv, keeping what an audit needs: the line each record starts on
 * and its raw bytes (for the rejects file).  Quoted fields may hold
 * delimiters, doubled quotes and newlines; CRLF and LF both end records; a
 * UTF-8 byte order mark at the start is skipped; blank lines are no
 * records; white space around fields is kept (libcsv would trim it).
 */
#ifndef CANAL_CSVIN_H
#define CANAL_CSVIN_H

#include <stddef.h>
#include <stdint.h>

#include <csv.h>

#include "jsonl.h"

#define CSVIN_MAX_RECORD ((size_t)1 << 30)	/* longer: rejected (1 GiB) */

enum csvin_status {
	CSVIN_RECORD = 1,	/* fields are ready */
	CSVIN_EOF = 0,
	CSVIN_BAD = -1,		/* a malformed record: reason and raw set */
	CSVIN_ERROR = -2	/* read(2) failed: errnum set */
};

struct csvin {
	struct csv_parser parser;
	unsigned char delimiter, quote;
	int fd;
	size_t max_record;	/* CSVIN_MAX_RECORD; tests may lower it */
	/* raw input lines */
	char *buf;
	size_t cap, start, end;
	int eof, at_start;
	uint64_t line_no;	/* lines fed to the parser so far */
	uint64_t bytes;		/* bytes consumed */
	/* the record being built and the records completed */
	struct jsonl_buf data;	/* field bytes, each followed by a NUL */
	size_t *field_off;	/* offset in data of each field */
	size_t *field_len;	/* and its length */
	size_t nfields, fields_cap;
	size_t *record_end;	/* completed records: index past their last field */
	size_t nrecords, records_cap, next_record;
	int pending;		/* a record has begun and not ended */
	/* what csvin_next() returns */
	uint64_t record_line;	/* line the record starts on */
	struct jsonl_buf raw;	/* the record's lines as read */
	const char **fields;	/* NUL-terminated fields of the record */
	size_t *lens;
	size_t count;
	const char *reason;	/* with CSVIN_BAD */
	int errnum;		/* with CSVIN_ERROR */
};

/** Starts reading fd (not owned).  Returns 0, or -1 if libcsv cannot start. */
int csvin_init(struct csvin *c, int fd, unsigned char delimiter,
    unsigned char quote);

/**
 * Reads the next record: fields[0..count) with their lengths, its first
 * line and raw text; all borrowed until the next call.
 */
enum csvin_status csvin_next(struct csvin *c);

void csvin_free(struct csvin *c);

#endif
