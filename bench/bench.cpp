// uvcalls-bench: decodes the same PaginatedCallList pages with uvcalls and
// with its peers, in one process, and prints markdown tables.
//
//   uvcalls-bench [--rounds N] [--callgrind | --summary] PAGE.json...
//
// For each page, every implementation first decodes it once into typed
// values and computes the checksum of checksum.hpp; the checksums must all
// agree (else the program says which differ and exits 1). Then rounds of
// timed decodes, interleaved (each round runs every implementation once,
// starting with a different one), give the median time; heap allocations
// are counted by the global operator new below. Last, a table of uvcalls'
// arena high-water mark in per-call mode against the largest single call.
//
// With --callgrind (run under valgrind --tool=callgrind
// --collect-atstart=no), each implementation's second decode of each page
// is collected and dumped under its name instead of timing anything:
// instruction counts, free of the noise of a shared machine.
//
// With --summary, the timings are printed as tab-separated lines (page,
// decoder, MB/s) instead of tables, for scripts/bench.sh to gather over
// builds of the program with different code layouts.
#include "callgrind.hpp"
#include "checksum.hpp"
#include "peers.hpp"

#include <uvcalls/decoder.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

// ---- counting allocator --------------------------------------------------------
//
// Every operator new of the program (std containers, Boost.JSON, nlohmann,
// simdjson's parser buffers) goes through here. A 16-byte header (or one
// alignment unit) before each block remembers its size, for bytes in use.

namespace {

struct heap_stats {
    std::size_t allocations = 0;
    std::size_t in_use = 0;
    std::size_t peak = 0;
};
heap_stats g_heap;

void* counted_alloc(std::size_t n, std::size_t align) noexcept
{
    std::size_t const header = align < 16 ? 16 : align;
    void* block = align <= 16 ? std::malloc(n + header)
                              : std::aligned_alloc(align, (n + header + align - 1) / align * align);
    if (!block)
        return nullptr;
    *static_cast<std::size_t*>(block) = n;
    ++g_heap.allocations;
    g_heap.in_use += n;
    if (g_heap.in_use > g_heap.peak)
        g_heap.peak = g_heap.in_use;
    return static_cast<char*>(block) + header;
}

void counted_free(void* p, std::size_t align) noexcept
{
    if (!p)
        return;
    std::size_t const header = align < 16 ? 16 : align;
    char* block = static_cast<char*>(p) - header;
    g_heap.in_use -= *reinterpret_cast<std::size_t*>(block);
    std::free(block);
}

void* counted_or_throw(std::size_t n, std::size_t align)
{
    if (void* p = counted_alloc(n, align))
        return p;
    throw std::bad_alloc();
}

} // namespace

void* operator new(std::size_t n) { return counted_or_throw(n, 0); }
void* operator new[](std::size_t n) { return counted_or_throw(n, 0); }
void* operator new(std::size_t n, std::nothrow_t const&) noexcept { return counted_alloc(n, 0); }
void* operator new[](std::size_t n, std::nothrow_t const&) noexcept { return counted_alloc(n, 0); }
void* operator new(std::size_t n, std::align_val_t a) { return counted_or_throw(n, std::size_t(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return counted_or_throw(n, std::size_t(a)); }
void* operator new(std::size_t n, std::align_val_t a, std::nothrow_t const&) noexcept { return counted_alloc(n, std::size_t(a)); }
void* operator new[](std::size_t n, std::align_val_t a, std::nothrow_t const&) noexcept { return counted_alloc(n, std::size_t(a)); }
void operator delete(void* p) noexcept { counted_free(p, 0); }
void operator delete[](void* p) noexcept { counted_free(p, 0); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p, 0); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p, 0); }
void operator delete(void* p, std::nothrow_t const&) noexcept { counted_free(p, 0); }
void operator delete[](void* p, std::nothrow_t const&) noexcept { counted_free(p, 0); }
void operator delete(void* p, std::align_val_t a) noexcept { counted_free(p, std::size_t(a)); }
void operator delete[](void* p, std::align_val_t a) noexcept { counted_free(p, std::size_t(a)); }
void operator delete(void* p, std::size_t, std::align_val_t a) noexcept { counted_free(p, std::size_t(a)); }
void operator delete[](void* p, std::size_t, std::align_val_t a) noexcept { counted_free(p, std::size_t(a)); }
void operator delete(void* p, std::align_val_t a, std::nothrow_t const&) noexcept { counted_free(p, std::size_t(a)); }
void operator delete[](void* p, std::align_val_t a, std::nothrow_t const&) noexcept { counted_free(p, std::size_t(a)); }

