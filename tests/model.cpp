#include <uvcalls/model.hpp>

#include <uvcalls/detail/model_schema.hpp>

#include "support/test_util.hpp"

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace uvcalls::detail;

std::set<std::string> model_properties()
{
    std::set<std::string> out;
    for (object_desc const* od : all_objects)
        for (std::size_t i = 0; i < od->count; ++i)
            out.insert(std::string(schema_name(*od)) + "." + std::string(od->fields[i].name));
    return out;
}

// (schema.property) -> states seen while walking decoded values.
struct coverage {
    std::map<std::string, std::set<uvcalls::presence>> seen;
    std::vector<std::string> problems;

    void walk(object_desc const& od, void const* obj)
    {
        for (std::size_t i = 0; i < od.count; ++i) {
            field_desc const& fd = od.fields[i];
            void const* fp = static_cast<char const*>(obj) + fd.offset;
            std::string const key = std::string(schema_name(od)) + "." + std::string(fd.name);
            uvcalls::presence const st = state_of(fp);
            seen[key].insert(st);
            if (st != uvcalls::presence::value)
                continue;
            if (fd.kind == field_kind::object) {
                walk(*fd.object, fd.object->get_ref(fp));
            } else if (fd.kind == field_kind::object_array) {
                std::size_t n = 0;
                auto const* data = static_cast<char const*>(fd.object->get_list(fp, n));
                if (n == 0)
                    problems.push_back(key + ": empty array");
                for (std::size_t k = 0; k < n; ++k)
                    walk(*fd.object, data + k * fd.object->size);
            } else if (fd.kind == field_kind::enumeration) {
                enum_desc const& ed = *fd.enumeration;
                std::uint8_t const idx = ed.index(fp);
                if (idx == 0 || idx > ed.count || ed.names[idx - 1] != ed.text(fp))
                    problems.push_back(key + ": enum text does not match its value");
            }
        }
    }
};

} // namespace

TEST_CASE("the model knows exactly the properties of the spec")
{
    std::istringstream spec(test::read_file(UVCALLS_SPEC_PROPERTIES));
    std::set<std::string> from_spec;
    for (std::string line; std::getline(spec, line);)
        if (!line.empty())
            from_spec.insert(line);
    REQUIRE(from_spec.size() == 187);
    auto const known = model_properties();
    for (auto const& p : from_spec)
        CHECK_MESSAGE(known.count(p) == 1, "missing from the model: " << p);
    for (auto const& p : known)
        CHECK_MESSAGE(from_spec.count(p) == 1, "not in the spec: " << p);
}

TEST_CASE("the model has one struct per object schema and 41 fields on Call")
{
    CHECK(sizeof(all_objects) / sizeof(all_objects[0]) == 40);
    CHECK(sizeof(all_enums) / sizeof(all_enums[0]) == 10);
    CHECK(call_desc.count == 41);
    CHECK(uvcalls::call_field_count == 41);
    CHECK(call_desc.fields[static_cast<unsigned>(uvcalls::call_field::system_prompt)].name == "systemPrompt");
    CHECK(call_desc.fields[static_cast<unsigned>(uvcalls::call_field::sip_details)].name == "sipDetails");
    std::size_t required = 0;
    for (std::size_t i = 0; i < call_desc.count; ++i)
        required += (call_desc.fields[i].flags & flag_required) != 0;
    CHECK(required == 23);
}

TEST_CASE("schema and enum names are found beside the descriptors, one per descriptor")
{
    CHECK(schema_name(call_desc) == "Call");
    CHECK(schema_name(paginated_call_list_desc) == "PaginatedCallList");
    CHECK(enum_name(end_reason_enum) == "end_reason");
    std::set<std::string_view> names;
    for (object_desc const* od : all_objects)
        CHECK(names.insert(schema_name(*od)).second);
    for (enum_desc const* ed : all_enums)
        CHECK(names.insert(enum_name(*ed)).second);
    CHECK(names.count("") == 0);
    // A descriptor that is not the model's has no name.
    object_desc const copy = call_desc;
    enum_desc const enum_copy = end_reason_enum;
    CHECK(schema_name(copy).empty());
    CHECK(enum_name(enum_copy).empty());
}

TEST_CASE("the fixtures decode every property of every schema, and every nullable Call field as null")
{
    char const* const names[] = {
        "medium-webRtc", "medium-twilio", "medium-serverWebSocket", "medium-telnyx", "medium-plivo",
        "medium-exotel", "medium-sip", "voice-elevenLabs", "voice-cartesia", "voice-lmnt",
        "voice-google", "voice-inworld", "voice-respeecher", "voice-generic",
    };
    coverage cov;
    std::vector<char> arena(1 << 20);
    for (char const* name : names) {
        std::string const in = test::read_file(test::data_path(std::string("generated/") + name + ".json"));
        uvcalls::page_decoder d(arena.data(), arena.size());
        uvcalls::error_code ec;
        d.write_final(in.data(), in.size(), ec);
        CAPTURE(name);
        REQUIRE_FALSE(ec);
        CHECK(d.diagnostics().missing_required == 0);
        cov.walk(paginated_call_list_desc, &d.page());
    }
    for (auto const& p : cov.problems)
        FAIL_CHECK(p);
    for (auto const& p : model_properties())
        CHECK_MESSAGE(cov.seen[p].count(uvcalls::presence::value) == 1, "never decoded: " << p);
    for (std::size_t i = 0; i < call_desc.count; ++i) {
        field_desc const& fd = call_desc.fields[i];
        if (fd.flags & flag_nullable)
            CHECK_MESSAGE(cov.seen["Call." + std::string(fd.name)].count(uvcalls::presence::null) == 1,
                          "never decoded as null: " << fd.name);
    }
}

