/*
 * test-csvin.c - CSV records with their first line and raw text: quoting,
 * CRLF, BOM, blank lines, malformed and unterminated records, read errors.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "csvin.h"
#include "unit.h"

/* A file holding text, open for reading at its start. */
static int
open_text(const char *text, size_t len)
{
	FILE *fp = tmpfile();
	int fd;

	if (fp == NULL || fwrite(text, 1, len, fp) != len)
		return -1;
	fflush(fp);
	fd = dup(fileno(fp));
	fclose(fp);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void
test_records(void)
{
	static const char text[] =
	    "\xef\xbb\xbfid,name,note\r\n"
	    "1,\"Ruiz, Ana\",\"say \"\"hi\"\"\"\r\n"
	    "\r\n"
	    "2, spaced ,\"two\nlines\"\n"
	    "3,last,no newline";
	struct csvin c;
	int fd = open_text(text, sizeof(text) - 1);

	ok(csvin_init(&c, fd, ',', '"') == 0, "init");
	is_int(csvin_next(&c), CSVIN_RECORD, "header");
	is_int((long long)c.count, 3, "3 header fields");
	is_str(c.fields[0], "id", "BOM skipped");
	is_int((long long)c.record_line, 1, "header on line 1");
	is_int(csvin_next(&c), CSVIN_RECORD, "record 1");
	is_str(c.fields[1], "Ruiz, Ana", "quoted comma");
	is_str(c.fields[2], "say \"hi\"", "doubled quotes");
	is_mem(c.raw.data, c.raw.len, "1,\"Ruiz, Ana\",\"say \"\"hi\"\"\"\r\n",
	    28, "raw text with its CRLF");
	is_int(csvin_next(&c), CSVIN_RECORD, "record 2");
	is_int((long long)c.record_line, 4, "blank line 3 skipped, line 4");
	is_str(c.fields[1], " spaced ", "spaces kept");
	is_str(c.fields[2], "two\nlines", "embedded newline");
	is_int((long long)c.lens[2], 9, "field length");
	is_int(csvin_next(&c), CSVIN_RECORD, "record 3 without newline");
	is_int((long long)c.record_line, 6, "on line 6");
	is_str(c.fields[2], "no newline", "last field");
	is_int(csvin_next(&c), CSVIN_EOF, "end");
	csvin_free(&c);
	close(fd);
}

static void
test_bad(void)
{
	static const char text[] =
	    "a,b\n"
	    "1,x\"y\n"
	    "2,ok\n"
	    "3,a\0b\n"
	    "4,\"open\n"
	    "5,z\n";
	struct csvin c;
	int fd = open_text(text, sizeof(text) - 1);

	csvin_init(&c, fd, ',', '"');
	is_int(csvin_next(&c), CSVIN_RECORD, "header");
	is_int(csvin_next(&c), CSVIN_BAD, "quote in an unquoted field");
	is_str(c.reason, "malformed quoting", "reason");
	is_int((long long)c.record_line, 2, "line 2");
	is_int(csvin_next(&c), CSVIN_RECORD, "the next record reads");
	is_str(c.fields[1], "ok", "value");
	is_int(csvin_next(&c), CSVIN_BAD, "NUL byte");
	is_str(c.reason, "NUL byte", "reason");
	is_int(csvin_next(&c), CSVIN_BAD, "unterminated at the end");
	is_str(c.reason, "unterminated quoted field", "reason");
	is_int((long long)c.record_line, 5, "from line 5");
	is_mem(c.raw.data, c.raw.len, "4,\"open\n5,z\n", 12,
	    "raw holds the lines it swallowed");
	is_int(csvin_next(&c), CSVIN_EOF, "end");
	csvin_free(&c);
	close(fd);
}

static void
test_delimiters(void)
{
	static const char text[] = "a\tb\n'x\ty'\tz\n";
	struct csvin c;
	int fd = open_text(text, sizeof(text) - 1);

	csvin_init(&c, fd, '\t', '\'');
	is_int(csvin_next(&c), CSVIN_RECORD, "header");
	is_int(csvin_next(&c), CSVIN_RECORD, "record");
	is_str(c.fields[0], "x\ty", "tab inside single quotes");
	is_str(c.fields[1], "z", "second field");
	csvin_free(&c);
	close(fd);

	fd = open_text("", 0);
	csvin_init(&c, fd, ',', '"');
	is_int(csvin_next(&c), CSVIN_EOF, "empty input");
	csvin_free(&c);
	close(fd);
}

/* A line longer than a record may be is skipped without being held. */
static void
test_long_line(void)
{
	static char text[5000];
	struct csvin c;
	int fd;

	memcpy(text, "a,b\n", 4);
	memset(text + 4, 'x', 3000);
	memcpy(text + 3004, "\n1,2\n", 5);
	fd = open_text(text, 3009);
	csvin_init(&c, fd, ',', '"');
	c.max_record = 1000;
	is_int(csvin_next(&c), CSVIN_RECORD, "header");
	is_int(csvin_next(&c), CSVIN_BAD, "the long line is rejected");
	is_str(c.reason, "record longer than 1 GiB (an unterminated quote?)",
	    "reason");
	is_int((long long)c.record_line, 2, "on line 2");
	is_int((long long)c.raw.len, 0, "nothing of it is kept");
	is_int(csvin_next(&c), CSVIN_RECORD, "the next record reads");
	is_str(c.fields[0], "1", "its first field");
	is_int((long long)c.record_line, 3, "on line 3");
	is_int(csvin_next(&c), CSVIN_EOF, "end");
	csvin_free(&c);
	close(fd);
}

static void
test_read_error(void)
{
	struct csvin c;
	int fds[2];

	if (pipe(fds) != 0)
		return;
	close(fds[1]);
	close(fds[0]);
	csvin_init(&c, fds[0], ',', '"');
	is_int(csvin_next(&c), CSVIN_ERROR, "a closed descriptor fails");
	ok(c.errnum != 0, "errno kept");
	csvin_free(&c);
}

int
main(void)
{
	test_records();
	test_bad();
	test_delimiters();
	test_long_line();
	test_read_error();
	return done_testing();
}
