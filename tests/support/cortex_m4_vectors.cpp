// The vector table of the bare-metal Cortex-M4 programs that run under
// qemu-system-arm -M mps2-an386 with semihosting: tests/firmware/run.cpp
// (scripts/build-firmware.sh) and the CMake test suite built with
// cmake/toolchain-cortex-m4-qemu.cmake. One table for both; link it with
// -Wl,--undefined=uvcalls_vectors (which keeps it, and pulls it out of a
// static library) and -Wl,--section-start=.vectors=0.
//
// The Cortex-M4 reads its initial stack pointer and reset address from a
// vector table at address 0 (mps2-an386 has RAM there; the rest of the
// program goes where the toolchain's default linker script puts it, from
// 0x8000). Neither newlib nor the toolchain provides a vector table to
// link (gcc-arm-none-eabi's examples under /usr/share/doc have a
// startup_ARMCM4.S, but it goes with an example linker script whose memory,
// 128 KiB at 0 and 8 KiB at 0x10000000, is no QEMU board's, and slim
// images drop /usr/share/doc), so here are its two words: reset
// goes to newlib's rdimon crt0 (_start), which asks the debugger, QEMU's
// semihosting, where the stack and heap are (SYS_HEAPINFO), zeroes .bss,
// runs the constructors, main, and exit() (SYS_EXIT with the status).
// .data needs no copy: QEMU loads it where it runs.
//
// No other vectors: a fault (a misaligned LDRD, say) escalates to
// HardFault, whose vector is not there, and QEMU stops with a lockup
// error and a non-zero status, which fails the run.
#if !defined(__arm__) || defined(__linux__)
#error "cortex_m4_vectors.cpp is for bare-metal Cortex-M (arm-none-eabi) builds only"
#endif

extern "C" void _start();
extern "C" __attribute__((section(".vectors"), used)) void (*const uvcalls_vectors[2])() = {
    reinterpret_cast<void (*)()>(0x00400000), // top of SSRAM1; crt0 moves the stack
    _start,
};
