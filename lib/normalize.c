/*
 * normalize.c - one source record to one canonical event (normalize.h).
 */
#include "normalize.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phone.h"
#include "timefmt.h"
#include "util.h"

static const char *const id_names[NORM_ID_COUNT] = {
	"email", "phone", "handle", "account", "name"
};

void
norm_init(struct norm *n, const struct norm_options *opt)
{
	memset(n, 0, sizeof(*n));
	n->opt = opt;
}

void
norm_free(struct norm *n)
{
	free(n->prev_file);
	jsonl_buf_free(&n->out);
}

void
norm_event_reset(struct norm_event *ev)
{
	memset(ev, 0, sizeof(*ev));
}

const char *
norm_keep(struct norm *n, const char *s, size_t len)
{
	return srcrec_keep(n->rec, s, len);
}

void
norm_set(struct norm_event *ev, enum event_field f, const char *s, size_t len)
{
	ev->str[f] = s;
	ev->len[f] = len;
}

void
norm_set_str(struct norm_event *ev, enum event_field f, const char *s)
{
	norm_set(ev, f, s, strlen(s));
}

void
norm_set_extra(struct norm_event *ev, const char *key, const char *s,
    size_t len)
{
	if (ev->nextra == NORM_EXTRA_MAX)
		return;
	ev->extra_key[ev->nextra] = key;
	ev->extra[ev->nextra] = s;
	ev->extra_len[ev->nextra++] = len;
}

void
norm_set_num(struct norm_event *ev, enum event_field f, double v)
{
	ev->num[f] = v;
	ev->has_num[f] = 1;
}

int
norm_copy(struct norm *n, struct norm_event *ev, enum event_field f,
    const char *path)
{
	const char *s;
	size_t len;

	if ((s = srcrec_str(n->rec, path, &len, 1)) == NULL)
		return 0;
	norm_set(ev, f, s, len);
	return 1;
}

void
norm_again(struct norm *n)
{
	n->again = 1;
}

int
norm_fail(struct norm *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(n->why, sizeof(n->why), fmt, ap);
	va_end(ap);
	return -1;
}

/* Floor division of milliseconds into seconds and the rest. */
static int64_t
floor_seconds(int64_t ms, int64_t *rest)
{
	int64_t s = ms / 1000;

	if (ms % 1000 < 0)
		s--;
	*rest = ms - s * 1000;
	return s;
}

/* The instant of a repeated wall time; see normalize.h. */
static int64_t
choose_repeated(struct norm *n, int64_t first, int64_t second,
    int64_t hint_ms, int use_order)
{
	n->stats.repeated++;
	if (hint_ms != NORM_NO_HINT) {
		n->stats.repeated_hint++;
		return llabs(first - hint_ms) <= llabs(second - hint_ms) ?
		    first : second;
	}
	if (use_order && n->has_prev && first < n->prev_ms &&
	    second >= n->prev_ms) {
		n->stats.repeated_order++;
		return second;
	}
	n->stats.repeated_first++;
	return first;
}

static int
same_file_as_previous(const struct norm *n)
{
	return n->has_prev && n->rec != NULL &&
	    strcmp(n->prev_file, n->rec->file) == 0;
}

static int
resolve(struct norm *n, const char *text, size_t len,
    const struct norm_time *how, int64_t hint_ms, int use_order,
    int64_t *utc_ms, const char **why)
{
	static const struct norm_time automatic = { TIMEPARSE_AUTO, NULL,
	    NULL };
	struct timeparse_result r;
	const struct tz *zone;
	int64_t local, rest, first, second;

	if (how == NULL)
		how = &automatic;
	if (how->format != NULL) {
		if (timeparse_read_format(text, len, how->format, &r, why) != 0)
			return -1;
	} else if (timeparse_read(text, len, how->style, &r, why) != 0)
		return -1;
	if (timeparse_to_utc(&r, utc_ms) == 0)
		return 0;
	zone = how->zone != NULL ? how->zone : n->opt->tz;
	if (zone == NULL) {
		*why = "a local time without offset needs --tz ZONE";
		return -1;
	}
	/* Millisecond instants beyond the zone's range are clamped by tz. */
	local = floor_seconds(r.local_ms, &rest);
	if (hint_ms != NORM_NO_HINT)
		hint_ms -= rest;
	switch (tz_local_to_utc(zone, local, &first, &second)) {
	case TZ_LOCAL_UNIQUE:
		break;
	case TZ_LOCAL_AMBIGUOUS:
		first = choose_repeated(n, first * 1000, second * 1000,
		    hint_ms, use_order && same_file_as_previous(n)) / 1000;
		break;
	case TZ_LOCAL_GAP:
		n->stats.skipped++;
		break;
	}
	*utc_ms = first * 1000 + rest;
	return 0;
}

