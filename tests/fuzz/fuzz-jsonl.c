/*
 * fuzz-jsonl.c - libFuzzer entry for the JSON Lines reader and the JSON
 * string writer (lib/jsonl.c).
 *
 * The first three input bytes choose the reader's initial buffer size, its
 * max_line (small, so that over-long lines are common) and an optional
 * byte limit; the rest is the input, read from a memfd.  Every result is
 * compared with a plain model of the format: split at newlines, a UTF-8 BOM
 * dropped from the first line, one CR dropped before a newline, blank lines
 * (spaces and tabs) skipped but counted, a line over max_line returned as
 * JSONL_TOO_LONG with a prefix of it.  The whole input is then written as a
 * JSON string with jsonl_buf_string(), which scan_object_parse() must
 * accept and decode back to the input when nothing was replaced.  See
 * tests/fuzz/README.
 *
 * SOURCES: lib/jsonl.c lib/linein.c lib/scan.c lib/util.c
 * OPTIONS: -max_len=4096
 * SMOKE_RUNS: 5000
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "jsonl.h"
#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static void
check_reader(const char *in, size_t size, size_t buf_size, size_t max_line,
    uint64_t limit)
{
	struct jsonl_reader r;
	enum jsonl_status st;
	const char *line, *p, *nl, *end;
	size_t len, n, want_len, i;
	uint64_t line_no = 0;
	int fd, first = 1, blank;

	fd = memfd_create("fuzz-jsonl", 0);
	if (fd < 0)
		return;
	if (size > 0 && write(fd, in, size) != (ssize_t)size) {
		close(fd);
		return;
	}
	lseek(fd, 0, SEEK_SET);
	jsonl_reader_init(&r, fd, "fuzz", limit, buf_size);
	r.max_line = max_line;

	/* The model walks the input as far as the limit. */
	end = in + (limit < size ? (size_t)limit : size);
	for (p = in; p < end; p = nl != NULL ? nl + 1 : end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		line_no++;
		if (n > max_line) {
			st = jsonl_reader_next(&r, &line, &len);
			CHECK(st == JSONL_TOO_LONG);
			CHECK(r.line_no == line_no);
			CHECK(r.offset == (uint64_t)(p - in));
			CHECK(len > 0 && len <= JSONL_HEAD_LEN && len <= n);
			CHECK(len >= (n < max_line + 1 ? n : max_line + 1) ||
			    len == JSONL_HEAD_LEN);
			CHECK(memcmp(line, p, len) == 0);
			first = 0;
			continue;
		}
		line = p;
		want_len = n;
		if (first && want_len >= 3 &&
		    memcmp(line, "\xef\xbb\xbf", 3) == 0) {
			line += 3;
			want_len -= 3;
		}
		first = 0;
		if (want_len > 0 && line[want_len - 1] == '\r')
			want_len--;
		for (blank = 1, i = 0; i < want_len; i++)
			if (line[i] != ' ' && line[i] != '\t')
				blank = 0;
		if (blank)
			continue;
		{
			const char *got;

			st = jsonl_reader_next(&r, &got, &len);
			CHECK(st == JSONL_LINE);
			CHECK(r.line_no == line_no);
			CHECK(r.offset == (uint64_t)(p - in));
			CHECK(len == want_len && memcmp(got, line, len) == 0);
			CHECK(jsonl_reader_tell(&r) ==
			    (uint64_t)(p - in) + n + (nl != NULL));
		}
	}
	st = jsonl_reader_next(&r, &line, &len);
	CHECK(st == JSONL_EOF);
	CHECK(r.line_no == line_no);
	CHECK(jsonl_reader_next(&r, &line, &len) == JSONL_EOF);
	jsonl_reader_free(&r);
	close(fd);
}

/* Writes the input as a JSON string and reads it back with the scanner. */
static void
check_string(const char *in, size_t size)
{
	struct jsonl_buf b = { NULL, 0, 0 };
	struct scan_object obj;
	struct scan_error err;
	char *decoded;
	size_t n;
	int replaced;

	jsonl_buf_append(&b, "{\"s\":", 5);
	replaced = jsonl_buf_string(&b, in, size);
	jsonl_buf_append(&b, "}", 1);
	CHECK(replaced == 0 || replaced == 1);
	CHECK(replaced == (scan_utf8_valid_prefix(in, size) != size));
	scan_object_init(&obj);
	CHECK(scan_object_parse(&obj, b.data, b.len, &err) == 0);
	CHECK(obj.count == 1 && obj.members[0].type == SCAN_STRING);
	decoded = malloc(obj.members[0].value_len + 1);
	n = scan_string_decode(obj.members[0].value, obj.members[0].value_len,
	    decoded);
	if (!replaced)
		CHECK(n == size && memcmp(decoded, in, size) == 0);
	free(decoded);
	scan_object_free(&obj);
	jsonl_buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t buf_size, max_line;
	uint64_t limit;
	char *in;

	if (size < 3)
		return 0;
	buf_size = 1 + data[0] % 64;		/* the reader raises it to 16 */
	max_line = 1 + data[1] % 48;
	limit = data[2] < 0xc0 ? UINT64_MAX : (uint64_t)(data[2] - 0xc0) * 4;
	size -= 3;
	in = malloc(size ? size : 1);
	memcpy(in, data + 3, size);
	check_reader(in, size, buf_size, max_line, limit);
	check_reader(in, size, 4096, JSONL_MAX_LINE, UINT64_MAX);
	check_string(in, size);
	free(in);
	return 0;
}
