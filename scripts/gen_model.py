#!/usr/bin/env python3
"""Generates the uvcalls model from the OpenAPI contract.

    scripts/gen_model.py SPEC            # rewrites the generated headers
    scripts/gen_model.py SPEC --check    # fails if they are out of date
    scripts/gen_model.py SPEC --list     # prints Schema.property, one a line

Writes include/uvcalls/model.hpp (the C++ types) and
include/uvcalls/detail/model_schema.hpp (the descriptor tables the decoder
and encoder walk). Every schema and every property of
components.schemas is mapped mechanically; the only hand-written knowledge
is LENIENT_DURATIONS below. The generated files are committed so users
need no Python; a CTest case runs --check so a spec change that is not
regenerated fails the build.
"""
import keyword
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MODEL_HPP = ROOT / "include/uvcalls/model.hpp"
SCHEMA_HPP = ROOT / "include/uvcalls/detail/model_schema.hpp"

DURATION_PATTERN = r"^-?(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,9})?s$"
# String properties the spec gives no pattern for, but whose defaults
# ("30s", "3600s") and meaning make them durations: parsed when the text is
# a duration, kept as text otherwise, never an error.
LENIENT_DURATIONS = {("Call", "billedDuration"), ("Call", "joinTimeout"),
                     ("Call", "maxDuration"), ("CallSipDetails", "billedDuration")}
CPP_KEYWORDS = set(keyword.kwlist) | {
    "auto", "bool", "char", "class", "const", "default", "delete", "double", "enum",
    "explicit", "export", "extern", "float", "friend", "goto", "inline", "int", "long",
    "mutable", "namespace", "new", "operator", "private", "protected", "public",
    "register", "short", "signed", "sizeof", "static", "struct", "switch", "template",
    "this", "throw", "typedef", "typename", "union", "unsigned", "using", "virtual",
    "void", "volatile", "signals", "slots", "unknown"}


def snake(name):
    name = name.replace("ultravox.v1.", "")
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    name = name.replace("__", "_").lower()
    return name + "_" if name in CPP_KEYWORDS else name


def ref_name(ref):
    return ref.split("/")[-1]


def first_sentence(text):
    if not text:
        return ""
    text = " ".join(text.split())
    m = re.match(r"(.+?\.)(\s|$)", text)
    return (m.group(1) if m else text)[:160]


