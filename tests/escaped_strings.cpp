// detail/escaped_strings.hpp: Boost.JSON 1.81's parse_escaped, copied into
// detail/parse_escaped_boost_1_81.ipp with the text between escapes taken a
// run at a time and boostorg/json#876 (a buffer overrun) fixed. The copy
// must be Boost's function but for its marked lines; must behave as
// Boost's does (the same events, with the same text, in the same pieces,
// to the handler, and the same error at the same byte) wherever Boost's
// does not overrun its buffer; and must decode right where it did.
//
// Two handler types with one implementation (a recorder that writes every
// event into a log): the parser of one runs Boost's own parse_escaped, the
// other's runs the copy (specialized for it below, as escaped_strings.hpp
// does for page_handler). Random documents whose strings and keys mix plain
// runs (around the 16-byte SSE2 steps and the buffer's size), UTF-8, every
// escape, \u escapes and surrogate pairs, and now and then an error (a
// control character, a bad escape or hex digit, a lone or unpaired
// surrogate, a byte that is not UTF-8, a string over the handler's limit,
// a handler that refuses a piece, a cut document), each parsed with and
// without allow_invalid_utf8, whole, byte by byte and in random chunks,
// every chunk copied into a heap block of exactly its size (a sanitizer
// sees a read past it). The random chunks are not cut inside a \u escape
// or a UTF-8 sequence: there Boost's function overruns when a long plain
// run follows (undefined behaviour, nothing to compare with); those cuts
// are the overrun tests', which check the copy against the text expected.
#include <uvcalls/detail/escaped_strings.hpp>

#include <uvcalls/decoder.hpp>

#include "support/files.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/version.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace escaped_strings_test {

using boost::system::error_code;
using boost::json::string_view;

// The parser's unescaping buffer: 4 096 bytes on x86, 256 elsewhere.
constexpr std::size_t buffer = BOOST_JSON_STACK_BUFFER_SIZE;

// Every event as text. Strings and keys are logged piece by piece with the
// running total Boost passes, so a difference in how a string is cut into
// pieces shows as well as a difference in its text.
class recorder {
public:
    // Small enough that long generated strings and keys exceed them: the
    // too-large errors are raised where the buffer is flushed.
    static constexpr std::size_t max_object_size = 1000;
    static constexpr std::size_t max_array_size = 1000;
    static constexpr std::size_t max_key_size = 3000;
    static constexpr std::size_t max_string_size = 12000;

    std::string log;
    /// Refuse the piece that takes the key and string bytes seen (text)
    /// past this many (SIZE_MAX: never).
    std::size_t refuse_after = SIZE_MAX;
    /// Every key and string piece, one after the other, and the largest.
    std::string text;
    std::size_t largest_piece = 0;

    bool on_document_begin(error_code&) { return add("D"); }
    bool on_document_end(error_code&) { return add("d"); }
    bool on_object_begin(error_code&) { return add("{"); }
    bool on_object_end(std::size_t n, error_code&) { return add("}" + std::to_string(n)); }
    bool on_array_begin(error_code&) { return add("["); }
    bool on_array_end(std::size_t n, error_code&) { return add("]" + std::to_string(n)); }
    bool on_key_part(string_view s, std::size_t n, error_code& ec) { return piece("k", s, n, ec); }
    bool on_key(string_view s, std::size_t n, error_code& ec) { return piece("K", s, n, ec); }
    bool on_string_part(string_view s, std::size_t n, error_code& ec) { return piece("s", s, n, ec); }
    bool on_string(string_view s, std::size_t n, error_code& ec) { return piece("S", s, n, ec); }
    bool on_number_part(string_view s, error_code&) { return add("n" + std::string(s)); }
    bool on_int64(std::int64_t v, string_view, error_code&) { return add("i" + std::to_string(v)); }
    bool on_uint64(std::uint64_t v, string_view, error_code&) { return add("u" + std::to_string(v)); }
    bool on_double(double v, string_view, error_code&) { return add("f" + std::to_string(v)); }
    bool on_bool(bool v, error_code&) { return add(v ? "t" : "F"); }
    bool on_null(error_code&) { return add("N"); }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }

