# A 32-bit big-endian MIPS Linux build whose tests run under qemu-mips (user
# mode), as scripts/test.sh does: many edge gateways (routers on MIPS and
# PowerPC) are big-endian, and the decoder reads names and uuid digits a
# word at a time, with a byte-order branch that no little-endian build
# compiles. Debian 12 packages: g++-mips-linux-gnu, qemu-user.
set(CMAKE_SYSTEM_PROCESSOR mips)
set(UVCALLS_QEMU_TRIPLE mips-linux-gnu)
set(UVCALLS_QEMU_EMULATOR qemu-mips)
include(${CMAKE_CURRENT_LIST_DIR}/linux-qemu-user.cmake)
