/*
 * canal-merge - merge canonical event streams into one timeline ordered by
 * time.  See canal-merge(1).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "canal.h"
#include "cli.h"
#include "diag.h"
#include "lockfile.h"
#include "output.h"
#include "phone.h"
#include "stitch.h"
#include "timeline.h"
#include "util.h"

enum {
	OPT_DEDUPE = CLI_OPT_PROGRAM, OPT_STITCH, OPT_IDENTITY_MAP,
	OPT_CONFLICTS, OPT_STATE, OPT_LINKS_ONLY, OPT_CASES, OPT_IDLE,
	OPT_THREAD_SUBJECT, OPT_BY_CUSTOMER, OPT_COUNTRY, OPT_WAIT
};

static const struct cli_program program = {
	"canal-merge [-hV] [--dedupe] [-m SIZE] [--stitch] "
	"[--identity-map FILE] [--conflicts FILE] [--state FILE] [--wait] "
	"[--links-only] [--cases GAP] [--idle GAP] [--thread-subject] "
	"[--by-customer] [--country CC] [-o FILE] [--rejects FILE] "
	"[--stats] [--strict] [--line-buffered] [FILE ...]",
	"Merge canonical event streams into one timeline ordered by ts.",
	"      --dedupe          drop events whose id was already written at the same ts\n"
	"  -m, --memory SIZE     memory for sorting unsorted input (default 256M)\n"
	"      --stitch          join identities into customers across channels\n"
	"      --identity-map FILE  more links: CSV or JSON lines (repeatable)\n"
	"      --conflicts FILE  write links refused between two accounts to FILE\n"
	"      --state FILE      load and save the identity graph (cron runs),\n"
	"                        locked for the run (FILE.lock)\n"
	"      --wait            wait while another run holds the --state lock\n"
	"      --links-only      write the identities and links found, nothing else\n"
	"      --cases GAP       a customer's events until GAP of silence are one\n"
	"                        case (default 72h with --stitch)\n"
	"      --idle GAP        new conversation after GAP of silence where the\n"
	"                        channel has no thread ids (default 24h)\n"
	"      --thread-subject  thread e-mails without references by subject\n"
	"      --by-customer     order by customer, then time\n"
	"      --country CC      country of national numbers in identity maps\n"
	CLI_COMMON_HELP
};

static const struct option longopts[] = {
	{ "dedupe", no_argument, NULL, OPT_DEDUPE },
	{ "memory", required_argument, NULL, 'm' },
	{ "stitch", no_argument, NULL, OPT_STITCH },
	{ "identity-map", required_argument, NULL, OPT_IDENTITY_MAP },
	{ "conflicts", required_argument, NULL, OPT_CONFLICTS },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "links-only", no_argument, NULL, OPT_LINKS_ONLY },
	{ "cases", required_argument, NULL, OPT_CASES },
	{ "idle", required_argument, NULL, OPT_IDLE },
	{ "thread-subject", no_argument, NULL, OPT_THREAD_SUBJECT },
	{ "by-customer", no_argument, NULL, OPT_BY_CUSTOMER },
	{ "country", required_argument, NULL, OPT_COUNTRY },
	{ "wait", no_argument, NULL, OPT_WAIT },
	CLI_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

struct opts {
	struct cli_common common;
	struct timeline_options timeline;
	struct stitch_options stitch;
	int omnichannel;	/* any option of the omnichannel pass */
	int links_only;
	int by_customer;
	int cases_given;
	const char **maps;
	size_t nmaps;
	const char *conflicts;
	const char *state;
	int wait;		/* --wait: for the state's lock */
	int lock;		/* the state's lock, or -1 */
	char region[3];
};

/* A duration option: "72h", "30m", "90s", "2d". */
static int64_t
gap_option(const char *name, const char *arg)
{
	const char *why;
	uint64_t seconds;

	if (util_parse_duration(arg, 1, (uint64_t)10 * 366 * 86400, &seconds,
	    &why) != 0)
		cli_usage_error(&program, "--%s %s: %s", name, arg, why);
	return (int64_t)seconds * 1000;
}

