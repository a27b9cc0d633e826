/*
 * asterisk.c - the normalize preset of Asterisk's cdr_csv records
 * (canal-ingest -f asterisk).
 *
 * Sources: FORMATS.md section 1.1 (cdr/cdr_csv.c column order; start,
 * answer and end as "YYYY-MM-DD HH:MM:SS", local unless usegmtime; duration
 * = end - start and billsec = end - answer in real elapsed seconds;
 * dispositions ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION; direction is
 * not a field but the dialplan context's), and the Asterisk CDR
 * documentation (docs.asterisk.org, Call Detail Records).
 */
#include "presets/common.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "phone.h"

/* Contexts that receive calls from outside when no --inbound is given. */
static const char *const inbound_contexts[] = { "from-pstn", "from-trunk",
    "from-external", "from-did", "public", "incoming", NULL };

/* A PBX extension: 2 to 6 digits. */
static int
is_extension(const char *s, size_t n)
{
	size_t i;

	if (n < 2 || n > 6)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Whether name[0..n) starts with one of list (a channel or trunk). */
static int
starts_with_one(const char *const *list, const char *s, size_t n)
{
	size_t i, k;

	for (i = 0; list != NULL && list[i] != NULL; i++) {
		k = strlen(list[i]);
		if (k <= n && strncmp(list[i], s, k) == 0)
			return 1;
	}
	return 0;
}

/*
 * in, out or internal: --inbound names contexts or channel prefixes that
 * are inbound; without it, the usual inbound contexts.  Anything else
 * that dials an outside number is outbound; extension to extension is
 * internal.
 */
static const char *
direction(struct norm *n, const char *ctx, size_t clen, const char *chan,
    size_t chlen, const char *src, size_t slen, const char *dst, size_t dlen)
{
	const char *const *inbound = n->opt->inbound;

	if (inbound != NULL ? norm_in_list(inbound, ctx, clen) ||
	    starts_with_one(inbound, chan, chlen) :
	    norm_in_list(inbound_contexts, ctx, clen))
		return "in";
	if (is_extension(src, slen) && is_extension(dst, dlen))
		return "internal";
	if (dlen > 0 && !is_extension(dst, dlen))
		return "out";
	return NULL;
}

/* "PJSIP/2005-000001a9" -> "2005": the endpoint of a channel name. */
static int
endpoint(const char *chan, size_t n, const char **ep, size_t *len)
{
	const char *slash = memchr(chan, '/', n), *dash;

	if (slash == NULL)
		return 0;
	*ep = slash + 1;
	n -= (size_t)(*ep - chan);
	dash = NULL;
	for (size_t i = n; i-- > 0; )
		if ((*ep)[i] == '-') {
			dash = *ep + i;
			break;
		}
	*len = dash != NULL ? (size_t)(dash - *ep) : n;
	return *len > 0;
}

/* The display name of a caller id '"Hannah Price" <2007>', when it is
   not just the number again. */
static void
caller_name(struct norm *n, struct norm_event *ev)
{
	const char *s, *q1, *q2;
	size_t len;

	if ((s = srcrec_str(n->rec, "clid", &len, 1)) == NULL || s[0] != '"' ||
	    (q2 = memchr(s + 1, '"', len - 1)) == NULL)
		return;
	q1 = s + 1;
	/* Not the number again, nor a withheld caller's placeholder. */
	if (q2 > q1 && strspn(q1, "+0123456789 ") < (size_t)(q2 - q1) &&
	    !((size_t)(q2 - q1) == 9 && strncasecmp(q1, "anonymous", 9) == 0) &&
	    !((size_t)(q2 - q1) == 7 && (strncasecmp(q1, "unknown", 7) == 0 ||
	    strncasecmp(q1, "private", 7) == 0)))
		(void)norm_id_name(n, ev, q1, (size_t)(q2 - q1));
}

static int
map_asterisk(struct norm *n, struct norm_event *ev)
{
	const char *ctx, *chan, *dstchan, *src, *dst, *disp, *dir, *uid, *s;
	size_t clen, chlen, dclen, slen, dlen, plen, ulen, len, elen;
	double duration, billsec;
	int64_t end_ms, hint = NORM_NO_HINT;
	const char *pbx_answered = NULL;
	int answered, ring_attempt;

	ctx = srcrec_str(n->rec, "dcontext", &clen, 1);
	chan = srcrec_str(n->rec, "channel", &chlen, 1);
	dstchan = srcrec_str(n->rec, "dstchannel", &dclen, 1);
	src = srcrec_str(n->rec, "_src", &slen, 1);
	dst = srcrec_str(n->rec, "dst", &dlen, 1);
	disp = srcrec_str(n->rec, "disposition", &plen, 1);
	if (disp == NULL)
		return norm_fail(n, "field \"disposition\": missing");
	if (preset_number(n, "duration", &duration) != 0 ||
	    preset_number(n, "billsec", &billsec) != 0 || duration < 0 ||
	    billsec < 0)
		return norm_fail(n, "field \"duration\" or \"billsec\": not a "
		    "number of seconds");
	norm_set_str(ev, EVENT_CHANNEL, "phone");
	norm_set_str(ev, EVENT_SOURCE, "asterisk");
	norm_set_str(ev, EVENT_TYPE, "call");
	dir = direction(n, ctx ? ctx : "", ctx ? clen : 0, chan ? chan : "",
	    chan ? chlen : 0, src ? src : "", src ? slen : 0, dst ? dst : "",
	    dst ? dlen : 0);
	if (dir == NULL)
		return norm_fail(n, "field \"dcontext\": unknown direction; "
		    "give --inbound CONTEXT");
	answered = strcmp(disp, "ANSWERED") == 0;
	s = srcrec_str(n->rec, "lastapp", &len, 1);
	/* ANSWERED only says that something picked up: an inbound call
	   that no phone took (no dstchannel) was answered by the PBX, a
	   voicemail box or a closed-hours announcement, not by a person. */
	if (answered && strcmp(dir, "in") == 0 && dstchan == NULL) {
		answered = 0;
		pbx_answered = s != NULL && (strcasecmp(s, "VoiceMail") == 0) ?
		    "voicemail" : "missed";
	}
	/* A queue ringing several phones logs a NO ANSWER row, with the
	   call's uniqueid, for each agent who did not pick up (FORMATS.md
	   1.1): a ring attempt the customer never sees, not a second call.
	   Known limit: a queue call that rang one agent and was then given
	   up by the caller looks the same, and is taken as one too. */
	ring_attempt = strcmp(dir, "in") == 0 && !answered && dstchan != NULL &&
	    s != NULL && strcmp(s, "Queue") == 0;
	norm_set_str(ev, EVENT_DIRECTION, ring_attempt ? "internal" : dir);
	norm_set_str(ev, EVENT_ACTOR, ring_attempt ? "system" :
	    strcmp(dir, "in") == 0 ? "customer" : "agent");
	if (answered)
		norm_set_str(ev, EVENT_OUTCOME, "answered");
	else if (pbx_answered != NULL)
		norm_set_str(ev, EVENT_OUTCOME, pbx_answered);
	else if (strcmp(disp, "BUSY") == 0)
		norm_set_str(ev, EVENT_OUTCOME, "busy");
	else if (strcmp(disp, "FAILED") == 0 || strcmp(disp, "CONGESTION") == 0)
		norm_set_str(ev, EVENT_OUTCOME, "failed");
	else if (strcmp(disp, "NO ANSWER") == 0) {
		/* A caller who hung up while queued abandoned the call. */
		norm_set_str(ev, EVENT_OUTCOME, strcmp(dir, "in") == 0 &&
		    !ring_attempt && s != NULL && strcmp(s, "Queue") == 0 ?
		    "abandoned" : "missed");
	} else
		return norm_fail(n, "field \"disposition\": not ANSWERED, NO "
		    "ANSWER, BUSY, FAILED or CONGESTION");
	/* Talk time and queue time from the record, never from the clocks. */
	norm_set_num(ev, EVENT_DURATION, answered ? billsec : 0);
	if (answered && strcmp(dir, "in") == 0)
		norm_set_num(ev, EVENT_WAIT, duration - billsec);
	/* In a repeated hour, the end less the duration tells which. */
	if ((s = srcrec_str(n->rec, "end", &elen, 1)) != NULL &&
	    norm_time(n, s, elen, NULL, NORM_NO_HINT, &end_ms, &s) == 0)
		hint = end_ms - (int64_t)(duration * 1000);
	if (norm_set_ts(n, ev, "start", NULL, hint) != 0)
		return -1;
	if (strcmp(dir, "in") == 0) {
		if (src != NULL)
			(void)norm_id_phone(n, ev, src, slen);
		caller_name(n, ev);
		if (dstchan != NULL && endpoint(dstchan, dclen, &s, &len))
			norm_set(ev, EVENT_AGENT, s, len);
	} else {
		if (strcmp(dir, "out") == 0 && dst != NULL)
			(void)norm_id_phone(n, ev, dst, dlen);
		if (chan != NULL && endpoint(chan, chlen, &s, &len))
			norm_set(ev, EVENT_AGENT, s, len);
	}
	if ((uid = srcrec_str(n->rec, "uniqueid", &ulen, 1)) != NULL) {
		const char *linked = srcrec_str(n->rec, "linkedid", &len, 1);
		const char *seq = srcrec_str(n->rec, "sequence", &plen, 1);
		char *id;
		size_t idlen;

		norm_native_id(n, ev, "asterisk", linked != NULL ? linked : uid,
		    linked != NULL ? len : ulen);
		norm_set(ev, EVENT_CONVERSATION, ev->str[EVENT_ID],
		    ev->len[EVENT_ID]);
		/* The id tells the rows of one call apart. */
		idlen = ulen + 2 + (seq ? plen : dstchan ? dclen : 0);
		id = malloc(idlen + 1);
		if (id == NULL)
			return norm_fail(n, "out of memory");
		memcpy(id, uid, ulen);
		idlen = ulen;
		if (seq != NULL) {
			id[idlen++] = '-';
			memcpy(id + idlen, seq, plen);
			idlen += plen;
		} else if (ring_attempt) {
			id[idlen++] = '/';
			memcpy(id + idlen, dstchan, dclen);
			idlen += dclen;
		}
		norm_native_id(n, ev, "asterisk", id, idlen);
		free(id);
	}
	return 0;
}

const struct norm_preset preset_asterisk = {
	"asterisk",
	"Asterisk cdr_csv calls: direction from the context (--inbound)",
	map_asterisk
};
