#include "src/core/json_fields.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace claimgate::core::detail {
namespace {

std::string_view TypeName(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "a number";
    default:
      return "another type";
  }
}

}  // namespace

void FieldContext::Add(std::string_view path, std::string_view code, std::string message,
                       std::string_view value) {
  edi::hipaa::EncounterFinding f;
  f.path = prefix_;
  f.path.append(path);
  f.code = code;
  f.message = std::move(message);
  f.value = value;
  out_->push_back(std::move(f));
}

std::string JoinPath(std::string_view base, std::string_view key) {
  std::string p(base);
  if (!p.empty()) p.push_back('.');
  p.append(key);
  return p;
}

std::string IndexPath(std::string_view base, std::size_t i) {
  return std::string(base) + "[" + std::to_string(i) + "]";
}

JsonFields::JsonFields(FieldContext& ctx, const Json* j, std::string path,
                       std::span<const std::string_view> known)
    : ctx_(ctx), j_(j), path_(std::move(path)) {
  if (j_ == nullptr) return;
  if (!j_->is_object()) {
    ctx_.Add(path_, "json_type", "expected an object, found " + std::string(TypeName(*j_)) + ".");
    j_ = nullptr;
    return;
  }
  for (const auto& [key, value] : j_->items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      ctx_.Add(JoinPath(path_, key), "unknown_field",
               "claimgate does not know this field; check its spelling or remove it.");
    }
  }
}

const Json* JsonFields::Find(std::string_view key) const {
  if (j_ == nullptr) return nullptr;
  auto it = j_->find(std::string(key));
  if (it == j_->end() || it->is_null()) return nullptr;
  return &*it;
}

std::string JsonFields::Str(std::string_view key, bool allow_number) const {
  const Json* v = Find(key);
  if (v == nullptr) return {};
  if (v->is_string()) return v->get<std::string>();
  if (allow_number && (v->is_number_integer() || v->is_number_unsigned())) return v->dump();
  ctx_.Add(JoinPath(path_, key), "json_type",
           "expected a string, found " + std::string(TypeName(*v)) + ".");
  return {};
}

std::string JsonFields::Date(std::string_view key) const {
  std::string s = Str(key);
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    s.erase(7, 1);
    s.erase(4, 1);
  }
  return s;
}

bool JsonFields::Amount(std::string_view key, std::int64_t* cents) const {
  const Json* v = Find(key);
  if (v == nullptr) return false;
  std::string path = JoinPath(path_, key);
  const std::string kExpected = "expected a decimal string like \"120.00\"";
  if (!v->is_string()) {
    ctx_.Add(path, "json_type", kExpected + ", found " + std::string(TypeName(*v)) + ".");
    return false;
  }
  const std::string& s = v->get_ref<const std::string&>();
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && s[i] == '-') {
    negative = true;
    ++i;
  }
  std::int64_t whole = 0;
  std::size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 13) {
    whole = whole * 10 + (s[i] - '0');
    ++i;
    ++digits;
  }
  std::int64_t frac = 0;
  std::size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && frac_digits < 2) {
      frac = frac * 10 + (s[i] - '0');
      ++i;
      ++frac_digits;
    }
    if (frac_digits == 0) digits = 0;
  }
  if (digits == 0 || i != s.size()) {
    ctx_.Add(path, "json_type", kExpected + ".", s);
    return false;
  }
  if (frac_digits == 1) frac *= 10;
  *cents = (whole * 100 + frac) * (negative ? -1 : 1);
  return true;
}

std::vector<std::string> JsonFields::StrArray(std::string_view key, bool allow_number) const {
  std::vector<std::string> out;
  const Json* v = Find(key);
  if (v == nullptr) return out;
  std::string path = JoinPath(path_, key);
  if (!v->is_array()) {
    ctx_.Add(path, "json_type", "expected an array, found " + std::string(TypeName(*v)) + ".");
    return out;
  }
  for (std::size_t i = 0; i < v->size(); ++i) {
    const Json& e = (*v)[i];
    if (e.is_string()) {
      out.push_back(e.get<std::string>());
    } else if (allow_number && (e.is_number_integer() || e.is_number_unsigned())) {
      out.push_back(e.dump());
    } else {
      ctx_.Add(IndexPath(path, i), "json_type",
               "expected a string, found " + std::string(TypeName(e)) + ".");
    }
  }
  return out;
}

JsonFields JsonFields::Child(std::string_view key, std::span<const std::string_view> known) const {
  return JsonFields(ctx_, Find(key), JoinPath(path_, key), known);
}

std::vector<const Json*> JsonFields::Array(std::string_view key) const {
  std::vector<const Json*> out;
  const Json* v = Find(key);
  if (v == nullptr) return out;
  if (!v->is_array()) {
    ctx_.Add(JoinPath(path_, key), "json_type",
             "expected an array, found " + std::string(TypeName(*v)) + ".");
    return out;
  }
  out.reserve(v->size());
  for (const Json& e : *v) out.push_back(&e);
  return out;
}

}  // namespace claimgate::core::detail
