// uvcalls — where the API lives: scheme, host, port and path prefix.
#ifndef UVCALLS_BASE_URL_HPP
#define UVCALLS_BASE_URL_HPP

#include <uvcalls/detail/query_rules.hpp>
#include <uvcalls/error.hpp>

#include <boost/system/result.hpp>
#include <boost/url/grammar/hexdig_chars.hpp>
#include <boost/url/grammar/lut_chars.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/pchars.hpp>
#include <boost/url/url_view.hpp>

#include <cstdint>
#include <string_view>

namespace uvcalls {

/// The default base URL of the Ultravox API.
inline constexpr std::string_view default_base_url = "https://api.ultravox.ai";

/// The origin the API key may be sent to, plus a path prefix.
///
/// A default-constructed base_url is `https://api.ultravox.ai`; no parsing,
/// hence no compiled Boost.URL code, is needed to use it. parse_base_url()
/// builds one from text for gateways behind a proxy and for tests.
///
/// `host` and `path` view the text given to parse_base_url() (or static
/// strings for the default) and are valid as long as it is.
struct base_url {
    /// `https` (true) or `http` (false).
    bool https = true;
    /// The host as written: a registered name, an IPv4 address or a
    /// bracketed IPv6 literal (`[::1]`). Never empty, never percent-encoded.
    std::string_view host = "api.ultravox.ai";
    /// The port, explicit or the scheme's default.
    std::uint16_t port = 443;
    /// Path prefix put before `/api/calls`: empty, or `/` followed by
    /// percent-encoded segments, without a trailing `/` (`/ultravox`).
    /// Filled by hand, it is checked by the request functions
    /// (`invalid_base_url` for a byte RFC 3986 allows in no path, a bad
    /// `%` escape, a dot segment or a leading `//`).
    std::string_view path;

    /// The port the scheme implies: 443 for https, 80 for http.
    std::uint16_t default_port() const noexcept { return https ? 443 : 80; }
};

namespace detail {

/// The value of a URL port, 1 to 65535, or 0 when it is not one. Read here
/// rather than with url_view::port_number(), which wraps values above
/// 65535 instead of refusing them (Boost 1.81: ":99999" gives 34463).
/// Leading zeros are allowed, as RFC 3986's `port = *DIGIT` allows them.
inline std::uint16_t parse_port(std::string_view s) noexcept
{
    while (s.size() > 1 && s.front() == '0')
        s.remove_prefix(1);
    if (s.empty() || s.size() > 5)
        return 0;
    std::uint32_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return 0;
        v = v * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return v <= 65535 ? static_cast<std::uint16_t>(v) : 0;
}

/// True when `//` follows the first ':' of `url`: it may be an absolute
/// URL with an authority, the only kind uvcalls accepts. Checked before
/// Boost.URL sees the text, because Boost 1.81's parse_absolute_uri asserts
/// (detail::path_segments, `nseg == 0`) on a scheme followed by one byte
/// that cannot start a path (`https:^`) when assertions are on, instead of
/// refusing it; a `next` link is server input.
inline bool has_authority_marker(std::string_view url) noexcept
{
    std::size_t const colon = url.find(':');
    return colon != std::string_view::npos && url.substr(colon + 1, 2) == "//";
}

/// True when the percent-encoded path `path` (up to a `?`, if any) stays on the
/// origin whoever reads it: it does not start with `//`, has no `.` or
/// `..` segment, no `%2E` and no `\`. A target `//evil.example/x` is valid
/// HTTP, but a network-path reference to any RFC 3986 resolver (Boost.URL's
/// resolve(), curl's URL API, Python's urljoin): resolved against the base
/// it names the host `evil.example`, and a transport or proxy that resolves
/// targets that way would send the request, key included, there. Dot
/// segments are refused too because removing them (RFC 3986 5.2.4, as curl
/// does before sending) turns `/.//evil.example/x` into that (found by a
/// review). A WHATWG URL parser (browsers, Node.js) reads `\` as `/` in an
/// http(s) path, so `/\evil.example/x` names that host to it; RFC 3986
/// allows no `\` in a path anyway (found by an audit). The API's paths
/// (`/api/calls`) have none of these.
inline bool is_origin_bound_path(std::string_view path) noexcept
{
    // Byte by byte rather than with string_view compares: this form is the
    // smallest on a Cortex-M4 (the program is near its 64 KiB target).
    char const* const p = path.data();
    std::size_t const n = path.size();
    if (n >= 2 && p[0] == '/' && p[1] == '/')
        return false;
    for (std::size_t i = 0; i < n && p[i] != '?'; ++i) {
        // A dot needs no escape (RFC 3986 unreserved), and a decoded %2E
        // could make a dot segment: refused wherever it is; so is a '\',
        // a '/' to a WHATWG parser.
        if ((p[i] == '%' && i + 2 < n && p[i + 1] == '2' && (p[i + 2] | 0x20) == 'e') || p[i] == '\\')
            return false;
        if (p[i] != '/')
            continue;
        // One or two dots after the '/', then a '/', the query or the end:
        // "." or "..".
        std::size_t j = i + 1;
        while (j < n && j < i + 3 && p[j] == '.')
            ++j;
        if (j > i + 1 && (j == n || p[j] == '/' || p[j] == '?'))
            return false;
    }
    return true;
}

// An origin-form request target (RFC 9112 §3.2.1) as it goes on the wire:
// starts with '/', holds only the bytes RFC 3986 allows in a path and a
// query (so no space, CR or LF can end the request line early, no '#'
// starts a fragment, no '"', '<', '{', '|' and the like a server may
// refuse) with every '%' followed by two hex digits, and its path stays on
// the origin (is_origin_bound_path: no `//host/...`, now, after
// dot-segment removal or with `\` read as `/`), whoever built it. A target
// parsed by Boost.URL passes; a hand-filled one (a page_link, a base_url's
// path, a target given to format_request_head) is refused here rather than
// by the server. Written here with Boost.URL's character sets rather than
// by calling parse_origin_form(), which is compiled Boost.URL code that
// firmware writing request heads does not link (see src.hpp); a test and
// fuzz_query hold the two to the same verdicts. (Here rather than in
// request.hpp: write_target checks a hand-filled page_link with it too.)
inline bool is_request_target(std::string_view s) noexcept
{
    namespace urls = boost::urls;
    if (s.empty() || s.front() != '/')
        return false;
    // path = pchar and '/', query = pchar, '/' and '?' (RFC 3986 3.3, 3.4);
    // the first '?' ends the path, so one set serves both.
    static constexpr urls::grammar::lut_chars target_chars = urls::pchars + '/' + '?';
    std::size_t const n = s.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (s[i] == '%') {
            if (n - i < 3 || !urls::grammar::hexdig_chars(s[i + 1]) || !urls::grammar::hexdig_chars(s[i + 2]))
                return false;
            i += 2;
        } else if (!target_chars(static_cast<unsigned char>(s[i]))) {
            return false;
        }
    }
    return is_origin_bound_path(s); // it stops at the query
}

} // namespace detail

