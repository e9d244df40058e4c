# A bare-metal Cortex-M4 build (arm-none-eabi-g++, newlib-nano) whose tests
# run on an emulated Cortex-M4 under qemu-system-arm, as scripts/test.sh
# does: the target firmware users build for. Unlike qemu-arm's user mode
# (toolchain-armhf-qemu.cmake), QEMU's M-profile emulation faults on a
# misaligned LDRD/LDM/STRD as the hardware does, and the C library is
# newlib-nano's, not glibc's. Debian 12 packages: gcc-arm-none-eabi,
# libstdc++-arm-none-eabi-newlib, libnewlib-arm-none-eabi, qemu-system-arm.
#
# The board is mps2-an386 (Cortex-M4, 4 MiB of RAM at 0, 16 MiB at
# 0x21000000); the programs use newlib's rdimon (semihosting: stdout,
# fopen of the host's files by their absolute paths, the exit status), the
# toolchain's default linker script, and the vector table of
# tests/support/cortex_m4_vectors.cpp, which the top-level CMakeLists.txt
# links into every program when UVCALLS_CORTEX_M4_QEMU is set.
# cmake/run-cortex-m4-qemu.sh runs them.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
# The target's flags go with the compiler (a list: CMake keeps them on
# every command line, compiler detection included), so that a
# -DCMAKE_CXX_FLAGS=... does not drop them; the section flags as
# scripts/build-firmware.sh compiles, for --gc-sections.
set(CMAKE_C_COMPILER arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=soft -ffunction-sections -fdata-sections)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++ -mcpu=cortex-m4 -mthumb -mfloat-abi=soft -ffunction-sections -fdata-sections)
set(UVCALLS_CORTEX_M4_QEMU ON)

# The vector table at 0 (kept, and pulled out of the static library that
# holds it, by --undefined). .data and .bss in the 16 MiB region: QEMU's
# SYS_HEAPINFO then gives the rest of that region to the heap (newlib's
# sbrk grows it up from the end of .bss) and puts the stack at its top,
# where crt0 moves it: about 15 MiB for both. With the data in the 4 MiB
# at 0 after the program, the tests' heap grew past that RAM into its
# mirror.
#
# -u _printf_float: newlib-nano's printf has no floating-point conversions
# unless asked, and libstdc++'s ostream << double formats through
# vsnprintf: without them it sized a stack buffer from what vsnprintf
# returned, moved the stack pointer off the RAM and faulted. doctest
# prints doubles that way (a failed CHECK on doubles, --duration=true).
# The library itself formats nothing through stdio.
set(CMAKE_EXE_LINKER_FLAGS_INIT "--specs=nano.specs --specs=rdimon.specs -Wl,--gc-sections \
-Wl,--section-start=.vectors=0 -Wl,--undefined=uvcalls_vectors -Wl,-Tdata=0x21000000 -Wl,-u,_printf_float")
set(CMAKE_CROSSCOMPILING_EMULATOR "${CMAKE_CURRENT_LIST_DIR}/run-cortex-m4-qemu.sh")

# Boost's and doctest's headers are the same for every target, and their
# CMake packages are installed under the host's directories only; but
# those packages name /usr/include, whose C library headers (glibc's)
# must not come before newlib's. So, after project() (the compiler is
# detected by then): /usr/include counts as one of the compiler's own
# directories, which CMake leaves off the command lines, and a directory
# holding links to /usr/include/boost and /usr/include/doctest only is
# added instead.
list(APPEND CMAKE_PREFIX_PATH "/usr/lib/${CMAKE_HOST_SYSTEM_PROCESSOR}-linux-gnu/cmake")
set(CMAKE_PROJECT_INCLUDE "${CMAKE_CURRENT_LIST_DIR}/cortex-m4-qemu-headers.cmake")
