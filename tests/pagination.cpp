#include <uvcalls/pagination.hpp>
#include <uvcalls/query.hpp>

#include "support/form_query.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace {

using uvcalls::error;

uvcalls::base_url parse(char const* url)
{
    auto const b = uvcalls::parse_base_url(url);
    REQUIRE(b.has_value());
    return *b;
}

// The next target as a string, or "error: <message>".
std::string follow(uvcalls::page_follower& f, std::optional<std::string_view> link)
{
    char buf[512];
    auto const r = f.next(link, buf, sizeof buf);
    if (r.has_error())
        return "error: " + r.error().message();
    return std::string(*r);
}

} // namespace

TEST_CASE("a next link becomes the following target with every server parameter kept")
{
    std::uint64_t seen[8];
    uvcalls::base_url const base;
    uvcalls::page_follower f(base, seen);
    CHECK_FALSE(f.start());
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?agentIds=a&agentIds=b"
                                     "&cursor=cD00ODY%3D&metadata.k=v%20w&pageSize=5")) ==
          "/api/calls?agentIds=a&agentIds=b&cursor=cD00ODY%3D&metadata.k=v%20w&pageSize=5");
    CHECK(f.pages() == 2);
}

TEST_CASE("links to the base origin are followed, spelled in any equivalent way")
{
    struct row {
        char const* base;
        char const* link;
        char const* target;
    };
    row const rows[] = {
        {"https://api.ultravox.ai", "https://API.Ultravox.AI/api/calls?cursor=x",
         "/api/calls?cursor=x"},
        {"https://api.ultravox.ai", "HTTPS://api.ultravox.ai/api/calls?cursor=x",
         "/api/calls?cursor=x"},
        // Both ends of A-Z fold: 'Z' is the last letter lowered.
        {"https://a-z.example", "https://A-Z.EXAMPLE/api/calls?cursor=x", "/api/calls?cursor=x"},
        {"https://api.ultravox.ai", "https://api.ultravox.ai:443/api/calls?cursor=x",
         "/api/calls?cursor=x"},
        {"https://api.ultravox.ai:443", "https://api.ultravox.ai/api/calls?cursor=x",
         "/api/calls?cursor=x"},
        {"https://api.ultravox.ai", "https://api.ultravox.ai:000443/api/calls?cursor=x",
         "/api/calls?cursor=x"},
        // An empty port is the scheme's default (RFC 3986 §3.2.3), as in a base URL.
        {"https://api.ultravox.ai", "https://api.ultravox.ai:/api/calls?cursor=x",
         "/api/calls?cursor=x"},
        // An http link without a port is on port 80.
        {"http://gw", "http://gw/api/calls?cursor=x", "/api/calls?cursor=x"},
        {"http://gw:80", "http://gw:/api/calls?cursor=x", "/api/calls?cursor=x"},
        {"http://gw:8080/uv", "http://gw:8080/uv/api/calls?cursor=x", "/uv/api/calls?cursor=x"},
        {"http://[::1]:9000", "http://[::1]:9000/api/calls?cursor=x", "/api/calls?cursor=x"},
        {"https://api.ultravox.ai", "https://api.ultravox.ai/api/calls?cursor=x#frag",
         "/api/calls?cursor=x"},
        {"https://api.ultravox.ai", "https://api.ultravox.ai?cursor=x", "/?cursor=x"},
        {"https://api.ultravox.ai", "https://api.ultravox.ai/api/calls?", "/api/calls?"},
        {"https://api.ultravox.ai", "https://api.ultravox.ai/api/calls", "/api/calls"},
    };
    for (auto const& r : rows) {
        SUBCASE(r.link)
        {
            uvcalls::base_url const base = parse(r.base);
            std::uint64_t seen[4];
            uvcalls::page_follower f(base, seen);
            // Resumed from a stored cursor: a link to the first page (the
            // last two rows) is one not seen yet.
            CHECK_FALSE(f.start("stored"));
            CHECK(follow(f, std::string_view(r.link)) == r.target);
        }
    }
}

