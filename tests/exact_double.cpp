// detail::exact_double against an exact oracle (std::from_chars, or
// std::strtod where from_chars is not exact: see chosen_oracle()), with
// Boost.JSON's own approximation as the starting point, as in the decoder.
#include <uvcalls/detail/exact_double.hpp>

#include <boost/json/basic_parser_impl.hpp>

#include <doctest/doctest.h>

#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <system_error>

namespace {

// What Boost.JSON's basic_parser hands the decoder for a number.
struct number_handler {
    static constexpr std::size_t max_object_size = 1;
    static constexpr std::size_t max_array_size = 1;
    static constexpr std::size_t max_key_size = 1;
    static constexpr std::size_t max_string_size = 1;
    double value = 0;
    using ec_t = boost::json::error_code;
    using sv = boost::json::string_view;
    bool on_document_begin(ec_t&) { return true; }
    bool on_document_end(ec_t&) { return true; }
    bool on_object_begin(ec_t&) { return false; }
    bool on_object_end(std::size_t, ec_t&) { return false; }
    bool on_array_begin(ec_t&) { return false; }
    bool on_array_end(std::size_t, ec_t&) { return false; }
    bool on_key_part(sv, std::size_t, ec_t&) { return false; }
    bool on_key(sv, std::size_t, ec_t&) { return false; }
    bool on_string_part(sv, std::size_t, ec_t&) { return false; }
    bool on_string(sv, std::size_t, ec_t&) { return false; }
    bool on_number_part(sv, ec_t&) { return true; }
    bool on_int64(std::int64_t v, sv, ec_t&) { return value = static_cast<double>(v), true; }
    bool on_uint64(std::uint64_t v, sv, ec_t&) { return value = static_cast<double>(v), true; }
    bool on_double(double v, sv, ec_t&) { return value = v, true; }
    bool on_bool(bool, ec_t&) { return false; }
    bool on_null(ec_t&) { return false; }
    bool on_comment_part(sv, ec_t&) { return false; }
    bool on_comment(sv, ec_t&) { return false; }
};

double boost_approximation(std::string const& text)
{
    boost::json::basic_parser<number_handler> p{boost::json::parse_options()};
    boost::json::error_code ec;
    p.write_some(false, text.data(), text.size(), ec);
    REQUIRE(!ec);
    return p.handler().value;
}

double next_toward(double v, int ulps)
{
    for (; ulps > 0; --ulps)
        v = std::nextafter(v, HUGE_VAL);
    for (; ulps < 0; ++ulps)
        v = std::nextafter(v, -HUGE_VAL);
    return v;
}

std::uint64_t bits_of(double v)
{
    std::uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    return b;
}

// What exact_double must answer for `text`: the nearest double (zero below
// the smallest subnormal's half), or `false` beyond the largest double.
struct expected {
    bool finite;
    double value;
};

enum class oracle { from_chars, strtod };

expected oracle_answer(oracle o, std::string const& text)
{
    if (o == oracle::strtod) {
        char* end = nullptr;
        double const v = std::strtod(text.c_str(), &end);
        REQUIRE(end == text.c_str() + text.size());
        // Out of range it answers the infinity or the zero (or subnormal)
        // the value rounds to, as exact_double must.
        return {!std::isinf(v), std::isinf(v) ? 0.0 : v};
    }
    double v = 0;
    auto const r = std::from_chars(text.data(), text.data() + text.size(), v);
    REQUIRE(r.ptr == text.data() + text.size());
    if (r.ec == std::errc())
        return {true, v};
    REQUIRE(r.ec == std::errc::result_out_of_range);
    // Out of range: too small rounds to zero, too large to infinity.
    auto const d = uvcalls::detail::read_decimal(text);
    bool const tiny = static_cast<long>(d.count) + d.exponent < 0;
    return {tiny, tiny ? (text[0] == '-' ? -0.0 : 0.0) : 0.0};
}

// Texts and the bits of their nearest doubles, found with Python's float()
// and again with exact rational division. The first eighteen take Clinger's
// fast path (a whole number below 2^53 times, or divided by, a power of ten
// up to 10^22), where an FPU with wider intermediates (x87) rounds twice: on
// i686, libstdc++ 12's from_chars is compiled for x87 whatever flags the
// test has (FLT_EVAL_METHOD here says nothing about it) and reads each of
// the first twelve a unit in the last place off; the next six are
// quotients that x87 code, dividing in 80 bits and rounding again, gets a
// unit off (found with such code under qemu-i386).
struct known_double {
    char const* text;
    std::uint64_t bits;
};
constexpr known_double known_doubles[] = {
    {"3.639085665311728e+28", 0x45dd6573e906237full},
    {"4633294726467e17", 0x46176464a0c405e7ull},
    {"624722848294456e13", 0x45b42f9616a93d3dull},
    {"401189999438650e8", 0x44a0fdb5efc2bf4bull},
    {"3160293701e15", 0x4504e9beeb248edfull},
    {"450057798643e18", 0x4616b8dc579e8e8full},
    {"8580713e18", 0x451c64258903d85bull},
    {"11187549656e15", 0x4522821c906e4317ull},
    {"661751415037719e16", 0x4654e195da24a80dull},
    {"13678975604132e19", 0x469afa1e28c5e043ull},
    {"45852252e18", 0x4542f6cbc7e21a93ull},
    {"639032409900939e13", 0x45b4a5f3c38d3725ull},
    {"92251940e-17", 0x3e0fb2910356a81full},
    {"6608563536e-15", 0x3edbb7e41cd8bc43ull},
    {"998176403846014e-9", 0x412e7640cec4e79dull},
    {"704588809157e-10", 0x40519d5e4e0f6c29ull},
    {"98155827068e-16", 0x3ee495b36a39899bull},
    {"4933138173623e-10", 0x407ed505655abfedull},
    {"0.1", 0x3fb999999999999aull},
    {"1e23", 0x44b52d02c7e14af6ull},
    {"9007199254740993", 0x4340000000000000ull},
    {"2.2250738585072011e-308", 0x000fffffffffffffull},
    {"2.4703282292062328e-324", 0x0000000000000001ull},
    {"1.7976931348623157e308", 0x7fefffffffffffffull},
};

bool reads_known_doubles(oracle o)
{
    for (known_double const& k : known_doubles) {
        expected const e = oracle_answer(o, k.text);
        if (!e.finite || bits_of(e.value) != k.bits)
            return false;
    }
    return true;
}

// std::from_chars, unless it misreads a known text (i686 with x87): then
// strtod, which glibc computes with integer arithmetic alone (newlib's, on
// the Cortex-M4 tier, is unchecked, and from_chars is exact there). The
// test case on known_doubles fails if the choice misreads one too.
oracle chosen_oracle()
{
    static oracle const o = reads_known_doubles(oracle::from_chars) ? oracle::from_chars : oracle::strtod;
    return o;
}

// printf's "%.17g" (general) or "%.25e" (scientific), from to_chars: the
// same text, and newlib-nano's printf (the Cortex-M4 build) has no
// floating-point conversions unless linked with -u _printf_float.
std::string formatted(double v, std::chars_format fmt, int precision)
{
    char buf[64];
    auto const r = std::to_chars(buf, buf + sizeof buf, v, fmt, precision);
    REQUIRE(r.ec == std::errc());
    return std::string(buf, r.ptr);
}

void check_text(std::string const& text, int ulps_off = 0)
{
    CAPTURE(text);
    CAPTURE(ulps_off);
    expected const want = oracle_answer(chosen_oracle(), text);
    double const approx = next_toward(boost_approximation(text), ulps_off);
    double got = 12345.0;
    bool const finite = uvcalls::detail::exact_double(text, approx, got);
    REQUIRE(finite == want.finite);
    if (finite)
        REQUIRE(bits_of(got) == bits_of(want.value));
}

} // namespace

