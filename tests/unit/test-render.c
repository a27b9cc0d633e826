/*
 * test-render.c - report renderers: humanised durations, CSV cells that
 * spreadsheets must not run, colour only when asked.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "render.h"
#include "unit.h"

static void
duration(double s, const char *want)
{
	char out[32];

	render_duration(s, out, sizeof(out));
	is_str(out, want, "%g s", s);
}

static const char *
table_of(int color, const char *verdict)
{
	static char out[2048];
	struct metrics_key key = { KEY_FIELD, "channel" };
	struct metrics_row row;
	struct render_options o;
	struct jsonl_writer w;
	char *keys[1] = { "chat" };
	int fd[2];
	ssize_t n;
	size_t k;

	memset(&row, 0, sizeof(row));
	row.keys = keys;
	row.sla_target_ms = -1;
	row.verdict = verdict;
	for (k = 0; k < DUR_COUNT; k++)
		stats_init(&row.dur[k]);
	memset(&o, 0, sizeof(o));
	o.format = RENDER_TABLE;
	o.keys = &key;
	o.nkeys = 1;
	o.scorecard = 1;
	o.color = color;
	if (pipe(fd) != 0)
		return "";
	jsonl_writer_init(&w, fd[1], 0);
	render_rows(&w, &o, &row, 1);
	jsonl_writer_flush(&w);
	jsonl_writer_free(&w);
	close(fd[1]);
	n = read(fd[0], out, sizeof(out) - 1);
	close(fd[0]);
	out[n > 0 ? n : 0] = '\0';
	return out;
}

int
main(void)
{
	duration(0, "0s");
	duration(0.5, "0.5s");
	duration(45, "45s");
	duration(252, "4m 12s");
	duration(7500, "2h 5m");
	duration(3 * 86400 + 4 * 3600, "3d 4h");
	duration(0.0 / 0.0, "-");
	ok(strstr(table_of(0, "poorly attended"), "\033[") == NULL,
	    "no colour unless asked");
	ok(strstr(table_of(1, "poorly attended"), "\033[31mpoorly attended"
	    "\033[0m") != NULL, "a poor verdict in red");
	ok(strstr(table_of(1, "well attended"), "\033[1mchannel\033[0m") != NULL,
	    "the header in bold");
	return done_testing();
}