TEST_CASE("links to another scheme, host or port are refused")
{
    struct row {
        char const* link;
        error expected;
    };
    row const rows[] = {
        {"http://api.ultravox.ai/api/calls?cursor=x", error::link_scheme_mismatch},
        {"ftp://api.ultravox.ai/api/calls?cursor=x", error::invalid_link},
        {"https://evil.example/api/calls?cursor=x", error::link_host_mismatch},
        {"https://api.ultravox.ai.evil.example/api/calls", error::link_host_mismatch},
        {"https://api.ultravox.ai./api/calls", error::link_host_mismatch},
        // Different in the first or the last byte only.
        {"https://bpi.ultravox.ai/api/calls", error::link_host_mismatch},
        {"https://api.ultravox.au/api/calls", error::link_host_mismatch},
        {"https://evil.example?host=api.ultravox.ai", error::link_host_mismatch},
        {"https://127.0.0.1/api/calls", error::link_host_mismatch},
        {"https://api.ultravox.ai:8443/api/calls", error::link_port_mismatch},
        {"https://api.ultravox.ai:80/api/calls", error::link_port_mismatch},
        {"https://api.ultravox.ai@evil.example/api/calls", error::invalid_link},
        {"https://user:pw@api.ultravox.ai/api/calls", error::invalid_link},
    };
    for (auto const& r : rows) {
        SUBCASE(r.link)
        {
            uvcalls::base_url const base;
            auto const l = uvcalls::parse_page_link(base, r.link);
            REQUIRE(l.has_error());
            CHECK(l.error() == r.expected);
            CHECK(l.error() == uvcalls::condition::query);
            std::uint64_t seen[4];
            uvcalls::page_follower f(base, seen);
            char buf[256] = {};
            auto const t = f.next(std::string_view(r.link), buf, sizeof buf);
            REQUIRE(t.has_error());
            CHECK(t.error() == r.expected);
            CHECK(buf[0] == '\0'); // no target written
            CHECK(f.pages() == 1);
        }
    }
}

TEST_CASE("an http base refuses an https link too: the origin must match exactly")
{
    uvcalls::base_url const base = parse("http://localhost:8080");
    auto const l = uvcalls::parse_page_link(base, "https://localhost:8080/api/calls");
    REQUIRE(l.has_error());
    CHECK(l.error() == error::link_scheme_mismatch);
    auto const p = uvcalls::parse_page_link(base, "http://localhost/api/calls");
    REQUIRE(p.has_error());
    CHECK(p.error() == error::link_port_mismatch);
}

TEST_CASE("malformed links are refused")
{
    char const* const rows[] = {
        "not a url",
        "/api/calls?cursor=x",
        "//api.ultravox.ai/api/calls?cursor=x",
        "api.ultravox.ai/api/calls",
        "https://api.ultravox.ai/api/calls?cursor=x y",
        "https://api.ultravox.ai/api/calls?cursor=%zz",
        "https://api.ultravox.ai/api/calls\r\nX-Evil: 1",
        "https://api.ultravox.ai:443x/api/calls",
        "https://api.ultravox.ai:99999/api/calls",
        "https://api.ultravox.ai/api/calls?cursor=a&cursor=b",
        "https:///api/calls",
        "mailto:someone@api.ultravox.ai",
        // Boost.URL 1.81 asserts on a scheme and one byte that cannot start
        // a path, in a build with assertions (found by fuzz_query).
        "https:^",
        "x:\x03",
        // Malformed first, wherever it points (the documented order).
        "https://evil.example/api/calls?cursor=a&cursor=b",
        "http://api.ultravox.ai/api/calls?cursor=a&cursor=b",
        "https://evil.example:99999/api/calls",
        "http://api.ultravox.ai:0/api/calls",
    };
    for (char const* link : rows) {
        SUBCASE(link)
        {
            auto const l = uvcalls::parse_page_link(uvcalls::base_url(), link);
            REQUIRE(l.has_error());
            CHECK(l.error() == error::invalid_link);
        }
    }
}