private:
    bool add(std::string const& s)
    {
        log += s;
        log += '|';
        return true;
    }
    bool piece(char const* what, string_view s, std::size_t total, error_code& ec)
    {
        text.append(s.data(), s.size());
        largest_piece = s.size() > largest_piece ? s.size() : largest_piece;
        log += what;
        log += std::to_string(total);
        log += ':';
        log.append(s.data(), s.size());
        log += '|';
        if (text.size() > refuse_after) {
            ec = boost::json::error::exception; // any code: the handler's own
            return false;
        }
        return true;
    }
};

/// Its parser runs Boost's own parse_escaped.
class stock_recorder : public recorder {};
/// Its parser runs the copy (specialized below).
class copy_recorder : public recorder {};

} // namespace escaped_strings_test

#define UVCALLS_PARSE_ESCAPED_HANDLER ::escaped_strings_test::copy_recorder
#include <uvcalls/detail/parse_escaped_boost_1_81.ipp>
#undef UVCALLS_PARSE_ESCAPED_HANDLER

namespace escaped_strings_test {
namespace {

std::vector<std::string> lines_of(std::string const& text)
{
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t const nl = text.find('\n', at);
        std::size_t const end = nl == std::string::npos ? text.size() : nl;
        out.emplace_back(text, at, end - at);
        at = end + 1;
    }
    return out;
}

// The body of the first parse_escaped definition after `from`: from the
// `{` that opens it to the `}` that closes it, both alone at column 0.
std::vector<std::string> body_of_parse_escaped(std::vector<std::string> const& lines, std::size_t from = 0)
{
    std::size_t i = from;
    while (i < lines.size() && lines[i] != "parse_escaped(")
        ++i;
    while (i < lines.size() && lines[i] != "{")
        ++i;
    std::vector<std::string> body;
    for (; i < lines.size(); ++i) {
        body.push_back(lines[i]);
        if (lines[i] == "}")
            break;
    }
    return body;
}

// The path of the Boost header this program compiled Boost's parser from,
// as Boost records it: the source location of an error raised in Boost's
// parse_escaped (the stock recorder's).
std::string boost_parser_header()
{
    boost::json::basic_parser<stock_recorder> p{boost::json::parse_options()};
    error_code ec;
    char const doc[] = "\"\\n\x01\"";
    p.write_some(false, doc, sizeof doc - 1, ec);
    return ec.has_location() ? ec.location().file_name() : "";
}

TEST_CASE("the copy is Boost 1.81's parse_escaped but for its three marked passages")
{
#if BOOST_VERSION != 108100
    MESSAGE("Boost " << BOOST_LIB_VERSION << ": the copy is not compiled, Boost's own function runs");
#else
    std::string const header = boost_parser_header();
    INFO("Boost's parser header: ", header);
    REQUIRE(header.find("boost/json/basic_parser_impl.hpp") != std::string::npos);
    std::vector<std::string> const boost_lines = lines_of(test::read_file(header));
    std::vector<std::string> const copy_lines =
        lines_of(test::read_file(UVCALLS_SOURCE_DIR "/include/uvcalls/detail/parse_escaped_boost_1_81.ipp"));
    std::vector<std::string> const boost_body = body_of_parse_escaped(boost_lines);
    std::vector<std::string> const copy_body = body_of_parse_escaped(copy_lines);
    REQUIRE(boost_body.size() > 400);
    REQUIRE(copy_body.size() > 400);

    // Walk both bodies: a line outside the passages must be Boost's next
    // line; a passage stands in place of as many of Boost's lines as its
    // first line says ("in place of N line"), none when it does not say.
    int passages = 0;
    std::size_t replaced = 0;
    std::size_t j = 0;
    bool inside = false;
    std::size_t first_difference = copy_body.size();
    for (std::size_t i = 0; i < copy_body.size() && first_difference == copy_body.size(); ++i) {
        std::string const& line = copy_body[i];
        if (line.find("// uvcalls: begin") != std::string::npos) {
            CHECK_FALSE(inside);
            inside = true;
            ++passages;
            std::size_t const at = line.find("in place of ");
            if (at != std::string::npos) {
                std::size_t const n = std::strtoul(line.c_str() + at + 12, nullptr, 10);
                CHECK(n > 0);
                j += n;
                replaced += n;
            }
        } else if (line.find("// uvcalls: end") != std::string::npos) {
            CHECK(inside);
            inside = false;
        } else if (!inside) {
            if (j >= boost_body.size() || line != boost_body[j])
                first_difference = i;
            ++j;
        }
    }
    INFO("first difference at the copy's body line ", first_difference, ": `",
         first_difference < copy_body.size() ? copy_body[first_difference] : "", "`, Boost's: `",
         first_difference < copy_body.size() && j - 1 < boost_body.size() ? boost_body[j - 1] : "", "`");
    CHECK(first_difference == copy_body.size());
    CHECK_FALSE(inside);
    CHECK(passages == 3);
    CHECK(replaced == 1);
    CHECK(j == boost_body.size());

    // The second definition (StackEmpty = true) only forwards to the first.
    std::size_t second = 0;
    for (std::size_t i = 0, seen = 0; i < copy_lines.size(); ++i)
        if (copy_lines[i] == "parse_escaped(" && ++seen == 2)
            second = i;
    REQUIRE(second != 0);
    std::vector<std::string> const forward = body_of_parse_escaped(copy_lines, second);
    REQUIRE(forward.size() == 3);
    CHECK(forward[1] == "    return parse_escaped(p, total, std::false_type(), is_key, allow_bad_utf8);");
#endif
}

// ---- random documents ------------------------------------------------------

class text_maker {
public:
    explicit text_maker(std::uint32_t seed) : rng_(seed) {}

    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(rng_() % n); }

