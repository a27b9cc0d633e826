/*
 * svg.c - inline SVG charts (svg.h).
 *
 * Text widths are estimated (0.6 em a character) so that labels can be
 * thinned and shortened the same way on every machine; the browser never
 * measures anything for us.
 */
#include "svg.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "scan.h"

/* ColorBrewer Blues, 6 classes, light to dark, for the heatmaps. */
static const char *const blues[6] = { "#EFF3FF", "#C6DBEF", "#9ECAE1",
    "#6BAED6", "#3182BD", "#08519C" };

#define PALETTE_SIZE 8
#define WIDTH 720
#define FONT 11			/* axis and label text, px */
#define CHAR_W (0.6 * FONT)	/* estimated width of a character */
#define ELLIPSIS "\xE2\x80\xA6"	/* U+2026 */
#define REPLACEMENT "\xEF\xBF\xBD"	/* U+FFFD */

/* Okabe-Ito, ordered so that the first series differ most. */
static const char *const palette[PALETTE_SIZE] = { "#0072B2",
    "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
    "#000000" };

static void
put(struct jsonl_buf *b, const char *s)
{
	jsonl_buf_append(b, s, strlen(s));
}

static void putf(struct jsonl_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Only numbers and fixed words go through here: 256 bytes is plenty. */
static void
putf(struct jsonl_buf *b, const char *fmt, ...)
{
	char text[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n > 0)
		jsonl_buf_append(b, text, (size_t)n < sizeof(text) ?
		    (size_t)n : sizeof(text) - 1);
}

/* A text from the caller, escaped; NULL is empty. */
static void
put_text(struct jsonl_buf *b, const char *s)
{
	if (s != NULL)
		svg_escape(b, s, strlen(s));
}

/* The number of characters (UTF-8 lead bytes) of s, NULL 0. */
static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; s != NULL && *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* The length in bytes of s's first max characters (all of s if fewer). */
static size_t
prefix(const char *s, size_t max)
{
	size_t i, n = 0;

	for (i = 0; s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == max)
			break;
	return i;
}

/*
 * s escaped, shortened to max characters (the last an ellipsis); a
 * shortened text keeps its whole self in a <title>, a tooltip.  For use
 * inside <text>.
 */
static void
put_short(struct jsonl_buf *b, const char *s, size_t max)
{
	if (chars(s) <= max) {
		put_text(b, s);
		return;
	}
	put(b, "<title>");
	put_text(b, s);
	put(b, "</title>");
	svg_escape(b, s, prefix(s, max > 1 ? max - 1 : 1));
	put(b, ELLIPSIS);
}

/* The estimated width of s once shortened to max characters. */
static double
text_width(const char *s, size_t max)
{
	size_t n = chars(s);

	return CHAR_W * (double)(n < max ? n : max);
}

/* Whether p[0..n) is U+FFFE or U+FFFF, not XML characters. */
static int
xml_nonchar(const unsigned char *p, size_t n)
{
	return n == 3 && p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE ||
	    p[2] == 0xBF);
}

void
svg_escape(struct jsonl_buf *b, const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	const char *ref;
	size_t i = 0, run = 0, len;

	while (i < n) {
		ref = NULL;
		len = 1;
		if (u[i] >= 0x80) {
			len = u[i] >= 0xF0 ? 4 : u[i] >= 0xE0 ? 3 :
			    u[i] >= 0xC0 ? 2 : 1;
			if (len > n - i || scan_utf8_valid_prefix(p + i,
			    len) != len) {
				ref = REPLACEMENT;
				len = 1;
			} else if (xml_nonchar(u + i, len))
				ref = REPLACEMENT;
		} else if (u[i] == '&')
			ref = "&amp;";
		else if (u[i] == '<')
			ref = "&lt;";
		else if (u[i] == '>')
			ref = "&gt;";
		else if (u[i] == '"')
			ref = "&quot;";
		else if (u[i] == '\'')
			ref = "&#39;";
		else if ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7F)
			ref = "";
		if (ref != NULL) {
			jsonl_buf_append(b, p + run, i - run);
			put(b, ref);
			run = i + len;
		}
		i += len;
	}
	jsonl_buf_append(b, p + run, n - run);
}

/* x to one decimal, without ".0", never "-0", then suffix. */
static void
decimal(double x, const char *suffix, char *out, size_t cap)
{
	double r = round(x * 10) / 10;

	if (r == 0)
		r = 0;
	snprintf(out, cap, r == trunc(r) ? "%.0f%s" : "%.1f%s", r, suffix);
}

