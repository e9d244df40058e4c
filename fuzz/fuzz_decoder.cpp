// fuzz_decoder — page_decoder on arbitrary bytes, in both modes, in chunks
// the fuzzer chooses, under limits small enough to be reached.
//
// Input: the document, optionally followed by a NUL byte and up to eight
// configuration bytes. JSON text cannot hold a raw NUL, so a seed is a
// plain JSON page, and the fuzzer steers limits and splits by appending:
//   [0]    flags: 1 strict, 2 truncate_long_strings, 4 keep only the Call
//          fields whose index modulo 8 is a bit set in [4], 8 the call
//          handler stops the decode at the second call
//   [1]    arena: 0 roomy, else 64 * n bytes (one call alone takes ~1 KiB)
//   [2]    max_depth: 0 the default (32), else n (the decoder caps it at 64)
//   [3]    max_string_length: 0 the default (64 KiB), else n - 1
//   [4]    field mask (with flag 4)
//   [5..7] chunk sizes, cycled (n + 1 bytes each; 255: the rest of the
//          document, so that a chunk can outrun the parser's 4 KiB string
//          buffer, as boostorg/json#876 needed)
//
// Invariants:
// - split invariance: one chunk, and the fuzzer's chunks fed to a decoder
//   reset() in the middle of the same document, give the same calls, page,
//   error, byte offset and path;
// - per-call and whole-page modes agree, but for the arena they need;
// - an error, and the end of an accepted document, are final until reset();
// - a document the decoder accepts is one boost::json::parse accepts;
// - an accepted page, re-encoded and decoded again, encodes the same;
// - an accepted page with no string cut holds what the input holds, by an
//   oracle that reads the input itself beside the schema's descriptors
//   (oracle::expected_json): re-encoded, it equals the input with every
//   key the model does not know (or the field selection drops) removed, as
//   canonical JSON, numbers compared by value;
// - per-call mode hands each call over once, with the indexes 0, 1, 2...
//   in order, and calls() counts them;
// - arena_high_water() is enough: a fresh aligned arena of exactly that
//   size decodes the same input (same chunks) to the same outcome, unless
//   the decode measured was itself arena_full;
// - field selection (flag 4) drops exactly the unselected fields: when
//   every field decodes, the selected decode succeeds too, with each call
//   equal to the full one with the unselected fields absent, and the same
//   next, previous and total;
// - truncate_long_strings (flag 2), against a decode with no string limit:
//   when that succeeds, the cut decode succeeds or fails with string_limit
//   only; on success, every string of the model is the same, or over the
//   limit and cut to its longest prefix of at most max_string_length bytes
//   that ends at a UTF-8 character boundary, with its field's `truncated`
//   set (an enum so cut is `unknown`), each cut counted once; `next` and
//   `previous` are never cut (an over-long one is string_limit).
#include "check.hpp"

#include <uvcalls/decoder.hpp>
#include <uvcalls/detail/model_schema.hpp>
#include <uvcalls/encode.hpp>

#include <boost/json/basic_parser_impl.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace {

using uvcalls::error;

struct config {
    uvcalls::decode_options options;
    bool stop_at_second_call = false;
    bool select_fields = false; // flag 4
    std::size_t arena = 0; // 0: roomy
    std::size_t chunks[3] = {5, 1, 61};
};

config read_config(std::string_view c)
{
    config cfg;
    auto const byte = [&](std::size_t i) { return static_cast<std::uint8_t>(c[i]); };
    if (c.size() > 0) {
        cfg.options.strict = (byte(0) & 1) != 0;
        cfg.options.truncate_long_strings = (byte(0) & 2) != 0;
        cfg.stop_at_second_call = (byte(0) & 8) != 0;
        if ((byte(0) & 4) != 0) {
            cfg.select_fields = true;
            std::uint8_t const mask = c.size() > 4 ? byte(4) : 0;
            cfg.options.fields = uvcalls::call_field_set::none();
            for (unsigned i = 0; i < uvcalls::call_field_count; ++i)
                if ((mask >> (i % 8)) & 1)
                    cfg.options.fields.insert(static_cast<uvcalls::call_field>(i));
        }
    }
    if (c.size() > 1)
        cfg.arena = 64 * std::size_t(byte(1));
    if (c.size() > 2 && byte(2) != 0)
        cfg.options.limits.max_depth = byte(2);
    if (c.size() > 3 && byte(3) != 0)
        cfg.options.limits.max_string_length = byte(3) - 1u;
    for (std::size_t i = 0; i < 3 && 5 + i < c.size(); ++i)
        cfg.chunks[i] = byte(5 + i) == 255 ? SIZE_MAX : byte(5 + i) + 1u;
    return cfg;
}

