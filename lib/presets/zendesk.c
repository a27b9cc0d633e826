/*
 * zendesk.c - the normalize preset of Zendesk Support records: tickets
 * (incremental export, canal-ingest -f json --path tickets), ticket
 * comments and ticket audits.
 *
 * Sources: FORMATS.md section 6.1 (ticket keys; via.channel and
 * via.source.from; comments with author_id, public, body; audits with
 * events of type Comment and Change, status new/open/pending/hold/
 * solved/closed; times ISO 8601 UTC); developer.zendesk.com Ticket Audit
 * Events reference.
 *
 * One record gives one event: a ticket its opening message; a comment
 * its message (a private one an internal note); an audit its comment when
 * it has one, else its status change.  An audit with neither (tags,
 * priorities, assignees) tells nothing about the conversation with the
 * customer and is rejected with that reason.
 */
#include "presets/common.h"

#include <stdio.h>
#include <string.h>

#include "scan.h"

/* The canonical channel of a via.channel. */
static const char *
channel_of(const char *via, size_t n)
{
	static const struct {
		const char *via, *channel;
	} map[] = {
		{ "email", "email" }, { "mail", "email" }, { "web", "webform" },
		{ "web_form", "webform" }, { "chat", "chat" },
		{ "native_messaging", "messaging" }, { "whatsapp", "messaging" },
		{ "voice", "phone" }, { "twitter", "social" },
		{ "facebook", "social" }, { "instagram_dm", "social" },
		{ "sms", "sms" }, { "mobile_sdk", "chat" }
	};
	size_t i;

	for (i = 0; via != NULL && i < sizeof(map) / sizeof(map[0]); i++)
		if (strlen(map[i].via) == n && memcmp(map[i].via, via, n) == 0)
			return map[i].channel;
	return "other";
}

/* Zendesk's statuses in the schema's words. */
static const char *
status_of(const char *s, size_t n)
{
	if (s == NULL)
		return NULL;
	if ((n == 3 && memcmp(s, "new", 3) == 0) ||
	    (n == 4 && memcmp(s, "open", 4) == 0))
		return "open";
	if ((n == 7 && memcmp(s, "pending", 7) == 0) ||
	    (n == 4 && memcmp(s, "hold", 4) == 0))
		return "pending";
	if (n == 6 && memcmp(s, "solved", 6) == 0)
		return "resolved";
	if (n == 6 && memcmp(s, "closed", 6) == 0)
		return "closed";
	return NULL;
}

/*
 * The channel of a record.  A ticket's via is how the customer opened it
 * ("web" is the web form); a comment's or an audit's is how its author
 * wrote, and agents write through the web interface, the API or rules,
 * which are not the customer's channel: "other" then.
 */
static void
set_channel(struct norm *n, struct norm_event *ev, int is_ticket)
{
	const char *via;
	size_t len;

	via = srcrec_str(n->rec, "via.channel", &len, 1);
	if (!is_ticket && via != NULL && len == 3 && memcmp(via, "web", 3) == 0)
		via = NULL;
	norm_set_str(ev, EVENT_CHANNEL, channel_of(via, len));
	norm_set_str(ev, EVENT_SOURCE, "zendesk");
}

/* A ticket of the incremental export: the customer's opening message. */
static int
ticket(struct norm *n, struct norm_event *ev)
{
	const char *s;
	size_t len;

	set_channel(n, ev, 1);
	if (norm_set_ts(n, ev, "created_at", NULL, NORM_NO_HINT) != 0)
		return -1;
	norm_set_str(ev, EVENT_DIRECTION, "in");
	norm_set_str(ev, EVENT_ACTOR, "customer");
	norm_set_str(ev, EVENT_TYPE, "message");
	if ((s = srcrec_str(n->rec, "via.source.from.address", &len, 1)) !=
	    NULL)
		(void)norm_id_email(n, ev, s, len);
	if ((s = srcrec_str(n->rec, "requester_id", &len, 1)) != NULL)
		(void)norm_id_account(n, ev, s, len);
	(void)preset_prefixed(n, ev, EVENT_ID, "zendesk:ticket", "id");
	(void)preset_prefixed(n, ev, EVENT_CONVERSATION, "zendesk", "id");
	(void)norm_copy(n, ev, EVENT_SUBJECT, "subject");
	(void)norm_copy(n, ev, EVENT_TEXT, "description");
	return 0;
}

