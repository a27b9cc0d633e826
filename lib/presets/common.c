/*
 * common.c - helpers of the presets (common.h).
 */
#include "presets/common.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

int
preset_number(struct norm *n, const char *path, double *v)
{
	const char *s;
	size_t len;
	char buf[64], *end;

	if ((s = srcrec_str(n->rec, path, &len, 1)) == NULL ||
	    len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*v = strtod(buf, &end);
	/* Beyond 1e15 no count of seconds or milliseconds is real, and
	   multiplying it could overflow. */
	return *end == '\0' && *v >= -1e15 && *v <= 1e15 ? 0 : -1;
}

int
preset_prefixed(struct norm *n, struct norm_event *ev, enum event_field f,
    const char *prefix, const char *path)
{
	const char *s;
	size_t len, plen = strlen(prefix);
	char *buf;

	if ((s = srcrec_str(n->rec, path, &len, 1)) == NULL)
		return 0;
	buf = xmalloc(plen + 1 + len);
	memcpy(buf, prefix, plen);
	buf[plen] = ':';
	memcpy(buf + plen + 1, s, len);
	norm_set(ev, f, norm_keep(n, buf, plen + 1 + len), plen + 1 + len);
	free(buf);
	return 1;
}
