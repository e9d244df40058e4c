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
// images drop /usr/share/doc), so here are its first words: reset
// goes to newlib's rdimon crt0 (_start), which asks the debugger, QEMU's
// semihosting, where the stack and heap are (SYS_HEAPINFO), zeroes .bss,
// runs the constructors, main, and exit() (SYS_EXIT with the status).
// .data needs no copy: QEMU loads it where it runs.
//
// Then NMI and HardFault, which every fault escalates to (a misaligned
// LDRD/LDM/STRD, a bad address, an undefined instruction): the handler
// prints where it happened (the stacked pc and lr, and the fault status
// registers) through semihosting and exits with status 1. Without it QEMU
// would stop with "Lockup: can't escalate" and the registers of the
// lockup, not of the fault. Find the function with
// arm-none-eabi-addr2line -fCe PROGRAM PC.
#if !defined(__arm__) || defined(__linux__)
#error "cortex_m4_vectors.cpp is for bare-metal Cortex-M (arm-none-eabi) builds only"
#endif

#include <cstdint>

namespace {

// Semihosting: operation in r0, argument in r1, result in r0.
int semihost(int op, void const* arg)
{
    register int r0 __asm__("r0") = op;
    register void const* r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void put_hex(char* p, std::uint32_t v)
{
    for (int i = 7; i >= 0; --i, v >>= 4)
        p[i] = "0123456789abcdef"[v & 0xF];
}

} // namespace

// The handler's own stack: the fault may be that the stack pointer left
// the RAM.
__attribute__((aligned(8))) std::uint32_t fault_stack[256];

// frame: what the core pushed on exception entry (r0-r3, r12, lr, pc, xpsr).
extern "C" __attribute__((used)) void uvcalls_fault_report(std::uint32_t const* frame)
{
    auto reg = [](std::uint32_t address) { return *reinterpret_cast<std::uint32_t const volatile*>(address); };
    char msg[] = "\nfault: pc 0x........ lr 0x........ cfsr 0x........ hfsr 0x........ "
                 "bfar 0x........ mmfar 0x........\n";
    std::uint32_t const cfsr = reg(0xE000ED28);
    // STKERR, MSTKERR: the frame could not be pushed; pc and lr unknown.
    bool const stacked = (cfsr & ((1u << 12) | (1u << 4))) == 0;
    put_hex(msg + 13, stacked ? frame[6] : 0xFFFFFFFFu);
    put_hex(msg + 27, stacked ? frame[5] : 0xFFFFFFFFu);
    put_hex(msg + 43, cfsr); // which fault (UNALIGNED is bit 24)
    put_hex(msg + 59, reg(0xE000ED2C)); // HFSR
    put_hex(msg + 75, reg(0xE000ED38)); // BFAR
    put_hex(msg + 92, reg(0xE000ED34)); // MMFAR
    semihost(0x04, msg);                // SYS_WRITE0
    semihost(0x18, reinterpret_cast<void const*>(0x20023)); // SYS_EXIT, ADP_Stopped_InternalError: status 1
    for (;;) {
    }
}

// Passes the stack the core pushed the frame on (main or process), and
// runs the report on fault_stack.
extern "C" __attribute__((naked)) void uvcalls_fault_handler()
{
    __asm__("tst lr, #4\n"
            "ite eq\n"
            "mrseq r0, msp\n"
            "mrsne r0, psp\n"
            "ldr r1, =%c0\n"
            "mov sp, r1\n"
            "b uvcalls_fault_report\n"
            ".ltorg\n"
            :
            : "i"(reinterpret_cast<char*>(fault_stack) + sizeof fault_stack));
}

extern "C" void _start();
extern "C" __attribute__((section(".vectors"), used)) void (*const uvcalls_vectors[4])() = {
    reinterpret_cast<void (*)()>(0x00400000), // top of SSRAM1; crt0 moves the stack
    _start,                                   // reset
    uvcalls_fault_handler,                    // NMI
    uvcalls_fault_handler,                    // HardFault
};
