/*
 * canal-route - apply a rules file to canonical events: classify, tag,
 * drop, send to named outputs, split or shard.  See canal-route(1).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "canal.h"
#include "cli.h"
#include "diag.h"
#include "event.h"
#include "jsonl.h"
#include "outdir.h"
#include "output.h"
#include "rules.h"
#include "scan.h"
#include "tz.h"
#include "util.h"

enum {
	OPT_CHECK = CLI_OPT_PROGRAM, OPT_EXPLAIN, OPT_SPLIT, OPT_OUT_DIR,
	OPT_MAX_OPEN, OPT_SHARD_BY, OPT_SHARDS, OPT_TZ, OPT_CLEAN
};

#define READ_BUF_SIZE 65536
#define MAX_OPEN_DEFAULT 64
/* Descriptors kept for everything but the output files: standard input,
   output and error, an input file, --rejects, -o, the output directory,
   the rules' includes, a decompressor's. */
#define FD_RESERVE 16

static const struct cli_program program = {
	"canal-route [-hV] [-r FILE] [--check] [--explain] [--tz ZONE] "
	"[--split FIELD] [--shard-by FIELD] [--shards K] [--out-dir DIR] "
	"[--max-open N] [--clean] [-o FILE] [--rejects FILE] [--stats] [--strict] "
	"[--line-buffered] [FILE ...]",
	"Apply rules to canonical events: classify, tag, drop, split, shard.",
	"  -r, --rules FILE      the rules (canal-rules(5))\n"
	"      --check           only check the rules file, then exit\n"
	"      --explain         add \"rules\": the lines of the rules that matched\n"
	"      --tz ZONE         zone of hour, weekday and within hours (default UTC)\n"
	"      --split FIELD     one file per value of FIELD in --out-dir\n"
	"      --shard-by FIELD  K files by a stable hash of FIELD (--shards K)\n"
	"      --shards K        number of shards (default 16)\n"
	"      --out-dir DIR     directory of --split, --shard-by and \"to\" files\n"
	"      --max-open N      open output files at most (default 64, less\n"
	"                        under a low ulimit -n)\n"
	"      --clean           replace the *.jsonl files already in --out-dir\n"
	CLI_COMMON_HELP
};

static const struct option longopts[] = {
	{ "rules", required_argument, NULL, 'r' },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ "tz", required_argument, NULL, OPT_TZ },
	{ "split", required_argument, NULL, OPT_SPLIT },
	{ "shard-by", required_argument, NULL, OPT_SHARD_BY },
	{ "shards", required_argument, NULL, OPT_SHARDS },
	{ "out-dir", required_argument, NULL, OPT_OUT_DIR },
	{ "max-open", required_argument, NULL, OPT_MAX_OPEN },
	{ "clean", no_argument, NULL, OPT_CLEAN },
	CLI_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

struct opts {
	struct cli_common common;
	const char *rules_path;
	int check, explain, clean;
	struct tz *tz;
	const char *split, *shard_by, *out_dir;
	long long shards, max_open;
	struct rules *rules;
};

/* Output files that can be open at once under RLIMIT_NOFILE, at least 1. */
static long long
open_files_allowed(unsigned long long *limit)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 ||
	    rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > 1000000) {
		*limit = 0;
		return 1000000;
	}
	*limit = (unsigned long long)rl.rlim_cur;
	return rl.rlim_cur > FD_RESERVE ? (long long)rl.rlim_cur -
	    FD_RESERVE : 1;
}

/* An explicit --max-open that the limit cannot give is lowered, with a
   warning: the run still works, only with more reopening. */
static void
fit_max_open(struct opts *o)
{
	unsigned long long limit;
	long long allowed = open_files_allowed(&limit);

	if (o->max_open == 0)
		o->max_open = allowed < MAX_OPEN_DEFAULT ? allowed :
		    MAX_OPEN_DEFAULT;
	else if (o->max_open > allowed && o->out_dir != NULL && !o->check) {
		diag_warn("--max-open %lld: only %lld output files can be "
		    "open under the limit of %llu descriptors (ulimit -n); "
		    "using %lld", o->max_open, allowed, limit, allowed);
		o->max_open = allowed;
	}
}