int
norm_time(struct norm *n, const char *text, size_t len,
    const struct norm_time *how, int64_t hint_ms, int64_t *utc_ms,
    const char **why)
{
	return resolve(n, text, len, how, hint_ms, 0, utc_ms, why);
}

int
norm_set_ts(struct norm *n, struct norm_event *ev, const char *path,
    const struct norm_time *how, int64_t hint_ms)
{
	const char *s, *why;
	size_t len;
	int64_t ms;

	if ((s = srcrec_str(n->rec, path, &len, 1)) == NULL)
		return norm_fail(n, "field \"%s\": no time", path);
	if (resolve(n, s, len, how, hint_ms, 1, &ms, &why) != 0)
		return norm_fail(n, "field \"%s\": %s", path, why);
	norm_set_ts_ms(ev, ms);
	return 0;
}

void
norm_set_ts_ms(struct norm_event *ev, int64_t ms)
{
	ev->ts_ms = ms;
	ev->has_ts = 1;
}

static void
set_id(struct norm *n, struct norm_event *ev, enum norm_id k, const char *s,
    size_t len)
{
	ev->ids[k] = norm_keep(n, s, len);
	ev->ids_len[k] = len;
}

int
norm_id_email(struct norm *n, struct norm_event *ev, const char *text,
    size_t len)
{
	char buf[IDENT_EMAIL_MAX + 1];
	size_t k;

	if ((k = ident_email(text, len, buf)) == 0) {
		n->stats.email_invalid++;
		return 0;
	}
	set_id(n, ev, NORM_ID_EMAIL, buf, k);
	return 1;
}

int
norm_id_phone(struct norm *n, struct norm_event *ev, const char *text,
    size_t len)
{
	struct phone_number num;

	switch (phone_normalize(text, len, n->opt->region, &num, NULL)) {
	case PHONE_OK:
		break;
	case PHONE_UNASSIGNED:
		if (n->opt->possible_phones)
			break;
		n->stats.phone_unassigned++;
		return 0;
	case PHONE_NEED_COUNTRY:
		n->stats.phone_need_country++;
		return 0;
	case PHONE_INVALID:
		n->stats.phone_invalid++;
		return 0;
	case PHONE_WITHHELD:
	case PHONE_EXTENSION:
		return 0;
	}
	set_id(n, ev, NORM_ID_PHONE, num.e164, strlen(num.e164));
	return 1;
}

int
norm_id_handle(struct norm *n, struct norm_event *ev, const char *platform,
    const char *name, size_t len)
{
	char buf[IDENT_HANDLE_MAX + 1];
	size_t k;

	if ((k = ident_handle(platform, name, len, buf)) == 0)
		return 0;
	set_id(n, ev, NORM_ID_HANDLE, buf, k);
	return 1;
}

static int
trimmed(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t' || **s == '\r' ||
	    **s == '\n')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' ||
	    (*s)[*len - 1] == '\r' || (*s)[*len - 1] == '\n'))
		(*len)--;
	return *len > 0;
}

int
norm_id_account(struct norm *n, struct norm_event *ev, const char *text,
    size_t len)
{
	if (!trimmed(&text, &len))
		return 0;
	set_id(n, ev, NORM_ID_ACCOUNT, text, len);
	return 1;
}

int
norm_id_name(struct norm *n, struct norm_event *ev, const char *text,
    size_t len)
{
	if (!trimmed(&text, &len))
		return 0;
	set_id(n, ev, NORM_ID_NAME, text, len);
	return 1;
}

/* Length of an invisible mark (U+200B..U+200F, U+202A..U+202E, U+2060,
   U+2066..U+2069, U+FEFF) at s, or 0. */
static size_t
invisible_mark(const unsigned char *s, size_t n)
{
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	    ((s[2] >= 0x8b && s[2] <= 0x8f) || (s[2] >= 0xaa && s[2] <= 0xae)))
		return 3;
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x81 &&
	    (s[2] == 0xa0 || (s[2] >= 0xa6 && s[2] <= 0xa9)))
		return 3;
	if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		return 3;
	return 0;
}

