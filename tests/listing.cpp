// The listing protocol of README.md ("Query and request"), end to end:
// the query's request head, a simulated API server, page_decoder fed in
// chunks, page_follower, page_link_cursor, the cursor stored and the
// listing resumed from it after a reboot or a failed transfer. It crosses
// every header on that path (query, request, decoder, pagination), so it
// has a file of its own. What it checks is the promise those pieces make
// together: no call lost, none delivered twice.
#include <uvcalls/decoder.hpp>
#include <uvcalls/pagination.hpp>
#include <uvcalls/query.hpp>
#include <uvcalls/request.hpp>

#include "support/form_query.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using uvcalls::error;

constexpr std::string_view api_key = "uv-listing-test-key";
constexpr std::string_view our_agent = "5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d";
constexpr std::string_view other_agent = "9d2a6c41-7b3e-4f0a-8c15-2e6b9a0d4f73";

// xorshift32: the same numbers on every target the tests run on (the
// standard distributions are not specified bit for bit).
struct random_source {
    std::uint32_t state;
    std::uint32_t below(std::uint32_t n)
    {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state % n;
    }
    bool per_mille(std::uint32_t p) { return below(1000) < p; }
};

std::string call_id(std::size_t i)
{
    std::string id = "00000000-0000-4000-8000-000000000000";
    for (std::size_t k = id.size(); i != 0; i /= 16)
        id[--k] = "0123456789abcdef"[i % 16];
    return id;
}

// The API as Django REST framework's CursorPagination serves it: the
// calls in one order, newest first; a cursor is a position in the listing
// as filtered by the request, written in base64's alphabet ('+', '/' and
// '=' included, as DRF's are) and put into `next` url-encoded, after the
// request's other parameters. The filter is applied on every request, so
// a resumed request that dropped it would get other calls.
struct fake_api {
    struct stored_call {
        std::string id;
        std::string_view agent;
    };
    std::vector<stored_call> calls;
    std::size_t requests = 0;
    std::string problem; // why the last request was refused