// Whole-page mode keeps every call: about 2 KiB of arena for the three
// bytes of `{},` with 64-bit pointers, 1.2 KiB with 32-bit ones (the model
// is mostly pointers and sizes), hence 1024 or 512 bytes of arena per byte
// of text. (The 32-bit figure matters on the Cortex-M4, whose heap under
// QEMU is 15 MiB: two arenas of 1024 per byte for the corpus's largest
// inputs, 11 KB, would not fit.) Reused from one input to the next; a
// smaller one is freed before a larger is taken.
// `which`: 0, or 1 for a second one alive at the same time.
char* roomy_arena(std::size_t size, int which = 0)
{
    static std::unique_ptr<char[]> buf[2];
    static std::size_t cap[2] = {0, 0};
    if (cap[which] < size) {
        buf[which].reset();
        buf[which].reset(new char[size]);
        cap[which] = size;
    }
    return buf[which].get();
}
std::size_t roomy_size(std::string_view doc) { return 64 * 1024 + 128 * sizeof(void*) * doc.size(); }

std::string encode_call(uvcalls::call const& c)
{
    std::string s;
    uvcalls::encode_call(c, [&](std::string_view p) { return s.append(p), true; });
    return s;
}

std::string encode_page(uvcalls::paginated_call_list const& p, bool with_results)
{
    uvcalls::paginated_call_list head = p;
    if (!with_results)
        head.results = {};
    std::string s;
    uvcalls::encode_page(head, [&](std::string_view part) { return s.append(part), true; });
    return s;
}

struct outcome {
    std::vector<std::string> calls; // per call mode: as handed over; whole page: on success
    std::string page;               // next, previous, total
    uvcalls::error_code ec;
    std::size_t offset = 0;
    std::string path;
    std::size_t missing = 0;
    std::size_t truncated = 0;
    std::size_t high_water = 0; // arena_high_water(): not compared
};

// What a finished decode shows besides its calls and error code.
void take_page(outcome& o, uvcalls::page_decoder const& d)
{
    o.page = encode_page(d.page(), false);
    o.offset = d.byte_offset();
    o.path = std::string(d.error_path());
    o.missing = d.diagnostics().missing_required;
    o.truncated = d.diagnostics().truncated_strings;
}

// Decodes `doc` in `arena`. With `chunks`, feeds it in those sizes to a
// decoder that was first given the first half of the document and reset().
outcome decode(std::string_view doc, config const& cfg, bool whole_page, char* arena,
               std::size_t arena_size, std::size_t const* chunks)
{
    outcome o;
    auto on_call = [&](uvcalls::call const& c, std::size_t index) {
        // Each call once, numbered from 0 in order.
        UVCALLS_FUZZ_CHECK(index == o.calls.size());
        o.calls.push_back(encode_call(c));
        return !(cfg.stop_at_second_call && index == 1);
    };
    uvcalls::call_handler const handler = whole_page ? uvcalls::call_handler() : uvcalls::call_handler(on_call);
    uvcalls::page_decoder d(arena, arena_size, handler, cfg.options);
    if (chunks) {
        d.write(doc.data(), doc.size() / 2, o.ec);
        d.reset();
        o = outcome();
    }
    std::size_t pos = 0;
    for (std::size_t k = 0; pos < doc.size() && !o.ec; ++k) {
        std::size_t const n = chunks ? std::min(chunks[k % 3], doc.size() - pos) : doc.size();
        UVCALLS_FUZZ_CHECK(d.write(doc.data() + pos, n, o.ec) == n || o.ec);
        pos += n;
    }
    if (!o.ec)
        d.finish(o.ec);
    UVCALLS_FUZZ_CHECK(!o.ec == d.done());
    {
        // An error is final until reset(), and so is the end of an accepted
        // document: more input is not a second page merged into this one.
        uvcalls::error_code again;
        UVCALLS_FUZZ_CHECK(d.write(doc.data(), doc.size(), again) == 0 && again == error::decoder_not_ready);
    }
    UVCALLS_FUZZ_CHECK(o.ec ? d.byte_offset() <= doc.size() : d.byte_offset() == doc.size());
    UVCALLS_FUZZ_CHECK(d.error_path().substr(0, 1) == (o.ec ? "$" : ""));
    if (whole_page && !o.ec)
        for (auto const& c : d.page().results.value)
            o.calls.push_back(encode_call(c));
    UVCALLS_FUZZ_CHECK(o.calls.size() == d.calls() || (whole_page && o.ec));
    take_page(o, d);
    o.high_water = d.arena_high_water();
    return o;
}

