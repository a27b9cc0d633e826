/*
 * rules.c - canal-route's rules: lexer, parser and evaluator (rules.h).
 */
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confline.h"
#include "event.h"
#include "hours.h"
#include "linepat.h"
#include "scan.h"
#include "splice.h"
#include "util.h"

#define RULES_FILE_MAX (UINT64_C(16) << 20)	/* canal-rules(5) */

/* --- tokens ------------------------------------------------------------ */

enum tok {
	T_END, T_WORD, T_STRING, T_REGEX, T_LPAREN, T_RPAREN, T_LBRACKET,
	T_RBRACKET, T_COMMA, T_SEMI, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
	T_MATCH, T_NOMATCH
};

struct token {
	enum tok kind;
	char *text;		/* WORD, STRING (decoded), REGEX (pattern) */
	size_t len;
	char *flags;		/* REGEX */
	size_t line, col;	/* 1-based */
	int line_start;		/* first token of a line that starts in col 1 */
};

struct lexer {
	const char *name, *text, *p, *end;
	size_t line;
	const char *line_at;	/* start of the current line */
	struct token *toks;
	size_t ntoks, cap;
	char *err;
	size_t errlen;
};

/* The longest line shown whole under a message; of a longer one, the
   part around the column. */
#define SHOW_MAX 160
#define SHOW_BEFORE 70

/* "NAME:LINE:COL: reason", the line (or its part around the column), a
   caret. */
static int
report(const char *name, const char *text, const char *end, size_t line,
    size_t col, char *err, size_t errlen, const char *reason)
{
	const char *l = text, *e, *from, *to, *p;
	size_t n = 1, k;
	int used;

	while (n < line && l < end) {
		if (*l++ == '\n')
			n++;
	}
	for (e = l; e < end && *e != '\n'; e++)
		;
	from = l;
	to = e;
	if (e - l > SHOW_MAX) {
		if (col - 1 > SHOW_BEFORE)
			from = l + (col - 1 - SHOW_BEFORE < (size_t)(e - l) ?
			    col - 1 - SHOW_BEFORE : (size_t)(e - l));
		to = e - from > SHOW_MAX - 20 ? from + SHOW_MAX - 20 : e;
		/* Whole characters only. */
		while (from < to && (*from & 0xc0) == 0x80)
			from++;
		while (to < e && to > from && (*to & 0xc0) == 0x80)
			to--;
	}
	used = snprintf(err, errlen, "%s:%zu:%zu: %s\n%s%.*s%s\n", name, line,
	    col, reason, from > l ? "..." : "", (int)(to - from), from,
	    to < e ? "..." : "");
	for (k = from > l ? 3 : 0; k > 0 && used >= 0 &&
	    (size_t)used + 1 < errlen; k--)
		err[used++] = ' ';
	for (p = from; p < l + col - 1 && used >= 0 &&
	    (size_t)used + 1 < errlen; p++)
		err[used++] = p < e && *p == '\t' ? '\t' : ' ';
	if (used >= 0 && (size_t)used + 1 < errlen) {
		err[used++] = '^';
		err[used] = '\0';
	}
	return -1;
}

static int
lex_fail(struct lexer *lx, const char *at, const char *reason)
{
	return report(lx->name, lx->text, lx->end, lx->line,
	    (size_t)(at - lx->line_at) + 1, lx->err, lx->errlen, reason);
}

static struct token *
new_token(struct lexer *lx, enum tok kind, const char *at)
{
	struct token *t;

	if (lx->ntoks == lx->cap) {
		lx->cap = lx->cap ? lx->cap * 2 : 64;
		lx->toks = xreallocarray(lx->toks, lx->cap, sizeof(*lx->toks));
	}
	t = &lx->toks[lx->ntoks++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->line = lx->line;
	t->col = (size_t)(at - lx->line_at) + 1;
	t->line_start = at == lx->line_at;
	return t;
}

static int
is_word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' ||
	    c == ':' || c == '@' || c == '+' || c == '*' || c == '/' ||
	    c >= 0x80;
}

/* A quoted string: "..." with \" \\ \n \t escapes, or '...' as it is. */
static int
lex_string(struct lexer *lx)
{
	const char *start = lx->p;
	char quote = *lx->p++;
	struct token *t;
	char *d;

	t = new_token(lx, T_STRING, start);
	d = t->text = xmalloc((size_t)(lx->end - lx->p) + 1);
	for (;;) {
		if (lx->p >= lx->end || *lx->p == '\n')
			return lex_fail(lx, start, "unterminated string");
		if (*lx->p == quote) {
			lx->p++;
			break;
		}
		if (quote == '"' && *lx->p == '\\' && lx->p + 1 < lx->end) {
			lx->p++;
			*d++ = *lx->p == 'n' ? '\n' : *lx->p == 't' ? '\t' :
			    *lx->p;
			lx->p++;
			continue;
		}
		*d++ = *lx->p++;
	}
	*d = '\0';
	t->len = (size_t)(d - t->text);
	return 0;
}

/* A pattern after ~ or !~: /.../flags, "\/" for a slash inside. */
static int
lex_regex(struct lexer *lx)
{
	const char *start = lx->p++;
	struct token *t = new_token(lx, T_REGEX, start);
	char *d = t->text = xmalloc((size_t)(lx->end - lx->p) + 1);
	const char *f;

	for (;;) {
		if (lx->p >= lx->end || *lx->p == '\n')
			return lex_fail(lx, start, "unterminated pattern: "
			    "expected a closing '/'");
		if (*lx->p == '/')
			break;
		if (*lx->p == '\\' && lx->p + 1 < lx->end &&
		    lx->p[1] == '/') {
			*d++ = '/';
			lx->p += 2;
			continue;
		}
		*d++ = *lx->p++;
	}
	*d = '\0';
	t->len = (size_t)(d - t->text);
	f = ++lx->p;
	while (lx->p < lx->end && ((*lx->p >= 'a' && *lx->p <= 'z') ||
	    (*lx->p >= 'A' && *lx->p <= 'Z'))) {
		if (strchr("imsx", *lx->p) == NULL)
			return lex_fail(lx, lx->p, "unknown pattern flag "
			    "(i, m, s and x are known)");
		lx->p++;
	}
	t->flags = xmalloc((size_t)(lx->p - f) + 1);
	memcpy(t->flags, f, (size_t)(lx->p - f));
	t->flags[lx->p - f] = '\0';
	return 0;
}

static const struct {
	const char *text;
	enum tok kind;
} puncts[] = {
	{ "!=", T_NE }, { "<=", T_LE }, { ">=", T_GE }, { "!~", T_NOMATCH },
	{ "(", T_LPAREN }, { ")", T_RPAREN }, { "[", T_LBRACKET },
	{ "]", T_RBRACKET }, { ",", T_COMMA }, { ";", T_SEMI }, { "=", T_EQ },
	{ "<", T_LT }, { ">", T_GT }, { "~", T_MATCH }
};

