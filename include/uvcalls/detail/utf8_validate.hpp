// uvcalls — UTF-8 validation of the raw input, chunk by chunk.
//
// Why: page_decoder runs Boost.JSON with allow_invalid_utf8 and checks each
// raw chunk with this before Boost reads it. Boost checks every multi-byte
// sequence on its own, in its byte-by-byte string loop; on the benchmark's
// pages (accents, CJK, emoji in long prompts) that was 7.4 M of the 84.0 M
// instructions per 1 000 calls, and this pass costs 2.3 M. In JSON text,
// bytes >= 0x80 are legal only inside strings and escapes are ASCII, so the
// raw text is valid UTF-8 iff every string is; Boost's grammar still
// rejects a byte >= 0x80 outside a string. No library at hand does it:
// Boost.JSON's own check is internal to its parser, and simdjson is not a
// dependency (it is only a benchmark peer).
//
// State between chunks: the last three bytes of the stream (a sequence left
// open at a chunk's end is completed, and checked, by the next chunk).
//
// With AVX2: 64 bytes at a time; a block of ASCII costs two loads, an OR, a
// movemask and a branch; a block with a byte >= 0x80 is checked with the
// "lookup" algorithm of Keiser and Lemire ("Validating UTF-8 in less than
// one instruction per byte", 2021; as simdjson uses), written here from the
// paper's tables. The end of a chunk (< 64 bytes) is copied into a padded
// block and the errors past its end are masked off. Without AVX2, a scalar
// check with an ASCII skip of 16 (SSE2) or 8 bytes (any target, either
// byte order).
//
// Errors are found in bulk; first_error() (cold) finds the first byte of the
// first bad sequence, for the error offset. tests/utf8_validate.cpp checks
// every path against a reference written from the Unicode standard's table
// of well-formed sequences.
#ifndef UVCALLS_DETAIL_UTF8_VALIDATE_HPP
#define UVCALLS_DETAIL_UTF8_VALIDATE_HPP

#include <uvcalls/detail/utf8_sequence.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__AVX2__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace uvcalls {
namespace detail {

class utf8_validator {
public:
    void reset() noexcept
    {
        last_[0] = last_[1] = last_[2] = 0;
    }

    /// Checks data[0, size) as the continuation of the stream so far. False:
    /// the stream is not valid UTF-8 (a sequence the chunk leaves open at its
    /// end is no error yet). On false the state is unchanged, so that
    /// first_error() can look at the chunk.
    bool feed(char const* data, std::size_t size) noexcept
    {
        if (size == 0)
            return true;
        auto const* d = reinterpret_cast<unsigned char const*>(data);
#if defined(__AVX2__)
        // A last byte that begins no sequence (C0, C1, F5-FF) is an error
        // now, as in the scalar check, not when the next byte comes.
        unsigned char const end = d[size - 1];
        bool const ok = feed_avx2(d, size) && end != 0xC0 && end != 0xC1 && end < 0xF5;
#else
        bool const ok = first_error(data, size) == no_error;
#endif
        if (ok)
            remember(d, size);
        return ok;
    }

    /// How many bytes back from the end of the stream so far the open
    /// sequence began (0: none). Only meaningful on a stream valid so far.
    std::size_t open_back() const noexcept
    {
        return last_[0] >= 0xF0 ? 3 : last_[1] >= 0xE0 ? 2 : last_[2] >= 0xC0 ? 1 : 0;
    }

    /// No sequence is open at the end of the stream so far.
    bool complete() const noexcept { return open_back() == 0; }

    static constexpr std::ptrdiff_t no_error = PTRDIFF_MAX;

    /// The first byte of the first bad sequence of the stream so far then
    /// data[0, size), as an offset from data (negative: in the chunks
    /// before, at most 3 back), or no_error. A sequence open at the end is
    /// no error.
    std::ptrdiff_t first_error(char const* data, std::size_t size) const noexcept
    {
        auto const* d = reinterpret_cast<unsigned char const*>(data);
        std::size_t const back = open_back();
        // The open sequence: its bytes from the chunks before, then from data.
        if (back != 0) {
            unsigned char seq[4];
            std::size_t n = 0;
            for (std::size_t k = 3 - back; k < 3; ++k)
                seq[n++] = last_[k];
            std::size_t const need = utf8_length_of(seq[0]);
            std::size_t from_data = 0;
            while (n < need && from_data < size)
                seq[n++] = d[from_data++];
            int const r = check_utf8_sequence(reinterpret_cast<char const*>(seq), n);
            if (r < 0)
                return -static_cast<std::ptrdiff_t>(back);
            if (r == 0)
                return no_error; // still open: the chunk ends inside it
            // (r == its length: whole and valid; go on after it)
            return scan(d, size, from_data);
        }
        return scan(d, size, 0);
    }

private:
    static std::ptrdiff_t scan(unsigned char const* d, std::size_t size, std::size_t i) noexcept
    {
        while (i < size) {
            if (d[i] < 0x80) {
                ++i;
#if defined(__SSE2__)
                while (i + 16 <= size &&
                       _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<__m128i const*>(d + i))) == 0)
                    i += 16;
#else
                while (i + 8 <= size) {
                    std::uint64_t w;
                    std::memcpy(&w, d + i, 8);
                    if (w & 0x8080808080808080u)
                        break;
                    i += 8;
                }
#endif
                continue;
            }
            std::size_t const n = size - i < 4 ? size - i : 4;
            int const r = check_utf8_sequence(reinterpret_cast<char const*>(d + i), n);
            if (r < 0)
                return static_cast<std::ptrdiff_t>(i);
            if (r == 0)
                return no_error; // open at the end of the chunk
            i += static_cast<std::size_t>(r);
        }
        return no_error;
    }

    void remember(unsigned char const* d, std::size_t size) noexcept
    {
        if (size >= 3) {
            last_[0] = d[size - 3];
            last_[1] = d[size - 2];
            last_[2] = d[size - 1];
            return;
        }
        for (std::size_t i = 0; i < size; ++i) {
            last_[0] = last_[1];
            last_[1] = last_[2];
            last_[2] = d[i];
        }
    }