// Everything observable must be the same. (Boost.JSON 1.81's own
// split-dependent answers, to a bad UTF-8 sequence and to a bad `\u`
// escape, are made the same by the decoder: no tolerance here.)
bool same_outcome(outcome const& a, outcome const& b)
{
    return a.calls == b.calls && a.page == b.page && a.path == b.path && a.missing == b.missing &&
           a.truncated == b.truncated && a.ec == b.ec && a.offset == b.offset;
}

// Checks same_outcome, printing both outcomes first when it fails.
void check_same(outcome const& a, outcome const& b, char const* what)
{
    if (same_outcome(a, b))
        return;
    // %lu, not %zu: newlib-nano's printf (the Cortex-M4 build) has no z.
    for (outcome const* o : {&a, &b})
        std::fprintf(stderr, "%s: %s at byte %lu (%s), %lu calls, page %s, %lu missing, %lu truncated\n",
                     what, o->ec.message().c_str(), static_cast<unsigned long>(o->offset), o->path.c_str(),
                     static_cast<unsigned long>(o->calls.size()), o->page.c_str(),
                     static_cast<unsigned long>(o->missing), static_cast<unsigned long>(o->truncated));
    UVCALLS_FUZZ_CHECK(same_outcome(a, b));
}

// The page decoded with the same options in a roomy arena, re-encoded:
// empty when that fails. `cut`: how many strings the decode cut.
std::string page_json(std::string_view doc, config const& cfg, uvcalls::error_code& ec, std::size_t& cut)
{
    uvcalls::page_decoder d(roomy_arena(roomy_size(doc)), roomy_size(doc), cfg.options);
    d.write_final(doc.data(), doc.size(), ec);
    cut = d.diagnostics().truncated_strings;
    return ec ? std::string() : encode_page(d.page(), true);
}

// A fresh arena of exactly arena_high_water() bytes, aligned as new
// aligns it, decodes the input measured (the same chunks, the same mode) to
// the same outcome. Not promised when the decode measured ran out of arena.
void check_high_water(std::string_view doc, config const& cfg, bool whole_page, char const* measured_arena,
                      std::size_t const* chunks, outcome const& measured)
{
    constexpr std::size_t align = alignof(std::max_align_t);
    if (measured.ec == error::arena_full)
        return;
    UVCALLS_FUZZ_CHECK(measured.high_water % align == 0);
    std::unique_ptr<char[]> exact(new char[measured.high_water]);
    // (The promise is for aligned buffers: the harness's are, being new's.)
    UVCALLS_FUZZ_CHECK(reinterpret_cast<std::uintptr_t>(measured_arena) % align == 0 &&
                       reinterpret_cast<std::uintptr_t>(exact.get()) % align == 0);
    outcome const again = decode(doc, cfg, whole_page, exact.get(), measured.high_water, chunks);
    check_same(measured, again, "arena_high_water() / arena of that size");
}