    // A string's or key's contents (between its quotes): pieces of every
    // kind, most strings with an escape (so that they reach
    // parse_escaped); with `faults`, now and then a piece that is an error.
    // Pieces are whole (a run, a character, an escape), so that a fault is
    // the piece itself, not a cut through another.
    std::string contents(bool faults, bool long_runs)
    {
        std::vector<std::string> pieces;
        std::size_t const n = 1 + below(long_runs ? 12 : 8);
        for (std::size_t i = 0; i < n; ++i)
            pieces.push_back(piece(long_runs));
        if (below(4) != 0)
            pieces.insert(pieces.begin() + below(static_cast<std::uint32_t>(pieces.size() + 1)), escape());
        if (faults && below(6) == 0)
            pieces.insert(pieces.begin() + below(static_cast<std::uint32_t>(pieces.size() + 1)), fault());
        std::string s;
        for (std::string const& p : pieces)
            s += p;
        return s;
    }

private:
    std::mt19937 rng_;

    std::string piece(bool long_runs)
    {
        switch (below(10)) {
        case 0: case 1: case 2: return run(long_runs);
        case 3: return "\xC3\xA9";                 // é
        case 4: return "\xE4\xB8\xAD\xE6\x96\x87"; // 中文
        case 5: return "\xF0\x9F\x98\x80";         // 😀
        default: return escape();
        }
    }

    // Printable ASCII but the quote and the backslash.
    std::string run(bool long_runs)
    {
        static std::size_t const lengths[] = {0, 1, 2, 7, 15, 16, 17, 31, 32, 33, 100,
                                              buffer - 100, buffer - 2, buffer - 1, buffer, buffer + 1, 2 * buffer + 808};
        std::size_t const count = long_runs ? sizeof lengths / sizeof lengths[0] : 11;
        std::size_t n = lengths[below(static_cast<std::uint32_t>(count))];
        if (below(3) == 0)
            n = below(64);
        std::string r;
        for (std::size_t i = 0; i < n; ++i) {
            char c = static_cast<char>(0x20 + below(0x5f));
            r += c == '"' || c == '\\' ? 'x' : c;
        }
        return r;
    }

