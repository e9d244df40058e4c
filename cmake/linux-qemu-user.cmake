# What the emulated Linux test builds share: a toolchain file sets
# UVCALLS_QEMU_TRIPLE (the Debian cross compiler's prefix), CMAKE_SYSTEM_PROCESSOR
# and UVCALLS_QEMU_EMULATOR, then includes this file. Debian 12 packages:
# g++-<triple>, qemu-user.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${UVCALLS_QEMU_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${UVCALLS_QEMU_TRIPLE}-g++)
# Static, so that qemu-user needs no sysroot for the target at run time.
set(CMAKE_EXE_LINKER_FLAGS_INIT -static)
set(CMAKE_CROSSCOMPILING_EMULATOR ${UVCALLS_QEMU_EMULATOR})
# Boost's and doctest's headers are the same for every architecture; their
# CMake packages are installed under the host's multiarch directory only.
list(APPEND CMAKE_PREFIX_PATH "/usr/lib/${CMAKE_HOST_SYSTEM_PROCESSOR}-linux-gnu/cmake")
