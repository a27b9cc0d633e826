/*
 * stitch.c - customers, threads and cases across channels (stitch.h).
 */
#include "stitch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "confline.h"
#include "idgraph.h"
#include "ident.h"
#include "phone.h"
#include "scan.h"
#include "spancache.h"
#include "splice.h"
#include "strmap.h"
#include "timefmt.h"
#include "util.h"

/* The identity kinds that join, strongest first. */
static const char *const kinds[] = { "account", "email", "phone", "handle" };
#define NKINDS 4
#define MAX_IDS 8		/* identities of one event that are linked */
#define SPAN_CACHE_BITS 16	/* 65,536 "ids" objects, 12 MB */

/* The members phase two reads, found in one pass over the line. */
enum wanted {
	W_IDS, W_CUSTOMER, W_CONVERSATION, W_CHANNEL, W_SOURCE, W_MESSAGE_ID,
	W_IN_REPLY_TO, W_REFERENCES, W_SUBJECT, NWANTED
};
static const char *const wanted[NWANTED] = { "ids", "customer",
    "conversation", "channel", "source", "message_id", "in_reply_to",
    "references", "subject" };

/* One distinct link between two identities, first seen at (ts, place). */
struct link {
	uint32_t a, b;
	int64_t ts;
	uint32_t file;
	uint64_t line;
};

/* Per conversation: its first identity seen in phase one (IDGRAPH_NONE
   if none), its customer (an index of custs, or STRMAP_NONE), and its last
   instant for --idle. */
struct conv_state {
	uint32_t first_identity;
	uint32_t customer;
	int64_t last, start;
};

/*
 * What the bytes of one "ids" object come to, kept in the span cache: a
 * customer's events carry the same object again and again, and those bytes
 * alone decide the identities, so they are parsed once while they stay in
 * the cache.  The hints are the conversations last met with the object,
 * tried before a hash lookup, and its customer's key is kept whole: a
 * customer's next event reads little memory beyond its own record.
 */
struct span_record {
	int64_t ts;		/* phase one: identities and links added at */
	uint32_t identity;	/* the strongest identity, or IDGRAPH_NONE */
	uint32_t customer;	/* phase two: its index in custs, or NONE */
	char customer_key[IDGRAPH_KEY_LEN];	/* when customer is set */
	struct strmap_hint conv;
};

/*
 * What phase one notes of an event for phase two (stitch_seen()'s note,
 * given back to stitch_emit()), when the line can be rewritten without
 * being split again: a compact line ("{", members joined by bare commas,
 * "}", no escaped key) whose customer comes from its own identities and
 * whose conversation is its own (not an e-mail with a message id, not a
 * channel cut by silence), each member it replaces reading "key":value.
 * Then only the offsets of those members are needed to splice it.
 */
enum noted { N_CUSTOMER, N_CASE, N_CHANNELS, NNOTED };
static const char *const noted_key[NNOTED] = { "customer", "case",
    "case_channels" };
static const size_t noted_len[NNOTED] = { 8, 4, 13 };

struct note {
	uint32_t len;		/* the line's length; 0: no note */
	uint32_t identity;	/* its strongest identity */
	uint32_t conv;		/* the index of its conversation's state */
	uint32_t at[NNOTED];	/* a replaced member's value offset, 0 none */
	uint16_t vlen[NNOTED];	/* and its length */
	int8_t channel;		/* its channel's bit, -1 none */
};
_Static_assert(sizeof(struct note) <= STITCH_NOTE_SIZE,
    "a note outgrows STITCH_NOTE_SIZE");

/* Per customer: the case under way. */
struct cust_state {
	int64_t last, start;
	uint32_t channels;	/* bit per channel value */
	char start_text[TIMEFMT_TS_LEN];	/* start as a ts */
};

/* At most 32 channel values (a bit each in cust_state.channels). */
#define MAX_CHANNELS 32
#define LISTED_CHANNELS 12	/* channel lists kept written: 2^12 */

struct stitch {
	struct stitch_options opts;
	struct diag *d;
	struct idgraph *g;
	/* links, each once */
	struct link *links;
	uint32_t nlinks, links_cap;
	uint32_t *link_slots;	/* index in links + 1, 0 empty */
	size_t nlink_slots;
	struct strmap files;
	struct strmap_hint last_file;
	struct spancache *spans;
	struct span_record *span;	/* phase two: the event's, or NULL */
	/* phase two */
	struct scan_object obj, ids;
	struct strmap convs, custs, msgs, subjects;
	struct conv_state *conv;
	struct cust_state *cust;
	uint32_t *msg_root;	/* message index -> its thread root's index */
	uint32_t *subject_root;
	uint32_t *root_customer;	/* set root -> custs index, or NONE */
	uint32_t nroot_customer;
	uint32_t customer_index;	/* of the event's customer, or NONE */
	char *decoded;
	size_t decoded_cap;
	struct jsonl_buf out, customer, conversation, kase, channels, text;
	struct jsonl_buf quoted[3];	/* JSON strings of the spliced values */
	int ranked;		/* the line last emitted has a customer */
	uint64_t noted;		/* lines written from their notes */
	const char *const *channel_names;
	size_t channel_len[MAX_CHANNELS];
	/* Channel bits -> their JSON array in list_text (offset + 1, 0
	   not yet written), while there are at most LISTED_CHANNELS. */
	uint32_t *list_off;
	struct jsonl_buf list_text;
	const struct scan_member *found[NWANTED];	/* per line */
	size_t wanted_len[NWANTED];
};

struct stitch *
stitch_new(const struct stitch_options *opts, struct diag *d)
{
	struct stitch *s = xcalloc(1, sizeof(*s));
	size_t k;

	s->opts = *opts;
	s->d = d;
	s->g = idgraph_new();
	strmap_init(&s->files);
	strmap_hint_init(&s->last_file);
	s->spans = spancache_new(opts->span_cache_bits ? opts->span_cache_bits :
	    SPAN_CACHE_BITS, sizeof(struct span_record));
	strmap_init(&s->convs);
	strmap_init(&s->custs);
	strmap_init(&s->msgs);
	strmap_init(&s->subjects);
	scan_object_init(&s->obj);
	scan_object_init(&s->ids);
	s->channel_names = event_field_values(EVENT_CHANNEL);
	for (k = 0; s->channel_names[k] != NULL && k < MAX_CHANNELS; k++)
		s->channel_len[k] = strlen(s->channel_names[k]);
	for (k = 0; k < NWANTED; k++)
		s->wanted_len[k] = strlen(wanted[k]);
	return s;
}

void
stitch_free(struct stitch *s)
{
	uint32_t i;

	if (s == NULL)
		return;
	idgraph_free(s->g);
	free(s->links);
	free(s->link_slots);
	strmap_free(&s->files);
	spancache_free(s->spans);
	free(s->root_customer);
	strmap_free(&s->convs);
	strmap_free(&s->custs);
	strmap_free(&s->msgs);
	strmap_free(&s->subjects);
	free(s->list_off);
	jsonl_buf_free(&s->list_text);
	free(s->conv);
	free(s->cust);
	free(s->msg_root);
	free(s->subject_root);
	scan_object_free(&s->obj);
	scan_object_free(&s->ids);
	free(s->decoded);
	jsonl_buf_free(&s->out);
	jsonl_buf_free(&s->customer);
	jsonl_buf_free(&s->conversation);
	jsonl_buf_free(&s->kase);
	jsonl_buf_free(&s->channels);
	jsonl_buf_free(&s->text);
	for (i = 0; i < 3; i++)
		jsonl_buf_free(&s->quoted[i]);
	free(s);
}

/* A string member's decoded text, in s->decoded (valid until the next). */
static const char *
decoded(struct stitch *s, const struct scan_member *m, size_t *len)
{
	if (!m->value_escaped) {
		*len = m->value_len;
		return m->value;
	}
	if (s->decoded_cap < m->value_len + 1) {
		s->decoded_cap = m->value_len + 1;
		s->decoded = xrealloc(s->decoded, s->decoded_cap);
	}
	*len = scan_string_decode(m->value, m->value_len, s->decoded);
	return s->decoded;
}

/*
 * The index of conversation key's state (made when new), in both phases:
 * phase one makes the native ones.  hint as for strmap_put_hinted(), or
 * NULL.
 */
