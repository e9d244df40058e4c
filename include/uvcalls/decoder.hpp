// uvcalls — page_decoder: bytes of a GET /api/calls response body in, typed
// calls out, in chunks of any size, with memory bounded by a buffer the
// caller chose and no exceptions.
#ifndef UVCALLS_DECODER_HPP
#define UVCALLS_DECODER_HPP

#include <uvcalls/decode_options.hpp>
#include <uvcalls/detail/escaped_strings.hpp>
#include <uvcalls/detail/page_handler.hpp>
#include <uvcalls/detail/utf8_validate.hpp>
#include <uvcalls/error.hpp>
#include <uvcalls/model.hpp>

#include <boost/json/basic_parser_impl.hpp>

#include <cstddef>
#include <cstring>
#include <string_view>

namespace uvcalls {

namespace detail {

/// The Boost.JSON parse options page_decoder runs with for `o`. Boost's
/// UTF-8 check is off: page_decoder checks the raw bytes of each chunk
/// itself (detail/utf8_validate.hpp) before Boost reads them: Boost checks
/// one multi-byte sequence at a time in its byte-by-byte string loop (7.4 M
/// instructions per 1 000-call benchmark page), one pass over the chunk
/// costs 2.3 M with AVX2.
inline boost::json::parse_options parse_options_for(decode_options const& o) noexcept
{
    boost::json::parse_options p;
    // The schema-free value nesting is tracked in a 64-bit mask.
    p.max_depth = o.limits.max_depth > 64 ? 64 : o.limits.max_depth;
    p.allow_comments = false;
    p.allow_trailing_commas = false;
    p.allow_invalid_utf8 = true;
    return p;
}

/// The uvcalls error for an error of Boost.JSON's parser.
inline error map_json_error(error_code const& ec) noexcept
{
    namespace bj = boost::json;
    if (ec == bj::error::incomplete)
        return error::json_incomplete;
    if (ec == bj::error::extra_data)
        return error::json_trailing_data;
    if (ec == bj::error::exponent_overflow)
        return error::json_number_overflow;
    if (ec == bj::error::too_deep)
        return error::depth_limit;
    if (ec == bj::error::illegal_leading_surrogate || ec == bj::error::illegal_trailing_surrogate)
        return error::json_invalid_surrogate;
    if (ec == bj::error::expected_hex_digit || ec == bj::error::expected_utf16_escape)
        return error::json_invalid_escape;
    // The handler leaves keys and strings unbounded for Boost (SIZE_MAX)
    // and applies the caller's limit itself, but Boost still counts each
    // one's bytes in a std::size_t and fails it at SIZE_MAX: on a 32-bit
    // target any key or string of 4 GiB, kept, skipped or schema-free.
    // That is a limit of the target, not a syntax error (which valid JSON
    // was reported as).
    if (ec == bj::error::string_too_large || ec == bj::error::key_too_large)
        return error::string_limit;
    // Boost counts an object's members and an array's elements against the
    // handler's bound (parser_bound, as large as Boost's 32-bit frame
    // counters allow): in per-call mode or in a skipped value the arena is
    // not what ran out, so arena_full would send the caller growing it.
    if (ec == bj::error::object_too_large || ec == bj::error::array_too_large)
        return error::element_limit;
    return error::json_syntax;
}

} // namespace detail

/// Decodes one PaginatedCallList document, streamed in chunks.
///
/// Two modes:
/// - **whole page** (no call handler): every call is kept; after finish()
///   `page().results` holds them all. Memory: the whole page's calls.
/// - **per call** (with a call_handler): each call is handed to the handler
///   as soon as its closing brace arrives, then its arena space is reused.
///   Memory is bounded by the largest call, whatever the page size;
///   `page().results` stays empty and calls() counts the calls.
///
/// `next`, `previous` and `total` are in page() wherever they appear in
/// the document (before or after `results`).
///
/// Everything decoded points into the arena buffer given to the
/// constructor; in per-call mode, a call's views are valid only until the
/// handler returns. The decoder itself never allocates, except that
/// Boost.JSON's parser keeps its suspend stack on the heap: one block, sized
/// for max_depth at the decoder's first write() (write_final() of a whole
/// document needs none). Reuse the decoder (reset()) so that happens once.
///
/// @par Example
/// @code
/// static char arena[16 * 1024];
/// auto on_call = [](uvcalls::call const& c, std::size_t) {
///     print(c.call_id->text, c.created->unix_seconds);
///     return true; // false stops the decode
/// };
/// uvcalls::page_decoder decoder(arena, sizeof arena, on_call);
/// uvcalls::error_code ec;
/// while (auto n = socket_read(buf, sizeof buf)) {
///     decoder.write(buf, n, ec);
///     if (ec) { report(ec, decoder.byte_offset(), decoder.error_path()); break; }
/// }
/// if (!ec) decoder.finish(ec);
/// @endcode
class page_decoder {
public:
    /// Whole-page mode. `arena` must outlive the decoder and its results.
    page_decoder(void* arena, std::size_t arena_size, decode_options const& options = {}) noexcept
        : page_decoder(arena, arena_size, call_handler(), options)
    {
    }

