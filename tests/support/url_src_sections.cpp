// Bare metal only (tests/CMakeLists.txt builds it with the Cortex-M4
// toolchain): include/uvcalls/src.hpp with UVCALLS_URL_SRC, compiled
// without -ffunction-sections, as some firmware builds are, must link
// (with --gc-sections, which newlib's libstdc++ needs anyway) and parse a
// URL. Its list of Boost.URL sources once held four (params_ref,
// segments_ref, plain and encoded) that call url_base, whose source it
// leaves out: undefined references to url_base::edit_params and
// edit_segments then.
#define UVCALLS_URL_SRC 1
#include <uvcalls/src.hpp>

#include <uvcalls/base_url.hpp>
#include <uvcalls/pagination.hpp>

#include <cstdio>

int main()
{
    auto const base = uvcalls::parse_base_url("https://api.ultravox.ai/api");
    if (!base || base->host != "api.ultravox.ai") {
        std::printf("parse_base_url failed\n");
        return 1;
    }
    auto const link = uvcalls::parse_page_link(*base, "https://api.ultravox.ai/api/calls?cursor=abc%3D&pageSize=2");
    if (!link || !link->cursor || *link->cursor != "abc%3D") {
        std::printf("parse_page_link failed\n");
        return 1;
    }
    std::printf("url_src_sections: ok\n");
    return 0;
}
