/*
 * messenger.c - the normalize preset of Facebook Messenger and Instagram
 * "Download your information" messages (canal-ingest -f messenger).
 *
 * Sources: FORMATS.md section 5.2 (sender_name only, no ids; timestamp_ms
 * UTC; type Generic, Share, Call with call_duration, Subscribe,
 * Unsubscribe; thread_path names the conversation; the reader repaired
 * the mojibake already).
 */
#include "presets/common.h"

#include <string.h>

static int
map_messenger(struct norm *n, struct norm_event *ev)
{
	const char *sender, *type, *path, *file;
	size_t slen, tlen, plen, flen;
	double ms, seconds;
	int instagram;

	if (preset_number(n, "timestamp_ms", &ms) != 0)
		return norm_fail(n, "field \"timestamp_ms\": missing or not a "
		    "number");
	norm_set_ts_ms(ev, (int64_t)ms);
	path = srcrec_str(n->rec, "thread_path", &plen, 1);
	file = n->rec->file;
	flen = strlen(file);
	/* Instagram's archives keep their threads under
	   your_instagram_activity/ or name the thread with an instagram
	   prefix. */
	instagram = (path != NULL && memmem(path, plen, "instagram", 9) !=
	    NULL) || memmem(file, flen, "instagram", 9) != NULL;
	norm_set_str(ev, EVENT_CHANNEL, "social");
	norm_set_str(ev, EVENT_SOURCE, instagram ? "instagram" : "facebook");
	norm_set_str(ev, EVENT_VISIBILITY, "private");
	type = srcrec_str(n->rec, "type", &tlen, 1);
	sender = srcrec_str(n->rec, "sender_name", &slen, 1);
	if (type != NULL && (strcmp(type, "Subscribe") == 0 ||
	    strcmp(type, "Unsubscribe") == 0)) {
		norm_set_str(ev, EVENT_DIRECTION, "internal");
		norm_set_str(ev, EVENT_ACTOR, "system");
		norm_set_str(ev, EVENT_TYPE, "status");
	} else {
		if (sender == NULL)
			return norm_fail(n, "field \"sender_name\": missing");
		if (n->opt->self == NULL)
			return norm_fail(n, "field \"sender_name\": direction "
			    "unknown; give --self with the page's name");
		if (norm_is_self(n, sender, slen)) {
			norm_set_str(ev, EVENT_DIRECTION, "out");
			norm_set_str(ev, EVENT_ACTOR, "agent");
			norm_set(ev, EVENT_AGENT, sender, slen);
		} else {
			norm_set_str(ev, EVENT_DIRECTION, "in");
			norm_set_str(ev, EVENT_ACTOR, "customer");
			/* A display name only: shown, never joined. */
			(void)norm_id_name(n, ev, sender, slen);
		}
		if (type != NULL && strcmp(type, "Call") == 0) {
			norm_set_str(ev, EVENT_TYPE, "call");
			seconds = 0;
			(void)preset_number(n, "call_duration", &seconds);
			norm_set_num(ev, EVENT_DURATION, seconds);
			norm_set_str(ev, EVENT_OUTCOME, seconds > 0 ?
			    "answered" : "missed");
		} else
			norm_set_str(ev, EVENT_TYPE, "message");
	}
	(void)preset_prefixed(n, ev, EVENT_CONVERSATION, instagram ?
	    "instagram" : "facebook", "thread_path");
	(void)norm_copy(n, ev, EVENT_TEXT, "content");
	return 0;
}

const struct norm_preset preset_messenger = {
	"messenger",
	"Facebook/Instagram messages: the page's name (--self)",
	map_messenger
};
