/*
 * idgraph.c - identities and the customers they make (idgraph.h).
 */
#include "idgraph.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confline.h"
#include "hash.h"
#include "ident.h"
#include "output.h"
#include "scan.h"
#include "timefmt.h"
#include "util.h"

#define STATE_HEADER "canal-identity-state 1"

struct entry {
	uint64_t off;		/* text in g->text */
	uint32_t len;
	uint32_t parent;
	uint32_t size;		/* of the set, at its root */
	uint32_t account;	/* at the root: the set's account, or NONE */
	uint32_t key;		/* at the root: the set's earliest identity */
	int64_t first;		/* first instant seen, ms */
};

struct idgraph {
	struct entry *e;
	uint32_t n, cap;
	uint64_t *slots;	/* hash tag << 32 | (entry index + 1); 0 empty */
	size_t nslots;		/* a power of two */
	char *text;		/* every identity, NUL-terminated */
	uint64_t text_len, text_cap;
};

struct idgraph *
idgraph_new(void)
{
	struct idgraph *g = xcalloc(1, sizeof(*g));

	g->nslots = 1024;
	g->slots = xcalloc(g->nslots, sizeof(*g->slots));
	return g;
}

void
idgraph_free(struct idgraph *g)
{
	if (g == NULL)
		return;
	free(g->e);
	free(g->slots);
	free(g->text);
	free(g);
}

static int
same_text(const struct idgraph *g, uint32_t i, const char *s, size_t len)
{
	return g->e[i].len == len && memcmp(g->text + g->e[i].off, s, len) == 0;
}

/* The slot of s (hash h): holding it, or empty.  The hash's high half
   is kept in the slot: most other identities are passed without memcmp. */
static size_t
slot_of(const struct idgraph *g, const char *s, size_t len, uint64_t h)
{
	size_t mask = g->nslots - 1, k = (size_t)h & mask;
	uint64_t tag = h >> 32 << 32, v;

	while ((v = g->slots[k]) != 0 &&
	    !((v & 0xffffffff00000000ULL) == tag &&
	    same_text(g, (uint32_t)v - 1, s, len)))
		k = (k + 1) & mask;
	return k;
}

static uint64_t
slot_value(uint64_t h, uint32_t i)
{
	return (h >> 32 << 32) | ((uint64_t)i + 1);
}

static void
grow_slots(struct idgraph *g)
{
	uint64_t h;
	uint32_t i;

	free(g->slots);
	g->nslots *= 2;
	g->slots = xcalloc(g->nslots, sizeof(*g->slots));
	for (i = 0; i < g->n; i++) {
		h = hash_bytes(g->text + g->e[i].off, g->e[i].len);
		g->slots[slot_of(g, g->text + g->e[i].off, g->e[i].len, h)] =
		    slot_value(h, i);
	}
}

uint32_t
idgraph_find(const struct idgraph *g, const char *s, size_t len)
{
	uint64_t v = g->slots[slot_of(g, s, len, hash_bytes(s, len))];

	return v == 0 ? IDGRAPH_NONE : (uint32_t)v - 1;
}

static int
is_account(const char *s, size_t len)
{
	return len > 8 && memcmp(s, "account:", 8) == 0;
}

uint32_t
idgraph_add(struct idgraph *g, const char *s, size_t len, int64_t first_ms)
{
	uint64_t h = hash_bytes(s, len);
	size_t k = slot_of(g, s, len, h);
	struct entry *e;
	uint32_t i = g->slots[k] == 0 ? IDGRAPH_NONE :
	    (uint32_t)g->slots[k] - 1;

	if (i != IDGRAPH_NONE) {
		if (first_ms < g->e[i].first)
			g->e[i].first = first_ms;
		return i;
	}
	if (g->n == IDGRAPH_NONE - 1 || len > UINT32_MAX)
		return IDGRAPH_NONE;
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 1024;
		g->e = xreallocarray(g->e, g->cap, sizeof(*g->e));
	}
	while (g->text_len + len + 1 > g->text_cap) {
		g->text_cap = g->text_cap ? g->text_cap * 2 : 65536;
		g->text = xrealloc(g->text, g->text_cap);
	}
	i = g->n++;
	e = &g->e[i];
	e->off = g->text_len;
	e->len = (uint32_t)len;
	memcpy(g->text + g->text_len, s, len);
	g->text[g->text_len + len] = '\0';
	g->text_len += len + 1;
	e->parent = i;
	e->size = 1;
	e->account = is_account(s, len) ? i : IDGRAPH_NONE;
	e->key = i;
	e->first = first_ms;
	g->slots[k] = slot_value(h, i);
	/* Up to 70% full: linear probing stays short, and 10 million
	   identities take 128 MiB of slots, not 256. */
	if ((size_t)g->n * 10 > g->nslots * 7)
		grow_slots(g);
	return i;
}

