/*
 * test-record.c - flat JSON objects: key order, renamed keys, escaping,
 * invalid UTF-8, numbers and the provenance member.
 */
#include <string.h>

#include "record.h"
#include "unit.h"

static const char *
finish(struct record *r, const char *format, uint64_t pos, int offset)
{
	size_t len;
	const char *text = record_end(r, format, "a.csv", pos, offset, 7, &len);

	is_int((long long)len, (long long)strlen(text), "length matches text");
	return text;
}

static void
test_keys(void)
{
	struct record r;

	record_init(&r);
	record_begin(&r);
	record_string(&r, "id", "1", 1);
	record_string(&r, "src", "web", 3);
	record_string(&r, "id", "2", 1);
	record_string(&r, "id", "3", 1);
	record_string(&r, "id_2", "4", 1);
	record_null(&r, "none");
	record_int(&r, "n", -42);
	record_bool(&r, "t", 1);
	record_bool(&r, "f", 0);
	is_str(finish(&r, "csv", 3, 0),
	    "{\"id\":\"1\",\"_src\":\"web\",\"id_2\":\"2\",\"id_3\":\"3\","
	    "\"id_2_2\":\"4\",\"none\":null,\"n\":-42,\"t\":true,\"f\":false,"
	    "\"src\":{\"format\":\"csv\",\"file\":\"a.csv\",\"line\":3,"
	    "\"index\":7}}",
	    "keys in order, src renamed, repeats numbered");
	ok(!r.bad_utf8, "no bad UTF-8");
	record_free(&r);
}

static void
test_values(void)
{
	struct record r;
	json_t *v = json_pack("{s:f,s:[i,s]}", "x", 0.1, "y", 1, "é");

	record_init(&r);
	record_begin(&r);
	record_string(&r, "text", "a\"b\\c\nd\te\x01 \xc3\xa9 \xf0\x9f\x91\x8d", 18);
	record_json(&r, "j", v);
	record_json(&r, "missing", NULL);
	is_str(finish(&r, "mbox", 1024, 1),
	    "{\"text\":\"a\\\"b\\\\c\\nd\\te\\u0001 \xc3\xa9 \xf0\x9f\x91\x8d\","
	    "\"j\":{\"x\":0.1,\"y\":[1,\"\xc3\xa9\"]},\"missing\":null,"
	    "\"src\":{\"format\":\"mbox\",\"file\":\"a.csv\",\"offset\":1024,"
	    "\"index\":7}}",
	    "escapes, UTF-8 kept, reals with 15 digits, offset provenance");
	ok(!r.bad_utf8, "valid text is not flagged");
	json_decref(v);

	record_begin(&r);
	record_string(&r, "name", "Caf\xe9", 4);
	ok(r.bad_utf8, "Latin-1 byte flags the record");
	is_str(finish(&r, "csv", 2, 0),
	    "{\"name\":\"Caf\xef\xbf\xbd\",\"src\":{\"format\":\"csv\","
	    "\"file\":\"a.csv\",\"line\":2,\"index\":7}}",
	    "the bad byte shows as U+FFFD");
	record_begin(&r);
	ok(!r.bad_utf8, "record_begin clears the flag");
	is_str(finish(&r, "csv", 1, 0),
	    "{\"src\":{\"format\":\"csv\",\"file\":\"a.csv\",\"line\":1,"
	    "\"index\":7}}", "an empty record has only src");
	record_free(&r);
}

static void
test_many_keys(void)
{
	struct record r;
	char key[16];
	size_t len;
	const char *text;
	int i;

	record_init(&r);
	record_begin(&r);
	for (i = 0; i < 300; i++) {
		snprintf(key, sizeof(key), "k%d", i % 150);
		record_int(&r, key, i);
	}
	text = record_end(&r, "csv", "a.csv", 1, 0, 1, &len);
	ok(strstr(text, "\"k149_2\":299") != NULL, "the 300th key is renamed");
	ok(strstr(text, "\"k0\":0,") != NULL, "the first keeps its name");
	record_free(&r);
}

int
main(void)
{
	test_keys();
	test_values();
	test_many_keys();
	return done_testing();
}
