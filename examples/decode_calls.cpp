// decode-calls [--chunk N] [--stats] [FILE]
// decode-calls --help
//
// Reads one PaginatedCallList document (FILE, or stdin when FILE is absent
// or `-`), feeds it to the decoder in N-byte chunks (default 4096) and
// prints one JSON object per call, one per line, re-encoded from the
// decoded model: exactly the fields the model knows that were present in
// the input. Then one line
// {"page":{"next":…,"previous":…,"total":…,"count":N}}. With --stats, one
// summary line replaces the calls. Exit 0; on bad input exit 1 and one
// stderr line `error: <what> at byte <offset> (<JSONPath>)`; on bad usage
// exit 2. --help (or -h) prints the usage on stdout, exit 0.
#include <uvcalls/decoder.hpp>
#include <uvcalls/encode.hpp>
#include <uvcalls/src.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>

namespace {

// A desktop tool can afford a large arena; per-call mode keeps only the
// largest call in it, so this bounds one call, not the page.
constexpr std::size_t arena_bytes = 64u << 20;

char const usage_line[] = "usage: decode-calls [--chunk N] [--stats] [FILE]\n";

int usage(char const* why)
{
    std::fprintf(stderr, "error: %s\n%s", why, usage_line);
    return 2;
}

int help()
{
    std::fputs(usage_line, stdout);
    std::fputs("Decodes one PaginatedCallList document (FILE, or stdin when FILE is absent\n"
               "or -), fed to the decoder in N-byte chunks (default 4096, at most 1073741824),\n"
               "and prints one JSON object per call, one per line, then one line\n"
               "{\"page\":{\"next\":...,\"previous\":...,\"total\":...,\"count\":N}}.\n"
               "  --stats    one summary line instead of the calls\n"
               "  --help     this text\n"
               "Exit 0; on bad input exit 1 and one stderr line\n"
               "`error: <what> at byte <offset> (<JSONPath>)`; on bad usage exit 2.\n",
               stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
}

bool parse_size(char const* s, std::size_t& out)
{
    if (!*s || *s == '-')
        return false;
    char* end = nullptr;
    errno = 0;
    unsigned long long v = std::strtoull(s, &end, 10);
    if (errno || *end || v == 0 || v > (1ull << 30))
        return false;
    out = static_cast<std::size_t>(v);
    return true;
}

struct output {
    std::string buf;
    bool operator()(std::string_view s)
    {
        buf.append(s.data(), s.size());
        return true;
    }
    void flush()
    {
        std::fwrite(buf.data(), 1, buf.size(), stdout);
        buf.clear();
    }
};

void put_string_or_null(output& out, uvcalls::field<std::string_view> const& f)
{
    if (f.has_value())
        uvcalls::detail::encode_string(*f, out);
    else
        out("null");
}

} // namespace

int main(int argc, char** argv)
{
    std::size_t chunk = 4096;
    bool stats = false;
    char const* path = nullptr;
    for (int i = 1; i < argc; ++i) {
        std::string_view const a = argv[i];
        if (a == "--chunk") {
            if (++i == argc || !parse_size(argv[i], chunk))
                return usage("--chunk needs a number of bytes from 1 to 1073741824");
        } else if (a == "--stats") {
            stats = true;
        } else if (a == "--help" || a == "-h") {
            return help();
        } else if (a.size() > 1 && a[0] == '-') {
            return usage("unknown option");
        } else if (path) {
            return usage("more than one FILE");
        } else {
            path = argv[i];
        }
    }

    // Both buffers from new[] rather than std::vector, which would write
    // zeros to every byte: the arena's 64 MiB and a --chunk of up to 1 GiB
    // would then be resident however small the input. Untouched, the pages
    // cost nothing; the decoder touches what its largest call needs, fread
    // what it reads.
    std::unique_ptr<char[]> const arena(new (std::nothrow) char[arena_bytes]);
    std::unique_ptr<char[]> const buf(new (std::nothrow) char[chunk]);
    if (!arena || !buf) {
        std::fprintf(stderr, "error: cannot allocate %zu bytes of memory\n", arena ? chunk : arena_bytes);
        return 1;
    }

    FILE* in = stdin;
    if (path && std::string_view(path) == "-")
        path = nullptr; // stdin, as for most Unix tools
    if (path && !(in = std::fopen(path, "rb"))) {
        std::fprintf(stderr, "error: cannot open %s: %s\n", path, std::strerror(errno));
        return 1;
    }

    uvcalls::decode_options opt;
    opt.limits.max_depth = 64;
    opt.limits.max_string_length = arena_bytes;
    output out;
    auto on_call = [&](uvcalls::call const& c, std::size_t) {
        if (!stats) {
            uvcalls::encode_call(c, out);
            out("\n");
            out.flush();
        }
        return true;
    };
    uvcalls::page_decoder decoder(arena.get(), arena_bytes, on_call, opt);

    std::size_t bytes = 0;
    std::size_t chunks = 0;
    uvcalls::error_code ec;
    for (;;) {
        std::size_t const n = std::fread(buf.get(), 1, chunk, in);
        if (n == 0)
            break;
        bytes += n;
        ++chunks;
        decoder.write(buf.get(), n, ec);
        if (ec)
            break;
    }
    bool const read_failed = std::ferror(in) != 0;
    if (in != stdin)
        std::fclose(in);
    if (read_failed) {
        std::fprintf(stderr, "error: cannot read %s\n", path ? path : "stdin");
        return 1;
    }
    if (!ec)
        decoder.finish(ec);
    if (ec) {
        std::fprintf(stderr, "error: %s at byte %zu (%.*s%s)\n", ec.message().c_str(), decoder.byte_offset(),
                     static_cast<int>(decoder.error_path().size()), decoder.error_path().data(),
                     decoder.error_json_path().truncated() ? "..." : "");
        return 1;
    }

    auto const& page = decoder.page();
    if (stats) {
        auto const& d = decoder.diagnostics();
        out("{\"stats\":{\"calls\":" + std::to_string(decoder.calls()) + ",\"bytes\":" + std::to_string(bytes) +
            ",\"chunks\":" + std::to_string(chunks) +
            ",\"arena_high_water\":" + std::to_string(decoder.arena_high_water()) +
            ",\"missing_required\":" + std::to_string(d.missing_required) + ",\"first_missing\":");
        if (d.missing_required)
            uvcalls::detail::encode_string(d.first_missing.view(), out);
        else
            out("null");
        out(",\"truncated_strings\":" + std::to_string(d.truncated_strings) + "}}\n");
    }
    out("{\"page\":{\"next\":");
    put_string_or_null(out, page.next);
    out(",\"previous\":");
    put_string_or_null(out, page.previous);
    out(",\"total\":");
    out(page.total.has_value() ? std::to_string(*page.total) : std::string("null"));
    out(",\"count\":" + std::to_string(decoder.calls()) + "}}\n");
    out.flush();
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        std::fprintf(stderr, "error: cannot write stdout\n");
        return 1;
    }
    return 0;
}
