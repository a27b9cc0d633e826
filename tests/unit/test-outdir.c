/*
 * test-outdir.c - split output files: safe names, collisions, bounded open
 * files with complete contents, renames at commit, nothing left by abort;
 * the directory owned by the run (empty, or --clean), locked; temporary
 * files never followed through a link or reopened when replaced; modes of
 * replaced files kept.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

static char top[] = "/tmp/canal-outdir-XXXXXX";

static char *
in(const char *name)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", top, name);
	return buf[k];
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

static char *
slurp(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	size_t n = 0;

	buf[0] = '\0';
	if (f != NULL) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

/* The temporary file .NAME.XXXXXX in dir ("" if none), by listing. */
static const char *
temp_of(const char *dir, const char *name)
{
	static char found[256];
	char want[128];
	struct dirent *de;
	DIR *d = opendir(dir);

	found[0] = '\0';
	snprintf(want, sizeof(want), ".%s.", name);
	while (d != NULL && (de = readdir(d)) != NULL)
		if (strncmp(de->d_name, want, strlen(want)) == 0 &&
		    strlen(de->d_name) == strlen(want) + 6)
			snprintf(found, sizeof(found), "%s", de->d_name);
	if (d != NULL)
		closedir(d);
	return found;
}

static void
test_names(void)
{
	char sub[256], err[256], name[16], path[300], big[300];
	struct outdir *o;
	int i, bad;

	snprintf(sub, sizeof(sub), "%s/a/b", top);
	o = outdir_open(sub, 2, 0, err, sizeof(err));
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
	ok(strlen(temp_of(sub, "a_b.jsonl")) == 1 + 9 + 1 + 6,
	    "temporary name .a_b.jsonl.XXXXXX (%s)", temp_of(sub, "a_b.jsonl"));
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
	    strstr(listing(sub, 1), " .") == NULL, "renamed, no temporary "
	    "left");
	o = outdir_open(sub, 4, OUTDIR_CLEAN, err, sizeof(err));
	outdir_write(o, "gone", 4, "x", 1);
	outdir_abort(o);
	snprintf(path, sizeof(path), "%s/gone.jsonl", sub);
	ok(access(path, F_OK) != 0 && strstr(listing(sub, 1), "gone") == NULL,
	    "abort leaves nothing");
	ok(strstr(listing(sub, 1), "q7.jsonl") != NULL,
	    "abort with --clean removes no old file");
	o = outdir_open("/dev/null/x", 4, 0, err, sizeof(err));
	ok(o == NULL && strstr(err, "/dev/null/x") != NULL, "a path that "
	    "cannot be a directory: %s", err);
}