static uint32_t
conversation_index(struct stitch *s, const char *key, size_t len,
    struct strmap_hint *hint)
{
	int added;
	uint32_t i = strmap_put_hinted(&s->convs, hint, key, len,
	    &added);

	if (added) {
		if ((i & (i - 1)) == 0 || i == 0)
			s->conv = xreallocarray(s->conv, i ? 2 * (size_t)i : 1,
			    sizeof(*s->conv));
		memset(&s->conv[i], 0, sizeof(s->conv[i]));
		s->conv[i].first_identity = IDGRAPH_NONE;
		s->conv[i].customer = STRMAP_NONE;
		s->conv[i].last = INT64_MIN;
	}
	return i;
}

static struct conv_state *
conversation_state(struct stitch *s, const char *key, size_t len,
    struct strmap_hint *hint)
{
	/* Apart: the call may move s->conv. */
	uint32_t i = conversation_index(s, key, len, hint);

	return &s->conv[i];
}

/* "kind:value" of identity k in buf (cap bytes); 0 when it does not fit. */
static size_t
identity_text(const char *kind, const char *v, size_t n, char *buf,
    size_t cap)
{
	size_t k = strlen(kind);

	if (n == 0 || k + 1 + n > cap)
		return 0;
	memcpy(buf, kind, k);
	buf[k] = ':';
	memcpy(buf + k + 1, v, n);
	return k + 1 + n;
}

/* The first slot to probe for the link a-b (a < b). */
static size_t
link_slot(const struct stitch *s, uint32_t a, uint32_t b)
{
	uint64_t key = (uint64_t)a << 32 | b;

	return (size_t)(key * 0x9e3779b97f4a7c15ULL >> 20) &
	    (s->nlink_slots - 1);
}

static void
grow_links(struct stitch *s)
{
	size_t cap = s->nlink_slots ? s->nlink_slots * 2 : 1024, k;
	uint32_t i;

	free(s->link_slots);
	s->link_slots = xcalloc(cap, sizeof(*s->link_slots));
	s->nlink_slots = cap;
	for (i = 0; i < s->nlinks; i++) {
		for (k = link_slot(s, s->links[i].a, s->links[i].b);
		    s->link_slots[k] != 0; k = (k + 1) & (cap - 1))
			;
		s->link_slots[k] = i + 1;
	}
}

/*
 * Notes the link a-b at (ts, file, line), keeping its earliest sighting.
 * The slots hold indexes only (4 bytes a slot, a link's ends are read from
 * links when probing): 5 million links take 64 MiB of slots.
 */
static void
add_link(struct stitch *s, uint32_t a, uint32_t b, int64_t ts, uint32_t file,
    uint64_t line)
{
	size_t k;
	struct link *l;

	if (a == b)
		return;
	if (a > b) {
		uint32_t t = a;

		a = b;
		b = t;
	}
	if ((size_t)(s->nlinks + 1) * 2 > s->nlink_slots)
		grow_links(s);
	for (k = link_slot(s, a, b); s->link_slots[k] != 0;
	    k = (k + 1) & (s->nlink_slots - 1)) {
		l = &s->links[s->link_slots[k] - 1];
		if (l->a != a || l->b != b)
			continue;
		if (ts < l->ts) {
			l->ts = ts;
			l->file = file;
			l->line = line;
		}
		return;
	}
	if (s->nlinks == s->links_cap) {
		s->links_cap = s->links_cap ? s->links_cap * 2 : 1024;
		s->links = xreallocarray(s->links, s->links_cap,
		    sizeof(*s->links));
	}
	s->link_slots[k] = s->nlinks + 1;
	l = &s->links[s->nlinks++];
	l->a = a;
	l->b = b;
	l->ts = ts;
	l->file = file;
	l->line = line;
}

static uint32_t
file_index(struct stitch *s, const char *file)
{
	int added;

	/* Every event of one input names the same file. */
	return strmap_put_hinted(&s->files, &s->last_file, file,
	    strlen(file) + 1, &added);
}

/*
 * Adds identities texts[0..n) seen at ts and links each to the first,
 * whose index goes to *first when first is not NULL.  Returns -1 when the
 * graph is full.
 */
static int
add_identities(struct stitch *s, char texts[][IDENT_EMAIL_MAX + 16],
    const size_t *lens, size_t n, int64_t ts, int64_t link_ts,
    uint32_t *first, uint32_t file, uint64_t line)
{
	uint32_t idx[MAX_IDS];
	size_t i;

	for (i = 0; i < n; i++)
		if ((idx[i] = idgraph_add(s->g, texts[i], lens[i], ts)) ==
		    IDGRAPH_NONE)
			return -1;
	for (i = 1; i < n; i++)
		add_link(s, idx[0], idx[i], link_ts, file, line);
	if (first != NULL)
		*first = n > 0 ? idx[0] : IDGRAPH_NONE;
	return 0;
}

/*
 * The identities in the "ids" object text[0..len): up to MAX_IDS "kind:
 * value" texts, strongest kind first.  Returns their number.
 */
static size_t
event_identities(struct stitch *s, const char *text, size_t len,
    int validated, char out[][IDENT_EMAIL_MAX + 16], size_t *lens)
{
	char addr[IDENT_EMAIL_MAX + 1];
	struct scan_error err;
	const struct scan_member *m;
	const char *v;
	size_t i, k, n = 0, vlen;

	if (validated ? scan_object_split(&s->ids, text, len) != 0 :
	    scan_object_parse(&s->ids, text, len, &err) != 0)
		return 0;
	for (k = 0; k < NKINDS; k++)
		for (i = 0; i < s->ids.count && n < MAX_IDS; i++) {
			m = &s->ids.members[i];
			if (m->type != SCAN_STRING ||
			    !scan_key_equals(m, kinds[k], strlen(kinds[k])))
				continue;
			v = decoded(s, m, &vlen);
			/* The schema says lowercase; a source that did not
			   go through canal-normalize may not. */
			if (k == 1) {
				if ((vlen = ident_email(v, vlen, addr)) == 0)
					continue;
				v = addr;
			}
			if ((lens[n] = identity_text(kinds[k], v, vlen, out[n],
			    IDENT_EMAIL_MAX + 16)) > 0)
				n++;
		}
	return n;
}

/*
 * The first identity seen in a conversation (its strongest), so that the
 * conversation's events before it, which name nobody (a greeting, a
 * system notice), get the same customer as the rest of it.  hint: the
 * conversation last met with the event's "ids", or NULL.  Returns the
 * conversation's index, or STRMAP_NONE when the event names none.
 */
static uint32_t
remember_first_identity(struct stitch *s, const struct scan_member *conv,
    uint32_t identity, struct strmap_hint *hint)
{
	struct conv_state *c;
	const char *v;
	size_t vlen;
	uint32_t before = hint != NULL ? hint->index : STRMAP_NONE, i;

	if (conv == NULL || conv->type != SCAN_STRING)
		return STRMAP_NONE;
	v = decoded(s, conv, &vlen);
	i = conversation_index(s, v, vlen, hint);
	/* The conversation the same "ids" named last: its first identity
	   is set already, and its state need not even be read. */
	if (hint != NULL && hint->index == before)
		return i;
	c = &s->conv[i];
	if (c->first_identity == IDGRAPH_NONE)
		c->first_identity = identity;
	return i;
}

/* The channel of string member m (NULL: none): its bit, or -1. */
static int
channel_index(struct stitch *s, const struct scan_member *m)
{
	const char *v;
	size_t n, i;

	if (m == NULL || m->type != SCAN_STRING || m->value_len == 0)
		return -1;
	v = decoded(s, m, &n);
	for (i = 0; s->channel_names[i] != NULL && i < MAX_CHANNELS; i++)
		if (s->channel_len[i] == n &&
		    memcmp(s->channel_names[i], v, n) == 0)
			return (int)i;
	return -1;
}

/* Whether m is a string member whose text is want[0..n). */
static int
is_text(struct stitch *s, const struct scan_member *m, const char *want,
    size_t n)
{
	const char *v;
	size_t len;

	if (m == NULL || m->type != SCAN_STRING)
		return 0;
	v = decoded(s, m, &len);
	return len == n && memcmp(v, want, n) == 0;
}

