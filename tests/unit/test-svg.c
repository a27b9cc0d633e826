/*
 * test-svg.c - the HTML report's charts (svg.h): escaping of hostile text,
 * bad UTF-8 and control characters; values as the charts print them; nice
 * axes; gaps, lone points and empty charts; thinned and shortened labels;
 * the same bytes twice; and every chart well-formed XML, by a strict
 * little checker here (itself shown to reject broken documents) and by
 * xmllint(1) when it is installed.
 *
 * With SVG_EXAMPLES=DIR in the environment, one chart of each kind is
 * also written to DIR/line.svg, DIR/bars.svg and DIR/heatmap.svg to be
 * looked at.
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "jsonl.h"
#include "svg.h"
#include "unit.h"

#define HOSTILE "</svg><script>alert(\"x\")</script>&'"
#define HOSTILE_ESCAPED "&lt;/svg&gt;&lt;script&gt;alert(&quot;x&quot;)" \
    "&lt;/script&gt;&amp;&#39;"

/* b's text, NUL-terminated (the NUL not counted). */
static const char *
text(struct jsonl_buf *b)
{
	jsonl_buf_append(b, "", 1);
	b->len--;
	return b->data;
}

static size_t
count(const char *s, const char *needle)
{
	size_t n = 0, len = strlen(needle);

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += len;
	}
	return n;
}

static void
test_escape(void)
{
	static const struct {
		const char *in;
		size_t len;
		const char *want;
		const char *what;
	} cases[] = {
		{ "</svg><script>alert(\"x\")&'", 26,
		    "&lt;/svg&gt;&lt;script&gt;alert(&quot;x&quot;)&amp;&#39;",
		    "markup" },
		{ "a\x01" "b\tc\nd\re\x7f" "f\x1f", 12, "ab\tcdef",
		    "controls but tab dropped" },
		{ "a\0b", 3, "ab", "a NUL dropped" },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xef\xbf\xbd", 18,
		    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xef\xbf\xbd",
		    "valid UTF-8 kept" },
		{ "\xff", 1, "\xef\xbf\xbd", "0xFF" },
		{ "a\x80" "b", 3, "a\xef\xbf\xbd" "b", "a stray continuation" },
		{ "a\xc3", 2, "a\xef\xbf\xbd", "cut at the end" },
		{ "\xe2\x82x", 3, "\xef\xbf\xbd\xef\xbf\xbdx",
		    "a short sequence: each byte" },
		{ "\xc0\xaf", 2, "\xef\xbf\xbd\xef\xbf\xbd", "overlong" },
		{ "\xed\xa0\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
		    "a surrogate" },
		{ "\xf4\x90\x80\x80", 4, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbd", "above U+10FFFF" },
		{ "<\xef\xbf\xbe\xef\xbf\xbf>", 8,
		    "&lt;\xef\xbf\xbd\xef\xbf\xbd&gt;",
		    "U+FFFE and U+FFFF, not XML characters" },
		{ "", 0, "", "empty" },
	};
	struct jsonl_buf b = { 0 };
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		b.len = 0;
		svg_escape(&b, cases[i].in, cases[i].len);
		is_str(text(&b), cases[i].want, "escape: %s", cases[i].what);
	}
	b.len = 0;
	svg_escape(&b, HOSTILE, strlen(HOSTILE));
	is_str(text(&b), HOSTILE_ESCAPED, "escape: the hostile name");
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
		{ 1.5, SVG_SECONDS, "1.5s" }, { 0.04, SVG_SECONDS, "0s" },
		{ 59.97, SVG_SECONDS, "1m" }, { 61, SVG_SECONDS, "1m" },
		{ 90, SVG_SECONDS, "1.5m" }, { 252, SVG_SECONDS, "4.2m" },
		{ 300, SVG_SECONDS, "5m" }, { 5400, SVG_SECONDS, "1.5h" },
		{ 7200, SVG_SECONDS, "2h" }, { 86219, SVG_SECONDS, "23.9h" },
		{ 86300, SVG_SECONDS, "1d" }, { 259200, SVG_SECONDS, "3d" },
		{ 267840, SVG_SECONDS, "3.1d" }, { -90, SVG_SECONDS, "-1.5m" },
		{ -0.01, SVG_SECONDS, "0s" },
		{ 0, SVG_COUNT, "0" }, { 7, SVG_COUNT, "7" },
		{ 1234, SVG_COUNT, "1234" }, { 2.5, SVG_COUNT, "2.5" },
		{ 2.04, SVG_COUNT, "2" }, { 1e6, SVG_COUNT, "1000000" },
		{ -0.0, SVG_COUNT, "0" },
		{ 0.853, SVG_RATIO, "85%" }, { 1, SVG_RATIO, "100%" },
		{ 0, SVG_RATIO, "0%" }, { 0.9996, SVG_RATIO, "100%" },
		{ -0.001, SVG_RATIO, "0%" },
		{ NAN, SVG_SECONDS, "-" }, { NAN, SVG_COUNT, "-" },
		{ NAN, SVG_RATIO, "-" }, { INFINITY, SVG_COUNT, "-" },
	};
	char out[32];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		svg_format_value(cases[i].v, cases[i].unit, out, sizeof(out));
		is_str(out, cases[i].want, "value %g (unit %d) is %s",
		    cases[i].v, (int)cases[i].unit, cases[i].want);
	}
	memcpy(out, "xyz", 4);
	svg_format_value(1234, SVG_COUNT, out, 0);
	is_str(out, "xyz", "cap 0: nothing written");
	svg_format_value(1234, SVG_COUNT, out, 3);
	is_str(out, "12", "cap 3: truncated");
}

