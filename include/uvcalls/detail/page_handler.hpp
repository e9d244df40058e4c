// uvcalls — the boost::json::basic_parser handler behind page_decoder.
//
// It maps parser events straight into the model through the descriptor
// tables (detail/model_schema.hpp): no DOM, no second pass. State is a
// small stack of frames, one per schema object or array being filled;
// unknown fields are skipped with a depth counter, schema-free values are
// re-serialised as compact JSON into the arena as they stream by.
//
// Errors that depend on how much of a token has been seen (a string that
// outgrows a limit, an arena that fills up inside a string) are reported
// at the end of the token, so the byte offset of an error is the same
// however the input was split into chunks.
#ifndef UVCALLS_DETAIL_PAGE_HANDLER_HPP
#define UVCALLS_DETAIL_PAGE_HANDLER_HPP

#include <uvcalls/arena.hpp>
#include <uvcalls/decode_options.hpp>
#include <uvcalls/detail/exact_double.hpp>
#include <uvcalls/detail/json_escape.hpp>
#include <uvcalls/detail/model_schema.hpp>
#include <uvcalls/detail/saturating.hpp>
#include <uvcalls/detail/utf8_prefix.hpp>
#include <uvcalls/error.hpp>

#include <boost/config.hpp>
#include <boost/json/string_view.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <string_view>
#include <type_traits>

namespace uvcalls {

/// A non-owning reference to the callable that receives each call in
/// per-call mode: `bool(call const&, std::size_t index)`, returning false
/// to stop the decode. The callable must outlive the decoder's use of it.
class call_handler {
public:
    constexpr call_handler() noexcept = default;
    // F may be const (`auto const on_call = ...`): its address is kept
    // without const and the call goes through F* again, const if F is.
    template<class F, class = typename std::enable_if<
                          !std::is_same<typename std::decay<F>::type, call_handler>::value>::type>
    call_handler(F& f) noexcept
        : ctx_(const_cast<void*>(static_cast<void const*>(std::addressof(f))))
        , fn_([](void* ctx, call const& c, std::size_t index) -> bool {
            return (*static_cast<F*>(ctx))(c, index);
        })
    {
    }
    // Kept by reference, so a temporary would be gone by the first call.
    template<class F, class = typename std::enable_if<
                          !std::is_same<typename std::decay<F>::type, call_handler>::value &&
                          !std::is_lvalue_reference<F>::value>::type>
    call_handler(F&& f) = delete;
    explicit operator bool() const noexcept { return fn_ != nullptr; }
    bool operator()(call const& c, std::size_t index) const { return fn_(ctx_, c, index); }

private:
    void* ctx_ = nullptr;
    bool (*fn_)(void*, call const&, std::size_t) = nullptr;
};

namespace detail {

constexpr std::size_t schema_depth(object_desc const& d) noexcept
{
    std::size_t deepest = 0;
    for (std::size_t i = 0; i < d.count; ++i) {
        field_desc const& f = d.fields[i];
        std::size_t n = 0;
        if (f.kind == field_kind::object)
            n = schema_depth(*f.object);
        else if (f.kind == field_kind::object_array)
            n = 1 + schema_depth(*f.object);
        else if (f.kind == field_kind::string_array || f.kind == field_kind::string_map)
            n = 1;
        if (n > deepest)
            deepest = n;
    }
    return 1 + deepest;
}

constexpr bool at_most_63_fields() noexcept
{
    for (object_desc const* od : all_objects)
        if (od->count > 63)
            return false;
    return true;
}
// frame::keep, object_desc::required and the checks on them shift a 64-bit
// mask by a field's index, and on_key by the index after the last field.
static_assert(at_most_63_fields(), "every schema has at most 63 properties");

/// Bit i set for each fields[i] of a schema.
constexpr std::uint64_t every_field(object_desc const& od) noexcept
{
    return (std::uint64_t(1) << od.count) - 1;
}

/// The `truncated` flag of any field<T>: it follows `state` in every one
/// of them (checked for each kind a string can be cut into).
inline bool& truncated_of(void* f) noexcept
{
    return *reinterpret_cast<bool*>(static_cast<char*>(f) + offsetof(field<std::string_view>, truncated));
}
inline bool truncated_of(void const* f) noexcept
{
    return truncated_of(const_cast<void*>(f));
}
static_assert(offsetof(field<std::string_view>, truncated) == offsetof(field<array_view<std::string_view>>, truncated) &&
                  offsetof(field<std::string_view>, truncated) == offsetof(field<array_view<string_pair>>, truncated) &&
                  offsetof(field<std::string_view>, truncated) == offsetof(field<enum_value<end_reason>>, truncated) &&
                  offsetof(field<std::string_view>, truncated) == offsetof(field<duration>, truncated),
              "field<T>::truncated is at one offset for every T");

/// Points an object_field<S> at its object, whatever S: every one is a
/// presence then an `S const*`, and a pointer to any struct has the
/// representation of a `void const*` on every target. (Rather than a
/// function per schema in the tables: an indirect call per object of the
/// page, and flash.)
inline void set_object_ref(void* f, void const* object) noexcept
{
    std::memcpy(static_cast<char*>(f) + offsetof(object_field<call>, value), &object, sizeof object);
}
static_assert(offsetof(object_field<call>, value) == offsetof(object_field<call_medium>, value) &&
                  sizeof(object_field<call>::value) == sizeof(void const*),
              "object_field<S>::value is at one offset, a pointer's size, for every S");

/// Frames needed for the deepest path through the schema.
constexpr std::size_t max_frames = schema_depth(paginated_call_list_desc);

enum class frame_kind : std::uint8_t {
    object,
    object_array,
    string_array,
    string_map,
    /// frames_[0], below the document: a value there is the document itself.
    document
};

// One per open object, array or map of the model. A push sets only the
// members its kind reads (push_object, begin_list); a member marked
// "object:" is not read in a list's frame, nor "arrays and maps:" in an
// object's.
struct frame {
    frame_kind kind = frame_kind::object;
    /// object: the current key is not a kept field of the model.
    bool unknown_key = false;
    /// object: its schema; object_array: the element's schema.
    object_desc const* desc = nullptr;
    /// object: the struct being filled.
    char* base = nullptr;
    /// object: the field of the current key.
    field_desc const* fld = nullptr;
    /// arrays and maps: the field<array_view<...>> being filled.
    void* list = nullptr;
    /// arrays and maps: the back stack's top before the first element.
    char* stack_mark = nullptr;
    /// arrays and maps: element 0 on the back stack (later ones below it).
    char* first = nullptr;
    /// arrays and maps: elements completed; maps: pairs whose key was read.
    std::uint32_t count = 0;
    std::uint32_t pushed = 0;
    /// arrays: an element has begun (for the index in error paths).
    bool elem_open = false;
    /// results in per-call mode: the arena front before the current call.
    char* front_mark = nullptr;
    /// object: bit i set when fields[i] is kept (the caller's field
    /// selection for a call, every field otherwise); no bit at or past
    /// the schema's count, so that on_key's test of its guess is also the
    /// bounds check.
    std::uint64_t keep = 0;
    /// object: the field after the last one found, the likeliest next key
    /// (servers write an object's keys in one order, the schema's), and
    /// its index. Lists: keep and next are 0, so that a map's keys miss
    /// on_key's guess without a test of the frame's kind.
    field_desc const* guess = nullptr;
    std::uint32_t next = 0;
};

// UVCALLS_RAW_FAST_PATH: see detail/schema.hpp.
// Forced inline in speed builds only: in Boost's parser, where inlining
// pays per event but costs text once per instantiation.
#if UVCALLS_RAW_FAST_PATH
#define UVCALLS_SPEED_INLINE BOOST_FORCEINLINE
#else
#define UVCALLS_SPEED_INLINE
#endif

// The handler's error exit, in speed builds: out of line and, where the
// compiler knows the attribute, cold, so that GCC and Clang take every
// branch to it as unlikely and move those blocks (33, each setting an
// error_code) out of the functions Boost's parser runs for every token,
// where the handler is inlined. Timed against the inline one by
// scripts/bench-ab.sh: faster in 19 to 24 of 30 code layouts, medians
// 1.01 to 1.02 (1.02 to 1.06 in two 15-layout runs), while instruction
// counts moved both ways (-0.26 M on the 1 000-call page in uvcalls-bench,
// +0.14 M in the A/B program): what it saves is hot code, not
// instructions. Made cold as well, missing_required, note_truncated and
// set_cut_string (already out of line) measured no faster, build_path
// ran 0.19 M instructions more. Builds for size keep it inline: out of
// line it took 40 bytes more of Cortex-M4 text.
#if UVCALLS_RAW_FAST_PATH && defined(__GNUC__)
#define UVCALLS_SPEED_COLD BOOST_NOINLINE __attribute__((cold))
#else
#define UVCALLS_SPEED_COLD
#endif

// Boost.JSON asks handlers for static bounds. uvcalls' real bounds are the
// caller's (max_string_length, the arena, max_depth) and are checked in the
// handler; parser_bound only keeps Boost's counters of members and
// elements from overflowing (frame::count and frame::pushed are 32-bit).
// Keys and strings are unbounded (size_t(-1), as in Boost's own handler
// example): the handler keeps at most max_key_buffer bytes of a key and
// max_string_length of a string, and an unbounded check folds away, which
// spares Boost a compare per key and string (0.23 M instructions on a
// 1 000-call page). Unbounding objects too made GCC 12 stop inlining
// Boost's parse_value, a net loss of 0.4 M.
constexpr std::size_t parser_bound = 0x7ffffffe;
constexpr std::size_t unbounded = std::size_t(-1);

// What takes a token off the usual path (a whole key or string of a schema
// object), side by side so that on_key and on_string test it all with one
// load. A key never comes inside a string nor a string inside a key, so
// each tests the other's flag too at no cost.
struct detours {
    /// Nesting inside a skipped value: at most 64 (parse_options_for).
    std::uint8_t skip_depth = 0;
    /// A schema-free value is being written out.
    bool raw = false;
    /// A key split across chunks is being read.
    bool in_key = false;
    /// A string split across chunks is being read (in raw mode, a string
    /// or number token).
    bool in_string = false;

