// fuzz_query — the query builder, the request head and the `next`-link
// follower on arbitrary values.
//
// Input: lines; the first byte of a line says what the rest of it is:
//   a agentIds (each line one more)   c cursor          X durationMax
//   x durationMin    f fromDate       t toDate          k metadata key (one
//   more filter)     v its value      p pageSize (decimal)  s search
//   o sort           E timeOfDayEnd   S timeOfDayStart  V voiceId
//   b base URL       K API key        h header `name:value`  n next link
//   N pages the follower may request (first digit mod 8; default 3)
// Other lines are ignored, so the fuzzer may break a line and go on.
//
// Invariants:
// - whatever validate() accepts encodes, at its exact announced size, to a
//   query, a target and a request head that Boost.URL parses back to the
//   same parameters (in the documented order), and whose header lines are
//   exactly the ones asked for (no CR or LF smuggled into one);
// - the query string read as the API's server (Django) reads a form,
//   decoded here without Boost.URL ('&', the first '=', '+' a space, %XX),
//   gives back exactly the values set: each parameter, every agentIds,
//   every metadata.<key>=<value>;
// - each header line of the head is `name: value` with exactly the value
//   asked for (Host with the port when not the scheme's default, the API
//   key, the caller's values); a refused head names the API key when the
//   key is not a header value (control byte, surrounding SP or HTAB),
//   checked first, else "header"; target and head are written at their
//   exact size and refused one byte short (never truncated);
// - a `next` link is never accepted when, read naively and independently
//   of Boost.URL, it names another scheme, host or port than the base URL;
//   the follower writes exactly its target, and a cursor taken from it
//   is the one the server reads from that target, and comes back
//   unchanged through a query, which refuses it only when it is empty or
//   not UTF-8;
// - parse_page_link's errors come in the documented order: a link refused
//   for its scheme, host or port is well-formed (accepted by a base with
//   the link's own origin), and differs from the base in that part and
//   not in the ones checked before it;
// - page_follower, started with the query's cursor, against a model of
//   the listing (decoded cursors, a link without one being the first
//   page): it refuses exactly the links whose cursor was seen before
//   (repeated_cursor; a fingerprint collision may also say so) and those
//   past the cap (page_limit, also from start() on empty storage); on an
//   error nothing is recorded; pages() counts the requests and never
//   exceeds the storage.
#include "check.hpp"
#include "../tests/support/form_query.hpp"

#include <uvcalls/pagination.hpp>
#include <uvcalls/query.hpp>
#include <uvcalls/request.hpp>

#include <boost/core/span.hpp>
#include <boost/url/decode_view.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using uvcalls::error;
using param_list = std::vector<std::pair<std::string, std::string>>;

struct input {
    std::vector<std::string_view> agents;
    std::vector<uvcalls::metadata_filter> metadata;
    std::vector<uvcalls::header_field> headers;
    std::vector<std::string_view> links;
    uvcalls::list_calls_query q;
    std::optional<std::string_view> base;
    std::string_view api_key;
    std::size_t pages = 3; // page_follower storage
    std::size_t size = 0;
};

std::int64_t parse_page_size(std::string_view s)
{
    bool const minus = !s.empty() && s.front() == '-';
    std::uint64_t v = 0;
    for (char c : s.substr(minus ? 1 : 0))
        v = v * 10 + static_cast<unsigned char>(c) % 10; // wraps, like an unchecked reader would
    return static_cast<std::int64_t>(minus ? 0 - v : v);
}

