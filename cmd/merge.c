/*
 * canal-merge - merge canonical event streams into one timeline ordered by
 * time.  See canal-merge(1).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "canal.h"
#include "cli.h"
#include "diag.h"
#include "output.h"
#include "timeline.h"
#include "util.h"

enum { OPT_DEDUPE = CLI_OPT_PROGRAM };

static const struct cli_program program = {
	"canal-merge [-hV] [--dedupe] [-m SIZE] [-o FILE] [--rejects FILE] "
	"[--stats] [--strict] [--line-buffered] [FILE ...]",
	"Merge canonical event streams into one timeline ordered by ts.",
	"      --dedupe          drop events whose id was already written at the same ts\n"
	"  -m, --memory SIZE     memory for sorting unsorted input (default 256M)\n"
	CLI_COMMON_HELP
};

static const struct option longopts[] = {
	{ "dedupe", no_argument, NULL, OPT_DEDUPE },
	{ "memory", required_argument, NULL, 'm' },
	CLI_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

struct opts {
	struct cli_common common;
	struct timeline_options timeline;
};

static void
parse_options(int argc, char **argv, struct opts *o)
{
	const char *why;
	uint64_t size;
	int ch;

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
			cli_common_option(&o->common, &program, ch, optarg);
			break;
		}
	}
}

/* Reads every operand, then writes the merged timeline. */
static int
run(struct timeline *t, int nfiles, char **files, struct output *out,
    struct diag *d)
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
	if (st == TIMELINE_OK)
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
	int status;

	diag_init(argv[0]);
	parse_options(argc, argv, &o);
	if ((status = cli_start(&o.common, &d, &out)) != 0)
		return status;
	t = timeline_new(&o.timeline, &d);
	status = run(t, argc - optind, argv + optind, &out, &d);
	timeline_free(t);
	/* Nothing half-written: a failed run, or --strict stopping, leaves
	   no output. */
	status = cli_finish(&o.common, &d, &out, status,
	    status == CANAL_EXIT_FAILURE ||
	    (status == CANAL_EXIT_REJECTED && d.strict));
	return status;
}