    std::string escape()
    {
        static char const* const all[] = {
            "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t",
            "\\u0041", "\\u00e9", "\\u00E9", "\\u4e2d", "\\u0000", "\\u001f", "\\uFFFF",
            "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\udbff\\udfff",
        };
        return all[below(sizeof all / sizeof all[0])];
    }

    std::string fault()
    {
        static char const* const all[] = {
            "\x01", "\x1f", "\\x", "\\U0041", "\\u12G4", "\\u00", "\\udc00", "\\ud800x",
            "\\ud800\\u0041", "\\ud800\\", "\\ud800\\uzzzz", "\xff", "\xc3", "\xed\xa0\x80", "\\",
        };
        return all[below(sizeof all / sizeof all[0])];
    }

};

// A document: an object of keys and strings, an array of strings, a few
// other values between them (so that strings follow every kind of token).
std::string make_document(text_maker& m, bool faults, bool long_runs)
{
    std::string d = "{";
    std::size_t const members = 1 + m.below(4);
    for (std::size_t i = 0; i < members; ++i) {
        if (i != 0)
            d += ',';
        d += '"' + m.contents(faults, false) + "\":";
        switch (m.below(4)) {
        case 0:
            d += "[\"" + m.contents(faults, long_runs) + "\",12,\"" + m.contents(faults, long_runs) + "\",null]";
            break;
        case 1: d += "{\"" + m.contents(faults, false) + "\":\"" + m.contents(faults, long_runs) + "\"}"; break;
        default: d += '"' + m.contents(faults, long_runs) + '"'; break;
        }
    }
    d += '}';
    return d;
}

struct parse_result {
    std::string log;
    std::string text;
    std::size_t largest_piece = 0;
    std::vector<std::size_t> consumed; // per write_some
    error_code ec;
    bool done = false;
};

template<class Handler>
parse_result parse(std::string const& doc, std::vector<std::size_t> const& cuts, bool allow_invalid_utf8,
                   std::size_t refuse_after)
{
    boost::json::parse_options opt;
    opt.allow_invalid_utf8 = allow_invalid_utf8;
    boost::json::basic_parser<Handler> p(opt);
    p.handler().refuse_after = refuse_after;
    parse_result r;
    std::size_t at = 0;
    for (std::size_t i = 0; i <= cuts.size(); ++i) {
        std::size_t const end = i < cuts.size() ? cuts[i] : doc.size();
        bool const more = i < cuts.size();
        // A heap block of exactly the chunk's size.
        std::size_t const size = end - at;
        std::unique_ptr<char[]> chunk(new char[size == 0 ? 1 : size]);
        if (size != 0)
            std::memcpy(chunk.get(), doc.data() + at, size);
        r.consumed.push_back(p.write_some(more, chunk.get(), size, r.ec));
        if (r.ec)
            break;
        at = end;
    }
    r.log = p.handler().log;
    r.text = p.handler().text;
    r.largest_piece = p.handler().largest_piece;
    r.done = p.done();
    return r;
}