TEST_CASE("every enum maps each of its texts to its own enumerator")
{
    for (enum_desc const* ed : all_enums) {
        CAPTURE(enum_name(*ed));
        uvcalls::field<uvcalls::enum_value<uvcalls::urgency>> scratch; // same layout for every enum
        std::set<std::string_view> texts;
        for (std::uint8_t i = 0; i < ed->count; ++i) {
            ed->set(&scratch, static_cast<std::uint8_t>(i + 1), ed->names[i]);
            CHECK(ed->index(&scratch) == i + 1);
            CHECK(ed->text(&scratch) == ed->names[i]);
            CHECK(texts.insert(ed->names[i]).second);
        }
    }
    CHECK(static_cast<int>(uvcalls::end_reason::unknown) == 0);
    CHECK(static_cast<int>(uvcalls::end_reason::agent_hangup) == 3);
    CHECK(static_cast<int>(uvcalls::billing_status::unspecified) == 9);
    CHECK(static_cast<int>(uvcalls::termination_reason::unknown_) == 8);
}

TEST_CASE("model strings, arrays and objects are views, not owning containers")
{
    CHECK(std::is_trivially_copyable<uvcalls::call>::value);
    CHECK(std::is_trivially_destructible<uvcalls::call>::value);
    CHECK(std::is_standard_layout<uvcalls::paginated_call_list>::value);
    // The view and its state in one more word: 24 bytes on a 64-bit host,
    // 12 on a 32-bit microcontroller.
    CHECK(sizeof(uvcalls::field<std::string_view>) == sizeof(std::string_view) + alignof(std::string_view));
}

TEST_CASE("every enum table lists the texts of its enum's enumerators, in their order")
{
    // The texts each enumerator of model.hpp documents (`name, ///< "text"`)
    // against the decoder's tables: a text changed, dropped or moved in a
    // table would decode that text to unknown or to another enumerator
    // (found by mutation testing: "system_error" changed in the table
    // survived; no fixture holds that end reason).
    std::istringstream model(test::read_file(UVCALLS_SOURCE_DIR "/include/uvcalls/model.hpp"));
    std::map<std::string, std::vector<std::string>> texts;
    std::string current;
    for (std::string line; std::getline(model, line);) {
        if (line.rfind("enum class ", 0) == 0) {
            std::string const name = line.substr(11, line.find(' ', 11) - 11);
            current = name == "call_field" ? "" : name;
        } else if (line.rfind("};", 0) == 0) {
            current.clear();
        } else if (!current.empty() && line.find("///< \"") != std::string::npos) {
            std::size_t const from = line.find("///< \"") + 6;
            texts[current].push_back(line.substr(from, line.find('"', from) - from));
        }
    }
    REQUIRE(texts.size() == sizeof(all_enums) / sizeof(all_enums[0]));
    for (enum_desc const* ed : all_enums) {
        CAPTURE(enum_name(*ed));
        auto const& want = texts[std::string(enum_name(*ed))];
        REQUIRE(want.size() == ed->count);
        for (std::size_t i = 0; i < want.size(); ++i)
            CHECK(ed->names[i] == want[i]);
    }
    // And decoded: the last end reason, which no fixture holds.
    std::string const page = R"({"results":[{"endReason":"system_error"}]})";
    std::vector<char> arena(1 << 16);
    uvcalls::page_decoder d(arena.data(), arena.size());
    uvcalls::error_code ec;
    d.write_final(page.data(), page.size(), ec);
    REQUIRE_FALSE(ec);
    CHECK(d.page().results->front().end_reason->value == uvcalls::end_reason::system_error);
}

TEST_CASE("the tables read each field as the spec types it: an int32's range, a duration's pattern, a lenient duration's text")
{
    // Found by mutation testing: respeecher's seed read as a 64-bit
    // integer, joinTimeout as a duration with the pattern, and a fallback
    // greeting's delay as lenient text all survived.
    auto const decode = [](std::string const& fields) { return test::decode(R"({"results":[{)" + fields + "}]}"); };
    // seed is `format: int32`.
    auto o = decode(R"("externalVoice":{"respeecher":{"seed":2147483647}})");
    CHECK_FALSE(o.ec);
    CHECK(o.path.empty());
    o = decode(R"("externalVoice":{"respeecher":{"seed":2147483648}})");
    CHECK(o.path == "$.results[0].externalVoice.respeecher.seed");
    CHECK(o.ec == uvcalls::error::integer_out_of_range);
    // joinTimeout has no pattern in the spec: any text is kept.
    o = decode(R"("joinTimeout":"soon")");
    CHECK_FALSE(o.ec);
    CHECK(o.path.empty());
    // A fallback greeting's delay has the pattern: other text is refused.
    o = decode(R"("firstSpeakerSettings":{"user":{"fallback":{"delay":"soon"}}})");
    CHECK(o.path == "$.results[0].firstSpeakerSettings.user.fallback.delay");
    CHECK(o.ec == uvcalls::error::invalid_duration);
    o = decode(R"("firstSpeakerSettings":{"user":{"fallback":{"delay":"1.5s"}}})");
    CHECK_FALSE(o.ec);
    CHECK(o.path.empty());
}