/* Whether member m of a compact line names a thread of its own (an
   e-mail's message id: phase two threads it). */
static int
threads_mail(struct stitch *s, const struct event_view *ev,
    const struct scan_member *m)
{
	return m->key_len == 10 && memcmp(m->key, "message_id", 10) == 0 &&
	    m->type == SCAN_STRING && m->value_len > 0 &&
	    is_text(s, ev->field[EVENT_CHANNEL], "email", 5);
}

/*
 * Notes the offset of member m's value in n when it is one phase two
 * replaces.  Returns -1 when it is one but not written "key":value.
 */
static int
note_member(struct note *n, const char *line, const struct scan_member *m,
    const char *end)
{
	const char *v = m->key + m->key_len + 2;	/* after the ": */
	size_t k;

	for (k = 0; k < NNOTED; k++)
		if (m->key_len == noted_len[k] &&
		    memcmp(m->key, noted_key[k], noted_len[k]) == 0)
			break;
	if (k == NNOTED)
		return 0;
	if (m->key[m->key_len + 1] != ':' || (m->type == SCAN_STRING ?
	    m->value - 1 : m->value) != v || end - v > UINT16_MAX)
		return -1;
	n->at[k] = (uint32_t)(v - line);
	n->vlen[k] = (uint16_t)(end - v);
	return 0;
}

/* Phase one: the note of event ev (see struct note), when it gets one. */
static void
take_note(struct stitch *s, const struct event_view *ev, uint32_t identity,
    uint32_t conv, void *out)
{
	const struct scan_member *m, *cv = ev->field[EVENT_CONVERSATION];
	const char *line = ev->line, *p = line + 1, *end = line + 1;
	struct note n;
	size_t i;

	if (cv == NULL || cv->value_len == 0 || ev->len < 2 ||
	    ev->len > UINT32_MAX || line[0] != '{' ||
	    line[ev->len - 1] != '}' || ev->members.count == 0 ||
	    is_text(s, ev->field[EVENT_CHANNEL], "sms", 3) ||
	    is_text(s, ev->field[EVENT_SOURCE], "whatsapp", 8))
		return;
	memset(&n, 0, sizeof(n));
	for (i = 0; i < ev->members.count; i++) {
		m = &ev->members.members[i];
		if (i > 0 && *end != ',')
			return;
		p = i > 0 ? end + 1 : p;
		if (m->key_escaped || m->key != p + 1)
			return;
		end = m->value + m->value_len + (m->type == SCAN_STRING);
		if (threads_mail(s, ev, m) || note_member(&n, line, m, end) != 0)
			return;
	}
	if (end != line + ev->len - 1)
		return;
	n.len = (uint32_t)ev->len;
	n.identity = identity;
	n.conv = conv;
	n.channel = (int8_t)channel_index(s, ev->field[EVENT_CHANNEL]);
	memcpy(out, &n, sizeof(n));
}

/*
 * The span record of an "ids" object: cached, or made now (NULL only when
 * the object is too long to cache).
 */
static struct span_record *
new_span(struct stitch *s, const struct scan_member *ids, int64_t ts,
    uint32_t identity)
{
	struct span_record *r = spancache_put(s->spans, ids->value,
	    ids->value_len);

	if (r != NULL) {
		r->ts = ts;
		r->identity = identity;
		r->customer = STRMAP_NONE;
		strmap_hint_init(&r->conv);
	}
	return r;
}

int
stitch_seen(struct stitch *s, const struct event_view *ev, const char *file,
    uint64_t line, void *note)
{
	char texts[MAX_IDS][IDENT_EMAIL_MAX + 16];
	size_t lens[MAX_IDS], n;
	const struct scan_member *ids = ev->field[EVENT_IDS];
	struct span_record *r;
	uint32_t identity, conv;

	if (!s->opts.stitch || ids == NULL || ids->type != SCAN_OBJECT)
		return 0;
	/* The same bytes seen no later than now: adding their identities
	   and links again would change nothing (a sighting is only ever
	   moved earlier), so they are not even parsed. */
	r = spancache_get(s->spans, ids->value, ids->value_len);
	if (r == NULL || ev->ts_ms < r->ts) {
		/* event_parse() validated the whole line, ids included. */
		n = event_identities(s, ids->value, ids->value_len, 1, texts,
		    lens);
		if (add_identities(s, texts, lens, n, ev->ts_ms, ev->ts_ms,
		    &identity, n > 1 ? file_index(s, file) : 0, line) != 0)
			return -1;
		if (r == NULL)
			r = new_span(s, ids, ev->ts_ms, identity);
		else
			r->ts = ev->ts_ms;
	} else
		identity = r->identity;
	if (identity == IDGRAPH_NONE)
		return 0;
	conv = remember_first_identity(s, ev->field[EVENT_CONVERSATION],
	    identity, r != NULL ? &r->conv : NULL);
	if (note != NULL && conv != STRMAP_NONE)
		take_note(s, ev, identity, conv, note);
	return 0;
}

int
stitch_load_state(struct stitch *s, const char *path, char *err,
    size_t errlen)
{
	return idgraph_load(s->g, path, err, errlen);
}

int
stitch_save_state(struct stitch *s, const char *path, char *err,
    size_t errlen)
{
	return idgraph_save(s->g, path, err, errlen);
}

int
stitch_write_state(struct stitch *s, struct jsonl_writer *w)
{
	return idgraph_write(s->g, w);
}

/* One identity of an identity map in canonical form; 0 if none. */
static size_t
map_identity(struct stitch *s, const char *kind, const char *v, size_t n,
    char *out)
{
	char buf[IDENT_EMAIL_MAX + 1];
	struct phone_number num;
	const char *colon;
	size_t k;

	while (n > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' ||
	    v[n - 1] == '\r'))
		n--;
	/* A map's bytes are what its writer made them (a CSV in Latin-1):
	   an identity that is not UTF-8 is none, and its row is counted
	   among those skipped. */
	if (n == 0 || scan_utf8_valid_prefix(v, n) != n)
		return 0;
	if (strcmp(kind, "email") == 0) {
		if ((k = ident_email(v, n, buf)) == 0)
			return 0;
		return identity_text(kind, buf, k, out, IDENT_EMAIL_MAX + 16);
	}
	if (strcmp(kind, "phone") == 0) {
		enum phone_result r = phone_normalize(v, n, s->opts.region,
		    &num, NULL);

		if (r != PHONE_OK && r != PHONE_UNASSIGNED)
			return 0;
		return identity_text(kind, num.e164, strlen(num.e164), out,
		    IDENT_EMAIL_MAX + 16);
	}
	if (strcmp(kind, "handle") == 0) {
		char platform[64];

		if ((colon = memchr(v, ':', n)) == NULL ||
		    (size_t)(colon - v) >= sizeof(platform))
			return 0;
		memcpy(platform, v, (size_t)(colon - v));
		platform[colon - v] = '\0';
		if ((k = ident_handle(platform, colon + 1,
		    n - (size_t)(colon - v) - 1, buf)) == 0)
			return 0;
		return identity_text(kind, buf, k, out, IDENT_EMAIL_MAX + 16);
	}
	return identity_text(kind, v, n, out, IDENT_EMAIL_MAX + 16);
}

/* "kind:value" from an "identities" array element; 0 if not one. */
static size_t
map_prefixed(struct stitch *s, const char *v, size_t n, char *out)
{
	size_t k;

	for (k = 0; k < NKINDS; k++) {
		size_t kl = strlen(kinds[k]);

		if (n > kl + 1 && memcmp(v, kinds[k], kl) == 0 && v[kl] == ':')
			return map_identity(s, kinds[k], v + kl + 1,
			    n - kl - 1, out);
	}
	return 0;
}

