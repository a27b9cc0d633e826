/*
 * phone.cc - telephone numbers to E.164 (see phone.h), the one C++ file of
 * canal: libphonenumber has only a C++ interface, so this file gives it a C
 * one.  The text is first reduced here to "+" and digits (marks, URIs,
 * extensions, withheld words are ours); what that string means in its
 * numbering plan is libphonenumber's alone.
 */
#include "phone.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>

#include <phonenumbers/phonenumberutil.h>

extern "C" {
#include "util.h"
}

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

const char WHY_WITHHELD[] = "withheld";
const char WHY_EXTENSION[] = "internal extension";
const char WHY_NEED_COUNTRY[] = "national number and no default country";
const char WHY_NOT_PHONE[] = "not a phone number";
const char WHY_UTF8[] = "invalid UTF-8";
const char WHY_TOO_SHORT[] = "too short";
const char WHY_TOO_LONG[] = "too long";
const char WHY_LENGTH[] = "wrong length";
const char WHY_CALLING_CODE[] = "unknown country calling code";
const char WHY_LOCAL[] = "local number without area code";
const char WHY_UNASSIGNED[] = "not an assigned number";
const char WHY_COUNTRY[] = "unknown country";

/* The memo of libphonenumber's verdicts, per thread; emptied when full. */
const size_t MEMO_MAX = 8192;

/* libphonenumber's verdict on one "+digits" or national digits string. */
struct verdict {
	bool valid;
	char e164[PHONE_E164_MAX + 1];
	const char *why;	/* when not valid */
};

/* Words that stand for a withheld number, separators removed. */
const char *const withheld_words[] = {
	"anonymous", "anon", "private", "privatenumber", "withheld",
	"numberwithheld", "unknown", "unknownnumber", "unavailable",
	"notavailable", "na", "restricted", "blocked", "hidden", "nocallerid",
	"outofarea", "none", "null",
};

/*
 * Reaching this means std::bad_alloc (the only exception libphonenumber
 * and the standard strings here can throw): it goes where a failed
 * xmalloc() goes, the program's handler or abort(3).  An impossible array
 * size makes xreallocarray() take that path without allocating.
 */
[[noreturn]] void
out_of_memory()
{
	(void)xreallocarray(nullptr, SIZE_MAX, 2);
	abort();
}

/* Decodes one UTF-8 sequence of s[0..n) into *cp; its length, 0 if bad. */
size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2, c = s[0] & 0x1f, min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3, c = s[0] & 0x0f, min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/*
 * What one character becomes in the ASCII text: itself (letters in lower
 * case), ' ' for a space, '-' for a dash, an ASCII digit, '+', '(' or ')',
 * 0 for an invisible mark (dropped), or -1 when no phone number has it.
 */
int
ascii_of(uint32_t c)
{
	if (c < 0x80) {
		if (c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
		    c == '\r')
			return ' ';
		if (c < 0x20 || c == 0x7f)
			return -1;
		if (c >= 'A' && c <= 'Z')
			return (int)(c - 'A' + 'a');
		return (int)c;
	}
	if ((c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
	    c == 0x2060 || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff)
		return 0;
	if (c == 0xa0 || (c >= 0x2000 && c <= 0x200a) || c == 0x202f ||
	    c == 0x205f || c == 0x3000)
		return ' ';
	if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xfe63 ||
	    c == 0xff0d)
		return '-';
	if (c >= 0xff10 && c <= 0xff19)
		return (int)(c - 0xff10 + '0');
	if (c >= 0x660 && c <= 0x669)
		return (int)(c - 0x660 + '0');
	if (c >= 0x6f0 && c <= 0x6f9)
		return (int)(c - 0x6f0 + '0');
	if (c == 0xff0b)
		return '+';
	if (c == 0xff08)
		return '(';
	if (c == 0xff09)
		return ')';
	if (c == 0xff0e)
		return '.';
	return -1;
}

bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool
is_letter(char c)
{
	return c >= 'a' && c <= 'z';
}

/* Separators inside a number. */
bool
is_separator(char c)
{
	return c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' ||
	    c == ')';
}

bool
has_prefix(const char *s, size_t n, const char *prefix)
{
	size_t len = strlen(prefix);

	return n >= len && memcmp(s, prefix, len) == 0;
}

/* Whether s[0..n), separators and underscores aside, is a withheld word. */
bool
is_withheld_word(const char *s, size_t n)
{
	char key[32];
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (is_separator(s[i]) || s[i] == '_')
			continue;
		if (!is_letter(s[i]) || k + 1 >= sizeof(key))
			return false;
		key[k++] = s[i];
	}
	key[k] = '\0';
	for (const char *w : withheld_words)
		if (strcmp(key, w) == 0)
			return true;
	return false;
}

