/*
 * test-partial.c - partial reports: a report's state written and read
 * back is the same report (counts exact, percentiles within the sketch's
 * error); two partials of halves make the report of the whole; partials
 * that do not fit together, files that are not partials, and partials
 * with numbers no report can hold (1e999, 1e300), are refused with their
 * reason.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event.h"
#include "metrics.h"
#include "partial.h"
#include "sketch.h"
#include "unit.h"

static const char *const events[] = {
	"{\"id\":\"a1\",\"ts\":\"2024-03-04T09:00:00.000Z\",\"channel\":\"chat\","
	"\"direction\":\"in\",\"conversation\":\"a\",\"customer\":\"ana\"}",
	"{\"id\":\"a2\",\"ts\":\"2024-03-04T09:02:00.000Z\",\"channel\":\"chat\","
	"\"direction\":\"out\",\"actor\":\"agent\",\"conversation\":\"a\"}",
	"{\"id\":\"b1\",\"ts\":\"2024-03-04T10:00:00.000Z\",\"channel\":\"chat\","
	"\"direction\":\"in\",\"conversation\":\"b\",\"customer\":\"bo\"}",
	"{\"id\":\"b2\",\"ts\":\"2024-03-04T10:10:00.000Z\",\"channel\":\"chat\","
	"\"direction\":\"out\",\"actor\":\"agent\",\"conversation\":\"b\"}",
	"{\"id\":\"c1\",\"ts\":\"2024-03-04T11:00:00.000Z\",\"channel\":\"email\","
	"\"direction\":\"in\",\"conversation\":\"c\",\"customer\":\"cy\"}",
};

static const struct metrics_key by_channel[1] = { { KEY_FIELD, "channel" } };
static const struct metrics_key by_day[2] = { { KEY_FIELD, "channel" },
    { KEY_DAY, "day" } };

/* The partial of events[from..to) into path. */
static void
write_partial(const char *path, size_t from, size_t to,
    const struct metrics_key *keys, size_t nkeys)
{
	struct metrics_options o;
	struct metrics *m, *series;
	struct event_view ev;
	struct event_error err;
	struct partial_info info;
	struct partial_rows rep;
	struct jsonl_writer w;
	FILE *f = fopen(path, "w");
	size_t i;

	memset(&o, 0, sizeof(o));
	o.keys = keys;
	o.nkeys = nkeys;
	o.callback_ms = 24 * 3600 * 1000;
	m = metrics_new(&o);
	o.keys = by_day;
	o.nkeys = 2;
	series = metrics_new(&o);
	event_view_init(&ev);
	for (i = from; i < to; i++)
		if (event_parse(&ev, events[i], strlen(events[i]), &err) == 0) {
			metrics_add(m, &ev);
			metrics_add(series, &ev);
		}
	memset(&rep, 0, sizeof(rep));
	metrics_finish(m, &rep.rows, &rep.nrows);
	metrics_finish(series, &rep.series, &rep.nseries);
	rep.omni = metrics_omni(m);
	rep.coverage = metrics_coverage(m);
	memset(&info, 0, sizeof(info));
	info.keys = keys;
	info.nkeys = nkeys;
	info.zone = "Europe/Madrid";
	jsonl_writer_init(&w, fileno(f), 0);
	ok(partial_write(&w, &info, &rep) == 0 && jsonl_writer_flush(&w) == 0,
	    "%s written", path);
	jsonl_writer_free(&w);
	fclose(f);
	event_view_free(&ev);
	metrics_free(m);
	metrics_free(series);
}

static int
near(double got, double want)
{
	return fabs(got - want) <= SKETCH_ALPHA * fabs(want) + 1e-9;
}

static void
test_round_trip(void)
{
	struct partial *p = partial_new();
	struct metrics_row *rows;
	struct stats_summary s;
	size_t n;
	char err[256];

	write_partial("p-all.json", 0, 5, by_channel, 1);
	ok(partial_read(p, "p-all.json", err, sizeof(err)) == 0, "read back");
	partial_rows(p, &rows, &n);
	is_int((long long)n, 2, "two rows: chat and email");
	is_str(rows[0].keys[0], "chat", "chat first");
	ok(rows[0].inbound == 2 && rows[0].outbound == 2 &&
	    rows[0].conversations == 2 && rows[0].answered == 2,
	    "chat's counts");
	stats_summarize(&rows[0].dur[DUR_FRT], STATS_LINEAR, &s);
	ok(s.count == 2 && s.mean == 360 && s.max == 600 && near(s.median,
	    360), "FRT 120 and 600: mean 360 and max 600 exact, median %g",
	    s.median);
	ok(rows[1].unanswered == 1, "email unanswered");
	is_str(partial_info(p)->zone, "Europe/Madrid", "its parameters kept");
	partial_series(p, &rows, &n);
	ok(n == 2 && strcmp(rows[0].keys[1], "2024-03-04") == 0,
	    "the series by channel and day");
	partial_free(p);
}

