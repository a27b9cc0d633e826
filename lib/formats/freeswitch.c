/*
 * freeswitch.c - FreeSWITCH mod_cdr_csv with its default "example"
 * template: no header, every field quoted, 15 columns, local times.  Other
 * templates are read with "csv --columns".  See FORMATS.md section 1.3.
 */
#include "formats/formats.h"

static const char *const columns[] = {
	"caller_id_name", "caller_id_number", "destination_number", "context",
	"start_stamp", "answer_stamp", "end_stamp", "duration", "billsec",
	"hangup_cause", "uuid", "bleg_uuid", "accountcode", "read_codec",
	"write_codec", NULL
};

static const char *const *
layout(size_t nfields, const char **why)
{
	if (nfields == 15)
		return columns;
	*why = "expected 15 fields (mod_cdr_csv example template)";
	return NULL;
}

static int
sniff_freeswitch(const char *name, const char *head, size_t n,
    const struct ingest_options *opts)
{
	const char *f5, *f10;
	size_t l5, l10;

	(void)name;
	(void)opts;
	if (csv_sniff_fields(head, n, ',', &f5, &l5, &f10, &l10) == 15 &&
	    f5 != NULL && csv_looks_like_local_time(f5, l5))
		return 85;
	return 0;
}

static enum ingest_status
read_freeswitch(struct ingest_input *in)
{
	return csv_read_records(in, layout, NULL);
}

const struct ingest_format format_freeswitch = {
	"freeswitch",
	"FreeSWITCH mod_cdr_csv, default template (15 columns, no header)",
	sniff_freeswitch,
	read_freeswitch
};
