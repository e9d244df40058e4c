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

namespace detail {
// The hex value of each ASCII byte, 0xFF for a non-digit. Uuids are the
// most common typed string of a page (every call has several): one table
// load per digit and one check per uuid, instead of three range tests and
// a branch per digit. (128 entries, not 256: a byte's top bit is or-ed into
// the check instead, which keeps 128 bytes out of a firmware image.)
struct hex_digit_table {
    unsigned char value[128];
    constexpr hex_digit_table() noexcept : value{}
    {
        for (int i = 0; i < 128; ++i) {
            int const v = hex_value(static_cast<char>(i));
            value[i] = static_cast<unsigned char>(v < 0 ? 0xFF : v);
        }
    }
};
inline constexpr hex_digit_table hex_digits{};
} // namespace detail

namespace detail {
// parse_uuid's work, into `out`: the decoder parses straight into a field,
// without a result<uuid> between (a copy and a check per uuid). When it
// returns false, `out` is partly written.
inline bool parse_uuid_into(std::string_view s, uuid& out) noexcept
{
    if (s.size() != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-')
        return false;
    // Where each byte's two digits begin.
    static constexpr unsigned char at[16] = {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34};
    unsigned bad = 0;
    for (int i = 0; i < 16; ++i) {
        unsigned const h = static_cast<unsigned char>(s[at[i]]);
        unsigned const l = static_cast<unsigned char>(s[at[i] + 1]);
        unsigned const hi = hex_digits.value[h & 0x7F];
        unsigned const lo = hex_digits.value[l & 0x7F];
        bad |= hi | lo | ((h | l) & 0x80); // a non-ASCII byte is bad too
        out.bytes[i] = static_cast<std::uint8_t>((hi << 4) | (lo & 0x0F));
    }
    out.text = s;
    return bad <= 0x0F;
}
} // namespace detail

/// Parses the canonical 8-4-4-4-12 hexadecimal form (either case).
/// Braces, URNs and the 32-digit form without hyphens are refused: the API
/// sends and expects the canonical form only.
inline boost::system::result<uuid> parse_uuid(std::string_view s) noexcept
{
    uuid u;
    if (!detail::parse_uuid_into(s, u))
        return error_code(error::invalid_uuid);
    return u;
}

} // namespace uvcalls

#endif
