// uvcalls — the query of GET /api/calls: all 13 parameters, validated, and
// percent-encoded with Boost.URL into caller-provided storage.
#ifndef UVCALLS_QUERY_HPP
#define UVCALLS_QUERY_HPP

#include <uvcalls/detail/output_sink.hpp>
#include <uvcalls/detail/query_rules.hpp>
#include <uvcalls/duration.hpp>
#include <uvcalls/error.hpp>
#include <uvcalls/timestamp.hpp>
#include <uvcalls/uuid.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/core/span.hpp>
#include <boost/system/result.hpp>
#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string_view>

namespace uvcalls {

/// What was wrong with a query, and which parameter it was.
///
/// `parameter` points to a static string holding the spec's name of the
/// parameter at fault (`"agentIds"`, `"metadata"`, `"pageSize"`, ...), or is
/// null when no parameter is (an output buffer too small). `index` is the
/// position of the faulty value in `agentIds` or `metadata`, 0 otherwise.
struct query_error {
    error_code code;
    char const* parameter = nullptr;
    std::size_t index = 0;

    /// True when this holds an error.
    explicit operator bool() const noexcept { return code.failed(); }
};

/// Writes `message (parameter[index])`, for logs and test frameworks. A
/// template over the stream so that this header needs only <iosfwd>.
template<class Ch, class Tr>
std::basic_ostream<Ch, Tr>& operator<<(std::basic_ostream<Ch, Tr>& os, query_error const& e)
{
    os << e.code.message().c_str();
    if (e.parameter)
        os << " (" << e.parameter << '[' << e.index << "])";
    return os;
}

/// Lets `result<T, query_error>::value()` report the error the way
/// Boost.System does for an error_code (found by argument-dependent lookup).
[[noreturn]] inline void throw_exception_from_error(query_error const& e,
                                                    boost::source_location const& loc)
{
    boost::throw_with_location(boost::system::system_error(e.code), loc);
}

/// The result of a one-shot query operation: a value, or a query_error.
template<class T>
using query_result = boost::system::result<T, query_error>;

/// One metadata filter, sent as `metadata.<key>=<value>`. Views; the caller
/// owns the characters.
struct metadata_filter {
    std::string_view key;
    std::string_view value;
};

/// The query parameters of `GET /api/calls` (`calls_list`).
///
/// A plain aggregate: set the members you need, leave the others empty. An
/// empty `std::optional` (or span) means "not sent"; an optional holding an
/// empty string is a value, and is checked like any other (an empty
/// `search` is an error, not an absent one).
///
/// Nothing is copied: every member views memory the caller owns, and must
/// stay valid until the query has been encoded. Values are the *decoded*
/// text; the encoders percent-encode them.
///
/// Every value is checked by `validate()`, which every encoder calls first,
/// so nothing invalid is ever written, let alone sent.
///
/// @par Example
/// @code
/// std::string_view agents[] = {"5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d"};
/// uvcalls::metadata_filter meta[] = {{"customer", "ACME & Co"}};
/// uvcalls::list_calls_query q;
/// q.agent_ids = agents;
/// q.metadata = meta;
/// q.from_date = "2024-05-01";
/// q.page_size = 50;
/// @endcode
struct list_calls_query {
    /// `agentIds`: calls of any of these agents; canonical UUIDs. Sent as
    /// repeated keys in the order given (OpenAPI form style, explode).
    boost::span<std::string_view const> agent_ids;
    /// `cursor`: the decoded pagination cursor, for instance the one
    /// `page_link_cursor()` extracted from a `next` link and the caller
    /// stored. Non-empty UTF-8; control bytes are allowed (percent-encoded
    /// like every byte), so whatever a link's cursor held resumes as it was.
    std::optional<std::string_view> cursor;
    /// `durationMax`: a non-negative duration as the API writes them
    /// (`"90s"`, `"1.5s"`).
    std::optional<std::string_view> duration_max;
    /// `durationMin`: like duration_max.
    std::optional<std::string_view> duration_min;
    /// `fromDate`: an RFC 3339 date-time, or a date `YYYY-MM-DD` which the
    /// server widens to the start of that day. Sent exactly as given, so
    /// it must be one the server reads as meant: at most six fraction
    /// digits (the server's resolution; more would be dropped), no leap
    /// second, `Z` upper case, years 0001 to 9999 in UTC.
    std::optional<std::string_view> from_date;
    /// `metadata.<key>=<value>`: calls whose metadata holds all these pairs.
    /// Keys are unique, non-empty, without control characters, `=`, `&` or
    /// `#`; values are UTF-8 without NUL (empty is allowed).
    boost::span<metadata_filter const> metadata;
    /// `pageSize`: results per page, at least 1.
    std::optional<std::int64_t> page_size;
    /// `search`: free text, UTF-8 without NUL, at least one character.
    std::optional<std::string_view> search;
    /// `sort`: field names, optionally prefixed with `-` and separated by
    /// commas (`"-created"`).
    std::optional<std::string_view> sort;
    /// `timeOfDayEnd`: `HH:MM:SS` with an optional fraction of 1 to 6 digits.
    std::optional<std::string_view> time_of_day_end;
    /// `timeOfDayStart`: like time_of_day_end.
    std::optional<std::string_view> time_of_day_start;
    /// `toDate`: like from_date; a date alone is widened to the end of day.
    std::optional<std::string_view> to_date;
    /// `voiceId`: a canonical UUID.
    std::optional<std::string_view> voice_id;
};

namespace detail {

inline query_error query_fault(error e, char const* parameter, std::size_t index = 0) noexcept
{
    return query_error{error_code(e), parameter, index};
}

// The checks every free-text value shares: UTF-8, then no NUL.
inline query_error check_text(std::string_view s, char const* parameter,
                              std::size_t index = 0) noexcept
{
    if (!is_valid_utf8(s))
        return query_fault(error::query_invalid_utf8, parameter, index);
    if (has_nul(s))
        return query_fault(error::query_nul_character, parameter, index);
    return {};
}

inline query_error check_duration(std::string_view s, char const* parameter) noexcept
{
    // A negative bound is refused: a call never lasts less than nothing, and
    // a minus sign in a filter is far more likely a caller's bug.
    if (!parse_duration(s) || s.front() == '-')
        return query_fault(error::query_invalid_duration, parameter);
    return {};
}

// A date or date-time the API's server reads as the caller meant it. The
// server is Python (Django): parse_timestamp accepts all of RFC 3339 for
// what servers send, but a filter beyond what Python's datetime holds is
// either answered 400 (year 0000, a leap second `:60`, a lower-case `z`:
// datetime.fromisoformat refuses them; an instant before 0001-01-01 or
// after 9999-12-31 UTC overflows when Django converts it to UTC), or,
// worse, read as another instant: a seventh to ninth fraction digit is
// dropped, so fromDate=...T00:00:00.0000001Z would include a call made at
// ...T00:00:00.000000Z. The fraction is capped at six digits as
// timeOfDay's is, for the same reason.
inline bool is_server_date_time(std::string_view s) noexcept
{
    if (s.substr(0, 4) == "0000")
        return false;
    if (s.size() == 10)
        return bool(parse_calendar_date(s));
    timestamp t;
    if (!parse_timestamp_into(s, t))
        return false;
    // The shape is checked: the seconds at 17, an optional fraction from
    // 19, then the zone, at 26 at most with six fraction digits.
    std::size_t const zone = s.find_first_of("Zz+-", 19);
    // 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z in Unix seconds.
    constexpr std::int64_t first = -62135596800;
    constexpr std::int64_t past_last = 253402300800;
    return s[17] != '6' && zone <= 26 && s[zone] != 'z' && t.unix_seconds >= first &&
           t.unix_seconds < past_last;
}

inline query_error check_date(std::string_view s, char const* parameter) noexcept
{
    if (!is_server_date_time(s))
        return query_fault(error::query_invalid_date_time, parameter);
    return {};
}

inline query_error check_time_of_day(std::string_view s, char const* parameter) noexcept
{
    if (!is_time_of_day(s))
        return query_fault(error::query_invalid_time_of_day, parameter);
    return {};
}

// Index of the metadata filter whose key comes next in byte order after
// `after` (or the first one when `after` is null); n when none is left.
// Keys are unique (validate() checks it), so this walks them in sorted
// order with no storage and no change to the caller's array: O(n^2), for
// the handful of filters a query carries.
inline std::size_t next_metadata(boost::span<metadata_filter const> m,
                                 metadata_filter const* after) noexcept
{
    std::size_t best = m.size();
    for (std::size_t i = 0; i < m.size(); ++i) {
        if (after && !(after->key < m[i].key))
            continue;
        if (best == m.size() || m[i].key < m[best].key)
            best = i;
    }
    return best;
}

// Emits the query string (no leading '?') into a counting or writing sink.
// The order is the documented one: see encode_query().
inline void emit_query(list_calls_query const& q, output_sink& out) noexcept
{
    bool first = true;
    auto const key = [&](std::string_view k) {
        if (!first)
            out.append("&");
        first = false;
        out.append(k);
        out.append("=");
    };
    auto const param = [&](std::string_view k, std::optional<std::string_view> const& v) {
        if (v) {
            key(k);
            out.append_encoded(*v);
        }
    };
    for (std::string_view id : q.agent_ids) {
        key("agentIds");
        out.append_encoded(id);
    }
    param("cursor", q.cursor);
    param("durationMax", q.duration_max);
    param("durationMin", q.duration_min);
    param("fromDate", q.from_date);
    for (std::size_t i = next_metadata(q.metadata, nullptr); i < q.metadata.size();
         i = next_metadata(q.metadata, &q.metadata[i])) {
        if (!first)
            out.append("&");
        first = false;
        out.append("metadata.");
        out.append_encoded(q.metadata[i].key);
        out.append("=");
        out.append_encoded(q.metadata[i].value);
    }
    if (q.page_size) {
        key("pageSize");
        out.append_uint(static_cast<std::uint64_t>(*q.page_size));
    }
    param("search", q.search);
    param("sort", q.sort);
    param("timeOfDayEnd", q.time_of_day_end);
    param("timeOfDayStart", q.time_of_day_start);
    param("toDate", q.to_date);
    param("voiceId", q.voice_id);
}

} // namespace detail

/// Checks every parameter of `q` against the spec.
///
/// Returns an empty query_error when all are valid; otherwise the first
/// fault, in the order the parameters are encoded (the values of agentIds
/// and metadata in the order given, although metadata is encoded sorted by
/// key), with the parameter's name and, for agentIds and metadata, the
/// index of the faulty value (of the second of two equal metadata keys).
/// Reasons: `query_invalid_uuid`, `query_invalid_cursor`,
/// `query_invalid_duration`, `query_invalid_date_time`,
/// `query_invalid_metadata_key`, `query_duplicate_metadata_key`,
/// `query_invalid_page_size`, `query_empty_search`, `query_invalid_sort`,
/// `query_invalid_time_of_day`, `query_invalid_utf8`, `query_nul_character`.
inline query_error validate(list_calls_query const& q) noexcept
{
    using detail::query_fault;
    for (std::size_t i = 0; i < q.agent_ids.size(); ++i)
        if (!parse_uuid(q.agent_ids[i]))
            return query_fault(error::query_invalid_uuid, "agentIds", i);
    if (q.cursor) {
        if (q.cursor->empty())
            return query_fault(error::query_invalid_cursor, "cursor");
        // Control bytes are allowed: percent-encoded like any other byte,
        // they reach the server as they were. page_link_cursor() gives them
        // from links the server writes and serves (Django REST framework's
        // base64 decoding drops them; base64.encodebytes ends a cursor with
        // "\n"), so refusing them here made such a listing impossible to
        // resume after a reboot (found by an audit). Invalid UTF-8 stays
        // refused: Django reads it as U+FFFD, never as the bytes sent.
        if (!detail::is_valid_utf8(*q.cursor))
            return query_fault(error::query_invalid_utf8, "cursor");
    }
    if (q.duration_max)
        if (auto e = detail::check_duration(*q.duration_max, "durationMax"))
            return e;
    if (q.duration_min)
        if (auto e = detail::check_duration(*q.duration_min, "durationMin"))
            return e;
    if (q.from_date)
        if (auto e = detail::check_date(*q.from_date, "fromDate"))
            return e;
    for (std::size_t i = 0; i < q.metadata.size(); ++i) {
        metadata_filter const& m = q.metadata[i];
        if (!detail::is_valid_utf8(m.key))
            return query_fault(error::query_invalid_utf8, "metadata", i);
        if (!detail::is_metadata_key(m.key))
            return query_fault(error::query_invalid_metadata_key, "metadata", i);
        if (auto e = detail::check_text(m.value, "metadata", i))
            return e;
        for (std::size_t j = 0; j < i; ++j)
            if (q.metadata[j].key == m.key)
                return query_fault(error::query_duplicate_metadata_key, "metadata", i);
    }
    if (q.page_size && *q.page_size <= 0)
        return query_fault(error::query_invalid_page_size, "pageSize");
    if (q.search) {
        if (q.search->empty())
            return query_fault(error::query_empty_search, "search");
        if (auto e = detail::check_text(*q.search, "search"))
            return e;
    }
    if (q.sort && !detail::is_sort(*q.sort))
        return query_fault(error::query_invalid_sort, "sort");
    if (q.time_of_day_end)
        if (auto e = detail::check_time_of_day(*q.time_of_day_end, "timeOfDayEnd"))
            return e;
    if (q.time_of_day_start)
        if (auto e = detail::check_time_of_day(*q.time_of_day_start, "timeOfDayStart"))
            return e;
    if (q.to_date)
        if (auto e = detail::check_date(*q.to_date, "toDate"))
            return e;
    if (q.voice_id && !parse_uuid(*q.voice_id))
        return query_fault(error::query_invalid_uuid, "voiceId");
    return {};
}

/// The exact number of bytes encode_query() writes for `q`, after
/// validating it (SIZE_MAX when that is SIZE_MAX or more).
inline query_result<std::size_t> encoded_query_size(list_calls_query const& q) noexcept
{
    if (auto e = validate(q))
        return e;
    detail::output_sink n;
    detail::emit_query(q, n);
    return n.size();
}

/// Validates `q`, then writes its query string (without the leading `?`)
/// into `dest`.
///
/// Encoding: keys and values are percent-encoded with Boost.URL, leaving
/// only RFC 3986 `unreserved` characters (`A-Z a-z 0-9 - . _ ~`) as they
/// are, so every reserved character (`&`, `=`, `+`, `#`, `%`, `:`, ...), a
/// space (`%20`, never `+`) and every non-ASCII byte is escaped; UTF-8 is
/// kept byte for byte. agentIds are exploded into repeated keys.
///
/// Order, stable so that equal queries give equal URLs: the spec's order
/// of parameters (alphabetical): agentIds (in the order given), cursor,
/// durationMax, durationMin, fromDate, metadata.* (sorted by key bytes),
/// pageSize, search, sort, timeOfDayEnd, timeOfDayStart, toDate, voiceId.
///
/// Returns a view of the written bytes, inside `dest`. Errors: validate()'s,
/// or `error::buffer_too_small` (parameter null) when `size` is less than
/// encoded_query_size(); then nothing is promised about `dest`'s contents
/// and no view is returned. Allocates nothing.
inline query_result<std::string_view> encode_query(list_calls_query const& q, char* dest,
                                                   std::size_t size) noexcept
{
    auto const needed = encoded_query_size(q);
    if (!needed)
        return needed.error();
    if (*needed > size)
        return query_error{error_code(error::buffer_too_small)};
    detail::output_sink out(dest, size);
    detail::emit_query(q, out);
    return out.view();
}

} // namespace uvcalls

#endif
