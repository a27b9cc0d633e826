/*
 * test-mailtext.c - mail text to UTF-8: RFC 5322 unfolding, RFC 2047 words
 * (B and Q, charsets, adjacent words, malformed words, address quoting),
 * strict charset conversion, From_ lines, mboxrd unescaping, cutting UTF-8
 * by characters.
 */
#include <string.h>

#include "mailtext.h"
#include "unit.h"

static const struct header_case {
	const char *raw;
	enum mailtext_mode mode;
	enum mailtext_status status;
	const char *want;
} header_cases[] = {
	/* unfolding: line ends go, the white space after them stays */
	{ " <a@x>\r\n\t<b@x>\r\n <c@x>\r\n", MAILTEXT_RAW, MAILTEXT_OK,
	  "<a@x>\t<b@x> <c@x>" },
	{ "  Tue, 5 Mar 2024 09:12:44 +0000 (CET) \n", MAILTEXT_RAW,
	  MAILTEXT_OK, "Tue, 5 Mar 2024 09:12:44 +0000 (CET)" },
	{ "", MAILTEXT_TEXT, MAILTEXT_OK, "" },
	/* RAW leaves encoded words alone */
	{ "=?UTF-8?Q?caf=C3=A9?=", MAILTEXT_RAW, MAILTEXT_OK,
	  "=?UTF-8?Q?caf=C3=A9?=" },
	/* B and Q, UTF-8 */
	{ "=?UTF-8?B?Q2Fmw6kgY29uIGxlY2hl?=", MAILTEXT_TEXT, MAILTEXT_OK,
	  "Café con leche" },
	{ "=?utf-8?q?Pedido_n=C2=BA_4802_=F0=9F=93=A6?=", MAILTEXT_TEXT,
	  MAILTEXT_OK, "Pedido nº 4802 📦" },
	/* FORMATS.md 2.5: folded, adjacent words, text after */
	{ "=?UTF-8?Q?R=C3=BCckerstattung?=\r\n =?UTF-8?Q?_f=C3=BCr_Auftrag?= "
	  "4802", MAILTEXT_TEXT, MAILTEXT_OK,
	  "Rückerstattung für Auftrag 4802" },
	/* Latin-1 B word; white space to plain text is kept */
	{ "Re: =?ISO-8859-1?B?SvxyZ2VuIFdlad8=?= llamó", MAILTEXT_TEXT,
	  MAILTEXT_OK, "Re: Jürgen Weiß llamó" },
	/* ISO-8859-15 has the euro at 0xA4; windows-1252 at 0x80 */
	{ "=?ISO-8859-15?Q?Factura_=A4120?=", MAILTEXT_TEXT, MAILTEXT_OK,
	  "Factura €120" },
	{ "=?windows-1252?Q?=93Gracias=94_=80?=", MAILTEXT_TEXT, MAILTEXT_OK,
	  "\xe2\x80\x9cGracias\xe2\x80\x9d €" },
	/* ISO-8859-1 is read as windows-1252 (WHATWG) */
	{ "=?iso-8859-1?q?=80_y_=E9?=", MAILTEXT_TEXT, MAILTEXT_OK, "€ y é" },
	/* a character split between two words of one charset */
	{ "=?UTF-8?B?w6k=?= =?UTF-8?Q?=C3?= =?UTF-8?Q?=B1o?=", MAILTEXT_TEXT,
	  MAILTEXT_OK, "éño" },
	/* adjacent words in two charsets */
	{ "=?ISO-8859-1?Q?Jos=E9?=  =?UTF-8?Q?_Garc=C3=ADa?=", MAILTEXT_TEXT,
	  MAILTEXT_OK, "José García" },
	/* language suffix (RFC 2231) and lower-case encoding letter */
	{ "=?UTF-8*es?b?w7Fvw7Fv?=", MAILTEXT_TEXT, MAILTEXT_OK, "ñoño" },
	/* malformed words stay as written */
	{ "=?UTF-8?X?abc?= and =?UTF-8?B?***?= and =?UTF-8?Q?a=ZZ?=",
	  MAILTEXT_TEXT, MAILTEXT_OK,
	  "=?UTF-8?X?abc?= and =?UTF-8?B?***?= and =?UTF-8?Q?a=ZZ?=" },
	{ "=?UTF-8?Q?no end", MAILTEXT_TEXT, MAILTEXT_OK, "=?UTF-8?Q?no end" },
	/* raw UTF-8 is fine (RFC 6532); raw Latin-1 is not */
	{ "Reunión mañana ☕", MAILTEXT_TEXT, MAILTEXT_OK, "Reunión mañana ☕" },
	{ "Reuni\xf3n", MAILTEXT_TEXT, MAILTEXT_BAD_UTF8, NULL },
	{ "<id-\xe9@x>", MAILTEXT_RAW, MAILTEXT_BAD_UTF8, NULL },
	/* charsets nobody knows, bytes not valid in theirs */
	{ "=?x-klingon?Q?abc?=", MAILTEXT_TEXT, MAILTEXT_UNKNOWN_CHARSET,
	  NULL },
	{ "=?UTF-8?Q?caf=E9?=", MAILTEXT_TEXT, MAILTEXT_BAD_CHARSET, NULL },
	{ "=?ISO-2022-JP?B?GyRCJEskWyRzGyhC?=", MAILTEXT_TEXT, MAILTEXT_OK,
	  "にほん" },
	/* addresses: a decoded comma stays inside one quoted display name */
	{ "=?UTF-8?Q?Nowak=2C_Piotr?= <p.nowak@example.pl>",
	  MAILTEXT_ADDRESS, MAILTEXT_OK,
	  "\"Nowak, Piotr\" <p.nowak@example.pl>" },
	{ "\"=?UTF-8?Q?Jos=C3=A9_=22Pepe=22?=\" <pepe@example.es>",
	  MAILTEXT_ADDRESS, MAILTEXT_OK,
	  "\"José \\\"Pepe\\\"\" <pepe@example.es>" },
	{ "=?UTF-8?Q?Mar=C3=ADa_L=C3=B3pez?= <maria@example.es>, "
	  "\"Ruiz, Ana\" <ana@example.es>", MAILTEXT_ADDRESS, MAILTEXT_OK,
	  "María López <maria@example.es>, \"Ruiz, Ana\" <ana@example.es>" },
	{ "=?UTF-8?Q?Nowak=2C_Piotr?=", MAILTEXT_TEXT, MAILTEXT_OK,
	  "Nowak, Piotr" },
};

