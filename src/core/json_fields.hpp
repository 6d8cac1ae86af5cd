// Internal to encounter_json.cpp: strict, path-tracking reads of nlohmann::json objects. Every
// type mismatch and unknown key becomes an EncounterFinding with its JSON path; nothing throws.
// Not thread-safe; one FieldContext per parse.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "edi/hipaa/encounter_edits.hpp"

namespace claimgate::core::detail {

using Json = nlohmann::json;

class FieldContext {
 public:
  explicit FieldContext(std::vector<edi::hipaa::EncounterFinding>* out) : out_(out) {}
  void set_prefix(std::string prefix) { prefix_ = std::move(prefix); }
  void Add(std::string_view path, std::string_view code, std::string message,
           std::string_view value = {});

 private:
  std::vector<edi::hipaa::EncounterFinding>* out_;
  std::string prefix_;
};

// "a.b", "a[2]".
std::string JoinPath(std::string_view base, std::string_view key);
std::string IndexPath(std::string_view base, std::size_t i);

// A JSON object being read. A missing object reads as empty (ok() false, no finding); a value
// of another type is a finding. Unknown keys are findings.
class JsonFields {
 public:
  JsonFields(FieldContext& ctx, const Json* j, std::string path,
             std::span<const std::string_view> known);
  JsonFields(FieldContext& ctx, const Json* j, std::string path,
             std::initializer_list<std::string_view> known)
      : JsonFields(ctx, j, std::move(path), std::span(known.begin(), known.size())) {}

  bool ok() const { return j_ != nullptr; }
  const std::string& path() const { return path_; }
  bool Has(std::string_view key) const { return Find(key) != nullptr; }

  // A string (a number is accepted for `allow_number`, written as JSON prints it).
  std::string Str(std::string_view key, bool allow_number = false) const;
  // A date string; "CCYY-MM-DD" is accepted and returned as CCYYMMDD.
  std::string Date(std::string_view key) const;
  // A decimal string like "120.00" as cents; false when absent or malformed (finding added).
  bool Amount(std::string_view key, std::int64_t* cents) const;
  // An array of strings (numbers allowed for `allow_number`).
  std::vector<std::string> StrArray(std::string_view key, bool allow_number = false) const;
  // The child object `key`.
  JsonFields Child(std::string_view key, std::span<const std::string_view> known) const;
  JsonFields Child(std::string_view key, std::initializer_list<std::string_view> known) const {
    return Child(key, std::span(known.begin(), known.size()));
  }
  // The elements of array `key` (empty and a finding when it is not an array).
  std::vector<const Json*> Array(std::string_view key) const;
  const Json* Find(std::string_view key) const;
  FieldContext& ctx() const { return ctx_; }

 private:
  FieldContext& ctx_;
  const Json* j_;
  std::string path_;
};

}  // namespace claimgate::core::detail