// Both parsers on one document and one chunking; true when they agree.
// `stock_ec`, if given, receives the error of Boost's parser.
bool agree(std::string const& doc, std::vector<std::size_t> const& cuts, bool allow_invalid_utf8,
           std::size_t refuse_after, error_code* stock_ec = nullptr)
{
    parse_result const a = parse<stock_recorder>(doc, cuts, allow_invalid_utf8, refuse_after);
    if (stock_ec)
        *stock_ec = a.ec;
    parse_result const b = parse<copy_recorder>(doc, cuts, allow_invalid_utf8, refuse_after);
    bool const same = a.log == b.log && a.consumed == b.consumed && a.ec == b.ec && a.done == b.done;
    if (!same) {
        // The first difference, for the failure report.
        std::size_t i = 0;
        while (i < a.log.size() && i < b.log.size() && a.log[i] == b.log[i])
            ++i;
        std::printf("differ: %zu cuts, invalid UTF-8 %s, refuse after %zu: ec %s / %s, log at %zu: \"%.60s\" / \"%.60s\"\n",
                    cuts.size(), allow_invalid_utf8 ? "allowed" : "refused", refuse_after,
                    a.ec.message().c_str(), b.ec.message().c_str(), i, a.log.c_str() + i, b.log.c_str() + i);
    }
    return same;
}

// A cut inside a \u escape (or a surrogate pair) or a UTF-8 sequence moved
// to its start: Boost's function may overrun after those (see the top).
// Looking back for "\u" may also find an escaped backslash before a "u";
// moving that cut too is harmless.
std::size_t outside_escapes(std::string const& doc, std::size_t cut)
{
    while (cut > 0 && cut < doc.size() && (static_cast<unsigned char>(doc[cut]) & 0xC0) == 0x80)
        --cut;
    for (std::size_t back = 1; back <= 11 && back < cut; ++back) {
        std::size_t const q = cut - back;
        if (doc[q] == '\\' && doc[q + 1] == 'u')
            return outside_escapes(doc, q);
    }
    return cut;
}

std::vector<std::size_t> random_cuts(text_maker& m, std::string const& doc)
{
    std::vector<std::size_t> cuts;
    std::size_t at = 0;
    for (;;) {
        // Chunk sizes from 1 byte to over a buffer's worth.
        std::size_t const step = 1 + (m.below(3) == 0 ? m.below(16) : m.below(3 * buffer / 2));
        if (doc.size() - at <= step)
            break;
        std::size_t const cut = outside_escapes(doc, at + step);
        if (cut > at) {
            cuts.push_back(cut);
            at = cut;
        } else {
            at += step; // (the next cut is past this escape)
        }
    }
    return cuts;
}

TEST_CASE("the copy hands the handler what Boost's parse_escaped does, whole and in any chunks")
{
    text_maker m(20261128);
    int const documents = 600;
    int failed_parses = 0;
    for (int i = 0; i < documents; ++i) {
        bool const faults = i % 2 == 1;
        std::string doc = make_document(m, faults, i % 3 == 0);
        if (faults && m.below(8) == 0)
            doc.resize(m.below(static_cast<std::uint32_t>(doc.size()))); // cut short
        std::size_t const refuse_after = m.below(10) == 0 ? m.below(static_cast<std::uint32_t>(doc.size() + 1)) : SIZE_MAX;
        for (bool allow : {true, false}) {
            error_code whole_ec;
            CHECK(agree(doc, {}, allow, refuse_after, &whole_ec));
            CHECK(agree(doc, random_cuts(m, doc), allow, refuse_after));
            if (whole_ec)
                ++failed_parses;
        }
        // Byte by byte, for the shorter documents (every suspension state).
        if (doc.size() < 400) {
            std::vector<std::size_t> every;
            for (std::size_t c = 1; c < doc.size(); ++c)
                every.push_back(c);
            CHECK(agree(doc, every, true, refuse_after));
            CHECK(agree(doc, every, false, refuse_after));
        }
    }
    // The documents reached both the success and the failure paths.
    CHECK(failed_parses > 100);
    CHECK(failed_parses < 2 * documents - 100);
}

