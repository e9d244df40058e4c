// The main() of a harness built without libFuzzer (gcc, or clang without
// -fsanitize=fuzzer): runs LLVMFuzzerTestOneInput once on every file named
// on the command line, or in a directory named there, or listed (one path
// a line) in a file named there with an @ before it, so that the corpora
// are regression tests in every build and the harnesses never rot. (The
// list is for bare-metal targets: their std::filesystem cannot read a
// directory, and semihosting passes only a short command line.)
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size);

namespace {

bool read_file(std::string const& path, std::vector<std::uint8_t>& out)
{
    out.clear();
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        return false;
    std::uint8_t buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
        out.insert(out.end(), buf, buf + n);
    bool const ok = !std::ferror(f);
    std::fclose(f);
    return ok;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        std::error_code ec;
        if (argv[i][0] == '@') {
            std::vector<std::uint8_t> list;
            if (!read_file(argv[i] + 1, list)) {
                std::fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[i] + 1);
                return 1;
            }
            std::string line;
            for (std::uint8_t c : list) {
                if (c != '\n') {
                    line += static_cast<char>(c);
                } else if (!line.empty()) {
                    files.push_back(line);
                    line.clear();
                }
            }
            if (!line.empty())
                files.push_back(line);
        } else if (std::filesystem::is_directory(argv[i], ec)) {
            for (auto const& e : std::filesystem::directory_iterator(argv[i], ec))
                if (e.is_regular_file(ec))
                    files.push_back(e.path().string());
        } else {
            files.push_back(argv[i]);
        }
    }
    std::sort(files.begin(), files.end()); // the same order on every machine
    std::vector<std::uint8_t> data;
    for (auto const& path : files) {
        if (!read_file(path, data)) {
            std::fprintf(stderr, "%s: cannot read %s\n", argv[0], path.c_str());
            return 1;
        }
        // The file name goes out first, so a failed invariant names its input.
        std::fprintf(stderr, "%s\n", path.c_str());
        LLVMFuzzerTestOneInput(data.data(), data.size());
    }
    // %lu, not %zu: newlib-nano's printf (the Cortex-M4 build) has no z.
    std::printf("%s: %lu inputs replayed\n", argv[0], static_cast<unsigned long>(files.size()));
    // No input at all is a wrong path, not a pass.
    return files.empty() ? 1 : 0;
}
