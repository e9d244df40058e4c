#!/usr/bin/env bash
# Runs the decode benchmark and prints its tables (the ones in
# bench/README.md): uvcalls against Boost.JSON, nlohmann::json and simdjson
# on generated pages of 100, 1 000 and 10 000 calls, in one process.
#
#   scripts/bench.sh              # timings (median of interleaved rounds), then the
#                                 # same over UVCALLS_BENCH_LAYOUTS (15) code layouts
#   scripts/bench.sh --callgrind  # also instruction counts under callgrind
#
# Timings on a shared machine are noisy: run it on an idle one, and do not
# build anything meanwhile. Instruction counts (valgrind) are not noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
callgrind=0
[ "${1:-}" = "--callgrind" ] && callgrind=1
if [ $callgrind -eq 1 ]; then ./scripts/install-deps.sh valgrind; else ./scripts/install-deps.sh; fi
out=${UVCALLS_BENCH_DIR:-build/bench}
spec=${UVCALLS_SPEC:-../shared/spec/list-calls.openapi.yaml}
jobs=${UVCALLS_JOBS:-2}

configure() { # DIR MARCH
    cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=Release -DUVCALLS_BUILD_TESTS=OFF \
        -DUVCALLS_BUILD_EXAMPLES=OFF -DUVCALLS_BUILD_BENCH=ON -DUVCALLS_BENCH_MARCH="$2" >/dev/null
    cmake --build "$1" -j "$jobs" --target uvcalls-bench >/dev/null
}

configure "$out" native
mkdir -p "$out/pages"
python3 bench/gen_pages.py "$spec" "$out/pages" 100 1000 10000
pages=("$out/pages/calls-100.json" "$out/pages/calls-1000.json" "$out/pages/calls-10000.json")

echo "## Machine"
echo
echo '```'
lscpu | head -n 20 | grep -E 'Architecture|Model name|CPU\(s\):|Thread|Core|Socket|MHz|L1d|L2|L3' || true
echo "$(c++ --version | head -n 1); -O3 -march=native"
echo "Boost $(sed -n 's/#define BOOST_LIB_VERSION "\(.*\)"/\1/p' /usr/include/boost/version.hpp | tr _ .)," \
     "nlohmann::json $(dpkg-query -W -f='${Version}' nlohmann-json3-dev)," \
     "simdjson $(dpkg-query -W -f='${Version}' libsimdjson-dev)"
echo '```'
echo
echo "## Decode"
echo
"$out/bench/uvcalls-bench" "${pages[@]}"

# The speed of a loop depends on where the linker puts it (its alignment
# against the CPU's fetch blocks and caches): on this machine one build runs
# Boost.JSON's empty handler at 670 MB/s and the next, with only unrelated
# code changed, at 820. So the ratios are also measured over N layouts of
# the same program: its objects relinked (no recompilation, so the code is
# identical) with the functions in N random orders (lld's
# --shuffle-sections), each run in full; the median ratio is the figure to
# trust, the range shows what one build can show. A layout's figures repeat
# from run to run (within 2-3%); what moves a median is which layouts are
# in the sample, as the empty handler's speed is two-humped (about 700 or
# about 815 MB/s), hence 15 layouts by default rather than 7.
layouts=${UVCALLS_BENCH_LAYOUTS:-15}
if [ "$layouts" -gt 0 ]; then
    lay="$out-layout"
    cmake -S . -B "$lay" -G Ninja -DCMAKE_BUILD_TYPE=Release -DUVCALLS_BUILD_TESTS=OFF \
        -DUVCALLS_BUILD_EXAMPLES=OFF -DUVCALLS_BUILD_BENCH=ON -DUVCALLS_BENCH_MARCH=native \
        -DCMAKE_CXX_FLAGS=-ffunction-sections -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld >/dev/null
    cmake --build "$lay" -j "$jobs" --target uvcalls-bench >/dev/null
    # CMake's own link line for the program (paths relative to the build
    # directory), run again with a shuffle seed.
    link=$(ninja -C "$lay" -t commands uvcalls-bench | tail -n 1 | sed 's/^: && //; s/ && :$//')
    : >"$lay/layouts.tsv"
    for seed in $(seq 1 "$layouts"); do
        (cd "$lay" && eval "$link -Wl,--shuffle-sections='*=$seed' -o bench/uvcalls-bench-layout")
        "$lay/bench/uvcalls-bench-layout" --summary "${pages[@]}" | sed "s/^/$seed\t/" >>"$lay/layouts.tsv"
    done
    echo "## Decode over $layouts code layouts"
    echo
    echo "The same objects linked $layouts times with the functions in random orders (lld --shuffle-sections):"
    echo "the median over the layouts and the range of each figure (a ratio is taken within one run)."
    echo
    python3 - "$lay/layouts.tsv" <<'EOF'
import collections, statistics, sys
runs = collections.defaultdict(dict)  # (page, seed) -> decoder -> MB/s
for line in open(sys.argv[1], encoding="utf-8"):
    seed, page, decoder, mbs = line.rstrip("\n").split("\t")
    runs[(page, seed)][decoder] = float(mbs)
ours = "uvcalls, per call"
peers = [("Boost.JSON basic_parser, empty handler", "empty-handler parse"),
         ("uvcalls' parser, empty handler", "uvcalls' parser, empty handler"),
         ("simdjson on-demand + std types", "simdjson + std"),
         ("Boost.JSON parse + std types", "Boost.JSON + std"),
         ("nlohmann::json parse + std types", "nlohmann + std")]