/* A rules file is UTF-8 without NUL bytes: what it sets is written into
   JSON, and a NUL would cut a tag or a value short. */
static int
text_not_utf8(struct lexer *lx)
{
	size_t ok = scan_utf8_valid_prefix(lx->text, (size_t)(lx->end -
	    lx->text));
	const char *p, *nul = memchr(lx->text, '\0', ok);

	if (nul != NULL)
		ok = (size_t)(nul - lx->text);
	else if (ok == (size_t)(lx->end - lx->text))
		return 0;
	lx->line = 1;
	lx->line_at = lx->text;
	for (p = lx->text; p < lx->text + ok; p++)
		if (*p == '\n') {
			lx->line++;
			lx->line_at = p + 1;
		}
	lex_fail(lx, lx->text + ok, nul != NULL ? "NUL byte" : "invalid UTF-8");
	return 1;
}

static int
lex(struct lexer *lx)
{
	struct token *t;
	const char *start;
	size_t i, n;

	lx->p = lx->text;
	lx->line = 1;
	lx->line_at = lx->text;
	while (lx->p < lx->end) {
		if (*lx->p == '\n') {
			lx->p++;
			lx->line++;
			lx->line_at = lx->p;
			continue;
		}
		if (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r') {
			lx->p++;
			continue;
		}
		if (*lx->p == '#') {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
			continue;
		}
		if (*lx->p == '"' || *lx->p == '\'') {
			if (lex_string(lx) != 0)
				return -1;
			continue;
		}
		if (*lx->p == '/' && lx->ntoks > 0 &&
		    (lx->toks[lx->ntoks - 1].kind == T_MATCH ||
		    lx->toks[lx->ntoks - 1].kind == T_NOMATCH)) {
			if (lex_regex(lx) != 0)
				return -1;
			continue;
		}
		for (i = 0; i < sizeof(puncts) / sizeof(puncts[0]); i++) {
			n = strlen(puncts[i].text);
			if ((size_t)(lx->end - lx->p) >= n &&
			    memcmp(lx->p, puncts[i].text, n) == 0)
				break;
		}
		if (i < sizeof(puncts) / sizeof(puncts[0])) {
			new_token(lx, puncts[i].kind, lx->p);
			lx->p += strlen(puncts[i].text);
			continue;
		}
		if (!is_word_char((unsigned char)*lx->p))
			return lex_fail(lx, lx->p, "unexpected character");
		start = lx->p;
		while (lx->p < lx->end && is_word_char((unsigned char)*lx->p))
			lx->p++;
		t = new_token(lx, T_WORD, start);
		t->len = (size_t)(lx->p - start);
		t->text = xmalloc(t->len + 1);
		memcpy(t->text, start, t->len);
		t->text[t->len] = '\0';
	}
	t = new_token(lx, T_END, lx->p);
	t->line_start = 1;
	return 0;
}

/* --- the compiled rules ----------------------------------------------- */

enum node_kind { N_AND, N_OR, N_NOT, N_EXISTS, N_CMP, N_MATCH, N_IN,
    N_WITHIN };

/*
 * A condition's tree.  "and" and "or" hold all their operands in one
 * array, so that a chain of any length is a loop, never a recursion; only
 * parentheses and "not" make the tree deeper, and the parser bounds them
 * (RULES_MAX_DEPTH), so that parsing, evaluating and freeing recurse at
 * most that deep.
 */
struct node {
	enum node_kind kind;
	struct node **kids;	/* N_AND, N_OR: the operands, in order */
	size_t nkids, kids_cap;
	struct node *a;		/* N_NOT */
	char *path;		/* the field, dotted */
	enum tok op;		/* N_CMP: T_EQ ... T_GE; N_MATCH: T_MATCH or
				   T_NOMATCH */
	char **values;		/* N_CMP: one; N_IN: several */
	size_t *value_lens;
	size_t nvalues, values_cap;
	struct linepat pat;	/* N_MATCH */
	struct hours *hours;	/* N_WITHIN (1,260 bytes: not in every
				   node) */
};

enum action_kind { A_SET, A_TAG, A_UNTAG, A_DROP, A_TO, A_STOP };

struct action {
	enum action_kind kind;
	char *field;		/* A_SET */
	char *value;		/* A_SET: the JSON string; A_TAG, A_UNTAG,
				   A_TO: the text */
	size_t value_len;
	size_t out;		/* A_TO: the number of the output's name */
};

/*
 * The most distinct fields a rules file may set: what one event can take
 * from splice_line() (64) less "tags" and "rules".
 */
#define MAX_SET_FIELDS 62

/*
 * An event's tags as the rules change them, in order.  A hash table
 * finds a tag in constant time, so that an event with many tags, or
 * rules that add many, take linear time (DESIGN section 4).  Copies of a
 * tag that the event itself repeats are kept, in a chain from the first.
 */
struct tag {
	char *text;
	size_t len;
	uint64_t hash;
	size_t next;		/* the next copy, or NO_TAG */
	size_t last;		/* in the first copy: the last copy */
	int live;		/* not removed by "untag" */
};

#define NO_TAG SIZE_MAX
#define GONE_TAG (SIZE_MAX - 1)	/* a slot whose tag was removed */

struct rule {
	struct node *cond;
	struct action *actions;
	size_t nactions, actions_cap;
	size_t line;
};

struct rules {
	struct rule *rules;
	size_t n, rules_cap;
	struct tz *own_zone;	/* from a "zone" line */
	const struct tz *zone;
	/* evaluation state of one event */
	const struct scan_object *members;
	int64_t ts_ms;
	struct scan_object scratch;
	const char *set_fields[MAX_SET_FIELDS];	/* those the file sets */
	size_t nset_fields;
	char **set_names;	/* fields set so far, their decoded text and
				   their JSON (the rule's own) */
	struct jsonl_buf *set_values;
	const char **set_json;
	size_t *set_json_len;
	size_t nset, set_cap;
	struct tag *tags;	/* the event's tags as they become */
	size_t ntags, tags_cap;
	size_t *slots;		/* hash table: index into tags, GONE_TAG */
	uint32_t *slot_gen;	/* a slot is in use when it holds gen */
	size_t nslots, slots_used, nheads;
	uint32_t gen;		/* one per event: clears slots at once */
	int tags_changed;
	size_t nout_names;	/* distinct names of "to" */
	uint32_t *out_seen;	/* per name: the event that sent to it */
	uint32_t out_gen;
	const char **outputs;
	size_t noutputs, outputs_cap;
	size_t *matched;
	size_t nmatched, matched_cap;
	uint64_t limit_hits;
	struct jsonl_buf value, tags_json, tags_out, rules_json;
};

/* --- parser ----------------------------------------------------------- */

struct parser {
	struct token at_end;	/* see peek() */
	struct lexer *lx;
	size_t pos;		/* the current token */
	size_t end;		/* first token after the rule */
	size_t depth;		/* parentheses and "not" around pos */
	struct rules *r;
};

