// The decoder's answer to bad input: the error, the byte offset and the
// JSONPath, the same however the input is split into chunks.
#include <uvcalls/decoder.hpp>

#include "support/exact_block.hpp"
#include "support/test_util.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

namespace {

using uvcalls::error;

struct bad_input {
    char const* name;
    std::string json;
    error expected;
    std::string path;
    // The byte offset reported: the first wrong byte of bad syntax (a
    // misspelt literal's, a UTF-8 sequence's lead byte, a bad \u digit);
    // the last byte of a refused string or literal; the byte after a
    // refused number; a refused object's or array's opening bracket; the
    // end of a truncated input.
    std::size_t at;
};

std::string call(std::string const& fields)
{
    return R"({"results":[{)" + fields + "}]}";
}

std::string nested(std::string const& key, int levels)
{
    return call("\"" + key + "\":" + std::string(levels, '[') + std::string(levels, ']'));
}

std::vector<bad_input> const bad_inputs = {
    // truncated
    {"empty input", "", error::json_incomplete, "$", 0},
    {"only an opening brace", "{", error::json_incomplete, "$", 1},
    {"truncated inside results", R"({"results":[)", error::json_incomplete, "$.results", 12},
    {"truncated inside a string", R"({"results":[{"summary":"abc)", error::json_incomplete, "$.results[0].summary", 27},
    {"truncated inside a number", R"({"total":12)", error::json_incomplete, "$.total", 11},
    {"truncated after a key", R"({"results":[{"callId")", error::json_incomplete, "$.results[0].callId", 21},
    // trailing garbage
    {"garbage after the document", R"({"results":[]} x)", error::json_trailing_data, "$", 15},
    {"two documents", R"({"results":[]}{})", error::json_trailing_data, "$", 14},
    // wrong types
    {"root is an array", "[]", error::type_mismatch, "$", 0},
    {"root is a string", R"("page")", error::type_mismatch, "$", 5},
    {"root is null", "null", error::type_mismatch, "$", 3},
    {"results is an object", R"({"results":{}})", error::type_mismatch, "$.results", 11},
    {"a result is a number", R"({"results":[1]})", error::type_mismatch, "$.results[0]", 13},
    {"callId is a number", call(R"("callId":7)"), error::type_mismatch, "$.results[0].callId", 23},
    {"integer sent as a string", call(R"("billedSideInputTokens":"12")"), error::type_mismatch,
     "$.results[0].billedSideInputTokens", 40},
    {"boolean sent as a string", call(R"("recordingEnabled":"true")"), error::type_mismatch,
     "$.results[0].recordingEnabled", 37},
    {"null where the spec does not allow it", call(R"("created":null)"), error::type_mismatch,
     "$.results[0].created", 26},
    {"object field holds an array", call(R"("medium":[])"), error::type_mismatch, "$.results[0].medium", 22},
    {"enum holds a number", call(R"("endReason":5)"), error::type_mismatch, "$.results[0].endReason", 26},
    {"string array holds a number", call(R"("callbacks":{"joined":{"secrets":["a",1]}})"), error::type_mismatch,
     "$.results[0].callbacks.joined.secrets[1]", 52},
    {"object array holds a string", call(R"("inactivityMessages":[{},"x"])"), error::type_mismatch,
     "$.results[0].inactivityMessages[1]", 40},
    // An object where a string is due, in a string array or as a map value,
    // is the type's error, not the arena's (mutant P49 survived).
    {"string array holds an object", call(R"("callbacks":{"joined":{"secrets":["a",{}]}})"), error::type_mismatch,
     "$.results[0].callbacks.joined.secrets[1]", 51},
    {"map value is an object", call(R"("metadata":{"a":"ok","b":{"c":"d"}})"), error::type_mismatch,
     "$.results[0].metadata.b", 38},
    {"map value is a number", call(R"("metadata":{"a":"ok","b c":1})"), error::type_mismatch,
     "$.results[0].metadata['b c']", 41},
    {"map value is null", call(R"("metadata":{"a":null})"), error::type_mismatch, "$.results[0].metadata.a", 32},
    {"schema-free object is a number", call(R"("initialState":5)"), error::type_mismatch,
     "$.results[0].initialState", 29},
    // Refused at the end of the token, however the input is split (a chunk
    // that ends inside it used to move the error to the token's first part;
    // found by fuzz_decoder).
    {"schema-free object is a long string", call(R"("initialState":"FIRST_SPEAKER_AGENT")"), error::type_mismatch,
     "$.results[0].initialState", 48},
    {"schema-free object is a long number", call(R"("initialState":-12345.678e9)"), error::type_mismatch,
     "$.results[0].initialState", 40},
    {"schema-free object is null", call(R"("initialState":null)"), error::type_mismatch,
     "$.results[0].initialState", 31},
    {"string field holds a boolean", call(R"("summary":true)"), error::type_mismatch, "$.results[0].summary", 26},
    {"integer field holds a boolean", call(R"("billedSideInputTokens":false)"), error::type_mismatch,
     "$.results[0].billedSideInputTokens", 41},
    {"total is a string", R"({"total":"3","results":[]})", error::type_mismatch, "$.total", 11},
    {"next is a number", R"({"next":1,"results":[]})", error::type_mismatch, "$.next", 9},
    // formats
    {"uuid too short", call(R"("callId":"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4")"), error::invalid_uuid,
     "$.results[0].callId", 58},
    {"uuid with a non-hex digit", call(R"("callId":"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4g")"), error::invalid_uuid,
     "$.results[0].callId", 59},
    {"uuid in braces", call(R"("callId":"{0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c}")"), error::invalid_uuid,
     "$.results[0].callId", 59},
    {"nested uuid", call(R"("agent":{"agentId":"nope","name":"n"})"), error::invalid_uuid,
     "$.results[0].agent.agentId", 37},
    {"date-time with month 13", call(R"("created":"2025-13-01T00:00:00Z")"), error::invalid_timestamp,
     "$.results[0].created", 44},
    {"date-time without a zone", call(R"("created":"2025-01-01T00:00:00")"), error::invalid_timestamp,
     "$.results[0].created", 43},
    {"date-time on February 30", call(R"("joined":"2025-02-30T00:00:00Z")"), error::invalid_timestamp,
     "$.results[0].joined", 43},
    {"date alone for a date-time", call(R"("ended":"2025-01-01")"), error::invalid_timestamp, "$.results[0].ended", 32},
    {"date-time at hour 24", call(R"("created":"2025-01-01T24:00:00Z")"), error::invalid_timestamp,
     "$.results[0].created", 44},
    {"date-time with ten fraction digits", call(R"("created":"2025-01-01T00:00:00.1234567891Z")"),
     error::invalid_timestamp, "$.results[0].created", 55},
    {"duration with a space", call(R"("vadSettings":{"turnEndpointDelay":"5 s"})"), error::invalid_duration,
     "$.results[0].vadSettings.turnEndpointDelay", 52},
    {"duration with a leading zero", call(R"("inactivityMessages":[{"duration":"01s"}])"), error::invalid_duration,
     "$.results[0].inactivityMessages[0].duration", 51},
    // numbers
    {"fraction where an integer is due", call(R"("billedSideInputTokens":1.5)"), error::expected_integer,
     "$.results[0].billedSideInputTokens", 40},
    {"exponent where an integer is due", call(R"("billedSideOutputTokens":1e3)"), error::expected_integer,
     "$.results[0].billedSideOutputTokens", 41},
    {"integer above int64", call(R"("billedSideInputTokens":9223372036854775808)"), error::integer_out_of_range,
     "$.results[0].billedSideInputTokens", 56},
    // Beyond both int64 and uint64, Boost.JSON reads an integer as a double.
    {"integer below int64", call(R"("billedSideInputTokens":-9223372036854775809)"), error::integer_out_of_range,
     "$.results[0].billedSideInputTokens", 57},
    {"integer above uint64", call(R"("billedSideOutputTokens":18446744073709551616)"),
     error::integer_out_of_range, "$.results[0].billedSideOutputTokens", 58},
    {"integer of 70 digits", call("\"billedSideInputTokens\":" + std::string(70, '7')), error::integer_out_of_range,
     "$.results[0].billedSideInputTokens", 107},
    {"int32 field with 20 digits", call(R"("medium":{"serverWebSocket":{"inputSampleRate":99999999999999999999}})"),
     error::integer_out_of_range, "$.results[0].medium.serverWebSocket.inputSampleRate", 80},
    {"fraction beyond uint64 where an integer is due", call(R"("billedSideInputTokens":18446744073709551616.5)"),
     error::expected_integer, "$.results[0].billedSideInputTokens", 59},
    {"exponent after 70 digits where an integer is due",
     call("\"billedSideInputTokens\":" + std::string(70, '7') + "E1"), error::expected_integer,
     "$.results[0].billedSideInputTokens", 109},
    {"integer above int32", call(R"("medium":{"serverWebSocket":{"inputSampleRate":2147483648}})"),
     error::integer_out_of_range, "$.results[0].medium.serverWebSocket.inputSampleRate", 70},
    {"integer below int32", call(R"("medium":{"serverWebSocket":{"clientBufferSizeMs":-2147483649}})"),
     error::integer_out_of_range, "$.results[0].medium.serverWebSocket.clientBufferSizeMs", 74},
    {"number that overflows a double", call(R"("temperature":1e400)"), error::json_number_overflow,
     "$.results[0].temperature", 32},
    {"number with a huge exponent", call(R"("temperature":1e99999999999999999999)"), error::json_number_overflow,
     "$.results[0].temperature", 38},
    // Boost.JSON 1.81 refuses an exponent beyond its int of either sign,
    // although this one's value is 0: the error's doc and message say so.
    {"number with a huge negative exponent", call(R"("temperature":1e-99999999999999999999)"),
     error::json_number_overflow, "$.results[0].temperature", 39},
    {"number that rounds past the largest double", call(R"("temperature":1.7976931348623159e308)"),
     error::json_number_overflow, "$.results[0].temperature", 49},
    {"number field written with 65 characters", call("\"temperature\":1." + std::string(63, '0')),
     error::number_too_long, "$.results[0].temperature", 92},
    // strings
    // Only a bad \u digit is json_invalid_escape; an escape JSON does not
    // define, and a leading surrogate followed by no \u escape, are syntax
    // errors to Boost.JSON (error.hpp said otherwise; found by an audit).
    {"invalid escape", call(R"("summary":"a\x")"), error::json_syntax, "$.results[0].summary", 26},
    {"upper-case U escape", call(R"("summary":"\U0041")"), error::json_syntax, "$.results[0].summary", 25},
    {"bad hex digit in \\u", call(R"("summary":"\u12G4")"), error::json_invalid_escape, "$.results[0].summary", 28},
    {"quote where a \\u digit is due", call(R"("summary":"\u00")"), error::json_invalid_escape,
     "$.results[0].summary", 28},
    {"lone leading surrogate", call(R"("summary":"\uD800x")"), error::json_syntax, "$.results[0].summary", 30},
    {"leading surrogate at the end of a string", call(R"("summary":"ab\uD800")"), error::json_syntax,
     "$.results[0].summary", 32},
    // Boost.JSON 1.81 says expected_hex_digit after the second escape when a
    // chunk ends inside the pair; the decoder says what it says whole (found
    // by an audit: the error and offset depended on the chunks).
    {"leading surrogate then a non-surrogate", call(R"("summary":"\uD800\u0041")"), error::json_invalid_surrogate,
     "$.results[0].summary", 36},
    {"leading surrogate then a leading surrogate", call(R"("summary":"ab\udbff\uDBFF")"),
     error::json_invalid_surrogate, "$.results[0].summary", 38},
    {"leading surrogate then a non-surrogate in an unknown field", R"({"results":[],"x":["\ud83d\u00e9"]})",
     error::json_invalid_surrogate, "$.x", 32},
    {"leading surrogate then a non-surrogate in a schema-free value",
     call(R"("initialState":{"k":"\uDA00\uE000"})"), error::json_invalid_surrogate,
     "$.results[0].initialState", 46},
    {"leading surrogate then a non-surrogate in a key", R"({"results":[],"\uD800\u0041":1})",
     error::json_invalid_surrogate, "$.results", 27},
    {"leading surrogate then a non-surrogate then a hex digit", call(R"("summary":"\uD800\u00411")"),
     error::json_invalid_surrogate, "$.results[0].summary", 36},
    {"leading surrogate then an escape with a bad digit", call(R"("summary":"\uD800\u004G")"),
     error::json_invalid_escape, "$.results[0].summary", 35},
    // A bad digit among good ones, whole in a chunk: Boost.JSON 1.81 fails
    // as many bytes past the `u` as there are good digits among the first
    // three; the decoder says the bad digit (found by fuzz_decoder).
    {"bad first digit before good ones", call("\"summary\":\"\\u\xb0" "0ate, and more text\""),
     error::json_invalid_escape, "$.results[0].summary", 26},
    {"bad first digit in a key", "{ \"\\u\xb0" "0ate\":u\xb0{", error::json_invalid_escape, "$", 5},
    {"bad first digit before three good ones", call(R"("summary":"\uG000 and more text")"),
     error::json_invalid_escape, "$.results[0].summary", 26},
    {"bad digits in the second escape of a pair", call(R"("summary":"\uD800\uZ0G1 and more text")"),
     error::json_invalid_escape, "$.results[0].summary", 32},
    {"u where the first digit is due", call(R"("summary":"\u\u0041 and more text")"), error::json_invalid_escape,
     "$.results[0].summary", 26},
    {"second escape of a pair whose bad digits spell \\u", call(R"("summary":"\uD83D\u\ud83d and more text")"),
     error::json_invalid_escape, "$.results[0].summary", 32},
    // Escaped backslashes in text that looks like a surrogate pair,
    // `\\uD80\\u000`, then a bad escape `\uGGG`: the 12 bytes before its u
    // are no pair, the first look-alike's last digit being a backslash
    // (found by mutation testing: `&&` for the last `||` of the pair check
    // took them for one and said json_invalid_surrogate).
    {"bad escape after escaped backslashes that look like a surrogate pair",
     call(R"("summary":"\\uD80\\u000\uGGG and more text")"), error::json_invalid_escape,
     "$.results[0].summary", 38},
    // The same look-alike, `\\uD800` then no `\u` escape in the next six
    // bytes, before a bad escape whose G Boost.JSON (reading it whole)
    // reports 12 bytes after the look-alike's backslash: the pair check
    // must look at both halves (mutation testing: checking only the first
    // escape survived and said json_invalid_surrogate).
    {"bad escape 12 bytes after an escaped backslash and uD800",
     call(R"("summary":"\\uD800xxxx\uG0GG and more text")"), error::json_invalid_escape,
     "$.results[0].summary", 37},
    // `\\u` (a backslash, then u) looks like an escape to a look back; the
    // escape after it, `\uG00` near the end of the input, is read digit by
    // digit and fails at the G (found by mutation testing: taking any
    // look-back `u` whose bad digit is not at the error moved it 2 bytes
    // back).
    {"bad escape digit after an escaped backslash and u", call(R"("summary":"\\u\uG00")"),
     error::json_invalid_escape, "$.results[0].summary", 29},
    // Whole in a chunk, Boost.JSON 1.81 fails these escapes elsewhere than
    // at the bad digit; byte by byte it says the bad digit, and so does the
    // decoder, whole or split. Each found by mutation testing:
    // - `\uGGG`: Boost says the u; a look back for the u that began one
    //   byte back missed it and left the error there;
    {"escape whose first three digits are bad", call(R"("summary":"ab\uGGG and more text")"),
     error::json_invalid_escape, "$.results[0].summary", 28},
    // - the second escape of a pair, whose first digit is a `u` with no
    //   backslash before it: taking that `u` for an escape's moved the
    //   error one byte on;
    {"u as the first digit of a pair's second escape", call(R"("summary":"ab\uD800\uuxyz and more text")"),
     error::json_invalid_escape, "$.results[0].summary", 34},
    // - `\u004G`: Boost says the 4; a look for the first bad digit that
    //   stopped at the third left the error there;
    {"bad fourth digit", call(R"("summary":"ab\u004G and more text")"), error::json_invalid_escape,
     "$.results[0].summary", 31},
    // - `\u0G00` after a leading surrogate: Boost says the 0 after the G; a
    //   count of good digits that skipped the first left the error there.
    {"bad second digit between good ones in a pair's second escape",
     call(R"("summary":"ab\uD800\u0G00 and more text")"), error::json_invalid_escape, "$.results[0].summary", 35},
    {"lone trailing surrogate before more text", call(R"("summary":"ab\uDED1 and more text")"),
     error::json_invalid_surrogate, "$.results[0].summary", 32},
    {"leading surrogate then a non-surrogate before more text", call(R"("summary":"\uD83D\u0041 and more text")"),
     error::json_invalid_surrogate, "$.results[0].summary", 36},
    // Every second digit of a leading surrogate, 8 9 a b A B, is one
    // (found by mutation testing: 9, a and B read as no leading surrogate).
    {"leading surrogate D9 then a non-surrogate", call(R"("summary":"\uD9FF\u0041 and more text")"),
     error::json_invalid_surrogate, "$.results[0].summary", 36},
    {"leading surrogate da then a non-surrogate", call(R"("summary":"\uda00\u0041 and more text")"),
     error::json_invalid_surrogate, "$.results[0].summary", 36},
    {"leading surrogate DB then a non-surrogate", call(R"("summary":"\uDBFF\u0041 and more text")"),
     error::json_invalid_surrogate, "$.results[0].summary", 36},
    {"lone trailing surrogate", call(R"("summary":"\uDC00")"), error::json_invalid_surrogate,
     "$.results[0].summary", 30},
    {"invalid UTF-8 byte", call("\"summary\":\"a\xff\""), error::json_syntax, "$.results[0].summary", 25},
    {"overlong UTF-8", call("\"summary\":\"\xc0\xaf\""), error::json_syntax, "$.results[0].summary", 24},
    {"truncated UTF-8 sequence", call("\"summary\":\"\xe2\x82\""), error::json_syntax, "$.results[0].summary", 24},
    // A chunk that ends inside a bad UTF-8 sequence: the sequence's first
    // byte, whatever comes after it (found by fuzz_decoder when Boost.JSON
    // checked the UTF-8: it failed at the next chunk's first byte).
    {"truncated UTF-8 at the end of an unknown key, then a literal", "{\"u\xf3\":null,\"total\":1,\"results\":[]}",
     error::json_syntax, "$", 3},
    {"truncated UTF-8 in a string, then a literal", call("\"summary\":\"\xf0\x9f\",\"x\":true"), error::json_syntax,
     "$.results[0].summary", 24},
    {"two-byte lead before a quote", call("\"summary\":\"ab\xc3\""), error::json_syntax, "$.results[0].summary", 26},
    {"bad UTF-8 after a valid four-byte sequence", call("\"summary\":\"\xf0\x9f\x98\x80\xe2\x28\xa1\""),
     error::json_syntax, "$.results[0].summary", 28},
    {"bad UTF-8 in an escaped string", call("\"summary\":\"\\n\xe2\x82:null\""), error::json_syntax,
     "$.results[0].summary", 26},
    {"raw control character", call("\"summary\":\"a\x01\""), error::json_syntax, "$.results[0].summary", 25},
    // Read a byte at a time, a character's last byte closes it: the error
    // at the next byte is not moved back to the character (found by
    // mutation testing).
    {"control character right after a three-byte character", call("\"summary\":\"\xe2\x82\xac\x01\""),
     error::json_syntax, "$.results[0].summary", 27},
    {"control character right after a two-byte character", call("\"summary\":\"\xc3\xa9\x01\""),
     error::json_syntax, "$.results[0].summary", 26},
    {"invalid UTF-8 in a key", "{\"re\xffsults\":[]}", error::json_syntax, "$", 4},
    // The input ends right after a bad sequence, or inside one: the bad
    // sequence is bad syntax (Boost.JSON said the document was incomplete,
    // before the decoder checked UTF-8 itself); a sequence that may still
    // be completed is the end of a truncated input.
    {"bad UTF-8 at the end of the input, in a key", "{\"tot\xe2l", error::json_syntax, "$", 5},
    {"bad UTF-8 at the end of the input, in a string", R"({"results":[{"summary":"ab)" "\xe2l", error::json_syntax,
     "$.results[0].summary", 26},
    {"input ending inside a UTF-8 sequence", R"({"results":[{"summary":"ab)" "\xf0\x9f\x98", error::json_incomplete,
     "$.results[0].summary", 29},
    // The README: bad UTF-8 is json_syntax at its first byte, but an error
    // before it comes first, and so does the refusal of a number the bad
    // byte ends (integer_out_of_range, as arena_full in a schema-free
    // value); where JSON allows no byte of a string, JSON's own error
    // stands (json_invalid_escape for a \u digit: rows above).
    {"an error before a bad UTF-8 byte in the same chunk", call("\"callId\":7,\"summary\":\"a\xff\""),
     error::type_mismatch, "$.results[0].callId", 23},
    {"integer above int64 ended by a bad UTF-8 byte", call("\"billedSideInputTokens\":9223372036854775808\xff"),
     error::integer_out_of_range, "$.results[0].billedSideInputTokens", 56},
    {"bad UTF-8 byte after the document", "{\"results\":[]}\xff", error::json_trailing_data, "$", 14},
    // depth
    {"deep nesting in an unknown field", nested("x", 40), error::depth_limit, "$.results[0].x", 46},
    {"deep nesting in a schema-free value", call(R"("initialState":{"a":)" + std::string(40, '[') +
                                                 std::string(40, ']') + "}"),
     error::depth_limit, "$.results[0].initialState", 61},
    // duplicates
    {"duplicate callId", call(R"("callId":"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","callId":"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")"),
     error::duplicate_key, "$.results[0].callId", 68},
    {"duplicate null field", call(R"("summary":null,"summary":"x")"), error::duplicate_key, "$.results[0].summary", 36},
    {"duplicate results", R"({"results":[],"results":[]})", error::duplicate_key, "$.results", 22},
    {"duplicate schema-free value", call(R"("requestContext":1,"requestContext":2)"), error::duplicate_key,
     "$.results[0].requestContext", 47},
    // grammar
    {"trailing comma in an object", R"({"results":[],})", error::json_syntax, "$.results", 14},
    {"trailing comma in an array", R"({"results":[{},]})", error::json_syntax, "$.results", 15},
    {"comment", R"({/* c */"results":[]})", error::json_syntax, "$", 1},
    {"single quotes", R"({'results':[]})", error::json_syntax, "$", 1},
    {"NaN literal", call(R"("temperature":NaN)"), error::json_syntax, "$.results[0].temperature", 27},
    {"leading zero", call(R"("temperature":01)"), error::json_syntax, "$.results[0].temperature", 28},
    {"missing colon", R"({"results"[]})", error::json_syntax, "$.results", 10},
    {"bare word", R"({"results":[],"x":yes})", error::json_syntax, "$.x", 18},
    // A misspelt literal is reported at its first wrong byte however the
    // input is split (Boost.JSON says its first byte when the literal is
    // whole in a chunk, the wrong byte otherwise; found by fuzz_decoder).
    {"misspelt null", call(R"("joinUrl":nul"summary")"), error::json_syntax, "$.results[0].joinUrl", 26},
    {"misspelt true in an array", R"({"results":[],"x":[1,trux]})", error::json_syntax, "$.x", 24},
    // ... and at its second byte (found by mutation testing: a count of
    // matching bytes from the third went past the wrong second byte, to
    // the end of the literal).
    {"null misspelt at its second byte", R"({"results":[],"x":nall})", error::json_syntax, "$.x", 19},
    {"true misspelt at its second byte", R"({"results":[],"x":tRue})", error::json_syntax, "$.x", 19},
    {"false misspelt at its second byte", R"({"results":[],"x":fAlse})", error::json_syntax, "$.x", 19},
    // ... and after whitespace, which a chunk may end with: the byte
    // looked back at is the last one before the whitespace (found by
    // mutation testing: a look back that ran forward past the chunk).
    {"misspelt null after spaces", call("\"joinUrl\": \t\r\n nulx"), error::json_syntax, "$.results[0].joinUrl", 31},
    {"misspelt true after a comma and a space", R"({"results":[],"x":[1, trux]})", error::json_syntax, "$.x", 25},
    // ... after a comma too, where page_decoder asks whether a value or a
    // key is due: in each kind of container the handler keeps apart.
    {"misspelt literal after a comma in the results", R"({"results":[{},tru]})", error::json_syntax, "$.results", 18},
    {"misspelt literal after a comma in a string array",
     call(R"("callbacks":{"joined":{"secrets":["a",tru]}})"), error::json_syntax, "$.results[0].callbacks.joined.secrets", 54},
    {"misspelt literal after a comma in a map", call(R"("metadata":{"a":"b",nul})"), error::json_syntax, "$.results[0].metadata", 33},
    {"misspelt literal after a comma in a schema-free array", call(R"("experimentalSettings":[1,fals])"),
     error::json_syntax, "$.results[0].experimentalSettings", 43},
    {"misspelt literal after a comma in a schema-free object", call(R"("initialState":{"a":1,nul})"),
     error::json_syntax, "$.results[0].initialState", 35},
    {"misspelt literal after a comma in an array inside a schema-free object",
     call(R"("initialState":{"a":{"b":[1,tru]}})"), error::json_syntax, "$.results[0].initialState", 44},
    {"misspelt literal after a comma in an object inside a skipped array",
     R"({"results":[],"x":[{"a":1,nul}]})", error::json_syntax, "$.x", 26},
    // ... and in a skipped object itself (mutant P82: begin_skip's
    // `array ? 1 : 0` -> `1` survived).
    {"misspelt literal after a comma in a skipped object", R"({"results":[],"x":{"a":1,nul}})", error::json_syntax,
     "$.x", 25},
    {"misspelt literal after a comma in an array inside a skipped object",
     R"({"results":[],"x":{"y":[{"z":1},tru]}})", error::json_syntax, "$.x", 35},
    // An object where an array was before, at the same level: a key is due
    // after its comma (mutant P81: set_level's `arrays & ~bit` -> `arrays`
    // survived, and the literal was placed as a value's).
    {"misspelt literal after a comma in an object after an array, inside a skipped array",
     R"({"results":[],"x":[[0],{"a":1,nul}]})", error::json_syntax, "$.x", 30},
    {"misspelt literal after a comma in an object after an array, inside a schema-free object",
     call(R"("initialState":{"a":[0],"b":{"c":1,nul}})"), error::json_syntax, "$.results[0].initialState", 48},
    {"misspelt false at the root", "falsy", error::json_syntax, "$", 4},
    {"literal where a key is due", R"({"results":[],nul})", error::json_syntax, "$.results", 14},
    {"letters right after a refused null", call(R"("callId":nullx)"), error::type_mismatch,
     "$.results[0].callId", 25},
    // An error inside a string that is an array element names the array,
    // not the element, however the input is split (a chunk that ends inside
    // the string used to add the index; found by fuzz_decoder).
    {"control character in a string array element", call("\"callbacks\":{\"joined\":{\"secrets\":[\"ok\",\"a\x01\"]}}"),
     error::json_syntax, "$.results[0].callbacks.joined.secrets", 54},
    {"control character in a string where a call is due", "{\"results\":[\"abc\x01\"]}", error::json_syntax,
     "$.results", 16},
    // An error inside a key names the member before it, however the input
    // is split (a chunk that ends inside the key used to show the part of it
    // read so far when the member before was unknown; found by fuzz_decoder).
    {"control character in a key after an unknown member", "{\"results\":[],\"x\":1,\"ab\x01" "c\":2}",
     error::json_syntax, "$.x", 23},
    {"long unknown key with an error inside", R"({"results":[],")" + std::string(100, 'k') + R"(":[1,]})",
     error::json_syntax, "$." + std::string(64, 'k'), 120},
    // A key's control characters are escaped in the path, so that an
    // error report stays one line (found by an audit of decode-calls).
    {"error after an unknown key holding a newline", R"({"results":[],"un\nknown":[tru]})", error::json_syntax,
     R"($['un\nknown'])", 30},
    {"map value of the wrong type under a key holding NUL and a tab", call(R"("metadata":{"a\u0000\tb":5})"),
     error::type_mismatch, R"($.results[0].metadata['a\u0000\tb'])", 39},
    // Only the first 64 bytes of an unknown key are kept for the path, cut
    // back to a whole UTF-8 character.
    {"error after a long unknown key cut inside a character",
     R"({"results":[],")" + std::string(63, 'k') + "\xc3\xa9" + R"(":[1,]})", error::json_syntax,
     "$." + std::string(63, 'k'), 85},
};

} // namespace

