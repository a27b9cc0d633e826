/*
 * outdir.c - named JSON-lines files in a directory that the run owns,
 * bounded open files, atomic renames (outdir.h).  Every file operation is
 * relative to one descriptor of the directory (openat(2) and friends), so
 * the files stay in the directory that was checked and locked even if its
 * path changes meanwhile.
 */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonl.h"
#include "output.h"
#include "strmap.h"
#include "util.h"

#define FILE_BUF 65536
#define NONE SIZE_MAX

struct file {
	char *name;		/* the file name, "x.jsonl" */
	char *tmp;		/* its temporary name, NULL until made */
	size_t slot;		/* of tmp in output.c's registry */
	dev_t dev;		/* of the temporary file: a reopened name */
	ino_t ino;		/* must still be this file */
	mode_t mode;		/* permission bits it gets at commit */
	int fd;			/* -1 when closed */
	size_t newer, older;	/* neighbours in the list of open files */
	struct jsonl_buf buf;	/* pending bytes while open */
};

struct outdir {
	char *dir;		/* for messages */
	int dirfd;		/* locked */
	int flags;
	struct strmap by_value;	/* name given -> file index */
	struct strmap by_file;	/* file names taken */
	struct file *files;
	size_t n, cap, open, max_open;
	size_t newest, oldest;	/* open files, most recently written first */
	char **old;		/* OUTDIR_CLEAN: *.jsonl files found */
	size_t nold;
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

static int
all_alnum(const char *s, size_t n)
{
	for (; n > 0; s++, n--)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

/* ".NAME.jsonl.XXXXXX", or ".NAME.jsonl.tmp.PID" of canal 0.1.0. */
static int
is_temp_name(const char *s)
{
	size_t n = strlen(s);
	const char *end;

	if (s[0] != '.' || n < 2)
		return 0;
	if (n >= 1 + 1 + 7 + 6 && all_alnum(s + n - 6, 6) &&
	    memcmp(s + n - 13, ".jsonl.", 7) == 0)
		return 1;
	for (end = s + n; end > s && end[-1] >= '0' && end[-1] <= '9'; end--)
		;
	n = (size_t)(end - s);
	return end < s + strlen(s) && n >= 1 + 1 + 11 &&
	    memcmp(end - 11, ".jsonl.tmp.", 11) == 0;
}

/* A name canal can have made: "X.jsonl", no leading dot. */
static int
is_output_name(const char *s)
{
	size_t n = strlen(s);

	return s[0] != '.' && n > 6 && strcmp(s + n - 6, ".jsonl") == 0;
}

/* A file name for a message: printable ASCII, at most 60 bytes. */
static void
printable(char *out, size_t outlen, const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 4 < outlen && i < 60; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	if (s[i] != '\0' && i + 4 <= outlen) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
}

/* What is in the directory now: temporary files of a killed run are
   removed (the lock says no other run is using them), *.jsonl files noted
   for OUTDIR_CLEAN, anything else refused. */
static int
take_stock(struct outdir *o, int locked, char *err, size_t errlen)
{
	struct dirent *de;
	struct stat st;
	char shown[64];
	DIR *d;
	int fd, status = 0;

	if ((fd = dup(o->dirfd)) < 0 || (d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		snprintf(err, errlen, "%s: %s", o->dir, strerror(errno));
		return -1;
	}
	rewinddir(d);
	while (status == 0 && (errno = 0, de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(o->dirfd, de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) != 0) {
			if (errno == ENOENT)
				continue;
			snprintf(err, errlen, "%s: %s", o->dir,
			    strerror(errno));
			status = -1;
			break;
		}
		if (S_ISREG(st.st_mode) && is_temp_name(de->d_name)) {
			if (locked)
				(void)unlinkat(o->dirfd, de->d_name, 0);
			continue;
		}
		if ((o->flags & OUTDIR_CLEAN) && S_ISREG(st.st_mode) &&
		    is_output_name(de->d_name)) {
			o->old = xreallocarray(o->old, o->nold + 1,
			    sizeof(*o->old));
			o->old[o->nold++] = xstrdup(de->d_name);
			continue;
		}
		if (o->flags & OUTDIR_CLEAN) {
			printable(shown, sizeof(shown), de->d_name);
			snprintf(err, errlen, "%s: holds \"%s\", which --clean "
			    "does not replace (only regular *.jsonl files)",
			    o->dir, shown);
		} else
			snprintf(err, errlen, "%s: not empty (use --clean to "
			    "replace its *.jsonl files)", o->dir);
		errno = ENOTEMPTY;
		status = -1;
	}
	if (status == 0 && errno != 0) {
		snprintf(err, errlen, "%s: %s", o->dir, strerror(errno));
		status = -1;
	}
	fd = errno;
	closedir(d);
	errno = fd;
	return status;
}

static void
free_all(struct outdir *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->files[i].name);
		free(o->files[i].tmp);
		jsonl_buf_free(&o->files[i].buf);
	}
	for (i = 0; i < o->nold; i++)
		free(o->old[i]);
	free(o->old);
	free(o->files);
	strmap_free(&o->by_value);
	strmap_free(&o->by_file);
	if (o->dirfd >= 0)
		close(o->dirfd);	/* and the lock with it */
	free(o->dir);
	free(o);
}

struct outdir *
outdir_open(const char *dir, size_t max_open, int flags, char *err,
    size_t errlen)
{
	struct outdir *o;
	int locked = 1, saved;

	if (make_dirs(dir) != 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	o = xcalloc(1, sizeof(*o));
	o->dir = xstrdup(dir);
	o->flags = flags;
	o->max_open = max_open > 0 ? max_open : 1;
	o->newest = o->oldest = NONE;
	strmap_init(&o->by_value);
	strmap_init(&o->by_file);
	if ((o->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		goto fail;
	}
	if (flock(o->dirfd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK) {
			snprintf(err, errlen, "%s: in use by another run", dir);
			goto fail;
		}
		locked = 0;	/* a file system without locks */
	}
	if (take_stock(o, locked, err, errlen) != 0)
		goto fail;
	return o;
fail:
	saved = errno;
	free_all(o);
	errno = saved;
	return NULL;
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

/* The open files are a list by last write, so that finding the one to
   close is O(1) however many files there are. */
static void
list_remove(struct outdir *o, struct file *f)
{
	if (f->newer != NONE)
		o->files[f->newer].older = f->older;
	else
		o->newest = f->older;
	if (f->older != NONE)
		o->files[f->older].newer = f->newer;
	else
		o->oldest = f->newer;
}

static void
list_push_newest(struct outdir *o, struct file *f)
{
	size_t i = (size_t)(f - o->files);

	f->newer = NONE;
	f->older = o->newest;
	if (o->newest != NONE)
		o->files[o->newest].newer = i;
	else
		o->oldest = i;
	o->newest = i;
}

/* A closed file keeps no buffer: there may be a million of them. */
static int
close_file(struct outdir *o, struct file *f)
{
	int status = flush_file(f);

	if (close(f->fd) != 0)
		status = -1;
	f->fd = -1;
	jsonl_buf_free(&f->buf);
	list_remove(o, f);
	o->open--;
	return status;
}

/* Closes the file written least recently. */
static int
close_oldest(struct outdir *o)
{
	return o->oldest != NONE ? close_file(o, &o->files[o->oldest]) : 0;
}

/* Makes the temporary file, or opens it again for appending: never
   through a link (O_NOFOLLOW), and only the very file made (a name that
   someone replaced, even by a hard link, is refused). */
static int
open_file(struct outdir *o, struct file *f)
{
	struct stat st;
	char *prefix;
	size_t n;
	int fd;

	if (o->open >= o->max_open && close_oldest(o) != 0)
		return -1;
	if (f->tmp == NULL) {
		n = strlen(f->name);
		prefix = xmalloc(n + 3);
		prefix[0] = '.';
		memcpy(prefix + 1, f->name, n);
		memcpy(prefix + 1 + n, ".", 2);
		f->mode = output_mode_for(o->dirfd, f->name);
		/* Writable by its owner until the commit, which gives it
		   its mode (a replaced file may have been read-only). */
		fd = output_temp_create(o->dirfd, prefix, f->mode | S_IWUSR,
		    &f->tmp, &f->slot);
		free(prefix);
		if (fd < 0)
			return -1;
		if (fstat(fd, &st) != 0) {
			close(fd);
			return -1;
		}
		f->dev = st.st_dev;
		f->ino = st.st_ino;
	} else {
		fd = openat(o->dirfd, f->tmp, O_WRONLY | O_APPEND |
		    O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return -1;
		if (fstat(fd, &st) != 0 || st.st_dev != f->dev ||
		    st.st_ino != f->ino) {
			close(fd);
			errno = ESTALE;
			return -1;
		}
	}
	f->fd = fd;
	list_push_newest(o, f);
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
	if (o->newest != (size_t)(f - o->files)) {
		list_remove(o, f);
		list_push_newest(o, f);
	}
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

/* Writes what is pending, gives the file its mode, syncs and closes it. */
static int
finish_file(struct outdir *o, struct file *f)
{
	int status;

	if (f->fd < 0 && f->buf.len == 0 && (f->mode & S_IWUSR))
		return 0;
	if (f->fd < 0 && open_file(o, f) != 0)
		return -1;
	status = flush_file(f);
	if (status == 0 && !(f->mode & S_IWUSR))
		status = fchmod(f->fd, f->mode);
	if (status == 0 && fsync(f->fd) != 0 && errno != EINVAL)
		status = -1;
	if (status != 0) {
		int saved = errno;

		(void)close_file(o, f);
		errno = saved;
		return -1;
	}
	return close_file(o, f);
}

/* OUTDIR_CLEAN: the *.jsonl files found at the start that this run did
   not write, if they still are regular files. */
static void
remove_old(struct outdir *o)
{
	struct stat st;
	size_t i;

	for (i = 0; i < o->nold; i++)
		if (strmap_get(&o->by_file, o->old[i], strlen(o->old[i])) ==
		    STRMAP_NONE && fstatat(o->dirfd, o->old[i], &st,
		    AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
			(void)unlinkat(o->dirfd, o->old[i], 0);
}

int
outdir_commit(struct outdir *o, char *err, size_t errlen)
{
	size_t i;
	struct file *f = NULL;
	int held = 0;

	for (i = 0; i < o->n; i++) {
		f = &o->files[i];
		if (f->tmp != NULL && finish_file(o, f) != 0)
			goto fail;
	}
	/* All renamed or none, as far as a signal goes. */
	output_temp_hold(1);
	held = 1;
	for (i = 0; i < o->n; i++) {
		f = &o->files[i];
		if (f->tmp != NULL && renameat(o->dirfd, f->tmp, o->dirfd,
		    f->name) != 0)
			goto fail;
	}
	if (o->flags & OUTDIR_CLEAN)
		remove_old(o);
	for (i = 0; i < o->n; i++) {
		f = &o->files[i];
		if (f->tmp != NULL) {
			output_temp_forget(f->slot);
			free(f->tmp);
			f->tmp = NULL;
		}
	}
	(void)fsync(o->dirfd);
	output_temp_hold(0);
	free_all(o);
	return 0;
fail:
	snprintf(err, errlen, "%s/%s: %s", o->dir, f != NULL ? f->name : "",
	    strerror(errno));
	outdir_abort(o);
	if (held)
		output_temp_hold(0);
	return -1;
}

void
outdir_abort(struct outdir *o)
{
	size_t i;
	struct file *f;

	if (o == NULL)
		return;
	for (i = 0; i < o->n; i++) {
		f = &o->files[i];
		if (f->fd >= 0)
			close(f->fd);
		if (f->tmp != NULL) {
			(void)unlinkat(o->dirfd, f->tmp, 0);
			output_temp_forget(f->slot);
		}
	}
	free_all(o);
}
