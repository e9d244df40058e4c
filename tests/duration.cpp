#include <uvcalls/duration.hpp>

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "support/exact_block.hpp"

namespace {
// The text is refused as invalid_duration (and named if it is not).
void check_refused(std::string_view s)
{
    CAPTURE(std::string(s));
    auto const r = uvcalls::parse_duration(s);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == uvcalls::error::invalid_duration);
}
} // namespace

TEST_CASE("duration parses the spec's pattern to seconds and nanoseconds")
{
    struct row {
        char const* text;
        long long seconds;
        int nanos;
    };
    row const rows[] = {
        {"0s", 0, 0},
        {"3600s", 3600, 0},
        {"0.384s", 0, 384000000},
        {"12.5s", 12, 500000000},
        {"1.000000001s", 1, 1},
        {"-1.5s", -1, -500000000},
        {"-0.1s", 0, -100000000},
        {"999999999999s", 999999999999, 0},
        {"999999999999.999999999s", 999999999999, 999999999},
        {"-999999999999s", -999999999999, 0},
        {"-999999999999.999999999s", -999999999999, -999999999},
    };
    for (auto const& r : rows) {
        CAPTURE(std::string(r.text));
        auto const d = uvcalls::parse_duration(r.text);
        REQUIRE(d.has_value());
        CHECK(d->seconds == r.seconds);
        CHECK(d->nanoseconds == r.nanos);
        CHECK(d->parsed);
        CHECK(d->text == r.text);
    }
    CHECK(uvcalls::parse_duration("12.5s")->total_milliseconds() == 12500);
    CHECK(uvcalls::parse_duration("-1.5009s")->total_milliseconds() == -1500);
    CHECK(uvcalls::parse_duration("-0.0005s")->total_milliseconds() == 0);
}

TEST_CASE("duration refuses what the pattern does not match")
{
    char const* const bad[] = {
        "", "s", "5", "5 s", "05s", "00s", "1000000000000s", "1.s", ".5s", "1.0000000001s", "+1s", "--1s",
        "1.5ms", "1e3s", "1,5s", "-s", "1ss", " 1s",
    };
    for (char const* s : bad)
        check_refused(s);
}

TEST_CASE("duration refuses the bytes either side of the digits, in the seconds and in the fraction")
{
    // '/' and ':' border '0' and '9' in ASCII.
    char const* const bad[] = {"/s", ":s", "1/s", "1:s", "-:s", "1./s", "1.:s", "1.5:s"};
    for (char const* s : bad)
        check_refused(s);
}

TEST_CASE("a default duration is zero and unparsed, what a lenient field holds for text that is no duration")
{
    uvcalls::duration const d{};
    CHECK(d.seconds == 0);
    CHECK(d.nanoseconds == 0);
    CHECK_FALSE(d.parsed);
    CHECK(d.text.empty());
    CHECK(d.total_milliseconds() == 0);
}

TEST_CASE("duration reads no byte past the end of its text")
{
    // Each text alone in a heap block of its exact size: a read past it is
    // a heap-buffer-overflow under AddressSanitizer.
    char const* const texts[] = {"1", "12", "1.", "1.5", "-1.25", "0.123456789"};
    for (char const* t : texts)
        check_refused(test::exact_block(t).view());
}

TEST_CASE("an empty duration is refused without reading a byte")
{
    // Its first byte is read for a sign only when there is one: an empty
    // view may point at no memory at all.
    check_refused(test::exact_block("").view());
    check_refused(std::string_view());
}