input read_input(std::string_view data)
{
    input in;
    in.size = data.size();
    while (!data.empty()) {
        std::size_t const eol = std::min(data.find('\n'), data.size());
        std::string_view const line = data.substr(0, eol);
        data.remove_prefix(std::min(eol + 1, data.size()));
        if (line.empty())
            continue;
        std::string_view const v = line.substr(1);
        auto& q = in.q;
        switch (line.front()) {
        case 'a': if (in.agents.size() < 8) in.agents.push_back(v); break;
        case 'c': q.cursor = v; break;
        case 'X': q.duration_max = v; break;
        case 'x': q.duration_min = v; break;
        case 'f': q.from_date = v; break;
        case 't': q.to_date = v; break;
        case 'k': if (in.metadata.size() < 8) in.metadata.push_back({v, {}}); break;
        case 'v': if (!in.metadata.empty()) in.metadata.back().value = v; break;
        case 'p': q.page_size = parse_page_size(v); break;
        case 's': q.search = v; break;
        case 'o': q.sort = v; break;
        case 'E': q.time_of_day_end = v; break;
        case 'S': q.time_of_day_start = v; break;
        case 'V': q.voice_id = v; break;
        case 'b': in.base = v; break;
        case 'K': in.api_key = v; break;
        case 'h': {
            std::size_t const colon = std::min(v.find(':'), v.size());
            if (in.headers.size() < 4)
                in.headers.push_back({v.substr(0, colon), v.substr(std::min(colon + 1, v.size()))});
            break;
        }
        case 'n': if (in.links.size() < 4) in.links.push_back(v); break;
        case 'N': if (!v.empty()) in.pages = static_cast<unsigned char>(v.front()) % 8; break;
        default: break;
        }
    }
    in.q.agent_ids = in.agents;
    in.q.metadata = in.metadata;
    return in;
}

// The parameters a valid query must come back as, decoded, in the order
// encode_query() documents.
param_list expected_params(uvcalls::list_calls_query const& q)
{
    param_list out;
    auto const add = [&](char const* k, std::optional<std::string_view> v) {
        if (v)
            out.emplace_back(k, std::string(*v));
    };
    for (auto id : q.agent_ids)
        out.emplace_back("agentIds", std::string(id));
    add("cursor", q.cursor);
    add("durationMax", q.duration_max);
    add("durationMin", q.duration_min);
    add("fromDate", q.from_date);
    std::vector<uvcalls::metadata_filter> meta(q.metadata.begin(), q.metadata.end());
    std::sort(meta.begin(), meta.end(), [](auto const& x, auto const& y) { return x.key < y.key; });
    for (auto const& m : meta)
        out.emplace_back("metadata." + std::string(m.key), std::string(m.value));
    if (q.page_size)
        out.emplace_back("pageSize", std::to_string(*q.page_size));
    add("search", q.search);
    add("sort", q.sort);
    add("timeOfDayEnd", q.time_of_day_end);
    add("timeOfDayStart", q.time_of_day_start);
    add("toDate", q.to_date);
    add("voiceId", q.voice_id);
    return out;
}

std::string decoded(boost::urls::pct_string_view s)
{
    boost::urls::decode_view const d = *s;
    return std::string(d.begin(), d.end());
}

// The query string read back by Boost.URL, decoded.
param_list parse_params(std::string_view query)
{
    param_list out;
    if (query.empty())
        return out;
    auto const params = boost::urls::parse_query(query);
    UVCALLS_FUZZ_CHECK(params.has_value());
    for (auto const p : *params) {
        UVCALLS_FUZZ_CHECK(p.has_value);
        out.emplace_back(decoded(p.key), decoded(p.value));
    }
    return out;
}

bool unreserved_or_delimiter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~' || c == '%' || c == '&' || c == '=';
}

// RFC 9110 field-value as request.hpp documents it, written here: no
// control byte but HTAB, no SP or HTAB first or last.
bool header_value(std::string_view v)
{
    for (char c : v)
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F)
            return false;
    auto const ws = [](char c) { return c == ' ' || c == '\t'; };
    return v.empty() || (!ws(v.front()) && !ws(v.back()));
}

