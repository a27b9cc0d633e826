/* PLACEHOLDER until normmap.c is written: replace this whole file. */
#include "normmap.h"

#include <stdio.h>

struct normmap *
normmap_parse(const char *name, const char *text, size_t len, char *err,
    size_t errlen)
{
	(void)text;
	(void)len;
	snprintf(err, errlen, "%s: maps not written yet", name);
	return NULL;
}

struct normmap *
normmap_load(const char *path, char *err, size_t errlen)
{
	return normmap_parse(path, "", 0, err, errlen);
}

int
normmap_apply(const struct normmap *m, struct norm *n, struct norm_event *ev)
{
	(void)m;
	(void)ev;
	return norm_fail(n, "maps not written yet");
}

void
normmap_free(struct normmap *m)
{
	(void)m;
}
