// The benchmark's checksum: FNV-1a over every decoded value of a page, in
// the spec's field order, computed the same way over uvcalls' model (by
// walking the descriptor tables) and over the peers' std model (by
// visiting its members). Equal checksums mean every implementation decoded
// every field to the same value.
//
// The walk, for each field in order: a byte 0 when the field is absent or
// null (the std model cannot tell the two apart), else 1 and the value:
// strings as length + bytes; uuid, timestamp, duration and enum as their
// parsed parts + the text; integers, doubles (bit pattern) and booleans;
// nested objects recursively; arrays as count + elements; string maps as
// count + an order-free sum of one hash per pair (std::map sorts, uvcalls
// keeps input order); schema-free values as a hash of the JSON value they
// hold (so "1.5e-7" and "1.5E-7", or two key orders, agree).
#ifndef UVCALLS_BENCH_CHECKSUM_HPP
#define UVCALLS_BENCH_CHECKSUM_HPP

#include "std_model.hpp"

#include <uvcalls/detail/model_schema.hpp>

#include <cstdint>
#include <cstring>
#include <string_view>

namespace bench {

struct fnv {
    std::uint64_t h = 0xcbf29ce484222325ull;

    void bytes(void const* p, std::size_t n) noexcept
    {
        auto const* b = static_cast<unsigned char const*>(p);
        for (std::size_t i = 0; i < n; ++i) {
            h ^= b[i];
            h *= 0x100000001b3ull;
        }
    }
    void u8(std::uint8_t v) noexcept { bytes(&v, 1); }
    void u64(std::uint64_t v) noexcept { bytes(&v, 8); }
    void i64(std::int64_t v) noexcept { bytes(&v, 8); }
    void f64(double v) noexcept
    {
        std::uint64_t bits;
        std::memcpy(&bits, &v, 8);
        u64(bits);
    }
    void str(std::string_view s) noexcept
    {
        u64(s.size());
        bytes(s.data(), s.size());
    }
};

/// A hash of the JSON value `json` holds (parsed with boost::json; defined
/// in json_src.cpp). Throws when `json` is not JSON.
std::uint64_t json_value_hash(std::string_view json);

inline std::uint64_t pair_hash(std::string_view k, std::string_view v) noexcept
{
    fnv p;
    p.str(k);
    p.str(v);
    return p.h;
}

// ---- uvcalls' model, through the descriptor tables -------------------------

void walk_object(fnv& h, uvcalls::detail::object_desc const& od, void const* obj);

inline void walk_field(fnv& h, uvcalls::detail::field_desc const& fd, void const* fp)
{
    using namespace uvcalls;
    using uvcalls::detail::field_kind;
    if (uvcalls::detail::state_of(fp) != presence::value) {
        h.u8(0);
        return;
    }
    h.u8(1);
    switch (fd.kind) {
    case field_kind::string: h.str(static_cast<field<std::string_view> const*>(fp)->value); break;
    case field_kind::uuid: {
        auto const& u = static_cast<field<uuid> const*>(fp)->value;
        h.bytes(u.bytes, 16);
        h.str(u.text);
        break;
    }
    case field_kind::timestamp: {
        auto const& t = static_cast<field<timestamp> const*>(fp)->value;
        h.i64(t.unix_seconds);
        h.u64(t.nanoseconds);
        h.i64(t.utc_offset_minutes);
        h.str(t.text);
        break;
    }
    case field_kind::duration:
    case field_kind::duration_lenient: {
        auto const& d = static_cast<field<duration> const*>(fp)->value;
        h.i64(d.seconds);
        h.i64(d.nanoseconds);
        h.u8(d.parsed);
        h.str(d.text);
        break;
    }
    case field_kind::enumeration:
        h.u8(fd.enumeration->index(fp));
        h.str(fd.enumeration->text(fp));
        break;
    case field_kind::boolean: h.u8(static_cast<field<bool> const*>(fp)->value); break;
    case field_kind::integer:
    case field_kind::int32: h.i64(static_cast<field<std::int64_t> const*>(fp)->value); break;
    case field_kind::number: h.f64(static_cast<field<double> const*>(fp)->value); break;
    case field_kind::object: walk_object(h, *fd.object, fd.object->get_ref(fp)); break;
    case field_kind::object_array: {
        std::size_t n = 0;
        auto const* data = static_cast<char const*>(fd.object->get_list(fp, n));
        h.u64(n);
        for (std::size_t i = 0; i < n; ++i)
            walk_object(h, *fd.object, data + i * fd.object->size);
        break;
    }
    case field_kind::string_array: {
        auto const& v = static_cast<field<array_view<std::string_view>> const*>(fp)->value;
        h.u64(v.size());
        for (auto s : v)
            h.str(s);
        break;
    }
    case field_kind::string_map: {
        auto const& v = static_cast<field<array_view<string_pair>> const*>(fp)->value;
        std::uint64_t sum = 0;
        for (auto const& p : v)
            sum += pair_hash(p.key, p.value);
        h.u64(v.size());
        h.u64(sum);
        break;
    }
    case field_kind::json_object:
    case field_kind::json_any: h.u64(json_value_hash(static_cast<field<json_text> const*>(fp)->value.json)); break;
    }
}

inline void walk_object(fnv& h, uvcalls::detail::object_desc const& od, void const* obj)
{
    for (std::size_t i = 0; i < od.count; ++i)
        walk_field(h, od.fields[i], static_cast<char const*>(obj) + od.fields[i].offset);
}

/// A page's checksum is built from its fields and the hash of its calls,
/// so that per-call mode (calls first, `total` perhaps after them) gives
/// the same figure as a whole page.
struct page_checksum {
    fnv calls;
    std::size_t count = 0;

