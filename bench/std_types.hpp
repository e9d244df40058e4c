// The leaf types of the benchmark's std model (bench/std_model.hpp): what a
// user of a DOM or on-demand JSON library would declare for uuids,
// timestamps, durations, enums, string maps and schema-free values, and the
// text conversions every peer shares. The conversions call uvcalls' own
// parsers, so the peers do the same typed work as uvcalls and differ only
// in how JSON becomes values.
#ifndef UVCALLS_BENCH_STD_TYPES_HPP
#define UVCALLS_BENCH_STD_TYPES_HPP

#include <uvcalls/detail/model_schema.hpp>
#include <uvcalls/duration.hpp>
#include <uvcalls/timestamp.hpp>
#include <uvcalls/uuid.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace stdm {

/// What a member is in the contract: the visitors' third argument.
struct field_info {
    uvcalls::detail::field_kind kind;
    bool nullable;
    uvcalls::detail::enum_desc const* enumeration;
};

struct uuid {
    std::array<std::uint8_t, 16> bytes{};
    std::string text;
};

struct timestamp {
    std::int64_t unix_seconds = 0;
    std::uint32_t nanoseconds = 0;
    std::int16_t utc_offset_minutes = 0;
    std::string text;
};

struct duration {
    std::int64_t seconds = 0;
    std::int32_t nanoseconds = 0;
    bool parsed = false;
    std::string text;
};

/// index 0: a value this model does not know; text: what was received.
struct enum_value {
    std::uint8_t index = 0;
    std::string text;
};

using string_map = std::map<std::string, std::string>;

/// A schema-free value as compact JSON text.
struct json_text {
    std::string json;
};

struct bad_value : std::runtime_error {
    using std::runtime_error::runtime_error;
};

inline void from_text(std::string& out, std::string_view s, field_info) { out.assign(s.data(), s.size()); }

inline void from_text(uuid& out, std::string_view s, field_info)
{
    auto const r = uvcalls::parse_uuid(s);
    if (!r)
        throw bad_value("invalid uuid");
    for (std::size_t i = 0; i < 16; ++i)
        out.bytes[i] = r->bytes[i];
    out.text.assign(s.data(), s.size());
}

inline void from_text(timestamp& out, std::string_view s, field_info)
{
    auto const r = uvcalls::parse_timestamp(s);
    if (!r)
        throw bad_value("invalid timestamp");
    out.unix_seconds = r->unix_seconds;
    out.nanoseconds = r->nanoseconds;
    out.utc_offset_minutes = r->utc_offset_minutes;
    out.text.assign(s.data(), s.size());
}

inline void from_text(duration& out, std::string_view s, field_info fi)
{
    auto const r = uvcalls::parse_duration(s);
    if (r) {
        out.seconds = r->seconds;
        out.nanoseconds = r->nanoseconds;
        out.parsed = true;
    } else if (fi.kind == uvcalls::detail::field_kind::duration) {
        throw bad_value("invalid duration");
    }
    out.text.assign(s.data(), s.size());
}

inline void from_text(enum_value& out, std::string_view s, field_info fi)
{
    auto const& ed = *fi.enumeration;
    out.index = 0;
    for (std::uint8_t i = 0; i < ed.count; ++i)
        if (ed.names[i] == s) {
            out.index = static_cast<std::uint8_t>(i + 1);
            break;
        }
    out.text.assign(s.data(), s.size());
}

/// The member types that are read from a JSON string.
template<class T>
constexpr bool is_text_v = std::is_same_v<T, std::string> || std::is_same_v<T, uuid> ||
                           std::is_same_v<T, timestamp> || std::is_same_v<T, duration> ||
                           std::is_same_v<T, enum_value>;

template<class T>
struct is_vector : std::false_type {};
template<class T>
struct is_vector<std::vector<T>> : std::true_type {
    using element = T;
};

} // namespace stdm

#endif
