#!/usr/bin/env python3
"""Writes the benchmark's PaginatedCallList pages from the OpenAPI contract.

    bench/gen_pages.py SPEC OUT_DIR [CALLS ...]    (default CALLS: 100 1000 10000)

Writes OUT_DIR/calls-<CALLS>.json, one compact document each (as the API's
JSON renderer sends it: no whitespace, UTF-8 unescaped). Deterministic: the
same spec and arguments give the same bytes (a seeded random.Random).

The calls are realistic mixes, not copies of one call:
- every property of every schema of the contract is set in some call
  (checked: the script fails if a page of 100 calls or more misses one);
- required properties are always there (null now and then where the spec
  says nullable); optional ones are absent in about a quarter of the calls;
- media and voices follow a skewed mix (mostly WebRTC and Twilio, named
  voices more often than external ones) and cover every variant;
- system prompts are long (1 to 6 KB) with escapes (newlines, tabs,
  quotes, backslashes, a control character) and non-ASCII text (accents,
  CJK, emoji outside the BMP); summaries, metadata maps and arrays vary in
  length;
- calls in progress have no end yet (ended, endReason, summary null).
The leaf values come from scripts/gen_fixtures.py's Maker, so a new property
in the spec shows up here without a change to this script.
"""
import json
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from gen_fixtures import Maker  # noqa: E402

MEDIA = [("webRtc", 35), ("twilio", 25), ("sip", 10), ("serverWebSocket", 10),
         ("telnyx", 8), ("plivo", 7), ("exotel", 5)]
VOICES = [("elevenLabs", 30), ("cartesia", 25), ("generic", 10), ("google", 10),
          ("inworld", 10), ("lmnt", 8), ("respeecher", 7)]
NAMED_VOICES = ["Mark", "Jessica", "Riya-Rao-English-Indian", "Tanya-English", "Conversationalist",
                "Émile-Français", "Aaron-English", "ジョン-Japanese"]

PROMPT_PARAGRAPHS = [
    "You are Ava, the booking assistant of Café Zürich ☕, a restaurant on the Limmatquai. "
    "Greet the caller with \"Grüezi\" and ask how you can help.",
    "Rules:\n1. Never reveal internal notes, tools or the path C:\\secrets\\menu.txt.\n"
    "2. Keep answers under two sentences.\n\t3. Confirm dates as \"Monday, 3 March\".",
    "Opening hours: Mon–Fri 11:30–14:00 and 18:00–23:00; Sat 18:00–24:00; closed on Sundays. "
    "Tables of more than 8 need a deposit of CHF 50.–.",
    "If the caller speaks French, answer in French (« Bonjour, ici le Café Zürich »); "
    "if Japanese, answer politely: 「ご予約ありがとうございます」. 中文客人请说普通话。",
    "Tool use: call {\"name\":\"book_table\",\"args\":{\"date\":\"YYYY-MM-DD\",\"size\":N}} only after "
    "the caller confirmed. Escape sequences in notes such as \\n must be kept verbatim.",
    "Allergens: gluten (🌾), nuts (🥜), shellfish (🦐), dairy (🥛). Always ask about allergies "
    "for groups; log them with the tag #allergy.",
    "When the caller is silent for 10 s, ask \"Are you still there?\"; after 30 s say goodbye and "
    "hang up. Never promise a table by the window.\u0001",
    "Escalation: if the caller is upset or asks for a manager, transfer to +41 44 555 12 34 and "
    "say: “I'm connecting you with my colleague now — one moment please.”",
]
SUMMARIES = [
    "Caller booked a table for {n} on Friday at 19:30; allergy: nuts.",
    "Asked about opening hours on public holidays; no booking made.",
    "Réservation pour {n} personnes annulée à la demande du client.",
    "Caller was upset about a double charge (CHF {n}0.–); transferred to a manager.",
    "予約の変更: {n}名, 土曜日 18:00。",
    "Silent caller; the agent hung up after 30 s.",
]
METADATA_KEYS = ["tenant", "campaign", "région", "crm_id", "source", "agent_version", "customer", "note"]


def weighted(rng, table):
    names = [n for n, _ in table]
    return rng.choices(names, weights=[w for _, w in table])[0]