/// Parses an absolute `http://` or `https://` URL into a base_url.
///
/// Accepted: a scheme (any case), a non-empty host, an optional port from 1
/// to 65535, an optional path (a trailing `/` is dropped). Refused with
/// `error::invalid_base_url`: any other scheme, a relative reference, an
/// empty or percent-encoded host, a port of 0 or above 65535, a path that
/// starts with `//`, has a `.` or `..` segment or a `%2E` (the target
/// would read as, or could become, `//host/...`), user
/// information (credentials in a URL would never be sent, so better not
/// accept them silently), a query or a fragment.
///
/// The result views `url`. Uses Boost.URL's parser, so the program must
/// compile Boost.URL's sources once (include <uvcalls/src.hpp> in one .cpp).
inline boost::system::result<base_url> parse_base_url(std::string_view url) noexcept
{
    auto const bad = [] { return error_code(error::invalid_base_url); };
    if (!detail::has_authority_marker(url))
        return bad();
    // parse_absolute_uri refuses fragments itself.
    auto const parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed)
        return bad();
    // One reference, not parsed-> at each use: g++ -O2 -Wnull-dereference
    // does not see that the check above makes operator-> non-null and
    // warns inside Boost.URL at every call through it (a -Werror build
    // fails); operator* is seen as non-null.
    boost::urls::url_view const& u = *parsed;
    base_url b;
    switch (u.scheme_id()) {
    case boost::urls::scheme::https: b.https = true; break;
    case boost::urls::scheme::http: b.https = false; break;
    default: return bad();
    }
    if (!u.has_authority() || u.has_userinfo() || u.has_query())
        return bad();
    auto const ht = u.host_type();
    // encoded_host() keeps an IPv6 literal's brackets, the form the Host
    // header and link comparisons need.
    std::string_view const host = u.encoded_host();
    if (ht == boost::urls::host_type::none || ht == boost::urls::host_type::ipvfuture ||
        host.empty() || host.find('%') != std::string_view::npos)
        return bad();
    b.host = host;
    b.port = b.default_port();
    if (u.has_port() && !u.port().empty()) {
        auto const port = detail::parse_port(u.port());
        if (port == 0)
            return bad();
        b.port = port;
    }
    std::string_view path = u.encoded_path();
    // RFC 3986 path-abempty: after an authority the path is empty or starts
    // with '/'. Boost 1.81 accepts "https://h:8x" as port 8 and path "x".
    if (!path.empty() && path.front() != '/')
        return bad();
    while (!path.empty() && path.back() == '/')
        path.remove_suffix(1);
    // Every target starts with the prefix: it must stay on the origin
    // (see is_origin_bound_path). Checked after the trailing '/' are
    // dropped, so "https://h//" is still no prefix.
    if (!detail::is_origin_bound_path(path))
        return bad();
    b.path = path;
    return b;
}

namespace detail {

/// True when `host` names the same host as `b.host`. Host names compare
/// without regard to ASCII case (RFC 3986 §3.2.2); anything else (a
/// trailing dot, percent-encoding) counts as different, erring on the side
/// of not sending the key.
inline bool same_host(base_url const& b, std::string_view host) noexcept
{
    return detail::ascii_iequal(b.host, host);
}

} // namespace detail

} // namespace uvcalls

#endif
