#include "src/core/config.hpp"

#include "src/core/toml_section.hpp"

#include <arpa/inet.h>
#include <sys/stat.h>

#include <toml++/toml.h>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <vector>

namespace claimgate::core {
namespace {

using detail::Section;

bool FileReadable(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

void CheckFile(Section& s, std::string_view key, const std::string& path, bool required) {
  if (path.empty()) {
    if (required) s.Fail(key, "required");
    return;
  }
  if (!FileReadable(path)) s.Fail(key, "file not found: " + path);
}

void ReadServer(Section& s, ServerConfig* c, std::string_view source,
                std::vector<std::string>* errors) {
  s.String("address", &c->address);
  s.Integer("port", &c->port, 0, 65535);
  s.Integer("io_threads", &c->io_threads, 1, 64);
  s.Integer("worker_threads", &c->worker_threads, 1, 256);
  s.Bool("plain_http", &c->plain_http);
  s.Integer("shutdown_grace_ms", &c->shutdown_grace_ms, 0, 600000);
  unsigned char buf[sizeof(in6_addr)];
  const bool is_ip = ::inet_pton(AF_INET, c->address.c_str(), buf) == 1 ||
                     ::inet_pton(AF_INET6, c->address.c_str(), buf) == 1;
  if (!is_ip) s.Fail("address", "must be an IPv4 or IPv6 address literal");
  if (c->plain_http && is_ip && !IsLoopbackAddress(c->address)) {
    s.Fail("plain_http",
           "allowed only on a loopback address (server.address is " + c->address + ")");
  }

  Section tls(s.Table("tls"), s.KeyPath("tls"), source, errors);
  tls.String("cert_file", &c->tls.cert_file);
  tls.String("key_file", &c->tls.key_file);
  tls.String("ca_file", &c->tls.ca_file);
  switch (tls.Choice("client_cert", {"off", "optional", "required"})) {
    case 0:
      c->tls.client_cert = ClientCertMode::kOff;
      break;
    case 1:
      c->tls.client_cert = ClientCertMode::kOptional;
      break;
    case 2:
      c->tls.client_cert = ClientCertMode::kRequired;
      break;
    default:
      break;
  }
  if (!c->plain_http) {
    CheckFile(tls, "cert_file", c->tls.cert_file, true);
    CheckFile(tls, "key_file", c->tls.key_file, true);
    CheckFile(tls, "ca_file", c->tls.ca_file, c->tls.client_cert != ClientCertMode::kOff);
  }
  tls.Finish();
}

void ReadLimits(Section& s, LimitsConfig* c) {
  constexpr int64_t kMaxBody = int64_t{4} * 1024 * 1024 * 1024;
  s.Integer("header_bytes", &c->header_bytes, 1024, 1024 * 1024);
  s.Integer("body_bytes", &c->body_bytes, 0, kMaxBody);
  s.Integer("bulk_body_bytes", &c->bulk_body_bytes, 0, kMaxBody);
  s.Integer("request_timeout_ms", &c->request_timeout_ms, 100, 3600000);
  s.Integer("handshake_timeout_ms", &c->handshake_timeout_ms, 100, 3600000);
  s.Integer("idle_timeout_ms", &c->idle_timeout_ms, 100, 3600000);
  s.Integer("connections_per_ip", &c->connections_per_ip, 1, 1000000);
  s.Integer("max_connections", &c->max_connections, 1, 1000000);
  s.Integer("batch_items", &c->batch_items, 1, 100000);
}

}  // namespace

std::string SecretRef::ToString() const {
  switch (kind) {
    case Kind::kFile:
      return "file:" + location;
    case Kind::kEnv:
      return "env:" + location;
    case Kind::kNone:
      break;
  }
  return "";
}

Result<SecretRef> ParseSecretRef(std::string_view text) {
  SecretRef ref;
  if (text.starts_with("file:") && text.size() > 5) {
    ref.kind = SecretRef::Kind::kFile;
    ref.location = std::string(text.substr(5));
    return ref;
  }
  if (text.starts_with("env:") && text.size() > 4) {
    ref.kind = SecretRef::Kind::kEnv;
    ref.location = std::string(text.substr(4));
    for (char ch : ref.location) {
      if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_')) {
        return Error{"bad_secret_ref", "env: needs a variable name (letters, digits, _)"};
      }
    }
    return ref;
  }
  return Error{"bad_secret_ref",
               "must be file:PATH or env:NAME (a secret is never written in the config)"};
}

Result<std::string> ReadSecret(const SecretRef& ref) {
  switch (ref.kind) {
    case SecretRef::Kind::kNone:
      return Error{"secret_missing", "no secret configured"};
    case SecretRef::Kind::kEnv: {
      const char* v = std::getenv(ref.location.c_str());
      if (v == nullptr || *v == '\0') {
        return Error{"secret_missing", "environment variable " + ref.location + " is not set"};
      }
      return std::string(v);
    }
    case SecretRef::Kind::kFile: {
      std::ifstream in(ref.location, std::ios::binary);
      if (!in) return Error{"secret_missing", "cannot read secret file " + ref.location};
      std::ostringstream buf;
      buf << in.rdbuf();
      std::string s = buf.str();
      while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
      if (s.empty()) return Error{"secret_missing", "secret file " + ref.location + " is empty"};
      return s;
    }
  }
  return Error{"secret_missing", "no secret configured"};
}

bool IsLoopbackAddress(std::string_view address) {
  std::string a(address);
  unsigned char buf[sizeof(in6_addr)];
  if (::inet_pton(AF_INET, a.c_str(), buf) == 1) return buf[0] == 127;
  if (::inet_pton(AF_INET6, a.c_str(), buf) == 1) {
    in6_addr addr{};
    std::memcpy(&addr, buf, sizeof(addr));
    return IN6_IS_ADDR_LOOPBACK(&addr);
  }
  return false;
}

Result<GatewayConfig> ParseConfig(std::string_view toml_text, std::string_view source_name) {
  Result<toml::table> parsed = detail::ParseTomlText(toml_text, source_name, "config_syntax");
  if (!parsed) return parsed.error();
  toml::table root = std::move(parsed).value();

  GatewayConfig config;
  std::vector<std::string> errors;
  Section top(&root, "", source_name, &errors);

  Section server(top.Table("server"), "server", source_name, &errors);
  ReadServer(server, &config.server, source_name, &errors);
  server.Finish();

  Section limits(top.Table("limits"), "limits", source_name, &errors);
  ReadLimits(limits, &config.limits);
  limits.Finish();

  Section store(top.Table("store"), "store", source_name, &errors);
  store.String("path", &config.store.path);
  if (config.store.path.empty()) store.Fail("path", "must not be empty");
  store.Secret("encryption_key", &config.store.encryption_key);
  store.Finish();

  Section log(top.Table("log"), "log", source_name, &errors);
  log.String("level", &config.log.level);
  static const std::set<std::string> kLevels = {"trace", "debug",    "info", "warn",
                                                "error", "critical", "off"};
  if (kLevels.count(config.log.level) == 0) {
    log.Fail("level", "must be one of: trace, debug, info, warn, error, critical, off");
  }
  switch (log.Choice("format", {"text", "journal"})) {
    case 0:
      config.log.format = LogFormat::kText;
      break;
    case 1:
      config.log.format = LogFormat::kJournal;
      break;
    default:
      break;
  }
  log.Finish();

  Section payers(top.Table("payers"), "payers", source_name, &errors);
  payers.String("dir", &config.payers.dir);
  if (config.payers.dir.empty()) payers.Fail("dir", "must not be empty");
  payers.Bool("enabled", &config.payers.enabled);
  payers.Integer("tick_ms", &config.payers.tick_ms, 50, 60000);
  payers.Finish();

  top.Finish();
  if (!errors.empty()) return Error{"config_invalid", detail::JoinLines(errors)};
  return config;
}

Result<GatewayConfig> LoadConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"config_unreadable", path + ": cannot open the config file"};
  std::ostringstream buf;
  buf << in.rdbuf();
  return ParseConfig(buf.str(), path);
}

}  // namespace claimgate::core
