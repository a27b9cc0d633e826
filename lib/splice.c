/*
 * splice.c - setting members of a JSON line in place (splice.h).
 */
#include "splice.h"

#include <string.h>

/* The member's text from its key's opening quote to its value's end. */
static void
member_text(const struct scan_member *m, const char **p, size_t *n)
{
	const char *end = m->value + m->value_len;

	if (m->type == SCAN_STRING)
		end++;		/* the closing quote */
	*p = m->key - 1;
	*n = (size_t)(end - *p);
}

static void
put_member(struct jsonl_buf *out, int *first, const char *key, size_t klen,
    const char *json, size_t jlen)
{
	jsonl_buf_append(out, *first ? "\"" : ",\"", *first ? 1 : 2);
	jsonl_buf_append(out, key, klen);
	jsonl_buf_append(out, "\":", 2);
	jsonl_buf_append(out, json, jlen);
	*first = 0;
}

/* Untouched members copied as one span of the line while they are
   separated by a bare comma (compact JSON lines): the same bytes as
   copying them one by one, in one memcpy. */
struct run {
	const char *start, *end;
};

static void
flush_run(struct jsonl_buf *out, int *first, struct run *r)
{
	if (r->start == NULL)
		return;
	if (!*first)
		jsonl_buf_append(out, ",", 1);
	jsonl_buf_append(out, r->start, (size_t)(r->end - r->start));
	*first = 0;
	r->start = NULL;
}

void
splice_line(struct jsonl_buf *out, const struct scan_object *members,
    const struct splice_field *fields, size_t n)
{
	const struct scan_member *m;
	const char *p;
	size_t i, k, len, klen[64];
	unsigned char done[64] = { 0 };
	int first = 1;
	struct run run = { NULL, NULL };

	if (n > 64)
		n = 64;
	for (k = 0; k < n; k++)
		klen[k] = strlen(fields[k].key);
	out->len = 0;
	jsonl_buf_append(out, "{", 1);
	for (i = 0; i < members->count; i++) {
		m = &members->members[i];
		for (k = 0; k < n; k++)
			if ((m->key_escaped || (m->key_len == klen[k] &&
			    (klen[k] == 0 || m->key[0] == fields[k].key[0]))) &&
			    scan_key_equals(m, fields[k].key, klen[k]))
				break;
		if (k < n) {
			flush_run(out, &first, &run);
			done[k] = 1;
			if (fields[k].json != NULL)
				put_member(out, &first, fields[k].key,
				    klen[k], fields[k].json,
				    fields[k].json_len);
			continue;
		}
		member_text(m, &p, &len);
		if (run.start != NULL && p == run.end + 1 && *run.end == ',') {
			run.end = p + len;
			continue;
		}
		flush_run(out, &first, &run);
		run.start = p;
		run.end = p + len;
	}
	flush_run(out, &first, &run);
	for (k = 0; k < n; k++)
		if (!done[k] && fields[k].json != NULL)
			put_member(out, &first, fields[k].key, klen[k],
			    fields[k].json, fields[k].json_len);
	jsonl_buf_append(out, "}", 1);
}