#if defined(__AVX2__)
    // Bits of the Keiser-Lemire lookup tables: each names a kind of error
    // that a pair (byte 1, byte 2) may show; the three lookups (byte 1's
    // high nibble, its low nibble, byte 2's high nibble) each give the kinds
    // that nibble allows, and the AND is the kinds all three agree on.
    static constexpr unsigned char too_short = 1 << 0;  // lead then no continuation
    static constexpr unsigned char too_long = 1 << 1;   // ASCII then continuation
    static constexpr unsigned char overlong_3 = 1 << 2; // E0 80-9F
    static constexpr unsigned char too_large = 1 << 3;  // F4 90-BF, F5-FF 90-BF
    static constexpr unsigned char surrogate = 1 << 4;  // ED A0-BF
    static constexpr unsigned char overlong_2 = 1 << 5; // C0-C1 continuation
    static constexpr unsigned char too_large_1000 = 1 << 6; // F5-FF 80-8F
    static constexpr unsigned char overlong_4 = 1 << 6;     // F0 80-8F
    static constexpr unsigned char two_conts = 1 << 7;      // continuation continuation
    static constexpr unsigned char carry = too_short | too_long | two_conts;

    static __m256i table(unsigned char const (&t)[16]) noexcept
    {
        __m128i const x = _mm_loadu_si128(reinterpret_cast<__m128i const*>(t));
        return _mm256_broadcastsi128_si256(x);
    }

    struct tables {
        __m256i byte_1_high, byte_1_low, byte_2_high, nibble, hi_bit, third, fourth;
    };

    static tables make_tables() noexcept
    {
        static constexpr unsigned char b1h[16] = {
            too_long, too_long, too_long, too_long, too_long, too_long, too_long, too_long, // 0_______
            two_conts, two_conts, two_conts, two_conts,                                     // 10______
            too_short | overlong_2,                                                         // 1100____
            too_short,                                                                      // 1101____
            too_short | overlong_3 | surrogate,                                             // 1110____
            too_short | too_large | too_large_1000 | overlong_4};                           // 1111____
        static constexpr unsigned char b1l[16] = {
            carry | overlong_3 | overlong_2 | overlong_4, // ____0000
            carry | overlong_2,                           // ____0001
            carry,
            carry,
            carry | too_large,                  // ____0100
            carry | too_large | too_large_1000, // ____0101
            carry | too_large | too_large_1000,
            carry | too_large | too_large_1000,
            carry | too_large | too_large_1000, // ____1___
            carry | too_large | too_large_1000,
            carry | too_large | too_large_1000,
            carry | too_large | too_large_1000,
            carry | too_large | too_large_1000,
            carry | too_large | too_large_1000 | surrogate, // ____1101
            carry | too_large | too_large_1000,
            carry | too_large | too_large_1000};
        static constexpr unsigned char b2h[16] = {
            too_short, too_short, too_short, too_short, too_short, too_short, too_short, too_short, // 0_______
            too_long | overlong_2 | two_conts | overlong_3 | too_large_1000 | overlong_4,          // 1000____
            too_long | overlong_2 | two_conts | overlong_3 | too_large,                            // 1001____
            too_long | overlong_2 | two_conts | surrogate | too_large,                             // 101_____
            too_long | overlong_2 | two_conts | surrogate | too_large,
            too_short, too_short, too_short, too_short}; // 11______
        tables t;
        t.byte_1_high = table(b1h);
        t.byte_1_low = table(b1l);
        t.byte_2_high = table(b2h);
        t.nibble = _mm256_set1_epi8(0x0F);
        t.hi_bit = _mm256_set1_epi8(static_cast<char>(0x80));
        t.third = _mm256_set1_epi8(static_cast<char>(0xE0 - 0x80));
        t.fourth = _mm256_set1_epi8(static_cast<char>(0xF0 - 0x80));
        return t;
    }

    // The error bits of the 32 bytes `in` after the 32 bytes `prev` (only
    // prev's last three bytes matter); a byte's bits describe the pair it
    // ends and whether it had to be a continuation.
    static __m256i check(tables const& t, __m256i in, __m256i prev) noexcept
    {
        __m256i const straddle = _mm256_permute2x128_si256(prev, in, 0x21); // prev.hi, in.lo
        __m256i const prev1 = _mm256_alignr_epi8(in, straddle, 15);
        __m256i const prev2 = _mm256_alignr_epi8(in, straddle, 14);
        __m256i const prev3 = _mm256_alignr_epi8(in, straddle, 13);
        __m256i const h1 = _mm256_shuffle_epi8(t.byte_1_high,
                                               _mm256_and_si256(_mm256_srli_epi16(prev1, 4), t.nibble));
        __m256i const l1 = _mm256_shuffle_epi8(t.byte_1_low, _mm256_and_si256(prev1, t.nibble));
        __m256i const h2 = _mm256_shuffle_epi8(t.byte_2_high,
                                               _mm256_and_si256(_mm256_srli_epi16(in, 4), t.nibble));
        __m256i const special = _mm256_and_si256(_mm256_and_si256(h1, l1), h2);
        // Third or fourth byte of a sequence: must be a continuation, and
        // then it is the second of two continuations (bit 7 above).
        __m256i const must23 = _mm256_or_si256(_mm256_subs_epu8(prev2, t.third), _mm256_subs_epu8(prev3, t.fourth));
        return _mm256_xor_si256(_mm256_and_si256(must23, t.hi_bit), special);
    }

    // Non-zero where the last three bytes leave a sequence open.
    static __m256i incomplete(__m256i in) noexcept
    {
        static constexpr unsigned char max[32] = {255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
                                                  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
                                                  255, 255, 255, 255, 255, 255, 255, 0xF0 - 1, 0xE0 - 1, 0xC0 - 1};
        return _mm256_subs_epu8(in, _mm256_loadu_si256(reinterpret_cast<__m256i const*>(max)));
    }

    bool feed_avx2(unsigned char const* d, std::size_t size) const noexcept
    {
        tables const t = make_tables();
        // The stream's last three bytes at the end of a block.
        __m256i prev = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                        0, 0, 0, 0, 0, static_cast<char>(last_[0]), static_cast<char>(last_[1]),
                                        static_cast<char>(last_[2]));
        __m256i prev_incomplete = incomplete(prev);
        __m256i error = _mm256_setzero_si256();
        std::size_t i = 0;
        for (; i + 64 <= size; i += 64) {
            __m256i const a = _mm256_loadu_si256(reinterpret_cast<__m256i const*>(d + i));
            __m256i const b = _mm256_loadu_si256(reinterpret_cast<__m256i const*>(d + i + 32));
            if (_mm256_movemask_epi8(_mm256_or_si256(a, b)) == 0) {
                // ASCII: an error only if the block before left a sequence
                // open. (prev is not updated: its last bytes end no open
                // sequence then, and checked against a block that begins
                // with a continuation they give an error as ASCII would.)
                error = _mm256_or_si256(error, prev_incomplete);
                continue;
            }
            error = _mm256_or_si256(error, check(t, a, prev));
            error = _mm256_or_si256(error, check(t, b, a));
            prev_incomplete = incomplete(b);
            prev = b;
        }
        std::size_t const rest = size - i;
        if (rest != 0) {
            // The end of the chunk, padded with ASCII; errors at the padding
            // (an open sequence meeting it) are not errors yet.
            alignas(32) unsigned char block[64] = {};
            std::memcpy(block, d + i, rest);
            __m256i const a = _mm256_load_si256(reinterpret_cast<__m256i const*>(block));
            __m256i const b = _mm256_load_si256(reinterpret_cast<__m256i const*>(block + 32));
            __m256i const zero = _mm256_setzero_si256();
            __m256i const ea = check(t, a, prev);
            __m256i const eb = check(t, b, a);
            std::uint64_t bad = ~(static_cast<std::uint64_t>(static_cast<std::uint32_t>(
                                      _mm256_movemask_epi8(_mm256_cmpeq_epi8(ea, zero)))) |
                                  static_cast<std::uint64_t>(static_cast<std::uint32_t>(
                                      _mm256_movemask_epi8(_mm256_cmpeq_epi8(eb, zero))))
                                      << 32);
            bad &= (std::uint64_t(1) << rest) - 1; // rest < 64
            if (bad != 0)
                return false;
        } else {
            // Nothing after the last block: a sequence it leaves open stays
            // open (the state keeps its bytes).
        }
        return _mm256_testz_si256(error, error) != 0;
    }
#endif

    // The stream's last three bytes (0: none yet, as ASCII).
    unsigned char last_[3] = {0, 0, 0};
};

} // namespace detail
} // namespace uvcalls

#endif
