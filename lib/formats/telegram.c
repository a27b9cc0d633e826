/*
 * telegram.c - Telegram Desktop's JSON export, result.json: of one chat
 * ("Export chat history": the root object is the chat) or of the whole
 * account (the chats of "chats" and "left_chats", whose lists hold the
 * same chat objects, and "personal_information").  See FORMATS.md
 * section 4 and tdesktop's export/output/export_output_json.cpp.
 *
 * One record per message, in the file's order, with the message's own
 * members; then the chat's "chat_id", "chat_name" and "chat_type" (as far
 * as the chat has them), "self_id" (personal_information.user_id, for a
 * whole-account export), and "service" (true for service messages: calls,
 * pins, joins...).  A "text" written as an array of plain runs and
 * entities becomes the plain text, their concatenation; the entities stay
 * in "text_entities", which old exports lack: for those it is built from
 * the array, plain runs as {"type":"plain","text":...} as newer exports
 * write them.  The writer's "\xNN" escapes of control characters are
 * repaired before parsing.  Other parts of a whole-account export
 * (contacts, sessions, profile pictures...) are not messages and are not
 * read.
 */
#include "formats/formats.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "jsondoc.h"

struct chat {
	const json_t *id, *name, *type;		/* borrowed; may be NULL */
};

struct reader {
	struct ingest_input *in;
	struct jsondoc doc;
	struct jsondoc_list chats, messages;
	const json_t *self_id;			/* borrowed, or NULL */
	struct jsonl_buf text;
};

/* The plain text of a text array: its strings and its parts' "text". */
static void
flatten_text(struct jsonl_buf *buf, const json_t *parts)
{
	const json_t *part, *t;
	size_t i;

	buf->len = 0;
	json_array_foreach(parts, i, part) {
		t = json_is_object(part) ? json_object_get(part, "text") : part;
		if (json_is_string(t))
			jsonl_buf_append(buf, json_string_value(t),
			    json_string_length(t));
	}
}

/* text_entities as newer exports write them, from an old text array. */
static json_t *
entities_of(const json_t *parts)
{
	json_t *list = json_array(), *part;
	size_t i;

	json_array_foreach(parts, i, part) {
		if (json_is_string(part))
			json_array_append_new(list, json_pack("{s:s,s:s%}",
			    "type", "plain", "text", json_string_value(part),
			    json_string_length(part)));
		else
			json_array_append(list, part);
	}
	return list;
}

static void
add_context(struct reader *rd, const struct chat *chat, const json_t *msg)
{
	struct record *r = &rd->in->rec;
	const json_t *type = json_object_get(msg, "type");

	if (chat->id != NULL)
		jsondoc_record_value(r, "chat_id", chat->id);
	if (chat->name != NULL)
		jsondoc_record_value(r, "chat_name", chat->name);
	if (chat->type != NULL)
		jsondoc_record_value(r, "chat_type", chat->type);
	if (rd->self_id != NULL)
		jsondoc_record_value(r, "self_id", rd->self_id);
	record_bool(r, "service", json_is_string(type) &&
	    strcmp(json_string_value(type), "service") == 0);
}

static enum ingest_status
emit_message(struct reader *rd, const struct chat *chat, const json_t *msg,
    struct jsondoc_span span)
{
	struct record *r = &rd->in->rec;
	const json_t *value, *text_array = NULL;
	const char *key;
	json_t *entities;

	if (!json_is_object(msg))
		return jsondoc_reject(rd->in, &rd->doc, span, msg,
		    "message is not a JSON object");
	record_begin(r);
	json_object_foreach((json_t *)msg, key, value) {
		if (strcmp(key, "text") == 0 && json_is_array(value)) {
			text_array = value;
			flatten_text(&rd->text, value);
			record_string(r, key, rd->text.len > 0 ?
			    rd->text.data : "", rd->text.len);
		} else {
			jsondoc_record_value(r, key, value);
		}
	}
	if (text_array != NULL &&
	    json_object_get(msg, "text_entities") == NULL) {
		entities = entities_of(text_array);
		record_json(r, "text_entities", entities);
		json_decref(entities);
	}
	add_context(rd, chat, msg);
	return ingest_emit(rd->in, jsondoc_line(&rd->doc, span.p), 0,
	    span.p, span.len);
}

