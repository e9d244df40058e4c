// uvcalls — error codes of the library.
//
// Every failure the library reports is a boost::system::error_code whose
// category is uvcalls' own. Errors are grouped by `uvcalls::condition`
// (decode, limit, query, http, transport, tls) so callers can test the
// group without listing every value:
//
//     if (ec == uvcalls::condition::limit) grow_the_arena();
//
// "Need more input" is never an error: streaming functions simply consume
// what they were given and wait for more.
#ifndef UVCALLS_ERROR_HPP
#define UVCALLS_ERROR_HPP

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace uvcalls {

using error_code = boost::system::error_code;

/// Errors reported by uvcalls. Zero is success.
enum class error {
    // --- decode: the bytes are not a valid PaginatedCallList ---------------
    /// The input is not valid JSON, including a string with bytes that are
    /// not valid UTF-8, with a raw control character, with an escape JSON
    /// does not define (`\x`, `\U0041`), or with a leading UTF-16 surrogate
    /// not followed by a `\u` escape (`\uD800x`, `\uD800"`) (Boost.JSON
    /// reports all of these as one syntax error).
    json_syntax = 1,
    /// The input ended before the JSON document was complete.
    json_incomplete,
    /// Non-whitespace bytes follow the JSON document.
    json_trailing_data,
    /// A `\u` escape holds a byte that is not a hex digit where one of its
    /// four digits is due (`\u12G4`, `\u00"`). Another bad escape is
    /// json_syntax.
    json_invalid_escape,
    /// A `\u` escape holds a trailing UTF-16 surrogate with no leading one
    /// before it (`\uDC00`), or a leading surrogate is followed by a `\u`
    /// escape that is not a trailing one (`\uD800\u0041`). A leading
    /// surrogate followed by anything else is json_syntax.
    json_invalid_surrogate,
    /// A number's exponent is beyond what Boost.JSON 1.81 reads, of either
    /// sign (`1e-99999999999999999999` too, anywhere in the page), or a
    /// `type: number` field's value is beyond the largest double.
    json_number_overflow,
    /// A `type: number` field's value is written with more than 64
    /// characters (uvcalls reads such values exactly, from at most that
    /// much text; servers write at most 24).
    number_too_long,
    /// A value has a JSON type the schema does not allow (including null
    /// where the schema does not allow null).
    type_mismatch,
    /// A `format: uuid` field does not hold a canonical 8-4-4-4-12 hex UUID.
    invalid_uuid,
    /// A `format: date-time` field does not hold an RFC 3339 date-time.
    invalid_timestamp,
    /// A duration field does not match `^-?(0|[1-9][0-9]{0,11})(\.[0-9]{1,9})?s$`.
    invalid_duration,
    /// An integer field holds a value outside its range (int64, or int32
    /// where the schema says `format: int32`).
    integer_out_of_range,
    /// An integer field holds a number with a fraction or an exponent.
    expected_integer,
    /// A field of the model appears twice in the same object.
    duplicate_key,
    /// A field the schema marks required is missing (only in strict mode;
    /// otherwise it is counted in the diagnostics).
    missing_required_field,
    /// The call handler asked the decoder to stop. Not a failure of the input.
    stopped_by_handler,
    /// The decoder was used after it had failed or finished; call reset().
    decoder_not_ready,

    // --- limit: a bound the caller chose was reached ------------------------
    /// The arena buffer is full.
    arena_full,
    /// JSON nesting is deeper than the caller's max_depth.
    depth_limit,
    /// A string is longer than the caller's max_string_length; or, where
    /// std::size_t has 32 bits, a key or string of the input (any, skipped
    /// too) has 4 GiB or more, which Boost.JSON cannot count.
    string_limit,
    /// An output buffer is too small for what must be written into it.
    buffer_too_small,
    /// More pages were followed than the caller's cap allows.
    page_limit,

    // --- query: a list_calls_query parameter is invalid ---------------------
    /// A UUID parameter (agentIds, voiceId) is not a canonical UUID.
    query_invalid_uuid,
    /// A date-time parameter (fromDate, toDate) is neither RFC 3339 nor a date.
    query_invalid_date_time,
    /// A time-of-day parameter is not HH:MM:SS[.ffffff] within range.
    query_invalid_time_of_day,
    /// A duration parameter (durationMin, durationMax) is malformed.
    query_invalid_duration,
    /// pageSize is zero or negative.
    query_invalid_page_size,
    /// search is empty (the spec requires minLength 1).
    query_empty_search,
    /// A metadata key is empty or holds characters that change its meaning.
    query_invalid_metadata_key,
    /// cursor is empty (no cursor, the first page, is an unset one).
    query_invalid_cursor,
    /// sort is empty or holds characters that are not allowed.
    query_invalid_sort,
    /// Not returned: the query holds views of the caller's values, so no
    /// storage of its own can overflow. Kept so that the enumerators after
    /// it keep their values.
    query_too_many_values,
    /// A parameter value is not valid UTF-8.
    query_invalid_utf8,
    /// A text parameter (search, metadata value) holds a NUL character.
    query_nul_character,
    /// The same metadata key is given twice.
    query_duplicate_metadata_key,

    // --- query: request head and pagination links ---------------------------
    /// The base URL is not an absolute http:// or https:// URL.
    invalid_base_url,
    /// A header name is empty or holds bytes not allowed in a token.
    invalid_header_name,
    /// A header value (API key included) holds CR, LF, NUL or another control byte.
    invalid_header_value,
    /// A caller-added header is one uvcalls writes itself or one that would
    /// change the message framing (Host, X-API-Key, Content-Length, ...).
    header_not_allowed,
    /// A request target is not an origin-form path and query (`/...`, only
    /// bytes RFC 3986 allows there, each `%` before two hex digits), or
    /// its path could name another host (`//host/...`, or a `.`/`..`
    /// segment or `%2E` whose removal or decoding could give that, or a
    /// `\`, which a WHATWG URL parser reads as `/`).
    invalid_request_target,
    /// A `next`/`previous` link is not a valid absolute URL.
    invalid_link,
    /// A link's scheme differs from the base URL's.
    link_scheme_mismatch,
    /// A link's host differs from the base URL's.
    link_host_mismatch,
    /// A link's port differs from the base URL's.
    link_port_mismatch,
    /// A link carries a cursor already seen in this listing (endless loop).
    repeated_cursor,

    // --- http / transport / tls: reserved for the client layers -------------
    /// The HTTP response could not be parsed.
    http_bad_response,
    /// The server answered with a status that is not 2xx.
    http_bad_status,
    /// The transport failed to connect, read or write.
    transport_failed,
    /// The transport timed out.
    transport_timeout,
    /// The TLS handshake or certificate verification failed.
    tls_failed,

    // --- limit, added after the groups above so that their values stay ----
    /// An array or object of the input (the results array, or any other,
    /// skipped and schema-free ones too) has more than 2 147 483 646
    /// elements or members, more than Boost.JSON's parser counts. No
    /// arena or option of the caller's lifts it.
    element_limit,
};

/// Groups of errors, for `ec == uvcalls::condition::limit` style tests.
enum class condition {
    /// The decode failed: the input is not a valid PaginatedCallList, or
    /// the caller ended it (stopped_by_handler) or used the decoder after
    /// its end (decoder_not_ready).
    decode = 1,
    /// A bound was reached: one the caller chose (the arena, max_depth,
    /// max_string_length, a buffer, a page cap), or one of the parser's
    /// (string_limit where std::size_t has 32 bits, element_limit).
    limit,
    /// A query parameter, header, base URL or link was refused.
    query,
    /// An HTTP-level failure.
    http,
    /// A transport-level failure.
    transport,
    /// A TLS-level failure.
    tls,
};

/// One past the last enumerator; tests walk [1, error_end).
constexpr int error_end = static_cast<int>(error::element_limit) + 1;

namespace detail {

inline condition condition_of(error e) noexcept
{
    if (e == error::element_limit)
        return condition::limit;
    if (e <= error::decoder_not_ready)
        return condition::decode;
    if (e <= error::page_limit)
        return condition::limit;
    if (e <= error::repeated_cursor)
        return condition::query;
    if (e <= error::http_bad_status)
        return condition::http;
    if (e <= error::transport_timeout)
        return condition::transport;
    return condition::tls;
}

inline char const* message_of(error e) noexcept
{
    switch (e) {
    case error::json_syntax: return "invalid JSON syntax";
    case error::json_incomplete: return "incomplete JSON document";
    case error::json_trailing_data: return "data after the JSON document";
    case error::json_invalid_escape: return "invalid escape sequence in string";
    case error::json_invalid_surrogate: return "invalid UTF-16 surrogate in string";
    case error::json_number_overflow: return "number out of range";
    case error::number_too_long: return "number longer than 64 characters";
    case error::type_mismatch: return "JSON type does not match the schema";
    case error::invalid_uuid: return "invalid UUID";
    case error::invalid_timestamp: return "invalid RFC 3339 date-time";
    case error::invalid_duration: return "invalid duration";
    case error::integer_out_of_range: return "integer out of range";
    case error::expected_integer: return "expected an integer";
    case error::duplicate_key: return "duplicate key";
    case error::missing_required_field: return "missing required field";
    case error::stopped_by_handler: return "stopped by the call handler";
    case error::decoder_not_ready: return "decoder used after failure or end; reset it";
    case error::arena_full: return "arena full";
    case error::depth_limit: return "nesting deeper than max_depth";
    case error::string_limit: return "string longer than max_string_length (or, with a 32-bit size_t, 4 GiB or more)";
    case error::buffer_too_small: return "buffer too small";
    case error::page_limit: return "page limit reached";
    case error::query_invalid_uuid: return "parameter is not a UUID";
    case error::query_invalid_date_time: return "parameter is not a date or RFC 3339 date-time the server reads as given";
    case error::query_invalid_time_of_day: return "parameter is not a time of day HH:MM:SS";
    case error::query_invalid_duration: return "parameter is not a duration";
    case error::query_invalid_page_size: return "pageSize must be positive";
    case error::query_empty_search: return "search must not be empty";
    case error::query_invalid_metadata_key: return "invalid metadata key";
    case error::query_invalid_cursor: return "invalid cursor";
    case error::query_invalid_sort: return "invalid sort field";
    case error::query_too_many_values: return "too many values for the query storage";
    case error::query_invalid_utf8: return "parameter is not valid UTF-8";
    case error::query_nul_character: return "parameter holds a NUL character";
    case error::query_duplicate_metadata_key: return "metadata key given twice";
    case error::invalid_base_url: return "base URL is not an absolute http or https URL";
    case error::invalid_header_name: return "invalid header name";
    case error::invalid_header_value: return "invalid header value";
    case error::header_not_allowed: return "header is written by uvcalls or changes message framing";
    case error::invalid_request_target: return "request target is not an origin-form path and query";
    case error::invalid_link: return "pagination link is not a valid URL";
    case error::link_scheme_mismatch: return "pagination link scheme differs from the base URL";
    case error::link_host_mismatch: return "pagination link host differs from the base URL";
    case error::link_port_mismatch: return "pagination link port differs from the base URL";
    case error::repeated_cursor: return "pagination cursor repeats";
    case error::http_bad_response: return "bad HTTP response";
    case error::http_bad_status: return "HTTP status is not success";
    case error::transport_failed: return "transport failure";
    case error::transport_timeout: return "transport timeout";
    case error::tls_failed: return "TLS failure";
    case error::element_limit: return "array or object with more than 2147483646 elements";
    }
    return "unknown uvcalls error";
}

// Function-local statics, as Beast does, so the categories are header-only;
// the fixed ids make comparisons work without RTTI and across shared objects.
class condition_category_impl final : public boost::system::error_category {
public:
    constexpr condition_category_impl() noexcept
        : error_category(0x75766361'6c6c7302ULL) {}
    char const* name() const noexcept override { return "uvcalls.condition"; }
    std::string message(int ev) const override { return message(ev, nullptr, 0); }
    char const* message(int ev, char*, std::size_t) const noexcept override
    {
        switch (static_cast<condition>(ev)) {
        case condition::decode: return "decode error";
        case condition::limit: return "limit reached";
        case condition::query: return "query error";
        case condition::http: return "HTTP error";
        case condition::transport: return "transport error";
        case condition::tls: return "TLS error";
        }
        return "unknown uvcalls condition";
    }
};

inline boost::system::error_category const& condition_category() noexcept
{
    static condition_category_impl const cat;
    return cat;
}

class error_category_impl final : public boost::system::error_category {
public:
    constexpr error_category_impl() noexcept
        : error_category(0x75766361'6c6c7301ULL) {}
    char const* name() const noexcept override { return "uvcalls"; }
    std::string message(int ev) const override { return message(ev, nullptr, 0); }
    char const* message(int ev, char*, std::size_t) const noexcept override
    {
        return message_of(static_cast<error>(ev));
    }
    boost::system::error_condition default_error_condition(int ev) const noexcept override
    {
        // Zero is success and other values name no error: neither is in a
        // group (`ec == condition::decode` must not hold for them).
        if (ev <= 0 || ev >= error_end)
            return boost::system::error_condition(ev, *this);
        return boost::system::error_condition(
            static_cast<int>(condition_of(static_cast<error>(ev))), condition_category());
    }
};

} // namespace detail

/// The category of every uvcalls error.
inline boost::system::error_category const& error_category() noexcept
{
    static detail::error_category_impl const cat;
    return cat;
}

inline error_code make_error_code(error e) noexcept
{
    return error_code(static_cast<int>(e), error_category());
}

inline boost::system::error_condition make_error_condition(condition c) noexcept
{
    return boost::system::error_condition(static_cast<int>(c), detail::condition_category());
}

} // namespace uvcalls

namespace boost {
namespace system {
template<> struct is_error_code_enum<::uvcalls::error> : std::true_type {};
template<> struct is_error_condition_enum<::uvcalls::condition> : std::true_type {};
} // namespace system
} // namespace boost

#endif
