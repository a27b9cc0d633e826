/*
 * confline.c - bounded lines of configuration and state files
 * (confline.h).  Bytes are taken with getc_unlocked so that a line is
 * refused as soon as it passes its bound, before more memory is asked for.
 */
#include "confline.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"
#include "util.h"

int
confline_open(struct confline *c, const char *path, size_t max_line,
    uint64_t max_total, int flags, char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	c->path = path;
	c->max_line = max_line;
	c->max_total = max_total;
	c->flags = flags;
	if (strcmp(path, "-") == 0) {
		c->f = stdin;
		c->path = "<stdin>";
		return 0;
	}
	if ((c->f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Appends one byte; the line's storage grows only up to max_line + 1. */
static void
put(struct confline *c, int ch)
{
	if (c->len + 1 >= c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;

		if (cap > c->max_line + 2)
			cap = c->max_line + 2;
		c->line = xrealloc(c->line, cap);
		c->cap = cap;
	}
	c->line[c->len++] = (char)ch;
}

static int
fail(struct confline *c, char *err, size_t errlen, const char *why)
{
	snprintf(err, errlen, "%s:%lu: %s", c->path, c->lineno, why);
	return -1;
}

int
confline_next(struct confline *c, char *err, size_t errlen)
{
	char why[96];
	int ch;

	c->len = 0;
	if (c->f == NULL)
		return 0;
	if ((ch = getc_unlocked(c->f)) == EOF)
		goto end;
	c->lineno++;
	for (; ch != EOF; ch = getc_unlocked(c->f)) {
		if (++c->total > c->max_total) {
			snprintf(why, sizeof(why), "file larger than %" PRIu64
			    " bytes", c->max_total);
			return fail(c, err, errlen, why);
		}
		if (ch == '\n')
			break;
		if (ch == '\0')
			return fail(c, err, errlen, "NUL byte");
		if (c->len >= c->max_line) {
			snprintf(why, sizeof(why), "line longer than %zu bytes",
			    c->max_line);
			return fail(c, err, errlen, why);
		}
		put(c, ch);
	}
	if (ch == EOF && ferror(c->f))
		return fail(c, err, errlen, strerror(errno));
	if (c->len > 0 && c->line[c->len - 1] == '\r')
		c->len--;
	put(c, '\0');
	c->len--;
	if ((c->flags & CONFLINE_UTF8) &&
	    scan_utf8_valid_prefix(c->line, c->len) != c->len)
		return fail(c, err, errlen, "not valid UTF-8");
	return 1;
end:
	if (ferror(c->f)) {
		snprintf(err, errlen, "%s: %s", c->path, strerror(errno));
		return -1;
	}
	return 0;
}

void
confline_close(struct confline *c)
{
	if (c->f != NULL && c->f != stdin)
		fclose(c->f);
	c->f = NULL;
	free(c->line);
	c->line = NULL;
	c->len = c->cap = 0;
}