/* Writes s[0..len) without invisible marks and surrounding white space
   to out (cap bytes); returns the length, or (size_t)-1 if too long. */
static size_t
visible(const char *s, size_t len, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k = 0, m;

	while (i < len) {
		if ((m = invisible_mark(p + i, len - i)) > 0) {
			i += m;
			continue;
		}
		if (k == cap)
			return (size_t)-1;
		out[k++] = (char)p[i++];
	}
	s = out;
	m = k;
	(void)trimmed(&s, &m);
	memmove(out, s, m);
	return m;
}

int
norm_in_list(const char *const *list, const char *s, size_t len)
{
	size_t i;

	for (i = 0; list != NULL && list[i] != NULL; i++)
		if (strlen(list[i]) == len && strncasecmp(list[i], s, len) == 0)
			return 1;
	return 0;
}

int
norm_is_self(const struct norm *n, const char *text, size_t len)
{
	char buf[1024], addr[IDENT_EMAIL_MAX + 1];
	const char *const *self = n->opt->self;
	const char *at;
	size_t k, a, i;

	if (self == NULL || (k = visible(text, len, buf, sizeof(buf))) ==
	    (size_t)-1 || k == 0)
		return 0;
	if (norm_in_list(self, buf, k))
		return 1;
	if ((a = ident_email(buf, k, addr)) == 0)
		return 0;
	if (norm_in_list(self, addr, a))
		return 1;
	at = strchr(addr, '@');
	for (i = 0; self[i] != NULL; i++)
		if (self[i][0] == '@' && strcasecmp(self[i], at) == 0)
			return 1;
	return 0;
}

void
norm_native_id(struct norm *n, struct norm_event *ev, const char *prefix,
    const char *value, size_t len)
{
	size_t plen = strlen(prefix);
	char *buf = xmalloc(plen + 1 + len);
	const char *kept;

	memcpy(buf, prefix, plen);
	buf[plen] = ':';
	memcpy(buf + plen + 1, value, len);
	kept = norm_keep(n, buf, plen + 1 + len);
	free(buf);
	norm_set(ev, EVENT_ID, kept, plen + 1 + len);
}

/* --set: constants win over what the preset found. */
static void
apply_constants(struct norm *n, struct norm_event *ev)
{
	const struct norm_constant *c;
	size_t i;

	for (i = 0; i < n->opt->nconstants; i++) {
		c = &n->opt->constants[i];
		if (c->field == EVENT_IDS) {
			ev->ids[c->id] = c->value;
			ev->ids_len[c->id] = strlen(c->value);
		} else if (c->field == EVENT_DURATION || c->field == EVENT_WAIT ||
		    c->field == EVENT_RATING)
			norm_set_num(ev, c->field, strtod(c->value, NULL));
		else if (c->field == EVENT_TS) {
			int64_t ms;
			const char *why;

			if (timefmt_parse_ts(c->value, strlen(c->value), &ms,
			    &why) == 0)
				norm_set_ts_ms(ev, ms);
		} else
			norm_set_str(ev, c->field, c->value);
	}
}

/* The default id: a hash of the format, the index and the members. */
static void
content_id(struct norm *n, struct norm_event *ev, const char *format)
{
	struct ident_hash h;
	char hex[IDENT_HASH_HEX + 1], idx[32];
	const struct scan_member *m;
	size_t i;
	int k;

	ident_hash_init(&h);
	ident_hash_add(&h, format, strlen(format) + 1);
	k = snprintf(idx, sizeof(idx), "%llu", (unsigned long long)n->rec->index);
	ident_hash_add(&h, idx, (size_t)k + 1);
	for (i = 0; i < n->rec->top.count; i++) {
		m = &n->rec->top.members[i];
		if (scan_key_equals(m, "src", 3))
			continue;
		ident_hash_add(&h, m->key, m->key_len);
		ident_hash_add(&h, ":", 1);
		ident_hash_add(&h, m->value, m->value_len);
		ident_hash_add(&h, "", 1);
	}
	ident_hash_hex(&h, hex);
	norm_native_id(n, ev, format, hex, IDENT_HASH_HEX);
}

