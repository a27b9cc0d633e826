/*
 * linepat.h - a PCRE2 pattern matched against lines of text whose named
 * groups are the fields of a record, for canal-ingest's regex reader.
 *
 * Patterns are compiled in UTF-8 mode with Unicode properties (\w, \d and
 * \s know accented letters and U+00A0), \C forbidden, and JIT-compiled when
 * the library can.  Matching is pcre2_match()'s: the pattern may match
 * anywhere in the line unless it is anchored (^...$).  Every match runs
 * under limits -- steps, backtracking depth, heap and JIT stack -- so that
 * a pattern that backtracks catastrophically on some line fails that line
 * in milliseconds instead of hanging (DESIGN section 4).  Lines must be
 * valid UTF-8; a line that is not is reported, never matched.
 */
#ifndef CANAL_LINEPAT_H
#define CANAL_LINEPAT_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif

#include <stddef.h>
#include <stdint.h>

#include <pcre2.h>

/* Limits of one match (pcre2_set_match_limit() and friends): a match of
   an ordinary log pattern takes hundreds of steps, and a million take a
   few milliseconds with the JIT. */
#define LINEPAT_MATCH_LIMIT 1000000
#define LINEPAT_DEPTH_LIMIT 1000000
#define LINEPAT_HEAP_LIMIT_KIB 65536
#define LINEPAT_JIT_STACK_MAX ((size_t)4 << 20)

#define LINEPAT_FILE_MAX 65536	/* longest --pattern-file */

/* linepat_compile() flags. */
#define LINEPAT_NAMES 1		/* the pattern must have a named group */

enum linepat_result {
	LINEPAT_MATCH = 1,
	LINEPAT_NO_MATCH = 0,
	LINEPAT_BAD_UTF8 = -1,	/* the line is not valid UTF-8 */
	LINEPAT_LIMIT = -2,	/* a limit stopped the match */
	LINEPAT_FAILED = -3	/* another error of pcre2_match() */
};

struct linepat {
	pcre2_code *code;
	pcre2_match_data *match;
	pcre2_match_context *context;
	pcre2_jit_stack *jit_stack;
	int jit;		/* the pattern was JIT-compiled */
	char **names;		/* the named groups' names, each once, in the
				   order their first group opens */
	size_t nnames;
	uint32_t *groups;	/* the group numbers of each name, back to
				   back: names[i]'s are groups[first[i]]
				   up to groups[first[i + 1]] */
	size_t *first;
	size_t message;		/* the field continuation lines extend:
				   message, msg, text or body, else the last */
};

#define LINEPAT_NO_OFFSET ((size_t)-1)

struct linepat_error {
	size_t offset;		/* where in the pattern, in bytes, or
				   LINEPAT_NO_OFFSET */
	char message[160];
};

/**
 * Compiles pattern[0..len).  Returns 0, or -1 with *err filled (p then
 * holds nothing to free).  With LINEPAT_NAMES a pattern without a named
 * group is refused.
 */
int linepat_compile(struct linepat *p, const char *pattern, size_t len,
    int flags, struct linepat_error *err);

/**
 * Compiles the pattern given to a command-line option: text, or the
 * contents of file when file is not NULL (one trailing line end dropped;
 * at most LINEPAT_FILE_MAX bytes).  Returns 0, or -1 with err[0..errlen)
 * holding "OPTION:COL: message" (columns in characters, from 1),
 * "FILE:LINE:COL: message" or "FILE: strerror".
 */
int linepat_load(struct linepat *p, const char *option, const char *text,
    const char *file, int flags, char *err, size_t errlen);

/**
 * Matches line[0..len).  Returns LINEPAT_MATCH (the fields can be read with
 * linepat_field() until the next call), LINEPAT_NO_MATCH,
 * LINEPAT_BAD_UTF8 with *at the offset of the first invalid byte, or
 * LINEPAT_LIMIT / LINEPAT_FAILED with *why a static reason.
 */
enum linepat_result linepat_match(struct linepat *p, const char *line,
    size_t len, size_t *at, const char **why);

/**
 * After a match: sets field i's span in the line (the first group of that
 * name that took part) and returns 1, or returns 0 when none did.
 */
int linepat_field(const struct linepat *p, size_t i, size_t *start,
    size_t *len);

void linepat_free(struct linepat *p);

#endif
