/*
 * twilio.c - the normalize preset of Twilio call logs: Call resources from
 * the API or BulkExport (JSON), or the Console's CSV export, whose header
 * spellings differ ("Call Sid", "CallSid", "sid"): names are compared
 * without case, spaces and underscores.
 *
 * Sources: FORMATS.md section 8.1 (fields; RFC 2822 dates in GMT;
 * statuses queued, ringing, in-progress, canceled, completed, failed,
 * busy, no-answer; directions inbound, outbound-api, outbound-dial; a
 * <Dial>ed child leg's "to" is the agent); twilio.com/docs/voice/api/
 * call-resource (queue_time in milliseconds).
 */
#include "presets/common.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The value of the member whose name, squeezed, is want ("callsid"). */
static const char *
field(struct norm *n, const char *want, size_t *len)
{
	const struct scan_member *m;
	char key[64], *d;
	size_t i, k, j;

	for (i = 0; i < n->rec->top.count; i++) {
		m = &n->rec->top.members[i];
		if (m->key_escaped || m->key_len >= sizeof(key) ||
		    (m->type != SCAN_STRING && m->type != SCAN_NUMBER))
			continue;
		for (k = 0, j = 0; k < m->key_len; k++)
			if (m->key[k] != ' ' && m->key[k] != '_')
				key[j++] = (char)tolower((unsigned char)m->key[k]);
		key[j] = '\0';
		if (strcmp(key, want) != 0)
			continue;
		if (m->value_len == 0)
			return NULL;
		if (!m->value_escaped) {
			*len = m->value_len;
			return norm_keep(n, m->value, m->value_len);
		}
		d = (char *)norm_keep(n, m->value, m->value_len);
		*len = scan_string_decode(m->value, m->value_len, d);
		return d;
	}
	return NULL;
}

/* A Twilio Client identity "client:alice" is a handle; sip: users and
   numbers are phones. */
static void
party(struct norm *n, struct norm_event *ev, const char *s, size_t len)
{
	if (len > 7 && memcmp(s, "client:", 7) == 0)
		(void)norm_id_handle(n, ev, "twilio-client", s + 7, len - 7);
	else
		(void)norm_id_phone(n, ev, s, len);
}

static int
parse_seconds(const char *s, size_t len, double *v)
{
	char buf[32], *end;

	if (s == NULL || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*v = strtod(buf, &end);
	return *end == '\0' && *v >= 0 ? 0 : -1;
}

static int
map_twilio(struct norm *n, struct norm_event *ev)
{
	const char *sid, *parent, *dir, *status, *from, *to, *t, *why;
	size_t slen, plen, dlen, stlen, flen, tlen, len;
	double duration = 0, queue_ms;
	int64_t ms;
	int inbound, child;

	sid = field(n, "sid", &slen);
	if (sid == NULL)
		sid = field(n, "callsid", &slen);
	dir = field(n, "direction", &dlen);
	status = field(n, "status", &stlen);
	if (dir == NULL || status == NULL)
		return norm_fail(n, "field \"direction\" or \"status\": "
		    "missing");
	if (strcmp(status, "queued") == 0 || strcmp(status, "ringing") == 0 ||
	    strcmp(status, "in-progress") == 0)
		return norm_fail(n, "field \"status\": call not finished");
	inbound = strncmp(dir, "inbound", 7) == 0 ||
	    strcmp(dir, "trunking-originating") == 0;
	parent = field(n, "parentcallsid", &plen);
	/* A <Dial>ed leg of an inbound call rings the agent: it is the
	   business's own leg, not a second call of the customer. */
	child = parent != NULL && strcmp(dir, "outbound-dial") == 0;
	from = field(n, "from", &flen);
	to = field(n, "to", &tlen);
	norm_set_str(ev, EVENT_CHANNEL, "phone");
	norm_set_str(ev, EVENT_SOURCE, "twilio");
	norm_set_str(ev, EVENT_TYPE, "call");
	norm_set_str(ev, EVENT_DIRECTION, child ? "internal" : inbound ? "in" :
	    "out");
	norm_set_str(ev, EVENT_ACTOR, child ? "system" : inbound ? "customer" :
	    "agent");
	if ((t = field(n, "duration", &len)) != NULL)
		(void)parse_seconds(t, len, &duration);
	if (strcmp(status, "completed") == 0)
		norm_set_str(ev, EVENT_OUTCOME, duration > 0 ? "answered" :
		    "missed");
	else if (strcmp(status, "busy") == 0)
		norm_set_str(ev, EVENT_OUTCOME, "busy");
	else if (strcmp(status, "no-answer") == 0)
		norm_set_str(ev, EVENT_OUTCOME, "missed");
	else if (strcmp(status, "canceled") == 0)
		/* The caller hung up first. */
		norm_set_str(ev, EVENT_OUTCOME, inbound ? "abandoned" :
		    "missed");
	else if (strcmp(status, "failed") == 0)
		norm_set_str(ev, EVENT_OUTCOME, "failed");
	else
		return norm_fail(n, "field \"status\": not a status of a "
		    "Twilio call");
	norm_set_num(ev, EVENT_DURATION, duration);
	if ((t = field(n, "queuetime", &len)) != NULL &&
	    parse_seconds(t, len, &queue_ms) == 0)
		norm_set_num(ev, EVENT_WAIT, queue_ms / 1000);
	/* Never dialled: no start_time; then the creation date. */
	if ((t = field(n, "starttime", &len)) == NULL)
		t = field(n, "datecreated", &len);
	if (t == NULL)
		return norm_fail(n, "field \"start_time\": missing");
	if (norm_time(n, t, len, NULL, NORM_NO_HINT, &ms, &why) != 0)
		return norm_fail(n, "field \"start_time\": %s", why);
	norm_set_ts_ms(ev, ms);
	if (child) {
		if (to != NULL)
			norm_set(ev, EVENT_AGENT, to, tlen);
	} else if (inbound) {
		if (from != NULL)
			party(n, ev, from, flen);
		if ((t = field(n, "callername", &len)) != NULL)
			(void)norm_id_name(n, ev, t, len);
	} else if (to != NULL)
		party(n, ev, to, tlen);
	if (sid != NULL)
		norm_native_id(n, ev, "twilio", sid, slen);
	if (parent != NULL || sid != NULL) {
		char buf[80];
		size_t k = parent != NULL ? plen : slen;

		if (k + 7 < sizeof(buf)) {
			memcpy(buf, "twilio:", 7);
			memcpy(buf + 7, parent != NULL ? parent : sid, k);
			norm_set(ev, EVENT_CONVERSATION, norm_keep(n, buf,
			    k + 7), k + 7);
		}
	}
	return 0;
}

const struct norm_preset preset_twilio = {
	"twilio",
	"Twilio call logs (API, BulkExport or CSV): child legs internal",
	map_twilio
};