/*
 * Reads the extension digits of s[0..n) (separators allowed between them)
 * into ext; false when there are none, too many, or anything else.
 */
bool
read_ext_digits(const char *s, size_t n, char ext[PHONE_EXT_MAX + 1])
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (is_separator(s[i]))
			continue;
		if (!is_digit(s[i]) || k == PHONE_EXT_MAX)
			return false;
		ext[k++] = s[i];
	}
	ext[k] = '\0';
	return k > 0;
}

/*
 * Reads an extension written after the number, s[0..n) from the first
 * character that is not part of the number: optionally ",", then "#", "x",
 * "ext", "extn" or "extension", then optionally "." or ":", then digits.
 */
bool
read_ext_suffix(const char *s, size_t n, char ext[PHONE_EXT_MAX + 1])
{
	size_t i = 0, w;

	if (i < n && s[i] == ',')
		for (i++; i < n && s[i] == ' '; i++)
			;
	if (i < n && s[i] == '#') {
		i++;
	} else {
		for (w = i; i < n && is_letter(s[i]); i++)
			;
		if (!((i - w == 1 && s[w] == 'x') ||
		    (i - w == 3 && memcmp(s + w, "ext", 3) == 0) ||
		    (i - w == 4 && memcmp(s + w, "extn", 4) == 0) ||
		    (i - w == 9 && memcmp(s + w, "extension", 9) == 0)))
			return false;
	}
	if (i < n && (s[i] == '.' || s[i] == ':'))
		i++;
	return read_ext_digits(s + i, n - i, ext);
}

PhoneNumberUtil *
util()
{
	return PhoneNumberUtil::GetInstance();
}

/* phone_parse_country() on s[0..n); region is only written on success. */
const char *
country_region(const char *s, size_t n, char region[3])
{
	std::string r;
	size_t i;
	int cc = 0;

	if (n == 2 && is_letter((char)(s[0] | 0x20)) &&
	    is_letter((char)(s[1] | 0x20))) {
		r += (char)(s[0] & ~0x20);
		r += (char)(s[1] & ~0x20);
		/* ISO 3166 reserves UK for the United Kingdom, GB. */
		if (r == "UK")
			r = "GB";
		if (util()->GetCountryCodeForRegion(r) == 0)
			return WHY_COUNTRY;
	} else {
		i = n > 0 && s[0] == '+';
		if (i == n || n - i > 3 || s[i] == '0')
			return WHY_COUNTRY;
		for (; i < n; i++) {
			if (!is_digit(s[i]))
				return WHY_COUNTRY;
			cc = cc * 10 + (s[i] - '0');
		}
		util()->GetRegionCodeForCountryCode(cc, &r);
		/* "ZZ" is unknown, "001" a code of no country (+800). */
		if (r.size() != 2 || r == "ZZ")
			return WHY_CALLING_CODE;
	}
	memcpy(region, r.c_str(), 3);
	return nullptr;
}

/* libphonenumber's verdict on number ("+digits", or digits in region). */
verdict
judge(const std::string &number, const char *region)
{
	PhoneNumberUtil *u = util();
	PhoneNumber pn;
	std::string e164;
	verdict v = { false, "", nullptr };

	switch (u->Parse(number, *region != '\0' ? region : "ZZ", &pn)) {
	case PhoneNumberUtil::NO_PARSING_ERROR:
		break;
	case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
		v.why = WHY_CALLING_CODE;
		return v;
	case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
	case PhoneNumberUtil::TOO_SHORT_NSN:
		v.why = WHY_TOO_SHORT;
		return v;
	case PhoneNumberUtil::TOO_LONG_NSN:
		v.why = WHY_TOO_LONG;
		return v;
	default:
		v.why = WHY_NOT_PHONE;
		return v;
	}
	if (u->IsValidNumber(pn)) {
		u->Format(pn, PhoneNumberUtil::E164, &e164);
		if (e164.size() <= PHONE_E164_MAX) {
			memcpy(v.e164, e164.c_str(), e164.size() + 1);
			v.valid = true;
			return v;
		}
		v.why = WHY_TOO_LONG;
		return v;
	}
	switch (u->IsPossibleNumberWithReason(pn)) {
	case PhoneNumberUtil::IS_POSSIBLE:
		/* Kept for PHONE_UNASSIGNED: the caller may want it. */
		u->Format(pn, PhoneNumberUtil::E164, &e164);
		if (e164.size() <= PHONE_E164_MAX)
			memcpy(v.e164, e164.c_str(), e164.size() + 1);
		v.why = WHY_UNASSIGNED;
		break;
	case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
		v.why = WHY_LOCAL;
		break;
	case PhoneNumberUtil::INVALID_COUNTRY_CODE:
		v.why = WHY_CALLING_CODE;
		break;
	case PhoneNumberUtil::TOO_SHORT:
		v.why = WHY_TOO_SHORT;
		break;
	case PhoneNumberUtil::TOO_LONG:
		v.why = WHY_TOO_LONG;
		break;
	default:
		v.why = WHY_LENGTH;
		break;
	}
	return v;
}

