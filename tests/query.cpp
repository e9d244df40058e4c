#include <uvcalls/query.hpp>

#include "support/exact_block.hpp"

#include <doctest/doctest.h>

#include <boost/url/decode_view.hpp>
#include <boost/url/parse_query.hpp>

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <sstream>
#include <utility>
#include <string>
#include <vector>

namespace {

using uvcalls::error;
using uvcalls::list_calls_query;

constexpr std::string_view uuid_a = "5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d";
constexpr std::string_view uuid_b = "00000000-0000-0000-0000-00000000000B";

// Encodes into a roomy buffer; the error's code message on failure.
std::string encode(list_calls_query const& q)
{
    char buf[2048];
    auto const r = uvcalls::encode_query(q, buf, sizeof buf);
    if (!r)
        return "error: " + r.error().code.message();
    return std::string(*r);
}

// Checks that validate() refuses q with `code`, naming `parameter`; returns
// the error for the checks a test adds (its index).
uvcalls::query_error check_refused(list_calls_query const& q, error code, char const* parameter)
{
    auto const e = uvcalls::validate(q);
    CHECK(e.code == code);
    REQUIRE(e.parameter != nullptr);
    CHECK(std::string(e.parameter) == parameter);
    return e;
}

} // namespace

TEST_CASE("an empty query encodes to nothing")
{
    list_calls_query q;
    CHECK(encode(q) == "");
    CHECK(uvcalls::encoded_query_size(q).value() == 0);
    CHECK_FALSE(uvcalls::validate(q));
}

TEST_CASE("each parameter encodes under its spec name")
{
    std::string_view const one_agent[] = {uuid_a};
    uvcalls::metadata_filter const one_meta[] = {{"customer", "acme"}};
    struct row {
        char const* name;
        std::function<void(list_calls_query&)> set;
        char const* expected;
    };
    row const rows[] = {
        {"agentIds", [&](list_calls_query& q) { q.agent_ids = one_agent; },
         "agentIds=5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d"},
        {"cursor", [](list_calls_query& q) { q.cursor = "cD00ODY="; }, "cursor=cD00ODY%3D"},
        // A stored cursor holds what the link's did, control bytes too
        // (see tests/pagination.cpp): percent-encoded, never raw.
        {"cursor with control bytes", [](list_calls_query& q) { q.cursor = std::string_view("ab\r\n\x7f\x00" "cd", 8); },
         "cursor=ab%0D%0A%7F%00cd"},
        {"durationMax", [](list_calls_query& q) { q.duration_max = "90s"; }, "durationMax=90s"},
        {"durationMin", [](list_calls_query& q) { q.duration_min = "0.5s"; }, "durationMin=0.5s"},
        {"fromDate date-time",
         [](list_calls_query& q) { q.from_date = "2024-05-01T08:30:00Z"; },
         "fromDate=2024-05-01T08%3A30%3A00Z"},
        {"fromDate date alone", [](list_calls_query& q) { q.from_date = "2024-05-01"; },
         "fromDate=2024-05-01"},
        {"metadata", [&](list_calls_query& q) { q.metadata = one_meta; },
         "metadata.customer=acme"},
        {"pageSize", [](list_calls_query& q) { q.page_size = 100; }, "pageSize=100"},
        {"pageSize 1", [](list_calls_query& q) { q.page_size = 1; }, "pageSize=1"},
        {"pageSize large",
         [](list_calls_query& q) { q.page_size = 9223372036854775807LL; },
         "pageSize=9223372036854775807"},
        {"search", [](list_calls_query& q) { q.search = "refund"; }, "search=refund"},
        {"sort", [](list_calls_query& q) { q.sort = "-created"; }, "sort=-created"},
        {"sort list", [](list_calls_query& q) { q.sort = "-created,callId"; },
         "sort=-created%2CcallId"},
        {"sort with related fields", [](list_calls_query& q) { q.sort = "agent.name,-agent__id,x_1"; },
         "sort=agent.name%2C-agent__id%2Cx_1"},
        {"timeOfDayEnd", [](list_calls_query& q) { q.time_of_day_end = "23:59:59.999999"; },
         "timeOfDayEnd=23%3A59%3A59.999999"},
        {"timeOfDayStart", [](list_calls_query& q) { q.time_of_day_start = "00:00:00"; },
         "timeOfDayStart=00%3A00%3A00"},
        {"toDate date-time",
         [](list_calls_query& q) { q.to_date = "2024-05-31T23:59:59.5-07:00"; },
         "toDate=2024-05-31T23%3A59%3A59.5-07%3A00"},
        {"toDate date alone", [](list_calls_query& q) { q.to_date = "2024-02-29"; },
         "toDate=2024-02-29"},
        {"voiceId", [](list_calls_query& q) { q.voice_id = uuid_b; },
         "voiceId=00000000-0000-0000-0000-00000000000B"},
    };
    for (auto const& r : rows) {
        SUBCASE(r.name)
        {
            list_calls_query q;
            r.set(q);
            CHECK_FALSE(uvcalls::validate(q));
            CHECK(encode(q) == r.expected);
        }
    }
}

TEST_CASE("agentIds explode into repeated keys in the order given")
{
    std::string_view const ids[] = {uuid_b, uuid_a};
    list_calls_query q;
    q.agent_ids = ids;
    CHECK(encode(q) == "agentIds=00000000-0000-0000-0000-00000000000B"
                       "&agentIds=5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d");
}

TEST_CASE("an offset's plus sign is percent-encoded, not read as a space")
{
    list_calls_query q;
    q.from_date = "2024-05-01T00:00:00+02:00";
    CHECK(encode(q) == "fromDate=2024-05-01T00%3A00%3A00%2B02%3A00");
}

