#!/usr/bin/env bash
# Builds examples/firmware for a Cortex-M4 (newlib-nano, no exceptions, no
# RTTI) and prints the size of the result. Usage: build-firmware.sh OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/firmware}
mkdir -p "$out/boost-only"
# Boost is header-only here; expose just /usr/include/boost so the cross
# compiler does not pick up the host's libc headers from /usr/include.
ln -sfn /usr/include/boost "$out/boost-only/boost"
flags=(-std=c++17 -Os -mcpu=cortex-m4 -mthumb -mfloat-abi=soft
       -fno-exceptions -fno-rtti -ffunction-sections -fdata-sections
       -Wall -Wextra -Iinclude -isystem "$out/boost-only")
arm-none-eabi-g++ "${flags[@]}" --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections \
    examples/firmware/main.cpp -o "$out/firmware.elf"
arm-none-eabi-size "$out/firmware.elf"
# Stack usage per function (-fstack-usage writes main.su next to main.o).
arm-none-eabi-g++ "${flags[@]}" -fstack-usage -c examples/firmware/main.cpp -o "$out/main.o"
echo "largest stack frames (bytes):"
# (sed, not head: head would close the pipe early and fail under pipefail)
sort -t$'\t' -k2 -n -r "$out"/main.su | sed -n '1,3s/^/  /p'
