#include "src/core/json_syntax.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

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

// Walks the document keeping the path to the current value and each open object's keys; stops
// at the first key seen twice in one object.
class DuplicateProbe : public nlohmann::json_sax<Json> {
 public:
  std::optional<std::string> duplicate;

  bool null() override { return Value(); }
  bool boolean(bool) override { return Value(); }
  bool number_integer(number_integer_t) override { return Value(); }
  bool number_unsigned(number_unsigned_t) override { return Value(); }
  bool number_float(number_float_t, const string_t&) override { return Value(); }
  bool string(string_t&) override { return Value(); }
  bool binary(binary_t&) override { return Value(); }
  bool start_object(std::size_t) override {
    Value();
    frames_.push_back(Frame{});
    return true;
  }
  bool key(string_t& name) override {
    Frame& f = frames_.back();
    f.key = name;
    if (!f.keys.insert(name).second) {
      duplicate = Path();
      return false;
    }
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override {
    Value();
    Frame f;
    f.array = true;
    frames_.push_back(std::move(f));
    return true;
  }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  struct Frame {
    bool array = false;
    long index = -1;  // the element being read, in an array
    std::string key;  // the member being read, in an object
    std::set<std::string> keys;
  };
  // A value starts: in an array it is the next element.
  bool Value() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return true;
  }
  bool Close() {
    frames_.pop_back();
    return true;
  }
  std::string Path() const {
    std::string path;
    for (const Frame& f : frames_) {
      if (f.array) {
        path += "[" + std::to_string(f.index) + "]";
      } else {
        path += (path.empty() ? "" : ".") + f.key;
      }
    }
    return path;
  }
  std::vector<Frame> frames_;
};

}  // namespace

std::optional<std::string> JsonDuplicateKeyPath(std::string_view text) {
  DuplicateProbe probe;
  Json::sax_parse(text.begin(), text.end(), &probe, nlohmann::detail::input_format_t::json,
                  /*strict=*/true);
  return probe.duplicate;
}

std::size_t JsonSyntaxErrorPosition(std::string_view text) {
  SyntaxProbe probe;
  Json::sax_parse(text.begin(), text.end(), &probe, nlohmann::detail::input_format_t::json,
                  /*strict=*/true);
  return probe.position;
}

}  // namespace claimgate::core
