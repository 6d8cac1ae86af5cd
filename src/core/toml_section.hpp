// TomlSection: reads the keys of one TOML table into a config struct for the strict config
// loaders (gateway config, payer files): marks keys known, reports unknown keys, wrong types and
// out-of-range values as "SOURCE: KEY.PATH: message" lines. Header-only, internal to src/core.
// Not thread-safe; one instance per table while loading.
#pragma once

#include <toml++/toml.h>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "src/core/config.hpp"

namespace claimgate::core::detail {

// Parses `text` as TOML. A syntax error is Error{`code`, "SOURCE:LINE:COLUMN: description"}.
inline Result<toml::table> ParseTomlText(std::string_view text, std::string_view source,
                                         std::string_view code) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << source << ":" << e.source().begin.line << ":" << e.source().begin.column << ": "
        << e.description();
    return Error{std::string(code), msg.str()};
  }
}

// The collected "SOURCE: KEY.PATH: message" lines as one message, one per line.
inline std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) {
    if (!out.empty()) out += '\n';
    out += line;
  }
  return out;
}

// Reads the keys of one TOML table into a struct, remembering which keys it knew, so that every
// key left over is reported as unknown. Problems are appended to `errors` and reading goes on, so
// one run reports every mistake in the file.
class Section {
 public:
  Section(const toml::table* table, std::string path, std::string_view source,
          std::vector<std::string>* errors)
      : table_(table), path_(std::move(path)), source_(source), errors_(errors) {}

  std::string KeyPath(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  void Fail(std::string_view key, std::string_view message) {
    std::string line(source_);
    line += ": ";
    line += KeyPath(key);
    line += ": ";
    line += message;
    errors_->push_back(std::move(line));
  }

  // Returns the node for `key` (marking it known) or nullptr when absent.
  const toml::node* Get(std::string_view key) {
    known_.insert(std::string(key));
    return table_ == nullptr ? nullptr : table_->get(key);
  }

  void String(std::string_view key, std::string* out) {
    const toml::node* node = Get(key);
    if (node == nullptr) return;
    if (auto v = node->value<std::string>(); v && node->is_string()) {
      *out = *v;
    } else {
      Fail(key, "must be a string");
    }
  }

  void Bool(std::string_view key, bool* out) {
    const toml::node* node = Get(key);
    if (node == nullptr) return;
    if (node->is_boolean()) {
      *out = *node->value<bool>();
    } else {
      Fail(key, "must be true or false");
    }
  }

  template <typename Int>
  void Integer(std::string_view key, Int* out, int64_t min, int64_t max) {
    const toml::node* node = Get(key);
    if (node == nullptr) return;
    if (!node->is_integer()) {
      Fail(key, "must be an integer");
      return;
    }
    int64_t v = *node->value<int64_t>();
    if (v < min || v > max) {
      Fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) + " (is " +
                    std::to_string(v) + ")");
      return;
    }
    *out = static_cast<Int>(v);
  }

  // One of `choices`; returns the index chosen, or -1 (absent or wrong).
  int Choice(std::string_view key, const std::vector<std::string_view>& choices) {
    const toml::node* node = Get(key);
    if (node == nullptr) return -1;
    std::string allowed;
    for (size_t i = 0; i < choices.size(); ++i) {
      if (node->is_string() && *node->value<std::string>() == choices[i]) {
        return static_cast<int>(i);
      }
      allowed += (i == 0 ? "" : ", ");
      allowed += choices[i];
    }
    Fail(key, "must be one of: " + allowed);
    return -1;
  }

  void Secret(std::string_view key, SecretRef* out) {
    std::string text;
    const size_t before = errors_->size();
    String(key, &text);
    if (errors_->size() != before || Get(key) == nullptr) return;
    Result<SecretRef> ref = ParseSecretRef(text);
    if (ref) {
      *out = *ref;
    } else {
      Fail(key, ref.error().message);
    }
  }

  // A sub-table; absent is fine (defaults), another type is an error.
  const toml::table* Table(std::string_view key) {
    const toml::node* node = Get(key);
    if (node == nullptr) return nullptr;
    if (!node->is_table()) {
      Fail(key, "must be a table");
      return nullptr;
    }
    return node->as_table();
  }

  // Reports every key of the table that no reader asked for.
  void Finish() {
    if (table_ == nullptr) return;
    for (auto&& [k, v] : *table_) {
      if (known_.count(std::string(k.str())) == 0) Fail(k.str(), "unknown key");
    }
  }

 private:
  const toml::table* table_;
  std::string path_;
  std::string_view source_;
  std::vector<std::string>* errors_;
  std::set<std::string> known_;
};

}  // namespace claimgate::core::detail
