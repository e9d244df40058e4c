// uvcalls — the HTTP/1.1 request head of GET /api/calls, serialized into a
// caller's buffer.
#ifndef UVCALLS_REQUEST_HPP
#define UVCALLS_REQUEST_HPP

#include <uvcalls/base_url.hpp>
#include <uvcalls/detail/output_sink.hpp>
#include <uvcalls/error.hpp>
#include <uvcalls/query.hpp>
#include <uvcalls/version.hpp>

#include <boost/core/span.hpp>
#include <boost/url/grammar/hexdig_chars.hpp>
#include <boost/url/grammar/lut_chars.hpp>
#include <boost/url/rfc/sub_delim_chars.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/system/result.hpp>

#include <cstddef>
#include <string_view>

namespace uvcalls {

/// One caller-added header line. Views; the caller owns the characters.
struct header_field {
    std::string_view name;
    std::string_view value;
};

/// The path of the endpoint, after the base URL's prefix.
inline constexpr std::string_view list_calls_path = "/api/calls";

/// The `User-Agent` uvcalls sends.
inline constexpr std::string_view user_agent = "uvcalls/" UVCALLS_VERSION_STRING;

namespace detail {

// RFC 9110 §5.6.2 tchar: what a header name may hold.
constexpr bool is_tchar(char c) noexcept
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    for (char t : std::string_view("!#$%&'*+-.^_`|~"))
        if (c == t)
            return true;
    return false;
}

inline bool is_header_name(std::string_view s) noexcept
{
    if (s.empty())
        return false;
    for (char c : s)
        if (!is_tchar(c))
            return false;
    return true;
}

// RFC 9110 §5.5 field-value: visible bytes, obs-text, and SP/HTAB only
// between them. CR, LF, NUL and every other control byte are refused: they
// are what header injection and request smuggling are made of.
inline bool is_header_value(std::string_view s) noexcept
{
    for (char c : s)
        if (is_control(c) && c != '\t')
            return false;
    auto const ws = [](char c) { return c == ' ' || c == '\t'; };
    return s.empty() || (!ws(s.front()) && !ws(s.back()));
}

// A header name as a WSGI server (Django's) files it: case folded and '_'
// read as '-' (both become '_' in HTTP_X_API_KEY), so X_API_Key is X-API-Key
// to the server while a proxy before it sees another header.
constexpr char wsgi_folded(char c) noexcept { return c == '_' ? '-' : ascii_lower(c); }
constexpr bool same_wsgi_name(std::string_view a, std::string_view b) noexcept
{
    return equal_folded(a, b, wsgi_folded);
}

// Names uvcalls writes itself (a second Host or X-API-Key is how requests
// get routed or authorized differently by different hops) and names that
// would change the framing of a bodiless GET; with '_' for '-' too.
inline bool is_reserved_header(std::string_view name) noexcept
{
    constexpr std::string_view reserved[] = {
        "Host",       "X-API-Key",      "Accept",         "Accept-Encoding", "User-Agent",
        "Connection", "Content-Length", "Transfer-Encoding", "Upgrade",     "TE",
    };
    for (std::string_view r : reserved)
        if (same_wsgi_name(name, r))
            return true;
    return false;
}

// RFC 3986 dec-octet "." dec-octet "." dec-octet "." dec-octet, without
// leading zeros.
inline bool is_ipv4_address(char const* p, char const* end) noexcept
{
    for (int octet = 0; octet < 4; ++octet) {
        if (octet > 0 && (p == end || *p++ != '.'))
            return false;
        char const* const start = p;
        unsigned v = 0;
        while (p != end && p - start < 3 && is_digit(*p))
            v = v * 10 + unsigned(*p++ - '0');
        if (p == start || v > 255 || (p - start > 1 && *start == '0'))
            return false;
    }
    return p == end;
}

// RFC 3986 IPv6address: eight h16 groups, or fewer with one "::", the last
// two of which may be written as an IPv4 address. Written out here because
// Boost.URL 1.81's parse_ipv6_address() is compiled code (src.hpp), which
// a build using only the request head need not link; tests/request.cpp
// checks this against it.
inline bool is_ipv6_address(char const* p, char const* end) noexcept
{
    int groups = 0;
    bool elided = false;
    if (end - p >= 2 && p[0] == ':' && p[1] == ':') {
        elided = true;
        p += 2;
        if (p == end)
            return true;
    }
    for (;;) {
        char const* q = p;
        while (q != end && q - p < 5 && boost::urls::grammar::hexdig_chars(*q))
            ++q;
        if (q != end && *q == '.') {
            if (!is_ipv4_address(p, end))
                return false;
            groups += 2;
            break;
        }
        if (q == p || q - p > 4)
            return false;
        ++groups;
        p = q;
        if (p == end)
            break;
        if (*p++ != ':' || groups > 7 || p == end)
            return false;
        if (*p == ':') {
            if (elided)
                return false;
            elided = true;
            if (++p == end)
                break;
        }
    }
    return elided ? groups <= 7 : groups == 8;
}

// A base_url is a plain struct the caller may fill by hand, so its parts
// are checked before they reach the Host header and the request line.
//
// The host must be a registered name or IPv4 address (RFC 3986 reg-name,
// without percent-encoding) or an IPv6 address in brackets: a ':' or
// bracket elsewhere would put a second port or a broken authority in Host,
// and `[....]` is not an address a server could be at. No zone identifier
// and no IPvFuture, as parse_base_url() takes neither.
inline bool is_usable_host(std::string_view h) noexcept
{
    namespace urls = boost::urls;
    auto const all_in = [](std::string_view t, auto const& chars) noexcept {
        return urls::grammar::find_if_not(t.data(), t.data() + t.size(), chars) == t.data() + t.size();
    };
    if (h.empty())
        return false;
    if (h.front() == '[')
        return h.size() >= 4 && h.back() == ']' && is_ipv6_address(h.data() + 1, h.data() + h.size() - 1);
    static constexpr urls::grammar::lut_chars reg_name_chars = urls::unreserved_chars + urls::sub_delim_chars;
    return all_in(h, reg_name_chars);
}

inline bool is_usable_base(base_url const& b) noexcept
{
    if (!is_usable_host(b.host) || b.port == 0)
        return false;
    if (!b.path.empty() && (!is_request_target(b.path) || b.path.back() == '/' ||
                            b.path.find('?') != std::string_view::npos))
        return false;
    return true;
}

inline bool has_parameters(list_calls_query const& q) noexcept
{
    return !q.agent_ids.empty() || q.cursor || q.duration_max || q.duration_min ||
           q.from_date || !q.metadata.empty() || q.page_size || q.search || q.sort ||
           q.time_of_day_end || q.time_of_day_start || q.to_date || q.voice_id;
}

inline void emit_target(base_url const& b, list_calls_query const& q, output_sink& out) noexcept
{
    out.append(b.path);
    out.append(list_calls_path);
    if (has_parameters(q)) {
        out.append("?");
        emit_query(q, out);
    }
}

// Checks the API key and the caller's headers. index is the position in
// `extra` of a faulty header.
inline query_error check_headers(std::string_view api_key,
                                 boost::span<header_field const> extra) noexcept
{
    if (!is_header_value(api_key))
        return query_fault(error::invalid_header_value, "X-API-Key");
    for (std::size_t i = 0; i < extra.size(); ++i) {
        if (!is_header_name(extra[i].name))
            return query_fault(error::invalid_header_name, "header", i);
        if (is_reserved_header(extra[i].name))
            return query_fault(error::header_not_allowed, "header", i);
        if (!is_header_value(extra[i].value))
            return query_fault(error::invalid_header_value, "header", i);
    }
    return {};
}

// Everything after the request target: the end of the request line, the
// header lines and the blank line.
inline void emit_head_rest(base_url const& b, std::string_view api_key,
                           boost::span<header_field const> extra, output_sink& out) noexcept
{
    out.append(" HTTP/1.1\r\nHost: ");
    out.append(b.host);
    if (b.port != b.default_port()) {
        out.append(":");
        out.append_uint(b.port);
    }
    out.append("\r\n");
    if (!api_key.empty()) {
        out.append("X-API-Key: ");
        out.append(api_key);
        out.append("\r\n");
    }
    out.append("Accept: application/json\r\n"
               "Accept-Encoding: identity\r\n"
               "User-Agent: ");
    out.append(user_agent);
    out.append("\r\nConnection: keep-alive\r\n");
    for (header_field const& h : extra) {
        out.append(h.name);
        out.append(": ");
        out.append(h.value);
        out.append("\r\n");
    }
    out.append("\r\n");
}

} // namespace detail