TEST_CASE("a link whose path starts with // or has a dot segment is refused: its target would name another host")
{
    // On the base's origin, but the target written, "//evil.example/x", is
    // a network-path reference: resolved against the base (Boost.URL's
    // resolve(), curl's URL API, Python's urljoin) it is
    // https://evil.example/x, and a transport or proxy that resolves
    // targets would send the key there (found by an audit).
    char const* const refused[] = {
        "https://api.ultravox.ai//evil.example/api/calls?cursor=x",
        "https://api.ultravox.ai:443//evil.example",
        "HTTPS://API.ultravox.ai//",
        "https://api.ultravox.ai///evil.example/x",
        // Dot segments: curl removes them before sending, and
        // "/.//evil.example/x" goes out as "//evil.example/x" (found by a
        // review); none is in a link the API writes.
        "https://api.ultravox.ai/.//evil.example/x?cursor=x",
        "https://api.ultravox.ai/%2E//evil.example/x?cursor=x",
        "https://api.ultravox.ai/api/../calls?cursor=x",
        "https://api.ultravox.ai/api/calls/..?cursor=x",
    };
    uvcalls::base_url const base;
    for (char const* link : refused) {
        SUBCASE(link)
        {
            auto const l = uvcalls::parse_page_link(base, link);
            REQUIRE(l.has_error());
            CHECK(l.error() == error::invalid_link);
            std::uint64_t seen[4];
            uvcalls::page_follower f(base, seen);
            CHECK_FALSE(f.start("stored"));
            char buf[256] = {};
            auto const t = f.next(std::string_view(link), buf, sizeof buf);
            REQUIRE(t.has_error());
            CHECK(t.error() == error::invalid_link);
            CHECK(buf[0] == '\0');
            CHECK(f.pages() == 1);
        }
    }
    // "//" further in the path is a path like any other.
    std::uint64_t seen[4];
    uvcalls::page_follower f(base, seen);
    CHECK_FALSE(f.start("stored"));
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api//calls?cursor=x")) ==
          "/api//calls?cursor=x");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/?cursor=y")) == "/?cursor=y");
}

TEST_CASE("a null or empty next means the last page")
{
    std::uint64_t seen[4];
    uvcalls::base_url const base;
    uvcalls::page_follower f(base, seen);
    char buf[64];
    auto const a = f.next(std::nullopt, buf, sizeof buf);
    REQUIRE(a.has_value());
    CHECK(a->empty());
    auto const b = f.next(std::string_view(""), buf, sizeof buf);
    REQUIRE(b.has_value());
    CHECK(b->empty());
}

TEST_CASE("a cursor seen before is an error, however it is escaped")
{
    std::uint64_t seen[8];
    uvcalls::base_url const base;
    uvcalls::page_follower f(base, seen);
    f.start();
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=AAA%3D")) ==
          "/api/calls?cursor=AAA%3D");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=BBB")) ==
          "/api/calls?cursor=BBB");
    // Same decoded cursor, other spelling, other parameters: still a loop.
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?pageSize=5&cursor=AAA=")) ==
          "error: pagination cursor repeats");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=%41AA%3d")) ==
          "error: pagination cursor repeats");
    CHECK(f.pages() == 3);
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=CCC")) ==
          "/api/calls?cursor=CCC");
}

// The docs tell a caller whose request failed to send the same target again
// rather than call next() again: the second call cannot tell a retry from a
// page whose next is its own link, a loop.
TEST_CASE("the link just followed, given again, is a repeat: a failed request is retried with its target")
{
    std::uint64_t seen[8];
    uvcalls::base_url const base;
    uvcalls::page_follower f(base, seen);
    f.start();
    std::string_view const link("https://api.ultravox.ai/api/calls?cursor=p2");
    CHECK(follow(f, link) == "/api/calls?cursor=p2");
    CHECK(f.pages() == 2);
    CHECK(follow(f, link) == "error: pagination cursor repeats");
    CHECK(f.pages() == 2);
    // The listing goes on from the retried page's own next.
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=p3")) ==
          "/api/calls?cursor=p3");
    CHECK(f.pages() == 3);
}

