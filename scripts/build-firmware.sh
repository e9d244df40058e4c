#!/usr/bin/env bash
# Builds examples/firmware (a query's request head, then a page decoded call
# by call) for a Cortex-M4 (newlib-nano, no exceptions, no RTTI) and for
# aarch64-linux, and prints their sizes, where the Cortex-M4's text comes
# from, and the largest stack frames. Then runs the example on both targets
# under QEMU (tests/firmware/run.cpp: checks its results, measures its peak
# stack and that of the deepest page max_depth allows) and fails if either
# run fails. Usage: build-firmware.sh OUT_DIR
#
# Both are release builds (-Os -DNDEBUG): with assertions, Boost's
# BOOST_ASSERTs keep their messages and newlib's printf (about 12 KB more
# text on the Cortex-M4).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/firmware}
mkdir -p "$out/boost-only"
# Boost is header-only here; expose just /usr/include/boost so the cross
# compilers do not pick up the host's libc headers from /usr/include.
ln -sfn /usr/include/boost "$out/boost-only/boost"
common=(-std=c++17 -Os -DNDEBUG -fno-exceptions -fno-rtti -ffunction-sections -fdata-sections
        -Wall -Wextra -Iinclude -isystem "$out/boost-only")
m4=(-mcpu=cortex-m4 -mthumb -mfloat-abi=soft)

# Largest frames first, from the .su files -fstack-usage wrote.
# (sed, not head: head would close the pipe early and fail under pipefail)
frames() { sort -t$'\t' -k2 -n -r "$@" | sed -n '1,3s/^/  /p'; }

echo "Cortex-M4 (arm-none-eabi-g++ -Os -DNDEBUG -mcpu=cortex-m4 -mthumb -fno-exceptions -fno-rtti, newlib-nano):"
arm-none-eabi-g++ "${common[@]}" "${m4[@]}" -fstack-usage -c examples/firmware/main.cpp -o "$out/main.o"
arm-none-eabi-g++ "${common[@]}" "${m4[@]}" --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections \
    -Wl,-Map="$out/firmware.map" "$out/main.o" -o "$out/firmware.elf"
arm-none-eabi-size "$out/firmware.elf"
# The size target: decoder + query builder (the program) under 64 KiB.
python3 scripts/firmware_size.py "$out/firmware.elf" --map "$out/firmware.map" --program-limit 65536
echo "largest stack frames (bytes):"
frames "$out"/main.su

if command -v aarch64-linux-gnu-g++ >/dev/null; then
    echo
    echo "aarch64-linux (aarch64-linux-gnu-g++ -Os -DNDEBUG -fno-exceptions -fno-rtti, glibc and libstdc++ shared):"
    mkdir -p "$out/aarch64"
    # UVCALLS_NO_URL_SRC: the example parses no URL, and on a target with
    # threads src.hpp would compile all of Boost.URL (on bare metal it
    # leaves the URL parser out by itself; see include/uvcalls/src.hpp).
    aarch64-linux-gnu-g++ "${common[@]}" -DUVCALLS_NO_URL_SRC -fstack-usage -c examples/firmware/main.cpp \
        -o "$out/aarch64/main.o"
    aarch64-linux-gnu-g++ -Wl,--gc-sections "$out/aarch64/main.o" -o "$out/aarch64/firmware"
    aarch64-linux-gnu-size "$out/aarch64/firmware"
    python3 scripts/firmware_size.py "$out/aarch64/firmware" --tool-prefix aarch64-linux-gnu-
    echo "largest stack frames (bytes):"
    frames "$out"/aarch64/main.su
fi

