#include <uvcalls.hpp>
#include <uvcalls/src.hpp>

#include <cstdio>

int main()
{
    uvcalls::error_code ec = uvcalls::error::arena_full;
    std::printf("consumer: found uvcalls, %s\n", ec.message().c_str());
    return ec == uvcalls::condition::limit ? 0 : 1;
}