/* The current token; past the rule's last, an end token placed just
   after it, so that messages point at where more was expected. */
static struct token *
peek(struct parser *ps)
{
	const struct token *last;

	if (ps->pos < ps->end)
		return &ps->lx->toks[ps->pos];
	last = &ps->lx->toks[ps->end > 0 ? ps->end - 1 : 0];
	memset(&ps->at_end, 0, sizeof(ps->at_end));
	ps->at_end.kind = T_END;
	ps->at_end.line = last->line;
	ps->at_end.col = last->col + (last->kind == T_END ? 0 :
	    last->len + (last->kind == T_STRING ? 2 : last->kind == T_REGEX ?
	    2 + strlen(last->flags) : 0));
	if (last->kind != T_WORD && last->kind != T_STRING &&
	    last->kind != T_REGEX && last->kind != T_END)
		ps->at_end.col = last->col + (last->kind == T_NE ||
		    last->kind == T_LE || last->kind == T_GE ||
		    last->kind == T_NOMATCH ? 2 : 1);
	return &ps->at_end;
}

static int
parse_fail(struct parser *ps, const struct token *t, const char *reason)
{
	return report(ps->lx->name, ps->lx->text, ps->lx->end, t->line,
	    t->col, ps->lx->err, ps->lx->errlen, reason);
}

static int
is_word(const struct token *t, const char *w)
{
	return t->kind == T_WORD && strcmp(t->text, w) == 0;
}

static struct node *
new_node(enum node_kind kind)
{
	struct node *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	return n;
}

static void
free_node(struct node *n)
{
	size_t i;

	if (n == NULL)
		return;
	/* Recursion no deeper than the parser's nesting bound. */
	for (i = 0; i < n->nkids; i++)
		free_node(n->kids[i]);
	free(n->kids);
	free_node(n->a);
	free(n->path);
	free(n->hours);
	for (i = 0; i < n->nvalues; i++)
		free(n->values[i]);
	free(n->values);
	free(n->value_lens);
	if (n->kind == N_MATCH)
		linepat_free(&n->pat);
	free(n);
}

static int
is_value_token(const struct token *t)
{
	return t->kind == T_WORD || t->kind == T_STRING;
}

static void
add_value(struct node *n, const struct token *t)
{
	/* Doubling: a list of any length is built in linear time. */
	if (n->nvalues == n->values_cap) {
		n->values_cap = n->values_cap ? n->values_cap * 2 : 1;
		n->values = xreallocarray(n->values, n->values_cap,
		    sizeof(*n->values));
		n->value_lens = xreallocarray(n->value_lens, n->values_cap,
		    sizeof(*n->value_lens));
	}
	n->values[n->nvalues] = xmalloc(t->len + 1);
	memcpy(n->values[n->nvalues], t->text, t->len + 1);
	n->value_lens[n->nvalues++] = t->len;
}

static int parse_or(struct parser *ps, struct node **out);

static int
parse_pattern(struct parser *ps, struct node *n, const struct token *t)
{
	struct linepat_error e;
	char *pat;
	size_t pre, len;

	/* Flags become an inline option group in front of the pattern. */
	pre = t->flags[0] != '\0' ? strlen(t->flags) + 3 : 0;
	len = pre + t->len;
	pat = xmalloc(len + 1);
	if (pre > 0)
		snprintf(pat, pre + 1, "(?%s)", t->flags);
	memcpy(pat + pre, t->text, t->len + 1);
	if (linepat_compile(&n->pat, pat, len, 0, &e) != 0) {
		struct token at = *t;

		free(pat);
		if (e.offset != LINEPAT_NO_OFFSET && e.offset >= pre)
			at.col += 1 + (e.offset - pre);
		return parse_fail(ps, &at, e.message);
	}
	free(pat);
	return 0;
}

static int
parse_within(struct parser *ps, struct node **out)
{
	struct token *t;
	struct node *n;
	const char *why;
	size_t at;

	ps->pos++;
	if (!is_word(peek(ps), "hours"))
		return parse_fail(ps, peek(ps), "expected 'hours' after "
		    "'within'");
	ps->pos++;
	t = peek(ps);
	if (t->kind != T_STRING)
		return parse_fail(ps, t, "expected the hours in quotes, such "
		    "as 'mon-fri 09:00-18:00'");
	n = new_node(N_WITHIN);
	n->hours = xmalloc(sizeof(*n->hours));
	if (hours_parse(n->hours, t->text, t->len, &why, &at) != 0) {
		struct token where = *t;

		where.col += 1 + at;
		free_node(n);
		return parse_fail(ps, &where, why);
	}
	ps->pos++;
	*out = n;
	return 0;
}

/* path op value | path exists | path ~ /re/ | path in [...] */
static int
parse_test(struct parser *ps, struct node **out)
{
	struct token *path = peek(ps), *op, *v;
	struct node *n;

	if (is_word(path, "within"))
		return parse_within(ps, out);
	if (path->kind != T_WORD)
		return parse_fail(ps, path, "expected a field name");
	ps->pos++;
	op = peek(ps);
	n = new_node(N_CMP);
	n->path = xmalloc(path->len + 1);
	memcpy(n->path, path->text, path->len + 1);
	if (is_word(op, "exists")) {
		n->kind = N_EXISTS;
		ps->pos++;
		*out = n;
		return 0;
	}
	if (is_word(op, "in")) {
		n->kind = N_IN;
		ps->pos++;
		if (peek(ps)->kind != T_LBRACKET) {
			free_node(n);
			return parse_fail(ps, peek(ps), "expected '[' after "
			    "'in'");
		}
		ps->pos++;
		for (;;) {
			v = peek(ps);
			if (!is_value_token(v)) {
				free_node(n);
				return parse_fail(ps, v, "expected a value");
			}
			add_value(n, v);
			ps->pos++;
			if (peek(ps)->kind == T_COMMA) {
				ps->pos++;
				continue;
			}
			if (peek(ps)->kind == T_RBRACKET) {
				ps->pos++;
				break;
			}
			free_node(n);
			return parse_fail(ps, peek(ps), "expected ',' or ']'");
		}
		*out = n;
		return 0;
	}
	if (op->kind == T_MATCH || op->kind == T_NOMATCH) {
		n->kind = N_MATCH;
		n->op = op->kind;
		ps->pos++;
		v = peek(ps);
		if (v->kind != T_REGEX) {
			free_node(n);
			return parse_fail(ps, v, "expected a pattern, /.../");
		}
		if (parse_pattern(ps, n, v) != 0) {
			n->kind = N_CMP;	/* nothing compiled to free */
			free_node(n);
			return -1;
		}
		ps->pos++;
		*out = n;
		return 0;
	}
	if (op->kind < T_EQ || op->kind > T_GE) {
		free_node(n);
		return parse_fail(ps, op, "expected an operator: = != < <= > "
		    ">= ~ !~ in exists");
	}
	n->kind = N_CMP;
	n->op = op->kind;
	ps->pos++;
	v = peek(ps);
	if (!is_value_token(v)) {
		free_node(n);
		return parse_fail(ps, v, "expected a value");
	}
	add_value(n, v);
	ps->pos++;
	*out = n;
	return 0;
}

