// A counting replacement of the global allocation functions, for the test
// programs that prove "no heap allocation" claims. Include it in exactly
// one translation unit of such a program (it defines the global operators).
#ifndef UVCALLS_TESTS_COUNTING_NEW_HPP
#define UVCALLS_TESTS_COUNTING_NEW_HPP

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace test {
/// Allocations made through operator new since the program started.
inline std::atomic<std::size_t> allocations{0};
} // namespace test

void* operator new(std::size_t n)
{
    ++test::allocations;
    if (void* p = std::malloc(n ? n : 1))
        return p;
    std::abort();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, std::nothrow_t const&) noexcept
{
    ++test::allocations;
    return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, std::nothrow_t const&) noexcept { return operator new(n, std::nothrow); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

#endif