TEST_CASE("decoder reports each bad input with its error, JSONPath and byte offset")
{
    CHECK(bad_inputs.size() >= 40);
    for (auto const& row : bad_inputs) {
        SUBCASE(row.name)
        {
            std::string const name = row.name;
            CAPTURE(name);
            auto const o = test::decode(row.json);
            CHECK(o.ec == row.expected);
            CHECK(o.path == row.path);
            CHECK(o.offset == row.at);
        }
    }
}

TEST_CASE("decoder reports the same error, offset and path however bad input is split")
{
    for (auto const& row : bad_inputs) {
        std::string const name = row.name;
        CAPTURE(name);
        auto const whole = test::decode(row.json);
        REQUIRE(whole.ec);
        CHECK(test::decode(row.json, {1}) == whole);
        for (std::size_t split = 1; split < row.json.size(); ++split) {
            auto const o = test::decode(row.json, {split, row.json.size()});
            if (!(o == whole)) {
                CAPTURE(split);
                CHECK(o.ec == whole.ec);
                CHECK(o.offset == whole.offset);
                CHECK(o.path == whole.path);
            }
        }
    }
}

TEST_CASE("decoder reports bad UTF-8 at its first byte at the edge of Boost's window in an escaped string")
{
    // Boost.JSON reads a string with escapes in windows of
    // BOOST_JSON_STACK_BUFFER_SIZE bytes (4096 on x86, 256 elsewhere) from
    // its first backslash; a lead byte that ends a window was reported one
    // byte late in one chunk (found by fuzz_decoder).
    for (std::size_t window : {std::size_t(BOOST_JSON_STACK_BUFFER_SIZE), std::size_t(256), std::size_t(4096)}) {
        for (std::size_t end = window - 3; end <= window + 1; ++end) {
            std::string const head = R"({"results":[{"summary":"\n)";
            std::string const doc = head + std::string(end - 2, 'a') + "\xc9\\u0041\"}]}";
            std::size_t const lead = doc.find('\xc9');
            CAPTURE(window);
            CAPTURE(end);
            auto const whole = test::decode(doc);
            CHECK(whole.ec == error::json_syntax);
            CHECK(whole.offset == lead);
            CHECK(whole.path == "$.results[0].summary");
            for (std::size_t split : {lead - 1, lead, lead + 1, lead + 2}) {
                auto const o = test::decode(doc, {split, doc.size()});
                CAPTURE(split);
                CHECK(o.ec == whole.ec);
                CHECK(o.offset == lead);
                CHECK(o.path == whole.path);
            }
        }
    }
}

