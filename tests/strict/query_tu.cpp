// Translation unit 2 of the strict check (tests/strict/check.sh): every
// header again (no src.hpp), so the program links two TUs with all of
// uvcalls' inline functions, variables and templates, and the README's
// query and pagination use, with the error category compared across TUs.
#include "all_headers.hpp"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string_view>

// Compared in decode_tu.cpp with the category as that TU sees it.
uvcalls::error_code query_tu_error()
{
    return uvcalls::error::repeated_cursor;
}

int query_tu()
{
    std::string_view const agents[] = {"5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d"};
    uvcalls::metadata_filter const meta[] = {{"customer", "ACME & Co"}};
    uvcalls::list_calls_query q;
    q.agent_ids = agents;
    q.metadata = meta;
    q.from_date = "2024-05-01";
    q.page_size = 50;

    auto const base = uvcalls::parse_base_url("http://gw:8080/uv");
    if (!base)
        return 1;
    char head[1024];
    auto const request = uvcalls::format_list_calls_request(*base, q, "key", {}, head, sizeof head);
    if (!request)
        return 2;

    std::uint64_t seen[4];
    uvcalls::page_follower pages(*base, seen);
    pages.start();
    char target[1024];
    std::optional<std::string_view> const next = std::string_view("http://gw:8080/uv/api/calls?cursor=b");
    auto const t = pages.next(next, target, sizeof target);
    if (!t || t->empty())
        return 3;
    auto const h = uvcalls::format_request_head(*base, *t, "key", {}, head, sizeof head);
    if (!h)
        return 4;
    auto const again = pages.next(next, target, sizeof target);
    if (again || again.error() != uvcalls::condition::query || again.error() != uvcalls::error::repeated_cursor)
        return 5;
    std::printf("strict check: uvcalls %s, two translation units\n", UVCALLS_VERSION_STRING);
    return 0;
}