    bool usual() const noexcept
    {
        std::uint32_t all;
        std::memcpy(&all, this, sizeof all);
        return all == 0;
    }
};
static_assert(sizeof(detours) == sizeof(std::uint32_t), "usual() reads detours as one word");

class page_handler {
public:
    static constexpr std::size_t max_object_size = parser_bound;
    static constexpr std::size_t max_array_size = parser_bound;
    static constexpr std::size_t max_key_size = unbounded;
    static constexpr std::size_t max_string_size = unbounded;
    static constexpr std::size_t max_key_buffer = 64;

    page_handler(void* data, std::size_t size, call_handler on_call,
                 decode_options const& opt) noexcept
        : arena_(data, size)
        , opt_(opt)
        , on_call_(on_call)
    {
        call_keep_ = every_field(call_desc);
        for (std::size_t i = 0; i < call_desc.count; ++i)
            if (!opt_.fields.contains(static_cast<call_field>(i)))
                call_keep_ &= ~(std::uint64_t(1) << i);
    }

    // top_ points into frames_.
    page_handler(page_handler const&) = delete;
    page_handler& operator=(page_handler const&) = delete;

    void reset() noexcept
    {
        arena_.reset();
        // Built in place, not assigned from temporaries: the two json_paths
        // made a 424-byte frame on a Cortex-M4, and page_decoder's first
        // write() resets the handler with the parser's frames above it.
        static_assert(std::is_trivially_destructible<paginated_call_list>::value &&
                          std::is_trivially_destructible<decode_diagnostics>::value,
                      "rebuilt in place without destruction");
        ::new (static_cast<void*>(&page_)) paginated_call_list();
        ::new (static_cast<void*>(&diag_)) decode_diagnostics();
        calls_ = 0;
        top_ = frames_;
        mode_ = detours();
        raw_depth_ = 0;
        number_length_ = 0;
        number_not_integral_ = false;
        key_len_[0] = key_len_[1] = 0;
        key_done_ = 0;
        key_cut_[0] = key_cut_[1] = false;
        literal_failed_ = false;
        skip_arrays_ = 0;
        raw_arrays_ = 0;
    }

    paginated_call_list const& page() const noexcept { return page_; }
    decode_diagnostics const& diagnostics() const noexcept { return diag_; }
    std::size_t calls() const noexcept { return calls_; }
    uvcalls::arena const& arena() const noexcept { return arena_; }
    decode_options const& options() const noexcept { return opt_; }

    /// The path of the value being decoded, for error reports. (Out of
    /// line: only errors and diagnostics build a path, and inlined it
    /// changed how GCC inlines Boost's parser around the handler, +0.7 M
    /// instructions per 1 000-call page.)
    BOOST_NOINLINE void build_path(json_path& p) const noexcept
    {
        p.clear();
        p.append("$");
        for (frame const* at = frames_ + 1; at <= top_; ++at) {
            frame const& f = *at;
            switch (f.kind) {
            case frame_kind::object:
                if (f.unknown_key)
                    p.append_key(key_view(), key_cut_[key_done_]);
                else if (f.fld)
                    p.append_key(f.fld->name);
                break;
            case frame_kind::object_array:
            case frame_kind::string_array:
                if (f.elem_open || at != top_)
                    p.append_index(f.count);
                break;
            case frame_kind::string_map:
                if (f.pushed > f.count)
                    p.append_key(pair_at(f, f.count)->key);
                break;
            case frame_kind::document: break;
            }
        }
    }

    // ---- the basic_parser handler concept ---------------------------------

    bool on_document_begin(error_code&) noexcept { return true; }
    bool on_document_end(error_code&) noexcept { return true; }
    bool on_comment_part(boost::json::string_view, error_code&) noexcept { return true; }
    bool on_comment(boost::json::string_view, error_code&) noexcept { return true; }

    // Forced into Boost's parse_object in speed builds, as on_object_end:
    // 0.38 M instructions less per 1 000-call page. (Doing the same for
    // arrays gained nothing and moved uuid parsing out of line, +0.06 M.)
    UVCALLS_SPEED_INLINE bool on_object_begin(error_code& ec) noexcept
    {
        bool ok;
        if (container_begin(false, ok, ec))
            return ok;
        frame& top = *top_;
        mark_element(top);
        if (top.kind == frame_kind::object) {
            if (top.unknown_key) {
                begin_skip(false);
                return true;
            }
            field_desc const& fd = *top.fld;
            void* fp = top.base + fd.offset;
            if (fd.kind == field_kind::string_map) {
                state_of(fp) = presence::value;
                begin_list(frame_kind::string_map, fp, nullptr);
                return true;
            }
            if (fd.kind != field_kind::object)
                return fail(ec, error::type_mismatch);
            auto const& od = *fd.object;
            void* obj = arena_.allocate(od.size, od.align);
            if (!obj)
                return fail(ec, error::arena_full);
            od.construct(obj);
            set_object_ref(fp, obj);
            state_of(fp) = presence::value;
            push_object(od, obj);
            return true;
        }
        if (top.kind == frame_kind::object_array) {
            object_desc const& od = *top.desc;
            char* const front_mark = arena_.front();
            void* elem = arena_.push(od.size, od.align);
            if (!elem)
                return fail(ec, error::arena_full);
            if (top.count == 0)
                top.first = static_cast<char*>(elem);
            od.construct(elem);
            top.front_mark = front_mark;
            push_object(od, elem);
            return true;
        }
        if (top.kind == frame_kind::document) {
            push_object(paginated_call_list_desc, &page_);
            return true;
        }
        return fail(ec, error::type_mismatch);
    }

