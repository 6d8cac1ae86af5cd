#include "src/core/payer_config.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "src/core/companion_rules.hpp"
#include "src/core/toml_section.hpp"

namespace claimgate::core {
namespace {

using detail::Section;

constexpr std::string_view kPlaceholders[] = {"isa13", "date", "time", "payer", "name"};

void StringList(Section& s, std::string_view key, std::vector<std::string>* out) {
  const toml::node* node = s.Get(key);
  if (node == nullptr) return;
  const toml::array* arr = node->as_array();
  if (arr == nullptr) {
    s.Fail(key, "must be an array of strings");
    return;
  }
  out->clear();
  for (const toml::node& item : *arr) {
    if (!item.is_string()) {
      s.Fail(key, "must be an array of strings");
      return;
    }
    out->push_back(*item.value<std::string>());
  }
}

void Required(Section& s, std::string_view key, const std::string& value) {
  if (value.empty() && s.Get(key) == nullptr) s.Fail(key, "required");
}

void Length(Section& s, std::string_view key, const std::string& value, size_t min, size_t max) {
  if (value.empty() && s.Get(key) == nullptr) return;  // reported by Required if needed
  if (value.size() < min || value.size() > max) {
    s.Fail(key, "must be " + std::to_string(min) + ".." + std::to_string(max) + " characters (is " +
                    std::to_string(value.size()) + ")");
    return;
  }
  for (char c : value) {
    if (c < 0x20 || c > 0x7e || c == '*' || c == '~' || c == ':' || c == '^') {
      s.Fail(key, "holds a character not allowed in an X12 id");
      return;
    }
  }
}

void Pattern(Section& s, std::string_view key, const std::string& pattern) {
  for (size_t pos = pattern.find('{'); pos != std::string::npos; pos = pattern.find('{', pos + 1)) {
    size_t close = pattern.find('}', pos);
    std::string_view name = close == std::string::npos
                                ? std::string_view()
                                : std::string_view(pattern).substr(pos + 1, close - pos - 1);
    if (std::find(std::begin(kPlaceholders), std::end(kPlaceholders), name) ==
        std::end(kPlaceholders)) {
      s.Fail(key, "unknown placeholder in pattern (allowed: {isa13} {date} {time} {payer} {name})");
      return;
    }
  }
  if (pattern.find('/') != std::string::npos) s.Fail(key, "must be a file name, not a path");
}

void ReadSftp(Section& s, SftpTransportConfig* c) {
  s.String("host", &c->host);
  Required(s, "host", c->host);
  s.Integer("port", &c->port, 1, 65535);
  s.String("user", &c->user);
  Required(s, "user", c->user);
  s.Secret("key_file", &c->key);
  if (c->key.empty() && s.Get("key_file") == nullptr) s.Fail("key_file", "required");
  s.String("host_key_fingerprint", &c->host_key_fingerprint);
  Required(s, "host_key_fingerprint", c->host_key_fingerprint);
  if (!c->host_key_fingerprint.empty() && !c->host_key_fingerprint.starts_with("SHA256:")) {
    s.Fail("host_key_fingerprint", "must be SHA256:<base64> as printed by ssh-keygen -l");
  }
  s.String("upload_dir", &c->upload_dir);
  Required(s, "upload_dir", c->upload_dir);
  s.String("file_name_pattern", &c->file_name_pattern);
  Pattern(s, "file_name_pattern", c->file_name_pattern);
  s.String("temp_name_pattern", &c->temp_name_pattern);
  Pattern(s, "temp_name_pattern", c->temp_name_pattern);
  StringList(s, "response_dirs", &c->response_dirs);
  if (c->response_dirs.empty()) s.Fail("response_dirs", "required (at least one directory)");
  std::string after = "keep";
  s.String("after_download", &after);
  if (after == "delete") {
    c->after_download = AfterDownload::kDelete;
  } else if (after == "keep") {
    c->after_download = AfterDownload::kKeep;
  } else if (after.starts_with("move:") && after.size() > 5) {
    c->after_download = AfterDownload::kMove;
    c->after_download_dir = after.substr(5);
  } else {
    s.Fail("after_download", "must be delete, keep or move:DIR");
  }
  s.Integer("poll_interval_seconds", &c->poll_interval_seconds, 5, 86400);
  s.Finish();
}

void ReadCore(Section& s, CoreTransportConfig* c) {
  s.String("url", &c->url);
  Required(s, "url", c->url);
  if (!c->url.empty() && !c->url.starts_with("https://")) s.Fail("url", "must start with https://");
  switch (s.Choice("encoding", {"soap", "mime"})) {
    case 0:
      c->encoding = CoreEncoding::kSoap;
      break;
    case 1:
      c->encoding = CoreEncoding::kMime;
      break;
    default:
      break;
  }
  s.String("username", &c->username);
  Required(s, "username", c->username);
  s.Secret("password", &c->password);
  if (c->password.empty() && s.Get("password") == nullptr) s.Fail("password", "required");
  s.String("client_cert_file", &c->client_cert_file);
  s.String("client_key_file", &c->client_key_file);
  if (c->client_cert_file.empty() != c->client_key_file.empty()) {
    s.Fail(c->client_cert_file.empty() ? "client_cert_file" : "client_key_file",
           "client_cert_file and client_key_file go together");
  }
  s.String("ca_file", &c->ca_file);
  s.String("sender_id", &c->sender_id);
  Required(s, "sender_id", c->sender_id);
  s.String("receiver_id", &c->receiver_id);
  Required(s, "receiver_id", c->receiver_id);
  s.Integer("batch_results_poll_seconds", &c->batch_results_poll_seconds, 5, 86400);
  s.Finish();
}

void ReadBody(Section& top, PayerConfig* p, std::string_view src, std::vector<std::string>* errs) {
  top.String("id", &p->id);
  Required(top, "id", p->id);
  if (!p->id.empty() && (p->id.size() > 64 || !std::all_of(p->id.begin(), p->id.end(), [](char c) {
                           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
                                  c == '_';
                         }))) {
    top.Fail("id", "must be 1..64 letters, digits, - or _");
  }
  top.String("name", &p->name);
  Required(top, "name", p->name);
  std::vector<std::string> types;
  StringList(top, "claim_types", &types);
  if (types.empty()) top.Fail("claim_types", "required (professional, institutional, dental)");
  for (const std::string& t : types) {
    if (t == "professional")
      p->claim_types.push_back(ClaimType::kProfessional);
    else if (t == "institutional")
      p->claim_types.push_back(ClaimType::kInstitutional);
    else if (t == "dental")
      p->claim_types.push_back(ClaimType::kDental);
    else
      top.Fail("claim_types", "unknown claim type " + t);
  }

  Section isa(top.Table("isa"), "isa", src, errs);
  if (top.Get("isa") == nullptr) top.Fail("isa", "required");
  isa.String("sender_qualifier", &p->isa.sender_qualifier);
  isa.String("sender_id", &p->isa.sender_id);
  isa.String("receiver_qualifier", &p->isa.receiver_qualifier);
  isa.String("receiver_id", &p->isa.receiver_id);
  for (auto [key, val, min, max] : {std::tuple{"sender_qualifier", &p->isa.sender_qualifier, 2, 2},
                                    {"sender_id", &p->isa.sender_id, 1, 15},
                                    {"receiver_qualifier", &p->isa.receiver_qualifier, 2, 2},
                                    {"receiver_id", &p->isa.receiver_id, 1, 15}}) {
    if (top.Get("isa") != nullptr) Required(isa, key, *val);
    Length(isa, key, *val, min, max);
  }
  switch (isa.Choice("usage", {"T", "P"})) {
    case 0:
      p->isa.usage = 'T';
      break;
    case 1:
      p->isa.usage = 'P';
      break;
    default:
      break;
  }
  isa.Integer("control_number_start", &p->isa.control_number_start, 1, 999999999);
  isa.Finish();

  Section gs(top.Table("gs"), "gs", src, errs);
  if (top.Get("gs") == nullptr) top.Fail("gs", "required");
  gs.String("sender_code", &p->gs.sender_code);
  gs.String("receiver_code", &p->gs.receiver_code);
  if (top.Get("gs") != nullptr) {
    Required(gs, "sender_code", p->gs.sender_code);
    Required(gs, "receiver_code", p->gs.receiver_code);
  }
  Length(gs, "sender_code", p->gs.sender_code, 2, 15);
  Length(gs, "receiver_code", p->gs.receiver_code, 2, 15);
  gs.Integer("control_number_start", &p->gs.control_number_start, 1, 999999999);
  gs.Finish();

  Section b(top.Table("batching"), "batching", src, errs);
  b.Integer("window_seconds", &p->batching.window_seconds, 0, 86400);
  b.Integer("max_claims", &p->batching.max_claims, 1, 5000);
  b.Integer("max_interchange_bytes", &p->batching.max_interchange_bytes, 1024, int64_t{1} << 32);
  b.Finish();

  Section t(top.Table("transport"), "transport", src, errs);
  if (top.Get("transport") == nullptr) top.Fail("transport", "required");
  const int kind = t.Choice("kind", {"sftp", "core"});
  if (kind < 0 && t.Get("kind") == nullptr && top.Get("transport") != nullptr) {
    t.Fail("kind", "required (sftp or core)");
  }
  p->transport = kind == 1 ? TransportKind::kCore : TransportKind::kSftp;
  if (kind == 0) {
    Section sftp(t.Table("sftp"), t.KeyPath("sftp"), src, errs);
    if (t.Get("sftp") == nullptr) t.Fail("sftp", "required when kind = \"sftp\"");
    ReadSftp(sftp, &p->sftp);
  } else if (kind == 1) {
    Section core(t.Table("core"), t.KeyPath("core"), src, errs);
    if (t.Get("core") == nullptr) t.Fail("core", "required when kind = \"core\"");
    ReadCore(core, &p->core);
  }
  // Only the table of the chosen kind is known; the other one is reported as unknown.
  t.Finish();

  Section c(top.Table("companion"), "companion", src, errs);
  c.Bool("ta1_requested", &p->companion.ta1_requested);
  StringList(c, "required_claim_ref_qualifiers", &p->companion.required_claim_ref_qualifiers);
  for (const std::string& q : p->companion.required_claim_ref_qualifiers) {
    if (!IsClaimReferenceQualifier(q)) {
      c.Fail("required_claim_ref_qualifiers",
             "qualifier " + q +
                 " is not one claimgate writes in loop 2300 (9F, G1, F8, 9A, 9C, "
                 "D9, EA)");
    }
  }
  c.Integer("max_diagnosis_codes", &p->companion.max_diagnosis_codes, 1, 12);
  StringList(c, "allowed_frequency_codes", &p->companion.allowed_frequency_codes);
  for (const std::string& f : p->companion.allowed_frequency_codes) {
    if (f.size() != 1 || !std::isdigit(static_cast<unsigned char>(f[0]))) {
      c.Fail("allowed_frequency_codes", "bad frequency code " + f + " (one digit)");
    }
  }
  c.String("file_name_pattern", &p->companion.file_name_pattern);
  Pattern(c, "file_name_pattern", p->companion.file_name_pattern);
  c.Finish();

  Section r(top.Table("retry"), "retry", src, errs);
  r.Integer("base_delay_seconds", &p->retry.base_delay_seconds, 1, 86400);
  r.Integer("max_delay_seconds", &p->retry.max_delay_seconds, 1, 7 * 86400);
  r.Integer("max_attempts", &p->retry.max_attempts, 1, 100);
  if (p->retry.max_delay_seconds < p->retry.base_delay_seconds) {
    r.Fail("max_delay_seconds", "must be at least base_delay_seconds");
  }
  r.Finish();

  Section cb(top.Table("circuit"), "circuit", src, errs);
  cb.Integer("failure_threshold", &p->circuit.failure_threshold, 1, 1000);
  cb.Integer("open_seconds", &p->circuit.open_seconds, 1, 86400);
  cb.Finish();

  Section w(top.Table("watchdog"), "watchdog", src, errs);
  w.Integer("ack_999_seconds", &p->watchdog.ack_999_seconds, 60, 7 * 86400);
  w.Integer("ack_277ca_seconds", &p->watchdog.ack_277ca_seconds, 60, 30 * 86400);
  w.Integer("remit_835_days", &p->watchdog.remit_835_days, 1, 365);
  w.Finish();
  top.Finish();
}

}  // namespace

bool PayerConfig::Accepts(ClaimType type) const {
  return std::find(claim_types.begin(), claim_types.end(), type) != claim_types.end();
}

Result<PayerConfig> ParsePayerConfig(std::string_view toml_text, std::string_view source_name) {
  Result<toml::table> parsed = detail::ParseTomlText(toml_text, source_name, "payer_config_syntax");
  if (!parsed) return parsed.error();
  toml::table root = std::move(parsed).value();
  PayerConfig payer;
  payer.source = std::string(source_name);
  std::vector<std::string> errors;
  Section top(&root, "", source_name, &errors);
  ReadBody(top, &payer, source_name, &errors);
  if (!errors.empty()) return Error{"payer_config_invalid", detail::JoinLines(errors)};
  return payer;
}

Result<PayerConfig> LoadPayerConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"payer_config_unreadable", path + ": cannot read"};
  std::ostringstream buf;
  buf << in.rdbuf();
  return ParsePayerConfig(buf.str(), path);
}

