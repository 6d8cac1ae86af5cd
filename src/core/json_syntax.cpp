#include "src/core/json_syntax.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace claimgate::core {
namespace {

using Json = nlohmann::json;

// Accepts every value and stops at the first syntax error, keeping its position.
struct SyntaxProbe : nlohmann::json_sax<Json> {
  std::size_t position = 0;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string&,
                   const nlohmann::detail::exception&) override {
    position = pos;
    return false;
  }
};

}  // namespace

std::size_t JsonSyntaxErrorPosition(std::string_view text) {
  SyntaxProbe probe;
  Json::sax_parse(text.begin(), text.end(), &probe, nlohmann::detail::input_format_t::json,
                  /*strict=*/true);
  return probe.position;
}

}  // namespace claimgate::core
