// A query string as the API's server reads it, written independently of
// Boost.URL and uvcalls so that tests and the query fuzzer can check
// uvcalls' encoding and cursor handling against it.
#ifndef UVCALLS_TESTS_FORM_QUERY_HPP
#define UVCALLS_TESTS_FORM_QUERY_HPP

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace test {

/// Django's QueryDict (Python's parse_qsl): split on '&', skip empty
/// fields, split each at its first '=', decode '+' as a space and %XX as a
/// byte; a '%' without two hex digits stays as it is. In order, repeated
/// keys kept (QueryDict.get reads the last).
inline std::vector<std::pair<std::string, std::string>> form_params(std::string_view query)
{
    auto const hex = [](char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    };
    auto const unquote_plus = [&](std::string_view s) {
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '+') {
                out += ' ';
            } else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
                out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
                i += 2;
            } else {
                out += s[i];
            }
        }
        return out;
    };
    std::vector<std::pair<std::string, std::string>> out;
    while (!query.empty()) {
        std::size_t const amp = std::min(query.find('&'), query.size());
        std::string_view const field = query.substr(0, amp);
        query.remove_prefix(std::min(amp + 1, query.size()));
        if (field.empty())
            continue;
        std::size_t const eq = std::min(field.find('='), field.size());
        out.emplace_back(unquote_plus(field.substr(0, eq)), unquote_plus(field.substr(std::min(eq + 1, field.size()))));
    }
    return out;
}

} // namespace test

#endif
