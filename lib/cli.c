/*
 * cli.c - shared option handling.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "canal.h"
#include "diag.h"

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
	case '?':
	case ':':
		/* getopt_long has said what was wrong. */
		print_usage(stderr, prog);
		exit(CANAL_EXIT_USAGE);
	default:
		return 0;
	}
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
