/*
 * scan.c - JSON validation with spans, one pass, no allocation per line.
 * Grammar of RFC 8259; UTF-8 of RFC 3629.  Containers are walked with an
 * explicit stack, so hostile nesting cannot exhaust the C stack.
 */
#include "scan.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Byte classes inside a string: what ends the fast loop. */
enum { C_PLAIN, C_QUOTE, C_BACKSLASH, C_CONTROL, C_HIGH };

static const unsigned char string_class[256] = {
#define C4 C_CONTROL, C_CONTROL, C_CONTROL, C_CONTROL
#define H4 C_HIGH, C_HIGH, C_HIGH, C_HIGH
#define H16 H4, H4, H4, H4
	C4, C4, C4, C4, C4, C4, C4, C4,
	[0x22] = C_QUOTE, [0x5c] = C_BACKSLASH,
	[0x80] = H16, H16, H16, H16, H16, H16, H16, H16
#undef C4
#undef H4
#undef H16
};

struct cursor {
	const char *base;
	const unsigned char *p;
	const unsigned char *end;
	struct scan_error *err;
};

static int
fail(struct cursor *c, const unsigned char *at, const char *reason)
{
	c->err->offset = (size_t)((const char *)at - c->base);
	c->err->reason = reason;
	return -1;
}

static void
skip_ws(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' ||
	    *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

/* Length of the UTF-8 sequence at p (1..4), or 0 when it is invalid. */
static size_t
utf8_sequence(const unsigned char *p, const unsigned char *end)
{
	size_t n = (size_t)(end - p);
	unsigned char b0 = p[0];

	if (b0 < 0x80)
		return 1;
	if (b0 < 0xc2)
		return 0;
	if (b0 < 0xe0)
		return n >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (b0 < 0xf0) {
		if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (b0 == 0xe0 && p[1] < 0xa0)
			return 0;	/* overlong */
		if (b0 == 0xed && p[1] >= 0xa0)
			return 0;	/* surrogate */
		return 3;
	}
	if (b0 < 0xf5) {
		if (n < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[3] & 0xc0) != 0x80)
			return 0;
		if (b0 == 0xf0 && p[1] < 0x90)
			return 0;	/* overlong */
		if (b0 == 0xf4 && p[1] >= 0x90)
			return 0;	/* above U+10FFFF */
		return 4;
	}
	return 0;
}

size_t
scan_utf8_valid_prefix(const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text, *end;
	size_t n;

	/* An empty buffer may be NULL, and NULL + 0 is undefined in C. */
	if (len == 0)
		return 0;
	end = p + len;
	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((n = utf8_sequence(p, end)) == 0)
			break;
		p += n;
	}
	return (size_t)(p - (const unsigned char *)text);
}

