/*
 * canal-report - attention metrics of a timeline, per channel or any
 * grouping.  See canal-report(1).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "canal.h"
#include "cli.h"
#include "diag.h"
#include "event.h"
#include "hours.h"
#include "jsonl.h"
#include "metrics.h"
#include "html.h"
#include "output.h"
#include "partial.h"
#include "period.h"
#include "prom.h"
#include "render.h"
#include "timefmt.h"
#include "timeline.h"
#include "tz.h"
#include "util.h"

enum {
	OPT_BY = CLI_OPT_PROGRAM, OPT_TZ, OPT_HOURS, OPT_HOLIDAYS, OPT_SLA,
	OPT_CALLBACK, OPT_BOT_REPLIES, OPT_PERCENTILE, OPT_SORT, OPT_ROWS,
	OPT_VIEW, OPT_BUCKET_BY, OPT_PERIOD, OPT_COMPARE, OPT_PARTIAL,
	OPT_COMBINE, OPT_FORM
};

#define READ_BUF_SIZE 65536
#define MAX_KEYS 8
#define MAX_SLA 16

static const struct cli_program program = {
	"canal-report [-hV] [-F FORMAT] [--by LIST] "
	"[--bucket-by first|reply] [--tz ZONE] "
	"[--hours SPEC] [--holidays FILE] [--sla LIST] "
	"[--callback-window GAP] [--form-window GAP] [--bot-replies] "
	"[--percentile linear|nearest] [--rows conversation] "
	"[--view VIEW] [--period PERIOD] [--compare previous] "
	"[--partial | --combine] [--sort] [-m SIZE] [-o FILE] "
	"[--rejects FILE] [--stats] [--strict] [--line-buffered] [FILE ...]",
	"Attention metrics of a timeline per channel or any grouping.",
	"  -F, --format FORMAT   table (on a terminal), jsonl (else), json, csv,\n"
	"                        markdown, prom (Prometheus), html\n"
	"      --by LIST         groups: fields and hour, day, week, month\n"
	"                        (default channel), e.g. channel,week\n"
	"      --bucket-by WHEN  a conversation's time bucket: first (when the\n"
	"                        customer asked, default) or reply\n"
	"      --tz ZONE         zone of time buckets and hours (default UTC)\n"
	"      --hours SPEC      business hours, e.g. 'mon-fri 09:00-18:00':\n"
	"                        adds the _bh twins of every duration\n"
	"      --holidays FILE   days closed, one YYYY-MM-DD a line\n"
	"      --sla LIST        first-response targets, e.g. chat=2m,email=24h\n"
	"      --callback-window GAP  a missed call is answered by a callback\n"
	"                        within GAP (default 24h)\n"
	"      --form-window GAP  a web form is answered by a reply on any\n"
	"                        channel within GAP (default 72h)\n"
	"      --bot-replies     bot messages count as replies\n"
	"      --percentile METHOD  linear (default) or nearest rank\n"
	"      --rows conversation  one row per conversation instead\n"
	"      --view VIEW       scorecard (verdicts), omnichannel (customers\n"
	"                        across channels) or coverage (hour of week)\n"
	"      --period PERIOD   yesterday, last-week, YYYY-MM-DD or\n"
	"                        YYYY-MM-DD..YYYY-MM-DD, whole days in --tz\n"
	"      --compare previous  the change against the period before\n"
	"      --partial         write the report's mergeable state (JSON)\n"
	"      --combine         read partial reports, not events, and\n"
	"                        report on them all\n"
	"      --sort            sort an unsorted timeline first\n"
	"  -m, --memory SIZE     memory for --sort (default 256M)\n"
	CLI_COMMON_HELP
};

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'F' },
	{ "by", required_argument, NULL, OPT_BY },
	{ "bucket-by", required_argument, NULL, OPT_BUCKET_BY },
	{ "tz", required_argument, NULL, OPT_TZ },
	{ "hours", required_argument, NULL, OPT_HOURS },
	{ "holidays", required_argument, NULL, OPT_HOLIDAYS },
	{ "sla", required_argument, NULL, OPT_SLA },
	{ "callback-window", required_argument, NULL, OPT_CALLBACK },
	{ "form-window", required_argument, NULL, OPT_FORM },
	{ "bot-replies", no_argument, NULL, OPT_BOT_REPLIES },
	{ "percentile", required_argument, NULL, OPT_PERCENTILE },
	{ "sort", no_argument, NULL, OPT_SORT },
	{ "rows", required_argument, NULL, OPT_ROWS },
	{ "view", required_argument, NULL, OPT_VIEW },
	{ "period", required_argument, NULL, OPT_PERIOD },
	{ "compare", required_argument, NULL, OPT_COMPARE },
	{ "partial", no_argument, NULL, OPT_PARTIAL },
	{ "combine", no_argument, NULL, OPT_COMBINE },
	{ "memory", required_argument, NULL, 'm' },
	CLI_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

struct opts {
	struct cli_common common;
	struct metrics_options metrics;
	struct metrics_key keys[MAX_KEYS];
	struct metrics_sla sla[MAX_SLA];
	char *by, *sla_text;
	struct tz *tz;
	struct hours hours;
	struct holidays holidays;
	int format_given;
	enum render_format format;
	int sort;
	int conversation_rows;
	int scorecard;
	enum { VIEW_ROWS, VIEW_OMNI, VIEW_COVERAGE } view;
	size_t memory;
	const char *period_spec;	/* --period */
	struct period period, previous;
	char period_label[32];
	int compare;			/* --compare previous */
	int partial, combine;		/* --partial, --combine */
	struct html_params html;	/* what the options were, as text */
	const char *measuring;		/* an option of how events are
					   measured, which --combine cannot
					   take: the partials were */
};