    // Forced into Boost's parse_object in speed builds (GCC 12 kept it out
    // of line): 0.39 M instructions less per 1 000-call page. (In size
    // builds it would add 536 bytes of Cortex-M4 text.)
    UVCALLS_SPEED_INLINE bool on_object_end(std::size_t, error_code& ec) noexcept
    {
        bool ok;
        if (container_end(false, ok, ec))
            return ok;
        frame& f = *top_;
        if (f.kind == frame_kind::string_map)
            return end_list(ec);
        if (!check_required(f, ec))
            return false;
        frame& parent = *--top_;
        if (parent.kind != frame_kind::object_array)
            return true;
        ++parent.count;
        parent.elem_open = false;
        if (parent.desc != &call_desc)
            return true;
        if (on_call_) {
            // The call is complete: hand it over, then give its arena space back.
            call const& c = *reinterpret_cast<call const*>(f.base);
            bool const go_on = on_call_(c, calls_);
            ++calls_;
            arena_.pop_to(parent.stack_mark);
            arena_.rewind_front(parent.front_mark);
            if (!go_on)
                return fail(ec, error::stopped_by_handler);
            return true;
        }
        ++calls_;
        return true;
    }

    bool on_array_begin(error_code& ec) noexcept
    {
        bool ok;
        if (container_begin(true, ok, ec))
            return ok;
        frame& top = *top_;
        mark_element(top);
        if (top.kind != frame_kind::object)
            return fail(ec, error::type_mismatch);
        if (top.unknown_key) {
            begin_skip(true);
            return true;
        }
        field_desc const& fd = *top.fld;
        frame_kind kind;
        if (fd.kind == field_kind::object_array)
            kind = frame_kind::object_array;
        else if (fd.kind == field_kind::string_array)
            kind = frame_kind::string_array;
        else
            return fail(ec, error::type_mismatch);
        void* fp = top.base + fd.offset;
        state_of(fp) = presence::value;
        begin_list(kind, fp, kind == frame_kind::object_array
                                 ? fd.object
                                 : nullptr);
        return true;
    }

    bool on_array_end(std::size_t, error_code& ec) noexcept
    {
        bool ok;
        if (container_end(true, ok, ec))
            return ok;
        return end_list(ec);
    }

    bool on_key_part(boost::json::string_view s, std::size_t, error_code&) noexcept
    {
        if (mode_.skip_depth != 0)
            return true;
        if (mode_.raw) {
            if (!mode_.in_string)
                raw_key_start();
            raw_escape(s);
            return true;
        }
        frame& top = *top_;
        if (top.kind == frame_kind::string_map) {
            string_part(s);
            return true;
        }
        key_part(s);
        return true;
    }

    bool on_key(boost::json::string_view s, std::size_t, error_code& ec) noexcept
    {
        // The usual case first, inline: a whole key of a schema object.
        if (mode_.usual()) {
            // Servers write an object's keys in one order, the schema's:
            // try the field after the last one found first.
            frame& top = *top_;
            std::string_view const key(s.data(), s.size());
            std::uint32_t const i = top.next;
            field_desc const* const guess = top.guess;
            if (((top.keep >> i) & 1) != 0 && same_name(guess->name, key))
                return take_field(top, i, guess, ec);
            if (top.kind != frame_kind::string_map)
                return schema_key(top, key, ec);
        }
        return other_key(s, ec);
    }

    bool on_string_part(boost::json::string_view s, std::size_t, error_code& ec) noexcept
    {
        if (mode_.skip_depth != 0)
            return true;
        if (mode_.raw) {
            if (raw_scalar_refused())
                return true;
            if (!raw_string_start(ec))
                return false;
            raw_escape(s);
            return true;
        }
        // A string that does not fit its slot fails at its closing quote
        // (on_string), wherever the chunks split it. Nor does an array
        // element count as begun before then: an error inside the string is
        // Boost.JSON's, raised with no call to the handler when the chunk
        // holds the whole string, so its path must not depend on this call.
        if (!string_slot(ec, false)) {
            ec = {};
            return true;
        }
        string_part(s);
        return true;
    }

    bool on_string(boost::json::string_view s, std::size_t, error_code& ec) noexcept
    {
        // The usual case first, inline: a whole string within the limit for
        // a kept field of a schema object. (No element to mark: the frame
        // is an object. Nor a check for the document's own value: the
        // frame below it is no object.)
        if (mode_.usual()) {
            frame& top = *top_;
            if (top.kind == frame_kind::object && !top.unknown_key &&
                s.size() <= opt_.limits.max_string_length) {
                if (!filled_by_string(top.fld->kind))
                    return fail(ec, error::type_mismatch);
                char* const at = arena_.extend(s.size());
                if (!at)
                    return fail(ec, error::arena_full);
                copy_token(at, s.data(), s.size());
                return set_string_field(top, std::string_view(at, s.size()), false, ec);
            }
        }
        return other_string(s, ec);
    }

private:
    // Every other string: skipped, in a schema-free value, an array
    // element or map value, split across chunks, or over the limit.
    BOOST_NOINLINE bool other_string(boost::json::string_view s, error_code& ec) noexcept
    {
        if (mode_.skip_depth != 0)
            return true;
        if (mode_.raw) {
#if UVCALLS_RAW_FAST_PATH
            if (!mode_.in_string && raw_plain_token(s, false))
                return true;
#endif
            if (!raw_string_start(ec))
                return false;
            mode_.in_string = false;
            raw_escape(s);
            raw_append("\"");
            return raw_scalar_end(ec);
        }
        if (!string_slot(ec))
            return ec ? false : true;
        std::string_view text;
        bool truncated = false;
        if (!take_text(s, text, truncated, ec))
            return false;
        frame& top = *top_;
        if (top.kind == frame_kind::string_array) {
            auto* e = static_cast<std::string_view*>(
                arena_.push(sizeof(std::string_view), alignof(std::string_view)));
            if (!e)
                return fail(ec, error::arena_full);
            if (top.count == 0)
                top.first = reinterpret_cast<char*>(e);
            *e = text;
            if (truncated)
                note_cut_in_list(top); // (first, for the element's index in the path)
            ++top.count;
            top.elem_open = false;
            return true;
        }
        if (top.kind == frame_kind::string_map) {
            pair_at(top, top.count)->value = text;
            if (truncated)
                note_cut_in_list(top); // (first, for the key in the path)
            ++top.count;
            return true;
        }
        return set_string_field(top, text, truncated, ec);
    }

public:
    /// A split number's length so far plus its next part, counted up to one
    /// past max_number_text and no further: a number that long is too long
    /// however it goes on, and on a 32-bit target the count of a number of
    /// 4 GiB in parts would otherwise wrap back under the limit, and the
    /// number would be read from its first digits.
    static constexpr std::size_t add_number_length(std::size_t so_far, std::size_t part) noexcept
    {
        std::size_t const n = add_saturated(so_far, part);
        return n > max_number_text ? max_number_text + 1 : n;
    }