TEST_CASE("every invalid value is refused with its parameter and reason")
{
    std::string_view const bad_agents[] = {uuid_a, "not-a-uuid"};
    std::string_view const braced_agent[] = {"{5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d}"};
    uvcalls::metadata_filter const empty_key[] = {{"", "v"}};
    uvcalls::metadata_filter const eq_key[] = {{"ok", "v"}, {"a=b", "v"}};
    uvcalls::metadata_filter const amp_key[] = {{"a&b", "v"}};
    uvcalls::metadata_filter const hash_key[] = {{"a#b", "v"}};
    uvcalls::metadata_filter const ctl_key[] = {{"a\nb", "v"}};
    uvcalls::metadata_filter const dup_key[] = {{"k", "1"}, {"x", "2"}, {"k", "3"}};
    uvcalls::metadata_filter const dup_later_key[] = {{"a", "1"}, {"k", "2"}, {"k", "3"}};
    uvcalls::metadata_filter const nul_value[] = {{"k", std::string_view("a\0b", 3)}};
    uvcalls::metadata_filter const bad_utf8_key[] = {{"\xC3", "v"}};
    uvcalls::metadata_filter const bad_utf8_value[] = {{"k", "\xFF"}};
    struct row {
        char const* name;
        std::function<void(list_calls_query&)> set;
        error expected;
        char const* parameter;
        std::size_t index;
    };
    row const rows[] = {
        {"agentIds not a uuid", [&](list_calls_query& q) { q.agent_ids = bad_agents; },
         error::query_invalid_uuid, "agentIds", 1},
        {"agentIds braced", [&](list_calls_query& q) { q.agent_ids = braced_agent; },
         error::query_invalid_uuid, "agentIds", 0},
        {"cursor empty", [](list_calls_query& q) { q.cursor = ""; }, error::query_invalid_cursor,
         "cursor", 0},
        {"cursor bad utf-8", [](list_calls_query& q) { q.cursor = "ab\xC0\xAF"; },
         error::query_invalid_utf8, "cursor", 0},
        {"durationMax no unit", [](list_calls_query& q) { q.duration_max = "90"; },
         error::query_invalid_duration, "durationMax", 0},
        {"durationMax empty", [](list_calls_query& q) { q.duration_max = ""; },
         error::query_invalid_duration, "durationMax", 0},
        {"durationMin negative", [](list_calls_query& q) { q.duration_min = "-1s"; },
         error::query_invalid_duration, "durationMin", 0},
        {"durationMin minutes", [](list_calls_query& q) { q.duration_min = "5m"; },
         error::query_invalid_duration, "durationMin", 0},
        {"fromDate not rfc 3339", [](list_calls_query& q) { q.from_date = "2024/05/01"; },
         error::query_invalid_date_time, "fromDate", 0},
        {"fromDate no offset", [](list_calls_query& q) { q.from_date = "2024-05-01T10:00:00"; },
         error::query_invalid_date_time, "fromDate", 0},
        {"fromDate day 30 of February", [](list_calls_query& q) { q.from_date = "2024-02-30"; },
         error::query_invalid_date_time, "fromDate", 0},
        {"fromDate empty", [](list_calls_query& q) { q.from_date = ""; },
         error::query_invalid_date_time, "fromDate", 0},
        {"toDate hour 24", [](list_calls_query& q) { q.to_date = "2024-05-01T24:00:00Z"; },
         error::query_invalid_date_time, "toDate", 0},
        {"toDate injection", [](list_calls_query& q) { q.to_date = "2024-05-01&pageSize=1"; },
         error::query_invalid_date_time, "toDate", 0},
        // Valid RFC 3339 that the server would refuse (400) or read as
        // another instant: see detail::is_server_date_time.
        {"fromDate seven fraction digits",
         [](list_calls_query& q) { q.from_date = "2024-05-01T00:00:00.0000001Z"; },
         error::query_invalid_date_time, "fromDate", 0},
        {"toDate nanoseconds",
         [](list_calls_query& q) { q.to_date = "2024-05-01T08:00:00.123456789+02:00"; },
         error::query_invalid_date_time, "toDate", 0},
        {"fromDate leap second", [](list_calls_query& q) { q.from_date = "2016-12-31T23:59:60Z"; },
         error::query_invalid_date_time, "fromDate", 0},
        {"toDate lower-case z", [](list_calls_query& q) { q.to_date = "2024-05-01T08:00:00z"; },
         error::query_invalid_date_time, "toDate", 0},
        {"fromDate year 0000", [](list_calls_query& q) { q.from_date = "0000-06-01"; },
         error::query_invalid_date_time, "fromDate", 0},
        {"toDate year 0000 date-time",
         [](list_calls_query& q) { q.to_date = "0000-06-01T00:00:00Z"; },
         error::query_invalid_date_time, "toDate", 0},
        // 0001-01-01T00:30:00Z in UTC, inside the range: refused by the
        // year 0000 check alone, as Python's fromisoformat refuses it.
        {"fromDate year 0000 that is year 1 in UTC",
         [](list_calls_query& q) { q.from_date = "0000-12-31T23:30:00-01:00"; },
         error::query_invalid_date_time, "fromDate", 0},
        {"fromDate before year 1 in UTC",
         [](list_calls_query& q) { q.from_date = "0001-01-01T00:30:00+01:00"; },
         error::query_invalid_date_time, "fromDate", 0},
        {"toDate after year 9999 in UTC",
         [](list_calls_query& q) { q.to_date = "9999-12-31T23:30:00-01:00"; },
         error::query_invalid_date_time, "toDate", 0},
        {"toDate first instant of year 10000 in UTC",
         [](list_calls_query& q) { q.to_date = "9999-12-31T23:00:00-01:00"; },
         error::query_invalid_date_time, "toDate", 0},
        {"metadata empty key", [&](list_calls_query& q) { q.metadata = empty_key; },
         error::query_invalid_metadata_key, "metadata", 0},
        {"metadata key with =", [&](list_calls_query& q) { q.metadata = eq_key; },
         error::query_invalid_metadata_key, "metadata", 1},
        {"metadata key with &", [&](list_calls_query& q) { q.metadata = amp_key; },
         error::query_invalid_metadata_key, "metadata", 0},
        {"metadata key with #", [&](list_calls_query& q) { q.metadata = hash_key; },
         error::query_invalid_metadata_key, "metadata", 0},
        {"metadata key with LF", [&](list_calls_query& q) { q.metadata = ctl_key; },
         error::query_invalid_metadata_key, "metadata", 0},
        {"metadata key twice", [&](list_calls_query& q) { q.metadata = dup_key; },
         error::query_duplicate_metadata_key, "metadata", 2},
        {"metadata key twice after the first", [&](list_calls_query& q) { q.metadata = dup_later_key; },
         error::query_duplicate_metadata_key, "metadata", 2},
        {"metadata value with NUL", [&](list_calls_query& q) { q.metadata = nul_value; },
         error::query_nul_character, "metadata", 0},
        {"metadata key bad utf-8", [&](list_calls_query& q) { q.metadata = bad_utf8_key; },
         error::query_invalid_utf8, "metadata", 0},
        {"metadata value bad utf-8", [&](list_calls_query& q) { q.metadata = bad_utf8_value; },
         error::query_invalid_utf8, "metadata", 0},
        {"pageSize zero", [](list_calls_query& q) { q.page_size = 0; },
         error::query_invalid_page_size, "pageSize", 0},
        {"pageSize negative", [](list_calls_query& q) { q.page_size = -5; },
         error::query_invalid_page_size, "pageSize", 0},
        {"search empty", [](list_calls_query& q) { q.search = ""; }, error::query_empty_search,
         "search", 0},
        {"search with NUL", [](list_calls_query& q) { q.search = std::string_view("a\0", 2); },
         error::query_nul_character, "search", 0},
        {"search lone continuation byte", [](list_calls_query& q) { q.search = "caf\x80"; },
         error::query_invalid_utf8, "search", 0},
        {"search overlong slash", [](list_calls_query& q) { q.search = "\xC0\xAF"; },
         error::query_invalid_utf8, "search", 0},
        {"search surrogate", [](list_calls_query& q) { q.search = "\xED\xA0\x80"; },
         error::query_invalid_utf8, "search", 0},
        {"search above U+10FFFF", [](list_calls_query& q) { q.search = "\xF4\x90\x80\x80"; },
         error::query_invalid_utf8, "search", 0},
        {"search truncated sequence", [](list_calls_query& q) { q.search = "\xF0\x9F\x98"; },
         error::query_invalid_utf8, "search", 0},
        {"search overlong three-byte form", [](list_calls_query& q) { q.search = "\xE0\x80\xAF"; },
         error::query_invalid_utf8, "search", 0},
        {"search lead byte F5", [](list_calls_query& q) { q.search = "\xF5\x80\x80\x80"; },
         error::query_invalid_utf8, "search", 0},
        {"search ASCII byte where a third byte is due",
         [](list_calls_query& q) { q.search = "\xE2\x82" "A"; },
         error::query_invalid_utf8, "search", 0},
        {"sort empty", [](list_calls_query& q) { q.sort = ""; }, error::query_invalid_sort, "sort",
         0},
        {"sort with space", [](list_calls_query& q) { q.sort = "created desc"; },
         error::query_invalid_sort, "sort", 0},
        {"sort with &", [](list_calls_query& q) { q.sort = "created&x=1"; },
         error::query_invalid_sort, "sort", 0},
        // The structure, not only the characters (found by an audit).
        {"sort comma alone", [](list_calls_query& q) { q.sort = ","; }, error::query_invalid_sort, "sort", 0},
        {"sort minus alone", [](list_calls_query& q) { q.sort = "-"; }, error::query_invalid_sort, "sort", 0},
        {"sort minus doubled", [](list_calls_query& q) { q.sort = "--created"; }, error::query_invalid_sort,
         "sort", 0},
        {"sort trailing comma", [](list_calls_query& q) { q.sort = "created,"; }, error::query_invalid_sort,
         "sort", 0},
        {"sort leading comma", [](list_calls_query& q) { q.sort = ",created"; }, error::query_invalid_sort,
         "sort", 0},
        {"sort empty item", [](list_calls_query& q) { q.sort = "a,,b"; }, error::query_invalid_sort, "sort", 0},
        {"sort minus after the name", [](list_calls_query& q) { q.sort = "created-"; },
         error::query_invalid_sort, "sort", 0},
        {"sort dots alone", [](list_calls_query& q) { q.sort = ".."; }, error::query_invalid_sort, "sort", 0},
        {"sort trailing dot", [](list_calls_query& q) { q.sort = "agent."; }, error::query_invalid_sort, "sort",
         0},
        {"sort doubled dot", [](list_calls_query& q) { q.sort = "agent..name"; }, error::query_invalid_sort,
         "sort", 0},
        {"sort minus in the second item alone", [](list_calls_query& q) { q.sort = "created,-"; },
         error::query_invalid_sort, "sort", 0},
        {"timeOfDayEnd hour 24", [](list_calls_query& q) { q.time_of_day_end = "24:00:00"; },
         error::query_invalid_time_of_day, "timeOfDayEnd", 0},
        {"timeOfDayEnd minute 60", [](list_calls_query& q) { q.time_of_day_end = "12:60:00"; },
         error::query_invalid_time_of_day, "timeOfDayEnd", 0},
        {"timeOfDayEnd second 60", [](list_calls_query& q) { q.time_of_day_end = "12:00:60"; },
         error::query_invalid_time_of_day, "timeOfDayEnd", 0},
        {"timeOfDayStart without seconds",
         [](list_calls_query& q) { q.time_of_day_start = "08:30"; },
         error::query_invalid_time_of_day, "timeOfDayStart", 0},
        {"timeOfDayStart one-digit hour",
         [](list_calls_query& q) { q.time_of_day_start = "8:30:00"; },
         error::query_invalid_time_of_day, "timeOfDayStart", 0},
        {"timeOfDayStart empty fraction",
         [](list_calls_query& q) { q.time_of_day_start = "08:30:00."; },
         error::query_invalid_time_of_day, "timeOfDayStart", 0},
        {"timeOfDayStart seven fraction digits",
         [](list_calls_query& q) { q.time_of_day_start = "08:30:00.1234567"; },
         error::query_invalid_time_of_day, "timeOfDayStart", 0},
        {"timeOfDayStart with zone",
         [](list_calls_query& q) { q.time_of_day_start = "08:30:00Z"; },
         error::query_invalid_time_of_day, "timeOfDayStart", 0},
        {"voiceId too short", [](list_calls_query& q) { q.voice_id = "5f1c1b8e-9a4d"; },
         error::query_invalid_uuid, "voiceId", 0},
        {"voiceId non-hex", [](list_calls_query& q) { q.voice_id = "5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3g"; },
         error::query_invalid_uuid, "voiceId", 0},
    };
    for (auto const& r : rows) {
        SUBCASE(r.name)
        {
            list_calls_query q;
            r.set(q);
            auto const e = uvcalls::validate(q);
            CHECK(e);
            CHECK(e.code == r.expected);
            CHECK(e.code == uvcalls::condition::query);
            REQUIRE(e.parameter != nullptr);
            CHECK(std::string(e.parameter) == r.parameter);
            CHECK(e.index == r.index);
            // The encoders refuse the same query, with the same fault.
            char buf[512];
            auto const enc = uvcalls::encode_query(q, buf, sizeof buf);
            REQUIRE_FALSE(enc);
            CHECK(enc.error().code == r.expected);
            CHECK(std::string(enc.error().parameter) == r.parameter);
            auto const size = uvcalls::encoded_query_size(q);
            REQUIRE_FALSE(size);
            CHECK(size.error().code == r.expected);
        }
    }
}

