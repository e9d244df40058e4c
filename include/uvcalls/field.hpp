// uvcalls — the building blocks of the model: fields that tell absent, null
// and value apart, enum values that keep unknown text, schema-free JSON.
#ifndef UVCALLS_FIELD_HPP
#define UVCALLS_FIELD_HPP

#include <boost/core/span.hpp>

#include <string_view>

namespace uvcalls {

/// The three states of a field in a JSON object.
enum class presence : unsigned char {
    /// The key was not in the object (or the field was not selected).
    absent = 0,
    /// The key was there with the value `null`.
    null = 1,
    /// The key was there with a value.
    value = 2,
};

/// A field of the model: absent, null, or a value of type T.
///
/// `state` comes first so that every field, whatever T, can be read as a
/// `presence` through a pointer to it (the table-driven decoder relies on it).
template<class T>
struct field {
    presence state = presence::absent;
    /// The decoder kept a prefix of a longer string because the caller
    /// asked for truncation (decode_options::truncate_long_strings).
    bool truncated = false;
    T value{};

    constexpr bool has_value() const noexcept { return state == presence::value; }
    constexpr bool is_null() const noexcept { return state == presence::null; }
    constexpr bool is_absent() const noexcept { return state == presence::absent; }
    constexpr explicit operator bool() const noexcept { return has_value(); }
    /// The value; meaningful only when has_value().
    constexpr T const& operator*() const noexcept { return value; }
    constexpr T const* operator->() const noexcept { return &value; }
    constexpr T value_or(T const& fallback) const noexcept { return has_value() ? value : fallback; }
};

/// A nested object of the model, stored in the decoder's arena.
/// `value` points into the arena and is valid as long as the arena is.
template<class S>
struct object_field {
    presence state = presence::absent;
    S const* value = nullptr;

    constexpr bool has_value() const noexcept { return state == presence::value; }
    constexpr bool is_null() const noexcept { return state == presence::null; }
    constexpr bool is_absent() const noexcept { return state == presence::absent; }
    constexpr explicit operator bool() const noexcept { return has_value(); }
    constexpr S const& operator*() const noexcept { return *value; }
    constexpr S const* operator->() const noexcept { return value; }
};

/// An enum value with the text it was decoded from. A value this version
/// does not know is `E::unknown`, with `text` telling what the server sent,
/// so a new server enum never breaks a gateway in the field.
template<class E>
struct enum_value {
    E value = E::unknown;
    std::string_view text;
};

/// A schema-free value (`initialState`, `requestContext`, ...) kept as
/// compact JSON text in the arena: no whitespace, strings re-escaped,
/// numbers exactly as received.
struct json_text {
    std::string_view json;
};

/// One entry of a string-to-string map (`metadata`, `headers`), in the
/// order received.
struct string_pair {
    std::string_view key;
    std::string_view value;
};

/// An array of the model: a view into the decoder's arena.
template<class T>
using array_view = boost::span<T const>;

} // namespace uvcalls

#endif
