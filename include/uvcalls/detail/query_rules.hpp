// uvcalls — the checks behind list_calls_query validation.
//
// Hand-written because none of them is a URL rule: they say what the
// Ultravox API accepts (spec/list-calls.openapi.yaml), not what a URL can
// carry. Encoding is Boost.URL's job; these run before it.
#ifndef UVCALLS_DETAIL_QUERY_RULES_HPP
#define UVCALLS_DETAIL_QUERY_RULES_HPP

#include <uvcalls/detail/utf8_sequence.hpp>

#include <cstddef>
#include <string_view>

namespace uvcalls {
namespace detail {

/// True when `s` is well-formed UTF-8 (RFC 3629): no overlong forms, no
/// UTF-16 surrogates, nothing above U+10FFFF. Percent-encoding keeps bytes
/// as they are, so a bad sequence would reach the server unchanged; the
/// server would either refuse the request or match nothing.
constexpr bool is_valid_utf8(std::string_view s) noexcept
{
    std::size_t i = 0;
    std::size_t const n = s.size();
    while (i < n) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        int const len = check_utf8_sequence(s.data() + i, n - i);
        if (len <= 0)
            return false; // ill-formed, or cut short by the end of s
        i += static_cast<std::size_t>(len);
    }
    return true;
}

constexpr bool is_control(char ch) noexcept
{
    unsigned const c = static_cast<unsigned char>(ch);
    return c < 0x20 || c == 0x7F;
}

constexpr bool has_nul(std::string_view s) noexcept
{
    for (char c : s)
        if (c == '\0')
            return true;
    return false;
}

constexpr char ascii_lower(char c) noexcept
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Equality of a and b once every byte went through `fold`.
template<class Fold>
constexpr bool equal_folded(std::string_view a, std::string_view b, Fold fold) noexcept
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (fold(a[i]) != fold(b[i]))
            return false;
    return true;
}

/// ASCII case-insensitive equality, for header names and host names.
/// Hand-written so that the query and request paths need no compiled
/// Boost.URL code (grammar::ci_is_equal is not header-only).
constexpr bool ascii_iequal(std::string_view a, std::string_view b) noexcept
{
    return equal_folded(a, b, ascii_lower);
}

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// `HH:MM:SS` with an optional fraction of one to six digits (the spec's
/// default `23:59:59.999999` has microsecond resolution; the server's time
/// type has no finer one, so more digits would be silently dropped).
constexpr bool is_time_of_day(std::string_view s) noexcept
{
    if (s.size() < 8 || s[2] != ':' || s[5] != ':')
        return false;
    constexpr std::size_t digits[] = {0, 1, 3, 4, 6, 7};
    for (std::size_t i : digits)
        if (!is_digit(s[i]))
            return false;
    int const hh = (s[0] - '0') * 10 + (s[1] - '0');
    int const mm = (s[3] - '0') * 10 + (s[4] - '0');
    int const ss = (s[6] - '0') * 10 + (s[7] - '0');
    if (hh > 23 || mm > 59 || ss > 59)
        return false;
    if (s.size() == 8)
        return true;
    if (s[8] != '.' || s.size() < 10 || s.size() > 15)
        return false;
    for (std::size_t i = 9; i < s.size(); ++i)
        if (!is_digit(s[i]))
            return false;
    return true;
}

/// A metadata key: non-empty, no control byte, and none of `=`, `&`, `#`.
/// Those three are percent-encoded on the wire, so the server reads them
/// correctly; they are refused because any layer that decodes the query
/// before splitting it (a proxy, a log pipeline, a hand-written handler)
/// would see another parameter or a fragment, i.e. a different filter.
constexpr bool is_metadata_key(std::string_view s) noexcept
{
    if (s.empty())
        return false;
    for (char c : s)
        if (is_control(c) || c == '=' || c == '&' || c == '#')
            return false;
    return true;
}

/// A sort value: one or more field names, each optionally prefixed with
/// `-`, separated by commas (Django REST framework's ordering syntax): a
/// name is letters, digits and `_`, in segments joined by single dots. No
/// empty item, no `-` alone or doubled, no leading, trailing or doubled
/// comma or dot (`"-created,callId"`, not `"-"`, `"--created"`, `"a,,b"`).
constexpr bool is_sort(std::string_view s) noexcept
{
    auto const word = [](char c) noexcept {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
    };
    std::size_t i = 0;
    for (;;) {
        if (i < s.size() && s[i] == '-')
            ++i;
        // One or more segments of word characters, joined by '.'.
        for (;;) {
            std::size_t const begin = i;
            while (i < s.size() && word(s[i]))
                ++i;
            if (i == begin)
                return false;
            if (i == s.size() || s[i] != '.')
                break;
            ++i;
        }
        if (i == s.size())
            return true;
        if (s[i] != ',')
            return false;
        ++i;
    }
}

} // namespace detail
} // namespace uvcalls

#endif