    static std::string cursor_at(std::size_t position)
    {
        return "cD0y+" + std::to_string(position) + "/Mw==";
    }
    static std::optional<std::size_t> position_of(std::string const& c)
    {
        std::string const head = "cD0y+", tail = "/Mw==";
        if (c.size() <= head.size() + tail.size() || c.compare(0, head.size(), head) != 0 ||
            c.compare(c.size() - tail.size(), tail.size(), tail) != 0)
            return std::nullopt;
        std::size_t position = 0;
        for (std::size_t i = head.size(); i < c.size() - tail.size(); ++i) {
            if (c[i] < '0' || c[i] > '9')
                return std::nullopt;
            position = position * 10 + static_cast<std::size_t>(c[i] - '0');
        }
        return position;
    }
    // Python's urllib.parse.quote_plus, which Django's urlencode uses.
    static std::string quote_plus(std::string_view s)
    {
        std::string out;
        for (char ch : s) {
            auto const c = static_cast<unsigned char>(ch);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                c == '.' || c == '-' || c == '~') {
                out += ch;
            } else if (c == ' ') {
                out += '+';
            } else {
                out += '%';
                out += "0123456789ABCDEF"[c >> 4];
                out += "0123456789ABCDEF"[c & 15];
            }
        }
        return out;
    }
    static std::string link(std::vector<std::string> const& agents, std::size_t page_size, std::size_t position)
    {
        std::string url = "https://api.ultravox.ai/api/calls?";
        for (auto const& a : agents)
            url += "agentIds=" + quote_plus(a) + "&";
        return url + "cursor=" + quote_plus(cursor_at(position)) + "&pageSize=" + std::to_string(page_size);
    }
    static std::string call_json(stored_call const& c, std::size_t i)
    {
        // Escapes and non-ASCII text, so that strings take Boost.JSON's
        // escaped path and chunks end inside UTF-8 sequences.
        return R"({"callId":")" + c.id + R"(","clientVersion":null,"created":"2025-06-01T12:)" +
               (i % 60 < 10 ? "0" : "") + std::to_string(i % 60) +
               R"(:00Z","joined":null,"ended":null,"endReason":"hangup","agentId":")" + std::string(c.agent) +
               R"(","systemPrompt":"Line one\nd\u00e9j\u00e0 vu, \"quoted\", 電話 )" + std::to_string(i) +
               R"(","metadata":{"seq":")" + std::to_string(i) + R"("}})";
    }

    std::optional<std::string> refuse(std::string why)
    {
        problem = std::move(why);
        return std::nullopt;
    }

    // The body of the answer to a request head; nullopt when the request
    // is refused (`problem` says why).
    std::optional<std::string> answer(std::string_view head)
    {
        ++requests;
        if (head.substr(0, 4) != "GET ")
            return refuse("not a GET");
        std::size_t const space = head.find(' ', 4);
        if (space == std::string_view::npos || head.substr(space, 11) != " HTTP/1.1\r\n")
            return refuse("no HTTP/1.1 request line");
        if (head.find("\r\nHost: api.ultravox.ai\r\n") == std::string_view::npos)
            return refuse("wrong Host");
        if (head.find("\r\nX-API-Key: " + std::string(api_key) + "\r\n") == std::string_view::npos)
            return refuse("no API key");
        if (head.size() < 4 || head.substr(head.size() - 4) != "\r\n\r\n")
            return refuse("head not ended");
        std::string_view const target = head.substr(4, space - 4);
        std::size_t const q = std::min(target.find('?'), target.size());
        if (target.substr(0, q) != "/api/calls")
            return refuse("path " + std::string(target.substr(0, q)));
        std::vector<std::string> agents;
        std::optional<std::string> cursor;
        std::size_t page_size = 100;
        for (auto const& [key, value] : test::form_params(target.substr(std::min(q + 1, target.size())))) {
            if (key == "agentIds") {
                agents.push_back(value);
            } else if (key == "pageSize") {
                page_size = std::stoul(value);
            } else if (key == "cursor") {
                if (cursor)
                    return refuse("two cursors");
                cursor = value;
            } else {
                return refuse("parameter " + key);
            }
        }
        std::vector<std::size_t> listed;
        for (std::size_t i = 0; i < calls.size(); ++i)
            if (agents.empty() || std::find(agents.begin(), agents.end(), calls[i].agent) != agents.end())
                listed.push_back(i);
        std::optional<std::size_t> const position = cursor ? position_of(*cursor) : std::size_t(0);
        if (!position || *position > listed.size())
            return refuse("invalid cursor " + cursor.value_or(""));
        std::size_t const end = std::min(*position + page_size, listed.size());
        std::string body = R"({"next":)";
        body += end < listed.size() ? "\"" + link(agents, page_size, end) + "\"" : "null";
        body += R"(,"previous":)";
        body += *position > 0 ? "\"" + link(agents, page_size, *position - std::min(*position, page_size)) + "\""
                              : "null";
        body += R"(,"results":[)";
        for (std::size_t k = *position; k < end; ++k)
            body += (k > *position ? "," : "") + call_json(calls[listed[k]], listed[k]);
        // The API writes `total` after `results`.
        return body + R"(],"total":)" + std::to_string(listed.size()) + "}";
    }
};

fake_api make_api(std::size_t ours, std::size_t others)
{
    // Every fourth call is another agent's, while there are some left.
    fake_api api;
    std::size_t theirs = 0;
    for (std::size_t i = 0; i < ours + others; ++i) {
        bool const other = i % 4 == 3 && theirs < others;
        theirs += other;
        api.calls.push_back({call_id(i), other ? other_agent : our_agent});
    }
    REQUIRE(theirs == others);
    return api;
}

std::vector<std::string> ids_listed_for_us(fake_api const& api)
{
    std::vector<std::string> ids;
    for (auto const& c : api.calls)
        if (c.agent == our_agent)
            ids.push_back(c.id);
    return ids;
}

// What a device keeps across a reboot, written together with the calls it
// handled: the cursor of the page being listed (empty: the first page),
// how many of that page's calls were handled, and the handled calls.
struct device_storage {
    std::string cursor;
    std::size_t handled = 0;
    std::vector<std::string> delivered;
};

