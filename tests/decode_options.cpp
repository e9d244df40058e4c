#include <uvcalls/decode_options.hpp>

#include <doctest/doctest.h>

#include <string>
#include <string_view>

TEST_CASE("call_field_set starts with every field and can be narrowed")
{
    uvcalls::call_field_set all;
    for (unsigned i = 0; i < uvcalls::call_field_count; ++i)
        CHECK(all.contains(static_cast<uvcalls::call_field>(i)));
    auto some = uvcalls::call_field_set::none().insert(uvcalls::call_field::summary);
    CHECK(some.contains(uvcalls::call_field::summary));
    CHECK_FALSE(some.contains(uvcalls::call_field::system_prompt));
    CHECK_FALSE(some.contains(uvcalls::call_field::sip_details));
    all.erase(uvcalls::call_field::system_prompt);
    CHECK_FALSE(all.contains(uvcalls::call_field::system_prompt));
    CHECK(all.contains(uvcalls::call_field::call_id));
    // Erasing a field that is not in the set leaves it out (found by
    // mutation testing: a toggle passed the lines above).
    all.erase(uvcalls::call_field::system_prompt);
    CHECK_FALSE(all.contains(uvcalls::call_field::system_prompt));
    CHECK_FALSE(some.erase(uvcalls::call_field::sip_details).contains(uvcalls::call_field::sip_details));
    CHECK(some.contains(uvcalls::call_field::summary));
}

TEST_CASE("json_path writes keys, quoted keys and indexes")
{
    uvcalls::json_path p;
    p.append("$");
    p.append_key("results");
    p.append_index(0);
    p.append_index(1234567890);
    p.append_key("a b");
    p.append_key("it's\\");
    p.append_key("9lives");
    p.append_key("snake_case_2"); // (found by mutation testing)
    p.append_key("Zulu_Alpha9z"); // A and 9 inside a name (found by mutation testing)
    p.append_key(""); // no name: quoted (found by mutation testing)
    CHECK(p.view() == R"($.results[0][1234567890]['a b']['it\'s\\']['9lives'].snake_case_2.Zulu_Alpha9z[''])");
    CHECK_FALSE(p.truncated());
}

TEST_CASE("json_path writes a key's control characters as JSON escapes, so a path is one line")
{
    uvcalls::json_path p;
    p.append("$");
    p.append_key("un\nknown");
    p.append_key(std::string_view("a\0b\t\r\b\f\x1f\x7f'", 10));
    CHECK(p.view() == R"($['un\nknown']['a\u0000b\t\r\b\f\u001f)" "\x7f" R"(\''])");
    CHECK(p.view().find('\n') == std::string_view::npos);
    CHECK_FALSE(p.truncated());
}

TEST_CASE("json_path keeps a cut key to a whole UTF-8 character and marks the path truncated")
{
    uvcalls::json_path p;
    p.append("$");
    p.append_key("ab\xc3", true); // the first byte of an é
    CHECK(p.view() == "$.ab");
    CHECK(p.truncated());
    p.clear();
    p.append("$");
    p.append_key("ab\xe2\x98\x95", true); // a whole character: kept
    CHECK(p.view() == "$['ab\xe2\x98\x95']");
    CHECK(p.truncated());
    p.clear();
    p.append("$");
    p.append_key("ab\xe2\x98", true);
    CHECK(p.view() == "$.ab");
}

TEST_CASE("json_path keeps its beginning and says so when it is full")
{
    uvcalls::json_path p;
    p.append("$");
    for (int i = 0; i < 100; ++i)
        p.append_key("segment");
    CHECK(p.view().size() == uvcalls::json_path::capacity);
    CHECK(p.truncated());
    CHECK(p.view().substr(0, 10) == "$.segment.");
    p.clear();
    CHECK(p.empty());
    CHECK_FALSE(p.truncated());
    // Cleared, it takes a path again (found by mutation testing: a clear()
    // that left it full kept every later path empty).
    p.append("$");
    p.append_key("results");
    CHECK(p.view() == "$.results");
}