TEST_CASE("validate reports the first fault in the order the parameters are encoded, values in the order given")
{
    std::string_view const bad_agents[] = {uuid_a, "x", "y"};
    uvcalls::metadata_filter const bad_meta[] = {{"b", "\xFF"}, {"a", std::string_view("\0", 1)}};
    std::vector<std::pair<char const*, std::function<void(list_calls_query&)>>> const in_order = {
        {"agentIds", [&](list_calls_query& q) { q.agent_ids = bad_agents; }},
        {"cursor", [](list_calls_query& q) { q.cursor = ""; }},
        {"durationMax", [](list_calls_query& q) { q.duration_max = "x"; }},
        {"durationMin", [](list_calls_query& q) { q.duration_min = "x"; }},
        {"fromDate", [](list_calls_query& q) { q.from_date = "x"; }},
        {"metadata", [&](list_calls_query& q) { q.metadata = bad_meta; }},
        {"pageSize", [](list_calls_query& q) { q.page_size = 0; }},
        {"search", [](list_calls_query& q) { q.search = ""; }},
        {"sort", [](list_calls_query& q) { q.sort = ""; }},
        {"timeOfDayEnd", [](list_calls_query& q) { q.time_of_day_end = "x"; }},
        {"timeOfDayStart", [](list_calls_query& q) { q.time_of_day_start = "x"; }},
        {"toDate", [](list_calls_query& q) { q.to_date = "x"; }},
        {"voiceId", [](list_calls_query& q) { q.voice_id = "x"; }},
    };
    // Every parameter from the i-th on is bad: the i-th is reported.
    for (std::size_t i = 0; i < in_order.size(); ++i) {
        CAPTURE(i);
        list_calls_query q;
        for (std::size_t j = i; j < in_order.size(); ++j)
            in_order[j].second(q);
        auto const e = uvcalls::validate(q);
        REQUIRE(e.parameter != nullptr);
        CHECK(std::string(e.parameter) == in_order[i].first);
    }
    list_calls_query q;
    q.agent_ids = bad_agents;
    CHECK(uvcalls::validate(q).index == 1);
    // metadata goes out sorted by key ("a" first), but is checked as given.
    q = {};
    q.metadata = bad_meta;
    auto const e = uvcalls::validate(q);
    CHECK(e.code == error::query_invalid_utf8);
    CHECK(e.index == 0);
}