uint32_t
idgraph_count(const struct idgraph *g)
{
	return g->n;
}

const char *
idgraph_text(const struct idgraph *g, uint32_t i, size_t *len)
{
	*len = g->e[i].len;
	return g->text + g->e[i].off;
}

int64_t
idgraph_first(const struct idgraph *g, uint32_t i)
{
	return g->e[i].first;
}

uint32_t
idgraph_root(struct idgraph *g, uint32_t i)
{
	while (g->e[i].parent != i) {
		g->e[i].parent = g->e[g->e[i].parent].parent;
		i = g->e[i].parent;
	}
	return i;
}

/* Whether identity a was seen before b (ties: the smaller text). */
static int
earlier(const struct idgraph *g, uint32_t a, uint32_t b)
{
	uint32_t la = g->e[a].len, lb = g->e[b].len;
	int c;

	if (g->e[a].first != g->e[b].first)
		return g->e[a].first < g->e[b].first;
	/* Bytes, not strcmp(): a NUL inside ("\u0000" in JSON) must not
	   make two identities tie, or the key depends on input order. */
	c = memcmp(g->text + g->e[a].off, g->text + g->e[b].off,
	    la < lb ? la : lb);
	return c != 0 ? c < 0 : la < lb;
}

int
idgraph_link(struct idgraph *g, uint32_t a, uint32_t b)
{
	uint32_t ra = idgraph_root(g, a), rb = idgraph_root(g, b), t;

	if (ra == rb)
		return 0;
	if (g->e[ra].account != IDGRAPH_NONE &&
	    g->e[rb].account != IDGRAPH_NONE)
		return 1;
	if (g->e[ra].size < g->e[rb].size) {
		t = ra;
		ra = rb;
		rb = t;
	}
	g->e[rb].parent = ra;
	g->e[ra].size += g->e[rb].size;
	if (g->e[ra].account == IDGRAPH_NONE)
		g->e[ra].account = g->e[rb].account;
	if (earlier(g, g->e[rb].key, g->e[ra].key))
		g->e[ra].key = g->e[rb].key;
	return 0;
}

uint32_t
idgraph_account(struct idgraph *g, uint32_t i)
{
	return g->e[idgraph_root(g, i)].account;
}

uint32_t
idgraph_key_identity(struct idgraph *g, uint32_t i)
{
	return g->e[idgraph_root(g, i)].key;
}

void
idgraph_settle(struct idgraph *g)
{
	uint32_t i, r;

	for (i = 0; i < g->n; i++) {
		r = idgraph_root(g, i);
		if (r == i)
			g->e[r].key = i;
	}
	for (i = 0; i < g->n; i++) {
		r = idgraph_root(g, i);
		if (earlier(g, i, g->e[r].key))
			g->e[r].key = i;
	}
}

void
idgraph_key(struct idgraph *g, uint32_t i, char key[IDGRAPH_KEY_LEN + 1])
{
	struct ident_hash h;
	char hex[IDENT_HASH_HEX + 1];
	uint32_t k = idgraph_key_identity(g, i);

	ident_hash_init(&h);
	ident_hash_add(&h, g->text + g->e[k].off, g->e[k].len);
	ident_hash_hex(&h, hex);
	memcpy(key, "cust-", 5);
	memcpy(key + 5, hex, 16);
	key[IDGRAPH_KEY_LEN] = '\0';
}

/*
 * Writes s[0..len) with tab, newline, CR and backslash escaped, and every
 * byte the reader would refuse (a NUL, a byte that is not part of valid
 * UTF-8) as \xHH: a state file is always UTF-8 text without NUL bytes,
 * whatever an identity holds ("\u0000" in an event's account, say).
 */
