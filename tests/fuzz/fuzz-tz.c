/*
 * fuzz-tz.c - libFuzzer entry for TZif files (lib/tz.c): tz_parse() on
 * arbitrary bytes; when they are accepted, offsets and local-to-UTC
 * conversions around fixed instants must agree with each other.  See
 * tests/fuzz/README.
 *
 * SOURCES: lib/tz.c lib/timefmt.c lib/util.c
 * OPTIONS: -max_len=4096
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tz.h"
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
#define CHECK(c) do { if (!(c)) abort(); } while (0)
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	struct tz *tz = tz_parse("F", data, size, err, sizeof(err));
	static const int64_t ts[] = { INT64_MIN, -TZ_SECONDS_LIMIT - 5, -4000000000, -1, 0, 1, 1711846800, 4102444800, 253402300799, TZ_SECONDS_LIMIT, INT64_MAX };
	size_t i; int64_t a, b, L; int k, o;
	if (tz == NULL) { CHECK(strlen(err) > 0); return 0; }
	for (i = 0; i < sizeof(ts)/sizeof(ts[0]); i++) {
		for (int d = -200000; d <= 200000; d += 3607) {
			int64_t t = ts[i];
			if (t > INT64_MAX - 300000 || t < INT64_MIN + 300000) t = t > 0 ? TZ_SECONDS_LIMIT : -TZ_SECONDS_LIMIT;
			t += d;
			if (t > TZ_SECONDS_LIMIT || t < -TZ_SECONDS_LIMIT) continue;
			o = tz_offset_at_utc(tz, t);
			CHECK(o >= -26*3600 && o <= 26*3600);
			L = t + o;
			if (L > TZ_SECONDS_LIMIT || L < -TZ_SECONDS_LIMIT) continue;
			k = tz_local_to_utc(tz, L, &a, &b);
			CHECK(k != TZ_LOCAL_GAP);
			CHECK(k == TZ_LOCAL_UNIQUE ? a == t && b == t : a <= t && t <= b && a < b);
			k = tz_local_to_utc(tz, t, &a, &b);
			if (k == TZ_LOCAL_GAP) {
				CHECK(a + tz_offset_at_utc(tz, a) != t);
			} else {
				CHECK(a + tz_offset_at_utc(tz, a) == t);
				CHECK(b + tz_offset_at_utc(tz, b) == t);
			}
		}
	}
	tz_free(tz);
	return 0;
}
