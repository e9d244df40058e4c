# A 32-bit ARM Linux build whose tests run under qemu-arm (user mode), as
# scripts/test.sh does: the firmware targets are 32-bit, the development
# host is not, and size_t arithmetic, alignment and the model's layout
# differ between the two. Debian 12 packages: g++-arm-linux-gnueabihf,
# qemu-user.
set(CMAKE_SYSTEM_PROCESSOR arm)
set(UVCALLS_QEMU_TRIPLE arm-linux-gnueabihf)
set(UVCALLS_QEMU_EMULATOR qemu-arm)
include(${CMAKE_CURRENT_LIST_DIR}/linux-qemu-user.cmake)
