// The one translation unit of the test programs that holds Boost's
// non-template parts (see include/uvcalls/src.hpp).
#include <uvcalls/src.hpp>
