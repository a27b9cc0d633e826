/*
 * test-jsonl.c - the JSON Lines reader (line ends, BOM, blank lines,
 * positions, long lines, limits, errors) and the buffered writer (string
 * escaping, base64, write errors).
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jsonl.h"
#include "unit.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A growing string for transcripts. */
struct sbuf {
	char *p;
	size_t len, cap;
};

static void
sb_add(struct sbuf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_printf(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	char *tmp;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	tmp = malloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(tmp, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb_add(b, tmp, (size_t)n);
	free(tmp);
}

/* An fd to read data[0..len) from: a pipe when it fits, else a temp file. */
static int
input_fd(const char *data, size_t len, int use_pipe)
{
	int fds[2];
	FILE *f;
	int fd;

	if (use_pipe && len < 60000) {
		if (pipe(fds) != 0)
			return -1;
		if (len > 0 && write(fds[1], data, len) != (ssize_t)len)
			return -1;
		close(fds[1]);
		return fds[0];
	}
	if ((f = tmpfile()) == NULL)
		return -1;
	if (len > 0 && fwrite(data, 1, len, f) != len)
		return -1;
	fflush(f);
	fd = dup(fileno(f));
	fclose(f);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/*
 * Reads everything and writes a transcript: "L<line_no>@<offset>:<text>|"
 * per line, "T<line_no>@<offset>:<head length>|" per line too long, then
 * "EOF" or "ERR".  tell is checked against the end of each line.
 */
static char *
transcript(const char *data, size_t len, size_t buf_size, size_t max_line,
    uint64_t limit, int use_pipe)
{
	struct jsonl_reader r;
	struct sbuf b = { NULL, 0, 0 };
	enum jsonl_status st;
	const char *line;
	size_t n;
	int fd = input_fd(data, len, use_pipe), guard = 0;

	sb_add(&b, "", 0);
	if (fd < 0) {
		sb_add(&b, "NOFD", 4);
		return b.p;
	}
	jsonl_reader_init(&r, fd, "test", limit, buf_size);
	if (max_line != 0)
		r.max_line = max_line;
	while ((st = jsonl_reader_next(&r, &line, &n)) != JSONL_EOF &&
	    guard++ < 10000) {
		if (st == JSONL_LINE) {
			sb_printf(&b, "L%llu@%llu:", (unsigned long long)r.line_no,
			    (unsigned long long)r.offset);
			sb_add(&b, line, n);
			sb_add(&b, "|", 1);
		} else if (st == JSONL_TOO_LONG) {
			sb_printf(&b, "T%llu@%llu:%zu|",
			    (unsigned long long)r.line_no,
			    (unsigned long long)r.offset, n);
		} else {
			sb_printf(&b, "ERR%d", r.error);
			break;
		}
	}
	if (st == JSONL_EOF)
		sb_printf(&b, "EOF%llu", (unsigned long long)r.line_no);
	jsonl_reader_free(&r);
	close(fd);
	return b.p;
}

static const struct {
	const char *what;
	const char *in;
	const char *want;
} reader_cases[] = {
	{ "empty input", "", "EOF0" },
	{ "one line", "a\n", "L1@0:a|EOF1" },
	{ "no final newline", "a\nbc", "L1@0:a|L2@2:bc|EOF2" },
	{ "final newline", "a\nbc\n", "L1@0:a|L2@2:bc|EOF2" },
	{ "CRLF", "a\r\nbc\r\n", "L1@0:a|L2@3:bc|EOF2" },
	{ "CR at EOF", "a\r\nbc\r", "L1@0:a|L2@3:bc|EOF2" },
	{ "one CR dropped", "a\r\r\n", "L1@0:a\r|EOF1" },
	{ "lone CR inside", "a\rb\n", "L1@0:a\rb|EOF1" },
	{ "BOM at start", "\xef\xbb\xbf{}\n{}\n", "L1@0:{}|L2@6:{}|EOF2" },
	{ "BOM only line", "\xef\xbb\xbf\n{}\n", "L2@4:{}|EOF2" },
	{ "BOM alone", "\xef\xbb\xbf", "EOF1" },
	{ "BOM later kept", "{}\n\xef\xbb\xbf{}\n",
	  "L1@0:{}|L2@3:\xef\xbb\xbf{}|EOF2" },
	{ "BOM after blank line kept", "\n\xef\xbb\xbf{}\n",
	  "L2@1:\xef\xbb\xbf{}|EOF2" },
	{ "two BOMs", "\xef\xbb\xbf\xef\xbb\xbfx\n",
	  "L1@0:\xef\xbb\xbfx|EOF1" },
	{ "half a BOM", "\xef\xbbx\n", "L1@0:\xef\xbbx|EOF1" },
	{ "blank lines counted", "\n  \n\t\n{}\n\n{}",
	  "L4@6:{}|L6@10:{}|EOF6" },
	{ "blank CRLF lines", "\r\n \r\n\t \r\nx\r\n", "L4@9:x|EOF4" },
	{ "only blank lines", "\n\n \n", "EOF3" },
	{ "white space around kept", " x \n\tx\t\n",
	  "L1@0: x |L2@4:\tx\t|EOF2" },
	{ "other white space is content", "\f\n\v\n",
	  "L1@0:\f|L2@2:\v|EOF2" },
};

static void
test_reader_cases(void)
{
	size_t i, len;
	char *got;
	static const size_t bufs[] = { 16, 17, 4096 };
	size_t k;
	int pipe_mode;

	for (i = 0; i < NELEM(reader_cases); i++) {
		len = strlen(reader_cases[i].in);
		for (k = 0; k < NELEM(bufs); k++)
			for (pipe_mode = 0; pipe_mode < 2; pipe_mode++) {
				got = transcript(reader_cases[i].in, len,
				    bufs[k], 0, UINT64_MAX, pipe_mode);
				is_str(got, reader_cases[i].want,
				    "%s (buf %zu, %s)", reader_cases[i].what,
				    bufs[k], pipe_mode ? "pipe" : "file");
				free(got);
			}
	}
}

/* The NUL case in full, with its length. */
static void
test_reader_nul(void)
{
	struct jsonl_reader r;
	const char *line;
	size_t n;
	int fd = input_fd("a\0b\n", 4, 1);

	jsonl_reader_init(&r, fd, "test", UINT64_MAX, 16);
	is_int(jsonl_reader_next(&r, &line, &n), JSONL_LINE, "NUL line read");
	is_mem(line, n, "a\0b", 3, "NUL line content and length");
	is_int(jsonl_reader_next(&r, &line, &n), JSONL_EOF, "NUL line: EOF");
	jsonl_reader_free(&r);
	close(fd);
}

static char *
repeat(char ch, size_t n)
{
	char *s = malloc(n + 1);

	memset(s, ch, n);
	s[n] = '\0';
	return s;
}

static void
test_long_lines(void)
{
	struct sbuf in = { NULL, 0, 0 }, want = { NULL, 0, 0 };
	char *a = repeat('a', 1000), *b = repeat('b', 100000), *got;

	/* Longer than the initial buffer: the buffer grows. */
	sb_printf(&in, "x\n%s\ny\n", a);
	sb_printf(&want, "L1@0:x|L2@2:%s|L3@1003:y|EOF3", a);
	got = transcript(in.p, in.len, 16, 0, UINT64_MAX, 1);
	is_str(got, want.p, "line of 1000 bytes, buffer 16 (pipe)");
	free(got);
	in.len = want.len = 0;
	sb_printf(&in, "%s\n%s", b, a);
	sb_printf(&want, "L1@0:%s|L2@100001:%s|EOF2", b, a);
	got = transcript(in.p, in.len, 16, 0, UINT64_MAX, 0);
	is_str(got, want.p, "line of 100000 bytes, buffer 16 (file)");
	free(got);
	free(in.p);
	free(want.p);
	free(a);
	free(b);
}

/* Over-long lines with a small max_line set after init. */
static void
test_too_long(void)
{
	struct jsonl_reader r;
	const char *line;
	size_t n, i;
	char *big = repeat('z', 10000), *in;
	int fd, mode;
	static const size_t bufs[] = { 16, 64, 4096 };

	/* 50 bytes, max_line 10: the head, then the next line intact,
	   whether the line is read in pieces or at once. */
	for (i = 0; i < NELEM(bufs); i++)
		for (mode = 0; mode < 2; mode++) {
			in = malloc(200);
			n = (size_t)snprintf(in, 200, "short\n%.50s\nnext\n"
			    "%.30s", big, big);
			fd = input_fd(in, n, mode);
			jsonl_reader_init(&r, fd, "test", UINT64_MAX, bufs[i]);
			r.max_line = 10;
			is_int(jsonl_reader_next(&r, &line, &n), JSONL_LINE,
			    "max_line 10 (buf %zu, %s): short line",
			    bufs[i], mode ? "pipe" : "file");
			is_mem(line, n, "short", 5, "short line content");
			is_int(jsonl_reader_next(&r, &line, &n), JSONL_TOO_LONG,
			    "50-byte line too long (buf %zu, %s)", bufs[i],
			    mode ? "pipe" : "file");
			ok(n > 10 && n <= 50 && memcmp(line, big, n) == 0,
			    "head: a prefix of the line longer than max_line "
			    "(%zu bytes)", n);
			is_int(r.line_no, 2, "too long: line_no 2");
			is_int(r.offset, 6, "too long: offset 6");
			is_int(jsonl_reader_tell(&r), 57, "too long: tell after "
			    "its newline");
			is_int(jsonl_reader_next(&r, &line, &n), JSONL_LINE,
			    "next line after the long one");
			is_mem(line, n, "next", 4, "next line content");
			is_int(r.line_no, 3, "next line: line_no 3");
			is_int(r.offset, 57, "next line: offset 57");
			is_int(jsonl_reader_next(&r, &line, &n), JSONL_TOO_LONG,
			    "last line too long, no newline");
			is_int(r.line_no, 4, "last too long: line_no 4");
			is_int(jsonl_reader_next(&r, &line, &n), JSONL_EOF,
			    "EOF after it");
			is_int(jsonl_reader_tell(&r), 92, "tell at EOF");
			jsonl_reader_free(&r);
			close(fd);
			free(in);
		}

	/* max_line above JSONL_HEAD_LEN: the head is exactly that long. */
	in = malloc(20100);
	n = (size_t)snprintf(in, 20100, "%s\r\n{}\n", big);
	fd = input_fd(in, n, 0);
	jsonl_reader_init(&r, fd, "test", UINT64_MAX, 16);
	r.max_line = 5000;
	is_int(jsonl_reader_next(&r, &line, &n), JSONL_TOO_LONG,
	    "10000 bytes over max_line 5000");
	is_int(n, JSONL_HEAD_LEN, "head is JSONL_HEAD_LEN bytes");
	ok(memcmp(line, big, n) == 0, "head is the line's start");
	is_int(jsonl_reader_next(&r, &line, &n), JSONL_LINE, "then {}");
	is_mem(line, n, "{}", 2, "then {} content");
	is_int(r.offset, 10002, "then {}: offset");
	is_int(r.line_no, 2, "then {}: line_no");
	jsonl_reader_free(&r);
	close(fd);
	free(in);

	/* A line exactly max_line long is a line. */
	fd = input_fd("0123456789\nx\n", 13, 1);
	jsonl_reader_init(&r, fd, "test", UINT64_MAX, 16);
	r.max_line = 10;
	is_int(jsonl_reader_next(&r, &line, &n), JSONL_LINE,
	    "line of exactly max_line bytes is returned");
	is_int(n, 10, "its length");
	jsonl_reader_free(&r);
	close(fd);

	/* Regression: max_line was once only checked while no newline was
	   buffered, so a longer line read whole by one read(2) passed. */
	fd = input_fd("aaaaaaaaaaaaaaaaaaaa\nb\n", 23, 1);
	jsonl_reader_init(&r, fd, "test", UINT64_MAX, 4096);
	r.max_line = 10;
	is_int(jsonl_reader_next(&r, &line, &n), JSONL_TOO_LONG,
	    "20-byte line over max_line 10 read at once is too long");
	is_int(jsonl_reader_next(&r, &line, &n), JSONL_LINE,
	    "the line after it");
	is_mem(line, n, "b", 1, "the line after it: content");
	jsonl_reader_free(&r);
	close(fd);
	free(big);
}

static void
test_limit_and_position(void)
{
	struct jsonl_reader r;
	const char *line;
	size_t n;
	char *got;
	int fd;

	got = transcript("a\nb\nc\n", 6, 16, 0, 4, 1);
	is_str(got, "L1@0:a|L2@2:b|EOF2", "limit 4 stops after b's newline");
	free(got);
	got = transcript("a\nb\nc\n", 6, 16, 0, 5, 0);
	is_str(got, "L1@0:a|L2@2:b|L3@4:c|EOF3", "limit 5 cuts c's newline");
	free(got);
	got = transcript("a\nb\nc\n", 6, 16, 0, 0, 1);
	is_str(got, "EOF0", "limit 0 reads nothing");
	free(got);
	got = transcript("abcdefghijklmnopqrstuvwxyz\nx\n", 29, 16, 0, 20, 0);
	is_str(got, "L1@0:abcdefghijklmnopqrst|EOF1",
	    "limit inside a line longer than the buffer");
	free(got);

	/* Reading starts at the descriptor's current position. */
	fd = input_fd("skip\nkeep\n", 10, 0);
	lseek(fd, 5, SEEK_SET);
	jsonl_reader_init(&r, fd, "test", UINT64_MAX, 16);
	is_int(jsonl_reader_next(&r, &line, &n), JSONL_LINE,
	    "read from the current position");
	is_mem(line, n, "keep", 4, "current position: content");
	is_int(r.offset, 0, "offsets count from where reading started");
	is_int(jsonl_reader_tell(&r), 5, "tell after it");
	jsonl_reader_free(&r);
	close(fd);

	/* tell follows each line, blank ones included. */
	fd = input_fd("ab\n\n \ncd\r\nef", 12, 1);
	jsonl_reader_init(&r, fd, "test", UINT64_MAX, 16);
	is_int(jsonl_reader_tell(&r), 0, "tell at start");
	jsonl_reader_next(&r, &line, &n);
	is_int(jsonl_reader_tell(&r), 3, "tell after line 1");
	jsonl_reader_next(&r, &line, &n);
	is_int(jsonl_reader_tell(&r), 10, "tell after line 4 (blanks skipped)");
	is_int(r.line_no, 4, "line_no 4");
	jsonl_reader_next(&r, &line, &n);
	is_int(jsonl_reader_tell(&r), 12, "tell after last line");
	is_int(jsonl_reader_next(&r, &line, &n), JSONL_EOF, "then EOF");
	is_int(jsonl_reader_next(&r, &line, &n), JSONL_EOF, "EOF again");
	jsonl_reader_free(&r);
	close(fd);

	/* A read error is reported with its errno. */
	fd = open(".", O_RDONLY | O_DIRECTORY);
	jsonl_reader_init(&r, fd, ".", UINT64_MAX, 16);
	is_int(jsonl_reader_next(&r, &line, &n), JSONL_ERROR,
	    "reading a directory fails");
	is_int(r.error, EISDIR, "error is EISDIR");
	jsonl_reader_free(&r);
	close(fd);
}

/* The bytes written to a temporary file by fn, read back. */
static char *
written(int (*fn)(struct jsonl_writer *, const char *, size_t),
    const char *p, size_t n, int *ret, size_t *len)
{
	struct jsonl_writer w;
	FILE *f = tmpfile();
	char *out;
	long size;

	jsonl_writer_init(&w, fileno(f), 0);
	*ret = fn(&w, p, n);
	jsonl_writer_flush(&w);
	jsonl_writer_free(&w);
	size = lseek(fileno(f), 0, SEEK_END);
	out = malloc((size_t)size + 1);
	if (pread(fileno(f), out, (size_t)size, 0) != size)
		size = 0;
	out[size] = '\0';
	*len = (size_t)size;
	fclose(f);
	return out;
}

static void
test_writer_string(void)
{
	static const struct {
		const char *in;
		size_t len;
		const char *want;
		int ret;
	} cases[] = {
		{ "", 0, "\"\"", 0 },
		{ "plain", 5, "\"plain\"", 0 },
		{ "a\"b\\c/d", 7, "\"a\\\"b\\\\c/d\"", 0 },
		{ "\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"", 0 },
		{ "\x01\x1f\x0b", 3, "\"\\u0001\\u001f\\u000b\"", 0 },
		{ "a\0b", 3, "\"a\\u0000b\"", 0 },
		{ "\x7f", 1, "\"\x7f\"", 0 },
		{ "\xc3\xa9\xf0\x9f\x8e\x89", 6, "\"\xc3\xa9\xf0\x9f\x8e\x89\"", 0 },
		{ "\xef\xbb\xbf", 3, "\"\xef\xbb\xbf\"", 0 },
		{ "a\xff" "b", 3, "\"a\xef\xbf\xbd" "b\"", 1 },
		{ "\xc0\x80", 2, "\"\xef\xbf\xbd\xef\xbf\xbd\"", 1 },
		{ "\xed\xa0\x80", 3,
		  "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"", 1 },
		{ "x\xe2\x82", 3, "\"x\xef\xbf\xbd\xef\xbf\xbd\"", 1 },
		{ "\xf5\n", 2, "\"\xef\xbf\xbd\\n\"", 1 },
		{ "\"\xff\"", 3, "\"\\\"\xef\xbf\xbd\\\"\"", 1 },
	};
	size_t i, len;
	char *out;
	int ret;

	for (i = 0; i < NELEM(cases); i++) {
		out = written(jsonl_writer_string, cases[i].in, cases[i].len,
		    &ret, &len);
		is_mem(out, len, cases[i].want, strlen(cases[i].want),
		    "writer_string #%zu", i);
		is_int(ret, cases[i].ret, "writer_string #%zu returns %d", i,
		    cases[i].ret);
		free(out);
	}
}

/* A plain reference encoder for long inputs. */
static char *
base64_ref(const unsigned char *s, size_t n)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = malloc(n / 3 * 4 + 8), *o = out;
	size_t i;

	*o++ = '"';
	for (i = 0; i + 2 < n; i += 3) {
		*o++ = a[s[i] >> 2];
		*o++ = a[(s[i] & 3) << 4 | s[i + 1] >> 4];
		*o++ = a[(s[i + 1] & 15) << 2 | s[i + 2] >> 6];
		*o++ = a[s[i + 2] & 63];
	}
	if (n - i == 1) {
		*o++ = a[s[i] >> 2];
		*o++ = a[(s[i] & 3) << 4];
		*o++ = '=';
		*o++ = '=';
	} else if (n - i == 2) {
		*o++ = a[s[i] >> 2];
		*o++ = a[(s[i] & 3) << 4 | s[i + 1] >> 4];
		*o++ = a[(s[i + 1] & 15) << 2];
		*o++ = '=';
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

static void
test_writer_base64(void)
{
	static const struct {
		const char *in, *want;
	} rfc4648[] = {
		{ "", "\"\"" },
		{ "f", "\"Zg==\"" },
		{ "fo", "\"Zm8=\"" },
		{ "foo", "\"Zm9v\"" },
		{ "foob", "\"Zm9vYg==\"" },
		{ "fooba", "\"Zm9vYmE=\"" },
		{ "foobar", "\"Zm9vYmFy\"" },
	};
	static const size_t sizes[] = { 3071, 3072, 3073, 3074, 100000 };
	unsigned char *data;
	char *out, *ref;
	size_t i, k, len;
	int ret;

	for (i = 0; i < NELEM(rfc4648); i++) {
		out = written(jsonl_writer_base64, rfc4648[i].in,
		    strlen(rfc4648[i].in), &ret, &len);
		is_mem(out, len, rfc4648[i].want, strlen(rfc4648[i].want),
		    "base64 \"%s\" (RFC 4648)", rfc4648[i].in);
		is_int(ret, 0, "base64 \"%s\" returns 0", rfc4648[i].in);
		free(out);
	}
	out = written(jsonl_writer_base64, "\xff\xfe\xfd\x00\x01", 5, &ret,
	    &len);
	is_mem(out, len, "\"//79AAE=\"", 10, "base64 of high and NUL bytes");
	free(out);
	data = malloc(100000);
	for (k = 0; k < 100000; k++)
		data[k] = (unsigned char)(k * 7919 >> 3);
	for (i = 0; i < NELEM(sizes); i++) {
		out = written(jsonl_writer_base64, (const char *)data, sizes[i],
		    &ret, &len);
		ref = base64_ref(data, sizes[i]);
		is_mem(out, len, ref, strlen(ref), "base64 of %zu bytes",
		    sizes[i]);
		free(out);
		free(ref);
	}
	free(data);
}

static void
test_writer_buffering(void)
{
	struct jsonl_writer w;
	FILE *f = tmpfile();
	int fd = fileno(f);
	char *big = repeat('q', 200000), *back = malloc(200100);

	jsonl_writer_init(&w, fd, 1);
	is_int(jsonl_writer_line(&w, "{}", 2), 0, "line-buffered line");
	is_int(lseek(fd, 0, SEEK_END), 3, "line-buffered: on disk at once");
	jsonl_writer_free(&w);

	jsonl_writer_init(&w, fd, 0);
	is_int(jsonl_writer_line(&w, "ab", 2), 0, "buffered line");
	is_int(lseek(fd, 0, SEEK_END), 3, "buffered: not yet written");
	is_int(jsonl_writer_write(&w, big, 200000), 0, "write bigger than "
	    "the buffer");
	is_int(jsonl_writer_write(&w, "!", 1), 0, "small write after it");
	is_int(jsonl_writer_flush(&w), 0, "flush");
	is_int(lseek(fd, 0, SEEK_END), 200007, "all bytes written");
	ok(pread(fd, back, 200007, 0) == 200007 &&
	    memcmp(back, "{}\nab\n", 6) == 0 &&
	    memcmp(back + 6, big, 200000) == 0 && back[200006] == '!',
	    "written in order");
	is_int(jsonl_writer_flush(&w), 0, "flush of nothing");
	is_int(w.error, 0, "no error");
	jsonl_writer_free(&w);
	fclose(f);
	free(big);
	free(back);
}

static void
test_writer_errors(void)
{
	struct jsonl_writer w;
	char *big = repeat('q', 100000);
	int fd = open("/dev/full", O_WRONLY);

	if (!ok(fd >= 0, "open /dev/full")) {
		free(big);
		return;
	}
	jsonl_writer_init(&w, fd, 0);
	is_int(jsonl_writer_write(&w, "x", 1), 0, "buffered write succeeds");
	is_int(jsonl_writer_flush(&w), -1, "flush to /dev/full fails");
	is_int(w.error, ENOSPC, "error is ENOSPC");
	is_int(jsonl_writer_write(&w, "y", 1), -1, "sticky: write fails");
	is_int(jsonl_writer_line(&w, "y", 1), -1, "sticky: line fails");
	is_int(jsonl_writer_string(&w, "y", 1), -1, "sticky: string fails");
	is_int(jsonl_writer_base64(&w, "y", 1), -1, "sticky: base64 fails");
	is_int(jsonl_writer_flush(&w), -1, "sticky: flush fails");
	is_int(w.error, ENOSPC, "error stays ENOSPC");
	jsonl_writer_free(&w);

	jsonl_writer_init(&w, fd, 1);
	is_int(jsonl_writer_line(&w, "{}", 2), -1,
	    "line-buffered line to /dev/full fails at once");
	is_int(w.error, ENOSPC, "line-buffered: ENOSPC");
	jsonl_writer_free(&w);

	jsonl_writer_init(&w, fd, 0);
	is_int(jsonl_writer_write(&w, big, 100000), -1,
	    "unbuffered big write to /dev/full fails at once");
	is_int(w.error, ENOSPC, "big write: ENOSPC");
	jsonl_writer_free(&w);

	jsonl_writer_init(&w, fd, 0);
	is_int(jsonl_writer_write(&w, big, 60000), 0, "60000 bytes buffered");
	is_int(jsonl_writer_write(&w, big, 10000), -1,
	    "write that overflows the buffer fails");
	is_int(w.error, ENOSPC, "overflow write: ENOSPC");
	jsonl_writer_free(&w);
	close(fd);
	free(big);
}

int
main(void)
{
	test_reader_cases();
	test_reader_nul();
	test_long_lines();
	test_too_long();
	test_limit_and_position();
	test_writer_string();
	test_writer_base64();
	test_writer_buffering();
	test_writer_errors();
	return done_testing();
}
