/*
 * mailtext.h - the text of Internet mail made into UTF-8 for canal-ingest:
 * RFC 5322 header unfolding, RFC 2047 encoded words, charset conversion of
 * body text, the mbox From_ line (RFC 4155, with the Gmail Takeout and
 * Thunderbird variants of FORMATS.md section 2.1), mboxrd ">From "
 * unescaping, and cutting UTF-8 text at a number of characters.
 *
 * Decoding is strict where guessing would change the text behind the
 * user's back: 8-bit header text that is not UTF-8 (RFC 6532), an encoded
 * word in a charset nobody knows, or bytes that are not valid in their
 * declared charset are errors, never '?' or U+FFFD.  The one repair made
 * is the WHATWG Encoding Standard's: the labels US-ASCII and ISO-8859-1
 * mean windows-1252, as every mail reader takes them.
 */
#ifndef CANAL_MAILTEXT_H
#define CANAL_MAILTEXT_H

#include <stddef.h>

#include "jsonl.h"

enum mailtext_mode {
	MAILTEXT_RAW,		/* unfolded only (Date, Message-ID...) */
	MAILTEXT_TEXT,		/* unstructured: encoded words decoded */
	MAILTEXT_ADDRESS	/* address list: decoded words that hold
				   specials (a comma...) are quoted */
};

enum mailtext_status {
	MAILTEXT_OK = 0,
	MAILTEXT_BAD_UTF8,		/* 8-bit text that is not UTF-8 */
	MAILTEXT_UNKNOWN_CHARSET,	/* no converter for the charset */
	MAILTEXT_BAD_CHARSET		/* bytes not valid in the charset */
};

/**
 * Starts GMime (g_mime_init()) the first time it is called in a process;
 * later calls do nothing.  GMime's tables then live until exit.  The
 * functions below call it when they need GMime; a reader that parses
 * messages with GMime calls it before.
 */
void mailtext_init(void);

/**
 * Appends to out the UTF-8 text of a header's raw value raw[0..len) (as
 * it was in the message: folded, CRLF or LF line ends): unfolded (every
 * line end removed, the white space after it kept, RFC 5322 3.2.2),
 * trimmed, and in TEXT and ADDRESS modes with its RFC 2047 encoded words
 * decoded (B and Q, any case; white space between two encoded words
 * dropped; the bytes of adjacent words in one charset joined before
 * conversion, so that a character split between words survives).  A
 * malformed encoded word is kept as it is written (RFC 2047 section 6.1).
 * Returns MAILTEXT_OK, or the first error (out then holds a part).
 */
enum mailtext_status mailtext_header(struct jsonl_buf *out, const char *raw,
    size_t len, enum mailtext_mode mode);

/**
 * Appends to out the text in[0..len) converted from charset (a MIME
 * label, case-insensitive; NULL or "" mean US-ASCII) to UTF-8.  UTF-8 is
 * checked, not converted; US-ASCII is taken as UTF-8 when it is valid
 * UTF-8 (undeclared 8-bit mail is) and as windows-1252 otherwise;
 * ISO-8859-1 is windows-1252; any other label goes through GMime's charset
 * aliases and iconv.  With cut set, in was cut short by the caller and an
 * incomplete character at its end is dropped, not an error.  On an error,
 * out holds the text converted before it.
 */
enum mailtext_status mailtext_to_utf8(struct jsonl_buf *out,
    const char *charset, const char *in, size_t len, int cut);

/** A short English phrase for a status, for reject reasons. */
const char *mailtext_strerror(enum mailtext_status st);

/**
 * Whether line[0..len) (no line end; a final CR is ignored) is an mbox
 * From_ line: "From ", an envelope sender (one word, possibly empty or
 * "-"), and a date that starts with a weekday, then a month and a day in
 * either order, an optional year and a time: asctime ("Tue Mar  5
 * 09:12:44 2024"), Gmail's "Tue Mar 05 09:12:44 +0000 2024", or RFC 5322
 * ("Tue, 5 Mar 2024 09:12:44 +0000").  On success *sender, *sender_len
 * and *date, *date_len (the rest of the line, trimmed) point into line.
 */
int mailtext_from_line(const char *line, size_t len, const char **sender,
    size_t *sender_len, const char **date, size_t *date_len);

/**
 * Undoes mboxrd quoting in place: one '>' is removed from every line of
 * text[0..len) that matches "^>+From " (which also undoes mboxo's
 * ">From ").  Returns the new length.
 */
size_t mailtext_unescape_from(char *text, size_t len);

/**
 * The length in bytes of the first max_chars characters (code points) of
 * the UTF-8 text s[0..len), never cutting a character in two.
 */
size_t mailtext_utf8_prefix(const char *s, size_t len, size_t max_chars);

#endif