void check_query(input const& in, uvcalls::base_url const& base)
{
    auto const& q = in.q;
    bool const valid = !uvcalls::validate(q);
    auto const size = uvcalls::encoded_query_size(q);
    UVCALLS_FUZZ_CHECK(size.has_value() == valid);
    std::vector<char> buf(valid ? *size + 512 + base.path.size() + base.host.size() : 64);
    auto const query = uvcalls::encode_query(q, buf.data(), valid ? *size : buf.size());
    UVCALLS_FUZZ_CHECK(query.has_value() == valid);
    if (!valid)
        return;
    UVCALLS_FUZZ_CHECK(query->size() == *size);
    if (*size != 0)
        UVCALLS_FUZZ_CHECK(uvcalls::encode_query(q, buf.data(), *size - 1).error().code == error::buffer_too_small);
    UVCALLS_FUZZ_CHECK(std::all_of(query->begin(), query->end(), unreserved_or_delimiter));
    param_list const expected = expected_params(q);
    UVCALLS_FUZZ_CHECK(parse_params(*query) == expected);
    UVCALLS_FUZZ_CHECK(test::form_params(*query) == expected);

    // The target: the base path, /api/calls, and the same query.
    auto const target = uvcalls::format_list_calls_target(base, q, buf.data(), buf.size());
    UVCALLS_FUZZ_CHECK(target.has_value());
    std::string const target_text(*target);
    {
        // Exactly the size needed, and never a truncated target.
        std::vector<char> exact(target_text.size() + 1);
        auto const t = uvcalls::format_list_calls_target(base, q, exact.data(), target_text.size());
        UVCALLS_FUZZ_CHECK(t && *t == target_text);
        auto const short_by_one = uvcalls::format_list_calls_target(base, q, exact.data(), target_text.size() - 1);
        UVCALLS_FUZZ_CHECK(!short_by_one && short_by_one.error().code == error::buffer_too_small);
    }
    auto const url = boost::urls::parse_origin_form(target_text);
    UVCALLS_FUZZ_CHECK(url.has_value());
    UVCALLS_FUZZ_CHECK(url->encoded_path() == std::string(base.path) + "/api/calls");
    UVCALLS_FUZZ_CHECK(url->has_query() == !expected.empty());
    UVCALLS_FUZZ_CHECK(parse_params(url->encoded_query()) == expected);

    // The head: the request line and exactly the header lines asked for.
    std::vector<char> head_buf(buf.size() + 1024 + 4 * in.size);
    auto const head = uvcalls::format_list_calls_request(base, q, in.api_key, in.headers,
                                                         head_buf.data(), head_buf.size());
    if (!head) {
        auto const p = head.error().parameter;
        UVCALLS_FUZZ_CHECK(p && (std::string_view(p) == "X-API-Key" || std::string_view(p) == "header"));
        // The key is checked first, and refused exactly when it is no
        // header value.
        UVCALLS_FUZZ_CHECK((std::string_view(p) == "X-API-Key") == !header_value(in.api_key));
        if (!header_value(in.api_key))
            UVCALLS_FUZZ_CHECK(head.error().code == error::invalid_header_value);
        return;
    }
    UVCALLS_FUZZ_CHECK(header_value(in.api_key));
    {
        std::string const text(*head);
        std::vector<char> exact(text.size() + 1);
        auto const h = uvcalls::format_list_calls_request(base, q, in.api_key, in.headers, exact.data(), text.size());
        UVCALLS_FUZZ_CHECK(h && *h == text);
        auto const short_by_one =
            uvcalls::format_list_calls_request(base, q, in.api_key, in.headers, exact.data(), text.size() - 1);
        UVCALLS_FUZZ_CHECK(!short_by_one && short_by_one.error().code == error::buffer_too_small);
    }
    std::vector<std::string_view> lines;
    for (std::string_view h = *head; !h.empty();) {
        std::size_t const end = h.find("\r\n");
        UVCALLS_FUZZ_CHECK(end != std::string_view::npos);
        lines.push_back(h.substr(0, end));
        h.remove_prefix(end + 2);
    }
    std::string host(base.host);
    if (base.port != base.default_port())
        host += ":" + std::to_string(base.port);
    std::vector<std::pair<std::string, std::string>> fields = {
        {"Host", host},
        {"Accept", "application/json"},
        {"Accept-Encoding", "identity"},
        {"User-Agent", std::string(uvcalls::user_agent)},
        {"Connection", "keep-alive"},
    };
    if (!in.api_key.empty())
        fields.insert(fields.begin() + 1, {"X-API-Key", std::string(in.api_key)});
    for (auto const& h : in.headers)
        fields.emplace_back(std::string(h.name), std::string(h.value));
    UVCALLS_FUZZ_CHECK(lines.size() == fields.size() + 2);
    UVCALLS_FUZZ_CHECK(lines.front() == "GET " + target_text + " HTTP/1.1");
    UVCALLS_FUZZ_CHECK(lines.back().empty());
    for (std::size_t i = 0; i < fields.size(); ++i) {
        std::string_view const line = lines[i + 1];
        UVCALLS_FUZZ_CHECK(line.find_first_of("\r\n") == std::string_view::npos);
        UVCALLS_FUZZ_CHECK(line.substr(0, line.find(':')) == fields[i].first);
        UVCALLS_FUZZ_CHECK(line == fields[i].first + ": " + fields[i].second);
    }
}

