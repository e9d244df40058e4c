#include <uvcalls/request.hpp>

#include <boost/url/ipv6_address.hpp>
#include <doctest/doctest.h>

#include <cstdint>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using uvcalls::error;

std::string head(uvcalls::base_url const& base, std::string_view target, std::string_view key,
                 boost::span<uvcalls::header_field const> extra = {})
{
    char buf[2048];
    auto const r = uvcalls::format_request_head(base, target, key, extra, buf, sizeof buf);
    REQUIRE(r.has_value());
    return std::string(*r);
}

uvcalls::base_url parse(char const* url)
{
    auto const b = uvcalls::parse_base_url(url);
    REQUIRE(b.has_value());
    return *b;
}

} // namespace

TEST_CASE("the request head has the documented lines in order")
{
    uvcalls::header_field const extra[] = {{"X-Request-Id", "42"}, {"Accept-Language", "en"}};
    CHECK(head(uvcalls::base_url(), "/api/calls?pageSize=5", "sk-test", extra) ==
          "GET /api/calls?pageSize=5 HTTP/1.1\r\n"
          "Host: api.ultravox.ai\r\n"
          "X-API-Key: sk-test\r\n"
          "Accept: application/json\r\n"
          "Accept-Encoding: identity\r\n"
          "User-Agent: uvcalls/" UVCALLS_VERSION_STRING "\r\n"
          "Connection: keep-alive\r\n"
          "X-Request-Id: 42\r\n"
          "Accept-Language: en\r\n"
          "\r\n");
}

TEST_CASE("Host carries the port only when it is not the scheme's default")
{
    struct row {
        char const* url;
        char const* host_line;
    };
    row const rows[] = {
        {"https://api.ultravox.ai", "Host: api.ultravox.ai\r\n"},
        {"https://api.ultravox.ai:443", "Host: api.ultravox.ai\r\n"},
        {"https://api.ultravox.ai:8443", "Host: api.ultravox.ai:8443\r\n"},
        {"http://gw:80", "Host: gw\r\n"},
        {"http://gw:443", "Host: gw:443\r\n"},
        {"http://127.0.0.1:8080", "Host: 127.0.0.1:8080\r\n"},
        {"http://[::1]:8080", "Host: [::1]:8080\r\n"},
    };
    for (auto const& r : rows) {
        SUBCASE(r.url)
        {
            std::string const h = head(parse(r.url), "/api/calls", "k");
            CHECK(h.find(r.host_line) == h.find("\r\n") + 2);
        }
    }
}

TEST_CASE("an empty API key leaves the X-API-Key line out")
{
    std::string const h = head(uvcalls::base_url(), "/api/calls", "");
    CHECK(h.find("X-API-Key") == std::string::npos);
    CHECK(h.find("Accept: application/json\r\n") != std::string::npos);
}

TEST_CASE("an API key of any length but zero is sent, a one-byte key too")
{
    // Only an empty key means "a proxy adds it": a short key left out
    // would go unauthorized with no error to say why.
    for (std::string_view key : {"k", "ab", "sk-test"}) {
        CAPTURE(key);
        std::string const h = head(uvcalls::base_url(), "/api/calls", key);
        CHECK(h.find("\r\nX-API-Key: " + std::string(key) + "\r\nAccept: ") != std::string::npos);
        uvcalls::list_calls_query q;
        char buf[512];
        auto const whole = uvcalls::format_list_calls_request(uvcalls::base_url(), q, key, {}, buf, sizeof buf);
        REQUIRE(whole.has_value());
        CHECK(*whole == h);
    }
}

TEST_CASE("the list-calls request puts the base path before /api/calls")
{
    std::string_view const ids[] = {"5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d"};
    uvcalls::list_calls_query q;
    q.agent_ids = ids;
    q.search = "a&b";
    char buf[1024];
    auto const target = uvcalls::format_list_calls_target(parse("http://gw:8080/proxy/uv/"), q,
                                                          buf, sizeof buf);
    REQUIRE(target.has_value());
    CHECK(*target == "/proxy/uv/api/calls?agentIds=5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d"
                     "&search=a%26b");

    uvcalls::list_calls_query empty;
    auto const bare = uvcalls::format_list_calls_target(uvcalls::base_url(), empty, buf,
                                                        sizeof buf);
    REQUIRE(bare.has_value());
    CHECK(*bare == "/api/calls");

    char whole[1024];
    auto const req = uvcalls::format_list_calls_request(parse("http://gw:8080/proxy/uv"), q, "k",
                                                        {}, whole, sizeof whole);
    REQUIRE(req.has_value());
    CHECK(*req == head(parse("http://gw:8080/proxy/uv"),
                       "/proxy/uv/api/calls?agentIds=5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d"
                       "&search=a%26b",
                       "k"));
}

