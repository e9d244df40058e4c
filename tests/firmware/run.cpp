// Runs examples/firmware/main.cpp on an emulated target and checks what it
// did: scripts/build-firmware.sh builds this for a Cortex-M4 (run under
// qemu-system-arm -M mps2-an386 with semihosting, linked with the vector
// table of tests/support/cortex_m4_vectors.cpp) and for aarch64-linux
// (run under qemu-aarch64). It includes the example with its main renamed,
// so that the example's own code (query, page, arena, head buffer) runs
// unchanged, then:
//
// - checks the example's results: calls, hangups, newest, the request
//   head's size and bytes, no error;
// - measures the stack it used: the stack below this main is painted with
//   a pattern before each run, and the lowest word no longer holding it
//   after the run is how deep the run went (all of its frames, from the
//   example's main down to the deepest callee);
// - decodes a page that nests as deep as max_depth allows (default 32)
//   with a string to unescape at the bottom, the deepest chain of the
//   decoder (Boost.JSON's basic_parser recurses parse_value ->
//   parse_object -> parse_value per level), in chunks of several sizes
//   (resuming a suspended parse rebuilds the recursion), with the
//   example's fields (the deep value skipped) and with all fields (kept:
//   written back as JSON text into the arena), and measures that too;
//   the same at max_depth 64, the most the decoder takes, to give the cost
//   per level; and checks that one level more fails with depth_limit.
//
// Prints the figures and `firmware-run: ok`; exits 1 on any wrong value.
#define UVCALLS_FIRMWARE_RETURNS 1
#define main uvcalls_firmware_main
#include "../../examples/firmware/main.cpp"
#undef main

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include <uvcalls/version.hpp>

namespace {

int failures = 0;

void check(bool ok, char const* what)
{
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}

// ---- stack painting -------------------------------------------------------

// How far below this main's frame the runs may go; the lowest word must
// still hold the pattern afterwards, or the figure would be a lower bound.
constexpr std::size_t paint_bytes = 32 * 1024;
constexpr std::uint32_t pattern = 0xA55AC33Cu;

__attribute__((noinline)) char* stack_pointer()
{
    return static_cast<char*>(__builtin_frame_address(0));
}

// Paints [lo, hi) word by word. A leaf with a frame of a few bytes at
// most, which lies above hi (hi is 256 bytes below the caller's frame).
__attribute__((noinline)) void paint(std::uint32_t* lo, std::uint32_t* hi)
{
    for (std::uint32_t volatile* p = lo; p != hi; ++p)
        *p = pattern;
}

// Runs f with the stack below the caller painted; returns the bytes of
// stack f used, counted from the caller's stack pointer.
template<class F>
__attribute__((noinline)) std::size_t stack_used(F&& f)
{
    char* const sp = stack_pointer();
    auto* const hi = reinterpret_cast<std::uint32_t*>(
        reinterpret_cast<std::uintptr_t>(sp - 256) & ~std::uintptr_t(3));
    std::uint32_t* const lo = hi - (paint_bytes - 256) / 4;
    paint(lo, hi);
    f();
    std::uint32_t volatile* p = lo;
    check(*p == pattern, "the stack went deeper than the painted region");
    while (p != hi && *p == pattern)
        ++p;
    // The painted region must not be heap memory (malloc'd during f and
    // taken for stack): a block taken now lies at the heap's end.
    void* const block = std::malloc(64);
    char* const heap = static_cast<char*>(block);
    check(heap + 64 <= reinterpret_cast<char*>(lo) || heap > sp, "the heap reaches into the painted stack");
    std::free(block);
    return static_cast<std::size_t>(sp - reinterpret_cast<char const volatile*>(p));
}

// ---- the example ----------------------------------------------------------

char const expected_head[] =
    "GET /api/calls?agentIds=5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d&fromDate=2025-06-01"
    "&metadata.site=z%C3%BCrich-1&pageSize=2&sort=-created HTTP/1.1\r\n"
    "Host: api.ultravox.ai\r\n"
    "X-API-Key: sk-firmware-key\r\n"
    "Accept: application/json\r\n"
    "Accept-Encoding: identity\r\n"
    "User-Agent: uvcalls/" UVCALLS_VERSION_STRING "\r\n"
    "Connection: keep-alive\r\n"
    "\r\n";

void print_escaped(char const* s, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i) {
        if (s[i] == '\r')
            std::printf("\\r");
        else if (s[i] == '\n')
            std::printf("\\n");
        else
            std::printf("%c", s[i]);
    }
}

void run_example()
{
    std::size_t const used = stack_used([] { check(uvcalls_firmware_main() == 0, "the example's main returned 1"); });
    // (newlib-nano's printf has no %lld; newest fits 32 bits until 2106.)
    std::printf("example: calls %u, hangups %u, newest %lu, head %u bytes, errors %d %d, arena %u bytes\n",
                unsigned(g_calls), unsigned(g_hangups), static_cast<unsigned long>(g_newest), unsigned(g_head_size),
                int(g_error), int(g_query_error), unsigned(g_arena_high_water));
    // The head is compared in full below; the log shows it without the
    // key's value, as nothing of uvcalls' may print a key (a test's fake
    // one included: a log is where keys leak from).
    std::printf("head: ");
    std::size_t const key_at = std::string_view(head, g_head_size).find("X-API-Key: ");
    if (key_at == std::string_view::npos) {
        print_escaped(head, g_head_size);
    } else {
        std::size_t const value_at = key_at + sizeof "X-API-Key: " - 1;
        std::size_t value_end = value_at;
        while (value_end < g_head_size && head[value_end] != '\r')
            ++value_end;
        print_escaped(head, value_at);
        std::printf("(%u bytes, not printed)", unsigned(value_end - value_at));
        print_escaped(head + value_end, g_head_size - value_end);
    }
    std::printf("\n");
    check(g_error == 0, "decode error");
    check(g_query_error == 0, "query error");
    check(g_calls == 2, "calls == 2");
    check(g_hangups == 1, "hangups == 1");
    check(g_newest == 1748779203, "newest == 2025-06-01T12:00:03Z");
    check(g_head_size == sizeof expected_head - 1, "head size");
    check(std::memcmp(head, expected_head, sizeof expected_head - 1) == 0, "head bytes");
    std::printf("stack: example (query + page, 64-byte chunks): %u bytes (page_decoder object: %u bytes, on it)\n",
                unsigned(used), unsigned(sizeof(uvcalls::page_decoder)));
}

