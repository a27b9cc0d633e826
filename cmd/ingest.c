/*
 * canal-ingest - read the exports of contact systems as JSON lines, one
 * flat object per source record with its provenance.  See canal-ingest(1).
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
#include "ingest.h"
#include "linepat.h"
#include "output.h"
#include "util.h"

enum {
	OPT_LIST_FORMATS = CLI_OPT_PROGRAM, OPT_PROGRESS, OPT_DATE_ORDER,
	OPT_BODY, OPT_COLUMNS, OPT_DELIMITER, OPT_QUOTE, OPT_NO_HEADER,
	OPT_PATH, OPT_PATTERN, OPT_PATTERN_FILE, OPT_CONTINUATION
};

#define SNIFF_SIZE 65536

static const struct cli_program program = {
	"canal-ingest [-hVv] [-f FORMAT] [--list-formats] [--progress] "
	"[--date-order ORDER] [--body N] [--columns LIST] [--delimiter CHAR] "
	"[--quote CHAR] [--no-header] [--path PATH] [--pattern REGEX] "
	"[--pattern-file FILE] [--continuation REGEX] [-o FILE] "
	"[--rejects FILE] [--stats] [--strict] [--line-buffered] [FILE ...]",
	"Read contact-system exports as JSON lines, one object per record.",
	"  -f, --format FORMAT   the input format (default auto: detect per file)\n"
	"      --list-formats    list the formats and exit\n"
	"  -v, --verbose         say which format each file was read as\n"
	"      --progress        show bytes, records, rate and ETA on a terminal\n"
	"      --date-order ORDER  whatsapp: dmy, mdy, ymd or auto (default)\n"
	"      --body N          mbox: characters of body text kept (default 200)\n"
	"      --columns LIST    csv: column names for a file without a header\n"
	"      --delimiter CHAR  csv: field delimiter (default , or tab for .tsv)\n"
	"      --quote CHAR      csv: quote character (default \")\n"
	"      --no-header       csv: no header line; columns column_1, column_2...\n"
	"      --path PATH       json: dotted path to the array of records\n"
	"      --pattern REGEX   regex: a pcre2 pattern with named groups\n"
	"      --pattern-file FILE  regex: read the pattern from FILE\n"
	"      --continuation REGEX  regex: lines that continue the previous record\n"
	CLI_COMMON_HELP
};

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "list-formats", no_argument, NULL, OPT_LIST_FORMATS },
	{ "verbose", no_argument, NULL, 'v' },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "date-order", required_argument, NULL, OPT_DATE_ORDER },
	{ "body", required_argument, NULL, OPT_BODY },
	{ "columns", required_argument, NULL, OPT_COLUMNS },
	{ "delimiter", required_argument, NULL, OPT_DELIMITER },
	{ "quote", required_argument, NULL, OPT_QUOTE },
	{ "no-header", no_argument, NULL, OPT_NO_HEADER },
	{ "path", required_argument, NULL, OPT_PATH },
	{ "pattern", required_argument, NULL, OPT_PATTERN },
	{ "pattern-file", required_argument, NULL, OPT_PATTERN_FILE },
	{ "continuation", required_argument, NULL, OPT_CONTINUATION },
	CLI_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

struct opts {
	struct cli_common common;
	struct ingest_options ingest;
	const struct ingest_format *format;	/* NULL: auto */
};

static int
list_formats(void)
{
	size_t i;

	for (i = 0; ingest_formats[i] != NULL; i++)
		printf("%-11s %s\n", ingest_formats[i]->name,
		    ingest_formats[i]->summary);
	printf("%-11s %s\n", "auto", "detect each file's format from its "
	    "name and first bytes (the default)");
	return cli_flush_stdout();
}

/* A one-byte option value: a character, or "tab". */
static char
char_option(const char *name, const char *arg)
{
	if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0)
		return '\t';
	if (strlen(arg) != 1 || arg[0] == '\n' || arg[0] == '\r')
		cli_usage_error(&program, "--%s %s: give one character or "
		    "'tab'", name, arg);
	return arg[0];
}