/* "kind:value" (just value when kind is "") in the record's memory. */
static const char *
keep_prefixed(struct norm *n, const char *kind, const char *value, size_t len,
    size_t *total)
{
	size_t klen = strlen(kind);
	char *buf;
	const char *kept;

	*total = klen + len + (klen > 0);
	buf = xmalloc(*total);
	memcpy(buf, kind, klen);
	if (klen > 0)
		buf[klen] = ':';
	memcpy(buf + *total - len, value, len);
	kept = norm_keep(n, buf, *total);
	free(buf);
	return kept;
}

static void
set_prefixed(struct norm *n, struct norm_event *ev, enum event_field f,
    const char *kind, const char *value, size_t len)
{
	size_t total;
	const char *s = keep_prefixed(n, kind, value, len, &total);

	norm_set(ev, f, s, total);
}

static void
derive_customer(struct norm *n, struct norm_event *ev)
{
	static const enum norm_id strength[] = { NORM_ID_ACCOUNT,
	    NORM_ID_EMAIL, NORM_ID_PHONE, NORM_ID_HANDLE };
	size_t i;
	enum norm_id k;

	for (i = 0; i < sizeof(strength) / sizeof(strength[0]); i++) {
		k = strength[i];
		if (ev->ids[k] == NULL)
			continue;
		/* A handle names its platform already ("x:kimi_4"). */
		set_prefixed(n, ev, EVENT_CUSTOMER, k == NORM_ID_HANDLE ? "" :
		    id_names[k], ev->ids[k], ev->ids_len[k]);
		return;
	}
}

/* The pseudonym of a handle keeps its platform: "x:" and the hash. */
static void
pseudonymize_ids(struct norm *n, struct norm_event *ev)
{
	char hex[IDENT_PSEUDONYM_HEX + 1];
	const char *colon;
	size_t k;

	for (k = 0; k < NORM_ID_COUNT; k++) {
		if (ev->ids[k] == NULL)
			continue;
		ident_pseudonym(n->opt->key, id_names[k], ev->ids[k],
		    ev->ids_len[k], hex);
		if (k == NORM_ID_HANDLE &&
		    (colon = memchr(ev->ids[k], ':', ev->ids_len[k])) != NULL) {
			char platform[IDENT_HANDLE_MAX + 1];
			size_t plen = (size_t)(colon - ev->ids[k]);

			memcpy(platform, ev->ids[k], plen);
			platform[plen] = '\0';
			ev->ids[k] = keep_prefixed(n, platform, hex,
			    IDENT_PSEUDONYM_HEX, &ev->ids_len[k]);
			continue;
		}
		ev->ids[k] = norm_keep(n, hex, IDENT_PSEUDONYM_HEX);
		ev->ids_len[k] = IDENT_PSEUDONYM_HEX;
	}
}

static int
validate(struct norm *n, const struct norm_event *ev)
{
	static const enum event_field required[] = { EVENT_ID, EVENT_CHANNEL,
	    EVENT_DIRECTION };
	const char *const *values;
	char ts[TIMEFMT_TS_LEN + 1];
	const char *why;
	size_t i, k;

	if (!ev->has_ts)
		return norm_fail(n, "field \"ts\": no time");
	if (timefmt_format_ts(ev->ts_ms, ts) != 0)
		return norm_fail(n, "field \"ts\": not within the years 0000 "
		    "to 9999");
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (ev->str[required[i]] == NULL || ev->len[required[i]] == 0)
			return norm_fail(n, "field \"%s\": %s",
			    event_field_name(required[i]),
			    required[i] == EVENT_DIRECTION ?
			    "unknown direction" : "missing");
	for (i = 0; i < EVENT_FIELD_COUNT; i++) {
		if (ev->str[i] == NULL ||
		    (values = event_field_values((enum event_field)i)) == NULL)
			continue;
		for (k = 0; values[k] != NULL; k++)
			if (strlen(values[k]) == ev->len[i] &&
			    memcmp(values[k], ev->str[i], ev->len[i]) == 0)
				break;
		if (values[k] == NULL)
			return norm_fail(n, "field \"%s\": not a value the "
			    "schema allows (see canal-event(5))",
			    event_field_name((enum event_field)i));
	}
	/* The readers' bounds (event.h), so that what normalize writes
	   merge, route and report accept. */
	for (i = 0; i < EVENT_FIELD_COUNT; i++)
		if (ev->has_num[i] && event_check_number((enum event_field)i,
		    ev->num[i], &why) != 0)
			return norm_fail(n, "field \"%s\": %s",
			    event_field_name((enum event_field)i), why);
	return 0;
}

