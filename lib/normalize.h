/*
 * normalize.h - canal-normalize's job: one source record (srcrec.h) in, one
 * canonical event (DESIGN section 2, canal-event(5)) out.  The presets of
 * lib/presets/ and the maps of normmap.h fill a struct norm_event through
 * the functions below; norm_emit() completes it (the options' constants,
 * the id, the customer, pseudonyms), checks it against the schema and
 * writes its JSON line.
 *
 * Times: norm_time() reads what sources write (timeparse.h) and makes an
 * instant of it.  A wall time without an offset needs a zone (the
 * preset's, or --tz); none is a rejection, never a guess.  In a zone's
 * repeated hour (clocks going back) the instant is chosen by, in order:
 *   1. a hint from the record (an end time and a duration, an epoch
 *      field): the candidate nearest to it;
 *   2. the record's order: when the earlier candidate lies before the
 *      previous event of the same input file and the later one does not,
 *      the later one (a log never goes backwards);
 *   3. else the first occurrence (summer time, before the change).
 * A wall time in a skipped hour (clocks going forward) is read with the
 * offset before the change, which moves it forward by the gap (02:30 on a
 * night when 02:00 became 03:00 is 03:30): RFC 5545's rule.  Both cases
 * are counted in struct norm_stats for -v.
 */
#ifndef CANAL_NORMALIZE_H
#define CANAL_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "ident.h"
#include "jsonl.h"
#include "srcrec.h"
#include "timeparse.h"
#include "tz.h"

/* The members of "ids", in output order. */
enum norm_id {
	NORM_ID_EMAIL, NORM_ID_PHONE, NORM_ID_HANDLE, NORM_ID_ACCOUNT,
	NORM_ID_NAME,
	NORM_ID_COUNT
};

/* A --set field=value. */
struct norm_constant {
	enum event_field field;
	int id;			/* with EVENT_IDS: an enum norm_id */
	const char *value;
};

struct norm_options {
	struct tz *tz;			/* --tz, or NULL */
	char region[3];			/* --country as ISO 3166 code, or "" */
	const char *const *self;	/* --self values, NULL-terminated */
	const char *const *inbound;	/* --inbound: contexts or trunks */
	int possible_phones;		/* --phones possible: keep unassigned */
	int no_text;			/* --no-text */
	const struct ident_key *key;	/* --pseudonymize, or NULL */
	const struct norm_constant *constants;	/* --set, count below */
	size_t nconstants;
};

struct norm_stats {
	uint64_t repeated;		/* local times in a repeated hour */
	uint64_t repeated_hint;		/* ... resolved by a hint */
	uint64_t repeated_order;	/* ... by the record order */
	uint64_t repeated_first;	/* ... taken as the first occurrence */
	uint64_t skipped;		/* local times in a skipped hour */
	uint64_t phone_unassigned;	/* numbers in unassigned ranges */
	uint64_t phone_invalid;		/* texts that are no valid number */
	uint64_t phone_need_country;	/* national numbers, no --country */
	uint64_t email_invalid;		/* texts that are no address */
};

struct norm {
	const struct norm_options *opt;
	struct norm_stats stats;
	struct srcrec *rec;		/* the record being mapped */
	char *prev_file;		/* input file of the previous event */
	int64_t prev_ms;		/* and its instant */
	int has_prev;
	char why[256];			/* the reason of the last failure */
	int pass;			/* 0, or the how-manieth event of a
					   record that gives several */
	int again;			/* set by norm_again() */
	struct jsonl_buf out;		/* the event's text */
};

#define NORM_EXTRA_MAX 8

/* What a preset or map fills; see norm_event_reset(). */
struct norm_event {
	/* String fields by enum event_field (not EVENT_TS, EVENT_IDS,
	   EVENT_TAGS, EVENT_SRC, nor the numbers); NULL when not set.
	   Borrowed: from the record (srcrec), a literal, or
	   norm_keep(). */
	const char *str[EVENT_FIELD_COUNT];
	size_t len[EVENT_FIELD_COUNT];
	/* EVENT_DURATION, EVENT_WAIT, EVENT_RATING. */
	double num[EVENT_FIELD_COUNT];
	unsigned char has_num[EVENT_FIELD_COUNT];
	int64_t ts_ms;
	int has_ts;
	const char *ids[NORM_ID_COUNT];	/* canonical forms, borrowed */
	size_t ids_len[NORM_ID_COUNT];
	/* String fields beyond the schema, for later stages (canal-merge
	   threads e-mail by "message_id", "in_reply_to", "references"). */
	const char *extra_key[NORM_EXTRA_MAX];
	const char *extra[NORM_EXTRA_MAX];
	size_t extra_len[NORM_EXTRA_MAX];
	size_t nextra;
};

/* How to read a time. */
struct norm_time {
	enum timeparse_style style;	/* when format is NULL */
	const char *format;		/* timeparse_read_format(), or NULL */
	const struct tz *zone;		/* for wall times; NULL: --tz */
};

#define NORM_NO_HINT INT64_MIN

void norm_init(struct norm *n, const struct norm_options *opt);
void norm_free(struct norm *n);

/** Clears ev for the next record. */
void norm_event_reset(struct norm_event *ev);

