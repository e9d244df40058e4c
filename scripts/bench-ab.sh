#!/usr/bin/env bash
# Times this tree's decoder against another revision's, in one process and
# over many code layouts (bench/ab/): does a change to the decoder make it
# faster in time, and by how much of the empty-handler ceiling?
#
#   scripts/bench-ab.sh [REV]    # REV: the base, default HEAD (so: the
#                                # working tree's uncommitted change)
#   scripts/bench-ab.sh --callgrind [REV]   # also instruction counts (valgrind)
#   UVCALLS_BENCH_LAYOUTS=15     # layouts (default 15)
#
# Instruction counts (callgrind, scripts/bench.sh --callgrind) show whether
# a change runs fewer instructions; they do not show whether it runs
# faster, and on this project's VM the two have parted by 0.05-0.08 of the
# ceiling (bench/README.md). One build's timings are one code layout, which
# moves them by up to 25 %, more than most changes: so the program is
# relinked in N layouts (lld --shuffle-sections, as scripts/bench.sh does),
# each timing both decoders and the ceiling round after round, and the
# figures are medians over layouts of ratios taken within one run. The
# spread of work ÷ base, for a REV with the same decoder, is the noise
# floor. Run it on an idle machine; it takes about 3 minutes with the build
# on the 2-core VM of bench/README.md. REV's page_decoder must have this
# tree's interface (call_handler, write, finish, write_final, reset).
set -euo pipefail
cd "$(dirname "$0")/.."
callgrind=0
if [ "${1:-}" = "--callgrind" ]; then
    callgrind=1
    shift
fi
if [ $callgrind -eq 1 ]; then ./scripts/install-deps.sh valgrind; else ./scripts/install-deps.sh; fi
rev=${1:-HEAD}
out=${UVCALLS_BENCH_DIR:-build/bench-ab}
spec=${UVCALLS_SPEC:-../shared/spec/list-calls.openapi.yaml}
jobs=${UVCALLS_JOBS:-2}
layouts=${UVCALLS_BENCH_LAYOUTS:-15}

# The base's headers, as they were at REV. Extracted with the time of
# extraction (tar -m), not REV's commit time: an older REV's headers would
# otherwise look older than the base object a previous run built from
# another REV, and ninja would time that stale base again.
base="$PWD/$out/base"
rm -rf "$base" && mkdir -p "$base"
git archive "$rev" include | tar -x -m -C "$base"

configure() { # DIR MARCH
    cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=Release -DUVCALLS_BUILD_TESTS=OFF \
        -DUVCALLS_BUILD_EXAMPLES=OFF -DUVCALLS_BUILD_BENCH=ON -DUVCALLS_BENCH_MARCH="$2" \
        -DUVCALLS_BENCH_AB_BASE="$base/include" \
        -DCMAKE_CXX_FLAGS=-ffunction-sections -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld >/dev/null
    cmake --build "$1" -j "$jobs" --target uvcalls-bench-ab >/dev/null
}
configure "$out" native
mkdir -p "$out/pages"
python3 bench/gen_pages.py "$spec" "$out/pages" 100 1000 10000
pages=("$out/pages/calls-100.json" "$out/pages/calls-1000.json" "$out/pages/calls-10000.json")

# CMake's own link line for the program, run again with a shuffle seed.
link=$(ninja -C "$out" -t commands uvcalls-bench-ab | tail -n 1 | sed 's/^: && //; s/ && :$//')
: >"$out/layouts.tsv"
for seed in $(seq 1 "$layouts"); do
    (cd "$out" && eval "$link -Wl,--shuffle-sections='*=$seed' -o bench/uvcalls-bench-ab-layout")
    for chunk in 0 4096; do
        "$out/bench/uvcalls-bench-ab-layout" --chunk "$chunk" "${pages[@]}" | sed "s/^/$seed\t/" >>"$out/layouts.tsv"
    done
done

echo "## $(git rev-parse --short "$rev") (base) against the working tree (work), over $layouts code layouts"
echo
echo "Per call; the ceiling is Boost.JSON's basic_parser with an empty handler fed the same chunks."
echo "Medians over the layouts (range); each ratio is taken within one run of one layout."
echo
python3 - "$out/layouts.tsv" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1], encoding="utf-8"):
    seed, page, chunk, ceiling, base, work = line.rstrip("\n").split("\t")
    rows.setdefault((page, int(chunk)), []).append((float(ceiling), float(base), float(work)))
def fmt(values):
    return f"{statistics.median(values):.3f} ({min(values):.3f}–{max(values):.3f})"
print("| page | chunk | base ÷ ceiling | work ÷ ceiling | work ÷ base | layouts where work is faster |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
def order(key):
    page, chunk = key
    return (chunk, int("".join(c for c in page if c.isdigit()) or 0))
for key in sorted(rows, key=order):
    r = rows[key]
    faster = sum(1 for _, b, w in r if w > b)
    print(f"| {key[0]} | {key[1] or 'whole'} | {fmt([b / c for c, b, _ in r])} | {fmt([w / c for c, _, w in r])} | "
          f"{fmt([w / b for _, b, w in r])} | {faster} of {len(r)} |")
PY

if [ $callgrind -eq 1 ]; then
    # x86-64-v3 (AVX2): valgrind cannot run AVX-512.
    configure "$out-callgrind" x86-64-v3
    cg="$out-callgrind/callgrind"
    rm -rf "$cg" && mkdir -p "$cg"
    for chunk in 0 4096; do
        valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$cg/out-$chunk" \
            "$out-callgrind/bench/uvcalls-bench-ab" --callgrind --chunk "$chunk" "$out/pages/calls-1000.json" \
            >/dev/null 2>"$cg/log-$chunk"
    done
    echo
    echo "Instructions (callgrind, calls-1000.json, -march=x86-64-v3), and the speed ratio they give:"
    echo
    python3 - "$cg" <<'PY'
import glob, re, sys
ir = {}
for f in glob.glob(sys.argv[1] + "/out-*.*"):
    text = open(f, encoding="utf-8").read()
    m = re.search(r"^desc: Trigger: Client Request: (\w+) \| (.*) \| (\d+)$", text, re.M)
    t = re.search(r"^totals: (\d+)", text, re.M)
    if m and t:
        ir[(int(m.group(3)), m.group(1))] = int(t.group(1))
print("| chunk | ceiling | base | work | work - base | ceiling ÷ base | ceiling ÷ work |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for chunk in sorted({c for c, _ in ir}):
    c, b, w = ir[(chunk, "ceiling")], ir[(chunk, "base")], ir[(chunk, "work")]
    print(f"| {chunk or 'whole'} | {c:,} | {b:,} | {w:,} | {w - b:+,} | {c / b:.3f} | {c / w:.3f} |")
PY
fi