/* judge(), remembered: the same numbers come back again and again. */
const verdict &
judge_memo(const std::string &number, const char *region)
{
	thread_local std::unordered_map<std::string, verdict> memo;
	std::string key(region);

	key += ':';
	key += number;
	auto it = memo.find(key);
	if (it != memo.end())
		return it->second;
	if (memo.size() >= MEMO_MAX)
		memo.clear();
	return memo.emplace(key, judge(number, region)).first->second;
}

/* The result of a number libphonenumber did not find valid. */
enum phone_result
unassigned_or_invalid(const verdict &v, struct phone_number *num,
    const char **why)
{
	*why = v.why;
	if (v.why == WHY_UNASSIGNED && v.e164[0] != '\0') {
		memcpy(num->e164, v.e164, sizeof(num->e164));
		return PHONE_UNASSIGNED;
	}
	return PHONE_INVALID;
}

enum phone_result
normalize(const char *text, size_t len, const char *default_region,
    struct phone_number *num, const char **why)
{
	char a[PHONE_TEXT_MAX + 1], region[3] = "";
	const char *s, *p, *end, *semi, *at;
	size_t i, n, k, step, mlen;
	std::string digits;
	bool plus = false, only_digits = true;
	uint32_t c;
	int ch;

	/* The text in ASCII: marks dropped, spaces, dashes, digits mapped. */
	if (len > PHONE_TEXT_MAX) {
		*why = WHY_TOO_LONG;
		return PHONE_INVALID;
	}
	for (i = 0, n = 0; i < len; i += step) {
		step = utf8_decode((const unsigned char *)text + i, len - i, &c);
		if (step == 0) {
			*why = WHY_UTF8;
			return PHONE_INVALID;
		}
		if ((ch = ascii_of(c)) < 0) {
			*why = WHY_NOT_PHONE;
			return PHONE_INVALID;
		}
		if (ch > 0)
			a[n++] = (char)ch;
	}
	s = a, end = a + n;
	while (s < end && s[0] == ' ')
		s++;
	while (end > s && end[-1] == ' ')
		end--;

	/* RFC 3966 tel: and RFC 3261 sip: URIs: the user part. */
	if (has_prefix(s, (size_t)(end - s), "tel:")) {
		s += 4;
	} else if (has_prefix(s, (size_t)(end - s), "sip:") ||
	    has_prefix(s, (size_t)(end - s), "sips:")) {
		s += s[3] == ':' ? 4 : 5;
		if ((at = (const char *)memchr(s, '@', (size_t)(end - s))))
			end = at;
	}
	while (s < end && s[0] == ' ')
		s++;

	/* Parameters: ";ext=123", ";phone-context=+34". */
	semi = (const char *)memchr(s, ';', (size_t)(end - s));
	mlen = (size_t)((semi != nullptr ? semi : end) - s);
	for (p = semi; p != nullptr && p < end; p = semi) {
		const char *name = p + 1, *eq, *val;

		semi = (const char *)memchr(name, ';', (size_t)(end - name));
		if (semi == nullptr)
			semi = end;
		eq = (const char *)memchr(name, '=', (size_t)(semi - name));
		if (eq == nullptr)
			continue;
		val = eq + 1;
		if (eq - name == 3 && memcmp(name, "ext", 3) == 0) {
			if (num->ext[0] != '\0' || !read_ext_digits(val,
			    (size_t)(semi - val), num->ext)) {
				*why = WHY_NOT_PHONE;
				return PHONE_INVALID;
			}
		} else if (eq - name == 13 &&
		    memcmp(name, "phone-context", 13) == 0 && val < semi &&
		    val[0] == '+') {
			/* A global context is the country; a domain is not. */
			if ((*why = country_region(val, (size_t)(semi - val),
			    region)) != nullptr)
				return PHONE_INVALID;
		}
	}
	while (mlen > 0 && s[mlen - 1] == ' ')
		mlen--;

