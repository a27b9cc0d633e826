/*
 * test-svg.c - the HTML report's charts: escaping of hostile text and bad
 * UTF-8, values as the charts print them, nice axes, gaps and empty
 * charts, the same bytes twice, and every chart well-formed XML (checked
 * by xmllint when it is there, by a small tag balance check always).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "jsonl.h"
#include "svg.h"
#include "unit.h"

static const char *
text(struct jsonl_buf *b)
{
	jsonl_buf_append(b, "", 1);
	b->len--;
	return b->data;
}

static void
test_escape(void)
{
	struct jsonl_buf b = { 0 };

	svg_escape(&b, "</svg><script>alert(\"x\")</script>&'", 36);
	is_str(text(&b), "&lt;/svg&gt;&lt;script&gt;alert(&quot;x&quot;)"
	    "&lt;/script&gt;&amp;&#39;", "markup escaped");
	b.len = 0;
	svg_escape(&b, "a\x01" "b\tc\x7f" "d\xff" "e\xc3\xa9", 11);
	is_str(text(&b), "ab\tcd\xEF\xBF\xBD" "e\xc3\xa9", "control characters "
	    "dropped, a bad byte U+FFFD, UTF-8 kept");
	jsonl_buf_free(&b);
}

static void
test_values(void)
{
	static const struct {
		double v;
		enum svg_unit unit;
		const char *want;
	} cases[] = {
		{ 0, SVG_SECONDS, "0s" }, { 45, SVG_SECONDS, "45s" },
		{ 1.5, SVG_SECONDS, "1.5s" }, { 252, SVG_SECONDS, "4.2m" },
		{ 300, SVG_SECONDS, "5m" }, { 7200, SVG_SECONDS, "2h" },
		{ 5400, SVG_SECONDS, "1.5h" }, { 259200, SVG_SECONDS, "3d" },
		{ 0, SVG_COUNT, "0" }, { 7, SVG_COUNT, "7" },
		{ 1234, SVG_COUNT, "1234" }, { 2.5, SVG_COUNT, "2.5" },
		{ 0.853, SVG_RATIO, "85%" }, { 1, SVG_RATIO, "100%" },
		{ NAN, SVG_SECONDS, "-" }, { NAN, SVG_COUNT, "-" },
	};
	char out[32];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		svg_format_value(cases[i].v, cases[i].unit, out, sizeof(out));
		is_str(out, cases[i].want, "%g as %s", cases[i].v,
		    cases[i].want);
	}
}

/* Every tag closed in order, quotes balanced, no raw "<" in text. */
static int
balanced(const char *s)
{
	char stack[64][32];
	int depth = 0;
	const char *p = s, *end;
	size_t n;

	while ((p = strchr(p, '<')) != NULL) {
		if ((end = strchr(p, '>')) == NULL)
			return 0;
		n = strcspn(p + 1, " >/");
		if (p[1] == '/') {
			n = strcspn(p + 2, ">");
			if (depth == 0 || strlen(stack[depth - 1]) != n ||
			    strncmp(stack[depth - 1], p + 2, n) != 0)
				return 0;
			depth--;
		} else if (end[-1] != '/') {
			if (depth == 64 || n >= 32)
				return 0;
			memcpy(stack[depth], p + 1, n);
			stack[depth++][n] = '\0';
		}
		for (const char *q = p; q < end; q++)
			if (q > p && *q == '<')
				return 0;
		p = end + 1;
	}
	return depth == 0;
}

/* xmllint's verdict: 1 well-formed, 0 not, -1 no xmllint here. */
static int
xmllint(const char *svg)
{
	FILE *f;

	if (access("/usr/bin/xmllint", X_OK) != 0)
		return -1;
	if ((f = popen("xmllint --noout - 2>/dev/null", "w")) == NULL)
		return -1;
	fputs(svg, f);
	return pclose(f) == 0;
}

