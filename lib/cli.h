/*
 * cli.h - the options every canal program shares (DESIGN section 3), parsed
 * the same way everywhere with getopt_long(3).  A program lists
 * CLI_COMMON_LONGOPTS and CLI_COMMON_SHORTOPTS in its own tables and hands
 * every option it does not know itself to cli_common_option().
 */
#ifndef CANAL_CLI_H
#define CANAL_CLI_H

#include <getopt.h>

/* Long-only options are numbered above any character. */
enum cli_option {
	CLI_OPT_LINE_BUFFERED = 0x100,
	CLI_OPT_REJECTS,
	CLI_OPT_STATS,
	CLI_OPT_STRICT,
	CLI_OPT_PROGRAM = 0x200		/* first number a program may use */
};

#define CLI_COMMON_SHORTOPTS ":hVo:"
#define CLI_COMMON_LONGOPTS \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, 'V' }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "line-buffered", no_argument, NULL, CLI_OPT_LINE_BUFFERED }, \
	{ "rejects", required_argument, NULL, CLI_OPT_REJECTS }, \
	{ "stats", no_argument, NULL, CLI_OPT_STATS }, \
	{ "strict", no_argument, NULL, CLI_OPT_STRICT }

/* Help text lines for the shared options, for a program's --help. */
#define CLI_COMMON_HELP \
	"  -o, --output FILE     write to FILE atomically instead of standard output\n" \
	"      --rejects FILE    write rejected records with their reasons to FILE\n" \
	"      --stats           print read/wrote/rejected/dropped counts on stderr\n" \
	"      --strict          stop at the first rejected record\n" \
	"      --line-buffered   flush every output line\n" \
	"  -h, --help            print this help and exit\n" \
	"  -V, --version         print the version and exit\n"

struct cli_program {
	const char *usage;	/* "canal-merge [-hV] ... [FILE ...]" */
	const char *summary;	/* one line: what the program does */
	const char *help;	/* program options, one per line, then CLI_COMMON_HELP */
};

struct cli_common {
	const char *output;	/* -o FILE, NULL for stdout */
	const char *rejects;	/* --rejects FILE or NULL */
	int line_buffered;	/* -1: when stdout is a terminal */
	int stats;
	int strict;
};

void cli_common_init(struct cli_common *c);

/**
 * getopt_long(3) with canal's messages: returns the next option, or -1 at
 * the first operand; an unknown option or a missing argument is reported
 * with the usage line and exits 2.  shortopts must start with ':'.
 */
int cli_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts, const struct cli_program *prog);

/**
 * Handles a shared option.  Returns 1 when opt was one (-h and -V print to
 * stdout and exit 0), 0 when it is the program's own.
 */
int cli_common_option(struct cli_common *c, const struct cli_program *prog,
    int opt, const char *arg);

/**
 * Flushes stdout after --help or --version text; returns the exit status,
 * reporting a write error (a full disk) on stderr.
 */
int cli_flush_stdout(void);

struct diag;
struct output;

/**
 * Sets up what every program writes to, after its options were parsed:
 * SIGPIPE ignored (a closed pipe is an ordinary end, seen as EPIPE), d's
 * --stats and --strict, the --rejects file, and the output (-o or stdout).
 * Returns 0, or CANAL_EXIT_FAILURE after reporting why (nothing is left
 * open then).
 */
int cli_start(const struct cli_common *c, struct diag *d, struct output *out);

/**
 * Ends a run: the output is committed (or, with discard, thrown away: an
 * -o file is then not written), the rejects file closed and the stats line
 * printed.  A reader that went away (EPIPE) is no failure.  Returns the
 * exit status: status, or CANAL_EXIT_FAILURE when closing failed.
 */
int cli_finish(const struct cli_common *c, struct diag *d, struct output *out,
    int status, int discard);

/** "prog: message", then the usage line, on stderr; exits 2. */
void cli_usage_error(const struct cli_program *prog, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

#endif
