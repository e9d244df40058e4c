// The project's own files and README.md's code blocks, for the tests that
// compile a README snippet and check that the README still holds exactly
// that code.
#ifndef UVCALLS_TESTS_README_HPP
#define UVCALLS_TESTS_README_HPP

#include "files.hpp"

#include <string>
#include <string_view>

namespace test {

/// A file of the source tree (path relative to its top), or "" when absent.
inline std::string source_file(std::string_view relative)
{
    return read_file(std::string(UVCALLS_SOURCE_DIR) + "/" + std::string(relative));
}

/// The text of the first ```cpp block after `heading` in `readme`, or ""
/// when the heading or a fence is missing.
inline std::string readme_code_block(std::string const& readme, std::string_view heading)
{
    auto const section = readme.find(heading);
    if (section == std::string::npos)
        return {};
    std::string_view const fence = "```cpp\n";
    auto const open = readme.find(fence, section);
    if (open == std::string::npos)
        return {};
    auto const begin = open + fence.size();
    auto const close = readme.find("```\n", begin);
    if (close == std::string::npos)
        return {};
    return readme.substr(begin, close - begin);
}

} // namespace test

#endif