// A deliberately naive reading of an absolute URL, sharing no code with
// Boost.URL: `scheme://authority`, the authority ending at the first '/',
// '?', '#' or '\' (where browsers end it), the host before the last ':'
// outside brackets.
struct origin {
    std::string_view scheme, host, port;
};
// ASCII case-insensitive equality, written here rather than taken from
// Boost.URL: grammar::ci_is_equal of 1.81 reads one byte past both strings
// when they differ only in the case of their last byte (found by this
// harness), and uvcalls' own detail::ascii_iequal is what is under test.
bool same_ignoring_case(std::string_view a, std::string_view b)
{
    auto const lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

origin naive_origin(std::string_view link)
{
    origin o;
    std::size_t const colon = link.find("://");
    o.scheme = link.substr(0, colon);
    std::string_view auth = link.substr(colon + 3);
    auth = auth.substr(0, auth.find_first_of("/?#\\"));
    std::size_t const bracket = auth.rfind(']');
    std::size_t const port = auth.rfind(':');
    bool const has_port = port != std::string_view::npos && (bracket == std::string_view::npos || port > bracket);
    o.host = has_port ? auth.substr(0, port) : auth;
    o.port = has_port ? auth.substr(port + 1) : std::string_view();
    return o;
}

// A refused link: invalid_link, or well-formed and refused for the first
// part of its origin (scheme, host, port) that differs from the base's.
void check_link_error(uvcalls::base_url const& base, std::string_view link, uvcalls::error_code ec)
{
    if (ec == error::invalid_link)
        return;
    UVCALLS_FUZZ_CHECK(ec == error::link_scheme_mismatch || ec == error::link_host_mismatch ||
                       ec == error::link_port_mismatch);
    UVCALLS_FUZZ_CHECK(link.find("://") != std::string_view::npos);
    origin const o = naive_origin(link);
    uvcalls::base_url own = base; // the link's own origin, the base's path
    own.https = same_ignoring_case(o.scheme, "https");
    UVCALLS_FUZZ_CHECK(own.https || same_ignoring_case(o.scheme, "http"));
    own.host = o.host;
    own.port = o.port.empty() ? own.default_port() : uvcalls::detail::parse_port(o.port);
    UVCALLS_FUZZ_CHECK(own.port != 0);
    UVCALLS_FUZZ_CHECK(uvcalls::parse_page_link(own, link).has_value());
    bool const scheme_differs = own.https != base.https;
    bool const host_differs = !same_ignoring_case(own.host, base.host);
    bool const port_differs = own.port != base.port;
    if (ec == error::link_scheme_mismatch)
        UVCALLS_FUZZ_CHECK(scheme_differs);
    else if (ec == error::link_host_mismatch)
        UVCALLS_FUZZ_CHECK(!scheme_differs && host_differs);
    else
        UVCALLS_FUZZ_CHECK(!scheme_differs && !host_differs && port_differs);
}

void check_links(input const& in, uvcalls::base_url const& base)
{
    std::uint64_t seen[8];
    uvcalls::page_follower pages(base, boost::span<std::uint64_t>(seen, in.pages));
    // The listing resumes from the query's cursor, as the class example
    // shows. The model: the decoded cursors requested so far ("" is the
    // first page), and their fingerprints.
    std::string_view const first = in.q.cursor.value_or(std::string_view());
    std::vector<std::string> requested;
    std::vector<std::uint64_t> fingerprints;
    if (in.pages == 0) {
        UVCALLS_FUZZ_CHECK(pages.start(first) == error::page_limit && pages.pages() == 0);
    } else {
        UVCALLS_FUZZ_CHECK(!pages.start(first) && pages.pages() == 1);
        requested.emplace_back(first);
        fingerprints.push_back(uvcalls::detail::cursor_fingerprint(first));
    }
    for (std::string_view link : in.links) {
        // Room for any target or cursor the link can hold: never too small.
        std::vector<char> target(link.size() + 1), written(link.size() + 1), cursor(link.size());
        std::size_t const pages_before = pages.pages();
        auto const followed = pages.next(link, target.data(), target.size());
        auto const parsed = uvcalls::parse_page_link(base, link);
        UVCALLS_FUZZ_CHECK(pages.pages() <= in.pages);
        UVCALLS_FUZZ_CHECK(pages.pages() == (followed && !followed->empty() ? pages_before + 1 : pages_before));
        // The same text as a request target a caller filled by hand: the
        // hand-written check agrees with Boost.URL's origin-form grammar
        // (and refuses, on top, what would leave the origin).
        UVCALLS_FUZZ_CHECK(uvcalls::detail::is_request_target(link) ==
                           (boost::urls::parse_origin_form(link).has_value() &&
                            uvcalls::detail::is_origin_bound_path(link)));
        if (link.empty()) {
            UVCALLS_FUZZ_CHECK(followed && followed->empty());
            continue;
        }
        if (in.pages == 0) {
            // start() is implied, and fails first.
            UVCALLS_FUZZ_CHECK(!followed && followed.error() == error::page_limit);
            continue;
        }
        if (!parsed) {
            UVCALLS_FUZZ_CHECK(!followed && followed.error() == parsed.error());
            check_link_error(base, link, parsed.error());
            continue;
        }
        {
            // The follower against the model.
            auto const decoded = uvcalls::page_link_cursor(*parsed, cursor.data(), cursor.size());
            UVCALLS_FUZZ_CHECK(decoded.has_value());
            std::string const c(*decoded);
            std::uint64_t const fp = uvcalls::detail::cursor_fingerprint(c);
            bool const repeated = std::find(requested.begin(), requested.end(), c) != requested.end();
            bool const collides = std::find(fingerprints.begin(), fingerprints.end(), fp) != fingerprints.end();
            if (repeated) {
                UVCALLS_FUZZ_CHECK(!followed && followed.error() == error::repeated_cursor);
            } else if (collides) {
                UVCALLS_FUZZ_CHECK(!followed && followed.error() == error::repeated_cursor);
            } else if (requested.size() >= in.pages) {
                UVCALLS_FUZZ_CHECK(!followed && followed.error() == error::page_limit);
            } else {
                UVCALLS_FUZZ_CHECK(followed && !followed->empty());
                requested.push_back(c);
                fingerprints.push_back(fp);
            }
            UVCALLS_FUZZ_CHECK(pages.pages() == requested.size());
        }
        origin const o = naive_origin(link);
        UVCALLS_FUZZ_CHECK(link.find("://") != std::string_view::npos);
        UVCALLS_FUZZ_CHECK(o.host.find('@') == std::string_view::npos);
        UVCALLS_FUZZ_CHECK(same_ignoring_case(o.scheme, base.https ? "https" : "http"));
        UVCALLS_FUZZ_CHECK(same_ignoring_case(o.host, base.host));
        std::uint16_t const port = o.port.empty() ? base.default_port() : uvcalls::detail::parse_port(o.port);
        UVCALLS_FUZZ_CHECK(port == base.port);

        auto const t = uvcalls::write_target(*parsed, written.data(), written.size());
        UVCALLS_FUZZ_CHECK(t.has_value());
        UVCALLS_FUZZ_CHECK(uvcalls::detail::is_request_target(*t));
        // Never a network-path reference ("//host/..."), which a resolver
        // would read as naming another host, nor a path that becomes one
        // once dot segments are removed ("/.//host/...").
        UVCALLS_FUZZ_CHECK(uvcalls::detail::is_origin_bound_path(*t));
        UVCALLS_FUZZ_CHECK(t->substr(0, 2) != "//");
        if (followed && !followed->empty())
            UVCALLS_FUZZ_CHECK(*followed == *t);

        // The following request: the link's target on the base's origin,
        // refused only for the caller's key or headers.
        std::vector<char> head(t->size() + 1024 + 4 * in.size);
        auto const h = uvcalls::format_request_head(base, *t, in.api_key, in.headers, head.data(), head.size());
        if (h)
            UVCALLS_FUZZ_CHECK(h->substr(0, 4 + t->size() + 11) == "GET " + std::string(*t) + " HTTP/1.1\r\n");
        else
            UVCALLS_FUZZ_CHECK(h.error().parameter != nullptr);

        // A cursor stored from the link and sent again comes back as it was,
        // as Boost.URL and as the server read it. Every one resumes but an
        // empty one (the first page: leave the query's unset) and one that
        // is not UTF-8 (the server reads U+FFFD, never the bytes sent).
        auto const c = uvcalls::page_link_cursor(*parsed, cursor.data(), cursor.size());
        UVCALLS_FUZZ_CHECK(c.has_value());
        {
            // ... and it is the cursor the server reads from the target sent
            // (the follower's repeats are told by it): one `cursor` field
            // when the link has one, none otherwise.
            std::size_t const mark = std::min(t->find('?'), t->size());
            std::vector<std::string> sent;
            for (auto const& field : test::form_params(t->substr(std::min(mark + 1, t->size()))))
                if (field.first == "cursor")
                    sent.push_back(field.second);
            UVCALLS_FUZZ_CHECK(sent.size() == (parsed->cursor ? 1u : 0u));
            UVCALLS_FUZZ_CHECK(sent.empty() ? c->empty() : sent.front() == *c);
        }
        uvcalls::list_calls_query q;
        q.cursor = *c;
        std::vector<char> query(3 * c->size() + 16);
        auto const again = uvcalls::encode_query(q, query.data(), query.size());
        UVCALLS_FUZZ_CHECK(again.has_value() == (!c->empty() && uvcalls::detail::is_valid_utf8(*c)));
        if (again) {
            param_list const expected{{"cursor", std::string(*c)}};
            UVCALLS_FUZZ_CHECK(parse_params(*again) == expected);
            UVCALLS_FUZZ_CHECK(test::form_params(*again) == expected);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    input const in = read_input(std::string_view(reinterpret_cast<char const*>(data), size));
    uvcalls::base_url base;
    if (in.base) {
        auto const b = uvcalls::parse_base_url(*in.base);
        if (b) {
            base = *b;
            // Whatever parse_base_url accepts is usable on the wire.
            UVCALLS_FUZZ_CHECK(uvcalls::detail::is_usable_base(base));
        }
    }
    check_query(in, base);
    check_links(in, base);
    return 0;
}