TEST_CASE("a cursor's '+' is a space, as the server reads it, when looking for repeats")
{
    std::uint64_t seen[8];
    uvcalls::base_url const base;
    uvcalls::page_follower f(base, seen);
    CHECK_FALSE(f.start("a b"));
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=a+b")) ==
          "error: pagination cursor repeats");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=a%2Bb")) ==
          "/api/calls?cursor=a%2Bb");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=c%20d")) ==
          "/api/calls?cursor=c%20d");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=c+d")) ==
          "error: pagination cursor repeats");
}

TEST_CASE("a cursor key written with escapes is a cursor")
{
    uvcalls::base_url const base;
    auto const l = uvcalls::parse_page_link(base, "https://api.ultravox.ai/api/calls?curs%6Fr=x");
    REQUIRE(l.has_value());
    REQUIRE(l->cursor);
    CHECK(*l->cursor == "x");
    auto const two = uvcalls::parse_page_link(base, "https://api.ultravox.ai/api/calls?curs%6Fr=x&cursor=y");
    REQUIRE(two.has_error());
    CHECK(two.error() == error::invalid_link);
}

TEST_CASE("a next link with an empty cursor is the first page again, a repeat")
{
    // The server (Django REST framework) reads `cursor=` as no cursor: the
    // first page. page_link_cursor() gives "" for it, which resumes at the
    // first page too; the follower requested that page again (found by an
    // audit: a whole page of calls delivered twice before the loop showed).
    std::uint64_t seen[8];
    uvcalls::base_url const base;
    uvcalls::page_follower f(base, seen);
    CHECK_FALSE(f.start());
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=")) ==
          "error: pagination cursor repeats");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?pageSize=5&cursor")) ==
          "error: pagination cursor repeats");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=p2")) ==
          "/api/calls?cursor=p2");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=")) ==
          "error: pagination cursor repeats");
    CHECK(f.pages() == 2);
}

TEST_CASE("a link without a cursor is the first page, a repeat when the listing began there")
{
    // The server pages by `cursor` alone: without one, a link asks for the
    // first page whatever else it carries. The follower fingerprinted such a
    // link by its target, so it requested the first page again and its
    // calls were delivered twice before the loop showed (found by an audit).
    std::uint64_t seen[8];
    uvcalls::base_url const base;
    uvcalls::page_follower f(base, seen);
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?page=2")) ==
          "error: pagination cursor repeats");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls")) ==
          "error: pagination cursor repeats");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?pageSize=5&sort=-created")) ==
          "error: pagination cursor repeats");
    CHECK(f.pages() == 1);
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=p2")) ==
          "/api/calls?cursor=p2");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/other?x=1")) ==
          "error: pagination cursor repeats");
    CHECK(f.pages() == 2);
}

TEST_CASE("a listing resumed from a cursor follows a link to the first page once")
{
    std::uint64_t seen[8];
    uvcalls::base_url const base;
    uvcalls::page_follower f(base, seen);
    CHECK_FALSE(f.start("cD00ODY="));
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?page=2")) ==
          "/api/calls?page=2");
    // Another spelling of the first page: no cursor, an empty or a bare one.
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?page=3")) ==
          "error: pagination cursor repeats");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=")) ==
          "error: pagination cursor repeats");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor")) ==
          "error: pagination cursor repeats");
    CHECK(f.pages() == 2);
}

TEST_CASE("continuing from a stored cursor counts it as seen")
{
    std::uint64_t seen[8];
    uvcalls::base_url const base;
    uvcalls::page_follower f(base, seen);
    CHECK_FALSE(f.start("cD00ODY="));
    CHECK(f.pages() == 1);
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=cD00ODY%3D")) ==
          "error: pagination cursor repeats");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=next")) ==
          "/api/calls?cursor=next");
}

