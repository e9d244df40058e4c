// uvcalls — what the caller chooses about a decode: limits, strictness,
// truncation, which fields of a call to keep; and what the decoder reports
// beside errors (diagnostics, JSON paths).
#ifndef UVCALLS_DECODE_OPTIONS_HPP
#define UVCALLS_DECODE_OPTIONS_HPP

#include <uvcalls/detail/json_escape.hpp>
#include <uvcalls/detail/utf8_prefix.hpp>
#include <uvcalls/model.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace uvcalls {

static_assert(call_field_count <= 64, "call_field_set holds one bit per top-level field");

/// A set of top-level Call fields to keep. Fields not in the set are
/// skipped (validated as JSON, never stored, no arena space) and are never
/// reported as missing.
///
/// @par Example
/// @code
/// auto keep = uvcalls::call_field_set::none()
///     .insert(uvcalls::call_field::call_id)
///     .insert(uvcalls::call_field::created)
///     .insert(uvcalls::call_field::end_reason)
///     .insert(uvcalls::call_field::summary);
/// @endcode
class call_field_set {
public:
    /// All fields.
    constexpr call_field_set() noexcept = default;
    static constexpr call_field_set all() noexcept { return call_field_set(); }
    static constexpr call_field_set none() noexcept { return call_field_set(0); }

    constexpr call_field_set& insert(call_field f) noexcept
    {
        bits_ |= bit(f);
        return *this;
    }
    constexpr call_field_set& erase(call_field f) noexcept
    {
        bits_ &= ~bit(f);
        return *this;
    }
    constexpr bool contains(call_field f) const noexcept { return (bits_ & bit(f)) != 0; }

private:
    constexpr explicit call_field_set(std::uint64_t bits) noexcept : bits_(bits) {}
    static constexpr std::uint64_t bit(call_field f) noexcept
    {
        return std::uint64_t(1) << static_cast<unsigned>(f);
    }
    static constexpr std::uint64_t all_bits() noexcept
    {
        return call_field_count == 64 ? ~std::uint64_t(0)
                                      : (std::uint64_t(1) << call_field_count) - 1;
    }
    std::uint64_t bits_ = all_bits();
};

/// Bounds the caller sets. Exceeding one is a `condition::limit` error.
/// The arena size is the size of the buffer given to the decoder.
struct decode_limits {
    /// Deepest JSON nesting accepted, counting the page object as 1
    /// (schema-free values nest further). At most 64: a larger value is
    /// read as 64 (the handler tracks array nesting in 64 bits).
    std::size_t max_depth = 32;
    /// Longest string kept, in bytes of UTF-8 (strings of the model, array
    /// items, map keys and values; schema-free values are bounded by the
    /// arena alone).
    std::size_t max_string_length = 64 * 1024;
};

struct decode_options {
    decode_limits limits;
    /// Missing required fields are errors (error::missing_required_field)
    /// instead of diagnostics. Real responses of this API omit required
    /// fields at times, so the default is lenient.
    bool strict = false;
    /// A string longer than limits.max_string_length is kept cut to the
    /// limit (at a UTF-8 boundary) with field::truncated set, instead of
    /// failing with error::string_limit: a string field; an enum field
    /// (then `unknown`, with the cut text); a duration without a pattern in
    /// the spec (`billedDuration`: its cut text, unparsed); a string
    /// array's element or a map's key or value (the array's or map's
    /// `truncated` is set; cut keys may then repeat). A uuid, date-time or
    /// duration with the spec's pattern cannot be read from a part of it,
    /// and a part of a `next` or `previous` link (`format: uri`) is another
    /// link: over the limit they fail with error::string_limit all the
    /// same. Each cut string is counted in decode_diagnostics.
    bool truncate_long_strings = false;
    /// Which top-level Call fields to keep.
    call_field_set fields;
};

/// A JSONPath such as `$.results[3].medium.twilio.outgoing.to`, in fixed
/// storage (no heap). A path longer than the storage keeps its beginning
/// and says so with truncated().
class json_path {
public:
    static constexpr std::size_t capacity = 192;

    std::string_view view() const noexcept { return std::string_view(buf_, size_); }
    bool truncated() const noexcept { return truncated_; }
    bool empty() const noexcept { return size_ == 0; }
    void clear() noexcept
    {
        size_ = 0;
        truncated_ = false;
        full_ = false;
    }
    void append(std::string_view s) noexcept
    {
        if (full_)
            return;
        std::size_t n = s.size();
        if (n > capacity - size_) {
            // Cut at a UTF-8 character boundary: a path is printed as
            // text (decode-calls' error line), and half a character makes
            // that line invalid UTF-8. Nothing after the cut may fill the
            // bytes left, or the path would not be its own beginning.
            // (s is whole characters: escape_quoted splits only at ASCII.)
            n = detail::utf8_prefix(s.data(), capacity - size_);
            truncated_ = true;
            full_ = true;
        }
        std::memcpy(buf_ + size_, s.data(), n);
        size_ += n;
    }
    /// Appends `.name`, or `['name']` when name is not an identifier, with
    /// `'` and `\` escaped and control characters written as in JSON
    /// (`\n`, `\u0000`; RFC 9535's normalized paths do the same), so that
    /// a path is always one line of text. `cut`: name is only the
    /// beginning of a longer key; it is kept to a UTF-8 character boundary
    /// and the path is marked truncated().
    void append_key(std::string_view name, bool cut = false) noexcept
    {
        if (cut) {
            name = name.substr(0, detail::utf8_prefix(name.data(), name.size()));
            truncated_ = true;
        }
        bool ident = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
        for (char c : name)
            ident = ident && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '_');
        if (ident) {
            append(".");
            append(name);
            return;
        }
        append("['");
        detail::escape_quoted<'\''>(name, [this](std::string_view part) {
            append(part);
            return true;
        });
        append("']");
    }
    void append_index(std::size_t i) noexcept
    {
        char digits[24];
        std::size_t n = 0;
        do {
            digits[n++] = static_cast<char>('0' + i % 10);
            i /= 10;
        } while (i != 0);
        char out[26];
        out[0] = '[';
        for (std::size_t k = 0; k < n; ++k)
            out[1 + k] = digits[n - 1 - k];
        out[1 + n] = ']';
        append(std::string_view(out, n + 2));
    }

private:
    char buf_[capacity] = {};
    std::size_t size_ = 0;
    bool truncated_ = false;
    bool full_ = false; // append() cut: nothing more is appended
};

/// What the decoder noticed without failing: the real API does not always
/// match its contract, and a gateway should know when it does not. The
/// counts stop at SIZE_MAX.
struct decode_diagnostics {
    /// Required fields that were missing (not counting unselected fields).
    std::size_t missing_required = 0;
    /// Path of the first of them, e.g. `$.results[0].joinUrl`.
    json_path first_missing;
    /// Strings kept truncated (decode_options::truncate_long_strings).
    std::size_t truncated_strings = 0;
    json_path first_truncated;
};

} // namespace uvcalls

#endif