/* The identities of one JSON line of a map; returns their number. */
static size_t
json_row(struct stitch *s, const char *line, size_t len,
    char texts[][IDENT_EMAIL_MAX + 16], size_t *lens, int64_t *ts)
{
	struct scan_object row, arr;
	struct scan_error err;
	const struct scan_member *m;
	const char *v;
	size_t i, k, n = 0, vlen;

	scan_object_init(&row);
	scan_object_init(&arr);
	*ts = INT64_MAX;
	if (scan_object_parse(&row, line, len, &err) != 0)
		goto done;
	if ((m = scan_object_get(&row, "ts")) != NULL &&
	    m->type == SCAN_STRING)
		(void)timefmt_parse_ts(m->value, m->value_len, ts, &v);
	if ((m = scan_object_get(&row, "identities")) != NULL &&
	    m->type == SCAN_ARRAY && scan_array_parse(&arr, m->value,
	    m->value_len, &err) == 0) {
		for (i = 0; i < arr.count && n < MAX_IDS; i++) {
			if (arr.members[i].type != SCAN_STRING)
				continue;
			v = decoded(s, &arr.members[i], &vlen);
			if ((lens[n] = map_prefixed(s, v, vlen, texts[n])) > 0)
				n++;
		}
		goto done;
	}
	if ((m = scan_object_get(&row, "ids")) != NULL &&
	    m->type == SCAN_OBJECT && scan_object_parse(&arr, m->value,
	    m->value_len, &err) == 0) {
		scan_object_free(&row);
		row = arr;
		scan_object_init(&arr);
	}
	for (k = 0; k < NKINDS; k++)
		if ((m = scan_object_get(&row, kinds[k])) != NULL &&
		    m->type == SCAN_STRING && n < MAX_IDS) {
			v = decoded(s, m, &vlen);
			if ((lens[n] = map_identity(s, kinds[k], v, vlen,
			    texts[n])) > 0)
				n++;
		}
done:
	scan_object_free(&row);
	scan_object_free(&arr);
	return n;
}

