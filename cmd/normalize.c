/*
 * canal-normalize - map source records (canal-ingest's JSON lines) to
 * canonical events, one event per record.  See canal-normalize(1).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "canal.h"
#include "cli.h"
#include "diag.h"
#include "ident.h"
#include "jsonl.h"
#include "normalize.h"
#include "normmap.h"
#include "output.h"
#include "phone.h"
#include "presets/presets.h"
#include "scan.h"
#include "srcrec.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"

enum {
	OPT_LIST_PRESETS = CLI_OPT_PROGRAM, OPT_MAP, OPT_TZ, OPT_COUNTRY,
	OPT_SELF, OPT_INBOUND, OPT_PHONES, OPT_SET, OPT_PSEUDONYMIZE,
	OPT_NO_TEXT
};

#define READ_BUF_SIZE 65536

static const struct cli_program program = {
	"canal-normalize [-hVv] [-f PRESET] [--list-presets] [--map FILE] "
	"[--tz ZONE] [--country CC] [--self ID] [--inbound NAME] "
	"[--phones valid|possible] [--set FIELD=VALUE] "
	"[--pseudonymize KEY_FILE] [--no-text] [-o FILE] [--rejects FILE] "
	"[--stats] [--strict] [--line-buffered] [FILE ...]",
	"Map source records to canonical events, one event per record.",
	"  -f, --format PRESET   the mapping (default: each record's src.format)\n"
	"      --list-presets    list the presets and exit\n"
	"      --map FILE        a mapping file (canal-map(5)), after the preset\n"
	"      --tz ZONE         IANA zone of times written without an offset\n"
	"      --country CC      country of national phone numbers (ES, 34...)\n"
	"      --self ID         the business's own name, address, @domain or id\n"
	"                        (repeatable): decides direction\n"
	"      --inbound NAME    phone: a dialplan context or trunk that is\n"
	"                        inbound (repeatable)\n"
	"      --phones RULE     valid (default) or possible: keep numbers of\n"
	"                        unassigned ranges, as test data uses\n"
	"      --set FIELD=VALUE a constant for every event (repeatable)\n"
	"      --pseudonymize KEY_FILE  replace identities by keyed hashes\n"
	"      --no-text         drop text and subject\n"
	"  -v, --verbose         report DST ambiguities and identity counts\n"
	CLI_COMMON_HELP
};

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "list-presets", no_argument, NULL, OPT_LIST_PRESETS },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "tz", required_argument, NULL, OPT_TZ },
	{ "country", required_argument, NULL, OPT_COUNTRY },
	{ "self", required_argument, NULL, OPT_SELF },
	{ "inbound", required_argument, NULL, OPT_INBOUND },
	{ "phones", required_argument, NULL, OPT_PHONES },
	{ "set", required_argument, NULL, OPT_SET },
	{ "pseudonymize", required_argument, NULL, OPT_PSEUDONYMIZE },
	{ "no-text", no_argument, NULL, OPT_NO_TEXT },
	{ "verbose", no_argument, NULL, 'v' },
	CLI_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* A growing NULL-terminated list of option values. */
struct list {
	const char **v;
	size_t n;
};

struct opts {
	struct cli_common common;
	struct norm_options norm;
	const struct norm_preset *preset;	/* -f, or NULL */
	struct normmap *map;
	struct list self, inbound;
	struct norm_constant *constants;
	struct ident_key *key;
	int verbose;
};

static int
list_presets(void)
{
	size_t i;

	for (i = 0; norm_presets[i] != NULL; i++)
		printf("%-11s %s\n", norm_presets[i]->name,
		    norm_presets[i]->summary);
	return cli_flush_stdout();
}

static void
list_add(struct list *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 2, sizeof(*l->v));
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
}

/* The fields --set may give, and what "ids.X" names. */
static void
parse_constant(struct opts *o, const char *arg)
{
	static const char *const ids[NORM_ID_COUNT] = { "email", "phone",
	    "handle", "account", "name" };
	struct norm_constant c;
	const char *eq = strchr(arg, '='), *why;
	size_t i, klen;
	int64_t ms;

	if (eq == NULL || eq == arg)
		cli_usage_error(&program, "--set %s: give FIELD=VALUE", arg);
	klen = (size_t)(eq - arg);
	memset(&c, 0, sizeof(c));
	c.value = eq + 1;
	c.field = EVENT_FIELD_COUNT;
	if (klen > 4 && strncmp(arg, "ids.", 4) == 0) {
		for (i = 0; i < NORM_ID_COUNT; i++)
			if (strlen(ids[i]) == klen - 4 &&
			    strncmp(ids[i], arg + 4, klen - 4) == 0) {
				c.field = EVENT_IDS;
				c.id = (int)i;
			}
	} else {
		for (i = 0; i < EVENT_FIELD_COUNT; i++)
			if (strlen(event_field_name((enum event_field)i)) ==
			    klen && strncmp(event_field_name(
			    (enum event_field)i), arg, klen) == 0)
				c.field = (enum event_field)i;
	}
	if (c.field == EVENT_FIELD_COUNT || c.field == EVENT_SRC ||
	    c.field == EVENT_TAGS || (c.field == EVENT_IDS && klen == 3))
		cli_usage_error(&program, "--set %.*s: not a field canal-"
		    "normalize can set (see canal-event(5))", (int)klen, arg);
	if (c.field == EVENT_TS && timefmt_parse_ts(c.value, strlen(c.value),
	    &ms, &why) != 0)
		cli_usage_error(&program, "--set ts=%s: %s", c.value, why);
	if (c.field == EVENT_DURATION || c.field == EVENT_WAIT ||
	    c.field == EVENT_RATING) {
		double v;

		if (scan_number_value(c.value, strlen(c.value), &v) != 0)
			cli_usage_error(&program, "--set %s: not a number",
			    arg);
		if (event_check_number(c.field, v, &why) != 0)
			cli_usage_error(&program, "--set %s: %s", arg, why);
	}
	o->constants = xreallocarray(o->constants, o->norm.nconstants + 1,
	    sizeof(*o->constants));
	o->constants[o->norm.nconstants++] = c;
	o->norm.constants = o->constants;
}