    /// A count of decode_diagnostics plus one, staying at SIZE_MAX: in
    /// per-call mode a page streamed through one decode has no bound on
    /// them, and on a 32-bit target a server sending calls with their
    /// required fields left out (`{}`, 3 bytes for some 25 missing ones)
    /// wrapped missing_required back to 0 within 520 MB, hiding that they
    /// were missing and putting a later path in first_missing.
    static constexpr std::size_t count_one_more(std::size_t n) noexcept
    {
        return add_saturated(n, 1);
    }

    bool on_number_part(boost::json::string_view s, error_code& ec) noexcept
    {
        if (mode_.skip_depth != 0)
            return true;
        if (!mode_.raw) {
            // A number split across chunks: its text is read whole at its end.
            // (Boost passes empty parts with a null pointer: no memcpy.)
            if (number_length_ < max_number_text && !s.empty()) {
                std::size_t const room = max_number_text - number_length_;
                std::memcpy(number_text_ + number_length_, s.data(), s.size() < room ? s.size() : room);
            }
            number_length_ = add_number_length(number_length_, s.size());
            if (has_fraction_or_exponent(s))
                number_not_integral_ = true;
            return true;
        }
        if (raw_scalar_refused())
            return true;
        if (!mode_.in_string) {
            if (!raw_value_start(ec, false))
                return false;
            mode_.in_string = true; // inside a number token
        }
        raw_append(std::string_view(s.data(), s.size()));
        return true;
    }

    // The three number callbacks out of line, each with on_number and its
    // setter inline: Boost's parse_number then calls one function with the
    // value in registers, not on_number with a closure of references built
    // on its stack. Per 1 000-call page Boost's parse_number runs 0.46 M
    // instructions less and the callbacks 0.32 M more: 0.14 M less in all;
    // the same Cortex-M4 text.
    BOOST_NOINLINE bool on_int64(std::int64_t v, boost::json::string_view s, error_code& ec) noexcept
    {
        std::size_t const before = number_length_;
        number_length_ = 0;
        number_not_integral_ = false;
        return on_number(s, ec, [&](field_desc const& fd, void* fp) {
            if (fd.kind == field_kind::number) {
                // "-0" comes as the integer 0; a number field keeps its sign.
                if (v == 0 && (before != 0 ? number_text_[0] == '-' : !s.empty() && s[0] == '-'))
                    return set_value<double>(fp, -0.0);
                return set_value<double>(fp, static_cast<double>(v));
            }
            if (fd.kind == field_kind::int32 &&
                (v < std::numeric_limits<std::int32_t>::min() || v > std::numeric_limits<std::int32_t>::max()))
                return error::integer_out_of_range;
            return set_value<std::int64_t>(fp, v);
        });
    }

    BOOST_NOINLINE bool on_uint64(std::uint64_t v, boost::json::string_view s, error_code& ec) noexcept
    {
        number_length_ = 0;
        number_not_integral_ = false;
        return on_number(s, ec, [&](field_desc const& fd, void* fp) {
            if (fd.kind == field_kind::number)
                return set_value<double>(fp, static_cast<double>(v));
            // Boost.JSON reports only values above INT64_MAX here.
            return error::integer_out_of_range;
        });
    }

    BOOST_NOINLINE bool on_double(double v, boost::json::string_view s, error_code& ec) noexcept
    {
        std::size_t const before = number_length_;
        bool const split_not_integral = number_not_integral_;
        number_length_ = 0;
        number_not_integral_ = false;
        return on_number(s, ec, [&](field_desc const& fd, void* fp) {
            // Boost.JSON hands over an integer beyond both int64 and uint64
            // as a double: out of range, not a fraction.
            if (fd.kind != field_kind::number)
                return split_not_integral || has_fraction_or_exponent(s) ? error::expected_integer
                                                                         : error::integer_out_of_range;
            // Boost.JSON 1.81's v can be an ULP or more off; the text decides
            // (detail/exact_double.hpp), whole or split across chunks.
            if (before + s.size() > max_number_text)
                return error::number_too_long;
            std::string_view text(s.data(), s.size());
            if (before != 0) {
                if (!s.empty())
                    std::memcpy(number_text_ + before, s.data(), s.size());
                text = std::string_view(number_text_, before + s.size());
            }
            double exact;
            // 1e400 is beyond any double, and JSON cannot carry infinity back.
            if (!exact_double(text, v, exact))
                return error::json_number_overflow;
            return set_value<double>(fp, exact);
        });
    }

    static bool has_fraction_or_exponent(boost::json::string_view s) noexcept
    {
        for (char c : s)
            if (c == '.' || c == 'e' || c == 'E')
                return true;
        return false;
    }

    bool on_bool(bool b, error_code& ec) noexcept { return literal_result(bool_value(b, ec)); }
    bool on_null(error_code& ec) noexcept { return literal_result(null_value(ec)); }

    /// The last failure was raised on a literal (null, true, false).
    /// Boost.JSON reports such a failure at the literal's first byte when
    /// the literal was whole in one chunk and at its last byte otherwise;
    /// page_decoder moves it to the last byte so that offsets do not depend
    /// on chunking.
    bool literal_failed() const noexcept { return literal_failed_; }

    /// The innermost open JSON container is an array: after a ',' a value
    /// is due, not a key (page_decoder needs it to place a syntax error in
    /// a literal).
    /// (Derived from the state rather than kept for every container: the
    /// frames tell it for the model's containers, which need nothing more.)
    bool in_array() const noexcept
    {
        if (mode_.skip_depth != 0)
            return ((skip_arrays_ >> (mode_.skip_depth - 1)) & 1) != 0;
        if (mode_.raw && raw_depth_ != 0)
            return ((raw_arrays_ >> (raw_depth_ - 1)) & 1) != 0;
        return top_->kind == frame_kind::object_array || top_->kind == frame_kind::string_array;
    }

private:
    bool bool_value(bool b, error_code& ec) noexcept
    {
        if (mode_.skip_depth != 0)
            return true;
        if (mode_.raw) {
            if (!raw_value_start(ec, false))
                return false;
            raw_append(b ? "true" : "false");
            return raw_scalar_end(ec);
        }
        field_desc const* fd;
        void* fp;
        if (!scalar_slot(fd, fp, ec))
            return !ec;
        if (fd->kind != field_kind::boolean)
            return fail(ec, error::type_mismatch);
        set_value<bool>(fp, b);
        return true;
    }

    bool null_value(error_code& ec) noexcept
    {
        if (mode_.skip_depth != 0)
            return true;
        if (mode_.raw) {
            if (raw_depth_ == 0) {
                // A schema-free field whose whole value is null.
                mode_.raw = false;
                arena_.rewind_front(raw_begin_);
                if (raw_need_object_)
                    return fail(ec, error::type_mismatch);
                state_of(raw_field_) = presence::null;
                return true;
            }
            if (!raw_value_start(ec, false))
                return false;
            raw_append("null");
            return raw_ok(ec);
        }
        field_desc const* fd;
        void* fp;
        if (!scalar_slot(fd, fp, ec))
            return !ec;
        if ((fd->flags & flag_nullable) == 0)
            return fail(ec, error::type_mismatch);
        state_of(fp) = presence::null;
        return true;
    }

