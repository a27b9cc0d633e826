/*
 * table.c - the table of canal-normalize's presets (presets.h).
 */
#include "presets/presets.h"

#include <string.h>

const struct norm_preset *const norm_presets[] = {
	&preset_asterisk, &preset_freeswitch, &preset_twilio, &preset_connect,
	&preset_mbox, &preset_whatsapp, &preset_telegram, &preset_messenger,
	&preset_twitter, &preset_zendesk, &preset_chatwoot, &preset_gforms,
	NULL
};

const struct norm_preset *
norm_preset_find(const char *name)
{
	size_t i;

	for (i = 0; norm_presets[i] != NULL; i++)
		if (strcmp(norm_presets[i]->name, name) == 0)
			return norm_presets[i];
	return NULL;
}