class Spec:
    def __init__(self, path):
        doc = yaml.safe_load(Path(path).read_text())
        self.schemas = doc["components"]["schemas"]
        self.params = doc["paths"]["/api/calls"]["get"]["parameters"]
        self.enums = {}    # enum C++ name -> (values, description)
        self.objects = {}  # schema name -> list of field dicts
        self.order = []
        self.inline_enum_names = {}
        for name, s in self.schemas.items():
            if "enum" in s:
                if s["enum"] == [None]:
                    continue  # NullEnum: only ever the null branch of a oneOf
                self.enums[self.enum_cpp_name(name)] = (s["enum"], s.get("description", ""))
        for name, s in self.schemas.items():
            if s.get("type") == "object" and "properties" in s:
                self.objects[name] = [self.resolve(name, p, ps, s.get("required", []))
                                      for p, ps in s["properties"].items()]
        self.topo_sort()

    @staticmethod
    def enum_cpp_name(schema_name):
        n = schema_name.replace("ultravox.v1.", "")
        if n.endswith("Enum"):
            n = n[:-4]
        return snake(n)

    def object_schema(self, name):
        s = self.schemas[name]
        return s.get("type") == "object" and "properties" in s

    def resolve(self, owner, prop, ps, required):
        f = {"json": prop, "member": snake(prop), "nullable": bool(ps.get("nullable")),
             "required": prop in required, "doc": first_sentence(ps.get("description")),
             "target": None}
        ref = ps.get("$ref")
        if not ref and "allOf" in ps and len(ps["allOf"]) == 1:
            ref = ps["allOf"][0]["$ref"]
        if not ref and "oneOf" in ps:
            refs = [ref_name(x["$ref"]) for x in ps["oneOf"]]
            non_null = [r for r in refs if self.schemas[r].get("enum") != [None]]
            assert len(non_null) == 1, (owner, prop)
            if len(non_null) != len(refs):
                f["nullable"] = True
            ref = "#/" + non_null[0]
        if ref:
            target = ref_name(ref)
            ts = self.schemas[target]
            if "enum" in ts:
                f["kind"], f["target"] = "enumeration", self.enum_cpp_name(target)
            elif self.object_schema(target):
                f["kind"], f["target"] = "object", target
            else:
                raise SystemExit(f"unsupported $ref target {target}")
            return f
        t = ps.get("type")
        if t == "string":
            if "enum" in ps:
                en = snake(prop)
                prev = self.inline_enum_names.get(en)
                if prev is not None and prev != ps["enum"]:
                    en = snake(owner.replace("ultravox.v1.", "") + prop[0].upper() + prop[1:])
                self.inline_enum_names[en] = ps["enum"]
                self.enums[en] = (ps["enum"], ps.get("description", ""))
                f["kind"], f["target"] = "enumeration", en
            elif ps.get("format") == "uuid":
                f["kind"] = "uuid"
            elif ps.get("format") == "date-time":
                f["kind"] = "timestamp"
            elif ps.get("pattern") == DURATION_PATTERN:
                f["kind"] = "duration"
            elif ps.get("pattern"):
                raise SystemExit(f"unsupported pattern on {owner}.{prop}")
            elif (owner, prop) in LENIENT_DURATIONS:
                f["kind"] = "duration_lenient"
            else:
                f["kind"] = "string"
                # A URI cut short is another URI: never kept cut.
                f["uri"] = ps.get("format") == "uri"
        elif t == "integer":
            f["kind"] = "int32" if ps.get("format") == "int32" else "integer"
        elif t == "number":
            f["kind"] = "number"
        elif t == "boolean":
            f["kind"] = "boolean"
        elif t == "array":
            items = ps["items"]
            if "$ref" in items and self.object_schema(ref_name(items["$ref"])):
                f["kind"], f["target"] = "object_array", ref_name(items["$ref"])
            elif items.get("type") == "string" and not items.get("format"):
                f["kind"] = "string_array"
            else:
                raise SystemExit(f"unsupported array items on {owner}.{prop}")
        elif t == "object":
            ap = ps.get("additionalProperties")
            if "properties" in ps:
                raise SystemExit(f"inline object schema on {owner}.{prop}")
            if isinstance(ap, dict) and ap.get("type") == "string":
                f["kind"] = "string_map"
            else:
                f["kind"] = "json_object"
        elif t is None:
            f["kind"] = "json_any"
        else:
            raise SystemExit(f"unsupported type {t} on {owner}.{prop}")
        return f

    def topo_sort(self):
        done, order = set(), []

        def visit(n):
            if n in done:
                return
            done.add(n)
            for f in self.objects[n]:
                if f["kind"] in ("object", "object_array"):
                    visit(f["target"])
            order.append(n)
        for n in self.objects:
            visit(n)
        self.order = order

    def property_list(self):
        out = []
        for name, s in self.schemas.items():
            for p in s.get("properties", {}) or {}:
                out.append(f"{name}.{p}")
        return out


CPP_TYPES = {
    "string": "field<std::string_view>",
    "uuid": "field<uvcalls::uuid>",
    "timestamp": "field<uvcalls::timestamp>",
    "duration": "field<uvcalls::duration>",
    "duration_lenient": "field<uvcalls::duration>",
    "boolean": "field<bool>",
    "integer": "field<std::int64_t>",
    "int32": "field<std::int64_t>",
    "number": "field<double>",
    "string_array": "field<array_view<std::string_view>>",
    "string_map": "field<array_view<string_pair>>",
    "json_object": "field<json_text>",
    "json_any": "field<json_text>",
}


def cpp_type(f):
    k = f["kind"]
    if k == "enumeration":
        return f"field<enum_value<::uvcalls::{f['target']}>>"
    # Qualified, because members are named like their types (end_reason).
    if k == "object":
        return f"object_field<::uvcalls::{snake(f['target'])}>"
    if k == "object_array":
        return f"field<array_view<::uvcalls::{snake(f['target'])}>>"
    return CPP_TYPES[k]


def enumerators(values):
    names = [str(v) for v in values]
    prefix = ""
    if len(names) > 1:
        p = names[0]
        for n in names[1:]:
            while not n.startswith(p):
                p = p[:-1]
        prefix = p[:p.rfind("_") + 1] if "_" in p else ""
    out = []
    for n in names:
        e = n[len(prefix):].lower()
        if e[0].isdigit() or e in CPP_KEYWORDS:
            e = e + "_"
        out.append(e)
    return out


HEADER = """// GENERATED by scripts/gen_model.py from list-calls.openapi.yaml. Do not edit:
// change the generator or the spec and run
//   python3 scripts/gen_model.py ../shared/spec/list-calls.openapi.yaml
"""


