// uvcalls — Boost.JSON 1.81's basic_parser::parse_escaped for one handler
// type: the plain text between escapes copied a run at a time, and a
// buffer overrun of Boost 1.81 fixed.
//
// The function below is Boost's, from boost/json/basic_parser_impl.hpp of
// Boost 1.81:
//
// Copyright (c) 2019 Vinnie Falco (vinnie.falco@gmail.com)
// Copyright (c) 2020 Krystian Stasiowski (sdkrystian@gmail.com)
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/json
//
// Why a copy: the function is a private member template of the parser,
// with no hook inside its loop; changing the loop means specializing the
// whole function. Two changes:
//
// 1. Speed. Once a string has an escape, Boost 1.81 reads the rest of it a
//    byte at a time (its own TODO at do_str2: "we can append the characters
//    all at once"), about ten instructions a byte, where its unescaped
//    strings take count_valid's 16-byte SSE2 steps. The API's pages are
//    mostly such strings: system prompts of kilobytes with `\n` and `\"`
//    every few dozen bytes (54 % of the benchmark's bytes come after a
//    string's first escape; the loop was 58 % of uvcalls' instructions).
//    Between two escapes the loop now takes the run of plain bytes with
//    Boost's own count_valid and appends it to the buffer at once: 78.9 M
//    instructions a 1 000-call page before, 45.0 M after, 1.77 to 1.91
//    times as fast in time (scripts/bench-ab.sh, bench/README.md). The
//    same bytes reach the same buffer, which reaches the handler at the
//    same points; every error is found by Boost's code at the same byte.
//
// 2. A buffer overrun (boostorg/json#876, reported against 1.80 and closed
//    upstream since; 1.81 has it). The text
//    is unescaped into a stack buffer of BOOST_JSON_STACK_BUFFER_SIZE bytes
//    (4 096 on x86, 256 elsewhere), and the input is clipped to that many
//    bytes so that it fits: no escape is longer than what it stands for.
//    But a parse resumed inside a \u escape or a surrogate pair (or inside
//    a UTF-8 sequence, when invalid UTF-8 is refused) appends the whole
//    character for the last bytes of it: up to 3 bytes more than it reads.
//    If no escape follows before the clip's end, the loop writes up to 3
//    bytes past the buffer, over its size, and the handler is then given
//    a piece of that garbage size. A server's string with an emoji escaped
//    as a surrogate pair, cut there by a read from the socket, and 4 KB of
//    plain text after it (256 bytes on firmware) did it. Now the loop
//    flushes the buffer to the handler first whenever what is left of the
//    clipped input no longer fits; that happens only after such a resumed
//    character, and otherwise the function hands over exactly what Boost's
//    does.
//
// What differs from Boost's text: the lines between `uvcalls: begin` and
// `uvcalls: end` (the handler type's name, the run, the flush test, which
// stands in place of one line of Boost's), nothing else.
// tests/escaped_strings.cpp compares the rest with the Boost header the
// build uses; checks that the function hands a handler the same events and
// fails at the same bytes as Boost's, for any chunking Boost's survives;
// and that the cases Boost's overran now decode right.
//
// How: explicit specializations of the member template for the handler
// type UVCALLS_PARSE_ESCAPED_HANDLER (defined by the includer; this file
// has no include guard: one inclusion per handler type). They must be
// seen before basic_parser<that type> is used: detail/escaped_strings.hpp
// does it for page_handler, and decoder.hpp includes that first. Both
// specializations run one body: StackEmpty = true forwards to false, whose
// test for a suspended state then finds the stack empty (the same check
// Boost's false instance makes on every string after a resumption). Only
// for Boost 1.81 (BOOST_VERSION 108100), the version this is the text of;
// with any other, nothing is specialized and Boost's own function runs.
//
// Warnings: this is Boost's code as Boost wrote it, kept verbatim so that
// it can be compared; a strict build includes Boost as system headers, and
// so is this file marked (the uvcalls lines are few and are compiled with
// the rest).
#ifndef UVCALLS_PARSE_ESCAPED_HANDLER
#error "define UVCALLS_PARSE_ESCAPED_HANDLER to the handler type before including this file"
#endif

#if defined(__GNUC__)
#pragma GCC system_header
#endif

#include <boost/json/basic_parser_impl.hpp>
#include <boost/version.hpp>