/* The length of a UTF-8 byte order mark at p, or 0. */
static size_t
bom_length(const char *p, size_t len)
{
	return len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* Whether line[0..len) is only blanks. */
static int
is_blank(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			return 0;
	return 1;
}

/* An identity map being read: its lines, and the CSV record they make. */
struct map_reader {
	struct stitch *s;
	struct confline *c;
	uint32_t file;
	uint64_t skipped;
	struct jsonl_buf rec;	/* a CSV record's lines, joined by "\n" */
	char *out;		/* its fields, unquoted, each NUL-ended */
	size_t out_cap;
	size_t *off, *len;	/* each field's place in out */
	size_t nfields, fields_cap;
	int col[NKINDS];	/* the column of each kind, or -1 */
	size_t scanned;		/* bytes of rec csv_record_whole() saw */
	int quoted;		/* ... and whether they end inside quotes */
	int field_start;	/* ... or at the start of a field */
};

/*
 * Whether the CSV record in m->rec is whole (no quoted field open at its
 * end), by csv_split()'s rules, looking only at the bytes added since the
 * last call: a record of many lines is scanned once, not once a line (a
 * 1 MiB quoted note took 27 s).  A quote that ends the buffer closes its
 * field, as in csv_split(): what follows it is always a newline.
 */
static int
csv_record_whole(struct map_reader *m)
{
	const char *p = m->rec.data;
	size_t i, n = m->rec.len;

	for (i = m->scanned; i < n; i++) {
		if (m->quoted) {
			if (p[i] != '"')
				continue;
			if (i + 1 < n && p[i + 1] == '"') {
				i++;
				continue;
			}
			m->quoted = 0;
			m->field_start = 0;
		} else if (m->field_start && p[i] == '"') {
			m->quoted = 1;
			m->field_start = 0;
		} else
			m->field_start = p[i] == ',';
	}
	m->scanned = n;
	return !m->quoted;
}

/* Starts the next CSV record. */
static void
csv_record_reset(struct map_reader *m)
{
	m->rec.len = 0;
	m->scanned = 0;
	m->quoted = 0;
	m->field_start = 1;
}

/*
 * Splits the CSV record in m->rec (RFC 4180: commas, fields in double
 * quotes holding commas, doubled quotes and newlines; text after a
 * closing quote is kept, as most readers do).  Returns 1, or 0 when a
 * quoted field is still open at the end: the record goes on on the next
 * line.
 */
static int
csv_split(struct map_reader *m)
{
	const char *p = m->rec.data, *end = p + m->rec.len;
	size_t o = 0, start;

	if (m->out_cap < m->rec.len + 1) {
		m->out_cap = m->rec.len + 1;
		m->out = xrealloc(m->out, m->out_cap);
	}
	m->nfields = 0;
	for (;;) {
		start = o;
		if (p < end && *p == '"') {
			for (p++;; p++) {
				if (p == end)
					return 0;
				if (*p == '"' && (p + 1 == end || p[1] != '"'))
					break;
				if (*p == '"')
					p++;
				m->out[o++] = *p;
			}
			p++;
		}
		while (p < end && *p != ',')
			m->out[o++] = *p++;
		if (m->nfields == m->fields_cap) {
			m->fields_cap = m->fields_cap ? m->fields_cap * 2 : 16;
			m->off = xreallocarray(m->off, m->fields_cap,
			    sizeof(*m->off));
			m->len = xreallocarray(m->len, m->fields_cap,
			    sizeof(*m->len));
		}
		m->off[m->nfields] = start;
		m->len[m->nfields++] = o - start;
		m->out[o++] = '\0';
		if (p == end)
			return 1;
		p++;
	}
}

/* The header of a CSV map: which columns hold which kind. */
static void
csv_header(struct map_reader *m)
{
	size_t i;
	int k;

	for (i = 0; i < m->nfields; i++)
		for (k = 0; k < NKINDS; k++)
			if (strcasecmp(m->out + m->off[i], kinds[k]) == 0)
				m->col[k] = (int)i;
}

/* The identities of a CSV row; returns their number. */
static size_t
csv_row(struct map_reader *m, char texts[][IDENT_EMAIL_MAX + 16],
    size_t *lens)
{
	size_t n = 0, f;
	int k;

	for (k = 0; k < NKINDS; k++) {
		if (m->col[k] < 0 || (size_t)m->col[k] >= m->nfields)
			continue;
		f = (size_t)m->col[k];
		if ((lens[n] = map_identity(m->s, kinds[k], m->out + m->off[f],
		    m->len[f], texts[n])) > 0)
			n++;
	}
	return n;
}

/*
 * The lines of an identity map from m->c: JSON lines when the first line
 * that is not blank begins with "{" (past a byte order mark), else CSV
 * whose first record is the header.  Returns 0, or -1 with err set.
 */
static int
read_map(struct map_reader *m, char *err, size_t errlen)
{
	char texts[MAX_IDS][IDENT_EMAIL_MAX + 16];
	size_t lens[MAX_IDS], n, len, skip, i;
	int got, json = -1, header = 1, k;
	const char *line;
	unsigned long first_line = 0;
	int64_t ts;

	for (k = 0; k < NKINDS; k++)
		m->col[k] = -1;
	csv_record_reset(m);
	while ((got = confline_next(m->c, err, errlen)) > 0) {
		line = m->c->line;
		len = m->c->len;
		if (m->c->lineno == 1 && (skip = bom_length(line, len)) > 0) {
			line += skip;
			len -= skip;
		}
		if (m->rec.len == 0 && first_line == 0 && is_blank(line, len))
			continue;
		if (json < 0) {
			for (i = 0; i < len && (line[i] == ' ' ||
			    line[i] == '\t'); i++)
				;
			json = line[i] == '{';
		}
		if (json) {
			ts = INT64_MAX;
			n = json_row(m->s, line, len, texts, lens, &ts);
			if (n == 0)
				m->skipped++;
			else if (add_identities(m->s, texts, lens, n, ts,
			    INT64_MIN, NULL, m->file, m->c->lineno) != 0)
				goto full;
			continue;
		}
		if (first_line == 0)
			first_line = m->c->lineno;
		else
			jsonl_buf_append(&m->rec, "\n", 1);
		/* A record of many lines is bound like one line. */
		if (m->rec.len + len > m->c->max_line) {
			snprintf(err, errlen, "%s:%lu: record longer than %zu "
			    "bytes", m->c->path, first_line, m->c->max_line);
			return -1;
		}
		jsonl_buf_append(&m->rec, line, len);
		if (!csv_record_whole(m) || !csv_split(m))
			continue;
		if (header) {
			csv_header(m);
			header = 0;
		} else if ((n = csv_row(m, texts, lens)) == 0)
			m->skipped++;
		else if (add_identities(m->s, texts, lens, n, INT64_MAX,
		    INT64_MIN, NULL, m->file, first_line) != 0)
			goto full;
		csv_record_reset(m);
		first_line = 0;
	}
	if (got < 0)
		return -1;
	/* A quoted field without its end: the last row is a bad one, skipped
	   and counted like a row without an identity. */
	if (first_line != 0)
		m->skipped++;
	return 0;
full:
	snprintf(err, errlen, "%s:%lu: %s", m->c->path, m->c->lineno,
	    strerror(ENOMEM));
	return -1;
}

/* Reads the map from c, opened; frees what it took, warns of rows
   skipped. */
static int
add_map(struct stitch *s, struct confline *c, char *err, size_t errlen)
{
	struct map_reader m;
	int status;

	memset(&m, 0, sizeof(m));
	m.s = s;
	m.c = c;
	m.file = file_index(s, c->path);
	status = read_map(&m, err, errlen);
	if (status == 0 && m.skipped > 0)
		diag_warn("%s: %llu rows without an identity skipped", c->path,
		    (unsigned long long)m.skipped);
	free(m.rec.data);
	free(m.out);
	free(m.off);
	free(m.len);
	return status;
}

int
stitch_add_map(struct stitch *s, const char *path, char *err, size_t errlen)
{
	struct confline c;
	int status;

	if (confline_open(&c, path, STITCH_MAP_MAX_LINE, STITCH_MAP_MAX_TOTAL,
	    0, err, errlen) != 0)
		return -1;
	status = add_map(s, &c, err, errlen);
	confline_close(&c);
	return status;
}

int
stitch_read_map(struct stitch *s, FILE *f, const char *name, char *err,
    size_t errlen)
{
	struct confline c;
	int status;

	/* confline_open() takes a path; a stream given is read the same. */
	memset(&c, 0, sizeof(c));
	c.f = f;
	c.path = name;
	c.max_line = STITCH_MAP_MAX_LINE;
	c.max_total = STITCH_MAP_MAX_TOTAL;
	status = add_map(s, &c, err, errlen);
	free(c.line);
	return status;
}

/* Link order: time, then the identities' text. */
static struct stitch *sorting;

/* Byte order of two texts: strcmp()'s, and past a NUL ("\u0000"). */
static int
compare_text(const char *a, size_t la, const char *b, size_t lb)
{
	int c = memcmp(a, b, la < lb ? la : lb);

	return c != 0 ? c : (la > lb) - (la < lb);
}

/* A link's two texts, the smaller first: which end is l->a depends on
   the order the identities were read in, the texts do not. */
static void
link_texts(const struct link *l, const char **lo, size_t *llo,
    const char **hi, size_t *lhi)
{
	size_t la, lb;
	const char *a = idgraph_text(sorting->g, l->a, &la);
	const char *b = idgraph_text(sorting->g, l->b, &lb);

	*lo = a;
	*llo = la;
	*hi = b;
	*lhi = lb;
	if (compare_text(a, la, b, lb) > 0) {
		*lo = b;
		*llo = lb;
		*hi = a;
		*lhi = la;
	}
}

static int
compare_links(const void *pa, const void *pb)
{
	const struct link *a = &sorting->links[*(const uint32_t *)pa];
	const struct link *b = &sorting->links[*(const uint32_t *)pb];
	const char *alo, *ahi, *blo, *bhi;
	size_t lalo, lahi, lblo, lbhi;
	int c;

	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	link_texts(a, &alo, &lalo, &ahi, &lahi);
	link_texts(b, &blo, &lblo, &bhi, &lbhi);
	if ((c = compare_text(alo, lalo, blo, lblo)) != 0)
		return c;
	return compare_text(ahi, lahi, bhi, lbhi);
}

static uint32_t *
links_in_order(struct stitch *s)
{
	uint32_t *order = xreallocarray(NULL, s->nlinks ? s->nlinks : 1,
	    sizeof(*order)), i;

	for (i = 0; i < s->nlinks; i++)
		order[i] = i;
	sorting = s;
	if (s->nlinks > 1)
		qsort(order, s->nlinks, sizeof(*order), compare_links);
	sorting = NULL;
	return order;
}

static void
put_identity(struct jsonl_buf *b, struct idgraph *g, uint32_t i)
{
	size_t len;
	const char *t = idgraph_text(g, i, &len);

	jsonl_buf_string(b, t, len);
}

/* One conflict as a JSON line: the link refused and the two accounts. */
static int
write_conflict(struct stitch *s, struct jsonl_writer *w, const struct link *l,
    const char *file)
{
	char ts[TIMEFMT_TS_LEN + 1], num[32];
	struct jsonl_buf *b = &s->text;
	int k;

	b->len = 0;
	jsonl_buf_append(b, "{\"ts\":", 6);
	if (l->ts == INT64_MIN)
		jsonl_buf_append(b, "null", 4);
	else {
		(void)timefmt_format_ts(l->ts, ts);
		jsonl_buf_string(b, ts, TIMEFMT_TS_LEN);
	}
	jsonl_buf_append(b, ",\"src\":{\"file\":", 15);
	jsonl_buf_string(b, file, strlen(file));
	k = snprintf(num, sizeof(num), ",\"line\":%llu},\"link\":[",
	    (unsigned long long)l->line);
	jsonl_buf_append(b, num, (size_t)k);
	put_identity(b, s->g, l->a);
	jsonl_buf_append(b, ",", 1);
	put_identity(b, s->g, l->b);
	jsonl_buf_append(b, "],\"accounts\":[", 14);
	put_identity(b, s->g, idgraph_account(s->g, l->a));
	jsonl_buf_append(b, ",", 1);
	put_identity(b, s->g, idgraph_account(s->g, l->b));
	jsonl_buf_append(b, "]}", 2);
	return jsonl_writer_line(w, b->data, b->len);
}

long
stitch_settle(struct stitch *s, struct jsonl_writer *conflicts)
{
	uint32_t *order = links_in_order(s), i;
	const struct link *l;
	const char *file;
	size_t flen;
	long n = 0;

	for (i = 0; i < s->nlinks; i++) {
		l = &s->links[order[i]];
		if (idgraph_link(s->g, l->a, l->b) == 0)
			continue;
		n++;
		file = strmap_key(&s->files, l->file, &flen);
		/* The place only: the identities are personal data. */
		diag_at(file, l->line, 0, "identities of two different "
		    "accounts would join one customer; kept apart");
		if (conflicts != NULL &&
		    write_conflict(s, conflicts, l, file) != 0) {
			free(order);
			errno = conflicts->error;
			return -1;
		}
	}
	free(order);
	idgraph_settle(s->g);
	return n;
}

/* --- phase two -------------------------------------------------------- */


static void
find_wanted(struct stitch *s)
{
	size_t i, k;

	for (k = 0; k < NWANTED; k++)
		s->found[k] = NULL;
	for (i = 0; i < s->obj.count; i++) {
		const struct scan_member *m = &s->obj.members[i];

		for (k = 0; k < NWANTED; k++)
			if (s->found[k] == NULL && (m->key_escaped ||
			    (m->key_len == s->wanted_len[k] &&
			    m->key[0] == wanted[k][0])) &&
			    scan_key_equals(m, wanted[k], s->wanted_len[k])) {
				s->found[k] = m;
				break;
			}
	}
}

static const char *
member_text(struct stitch *s, enum wanted w, size_t *len)
{
	const struct scan_member *m = s->found[w];

	if (m == NULL || m->type != SCAN_STRING || m->value_len == 0)
		return NULL;
	return decoded(s, m, len);
}

/* The index of customer key[0..len) in custs, its case state made. */
static uint32_t
put_customer(struct stitch *s, const char *key, size_t len)
{
	uint32_t i;
	int added;

	i = strmap_put(&s->custs, key, len, &added);
	if (added) {
		if ((i & (i - 1)) == 0 || i == 0)
			s->cust = xreallocarray(s->cust, i ? 2 * (size_t)i : 1,
			    sizeof(*s->cust));
		s->cust[i].last = INT64_MIN;
		s->cust[i].start = INT64_MIN;
		s->cust[i].channels = 0;
	}
	return i;
}

/* The event's customer is entry i of custs: its key into s->customer. */
static void
use_customer(struct stitch *s, uint32_t i)
{
	const char *key;
	size_t len;

	s->customer_index = i;
	key = strmap_key(&s->custs, i, &len);
	s->customer.len = 0;
	jsonl_buf_append(&s->customer, key, len);
}

/* The customer of identity's set, worked out once per set. */
static uint32_t
customer_of(struct stitch *s, uint32_t identity)
{
	char key[IDGRAPH_KEY_LEN + 1];
	uint32_t root = idgraph_root(s->g, identity), n = idgraph_count(s->g);

	if (s->nroot_customer < n) {
		s->root_customer = xreallocarray(s->root_customer, n,
		    sizeof(*s->root_customer));
		while (s->nroot_customer < n)
			s->root_customer[s->nroot_customer++] = STRMAP_NONE;
	}
	if (s->root_customer[root] == STRMAP_NONE) {
		idgraph_key(s->g, root, key);
		s->root_customer[root] = put_customer(s, key, IDGRAPH_KEY_LEN);
	}
	return s->root_customer[root];
}

/*
 * The customer of the event's strongest identity, made s->customer; its
 * "ids" object's span record becomes s->span.
 */
static int
stitched_customer(struct stitch *s)
{
	char texts[MAX_IDS][IDENT_EMAIL_MAX + 16];
	size_t lens[MAX_IDS], n;
	const struct scan_member *ids = s->found[W_IDS];
	struct span_record *r;
	uint32_t identity;

	if (!s->opts.stitch || ids == NULL || ids->type != SCAN_OBJECT)
		return 0;
	/* The graph no longer changes: a span's customer stays its own. */
	if ((r = spancache_get(s->spans, ids->value, ids->value_len)) ==
	    NULL) {
		n = event_identities(s, ids->value, ids->value_len, 1, texts,
		    lens);
		identity = n == 0 ? IDGRAPH_NONE :
		    idgraph_find(s->g, texts[0], lens[0]);
		r = new_span(s, ids, INT64_MAX, identity);
	} else
		identity = r->identity;
	s->span = r;
	if (identity == IDGRAPH_NONE)
		return 0;
	if (r == NULL) {
		use_customer(s, customer_of(s, identity));
		return 1;
	}
	if (r->customer == STRMAP_NONE) {
		r->customer = customer_of(s, identity);
		memcpy(r->customer_key, strmap_key(&s->custs, r->customer,
		    &n), IDGRAPH_KEY_LEN);
	}
	s->customer_index = r->customer;
	s->customer.len = 0;
	jsonl_buf_append(&s->customer, r->customer_key, IDGRAPH_KEY_LEN);
	return 1;
}

/* Next message id of a References / In-Reply-To text at *p. */
static int
next_msgid(const char **p, const char *end, const char **id, size_t *len)
{
	const char *s = *p, *close;

	/* A loop, not recursion: "<><><>..." is as long as a line. */
	for (;;) {
		while (s < end && *s != '<' && (*s == ' ' || *s == '\t' ||
		    *s == '\r' || *s == '\n' || *s == ','))
			s++;
		if (s >= end)
			return 0;
		if (*s != '<' ||
		    (close = memchr(s, '>', (size_t)(end - s))) == NULL)
			break;
		*id = s + 1;
		*len = (size_t)(close - s - 1);
		*p = close + 1;
		if (*len > 0)
			return 1;
		s = close + 1;
	}
	*id = s;
	while (s < end && *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n' &&
	    *s != ',')
		s++;
	*len = (size_t)(s - *id);
	*p = s;
	return 1;
}

static uint32_t
message(struct stitch *s, const char *id, size_t len, int *added)
{
	uint32_t i = strmap_put(&s->msgs, id, len, added);

	if (*added) {
		if ((i & (i - 1)) == 0 || i == 0)
			s->msg_root = xreallocarray(s->msg_root,
			    i ? 2 * (size_t)i : 1, sizeof(*s->msg_root));
		s->msg_root[i] = i;
	}
	return i;
}

/* Strips "Re:", "Fwd:", "Fw:", "Aw:", "Re[2]:" and case; into s->text. */
static void
base_subject(struct stitch *s, const char *p, size_t n)
{
	static const char *const prefixes[] = { "re", "fwd", "fw", "aw" };
	size_t k, i;
	int again = 1;

	while (again) {
		again = 0;
		while (n > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		for (k = 0; k < 4 && !again; k++) {
			size_t pl = strlen(prefixes[k]);

			if (n <= pl || strncasecmp(p, prefixes[k], pl) != 0)
				continue;
			i = pl;
			while (p[pl] == '[' && i < n && p[i] != ']')
				i++;
			if (i < n && p[i] == ']')
				i++;
			if (i < n && p[i] == ':') {
				p += i + 1;
				n -= i + 1;
				again = 1;
			}
		}
	}
	s->text.len = 0;
	for (i = 0; i < n; i++) {
		char c = p[i];

		c = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
		jsonl_buf_append(&s->text, &c, 1);
	}
}

static uint32_t
thread_root(struct stitch *s, uint32_t i)
{
	while (s->msg_root[i] != i) {
		s->msg_root[i] = s->msg_root[s->msg_root[i]];
		i = s->msg_root[i];
	}
	return i;
}

/* Joins the thread of message i to the thread rooted at root. */
static void
join_thread(struct stitch *s, uint32_t i, uint32_t root)
{
	i = thread_root(s, i);
	if (i != root)
		s->msg_root[i] = root;
}

/*
 * The messages named by the references and in_reply_to of the event, in
 * that order, into named[0..*n); *known is set when one of them (not the
 * message itself) was seen before.
 */
static void
named_messages(struct stitch *s, uint32_t self, uint32_t *named, size_t *n,
    size_t max, uint32_t *known)
{
	static const enum wanted fields[] = { W_REFERENCES, W_IN_REPLY_TO };
	const char *text, *p, *id;
	size_t tlen, len, k;
	/* Indexes from here on are new with this event: an In-Reply-To that
	   repeats a reference names nothing seen before. */
	uint32_t r, before = s->msgs.n;
	int added;

	*n = 0;
	*known = STRMAP_NONE;
	for (k = 0; k < 2; k++) {
		if ((text = member_text(s, fields[k], &tlen)) == NULL)
			continue;
		for (p = text; *n < max && next_msgid(&p, text + tlen, &id,
		    &len); ) {
			r = message(s, id, len, &added);
			if (r == self)
				continue;
			named[(*n)++] = r;
			if (r < before && *known == STRMAP_NONE)
				*known = r;
			/* In-Reply-To: its first id only. */
			if (k == 1)
				break;
		}
	}
}

/* Subject threading: the root of the customer's thread of that subject. */
static uint32_t
subject_thread(struct stitch *s, uint32_t root, const char *customer,
    size_t clen)
{
	const char *subj;
	size_t slen;
	uint32_t r;
	int added;

	if ((subj = member_text(s, W_SUBJECT, &slen)) == NULL)
		return root;
	base_subject(s, subj, slen);
	/* Nothing left ("Re:", "Fwd: "): no subject to thread by. */
	if (s->text.len == 0)
		return root;
	jsonl_buf_append(&s->text, "\n", 1);
	jsonl_buf_append(&s->text, customer, clen);
	r = strmap_put(&s->subjects, s->text.data, s->text.len, &added);
	if (added) {
		if ((r & (r - 1)) == 0 || r == 0)
			s->subject_root = xreallocarray(s->subject_root,
			    r ? 2 * (size_t)r : 1, sizeof(*s->subject_root));
		s->subject_root[r] = root;
		return root;
	}
	return thread_root(s, s->subject_root[r]);
}

/*
 * The thread of an e-mail event, into s->conversation: JWZ streaming.  A
 * message joins the thread of the first message it names that was seen
 * before; when none was, the thread rooted at the first it names (the
 * thread's root may simply be missing from the export); naming nothing,
 * its own (or, with --thread-subject, the customer's thread of the same
 * subject).  Everything it names joins that thread too.
 */
#define MAX_NAMED 64
static int
email_thread(struct stitch *s, const char *customer, size_t clen)
{
	uint32_t named[MAX_NAMED], self, known, root;
	const char *mid, *p, *id;
	size_t mlen, len, n, k;
	int added;

	if ((mid = member_text(s, W_MESSAGE_ID, &mlen)) == NULL)
		return 0;
	p = mid;
	if (!next_msgid(&p, mid + mlen, &id, &len))
		return 0;
	self = message(s, id, len, &added);
	named_messages(s, self, named, &n, MAX_NAMED, &known);
	if (known != STRMAP_NONE)
		root = thread_root(s, known);
	else if (n > 0)
		root = thread_root(s, named[0]);
	else {
		root = thread_root(s, self);
		/* Without a customer, a subject alone ("Order status") would
		   join strangers' mails: no subject threading then. */
		if (s->opts.thread_subject && clen > 0)
			root = subject_thread(s, root, customer, clen);
	}
	join_thread(s, self, root);
	for (k = 0; k < n; k++)
		join_thread(s, named[k], root);
	root = thread_root(s, root);
	id = strmap_key(&s->msgs, root, &len);
	s->conversation.len = 0;
	jsonl_buf_append(&s->conversation, "email:", 6);
	jsonl_buf_append(&s->conversation, id, len);
	return 1;
}

/* Whether an event's channel carries no thread ids of its own. */
static int
needs_idle(struct stitch *s, int has_conversation)
{
	const char *v;
	size_t n;

	if (!has_conversation)
		return 1;
	if ((v = member_text(s, W_CHANNEL, &n)) != NULL && n == 3 &&
	    memcmp(v, "sms", 3) == 0)
		return 1;
	return (v = member_text(s, W_SOURCE, &n)) != NULL && n == 8 &&
	    memcmp(v, "whatsapp", 8) == 0;
}

/* A conversation split by silence: base "@" the segment's first instant. */
static void
idle_conversation(struct stitch *s, int64_t ts)
{
	struct conv_state *c;
	char when[TIMEFMT_TS_LEN + 1];
	char *base = xmalloc(s->conversation.len + 1);
	size_t blen = s->conversation.len;
	int64_t earlier;
	const char *why;

	memcpy(base, s->conversation.data, blen);
	/* A timeline merged again keeps its segments: an earlier split's
	   "@" suffix comes off, and the same silences give it back. */
	if (blen > TIMEFMT_TS_LEN && base[blen - TIMEFMT_TS_LEN - 1] == '@' &&
	    timefmt_parse_ts(base + blen - TIMEFMT_TS_LEN, TIMEFMT_TS_LEN,
	    &earlier, &why) == 0)
		blen -= TIMEFMT_TS_LEN + 1;
	s->conversation.len = 0;
	jsonl_buf_append(&s->conversation, base, blen);
	jsonl_buf_append(&s->conversation, "\n", 1);	/* a key apart */
	c = conversation_state(s, s->conversation.data, s->conversation.len,
	    NULL);
	if (c->last == INT64_MIN || ts - c->last > s->opts.idle_ms)
		c->start = ts;
	c->last = ts;
	(void)timefmt_format_ts(c->start, when);
	s->conversation.len = 0;
	jsonl_buf_append(&s->conversation, base, blen);
	jsonl_buf_append(&s->conversation, "@", 1);
	jsonl_buf_append(&s->conversation, when, TIMEFMT_TS_LEN);
	free(base);
}

/* The index of the event's customer (s->customer) in custs. */
static uint32_t
customer_index(struct stitch *s)
{
	if (s->customer_index == STRMAP_NONE)
		s->customer_index = put_customer(s, s->customer.data,
		    s->customer.len);
	return s->customer_index;
}

/* The JSON array of the channels of bits, into s->channels: each set of
   channels met is written out once. */
static void
channel_list(struct stitch *s, uint32_t bits)
{
	const char *text;
	int k, first = 1;
	uint32_t off;

	if (bits < (1u << LISTED_CHANNELS) && s->list_off != NULL &&
	    (off = s->list_off[bits]) != 0) {
		text = s->list_text.data + off - 1;
		s->channels.len = 0;
		jsonl_buf_append(&s->channels, text, strlen(text));
		return;
	}
	s->channels.len = 0;
	jsonl_buf_append(&s->channels, "[", 1);
	for (k = 0; s->channel_names[k] != NULL && k < MAX_CHANNELS; k++) {
		if (!(bits & (1u << k)))
			continue;
		jsonl_buf_append(&s->channels, first ? "\"" : ",\"",
		    first ? 1 : 2);
		jsonl_buf_append(&s->channels, s->channel_names[k],
		    s->channel_len[k]);
		jsonl_buf_append(&s->channels, "\"", 1);
		first = 0;
	}
	jsonl_buf_append(&s->channels, "]", 1);
	if (bits >= (1u << LISTED_CHANNELS))
		return;
	if (s->list_off == NULL)
		s->list_off = xcalloc((size_t)1 << LISTED_CHANNELS,
		    sizeof(*s->list_off));
	s->list_off[bits] = (uint32_t)s->list_text.len + 1;
	jsonl_buf_append(&s->list_text, s->channels.data, s->channels.len);
	jsonl_buf_append(&s->list_text, "", 1);	/* its NUL */
}

/* The case of the event's customer, into s->kase and s->channels; bit:
   the event's channel's (channel_index()). */
static void
event_case(struct stitch *s, int64_t ts, int bit)
{
	struct cust_state *c;
	char when[TIMEFMT_TS_LEN + 1];
	uint32_t i = customer_index(s);

	/* After the call, which may move s->cust: the order in which the
	   operands of [] are evaluated is unspecified. */
	c = &s->cust[i];
	if (c->last == INT64_MIN || ts - c->last > s->opts.case_gap_ms) {
		c->start = ts;
		c->channels = 0;
		(void)timefmt_format_ts(ts, when);
		memcpy(c->start_text, when, TIMEFMT_TS_LEN);
	}
	c->last = ts;
	if (bit >= 0)
		c->channels |= 1u << bit;
	s->kase.len = 0;
	jsonl_buf_append(&s->kase, s->customer.data, s->customer.len);
	jsonl_buf_append(&s->kase, "/", 1);
	jsonl_buf_append(&s->kase, c->start_text, TIMEFMT_TS_LEN);
	channel_list(s, c->channels);
}

static uint64_t
rank_of(const char *key, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	if (len == IDGRAPH_KEY_LEN && memcmp(key, "cust-", 5) == 0) {
		for (i = 5, h = 0; i < len; i++)
			h = h << 4 | (uint64_t)(key[i] <= '9' ? key[i] - '0' :
			    key[i] - 'a' + 10);
		return h;
	}
	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)key[i]) * 0x100000001b3ULL;
	return h;
}

