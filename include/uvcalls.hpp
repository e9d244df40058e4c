// uvcalls — umbrella header. The mbedTLS transport adapter is opt-in and
// not included here.
#ifndef UVCALLS_HPP
#define UVCALLS_HPP

#include <uvcalls/error.hpp>
#include <uvcalls/base_url.hpp>
#include <uvcalls/pagination.hpp>
#include <uvcalls/query.hpp>
#include <uvcalls/request.hpp>
#include <uvcalls/version.hpp>

#endif
