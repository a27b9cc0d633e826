/*
 * lockfile.c - a run's lock on a file other runs update (lockfile.h).
 */
#include "lockfile.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

int
lockfile_acquire(const char *path, int wait, char *err, size_t errlen)
{
	size_t len = strlen(path);
	char *name = xmalloc(len + sizeof(LOCKFILE_SUFFIX));
	struct stat st;
	int fd, r, saved;

	memcpy(name, path, len);
	memcpy(name + len, LOCKFILE_SUFFIX, sizeof(LOCKFILE_SUFFIX));
	/* O_NOFOLLOW: a link planted as PATH.lock must not make the run
	   create or open a file elsewhere. */
	fd = open(name, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY,
	    LOCKFILE_MODE);
	if (fd < 0 && errno == ELOOP) {
		snprintf(err, errlen, "%s: a symbolic link, not followed",
		    name);
		goto failed;
	}
	if (fd < 0)
		goto fail;
	if (fstat(fd, &st) != 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		snprintf(err, errlen, "%s: not a regular file", name);
		goto failed;
	}
	while ((r = flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB))) != 0 &&
	    errno == EINTR)
		;
	if (r != 0 && errno == EWOULDBLOCK) {
		close(fd);
		free(name);
		return LOCKFILE_BUSY;
	}
	if (r != 0)
		goto fail;
	free(name);
	return fd;
fail:
	snprintf(err, errlen, "%s: %s", name, strerror(errno));
failed:
	saved = errno;
	if (fd >= 0)
		close(fd);
	free(name);
	errno = saved;
	return -1;
}

void
lockfile_release(int fd)
{
	if (fd >= 0)
		close(fd);
}