TEST_CASE("the page cap stops the listing")
{
    std::uint64_t seen[3];
    uvcalls::base_url const base;
    uvcalls::page_follower f(base, seen);
    f.start();
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=1")) ==
          "/api/calls?cursor=1");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=2")) ==
          "/api/calls?cursor=2");
    CHECK(f.pages() == 3);
    char buf[64];
    auto const r = f.next(std::string_view("https://api.ultravox.ai/api/calls?cursor=3"), buf,
                          sizeof buf);
    REQUIRE(r.has_error());
    CHECK(r.error() == error::page_limit);
    CHECK(r.error() == uvcalls::condition::limit);
    // The last page still ends cleanly.
    auto const end = f.next(std::nullopt, buf, sizeof buf);
    REQUIRE(end.has_value());
    CHECK(end->empty());
    // A restart begins a new listing.
    f.start();
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=1")) ==
          "/api/calls?cursor=1");

    uvcalls::page_follower none(base, boost::span<std::uint64_t>());
    CHECK(none.start() == error::page_limit);
    // No slot, no page: not even the first request is counted, and no link
    // is followed.
    CHECK(none.pages() == 0);
    auto const next = none.next(std::string_view("https://api.ultravox.ai/api/calls?cursor=1"), buf,
                                sizeof buf);
    REQUIRE(next.has_error());
    CHECK(next.error() == error::page_limit);
    CHECK(none.pages() == 0);
}

TEST_CASE("a follower with no slot refuses every link with page_limit, a malformed one too")
{
    // next() implies start(), which a follower without a slot cannot do:
    // no first page is counted, so no link is parsed either, and the
    // error names the configuration, whatever the link.
    uvcalls::base_url const base;
    uvcalls::page_follower none(base, boost::span<std::uint64_t>());
    for (char const* link : {"https://api.ultravox.ai/api/calls?cursor=1", "not a url",
                             "https://evil.example/api/calls?cursor=1"}) {
        CAPTURE(link);
        char buf[64];
        auto const r = none.next(std::string_view(link), buf, sizeof buf);
        REQUIRE(r.has_error());
        CHECK(r.error() == error::page_limit);
        CHECK(none.pages() == 0);
    }
}

TEST_CASE("at the page cap a repeated cursor is still repeated_cursor, not page_limit")
{
    // page_limit says "more pages may follow": a caller may store the
    // refused link's cursor and go on in a new listing. A link back to a
    // page already requested must not say so, or such a caller would
    // request the server's loop again in every new listing.
    std::uint64_t seen[2];
    uvcalls::base_url const base;
    uvcalls::page_follower f(base, seen);
    CHECK_FALSE(f.start());
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=A")) ==
          "/api/calls?cursor=A");
    CHECK(f.pages() == 2);
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=%41")) ==
          "error: pagination cursor repeats");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls")) ==
          "error: pagination cursor repeats");
    CHECK(follow(f, std::string_view("https://api.ultravox.ai/api/calls?cursor=B")) ==
          "error: " + uvcalls::error_code(error::page_limit).message());
    CHECK(f.pages() == 2);
}

TEST_CASE("a target buffer too small is an error at every size, and records nothing")
{
    std::string_view const link = "https://api.ultravox.ai/api/calls?cursor=abc&pageSize=9";
    std::string const target = "/api/calls?cursor=abc&pageSize=9";
    std::uint64_t seen[4];
    uvcalls::base_url const base;
    uvcalls::page_follower f(base, seen);
    f.start();
    for (std::size_t size = 0; size < target.size(); ++size) {
        CAPTURE(size);
        std::vector<char> buf(size + 1, '\x55');
        auto const r = f.next(link, buf.data(), size);
        REQUIRE(r.has_error());
        CHECK(r.error() == error::buffer_too_small);
        CHECK(buf[size] == '\x55');
        CHECK(f.pages() == 1);
    }
    std::vector<char> buf(target.size());
    auto const r = f.next(link, buf.data(), buf.size());
    REQUIRE(r.has_value());
    CHECK(*r == target);
}