TEST_CASE("a metadata value's fault carries the index of its filter, not 0")
{
    // The faults of every table above sit at index 0 or come from the key;
    // a value's own checks (UTF-8, NUL) must name its filter too.
    uvcalls::metadata_filter const bad_utf8[] = {{"a", "1"}, {"b", "2"}, {"c", "caf\xC3"}};
    uvcalls::metadata_filter const nul[] = {{"a", "1"}, {"b", std::string_view("x\0", 2)}};
    list_calls_query q;
    q.metadata = bad_utf8;
    CHECK(check_refused(q, error::query_invalid_utf8, "metadata").index == 2);
    q.metadata = nul;
    CHECK(check_refused(q, error::query_nul_character, "metadata").index == 1);
}

TEST_CASE("metadata keys that differ only in case are two filters, both sent")
{
    // Keys are compared byte for byte, as they are sorted: the server's
    // metadata is a JSON object, whose keys are case-sensitive.
    uvcalls::metadata_filter const m[] = {{"id", "1"}, {"ID", "2"}, {"Id", "3"}};
    list_calls_query q;
    q.metadata = m;
    CHECK_FALSE(uvcalls::validate(q));
    CHECK(encode(q) == "metadata.ID=2&metadata.Id=3&metadata.id=1");
}

TEST_CASE("a value both ill-formed and holding NUL is reported as invalid UTF-8, the first of the two checks")
{
    std::string_view const both("\0\xFF", 2);
    uvcalls::metadata_filter const m[] = {{"k", both}};
    list_calls_query q;
    q.metadata = m;
    check_refused(q, error::query_invalid_utf8, "metadata");
    q = {};
    q.search = both;
    check_refused(q, error::query_invalid_utf8, "search");
}

