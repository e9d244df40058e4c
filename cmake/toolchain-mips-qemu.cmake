# A 32-bit big-endian MIPS Linux build whose tests run under qemu-mips (user
# mode), as scripts/test.sh does: many edge gateways (routers on MIPS and
# PowerPC) are big-endian, and the decoder reads names and uuid digits a
# word at a time, with a byte-order branch that no little-endian build
# compiles. Debian 12 packages: g++-mips-linux-gnu, qemu-user.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR mips)
set(CMAKE_C_COMPILER mips-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER mips-linux-gnu-g++)
# Static, so that qemu-mips needs no MIPS sysroot at run time.
set(CMAKE_EXE_LINKER_FLAGS_INIT -static)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-mips)
# Boost's and doctest's headers are the same for every architecture; their
# CMake packages are installed under the host's multiarch directory only.
list(APPEND CMAKE_PREFIX_PATH "/usr/lib/${CMAKE_HOST_SYSTEM_PROCESSOR}-linux-gnu/cmake")
