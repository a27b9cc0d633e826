/*
 * svg.c - inline SVG charts (svg.h).
 */
#include "svg.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "scan.h"

/* Okabe-Ito, without black. */
static const char *const palette[8] = { "#0072B2", "#E69F00", "#009E73",
    "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999" };

/* Sequential blues, light to dark, for the heatmaps. */
static const char *const blues[6] = { "#EFF3FF", "#C6DBEF", "#9ECAE1",
    "#6BAED6", "#3182BD", "#08519C" };

#define WIDTH 720

static void
put(struct jsonl_buf *b, const char *s)
{
	jsonl_buf_append(b, s, strlen(s));
}

static void putf(struct jsonl_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
putf(struct jsonl_buf *b, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n > 0)
		jsonl_buf_append(b, text, (size_t)n < sizeof(text) ?
		    (size_t)n : sizeof(text) - 1);
}

static void
put_text(struct jsonl_buf *b, const char *s)
{
	svg_escape(b, s, strlen(s));
}

void
svg_escape(struct jsonl_buf *b, const char *p, size_t n)
{
	size_t i = 0, ok;

	while (i < n) {
		ok = scan_utf8_valid_prefix(p + i, n - i);
		for (size_t k = i; k < i + ok; k++) {
			unsigned char c = (unsigned char)p[k];

			if (c == '&')
				put(b, "&amp;");
			else if (c == '<')
				put(b, "&lt;");
			else if (c == '>')
				put(b, "&gt;");
			else if (c == '"')
				put(b, "&quot;");
			else if (c == '\'')
				put(b, "&#39;");
			else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				continue;
			else if (c == 0x7f)
				continue;
			else
				jsonl_buf_append(b, p + k, 1);
		}
		i += ok;
		if (i < n) {
			put(b, "\xEF\xBF\xBD");	/* U+FFFD */
			i++;
		}
	}
}

void
svg_format_value(double v, enum svg_unit unit, char *out, size_t cap)
{
	double a = fabs(v);

	if (isnan(v))
		snprintf(out, cap, "-");
	else if (unit == SVG_RATIO)
		snprintf(out, cap, "%.0f%%", v * 100);
	else if (unit == SVG_COUNT)
		snprintf(out, cap, v == floor(v) ? "%.0f" : "%.1f", v);
	else if (a < 60)
		snprintf(out, cap, a == floor(a) ? "%.0fs" : "%.1fs", v);
	else if (a < 3600)
		snprintf(out, cap, fmod(a, 60) == 0 ? "%.0fm" : "%.1fm",
		    v / 60);
	else if (a < 86400)
		snprintf(out, cap, fmod(a, 3600) == 0 ? "%.0fh" : "%.1fh",
		    v / 3600);
	else
		snprintf(out, cap, fmod(a, 86400) == 0 ? "%.0fd" : "%.1fd",
		    v / 86400);
}

/* The axis's top and step for values up to max (see svg.h). */
static void
nice_axis(double max, enum svg_unit unit, double *top, double *step)
{
	static const double spans[] = { 1, 5, 10, 15, 30, 60, 120, 300, 600,
	    900, 1800, 3600, 7200, 14400, 21600, 43200, 86400, 172800, 604800,
	    1209600, 2592000 };
	static const double mult[] = { 1, 2, 2.5, 5 };
	double p;
	size_t i;

	if (unit == SVG_RATIO) {
		*top = 1;
		*step = 0.2;
		return;
	}
	if (!(max > 0))
		max = 1;
	if (unit == SVG_SECONDS) {
		for (i = 0; i < sizeof(spans) / sizeof(spans[0]); i++)
			if (spans[i] * 5 >= max)
				break;
		*step = i < sizeof(spans) / sizeof(spans[0]) ? spans[i] :
		    ceil(max / 5 / 86400) * 86400;
		*top = *step * ceil(max / *step - 1e-9);
		return;
	}
	for (p = pow(10, floor(log10(max))); ; p *= 10)
		for (i = 0; i < 4; i++)
			if (mult[i] * p >= max - 1e-9) {
				*top = mult[i] * p;
				*step = *top / 5;
				return;
			}
}

