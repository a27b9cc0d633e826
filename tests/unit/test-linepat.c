/*
 * test-linepat.c - pcre2 line patterns: named groups in pattern order,
 * the message field, fields of a match, invalid UTF-8, the match limit on
 * a catastrophic pattern, and where compile errors are reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linepat.h"
#include "unit.h"

static char *
field(const struct linepat *p, const char *line, size_t i)
{
	static char buf[256];
	size_t start, len;

	if (!linepat_field(p, i, &start, &len))
		return NULL;
	snprintf(buf, sizeof(buf), "%.*s", (int)len, line + start);
	return buf;
}

static void
test_fields(void)
{
	static const char line[] = "2024-03-04 09:15:02 WARN Jos\xc3\xa9 "
	    "N\xc3\xba\xc3\xb1""ez: \xc2\xa1hola! \xf0\x9f\x98\x80";
	struct linepat p;
	struct linepat_error err;
	const char *pat = "^(?<time>\\S+ \\S+) (?<level>[A-Z]+) "
	    "(?:(?<agent>\\w+ \\w+): )?(?<text>.*)$";
	size_t at;
	const char *why;

	is_int(linepat_compile(&p, pat, strlen(pat), LINEPAT_NAMES, &err), 0,
	    "compiles");
	is_int((long long)p.nnames, 4, "four names");
	is_str(p.names[0], "time", "names in pattern order (1)");
	is_str(p.names[2], "agent", "names in pattern order (3)");
	is_str(p.names[p.message], "text", "text is the message field");
	is_int(linepat_match(&p, line, strlen(line), &at, &why),
	    LINEPAT_MATCH, "matches");
	is_str(field(&p, line, 0), "2024-03-04 09:15:02", "time");
	is_str(field(&p, line, 2), "Jos\xc3\xa9 N\xc3\xba\xc3\xb1""ez",
	    "\\w knows accented letters (UCP)");
	is_str(field(&p, line, 3), "\xc2\xa1hola! \xf0\x9f\x98\x80", "text");
	is_int(linepat_match(&p, "2024-03-04 09:15:02 INFO ok", 27, &at,
	    &why), LINEPAT_MATCH, "matches without the optional group");
	ok(field(&p, "", 2) == NULL, "a group that took no part is unset");
	is_int(linepat_match(&p, "no match here", 13, &at, &why),
	    LINEPAT_NO_MATCH, "no match");
	is_int(linepat_match(&p, "2024-03-04 09:15:02 INFO caf\xe9", 29, &at,
	    &why), LINEPAT_BAD_UTF8, "invalid UTF-8 is not matched");
	is_int((long long)at, 28, "and its offset is given");
	linepat_free(&p);
}

static void
test_names(void)
{
	struct linepat p;
	struct linepat_error err;
	const char *dup = "(?J)(?<zz>a)(?<id>\\d+)|(?<zz>b)(?<id>x)";
	const char *last = "(?<b>\\w+)=(?<a>\\w+)";
	size_t at;
	const char *why;

	is_int(linepat_compile(&p, dup, strlen(dup), LINEPAT_NAMES, &err), 0,
	    "(?J) duplicate names compile");
	is_int((long long)p.nnames, 2, "each name once");
	is_str(p.names[0], "zz", "by first group, not by the sorted table");
	is_str(p.names[p.message], "id", "no message name: the last one");
	is_int(linepat_match(&p, "bx", 2, &at, &why), LINEPAT_MATCH,
	    "second branch matches");
	is_str(field(&p, "bx", 0), "b", "the group of that name that is set");
	is_str(field(&p, "bx", 1), "x", "likewise for id");
	linepat_free(&p);
	is_int(linepat_compile(&p, last, strlen(last), LINEPAT_NAMES, &err), 0,
	    "compiles");
	is_str(p.names[p.message], "a", "the last group opened");
	linepat_free(&p);
}

static void
test_limits(void)
{
	struct linepat p;
	struct linepat_error err;
	const char *pat = "^(?<a>a+)+$";
	size_t n = 30000, at;
	char *line = malloc(n + 1);
	const char *why = NULL;

	memset(line, 'a', n);
	line[n] = 'b';
	is_int(linepat_compile(&p, pat, strlen(pat), LINEPAT_NAMES, &err), 0,
	    "catastrophic pattern compiles");
	is_int(linepat_match(&p, line, n + 1, &at, &why), LINEPAT_LIMIT,
	    "and stops at the match limit");
	is_str(why, "pattern too slow (match limit)", "with a reason");
	is_int(linepat_match(&p, line, n, &at, &why), LINEPAT_MATCH,
	    "a line it matches still matches");
	linepat_free(&p);
	free(line);
}

static void
test_errors(void)
{
	struct linepat p;
	struct linepat_error err;
	char msg[256], path[] = "/tmp/test-linepat.XXXXXX";
	FILE *f;
	int fd;

	is_int(linepat_compile(&p, "(?<a>x", 6, 0, &err), -1, "unclosed group");
	is_int((long long)err.offset, 6, "error offset");
	is_str(err.message, "missing closing parenthesis", "pcre2's message");
	is_int(linepat_compile(&p, "(x)", 3, LINEPAT_NAMES, &err), -1,
	    "no named group refused");
	is_int(linepat_compile(&p, "(x)", 3, 0, &err), 0,
	    "unless names are not needed");
	linepat_free(&p);
	is_int(linepat_load(&p, "--pattern", "\xc3\xa9t\xc3\xa9 (?<x>[a-", NULL,
	    LINEPAT_NAMES, msg, sizeof(msg)), -1, "bad --pattern");
	is_str(msg, "--pattern:13: missing terminating ] for character class",
	    "column in characters");
	is_int(linepat_load(&p, "--pattern", "a+", NULL, LINEPAT_NAMES, msg,
	    sizeof(msg)), -1, "no names");
	is_str(msg, "--pattern: no named group; name each field to keep, as "
	    "in (?<time>\\S+)", "no column for a whole-pattern fault");
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fputs("(?x) ^ (?<time> \\S+ )   # when\n  (?<msg> .* ) )\n", f);
	fclose(f);
	is_int(linepat_load(&p, "--pattern", NULL, path, LINEPAT_NAMES, msg,
	    sizeof(msg)), -1, "bad --pattern-file");
	ok(strstr(msg, ":2:16: ") != NULL && strncmp(msg, path,
	    strlen(path)) == 0, "file:line:col (%s)", msg);
	f = fopen(path, "w");
	fputs("^(?<word>\\w+)$\r\n", f);
	fclose(f);
	is_int(linepat_load(&p, "--pattern", NULL, path, LINEPAT_NAMES, msg,
	    sizeof(msg)), 0, "a pattern file's line end is dropped");
	is_int(linepat_match(&p, "hola", 4, &(size_t){ 0 },
	    &(const char *){ NULL }), LINEPAT_MATCH, "so $ still matches");
	linepat_free(&p);
	unlink(path);
	is_int(linepat_load(&p, "--pattern", NULL, path, LINEPAT_NAMES, msg,
	    sizeof(msg)), -1, "a missing file");
	ok(strstr(msg, ": No such file or directory") != NULL, "says so");
}

int
main(void)
{
	test_fields();
	test_names();
	test_limits();
	test_errors();
	return done_testing();
}
