/*
 * telegram.c - placeholder until the telegram reader is written.
 */
#include "formats/formats.h"

static enum ingest_status
read_telegram(struct ingest_input *in)
{
	return ingest_fail_msg(in, "the telegram format is not implemented yet");
}

const struct ingest_format format_telegram = {
	"telegram", "(not implemented yet)", NULL, read_telegram
};