/* A regex pattern that cannot work is a usage error, before any input. */
static void
check_patterns(const struct opts *o)
{
	struct linepat p;
	char err[256];

	if (o->format == NULL || strcmp(o->format->name, "regex") != 0)
		return;
	if (o->ingest.pattern == NULL && o->ingest.pattern_file == NULL)
		cli_usage_error(&program, "-f regex needs --pattern or "
		    "--pattern-file");
	if (linepat_load(&p, "--pattern", o->ingest.pattern,
	    o->ingest.pattern_file, LINEPAT_NAMES, err, sizeof(err)) != 0)
		cli_usage_error(&program, "%s", err);
	linepat_free(&p);
	if (o->ingest.continuation != NULL) {
		if (linepat_load(&p, "--continuation", o->ingest.continuation,
		    NULL, 0, err, sizeof(err)) != 0)
			cli_usage_error(&program, "%s", err);
		linepat_free(&p);
	}
}

static void
parse_options(int argc, char **argv, struct opts *o)
{
	const char *why;
	long long n;
	int ch;

	memset(o, 0, sizeof(*o));
	cli_common_init(&o->common);
	o->ingest.body_chars = 200;
	while ((ch = cli_getopt(argc, argv, CLI_COMMON_SHORTOPTS "f:v",
	    longopts, &program)) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "auto") == 0)
				o->format = NULL;
			else if ((o->format = ingest_format_find(optarg)) ==
			    NULL)
				cli_usage_error(&program, "unknown format '%s'; "
				    "see --list-formats", optarg);
			break;
		case OPT_LIST_FORMATS:
			exit(list_formats());
		case 'v':
			o->ingest.verbose = 1;
			break;
		case OPT_PROGRESS:
			o->ingest.progress = 1;
			break;
		case OPT_DATE_ORDER:
			if (strcmp(optarg, "dmy") == 0)
				o->ingest.date_order = DATE_ORDER_DMY;
			else if (strcmp(optarg, "mdy") == 0)
				o->ingest.date_order = DATE_ORDER_MDY;
			else if (strcmp(optarg, "ymd") == 0)
				o->ingest.date_order = DATE_ORDER_YMD;
			else if (strcmp(optarg, "auto") == 0)
				o->ingest.date_order = DATE_ORDER_AUTO;
			else
				cli_usage_error(&program, "--date-order %s: use "
				    "dmy, mdy, ymd or auto", optarg);
			break;
		case OPT_BODY:
			if (util_parse_int(optarg, 0, 1 << 24, &n, &why) != 0)
				cli_usage_error(&program, "--body %s: %s",
				    optarg, why);
			o->ingest.body_chars = (long)n;
			break;
		case OPT_COLUMNS:
			o->ingest.columns = optarg;
			break;
		case OPT_DELIMITER:
			o->ingest.delimiter = char_option("delimiter", optarg);
			break;
		case OPT_QUOTE:
			o->ingest.quote = char_option("quote", optarg);
			break;
		case OPT_NO_HEADER:
			o->ingest.no_header = 1;
			break;
		case OPT_PATH:
			o->ingest.path = optarg;
			break;
		case OPT_PATTERN:
			o->ingest.pattern = optarg;
			break;
		case OPT_PATTERN_FILE:
			o->ingest.pattern_file = optarg;
			break;
		case OPT_CONTINUATION:
			o->ingest.continuation = optarg;
			break;
		default:
			cli_common_option(&o->common, &program, ch, optarg);
			break;
		}
	}
	if (o->ingest.pattern != NULL && o->ingest.pattern_file != NULL)
		cli_usage_error(&program, "give --pattern or --pattern-file, "
		    "not both");
	o->ingest.format = o->format != NULL ? o->format->name : NULL;
	check_patterns(o);
}

