// The one translation unit of the test programs that holds Boost's
// non-template parts (see include/uvcalls/src.hpp). The tests parse URLs
// (base URLs, page links), so Boost.URL's parser is compiled on bare-metal
// targets too, where src.hpp leaves it out unless asked.
#define UVCALLS_URL_SRC 1
#include <uvcalls/src.hpp>
