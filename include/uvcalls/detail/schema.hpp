// uvcalls — descriptors of the model, read by the table-driven decoder and
// encoder. The tables themselves are generated from the OpenAPI contract
// into detail/model_schema.hpp by scripts/gen_model.py.
//
// Why tables and not generated code per field: one generic decoder walks
// 47 schemas in a few KiB of text, which matters on a Cortex-M4, and the
// tables double as reflection for tests (every property of the spec).
#ifndef UVCALLS_DETAIL_SCHEMA_HPP
#define UVCALLS_DETAIL_SCHEMA_HPP

#include <uvcalls/field.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <string_view>

// Speed-only paths that cost code size (raw_plain_token, copy_token,
// schema_key's second guess, same_name's test for names of 9-16 bytes),
// left out of builds for size. Both ways give the
// same results; define it (0 or 1) for every translation unit alike to
// have one definition of the handler in a program that mixes -Os and -O2
// objects. (Here rather than in page_handler.hpp: same_name reads it.)
#if !defined(UVCALLS_RAW_FAST_PATH)
#if defined(__OPTIMIZE_SIZE__)
#define UVCALLS_RAW_FAST_PATH 0
#else
#define UVCALLS_RAW_FAST_PATH 1
#endif
#endif

namespace uvcalls {
namespace detail {

/// How a field's JSON value maps to the model.
enum class field_kind : std::uint8_t {
    string,           ///< field<std::string_view>
    uuid,             ///< field<uuid>
    timestamp,        ///< field<timestamp>
    duration,         ///< field<duration>; text must match the spec's pattern
    duration_lenient, ///< field<duration>; no pattern in the spec: unparsed text is kept
    enumeration,      ///< field<enum_value<E>>; see enum_desc
    boolean,          ///< field<bool>
    integer,          ///< field<std::int64_t>
    int32,            ///< field<std::int64_t>, range-checked to int32
    number,           ///< field<double>
    object,           ///< object_field<S>; see object_desc
    object_array,     ///< field<array_view<S>>
    string_array,     ///< field<array_view<std::string_view>>
    string_map,       ///< field<array_view<string_pair>>
    json_object,      ///< field<json_text>; must be a JSON object
    json_any,         ///< field<json_text>; any JSON value
    // json_object and json_any stay last: is_schema_free() tests k >= json_object.
};

/// The kinds a JSON string fills: its text, or the text parsed into a
/// uuid, timestamp, duration or enum value.
constexpr bool filled_by_string(field_kind k) noexcept
{
    return k == field_kind::string || k == field_kind::uuid || k == field_kind::timestamp ||
           k == field_kind::duration || k == field_kind::duration_lenient || k == field_kind::enumeration;
}

/// The kinds kept as compact JSON text. (One compare: they are the last
/// two kinds.)
constexpr bool is_schema_free(field_kind k) noexcept
{
    static_assert(static_cast<int>(field_kind::json_any) == static_cast<int>(field_kind::json_object) + 1,
                  "json_object and json_any are the last two kinds");
    return k >= field_kind::json_object;
}

enum field_flags : std::uint8_t {
    flag_nullable = 1,
    flag_required = 2,
    /// A string of `format: uri` (a page's next and previous links).
    flag_uri = 4,
};

// The descriptors carry no schema or enum names: nothing in the library
// reads them, and in a firmware image (where these tables are linked in
// whole) they were 1.8 KB of the Cortex-M4's 64 KiB. Tests and tools find
// them with schema_name() and enum_name() (detail/model_schema.hpp).
struct enum_desc {
    /// names[i] is the text of enumerator i + 1; enumerator 0 is unknown.
    std::string_view const* names;
    std::uint8_t count;
    void (*set)(void* field, std::uint8_t index, std::string_view text) noexcept;
    std::string_view (*text)(void const* field) noexcept;
    std::uint8_t (*index)(void const* field) noexcept;
};

struct object_desc;

struct field_desc {
    std::string_view name; ///< the JSON name
    std::uint16_t offset;  ///< of the field<...> in its struct
    field_kind kind;
    std::uint8_t flags;
    object_desc const* object;    ///< object, object_array: the nested schema
    enum_desc const* enumeration; ///< enumeration: the enum
};

/// The hash that places a key in an object's lookup table; the generator
/// picks a seed per schema for which no two property names collide.
inline std::uint32_t key_hash(std::string_view k, std::uint32_t seed, unsigned bits) noexcept
{
    // Length and three 4-byte windows (start, middle, end), multiplied by
    // a per-schema seed: three loads instead of a loop over every byte.
    std::uint32_t const n = static_cast<std::uint32_t>(k.size());
    std::uint32_t w[3] = {0, 0, 0};
    if (n >= 4) {
        std::memcpy(&w[0], k.data(), 4);
        std::memcpy(&w[1], k.data() + n / 2 - 2, 4);
        std::memcpy(&w[2], k.data() + n - 4, 4);
    } else {
        // The bytes where a load would have put them, for le() below. (Once
        // built as their little-endian value, they were swapped again on
        // big-endian targets, and "to", "sip" and "url" were unknown keys.)
        for (std::uint32_t i = 0; i < n; ++i) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            unsigned const shift = 8 * i;
#else
            unsigned const shift = 24 - 8 * i;
#endif
            w[0] |= std::uint32_t(static_cast<unsigned char>(k[i])) << shift;
        }
    }
    // The windows are read in little-endian order on every target so that
    // the generator's tables hold everywhere.
    auto le = [](std::uint32_t v) noexcept {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        return v;
#else
        unsigned char b[4];
        std::memcpy(b, &v, 4);
        return std::uint32_t(b[0]) | std::uint32_t(b[1]) << 8 | std::uint32_t(b[2]) << 16 |
               std::uint32_t(b[3]) << 24;
#endif
    };
    std::uint32_t const h = (n * 0x9E3779B1u) ^ le(w[0]) ^ ((le(w[1]) << 11) | (le(w[1]) >> 21)) ^
                            ((le(w[2]) << 22) | (le(w[2]) >> 10));
    return (h * seed) >> (32 - bits);
}

struct object_desc {
    field_desc const* fields;
    std::uint16_t count;
    /// Perfect hash table of the property names: slot key_hash(name) holds
    /// the field's index + 1, 0 for none. One probe and one compare per key
    /// instead of a scan of up to 41 names.
    std::uint8_t const* lookup;
    std::uint8_t lookup_bits;
    std::uint32_t lookup_seed;
    /// Bit i set when fields[i] is required (at most 64 properties).
    std::uint64_t required;
    std::uint16_t size;
    std::uint16_t align;
    void (*construct)(void* at) noexcept;
    void const* (*get_ref)(void const* field) noexcept;
    void (*set_list)(void* field, void const* data, std::size_t n) noexcept;
    void const* (*get_list)(void const* field, std::size_t& n) noexcept;
};

// Property names are short (at most a few dozen bytes) and compared once
// per key of the input: word compares inline, rather than a call to memcmp
// (which std::string_view's == makes) for every key.
inline bool same_name(std::string_view a, std::string_view b) noexcept
{
    std::size_t const n = a.size();
    if (n != b.size())
        return false;
    char const* p = a.data();
    char const* q = b.data();
    auto load8 = [](char const* at) noexcept {
        std::uint64_t v;
        std::memcpy(&v, at, 8);
        return v;
    };
    auto load4 = [](char const* at) noexcept {
        std::uint32_t v;
        std::memcpy(&v, at, 4);
        return v;
    };
    if (n >= 8) {
        // The first 8 and the last 8 (overlapping): no loop up to 16 bytes.
        if (load8(p) != load8(q))
            return false;
        // Past 16 bytes only, in speed builds: for the names of 9-16
        // bytes, a compare instead of setting up the loop. 0.045 M
        // instructions less per 1 000-call page.
#if UVCALLS_RAW_FAST_PATH
        if (n > 16)
#endif
            for (std::size_t i = 8; i + 8 < n; i += 8)
                if (load8(p + i) != load8(q + i))
                    return false;
        return load8(p + n - 8) == load8(q + n - 8);
    }
    if (n >= 4)
        return load4(p) == load4(q) && load4(p + n - 4) == load4(q + n - 4);
    for (std::size_t i = 0; i < n; ++i)
        if (p[i] != q[i])
            return false;
    return true;
}

/// The index in od.fields of the field named `key`, or -1. (An index, not
/// a pointer: the caller's per-field bit masks need it, and a pointer
/// difference would cost a division per key.)
inline int find_field(object_desc const& od, std::string_view key) noexcept
{
    if (od.count == 0)
        return -1;
    std::uint8_t const slot = od.lookup[key_hash(key, od.lookup_seed, od.lookup_bits)];
    if (slot == 0 || !same_name(od.fields[slot - 1].name, key))
        return -1;
    return slot - 1;
}

inline presence& state_of(void* field) noexcept
{
    // Every field type has `presence state` as its first member and is
    // standard-layout, so the field and its state are pointer-interconvertible.
    return *static_cast<presence*>(field);
}
inline presence state_of(void const* field) noexcept
{
    return *static_cast<presence const*>(field);
}

template<class S>
void construct_object(void* at) noexcept
{
    ::new (at) S();
}
template<class S>
void const* get_object_ref(void const* f) noexcept
{
    return static_cast<object_field<S> const*>(f)->value;
}
template<class S>
void set_object_list(void* f, void const* data, std::size_t n) noexcept
{
    static_cast<field<array_view<S>>*>(f)->value = array_view<S>(static_cast<S const*>(data), n);
}
template<class S>
void const* get_object_list(void const* f, std::size_t& n) noexcept
{
    auto const& v = static_cast<field<array_view<S>> const*>(f)->value;
    n = v.size();
    return v.data();
}
// Where every field<enum_value<E>> keeps its enumerator and its text,
// whatever E (checked in set_enum for each E of the tables): the decoder
// stores them there itself, set_enum_field, rather than through the enum's
// `set` function, an indirect call per enum value of the page.
enum class any_enum : std::uint8_t { unknown };
constexpr std::size_t enum_index_offset = offsetof(field<enum_value<any_enum>>, value);
constexpr std::size_t enum_text_offset =
    offsetof(field<enum_value<any_enum>>, value) + offsetof(enum_value<any_enum>, text);
inline void set_enum_field(void* f, std::uint8_t index, std::string_view text) noexcept
{
    char* const at = static_cast<char*>(f);
    std::memcpy(at + enum_index_offset, &index, sizeof index);
    std::memcpy(at + enum_text_offset, &text, sizeof text);
}

template<class E>
void set_enum(void* f, std::uint8_t index, std::string_view text) noexcept
{
    static_assert(sizeof(E) == sizeof(any_enum) && offsetof(field<enum_value<E>>, value) == enum_index_offset &&
                      offsetof(field<enum_value<E>>, value) + offsetof(enum_value<E>, text) == enum_text_offset,
                  "set_enum_field's offsets hold for every enum");
    auto& v = static_cast<field<enum_value<E>>*>(f)->value;
    v.value = static_cast<E>(index);
    v.text = text;
}
template<class E>
std::string_view enum_text(void const* f) noexcept
{
    return static_cast<field<enum_value<E>> const*>(f)->value.text;
}
template<class E>
std::uint8_t enum_index(void const* f) noexcept
{
    return static_cast<std::uint8_t>(static_cast<field<enum_value<E>> const*>(f)->value.value);
}

} // namespace detail
} // namespace uvcalls

#endif