    // Every way out of a literal callback, the schema-free value's arena
    // errors included, so that page_decoder can place the error.
    bool literal_result(bool ok) noexcept
    {
        literal_failed_ = !ok;
        return ok;
    }

    // What opening or closing an object or array does whatever the schema:
    // nesting kept, skipped values counted, schema-free values written out.
    // True when that was all (`ok` is then the callback's result).
    bool container_begin(bool array, bool& ok, error_code& ec) noexcept
    {
        // (No key or string is in progress at a container: usual() tells
        // skip depth and raw mode at once.)
        if (mode_.usual())
            return false;
        if (mode_.skip_depth != 0) {
            // (Boost.JSON's max_depth, at most 64, bounds the levels.)
            if (mode_.skip_depth < 64)
                set_level(skip_arrays_, mode_.skip_depth, array);
            ++mode_.skip_depth;
            ok = true;
            return true;
        }
        if (!mode_.raw)
            return false;
        ok = false;
        if (raw_value_start(ec, !array)) {
            raw_append(array ? "[" : "{");
            raw_open(array);
            ok = raw_ok(ec);
        }
        return true;
    }
    bool container_end(bool array, bool& ok, error_code& ec) noexcept
    {
        if (mode_.usual())
            return false;
        if (mode_.skip_depth != 0) {
            --mode_.skip_depth;
            ok = true;
            return true;
        }
        if (!mode_.raw)
            return false;
        raw_append(array ? "]" : "}");
        ok = raw_close(ec);
        return true;
    }

    // A skipped value begins with its container (level 0 of skip_arrays_).
    void begin_skip(bool array) noexcept
    {
        mode_.skip_depth = 1;
        skip_arrays_ = array ? 1 : 0;
    }
    // Bit `level` of a mask of open levels: set for an array.
    static void set_level(std::uint64_t& arrays, unsigned level, bool array) noexcept
    {
        std::uint64_t const bit = std::uint64_t(1) << level;
        arrays = array ? arrays | bit : arrays & ~bit;
    }

    UVCALLS_SPEED_COLD bool fail(error_code& ec, error e) noexcept
    {
        ec = e;
        return false;
    }

    // Copies a key or string into the arena or the key buffer. Most are
    // short (on a page, 83 % of keys are at most 16 bytes and 80 % of
    // strings at most 64): inline moves of 16 bytes or less, overlapping
    // at the end, instead of a call to memcpy. Size-optimised builds
    // call memcpy. (Forced inline: GCC 12 kept it out of line, which cost
    // a call per string, 0.21 M instructions per 1 000-call page.)
    BOOST_FORCEINLINE static void copy_token(char* to, char const* from, std::size_t n) noexcept
    {
#if UVCALLS_RAW_FAST_PATH
        if (n <= 64) {
            if (n >= 16) {
                for (std::size_t i = 0; i + 16 < n; i += 16)
                    move_bytes<16>(to + i, from + i);
                move_bytes<16>(to + n - 16, from + n - 16);
            } else if (n >= 8) {
                move_bytes<8>(to, from);
                move_bytes<8>(to + n - 8, from + n - 8);
            } else if (n >= 4) {
                move_bytes<4>(to, from);
                move_bytes<4>(to + n - 4, from + n - 4);
            } else if (n != 0) {
                to[0] = from[0];
                to[n / 2] = from[n / 2];
                to[n - 1] = from[n - 1];
            }
            return;
        }
#endif
        if (n != 0)
            std::memcpy(to, from, n);
    }
    template<std::size_t N>
    static void move_bytes(char* to, char const* from) noexcept
    {
        char b[N];
        std::memcpy(b, from, N);
        std::memcpy(to, b, N);
    }

    // Only array frames read elem_open; setting it on any frame spares a
    // branch on the frame's kind for every value of the page.
    static void mark_element(frame& top) noexcept { top.elem_open = true; }

    // Depth is bounded by the schema (max_frames) because every frame is
    // pushed for a field of the model; unknown and schema-free values never
    // push frames.
    //
    // A frame is set member by member, only what its kind reads (see
    // frame), rather than reset whole: one frame per object of the page.
    void push_object(object_desc const& od, void* base) noexcept
    {
        frame& f = *++top_;
        f.kind = frame_kind::object;
        f.unknown_key = false;
        f.desc = &od;
        f.base = static_cast<char*>(base);
        f.fld = nullptr;
        f.keep = &od == &call_desc ? call_keep_ : every_field(od);
        f.guess = od.fields;
        f.next = 0;
    }

    void begin_list(frame_kind kind, void* fp, object_desc const* elem) noexcept
    {
        frame& f = *++top_;
        f.kind = kind;
        f.desc = elem;
        f.list = fp;
        f.stack_mark = arena_.stack_top();
        f.first = nullptr;
        f.count = 0;
        f.pushed = 0;
        f.elem_open = false;
        f.front_mark = nullptr;
        f.keep = 0;
        f.next = 0;
    }

    // Moves the finished array from the back stack to the front, in order.
    // (Out of line: once per array, and inlined twice it tipped GCC 12 out
    // of inlining count_whitespace into Boost's parse_value, which then
    // kept a stack frame for every value: +0.58 M instructions per
    // 1 000-call page.)
    BOOST_NOINLINE bool end_list(error_code& ec) noexcept
    {
        frame& f = *top_;
        std::size_t size;
        std::size_t align;
        std::size_t const n = f.count;
        if (f.kind == frame_kind::object_array) {
            size = f.desc->size;
            align = f.desc->align;
        } else if (f.kind == frame_kind::string_array) {
            size = sizeof(std::string_view);
            align = alignof(std::string_view);
        } else {
            size = sizeof(string_pair);
            align = alignof(string_pair);
        }
        bool const per_call =
            on_call_ && f.kind == frame_kind::object_array && f.desc == &call_desc;
        char* dest = nullptr;
        if (n != 0 && !per_call) {
            dest = static_cast<char*>(arena_.allocate(n * size, align));
            if (!dest)
                return fail(ec, error::arena_full);
            for (std::size_t i = 0; i < n; ++i)
                std::memcpy(dest + i * size, f.first - i * size, size);
        }
        arena_.pop_to(f.stack_mark);
        std::size_t const count = per_call ? 0 : n;
        switch (f.kind) {
        case frame_kind::object_array: f.desc->set_list(f.list, dest, count); break;
        case frame_kind::string_array:
            static_cast<field<array_view<std::string_view>>*>(f.list)->value =
                array_view<std::string_view>(reinterpret_cast<std::string_view const*>(dest), count);
            break;
        case frame_kind::string_map:
            static_cast<field<array_view<string_pair>>*>(f.list)->value =
                array_view<string_pair>(reinterpret_cast<string_pair const*>(dest), count);
            break;
        case frame_kind::object:
        case frame_kind::document: break;
        }
        --top_;
        return true;
    }

    static string_pair* pair_at(frame const& f, std::size_t i) noexcept
    {
        return reinterpret_cast<string_pair*>(f.first - i * sizeof(string_pair));
    }

    bool check_required(frame& f, error_code& ec) noexcept
    {
        object_desc const& od = *f.desc;
        for (std::uint64_t bits = od.required; bits != 0; bits &= bits - 1) {
            unsigned const i = lowest_bit(bits);
            field_desc const& fd = od.fields[i];
            if (state_of(f.base + fd.offset) != presence::absent)
                continue;
            if (((f.keep >> i) & 1) == 0)
                continue;
            if (!missing_required(f, fd, ec))
                return false;
        }
        return true;
    }

