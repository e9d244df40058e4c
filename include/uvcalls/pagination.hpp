// uvcalls — following a page's `next` link without ever sending the API key
// to a host the caller did not name, and without looping forever.
#ifndef UVCALLS_PAGINATION_HPP
#define UVCALLS_PAGINATION_HPP

#include <uvcalls/base_url.hpp>
#include <uvcalls/detail/saturating.hpp>
#include <uvcalls/error.hpp>

#include <boost/core/span.hpp>
#include <boost/system/result.hpp>
#include <boost/url/decode_view.hpp>
#include <boost/url/params_encoded_view.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace uvcalls {

/// A `next` or `previous` link of a page, checked against the base URL.
///
/// Every view points into the link text given to parse_page_link() (for a
/// decoded page: the decoder's arena) and is valid as long as it is.
struct page_link {
    /// The percent-encoded path, as the server wrote it (may be empty).
    std::string_view path;
    /// The percent-encoded query without `?`, every parameter the server
    /// put in it, unchanged.
    std::string_view query;
    /// True when the link has a `?` (even with an empty query).
    bool has_query = false;
    /// The percent-encoded value of its `cursor` parameter, if it has one.
    std::optional<std::string_view> cursor;

    /// The size of the origin-form target write_target() writes (SIZE_MAX
    /// when that is SIZE_MAX or more).
    std::size_t target_size() const noexcept
    {
        // Saturated: the views of a link filled by hand can add up past
        // SIZE_MAX (on a 32-bit target, a path and a query that view one
        // 2 GiB buffer), and a wrapped size passed write_target's check
        // against the buffer, which then copied them past its end.
        return detail::add_saturated(path.empty() ? 1 : path.size(),
                                     has_query ? detail::add_saturated(1, query.size()) : 0);
    }
};

namespace detail {

// A query parameter's key or value as the server reads it: the API's
// servers (Django) read a query string as an HTML form does, so '+' is a
// space there, not a plus (a plus is %2B). Decoding it as a plus would
// store a cursor the server never sent, and resuming with it would ask
// for another page: calls lost or repeated.
inline boost::urls::decode_view form_decoded(boost::urls::pct_string_view s) noexcept
{
    boost::urls::encoding_opts opt;
    opt.space_as_plus = true;
    return boost::urls::decode_view(s, opt);
}

} // namespace detail

/// Parses `link` with Boost.URL and checks it may receive the API key.
///
/// Errors, checked in this order: `invalid_link` when it is not an
/// absolute URL (relative references are refused: the spec says
/// `format: uri`, and a network-path `//host/...` would change host), has
/// a scheme other than http and https, no host, user information, a port
/// that is not 1 to 65535, a path that starts with `//`, has a `.` or
/// `..` segment or a `%2E` (its target is, or could become, the
/// network-path reference `//host/...`), or carries `cursor` more than once;
/// `link_scheme_mismatch` when its scheme is not the base URL's (an
/// `http` link from an `https` base would send the key in clear);
/// `link_host_mismatch` when its host differs (case aside);
/// `link_port_mismatch` when its port, explicit or the scheme's default,
/// differs. A fragment, if any, is dropped. The path is not compared: a
/// different path on the same origin sends the key nowhere new.
inline boost::system::result<page_link> parse_page_link(base_url const& base,
                                                        std::string_view link) noexcept
{
    auto const fail = [](error e) { return error_code(e); };
    // A fragment never goes on the wire; parse the URL without it.
    std::string_view const url = link.substr(0, link.find('#'));
    if (!detail::has_authority_marker(url))
        return fail(error::invalid_link);
    auto const u = boost::urls::parse_absolute_uri(url);
    if (!u || !u->has_authority() || u->has_userinfo() || u->encoded_host().empty())
        return fail(error::invalid_link);
    // RFC 3986 path-abempty: after an authority the path is empty or starts
    // with '/'. Boost 1.81 reads "https://h:443x" as port 443 and path "x".
    std::string_view const path = u->encoded_path();
    if (!path.empty() && path.front() != '/')
        return fail(error::invalid_link);
    // "https://api.ultravox.ai//evil.example/x" is on the base's origin, but
    // its target "//evil.example/x" names evil.example to anything that
    // resolves it as a URI reference against the base (found by an audit);
    // "/.//evil.example/x" becomes it once dot segments are removed.
    if (!detail::is_origin_bound_path(path))
        return fail(error::invalid_link);
    auto const id = u->scheme_id();
    if (id != boost::urls::scheme::https && id != boost::urls::scheme::http)
        return fail(error::invalid_link);
    std::uint16_t port = base.https ? 443 : 80;
    if (u->has_port() && !u->port().empty()) {
        port = detail::parse_port(u->port());
        if (port == 0)
            return fail(error::invalid_link);
    }
    page_link p;
    p.path = u->encoded_path();
    p.has_query = u->has_query();
    p.query = u->encoded_query();
    for (auto const param : u->encoded_params()) {
        // Decoded, as the server reads it: "curs%6Fr" is a cursor too.
        if (detail::form_decoded(param.key) != "cursor")
            continue;
        if (p.cursor)
            return fail(error::invalid_link); // which one would the server read?
        p.cursor = param.has_value ? std::string_view(param.value) : std::string_view();
    }

    // Only a well-formed link is compared with the base, so that a
    // malformed one is invalid_link wherever it points.
    if ((id == boost::urls::scheme::https) != base.https)
        return fail(error::link_scheme_mismatch);
    if (!detail::same_host(base, u->encoded_host()))
        return fail(error::link_host_mismatch);
    if (port != base.port)
        return fail(error::link_port_mismatch);
    return p;
}