/* <svg ...><title>..</title><desc>..</desc> */
static void
open_svg(struct jsonl_buf *b, const char *id, const char *kind,
    const char *title, const char *desc, int height)
{
	putf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart "
	    "chart-%s\" data-chart=\"", kind);
	put_text(b, id);
	putf(b, "\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
	    "aria-labelledby=\"", WIDTH, height);
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
	put(b, "</desc>");
	putf(b, "<text class=\"title\" x=\"8\" y=\"20\" font-size=\"15\" "
	    "font-weight=\"bold\" fill=\"#222\">");
	put_text(b, title);
	put(b, "</text>");
}

/* A text at x, y. */
static void
label(struct jsonl_buf *b, const char *cls, double x, double y,
    const char *anchor, const char *s)
{
	putf(b, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" "
	    "font-size=\"11\" fill=\"#444\">", cls, x, y, anchor);
	put_text(b, s);
	put(b, "</text>");
}

void
svg_line_chart(struct jsonl_buf *b, const char *id, const char *title,
    const char *desc, const char *const *labels, size_t n,
    const struct svg_series *series, size_t nseries, enum svg_unit unit,
    const char *y_title)
{
	const double left = 64, right = WIDTH - 16, top_y = 56, bottom = 250;
	double max = 0, axis_top, step, v, x, y, every;
	char text[32];
	size_t i, s;
	int height = 300 + 18 * (int)((nseries + 3) / 4), any = 0, drawing;

	for (s = 0; s < nseries; s++)
		for (i = 0; i < n; i++)
			if (!isnan(v = series[s].y[i])) {
				any = 1;
				if (v > max)
					max = v;
			}
	open_svg(b, id, "line", title, desc, height);
	nice_axis(max, unit, &axis_top, &step);
	label(b, "axis", 8, 40, "start", y_title);
	for (v = 0; v <= axis_top + step / 2; v += step) {
		y = bottom - (bottom - top_y) * v / axis_top;
		putf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		    "stroke=\"#ddd\"/>", left, y, right, y);
		svg_format_value(v, unit, text, sizeof(text));
		label(b, "axis", left - 6, y + 4, "end", text);
	}
	every = n > 12 ? ceil((double)n / 12) : 1;
	for (i = 0; i < n; i++) {
		x = n > 1 ? left + (right - left) * (double)i / (double)(n - 1) :
		    (left + right) / 2;
		if (fmod((double)i, every) == 0)
			label(b, "axis", x, bottom + 16, "middle", labels[i]);
	}
	if (!any)
		label(b, "label", (left + right) / 2, (top_y + bottom) / 2,
		    "middle", "no data");
	for (s = 0; s < nseries; s++) {
		const char *colour = palette[s % 8];

		drawing = 0;
		for (i = 0; i < n; i++) {
			if (isnan(v = series[s].y[i])) {
				if (drawing)
					put(b, "\"/>");
				drawing = 0;
				continue;
			}
			x = n > 1 ? left + (right - left) * (double)i /
			    (double)(n - 1) : (left + right) / 2;
			y = bottom - (bottom - top_y) * v / axis_top;
			if (!drawing)
				putf(b, "<polyline fill=\"none\" stroke=\"%s\" "
				    "stroke-width=\"2\" points=\"", colour);
			putf(b, "%s%.1f,%.1f", drawing ? " " : "", x, y);
			drawing = 1;
		}
		if (drawing)
			put(b, "\"/>");
		for (i = 0; i < n; i++)
			if (!isnan(v = series[s].y[i])) {
				x = n > 1 ? left + (right - left) * (double)i /
				    (double)(n - 1) : (left + right) / 2;
				y = bottom - (bottom - top_y) * v / axis_top;
				svg_format_value(v, unit, text, sizeof(text));
				putf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
				    "fill=\"%s\"><title>", x, y, colour);
				put_text(b, series[s].name);
				put(b, " ");
				put_text(b, labels[i]);
				put(b, ": ");
				put(b, text);
				put(b, "</title></circle>");
			}
		/* The legend: four series a line. */
		x = 8 + 176 * (double)(s % 4);
		y = bottom + 40 + 18 * (double)(s / 4);
		putf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" "
		    "fill=\"%s\"/>", x, y - 10, colour);
		label(b, "label", x + 16, y, "start", series[s].name);
	}
	put(b, "</svg>");
}