Result<std::vector<PayerConfig>> LoadPayerDirectory(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".toml") {
      files.push_back(entry.path().string());
    }
  }
  if (ec) return Error{"payer_dir_unreadable", dir + ": " + ec.message()};
  std::sort(files.begin(), files.end());
  std::vector<PayerConfig> payers;
  std::vector<std::string> errors;
  std::map<std::string, std::string> seen;  // id -> file
  for (const std::string& f : files) {
    Result<PayerConfig> p = LoadPayerConfig(f);
    if (!p) {
      errors.push_back(p.error().message);
      continue;
    }
    auto [it, inserted] = seen.emplace(p->id, f);
    if (!inserted) {
      errors.push_back(f + ": id: payer id " + p->id + " is also used by " + it->second);
      continue;
    }
    payers.push_back(std::move(*p));
  }
  if (!errors.empty()) return Error{"payer_config_invalid", detail::JoinLines(errors)};
  return payers;
}

std::string ExpandFileName(std::string_view pattern, const FileNameFields& f) {
  std::string out;
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      size_t close = pattern.find('}', i);
      if (close != std::string_view::npos) {
        std::string_view name = pattern.substr(i + 1, close - i - 1);
        const std::string* value = name == "isa13"   ? &f.isa13
                                   : name == "date"  ? &f.date
                                   : name == "time"  ? &f.time
                                   : name == "payer" ? &f.payer
                                   : name == "name"  ? &f.name
                                                     : nullptr;
        if (value != nullptr) {
          out += *value;
          i = close + 1;
          continue;
        }
      }
    }
    out += pattern[i++];
  }
  return out;
}

}  // namespace claimgate::core