static void
load_map(struct opts *o, const char *path)
{
	char err[1024];

	if (o->map != NULL)
		cli_usage_error(&program, "give --map once");
	if ((o->map = normmap_load(path, err, sizeof(err))) == NULL) {
		diag_warn("%s", err);
		exit(CANAL_EXIT_USAGE);
	}
}

static void
parse_option(struct opts *o, int ch, const char *arg)
{
	char err[512];
	const char *why;

	switch (ch) {
	case 'f':
		if ((o->preset = norm_preset_find(arg)) == NULL)
			cli_usage_error(&program, "unknown preset '%s'; see "
			    "--list-presets", arg);
		break;
	case OPT_LIST_PRESETS:
		exit(list_presets());
	case OPT_MAP:
		load_map(o, arg);
		break;
	case OPT_TZ:
		tz_free(o->norm.tz);
		if ((o->norm.tz = tz_load(arg, err, sizeof(err))) == NULL)
			cli_usage_error(&program, "--tz: %s", err);
		break;
	case OPT_COUNTRY:
		if (phone_parse_country(arg, o->norm.region, &why) != 0)
			cli_usage_error(&program, "--country %s: %s", arg, why);
		break;
	case OPT_SELF:
		list_add(&o->self, arg);
		break;
	case OPT_INBOUND:
		list_add(&o->inbound, arg);
		break;
	case OPT_PHONES:
		if (strcmp(arg, "valid") != 0 && strcmp(arg, "possible") != 0)
			cli_usage_error(&program, "--phones %s: use valid or "
			    "possible", arg);
		o->norm.possible_phones = strcmp(arg, "possible") == 0;
		break;
	case OPT_SET:
		parse_constant(o, arg);
		break;
	case OPT_PSEUDONYMIZE:
		free(o->key);
		o->key = xmalloc(sizeof(*o->key));
		if (ident_key_load(o->key, arg, err, sizeof(err)) != 0)
			cli_usage_error(&program, "--pseudonymize %s", err);
		o->norm.key = o->key;
		break;
	case OPT_NO_TEXT:
		o->norm.no_text = 1;
		break;
	case 'v':
		o->verbose = 1;
		break;
	default:
		cli_common_option(&o->common, &program, ch, arg);
		break;
	}
}

static void
parse_options(int argc, char **argv, struct opts *o)
{
	int ch;

	memset(o, 0, sizeof(*o));
	cli_common_init(&o->common);
	while ((ch = cli_getopt(argc, argv, CLI_COMMON_SHORTOPTS "f:v",
	    longopts, &program)) != -1)
		parse_option(o, ch, optarg);
	o->norm.self = o->self.v;
	o->norm.inbound = o->inbound.v;
}

static void
free_options(struct opts *o)
{
	tz_free(o->norm.tz);
	normmap_free(o->map);
	free(o->self.v);
	free(o->inbound.v);
	free(o->constants);
	free(o->key);
}

/* One run's state: the options, the mapper, the output, the counters. */
struct run {
	const struct opts *o;
	struct norm norm;
	struct srcrec rec;
	struct norm_event ev;
	struct diag *d;
	struct jsonl_writer *out;
	int usage_error;
};

enum step { STEP_OK, STEP_STOP, STEP_FAIL };

static enum step
reject(struct run *r, const struct jsonl_reader *in, size_t col,
    const char *reason, const char *line, size_t len, int truncated)
{
	if (diag_reject(r->d, in->name, in->line_no, col, reason, line, len,
	    truncated) != 0) {
		diag_warn_errno(errno, "rejects file");
		return STEP_FAIL;
	}
	return r->d->strict ? STEP_STOP : STEP_OK;
}

/* Rejects a record that could not be mapped, naming its raw origin. */
static enum step
reject_mapped(struct run *r, const struct jsonl_reader *in, const char *line,
    size_t len)
{
	char reason[sizeof(r->norm.why) + 320];

	if (r->rec.file[0] != '\0')
		snprintf(reason, sizeof(reason), "%s (record of %.256s:%s%llu)",
		    r->norm.why, r->rec.file,
		    r->rec.position_is_offset ? "offset " : "",
		    (unsigned long long)r->rec.position);
	else
		snprintf(reason, sizeof(reason), "%s", r->norm.why);
	return reject(r, in, 0, reason, line, len, 0);
}

