/*
 * cli.c - shared option handling.
 */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canal.h"
#include "diag.h"
#include "output.h"

void
cli_common_init(struct cli_common *c)
{
	c->output = NULL;
	c->rejects = NULL;
	c->line_buffered = -1;
	c->stats = 0;
	c->strict = 0;
}

int
cli_flush_stdout(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return CANAL_EXIT_OK;
	diag_warn_errno(errno, "<stdout>");
	return CANAL_EXIT_FAILURE;
}

static void
print_usage(FILE *fp, const struct cli_program *prog)
{
	fprintf(fp, "usage: %s\n", prog->usage);
}

int
cli_common_option(struct cli_common *c, const struct cli_program *prog,
    int opt, const char *arg)
{
	switch (opt) {
	case 'h':
		print_usage(stdout, prog);
		printf("%s\n\n%s", prog->summary, prog->help);
		exit(cli_flush_stdout());
	case 'V':
		printf("%s (canal) %s\n", diag_progname(), CANAL_VERSION);
		exit(cli_flush_stdout());
	case 'o':
		c->output = arg;
		return 1;
	case CLI_OPT_LINE_BUFFERED:
		c->line_buffered = 1;
		return 1;
	case CLI_OPT_REJECTS:
		c->rejects = arg;
		return 1;
	case CLI_OPT_STATS:
		c->stats = 1;
		return 1;
	case CLI_OPT_STRICT:
		c->strict = 1;
		return 1;
	default:
		return 0;
	}
}

int
cli_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts, const struct cli_program *prog)
{
	const char *arg;
	int ch;

	opterr = 0;	/* its messages would name argv[0], a path */
	ch = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (ch != '?' && ch != ':')
		return ch;
	arg = argv[optind - 1];
	if (strncmp(arg, "--", 2) == 0) {
		const char *eq = strchr(arg, '=');
		const struct option *o;

		for (o = longopts; eq != NULL && o->name != NULL; o++)
			if (o->has_arg == no_argument &&
			    strncmp(o->name, arg + 2, (size_t)(eq - arg - 2)) == 0)
				cli_usage_error(prog,
				    "option '--%s' takes no argument", o->name);
		if (ch == ':')
			cli_usage_error(prog, "option '%s' needs an argument",
			    arg);
		cli_usage_error(prog, "unknown or ambiguous option '%s'",
		    arg);
	}
	if (ch == ':')
		cli_usage_error(prog, "option '-%c' needs an argument", optopt);
	cli_usage_error(prog, "unknown option '-%c'", optopt);
}

void
cli_usage_error(const struct cli_program *prog, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", diag_progname());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	print_usage(stderr, prog);
	exit(CANAL_EXIT_USAGE);
}

int
cli_start(const struct cli_common *c, struct diag *d, struct output *out)
{
	signal(SIGPIPE, SIG_IGN);
	d->stats = c->stats;
	d->strict = c->strict;
	if (c->rejects != NULL && diag_open_rejects(d, c->rejects) != 0) {
		diag_warn_errno(errno, "%s", c->rejects);
		return CANAL_EXIT_FAILURE;
	}
	if (output_open(out, c->output, c->line_buffered) != 0) {
		diag_warn_errno(errno, "%s", c->output);
		diag_abort(d);
		return CANAL_EXIT_FAILURE;
	}
	return 0;
}

int
cli_finish(const struct cli_common *c, struct diag *d, struct output *out,
    int status, int discard)
{
	if (out->w.error == EPIPE || discard) {
		/* A reader that went away has all it wanted: no message,
		   but the stats line must not read as a complete run. */
		d->output_cut = out->w.error == EPIPE;
		output_abort(out);
	} else if (output_commit(out) != 0) {
		if (errno != EPIPE) {
			diag_warn_errno(errno, "%s", c->output != NULL ?
			    c->output : "<stdout>");
			status = CANAL_EXIT_FAILURE;
		} else {
			d->output_cut = 1;
		}
	}
	if (diag_finish(d) != 0)
		status = CANAL_EXIT_FAILURE;
	return status;
}
