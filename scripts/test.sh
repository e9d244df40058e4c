#!/usr/bin/env bash
# Builds and runs the whole test suite: meson, the firmware example
# (Cortex-M4, aarch64-linux: built, sizes printed, run under QEMU with its
# results checked and peak stack measured), CMake with ASan+UBSan and
# -fno-exceptions -fno-rtti, CMake for 32-bit ARM under qemu-arm, CMake for big-endian
# 32-bit MIPS under qemu-mips, CMake for 32-bit x86 with x87 floating point
# under qemu-i386, CMake for a bare-metal
# Cortex-M4 under qemu-system-arm, the installed-package consumer, the fuzz harnesses for a
# bounded time, and last the plain CMake build (with the benchmark's smoke
# run), so the run ends with CTest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh

out=${UVCALLS_BUILD_DIR:-build}
jobs=${UVCALLS_JOBS:-$(nproc)}
# Each step's header says how long the run has taken so far, so a slow CI
# run shows which step grew (the limit is 30 minutes on 2 cores).
step() { printf '\n=== %s (at %d min %02d s)\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }
# The -O2 builds leave out debug information: nothing here reads it (a
# failed check prints its file and line without it; the sanitizer and fuzz
# builds keep -g for their stack traces), and it took a fifth of a build's
# compile time (a build with -fno-exceptions -fno-rtti: 163 s with it,
# 129 s without).
release_o2=(-DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG")

step "meson: build and test"
# strict_headers off here: the same script runs in the default CMake build
# at the end (about two minutes of a core).
[ -d "$out/meson" ] || meson setup "$out/meson" -Doptimization=2 -Ddebug=false -Dstrict_check=false >/dev/null
meson compile -C "$out/meson" -j "$jobs" >/dev/null
meson test -C "$out/meson" --num-processes "$jobs" --print-errorlogs | tail -n 12

if [ -x scripts/build-firmware.sh ]; then
    step "firmware example: Cortex-M4 and aarch64-linux (-Os -fno-exceptions -fno-rtti): sizes, then runs under QEMU"
    ./scripts/build-firmware.sh "$out/firmware"
fi

cmake_variant() {
    local name=$1; shift
    step "cmake ($name): build and test"
    cmake -S . -B "$out/$name" -G Ninja "$@" >/dev/null
    cmake --build "$out/$name" -j "$jobs" >/dev/null
    ctest --test-dir "$out/$name" -j "$jobs" --output-on-failure | tail -n 4
}

# strict_headers sets its own flags: the default build runs it.
# The sanitizers with -fno-exceptions -fno-rtti, as firmware builds; the
# -Os cross builds below have those flags too, so no build of its own has
# them at -O2 (one more build and run of every test, 2 min 20 s). (UBSan's
# vptr check needs RTTI; nothing in uvcalls is polymorphic but Boost's
# error categories.)
cmake_variant sanitize -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -fno-exceptions -fno-rtti" \
    -DUVCALLS_BUILD_BENCH=OFF -DUVCALLS_STRICT_CHECK=OFF
# 32-bit, as on a microcontroller, with the firmware's flags; the tests run
# under qemu-arm. (-Wno-psabi: GCC's note on an ABI change in GCC 7.1.)
cmake_variant armhf-qemu -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/toolchain-armhf-qemu.cmake" \
    -DCMAKE_BUILD_TYPE=MinSizeRel -DCMAKE_CXX_FLAGS="-fno-exceptions -fno-rtti -Wno-psabi" \
    -DUVCALLS_BUILD_BENCH=OFF -DUVCALLS_STRICT_CHECK=OFF
# Big-endian, as on the MIPS and PowerPC gateways: 32-bit MIPS Linux, the
# tests run under qemu-mips. The decoder reads names and uuid digits a word
# at a time with a byte-order branch that the other builds never compile.
cmake_variant mips-qemu -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/toolchain-mips-qemu.cmake" \
    -DCMAKE_BUILD_TYPE=MinSizeRel -DCMAKE_CXX_FLAGS="-fno-exceptions -fno-rtti" \
    -DUVCALLS_BUILD_BENCH=OFF -DUVCALLS_STRICT_CHECK=OFF
# 32-bit x86 without SSE, as on i586-class gateways (Intel Quark): doubles
# on the x87 FPU, whose wider intermediates round twice, so exact_double
# keeps off its fast path there; alignof(std::max_align_t) 16 where the
# model needs 8. At -O2 with assertions: the one 32-bit build in which
# every test takes the speed-only paths (UVCALLS_RAW_FAST_PATH; in the -Os
# builds only test_decoder does). The tests run under qemu-i386.
cmake_variant i686-qemu -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/toolchain-i686-qemu.cmake" \
    -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_FLAGS="-O2 -march=i586 -mfpmath=387" \
    -DUVCALLS_BUILD_BENCH=OFF -DUVCALLS_STRICT_CHECK=OFF
# The same bare-metal, as firmware runs: a Cortex-M4 with newlib-nano, the
# tests run on the emulated board mps2-an386 (semihosting for output, files
# and exit status), which faults on a misaligned LDRD/LDM/STRD as the
# hardware does. Not built: the examples (decode-calls is a tool for hosts,
# its 64 MiB arena more than the board has) and so test_decode_calls (which
# runs the tool through std::system(), not there either); strict_headers is
# off as in the other variants.
cmake_variant cortex-m4-qemu -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/toolchain-cortex-m4-qemu.cmake" \
    -DCMAKE_BUILD_TYPE=MinSizeRel -DCMAKE_CXX_FLAGS="-fno-exceptions -fno-rtti" \
    -DUVCALLS_BUILD_BENCH=OFF -DUVCALLS_STRICT_CHECK=OFF -DUVCALLS_BUILD_EXAMPLES=OFF

step "installed package: find_package(uvcalls) and pkg-config uvcalls from a consumer project"
rm -rf "$out/install" "$out/consumer"
cmake --install "$out/sanitize" --prefix "$out/install" >/dev/null
case $out in /*) prefix=$out/install ;; *) prefix=$PWD/$out/install ;; esac
cmake -S tests/consumer -B "$out/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$out/consumer" >/dev/null
"$out/consumer/consumer"
# The same program built from the installed uvcalls.pc alone, as a
# make-based firmware tree would (Boost from the compiler's default path).
pc_flags=$(PKG_CONFIG_PATH="$prefix/share/pkgconfig" pkg-config --cflags uvcalls)
"${CXX:-c++}" -std=c++17 $pc_flags tests/consumer/main.cpp -o "$out/consumer/consumer-pkg-config"
"$out/consumer/consumer-pkg-config"

# Bounded: about a minute per harness plus the build; fails on any crash
# or broken invariant (see README.md, "Fuzzing").
step "fuzz: each harness ${UVCALLS_FUZZ_SECONDS:-60} s from its corpus (clang, libFuzzer, ASan+UBSan)"
UVCALLS_JOBS=$jobs ./scripts/fuzz.sh "$out/fuzz"

# Last, so the run ends with CTest's summary line.
step "cmake (default): build and test"
cmake -S . -B "$out/default" -G Ninja "${release_o2[@]}" >/dev/null
cmake --build "$out/default" -j "$jobs" >/dev/null
ctest --test-dir "$out/default" -j "$jobs" --output-on-failure
