// detail::utf8_validator against a reference validator written here from
// the Unicode Standard's Table 3-7 (well-formed UTF-8 byte sequences).
//
// Built as test_utf8_validate with the build's own flags (SSE2 on x86-64,
// the 8-byte SWAR skip elsewhere) and, on x86 where the compiler takes
// -mavx2, as test_utf8_validate_avx2 for the 64-byte Keiser-Lemire path.
// That program is two translation units of this file: the tests, built
// without -mavx2 and defining UVCALLS_TEST_UTF8_AVX2, and the validator
// alone, built with -mavx2 and defining UVCALLS_TEST_UTF8_AVX2_IMPL. With
// -mavx2 on the whole program, the compiler's VEX code in doctest's static
// registration would fault before main on a CPU without AVX; this way the
// tests look at the CPU first and skip every case there (the program passes
// and says why).
//
// Each check feeds a byte string in chunks, every chunk copied into a heap
// block of exactly its size (a sanitizer sees any read past it), and
// compares every answer with the reference: which chunk feed() rejects,
// first_error()'s offset (the first byte of the first bad sequence, from
// that chunk's start, negative when the sequence began in a chunk before),
// that a rejected chunk leaves the state as it was (fed again: the same
// answers), and complete()/open_back() after every accepted chunk. The
// strings: every string of 1 and 2 bytes; 3- and 4-byte strings of every
// byte >= 0x80 followed by edge values of Table 3-7's ranges (a fourth byte
// only after three that are no error yet); each placed after 0, 15, 31, 62
// or 63 bytes of ASCII (the 16-, 32- and 64-byte edges of the ASCII skips
// and AVX2 blocks) and before 0 or 64 more, the placements taken in turn,
// whole and split inside the string; and 3 000 random texts, most of them
// corrupted, whole, in random chunks and byte by byte. Small enough for
// qemu (about 0.6 M runs; no exhaustive 3-byte sweep).
#if defined(UVCALLS_TEST_UTF8_AVX2_IMPL)

// The AVX2 program's validator (this translation unit has no static
// initialisation: none of its code runs before the tests check the CPU).
#include <uvcalls/detail/utf8_validate.hpp>

#include <new>
#include <type_traits>

#if !defined(__AVX2__)
#error "UVCALLS_TEST_UTF8_AVX2_IMPL is to be built with -mavx2"
#endif

namespace utf8_avx2_impl {

using uvcalls::detail::utf8_validator;
static_assert(std::is_trivially_destructible<utf8_validator>::value, "no destructor to call");
static_assert(sizeof(utf8_validator) <= 16 && alignof(utf8_validator) <= 8, "fits the test's storage");

void construct(void* p) { new (p) utf8_validator(); }
void reset(void* p) { static_cast<utf8_validator*>(p)->reset(); }
bool feed(void* p, char const* d, std::size_t n) { return static_cast<utf8_validator*>(p)->feed(d, n); }
bool complete(void const* p) { return static_cast<utf8_validator const*>(p)->complete(); }
std::size_t open_back(void const* p) { return static_cast<utf8_validator const*>(p)->open_back(); }
std::ptrdiff_t first_error(void const* p, char const* d, std::size_t n)
{
    return static_cast<utf8_validator const*>(p)->first_error(d, n);
}
std::ptrdiff_t no_error() { return utf8_validator::no_error; }

} // namespace utf8_avx2_impl

#else // the tests

#include <uvcalls/detail/utf8_sequence.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#if defined(UVCALLS_TEST_UTF8_AVX2)

namespace utf8_avx2_impl {
void construct(void* p);
void reset(void* p);
bool feed(void* p, char const* d, std::size_t n);
bool complete(void const* p);
std::size_t open_back(void const* p);
std::ptrdiff_t first_error(void const* p, char const* d, std::size_t n);
std::ptrdiff_t no_error();
} // namespace utf8_avx2_impl

