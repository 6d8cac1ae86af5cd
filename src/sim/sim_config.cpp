#include "src/sim/sim_config.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "src/core/toml_section.hpp"

namespace claimgate::sim {
namespace {

using Section = core::detail::Section;

void Strings(Section& s, std::string_view key, std::vector<std::string>* out) {
  const toml::node* node = s.Get(key);
  if (node == nullptr) return;
  const toml::array* array = node->as_array();
  std::vector<std::string> values;
  bool ok = array != nullptr;
  if (ok) {
    for (const toml::node& item : *array) {
      if (!item.is_string()) {
        ok = false;
        break;
      }
      values.push_back(*item.value<std::string>());
    }
  }
  if (!ok) {
    s.Fail(key, "must be an array of strings");
    return;
  }
  *out = std::move(values);
}

void ReadRules(const toml::table* t, std::string_view source, std::vector<std::string>* errors,
               AdjudicationRules* r) {
  Section s(t, "adjudication", source, errors);
  s.Integer("allowed_percent", &r->allowed_percent, 0, 100);
  s.Integer("coinsurance_percent", &r->coinsurance_percent, 0, 100);
  Strings(s, "deny_procedures", &r->deny_procedures);
  s.String("deny_member_prefix", &r->deny_member_prefix);
  s.String("reject_member_prefix", &r->reject_member_prefix);
  Strings(s, "reject_billing_npis", &r->reject_billing_npis);
  s.Bool("always_ta1", &r->always_ta1);
  s.String("payer_name", &r->payer_name);
  s.String("payer_id", &r->payer_id);
  s.String("payer_tax_id", &r->payer_tax_id);
  s.Finish();
}

void ReadFaults(const toml::table* t, std::string_view source, std::vector<std::string>* errors,
                FaultConfig* f) {
  constexpr int kMaxMs = 3'600'000;
  Section s(t, "faults", source, errors);
  s.Integer("delay_ack_ms", &f->delay_ack_ms, 0, kMaxMs);
  s.Bool("drop_ack", &f->drop_ack);
  s.Bool("duplicate_ack", &f->duplicate_ack);
  s.Bool("reject_all", &f->reject_all);
  s.Bool("remit_before_277ca", &f->remit_before_277ca);
  s.Integer("http_5xx_first_n", &f->http_5xx_first_n, 0, 1'000'000);
  s.Integer("http_5xx_every_n", &f->http_5xx_every_n, 0, 1'000'000);
  s.Integer("cut_connection_ms", &f->cut_connection_ms, 0, kMaxMs);
  s.Bool("change_host_key", &f->change_host_key);
  s.Finish();
}

void ReadSftp(const toml::table* t, std::string_view source, std::vector<std::string>* errors,
              SftpSideConfig* c) {
  Section s(t, "sftp", source, errors);
  s.Bool("enabled", &c->enabled);
  s.Bool("manage_sshd", &c->manage_sshd);
  s.String("sshd_path", &c->sshd_path);
  s.String("address", &c->address);
  s.Integer("port", &c->port, 0, 65535);
  s.String("user", &c->user);
  s.String("authorized_key_file", &c->authorized_key_file);
  s.String("root", &c->root);
  s.String("inbound_dir", &c->inbound_dir);
  s.String("outbound_dir", &c->outbound_dir);
  s.Integer("poll_ms", &c->poll_ms, 10, 600'000);
  s.Finish();
  if (c->enabled && c->manage_sshd && c->authorized_key_file.empty()) {
    s.Fail("authorized_key_file", "is required when manage_sshd is true");
  }
  if (c->enabled && !c->manage_sshd && c->root.empty()) {
    s.Fail("root", "is required when manage_sshd is false (the existing server's folder)");
  }
}

void ReadCore(const toml::table* t, std::string_view source, std::vector<std::string>* errors,
              CoreSideConfig* c) {
  Section s(t, "core", source, errors);
  s.Bool("enabled", &c->enabled);
  s.String("address", &c->address);
  s.Integer("port", &c->port, 0, 65535);
  s.String("cert_file", &c->cert_file);
  s.String("key_file", &c->key_file);
  s.String("username", &c->username);
  s.String("password_env", &c->password_env);
  s.String("receiver_id", &c->receiver_id);
  s.Finish();
  if (!c->enabled) return;
  const char* password = std::getenv(c->password_env.c_str());
  if (password == nullptr || *password == '\0') {
    s.Fail("password_env", "environment variable " + c->password_env + " is not set");
  } else {
    c->password = password;
  }
}

}  // namespace

edi::Result<SimConfig> ParseSimConfig(std::string_view toml_text, std::string_view source_name) {
  // Start-up config: toml++ reports syntax errors by exception (STYLE.md allows them here).
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    std::ostringstream m;
    m << source_name << ": " << e.description() << " (line " << e.source().begin.line << ")";
    return edi::Error{"config", m.str()};
  }
  std::vector<std::string> errors;
  SimConfig config;
  Section top(&root, "", source_name, &errors);
  top.String("state_dir", &config.state_dir);
  top.Integer("delay_277ca_ms", &config.delay_277ca_ms, 0, 86'400'000);
  top.Integer("delay_835_ms", &config.delay_835_ms, 0, 86'400'000);
  ReadRules(top.Table("adjudication"), source_name, &errors, &config.rules);
  ReadFaults(top.Table("faults"), source_name, &errors, &config.faults);
  ReadSftp(top.Table("sftp"), source_name, &errors, &config.sftp);
  ReadCore(top.Table("core"), source_name, &errors, &config.core);
  top.Finish();
  if (config.state_dir.empty()) top.Fail("state_dir", "must not be empty");
  if (!errors.empty()) {
    std::string message;
    for (const std::string& e : errors) message += (message.empty() ? "" : "\n") + e;
    return edi::Error{"config", message};
  }
  if (config.sftp.root.empty()) config.sftp.root = config.state_dir + "/sftp";
  return config;
}

edi::Result<SimConfig> LoadSimConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return edi::Error{"config", path + ": cannot read the file"};
  std::ostringstream text;
  text << in.rdbuf();
  return ParseSimConfig(text.str(), path);
}

}  // namespace claimgate::sim
