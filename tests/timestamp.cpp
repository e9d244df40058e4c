#include <uvcalls/timestamp.hpp>

#include <doctest/doctest.h>

#include "support/exact_block.hpp"

#include <cstdint>
#include <cstdio>
#include <string>

namespace {
struct good_row {
    char const* text;
    long long seconds;
    unsigned nanos;
    int offset;
};

// The text is refused as invalid_timestamp (and named if it is not).
void check_refused(std::string_view s)
{
    CAPTURE(std::string(s));
    auto const r = uvcalls::parse_timestamp(s);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == uvcalls::error::invalid_timestamp);
}
} // namespace

TEST_CASE("timestamp parses RFC 3339 date-times to UTC with nanoseconds")
{
    good_row const rows[] = {
        {"1970-01-01T00:00:00Z", 0, 0, 0},
        {"2025-01-02T03:04:05.678901Z", 1735787045, 678901000, 0},
        {"2025-01-02T03:04:05.1Z", 1735787045, 100000000, 0},
        {"2025-01-02T03:04:05.123456789Z", 1735787045, 123456789, 0},
        {"2025-01-02t03:04:05z", 1735787045, 0, 0},
        {"2025-01-02 03:04:05Z", 1735787045, 0, 0},
        {"2025-01-02T04:04:05+01:00", 1735787045, 0, 60},
        {"2025-01-01T21:34:05-05:30", 1735787045, 0, -330},
        {"2024-02-29T23:59:59Z", 1709251199, 0, 0},
        {"2000-02-29T00:00:00Z", 951782400, 0, 0},
        {"1969-12-31T23:59:59Z", -1, 0, 0},
        {"2016-12-31T23:59:60Z", 1483228800, 0, 0},
        {"9999-12-31T23:59:59Z", 253402300799, 0, 0},
        // Year 0 (a leap year, proleptic Gregorian): before the first era.
        {"0000-01-01T00:00:00Z", -62167219200, 0, 0},
        {"0000-02-29T00:00:00Z", -62162121600, 0, 0},
        {"0000-03-01T00:00:00Z", -62162035200, 0, 0},
        {"0001-01-01T00:00:00Z", -62135596800, 0, 0},
        // The widest offsets RFC 3339 allows.
        {"2025-01-03T03:03:05+23:59", 1735787045, 0, 1439},
        {"2025-01-01T03:05:05-23:59", 1735787045, 0, -1439},
        {"2025-01-02T03:04:05-00:00", 1735787045, 0, 0},
    };
    for (auto const& r : rows) {
        CAPTURE(std::string(r.text));
        auto const t = uvcalls::parse_timestamp(r.text);
        REQUIRE(t.has_value());
        CHECK(t->unix_seconds == r.seconds);
        CHECK(t->nanoseconds == r.nanos);
        CHECK(t->utc_offset_minutes == r.offset);
        CHECK(t->text == r.text);
    }
    CHECK(uvcalls::parse_timestamp("2025-01-02T03:04:05.678901Z")->unix_microseconds() == 1735787045678901);
}

TEST_CASE("timestamp refuses what RFC 3339 does not allow")
{
    char const* const bad[] = {
        "", "2025-01-02", "2025-01-02T03:04:05", "2025-01-02T03:04Z", "2025-1-02T03:04:05Z",
        "2025-13-02T03:04:05Z", "2025-00-02T03:04:05Z", "2025-02-29T03:04:05Z", "2025-04-31T00:00:00Z",
        "2025-01-00T00:00:00Z", "2025-01-02T24:00:00Z", "2025-01-02T03:60:05Z", "2025-01-02T03:04:61Z",
        "2025-01-02T03:04:05.Z", "2025-01-02T03:04:05.1234567891Z", "2025-01-02T03:04:05+1:00",
        "2025-01-02T03:04:05+01:60", "2025-01-02T03:04:05+24:00", "2025-01-02T03:04:05+0100",
        "2025-01-02T03:04:05Zjunk", "2025-01-02X03:04:05Z", "+2025-01-02T03:04:05Z", "2025-01-02T03:04:05,5Z",
        "２025-01-02T03:04:05Z",
        // An offset's sign is '+' or '-', nothing else in its place.
        "2025-01-02T03:04:05*01:00", "2025-01-02T03:04:05 01:00", "2025-01-02T03:04:05.5~01:00",
    };
    for (char const* s : bad) {
        check_refused(s);
    }
}