/// Writes `link`'s origin-form target (`/path?query`, `/` for an empty path)
/// into `dest`. Returns a view into `dest`; `buffer_too_small`; or
/// `invalid_link` when a page_link filled by hand does not make a target
/// that may go on a request line and stays on the origin (a byte RFC 3986
/// allows in no path or query: a space, CR, LF or other control byte, a
/// byte above 0x7E, a `#`, a `"`, `{`, `|` ...; a `%` not followed by two
/// hex digits; a path not starting with `/`, a `//host` path or a dot
/// segment). A link from
/// parse_page_link() always makes one. On an error `dest` holds nothing
/// usable.
inline boost::system::result<std::string_view> write_target(page_link const& link, char* dest,
                                                            std::size_t size) noexcept
{
    std::size_t const n = link.target_size();
    if (n > size)
        return error_code(error::buffer_too_small);
    char* p = dest;
    if (link.path.empty()) {
        *p++ = '/';
    } else {
        std::memcpy(p, link.path.data(), link.path.size());
        p += link.path.size();
    }
    if (link.has_query) {
        *p++ = '?';
        if (!link.query.empty())
            std::memcpy(p, link.query.data(), link.query.size());
    }
    // A parsed link passes; the check keeps a hand-made page_link from
    // putting CR LF (a header of its own) or another host on the request
    // line of a caller who sends this target with their own HTTP code
    // (format_request_head() checks it again).
    std::string_view const target(dest, n);
    if (!detail::is_request_target(target))
        return error_code(error::invalid_link);
    return target;
}

/// Writes the decoded `cursor` of `link` into `dest`: the value to keep in
/// storage and put back in list_calls_query::cursor to resume a listing
/// after a reboot. Decoded as the server reads it: `%2B` is a plus, `+` a
/// space. Any byte may come out, a control byte too, and validate()
/// accepts them all but invalid UTF-8, which the server (Django) never
/// reads as sent either (it becomes U+FFFD, and the link gets a 404).
/// Returns an empty view when the link has no cursor or an empty
/// one (`cursor=`: both mean the first page), or `buffer_too_small`.
inline boost::system::result<std::string_view> page_link_cursor(page_link const& link, char* dest,
                                                                std::size_t size) noexcept
{
    if (!link.cursor)
        return std::string_view();
    // The view was validated as percent-encoded when the URL was parsed;
    // the check costs one pass and keeps a hand-made page_link honest.
    auto const pct = boost::urls::make_pct_string_view(*link.cursor);
    if (!pct)
        return error_code(error::invalid_link);
    boost::urls::decode_view const d = detail::form_decoded(*pct);
    if (d.size() > size)
        return error_code(error::buffer_too_small);
    std::size_t n = 0;
    for (char c : d)
        dest[n++] = c;
    return std::string_view(dest, n);
}

