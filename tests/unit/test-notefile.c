/*
 * test-notefile.c - fixed-size records in a temporary file: every record
 * read back in order, over ranges that start and end anywhere (in the
 * file, in the write buffer, across both, empty, past the end), two
 * cursors at once, records of odd sizes, and the error of a directory
 * that does not exist, reported with errno when the buffer is first
 * written, not as records lost in silence.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notefile.h"
#include "unit.h"

/* Record i of size bytes: its number, then bytes derived from it. */
static void
record(unsigned char *r, size_t size, uint64_t i)
{
	size_t k;

	for (k = 0; k < size; k++)
		r[k] = (unsigned char)(i * 131 + k * 7 + (i >> 8));
	memcpy(r, &i, size < sizeof(i) ? size : sizeof(i));
}

static struct notefile *
filled(size_t size, uint64_t n)
{
	struct notefile *f = notefile_new(size, NULL);
	unsigned char r[4096];
	uint64_t i;

	for (i = 0; i < n; i++) {
		record(r, size, i);
		if (notefile_append(f, r) != 0)
			diag("append %llu: %s", (unsigned long long)i,
			    strerror(errno));
	}
	return f;
}

/* Whether records first..first+count-1 read back as written, and no more. */
static int
reads_back(struct notefile *f, size_t size, uint64_t first, uint64_t count)
{
	struct notefile_cursor c;
	unsigned char want[4096];
	const void *got;
	uint64_t i;
	int good = 1, st;

	notefile_cursor_init(&c, f, first, count);
	for (i = first; i < first + count; i++) {
		record(want, size, i);
		if (notefile_next(&c, &got) != 1 ||
		    memcmp(got, want, size) != 0) {
			good = 0;
			break;
		}
	}
	st = notefile_next(&c, &got);
	notefile_cursor_free(&c);
	return good && st == 0;
}

static void
test_ranges(void)
{
	/* 32-byte records: 2,048 fill the write buffer, 128 a read. */
	struct notefile *f = filled(32, 5000);

	is_int((long long)notefile_count(f), 5000, "5000 appended");
	ok(reads_back(f, 32, 0, 5000), "all read back in order");
	ok(reads_back(f, 32, 1000, 100), "a range in the file");
	ok(reads_back(f, 32, 2000, 100), "across a flush");
	ok(reads_back(f, 32, 4500, 500), "still in the write buffer");
	ok(reads_back(f, 32, 4095, 3), "across file and buffer");
	ok(reads_back(f, 32, 17, 0), "an empty range");
	ok(reads_back(f, 32, 4999, 1), "the last one");
	notefile_free(f);
}

static void
test_past_end(void)
{
	struct notefile *f = filled(32, 10);
	struct notefile_cursor c;
	const void *got;
	int n = 0;

	notefile_cursor_init(&c, f, 5, 100);
	while (notefile_next(&c, &got) == 1)
		n++;
	is_int(n, 5, "a range past the end stops at the last record");
	notefile_cursor_free(&c);
	notefile_cursor_init(&c, f, 11, 3);
	is_int(notefile_next(&c, &got), 0, "a range after the end: nothing");
	notefile_cursor_free(&c);
	notefile_cursor_init(&c, f, 2, UINT64_MAX);
	for (n = 0; notefile_next(&c, &got) == 1; n++)
		;
	is_int(n, 8, "a count that would wrap: up to the last record");
	notefile_cursor_free(&c);
	notefile_free(f);
}

static void
test_two_cursors(void)
{
	struct notefile *f = filled(24, 3000);
	struct notefile_cursor a, b;
	const void *ra, *rb;
	uint64_t i, va, vb;
	int good = 1;

	notefile_cursor_init(&a, f, 0, 1500);
	notefile_cursor_init(&b, f, 1500, 1500);
	for (i = 0; i < 1500 && good; i++) {
		good = notefile_next(&a, &ra) == 1 &&
		    notefile_next(&b, &rb) == 1;
		if (good) {
			memcpy(&va, ra, sizeof(va));
			memcpy(&vb, rb, sizeof(vb));
			good = va == i && vb == 1500 + i;
		}
	}
	ok(good, "two cursors read in turns, each its own range");
	notefile_cursor_free(&a);
	notefile_cursor_free(&b);
	notefile_free(f);
}

static void
test_odd_sizes(void)
{
	static const size_t sizes[] = { 1, 3, 7, 33, 1000, 4096 };
	size_t k;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		struct notefile *f = filled(sizes[k], 700);

		ok(reads_back(f, sizes[k], 0, 700) &&
		    reads_back(f, sizes[k], 333, 222),
		    "records of %zu bytes", sizes[k]);
		notefile_free(f);
	}
}

static void
test_errors(void)
{
	struct notefile *f = notefile_new(32, "/nonexistent/canal-notes");
	unsigned char r[32] = { 0 };
	int i, st = 0;

	/* Nothing is written before the buffer is full. */
	for (i = 0; i < 2048 && st == 0; i++)
		st = notefile_append(f, r);
	is_int(st, 0, "2048 records buffered");
	errno = 0;
	is_int(notefile_append(f, r), -1, "the next one must be written: "
	    "no such directory");
	is_int(errno, ENOENT, "errno ENOENT");
	notefile_free(f);
}

int
main(void)
{
	test_ranges();
	test_past_end();
	test_two_cursors();
	test_odd_sizes();
	test_errors();
	return done_testing();
}
