/*
 * fuzz-mailtext.c - libFuzzer entry for mail text decoding (lib/mailtext.c).
 *
 * The first byte picks a charset label for mailtext_to_utf8(); the rest is
 * decoded as a header in each mode, converted, read as a From_ line,
 * unescaped and cut by characters.  Invariants: text given back as decoded
 * is valid UTF-8 whatever the status; the parts of a From_ line lie inside
 * it; unescaping never lengthens the text; a character prefix ends on a
 * character boundary.  Needs GMime (pkg-config gmime-3.0).  See
 * tests/fuzz/README.
 *
 * SOURCES: lib/mailtext.c lib/jsonl.c lib/linein.c lib/scan.c lib/util.c
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mailtext.h"
#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static const char *const labels[] = {
	NULL, "utf-8", "us-ascii", "iso-8859-1", "iso-8859-15",
	"windows-1250", "koi8-r", "shift_jis", "iso-2022-jp", "utf-16",
	"utf-7", "gb18030", "x-unknown"
};

static int
valid(const struct jsonl_buf *b)
{
	return scan_utf8_valid_prefix(b->data, b->len) == b->len;
}

static int
inside(const char *s, size_t n, const char *p, size_t k)
{
	return p >= s && p <= s + n && k <= (size_t)(s + n - p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jsonl_buf out = { NULL, 0, 0 };
	const char *text = (const char *)data + 1, *sp, *dp;
	size_t n = size - 1, sl, dl, k;
	char *copy;
	int mode;

	if (size == 0)
		return 0;
	mailtext_init();
	for (mode = MAILTEXT_RAW; mode <= MAILTEXT_ADDRESS; mode++) {
		out.len = 0;
		mailtext_header(&out, text, n, (enum mailtext_mode)mode);
		CHECK(valid(&out));
	}
	out.len = 0;
	mailtext_to_utf8(&out, labels[data[0] % (sizeof(labels) /
	    sizeof(labels[0]))], text, n, data[0] & 0x80);
	CHECK(valid(&out));
	if (mailtext_from_line(text, n, &sp, &sl, &dp, &dl))
		CHECK(inside(text, n, sp, sl) && inside(text, n, dp, dl));
	copy = malloc(n ? n : 1);
	memcpy(copy, text, n);
	k = mailtext_unescape_from(copy, n);
	CHECK(k <= n);
	free(copy);
	if (valid(&out)) {
		k = mailtext_utf8_prefix(out.data, out.len, data[0]);
		CHECK(k <= out.len);
		CHECK(k == out.len ||
		    ((unsigned char)out.data[k] & 0xc0) != 0x80);
	}
	jsonl_buf_free(&out);
	return 0;
}
