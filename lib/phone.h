/*
 * phone.h - telephone numbers as sources write them, to the E.164 form of
 * the event's ids.phone ("+34600111222": ITU-T E.164, "+", the country
 * calling code and the national significant number, at most 15 digits).
 *
 * The numbering plans (calling codes, trunk and international prefixes,
 * lengths and assigned ranges of every country) come from the metadata of
 * Google's libphonenumber (Debian's libphonenumber-dev); nothing here is a
 * hand-written plan.  What this module adds is what sources write around a
 * number:
 *   - invisible marks (WhatsApp wraps numbers in U+202A ... U+202C), U+200B
 *     to U+200F, U+202A to U+202E, U+2060, U+2066 to U+2069 and U+FEFF,
 *     which are dropped; spaces of every width (U+00A0, U+2000 to U+200A,
 *     U+202F, U+3000), dashes (U+2010 to U+2015, U+2212), dots, slashes and
 *     parentheses as separators; full-width, Arabic-Indic and Persian
 *     digits and the full-width plus;
 *   - RFC 3966 "tel:" and RFC 3261 "sip:"/"sips:" URIs: the user part, the
 *     "ext=" parameter and a "phone-context=+CC" one;
 *   - an extension after the number: ";ext=123", "x123", "ext. 123",
 *     "extn 123", "extension 123", "#123" (at most PHONE_EXT_MAX digits);
 *   - withheld caller ids: an empty text, "anonymous" (as in the RFC 3323
 *     URI sip:anonymous@anonymous.invalid and Asterisk's CDRs), "anon",
 *     "private", "private number", "withheld", "number withheld",
 *     "unknown", "unknown number", "unavailable", "not available", "n/a",
 *     "restricted", "blocked", "hidden", "no caller id", "out of area",
 *     "none", "null" (any case, spaces, dashes, dots, underscores or
 *     slashes inside ignored), a number that is only zeros ("0", "+000"),
 *     and separators without digits ("-");
 *   - PBX extensions: 2 to 6 digits, nothing else, the first not 0, that
 *     are not a valid number of the default region ("201", and short
 *     codes such as "112").
 *
 * A number without "+" is read in the default region: its international
 * prefix (00 in Spain, 011 in the United States) and its trunk prefix (0 in
 * the United Kingdom, Germany and France; none in Spain) are the region's,
 * from the metadata.  A leading "00" or "011" that the region does not use
 * as its international prefix, or any leading "00" or "011" when there is no
 * default region, is read as "+" when, and only when, that gives a valid
 * number.
 *
 * Only numbers valid for their country are given an identity: a possible
 * length is not enough (libphonenumber's IsValidNumber).  So "+1 555 0100"
 * and the United Kingdom's drama range "+44 7700 900519" are invalid, and
 * so is a number from a range allocated after the metadata was published:
 * no identity rather than a wrong one.
 *
 * Results are cached per thread (a bounded memo of the last few thousand
 * numbers), since libphonenumber takes about 25 microseconds per number.
 * Thread-safe.  Written in C++ (phone.cc) behind this C interface; no
 * exception crosses it: running out of memory inside libphonenumber goes to
 * the handler of util_set_oom_handler(), like a failed xmalloc().
 */
#ifndef CANAL_PHONE_H
#define CANAL_PHONE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PHONE_E164_MAX 16	/* "+" and at most 15 digits */
#define PHONE_EXT_MAX 20	/* digits of an extension */
#define PHONE_TEXT_MAX 256	/* longer texts are not phone numbers */

/** What phone_normalize() made of a text. */
enum phone_result {
	PHONE_OK,		/* a valid number: e164 set, ext when given */
	PHONE_WITHHELD,		/* no number: anonymous, private, empty, "0" */
	PHONE_EXTENSION,	/* a PBX extension or short code: ext set */
	PHONE_NEED_COUNTRY,	/* a national number and no default region */
	PHONE_INVALID,		/* not a valid number (why says how) */
	PHONE_UNASSIGNED	/* a possible number in a range not assigned,
				   such as the UK's 07700 900xxx drama range:
				   e164 set, but it is no subscriber's */
};

/** A normalised number; both strings are "" when not given. */
struct phone_number {
	char e164[PHONE_E164_MAX + 1];	/* "+34600111222" */
	char ext[PHONE_EXT_MAX + 1];	/* "123": of "x123", or an extension */
};

/**
 * Reads a country given by the user (--country) into its ISO 3166-1
 * alpha-2 region code in region (upper case, NUL-terminated): "ES", "es",
 * "UK" (for GB), or a country calling code "34", "+34" (the main region of
 * that code: "1" is "US", "44" is "GB", "7" is "RU"; that is enough to read
 * national numbers of every region sharing the code).  Returns 0, or -1
 * with *why pointing at a static reason ("unknown country", "unknown
 * country calling code"), region untouched.  why may be NULL.
 */
int phone_parse_country(const char *country, char region[3],
    const char **why);

/**
 * Normalises the phone number in text (len bytes, UTF-8, need not be
 * NUL-terminated) to E.164.  region is the default region for national
 * numbers: anything phone_parse_country() accepts ("ES", "34"), or NULL or
 * "" for none; validate it once with phone_parse_country() first, as one it
 * does not accept is taken as none.  A number written with "+", or with
 * a "phone-context=+CC" of its own, ignores it.
 *
 * Always fills *num (both strings "" unless the result says otherwise) and
 * returns:
 *   PHONE_OK            num->e164 is the number; num->ext its extension,
 *                       if one was written ("" otherwise);
 *   PHONE_WITHHELD      no number was given (see the list above);
 *   PHONE_EXTENSION     an internal extension or short code; num->ext holds
 *                       its digits ("201"), num->e164 is "";
 *   PHONE_NEED_COUNTRY  a national number ("600 111 222") and no region;
 *   PHONE_INVALID       anything else: other characters, too short or too
 *                       long, an unknown calling code;
 *   PHONE_UNASSIGNED    a number of a possible length in a range that is not
 *                       assigned (why "not an assigned number"): num->e164
 *                       is what it would be, for callers that accept
 *                       fictional numbers (test data, films' numbers).
 * *why, unless why is NULL, points at a static reason for every result but
 * PHONE_OK (where it is NULL): "withheld", "internal extension", "national
 * number and no default country", "not a phone number", "invalid UTF-8",
 * "too short", "too long", "wrong length", "unknown country calling code",
 * "local number without area code", "not an assigned number".
 */
enum phone_result phone_normalize(const char *text, size_t len,
    const char *region, struct phone_number *num, const char **why);

/** The name of a result, for messages and tests: "ok", "withheld"... */
const char *phone_result_name(enum phone_result result);

#ifdef __cplusplus
}
#endif

#endif