uint64_t
stitch_noted_lines(const struct stitch *s)
{
	return s->noted;
}

uint64_t
stitch_last_customer_rank(const struct stitch *s)
{
	/* Worked out only when asked (--by-customer). */
	return s->ranked ? rank_of(s->customer.data, s->customer.len) :
	    UINT64_MAX;
}

/* The customer of the conversation's first identity, into s->customer. */
static int
first_customer(struct stitch *s)
{
	const char *v;
	size_t n;
	uint32_t i;

	if ((v = member_text(s, W_CONVERSATION, &n)) == NULL ||
	    (i = strmap_get(&s->convs, v, n)) == STRMAP_NONE ||
	    s->conv[i].first_identity == IDGRAPH_NONE)
		return 0;
	use_customer(s, customer_of(s, s->conv[i].first_identity));
	return 1;
}

/* Whether replaced member k's value at offset at of line[0..len) is
   still preceded by its key: a note read back against its own line. */
static int
noted_key_at(const char *line, size_t len, uint32_t at, uint16_t vlen,
    enum noted k)
{
	size_t klen = noted_len[k];

	return at >= klen + 3 && (size_t)at + vlen < len &&
	    line[at - 1] == ':' && line[at - 2] == '"' &&
	    line[at - klen - 3] == '"' &&
	    memcmp(line + at - klen - 2, noted_key[k], klen) == 0;
}

