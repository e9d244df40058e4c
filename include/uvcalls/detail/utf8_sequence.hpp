// uvcalls — one UTF-8 sequence checked against the Unicode standard's table
// of well-formed byte sequences (Table 3-7; RFC 3629): no overlong forms, no
// UTF-16 surrogates, nothing above U+10FFFF.
//
// Shared by the query builder's check of whole strings (is_valid_utf8, in
// detail/query_rules.hpp) and the decoder's check of raw chunks
// (utf8_validator, in detail/utf8_validate.hpp), so that the two cannot
// disagree on what is valid. No intrinsics here: a query-only build does
// not include the validator. Hand-written: Boost.JSON's own check
// (boost/json/detail/utf8.hpp) is internal, not constexpr, and loads a
// whole sequence at once, which the last bytes of a chunk may not hold.
#ifndef UVCALLS_DETAIL_UTF8_SEQUENCE_HPP
#define UVCALLS_DETAIL_UTF8_SEQUENCE_HPP

#include <cstddef>

namespace uvcalls {
namespace detail {

/// The length a byte announces as the first of a sequence: 1 for ASCII, 0
/// for a continuation byte, else 2 to 4 (C0, C1 and F5-FF too: they then
/// fail check_utf8_sequence).
constexpr std::size_t utf8_length_of(unsigned char c) noexcept
{
    return c < 0x80 ? 1 : c < 0xC0 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/// The sequence s[0, n) (n >= 1) that starts with a byte >= 0x80: -1 when
/// it is ill-formed, 0 when it is well-formed so far but needs more bytes
/// than n, else its length (2 to 4), well-formed. Reads at most
/// min(n, its length) bytes. (chars, not a template over the byte type:
/// one copy of the code in a program that both builds queries and decodes.)
constexpr int check_utf8_sequence(char const* s, std::size_t n) noexcept
{
    unsigned const c = static_cast<unsigned char>(s[0]);
    unsigned lo = 0x80, hi = 0xBF; // the second byte's range
    std::size_t len = 0;
    if (c < 0xC2)
        return -1; // continuation, or overlong two-byte lead
    if (c < 0xE0) {
        len = 2;
    } else if (c < 0xF0) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; // overlong
        else if (c == 0xED)
            hi = 0x9F; // surrogates
    } else if (c < 0xF5) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90; // overlong
        else if (c == 0xF4)
            hi = 0x8F; // above U+10FFFF
    } else {
        return -1;
    }
    if (n >= 2) {
        unsigned const c1 = static_cast<unsigned char>(s[1]);
        if (c1 < lo || c1 > hi)
            return -1;
    }
    for (std::size_t i = 2; i < len && i < n; ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80)
            return -1;
    return n >= len ? static_cast<int>(len) : 0;
}

} // namespace detail
} // namespace uvcalls

#endif