TEST_CASE("a leap second is refused anywhere but the last second of a UTC day")
{
    // RFC 3339 5.7: 23:59:60 UTC, or the same instant with an offset.
    CHECK(uvcalls::parse_timestamp("2016-12-31T23:59:60Z").has_value());
    auto const local = uvcalls::parse_timestamp("1990-12-31T15:59:60-08:00");
    REQUIRE(local.has_value());
    CHECK(local->unix_seconds == 662688000);
    CHECK(uvcalls::parse_timestamp("2017-01-01T05:29:60+05:30").has_value());
    char const* const bad[] = {
        "2025-01-02T03:04:60Z", "2016-12-31T23:58:60Z", "2016-12-31T22:59:60Z",
        "2016-12-31T23:59:60+01:00", "1990-12-31T23:59:60-08:00",
    };
    for (char const* s : bad) {
        check_refused(s);
    }
}

TEST_CASE("calendar dates are checked day by day, leap years included")
{
    CHECK(uvcalls::parse_calendar_date("2024-02-29").has_value());
    CHECK_FALSE(uvcalls::parse_calendar_date("2023-02-29").has_value());
    CHECK_FALSE(uvcalls::parse_calendar_date("1900-02-29").has_value());
    CHECK(uvcalls::parse_calendar_date("2000-02-29").has_value());
    CHECK_FALSE(uvcalls::parse_calendar_date("2024-06-31").has_value());
    CHECK_FALSE(uvcalls::parse_calendar_date("2024-6-30").has_value());
    CHECK_FALSE(uvcalls::parse_calendar_date("2024-13-01").has_value());
    CHECK_FALSE(uvcalls::parse_calendar_date("2024-00-01").has_value());
    CHECK(uvcalls::parse_calendar_date("2024-12-01").has_value());
    auto const d = uvcalls::parse_calendar_date("2024-12-31");
    REQUIRE(d.has_value());
    CHECK(d->year == 2024);
    CHECK(d->month == 12);
    CHECK(d->day == 31);
}

TEST_CASE("a calendar date is exactly ten bytes: a date-time, a trailing byte or a short date is refused")
{
    // parse_timestamp hands it the first ten bytes only, so nothing but a
    // direct call sees what follows the day.
    for (char const* s : {"2024-12-31T00:00:00Z", "2024-12-31 ", "2024-12-310", "2024-12-31Z", "2024-12-3"}) {
        CAPTURE(s);
        auto const d = uvcalls::parse_calendar_date(s);
        REQUIRE_FALSE(d.has_value());
        CHECK(d.error() == uvcalls::error::invalid_timestamp);
    }
}

TEST_CASE("every month's last day is accepted and the day after it refused, in leap and common years")
{
    struct year_row {
        int year;
        int days[12];
    };
    year_row const years[] = {
        {2023, {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}},
        {2024, {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}},
        {1900, {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}},
        {2000, {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}},
    };
    for (auto const& y : years) {
        for (int m = 1; m <= 12; ++m) {
            for (int d = 27; d <= 32; ++d) {
                char date[11];
                std::snprintf(date, sizeof date, "%04d-%02d-%02d", y.year, m, d);
                CAPTURE(std::string(date));
                bool const valid = d <= y.days[m - 1];
                auto const c = uvcalls::parse_calendar_date(date);
                CHECK(c.has_value() == valid);
                if (c) {
                    CHECK(c->year == y.year);
                    CHECK(c->month == m);
                    CHECK(c->day == d);
                } else {
                    CHECK(c.error() == uvcalls::error::invalid_timestamp);
                }
                CHECK(uvcalls::parse_timestamp(std::string(date) + "T00:00:00Z").has_value() == valid);
            }
        }
    }
}

TEST_CASE("the first of every month from year 0 to 9999 is the days before it after 0000-01-01")
{
    // The days are counted here by the Gregorian rule written out, apart
    // from the library's formula (centuries that are not leap years, 1900
    // and 2100, are where a slip in it shows).
    std::int64_t const year0 = -62167219200; // 0000-01-01T00:00:00Z
    int const month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    std::int64_t days = 0;
    int wrong = 0;
    for (int y = 0; y <= 9999; ++y) {
        bool const leap = y % 400 == 0 || (y % 4 == 0 && y % 100 != 0);
        for (int m = 1; m <= 12; ++m) {
            char text[32];
            std::snprintf(text, sizeof text, "%04d-%02d-01T00:00:00Z", y, m);
            auto const t = uvcalls::parse_timestamp(text);
            if (!t || t->unix_seconds != year0 + days * 86400) {
                if (++wrong <= 5) { // the first few, not 120 000 failures
                    CAPTURE(std::string(text));
                    REQUIRE(t.has_value());
                    CHECK(t->unix_seconds == year0 + days * 86400);
                }
            }
            days += month_days[m - 1] + (m == 2 && leap ? 1 : 0);
        }
    }
    CHECK(wrong == 0);
    CHECK(year0 + days * 86400 == 253402300800); // 10000-01-01T00:00:00Z
}