namespace {

// detail::utf8_validator's interface, forwarded to the -mavx2 translation
// unit. Construct only after the CPU check (that runs its code).
class utf8_validator {
public:
    utf8_validator() { utf8_avx2_impl::construct(storage_); }
    utf8_validator(utf8_validator const&) = delete;
    utf8_validator& operator=(utf8_validator const&) = delete;
    void reset() { utf8_avx2_impl::reset(storage_); }
    bool feed(char const* d, std::size_t n) { return utf8_avx2_impl::feed(storage_, d, n); }
    bool complete() const { return utf8_avx2_impl::complete(storage_); }
    std::size_t open_back() const { return utf8_avx2_impl::open_back(storage_); }
    std::ptrdiff_t first_error(char const* d, std::size_t n) const
    {
        return utf8_avx2_impl::first_error(storage_, d, n);
    }
    static constexpr std::ptrdiff_t no_error = PTRDIFF_MAX;

private:
    alignas(8) unsigned char storage_[16];
};

// The -mavx2 program on a CPU without AVX2: its cases are skipped (the
// program passes, and says why once).
bool cpu_lacks_avx2()
{
    static bool const lacks = [] {
        __builtin_cpu_init();
        bool const no = __builtin_cpu_supports("avx2") == 0;
        if (no)
            std::printf("test_utf8_validate_avx2: this CPU has no AVX2; the AVX2 path is not tested here "
                        "(every case skipped)\n");
        return no;
    }();
    return lacks;
}

} // namespace

#define UTF8_CASE(name) TEST_CASE(name * doctest::skip(cpu_lacks_avx2()))

#else

#include <uvcalls/detail/utf8_validate.hpp>

using uvcalls::detail::utf8_validator;

#define UTF8_CASE(name) TEST_CASE(name)

#endif

namespace {

using bytes = std::vector<unsigned char>;

// ---- The reference: Table 3-7, byte by byte. ----

struct verdict {
    enum kind_t { valid, open, bad } kind = valid;
    std::size_t at = 0;     // bad: the bad sequence's first byte; open: the open sequence's first byte
    std::size_t detect = 0; // bad: the byte that makes it bad (the stream was valid or open before it)
};

verdict reference(unsigned char const* s, std::size_t n)
{
    std::size_t i = 0;
    while (i < n) {
        unsigned const c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        unsigned lo = 0x80, hi = 0xBF; // the second byte's range
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0;
            if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90;
            if (c == 0xF4)
                hi = 0x8F;
        } else {
            return {verdict::bad, i, i}; // 80-BF, C0, C1, F5-FF begin no sequence
        }
        for (std::size_t k = 1; k < len; ++k) {
            if (i + k == n)
                return {verdict::open, i, 0};
            unsigned const b = s[i + k];
            if (b < (k == 1 ? lo : 0x80u) || b > (k == 1 ? hi : 0xBFu))
                return {verdict::bad, i, i + k};
        }
        i += len;
    }
    return {verdict::valid, 0, 0};
}

// ---- Feeding a string in chunks and comparing every answer. ----

long failures = 0;
long runs = 0;

std::string hex(bytes const& s, std::vector<std::size_t> const& cuts)
{
    std::string out;
    char buf[8];
    std::size_t c = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        while (c < cuts.size() && cuts[c] == i) {
            out += " |";
            ++c;
        }
        std::snprintf(buf, sizeof buf, " %02x", s[i]);
        out += buf;
    }
    return out;
}

void fail(char const* what, bytes const& s, std::vector<std::size_t> const& cuts, long got, long want)
{
    ++failures;
    if (failures <= 12)
        FAIL_CHECK(std::string(what) << ": got " << got << ", want " << want
                                     << "; input (| = chunk end):" << hex(s, cuts));
}

// One validator for every run of a case: each run begins with reset(),
// so a reset() that leaves state behind shows in the next run.
utf8_validator& validator()
{
    static utf8_validator v; // built in the first case (after the AVX2 program's CPU check)
    return v;
}

