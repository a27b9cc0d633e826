/*
 * test-linein.c - the exact line reader: every line kept (empty and blank
 * ones too), CR LF, BOM, a final line without LF, positions, lines too
 * long (in the buffer and beyond it), the read limit, mark and rewind on
 * a pipe, and read errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linein.h"
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
	char tmp[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	sb_add(b, tmp, (size_t)n);
}

/* An fd to read data[0..len) from: a pipe when asked and it fits, else a
   temporary file. */
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
 * Reads to the end, writing "L<line_no>@<offset>:<text>|" per line (with
 * "$" after the text when it ended with LF), "T<line_no>@<offset>:<head
 * length>|" per line too long, then "EOF<line_no>" or "ERR".
 */
static void
read_all(struct linein *r, struct sbuf *b)
{
	enum linein_status st;
	const char *line;
	size_t n;
	int guard = 0;

	while ((st = linein_next(r, &line, &n)) != LINEIN_EOF &&
	    guard++ < 10000) {
		if (st == LINEIN_LINE) {
			sb_printf(b, "L%llu@%llu:", (unsigned long long)r->line_no,
			    (unsigned long long)r->offset);
			sb_add(b, line, n);
			sb_add(b, r->newline ? "$|" : "|", r->newline ? 2 : 1);
		} else if (st == LINEIN_TOO_LONG) {
			sb_printf(b, "T%llu@%llu:%zu%s|",
			    (unsigned long long)r->line_no,
			    (unsigned long long)r->offset, n,
			    r->newline ? "$" : "");
		} else {
			sb_printf(b, "ERR%d", r->error);
			return;
		}
	}
	sb_printf(b, "EOF%llu", (unsigned long long)r->line_no);
}

static char *
transcript(const char *data, size_t len, size_t max_line, int use_pipe,
    size_t *out_len)
{
	struct linein r;
	struct sbuf b = { NULL, 0, 0 };
	int fd = input_fd(data, len, use_pipe);

	sb_add(&b, "", 0);
	if (fd < 0) {
		sb_add(&b, "NOFD", 4);
		return b.p;
	}
	linein_init(&r, fd, max_line);
	read_all(&r, &b);
	linein_free(&r);
	close(fd);
	if (out_len != NULL)
		*out_len = b.len;
	return b.p;
}

/* A string literal and its length, NUL bytes included. */
#define S(lit) lit, sizeof(lit) - 1

static const struct {
	const char *what;
	const char *in;
	size_t in_len;
	const char *want;
	size_t want_len;
} cases[] = {
	{ "empty input", S(""), S("EOF0") },
	{ "one line", S("a\n"), S("L1@0:a$|EOF1") },
	{ "no final newline", S("a\nbc"), S("L1@0:a$|L2@2:bc|EOF2") },
	{ "empty lines kept", S("a\n\n\nb\n"),
	    S("L1@0:a$|L2@2:$|L3@3:$|L4@4:b$|EOF4") },
	{ "blank lines kept", S("a\n  \t\nb"),
	    S("L1@0:a$|L2@2:  \t$|L3@6:b|EOF3") },
	{ "CR LF", S("a\r\nb\r\n"), S("L1@0:a$|L2@3:b$|EOF2") },
	{ "lone CR inside kept", S("a\rb\n"), S("L1@0:a\rb$|EOF1") },
	{ "CR at the very end", S("a\r"), S("L1@0:a|EOF1") },
	{ "BOM skipped", S("\xef\xbb\xbfhi\n"), S("L1@0:hi$|EOF1") },
	{ "BOM only at the start", S("a\n\xef\xbb\xbf" "b\n"),
	    S("L1@0:a$|L2@2:\xef\xbb\xbf" "b$|EOF2") },
	{ "BOM alone", S("\xef\xbb\xbf"), S("L1@0:|EOF1") },
	{ "a single newline", S("\n"), S("L1@0:$|EOF1") },
	{ "NUL bytes", S("a\0b\n"), S("L1@0:a\0b$|EOF1") },
};

static void
test_cases(void)
{
	size_t i, n;
	char *got;
	int p;

	for (i = 0; i < NELEM(cases); i++) {
		for (p = 0; p < 2; p++) {
			got = transcript(cases[i].in, cases[i].in_len, 1 << 20,
			    p, &n);
			is_mem(got, n, cases[i].want, cases[i].want_len, "%s (%s)",
			    cases[i].what, p ? "pipe" : "file");
			free(got);
		}
	}
}

/* Lines over max_line: the head is returned, the rest skipped, reading
   goes on; both when the line is in the buffer and when it is not. */