def fmt(values, digits):
    m = statistics.median(values)
    return f"{m:.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"
pages = sorted({p for p, _ in runs}, key=lambda p: int("".join(c for c in p if c.isdigit()) or 0))
print("| page | uvcalls per call, MB/s | " + " | ".join(f"÷ {short}" for _, short in peers) + " |")
print("| --- | ---: |" + " ---: |" * len(peers))
for page in pages:
    seeds = [runs[k] for k in runs if k[0] == page]
    cells = [fmt([r[ours] for r in seeds], 0)]
    for name, _ in peers:
        cells.append(fmt([r[ours] / r[name] for r in seeds], 2))
    print(f"| {page} | " + " | ".join(cells) + " |")
# Each decoder at the layout that suits it best: the layout's luck taken
# out of both sides of the ratio (the placement of Boost.JSON's loops, not
# of uvcalls' code, decides most of the range above).
print()
print("Each decoder in its fastest layout (MB/s), and the ratio of those:")
print()
print("| page | uvcalls per call | " + " | ".join(short for _, short in peers) + " | " +
      " | ".join(f"÷ {short}" for _, short in peers) + " |")
print("| --- | ---: |" + " ---: |" * (2 * len(peers)))
for page in pages:
    seeds = [runs[k] for k in runs if k[0] == page]
    best = {name: max(r[name] for r in seeds) for name in [ours] + [n for n, _ in peers]}
    cells = [f"{best[ours]:.0f}"] + [f"{best[n]:.0f}" for n, _ in peers]
    cells += [f"{best[ours] / best[n]:.2f}" for n, _ in peers]
    print(f"| {page} | " + " | ".join(cells) + " |")
# Fed as from a socket: both sides in 4 KiB chunks, so both pay Boost.JSON's
# suspension and resumption at every boundary.
chunked = ("uvcalls, per call, 4 KiB chunks", "Boost.JSON basic_parser, empty handler, 4 KiB chunks",
           "uvcalls' parser, empty handler, 4 KiB chunks")
print()
print("Fed in 4 KiB chunks, as from a socket (the empty handlers fed the same chunks):")
print()
print("| page | uvcalls per call, 4 KiB chunks, MB/s | ÷ empty-handler parse, 4 KiB chunks | ÷ uvcalls' parser, empty handler, 4 KiB chunks |")
print("| --- | ---: | ---: | ---: |")
for page in pages:
    seeds = [runs[k] for k in runs if k[0] == page]
    print(f"| {page} | {fmt([r[chunked[0]] for r in seeds], 0)} | {fmt([r[chunked[0]] / r[chunked[1]] for r in seeds], 2)} | "
          f"{fmt([r[chunked[0]] / r[chunked[2]] for r in seeds], 2)} |")
EOF
    echo
fi

if [ $callgrind -eq 1 ]; then
    # x86-64-v3 (AVX2): valgrind cannot run AVX-512.
    configure "$out-callgrind" x86-64-v3
    cg="$out-callgrind/callgrind"
    rm -rf "$cg" && mkdir -p "$cg"
    valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$cg/out" \
        "$out-callgrind/bench/uvcalls-bench" --callgrind "$out/pages/calls-1000.json" >/dev/null 2>"$cg/log"
    echo "## Instructions (callgrind, calls-1000.json, -march=x86-64-v3)"
    echo
    echo "| decoder | instructions | per byte | ÷ empty-handler parse | ÷ uvcalls' parser, empty handler |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    python3 - "$cg" <<'EOF'
import glob, re, sys
rows = []
for f in sorted(glob.glob(sys.argv[1] + "/out.*"), key=lambda p: int(p.rsplit(".", 1)[1])):
    text = open(f, encoding="utf-8").read()
    m = re.search(r"^desc: Trigger: Client Request: (.*) \| (.*) \| (\d+)$", text, re.M)
    t = re.search(r"^totals: (\d+)", text, re.M)
    if m and t:
        rows.append((m.group(1), int(t.group(1)), int(m.group(3))))
ceiling = next(ir for name, ir, _ in rows if name == "Boost.JSON basic_parser, empty handler")
own = next(ir for name, ir, _ in rows if name == "uvcalls' parser, empty handler")
for name, ir, size in rows:
    print(f"| {name} | {ir:,} | {ir / size:.1f} | {ir / ceiling:.2f} | {ir / own:.2f} |")
by_name = {name: ir for name, ir, _ in rows}
print()
def speed(work, ceiling):
    return "%.3f of %s (%s against %s)" % (by_name[ceiling] / by_name[work], ceiling, f"{by_name[work]:,}", f"{by_name[ceiling]:,}")
print("uvcalls per call: " + speed("uvcalls, per call", "Boost.JSON basic_parser, empty handler") + "; " +
      speed("uvcalls, per call", "uvcalls' parser, empty handler") + ".")
print()
print("In 4 KiB chunks: " + speed("uvcalls, per call, 4 KiB chunks", "Boost.JSON basic_parser, empty handler, 4 KiB chunks") +
      "; " + speed("uvcalls, per call, 4 KiB chunks", "uvcalls' parser, empty handler, 4 KiB chunks") + ".")
EOF
    echo
fi