    /// Per-call mode: `on_call` gets each finished call.
    page_decoder(void* arena, std::size_t arena_size, call_handler on_call,
                 decode_options const& options = {}) noexcept
        : guard_(0)
        , parser_(detail::parse_options_for(options), arena, arena_size, on_call, options)
    {
    }

    page_decoder(page_decoder const&) = delete;
    page_decoder& operator=(page_decoder const&) = delete;

    /// Feeds the next chunk; more input follows. Returns the bytes consumed:
    /// all of them unless ec is set; on failure, the bytes of this chunk
    /// before the error, which byte_offset() places in the document (0 when
    /// it lies in an earlier chunk: a UTF-8 sequence split across chunks
    /// fails at its first byte). An error is final until reset().
    std::size_t write(char const* data, std::size_t size, error_code& ec) noexcept
    {
        return write_some(true, data, size, ec);
    }

    /// Signals the end of the input; fails with error::json_incomplete when
    /// the document is not complete. After it (and after write_final()),
    /// more input is error::decoder_not_ready until reset().
    void finish(error_code& ec) noexcept { write_some(false, nullptr, 0, ec); }

    /// Feeds the last chunk and finishes.
    std::size_t write_final(char const* data, std::size_t size, error_code& ec) noexcept
    {
        return write_some(false, data, size, ec);
    }

    /// The whole document has been decoded.
    bool done() const noexcept { return parser_.done() && !failed_; }

    /// The page: next, previous, total, and (whole-page mode) the results.
    paginated_call_list const& page() const noexcept { return handler().page(); }

    /// Calls decoded so far (both modes).
    std::size_t calls() const noexcept { return handler().calls(); }

    /// Bytes consumed so far; after a failure, the offset of the failure
    /// (the byte at which the offending token ended or the syntax broke).
    /// A std::size_t: on a 32-bit target, modulo 4 GiB in a longer page.
    std::size_t byte_offset() const noexcept { return offset_; }
    /// The error the decode failed with (also returned through ec then);
    /// success while it has not failed. A later call refused with
    /// error::decoder_not_ready changes neither it, nor byte_offset(), nor
    /// error_path(): they describe the failure until reset().
    error_code last_error() const noexcept { return error_; }
    /// The JSONPath of the value at which the decode failed.
    std::string_view error_path() const noexcept { return path_.view(); }
    json_path const& error_json_path() const noexcept { return path_; }

    /// Missing required fields and truncated strings seen so far.
    decode_diagnostics const& diagnostics() const noexcept { return handler().diagnostics(); }

