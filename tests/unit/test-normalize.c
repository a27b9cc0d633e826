/*
 * test-normalize.c - the core of canal-normalize: times (offsets, zones,
 * skipped and repeated hours with hints and the record order), identities,
 * the default id and customer, constants, pseudonyms, --no-text,
 * validation and the event's text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "phone.h"
#include "timefmt.h"
#include "unit.h"

static struct tz *madrid, *new_york;

/* A record line of file F, index I, with members M (no braces). */
static void
record(struct srcrec *rec, struct norm *n, char *buf, size_t cap,
    const char *members, const char *file, int index)
{
	struct scan_error err;
	size_t len;

	len = (size_t)snprintf(buf, cap, "{%s%s\"src\":{\"format\":\"t\","
	    "\"file\":\"%s\",\"line\":%d,\"index\":%d}}", members,
	    members[0] != '\0' ? "," : "", file, index, index);
	if (srcrec_parse(rec, buf, len, &err) != 0)
		diag("bad test record: %s", err.reason);
	n->rec = rec;
}

/* The instant of text read in zone (no record order), as ts text. */
static const char *
instant(struct norm *n, const char *text, struct tz *zone, int64_t hint)
{
	static char out[64];
	struct norm_time how = { TIMEPARSE_AUTO, NULL, NULL };
	const char *why;
	int64_t ms;

	how.zone = zone;
	if (norm_time(n, text, strlen(text), &how, hint, &ms, &why) != 0) {
		snprintf(out, sizeof(out), "error: %s", why);
		return out;
	}
	(void)timefmt_format_ts(ms, out);
	return out;
}

static void
test_times(void)
{
	struct norm_options opt;
	struct norm n;
	int64_t hint;

	memset(&opt, 0, sizeof(opt));
	norm_init(&n, &opt);
	is_str(instant(&n, "2024-02-06T17:53:19.1234+0100", NULL, NORM_NO_HINT),
	    "2024-02-06T16:53:19.123Z", "offset +0100, fraction truncated");
	is_str(instant(&n, "2024-02-06T14:53:19.1234-0200", NULL, NORM_NO_HINT),
	    "2024-02-06T16:53:19.123Z", "the same instant at -0200");
	is_str(instant(&n, "Tue, 12 Mar 2024 15:04:11 EDT", NULL, NORM_NO_HINT),
	    "2024-03-12T19:04:11.000Z", "RFC 5322, named zone");
	is_str(instant(&n, "1710414000", NULL, NORM_NO_HINT),
	    "2024-03-14T11:00:00.000Z", "epoch seconds");
	is_str(instant(&n, "2024-03-04 10:00:00", NULL, NORM_NO_HINT),
	    "error: a local time without offset needs --tz ZONE",
	    "a local time and no zone");
	is_str(instant(&n, "2024-03-04 10:00:00", madrid, NORM_NO_HINT),
	    "2024-03-04T09:00:00.000Z", "Madrid, winter");
	is_str(instant(&n, "2024-07-04 10:00:00.250", madrid, NORM_NO_HINT),
	    "2024-07-04T08:00:00.250Z", "Madrid, summer, milliseconds kept");
	is_str(instant(&n, "2024-03-31 02:30:00", madrid, NORM_NO_HINT),
	    "2024-03-31T01:30:00.000Z", "Madrid gap: moved forward");
	is_int((long long)n.stats.skipped, 1, "counted as skipped");
	is_str(instant(&n, "2024-10-27 02:30:00", madrid, NORM_NO_HINT),
	    "2024-10-27T00:30:00.000Z", "Madrid repeated: first occurrence");
	timefmt_parse_ts("2024-10-27T01:29:00.000Z", 24, &hint, NULL);
	is_str(instant(&n, "2024-10-27 02:30:00", madrid, hint),
	    "2024-10-27T01:30:00.000Z", "a hint near the second: second");
	is_int((long long)n.stats.repeated, 2, "two repeated");
	is_int((long long)n.stats.repeated_hint, 1, "one by the hint");
	is_int((long long)n.stats.repeated_first, 1, "one the first");
	is_str(instant(&n, "2024-11-03 01:30:00", new_york, NORM_NO_HINT),
	    "2024-11-03T05:30:00.000Z", "New York repeated: EDT first");
	is_str(instant(&n, "2024-03-10 02:30:00", new_york, NORM_NO_HINT),
	    "2024-03-10T07:30:00.000Z", "New York gap: moved forward");
	is_str(instant(&n, "1969-12-31T23:59:59.5Z", NULL, NORM_NO_HINT),
	    "1969-12-31T23:59:59.500Z", "before 1970");
	norm_free(&n);
}

