/*
 * mbox.c - the normalize preset of e-mail (canal-ingest -f mbox).
 *
 * Sources: FORMATS.md section 2 (RFC 5322 headers, dates with the
 * obsolete forms, threading by Message-ID, In-Reply-To and References,
 * Gmail's X-GM-THRID; direction from the business's own addresses); RFC
 * 3834 (Auto-Submitted: automatic replies are not a person's answer).
 */
#include "presets/presets.h"

#include <string.h>
#include <strings.h>

#include "ident.h"

/* The first msg-id of a header, without its angle brackets. */
static int
first_msgid(const char *s, size_t n, const char **id, size_t *len)
{
	const char *open = memchr(s, '<', n), *close;

	if (open != NULL && (close = memchr(open, '>', n - (size_t)(open -
	    s))) != NULL && close > open + 1) {
		*id = open + 1;
		*len = (size_t)(close - open - 1);
		return 1;
	}
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	*id = s;
	for (*len = 0; *len < n && s[*len] != ' ' && s[*len] != '\t'; (*len)++)
		;
	return *len > 0;
}

/* The first address of to, then cc, that is not the business's own. */
static int
customer_address(struct norm *n, struct norm_event *ev)
{
	static const char *const headers[] = { "to", "cc" };
	const char *list, *p, *item;
	size_t len, ilen, k;

	for (k = 0; k < 2; k++) {
		if ((list = srcrec_str(n->rec, headers[k], &len, 1)) == NULL)
			continue;
		for (p = list; ident_email_list_next(&p, list + len, &item,
		    &ilen); )
			if (!norm_is_self(n, item, ilen) &&
			    norm_id_email(n, ev, item, ilen))
				return 1;
	}
	return 0;
}

/* "Isla Kim <i.kim@example.com>" -> "Isla Kim"; none for a bare address. */
static void
display_name(struct norm *n, struct norm_event *ev, const char *s, size_t len)
{
	const char *lt = memchr(s, '<', len);
	size_t k;

	if (lt == NULL)
		return;
	k = (size_t)(lt - s);
	while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '"'))
		k--;
	while (k > 0 && (*s == '"' || *s == ' ')) {
		s++;
		k--;
	}
	if (k > 0)
		(void)norm_id_name(n, ev, s, k);
}

/* RFC 3834: any Auto-Submitted value but "no" is an automatic message. */
static int
is_automatic(struct norm *n)
{
	const char *s;
	size_t len;

	s = srcrec_str(n->rec, "auto_submitted", &len, 1);
	return s != NULL && !(len >= 2 && strncasecmp(s, "no", 2) == 0 &&
	    (len == 2 || s[2] == ' ' || s[2] == ';' || s[2] == '('));
}

/* The thread: X-GM-THRID, else the root the references name, else the
   parent, else the message itself (canal-merge --stitch threads across
   records; this is what one record tells). */
static void
conversation(struct norm *n, struct norm_event *ev)
{
	static const char *const headers[] = { "references", "in_reply_to",
	    "message_id" };
	const char *s, *id;
	size_t len, ilen, k;
	char buf[512];

	if ((s = srcrec_str(n->rec, "x_gm_thrid", &len, 1)) != NULL &&
	    len + 6 < sizeof(buf)) {
		memcpy(buf, "gmail:", 6);
		memcpy(buf + 6, s, len);
		norm_set(ev, EVENT_CONVERSATION, norm_keep(n, buf, len + 6),
		    len + 6);
		return;
	}
	for (k = 0; k < 3; k++)
		if ((s = srcrec_str(n->rec, headers[k], &len, 1)) != NULL &&
		    first_msgid(s, len, &id, &ilen) && ilen + 6 < sizeof(buf)) {
			memcpy(buf, "email:", 6);
			memcpy(buf + 6, id, ilen);
			norm_set(ev, EVENT_CONVERSATION, norm_keep(n, buf,
			    ilen + 6), ilen + 6);
			return;
		}
}

