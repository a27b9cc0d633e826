/*
 * normmap.c - canal-normalize's mapping language (normmap.h,
 * canal-map(5)): a parser into a small program of rules, and its
 * evaluation on each record.
 */
#include "normmap.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "confline.h"
#include "linepat.h"
#include "util.h"

/* Bounds of a map file (canal-map(5)).  The language has no nesting:
   a line is a list of at most MAX_TERMS alternatives, parsed in a loop. */
#define MAP_FILE_MAX (UINT64_C(1) << 20)
#define MAP_LINE_MAX ((size_t)64 << 10)
#define MAX_TERMS 16
#define MAX_ROWS 256

enum term_kind {
	TERM_CONST,	/* "text" */
	TERM_FIELD,	/* path */
	TERM_TABLE,	/* path: k=v, ... */
	TERM_MATCH,	/* path ~ /re/ */
	TERM_TIME,	/* time(path[, style|"format"][, "zone"]) */
	TERM_EMAIL,	/* email(path) */
	TERM_PHONE,	/* phone(path) */
	TERM_HANDLE,	/* handle("platform" | path, path) */
	TERM_NUMBER,	/* number(path), seconds(path) */
	TERM_MS		/* ms(path): milliseconds to seconds */
};

struct row {
	char *key, *value;	/* key "*" is the default */
};

struct term {
	enum term_kind kind;
	char *text;		/* CONST: the text; others: the path */
	char *platform;		/* HANDLE: constant platform, or NULL */
	char *platform_path;	/* HANDLE: platform from a field */
	struct row *rows;	/* TABLE */
	size_t nrows;
	struct linepat pat;	/* MATCH */
	int has_group;		/* MATCH: a capture group to give */
	struct norm_time how;	/* TIME */
	char *format;
	struct tz *zone;
	char *if_path;		/* "if PATH = VALUE": the term applies only
				   when the record's PATH is (or with
				   if_not, is not) VALUE, without case */
	char *if_value;
	int if_not;
};

/* What a rule sets. */
enum target_kind { TARGET_FIELD, TARGET_ID, TARGET_NUMBER, TARGET_TS };

struct rule {
	enum target_kind target;
	enum event_field field;
	enum norm_id id;
	struct term terms[MAX_TERMS];
	size_t nterms;
	size_t line;
};

struct normmap {
	struct rule *rules;
	size_t n;
};

/* --- parser ----------------------------------------------------------- */

struct parser {
	const char *name;
	const char *line;	/* the current line */
	size_t line_len, line_no;
	const char *p, *end;
	char *err;
	size_t errlen;
};

static int
fail_at(struct parser *ps, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The longest line shown whole under a message; of a longer one, the
   part around the column. */
#define SHOW_MAX 160
#define SHOW_BEFORE 70

/* "NAME:LINE:COL: reason", the line (or its part around the column) and
   a caret under the column. */
static int
fail_at(struct parser *ps, const char *at, const char *fmt, ...)
{
	char reason[256];
	size_t col = (size_t)(at - ps->line);
	const char *l = ps->line, *e = ps->line + ps->line_len, *from, *to;
	const char *p;
	va_list ap;
	int used, k;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	from = l;
	to = e;
	if (ps->line_len > SHOW_MAX) {
		if (col > SHOW_BEFORE)
			from = l + (col - SHOW_BEFORE < ps->line_len ?
			    col - SHOW_BEFORE : ps->line_len);
		to = e - from > SHOW_MAX - 20 ? from + SHOW_MAX - 20 : e;
		/* Whole characters only. */
		while (from < to && (*from & 0xc0) == 0x80)
			from++;
		while (to < e && to > from && (*to & 0xc0) == 0x80)
			to--;
	}
	used = snprintf(ps->err, ps->errlen, "%s:%zu:%zu: %s\n%s%.*s%s\n",
	    ps->name, ps->line_no, col + 1, reason, from > l ? "..." : "",
	    (int)(to - from), from, to < e ? "..." : "");
	for (k = from > l ? 3 : 0; k > 0 && used >= 0 &&
	    (size_t)used + 2 < ps->errlen; k--)
		ps->err[used++] = ' ';
	for (p = from; p < at && used >= 0 && (size_t)used + 2 < ps->errlen;
	    p++)
		ps->err[used++] = p < e && *p == '\t' ? '\t' : ' ';
	if (used >= 0 && (size_t)used + 1 < ps->errlen) {
		ps->err[used++] = '^';
		ps->err[used] = '\0';
	}
	return -1;
}

static void
skip_space(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
	    *ps->p == '\r'))
		ps->p++;
}

