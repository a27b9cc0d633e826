/*
 * diag.c - diagnostics, counters and rejects.
 */
#include "diag.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "canal.h"
#include "util.h"

static const char *progname = "canal";

static void
out_of_memory(void)
{
	static const char tail[] = ": out of memory\n";

	/* No stdio here: it may need the memory that just ran out. */
	if (write(2, progname, strlen(progname)) < 0 ||
	    write(2, tail, sizeof(tail) - 1) < 0)
		_exit(CANAL_EXIT_FAILURE);
	_exit(CANAL_EXIT_FAILURE);
}

void
diag_init(const char *argv0)
{
	const char *slash;

	if (argv0 != NULL && *argv0 != '\0') {
		slash = strrchr(argv0, '/');
		progname = slash != NULL ? slash + 1 : argv0;
	}
	util_set_oom_handler(out_of_memory);
}

const char *
diag_progname(void)
{
	return progname;
}

void
diag_warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
diag_warn_errno(int errnum, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(errnum));
}

void
diag_at(const char *file, uint64_t line, size_t col, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s:%" PRIu64, progname, file, line);
	if (col > 0)
		fprintf(stderr, ":%zu", col);
	fputs(": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
diag_progress(const char *text)
{
	if (text == NULL)
		fputs("\r\033[K", stderr);
	else
		fprintf(stderr, "\r\033[K%s: %s", progname, text);
	fflush(stderr);
}

int
diag_open_rejects(struct diag *d, const char *path)
{
	if (output_open(&d->rejects, path, 0) != 0)
		return -1;
	d->rejects_open = 1;
	return 0;
}

static int
write_reject(struct jsonl_writer *w, const char *file, uint64_t line,
    const char *reason, const char *raw, size_t raw_len, int truncated)
{
	char num[32];
	int replaced;

	snprintf(num, sizeof(num), "%" PRIu64, line);
	if (jsonl_writer_write(w, "{\"src\":{\"file\":", 15) != 0 ||
	    jsonl_writer_string(w, file, strlen(file)) < 0 ||
	    jsonl_writer_write(w, ",\"line\":", 8) != 0 ||
	    jsonl_writer_write(w, num, strlen(num)) != 0 ||
	    jsonl_writer_write(w, "},\"reason\":", 11) != 0 ||
	    jsonl_writer_string(w, reason, strlen(reason)) < 0 ||
	    jsonl_writer_write(w, ",\"raw\":", 7) != 0 ||
	    (replaced = jsonl_writer_string(w, raw, raw_len)) < 0)
		return -1;
	if (replaced && (jsonl_writer_write(w, ",\"raw_base64\":", 14) != 0 ||
	    jsonl_writer_base64(w, raw, raw_len) != 0))
		return -1;
	if (truncated && jsonl_writer_write(w, ",\"raw_truncated\":true", 21) != 0)
		return -1;
	return jsonl_writer_line(w, "}", 1);
}

int
diag_reject(struct diag *d, const char *file, uint64_t line, size_t col,
    const char *reason, const char *raw, size_t raw_len, int truncated)
{
	d->rejected++;
	diag_at(file, line, col, "%s", reason);
	if (!d->rejects_open)
		return 0;
	if (write_reject(&d->rejects.w, file, line, reason, raw, raw_len,
	    truncated) != 0) {
		errno = d->rejects.w.error;
		return -1;
	}
	return 0;
}

int
diag_finish(struct diag *d)
{
	int r = 0;

	if (d->rejects_open) {
		d->rejects_open = 0;
		if (output_commit(&d->rejects) != 0) {
			diag_warn_errno(errno, "rejects file");
			r = -1;
		}
	}
	if (d->stats || d->rejected > 0)
		fprintf(stderr, "%s: read %" PRIu64 ", wrote %" PRIu64
		    ", rejected %" PRIu64 ", dropped %" PRIu64 "%s\n", progname,
		    d->read, d->wrote, d->rejected, d->dropped,
		    d->output_cut ? " (output cut: the reader closed the pipe)" :
		    "");
	return r;
}

void
diag_abort(struct diag *d)
{
	if (d->rejects_open) {
		d->rejects_open = 0;
		output_abort(&d->rejects);
	}
}

int
diag_exit_status(const struct diag *d)
{
	return d->rejected > 0 ? CANAL_EXIT_REJECTED : CANAL_EXIT_OK;
}
