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
        // After tls_failed, so that no value before it moved, in the limit group.
        {error::element_limit, condition::limit},
    };
    for (auto const& r : rows) {
        CAPTURE(static_cast<int>(r.e));
        uvcalls::error_code const ec = r.e;
        CHECK(ec == r.c);
        CHECK(ec.default_error_condition() == uvcalls::make_error_condition(r.c));
    }
    CHECK(uvcalls::error_end == static_cast<int>(error::element_limit) + 1);
    CHECK(static_cast<int>(error::element_limit) == static_cast<int>(error::tls_failed) + 1);
    CHECK(static_cast<int>(error::json_syntax) == 1);
}

TEST_CASE("each error and each condition has its own documented message")
{
    struct row {
        uvcalls::error e;
        char const* message;
    };
    row const rows[] = {
        {uvcalls::error::json_syntax, "invalid JSON syntax"},
        {uvcalls::error::json_incomplete, "incomplete JSON document"},
        {uvcalls::error::json_trailing_data, "data after the JSON document"},
        {uvcalls::error::json_invalid_escape, "invalid escape sequence in string"},
        {uvcalls::error::json_invalid_surrogate, "invalid UTF-16 surrogate in string"},
        {uvcalls::error::json_number_overflow, "number out of range"},
        {uvcalls::error::number_too_long, "number longer than 64 characters"},
        {uvcalls::error::type_mismatch, "JSON type does not match the schema"},
        {uvcalls::error::invalid_uuid, "invalid UUID"},
        {uvcalls::error::invalid_timestamp, "invalid RFC 3339 date-time"},
        {uvcalls::error::invalid_duration, "invalid duration"},
        {uvcalls::error::integer_out_of_range, "integer out of range"},
        {uvcalls::error::expected_integer, "expected an integer"},
        {uvcalls::error::duplicate_key, "duplicate key"},
        {uvcalls::error::missing_required_field, "missing required field"},
        {uvcalls::error::stopped_by_handler, "stopped by the call handler"},
        {uvcalls::error::decoder_not_ready, "decoder used after failure or end; reset it"},
        {uvcalls::error::arena_full, "arena full"},
        {uvcalls::error::depth_limit, "nesting deeper than max_depth"},
        {uvcalls::error::string_limit, "string longer than max_string_length (or, with a 32-bit size_t, 4 GiB or more)"},
        {uvcalls::error::buffer_too_small, "buffer too small"},
        {uvcalls::error::page_limit, "page limit reached"},
        {uvcalls::error::query_invalid_uuid, "parameter is not a UUID"},
        {uvcalls::error::query_invalid_date_time, "parameter is not a date or RFC 3339 date-time the server reads as given"},
        {uvcalls::error::query_invalid_time_of_day, "parameter is not a time of day HH:MM:SS"},
        {uvcalls::error::query_invalid_duration, "parameter is not a duration"},
        {uvcalls::error::query_invalid_page_size, "pageSize must be positive"},
        {uvcalls::error::query_empty_search, "search must not be empty"},
        {uvcalls::error::query_invalid_metadata_key, "invalid metadata key"},
        {uvcalls::error::query_invalid_cursor, "invalid cursor"},
        {uvcalls::error::query_invalid_sort, "invalid sort field"},
        {uvcalls::error::query_too_many_values, "too many values for the query storage"},
        {uvcalls::error::query_invalid_utf8, "parameter is not valid UTF-8"},
        {uvcalls::error::query_nul_character, "parameter holds a NUL character"},
        {uvcalls::error::query_duplicate_metadata_key, "metadata key given twice"},
        {uvcalls::error::invalid_base_url, "base URL is not an absolute http or https URL"},
        {uvcalls::error::invalid_header_name, "invalid header name"},
        {uvcalls::error::invalid_header_value, "invalid header value"},
        {uvcalls::error::header_not_allowed, "header is written by uvcalls or changes message framing"},
        {uvcalls::error::invalid_request_target, "request target is not an origin-form path and query"},
        {uvcalls::error::invalid_link, "pagination link is not a valid URL"},
        {uvcalls::error::link_scheme_mismatch, "pagination link scheme differs from the base URL"},
        {uvcalls::error::link_host_mismatch, "pagination link host differs from the base URL"},
        {uvcalls::error::link_port_mismatch, "pagination link port differs from the base URL"},
        {uvcalls::error::repeated_cursor, "pagination cursor repeats"},
        {uvcalls::error::http_bad_response, "bad HTTP response"},
        {uvcalls::error::http_bad_status, "HTTP status is not success"},
        {uvcalls::error::transport_failed, "transport failure"},
        {uvcalls::error::transport_timeout, "transport timeout"},
        {uvcalls::error::tls_failed, "TLS failure"},
        {uvcalls::error::element_limit, "array or object with more than 2147483646 elements"},
    };
    CHECK(sizeof rows / sizeof rows[0] == static_cast<std::size_t>(uvcalls::error_end - 1));
    for (auto const& r : rows) {
        CAPTURE(static_cast<int>(r.e));
        CHECK(uvcalls::make_error_code(r.e).message() == r.message);
        char buf[8];
        CHECK(std::strcmp(uvcalls::error_category().message(static_cast<int>(r.e), buf, sizeof buf), r.message) == 0);
    }
    struct crow {
        uvcalls::condition c;
        char const* message;
    };
    crow const crows[] = {
        {uvcalls::condition::decode, "decode error"},
        {uvcalls::condition::limit, "limit reached"},
        {uvcalls::condition::query, "query error"},
        {uvcalls::condition::http, "HTTP error"},
        {uvcalls::condition::transport, "transport error"},
        {uvcalls::condition::tls, "TLS error"},
    };
    for (auto const& r : crows) {
        CAPTURE(static_cast<int>(r.c));
        CHECK(uvcalls::make_error_condition(r.c).message() == r.message);
    }
}