/*
 * The JSON string of text that needs no escapes, into b (cleared): a key
 * of the identity graph ("cust-" and hex digits), a case made of one and
 * an instant.
 */
static void
quote_plain(struct jsonl_buf *b, const char *text, size_t len)
{
	b->len = 0;
	jsonl_buf_append(b, "\"", 1);
	jsonl_buf_append(b, text, len);
	jsonl_buf_append(b, "\"", 1);
}

/* The line with the members' new values nv[0..nf) spliced by offset. */
static void
splice_noted(struct stitch *s, const char *line, size_t len,
    const struct note *n, struct jsonl_buf *const *nv, size_t nf)
{
	size_t order[NNOTED], i, j, k, no = 0, pos = 0;

	for (k = 0; k < nf; k++) {
		if (n->at[k] == 0)
			continue;
		for (i = no; i > 0 && n->at[order[i - 1]] > n->at[k]; i--)
			order[i] = order[i - 1];
		order[i] = k;
		no++;
	}
	s->out.len = 0;
	for (j = 0; j < no; j++) {
		k = order[j];
		jsonl_buf_append(&s->out, line + pos, n->at[k] - pos);
		jsonl_buf_append(&s->out, nv[k]->data, nv[k]->len);
		pos = n->at[k] + n->vlen[k];
	}
	jsonl_buf_append(&s->out, line + pos, len - 1 - pos);
	for (k = 0; k < nf; k++) {
		if (n->at[k] != 0)
			continue;
		jsonl_buf_append(&s->out, ",\"", 2);
		jsonl_buf_append(&s->out, noted_key[k], noted_len[k]);
		jsonl_buf_append(&s->out, "\":", 2);
		jsonl_buf_append(&s->out, nv[k]->data, nv[k]->len);
	}
	jsonl_buf_append(&s->out, "}", 1);
}