static void
test_headers(void)
{
	struct jsonl_buf out = { NULL, 0, 0 };
	const struct header_case *c;
	enum mailtext_status st;
	size_t i;

	for (i = 0; i < sizeof(header_cases) / sizeof(header_cases[0]); i++) {
		c = &header_cases[i];
		out.len = 0;
		st = mailtext_header(&out, c->raw, strlen(c->raw), c->mode);
		is_int(st, c->status, "header %zu: status", i);
		if (c->want != NULL)
			is_mem(out.data, out.len, c->want, strlen(c->want),
			    "header %zu: text", i);
	}
	jsonl_buf_free(&out);
}

static const struct convert_case {
	const char *charset;
	const char *in;
	int cut;
	enum mailtext_status status;
	const char *want;
} convert_cases[] = {
	{ NULL, "plain", 0, MAILTEXT_OK, "plain" },
	{ "us-ascii", "ni\xc3\xb1o", 0, MAILTEXT_OK, "niño" },
	{ "US-ASCII", "ni\xf1o \x93ok\x94", 0, MAILTEXT_OK,
	  "niño \xe2\x80\x9cok\xe2\x80\x9d" },
	{ "", "\x81", 0, MAILTEXT_OK, "\xc2\x81" },
	{ "utf-8", "ok \xe2\x82", 1, MAILTEXT_OK, "ok " },
	{ "utf-8", "ok \xe2\x82", 0, MAILTEXT_BAD_CHARSET, "ok " },
	{ "utf-8", "a\xff" "b", 1, MAILTEXT_BAD_CHARSET, "a" },
	{ "iso-8859-15", "\xa4", 0, MAILTEXT_OK, "€" },
	{ "windows-1250", "\x8a\xe8", 0, MAILTEXT_OK, "Šč" },
	{ "koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", 0, MAILTEXT_OK, "Привет" },
	{ "shift_jis", "\x82\xa0", 0, MAILTEXT_OK, "あ" },
	{ "shift_jis", "\x82", 1, MAILTEXT_OK, "" },
	{ "shift_jis", "\x82", 0, MAILTEXT_BAD_CHARSET, "" },
	{ "x-unknown", "abc", 0, MAILTEXT_UNKNOWN_CHARSET, "" },
};