/** Copies s[0..len) into the record's memory (lives until the next record). */
const char *norm_keep(struct norm *n, const char *s, size_t len);

/** Sets a string field to s[0..len) (borrowed). */
void norm_set(struct norm_event *ev, enum event_field f, const char *s,
    size_t len);
/** Sets a string field to the NUL-terminated literal or kept text s. */
void norm_set_str(struct norm_event *ev, enum event_field f, const char *s);
/**
 * Adds the string field key (a literal, not a schema field) with value
 * s[0..len) (borrowed), written after the schema's fields; beyond
 * NORM_EXTRA_MAX fields, ignored.
 */
void norm_set_extra(struct norm_event *ev, const char *key, const char *s,
    size_t len);
/** Sets EVENT_DURATION, EVENT_WAIT or EVENT_RATING. */
void norm_set_num(struct norm_event *ev, enum event_field f, double v);

/**
 * Sets a string field to the record's value at path (trimmed; numbers as
 * their text).  Returns 1 when set, 0 when the record has no such value.
 */
int norm_copy(struct norm *n, struct norm_event *ev, enum event_field f,
    const char *path);

/**
 * Asks for one more event of the same record: the preset is called again
 * with n->pass one higher (a Zendesk audit with a comment and a status
 * change gives both).  Each event counts as written.
 */
void norm_again(struct norm *n);

/**
 * Records "field" reason (printf-style) as the failure of the current
 * record and returns -1: a preset's `return norm_fail(n, ...)`.  Reasons
 * name fields and what is wrong with them, never their values.
 */
int norm_fail(struct norm *n, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/**
 * Reads text[0..len) as a time the way how says (NULL: TIMEPARSE_AUTO and
 * --tz) and gives the instant in *utc_ms, resolving repeated and skipped
 * hours as described above with hint_ms (an instant the time should be
 * near, or NORM_NO_HINT).  Returns 0, or -1 with *why static ("local time
 * and no --tz" or the parser's reason).  Does not count toward the
 * record-order rule; see norm_set_ts().
 */
int norm_time(struct norm *n, const char *text, size_t len,
    const struct norm_time *how, int64_t hint_ms, int64_t *utc_ms,
    const char **why);

/**
 * Sets ts from the record's value at path with norm_time().  Returns 0,
 * or -1 after norm_fail() ('field "start": missing', 'field "start": ...').
 */
int norm_set_ts(struct norm *n, struct norm_event *ev, const char *path,
    const struct norm_time *how, int64_t hint_ms);

/** Sets ts to an instant (milliseconds since the epoch). */
void norm_set_ts_ms(struct norm_event *ev, int64_t ms);

/**
 * Identities.  Each reads text[0..len), sets ids.KIND to its canonical
 * form and returns 1, or returns 0 (counted in the stats) when the text
 * holds none: no identity rather than a wrong one.  Phones are read in
 * --country; a withheld number or an internal extension is no identity
 * and not counted as invalid.  An identity already set is replaced.
 */
int norm_id_email(struct norm *n, struct norm_event *ev, const char *text,
    size_t len);
int norm_id_phone(struct norm *n, struct norm_event *ev, const char *text,
    size_t len);
int norm_id_handle(struct norm *n, struct norm_event *ev,
    const char *platform, const char *name, size_t len);
/** Account ids and display names are kept as written (trimmed). */
int norm_id_account(struct norm *n, struct norm_event *ev, const char *text,
    size_t len);
int norm_id_name(struct norm *n, struct norm_event *ev, const char *text,
    size_t len);

/**
 * Whether text[0..len) is one of the business's own names, addresses or
 * ids given by --self.  Compared without case (ASCII) and without the
 * invisible marks of chat exports (U+200E, U+202A...); a --self value
 * starting with "@" matches every address of that domain
 * ("@acme.example"); an address in text is compared by its addr-spec
 * ("Acme <support@acme.example>").
 */
int norm_is_self(const struct norm *n, const char *text, size_t len);

/** Whether s[0..len) equals one of the NULL-terminated list (no case). */
int norm_in_list(const char *const *list, const char *s, size_t len);

/**
 * Sets id to "prefix:value" for a native id (value[0..len)).
 */
void norm_native_id(struct norm *n, struct norm_event *ev,
    const char *prefix, const char *value, size_t len);

/**
 * Completes ev and writes its JSON line: --set constants, the id (when
 * unset: "FORMAT:" and the first IDENT_HASH_HEX hex digits of SHA-256 of
 * the format, the record's src.index and its members other than "src",
 * so that re-reading the same file gives the same ids), customer (when
 * unset: the strongest identity, account > email > phone > handle, as
 * "account:ID", "email:ADDR", "phone:+E164" or the handle), pseudonyms,
 * --no-text; then checks that the event is valid (id, ts, channel and
 * direction present, enumerations in range).  The record's "src" is
 * copied as the event's provenance.  Returns 0 with the line (no newline,
 * NUL-terminated) in *line, *len, borrowed until the next call; or -1
 * after norm_fail().
 */
int norm_emit(struct norm *n, struct norm_event *ev, const char *format,
    const char **line, size_t *len);

#endif
