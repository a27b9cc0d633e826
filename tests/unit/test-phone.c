/*
 * test-phone.c - phone numbers to E.164: national numbers in their region,
 * international prefixes, trunk prefixes, WhatsApp's marks, URIs,
 * extensions, withheld and invalid numbers, and the --country forms.
 */
#include <stdio.h>
#include <string.h>

#include "phone.h"
#include "unit.h"

/* The invisible marks and odd spaces sources write around numbers. */
#define LRE "\xe2\x80\xaa"	/* U+202A, WhatsApp's opening mark */
#define PDF "\xe2\x80\xac"	/* U+202C, its closing one */
#define LRM "\xe2\x80\x8e"	/* U+200E */
#define RLM "\xe2\x80\x8f"	/* U+200F */
#define RLO "\xe2\x80\xae"	/* U+202E */
#define FSI "\xe2\x81\xa8"	/* U+2068 */
#define PDI "\xe2\x81\xa9"	/* U+2069 */
#define ZWSP "\xe2\x80\x8b"	/* U+200B */
#define BOM "\xef\xbb\xbf"	/* U+FEFF */
#define NBSP "\xc2\xa0"		/* U+00A0 */
#define NNBSP "\xe2\x80\xaf"	/* U+202F */
#define NDASH "\xe2\x80\x93"	/* U+2013 */
#define MINUS "\xe2\x88\x92"	/* U+2212 */

#define OK PHONE_OK
#define WITHHELD PHONE_WITHHELD
#define EXT PHONE_EXTENSION
#define NEED PHONE_NEED_COUNTRY
#define INVALID PHONE_INVALID

struct pcase {
	const char *in;
	const char *region;
	enum phone_result want;
	const char *e164;	/* with OK */
	const char *ext;	/* extension digits, or NULL for none */
	const char *why;	/* NULL: not checked (always NULL with OK) */
};

