// Boost.JSON's compiled parts for the benchmark (the peers use the DOM,
// which uvcalls' src.hpp leaves out), and the checksum's hash of a JSON value.
#include <boost/json/src.hpp>

#include "checksum.hpp"

namespace bench {
namespace {

std::uint64_t value_hash(boost::json::value const& v)
{
    fnv h;
    h.u8(static_cast<std::uint8_t>(v.kind()));
    switch (v.kind()) {
    case boost::json::kind::null: break;
    case boost::json::kind::bool_: h.u8(v.get_bool()); break;
    case boost::json::kind::int64: h.i64(v.get_int64()); break;
    case boost::json::kind::uint64: h.u64(v.get_uint64()); break;
    case boost::json::kind::double_: h.f64(v.get_double()); break;
    case boost::json::kind::string: h.str(std::string_view(v.get_string().data(), v.get_string().size())); break;
    case boost::json::kind::array:
        h.u64(v.get_array().size());
        for (auto const& e : v.get_array())
            h.u64(value_hash(e));
        break;
    case boost::json::kind::object: {
        std::uint64_t sum = 0; // key order is not part of the value
        for (auto const& kv : v.get_object()) {
            fnv p;
            p.str(std::string_view(kv.key().data(), kv.key().size()));
            p.u64(value_hash(kv.value()));
            sum += p.h;
        }
        h.u64(v.get_object().size());
        h.u64(sum);
        break;
    }
    }
    return h.h;
}

} // namespace

std::uint64_t json_value_hash(std::string_view json)
{
    return value_hash(boost::json::parse(boost::json::string_view(json.data(), json.size())));
}

} // namespace bench
