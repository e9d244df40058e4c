# Included after project() by toolchain-cortex-m4-qemu.cmake (see there):
# Boost's and doctest's headers without the rest of the host's /usr/include.
list(APPEND CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES /usr/include)
set(uvcalls_host_headers "${CMAKE_BINARY_DIR}/host-headers")
file(MAKE_DIRECTORY "${uvcalls_host_headers}")
foreach(dir IN ITEMS boost doctest)
    file(CREATE_LINK "/usr/include/${dir}" "${uvcalls_host_headers}/${dir}" SYMBOLIC)
endforeach()
include_directories(SYSTEM "${uvcalls_host_headers}")