static void
put_escaped(struct jsonl_writer *w, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, start = 0, valid = 0;
	char x[4] = { '\\', 'x' };
	const char *esc;

	for (i = 0; i < len; i++) {
		if (i == valid)
			valid = i + scan_utf8_valid_prefix(s + i, len - i);
		esc = NULL;
		if (i == valid) {
			/* An invalid byte: escaped alone, the rest checked
			   again from the next one. */
			valid++;
			goto hex_escape;
		}
		switch (s[i]) {
		case '\t':
			esc = "\\t";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\0':
			goto hex_escape;
		default:
			continue;
		}
		jsonl_writer_write(w, s + start, i - start);
		jsonl_writer_write(w, esc, 2);
		start = i + 1;
		continue;
hex_escape:
		x[2] = hex[(unsigned char)s[i] >> 4];
		x[3] = hex[(unsigned char)s[i] & 15];
		jsonl_writer_write(w, s + start, i - start);
		jsonl_writer_write(w, x, 4);
		start = i + 1;
	}
	jsonl_writer_write(w, s + start, len - start);
}

/* The decimal digits of v, written backwards from end; returns the first. */
static char *
put_number(char *end, uint64_t v)
{
	do
		*--end = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return end;
}

int
idgraph_write(struct idgraph *g, struct jsonl_writer *w)
{
	uint32_t *first_of_root, i, r;
	/* "\t" TS "\t" and the digits of any uint64_t, "\n": sized by the
	   types, not by how many identities there are today. */
	char ts[TIMEFMT_TS_LEN + 1], num[TIMEFMT_TS_LEN + 2 + 20 + 1 + 1];
	char *p, *end = num + sizeof(num);
	size_t tl;

	first_of_root = xreallocarray(NULL, g->n ? g->n : 1,
	    sizeof(*first_of_root));
	for (i = 0; i < g->n; i++)
		first_of_root[i] = IDGRAPH_NONE;
	jsonl_writer_line(w, STATE_HEADER, strlen(STATE_HEADER));
	for (i = 0; i < g->n; i++) {
		r = idgraph_root(g, i);
		if (first_of_root[r] == IDGRAPH_NONE)
			first_of_root[r] = i;
		put_escaped(w, g->text + g->e[i].off, g->e[i].len);
		/* "-": known from an identity map, never seen in an event. */
		if (g->e[i].first == INT64_MAX ||
		    timefmt_format_ts(g->e[i].first, ts) != 0)
			strcpy(ts, "-");
		tl = strlen(ts);
		end[-1] = '\n';
		p = put_number(end - 1, first_of_root[r]);
		*--p = '\t';
		p -= tl;
		memcpy(p, ts, tl);
		*--p = '\t';
		jsonl_writer_write(w, p, (size_t)(end - p));
	}
	end[-1] = '\n';
	p = put_number(end - 1, g->n);
	p -= 4;
	memcpy(p, "end ", 4);
	jsonl_writer_write(w, p, (size_t)(end - p));
	free(first_of_root);
	return w->error != 0 ? -1 : 0;
}

int
idgraph_save(struct idgraph *g, const char *path, char *err, size_t errlen)
{
	struct output out;

	if (output_open(&out, path, 0) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (idgraph_write(g, &out.w) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(out.w.error));
		output_abort(&out);
		return -1;
	}
	if (output_commit(&out) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Undoes put_escaped() in place; returns the new length or -1. */
static long
unescape(char *s, size_t len)
{
	size_t i, k = 0;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] != '\\') {
			s[k++] = s[i];
			continue;
		}
		if (++i == len)
			return -1;
		switch (s[i]) {
		case 't':
			s[k++] = '\t';
			break;
		case 'n':
			s[k++] = '\n';
			break;
		case 'r':
			s[k++] = '\r';
			break;
		case '\\':
			s[k++] = '\\';
			break;
		case 'x':
			/* Lowercase, as written: one spelling per byte, so
			   that a file loaded and saved again is the same. */
			if (len - i < 3 || (hi = hex_digit(s[i + 1])) < 0 ||
			    (lo = hex_digit(s[i + 2])) < 0)
				return -1;
			s[k++] = (char)(hi << 4 | lo);
			i += 2;
			break;
		default:
			return -1;
		}
	}
	return (long)k;
}

/* The kinds of identity stitching makes (stitch.c): anything else in a
   state file was not written by canal-merge. */
static const char *const state_kinds[] = {
	"account:", "email:", "phone:", "handle:"
};

static int
known_kind(const char *s, size_t len)
{
	size_t k, kl;

	for (k = 0; k < sizeof(state_kinds) / sizeof(state_kinds[0]); k++) {
		kl = strlen(state_kinds[k]);
		if (len > kl && memcmp(s, state_kinds[k], kl) == 0)
			return 1;
	}
	return 0;
}