/// Validates `q` and writes the request target of the listing,
/// `<base path>/api/calls[?<query>]`, into `dest` (the query as
/// encode_query() writes it).
///
/// Returns a view into `dest`. Errors: validate()'s; `invalid_base_url`
/// when `base` was filled by hand with a host or path that cannot go on the
/// wire; `buffer_too_small` when `size` is less than needed (never a
/// truncated target). Allocates nothing.
inline query_result<std::string_view> format_list_calls_target(base_url const& base,
                                                               list_calls_query const& q,
                                                               char* dest,
                                                               std::size_t size) noexcept
{
    if (!detail::is_usable_base(base))
        return query_error{error_code(error::invalid_base_url)};
    if (auto e = validate(q))
        return e;
    detail::output_sink n;
    detail::emit_target(base, q, n);
    if (n.size() > size)
        return query_error{error_code(error::buffer_too_small)};
    detail::output_sink out(dest, size);
    detail::emit_target(base, q, out);
    return out.view();
}

/// Writes the request head of `GET <target>` into `dest`:
///
/// @code
/// GET <target> HTTP/1.1\r\n
/// Host: <host>[:<port> when not the scheme's default]\r\n
/// X-API-Key: <api_key>\r\n            (left out when api_key is empty)
/// Accept: application/json\r\n
/// Accept-Encoding: identity\r\n
/// User-Agent: uvcalls/<version>\r\n
/// Connection: keep-alive\r\n
/// <name>: <value>\r\n                 (each of `extra`, in order)
/// \r\n
/// @endcode
///
/// `target` is an origin-form target such as format_list_calls_target() or
/// page_follower::next() writes. An empty api_key is for a proxy that adds
/// the key itself.
///
/// Errors (with the parameter `"X-API-Key"`, or `"header"` and the index
/// in `extra`): `invalid_header_value` for CR, LF, NUL, another control
/// byte or surrounding whitespace in a value; `invalid_header_name` for a
/// name that is not an RFC 9110 token; `header_not_allowed` for a name
/// uvcalls writes itself or one that changes framing (Content-Length,
/// Transfer-Encoding, Upgrade, TE), also when spelt with `_` for `-`
/// (`X_API_Key`), which a WSGI server such as Django reads as the same
/// header. `invalid_request_target`, `invalid_base_url`, `buffer_too_small`
/// (never a truncated head).
///
/// Returns a view into `dest`. Allocates nothing.
inline query_result<std::string_view>
format_request_head(base_url const& base, std::string_view target, std::string_view api_key,
                    boost::span<header_field const> extra, char* dest, std::size_t size) noexcept
{
    if (!detail::is_usable_base(base))
        return query_error{error_code(error::invalid_base_url)};
    if (!detail::is_request_target(target))
        return query_error{error_code(error::invalid_request_target)};
    if (auto e = detail::check_headers(api_key, extra))
        return e;
    detail::output_sink n;
    n.append("GET ");
    n.append(target);
    detail::emit_head_rest(base, api_key, extra, n);
    if (n.size() > size)
        return query_error{error_code(error::buffer_too_small)};
    detail::output_sink out(dest, size);
    out.append("GET ");
    out.append(target);
    detail::emit_head_rest(base, api_key, extra, out);
    return out.view();
}

/// format_list_calls_target() and format_request_head() in one pass: the
/// whole head of the request for `q`, written straight into `dest`.
inline query_result<std::string_view>
format_list_calls_request(base_url const& base, list_calls_query const& q,
                          std::string_view api_key, boost::span<header_field const> extra,
                          char* dest, std::size_t size) noexcept
{
    if (!detail::is_usable_base(base))
        return query_error{error_code(error::invalid_base_url)};
    if (auto e = validate(q))
        return e;
    if (auto e = detail::check_headers(api_key, extra))
        return e;
    detail::output_sink n;
    n.append("GET ");
    detail::emit_target(base, q, n);
    detail::emit_head_rest(base, api_key, extra, n);
    if (n.size() > size)
        return query_error{error_code(error::buffer_too_small)};
    detail::output_sink out(dest, size);
    out.append("GET ");
    detail::emit_target(base, q, out);
    detail::emit_head_rest(base, api_key, extra, out);
    return out.view();
}

} // namespace uvcalls

#endif
