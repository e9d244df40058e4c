// The decode-calls tool against its contract in DESIGN.md, run as a
// separate process exactly as other tools use it.
#include "support/test_util.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct run_result {
    int status = -1;
    std::string out;
    std::string err;
};

#ifndef UVCALLS_TEST_LAUNCHER
#define UVCALLS_TEST_LAUNCHER ""
#endif

// The tool, quoted for the shell, behind the emulator of a cross build.
std::string tool()
{
    return std::string(UVCALLS_TEST_LAUNCHER) + " '" + UVCALLS_DECODE_CALLS + "'";
}

// `before` is shell text run first, in the same shell (a ulimit).
run_result run(std::string const& args, std::string const& stdin_file = "", std::string const& before = "")
{
    static int counter = 0;
    std::string const base = std::string(UVCALLS_TEST_TMP) + "/decode-calls-" + std::to_string(++counter);
    std::string cmd = before + tool() + " " + args;
    if (!stdin_file.empty())
        cmd += " < '" + stdin_file + "'";
    cmd += " > '" + base + ".out' 2> '" + base + ".err'";
    run_result r;
    int const st = std::system(cmd.c_str());
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.out = test::read_file(base + ".out");
    r.err = test::read_file(base + ".err");
    return r;
}

std::string sample() { return std::string(UVCALLS_SOURCE_DIR) + "/examples/sample-page.json"; }

std::string write_temp(std::string const& name, std::string const& text)
{
    std::string const path = std::string(UVCALLS_TEST_TMP) + "/" + name;
    FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    return path;
}

// The largest resident set, in KiB, of a shell command: run from a child
// process of its own, whose RUSAGE_CHILDREN then holds that command alone
// (this program's own children would otherwise count). -1 when the
// command failed.
long peak_resident_kib(std::string const& cmd)
{
    int fd[2];
    REQUIRE(pipe(fd) == 0);
    pid_t const pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(fd[0]);
        long kib = -1;
        rusage ru{};
        if (std::system(cmd.c_str()) == 0 && getrusage(RUSAGE_CHILDREN, &ru) == 0)
            kib = ru.ru_maxrss;
        _exit(write(fd[1], &kib, sizeof kib) == static_cast<ssize_t>(sizeof kib) ? 0 : 1);
    }
    close(fd[1]);
    long kib = -1;
    ssize_t const n = read(fd[0], &kib, sizeof kib);
    close(fd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return n == static_cast<ssize_t>(sizeof kib) ? kib : -1;
}

} // namespace

TEST_CASE("decode-calls prints the golden output for the sample page, whatever the chunk size")
{
    std::string const golden = test::read_file(test::data_path("../golden/sample-page.jsonl"));
    REQUIRE_FALSE(golden.empty());
    for (char const* chunk : {"1", "7", "4096", "1000000"}) {
        CAPTURE(chunk);
        auto const r = run(std::string("--chunk ") + chunk + " '" + sample() + "'");
        CHECK(r.status == 0);
        CHECK(r.err.empty());
        CHECK(r.out == golden);
    }
    auto const from_stdin = run("", sample());
    CHECK(from_stdin.status == 0);
    CHECK(from_stdin.out == golden);
    auto const dash = run("--chunk 7 -", sample());
    CHECK(dash.status == 0);
    CHECK(dash.err.empty());
    CHECK(dash.out == golden);
}