def gen_model(spec):
    o = [HEADER, """//
// uvcalls — the typed model of GET /api/calls: one struct per schema, one
// member per property, in the spec's order. Strings, arrays and nested
// objects are views into the decoder's arena and are valid as long as the
// arena is (in per-call mode: until the call handler returns).
#ifndef UVCALLS_MODEL_HPP
#define UVCALLS_MODEL_HPP

#include <uvcalls/duration.hpp>
#include <uvcalls/field.hpp>
#include <uvcalls/timestamp.hpp>
#include <uvcalls/uuid.hpp>

#include <cstdint>
#include <string_view>

namespace uvcalls {

"""]
    for en, (values, desc) in spec.enums.items():
        d = first_sentence(desc)
        o.append(f"/// {d}\n" if d else f"/// Values of `{en}`.\n")
        o.append(f"enum class {en} : std::uint8_t {{\n    /// A value this version of uvcalls does not know; see enum_value::text.\n    unknown = 0,\n")
        for v, e in zip(values, enumerators(values)):
            o.append(f"    {e}, ///< \"{v}\"\n")
        o.append("};\n\n")
    for name in spec.order:
        s = spec.schemas[name]
        d = first_sentence(s.get("description"))
        o.append(f"/// `{name}`{': ' + d if d else ''}\n")
        o.append(f"struct {snake(name)} {{\n")
        for f in spec.objects[name]:
            notes = []
            if f["required"]:
                notes.append("required")
            if f["nullable"]:
                notes.append("nullable")
            note = f" ({', '.join(notes)})" if notes else ""
            o.append(f"    /// `{f['json']}`{note}{': ' + f['doc'] if f['doc'] else ''}\n")
            o.append(f"    {cpp_type(f)} {f['member']};\n")
        o.append("};\n\n")
    call = spec.objects["Call"]
    o.append("/// The top-level fields of a Call, for decode_options::fields.\n")
    o.append("enum class call_field : std::uint8_t {\n")
    for f in call:
        o.append(f"    {f['member']}, ///< `{f['json']}`\n")
    o.append("};\n\n")
    o.append(f"/// Number of top-level fields of a Call.\nconstexpr unsigned call_field_count = {len(call)};\n\n")
    o.append("} // namespace uvcalls\n\n#endif\n")
    return "".join(o)