/*
 * Who wrote a comment: the requester (in), a --self agent or anyone else
 * when the requester is known (out).
 */
static int
comment_direction(struct norm *n, struct norm_event *ev, const char *author,
    size_t alen, int is_public)
{
	const char *req, *s;
	size_t rlen, len;

	req = srcrec_str(n->rec, "requester_id", &rlen, 1);
	if (!is_public) {
		norm_set_str(ev, EVENT_DIRECTION, "internal");
		norm_set_str(ev, EVENT_ACTOR, "agent");
		norm_set_str(ev, EVENT_TYPE, "note");
	} else if (author != NULL && req != NULL && alen == rlen &&
	    memcmp(author, req, alen) == 0) {
		norm_set_str(ev, EVENT_DIRECTION, "in");
		norm_set_str(ev, EVENT_ACTOR, "customer");
		(void)norm_id_account(n, ev, author, alen);
		if ((s = srcrec_str(n->rec, "via.source.from.address", &len,
		    1)) != NULL)
			(void)norm_id_email(n, ev, s, len);
		return 0;
	} else if ((author != NULL && norm_is_self(n, author, alen)) ||
	    (req != NULL && author != NULL)) {
		norm_set_str(ev, EVENT_DIRECTION, "out");
		norm_set_str(ev, EVENT_ACTOR, "agent");
	} else
		return norm_fail(n, "field \"author_id\": direction unknown; "
		    "give --self AGENT_ID or records with requester_id");
	if (author != NULL)
		norm_set(ev, EVENT_AGENT, author, alen);
	if (req != NULL)
		(void)norm_id_account(n, ev, req, rlen);
	return 0;
}

/* A comment, alone (comments endpoint) or inside an audit (events). */
static int
comment(struct norm *n, struct norm_event *ev, const char *base)
{
	char path[64];
	struct srcval v;
	const char *author;
	size_t alen;
	int is_public = 1;

	set_channel(n, ev, 0);
	if (norm_set_ts(n, ev, "created_at", NULL, NORM_NO_HINT) != 0)
		return -1;
	norm_set_str(ev, EVENT_TYPE, "message");
	snprintf(path, sizeof(path), "%spublic", base);
	if (srcrec_get(n->rec, path, &v) == 1 && v.type == SCAN_FALSE)
		is_public = 0;
	author = srcrec_str(n->rec, "author_id", &alen, 1);
	if (author == NULL) {
		snprintf(path, sizeof(path), "%sauthor_id", base);
		author = srcrec_str(n->rec, path, &alen, 1);
	}
	if (comment_direction(n, ev, author, alen, is_public) != 0)
		return -1;
	snprintf(path, sizeof(path), "%splain_body", base);
	if (!norm_copy(n, ev, EVENT_TEXT, path)) {
		snprintf(path, sizeof(path), "%sbody", base);
		(void)norm_copy(n, ev, EVENT_TEXT, path);
	}
	(void)preset_prefixed(n, ev, EVENT_ID, "zendesk", "id");
	(void)preset_prefixed(n, ev, EVENT_CONVERSATION, "zendesk",
	    "ticket_id");
	return 0;
}

/* The first event of an audit of this type (and field), by index. */
static int
find_event(struct norm *n, const char *type, const char *field, char *base,
    size_t cap)
{
	char path[64];
	const char *s;
	size_t len, i;

	for (i = 0; i < 64; i++) {
		snprintf(path, sizeof(path), "events.%zu.type", i);
		if ((s = srcrec_str(n->rec, path, &len, 1)) == NULL)
			return 0;
		if (strlen(type) != len || memcmp(s, type, len) != 0)
			continue;
		if (field != NULL) {
			snprintf(path, sizeof(path), "events.%zu.field_name",
			    i);
			if ((s = srcrec_str(n->rec, path, &len, 1)) == NULL ||
			    strlen(field) != len || memcmp(s, field, len) != 0)
				continue;
		}
		snprintf(base, cap, "events.%zu.", i);
		return 1;
	}
	return 0;
}

