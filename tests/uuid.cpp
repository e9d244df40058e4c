#include <uvcalls/uuid.hpp>

#include <doctest/doctest.h>

#include <string>

TEST_CASE("uuid parses the canonical form in either case, keeping the text")
{
    auto const u = uvcalls::parse_uuid("0A1b2C3d-4e5f-4a6b-8c7d-9e0f1a2b3c4D");
    REQUIRE(u.has_value());
    unsigned char const want[16] = {0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x4a, 0x6b,
                                    0x8c, 0x7d, 0x9e, 0x0f, 0x1a, 0x2b, 0x3c, 0x4d};
    for (int i = 0; i < 16; ++i)
        CHECK(u->bytes[i] == want[i]);
    CHECK(u->text == "0A1b2C3d-4e5f-4a6b-8c7d-9e0f1a2b3c4D");
    CHECK(*u == *uvcalls::parse_uuid("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"));
    CHECK(*u != *uvcalls::parse_uuid("1a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"));
}

TEST_CASE("uuid refuses everything but the canonical form")
{
    char const* const bad[] = {
        "",
        "0a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d",
        "{0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}",
        "urn:uuid:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4",
        "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d0",
        "0a1b2c3d_4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "0a1b2c3-d4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4g",
        " a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4\xc3",
    };
    for (char const* s : bad) {
        CAPTURE(std::string(s));
        auto const r = uvcalls::parse_uuid(s);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error() == uvcalls::error::invalid_uuid);
    }
}

TEST_CASE("uuid reads each of the 22 hex digits at each of the 32 positions, and refuses every other byte there")
{
    std::string const base = "00000000-0000-0000-0000-000000000000";
    for (std::size_t pos = 0; pos < base.size(); ++pos) {
        if (base[pos] == '-')
            continue;
        std::size_t const digit = pos - (pos > 8) - (pos > 13) - (pos > 18) - (pos > 23);
        for (int b = 0; b < 256; ++b) {
            std::string s = base;
            s[pos] = static_cast<char>(b);
            int const want = b >= '0' && b <= '9'   ? b - '0'
                             : b >= 'a' && b <= 'f' ? b - 'a' + 10
                             : b >= 'A' && b <= 'F' ? b - 'A' + 10
                                                    : -1;
            auto const r = uvcalls::parse_uuid(s);
            CAPTURE(pos);
            CAPTURE(b);
            if (want < 0) {
                CHECK_FALSE(r.has_value());
                continue;
            }
            REQUIRE(r.has_value());
            for (std::size_t i = 0; i < 16; ++i) {
                int const expect = i == digit / 2 ? (digit % 2 == 0 ? want << 4 : want) : 0;
                CHECK(r->bytes[i] == expect);
            }
        }
    }
}

TEST_CASE("uuid refuses a digit where a hyphen goes and a hyphen where a digit goes")
{
    std::string const base = "00000000-0000-0000-0000-000000000000";
    for (std::size_t pos = 0; pos < base.size(); ++pos) {
        std::string s = base;
        s[pos] = base[pos] == '-' ? '0' : '-';
        CAPTURE(pos);
        CHECK_FALSE(uvcalls::parse_uuid(s).has_value());
    }
}

TEST_CASE("uuids compare by their 16 bytes alone, whatever text they came from")
{
    uvcalls::uuid a;
    uvcalls::uuid b;
    a.text = "one";
    b.text = "another text";
    CHECK(a == b);
    CHECK_FALSE(a != b);
    b.bytes[15] = 1;
    CHECK(a != b);
    CHECK_FALSE(a == b);
    b.bytes[15] = 0;
    b.bytes[0] = 0x80;
    CHECK(a != b);
}

TEST_CASE("uuids differ when either one's byte is the greater, at the first and the last byte")
{
    // Both orders: an inequality tested only with the left one smaller
    // would pass for a "less than" written in place of "not equal".
    for (int i : {0, 15}) {
        CAPTURE(i);
        uvcalls::uuid a;
        uvcalls::uuid b;
        a.bytes[i] = 0x01;
        CHECK(a != b);
        CHECK(b != a);
        CHECK_FALSE(a == b);
        CHECK_FALSE(b == a);
    }
    auto const high = uvcalls::parse_uuid("ffffffff-ffff-ffff-ffff-ffffffffffff");
    auto const low = uvcalls::parse_uuid("ffffffff-ffff-ffff-ffff-fffffffffffe");
    REQUIRE(high.has_value());
    REQUIRE(low.has_value());
    CHECK(*high != *low);
    CHECK_FALSE(*high == *low);
}
