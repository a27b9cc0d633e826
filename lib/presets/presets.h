/*
 * presets.h - canal-normalize's built-in mappings, one per export format
 * (lib/presets/NAME.c), listed in the table of table.c, used for -f,
 * --list-presets and the default: the preset named by each record's
 * src.format.
 *
 * A preset reads the record n->rec (srcrec.h) and fills ev through
 * normalize.h; it returns 0, or -1 after norm_fail() with the field and
 * the reason ('field "disposition": unknown value').  It never prints and
 * keeps no state between records (canal-normalize may run on any share of
 * the data).
 */
#ifndef CANAL_PRESETS_H
#define CANAL_PRESETS_H

#include "normalize.h"

struct norm_preset {
	const char *name;	/* "asterisk": -f and src.format */
	const char *summary;	/* one line for --list-presets */
	int (*map)(struct norm *n, struct norm_event *ev);
};

/* The table, NULL-terminated, in --list-presets order. */
extern const struct norm_preset *const norm_presets[];

/** The preset of that name, or NULL. */
const struct norm_preset *norm_preset_find(const char *name);

extern const struct norm_preset preset_asterisk;
extern const struct norm_preset preset_freeswitch;
extern const struct norm_preset preset_twilio;
extern const struct norm_preset preset_connect;
extern const struct norm_preset preset_mbox;
extern const struct norm_preset preset_whatsapp;
extern const struct norm_preset preset_telegram;
extern const struct norm_preset preset_messenger;
extern const struct norm_preset preset_twitter;
extern const struct norm_preset preset_zendesk;
extern const struct norm_preset preset_chatwoot;
extern const struct norm_preset preset_gforms;

#endif