TEST_CASE("the cursor of a link is extracted decoded, for storage")
{
    uvcalls::base_url const base;
    auto const l = uvcalls::parse_page_link(
        base, "https://api.ultravox.ai/api/calls?pageSize=5&cursor=cD00ODY%3D%2B%2F");
    REQUIRE(l.has_value());
    REQUIRE(l->cursor);
    CHECK(*l->cursor == "cD00ODY%3D%2B%2F");
    char buf[32];
    auto const c = uvcalls::page_link_cursor(*l, buf, sizeof buf);
    REQUIRE(c.has_value());
    CHECK(*c == "cD00ODY=+/");
    for (std::size_t size = 0; size < c->size(); ++size) {
        CAPTURE(size);
        auto const small = uvcalls::page_link_cursor(*l, buf, size);
        REQUIRE(small.has_error());
        CHECK(small.error() == error::buffer_too_small);
    }
    // A buffer of exactly the decoded size is enough.
    char exact_buf[10];
    REQUIRE(c->size() == sizeof exact_buf);
    auto const exact = uvcalls::page_link_cursor(*l, exact_buf, sizeof exact_buf);
    REQUIRE(exact.has_value());
    CHECK(*exact == "cD00ODY=+/");

    // '+' is a space to the server, as in a form (found by an audit: it was
    // kept as a plus, and resuming sent %2B, another cursor).
    auto const plus = uvcalls::parse_page_link(base, "https://api.ultravox.ai/api/calls?cursor=a+b%2Bc%20d");
    REQUIRE(plus.has_value());
    auto const pc = uvcalls::page_link_cursor(*plus, buf, sizeof buf);
    REQUIRE(pc.has_value());
    CHECK(*pc == "a b+c d");
    uvcalls::list_calls_query q;
    q.cursor = *pc;
    char out[64];
    auto const again = uvcalls::encode_query(q, out, sizeof out);
    REQUIRE(again.has_value());
    CHECK(*again == "cursor=a%20b%2Bc%20d");

    auto const none = uvcalls::parse_page_link(base, "https://api.ultravox.ai/api/calls?x=1");
    REQUIRE(none.has_value());
    CHECK_FALSE(none->cursor);
    auto const empty = uvcalls::page_link_cursor(*none, buf, sizeof buf);
    REQUIRE(empty.has_value());
    CHECK(empty->empty());
}

TEST_CASE("a buffer too small for a cursor gets none of it")
{
    // A cursor cut short is another cursor: stored after an error the
    // caller missed, it would resume at another page (calls lost or
    // repeated). Measured before a byte is written, so the buffer keeps
    // what it held.
    auto const l = uvcalls::parse_page_link(uvcalls::base_url(), "https://api.ultravox.ai/api/calls?cursor=cD00ODY%3D");
    REQUIRE(l.has_value());
    for (std::size_t size = 0; size < 8; ++size) {
        CAPTURE(size);
        std::vector<char> buf(size + 1, '\x55');
        auto const c = uvcalls::page_link_cursor(*l, buf.data(), size);
        REQUIRE(c.has_error());
        CHECK(c.error() == error::buffer_too_small);
        CHECK(std::all_of(buf.begin(), buf.end(), [](char b) { return b == '\x55'; }));
    }
}

TEST_CASE("page_link_cursor refuses a hand-filled cursor that is not percent-encoded")
{
    // parse_page_link() never makes one; a page_link filled by hand may
    // hold anything, and a broken escape has no decoded value to store.
    for (char const* cursor : {"%zz", "abc%4", "%", "a%G0"}) {
        CAPTURE(cursor);
        uvcalls::page_link l;
        l.path = "/api/calls";
        l.has_query = true;
        l.query = "cursor=x";
        l.cursor = std::string_view(cursor);
        char buf[32];
        auto const c = uvcalls::page_link_cursor(l, buf, sizeof buf);
        REQUIRE(c.has_error());
        CHECK(c.error() == error::invalid_link);
    }
}

TEST_CASE("a page_link whose cursor was taken away has no cursor to store")
{
    auto l = uvcalls::parse_page_link(uvcalls::base_url(), "https://api.ultravox.ai/api/calls?cursor=abc");
    REQUIRE(l.has_value());
    REQUIRE(l->cursor);
    l->cursor.reset();
    char buf[32];
    auto const c = uvcalls::page_link_cursor(*l, buf, sizeof buf);
    REQUIRE(c.has_value());
    CHECK(c->empty());
}

