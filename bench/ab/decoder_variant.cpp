// One of the two decoders uvcalls-bench-ab compares: compiled twice, each
// time against its own include/ (CMake puts it before this tree's) and with
// its own namespace, so that both versions of the header-only library live
// in one program and are timed in the same process, round after round.
//
// The namespace is renamed by a macro: `uvcalls` is then another token in
// this file and in every uvcalls header it includes (header names are not
// macro-expanded, so the includes still find the files). Each version thus
// instantiates its own Boost.JSON basic_parser, as a user's program would.
#ifndef UVCALLS_AB_NAMESPACE
#error "define UVCALLS_AB_NAMESPACE and UVCALLS_AB_ENTRY"
#endif
#define uvcalls UVCALLS_AB_NAMESPACE

#include "ab.hpp"

#include <uvcalls/decoder.hpp>

#include <boost/json/basic_parser_impl.hpp>

#include <algorithm>
#include <memory>

namespace {

struct count_calls {
    std::size_t* calls;
    bool operator()(uvcalls::call const&, std::size_t)
    {
        ++*calls;
        return true;
    }
};

} // namespace

namespace bench_ab {

std::size_t UVCALLS_AB_ENTRY(char const* data, std::size_t size, std::size_t chunk)
{
    // Per-call mode, as uvcalls-bench's "uvcalls, per call" row: one arena
    // and one decoder for the whole run, reset for each page.
    static constexpr std::size_t arena_size = 1 << 20;
    static std::unique_ptr<char[]> const arena(new char[arena_size]);
    static std::size_t calls = 0;
    static count_calls on_call{&calls}; // kept by reference: must outlive the decoder
    static uvcalls::page_decoder decoder(arena.get(), arena_size, on_call);
    calls = 0;
    decoder.reset();
    uvcalls::error_code ec;
    if (chunk == 0) {
        decoder.write_final(data, size, ec);
    } else {
        for (std::size_t pos = 0; pos < size && !ec; pos += chunk)
            decoder.write(data + pos, std::min(chunk, size - pos), ec);
        if (!ec)
            decoder.finish(ec);
    }
    return ec ? failed : calls;
}

} // namespace bench_ab