void
svg_format_value(double v, enum svg_unit unit, char *out, size_t cap)
{
	static const struct {
		double size;	/* seconds */
		double next;	/* this many make the next unit */
		const char *suffix;
	} units[] = { { 1, 60, "s" }, { 60, 60, "m" }, { 3600, 24, "h" },
	    { 86400, 0, "d" } };
	size_t k;
	double r;

	if (cap == 0)
		return;
	if (!isfinite(v)) {
		snprintf(out, cap, "-");
		return;
	}
	switch (unit) {
	case SVG_RATIO:
		r = round(v * 100);
		snprintf(out, cap, "%.0f%%", r == 0 ? 0 : r);
		return;
	case SVG_SECONDS:
		/* The unit in which the rounded value stays below the next
		   one's size: 59.97 s is "1m", not "60.0s". */
		for (k = 0; k < 3; k++)
			if (round(fabs(v) / units[k].size * 10) / 10 <
			    units[k].next)
				break;
		decimal(v / units[k].size, units[k].suffix, out, cap);
		return;
	case SVG_COUNT:
	default:
		decimal(v, "", out, cap);
		return;
	}
}

/*
 * The count rule: the first of 1, 2, 2.5, 5 x 10^k at or above max, in
 * steps of 0.2, 0.5, 0.5, 1 x 10^k.  Powers of ten by repeated
 * multiplication (exact for integers), not pow(), for the same bytes
 * everywhere.
 */
static void
nice_count(double max, double *top, double *step)
{
	static const double mult[4] = { 1, 2, 2.5, 5 }, steps[4] = { 0.2, 0.5,
	    0.5, 1 };
	double p = 1;
	size_t i;

	while (p * 10 <= max)
		p *= 10;
	while (p > max)
		p /= 10;
	for (;; p *= 10)
		for (i = 0; i < 4; i++)
			if (mult[i] * p >= max) {
				*top = mult[i] * p;
				*step = steps[i] * p;
				return;
			}
}

/* The axis from 0 for values up to max, by the rules of svg.h. */
static void
nice_axis(double max, enum svg_unit unit, double *top, double *step,
    int *nsteps)
{
	static const double spans[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300,
	    600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400, 172800,
	    259200, 604800, 1209600, 2592000 };
	size_t i, nspans = sizeof(spans) / sizeof(spans[0]);
	double n;

	if (!(max > 0) || !isfinite(max))
		max = unit == SVG_SECONDS ? 60 : 1;
	if (max > 1e300)
		max = 1e300;	/* so that the top stays finite */
	if (unit == SVG_RATIO && max <= 1) {
		*top = 1;
		*step = 0.2;
	} else if (unit == SVG_SECONDS && max <= spans[nspans - 1] * 5) {
		for (i = 0; spans[i] * 5 < max; i++)
			;
		*step = spans[i];
		n = ceil(max / *step);
		*top = *step * (n < 3 ? 3 : n);
	} else if (unit == SVG_SECONDS) {
		nice_count(max / 86400, top, step);
		*top *= 86400;
		*step *= 86400;
	} else
		nice_count(max, top, step);
	*nsteps = (int)round(*top / *step);
}

/*
 * <svg ...><title>..</title><desc>..</desc> and the visible title.
 */
static void
open_svg(struct jsonl_buf *b, const char *id, const char *kind,
    const char *title, const char *desc, double height)
{
	putf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart "
	    "chart-%s\" data-chart=\"", kind);
	put_text(b, id);
	putf(b, "\" viewBox=\"0 0 %d %.0f\" width=\"100%%\" role=\"img\" "
	    "aria-labelledby=\"", WIDTH, ceil(height));
	put_text(b, id);
	put(b, "-title ");
	put_text(b, id);
	put(b, "-desc\" font-family=\"sans-serif\"><title id=\"");
	put_text(b, id);
	put(b, "-title\">");
	put_text(b, title);
	put(b, "</title><desc id=\"");
	put_text(b, id);
	put(b, "-desc\">");
	put_text(b, desc);
	put(b, "</desc><text class=\"title\" x=\"8\" y=\"20\" "
	    "font-size=\"15\" font-weight=\"bold\" fill=\"#222\">");
	put_short(b, title, (size_t)((WIDTH - 16) / (0.6 * 15)));
	put(b, "</text>");
}