// Per-call mode in the second roomy arena, one chunk, no stop; each call is
// encoded with the fields outside `shown` made absent first.
outcome decode_showing(std::string_view doc, uvcalls::decode_options const& options,
                       uvcalls::call_field_set shown)
{
    outcome o;
    auto on_call = [&](uvcalls::call const& c, std::size_t) {
        uvcalls::call copy = c;
        for (unsigned i = 0; i < uvcalls::call_field_count; ++i)
            if (!shown.contains(static_cast<uvcalls::call_field>(i)))
                uvcalls::detail::state_of(reinterpret_cast<char*>(&copy) + uvcalls::detail::call_desc.fields[i].offset) =
                    uvcalls::presence::absent;
        o.calls.push_back(encode_call(copy));
        return true;
    };
    uvcalls::page_decoder d(roomy_arena(roomy_size(doc), 1), roomy_size(doc), uvcalls::call_handler(on_call), options);
    d.write_final(doc.data(), doc.size(), o.ec);
    take_page(o, d);
    return o;
}

// Field selection drops exactly the fields not selected, and only them.
void check_field_selection(std::string_view doc, config const& cfg)
{
    uvcalls::decode_options all = cfg.options;
    all.fields = uvcalls::call_field_set::all();
    outcome const full = decode_showing(doc, all, cfg.options.fields);
    if (full.ec)
        return;
    outcome const selected = decode_showing(doc, cfg.options, uvcalls::call_field_set::all());
    if (selected.ec || selected.calls != full.calls || selected.page != full.page ||
        selected.missing > full.missing || selected.truncated > full.truncated)
        check_same(full, selected, "every field, unselected ones cleared / selected fields");
}

// The cut of a string over `limit` that truncate_long_strings promises:
// the longest prefix of at most `limit` bytes that ends at a character
// boundary (`s` is valid UTF-8: the parser checked it).
std::string_view utf8_cut(std::string_view s, std::size_t limit)
{
    std::size_t k = limit;
    while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80)
        --k;
    return s.substr(0, k);
}

// Walks a page decoded with truncate_long_strings (`cut`) beside the same
// page decoded with no string limit (`full`).
struct cut_walk {
    std::size_t limit;
    std::size_t cuts = 0;

    // Returns whether `cut` is a cut of `full`; otherwise they are equal.
    bool string(std::string_view cut, std::string_view full)
    {
        UVCALLS_FUZZ_CHECK(cut.size() <= limit);
        if (full.size() <= limit) {
            UVCALLS_FUZZ_CHECK(cut == full);
            return false;
        }
        UVCALLS_FUZZ_CHECK(cut == utf8_cut(full, limit));
        ++cuts;
        return true;
    }

    std::string encoded(uvcalls::detail::field_desc const& fd, void const* f)
    {
        std::string s;
        auto out = [&](std::string_view p) { return s.append(p), true; };
        uvcalls::detail::encode_value(fd, f, out);
        return s;
    }

