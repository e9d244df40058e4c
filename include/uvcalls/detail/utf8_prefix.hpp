// uvcalls — where to cut valid UTF-8 text without splitting a character.
#ifndef UVCALLS_DETAIL_UTF8_PREFIX_HPP
#define UVCALLS_DETAIL_UTF8_PREFIX_HPP

#include <cstddef>

namespace uvcalls {
namespace detail {

/// The longest prefix of p[0, n) that does not end inside a UTF-8
/// sequence. The text was validated by the parser up to where it was cut,
/// so only its end can be an incomplete sequence.
inline std::size_t utf8_prefix(char const* p, std::size_t n) noexcept
{
    std::size_t i = n;
    std::size_t back = 0;
    while (i > 0 && back < 4 && (static_cast<unsigned char>(p[i - 1]) & 0xC0) == 0x80) {
        --i;
        ++back;
    }
    if (i == 0)
        return n;
    auto const lead = static_cast<unsigned char>(p[i - 1]);
    std::size_t const len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return len == back + 1 ? n : i - 1;
}

} // namespace detail
} // namespace uvcalls

#endif
