/*
 * output.h - where a program's output goes: standard output, or a file
 * written atomically (a temporary file in the same directory, renamed over
 * the target only when everything was written), so that a reader never sees
 * half a file and a failed run leaves the old file in place.  Temporary
 * names are removed on SIGINT, SIGTERM and SIGHUP.
 */
#ifndef CANAL_OUTPUT_H
#define CANAL_OUTPUT_H

#include "jsonl.h"

struct output {
	char *path;		/* target, or NULL for standard output */
	char *tmp_path;		/* temporary name while writing */
	const char *name;	/* for messages: path or "<stdout>" */
	int fd;
	int own_fd;		/* a device or FIFO opened here: close it */
	struct jsonl_writer w;
};

/**
 * Opens path for writing (NULL or "-": standard output).  line_buffered < 0
 * means "when the output is a terminal".  An existing path that is not a
 * regular file (a device such as /dev/null, a FIFO) is written directly,
 * never replaced; a symbolic link is followed, and its target replaced
 * atomically.  Returns 0, or -1 with errno set (nothing created).
 */
int output_open(struct output *o, const char *path, int line_buffered);

/**
 * Flushes and closes; for a file, syncs and renames the temporary file over
 * the target.  Returns 0, or -1 with errno set (the temporary file is then
 * removed and the target untouched).  Frees o's storage either way.
 */
int output_commit(struct output *o);

/** Discards the output: removes the temporary file; frees o's storage. */
void output_abort(struct output *o);

#endif
