/*
 * common.h - small helpers the presets share: numbers of a record, ids
 * and conversations made of a prefix and a value.
 */
#ifndef CANAL_PRESETS_COMMON_H
#define CANAL_PRESETS_COMMON_H

#include "presets/presets.h"

/**
 * The number at path (a JSON number, or a string holding one) in *v.
 * Returns 0, or -1 when it is absent, not a number, or beyond +-1e15
 * (no count of seconds or milliseconds is that big).
 */
int preset_number(struct norm *n, const char *path, double *v);

/** Sets string field f to "prefix:" and the record's value at path;
    returns 1 when set, 0 when the record has none. */
int preset_prefixed(struct norm *n, struct norm_event *ev,
    enum event_field f, const char *prefix, const char *path);

#endif