/* An entity or character reference at p: its length, 0 if it is none. */
static size_t
reference(const char *p)
{
	static const char *const named[] = { "&amp;", "&lt;", "&gt;",
	    "&quot;", "&apos;" };
	size_t i, n;

	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strncmp(p, named[i], strlen(named[i])) == 0)
			return strlen(named[i]);
	if (strncmp(p, "&#x", 3) == 0)
		n = 3 + strspn(p + 3, "0123456789abcdefABCDEF");
	else if (strncmp(p, "&#", 2) == 0)
		n = 2 + strspn(p + 2, "0123456789");
	else
		return 0;
	return p[n] == ';' && n > 3 ? n + 1 : 0;
}

static size_t
xml_name(const char *p)
{
	size_t n;

	if (!(*p == '_' || *p == ':' || (*p >= 'a' && *p <= 'z') ||
	    (*p >= 'A' && *p <= 'Z')))
		return 0;
	n = 1 + strspn(p + 1, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:.-");
	return n < 32 ? n : 0;
}

/*
 * A strict check of the XML the charts write: one root element <svg>;
 * every tag closed in order; attributes name="value" with double quotes,
 * no '<' and only valid references inside, no name twice in a tag; in
 * text no raw '<' or '>' and only valid references; no control character
 * but tab, CR and newline.  Returns NULL, or where it went wrong.
 */
static const char *
xml_check(const char *s)
{
	char stack[32][32], attrs[32][32];
	const char *p = s;
	size_t n, k, a, nattrs;
	int depth = 0, rooted = 0;

	if (strncmp(s, "<svg ", 5) != 0)
		return s;
	while (*p != '\0') {
		if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n' &&
		    *p != '\r')
			return p;
		if (*p == '&') {
			if ((n = reference(p)) == 0)
				return p;
			p += n;
			continue;
		}
		if (*p == '>' || (*p != '<' && depth == 0))
			return p;
		if (*p != '<') {
			p++;
			continue;
		}
		if (p[1] == '/') {
			n = xml_name(p + 2);
			if (n == 0 || depth == 0 || p[2 + n] != '>' ||
			    strlen(stack[depth - 1]) != n ||
			    strncmp(stack[depth - 1], p + 2, n) != 0)
				return p;
			depth--;
			p += 3 + n;
			if (depth == 0 && *p != '\0')
				return p;
			continue;
		}
		if ((n = xml_name(p + 1)) == 0 || (rooted && depth == 0))
			return p;
		if (depth == 32)
			return p;
		memcpy(stack[depth], p + 1, n);
		stack[depth][n] = '\0';
		p += 1 + n;
		nattrs = 0;
		for (;;) {
			if (*p == '>') {
				depth++;
				p++;
				break;
			}
			if (p[0] == '/' && p[1] == '>') {
				p += 2;
				if (depth == 0)
					return *p == '\0' ? NULL : p;
				break;
			}
			if (*p != ' ' || (n = xml_name(p + 1)) == 0 ||
			    p[1 + n] != '=' || p[2 + n] != '"' || nattrs == 32)
				return p;
			for (a = 0; a < nattrs; a++)
				if (strlen(attrs[a]) == n &&
				    strncmp(attrs[a], p + 1, n) == 0)
					return p;
			memcpy(attrs[nattrs], p + 1, n);
			attrs[nattrs++][n] = '\0';
			for (p += 3 + n; *p != '"'; p += k) {
				k = 1;
				if (*p == '\0' || *p == '<' ||
				    (*p == '&' && (k = reference(p)) == 0) ||
				    ((unsigned char)*p < 0x20 && *p != '\t'))
					return p;
			}
			p++;
		}
		rooted = 1;
	}
	return depth == 0 && rooted ? NULL : p;
}