TEST_CASE("decoder reports an unfinished UTF-8 sequence at its lead byte, for the least and greatest lead of each length")
{
    // A lead byte, the continuation bytes its sequence may take but one,
    // then a quote. Whole, Boost fails at the lead byte; split after any of
    // its bytes, Boost keeps them and fails at the quote, and the decoder
    // reports the lead byte all the same. The bounds of each length are
    // the decoder's own table (found by mutation testing: 0xDF and 0xEF
    // read as no lead byte survived).
    struct seq {
        char const* bytes;
        std::size_t size;
    };
    seq const seqs[] = {{"\xc2", 1}, {"\xdf", 1}, {"\xe0\xa0", 2}, {"\xef\xbf", 2}, {"\xf0\x90\x80", 3},
                        {"\xf4\x8f\x80", 3}};
    for (seq const& q : seqs) {
        std::string const head = R"({"results":[{"summary":"ab)";
        std::string const doc = head + std::string(q.bytes, q.size) + R"("}]})";
        std::size_t const lead = head.size();
        CAPTURE(lead);
        CAPTURE(static_cast<unsigned>(static_cast<unsigned char>(q.bytes[0])));
        auto const whole = test::decode(doc);
        CHECK(whole.ec == error::json_syntax);
        CHECK(whole.offset == lead);
        CHECK(whole.path == "$.results[0].summary");
        for (std::size_t split = lead + 1; split <= lead + q.size; ++split) {
            CAPTURE(split);
            auto const o = test::decode(doc, {split, doc.size()});
            CHECK(o.ec == error::json_syntax);
            CHECK(o.offset == lead);
            CHECK(o.path == "$.results[0].summary");
        }
        CHECK(test::decode(doc, {1}).offset == lead);
    }
}

