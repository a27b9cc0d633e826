/*
 * ingest.c - the sink and the format table shared by canal-ingest's readers.
 */
#include "ingest.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "formats/formats.h"
#include "util.h"

const struct ingest_format *const ingest_formats[] = {
	&format_csv,
	&format_asterisk,
	&format_freeswitch,
	&format_mbox,
	&format_whatsapp,
	&format_telegram,
	&format_messenger,
	&format_json,
	&format_jsonl,
	&format_regex,
	NULL
};

const struct ingest_format *
ingest_format_find(const char *name)
{
	size_t i;

	for (i = 0; ingest_formats[i] != NULL; i++)
		if (strcmp(ingest_formats[i]->name, name) == 0)
			return ingest_formats[i];
	return NULL;
}

const struct ingest_format *
ingest_format_detect(const char *name, const char *head, size_t n,
    const struct ingest_options *opts)
{
	const struct ingest_format *best = NULL;
	int score, top = 0, tie = 0;
	size_t i;

	for (i = 0; ingest_formats[i] != NULL; i++) {
		if (ingest_formats[i]->sniff == NULL)
			continue;
		score = ingest_formats[i]->sniff(name, head, n, opts);
		if (score > top) {
			top = score;
			best = ingest_formats[i];
			tie = 0;
		} else if (score == top && score > 0) {
			tie = 1;
		}
	}
	return top >= 50 && !tie ? best : NULL;
}

enum ingest_status
ingest_fail(struct ingest_input *in, int errnum)
{
	snprintf(in->error, sizeof(in->error), "%s: %s", in->name,
	    strerror(errnum));
	return INGEST_FAILED;
}

enum ingest_status
ingest_fail_msg(struct ingest_input *in, const char *msg)
{
	snprintf(in->error, sizeof(in->error), "%s: %s", in->name, msg);
	return INGEST_FAILED;
}

enum ingest_status
ingest_reject_head(struct ingest_input *in, uint64_t line, size_t col,
    const char *reason, const char *raw, size_t raw_len, int truncated)
{
	struct diag *d = in->sink->diag;

	in->index++;
	d->read++;
	if (diag_reject(d, in->name, line, col, reason, raw, raw_len,
	    truncated) != 0)
		return ingest_fail_msg(in, "cannot write the rejects file");
	return d->strict ? INGEST_STOPPED : INGEST_OK;
}

enum ingest_status
ingest_reject(struct ingest_input *in, uint64_t line, size_t col,
    const char *reason, const char *raw, size_t raw_len)
{
	return ingest_reject_head(in, line, col, reason, raw, raw_len, 0);
}

enum ingest_status
ingest_emit(struct ingest_input *in, uint64_t position, int offset_not_line,
    const char *raw, size_t raw_len)
{
	const char *text;
	size_t len;

	if (in->rec.bad_utf8) {
		/* The record is rejected, not repaired behind the user's back:
		   formats that know their encoding repair it before here. */
		return ingest_reject(in, offset_not_line ? 0 : position, 0,
		    "invalid UTF-8", raw, raw_len);
	}
	in->index++;
	text = record_end(&in->rec, in->format, in->name, position,
	    offset_not_line, in->index, &len);
	if (jsonl_writer_line(in->sink->out, text, len) != 0) {
		snprintf(in->error, sizeof(in->error), "<stdout>: %s",
		    strerror(in->sink->out->error));
		return INGEST_FAILED;
	}
	in->sink->diag->read++;
	in->sink->diag->wrote++;
	if (in->sink->progress && (in->index & 1023) == 0)
		ingest_progress(in);
	return INGEST_OK;
}

enum ingest_status
ingest_slurp(struct ingest_input *in, char **data, size_t *len,
    size_t max)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = xmalloc(cap);
	ssize_t k;

	for (;;) {
		if (n == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		k = read(in->fd, buf + n, cap - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			free(buf);
			return ingest_fail(in, errno);
		}
		if (k == 0)
			break;
		n += (size_t)k;
		in->bytes_read = n;
		if (n > max)
			break;		/* too large: the caller says so */
	}
	*data = buf;
	*len = n;
	return INGEST_OK;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
ingest_progress(struct ingest_input *in)
{
	struct ingest_sink *s = in->sink;
	double t = now(), rate, eta;
	uint64_t done = s->bytes_done + in->bytes_read;
	char line[160], tail[48] = "";

	if (s->started == 0)
		s->started = t;
	if (t - s->last_progress < 0.25)
		return;
	s->last_progress = t;
	rate = t > s->started ? (double)done / (t - s->started) : 0;
	if (s->bytes_total > done && rate > 0) {
		eta = (double)(s->bytes_total - done) / rate;
		snprintf(tail, sizeof(tail), ", ETA %.0fs", eta);
	}
	snprintf(line, sizeof(line), "%.1f MB, %" PRIu64 " records, %.1f MB/s%s",
	    (double)done / 1e6, s->diag->read, rate / 1e6, tail);
	diag_progress(line);
}

int
ingest_name_ends(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n >= k && strcasecmp(name + n - k, suffix) == 0;
}

int
ingest_name_is(const char *name, const char *base)
{
	const char *slash = strrchr(name, '/');

	return strcasecmp(slash != NULL ? slash + 1 : name, base) == 0;
}

int
ingest_head_has(const char *head, size_t n, const char *s)
{
	return memmem(head, n, s, strlen(s)) != NULL;
}
