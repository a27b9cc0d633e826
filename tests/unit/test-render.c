/*
 * test-render.c - report renderers: humanised durations, CSV cells of the
 * decoded text that spreadsheets must not run, text from events that a
 * terminal or a Markdown page must not run either (and that stays apart
 * when it differs), colour only when asked.
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

/* The table (or Markdown) of one row of key[0..len). */
static const char *
table_with(enum render_format format, int color, const char *verdict,
    const char *key, size_t len)
{
	static char out[4096];
	struct metrics_key mk = { KEY_FIELD, "channel" };
	struct metrics_row row;
	struct render_options o;
	struct jsonl_writer w;
	char *keys[1];
	size_t lens[1] = { len };
	int fd[2];
	ssize_t n;
	size_t k;

	keys[0] = (char *)key;
	memset(&row, 0, sizeof(row));
	row.keys = keys;
	row.key_lens = lens;
	row.sla_target_ms = -1;
	row.verdict = verdict;
	for (k = 0; k < DUR_COUNT; k++)
		stats_init(&row.dur[k]);
	memset(&o, 0, sizeof(o));
	o.format = format;
	o.keys = &mk;
	o.nkeys = 1;
	o.scorecard = verdict != NULL;
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

static const char *
table_of(int color, const char *verdict)
{
	return table_with(RENDER_TABLE, color, verdict, "chat", 4);
}

/* render_visible() of in[0..len). */
/* A literal's bytes, NULs inside too. */
#define VISIBLE(in, want) visible(in, sizeof(in) - 1, want)

static void
visible(const char *in, size_t len, const char *want)
{
	struct jsonl_buf b = { 0 };

	render_visible(&b, in, len);
	is_mem(b.data, b.len, want, strlen(want), "visible \"%s\"", want);
	jsonl_buf_free(&b);
}

static void
markdown(const char *in, const char *want)
{
	struct jsonl_buf b = { 0 };

	render_markdown_text(&b, in, strlen(in));
	is_mem(b.data, b.len, want, strlen(want), "markdown \"%s\"", want);
	jsonl_buf_free(&b);
}

/* The CSV cell of the member "k" of the JSON object text json. */
static void
csv_cell(const char *json, const char *want, size_t want_len)
{
	struct jsonl_buf b = { 0 };

	render_csv_line(&b, json, strlen(json), 0);
	is_mem(b.data, b.len, want, want_len, "csv cell of %s", json);
	jsonl_buf_free(&b);
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
	ok(strstr(table_with(RENDER_TABLE, 1, "well attended", "poorly attended",
	    15), "\033[31m") == NULL, "a key that reads like a verdict is no "
	    "verdict");

	/* Text from events, shown: nothing runs, different stays different. */
	VISIBLE("plain caf\xc3\xa9 \xf0\x9f\x98\x80",
	    "plain caf\xc3\xa9 \xf0\x9f\x98\x80");
	VISIBLE("\x1b]0;pwned\x07", "\\u001b]0;pwned\\u0007");
	VISIBLE("a\0b", "a\\u0000b");
	VISIBLE("\n\t\r\b\f\x1f\x7f", "\\n\\t\\r\\b\\f\\u001f\\u007f");
	VISIBLE("back\\slash", "back\\\\slash");
	VISIBLE("\\u0000", "\\\\u0000");
	VISIBLE("c1 \xc2\x9b" "31m \xc2\x85", "c1 \\u009b31m \\u0085");
	VISIBLE("\xc2\xa0nbsp", "\xc2\xa0nbsp");
	VISIBLE("\xe2\x80\xae" "evil \xe2\x80\xa8 \xe2\x81\xa6",
	    "\\u202eevil \\u2028 \\u2066");
	VISIBLE("bad \xff \xe2\x80 \xc0\xaf", "bad \\xff \\xe2\\x80 "
	    "\\xc0\\xaf");
	markdown("a|b", "a\\|b");
	markdown("x\ny", "x\\\\ny");
	markdown("back\\slash", "back\\\\\\\\slash");
	markdown("*em* _u_ [l](x) <b> &amp; `c` ~s~ $m$",
	    "\\*em\\* \\_u\\_ \\[l\\](x) \\<b\\> \\&amp; \\`c\\` \\~s\\~ "
	    "\\$m\\$");
	markdown("2024-03-01 (#1) +1 =2", "2024-03-01 (#1) +1 =2");

	/* Tables: keys shown escaped, columns as wide as what is shown. */
	ok(strstr(table_with(RENDER_TABLE, 0, NULL, "a\0b", 3),
	    "\na\\u0000b             0") != NULL, "a NUL inside a key kept, shown");
	ok(strstr(table_with(RENDER_TABLE, 0, NULL, "\x1b]0;x\x07", 7),
	    "\x1b") == NULL, "no ESC in a table");
	ok(strstr(table_with(RENDER_TABLE, 0, NULL, "caf\xc3\xa9", 5),
	    "\ncaf\xc3\xa9                0") != NULL, "width in characters");
	ok(strncmp(table_with(RENDER_TABLE, 0, NULL, "\x1b[31mred", 8),
	    "channel        inbound", 22) == 0, "width of what is shown");
	ok(strstr(table_with(RENDER_MARKDOWN, 0, NULL, "a|b\nc", 5),
	    "\n| a\\|b\\\\nc | ") != NULL, "a Markdown cell: one cell, one line");
	ok(strstr(table_with(RENDER_TABLE, 0, NULL, "", 0), "\n(none)  ") !=
	    NULL, "an empty key");

	/* CSV: the decoded text, quoted by RFC 4180, formulas defused. */
	csv_cell("{\"k\":\"a\\\"b\\\\c\\nd\"}", "\"a\"\"b\\c\nd\"", 10);
	csv_cell("{\"k\":\"\\tx\"}", "\"'\tx\"", 5);
	csv_cell("{\"k\":\"\\rx\"}", "\"'\rx\"", 5);
	csv_cell("{\"k\":\"=1+1\"}", "\"'=1+1\"", 7);
	csv_cell("{\"k\":\"@x\"}", "\"'@x\"", 5);
	csv_cell("{\"k\":\"+1\"}", "\"'+1\"", 5);
	csv_cell("{\"k\":\"-3\"}", "\"'-3\"", 5);
	csv_cell("{\"k\":-3}", "-3", 2);
	csv_cell("{\"k\":\"x=1\"}", "x=1", 3);
	csv_cell("{\"k\":\"a,b\"}", "\"a,b\"", 5);
	csv_cell("{\"k\":\"a\\u0000b\"}", "a\xef\xbf\xbd" "b", 5);
	csv_cell("{\"k\":\"\\u001b]0;x\\u0007\"}", "\x1b]0;x\x07", 6);
	csv_cell("{\"k\":\"caf\\u00e9\"}", "caf\xc3\xa9", 5);
	return done_testing();
}