TEST_CASE("decoder looks for a bad escape's u within the chunk and never before it")
{
    // The escape's `\u` ends the first chunk; its first digit, bad, begins
    // the second, which the caller keeps after bytes that would spell
    // another escape (`\uZ`). Boost read the digits one by one and is
    // right: the error is at the G. Bytes before a chunk are not the
    // decoder's to read (found by mutation testing: a look back bound
    // `k <= 4 || k <= n` read them and moved the error one byte back).
    std::string const first = R"({"results":[{"summary":"\u)";
    std::string const held = R"(\uZ)" + std::string(R"(G00 and more text"}]})");
    char const* const second = held.data() + 3;
    std::size_t const second_size = held.size() - 3;
    std::vector<char> arena(16384);
    uvcalls::page_decoder d(arena.data(), arena.size());
    uvcalls::error_code ec;
    d.write(first.data(), first.size(), ec);
    REQUIRE_FALSE(ec);
    d.write(second, second_size, ec);
    CHECK(ec == error::json_invalid_escape);
    CHECK(d.byte_offset() == first.size());
    CHECK(d.error_path() == "$.results[0].summary");
}

TEST_CASE("decoder reads no byte past a chunk that ends three or four bytes after a bad escape's u")
{
    // Each chunk is a heap block of its exact size, so that a look at the
    // byte after it is a read AddressSanitizer sees. Found by mutation
    // testing, each time with the same answer, so that only ASan saw it:
    // - ending three bytes after the u: `u + 4 > size`, and `&&` for the
    //   second `||` of that check, read one byte past the chunk (a test
    //   string's own bytes after the chunk had hidden it);
    // - ending with the fourth digit: the look for the first bad digit
    //   starting at a fifth read the byte after the chunk.
    std::string const head = R"({"results":[{"summary":"\u)";
    for (char const* digits : {"12G", "1G2", "G12", "12G4", "1G24", "G124", "123G"}) {
        CAPTURE(digits);
        std::string const text = head + digits;
        test::exact_block const chunk(text);
        std::vector<char> arena(16384);
        uvcalls::page_decoder d(arena.data(), arena.size());
        uvcalls::error_code ec;
        d.write(chunk.view().data(), chunk.view().size(), ec);
        CHECK(ec == error::json_invalid_escape);
        CHECK(d.byte_offset() == text.find('G'));
    }
}

