#!/usr/bin/env bash
# Builds the fuzz harnesses with clang, libFuzzer, ASan and UBSan, and runs
# each one from its corpus for a bounded time; fails on any crash, sanitizer
# report or broken invariant. This is the fuzz step of scripts/test.sh, and
# the one command a project that vendors uvcalls runs in its own CI.
#
#   scripts/fuzz.sh [BUILD_DIR]          # default build/fuzz
#
# Environment: UVCALLS_FUZZ_SECONDS (per harness, default 60),
# UVCALLS_FUZZ_SEED (default 1, so that a run is reproducible and CI does
# not turn red at random on a change that did not cause it; 0 lets
# libFuzzer pick a new seed each run, for longer campaigns),
# UVCALLS_JOBS (build parallelism, default nproc), CXX (default clang++,
# then clang++-14). New inputs go to BUILD_DIR/corpus/<harness>/, never into
# the repository; a crash is written to BUILD_DIR/artifacts/. README.md
# ("Fuzzing") says how to fuzz longer, merge and minimise.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-build/fuzz}
seconds=${UVCALLS_FUZZ_SECONDS:-60}
seed=${UVCALLS_FUZZ_SEED:-1}
jobs=${UVCALLS_JOBS:-$(nproc)}
cxx=${CXX:-}
if [ -z "$cxx" ]; then
    cxx=$(command -v clang++ || command -v clang++-14 || true)
fi
if [ -z "$cxx" ]; then
    echo "fuzz: clang++ not found (Debian: apt-get install clang libclang-rt-14-dev)" >&2
    exit 1
fi

CXX=$cxx cmake -S . -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUVCALLS_FUZZ=ON \
    -DUVCALLS_BUILD_TESTS=OFF -DUVCALLS_BUILD_EXAMPLES=OFF -DUVCALLS_BUILD_BENCH=OFF >/dev/null
cmake --build "$out" -j "$jobs" --target fuzz_decoder fuzz_query >/dev/null

declare -A dict=([fuzz_decoder]=fuzz/decoder.dict [fuzz_query]=fuzz/query.dict)
# Both harnesses at once, one per core (each is one process): the step
# takes one harness's time, not two. Their results are printed in order.
declare -A pid
for harness in fuzz_decoder fuzz_query; do
    mkdir -p "$out/corpus/$harness" "$out/artifacts"
    # The first corpus directory receives new inputs; the repository's
    # corpus is only read.
    "$out/fuzz/$harness" -max_total_time="$seconds" -seed="$seed" -timeout=30 -print_final_stats=1 \
        -dict="${dict[$harness]}" -artifact_prefix="$out/artifacts/$harness-" \
        "$out/corpus/$harness" "fuzz/corpus/$harness" >"$out/$harness.log" 2>&1 &
    pid[$harness]=$!
done
# (Without job control, background processes ignore SIGINT: stop them here.)
trap 'kill "${pid[@]}" 2>/dev/null; exit 130' INT TERM
status=0
for harness in fuzz_decoder fuzz_query; do
    log="$out/$harness.log"
    if wait "${pid[$harness]}"; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
        cov=$(sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\).*/cov \1, features \2/p' <<<"$last")
        echo "$harness: $runs executions in ${seconds} s (seed $seed), $cov, no crash"
    else
        status=1
        echo "$harness: FAILED (log: $log)"
        grep -E 'invariant failed|ERROR:|SUMMARY:|Test unit written' "$log" | head -n 8 || true
        echo "reproduce: $out/fuzz/$harness <the artifact above>; then add it to fuzz/corpus/$harness/" \
             "and a doctest case (README.md, \"Fuzzing\")"
    fi
done
exit $status