/* Enters one level of parentheses or "not" at token t. */
static int
nest(struct parser *ps, const struct token *t)
{
	char why[96];

	if (++ps->depth <= RULES_MAX_DEPTH)
		return 0;
	snprintf(why, sizeof(why), "nested deeper than %d levels "
	    "(parentheses and 'not')", RULES_MAX_DEPTH);
	return parse_fail(ps, t, why);
}

static int
parse_unary(struct parser *ps, struct node **out)
{
	struct node *n;
	struct token *t = peek(ps);

	if (is_word(t, "not")) {
		if (nest(ps, t) != 0)
			return -1;
		ps->pos++;
		n = new_node(N_NOT);
		if (parse_unary(ps, &n->a) != 0) {
			free(n);
			return -1;
		}
		ps->depth--;
		*out = n;
		return 0;
	}
	if (t->kind == T_LPAREN) {
		if (nest(ps, t) != 0)
			return -1;
		ps->pos++;
		if (parse_or(ps, out) != 0)
			return -1;
		if (peek(ps)->kind != T_RPAREN) {
			free_node(*out);
			return parse_fail(ps, peek(ps), "expected ')'");
		}
		ps->pos++;
		ps->depth--;
		return 0;
	}
	return parse_test(ps, out);
}

static void
add_kid(struct node *n, struct node *kid)
{
	if (n->nkids == n->kids_cap) {
		n->kids_cap = n->kids_cap ? n->kids_cap * 2 : 4;
		n->kids = xreallocarray(n->kids, n->kids_cap,
		    sizeof(*n->kids));
	}
	n->kids[n->nkids++] = kid;
}

/*
 * operand { word operand }: one node holding every operand of a chain
 * (or the operand itself when there is one), built in a loop.
 */
static int
parse_chain(struct parser *ps, enum node_kind kind, const char *word,
    int (*operand)(struct parser *, struct node **), struct node **out)
{
	struct node *n, *kid;

	if (operand(ps, &kid) != 0)
		return -1;
	if (!is_word(peek(ps), word)) {
		*out = kid;
		return 0;
	}
	n = new_node(kind);
	add_kid(n, kid);
	while (is_word(peek(ps), word)) {
		ps->pos++;
		if (operand(ps, &kid) != 0) {
			free_node(n);
			return -1;
		}
		add_kid(n, kid);
	}
	*out = n;
	return 0;
}

static int
parse_and(struct parser *ps, struct node **out)
{
	return parse_chain(ps, N_AND, "and", parse_unary, out);
}

static int
parse_or(struct parser *ps, struct node **out)
{
	return parse_chain(ps, N_OR, "or", parse_and, out);
}

static struct action *
new_action(struct rule *ru, enum action_kind kind)
{
	struct action *a;

	if (ru->nactions == ru->actions_cap) {
		ru->actions_cap = ru->actions_cap ? ru->actions_cap * 2 : 4;
		ru->actions = xreallocarray(ru->actions, ru->actions_cap,
		    sizeof(*ru->actions));
	}
	a = &ru->actions[ru->nactions++];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	return a;
}

static char *
copy_text(const struct token *t)
{
	char *s = xmalloc(t->len + 1);

	memcpy(s, t->text, t->len + 1);
	return s;
}

/* A field "set" may give: a schema field but id, ts, ids, tags, src (and
   an enumeration only one of its values), or any other name. */
static const char *
settable(const char *field, const char *value)
{
	const char *const *values;
	enum event_field f;
	size_t k;

	for (f = 0; f < EVENT_FIELD_COUNT; f++) {
		if (strcmp(event_field_name(f), field) != 0)
			continue;
		if (f == EVENT_ID || f == EVENT_TS || f == EVENT_IDS ||
		    f == EVENT_TAGS || f == EVENT_SRC || f == EVENT_DURATION ||
		    f == EVENT_WAIT || f == EVENT_RATING)
			return "this field cannot be set by rules";
		if ((values = event_field_values(f)) == NULL)
			return NULL;
		for (k = 0; values[k] != NULL; k++)
			if (strcmp(values[k], value) == 0)
				return NULL;
		return "not a value this field takes (see canal-event(5))";
	}
	if (strchr(field, '.') != NULL)
		return "only top-level fields can be set";
	return NULL;
}

/* One "field = value" of a set. */
static int
parse_assignment(struct parser *ps, struct rule *ru, struct jsonl_buf *b)
{
	struct rules *r = ps->r;
	struct token *f, *v;
	struct action *a;
	const char *why;
	size_t k;

	f = peek(ps);
	if (f->kind != T_WORD)
		return parse_fail(ps, f, "expected a field name");
	ps->pos++;
	if (peek(ps)->kind != T_EQ)
		return parse_fail(ps, peek(ps), "expected '='");
	ps->pos++;
	v = peek(ps);
	if (!is_value_token(v))
		return parse_fail(ps, v, "expected a value");
	if ((why = settable(f->text, v->text)) != NULL)
		return parse_fail(ps, strcmp(why, "not a value this field takes "
		    "(see canal-event(5))") == 0 ? v : f, why);
	for (k = 0; k < r->nset_fields; k++)
		if (strcmp(r->set_fields[k], f->text) == 0)
			break;
	/* Refused here, or an event would lose some of them. */
	if (k == MAX_SET_FIELDS)
		return parse_fail(ps, f, "more than 62 different fields set "
		    "(the most an event can take)");
	ps->pos++;
	a = new_action(ru, A_SET);
	a->field = copy_text(f);
	if (k == r->nset_fields)
		r->set_fields[r->nset_fields++] = a->field;
	b->len = 0;
	jsonl_buf_string(b, v->text, v->len);
	a->value = xmalloc(b->len + 1);
	memcpy(a->value, b->data, b->len);
	a->value[b->len] = '\0';
	a->value_len = b->len;
	return 0;
}

static int
parse_set(struct parser *ps, struct rule *ru)
{
	struct jsonl_buf b = { 0 };
	int status;

	while ((status = parse_assignment(ps, ru, &b)) == 0 &&
	    peek(ps)->kind == T_COMMA)
		ps->pos++;
	jsonl_buf_free(&b);
	return status;
}

static int
parse_names(struct parser *ps, struct rule *ru, enum action_kind kind)
{
	struct token *v;
	struct action *a;

	for (;;) {
		v = peek(ps);
		if (!is_value_token(v) || v->len == 0)
			return parse_fail(ps, v, kind == A_TO ?
			    "expected an output name" : "expected a tag");
		a = new_action(ru, kind);
		a->value = copy_text(v);
		a->value_len = v->len;
		ps->pos++;
		if (kind == A_TO || peek(ps)->kind != T_COMMA)
			return 0;
		ps->pos++;
	}
}

