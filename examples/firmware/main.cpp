// A bare-metal Cortex-M4 program that does what firmware listing calls
// does: writes the request head of GET /api/calls for a query into a static
// buffer, then decodes a page of calls from a static arena, per call, with
// the input arriving in small chunks as from a socket. Built by
// scripts/build-firmware.sh with arm-none-eabi-g++ -Os -mcpu=cortex-m4
// -mthumb -fno-exceptions -fno-rtti --specs=nano.specs (and for
// aarch64-linux); CI prints the sizes.
#include <uvcalls/decoder.hpp>
#include <uvcalls/query.hpp>
#include <uvcalls/request.hpp>
#include <uvcalls/src.hpp>

#include <cstddef>
#include <cstdint>

namespace {

char const page[] = R"({"next":"https://api.ultravox.ai/api/calls?cursor=abc","previous":null,"results":[
{"callId":"5b1f0c7e-2a3d-4f6b-9c8e-1d2e3f4a5b6c","created":"2025-06-01T12:00:03.218457Z","endReason":"hangup",
 "billedDuration":"276.988s","billingStatus":"BILLING_STATUS_BILLED","summary":"Booked a table.",
 "medium":{"twilio":{"outgoing":{"to":"+41445551234","from":"+14155552671"}}},"metadata":{"tenant":"t1"}},
{"callId":"6c2a1d8f-3b4e-4a7c-8d9f-2e3f4a5b6c7d","created":"2025-06-01T11:58:47Z","endReason":null,
 "systemPrompt":"a long prompt the firmware chose not to keep","summary":null}
],"total":2})";

// Sized from decode-calls --stats / page_decoder::arena_high_water().
alignas(std::max_align_t) char arena[4096];

// The request head goes out through the TCP/TLS stack from here.
char head[512];

struct tally {
    std::uint32_t calls = 0;
    std::uint32_t hangups = 0;
    std::int64_t newest = 0;
};

} // namespace

// Read by a debugger or a test harness.
volatile std::uint32_t g_calls;
volatile std::uint32_t g_hangups;
volatile std::int64_t g_newest;
volatile int g_error;
volatile std::uint32_t g_arena_high_water;
volatile std::uint32_t g_head_size;
volatile int g_query_error;

int main()
{
    // 1. The request: this site's calls of one agent since June, newest first.
    std::string_view const agents[] = {"5f1c1b8e-9a4d-4c8e-8a55-1f0e3b1f2c3d"};
    uvcalls::metadata_filter const meta[] = {{"site", "z\xC3\xBC" "rich-1"}};
    uvcalls::list_calls_query q;
    q.agent_ids = agents;
    q.metadata = meta;
    q.from_date = "2025-06-01";
    q.sort = "-created";
    q.page_size = 2;
    uvcalls::base_url const base; // https://api.ultravox.ai
    auto const request = uvcalls::format_list_calls_request(base, q, "sk-firmware-key", {}, head, sizeof head);
    g_query_error = request ? 0 : request.error().code.value();
    g_head_size = request ? static_cast<std::uint32_t>(request->size()) : 0;

    // 2. The response body, decoded call by call.
    tally t;
    auto on_call = [&t](uvcalls::call const& c, std::size_t) {
        ++t.calls;
        if (c.end_reason.has_value() && c.end_reason->value == uvcalls::end_reason::hangup)
            ++t.hangups;
        if (c.created.has_value() && c.created->unix_seconds > t.newest)
            t.newest = c.created->unix_seconds;
        return true;
    };
    uvcalls::decode_options opt;
    opt.fields = uvcalls::call_field_set::none()
                     .insert(uvcalls::call_field::call_id)
                     .insert(uvcalls::call_field::created)
                     .insert(uvcalls::call_field::end_reason)
                     .insert(uvcalls::call_field::summary);
    opt.limits.max_string_length = 256;
    uvcalls::page_decoder decoder(arena, sizeof arena, on_call, opt);
    uvcalls::error_code ec;
    std::size_t const size = sizeof page - 1;
    for (std::size_t pos = 0; pos < size && !ec; pos += 64)
        decoder.write(page + pos, size - pos < 64 ? size - pos : 64, ec);
    if (!ec)
        decoder.finish(ec);
    g_calls = t.calls;
    g_hangups = t.hangups;
    g_newest = t.newest;
    g_error = ec.value();
    g_arena_high_water = static_cast<std::uint32_t>(decoder.arena_high_water());
#if defined(__linux__) || defined(UVCALLS_FIRMWARE_RETURNS)
    // The aarch64-linux build, and tests/firmware/run.cpp, which runs this
    // under QEMU (it includes this file with main renamed).
    return g_error != 0 || g_query_error != 0;
#else
    for (;;) {
    }
#endif
}