# ---- Runs under QEMU ------------------------------------------------------
# The builds above are left as they are (their sizes are the README's); the
# runs are of tests/firmware/run.cpp, which includes the example with its
# main renamed and returning, calls it, checks what it did, and measures
# the stack it used by painting (see the file).
mkdir -p "$out/run"
for tool in qemu-system-arm qemu-aarch64; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: run scripts/install-deps.sh" >&2; exit 1; }
done
run_m4=(-M mps2-an386 -nographic -monitor none -serial none -semihosting-config enable=on,target=native)
echo
echo "Runs (tests/firmware/run.cpp: the example's results checked; peak stack by painting, from the caller's stack pointer down):"
started=$SECONDS
# Cortex-M4: the board QEMU calls mps2-an386 (Cortex-M4, RAM at 0), newlib's
# rdimon crt0 and semihosting (printf, exit status) instead of nosys.specs,
# the toolchain's default linker script, and the vector table (stack, reset, and a fault handler that reports the pc) of
# tests/support/cortex_m4_vectors.cpp (placed at 0, kept by --undefined;
# the CMake suite's Cortex-M4 build links the same one).
arm-none-eabi-g++ "${common[@]}" "${m4[@]}" -fstack-usage -fcallgraph-info=su -c tests/firmware/run.cpp \
    -o "$out/run/m4.o"
arm-none-eabi-g++ "${common[@]}" "${m4[@]}" -c tests/support/cortex_m4_vectors.cpp -o "$out/run/vectors.o"
arm-none-eabi-g++ "${common[@]}" "${m4[@]}" --specs=nano.specs --specs=rdimon.specs -Wl,--gc-sections \
    -Wl,--section-start=.vectors=0 -Wl,--undefined=uvcalls_vectors "$out/run/m4.o" "$out/run/vectors.o" \
    -o "$out/run/m4.elf"
echo "Cortex-M4 (qemu-system-arm ${run_m4[*]}):"
timeout 60 qemu-system-arm "${run_m4[@]}" -kernel "$out/run/m4.elf" >"$out/run/m4.log" ||
    { sed 's/^/  /' "$out/run/m4.log"; echo "Cortex-M4 run failed" >&2; exit 1; }
sed 's/^/  /' "$out/run/m4.log"
grep -qx 'firmware-run: ok' "$out/run/m4.log" || { echo "Cortex-M4 run did not report ok" >&2; exit 1; }
# Cross-check: a static bound from the call graph (frames along the
# costliest chain, Boost.JSON's recursion taken 32 times) must cover what
# the deepest page measured. Calls through pointers: the call handler's
# thunk, the model's constructors and string parsers, Boost's memory
# resource and error categories.
bound=$(python3 scripts/stack_bound.py "$out/run/m4.ci" '^\(anonymous namespace\)::decode_deep\(' --depth 32 \
    --indirect '_FUN|construct_object|parse_.*_into|memory_resource|error_category' 2>/dev/null | cut -f1)
measured=$(sed -n 's/^stack: page nested 32 deep, all fields[^:]*: \([0-9]*\) bytes.*/\1/p' "$out/run/m4.log")
echo "  static bound for the 32-deep decode (scripts/stack_bound.py on -fcallgraph-info): $bound bytes, measured $measured"
[ "$bound" -ge "$measured" ] || { echo "the measured stack exceeds the static bound" >&2; exit 1; }

if command -v aarch64-linux-gnu-g++ >/dev/null; then
    # The size build itself returns non-zero on a decode or query error.
    qemu-aarch64 -L /usr/aarch64-linux-gnu "$out/aarch64/firmware" ||
        { echo "aarch64-linux firmware build failed under qemu-aarch64" >&2; exit 1; }
    # -z now: no lazy binding, whose resolver would count in the stack at
    # the first call of each libc function.
    aarch64-linux-gnu-g++ "${common[@]}" -DUVCALLS_NO_URL_SRC -Wl,--gc-sections -Wl,-z,now tests/firmware/run.cpp \
        -o "$out/run/aarch64"
    echo "aarch64-linux (qemu-aarch64 -L /usr/aarch64-linux-gnu; the size build exited 0 too):"
    qemu-aarch64 -L /usr/aarch64-linux-gnu "$out/run/aarch64" >"$out/run/aarch64.log" ||
        { sed 's/^/  /' "$out/run/aarch64.log"; echo "aarch64-linux run failed" >&2; exit 1; }
    sed 's/^/  /' "$out/run/aarch64.log"
    grep -qx 'firmware-run: ok' "$out/run/aarch64.log" || { echo "aarch64-linux run did not report ok" >&2; exit 1; }
fi
echo "(runs built and run in $((SECONDS - started)) s)"
