// uvcalls — the arena: all decoded strings, arrays and objects live in one
// buffer the caller provides.
#ifndef UVCALLS_ARENA_HPP
#define UVCALLS_ARENA_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace uvcalls {

/// A two-ended bump allocator over a caller-provided buffer.
///
/// Finished data (strings, arrays, objects) grows from the front. Arrays
/// whose length is not known until their closing bracket are built on a
/// stack that grows down from the back, then moved to the front in one
/// piece, so the model's arrays are contiguous spans without a second pass
/// over the input. When the two ends meet, allocation fails and the
/// decoder reports `error::arena_full`: nothing is ever truncated or taken
/// from the heap.
class arena {
public:
    arena() noexcept = default;
    arena(void* data, std::size_t size) noexcept { assign(data, size); }

    /// Moves to another buffer, forgetting everything allocated. The
    /// high-water mark is kept, as by reset(): it measures the need, not
    /// one buffer. A null `data` is an empty buffer, whatever `size` says.
    void assign(void* data, std::size_t size) noexcept
    {
        note_use();
        if (data == nullptr) {
            data = no_buffer();
            size = 0;
        }
        begin_ = static_cast<char*>(data);
        end_ = begin_ + size;
        front_ = begin_;
        back_ = end_;
    }

    /// Forgets everything allocated; the high-water mark is kept.
    void reset() noexcept
    {
        note_use();
        front_ = begin_;
        back_ = end_;
    }

    std::size_t capacity() const noexcept { return static_cast<std::size_t>(end_ - begin_); }
    std::size_t used() const noexcept
    {
        return static_cast<std::size_t>(front_ - begin_) + static_cast<std::size_t>(end_ - back_);
    }
    std::size_t available() const noexcept { return static_cast<std::size_t>(back_ - front_); }
    /// The most bytes ever in use at once since construction or reset_high_water().
    std::size_t high_water() const noexcept
    {
        std::size_t const u = used();
        return u > high_water_ ? u : high_water_;
    }
    void reset_high_water() noexcept { high_water_ = used(); }

    /// Allocates n bytes aligned to `align` (a power of two) at the front.
    /// Returns nullptr when the arena is full.
    void* allocate(std::size_t n, std::size_t align) noexcept
    {
        char* p = align_up(front_, align);
        if (p > back_ || static_cast<std::size_t>(back_ - p) < n)
            return nullptr;
        front_ = p + n;
        return p;
    }

    /// The front, where the next string is built by append().
    char* front() const noexcept { return front_; }
    /// Appends bytes at the front, contiguous with the previous append.
    bool append(char const* data, std::size_t n) noexcept
    {
        if (static_cast<std::size_t>(back_ - front_) < n)
            return false;
        if (n != 0)
            std::memcpy(front_, data, n);
        front_ += n;
        return true;
    }
    /// Takes n bytes at the front, contiguous with the previous append, for
    /// the caller to write; nullptr when the arena is full.
    char* extend(std::size_t n) noexcept
    {
        if (static_cast<std::size_t>(back_ - front_) < n)
            return nullptr;
        char* const p = front_;
        front_ += n;
        return p;
    }
    /// Gives back everything allocated at the front after `mark`.
    void rewind_front(char* mark) noexcept
    {
        note_use();
        front_ = mark;
    }

    /// Pushes n bytes aligned to `align` on the back stack; nullptr when full.
    void* push(std::size_t n, std::size_t align) noexcept
    {
        if (static_cast<std::size_t>(back_ - front_) < n)
            return nullptr;
        char* p = align_down(back_ - n, align);
        if (p < front_)
            return nullptr;
        back_ = p;
        return p;
    }
    /// The top of the back stack (its lowest address).
    char* stack_top() const noexcept { return back_; }
    /// Pops the back stack to a top returned earlier by stack_top().
    void pop_to(char* top) noexcept
    {
        note_use();
        back_ = top;
    }

private:
    // Where an arena without a buffer points. Zero bytes are taken from it
    // as from any full buffer: at a real address, since a null pointer is
    // how allocation says "full" (an empty string must not fail there).
    static char* no_buffer() noexcept
    {
        static char none;
        return &none;
    }
    static char* align_up(char* p, std::size_t a) noexcept
    {
        auto const v = reinterpret_cast<std::uintptr_t>(p);
        return p + ((a - (v & (a - 1))) & (a - 1));
    }
    static char* align_down(char* p, std::size_t a) noexcept
    {
        auto const v = reinterpret_cast<std::uintptr_t>(p);
        return p - (v & (a - 1));
    }
    // Use only grows between the calls that give memory back, so the
    // high-water mark is taken there (and read with the current use), not
    // at every allocation: the decoder allocates once per string.
    void note_use() noexcept
    {
        std::size_t const u = used();
        if (u > high_water_)
            high_water_ = u;
    }

    char* begin_ = no_buffer();
    char* end_ = begin_;
    char* front_ = begin_;
    char* back_ = begin_;
    std::size_t high_water_ = 0;
};

} // namespace uvcalls

#endif