// What Boost 1.81's function overran its buffer on (boostorg/json#876): a
// parse resumed inside an escaped character (or a UTF-8 sequence, when
// invalid UTF-8 is refused), then plain text up to and past the end of the
// clipped input. Cut at every byte of the character.
TEST_CASE("a character resumed inside its escape, then plain text past the buffer, decodes right")
{
    struct character {
        char const* json;
        char const* text;
    };
    character const characters[] = {
        {"\\ud83d\\ude00", "\xF0\x9F\x98\x80"}, {"\\u4e2d", "\xE4\xB8\xAD"}, {"\\u00e9", "\xC3\xA9"},
        {"\\n", "\n"}, {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"}, {"\xE4\xB8\xAD", "\xE4\xB8\xAD"},
    };
    int cases = 0;
    for (character const& c : characters) {
        for (std::size_t run : {buffer - 4, buffer - 3, buffer, buffer + 1, 2 * buffer + 5}) {
            std::string plain;
            for (std::size_t i = 0; i < run; ++i)
                plain += static_cast<char>('a' + i % 26);
            // "x\t" first: the character is read by parse_escaped.
            std::string const head = "[\"x\\t";
            std::string const doc = head + c.json + plain + "\"]";
            std::string const expected = std::string("x\t") + c.text + plain;
            for (std::size_t cut = head.size(); cut <= head.size() + std::strlen(c.json); ++cut) {
                for (bool allow : {true, false}) {
                    parse_result const r = parse<copy_recorder>(doc, {cut}, allow, SIZE_MAX);
                    INFO("character ", c.json, ", run ", run, ", cut ", cut, ", invalid UTF-8 ",
                         allow ? "allowed" : "refused");
                    CHECK_FALSE(r.ec);
                    CHECK(r.done);
                    CHECK(r.text == expected);
                    CHECK(r.largest_piece <= buffer);
                    ++cases;
                }
            }
        }
    }
    CHECK(cases == 2 * 5 * (13 + 7 + 7 + 3 + 5 + 4));
}

// page_decoder's handler has the copy: a system prompt with an emoji
// escaped as a surrogate pair, cut by a chunk boundary at each of its
// bytes, then twice the buffer of plain text, decodes to the prompt.
TEST_CASE("page_decoder decodes a surrogate pair cut by a chunk boundary before a long plain run")
{
    std::string plain;
    for (std::size_t i = 0; i < 2 * buffer + 100; ++i)
        plain += static_cast<char>('a' + i % 26);
    std::string const prompt_json = "Hi \\\"you\\\" \\ud83d\\ude00" + plain + "\\n\\u00e9nd";
    std::string const expected = "Hi \"you\" \xF0\x9F\x98\x80" + plain + "\n\xC3\xA9nd";
    std::string const head = "{\"results\":[{\"callId\":\"6f1b1a4e-3a3c-4e0a-9a59-5b1c0c8f2f11\","
                             "\"created\":\"2026-11-28T05:00:00Z\",\"systemPrompt\":\"";
    std::string const doc = head + prompt_json + "\"}]}";
    std::size_t const pair = head.size() + prompt_json.find("\\ud83d");
    std::vector<char> arena(64 * 1024);
    int decoded = 0;
    // A cut at every byte of the pair and one byte either side of it; then
    // the whole page at once.
    for (std::size_t cut = pair - 1; cut <= pair + 13; ++cut) {
        uvcalls::page_decoder d(arena.data(), arena.size());
        uvcalls::error_code ec;
        d.write(doc.data(), cut, ec);
        REQUIRE_FALSE(ec);
        d.write_final(doc.data() + cut, doc.size() - cut, ec);
        INFO("cut at ", static_cast<long>(cut) - static_cast<long>(pair), " bytes into the pair");
        REQUIRE_FALSE(ec);
        REQUIRE(d.page().results->size() == 1);
        REQUIRE(d.page().results.value[0].system_prompt.has_value());
        CHECK(*d.page().results.value[0].system_prompt == expected);
        ++decoded;
    }
    uvcalls::page_decoder whole(arena.data(), arena.size());
    uvcalls::error_code ec;
    whole.write_final(doc.data(), doc.size(), ec);
    REQUIRE_FALSE(ec);
    CHECK(*whole.page().results.value[0].system_prompt == expected);
    CHECK(decoded == 15);
}

} // namespace
} // namespace escaped_strings_test