// ---- the deepest page -----------------------------------------------------

// {"results":[{"callId":"…","initialState":{"a":{"a":…{"s":"x\ny\"z"}…}}]}
// The page object is level 1, results 2, the call 3, initialState 4: the
// value nests to `depth` levels in all.
char deep_page[1024];
std::size_t deep_size;
std::string_view deep_value; // initialState's JSON text

void make_deep_page(std::size_t depth)
{
    std::size_t n = 0;
    auto put = [&n](char const* s) {
        std::size_t const k = std::strlen(s);
        std::memcpy(deep_page + n, s, k);
        n += k;
    };
    put(R"({"results":[{"callId":"5b1f0c7e-2a3d-4f6b-9c8e-1d2e3f4a5b6c","initialState":)");
    std::size_t const value = n;
    for (std::size_t level = 4; level < depth; ++level)
        put(R"({"a":)");
    put(R"({"s":"x\ny\"z"})");
    for (std::size_t level = 4; level < depth; ++level)
        put("}");
    deep_value = std::string_view(deep_page + value, n - value);
    put("}]}");
    deep_size = n;
}

struct deep_result {
    uvcalls::error_code ec;
    std::size_t calls = 0;
    bool value_ok = false;
};

// Decodes deep_page in chunks of `chunk` bytes (0: one write_final()).
deep_result decode_deep(std::size_t chunk, bool all_fields, std::size_t max_depth)
{
    deep_result r;
    auto on_call = [&r](uvcalls::call const& c, std::size_t) {
        r.value_ok = c.initial_state.has_value() && c.initial_state->json == deep_value;
        return true;
    };
    uvcalls::decode_options opt;
    if (!all_fields)
        opt.fields = uvcalls::call_field_set::none()
                         .insert(uvcalls::call_field::call_id)
                         .insert(uvcalls::call_field::created)
                         .insert(uvcalls::call_field::end_reason)
                         .insert(uvcalls::call_field::summary);
    opt.limits.max_string_length = 256;
    opt.limits.max_depth = max_depth;
    uvcalls::page_decoder decoder(arena, sizeof arena, on_call, opt);
    if (chunk == 0) {
        decoder.write_final(deep_page, deep_size, r.ec);
    } else {
        for (std::size_t pos = 0; pos < deep_size && !r.ec; pos += chunk)
            decoder.write(deep_page + pos, deep_size - pos < chunk ? deep_size - pos : chunk, r.ec);
        if (!r.ec)
            decoder.finish(r.ec);
    }
    r.calls = decoder.calls();
    return r;
}

// The most stack any chunking of the deep page takes; checks each decode.
std::size_t deep_peak(std::size_t depth, bool all_fields, std::size_t max_depth, std::size_t& worst_chunk)
{
    make_deep_page(depth);
    std::size_t peak = 0;
    for (std::size_t chunk : {std::size_t(0), std::size_t(1), std::size_t(5), std::size_t(64), deep_size}) {
        deep_result r;
        std::size_t const used = stack_used([&] { r = decode_deep(chunk, all_fields, max_depth); });
        check(!r.ec, "the deep page decodes");
        check(r.calls == 1, "the deep page has one call");
        check(r.value_ok == all_fields, "initialState kept (all fields) as its JSON text, or skipped");
        if (r.ec || r.calls != 1 || r.value_ok != all_fields)
            std::printf("  (depth %u, chunk %u, all fields %d: %s, %u calls)\n", unsigned(depth), unsigned(chunk),
                        int(all_fields), r.ec.message().c_str(), unsigned(r.calls));
        if (used > peak) {
            peak = used;
            worst_chunk = chunk;
        }
    }
    return peak;
}

void run_deep()
{
    std::size_t chunk = 0;
    std::size_t const skipped = deep_peak(32, false, 32, chunk);
    std::printf("stack: page nested 32 deep (max_depth default), example's fields (value skipped): "
                "%u bytes (worst: chunks of %u)\n",
                unsigned(skipped), unsigned(chunk));
    std::size_t const kept = deep_peak(32, true, 32, chunk);
    std::printf("stack: page nested 32 deep, all fields (value kept as JSON text): %u bytes (worst: chunks of %u)\n",
                unsigned(kept), unsigned(chunk));
    std::size_t const kept64 = deep_peak(64, true, 64, chunk);
    std::printf("stack: page nested 64 deep (max_depth 64, the most), all fields: %u bytes; "
                "%u bytes per level\n",
                unsigned(kept64), unsigned((kept64 - kept) / 32));

    // One level more than max_depth: refused, not parsed deeper.
    make_deep_page(33);
    deep_result const r = decode_deep(64, true, 32);
    check(r.ec == uvcalls::error::depth_limit, "33 levels fail with depth_limit");
}

} // namespace

int main()
{
    run_example();
    run_deep();
    if (failures != 0) {
        std::printf("firmware-run: %d FAILED\n", failures);
        return 1;
    }
    std::printf("firmware-run: ok\n");
    return 0;
}