TEST_CASE("json_path filled to exactly its capacity is whole, and truncated only by one byte more")
{
    uvcalls::json_path p;
    std::string const full(uvcalls::json_path::capacity - 1, 'a');
    p.append("$");
    p.append(full);
    CHECK(p.view().size() == uvcalls::json_path::capacity);
    CHECK_FALSE(p.truncated());
    p.append("b");
    CHECK(p.view() == "$" + full);
    CHECK(p.truncated());
}

TEST_CASE("json_path that fills up inside a multi-byte character stops before it, so the path stays UTF-8")
{
    // Keys of two-byte characters: the capacity falls inside one of them
    // (or after one, depending on the parity of the prefix); the kept path
    // must end on a character boundary either way, and nothing appended
    // after the cut may fill the room left (the path keeps its beginning).
    for (std::string const prefix : {"$", "$x"}) {
        CAPTURE(prefix);
        uvcalls::json_path p;
        p.append(prefix);
        p.append_key("results");
        std::string key;
        for (int i = 0; i < 100; ++i)
            key += "\xc3\xa9"; // é
        p.append_key(key);
        p.append_index(0);
        CHECK(p.truncated());
        std::string_view const v = p.view();
        CHECK(v.size() > uvcalls::json_path::capacity - 2);
        CHECK(v.size() <= uvcalls::json_path::capacity);
        CHECK(v.substr(0, prefix.size() + 10) == prefix + ".results['");
        // Only whole é after the quote: no lead byte without its
        // continuation, and no `'`, `]` or `[0]` after the cut.
        std::string_view const rest = v.substr(prefix.size() + 10);
        REQUIRE(rest.size() % 2 == 0);
        for (std::size_t i = 0; i < rest.size(); i += 2)
            CHECK(rest.substr(i, 2) == "\xc3\xa9");
    }
}

TEST_CASE("decode_options default to lenient, untruncated, every field, real limits")
{
    uvcalls::decode_options o;
    CHECK_FALSE(o.strict);
    CHECK_FALSE(o.truncate_long_strings);
    CHECK(o.limits.max_depth == 32);
    CHECK(o.limits.max_string_length == 64 * 1024);
}

TEST_CASE("decode_diagnostics start with nothing counted and no paths")
{
    // What a decoder reports before it has noticed anything (it starts
    // each page from a value-initialized decode_diagnostics).
    uvcalls::decode_diagnostics const d{};
    CHECK(d.missing_required == 0);
    CHECK(d.truncated_strings == 0);
    CHECK(d.first_missing.empty());
    CHECK(d.first_truncated.empty());
    CHECK_FALSE(d.first_missing.truncated());
    uvcalls::decode_diagnostics const defaulted;
    CHECK(defaulted.missing_required == 0);
    CHECK(defaulted.truncated_strings == 0);
}

TEST_CASE("utf8_prefix (json_path's cut) keeps a complete character of every length and drops an incomplete one")
{
    // The first and last character of each UTF-8 length, so that each lead
    // byte range's bounds are met: 7F | C2 DF | E0 EF | F0 F4.
    std::string_view const chars[] = {
        "\x7F", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xEF\xBF\xBD", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF",
    };
    for (std::string_view c : chars) {
        for (std::size_t k = 0; k <= c.size(); ++k) {
            std::string const text = "ab" + std::string(c.substr(0, k));
            CAPTURE(text);
            std::size_t const want = k == c.size() || k == 0 ? text.size() : 2;
            CHECK(uvcalls::detail::utf8_prefix(text.data(), text.size()) == want);
        }
    }
    // A text of continuation bytes alone (never passed: the text is valid
    // from its start) is kept whole rather than read before its start.
    CHECK(uvcalls::detail::utf8_prefix("\x80\x80", 2) == 2);
    CHECK(uvcalls::detail::utf8_prefix("", 0) == 0);
    // Nothing before the text is read, even when the text is empty and what
    // lies before it would be a cut character (json_path::append on a full
    // path asks for a prefix of 0 bytes; found by mutation testing: a loop
    // bound `i >= 0` read p[-1] and gave SIZE_MAX - 1 here).
    char const before[] = "a\x80";
    CHECK(uvcalls::detail::utf8_prefix(before + 2, 0) == 0);
    CHECK(uvcalls::detail::utf8_prefix(before + 1, 1) == 1);
}
