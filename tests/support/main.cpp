#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace {

// Every test program is built with DOCTEST_CONFIG_NO_EXCEPTIONS_BUT_WITH_ALL_ASSERTS,
// so that the same tests build with -fno-exceptions. doctest then has no way
// to leave a test case at a failed REQUIRE (it would throw): it records the
// failure and goes on, and the code after the REQUIRE runs on what it found
// wrong (a disengaged optional, a view past its buffer), which under a
// sanitizer, qemu or on the Cortex-M4 board ends in a report about the test's
// own code, a fault or a hang rather than the failed check. This listener
// makes a failed REQUIRE end the program where it failed, after printing it
// and its INFO/CAPTURE context, as REQUIRE means. (Listeners run before the
// console reporter, so it prints the assertion itself.)
struct failed_require_ends_the_program : doctest::IReporter {
    explicit failed_require_ends_the_program(doctest::ContextOptions const&) {}

    void log_assert(doctest::AssertData const& ad) override
    {
        if (!ad.m_failed || (ad.m_at & doctest::assertType::is_require) == 0)
            return;
        std::printf("\n%s:%d: FATAL: REQUIRE failed: %s\n  values: %s\n", ad.m_file, ad.m_line, ad.m_expr,
                    ad.m_decomp.c_str());
        if (ad.m_test_case)
            std::printf("  in test case: %s\n", ad.m_test_case->m_name);
        auto const contexts = doctest::IReporter::get_active_contexts();
        for (int i = 0; i < doctest::IReporter::get_num_active_contexts(); ++i) {
            std::ostringstream s;
            contexts[i]->stringify(&s);
            std::printf("  with: %s\n", s.str().c_str());
        }
        std::printf("The test program stops here: the code after a REQUIRE may not run.\n");
        std::fflush(stdout);
        std::exit(EXIT_FAILURE);
    }

    void report_query(doctest::QueryData const&) override {}
    void test_run_start() override {}
    void test_run_end(doctest::TestRunStats const&) override {}
    void test_case_start(doctest::TestCaseData const&) override {}
    void test_case_reenter(doctest::TestCaseData const&) override {}
    void test_case_end(doctest::CurrentTestCaseStats const&) override {}
    void test_case_exception(doctest::TestCaseException const&) override {}
    void subcase_start(doctest::SubcaseSignature const&) override {}
    void subcase_end() override {}
    void log_message(doctest::MessageData const&) override {}
    void test_case_skipped(doctest::TestCaseData const&) override {}
};

} // namespace

REGISTER_LISTENER("failed_require_ends_the_program", 1, failed_require_ends_the_program);
