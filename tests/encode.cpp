#include <uvcalls/encode.hpp>

#include "support/test_util.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {
std::string encode(uvcalls::call const& c)
{
    return test::encode_call_string(c);
}
} // namespace

TEST_CASE("encoder writes only present fields, in the spec's order, null as null")
{
    uvcalls::call c;
    CHECK(encode(c) == "{}");
    c.summary.state = uvcalls::presence::null;
    c.created.state = uvcalls::presence::value;
    c.created.value.text = "2025-01-01T00:00:00Z";
    CHECK(encode(c) == R"({"created":"2025-01-01T00:00:00Z","summary":null})");
}

TEST_CASE("encoder escapes strings and keeps UTF-8")
{
    uvcalls::call c;
    c.summary.state = uvcalls::presence::value;
    c.summary.value = std::string_view("q\"b\\n\n\t\x01\x1f é ☕", 16);
    CHECK(encode(c) == "{\"summary\":\"q\\\"b\\\\n\\n\\t\\u0001\\u001f \xc3\xa9 \xe2\x98\x95\"}");
}

TEST_CASE("encoder writes doubles that read back as the same double")
{
    uvcalls::call c;
    c.temperature.state = uvcalls::presence::value;
    for (double d : {0.0, 1.0, 0.1, 1e-7, 123456789.125, 1e300, -2.5}) {
        c.temperature.value = d;
        std::string const s = encode(c);
        CAPTURE(s);
        double back = 0;
        std::string const num = s.substr(15, s.size() - 16);
        auto const r = std::from_chars(num.data(), num.data() + num.size(), back);
        // The whole text is the number: no ".0" after an exponent.
        CHECK(r.ptr == num.data() + num.size());
        CHECK(back == d);
        CHECK(num.find_first_of(".e") != std::string::npos);
    }
}

TEST_CASE("encoder writes integers, booleans, enums, maps, arrays and schema-free JSON")
{
    uvcalls::call c;
    c.billed_side_input_tokens = {uvcalls::presence::value, false, -9223372036854775807LL - 1};
    c.recording_enabled = {uvcalls::presence::value, false, true};
    c.end_reason = {uvcalls::presence::value, false, {uvcalls::end_reason::unknown, "new_reason"}};
    uvcalls::string_pair const md[] = {{"k", "v"}, {"a b", "\"x\""}};
    c.metadata = {uvcalls::presence::value, false, uvcalls::array_view<uvcalls::string_pair>(md, 2)};
    c.initial_state = {uvcalls::presence::value, false, {R"({"a":[1,2.50]})"}};
    uvcalls::timed_message tm[2];
    tm[1].message = {uvcalls::presence::value, false, "bye"};
    c.inactivity_messages = {uvcalls::presence::value, false, uvcalls::array_view<uvcalls::timed_message>(tm, 2)};
    CHECK(encode(c) ==
          R"({"endReason":"new_reason","billedSideInputTokens":-9223372036854775808,"inactivityMessages":[{},{"message":"bye"}],"recordingEnabled":true,"metadata":{"k":"v","a b":"\"x\""},"initialState":{"a":[1,2.50]}})");
}

