/*
 * messenger.c - Facebook Messenger and Instagram "Download your
 * information" messages in JSON: one thread per directory
 * (messages/inbox/<thread>_<id>/), its messages in message_1.json,
 * message_2.json...  See FORMATS.md section 5.2.
 *
 * One record per message, in the file's order, which is newest first (a
 * later stage sorts by time): the message's own members, then the
 * thread's "thread_path", "title", "thread_type" and "participants" as far
 * as the file has them.  Meta writes each byte of a string's UTF-8 as its
 * own \u00XX escape ("Zo\u00c3\u00ab" for "Zoë", an emoji as four
 * escapes); every string, names, reactions and links included, is turned
 * back into the real text.  A string that cannot be such mojibake (a code
 * point above U+00FF, or bytes that are not UTF-8) is kept as written.
 */
#include "formats/formats.h"

#include <string.h>

#include "jsondoc.h"

/* What every message of a thread needs later, in this order. */
static const char *const thread_keys[] = {
	"thread_path", "title", "thread_type", "participants", NULL
};

static enum ingest_status
emit_message(struct ingest_input *in, struct jsondoc *doc, const json_t *msg,
    struct jsondoc_span span)
{
	const json_t *root = doc->root, *value;
	const char *key;
	size_t i;

	if (!json_is_object(msg))
		return jsondoc_reject(in, doc, span, msg,
		    "message is not a JSON object");
	record_begin(&in->rec);
	json_object_foreach((json_t *)msg, key, value)
		jsondoc_record_value(&in->rec, key, value);
	for (i = 0; thread_keys[i] != NULL; i++)
		if ((value = json_object_get(root, thread_keys[i])) != NULL)
			jsondoc_record_value(&in->rec, thread_keys[i], value);
	return ingest_emit(in, jsondoc_line(doc, span.p), 0, span.p,
	    span.len);
}

static enum ingest_status
read_document(struct ingest_input *in, struct jsondoc *doc,
    struct jsondoc_list *list)
{
	struct jsondoc_span none = { NULL, 0 };
	const json_t *messages;
	enum ingest_status st = INGEST_OK;
	size_t i, n;

	if (!json_is_object(doc->root))
		return jsondoc_reject(in, doc, none, NULL, "not a Messenger export: "
		    "the document is not an object");
	messages = json_object_get(doc->root, "messages");
	if (!json_is_array(messages))
		return jsondoc_reject(in, doc, none, NULL, "not a Messenger export: "
		    "no \"messages\" array");
	jsondoc_unmojibake(doc->root);
	n = jsondoc_elements(jsondoc_member(jsondoc_root(doc), "messages"),
	    list);
	/* Without positions (text nested too deep to scan), lines are 0. */
	if (n != json_array_size(messages))
		list->elems.count = 0;
	for (i = 0; st == INGEST_OK && i < json_array_size(messages); i++)
		st = emit_message(in, doc, json_array_get(messages, i),
		    jsondoc_element(list, i));
	return st;
}

static enum ingest_status
read_messenger(struct ingest_input *in)
{
	struct jsondoc doc;
	struct jsondoc_list list;
	enum ingest_status st;

	jsondoc_list_init(&list);
	st = jsondoc_ingest(in, 0, &doc);
	if (st == INGEST_OK && doc.root != NULL)
		st = read_document(in, &doc, &list);
	jsondoc_list_free(&list);
	jsondoc_free(&doc);
	return st;
}

/* Whether the file is called message_N.json. */
static int
named_like_messages(const char *name)
{
	const char *base = strrchr(name, '/'), *p;

	base = base != NULL ? base + 1 : name;
	if (strncmp(base, "message_", 8) != 0)
		return 0;
	for (p = base + 8; *p >= '0' && *p <= '9'; p++)
		;
	return p > base + 8 && strcmp(p, ".json") == 0;
}

static int
sniff_messenger(const char *name, const char *head, size_t n,
    const struct ingest_options *opts)
{
	size_t i = 0;
	int named = named_like_messages(name);

	(void)opts;
	if (n >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && (head[i] == ' ' || head[i] == '\t' ||
	    head[i] == '\r' || head[i] == '\n'))
		i++;
	if (i == n || head[i] != '{')
		return 0;
	if (ingest_head_has(head, n, "\"sender_name\"") &&
	    (ingest_head_has(head, n, "\"participants\"") ||
	    ingest_head_has(head, n, "\"timestamp_ms\"")))
		return named ? 95 : 85;
	return named ? 60 : 0;
}

const struct ingest_format format_messenger = {
	"messenger",
	"Facebook/Instagram message_N.json (text repaired; newest first)",
	sniff_messenger,
	read_messenger
};
