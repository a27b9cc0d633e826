/*
 * csv.c - any delimited export with a header line (RFC 4180 CSV, TSV), and
 * the record loop that the fixed-layout CDR readers share.
 */
#include "formats/formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvin.h"
#include "util.h"

static unsigned char
delimiter_of(const struct ingest_input *in)
{
	if (in->opts->delimiter != '\0')
		return (unsigned char)in->opts->delimiter;
	return ingest_name_ends(in->name, ".tsv") || ingest_name_ends(in->name, ".tab") ?
	    '\t' : ',';
}

/* Column names: the header's, --columns, or column_1, column_2... */
struct columns {
	char **names;
	size_t count;
};

static void
columns_set(struct columns *cols, const char **fields, size_t n)
{
	char name[32];
	size_t i;

	cols->names = xreallocarray(NULL, n ? n : 1, sizeof(*cols->names));
	cols->count = n;
	for (i = 0; i < n; i++) {
		if (fields != NULL && fields[i][0] != '\0') {
			cols->names[i] = xstrdup(fields[i]);
		} else {
			snprintf(name, sizeof(name), "column_%zu", i + 1);
			cols->names[i] = xstrdup(name);
		}
	}
}

static void
columns_from_list(struct columns *cols, const char *list)
{
	const char **parts = NULL;
	char *copy = xstrdup(list), *p, *comma;
	size_t n = 0;

	for (p = copy;; p = comma + 1) {
		parts = xreallocarray(parts, n + 1, sizeof(*parts));
		parts[n++] = p;
		if ((comma = strchr(p, ',')) == NULL)
			break;
		*comma = '\0';
	}
	columns_set(cols, parts, n);
	free(parts);
	free(copy);
}

static void
columns_free(struct columns *cols)
{
	size_t i;

	for (i = 0; i < cols->count; i++)
		free(cols->names[i]);
	free(cols->names);
	cols->names = NULL;
	cols->count = 0;
}

static int
is_listed(const char *name, const char *const *list)
{
	for (; list != NULL && *list != NULL; list++)
		if (strcmp(name, *list) == 0)
			return 1;
	return 0;
}

/* Whether s is a plain decimal integer that fits a long long. */
static int
as_integer(const char *s, size_t n, long long *v)
{
	const char *why;

	if (n == 0 || n > 18 || (n > 1 && s[0] == '0'))
		return 0;
	return util_parse_int(s, 0, 999999999999999999LL, v, &why) == 0;
}

/* The record's raw text without its final line end. */
static size_t
raw_length(const struct csvin *c)
{
	size_t n = c->raw.len;

	while (n > 0 && (c->raw.data[n - 1] == '\n' || c->raw.data[n - 1] == '\r'))
		n--;
	return n;
}

/* Which columns of a layout are typed numbers; cached per layout. */
struct numeric_columns {
	const char *const *names;	/* the layout the flags are for */
	unsigned char *flags;
	size_t count;
};

static const unsigned char *
numeric_flags(struct numeric_columns *nc, const char *const *names,
    size_t count, const char *const *numeric)
{
	size_t i;

	if (nc->names != names || nc->count < count) {
		nc->flags = xrealloc(nc->flags, count ? count : 1);
		for (i = 0; i < count; i++)
			nc->flags[i] = (unsigned char)is_listed(names[i],
			    numeric);
		nc->names = names;
		nc->count = count;
	}
	return nc->flags;
}

static enum ingest_status
emit_fields(struct ingest_input *in, struct csvin *c, const char *const *names,
    const unsigned char *numeric)
{
	long long v;
	size_t i;

	record_begin(&in->rec);
	for (i = 0; i < c->count; i++) {
		if (numeric[i] && as_integer(c->fields[i], c->lens[i], &v))
			record_int(&in->rec, names[i], v);
		else
			record_string(&in->rec, names[i], c->fields[i],
			    c->lens[i]);
	}
	return ingest_emit(in, c->record_line, 0, c->raw.data, raw_length(c));
}

static enum ingest_status
reject_record(struct ingest_input *in, struct csvin *c, const char *reason)
{
	return ingest_reject(in, c->record_line, 0, reason, c->raw.data,
	    raw_length(c));
}