TEST_CASE("exact_double and the oracle of these tests read texts of known nearest doubles right")
{
    if (chosen_oracle() == oracle::strtod)
        MESSAGE("std::from_chars misreads a known text here: std::strtod is the oracle");
    REQUIRE(reads_known_doubles(chosen_oracle()));
    for (known_double const& k : known_doubles) {
        std::string const text = k.text; // (a char pointer is shown as an address)
        CAPTURE(text);
        for (int off = -3; off <= 3; ++off) {
            CAPTURE(off);
            double got = 12345.0;
            REQUIRE(uvcalls::detail::exact_double(k.text, next_toward(boost_approximation(k.text), off), got));
            CHECK(bits_of(got) == k.bits);
        }
    }
}

TEST_CASE("exact_double reads back every shortest and 17-digit form of random doubles")
{
    std::mt19937_64 rng(20261124);
    int boost_was_off = 0;
    for (int i = 0; i < 200000; ++i) {
        std::uint64_t const b = rng();
        double v;
        std::memcpy(&v, &b, sizeof v);
        if (!std::isfinite(v))
            continue;
        char buf[64];
        auto const r = std::to_chars(buf, buf + sizeof buf, v);
        std::string const shortest(buf, r.ptr);
        check_text(shortest);
        if (bits_of(boost_approximation(shortest)) != bits_of(v))
            ++boost_was_off;
        check_text(formatted(v, std::chars_format::general, 17));
        check_text(formatted(v, std::chars_format::scientific, 25));
    }
    // The reason this code exists: Boost.JSON 1.81 alone gets many wrong.
    CHECK(boost_was_off > 1000);
}