TEST_CASE("a query_error streams as its message, then the parameter and index in brackets")
{
    uvcalls::metadata_filter const m[] = {{"a", "1"}, {"b", "2"}, {"a", "3"}};
    list_calls_query q;
    q.metadata = m;
    auto const e = uvcalls::validate(q);
    REQUIRE(e);
    std::ostringstream os;
    os << e;
    CHECK(os.str() == e.code.message() + " (metadata[2])");
    // No parameter (a buffer too small): the message alone.
    std::ostringstream bare;
    bare << uvcalls::query_error{uvcalls::error_code(error::buffer_too_small)};
    CHECK(bare.str() == uvcalls::error_code(error::buffer_too_small).message());
}

TEST_CASE("an empty duration bound is refused without reading a byte")
{
    // The sign is looked at only once the text parsed as a duration: an
    // empty view may point at no memory at all (a null view: reading its
    // first byte is a null dereference, which UBSan reports). A literal ""
    // would not tell, its terminating NUL being there to read.
    list_calls_query q;
    q.duration_max = std::string_view();
    check_refused(q, error::query_invalid_duration, "durationMax");
    q = {};
    q.duration_min = std::string_view();
    check_refused(q, error::query_invalid_duration, "durationMin");
}

TEST_CASE("valid edge values are accepted")
{
    struct row {
        char const* name;
        std::function<void(list_calls_query&)> set;
    };
    row const rows[] = {
        {"duration zero", [](list_calls_query& q) { q.duration_min = "0s"; }},
        {"duration nanoseconds", [](list_calls_query& q) { q.duration_max = "1.000000001s"; }},
        {"time of day one fraction digit", [](list_calls_query& q) { q.time_of_day_start = "00:00:00.5"; }},
        {"time of day last second", [](list_calls_query& q) { q.time_of_day_end = "23:59:59"; }},
        {"date-time lower-case t", [](list_calls_query& q) { q.from_date = "2024-05-01t08:00:00Z"; }},
        {"date-time space for T", [](list_calls_query& q) { q.from_date = "2024-05-01 08:00:00Z"; }},
        {"date-time microseconds", [](list_calls_query& q) { q.to_date = "2024-05-01T08:00:00.123456Z"; }},
        {"date-time first instant", [](list_calls_query& q) { q.from_date = "0001-01-01T00:00:00Z"; }},
        {"date-time last instant",
         [](list_calls_query& q) { q.to_date = "9999-12-31T23:59:59.999999Z"; }},
        {"date-time first instant east of UTC",
         [](list_calls_query& q) { q.to_date = "0001-01-01T01:00:00+01:00"; }},
        {"first and last dates", [](list_calls_query& q) {
             q.from_date = "0001-01-01";
             q.to_date = "9999-12-31";
         }},
        {"upper-case uuid", [](list_calls_query& q) { q.voice_id = "5F1C1B8E-9A4D-4C8E-8A55-1F0E3B1F2C3D"; }},
        {"search of one character", [](list_calls_query& q) { q.search = "x"; }},
        {"search with tab", [](list_calls_query& q) { q.search = "a\tb"; }},
        {"cursor with space", [](list_calls_query& q) { q.cursor = "a b"; }},
    };
    for (auto const& r : rows) {
        SUBCASE(r.name)
        {
            list_calls_query q;
            r.set(q);
            auto const e = uvcalls::validate(q);
            CHECK_FALSE(e);
            CHECK(encode(q).rfind("error", 0) == std::string::npos);
        }
    }
}

TEST_CASE("reserved characters, spaces and non-ASCII are percent-encoded in search and metadata")
{
    struct row {
        char const* name;
        std::string_view text;
        char const* encoded;
    };
    row const rows[] = {
        {"space", "a b", "a%20b"},
        {"ampersand", "a&b", "a%26b"},
        {"equals", "a=b", "a%3Db"},
        {"plus", "a+b", "a%2Bb"},
        {"hash", "a#b", "a%23b"},
        {"percent", "100%", "100%25"},
        {"already escaped", "%20", "%2520"},
        {"question mark and slash", "?/", "%3F%2F"},
        {"unreserved kept", "Az09-._~", "Az09-._~"},
        {"non-ASCII", "caf\xC3\xA9", "caf%C3%A9"},
        {"emoji", "\xF0\x9F\x98\x80", "%F0%9F%98%80"},
        {"CR LF", "a\r\nb", "a%0D%0Ab"},
    };
    for (auto const& r : rows) {
        SUBCASE(r.name)
        {
            list_calls_query s;
            s.search = r.text;
            CHECK(encode(s) == std::string("search=") + r.encoded);

            uvcalls::metadata_filter const m[] = {{"k", r.text}};
            list_calls_query v;
            v.metadata = m;
            CHECK(encode(v) == std::string("metadata.k=") + r.encoded);
        }
    }
}

TEST_CASE("metadata keys are encoded after the metadata. prefix")
{
    uvcalls::metadata_filter const m[] = {
        {"ultravox.sip.header.X-Id", "1"},
        {"caf\xC3\xA9 \xF0\x9F\x98\x80", "2"},
        {"a+b%c", "3"},
    };
    list_calls_query q;
    q.metadata = m;
    // Sorted by key bytes: "a+b%c" < "caf..." < "ultravox...".
    CHECK(encode(q) == "metadata.a%2Bb%25c=3"
                       "&metadata.caf%C3%A9%20%F0%9F%98%80=2"
                       "&metadata.ultravox.sip.header.X-Id=1");
}

TEST_CASE("parameters come in the documented order whatever the input order")
{
    std::string_view const ids[] = {uuid_a, uuid_b};
    uvcalls::metadata_filter const m1[] = {{"b", "2"}, {"a", "1"}, {"c", "3"}};
    uvcalls::metadata_filter const m2[] = {{"c", "3"}, {"b", "2"}, {"a", "1"}};
    list_calls_query q;
    q.voice_id = uuid_a;
    q.to_date = "2024-06-01";
    q.time_of_day_start = "08:00:00";
    q.time_of_day_end = "18:00:00";
    q.sort = "created";
    q.search = "s";
    q.page_size = 10;
    q.metadata = m1;
    q.from_date = "2024-05-01";
    q.duration_min = "1s";
    q.duration_max = "2s";
    q.cursor = "c";
    q.agent_ids = ids;
    std::string const expected =
        "agentIds=5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d"
        "&agentIds=00000000-0000-0000-0000-00000000000B"
        "&cursor=c&durationMax=2s&durationMin=1s&fromDate=2024-05-01"
        "&metadata.a=1&metadata.b=2&metadata.c=3&pageSize=10&search=s&sort=created"
        "&timeOfDayEnd=18%3A00%3A00&timeOfDayStart=08%3A00%3A00&toDate=2024-06-01"
        "&voiceId=5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d";
    CHECK(encode(q) == expected);
    q.metadata = m2;
    CHECK(encode(q) == expected);
}