static const struct pcase cases[] = {
	/* National numbers completed by their region, trunk prefixes. */
	{ "020 7946 0958", "GB", OK, "+442079460958", NULL, NULL },
	{ "600 111 222", "ES", OK, "+34600111222", NULL, NULL },
	{ "0171 2345678", "DE", OK, "+491712345678", NULL, NULL },
	{ "(415) 555-2671", "US", OK, "+14155552671", NULL, NULL },
	{ "1 415 555 2671", "US", OK, "+14155552671", NULL, NULL },
	{ "06 12 34 56 78", "FR", OK, "+33612345678", NULL, NULL },
	{ "030 1234567", "DE", OK, "+49301234567", NULL, NULL },
	{ "0171/2345678", "DE", OK, "+491712345678", NULL, NULL },
	{ "600.111.222", "ES", OK, "+34600111222", NULL, NULL },
	{ "912 345 678", "ES", OK, "+34912345678", NULL, NULL },
	{ "7012", "NU", OK, "+6837012", NULL, NULL },
	/* The region as a calling code, in lower case, or as UK. */
	{ "600 111 222", "34", OK, "+34600111222", NULL, NULL },
	{ "600 111 222", "+34", OK, "+34600111222", NULL, NULL },
	{ "600 111 222", "es", OK, "+34600111222", NULL, NULL },
	{ "020 7946 0958", "uk", OK, "+442079460958", NULL, NULL },
	{ "020 7946 0958", "44", OK, "+442079460958", NULL, NULL },
	{ "(415) 555-2671", "1", OK, "+14155552671", NULL, NULL },
	{ "(416) 736-2100", "US", OK, "+14167362100", NULL, NULL },
	/* International numbers: "+", or the region's prefix. */
	{ "+34 600 11 12 22", NULL, OK, "+34600111222", NULL, NULL },
	{ "+34600111222", "DE", OK, "+34600111222", NULL, NULL },
	{ "(+34) 600 111 222", NULL, OK, "+34600111222", NULL, NULL },
	{ "+(34) 600 111 222", NULL, OK, "+34600111222", NULL, NULL },
	{ "0034600111222", "ES", OK, "+34600111222", NULL, NULL },
	{ "0034 600 111 222", "GB", OK, "+34600111222", NULL, NULL },
	{ "011 44 20 7946 0958", "US", OK, "+442079460958", NULL, NULL },
	{ "+44 (0)20 7946 0958", NULL, OK, "+442079460958", NULL, NULL },
	{ "+49 (0)171 2345678", NULL, OK, "+491712345678", NULL, NULL },
	{ "+39 06 1234 5678", NULL, OK, "+390612345678", NULL, NULL },
	{ "+800 1234 5678", NULL, OK, "+80012345678", NULL, NULL },
	/* 00 or 011 the region does not use, or no region: only if valid. */
	{ "0034600111222", NULL, OK, "+34600111222", NULL, NULL },
	{ "0034600111222", "US", OK, "+34600111222", NULL, NULL },
	{ "011 44 20 7946 0958", NULL, OK, "+442079460958", NULL, NULL },
	{ "011 34 600 111 222", "ES", OK, "+34600111222", NULL, NULL },
	{ "0034 1234", NULL, NEED, "", NULL, NULL },
	/* WhatsApp's marks, other invisible ones, spaces, dashes, digits. */
	{ LRE "+34 600 11 12 22" PDF, NULL, OK, "+34600111222", NULL, NULL },
	{ LRE "+1 (415) 555-2671" PDF, NULL, OK, "+14155552671", NULL, NULL },
	{ LRM LRE "+44 20 7946 0958" PDF LRM, "ES", OK, "+442079460958",
	    NULL, NULL },
	{ FSI "+34 600 111 222" PDI, NULL, OK, "+34600111222", NULL, NULL },
	{ RLM RLO "600 111 222" PDF, "ES", OK, "+34600111222", NULL, NULL },
	{ BOM ZWSP "600111222", "ES", OK, "+34600111222", NULL, NULL },
	{ "600" NBSP "111" NBSP "222", "ES", OK, "+34600111222", NULL, NULL },
	{ "+34" NNBSP "600" NDASH "111" MINUS "222", NULL, OK,
	    "+34600111222", NULL, NULL },
	{ "\xef\xbc\x8b\xef\xbc\x93\xef\xbc\x94\xef\xbc\x96\xef\xbc\x90"
	    "\xef\xbc\x90\xef\xbc\x91\xef\xbc\x91\xef\xbc\x91\xef\xbc\x92"
	    "\xef\xbc\x92\xef\xbc\x92", NULL, OK, "+34600111222", NULL, NULL },
	{ "+\xd9\xa3\xd9\xa4\xd9\xa6\xd9\xa0\xd9\xa0\xd9\xa1\xd9\xa1\xd9\xa1"
	    "\xd9\xa2\xd9\xa2\xd9\xa2", NULL, OK, "+34600111222", NULL, NULL },
	{ "\t +34600111222 \r\n", NULL, OK, "+34600111222", NULL, NULL },
	/* URIs. */
	{ "tel:+34-600-111-222", NULL, OK, "+34600111222", NULL, NULL },
	{ "TEL:+34600111222", NULL, OK, "+34600111222", NULL, NULL },
	{ "tel:600111222;phone-context=+34", NULL, OK, "+34600111222", NULL,
	    NULL },
	{ "tel:600111222;phone-context=+34", "DE", OK, "+34600111222", NULL,
	    NULL },
	{ "tel:600111222;phone-context=example.com", "ES", OK,
	    "+34600111222", NULL, NULL },
	{ "tel:+34600111222;ext=123", NULL, OK, "+34600111222", "123", NULL },
	{ "sip:+34600111222@pbx.example.com;user=phone", NULL, OK,
	    "+34600111222", NULL, NULL },
	{ "sips:0034600111222@pbx.example.com", "ES", OK, "+34600111222",
	    NULL, NULL },
	{ "sip:201@pbx.example.com", NULL, EXT, "", "201", NULL },
	/* Extensions after a number: the main number is the identity. */
	{ "+34600111222;ext=123", NULL, OK, "+34600111222", "123", NULL },
	{ "+1 415-555-2671 x12", NULL, OK, "+14155552671", "12", NULL },
	{ "+1 415-555-2671x12", NULL, OK, "+14155552671", "12", NULL },
	{ "+1 415-555-2671, ext. 12", NULL, OK, "+14155552671", "12", NULL },
	{ "+1 415 555 2671 Ext: 7", NULL, OK, "+14155552671", "7", NULL },
	{ "+1 415 555 2671 extension 7", NULL, OK, "+14155552671", "7",
	    NULL },
	{ "020 7946 0958 extn 301", "GB", OK, "+442079460958", "301", NULL },
	{ "600111222 #45", "ES", OK, "+34600111222", "45", NULL },
	{ "600111222 x", "ES", INVALID, "", NULL, "not a phone number" },
	{ "600111222 x 123456789012345678901", "ES", INVALID, "", NULL,
	    "not a phone number" },
	{ "+34600111222;ext=1;ext=2", NULL, INVALID, "", NULL,
	    "not a phone number" },
	{ "+34600111222;ext=1 x2", NULL, INVALID, "", NULL,
	    "not a phone number" },
	{ "+34600111222 ext", NULL, INVALID, "", NULL, "not a phone number" },
	{ "x12", NULL, INVALID, "", NULL, "not a phone number" },
	{ ";ext=12", NULL, INVALID, "", NULL, "not a phone number" },
	/* No number given. */
	{ "anonymous", NULL, WITHHELD, "", NULL, "withheld" },
	{ "Anonymous", "ES", WITHHELD, "", NULL, "withheld" },
	{ "ANONYMOUS", NULL, WITHHELD, "", NULL, NULL },
	{ "sip:anonymous@anonymous.invalid", NULL, WITHHELD, "", NULL, NULL },
	{ "private", NULL, WITHHELD, "", NULL, NULL },
	{ "Private Number", NULL, WITHHELD, "", NULL, NULL },
	{ "withheld", NULL, WITHHELD, "", NULL, NULL },
	{ "Number Withheld", NULL, WITHHELD, "", NULL, NULL },
	{ "unknown", "US", WITHHELD, "", NULL, NULL },
	{ "restricted", NULL, WITHHELD, "", NULL, NULL },
	{ "unavailable", NULL, WITHHELD, "", NULL, NULL },
	{ "No-Caller-ID", NULL, WITHHELD, "", NULL, NULL },
	{ "out_of_area", NULL, WITHHELD, "", NULL, NULL },
	{ "N/A", NULL, WITHHELD, "", NULL, NULL },
	{ LRE "hidden" PDF, NULL, WITHHELD, "", NULL, NULL },
	{ "", NULL, WITHHELD, "", NULL, "withheld" },
	{ "   ", "ES", WITHHELD, "", NULL, NULL },
	{ LRE PDF, NULL, WITHHELD, "", NULL, NULL },
	{ "tel:", NULL, WITHHELD, "", NULL, NULL },
	{ "0", NULL, WITHHELD, "", NULL, NULL },
	{ "0", "ES", WITHHELD, "", NULL, NULL },
	{ "000", NULL, WITHHELD, "", NULL, NULL },
	{ "0000000000", "US", WITHHELD, "", NULL, NULL },
	{ "+0", NULL, WITHHELD, "", NULL, NULL },
	{ "-", NULL, WITHHELD, "", NULL, NULL },
	{ "+", NULL, WITHHELD, "", NULL, NULL },
	{ "anonymously", NULL, INVALID, "", NULL, "not a phone number" },
	/* PBX extensions and short codes. */
	{ "201", NULL, EXT, "", "201", "internal extension" },
	{ "201", "ES", EXT, "", "201", "internal extension" },
	{ "201", "GB", EXT, "", "201", NULL },
	{ "112", "ES", EXT, "", "112", NULL },
	{ "20", NULL, EXT, "", "20", NULL },
	{ "123456", NULL, EXT, "", "123456", NULL },
	{ LRE "2001" PDF, NULL, EXT, "", "2001", NULL },
	{ "1234567", NULL, NEED, "", NULL, NULL },
	{ "0201", NULL, NEED, "", NULL, NULL },
	{ "20 1", NULL, NEED, "", NULL, NULL },
	{ "+201", NULL, INVALID, "", NULL, NULL },
	/* Invalid numbers: no identity rather than a wrong one. */
	{ "+1 555 0100", NULL, INVALID, "", NULL,
	    "local number without area code" },
	{ "5551234", "US", INVALID, "", NULL,
	    "local number without area code" },
	/* Possible but unassigned (fictional) numbers: e164 given anyway. */
	{ "+1 555 555 0100", NULL, PHONE_UNASSIGNED, "+15555550100", NULL,
	    "not an assigned number" },
	{ "+44 7700 900519", NULL, PHONE_UNASSIGNED, "+447700900519", NULL,
	    "not an assigned number" },
	{ "07700 900519", "GB", PHONE_UNASSIGNED, "+447700900519", NULL,
	    "not an assigned number" },
	{ "+999 1234 5678", NULL, INVALID, "", NULL,
	    "unknown country calling code" },
	{ "tel:600111222;phone-context=+999", NULL, INVALID, "", NULL,
	    "unknown country calling code" },
	{ "1234567", "ES", INVALID, "", NULL, "too short" },
	{ "1", "ES", INVALID, "", NULL, NULL },
	{ "1", NULL, INVALID, "", NULL, "too short" },
	{ "0123", "ES", INVALID, "", NULL, NULL },
	{ "600 111 222 333 444", "ES", INVALID, "", NULL, NULL },
	{ "+34 600 111 222 333 444 555 666", NULL, INVALID, "", NULL,
	    "too long" },
	{ "+34600111222 Ana", NULL, INVALID, "", NULL, "not a phone number" },
	{ "1-800-FLOWERS", "US", INVALID, "", NULL, "not a phone number" },
	{ "600111222, 600333444", "ES", INVALID, "", NULL,
	    "not a phone number" },
	{ "++34600111222", NULL, INVALID, "", NULL, "not a phone number" },
	{ "34+600111222", NULL, INVALID, "", NULL, "not a phone number" },
	{ "*31#600111222", "ES", INVALID, "", NULL, "not a phone number" },
	{ "\"Ana\" <600111222>", "ES", INVALID, "", NULL,
	    "not a phone number" },
	{ "+34 600 111 222 \xe2\x98\x8e", NULL, INVALID, "", NULL,
	    "not a phone number" },
	{ "+34\x01" "600111222", NULL, INVALID, "", NULL,
	    "not a phone number" },
	{ "\xff", NULL, INVALID, "", NULL, "invalid UTF-8" },
	{ "+34600111222\xe2\x80", NULL, INVALID, "", NULL, "invalid UTF-8" },
	{ "\xc0\xab" "34600111222", NULL, INVALID, "", NULL,
	    "invalid UTF-8" },
	{ "\xed\xa0\x80", NULL, INVALID, "", NULL, "invalid UTF-8" },
	/* A national number and no region to read it in. */
	{ "600 111 222", NULL, NEED, "", NULL,
	    "national number and no default country" },
	{ "600 111 222", "", NEED, "", NULL, NULL },
	{ "600 111 222", "XX", NEED, "", NULL, NULL },
	{ "020 7946 0958", NULL, NEED, "", NULL, NULL },
	{ "tel:600111222", NULL, NEED, "", NULL, NULL },
	{ "600111222 x12", NULL, NEED, "", NULL, NULL },
};

