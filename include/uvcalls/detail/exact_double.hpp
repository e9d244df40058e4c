// uvcalls — the double nearest to a JSON number's text, exactly.
//
// Why: Boost.JSON 1.81's basic_parser converts numbers approximately (it has
// no precise mode); about 3 in 10 shortest-form doubles (what servers write)
// come back one unit in the last place (ULP) off, so a `type: number` field
// would not read back the value the server sent. std::from_chars is exact,
// but libstdc++'s costs about 19 KiB on a Cortex-M4 (10 KiB of tables),
// about as much as uvcalls' whole decoder, so it is not used. Instead Boost's result, which is
// within a few ULP, is checked against the exact decimal value with a small
// fixed-size big integer and moved to its neighbour until it is the nearest
// double (ties to even): the comparison step of Clinger's AlgorithmR, as in
// fast_float's digit_comp, without its tables. Short numbers (up to 15
// digits, exponent within ±22, most real values) take Clinger's fast path:
// one exact multiplication or division. No allocation, no exception.
//
// tests/exact_double.cpp compares every answer with std::from_chars (with
// strtod where from_chars rounds twice, as libstdc++'s does on x87) on
// random bit patterns, random digit strings and the hard cases.
#ifndef UVCALLS_DETAIL_EXACT_DOUBLE_HPP
#define UVCALLS_DETAIL_EXACT_DOUBLE_HPP

#include <boost/assert.hpp>

#include <cfloat>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace uvcalls {
namespace detail {

/// The longest number text the decoder reads into a `type: number` field.
/// Servers write at most 24 characters (shortest round-trip form); the
/// limit bounds the decoder's buffer for numbers split across chunks and the
/// big integer below.
constexpr std::size_t max_number_text = 64;

// An unsigned integer of at most `limbs` 32-bit limbs, little-endian. Sized
// for the largest comparison exact_double makes: a 63-digit mantissa times
// 5^387, or (2^55) * 5^387 shifted by up to ~540 bits (about 1 500 bits).
class small_bigint {
public:
    static constexpr std::size_t limbs = 52;

    explicit small_bigint(std::uint64_t v) noexcept
    {
        limb_[0] = static_cast<std::uint32_t>(v);
        limb_[1] = static_cast<std::uint32_t>(v >> 32);
        size_ = limb_[1] != 0 ? 2 : limb_[0] != 0 ? 1 : 0;
    }

    void mul_add(std::uint32_t m, std::uint32_t add) noexcept
    {
        std::uint64_t carry = add;
        for (std::size_t i = 0; i < size_; ++i) {
            std::uint64_t const t = std::uint64_t(limb_[i]) * m + carry;
            limb_[i] = static_cast<std::uint32_t>(t);
            carry = t >> 32;
        }
        push(static_cast<std::uint32_t>(carry));
    }

    void mul_pow5(unsigned e) noexcept
    {
        constexpr std::uint32_t pow5_13 = 1220703125u; // the largest power of 5 in 32 bits
        for (; e >= 13; e -= 13)
            mul_add(pow5_13, 0);
        std::uint32_t p = 1;
        for (; e != 0; --e)
            p *= 5;
        if (p != 1)
            mul_add(p, 0);
    }

    void shift_left(unsigned bits) noexcept
    {
        if (size_ == 0)
            return;
        std::size_t const words = bits / 32;
        unsigned const rest = bits % 32;
        if (size_ + words + 1 > limbs) {
            overflow_ = true;
            return;
        }
        limb_[size_] = 0;
        for (std::size_t i = size_ + 1; i-- != 0;) {
            std::uint32_t hi = limb_[i];
            std::uint32_t lo = i != 0 ? limb_[i - 1] : 0;
            limb_[i + words] = rest == 0 ? hi : (hi << rest) | (lo >> (32 - rest));
        }
        for (std::size_t i = 0; i < words; ++i)
            limb_[i] = 0;
        size_ += words + 1;
        trim();
    }

    /// -1, 0 or 1 as *this is less than, equal to or greater than `o`.
    int compare(small_bigint const& o) const noexcept
    {
        if (size_ != o.size_)
            return size_ < o.size_ ? -1 : 1;
        for (std::size_t i = size_; i-- != 0;)
            if (limb_[i] != o.limb_[i])
                return limb_[i] < o.limb_[i] ? -1 : 1;
        return 0;
    }

    /// A result did not fit (cannot happen within max_number_text; kept so
    /// that a mistake in that bound shows in tests instead of writing past
    /// the array).
    bool overflowed() const noexcept { return overflow_; }

private:
    void push(std::uint32_t v) noexcept
    {
        if (v == 0)
            return;
        if (size_ == limbs) {
            overflow_ = true;
            return;
        }
        limb_[size_++] = v;
    }
    void trim() noexcept
    {
        while (size_ != 0 && limb_[size_ - 1] == 0)
            --size_;
    }