enum ingest_status
csv_read_records(struct ingest_input *in, csv_layout_fn layout,
    const char *const *numeric)
{
	struct columns cols = { NULL, 0 };
	struct numeric_columns nc = { NULL, NULL, 0 };
	struct csvin c;
	enum csvin_status st;
	enum ingest_status status = INGEST_OK;
	const char *const *names;
	const char *why;
	char reason[96];
	int have_header = layout != NULL;

	if (csvin_init(&c, in->fd, delimiter_of(in),
	    (unsigned char)(in->opts->quote ? in->opts->quote : '"')) != 0)
		return ingest_fail_msg(in, "cannot start the CSV parser");
	if (layout == NULL && in->opts->columns != NULL) {
		columns_from_list(&cols, in->opts->columns);
		have_header = 1;
	}
	while (status == INGEST_OK && (st = csvin_next(&c)) != CSVIN_EOF) {
		in->bytes_read = c.bytes;
		if (st == CSVIN_ERROR) {
			status = ingest_fail(in, c.errnum);
			break;
		}
		if (st == CSVIN_BAD) {
			/* Without its header a file cannot be read: a data row
			   must never become the field names. */
			if (!have_header) {
				snprintf(reason, sizeof(reason), "line %llu: the "
				    "header cannot be read (%s)",
				    (unsigned long long)c.record_line, c.reason);
				status = ingest_fail_msg(in, reason);
				break;
			}
			status = reject_record(in, &c, c.reason);
			continue;
		}
		if (!have_header) {
			have_header = 1;
			columns_set(&cols, in->opts->no_header ? NULL :
			    c.fields, c.count);
			if (!in->opts->no_header)
				continue;
		}
		if (layout != NULL) {
			if ((names = layout(c.count, &why)) == NULL) {
				status = reject_record(in, &c, why);
				continue;
			}
		} else {
			if (c.count != cols.count) {
				snprintf(reason, sizeof(reason),
				    "expected %zu fields, found %zu",
				    cols.count, c.count);
				status = reject_record(in, &c, reason);
				continue;
			}
			names = (const char *const *)cols.names;
		}
		status = emit_fields(in, &c, names,
		    numeric_flags(&nc, names, c.count, numeric));
	}
	free(nc.flags);
	columns_free(&cols);
	csvin_free(&c);
	return status;
}

size_t
csv_sniff_fields(const char *head, size_t n, char delimiter,
    const char **field5, size_t *len5, const char **field10, size_t *len10)
{
	size_t i, count = 1, start = 0;
	int quoted = 0;

	*field5 = *field10 = NULL;
	*len5 = *len10 = 0;
	if (n >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		start = i = 3;
	for (i = start; i < n; i++) {
		if (head[i] == '"')
			quoted = !quoted;
		if (quoted)
			continue;
		if (head[i] == '\n' || head[i] == '\r' || head[i] == delimiter) {
			const char *f = head + start;
			size_t len = i - start;

			if (len >= 2 && f[0] == '"' && f[len - 1] == '"') {
				f++;
				len -= 2;
			}
			if (count == 5) {
				*field5 = f;
				*len5 = len;
			} else if (count == 10) {
				*field10 = f;
				*len10 = len;
			}
			if (head[i] != delimiter)
				return count;
			count++;
			start = i + 1;
		}
	}
	return 0;	/* no complete first line in the head */
}

int
csv_looks_like_local_time(const char *s, size_t n)
{
	static const char shape[] = "dddd-dd-dd dd:dd:dd";
	size_t i;

	if (n != sizeof(shape) - 1)
		return 0;
	for (i = 0; i < n; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') :
		    s[i] != shape[i])
			return 0;
	return 1;
}

static int
sniff_csv(const char *name, const char *head, size_t n,
    const struct ingest_options *opts)
{
	(void)head;
	(void)n;
	(void)opts;
	if (ingest_name_ends(name, ".csv") || ingest_name_ends(name, ".tsv") ||
	    ingest_name_ends(name, ".tab"))
		return 50;
	return 0;
}

static enum ingest_status
read_csv(struct ingest_input *in)
{
	return csv_read_records(in, NULL, NULL);
}

const struct ingest_format format_csv = {
	"csv",
	"delimited text with a header line (CSV, TSV; --columns without one)",
	sniff_csv,
	read_csv
};
