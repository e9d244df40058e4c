// The one translation unit of the fuzz harnesses with Boost's non-template
// parts: what the library needs (include/uvcalls/src.hpp) plus, when
// exceptions are on, all of Boost.JSON, for boost::json::parse, the second
// opinion the decoder harness asks (fuzz/check.hpp). The .ipp files both
// include are guarded, so each is compiled once. The query harness parses
// page links, so Boost.URL's parser is compiled on bare-metal targets too,
// where src.hpp leaves it out unless asked.
#define UVCALLS_URL_SRC 1
#include <uvcalls/src.hpp>

#if defined(__cpp_exceptions)
#include <boost/json/src.hpp>
#endif