// Feeds s in the chunks that end at cuts (ascending, each <= s.size();
// equal cuts give empty chunks) and checks the validator against the
// reference. Returns false on a mismatch.
bool check_chunks(bytes const& s, std::vector<std::size_t> const& cuts)
{
    ++runs;
    long const before = failures;
    verdict const whole = reference(s.data(), s.size());
    utf8_validator& v = validator();
    v.reset();
    if (!v.complete() || v.open_back() != 0)
        fail("after reset(), complete() / open_back()", s, cuts, static_cast<long>(v.open_back()), 0);
    std::size_t from = 0;
    for (std::size_t k = 0; k <= cuts.size(); ++k) {
        std::size_t const to = k < cuts.size() ? cuts[k] : s.size();
        std::size_t const n = to - from;
        // The chunk in a heap block of exactly its size (none when empty).
        std::unique_ptr<char[]> const chunk(n ? new char[n] : nullptr);
        for (std::size_t i = 0; i < n; ++i)
            chunk[i] = static_cast<char>(s[from + i]);
        bool const complete_before = v.complete();
        std::size_t const open_before = v.open_back();
        bool const fails_here = whole.kind == verdict::bad && whole.detect >= from && whole.detect < to;
        long const want_error = fails_here ? static_cast<long>(whole.at) - static_cast<long>(from) : -1000;

        std::ptrdiff_t const fe = v.first_error(chunk.get(), n);
        long const got_error = fe == utf8_validator::no_error ? -1000 : static_cast<long>(fe);
        if (got_error != want_error)
            fail("first_error() before feed() (-1000: no_error)", s, cuts, got_error, want_error);
        bool const ok = v.feed(chunk.get(), n);
        if (ok == fails_here)
            fail("feed() (1: accepted)", s, cuts, ok, !fails_here);
        if (!ok) {
            // The state is unchanged: the same answers again.
            if (v.complete() != complete_before || v.open_back() != open_before)
                fail("open_back() after a rejected chunk", s, cuts, static_cast<long>(v.open_back()),
                     static_cast<long>(open_before));
            std::ptrdiff_t const fe2 = v.first_error(chunk.get(), n);
            if (fe2 != fe)
                fail("first_error() after a rejected chunk", s, cuts, fe2 == utf8_validator::no_error ? -1000 : fe2,
                     got_error);
            if (v.feed(chunk.get(), n))
                fail("feed() of a rejected chunk again", s, cuts, 1, 0);
            if (v.complete() != complete_before || v.open_back() != open_before)
                fail("open_back() after a chunk rejected twice", s, cuts, static_cast<long>(v.open_back()),
                     static_cast<long>(open_before));
            return failures == before;
        }
        // Accepted: the state is that of the stream so far.
        verdict const prefix = to == s.size() ? whole : reference(s.data(), to);
        std::size_t const want_open = prefix.kind == verdict::open ? to - prefix.at : 0;
        if (v.open_back() != want_open)
            fail("open_back()", s, cuts, static_cast<long>(v.open_back()), static_cast<long>(want_open));
        if (v.complete() != (want_open == 0))
            fail("complete()", s, cuts, v.complete(), want_open == 0);
        from = to;
    }
    if (whole.kind == verdict::bad)
        fail("no chunk rejected (want the error at)", s, cuts, -1, static_cast<long>(whole.at));
    return failures == before;
}

// Edge values of a byte after the first: the ends of the ranges of Table 3-7.
unsigned char const edges[] = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0,
                               0xC2, 0xDF, 0xE0, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
// Where a string is put: after 0 bytes of ASCII, one short of the 16-byte
// (SSE2) skip, of a 32-byte half block, and the 64-byte block's last two
// bytes; then no more (the padded end of a chunk) or a whole 64-byte block
// of ASCII. Ten placements.
struct placement {
    std::size_t pad, tail;
};
placement const placements[] = {{0, 0},  {15, 0},  {31, 0},  {62, 0},  {63, 0},
                                {0, 64}, {15, 64}, {31, 64}, {62, 64}, {63, 64}};

// The string seq at a placement, whole and (split) also cut into two
// chunks at each byte inside it.
void check_at(unsigned char const* seq, std::size_t len, placement p, bool split)
{
    bytes s(p.pad, 'a');
    s.insert(s.end(), seq, seq + len);
    s.insert(s.end(), p.tail, 'b');
    std::vector<std::size_t> cuts;
    check_chunks(s, cuts);
    if (split)
        for (std::size_t cut = p.pad + 1; cut < p.pad + len; ++cut) {
            cuts.assign(1, cut);
            check_chunks(s, cuts);
        }
}