static void
test_halves(void)
{
	struct partial *p = partial_new();
	struct metrics_row *rows;
	struct stats_summary s;
	size_t n;
	char err[256];

	write_partial("p-1.json", 0, 2, by_channel, 1);
	write_partial("p-2.json", 2, 5, by_channel, 1);
	ok(partial_read(p, "p-1.json", err, sizeof(err)) == 0 &&
	    partial_read(p, "p-2.json", err, sizeof(err)) == 0, "two halves");
	partial_rows(p, &rows, &n);
	stats_summarize(&rows[0].dur[DUR_FRT], STATS_LINEAR, &s);
	ok(n == 2 && rows[0].conversations == 2 && rows[0].customers == 2 &&
	    s.count == 2 && rows[0].dur[DUR_FRT].sum == 720,
	    "combined: as the whole");
	ok(near(s.p90, 120 + 0.9 * 480), "p90 552 within 1%%: %g", s.p90);
	partial_free(p);
}

static void
refused(const char *text, const char *want, const char *what)
{
	struct partial *p = partial_new();
	FILE *f = fopen("bad.json", "w");
	char err[256] = "";

	fputs(text, f);
	fclose(f);
	ok(partial_read(p, "bad.json", err, sizeof(err)) != 0, "%s: refused",
	    what);
	is_str(err, want, "%s: its reason", what);
	partial_free(p);
}

static void
test_refused(void)
{
	struct partial *p = partial_new();
	char err[256];

	write_partial("p-day.json", 0, 5, by_day, 2);
	ok(partial_read(p, "p-all.json", err, sizeof(err)) == 0, "one");
	ok(partial_read(p, "p-day.json", err, sizeof(err)) != 0,
	    "another --by: refused");
	is_str(err, "p-day.json: made with --by channel,day, not channel",
	    "its reason");
	partial_free(p);
	p = partial_new();
	ok(partial_read(p, "missing.json", err, sizeof(err)) != 0 &&
	    strcmp(err, "missing.json: No such file or directory") == 0,
	    "a missing file: %s", err);
	partial_free(p);
	refused("{\"id\":\"x\"}\n", "bad.json: not a partial report of this "
	    "version (\"canal_partial\": 1)", "an event");
	refused("{\"canal_partial\":1,\"alpha\":0.02}", "bad.json: made with "
	    "another sketch accuracy", "another accuracy");
	refused("[1,", "bad.json:1:3: not a partial report (invalid JSON)",
	    "cut short");
	refused("{\"canal_partial\":1,\"alpha\":0.01,\"by\":[\"channel\"],"
	    "\"rows\":[{\"keys\":[\"chat\"],\"inbound\":-1}],\"series\":[]}",
	    "bad.json: row 1 is not a partial row", "a negative count");
	refused("{\"canal_partial\":1,\"alpha\":0.01,\"by\":[\"channel\"],"
	    "\"rows\":[],\"series\":[],\"omni\":{},\"coverage\":{}}",
	    "bad.json: not a partial report (its rows or views)",
	    "empty views");
}

/* The text of p-all.json with the first from replaced by to (its tail
   after the first until, when until is not NULL). */
static char *
edited(const char *from, const char *until, const char *to)
{
	static char text[65536];
	static char out[65536 + 256];
	FILE *f = fopen("p-all.json", "r");
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	const char *at, *end;

	fclose(f);
	text[n] = '\0';
	if ((at = strstr(text, from)) == NULL)
		return NULL;
	end = at + strlen(from);
	if (until != NULL && (end = strstr(end, until)) == NULL)
		return NULL;
	if (until != NULL)
		end += strlen(until);
	snprintf(out, sizeof(out), "%.*s%s%s", (int)(at - text), text, to,
	    end);
	return out;
}

/* Where jansson says a token that ends before needle's end is: line 1,
   the column of its last byte (from 1). */
static int
column_of_end(const char *text, const char *needle)
{
	return (int)(strstr(text, needle) - text) + (int)strlen(needle);
}

