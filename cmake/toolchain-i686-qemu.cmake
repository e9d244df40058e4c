# A 32-bit x86 Linux build whose tests run under qemu-i386 (user mode), as
# scripts/test.sh does: x86 gateways without SSE (Intel Quark, i586-class)
# compute doubles on the x87 FPU, whose wider intermediates round twice,
# so exact_double turns its fast path off there (FLT_EVAL_METHOD != 0), a
# branch no other build compiles; and alignof(std::max_align_t) is 16 where
# the model's types need at most 8. Debian 12 packages: g++-i686-linux-gnu,
# qemu-user.
set(CMAKE_SYSTEM_PROCESSOR i686)
set(UVCALLS_QEMU_TRIPLE i686-linux-gnu)
set(UVCALLS_QEMU_EMULATOR qemu-i386)
include(${CMAKE_CURRENT_LIST_DIR}/linux-qemu-user.cmake)
