// uvcalls-bench-ab: the entry points of the two decoder versions it times
// (decoder_variant.cpp, compiled once for each).
#ifndef UVCALLS_BENCH_AB_HPP
#define UVCALLS_BENCH_AB_HPP

#include <cstddef>

namespace bench_ab {

/// What a decode returns when it failed.
constexpr std::size_t failed = static_cast<std::size_t>(-1);

/// Decodes the page per call, whole (`chunk` 0) or in chunks of that
/// size; returns the number of calls handed over, or `failed`.
std::size_t decode_base(char const* data, std::size_t size, std::size_t chunk);
std::size_t decode_work(char const* data, std::size_t size, std::size_t chunk);

} // namespace bench_ab

#endif