/*
 * Phase two from phase one's note: what the general way below gives such
 * a line (its customer from its identity, its own conversation, a case),
 * without splitting it.  Returns 0 when the note does not fit the line.
 */
static int
emit_noted(struct stitch *s, int64_t ts, const char *line, size_t len,
    const struct note *n)
{
	struct jsonl_buf *nv[NNOTED] = { &s->quoted[0], &s->quoted[2],
	    &s->channels };
	size_t k, nf = s->opts.case_gap_ms > 0 ? NNOTED : 1;
	uint32_t ci;

	if (n->len == 0 || n->len != len || line[len - 1] != '}' ||
	    n->identity >= idgraph_count(s->g) ||
	    n->conv >= s->convs.n)
		return 0;
	for (k = 0; k < nf; k++)
		if (n->at[k] != 0 && !noted_key_at(line, len, n->at[k],
		    n->vlen[k], (enum noted)k))
			return 0;
	ci = customer_of(s, n->identity);
	use_customer(s, ci);
	s->conv[n->conv].customer = ci;
	s->ranked = 1;
	quote_plain(&s->quoted[0], s->customer.data, s->customer.len);
	if (nf > 1) {
		event_case(s, ts, n->channel);
		quote_plain(&s->quoted[2], s->kase.data, s->kase.len);
	}
	splice_noted(s, line, len, n, nv, nf);
	return 1;
}

int
stitch_emit(struct stitch *s, int64_t ts, const char *line, size_t len,
    const void *note, const char **out, size_t *out_len)
{
	struct splice_field f[4];
	struct jsonl_buf *quoted = s->quoted;
	struct conv_state *cs = NULL;
	const char *v;
	size_t n, nf = 0, k;
	int has_customer, has_conv;

	*out = line;
	*out_len = len;
	s->ranked = 0;
	s->span = NULL;
	s->customer_index = STRMAP_NONE;
	if (note != NULL) {
		struct note noted;

		memcpy(&noted, note, sizeof(noted));
		if (emit_noted(s, ts, line, len, &noted)) {
			s->noted++;
			*out = s->out.data;
			*out_len = s->out.len;
			return 0;
		}
	}
	/* Validated in phase one: only split it. */
	if (scan_object_split(&s->obj, line, len) != 0)
		return 0;
	find_wanted(s);
	has_customer = stitched_customer(s);
	if (!has_customer && (v = member_text(s, W_CUSTOMER, &n)) != NULL) {
		s->customer.len = 0;
		jsonl_buf_append(&s->customer, v, n);
		has_customer = -1;	/* the event's own */
	}
	has_conv = 0;
	s->conversation.len = 0;
	if ((v = member_text(s, W_CHANNEL, &n)) != NULL && n == 5 &&
	    memcmp(v, "email", 5) == 0)
		has_conv = email_thread(s, has_customer ? s->customer.data : "",
		    has_customer ? s->customer.len : 0);
	if (!has_conv) {
		if ((v = member_text(s, W_CONVERSATION, &n)) != NULL) {
			jsonl_buf_append(&s->conversation, v, n);
			has_conv = -1;
		}
		if (needs_idle(s, has_conv != 0) && s->opts.idle_ms > 0) {
			if (has_conv == 0 && has_customer) {
				v = member_text(s, W_CHANNEL, &n);
				jsonl_buf_append(&s->conversation, v ? v : "",
				    v ? n : 0);
				jsonl_buf_append(&s->conversation, ":", 1);
				jsonl_buf_append(&s->conversation,
				    s->customer.data, s->customer.len);
				has_conv = 1;
			}
			if (has_conv) {
				idle_conversation(s, ts);
				has_conv = 1;
			}
		}
	}
	if (has_conv) {
		cs = conversation_state(s, s->conversation.data,
		    s->conversation.len, s->span != NULL ? &s->span->conv :
		    NULL);
		if (has_customer)
			cs->customer = customer_index(s);
		else if (cs->customer != STRMAP_NONE) {
			use_customer(s, cs->customer);
			has_customer = 1;
		} else if (first_customer(s)) {
			cs->customer = customer_index(s);
			has_customer = 1;
		}
	}
	for (k = 0; k < 3; k++)
		quoted[k].len = 0;
	if (has_customer > 0) {
		jsonl_buf_string(&quoted[0], s->customer.data, s->customer.len);
		f[nf++] = (struct splice_field){ "customer", quoted[0].data,
		    quoted[0].len };
	}
	if (has_conv > 0) {
		jsonl_buf_string(&quoted[1], s->conversation.data,
		    s->conversation.len);
		f[nf++] = (struct splice_field){ "conversation", quoted[1].data,
		    quoted[1].len };
	}
	if (has_customer) {
		s->ranked = 1;
		if (s->opts.case_gap_ms > 0) {
			event_case(s, ts, channel_index(s, s->found[W_CHANNEL]));
			jsonl_buf_string(&quoted[2], s->kase.data, s->kase.len);
			f[nf++] = (struct splice_field){ "case", quoted[2].data,
			    quoted[2].len };
			f[nf++] = (struct splice_field){ "case_channels",
			    s->channels.data, s->channels.len };
		}
	}
	if (nf > 0) {
		splice_line(&s->out, &s->obj, f, nf);
		*out = s->out.data;
		*out_len = s->out.len;
	}
	return 0;
}

/* --- links only ------------------------------------------------------- */

static int
write_link_line(struct stitch *s, struct jsonl_writer *w, int64_t ts,
    uint32_t a, uint32_t b)
{
	char when[TIMEFMT_TS_LEN + 1];
	struct jsonl_buf *t = &s->text;

	t->len = 0;
	jsonl_buf_append(t, "{\"ts\":", 6);
	if (ts == INT64_MIN || ts == INT64_MAX)
		jsonl_buf_append(t, "null", 4);
	else {
		(void)timefmt_format_ts(ts, when);
		jsonl_buf_string(t, when, TIMEFMT_TS_LEN);
	}
	jsonl_buf_append(t, ",\"identities\":[", 15);
	put_identity(t, s->g, a);
	if (b != IDGRAPH_NONE) {
		jsonl_buf_append(t, ",", 1);
		put_identity(t, s->g, b);
	}
	jsonl_buf_append(t, "]}", 2);
	return jsonl_writer_line(w, t->data, t->len);
}

int
stitch_write_links(struct stitch *s, struct jsonl_writer *w)
{
	uint32_t *order = links_in_order(s), i, n = idgraph_count(s->g);

	/* Every identity with its first sighting, then every link. */
	for (i = 0; i < n; i++)
		if (write_link_line(s, w, idgraph_first(s->g, i), i,
		    IDGRAPH_NONE) != 0)
			break;
	for (i = 0; i < s->nlinks && w->error == 0; i++)
		if (write_link_line(s, w, s->links[order[i]].ts,
		    s->links[order[i]].a, s->links[order[i]].b) != 0)
			break;
	free(order);
	return w->error != 0 ? -1 : 0;
}