// How a client deviates from README.md's protocol, to show that the
// simulation notices it.
enum class protocol {
    readme,                 // as README.md says
    store_cursor_on_decode, // stores next's cursor as soon as it is decoded
    no_skip_on_retry,       // does not skip the calls handled before a retry
};

struct fault_plan {
    std::uint32_t reboot_per_mille = 0; // after a call is handled, and between pages
    std::uint32_t cut_per_mille = 0;    // a transfer that breaks off within the body
    std::size_t page_size = 4;
    protocol client = protocol::readme;
};

struct fault_counts {
    std::size_t reboots = 0;
    std::size_t cuts = 0;
    std::size_t cuts_after_a_call = 0;
};

// One boot of a device: lists from what `disk` holds until the last page
// has been handled (true) or the device reboots (false).
bool list_until_done_or_reboot(fake_api& api, device_storage& disk, fault_plan const& plan, random_source& rnd,
                               fault_counts& counts)
{
    uvcalls::base_url const base; // https://api.ultravox.ai
    std::string_view const agents[] = {our_agent};
    uvcalls::list_calls_query q;
    q.agent_ids = agents;
    q.page_size = static_cast<std::int64_t>(plan.page_size);
    if (!disk.cursor.empty())
        q.cursor = disk.cursor;
    char head_buf[1024];
    auto const first = uvcalls::format_list_calls_request(base, q, api_key, {}, head_buf, sizeof head_buf);
    REQUIRE(first.has_value());
    std::string head(*first);

    std::uint64_t seen[64];
    uvcalls::page_follower pages(base, seen);
    REQUIRE_FALSE(pages.start(disk.cursor));

    std::vector<char> arena(16 * 1024);
    bool rebooted = false;
    uvcalls::page_decoder* decoder = nullptr;
    auto const on_call = [&](uvcalls::call const& c, std::size_t index) {
        if (plan.client == protocol::store_cursor_on_decode && index == 0) {
            // `next` comes before `results`: already decoded here.
            auto const& next = decoder->page().next;
            if (next.has_value()) {
                auto const link = uvcalls::parse_page_link(base, *next);
                REQUIRE(link.has_value());
                char buf[256];
                auto const cursor = uvcalls::page_link_cursor(*link, buf, sizeof buf);
                REQUIRE(cursor.has_value());
                disk.cursor = std::string(*cursor);
                disk.handled = 0;
            }
        }
        if (plan.client != protocol::no_skip_on_retry && index < disk.handled)
            return true; // handled before the reboot or the failed transfer
        REQUIRE(c.call_id.has_value());
        disk.delivered.emplace_back(c.call_id->text);
        disk.handled = index + 1;
        if (rnd.per_mille(plan.reboot_per_mille)) {
            rebooted = true;
            return false;
        }
        return true;
    };
    uvcalls::page_decoder d(arena.data(), arena.size(), on_call);
    decoder = &d;

    for (std::size_t attempt = 0; attempt < 1000; ++attempt) {
        auto const body = api.answer(head);
        REQUIRE_MESSAGE(body.has_value(), api.problem);
        std::size_t length = body->size();
        bool const cut = rnd.per_mille(plan.cut_per_mille);
        if (cut)
            length = rnd.below(static_cast<std::uint32_t>(body->size()));
        std::size_t const handled_before = disk.handled;
        d.reset();
        uvcalls::error_code ec;
        for (std::size_t pos = 0; pos < length && !ec;) {
            std::size_t const n = std::min<std::size_t>(1 + rnd.below(97), length - pos);
            d.write(body->data() + pos, n, ec);
            pos += n;
        }
        if (!ec)
            d.finish(ec);
        if (rebooted) {
            CHECK(ec == error::stopped_by_handler);
            ++counts.reboots;
            return false;
        }
        if (cut) {
            // A transfer that broke off: retried with the same head.
            CHECK(ec == error::json_incomplete);
            ++counts.cuts;
            counts.cuts_after_a_call += disk.handled != handled_before;
            continue;
        }
        REQUIRE_MESSAGE(!ec, ec.message(), " at byte ", d.byte_offset(), " ", d.error_path());
        // The page's last call is handled: only now is next's cursor stored.
        std::optional<std::string_view> next;
        if (d.page().next.has_value())
            next = *d.page().next;
        if (!next)
            return true; // the last page
        auto const link = uvcalls::parse_page_link(base, *next);
        REQUIRE(link.has_value());
        char cursor_buf[256];
        auto const cursor = uvcalls::page_link_cursor(*link, cursor_buf, sizeof cursor_buf);
        REQUIRE(cursor.has_value());
        disk.cursor = std::string(*cursor);
        disk.handled = 0;
        if (rnd.per_mille(plan.reboot_per_mille)) {
            ++counts.reboots;
            return false;
        }
        char target[512];
        auto const t = pages.next(next, target, sizeof target);
        REQUIRE_MESSAGE(t.has_value(), t.error().message());
        REQUIRE_FALSE(t->empty());
        auto const h = uvcalls::format_request_head(base, *t, api_key, {}, head_buf, sizeof head_buf);
        REQUIRE(h.has_value());
        head = std::string(*h);
    }
    FAIL("a page was retried 1000 times");
    return false;
}