#if BOOST_VERSION == 108100

BOOST_JSON_NS_BEGIN

template<>
template<>
inline
const char*
basic_parser<UVCALLS_PARSE_ESCAPED_HANDLER>::
parse_escaped(
    const char* p,
    std::size_t total,
    std::integral_constant<bool, false> stack_empty,
    /*std::integral_constant<bool, IsKey_>*/ bool is_key,
    /*std::integral_constant<bool, AllowBadUTF8_>*/ bool allow_bad_utf8)
{
    // uvcalls: begin (Boost's Handler, the template parameter)
    using Handler = UVCALLS_PARSE_ESCAPED_HANDLER;
    // uvcalls: end
    //---------------------------------------------------------------
    //
    // To handle escapes, a local temporary buffer accumulates
    // the unescaped result. The algorithm attempts to fill the
    // buffer to capacity before invoking the handler.
    // In some cases the temporary buffer needs to be flushed
    // before it is full:
    // * When the closing double quote is seen
    // * When there in no more input (and more is expected later)
    // A goal of the algorithm is to call the handler as few times
    // as possible. Thus, when the first escape is encountered,
    // the algorithm attempts to fill the temporary buffer first.
    //
    auto const ev_too_large = is_key?
        error::key_too_large : error::string_too_large;
    auto const max_size = is_key?
        Handler::max_key_size : Handler::max_string_size;
    detail::clipped_const_stream cs(p, end_);
    detail::buffer<BOOST_JSON_STACK_BUFFER_SIZE> temp;
    int digit;
    char c;
    cs.clip(temp.max_size());
    if(! stack_empty && ! st_.empty())
    {
        state st;
        st_.pop(st);
        st_.pop(total);
        switch(st)
        {
        default: BOOST_JSON_UNREACHABLE();
        case state::str2: goto do_str2;
        case state::str3: goto do_str3;
        case state::str4: goto do_str4;
        case state::str5: goto do_str5;
        case state::str6: goto do_str6;
        case state::str7: goto do_str7;
        case state::str8: goto do_str8;
        case state::sur1: goto do_sur1;
        case state::sur2: goto do_sur2;
        case state::sur3: goto do_sur3;
        case state::sur4: goto do_sur4;
        case state::sur5: goto do_sur5;
        case state::sur6: goto do_sur6;
        }
    }
    // Unescaped JSON is never larger than its escaped version.
    // To efficiently process only what will fit in the temporary buffer,
    // the size of the input stream is temporarily "clipped" to the size
    // of the temporary buffer.
    // handle escaped character
    BOOST_ASSERT(*cs == '\\');
    ++cs;
do_str3:
    if(BOOST_JSON_UNLIKELY(! cs))
    {
        if(BOOST_JSON_LIKELY(! temp.empty()))
        {
            BOOST_ASSERT(total <= max_size);
            if(BOOST_JSON_UNLIKELY(
                temp.size() > max_size - total))
            {
                BOOST_STATIC_CONSTEXPR source_location loc
                    = BOOST_CURRENT_LOCATION;
                return fail(cs.begin(), ev_too_large, &loc);
            }
            total += temp.size();
            {
                bool r = is_key
                    ? h_.on_key_part(temp.get(), total, ec_)
                    : h_.on_string_part(temp.get(), total, ec_);

                if(BOOST_JSON_UNLIKELY(!r))
                {
                    return fail(cs.begin());
                }
            }
            temp.clear();
        }
        cs.clip(temp.max_size());
        if(BOOST_JSON_UNLIKELY(! cs))
            return maybe_suspend(cs.begin(), state::str3, total);
    }
    switch(*cs)
    {
    default:
        {
            BOOST_STATIC_CONSTEXPR source_location loc
                = BOOST_CURRENT_LOCATION;
            return fail(cs.begin(), error::syntax, &loc);
        }
    case '\x22': // '"'
        temp.push_back('\x22');
        ++cs;
        break;
    case '\\':
        temp.push_back('\\');
        ++cs;
        break;
    case '/':
        temp.push_back('/');
        ++cs;
        break;
    case 'b':
        temp.push_back('\x08');
        ++cs;
        break;
    case 'f':
        temp.push_back('\x0c');
        ++cs;
        break;
    case 'n':
        temp.push_back('\x0a');
        ++cs;
        break;
    case 'r':
        temp.push_back('\x0d');
        ++cs;
        break;
    case 't':
        temp.push_back('\x09');
        ++cs;
        break;
    case 'u':
        // utf16 escape
        //
        // fast path only when the buffer
        // is large enough for 2 surrogates
        if(BOOST_JSON_LIKELY(cs.remain() > 10))
        {
            // KRYSTIAN TODO: this could be done
            // with fewer instructions
            digit = detail::load_little_endian<4>(
                cs.begin() + 1);
            int d4 = detail::hex_digit(static_cast<
                unsigned char>(digit >> 24));
            int d3 = detail::hex_digit(static_cast<
                unsigned char>(digit >> 16));
            int d2 = detail::hex_digit(static_cast<
                unsigned char>(digit >> 8));
            int d1 = detail::hex_digit(static_cast<
                unsigned char>(digit));
            if(BOOST_JSON_UNLIKELY(
                (d1 | d2 | d3 | d4) == -1))
            {
                if(d1 != -1)
                    ++cs;
                if(d2 != -1)
                    ++cs;
                if(d3 != -1)
                    ++cs;
                BOOST_STATIC_CONSTEXPR source_location loc
                    = BOOST_CURRENT_LOCATION;
                return fail(cs.begin(), error::expected_hex_digit, &loc);
            }
            // 32 bit unicode scalar value
            unsigned const u1 =
                (d1 << 12) + (d2 << 8) +
                (d3 << 4) + d4;
            // valid unicode scalar values are
            // [0, D7FF] and [E000, 10FFFF]
            // values within this range are valid utf-8
            // code points and invalid leading surrogates.
            if(BOOST_JSON_LIKELY(
                u1 < 0xd800 || u1 > 0xdfff))
            {
                cs += 5;
                temp.append_utf8(u1);
                break;
            }
            if(BOOST_JSON_UNLIKELY(u1 > 0xdbff))
            {
                BOOST_STATIC_CONSTEXPR source_location loc
                    = BOOST_CURRENT_LOCATION;
                return fail(cs.begin(), error::illegal_leading_surrogate,
                    &loc);
            }
            cs += 5;
            // KRYSTIAN TODO: this can be a two byte load
            // and a single comparison. We lose error information,
            // but it's faster.
            if(BOOST_JSON_UNLIKELY(*cs != '\\'))
            {
                BOOST_STATIC_CONSTEXPR source_location loc
                    = BOOST_CURRENT_LOCATION;
                return fail(cs.begin(), error::syntax, &loc);
            }
            ++cs;
            if(BOOST_JSON_UNLIKELY(*cs != 'u'))
            {
                BOOST_STATIC_CONSTEXPR source_location loc
                    = BOOST_CURRENT_LOCATION;
                return fail(cs.begin(), error::syntax, &loc);
            }
            ++cs;
            digit = detail::load_little_endian<4>(cs.begin());
            d4 = detail::hex_digit(static_cast<
                unsigned char>(digit >> 24));
            d3 = detail::hex_digit(static_cast<
                unsigned char>(digit >> 16));
            d2 = detail::hex_digit(static_cast<
                unsigned char>(digit >> 8));
            d1 = detail::hex_digit(static_cast<
                unsigned char>(digit));
            if(BOOST_JSON_UNLIKELY(
                (d1 | d2 | d3 | d4) == -1))
            {
                if(d1 != -1)
                    ++cs;
                if(d2 != -1)
                    ++cs;
                if(d3 != -1)
                    ++cs;
                BOOST_STATIC_CONSTEXPR source_location loc
                    = BOOST_CURRENT_LOCATION;
                return fail(cs.begin(), error::expected_hex_digit, &loc);
            }
            unsigned const u2 =
                (d1 << 12) + (d2 << 8) +
                (d3 << 4) + d4;
            // valid trailing surrogates are [DC00, DFFF]
            if(BOOST_JSON_UNLIKELY(
                u2 < 0xdc00 || u2 > 0xdfff))
            {
                BOOST_STATIC_CONSTEXPR source_location loc
                    = BOOST_CURRENT_LOCATION;
                return fail(cs.begin(), error::illegal_trailing_surrogate,
                    &loc);
            }
            cs += 4;
            unsigned cp =
                ((u1 - 0xd800) << 10) +
                ((u2 - 0xdc00)) +
                    0x10000;
            // utf-16 surrogate pair
            temp.append_utf8(cp);
            break;
        }
        // flush
        if(BOOST_JSON_LIKELY(! temp.empty()))
        {
            BOOST_ASSERT(total <= max_size);
            if(BOOST_JSON_UNLIKELY(
                temp.size() > max_size - total))
            {
                BOOST_STATIC_CONSTEXPR source_location loc
                    = BOOST_CURRENT_LOCATION;
                return fail(cs.begin(), ev_too_large, &loc);
            }
            total += temp.size();
            {
                bool r = is_key
                    ? h_.on_key_part(temp.get(), total, ec_)
                    : h_.on_string_part(temp.get(), total, ec_);

                if(BOOST_JSON_UNLIKELY(!r))
                {
                    return fail(cs.begin());
                }
            }
            temp.clear();
            cs.clip(temp.max_size());
        }
        ++cs;
        // utf-16 escape
do_str4:
        if(BOOST_JSON_UNLIKELY(! cs))
            return maybe_suspend(cs.begin(), state::str4, total);
        digit = detail::hex_digit(*cs);
        if(BOOST_JSON_UNLIKELY(digit == -1))
        {
            BOOST_STATIC_CONSTEXPR source_location loc
                = BOOST_CURRENT_LOCATION;
            return fail(cs.begin(), error::expected_hex_digit, &loc);
        }
        ++cs;
        u1_ = digit << 12;
do_str5:
        if(BOOST_JSON_UNLIKELY(! cs))
            return maybe_suspend(cs.begin(), state::str5, total);
        digit = detail::hex_digit(*cs);
        if(BOOST_JSON_UNLIKELY(digit == -1))
        {
            BOOST_STATIC_CONSTEXPR source_location loc
                = BOOST_CURRENT_LOCATION;
            return fail(cs.begin(), error::expected_hex_digit, &loc);
        }
        ++cs;
        u1_ += digit << 8;
do_str6:
        if(BOOST_JSON_UNLIKELY(! cs))
            return maybe_suspend(cs.begin(), state::str6, total);
        digit = detail::hex_digit(*cs);
        if(BOOST_JSON_UNLIKELY(digit == -1))
        {
            BOOST_STATIC_CONSTEXPR source_location loc
                = BOOST_CURRENT_LOCATION;
            return fail(cs.begin(), error::expected_hex_digit, &loc);
        }
        ++cs;
        u1_ += digit << 4;
do_str7:
        if(BOOST_JSON_UNLIKELY(! cs))
            return maybe_suspend(cs.begin(), state::str7, total);
        digit = detail::hex_digit(*cs);
        if(BOOST_JSON_UNLIKELY(digit == -1))
        {
            BOOST_STATIC_CONSTEXPR source_location loc
                = BOOST_CURRENT_LOCATION;
            return fail(cs.begin(), error::expected_hex_digit, &loc);
        }
        ++cs;
        u1_ += digit;
        if(BOOST_JSON_LIKELY(
            u1_ < 0xd800 || u1_ > 0xdfff))
        {
            BOOST_ASSERT(temp.empty());
            // utf-8 codepoint
            temp.append_utf8(u1_);
            break;
        }
        if(BOOST_JSON_UNLIKELY(u1_ > 0xdbff))
        {
            BOOST_STATIC_CONSTEXPR source_location loc
                = BOOST_CURRENT_LOCATION;
            return fail(cs.begin(), error::illegal_trailing_surrogate, &loc);
        }
do_sur1:
        if(BOOST_JSON_UNLIKELY(! cs))
            return maybe_suspend(cs.begin(), state::sur1, total);
        if(BOOST_JSON_UNLIKELY(*cs != '\\'))
        {
            BOOST_STATIC_CONSTEXPR source_location loc
                = BOOST_CURRENT_LOCATION;
            return fail(cs.begin(), error::syntax, &loc);
        }
        ++cs;
do_sur2:
        if(BOOST_JSON_UNLIKELY(! cs))
            return maybe_suspend(cs.begin(), state::sur2, total);
        if(BOOST_JSON_UNLIKELY(*cs != 'u'))
        {
            BOOST_STATIC_CONSTEXPR source_location loc
                = BOOST_CURRENT_LOCATION;
            return fail(cs.begin(), error::syntax, &loc);
        }
        ++cs;
do_sur3:
        if(BOOST_JSON_UNLIKELY(! cs))
            return maybe_suspend(cs.begin(), state::sur3, total);
        digit = detail::hex_digit(*cs);
        if(BOOST_JSON_UNLIKELY(digit == -1))
        {
            BOOST_STATIC_CONSTEXPR source_location loc
                = BOOST_CURRENT_LOCATION;
            return fail(cs.begin(), error::expected_hex_digit, &loc);
        }
        ++cs;
        u2_ = digit << 12;
do_sur4:
        if(BOOST_JSON_UNLIKELY(! cs))
            return maybe_suspend(cs.begin(), state::sur4, total);
        digit = detail::hex_digit(*cs);
        if(BOOST_JSON_UNLIKELY(digit == -1))
        {
            BOOST_STATIC_CONSTEXPR source_location loc
                = BOOST_CURRENT_LOCATION;
            return fail(cs.begin(), error::expected_hex_digit, &loc);
        }
        ++cs;
        u2_ += digit << 8;
do_sur5:
        if(BOOST_JSON_UNLIKELY(! cs))
            return maybe_suspend(cs.begin(), state::sur5, total);
        digit = detail::hex_digit(*cs);
        if(BOOST_JSON_UNLIKELY(digit == -1))
        {
            BOOST_STATIC_CONSTEXPR source_location loc
                = BOOST_CURRENT_LOCATION;
            return fail(cs.begin(), error::expected_hex_digit, &loc);
        }
        ++cs;
        u2_ += digit << 4;
do_sur6:
        if(BOOST_JSON_UNLIKELY(! cs))
            return maybe_suspend(cs.begin(), state::sur6, total);
        digit = detail::hex_digit(*cs);
        if(BOOST_JSON_UNLIKELY(digit == -1))
        {
            BOOST_STATIC_CONSTEXPR source_location loc
                = BOOST_CURRENT_LOCATION;
            return fail(cs.begin(), error::expected_hex_digit, &loc);
        }
        ++cs;
        u2_ += digit;
        if(BOOST_JSON_UNLIKELY(
            u2_ < 0xdc00 || u2_ > 0xdfff))
        {
            BOOST_STATIC_CONSTEXPR source_location loc
                = BOOST_CURRENT_LOCATION;
            return fail(cs.begin(), error::expected_hex_digit, &loc);
        }
        unsigned cp =
            ((u1_ - 0xd800) << 10) +
            ((u2_ - 0xdc00)) +
                0x10000;
        BOOST_ASSERT(temp.empty());
        // utf-16 surrogate pair
        temp.append_utf8(cp);
    }
do_str2:
    // KRYSTIAN TODO: we can append the characters
    // all at once instead of one at a time
    for(;;)
    {
        // uvcalls: begin, in place of 1 line (boostorg/json#876: a resumed
        // escape or UTF-8 sequence appends more bytes than it reads, and
        // the bytes after it overran the buffer; flush when what is left
        // of the clipped input no longer fits. Boost's line:
        // `if(BOOST_JSON_UNLIKELY(! cs))`)
        if(BOOST_JSON_UNLIKELY(! cs || cs.remain() > temp.capacity()))
        // uvcalls: end
        {
            // flush
            if(BOOST_JSON_LIKELY(! temp.empty()))
            {
                BOOST_ASSERT(total <= max_size);
                if(BOOST_JSON_UNLIKELY(
                    temp.size() > max_size - total))
                {
                    BOOST_STATIC_CONSTEXPR source_location loc
                        = BOOST_CURRENT_LOCATION;
                    return fail(cs.begin(), ev_too_large, &loc);
                }
                total += temp.size();
                {
                    bool r = is_key
                        ? h_.on_key_part(temp.get(), total, ec_)
                        : h_.on_string_part(temp.get(), total, ec_);

                    if(BOOST_JSON_UNLIKELY(!r))
                    {
                        return fail(cs.begin());
                    }
                }
                temp.clear();
            }
            cs.clip(temp.max_size());
            if(BOOST_JSON_UNLIKELY(! cs))
                return maybe_suspend(cs.begin(), state::str2, total);
        }
        // uvcalls: begin (the run up to the next quote, backslash or
        // control character, at once; it fits: after the test above, no
        // more of the clipped input is left than the buffer has room for)
        if(BOOST_JSON_LIKELY(allow_bad_utf8))
        {
            char const* const run_end =
                detail::count_valid<true>(cs.begin(), cs.end());
            temp.append(cs.begin(),
                static_cast<std::size_t>(run_end - cs.begin()));
            cs = run_end;
            if(BOOST_JSON_UNLIKELY(! cs))
                continue;
        }
        // uvcalls: end
        c = *cs;
        if(BOOST_JSON_LIKELY(c == '\x22')) // '"'
        {
            BOOST_ASSERT(total <= max_size);
            if(BOOST_JSON_UNLIKELY(
                temp.size() > max_size - total))
            {
                BOOST_STATIC_CONSTEXPR source_location loc
                    = BOOST_CURRENT_LOCATION;
                return fail(cs.begin(), ev_too_large, &loc);
            }
            total += temp.size();
            {
                bool r = is_key
                    ? h_.on_key(temp.get(), total, ec_)
                    : h_.on_string(temp.get(), total, ec_);

                if(BOOST_JSON_UNLIKELY(!r))
                {
                    return fail(cs.begin());
                }
            }
            ++cs;
            return cs.begin();
        }
        else if((c & 0x80) && !allow_bad_utf8)
        {
            seq_.save(cs.begin(), cs.remain());
            if(BOOST_JSON_UNLIKELY(! seq_.complete()))
            {
                if(BOOST_JSON_LIKELY(! temp.empty()))
                {
                    BOOST_ASSERT(total <= max_size);
                    if(BOOST_JSON_UNLIKELY(
                        temp.size() > max_size - total))
                    {
                        BOOST_STATIC_CONSTEXPR source_location loc
                            = BOOST_CURRENT_LOCATION;
                        return fail(cs.begin(), ev_too_large, &loc);
                    }
                    total += temp.size();
                    {
                        bool r = is_key
                            ? h_.on_key_part(temp.get(), total, ec_)
                            : h_.on_string_part(temp.get(), total, ec_);

                        if(BOOST_JSON_UNLIKELY(!r))
                        {
                            return fail(cs.begin());
                        }
                    }
                    temp.clear();
                }
                cs = cs.end();
                // ensure there is room for the saved byte sequence
                cs.clip(temp.max_size() - seq_.length());
                goto do_str8;
            }
            if(BOOST_JSON_UNLIKELY(! seq_.valid()))
            {
                BOOST_STATIC_CONSTEXPR source_location loc
                    = BOOST_CURRENT_LOCATION;
                return fail(cs.begin(), error::syntax, &loc);
            }
            temp.append(seq_.data(), seq_.length());
            cs += seq_.length();
            continue;
        }
        else if(BOOST_JSON_LIKELY(c == '\\'))
        {
            ++cs;
            goto do_str3;
        }
        else if(BOOST_JSON_UNLIKELY(
            detail::is_control(c)))
        {
            BOOST_STATIC_CONSTEXPR source_location loc
                = BOOST_CURRENT_LOCATION;
            return fail(cs.begin(), error::syntax, &loc);
        }
        temp.push_back(c);
        ++cs;
    }
do_str8:
    uint8_t needed = seq_.needed();
    if(BOOST_JSON_UNLIKELY(
        ! seq_.append(cs.begin(), cs.remain())))
        return maybe_suspend(cs.end(), state::str8, total);
    if(BOOST_JSON_UNLIKELY(! seq_.valid()))
    {
        BOOST_STATIC_CONSTEXPR source_location loc = BOOST_CURRENT_LOCATION;
        return fail(cs.begin(), error::syntax, &loc);
    }
    temp.append(seq_.data(), seq_.length());
    cs += needed;
    goto do_str2;
}

template<>
template<>
inline
const char*
basic_parser<UVCALLS_PARSE_ESCAPED_HANDLER>::
parse_escaped(
    const char* p,
    std::size_t total,
    std::integral_constant<bool, true>,
    bool is_key,
    bool allow_bad_utf8)
{
    return parse_escaped(p, total, std::false_type(), is_key, allow_bad_utf8);
}

BOOST_JSON_NS_END

#endif // BOOST_VERSION == 108100
