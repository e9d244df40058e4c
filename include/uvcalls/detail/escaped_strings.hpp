// uvcalls — page_handler's parser reads strings with escapes a run at a
// time, without Boost 1.81's buffer overrun (detail/parse_escaped_boost_1_81.ipp;
// with another Boost version, Boost's own function runs).
//
// Included by decoder.hpp before it names basic_parser<page_handler>: an
// explicit specialization must be declared before the first use of what it
// specializes, in every translation unit.
#ifndef UVCALLS_DETAIL_ESCAPED_STRINGS_HPP
#define UVCALLS_DETAIL_ESCAPED_STRINGS_HPP

#include <uvcalls/detail/page_handler.hpp>

#define UVCALLS_PARSE_ESCAPED_HANDLER ::uvcalls::detail::page_handler
#include <uvcalls/detail/parse_escaped_boost_1_81.ipp>
#undef UVCALLS_PARSE_ESCAPED_HANDLER

#endif