TEST_CASE("an invalid query is refused before any request is written")
{
    uvcalls::list_calls_query q;
    q.search = "";
    char buf[1024];
    auto const r = uvcalls::format_list_calls_request(uvcalls::base_url(), q, "k", {}, buf,
                                                      sizeof buf);
    REQUIRE(r.has_error());
    CHECK(r.error().code == error::query_empty_search);
    CHECK(std::string(r.error().parameter) == "search");
}

TEST_CASE("an invalid query is refused by format_list_calls_target too, with nothing written")
{
    // format_list_calls_target() validates as format_list_calls_request()
    // does: without it an empty search, a page size of 0 or a metadata key
    // holding '=' went on the wire as written, a request the server reads
    // otherwise than meant or refuses.
    uvcalls::metadata_filter const bad_key[] = {{"a=b", "v"}};
    uvcalls::list_calls_query empty_search;
    empty_search.search = "";
    uvcalls::list_calls_query zero_page;
    zero_page.page_size = 0;
    uvcalls::list_calls_query bad_metadata;
    bad_metadata.metadata = bad_key;
    for (auto const* q : {&empty_search, &zero_page, &bad_metadata}) {
        char buf[256];
        std::fill(std::begin(buf), std::end(buf), '\x55');
        auto const t = uvcalls::format_list_calls_target(uvcalls::base_url(), *q, buf, sizeof buf);
        REQUIRE(t.has_error());
        CHECK(t.error().code == uvcalls::validate(*q).code);
        CHECK(t.error().code.failed());
        CHECK(std::all_of(std::begin(buf), std::end(buf), [](char c) { return c == '\x55'; }));
    }
}

TEST_CASE("control bytes in the API key are refused")
{
    struct row {
        char const* name;
        std::string_view key;
    };
    row const rows[] = {
        {"CR LF then a header", "k\r\nX-Evil: 1"},
        {"LF alone", "k\nX-Evil: 1"},
        {"CR alone", "k\r"},
        {"NUL", std::string_view("k\0x", 3)},
        {"bell", "k\x07"},
        {"DEL", "k\x7F"},
        {"escape", "\x1B[0m"},
        {"leading space", " k"},
        {"trailing tab", "k\t"},
    };
    for (auto const& r : rows) {
        SUBCASE(r.name)
        {
            char buf[1024];
            auto const h = uvcalls::format_request_head(uvcalls::base_url(), "/api/calls", r.key,
                                                        {}, buf, sizeof buf);
            REQUIRE(h.has_error());
            CHECK(h.error().code == error::invalid_header_value);
            CHECK(std::string(h.error().parameter) == "X-API-Key");
            uvcalls::list_calls_query q;
            auto const l = uvcalls::format_list_calls_request(uvcalls::base_url(), q, r.key, {},
                                                              buf, sizeof buf);
            REQUIRE(l.has_error());
            CHECK(l.error().code == error::invalid_header_value);
        }
    }
}