/* A text at x, y, shortened to max characters. */
static void
label(struct jsonl_buf *b, const char *cls, double x, double y,
    const char *anchor, const char *s, size_t max)
{
	putf(b, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" "
	    "font-size=\"%d\" fill=\"#444\">", cls, x, y, anchor, FONT);
	put_short(b, s, max);
	put(b, "</text>");
}

static void
line(struct jsonl_buf *b, const char *cls, double x1, double y1, double x2,
    double y2, const char *stroke)
{
	putf(b, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
	    "y2=\"%.1f\" stroke=\"%s\"/>", cls, x1, y1, x2, y2, stroke);
}

/* A tooltip "A B: VALUE" (b_part may be NULL). */
static void
tooltip(struct jsonl_buf *b, const char *a, const char *b_part,
    const char *value)
{
	put(b, "<title>");
	put_text(b, a);
	if (b_part != NULL) {
		put(b, " ");
		put_text(b, b_part);
	}
	put(b, ": ");
	put_text(b, value);
	put(b, "</title>");
}

/* The chart's share of v on an axis from 0 to top, clamped to [0, 1]. */
static double
share(double v, double top)
{
	double s = v / top;

	return s < 0 ? 0 : s > 1 ? 1 : s;
}

#define LINE_LEFT 64.0
#define LINE_RIGHT (WIDTH - 16.0)
#define LINE_TOP 52.0
#define LINE_BOTTOM 250.0
#define LINE_LABEL_MAX 16	/* characters of an x label */
#define LEGEND_MAX 24		/* characters of a series name */

static double
line_x(size_t i, size_t n)
{
	return LINE_LEFT + (LINE_RIGHT - LINE_LEFT) * ((double)i + 0.5) /
	    (double)n;
}

/* The legend's entries flow left to right; returns the last line's y. */
static double
legend(struct jsonl_buf *b, const struct svg_series *series, size_t nseries,
    double y)
{
	double x = 8, w;
	size_t s;

	for (s = 0; s < nseries; s++) {
		w = 16 + text_width(series[s].name, LEGEND_MAX) + 20;
		if (x > 8 && x + w > WIDTH - 8) {
			x = 8;
			y += 18;
		}
		putf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" "
		    "height=\"12\" fill=\"%s\"/>", x, y - 10,
		    palette[s % PALETTE_SIZE]);
		label(b, "label", x + 16, y, "start", series[s].name,
		    LEGEND_MAX);
		x += w;
	}
	return y;
}

void
svg_line_chart(struct jsonl_buf *b, const char *id, const char *title,
    const char *desc, const char *const *labels, size_t n,
    const struct svg_series *series, size_t nseries, enum svg_unit unit,
    const char *y_title)
{
	struct jsonl_buf body = { 0 };
	double max = 0, top, step, v, x, y, w, widest = 0, every, height;
	char text[32];
	size_t i, j, s;
	int any = 0, k, nsteps;

	for (s = 0; s < nseries; s++)
		for (i = 0; i < n; i++)
			if (isfinite(v = series[s].y[i])) {
				any = 1;
				if (v > max)
					max = v;
			}
	nice_axis(max, unit, &top, &step, &nsteps);

	/* Drawn first into body: the legend decides the height. */
	label(&body, "axis", 8, 40, "start", y_title, 60);
	for (k = 0; k <= nsteps; k++) {
		v = step * k;
		y = LINE_BOTTOM - (LINE_BOTTOM - LINE_TOP) * share(v, top);
		line(&body, "grid", LINE_LEFT, y, LINE_RIGHT, y,
		    k == 0 ? "#888" : "#ddd");
		svg_format_value(v, unit, text, sizeof(text));
		label(&body, "axis", LINE_LEFT - 6, y + 4, "end", text, 12);
	}
	line(&body, "grid", LINE_LEFT, LINE_TOP, LINE_LEFT, LINE_BOTTOM,
	    "#888");

	/* x labels: at most 12, and never closer than their width. */
	for (i = 0; i < n; i++)
		if ((w = text_width(labels[i], LINE_LABEL_MAX)) > widest)
			widest = w;
	every = ceil((double)n / 12);
	if (n > 0 && ceil((widest + 8) / ((LINE_RIGHT - LINE_LEFT) /
	    (double)n)) > every)
		every = ceil((widest + 8) / ((LINE_RIGHT - LINE_LEFT) /
		    (double)n));
	for (i = 0; i < n; i++)
		if (fmod((double)i, every) == 0)
			label(&body, "axis", line_x(i, n), LINE_BOTTOM + 16,
			    "middle", labels[i], LINE_LABEL_MAX);
	if (!any)
		putf(&body, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"middle\" font-size=\"13\" fill=\"#666\">"
		    "no data</text>", (LINE_LEFT + LINE_RIGHT) / 2,
		    (LINE_TOP + LINE_BOTTOM) / 2);

	for (s = 0; s < nseries; s++) {
		const char *colour = palette[s % PALETTE_SIZE];
		const double *ys = series[s].y;

		/* One polyline for each run of two or more values. */
		for (i = 0; i < n; i = j) {
			for (; i < n && !isfinite(ys[i]); i++)
				;
			for (j = i; j < n && isfinite(ys[j]); j++)
				;
			if (j - i < 2)
				continue;
			putf(&body, "<polyline fill=\"none\" stroke=\"%s\" "
			    "stroke-width=\"2\" points=\"", colour);
			for (; i < j; i++)
				putf(&body, "%.1f,%.1f%s", line_x(i, n),
				    LINE_BOTTOM - (LINE_BOTTOM - LINE_TOP) *
				    share(ys[i], top), i + 1 < j ? " " : "");
			put(&body, "\"/>");
		}
		for (i = 0; i < n; i++) {
			if (!isfinite(ys[i]))
				continue;
			x = line_x(i, n);
			y = LINE_BOTTOM - (LINE_BOTTOM - LINE_TOP) *
			    share(ys[i], top);
			svg_format_value(ys[i], unit, text, sizeof(text));
			putf(&body, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
			    "fill=\"%s\">", x, y, colour);
			tooltip(&body, series[s].name, labels[i], text);
			put(&body, "</circle>");
		}
	}
	height = legend(&body, series, nseries, LINE_BOTTOM + 42) + 12;
	open_svg(b, id, "line", title, desc, height);
	jsonl_buf_append(b, body.data, body.len);
	put(b, "</svg>");
	jsonl_buf_free(&body);
}

