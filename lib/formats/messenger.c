/*
 * messenger.c - placeholder until the messenger reader is written.
 */
#include "formats/formats.h"

static enum ingest_status
read_messenger(struct ingest_input *in)
{
	return ingest_fail_msg(in, "the messenger format is not implemented yet");
}

const struct ingest_format format_messenger = {
	"messenger", "(not implemented yet)", NULL, read_messenger
};