    void object(uvcalls::detail::object_desc const& od, void const* cut_obj, void const* full_obj)
    {
        using namespace uvcalls::detail;
        using uvcalls::field;
        for (std::size_t i = 0; i < od.count; ++i) {
            field_desc const& fd = od.fields[i];
            void const* a = static_cast<char const*>(cut_obj) + fd.offset;
            void const* b = static_cast<char const*>(full_obj) + fd.offset;
            auto const state = state_of(a);
            UVCALLS_FUZZ_CHECK(state == state_of(b));
            if (state != uvcalls::presence::value)
                continue;
            switch (fd.kind) {
            case field_kind::string: {
                auto const& x = *static_cast<field<std::string_view> const*>(a);
                bool const was_cut = string(x.value, static_cast<field<std::string_view> const*>(b)->value);
                UVCALLS_FUZZ_CHECK(x.truncated == was_cut);
                // A link is never kept cut: over the limit, it fails.
                UVCALLS_FUZZ_CHECK(!(was_cut && (fd.flags & flag_uri) != 0));
                break;
            }
            case field_kind::enumeration: {
                bool const was_cut = string(fd.enumeration->text(a), fd.enumeration->text(b));
                UVCALLS_FUZZ_CHECK(truncated_of(a) == was_cut);
                UVCALLS_FUZZ_CHECK(fd.enumeration->index(a) == (was_cut ? 0 : fd.enumeration->index(b)));
                break;
            }
            case field_kind::duration_lenient: {
                auto const& x = *static_cast<field<uvcalls::duration> const*>(a);
                auto const& y = *static_cast<field<uvcalls::duration> const*>(b);
                bool const was_cut = string(x.value.text, y.value.text);
                UVCALLS_FUZZ_CHECK(x.truncated == was_cut);
                if (was_cut)
                    UVCALLS_FUZZ_CHECK(!x.value.parsed);
                else
                    UVCALLS_FUZZ_CHECK(x.value.parsed == y.value.parsed && x.value.seconds == y.value.seconds &&
                                       x.value.nanoseconds == y.value.nanoseconds);
                break;
            }
            case field_kind::string_array: {
                auto const& x = *static_cast<field<uvcalls::array_view<std::string_view>> const*>(a);
                auto const& y = *static_cast<field<uvcalls::array_view<std::string_view>> const*>(b);
                UVCALLS_FUZZ_CHECK(x.value.size() == y.value.size());
                bool any = false;
                for (std::size_t k = 0; k < x.value.size(); ++k)
                    any = string(x.value[k], y.value[k]) || any;
                UVCALLS_FUZZ_CHECK(x.truncated == any);
                break;
            }
            case field_kind::string_map: {
                auto const& x = *static_cast<field<uvcalls::array_view<uvcalls::string_pair>> const*>(a);
                auto const& y = *static_cast<field<uvcalls::array_view<uvcalls::string_pair>> const*>(b);
                UVCALLS_FUZZ_CHECK(x.value.size() == y.value.size());
                bool any = false;
                for (std::size_t k = 0; k < x.value.size(); ++k) {
                    any = string(x.value[k].key, y.value[k].key) || any;
                    any = string(x.value[k].value, y.value[k].value) || any;
                }
                UVCALLS_FUZZ_CHECK(x.truncated == any);
                break;
            }
            case field_kind::object:
                object(*fd.object, fd.object->get_ref(a), fd.object->get_ref(b));
                break;
            case field_kind::object_array: {
                std::size_t n = 0, m = 0;
                auto const* xs = static_cast<char const*>(fd.object->get_list(a, n));
                auto const* ys = static_cast<char const*>(fd.object->get_list(b, m));
                UVCALLS_FUZZ_CHECK(n == m);
                for (std::size_t k = 0; k < n; ++k)
                    object(*fd.object, xs + k * fd.object->size, ys + k * fd.object->size);
                break;
            }
            default:
                // uuid, date-time, duration with a pattern: never cut (over
                // the limit they fail); numbers, booleans, schema-free JSON:
                // no limit. All as they were.
                UVCALLS_FUZZ_CHECK(!truncated_of(a));
                UVCALLS_FUZZ_CHECK(encoded(fd, a) == encoded(fd, b));
                break;
            }
        }
    }
};

void check_truncation(std::string_view doc, config const& cfg)
{
    uvcalls::decode_options unlimited = cfg.options;
    unlimited.truncate_long_strings = false;
    unlimited.limits.max_string_length = doc.size(); // no string is longer
    uvcalls::page_decoder full(roomy_arena(roomy_size(doc), 1), roomy_size(doc), unlimited);
    uvcalls::error_code full_ec;
    full.write_final(doc.data(), doc.size(), full_ec);
    if (full_ec)
        return;
    uvcalls::page_decoder cut(roomy_arena(roomy_size(doc)), roomy_size(doc), cfg.options);
    uvcalls::error_code cut_ec;
    cut.write_final(doc.data(), doc.size(), cut_ec);
    if (cut_ec) {
        // Only what cannot be cut fails, and only for its length.
        UVCALLS_FUZZ_CHECK(cut_ec == error::string_limit);
        return;
    }
    cut_walk w{cfg.options.limits.max_string_length};
    w.object(uvcalls::detail::paginated_call_list_desc, &cut.page(), &full.page());
    UVCALLS_FUZZ_CHECK(w.cuts == cut.diagnostics().truncated_strings);
}

