// Peer: boost::json::parse into a DOM, then the DOM into the std model.
#include "peers.hpp"

#include <uvcalls/decoder.hpp>
#include <uvcalls/detail/utf8_validate.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <limits>

namespace peers {
namespace {

namespace bj = boost::json;

template<class S>
void convert(bj::value const& v, S& out);

template<class T>
void get(bj::value const& v, T& m, stdm::field_info fi)
{
    if constexpr (stdm::is_text_v<T>) {
        bj::string const& s = v.as_string();
        stdm::from_text(m, std::string_view(s.data(), s.size()), fi);
    } else if constexpr (std::is_same_v<T, bool>) {
        m = v.as_bool();
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
        m = v.to_number<std::int64_t>();
        if (fi.kind == uvcalls::detail::field_kind::int32 &&
            (m < std::numeric_limits<std::int32_t>::min() || m > std::numeric_limits<std::int32_t>::max()))
            throw stdm::bad_value("int32 out of range");
    } else if constexpr (std::is_same_v<T, double>) {
        m = v.to_number<double>();
    } else if constexpr (std::is_same_v<T, stdm::string_map>) {
        for (auto const& kv : v.as_object()) {
            bj::string const& s = kv.value().as_string();
            m.emplace(std::string(kv.key()), std::string(s.data(), s.size()));
        }
    } else if constexpr (std::is_same_v<T, stdm::json_text>) {
        if (fi.kind == uvcalls::detail::field_kind::json_object && !v.is_object())
            throw stdm::bad_value("expected an object");
        m.json = bj::serialize(v);
    } else if constexpr (stdm::is_vector<T>::value) {
        bj::array const& a = v.as_array();
        m.reserve(a.size());
        for (bj::value const& e : a) {
            m.emplace_back();
            get(e, m.back(), fi);
        }
    } else {
        convert(v, m);
    }
}

template<class S>
void convert(bj::value const& v, S& out)
{
    bj::object const& o = v.as_object();
    visit(out, [&o](std::string_view name, auto& member, stdm::field_info fi) {
        bj::value const* p = o.if_contains(name);
        if (!p || (fi.nullable && p->is_null()))
            return;
        get(*p, member.emplace(), fi);
    }, static_cast<S const*>(nullptr));
}

// The same static bounds as uvcalls' handler, so that Boost.JSON's parser
// is instantiated with the same checks (uvcalls bounds objects and arrays
// at 0x7ffffffe, where an unbounded count folds its compare away).
struct null_handler {
    using bounds = uvcalls::detail::page_handler;
    static constexpr std::size_t max_object_size = bounds::max_object_size;
    static constexpr std::size_t max_array_size = bounds::max_array_size;
    static constexpr std::size_t max_key_size = bounds::max_key_size;
    static constexpr std::size_t max_string_size = bounds::max_string_size;
    bool on_document_begin(bj::error_code&) { return true; }
    bool on_document_end(bj::error_code&) { return true; }
    bool on_object_begin(bj::error_code&) { return true; }
    bool on_object_end(std::size_t, bj::error_code&) { return true; }
    bool on_array_begin(bj::error_code&) { return true; }
    bool on_array_end(std::size_t, bj::error_code&) { return true; }
    bool on_key_part(bj::string_view, std::size_t, bj::error_code&) { return true; }
    bool on_key(bj::string_view, std::size_t, bj::error_code&) { return true; }
    bool on_string_part(bj::string_view, std::size_t, bj::error_code&) { return true; }
    bool on_string(bj::string_view, std::size_t, bj::error_code&) { return true; }
    bool on_number_part(bj::string_view, bj::error_code&) { return true; }
    bool on_int64(std::int64_t, bj::string_view, bj::error_code&) { return true; }
    bool on_uint64(std::uint64_t, bj::string_view, bj::error_code&) { return true; }
    bool on_double(double, bj::string_view, bj::error_code&) { return true; }
    bool on_bool(bool, bj::error_code&) { return true; }
    bool on_null(bj::error_code&) { return true; }
    bool on_comment_part(bj::string_view, bj::error_code&) { return true; }
    bool on_comment(bj::string_view, bj::error_code&) { return true; }
};

// The same, for the parser page_decoder runs (below).
struct uvcalls_parser_null_handler : null_handler {};

} // namespace
} // namespace peers

// uvcalls' copy of Boost's parse_escaped for that handler, as
// detail/escaped_strings.hpp specializes it for page_handler.
#define UVCALLS_PARSE_ESCAPED_HANDLER ::peers::uvcalls_parser_null_handler
#include <uvcalls/detail/parse_escaped_boost_1_81.ipp>
#undef UVCALLS_PARSE_ESCAPED_HANDLER

namespace peers {

void boost_json_decode(std::string_view json, stdm::paginated_call_list& out)
{
    bj::value const doc = bj::parse(bj::string_view(json.data(), json.size()));
    convert(doc, out);
}

namespace {

// uvcalls' own parse options for default decode_options, but with Boost's
// UTF-8 check on, as Boost.JSON runs by default: page_decoder turns it off
// only because it checks the UTF-8 itself, so the ceiling checks it too.
bj::parse_options null_parser_options()
{
    bj::parse_options o = uvcalls::detail::parse_options_for(uvcalls::decode_options{});
    o.allow_invalid_utf8 = false;
    return o;
}

// Feeds `json` to `parser`, reset first, at once (`chunk` 0) or in chunks
// of that size, each passed to `check` before the parser reads it; true
// when `json` is one valid document and `check` took every chunk.
template<class Parser, class Check>
bool feed(Parser& parser, std::string_view json, std::size_t chunk, Check const& check)
{
    parser.reset();
    bj::error_code ec;
    if (chunk == 0) {
        if (!check(json.data(), json.size()))
            return false;
        std::size_t const n = parser.write_some(false, json.data(), json.size(), ec);
        return !ec && n == json.size();
    }
    for (std::size_t pos = 0; pos < json.size(); pos += chunk) {
        std::size_t const size = std::min(chunk, json.size() - pos);
        if (!check(json.data() + pos, size))
            return false;
        if (parser.write_some(true, json.data() + pos, size, ec) != size || ec)
            return false;
    }
    parser.write_some(false, nullptr, 0, ec);
    return !ec;
}

} // namespace

struct boost_json_null_parser::impl {
    bj::basic_parser<null_handler> parser{null_parser_options()};
};

boost_json_null_parser::boost_json_null_parser() : impl_(new impl) {}
boost_json_null_parser::~boost_json_null_parser() = default;

bool boost_json_null_parser::parse(std::string_view json, std::size_t chunk)
{
    return feed(impl_->parser, json, chunk, [](char const*, std::size_t) { return true; });
}

struct uvcalls_parser_null::impl {
    bj::basic_parser<uvcalls_parser_null_handler> parser{uvcalls::detail::parse_options_for(uvcalls::decode_options{})};
    uvcalls::detail::utf8_validator utf8;
};

uvcalls_parser_null::uvcalls_parser_null() : impl_(new impl) {}
uvcalls_parser_null::~uvcalls_parser_null() = default;

bool uvcalls_parser_null::parse(std::string_view json, std::size_t chunk)
{
    // As page_decoder does: each chunk's UTF-8 checked before the parser
    // reads it.
    impl_->utf8.reset();
    return feed(impl_->parser, json, chunk,
                [this](char const* data, std::size_t size) { return impl_->utf8.feed(data, size); }) &&
           impl_->utf8.complete();
}

} // namespace peers
