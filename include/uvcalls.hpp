// uvcalls — umbrella header. The mbedTLS transport adapter is opt-in and
// not included here.
#ifndef UVCALLS_HPP
#define UVCALLS_HPP

#include <uvcalls/error.hpp>

#endif