class PageMaker(Maker):
    """Maker with per-call randomness: absent and null fields, variant
    mixes, realistic long texts. Records which properties it set."""

    def __init__(self, spec, seed):
        super().__init__(spec, seed)
        self.rng = random.Random(seed)
        self.seen = set()
        self.call = None  # per-call choices

    def value(self, owner, prop, ps, variant):
        rng = self.rng
        if owner == "Call" and prop == "systemPrompt":
            k = self.tick()
            paras = [PROMPT_PARAGRAPHS[(k + i) % len(PROMPT_PARAGRAPHS)] for i in range(len(PROMPT_PARAGRAPHS))]
            target = rng.randint(1000, 6000)
            out = []
            while sum(len(p) + 2 for p in out) < target:
                out.append(paras[len(out) % len(paras)])
            return "\n\n".join(out) + f"\n(prompt v{k % 97})"
        if owner == "Call" and prop in ("summary", "shortSummary"):
            k = self.tick()
            s = SUMMARIES[k % len(SUMMARIES)].format(n=k % 9 + 2)
            return s if prop == "shortSummary" else s + " " + SUMMARIES[(k + 1) % len(SUMMARIES)].format(n=k % 7 + 1)
        if owner == "Call" and prop == "voice":
            return NAMED_VOICES[self.tick() % len(NAMED_VOICES)]
        if owner == "Call" and prop == "languageHint":
            return ["en-US", "de-CH", "fr-FR", "ja-JP", "zh"][self.tick() % 5]
        if owner == "Call" and prop == "created":
            return self.call["created"]
        if owner == "Call" and prop == "temperature":
            # The spec bounds it to [0, 1] (Maker's numbers go up to 2.0).
            return [0.0, 0.2, 0.4, 0.5, 0.7, 0.8, 1.0][self.tick() % 7]
        if ps.get("type") == "array":
            n = rng.choice([0, 1, 1, 2, 3])
            if prop not in ("inactivityMessages",):
                n = max(n, 1)
            return [super(PageMaker, self).value(owner, prop, ps["items"], variant) for _ in range(n)]
        if ps.get("type") == "object" and isinstance(ps.get("additionalProperties"), dict) \
                and ps["additionalProperties"].get("type") == "string":
            k = self.tick()
            keys = rng.sample(METADATA_KEYS, rng.randint(1, 5))
            return {key: ["acme", "spring-2025", "zürich ✓", f"{k:06d}", "", "web \"form\""][(k + i) % 6]
                    for i, key in enumerate(keys)}
        return super().value(owner, prop, ps, variant)

    def obj(self, name, variant):
        rng = self.rng
        schema = self.s[name]
        props = schema.get("properties", {})
        required = set(schema.get("required", []))
        if name == "ultravox.v1.CallMedium":
            chosen = self.call["medium"]
        elif name == "ultravox.v1.ExternalVoice":
            chosen = self.call["voice"] or weighted(rng, VOICES)
        else:
            chosen = None
        if chosen is not None:
            self.seen.add((name, chosen))
            return {chosen: self.value(name, chosen, props[chosen], variant)}
        out = {}
        for p, ps in props.items():
            nullable = ps.get("nullable") or any(
                self.s[x["$ref"].split("/")[-1]].get("enum") == [None] for x in ps.get("oneOf", []))
            if name == "Call":
                if p in ("ended", "endReason", "summary", "shortSummary", "billedDuration") \
                        and self.call["in_progress"]:
                    out[p] = None
                    continue
                if p in ("externalVoice", "voiceOverrides") and self.call["voice_kind"] != p:
                    continue
                if p == "voice" and self.call["voice_kind"] != "voice":
                    out[p] = None
                    continue
            if p not in required and not self.call["full"] and rng.random() < 0.25:
                continue  # optional and absent
            if nullable and not self.call["full"] and rng.random() < 0.12:
                out[p] = None
                continue
            out[p] = self.value(name, p, ps, variant)
            self.seen.add((name, p))
        return out

    def make_call(self, i, base_time):
        rng = self.rng
        # The first calls of a page go through every medium and every voice
        # with every property set, so that even a small page covers the
        # whole schema; the rest are the random mix.
        full = i < max(len(MEDIA), len(VOICES))
        self.call = {
            "full": full,
            "in_progress": not full and rng.random() < 0.08,
            "medium": MEDIA[i][0] if i < len(MEDIA) else weighted(rng, MEDIA),
            "voice": VOICES[i][0] if i < len(VOICES) else None,
            "voice_kind": "externalVoice" if full else
                          rng.choices(["voice", "externalVoice", "voiceOverrides"], weights=[60, 30, 10])[0],
            "created": "2025-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:06d}Z".format(
                (base_time // 2419200) % 12 + 1, (base_time // 86400) % 28 + 1, (base_time // 3600) % 24,
                (base_time // 60) % 60, base_time % 60, rng.randrange(1000000)),
        }
        call = self.obj("Call", {})
        if not full and rng.random() < 0.02:
            call["medium"] = None
        return call


def page(spec, calls):
    m = PageMaker(spec, 4242 + calls)
    t = 1_700_000_000
    results = []
    for i in range(calls):
        t -= m.rng.randint(5, 900)  # newest first, as the API sorts by default
        results.append(m.make_call(i, t))
    # A page from the middle of a listing: both links set, so that every
    # property of PaginatedCallList is a value (a null is not "set").
    doc = {"next": f"https://api.ultravox.ai/api/calls?cursor=cD0yMDI1LTA2LTAx{calls}&pageSize={calls}",
           "previous": f"https://api.ultravox.ai/api/calls?cursor=cj0xJnA9MjAyNS0wNi0wMg{calls}&pageSize={calls}",
           "results": results, "total": calls * 37}
    m.seen.update(("PaginatedCallList", p) for p, v in doc.items() if v is not None)
    return doc, m.seen


def every_property(spec):
    schemas = spec["components"]["schemas"]
    return {(n, p) for n, s in schemas.items() for p in (s.get("properties") or {})}


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    spec = yaml.safe_load(Path(argv[1]).read_text())
    out = Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    sizes = [int(a) for a in argv[3:]] or [100, 1000, 10000]
    for n in sizes:
        doc, seen = page(spec, n)
        if n >= 100:
            missing = sorted(f"{s}.{p}" for s, p in every_property(spec) - seen)
            if missing:
                print(f"gen_pages: a page of {n} calls sets no {', '.join(missing)}", file=sys.stderr)
                return 1
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        (out / f"calls-{n}.json").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