TEST_CASE("the encoded query decodes back to the values given")
{
    // Boost.URL's own parser reads what was written: nothing is lost,
    // nothing is split or joined.
    std::string_view const ids[] = {uuid_a, uuid_b};
    uvcalls::metadata_filter const m[] = {{"k+% ?", "v&=+# %\xF0\x9F\x98\x80"}};
    list_calls_query q;
    q.agent_ids = ids;
    q.metadata = m;
    q.search = "\xE2\x82\xAC 5 & up = 100% #1 +x";
    q.cursor = "cj0xJnA9NDg3+/=";
    std::string const s = encode(q);
    auto const params = boost::urls::parse_query(s);
    REQUIRE(params);
    std::vector<std::pair<std::string, std::string>> got;
    for (auto const p : *params) {
        std::string key, value;
        for (char c : *p.key)
            key += c;
        for (char c : *p.value)
            value += c;
        got.emplace_back(key, value);
    }
    std::vector<std::pair<std::string, std::string>> const expected = {
        {"agentIds", std::string(uuid_a)},
        {"agentIds", std::string(uuid_b)},
        {"cursor", "cj0xJnA9NDg3+/="},
        {"metadata.k+% ?", "v&=+# %\xF0\x9F\x98\x80"},
        {"search", "\xE2\x82\xAC 5 & up = 100% #1 +x"},
    };
    CHECK(got == expected);
}

TEST_CASE("a buffer too small is an error at every size below the needed one")
{
    std::string_view const ids[] = {uuid_a};
    uvcalls::metadata_filter const m[] = {{"caf\xC3\xA9", "\xF0\x9F\x98\x80"}};
    list_calls_query q;
    q.agent_ids = ids;
    q.metadata = m;
    q.search = "a & b";
    q.page_size = 25;
    std::string const full = encode(q);
    std::size_t const needed = uvcalls::encoded_query_size(q).value();
    REQUIRE(needed == full.size());
    std::vector<char> buf(needed + 1, '\x55');
    for (std::size_t size = 0; size < needed; ++size) {
        CAPTURE(size);
        auto const r = uvcalls::encode_query(q, buf.data(), size);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == error::buffer_too_small);
        CHECK(r.error().code == uvcalls::condition::limit);
        CHECK(r.error().parameter == nullptr);
    }
    auto const r = uvcalls::encode_query(q, buf.data(), needed);
    REQUIRE(r);
    CHECK(*r == full);
    CHECK(r->data() == buf.data());
    CHECK(buf[needed] == '\x55'); // not one byte past the size given
}

TEST_CASE("query_result::value() of an error reports the error code")
{
    list_calls_query q;
    q.page_size = 0;
    char buf[16];
    auto const r = uvcalls::encode_query(q, buf, sizeof buf);
    REQUIRE(r.has_error());
    CHECK(r.error().code == error::query_invalid_page_size);
#if !defined(BOOST_NO_EXCEPTIONS)
    // By hand, not CHECK_THROWS_AS: the tests build doctest with
    // DOCTEST_CONFIG_NO_EXCEPTIONS_BUT_WITH_ALL_ASSERTS (for the
    // -fno-exceptions variants), which makes every *_THROWS* check a no-op.
    bool thrown = false;
    try {
        (void)r.value();
    } catch (boost::system::system_error const& e) {
        thrown = true;
        CHECK(e.code() == error::query_invalid_page_size);
    }
    CHECK(thrown);
#endif
}

TEST_CASE("a valid query and a buffer too small report index 0 and no parameter")
{
    // query_error::index is documented as 0 for every fault but agentIds
    // and metadata ones, and the empty result is all zeros.
    list_calls_query q;
    q.page_size = 25;
    auto const ok = uvcalls::validate(q);
    CHECK_FALSE(ok);
    CHECK(ok.parameter == nullptr);
    CHECK(ok.index == 0);
    char buf[4];
    auto const r = uvcalls::encode_query(q, buf, sizeof buf);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == error::buffer_too_small);
    CHECK(r.error().parameter == nullptr);
    CHECK(r.error().index == 0);
}

TEST_CASE("the server's date-time range is exact to the second at its first instant")
{
    // 0001-01-01T00:00:00Z is the first instant Python's datetime holds;
    // one second earlier, written with an offset so that the year is 0001,
    // is refused (0000-12-31T23:59:59Z in UTC).
    list_calls_query q;
    q.from_date = "0001-01-01T00:59:59+01:00";
    check_refused(q, error::query_invalid_date_time, "fromDate");
    q.from_date = "0001-01-01T01:00:00+01:00";
    CHECK_FALSE(uvcalls::validate(q));
    q.from_date = {};
    q.to_date = "0001-01-01T00:59:59+01:00";
    check_refused(q, error::query_invalid_date_time, "toDate");
}