static void
omnichannel_option(struct opts *o, int ch, const char *arg)
{
	const char *why;

	switch (ch) {
	case OPT_STITCH:
		o->stitch.stitch = 1;
		break;
	case OPT_IDENTITY_MAP:
		o->maps = xreallocarray(o->maps, o->nmaps + 1,
		    sizeof(*o->maps));
		o->maps[o->nmaps++] = arg;
		break;
	case OPT_CONFLICTS:
		o->conflicts = arg;
		break;
	case OPT_STATE:
		o->state = arg;
		break;
	case OPT_WAIT:
		o->wait = 1;
		break;
	case OPT_LINKS_ONLY:
		o->links_only = 1;
		break;
	case OPT_CASES:
		o->stitch.case_gap_ms = gap_option("cases", arg);
		o->cases_given = 1;
		break;
	case OPT_IDLE:
		o->stitch.idle_ms = gap_option("idle", arg);
		break;
	case OPT_THREAD_SUBJECT:
		o->stitch.thread_subject = 1;
		break;
	case OPT_BY_CUSTOMER:
		o->by_customer = 1;
		break;
	case OPT_COUNTRY:
		if (phone_parse_country(arg, o->region, &why) != 0)
			cli_usage_error(&program, "--country %s: %s", arg, why);
		o->stitch.region = o->region;
		break;
	default:
		cli_common_option(&o->common, &program, ch, arg);
		return;
	}
	o->omnichannel = 1;
}

/* Options that need others, and the defaults of the omnichannel pass. */
static void
finish_options(struct opts *o)
{
	if ((o->nmaps > 0 || o->conflicts != NULL || o->state != NULL ||
	    o->links_only) && !o->stitch.stitch)
		cli_usage_error(&program, "--identity-map, --conflicts, "
		    "--state and --links-only need --stitch");
	if (o->wait && o->state == NULL)
		cli_usage_error(&program, "--wait waits for the lock of "
		    "--state: no --state, nothing to wait for");
	if (o->links_only && (o->by_customer || o->cases_given))
		cli_usage_error(&program, "--links-only writes links, not "
		    "events: no --by-customer or --cases");
	if (o->stitch.idle_ms == 0)
		o->stitch.idle_ms = (int64_t)24 * 3600 * 1000;
	if (o->stitch.stitch && !o->cases_given)
		o->stitch.case_gap_ms = (int64_t)72 * 3600 * 1000;
}

static void
parse_options(int argc, char **argv, struct opts *o)
{
	const char *why;
	uint64_t size;
	int ch;

	memset(o, 0, sizeof(*o));
	o->lock = -1;
	cli_common_init(&o->common);
	o->timeline.memory = (size_t)256 << 20;
	o->timeline.dedupe = 0;
	o->timeline.tmpdir = NULL;
	while ((ch = cli_getopt(argc, argv, CLI_COMMON_SHORTOPTS "m:",
	    longopts, &program)) != -1) {
		switch (ch) {
		case OPT_DEDUPE:
			o->timeline.dedupe = 1;
			break;
		case 'm':
			if (util_parse_size(optarg, (uint64_t)1 << 20,
			    SIZE_MAX / 2, &size, &why) != 0)
				cli_usage_error(&program, "--memory %s: %s",
				    optarg, why);
			o->timeline.memory = (size_t)size;
			break;
		default:
			omnichannel_option(o, ch, optarg);
			break;
		}
	}
	finish_options(o);
}

/* The hooks of the omnichannel pass (stitch.h). */
_Static_assert(TIMELINE_NOTE_SIZE >= STITCH_NOTE_SIZE,
    "the timeline's notes are too small for stitching's");

