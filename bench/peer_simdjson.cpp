// Peer: simdjson's on-demand API straight into the std model.
#include "peers.hpp"

#include <simdjson.h>

#include <limits>

namespace peers {
namespace {

namespace od = simdjson::ondemand;

template<class S>
void convert(od::object o, S& out);

template<class T>
void get(od::value v, T& m, stdm::field_info fi)
{
    if constexpr (stdm::is_text_v<T>) {
        std::string_view const s = v.get_string();
        stdm::from_text(m, s, fi);
    } else if constexpr (std::is_same_v<T, bool>) {
        m = bool(v.get_bool());
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
        m = std::int64_t(v.get_int64());
        if (fi.kind == uvcalls::detail::field_kind::int32 &&
            (m < std::numeric_limits<std::int32_t>::min() || m > std::numeric_limits<std::int32_t>::max()))
            throw stdm::bad_value("int32 out of range");
    } else if constexpr (std::is_same_v<T, double>) {
        m = double(v.get_double());
    } else if constexpr (std::is_same_v<T, stdm::string_map>) {
        for (od::field field : v.get_object()) {
            // Views into the parser's string buffer, valid for the document.
            std::string_view const key = field.unescaped_key();
            std::string_view const value = field.value().get_string();
            m.emplace(std::string(key), std::string(value));
        }
    } else if constexpr (std::is_same_v<T, stdm::json_text>) {
        std::string_view raw;
        switch (od::json_type(v.type())) {
        case od::json_type::object: raw = od::object(v.get_object()).raw_json(); break;
        case od::json_type::array:
            if (fi.kind == uvcalls::detail::field_kind::json_object)
                throw stdm::bad_value("expected an object");
            raw = od::array(v.get_array()).raw_json();
            break;
        default:
            if (fi.kind == uvcalls::detail::field_kind::json_object)
                throw stdm::bad_value("expected an object");
            raw = v.raw_json_token();
            break;
        }
        m.json.resize(raw.size());
        std::size_t n = 0;
        if (simdjson::minify(raw.data(), raw.size(), m.json.data(), n) != simdjson::SUCCESS)
            throw stdm::bad_value("minify failed");
        m.json.resize(n);
    } else if constexpr (stdm::is_vector<T>::value) {
        for (od::value e : v.get_array()) {
            m.emplace_back();
            get(e, m.back(), fi);
        }
    } else {
        convert(v.get_object(), m);
    }
}

template<class S>
void convert(od::object o, S& out)
{
    for (od::field field : o) {
        od::raw_json_string const key = field.key();
        bool matched = false;
        visit(out, [&](std::string_view name, auto& member, stdm::field_info fi) {
            if (matched || !(key == name))
                return;
            matched = true;
            od::value v = field.value();
            if (fi.nullable && v.is_null())
                return;
            get(v, member.emplace(), fi);
        }, static_cast<S const*>(nullptr));
        // An unknown key's value is skipped by the next iteration.
    }
}

} // namespace

struct simdjson_decoder::impl {
    od::parser parser;
};

simdjson_decoder::simdjson_decoder() : impl_(new impl) {}
simdjson_decoder::~simdjson_decoder() = default;

void simdjson_decoder::decode(char const* json, std::size_t size, std::size_t capacity,
                              stdm::paginated_call_list& out)
{
    od::document doc = impl_->parser.iterate(json, size, capacity);
    convert(od::object(doc.get_object()), out);
    // On-demand stops at the end of the page object: content after it (a
    // second document) is only seen by asking, as uvcalls, Boost.JSON and
    // nlohmann::json reject it. (simdjson 3.0 has no document::at_end().)
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS)
        throw stdm::bad_value("trailing content after the page");
}

std::string simdjson_decoder::implementation() const
{
    // On-demand's stage 2 is compiled into this file for the best kernel its
    // -march flags allow (SIMDJSON_BUILTIN_IMPLEMENTATION); stage 1 runs the
    // library's kernel chosen at run time for this CPU.
#define UVCALLS_BENCH_STR2(x) #x
#define UVCALLS_BENCH_STR(x) UVCALLS_BENCH_STR2(x)
    return std::string(UVCALLS_BENCH_STR(SIMDJSON_BUILTIN_IMPLEMENTATION)) + " (on-demand, compiled in), " +
           std::string(simdjson::get_active_implementation()->name()) + " (stage 1, run time)";
}

} // namespace peers