    /// The arena size that holds what was decoded so far, to size the
    /// buffer from measurements: the most bytes ever in use at once,
    /// rounded up to a multiple of alignof(std::max_align_t). A buffer of
    /// at least that size whose start is aligned so (as from new or
    /// malloc, or declared alignas(std::max_align_t)) decodes the same
    /// input, if the buffer measured was aligned too: the blocks fall at
    /// the same offsets from both ends. (Unrounded, a buffer of exactly the
    /// bytes in use ended off alignment, its back stack took a few bytes
    /// of padding more, and the decode failed with arena_full.)
    std::size_t arena_high_water() const noexcept
    {
        constexpr std::size_t align = alignof(std::max_align_t);
        std::size_t const used = handler().arena().high_water();
        return (used + align - 1) / align * align;
    }
    /// Arena bytes in use now.
    std::size_t arena_used() const noexcept { return handler().arena().used(); }

    /// Gets ready for the next document (the next page). Results of the
    /// previous one are invalidated; the parser's stack memory is kept.
    void reset() noexcept
    {
        parser_.reset();
        parser_.handler().reset();
        utf8_.reset();
        offset_ = 0;
        last_token_byte_ = '\0';
        tail_size_ = 0;
        failed_ = false;
        finished_ = false;
        error_ = {};
        path_.clear();
    }

private:
    detail::page_handler const& handler() const noexcept { return parser_.handler(); }

    std::size_t write_some(bool more, char const* data, std::size_t size, error_code& ec) noexcept
    {
        if (failed_) {
            ec = error::decoder_not_ready;
            return 0;
        }
        if (size == 0 && parser_.done()) {
            // finish() on a complete document, again: nothing to do.
            // (basic_parser would report the missing next document.)
            finished_ = finished_ || !more;
            ec = {};
            return 0;
        }
        if (finished_) {
            // Boost.JSON 1.81's basic_parser, done with a document it read
            // in one call, takes the next bytes as a new document and feeds
            // it to the same handler: a second page would be merged into
            // the first (or fail as a duplicate key).
            ec = error::decoder_not_ready;
            return 0;
        }
        if (more && !stack_reserved_)
            reserve_parser_stack();
        // The whole chunk is valid UTF-8 (a sequence it leaves open at its
        // end is checked with the next chunk) before Boost, which skips its
        // own UTF-8 checks, reads any of it.
        if (!utf8_.feed(data, size))
            return utf8_failed(data, size, ec);
        return parse_chunk(more, data, size, ec);
    }

    // What write_some() does with a chunk whose UTF-8 is valid.
    std::size_t parse_chunk(bool more, char const* data, std::size_t size, error_code& ec) noexcept
    {
        error_code jec;
        std::size_t n = parser_.write_some(more, data, size, jec);
        if (!jec && n < size) {
            // basic_parser stops after a complete document (and the
            // whitespace after it); what is left is not part of it.
            jec = error::json_trailing_data;
        }
        if (jec && n < size)
            n += literal_error_shift(jec, data, n, size);
        if (jec)
            n = escape_error_at(jec, data, n, size);
        offset_ += n;
        if (!jec && !more && !utf8_.complete()) {
            // The input ends inside a UTF-8 sequence. (Boost has failed
            // before then: such a sequence can only be in a string, and the
            // document is incomplete; checked all the same.)
            offset_ -= utf8_.open_back();
            return fail(error::json_syntax, n, ec);
        }
        if (!jec) {
            keep_tail(data, n);
            for (std::size_t i = n; i != 0; --i) {
                if (!is_json_space(data[i - 1])) {
                    last_token_byte_ = data[i - 1];
                    break;
                }
            }
            finished_ = !more;
            ec = {};
            return n;
        }
        return fail(jec.category() == error_category() ? jec : error_code(detail::map_json_error(jec)), n, ec);
    }