/* Message-ID, In-Reply-To and References, for canal-merge's threading. */
static void
thread_fields(struct norm *n, struct norm_event *ev)
{
	static const char *const headers[] = { "message_id", "in_reply_to",
	    "references" };
	const char *s;
	size_t len, k;

	for (k = 0; k < 3; k++)
		if ((s = srcrec_str(n->rec, headers[k], &len, 1)) != NULL)
			norm_set_extra(ev, headers[k], s, len);
}

/*
 * No Date header: the From_ line's date, which RFC 4155 says is UTC, in
 * asctime() form or Gmail's, with the zone before the year.
 */
static int
envelope_time(struct norm *n, struct norm_event *ev)
{
	static const char *const formats[] = { "%a %b %e %H:%M:%S %Y",
	    "%a %b %e %H:%M:%S %z %Y" };
	struct norm_time how = { TIMEPARSE_AUTO, NULL, NULL };
	const char *s, *why = "no time";
	size_t len, k;
	int64_t ms;
	struct tz *utc = tz_load("UTC", NULL, 0);

	how.zone = utc;
	s = srcrec_str(n->rec, "envelope_date", &len, 1);
	for (k = 0; s != NULL && k < 2; k++) {
		how.format = formats[k];
		if (norm_time(n, s, len, &how, NORM_NO_HINT, &ms, &why) == 0) {
			tz_free(utc);
			norm_set_ts_ms(ev, ms);
			return 0;
		}
	}
	tz_free(utc);
	return norm_fail(n, "field \"date\": missing, and \"envelope_date\": "
	    "%s", why);
}

static int
map_mbox(struct norm *n, struct norm_event *ev)
{
	const char *from, *s, *id;
	size_t flen, len, ilen;

	if ((from = srcrec_str(n->rec, "from", &flen, 1)) == NULL)
		return norm_fail(n, "field \"from\": missing");
	if (n->opt->self == NULL)
		return norm_fail(n, "field \"from\": direction unknown; give "
		    "--self ADDRESS or --self @DOMAIN");
	norm_set_str(ev, EVENT_CHANNEL, "email");
	norm_set_str(ev, EVENT_SOURCE, "email");
	norm_set_str(ev, EVENT_TYPE, "message");
	if (srcrec_str(n->rec, "date", &len, 1) != NULL) {
		if (norm_set_ts(n, ev, "date", NULL, NORM_NO_HINT) != 0)
			return -1;
	} else if (envelope_time(n, ev) != 0)
		return -1;
	if (norm_is_self(n, from, flen)) {
		norm_set_str(ev, EVENT_DIRECTION, "out");
		(void)customer_address(n, ev);
		if (is_automatic(n))
			norm_set_str(ev, EVENT_ACTOR, "system");
		else {
			norm_set_str(ev, EVENT_ACTOR, "agent");
			/* The sender's display name, else its address. */
			s = memchr(from, '<', flen);
			len = s != NULL ? (size_t)(s - from) : flen;
			while (len > 0 && (from[len - 1] == ' ' ||
			    from[len - 1] == '"'))
				len--;
			s = from;
			while (len > 0 && (*s == '"' || *s == ' ')) {
				s++;
				len--;
			}
			norm_set(ev, EVENT_AGENT, s, len > 0 ? len : flen);
			if (len == 0)
				norm_set(ev, EVENT_AGENT, from, flen);
		}
	} else {
		norm_set_str(ev, EVENT_DIRECTION, "in");
		norm_set_str(ev, EVENT_ACTOR, is_automatic(n) ? "system" :
		    "customer");
		(void)norm_id_email(n, ev, from, flen);
		display_name(n, ev, from, flen);
	}
	if ((s = srcrec_str(n->rec, "message_id", &len, 1)) != NULL &&
	    first_msgid(s, len, &id, &ilen))
		norm_native_id(n, ev, "email", id, ilen);
	conversation(n, ev);
	thread_fields(n, ev);
	(void)norm_copy(n, ev, EVENT_SUBJECT, "subject");
	(void)norm_copy(n, ev, EVENT_TEXT, "body");
	return 0;
}

const struct norm_preset preset_mbox = {
	"mbox",
	"e-mail: direction from the business's addresses (--self), threads",
	map_mbox
};