struct ccase {
	const char *in;
	const char *want;	/* region, or NULL for an error */
	const char *why;
};

static const struct ccase country_cases[] = {
	{ "ES", "ES", NULL },
	{ "es", "ES", NULL },
	{ "eS", "ES", NULL },
	{ "gb", "GB", NULL },
	{ "UK", "GB", NULL },
	{ "uk", "GB", NULL },
	{ "US", "US", NULL },
	{ "NU", "NU", NULL },
	{ "34", "ES", NULL },
	{ "+34", "ES", NULL },
	{ "1", "US", NULL },
	{ "+1", "US", NULL },
	{ "44", "GB", NULL },
	{ "49", "DE", NULL },
	{ "7", "RU", NULL },
	{ "683", "NU", NULL },
	{ "", NULL, "unknown country" },
	{ "XX", NULL, "unknown country" },
	{ "ZZ", NULL, "unknown country" },
	{ "E", NULL, "unknown country" },
	{ "ESP", NULL, "unknown country" },
	{ "E1", NULL, "unknown country" },
	{ "+", NULL, "unknown country" },
	{ "0", NULL, "unknown country" },
	{ "034", NULL, "unknown country" },
	{ "3a", NULL, "unknown country" },
	{ "1234", NULL, "unknown country" },
	{ "++34", NULL, "unknown country" },
	{ "999", NULL, "unknown country calling code" },
	{ "800", NULL, "unknown country calling code" },
};

