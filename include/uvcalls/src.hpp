// uvcalls — the non-template parts of Boost.JSON (and Boost.URL) that the
// header-only library needs, for programs that do not link the Boost
// libraries.
//
// Include this header in exactly one .cpp file of your program. It is the
// decision written in README.md ("Linking"): uvcalls never requires a
// compiled Boost library, so the same build works on a Cortex-M4 with
// newlib-nano and on a Linux gateway. Programs that do link
// libboost_json / libboost_url must not include it.
//
// Only three Boost.JSON sources are needed by basic_parser: the error
// category, the parser's suspend stack and the default memory resource.
// `boost/json/src.hpp` would pull in the whole DOM and does not compile
// with -fno-exceptions, hence this narrower list.
#ifndef UVCALLS_SRC_HPP
#define UVCALLS_SRC_HPP

#include <boost/json/impl/error.ipp>
#include <boost/json/detail/impl/stack.ipp>
#include <boost/json/detail/impl/default_resource.ipp>

#if defined(BOOST_NO_EXCEPTIONS) && !defined(UVCALLS_USER_THROW_EXCEPTION)
#include <boost/assert/source_location.hpp>
#include <cstdlib>
#include <exception>
// With exceptions disabled Boost asks the program for these two functions.
// uvcalls never relies on them (its errors are error_codes); Boost calls
// them only for conditions such as a failed allocation inside the JSON
// parser's stack, where stopping is the only safe answer. Define
// UVCALLS_USER_THROW_EXCEPTION to supply your own.
namespace boost {
[[noreturn]] inline void throw_exception(std::exception const&) { std::abort(); }
[[noreturn]] inline void throw_exception(std::exception const&, boost::source_location const&) { std::abort(); }
} // namespace boost
#endif

#endif