TEST_CASE("UTF-8 is checked at the edge of every lead and continuation byte range")
{
    // RFC 3629's table: each valid sequence at the ends of its range, and
    // the byte just outside each range refused.
    std::string_view const valid[] = {
        "\x7F",
        "\xC2\x80", "\xC2\xBF", "\xDF\x80", "\xDF\xBF",
        "\xE0\xA0\x80", "\xE0\xBF\xBF", "\xE1\x80\x80", "\xEC\xBF\xBF",
        "\xED\x80\x80", "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBF\xBF",
        "\xF0\x90\x80\x80", "\xF0\xBF\xBF\xBF", "\xF1\x80\x80\x80", "\xF3\xBF\xBF\xBF",
        "\xF4\x80\x80\x80", "\xF4\x8F\xBF\xBF",
    };
    std::string_view const invalid[] = {
        "\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xC2\x7F", "\xC2\xC0", "\xDF\xC0",
        "\xE0\x9F\xBF", "\xE0\xC0\x80", "\xE0\xA0\x7F", "\xE0\xA0\xC0", "\xE1\x7F\x80",
        "\xEC\xC0\x80", "\xED\xA0\x80", "\xED\xBF\xBF", "\xEE\x7F\x80", "\xEF\xBF\xC0",
        "\xF0\x8F\xBF\xBF", "\xF0\xC0\x80\x80", "\xF0\x90\x80\x7F", "\xF0\x90\x80\xC0",
        "\xF1\x7F\x80\x80", "\xF3\xC0\x80\x80", "\xF4\x90\x80\x80", "\xF4\x7F\x80\x80",
        "\xF5\x80\x80\x80", "\xF8\x80\x80\x80\x80", "\xFF",
        "\xC2", "\xE1\x80", "\xF1\x80\x80",
    };
    for (std::string_view v : valid) {
        CAPTURE(v);
        list_calls_query q;
        std::string const s = "x" + std::string(v) + "y";
        q.search = s;
        CHECK_FALSE(uvcalls::validate(q));
        CHECK(uvcalls::detail::is_valid_utf8(v));
    }
    for (std::string_view v : invalid) {
        CAPTURE(v);
        list_calls_query q;
        std::string const s = "x" + std::string(v);
        q.search = s;
        check_refused(q, error::query_invalid_utf8, "search");
        CHECK_FALSE(uvcalls::detail::is_valid_utf8(v));
    }
}

// is_valid_utf8 stays usable in constant expressions (it shares
// detail/utf8_sequence.hpp with the decoder's validator).
static_assert(uvcalls::detail::is_valid_utf8("caf\xC3\xA9 \xF0\x9F\x98\x80"), "valid");
static_assert(!uvcalls::detail::is_valid_utf8("\xC0\xAF"), "overlong");
static_assert(!uvcalls::detail::is_valid_utf8("\xE2\x82"), "cut short");

