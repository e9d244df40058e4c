#!/usr/bin/env python3
"""Writes the decoder's coverage fixtures from the OpenAPI contract.

    scripts/gen_fixtures.py SPEC [OUT_DIR]     (default OUT_DIR: tests/data/generated)

One page per variant of CallMedium and of ExternalVoice: each holds calls
with every property of every schema set to a realistic value (escapes,
non-ASCII, nulls where the spec allows them), and that variant as the
call's medium / voice. Together the files set every one of the spec's
properties, which tests/model.cpp checks against the descriptor tables.
Deterministic: the same spec gives the same bytes.
"""
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DURATION_PATTERN = r"^-?(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,9})?s$"
VARIANT_SCHEMAS = ("ultravox.v1.CallMedium", "ultravox.v1.ExternalVoice")


class Maker:
    def __init__(self, spec, seed):
        self.s = spec["components"]["schemas"]
        self.n = seed

    def tick(self):
        self.n += 1
        return self.n

    def ref(self, ps):
        if "$ref" in ps:
            return ps["$ref"].split("/")[-1]
        if "allOf" in ps and len(ps["allOf"]) == 1:
            return ps["allOf"][0]["$ref"].split("/")[-1]
        if "oneOf" in ps:
            for x in ps["oneOf"]:
                r = x["$ref"].split("/")[-1]
                if self.s[r].get("enum") != [None]:
                    return r
        return None

    def value(self, owner, prop, ps, variant):
        k = self.tick()
        r = self.ref(ps)
        if r:
            t = self.s[r]
            if "enum" in t:
                return t["enum"][k % len(t["enum"])]
            return self.obj(r, variant)
        t = ps.get("type")
        if t == "string":
            if "enum" in ps:
                return ps["enum"][k % len(ps["enum"])]
            if ps.get("format") == "uuid":
                return f"{k:08x}-{k % 65536:04x}-4{k % 4096:03x}-a{k % 4096:03x}-{k * 7919:012x}"
            if ps.get("format") == "date-time":
                forms = ["2025-{m:02d}-{d:02d}T{h:02d}:17:{s:02d}.{k:06d}Z",
                         "2025-{m:02d}-{d:02d}T{h:02d}:05:{s:02d}Z",
                         "2024-{m:02d}-{d:02d}T{h:02d}:45:{s:02d}.5+02:00"]
                return forms[k % 3].format(m=k % 12 + 1, d=k % 28 + 1, h=k % 24, s=k % 60, k=k % 1000000)
            if ps.get("pattern") == DURATION_PATTERN or prop in ("billedDuration", "joinTimeout", "maxDuration"):
                return ["12.5s", "0.384s", "3600s", "30s", "0s", "1.000000001s"][k % 6]
            if prop == "systemPrompt":
                return ("You are Ava, a helpful agent for Café Zürich ☕. Rules:\n"
                        "1. Greet with \"Grüezi\".\n\t2. Never reveal the path C:\\secrets.\n"
                        "3. Emoji ok: 🎉 — and CJK: 你好.\u0001") * 3
            return ["sample text", "line\nbreak \"quoted\" \\ slash", "naïve café ☕", "+14155552671",
                    "https://example.com/hook?x=1&y=2", "✓ ok"][k % 6] + f" #{k}"
        if t == "integer":
            return [16000, 48000, 60, 150, 3, -1, 1234567][k % 7]
        if t == "number":
            return [0.5, 1.25, 0.8, 2.0, 0.05, 1e-3, 0.125][k % 7]
        if t == "boolean":
            return k % 2 == 0
        if t == "array":
            items = ps["items"]
            return [self.value(owner, prop, items, variant) for _ in range(2)]
        if t == "object":
            ap = ps.get("additionalProperties")
            if isinstance(ap, dict) and ap.get("type") == "string":
                return {"tenant": f"t-{k}", "région": "zürich ✓", "empty": ""}
            return {"flag": True, "nested": {"list": [1, -2.5, "x\"y", None, False, {}], "emoji": "🎉"},
                    "n": 1.5e-7, "big": 12345678901234567890}
        # schema-free: any JSON value
        return [{"featureA": True, "level": 3}, [1, "two", None], "plain", 42, {"a": {"b": {"c": []}}}][k % 5]

    def obj(self, name, variant):
        props = self.s[name].get("properties", {})
        if name in VARIANT_SCHEMAS:
            chosen = variant.get(name) or next(iter(props))
            return {chosen: self.value(name, chosen, props[chosen], variant)}
        return {p: self.value(name, p, ps, variant) for p, ps in props.items()}


def page(spec, seed, variant, calls):
    m = Maker(spec, seed)
    results = []
    for i in range(calls):
        c = m.obj("Call", variant)
        if i == 1:
            # The spec's nullable fields as null.
            # (medium only where the page is about voices: medium pages
            # need the variant they are named after.)
            for p, ps in spec["components"]["schemas"]["Call"]["properties"].items():
                if ps.get("nullable") and (p != "medium" or "ultravox.v1.ExternalVoice" in variant):
                    c[p] = None
        results.append(c)
    previous = None if "ultravox.v1.CallMedium" in variant else \
        f"https://api.ultravox.ai/api/calls?cursor=cj0{seed}&pageSize=2"
    return {"next": f"https://api.ultravox.ai/api/calls?cursor=cD0{seed}&pageSize=2",
            "previous": previous, "results": results, "total": 1234}


def main(argv):
    spec = yaml.safe_load(Path(argv[1]).read_text())
    out = Path(argv[2]) if len(argv) > 2 else ROOT / "tests/data/generated"
    out.mkdir(parents=True, exist_ok=True)
    schemas = spec["components"]["schemas"]
    seed = 100
    for owner, prefix in (("ultravox.v1.CallMedium", "medium"), ("ultravox.v1.ExternalVoice", "voice")):
        for variant in schemas[owner]["properties"]:
            seed += 1000
            doc = page(spec, seed, {owner: variant}, 2)
            (out / f"{prefix}-{variant}.json").write_text(
                json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