// ---- the oracle: what an accepted page holds, read from the input alone ----
//
// DESIGN.md's contract for a decoded call, re-encoded: "exactly the fields
// the model knows that were present in the input, with the API's field
// names, strings exactly as received, null kept as null, unknown fields
// dropped, schema-free values reproduced as equal JSON". expected_json
// builds that from the input text (Boost.JSON's basic_parser, a handler of
// its own), walking beside the descriptors (names found by a scan, not the
// decoder's hash lookup), with none of the decoder's code; the same
// handler with no schema gives the canonical form of the re-encoded page,
// and the two must be equal. Canonical: object members sorted by key
// (stably, so that repeated keys, which a string map or a schema-free
// object keeps, must come in the same order), strings escaped one fixed
// way, numbers by value (number_text).
namespace oracle {

using uvcalls::detail::field_kind;
using uvcalls::detail::object_desc;
using ec_t = boost::json::error_code;
using sv = boost::json::string_view;

// Where a value sits in the model. The default, no schema, keeps it all:
// a string map, a string array, a schema-free value, any scalar field.
struct place {
    object_desc const* object = nullptr; // an object of this schema
    object_desc const* items = nullptr;  // an array of objects of this schema
    bool number = false;                 // a `type: number` field: a double
    bool dropped = false;                // under a key the model drops
};

// Injective, and unlike the library's escape_json, so that a fault there
// cannot cancel out.
std::string quote(std::string const& s)
{
    static char const hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (char c : s) {
        auto const u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\' || u < 0x20)
            out += {'\\', hex[u >> 4], hex[u & 15]};
        else
            out += c;
    }
    return out + "\"";
}

// A number by its value, as JSON text can spell one value many ways: the
// text read as an integer when it is one within int64 (an integer field
// keeps exactly that, -0 as 0; the decoder refuses 1.0 and 1e2 there), else
// as the nearest double (strtod, correctly rounded in glibc and newlib,
// rather than the decoder's exact_double), written as an integer when it
// is one below 2^63. So 100, 1e2 and 100.0 are one number; 2^53 + 1 and
// 2^53 are two, unless `as_double`: a `type: number` field keeps the
// nearest double (-0 kept), and the encoder writes its shortest form with
// a ".0" or exponent.
std::string number_text(std::string const& text, bool as_double)
{
    char buf[40];
    char const* const end = text.data() + text.size();
    std::int64_t i = 0;
    if (!as_double && text.find_first_of(".eE") == std::string::npos) {
        auto const r = std::from_chars(text.data(), end, i);
        if (r.ec == std::errc() && r.ptr == end)
            return std::string(buf, std::to_chars(buf, buf + sizeof buf, i).ptr);
    }
    double const d = std::strtod(text.c_str(), nullptr);
    if (d == 0 && std::signbit(d))
        return "-0";
    if (d == std::trunc(d) && std::fabs(d) < 0x1p63)
        return std::string(buf, std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(d)).ptr);
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, d).ptr);
}

class expected_json {
public:
    static constexpr std::size_t max_object_size = std::size_t(1) << 30;
    static constexpr std::size_t max_array_size = std::size_t(1) << 30;
    static constexpr std::size_t max_key_size = std::size_t(1) << 30;
    static constexpr std::size_t max_string_size = std::size_t(1) << 30;

    // `root`: the schema of the document, or none; `fields`: the Call
    // fields kept (the others are dropped as unknown ones are).
    expected_json(place root, uvcalls::call_field_set fields) : root_(root), fields_(fields) {}

    std::string result;