// Deterministic on every target (splitmix64).
struct rng {
    std::uint64_t x;
    std::uint64_t next()
    {
        std::uint64_t z = (x += 0x9E3779B97F4A7C15u);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

void append_utf8(bytes& s, std::uint32_t cp)
{
    if (cp < 0x80) {
        s.push_back(static_cast<unsigned char>(cp));
    } else if (cp < 0x800) {
        s.push_back(static_cast<unsigned char>(0xC0 | cp >> 6));
        s.push_back(static_cast<unsigned char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        s.push_back(static_cast<unsigned char>(0xE0 | cp >> 12));
        s.push_back(static_cast<unsigned char>(0x80 | (cp >> 6 & 0x3F)));
        s.push_back(static_cast<unsigned char>(0x80 | (cp & 0x3F)));
    } else {
        s.push_back(static_cast<unsigned char>(0xF0 | cp >> 18));
        s.push_back(static_cast<unsigned char>(0x80 | (cp >> 12 & 0x3F)));
        s.push_back(static_cast<unsigned char>(0x80 | (cp >> 6 & 0x3F)));
        s.push_back(static_cast<unsigned char>(0x80 | (cp & 0x3F)));
    }
}

// A random scalar value, often at the end of a range of Table 3-7.
std::uint32_t random_char(rng& r)
{
    static std::uint32_t const ends[] = {0x00,   0x7F,   0x80,    0x7FF,   0x800,    0xFFF,   0x1000,
                                         0xD7FF, 0xE000, 0xFFFF,  0x10000, 0x3FFFF,  0x40000, 0xFFFFF,
                                         0x100000, 0x10FFFF, 0xFEFF, 0xFFFD};
    switch (r.below(8)) {
    case 0:
        return ends[r.below(sizeof ends / sizeof ends[0])];
    case 1:
    case 2:
    case 3:
        return 0x20 + static_cast<std::uint32_t>(r.below(0x5F)); // ASCII
    case 4:
        return 0x80 + static_cast<std::uint32_t>(r.below(0x800 - 0x80));
    case 5: {
        auto const c = 0x800 + static_cast<std::uint32_t>(r.below(0x10000 - 0x800 - 0x800));
        return c < 0xD800 ? c : c + 0x800; // no surrogates
    }
    default:
        return 0x10000 + static_cast<std::uint32_t>(r.below(0x110000 - 0x10000));
    }
}

bytes random_text(rng& r)
{
    bytes s;
    std::size_t const chars = r.below(4) == 0 ? r.below(8) : r.below(120);
    for (std::size_t i = 0; i < chars; ++i) {
        if (r.below(16) == 0) // a run of ASCII across the 16-, 32- and 64-byte edges
            s.insert(s.end(), 1 + r.below(80), 'x');
        append_utf8(s, random_char(r));
    }
    // Most texts corrupted: 1 to 3 bytes replaced by edge values, deleted or
    // inserted, or the text truncated.
    std::size_t const changes = r.below(4) == 0 ? 0 : 1 + r.below(3);
    for (std::size_t c = 0; c < changes && !s.empty(); ++c) {
        std::size_t const at = r.below(s.size());
        unsigned char const e = edges[r.below(sizeof edges)];
        switch (r.below(4)) {
        case 0:
            s[at] = e;
            break;
        case 1:
            s.erase(s.begin() + static_cast<std::ptrdiff_t>(at));
            break;
        case 2:
            s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), e);
            break;
        default:
            s.resize(at);
            break;
        }
    }
    return s;
}

} // namespace

UTF8_CASE("utf8_validator agrees with Table 3-7 on every string of 1 and 2 bytes, at the block edges, whole and split")
{
    failures = runs = 0;
    for (unsigned a = 0; a < 256; ++a) {
        unsigned char const one[1] = {static_cast<unsigned char>(a)};
        for (placement p : placements)
            check_at(one, 1, p, false);
        for (unsigned b = 0; b < 256; ++b) {
            unsigned char const two[2] = {static_cast<unsigned char>(a), static_cast<unsigned char>(b)};
            unsigned const x = a * 256 + b;
            // Every placement in turn, whole and split; plain ASCII once.
            check_at(two, 2, placements[x % 10], true);
            if (a < 0x80 && b < 0x80)
                continue;
            // Across the 64-byte edge, whole and split there; and ending
            // the first block exactly, a block of ASCII after.
            check_at(two, 2, {63, 0}, true);
            check_at(two, 2, {62, 64}, false);
        }
    }
    MESSAGE(runs << " runs");
    CHECK(failures == 0);
}