TEST_CASE("decoder looks for an unfinished UTF-8 sequence within the chunk and never before it")
{
    // A syntax error at the second byte of a chunk that the caller keeps
    // after a UTF-8 lead byte: the lead is not the decoder's to read, and
    // the error is at the x (found by mutation testing: a look back of 3
    // bytes from a chunk of 2 read the lead and moved the error 2 bytes
    // back).
    std::string const first = R"({"results":[])";
    std::string const held = "\xe2" + std::string(",x}");
    std::vector<char> arena(16384);
    uvcalls::page_decoder d(arena.data(), arena.size());
    uvcalls::error_code ec;
    d.write(first.data(), first.size(), ec);
    REQUIRE_FALSE(ec);
    d.write(held.data() + 1, held.size() - 1, ec);
    CHECK(ec == error::json_syntax);
    CHECK(d.byte_offset() == first.size() + 1);
    CHECK(d.error_path() == "$.results");
}

TEST_CASE("decoder reports a key or string Boost.JSON cannot count as a limit, not as a syntax error")
{
    // Boost counts each key's and string's bytes in a std::size_t, with the
    // handler's bounds at SIZE_MAX too, and fails one that reaches it: on a
    // 32-bit target, valid JSON with a 4 GiB string anywhere (a skipped
    // field's too) was reported as json_syntax. No test sends 4 GiB (under
    // qemu-i386 it takes 30 s), so the mapping of Boost's errors is checked.
    using uvcalls::detail::map_json_error;
    CHECK(map_json_error(boost::json::error::string_too_large) == error::string_limit);
    CHECK(map_json_error(boost::json::error::key_too_large) == error::string_limit);
    CHECK(map_json_error(boost::json::error::syntax) == error::json_syntax);
}

