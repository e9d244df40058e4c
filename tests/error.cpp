#include <uvcalls/error.hpp>

#include <doctest/doctest.h>

#include <cstring>
#include <set>
#include <string>

TEST_CASE("every error has its own message and a condition")
{
    std::set<std::string> messages;
    for (int i = 1; i < uvcalls::error_end; ++i) {
        auto const e = static_cast<uvcalls::error>(i);
        uvcalls::error_code ec = e;
        CAPTURE(i);
        CHECK(ec.category().name() == std::string("uvcalls"));
        CHECK(ec.message() != "unknown uvcalls error");
        CHECK(messages.insert(ec.message()).second);
        auto const cond = ec.default_error_condition();
        CHECK(cond.category().name() == std::string("uvcalls.condition"));
        CHECK(cond.value() >= static_cast<int>(uvcalls::condition::decode));
        CHECK(cond.value() <= static_cast<int>(uvcalls::condition::tls));
        CHECK(cond.message() != "unknown uvcalls condition");
    }
}

TEST_CASE("errors compare equal to their condition")
{
    uvcalls::error_code ec = uvcalls::error::arena_full;
    CHECK(ec == uvcalls::condition::limit);
    CHECK(ec != uvcalls::condition::decode);
    CHECK(uvcalls::error_code(uvcalls::error::invalid_uuid) == uvcalls::condition::decode);
    CHECK(uvcalls::error_code(uvcalls::error::query_empty_search) == uvcalls::condition::query);
    CHECK(uvcalls::error_code(uvcalls::error::link_host_mismatch) == uvcalls::condition::query);
    CHECK(uvcalls::error_code(uvcalls::error::http_bad_status) == uvcalls::condition::http);
    CHECK(uvcalls::error_code(uvcalls::error::transport_timeout) == uvcalls::condition::transport);
    CHECK(uvcalls::error_code(uvcalls::error::tls_failed) == uvcalls::condition::tls);
}

TEST_CASE("success is the default error_code, not an error")
{
    uvcalls::error_code ec;
    CHECK_FALSE(ec);
    ec = uvcalls::error::json_syntax;
    CHECK(ec);
}

TEST_CASE("zero and values no enumerator has are in no condition")
{
    for (int v : {0, -1, uvcalls::error_end, 1000}) {
        CAPTURE(v);
        uvcalls::error_code const ec(v, uvcalls::error_category());
        for (int c = static_cast<int>(uvcalls::condition::decode);
             c <= static_cast<int>(uvcalls::condition::tls); ++c) {
            CAPTURE(c);
            CHECK(ec != static_cast<uvcalls::condition>(c));
            CHECK(static_cast<uvcalls::condition>(c) != ec);
        }
    }
    uvcalls::error_code const success = uvcalls::make_error_code(uvcalls::error{});
    CHECK_FALSE(success);
    CHECK(success != uvcalls::condition::decode);
}

TEST_CASE("equivalence holds both ways for every error")
{
    for (int i = 1; i < uvcalls::error_end; ++i) {
        CAPTURE(i);
        uvcalls::error_code const ec = static_cast<uvcalls::error>(i);
        int matches = 0;
        for (int c = static_cast<int>(uvcalls::condition::decode);
             c <= static_cast<int>(uvcalls::condition::tls); ++c) {
            auto const cond = static_cast<uvcalls::condition>(c);
            CHECK((ec == cond) == (cond == ec));
            matches += ec == cond;
        }
        CHECK(matches == 1);
    }
}

TEST_CASE("each group's first and last error are in the group's condition")
{
    using uvcalls::condition;
    using uvcalls::error;
    struct row {
        error e;
        condition c;
    };
    row const rows[] = {
        {error::json_syntax, condition::decode},          {error::decoder_not_ready, condition::decode},
        {error::arena_full, condition::limit},            {error::page_limit, condition::limit},
        {error::query_invalid_uuid, condition::query},    {error::repeated_cursor, condition::query},
        {error::http_bad_response, condition::http},      {error::http_bad_status, condition::http},
        {error::transport_failed, condition::transport},  {error::transport_timeout, condition::transport},
        {error::tls_failed, condition::tls},
    };
    for (auto const& r : rows) {
        CAPTURE(static_cast<int>(r.e));
        uvcalls::error_code const ec = r.e;
        CHECK(ec == r.c);
        CHECK(ec.default_error_condition() == uvcalls::make_error_condition(r.c));
    }
    CHECK(uvcalls::error_end == static_cast<int>(error::tls_failed) + 1);
    CHECK(static_cast<int>(error::json_syntax) == 1);
}
