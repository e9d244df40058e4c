// uvcalls fuzzing — what the harnesses share: an invariant check that stops
// the run with the failed condition (libFuzzer then saves the input as a
// crash; the replay main fails its test), and "is this text JSON?" asked of
// Boost.JSON itself, independently of the decoder.
#ifndef UVCALLS_FUZZ_CHECK_HPP
#define UVCALLS_FUZZ_CHECK_HPP

#include <cstdio>
#include <cstdlib>
#include <string_view>

#if defined(__cpp_exceptions)
#include <boost/json/parse.hpp> // compiled by fuzz/src.cpp (boost/json/src.hpp)
#else
#include "../tests/support/test_util.hpp"
#endif

/// Aborts, printing the condition, when it is false (variadic: a condition
/// may hold a braced list's commas). An abort rather
/// than an exception: the harnesses must also run with -fno-exceptions, and
/// libFuzzer treats SIGABRT as a crash.
#define UVCALLS_FUZZ_CHECK(...) \
    ((__VA_ARGS__) ? (void)0 : ::uvcalls_fuzz::check_failed(#__VA_ARGS__, __FILE__, __LINE__))

namespace uvcalls_fuzz {

[[noreturn]] inline void check_failed(char const* what, char const* file, int line)
{
    std::fprintf(stderr, "%s:%d: invariant failed: %s\n", file, line, what);
    std::fflush(stderr);
    std::abort();
}

/// True when Boost.JSON accepts `text` as one JSON document, nested at most
/// `max_depth` deep. With exceptions on (the fuzz build), boost::json::parse
/// builds a whole DOM: a second, independent reading of the document. Its
/// sources do not compile with -fno-exceptions, so that build validates with
/// a basic_parser that builds a canonical text instead (test::canonical_json).
inline bool is_json(std::string_view text, std::size_t max_depth)
{
#if defined(__cpp_exceptions)
    boost::json::parse_options opt;
    opt.max_depth = max_depth;
    boost::system::error_code ec;
    boost::json::parse(boost::json::string_view(text.data(), text.size()), ec, {}, opt);
    return !ec;
#else
    (void)max_depth; // the decoder refuses deeper documents itself
    return !test::canonical_json(text).empty();
#endif
}

} // namespace uvcalls_fuzz

#endif
