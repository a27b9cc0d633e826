/*
 * normmap.h - canal-normalize's mapping language (canal-map(5)): a small
 * declarative file that says how each canonical field is made from a
 * source record, for exports no preset knows.
 *
 *   # crm.map - the CRM's CSV export
 *   channel      = "webform"
 *   direction    = sender_type: customer=in, agent=out, bot=out
 *   actor        = sender_type: customer=customer, agent=agent, *=bot
 *   ts           = time(created, "%d/%m/%Y %H:%M", "Europe/Madrid")
 *   id           = ticket_id
 *   text         = message | body
 *   conversation = subject ~ /\[#(\d+)\]/
 *   ids.email    = email(contact.email)
 *   ids.phone    = phone(contact.phone)
 *   ids.handle   = handle("x", author) if author != AcmeHelp | handle("x", to)
 *   duration     = number(talk_seconds)
 *
 * A map is checked whole when it is loaded: an unknown canonical field, a
 * bad pattern, time format or zone, an unknown function is an error that
 * names the map's FILE:LINE:COL, before any input is read.
 */
#ifndef CANAL_NORMMAP_H
#define CANAL_NORMMAP_H

#include <stddef.h>

#include "normalize.h"

struct normmap;

/**
 * Compiles the map text[0..len) named name (for messages).  Returns a map
 * to free with normmap_free(), or NULL with the message in err (errlen
 * bytes), "NAME:LINE:COL: reason", followed by a newline, the line and a
 * caret under the column.
 */
struct normmap *normmap_parse(const char *name, const char *text, size_t len,
    char *err, size_t errlen);

/** Reads and compiles the map file at path, like normmap_parse(). */
struct normmap *normmap_load(const char *path, char *err, size_t errlen);

/**
 * Applies the map to the record n->rec: each field whose expression gives
 * a value is set in ev (over what a preset set before); an expression
 * that gives nothing (the source fields absent or empty, no table row,
 * no match) leaves the field as it was.  Returns 0, or -1 after
 * norm_fail() when a value cannot be converted (a time that does not
 * parse, a number that is not one).
 */
int normmap_apply(const struct normmap *m, struct norm *n,
    struct norm_event *ev);

void normmap_free(struct normmap *m);

#endif