static void
put_key(struct jsonl_buf *b, const char *key)
{
	jsonl_buf_append(b, b->len > 1 ? ",\"" : "\"", b->len > 1 ? 2 : 1);
	jsonl_buf_append(b, key, strlen(key));
	jsonl_buf_append(b, "\":", 2);
}

static void
put_number(struct jsonl_buf *b, double v)
{
	char buf[40];
	int k;

	/* 15 significant digits: 0.1 stays 0.1 (DESIGN section 7). */
	k = snprintf(buf, sizeof(buf), "%.15g", v);
	jsonl_buf_append(b, buf, (size_t)k);
}

static void
serialize(struct norm *n, const struct norm_event *ev)
{
	struct jsonl_buf *b = &n->out;
	char ts[TIMEFMT_TS_LEN + 1];
	size_t i, k;
	int any;

	b->len = 0;
	jsonl_buf_append(b, "{", 1);
	for (i = 0; i < EVENT_FIELD_COUNT; i++) {
		switch ((enum event_field)i) {
		case EVENT_TS:
			(void)timefmt_format_ts(ev->ts_ms, ts);
			put_key(b, "ts");
			jsonl_buf_string(b, ts, TIMEFMT_TS_LEN);
			break;
		case EVENT_IDS:
			for (k = 0, any = 0; k < NORM_ID_COUNT; k++) {
				if (ev->ids[k] == NULL)
					continue;
				if (!any)
					put_key(b, "ids");
				jsonl_buf_append(b, any ? ",\"" : "{\"",
				    2);
				jsonl_buf_append(b, id_names[k],
				    strlen(id_names[k]));
				jsonl_buf_append(b, "\":", 2);
				jsonl_buf_string(b, ev->ids[k], ev->ids_len[k]);
				any = 1;
			}
			if (any)
				jsonl_buf_append(b, "}", 1);
			break;
		case EVENT_TAGS:
			break;
		case EVENT_SRC:
			for (k = 0; k < ev->nextra; k++) {
				put_key(b, ev->extra_key[k]);
				jsonl_buf_string(b, ev->extra[k],
				    ev->extra_len[k]);
			}
			if (n->rec->src_json != NULL) {
				put_key(b, "src");
				jsonl_buf_append(b, n->rec->src_json,
				    n->rec->src_json_len);
			}
			break;
		default:
			if (ev->has_num[i]) {
				put_key(b, event_field_name((enum event_field)i));
				put_number(b, ev->num[i]);
			} else if (ev->str[i] != NULL) {
				put_key(b, event_field_name((enum event_field)i));
				jsonl_buf_string(b, ev->str[i], ev->len[i]);
			}
			break;
		}
	}
	jsonl_buf_append(b, "}", 1);
	/* NUL-terminated too, for callers that want a C string. */
	jsonl_buf_append(b, "", 1);
	b->len--;
}

int
norm_emit(struct norm *n, struct norm_event *ev, const char *format,
    const char **line, size_t *len)
{
	int derived = 0;

	apply_constants(n, ev);
	if (n->opt->no_text) {
		ev->str[EVENT_TEXT] = NULL;
		ev->str[EVENT_SUBJECT] = NULL;
	}
	if (ev->str[EVENT_ID] == NULL)
		content_id(n, ev, format);
	if (n->opt->key != NULL)
		pseudonymize_ids(n, ev);
	if (ev->str[EVENT_CUSTOMER] == NULL) {
		derive_customer(n, ev);
		derived = 1;
	}
	if (n->opt->key != NULL && !derived && ev->str[EVENT_CUSTOMER] != NULL) {
		char hex[IDENT_PSEUDONYM_HEX + 1];

		ident_pseudonym(n->opt->key, "customer", ev->str[EVENT_CUSTOMER],
		    ev->len[EVENT_CUSTOMER], hex);
		set_prefixed(n, ev, EVENT_CUSTOMER, "c", hex,
		    IDENT_PSEUDONYM_HEX);
	}
	if (validate(n, ev) != 0)
		return -1;
	serialize(n, ev);
	if (!same_file_as_previous(n)) {
		free(n->prev_file);
		n->prev_file = xstrdup(n->rec->file);
	}
	n->prev_ms = ev->ts_ms;
	n->has_prev = 1;
	*line = n->out.data;
	*len = n->out.len;
	return 0;
}