    std::uint32_t limb_[limbs] = {};
    std::size_t size_ = 0;
    bool overflow_ = false;
};

/// A JSON number's text taken apart: value = digits * 10^exponent.
struct decimal_text {
    bool negative = false;
    char digits[max_number_text] = {}; // significant digits, without leading zeros
    std::size_t count = 0;
    long exponent = 0; // saturates far beyond any double's range
};

/// Reads text Boost.JSON has already accepted as a JSON number.
inline decimal_text read_decimal(std::string_view s) noexcept
{
    decimal_text d;
    std::size_t i = 0;
    if (i < s.size() && s[i] == '-') {
        d.negative = true;
        ++i;
    }
    long fraction_digits = 0;
    bool in_fraction = false;
    for (; i < s.size(); ++i) {
        char const c = s[i];
        if (c == '.') {
            in_fraction = true;
            continue;
        }
        if (c < '0' || c > '9')
            break;
        if (in_fraction)
            ++fraction_digits;
        if (c == '0' && d.count == 0)
            continue; // a leading zero
        if (d.count < max_number_text)
            d.digits[d.count++] = c;
    }
    long exponent = 0;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        bool const minus = i < s.size() && s[i] == '-';
        if (i < s.size() && (s[i] == '-' || s[i] == '+'))
            ++i;
        for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i)
            if (exponent < 100000)
                exponent = exponent * 10 + (s[i] - '0');
        if (minus)
            exponent = -exponent;
    }
    d.exponent = exponent - fraction_digits;
    // Trailing zeros of the mantissa move into the exponent.
    while (d.count != 0 && d.digits[d.count - 1] == '0') {
        --d.count;
        ++d.exponent;
    }
    return d;
}

// Sign of digits * 10^exponent - num * 2^shift.
inline int compare_with_midpoint(decimal_text const& d, std::uint64_t num, int shift) noexcept
{
    small_bigint left(0);
    for (std::size_t i = 0; i < d.count; ++i)
        left.mul_add(10, static_cast<std::uint32_t>(d.digits[i] - '0'));
    small_bigint right(num);
    // 10^e = 5^e * 2^e: the powers of five go to one side, then the side
    // with the smaller power of two is shifted to meet the other.
    long const e = d.exponent;
    if (e >= 0)
        left.mul_pow5(static_cast<unsigned>(e));
    else
        right.mul_pow5(static_cast<unsigned>(-e));
    long const twos = e - shift;
    if (twos >= 0)
        left.shift_left(static_cast<unsigned>(twos));
    else
        right.shift_left(static_cast<unsigned>(-twos));
    BOOST_ASSERT(!left.overflowed() && !right.overflowed());
    return left.compare(right);
}

/// The double nearest to `text` (a JSON number of at most max_number_text
/// characters), given Boost.JSON's approximation of it. False when the
/// value is beyond the largest double (it rounds to infinity).
inline bool exact_double(std::string_view text, double approx, double& out) noexcept
{
    BOOST_ASSERT(text.size() <= max_number_text);
    decimal_text const d = read_decimal(text);
    double const sign = d.negative ? -1.0 : 1.0;
    if (d.count == 0) {
        out = sign * 0.0;
        return true;
    }
    long const magnitude = static_cast<long>(d.count) + d.exponent; // value < 10^magnitude
    if (magnitude > 310)
        return false; // >= 10^309
    if (magnitude < -324) {
        out = sign * 0.0; // < 10^-324, below half the smallest subnormal
        return true;
    }
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
    // Clinger's fast path: both operands are exact doubles (fewer than 2^53,
    // a power of ten up to 10^22), so the one rounding is the right one.
    // Not where the FPU keeps wider intermediates (x87): double rounding.
    if (d.count <= 15 && d.exponent >= -22 && d.exponent <= 22) {
        static constexpr double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                           1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                           1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
        std::uint64_t w = 0;
        for (std::size_t i = 0; i < d.count; ++i)
            w = w * 10 + static_cast<std::uint64_t>(d.digits[i] - '0');
        double const v = static_cast<double>(w);
        out = sign * (d.exponent >= 0 ? v * pow10[d.exponent] : v / pow10[-d.exponent]);
        return true;
    }
#endif
    double candidate = approx;
    if (!(candidate <= DBL_MAX && candidate >= -DBL_MAX))
        candidate = DBL_MAX; // Boost said infinity; the check below decides
    std::uint64_t bits;
    std::memcpy(&bits, &candidate, sizeof bits);
    bits &= ~(std::uint64_t(1) << 63); // the magnitude (-0.0 included)
    constexpr std::uint64_t hidden = std::uint64_t(1) << 52;
    constexpr std::uint64_t max_bits = 0x7FEFFFFFFFFFFFFFull; // DBL_MAX
    // Boost's answer is a few ULP off at worst; the bound only keeps a
    // mistake from looping forever (tests compare with an exact oracle).
    for (int step = 0; step != 64; ++step) {
        unsigned const biased = static_cast<unsigned>(bits >> 52);
        std::uint64_t const m = biased == 0 ? (bits & (hidden - 1)) : ((bits & (hidden - 1)) | hidden);
        int const q = biased == 0 ? -1074 : static_cast<int>(biased) - 1075; // value = m * 2^q
        bool const odd = (m & 1) != 0;
        // Halfway to the next double up.
        int const up = compare_with_midpoint(d, 2 * m + 1, q - 1);
        if (up > 0 || (up == 0 && odd)) {
            if (bits == max_bits)
                return false;
            ++bits;
            continue;
        }
        // Halfway to the next double down; at the bottom of a binade (not
        // the smallest normal one) the gap below is half as wide.
        if (bits != 0) {
            bool const narrow = m == hidden && biased > 1;
            int const down = narrow ? compare_with_midpoint(d, 4 * m - 1, q - 2)
                                    : compare_with_midpoint(d, 2 * m - 1, q - 1);
            if (down < 0 || (down == 0 && odd)) {
                --bits;
                continue;
            }
        }
        break;
    }
    double v;
    std::memcpy(&v, &bits, sizeof v);
    out = sign * v;
    return true;
}

} // namespace detail
} // namespace uvcalls

#endif
