/*
 * unit.h - a tiny TAP (Test Anything Protocol, version 12) producer for the
 * unit tests of lib/.  Header-only: each tests/unit/test-NAME.c is compiled
 * alone into its own program, so the counters below are private to it.
 *
 *	ok(cond, fmt, ...)			 passes when cond is nonzero
 *	is_int(got, want, fmt, ...)		 compared as long long
 *	is_str(got, want, fmt, ...)		 NUL-terminated; NULL allowed
 *	is_mem(got, gotlen, want, wantlen, fmt, ...)  byte strings
 *	diag(fmt, ...)				 "# ..." comment line
 *	skip(n, fmt, ...)			 n checks that cannot run here
 *	return done_testing();			 prints "1..N"; 1 if any failed
 *
 * Each check prints "ok N - desc" or "not ok N - desc", the latter followed
 * by "#" lines with the place and the got/want values.  A description is a
 * printf format; control characters in it are shown as '?' so that one
 * check is always one line.  The macros evaluate each argument once.
 */
#ifndef CANAL_UNIT_H
#define CANAL_UNIT_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int unit_count;
static int unit_failures;

static inline void unit_print_desc(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

static inline void
unit_print_desc(const char *fmt, va_list ap)
{
	char desc[512];
	size_t i;

	vsnprintf(desc, sizeof(desc), fmt, ap);
	for (i = 0; desc[i] != '\0'; i++)
		if ((unsigned char)desc[i] < 0x20 || desc[i] == 0x7f)
			desc[i] = '?';
	fputs(desc, stdout);
}

/* Prints the result line of one check and returns pass. */
static inline int unit_vresult(int pass, const char *file, int line,
    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static inline int
unit_vresult(int pass, const char *file, int line, const char *fmt,
    va_list ap)
{
	unit_count++;
	if (!pass)
		unit_failures++;
	printf("%sok %d - ", pass ? "" : "not ", unit_count);
	unit_print_desc(fmt, ap);
	putchar('\n');
	if (!pass)
		printf("#   Failed test at %s line %d.\n", file, line);
	fflush(stdout);
	return pass;
}

static inline int unit_ok(int pass, const char *file, int line,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static inline int
unit_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pass = unit_vresult(pass, file, line, fmt, ap);
	va_end(ap);
	return pass;
}

static inline int unit_is_int(long long got, long long want,
    const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static inline int
unit_is_int(long long got, long long want, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;
	int pass = got == want;

	va_start(ap, fmt);
	unit_vresult(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass) {
		printf("#     got: %lld\n#    want: %lld\n", got, want);
		fflush(stdout);
	}
	return pass;
}

/* Shows bytes from `from` on as a C string literal, at most 200 of them. */
static inline void
unit_print_bytes(const char *label, const char *p, size_t n, size_t from)
{
	size_t i, end = n - from > 200 ? from + 200 : n;
	unsigned char ch;

	printf("# %7s: ", label);
	if (p == NULL) {
		printf("NULL\n");
		return;
	}
	if (from > 0)
		printf("...");
	putchar('"');
	for (i = from; i < end; i++) {
		ch = (unsigned char)p[i];
		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch >= 0x20 && ch < 0x7f)
			putchar(ch);
		else
			printf("\\x%02x", ch);
	}
	putchar('"');
	if (end < n)
		printf("...");
	printf(" (%zu bytes)\n", n);
}

/* Shows got and want from a little before their first difference. */
static inline void
unit_print_diff(const char *got, size_t gotlen, const char *want,
    size_t wantlen)
{
	size_t d = 0, from = 0;

	if (got != NULL && want != NULL) {
		while (d < gotlen && d < wantlen && got[d] == want[d])
			d++;
		from = d > 40 ? d - 20 : 0;
		if (from > 0)
			printf("# first difference at byte %zu\n", d);
	}
	unit_print_bytes("got", got, gotlen, from > gotlen ? gotlen : from);
	unit_print_bytes("want", want, wantlen, from > wantlen ? wantlen : from);
}

static inline int unit_is_mem(const char *got, size_t gotlen,
    const char *want, size_t wantlen, const char *file, int line,
    const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static inline int
unit_is_mem(const char *got, size_t gotlen, const char *want, size_t wantlen,
    const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int pass;

	if (got == NULL || want == NULL)
		pass = got == want;
	else
		pass = gotlen == wantlen && memcmp(got, want, gotlen) == 0;
	va_start(ap, fmt);
	unit_vresult(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass) {
		unit_print_diff(got, gotlen, want, wantlen);
		fflush(stdout);
	}
	return pass;
}

static inline int unit_is_str(const char *got, const char *want,
    const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static inline int
unit_is_str(const char *got, const char *want, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;
	int pass;

	if (got == NULL || want == NULL)
		pass = got == want;
	else
		pass = strcmp(got, want) == 0;
	va_start(ap, fmt);
	unit_vresult(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass) {
		unit_print_diff(got, got != NULL ? strlen(got) : 0, want,
		    want != NULL ? strlen(want) : 0);
		fflush(stdout);
	}
	return pass;
}

static inline void unit_diag(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static inline void
unit_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("# ", stdout);
	unit_print_desc(fmt, ap);
	putchar('\n');
	va_end(ap);
	fflush(stdout);
}

static inline void unit_skip(int n, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static inline void
unit_skip(int n, const char *fmt, ...)
{
	va_list ap;

	while (n-- > 0) {
		printf("ok %d # SKIP ", ++unit_count);
		va_start(ap, fmt);
		unit_print_desc(fmt, ap);
		va_end(ap);
		putchar('\n');
	}
	fflush(stdout);
}

/* Prints the plan; the exit status for main: 1 when any check failed. */
static inline int
done_testing(void)
{
	printf("1..%d\n", unit_count);
	if (unit_failures > 0)
		printf("# Looks like you failed %d test%s of %d.\n",
		    unit_failures, unit_failures == 1 ? "" : "s", unit_count);
	fflush(stdout);
	return unit_failures > 0;
}

#define ok(cond, ...) unit_ok((cond) != 0, __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) \
	unit_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, \
	    __VA_ARGS__)
#define is_str(got, want, ...) \
	unit_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define is_mem(got, gotlen, want, wantlen, ...) \
	unit_is_mem((const char *)(got), (gotlen), (const char *)(want), \
	    (wantlen), __FILE__, __LINE__, __VA_ARGS__)
#define diag(...) unit_diag(__VA_ARGS__)
#define skip(n, ...) unit_skip((n), __VA_ARGS__)

#endif