TEST_CASE("encoder writes uuids, durations of both kinds, int32 values and both kinds of schema-free JSON as received")
{
    uvcalls::call_medium_web_socket_medium ws;
    ws.input_sample_rate = {uvcalls::presence::value, false, 48000};
    ws.client_buffer_size_ms = {uvcalls::presence::value, false, -2147483647 - 1};
    uvcalls::call_medium medium;
    medium.server_web_socket = {uvcalls::presence::value, &ws};
    uvcalls::timed_message tm[1];
    tm[0].duration.state = uvcalls::presence::value;
    tm[0].duration.value.text = "30s";
    uvcalls::call c;
    c.call_id.state = uvcalls::presence::value;
    c.call_id.value.text = "0b9e0d4c-6f1a-4c8e-9d2b-3a5f7e1c2d40";
    c.billed_duration.state = uvcalls::presence::value;
    c.billed_duration.value.text = "12.500s";
    c.inactivity_messages = {uvcalls::presence::value, false, uvcalls::array_view<uvcalls::timed_message>(tm, 1)};
    c.medium = {uvcalls::presence::value, &medium};
    c.experimental_settings = {uvcalls::presence::value, false, {R"([1,"x",null])"}};
    c.initial_state = {uvcalls::presence::value, false, {R"({"k":{}})"}};
    CHECK(encode(c) ==
          R"({"callId":"0b9e0d4c-6f1a-4c8e-9d2b-3a5f7e1c2d40","billedDuration":"12.500s",)"
          R"("inactivityMessages":[{"duration":"30s"}],)"
          R"("medium":{"serverWebSocket":{"inputSampleRate":48000,"clientBufferSizeMs":-2147483648}},)"
          R"("experimentalSettings":[1,"x",null],"initialState":{"k":{}}})");
}

TEST_CASE("encoder writes a double's shortest text, with \".0\" after a whole number")
{
    uvcalls::call c;
    c.temperature.state = uvcalls::presence::value;
    struct row {
        double d;
        char const* text;
    };
    row const rows[] = {{0.0, "0.0"},      {1.0, "1.0"},        {-2.0, "-2.0"},      {0.5, "0.5"},
                        {-2.5, "-2.5"},    {1e300, "1e+300"},   {1e-7, "1e-07"},     {123456789.125, "123456789.125"},
                        {1e21, "1e+21"},   {-1.7976931348623157e308, "-1.7976931348623157e+308"},
                        {2.2250738585072014e-308, "2.2250738585072014e-308"}};
    for (auto const& r : rows) {
        CAPTURE(r.text);
        c.temperature.value = r.d;
        CHECK(encode(c) == std::string(R"({"temperature":)") + r.text + "}");
    }
}

TEST_CASE("encoder stops when the output refuses more")
{
    uvcalls::call c;
    c.summary = {uvcalls::presence::value, false, "hello"};
    std::size_t calls = 0;
    CHECK_FALSE(uvcalls::encode_call(c, [&](std::string_view) { return ++calls < 3; }));
    CHECK(calls == 3);
}

TEST_CASE("needs_no_json_escape agrees with escape_json for every byte at every place of every length up to 17")
{
    // The word-at-a-time check (8- and 4-byte words, overlapping tails)
    // against the byte-by-byte escaper it stands in for.
    for (std::size_t n = 1; n <= 17; ++n) {
        for (std::size_t pos = 0; pos < n; ++pos) {
            for (int b = 0; b < 256; ++b) {
                std::string s(n, 'a');
                s[pos] = static_cast<char>(b);
                bool const plain = b >= 0x20 && b != '"' && b != '\\';
                std::string escaped;
                bool const ok = uvcalls::detail::escape_json(s, [&](std::string_view part) {
                    escaped.append(part);
                    return true;
                });
                CAPTURE(n);
                CAPTURE(pos);
                CAPTURE(b);
                REQUIRE(ok);
                CHECK((escaped == s) == plain);
                CHECK(uvcalls::detail::needs_no_json_escape(s) == plain);
            }
        }
    }
    CHECK(uvcalls::detail::needs_no_json_escape(""));
}

namespace {
std::string escaped(std::string_view s)
{
    std::string out;
    CHECK(uvcalls::detail::escape_json(s, [&](std::string_view part) {
        out.append(part);
        return true;
    }));
    return out;
}
} // namespace