/* One "IDENTITY<TAB>TS<TAB>SET" line; returns a reason or NULL. */
static const char *
load_line(struct idgraph *g, char *line, size_t len, uint32_t lineno_idx,
    uint32_t **map, uint32_t *nmap, uint32_t *mapcap)
{
	char *tab1, *tab2, *end;
	const char *why;
	unsigned long set;
	int64_t ms;
	long n;
	uint32_t i;

	if ((tab1 = memchr(line, '\t', len)) == NULL ||
	    (tab2 = memchr(tab1 + 1, '\t', len - (size_t)(tab1 + 1 - line)))
	    == NULL)
		return "not IDENTITY<TAB>FIRST-TS<TAB>SET";
	if ((n = unescape(line, (size_t)(tab1 - line))) <= 0)
		return "bad identity";
	if (!known_kind(line, (size_t)n))
		return "unknown identity kind";
	if (tab2 - tab1 == 2 && tab1[1] == '-')
		ms = INT64_MAX;
	else if (timefmt_parse_ts(tab1 + 1, (size_t)(tab2 - tab1 - 1), &ms,
	    &why) != 0)
		return "bad first time";
	errno = 0;
	/* Digits only, as saved: strtoul would take " 7" and "+7". */
	if (tab2[1] < '0' || tab2[1] > '9')
		return "bad set index";
	set = strtoul(tab2 + 1, &end, 10);
	if (end == tab2 + 1 || end != line + len || errno != 0 ||
	    set > lineno_idx)
		return "bad set index";
	if ((i = idgraph_add(g, line, (size_t)n, ms)) == IDGRAPH_NONE)
		return "too many identities";
	if (*nmap == *mapcap) {
		*mapcap = *mapcap ? *mapcap * 2 : 1024;
		*map = xreallocarray(*map, *mapcap, sizeof(**map));
	}
	(*map)[(*nmap)++] = i;
	if (set < lineno_idx && idgraph_link(g, i, (*map)[set]) != 0)
		return "a set with two accounts";
	return NULL;
}

/* The lines of a state file from c; see idgraph_load(). */
static int
read_state(struct idgraph *g, struct confline *c, char *err, size_t errlen)
{
	uint32_t *map = NULL, nmap = 0, mapcap = 0;
	unsigned long count;
	const char *why = NULL;
	char *end;
	int ended = 0, got;

	while (why == NULL && (got = confline_next(c, err, errlen)) > 0) {
		/* The writer ends every line: one without its newline is
		   a file cut short (a full disk, a copy interrupted). */
		if (feof(c->f))
			why = "truncated line";
		else if (ended)
			why = "text after the end line";
		else if (c->lineno == 1)
			why = strcmp(c->line, STATE_HEADER) == 0 ? NULL :
			    "not a canal identity state file";
		else if (strncmp(c->line, "end ", 4) == 0) {
			errno = 0;
			count = strtoul(c->line + 4, &end, 10);
			why = c->line[4] < '0' || c->line[4] > '9' ||
			    *end != '\0' || errno != 0 || count != nmap ?
			    "the end line does not count the lines" : NULL;
			ended = 1;
		} else
			why = load_line(g, c->line, c->len, nmap, &map, &nmap,
			    &mapcap);
	}
	free(map);
	if (why == NULL && got < 0)
		return -1;	/* confline's "PATH:LINE: reason" */
	if (why == NULL && !ended) {
		if (c->lineno == 0) {
			c->lineno++;
			why = "empty file";
		} else {
			c->lineno++;
			why = "no end line: truncated";
		}
	}
	if (why != NULL)
		snprintf(err, errlen, "%s:%lu: %s", c->path, c->lineno, why);
	return why == NULL ? 0 : -1;
}

int
idgraph_read(struct idgraph *g, FILE *f, const char *name, char *err,
    size_t errlen)
{
	struct confline c;

	/* confline_open() takes a path; a stream given is read the same. */
	memset(&c, 0, sizeof(c));
	c.f = f;
	c.path = name;
	c.max_line = IDGRAPH_STATE_MAX_LINE;
	c.max_total = IDGRAPH_STATE_MAX_TOTAL;
	c.flags = CONFLINE_UTF8;
	if (read_state(g, &c, err, errlen) != 0) {
		free(c.line);
		return -1;
	}
	free(c.line);
	return 0;
}

int
idgraph_load(struct idgraph *g, const char *path, char *err, size_t errlen)
{
	struct confline c;
	int status;

	if (confline_open(&c, path, IDGRAPH_STATE_MAX_LINE,
	    IDGRAPH_STATE_MAX_TOTAL, CONFLINE_UTF8, err, errlen) != 0)
		return -1;
	status = read_state(g, &c, err, errlen);
	confline_close(&c);
	return status;
}