TEST_CASE("header injection through caller headers is refused")
{
    struct row {
        char const* name;
        uvcalls::header_field field;
        error expected;
    };
    row const rows[] = {
        {"value with CR LF", {"X-Id", "1\r\nX-API-Key: stolen"}, error::invalid_header_value},
        {"value with LF", {"X-Id", "1\nHost: evil"}, error::invalid_header_value},
        {"value with NUL", {"X-Id", std::string_view("1\0", 2)}, error::invalid_header_value},
        {"value with vertical tab", {"X-Id", "1\x0B"}, error::invalid_header_value},
        {"value with leading space", {"X-Id", " 1"}, error::invalid_header_value},
        {"name empty", {"", "1"}, error::invalid_header_name},
        {"name with colon", {"X-Id:", "1"}, error::invalid_header_name},
        {"name with space", {"X Id", "1"}, error::invalid_header_name},
        {"name with CR LF", {"X-Id\r\nHost", "evil"}, error::invalid_header_name},
        {"name with NUL", {std::string_view("X\0", 2), "1"}, error::invalid_header_name},
        {"name non-ASCII", {"X-\xC3\xA9", "1"}, error::invalid_header_name},
        {"second Host", {"Host", "evil.example"}, error::header_not_allowed},
        {"second Host, other case", {"hOST", "evil.example"}, error::header_not_allowed},
        {"second API key", {"x-api-key", "other"}, error::header_not_allowed},
        {"Content-Length", {"Content-Length", "5"}, error::header_not_allowed},
        {"Transfer-Encoding", {"Transfer-Encoding", "chunked"}, error::header_not_allowed},
        {"Connection", {"Connection", "close"}, error::header_not_allowed},
        {"User-Agent", {"User-Agent", "x"}, error::header_not_allowed},
        {"Accept", {"Accept", "text/html"}, error::header_not_allowed},
        {"Accept-Encoding", {"Accept-Encoding", "gzip"}, error::header_not_allowed},
        {"Upgrade", {"Upgrade", "websocket"}, error::header_not_allowed},
        {"TE", {"TE", "trailers"}, error::header_not_allowed},
    };
    for (auto const& r : rows) {
        SUBCASE(r.name)
        {
            uvcalls::header_field const extra[] = {{"X-Ok", "fine"}, r.field};
            char buf[1024];
            auto const h = uvcalls::format_request_head(uvcalls::base_url(), "/api/calls", "k",
                                                        extra, buf, sizeof buf);
            REQUIRE(h.has_error());
            CHECK(h.error().code == r.expected);
            CHECK(std::string(h.error().parameter) == "header");
            CHECK(h.error().index == 1);
        }
    }
}

TEST_CASE("a caller's header name is sent exactly when every byte is an RFC 9110 tchar")
{
    // tchar = ALPHA / DIGIT / one of these 15, written out here rather than
    // as ranges, so that each end of each range is checked.
    std::string_view const tchars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                    "0123456789!#$%&'*+-.^_`|~";
    for (int b = 0; b < 256; ++b) {
        char const c = static_cast<char>(b);
        bool const is_tchar = tchars.find(c) != std::string_view::npos;
        std::string const name = std::string("X-") + c; // never a reserved name
        CAPTURE(b);
        uvcalls::header_field const extra[] = {{name, "1"}};
        char buf[1024];
        auto const h =
            uvcalls::format_request_head(uvcalls::base_url(), "/api/calls", "k", extra, buf, sizeof buf);
        CHECK(h.has_value() == is_tchar);
        if (h.has_value())
            CHECK(std::string_view(*h).find("\r\n" + name + ": 1\r\n") != std::string_view::npos);
        else
            CHECK(h.error().code == error::invalid_header_name);
    }
}

TEST_CASE("a header name a WSGI server reads as a reserved one is refused")
{
    // Django behind WSGI reads every header as an environ key, HTTP_ plus the
    // name upper-cased with '-' turned to '_': X_API_Key and X-API-Key are the
    // same META['HTTP_X_API_KEY'] to the server, two different headers to a
    // proxy in front of it.
    char const* const names[] = {"X_API_Key", "x_api-key", "User_Agent", "Accept_Encoding",
                                 "Content_Length", "Transfer_Encoding"};
    for (char const* name : names) {
        CAPTURE(name);
        uvcalls::header_field const extra[] = {{name, "other"}};
        char buf[1024];
        auto const h =
            uvcalls::format_request_head(uvcalls::base_url(), "/api/calls", "k", extra, buf, sizeof buf);
        CHECK(h.has_error());
        if (h.has_error())
            CHECK(h.error().code == error::header_not_allowed);
    }
    // An underscore elsewhere is an ordinary name.
    uvcalls::header_field const fine[] = {{"X_Trace_Id", "1"}};
    CHECK(head(uvcalls::base_url(), "/api/calls", "k", fine).find("X_Trace_Id: 1\r\n") != std::string::npos);
}

