/*
 * chatwoot.c - the normalize preset of Chatwoot messages, from the API
 * (message_type and created_at as integers) or webhooks (strings, ISO
 * times).
 *
 * Sources: FORMATS.md section 6.2 (chatwoot/chatwoot app/models/message.rb:
 * message_type incoming 0, outgoing 1, activity 2, template 3; private
 * notes; sender_type Contact, User, AgentBot; conversation_id is the
 * per-account display id; the inbox's channel type).
 */
#include "presets/common.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

enum kind { INCOMING, OUTGOING, ACTIVITY, TEMPLATE, UNKNOWN };

static enum kind
message_type(struct norm *n)
{
	static const char *const names[] = { "incoming", "outgoing",
	    "activity", "template" };
	const char *s;
	size_t len, k;

	if ((s = srcrec_str(n->rec, "message_type", &len, 1)) == NULL)
		return UNKNOWN;
	for (k = 0; k < 4; k++)
		if ((len == 1 && s[0] == (char)('0' + k)) ||
		    (strlen(names[k]) == len && memcmp(s, names[k], len) == 0))
			return (enum kind)k;
	return UNKNOWN;
}

/* The channel from the inbox's type ("Channel::WebWidget"...). */
static const char *
channel_of(struct norm *n)
{
	static const struct {
		const char *type, *channel;
	} map[] = {
		{ "Channel::WebWidget", "chat" },
		{ "Channel::Whatsapp", "messaging" },
		{ "Channel::Telegram", "messaging" },
		{ "Channel::Line", "messaging" },
		{ "Channel::Email", "email" },
		{ "Channel::Sms", "sms" },
		{ "Channel::TwilioSms", "sms" },
		{ "Channel::FacebookPage", "social" },
		{ "Channel::Instagram", "social" },
		{ "Channel::TwitterProfile", "social" },
		{ "Channel::Api", "other" }
	};
	static const char *const paths[] = { "channel", "inbox.channel_type",
	    "conversation.channel", "channel_type" };
	const char *s;
	size_t len, k, i;

	for (k = 0; k < 4; k++) {
		if ((s = srcrec_str(n->rec, paths[k], &len, 1)) == NULL)
			continue;
		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (strlen(map[i].type) == len &&
			    memcmp(map[i].type, s, len) == 0)
				return map[i].channel;
	}
	return "chat";
}

/* The contact's identities, from the sender or the conversation's. */
static void
contact(struct norm *n, struct norm_event *ev, const char *prefix)
{
	char path[64];
	const char *s;
	size_t len;

	snprintf(path, sizeof(path), "%s.email", prefix);
	if ((s = srcrec_str(n->rec, path, &len, 1)) != NULL)
		(void)norm_id_email(n, ev, s, len);
	snprintf(path, sizeof(path), "%s.phone_number", prefix);
	if ((s = srcrec_str(n->rec, path, &len, 1)) != NULL)
		(void)norm_id_phone(n, ev, s, len);
	snprintf(path, sizeof(path), "%s.identifier", prefix);
	if ((s = srcrec_str(n->rec, path, &len, 1)) != NULL)
		(void)norm_id_account(n, ev, s, len);
	snprintf(path, sizeof(path), "%s.name", prefix);
	if ((s = srcrec_str(n->rec, path, &len, 1)) != NULL)
		(void)norm_id_name(n, ev, s, len);
}

/* Chatwoot's English activity lines about the conversation's status. */
static const char *
activity_status(const char *text, size_t len)
{
	if (text == NULL)
		return NULL;
	if (memmem(text, len, "reopened", 8) != NULL)
		return "reopened";
	if (memmem(text, len, "resolved", 8) != NULL)
		return "resolved";
	if (memmem(text, len, "marked as pending", 17) != NULL ||
	    memmem(text, len, "snoozed", 7) != NULL)
		return "pending";
	return NULL;
}

static int
map_chatwoot(struct norm *n, struct norm_event *ev)
{
	struct norm_time how = { TIMEPARSE_AUTO, NULL, NULL };
	struct srcval v;
	const char *sender_type, *text, *status, *s;
	size_t slen, tlen, len;
	enum kind kind = message_type(n);
	int is_private;

	if (kind == UNKNOWN)
		return norm_fail(n, "field \"message_type\": not incoming, "
		    "outgoing, activity or template (0 to 3)");
	/* API payloads give epoch seconds; webhooks ISO 8601. */
	if ((s = srcrec_str(n->rec, "created_at", &len, 1)) != NULL &&
	    strspn(s, "0123456789.") == len)
		how.style = TIMEPARSE_EPOCH_S;
	if (norm_set_ts(n, ev, "created_at", &how, NORM_NO_HINT) != 0)
		return -1;
	norm_set_str(ev, EVENT_CHANNEL, channel_of(n));
	norm_set_str(ev, EVENT_SOURCE, "chatwoot");
	norm_set_str(ev, EVENT_TYPE, "message");
	is_private = srcrec_get(n->rec, "private", &v) == 1 &&
	    v.type == SCAN_TRUE;
	sender_type = srcrec_str(n->rec, "sender_type", &slen, 1);
	if (sender_type == NULL)
		sender_type = srcrec_str(n->rec, "sender.type", &slen, 1);
	text = srcrec_str(n->rec, "content", &tlen, 1);
	if (kind == ACTIVITY) {
		norm_set_str(ev, EVENT_DIRECTION, "internal");
		norm_set_str(ev, EVENT_ACTOR, "system");
		if ((status = activity_status(text, tlen)) != NULL) {
			norm_set_str(ev, EVENT_TYPE, "status");
			norm_set_str(ev, EVENT_STATUS, status);
		}
	} else if (is_private) {
		/* A private note: agents among themselves. */
		norm_set_str(ev, EVENT_DIRECTION, "internal");
		norm_set_str(ev, EVENT_ACTOR, "agent");
		norm_set_str(ev, EVENT_TYPE, "note");
	} else if (kind == INCOMING) {
		norm_set_str(ev, EVENT_DIRECTION, "in");
		norm_set_str(ev, EVENT_ACTOR, "customer");
		contact(n, ev, "sender");
	} else {
		norm_set_str(ev, EVENT_DIRECTION, "out");
		/* Templates and AgentBot messages are automated. */
		norm_set_str(ev, EVENT_ACTOR, kind == TEMPLATE ||
		    (sender_type != NULL && strncasecmp(sender_type,
		    "agentbot", slen) == 0 && slen == 8) ? "bot" : "agent");
		contact(n, ev, "conversation.meta.sender");
		contact(n, ev, "conversation.contact");
	}
	if (kind != INCOMING && sender_type != NULL && slen == 4 &&
	    strncasecmp(sender_type, "user", 4) == 0 &&
	    ((s = srcrec_str(n->rec, "sender.name", &len, 1)) != NULL ||
	    (s = srcrec_str(n->rec, "sender_id", &len, 1)) != NULL))
		norm_set(ev, EVENT_AGENT, s, len);
	(void)preset_prefixed(n, ev, EVENT_ID, "chatwoot", "id");
	/* The per-account display id: one account per export. */
	if (!preset_prefixed(n, ev, EVENT_CONVERSATION, "chatwoot",
	    "conversation_id"))
		(void)preset_prefixed(n, ev, EVENT_CONVERSATION, "chatwoot",
		    "conversation.display_id");
	if (text != NULL)
		norm_set(ev, EVENT_TEXT, text, tlen);
	return 0;
}

const struct norm_preset preset_chatwoot = {
	"chatwoot",
	"Chatwoot messages (API or webhook): notes, bots, activity",
	map_chatwoot
};