/* The record-order rule: a time going back in the repeated hour. */
static void
test_order(void)
{
	struct norm_options opt;
	struct norm n;
	struct norm_event ev;
	struct srcrec rec;
	char buf[512];
	const char *line;
	size_t len;
	static const char *const times[] = { "2024-10-27 02:50", "2024-10-27 "
	    "02:10", "2024-10-27 02:40" };
	static const char *const want[] = { "2024-10-27T00:50:00.000Z",
	    "2024-10-27T01:10:00.000Z", "2024-10-27T01:40:00.000Z" };
	char members[64];
	int i;

	memset(&opt, 0, sizeof(opt));
	opt.tz = madrid;
	norm_init(&n, &opt);
	srcrec_init(&rec);
	for (i = 0; i < 3; i++) {
		snprintf(members, sizeof(members), "\"t\":\"%s\"", times[i]);
		record(&rec, &n, buf, sizeof(buf), members, "chat.txt", i + 1);
		norm_event_reset(&ev);
		norm_set_str(&ev, EVENT_ID, "x");
		norm_set_str(&ev, EVENT_CHANNEL, "chat");
		norm_set_str(&ev, EVENT_DIRECTION, "in");
		is_int(norm_set_ts(&n, &ev, "t", NULL, NORM_NO_HINT), 0,
		    "time %d", i);
		is_int(norm_emit(&n, &ev, "t", &line, &len), 0, "emit %d", i);
		ok(strstr(line, want[i]) != NULL, "%s is %s", times[i], want[i]);
	}
	is_int((long long)n.stats.repeated_order, 2, "two by the order");
	/* Another file: no order to go by. */
	record(&rec, &n, buf, sizeof(buf), "\"t\":\"2024-10-27 02:05\"",
	    "other.txt", 1);
	norm_event_reset(&ev);
	is_int(norm_set_ts(&n, &ev, "t", NULL, NORM_NO_HINT), 0, "other file");
	is_int((long long)ev.ts_ms / 1000, 1729987500, "first occurrence "
	    "(00:05Z)");
	record(&rec, &n, buf, sizeof(buf), "", "x", 1);
	norm_event_reset(&ev);
	is_int(norm_set_ts(&n, &ev, "t", NULL, NORM_NO_HINT), -1, "no time");
	is_str(n.why, "field \"t\": no time", "why");
	srcrec_free(&rec);
	norm_free(&n);
}

static const char *
emit(struct norm *n, struct norm_event *ev)
{
	const char *line;
	size_t len;

	if (norm_emit(n, ev, "t", &line, &len) != 0)
		return n->why;
	return line;
}

static void
base_event(struct norm_event *ev)
{
	norm_event_reset(ev);
	norm_set_ts_ms(ev, 1709546400000);
	norm_set_str(ev, EVENT_CHANNEL, "phone");
	norm_set_str(ev, EVENT_DIRECTION, "in");
}

