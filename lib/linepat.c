/*
 * linepat.c - PCRE2 (pcre2api(3)) patterns with named groups, under match
 * limits.
 */
#include "linepat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scan.h"
#include "util.h"

/* Names that say "the free text of the line", in order of preference. */
static const char *const message_names[] = { "message", "msg", "text",
    "body" };

static void
compile_error(struct linepat_error *err, size_t offset, int code)
{
	PCRE2_UCHAR buf[sizeof(err->message)];

	err->offset = offset;
	if (pcre2_get_error_message(code, buf, sizeof(buf)) < 0)
		snprintf(err->message, sizeof(err->message), "pcre2 error %d",
		    code);
	else
		snprintf(err->message, sizeof(err->message), "%s",
		    (const char *)buf);
}

/* The group number and the name of row i of a name table. */
static uint32_t
row_number(PCRE2_SPTR table, uint32_t size, uint32_t i)
{
	PCRE2_SPTR e = table + (size_t)i * size;

	return (uint32_t)e[0] << 8 | e[1];
}

static const char *
row_name(PCRE2_SPTR table, uint32_t size, uint32_t i)
{
	return (const char *)(table + (size_t)i * size + 2);
}

/*
 * Reads the name table, which is sorted by name, into names in the order
 * their groups open, and each name's group numbers (several with (?J)).
 */
