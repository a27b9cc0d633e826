/*
 * srcrec.c - source records read by path without a tree (srcrec.h).
 */
#include "srcrec.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define BLOCK_SIZE 4096

/* Decoded strings live in blocks that never move until the next record. */
struct srcrec_block {
	struct srcrec_block *next;
	size_t used, cap;
	char data[];
};

void
srcrec_init(struct srcrec *r)
{
	memset(r, 0, sizeof(*r));
	scan_object_init(&r->top);
	scan_object_init(&r->scratch);
}

static void
free_blocks(struct srcrec_block *b)
{
	struct srcrec_block *next;

	for (; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
}

void
srcrec_free(struct srcrec *r)
{
	scan_object_free(&r->top);
	scan_object_free(&r->scratch);
	free_blocks(r->blocks);
	r->blocks = NULL;
}

/* Keeps the newest block (the common case fits it) and frees the rest. */
static void
reset_blocks(struct srcrec *r)
{
	if (r->blocks == NULL)
		return;
	free_blocks(r->blocks->next);
	r->blocks->next = NULL;
	r->blocks->used = 0;
}

static char *
alloc_bytes(struct srcrec *r, size_t n)
{
	struct srcrec_block *b = r->blocks, *nb;
	size_t cap;

	if (b == NULL || b->cap - b->used < n) {
		cap = n > BLOCK_SIZE ? n : BLOCK_SIZE;
		nb = xmalloc(sizeof(*nb) + cap);
		nb->cap = cap;
		nb->used = 0;
		nb->next = b;
		r->blocks = b = nb;
	}
	b->used += n;
	return b->data + b->used - n;
}

const char *
srcrec_keep(struct srcrec *r, const char *s, size_t len)
{
	char *d = alloc_bytes(r, len + 1);

	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

/* Fills v from a scanned member: strings decoded, the rest as text. */
static void
member_value(struct srcrec *r, const struct scan_member *m, struct srcval *v)
{
	char *d;

	v->type = m->type;
	if (m->type == SCAN_STRING && m->value_escaped) {
		d = alloc_bytes(r, m->value_len + 1);
		v->len = scan_string_decode(m->value, m->value_len, d);
		d[v->len] = '\0';
		v->s = d;
		return;
	}
	/* Copied even when nothing needs decoding: srcval promises a NUL. */
	v->s = srcrec_keep(r, m->value, m->value_len);
	v->len = m->value_len;
}

static int
parse_uint(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 19)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Reads src.format, src.file, src.line / src.offset and src.index. */
static void
read_provenance(struct srcrec *r)
{
	struct srcval v;

	r->format = "";
	r->file = "";
	r->position = 0;
	r->position_is_offset = 0;
	r->index = 0;
	r->src_json = NULL;
	r->src_json_len = 0;
	if (srcrec_get(r, "src", &v) != 1 || v.type != SCAN_OBJECT)
		return;
	r->src_json = v.s;
	r->src_json_len = v.len;
	if (srcrec_get_in(r, v.s, v.len, "format", &v) == 1 &&
	    v.type == SCAN_STRING)
		r->format = v.s;
	if (srcrec_get_in(r, r->src_json, r->src_json_len, "file", &v) == 1 &&
	    v.type == SCAN_STRING)
		r->file = v.s;
	if (srcrec_get_in(r, r->src_json, r->src_json_len, "line", &v) == 1 &&
	    v.type == SCAN_NUMBER)
		(void)parse_uint(v.s, v.len, &r->position);
	else if (srcrec_get_in(r, r->src_json, r->src_json_len, "offset",
	    &v) == 1 && v.type == SCAN_NUMBER) {
		(void)parse_uint(v.s, v.len, &r->position);
		r->position_is_offset = 1;
	}
	if (srcrec_get_in(r, r->src_json, r->src_json_len, "index", &v) == 1 &&
	    v.type == SCAN_NUMBER)
		(void)parse_uint(v.s, v.len, &r->index);
}

int
srcrec_parse(struct srcrec *r, const char *line, size_t len,
    struct scan_error *err)
{
	reset_blocks(r);
	r->line = line;
	r->len = len;
	if (scan_object_parse(&r->top, line, len, err) != 0) {
		r->top.count = 0;
		read_provenance(r);
		return -1;
	}
	read_provenance(r);
	return 0;
}

/* The element or member named comp[0..n) of the container json. */
static int
step(struct srcrec *r, const char *json, size_t len, const char *comp,
    size_t n, struct scan_member *out)
{
	struct scan_error err;
	uint64_t i;

	if (len > 0 && json[0] == '{')
		return scan_object_find(json, len, comp, n, out);
	if (len == 0 || json[0] != '[' || parse_uint(comp, n, &i) != 0)
		return -1;
	if (scan_array_parse(&r->scratch, json, len, &err) != 0 ||
	    i >= r->scratch.count)
		return -1;
	*out = r->scratch.members[i];
	return 0;
}

/* Follows path through the container json[0..len). */
static int
walk(struct srcrec *r, const char *json, size_t len, const char *path,
    struct srcval *v)
{
	struct scan_member m;
	const char *comp = path, *dot;
	size_t n;

	for (;;) {
		dot = strchr(comp, '.');
		n = dot != NULL ? (size_t)(dot - comp) : strlen(comp);
		if (step(r, json, len, comp, n, &m) != 0)
			return 0;
		if (dot == NULL)
			break;
		if (m.type != SCAN_OBJECT && m.type != SCAN_ARRAY)
			return 0;
		json = m.value;
		len = m.value_len;
		comp = dot + 1;
	}
	if (m.type == SCAN_NULL)
		return 0;
	member_value(r, &m, v);
	return 1;
}

int
srcrec_get_in(struct srcrec *r, const char *json, size_t len,
    const char *path, struct srcval *v)
{
	return walk(r, json, len, path, v);
}

/* The top-level member named path[0..n), or NULL. */
static const struct scan_member *
top_member(const struct srcrec *r, const char *path, size_t n)
{
	size_t i;

	for (i = 0; i < r->top.count; i++)
		if (scan_key_equals(&r->top.members[i], path, n))
			return &r->top.members[i];
	return NULL;
}

int
srcrec_get(struct srcrec *r, const char *path, struct srcval *v)
{
	const struct scan_member *m;
	const char *dot;

	if ((m = top_member(r, path, strlen(path))) != NULL) {
		if (m->type == SCAN_NULL)
			return 0;
		member_value(r, m, v);
		return 1;
	}
	if ((dot = strchr(path, '.')) == NULL ||
	    (m = top_member(r, path, (size_t)(dot - path))) == NULL ||
	    (m->type != SCAN_OBJECT && m->type != SCAN_ARRAY))
		return 0;
	return walk(r, m->value, m->value_len, dot + 1, v);
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const char *
srcrec_str(struct srcrec *r, const char *path, size_t *len, int trim)
{
	struct srcval v;
	const char *s;
	size_t n;

	*len = 0;
	if (srcrec_get(r, path, &v) != 1 || v.type == SCAN_OBJECT ||
	    v.type == SCAN_ARRAY)
		return NULL;
	s = v.s;
	n = v.len;
	if (trim) {
		while (n > 0 && is_space(*s)) {
			s++;
			n--;
		}
		while (n > 0 && is_space(s[n - 1]))
			n--;
		if (n == 0)
			return NULL;
	}
	*len = n;
	return s;
}
