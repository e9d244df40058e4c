// The callgrind client requests the benchmark programs use for --callgrind
// (collect one decode, dump it under a name), or nothing where valgrind's
// header is not installed: the programs then build and time as usual.
#ifndef UVCALLS_BENCH_CALLGRIND_HPP
#define UVCALLS_BENCH_CALLGRIND_HPP

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_DUMP_STATS_AT(name) (void)(name)
#endif

#endif