TEST_CASE("header values may hold inner spaces, tabs and non-ASCII bytes")
{
    uvcalls::header_field const extra[] = {{"X-Note", "a b\tc \xC3\xA9"}, {"X-Empty", ""}};
    std::string const h = head(uvcalls::base_url(), "/api/calls", "k", extra);
    CHECK(h.find("X-Note: a b\tc \xC3\xA9\r\n") != std::string::npos);
    CHECK(h.find("X-Empty: \r\n") != std::string::npos);
}

TEST_CASE("request targets that are not origin-form are refused")
{
    char const* const rows[] = {
        "",
        "api/calls",
        "https://api.ultravox.ai/api/calls",
        "/api/calls HTTP/1.1\r\nX-Evil: 1\r\n\r\nGET /",
        "/api/calls?x=a b",
        "/api/calls#frag",
        "/api/calls?\x7F",
        "/caf\xC3\xA9",
        // Bytes RFC 3986 allows in no path or query, and escapes cut short:
        // a server may refuse them, so they are refused here.
        "/api/calls?cursor={x}",
        "/api/calls|x",
        "/api/calls?cursor=%zz",
        "/api/calls?cursor=%4",
        "/api/calls%",
        "/api/calls?x=a\\b",
        // Targets that name another host to a resolver, now or once dot
        // segments are removed (curl sends "/.//evil.example/x" as
        // "//evil.example/x"), whoever built them (found by a review).
        "//evil.example/api/calls",
        "/.//evil.example/x",
        "/%2e//evil.example/x",
        "/api/../calls",
        "/api/%2E%2e/calls?cursor=x",
        "/api/calls/.",
        "/..?cursor=x",
        // An escaped dot anywhere in the path: it needs no escape, and
        // decoded it could make a dot segment.
        "/api%2ecalls",
        "/api/calls%2E?cursor=x",
        // A backslash: a WHATWG URL parser (browsers, Node.js) reads it as
        // '/', so these name evil.example or hold a dot segment there
        // (found by an audit).
        "/\\evil.example/api/calls",
        "/api/..\\x",
        "/api\\calls",
    };
    for (char const* t : rows) {
        SUBCASE(t)
        {
            char buf[1024];
            auto const h = uvcalls::format_request_head(uvcalls::base_url(), t, "k", {}, buf,
                                                        sizeof buf);
            REQUIRE(h.has_error());
            CHECK(h.error().code == error::invalid_request_target);
        }
    }
}

TEST_CASE("a request target is judged by its view alone, not by the bytes behind it")
{
    // Each target, cut at every length, is checked twice: with the rest of
    // the text behind the view, and as a copy with nothing after it. The
    // verdict must not change (a check that read one byte past the view
    // would see "//" in "/" + "/evil", or "%2e" in "%2" + "e").
    for (char const* text : {"//evil.example/x", "/x%2e", "/x%2E/y", "/a/..", "/a/./b", "/a\\b"}) {
        std::string_view const whole(text);
        for (std::size_t n = 0; n <= whole.size(); ++n) {
            std::string const alone(whole.substr(0, n));
            CAPTURE(alone);
            char buf[512];
            auto const in_text = uvcalls::format_request_head(uvcalls::base_url(), whole.substr(0, n),
                                                              "k", {}, buf, sizeof buf);
            bool const sent = in_text.has_value();
            auto const copied =
                uvcalls::format_request_head(uvcalls::base_url(), alone, "k", {}, buf, sizeof buf);
            CHECK(copied.has_value() == sent);
        }
    }
    // "/" cut from "//evil.example/x" is the root, sent.
    char buf[512];
    auto const root = uvcalls::format_request_head(uvcalls::base_url(), std::string_view("//evil", 1),
                                                   "k", {}, buf, sizeof buf);
    REQUIRE(root.has_value());
    CHECK(std::string_view(*root).substr(0, 16) == "GET / HTTP/1.1\r\n");
}

TEST_CASE("dots inside a segment are not dot segments: such targets are sent")
{
    for (char const* t : {"/api/calls.json", "/.well-known/x", "/a/...", "/a/..b/.c/...", "/api//calls",
                          "/api/calls?cursor=../..", "/api/calls?x=//evil.example", "/api/calls?x=a%5Cb"}) {
        CAPTURE(t);
        char buf[1024];
        auto const h = uvcalls::format_request_head(uvcalls::base_url(), t, "k", {}, buf, sizeof buf);
        REQUIRE(h.has_value());
        CHECK(h->rfind(std::string("GET ") + t + " HTTP/1.1\r\n", 0) == 0);
    }
}

