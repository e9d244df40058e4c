// uvcalls — re-encodes decoded values of the model as compact JSON, with
// the API's field names: what decode-calls prints, and how tests check
// that the decoder kept everything it was given.
#ifndef UVCALLS_ENCODE_HPP
#define UVCALLS_ENCODE_HPP

#include <uvcalls/detail/json_escape.hpp>
#include <uvcalls/detail/model_schema.hpp>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace uvcalls {
namespace detail {

template<class Out>
bool encode_string(std::string_view s, Out& out)
{
    return out(std::string_view("\"", 1)) && escape_json(s, out) && out(std::string_view("\"", 1));
}

template<class Out>
bool encode_object(object_desc const& od, void const* obj, Out& out);

template<class Out>
bool encode_value(field_desc const& fd, void const* fp, Out& out)
{
    char buf[32];
    switch (fd.kind) {
    case field_kind::string: return encode_string(static_cast<field<std::string_view> const*>(fp)->value, out);
    case field_kind::uuid: return encode_string(static_cast<field<uuid> const*>(fp)->value.text, out);
    case field_kind::timestamp: return encode_string(static_cast<field<timestamp> const*>(fp)->value.text, out);
    case field_kind::duration:
    case field_kind::duration_lenient: return encode_string(static_cast<field<duration> const*>(fp)->value.text, out);
    case field_kind::enumeration: return encode_string(fd.enumeration->text(fp), out);
    case field_kind::boolean:
        return out(static_cast<field<bool> const*>(fp)->value ? std::string_view("true") : std::string_view("false"));
    case field_kind::integer:
    case field_kind::int32: {
        auto r = std::to_chars(buf, buf + sizeof buf, static_cast<field<std::int64_t> const*>(fp)->value);
        return out(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
    }
    case field_kind::number: {
        // Shortest text that reads back as the same double; a trailing
        // ".0" keeps integral values numbers of type double for readers
        // that tell the two apart.
        auto r = std::to_chars(buf, buf + sizeof buf - 2, static_cast<field<double> const*>(fp)->value);
        std::size_t n = static_cast<std::size_t>(r.ptr - buf);
        if (std::string_view(buf, n).find_first_of(".e") == std::string_view::npos) {
            buf[n++] = '.';
            buf[n++] = '0';
        }
        return out(std::string_view(buf, n));
    }
    case field_kind::object: {
        auto const& od = *fd.object;
        return encode_object(od, od.get_ref(fp), out);
    }
    case field_kind::object_array: {
        auto const& od = *fd.object;
        std::size_t n = 0;
        auto const* data = static_cast<char const*>(od.get_list(fp, n));
        if (!out(std::string_view("[", 1)))
            return false;
        for (std::size_t i = 0; i < n; ++i)
            if ((i != 0 && !out(std::string_view(",", 1))) || !encode_object(od, data + i * od.size, out))
                return false;
        return out(std::string_view("]", 1));
    }
    case field_kind::string_array: {
        auto const& v = static_cast<field<array_view<std::string_view>> const*>(fp)->value;
        if (!out(std::string_view("[", 1)))
            return false;
        for (std::size_t i = 0; i < v.size(); ++i)
            if ((i != 0 && !out(std::string_view(",", 1))) || !encode_string(v[i], out))
                return false;
        return out(std::string_view("]", 1));
    }
    case field_kind::string_map: {
        auto const& v = static_cast<field<array_view<string_pair>> const*>(fp)->value;
        if (!out(std::string_view("{", 1)))
            return false;
        for (std::size_t i = 0; i < v.size(); ++i)
            if ((i != 0 && !out(std::string_view(",", 1))) || !encode_string(v[i].key, out) ||
                !out(std::string_view(":", 1)) || !encode_string(v[i].value, out))
                return false;
        return out(std::string_view("}", 1));
    }
    case field_kind::json_object:
    case field_kind::json_any: return out(static_cast<field<json_text> const*>(fp)->value.json);
    }
    return false;
}

template<class Out>
bool encode_object(object_desc const& od, void const* obj, Out& out)
{
    if (!out(std::string_view("{", 1)))
        return false;
    bool first = true;
    for (std::size_t i = 0; i < od.count; ++i) {
        field_desc const& fd = od.fields[i];
        void const* fp = static_cast<char const*>(obj) + fd.offset;
        presence const st = state_of(fp);
        if (st == presence::absent)
            continue;
        if ((!first && !out(std::string_view(",", 1))) || !encode_string(fd.name, out) ||
            !out(std::string_view(":", 1)))
            return false;
        first = false;
        if (!(st == presence::null ? out(std::string_view("null")) : encode_value(fd, fp, out)))
            return false;
    }
    return out(std::string_view("}", 1));
}

} // namespace detail

/// Writes `c` as one compact JSON object: exactly the fields that were
/// present in the input, with the API's names, strings as received, null
/// kept as null, schema-free values as their compact JSON. A string the
/// decoder kept cut (decode_options::truncate_long_strings) is written as
/// kept, cut, with nothing in the JSON to say so: check field::truncated,
/// or decode_diagnostics::truncated_strings, before forwarding the text as
/// the server's. `out` is a
/// callable `bool(std::string_view)`; returning false stops the encoding,
/// and encode_call then returns false.
template<class Out>
bool encode_call(call const& c, Out&& out)
{
    return detail::encode_object(detail::call_desc, &c, out);
}

/// Writes a whole page (`next`, `previous`, `results`, `total`) the same way.
template<class Out>
bool encode_page(paginated_call_list const& p, Out&& out)
{
    return detail::encode_object(detail::paginated_call_list_desc, &p, out);
}

} // namespace uvcalls

#endif
