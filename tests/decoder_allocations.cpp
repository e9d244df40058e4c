// Proves the decoder's memory claim with a counting global operator new:
// with a caller-provided arena, decoding a page performs no heap
// allocation once the decoder has been used (Boost.JSON's parser keeps its
// suspend stack on the heap, one block taken at the decoder's first write()).
// Own program, because it replaces the global allocation functions.
#include <uvcalls/decoder.hpp>

#include "support/test_util.hpp"

#include "support/counting_new.hpp"

#include <doctest/doctest.h>

using test::allocations;

namespace {

// Decodes `in` in `chunk`-byte pieces; returns the allocations it made.
std::size_t allocations_of(uvcalls::page_decoder& d, std::string const& in, std::size_t chunk)
{
    d.reset();
    std::size_t const before = allocations;
    uvcalls::error_code const ec = test::write_in_chunks(d, in, chunk);
    std::size_t const made = allocations - before;
    REQUIRE_FALSE(ec);
    return made;
}

} // namespace

TEST_CASE("per-call decoding makes no heap allocation after the decoder's first use")
{
    std::string const in = test::read_file(test::data_path("generated/medium-twilio.json"));
    static char arena[64 * 1024];
    std::size_t calls = 0;
    auto on_call = [&](uvcalls::call const& c, std::size_t) {
        calls += c.call_id.has_value();
        return true;
    };
    uvcalls::page_decoder d(arena, sizeof arena, on_call);
    // The first use: Boost.JSON's suspend stack, one block sized for
    // max_depth (the README's "one block"), however the chunks fall.
    CHECK(allocations_of(d, in, 7) == 1);
    for (std::size_t chunk : {std::size_t(1), std::size_t(7), std::size_t(512), in.size()}) {
        CAPTURE(chunk);
        CHECK(allocations_of(d, in, chunk) == 0);
    }
    CHECK(calls == 2 * 5);
}

TEST_CASE("whole-page decoding makes no heap allocation after the decoder's first use")
{
    std::string const in = test::read_file(test::data_path("generated/voice-generic.json"));
    static char arena[128 * 1024];
    uvcalls::page_decoder d(arena, sizeof arena);
    CHECK(allocations_of(d, in, 3) == 1); // the first use: one block
    CHECK(allocations_of(d, in, 1) == 0);
    CHECK(allocations_of(d, in, 4096) == 0);
    CHECK(d.page().results->size() == 2);
}

TEST_CASE("a decoder fed whole documents never allocates, even on first use")
{
    std::string const in = test::read_file(test::data_path("generated/voice-lmnt.json"));
    static char arena[64 * 1024];
    std::size_t const before = allocations;
    uvcalls::page_decoder d(arena, sizeof arena);
    uvcalls::error_code ec;
    d.write_final(in.data(), in.size(), ec);
    REQUIRE_FALSE(ec);
    CHECK(allocations - before == 0);
}

TEST_CASE("failing, truncating and selecting fields make no heap allocation either")
{
    // The README's "the decoder never allocates" covers the error paths
    // (the JSONPath is built in fixed storage) and every decode_options.
    std::string const in = test::read_file(test::data_path("generated/medium-twilio.json"));
    static char arena[64 * 1024];
    auto on_call = [](uvcalls::call const&, std::size_t) { return true; };
    uvcalls::decode_options o;
    o.truncate_long_strings = true;
    // Room for the page's `next` link (59 bytes; a link is never cut), not
    // for the 441-byte system prompt.
    o.limits.max_string_length = 64;
    o.fields = uvcalls::call_field_set::none()
                   .insert(uvcalls::call_field::call_id)
                   .insert(uvcalls::call_field::system_prompt)
                   .insert(uvcalls::call_field::summary);
    uvcalls::page_decoder d(arena, sizeof arena, on_call, o);
    CHECK(allocations_of(d, in, 7) == 1);
    CHECK(allocations_of(d, in, 1) == 0);
    CHECK(d.diagnostics().truncated_strings != 0);

    std::string const bad[] = {
        R"({"results":[{"callId":"not-a-uuid"}]})",
        R"({"results":[{"callId":"\uD800\u0041"}]})",
        in.substr(0, in.size() / 2) + "}",
    };
    for (std::string const& doc : bad) {
        for (std::size_t chunk : {std::size_t(1), std::size_t(5), doc.size()}) {
            CAPTURE(chunk);
            d.reset();
            std::size_t const before = allocations;
            uvcalls::error_code const ec = test::write_in_chunks(d, doc, chunk);
            CHECK(allocations - before == 0);
            CHECK(ec);
            CHECK(d.error_path().substr(0, 10) == "$.results[");
        }
    }
}