static void
test_case(const struct pcase *c)
{
	struct phone_number num;
	enum phone_result r;
	const char *why = "unset";

	memset(&num, 'z', sizeof(num));
	r = phone_normalize(c->in, strlen(c->in), c->region, &num, &why);
	if (!is_str(phone_result_name(r), phone_result_name(c->want),
	    "\"%s\" in %s: %s", c->in, c->region ? c->region : "no region",
	    phone_result_name(c->want)))
		diag("why: %s", why ? why : "(null)");
	is_str(num.e164, c->e164, "\"%s\": e164 \"%s\"", c->in, c->e164);
	is_str(num.ext, c->ext ? c->ext : "", "\"%s\": ext \"%s\"", c->in,
	    c->ext ? c->ext : "");
	if (c->want == PHONE_OK)
		ok(why == NULL, "\"%s\": no reason when ok", c->in);
	else if (c->why != NULL)
		is_str(why, c->why, "\"%s\": why", c->in);
	else
		ok(why != NULL && *why != '\0', "\"%s\": a reason (%s)", c->in,
		    why ? why : "(null)");
}

/* Length, not NUL, ends the text; NUL inside it is not a phone number. */
static void
test_lengths(void)
{
	struct phone_number num;
	char big[PHONE_TEXT_MAX + 2];
	const char *why;

	is_int(phone_normalize("+34600111222999", 12, NULL, &num, &why),
	    PHONE_OK, "only len bytes are read");
	is_str(num.e164, "+34600111222", "only len bytes: e164");
	is_int(phone_normalize("+34\0" "600111222", 13, NULL, &num, &why),
	    PHONE_INVALID, "NUL inside");
	is_str(why, "not a phone number", "NUL inside: why");
	is_int(phone_normalize(NULL, 0, "ES", &num, NULL), PHONE_WITHHELD,
	    "NULL text of length 0, NULL why");

	memset(big, ' ', sizeof(big));
	memcpy(big, "+34600111222", 12);
	is_int(phone_normalize(big, PHONE_TEXT_MAX, NULL, &num, &why),
	    PHONE_OK, "%d bytes with trailing spaces", PHONE_TEXT_MAX);
	is_int(phone_normalize(big, PHONE_TEXT_MAX + 1, NULL, &num, &why),
	    PHONE_INVALID, "%d bytes", PHONE_TEXT_MAX + 1);
	is_str(why, "too long", "%d bytes: why", PHONE_TEXT_MAX + 1);
	memset(big, '1', sizeof(big));
	is_int(phone_normalize(big, PHONE_TEXT_MAX, "ES", &num, &why),
	    PHONE_INVALID, "%d digits", PHONE_TEXT_MAX);
}