TEST_CASE("escape_json writes each control byte as JSON's short escape or as \\u00xx in lower-case hex")
{
    char const* const expected[32] = {
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
        "\\b",     "\\t",     "\\n",     "\\u000b", "\\f",     "\\r",     "\\u000e", "\\u000f",
        "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
        "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    };
    for (int b = 0; b < 32; ++b) {
        CAPTURE(b);
        std::string const s(1, static_cast<char>(b));
        CHECK(escaped(s) == expected[b]);
        CHECK(escaped("a" + s + "z") == std::string("a") + expected[b] + "z");
    }
    CHECK(escaped("\"") == "\\\"");
    CHECK(escaped("\\") == "\\\\");
    CHECK(escaped("'/") == "'/");
}

TEST_CASE("escape_json hands the output each run of plain bytes and each escape as one piece, never an empty one")
{
    std::vector<std::string> pieces;
    auto const pieces_of = [&](std::string_view s) {
        pieces.clear();
        CHECK(uvcalls::detail::escape_json(s, [&](std::string_view part) {
            pieces.emplace_back(part);
            return true;
        }));
        return pieces;
    };
    using v = std::vector<std::string>;
    CHECK(pieces_of("") == v{});
    CHECK(pieces_of("plain text") == v{"plain text"});
    CHECK(pieces_of("\n") == v{"\\n"});
    CHECK(pieces_of("\n\"ab\\") == v{"\\n", "\\\"", "ab", "\\\\"});
    CHECK(pieces_of("ab\x01" "cd") == v{"ab", "\\u0001", "cd"});
}

namespace {
// A call holding a value of every kind the encoder writes, nested objects
// and arrays of each kind included; the storage outlives the call.
struct every_kind {
    std::string_view secrets[3] = {"a", "b\"c", ""};
    uvcalls::string_pair md[2] = {{"k", "v"}, {"a b", "\"x\""}};
    uvcalls::timed_message tm[2];
    uvcalls::callback joined;
    uvcalls::callbacks cbs;
    uvcalls::call c;

    every_kind()
    {
        joined.url = {uvcalls::presence::value, false, "https://h/cb"};
        joined.secrets = {uvcalls::presence::value, false, uvcalls::array_view<std::string_view>(secrets, 3)};
        cbs.joined = {uvcalls::presence::value, &joined};
        c.callbacks = {uvcalls::presence::value, &cbs};
        c.summary = {uvcalls::presence::null, false, {}};
        c.temperature = {uvcalls::presence::value, false, 0.5};
        c.billed_side_input_tokens = {uvcalls::presence::value, false, 7};
        c.recording_enabled = {uvcalls::presence::value, false, true};
        c.end_reason = {uvcalls::presence::value, false, {uvcalls::end_reason::unknown, "new_reason"}};
        c.metadata = {uvcalls::presence::value, false, uvcalls::array_view<uvcalls::string_pair>(md, 2)};
        c.initial_state = {uvcalls::presence::value, false, {R"({"a":1})"}};
        tm[1].message = {uvcalls::presence::value, false, "bye"};
        c.inactivity_messages = {uvcalls::presence::value, false, uvcalls::array_view<uvcalls::timed_message>(tm, 2)};
    }
};
} // namespace

TEST_CASE("encoder writes string arrays as JSON arrays of escaped strings, in order")
{
    every_kind k;
    uvcalls::call c;
    c.callbacks = k.c.callbacks;
    CHECK(encode(c) == R"({"callbacks":{"joined":{"url":"https://h/cb","secrets":["a","b\"c",""]}}})");
    std::string_view const none[1] = {};
    k.joined.secrets.value = uvcalls::array_view<std::string_view>(none, 0);
    CHECK(encode(c) == R"({"callbacks":{"joined":{"url":"https://h/cb","secrets":[]}}})");
}

TEST_CASE("encoder stops at the first refused write, wherever it comes")
{
    // Every write of a call holding every kind of value is refused in turn:
    // encode_call returns false at once, asking for nothing more.
    every_kind const k;
    std::size_t total = 0;
    CHECK(uvcalls::encode_call(k.c, [&](std::string_view) { return ++total, true; }));
    REQUIRE(total > 40);
    for (std::size_t refuse = 1; refuse <= total; ++refuse) {
        CAPTURE(refuse);
        std::size_t calls = 0;
        CHECK_FALSE(uvcalls::encode_call(k.c, [&](std::string_view) { return ++calls < refuse; }));
        CHECK(calls == refuse);
    }
}
