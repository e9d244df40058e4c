// uvcalls — the non-template parts of Boost.JSON and Boost.URL that the
// header-only library needs, for programs that do not link the Boost
// libraries.
//
// Include this header in exactly one .cpp file of your program. It is the
// decision written in README.md ("Linking"): uvcalls never requires a
// compiled Boost library, so the same build works on a Cortex-M4 with
// newlib-nano and on a Linux gateway. Programs that do link
// libboost_json / libboost_url must not include it.
//
// Only four Boost.JSON sources are needed by basic_parser: the error
// category, the parser's suspend stack, the default memory resource and
// the memory resource base class.
// `boost/json/src.hpp` would pull in the whole DOM and does not compile
// with -fno-exceptions, hence this narrower list.
#ifndef UVCALLS_SRC_HPP
#define UVCALLS_SRC_HPP

#include <boost/json/impl/error.ipp>
#include <boost/json/detail/impl/stack.ipp>
#include <boost/json/detail/impl/default_resource.ipp>
// Defines shared_resource's key function, hence its typeinfo, which
// -fsanitize=vptr (part of UBSan) asks for wherever storage_ptr is used.
#include <boost/json/detail/impl/shared_resource.ipp>

// Boost.URL: the parser behind parse_base_url() and page links (query
// encoding and request heads need none of it: they use Boost.URL's header-only
// encode()). Its sources compile with -fno-exceptions -fno-rtti. Define
// UVCALLS_NO_URL_SRC if the program links libboost_url instead.
//
// Bare-metal libstdc++ (arm-none-eabi's newlib build: no gthreads) is
// treated differently:
// - Boost.URL's sources are compiled there only when UVCALLS_URL_SRC is
//   defined, so firmware that decodes, encodes queries and writes request
//   heads (with the default base_url) pays nothing for a URL parser it
//   does not call. Define it to use parse_base_url(), parse_page_link() or
//   page_follower on such a target.
// - it has no std::mutex, which Boost.URL names for the recycle bins of
//   grammar::recycled (bins uvcalls' paths never fill: parsing a URL
//   allocates nothing). With no threads there is nothing to exclude, so a
//   lock that does nothing stands in, in this translation unit only. Define
//   UVCALLS_NO_MUTEX_SHIM to provide your own std::mutex (an RTOS).
// - boost/url/src.hpp compiles url_base.ipp, which includes <iostream>; its
//   static initializer drags the whole locale machinery (about 165 KiB of
//   text on a Cortex-M4) into every image. The list below is
//   boost/url/src.hpp of Boost 1.81 without url_base.ipp, url.ipp and
//   static_url.ipp: what parsing and views need, not the owning url
//   containers, which uvcalls does not use; nor the params_ref and
//   segments_ref sources (plain and encoded), which edit such a container
//   through url_base and so would not link without url_base.ipp unless
//   the linker drops them (-ffunction-sections with --gc-sections).
//   Define UVCALLS_URL_SRC_FULL to compile all of Boost.URL anyway.
#ifndef UVCALLS_NO_URL_SRC
#include <cstddef>
#if defined(__GLIBCXX__) && !defined(_GLIBCXX_HAS_GTHREADS)
#define UVCALLS_DETAIL_NO_THREADS 1
#endif
#if !defined(UVCALLS_DETAIL_NO_THREADS) || defined(UVCALLS_URL_SRC)
#if defined(UVCALLS_DETAIL_NO_THREADS) && !defined(UVCALLS_NO_MUTEX_SHIM)
#include <mutex>
namespace std {
class mutex {
public:
    constexpr mutex() noexcept = default;
    mutex(mutex const&) = delete;
    mutex& operator=(mutex const&) = delete;
    void lock() noexcept {}
    bool try_lock() noexcept { return true; }
    void unlock() noexcept {}
};
} // namespace std
#endif
#if defined(UVCALLS_DETAIL_NO_THREADS) && !defined(UVCALLS_URL_SRC_FULL)
#ifndef BOOST_URL_SOURCE
#define BOOST_URL_SOURCE
#endif
#include <boost/url.hpp>
#include <boost/url/detail/impl/any_params_iter.ipp>
#include <boost/url/detail/impl/any_segments_iter.ipp>
#include <boost/url/detail/impl/decode.ipp>
#include <boost/url/detail/impl/except.ipp>
#include <boost/url/detail/impl/normalize.ipp>
#include <boost/url/detail/impl/params_iter_impl.ipp>
#include <boost/url/detail/impl/path.ipp>
#include <boost/url/detail/impl/segments_iter_impl.ipp>
#include <boost/url/detail/impl/url_impl.ipp>
#include <boost/url/impl/authority_view.ipp>
#include <boost/url/impl/decode_view.ipp>
#include <boost/url/impl/error.ipp>
#include <boost/url/impl/ipv4_address.ipp>
#include <boost/url/impl/ipv6_address.ipp>
#include <boost/url/impl/params_base.ipp>
#include <boost/url/impl/params_encoded_base.ipp>
#include <boost/url/impl/params_encoded_view.ipp>
#include <boost/url/impl/params_view.ipp>
#include <boost/url/impl/parse.ipp>
#include <boost/url/impl/parse_path.ipp>
#include <boost/url/impl/parse_query.ipp>
#include <boost/url/impl/pct_string_view.ipp>
#include <boost/url/impl/scheme.ipp>
#include <boost/url/impl/segments_base.ipp>
#include <boost/url/impl/segments_encoded_base.ipp>
#include <boost/url/impl/segments_encoded_view.ipp>
#include <boost/url/impl/segments_view.ipp>
#include <boost/url/impl/url_view.ipp>
#include <boost/url/impl/url_view_base.ipp>
#include <boost/url/grammar/detail/impl/recycled.ipp>
#include <boost/url/grammar/impl/ci_string.ipp>
#include <boost/url/grammar/impl/dec_octet_rule.ipp>
#include <boost/url/grammar/impl/delim_rule.ipp>
#include <boost/url/grammar/impl/error.ipp>
#include <boost/url/grammar/impl/literal_rule.ipp>
#include <boost/url/grammar/impl/string_view_base.ipp>
#include <boost/url/rfc/detail/impl/h16_rule.ipp>
#include <boost/url/rfc/detail/impl/hier_part_rule.ipp>
#include <boost/url/rfc/detail/impl/host_rule.ipp>
#include <boost/url/rfc/detail/impl/ip_literal_rule.ipp>
#include <boost/url/rfc/detail/impl/ipvfuture_rule.ipp>
#include <boost/url/rfc/detail/impl/port_rule.ipp>
#include <boost/url/rfc/detail/impl/relative_part_rule.ipp>
#include <boost/url/rfc/detail/impl/scheme_rule.ipp>
#include <boost/url/rfc/detail/impl/userinfo_rule.ipp>
#include <boost/url/rfc/impl/absolute_uri_rule.ipp>
#include <boost/url/rfc/impl/authority_rule.ipp>
#include <boost/url/rfc/impl/ipv4_address_rule.ipp>
#include <boost/url/rfc/impl/ipv6_address_rule.ipp>
#include <boost/url/rfc/impl/origin_form_rule.ipp>
#include <boost/url/rfc/impl/query_rule.ipp>
#include <boost/url/rfc/impl/relative_ref_rule.ipp>
#include <boost/url/rfc/impl/uri_rule.ipp>
#include <boost/url/rfc/impl/uri_reference_rule.ipp>
#else
#include <boost/url/src.hpp>
#endif
#endif // !UVCALLS_DETAIL_NO_THREADS || UVCALLS_URL_SRC
#endif // UVCALLS_NO_URL_SRC

#if defined(BOOST_NO_EXCEPTIONS) && !defined(UVCALLS_USER_THROW_EXCEPTION)
#include <boost/assert/source_location.hpp>
#include <boost/config.hpp>
#include <boost/throw_exception.hpp>
#include <cstdlib>
#include <exception>
// With exceptions disabled Boost asks the program for these two functions.
// uvcalls never relies on them (its errors are error_codes); Boost calls
// them only for conditions such as a failed allocation inside the JSON
// parser's stack, where stopping is the only safe answer. Define
// UVCALLS_USER_THROW_EXCEPTION to supply your own. Not inline: other
// translation units call them, and this header is in exactly one.
// BOOST_NORETURN, not [[noreturn]]: Boost declares them first with
// BOOST_NORETURN (__attribute__((__noreturn__)) on GCC and clang), and
// clang refuses a [[noreturn]] that is not on the first declaration.
namespace boost {
BOOST_NORETURN void throw_exception(std::exception const&) { std::abort(); }
BOOST_NORETURN void throw_exception(std::exception const&, boost::source_location const&) { std::abort(); }
} // namespace boost
#endif

#endif
