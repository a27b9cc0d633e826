#!/usr/bin/env python3
"""canal_ref - an independent reference implementation of DESIGN section 5.

Written from the definitions (DESIGN.md section 5, canal-report(1)), not
from lib/metrics.c, and on purpose in another shape: metrics.c streams the
timeline once, keeping state per conversation and per customer; this reads
the whole timeline, groups it by conversation, and answers each question
by looking at the events directly ("the first reply after this call").
When both agree on generated and hand-made timelines, the definitions are
implemented as written.

    canal_ref.py [--callback-window S] [--form-window S] [--bot-replies]
                 [--rows conversation] [FILE]

Prints one JSON object a line per channel (the members canal-report -F
jsonl gives for what is checked here), or with --rows conversation one per
conversation.  Durations are seconds; instants are integer milliseconds so
that arithmetic is exact.
"""

import json
import math
import sys
from datetime import datetime, timezone

DAY_MS = 86400 * 1000


def parse_ts(text):
    """A canonical ts, 2024-03-04T09:00:00.000Z, as milliseconds."""
    d = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    d = d.replace(tzinfo=timezone.utc)
    return int(d.timestamp()) * 1000 + d.microsecond // 1000


def percentile(xs, p):
    """R type 7: linear interpolation between the closest ranks."""
    h = (len(xs) - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo])


def summary(samples):
    xs = sorted(samples)
    if not xs:
        return {"count": 0, "mean": None, "median": None, "p90": None,
                "p95": None, "max": None}
    return {"count": len(xs), "mean": sum(xs) / len(xs),
            "median": percentile(xs, 0.5), "p90": percentile(xs, 0.9),
            "p95": percentile(xs, 0.95), "max": xs[-1]}


class Options:
    def __init__(self):
        self.callback_ms = 24 * 3600 * 1000
        self.form_ms = 72 * 3600 * 1000
        self.bot_replies = False


def is_reply(e, opts):
    """A human reply: out, by an agent (or a bot with --bot-replies), not
    a note; a call only when it connected."""
    if e.get("direction") != "out" or e.get("type") == "note":
        return False
    if e.get("type") == "call" and e.get("outcome") != "answered":
        return False
    return e.get("actor") == "agent" or (opts.bot_replies and
                                         e.get("actor") == "bot")


def answer_wait_ms(e):
    """An answered call's wait in milliseconds, to the nearest, halves
    away from zero (none: 0)."""
    wait = e.get("wait")
    if not isinstance(wait, (int, float)):
        return 0
    ms = math.floor(abs(wait) * 1000 + 0.5)
    return ms if wait >= 0 else -ms


def is_inbound_call(e):
    return (e.get("direction") == "in" and e.get("channel") == "phone" and
            e.get("type") == "call")


def conversation_key(e):
    c = e.get("conversation")
    return c if isinstance(c, str) else "\0id:" + str(e.get("id"))


class Conversation:
    def __init__(self, key):
        self.key = key
        self.events = []
        self.opener = None      # its first non-internal event
        self.group = None
        self.inbound = False
        self.kind = "plain"
        self.answer_at = None   # ms
        self.answer_conv = None
        self.start = None       # the FRT cycle's start, ms


def read(path):
    f = sys.stdin if path == "-" else open(path, encoding="utf-8")
    events = []
    for i, line in enumerate(f):
        if not line.strip():
            continue
        e = json.loads(line)
        e["_i"] = i
        e["_ms"] = parse_ts(e["ts"])
        events.append(e)
    return events


def measure(events, opts):
    convs = {}
    for e in events:
        k = conversation_key(e)
        if k not in convs:
            convs[k] = Conversation(k)
        convs[k].events.append(e)
        e["_conv"] = convs[k]
    for c in convs.values():
        for e in c.events:
            if e.get("direction") != "internal":
                c.opener = e
                break
        if c.opener is None:
            continue
        c.group = c.opener.get("channel", "")
        c.inbound = c.opener.get("direction") == "in"
        if c.inbound:
            if is_inbound_call(c.opener):
                c.kind = "call"
            elif c.opener.get("channel") == "webform":
                c.kind = "form"

    # A human contact reaches the customer: a human reply at its ts, or
    # an inbound call answered, at the end of its wait.
    def contact_at(e):
        if is_reply(e, opts):
            return e["_ms"]
        if is_inbound_call(e) and e.get("outcome") == "answered":
            return e["_ms"] + answer_wait_ms(e)
        return None

    contacts_of = {}
    for e in events:
        if contact_at(e) is not None and e.get("customer"):
            contacts_of.setdefault(e["customer"], []).append(e)

    def first_contact(c, after):
        """The first contact after event `after`, in c or with its
        customer."""
        best = None
        for e in c.events:
            if e["_i"] > after["_i"] and contact_at(e) is not None:
                best = e
                break
        for e in contacts_of.get(after.get("customer"), ()):
            if e["_i"] > after["_i"]:
                if best is None or e["_i"] < best["_i"]:
                    best = e
                break
        return best

    for c in convs.values():
        if not c.inbound:
            continue
        c.start = c.opener["_ms"]
        candidates = []     # (instant, conversation that answered)
        if c.kind == "plain":
            for e in c.events:
                if e["_i"] > c.opener["_i"] and is_reply(e, opts):
                    candidates.append((e["_ms"], c))
                    # The cycle restarts at the last hand-off or reopen
                    # before the reply.
                    for h in c.events:
                        if (c.opener["_i"] <= h["_i"] < e["_i"] and
                                (h.get("type") == "handoff" or
                                 h.get("status") == "reopened")):
                            c.start = h["_ms"]
                    break
        else:
            window = opts.callback_ms if c.kind == "call" else opts.form_ms
            for e in c.events:
                if c.kind == "call" and is_inbound_call(e):
                    if e.get("outcome") == "answered":
                        candidates.append((contact_at(e), c))
                        continue
                elif not (c.kind == "form" and e.get("direction") == "in"):
                    continue
                # A missed or abandoned call, a form: the first contact
                # after it, when within the window.
                r = first_contact(c, e)
                if r is not None and contact_at(r) - e["_ms"] <= window:
                    candidates.append((contact_at(r), r["_conv"]))
        if candidates:
            c.answer_at, c.answer_conv = min(candidates,
                                             key=lambda x: x[0])
    return convs


