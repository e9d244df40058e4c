// uvcalls-bench-ab: two versions of uvcalls' decoder timed in one process
// against the same ceiling, to tell whether a change to the decoder makes
// it faster in time, not only in instructions (scripts/bench-ab.sh).
//
//   uvcalls-bench-ab [--rounds N] [--chunk N] [--callgrind] PAGE.json...
//
// "base" is the decoder of another revision (its include/ extracted by the
// script), "work" this tree's; both decode per call, as uvcalls-bench's
// "uvcalls, per call" row, and the ceiling is the same Boost.JSON
// basic_parser with an empty handler (peers::boost_json_null_parser), fed
// the same chunks. Rounds are interleaved, each starting with another of
// the three, and each decoder's median time gives its MB/s. Both versions
// must hand over the same number of calls, or the program fails.
//
// Output, one tab-separated line per page: page, chunk, then MB/s of the
// ceiling, base and work. A single build is one code layout, which on a
// shared x86 VM moves these figures by up to 25 % (bench/README.md), so
// the script relinks the program in many layouts and takes medians.
//
// With --callgrind (under valgrind --tool=callgrind --collect-atstart=no),
// each decoder's second decode of each page is collected and dumped under
// "ceiling", "base" or "work" with the page, instead of timing anything:
// instruction counts, which do not depend on the layout.
#include "ab.hpp"

#include "../callgrind.hpp"
#include "../peers.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

[[noreturn]] void die(std::string const& what)
{
    std::fprintf(stderr, "uvcalls-bench-ab: %s\n", what.c_str());
    std::exit(1);
}

std::string read_file(std::string const& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        die("cannot read " + path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    std::size_t rounds = 0;
    std::size_t chunk = 0;
    bool callgrind = false;
    std::vector<std::string> paths;
    for (int i = 1; i < argc; ++i) {
        std::string const a = argv[i];
        if (a == "--rounds" && i + 1 < argc)
            rounds = std::strtoul(argv[++i], nullptr, 10);
        else if (a == "--chunk" && i + 1 < argc)
            chunk = std::strtoul(argv[++i], nullptr, 10);
        else if (a == "--callgrind")
            callgrind = true;
        else if (a.rfind("--", 0) == 0)
            die("usage: uvcalls-bench-ab [--rounds N] [--chunk N] [--callgrind] PAGE.json...");
        else
            paths.push_back(a);
    }
    if (paths.empty())
        die("usage: uvcalls-bench-ab [--rounds N] [--chunk N] [--callgrind] PAGE.json...");

    peers::boost_json_null_parser ceiling;
    for (auto const& path : paths) {
        std::string const page = read_file(path);
        std::size_t const base_calls = bench_ab::decode_base(page.data(), page.size(), chunk);
        std::size_t const work_calls = bench_ab::decode_work(page.data(), page.size(), chunk);
        if (base_calls == bench_ab::failed || work_calls == bench_ab::failed || base_calls != work_calls)
            die(path + ": the two decoders disagree (calls: base " + std::to_string(base_calls) + ", work " +
                std::to_string(work_calls) + ")");
        if (!ceiling.parse(page, chunk))
            die(path + ": the empty-handler parse failed");
        std::string const name = path.substr(path.find_last_of('/') + 1);
        if (callgrind) {
            // The decodes above warmed each decoder; this is the second.
            char const* const labels[3] = {"ceiling", "base", "work"};
            for (std::size_t which = 0; which < 3; ++which) {
                CALLGRIND_ZERO_STATS;
                CALLGRIND_TOGGLE_COLLECT;
                if (which == 0)
                    ceiling.parse(page, chunk);
                else if (which == 1)
                    bench_ab::decode_base(page.data(), page.size(), chunk);
                else
                    bench_ab::decode_work(page.data(), page.size(), chunk);
                CALLGRIND_TOGGLE_COLLECT;
                std::string const label = std::string(labels[which]) + " | " + name + " | " + std::to_string(chunk);
                CALLGRIND_DUMP_STATS_AT(label.c_str());
            }
            continue;
        }
        // 128 MB of input per decoder and page unless told (about 0.3 s
        // each at this VM's 400 MB/s), 5 decodes at least.
        std::size_t const n = rounds != 0 ? rounds : std::max<std::size_t>(5, (std::size_t(1) << 27) / (page.size() + 1));
        std::vector<double> times[3];
        for (std::size_t r = 0; r < n; ++r) {
            for (std::size_t k = 0; k < 3; ++k) {
                std::size_t const which = (k + r) % 3;
                auto const t0 = std::chrono::steady_clock::now();
                bool ok = true;
                if (which == 0)
                    ok = ceiling.parse(page, chunk);
                else if (which == 1)
                    ok = bench_ab::decode_base(page.data(), page.size(), chunk) == base_calls;
                else
                    ok = bench_ab::decode_work(page.data(), page.size(), chunk) == work_calls;
                auto const t1 = std::chrono::steady_clock::now();
                if (!ok)
                    die(path + ": a timed decode failed");
                times[which].push_back(std::chrono::duration<double>(t1 - t0).count());
            }
        }
        double const mb = static_cast<double>(page.size()) / 1e6;
        std::printf("%s\t%zu\t%.1f\t%.1f\t%.1f\n", name.c_str(), chunk, mb / median(times[0]),
                    mb / median(times[1]), mb / median(times[2]));
        std::fflush(stdout);
    }
}