    bool on_document_begin(ec_t&) { return true; }
    bool on_document_end(ec_t&) { return true; }
    bool on_comment_part(sv, ec_t&) { return true; }
    bool on_comment(sv, ec_t&) { return true; }
    bool on_object_begin(ec_t&) { return open(true); }
    bool on_array_begin(ec_t&) { return open(false); }
    bool on_object_end(std::size_t, ec_t&) { return close(); }
    bool on_array_end(std::size_t, ec_t&) { return close(); }
    bool on_key_part(sv s, std::size_t, ec_t&) { return text_.append(s.data(), s.size()), true; }
    bool on_key(sv s, std::size_t, ec_t&)
    {
        node& n = stack_.back();
        n.key = std::move(text_.append(s.data(), s.size()));
        text_.clear();
        n.key_place = member(n.here, n.key);
        return true;
    }
    bool on_string_part(sv s, std::size_t, ec_t&) { return text_.append(s.data(), s.size()), true; }
    bool on_string(sv s, std::size_t, ec_t&)
    {
        value(quote(text_.append(s.data(), s.size())));
        text_.clear();
        return true;
    }
    bool on_number_part(sv s, ec_t&) { return number_.append(s.data(), s.size()), true; }
    bool on_int64(std::int64_t, sv s, ec_t&) { return number(s); }
    bool on_uint64(std::uint64_t, sv s, ec_t&) { return number(s); }
    bool on_double(double, sv s, ec_t&) { return number(s); }
    bool on_bool(bool b, ec_t&) { return value(b ? "true" : "false"); }
    bool on_null(ec_t&) { return value("null"); }

private:
    struct node {
        place here;
        bool is_object;
        std::vector<std::pair<std::string, std::string>> members; // objects: key, canonical value
        std::string items;                                         // arrays: canonical values, ','
        std::string key;
        place key_place;
    };

    // The place of the member `key` of an object at `obj`.
    place member(place const& obj, std::string const& key) const
    {
        place p;
        p.dropped = obj.dropped;
        if (!obj.object || obj.dropped)
            return p;
        object_desc const& od = *obj.object;
        for (unsigned i = 0; i < od.count; ++i) {
            auto const& fd = od.fields[i];
            if (fd.name != key)
                continue;
            p.dropped = &od == &uvcalls::detail::call_desc && !fields_.contains(static_cast<uvcalls::call_field>(i));
            if (fd.kind == field_kind::object)
                p.object = fd.object;
            else if (fd.kind == field_kind::object_array)
                p.items = fd.object;
            p.number = fd.kind == field_kind::number;
            return p;
        }
        p.dropped = true; // a key the model does not know
        return p;
    }

    // The place of the value that begins now.
    place next() const
    {
        if (stack_.empty())
            return root_;
        node const& n = stack_.back();
        if (n.is_object)
            return n.key_place;
        place p;
        p.object = n.here.items;
        p.dropped = n.here.dropped;
        return p;
    }

    bool value(std::string v)
    {
        if (next().dropped)
            return true;
        if (stack_.empty())
            result = std::move(v);
        else if (stack_.back().is_object)
            stack_.back().members.emplace_back(stack_.back().key, std::move(v));
        else
            stack_.back().items += (stack_.back().items.empty() ? "" : ",") + v;
        return true;
    }

    bool number(sv last)
    {
        number_.append(last.data(), last.size());
        bool const as_double = next().number;
        value(number_text(number_, as_double));
        number_.clear();
        return true;
    }

    bool open(bool is_object)
    {
        stack_.push_back(node{next(), is_object, {}, {}, {}, {}});
        return true;
    }

    bool close()
    {
        node n = std::move(stack_.back());
        stack_.pop_back();
        if (!n.is_object)
            return value("[" + n.items + "]");
        std::stable_sort(n.members.begin(), n.members.end(),
                         [](auto const& a, auto const& b) { return a.first < b.first; });
        std::string s = "{";
        for (auto const& m : n.members)
            s += (s.size() > 1 ? "," : "") + quote(m.first) + ":" + m.second;
        return value(s + "}");
    }

    place root_;
    uvcalls::call_field_set fields_;
    std::vector<node> stack_;
    std::string text_;   // a key or string so far
    std::string number_; // a number's text so far
};

