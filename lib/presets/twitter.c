/*
 * twitter.c - the normalize preset of X (Twitter) direct messages: the
 * messageCreate objects of an archive's data/direct-messages.js, one a
 * record, at the top level or under "messageCreate", with the
 * conversationId of their dmConversation.
 *
 * Sources: FORMATS.md section 5.1 (ids as strings, createdAt ISO UTC
 * with milliseconds, senderId == the account's id means sent; a
 * one-to-one conversationId is the two user ids joined by "-").
 */
#include "presets/common.h"

#include <stdio.h>
#include <string.h>

/* The member name under messageCreate when the record nests it. */
static const char *
member(struct norm *n, const char *name, char *buf, size_t cap)
{
	size_t len;

	if (srcrec_str(n->rec, name, &len, 1) != NULL)
		return name;
	snprintf(buf, cap, "messageCreate.%s", name);
	return buf;
}

static int
map_twitter(struct norm *n, struct norm_event *ev)
{
	char b1[64], b2[64], b3[64];
	const char *sender, *recipient, *p;
	size_t slen, rlen;

	norm_set_str(ev, EVENT_CHANNEL, "social");
	norm_set_str(ev, EVENT_SOURCE, "twitter");
	norm_set_str(ev, EVENT_VISIBILITY, "private");
	norm_set_str(ev, EVENT_TYPE, "message");
	if (norm_set_ts(n, ev, member(n, "createdAt", b1, sizeof(b1)), NULL,
	    NORM_NO_HINT) != 0)
		return -1;
	sender = srcrec_str(n->rec, member(n, "senderId", b2, sizeof(b2)),
	    &slen, 1);
	recipient = srcrec_str(n->rec, member(n, "recipientId", b3,
	    sizeof(b3)), &rlen, 1);
	if (sender == NULL)
		return norm_fail(n, "field \"senderId\": missing");
	if (n->opt->self == NULL)
		return norm_fail(n, "field \"senderId\": direction unknown; "
		    "give --self ACCOUNT_ID (data/account.js, accountId)");
	if (norm_is_self(n, sender, slen)) {
		norm_set_str(ev, EVENT_DIRECTION, "out");
		norm_set_str(ev, EVENT_ACTOR, "agent");
		/* The customer is the one written to; a group has none. */
		if (recipient != NULL)
			(void)norm_id_handle(n, ev, "twitter", recipient, rlen);
	} else {
		norm_set_str(ev, EVENT_DIRECTION, "in");
		norm_set_str(ev, EVENT_ACTOR, "customer");
		/* Archives name users by their numeric ids only. */
		(void)norm_id_handle(n, ev, "twitter", sender, slen);
	}
	p = member(n, "id", b1, sizeof(b1));
	(void)preset_prefixed(n, ev, EVENT_ID, "twitter", p);
	p = member(n, "conversationId", b1, sizeof(b1));
	(void)preset_prefixed(n, ev, EVENT_CONVERSATION, "twitter", p);
	(void)norm_copy(n, ev, EVENT_TEXT, member(n, "text", b1, sizeof(b1)));
	return 0;
}

const struct norm_preset preset_twitter = {
	"twitter",
	"X/Twitter DMs (messageCreate): the account's id (--self)",
	map_twitter
};
