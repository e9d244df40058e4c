// uvcalls — JSON string escaping shared by the decoder (schema-free values
// are kept as compact JSON) and the encoder.
#ifndef UVCALLS_DETAIL_JSON_ESCAPE_HPP
#define UVCALLS_DETAIL_JSON_ESCAPE_HPP

#include <boost/config.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace uvcalls {
namespace detail {

/// A byte that stands as itself in a string quoted by `Quote`.
template<char Quote>
constexpr bool is_unescaped(unsigned char c) noexcept
{
    return c >= 0x20 && c != static_cast<unsigned char>(Quote) && c != '\\';
}

/// Calls out(std::string_view) with the escaped form of s for a string
/// quoted by `Quote` (no quotes): the quote and the backslash escaped,
/// control bytes as `\n` or `\u0001`, UTF-8 passed through unchanged (the
/// decoder has already validated it). JSON's strings quote with `"`;
/// JSONPath's names (RFC 9535) with `'`, and escape the same way.
template<char Quote, class Out>
bool escape_quoted(std::string_view s, Out&& out)
{
    static constexpr char hex[] = "0123456789abcdef";
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto const c = static_cast<unsigned char>(s[i]);
        if (is_unescaped<Quote>(c))
            continue;
        if (i > run && !out(s.substr(run, i - run)))
            return false;
        run = i + 1;
        char buf[6] = {'\\', 0, 0, 0, 0, 0};
        std::size_t n = 2;
        switch (c) {
        case Quote: buf[1] = Quote; break;
        case '\\': buf[1] = '\\'; break;
        case '\b': buf[1] = 'b'; break;
        case '\f': buf[1] = 'f'; break;
        case '\n': buf[1] = 'n'; break;
        case '\r': buf[1] = 'r'; break;
        case '\t': buf[1] = 't'; break;
        default:
            buf[1] = 'u';
            buf[2] = '0';
            buf[3] = '0';
            buf[4] = hex[c >> 4];
            buf[5] = hex[c & 15];
            n = 6;
        }
        if (!out(std::string_view(buf, n)))
            return false;
    }
    if (run < s.size())
        return out(s.substr(run));
    return true;
}

/// No byte of the word (read in either order) is below 0x20, '"' or '\\'.
template<class Word>
constexpr bool plain_json_word(Word w) noexcept
{
    constexpr Word ones = static_cast<Word>(~Word(0)) / 0xFF;
    constexpr Word high = ones * 0x80;
    // (v - ones) & ~v has a top bit set in some byte exactly when some byte
    // of v is zero; v - ones * 0x20 likewise when some byte is below 0x20.
    auto const any_zero = [](Word v) noexcept { return static_cast<Word>(v - ones) & ~v & high; };
    Word const below = static_cast<Word>(w - ones * 0x20) & ~w & high;
    return (below | any_zero(w ^ (ones * '"')) | any_zero(w ^ (ones * '\\'))) == 0;
}

/// True when escape_json would write s unchanged. A word at a time: the
/// decoder asks it for every key and string of a schema-free value.
BOOST_FORCEINLINE bool needs_no_json_escape(std::string_view s) noexcept
{
    char const* const p = s.data();
    std::size_t const n = s.size();
    auto const word = [p](std::size_t at, auto w) noexcept {
        std::memcpy(&w, p + at, sizeof w);
        return plain_json_word(w);
    };
    if (n >= 8) {
        for (std::size_t i = 0; i + 8 < n; i += 8)
            if (!word(i, std::uint64_t()))
                return false;
        return word(n - 8, std::uint64_t()); // the last 8, overlapping
    }
    if (n >= 4)
        return word(0, std::uint32_t()) && word(n - 4, std::uint32_t());
    for (std::size_t i = 0; i < n; ++i)
        if (!is_unescaped<'"'>(static_cast<unsigned char>(p[i])))
            return false;
    return true;
}

/// The escaped form of s inside a JSON string (RFC 8259).
template<class Out>
bool escape_json(std::string_view s, Out&& out)
{
    return escape_quoted<'"'>(s, out);
}

} // namespace detail
} // namespace uvcalls

#endif