/* Directories are refused before anything is read (exit 2). */
static void
check_operands(int n, char **files, struct ingest_sink *sink)
{
	struct stat st;
	int i;

	for (i = 0; i < n; i++) {
		if (strcmp(files[i], "-") == 0 || stat(files[i], &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			cli_usage_error(&program, "%s: is a directory; give its "
			    "files, e.g. '%s/*'", files[i], files[i]);
		if (S_ISREG(st.st_mode))
			sink->bytes_total += (uint64_t)st.st_size;
	}
}

/* Picks the reader of one input; NULL after reporting why not. */
static const struct ingest_format *
choose_format(const struct opts *o, int fd, const char *path,
    const char *name)
{
	const struct ingest_format *f;
	struct stat st;
	char *head;
	ssize_t n;

	if (o->format != NULL)
		return o->format;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		diag_warn("%s: cannot detect the format of a pipe or standard "
		    "input; give -f FORMAT", name);
		return NULL;
	}
	head = xmalloc(SNIFF_SIZE);
	n = pread(fd, head, SNIFF_SIZE, 0);
	f = n >= 0 ? ingest_format_detect(path, head, (size_t)n,
	    &o->ingest) : NULL;
	free(head);
	if (f == NULL)
		diag_warn("%s: cannot tell its format; give -f FORMAT (see "
		    "--list-formats)", name);
	else if (o->ingest.verbose)
		diag_warn("%s: reading as %s", name, f->name);
	return f;
}

/* Whether fd is the very regular file the output goes to. */
static int
is_output(const struct ingest_sink *sink, int fd)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && fstat(sink->out->fd, &b) == 0 &&
	    S_ISREG(a.st_mode) && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Reads one operand; returns the reader's status (failures reported). */
static enum ingest_status
ingest_one(const struct opts *o, struct ingest_sink *sink, const char *path)
{
	struct ingest_input in;
	const struct ingest_format *f;
	enum ingest_status st;
	int is_stdin = strcmp(path, "-") == 0;

	memset(&in, 0, sizeof(in));
	in.path = path;
	in.name = is_stdin ? "<stdin>" : path;
	in.opts = &o->ingest;
	in.sink = sink;
	in.fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (in.fd < 0) {
		diag_warn_errno(errno, "%s", path);
		return INGEST_FAILED;
	}
	if (is_output(sink, in.fd)) {
		/* Reading what is being appended would never end (cat(1)
		   refuses this too). */
		diag_warn("%s: input file is the output file", in.name);
		if (!is_stdin)
			close(in.fd);
		return INGEST_FAILED;
	}
	if ((f = choose_format(o, in.fd, path, in.name)) == NULL) {
		if (!is_stdin)
			close(in.fd);
		return INGEST_FAILED;
	}
	in.format = f->name;
	record_init(&in.rec);
	st = f->read(&in);
	record_free(&in.rec);
	/* A failed write is reported once, when the output is closed. */
	if (st == INGEST_FAILED && in.error[0] != '\0' &&
	    sink->out->error == 0)
		diag_warn("%s", in.error);
	sink->bytes_done += in.bytes_read;
	if (!is_stdin)
		close(in.fd);
	return st;
}

int
main(int argc, char **argv)
{
	static char *stdin_only[] = { "-" };
	struct opts o;
	struct diag d;
	struct output out;
	struct ingest_sink sink;
	enum ingest_status st = INGEST_OK;
	char **files;
	int nfiles, i, failed = 0, status;

	diag_init(argv[0]);
	parse_options(argc, argv, &o);
	memset(&d, 0, sizeof(d));
	memset(&sink, 0, sizeof(sink));
	files = argv + optind;
	nfiles = argc - optind;
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	check_operands(nfiles, files, &sink);
	if ((status = cli_start(&o.common, &d, &out)) != 0)
		return status;
	sink.out = &out.w;
	sink.diag = &d;
	sink.progress = o.ingest.progress && isatty(STDERR_FILENO);
	for (i = 0; i < nfiles; i++) {
		st = ingest_one(&o, &sink, files[i]);
		if (st == INGEST_STOPPED || out.w.error != 0)
			break;
		if (st == INGEST_FAILED)
			failed = 1;
	}
	if (sink.progress)
		diag_progress(NULL);
	/* A reader that went away (EPIPE) is an ordinary end. */
	status = failed || (out.w.error != 0 && out.w.error != EPIPE) ?
	    CANAL_EXIT_FAILURE : diag_exit_status(&d);
	/* --strict: no partial -o file. */
	status = cli_finish(&o.common, &d, &out, status,
	    st == INGEST_STOPPED);
	return status;
}
