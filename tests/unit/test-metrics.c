/*
 * test-metrics.c - the conversation answers of DESIGN section 5 that the
 * golden cases (report/truth-*) cannot reach through canal-report: the
 * largest wait event_parse() accepts (ten years) answers exactly, to the
 * millisecond, and a larger one is no call at all (rejected, never cast
 * out of range);
 * notes and calls that do not connect never answer a form; the names
 * of the channels that answered elsewhere are cut at a whole name.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "metrics.h"
#include "unit.h"

struct run {
	const char *what;
	const char *const *events;
	double frt;		/* of the one inbound conversation, NaN: none */
};

static const char *const max_wait[] = {
	"{\"id\":\"1\",\"ts\":\"2024-03-04T10:00:00.000Z\",\"channel\":\"phone\","
	"\"direction\":\"in\",\"type\":\"call\",\"outcome\":\"answered\","
	"\"wait\":315359999.999,\"customer\":\"u1\",\"conversation\":\"p1\"}",
	NULL
};

static const char *const huge_wait[] = {
	"{\"id\":\"1\",\"ts\":\"2024-03-04T10:00:00.000Z\",\"channel\":\"phone\","
	"\"direction\":\"in\",\"type\":\"call\",\"outcome\":\"answered\","
	"\"wait\":1e300,\"customer\":\"u1\",\"conversation\":\"p1\"}",
	NULL
};

static const char *const wait_1e16[] = {
	"{\"id\":\"1\",\"ts\":\"2024-03-04T10:00:00.000Z\",\"channel\":\"phone\","
	"\"direction\":\"in\",\"type\":\"call\",\"outcome\":\"answered\","
	"\"wait\":1e16,\"customer\":\"u1\",\"conversation\":\"p1\"}",
	NULL
};

static const char *const form_by_call[] = {
	"{\"id\":\"1\",\"ts\":\"2024-03-04T09:00:00.000Z\",\"channel\":\"webform\","
	"\"direction\":\"in\",\"type\":\"form\",\"customer\":\"u1\","
	"\"conversation\":\"f1\"}",
	"{\"id\":\"2\",\"ts\":\"2024-03-04T09:30:00.000Z\",\"channel\":\"email\","
	"\"direction\":\"out\",\"actor\":\"agent\",\"type\":\"note\","
	"\"customer\":\"u1\",\"conversation\":\"e1\"}",
	"{\"id\":\"3\",\"ts\":\"2024-03-04T10:00:00.000Z\",\"channel\":\"phone\","
	"\"direction\":\"out\",\"actor\":\"agent\",\"type\":\"call\","
	"\"outcome\":\"busy\",\"customer\":\"u1\",\"conversation\":\"k1\"}",
	"{\"id\":\"4\",\"ts\":\"2024-03-04T10:30:00.000Z\",\"channel\":\"phone\","
	"\"direction\":\"out\",\"actor\":\"agent\",\"type\":\"call\","
	"\"outcome\":\"answered\",\"customer\":\"u1\",\"conversation\":\"k2\"}",
	NULL
};

static void
one_frt(void *ctx, const struct metrics_conversation *c)
{
	if (c->inbound)
		*(double *)ctx = c->answered ? c->frt : NAN;
}

static void
check(const struct run *t, uint32_t *elsewhere)
{
	struct metrics_key by = { KEY_FIELD, "channel" };
	struct metrics_options o;
	struct metrics *m;
	struct metrics_row *rows;
	struct event_view ev;
	struct event_error err;
	double frt = -1;
	size_t i, n;

	memset(&o, 0, sizeof(o));
	o.keys = &by;
	o.nkeys = 1;
	o.callback_ms = (int64_t)24 * 3600 * 1000;
	o.form_ms = (int64_t)72 * 3600 * 1000;
	m = metrics_new(&o);
	event_view_init(&ev);
	for (i = 0; t->events[i] != NULL; i++)
		if (event_parse(&ev, t->events[i], strlen(t->events[i]),
		    &err) == 0)
			metrics_add(m, &ev);
	metrics_finish(m, &rows, &n);
	metrics_each_conversation(m, one_frt, &frt);
	*elsewhere = 0;
	for (i = 0; i < n; i++)
		*elsewhere |= rows[i].elsewhere_channels;
	if (isnan(t->frt))
		ok(isnan(frt), "%s: unanswered", t->what);
	else
		ok(frt == t->frt, "%s: FRT %.17g (want %.17g)", t->what, frt,
		    t->frt);
	event_view_free(&ev);
	metrics_free(m);
}

int
main(void)
{
	static const struct run runs[] = {
		{ "the largest wait", max_wait, 315359999.999 },
		{ "a wait of 1e300 s, rejected", huge_wait, -1 },
		{ "a wait of 1e16 s, rejected", wait_1e16, -1 },
		{ "a form, a note, a busy call, a call that connected",
		    form_by_call, 5400 },
	};
	char names[64];
	uint32_t elsewhere;
	size_t i;

	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
		check(&runs[i], &elsewhere);
	is_int((long long)metrics_elsewhere_names(elsewhere, names,
	    sizeof(names)), 5, "the form answered by phone: one name");
	is_str(names, "phone", "its name");
	elsewhere = 0xffffffffu;
	metrics_elsewhere_names(elsewhere, names, 12);
	ok(strlen(names) < 12 && names[strlen(names) - 1] != ',' &&
	    names[strlen(names) - 1] != ' ', "cut at a whole name: \"%s\"",
	    names);
	is_int((long long)metrics_elsewhere_names(0, names, sizeof(names)), 0,
	    "no channel: nothing");
	is_str(names, "", "an empty string");
	return done_testing();
}