/* More numbers than the memo holds, then the first ones again. */
static void
test_memo(void)
{
	struct phone_number num;
	char text[32];
	int i, n, bad = 0;

	for (i = 0; i < 9000; i++) {
		n = snprintf(text, sizeof(text), "6%08d", i * 7919 % 100000000);
		if (phone_normalize(text, (size_t)n, "ES", &num, NULL) !=
		    PHONE_OK || strcmp(num.e164 + 3, text) != 0)
			bad++;
	}
	is_int(bad, 0, "9000 distinct numbers");
	for (i = 0; i < 3; i++) {
		is_int(phone_normalize("600 111 222", 11, "ES", &num, NULL),
		    PHONE_OK, "again %d", i);
		is_str(num.e164, "+34600111222", "again %d: e164", i);
		is_int(phone_normalize("600 111 222", 11, "GB", &num, NULL),
		    PHONE_UNASSIGNED, "same digits, other region %d", i);
		is_str(num.e164, "+44600111222", "other region %d: e164", i);
	}
}

static void
test_countries(void)
{
	char region[3];
	const char *why;
	size_t i;
	int r;

	for (i = 0; i < sizeof(country_cases) / sizeof(country_cases[0]);
	    i++) {
		const struct ccase *c = &country_cases[i];

		why = "unset";
		memcpy(region, "??", 3);
		r = phone_parse_country(c->in, region, &why);
		if (c->want != NULL) {
			is_int(r, 0, "country \"%s\"", c->in);
			is_str(region, c->want, "country \"%s\" is %s", c->in,
			    c->want);
			ok(why == NULL, "country \"%s\": no reason", c->in);
		} else {
			is_int(r, -1, "country \"%s\" refused", c->in);
			is_str(region, "??", "country \"%s\": untouched",
			    c->in);
			is_str(why, c->why, "country \"%s\": why", c->in);
		}
	}
	is_int(phone_parse_country(NULL, region, &why), -1, "NULL country");
	is_int(phone_parse_country("ES", region, NULL), 0, "NULL why");
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		test_case(&cases[i]);
	test_lengths();
	test_memo();
	test_countries();
	is_str(phone_result_name(PHONE_NEED_COUNTRY), "need_country",
	    "result names");
	return done_testing();
}