UTF8_CASE("utf8_validator agrees with Table 3-7 on 3- and 4-byte strings of every byte >= 0x80 then edge values")
{
    failures = runs = 0;
    std::size_t const m = sizeof edges;
    unsigned x = 0, y = 0;
    for (unsigned a = 0x80; a < 0x100; ++a) {
        for (std::size_t i = 0; i < m; ++i) {
            for (std::size_t j = 0; j < m; ++j) {
                // Each (lead, second byte) meets every placement over its
                // 17 third bytes: whole and split at one, whole at another.
                unsigned char seq[4] = {static_cast<unsigned char>(a), edges[i], edges[j], 0};
                check_at(seq, 3, placements[x % 10], true);
                check_at(seq, 3, placements[(x + 5) % 10], false);
                ++x;
                // A fourth byte only after three that are no error yet (an
                // error found in three bytes is not undone by a fourth).
                if (reference(seq, 3).kind == verdict::bad)
                    continue;
                for (std::size_t k = 0; k < m; ++k) {
                    seq[3] = edges[k];
                    check_at(seq, 4, placements[y++ % 10], true);
                }
            }
        }
    }
    MESSAGE(runs << " runs");
    CHECK(failures == 0);
}

UTF8_CASE("utf8_validator fails a sequence left open at the end of a 64-byte block when a block of ASCII follows")
{
    // The AVX2 path checks a block of ASCII only for a sequence the block
    // before left open in its last three bytes; the placements above end a
    // block with at most two bytes of a sequence, so a four-byte lead three
    // bytes from the end (F0 90 80, then ASCII) went unchecked (mutation
    // testing: the lead F0 dropped from the third-last byte's bound in
    // incomplete() survived). Every lead, every open prefix of one of its
    // sequences, ending the first or the second block (after a block with a
    // multi-byte character), whole and split at the block's end.
    failures = runs = 0;
    for (unsigned lead = 0xC2; lead <= 0xF4; ++lead) {
        std::size_t const len = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        // The least and the greatest second byte Table 3-7 allows.
        unsigned const lo = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
        unsigned const hi = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
        for (unsigned second : {lo, hi}) {
            unsigned char const seq[3] = {static_cast<unsigned char>(lead), static_cast<unsigned char>(second), 0xBF};
            for (std::size_t open = 1; open < len; ++open) {
                for (std::size_t block_end : {std::size_t(64), std::size_t(128)}) {
                    bytes s;
                    if (block_end == 128) {
                        s.assign(62, 'a');
                        s.push_back(0xC3); // an e acute: the first block is not all ASCII
                        s.push_back(0xA9);
                    }
                    s.insert(s.end(), block_end - open - s.size(), 'a');
                    s.insert(s.end(), seq, seq + open);
                    for (std::size_t tail : {std::size_t(64), std::size_t(65)}) {
                        bytes t = s;
                        t.insert(t.end(), tail, 'b');
                        check_chunks(t, {});
                        check_chunks(t, {block_end});
                    }
                }
            }
        }
    }
    MESSAGE(runs << " runs");
    CHECK(failures == 0);
}

UTF8_CASE("utf8_validator agrees with Table 3-7 on random texts, whole, split and byte by byte")
{
    failures = runs = 0;
    rng r{38};
    long invalid = 0;
    std::vector<std::size_t> cuts;
    for (int t = 0; t < 3000; ++t) {
        bytes const s = random_text(r);
        invalid += reference(s.data(), s.size()).kind == verdict::bad;
        cuts.clear();
        check_chunks(s, cuts);
        if (s.size() < 2)
            continue;
        // Split once, at three random points.
        for (int k = 0; k < 3; ++k) {
            cuts.assign(1, 1 + r.below(s.size() - 1));
            check_chunks(s, cuts);
        }
        // Random chunkings: small, middling and large chunks, some empty.
        for (std::size_t most : {std::size_t(4), std::size_t(40), std::size_t(140)}) {
            cuts.clear();
            std::size_t c = 0;
            for (;;) {
                c += r.below(most + 1);
                if (c >= s.size())
                    break;
                cuts.push_back(c);
            }
            check_chunks(s, cuts);
        }
        // Byte by byte, one text in eight.
        if (t % 8 == 0) {
            cuts.clear();
            for (std::size_t c = 1; c < s.size(); ++c)
                cuts.push_back(c);
            check_chunks(s, cuts);
        }
    }
    MESSAGE(runs << " runs, " << invalid << " of 3000 texts invalid");
    CHECK(invalid > 1000);
    CHECK(invalid < 2500);
    CHECK(failures == 0);
}

