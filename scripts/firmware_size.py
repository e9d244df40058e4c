#!/usr/bin/env python3
"""Splits the code size of a firmware image by where it comes from.

    scripts/firmware_size.py ELF [--map MAP [--program-limit BYTES]] [--tool-prefix arm-none-eabi-] [--top N]

Reads the symbols of ELF (nm -S -C) and adds up the sizes of those in the
sections `size` counts as text (.text, .rodata, ...), by origin:
- uvcalls:  uvcalls:: functions and tables (the model's descriptors, the
            decoder's handler, the query builder);
- Boost:    boost:: code, including Boost.JSON's parser instantiated for
            uvcalls' handler;
- runtime:  the C and C++ runtime the image links (newlib-nano, libgcc's
            soft-float and 64-bit division, libstdc++, start-up code);
- example:  the program's own main() and data.
What no symbol covers (string literals, alignment padding, code without
a size) is reported as such, so the parts add up to `size`'s text.

With --map (the linker's -Map output), also splits the same text by input
file, which covers string literals too: the program's own object (uvcalls,
Boost and main: all header code is compiled there) against the archives of
the runtime (libc_nano, libgcc, libstdc++_nano, libnosys, crt*); the
program's row is the rest of the total, so the rows add up to it. With
--top N, also lists the N largest symbols with their origin. With
--program-limit, fails (exit status 1) when the program's row is over
BYTES: build-firmware.sh holds the Cortex-M4's to 64 KiB, the size target
(decoder + query builder), so that a change crossing it fails CI rather
than only changing a figure in its log.
"""
import re
import subprocess
import sys

TEXT_SECTIONS = (".text", ".rodata", ".ARM.extab", ".ARM.exidx", ".init", ".fini", ".isr_vector",
                 ".init_array", ".fini_array", ".preinit_array", ".eh_frame", ".gcc_except_table")


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def origin(name):
    n = name.lstrip()
    # The outermost name decides: boost::json::basic_parser<uvcalls::...>
    # is Boost's parser, uvcalls::detail::set_enum<...> is uvcalls'.
    m = re.match(r"(?:\w[\w\s\*&<>,:]*?\s)?([A-Za-z_][\w]*)::", n)
    outer = m.group(1) if m else ""
    if n.startswith("guard variable for ") or n.startswith("vtable for ") or n.startswith("typeinfo"):
        return origin(n.split(" for ", 1)[1])
    if outer == "uvcalls":
        return "uvcalls"
    if outer == "boost":
        return "Boost"
    if n == "main" or n.startswith("(anonymous namespace)") or n.startswith("g_"):
        return "example"
    return "runtime"


def map_split(path):
    """Bytes of text-like output sections per input file class."""
    out = {}
    section = None
    pending = None
    started = False
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("Linker script and memory map"):
            started = True
            continue
        if not started:
            continue
        m = re.match(r"^(\.[\w.]+)\s", line)
        if m:
            section = m.group(1)
            continue
        if section is None or not section.startswith(TEXT_SECTIONS):
            continue
        m = re.match(r"^ (\*fill\*)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)", line)
        if m:
            out["alignment padding"] = out.get("alignment padding", 0) + int(m.group(2), 16)
            continue
        m = re.match(r"^ (\S+)\s*$", line)
        if m:
            pending = m.group(1)
            continue
        m = re.match(r"^ (\S+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$", line)
        if m and (m.group(1) or pending):
            pending = None
            size = int(m.group(3), 16)
            src = m.group(4).strip()
            archive = re.search(r"([\w+\-]+\.a)\(", src)
            if archive:
                key = "runtime: " + archive.group(1)
            elif re.search(r"crt\w*\.o$", src):
                key = "runtime: start-up (crt*.o)"
            else:
                key = "program (uvcalls, Boost, main)"
            out[key] = out.get(key, 0) + size
    return out


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    elf = argv[1]
    prefix = "arm-none-eabi-"
    top = 0
    if "--tool-prefix" in argv:
        prefix = argv[argv.index("--tool-prefix") + 1]
    if "--top" in argv:
        top = int(argv[argv.index("--top") + 1])

    ranges = []
    for line in run([prefix + "readelf", "-SW", elf]).splitlines():
        m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\S+\s+(\S*)", line)
        if m and m.group(1).startswith(TEXT_SECTIONS) and "A" in m.group(4):
            start, size = int(m.group(2), 16), int(m.group(3), 16)
            ranges.append((start, start + size))
    text_total = sum(b - a for a, b in ranges)

    sums = {"uvcalls": 0, "Boost": 0, "runtime": 0, "example": 0}
    seen = set()
    symbols = []
    for line in run([prefix + "nm", "-S", "-C", "--defined-only", elf]).splitlines():
        m = re.match(r"([0-9a-f]+) ([0-9a-f]+) (\w) (.*)", line)
        if not m:
            continue
        addr, size, name = int(m.group(1), 16), int(m.group(2), 16), m.group(4)
        if not any(a <= addr < b for a, b in ranges):
            continue
        # Thumb function addresses have bit 0 set in some tools' output;
        # aliases (__aeabi_dmul and __muldf3) share one address: count once.
        key = (addr & ~1, size)
        if key in seen:
            continue
        seen.add(key)
        o = origin(name)
        sums[o] += size
        symbols.append((size, o, name))

    covered = sum(sums.values())
    print(f"| origin | text bytes | share |")
    print(f"| --- | ---: | ---: |")
    for o in ("uvcalls", "Boost", "runtime", "example"):
        print(f"| {o} | {sums[o]} | {100 * sums[o] / text_total:.0f}% |")
    print(f"| no symbol (string literals, padding) | {text_total - covered} | "
          f"{100 * (text_total - covered) / text_total:.0f}% |")
    print(f"| total of code and read-only data | {text_total} | |")
    if "--map" in argv:
        print()
        by_input = map_split(argv[argv.index("--map") + 1])
        # The linker merges equal strings (and a string with the tail of a
        # longer one), and the map then lists several string sections
        # (.rodata.*.str1.*) at one address: the program's input sections
        # added up to more than it takes (by 14 to 134 bytes in the builds
        # measured). Its row is what the runtime and the padding leave of
        # the total, so the rows add up to it.
        program = "program (uvcalls, Boost, main)"
        by_input[program] = text_total - sum(v for k, v in by_input.items() if k != program)
        print("| input | text bytes |")
        print("| --- | ---: |")
        for k in sorted(by_input, key=lambda k: -by_input[k]):
            print(f"| {k} | {by_input[k]} |")
        if "--program-limit" in argv:
            limit = int(argv[argv.index("--program-limit") + 1])
            if by_input[program] > limit:
                print(f"firmware_size.py: the program's text is {by_input[program]} bytes, "
                      f"{by_input[program] - limit} over the limit of {limit}", file=sys.stderr)
                return 1
            print(f"program text {by_input[program]} bytes: {limit - by_input[program]} under the limit of {limit}")
    if top:
        print()
        for size, o, name in sorted(symbols, reverse=True)[:top]:
            print(f"{size:7d}  {o:8s} {name[:140]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