static int
status_change(struct norm *n, struct norm_event *ev, const char *base)
{
	char path[64];
	const char *to, *from, *s;
	size_t tlen, flen, len;

	set_channel(n, ev, 0);
	if (norm_set_ts(n, ev, "created_at", NULL, NORM_NO_HINT) != 0)
		return -1;
	snprintf(path, sizeof(path), "%svalue", base);
	s = srcrec_str(n->rec, path, &tlen, 1);
	to = status_of(s, tlen);
	snprintf(path, sizeof(path), "%sprevious_value", base);
	s = srcrec_str(n->rec, path, &flen, 1);
	from = status_of(s, flen);
	if (to == NULL)
		return norm_fail(n, "field \"events\": a status Zendesk does "
		    "not have");
	/* Solved or closed, then open or pending again: a reopen. */
	if (from != NULL && (strcmp(from, "resolved") == 0 ||
	    strcmp(from, "closed") == 0) && (strcmp(to, "open") == 0 ||
	    strcmp(to, "pending") == 0))
		to = "reopened";
	norm_set_str(ev, EVENT_TYPE, "status");
	norm_set_str(ev, EVENT_STATUS, to);
	norm_set_str(ev, EVENT_DIRECTION, "internal");
	norm_set_str(ev, EVENT_ACTOR, "system");
	if ((s = srcrec_str(n->rec, "author_id", &len, 1)) != NULL &&
	    norm_is_self(n, s, len)) {
		norm_set_str(ev, EVENT_ACTOR, "agent");
		norm_set(ev, EVENT_AGENT, s, len);
	}
	(void)preset_prefixed(n, ev, EVENT_ID, "zendesk", "id");
	(void)preset_prefixed(n, ev, EVENT_CONVERSATION, "zendesk",
	    "ticket_id");
	return 0;
}

static int
map_zendesk(struct norm *n, struct norm_event *ev)
{
	char base[32], status[32];
	size_t len;
	int has_comment;

	if (srcrec_str(n->rec, "events.0.type", &len, 1) != NULL) {
		/* An audit with a comment and a status change (a customer's
		   reply that reopens a solved ticket) gives both events:
		   the comment first. */
		has_comment = find_event(n, "Comment", NULL, base,
		    sizeof(base)) || find_event(n, "VoiceComment", NULL, base,
		    sizeof(base));
		if (has_comment && n->pass == 0) {
			if (find_event(n, "Change", "status", status,
			    sizeof(status)))
				norm_again(n);
			return comment(n, ev, base);
		}
		if (find_event(n, "Change", "status", base, sizeof(base)) ||
		    find_event(n, "Create", "status", base, sizeof(base))) {
			if (status_change(n, ev, base) != 0)
				return -1;
			if (has_comment)
				(void)preset_prefixed(n, ev, EVENT_ID,
				    "zendesk:status", "id");
			return 0;
		}
		return norm_fail(n, "field \"events\": no comment and no "
		    "status change");
	}
	if (srcrec_str(n->rec, "body", &len, 1) != NULL ||
	    srcrec_str(n->rec, "plain_body", &len, 1) != NULL)
		return comment(n, ev, "");
	if (srcrec_str(n->rec, "requester_id", &len, 1) != NULL ||
	    srcrec_str(n->rec, "description", &len, 1) != NULL)
		return ticket(n, ev);
	return norm_fail(n, "record: not a Zendesk ticket, comment or audit");
}

const struct norm_preset preset_zendesk = {
	"zendesk",
	"Zendesk tickets, comments and audits: notes internal, statuses",
	map_zendesk
};
