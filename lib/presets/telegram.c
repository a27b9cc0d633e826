/*
 * telegram.c - the normalize preset of Telegram Desktop exports
 * (canal-ingest -f telegram).
 *
 * Sources: FORMATS.md section 4 (date_unixtime is the instant, date the
 * exporting computer's local time; from_id "user<id>"; a personal chat's
 * id is the other person's user id; a whole-account export names its
 * owner, self_id; service messages: calls, joins, pins; phone_call with
 * duration_seconds and discard_reason).
 */
#include "presets/common.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

/* Whether the message is the exporter's (the business's) own. */
static int
is_own(struct norm *n, const char *from_id, size_t flen)
{
	const char *s;
	size_t len;
	char buf[64];
	int k;

	if (from_id == NULL)
		return 0;
	if (n->opt->self != NULL && norm_is_self(n, from_id, flen))
		return 1;
	if ((s = srcrec_str(n->rec, "from", &len, 1)) != NULL &&
	    n->opt->self != NULL && norm_is_self(n, s, len))
		return 1;
	if ((s = srcrec_str(n->rec, "self_id", &len, 1)) != NULL) {
		k = snprintf(buf, sizeof(buf), "user%.*s", (int)len, s);
		return (size_t)k == flen && memcmp(buf, from_id, flen) == 0;
	}
	/* A personal chat is named after the other person: the one whose
	   id is the chat's is the customer; anyone else is us. */
	if ((s = srcrec_str(n->rec, "chat_type", &len, 1)) != NULL &&
	    len == 13 && memcmp(s, "personal_chat", 13) == 0 &&
	    (s = srcrec_str(n->rec, "chat_id", &len, 1)) != NULL) {
		k = snprintf(buf, sizeof(buf), "user%.*s", (int)len, s);
		return !((size_t)k == flen && memcmp(buf, from_id, flen) == 0);
	}
	return -1;
}

/* A service message "phone_call": a call, with its duration. */
static void
phone_call(struct norm *n, struct norm_event *ev, int own)
{
	const char *reason;
	size_t len;
	double seconds = 0;

	norm_set_str(ev, EVENT_TYPE, "call");
	norm_set_str(ev, EVENT_DIRECTION, own ? "out" : "in");
	norm_set_str(ev, EVENT_ACTOR, own ? "agent" : "customer");
	(void)preset_number(n, "duration_seconds", &seconds);
	norm_set_num(ev, EVENT_DURATION, seconds);
	reason = srcrec_str(n->rec, "discard_reason", &len, 1);
	norm_set_str(ev, EVENT_OUTCOME, seconds > 0 ? "answered" :
	    reason != NULL && strcmp(reason, "busy") == 0 ? "busy" : "missed");
}

static int
map_telegram(struct norm *n, struct norm_event *ev)
{
	struct srcval v;
	const char *from_id, *s, *chat, *id, *action;
	size_t flen, len, clen, ilen;
	int own, service;
	double secs;
	char buf[96];

	norm_set_str(ev, EVENT_CHANNEL, "messaging");
	norm_set_str(ev, EVENT_SOURCE, "telegram");
	norm_set_str(ev, EVENT_TYPE, "message");
	/* Old exports lack date_unixtime: their date is the exporting
	   computer's local time, which needs --tz. */
	if (preset_number(n, "date_unixtime", &secs) == 0)
		norm_set_ts_ms(ev, (int64_t)secs * 1000);
	else if (srcrec_str(n->rec, "date_unixtime", &len, 1) != NULL)
		return norm_fail(n, "field \"date_unixtime\": not a number of "
		    "seconds");
	else if (norm_set_ts(n, ev, "date", NULL, NORM_NO_HINT) != 0)
		return -1;
	service = srcrec_get(n->rec, "service", &v) == 1 &&
	    v.type == SCAN_TRUE;
	from_id = srcrec_str(n->rec, service ? "actor_id" : "from_id", &flen,
	    1);
	/* Old exports write a user's id as a bare number. */
	if (from_id != NULL && flen < 40 && strspn(from_id, "0123456789") ==
	    flen) {
		snprintf(buf, sizeof(buf), "user%.*s", (int)flen, from_id);
		from_id = norm_keep(n, buf, flen + 4);
		flen += 4;
	}
	own = is_own(n, from_id, flen);
	action = srcrec_str(n->rec, "action", &len, 1);
	if (service && action != NULL && strcmp(action, "phone_call") == 0 &&
	    own >= 0)
		phone_call(n, ev, own);
	else if (service || from_id == NULL) {
		norm_set_str(ev, EVENT_DIRECTION, "internal");
		norm_set_str(ev, EVENT_ACTOR, "system");
	} else if (own < 0)
		return norm_fail(n, "field \"from_id\": direction unknown in a "
		    "group; give --self with the business's id or name");
	else {
		norm_set_str(ev, EVENT_DIRECTION, own ? "out" : "in");
		norm_set_str(ev, EVENT_ACTOR, own ? "agent" : "customer");
	}
	if (from_id != NULL && own == 0) {
		(void)norm_id_handle(n, ev, "telegram", from_id, flen);
		if ((s = srcrec_str(n->rec, service ? "actor" : "from", &len,
		    1)) != NULL)
			(void)norm_id_name(n, ev, s, len);
	} else if (own > 0 && (s = srcrec_str(n->rec, "from", &len, 1)) !=
	    NULL)
		norm_set(ev, EVENT_AGENT, s, len);
	chat = srcrec_str(n->rec, "chat_id", &clen, 1);
	id = srcrec_str(n->rec, "id", &ilen, 1);
	if (chat != NULL) {
		(void)preset_prefixed(n, ev, EVENT_CONVERSATION, "telegram",
		    "chat_id");
		if (id != NULL && clen + ilen + 12 < sizeof(buf)) {
			snprintf(buf, sizeof(buf), "%.*s:%.*s", (int)clen,
			    chat, (int)ilen, id);
			norm_native_id(n, ev, "telegram", buf, strlen(buf));
		}
	}
	(void)norm_copy(n, ev, EVENT_TEXT, "text");
	return 0;
}

const struct norm_preset preset_telegram = {
	"telegram",
	"Telegram Desktop exports: the account's own messages outbound",
	map_telegram
};
