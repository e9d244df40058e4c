// uvcalls — sizes and counts that stop at SIZE_MAX instead of wrapping.
//
// Why: where std::size_t has 32 bits (every firmware build), sums a server
// or a caller can drive past 4 GiB wrapped to small values: a split
// number's length, the diagnostics' counts, a request head's measured size,
// a link's target size. A small wrong size passed checks against buffers
// and limits. One helper, so that each of those places says what it caps
// at rather than spelling out the same overflow test again.
#ifndef UVCALLS_DETAIL_SATURATING_HPP
#define UVCALLS_DETAIL_SATURATING_HPP

#include <cstddef>
#include <cstdint>

namespace uvcalls {
namespace detail {

/// a + b, or SIZE_MAX when the sum does not fit: more than any buffer holds.
constexpr std::size_t add_saturated(std::size_t a, std::size_t b) noexcept
{
    return b > SIZE_MAX - a ? SIZE_MAX : a + b;
}

} // namespace detail
} // namespace uvcalls

#endif
