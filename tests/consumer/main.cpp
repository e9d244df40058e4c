// Built against the installed package (scripts/test.sh): the umbrella
// header alone gives the whole library, decoder and query side both.
#include <uvcalls.hpp>
#include <uvcalls/src.hpp>

#include <cstdio>
#include <cstring>

int main()
{
    static char const page[] =
        R"({"next":null,"results":[{"callId":"3fa85f64-5717-4562-b3fc-2c963f66afa6"}],"total":1})";
    alignas(std::max_align_t) static char arena[4096];
    uvcalls::page_decoder decoder(arena, sizeof arena);
    uvcalls::error_code ec;
    decoder.write_final(page, std::strlen(page), ec);
    if (ec || decoder.page().results.value.size() != 1)
        return 1;

    uvcalls::list_calls_query q;
    q.page_size = 10;
    char head[512];
    auto const request = uvcalls::format_list_calls_request(uvcalls::base_url(), q, "key", {}, head, sizeof head);
    if (!request)
        return 1;

    uvcalls::error_code const full = uvcalls::error::arena_full;
    std::printf("consumer: found uvcalls, decoded %zu call, %s\n", decoder.calls(), full.message().c_str());
    return full == uvcalls::condition::limit ? 0 : 1;
}