static int
hex_value(unsigned char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Reads the four hex digits after "\u" at p; -1 when they are not hex. */
static long
read_u_escape(const unsigned char *p, const unsigned char *end)
{
	long v = 0;
	int i, h;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((h = hex_value(p[i])) < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* Checks the escape at c->p (a backslash) and moves past it. */
static int
check_escape(struct cursor *c)
{
	const unsigned char *at = c->p;
	long u, low;

	if (c->end - c->p < 2)
		return fail(c, at, "unterminated string");
	switch (c->p[1]) {
	case '"': case '\\': case '/': case 'b': case 'f': case 'n':
	case 'r': case 't':
		c->p += 2;
		return 0;
	case 'u':
		break;
	default:
		return fail(c, at, "invalid escape in string");
	}
	if ((u = read_u_escape(c->p + 2, c->end)) < 0)
		return fail(c, at, "invalid \\u escape in string");
	c->p += 6;
	if (u >= 0xdc00 && u <= 0xdfff)
		return fail(c, at, "lone surrogate \\u escape in string");
	if (u >= 0xd800 && u <= 0xdbff) {
		if (c->end - c->p < 6 || c->p[0] != '\\' || c->p[1] != 'u' ||
		    (low = read_u_escape(c->p + 2, c->end)) < 0xdc00 ||
		    low > 0xdfff)
			return fail(c, at, "lone surrogate \\u escape in string");
		c->p += 6;
	}
	return 0;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/*
 * Skips plain string bytes eight at a time (SWAR): a word is plain when it
 * holds no quote, no backslash, no control character and no byte >= 0x80.
 */
static void
skip_plain(struct cursor *c)
{
	uint64_t w, q, b;

	while (c->end - c->p >= 8) {
		memcpy(&w, c->p, 8);
		q = w ^ (ONES * '"');
		b = w ^ (ONES * '\\');
		if ((((q - ONES) & ~q) | ((b - ONES) & ~b) |
		    (w - ONES * 0x20) | w) & HIGHS)
			break;
		c->p += 8;
	}
	while (c->p < c->end && string_class[*c->p] == C_PLAIN)
		c->p++;
}

/*
 * Parses the string whose opening quote is at c->p; sets its body span and
 * whether it holds escapes.
 */
static int
parse_string(struct cursor *c, const char **body, size_t *body_len,
    unsigned char *escaped)
{
	const unsigned char *start = ++c->p;
	size_t n;

	*escaped = 0;
	for (;;) {
		skip_plain(c);
		if (c->p >= c->end)
			return fail(c, start - 1, "unterminated string");
		switch (string_class[*c->p]) {
		case C_QUOTE:
			*body = (const char *)start;
			*body_len = (size_t)(c->p - start);
			c->p++;
			return 0;
		case C_BACKSLASH:
			*escaped = 1;
			if (check_escape(c) != 0)
				return -1;
			break;
		case C_CONTROL:
			return fail(c, c->p, *c->p == 0 ?
			    "NUL byte in string" :
			    "unescaped control character in string");
		default:
			if ((n = utf8_sequence(c->p, c->end)) == 0)
				return fail(c, c->p, "invalid UTF-8");
			c->p += n;
			break;
		}
	}
}

static int
is_digit(const struct cursor *c)
{
	return c->p < c->end && *c->p >= '0' && *c->p <= '9';
}

static int
parse_number(struct cursor *c)
{
	const unsigned char *at = c->p;

	if (c->p < c->end && *c->p == '-')
		c->p++;
	if (!is_digit(c))
		return fail(c, at, "invalid number");
	if (*c->p == '0')
		c->p++;
	else
		while (is_digit(c))
			c->p++;
	if (c->p < c->end && *c->p == '.') {
		c->p++;
		if (!is_digit(c))
			return fail(c, at, "invalid number");
		while (is_digit(c))
			c->p++;
	}
	if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
		c->p++;
		if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
			c->p++;
		if (!is_digit(c))
			return fail(c, at, "invalid number");
		while (is_digit(c))
			c->p++;
	}
	return 0;
}

/*
 * Significant digits that scan_number_value() keeps.  The nearest double
 * of a decimal is decided by at most 767 significant digits (the halfway
 * points between subnormals are that long); the digits after the kept
 * ones only matter as "some are not zero", which one nonzero sticky digit
 * says exactly.
 */
#define NUMBER_DIGITS 800
/* A decimal exponent beyond this gives 0 or infinity whatever the kept
   digits are: clamping it keeps the text short and the sum exact. */
#define NUMBER_EXP_LIMIT 100000

/* A digit of the number: kept, or counted in the exponent and sticky. */
static void
number_digit(char *digits, size_t *k, long long *dexp, int *sticky, char d,
    int in_fraction)
{
	if (*k == 0 && d == '0') {
		if (in_fraction)
			(*dexp)--;	/* a leading zero of 0.00x */
		return;
	}
	if (*k < NUMBER_DIGITS) {
		digits[(*k)++] = d;
		if (in_fraction)
			(*dexp)--;
		return;
	}
	if (d != '0')
		*sticky = 1;
	if (!in_fraction)
		(*dexp)++;
}

/* "e" and the exponent (|e| <= NUMBER_EXP_LIMIT) and a NUL at p. */
static void
put_exponent(char *p, long long e)
{
	char rev[16];
	size_t n = 0;

	*p++ = 'e';
	if (e < 0) {
		*p++ = '-';
		e = -e;
	}
	do
		rev[n++] = (char)('0' + e % 10);
	while ((e /= 10) > 0);
	while (n > 0)
		*p++ = rev[--n];
	*p = '\0';
}

int
scan_number_value(const char *raw, size_t len, double *out)
{
	/* sign, digits, sticky digit, 'e', sign, exponent, NUL */
	char buf[1 + NUMBER_DIGITS + 1 + 2 + 7 + 1];
	char *digits = buf + 1;
	const char *p = raw, *end = raw + len;
	long long dexp = 0, e = 0;
	size_t k = 0;
	int neg = 0, eneg = 0, sticky = 0;

	*out = NAN;
	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	if (p >= end || *p < '0' || *p > '9')
		return -1;
	if (*p == '0' && p + 1 < end && p[1] >= '0' && p[1] <= '9')
		return -1;	/* 01: not JSON */
	for (; p < end && *p >= '0' && *p <= '9'; p++)
		number_digit(digits, &k, &dexp, &sticky, *p, 0);
	if (p < end && *p == '.') {
		if (++p >= end || *p < '0' || *p > '9')
			return -1;
		for (; p < end && *p >= '0' && *p <= '9'; p++)
			number_digit(digits, &k, &dexp, &sticky, *p, 1);
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		if (++p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p >= end || *p < '0' || *p > '9')
			return -1;
		for (; p < end && *p >= '0' && *p <= '9'; p++)
			if (e <= NUMBER_EXP_LIMIT * 10LL)
				e = e * 10 + (*p - '0');
		dexp += eneg ? -e : e;
	}
	if (p != end)
		return -1;
	if (k == 0) {
		*out = neg ? -0.0 : 0.0;
		return 0;
	}
#if FLT_EVAL_METHOD == 0
	/* Clinger's fast path: up to 15 digits are exact in a double, and
	   so are 10^0..10^22; one product or quotient of two exact values
	   is correctly rounded.  Most numbers of events are these. */
	if (k <= 15 && dexp >= -22 && dexp <= 22) {
		static const double pow10[23] = { 1e0, 1e1, 1e2, 1e3, 1e4,
		    1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
		    1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
		double d = 0;
		size_t i;

		for (i = 0; i < k; i++)
			d = d * 10 + (digits[i] - '0');
		d = dexp >= 0 ? d * pow10[dexp] : d / pow10[-dexp];
		*out = neg ? -d : d;
		return 0;
	}
#endif
	if (sticky) {
		digits[k++] = '1';
		dexp--;
	}
	if (dexp > NUMBER_EXP_LIMIT)
		dexp = NUMBER_EXP_LIMIT;
	if (dexp < -NUMBER_EXP_LIMIT)
		dexp = -NUMBER_EXP_LIMIT;
	/* Digits and an exponent, no decimal point: no locale can differ. */
	put_exponent(digits + k, dexp);
	buf[0] = '-';
	*out = strtod(neg ? buf : digits, NULL);
	return 0;
}

static int
parse_literal(struct cursor *c, const char *word, size_t n)
{
	if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
		return fail(c, c->p, "invalid value");
	c->p += n;
	return 0;
}

/* Parses a scalar at c->p and sets its type. */
static int
parse_scalar(struct cursor *c, enum scan_type *type, const char **body,
    size_t *body_len, unsigned char *escaped)
{
	const unsigned char *start = c->p;

	*escaped = 0;
	if (c->p >= c->end)
		return fail(c, c->p, "truncated value");
	switch (*c->p) {
	case '"':
		*type = SCAN_STRING;
		return parse_string(c, body, body_len, escaped);
	case 't':
		*type = SCAN_TRUE;
		if (parse_literal(c, "true", 4) != 0)
			return -1;
		break;
	case 'f':
		*type = SCAN_FALSE;
		if (parse_literal(c, "false", 5) != 0)
			return -1;
		break;
	case 'n':
		*type = SCAN_NULL;
		if (parse_literal(c, "null", 4) != 0)
			return -1;
		break;
	default:
		if (*c->p != '-' && (*c->p < '0' || *c->p > '9'))
			return fail(c, c->p, *c->p >= 0x80 &&
			    utf8_sequence(c->p, c->end) == 0 ?
			    "invalid UTF-8" : "invalid value");
		*type = SCAN_NUMBER;
		if (parse_number(c) != 0)
			return -1;
		break;
	}
	*body = (const char *)start;
	*body_len = (size_t)(c->p - start);
	return 0;
}

/* Parses "key" : at c->p (after white space). */
static int
parse_key(struct cursor *c, const char **key, size_t *key_len,
    unsigned char *escaped)
{
	skip_ws(c);
	if (c->p >= c->end)
		return fail(c, c->p, "truncated object");
	if (*c->p != '"')
		return fail(c, c->p, "expected a string key");
	if (parse_string(c, key, key_len, escaped) != 0)
		return -1;
	skip_ws(c);
	if (c->p >= c->end || *c->p != ':')
		return fail(c, c->p, "expected ':' after key");
	c->p++;
	skip_ws(c);
	return 0;
}

/*
 * Skips the container that opens at c->p, validating everything inside it,
 * with an explicit stack instead of recursion.
 */
static int
skip_container(struct cursor *c)
{
	unsigned char stack[SCAN_MAX_DEPTH];
	size_t depth = 0;
	const char *body, *key;
	size_t body_len, key_len;
	unsigned char escaped;
	enum scan_type type;

	for (;;) {
		skip_ws(c);
		if (c->p < c->end && (*c->p == '{' || *c->p == '[')) {
			/* The object or array around this one is a level too. */
			if (depth == SCAN_MAX_DEPTH - 1)
				return fail(c, c->p, "nesting too deep");
			stack[depth++] = *c->p == '{' ? '}' : ']';
			c->p++;
			skip_ws(c);
			if (c->p < c->end && *c->p == stack[depth - 1]) {
				c->p++;
				depth--;
				goto after_value;
			}
			if (stack[depth - 1] == '}' &&
			    parse_key(c, &key, &key_len, &escaped) != 0)
				return -1;
			continue;
		}
		if (parse_scalar(c, &type, &body, &body_len, &escaped) != 0)
			return -1;
after_value:
		if (depth == 0)
			return 0;
		skip_ws(c);
		if (c->p >= c->end)
			return fail(c, c->p, stack[depth - 1] == '}' ?
			    "truncated object" : "truncated array");
		if (*c->p == ',') {
			c->p++;
			if (stack[depth - 1] == '}' &&
			    parse_key(c, &key, &key_len, &escaped) != 0)
				return -1;
			continue;
		}
		if (*c->p != stack[depth - 1])
			return fail(c, c->p, stack[depth - 1] == '}' ?
			    "expected ',' or '}'" : "expected ',' or ']'");
		c->p++;
		depth--;
		goto after_value;
	}
}

/* Parses any value at c->p into m's value span and type. */
static int
parse_member_value(struct cursor *c, struct scan_member *m)
{
	const unsigned char *start = c->p;

	if (c->p < c->end && (*c->p == '{' || *c->p == '[')) {
		m->type = *c->p == '{' ? SCAN_OBJECT : SCAN_ARRAY;
		m->value_escaped = 0;
		if (skip_container(c) != 0)
			return -1;
		m->value = (const char *)start;
		m->value_len = (size_t)(c->p - start);
		return 0;
	}
	return parse_scalar(c, &m->type, &m->value, &m->value_len,
	    &m->value_escaped);
}

static struct scan_member *
next_member(struct scan_object *obj)
{
	if (obj->count == obj->cap) {
		obj->cap = obj->cap ? obj->cap * 2 : 32;
		obj->members = xreallocarray(obj->members, obj->cap,
		    sizeof(*obj->members));
	}
	return &obj->members[obj->count++];
}

/* Decoded key comparison for the rare keys that hold escapes. */
static int
keys_equal(const struct scan_member *a, const struct scan_member *b)
{
	char stack_a[64], stack_b[64];
	char *da, *db;
	size_t la, lb;
	int same;

	if (!a->key_escaped && !b->key_escaped)
		return a->key_len == b->key_len &&
		    memcmp(a->key, b->key, a->key_len) == 0;
	da = a->key_len <= sizeof(stack_a) ? stack_a : xmalloc(a->key_len);
	db = b->key_len <= sizeof(stack_b) ? stack_b : xmalloc(b->key_len);
	la = scan_string_decode(a->key, a->key_len, da);
	lb = scan_string_decode(b->key, b->key_len, db);
	same = la == lb && memcmp(da, db, la) == 0;
	if (da != stack_a)
		free(da);
	if (db != stack_b)
		free(db);
	return same;
}

/* A key as its decoded bytes, for sorting. */
struct plain_key {
	const char *p;
	size_t len;
	const struct scan_member *m;
	int owned;
};

static int
compare_plain_keys(const void *a, const void *b)
{
	const struct plain_key *ka = a, *kb = b;
	size_t n = ka->len < kb->len ? ka->len : kb->len;
	int r = memcmp(ka->p, kb->p, n);

	if (r != 0)
		return r;
	return (ka->len > kb->len) - (ka->len < kb->len);
}

/* Sort order: by key, then by place, so equal keys stay in reading order. */
static int
compare_plain_keys_placed(const void *a, const void *b)
{
	const struct plain_key *ka = a, *kb = b;
	int r = compare_plain_keys(a, b);

	if (r != 0)
		return r;
	return (ka->m > kb->m) - (ka->m < kb->m);
}

/* A 6-bit fingerprint of a key, to skip most pairwise comparisons. */
static unsigned
key_print(const struct scan_member *m)
{
	if (m->key_len == 0)
		return 0;
	return ((unsigned)m->key_len * 31 + (unsigned char)m->key[0] +
	    (unsigned char)m->key[m->key_len - 1] * 7) & 63;
}

/* Sorts the decoded keys of a large object: O(n log n) whatever it holds. */
static const struct scan_member *
find_duplicate_sorted(const struct scan_object *obj)
{
	struct plain_key *keys = xreallocarray(NULL, obj->count, sizeof(*keys));
	const struct scan_member *dup = NULL;
	char *d;
	size_t i;

	for (i = 0; i < obj->count; i++) {
		const struct scan_member *m = &obj->members[i];

		keys[i].m = m;
		keys[i].owned = m->key_escaped;
		if (m->key_escaped) {
			d = xmalloc(m->key_len ? m->key_len : 1);
			keys[i].len = scan_string_decode(m->key, m->key_len, d);
			keys[i].p = d;
		} else {
			keys[i].p = m->key;
			keys[i].len = m->key_len;
		}
	}
	qsort(keys, obj->count, sizeof(*keys), compare_plain_keys_placed);
	/* Of all repeated keys, report the repetition met first in reading
	   order, as the pairwise check of small objects does. */
	for (i = 1; i < obj->count; i++) {
		const struct scan_member *later;

		if (compare_plain_keys(&keys[i - 1], &keys[i]) != 0)
			continue;
		later = keys[i - 1].m > keys[i].m ? keys[i - 1].m : keys[i].m;
		if (dup == NULL || later < dup)
			dup = later;
	}
	for (i = 0; i < obj->count; i++)
		if (keys[i].owned)
			free((char *)keys[i].p);
	free(keys);
	return dup;
}

/*
 * Finds a duplicated key.  Small objects compare only keys whose
 * fingerprints collide (all pairs when a key has escapes); large ones sort.
 */
static const struct scan_member *
find_duplicate(const struct scan_object *obj)
{
	uint64_t seen = 0, bit;
	size_t i, j;
	int escapes = 0;

	if (obj->count > 48)
		return find_duplicate_sorted(obj);
	for (i = 0; i < obj->count; i++)
		escapes |= obj->members[i].key_escaped;
	for (i = 0; i < obj->count; i++) {
		bit = (uint64_t)1 << key_print(&obj->members[i]);
		if ((seen & bit) != 0 || escapes)
			for (j = 0; j < i; j++)
				if (keys_equal(&obj->members[i],
				    &obj->members[j]))
					return &obj->members[i];
		seen |= bit;
	}
	return NULL;
}

static int
parse_container(struct scan_object *obj, const char *text, size_t len,
    struct scan_error *err, unsigned char open)
{
	struct cursor c;
	struct scan_member *m;
	const struct scan_member *dup;
	unsigned char close = open == '{' ? '}' : ']';

	c.base = text;
	c.p = (const unsigned char *)text;
	c.end = c.p + len;
	c.err = err;
	obj->count = 0;
	skip_ws(&c);
	if (c.p >= c.end)
		return fail(&c, c.p, "empty line");
	if (*c.p != open)
		return fail(&c, c.p, open == '{' ? "not a JSON object" :
		    "not a JSON array");
	c.p++;
	skip_ws(&c);
	if (c.p < c.end && *c.p == close) {
		c.p++;
		goto done;
	}
	for (;;) {
		m = next_member(obj);
		if (open == '{') {
			if (parse_key(&c, &m->key, &m->key_len,
			    &m->key_escaped) != 0)
				return -1;
		} else {
			m->key = NULL;
			m->key_len = 0;
			m->key_escaped = 0;
			skip_ws(&c);
		}
		if (parse_member_value(&c, m) != 0)
			return -1;
		skip_ws(&c);
		if (c.p >= c.end)
			return fail(&c, c.p, open == '{' ? "truncated object" :
			    "truncated array");
		if (*c.p == close) {
			c.p++;
			break;
		}
		if (*c.p != ',')
			return fail(&c, c.p, open == '{' ?
			    "expected ',' or '}'" : "expected ',' or ']'");
		c.p++;
	}
done:
	skip_ws(&c);
	if (c.p != c.end)
		return fail(&c, c.p, "text after the JSON value");
	if (open == '{' && (dup = find_duplicate(obj)) != NULL)
		return fail(&c, (const unsigned char *)dup->key - 1,
		    "duplicate field");
	return 0;
}

int
scan_object_parse(struct scan_object *obj, const char *text, size_t len,
    struct scan_error *err)
{
	return parse_container(obj, text, len, err, '{');
}

int
scan_array_parse(struct scan_object *obj, const char *text, size_t len,
    struct scan_error *err)
{
	return parse_container(obj, text, len, err, '[');
}

int
scan_object_find(const char *text, size_t len, const char *name,
    size_t name_len, struct scan_member *out)
{
	struct scan_error err;
	struct cursor c;

	c.base = text;
	c.p = (const unsigned char *)text;
	c.end = c.p + len;
	c.err = &err;
	skip_ws(&c);
	if (c.p >= c.end || *c.p != '{')
		return -1;
	c.p++;
	skip_ws(&c);
	while (c.p < c.end && *c.p != '}') {
		if (parse_key(&c, &out->key, &out->key_len,
		    &out->key_escaped) != 0 ||
		    parse_member_value(&c, out) != 0)
			return -1;
		if (scan_key_equals(out, name, name_len))
			return 0;
		skip_ws(&c);
		if (c.p < c.end && *c.p == ',')
			c.p++;
	}
	return -1;
}

int
scan_key_equals(const struct scan_member *m, const char *name, size_t name_len)
{
	char stack[64], *d;
	size_t n;
	int same;

	if (!m->key_escaped)
		return m->key_len == name_len &&
		    memcmp(m->key, name, name_len) == 0;
	d = m->key_len <= sizeof(stack) ? stack : xmalloc(m->key_len);
	n = scan_string_decode(m->key, m->key_len, d);
	same = n == name_len && memcmp(d, name, n) == 0;
	if (d != stack)
		free(d);
	return same;
}

const struct scan_member *
scan_object_get(const struct scan_object *obj, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < obj->count; i++)
		if (scan_key_equals(&obj->members[i], name, n))
			return &obj->members[i];
	return NULL;
}

/* Appends code point u to out as UTF-8; returns the bytes written. */
static size_t
put_utf8(char *out, unsigned long u)
{
	if (u < 0x80) {
		out[0] = (char)u;
		return 1;
	}
	if (u < 0x800) {
		out[0] = (char)(0xc0 | (u >> 6));
		out[1] = (char)(0x80 | (u & 0x3f));
		return 2;
	}
	if (u < 0x10000) {
		out[0] = (char)(0xe0 | (u >> 12));
		out[1] = (char)(0x80 | ((u >> 6) & 0x3f));
		out[2] = (char)(0x80 | (u & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (u >> 18));
	out[1] = (char)(0x80 | ((u >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((u >> 6) & 0x3f));
	out[3] = (char)(0x80 | (u & 0x3f));
	return 4;
}

size_t
scan_string_decode(const char *raw, size_t len, char *out)
{
	const unsigned char *p = (const unsigned char *)raw, *end = p + len;
	size_t n = 0;
	long u, low;

	while (p < end) {
		if (*p != '\\') {
			out[n++] = (char)*p++;
			continue;
		}
		switch (p[1]) {
		case 'b': out[n++] = '\b'; p += 2; continue;
		case 'f': out[n++] = '\f'; p += 2; continue;
		case 'n': out[n++] = '\n'; p += 2; continue;
		case 'r': out[n++] = '\r'; p += 2; continue;
		case 't': out[n++] = '\t'; p += 2; continue;
		case 'u': break;
		default: out[n++] = (char)p[1]; p += 2; continue;
		}
		u = read_u_escape(p + 2, end);
		p += 6;
		if (u >= 0xd800 && u <= 0xdbff && end - p >= 6) {
			low = read_u_escape(p + 2, end);
			u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
			p += 6;
		}
		n += put_utf8(out + n, (unsigned long)u);
	}
	return n;
}

void
scan_object_init(struct scan_object *obj)
{
	memset(obj, 0, sizeof(*obj));
}

void
scan_object_free(struct scan_object *obj)
{
	free(obj->members);
	scan_object_init(obj);
}

/* --- splitting validated text ----------------------------------------- */

/* Past the string whose opening quote is at p, or NULL when it does not
   end; *escaped when it has an escape. */
static const unsigned char *
split_string(const unsigned char *p, const unsigned char *end,
    unsigned char *escaped)
{
	const unsigned char *q = p + 1, *back;

	/* memchr runs many bytes at a time; text members are long. */
	for (;;) {
		if ((q = memchr(q, '"', (size_t)(end - q))) == NULL)
			return NULL;
		for (back = q; back > p + 1 && back[-1] == '\\'; back--)
			;
		if ((q - back) % 2 == 0)
			break;
		q++;
	}
	*escaped = memchr(p + 1, '\\', (size_t)(q - p - 1)) != NULL;
	return q + 1;
}

/* Past the value at p: a string, a container, or a scalar. */
static const unsigned char *
split_value(const unsigned char *p, const unsigned char *end,
    enum scan_type *type, unsigned char *escaped)
{
	size_t depth = 0;
	unsigned char e;

	*escaped = 0;
	switch (*p) {
	case '"':
		*type = SCAN_STRING;
		return split_string(p, end, escaped);
	case '{':
	case '[':
		*type = *p == '{' ? SCAN_OBJECT : SCAN_ARRAY;
		for (; p < end; p++) {
			if (*p == '"') {
				if ((p = split_string(p, end, &e)) == NULL)
					return NULL;
				p--;
			} else if (*p == '{' || *p == '[') {
				depth++;
			} else if ((*p == '}' || *p == ']') && --depth == 0)
				return p + 1;
		}
		return NULL;
	case 't':
		*type = SCAN_TRUE;
		break;
	case 'f':
		*type = SCAN_FALSE;
		break;
	case 'n':
		*type = SCAN_NULL;
		break;
	default:
		*type = SCAN_NUMBER;
		break;
	}
	while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' &&
	    *p != '\t' && *p != '\r' && *p != '\n')
		p++;
	return p;
}

static const unsigned char *
split_ws(const unsigned char *p, const unsigned char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'))
		p++;
	return p;
}

int
scan_object_split(struct scan_object *obj, const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + len;
	const unsigned char *k, *v;
	struct scan_member *m;

	obj->count = 0;
	p = split_ws(p, end);
	if (p >= end || *p != '{')
		return -1;
	p = split_ws(p + 1, end);
	while (p < end && *p == '"') {
		m = next_member(obj);
		k = p;
		if ((p = split_string(p, end, &m->key_escaped)) == NULL)
			return -1;
		m->key = (const char *)k + 1;
		m->key_len = (size_t)(p - k) - 2;
		p = split_ws(p, end);
		if (p >= end || *p != ':')
			return -1;
		v = p = split_ws(p + 1, end);
		if (p >= end)
			return -1;
		if ((p = split_value(p, end, &m->type, &m->value_escaped)) ==
		    NULL)
			return -1;
		if (m->type == SCAN_STRING) {
			m->value = (const char *)v + 1;
			m->value_len = (size_t)(p - v) - 2;
		} else {
			m->value = (const char *)v;
			m->value_len = (size_t)(p - v);
		}
		p = split_ws(p, end);
		if (p < end && *p == ',')
			p = split_ws(p + 1, end);
	}
	return 0;
}
