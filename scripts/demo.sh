#!/usr/bin/env bash
# The main job: builds the example tools and runs decode-calls on the sample
# page shipped in examples/ (list-calls against the bundled local HTTPS
# server replaces this once the transport and client exist).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
out=${UVCALLS_BUILD_DIR:-build}/demo
cmake -S . -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Release -DUVCALLS_BUILD_TESTS=OFF -DUVCALLS_BUILD_BENCH=OFF >/dev/null
cmake --build "$out" --target decode-calls >/dev/null
"$out/examples/decode-calls" examples/sample-page.json