#define BAR_LEFT 160.0
#define BAR_RIGHT (WIDTH - 64.0)
#define BAR_FIRST 48.0
#define BAR_H 20.0
#define BAR_GAP 8.0
#define BAR_LABEL_MAX 22

void
svg_bar_chart(struct jsonl_buf *b, const char *id, const char *title,
    const char *desc, const char *const *labels, const double *values,
    size_t n, enum svg_unit unit, double target)
{
	const double end = BAR_FIRST + (BAR_H + BAR_GAP) * (double)n;
	double max = 0, top, step, v, w, x, y;
	char text[32], tag[48];
	size_t i;
	int k, nsteps;

	for (i = 0; i < n; i++)
		if (isfinite(values[i]) && values[i] > max)
			max = values[i];
	if (isfinite(target) && target > max)
		max = target;
	nice_axis(max, unit, &top, &step, &nsteps);
	open_svg(b, id, "bars", title, desc, end + 24);

	/* The value axis below the bars, its grid behind them. */
	for (k = 0; k <= nsteps; k++) {
		v = step * k;
		x = BAR_LEFT + (BAR_RIGHT - BAR_LEFT) * share(v, top);
		line(b, "grid", x, BAR_FIRST - 4, x, end, k == 0 ? "#888" :
		    "#eee");
		svg_format_value(v, unit, text, sizeof(text));
		label(b, "axis", x, end + 14, "middle", text, 12);
	}
	for (i = 0; i < n; i++) {
		y = BAR_FIRST + (BAR_H + BAR_GAP) * (double)i;
		label(b, "label", BAR_LEFT - 8, y + 14, "end", labels[i],
		    BAR_LABEL_MAX);
		svg_format_value(values[i], unit, text, sizeof(text));
		w = isfinite(values[i]) ? (BAR_RIGHT - BAR_LEFT) *
		    share(values[i], top) : 0;
		if (isfinite(values[i])) {
			putf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			    "height=\"%.1f\" fill=\"%s\">", BAR_LEFT, y, w,
			    BAR_H, palette[0]);
			tooltip(b, labels[i], NULL, text);
			put(b, "</rect>");
		}
		label(b, "label", BAR_LEFT + w + 6, y + 14, "start", text, 12);
	}
	if (target >= 0 && isfinite(target)) {
		x = BAR_LEFT + (BAR_RIGHT - BAR_LEFT) * share(target, top);
		putf(b, "<line class=\"target\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\" "
		    "stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>", x,
		    BAR_FIRST - 8, x, end);
		svg_format_value(target, unit, text, sizeof(text));
		snprintf(tag, sizeof(tag), "target %s", text);
		label(b, "axis", x, BAR_FIRST - 12, "middle", tag, 24);
	}
	put(b, "</svg>");
}