static int
parse_actions(struct parser *ps, struct rule *ru)
{
	struct token *t;

	for (;;) {
		t = peek(ps);
		if (is_word(t, "set")) {
			ps->pos++;
			if (parse_set(ps, ru) != 0)
				return -1;
		} else if (is_word(t, "tag") || is_word(t, "untag")) {
			ps->pos++;
			if (parse_names(ps, ru, t->text[0] == 't' ? A_TAG :
			    A_UNTAG) != 0)
				return -1;
		} else if (is_word(t, "to")) {
			ps->pos++;
			if (parse_names(ps, ru, A_TO) != 0)
				return -1;
		} else if (is_word(t, "drop")) {
			ps->pos++;
			new_action(ru, A_DROP);
		} else if (is_word(t, "stop")) {
			ps->pos++;
			new_action(ru, A_STOP);
		} else if (is_word(t, "continue")) {
			ps->pos++;
		} else
			return parse_fail(ps, t, "expected an action: set, tag, "
			    "untag, drop, to, stop or continue");
		t = peek(ps);
		if (t->kind == T_SEMI) {
			ps->pos++;
			continue;
		}
		if (t->kind == T_END)
			return 0;
		return parse_fail(ps, t, "expected ';' or the end of the rule");
	}
}

/* The end of the rule that starts at token i: the next line-start token. */
static size_t
rule_end(const struct lexer *lx, size_t i)
{
	for (i++; i < lx->ntoks; i++)
		if (lx->toks[i].line_start)
			return i;
	return lx->ntoks - 1;
}

static int
parse_zone(struct parser *ps, char *err, size_t errlen)
{
	struct token *t;
	char why[256];

	ps->pos++;
	t = peek(ps);
	if (!is_value_token(t))
		return parse_fail(ps, t, "expected a time zone name");
	tz_free(ps->r->own_zone);
	if ((ps->r->own_zone = tz_load(t->text, why, sizeof(why))) == NULL)
		return parse_fail(ps, t, why);
	ps->r->zone = ps->r->own_zone;
	ps->pos++;
	if (ps->pos < ps->end)
		return parse_fail(ps, peek(ps), "expected the end of the line");
	(void)err;
	(void)errlen;
	return 0;
}

static int
parse_rule(struct parser *ps)
{
	struct rule ru;
	struct rules *r = ps->r;
	size_t i;

	memset(&ru, 0, sizeof(ru));
	ru.line = peek(ps)->line;
	ps->pos++;
	ps->depth = 0;
	if (parse_or(ps, &ru.cond) != 0)
		return -1;
	if (!is_word(peek(ps), "then")) {
		free_node(ru.cond);
		return parse_fail(ps, peek(ps), peek(ps)->kind == T_END ?
		    "expected 'then' (a line that continues a rule starts "
		    "with white space)" : "expected 'then', 'and' or 'or'");
	}
	ps->pos++;
	if (parse_actions(ps, &ru) != 0) {
		free_node(ru.cond);
		for (i = 0; i < ru.nactions; i++) {
			free(ru.actions[i].field);
			free(ru.actions[i].value);
		}
		free(ru.actions);
		return -1;
	}
	if (r->n == r->rules_cap) {
		r->rules_cap = r->rules_cap ? r->rules_cap * 2 : 16;
		r->rules = xreallocarray(r->rules, r->rules_cap,
		    sizeof(*r->rules));
	}
	r->rules[r->n++] = ru;
	return 0;
}

static void
free_tokens(struct lexer *lx)
{
	size_t i;

	for (i = 0; i < lx->ntoks; i++) {
		free(lx->toks[i].text);
		free(lx->toks[i].flags);
	}
	free(lx->toks);
}

static int
cmp_output(const void *a, const void *b)
{
	const struct action *x = *(const struct action *const *)a;
	const struct action *y = *(const struct action *const *)b;

	return strcmp(x->value, y->value);
}

/* Numbers the distinct names of "to" (sorted: n log n for any number),
   so that an event's outputs are told apart in constant time. */
static void
number_outputs(struct rules *r)
{
	struct action **to = NULL;
	size_t i, k, n = 0, cap = 0;

	for (i = 0; i < r->n; i++)
		for (k = 0; k < r->rules[i].nactions; k++) {
			if (r->rules[i].actions[k].kind != A_TO)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				to = xreallocarray(to, cap, sizeof(*to));
			}
			to[n++] = &r->rules[i].actions[k];
		}
	if (n > 0)
		qsort(to, n, sizeof(*to), cmp_output);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(to[i - 1]->value, to[i]->value) != 0)
			r->nout_names++;
		to[i]->out = r->nout_names;
	}
	if (n > 0)
		r->nout_names++;
	r->out_seen = xcalloc(r->nout_names + 1, sizeof(*r->out_seen));
	free(to);
}

struct rules *
rules_parse(const char *name, const char *text, size_t len,
    const struct tz *zone, char *err, size_t errlen)
{
	struct lexer lx;
	struct parser ps;
	struct rules *r = xcalloc(1, sizeof(*r));
	struct token *t;
	int failed = 0;

	memset(&lx, 0, sizeof(lx));
	lx.name = name;
	lx.text = text;
	lx.end = text + len;
	lx.err = err;
	lx.errlen = errlen;
	r->zone = zone;
	scan_object_init(&r->scratch);
	if (text_not_utf8(&lx) || lex(&lx) != 0) {
		free_tokens(&lx);
		rules_free(r);
		return NULL;
	}
	ps.lx = &lx;
	ps.r = r;
	ps.pos = 0;
	while (!failed && lx.toks[ps.pos].kind != T_END) {
		t = &lx.toks[ps.pos];
		ps.end = rule_end(&lx, ps.pos);
		if (!t->line_start)
			failed = parse_fail(&ps, t, "a rule starts with 'when' "
			    "at the start of a line; continue it on lines "
			    "that start with white space") != 0;
		else if (is_word(t, "when"))
			failed = parse_rule(&ps) != 0;
		else if (is_word(t, "zone"))
			failed = parse_zone(&ps, err, errlen) != 0;
		else
			failed = parse_fail(&ps, t, "expected 'when' (or "
			    "'zone')") != 0;
		ps.pos = ps.end;
	}
	free_tokens(&lx);
	if (failed) {
		rules_free(r);
		return NULL;
	}
	number_outputs(r);
	return r;
}

struct rules *
rules_load(const char *path, const struct tz *zone, char *err, size_t errlen)
{
	struct confline c;
	struct jsonl_buf text = { 0 };
	struct rules *r = NULL;
	int status;

	/* Bounded lines and size: /dev/zero fails at once, in little
	   memory. */
	if (confline_open(&c, path, CONFLINE_MAX_LINE, RULES_FILE_MAX, 0, err,
	    errlen) != 0)
		return NULL;
	while ((status = confline_next(&c, err, errlen)) == 1) {
		jsonl_buf_append(&text, c.line, c.len);
		jsonl_buf_append(&text, "\n", 1);
	}
	if (status == 0)
		r = rules_parse(c.path, text.len > 0 ? text.data : "",
		    text.len, zone, err, errlen);
	confline_close(&c);
	jsonl_buf_free(&text);
	return r;
}