TEST_CASE("a value no enumerator has reads as unknown in both categories, whose names tell them apart")
{
    CHECK(uvcalls::error_code(1000, uvcalls::error_category()).message() == "unknown uvcalls error");
    CHECK(uvcalls::error_code(0, uvcalls::error_category()).message() == "unknown uvcalls error");
    CHECK(uvcalls::make_error_condition(static_cast<uvcalls::condition>(0)).message() == "unknown uvcalls condition");
    CHECK(uvcalls::make_error_condition(static_cast<uvcalls::condition>(7)).message() == "unknown uvcalls condition");
    CHECK(std::strcmp(uvcalls::error_category().name(), "uvcalls") == 0);
    CHECK(std::strcmp(uvcalls::make_error_condition(uvcalls::condition::query).category().name(), "uvcalls.condition") == 0);
    CHECK(uvcalls::error_category() != uvcalls::make_error_condition(uvcalls::condition::query).category());
    // Zero and unknown values stay in uvcalls' error category, as Boost's
    // default_error_condition keeps them: no group claims them.
    for (int v : {0, -1, uvcalls::error_end, 1000}) {
        CAPTURE(v);
        auto const cond = uvcalls::error_code(v, uvcalls::error_category()).default_error_condition();
        CHECK(cond == boost::system::error_condition(v, uvcalls::error_category()));
        CHECK(cond.message() == "unknown uvcalls error");
    }
}

TEST_CASE("the conditions have the values 1 to 6, so that each is true as an error_condition")
{
    using uvcalls::condition;
    condition const all[] = {condition::decode, condition::limit,     condition::query,
                             condition::http,   condition::transport, condition::tls};
    for (int i = 0; i < 6; ++i) {
        CAPTURE(i);
        CHECK(static_cast<int>(all[i]) == i + 1);
        CHECK(uvcalls::make_error_condition(all[i]));
    }
}
