/*
 * canal - run a canal tool by its short name: "canal merge ..." runs
 * canal-merge, found beside this program or else on PATH (like git).
 * See canal(1).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "canal.h"
#include "cli.h"
#include "diag.h"
#include "util.h"

static const char usage[] = "usage: canal [-hV] TOOL [ARG ...]\n";

/* The directory this program was run from, or NULL. */
static char *
own_directory(void)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	path[n] = '\0';
	if ((slash = strrchr(path, '/')) == NULL)
		return NULL;
	*slash = '\0';
	return xstrdup(path);
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Prints the canal-* programs in dir, sorted, one per line. */
static void
list_tools(const char *dir)
{
	DIR *dp = dir != NULL ? opendir(dir) : NULL;
	struct dirent *de;
	char **names = NULL, *path;
	size_t n = 0, i, len;

	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (strncmp(de->d_name, "canal-", 6) != 0 ||
		    de->d_name[6] == '\0')
			continue;
		len = strlen(dir) + strlen(de->d_name) + 2;
		path = xmalloc(len);
		snprintf(path, len, "%s/%s", dir, de->d_name);
		if (access(path, X_OK) == 0) {
			names = xreallocarray(names, n + 1, sizeof(*names));
			names[n++] = xstrdup(de->d_name + 6);
		}
		free(path);
	}
	closedir(dp);
	qsort(names, n, sizeof(*names), compare_names);
	for (i = 0; i < n; i++) {
		printf("  %-12s canal-%s\n", names[i], names[i]);
		free(names[i]);
	}
	free(names);
}

static int
help(void)
{
	char *dir = own_directory();

	fputs(usage, stdout);
	fputs("Run the canal tool TOOL with ARGs: \"canal merge a.jsonl\" runs "
	    "\"canal-merge a.jsonl\".\n\n"
	    "  -h, --help      print this help and the installed tools\n"
	    "  -V, --version   print the version\n\n"
	    "Tools installed here:\n", stdout);
	list_tools(dir);
	fputs("\nSee canal(7) for the pipeline and canal-TOOL(1) for each "
	    "tool.\n", stdout);
	free(dir);
	return cli_flush_stdout();
}

static int
valid_tool_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!(*s >= 'a' && *s <= 'z') && *s != '-')
			return 0;
	return 1;
}

int
main(int argc, char **argv)
{
	char *dir, *path, *program;
	size_t len;

	diag_init(argv[0]);
	if (argc < 2) {
		fputs(usage, stderr);
		return CANAL_EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return help();
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("canal %s\n", CANAL_VERSION);
		return cli_flush_stdout();
	}
	if (!valid_tool_name(argv[1])) {
		diag_warn("'%s' is not a canal tool; see 'canal --help'",
		    argv[1]);
		return CANAL_EXIT_USAGE;
	}
	len = strlen(argv[1]) + sizeof("canal-");
	program = xmalloc(len);
	snprintf(program, len, "canal-%s", argv[1]);
	argv[1] = program;
	if ((dir = own_directory()) != NULL) {
		len = strlen(dir) + strlen(program) + 2;
		path = xmalloc(len);
		snprintf(path, len, "%s/%s", dir, program);
		execv(path, argv + 1);
		free(path);
		free(dir);
	}
	execvp(program, argv + 1);
	if (errno == ENOENT) {
		diag_warn("'%s' is not a canal tool; see 'canal --help'",
		    program + 6);
		return CANAL_EXIT_USAGE;
	}
	diag_warn_errno(errno, "%s", program);
	return CANAL_EXIT_FAILURE;
}
