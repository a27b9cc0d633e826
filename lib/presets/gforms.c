/*
 * gforms.c - the normalize preset of Google Forms responses as CSV
 * (canal-ingest -f csv): the linked sheet's export or the form's
 * "Download responses (.csv)".
 *
 * Sources: FORMATS.md section 7 (a "Timestamp" column: "3/8/2024 9:05:33"
 * month first in the sheet's zone for en_US sheets, or "2016/08/15
 * 7:16:38 PM GMT+2" with its offset when downloaded; "Email address" when
 * the form collects addresses; then the questions, in order).
 */
#include "presets/common.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* Header names, compared without case and spaces. */
static int
named(const struct scan_member *m, const char *const *names)
{
	char key[64];
	size_t i, k = 0;

	if (m->key_escaped || m->key_len >= sizeof(key))
		return 0;
	for (i = 0; i < m->key_len; i++)
		if (m->key[i] != ' ' && m->key[i] != '_')
			key[k++] = (char)tolower((unsigned char)m->key[i]);
	key[k] = '\0';
	for (i = 0; names[i] != NULL; i++)
		if (strcmp(key, names[i]) == 0)
			return 1;
	return 0;
}

static const char *const email_names[] = { "emailaddress", "email",
    "e-mail", "correoelectrónico", "correo", "direccióndecorreo", NULL };
static const char *const phone_names[] = { "phone", "phonenumber",
    "telephone", "mobile", "teléfono", "telefono", "móvil", NULL };
static const char *const name_names[] = { "name", "fullname", "yourname",
    "nombre", "nombreyapellidos", NULL };
static const char *const time_names[] = { "timestamp", "marcatemporal",
    NULL };

/* A member's string, decoded when it holds escapes. */
static const char *
text_of(struct norm *n, const struct scan_member *m, size_t *len)
{
	char *d;

	if (!m->value_escaped) {
		*len = m->value_len;
		return m->value;
	}
	d = (char *)norm_keep(n, m->value, m->value_len);
	*len = scan_string_decode(m->value, m->value_len, d);
	return d;
}

/* "2016/08/15 7:16:38 PM GMT+2": the downloaded form, with its offset. */
static int
download_time(struct norm *n, struct norm_event *ev, const char *s,
    size_t len)
{
	struct norm_time how = { TIMEPARSE_AUTO, "%Y/%m/%d %I:%M:%S %p GMT%z",
	    NULL };
	char buf[64];
	const char *gmt = memmem(s, len, "GMT", 3), *why;
	size_t k;
	int64_t ms;

	/* GMT+2 and GMT-3 carry no minutes; make them +02 and -03. */
	if (gmt == NULL || len + 4 > sizeof(buf))
		return -1;
	k = (size_t)(gmt - s) + 3;
	memcpy(buf, s, k);
	if (k < len && (s[k] == '+' || s[k] == '-') && len - k == 2) {
		buf[k] = s[k];
		buf[k + 1] = '0';
		buf[k + 2] = s[k + 1];
		k += 3;
	} else {
		memcpy(buf + k, s + k, len - k);
		k = len;
	}
	if (norm_time(n, buf, k, &how, NORM_NO_HINT, &ms, &why) != 0)
		return norm_fail(n, "field \"Timestamp\": %s", why);
	norm_set_ts_ms(ev, ms);
	return 0;
}

/* The other answers, "Question: answer" a line, for rules to read. */
static void
answers_text(struct norm *n, struct norm_event *ev)
{
	const struct scan_member *m;
	struct srcval v;
	struct jsonl_buf b = { 0 };
	char *key;
	size_t i, klen;

	for (i = 0; i < n->rec->top.count; i++) {
		m = &n->rec->top.members[i];
		if (m->type != SCAN_STRING || m->value_len == 0 ||
		    scan_key_equals(m, "src", 3) || named(m, email_names) ||
		    named(m, time_names) || named(m, name_names) ||
		    named(m, phone_names))
			continue;
		key = malloc(m->key_len + 1);
		if (key == NULL)
			continue;
		klen = scan_string_decode(m->key, m->key_len, key);
		key[klen] = '\0';
		if (srcrec_get(n->rec, key, &v) == 1 && v.len > 0) {
			if (b.len > 0)
				jsonl_buf_append(&b, "\n", 1);
			jsonl_buf_append(&b, key, klen);
			jsonl_buf_append(&b, ": ", 2);
			jsonl_buf_append(&b, v.s, v.len);
		}
		free(key);
	}
	if (b.len > 0)
		norm_set(ev, EVENT_TEXT, norm_keep(n, b.data, b.len), b.len);
	jsonl_buf_free(&b);
}

static int
map_gforms(struct norm *n, struct norm_event *ev)
{
	const struct scan_member *m;
	struct norm_time sheet = { TIMEPARSE_MDY, NULL, NULL };
	struct srcval v;
	const char *why, *t;
	int64_t ms;
	size_t i, tlen;
	int have_time = 0;

	norm_set_str(ev, EVENT_CHANNEL, "webform");
	norm_set_str(ev, EVENT_SOURCE, "google-forms");
	norm_set_str(ev, EVENT_DIRECTION, "in");
	norm_set_str(ev, EVENT_ACTOR, "customer");
	norm_set_str(ev, EVENT_TYPE, "form");
	for (i = 0; i < n->rec->top.count; i++) {
		m = &n->rec->top.members[i];
		if (m->type != SCAN_STRING || m->value_len == 0)
			continue;
		t = text_of(n, m, &tlen);
		if (named(m, time_names) && !have_time) {
			v.s = t;
			v.len = tlen;
			have_time = 1;
			if (memmem(v.s, v.len, "GMT", 3) != NULL) {
				if (download_time(n, ev, v.s, v.len) != 0)
					return -1;
			} else if (norm_time(n, v.s, v.len, &sheet,
			    NORM_NO_HINT, &ms, &why) != 0)
				/* Sheets write the month first in en_US;
				   other locales need a --map. */
				return norm_fail(n, "field \"Timestamp\": %s "
				    "(month-first sheets; give a --map for "
				    "others)", why);
			else
				norm_set_ts_ms(ev, ms);
		} else if (named(m, email_names))
			(void)norm_id_email(n, ev, t, tlen);
		else if (named(m, phone_names))
			(void)norm_id_phone(n, ev, t, tlen);
		else if (named(m, name_names))
			(void)norm_id_name(n, ev, t, tlen);
	}
	if (!have_time)
		return norm_fail(n, "field \"Timestamp\": missing");
	answers_text(n, ev);
	return 0;
}

const struct norm_preset preset_gforms = {
	"gforms",
	"Google Forms responses (CSV): inbound web forms",
	map_gforms
};
