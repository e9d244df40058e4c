#!/usr/bin/env bash
# What a project that drops uvcalls into a strict build meets, with each
# compiler given:
#  1. every header under include/ compiles alone, as the first include of a
#     translation unit, with -fno-exceptions -fno-rtti and the warnings
#     below as errors;
#  2. a program of two translation units that both include every header
#     (src.hpp in one) builds with the same warnings as errors, -O2 (some
#     warnings need the optimizer), links (one definition of everything)
#     and runs: C++17 with exceptions, C++2b without exceptions and RTTI.
# Boost is a system header (-isystem): only uvcalls' own warnings count.
#
#   tests/strict/check.sh SOURCE_DIR OUT_DIR BOOST_INCLUDE_DIR CXX [CXX...]
#
# Run by CTest and meson test as strict_headers (tests/CMakeLists.txt,
# tests/meson.build).
set -euo pipefail
src=$1 out=$2 boost=$3
shift 3
warnings=(-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
          -Wcast-align -Wnull-dereference -Wdouble-promotion -Wundef -Werror)
inc=(-I"$src/include")
# -isystem /usr/include would reorder the standard library's own
# #include_next chain; there Boost is a system header already.
case $boost in ''|/usr/include|/usr/local/include) ;; *) inc+=(-isystem "$boost") ;; esac
mkdir -p "$out"

# all_headers.hpp must name every header (src.hpp aside).
status=0
for h in "$src"/include/uvcalls/*.hpp "$src"/include/uvcalls/detail/*.hpp; do
    rel=${h#"$src"/include/}
    [ "$rel" = uvcalls/src.hpp ] && continue
    if ! grep -q "^#include <$rel>" "$src/tests/strict/all_headers.hpp"; then
        echo "tests/strict/all_headers.hpp does not include <$rel>"
        status=1
    fi
done

for cxx in "$@"; do
    tag=$(basename "$cxx")
    echo "== $cxx: $("$cxx" --version | head -n 1)"
    n=0
    for h in "$src"/include/uvcalls.hpp "$src"/include/uvcalls/*.hpp "$src"/include/uvcalls/detail/*.hpp; do
        rel=${h#"$src"/include/}
        tu="$out/alone_$(echo "$rel" | tr '/.' '__').cpp"
        printf '#include <%s>\n' "$rel" > "$tu"
        if ! "$cxx" -std=c++17 -fno-exceptions -fno-rtti "${warnings[@]}" "${inc[@]}" -fsyntax-only "$tu"; then
            echo "FAILED: <$rel> alone ($cxx -std=c++17 -fno-exceptions -fno-rtti, warnings as errors)"
            status=1
        fi
        n=$((n + 1))
    done
    echo "$n headers alone: done"
    for mode in "c++17" "c++2b -fno-exceptions -fno-rtti"; do
        read -r -a flags <<<"-std=$mode"
        exe="$out/strict_${tag}_${mode%% *}"
        if "$cxx" "${flags[@]}" -O2 "${warnings[@]}" "${inc[@]}" \
               "$src/tests/strict/decode_tu.cpp" "$src/tests/strict/query_tu.cpp" -o "$exe" &&
           "$exe"; then
            echo "two translation units, -std=$mode -O2: ok"
        else
            echo "FAILED: two translation units ($cxx -std=$mode -O2, warnings as errors)"
            status=1
        fi
    done
done
exit $status
