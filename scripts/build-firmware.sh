#!/usr/bin/env bash
# Builds examples/firmware (a query's request head, then a page decoded call
# by call) for a Cortex-M4 (newlib-nano, no exceptions, no RTTI) and for
# aarch64-linux, and prints their sizes, where the Cortex-M4's text comes
# from, and the largest stack frames. Usage: build-firmware.sh OUT_DIR
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
python3 scripts/firmware_size.py "$out/firmware.elf" --map "$out/firmware.map"
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