static void
check_xml(const char *svg, const char *what)
{
	int lint = xmllint(svg);

	ok(balanced(svg), "%s: tags balanced", what);
	if (lint < 0)
		skip(1, "no xmllint");
	else
		ok(lint == 1, "%s: xmllint finds it well-formed", what);
}

static void
test_charts(void)
{
	static const char *const days[3] = { "2024-03-25", "2024-03-26",
	    "<b>&" };
	static const double a[3] = { 3, NAN, 87 }, none[3] = { NAN, NAN, NAN };
	const struct svg_series s[2] = { { "chat", a },
	    { "</svg><script>x</script>", a } };
	const struct svg_series empty[1] = { { "email", none } };
	static const char *const rows[2] = { "Mon", "Tue" };
	static const char *const cols[3] = { "00", "01", "02" };
	static const double grid[6] = { 0, 1, NAN, 5, 2, 10 };
	static const double bars[3] = { 0.5, NAN, 0.9 };
	struct jsonl_buf b = { 0 }, again = { 0 };

	svg_line_chart(&b, "inbound", "Inbound", "per day", days, 3, s, 2,
	    SVG_COUNT, "events");
	check_xml(text(&b), "line chart");
	ok(strstr(b.data, "class=\"chart chart-line\" data-chart=\"inbound\"") !=
	    NULL, "its class and data-chart");
	ok(strstr(b.data, "<script") == NULL && strstr(b.data,
	    "&lt;/svg&gt;&lt;script&gt;") != NULL, "a hostile series name "
	    "escaped");
	ok(strstr(b.data, ">100</text>") != NULL, "87 at most: the axis ends "
	    "at 100");
	ok(strstr(b.data, ">20</text>") != NULL, "in steps of 20");
	is_int((long long)(strstr(b.data, "<polyline") != NULL), 1,
	    "lines drawn");
	ok(strstr(b.data, "2024-03-26: -") == NULL, "no point for a gap");
	svg_line_chart(&again, "inbound", "Inbound", "per day", days, 3, s, 2,
	    SVG_COUNT, "events");
	ok(b.len == again.len && memcmp(b.data, again.data, b.len) == 0,
	    "the same bytes twice");
	b.len = 0;
	svg_line_chart(&b, "frt", "FRT", "median", days, 3, empty, 1,
	    SVG_SECONDS, "seconds");
	check_xml(text(&b), "an empty chart");
	ok(strstr(b.data, ">no data</text>") != NULL &&
	    strstr(b.data, "<polyline") == NULL, "no data, no line");
	b.len = 0;
	{
		static const double secs[2] = { 100, 3500 };
		const struct svg_series t[1] = { { "email", secs } };

		svg_line_chart(&b, "frt2", "FRT", "median", days, 2, t, 1,
		    SVG_SECONDS, "seconds");
		ok(strstr(b.data, ">1h</text>") != NULL &&
		    strstr(b.data, ">15m</text>") != NULL,
		    "3500 s at most: the axis ends at 1h, in steps of 15m");
	}
	b.len = 0;
	svg_bar_chart(&b, "sla", "SLA", "attainment", days, bars, 3, SVG_RATIO,
	    0.8);
	check_xml(text(&b), "bar chart");
	ok(strstr(b.data, ">50%</text>") != NULL && strstr(b.data,
	    ">-</text>") != NULL && strstr(b.data, "stroke-dasharray") != NULL,
	    "values, a dash for none, the target line");
	b.len = 0;
	svg_heatmap(&b, "coverage", "Coverage", "hours", rows, 2, cols, 3, grid,
	    SVG_COUNT, 1);
	check_xml(text(&b), "heatmap");
	ok(strstr(b.data, "<title>Tue 02: 10</title>") != NULL,
	    "a cell's tooltip");
	ok(strstr(b.data, "fill=\"#f4f4f4\"") != NULL, "an empty cell grey");
	ok(strstr(b.data, "fill=\"#08519C\"") != NULL, "the largest darkest");
	jsonl_buf_free(&b);
	jsonl_buf_free(&again);
}

int
main(void)
{
	test_escape();
	test_values();
	test_charts();
	return done_testing();
}