TEST_CASE("a base_url filled by hand with a name, an IPv4 or a bracketed IPv6 host is used as written")
{
    struct row {
        char const* host;
        char const* host_line;
    };
    row const rows[] = {
        {"gw", "Host: gw:8080\r\n"},
        {"my-host_1.example", "Host: my-host_1.example:8080\r\n"},
        {"127.0.0.1", "Host: 127.0.0.1:8080\r\n"},
        {"[::1]", "Host: [::1]:8080\r\n"},
        {"[::FFFF:192.0.2.1]", "Host: [::FFFF:192.0.2.1]:8080\r\n"},
        {"[::]", "Host: [::]:8080\r\n"}, // the shortest literal
        // RFC 3986 reg-name: unreserved bytes and sub-delims, as
        // parse_base_url() takes them.
        {"a-._~!$&'()*+,;=z", "Host: a-._~!$&'()*+,;=z:8080\r\n"},
    };
    for (auto const& r : rows) {
        CAPTURE(r.host);
        // parse_base_url() takes the same host from a URL.
        std::string const url = std::string("http://") + r.host + ":8080";
        auto const parsed = uvcalls::parse_base_url(url);
        REQUIRE(parsed.has_value());
        CHECK(parsed->host == r.host);
        uvcalls::base_url const base{false, r.host, 8080, ""};
        char buf[512];
        auto const h = uvcalls::format_request_head(base, "/api/calls", "k", {}, buf, sizeof buf);
        REQUIRE(h.has_value());
        CHECK(std::string(*h).find(r.host_line) != std::string::npos);
    }
}

TEST_CASE("a hand-filled bracketed host is sent only when it is an IPv6 address")
{
    auto const sent = [](std::string const& host) {
        uvcalls::base_url const base{false, host, 8080, ""};
        char buf[512];
        return uvcalls::format_request_head(base, "/api/calls", "k", {}, buf, sizeof buf).has_value();
    };
    for (char const* ok : {"[::]", "[::1]", "[1::]", "[1:2:3:4:5:6:7:8]", "[1:2:3:4:5:6::]", "[::2:3:4:5:6:7:8]",
                           "[ffff:FFFF::abcd]", "[1:2:3:4:5:6:1.2.3.4]", "[::ffff:255.255.255.255]",
                           "[::0.0.0.0]", "[1::2:3.4.5.6]"}) {
        CAPTURE(ok);
        CHECK(sent(ok));
    }
    for (char const* bad : {"[....]", "[1.2.3.4]", "[1]", "[:1]", "[1:]", "[:::]", "[1:::2]", "[1::2::3]",
                            "[1:2:3:4:5:6:7]", "[1:2:3:4:5:6:7:8:9]", "[1:2:3:4:5:6:7::8]",
                            "[1:2:3:4:5:6:7:1.2.3.4]", "[12345::]", "[::g]", "[::1.2.3]", "[::1.2.3.4.5]",
                            "[::1.2.3.256]", "[::1.2.3.04]", "[::1.2..4]", "[::1.2.3.4:1]", "[::1.2.3.]"}) {
        CAPTURE(bad);
        CHECK_FALSE(sent(bad));
    }
}