/* A new generation of the tags' hash table: every slot becomes free. */
static void
next_gen(struct rules *r)
{
	if (++r->gen == 0) {
		memset(r->slot_gen, 0, r->nslots * sizeof(*r->slot_gen));
		r->gen = 1;
	}
}

static void
clear_state(struct rules *r)
{
	size_t i;

	for (i = 0; i < r->ntags; i++)
		free(r->tags[i].text);
	r->ntags = 0;
	r->nheads = 0;
	r->slots_used = 0;
	if (r->nslots > 0)
		next_gen(r);
	r->nset = 0;
}

void
rules_free(struct rules *r)
{
	size_t i, k;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		free_node(r->rules[i].cond);
		for (k = 0; k < r->rules[i].nactions; k++) {
			free(r->rules[i].actions[k].field);
			free(r->rules[i].actions[k].value);
		}
		free(r->rules[i].actions);
	}
	free(r->rules);
	tz_free(r->own_zone);
	clear_state(r);
	free(r->tags);
	free(r->slots);
	free(r->slot_gen);
	free(r->out_seen);
	for (i = 0; i < r->set_cap; i++)
		jsonl_buf_free(&r->set_values[i]);
	free(r->set_values);
	free(r->set_names);
	free(r->set_json);
	free(r->set_json_len);
	free(r->outputs);
	free(r->matched);
	scan_object_free(&r->scratch);
	jsonl_buf_free(&r->value);
	jsonl_buf_free(&r->tags_json);
	jsonl_buf_free(&r->tags_out);
	jsonl_buf_free(&r->rules_json);
	free(r);
}

size_t
rules_count(const struct rules *r)
{
	return r->n;
}

int
rules_has_outputs(const struct rules *r)
{
	size_t i, k;

	for (i = 0; i < r->n; i++)
		for (k = 0; k < r->rules[i].nactions; k++)
			if (r->rules[i].actions[k].kind == A_TO)
				return 1;
	return 0;
}

/* --- evaluation ------------------------------------------------------- */

/* A value as the rules see it: text, or several texts for an array. */
struct value {
	int found;
	const char *text;	/* strings decoded; numbers as written */
	size_t len;
	const struct scan_member *array;	/* for arrays: elements */
	size_t nelems;
};

/* A set field's value (decoded) by name, or NULL. */
static const struct jsonl_buf *
set_value(const struct rules *r, const char *name)
{
	size_t i;

	for (i = r->nset; i-- > 0; )
		if (strcmp(r->set_names[i], name) == 0)
			return &r->set_values[i];
	return NULL;
}

/* Decodes a string member into r->value; returns its text. */
static const char *
decode_into(struct rules *r, struct jsonl_buf *b, const struct scan_member *m,
    size_t *len)
{
	if (m->type != SCAN_STRING || !m->value_escaped) {
		*len = m->value_len;
		return m->value;
	}
	b->len = 0;
	jsonl_buf_append(b, m->value, m->value_len);	/* room enough */
	*len = scan_string_decode(m->value, m->value_len, b->data);
	(void)r;
	return b->data;
}

static const char *const weekdays[] = { "mon", "tue", "wed", "thu", "fri",
    "sat", "sun" };

/* The local weekday and minute of the event's instant. */
static void
local_time(const struct rules *r, int *weekday, int *minute)
{
	int64_t s = r->ts_ms / 1000 - (r->ts_ms % 1000 < 0);

	if (r->zone != NULL)
		s += tz_offset_at_utc(r->zone, s);
	hours_local_minute(s, weekday, minute);
}

static void
lookup(struct rules *r, const char *path, struct value *v)
{
	const struct jsonl_buf *set;
	const struct scan_member *m = NULL;
	struct scan_member nested;
	const char *dot, *json;
	size_t i, n, len;
	static char number[16];
	int wd, min;

	memset(v, 0, sizeof(*v));
	if ((set = set_value(r, path)) != NULL) {
		v->found = 1;
		v->text = set->data;
		v->len = set->len;
		return;
	}
	dot = strchr(path, '.');
	n = dot != NULL ? (size_t)(dot - path) : strlen(path);
	for (i = 0; i < r->members->count; i++)
		if (scan_key_equals(&r->members->members[i], path, n)) {
			m = &r->members->members[i];
			break;
		}
	while (m != NULL && dot != NULL) {
		if (m->type != SCAN_OBJECT)
			return;
		path = dot + 1;
		dot = strchr(path, '.');
		n = dot != NULL ? (size_t)(dot - path) : strlen(path);
		json = m->value;
		len = m->value_len;
		if (scan_object_find(json, len, path, n, &nested) != 0)
			return;
		m = &nested;
		/* nested lives on the stack: copy what we need now */
		if (dot == NULL)
			break;
	}
	if (m == NULL) {
		/* Pseudo-fields of the instant, in the rules' zone. */
		if (strcmp(path, "hour") == 0 || strcmp(path, "minute") == 0 ||
		    strcmp(path, "weekday") == 0) {
			local_time(r, &wd, &min);
			v->found = 1;
			if (path[0] == 'w') {
				v->text = weekdays[wd];
				v->len = 3;
			} else {
				v->len = (size_t)snprintf(number,
				    sizeof(number), "%d", path[0] == 'h' ?
				    min / 60 : min % 60);
				v->text = number;
			}
		}
		return;
	}
	if (m->type == SCAN_NULL)
		return;
	v->found = 1;
	if (m->type == SCAN_ARRAY) {
		struct scan_error err;

		if (scan_array_parse(&r->scratch, m->value, m->value_len,
		    &err) == 0) {
			v->array = r->scratch.members;
			v->nelems = r->scratch.count;
		}
		return;
	}
	v->text = decode_into(r, &r->value, m, &v->len);
}

/* A JSON number of any length (a 100-digit wait compares as the number it
   is); strtod's extras ("inf", "0x1p3", " 7") are text. */
static int
parse_number(const char *s, size_t n, double *out)
{
	return scan_number_value(s, n, out);
}

