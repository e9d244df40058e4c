#!/usr/bin/env bash
# Runs the decode benchmark and prints its tables (the ones in
# bench/README.md): uvcalls against Boost.JSON, nlohmann::json and simdjson
# on generated pages of 100, 1 000 and 10 000 calls, in one process.
#
#   scripts/bench.sh              # timings (median of interleaved rounds)
#   scripts/bench.sh --callgrind  # also instruction counts under callgrind
#
# Timings on a shared machine are noisy: run it on an idle one, and do not
# build anything meanwhile. Instruction counts (valgrind) are not noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh

callgrind=0
[ "${1:-}" = "--callgrind" ] && callgrind=1
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

if [ $callgrind -eq 1 ]; then
    # x86-64-v3 (AVX2): valgrind cannot run AVX-512.
    configure "$out-callgrind" x86-64-v3
    cg="$out-callgrind/callgrind"
    rm -rf "$cg" && mkdir -p "$cg"
    valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$cg/out" \
        "$out-callgrind/bench/uvcalls-bench" --callgrind "$out/pages/calls-1000.json" >/dev/null 2>"$cg/log"
    echo "## Instructions (callgrind, calls-1000.json, -march=x86-64-v3)"
    echo
    echo "| decoder | instructions | per byte | ÷ empty-handler parse |"
    echo "| --- | ---: | ---: | ---: |"
    python3 - "$cg" <<'EOF'
import glob, re, sys
rows = []
for f in sorted(glob.glob(sys.argv[1] + "/out.*"), key=lambda p: int(p.rsplit(".", 1)[1])):
    text = open(f, encoding="utf-8").read()
    m = re.search(r"^desc: Trigger: Client Request: (.*) \| (.*) \| (\d+)$", text, re.M)
    t = re.search(r"^totals: (\d+)", text, re.M)
    if m and t:
        rows.append((m.group(1), int(t.group(1)), int(m.group(3))))
ceiling = next(ir for name, ir, _ in rows if "empty handler" in name)
for name, ir, size in rows:
    print(f"| {name} | {ir:,} | {ir / size:.1f} | {ir / ceiling:.2f} |")
EOF
    echo
fi
