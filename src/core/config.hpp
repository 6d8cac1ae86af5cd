// The gateway configuration: plain structs with documented defaults, read once at start-up from a
// TOML file (every key is documented in deploy/claimgate.toml) and validated strictly: an unknown
// key, a wrong type, an out-of-range value or a missing certificate file is an error naming the
// file and the key path. The result is a value passed down as `const&`; it holds no secrets, only
// references to them (SecretRef). Plain values, no shared state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "edi/result.hpp"

namespace claimgate::core {

template <typename T>
using Result = edi::Result<T>;
using Error = edi::Error;

// Where a secret lives: `file:PATH` (the file's content, trailing newline removed) or `env:NAME`.
// A secret is never written in the config file itself.
struct SecretRef {
  enum class Kind { kNone, kFile, kEnv };
  Kind kind = Kind::kNone;
  std::string location;  // the path or the variable name

  bool empty() const { return kind == Kind::kNone; }
  std::string ToString() const;  // "file:PATH", "env:NAME" or "" (never the secret's value)
};

// Parses "file:PATH" or "env:NAME". Anything else is an error (an inline secret is refused).
Result<SecretRef> ParseSecretRef(std::string_view text);

// Reads the secret a reference points to. Errors name the reference, never a value.
Result<std::string> ReadSecret(const SecretRef& ref);

enum class ClientCertMode { kOff, kOptional, kRequired };
enum class LogFormat { kText, kJournal };

struct TlsConfig {
  std::string cert_file;  // PEM server certificate chain; required unless server.plain_http
  std::string key_file;   // PEM private key of cert_file
  std::string ca_file;    // PEM CA bundle that signs client certificates; required when
                          // client_cert is optional or required
  ClientCertMode client_cert = ClientCertMode::kOff;
};

struct ServerConfig {
  std::string address = "127.0.0.1";  // IPv4 or IPv6 literal to listen on
  uint16_t port = 8443;               // 0 = any free port (tests)
  int io_threads = 2;                 // threads running the sockets (1..64)
  int worker_threads = 64;            // threads for blocking work: SQLite, files (1..256)
  bool plain_http = false;            // HTTP without TLS; refused unless address is loopback
  int shutdown_grace_ms = 10000;      // how long in-flight requests may finish on SIGTERM
  TlsConfig tls;
};

struct LimitsConfig {
  uint64_t header_bytes = 16 * 1024;            // request line + headers
  uint64_t body_bytes = 1024 * 1024;            // body of ordinary routes (JSON)
  uint64_t bulk_body_bytes = 64 * 1024 * 1024;  // body of bulk routes (X12, batches, files)
  int request_timeout_ms = 30000;               // first byte of a request to its last byte
  int handshake_timeout_ms = 5000;              // accept to the end of the TLS handshake
  int idle_timeout_ms = 60000;                  // keep-alive wait for the next request
  int connections_per_ip = 64;                  // open connections from one client address
  int max_connections = 1024;                   // open connections in total
  int batch_items = 1000;                       // encounters in one POST /v1/claims/batch
};

struct StoreConfig {
  std::string path = "var/claimgate.db";  // SQLite file; its directory must be writable
  SecretRef encryption_key;               // 32-byte key (64 hex digits) for PHI at rest
};

struct LogConfig {
  std::string level = "info";           // trace, debug, info, warn, error, critical, off
  LogFormat format = LogFormat::kText;  // text: with time stamps; journal: for systemd
};

struct PayersConfig {
  std::string dir = "payers";  // one TOML file per payer (payers/README.md); missing = none
  bool enabled = true;         // false: no payer connections (API-only gateway)
  int tick_ms = 1000;          // how often each payer's scheduler loop wakes up (50..60000)
};

struct GatewayConfig {
  ServerConfig server;
  LimitsConfig limits;
  StoreConfig store;
  LogConfig log;
  PayersConfig payers;
};

// Reads and validates a config file. Relative paths in it are taken relative to the working
// directory (systemd: WorkingDirectory=). The error message holds one line per problem, each
// "FILE: KEY.PATH: what is wrong".
Result<GatewayConfig> LoadConfig(const std::string& path);

// The same from text; `source_name` is used in messages.
Result<GatewayConfig> ParseConfig(std::string_view toml_text, std::string_view source_name);

// True for 127.0.0.0/8 and ::1 literals (the only addresses where plain HTTP is allowed).
bool IsLoopbackAddress(std::string_view address);

}  // namespace claimgate::core