namespace {

// Feeds the chunks one after another; returns the index of the first chunk
// feed() rejects (-1: none) and its first_error() in *at.
int feed_all(utf8_validator& v, std::vector<std::string> const& chunks, std::ptrdiff_t* at)
{
    v.reset();
    for (std::size_t k = 0; k < chunks.size(); ++k) {
        std::vector<char> const c(chunks[k].begin(), chunks[k].end());
        if (!v.feed(c.data(), c.size())) {
            *at = v.first_error(c.data(), c.size());
            return static_cast<int>(k);
        }
    }
    return -1;
}

} // namespace

UTF8_CASE("utf8_validator's first_error is the first byte of the first bad sequence, negative in a chunk before")
{
    utf8_validator v;
    std::ptrdiff_t at = 0;
    struct example {
        std::vector<std::string> chunks;
        int chunk;
        std::ptrdiff_t at;
    };
    example const examples[] = {
        {{"abc\xC0\x80"}, 0, 3},                  // overlong two-byte lead
        {{"ab\xE0\x9F\xBF"}, 0, 2},               // overlong three bytes
        {{"\xF0\x8F\xBF\xBF"}, 0, 0},             // overlong four bytes
        {{"x\xED\xA0\x80"}, 0, 1},                // surrogate
        {{"x\xED\xBF\xBF"}, 0, 1},                // surrogate
        {{"\xF4\x90\x80\x80"}, 0, 0},             // above U+10FFFF
        {{"ok\x80"}, 0, 2},                       // stray continuation
        {{"\xE2\x82\xACz\xE2\x82"}, -1, 0},       // open at the end: no error
        {{"\xE2", "\x82", "A"}, 2, -2},           // the open sequence began two chunks back
        {{"\xF0\x9F", "\x98", "A"}, 2, -3},       // three bytes back, over two chunks
        {{"\xF0", "\x9F\x98\x80", "\x80"}, 2, 0}, // the sequence ended: a stray continuation
        {{"abc\xE2", "\x28\xA1"}, 1, -1},         // E2 then ASCII
        {{"\xF0\x9F\x98\x80\xC3", "\xA9\xFF"}, 1, 1},
        {{"a", "b", "\xC1"}, 2, 0}, // C1 at a chunk's end: rejected at once
        {{"\xF5"}, 0, 0},
        {{"\xFF"}, 0, 0},
    };
    for (example const& e : examples) {
        CAPTURE(e.chunk);
        CAPTURE(e.at);
        int const k = feed_all(v, e.chunks, &at);
        CHECK(k == e.chunk);
        if (k >= 0 && k == e.chunk)
            CHECK(at == e.at);
    }
    CHECK(utf8_validator::no_error == PTRDIFF_MAX);
#if defined(UVCALLS_TEST_UTF8_AVX2)
    CHECK(utf8_avx2_impl::no_error() == utf8_validator::no_error);
#endif
}

UTF8_CASE("utf8_validator keeps a sequence open across chunks and says how far back it began")
{
    utf8_validator v;
    v.reset();
    CHECK(v.complete());
    CHECK(v.open_back() == 0);
    std::vector<char> const a = {'x', '\xF0'}, b = {'\x9F'}, c = {'\x98'}, d = {'\x80', 'y'};
    CHECK(v.first_error(a.data(), a.size()) == utf8_validator::no_error);
    REQUIRE(v.feed(a.data(), a.size()));
    CHECK_FALSE(v.complete());
    CHECK(v.open_back() == 1);
    REQUIRE(v.feed(b.data(), b.size()));
    CHECK(v.open_back() == 2);
    REQUIRE(v.feed(nullptr, 0)); // an empty chunk changes nothing
    CHECK(v.open_back() == 2);
    REQUIRE(v.feed(c.data(), c.size()));
    CHECK(v.open_back() == 3);
    CHECK_FALSE(v.complete());
    CHECK(v.first_error(d.data(), d.size()) == utf8_validator::no_error);
    REQUIRE(v.feed(d.data(), d.size()));
    CHECK(v.complete());
    CHECK(v.open_back() == 0);
}

