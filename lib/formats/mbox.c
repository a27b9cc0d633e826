/*
 * mbox.c - placeholder until the mbox reader is written.
 */
#include "formats/formats.h"

static enum ingest_status
read_mbox(struct ingest_input *in)
{
	return ingest_fail_msg(in, "the mbox format is not implemented yet");
}

const struct ingest_format format_mbox = {
	"mbox", "(not implemented yet)", NULL, read_mbox
};
