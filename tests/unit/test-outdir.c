/*
 * test-outdir.c - split output files: safe names, collisions, bounded open
 * files with complete contents, renames at commit, nothing left by abort.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outdir.h"
#include "unit.h"

/* The names in dir, sorted, space-separated; dot files with hidden. */
static const char *
listing(const char *dir, int hidden)
{
	static char out[8192];
	struct dirent **ents;
	size_t used = 0;
	int n, i;

	out[0] = '\0';
	n = scandir(dir, &ents, NULL, alphasort);
	for (i = 0; i < n; i++) {
		if ((hidden || ents[i]->d_name[0] != '.') &&
		    strcmp(ents[i]->d_name, ".") != 0 &&
		    strcmp(ents[i]->d_name, "..") != 0 && used < sizeof(out))
			used += (size_t)snprintf(out + used, sizeof(out) - used,
			    "%s%s", used ? " " : "", ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	return out;
}

static long
lines_of(const char *path)
{
	FILE *f = fopen(path, "r");
	long n = 0;
	int c;

	if (f == NULL)
		return -1;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

int
main(void)
{
	char dir[] = "/tmp/canal-outdir-XXXXXX", sub[64], err[256], name[16];
	char path[128], big[300];
	struct outdir *o;
	int i, bad;

	if (mkdtemp(dir) == NULL) {
		skip(1, "no temporary directory");
		return done_testing();
	}
	snprintf(sub, sizeof(sub), "%s/a/b", dir);
	o = outdir_open(sub, 2, err, sizeof(err));
	ok(o != NULL, "a new directory and its parents");
	outdir_write(o, "a/b", 3, "1", 1);
	outdir_write(o, "a_b", 3, "2", 1);
	outdir_write(o, "..", 2, "3", 1);
	outdir_write(o, "", 0, "4", 1);
	outdir_write(o, "x\ny\x01", 4, "5", 1);
	outdir_write(o, "caf\xc3\xa9", 5, "6", 1);
	memset(big, 'v', sizeof(big));
	outdir_write(o, big, sizeof(big), "7", 1);
	is_str(outdir_file_name(o, "a/b", 3), "a_b.jsonl", "a slash");
	is_str(outdir_file_name(o, "a_b", 3), "a_b~2.jsonl", "a collision");
	is_str(outdir_file_name(o, "..", 2), "_..jsonl", "no leading dot");
	is_str(outdir_file_name(o, "", 0), "_empty.jsonl", "empty");
	is_str(outdir_file_name(o, "x\ny\x01", 4), "x_y_.jsonl", "controls");
	is_str(outdir_file_name(o, "caf\xc3\xa9", 5), "caf__.jsonl", "UTF-8");
	ok(strlen(outdir_file_name(o, big, sizeof(big))) == 106,
	    "bounded length");
	is_str(listing(sub, 0), "", "nothing visible before commit");
	bad = 0;
	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "q%d", i % 10);
		if (outdir_write(o, name, strlen(name), "line", 4) != 0)
			bad++;
	}
	is_int(bad, 0, "1000 lines to 10 files with 2 open");
	is_int(outdir_commit(o, err, sizeof(err)), 0, "committed");
	snprintf(path, sizeof(path), "%s/q7.jsonl", sub);
	is_int(lines_of(path), 100, "every line of q7 landed");
	ok(strstr(listing(sub, 1), "a_b.jsonl a_b~2.jsonl") != NULL &&
	    strstr(listing(sub, 1), ".tmp") == NULL, "renamed, no temporary "
	    "left");
	o = outdir_open(sub, 4, err, sizeof(err));
	outdir_write(o, "gone", 4, "x", 1);
	outdir_abort(o);
	snprintf(path, sizeof(path), "%s/gone.jsonl", sub);
	ok(access(path, F_OK) != 0 && strstr(listing(sub, 1), "gone") == NULL,
	    "abort leaves nothing");
	o = outdir_open("/dev/null/x", 4, err, sizeof(err));
	ok(o == NULL && strstr(err, "/dev/null/x") != NULL, "a path that "
	    "cannot be a directory: %s", err);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	if (system(path) != 0)
		diag("could not remove %s", dir);
	return done_testing();
}