TEST_CASE("a sequence cut by the end of the value is refused even when memory after it completes it")
{
    // The value is a view: the bytes after its end are not part of it. Each
    // view below stops inside a sequence the buffer holds whole, so reading
    // past the end would find a valid sequence and accept it.
    for (std::string_view full : {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"}) {
        std::string const buf = "x" + std::string(full);
        for (std::size_t cut = 1; cut < full.size(); ++cut) {
            CAPTURE(full);
            CAPTURE(cut);
            std::string_view const v(buf.data(), 1 + cut);
            CHECK_FALSE(uvcalls::detail::is_valid_utf8(v));
            list_calls_query q;
            q.search = v;
            check_refused(q, error::query_invalid_utf8, "search");
        }
        CHECK(uvcalls::detail::is_valid_utf8(buf));
    }
}

TEST_CASE("time of day: every digit place refuses the bytes either side of 0-9, every separator place another byte")
{
    // '/' and ':' read as digits are -1 and 10, which keep HH, MM and SS in
    // range: only the digit check itself refuses them.
    for (std::string_view base : {"01:02:03", "01:02:03.456789"}) {
        list_calls_query q;
        q.time_of_day_end = base;
        CHECK_FALSE(uvcalls::validate(q));
        for (std::size_t p = 0; p < base.size(); ++p) {
            bool const digit_place = p != 2 && p != 5 && p != 8;
            for (char c : digit_place ? std::string_view("/:") : std::string_view("0.:-/")) {
                if (c == base[p])
                    continue;
                std::string t(base);
                t[p] = c;
                CAPTURE(t);
                q.time_of_day_end = t;
                check_refused(q, error::query_invalid_time_of_day, "timeOfDayEnd");
            }
        }
    }
    // Just past each field's maximum, from both of its digits.
    for (char const* bad : {"24:00:00", "30:00:00", "23:60:00", "23:61:00", "23:59:60", "23:59:61"}) {
        CAPTURE(bad);
        list_calls_query q;
        q.time_of_day_start = bad;
        check_refused(q, error::query_invalid_time_of_day, "timeOfDayStart");
    }
}

TEST_CASE("time of day: no byte past the end of the value is read")
{
    // Each prefix of a valid time, alone in a heap block of its size (a
    // read past it is a heap-buffer-overflow under AddressSanitizer):
    // valid at 8 bytes and with 1 to 6 fraction digits only.
    std::string_view const full = "23:59:59.999999";
    for (std::size_t n = 0; n <= full.size(); ++n) {
        CAPTURE(n);
        test::exact_block const exact(full.substr(0, n));
        CHECK(uvcalls::detail::is_time_of_day(exact.view()) == (n == 8 || n >= 10));
    }
}

TEST_CASE("metadata keys: every control byte is refused, the printable bytes next to them are not")
{
    for (char const c : {'\x01', '\x1F', '\x7F'}) {
        CAPTURE(int(c));
        std::string const key = std::string("k") + c;
        uvcalls::metadata_filter const m[] = {{"ok", "1"}, {key, "v"}};
        list_calls_query q;
        q.metadata = m;
        CHECK(check_refused(q, error::query_invalid_metadata_key, "metadata").index == 1);
    }
    uvcalls::metadata_filter const ok[] = {{" ", "1"}, {"~", "2"}, {"\xC2\x80", "3"}, {"\x7E!", "4"}};
    list_calls_query q;
    q.metadata = ok;
    CHECK_FALSE(uvcalls::validate(q));
    CHECK(encode(q) == "metadata.%20=1&metadata.~=2&metadata.~%21=4&metadata.%C2%80=3");
}

TEST_CASE("sort names take exactly letters, digits and underscore, at both ends of each range")
{
    for (char const* ok : {"a", "z", "A", "Z", "0", "9", "_", "-az,AZ09_.z"}) {
        CAPTURE(ok);
        list_calls_query q;
        q.sort = ok;
        CHECK_FALSE(uvcalls::validate(q));
    }
    for (char const* bad : {"`", "{", "@", "[", "/", ":", "a^", "z~"}) {
        CAPTURE(bad);
        list_calls_query q;
        q.sort = bad;
        check_refused(q, error::query_invalid_sort, "sort");
    }
}

TEST_CASE("sort: no byte past the end of the value is read")
{
    // Each prefix of a valid sort, alone in a heap block of its size (a
    // read past it is a heap-buffer-overflow under AddressSanitizer).
    std::string_view const full = "-a.b,c_1";
    bool const valid[] = {false, false, true, false, true, false, true, true, true};
    for (std::size_t n = 0; n <= full.size(); ++n) {
        CAPTURE(full.substr(0, n));
        test::exact_block const exact(full.substr(0, n));
        CHECK(uvcalls::detail::is_sort(exact.view()) == valid[n]);
    }
}

TEST_CASE("output_sink: a number is written in decimal, 0 as one digit and the largest whole")
{
    // No caller writes 0 today (ports and page sizes are at least 1), but
    // a loop that stops before its first digit would write nothing for
    // it: a parameter with no value.
    // (Not a structured binding: CAPTURE's lambda captures v, which C++17
    // does not allow for a binding; clang refuses it.)
    for (auto const& row : {std::pair<std::uint64_t, std::string_view>{0, "0"}, {9, "9"}, {10, "10"},
                            {65535, "65535"}, {UINT64_MAX, "18446744073709551615"}}) {
        std::uint64_t const v = row.first;
        std::string_view const text = row.second;
        CAPTURE(v);
        char tmp[20];
        CHECK(uvcalls::detail::format_uint(v, tmp) == text);
        char buf[20];
        uvcalls::detail::output_sink counting;
        counting.append_uint(v);
        CHECK(counting.size() == text.size());
        uvcalls::detail::output_sink writing(buf, sizeof buf);
        writing.append_uint(v);
        CHECK(std::string_view(buf, writing.size()) == text);
    }
}

TEST_CASE("output_sink: a counting sink writes nothing and views nothing; a writing one never passes its capacity")
{
    uvcalls::detail::output_sink counting;
    counting.append("abc");
    counting.append_uint(12345);
    counting.append_encoded("a b");
    CHECK(counting.size() == 13);
    CHECK(counting.view().empty());
    CHECK(counting.view().data() == nullptr);

    // The counting pass keeps the writing pass within its room; were it
    // ever wrong, the writing sink stops at its capacity rather than
    // writing past it.
    char buf[8];
    std::memset(buf, '#', sizeof buf);
    uvcalls::detail::output_sink writing(buf, 5);
    writing.append("abc");
    writing.append("defg");
    CHECK(writing.size() == 5);
    CHECK(writing.view() == "abcde");
    writing.append("x");
    writing.append_uint(7);
    CHECK(writing.size() == 5);
    CHECK(writing.view() == "abcde");
    CHECK(std::string_view(buf + 5, 3) == "###");
}

TEST_CASE("output_sink: a count past SIZE_MAX stays at SIZE_MAX instead of wrapping to a size that fits")
{
    // A counting sink adds up sizes and reads no byte, so views longer
    // than their one real byte stand for the gigabytes it takes on a
    // 32-bit target (a header value given 65 times, say) to pass SIZE_MAX.
    // Wrapped, the count was small, passed the check against the buffer,
    // and the writing pass returned what fit as the whole target or head.
    char const byte = 'a';
    std::string_view const half(&byte, SIZE_MAX / 2 + 1);
    uvcalls::detail::output_sink counting;
    counting.append(half);
    CHECK(counting.size() == SIZE_MAX / 2 + 1);
    counting.append(half);
    CHECK(counting.size() == SIZE_MAX);
    counting.append("x");
    counting.append_uint(7);
    counting.append_encoded("a b");
    CHECK(counting.size() == SIZE_MAX);

    uvcalls::detail::output_sink near;
    near.append(std::string_view(&byte, SIZE_MAX - 2));
    near.append_encoded("a b"); // 5 bytes: one past SIZE_MAX
    CHECK(near.size() == SIZE_MAX);
}

TEST_CASE("output_sink: the encoded size of a value of more than SIZE_MAX / 3 bytes does not wrap")
{
    // Boost.URL's encoded_size() adds up to 3 bytes a byte in a size_t of
    // its own: a value of spaces of SIZE_MAX / 3 + 2 bytes (1.4 GiB) was
    // counted 5 on a 32-bit target, and encode_query returned what fit in
    // a buffer of that count as the whole query. Only a 32-bit target holds
    // such a value, and of scripts/test.sh's only the x86 one runs this
    // (about 26 s under qemu-i386): the arithmetic is the same on 32-bit
    // ARM and MIPS, where it would take as long again each, and the
    // Cortex-M4 board has no 1.4 GiB.
    // (The body is compiled there only: on a 64-bit target clang refuses
    // the constant size as an array too large.)
#if !defined(__i386__)
    MESSAGE("runs on 32-bit x86 only");
#else
    std::size_t const n = SIZE_MAX / 3 + 2;
    std::unique_ptr<char[]> const bytes(new (std::nothrow) char[n]);
    if (!bytes) {
        MESSAGE("no memory for 1.4 GiB: skipped");
        return;
    }
    std::memset(bytes.get(), ' ', n);
    uvcalls::detail::output_sink counting;
    counting.append_encoded(std::string_view(bytes.get(), n));
    CHECK(counting.size() == SIZE_MAX); // (wrapped: 5)
    // Counted in parts, a value of unreserved bytes is still exact.
    std::memset(bytes.get(), 'a', n);
    uvcalls::detail::output_sink exact;
    exact.append_encoded(std::string_view(bytes.get(), n));
    CHECK(exact.size() == n);
#endif
}