/* Compares a with b: numbers as numbers when both are, else bytes. */
static int
compare(const char *a, size_t alen, const char *b, size_t blen)
{
	double x, y;
	size_t n = alen < blen ? alen : blen;
	int c;

	if (parse_number(a, alen, &x) == 0 && parse_number(b, blen, &y) == 0)
		return (x > y) - (x < y);
	if ((c = memcmp(a, b, n)) != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

static int
op_holds(enum tok op, int c)
{
	switch (op) {
	case T_EQ:
		return c == 0;
	case T_NE:
		return c != 0;
	case T_LT:
		return c < 0;
	case T_LE:
		return c <= 0;
	case T_GT:
		return c > 0;
	case T_GE:
		return c >= 0;
	default:
		return 0;
	}
}

/* Whether op holds for the value (or, for an array, any element). */
static int
test_value(struct rules *r, const struct value *v, enum tok op,
    const char *want, size_t wlen)
{
	const char *t;
	size_t i, len;
	struct jsonl_buf *b = &r->tags_json;	/* scratch */

	if (v->array == NULL)
		return op_holds(op, compare(v->text, v->len, want, wlen));
	for (i = 0; i < v->nelems; i++) {
		if (v->array[i].type == SCAN_OBJECT ||
		    v->array[i].type == SCAN_ARRAY)
			continue;
		t = decode_into(r, b, &v->array[i], &len);
		if (op == T_NE ? compare(t, len, want, wlen) == 0 :
		    op_holds(op, compare(t, len, want, wlen)))
			return op != T_NE;
	}
	return op == T_NE;
}

static int
eval_match(struct rules *r, struct node *n, const struct value *v)
{
	enum linepat_result res;
	const char *why, *t;
	size_t at, i, len;
	int hit = 0;

	if (v->array == NULL) {
		res = linepat_match(&n->pat, v->text, v->len, &at, &why);
		hit = res == LINEPAT_MATCH;
		if (res == LINEPAT_LIMIT || res == LINEPAT_FAILED)
			r->limit_hits++;
	} else {
		for (i = 0; i < v->nelems && !hit; i++) {
			if (v->array[i].type != SCAN_STRING)
				continue;
			t = decode_into(r, &r->tags_json, &v->array[i], &len);
			res = linepat_match(&n->pat, t, len, &at, &why);
			hit = res == LINEPAT_MATCH;
			if (res == LINEPAT_LIMIT || res == LINEPAT_FAILED)
				r->limit_hits++;
		}
	}
	return n->op == T_MATCH ? hit : !hit;
}

static int
eval(struct rules *r, struct node *n)
{
	struct value v;
	size_t i;
	int wd, min;

	switch (n->kind) {
	case N_AND:
		/* A loop over the chain; recursion only into parentheses. */
		for (i = 0; i < n->nkids; i++)
			if (!eval(r, n->kids[i]))
				return 0;
		return 1;
	case N_OR:
		for (i = 0; i < n->nkids; i++)
			if (eval(r, n->kids[i]))
				return 1;
		return 0;
	case N_NOT:
		return !eval(r, n->a);
	case N_WITHIN:
		local_time(r, &wd, &min);
		return hours_is_open(n->hours, wd, min);
	default:
		break;
	}
	lookup(r, n->path, &v);
	switch (n->kind) {
	case N_EXISTS:
		return v.found;
	case N_CMP:
		/* A missing field equals nothing and differs from all. */
		if (!v.found)
			return n->op == T_NE;
		return test_value(r, &v, n->op, n->values[0],
		    n->value_lens[0]);
	case N_IN:
		if (!v.found)
			return 0;
		for (i = 0; i < n->nvalues; i++)
			if (test_value(r, &v, T_EQ, n->values[i],
			    n->value_lens[i]))
				return 1;
		return 0;
	case N_MATCH:
		if (!v.found)
			return n->op == T_NOMATCH;
		return eval_match(r, n, &v);
	default:
		return 0;
	}
}

/* FNV-1a. */
static uint64_t
tag_hash(const char *s, size_t len)
{
	uint64_t h = UINT64_C(14695981039346656037);

	while (len-- > 0) {
		h ^= (unsigned char)*s++;
		h *= UINT64_C(1099511628211);
	}
	return h;
}

/*
 * Finds the slot of the tag's first live copy (returns 1), or the slot
 * where it would go (returns 0).  The table is never more than half full,
 * so that the probe ends.
 */
static int
tag_find(const struct rules *r, const char *s, size_t len, uint64_t h,
    size_t *slot)
{
	size_t i = (size_t)h & (r->nslots - 1), free_at = NO_TAG;
	const struct tag *t;

	for (;; i = (i + 1) & (r->nslots - 1)) {
		if (r->slot_gen[i] != r->gen) {
			*slot = free_at != NO_TAG ? free_at : i;
			return 0;
		}
		if (r->slots[i] == GONE_TAG) {
			if (free_at == NO_TAG)
				free_at = i;
			continue;
		}
		t = &r->tags[r->slots[i]];
		if (t->hash == h && t->len == len &&
		    memcmp(t->text, s, len) == 0) {
			*slot = i;
			return 1;
		}
	}
}

/* Makes room for one more tag: a larger table, or one without removed
   slots, holding the first live copy of each tag. */
static void
tags_rehash(struct rules *r)
{
	size_t n = 16, k, slot;

	while (n < (r->nheads + 1) * 4)
		n *= 2;
	if (n != r->nslots) {
		free(r->slots);
		free(r->slot_gen);
		r->slots = xreallocarray(NULL, n, sizeof(*r->slots));
		r->slot_gen = xcalloc(n, sizeof(*r->slot_gen));
		r->nslots = n;
		if (r->gen == 0)
			r->gen = 1;
	} else
		next_gen(r);
	r->slots_used = 0;
	r->nheads = 0;
	for (k = 0; k < r->ntags; k++) {
		if (!r->tags[k].live || tag_find(r, r->tags[k].text,
		    r->tags[k].len, r->tags[k].hash, &slot))
			continue;
		r->slot_gen[slot] = r->gen;
		r->slots[slot] = k;
		r->slots_used++;
		r->nheads++;
	}
}

/*
 * Appends a tag (a copy of s[0..len)) unless present; with copies, a
 * repeated tag is appended too (the event's own tags are kept as they
 * are).  Returns 1 when appended.
 */
static int
tags_add(struct rules *r, const char *s, size_t len, int copies)
{
	uint64_t h = tag_hash(s, len);
	struct tag *t, *first;
	size_t slot, k;
	int found;

	if ((r->slots_used + 1) * 2 > r->nslots)
		tags_rehash(r);
	found = tag_find(r, s, len, h, &slot);
	if (found && !copies)
		return 0;
	if (r->ntags == r->tags_cap) {
		r->tags_cap = r->tags_cap ? r->tags_cap * 2 : 8;
		r->tags = xreallocarray(r->tags, r->tags_cap,
		    sizeof(*r->tags));
	}
	k = r->ntags++;
	t = &r->tags[k];
	t->text = xmalloc(len + 1);
	memcpy(t->text, s, len);
	t->text[len] = '\0';
	t->len = len;
	t->hash = h;
	t->next = NO_TAG;
	t->last = k;
	t->live = 1;
	if (found) {
		first = &r->tags[r->slots[slot]];
		r->tags[first->last].next = k;
		first->last = k;
		return 1;
	}
	if (r->slot_gen[slot] != r->gen) {
		r->slot_gen[slot] = r->gen;
		r->slots_used++;
	}
	r->slots[slot] = k;
	r->nheads++;
	return 1;
}

/* Removes the first copy of a tag; returns 1 when there was one. */
static int
tags_remove(struct rules *r, const char *s, size_t len)
{
	struct tag *t;
	size_t slot;

	if (r->nslots == 0 || !tag_find(r, s, len, tag_hash(s, len), &slot))
		return 0;
	t = &r->tags[r->slots[slot]];
	t->live = 0;
	if (t->next != NO_TAG) {
		r->tags[t->next].last = t->last;
		r->slots[slot] = t->next;
	} else {
		r->slots[slot] = GONE_TAG;
		r->nheads--;
	}
	return 1;
}

/* Reads the event's tags into r->tags. */
static void
load_tags(struct rules *r)
{
	struct value v;
	const char *t;
	size_t i, len;

	lookup(r, "tags", &v);
	for (i = 0; v.array != NULL && i < v.nelems; i++) {
		if (v.array[i].type != SCAN_STRING)
			continue;
		t = decode_into(r, &r->value, &v.array[i], &len);
		tags_add(r, t, len, 1);
	}
}

static void
add_tag(struct rules *r, const struct action *a)
{
	if (tags_add(r, a->value, a->value_len, 0))
		r->tags_changed = 1;
}

static void
remove_tag(struct rules *r, const struct action *a)
{
	if (tags_remove(r, a->value, a->value_len))
		r->tags_changed = 1;
}

/* Records a set: the decoded text for conditions, the JSON for output. */
static void
do_set(struct rules *r, const struct action *a)
{
	size_t i;

	for (i = 0; i < r->nset; i++)
		if (strcmp(r->set_names[i], a->field) == 0)
			break;
	if (i == r->nset) {
		if (r->nset == r->set_cap) {
			size_t cap = r->set_cap ? r->set_cap * 2 : 8;

			r->set_names = xreallocarray(r->set_names, cap,
			    sizeof(*r->set_names));
			r->set_values = xreallocarray(r->set_values, cap,
			    sizeof(*r->set_values));
			r->set_json = xreallocarray(r->set_json, cap,
			    sizeof(*r->set_json));
			r->set_json_len = xreallocarray(r->set_json_len, cap,
			    sizeof(*r->set_json_len));
			memset(r->set_values + r->set_cap, 0,
			    (cap - r->set_cap) * sizeof(*r->set_values));
			r->set_cap = cap;
		}
		r->set_names[r->nset++] = a->field;
	}
	r->set_json[i] = a->value;
	r->set_json_len[i] = a->value_len;
	/* The JSON string without its quotes decodes to the value. */
	r->set_values[i].len = 0;
	jsonl_buf_append(&r->set_values[i], a->value + 1, a->value_len - 2);
	r->set_values[i].len = scan_string_decode(a->value + 1,
	    a->value_len - 2, r->set_values[i].data);
}

static void
add_output(struct rules *r, const struct action *a)
{
	if (r->out_seen[a->out] == r->out_gen)
		return;
	r->out_seen[a->out] = r->out_gen;
	if (r->noutputs == r->outputs_cap) {
		r->outputs_cap = r->outputs_cap ? r->outputs_cap * 2 : 4;
		r->outputs = xreallocarray(r->outputs, r->outputs_cap,
		    sizeof(*r->outputs));
	}
	r->outputs[r->noutputs++] = a->value;
}

/* Applies a rule's actions; returns 1 when evaluation stops. */
static int
apply(struct rules *r, const struct rule *ru, struct rules_result *res)
{
	size_t k;

	for (k = 0; k < ru->nactions; k++) {
		const struct action *a = &ru->actions[k];

		switch (a->kind) {
		case A_SET:
			do_set(r, a);
			break;
		case A_TAG:
			add_tag(r, a);
			break;
		case A_UNTAG:
			remove_tag(r, a);
			break;
		case A_TO:
			add_output(r, a);
			break;
		case A_DROP:
			res->dropped = 1;
			return 1;
		case A_STOP:
			return 1;
		}
	}
	return 0;
}

/* The event with what the rules changed spliced in. */
static void
write_out(struct rules *r, int explain, struct jsonl_buf *out)
{
	struct splice_field f[64];
	size_t nf = 0, i, w;
	char num[24];
	int k;

	for (i = 0; i < r->nset && nf < 62; i++, nf++) {
		f[nf].key = r->set_names[i];
		f[nf].json = r->set_json[i];
		f[nf].json_len = r->set_json_len[i];
	}
	if (r->tags_changed) {
		r->tags_out.len = 0;
		jsonl_buf_append(&r->tags_out, "[", 1);
		for (i = 0, w = 0; i < r->ntags; i++) {
			if (!r->tags[i].live)
				continue;
			if (w++ > 0)
				jsonl_buf_append(&r->tags_out, ",", 1);
			jsonl_buf_string(&r->tags_out, r->tags[i].text,
			    r->tags[i].len);
		}
		jsonl_buf_append(&r->tags_out, "]", 1);
		f[nf].key = "tags";
		f[nf].json = r->tags_out.data;
		f[nf++].json_len = r->tags_out.len;
	}
	if (explain) {
		r->rules_json.len = 0;
		jsonl_buf_append(&r->rules_json, "[", 1);
		for (i = 0; i < r->nmatched; i++) {
			k = snprintf(num, sizeof(num), "%s%zu", i ? "," : "",
			    r->matched[i]);
			jsonl_buf_append(&r->rules_json, num, (size_t)k);
		}
		jsonl_buf_append(&r->rules_json, "]", 1);
		f[nf].key = "rules";
		f[nf].json = r->rules_json.data;
		f[nf++].json_len = r->rules_json.len;
	}
	splice_line(out, r->members, f, nf);
}

int
rules_eval(struct rules *r, const struct scan_object *members, int64_t ts_ms,
    int explain, struct jsonl_buf *out, struct rules_result *res)
{
	size_t i;

	memset(res, 0, sizeof(*res));
	clear_state(r);
	r->members = members;
	r->ts_ms = ts_ms;
	r->noutputs = 0;
	/* A new stamp marks no output as sent to. */
	if (++r->out_gen == 0) {
		memset(r->out_seen, 0, (r->nout_names + 1) *
		    sizeof(*r->out_seen));
		r->out_gen = 1;
	}
	r->nmatched = 0;
	r->tags_changed = 0;
	r->limit_hits = 0;
	load_tags(r);
	for (i = 0; i < r->n; i++) {
		if (!eval(r, r->rules[i].cond))
			continue;
		if (r->nmatched == r->matched_cap) {
			r->matched_cap = r->matched_cap ? r->matched_cap * 2 : 8;
			r->matched = xreallocarray(r->matched, r->matched_cap,
			    sizeof(*r->matched));
		}
		r->matched[r->nmatched++] = r->rules[i].line;
		if (apply(r, &r->rules[i], res))
			break;
	}
	res->outputs = r->outputs;
	res->noutputs = r->noutputs;
	res->limit_hits = r->limit_hits;
	res->changed = r->nset > 0 || r->tags_changed || explain;
	if (res->changed)
		write_out(r, explain, out);
	return 0;
}
