// A bare-metal Cortex-M4 program that decodes a page of calls the way
// firmware would: a static arena, per-call mode, input arriving in small
// chunks as from a socket. Built by scripts/build-firmware.sh with
// arm-none-eabi-g++ -Os -mcpu=cortex-m4 -mthumb -fno-exceptions -fno-rtti
// --specs=nano.specs; CI prints its size.
#include <uvcalls/decoder.hpp>
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

// Sized from decode_calls --stats / page_decoder::arena_high_water().
alignas(8) char arena[4096];

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

int main()
{
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
    for (;;) {
    }
}