TEST_CASE("decode-calls output equals its input as JSON for rich fixtures")
{
    for (char const* name : {"medium-twilio", "medium-sip", "voice-generic", "voice-respeecher"}) {
        CAPTURE(name);
        std::string const path = test::data_path(std::string("generated/") + name + ".json");
        auto const r = run("--chunk 5 '" + path + "'");
        REQUIRE(r.status == 0);
        // Reassemble a page from the call lines and the page line.
        std::string calls;
        std::string page_line;
        std::size_t pos = 0;
        while (pos < r.out.size()) {
            std::size_t const nl = r.out.find('\n', pos);
            std::string const line = r.out.substr(pos, nl - pos);
            pos = nl + 1;
            if (line.rfind("{\"page\":", 0) == 0)
                page_line = line;
            else
                calls += (calls.empty() ? "" : ",") + line;
        }
        REQUIRE_FALSE(page_line.empty());
        std::string const inner = page_line.substr(8, page_line.size() - 9); // {"next":…,"count":N}
        std::string const count_key = ",\"count\":";
        std::string const head = inner.substr(0, inner.find(count_key));
        std::string const rebuilt = head + ",\"results\":[" + calls + "]}";
        CHECK(test::canonical_json(rebuilt) == test::canonical_json(test::read_file(path)));
        CHECK(inner.substr(inner.find(count_key)) == ",\"count\":2}");
    }
}

TEST_CASE("decode-calls reports bad input on one stderr line with offset and path, exit 1")
{
    auto const bad = write_temp("bad-created.json", R"({"results":[{"callId":"5b1f0c7e-2a3d-4f6b-9c8e-1d2e3f4a5b6c"},{"created":"2025-02-30T00:00:00Z"}]})");
    auto const r = run("--chunk 3 '" + bad + "'");
    CHECK(r.status == 1);
    CHECK(r.err == "error: invalid RFC 3339 date-time at byte 94 ($.results[1].created)\n");
    // Byte 94 is the closing quote of the bad value. The first call was
    // complete and valid: it was printed before the error.
    CHECK(r.out.rfind("{\"callId\":\"5b1f0c7e", 0) == 0);

    auto const truncated = run("", write_temp("truncated.json", R"({"results":[{"summary":"ab)"));
    CHECK(truncated.status == 1);
    CHECK(truncated.err == "error: incomplete JSON document at byte 26 ($.results[0].summary)\n");

    auto const missing = run("'" + std::string(UVCALLS_TEST_TMP) + "/does-not-exist.json'");
    CHECK(missing.status == 1);
    CHECK(missing.err.rfind("error: cannot open", 0) == 0);
}

TEST_CASE("decode-calls keeps its error line valid UTF-8 when the path is cut inside a character")
{
    // A metadata key of 100 é: the path is longer than json_path holds and
    // its capacity falls inside an é. Tools read the stderr line as text.
    std::string key;
    for (int i = 0; i < 100; ++i)
        key += "\xc3\xa9";
    auto const bad = write_temp("long-key.json", R"({"results":[{"metadata":{")" + key + R"(":1}}]})");
    auto const r = run("'" + bad + "'");
    CHECK(r.status == 1);
    std::string const head = "error: JSON type does not match the schema at byte 229 ($.results[0].metadata['";
    REQUIRE(r.err.rfind(head, 0) == 0);
    REQUIRE(r.err.size() >= head.size() + 5);
    CHECK(r.err.substr(r.err.size() - 5) == "...)\n");
    // Between the quote and the "...": whole é only.
    std::string const cut = r.err.substr(head.size(), r.err.size() - 5 - head.size());
    REQUIRE(cut.size() % 2 == 0);
    for (std::size_t i = 0; i < cut.size(); i += 2)
        CHECK(cut.substr(i, 2) == "\xc3\xa9");
}

TEST_CASE("decode-calls that cannot write its output says so on one stderr line, exit 1")
{
    std::string const err = std::string(UVCALLS_TEST_TMP) + "/decode-calls-full.err";
    std::string const cmd = tool() + " '" + sample() + "' > /dev/full 2> '" + err + "'";
    int const st = std::system(cmd.c_str());
    REQUIRE(WIFEXITED(st));
    CHECK(WEXITSTATUS(st) == 1);
    CHECK(test::read_file(err) == "error: cannot write stdout\n");
}

TEST_CASE("decode-calls --stats prints one summary line instead of the calls")
{
    auto const r = run("--stats '" + sample() + "'");
    CHECK(r.status == 0);
    auto const nl = r.out.find('\n');
    REQUIRE(nl != std::string::npos);
    std::string const stats = r.out.substr(0, nl);
    CHECK(stats.rfind("{\"stats\":{\"calls\":3,\"bytes\":", 0) == 0);
    CHECK(stats.find("\"missing_required\":1,\"first_missing\":\"$.results[1].agent\"") != std::string::npos);
    CHECK(r.out.substr(nl + 1).rfind("{\"page\":{\"next\":\"https://api.ultravox.ai/api/calls?cursor=", 0) == 0);
    CHECK(r.out.find("callId") == std::string::npos);
}

TEST_CASE("decode-calls --help prints the usage on stdout, exit 0")
{
    for (char const* flag : {"--help", "-h", "--stats --help"}) {
        CAPTURE(flag);
        auto const r = run(flag);
        CHECK(r.status == 0);
        CHECK(r.err.empty());
        CHECK(r.out.rfind("usage: decode-calls [--chunk N] [--stats] [FILE]\n", 0) == 0);
        CHECK(r.out.find("--stats") != std::string::npos);
    }
}

TEST_CASE("decode-calls refuses bad usage with exit 2, an error line and the usage, and reads nothing")
{
    // Every case names the sample page, which would decode: the refusal
    // comes first. (The exit status alone passed a tool that decoded
    // `--chunk 1073741825` or printed nothing.)
    std::string const page = " '" + sample() + "'";
    std::string const cases[] = {"--chunk 0" + page,          "--chunk",           "--bogus" + page,
                                 "a b",                        page + " " + page,   "--chunk 1073741825" + page,
                                 "--chunk -1" + page,          "--chunk 12x" + page};
    for (std::string const& args : cases) {
        CAPTURE(args);
        auto const r = run(args);
        CHECK(r.status == 2);
        CHECK(r.out.empty());
        CHECK(r.err.rfind("error: ", 0) == 0);
        std::string const usage = "usage: decode-calls [--chunk N] [--stats] [FILE]\n";
        REQUIRE(r.err.size() > usage.size());
        CHECK(r.err.substr(r.err.size() - usage.size()) == usage);
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 2);
    }
}