// Boots the device until its listing is done; the calls it delivered.
std::vector<std::string> list_with_faults(fake_api& api, fault_plan const& plan, std::uint32_t seed,
                                          fault_counts& counts)
{
    device_storage disk;
    random_source rnd{seed};
    for (int boot = 0; boot < 10000; ++boot)
        if (list_until_done_or_reboot(api, disk, plan, rnd, counts))
            return disk.delivered;
    FAIL("the listing did not end in 10000 boots");
    return disk.delivered;
}

} // namespace

TEST_CASE("a listing followed to its last page delivers each call once, in order, with the filter on every page")
{
    for (std::size_t page_size : {1, 4, 5, 23, 24, 100}) {
        CAPTURE(page_size);
        fake_api api = make_api(23, 7);
        fault_counts counts;
        fault_plan plan;
        plan.page_size = page_size;
        CHECK(list_with_faults(api, plan, 1, counts) == ids_listed_for_us(api));
        // One request per page; 23 calls, so a page of 23 is followed by
        // none, and a page of 24 or more is the only one.
        CHECK(api.requests == (23 + page_size - 1) / page_size);
        CHECK(counts.reboots == 0);
        CHECK(counts.cuts == 0);
    }
}

TEST_CASE("a listing rebooted and cut off at random points delivers each call exactly once, in order")
{
    fault_counts total;
    for (std::uint32_t seed = 1; seed <= 60; ++seed) {
        CAPTURE(seed);
        fault_plan plan;
        plan.reboot_per_mille = 120;
        plan.cut_per_mille = 250;
        plan.page_size = 1 + seed % 7;
        CAPTURE(plan.page_size);
        fake_api api = make_api(23, 7);
        CHECK(list_with_faults(api, plan, seed, total) == ids_listed_for_us(api));
    }
    // The faults happened, including transfers cut after some of a page's
    // calls were handled (the case README.md's skip is for).
    CHECK(total.reboots > 100);
    CHECK(total.cuts > 100);
    CHECK(total.cuts_after_a_call > 20);
}

TEST_CASE("the simulation notices a client that stores the cursor early or does not skip handled calls")
{
    // A check that cannot fail proves nothing: each deviation from the
    // README's protocol loses or repeats calls under the same faults.
    for (protocol client : {protocol::store_cursor_on_decode, protocol::no_skip_on_retry}) {
        CAPTURE(static_cast<int>(client));
        std::size_t wrong = 0;
        for (std::uint32_t seed = 1; seed <= 20; ++seed) {
            fault_plan plan;
            plan.reboot_per_mille = 120;
            plan.cut_per_mille = 250;
            plan.page_size = 4;
            plan.client = client;
            fake_api api = make_api(23, 7);
            fault_counts counts;
            wrong += list_with_faults(api, plan, seed, counts) != ids_listed_for_us(api);
        }
        CHECK(wrong > 10);
    }
}