TEST_CASE("decoder reports an array or object Boost.JSON cannot count as element_limit, not as a full arena")
{
    // Boost fails an array or object past parser_bound elements (2^31 - 2).
    // That was arena_full, which in per-call mode or in a skipped value
    // sends the caller growing an arena that did not run out. Sending 2^31
    // elements takes gigabytes, so the mapping of Boost's errors is checked.
    using uvcalls::detail::map_json_error;
    CHECK(map_json_error(boost::json::error::array_too_large) == error::element_limit);
    CHECK(map_json_error(boost::json::error::object_too_large) == error::element_limit);
    CHECK(uvcalls::error_code(error::element_limit) == uvcalls::condition::limit);
    CHECK(uvcalls::detail::parser_bound == 0x7ffffffe);
}

TEST_CASE("map_json_error gives each Boost.JSON error with a uvcalls error of its own that error, the two surrogate errors alike")
{
    // page_decoder rewrites Boost's illegal_leading_surrogate (whole-chunk
    // reading) to illegal_trailing_surrogate before it maps the code, so no
    // input reaches that row of the mapping, nor expected_utf16_escape's
    // (Boost 1.81 says syntax for a leading surrogate without a second
    // escape); the mapping itself is a promise of the function, checked
    // here row by row (mutation testing: illegal_leading_surrogate dropped
    // from the surrogate row survived).
    namespace bj = boost::json;
    using uvcalls::detail::map_json_error;
    CHECK(map_json_error(bj::error::incomplete) == error::json_incomplete);
    CHECK(map_json_error(bj::error::extra_data) == error::json_trailing_data);
    CHECK(map_json_error(bj::error::exponent_overflow) == error::json_number_overflow);
    CHECK(map_json_error(bj::error::too_deep) == error::depth_limit);
    CHECK(map_json_error(bj::error::illegal_leading_surrogate) == error::json_invalid_surrogate);
    CHECK(map_json_error(bj::error::illegal_trailing_surrogate) == error::json_invalid_surrogate);
    CHECK(map_json_error(bj::error::expected_hex_digit) == error::json_invalid_escape);
    CHECK(map_json_error(bj::error::expected_utf16_escape) == error::json_invalid_escape);
    CHECK(map_json_error(bj::error::input_error) == error::json_syntax);
}