/* Maps one valid record with its preset and the map. */
static int
map_record(struct run *r, const struct norm_preset *p)
{
	norm_event_reset(&r->ev);
	r->norm.rec = &r->rec;
	if (p != NULL && p->map(&r->norm, &r->ev) != 0)
		return -1;
	if (r->o->map != NULL && normmap_apply(r->o->map, &r->norm,
	    &r->ev) != 0)
		return -1;
	return 0;
}

static enum step
normalize_line(struct run *r, const struct jsonl_reader *in,
    const char *line, size_t len)
{
	const struct norm_preset *p = r->o->preset;
	struct scan_error err;
	const char *ev_line, *format;
	size_t ev_len;

	if (srcrec_parse(&r->rec, line, len, &err) != 0)
		return reject(r, in, err.offset + 1, err.reason, line, len, 0);
	if (p == NULL && (p = norm_preset_find(r->rec.format)) == NULL &&
	    r->o->map == NULL) {
		/* Configuration, not data: every record would fail alike. */
		diag_at(in->name, in->line_no, 0, "no preset for records of "
		    "format \"%s\"; give -f PRESET or --map FILE (see "
		    "--list-presets)", r->rec.format);
		r->usage_error = 1;
		return STEP_FAIL;
	}
	format = r->rec.format[0] != '\0' ? r->rec.format :
	    p != NULL ? p->name : "map";
	/* Most records give one event; a few give more (norm_again()). */
	r->norm.pass = 0;
	do {
		r->norm.again = 0;
		if (map_record(r, p) != 0 || norm_emit(&r->norm, &r->ev,
		    format, &ev_line, &ev_len) != 0)
			return reject_mapped(r, in, line, len);
		if (jsonl_writer_line(r->out, ev_line, ev_len) != 0)
			return STEP_FAIL;
		r->d->wrote++;
		r->norm.pass++;
	} while (r->norm.again);
	return STEP_OK;
}

static enum step
normalize_input(struct run *r, const char *path)
{
	struct jsonl_reader in;
	enum jsonl_status st;
	enum step step = STEP_OK;
	const char *line, *name = path;
	size_t len;
	char reason[64];
	int fd, is_stdin = strcmp(path, "-") == 0;

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
		if (st == JSONL_TOO_LONG) {
			snprintf(reason, sizeof(reason), "line longer than %zu "
			    "bytes", in.max_line);
			step = reject(r, &in, 0, reason, line, len, 1);
			continue;
		}
		step = normalize_line(r, &in, line, len);
	}
	jsonl_reader_free(&in);
	if (!is_stdin)
		close(fd);
	return step;
}

static void
report_counts(const struct norm_stats *s)
{
	if (s->repeated > 0)
		diag_warn("%llu local times in a repeated hour (%llu resolved "
		    "by the record, %llu by the record order, %llu taken as "
		    "the first occurrence)", (unsigned long long)s->repeated,
		    (unsigned long long)s->repeated_hint,
		    (unsigned long long)s->repeated_order,
		    (unsigned long long)s->repeated_first);
	if (s->skipped > 0)
		diag_warn("%llu local times in a skipped hour, moved forward "
		    "by the gap", (unsigned long long)s->skipped);
	if (s->phone_unassigned + s->phone_invalid +
	    s->phone_need_country + s->email_invalid > 0)
		diag_warn("identities not kept: %llu phone numbers of "
		    "unassigned ranges, %llu invalid, %llu national without "
		    "--country; %llu invalid e-mail addresses",
		    (unsigned long long)s->phone_unassigned,
		    (unsigned long long)s->phone_invalid,
		    (unsigned long long)s->phone_need_country,
		    (unsigned long long)s->email_invalid);
}

int
main(int argc, char **argv)
{
	static char *stdin_only[] = { "-" };
	struct opts o;
	struct diag d;
	struct output out;
	struct run r;
	enum step step = STEP_OK;
	char **files;
	int nfiles, i, failed = 0, status;

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
	memset(&r, 0, sizeof(r));
	r.o = &o;
	r.d = &d;
	r.out = &out.w;
	norm_init(&r.norm, &o.norm);
	srcrec_init(&r.rec);
	for (i = 0; i < nfiles && step != STEP_STOP; i++) {
		step = normalize_input(&r, files[i]);
		if (step == STEP_FAIL) {
			failed = 1;
			if (r.usage_error || out.w.error != 0)
				break;
		}
	}
	if (o.verbose)
		report_counts(&r.norm.stats);
	status = r.usage_error ? CANAL_EXIT_USAGE :
	    failed && !(out.w.error == EPIPE) ? CANAL_EXIT_FAILURE :
	    diag_exit_status(&d);
	status = cli_finish(&o.common, &d, &out, status,
	    step == STEP_STOP || r.usage_error);
	srcrec_free(&r.rec);
	norm_free(&r.norm);
	free_options(&o);
	return status;
}