static void
parse_options(int argc, char **argv, struct opts *o)
{
	char err[4096];
	const char *why;
	int ch;

	memset(o, 0, sizeof(*o));
	cli_common_init(&o->common);
	o->shards = 16;
	o->max_open = 0;	/* from the descriptor limit, below */
	while ((ch = cli_getopt(argc, argv, CLI_COMMON_SHORTOPTS "r:",
	    longopts, &program)) != -1) {
		switch (ch) {
		case 'r':
			o->rules_path = optarg;
			break;
		case OPT_CHECK:
			o->check = 1;
			break;
		case OPT_EXPLAIN:
			o->explain = 1;
			break;
		case OPT_TZ:
			tz_free(o->tz);
			if ((o->tz = tz_load(optarg, err, sizeof(err))) == NULL)
				cli_usage_error(&program, "--tz: %s", err);
			break;
		case OPT_SPLIT:
			o->split = optarg;
			break;
		case OPT_SHARD_BY:
			o->shard_by = optarg;
			break;
		case OPT_SHARDS:
			if (util_parse_int(optarg, 1, 100000, &o->shards,
			    &why) != 0)
				cli_usage_error(&program, "--shards %s: %s",
				    optarg, why);
			break;
		case OPT_OUT_DIR:
			o->out_dir = optarg;
			break;
		case OPT_CLEAN:
			o->clean = 1;
			break;
		case OPT_MAX_OPEN:
			if (util_parse_int(optarg, 1, 100000, &o->max_open,
			    &why) != 0)
				cli_usage_error(&program, "--max-open %s: %s",
				    optarg, why);
			break;
		default:
			cli_common_option(&o->common, &program, ch, optarg);
			break;
		}
	}
	if (o->split != NULL && o->shard_by != NULL)
		cli_usage_error(&program, "give --split or --shard-by, not "
		    "both");
	if (o->clean && o->out_dir == NULL)
		cli_usage_error(&program, "--clean needs --out-dir DIR");
	if ((o->split != NULL || o->shard_by != NULL) && o->out_dir == NULL)
		cli_usage_error(&program, "--split and --shard-by need "
		    "--out-dir DIR");
	if (o->rules_path == NULL && (o->check || o->explain))
		cli_usage_error(&program, "--check and --explain need -r FILE");
	if (o->rules_path == NULL && o->shard_by == NULL && o->split == NULL)
		cli_usage_error(&program, "give -r FILE, --split or "
		    "--shard-by");
	fit_max_open(o);
	/* The rules are checked before any input is read. */
	if (o->rules_path != NULL && (o->rules = rules_load(o->rules_path,
	    o->tz, err, sizeof(err))) == NULL) {
		diag_warn("%s", err);
		exit(CANAL_EXIT_USAGE);
	}
	if (o->rules != NULL && rules_has_outputs(o->rules) &&
	    o->out_dir == NULL && !o->check)
		cli_usage_error(&program, "%s: rules send events to named "
		    "outputs ('to'): give --out-dir DIR", o->rules_path);
}

struct run {
	const struct opts *o;
	struct diag *d;
	struct jsonl_writer *out;
	struct outdir *dir;
	struct event_view ev;
	struct jsonl_buf line;
	uint64_t limit_hits;
	int failed;
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

/* FNV-1a of a field's value: the shard, the same on every machine. */
static unsigned long
shard_of(const char *s, size_t n, long long shards)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return (unsigned long)(h % (uint64_t)shards);
}

/* The text of a top-level field of the event, decoded; "" if absent. */
static const char *
field_text(struct run *r, const char *name, size_t *len, char **owned)
{
	const struct scan_member *m = scan_object_get(&r->ev.members, name);
	char *d;

	*owned = NULL;
	*len = 0;
	if (m == NULL || m->type == SCAN_NULL)
		return "";
	if (m->type != SCAN_STRING || !m->value_escaped) {
		*len = m->value_len;
		return m->value;
	}
	d = *owned = xmalloc(m->value_len + 1);
	*len = scan_string_decode(m->value, m->value_len, d);
	return d;
}

static int
write_event(struct run *r, const char *line, size_t len,
    const struct rules_result *res)
{
	const struct opts *o = r->o;
	const char *v;
	char *owned, shard[32];
	size_t vlen, i;
	int status = 0, to_stdout = 1;

	if (o->split != NULL || o->shard_by != NULL) {
		v = field_text(r, o->split != NULL ? o->split : o->shard_by,
		    &vlen, &owned);
		if (o->shard_by != NULL) {
			snprintf(shard, sizeof(shard), "shard-%03lu",
			    shard_of(v, vlen, o->shards));
			v = shard;
			vlen = strlen(shard);
		}
		status = outdir_write(r->dir, v, vlen, line, len);
		free(owned);
		to_stdout = 0;
	}
	for (i = 0; status == 0 && r->dir != NULL && i < res->noutputs; i++) {
		status = outdir_write(r->dir, res->outputs[i],
		    strlen(res->outputs[i]), line, len);
		to_stdout = 0;
	}
	if (status != 0) {
		diag_warn_errno(errno, "%s", o->out_dir);
		return -1;
	}
	if (to_stdout)
		return jsonl_writer_line(r->out, line, len);
	return 0;
}

