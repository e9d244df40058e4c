// uvcalls — umbrella header: every public header of the library.
//
// Not <uvcalls/src.hpp>: it compiles Boost's non-template parts and goes in
// exactly one .cpp file of a program (README.md, "Linking").
#ifndef UVCALLS_HPP
#define UVCALLS_HPP

#include <uvcalls/error.hpp>
#include <uvcalls/version.hpp>

#include <uvcalls/arena.hpp>
#include <uvcalls/decode_options.hpp>
#include <uvcalls/decoder.hpp>
#include <uvcalls/duration.hpp>
#include <uvcalls/encode.hpp>
#include <uvcalls/field.hpp>
#include <uvcalls/model.hpp>
#include <uvcalls/timestamp.hpp>
#include <uvcalls/uuid.hpp>

#include <uvcalls/base_url.hpp>
#include <uvcalls/pagination.hpp>
#include <uvcalls/query.hpp>
#include <uvcalls/request.hpp>

#endif