/* The messages of one chat object, whose text is span. */
static enum ingest_status
read_chat(struct reader *rd, const json_t *obj, struct jsondoc_span span)
{
	const json_t *messages;
	struct chat chat;
	enum ingest_status st = INGEST_OK;
	size_t i, n;

	if (!json_is_object(obj))
		return jsondoc_reject(rd->in, &rd->doc, span, obj,
		    "chat is not a JSON object");
	if ((messages = json_object_get(obj, "messages")) == NULL)
		return INGEST_OK;
	if (!json_is_array(messages))
		return jsondoc_reject(rd->in, &rd->doc, span, obj,
		    "the chat's \"messages\" is not an array");
	chat.id = json_object_get(obj, "id");
	chat.name = json_object_get(obj, "name");
	chat.type = json_object_get(obj, "type");
	n = jsondoc_elements(jsondoc_member(span, "messages"), &rd->messages);
	/* Without positions (text nested too deep to scan), lines are 0. */
	if (n != json_array_size(messages))
		rd->messages.elems.count = 0;
	for (i = 0; st == INGEST_OK && i < json_array_size(messages); i++)
		st = emit_message(rd, &chat, json_array_get(messages, i),
		    jsondoc_element(&rd->messages, i));
	return st;
}

/* The chats of "chats" or "left_chats" in a whole-account export. */
static enum ingest_status
read_chat_list(struct reader *rd, const char *name)
{
	const json_t *section = json_object_get(rd->doc.root, name), *list;
	struct jsondoc_span span;
	enum ingest_status st = INGEST_OK;
	char why[64];
	size_t i, n;

	if (section == NULL)
		return INGEST_OK;
	span = jsondoc_member(jsondoc_root(&rd->doc), name);
	list = json_object_get(section, "list");
	if (!json_is_array(list)) {
		snprintf(why, sizeof(why), "\"%s\" has no \"list\" array",
		    name);
		return jsondoc_reject(rd->in, &rd->doc, span, section, why);
	}
	n = jsondoc_elements(jsondoc_member(span, "list"), &rd->chats);
	if (n != json_array_size(list))
		rd->chats.elems.count = 0;
	for (i = 0; st == INGEST_OK && i < json_array_size(list); i++)
		st = read_chat(rd, json_array_get(list, i),
		    jsondoc_element(&rd->chats, i));
	return st;
}

static enum ingest_status
read_document(struct reader *rd)
{
	const json_t *root = rd->doc.root, *me;
	enum ingest_status st;
	struct jsondoc_span none = { NULL, 0 };

	if (!json_is_object(root))
		return jsondoc_reject(rd->in, &rd->doc, none, NULL,
		    "not a Telegram export: the document is not an object");
	if (json_object_get(root, "messages") != NULL)
		return read_chat(rd, root, jsondoc_root(&rd->doc));
	if (json_object_get(root, "chats") == NULL &&
	    json_object_get(root, "left_chats") == NULL &&
	    json_object_get(root, "personal_information") == NULL)
		return jsondoc_reject(rd->in, &rd->doc, none, NULL,
		    "not a Telegram export: no \"messages\" or \"chats\"");
	me = json_object_get(root, "personal_information");
	rd->self_id = json_is_object(me) ? json_object_get(me, "user_id") :
	    NULL;
	if ((st = read_chat_list(rd, "chats")) != INGEST_OK)
		return st;
	return read_chat_list(rd, "left_chats");
}

static enum ingest_status
read_telegram(struct ingest_input *in)
{
	struct reader rd;
	enum ingest_status st;

	memset(&rd, 0, sizeof(rd));
	rd.in = in;
	jsondoc_list_init(&rd.chats);
	jsondoc_list_init(&rd.messages);
	st = jsondoc_ingest(in, JSONDOC_REPAIR_HEX, &rd.doc);
	if (st == INGEST_OK && rd.doc.root != NULL)
		st = read_document(&rd);
	jsondoc_list_free(&rd.chats);
	jsondoc_list_free(&rd.messages);
	jsonl_buf_free(&rd.text);
	jsondoc_free(&rd.doc);
	return st;
}

/*
 * result.json is a common name, and Messenger's files have "messages" too:
 * content decides.  A whole-account export names "personal_information"
 * near its start; a chat's messages carry "date_unixtime" (since 2021) or
 * "from_id"; chat types are Telegram's own words.
 */
static int
sniff_telegram(const char *name, const char *head, size_t n,
    const struct ingest_options *opts)
{
	size_t i = 0;
	int named = ingest_name_is(name, "result.json"), score = 0;

	(void)opts;
	if (n >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && (head[i] == ' ' || head[i] == '\t' ||
	    head[i] == '\r' || head[i] == '\n'))
		i++;
	if (i == n || head[i] != '{' || ingest_head_has(head, n, "\"sender_name\""))
		return 0;
	if (ingest_head_has(head, n, "\"personal_information\""))
		score = 90;
	else if (ingest_head_has(head, n, "\"messages\"") &&
	    (ingest_head_has(head, n, "\"date_unixtime\"") || ingest_head_has(head, n, "\"from_id\"") ||
	    ingest_head_has(head, n, "\"personal_chat\"")))
		score = 85;
	else if (named && ingest_head_has(head, n, "\"messages\""))
		score = 60;
	return score > 0 && named ? score + 5 : score;
}

const struct ingest_format format_telegram = {
	"telegram",
	"Telegram Desktop JSON export, result.json (one chat or whole account)",
	sniff_telegram,
	read_telegram
};
