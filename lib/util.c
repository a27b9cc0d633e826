/*
 * util.c - checked allocation and bounded parsing.
 */
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static void (*oom_handler)(void);
static void (*oom_cleanup)(void);

void
util_set_oom_handler(void (*handler)(void))
{
	oom_handler = handler;
}

void
util_set_oom_cleanup(void (*cleanup)(void))
{
	oom_cleanup = cleanup;
}

static void *
out_of_memory(void)
{
	if (oom_cleanup != NULL)
		oom_cleanup();
	if (oom_handler != NULL)
		oom_handler();
	abort();
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	return p != NULL ? p : out_of_memory();
}

void *
xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	return p != NULL ? p : out_of_memory();
}

void *
xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);

	return q != NULL ? q : out_of_memory();
}

void *
xreallocarray(void *p, size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / size)
		return out_of_memory();
	return xrealloc(p, count * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Reads decimal digits from *sp; fails on no digit or overflow. */
static int
read_digits(const char **sp, uint64_t *out)
{
	const char *s = *sp;
	uint64_t v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -2;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*sp = s;
	*out = v;
	return 0;
}

int
util_parse_int(const char *s, long long min, long long max, long long *out,
    const char **why)
{
	char *end;
	long long v;

	errno = 0;
	/* strtoll(3) would skip leading white space; a number starts here. */
	if (s == NULL || !((*s >= '0' && *s <= '9') || *s == '-' || *s == '+')) {
		*why = "not a number";
		return -1;
	}
	v = strtoll(s, &end, 10);
	if (*end != '\0') {
		*why = "not a number";
		return -1;
	}
	if ((errno == ERANGE && v == LLONG_MIN) || v < min) {
		*why = "too small";
		return -1;
	}
	if ((errno == ERANGE && v == LLONG_MAX) || v > max) {
		*why = "too large";
		return -1;
	}
	*out = v;
	return 0;
}

static int
check_range(uint64_t v, uint64_t min, uint64_t max, uint64_t *out,
    const char **why)
{
	if (v < min) {
		*why = "too small";
		return -1;
	}
	if (v > max) {
		*why = "too large";
		return -1;
	}
	*out = v;
	return 0;
}

int
util_parse_size(const char *s, uint64_t min, uint64_t max, uint64_t *out,
    const char **why)
{
	uint64_t v, mult = 1;
	int shift = 0, r;

	if (s == NULL || (r = read_digits(&s, &v)) == -1) {
		*why = "not a size";
		return -1;
	}
	if (r == -2) {
		*why = "too large";
		return -1;
	}
	switch (*s) {
	case 'k': case 'K': shift = 10; s++; break;
	case 'm': case 'M': shift = 20; s++; break;
	case 'g': case 'G': shift = 30; s++; break;
	case 't': case 'T': shift = 40; s++; break;
	default: break;
	}
	if (shift != 0 && *s == 'i')
		s++;
	if (*s == 'b' || *s == 'B')
		s++;
	if (*s != '\0') {
		*why = "not a size (use a number with K, M, G or T)";
		return -1;
	}
	mult <<= shift;
	if (v > UINT64_MAX / mult) {
		*why = "too large";
		return -1;
	}
	return check_range(v * mult, min, max, out, why);
}

int
util_parse_duration(const char *s, uint64_t min, uint64_t max, uint64_t *out,
    const char **why)
{
	uint64_t total = 0, v, unit;
	int r;

	if (s == NULL || *s == '\0') {
		*why = "not a duration";
		return -1;
	}
	while (*s != '\0') {
		if ((r = read_digits(&s, &v)) != 0) {
			*why = r == -2 ? "too large" :
			    "not a duration (use e.g. 90s, 2m, 24h, 1h30m, 3d)";
			return -1;
		}
		switch (*s) {
		case 's': unit = 1; s++; break;
		case 'm': unit = 60; s++; break;
		case 'h': unit = 3600; s++; break;
		case 'd': unit = 86400; s++; break;
		case 'w': unit = 604800; s++; break;
		case '\0': unit = 1; break;
		default:
			*why = "not a duration (use e.g. 90s, 2m, 24h, 1h30m, 3d)";
			return -1;
		}
		if (v > (UINT64_MAX - total) / unit) {
			*why = "too large";
			return -1;
		}
		total += v * unit;
	}
	return check_range(total, min, max, out, why);
}
