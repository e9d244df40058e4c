// uvcalls — protobuf-style durations ("3600s", "0.384s", "-1.5s").
#ifndef UVCALLS_DURATION_HPP
#define UVCALLS_DURATION_HPP

#include <uvcalls/error.hpp>

#include <boost/system/result.hpp>

#include <cstdint>
#include <string_view>

namespace uvcalls {

/// A signed duration with nanosecond resolution, with the text it was
/// parsed from.
///
/// `parsed` is false only for fields whose spec gives no pattern
/// (`billedDuration`, `joinTimeout`, `maxDuration`) when the server sent
/// text that is not a duration: the text is kept and `seconds`/`nanoseconds`
/// are zero. Fields with the spec's pattern never hold unparsed text; the
/// decoder reports `error::invalid_duration` instead. `text` views the
/// buffer the value was parsed from.
struct duration {
    std::int64_t seconds = 0;
    /// Same sign as `seconds` (or as the text, when seconds is 0).
    std::int32_t nanoseconds = 0;
    bool parsed = false;
    std::string_view text;

    /// The value in whole milliseconds, truncated toward zero as the
    /// seconds and nanoseconds share a sign (-1.5009s gives -1500, -0.0005s 0).
    std::int64_t total_milliseconds() const noexcept
    {
        return seconds * 1000 + nanoseconds / 1000000;
    }
};

namespace detail {
// parse_duration's work, into `out` (see parse_uuid_into).
inline bool parse_duration_into(std::string_view s, duration& out) noexcept
{
    auto const bad = [] { return false; };
    std::size_t pos = 0;
    bool const negative = !s.empty() && s[0] == '-';
    pos += negative;
    std::size_t const int_begin = pos;
    std::int64_t secs = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        secs = secs * 10 + (s[pos] - '0');
        ++pos;
        if (pos - int_begin > 12)
            return bad();
    }
    std::size_t const int_digits = pos - int_begin;
    if (int_digits == 0 || (int_digits > 1 && s[int_begin] == '0'))
        return bad();
    std::int32_t nanos = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        std::size_t const frac_begin = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (pos - frac_begin == 9)
                return bad();
            nanos = nanos * 10 + (s[pos] - '0');
            ++pos;
        }
        std::size_t const frac_digits = pos - frac_begin;
        if (frac_digits == 0)
            return bad();
        for (std::size_t i = frac_digits; i < 9; ++i)
            nanos *= 10;
    }
    if (pos + 1 != s.size() || s[pos] != 's')
        return bad();
    out.seconds = negative ? -secs : secs;
    out.nanoseconds = negative ? -nanos : nanos;
    out.parsed = true;
    out.text = s;
    return true;
}
} // namespace detail

/// Parses `^-?(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,9})?s$`, the spec's pattern.
inline boost::system::result<duration> parse_duration(std::string_view s) noexcept
{
    duration d;
    if (!detail::parse_duration_into(s, d))
        return error_code(error::invalid_duration);
    return d;
}

} // namespace uvcalls

#endif