namespace {

// The `cursor` of a query string as the API's server (Django) reads it:
// the last one (QueryDict.get); nullopt when there is none.
std::optional<std::string> server_cursor(std::string_view query)
{
    std::optional<std::string> cursor;
    for (auto const& field : test::form_params(query))
        if (field.first == "cursor")
            cursor = field.second;
    return cursor;
}

} // namespace

TEST_CASE("a cursor stored from a link resumes exactly the cursor the server read, for every byte")
{
    // Reboot mid-listing: the cursor of the last next link is stored
    // (page_link_cursor) and sent again in list_calls_query::cursor. What
    // the server reads from the resumed request must be what it read from
    // the link, or another page is served: calls lost or repeated. Each
    // byte percent-encoded, and each ASCII byte as written where a link
    // may hold it. A cursor with a control byte was refused on resume
    // (query_invalid_cursor) though the follower followed the link and the
    // server (Django REST framework's base64 decoding drops such bytes)
    // served it: e.g. a cursor made with base64.encodebytes, which ends
    // in "\n" (found by an audit).
    uvcalls::base_url const base;
    std::vector<std::string> links;
    char const hex[] = "0123456789ABCDEF";
    for (int b = 0; b < 256; ++b) {
        links.push_back(std::string("https://api.ultravox.ai/api/calls?pageSize=5&cursor=cD00") + '%' +
                        hex[b >> 4] + hex[b & 15] + "ODY%3D");
        if (b > 0x20 && b < 0x7F)
            links.push_back(std::string("https://api.ultravox.ai/api/calls?cursor=cD00") +
                            static_cast<char>(b) + "ODY%3D&pageSize=5");
    }
    std::size_t resumed = 0;
    for (std::string const& text : links) {
        CAPTURE(text);
        auto const link = uvcalls::parse_page_link(base, text);
        if (!link)
            continue; // not a URL ('%', '"', ...): never followed, never stored
        char target[256];
        auto const t = uvcalls::write_target(*link, target, sizeof target);
        REQUIRE(t.has_value());
        std::optional<std::string> const served = server_cursor(t->substr(t->find('?') + 1));
        REQUIRE(served);
        char stored[64];
        auto const c = uvcalls::page_link_cursor(*link, stored, sizeof stored);
        REQUIRE(c.has_value());
        CHECK(*c == *served);

        uvcalls::list_calls_query q;
        q.cursor = *c;
        char query[256];
        auto const again = uvcalls::encode_query(q, query, sizeof query);
        if (!uvcalls::detail::is_valid_utf8(*served)) {
            // A lone byte of 0x80 and above: Django decodes it as U+FFFD and
            // the server answers 404 to the link too; nothing to resume.
            REQUIRE(again.has_error());
            CHECK(again.error().code == error::query_invalid_utf8);
            continue;
        }
        CHECK(again.has_value());
        if (!again)
            continue;
        CHECK(server_cursor(*again) == served);
        ++resumed;

        // And a follower resumed with it knows that page.
        std::uint64_t seen[4];
        uvcalls::page_follower f(base, seen);
        CHECK_FALSE(f.start(*q.cursor));
        CHECK(follow(f, std::string_view(text)) == "error: pagination cursor repeats");
    }
    // Every byte below 0x80 percent-encoded, and the raw ones a URL allows.
    CHECK(resumed >= 128);
}

TEST_CASE("a link without a query is written as its path alone, not a byte past it")
{
    uvcalls::page_link const none{};
    CHECK_FALSE(none.has_query);
    CHECK(none.target_size() == 1);
    auto const l = uvcalls::parse_page_link(uvcalls::base_url(), "https://api.ultravox.ai/api/calls");
    REQUIRE(l.has_value());
    CHECK_FALSE(l->has_query);
    CHECK(l->target_size() == 10);
    for (auto const* link : {&none, &*l}) {
        char buf[16];
        std::fill(std::begin(buf), std::end(buf), '#');
        auto const t = uvcalls::write_target(*link, buf, link->target_size());
        REQUIRE(t.has_value());
        CHECK(*t == (link == &none ? "/" : "/api/calls"));
        CHECK(buf[link->target_size()] == '#');
    }
}