#define HEAT_LEFT 104.0
#define HEAT_FIRST 56.0
#define HEAT_ROW_MAX 15

void
svg_heatmap(struct jsonl_buf *b, const char *id, const char *title,
    const char *desc, const char *const *row_labels, size_t rows,
    const char *const *col_labels, size_t cols, const double *values,
    enum svg_unit unit, int show_values)
{
	const double cw = (WIDTH - HEAT_LEFT - 16) / (double)(cols ? cols : 1);
	const double ch = show_values ? 28 : 20;
	const double end = HEAT_FIRST + ch * (double)rows;
	double max = 0, v, x, y, widest = 0, every;
	char text[32];
	size_t r, c, shade, col_max;
	int any = 0, empty = 0;

	for (r = 0; r < rows * cols; r++) {
		if (!isfinite(values[r]))
			empty = 1;
		else {
			any = 1;
			if (values[r] > max)
				max = values[r];
		}
	}
	open_svg(b, id, "heatmap", title, desc, end + (any ? 44 : 16));
	if (empty) {
		put(b, "<defs><pattern id=\"");
		put_text(b, id);
		put(b, "-empty\" width=\"6\" height=\"6\" "
		    "patternUnits=\"userSpaceOnUse\"><rect width=\"6\" "
		    "height=\"6\" fill=\"#F7F7F7\"/><path d=\"M0,6 L6,0\" "
		    "stroke=\"#BBB\" stroke-width=\"1\"/></pattern></defs>");
	}

	/* Column labels shortened to their cell, then thinned if need be. */
	col_max = (size_t)((cw - 4) / CHAR_W);
	if (col_max < 2)
		col_max = 2;
	for (c = 0; c < cols; c++)
		if ((v = text_width(col_labels[c], col_max)) > widest)
			widest = v;
	every = cols > 0 ? ceil((widest + 4) / cw) : 1;
	for (c = 0; c < cols; c++)
		if (fmod((double)c, every) == 0)
			label(b, "axis", HEAT_LEFT + cw * ((double)c + 0.5),
			    HEAT_FIRST - 6, "middle", col_labels[c], col_max);

	for (r = 0; r < rows; r++) {
		y = HEAT_FIRST + ch * (double)r;
		label(b, "label", HEAT_LEFT - 6, y + ch / 2 + 4, "end",
		    row_labels[r], HEAT_ROW_MAX);
		for (c = 0; c < cols; c++) {
			v = values[r * cols + c];
			x = HEAT_LEFT + cw * (double)c;
			shade = !isfinite(v) || !(max > 0) ? 0 :
			    (size_t)floor(share(v, max) * 6);
			if (shade > 5)
				shade = 5;
			svg_format_value(v, unit, text, sizeof(text));
			putf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			    "height=\"%.1f\" stroke=\"#fff\" fill=\"", x, y,
			    cw, ch);
			if (isfinite(v))
				put(b, blues[shade]);
			else {
				put(b, "url(#");
				put_text(b, id);
				put(b, "-empty)");
			}
			put(b, "\">");
			tooltip(b, row_labels[r], col_labels[c], text);
			put(b, "</rect>");
			if (show_values && isfinite(v))
				putf(b, "<text class=\"label\" x=\"%.1f\" "
				    "y=\"%.1f\" text-anchor=\"middle\" "
				    "font-size=\"%d\" fill=\"%s\">%s</text>",
				    x + cw / 2, y + ch / 2 + 4, FONT,
				    shade >= 4 ? "#fff" : "#222", text);
		}
	}

	/* The legend: the scale from 0 to the largest value. */
	if (any) {
		y = end + 14;
		svg_format_value(0, unit, text, sizeof(text));
		label(b, "axis", HEAT_LEFT - 6, y + 10, "end", text, 12);
		for (c = 0; c < 6; c++)
			putf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"24\" "
			    "height=\"12\" fill=\"%s\"/>", HEAT_LEFT +
			    24 * (double)c, y, blues[c]);
		svg_format_value(max, unit, text, sizeof(text));
		label(b, "axis", HEAT_LEFT + 150, y + 10, "start", text, 12);
	}
	put(b, "</svg>");
}
