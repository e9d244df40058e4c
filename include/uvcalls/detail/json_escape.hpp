// uvcalls — JSON string escaping shared by the decoder (schema-free values
// are kept as compact JSON) and the encoder.
#ifndef UVCALLS_DETAIL_JSON_ESCAPE_HPP
#define UVCALLS_DETAIL_JSON_ESCAPE_HPP

#include <cstddef>
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

/// True when escape_json would write s unchanged.
inline bool needs_no_json_escape(std::string_view s) noexcept
{
    for (char const c : s)
        if (!is_unescaped<'"'>(static_cast<unsigned char>(c)))
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