TEST_CASE("decode-calls feeds the decoder 4096-byte chunks by default and N-byte chunks with --chunk N")
{
    // The sample page padded with spaces (allowed after the document) to
    // 8192 and 8193 bytes: 2 and 3 reads of 4096 bytes; a default of 4095
    // bytes reads the first in 3, one of 4097 the second in 2.
    std::string const page = test::read_file(sample());
    REQUIRE(page.size() < 8192);
    for (std::size_t const size : {std::size_t(8192), std::size_t(8193)}) {
        CAPTURE(size);
        std::string const path =
            write_temp("padded-" + std::to_string(size) + ".json", page + std::string(size - page.size(), ' '));
        std::string const head = "{\"stats\":{\"calls\":3,\"bytes\":" + std::to_string(size) + ",\"chunks\":";
        for (std::string const& args : {"--stats '" + path + "'", std::string("--stats")}) {
            CAPTURE(args);
            auto const r = run(args, args == "--stats" ? path : "");
            CHECK(r.status == 0);
            CHECK(r.err.empty());
            CHECK(r.out.rfind(head + (size == 8192 ? "2," : "3,"), 0) == 0);
        }
        auto const by_7 = run("--stats --chunk 7 '" + path + "'");
        CHECK(by_7.status == 0);
        CHECK(by_7.out.rfind(head + std::to_string((size + 6) / 7) + ",", 0) == 0);
    }
}

