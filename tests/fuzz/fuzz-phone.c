/*
 * fuzz-phone.c - phone_normalize() (lib/phone.cc) on arbitrary bytes.  The
 * first byte picks the default region.  Invariants: a result in range; ok
 * gives "+" and 1 to 15 digits, which read again (in no region) give the
 * same number; an extension is 1 to PHONE_EXT_MAX digits, and 2 to 6 on
 * its own; an unassigned number has the form of an ok one; every other
 * result has neither.
 *
 * SOURCES: lib/phone.cc lib/util.c
 * OPTIONS: -max_len=128
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "phone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static int
all_digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);

	if (n < min || n > max)
		return 0;
	return strspn(s, "0123456789") == n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const regions[] = { NULL, "ES", "GB", "US", "DE",
	    "FR", "IT", "34", "+1", "" };
	struct phone_number num, again;
	enum phone_result r;
	const char *why;

	if (size == 0)
		return 0;
	r = phone_normalize((const char *)data + 1, size - 1,
	    regions[data[0] % (sizeof(regions) / sizeof(regions[0]))], &num,
	    &why);
	switch (r) {
	case PHONE_OK:
		CHECK(why == NULL);
		CHECK(num.e164[0] == '+' && all_digits(num.e164 + 1, 1, 15));
		CHECK(num.ext[0] == '\0' || all_digits(num.ext, 1,
		    PHONE_EXT_MAX));
		CHECK(phone_normalize(num.e164, strlen(num.e164), NULL, &again,
		    &why) == PHONE_OK);
		CHECK(strcmp(again.e164, num.e164) == 0);
		break;
	case PHONE_EXTENSION:
		CHECK(why != NULL && num.e164[0] == '\0');
		CHECK(all_digits(num.ext, 2, 6) && num.ext[0] != '0');
		break;
	case PHONE_UNASSIGNED:
		/* Only the form: what a number of an unassigned range would
		   be need not read again the same ("000010" in DE gives
		   +4900010, which gives +490010). */
		CHECK(why != NULL && strcmp(why, "not an assigned number") == 0);
		CHECK(num.e164[0] == '+' && all_digits(num.e164 + 1, 1, 15));
		CHECK(num.ext[0] == '\0' || all_digits(num.ext, 1,
		    PHONE_EXT_MAX));
		break;
	case PHONE_WITHHELD:
	case PHONE_NEED_COUNTRY:
	case PHONE_INVALID:
		CHECK(why != NULL && *why != '\0');
		CHECK(num.e164[0] == '\0' && num.ext[0] == '\0');
		break;
	default:
		abort();
	}
	return 0;
}
