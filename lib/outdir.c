/*
 * outdir.c - named JSON-lines files in a directory, bounded open files,
 * atomic renames (outdir.h).
 */
#include "outdir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonl.h"
#include "strmap.h"
#include "util.h"

#define FILE_BUF 65536

struct file {
	char *name;		/* the file name, "x.jsonl" */
	char *tmp;		/* its temporary path */
	char *path;		/* its final path */
	int fd;			/* -1 when closed */
	int created;
	uint64_t used;		/* last write, for closing the oldest */
	struct jsonl_buf buf;	/* pending bytes while open */
};

struct outdir {
	char *dir;
	struct strmap by_value;	/* name given -> file index */
	struct strmap by_file;	/* file names taken */
	struct file *files;
	size_t n, cap, open, max_open;
	uint64_t clock;
};

/* mkdir -p */
static int
make_dirs(const char *dir)
{
	char *p = xstrdup(dir), *s;
	struct stat st;
	int status = 0;

	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			status = -1;
		*s = '/';
	}
	if (status == 0 && mkdir(p, 0777) != 0 && errno != EEXIST)
		status = -1;
	if (status == 0 && (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))) {
		errno = ENOTDIR;
		status = -1;
	}
	free(p);
	return status;
}

struct outdir *
outdir_open(const char *dir, size_t max_open, char *err, size_t errlen)
{
	struct outdir *o;

	if (make_dirs(dir) != 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	o = xcalloc(1, sizeof(*o));
	o->dir = xstrdup(dir);
	o->max_open = max_open > 0 ? max_open : 1;
	strmap_init(&o->by_value);
	strmap_init(&o->by_file);
	return o;
}

/* The safe file name of a value, unique among those given out. */
static char *
safe_name(struct outdir *o, const char *v, size_t n)
{
	char base[OUTDIR_NAME_MAX + 1], *name;
	size_t i, k = 0, len;
	int added, round;

	for (i = 0; i < n && k < OUTDIR_NAME_MAX; i++) {
		unsigned char c = (unsigned char)v[i];
		int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    (c == '.' && k > 0);

		base[k++] = keep ? (char)c : '_';
	}
	if (k == 0) {
		memcpy(base, "_empty", 6);
		k = 6;
	}
	base[k] = '\0';
	len = k + 32;
	name = xmalloc(len);
	for (round = 1;; round++) {
		if (round == 1)
			snprintf(name, len, "%s.jsonl", base);
		else
			snprintf(name, len, "%s~%d.jsonl", base, round);
		(void)strmap_put(&o->by_file, name, strlen(name), &added);
		if (added)
			return name;
	}
}

static char *
join(const char *dir, const char *a, const char *b)
{
	size_t n = strlen(dir) + strlen(a) + strlen(b) + 2;
	char *p = xmalloc(n);

	snprintf(p, n, "%s/%s%s", dir, a, b);
	return p;
}

static struct file *
file_of(struct outdir *o, const char *v, size_t n)
{
	struct file *f;
	uint32_t i;
	int added;

	i = strmap_put(&o->by_value, v, n, &added);
	if (!added)
		return &o->files[i];
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 16;
		o->files = xreallocarray(o->files, o->cap, sizeof(*o->files));
	}
	f = &o->files[o->n++];
	memset(f, 0, sizeof(*f));
	f->fd = -1;
	f->name = safe_name(o, v, n);
	f->tmp = xmalloc(strlen(o->dir) + strlen(f->name) + 48);
	sprintf(f->tmp, "%s/.%s.tmp.%ld", o->dir, f->name, (long)getpid());
	f->path = join(o->dir, f->name, "");
	return f;
}

static int
flush_file(struct file *f)
{
	size_t off = 0;
	ssize_t w;

	while (off < f->buf.len) {
		w = write(f->fd, f->buf.data + off, f->buf.len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)w;
	}
	f->buf.len = 0;
	return 0;
}

static int
close_file(struct outdir *o, struct file *f)
{
	int status = flush_file(f);

	if (close(f->fd) != 0)
		status = -1;
	f->fd = -1;
	o->open--;
	return status;
}

/* Closes the file written least recently. */
static int
close_oldest(struct outdir *o)
{
	struct file *oldest = NULL;
	size_t i;

	for (i = 0; i < o->n; i++)
		if (o->files[i].fd >= 0 && (oldest == NULL ||
		    o->files[i].used < oldest->used))
			oldest = &o->files[i];
	return oldest != NULL ? close_file(o, oldest) : 0;
}

static int
open_file(struct outdir *o, struct file *f)
{
	int flags = O_WRONLY | O_CLOEXEC | O_APPEND;

	if (o->open >= o->max_open && close_oldest(o) != 0)
		return -1;
	if (!f->created)
		flags |= O_CREAT | O_TRUNC;
	if ((f->fd = open(f->tmp, flags, 0666)) < 0)
		return -1;
	f->created = 1;
	o->open++;
	return 0;
}

int
outdir_write(struct outdir *o, const char *name, size_t nlen,
    const char *line, size_t len)
{
	struct file *f = file_of(o, name, nlen);

	if (f->fd < 0 && open_file(o, f) != 0)
		return -1;
	f->used = ++o->clock;
	jsonl_buf_append(&f->buf, line, len);
	jsonl_buf_append(&f->buf, "\n", 1);
	if (f->buf.len >= FILE_BUF)
		return flush_file(f);
	return 0;
}

const char *
outdir_file_name(const struct outdir *o, const char *name, size_t nlen)
{
	uint32_t i = strmap_get(&o->by_value, name, nlen);

	return i == STRMAP_NONE ? NULL : o->files[i].name;
}

size_t
outdir_count(const struct outdir *o)
{
	return o->n;
}

static void
free_all(struct outdir *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->files[i].name);
		free(o->files[i].tmp);
		free(o->files[i].path);
		jsonl_buf_free(&o->files[i].buf);
	}
	free(o->files);
	strmap_free(&o->by_value);
	strmap_free(&o->by_file);
	free(o->dir);
	free(o);
}

int
outdir_commit(struct outdir *o, char *err, size_t errlen)
{
	size_t i;
	struct file *f;

	for (i = 0; i < o->n; i++) {
		f = &o->files[i];
		if (f->fd < 0 && f->buf.len == 0)
			continue;
		if (f->fd < 0 && open_file(o, f) != 0)
			goto fail;
		if (flush_file(f) != 0 || (fsync(f->fd) != 0 &&
		    errno != EINVAL)) {
			(void)close_file(o, f);
			goto fail;
		}
		if (close_file(o, f) != 0)
			goto fail;
	}
	for (i = 0; i < o->n; i++) {
		f = &o->files[i];
		if (rename(f->tmp, f->path) != 0)
			goto fail;
	}
	free_all(o);
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", f->path, strerror(errno));
	outdir_abort(o);
	return -1;
}

void
outdir_abort(struct outdir *o)
{
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < o->n; i++) {
		if (o->files[i].fd >= 0)
			close(o->files[i].fd);
		if (o->files[i].created)
			(void)unlink(o->files[i].tmp);
	}
	free_all(o);
}
