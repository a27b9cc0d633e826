/*
 * fuzz-state.c - libFuzzer entry for the --state file of canal-merge
 * (idgraph_read() in lib/idgraph.c, over lib/confline.c).  The input is
 * read as a state file; a refusal must name the file and a line.  What is
 * accepted is written back (idgraph_write()), and that text must be read
 * again and written again to the very same bytes: a state saved by one
 * run is always what the next run can load, and loading changes nothing.
 * See tests/fuzz/README.
 *
 * SOURCES: lib/idgraph.c lib/confline.c lib/scan.c lib/timefmt.c lib/hash.c
 * SOURCES: lib/ident.c lib/output.c lib/jsonl.c lib/linein.c lib/util.c
 * OPTIONS: -max_len=4096
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "idgraph.h"
#include "jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

/* The state text of g, in *len bytes (malloc'd). */
static char *
written(struct idgraph *g, size_t *len)
{
	struct jsonl_writer w;
	struct stat st;
	char *text;
	int fd = memfd_create("state", MFD_CLOEXEC);

	CHECK(fd >= 0);
	jsonl_writer_init(&w, fd, 0);
	CHECK(idgraph_write(g, &w) == 0);
	CHECK(jsonl_writer_flush(&w) == 0);
	jsonl_writer_free(&w);
	CHECK(fstat(fd, &st) == 0);
	*len = (size_t)st.st_size;
	text = malloc(*len + 1);
	CHECK(text != NULL);
	CHECK(pread(fd, text, *len, 0) == (ssize_t)*len);
	close(fd);
	return text;
}

/* Reads text[0..len) as a state file into g; returns idgraph_read()'s. */
static int
read_text(struct idgraph *g, const void *text, size_t len, char *err,
    size_t errlen)
{
	/* fmemopen() of no bytes is an error on some libcs. */
	FILE *f = len ? fmemopen((void *)text, len, "r") :
	    fopen("/dev/null", "r");
	int r;

	CHECK(f != NULL);
	r = idgraph_read(g, f, "f", err, errlen);
	fclose(f);
	return r;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct idgraph *g = idgraph_new(), *g2;
	char err[512], *t1, *t2;
	size_t l1, l2;

	err[0] = '\0';
	if (read_text(g, data, size, err, sizeof(err)) != 0) {
		CHECK(strncmp(err, "f:", 2) == 0);
		idgraph_free(g);
		return 0;
	}
	t1 = written(g, &l1);
	g2 = idgraph_new();
	CHECK(read_text(g2, t1, l1, err, sizeof(err)) == 0);
	CHECK(idgraph_count(g2) == idgraph_count(g));
	t2 = written(g2, &l2);
	CHECK(l1 == l2 && memcmp(t1, t2, l1) == 0);
	free(t1);
	free(t2);
	idgraph_free(g);
	idgraph_free(g2);
	return 0;
}