static void
read_names(struct linepat *p)
{
	PCRE2_SPTR table;
	uint32_t count, size, i, j, *order;
	size_t k, n = 0;

	pcre2_pattern_info(p->code, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(p->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(p->code, PCRE2_INFO_NAMETABLE, &table);
	/* Rows by group number: an insertion sort, tables are small. */
	order = xreallocarray(NULL, count + 1, sizeof(*order));
	for (i = 0; i < count; i++) {
		for (j = i; j > 0 && row_number(table, size, order[j - 1]) >
		    row_number(table, size, i); j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	p->names = xreallocarray(NULL, count + 1, sizeof(*p->names));
	p->groups = xreallocarray(NULL, count + 1, sizeof(*p->groups));
	p->first = xreallocarray(NULL, count + 1, sizeof(*p->first));
	for (i = 0; i < count; i++) {
		for (k = 0; k < p->nnames; k++)
			if (strcmp(p->names[k], row_name(table, size,
			    order[i])) == 0)
				break;
		if (k == p->nnames)
			p->names[p->nnames++] = xstrdup(row_name(table, size,
			    order[i]));
	}
	for (k = 0; k < p->nnames; k++) {
		p->first[k] = n;
		for (i = 0; i < count; i++)
			if (strcmp(row_name(table, size, order[i]),
			    p->names[k]) == 0)
				p->groups[n++] = row_number(table, size,
				    order[i]);
	}
	p->first[p->nnames] = n;
	free(order);
}

static size_t
choose_message(const struct linepat *p)
{
	size_t i, k;

	for (k = 0; k < sizeof(message_names) / sizeof(*message_names); k++)
		for (i = 0; i < p->nnames; i++)
			if (strcmp(p->names[i], message_names[k]) == 0)
				return i;
	return p->nnames > 0 ? p->nnames - 1 : 0;
}

int
linepat_compile(struct linepat *p, const char *pattern, size_t len,
    int flags, struct linepat_error *err)
{
	PCRE2_SIZE offset;
	int code;

	memset(p, 0, sizeof(*p));
	p->code = pcre2_compile((PCRE2_SPTR)pattern, len, PCRE2_UTF |
	    PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C, &code, &offset, NULL);
	if (p->code == NULL) {
		compile_error(err, offset, code);
		return -1;
	}
	read_names(p);
	if ((flags & LINEPAT_NAMES) && p->nnames == 0) {
		linepat_free(p);
		err->offset = LINEPAT_NO_OFFSET;
		snprintf(err->message, sizeof(err->message), "no named group; "
		    "name each field to keep, as in (?<time>\\S+)");
		return -1;
	}
	p->message = choose_message(p);
	p->jit = pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE) == 0;
	p->match = pcre2_match_data_create_from_pattern(p->code, NULL);
	p->context = pcre2_match_context_create(NULL);
	if (p->match == NULL || p->context == NULL) {
		linepat_free(p);
		compile_error(err, 0, PCRE2_ERROR_NOMEMORY);
		return -1;
	}
	pcre2_set_match_limit(p->context, LINEPAT_MATCH_LIMIT);
	pcre2_set_depth_limit(p->context, LINEPAT_DEPTH_LIMIT);
	pcre2_set_heap_limit(p->context, LINEPAT_HEAP_LIMIT_KIB);
	/* Without a stack of its own the JIT has 32 KiB, which a group
	   repeated along a long line outgrows. */
	if (p->jit && (p->jit_stack = pcre2_jit_stack_create(32 * 1024,
	    LINEPAT_JIT_STACK_MAX, NULL)) != NULL)
		pcre2_jit_stack_assign(p->context, NULL, p->jit_stack);
	return 0;
}

/* Characters (UTF-8 lead bytes) in text[0..n), plus one: a column. */
static size_t
column_of(const char *text, size_t n)
{
	size_t i, col = 1;

	for (i = 0; i < n; i++)
		if (((unsigned char)text[i] & 0xc0) != 0x80)
			col++;
	return col;
}

/* Reads a pattern file whole, without its final line end. */
static int
read_file(const char *path, char **text, size_t *len, int *errnum)
{
	char *buf = xmalloc(LINEPAT_FILE_MAX + 1);
	size_t n = 0;
	ssize_t k;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		*errnum = errno;
		free(buf);
		return -1;
	}
	while (n <= LINEPAT_FILE_MAX &&
	    (k = read(fd, buf + n, LINEPAT_FILE_MAX + 1 - n)) != 0) {
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			*errnum = errno;
			close(fd);
			free(buf);
			return -1;
		}
		n += (size_t)k;
	}
	close(fd);
	if (n > LINEPAT_FILE_MAX) {
		*errnum = EFBIG;
		free(buf);
		return -1;
	}
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	*text = buf;
	*len = n;
	return 0;
}

/* Writes where a compile error is and what it says. */
static void
where_error(const struct linepat_error *e, const char *option,
    const char *file, const char *text, size_t len, char *err,
    size_t errlen)
{
	const char *line_start = text;
	size_t i, line = 1, offset = e->offset < len ? e->offset : len;

	if (e->offset == LINEPAT_NO_OFFSET) {
		snprintf(err, errlen, "%s: %s", file != NULL ? file : option,
		    e->message);
		return;
	}
	if (file == NULL) {
		snprintf(err, errlen, "%s:%zu: %s", option,
		    column_of(text, offset), e->message);
		return;
	}
	for (i = 0; i < offset; i++)
		if (text[i] == '\n') {
			line++;
			line_start = text + i + 1;
		}
	snprintf(err, errlen, "%s:%zu:%zu: %s", file, line,
	    column_of(line_start, (size_t)(text + offset - line_start)),
	    e->message);
}

int
linepat_load(struct linepat *p, const char *option, const char *text,
    const char *file, int flags, char *err, size_t errlen)
{
	struct linepat_error e;
	char *buf = NULL;
	size_t len;
	int errnum, r;

	if (file != NULL) {
		if (read_file(file, &buf, &len, &errnum) != 0) {
			snprintf(err, errlen, "%s: %s", file, errnum == EFBIG ?
			    "a pattern file holds at most 64 KiB" :
			    strerror(errnum));
			return -1;
		}
		text = buf;
	} else {
		len = strlen(text);
	}
	if ((r = linepat_compile(p, text, len, flags, &e)) != 0)
		where_error(&e, option, file, text, len, err, errlen);
	free(buf);
	return r;
}

enum linepat_result
linepat_match(struct linepat *p, const char *line, size_t len, size_t *at,
    const char **why)
{
	size_t valid = scan_utf8_valid_prefix(line, len);
	int rc;

	if (valid < len) {
		*at = valid;
		return LINEPAT_BAD_UTF8;
	}
	/* Checked above: pcre2 need not check the line again. */
	rc = pcre2_match(p->code, (PCRE2_SPTR)line, len, 0,
	    PCRE2_NO_UTF_CHECK, p->match, p->context);
	if (rc >= 0)
		return LINEPAT_MATCH;
	switch (rc) {
	case PCRE2_ERROR_NOMATCH:
		return LINEPAT_NO_MATCH;
	case PCRE2_ERROR_MATCHLIMIT:
		*why = "pattern too slow (match limit)";
		return LINEPAT_LIMIT;
	case PCRE2_ERROR_DEPTHLIMIT:
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_JIT_STACKLIMIT:
		*why = "pattern too deep for this line (depth limit)";
		return LINEPAT_LIMIT;
	default:
		*why = "pattern cannot be matched (pcre2 error)";
		return LINEPAT_FAILED;
	}
}

int
linepat_field(const struct linepat *p, size_t i, size_t *start, size_t *len)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->match);
	uint32_t pairs = pcre2_get_ovector_count(p->match), g;
	size_t k;

	for (k = p->first[i]; k < p->first[i + 1]; k++) {
		g = p->groups[k];
		if (g < pairs && ov[2 * g] != PCRE2_UNSET) {
			*start = ov[2 * g];
			*len = ov[2 * g + 1] - ov[2 * g];
			return 1;
		}
	}
	return 0;
}

void
linepat_free(struct linepat *p)
{
	size_t i;

	for (i = 0; i < p->nnames; i++)
		free(p->names[i]);
	free(p->names);
	free(p->groups);
	free(p->first);
	pcre2_match_data_free(p->match);
	pcre2_match_context_free(p->context);
	pcre2_jit_stack_free(p->jit_stack);
	pcre2_code_free(p->code);
	memset(p, 0, sizeof(*p));
}
