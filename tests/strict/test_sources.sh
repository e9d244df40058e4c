#!/usr/bin/env bash
# Every test and tool source compiles with each compiler given,
# not only with the one the build uses: -std=c++17 -fno-exceptions -fno-rtti
# -Wall -Wextra as errors, syntax and templates only (-fsyntax-only), so
# that a construct one compiler takes and the other refuses (a structured
# binding captured by doctest's CAPTURE lambda, which clang refuses in
# C++17) is found before a user builds the tests with it. Run next to
# strict_headers, on the core it leaves idle.
#
#   tests/strict/test_sources.sh SOURCE_DIR BOOST_INCLUDE_DIR CXX [CXX...]
set -euo pipefail
src=$1 boost=$2
shift 2
inc=(-I"$src/include" -I"$src/tests")
case $boost in ''|/usr/include|/usr/local/include) ;; *) inc+=(-isystem "$boost") ;; esac
# The paths the build gives the tests; only their spelling matters here.
defs=(-DUVCALLS_TEST_DATA=\"data\" -DUVCALLS_SOURCE_DIR=\"src\" -DUVCALLS_SPEC_PROPERTIES=\"p\"
      -DUVCALLS_DECODE_CALLS=\"tool\" -DUVCALLS_TEST_LAUNCHER=\"\" -DUVCALLS_TEST_TMP=\"tmp\"
      -DDOCTEST_CONFIG_NO_EXCEPTIONS_BUT_WITH_ALL_ASSERTS)
flags=(-std=c++17 -fno-exceptions -fno-rtti -Wall -Wextra -Werror -fsyntax-only)
status=0
for cxx in "$@"; do
    echo "== $cxx: $("$cxx" --version | head -n 1)"
    n=0
    check() { # FILE [EXTRA FLAGS...]
        local f=$1
        shift
        if ! "$cxx" "${flags[@]}" "${inc[@]}" "${defs[@]}" "$@" "$f"; then
            echo "FAILED: ${f#"$src"/} $* ($cxx)"
            status=1
        fi
        n=$((n + 1))
    }
    for f in "$src"/tests/*.cpp "$src"/tests/support/*.cpp "$src"/examples/*.cpp; do
        # The bare-metal start-up code builds for arm-none-eabi only.
        [ "${f##*/}" = cortex_m4_vectors.cpp ] && continue
        check "$f"
    done
    # The builds with other flags (tests/CMakeLists.txt).
    check "$src/tests/decoder.cpp" -DUVCALLS_RAW_FAST_PATH=0
    case $("$cxx" -dumpmachine) in
        x86_64*|i?86*)
            check "$src/tests/utf8_validate.cpp" -mavx2 -DUVCALLS_TEST_UTF8_AVX2_IMPL
            check "$src/tests/utf8_validate.cpp" -DUVCALLS_TEST_UTF8_AVX2 ;;
    esac
    echo "$n sources: done"
done
exit $status