TEST_CASE("decode-calls prints every string's value exactly, however the input escaped it")
{
    // Escapes are decoded and the value re-escaped the one way the encoder
    // writes (`\/` and `\u0041` as the character, non-ASCII and DEL as raw
    // UTF-8, other controls as \b \f \n \r \t or \u00XX): in a string field,
    // a uuid, a date-time and an enum (kept as their text, upper case
    // included), a string map (key and value), a string array, a
    // schema-free value (key and value) and the page's link. The values
    // are what was sent.
    std::string const in =
        R"({"results":[{"callId":"5B1F0C7E-2A3D-4F6B-9C8E-1D2E3F4A5B6\u0043",)"
        R"("created":"2025-06-01T12:00:03\u002e5Z","endReason":"hang\u0075p",)"
        R"("summary":"\/ \u0041 \u00e9 )" "\xc3\xa9" R"( \ud83d\ude00 )" "\xf0\x9f\x98\x80"
        R"( \u001f \u0000 \b\f\r\n\t \\ \" \u007f \u2028",)"
        R"("metadata":{"k\u00e9\n":"v\/\u0001"},)"
        R"("initialState":{"s\/":"\u00e9\u001f\ud83d\ude00\""},)"
        R"("callbacks":{"ended":{"secrets":["\u00e9\/\t"]}}}],)"
        R"("next":"https:\/\/api.ultravox.ai\/api\/calls?cursor=\u0061b"})";
    std::string const want =
        R"({"callId":"5B1F0C7E-2A3D-4F6B-9C8E-1D2E3F4A5B6C",)"
        R"("created":"2025-06-01T12:00:03.5Z","endReason":"hangup",)"
        R"("summary":"/ A )" "\xc3\xa9 \xc3\xa9 \xf0\x9f\x98\x80 \xf0\x9f\x98\x80"
        R"( \u001f \u0000 \b\f\r\n\t \\ \" )" "\x7f" " \xe2\x80\xa8" R"(",)"
        R"("metadata":{"k)" "\xc3\xa9" R"(\n":"v/\u0001"},)"
        R"("initialState":{"s/":")" "\xc3\xa9" R"(\u001f)" "\xf0\x9f\x98\x80" R"(\""},)"
        R"("callbacks":{"ended":{"secrets":[")" "\xc3\xa9" R"(/\t"]}}})" "\n"
        R"({"page":{"next":"https://api.ultravox.ai/api/calls?cursor=ab","previous":null,"total":null,"count":1}})" "\n";
    std::string const path = write_temp("escapes.json", in);
    for (char const* chunk : {"1", "3", "4096"}) {
        CAPTURE(chunk);
        auto const r = run(std::string("--chunk ") + chunk + " '" + path + "'");
        CHECK(r.status == 0);
        CHECK(r.err.empty());
        CHECK(r.out == want);
    }
}

TEST_CASE("decode-calls reports each kind of bad input on one stderr line, prints no page line, exit 1")
{
    struct bad_input {
        std::string name;
        std::string text;
        std::string err;
        std::string out; // the calls completed before the error, and no page line
    };
    std::string const first_call = R"({"callId":"5b1f0c7e-2a3d-4f6b-9c8e-1d2e3f4a5b6c"})";
    bad_input const cases[] = {
        {"syntax", R"({"results":[})", "error: invalid JSON syntax at byte 12 ($.results)\n", ""},
        {"type", R"({"results":[{"recordingEnabled":"yes"}]})",
         "error: JSON type does not match the schema at byte 36 ($.results[0].recordingEnabled)\n", ""},
        {"bad UTF-8", "{\"results\":[{\"summary\":\"a\xff\"}]}",
         "error: invalid JSON syntax at byte 25 ($.results[0].summary)\n", ""},
        {"empty", "", "error: incomplete JSON document at byte 0 ($)\n", ""},
        {"not an object", "[]", "error: JSON type does not match the schema at byte 0 ($)\n", ""},
        {"in a schema-free value", R"({"results":[{"initialState":{"a":[1,}}]})",
         "error: invalid JSON syntax at byte 36 ($.results[0].initialState)\n", ""},
        {"page field", R"({"results":[],"total":"many"})",
         "error: JSON type does not match the schema at byte 27 ($.total)\n", ""},
        {"trailing data", R"({"results":[]} x)", "error: data after the JSON document at byte 15 ($)\n", ""},
        {"newline in the path", R"({"results":[{"metadata":{"a\nb":1}}]})",
         "error: JSON type does not match the schema at byte 33 ($.results[0].metadata['a\\nb'])\n", ""},
        {"after a call", R"({"results":[{"callId":"5b1f0c7e-2a3d-4f6b-9c8e-1d2e3f4a5b6c"},{"callId":"nope"}]})",
         "error: invalid UUID at byte 77 ($.results[1].callId)\n", first_call + "\n"},
    };
    for (auto const& c : cases) {
        CAPTURE(c.name);
        std::string const path = write_temp("bad-input.json", c.text);
        for (char const* chunk : {"1", "4096"}) {
            CAPTURE(chunk);
            auto const r = run(std::string("--chunk ") + chunk + " '" + path + "'");
            CHECK(r.status == 1);
            CHECK(r.err == c.err);
            CHECK(r.out == c.out);
        }
    }
}

