/*
 * util.h - checked allocation and bounded parsing of numbers, sizes and
 * durations (in the spirit of OpenBSD's strtonum(3)).  Knows nothing of
 * events or JSON.
 */
#ifndef CANAL_UTIL_H
#define CANAL_UTIL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Allocation that never returns NULL: on failure the handler set with
 * util_set_oom_handler() runs (the programs' prints "out of memory" and
 * exits 1); without one, abort(3).
 */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
/** Grows or shrinks p; the old pointer is only released on success. */
void *xrealloc(void *p, size_t size);
/** Array allocation checked for count * size overflow. */
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/** handler must not return. */
void util_set_oom_handler(void (*handler)(void));
/**
 * cleanup runs when memory ran out, before the handler (or abort(3)): to
 * remove temporary files (lib/output does).  It must not allocate.
 */
void util_set_oom_cleanup(void (*cleanup)(void));

/**
 * Parses a whole decimal integer in [min, max].  Returns 0 and sets *out, or
 * -1 and points *why at a static reason ("not a number", "too small",
 * "too large").
 */
int util_parse_int(const char *s, long long min, long long max,
    long long *out, const char **why);

/**
 * Parses a size such as "256M", "64k", "1G" or "4096" (suffixes K, M, G, T,
 * base 1024, case-insensitive, optional trailing "B" or "iB") into bytes in
 * [min, max].  Returns 0 or -1 with *why set like util_parse_int().
 */
int util_parse_size(const char *s, uint64_t min, uint64_t max,
    uint64_t *out, const char **why);

/**
 * Parses a duration such as "24h", "90s", "2m", "1h30m", "3d", "1w" or a bare
 * number of seconds into seconds in [min, max].  Returns 0 or -1 with *why.
 */
int util_parse_duration(const char *s, uint64_t min, uint64_t max,
    uint64_t *out, const char **why);

#endif