void
svg_bar_chart(struct jsonl_buf *b, const char *id, const char *title,
    const char *desc, const char *const *labels, const double *values,
    size_t n, enum svg_unit unit, double target)
{
	const double left = 150, right = WIDTH - 70, first = 44, bar = 22;
	double max = 0, axis_top, step, w, y;
	char text[32];
	size_t i;
	int height = (int)(first + (bar + 8) * (double)n + 30);

	for (i = 0; i < n; i++)
		if (!isnan(values[i]) && values[i] > max)
			max = values[i];
	if (target > max)
		max = target;
	nice_axis(max, unit, &axis_top, &step);
	open_svg(b, id, "bars", title, desc, height);
	for (i = 0; i < n; i++) {
		y = first + (bar + 8) * (double)i;
		label(b, "label", left - 8, y + 15, "end", labels[i]);
		svg_format_value(values[i], unit, text, sizeof(text));
		w = isnan(values[i]) ? 0 : (right - left) * values[i] /
		    axis_top;
		if (w > 0) {
			putf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			    "height=\"%.1f\" fill=\"%s\"><title>", left, y, w,
			    bar, palette[i % 8]);
			put_text(b, labels[i]);
			put(b, ": ");
			put(b, text);
			put(b, "</title></rect>");
		}
		label(b, "label", left + w + 6, y + 15, "start", text);
	}
	if (target >= 0) {
		w = left + (right - left) * target / axis_top;
		y = first + (bar + 8) * (double)n;
		putf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		    "stroke=\"#222\" stroke-dasharray=\"4 3\"/>", w, first - 6,
		    w, y);
		svg_format_value(target, unit, text, sizeof(text));
		label(b, "axis", w, y + 14, "middle", "target");
		label(b, "axis", w, first - 10, "middle", text);
	}
	put(b, "</svg>");
}

void
svg_heatmap(struct jsonl_buf *b, const char *id, const char *title,
    const char *desc, const char *const *row_labels, size_t rows,
    const char *const *col_labels, size_t cols, const double *values,
    enum svg_unit unit, int show_values)
{
	const double left = 96, first = 56;
	double max = 0, cw = (WIDTH - left - 16) / (double)(cols ? cols : 1);
	double ch = show_values ? 28 : 20, v, x, y;
	char text[32];
	size_t r, c, step;
	int height = (int)(first + ch * (double)rows + 44);

	for (r = 0; r < rows * cols; r++)
		if (!isnan(values[r]) && values[r] > max)
			max = values[r];
	open_svg(b, id, "heatmap", title, desc, height);
	for (c = 0; c < cols; c++) {
		x = left + cw * ((double)c + 0.5);
		if (cols <= 12 || c % 3 == 0)
			label(b, "axis", x, first - 6, "middle", col_labels[c]);
	}
	for (r = 0; r < rows; r++) {
		y = first + ch * (double)r;
		label(b, "label", left - 6, y + ch / 2 + 4, "end",
		    row_labels[r]);
		for (c = 0; c < cols; c++) {
			v = values[r * cols + c];
			x = left + cw * (double)c;
			step = isnan(v) || max <= 0 ? 0 :
			    (size_t)floor(v / max * 5.999);
			svg_format_value(v, unit, text, sizeof(text));
			putf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			    "height=\"%.1f\" fill=\"%s\" stroke=\"#fff\">"
			    "<title>", x, y, cw, ch, isnan(v) ? "#f4f4f4" :
			    blues[step]);
			put_text(b, row_labels[r]);
			put(b, " ");
			put_text(b, col_labels[c]);
			put(b, ": ");
			put(b, text);
			put(b, "</title></rect>");
			if (show_values && !isnan(v))
				putf(b, "<text x=\"%.1f\" y=\"%.1f\" "
				    "text-anchor=\"middle\" font-size=\"11\" "
				    "fill=\"%s\">%s</text>", x + cw / 2,
				    y + ch / 2 + 4, step >= 4 ? "#fff" : "#222",
				    text);
		}
	}
	/* The legend: the scale from 0 to the largest value. */
	y = first + ch * (double)rows + 14;
	label(b, "axis", left - 6, y + 10, "end", "0");
	for (c = 0; c < 6; c++)
		putf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"24\" height=\"12\" "
		    "fill=\"%s\"/>", left + 24 * (double)c, y, blues[c]);
	svg_format_value(max, unit, text, sizeof(text));
	label(b, "axis", left + 150, y + 10, "start", text);
	put(b, "</svg>");
}
