#!/bin/sh
# Runs a bare-metal Cortex-M4 program (built with
# cmake/toolchain-cortex-m4-qemu.cmake) on the board QEMU calls mps2-an386
# and exits with its exit status: CTest's emulator for that build. Its
# output goes to stdout and stderr through semihosting; it may open the
# host's files by their paths (target=native). Arguments after the
# program become its argv (semihosting passes one command line: no
# quoting). A fault stops QEMU with a lockup error and a non-zero status;
# a hang is killed after UVCALLS_QEMU_TIMEOUT seconds (default 600, as
# the tests' timeout in meson) with status 124.
# Usage: run-cortex-m4-qemu.sh PROGRAM.elf [ARG...]
set -eu
elf=$1
shift
set -- -M mps2-an386 -nographic -monitor none -serial none \
    -semihosting-config enable=on,target=native -kernel "$elf" ${1+-append "$*"}
exec timeout "${UVCALLS_QEMU_TIMEOUT:-600}" qemu-system-arm "$@"
