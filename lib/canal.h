/*
 * canal.h - what every canal program shares: the version, the exit codes,
 * and the map of lib/ in reading order.
 *
 * Module map (each module depends only on those above it):
 *   util      checked allocation, bounded number, size and duration parsing
 *   phone     phone numbers to E.164 through libphonenumber (C++ inside, C outside)
 *   timefmt   the canonical UTC "ts" (YYYY-MM-DDTHH:MM:SS.mmmZ), no TZ, no localtime
 *   tz        IANA zones from TZif files and POSIX TZ rules: offsets, DST gaps and overlaps
 *   timeparse the times sources write (RFC 3339, RFC 5322, D/M/Y, epoch, formats)
 *   scan      zero-copy JSON validator: one object per line, top-level members
 *   confline  bounded lines of configuration and state files (no /dev/zero blow-up)
 *   linein    lines of any length (CRLF, BOM, positions), blank ones too; mark/rewind
 *   jsonl     JSON Lines: a linein that skips blank lines, a buffered writer, JSON strings
 *   output    atomic output files (temporary name, rename) and their cleanup on signals
 *   lockfile  a run's lock on a file other runs update (--state): flock(2) on FILE.lock
 *   diag      program name, FILE:LINE:COL messages, counters, stats line, rejects
 *   cli       the options every program shares (DESIGN section 3)
 *   event     the canonical event v1: field names, enums, validation
 *   runsort   bounded-memory sort of keyed records with spills to temporary files
 *   timeline  canal-merge's job: validate, sort what is unsorted, k-way merge, dedupe
 *   record    one flat JSON object built field by field (canal-ingest's output)
 *   csvin     CSV records with libcsv, with their first line and raw text
 *   jsontext  JSON text as bytes: where values end, minifying, members into a record
 *   linepat   pcre2 line patterns with named groups, JIT and match limits
 *   mailtext  mail headers and bodies decoded to UTF-8 with GMime
 *   ingest    the format table, the sink and the input shared by the readers
 *   jsondoc   whole JSON documents in jansson: faults by place, element lines, repairs
 *   formats/  one reader per export format (csv, asterisk, mbox, whatsapp...)
 *   srcrec    a source record read by dotted path without a tree
 *   ident     canonical e-mail addresses and handles; HMAC pseudonyms; SHA-256 ids
 *   normalize canal-normalize's job: times with DST rules, identities, the event
 *   normmap   the mapping language of --map (canal-map(5))
 *   presets/  one mapping per export format, in one table
 *   strmap    byte strings to indexes, for per-key state
 *   splice    top-level members of a JSON line replaced or added, no tree
 *   idgraph   identities joined into customers (union-find), state files
 *   stitch    canal-merge's omnichannel pass: customers, threads, cases
 *   hours     opening hours ('mon-fri 09:00-18:00')
 *   rules     canal-route's rules language (canal-rules(5))
 *   outdir    split output files: safe names, bounded open files, renames
 *   sketch    a mergeable quantile sketch (DDSketch, 1% relative error)
 *   stats     count, mean, percentiles and max, exact or from sketches
 *   period    report periods as whole local days (yesterday, last-week)
 *   metrics   canal-report's job: the metrics of DESIGN section 5 per group
 *   svg       charts as inline SVG; XML escaping
 *   render    report rows as JSON lines, JSON, CSV, tables, Markdown, HTML tables
 *   prom      report rows in the Prometheus text format
 *   partial   partial reports written and combined
 *   html      the self-contained HTML report
 */
#ifndef CANAL_H
#define CANAL_H

#define CANAL_VERSION "0.1.0"

/* Exit status of every program; canal.7 lists them. */
enum canal_exit {
	CANAL_EXIT_OK = 0,		/* everything read and written */
	CANAL_EXIT_FAILURE = 1,		/* cannot open, read or write; no memory */
	CANAL_EXIT_USAGE = 2,		/* bad option or configuration */
	CANAL_EXIT_REJECTED = 3		/* completed, but records were rejected */
};

#endif