static int
is_path_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' ||
	    c >= 0x80;
}

/* A bare path, or `any key` in backquotes. */
static char *
read_path(struct parser *ps)
{
	const char *start;
	char *s;

	if (ps->p < ps->end && *ps->p == '`') {
		start = ++ps->p;
		while (ps->p < ps->end && *ps->p != '`')
			ps->p++;
		if (ps->p == ps->end) {
			fail_at(ps, start - 1, "%s", "unterminated `field`");
			return NULL;
		}
		s = xmalloc((size_t)(ps->p - start) + 1);
		memcpy(s, start, (size_t)(ps->p - start));
		s[ps->p - start] = '\0';
		ps->p++;
		return s;
	}
	start = ps->p;
	while (ps->p < ps->end && is_path_char((unsigned char)*ps->p))
		ps->p++;
	if (ps->p == start) {
		fail_at(ps, start, "%s", "expected a source field, a \"constant\" "
		    "or a function such as time(...)");
		return NULL;
	}
	s = xmalloc((size_t)(ps->p - start) + 1);
	memcpy(s, start, (size_t)(ps->p - start));
	s[ps->p - start] = '\0';
	return s;
}

/* A "quoted string" with \" \\ \n \t \uXXXX (BMP) escapes. */
static char *
read_string(struct parser *ps)
{
	const char *start = ps->p++;
	char *s = xmalloc((size_t)(ps->end - ps->p) * 3 + 1), *d = s;
	unsigned long u;
	char hex[5];

	for (;;) {
		if (ps->p >= ps->end) {
			free(s);
			fail_at(ps, start, "%s", "unterminated string");
			return NULL;
		}
		if (*ps->p == '"') {
			ps->p++;
			break;
		}
		if (*ps->p != '\\' || ps->p + 1 >= ps->end) {
			*d++ = *ps->p++;
			continue;
		}
		ps->p++;
		switch (*ps->p) {
		case 'n':
			*d++ = '\n';
			break;
		case 't':
			*d++ = '\t';
			break;
		case 'u':
			if (ps->end - ps->p < 5) {
				free(s);
				fail_at(ps, ps->p - 1, "%s", "\\u needs four "
				    "hex digits");
				return NULL;
			}
			memcpy(hex, ps->p + 1, 4);
			hex[4] = '\0';
			u = strtoul(hex, NULL, 16);
			if (u < 0x80)
				*d++ = (char)u;
			else if (u < 0x800) {
				*d++ = (char)(0xc0 | (u >> 6));
				*d++ = (char)(0x80 | (u & 0x3f));
			} else {
				*d++ = (char)(0xe0 | (u >> 12));
				*d++ = (char)(0x80 | ((u >> 6) & 0x3f));
				*d++ = (char)(0x80 | (u & 0x3f));
			}
			ps->p += 4;
			break;
		default:
			*d++ = *ps->p;
			break;
		}
		ps->p++;
	}
	*d = '\0';
	return s;
}

/* A value-table key or value: a bare word or a "string". */
static char *
read_word(struct parser *ps)
{
	const char *start = ps->p;
	char *s;

	if (ps->p < ps->end && *ps->p == '"')
		return read_string(ps);
	while (ps->p < ps->end && *ps->p != ',' && *ps->p != '=' &&
	    *ps->p != ' ' && *ps->p != '\t' && *ps->p != '|' && *ps->p != '#' &&
	    *ps->p != '\r')
		ps->p++;
	if (ps->p == start) {
		fail_at(ps, start, "%s", "expected a word or a \"string\"");
		return NULL;
	}
	s = xmalloc((size_t)(ps->p - start) + 1);
	memcpy(s, start, (size_t)(ps->p - start));
	s[ps->p - start] = '\0';
	return s;
}