    // Out of line: rare, and build_path is a loop over the frames.
    BOOST_NOINLINE bool missing_required(frame& f, field_desc const& fd, error_code& ec) noexcept
    {
        f.fld = &fd;
        f.unknown_key = false;
        if (opt_.strict)
            return fail(ec, error::missing_required_field);
        if (diag_.missing_required == 0)
            build_path(diag_.first_missing);
        diag_.missing_required = count_one_more(diag_.missing_required);
        return true;
    }

    static unsigned lowest_bit(std::uint64_t v) noexcept
    {
#if defined(__GNUC__)
        return static_cast<unsigned>(__builtin_ctzll(v));
#else
        unsigned i = 0;
        while ((v & 1) == 0) {
            v >>= 1;
            ++i;
        }
        return i;
#endif
    }

    // A string array's element or a map's key or value was cut: the
    // array's or map's field says so.
    void note_cut_in_list(frame const& list) noexcept
    {
        truncated_of(list.list) = true;
        note_truncated();
    }

    BOOST_NOINLINE void note_truncated() noexcept
    {
        if (diag_.truncated_strings == 0)
            build_path(diag_.first_truncated);
        diag_.truncated_strings = count_one_more(diag_.truncated_strings);
    }

    // ---- keys of schema objects --------------------------------------------

    // A key inside a skipped or schema-free value, a string map's key, or
    // the end of a key split across chunks.
    BOOST_NOINLINE bool other_key(boost::json::string_view s, error_code& ec) noexcept
    {
        if (mode_.skip_depth != 0)
            return true;
        if (mode_.raw) {
#if UVCALLS_RAW_FAST_PATH
            if (!mode_.in_string && raw_plain_token(s, true))
                return true;
#endif
            if (!mode_.in_string)
                raw_key_start();
            raw_escape(s);
            raw_append("\":");
            mode_.in_string = false;
            raw_after_key_ = true;
            return raw_ok(ec);
        }
        frame& top = *top_;
        if (top.kind == frame_kind::string_map) {
#if UVCALLS_RAW_FAST_PATH
            std::string_view key;
            bool truncated = false;
            // A whole key within the limit, as other_string takes a whole
            // string: one copy, not string_part's append and string_end.
            // 0.063 M instructions less per 1 000-call page (4 878 keys).
            if (!take_text(s, key, truncated, ec))
                return false;
#else
            // take_text's slow path only: 14 bytes less Cortex-M4 text
            // than calling take_text here.
            string_part(s);
            std::string_view key;
            bool truncated = false;
            if (!string_end(key, truncated, ec))
                return false;
#endif
            auto* pair = static_cast<string_pair*>(arena_.push(sizeof(string_pair), alignof(string_pair)));
            if (!pair)
                return fail(ec, error::arena_full);
            if (top.pushed == 0)
                top.first = reinterpret_cast<char*>(pair);
            ++top.pushed;
            pair->key = key;
            pair->value = std::string_view();
            if (truncated)
                note_cut_in_list(top);
            return true;
        }
        key_part(s);
        mode_.in_key = false;
        key_done_ ^= 1;
        if (key_cut_[key_done_]) {
            // Longer than any name in the schema: unknown.
            top.fld = nullptr;
            top.unknown_key = true;
            return true;
        }
        return schema_key(top, key_view(), ec);
    }

    // A whole key of a schema object, other than the field on_key guessed:
    // the field it names, if any. Looked up where it is (the input, or the
    // key buffer when it was split across chunks); copied only when
    // unknown, for error paths. Out of line: on_key keeps only the guess.
    BOOST_NOINLINE bool schema_key(frame& top, std::string_view key, error_code& ec) noexcept
    {
#if UVCALLS_RAW_FAST_PATH
        // When the guess missed, the server most often left that field out
        // and this key is the one after it (three misses in four on a
        // page): one compare before the hash, 0.16 M instructions less per
        // 1 000-call page for 98 bytes of Cortex-M4 text. (Shifted twice:
        // next + 1 can be 64.)
        std::uint32_t const after = top.next + 1;
        if ((((top.keep >> top.next) >> 1) & 1) != 0 && same_name(top.desc->fields[after].name, key))
            return take_field(top, after, ec);
#endif
        int const i = find_field(*top.desc, key);
        // Unknown, or not selected: skipped alike.
        if (i < 0 || ((top.keep >> i) & 1) == 0) {
            top.fld = nullptr;
            top.unknown_key = true;
            return remember_skipped_key(key);
        }
        return take_field(top, static_cast<std::uint32_t>(i), ec);
    }

    // The key names fields[i] of the object, a kept field.
    bool take_field(frame& top, std::uint32_t i, error_code& ec) noexcept
    {
        return take_field(top, i, &top.desc->fields[i], ec);
    }
    bool take_field(frame& top, std::uint32_t i, field_desc const* found, error_code& ec) noexcept
    {
        top.next = i + 1;
        top.guess = found + 1;
        top.fld = found;
        top.unknown_key = false;
        void* fp = top.base + found->offset;
        if (state_of(fp) != presence::absent)
            return fail(ec, error::duplicate_key);
        if (is_schema_free(found->kind))
            raw_begin(fp, found->kind == field_kind::json_object);
        return true;
    }

    // Keeps (the beginning of) a skipped key until the next key, for the
    // path of an error inside the skipped value.
    bool remember_skipped_key(std::string_view key) noexcept
    {
        if (key.data() != key_[key_done_]) {
            key_part(boost::json::string_view(key.data(), key.size()));
            mode_.in_key = false;
            key_done_ ^= 1;
        }
        return true;
    }

    // A key is read into one buffer while the other keeps the last whole
    // key, which error paths name: an error inside a key is Boost.JSON's,
    // raised with no call to the handler when the chunk holds the whole key,
    // so the path must not show the part of it read so far otherwise.
    void key_part(boost::json::string_view s) noexcept
    {
        unsigned const k = key_done_ ^ 1;
        if (!mode_.in_key) {
            mode_.in_key = true;
            key_len_[k] = 0;
            key_cut_[k] = false;
        }
        std::size_t n = s.size();
        if (n > max_key_buffer - key_len_[k]) {
            n = max_key_buffer - key_len_[k];
            key_cut_[k] = true;
        }
        copy_token(key_[k] + key_len_[k], s.data(), n);
        key_len_[k] += n;
    }
    /// The last whole key.
    std::string_view key_view() const noexcept { return std::string_view(key_[key_done_], key_len_[key_done_]); }

    // ---- strings stored in the arena ---------------------------------------

    // Where the current string goes; false (ec clear) when it is skipped.
    // `begin_element`: an array element has begun, for error paths.
    bool string_slot(error_code& ec, bool begin_element = true) noexcept
    {
        frame& top = *top_;
        if (begin_element)
            mark_element(top);
        switch (top.kind) {
        case frame_kind::string_array:
        case frame_kind::string_map: return true;
        case frame_kind::object_array:
        case frame_kind::document: return fail(ec, error::type_mismatch);
        case frame_kind::object: break;
        }
        if (top.unknown_key)
            return false;
        return filled_by_string(top.fld->kind) ? true : fail(ec, error::type_mismatch);
    }

