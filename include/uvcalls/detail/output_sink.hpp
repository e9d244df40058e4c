// uvcalls — two-pass output into a caller's buffer.
//
// Every writer of the query and request layers runs the same emitting code
// twice: once with a `size_sink` that only adds up lengths, then, when the
// total fits, with a `buffer_sink` that writes. That is how "a buffer that is
// too small is an error, never a truncated URL" is kept without a second
// copy of the formatting logic, and without any allocation.
#ifndef UVCALLS_DETAIL_OUTPUT_SINK_HPP
#define UVCALLS_DETAIL_OUTPUT_SINK_HPP

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace uvcalls {
namespace detail {

// Decimal digits of v, written backwards into the end of `tmp`; returns the
// view of the digits. Hand-written because <charconv> is not in every
// embedded C++17 library and snprintf would pull stdio into firmware.
inline std::string_view format_uint(std::uint64_t v, char (&tmp)[20]) noexcept
{
    char* p = tmp + sizeof(tmp);
    do {
        *--p = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0);
    return std::string_view(p, static_cast<std::size_t>(tmp + sizeof(tmp) - p));
}

/// Counts the bytes an emitter would write.
class size_sink {
public:
    void append(std::string_view s) noexcept { size_ += s.size(); }
    /// Percent-encodes everything outside RFC 3986 `unreserved`.
    void append_encoded(std::string_view s) noexcept
    {
        size_ += boost::urls::encoded_size(s, boost::urls::unreserved_chars);
    }
    void append_uint(std::uint64_t v) noexcept
    {
        char tmp[20];
        size_ += format_uint(v, tmp).size();
    }
    std::size_t size() const noexcept { return size_; }

private:
    std::size_t size_ = 0;
};

/// Writes into a buffer the caller has already checked is large enough
/// (with a size_sink run over the same emitter).
class buffer_sink {
public:
    buffer_sink(char* dest, std::size_t capacity) noexcept
        : begin_(dest), pos_(dest), end_(dest + capacity) {}

    void append(std::string_view s) noexcept
    {
        // The size pass guarantees the room; the check keeps a logic error
        // from ever becoming an overflow.
        std::size_t const n = s.size() <= room() ? s.size() : room();
        if (n != 0)
            std::memcpy(pos_, s.data(), n);
        pos_ += n;
    }
    void append_encoded(std::string_view s) noexcept
    {
        pos_ += boost::urls::encode(pos_, room(), s, boost::urls::unreserved_chars);
    }
    void append_uint(std::uint64_t v) noexcept
    {
        char tmp[20];
        append(format_uint(v, tmp));
    }
    std::string_view view() const noexcept
    {
        return std::string_view(begin_, static_cast<std::size_t>(pos_ - begin_));
    }

private:
    std::size_t room() const noexcept { return static_cast<std::size_t>(end_ - pos_); }

    char* begin_;
    char* pos_;
    char* end_;
};

} // namespace detail
} // namespace uvcalls

#endif