static int
parse_table(struct parser *ps, struct term *t)
{
	const char *at;

	t->kind = TERM_TABLE;
	for (;;) {
		skip_space(ps);
		if (t->nrows == MAX_ROWS)
			return fail_at(ps, ps->p, "%s", "too many table rows");
		t->rows = xreallocarray(t->rows, t->nrows + 1,
		    sizeof(*t->rows));
		memset(&t->rows[t->nrows], 0, sizeof(t->rows[0]));
		at = ps->p;
		if ((t->rows[t->nrows].key = read_word(ps)) == NULL)
			return -1;
		t->nrows++;
		skip_space(ps);
		if (ps->p >= ps->end || *ps->p != '=')
			return fail_at(ps, ps->p, "%s", "expected '=' in a "
			    "table row (key=value)");
		ps->p++;
		skip_space(ps);
		if ((t->rows[t->nrows - 1].value = read_word(ps)) == NULL)
			return -1;
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		(void)at;
		return 0;
	}
}

static int
parse_match(struct parser *ps, struct term *t)
{
	struct linepat_error e;
	const char *start = ps->p, *f;
	char *pat, *d;
	size_t plen, flags = 0;
	char opts[8];

	t->kind = TERM_MATCH;
	if (ps->p >= ps->end || *ps->p != '/')
		return fail_at(ps, ps->p, "%s", "expected a pattern, /.../");
	pat = xmalloc((size_t)(ps->end - ps->p) + 8);
	d = pat + 0;
	for (ps->p++;; ps->p++) {
		if (ps->p >= ps->end) {
			free(pat);
			return fail_at(ps, start, "%s", "unterminated pattern: "
			    "expected a closing '/'");
		}
		if (*ps->p == '/')
			break;
		if (*ps->p == '\\' && ps->p + 1 < ps->end && ps->p[1] == '/') {
			ps->p++;
			*d++ = '/';
			continue;
		}
		*d++ = *ps->p;
	}
	*d = '\0';
	plen = (size_t)(d - pat);
	f = ++ps->p;
	while (ps->p < ps->end && ((*ps->p >= 'a' && *ps->p <= 'z') ||
	    (*ps->p >= 'A' && *ps->p <= 'Z'))) {
		if (strchr("imsx", *ps->p) == NULL || flags >= 4) {
			free(pat);
			return fail_at(ps, ps->p, "%s", "unknown pattern flag "
			    "(i, m, s and x are known)");
		}
		opts[flags++] = *ps->p++;
	}
	opts[flags] = '\0';
	if (flags > 0) {
		memmove(pat + flags + 3, pat, plen + 1);
		memcpy(pat, "(?", 2);
		memcpy(pat + 2, opts, flags);
		pat[flags + 2] = ')';
		plen += flags + 3;
	}
	if (linepat_compile(&t->pat, pat, plen, 0, &e) != 0) {
		size_t off = e.offset == LINEPAT_NO_OFFSET ? 0 : e.offset;

		free(pat);
		off = off >= (flags ? flags + 3 : 0) ? off -
		    (flags ? flags + 3 : 0) : 0;
		t->kind = TERM_CONST;	/* nothing compiled to free */
		return fail_at(ps, start + 1 + off, "%s", e.message);
	}
	free(pat);
	t->has_group = pcre2_get_ovector_count(t->pat.match) > 1;
	(void)f;
	return 0;
}

/* time(path[, style | "format"][, "Zone"]) after "time(". */
static int
parse_time(struct parser *ps, struct term *t)
{
	const char *at, *why;
	char *arg, zerr[256];

	t->kind = TERM_TIME;
	t->how.style = TIMEPARSE_AUTO;
	skip_space(ps);
	if ((t->text = read_path(ps)) == NULL)
		return -1;
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == ',') {
		ps->p++;
		skip_space(ps);
		at = ps->p;
		if (ps->p < ps->end && *ps->p == '"') {
			if ((t->format = read_string(ps)) == NULL)
				return -1;
			if (timeparse_check_format(t->format, &why) != 0)
				return fail_at(ps, at, "time format: %s", why);
			t->how.format = t->format;
		} else {
			if ((arg = read_path(ps)) == NULL)
				return -1;
			if (timeparse_style_from_name(arg, &t->how.style) !=
			    0) {
				free(arg);
				return fail_at(ps, at, "%s", "unknown time style "
				    "(auto, iso, rfc5322, dmy, mdy, ymd, epoch, "
				    "epoch_ms) or a \"format\"");
			}
			free(arg);
		}
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			skip_space(ps);
			at = ps->p;
			if (ps->p >= ps->end || *ps->p != '"')
				return fail_at(ps, at, "%s", "expected a time "
				    "zone in quotes, \"Europe/Madrid\"");
			if ((arg = read_string(ps)) == NULL)
				return -1;
			t->zone = tz_load(arg, zerr, sizeof(zerr));
			free(arg);
			if (t->zone == NULL)
				return fail_at(ps, at + 1, "%s", zerr);
			t->how.zone = t->zone;
		}
	}
	return 0;
}

