// The benchmark's peers: the same page decoded into the std model
// (std_model.hpp) by the code a user would write with another JSON
// library. Each converts every field of every call; each throws on input
// it cannot convert. One translation unit per library.
#ifndef UVCALLS_BENCH_PEERS_HPP
#define UVCALLS_BENCH_PEERS_HPP

#include "std_model.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace peers {

/// boost::json::parse, then value -> std model (object::if_contains per member).
void boost_json_decode(std::string_view json, stdm::paginated_call_list& out);

/// The ceiling: boost::json::basic_parser with a handler that does
/// nothing (Boost's own string loop and UTF-8 check).
/// The parser is kept between pages, as uvcalls' is.
class boost_json_null_parser {
public:
    boost_json_null_parser();
    ~boost_json_null_parser();
    /// False when the input is not one valid JSON document. `chunk` 0
    /// feeds it at once, else in chunks of that size, as uvcalls' chunked
    /// row is fed (the parser suspends and resumes at each boundary).
    bool parse(std::string_view json, std::size_t chunk = 0);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// The ceiling for page_decoder's handler: the parser page_decoder runs
/// (Boost.JSON's basic_parser with uvcalls' parse options, which let
/// invalid UTF-8 through; uvcalls' parse_escaped,
/// detail/parse_escaped_boost_1_81.ipp; uvcalls' UTF-8 check of each chunk
/// before the parser reads it) with a handler that does nothing.
class uvcalls_parser_null {
public:
    uvcalls_parser_null();
    ~uvcalls_parser_null();
    /// As boost_json_null_parser::parse.
    bool parse(std::string_view json, std::size_t chunk = 0);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// nlohmann::json::parse, then json -> std model (find per member).
void nlohmann_decode(std::string_view json, stdm::paginated_call_list& out);

/// simdjson's on-demand API straight into the std model (a loop over each
/// object's fields, one key compare per member until a match). The parser
/// is kept between pages, as simdjson recommends. `json` must be followed
/// by `padding` readable bytes (simdjson::SIMDJSON_PADDING, 64, at least).
class simdjson_decoder {
public:
    simdjson_decoder();
    ~simdjson_decoder();
    void decode(char const* json, std::size_t size, std::size_t capacity, stdm::paginated_call_list& out);
    /// simdjson's kernels: the one on-demand was compiled for ("haswell",
    /// "icelake", "fallback" without -march flags) and the active one.
    std::string implementation() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace peers

#endif
