/*
 * whatsapp.c - the normalize preset of WhatsApp "Export chat" records
 * (canal-ingest -f whatsapp).
 *
 * Sources: FORMATS.md section 3 (local times without zone, minute
 * resolution on Android; own messages carry the exporter's own name, so
 * direction needs --self; system notices have no author; unsaved contacts
 * show as their phone number wrapped in U+202A...U+202C; one export is one
 * chat and carries no thread id).
 */
#include "presets/presets.h"

#include <string.h>

#include "ident.h"

/* Whether an author looks like a phone number: "+", digits, separators. */
static int
looks_like_phone(const char *s, size_t n)
{
	size_t i, digits = 0;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			digits++;
		else if (c == '+' || c == ' ' || c == '-' || c == '(' ||
		    c == ')' || c == '.' || c >= 0x80)
			continue;	/* marks and no-break spaces too */
		else
			return 0;
	}
	return digits >= 6;
}

/*
 * One export is one chat: the conversation is named after the file, as
 * "whatsapp:" and 16 hex digits of its name's SHA-256 (a file name such as
 * "WhatsApp Chat with Ana.txt" names a person).  canal-merge --stitch
 * starts a new conversation after --idle of silence.
 */
static void
conversation(struct norm *n, struct norm_event *ev)
{
	struct ident_hash h;
	char hex[IDENT_HASH_HEX + 1], buf[32];

	ident_hash_init(&h);
	ident_hash_add(&h, n->rec->file, strlen(n->rec->file));
	ident_hash_hex(&h, hex);
	memcpy(buf, "whatsapp:", 9);
	memcpy(buf + 9, hex, 16);
	norm_set(ev, EVENT_CONVERSATION, norm_keep(n, buf, 25), 25);
}

static int
map_whatsapp(struct norm *n, struct norm_event *ev)
{
	struct srcval v;
	const char *author;
	size_t alen;

	norm_set_str(ev, EVENT_CHANNEL, "messaging");
	norm_set_str(ev, EVENT_SOURCE, "whatsapp");
	norm_set_str(ev, EVENT_TYPE, "message");
	if (norm_set_ts(n, ev, "datetime_local", NULL, NORM_NO_HINT) != 0)
		return -1;
	author = srcrec_str(n->rec, "author", &alen, 1);
	if ((srcrec_get(n->rec, "system", &v) == 1 && v.type == SCAN_TRUE) ||
	    author == NULL) {
		/* "Messages and calls are end-to-end encrypted", "X added Y":
		   nobody's message. */
		norm_set_str(ev, EVENT_DIRECTION, "internal");
		norm_set_str(ev, EVENT_ACTOR, "system");
	} else if (n->opt->self == NULL) {
		return norm_fail(n, "field \"author\": direction unknown; give "
		    "--self NAME (the business's name in the chat)");
	} else if (norm_is_self(n, author, alen)) {
		norm_set_str(ev, EVENT_DIRECTION, "out");
		norm_set_str(ev, EVENT_ACTOR, "agent");
		norm_set(ev, EVENT_AGENT, author, alen);
	} else {
		norm_set_str(ev, EVENT_DIRECTION, "in");
		norm_set_str(ev, EVENT_ACTOR, "customer");
		/* A saved contact is a display name only; an unsaved one is
		   its number. */
		if (!looks_like_phone(author, alen) ||
		    !norm_id_phone(n, ev, author, alen))
			(void)norm_id_name(n, ev, author, alen);
	}
	conversation(n, ev);
	(void)norm_copy(n, ev, EVENT_TEXT, "text");
	return 0;
}

const struct norm_preset preset_whatsapp = {
	"whatsapp",
	"WhatsApp chat exports: local times (--tz), the business's name "
	"(--self)",
	map_whatsapp
};
