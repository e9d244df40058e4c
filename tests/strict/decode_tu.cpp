// Translation unit 1 of the strict check (tests/strict/check.sh): every
// header, Boost's sources (src.hpp, in this TU only), and the README's
// decoding use: a page decoded per call and whole, then encoded again.
// Built with -Wall -Wextra -Wpedantic -Wconversion ... -Werror.
#include "all_headers.hpp"

#include <uvcalls/src.hpp>

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <string_view>

int query_tu();                         // query_tu.cpp
uvcalls::error_code query_tu_error(); // query_tu.cpp

namespace {

char const page[] = R"({"next":"https://api.ultravox.ai/api/calls?cursor=abc","previous":null,"results":[
{"callId":"5b1f0c7e-2a3d-4f6b-9c8e-1d2e3f4a5b6c","created":"2025-06-01T12:00:03.218457Z","endReason":"hangup",
 "billedDuration":"276.988s","maxDuration":"3600s","summary":"Booked \u00e9 table.","temperature":0.4,
 "medium":{"twilio":{"outgoing":{"to":"+41445551234","from":"+14155552671"}}},"metadata":{"tenant":"t1"},
 "initialState":{"a":[1,2.5,"x"],"b":null}},
{"callId":"6c2a1d8f-3b4e-4a7c-8d9f-2e3f4a5b6c7d","created":"2025-06-01T11:58:47+02:00","endReason":null,
 "systemPrompt":"a long prompt","summary":null}
],"total":2})";

alignas(std::max_align_t) char arena[16 * 1024];

int fail(char const* what)
{
    std::printf("strict check: %s\n", what);
    return 1;
}

} // namespace

int main()
{
    std::size_t hangups = 0;
    auto on_call = [&hangups](uvcalls::call const& c, std::size_t) {
        if (c.end_reason.has_value() && c.end_reason->value == uvcalls::end_reason::hangup)
            ++hangups;
        return true;
    };
    uvcalls::decode_options opt;
    opt.fields = uvcalls::call_field_set::none()
                     .insert(uvcalls::call_field::call_id)
                     .insert(uvcalls::call_field::end_reason);
    uvcalls::error_code ec;
    {
        uvcalls::page_decoder per_call(arena, sizeof arena, on_call, opt);
        for (std::size_t i = 0; i < sizeof page - 1 && !ec; i += 7)
            per_call.write(page + i, (sizeof page - 1 - i) < 7 ? sizeof page - 1 - i : 7, ec);
        if (!ec)
            per_call.finish(ec);
        if (ec || per_call.calls() != 2 || hangups != 1 || per_call.arena_high_water() == 0)
            return fail("per-call decode");
    }

    uvcalls::page_decoder whole(arena, sizeof arena);
    whole.write_final(page, sizeof page - 1, ec);
    if (ec)
        return fail(ec.message().c_str());
    uvcalls::paginated_call_list const& p = whole.page();
    if (p.results.value.size() != 2 || !p.total.has_value() || *p.total != 2)
        return fail("whole-page decode");
    uvcalls::call const& c = p.results.value[0];
    if (c.created->unix_seconds != 1748779203 || c.max_duration->total_milliseconds() != 3600000 ||
        c.call_id->text != "5b1f0c7e-2a3d-4f6b-9c8e-1d2e3f4a5b6c")
        return fail("typed values");

    char out[4096];
    std::size_t n = 0;
    bool const encoded = uvcalls::encode_page(p, [&](std::string_view s) {
        if (s.size() > sizeof out - n)
            return false;
        std::memcpy(out + n, s.data(), s.size());
        n += s.size();
        return true;
    });
    if (!encoded || std::string_view(out, n).find("\"endReason\":\"hangup\"") == std::string_view::npos)
        return fail("encode");

    auto const ts = uvcalls::parse_timestamp("1999-12-31T23:59:59.5-01:30");
    auto const d = uvcalls::parse_duration("-1.5s");
    auto const id = uvcalls::parse_uuid("5B1F0C7E-2A3D-4F6B-9C8E-1D2E3F4A5B6C");
    if (!ts || !d || !id || !(*id == *uvcalls::parse_uuid("5b1f0c7e-2a3d-4f6b-9c8e-1d2e3f4a5b6c")))
        return fail("uuid, timestamp, duration");

    uvcalls::error_code const limit = uvcalls::error::arena_full;
    if (limit != uvcalls::condition::limit)
        return fail("error condition");
    // Made in the other translation unit: one category object program-wide.
    if (query_tu_error() != uvcalls::error::repeated_cursor || query_tu_error() != uvcalls::condition::query)
        return fail("error code across translation units");
    return query_tu();
}
