// uvcalls — page_handler's parser reads strings with escapes a run at a
// time (detail/parse_escaped_boost_1_81.ipp, for Boost 1.81).
//
// Included by decoder.hpp before it names basic_parser<page_handler>: an
// explicit specialization must be declared before the first use of what it
// specializes, in every translation unit.
#ifndef UVCALLS_DETAIL_ESCAPED_STRINGS_HPP
#define UVCALLS_DETAIL_ESCAPED_STRINGS_HPP

#include <uvcalls/detail/page_handler.hpp>

#include <boost/version.hpp>

#define UVCALLS_PARSE_ESCAPED_HANDLER ::uvcalls::detail::page_handler
#include <uvcalls/detail/parse_escaped_boost_1_81.ipp>
#undef UVCALLS_PARSE_ESCAPED_HANDLER

namespace uvcalls {
namespace detail {

/// The parser of this build copies the text between escapes a run at a
/// time (false: Boost's own loop, a byte at a time).
constexpr bool batched_escaped_strings = BOOST_VERSION == 108100;

} // namespace detail
} // namespace uvcalls

#endif