/* A function's name is read: its arguments up to ')'. */
static int
parse_call(struct parser *ps, struct term *t, const char *fn, const char *at,
    struct rule *ru)
{
	static const struct {
		const char *name;
		enum term_kind kind;
	} fns[] = {
		{ "time", TERM_TIME }, { "email", TERM_EMAIL },
		{ "phone", TERM_PHONE }, { "handle", TERM_HANDLE },
		{ "number", TERM_NUMBER }, { "seconds", TERM_NUMBER },
		{ "ms", TERM_MS }
	};
	size_t k;

	for (k = 0; k < sizeof(fns) / sizeof(fns[0]); k++)
		if (strcmp(fns[k].name, fn) == 0)
			break;
	if (k == sizeof(fns) / sizeof(fns[0]))
		return fail_at(ps, at, "unknown function \"%s\" (time, email, "
		    "phone, handle, number, seconds, ms)", fn);
	t->kind = fns[k].kind;
	/* Each function fits one kind of field. */
	if ((t->kind == TERM_TIME) != (ru->target == TARGET_TS) ||
	    (t->kind == TERM_EMAIL && !(ru->target == TARGET_ID &&
	    ru->id == NORM_ID_EMAIL)) ||
	    (t->kind == TERM_PHONE && !(ru->target == TARGET_ID &&
	    ru->id == NORM_ID_PHONE)) ||
	    (t->kind == TERM_HANDLE && !(ru->target == TARGET_ID &&
	    ru->id == NORM_ID_HANDLE)) ||
	    ((t->kind == TERM_NUMBER || t->kind == TERM_MS) &&
	    ru->target != TARGET_NUMBER))
		return fail_at(ps, at, "%s() does not fit this field", fn);
	if (t->kind == TERM_TIME) {
		if (parse_time(ps, t) != 0)
			return -1;
	} else if (t->kind == TERM_HANDLE) {
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == '"') {
			if ((t->platform = read_string(ps)) == NULL)
				return -1;
		} else if ((t->platform_path = read_path(ps)) == NULL)
			return -1;
		skip_space(ps);
		if (ps->p >= ps->end || *ps->p != ',')
			return fail_at(ps, ps->p, "%s", "expected ',' and the "
			    "field of the name: handle(\"x\", author)");
		ps->p++;
		skip_space(ps);
		if ((t->text = read_path(ps)) == NULL)
			return -1;
	} else {
		skip_space(ps);
		if ((t->text = read_path(ps)) == NULL)
			return -1;
	}
	skip_space(ps);
	if (ps->p >= ps->end || *ps->p != ')')
		return fail_at(ps, ps->p, "%s", "expected ')'");
	ps->p++;
	return 0;
}

static int
parse_term(struct parser *ps, struct rule *ru, struct term *t)
{
	const char *at = ps->p;
	char *word;

	memset(t, 0, sizeof(*t));
	if (ps->p < ps->end && *ps->p == '"') {
		t->kind = TERM_CONST;
		if (ru->target == TARGET_TS)
			return fail_at(ps, at, "%s", "ts takes time(...)");
		return (t->text = read_string(ps)) == NULL ? -1 : 0;
	}
	if ((word = read_path(ps)) == NULL)
		return -1;
	if (ps->p < ps->end && *ps->p == '(') {
		ps->p++;
		if (parse_call(ps, t, word, at, ru) != 0) {
			free(word);
			return -1;
		}
		free(word);
		return 0;
	}
	t->text = word;
	if (ru->target == TARGET_TS)
		return fail_at(ps, at, "%s", "ts takes time(...)");
	/* A plain field for a phone, an e-mail or a number converts. */
	t->kind = ru->target == TARGET_NUMBER ? TERM_NUMBER :
	    ru->target == TARGET_ID && ru->id == NORM_ID_EMAIL ? TERM_EMAIL :
	    ru->target == TARGET_ID && ru->id == NORM_ID_PHONE ? TERM_PHONE :
	    TERM_FIELD;
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == ':') {
		if (t->kind != TERM_FIELD)
			return fail_at(ps, ps->p, "%s", "a value table gives "
			    "text, not for this field");
		ps->p++;
		if (parse_table(ps, t) != 0)
			return -1;
	} else if (ps->p < ps->end && *ps->p == '~') {
		if (t->kind != TERM_FIELD)
			return fail_at(ps, ps->p, "%s", "a pattern gives text, "
			    "not for this field");
		ps->p++;
		skip_space(ps);
		return parse_match(ps, t);
	}
	return 0;
}