namespace {

[[noreturn]] void die(std::string const& what)
{
    std::fprintf(stderr, "uvcalls-bench: %s\n", what.c_str());
    std::exit(1);
}

// Keeps a result alive in the optimiser's eyes.
volatile std::size_t g_sink;

/// A page as read from disk, followed by zero bytes for simdjson's padding.
struct page_input {
    std::string name;
    std::vector<char> bytes;
    std::size_t size = 0;

    static constexpr std::size_t padding = 64; // simdjson::SIMDJSON_PADDING

    char const* data() const { return bytes.data(); }
    std::string_view view() const { return std::string_view(bytes.data(), size); }
};

page_input read_page(std::string const& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        die("cannot read " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string const s = ss.str();
    page_input p;
    p.name = path.substr(path.find_last_of('/') + 1);
    p.size = s.size();
    p.bytes.assign(s.size() + page_input::padding, '\0');
    std::memcpy(p.bytes.data(), s.data(), s.size());
    return p;
}

// ---- the implementations -------------------------------------------------------

class implementation {
public:
    virtual ~implementation() = default;
    virtual std::string name() const = 0;
    /// Decodes the page into typed values and drops them (timed).
    virtual void run(page_input const& p) = 0;
    /// Decodes the page and returns the checksum of the values, or nothing
    /// when the implementation builds no values.
    virtual std::optional<std::uint64_t> checksum(page_input const& p) = 0;
    /// Caller memory in use at the peak besides the heap (uvcalls' arena).
    virtual std::size_t arena_high_water() const { return 0; }
    virtual void new_page() {}
};

std::string describe(uvcalls::error_code const& ec, uvcalls::page_decoder const& d)
{
    return ec.message() + " at byte " + std::to_string(d.byte_offset()) + " (" + std::string(d.error_path()) + ")";
}

/// uvcalls, whole-page mode: every call of the page in the arena.
class uvcalls_whole_page : public implementation {
public:
    explicit uvcalls_whole_page(std::size_t arena_size)
        : arena_(new char[arena_size])
        , arena_size_(arena_size)
    {
        new_page();
    }
    std::string name() const override { return "uvcalls, whole page"; }
    void new_page() override
    {
        // A fresh decoder per page, so that arena_high_water() is this page's.
        decoder_.reset();
        decoder_.reset(new uvcalls::page_decoder(arena_.get(), arena_size_));
    }
    void run(page_input const& p) override
    {
        decoder_->reset();
        uvcalls::error_code ec;
        decoder_->write_final(p.data(), p.size, ec);
        if (ec)
            die(name() + ": " + describe(ec, *decoder_));
        g_sink = decoder_->calls();
    }
    std::optional<std::uint64_t> checksum(page_input const& p) override
    {
        run(p);
        bench::page_checksum pc;
        if (decoder_->page().results)
            for (auto const& c : *decoder_->page().results)
                pc.add(c);
        return pc.finish(decoder_->page());
    }
    std::size_t arena_high_water() const override { return decoder_->arena_high_water(); }

private:
    std::unique_ptr<char[]> arena_;
    std::size_t arena_size_;
    std::unique_ptr<uvcalls::page_decoder> decoder_;
};

/// uvcalls, per-call mode: each call handed over, then its space reused.
/// `chunk` 0 feeds the page at once, else in chunks of that size.
class uvcalls_per_call : public implementation {
public:
    uvcalls_per_call(std::size_t arena_size, std::size_t chunk)
        : arena_(new char[arena_size])
        , arena_size_(arena_size)
        , chunk_(chunk)
    {
        new_page();
    }
    std::string name() const override
    {
        return chunk_ == 0 ? "uvcalls, per call" : "uvcalls, per call, " + std::to_string(chunk_ / 1024) + " KiB chunks";
    }
    void new_page() override
    {
        decoder_.reset();
        decoder_.reset(new uvcalls::page_decoder(arena_.get(), arena_size_, handler_));
    }
    void run(page_input const& p) override
    {
        decoder_->reset();
        handler_.calls = 0;
        uvcalls::error_code ec;
        if (chunk_ == 0) {
            decoder_->write_final(p.data(), p.size, ec);
        } else {
            for (std::size_t pos = 0; pos < p.size && !ec; pos += chunk_)
                decoder_->write(p.data() + pos, std::min(chunk_, p.size - pos), ec);
            if (!ec)
                decoder_->finish(ec);
        }
        if (ec)
            die(name() + ": " + describe(ec, *decoder_));
        g_sink = handler_.calls;
    }
    std::optional<std::uint64_t> checksum(page_input const& p) override
    {
        bench::page_checksum pc;
        handler_.sum = &pc;
        run(p);
        handler_.sum = nullptr;
        return pc.finish(decoder_->page());
    }
    std::size_t arena_high_water() const override { return decoder_->arena_high_water(); }

private:
    struct on_call {
        bench::page_checksum* sum = nullptr;
        std::size_t calls = 0;
        bool operator()(uvcalls::call const& c, std::size_t)
        {
            ++calls;
            if (sum)
                sum->add(c);
            return true;
        }
    };
    std::unique_ptr<char[]> arena_;
    std::size_t arena_size_;
    std::size_t chunk_;
    on_call handler_;
    std::unique_ptr<uvcalls::page_decoder> decoder_;
};

/// A parser with a handler that does nothing, named `label`. `chunk` 0
/// feeds the page at once, else in chunks of that size, as uvcalls' chunked
/// row is fed (the same suspensions). Two of them: Boost.JSON's
/// basic_parser as Boost ships it (peers::boost_json_null_parser: the
/// issue's ceiling), and the parser page_decoder runs
/// (peers::uvcalls_parser_null: the ceiling for uvcalls' handler; its
/// string loop is faster than Boost's, so uvcalls outruns the first).
template<class Parser>
class empty_handler_parse : public implementation {
public:
    empty_handler_parse(std::string label, std::size_t chunk) : label_(std::move(label)), chunk_(chunk) {}
    std::string name() const override
    {
        return chunk_ == 0 ? label_ : label_ + ", " + std::to_string(chunk_ / 1024) + " KiB chunks";
    }
    void run(page_input const& p) override
    {
        if (!parser_.parse(p.view(), chunk_))
            die(name() + ": parse failed");
    }
    std::optional<std::uint64_t> checksum(page_input const& p) override
    {
        run(p);
        return std::nullopt;
    }

private:
    std::string label_;
    std::size_t chunk_;
    Parser parser_;
};

/// A peer that fills the std model; the page is dropped inside the timed
/// region, as a user's would be after use. `fresh`, if any, replaces the
/// peer's kept decoder object before each page's first decode.
template<class Decode>
class std_peer : public implementation {
public:
    std_peer(std::string name, Decode decode, std::function<void()> fresh)
        : name_(std::move(name))
        , decode_(decode)
        , fresh_(std::move(fresh))
    {
    }
    std::string name() const override { return name_; }
    void new_page() override
    {
        if (fresh_)
            fresh_();
    }
    void run(page_input const& p) override
    {
        stdm::paginated_call_list page;
        decode(p, page);
        g_sink = page.results ? page.results->size() : 0;
    }
    std::optional<std::uint64_t> checksum(page_input const& p) override
    {
        stdm::paginated_call_list page;
        decode(p, page);
        return bench::std_page_checksum(page);
    }

private:
    void decode(page_input const& p, stdm::paginated_call_list& page)
    {
        try {
            decode_(p, page);
        } catch (std::exception const& e) {
            die(name_ + ": " + e.what());
        }
    }
    std::string name_;
    Decode decode_;
    std::function<void()> fresh_;
};

template<class Decode>
std::unique_ptr<implementation> make_peer(std::string name, Decode d, std::function<void()> fresh = {})
{
    return std::unique_ptr<implementation>(new std_peer<Decode>(std::move(name), d, std::move(fresh)));
}

// ---- measurements --------------------------------------------------------------

struct result {
    std::optional<std::uint64_t> checksum;
    std::size_t first_allocations = 0;
    std::size_t allocations = 0;
    std::size_t peak_heap = 0;
    std::size_t arena = 0;
    std::vector<double> seconds;

    double median() const
    {
        std::vector<double> s = seconds;
        std::sort(s.begin(), s.end());
        std::size_t const n = s.size();
        return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
};

std::size_t rounds_for(std::size_t size, std::size_t requested)
{
    if (requested)
        return requested;
    // About 100 MB per implementation and page, at least 5 rounds, at most 41.
    std::size_t const r = 100000000 / (size ? size : 1);
    return std::max<std::size_t>(5, std::min<std::size_t>(41, r)) | 1;
}

std::string human_bytes(std::size_t n)
{
    char buf[32];
    if (n >= 10 * 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.0f MiB", n / 1048576.0);
    else if (n >= 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.1f MiB", n / 1048576.0);
    else if (n >= 10 * 1024)
        std::snprintf(buf, sizeof buf, "%.0f KiB", n / 1024.0);
    else if (n >= 1024)
        std::snprintf(buf, sizeof buf, "%.1f KiB", n / 1024.0);
    else
        std::snprintf(buf, sizeof buf, "%zu B", n);
    return buf;
}

std::string hex(std::uint64_t v)
{
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

/// Where each call of the page's `results` array begins and ends, and the
/// offsets of the array's brackets. The generator's pages put no string
/// value of the page object right before `[`, so the last string seen at
/// depth 1 before an array is its key.
struct call_ranges {
    std::size_t open = 0;
    std::size_t close = 0;
    std::vector<std::pair<std::size_t, std::size_t>> calls;
};

call_ranges find_calls(std::string_view s)
{
    call_ranges r;
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    bool in_results = false;
    std::size_t str_begin = 0;
    std::string_view last_string;
    std::size_t elem = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char const c = s[i];
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"') {
                in_string = false;
                if (depth == 1)
                    last_string = s.substr(str_begin, i - str_begin);
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
            str_begin = i + 1;
        } else if (c == '{' || c == '[') {
            if (depth == 1 && c == '[' && last_string == "results") {
                in_results = true;
                r.open = i;
            }
            ++depth;
            if (in_results && depth == 3)
                elem = i;
        } else if (c == '}' || c == ']') {
            --depth;
            if (in_results && depth == 2)
                r.calls.emplace_back(elem, i + 1);
            if (in_results && depth == 1) {
                r.close = i;
                in_results = false;
            }
        }
    }
    return r;
}

/// Arena bytes a per-call decode of `text` peaks at.
std::size_t per_call_high_water(std::string_view text, char* arena, std::size_t arena_size)
{
    auto on_call = [](uvcalls::call const&, std::size_t) { return true; };
    uvcalls::page_decoder d(arena, arena_size, on_call);
    uvcalls::error_code ec;
    d.write_final(text.data(), text.size(), ec);
    if (ec)
        die("per-call memory: " + describe(ec, d));
    return d.arena_high_water();
}

struct memory_row {
    std::string page;
    std::size_t calls = 0;
    std::size_t bytes = 0;
    std::size_t per_call = 0;
    std::size_t largest_single = 0;
    std::size_t largest_call_bytes = 0;
    std::size_t whole_page = 0;
};

memory_row measure_memory(page_input const& p, std::size_t whole_page_high_water)
{
    static std::vector<char> arena(1 << 20);
    memory_row row;
    row.page = p.name;
    row.bytes = p.size;
    row.whole_page = whole_page_high_water;
    std::string_view const s = p.view();
    row.per_call = per_call_high_water(s, arena.data(), arena.size());
    call_ranges const r = find_calls(s);
    if (r.calls.empty())
        die(p.name + ": no calls found in results");
    row.calls = r.calls.size();
    std::string single;
    for (auto const& [a, b] : r.calls) {
        // The same page with only this call in `results`.
        single.assign(s.substr(0, r.open + 1));
        single.append(s.substr(a, b - a));
        single.append(s.substr(r.close));
        std::size_t const hw = per_call_high_water(single, arena.data(), arena.size());
        if (hw > row.largest_single) {
            row.largest_single = hw;
            row.largest_call_bytes = b - a;
        }
    }
    return row;
}

} // namespace

int main(int argc, char** argv)
{
    std::size_t requested_rounds = 0;
    bool callgrind = false;
    bool summary = false;
    std::vector<std::string> paths;
    for (int i = 1; i < argc; ++i) {
        std::string const a = argv[i];
        if (a == "--rounds" && i + 1 < argc)
            requested_rounds = std::strtoul(argv[++i], nullptr, 10);
        else if (a == "--callgrind")
            callgrind = true;
        else if (a == "--summary")
            summary = true;
        else if (a.rfind("--", 0) == 0)
            die("usage: uvcalls-bench [--rounds N] [--callgrind | --summary] PAGE.json...");
        else
            paths.push_back(a);
    }
    if (paths.empty())
        die("usage: uvcalls-bench [--rounds N] [--callgrind | --summary] PAGE.json...");

    std::vector<page_input> pages;
    std::size_t largest = 0;
    for (auto const& path : paths) {
        pages.push_back(read_page(path));
        largest = std::max(largest, pages.back().size);
    }

    // Replaced before each page's first decode (see new_page()), so that
    // its first-page allocations and peak are those of a fresh parser, as
    // uvcalls' are of a fresh decoder, and not of one grown by the page before.
    auto simdjson = std::make_unique<peers::simdjson_decoder>();
    std::vector<std::unique_ptr<implementation>> impls;
    // Whole page: the calls' strings (at most the input) plus their structs.
    impls.emplace_back(new uvcalls_whole_page(4 * largest + (1 << 20)));
    impls.emplace_back(new uvcalls_per_call(1 << 20, 0));
    impls.emplace_back(new uvcalls_per_call(1 << 20, 4096));
    for (std::size_t chunk : {std::size_t(0), std::size_t(4096)})
        impls.emplace_back(new empty_handler_parse<peers::boost_json_null_parser>("Boost.JSON basic_parser, empty handler", chunk));
    for (std::size_t chunk : {std::size_t(0), std::size_t(4096)})
        impls.emplace_back(new empty_handler_parse<peers::uvcalls_parser_null>("uvcalls' parser, empty handler", chunk));
    impls.push_back(make_peer("Boost.JSON parse + std types", [](page_input const& p, stdm::paginated_call_list& out) {
        peers::boost_json_decode(p.view(), out);
    }));
    impls.push_back(make_peer("nlohmann::json parse + std types", [](page_input const& p, stdm::paginated_call_list& out) {
        peers::nlohmann_decode(p.view(), out);
    }));
    impls.push_back(make_peer("simdjson on-demand + std types", [&simdjson](page_input const& p, stdm::paginated_call_list& out) {
        simdjson->decode(p.data(), p.size, p.bytes.size(), out);
    }, [&simdjson] {
        simdjson.reset();
        simdjson = std::make_unique<peers::simdjson_decoder>();
    }));
    std::size_t const per_call_index = 1;
    std::size_t const chunked_index = 2;
    std::size_t const ceiling_index = 3;
    std::size_t const chunked_ceiling_index = 4;
    std::size_t const own_ceiling_index = 5;
    std::size_t const chunked_own_ceiling_index = 6;
    std::size_t const first_peer_index = 7;

    if (!summary)
        std::printf("simdjson kernel: %s; sizeof(stdm::call) = %zu bytes, sizeof(uvcalls::call) = %zu bytes\n\n",
                    simdjson->implementation().c_str(), sizeof(stdm::call), sizeof(uvcalls::call));

    bool mismatch = false;
    std::vector<memory_row> memory;
    for (auto const& p : pages) {
        std::vector<result> res(impls.size());
        // 1. One decode each from a fresh decoder: first-page allocations
        //    and peak heap. 2. A second decode: allocations per page once
        //    warm (the one callgrind collects). 3. A decode that computes
        //    the checksum (its own allocations are not counted).
        for (std::size_t i = 0; i < impls.size(); ++i) {
            impls[i]->new_page();
            heap_stats const before = g_heap;
            g_heap.peak = g_heap.in_use;
            impls[i]->run(p);
            res[i].first_allocations = g_heap.allocations - before.allocations;
            res[i].peak_heap = g_heap.peak - before.in_use;
            std::size_t const a = g_heap.allocations;
            if (callgrind) {
                CALLGRIND_ZERO_STATS;
                CALLGRIND_TOGGLE_COLLECT;
            }
            impls[i]->run(p);
            if (callgrind) {
                CALLGRIND_TOGGLE_COLLECT;
                std::string const label = impls[i]->name() + " | " + p.name + " | " + std::to_string(p.size);
                CALLGRIND_DUMP_STATS_AT(label.c_str());
            }
            res[i].allocations = g_heap.allocations - a;
            res[i].arena = impls[i]->arena_high_water();
            res[i].checksum = impls[i]->checksum(p);
        }
        std::optional<std::uint64_t> reference;
        for (std::size_t i = 0; i < impls.size(); ++i) {
            if (!res[i].checksum)
                continue;
            if (!reference)
                reference = res[i].checksum;
            else if (*reference != *res[i].checksum)
                mismatch = true;
        }
        if (mismatch) {
            std::fprintf(stderr, "\nuvcalls-bench: CHECKSUM MISMATCH on %s:\n", p.name.c_str());
            for (std::size_t i = 0; i < impls.size(); ++i)
                if (res[i].checksum)
                    std::fprintf(stderr, "  %-40s %s\n", impls[i]->name().c_str(), hex(*res[i].checksum).c_str());
            return 1;
        }
        if (callgrind)
            continue;

        std::size_t const rounds = rounds_for(p.size, requested_rounds);
        for (std::size_t r = 0; r < rounds; ++r) {
            for (std::size_t k = 0; k < impls.size(); ++k) {
                std::size_t const i = (k + r) % impls.size();
                auto const t0 = std::chrono::steady_clock::now();
                impls[i]->run(p);
                auto const t1 = std::chrono::steady_clock::now();
                res[i].seconds.push_back(std::chrono::duration<double>(t1 - t0).count());
            }
        }

        if (summary) {
            for (std::size_t i = 0; i < impls.size(); ++i)
                std::printf("%s\t%s\t%.1f\n", p.name.c_str(), impls[i]->name().c_str(), p.size / res[i].median() / 1e6);
            continue;
        }
        std::size_t const calls = find_calls(p.view()).calls.size();
        std::printf("### %s: %zu calls, %.2f MB, median of %zu interleaved rounds\n\n", p.name.c_str(), calls,
                    p.size / 1e6, rounds);
        std::printf("| decoder | MB/s | uvcalls per call ÷ this | heap allocations, first page / next pages | peak memory |\n");
        std::printf("| --- | ---: | ---: | ---: | ---: |\n");
        double const base = p.size / res[per_call_index].median();
        for (std::size_t i = 0; i < impls.size(); ++i) {
            double const mbs = p.size / res[i].median() / 1e6;
            std::string mem = human_bytes(res[i].peak_heap + res[i].arena);
            if (res[i].arena)
                mem += " (arena " + human_bytes(res[i].arena) + ")";
            char ratio[32];
            std::snprintf(ratio, sizeof ratio, "%.2f×", base / (p.size / res[i].median()));
            std::printf("| %s | %.0f | %s | %zu / %zu | %s |\n", impls[i]->name().c_str(), mbs,
                        i == per_call_index ? "1" : ratio, res[i].first_allocations, res[i].allocations, mem.c_str());
        }
        std::printf("\nuvcalls per call = %.2f × the empty-handler parse (fed in 4 KiB chunks, %.2f × the "
                    "empty handler fed the same chunks), %.2f × uvcalls' parser with an empty handler (%.2f in "
                    "chunks); checksum %s agreed by %zu decoders; heap allocations per call of the peers: ",
                    res[ceiling_index].median() / res[per_call_index].median(),
                    res[chunked_ceiling_index].median() / res[chunked_index].median(),
                    res[own_ceiling_index].median() / res[per_call_index].median(),
                    res[chunked_own_ceiling_index].median() / res[chunked_index].median(),
                    hex(*reference).c_str(),
                    static_cast<std::size_t>(std::count_if(res.begin(), res.end(), [](result const& x) { return x.checksum.has_value(); })));
        bool first = true;
        for (std::size_t i = first_peer_index; i < impls.size(); ++i) {
            std::printf("%s%s %.1f", first ? "" : ", ", impls[i]->name().substr(0, impls[i]->name().find(' ')).c_str(),
                        double(res[i].allocations) / double(calls));
            first = false;
        }
        std::printf("\n\n");
        memory.push_back(measure_memory(p, res[0].arena));
    }
    if (callgrind || summary)
        return 0;

    std::printf("### uvcalls' arena in per-call mode\n\n");
    std::printf("| page | calls | bytes | per-call high-water | largest single call decoded alone | equal | "
                "whole-page high-water |\n");
    std::printf("| --- | ---: | ---: | ---: | ---: | :---: | ---: |\n");
    bool unequal = false;
    for (auto const& m : memory) {
        bool const eq = m.per_call == m.largest_single;
        unequal = unequal || !eq;
        std::printf("| %s | %zu | %s | %zu B | %zu B (a %zu-byte call) | %s | %s |\n", m.page.c_str(), m.calls,
                    human_bytes(m.bytes).c_str(), m.per_call, m.largest_single, m.largest_call_bytes,
                    eq ? "yes" : "NO", human_bytes(m.whole_page).c_str());
    }
    std::printf("\n");
    if (unequal) {
        std::fprintf(stderr, "uvcalls-bench: per-call high-water differs from the largest single call\n");
        return 1;
    }
    return 0;
}
