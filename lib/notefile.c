/*
 * notefile.c - fixed-size records in a temporary file (notefile.h).
 */
#include "notefile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runsort.h"
#include "util.h"

#define WRITE_BUF_SIZE ((size_t)1 << 16)
#define READ_BUF_SIZE ((size_t)1 << 12)

struct notefile {
	size_t size;
	char *tmpdir;
	int fd;			/* -1 until the first flush */
	unsigned char *buf;	/* records not yet written */
	size_t used, cap;	/* bytes */
	uint64_t count;		/* records appended */
	uint64_t written;	/* bytes in the file */
};

struct notefile *
notefile_new(size_t size, const char *tmpdir)
{
	struct notefile *f = xcalloc(1, sizeof(*f));

	f->size = size;
	f->tmpdir = tmpdir != NULL ? xstrdup(tmpdir) : NULL;
	f->fd = -1;
	/* Whole records only, so that a flush never splits one. */
	f->cap = WRITE_BUF_SIZE / size * size;
	f->buf = xmalloc(f->cap);
	return f;
}

void
notefile_free(struct notefile *f)
{
	if (f == NULL)
		return;
	if (f->fd >= 0)
		close(f->fd);
	free(f->tmpdir);
	free(f->buf);
	free(f);
}

/* Writes the buffered records at the file's end. */
static int
flush(struct notefile *f)
{
	size_t done = 0;
	ssize_t n;

	if (f->used == 0)
		return 0;
	if (f->fd < 0 && (f->fd = runsort_temp_file(f->tmpdir)) < 0)
		return -1;
	while (done < f->used) {
		n = pwrite(f->fd, f->buf + done, f->used - done,
		    (off_t)(f->written + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			return -1;
		}
		done += (size_t)n;
	}
	f->written += f->used;
	f->used = 0;
	return 0;
}

int
notefile_append(struct notefile *f, const void *record)
{
	if (f->used == f->cap && flush(f) != 0)
		return -1;
	memcpy(f->buf + f->used, record, f->size);
	f->used += f->size;
	f->count++;
	return 0;
}

uint64_t
notefile_count(const struct notefile *f)
{
	return f->count;
}

void
notefile_cursor_init(struct notefile_cursor *c, struct notefile *f,
    uint64_t first, uint64_t count)
{
	c->f = f;
	c->next = first < f->count ? first : f->count;
	c->end = count < f->count - c->next ? c->next + count : f->count;
	c->buf = xmalloc(READ_BUF_SIZE / f->size * f->size);
	c->have = c->pos = 0;
}

/* Fills the cursor's buffer from record c->next on. */
static int
refill(struct notefile_cursor *c)
{
	struct notefile *f = c->f;
	size_t want = READ_BUF_SIZE / f->size, got = 0;
	uint64_t on_disk = f->written / f->size;
	ssize_t n;

	if (c->end - c->next < want)
		want = (size_t)(c->end - c->next);
	/* Records still in the write buffer are read from there. */
	if (c->next >= on_disk) {
		memcpy(c->buf, f->buf + (c->next - on_disk) * f->size,
		    want * f->size);
		c->have = want;
		c->pos = 0;
		return 0;
	}
	if (on_disk - c->next < want)
		want = (size_t)(on_disk - c->next);
	while (got < want * f->size) {
		n = pread(f->fd, c->buf + got, want * f->size - got,
		    (off_t)(c->next * f->size + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		got += (size_t)n;
	}
	c->have = want;
	c->pos = 0;
	return 0;
}

int
notefile_next(struct notefile_cursor *c, const void **record)
{
	if (c->pos == c->have) {
		if (c->next == c->end)
			return 0;
		if (refill(c) != 0)
			return -1;
	}
	*record = c->buf + c->pos * c->f->size;
	c->pos++;
	c->next++;
	return 1;
}

void
notefile_cursor_free(struct notefile_cursor *c)
{
	free(c->buf);
	c->buf = NULL;
	c->have = c->pos = 0;
}