static const char *const id_names[NORM_ID_COUNT] = { "email", "phone",
    "handle", "account", "name" };

/* FIELD: a canonical field a map may set. */
static int
parse_target(struct parser *ps, struct rule *ru, const char *name,
    const char *at)
{
	size_t k;
	enum event_field f;

	if (strncmp(name, "ids.", 4) == 0) {
		for (k = 0; k < NORM_ID_COUNT; k++)
			if (strcmp(name + 4, id_names[k]) == 0) {
				ru->target = TARGET_ID;
				ru->id = (enum norm_id)k;
				return 0;
			}
		return fail_at(ps, at, "unknown canonical field \"%s\"", name);
	}
	for (f = 0; f < EVENT_FIELD_COUNT; f++)
		if (strcmp(event_field_name(f), name) == 0)
			break;
	if (f == EVENT_FIELD_COUNT || f == EVENT_IDS || f == EVENT_TAGS ||
	    f == EVENT_SRC)
		return fail_at(ps, at, "unknown canonical field \"%s\"", name);
	ru->field = f;
	ru->target = f == EVENT_TS ? TARGET_TS : f == EVENT_DURATION ||
	    f == EVENT_WAIT || f == EVENT_RATING ? TARGET_NUMBER :
	    TARGET_FIELD;
	return 0;
}

static void
free_term(struct term *t)
{
	size_t i;

	free(t->text);
	free(t->platform);
	free(t->platform_path);
	for (i = 0; i < t->nrows; i++) {
		free(t->rows[i].key);
		free(t->rows[i].value);
	}
	free(t->rows);
	if (t->kind == TERM_MATCH)
		linepat_free(&t->pat);
	free(t->format);
	tz_free(t->zone);
	free(t->if_path);
	free(t->if_value);
}

/* An optional "if PATH = VALUE" or "if PATH != VALUE" after a term. */
static int
parse_condition(struct parser *ps, struct term *t)
{
	skip_space(ps);
	if (ps->end - ps->p < 3 || strncmp(ps->p, "if", 2) != 0 ||
	    (ps->p[2] != ' ' && ps->p[2] != '\t'))
		return 0;
	ps->p += 2;
	skip_space(ps);
	if ((t->if_path = read_path(ps)) == NULL)
		return -1;
	skip_space(ps);
	if (ps->end - ps->p >= 2 && ps->p[0] == '!' && ps->p[1] == '=') {
		t->if_not = 1;
		ps->p += 2;
	} else if (ps->p < ps->end && *ps->p == '=')
		ps->p++;
	else
		return fail_at(ps, ps->p, "%s", "expected '=' or '!=' after "
		    "the field of 'if'");
	skip_space(ps);
	return (t->if_value = read_word(ps)) == NULL ? -1 : 0;
}

static int
same_target(const struct rule *a, const struct rule *b)
{
	return a->target == b->target && (a->target == TARGET_ID ?
	    a->id == b->id : a->field == b->field);
}

/* One "FIELD = EXPR" line. */
static int
parse_rule(struct parser *ps, struct normmap *m)
{
	struct rule ru;
	const char *at;
	char *name;
	size_t i;

	memset(&ru, 0, sizeof(ru));
	ru.line = ps->line_no;
	at = ps->p;
	if ((name = read_path(ps)) == NULL)
		return -1;
	if (parse_target(ps, &ru, name, at) != 0) {
		free(name);
		return -1;
	}
	for (i = 0; i < m->n; i++)
		if (same_target(&m->rules[i], &ru)) {
			fail_at(ps, at, "\"%s\" is mapped twice", name);
			free(name);
			return -1;
		}
	free(name);
	skip_space(ps);
	if (ps->p >= ps->end || *ps->p != '=')
		return fail_at(ps, ps->p, "%s", "expected '=' after the field");
	ps->p++;
	for (;;) {
		skip_space(ps);
		if (ps->p >= ps->end || *ps->p == '#') {
			fail_at(ps, ps->p, "%s", "expected a source field, a "
			    "\"constant\" or a function");
			goto fail;
		}
		if (ru.nterms == MAX_TERMS) {
			fail_at(ps, ps->p, "%s", "too many alternatives");
			goto fail;
		}
		if (parse_term(ps, &ru, &ru.terms[ru.nterms++]) != 0 ||
		    parse_condition(ps, &ru.terms[ru.nterms - 1]) != 0)
			goto fail;
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == '|') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p != '#') {
			fail_at(ps, ps->p, "%s", "unexpected text: expected '|' "
			    "or the end of the line");
			goto fail;
		}
		break;
	}
	m->rules = xreallocarray(m->rules, m->n + 1, sizeof(*m->rules));
	m->rules[m->n++] = ru;
	return 0;