    void add(uvcalls::call const& c)
    {
        walk_object(calls, uvcalls::detail::call_desc, &c);
        ++count;
    }
    /// Combines next, previous, the calls and total. For uvcalls pass the
    /// page (its results are not walked: add() them).
    std::uint64_t finish(uvcalls::paginated_call_list const& page) const
    {
        fnv h;
        walk_field(h, uvcalls::detail::paginated_call_list_fields[0], &page.next);
        walk_field(h, uvcalls::detail::paginated_call_list_fields[1], &page.previous);
        h.u64(count);
        h.u64(calls.h);
        walk_field(h, uvcalls::detail::paginated_call_list_fields[3], &page.total);
        return h.h;
    }
};

// ---- the std model, through visit() ----------------------------------------

template<class S>
void walk_std(fnv& h, S const& s);

template<class T>
void walk_std_value(fnv& h, T const& v)
{
    if constexpr (std::is_same_v<T, std::string>) {
        h.str(v);
    } else if constexpr (std::is_same_v<T, stdm::uuid>) {
        h.bytes(v.bytes.data(), 16);
        h.str(v.text);
    } else if constexpr (std::is_same_v<T, stdm::timestamp>) {
        h.i64(v.unix_seconds);
        h.u64(v.nanoseconds);
        h.i64(v.utc_offset_minutes);
        h.str(v.text);
    } else if constexpr (std::is_same_v<T, stdm::duration>) {
        h.i64(v.seconds);
        h.i64(v.nanoseconds);
        h.u8(v.parsed);
        h.str(v.text);
    } else if constexpr (std::is_same_v<T, stdm::enum_value>) {
        h.u8(v.index);
        h.str(v.text);
    } else if constexpr (std::is_same_v<T, bool>) {
        h.u8(v);
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
        h.i64(v);
    } else if constexpr (std::is_same_v<T, double>) {
        h.f64(v);
    } else if constexpr (std::is_same_v<T, stdm::string_map>) {
        std::uint64_t sum = 0;
        for (auto const& [k, val] : v)
            sum += pair_hash(k, val);
        h.u64(v.size());
        h.u64(sum);
    } else if constexpr (std::is_same_v<T, stdm::json_text>) {
        h.u64(json_value_hash(v.json));
    } else if constexpr (stdm::is_vector<T>::value) {
        h.u64(v.size());
        for (auto const& e : v)
            walk_std_value(h, e);
    } else {
        walk_std(h, v);
    }
}

template<class S>
void walk_std(fnv& h, S const& s)
{
    visit(s, [&h](std::string_view, auto const& member, stdm::field_info) {
        if (!member) {
            h.u8(0);
            return;
        }
        h.u8(1);
        walk_std_value(h, *member);
    }, static_cast<S const*>(nullptr));
}

inline std::uint64_t std_page_checksum(stdm::paginated_call_list const& page)
{
    fnv calls;
    std::size_t count = 0;
    if (page.results)
        for (auto const& c : *page.results) {
            walk_std(calls, c);
            ++count;
        }
    fnv h;
    auto opt = [&h](auto const& m) {
        if (!m) {
            h.u8(0);
            return;
        }
        h.u8(1);
        walk_std_value(h, *m);
    };
    opt(page.next);
    opt(page.previous);
    h.u64(count);
    h.u64(calls.h);
    opt(page.total);
    return h.h;
}

} // namespace bench

#endif