TEST_CASE("decode-calls keeps resident only the memory it uses, whatever --chunk asks for")
{
    // Its 64 MiB arena and its read buffer were std::vectors, zeroed byte
    // by byte: 68 MiB resident to decode a 5 KB page, 1.1 GiB with
    // --chunk 1073741824 (ASan+UBSan: 89 MiB and 1.2 GiB). Untouched, they
    // cost nothing: 3.9 MiB either way (ASan+UBSan: 25 MiB, and 144 MiB
    // with the shadow of the 1 GiB block).
    if (std::string(UVCALLS_TEST_LAUNCHER).empty()) {
        std::string const golden = test::read_file(test::data_path("../golden/sample-page.jsonl"));
        std::string const out = std::string(UVCALLS_TEST_TMP) + "/decode-calls-resident.out";
        struct {
            char const* chunk;
            long limit_kib;
        } const rows[] = {{"4096", 48 * 1024}, {"1073741824", 256 * 1024}};
        for (auto const& row : rows) {
            std::string const chunk = row.chunk;
            CAPTURE(chunk);
            // (Without MALLOC_PERTURB_, which meson's test runner sets: glibc
            // then fills every block it hands out, touching every page.)
            long const kib = peak_resident_kib("unset MALLOC_PERTURB_; " + tool() + " --chunk " + chunk + " '" +
                                               sample() + "' > '" + out + "'");
            CAPTURE(kib);
            CHECK(kib > 0);
            CHECK(kib < row.limit_kib);
            CHECK(test::read_file(out) == golden);
        }
    } else {
        // Under an emulator the resident set is the emulator's, and a
        // 32-bit guest may not have 1 GiB of address space to spare.
        MESSAGE("not measured under " UVCALLS_TEST_LAUNCHER);
    }
}

// AddressSanitizer reserves terabytes of address space for its shadow.
#if defined(__SANITIZE_ADDRESS__)
#define UVCALLS_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UVCALLS_TEST_ASAN 1
#endif
#endif

TEST_CASE("decode-calls that cannot allocate its read buffer says so on one stderr line, exit 1")
{
#if defined(UVCALLS_TEST_ASAN)
    MESSAGE("not run under AddressSanitizer: it needs more address space than the limit leaves");
#else
    if (std::string(UVCALLS_TEST_LAUNCHER).empty()) {
        // 512 MiB of address space: room for the program and its 64 MiB
        // arena, not for a 1 GiB chunk.
        auto const r = run("--chunk 1073741824 '" + sample() + "'", "", "ulimit -v 524288; ");
        CHECK(r.status == 1);
        CHECK(r.out.empty());
        CHECK(r.err == "error: cannot allocate 1073741824 bytes of memory\n");
    } else {
        MESSAGE("not run under " UVCALLS_TEST_LAUNCHER);
    }
#endif
}