static void
test_emit(void)
{
	struct norm_options opt;
	struct norm n;
	struct norm_event ev;
	struct srcrec rec;
	struct norm_constant c[2];
	struct ident_key key;
	char buf[512];
	const char *line;

	memset(&opt, 0, sizeof(opt));
	strcpy(opt.region, "ES");
	norm_init(&n, &opt);
	srcrec_init(&rec);
	record(&rec, &n, buf, sizeof(buf), "\"a\":1", "f.csv", 4);
	base_event(&ev);
	norm_set_str(&ev, EVENT_TEXT, "hola\n");
	norm_set_num(&ev, EVENT_WAIT, 12.5);
	ok(norm_id_phone(&n, &ev, "600 111 222", 11), "a national number");
	ok(norm_id_email(&n, &ev, "Ana <ANA@x.es>", 14), "an address");
	ok(!norm_id_email(&n, &ev, "nobody", 6), "no address");
	is_int((long long)n.stats.email_invalid, 1, "counted");
	ok(!norm_id_phone(&n, &ev, "anonymous", 9), "withheld");
	ok(!norm_id_phone(&n, &ev, "201", 3), "an extension");
	is_int((long long)n.stats.phone_invalid, 0, "neither is invalid");
	ok(!norm_id_phone(&n, &ev, "+44 7700 900519", 15), "fictional");
	is_int((long long)n.stats.phone_unassigned, 1, "counted unassigned");
	/* python3: 't\0' + '4\0' + 'a' + ':' + '1' + '\0', sha256, 20 hex */
	is_str(emit(&n, &ev), "{\"id\":\"t:a15b7e67e5f0de2142c7\","
	    "\"ts\":\"2024-03-04T10:00:00.000Z\",\"channel\":\"phone\","
	    "\"direction\":\"in\",\"ids\":{\"email\":\"ana@x.es\","
	    "\"phone\":\"+34600111222\"},\"customer\":\"email:ana@x.es\","
	    "\"wait\":12.5,\"text\":\"hola\\n\",\"src\":{\"format\":\"t\","
	    "\"file\":\"f.csv\",\"line\":4,\"index\":4}}",
	    "the event, the id a hash, the customer the e-mail");
	/* Constants and --no-text. */
	c[0].field = EVENT_SOURCE;
	c[0].value = "shop";
	c[1].field = EVENT_IDS;
	c[1].id = NORM_ID_ACCOUNT;
	c[1].value = "CRM-1";
	opt.constants = c;
	opt.nconstants = 2;
	opt.no_text = 1;
	base_event(&ev);
	norm_set_str(&ev, EVENT_ID, "n1");
	norm_set_str(&ev, EVENT_TEXT, "secret");
	norm_set_str(&ev, EVENT_SUBJECT, "secret");
	norm_set_str(&ev, EVENT_SOURCE, "preset");
	is_str(emit(&n, &ev), "{\"id\":\"n1\",\"ts\":\"2024-03-04T10:00:00.000Z\","
	    "\"channel\":\"phone\",\"source\":\"shop\",\"direction\":\"in\","
	    "\"ids\":{\"account\":\"CRM-1\"},\"customer\":\"account:CRM-1\","
	    "\"src\":{\"format\":\"t\",\"file\":\"f.csv\",\"line\":4,"
	    "\"index\":4}}", "--set wins, --no-text drops text and subject");
	opt.nconstants = 0;
	opt.no_text = 0;
	/* Pseudonyms. */
	memcpy(key.bytes, "a key of thirty-two bytes, fixed", 32);
	key.len = 32;
	opt.key = &key;
	base_event(&ev);
	norm_set_str(&ev, EVENT_ID, "p1");
	(void)norm_id_email(&n, &ev, "i.kim@example.com", 17);
	(void)norm_id_handle(&n, &ev, "x", "kimi_4", 6);
	line = emit(&n, &ev);
	ok(strstr(line, "\"ids\":{\"email\":\"e212a1e0bfcc7e8e2d52e94a12bd5de3\","
	    "\"handle\":\"x:") != NULL, "pseudonyms; a handle keeps its "
	    "platform");
	ok(strstr(line, "\"customer\":\"email:e212a1e0bfcc7e8e2d52e94a12bd5de3"
	    "\"") != NULL, "the customer made of the pseudonym");
	base_event(&ev);
	norm_set_str(&ev, EVENT_ID, "p2");
	norm_set_str(&ev, EVENT_CUSTOMER, "crm-7");
	ok(strstr(emit(&n, &ev), "\"customer\":\"c:") != NULL,
	    "an explicit customer becomes c: and its hash");
	opt.key = NULL;
	/* Validation. */
	base_event(&ev);
	norm_set_str(&ev, EVENT_ID, "v");
	ev.has_ts = 0;
	is_str(emit(&n, &ev), "field \"ts\": no time", "no ts");
	base_event(&ev);
	norm_set_str(&ev, EVENT_ID, "v");
	ev.str[EVENT_DIRECTION] = NULL;
	is_str(emit(&n, &ev), "field \"direction\": unknown direction",
	    "no direction");
	base_event(&ev);
	norm_set_str(&ev, EVENT_ID, "v");
	norm_set_str(&ev, EVENT_CHANNEL, "fax");
	is_str(emit(&n, &ev), "field \"channel\": not a value the schema "
	    "allows (see canal-event(5))", "an enumeration's value");
	base_event(&ev);
	norm_set_str(&ev, EVENT_ID, "v");
	norm_set_num(&ev, EVENT_DURATION, -1);
	is_str(emit(&n, &ev), "field \"duration\": must not be negative",
	    "a negative duration");
	base_event(&ev);
	norm_set_str(&ev, EVENT_ID, "v");
	norm_set_num(&ev, EVENT_WAIT, 1e16);
	is_str(emit(&n, &ev), "field \"wait\": must be at most 315360000 "
	    "(ten years)", "a wait the readers would reject");
	base_event(&ev);
	norm_set_str(&ev, EVENT_ID, "v");
	norm_set_num(&ev, EVENT_RATING, 6);
	is_str(emit(&n, &ev), "field \"rating\": must be from 1 to 5",
	    "rating 6");
	srcrec_free(&rec);
	norm_free(&n);
}

static void
test_self(void)
{
	static const char *const self[] = { "Acme Support", "@acme.example",
	    "1500000001", NULL };
	struct norm_options opt;
	struct norm n;

	memset(&opt, 0, sizeof(opt));
	opt.self = self;
	norm_init(&n, &opt);
	ok(norm_is_self(&n, "acme support", 12), "a name, any case");
	ok(norm_is_self(&n, "\xe2\x80\xaa" "Acme Support\xe2\x80\xac ", 19),
	    "invisible marks and spaces ignored");
	ok(norm_is_self(&n, "Sophie <Sophie@ACME.example>", 28),
	    "an address of the domain");
	ok(!norm_is_self(&n, "x@acme.example.org", 18), "not that domain");
	ok(norm_is_self(&n, "1500000001", 10), "an id");
	ok(!norm_is_self(&n, "Acme", 4), "not a prefix");
	ok(norm_in_list(self, "ACME SUPPORT", 12), "norm_in_list, no case");
	norm_free(&n);
}

int
main(void)
{
	char err[256];

	madrid = tz_load("Europe/Madrid", err, sizeof(err));
	new_york = tz_load("America/New_York", err, sizeof(err));
	if (madrid == NULL || new_york == NULL) {
		diag("%s", err);
		return 1;
	}
	test_times();
	test_order();
	test_emit();
	test_self();
	tz_free(madrid);
	tz_free(new_york);
	return done_testing();
}