// The canonical text of `text` as seen from `root`; empty if not JSON.
std::string canonical(std::string_view text, place root, uvcalls::call_field_set fields)
{
    boost::json::parse_options opt;
    opt.max_depth = 64; // the decoder's most
    boost::json::basic_parser<expected_json> p(opt, root, fields);
    ec_t ec;
    p.write_some(false, text.data(), text.size(), ec);
    return ec ? std::string() : std::move(p.handler().result);
}

} // namespace oracle

// The decoded page, re-encoded (`page`), holds what the oracle reads in
// the input `doc`, no more, no less.
void check_contents(std::string_view doc, std::string_view page, uvcalls::call_field_set fields)
{
    oracle::place root;
    root.object = &uvcalls::detail::paginated_call_list_desc;
    std::string const want = oracle::canonical(doc, root, fields);
    std::string const got = oracle::canonical(page, oracle::place(), fields);
    if (want == got && !want.empty())
        return;
    std::fprintf(stderr, "input, known fields: %s\ndecoded page:        %s\n", want.c_str(), got.c_str());
    UVCALLS_FUZZ_CHECK(want == got && !want.empty());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const input(reinterpret_cast<char const*>(data), size);
    std::size_t const nul = input.find('\0');
    std::string_view const doc = input.substr(0, nul);
    config const cfg = read_config(nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1));

    // An exact-size heap arena, so that ASan sees a write past its end.
    std::size_t const arena_size = cfg.arena ? cfg.arena : roomy_size(doc);
    std::unique_ptr<char[]> small(cfg.arena ? new char[cfg.arena] : nullptr);
    char* const arena = cfg.arena ? small.get() : roomy_arena(arena_size);

    outcome const one = decode(doc, cfg, false, arena, arena_size, nullptr);
    outcome const split = decode(doc, cfg, false, arena, arena_size, cfg.chunks);
    check_same(one, split, "one chunk / split");

    // Whole-page mode keeps every call, so it may run out of arena where
    // per-call mode did not, and never the other way round. It has no
    // handler to stop it.
    outcome const whole = decode(doc, cfg, true, arena, arena_size, cfg.chunks);
    if (one.ec == error::stopped_by_handler) {
        UVCALLS_FUZZ_CHECK(one.calls.size() == 2);
    } else {
        if (one.ec == error::arena_full)
            UVCALLS_FUZZ_CHECK(whole.ec == error::arena_full && whole.offset <= one.offset);
        if (whole.ec == error::arena_full && one.ec != error::arena_full)
            UVCALLS_FUZZ_CHECK(!one.ec || one.offset >= whole.offset);
        if (whole.ec != error::arena_full && one.ec != error::arena_full) {
            outcome per_call = one;
            if (one.ec)
                per_call.calls.clear(); // whole-page mode shows no call of a failed page
            check_same(per_call, whole, "per call / whole page");
        }
    }

    check_high_water(doc, cfg, false, arena, nullptr, one);
    check_high_water(doc, cfg, true, arena, cfg.chunks, whole);
    if (cfg.options.truncate_long_strings)
        check_truncation(doc, cfg);
    if (cfg.select_fields)
        check_field_selection(doc, cfg);

    if (one.ec && whole.ec)
        return 0;
    UVCALLS_FUZZ_CHECK(uvcalls_fuzz::is_json(doc, 64));
    uvcalls::error_code ec;
    std::size_t cut = 0;
    std::string const first = page_json(doc, cfg, ec, cut);
    UVCALLS_FUZZ_CHECK(!ec);
    UVCALLS_FUZZ_CHECK(uvcalls_fuzz::is_json(first, 64));
    // The contract is for strings as received: a page with a string cut
    // (truncate_long_strings) holds less, as check_truncation says. Strict
    // mode only refuses more (a missing required field), so what it
    // accepts is held to the contract too; field selection drops the Calls'
    // unselected fields as the model's unknown ones.
    if (cut == 0)
        check_contents(doc, first, cfg.options.fields);
    std::size_t cut_again = 0;
    std::string const again = page_json(first, cfg, ec, cut_again);
    UVCALLS_FUZZ_CHECK(!ec);
    UVCALLS_FUZZ_CHECK(again == first);
    return 0;
}