def key_hash(k, seed, bits):
    """Mirrors detail::key_hash in include/uvcalls/detail/schema.hpp."""
    b = k.encode()
    n = len(b)
    M = 0xFFFFFFFF

    def window(pos):
        return int.from_bytes(b[pos:pos + 4], "little")
    if n >= 4:
        w = [window(0), window(n // 2 - 2), window(n - 4)]
    else:
        w = [int.from_bytes(b, "little"), 0, 0]
    rot = lambda v, r: ((v << r) | (v >> (32 - r))) & M
    h = ((n * 0x9E3779B1) & M) ^ w[0] ^ rot(w[1], 11) ^ rot(w[2], 22)
    return ((h * seed) & M) >> (32 - bits)


def perfect_table(names):
    """Smallest table (at least twice the names) and a seed without collisions."""
    bits = max(1, (2 * max(1, len(names)) - 1).bit_length())
    while bits <= 12:
        for seed in range(0x811C9DC5, 0x811C9DC5 + 20000):
            slots = {}
            for i, k in enumerate(names):
                slots.setdefault(key_hash(k, seed, bits), i)
            if len(slots) == len(names):
                table = [0] * (1 << bits)
                for i, k in enumerate(names):
                    table[key_hash(k, seed, bits)] = i + 1
                return bits, seed, table
        bits += 1
    raise SystemExit(f"no collision-free lookup table for {names}")


def required_mask(fields):
    assert len(fields) <= 64, "object_desc::required holds 64 fields"
    return sum(1 << i for i, f in enumerate(fields) if f["required"])


def gen_schema(spec):
    o = [HEADER, """//
// Descriptor tables of the model; see detail/schema.hpp.
#ifndef UVCALLS_DETAIL_MODEL_SCHEMA_HPP
#define UVCALLS_DETAIL_MODEL_SCHEMA_HPP

#include <uvcalls/detail/schema.hpp>
#include <uvcalls/model.hpp>

#include <cstddef>
#include <type_traits>

namespace uvcalls {
namespace detail {

"""]
    for en, (values, _) in spec.enums.items():
        names = ", ".join(f'"{v}"' for v in values)
        o.append(f"inline constexpr std::string_view {en}_names[] = {{{names}}};\n")
        o.append(f"inline constexpr enum_desc {en}_enum = {{{en}_names, {len(values)}, "
                 f"&set_enum<uvcalls::{en}>, &enum_text<uvcalls::{en}>, &enum_index<uvcalls::{en}>}};\n\n")
    for name in spec.order:
        sn = snake(name)
        fields = spec.objects[name]
        o.append(f"inline constexpr field_desc {sn}_fields[] = {{\n")
        if not fields:
            o.append("    {\"\", 0, field_kind::string, 0, nullptr, nullptr}, // no properties; count is 0\n")
        for f in fields:
            flags = []
            if f["nullable"]:
                flags.append("flag_nullable")
            if f["required"]:
                flags.append("flag_required")
            if f.get("uri"):
                flags.append("flag_uri")
            flag = " | ".join(flags) if flags else "0"
            if f["kind"] == "enumeration":
                target = f"nullptr, &{f['target']}_enum"
            elif f["kind"] in ("object", "object_array"):
                target = f"&{snake(f['target'])}_desc, nullptr"
            else:
                target = "nullptr, nullptr"
            o.append(f"    {{\"{f['json']}\", offsetof({sn}, {f['member']}), field_kind::{f['kind']}, "
                     f"{flag}, {target}}},\n")
        o.append("};\n")
        bits, seed, table = perfect_table([f["json"] for f in fields])
        o.append(f"inline constexpr std::uint8_t {sn}_lookup[] = {{{', '.join(map(str, table))}}};\n")
        # The decoder fills these through offsets and moves finished arrays
        # with memcpy: both need standard-layout, trivially copyable types.
        o.append(f"static_assert(std::is_standard_layout<{sn}>::value && "
                 f"std::is_trivially_copyable<{sn}>::value, \"{sn} must be a plain struct\");\n")
        o.append(f"inline constexpr object_desc {sn}_desc = {{{sn}_fields, {len(fields)}, "
                 f"{sn}_lookup, {bits}, {seed:#x}u, {required_mask(fields):#x}u, "
                 f"sizeof({sn}), alignof({sn}), &construct_object<{sn}>, "
                 f"&get_object_ref<{sn}>, &set_object_list<{sn}>, &get_object_list<{sn}>}};\n\n")
    def table(doc, decl, items):
        o.append(f"/// {doc}\n")
        o.append(f"inline constexpr {decl}[] = {{\n")
        o.extend(f"    {item},\n" for item in items)
        o.append("};\n\n")

    table("Every schema of the model, for tests and tools that walk them all.",
          "object_desc const* all_objects", (f"&{snake(name)}_desc" for name in spec.order))
    table("Every enum of the model.", "enum_desc const* all_enums", (f"&{en}_enum" for en in spec.enums))
    # The names live apart from the descriptors, which firmware links in
    # whole: only code that asks for a name (tests, tools) links these.
    table("The spec's name of all_objects[i].", "std::string_view all_object_names",
          (f'"{name}"' for name in spec.order))
    table("The name of all_enums[i] (its type in model.hpp).", "std::string_view all_enum_names",
          (f'"{en}"' for en in spec.enums))
    o.append("""/// The spec's name of a schema of the model (\"ultravox.v1.Call\"); empty
/// for a descriptor not in all_objects.
inline std::string_view schema_name(object_desc const& od) noexcept
{
    for (std::size_t i = 0; i != sizeof all_objects / sizeof all_objects[0]; ++i)
        if (all_objects[i] == &od)
            return all_object_names[i];
    return {};
}

/// The name of an enum of the model (\"end_reason\"); empty for a
/// descriptor not in all_enums.
inline std::string_view enum_name(enum_desc const& ed) noexcept
{
    for (std::size_t i = 0; i != sizeof all_enums / sizeof all_enums[0]; ++i)
        if (all_enums[i] == &ed)
            return all_enum_names[i];
    return {};
}

""")
    o.append("} // namespace detail\n} // namespace uvcalls\n\n#endif\n")
    return "".join(o)


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    spec = Spec(argv[1])
    if "--list" in argv:
        print("\n".join(spec.property_list()))
        return 0
    outputs = {MODEL_HPP: gen_model(spec), SCHEMA_HPP: gen_schema(spec)}
    if "--check" in argv:
        stale = [str(p.relative_to(ROOT)) for p, text in outputs.items()
                 if not p.exists() or p.read_text() != text]
        if stale:
            print("out of date with the spec: " + ", ".join(stale)
                  + "\nrun: python3 scripts/gen_model.py " + argv[1], file=sys.stderr)
            return 1
        print(f"generated model is up to date: {len(spec.objects)} object schemas, "
              f"{len(spec.enums)} enums, {len(spec.property_list())} properties")
        return 0
    for p, text in outputs.items():
        p.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