static int
route_line(struct run *r, const struct jsonl_reader *in, const char *line,
    size_t len)
{
	struct event_error err;
	struct rules_result res;

	if (event_parse(&r->ev, line, len, &err) != 0)
		return reject(r, in, err.offset == EVENT_NO_OFFSET ? 0 :
		    err.offset + 1, err.reason, line, len, 0);
	memset(&res, 0, sizeof(res));
	if (r->o->rules != NULL) {
		rules_eval(r->o->rules, &r->ev.members, r->ev.ts_ms,
		    r->o->explain, &r->line, &res);
		r->limit_hits += res.limit_hits;
		if (res.dropped) {
			r->d->dropped++;
			return STEP_OK;
		}
		if (res.changed) {
			line = r->line.data;
			len = r->line.len;
		}
	}
	if (write_event(r, line, len, &res) != 0)
		return STEP_FAIL;
	r->d->wrote++;
	return STEP_OK;
}

static int
route_input(struct run *r, const char *path)
{
	struct jsonl_reader in;
	enum jsonl_status st;
	const char *line, *name = path;
	char reason[64];
	size_t len;
	int fd, step = STEP_OK, is_stdin = strcmp(path, "-") == 0;

	if (is_stdin) {
		fd = STDIN_FILENO;
		name = "<stdin>";
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		diag_warn_errno(errno, "%s", path);
		return STEP_FAIL;
	}
	jsonl_reader_init(&in, fd, name, UINT64_MAX, READ_BUF_SIZE);
	while (step == STEP_OK && r->out->error == 0 &&
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
		step = route_line(r, &in, line, len);
	}
	jsonl_reader_free(&in);
	if (!is_stdin)
		close(fd);
	return step;
}

static void
free_options(struct opts *o)
{
	rules_free(o->rules);
	tz_free(o->tz);
}

int
main(int argc, char **argv)
{
	static char *stdin_only[] = { "-" };
	struct opts o;
	struct diag d;
	struct output out;
	struct run r;
	char err[1024];
	char **files;
	int nfiles, i, step = STEP_OK, failed = 0, status;

	diag_init(argv[0]);
	parse_options(argc, argv, &o);
	if (o.check) {
		printf("%s: %zu rules, no error\n", o.rules_path,
		    rules_count(o.rules));
		free_options(&o);
		return cli_flush_stdout();
	}
	memset(&d, 0, sizeof(d));
	memset(&r, 0, sizeof(r));
	files = argv + optind;
	nfiles = argc - optind;
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	if (o.out_dir != NULL && (r.dir = outdir_open(o.out_dir,
	    (size_t)o.max_open, o.clean ? OUTDIR_CLEAN : 0, err,
	    sizeof(err))) == NULL) {
		status = errno == ENOTEMPTY ? CANAL_EXIT_USAGE :
		    CANAL_EXIT_FAILURE;
		diag_warn("--out-dir %s", err);
		free_options(&o);
		return status;
	}
	if ((status = cli_start(&o.common, &d, &out)) != 0) {
		outdir_abort(r.dir);
		free_options(&o);
		return status;
	}
	r.o = &o;
	r.d = &d;
	r.out = &out.w;
	event_view_init(&r.ev);
	for (i = 0; i < nfiles && step == STEP_OK && out.w.error == 0; i++) {
		step = route_input(&r, files[i]);
		if (step == STEP_FAIL) {
			failed = 1;
			step = STEP_OK;
			if (out.w.error != 0)
				break;
		}
	}
	if (r.limit_hits > 0)
		diag_warn("%llu pattern matches stopped by the match limits "
		    "(taken as no match)", (unsigned long long)r.limit_hits);
	status = failed && out.w.error != EPIPE ? CANAL_EXIT_FAILURE :
	    diag_exit_status(&d);
	if (r.dir != NULL) {
		if (status == CANAL_EXIT_FAILURE || step == STEP_STOP)
			outdir_abort(r.dir);
		else if (outdir_commit(r.dir, err, sizeof(err)) != 0) {
			diag_warn("--out-dir %s", err);
			status = CANAL_EXIT_FAILURE;
		}
	}
	status = cli_finish(&o.common, &d, &out, status, step == STEP_STOP);
	event_view_free(&r.ev);
	jsonl_buf_free(&r.line);
	free_options(&o);
	return status;
}
