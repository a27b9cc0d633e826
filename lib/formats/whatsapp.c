/*
 * whatsapp.c - placeholder until the whatsapp reader is written.
 */
#include "formats/formats.h"

static enum ingest_status
read_whatsapp(struct ingest_input *in)
{
	return ingest_fail_msg(in, "the whatsapp format is not implemented yet");
}

const struct ingest_format format_whatsapp = {
	"whatsapp", "(not implemented yet)", NULL, read_whatsapp
};
