#!/usr/bin/env bash
# Installs the Debian 12 packages uvcalls needs to build, test, fuzz and
# cross-compile. Idempotent: prints nothing and installs nothing when all is
# there. Needs root (or sudo) only when something is missing. Extra package
# names given as arguments are installed too (scripts/bench.sh --callgrind
# asks for valgrind, which nothing else needs).
set -euo pipefail

packages=(
    g++ cmake meson ninja-build pkg-config git
    libboost-json1.81-dev libboost-url1.81-dev libboost1.81-dev
    libmbedtls-dev doctest-dev
    clang-14 libclang-rt-14-dev
    gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib libnewlib-arm-none-eabi
    python3 python3-yaml
    nlohmann-json3-dev libsimdjson-dev lld g++-aarch64-linux-gnu binutils-aarch64-linux-gnu
    g++-arm-linux-gnueabihf g++-mips-linux-gnu g++-i686-linux-gnu qemu-user qemu-system-arm
    "$@"
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
