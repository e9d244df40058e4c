// Helpers shared by the test programs: reading fixtures, decoding a
// document in chunks into a comparable outcome, and a canonical form of
// JSON text (sorted keys, numbers as doubles) so that two documents can be
// compared for equality without Boost.JSON's DOM, which does not build with
// -fno-exceptions.
#ifndef UVCALLS_TESTS_TEST_UTIL_HPP
#define UVCALLS_TESTS_TEST_UTIL_HPP

#include <uvcalls/decoder.hpp>
#include <uvcalls/encode.hpp>

#include "files.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace test {

inline std::string data_path(std::string const& name)
{
    return std::string(UVCALLS_TEST_DATA) + "/" + name;
}

/// Everything observable about one decode, for comparing decodes of the
/// same input split in different ways.
struct outcome {
    std::vector<std::string> calls; // each call re-encoded
    std::string page;               // next/previous/total re-encoded
    uvcalls::error_code ec;
    std::size_t offset = 0;
    std::string path;
    std::size_t missing = 0;
    std::string first_missing;
    std::size_t truncated = 0;
    std::size_t high_water = 0;

    bool operator==(outcome const& o) const
    {
        return calls == o.calls && page == o.page && ec == o.ec && offset == o.offset && path == o.path &&
               missing == o.missing && first_missing == o.first_missing && truncated == o.truncated;
    }
};

inline std::string encode_call_string(uvcalls::call const& c)
{
    std::string s;
    uvcalls::encode_call(c, [&](std::string_view p) {
        s.append(p.data(), p.size());
        return true;
    });
    return s;
}

inline std::string encode_page_head(uvcalls::paginated_call_list const& p)
{
    uvcalls::paginated_call_list head = p;
    head.results = {};
    std::string s;
    uvcalls::encode_page(head, [&](std::string_view part) {
        s.append(part.data(), part.size());
        return true;
    });
    return s;
}

/// Writes `in` to `d` in `chunk`-byte writes (0: one write_final()), then
/// finish(); returns the first error, or none. Allocates nothing, so tests
/// of the decoder's own allocations can use it.
inline uvcalls::error_code write_in_chunks(uvcalls::page_decoder& d, std::string_view in, std::size_t chunk)
{
    uvcalls::error_code ec;
    if (chunk == 0) {
        d.write_final(in.data(), in.size(), ec);
        return ec;
    }
    for (std::size_t pos = 0; pos < in.size() && !ec; pos += chunk)
        d.write(in.data() + pos, std::min(chunk, in.size() - pos), ec);
    if (!ec)
        d.finish(ec);
    return ec;
}

/// Decodes `in` split into chunks whose sizes come from `chunks` (cycled;
/// empty means one chunk), in per-call mode unless `whole_page`.
inline outcome decode(std::string const& in, std::vector<std::size_t> const& chunks = {},
                      uvcalls::decode_options const& opt = {}, bool whole_page = false,
                      std::size_t arena_size = 1 << 20)
{
    outcome o;
    std::vector<char> arena(arena_size);
    auto on_call = [&](uvcalls::call const& c, std::size_t) {
        o.calls.push_back(encode_call_string(c));
        return true;
    };
    std::unique_ptr<uvcalls::page_decoder> d;
    if (whole_page)
        d.reset(new uvcalls::page_decoder(arena.data(), arena.size(), opt));
    else
        d.reset(new uvcalls::page_decoder(arena.data(), arena.size(), on_call, opt));
    std::size_t pos = 0;
    std::size_t k = 0;
    while (pos < in.size() && !o.ec) {
        std::size_t n = chunks.empty() ? in.size() : chunks[k++ % chunks.size()];
        n = std::min(n, in.size() - pos);
        d->write(in.data() + pos, n, o.ec);
        pos += n;
    }
    if (!o.ec)
        d->finish(o.ec);
    if (whole_page && !o.ec)
        for (auto const& c : d->page().results.value)
            o.calls.push_back(encode_call_string(c));
    o.page = encode_page_head(d->page());
    o.offset = d->byte_offset();
    o.path = std::string(d->error_path());
    o.missing = d->diagnostics().missing_required;
    o.first_missing = std::string(d->diagnostics().first_missing.view());
    o.truncated = d->diagnostics().truncated_strings;
    o.high_water = d->arena_high_water();
    return o;
}