fail:
	for (i = 0; i < ru.nterms; i++)
		free_term(&ru.terms[i]);
	return -1;
}

struct normmap *
normmap_parse(const char *name, const char *text, size_t len, char *err,
    size_t errlen)
{
	struct normmap *m = xcalloc(1, sizeof(*m));
	struct parser ps;
	const char *p = text, *end = text + len, *nl, *nul;
	size_t k;

	memset(&ps, 0, sizeof(ps));
	ps.name = name;
	ps.err = err;
	ps.errlen = errlen;
	/* A map is UTF-8 without NUL bytes: its constants are written into
	   JSON, and a NUL would cut one short. */
	k = scan_utf8_valid_prefix(text, len);
	if ((nul = memchr(text, '\0', k)) != NULL)
		k = (size_t)(nul - text);
	if (k < len) {
		for (nl = text; nl < text + k; nl++)
			if (*nl == '\n') {
				ps.line_no++;
				p = nl + 1;
			}
		ps.line_no++;
		ps.line = p;
		nl = memchr(p, '\n', (size_t)(end - p));
		ps.line_len = (size_t)((nl != NULL ? nl : end) - p);
		fail_at(&ps, text + k, "%s", nul != NULL ? "NUL byte" :
		    "invalid UTF-8");
		normmap_free(m);
		return NULL;
	}
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		ps.line = p;
		ps.line_len = (size_t)((nl != NULL ? nl : end) - p);
		if (ps.line_len > 0 && p[ps.line_len - 1] == '\r')
			ps.line_len--;
		ps.line_no++;
		ps.p = p;
		ps.end = p + ps.line_len;
		skip_space(&ps);
		if (ps.p < ps.end && *ps.p != '#' && parse_rule(&ps, m) != 0) {
			normmap_free(m);
			return NULL;
		}
		p = nl != NULL ? nl + 1 : end;
	}
	return m;
}

struct normmap *
normmap_load(const char *path, char *err, size_t errlen)
{
	struct confline c;
	char *text = NULL;
	size_t len = 0, cap = 0;
	struct normmap *m = NULL;
	int status;

	/* Bounded lines and size: /dev/zero fails at once, in little
	   memory. */
	if (confline_open(&c, path, MAP_LINE_MAX, MAP_FILE_MAX, 0, err,
	    errlen) != 0)
		return NULL;
	while ((status = confline_next(&c, err, errlen)) == 1) {
		while (len + c.len + 2 > cap) {
			cap = cap ? cap * 2 : 4096;
			text = xrealloc(text, cap);
		}
		memcpy(text + len, c.line, c.len);
		len += c.len;
		text[len++] = '\n';
	}
	if (status == 0)
		m = normmap_parse(c.path, len > 0 ? text : "", len, err,
		    errlen);
	confline_close(&c);
	free(text);
	return m;
}

void
normmap_free(struct normmap *m)
{
	size_t i, k;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++)
		for (k = 0; k < m->rules[i].nterms; k++)
			free_term(&m->rules[i].terms[k]);
	free(m->rules);
	free(m);
}

/* --- evaluation ------------------------------------------------------- */

/* The text a term gives, in *s and *len; 0 when it gives nothing, -1 when
   the record is to be rejected (norm_fail() done). */
