// uvcalls — two-pass output into a caller's buffer.
//
// Every writer of the query and request layers runs the same emitting code
// twice: once with a counting output_sink that only adds up lengths, then,
// when the total fits, with one that writes. That is how "a buffer that is
// too small is an error, never a truncated URL" is kept without a second
// copy of the formatting logic, and without any allocation.
#ifndef UVCALLS_DETAIL_OUTPUT_SINK_HPP
#define UVCALLS_DETAIL_OUTPUT_SINK_HPP

#include <uvcalls/detail/saturating.hpp>

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

/// Counts the bytes an emitter would write (default-constructed), or
/// writes them into a buffer the caller has already checked is large
/// enough with a counting run over the same emitter. One class for both
/// passes, so that each emitter is compiled once: two sink types made two
/// copies of every emitter (1.1 KB for the query's alone on a Cortex-M4).
class output_sink {
public:
    output_sink() noexcept = default;
    output_sink(char* dest, std::size_t capacity) noexcept : begin_(dest), capacity_(capacity) {}

    void append(std::string_view s) noexcept
    {
        std::size_t n = s.size();
        if (begin_) {
            // The counting pass guarantees the room; the check keeps a
            // logic error from ever becoming an overflow.
            n = n <= room() ? n : room();
            if (n != 0)
                std::memcpy(begin_ + size_, s.data(), n);
        }
        add(n);
    }
    /// Percent-encodes everything outside RFC 3986 `unreserved`.
    void append_encoded(std::string_view s) noexcept
    {
        if (begin_) {
            add(boost::urls::encode(begin_ + size_, room(), s, boost::urls::unreserved_chars));
            return;
        }
        // encoded_size() counts up to 3 bytes a byte in a std::size_t of
        // its own, which a value of more than SIZE_MAX / 3 bytes (1.4 GiB
        // on a 32-bit target) wrapped: counted in parts that cannot.
        do {
            std::string_view const part = s.substr(0, SIZE_MAX / 3);
            add(boost::urls::encoded_size(part, boost::urls::unreserved_chars));
            s.remove_prefix(part.size());
        } while (!s.empty());
    }
    void append_uint(std::uint64_t v) noexcept
    {
        char tmp[20];
        append(format_uint(v, tmp));
    }
    /// Bytes counted, or written. A count beyond SIZE_MAX is SIZE_MAX,
    /// more than any buffer holds.
    std::size_t size() const noexcept { return size_; }
    /// The bytes written (empty when counting).
    std::string_view view() const noexcept { return std::string_view(begin_, begin_ ? size_ : 0); }

private:
    std::size_t room() const noexcept { return capacity_ - size_; }
    // Counts up to SIZE_MAX and stays there. Wrapped, a count of views
    // that add up past 4 GiB on a 32-bit target (a header value given 65
    // times, a span of agentIds repeating one) came out small, passed the
    // check against the buffer, and the writing pass, stopped at the
    // buffer's end, returned a truncated target or head as a whole one.
    // (Writing, n is at most room(): no saturation there.)
    void add(std::size_t n) noexcept { size_ = add_saturated(size_, n); }

    char* begin_ = nullptr;
    std::size_t capacity_ = 0;
    std::size_t size_ = 0;
};

} // namespace detail
} // namespace uvcalls

#endif