static int64_t
duration_ms(const char *what, const char *arg)
{
	const char *why;
	uint64_t seconds;

	if (util_parse_duration(arg, 0, (uint64_t)10 * 366 * 86400, &seconds,
	    &why) != 0)
		cli_usage_error(&program, "%s %s: %s", what, arg, why);
	return (int64_t)seconds * 1000;
}

static void
parse_by(struct opts *o, const char *arg)
{
	static const struct {
		const char *name;
		enum metrics_key_kind kind;
	} buckets[] = { { "hour", KEY_HOUR }, { "day", KEY_DAY },
	    { "week", KEY_WEEK }, { "month", KEY_MONTH } };
	char *p, *save = NULL;
	size_t i;

	free(o->by);
	o->by = xstrdup(arg);
	o->metrics.nkeys = 0;
	for (p = strtok_r(o->by, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save)) {
		if (o->metrics.nkeys == MAX_KEYS)
			cli_usage_error(&program, "--by: at most %d keys",
			    MAX_KEYS);
		if (render_reserved_name(p))
			cli_usage_error(&program, "--by %s: a name of the "
			    "report's own numbers", p);
		for (i = 0; i < o->metrics.nkeys; i++)
			if (strcmp(o->keys[i].name, p) == 0)
				cli_usage_error(&program, "--by: %s twice", p);
		o->keys[o->metrics.nkeys].kind = KEY_FIELD;
		o->keys[o->metrics.nkeys].name = p;
		for (i = 0; i < 4; i++)
			if (strcmp(p, buckets[i].name) == 0)
				o->keys[o->metrics.nkeys].kind = buckets[i].kind;
		o->metrics.nkeys++;
	}
	if (o->metrics.nkeys == 0)
		cli_usage_error(&program, "--by: give fields or buckets, "
		    "e.g. channel,week");
}

static void
parse_sla(struct opts *o, const char *arg)
{
	char *p, *eq, *save = NULL;

	free(o->sla_text);
	o->sla_text = xstrdup(arg);
	o->metrics.nsla = 0;
	for (p = strtok_r(o->sla_text, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(p, '=')) == NULL || eq == p)
			cli_usage_error(&program, "--sla %s: give CHANNEL=TIME, "
			    "e.g. chat=2m", p);
		if (o->metrics.nsla == MAX_SLA)
			cli_usage_error(&program, "--sla: at most %d targets",
			    MAX_SLA);
		*eq = '\0';
		o->sla[o->metrics.nsla].channel = p;
		o->sla[o->metrics.nsla++].target_ms = duration_ms("--sla",
		    eq + 1);
	}
}

