/*
 * regex.c - placeholder until the regex reader is written.
 */
#include "formats/formats.h"

static enum ingest_status
read_regex(struct ingest_input *in)
{
	return ingest_fail_msg(in, "the regex format is not implemented yet");
}

const struct ingest_format format_regex = {
	"regex", "(not implemented yet)", NULL, read_regex
};
