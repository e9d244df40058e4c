// uvcalls — `format: date-time` values (RFC 3339).
#ifndef UVCALLS_TIMESTAMP_HPP
#define UVCALLS_TIMESTAMP_HPP

#include <uvcalls/error.hpp>

#include <boost/system/result.hpp>

#include <cstdint>
#include <string_view>

namespace uvcalls {

/// An instant on the UTC time line with nanosecond resolution, with the
/// text it was parsed from.
///
/// `unix_seconds` and `nanoseconds` are UTC whatever offset the text
/// carried; `utc_offset_minutes` keeps that offset. `text` views the buffer
/// the value was parsed from (for decoded calls: the decoder's arena).
struct timestamp {
    std::int64_t unix_seconds = 0;
    std::uint32_t nanoseconds = 0;
    std::int16_t utc_offset_minutes = 0;
    std::string_view text;

    /// Microseconds since 1970-01-01T00:00:00Z.
    std::int64_t unix_microseconds() const noexcept
    {
        return unix_seconds * 1000000 + static_cast<std::int64_t>(nanoseconds / 1000);
    }
    friend bool operator==(timestamp const& a, timestamp const& b) noexcept
    {
        return a.unix_seconds == b.unix_seconds && a.nanoseconds == b.nanoseconds;
    }
    friend bool operator!=(timestamp const& a, timestamp const& b) noexcept { return !(a == b); }
};

/// A calendar date alone (YYYY-MM-DD), for query parameters that accept it.
struct calendar_date {
    int year = 1970;
    int month = 1;
    int day = 1;
};

namespace detail {

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
// calendar, no table, no library time functions (newlib has no timegm).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept
{
    y -= m <= 2;
    std::int64_t const era = (y >= 0 ? y : y - 399) / 400;
    unsigned const yoe = static_cast<unsigned>(y - era * 400);
    unsigned const doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

constexpr unsigned days_in_month(int y, int m) noexcept
{
    constexpr unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool const leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29u : days[m - 1];
}

// Reads exactly n decimal digits at s[pos]; -1 when they are not digits.
constexpr int read_digits(std::string_view s, std::size_t pos, std::size_t n) noexcept
{
    if (pos + n > s.size())
        return -1;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        char const c = s[pos + i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

} // namespace detail

/// Parses a full date `YYYY-MM-DD` (RFC 3339 full-date).
inline boost::system::result<calendar_date> parse_calendar_date(std::string_view s) noexcept
{
    if (s.size() != 10 || s[4] != '-' || s[7] != '-')
        return error_code(error::invalid_timestamp);
    int const y = detail::read_digits(s, 0, 4);
    int const m = detail::read_digits(s, 5, 2);
    int const d = detail::read_digits(s, 8, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > static_cast<int>(detail::days_in_month(y, m)))
        return error_code(error::invalid_timestamp);
    return calendar_date{y, m, d};
}

namespace detail {
// parse_timestamp's work, into `out` (see parse_uuid_into).
inline bool parse_timestamp_into(std::string_view s, timestamp& out) noexcept
{
    auto const bad = [] { return false; };
    if (s.size() < 20)
        return bad();
    auto const date = parse_calendar_date(s.substr(0, 10));
    if (!date)
        return bad();
    char const sep = s[10];
    if (sep != 'T' && sep != 't' && sep != ' ')
        return bad();
    if (s[13] != ':' || s[16] != ':')
        return bad();
    int const hh = read_digits(s, 11, 2);
    int const mm = read_digits(s, 14, 2);
    int const ss = read_digits(s, 17, 2);
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
        return bad();
    std::size_t pos = 19;
    std::uint32_t nanos = 0;
    if (s[pos] == '.') {
        ++pos;
        std::size_t digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (++digits > 9)
                return bad();
            nanos = nanos * 10 + static_cast<std::uint32_t>(s[pos] - '0');
            ++pos;
        }
        if (digits == 0)
            return bad();
        for (std::size_t i = digits; i < 9; ++i)
            nanos *= 10;
    }
    if (pos >= s.size())
        return bad();
    int offset = 0;
    char const z = s[pos];
    if (z == 'Z' || z == 'z') {
        ++pos;
    } else if (z == '+' || z == '-') {
        if (pos + 6 != s.size() || s[pos + 3] != ':')
            return bad();
        int const oh = read_digits(s, pos + 1, 2);
        int const om = read_digits(s, pos + 4, 2);
        if (oh < 0 || oh > 23 || om < 0 || om > 59)
            return bad();
        offset = (oh * 60 + om) * (z == '-' ? -1 : 1);
        pos += 6;
    } else {
        return bad();
    }
    if (pos != s.size())
        return bad();
    // A leap second ends a UTC day (RFC 3339 5.7): 23:59:60Z, or that
    // instant in local time (15:59:60-08:00).
    if (ss == 60 && (hh * 60 + mm - offset + 1440) % 1440 != 1439)
        return bad();
    std::int64_t const days = days_from_civil(date->year, static_cast<unsigned>(date->month),
                                              static_cast<unsigned>(date->day));
    out.unix_seconds = days * 86400 + hh * 3600 + mm * 60 + ss - offset * 60;
    out.nanoseconds = nanos;
    out.utc_offset_minutes = static_cast<std::int16_t>(offset);
    out.text = s;
    return true;
}
} // namespace detail

/// Parses an RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)`.
/// `T`/`Z` may be lower case and the separator may be a space (RFC 3339
/// §5.6 note). A leap second (`:60`) is accepted at 23:59 UTC only (RFC 3339
/// §5.7) and counted as the first second of the next minute. More than nine
/// fraction digits are refused rather than rounded.
inline boost::system::result<timestamp> parse_timestamp(std::string_view s) noexcept
{
    timestamp t;
    if (!detail::parse_timestamp_into(s, t))
        return error_code(error::invalid_timestamp);
    return t;
}

} // namespace uvcalls

#endif
