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
//   [5..7] chunk sizes, cycled (n + 1 bytes each)
//
// Invariants:
// - split invariance: one chunk, and the fuzzer's chunks fed to a decoder
//   reset() in the middle of the same document, give the same calls, page,
//   error, byte offset and path;
// - per-call and whole-page modes agree, but for the arena they need;
// - an error, and the end of an accepted document, are final until reset();
// - a document the decoder accepts is one boost::json::parse accepts;
// - an accepted page, re-encoded and decoded again, encodes the same.
#include "check.hpp"

#include <uvcalls/decoder.hpp>
#include <uvcalls/encode.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

using uvcalls::error;

struct config {
    uvcalls::decode_options options;
    bool stop_at_second_call = false;
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
        cfg.chunks[i] = byte(5 + i) + 1u;
    return cfg;
}

// Whole-page mode keeps every call: about 2 KiB of arena for the three
// bytes of `{},`. Reused from one input to the next.
char* roomy_arena(std::size_t size)
{
    static std::unique_ptr<char[]> buf;
    static std::size_t cap = 0;
    if (cap < size) {
        buf.reset(new char[size]);
        cap = size;
    }
    return buf.get();
}
std::size_t roomy_size(std::string_view doc) { return 64 * 1024 + 1024 * doc.size(); }

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
};

// Decodes `doc` in `arena`. With `chunks`, feeds it in those sizes to a
// decoder that was first given the first half of the document and reset().
outcome decode(std::string_view doc, config const& cfg, bool whole_page, char* arena,
               std::size_t arena_size, std::size_t const* chunks)
{
    outcome o;
    auto on_call = [&](uvcalls::call const& c, std::size_t index) {
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
    o.page = encode_page(d.page(), false);
    o.offset = d.byte_offset();
    o.path = std::string(d.error_path());
    o.missing = d.diagnostics().missing_required;
    o.truncated = d.diagnostics().truncated_strings;
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
    for (outcome const* o : {&a, &b})
        std::fprintf(stderr, "%s: %s at byte %zu (%s), %zu calls, page %s, %zu missing, %zu truncated\n",
                     what, o->ec.message().c_str(), o->offset, o->path.c_str(), o->calls.size(),
                     o->page.c_str(), o->missing, o->truncated);
    UVCALLS_FUZZ_CHECK(same_outcome(a, b));
}

// The page re-encoded, decoded again with the same options in a roomy
// arena: empty when that fails.
std::string page_json(std::string_view doc, config const& cfg, uvcalls::error_code& ec)
{
    uvcalls::page_decoder d(roomy_arena(roomy_size(doc)), roomy_size(doc), cfg.options);
    d.write_final(doc.data(), doc.size(), ec);
    return ec ? std::string() : encode_page(d.page(), true);
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

    if (one.ec && whole.ec)
        return 0;
    UVCALLS_FUZZ_CHECK(uvcalls_fuzz::is_json(doc, 64));
    uvcalls::error_code ec;
    std::string const first = page_json(doc, cfg, ec);
    UVCALLS_FUZZ_CHECK(!ec);
    UVCALLS_FUZZ_CHECK(uvcalls_fuzz::is_json(first, 64));
    std::string const again = page_json(first, cfg, ec);
    UVCALLS_FUZZ_CHECK(!ec);
    UVCALLS_FUZZ_CHECK(again == first);
    return 0;
}