TEST_CASE("timestamp refuses a byte that is not a digit in any of its numbers")
{
    std::string const good = "2025-01-02T03:04:05.5+01:00";
    REQUIRE(uvcalls::parse_timestamp(good).has_value());
    // Every digit position, replaced by the bytes either side of '0'..'9'.
    for (std::size_t pos = 0; pos < good.size(); ++pos) {
        if (good[pos] < '0' || good[pos] > '9')
            continue;
        for (char c : {'/', ':', 'a'}) {
            std::string s = good;
            s[pos] = c;
            check_refused(s);
        }
    }
    for (char const* s : {"2025-01-02T03:04:05.1", "2025-01-02T03:04:05.123456789", "2025-01-02T03:04:05+01:0",
                          "2025-01-02T03:04:05+01:000", "2025-01-02T03:04:05.1+", "2025-01-02T03:04:05-"}) {
        check_refused(s);
    }
}

TEST_CASE("timestamps compare equal by instant, whatever the offset and text")
{
    auto const utc = uvcalls::parse_timestamp("2025-01-02T03:04:05.5Z");
    auto const local = uvcalls::parse_timestamp("2025-01-02T04:04:05.500+01:00");
    auto const later_ns = uvcalls::parse_timestamp("2025-01-02T03:04:05.500000001Z");
    auto const later_s = uvcalls::parse_timestamp("2025-01-02T03:04:06.5Z");
    REQUIRE(utc.has_value());
    REQUIRE(local.has_value());
    REQUIRE(later_ns.has_value());
    REQUIRE(later_s.has_value());
    CHECK(*utc == *local);
    CHECK_FALSE(*utc != *local);
    CHECK(*utc != *later_ns);
    CHECK_FALSE(*utc == *later_ns);
    CHECK(*utc != *later_s);
    CHECK_FALSE(*utc == *later_s);
    CHECK(utc->unix_microseconds() == 1735787045500000);
    auto const before_epoch = uvcalls::parse_timestamp("1969-12-31T23:59:59.25Z");
    REQUIRE(before_epoch.has_value());
    CHECK(before_epoch->unix_microseconds() == -750000);
}

TEST_CASE("timestamp reads no byte past the end of its text")
{
    // Each text alone in a heap block of its exact size: a read past it is
    // a heap-buffer-overflow under AddressSanitizer.
    char const* const texts[] = {"2025-01-02T03:04:05.1", "2025-01-02T03:04:05.123456789", "2025-01-02T03:04:05+01:0",
                                 "2025-01-02T03:04:05.", "2025-01-02T03:04:05+",
                                 // Shorter than any date-time: the separators
                                 // past the date are not there to read.
                                 "2025-01-02T03:04:05", "2025-01-02T03:04", "2025-01-02", "2025"};
    for (char const* t : texts)
        check_refused(test::exact_block(t).view());
}

TEST_CASE("a default timestamp is the epoch in UTC and a default calendar date 1970-01-01")
{
    uvcalls::timestamp const t{};
    CHECK(t.unix_seconds == 0);
    CHECK(t.nanoseconds == 0);
    CHECK(t.utc_offset_minutes == 0);
    CHECK(t.text.empty());
    CHECK(t == *uvcalls::parse_timestamp("1970-01-01T00:00:00Z"));
    uvcalls::calendar_date const d{};
    CHECK(d.year == 1970);
    CHECK(d.month == 1);
    CHECK(d.day == 1);
}

TEST_CASE("each separator of a date-time must be the one RFC 3339 puts there")
{
    std::string const good = "2025-01-02T03:04:05+01:00";
    REQUIRE(uvcalls::parse_timestamp(good).has_value());
    for (std::size_t pos : {4u, 7u, 13u, 16u, 22u}) {
        for (char c : {'/', '.', '0', 'x'}) {
            std::string s = good;
            s[pos] = c;
            check_refused(s);
            if (pos < 10) {
                auto const d = uvcalls::parse_calendar_date(s.substr(0, 10));
                REQUIRE_FALSE(d.has_value());
                CHECK(d.error() == uvcalls::error::invalid_timestamp);
            }
        }
    }
}

TEST_CASE("timestamps differ when either one is the later, by seconds or by nanoseconds")
{
    // Both operand orders: the cases above put the earlier instant on the
    // left only, which a ">=" written for "==" would pass.
    auto const earlier = uvcalls::parse_timestamp("2025-01-02T03:04:05.5Z");
    auto const later_ns = uvcalls::parse_timestamp("2025-01-02T03:04:05.500000001Z");
    auto const later_s = uvcalls::parse_timestamp("2025-01-02T03:04:06.5Z");
    REQUIRE(earlier.has_value());
    REQUIRE(later_ns.has_value());
    REQUIRE(later_s.has_value());
    for (auto const* later : {&*later_ns, &*later_s}) {
        CAPTURE(std::string(later->text));
        CHECK_FALSE(*later == *earlier);
        CHECK(*later != *earlier);
        CHECK_FALSE(*earlier == *later);
        CHECK(*earlier != *later);
    }
}
