/*
 * jsonl.c - placeholder until the jsonl reader is written.
 */
#include "formats/formats.h"

static enum ingest_status
read_jsonl(struct ingest_input *in)
{
	return ingest_fail_msg(in, "the jsonl format is not implemented yet");
}

const struct ingest_format format_jsonl = {
	"jsonl", "(not implemented yet)", NULL, read_jsonl
};