    // The chunk is not valid UTF-8 (cold). The error is at the first byte
    // of the first bad sequence, which may have begun in the chunks before.
    // Boost first reads the bytes before it, so that an error in them comes
    // first and the path is that of the string the sequence is in; then
    // that byte alone: where Boost itself refuses it (after a backslash, as
    // a \u digit, outside a string, after the document), its error stands,
    // as it did when Boost checked the UTF-8 (the escape and grammar checks
    // came first). So does the handler's refusal of a number the byte ends
    // (a schema-free number that fills the arena: arena_full), which came
    // before Boost read the byte. A string piece holding the byte is never
    // refused there: strings meet their limits at the closing quote. Out of
    // line: bad input only.
    BOOST_NOINLINE std::size_t utf8_failed(char const* data, std::size_t size, error_code& ec) noexcept
    {
        std::ptrdiff_t at = utf8_.first_error(data, size);
        if (at == detail::utf8_validator::no_error)
            at = static_cast<std::ptrdiff_t>(size) - 1; // (never: both checks agree)
        if (at < 0) {
            offset_ -= static_cast<std::size_t>(-at);
            return fail(error::json_syntax, 0, ec);
        }
        auto const k = static_cast<std::size_t>(at);
        if (k > 0) {
            std::size_t const n = parse_chunk(true, data, k, ec);
            if (ec)
                return n;
        }
        std::size_t const lead = offset_;
        parse_chunk(true, data + k, 1, ec);
        if (ec) {
            // Boost refused the byte, or it ended a number the handler
            // refused: that error stands (see above).
            return k;
        }
        offset_ = lead;
        return fail(error::json_syntax, k, ec);
    }

    std::size_t fail(error_code e, std::size_t n, error_code& ec) noexcept
    {
        failed_ = true;
        error_ = e;
        parser_.handler().build_path(path_);
        ec = error_;
        return n;
    }

    // Boost.JSON 1.81's basic_parser sizes its suspend stack for the depth
    // at which it first suspends, and takes a larger heap block whenever a
    // chunk later ends deeper: a reused decoder allocated again (up to once
    // per level) on the first page whose chunks end deeper than any before,
    // and on firmware an allocation that fails aborts (found by an audit).
    // Suspending once at the deepest nesting allowed, in a document of its
    // own, sizes the stack for every later suspension: one allocation, at
    // the first write() that may suspend (the parser is then at the start
    // of a document: an earlier write_final() finished or failed it), none
    // for a decoder given only whole documents by write_final().
    void reserve_parser_stack() noexcept
    {
        stack_reserved_ = true;
        // `{"":` then one `[` per level below max_depth (at most 64): an
        // unknown key whose value the handler skips, so that nothing is
        // written to the page or the arena.
        // Filled at run time: 21 bytes of code on a Cortex-M4 instead of
        // 68 of read-only data.
        char deepest[4 + 63];
        std::memcpy(deepest, "{\"\":", 4);
        std::memset(deepest + 4, '[', 63);
        std::size_t const depth = detail::parse_options_for(handler().options()).max_depth;
        if (depth == 0)
            return; // the parser suspends at depth 0 only: one size
        error_code ignored;
        parser_.write_some(true, deepest, 4 + (depth - 1), ignored);
        parser_.reset();
        parser_.handler().reset();
    }

    static bool is_json_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

