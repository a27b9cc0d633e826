/*
 * fuzz-partial.c - libFuzzer entry for partial reports (lib/partial.c and
 * the sketches it fills, lib/sketch.c, lib/stats.c): the input is read as
 * a partial twice (merged with itself); when it is accepted, every row is
 * rendered as JSON and its statistics summarized.  Invariants: a refusal
 * has a reason; an accepted statistic's quantiles are finite and never
 * above its max; a rendered row is one JSON object scan.h accepts.
 * See tests/fuzz/README.
 *
 * SOURCES: lib/partial.c lib/render.c lib/sketch.c lib/stats.c lib/metrics.c
 * SOURCES: lib/confline.c lib/event.c lib/hash.c lib/hours.c lib/jsonl.c
 * SOURCES: lib/linein.c lib/scan.c lib/strmap.c lib/svg.c lib/timefmt.c
 * SOURCES: lib/tz.c lib/util.c
 * OPTIONS: -max_len=65536 -dict=tests/fuzz/json.dict
 * SMOKE_RUNS: 500
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "partial.h"
#include "render.h"
#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static char path[64];

static void
check_stats(struct stats *s)
{
	struct stats_summary sum;

	stats_summarize(s, STATS_LINEAR, &sum);
	if (sum.count == 0)
		return;
	CHECK(!isnan(sum.median) && !isnan(sum.p95));
	CHECK(sum.median <= sum.max && sum.p90 <= sum.max &&
	    sum.p95 <= sum.max);
	stats_summarize(s, STATS_NEAREST, &sum);
	CHECK(sum.p95 <= sum.max);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct partial *p = partial_new();
	struct render_options ro;
	struct metrics_row *rows;
	struct jsonl_writer w;
	struct scan_object obj;
	struct scan_error serr;
	char err[512];
	FILE *f;
	size_t n, i, d;
	int fd;

	if (path[0] == '\0') {
		snprintf(path, sizeof(path), "/tmp/fuzz-partial.%ld",
		    (long)getpid());
	}
	f = fopen(path, "w");
	CHECK(f != NULL);
	fwrite(data, 1, size, f);
	fclose(f);
	err[0] = '\0';
	if (partial_read(p, path, err, sizeof(err)) != 0 ||
	    partial_read(p, path, err, sizeof(err)) != 0) {
		CHECK(err[0] != '\0');
		partial_free(p);
		return 0;
	}
	partial_rows(p, &rows, &n);
	for (i = 0; i < n; i++) {
		for (d = 0; d < DUR_COUNT; d++)
			check_stats(&rows[i].dur[d]);
		check_stats(&rows[i].reopen_after);
	}
	memset(&ro, 0, sizeof(ro));
	ro.format = RENDER_JSONL;
	ro.keys = partial_info(p)->keys;
	ro.nkeys = partial_info(p)->nkeys;
	ro.business = partial_info(p)->business;
	fd = open("/dev/null", 1);
	jsonl_writer_init(&w, fd, 0);
	(void)render_rows(&w, &ro, rows, n);
	jsonl_writer_free(&w);
	close(fd);
	/* One row, rendered into a buffer, must be valid JSON. */
	if (n > 0) {
		int pipefd[2];
		char buf[1 << 16];
		ssize_t got;

		if (pipe(pipefd) == 0) {
			jsonl_writer_init(&w, pipefd[1], 0);
			(void)render_rows(&w, &ro, rows, 1);
			jsonl_writer_flush(&w);
			jsonl_writer_free(&w);
			close(pipefd[1]);
			got = read(pipefd[0], buf, sizeof(buf));
			close(pipefd[0]);
			if (got > 1 && got < (ssize_t)sizeof(buf)) {
				scan_object_init(&obj);
				CHECK(scan_object_parse(&obj, buf,
				    (size_t)got - 1, &serr) == 0);
				scan_object_free(&obj);
			}
		}
	}
	partial_free(p);
	return 0;
}