// detail/utf8_sequence.hpp, which the validator and the query builder's
// is_valid_utf8 share, on its own: every byte >= 0x80 as the first, then
// edge values, at every length (a fourth byte only after three that are no
// error yet), each in a heap block of exactly that length (a sanitizer sees
// a read past it). Not an AVX2 case: no intrinsics.
TEST_CASE("check_utf8_sequence agrees with Table 3-7 on every lead byte and edge values, cut at every length")
{
    using uvcalls::detail::check_utf8_sequence;
    using uvcalls::detail::utf8_length_of;
    long mismatches = 0, checked = 0;
    // seq[0, n) in a block of exactly n bytes, against the reference over
    // the bytes the check may read: n, or the announced length if shorter.
    auto check = [&](unsigned char const* seq, std::size_t n, std::size_t announced) {
        std::size_t const m = announced != 0 && announced < n ? announced : n;
        verdict const r = reference(seq, m);
        int const want = r.kind == verdict::bad ? -1 : r.kind == verdict::open ? 0 : static_cast<int>(m);
        std::unique_ptr<char[]> const exact(new char[n]);
        std::memcpy(exact.get(), seq, n);
        int const got = check_utf8_sequence(exact.get(), n);
        ++checked;
        if (got != want && ++mismatches <= 12) {
            std::string text;
            for (std::size_t i = 0; i < n; ++i)
                text += " " + std::to_string(seq[i]);
            FAIL_CHECK("bytes" << text << ": got " << got << ", want " << want);
        }
        return r.kind != verdict::bad;
    };
    for (unsigned a = 0x80; a < 0x100; ++a) {
        unsigned char seq[4] = {static_cast<unsigned char>(a), 0, 0, 0};
        std::size_t const announced = utf8_length_of(seq[0]);
        CHECK(announced == (a < 0xC0 ? 0u : a < 0xE0 ? 2u : a < 0xF0 ? 3u : 4u));
        check(seq, 1, announced);
        for (unsigned char b : edges) {
            seq[1] = b;
            check(seq, 2, announced);
            for (unsigned char c : edges) {
                seq[2] = c;
                // A fourth byte only after three that are no error yet.
                if (!check(seq, 3, announced))
                    continue;
                for (unsigned char d : edges) {
                    seq[3] = d;
                    check(seq, 4, announced);
                }
            }
        }
    }
    MESSAGE(checked << " sequences");
    CHECK(mismatches == 0);
}

// The query builder's is_valid_utf8 is constexpr (tests/query.cpp), so the
// check it shares must stay constexpr.
static_assert(uvcalls::detail::check_utf8_sequence("\xE2\x82\xAC", 3) == 3, "U+20AC");
static_assert(uvcalls::detail::check_utf8_sequence("\xE2\x82", 2) == 0, "open");
static_assert(uvcalls::detail::check_utf8_sequence("\xED\xA0\x80", 3) == -1, "a surrogate");
static_assert(uvcalls::detail::utf8_length_of(0xF4) == 4, "a four-byte lead");

UTF8_CASE("utf8_validator leaves its state as it was after a rejected chunk, and reset() forgets it")
{
    utf8_validator v;
    v.reset();
    std::vector<char> const open = {'a', '\xE2', '\x82'}, bad = {'A', 'B'}, rest = {'\xAC', 'z'};
    REQUIRE(v.feed(open.data(), open.size()));
    CHECK(v.open_back() == 2);
    for (int again = 0; again < 2; ++again) {
        CHECK_FALSE(v.feed(bad.data(), bad.size()));
        CHECK(v.first_error(bad.data(), bad.size()) == -2);
        CHECK_FALSE(v.complete());
        CHECK(v.open_back() == 2);
    }
    // Still the stream before the rejected chunk: its sequence completes.
    CHECK(v.first_error(rest.data(), rest.size()) == utf8_validator::no_error);
    REQUIRE(v.feed(rest.data(), rest.size()));
    CHECK(v.complete());

    // reset(): the open sequence is forgotten; a continuation is then stray.
    REQUIRE(v.feed(open.data(), open.size()));
    v.reset();
    CHECK(v.complete());
    CHECK(v.open_back() == 0);
    CHECK_FALSE(v.feed(rest.data(), rest.size()));
    CHECK(v.first_error(rest.data(), rest.size()) == 0);
    CHECK(v.feed(bad.data(), bad.size()));
}

#endif