static int
term_text(struct norm *n, const struct rule *ru, struct term *t,
    const char **s, size_t *len)
{
	enum linepat_result r;
	const char *v, *why;
	size_t vlen, i, at, start, glen;

	if (t->kind == TERM_CONST) {
		*s = t->text;
		*len = strlen(t->text);
		return *len > 0;
	}
	if ((v = srcrec_str(n->rec, t->text, &vlen, 1)) == NULL)
		return 0;
	switch (t->kind) {
	case TERM_TABLE:
		for (i = 0; i < t->nrows; i++)
			if (strlen(t->rows[i].key) == vlen &&
			    memcmp(t->rows[i].key, v, vlen) == 0)
				break;
		for (size_t k = 0; i == t->nrows && k < t->nrows; k++)
			if (strlen(t->rows[k].key) == vlen &&
			    strncasecmp(t->rows[k].key, v, vlen) == 0)
				i = k;
		for (size_t k = 0; i == t->nrows && k < t->nrows; k++)
			if (strcmp(t->rows[k].key, "*") == 0)
				i = k;
		if (i == t->nrows)
			return 0;
		*s = t->rows[i].value;
		*len = strlen(*s);
		return *len > 0;
	case TERM_MATCH:
		r = linepat_match(&t->pat, v, vlen, &at, &why);
		if (r == LINEPAT_LIMIT || r == LINEPAT_FAILED)
			return norm_fail(n, "field \"%s\": pattern: %s", t->text,
			    why);
		if (r != LINEPAT_MATCH)
			return 0;
		{
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(t->pat.match);
			int g = t->has_group && ov[2] != PCRE2_UNSET ? 1 : 0;

			start = ov[2 * g];
			glen = ov[2 * g + 1] - start;
		}
		*s = v + start;
		*len = glen;
		return glen > 0;
	default:
		*s = v;
		*len = vlen;
		(void)ru;
		return 1;
	}
}

static int
to_number(struct norm *n, const char *path, const char *s, size_t len,
    double *out)
{
	char buf[64], *end;

	if (len == 0 || len >= sizeof(buf))
		return norm_fail(n, "field \"%s\": not a number", path);
	memcpy(buf, s, len);
	buf[len] = '\0';
	*out = strtod(buf, &end);
	if (*end != '\0')
		return norm_fail(n, "field \"%s\": not a number", path);
	return 0;
}

/* Applies one term; 1 when it set the field, 0 when it gave nothing. */
static int
apply_term(struct norm *n, struct norm_event *ev, const struct rule *ru,
    struct term *t)
{
	const char *s = NULL, *p;
	size_t len = 0, plen;
	double v;
	int got;

	if (t->if_path != NULL) {
		p = srcrec_str(n->rec, t->if_path, &plen, 1);
		got = p != NULL && strlen(t->if_value) == plen &&
		    strncasecmp(p, t->if_value, plen) == 0;
		if (got == t->if_not)
			return 0;
	}
	if (t->kind == TERM_TIME) {
		if (srcrec_str(n->rec, t->text, &len, 1) == NULL)
			return 0;
		return norm_set_ts(n, ev, t->text, &t->how, NORM_NO_HINT) == 0 ?
		    1 : -1;
	}
	if ((got = term_text(n, ru, t, &s, &len)) <= 0)
		return got;
	switch (t->kind) {
	case TERM_EMAIL:
		return norm_id_email(n, ev, s, len);
	case TERM_PHONE:
		return norm_id_phone(n, ev, s, len);
	case TERM_HANDLE:
		if (t->platform != NULL)
			p = t->platform;
		else if ((p = srcrec_str(n->rec, t->platform_path, &plen,
		    1)) == NULL)
			return 0;
		else
			p = norm_keep(n, p, plen);
		return norm_id_handle(n, ev, p, s, len);
	case TERM_NUMBER:
	case TERM_MS:
		if (to_number(n, t->text, s, len, &v) != 0)
			return -1;
		norm_set_num(ev, ru->field, t->kind == TERM_MS ? v / 1000 : v);
		return 1;
	default:
		break;
	}
	if (ru->target == TARGET_ID) {
		if (ru->id == NORM_ID_ACCOUNT)
			return norm_id_account(n, ev, s, len);
		return norm_id_name(n, ev, s, len);
	}
	if (ru->target == TARGET_NUMBER) {
		if (to_number(n, t->text, s, len, &v) != 0)
			return -1;
		norm_set_num(ev, ru->field, v);
		return 1;
	}
	norm_set(ev, ru->field, s, len);
	return 1;
}

int
normmap_apply(const struct normmap *m, struct norm *n, struct norm_event *ev)
{
	struct rule *ru;
	size_t i, k;
	int got;

	for (i = 0; i < m->n; i++) {
		ru = &m->rules[i];
		for (k = 0; k < ru->nterms; k++) {
			if ((got = apply_term(n, ev, ru, &ru->terms[k])) < 0)
				return -1;
			if (got > 0)
				break;
		}
	}
	return 0;
}