TEST_CASE("decoder points at the byte where the input went wrong")
{
    std::string const doc = R"({"results":[{"summary":"ok","created":"2025-01-01Tnope"}]})";
    auto const o = test::decode(doc);
    CHECK(o.ec == error::invalid_timestamp);
    CHECK(o.offset == doc.find("nope") + 4); // the closing quote of the bad value
    std::string const syntax = R"({"results":[{"summary":"ok",,}]})";
    CHECK(test::decode(syntax).offset == syntax.find(",,") + 1);
    // A bad \u escape: at its bad digit, or after the digits of a surrogate
    // out of place, as read digit by digit, whatever the chunks.
    for (std::string const bad : {R"(\uG000)", R"(\uDC00)", R"(\uD83D\u0041)"}) {
        std::string const escaped = R"({"results":[{"summary":"ab)" + bad + R"( and more text"}]})";
        CAPTURE(escaped);
        std::size_t const at = bad == R"(\uG000)" ? escaped.find('G') : escaped.find(" and");
        CHECK(test::decode(escaped).offset == at);
        CHECK(test::decode(escaped, {1}).offset == at);
    }
}

TEST_CASE("decoder reports a bad \\u digit at that digit for the bytes at each end of the hex digit ranges")
{
    // Good digits 0 9 a f A F before a bad one, and the bad bytes just
    // outside those ranges, whole and byte by byte (found by mutation
    // testing: `a` read as no hex digit moved the error one byte back).
    for (char const good : std::string_view("09afAF")) {
        for (char const bad : std::string_view("/:`g@G")) {
            std::string const escape = std::string("\\u") + good + '0' + bad + '0';
            std::string const doc = call("\"summary\":\"" + escape + " and more text\"");
            std::size_t const at = doc.find(escape) + 4;
            CAPTURE(doc);
            auto const whole = test::decode(doc);
            CHECK(whole.ec == error::json_invalid_escape);
            CHECK(whole.offset == at);
            auto const split = test::decode(doc, {1});
            CHECK(split.ec == error::json_invalid_escape);
            CHECK(split.offset == at);
        }
    }
}

TEST_CASE("decoder marks a path that is too long for its storage as truncated")
{
    std::string const key(300, 'k');
    std::string const doc = R"({"results":[],")" + key + R"(":[1,]})";
    std::vector<char> arena(4096);
    uvcalls::page_decoder d(arena.data(), arena.size());
    uvcalls::error_code ec;
    d.write_final(doc.data(), doc.size(), ec);
    CHECK(ec == error::json_syntax);
    // An unknown key is kept for the path up to 64 bytes: its beginning,
    // marked cut (the name says "truncated", which was not checked).
    CHECK(d.error_path() == "$." + std::string(64, 'k'));
    CHECK(d.error_json_path().truncated());
    CHECK(d.byte_offset() == doc.find(",]") + 1);
}