	if (mlen == 0 && num->ext[0] == '\0') {
		*why = WHY_WITHHELD;
		return PHONE_WITHHELD;
	}
	if (is_withheld_word(s, mlen)) {
		*why = WHY_WITHHELD;
		return PHONE_WITHHELD;
	}

	/* The number, then perhaps an extension. */
	for (i = 0; i < mlen; i++) {
		if (is_digit(s[i])) {
			digits += s[i];
		} else if (s[i] == '+' && digits.empty() && !plus) {
			plus = true;
			only_digits = false;
		} else if (is_separator(s[i])) {
			only_digits = false;
		} else {
			break;
		}
	}
	if (i < mlen && (num->ext[0] != '\0' ||
	    !read_ext_suffix(s + i, mlen - i, num->ext))) {
		*why = WHY_NOT_PHONE;
		return PHONE_INVALID;
	}
	if (digits.find_first_not_of('0') == std::string::npos) {
		/* Only zeros, or nothing but separators: no number given. */
		if (num->ext[0] != '\0') {
			*why = WHY_NOT_PHONE;
			return PHONE_INVALID;
		}
		*why = WHY_WITHHELD;
		return PHONE_WITHHELD;
	}

	if (plus) {
		const verdict &v = judge_memo("+" + digits, "");

		if (!v.valid)
			return unassigned_or_invalid(v, num, why);
		memcpy(num->e164, v.e164, sizeof(num->e164));
		return PHONE_OK;
	}
	if (region[0] == '\0' && default_region != nullptr)
		(void)country_region(default_region, strlen(default_region),
		    region);
	const char *region_why = nullptr;
	verdict in_region = { false, "", nullptr };
	if (region[0] != '\0') {
		const verdict &v = judge_memo(digits, region);

		if (v.valid) {
			memcpy(num->e164, v.e164, sizeof(num->e164));
			return PHONE_OK;
		}
		region_why = v.why;
		in_region = v;
	}
	/* An international prefix the region does not use, or no region. */
	k = digits.compare(0, 3, "011") == 0 ? 3 :
	    digits.compare(0, 2, "00") == 0 ? 2 : 0;
	if (k > 0) {
		const verdict &v = judge_memo("+" + digits.substr(k), "");

		if (v.valid) {
			memcpy(num->e164, v.e164, sizeof(num->e164));
			return PHONE_OK;
		}
	}
	if (only_digits && num->ext[0] == '\0' && digits.size() >= 2 &&
	    digits.size() <= 6 && digits[0] != '0') {
		memcpy(num->ext, digits.c_str(), digits.size() + 1);
		*why = WHY_EXTENSION;
		return PHONE_EXTENSION;
	}
	if (region_why != nullptr)
		return unassigned_or_invalid(in_region, num, why);
	if (digits.size() < 2) {
		*why = WHY_TOO_SHORT;
		return PHONE_INVALID;
	}
	*why = WHY_NEED_COUNTRY;
	return PHONE_NEED_COUNTRY;
}

}	/* namespace */

extern "C" int
phone_parse_country(const char *country, char region[3], const char **why)
{
	const char *reason;

	try {
		reason = country_region(country, country != nullptr ?
		    strlen(country) : 0, region);
	} catch (...) {
		out_of_memory();
	}
	if (why != nullptr)
		*why = reason;
	return reason != nullptr ? -1 : 0;
}

extern "C" enum phone_result
phone_normalize(const char *text, size_t len, const char *region,
    struct phone_number *num, const char **why)
{
	const char *reason = nullptr;
	enum phone_result r;

	num->e164[0] = '\0';
	num->ext[0] = '\0';
	try {
		r = normalize(text, len, region, num, &reason);
	} catch (...) {
		out_of_memory();
	}
	/* An extension read before the number failed is no result. */
	if (r != PHONE_OK && r != PHONE_EXTENSION && r != PHONE_UNASSIGNED)
		num->ext[0] = '\0';
	if (why != nullptr)
		*why = r == PHONE_OK ? nullptr : reason;
	return r;
}

extern "C" const char *
phone_result_name(enum phone_result result)
{
	switch (result) {
	case PHONE_OK:
		return "ok";
	case PHONE_WITHHELD:
		return "withheld";
	case PHONE_EXTENSION:
		return "extension";
	case PHONE_NEED_COUNTRY:
		return "need_country";
	case PHONE_INVALID:
		return "invalid";
	case PHONE_UNASSIGNED:
		return "unassigned";
	}
	return "?";
}