static void
test_convert(void)
{
	struct jsonl_buf out = { NULL, 0, 0 };
	const struct convert_case *c;
	enum mailtext_status st;
	size_t i;

	for (i = 0; i < sizeof(convert_cases) / sizeof(convert_cases[0]);
	    i++) {
		c = &convert_cases[i];
		out.len = 0;
		st = mailtext_to_utf8(&out, c->charset, c->in, strlen(c->in),
		    c->cut);
		is_int(st, c->status, "convert %zu: status", i);
		is_mem(out.data, out.len, c->want, strlen(c->want),
		    "convert %zu: text", i);
	}
	jsonl_buf_free(&out);
	ok(strcmp(mailtext_strerror(MAILTEXT_UNKNOWN_CHARSET),
	    "unknown charset") == 0, "strerror");
}

static const struct from_case {
	const char *line;
	const char *sender;	/* NULL: not a From_ line */
	const char *date;
} from_cases[] = {
	{ "From alice@example.com Tue Mar  5 09:12:44 2024",
	  "alice@example.com", "Tue Mar  5 09:12:44 2024" },
	{ "From 1792796512034401111@xxx Tue Mar 05 09:12:44 +0000 2024\r",
	  "1792796512034401111@xxx", "Tue Mar 05 09:12:44 +0000 2024" },
	{ "From - Tue Mar 05 09:12:44 2024", "-", "Tue Mar 05 09:12:44 2024" },
	{ "From MAILER-DAEMON Fri Jul  8 12:08:34 2011 ", "MAILER-DAEMON",
	  "Fri Jul  8 12:08:34 2011" },
	{ "From  Tue Mar  5 09:12:44 2024", "", "Tue Mar  5 09:12:44 2024" },
	{ "From a@b.c Tue, 5 Mar 2024 09:12:44 +0000", "a@b.c",
	  "Tue, 5 Mar 2024 09:12:44 +0000" },
	{ "From a@b.c Sat Mar  9 7:05 2024 remote from x", "a@b.c",
	  "Sat Mar  9 7:05 2024 remote from x" },
	{ "From here on we talk about the refund", NULL, NULL },
	{ "From Monday Mar 4 10:00 on", NULL, NULL },
	{ "From a@b Tue Mar  5 2024", NULL, NULL },
	{ "From two words Tue Mar  5 09:12:44 2024", NULL, NULL },
	{ "from a@b Tue Mar  5 09:12:44 2024", NULL, NULL },
	{ ">From a@b Tue Mar  5 09:12:44 2024", NULL, NULL },
	{ "From ", NULL, NULL },
};

static void
test_from_lines(void)
{
	const struct from_case *c;
	const char *s, *d;
	size_t i, sl, dl;
	int r;

	for (i = 0; i < sizeof(from_cases) / sizeof(from_cases[0]); i++) {
		c = &from_cases[i];
		r = mailtext_from_line(c->line, strlen(c->line), &s, &sl, &d,
		    &dl);
		is_int(r, c->sender != NULL, "from %zu: recognised", i);
		if (r && c->sender != NULL) {
			is_mem(s, sl, c->sender, strlen(c->sender),
			    "from %zu: sender", i);
			is_mem(d, dl, c->date, strlen(c->date),
			    "from %zu: date", i);
		}
	}
}

static void
test_unescape(void)
{
	char text[] = ">From a\nb >From c\n>>From d\r\n>>>From e\n> From f\n"
	    ">Frog\n>From";
	const char *want = "From a\nb >From c\n>From d\r\n>>From e\n"
	    "> From f\n>Frog\n>From";
	size_t n = mailtext_unescape_from(text, strlen(text));

	is_mem(text, n, want, strlen(want), "mboxrd unescaping");
}

static void
test_prefix(void)
{
	const char *s = "añ😀b";

	is_int((long long)mailtext_utf8_prefix(s, strlen(s), 0), 0, "0 chars");
	is_int((long long)mailtext_utf8_prefix(s, strlen(s), 2), 3, "2 chars");
	is_int((long long)mailtext_utf8_prefix(s, strlen(s), 3), 7,
	    "an emoji is one character");
	is_int((long long)mailtext_utf8_prefix(s, strlen(s), 9),
	    (long long)strlen(s), "more than there is");
}

int
main(void)
{
	mailtext_init();
	mailtext_init();
	test_headers();
	test_convert();
	test_from_lines();
	test_unescape();
	test_prefix();
	return done_testing();
}