/* Whether xmllint(1) can be run: 1 yes, 0 no. */
static int
have_xmllint(void)
{
	static int known = -1;

	if (known < 0)
		known = system("command -v xmllint >/dev/null 2>&1") == 0;
	return known;
}

/* xmllint's verdict on doc: 1 well-formed, 0 not or xmllint failed. */
static int
xmllint(const char *doc)
{
	FILE *f;
	int status;

	if ((f = popen("xmllint --noout - 2>/dev/null", "w")) == NULL)
		return 0;
	fputs(doc, f);
	status = pclose(f);
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* The checker and xmllint both reject broken documents. */
static void
test_checker(void)
{
	static const char *const bad[] = {
		"<svg a=\"1\"><g></svg>", "<svg a=\"1><text/></svg>",
		"<svg a=\"1\"><text>a < b</text></svg>",
		"<svg a=\"1\"><text>a &bad; b</text></svg>",
		"<svg a=\"1\"><text>a & b</text></svg>",
		"<svg a=\"1\" a=\"2\"></svg>", "<svg a='1'></svg>",
		"<svg a=\"1\"></svg><svg a=\"1\"></svg>",
		"<svg a=\"<\"></svg>", "<svg a=\"1\"><text>\x01</text></svg>",
		"<svg a=\"1\"><text>x</text>",
	};
	static const char good[] = "<svg a=\"1 &amp; 2\"><g/><text b=\"&#39;\">"
	    "x &lt; y &#x2026;</text></svg>";
	size_t i;

	ok(xml_check(good) == NULL, "checker: accepts a good document");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(xml_check(bad[i]) != NULL, "checker: rejects %s", bad[i]);
	if (!have_xmllint())
		skip(2, "no xmllint");
	else {
		ok(xmllint(good), "xmllint: accepts a good document");
		ok(!xmllint(bad[2]), "xmllint: rejects a raw <");
	}
}

/* Well-formed, one <svg> of its kind with its ids, no markup let in. */
static void
check_chart(struct jsonl_buf *b, const char *kind, const char *id,
    const char *what)
{
	const char *s = text(b), *err = xml_check(s);
	char want[256];

	ok(err == NULL, "%s: well-formed", what);
	if (err != NULL)
		diag("at byte %zu: %.60s", (size_t)(err - s), err);
	if (!have_xmllint())
		skip(1, "no xmllint");
	else
		ok(xmllint(s), "%s: xmllint finds it well-formed", what);
	snprintf(want, sizeof(want), "<svg "
	    "xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-%s\" "
	    "data-chart=\"%s\" viewBox=\"0 0 720 ",
	    kind, id);
	ok(strncmp(s, want, strlen(want)) == 0, "%s: class, data-chart and "
	    "viewBox", what);
	snprintf(want, sizeof(want), "width=\"100%%\" role=\"img\" "
	    "aria-labelledby=\"%s-title %s-desc\"", id, id);
	ok(strstr(s, want) != NULL, "%s: role and aria-labelledby", what);
	snprintf(want, sizeof(want), "<title id=\"%s-title\">", id);
	ok(strstr(s, want) != NULL && (snprintf(want, sizeof(want),
	    "<desc id=\"%s-desc\">", id), strstr(s, want) != NULL),
	    "%s: the title and desc it names", what);
	ok(count(s, "<svg") == 1 && count(s, "</svg>") == 1 &&
	    strcmp(s + b->len - 6, "</svg>") == 0, "%s: one element", what);
	ok(strstr(s, "<script") == NULL && strstr(s, "alert(\"") == NULL,
	    "%s: no markup from the data", what);
}

/* Whether the tag at p has the attribute attr="value" given. */
static int
in_tag(const char *p, const char *attr)
{
	const char *at = strstr(p, attr);

	return at != NULL && at < strchr(p, '>');
}

/*
 * The texts of class "axis" anchored at anchor, in order, joined by
 * spaces into out.
 */
static const char *
axis_texts(const char *s, const char *anchor, char *out, size_t cap)
{
	const char *p = s, *gt, *end;
	char want[48];
	size_t len = 0;

	snprintf(want, sizeof(want), "text-anchor=\"%s\"", anchor);
	out[0] = '\0';
	while ((p = strstr(p, "<text class=\"axis\"")) != NULL) {
		gt = strchr(p, '>');
		end = strstr(gt, "</text>");
		if (in_tag(p, want) && len + (size_t)(end - gt) + 1 < cap) {
			if (len > 0)
				out[len++] = ' ';
			memcpy(out + len, gt + 1, (size_t)(end - gt - 1));
			len += (size_t)(end - gt - 1);
			out[len] = '\0';
		}
		p = end;
	}
	return out;
}

/* The y axis of a one-series line chart of values[0..n). */
static const char *
y_axis(const double *values, size_t n, enum svg_unit unit, char *out,
    size_t cap)
{
	static const char *const labels[4] = { "a", "b", "c", "d" };
	const struct svg_series s = { "x", values };
	struct jsonl_buf b = { 0 };

	svg_line_chart(&b, "y", "t", "d", labels, n, &s, 1, unit, "y");
	axis_texts(text(&b), "end", out, cap);
	jsonl_buf_free(&b);
	return out;
}

static void
test_axes(void)
{
	static const double c87[2] = { 12, 87 }, c3[1] = { 3 },
	    c2[1] = { 2 }, c100[1] = { 100 }, s3500[2] = { 100, 3500 },
	    s100[1] = { 100 }, s4[1] = { 4 }, week[1] = { 604800 },
	    days200[1] = { 200 * 86400.0 }, none[1] = { NAN },
	    neg[2] = { -5, 7 };
	char out[256];

	is_str(y_axis(c87, 2, SVG_COUNT, out, sizeof(out)),
	    "0 20 40 60 80 100", "axis: count 87 -> 100 by 20");
	is_str(y_axis(c100, 1, SVG_COUNT, out, sizeof(out)),
	    "0 20 40 60 80 100", "axis: count 100 -> 100 by 20");
	is_str(y_axis(c3, 1, SVG_COUNT, out, sizeof(out)), "0 1 2 3 4 5",
	    "axis: count 3 -> 5 by 1");
	is_str(y_axis(c2, 1, SVG_COUNT, out, sizeof(out)), "0 0.5 1 1.5 2",
	    "axis: count 2 -> 2 by 0.5");
	is_str(y_axis(neg, 2, SVG_COUNT, out, sizeof(out)), "0 2 4 6 8 10",
	    "axis: from 0 with a negative value");
	is_str(y_axis(none, 1, SVG_COUNT, out, sizeof(out)),
	    "0 0.2 0.4 0.6 0.8 1", "axis: no count -> 1");
	is_str(y_axis(s3500, 2, SVG_SECONDS, out, sizeof(out)),
	    "0s 15m 30m 45m 1h", "axis: 3500 s -> 1h by 15m");
	is_str(y_axis(s100, 1, SVG_SECONDS, out, sizeof(out)),
	    "0s 30s 1m 1.5m 2m", "axis: 100 s -> 2m by 30s");
	is_str(y_axis(s4, 1, SVG_SECONDS, out, sizeof(out)),
	    "0s 1s 2s 3s 4s", "axis: 4 s -> 4s by 1s");
	is_str(y_axis(week, 1, SVG_SECONDS, out, sizeof(out)),
	    "0s 2d 4d 6d 8d", "axis: a week -> 8d by 2d");
	is_str(y_axis(days200, 1, SVG_SECONDS, out, sizeof(out)),
	    "0s 50d 100d 150d 200d", "axis: 200 days -> by 50d");
	is_str(y_axis(none, 1, SVG_SECONDS, out, sizeof(out)),
	    "0s 15s 30s 45s 1m", "axis: no duration -> 1m");
}

static void
test_line(void)
{
	static const char *const days[5] = { "d1", "d2", "d3", "d4",
	    HOSTILE };
	static const double gappy[5] = { 1, 2, NAN, 4, 5 },
	    lonely[5] = { 3, NAN, 87, NAN, NAN },
	    none[5] = { NAN, NAN, NAN, NAN, NAN };
	const struct svg_series two[2] = { { "chat", gappy },
	    { HOSTILE, lonely } };
	const struct svg_series empty[1] = { { "email", none } };
	struct jsonl_buf b = { 0 }, again = { 0 };
	const char *s;

	svg_line_chart(&b, "inbound", HOSTILE, HOSTILE, days, 5, two, 2,
	    SVG_COUNT, HOSTILE);
	check_chart(&b, "line", "inbound", "line chart");
	s = text(&b);
	ok(count(s, HOSTILE_ESCAPED) >= 5, "line: the hostile texts are "
	    "there, escaped");
	is_int((long long)count(s, "<polyline"), 2, "line: a gap breaks the "
	    "line in two; lone values draw none");
	is_int((long long)count(s, "<circle"), 6, "line: a dot for each of "
	    "the 6 values, none for a gap");
	ok(strstr(s, "<title>chat d3:") == NULL && strstr(s,
	    "<title>chat d2: 2</title>") != NULL, "line: the gap has no dot");
	ok(strstr(s, "stroke=\"#0072B2\" stroke-width=\"2\" points=\""
	    "128.0,248.0 256.0,246.0\"") != NULL, "line: the first run's "
	    "points, in the first colour");
	ok(strstr(s, "fill=\"#E69F00\"") != NULL, "line: the second series "
	    "in the second colour");
	ok(strstr(s, ">chat</text>") != NULL, "line: the legend");
	ok(strstr(s, "no data") == NULL, "line: data, so no \"no data\"");
	svg_line_chart(&again, "inbound", HOSTILE, HOSTILE, days, 5, two, 2,
	    SVG_COUNT, HOSTILE);
	ok(b.len == again.len && memcmp(b.data, again.data, b.len) == 0,
	    "line: the same bytes twice");

	b.len = 0;
	svg_line_chart(&b, "one", "One day", "", days, 1, two, 2, SVG_COUNT,
	    "events");
	check_chart(&b, "line", "one", "one day");
	s = text(&b);
	ok(count(s, "<circle") == 2 && count(s, "<polyline") == 0 &&
	    strstr(s, "cx=\"384.0\"") != NULL, "one day: a centred dot for "
	    "each series, no line");

	b.len = 0;
	svg_line_chart(&b, "frt", "FRT", "median", days, 5, empty, 1,
	    SVG_SECONDS, "seconds");
	check_chart(&b, "line", "frt", "all NaN");
	s = text(&b);
	ok(strstr(s, ">no data</text>") != NULL && strstr(s, "<polyline") ==
	    NULL && strstr(s, "<circle") == NULL, "all NaN: no data, no line, "
	    "no dot");
	ok(count(s, "class=\"grid\"") == 6, "all NaN: the frame is drawn");

	b.len = 0;
	svg_line_chart(&b, "nothing", "Nothing", "", NULL, 0, NULL, 0,
	    SVG_COUNT, NULL);
	check_chart(&b, "line", "nothing", "no category, no series");
	ok(strstr(text(&b), ">no data</text>") != NULL, "no category: no "
	    "data");
	jsonl_buf_free(&b);
	jsonl_buf_free(&again);
}

/* x labels of a 60-day line chart: at most 12, never overlapping. */
static void
test_thinning(void)
{
	char names[60][16], out[1024];
	const char *labels[60];
	double y[60], xs[60], prev = -1e9, gap = 1e9;
	const struct svg_series s = { "chat", y };
	struct jsonl_buf b = { 0 };
	const char *p;
	size_t i, shown = 0;

	for (i = 0; i < 60; i++) {
		snprintf(names[i], sizeof(names[i]), "2026-%02zu-%02zu",
		    1 + i / 28, 1 + i % 28);
		labels[i] = names[i];
		y[i] = (double)i;
	}
	svg_line_chart(&b, "days", "Days", "", labels, 60, &s, 1, SVG_COUNT,
	    "events");
	check_chart(&b, "line", "days", "60 days");
	for (p = text(&b); (p = strstr(p, "<text class=\"axis\" x=\"")) !=
	    NULL; p++)
		if (in_tag(p, "text-anchor=\"middle\"") && shown < 60)
			xs[shown++] = strtod(p + 22, NULL);
	for (i = 0; i < shown; i++) {
		if (xs[i] - prev < gap)
			gap = xs[i] - prev;
		prev = xs[i];
	}
	ok(shown >= 6 && shown <= 12, "60 days: %zu x labels shown", shown);
	ok(gap >= 10 * 0.6 * 11, "60 days: labels %.1f apart, wider than "
	    "one", gap);
	b.len = 0;
	svg_line_chart(&b, "days", "Days", "", labels, 5, &s, 1, SVG_COUNT,
	    "events");
	is_str(axis_texts(text(&b), "middle", out, sizeof(out)), "2026-01-01 "
	    "2026-01-02 2026-01-03 2026-01-04 2026-01-05", "5 days: all shown");
	jsonl_buf_free(&b);
}

static void
test_bars(void)
{
	static const char *const labels[4] = { "chat", "phone", HOSTILE,
	    "a queue with a name far too long for its place" };
	static const double v[4] = { 0.5, NAN, 0.9, 1 }, counts[2] = { 3,
	    87 };
	struct jsonl_buf b = { 0 }, again = { 0 };
	char out[256];
	const char *s;

	svg_bar_chart(&b, "sla", "SLA", "attainment", labels, v, 4, SVG_RATIO,
	    0.8);
	check_chart(&b, "bars", "sla", "bar chart");
	s = text(&b);
	is_str(axis_texts(s, "middle", out, sizeof(out)), "0% 20% 40% 60% 80% "
	    "100% target 80%", "bars: 0..100%% and the target labelled");
	ok(strstr(s, "<line class=\"target\" x1=\"556.8\"") != NULL &&
	    strstr(s, "stroke-dasharray") != NULL, "bars: a dashed target "
	    "line at 80%%");
	ok(strstr(s, "width=\"248.0\" height=\"20.0\"") != NULL &&
	    strstr(s, ">50%</text>") != NULL, "bars: 50%% is half the axis, "
	    "its value printed");
	ok(strstr(s, ">-</text>") != NULL && strstr(s, "phone: -") == NULL &&
	    count(s, "<rect") == 3, "bars: NaN is \"-\" and no bar");
	ok(strstr(s, HOSTILE_ESCAPED) != NULL, "bars: the hostile label "
	    "escaped");
	ok(strstr(s, "<title>a queue with a name far too long for its place"
	    "</title>a queue with a name f\xe2\x80\xa6</text>") != NULL,
	    "bars: a long label shortened, whole in its tooltip");
	svg_bar_chart(&again, "sla", "SLA", "attainment", labels, v, 4,
	    SVG_RATIO, 0.8);
	ok(b.len == again.len && memcmp(b.data, again.data, b.len) == 0,
	    "bars: the same bytes twice");

	b.len = 0;
	svg_bar_chart(&b, "counts", "Counts", "", labels, counts, 2, SVG_COUNT,
	    -1);
	check_chart(&b, "bars", "counts", "counts, no target");
	s = text(&b);
	ok(strstr(s, "stroke-dasharray") == NULL && strstr(s, "target") ==
	    NULL, "no target: no line");
	is_str(axis_texts(s, "middle", out, sizeof(out)), "0 20 40 60 80 100",
	    "bars: count 87 -> 100");

	b.len = 0;
	svg_bar_chart(&b, "none", "None", "", NULL, NULL, 0, SVG_RATIO, -1);
	check_chart(&b, "bars", "none", "no bars");
	jsonl_buf_free(&b);
	jsonl_buf_free(&again);
}

static void
test_heatmap(void)
{
	static const char *const rows[2] = { "Mon", HOSTILE };
	static const char *const cols[3] = { "00", "01", "02" };
	static const double grid[6] = { 0, 1, NAN, 5, 2, 10 };
	static const char *const channels[3] = { "chat",
	    "a-very-long-channel-name-indeed-yes", "phone" };
	static const double moves[9] = { 0, 3, 1, 2, 0, 0, 7, 1, 0 };
	static const char *const days[7] = { "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
	char hours[24][4], out[1024];
	const char *hour_labels[24];
	double week[168];
	struct jsonl_buf b = { 0 }, again = { 0 };
	const char *s;
	size_t i;

	svg_heatmap(&b, "coverage", "Coverage", "hours", rows, 2, cols, 3,
	    grid, SVG_COUNT, 1);
	check_chart(&b, "heatmap", "coverage", "heatmap");
	s = text(&b);
	ok(strstr(s, "<title>" HOSTILE_ESCAPED " 02: 10</title>") != NULL,
	    "heatmap: a cell's tooltip ROW COL: VALUE");
	ok(strstr(s, "fill=\"url(#coverage-empty)\"><title>Mon 02: -</title>")
	    != NULL && strstr(s, "<pattern id=\"coverage-empty\"") != NULL,
	    "heatmap: an empty cell hatched");
	ok(strstr(s, "fill=\"#08519C\"><title>" HOSTILE_ESCAPED " 02: 10")
	    != NULL, "heatmap: the largest darkest");
	ok(strstr(s, "fill=\"#EFF3FF\"><title>Mon 00: 0") != NULL,
	    "heatmap: 0 lightest");
	ok(strstr(s, "fill=\"#6BAED6\"><title>" HOSTILE_ESCAPED " 00: 5")
	    != NULL, "heatmap: half the largest in the 4th step");
	ok(count(s, ">10</text>") == 2, "heatmap: values printed in cells "
	    "(and the legend's top)");
	svg_heatmap(&again, "coverage", "Coverage", "hours", rows, 2, cols, 3,
	    grid, SVG_COUNT, 1);
	ok(b.len == again.len && memcmp(b.data, again.data, b.len) == 0,
	    "heatmap: the same bytes twice");

	b.len = 0;
	svg_heatmap(&b, "transitions", "Transitions", "from row to column",
	    channels, 3, channels, 3, moves, SVG_COUNT, 1);
	check_chart(&b, "heatmap", "transitions", "transition matrix");
	s = text(&b);
	ok(strstr(s, "<title>phone chat: 7</title>") != NULL, "transitions: "
	    "row = from, column = to");
	is_str(axis_texts(s, "middle", out, sizeof(out)), "chat "
	    "<title>a-very-long-channel-name-indeed-yes</title>"
	    "a-very-long-channel-name-ind\xe2\x80\xa6 phone",
	    "transitions: every column named, long ones shortened");

	for (i = 0; i < 24; i++) {
		snprintf(hours[i], sizeof(hours[i]), "%02zu", i);
		hour_labels[i] = hours[i];
	}
	for (i = 0; i < 168; i++)
		week[i] = (double)(i % 24 >= 9 && i % 24 < 18 ? i % 7 : 0);
	b.len = 0;
	svg_heatmap(&b, "week", "Week", "hours", days, 7, hour_labels, 24,
	    week, SVG_COUNT, 0);
	check_chart(&b, "heatmap", "week", "7 x 24");
	s = text(&b);
	is_int((long long)count(s, "</title></rect>"), 168, "7 x 24: 168 "
	    "cells with tooltips");
	ok(strstr(s, ">23</text>") != NULL && strstr(s, ">01</text>") !=
	    NULL, "7 x 24: every hour labelled");
	ok(strstr(s, "<defs>") == NULL, "7 x 24: no empty cell, no hatching");
	ok(strstr(s, ">6</text>") != NULL && count(s, "<text class=\"label\"")
	    == 7, "7 x 24: no values printed, the legend's 0 and 6");

	b.len = 0;
	svg_heatmap(&b, "empty", "Empty", "", NULL, 0, NULL, 0, NULL,
	    SVG_COUNT, 1);
	check_chart(&b, "heatmap", "empty", "0 x 0");
	jsonl_buf_free(&b);
	jsonl_buf_free(&again);
}

/* One chart of each kind into $SVG_EXAMPLES, to be looked at. */
static void
examples(const char *dir)
{
	static const char *const weeks[8] = { "2026-W01", "2026-W02",
	    "2026-W03", "2026-W04", "2026-W05", "2026-W06", "2026-W07",
	    "2026-W08" };
	static const double chat[8] = { 240, 310, 95, NAN, 150, 200, 180, 90 },
	    email[8] = { 3600, 4100, 5200, 2900, 3100, NAN, NAN, 2400 },
	    phone[8] = { 30, 45, 40, 38, 52, 41, 33, 29 };
	const struct svg_series series[3] = { { "chat", chat },
	    { "email", email }, { "phone", phone } };
	static const char *const queues[5] = { "chat", "email", "phone",
	    "whatsapp", "<b>web form</b>" };
	static const double sla[5] = { 0.92, 0.64, 0.853, NAN, 0.71 };
	static const char *const channels[4] = { "chat", "email", "phone",
	    "whatsapp" };
	static const double moves[16] = { 0, 12, 30, 4, 8, 0, 15, 1, 22, 9,
	    0, 6, 3, 0, 11, NAN };
	struct jsonl_buf b = { 0 };
	char path[4096];
	FILE *f;
	int i;

	for (i = 0; i < 3; i++) {
		b.len = 0;
		if (i == 0)
			svg_line_chart(&b, "frt-median", "Median first "
			    "response time", "Median first response time per "
			    "channel and week.", weeks, 8, series, 3,
			    SVG_SECONDS, "first response time");
		else if (i == 1)
			svg_bar_chart(&b, "sla", "SLA attainment", "Share of "
			    "inbound conversations answered within target.",
			    queues, sla, 5, SVG_RATIO, 0.8);
		else
			svg_heatmap(&b, "transitions", "Channel transitions",
			    "From the row's channel to the column's.",
			    channels, 4, channels, 4, moves, SVG_COUNT, 1);
		snprintf(path, sizeof(path), "%s/%s", dir, i == 0 ? "line.svg" :
		    i == 1 ? "bars.svg" : "heatmap.svg");
		if ((f = fopen(path, "w")) == NULL)
			continue;
		fwrite(b.data, 1, b.len, f);
		fputc('\n', f);
		fclose(f);
	}
	jsonl_buf_free(&b);
}

int
main(void)
{
	const char *dir = getenv("SVG_EXAMPLES");

	signal(SIGPIPE, SIG_IGN);	/* xmllint may stop reading early */
	test_escape();
	test_values();
	test_checker();
	test_axes();
	test_line();
	test_thinning();
	test_bars();
	test_heatmap();
	if (dir != NULL && dir[0] != '\0')
		examples(dir);
	return done_testing();
}