TEST_CASE("exact_double corrects an approximation a few ULP off in either direction")
{
    std::mt19937_64 rng(7);
    for (int i = 0; i < 20000; ++i) {
        std::uint64_t const b = rng() & 0x7FEFFFFFFFFFFFFFull;
        double v;
        std::memcpy(&v, &b, sizeof v);
        std::string const text = formatted(v, std::chars_format::general, 17);
        int const off = static_cast<int>(rng() % 9) - 4;
        if (std::isfinite(next_toward(boost_approximation(text), off)))
            check_text(text, off);
    }
}

TEST_CASE("exact_double reads random digit strings of up to 40 digits at every scale")
{
    std::mt19937_64 rng(99);
    for (int i = 0; i < 100000; ++i) {
        std::string text;
        if (rng() & 1)
            text += '-';
        std::size_t const digits = 1 + rng() % 40;
        std::size_t const point = rng() % (digits + 1);
        for (std::size_t k = 0; k < digits; ++k) {
            if (k == point && k != 0)
                text += '.';
            char const c = static_cast<char>('0' + rng() % 10);
            text += (k == 0 && c == '0' && point != 1) ? '1' : c;
        }
        long const exponent = static_cast<long>(rng() % 700) - 360;
        text += 'e' + std::to_string(exponent);
        check_text(text);
    }
}

TEST_CASE("exact_double gets the hard cases: ties, binade edges, subnormals, overflow")
{
    char const* const cases[] = {
        "0", "-0", "0.0", "0e10", "1", "-1", "0.1", "0.7", "1e22", "1e23", "9007199254740993",
        "9007199254740992.5", "9007199254740993.0000000000000001",
        // the midpoint between 1 and its successor: ties to even (1)
        "1.00000000000000011102230246251565404236316680908203125",
        "1.000000000000000111022302462515654042363166809082031251",
        "1.0000000000000001110223024625156540423631668090820312",
        // just below 2 and just below a binade edge from above
        "1.9999999999999998889776975374843459576368331909179687",
        "1.99999999999999988897769753748434595763683319091796875",
        // DBL_MAX and what rounds past it
        "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
        "17976931348623158079372897140530341507993413271003782693617e249",
        "1e309", "-1e309",
        // the smallest normal, the largest subnormal, the smallest subnormal
        "2.2250738585072014e-308", "2.2250738585072011e-308", "2.2250738585072012e-308",
        "4.9406564584124654e-324", "5e-324", "2.4703282292062328e-324", "2.4703282292062327e-324",
        "1e-324", "1e-400", "-1e-400", "3e-324",
        // Boost's approximations these are off by one ULP
        "1.3927926388013963E-143", "5.409760742964738E124", "6.689921856898562E-217",
        "-2.128409656321987E-239", "8.98846567431158e307", "2.2250738585072011e-308",
        "123456789012345678901234567890", "18446744073709551616", "18446744073709551615.5",
        "7.2057594037927933e16", "4.35e-321",
    };
    for (char const* c : cases)
        check_text(c);
    for (int off = -3; off <= 3; ++off) {
        check_text("1.00000000000000011102230246251565404236316680908203125", off);
        check_text("2.2250738585072011e-308", off);
    }
}