TEST_CASE("a hand-filled link whose views add up past SIZE_MAX is too big for any buffer, not a small target")
{
    // Sizes only: neither view is read once the size is known not to fit,
    // so views longer than their real bytes stand for a path and a query
    // that view one 2 GiB buffer on a 32-bit target. Their sum wrapped to
    // a small size, and write_target copied both views past the buffer.
    char const text[] = "/a";
    uvcalls::page_link l;
    l.path = std::string_view(text, SIZE_MAX / 2 + 1);
    l.has_query = true;
    l.query = std::string_view(text, SIZE_MAX / 2);
    CHECK(l.target_size() == SIZE_MAX); // (wrapped: 0)
    l.query = std::string_view(text, SIZE_MAX);
    l.path = {};
    CHECK(l.target_size() == SIZE_MAX); // (wrapped: 1)
    l.path = std::string_view(text, SIZE_MAX - 1);
    l.query = {};
    CHECK(l.target_size() == SIZE_MAX); // (exact)
    l.path = std::string_view(text, SIZE_MAX);
    CHECK(l.target_size() == SIZE_MAX); // (wrapped: 0)
    l.path = std::string_view(text, SIZE_MAX / 2 + 1);
    l.query = std::string_view(text, SIZE_MAX / 2);
    char buf[16];
    REQUIRE(l.target_size() > sizeof buf);
    auto const t = uvcalls::write_target(l, buf, sizeof buf);
    REQUIRE(t.has_error());
    CHECK(t.error() == error::buffer_too_small);
}

TEST_CASE("write_target refuses a hand-filled link that would break the request line or leave the origin")
{
    // A caller sending the target with their own HTTP code gets no CR LF,
    // space, fragment or other host from a page_link they filled by hand.
    struct row {
        char const* path;
        char const* query;
    };
    row const refused[] = {
        {"/api/calls\r\nX-Evil: 1", nullptr},
        {"/api/calls x", nullptr},
        {"/api/calls", "cursor=a\r\nHost: evil.example"},
        {"/api/calls", "cursor=a b"},
        {"/api/calls", "cursor=a#b"},
        {"/api/calls", "cursor=\x7f"},
        {"/caf\xc3\xa9", nullptr},
        {"api/calls", nullptr},
        {"//evil.example/x", nullptr},
        {"/./evil", nullptr},
        {"/a\\b", nullptr},
        {"", "cursor=\t"},
        // A bad escape or a byte RFC 3986 allows in no query: the server may
        // refuse the request, so the link is refused here.
        {"/api/calls", "cursor=%zz"},
        {"/api/calls", "cursor=%4"},
        {"/api/calls%", nullptr},
        {"/api/calls", "cursor={x}"},
        {"/api/calls", "cursor=a|b"},
    };
    for (auto const& r : refused) {
        uvcalls::page_link l;
        l.path = r.path;
        if (r.query) {
            l.has_query = true;
            l.query = r.query;
        }
        CAPTURE(std::string(r.path));
        CAPTURE(std::string(r.query ? r.query : "(none)"));
        char buf[64];
        auto const t = uvcalls::write_target(l, buf, sizeof buf);
        REQUIRE(t.has_error());
        CHECK(t.error() == error::invalid_link);
    }
    // The same by hand, well formed: written as given.
    uvcalls::page_link ok;
    ok.path = "/api/calls";
    ok.has_query = true;
    ok.query = "cursor=a%20b&pageSize=2";
    char buf[64];
    auto const t = uvcalls::write_target(ok, buf, sizeof buf);
    REQUIRE(t.has_value());
    CHECK(*t == "/api/calls?cursor=a%20b&pageSize=2");

    // A '?' with no query, the query left default-constructed (no
    // characters at all, a null data()): the '?' alone.
    uvcalls::page_link bare;
    bare.path = "/api/calls";
    bare.has_query = true;
    auto const b = uvcalls::write_target(bare, buf, sizeof buf);
    REQUIRE(b.has_value());
    CHECK(*b == "/api/calls?");
}