TEST_CASE("a reused decoder does not allocate again when a later page nests deeper")
{
    // Boost.JSON 1.81 sizes its suspend stack for the depth at which the
    // parser first suspends and grows it (a new heap block) whenever a
    // chunk later ends deeper: a decoder warmed up on shallow pages would
    // allocate again on the first deep one (a schema-free value nested as
    // deep as max_depth allows), up to once per level.
    std::string const shallow = R"({"results":[{"callId":"3fa85f64-5717-4562-b3fc-2c963f66afa6"}]})";
    std::string deep = R"({"results":[{"callId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","initialState":)";
    std::size_t const levels = 32 - 3; // max_depth (32) less the page, results and call
    for (std::size_t i = 0; i < levels; ++i)
        deep += R"({"a":)";
    deep += "1";
    deep += std::string(levels, '}');
    deep += "}]}";
    static char arena[64 * 1024];
    auto on_call = [](uvcalls::call const&, std::size_t) { return true; };
    uvcalls::page_decoder d(arena, sizeof arena, on_call);
    CHECK(allocations_of(d, shallow, 1) == 1); // the decoder's first use: one block, for any depth to come
    CHECK(allocations_of(d, shallow, 1) == 0);
    CHECK(allocations_of(d, deep, 1) == 0);
    CHECK(allocations_of(d, deep, 7) == 0);

    // Nor does a page that fails at the depth limit, after a shallow one.
    uvcalls::page_decoder fresh(arena, sizeof arena, on_call);
    CHECK(allocations_of(fresh, shallow, 1) == 1);
    std::string too_deep = deep;
    too_deep.insert(too_deep.find("1}"), R"({"a":)");
    fresh.reset();
    std::size_t const before = allocations;
    uvcalls::error_code ec;
    for (std::size_t pos = 0; pos < too_deep.size() && !ec; ++pos)
        fresh.write(too_deep.data() + pos, 1, ec);
    CHECK(ec == uvcalls::error::depth_limit);
    CHECK(allocations - before == 0);
}

TEST_CASE("a decoder takes one block at its first use and none after, at the least and the greatest max_depth too")
{
    static char arena[64 * 1024];
    // max_depth 1: the warm-up suspends inside the page object. Without
    // it, a first chunk that ends before the page begins (here a space)
    // sized the stack for depth 0 and the next chunk took a second block
    // (found by mutation testing: no warm-up at max_depth 1 survived).
    {
        uvcalls::decode_options o;
        o.limits.max_depth = 1;
        std::string const page = R"( {"total":1})";
        uvcalls::page_decoder d(arena, sizeof arena, o);
        CHECK(allocations_of(d, page, 1) == 1);
        CHECK(allocations_of(d, page, 1) == 0);
    }
    // max_depth 64, the most: every byte of the 67-byte warm-up document
    // is read, and a page nested 64 deep then needs no new block (found by
    // mutation testing: a warm-up one `[` short survived).
    {
        uvcalls::decode_options o;
        o.limits.max_depth = 64;
        std::string const shallow = R"({"results":[]})";
        std::string deep = R"({"results":[{"initialState":)";
        std::size_t const levels = 64 - 3; // max_depth less the page, results and call
        for (std::size_t i = 0; i < levels; ++i)
            deep += R"({"a":)";
        deep += "1" + std::string(levels, '}') + "}]}";
        uvcalls::page_decoder d(arena, sizeof arena, o);
        CHECK(allocations_of(d, shallow, 1) == 1);
        CHECK(allocations_of(d, deep, 1) == 0);
    }
}

TEST_CASE("the counting allocator sees allocations, so the zeros above mean something")
{
    // Through a volatile, so an optimising compiler cannot elide the
    // new/delete pair (it may, since C++14).
    std::size_t const before = allocations;
    char* volatile p = new char[1000];
    delete[] p;
    CHECK(allocations - before == 1);
}