/// Canonical text of a JSON document: objects with sorted keys, every
/// number as the shortest text of its double, strings re-escaped the same
/// way. Empty when the text is not JSON.
class canonical_handler {
public:
    static constexpr std::size_t max_object_size = 1u << 30;
    static constexpr std::size_t max_array_size = 1u << 30;
    static constexpr std::size_t max_key_size = 1u << 30;
    static constexpr std::size_t max_string_size = 1u << 30;

    struct node {
        std::map<std::string, std::string> members;
        std::vector<std::string> items;
        bool is_object = false;
        std::string key;
    };
    std::vector<node> stack;
    std::string result;
    std::string str;

    void value(std::string v)
    {
        if (stack.empty()) {
            result = std::move(v);
            return;
        }
        node& n = stack.back();
        if (n.is_object)
            n.members[n.key] = std::move(v);
        else
            n.items.push_back(std::move(v));
    }
    static std::string quote(std::string const& s)
    {
        std::string out = "\"";
        uvcalls::detail::escape_json(s, [&](std::string_view p) {
            out.append(p.data(), p.size());
            return true;
        });
        return out + "\"";
    }
    void number(double d)
    {
        char buf[64];
        auto r = std::to_chars(buf, buf + sizeof buf, d);
        value(std::string(buf, r.ptr));
    }

    bool on_document_begin(boost::system::error_code&) { return true; }
    bool on_document_end(boost::system::error_code&) { return true; }
    bool on_object_begin(boost::system::error_code&)
    {
        stack.emplace_back();
        stack.back().is_object = true;
        return true;
    }
    bool on_object_end(std::size_t, boost::system::error_code&)
    {
        std::string s = "{";
        bool first = true;
        for (auto const& m : stack.back().members) {
            if (!first)
                s += ",";
            first = false;
            s += quote(m.first) + ":" + m.second;
        }
        s += "}";
        stack.pop_back();
        value(std::move(s));
        return true;
    }
    bool on_array_begin(boost::system::error_code&)
    {
        stack.emplace_back();
        return true;
    }
    bool on_array_end(std::size_t, boost::system::error_code&)
    {
        std::string s = "[";
        for (std::size_t i = 0; i < stack.back().items.size(); ++i)
            s += (i ? "," : "") + stack.back().items[i];
        s += "]";
        stack.pop_back();
        value(std::move(s));
        return true;
    }
    bool on_key_part(boost::json::string_view s, std::size_t, boost::system::error_code&)
    {
        str.append(s.data(), s.size());
        return true;
    }
    bool on_key(boost::json::string_view s, std::size_t, boost::system::error_code&)
    {
        str.append(s.data(), s.size());
        stack.back().key = std::move(str);
        str.clear();
        return true;
    }
    bool on_string_part(boost::json::string_view s, std::size_t, boost::system::error_code&)
    {
        str.append(s.data(), s.size());
        return true;
    }
    bool on_string(boost::json::string_view s, std::size_t, boost::system::error_code&)
    {
        str.append(s.data(), s.size());
        value(quote(str));
        str.clear();
        return true;
    }
    bool on_number_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_int64(std::int64_t v, boost::json::string_view, boost::system::error_code&)
    {
        number(static_cast<double>(v));
        return true;
    }
    bool on_uint64(std::uint64_t v, boost::json::string_view, boost::system::error_code&)
    {
        number(static_cast<double>(v));
        return true;
    }
    bool on_double(double v, boost::json::string_view, boost::system::error_code&)
    {
        number(v);
        return true;
    }
    bool on_bool(bool b, boost::system::error_code&)
    {
        value(b ? "true" : "false");
        return true;
    }
    bool on_null(boost::system::error_code&)
    {
        value("null");
        return true;
    }
    bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }
};

inline std::string canonical_json(std::string_view text)
{
    boost::json::parse_options opt;
    opt.max_depth = 256;
    boost::json::basic_parser<canonical_handler> p(opt);
    boost::system::error_code ec;
    p.write_some(false, text.data(), text.size(), ec);
    if (ec)
        return std::string();
    return p.handler().result;
}

} // namespace test

#endif
