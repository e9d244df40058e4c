// uvcalls — `format: uuid` values.
#ifndef UVCALLS_UUID_HPP
#define UVCALLS_UUID_HPP

#include <uvcalls/error.hpp>

#include <boost/system/result.hpp>

#include <cstdint>
#include <cstring>
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
// n bytes of text (4 or 8) as a little-endian word on every target.
inline std::uint64_t load_le(char const* p, unsigned n) noexcept
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (n == 8) {
        std::uint64_t v;
        std::memcpy(&v, p, 8);
        return v;
    }
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
#else
    std::uint64_t v = 0;
    for (unsigned i = 0; i < n; ++i)
        v |= std::uint64_t(static_cast<unsigned char>(p[i])) << (8 * i);
    return v;
#endif
}

// Eight hex digits, the text as a little-endian word, to their four bytes
// (the first digit is the high nibble of the first byte); false when one
// of them is not a hex digit. All eight at once: a uuid's 32 digits are
// four words, rather than a table load and a check per digit.
inline bool hex8_to_bytes(std::uint64_t w, std::uint8_t* out) noexcept
{
    constexpr std::uint64_t ones = 0x0101010101010101u;
    constexpr std::uint64_t high = ones * 0x80;
    // A byte above 0x7F is no digit; below, adding up to 0x80 to every
    // byte carries into no other: each byte's top bit then tells a range.
    std::uint64_t const lower = w | ones * 0x20; // A-F as a-f; digits unchanged
    std::uint64_t const digit = (w + ones * (0x80 - '0')) & ~(w + ones * (0x7F - '9'));
    std::uint64_t const letter = (lower + ones * (0x80 - 'a')) & ~(lower + ones * (0x7F - 'f'));
    bool const ok = ((digit | letter) & ~w & high) == high;
    // A digit's value is its low nibble, a letter's its low nibble + 9 (bit 6 set).
    std::uint64_t const nibbles = (w & ones * 0x0F) + ((w >> 6) & ones) * 9;
    // Byte 2k: nibble 2k high, nibble 2k + 1 low; then bytes 0, 2, 4, 6 together.
    std::uint64_t v = ((nibbles << 4) | (nibbles >> 8)) & 0x00FF00FF00FF00FFu;
    v = (v | (v >> 8)) & 0x0000FFFF0000FFFFu;
    std::uint32_t const bytes = static_cast<std::uint32_t>(v | (v >> 16));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    std::memcpy(out, &bytes, 4);
#else
    for (unsigned i = 0; i < 4; ++i)
        out[i] = static_cast<std::uint8_t>(bytes >> (8 * i));
#endif
    return ok;
}
} // namespace detail

namespace detail {
// parse_uuid's work, into `out`: the decoder parses straight into a field,
// without a result<uuid> between (a copy and a check per uuid). When it
// returns false, `out` is partly written.
inline bool parse_uuid_into(std::string_view s, uuid& out) noexcept
{
    if (s.size() != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-')
        return false;
    // The 32 digits as four words of eight: 0-7, 9-12 and 14-17, 19-22 and
    // 24-27, 28-35.
    char const* const p = s.data();
    std::uint64_t const second = load_le(p + 9, 4) | load_le(p + 14, 4) << 32;
    std::uint64_t const third = load_le(p + 19, 4) | load_le(p + 24, 4) << 32;
    // (All four converted, no short cut: one branch per uuid.)
    unsigned const ok = static_cast<unsigned>(hex8_to_bytes(load_le(p, 8), out.bytes)) &
                        static_cast<unsigned>(hex8_to_bytes(second, out.bytes + 4)) &
                        static_cast<unsigned>(hex8_to_bytes(third, out.bytes + 8)) &
                        static_cast<unsigned>(hex8_to_bytes(load_le(p + 28, 8), out.bytes + 12));
    out.text = s;
    return ok != 0;
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