static void
parse_option(struct opts *o, int ch, const char *arg)
{
	char err[512];
	const char *why;
	size_t at;
	uint64_t size;
	size_t i;

	switch (ch) {
	case OPT_BY: case OPT_BUCKET_BY: case OPT_TZ: case OPT_HOURS:
	case OPT_HOLIDAYS: case OPT_SLA: case OPT_CALLBACK: case OPT_FORM:
	case OPT_BOT_REPLIES: case OPT_PERIOD: case OPT_COMPARE: case OPT_SORT:
		for (i = 0; longopts[i].name != NULL; i++)
			if (longopts[i].val == ch)
				o->measuring = longopts[i].name;
		break;
	default:
		break;
	}
	switch (ch) {
	case 'F':
		if (render_format_from_name(arg, &o->format) != 0)
			cli_usage_error(&program, "-F %s: use table, jsonl, json, "
			    "csv, markdown, prom or html", arg);
		o->format_given = 1;
		break;
	case OPT_BY:
		parse_by(o, arg);
		break;
	case OPT_BUCKET_BY:
		if (strcmp(arg, "reply") == 0)
			o->metrics.bucket_by_reply = 1;
		else if (strcmp(arg, "first") == 0)
			o->metrics.bucket_by_reply = 0;
		else
			cli_usage_error(&program, "--bucket-by %s: use first or "
			    "reply", arg);
		break;
	case OPT_TZ:
		o->html.zone = arg;
		tz_free(o->tz);
		if ((o->tz = tz_load(arg, err, sizeof(err))) == NULL)
			cli_usage_error(&program, "--tz: %s", err);
		o->metrics.zone = o->tz;
		break;
	case OPT_HOURS:
		o->html.hours = arg;
		if (hours_parse(&o->hours, arg, strlen(arg), &why, &at) != 0)
			cli_usage_error(&program, "--hours '%s': %s (at "
			    "character %zu)", arg, why, at + 1);
		o->metrics.hours = &o->hours;
		break;
	case OPT_HOLIDAYS:
		o->html.holidays = arg;
		hours_holidays_free(&o->holidays);
		if (hours_holidays_load(&o->holidays, arg, err,
		    sizeof(err)) != 0)
			cli_usage_error(&program, "--holidays %s", err);
		o->metrics.holidays = &o->holidays;
		break;
	case OPT_SLA:
		o->html.sla = arg;
		parse_sla(o, arg);
		break;
	case OPT_CALLBACK:
		o->metrics.callback_ms = duration_ms("--callback-window", arg);
		break;
	case OPT_FORM:
		o->metrics.form_ms = duration_ms("--form-window", arg);
		break;
	case OPT_BOT_REPLIES:
		o->metrics.bot_replies = 1;
		break;
	case OPT_PERCENTILE:
		if (strcmp(arg, "linear") == 0)
			o->metrics.method = STATS_LINEAR;
		else if (strcmp(arg, "nearest") == 0)
			o->metrics.method = STATS_NEAREST;
		else
			cli_usage_error(&program, "--percentile %s: use linear "
			    "or nearest", arg);
		break;
	case OPT_SORT:
		o->sort = 1;
		break;
	case OPT_ROWS:
		if (strcmp(arg, "conversation") != 0)
			cli_usage_error(&program, "--rows %s: use conversation",
			    arg);
		o->conversation_rows = 1;
		break;
	case OPT_VIEW:
		if (strcmp(arg, "scorecard") == 0)
			o->scorecard = 1;
		else if (strcmp(arg, "omnichannel") == 0)
			o->view = VIEW_OMNI;
		else if (strcmp(arg, "coverage") == 0)
			o->view = VIEW_COVERAGE;
		else
			cli_usage_error(&program, "--view %s: use scorecard, "
			    "omnichannel or coverage", arg);
		break;
	case OPT_PERIOD:
		o->period_spec = arg;
		break;
	case OPT_PARTIAL:
		o->partial = 1;
		break;
	case OPT_COMBINE:
		o->combine = 1;
		break;
	case OPT_COMPARE:
		if (strcmp(arg, "previous") != 0)
			cli_usage_error(&program, "--compare %s: use previous",
			    arg);
		o->compare = 1;
		break;
	case 'm':
		if (util_parse_size(arg, (uint64_t)1 << 20, SIZE_MAX / 2, &size,
		    &why) != 0)
			cli_usage_error(&program, "--memory %s: %s", arg, why);
		o->memory = (size_t)size;
		break;
	default:
		cli_common_option(&o->common, &program, ch, arg);
		break;
	}
}

