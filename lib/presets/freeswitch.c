/*
 * freeswitch.c - the normalize preset of FreeSWITCH mod_cdr_csv records
 * (canal-ingest -f freeswitch, the default "example" template).
 *
 * Sources: FORMATS.md section 1.3 (columns caller_id_name,
 * caller_id_number, destination_number, context, start_stamp,
 * answer_stamp, end_stamp, duration, billsec, hangup_cause (Q.850 names),
 * uuid...; stamps local; context "public" = from a gateway, "default" =
 * placed by a registered user), and FreeSWITCH's hangup cause table
 * (developer.signalwire.com, Hangup Cause Code Table).
 */
#include "presets/common.h"

#include <string.h>

/* 2 to 6 digits: an internal extension. */
static int
is_extension(const char *s, size_t n)
{
	size_t i;

	if (s == NULL || n < 2 || n > 6)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Outcome from the Q.850 hangup cause and the talk time. */
static const char *
outcome(const char *cause, int inbound, double billsec)
{
	if (billsec > 0)
		return "answered";
	if (strcmp(cause, "USER_BUSY") == 0)
		return "busy";
	if (strcmp(cause, "ORIGINATOR_CANCEL") == 0)
		/* The caller hung up before an answer. */
		return inbound ? "abandoned" : "missed";
	if (strcmp(cause, "NO_ANSWER") == 0 ||
	    strcmp(cause, "NO_USER_RESPONSE") == 0 ||
	    strcmp(cause, "ALLOTTED_TIMEOUT") == 0)
		return "missed";
	if (strcmp(cause, "NORMAL_CLEARING") == 0)
		return inbound ? "abandoned" : "missed";
	return "failed";
}

static int
map_freeswitch(struct norm *n, struct norm_event *ev)
{
	const char *ctx, *src, *dst, *cause, *dir, *s;
	size_t clen, slen, dlen, len;
	double duration, billsec;
	int inbound;

	ctx = srcrec_str(n->rec, "context", &clen, 1);
	src = srcrec_str(n->rec, "caller_id_number", &slen, 1);
	dst = srcrec_str(n->rec, "destination_number", &dlen, 1);
	if ((cause = srcrec_str(n->rec, "hangup_cause", &len, 1)) == NULL)
		return norm_fail(n, "field \"hangup_cause\": missing");
	if (preset_number(n, "duration", &duration) != 0 ||
	    preset_number(n, "billsec", &billsec) != 0)
		return norm_fail(n, "field \"duration\" or \"billsec\": not a "
		    "number of seconds");
	if (ctx != NULL && (n->opt->inbound != NULL ?
	    norm_in_list(n->opt->inbound, ctx, clen) :
	    (clen == 6 && memcmp(ctx, "public", 6) == 0)))
		dir = "in";
	else if (is_extension(src, slen) && is_extension(dst, dlen))
		dir = "internal";
	else if (dst != NULL && !is_extension(dst, dlen))
		dir = "out";
	else
		return norm_fail(n, "field \"context\": unknown direction; "
		    "give --inbound CONTEXT");
	inbound = strcmp(dir, "in") == 0;
	norm_set_str(ev, EVENT_CHANNEL, "phone");
	norm_set_str(ev, EVENT_SOURCE, "freeswitch");
	norm_set_str(ev, EVENT_TYPE, "call");
	norm_set_str(ev, EVENT_DIRECTION, dir);
	norm_set_str(ev, EVENT_ACTOR, inbound ? "customer" : "agent");
	norm_set_str(ev, EVENT_OUTCOME, outcome(cause, inbound, billsec));
	norm_set_num(ev, EVENT_DURATION, billsec);
	if (inbound && billsec > 0)
		norm_set_num(ev, EVENT_WAIT, duration - billsec);
	if (norm_set_ts(n, ev, "start_stamp", NULL, NORM_NO_HINT) != 0)
		return -1;
	if (inbound) {
		if (src != NULL)
			(void)norm_id_phone(n, ev, src, slen);
		if ((s = srcrec_str(n->rec, "caller_id_name", &len, 1)) !=
		    NULL)
			(void)norm_id_name(n, ev, s, len);
	} else if (strcmp(dir, "out") == 0) {
		(void)norm_id_phone(n, ev, dst, dlen);
		if (is_extension(src, slen))
			norm_set(ev, EVENT_AGENT, src, slen);
	}
	(void)preset_prefixed(n, ev, EVENT_ID, "freeswitch", "uuid");
	(void)preset_prefixed(n, ev, EVENT_CONVERSATION, "freeswitch", "uuid");
	return 0;
}

const struct norm_preset preset_freeswitch = {
	"freeswitch",
	"FreeSWITCH mod_cdr_csv calls: context public inbound (--inbound)",
	map_freeswitch
};
