/*
 * json.c - placeholder until the json reader is written.
 */
#include "formats/formats.h"

static enum ingest_status
read_json(struct ingest_input *in)
{
	return ingest_fail_msg(in, "the json format is not implemented yet");
}

const struct ingest_format format_json = {
	"json", "(not implemented yet)", NULL, read_json
};
