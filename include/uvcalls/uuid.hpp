// uvcalls — `format: uuid` values.
#ifndef UVCALLS_UUID_HPP
#define UVCALLS_UUID_HPP

#include <uvcalls/error.hpp>

#include <boost/system/result.hpp>

#include <cstdint>
#include <string_view>

namespace uvcalls {

/// A UUID as 16 bytes, with the text it was parsed from.
///
/// `text` views the buffer the uuid was parsed from (for decoded calls: the
/// decoder's arena) and is valid as long as that buffer is.
struct uuid {
    std::uint8_t bytes[16] = {};
    std::string_view text;

    friend bool operator==(uuid const& a, uuid const& b) noexcept
    {
        for (int i = 0; i < 16; ++i)
            if (a.bytes[i] != b.bytes[i])
                return false;
        return true;
    }
    friend bool operator!=(uuid const& a, uuid const& b) noexcept { return !(a == b); }
};

namespace detail {
constexpr int hex_value(char c) noexcept
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}
} // namespace detail

/// Parses the canonical 8-4-4-4-12 hexadecimal form (either case).
/// Braces, URNs and the 32-digit form without hyphens are refused: the API
/// sends and expects the canonical form only.
inline boost::system::result<uuid> parse_uuid(std::string_view s) noexcept
{
    if (s.size() != 36)
        return error_code(error::invalid_uuid);
    uuid u;
    int out = 0;
    for (std::size_t i = 0; i < 36;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return error_code(error::invalid_uuid);
            ++i;
            continue;
        }
        int const hi = detail::hex_value(s[i]);
        int const lo = detail::hex_value(s[i + 1]);
        if (hi < 0 || lo < 0)
            return error_code(error::invalid_uuid);
        u.bytes[out++] = static_cast<std::uint8_t>(hi * 16 + lo);
        i += 2;
    }
    u.text = s;
    return u;
}

} // namespace uvcalls

#endif