static void
test_numbers_refused(void)
{
	static const char frt[] = "\"frt\":{\"count\":2,\"sum\":720.0,"
	    "\"max\":600.0";
	static const char range[] = "a number out of range (not finite, or "
	    "beyond 1e12)";
	struct partial *p;
	char want[256], err[256], *text;

	/* The partial as written reads back (the edits below are the only
	   fault). */
	text = edited(frt, NULL, frt);
	ok(text != NULL, "p-all.json has the FRT of chat");
	p = partial_new();
	ok(partial_read(p, "p-all.json", err, sizeof(err)) == 0,
	    "unedited: read");
	partial_free(p);

	/* 1e999: jansson refuses it, said as a number out of range. */
	text = edited(frt, NULL, "\"frt\":{\"count\":2,\"sum\":1e999,"
	    "\"max\":600.0");
	snprintf(want, sizeof(want), "bad.json:1:%d: not a partial report "
	    "(a number out of range)", column_of_end(text, "\"sum\":1e999"));
	refused(text, want, "sum 1e999");
	text = edited(frt, NULL, "\"frt\":{\"count\":2,\"sum\":720.0,"
	    "\"max\":-1e999");
	snprintf(want, sizeof(want), "bad.json:1:%d: not a partial report "
	    "(a number out of range)", column_of_end(text, "\"max\":-1e999"));
	refused(text, want, "max -1e999");

	/* Finite, but beyond any report. */
	snprintf(want, sizeof(want), "bad.json: row 1, \"frt\": %s", range);
	refused(edited(frt, NULL, "\"frt\":{\"count\":2,\"sum\":720.0,"
	    "\"max\":1e300"), want, "max 1e300");
	refused(edited(frt, NULL, "\"frt\":{\"count\":2,\"sum\":1e300,"
	    "\"max\":600.0"), want, "sum 1e300");
	refused(edited(frt, NULL, "\"frt\":{\"count\":2,\"sum\":3e12,"
	    "\"max\":600.0"), want, "sum beyond count times 1e12");
	refused(edited(frt, "]]", "\"frt\":{\"count\":2,\"sum\":720.0,"
	    "\"max\":600.0,\"bins\":[[1,240,1],[1,1000000,1]]"), want,
	    "a bin of infinity");
	refused(edited(frt, "]]", "\"frt\":{\"count\":2,\"sum\":720.0,"
	    "\"max\":600.0,\"bins\":[[-1,2000,1],[1,240,1]]"), want,
	    "a bin of -2.4e17");
	snprintf(want, sizeof(want), "bad.json: omni, \"touchpoints\": %s",
	    range);
	refused(edited("\"touchpoints\":{", "}", "\"touchpoints\":{"
	    "\"count\":0,\"sum\":0.0,\"max\":1e13,\"bins\":[]}"), want,
	    "omni touchpoints max 1e13");
	snprintf(want, sizeof(want), "bad.json: coverage, \"frt\" of hour 0: "
	    "%s", range);
	refused(edited("\"frt\":[{\"count\":0,\"sum\":0.0,\"max\":0.0",
	    NULL, "\"frt\":[{\"count\":0,\"sum\":0.0,\"max\":1e300"),
	    want, "coverage hour 0 max 1e300");

	/* At the bound: combined, finite. */
	p = partial_new();
	text = edited(frt, "]]", "\"frt\":{\"count\":2,\"sum\":2e12,"
	    "\"max\":1e12,\"bins\":[[1,1000,1],[1,1382,1]]");
	{
		FILE *f = fopen("big.json", "w");

		fputs(text, f);
		fclose(f);
	}
	ok(partial_read(p, "big.json", err, sizeof(err)) == 0 &&
	    partial_read(p, "big.json", err, sizeof(err)) == 0,
	    "1e12 twice: combined (%s)", err);
	{
		struct metrics_row *rows;
		struct stats_summary s;
		size_t n;

		partial_rows(p, &rows, &n);
		stats_summarize(&rows[0].dur[DUR_FRT], STATS_LINEAR, &s);
		ok(s.count == 4 && s.mean == 1e12 && s.max == 1e12 &&
		    isfinite(s.median) && isfinite(s.p95),
		    "1e12 twice: finite (mean %g, median %g)", s.mean, s.median);
	}
	partial_free(p);
	unlink("big.json");
}

int
main(void)
{
	char dir[] = "/tmp/test-partial.XXXXXX";

	if (mkdtemp(dir) == NULL || chdir(dir) != 0)
		return 1;
	test_round_trip();
	test_halves();
	test_refused();
	test_numbers_refused();
	unlink("p-all.json");
	unlink("p-1.json");
	unlink("p-2.json");
	unlink("p-day.json");
	unlink("bad.json");
	if (chdir("/") != 0 || rmdir(dir) != 0)
		diag("could not remove %s", dir);
	return done_testing();
}
