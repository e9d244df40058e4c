// Peer: nlohmann::json::parse into a DOM, then the DOM into the std model.
#include "peers.hpp"

#include <nlohmann/json.hpp>

#include <limits>

namespace peers {
namespace {

using nlohmann::json;

template<class S>
void convert(json const& j, S& out);

template<class T>
void get(json const& j, T& m, stdm::field_info fi)
{
    if constexpr (stdm::is_text_v<T>) {
        stdm::from_text(m, j.get_ref<std::string const&>(), fi);
    } else if constexpr (std::is_same_v<T, bool>) {
        m = j.get<bool>();
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
        if (!j.is_number_integer())
            throw stdm::bad_value("expected an integer");
        m = j.get<std::int64_t>();
        if (fi.kind == uvcalls::detail::field_kind::int32 &&
            (m < std::numeric_limits<std::int32_t>::min() || m > std::numeric_limits<std::int32_t>::max()))
            throw stdm::bad_value("int32 out of range");
    } else if constexpr (std::is_same_v<T, double>) {
        m = j.get<double>();
    } else if constexpr (std::is_same_v<T, stdm::string_map>) {
        j.get_to(m);
    } else if constexpr (std::is_same_v<T, stdm::json_text>) {
        if (fi.kind == uvcalls::detail::field_kind::json_object && !j.is_object())
            throw stdm::bad_value("expected an object");
        m.json = j.dump();
    } else if constexpr (stdm::is_vector<T>::value) {
        if (!j.is_array())
            throw stdm::bad_value("expected an array");
        m.reserve(j.size());
        for (json const& e : j) {
            m.emplace_back();
            get(e, m.back(), fi);
        }
    } else {
        convert(j, m);
    }
}

template<class S>
void convert(json const& j, S& out)
{
    if (!j.is_object())
        throw stdm::bad_value("expected an object");
    visit(out, [&j](std::string_view name, auto& member, stdm::field_info fi) {
        auto const it = j.find(name);
        if (it == j.end() || (fi.nullable && it->is_null()))
            return;
        get(*it, member.emplace(), fi);
    }, static_cast<S const*>(nullptr));
}

} // namespace

void nlohmann_decode(std::string_view text, stdm::paginated_call_list& out)
{
    json const doc = json::parse(text.begin(), text.end());
    convert(doc, out);
}

} // namespace peers
