// uvcalls — library version (kept equal to project(VERSION) in CMakeLists.txt
// and meson.build; tests/request.cpp checks it against CMake's).
#ifndef UVCALLS_VERSION_HPP
#define UVCALLS_VERSION_HPP

#define UVCALLS_VERSION_MAJOR 0
#define UVCALLS_VERSION_MINOR 1
#define UVCALLS_VERSION_PATCH 0
/// "major.minor.patch", as sent in `User-Agent: uvcalls/<version>`.
#define UVCALLS_VERSION_STRING "0.1.0"

#endif
