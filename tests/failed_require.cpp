// A failed REQUIRE ends the test program where it failed (the listener in
// tests/support/main.cpp), although every test program is built with
// DOCTEST_CONFIG_NO_EXCEPTIONS_BUT_WITH_ALL_ASSERTS, under which doctest
// alone records the failure and runs on. The test passes only when the
// output shows the failure and not the statement after it (CTest and meson
// check the output: the program's exit status is a failure either way).
#include <doctest/doctest.h>

#include <cstdio>

TEST_CASE("a failed REQUIRE ends the program before the next statement")
{
    int const answer = 41;
    CAPTURE(answer);
    REQUIRE(answer == 42);
    std::printf("the statement after a failed REQUIRE ran\n");
}
