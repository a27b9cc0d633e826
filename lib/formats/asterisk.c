/*
 * asterisk.c - Asterisk cdr_csv "Master.csv": no header, every string
 * quoted, duration and billsec bare integers, an unanswered call's answer
 * time empty.  The column count tells the options the module ran with: 16
 * by default, 18 with loguniqueid and loguserfield (the sample cdr.conf),
 * 21 adding newcdrcolumns (peeraccount, linkedid, sequence); 17 is taken as
 * loguniqueid alone.  cdr_custom files have any layout: read them with
 * "csv --columns".  See FORMATS.md section 1.
 */
#include "formats/formats.h"

#include <string.h>
#include <strings.h>

static const char *const columns[] = {
	"accountcode", "src", "dst", "dcontext", "clid", "channel",
	"dstchannel", "lastapp", "lastdata", "start", "answer", "end",
	"duration", "billsec", "disposition", "amaflags", "uniqueid",
	"userfield", "peeraccount", "linkedid", "sequence"
};

static const char *const numeric[] = { "duration", "billsec", "sequence",
    NULL };

/* Layouts of 16, 17, 18 and 21 columns, each NULL-terminated. */
static const char *layout16[17], *layout17[18], *layout18[19], *layout21[22];

static const char *const *
layout(size_t nfields, const char **why)
{
	static int built;
	const char **l;

	if (!built) {
		memcpy(layout16, columns, 16 * sizeof(*columns));
		memcpy(layout17, columns, 17 * sizeof(*columns));
		memcpy(layout18, columns, 18 * sizeof(*columns));
		memcpy(layout21, columns, 21 * sizeof(*columns));
		built = 1;
	}
	switch (nfields) {
	case 16: l = layout16; break;
	case 17: l = layout17; break;
	case 18: l = layout18; break;
	case 21: l = layout21; break;
	default:
		*why = "expected 16, 17, 18 or 21 fields (cdr_csv)";
		return NULL;
	}
	return l;
}

static int
sniff_asterisk(const char *name, const char *head, size_t n,
    const struct ingest_options *opts)
{
	const char *f5, *f10;
	size_t l5, l10, count;
	const char *base = strrchr(name, '/');

	(void)opts;
	base = base != NULL ? base + 1 : name;
	count = csv_sniff_fields(head, n, ',', &f5, &l5, &f10, &l10);
	if ((count == 16 || count == 17 || count == 18 || count == 21) &&
	    f10 != NULL && csv_looks_like_local_time(f10, l10))
		return 90;
	if (strcasecmp(base, "Master.csv") == 0 && count != 15)
		return 60;
	return 0;
}

static enum ingest_status
read_asterisk(struct ingest_input *in)
{
	return csv_read_records(in, layout, numeric);
}

const struct ingest_format format_asterisk = {
	"asterisk",
	"Asterisk cdr_csv Master.csv (16, 17, 18 or 21 columns, no header)",
	sniff_asterisk,
	read_asterisk
};