/* The instant "yesterday" is counted from: $CANAL_NOW (a canonical ts,
   for tests and reruns of a missed day), else the clock. */
static int64_t
now_ms(void)
{
	const char *env = getenv("CANAL_NOW"), *why;
	struct timespec ts;
	int64_t ms;

	if (env != NULL && *env != '\0') {
		if (timefmt_parse_ts(env, strlen(env), &ms, &why) != 0)
			cli_usage_error(&program, "CANAL_NOW=%s: %s (give e.g. "
			    "2026-11-24T06:00:00.000Z)", env, why);
		return ms;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* --period and --compare, once --tz is known. */
static void
set_period(struct opts *o)
{
	const char *why;

	if (period_parse(o->period_spec, now_ms(), o->tz, &o->period,
	    &why) != 0)
		cli_usage_error(&program, "--period %s: %s", o->period_spec,
		    why);
	period_label(&o->period, o->period_label, sizeof(o->period_label));
	period_previous(&o->period, o->tz, &o->previous);
	o->metrics.windowed = 1;
	o->metrics.window_start_ms = o->period.start_ms;
	o->metrics.window_end_ms = o->period.end_ms;
}

static void
parse_options(int argc, char **argv, struct opts *o)
{
	int ch;

	memset(o, 0, sizeof(*o));
	cli_common_init(&o->common);
	o->memory = (size_t)256 << 20;
	o->metrics.callback_ms = (int64_t)24 * 3600 * 1000;
	o->metrics.form_ms = (int64_t)72 * 3600 * 1000;
	o->metrics.keys = o->keys;
	o->metrics.sla = o->sla;
	o->keys[0].kind = KEY_FIELD;
	o->keys[0].name = "channel";
	o->metrics.nkeys = 1;
	while ((ch = cli_getopt(argc, argv, CLI_COMMON_SHORTOPTS "F:m:",
	    longopts, &program)) != -1)
		parse_option(o, ch, optarg);
	if (o->metrics.holidays != NULL && o->metrics.hours == NULL)
		cli_usage_error(&program, "--holidays needs --hours");
	if (o->partial && o->combine)
		cli_usage_error(&program, "give --partial or --combine, not "
		    "both");
	if (o->combine && o->measuring != NULL)
		cli_usage_error(&program, "--combine: --%s was given when the "
		    "partial reports were made", o->measuring);
	if ((o->partial || o->combine) && o->conversation_rows)
		cli_usage_error(&program, "--rows conversation: partial reports "
		    "keep no conversations");
	if (o->partial && (o->view != VIEW_ROWS || o->compare ||
	    o->format_given || o->scorecard))
		cli_usage_error(&program, "--partial writes the report's "
		    "state as JSON: give -F and --view to --combine");
	/* The views cost a lookup per event: only when they are shown. */
	o->metrics.views = o->view != VIEW_ROWS || o->partial ||
	    o->format == RENDER_HTML;
	if (o->period_spec != NULL)
		set_period(o);
	else if (o->compare)
		cli_usage_error(&program, "--compare needs --period");
	if (!o->format_given)
		o->format = isatty(STDOUT_FILENO) && !o->conversation_rows ?
		    RENDER_TABLE : RENDER_JSONL;
	if (o->conversation_rows && (o->view != VIEW_ROWS || o->scorecard))
		cli_usage_error(&program, "give --rows or --view, not both");
	if (o->conversation_rows && (o->format == RENDER_TABLE ||
	    o->format == RENDER_MARKDOWN || o->format == RENDER_PROM ||
	    o->format == RENDER_HTML))
		cli_usage_error(&program, "--rows conversation: use -F jsonl, "
		    "json or csv");
	/* Every format shows every view or refuses it: none falls back to
	   another quietly. */
	if (o->format == RENDER_PROM && (o->view != VIEW_ROWS || o->scorecard))
		cli_usage_error(&program, "-F prom: the rows only, not --view "
		    "scorecard, omnichannel or coverage");
	if (o->format == RENDER_HTML && o->view != VIEW_ROWS)
		cli_usage_error(&program, "-F html: the page shows the rows, "
		    "the scorecard, the transitions and the coverage; --view "
		    "%s takes -F table, markdown, jsonl, json or csv",
		    o->view == VIEW_OMNI ? "omnichannel" : "coverage");
	if (o->compare && o->view != VIEW_ROWS)
		cli_usage_error(&program, "--compare: the rows only, not --view "
		    "omnichannel or coverage");
}

static void
free_options(struct opts *o)
{
	free(o->by);
	free(o->sla_text);
	tz_free(o->tz);
	hours_holidays_free(&o->holidays);
}

struct run {
	struct metrics *m;
	struct metrics *previous;	/* --compare previous, or NULL */
	struct metrics *series;		/* by channel and day (HTML,
					   --partial), or NULL */
	struct diag *d;
	struct event_view ev;
	int64_t last_ts;
	int unsorted;
};

enum step { STEP_OK, STEP_STOP, STEP_FAIL };

/* Every event goes to both periods: each keeps what is its own. */
static void
take(struct run *r)
{
	metrics_add(r->m, &r->ev);
	if (r->previous != NULL)
		metrics_add(r->previous, &r->ev);
	if (r->series != NULL)
		metrics_add(r->series, &r->ev);
}

static enum step
report_input(struct run *r, const char *path)
{
	struct jsonl_reader in;
	struct event_error err;
	enum jsonl_status st;
	const char *line, *name = path;
	size_t len;
	int fd, is_stdin = strcmp(path, "-") == 0;
	enum step step = STEP_OK;

	if (is_stdin) {
		fd = STDIN_FILENO;
		name = "<stdin>";
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		diag_warn_errno(errno, "%s", path);
		return STEP_FAIL;
	}
	jsonl_reader_init(&in, fd, name, UINT64_MAX, READ_BUF_SIZE);
	while (step == STEP_OK &&
	    (st = jsonl_reader_next(&in, &line, &len)) != JSONL_EOF) {
		if (st == JSONL_ERROR) {
			diag_warn_errno(in.error, "%s", name);
			step = STEP_FAIL;
			break;
		}
		r->d->read++;
		if (st == JSONL_TOO_LONG || event_parse(&r->ev, line, len,
		    &err) != 0) {
			if (diag_reject(r->d, name, in.line_no, st ==
			    JSONL_TOO_LONG || err.offset == EVENT_NO_OFFSET ?
			    0 : err.offset + 1, st == JSONL_TOO_LONG ?
			    "line too long" : err.reason, line, len,
			    st == JSONL_TOO_LONG) != 0)
				step = STEP_FAIL;
			else if (r->d->strict)
				step = STEP_STOP;
			continue;
		}
		if (r->ev.ts_ms < r->last_ts) {
			diag_at(name, in.line_no, 0, "not in time order: sort "
			    "the timeline with canal-merge, or give --sort");
			r->unsorted = 1;
			step = STEP_FAIL;
			break;
		}
		r->last_ts = r->ev.ts_ms;
		take(r);
		r->d->wrote++;
	}
	jsonl_reader_free(&in);
	if (!is_stdin)
		close(fd);
	return step;
}

/* --sort: canal-merge's sort, its output fed to the metrics. */
static int
sorted_event(void *ctx, int64_t ts, const char *line, size_t len,
    const void *note, const char **out, size_t *out_len)
{
	struct run *r = ctx;
	struct event_error err;

	(void)ts;
	(void)note;
	*out = line;
	*out_len = 0;
	if (event_parse(&r->ev, line, len, &err) == 0)
		take(r);
	return 0;
}

static int
read_sorted(struct opts *o, struct run *r, char **files, int nfiles)
{
	struct timeline_options to;
	struct timeline *t;
	struct jsonl_writer sink;
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC), i;
	enum timeline_status st = TIMELINE_OK;

	memset(&to, 0, sizeof(to));
	to.memory = o->memory;
	to.hooks.ctx = r;
	to.hooks.emit = sorted_event;
	t = timeline_new(&to, r->d);
	jsonl_writer_init(&sink, fd, 0);
	for (i = 0; i < nfiles && st == TIMELINE_OK; i++)
		st = timeline_add_input(t, files[i]);
	if (st == TIMELINE_OK)
		st = timeline_write(t, &sink);
	if (st == TIMELINE_FAILED)
		diag_warn("%s", timeline_error(t));
	jsonl_writer_free(&sink);
	close(fd);
	timeline_free(t);
	return st == TIMELINE_OK ? 0 : st == TIMELINE_STOPPED ? 1 : -1;
}

/* The rendering options of the report's output. */
static void
render_setup(const struct opts *o, struct render_options *ro,
    const struct metrics_key *keys, size_t nkeys, int business,
    const char *period)
{
	memset(ro, 0, sizeof(*ro));
	ro->period = period;
	ro->format = o->format;
	ro->keys = keys;
	ro->nkeys = nkeys;
	ro->business = business;
	ro->scorecard = o->scorecard;
	/* Colour only for people: a terminal, and no NO_COLOR. */
	ro->color = o->format == RENDER_TABLE && o->common.output == NULL &&
	    isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	ro->method = o->metrics.method;
}

/* Writes the report in the format asked for; m gives --rows. */
static void
write_report(const struct opts *o, struct render_options *ro,
    struct partial_rows *rep, struct metrics *m,
    const struct html_params *html, struct jsonl_writer *w)
{
	if (o->scorecard || o->format == RENDER_HTML)
		metrics_verdicts(rep->rows, rep->nrows);
	if (o->view == VIEW_OMNI)
		(void)render_omni(w, ro, rep->omni);
	else if (o->view == VIEW_COVERAGE)
		(void)render_coverage(w, ro, rep->coverage);
	else if (o->conversation_rows)
		(void)render_conversations(w, ro, m);
	else if (o->format == RENDER_PROM)
		(void)prom_write(w, ro, rep->rows, rep->nrows);
	else if (o->format == RENDER_HTML)
		(void)html_write(w, ro, rep, html);
	else
		(void)render_rows(w, ro, rep->rows, rep->nrows);
}

/* --combine: the partial reports, merged, reported on. */
static int
combine(const struct opts *o, char **files, int nfiles,
    struct jsonl_writer *w)
{
	struct partial *p = partial_new();
	const struct partial_info *info;
	struct render_options ro;
	struct partial_rows rep;
	struct html_params html;
	char err[512];
	int i;

	for (i = 0; i < nfiles; i++)
		if (partial_read(p, files[i], err, sizeof(err)) != 0) {
			diag_warn("%s", err);
			partial_free(p);
			return CANAL_EXIT_FAILURE;
		}
	info = partial_info(p);
	html.zone = info->zone;
	html.hours = info->hours;
	html.holidays = info->holidays;
	html.sla = info->sla;
	memset(&rep, 0, sizeof(rep));
	partial_rows(p, &rep.rows, &rep.nrows);
	partial_series(p, &rep.series, &rep.nseries);
	rep.omni = partial_omni(p);
	rep.coverage = partial_coverage(p);
	render_setup(o, &ro, info->keys, info->nkeys, info->business,
	    info->period);
	write_report(o, &ro, &rep, NULL, &html, w);
	partial_free(p);
	return CANAL_EXIT_OK;
}

/* The time series of the HTML report: the same measures by channel and
   day, kept beside the rows. */
static const struct metrics_key series_keys[2] = {
	{ KEY_FIELD, "channel" }, { KEY_DAY, "day" }
};

int
main(int argc, char **argv)
{
	static char *stdin_only[] = { "-" };
	struct opts o;
	struct diag d;
	struct output out;
	struct run r;
	struct render_options ro;
	struct partial_rows rep;
	struct partial_info info;
	char **files;
	int nfiles, i, status, failed = 0, stopped = 0, got;

	diag_init(argv[0]);
	parse_options(argc, argv, &o);
	memset(&d, 0, sizeof(d));
	files = argv + optind;
	nfiles = argc - optind;
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	if ((status = cli_start(&o.common, &d, &out)) != 0) {
		free_options(&o);
		return status;
	}
	if (o.combine) {
		status = combine(&o, files, nfiles, &out.w);
		if (out.w.error != 0 && out.w.error != EPIPE)
			status = CANAL_EXIT_FAILURE;
		status = cli_finish(&o.common, &d, &out, status,
		    status == CANAL_EXIT_FAILURE);
		free_options(&o);
		return status;
	}
	memset(&r, 0, sizeof(r));
	r.m = metrics_new(&o.metrics);
	if (o.compare) {
		struct metrics_options before = o.metrics;

		before.window_start_ms = o.previous.start_ms;
		before.window_end_ms = o.previous.end_ms;
		r.previous = metrics_new(&before);
	}
	if (o.partial || o.format == RENDER_HTML) {
		struct metrics_options by_day = o.metrics;

		by_day.keys = series_keys;
		by_day.nkeys = 2;
		by_day.bucket_by_reply = 0;
		r.series = metrics_new(&by_day);
	}
	r.d = &d;
	r.last_ts = INT64_MIN;
	event_view_init(&r.ev);
	if (o.sort) {
		got = read_sorted(&o, &r, files, nfiles);
		failed = got < 0;
		stopped = got > 0;
	} else
		for (i = 0; i < nfiles && !failed && !stopped; i++) {
			enum step st = report_input(&r, files[i]);

			failed = st == STEP_FAIL;
			stopped = st == STEP_STOP;
		}
	if (!failed && !stopped) {
		memset(&rep, 0, sizeof(rep));
		metrics_finish(r.m, &rep.rows, &rep.nrows);
		if (r.series != NULL)
			metrics_finish(r.series, &rep.series, &rep.nseries);
		rep.omni = metrics_omni(r.m);
		rep.coverage = metrics_coverage(r.m);
		render_setup(&o, &ro, o.keys, o.metrics.nkeys,
		    o.metrics.hours != NULL, o.period_spec != NULL ?
		    o.period_label : NULL);
		if (r.previous != NULL) {
			metrics_finish(r.previous, &ro.previous, &ro.nprevious);
			ro.compare = 1;
		}
		if (o.partial) {
			info.keys = o.keys;
			info.nkeys = o.metrics.nkeys;
			info.business = ro.business;
			info.period = ro.period;
			info.zone = o.html.zone;
			info.hours = o.html.hours;
			info.holidays = o.html.holidays;
			info.sla = o.html.sla;
			(void)partial_write(&out.w, &info, &rep);
		} else
			write_report(&o, &ro, &rep, r.m, &o.html, &out.w);
	}
	status = failed ? CANAL_EXIT_FAILURE : diag_exit_status(&d);
	if (out.w.error != 0 && out.w.error != EPIPE)
		status = CANAL_EXIT_FAILURE;
	status = cli_finish(&o.common, &d, &out, status, failed || stopped);
	metrics_free(r.m);
	metrics_free(r.previous);
	metrics_free(r.series);
	event_view_free(&r.ev);
	free_options(&o);
	return status;
}