static int
hook_seen(void *ctx, const struct event_view *ev, const char *file,
    uint64_t line, void *note)
{
	if (stitch_seen(ctx, ev, file, line, note) != 0) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

static int
hook_emit(void *ctx, int64_t ts, const char *line, size_t len,
    const void *note, const char **out, size_t *out_len)
{
	return stitch_emit(ctx, ts, line, len, note, out, out_len);
}

static uint64_t
hook_rank(void *ctx)
{
	return stitch_last_customer_rank(ctx);
}

/*
 * Sets up the omnichannel pass before any event is read: the state and
 * the identity maps.  Returns NULL after reporting why not.
 */
static struct stitch *
stitch_setup(struct opts *o, struct diag *d)
{
	struct stitch *s;
	char err[1024];
	size_t i;

	/* Locked before the state is read, until it is written: a second
	   run reads what the first saved, never what both started from. */
	if (o->state != NULL && (o->lock = lockfile_acquire(o->state,
	    o->wait, err, sizeof(err))) < 0) {
		if (o->lock == LOCKFILE_BUSY)
			diag_warn("--state %s: locked by another run "
			    "(use --wait)", o->state);
		else
			diag_warn("--state %s", err);
		return NULL;
	}
	s = stitch_new(&o->stitch, d);
	if (o->state != NULL && access(o->state, F_OK) == 0 &&
	    stitch_load_state(s, o->state, err, sizeof(err)) != 0) {
		diag_warn("--state %s (not replaced; move it away to start "
		    "afresh)", err);
		stitch_free(s);
		return NULL;
	}
	for (i = 0; i < o->nmaps; i++)
		if (stitch_add_map(s, o->maps[i], err, sizeof(err)) != 0) {
			diag_warn("--identity-map %s", err);
			stitch_free(s);
			return NULL;
		}
	o->timeline.hooks.ctx = s;
	o->timeline.hooks.seen = hook_seen;
	if (!o->links_only)
		o->timeline.hooks.emit = hook_emit;
	else
		o->timeline.scan_only = 1;	/* the events are not written */
	if (o->by_customer)
		o->timeline.hooks.rank = hook_rank;
	return s;
}

/* Applies the links, writing the refused ones to --conflicts. */
static int
settle(struct opts *o, struct stitch *s)
{
	struct output conflicts;
	long n;

	if (o->conflicts == NULL)
		return stitch_settle(s, NULL) < 0 ? -1 : 0;
	if (output_open(&conflicts, o->conflicts, 0) != 0) {
		diag_warn_errno(errno, "%s", o->conflicts);
		return -1;
	}
	n = stitch_settle(s, &conflicts.w);
	if (n < 0 || output_commit(&conflicts) != 0) {
		diag_warn_errno(errno, "%s", o->conflicts);
		if (n < 0)
			output_abort(&conflicts);
		return -1;
	}
	return 0;
}

/* Reads every operand, then writes the merged timeline. */
static int
run(struct opts *o, struct timeline *t, struct stitch *s, int nfiles,
    char **files, struct output *out, struct diag *d)
{
	static char *stdin_only[] = { "-" };
	enum timeline_status st = TIMELINE_OK;
	int i;

	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	for (i = 0; i < nfiles && st == TIMELINE_OK; i++)
		st = timeline_add_input(t, files[i]);
	if (st == TIMELINE_OK && s != NULL && settle(o, s) != 0)
		return CANAL_EXIT_FAILURE;
	if (st == TIMELINE_OK && o->links_only) {
		/* No event is passed on: every valid one is dropped, so that
		   read = wrote + rejected + dropped still holds. */
		d->dropped = d->read - d->rejected;
		if (stitch_write_links(s, &out->w) == 0)
			return diag_exit_status(d);
		st = TIMELINE_FAILED;
	} else if (st == TIMELINE_OK)
		st = timeline_write(t, &out->w);
	if (st == TIMELINE_STOPPED)
		return CANAL_EXIT_REJECTED;
	if (st == TIMELINE_OK)
		return diag_exit_status(d);
	if (out->w.error == EPIPE)
		return CANAL_EXIT_OK;	/* the reader has all it wanted */
	if (out->w.error != 0)
		diag_warn_errno(out->w.error, "%s", out->name);
	else
		diag_warn("%s", timeline_error(t));
	return CANAL_EXIT_FAILURE;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct diag d = { 0 };
	struct output out;
	struct timeline *t;
	struct stitch *s = NULL;
	char err[1024];
	int status, flushed = 1;

	diag_init(argv[0]);
	parse_options(argc, argv, &o);
	if ((status = cli_start(&o.common, &d, &out)) != 0)
		return status;
	if (o.omnichannel && (s = stitch_setup(&o, &d)) == NULL) {
		lockfile_release(o.lock);
		free(o.maps);
		return cli_finish(&o.common, &d, &out, CANAL_EXIT_FAILURE, 1);
	}
	t = timeline_new(&o.timeline, &d);
	status = run(&o, t, s, argc - optind, argv + optind, &out, &d);
	timeline_free(t);
	/* Yesterday's customers keep their keys: save only a whole run,
	   whose output has been written out (a full disk fails here). */
	if (s != NULL && o.state != NULL && status != CANAL_EXIT_FAILURE &&
	    jsonl_writer_flush(&out.w) != 0) {
		if (out.w.error != EPIPE) {
			diag_warn_errno(out.w.error, "%s", out.name);
			status = CANAL_EXIT_FAILURE;
		}
		flushed = 0;	/* a reader gone: no failure, no state */
	}
	if (s != NULL && o.state != NULL && status != CANAL_EXIT_FAILURE &&
	    flushed &&
	    !(status == CANAL_EXIT_REJECTED && d.strict) &&
	    stitch_save_state(s, o.state, err, sizeof(err)) != 0) {
		diag_warn("--state %s", err);
		status = CANAL_EXIT_FAILURE;
	}
	stitch_free(s);
	lockfile_release(o.lock);
	free(o.maps);
	/* Nothing half-written: a failed run, or --strict stopping, leaves
	   no output. */
	status = cli_finish(&o.common, &d, &out, status,
	    status == CANAL_EXIT_FAILURE ||
	    (status == CANAL_EXIT_REJECTED && d.strict));
	return status;
}
