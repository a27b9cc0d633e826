/*
 * connect.c - the normalize preset of Amazon Connect contact trace
 * records (canal-ingest -f json: objects one after another, as Kinesis
 * Firehose delivers them).
 *
 * Sources: FORMATS.md section 8.2 (awsdocs amazon-connect-admin-guide
 * ctr-data-model: Channel, InitiationMethod, InitiationTimestamp,
 * Queue.EnqueueTimestamp and Duration, Agent.ConnectedToAgentTimestamp
 * and AgentInteractionDuration, DisconnectTimestamp, CustomerEndpoint,
 * ContactId and InitialContactId; records are delivered at least once and
 * again on update).
 */
#include "presets/common.h"

#include <string.h>

static const char *
channel_of(const char *s, size_t n)
{
	if (s == NULL)
		return NULL;
	if (n == 5 && memcmp(s, "VOICE", 5) == 0)
		return "phone";
	if (n == 4 && memcmp(s, "CHAT", 4) == 0)
		return "chat";
	if (n == 5 && memcmp(s, "EMAIL", 5) == 0)
		return "email";
	if (n == 4 && memcmp(s, "TASK", 4) == 0)
		return "other";
	return NULL;
}

/* Direction from InitiationMethod: the customer's contacts are in. */
static const char *
direction_of(const char *s, size_t n)
{
	static const char *const in[] = { "INBOUND", "TRANSFER",
	    "QUEUE_TRANSFER", "API", "WEBRTC_API", NULL };
	static const char *const out[] = { "OUTBOUND", "CALLBACK",
	    "AGENT_REPLY", "EXTERNAL_OUTBOUND", NULL };

	if (s == NULL)
		return NULL;
	if (norm_in_list(in, s, n))
		return "in";
	if (norm_in_list(out, s, n))
		return "out";
	/* MONITOR, DISCONNECT, FLOW: the business's own. */
	return "internal";
}

/* An instant of the record at path, or -1 (absent or unreadable). */
static int
instant(struct norm *n, const char *path, int64_t *ms)
{
	const char *s, *why;
	size_t len;

	if ((s = srcrec_str(n->rec, path, &len, 1)) == NULL)
		return -1;
	return norm_time(n, s, len, NULL, NORM_NO_HINT, ms, &why);
}

static int
map_connect(struct norm *n, struct norm_event *ev)
{
	const char *chan, *method, *dir, *s, *type;
	size_t clen, mlen, len, tlen;
	int64_t enqueued, answered, ended;
	double d;
	int has_queue, has_agent;

	chan = srcrec_str(n->rec, "Channel", &clen, 1);
	method = srcrec_str(n->rec, "InitiationMethod", &mlen, 1);
	if ((s = channel_of(chan, clen)) == NULL)
		return norm_fail(n, "field \"Channel\": not VOICE, CHAT, TASK "
		    "or EMAIL");
	if ((dir = direction_of(method, mlen)) == NULL)
		return norm_fail(n, "field \"InitiationMethod\": missing");
	norm_set_str(ev, EVENT_CHANNEL, s);
	norm_set_str(ev, EVENT_SOURCE, "amazon-connect");
	norm_set_str(ev, EVENT_TYPE, strcmp(s, "phone") == 0 ? "call" :
	    "message");
	norm_set_str(ev, EVENT_DIRECTION, dir);
	norm_set_str(ev, EVENT_ACTOR, strcmp(dir, "in") == 0 ? "customer" :
	    strcmp(dir, "out") == 0 ? "agent" : "system");
	if (norm_set_ts(n, ev, "InitiationTimestamp", NULL, NORM_NO_HINT) !=
	    0)
		return -1;
	has_queue = instant(n, "Queue.EnqueueTimestamp", &enqueued) == 0;
	has_agent = instant(n, "Agent.ConnectedToAgentTimestamp",
	    &answered) == 0;
	/* Answered: an agent took it; abandoned: it waited in a queue and
	   no agent did; missed otherwise. */
	norm_set_str(ev, EVENT_OUTCOME, has_agent ? "answered" : has_queue ?
	    "abandoned" : "missed");
	if (preset_number(n, "Queue.Duration", &d) == 0)
		norm_set_num(ev, EVENT_WAIT, d);
	else if (has_queue && has_agent && answered >= enqueued)
		norm_set_num(ev, EVENT_WAIT, (double)(answered - enqueued) /
		    1000);
	if (preset_number(n, "Agent.AgentInteractionDuration", &d) == 0)
		norm_set_num(ev, EVENT_DURATION, d);
	else if (has_agent && instant(n, "DisconnectTimestamp", &ended) == 0 &&
	    ended >= answered)
		norm_set_num(ev, EVENT_DURATION, (double)(ended - answered) /
		    1000);
	if ((s = srcrec_str(n->rec, "Agent.Username", &len, 1)) != NULL)
		norm_set(ev, EVENT_AGENT, s, len);
	if ((s = srcrec_str(n->rec, "Queue.Name", &len, 1)) != NULL)
		norm_set(ev, EVENT_QUEUE, s, len);
	if ((s = srcrec_str(n->rec, "CustomerEndpoint.Address", &len, 1)) !=
	    NULL) {
		type = srcrec_str(n->rec, "CustomerEndpoint.Type", &tlen, 1);
		if (type != NULL && strcmp(type, "EMAIL_ADDRESS") == 0)
			(void)norm_id_email(n, ev, s, len);
		else
			(void)norm_id_phone(n, ev, s, len);
	}
	/* The same contact delivered twice has one id, so canal-merge
	   --dedupe keeps one copy. */
	(void)preset_prefixed(n, ev, EVENT_ID, "connect", "ContactId");
	if (!preset_prefixed(n, ev, EVENT_CONVERSATION, "connect",
	    "InitialContactId"))
		(void)preset_prefixed(n, ev, EVENT_CONVERSATION, "connect",
		    "ContactId");
	return 0;
}

const struct norm_preset preset_connect = {
	"connect",
	"Amazon Connect contact records: wait, outcome and talk time",
	map_connect
};
