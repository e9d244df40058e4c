// Every public header of uvcalls (src.hpp aside: one translation unit
// only), for the strict-warnings and two-translation-unit check
// (tests/strict/check.sh). check.sh fails when a header under
// include/uvcalls/ is missing here.
#include <uvcalls.hpp>
#include <uvcalls/arena.hpp>
#include <uvcalls/base_url.hpp>
#include <uvcalls/decode_options.hpp>
#include <uvcalls/decoder.hpp>
#include <uvcalls/duration.hpp>
#include <uvcalls/encode.hpp>
#include <uvcalls/error.hpp>
#include <uvcalls/field.hpp>
#include <uvcalls/model.hpp>
#include <uvcalls/pagination.hpp>
#include <uvcalls/query.hpp>
#include <uvcalls/request.hpp>
#include <uvcalls/timestamp.hpp>
#include <uvcalls/uuid.hpp>
#include <uvcalls/version.hpp>
#include <uvcalls/detail/escaped_strings.hpp>
#include <uvcalls/detail/exact_double.hpp>
#include <uvcalls/detail/json_escape.hpp>
#include <uvcalls/detail/model_schema.hpp>
#include <uvcalls/detail/output_sink.hpp>
#include <uvcalls/detail/page_handler.hpp>
#include <uvcalls/detail/query_rules.hpp>
#include <uvcalls/detail/saturating.hpp>
#include <uvcalls/detail/schema.hpp>
#include <uvcalls/detail/utf8_prefix.hpp>
#include <uvcalls/detail/utf8_sequence.hpp>
#include <uvcalls/detail/utf8_validate.hpp>