namespace detail {

// 64-bit FNV-1a: a fingerprint of a cursor, so that remembering every
// cursor of a listing costs 8 bytes a page whatever the cursors' length. A
// collision (about n^2 / 2^65 for n pages) can only end a listing early
// with repeated_cursor, never make it loop.
constexpr std::uint64_t fnv1a_offset = 14695981039346656037ull;
constexpr std::uint64_t fnv1a_step(std::uint64_t h, char c) noexcept
{
    return (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
}

// Fingerprint of a decoded cursor: the one start() is given, or a link's
// as the server reads it (a decode_view).
template<class Chars>
std::uint64_t cursor_fingerprint(Chars const& decoded_cursor) noexcept
{
    std::uint64_t h = fnv1a_offset;
    for (char c : decoded_cursor)
        h = fnv1a_step(h, c);
    return h;
}

// Fingerprint of the cursor as the server reads it: decoded, so `%3D` and
// `=` are the same cursor. The server pages by `cursor` alone, so a link
// without one asks for the first page whatever else it carries, as
// `cursor=` and a bare `cursor` do: all get the empty cursor's
// fingerprint, and a link back to the first page is a repeat at once.
// (Fingerprinting a link without a cursor by its whole target let the
// first page be requested and delivered again before the loop showed.)
inline std::uint64_t link_fingerprint(page_link const& link) noexcept
{
    if (!link.cursor)
        return cursor_fingerprint(std::string_view());
    auto const pct = boost::urls::make_pct_string_view(*link.cursor);
    return pct ? cursor_fingerprint(form_decoded(*pct)) : cursor_fingerprint(std::string_view());
}

} // namespace detail

/// Follows `next` links page after page, refusing links to other origins,
/// cursors seen before, and more pages than the caller allows.
///
/// `seen` is caller storage: one fingerprint per page. Its size is the cap
/// on pages, the first one included (a follower over 100 slots lets 100
/// requests happen: the first plus 99 links). The follower keeps views of
/// `base` and `seen`, which must outlive it.
///
/// @par Example
/// @code
/// std::uint64_t seen[64];
/// uvcalls::page_follower pages(base, seen);
/// pages.start(q.cursor ? *q.cursor : std::string_view());
/// // ... after each page, with `next` from the page (nullopt when null):
/// auto target = pages.next(next, target_buf, sizeof target_buf);
/// if (!target) { /* error: refused link, repeated cursor, page_limit */ }
/// else if (target->empty()) { /* last page */ }
/// else { /* request *target */ }
/// @endcode
class page_follower {
public:
    page_follower(base_url const& base, boost::span<std::uint64_t> seen) noexcept
        : base_(&base), seen_(seen) {}

    /// Starts (or restarts) a listing whose first request carried `cursor`
    /// (empty when it carried none, i.e. the first page). Counts that first
    /// request as a page. Returns `page_limit` when `seen` is empty.
    error_code start(std::string_view cursor = {}) noexcept
    {
        pages_ = 0;
        if (seen_.empty())
            return error::page_limit;
        // The server reads an empty cursor (`cursor=`) as none, i.e. the
        // first page: both get the same fingerprint, so a link back to it
        // is a repeat.
        seen_[0] = detail::cursor_fingerprint(cursor);
        pages_ = 1;
        return {};
    }

    /// Takes the `next` of the page just received and writes the target of
    /// the following request into `dest`.
    ///
    /// `next` is std::nullopt for a JSON null; an empty string means the
    /// same: both return an empty view, the last page. Otherwise the link is
    /// checked by parse_page_link(), then: `repeated_cursor` when its cursor
    /// was seen earlier in this listing (a link without a cursor, or with an
    /// empty one, is the first page: the listing's first request when it
    /// carried no cursor);
    /// `page_limit` when the cap is reached; `buffer_too_small`. On error
    /// the link is not recorded, so the caller may report, then stop (an
    /// implied start() is: the first request did happen). On success the
    /// link is recorded before its request is made: to retry a request
    /// that failed, send the same target again (a second call with the
    /// same link is `repeated_cursor`, as for a server that loops).
    ///
    /// Returns a view into `dest`. Allocates nothing. start() must have
    /// been called (it is implied with an empty cursor otherwise).
    boost::system::result<std::string_view> next(std::optional<std::string_view> next_link,
                                                 char* dest, std::size_t size) noexcept
    {
        if (!next_link || next_link->empty())
            return std::string_view();
        if (pages_ == 0)
            if (auto ec = start())
                return ec;
        auto const link = parse_page_link(*base_, *next_link);
        if (!link)
            return link.error();
        std::uint64_t const fp = detail::link_fingerprint(*link);
        for (std::size_t i = 0; i < pages_; ++i)
            if (seen_[i] == fp)
                return error_code(error::repeated_cursor);
        if (pages_ >= seen_.size())
            return error_code(error::page_limit);
        auto const target = write_target(*link, dest, size);
        if (!target)
            return target.error();
        seen_[pages_++] = fp;
        return *target;
    }

    /// Pages requested so far in this listing, the first one included.
    std::size_t pages() const noexcept { return pages_; }

private:
    base_url const* base_;
    boost::span<std::uint64_t> seen_;
    std::size_t pages_ = 0;
};

} // namespace uvcalls

#endif