static void
test_too_long(void)
{
	size_t big = 300000, i;
	char *data = malloc(big + 16), *got;

	memcpy(data, "ok\n", 3);
	for (i = 3; i < big + 3; i++)
		data[i] = 'x';
	memcpy(data + big + 3, "\nend\n", 5);
	got = transcript(data, big + 8, 1000, 0, NULL);
	is_str(got, "L1@0:ok$|T2@3:4096$|L3@300004:end$|EOF3",
	    "a long line beyond the buffer");
	free(got);
	got = transcript("ab\nabcdef\nxy", 12, 4, 0, NULL);
	is_str(got, "L1@0:ab$|T2@3:6$|L3@10:xy|EOF3",
	    "a long line within the buffer");
	free(got);
	got = transcript(data, big + 3, 1000, 0, NULL);
	is_str(got, "L1@0:ok$|T2@3:4096|EOF2", "a long last line without LF");
	free(got);
	got = transcript("abcdef", 6, 6, 1, NULL);
	is_str(got, "L1@0:abcdef|EOF1", "a line of exactly max_line");
	free(got);
	free(data);
}

/* The limit stops reading; raising it goes on from there. */
static void
test_limit(void)
{
	struct linein r;
	struct sbuf b = { NULL, 0, 0 };
	int fd = input_fd("one\ntwo\nthree\n", 14, 1);

	sb_add(&b, "", 0);
	linein_init(&r, fd, 100);
	r.limit = 6;
	read_all(&r, &b);
	r.limit = UINT64_MAX;
	sb_add(&b, " ", 1);
	read_all(&r, &b);
	is_str(b.p, "L1@0:one$|L2@4:tw|EOF2 L3@6:o$|L4@8:three$|EOF4",
	    "limit, then raised: the cut line comes in two pieces");
	linein_free(&r);
	close(fd);
	free(b.p);
}

/* Mark at the start of a pipe, read a prefix, rewind, read it all. */
static void
test_rewind(void)
{
	struct linein r;
	struct sbuf b = { NULL, 0, 0 };
	const char *data = "\xef\xbb\xbf" "a\nbb\nccc\ndddd\n";
	int fd = input_fd(data, strlen(data), 1);

	sb_add(&b, "", 0);
	linein_init(&r, fd, 100);
	ok(linein_rewind(&r) == -1, "no mark: no rewind");
	r.limit = 9;
	linein_mark(&r);
	read_all(&r, &b);
	ok(r.fd_eof == 0, "the limit is not the end of the pipe");
	is_int(linein_rewind(&r), 0, "rewind to the mark");
	r.limit = UINT64_MAX;
	sb_add(&b, " ", 1);
	read_all(&r, &b);
	is_str(b.p, "L1@0:a$|L2@5:bb$|L3@8:c|EOF3 "
	    "L1@0:a$|L2@5:bb$|L3@8:ccc$|L4@12:dddd$|EOF4",
	    "the prefix is read again, BOM and numbers alike");
	ok(linein_rewind(&r) == -1, "the mark is used once");
	linein_free(&r);
	close(fd);
	free(b.p);
}

/* A mark after line 1: what follows is read twice; a line too long that
   is still in the buffer keeps the mark. */
static void
test_mark_middle(void)
{
	struct linein r;
	struct sbuf b = { NULL, 0, 0 };
	const char *line, *data = "a\nb\n"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nc\n";
	size_t n;
	int fd = input_fd(data, strlen(data), 1);

	sb_add(&b, "", 0);
	linein_init(&r, fd, 8);
	linein_next(&r, &line, &n);
	linein_mark(&r);
	read_all(&r, &b);
	is_int(linein_rewind(&r), 0, "a long line still in the buffer keeps "
	    "the mark");
	sb_add(&b, " ", 1);
	read_all(&r, &b);
	is_str(b.p, "L2@2:b$|T3@4:39$|L4@44:c$|EOF4 "
	    "L2@2:b$|T3@4:39$|L4@44:c$|EOF4", "lines after the mark, twice");
	linein_free(&r);
	close(fd);
	free(b.p);
}

/* A line too long that outgrows the buffer is skipped, not kept: the
   mark is lost, reading goes on. */
static void
test_mark_lost(void)
{
	struct linein r;
	size_t big = 200000, i, n;
	char *data = malloc(big + 8);
	const char *line;
	int fd;

	memcpy(data, "a\n", 2);
	for (i = 2; i < big + 2; i++)
		data[i] = 'y';
	memcpy(data + big + 2, "\nz\n", 3);
	fd = input_fd(data, big + 5, 0);
	linein_init(&r, fd, 1000);
	linein_next(&r, &line, &n);
	linein_mark(&r);
	is_int(linein_next(&r, &line, &n), LINEIN_TOO_LONG,
	    "a line beyond the buffer");
	is_int(linein_rewind(&r), -1, "a skipped long line loses the mark");
	is_int(linein_next(&r, &line, &n), LINEIN_LINE, "reading goes on");
	is_mem(line, n, "z", 1, "after the long line");
	linein_free(&r);
	close(fd);
	free(data);
}

static void
test_error(void)
{
	struct linein r;
	const char *line;
	size_t n;
	int fd = open("/", O_RDONLY | O_DIRECTORY);

	linein_init(&r, fd, 100);
	is_int(linein_next(&r, &line, &n), LINEIN_ERROR, "reading a directory");
	is_int(r.error, EISDIR, "errno kept");
	linein_free(&r);
	close(fd);
}

int
main(void)
{
	test_cases();
	test_too_long();
	test_limit();
	test_rewind();
	test_mark_middle();
	test_mark_lost();
	test_error();
	return done_testing();
}
