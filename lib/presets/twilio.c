/* PLACEHOLDER until the preset is written: replace this whole file. */
#include "presets/presets.h"

static int
map_placeholder(struct norm *n, struct norm_event *ev)
{
	(void)ev;
	return norm_fail(n, "preset twilio: not written yet");
}

const struct norm_preset preset_twilio = { "twilio", "(not written yet)",
    map_placeholder };