    // Boost.JSON 1.81 reads a `\u` escape two ways: all at once when the
    // chunk holds it (and room for a second one), digit by digit otherwise,
    // as when a chunk ends inside it. The two fail a bad escape at
    // different bytes, and one of them with a wrong code. The decoder
    // reports what the digit-by-digit reading finds, with the right code,
    // whatever the chunks (found by an audit and by fuzz_decoder):
    // - a bad digit: at that digit (first_bad_hex_digit);
    // - a trailing surrogate alone, `\uDC00`: after its digits (read at
    //   once: at its `u`, as illegal_leading_surrogate, which only that
    //   reading says);
    // - a leading surrogate then an escape that is no trailing surrogate,
    //   `\uD83D\u0041`: after the second escape's digits, as
    //   illegal_trailing_surrogate (read at once: at its first digit; read
    //   digit by digit, Boost says expected_hex_digit).
    // Returns where in data the error is.
    std::size_t escape_error_at(error_code& jec, char const* data, std::size_t n,
                                std::size_t size) const noexcept
    {
        namespace bj = boost::json;
        if (jec == bj::error::illegal_leading_surrogate) {
            jec = bj::error::illegal_trailing_surrogate;
            return n + 5 <= size ? n + 5 : n; // (read at once: the chunk holds the escape)
        }
        if (jec == bj::error::illegal_trailing_surrogate)
            return n + 4 <= size && surrogate_pair_before(data, n + 4) ? n + 4 : n;
        if (jec == bj::error::expected_hex_digit) {
            if (surrogate_pair_before(data, n)) {
                jec = bj::error::illegal_trailing_surrogate;
                return n;
            }
            return first_bad_hex_digit(data, n, size);
        }
        return n;
    }

    // The 12 bytes before data[n] (from the chunks before too) are a
    // leading surrogate's escape, `\uD800` to `\uDBFF`, then `\u` and four
    // hex digits: a complete escape ends at data[n], so no digit of one can
    // be due there.
    bool surrogate_pair_before(char const* data, std::size_t n) const noexcept
    {
        constexpr std::size_t pair = 12;
        char w[pair];
        std::size_t const from_data = n < pair ? n : pair;
        std::size_t const from_tail = pair - from_data;
        if (from_tail > tail_size_)
            return false;
        std::memcpy(w, tail_ + tail_size_ - from_tail, from_tail);
        std::memcpy(w + from_tail, data + n - from_data, from_data);
        for (std::size_t i : {std::size_t(0), std::size_t(6)})
            if (w[i] != '\\' || w[i + 1] != 'u' || !is_hex(w[i + 2]) || !is_hex(w[i + 3]) ||
                !is_hex(w[i + 4]) || !is_hex(w[i + 5]))
                return false;
        // D800-DBFF: 'd' or 'D', then 8, 9, a or b.
        char const h1 = w[3];
        return (w[2] == 'd' || w[2] == 'D') &&
               (h1 == '8' || h1 == '9' || h1 == 'a' || h1 == 'b' || h1 == 'A' || h1 == 'B');
    }
    // Boost.JSON 1.81 checks the four digits of a `\u` escape at once when
    // the chunk holds them, and then fails not at the first bad digit but
    // as many bytes past the `u` (past the first digit, in the second
    // escape of a pair) as there are good digits among the first three:
    // `\u\xb00a` fails at the `0`. Read digit by digit, as when a chunk
    // ends inside the escape, it fails at the first bad digit, which the
    // decoder reports either way (found by fuzz_decoder).
    //
    // The escape is a `\u` at most 4 bytes back whose digits explain the
    // error's place by one of those three rules. Its bad digits may spell
    // another `\u` (`\u\ud8`, found by fuzz_decoder), which no rule
    // explains. When the `u` and digits are not all in this chunk, Boost
    // read them one by one and is right.
    std::size_t first_bad_hex_digit(char const* data, std::size_t n, std::size_t size) const noexcept
    {
        if (n >= size)
            return n;
        for (std::size_t k = 0; k <= 4 && k <= n; ++k) {
            std::size_t const u = n - k;
            // (The backslash may end the chunks before.)
            char const before = u != 0 ? data[u - 1] : tail_size_ != 0 ? tail_[tail_size_ - 1] : '\0';
            if (data[u] != 'u' || before != '\\' || u + 4 >= size)
                continue;
            std::size_t good = 0; // among the first three digits
            for (std::size_t i = 1; i <= 3; ++i)
                good += is_hex(data[u + i]) ? 1u : 0u;
            std::size_t first_bad = 0;
            for (std::size_t i = 4; i >= 1; --i)
                if (!is_hex(data[u + i]))
                    first_bad = i;
            if (first_bad == 0)
                continue;
            if (n == u + good || n == u + 1 + good || n == u + first_bad)
                return u + first_bad;
        }
        return n;
    }
    static bool is_hex(char c) noexcept
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    // The last bytes of the chunks so far, for the look back above.
    void keep_tail(char const* data, std::size_t n) noexcept
    {
        if (n == 0)
            return; // an empty chunk may come as a null pointer: no memcpy
        constexpr std::size_t cap = sizeof tail_;
        if (n >= cap) {
            std::memcpy(tail_, data + n - cap, cap);
            tail_size_ = cap;
            return;
        }
        std::size_t const keep = tail_size_ + n <= cap ? tail_size_ : cap - n;
        std::memmove(tail_, tail_ + tail_size_ - keep, keep);
        std::memcpy(tail_ + keep, data, n);
        tail_size_ = static_cast<unsigned char>(keep + n);
    }