TEST_CASE("a hand-filled bracketed host is judged as Boost.URL's IPv6 grammar judges it")
{
    // Written out by hand in request.hpp so that the request head needs no
    // compiled Boost.URL; here it must agree with the compiled parser on
    // every short text over the bytes that matter, and on longer ones
    // made of whole groups.
    auto const check = [](std::string const& s) {
        bool const ours = uvcalls::detail::is_usable_host("[" + s + "]");
        bool const boosts = boost::urls::parse_ipv6_address(s).has_value();
        if (ours != boosts) {
            CAPTURE(s);
            CHECK(ours == boosts);
        }
        return ours;
    };
    std::size_t accepted = 0;
    char const alphabet[] = {'0', 'a', ':', '.'};
    for (std::size_t len = 1; len <= 8; ++len) {
        std::size_t total = 1;
        for (std::size_t k = 0; k < len; ++k)
            total *= 4;
        for (std::size_t n = 0; n < total; ++n) {
            std::string s;
            for (std::size_t k = 0, v = n; k < len; ++k, v /= 4)
                s += alphabet[v % 4];
            accepted += check(s);
        }
    }
    char const* const parts[] = {"0", "1f", "abcd", "ABCD", "12345", "1.2.3.4", "255.255.255.255",
                                 "256.1.1.1", "01.1.1.1", "0.0.0.0", "1.2.3", "g", ""};
    std::uint32_t x = 12345;
    for (int n = 0; n < 40000; ++n) {
        std::string s;
        x = x * 1103515245u + 12345u;
        int const count = 1 + int(x >> 16) % 10;
        for (int k = 0; k < count; ++k) {
            x = x * 1103515245u + 12345u;
            if (k > 0)
                s += (x >> 28) == 0 ? "::" : ":";
            s += parts[(x >> 16) % (sizeof parts / sizeof *parts)];
        }
        accepted += check(s);
    }
    CHECK(accepted > 1000); // the generated texts reach the accepting side too
}

TEST_CASE("a hand-filled host is checked to the end of its view, not of the text behind it")
{
    // The host views the first 14 bytes of a longer text whose next bytes
    // are host bytes too: only the view is the host.
    char const text[] = "gw.example.comtail.example";
    uvcalls::base_url const base{false, std::string_view(text, 14), 8080, ""};
    char buf[512];
    auto const h = uvcalls::format_request_head(base, "/api/calls", "k", {}, buf, sizeof buf);
    REQUIRE(h.has_value());
    CHECK(std::string(*h).find("\r\nHost: gw.example.com:8080\r\n") != std::string::npos);
}

TEST_CASE("a base_url filled by hand with bytes that break the head is refused")
{
    struct row {
        char const* name;
        uvcalls::base_url base;
    };
    row const rows[] = {
        {"host with CR LF", {true, "api.ultravox.ai\r\nX-Evil: 1", 443, ""}},
        {"host with space", {true, "api ultravox", 443, ""}},
        {"host with slash", {true, "evil.example/x", 443, ""}},
        {"host with userinfo", {true, "user@evil.example", 443, ""}},
        {"empty host", {true, "", 443, ""}},
        {"host with a port", {true, "evil.example:99", 443, ""}},
        {"host with a percent", {true, "evil%2Eexample", 443, ""}},
        {"unclosed IPv6 literal", {true, "[::1", 443, ""}},
        {"IPv6 literal with a zone", {true, "[fe80::1%25eth0]", 443, ""}},
        {"IPv6 literal with a port inside", {true, "[::1]:99", 443, ""}},
        {"bare IPv6 address", {true, "::1", 443, ""}},
        {"empty brackets", {true, "[]", 443, ""}},
        {"brackets around a lone colon", {true, "[:]", 443, ""}},
        {"IPv6 literal with a second closing bracket", {true, "[::1]]", 443, ""}},
        {"host with a backslash", {true, "evil.example\\x", 443, ""}},
        {"host with a quote", {true, "evil\"example", 443, ""}},
        {"port zero", {true, "api.ultravox.ai", 0, ""}},
        {"path without slash", {true, "api.ultravox.ai", 443, "uv"}},
        {"path with trailing slash", {true, "api.ultravox.ai", 443, "/uv/"}},
        {"path with query", {true, "api.ultravox.ai", 443, "/uv?x"}},
        {"path with space", {true, "api.ultravox.ai", 443, "/u v"}},
        {"path with a bad escape", {true, "api.ultravox.ai", 443, "/u%zz"}},
        {"path with an escape cut short", {true, "api.ultravox.ai", 443, "/u%4"}},
        {"path with a brace", {true, "api.ultravox.ai", 443, "/u{v}"}},
        // Every target would start "//evil.example/", which names that host
        // to anything that resolves it against the base (found by an audit).
        {"path starting with //", {true, "api.ultravox.ai", 443, "//evil.example"}},
        {"path with a dot segment before //", {true, "api.ultravox.ai", 443, "/.//evil.example"}},
        {"path with a .. segment", {true, "api.ultravox.ai", 443, "/uv/../x"}},
        {"path starting with a backslash after the slash", {true, "api.ultravox.ai", 443, "/\\evil.example"}},
    };
    for (auto const& r : rows) {
        SUBCASE(r.name)
        {
            char buf[1024];
            auto const h = uvcalls::format_request_head(r.base, "/api/calls", "k", {}, buf,
                                                        sizeof buf);
            REQUIRE(h.has_error());
            CHECK(h.error().code == error::invalid_base_url);
            uvcalls::list_calls_query q;
            auto const t = uvcalls::format_list_calls_target(r.base, q, buf, sizeof buf);
            REQUIRE(t.has_error());
            CHECK(t.error().code == error::invalid_base_url);
            auto const whole = uvcalls::format_list_calls_request(r.base, q, "k", {}, buf, sizeof buf);
            REQUIRE(whole.has_error());
            CHECK(whole.error().code == error::invalid_base_url);
        }
    }
}

