// The README's decoding snippet, compiled and run, so the documentation
// cannot rot.
#include <uvcalls/decoder.hpp>

#include "support/readme.hpp"
#include "support/test_util.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

struct my_socket {
    std::string data;
    std::size_t pos = 0;
    std::size_t read(char* buf, std::size_t n)
    {
        n = std::min(n, data.size() - pos);
        std::memcpy(buf, data.data() + pos, n);
        pos += n;
        return n;
    }
};

std::vector<std::string> hangups;
void log_hangup(std::size_t index, std::string_view id, std::int64_t created)
{
    hangups.push_back(std::to_string(index) + " " + std::string(id) + " " + std::to_string(created));
}

// ---- from README.md ---------------------------------------------------------
alignas(std::max_align_t) static char arena[16 * 1024]; // size: decoder.arena_high_water()

bool on_call(uvcalls::call const& c, std::size_t index)
{
    if (c.end_reason.has_value() && c.end_reason->value == uvcalls::end_reason::hangup)
        log_hangup(index, c.call_id->text, c.created->unix_seconds);
    return true; // false stops the decode (error::stopped_by_handler)
}

uvcalls::error_code decode_body(my_socket& s)
{
    auto handler = &on_call;
    uvcalls::page_decoder decoder(arena, sizeof arena, handler);
    uvcalls::error_code ec;
    char buf[512];
    while (std::size_t n = s.read(buf, sizeof buf)) {
        decoder.write(buf, n, ec);
        if (ec)
            return ec; // decoder.byte_offset(), decoder.error_path() say where
    }
    decoder.finish(ec);
    // decoder.page().next, .previous, .total; decoder.calls()
    return ec;
}
// -----------------------------------------------------------------------------

} // namespace

TEST_CASE("the README's decoding snippet decodes the sample page")
{
    my_socket s{test::source_file("examples/sample-page.json")};
    REQUIRE_FALSE(s.data.empty());
    auto const ec = decode_body(s);
    CHECK_FALSE(ec);
    REQUIRE(hangups.size() == 1);
    CHECK(hangups[0] == "0 5b1f0c7e-2a3d-4f6b-9c8e-1d2e3f4a5b6c 1748779203");
}

TEST_CASE("the README's snippet in sync with README.md")
{
    std::string const self = test::source_file("tests/readme_decoder.cpp");
    auto const begin = self.find("alignas(std::max_align_t) static char arena[16 * 1024];");
    REQUIRE(begin != std::string::npos);
    auto const end = self.find("// ----", begin);
    REQUIRE(end != std::string::npos);
    std::string const snippet = self.substr(begin, end - begin);
    // The whole code block of "Decoding a page", not only a part of it:
    // a line added to the README's block, before or after this code, would
    // be code no test compiles.
    std::string const block = test::readme_code_block(test::source_file("README.md"), "## Decoding a page");
    REQUIRE_FALSE(block.empty());
    CHECK(block == "#include <uvcalls/decoder.hpp>\n\n" + snippet);
}
