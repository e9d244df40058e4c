# A 32-bit ARM Linux build whose tests run under qemu-arm (user mode), as
# scripts/test.sh does: the firmware targets are 32-bit, the development
# host is not, and size_t arithmetic, alignment and the model's layout
# differ between the two. Debian 12 packages: g++-arm-linux-gnueabihf,
# qemu-user.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-linux-gnueabihf-gcc)
set(CMAKE_CXX_COMPILER arm-linux-gnueabihf-g++)
# Static, so that qemu-arm needs no ARM sysroot at run time.
set(CMAKE_EXE_LINKER_FLAGS_INIT -static)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-arm)
# Boost's and doctest's headers are the same for every architecture; their
# CMake packages are installed under the host's multiarch directory only.
list(APPEND CMAKE_PREFIX_PATH "/usr/lib/${CMAKE_HOST_SYSTEM_PROCESSOR}-linux-gnu/cmake")