TEST_CASE("a buffer too small for the head is an error at every size below the needed one")
{
    uvcalls::metadata_filter const m[] = {{"k", "\xF0\x9F\x98\x80"}};
    uvcalls::list_calls_query q;
    q.metadata = m;
    q.page_size = 7;
    uvcalls::header_field const extra[] = {{"X-Id", "1"}};
    uvcalls::base_url const base = parse("http://gw:8080/uv");
    std::vector<char> big(4096);
    auto const full = uvcalls::format_list_calls_request(base, q, "key", extra, big.data(),
                                                         big.size());
    REQUIRE(full.has_value());
    std::string const expected(*full);
    for (std::size_t size = 0; size < expected.size(); ++size) {
        CAPTURE(size);
        std::vector<char> buf(size + 1, '\x55');
        auto const r = uvcalls::format_list_calls_request(base, q, "key", extra, buf.data(), size);
        REQUIRE(r.has_error());
        CHECK(r.error().code == error::buffer_too_small);
        auto const h = uvcalls::format_request_head(base, "/uv/api/calls", "key", extra,
                                                    buf.data(), size);
        if (size < head(base, "/uv/api/calls", "key", extra).size()) {
            REQUIRE(h.has_error());
            CHECK(h.error().code == error::buffer_too_small);
        }
        auto const t = uvcalls::format_list_calls_target(base, q, buf.data(), size);
        if (size < std::string("/uv/api/calls?metadata.k=%F0%9F%98%80&pageSize=7").size()) {
            REQUIRE(t.has_error());
            CHECK(t.error().code == error::buffer_too_small);
        }
        CHECK(buf[size] == '\x55'); // nothing written past the size given
    }
    std::vector<char> exact(expected.size());
    auto const r = uvcalls::format_list_calls_request(base, q, "key", extra, exact.data(),
                                                      exact.size());
    REQUIRE(r.has_value());
    CHECK(*r == expected);
    // The head alone and the target alone fit their exact sizes too.
    std::string const head_text = head(base, "/uv/api/calls", "key", extra);
    std::vector<char> exact_head(head_text.size());
    auto const h = uvcalls::format_request_head(base, "/uv/api/calls", "key", extra, exact_head.data(),
                                                exact_head.size());
    REQUIRE(h.has_value());
    CHECK(*h == head_text);
    std::string const target_text = "/uv/api/calls?metadata.k=%F0%9F%98%80&pageSize=7";
    std::vector<char> exact_target(target_text.size());
    auto const t = uvcalls::format_list_calls_target(base, q, exact_target.data(), exact_target.size());
    REQUIRE(t.has_value());
    CHECK(*t == target_text);
}

