// Compiles and runs the "Query and request" snippet of README.md, and checks
// the README still holds exactly this code (between the markers below,
// indented by four spaces here).
#include <uvcalls/query.hpp>
#include <uvcalls/request.hpp>
#include <uvcalls/pagination.hpp>

#include "support/readme.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

// The snippet's environment: a scripted server and a record of what was sent.
struct environment {
    std::vector<std::string> sent;
    std::vector<std::optional<std::string_view>> nexts;
    std::size_t page = 0;
    std::string failure;
};

int readme_snippet(environment& env, std::string_view api_key)
{
    auto const send = [&](std::string_view bytes) { env.sent.emplace_back(bytes); };
    auto const receive_page_next = [&]() -> std::optional<std::string_view> {
        return env.page < env.nexts.size() ? env.nexts[env.page++] : std::nullopt;
    };
    auto const fail = [&](auto const& e) {
        std::ostringstream os;
        os << e;
        env.failure = os.str();
        return 1;
    };

    // README-BEGIN
    std::string_view const agents[] = {"5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d"};
    uvcalls::metadata_filter const meta[] = {{"customer", "ACME & Co"}};
    uvcalls::list_calls_query q;
    q.agent_ids = agents;             // agentIds=…&agentIds=… (repeated keys)
    q.metadata = meta;                // metadata.customer=ACME%20%26%20Co
    q.from_date = "2024-05-01";       // a date, or an RFC 3339 date-time
    q.page_size = 50;

    uvcalls::base_url const base;     // https://api.ultravox.ai; or parse_base_url("http://gw:8080/uv")
    char head[1024];
    auto const request = uvcalls::format_list_calls_request(base, q, api_key, {}, head, sizeof head);
    if (!request)
        return fail(request.error());  // .code, .parameter ("search", "agentIds", …), .index
    send(*request);                    // "GET /api/calls?agentIds=…&pageSize=50 HTTP/1.1\r\nHost: …"

    std::uint64_t seen[100];           // one slot per page: at most 100 pages
    uvcalls::page_follower pages(base, seen);
    pages.start();
    char target[1024];
    for (std::optional<std::string_view> next = receive_page_next(); ; next = receive_page_next()) {
        auto const t = pages.next(next, target, sizeof target);  // nullopt or "" : last page
        if (!t)
            return fail(t.error());    // link_host_mismatch, repeated_cursor, page_limit, …
        if (t->empty())
            break;
        auto const h = uvcalls::format_request_head(base, *t, api_key, {}, head, sizeof head);
        if (!h)
            return fail(h.error());
        send(*h);
    }
    // README-END
    return 0;
}

} // namespace

TEST_CASE("the README snippet is this file's code")
{
    std::string const block = test::readme_code_block(test::source_file("README.md"), "## Query and request");
    REQUIRE_FALSE(block.empty());
    std::string const self = test::source_file("tests/readme_query.cpp");

    auto const marker = self.find("// README-BEGIN\n");
    auto const end = self.find("    // README-END");
    REQUIRE(marker != std::string::npos);
    REQUIRE(end != std::string::npos);
    auto const begin = marker + 16;
    std::string code;
    std::istringstream lines(self.substr(begin, end - begin));
    for (std::string line; std::getline(lines, line);)
        code += (line.compare(0, 4, "    ") == 0 ? line.substr(4) : line) + "\n";
    CHECK(code == block);
}

TEST_CASE("the README snippet lists every page and stops at the last")
{
    environment env;
    env.nexts = {std::string_view("https://api.ultravox.ai/api/calls?cursor=p2&pageSize=50"),
                 std::string_view("https://api.ultravox.ai/api/calls?cursor=p3&pageSize=50"),
                 std::nullopt};
    CHECK(readme_snippet(env, "sk-test") == 0);
    CHECK(env.failure == "");
    REQUIRE(env.sent.size() == 3);
    CHECK(env.sent[0].rfind("GET /api/calls?agentIds=5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d"
                            "&fromDate=2024-05-01&metadata.customer=ACME%20%26%20Co&pageSize=50"
                            " HTTP/1.1\r\nHost: api.ultravox.ai\r\nX-API-Key: sk-test\r\n", 0) == 0);
    CHECK(env.sent[1].rfind("GET /api/calls?cursor=p2&pageSize=50 HTTP/1.1\r\n", 0) == 0);
    CHECK(env.sent[2].rfind("GET /api/calls?cursor=p3&pageSize=50 HTTP/1.1\r\n", 0) == 0);
}

TEST_CASE("the README snippet stops at a link to another host without sending the key")
{
    environment env;
    env.nexts = {std::string_view("https://evil.example/api/calls?cursor=p2")};
    CHECK(readme_snippet(env, "sk-test") == 1);
    CHECK(env.sent.size() == 1);
    std::ostringstream expected;
    expected << uvcalls::error_code(uvcalls::error::link_host_mismatch);
    CHECK(env.failure == expected.str());
}

TEST_CASE("the README snippet reports a bad API key before sending anything")
{
    environment env;
    CHECK(readme_snippet(env, "sk\r\nX-Evil: 1") == 1);
    CHECK(env.sent.empty());
    CHECK(env.failure == "invalid header value (X-API-Key[0])");
}