    // Boost.JSON 1.81 checks a literal (null, true, false) whole when the
    // chunk holds all of it, byte by byte when the chunk ends inside it, and
    // the two report an error at different bytes. The decoder reports the
    // byte-by-byte answer, whatever the chunks:
    // - the handler refused the literal: its last byte (Boost says its
    //   first byte when whole, its last byte otherwise);
    // - a misspelt literal: its first wrong byte (Boost says the literal's
    //   first byte when whole). Boost also fails with error::syntax at a
    //   first byte n, t or f where no value may start (`{nul}`, `[1 nul]`)
    //   and there nothing moves, hence the look at what came before: a value
    //   starts at the beginning, after ':' or '[', or after ',' in an array.
    // Returns how far to move the error from data[n].
    std::size_t literal_error_shift(error_code const& jec, char const* data, std::size_t n,
                                    std::size_t size) const noexcept
    {
        char const c = data[n];
        std::string_view const literal = c == 'n' ? "null" : c == 't' ? "true" : c == 'f' ? "false" : "";
        if (literal.empty() || literal.size() > size - n)
            return 0; // not the first byte of a literal whole in this chunk
        if (parser_.handler().literal_failed())
            return literal.size() - 1;
        if (jec != boost::json::error::syntax)
            return 0;
        char before = last_token_byte_;
        for (std::size_t i = n; i != 0; --i) {
            if (!is_json_space(data[i - 1])) {
                before = data[i - 1];
                break;
            }
        }
        bool const value_due = before == '\0' || before == ':' || before == '[' ||
                               (before == ',' && parser_.handler().in_array());
        if (!value_due)
            return 0;
        std::size_t k = 1;
        while (k < literal.size() && data[n + k] == literal[k])
            ++k;
        return k;
    }

    // Boost.JSON 1.81's basic_parser marks "suspended" with a pointer equal
    // to its own address; a caller's chunk that ends exactly where the
    // parser object begins is then taken for a suspension and the next
    // chunk fails with a syntax error (boostorg/json#814, fixed after
    // 1.81). A member ahead of the parser means no caller buffer can end
    // at its address.
    [[maybe_unused]] std::size_t guard_;
    boost::json::basic_parser<detail::page_handler> parser_;
    std::size_t offset_ = 0;
    // The UTF-8 check of the chunks so far (it keeps their last 3 bytes).
    detail::utf8_validator utf8_;
    // The last byte other than whitespace of the chunks before, '\0' at
    // the start: what literal_error_shift() looks back at.
    char last_token_byte_ = '\0';
    // The last (up to 12) bytes of the chunks so far: keep_tail().
    char tail_[12] = {};
    unsigned char tail_size_ = 0;
    bool failed_ = false;
    // The parser's suspend stack has its full size: reserve_parser_stack().
    bool stack_reserved_ = false;
    // finish() or write_final() succeeded: the input is over until reset().
    bool finished_ = false;
    error_code error_;
    json_path path_;
};

} // namespace uvcalls

#endif
