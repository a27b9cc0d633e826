/*
 * test-ingest.c - the format table, detection, and the sink: emitted and
 * rejected records, their counters and provenance.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ingest.h"
#include "unit.h"

static void
test_table(void)
{
	size_t i, n = 0;

	for (i = 0; ingest_formats[i] != NULL; i++, n++) {
		ok(ingest_format_find(ingest_formats[i]->name) ==
		    ingest_formats[i], "find %s", ingest_formats[i]->name);
		ok(ingest_formats[i]->read != NULL, "%s reads",
		    ingest_formats[i]->name);
	}
	is_int((long long)n, 10, "ten formats");
	ok(ingest_format_find("auto") == NULL, "auto is no reader");
	ok(ingest_format_find("CSV") == NULL, "names are exact");
}

static void
test_detect(void)
{
	static const char cdr[] = "\"\",\"+34600111222\",\"100\",\"from-pstn\","
	    "\"\"\"Ana\"\" <+34600111222>\",\"PJSIP/t-1\",\"PJSIP/201-2\","
	    "\"Queue\",\"v,tT\",\"2024-03-31 01:58:40\",\"2024-03-31 01:59:02\","
	    "\"2024-03-31 03:04:10\",330,308,\"ANSWERED\",\"DOCUMENTATION\"\n";
	static const char fs[] = "\"Ana\",\"+34600111222\",\"5000\",\"public\","
	    "\"2024-03-04 10:00:00\",\"2024-03-04 10:00:12\","
	    "\"2024-03-04 10:03:16\",\"196\",\"184\",\"NORMAL_CLEARING\","
	    "\"6b1c\",\"\",\"\",\"PCMA\",\"PCMA\"\n";
	struct ingest_options o;
	const struct ingest_format *f;

	memset(&o, 0, sizeof(o));
	f = ingest_format_detect("x/Master.csv", cdr, sizeof(cdr) - 1, &o);
	is_str(f != NULL ? f->name : "(none)", "asterisk", "a CDR line");
	f = ingest_format_detect("cdr.csv", fs, sizeof(fs) - 1, &o);
	is_str(f != NULL ? f->name : "(none)", "freeswitch", "a FreeSWITCH line");
	f = ingest_format_detect("contacts.csv", "id,name\n1,Ana\n", 14, &o);
	is_str(f != NULL ? f->name : "(none)", "csv", "a .csv with a header");
	f = ingest_format_detect("calls.TSV", "a\tb\n", 4, &o);
	is_str(f != NULL ? f->name : "(none)", "csv", "a .tsv, any case");
	f = ingest_format_detect("notes", "hello\n", 6, &o);
	ok(f == NULL, "plain text is no format");
}

/* A sink writing to a temporary file; returns its descriptor. */
static int
sink_setup(struct ingest_sink *s, struct jsonl_writer *w, struct diag *d)
{
	FILE *fp = tmpfile();
	int fd = dup(fileno(fp));

	fclose(fp);
	memset(s, 0, sizeof(*s));
	memset(d, 0, sizeof(*d));
	jsonl_writer_init(w, fd, 0);
	s->out = w;
	s->diag = d;
	return fd;
}

static void
test_sink(void)
{
	struct ingest_sink s;
	struct jsonl_writer w;
	struct diag d;
	struct ingest_input in;
	struct ingest_options o;
	char buf[512];
	ssize_t n;
	int fd = sink_setup(&s, &w, &d), saved = dup(2), null;

	memset(&in, 0, sizeof(in));
	memset(&o, 0, sizeof(o));
	in.name = "calls.csv";
	in.format = "csv";
	in.opts = &o;
	in.sink = &s;
	record_init(&in.rec);
	record_begin(&in.rec);
	record_string(&in.rec, "k", "v", 1);
	is_int(ingest_emit(&in, 2, 0, "v", 1), INGEST_OK, "emit");
	record_begin(&in.rec);
	record_string(&in.rec, "k", "\xff", 1);
	/* The rejection speaks on stderr: keep it out of the test output. */
	null = open("/dev/null", O_WRONLY);
	dup2(null, 2);
	close(null);
	is_int(ingest_emit(&in, 3, 0, "\xff", 1), INGEST_OK,
	    "invalid UTF-8 is rejected, reading goes on");
	d.strict = 1;
	is_int(ingest_reject(&in, 4, 0, "bad", "x", 1), INGEST_STOPPED,
	    "--strict stops");
	dup2(saved, 2);
	close(saved);
	is_int((long long)d.read, 3, "read 3");
	is_int((long long)d.wrote, 1, "wrote 1");
	is_int((long long)d.rejected, 2, "rejected 2");
	is_int((long long)in.index, 3, "index counts every record");
	jsonl_writer_flush(&w);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	is_str(buf, "{\"k\":\"v\",\"src\":{\"format\":\"csv\",\"file\":"
	    "\"calls.csv\",\"line\":2,\"index\":1}}\n", "the line written");
	is_int(ingest_fail(&in, 2), INGEST_FAILED, "fail");
	is_str(in.error, "calls.csv: No such file or directory", "its text");
	record_free(&in.rec);
	jsonl_writer_free(&w);
	close(fd);
}

int
main(void)
{
	test_table();
	test_detect();
	test_sink();
	return done_testing();
}
