// A text copied alone into a heap block of its exact size, for the tests
// that a parser reads no byte past the end of its text: such a read is a
// heap-buffer-overflow under AddressSanitizer.
#ifndef UVCALLS_TESTS_EXACT_BLOCK_HPP
#define UVCALLS_TESTS_EXACT_BLOCK_HPP

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace test {

class exact_block {
public:
    explicit exact_block(std::string_view text) : data_(new char[text.size()]), size_(text.size())
    {
        if (size_ != 0)
            std::memcpy(data_.get(), text.data(), size_);
    }
    std::string_view view() const noexcept { return std::string_view(data_.get(), size_); }

private:
    std::unique_ptr<char[]> data_;
    std::size_t size_;
};

} // namespace test

#endif