TEST_CASE("a buffer too small for the head or the target gets not one byte of it, so no part of the API key")
{
    // "Never a truncated head" is about the result, and a truncated head
    // written into the caller's buffer before the error is returned would
    // still put the start of the API key where the caller sees no head:
    // in a buffer they may log or send as it is. Each writer measures
    // first and writes only what fits whole, so the buffer is untouched.
    std::string_view const key = "sk-secret-key-0123456789";
    uvcalls::list_calls_query q;
    q.page_size = 7;
    uvcalls::header_field const extra[] = {{"X-Id", "1"}};
    uvcalls::base_url const base = parse("http://gw:8080/uv");
    std::string const target = "/uv/api/calls?pageSize=7";
    std::string const whole = head(base, target, key, extra);
    for (std::size_t size = 0; size < whole.size(); ++size) {
        CAPTURE(size);
        std::vector<char> buf(size + 1, '\x55');
        auto const untouched = [&] {
            return std::all_of(buf.begin(), buf.end(), [](char c) { return c == '\x55'; });
        };
        auto const r = uvcalls::format_list_calls_request(base, q, key, extra, buf.data(), size);
        REQUIRE(r.has_error());
        CHECK(r.error().code == error::buffer_too_small);
        CHECK(untouched());
        auto const h = uvcalls::format_request_head(base, target, key, extra, buf.data(), size);
        REQUIRE(h.has_error());
        CHECK(h.error().code == error::buffer_too_small);
        CHECK(untouched());
        if (size < target.size()) {
            auto const t = uvcalls::format_list_calls_target(base, q, buf.data(), size);
            REQUIRE(t.has_error());
            CHECK(t.error().code == error::buffer_too_small);
            CHECK(untouched());
        }
    }
    // A header refused after the key was checked: nothing written either.
    uvcalls::header_field const bad[] = {{"X-Id", "1\r\nX-Evil: 1"}};
    std::vector<char> buf(whole.size() + 64, '\x55');
    auto const r = uvcalls::format_request_head(base, target, key, bad, buf.data(), buf.size());
    REQUIRE(r.has_error());
    CHECK(r.error().code == error::invalid_header_value);
    CHECK(std::all_of(buf.begin(), buf.end(), [](char c) { return c == '\x55'; }));
}

TEST_CASE("the User-Agent version is the project's version")
{
    std::ifstream in(UVCALLS_SOURCE_DIR "/CMakeLists.txt");
    std::stringstream ss;
    ss << in.rdbuf();
    CHECK(ss.str().find("project(uvcalls VERSION " UVCALLS_VERSION_STRING " ") !=
          std::string::npos);
    CHECK(uvcalls::user_agent == "uvcalls/" UVCALLS_VERSION_STRING);
}

TEST_CASE("any one parameter alone puts a query after /api/calls")
{
    std::string_view const ids[] = {"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"};
    uvcalls::metadata_filter const meta[] = {{"k", "v"}};
    struct row {
        char const* want;
        void (*set)(uvcalls::list_calls_query&, boost::span<std::string_view const>,
                    boost::span<uvcalls::metadata_filter const>);
    };
    row const rows[] = {
        {"/api/calls?agentIds=0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
         [](auto& q, auto a, auto) { q.agent_ids = a; }},
        {"/api/calls?cursor=c", [](auto& q, auto, auto) { q.cursor = "c"; }},
        {"/api/calls?durationMax=9s", [](auto& q, auto, auto) { q.duration_max = "9s"; }},
        {"/api/calls?durationMin=1s", [](auto& q, auto, auto) { q.duration_min = "1s"; }},
        {"/api/calls?fromDate=2024-01-02", [](auto& q, auto, auto) { q.from_date = "2024-01-02"; }},
        {"/api/calls?metadata.k=v", [](auto& q, auto, auto m) { q.metadata = m; }},
        {"/api/calls?pageSize=5", [](auto& q, auto, auto) { q.page_size = 5; }},
        {"/api/calls?search=s", [](auto& q, auto, auto) { q.search = "s"; }},
        {"/api/calls?sort=-created", [](auto& q, auto, auto) { q.sort = "-created"; }},
        {"/api/calls?timeOfDayEnd=12%3A00%3A00", [](auto& q, auto, auto) { q.time_of_day_end = "12:00:00"; }},
        {"/api/calls?timeOfDayStart=01%3A00%3A00", [](auto& q, auto, auto) { q.time_of_day_start = "01:00:00"; }},
        {"/api/calls?toDate=2024-01-03", [](auto& q, auto, auto) { q.to_date = "2024-01-03"; }},
        {"/api/calls?voiceId=0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
         [](auto& q, auto, auto) { q.voice_id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"; }},
    };
    for (auto const& r : rows) {
        CAPTURE(std::string(r.want));
        uvcalls::list_calls_query q;
        r.set(q, boost::span<std::string_view const>(ids), boost::span<uvcalls::metadata_filter const>(meta));
        char buf[256];
        auto const t = uvcalls::format_list_calls_target(uvcalls::base_url(), q, buf, sizeof buf);
        REQUIRE(t.has_value());
        CHECK(*t == r.want);
    }
}
