/*
 * test-confline.c - bounded lines of configuration and state files: line
 * ends, the last line without a newline, and every bound refused with its
 * place (a long line, a large file, a NUL byte, invalid UTF-8, /dev/zero).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "confline.h"
#include "unit.h"

static char path[] = "/tmp/test-confline.XXXXXX";

static void
write_file(const char *bytes, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/*
 * Reads the whole file with the given bounds; returns the lines joined by
 * "|" and, after the last, "=EOF" or "=ERR:" and the message with the
 * path replaced by "F".
 */
static char *
read_all(size_t max_line, uint64_t max_total, int flags)
{
	static char out[4096];
	char err[256];
	struct confline c;
	int r;
	size_t n = 0;

	out[0] = '\0';
	if (confline_open(&c, path, max_line, max_total, flags, err,
	    sizeof(err)) != 0) {
		snprintf(out, sizeof(out), "=OPEN");
		return out;
	}
	while ((r = confline_next(&c, err, sizeof(err))) == 1)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s|",
		    c.line);
	if (r == 0)
		snprintf(out + n, sizeof(out) - n, "=EOF");
	else
		snprintf(out + n, sizeof(out) - n, "=ERR:F%s",
		    err + strlen(path));
	confline_close(&c);
	confline_close(&c);
	return out;
}

#define CASE(bytes, ml, mt, fl, want) do { \
	write_file(bytes, sizeof(bytes) - 1); \
	is_str(read_all(ml, mt, fl), want, "%s", #bytes); \
} while (0)

int
main(void)
{
	char err[256];
	struct confline c;
	int fd;

	if ((fd = mkstemp(path)) < 0)
		return 1;
	close(fd);

	CASE("", 100, 1000, 0, "=EOF");
	CASE("a\nb\n", 100, 1000, 0, "a|b|=EOF");
	CASE("a\r\nb", 100, 1000, 0, "a|b|=EOF");
	CASE("\n\n", 100, 1000, 0, "||=EOF");
	CASE("abcd\n", 4, 1000, 0, "abcd|=EOF");
	CASE("abcde\n", 4, 1000, 0, "=ERR:F:1: line longer than 4 bytes");
	CASE("ok\nabcde", 4, 1000, 0,
	    "ok|=ERR:F:2: line longer than 4 bytes");
	CASE("aa\nbb\ncc\n", 10, 8, 0,
	    "aa|bb|=ERR:F:3: file larger than 8 bytes");
	CASE("aa\nbb\ncc\n", 10, 9, 0, "aa|bb|cc|=EOF");
	CASE("a\nb\0c\n", 100, 1000, 0, "a|=ERR:F:2: NUL byte");
	CASE("caf\xc3\xa9\n", 100, 1000, CONFLINE_UTF8, "caf\xc3\xa9|=EOF");
	CASE("ok\ncaf\xe9\n", 100, 1000, CONFLINE_UTF8,
	    "ok|=ERR:F:2: not valid UTF-8");
	CASE("caf\xe9\n", 100, 1000, 0, "caf\xe9|=EOF");

	/* An endless file is refused at its first line's bound. */
	if (confline_open(&c, "/dev/zero", 1024, CONFLINE_MAX_TOTAL, 0, err,
	    sizeof(err)) == 0) {
		is_int(confline_next(&c, err, sizeof(err)), -1, "/dev/zero");
		is_str(err, "/dev/zero:1: NUL byte", "/dev/zero: the message");
		ok(c.cap <= 1024 + 2, "/dev/zero: memory stays bounded");
		confline_close(&c);
	} else
		skip(3, "no /dev/zero");
	is_int(confline_open(&c, "/nonexistent/x", 10, 10, 0, err,
	    sizeof(err)), -1, "missing file");
	is_str(err, "/nonexistent/x: No such file or directory",
	    "missing file: the message");
	unlink(path);
	return done_testing();
}
