/*
 * fuzz-idmap.c - libFuzzer entry for canal-merge's --identity-map reader
 * (stitch_read_map() in lib/stitch.c: CSV or JSON lines over
 * lib/confline.c).  The input is read as a map; a refusal must name the
 * file.  When it is read, the links are applied (stitch_settle()) and
 * the identity graph written as a state file, which must load again and
 * be written again to the very same bytes: whatever a map brings (bytes
 * that are not UTF-8, NULs from "\u0000"), the next run can load the
 * state it leaves.
 * See tests/fuzz/README.
 *
 * SOURCES: lib/stitch.c lib/confline.c lib/idgraph.c lib/scan.c lib/diag.c
 * SOURCES: lib/event.c lib/hash.c lib/ident.c lib/jsonl.c lib/output.c
 * SOURCES: lib/phone.cc lib/spancache.c lib/splice.c lib/strmap.c
 * SOURCES: lib/timefmt.c lib/util.c lib/linein.c
 * OPTIONS: -max_len=4096
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "idgraph.h"
#include "jsonl.h"
#include "stitch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

/* Runs write(ctx, w) into memory; returns the bytes (malloc'd). */
static char *
written(int (*write)(void *, struct jsonl_writer *), void *ctx, size_t *len)
{
	struct jsonl_writer w;
	struct stat st;
	char *text;
	int fd = memfd_create("state", MFD_CLOEXEC);

	CHECK(fd >= 0);
	jsonl_writer_init(&w, fd, 0);
	CHECK(write(ctx, &w) == 0);
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

static int
write_stitch(void *s, struct jsonl_writer *w)
{
	return stitch_write_state(s, w);
}

static int
write_graph(void *g, struct jsonl_writer *w)
{
	return idgraph_write(g, w);
}

/* A stream of text[0..len) (fmemopen() of no bytes fails on some libcs). */
static FILE *
stream(const void *text, size_t len)
{
	FILE *f = len ? fmemopen((void *)text, len, "r") :
	    fopen("/dev/null", "r");

	CHECK(f != NULL);
	return f;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct diag d;
	static int once;
	struct stitch_options o = { .stitch = 1, .region = "ES",
	    .span_cache_bits = 4 };
	struct stitch *s;
	struct idgraph *g;
	char err[512], *t1, *t2;
	size_t l1, l2;
	FILE *f;
	int r;

	if (!once) {
		diag_init("fuzz-idmap");
		/* Rows skipped and conflicts are warnings on stderr: not
		   wanted 20,000 times over (FUZZ_IDMAP_STDERR keeps them).
		   Only the stream lib/diag.c writes to is changed (glibc's
		   stderr is a variable): descriptor 2, where ASan and
		   libFuzzer report, stays. */
		if (getenv("FUZZ_IDMAP_STDERR") == NULL &&
		    (stderr = fopen("/dev/null", "w")) == NULL)
			abort();
		once = 1;
	}
	s = stitch_new(&o, &d);
	f = stream(data, size);
	err[0] = '\0';
	r = stitch_read_map(s, f, "f", err, sizeof(err));
	fclose(f);
	if (r != 0) {
		CHECK(strncmp(err, "f:", 2) == 0);
		stitch_free(s);
		return 0;
	}
	CHECK(stitch_settle(s, NULL) >= 0);
	t1 = written(write_stitch, s, &l1);
	g = idgraph_new();
	f = stream(t1, l1);
	CHECK(idgraph_read(g, f, "state", err, sizeof(err)) == 0);
	fclose(f);
	t2 = written(write_graph, g, &l2);
	CHECK(l1 == l2 && memcmp(t1, t2, l1) == 0);
	free(t1);
	free(t2);
	idgraph_free(g);
	stitch_free(s);
	return 0;
}