/* A run owns its directory: empty, or --clean. */
static void
test_owned(void)
{
	char err[256];
	struct outdir *o, *o2;
	struct stat st;
	char d[256];

	snprintf(d, sizeof(d), "%s", in("own"));

	o = outdir_open(d, 4, 0, err, sizeof(err));
	outdir_write(o, "a", 1, "1", 1);
	outdir_write(o, "b", 1, "1", 1);
	is_int(outdir_commit(o, err, sizeof(err)), 0, "first run");
	errno = 0;
	o = outdir_open(d, 4, 0, err, sizeof(err));
	ok(o == NULL && errno == ENOTEMPTY, "a second run is refused");
	ok(strstr(err, "/own: not empty (use --clean to replace its *.jsonl "
	    "files)") != NULL, "its message: %s", err);
	put(in("own/.b.jsonl.Ab12Cd"), "killed\n");
	put(in("own/.a.jsonl.tmp.12345"), "killed\n");
	chmod(in("own/b.jsonl"), 0600);
	o = outdir_open(d, 4, OUTDIR_CLEAN, err, sizeof(err));
	ok(o != NULL, "--clean: accepted");
	is_str(listing(d, 1), "a.jsonl b.jsonl",
	    "a killed run's temporary files removed at the start");
	o2 = outdir_open(d, 4, OUTDIR_CLEAN, err, sizeof(err));
	ok(o2 == NULL && errno == EWOULDBLOCK, "locked against another "
	    "run: %s", err);
	outdir_write(o, "b", 1, "2", 1);
	outdir_write(o, "c", 1, "2", 1);
	is_str(listing(d, 0), "a.jsonl b.jsonl", "old files whole meanwhile");
	is_int(outdir_commit(o, err, sizeof(err)), 0, "second run");
	is_str(listing(d, 1), "b.jsonl c.jsonl",
	    "only the second run's files");
	is_str(slurp(in("own/b.jsonl")), "2\n", "b replaced");
	st.st_mode = 0;
	stat(in("own/b.jsonl"), &st);
	is_int(st.st_mode & 0777, 0600, "b keeps its mode 0600");
	st.st_mode = 0;
	stat(in("own/c.jsonl"), &st);
	is_int(st.st_mode & 0777, 0644, "c new: 0644 under umask 022");
	chmod(in("own/c.jsonl"), 0444);
	o = outdir_open(d, 1, OUTDIR_CLEAN, err, sizeof(err));
	if (!ok(o != NULL, "a third run: %s", o != NULL ? "" : err))
		return;
	outdir_write(o, "c", 1, "3", 1);
	outdir_write(o, "b", 1, "3", 1);
	is_int(outdir_commit(o, err, sizeof(err)), 0, "over a read-only file");
	st.st_mode = 0;
	stat(in("own/c.jsonl"), &st);
	is_int(st.st_mode & 0777, 0444, "c replaced, keeps 0444");
	is_str(slurp(in("own/c.jsonl")), "3\n", "c's new content");

	mkdir(in("own/sub"), 0755);
	errno = 0;
	o = outdir_open(d, 4, OUTDIR_CLEAN, err, sizeof(err));
	ok(o == NULL && errno == ENOTEMPTY && strstr(err, "\"sub\"") != NULL,
	    "--clean refuses a subdirectory: %s", err);
	rmdir(in("own/sub"));
	symlink("b.jsonl", in("own/l.jsonl"));
	o = outdir_open(d, 4, OUTDIR_CLEAN, err, sizeof(err));
	ok(o == NULL && strstr(err, "\"l.jsonl\"") != NULL,
	    "--clean refuses a link: %s", err);
	unlink(in("own/l.jsonl"));
	put(in("own/notes.txt"), "mine\n");
	o = outdir_open(d, 4, OUTDIR_CLEAN, err, sizeof(err));
	ok(o == NULL && strstr(err, "\"notes.txt\"") != NULL,
	    "--clean refuses another file: %s", err);
	is_str(listing(d, 1), "b.jsonl c.jsonl notes.txt", "nothing removed");
	unlink(in("own/notes.txt"));
	o = outdir_open(d, 4, OUTDIR_CLEAN, err, sizeof(err));
	is_int(outdir_commit(o, err, sizeof(err)), 0, "a run with no event");
	is_str(listing(d, 1), "", "leaves the directory empty");
}

/* Links and other files planted where the temporary files go. */
static void
test_planted(void)
{
	char err[256], path[300];
	struct outdir *o;
	char d[256], d2[256], victim[256];
	const char *t;
	int i;

	snprintf(d, sizeof(d), "%s", in("atk"));
	snprintf(d2, sizeof(d2), "%s", in("atk2"));
	snprintf(victim, sizeof(victim), "%s", in("victim"));

	put(victim, "precious\n");
	o = outdir_open(d, 1, 0, err, sizeof(err));
	/* Every name the old code would have used, and more. */
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/.a.jsonl.tmp.%ld", d,
		    (long)getpid() + i);
		symlink("../victim", path);
	}
	symlink("../victim", in("atk/.a.jsonl.tmp"));
	outdir_write(o, "a", 1, "1", 1);
	is_str(slurp(victim), "precious\n", "planted links not followed");
	outdir_write(o, "b", 1, "1", 1);	/* closes a */
	t = temp_of(d, "a.jsonl");
	snprintf(path, sizeof(path), "%s/%s", d, t);
	ok(*t != '\0' && unlink(path) == 0 && symlink("../victim", path) == 0,
	    "a's temporary file replaced by a link while closed");
	errno = 0;
	ok(outdir_write(o, "a", 1, "2", 1) != 0 && errno == ELOOP,
	    "reopening it fails (ELOOP)");
	is_str(slurp(victim), "precious\n", "the victim untouched");
	outdir_abort(o);
	ok(strstr(listing(d, 1), "a.jsonl ") == NULL, "nothing committed");

	o = outdir_open(d2, 1, 0, err, sizeof(err));
	outdir_write(o, "a", 1, "1", 1);
	outdir_write(o, "b", 1, "1", 1);
	t = temp_of(d2, "a.jsonl");
	snprintf(path, sizeof(path), "%s/%s", d2, t);
	ok(*t != '\0' && unlink(path) == 0 && link(victim, path) == 0,
	    "a's temporary file replaced by a hard link");
	errno = 0;
	ok(outdir_write(o, "a", 1, "2", 1) != 0 && errno == ESTALE,
	    "reopening it fails (ESTALE)");
	is_str(slurp(victim), "precious\n", "the victim untouched");
	outdir_abort(o);
	unlink(path);
}

int
main(void)
{
	char cmd[300];

	umask(022);
	if (mkdtemp(top) == NULL) {
		skip(1, "no temporary directory");
		return done_testing();
	}
	test_names();
	test_owned();
	test_planted();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", top);
	if (system(cmd) != 0)
		diag("could not remove %s", top);
	return done_testing();
}