    void string_part(boost::json::string_view s) noexcept
    {
        if (!mode_.in_string) {
            mode_.in_string = true;
            str_begin_ = arena_.front();
            str_kept_ = 0;
            str_over_ = false;
            str_full_ = false;
        }
        std::size_t const limit = opt_.limits.max_string_length;
        std::size_t take = s.size();
        if (take > limit - str_kept_) {
            take = limit - str_kept_;
            str_over_ = true;
        }
        if (str_full_ || !arena_.append(s.data(), take)) {
            str_full_ = true;
            return;
        }
        str_kept_ += take;
    }

    // The text of a string (or map key) that ends here, in the arena: a
    // whole one within the limit in one copy (the usual case), otherwise
    // appended to its earlier parts and cut or refused at the limit.
    // (Forced inline in speed builds: left to GCC 12 it cost 0.43 M
    // instructions per 1 000-call page over the code written out at both
    // callers. Forced in size builds, the Cortex-M4 decode took 8 bytes
    // more stack; there it has one caller.)
    UVCALLS_SPEED_INLINE bool take_text(boost::json::string_view s, std::string_view& text, bool& truncated,
                                        error_code& ec) noexcept
    {
        if (!mode_.in_string && s.size() <= opt_.limits.max_string_length) {
            char* const at = arena_.extend(s.size());
            if (!at)
                return fail(ec, error::arena_full);
            copy_token(at, s.data(), s.size());
            text = std::string_view(at, s.size());
            return true;
        }
        string_part(s);
        return string_end(text, truncated, ec);
    }

    // (Called after string_part(), which opened the string.)
    bool string_end(std::string_view& out, bool& truncated, error_code& ec) noexcept
    {
        mode_.in_string = false;
        if (str_full_) {
            arena_.rewind_front(str_begin_);
            return fail(ec, error::arena_full);
        }
        truncated = str_over_;
        if (str_over_) {
            if (!opt_.truncate_long_strings) {
                arena_.rewind_front(str_begin_);
                return fail(ec, error::string_limit);
            }
            str_kept_ = utf8_prefix(str_begin_, str_kept_);
            arena_.rewind_front(str_begin_ + str_kept_);
        }
        out = std::string_view(str_begin_, str_kept_);
        return true;
    }

    template<class T>
    static error set_value(void* fp, T v) noexcept
    {
        auto* f = static_cast<field<T>*>(fp);
        f->value = v;
        f->state = presence::value;
        return error{};
    }

    bool set_string_field(frame& top, std::string_view text, bool truncated, error_code& ec) noexcept
    {
        field_desc const& fd = *top.fld;
        void* fp = top.base + fd.offset;
        if (fd.kind == field_kind::string) {
            // A link cut short is another link: following it would ask for
            // another page (calls lost), so it is the limit's error, as a
            // cut uuid or date-time is.
            if (truncated && (fd.flags & flag_uri) != 0)
                return fail(ec, error::string_limit);
            auto* f = static_cast<field<std::string_view>*>(fp);
            f->value = text;
            f->truncated = truncated;
            f->state = presence::value;
            if (truncated)
                note_truncated();
            return true;
        }
        if (truncated)
            return set_cut_string(fd, fp, text, ec);
        return set_parsed_string(fd, fp, text, ec);
    }

    // A string over the limit, cut (truncate_long_strings), for a field
    // whose text is parsed. A cut enum is kept as unknown with its cut text
    // (a cut text could spell another enumerator: "hangup_x" cut to
    // "hangup"); a duration without a pattern in the spec keeps its cut
    // text unparsed, as it keeps any text it cannot read. A uuid, date-time
    // or duration with the spec's pattern cannot be read from a part of
    // it: that is the limit's error, as without the option.
    BOOST_NOINLINE bool set_cut_string(field_desc const& fd, void* fp, std::string_view text,
                                       error_code& ec) noexcept
    {
        if (fd.kind == field_kind::enumeration) {
#if UVCALLS_RAW_FAST_PATH
            set_enum_field(fp, 0, text); // (as in set_parsed_string)
#else
            fd.enumeration->set(fp, 0, text);
#endif
        } else if (fd.kind == field_kind::duration_lenient) {
            auto* f = static_cast<field<duration>*>(fp);
            f->value = duration();
            f->value.text = text;
        } else {
            return fail(ec, error::string_limit);
        }
        truncated_of(fp) = true;
        state_of(fp) = presence::value;
        note_truncated();
        return true;
    }

    // A string field whose text is parsed (uuid, timestamp, duration,
    // enum): out of line, so that the plain string above, the most common,
    // stays a few inline stores.
    BOOST_NOINLINE bool set_parsed_string(field_desc const& fd, void* fp, std::string_view text,
                                          error_code& ec) noexcept
    {
        switch (fd.kind) {
        // Parsed straight into the field. A failed parse fails the decode
        // with the field still absent (a uuid's value may be partly
        // written, never read), or resets a lenient duration to its text.
        case field_kind::uuid:
            if (!parse_uuid_into(text, static_cast<field<uuid>*>(fp)->value))
                return fail(ec, error::invalid_uuid);
            break;
        case field_kind::timestamp:
            if (!parse_timestamp_into(text, static_cast<field<timestamp>*>(fp)->value))
                return fail(ec, error::invalid_timestamp);
            break;
        case field_kind::duration:
        case field_kind::duration_lenient: {
            auto* f = static_cast<field<duration>*>(fp);
            if (parse_duration_into(text, f->value))
                break;
            if (fd.kind == field_kind::duration)
                return fail(ec, error::invalid_duration);
            f->value = duration();
            f->value.text = text;
            break;
        }
        case field_kind::enumeration: {
            auto const& ed = *fd.enumeration;
            std::uint8_t index = 0;
            for (std::uint8_t i = 0; i < ed.count; ++i)
                if (same_name(ed.names[i], text)) {
                    index = static_cast<std::uint8_t>(i + 1);
                    break;
                }
            // Speed builds store the enumerator and text directly
            // (set_enum_field): no indirect call per enum value, whose
            // target changes from one field to the next (6 340 of 6 615
            // mispredicted by callgrind's branch simulation on a 1 000-call
            // page), and 0.016 M instructions less. Builds for size call
            // the enum's function (the stores took 12 bytes more of
            // Cortex-M4 text).
#if UVCALLS_RAW_FAST_PATH
            set_enum_field(fp, index, text);
#else
            ed.set(fp, index, text);
#endif
            break;
        }
        default: return fail(ec, error::type_mismatch);
        }
        state_of(fp) = presence::value;
        return true;
    }

    // ---- numbers, booleans, nulls of schema objects --------------------------

    // The field a scalar goes to; false (ec clear) when it is skipped.
    bool scalar_slot(field_desc const*& fd, void*& fp, error_code& ec) noexcept
    {
        frame& top = *top_;
        mark_element(top);
        if (top.kind != frame_kind::object) {
            // Not `return fail(...)`: out of line, fail's false is not seen,
            // and GCC's -Wmaybe-uninitialized then flags fd and fp.
            fail(ec, error::type_mismatch);
            return false;
        }
        if (top.unknown_key)
            return false;
        fd = top.fld;
        fp = top.base + fd->offset;
        return true;
    }

    template<class Set>
    BOOST_FORCEINLINE bool on_number(boost::json::string_view s, error_code& ec, Set&& set) noexcept
    {
        if (mode_.skip_depth != 0)
            return true;
        if (mode_.raw) {
            if (!mode_.in_string) {
                if (!raw_value_start(ec, false))
                    return false;
            }
            mode_.in_string = false;
            raw_append(std::string_view(s.data(), s.size()));
            return raw_scalar_end(ec);
        }
        field_desc const* fd;
        void* fp;
        if (!scalar_slot(fd, fp, ec))
            return ec ? false : true;
        if (fd->kind != field_kind::integer && fd->kind != field_kind::int32 &&
            fd->kind != field_kind::number)
            return fail(ec, error::type_mismatch);
        error const e = set(*fd, fp);
        if (e != error{})
            return fail(ec, e);
        return true;
    }

