/*
 * confline.h - lines of a configuration or state file (rules, --map,
 * --holidays, --identity-map, --state), read within bounds: a line longer
 * than max_line bytes, a file larger than max_total bytes, a NUL byte or
 * (when asked) invalid UTF-8 is an error naming the file and line, never
 * an allocation that grows with a hostile file such as /dev/zero.
 */
#ifndef CANAL_CONFLINE_H
#define CANAL_CONFLINE_H

#include <stdint.h>
#include <stdio.h>

/* Defaults for configuration files (rules, maps, holidays). */
#define CONFLINE_MAX_LINE	(1u << 20)		/* 1 MiB */
#define CONFLINE_MAX_TOTAL	(UINT64_C(64) << 20)	/* 64 MiB */

/* Flags. */
#define CONFLINE_UTF8	1	/* a line that is not valid UTF-8 is an error */

struct confline {
	FILE *f;
	const char *path;	/* borrowed, for messages */
	char *line;		/* the current line, NUL-terminated */
	size_t len, cap;
	size_t max_line;
	uint64_t max_total, total;
	unsigned long lineno;
	int flags;
};

/**
 * Opens path ("-" is standard input) for reading.  Returns 0, or -1 with
 * "PATH: reason" in err (errlen bytes).
 */
int confline_open(struct confline *c, const char *path, size_t max_line,
    uint64_t max_total, int flags, char *err, size_t errlen);

/**
 * Reads the next line into c->line / c->len, without its "\n" or "\r\n"
 * (c->lineno counts from 1).  Returns 1 for a line, 0 at the end, or -1
 * with "PATH:LINE: reason" in err (a read error, a line too long, a file
 * too large, a NUL byte, invalid UTF-8).  The last line needs no newline.
 */
int confline_next(struct confline *c, char *err, size_t errlen);

/** Closes the file and frees the line; safe to call twice. */
void confline_close(struct confline *c);

#endif