def rows(events, convs, opts):
    groups = {}

    def row(g):
        if g not in groups:
            groups[g] = {"channel": g, "inbound": 0, "outbound": 0,
                         "conversations": 0, "inbound_conversations": 0,
                         "answered": 0, "answered_elsewhere": 0,
                         "unanswered": 0, "_frt": [], "_reply": [],
                         "_handle": [], "_speed": [], "answered_calls": 0,
                         "missed_calls": 0, "abandoned_calls": 0,
                         "callback_attempts": 0, "_calls": False}
        return groups[g]

    for e in events:
        r = row(e.get("channel", ""))
        if e.get("direction") == "in":
            r["inbound"] += 1
        elif e.get("direction") == "out":
            r["outbound"] += 1
            if e.get("type") == "call" and e.get("outcome") != "answered":
                r["callback_attempts"] += 1
                r["_calls"] = True
    for c in convs.values():
        if c.opener is None:
            continue
        r = row(c.group)
        r["conversations"] += 1
        for e in c.events:
            if not is_inbound_call(e):
                continue
            r["_calls"] = True
            if e.get("outcome") == "answered":
                r["answered_calls"] += 1
                if isinstance(e.get("duration"), (int, float)):
                    r["_handle"].append(e["duration"])
                if isinstance(e.get("wait"), (int, float)):
                    r["_speed"].append(e["wait"])
            elif e.get("outcome") == "abandoned":
                r["abandoned_calls"] += 1
            else:
                r["missed_calls"] += 1
        if c.kind == "plain":
            # Reply time: after the first reply in the conversation, a
            # customer message opens a wait; a reply closes it with a
            # sample, a bot's message without.
            replied, wait = False, None
            for e in c.events:
                if e.get("direction") == "in" and replied and wait is None:
                    wait = e["_ms"]
                if is_reply(e, opts):
                    if wait is not None:
                        r["_reply"].append((e["_ms"] - wait) / 1000)
                    wait, replied = None, True
                elif e.get("direction") == "out" and e.get("actor") == "bot":
                    wait = None
        if not c.inbound:
            continue
        r["inbound_conversations"] += 1
        if c.answer_at is None:
            r["unanswered"] += 1
            continue
        r["answered"] += 1
        if c.answer_conv is not c:
            r["answered_elsewhere"] += 1
        r["_frt"].append(max(0, c.answer_at - c.start) / 1000)
    out = []
    for g in sorted(groups):
        r = groups[g]
        n = r["inbound_conversations"]
        r["response_rate"] = r["answered"] / n if n else None
        r["frt"] = summary(r.pop("_frt"))
        r["reply"] = summary(r.pop("_reply"))
        r["handle"] = summary(r.pop("_handle"))
        r["speed_of_answer"] = summary(r.pop("_speed"))
        queued = r["answered_calls"] + r["abandoned_calls"]
        r["abandon_rate"] = r["abandoned_calls"] / queued if queued else None
        if not r.pop("_calls"):
            for k in ("answered_calls", "missed_calls", "abandoned_calls",
                      "abandon_rate", "callback_attempts"):
                del r[k]
        out.append(r)
    return out


def conversation_rows(convs):
    out = []
    for c in convs.values():
        if c.opener is None:
            continue
        key = c.key[4:] if c.key.startswith("\0id:") else c.key
        out.append({"conversation": key, "channel": c.group,
                    "inbound": c.inbound,
                    "answered": c.answer_at is not None,
                    "frt": (max(0, c.answer_at - c.start) / 1000
                            if c.answer_at is not None else None)})
    return out


def duration(text):
    """A window: 90, 90s, 30m, 24h, 3d."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    if text[-1] in units:
        return int(text[:-1]) * units[text[-1]] * 1000
    return int(text) * 1000


def main(argv):
    opts = Options()
    path, conv_rows = "-", False
    args = iter(argv)
    for a in args:
        if a == "--callback-window":
            opts.callback_ms = duration(next(args))
        elif a == "--form-window":
            opts.form_ms = duration(next(args))
        elif a == "--bot-replies":
            opts.bot_replies = True
        elif a == "--rows":
            conv_rows = next(args) == "conversation"
        else:
            path = a
    events = read(path)
    convs = measure(events, opts)
    out = conversation_rows(convs) if conv_rows else rows(events, convs,
                                                           opts)
    for r in out:
        print(json.dumps(r, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
