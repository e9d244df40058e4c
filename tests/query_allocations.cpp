// Proves the memory claim of the query, request and pagination layers with
// a counting global operator new: encoding a query, writing a request head
// and following a next link allocate nothing. Own program, because it
// replaces the global allocation functions.
#include <uvcalls/query.hpp>
#include <uvcalls/request.hpp>
#include <uvcalls/pagination.hpp>

#include "support/counting_new.hpp"

#include <doctest/doctest.h>

using test::allocations;

TEST_CASE("the counting operator new sees allocations")
{
    // Guards the other cases: a counter that never moves would prove nothing.
    // The pointer goes through a volatile so that an optimising compiler
    // cannot elide the new/delete pair (it may, since C++14).
    std::size_t const before = allocations;
    int* volatile p = new int(1);
    delete p;
    CHECK(allocations == before + 1);
}

TEST_CASE("query encoding and request heads allocate nothing")
{
    std::string_view const ids[] = {"5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d",
                                    "00000000-0000-0000-0000-00000000000b"};
    uvcalls::metadata_filter const meta[] = {{"z", "last"}, {"caf\xC3\xA9", "\xF0\x9F\x98\x80 & =+#%"}};
    uvcalls::header_field const extra[] = {{"X-Request-Id", "42"}};
    uvcalls::list_calls_query q;
    q.agent_ids = ids;
    q.metadata = meta;
    q.cursor = "cD00ODY=";
    q.duration_min = "1s";
    q.duration_max = "3600s";
    q.from_date = "2024-05-01";
    q.to_date = "2024-05-31T23:59:59.999+02:00";
    q.page_size = 100;
    q.search = "refund please";
    q.sort = "-created";
    q.time_of_day_start = "08:00:00";
    q.time_of_day_end = "18:00:00.5";
    q.voice_id = "5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d";
    uvcalls::base_url const base{false, "gw.local", 8080, "/uv"};
    char buf[2048];
    char tiny[8];

    std::size_t const before = allocations;
    auto const query = uvcalls::encode_query(q, buf, sizeof buf);
    auto const too_small = uvcalls::encode_query(q, tiny, sizeof tiny);
    auto const target = uvcalls::format_list_calls_target(base, q, buf, sizeof buf);
    auto const head = uvcalls::format_list_calls_request(base, q, "sk-key", extra, buf, sizeof buf);
    auto const raw = uvcalls::format_request_head(base, "/uv/api/calls?cursor=x", "sk-key", extra,
                                                  buf, sizeof buf);
    q.page_size = 0;
    auto const invalid = uvcalls::encode_query(q, buf, sizeof buf);
    std::size_t const made = allocations - before;

    CHECK(made == 0);
    CHECK(query.has_value());
    CHECK(too_small.has_error());
    CHECK(target.has_value());
    CHECK(head.has_value());
    CHECK(raw.has_value());
    CHECK(invalid.has_error());
}

TEST_CASE("parsing base URLs and following next links allocate nothing")
{
    std::uint64_t seen[8];
    char buf[512];
    char cursor[64];

    std::size_t const before = allocations;
    auto const base = uvcalls::parse_base_url("https://api.ultravox.ai:443/");
    bool ok = base.has_value();
    if (ok) {
        uvcalls::page_follower f(*base, seen);
        ok = !f.start("first");
        auto const t = f.next(std::string_view("https://api.ultravox.ai/api/calls?cursor=cD00ODY%3D"),
                              buf, sizeof buf);
        auto const again = f.next(std::string_view("https://api.ultravox.ai/api/calls?cursor=cD00ODY="),
                                  buf, sizeof buf);
        auto const evil = f.next(std::string_view("https://evil.example/api/calls"), buf, sizeof buf);
        auto const link = uvcalls::parse_page_link(*base, "https://api.ultravox.ai/api/calls?cursor=a%2Bb");
        ok = ok && t.has_value() && again.has_error() && evil.has_error() && link.has_value();
        if (ok)
            ok = uvcalls::page_link_cursor(*link, cursor, sizeof cursor).has_value();
    }
    std::size_t const made = allocations - before;

    CHECK(ok);
    CHECK(made == 0);
}

TEST_CASE("refusals and too-small buffers allocate nothing either")
{
    std::string_view const bad_ids[] = {"not-a-uuid"};
    uvcalls::header_field const bad_extra[] = {{"Host", "evil"}};
    uvcalls::list_calls_query q;
    q.search = "x";
    uvcalls::list_calls_query bad;
    bad.agent_ids = bad_ids;
    uvcalls::base_url const base;
    std::uint64_t seen[2];
    char buf[256];
    char tiny[4];

    std::size_t const before = allocations;
    bool const refused[] = {
        uvcalls::format_list_calls_target(base, q, tiny, sizeof tiny).has_error(),
        uvcalls::format_list_calls_target(base, bad, buf, sizeof buf).has_error(),
        uvcalls::format_list_calls_request(base, q, "k", {}, tiny, sizeof tiny).has_error(),
        uvcalls::format_list_calls_request(base, q, "k", bad_extra, buf, sizeof buf).has_error(),
        uvcalls::format_request_head(base, "/api/calls", "k", {}, tiny, sizeof tiny).has_error(),
        uvcalls::format_request_head(base, "api/calls", "k", {}, buf, sizeof buf).has_error(),
        uvcalls::parse_base_url("ftp://api.ultravox.ai").has_error(),
        uvcalls::parse_page_link(base, "https://evil.example/?cursor=a").has_error(),
        uvcalls::page_link_cursor(*uvcalls::parse_page_link(base, "https://api.ultravox.ai/?cursor=abcdef"),
                                  tiny, sizeof tiny).has_error(),
    };
    uvcalls::page_follower f(base, seen);
    f.start();
    bool const follower_refused[] = {
        f.next(std::string_view("https://api.ultravox.ai/?cursor=a"), tiny, 1).has_error(),
        f.next(std::string_view("https://api.ultravox.ai/"), buf, sizeof buf).has_error(),
        f.next(std::string_view("https://api.ultravox.ai/?cursor=a"), buf, sizeof buf).has_value(),
        f.next(std::string_view("https://api.ultravox.ai/?cursor=b"), buf, sizeof buf).has_error(),
    };
    std::size_t const made = allocations - before;

    CHECK(made == 0);
    for (bool r : refused)
        CHECK(r);
    for (bool r : follower_refused)
        CHECK(r);
}