    // ---- schema-free values, kept as compact JSON ----------------------------

    void raw_begin(void* fp, bool need_object) noexcept
    {
        mode_.raw = true;
        raw_field_ = fp;
        raw_need_object_ = need_object;
        raw_depth_ = 0;
        raw_items_ = 0;
        raw_after_key_ = true;
        raw_full_ = false;
        raw_begin_ = arena_.front();
    }

    // A string or number where the schema-free value must be an object:
    // refused when the token ends (raw_value_start from on_string or
    // on_number), not at a part of it, so that the error's offset does not
    // depend on where the chunks split the token.
    bool raw_scalar_refused() const noexcept { return raw_depth_ == 0 && raw_need_object_; }

    // Before a value inside a schema-free value: the comma, and the type
    // check of the top-level value.
    bool raw_value_start(error_code& ec, bool is_object) noexcept
    {
        if (raw_depth_ == 0 && raw_need_object_ && !is_object) {
            mode_.raw = false;
            arena_.rewind_front(raw_begin_);
            return fail(ec, error::type_mismatch);
        }
        if (raw_after_key_) {
            raw_after_key_ = false;
        } else if (raw_depth_ != 0) {
            std::uint64_t const bit = std::uint64_t(1) << (raw_depth_ - 1);
            if (raw_items_ & bit)
                raw_append(",");
            raw_items_ |= bit;
        }
        return true;
    }

    // The opening quote of a string inside a schema-free value, once.
    bool raw_string_start(error_code& ec) noexcept
    {
        if (mode_.in_string)
            return true;
        if (!raw_value_start(ec, false))
            return false;
        raw_append("\"");
        mode_.in_string = true;
        return true;
    }

    void raw_key_start() noexcept
    {
        std::uint64_t const bit = std::uint64_t(1) << (raw_depth_ - 1);
        if (raw_items_ & bit)
            raw_append(",");
        raw_items_ |= bit;
        raw_append("\"");
        mode_.in_string = true;
    }

#if UVCALLS_RAW_FAST_PATH
    // A whole key or string of a schema-free value with no byte to escape
    // (most of them) is written with its quotes, and the comma before it or
    // a key's colon, in one arena append; false, with nothing written, sends
    // it the general way (escapes, parts, a full arena), which gives the
    // same text. 0.43 M instructions less per 1 000-call page than a
    // raw_append per piece, for 294 bytes of Cortex-M4 text: left out of
    // builds for size (-Os), where the general way does it all.
    //
    // A key (then ':') or a string inside an object or array of the value,
    // with the comma raw_key_start or raw_value_start would write; a whole
    // value that is a string goes the general way (its type check,
    // raw_finish). (Forced inline, as is needs_no_json_escape: GCC 12 kept
    // each out of line once the check read words.)
    BOOST_FORCEINLINE bool raw_plain_token(boost::json::string_view s, bool key) noexcept
    {
        if (raw_depth_ == 0 || raw_full_ || !needs_no_json_escape(std::string_view(s.data(), s.size())))
            return false;
        std::uint64_t const bit = std::uint64_t(1) << (raw_depth_ - 1);
        bool const after_key = !key && raw_after_key_;
        std::size_t const comma = !after_key && (raw_items_ & bit) != 0 ? 1 : 0;
        char* p = arena_.extend(comma + s.size() + (key ? 3 : 2));
        if (!p)
            return false;
        if (after_key)
            raw_after_key_ = false;
        else
            raw_items_ |= bit;
        *p = ',';
        p += comma;
        *p++ = '"';
        copy_token(p, s.data(), s.size());
        p += s.size();
        p[0] = '"';
        if (key) {
            p[1] = ':';
            raw_after_key_ = true;
        }
        return true;
    }
#endif

    void raw_open(bool array) noexcept
    {
        ++raw_depth_;
        raw_items_ &= ~(std::uint64_t(1) << (raw_depth_ - 1));
        set_level(raw_arrays_, raw_depth_ - 1, array);
    }

    bool raw_close(error_code& ec) noexcept
    {
        --raw_depth_;
        if (raw_depth_ == 0)
            return raw_finish(ec);
        return raw_ok(ec);
    }

    bool raw_scalar_end(error_code& ec) noexcept
    {
        if (raw_depth_ == 0)
            return raw_finish(ec);
        return raw_ok(ec);
    }

    bool raw_ok(error_code& ec) noexcept
    {
        if (raw_full_) {
            mode_.raw = false;
            arena_.rewind_front(raw_begin_);
            return fail(ec, error::arena_full);
        }
        return true;
    }

    bool raw_finish(error_code& ec) noexcept
    {
        if (!raw_ok(ec))
            return false;
        mode_.raw = false;
        auto* f = static_cast<field<json_text>*>(raw_field_);
        f->value.json = std::string_view(raw_begin_, static_cast<std::size_t>(arena_.front() - raw_begin_));
        f->state = presence::value;
        return true;
    }

    void raw_append(std::string_view s) noexcept
    {
        if (!raw_full_ && !arena_.append(s.data(), s.size()))
            raw_full_ = true;
    }
    void raw_escape(boost::json::string_view s) noexcept
    {
        escape_json(std::string_view(s.data(), s.size()), [this](std::string_view part) {
            raw_append(part);
            return true;
        });
    }

    uvcalls::arena arena_;
    decode_options opt_;
    call_handler on_call_;
    // opt_.fields as a mask over call_desc.fields, for frame::keep
    std::uint64_t call_keep_ = 0;
    paginated_call_list page_;
    decode_diagnostics diag_;
    std::size_t calls_ = 0;

    // frames_[0] is the sentinel below the document (frame_kind::document),
    // so that the top frame is always one to read: no check for an empty
    // stack on the way to the usual case.
    frame frames_[1 + max_frames] = {frame{frame_kind::document}};
    frame* top_ = frames_;
    detours mode_;

    // a typed number split across chunks: its text so far (the first
    // max_number_text bytes) and its length (up to max_number_text + 1)
    char number_text_[max_number_text];
    std::size_t number_length_ = 0;
    // ... and whether a part before the last had a '.', 'e' or 'E'
    bool number_not_integral_ = false;
    bool str_over_ = false;
    bool str_full_ = false;
    char* str_begin_ = nullptr;
    std::size_t str_kept_ = 0;

    // schema-free value in progress (and mode_.raw)
    bool raw_need_object_ = false;
    bool raw_after_key_ = false;
    bool raw_full_ = false;
    std::uint32_t raw_depth_ = 0;
    std::uint64_t raw_items_ = 0;
    char* raw_begin_ = nullptr;
    void* raw_field_ = nullptr;

    char key_[2][max_key_buffer] = {};
    std::size_t key_len_[2] = {};
    unsigned key_done_ = 0;
    // the key in key_[i] is the first max_key_buffer bytes of a longer one
    bool key_cut_[2] = {};
    bool literal_failed_ = false;
    // for in_array(): bit i set when level i of the skipped value, or of
    // the schema-free value, is an array
    std::uint64_t skip_arrays_ = 0;
    std::uint64_t raw_arrays_ = 0;
};

} // namespace detail
} // namespace uvcalls

#endif