TEST_CASE("decoder cuts a path longer than its storage at a whole UTF-8 character, and says so")
{
    // A map key is kept whole (unlike an unknown key, cut at 64 bytes), so
    // its path can outgrow json_path::capacity (found by mutation testing).
    auto const path_of = [](std::string const& key, bool& truncated) {
        std::string const doc = call(R"("metadata":{")" + key + R"(":1})");
        std::vector<char> arena(4096);
        uvcalls::page_decoder d(arena.data(), arena.size());
        uvcalls::error_code ec;
        d.write_final(doc.data(), doc.size(), ec);
        CHECK(ec == error::type_mismatch);
        truncated = d.error_json_path().truncated();
        return std::string(d.error_path());
    };
    std::string const head = "$.results[0].metadata";
    REQUIRE(head.size() + 1 + 170 == uvcalls::json_path::capacity);
    bool truncated = true;
    // Exactly as long as the storage: whole.
    CHECK(path_of(std::string(170, 'k'), truncated) == head + "." + std::string(170, 'k'));
    CHECK_FALSE(truncated);
    // One byte more: cut, and marked.
    CHECK(path_of(std::string(171, 'k'), truncated) == head + "." + std::string(170, 'k'));
    CHECK(truncated);
    // Cut before a character that does not fit whole: the byte left free
    // stays free; nothing after the cut (the closing quote) is appended.
    std::string const key = " " + std::string(167, 'x') + "\xc3\xa9zz";
    std::string const want = head + "['" + " " + std::string(167, 'x');
    REQUIRE(want.size() == uvcalls::json_path::capacity - 1);
    truncated = false;
    CHECK(path_of(key, truncated) == want);
    CHECK(truncated);
}

TEST_CASE("decoder honours a smaller max_depth")
{
    uvcalls::decode_options opt;
    opt.limits.max_depth = 4;
    // $ (1) > results (2) > call (3) > medium (4) > twilio (5)
    auto const o = test::decode(call(R"("medium":{"twilio":{}})"), {}, opt);
    CHECK(o.ec == error::depth_limit);
    CHECK(o.path == "$.results[0].medium.twilio");
    CHECK_FALSE(test::decode(call(R"("medium":{})"), {}, opt).ec);
}

TEST_CASE("a max_depth above 64 is read as 64")
{
    for (std::size_t max : {std::size_t(64), std::size_t(65), std::size_t(1000)}) {
        CAPTURE(max);
        uvcalls::decode_options opt;
        opt.limits.max_depth = max;
        // $ (1) > results (2) > call (3) > 61 arrays: 64 levels.
        CHECK_FALSE(test::decode(nested("x", 61), {}, opt).ec);
        auto const o = test::decode(nested("x", 62), {}, opt);
        CHECK(o.ec == error::depth_limit);
        CHECK(o.path == "$.results[0].x");
    }
}

TEST_CASE("decoder marks the path truncated when it names a long unknown key by its beginning")
{
    std::string const key = std::string(63, 'k') + "\xc3\xa9";
    std::string const doc = R"({"results":[],")" + key + R"(":[1,]})";
    for (std::size_t split = 1; split < doc.size(); split += 7) {
        CAPTURE(split);
        std::vector<char> arena(4096);
        uvcalls::page_decoder d(arena.data(), arena.size());
        uvcalls::error_code ec;
        d.write(doc.data(), split, ec);
        if (!ec)
            d.write_final(doc.data() + split, doc.size() - split, ec);
        CHECK(ec == error::json_syntax);
        CHECK(d.error_path() == "$." + std::string(63, 'k'));
        CHECK(d.error_json_path().truncated());
    }
    // A key of exactly 64 bytes is whole: not truncated.
    std::string const whole = R"({"results":[],")" + std::string(64, 'k') + R"(":[1,]})";
    std::vector<char> arena(4096);
    uvcalls::page_decoder d(arena.data(), arena.size());
    uvcalls::error_code ec;
    d.write_final(whole.data(), whole.size(), ec);
    CHECK(ec == error::json_syntax);
    CHECK(d.error_path() == "$." + std::string(64, 'k'));
    CHECK_FALSE(d.error_json_path().truncated());
}

TEST_CASE("a bad UTF-8 byte in a string over the limit is bad syntax at that byte, not the limit at the closing quote")
{
    // A string over max_string_length fails at its closing quote; a bad
    // byte before it fails first, at that byte, however the input is split
    // (page_decoder hands Boost the bytes before it, then the byte alone).
    std::string const doc = call("\"summary\":\"abc\xff\"");
    std::size_t const bad = doc.find('\xff');
    uvcalls::decode_options opt;
    opt.limits.max_string_length = 3;
    auto const whole = test::decode(doc, {}, opt);
    CHECK(whole.ec == error::json_syntax);
    CHECK(whole.offset == bad);
    CHECK(whole.path == "$.results[0].summary");
    for (std::size_t split = 1; split < doc.size(); ++split) {
        CAPTURE(split);
        CHECK(test::decode(doc, {split, doc.size()}, opt) == whole);
    }
}

TEST_CASE("a schema-free number the arena cannot hold fails with arena_full, also when a bad UTF-8 byte ends it")
{
    // The handler refuses a schema-free number when it ends, at the byte
    // after it, before Boost.JSON reads that byte; a bad UTF-8 byte there
    // must not turn the full arena into a syntax error (it did: page_decoder
    // replaced arena_full from the byte's parse by json_syntax, meant for a
    // string piece holding the byte, which no longer fails there). Where the
    // arena holds the number, the byte is the syntax error.
    std::string const bad = call("\"initialState\":{\"a\":123456789\xff}");
    std::string const good = call("\"initialState\":{\"a\":123456789 }");
    std::size_t const at = bad.find('\xff');
    bool full_at_the_byte = false;
    for (bool whole_page : {true, false}) {
        CAPTURE(whole_page);
        for (std::size_t size = 0; size < 4096; ++size) {
            CAPTURE(size);
            auto const g = test::decode(good, {}, {}, whole_page, size);
            auto const b = test::decode(bad, {}, {}, whole_page, size);
            CHECK(test::decode(bad, {1}, {}, whole_page, size) == b);
            if (g.ec && g.offset <= at) {
                REQUIRE(g.ec == error::arena_full);
                full_at_the_byte = full_at_the_byte || g.offset == at;
                CHECK(b.ec == g.ec);
                CHECK(b.offset == g.offset);
                CHECK(b.path == g.path);
            } else {
                CHECK(b.ec == error::json_syntax);
                CHECK(b.offset == at);
                CHECK(b.path == "$.results[0].initialState");
                break;
            }
        }
    }
    CHECK(full_at_the_byte);
}