TEST_CASE("exact_double handles the longest accepted mantissa at both ends of the range")
{
    std::string const nines(uvcalls::detail::max_number_text - 6, '9');
    check_text(nines + "e250");
    check_text("0." + nines.substr(0, nines.size() - 2) + "e-300");
    std::string const ones(uvcalls::detail::max_number_text - 6, '1');
    check_text(ones.substr(0, 1) + "." + ones.substr(1) + "e-324");
    check_text(ones.substr(0, 1) + "." + ones.substr(1) + "e308");
}

TEST_CASE("small_bigint flags a shift or a product that would not fit its limbs, at the exact bound")
{
    // The safety net behind exact_double's BOOST_ASSERT: a result needing
    // more than `limbs` limbs sets overflowed() instead of writing past the
    // array; one that needs exactly `limbs` fits.
    using uvcalls::detail::small_bigint;
    constexpr unsigned limb_bits = 32;
    constexpr unsigned last = static_cast<unsigned>(small_bigint::limbs) - 1;

    small_bigint a(1), b(1);
    a.shift_left(limb_bits * (last - 1)); // 1 in the last limb but one (shift_left keeps a spare limb)
    b.shift_left(limb_bits * (last - 1));
    CHECK_FALSE(a.overflowed());
    CHECK(a.compare(b) == 0);
    a.mul_add(0x80000000u, 0); // top bit of that limb
    a.mul_add(0x80000000u, 0); // 2^(32*last + 30): the last limb
    CHECK_FALSE(a.overflowed());
    CHECK(a.compare(b) == 1);
    a.mul_add(4, 0); // carries out of the last limb
    CHECK(a.overflowed());

    small_bigint c(1);
    c.shift_left(limb_bits * last); // the spare limb would be past the array
    CHECK(c.overflowed());
}

TEST_CASE("exact_double breaks a tie to the even neighbour above, from every side")
{
    // Exactly halfway between an odd double and the even one above it: the
    // answer is the upper one, also when the approximation already is it
    // (the tie below must then not move it down).
    for (int off = -3; off <= 3; ++off) {
        check_text("9007199254740995", off); // 2^53 + 3: 2^53 + 4
        check_text("1.00000000000000033306690738754696212708950042724609375", off); // 1 + 1.5 ulp: 1 + 2 ulp
    }
    double got = 0;
    REQUIRE(uvcalls::detail::exact_double("9007199254740995", 9007199254740996.0, got));
    CHECK(got == 9007199254740996.0);
}

TEST_CASE("exact_double keeps every digit of a text of max_number_text digits")
{
    // 64 characters may all be significant digits; each counts (mutation
    // testing: keeping only 63 of them survived, as the longest mantissa
    // tested had 58 digits; the 64th was dropped without a change of
    // exponent, reading the value ten times too small).
    std::size_t const n = uvcalls::detail::max_number_text;
    std::string const nines(n, '9');
    check_text(nines);
    check_text("-" + nines.substr(1));
    check_text("1" + std::string(n - 2, '0') + "1");
    check_text("1" + std::string(n - 1, '0')); // 10^63: the trailing zeros move to the exponent
    check_text("0." + nines.substr(2));
    check_text(nines.substr(0, 32) + "." + nines.substr(33));
    std::string const digits = "1234567890123456789012345678901234567890123456789012345678901234";
    REQUIRE(digits.size() == n);
    check_text(digits);
    double got = 0;
    REQUIRE(uvcalls::detail::exact_double(digits, 1.2e63, got));
    CHECK(got > 1.2e63);
    CHECK(got < 1.3e63);
}

TEST_CASE("exact_double rounds up to the smallest normal across the full-width gap below it, from either side")
{
    // Below 2^-1022 the subnormals keep the same spacing, 2^-1074: the
    // midpoint under the smallest normal is 2^-1022 - 2^-1075, not the
    // quarter step of a binade's bottom. A text between the two rounds up
    // to 2^-1022; the wrong midpoint sends it down, then the next step up
    // again, and an even number of steps from 2^-1022 hid it (mutation
    // testing: `biased > 1` -> `biased > 0` for the narrow gap survived).
    for (int off = -3; off <= 3; ++off) {
        check_text("2.2250738585072012e-308", off);
        check_text("2.22507385850720125e-308", off);
    }
    double got = 0;
    double const largest_subnormal = std::nextafter(DBL_MIN, 0.0);
    REQUIRE(uvcalls::detail::exact_double("2.2250738585072012e-308", largest_subnormal, got));
    CHECK(got == DBL_MIN);
}
