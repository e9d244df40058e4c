// Reading a whole file, for the tests' fixtures and the README-sync tests.
// Apart from test_util.hpp so that a test that needs only this does not
// compile the decoder.
#ifndef UVCALLS_TESTS_FILES_HPP
#define UVCALLS_TESTS_FILES_HPP

#include <cstdio>
#include <string>

namespace test {

/// The contents of the file at `path`, or "" when it cannot be read.
inline std::string read_file(std::string const& path)
{
    std::string out;
    if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
        char buf[65536];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
            out.append(buf, n);
        std::fclose(f);
    }
    return out;
}

} // namespace test

#endif
