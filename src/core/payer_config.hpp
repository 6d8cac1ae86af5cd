// Payer configuration: one TOML file per payer in payers/ (every key documented in
// payers/README.md): ISA/GS identities, accepted claim types, batching limits, the transport (SFTP
// or CAQH CORE) and its settings, companion-guide rules, retry, circuit breaker and watchdog
// windows. Loaded strictly like the gateway config: every problem is "FILE: KEY.PATH: message".
// Plain values, no shared state; secrets are only referenced (SecretRef).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "edi/hipaa/encounter.hpp"
#include "src/core/config.hpp"

namespace claimgate::core {

// The claim types of edi/hipaa (837P / 837I / 837D); names via edi::hipaa::ClaimTypeName.
using ClaimType = edi::hipaa::ClaimType;
using edi::hipaa::ClaimTypeName;

struct PayerIsa {
  std::string sender_qualifier;    // ISA05, 2 characters
  std::string sender_id;           // ISA06, 1..15 characters (padded to 15)
  std::string receiver_qualifier;  // ISA07, 2 characters
  std::string receiver_id;         // ISA08, 1..15 characters (padded to 15)
  char usage = 'T';                // ISA15: T test, P production
  // The lowest ISA13 to send (1..999999999): the sequence's next number is the higher of this
  // and what the store has used, so a fresh or restored store continues above what the payer
  // has seen. Raising it skips numbers; lowering it moves nothing back.
  int64_t control_number_start = 1;
};

struct PayerGs {
  std::string sender_code;    // GS02, 2..15 characters
  std::string receiver_code;  // GS03, 2..15 characters
  int64_t control_number_start = 1;  // the lowest GS06 to send; as PayerIsa's
};

struct BatchingConfig {
  int window_seconds = 300;                     // collect claims this long before sending
  int max_claims = 5000;                        // claims (transaction sets) per interchange
  uint64_t max_interchange_bytes = 10'000'000;  // ISA..IEA size limit
};

enum class TransportKind { kSftp, kCore };
enum class AfterDownload { kDelete, kMove, kKeep };
enum class CoreEncoding { kSoap, kMime };

struct SftpTransportConfig {
  std::string host;
  uint16_t port = 22;
  std::string user;
  SecretRef key;                     // private key: file:PATH or env:NAME
  std::string host_key_fingerprint;  // "SHA256:<base64>" (OpenSSH form)
  std::string upload_dir;
  std::string file_name_pattern = "{payer}_{isa13}_{date}{time}.x12";
  std::string temp_name_pattern = "{name}.part";
  std::vector<std::string> response_dirs;
  AfterDownload after_download = AfterDownload::kKeep;
  std::string after_download_dir;  // for move:DIR
  int poll_interval_seconds = 300;
};

struct CoreTransportConfig {
  std::string url;  // https://...
  CoreEncoding encoding = CoreEncoding::kMime;
  std::string username;
  SecretRef password;
  std::string client_cert_file;
  std::string client_key_file;
  std::string ca_file;
  std::string sender_id;
  std::string receiver_id;
  int batch_results_poll_seconds = 300;
};

struct CompanionConfig {
  bool ta1_requested = false;                              // ISA14
  std::vector<std::string> required_claim_ref_qualifiers;  // SNIP 7: REF01 needed in 2300
  int max_diagnosis_codes = 12;                            // SNIP 7: HI codes per claim
  std::vector<std::string> allowed_frequency_codes;        // CLM05-3; empty = any
  std::string file_name_pattern;                           // overrides the transport's, if set
};

struct RetryConfig {
  int base_delay_seconds = 30;
  int max_delay_seconds = 3600;
  int max_attempts = 8;  // then dead letter
};

struct CircuitConfig {
  int failure_threshold = 5;
  int open_seconds = 300;
};

struct WatchdogConfig {
  int ack_999_seconds = 3600;
  int ack_277ca_seconds = 86400;
  int remit_835_days = 30;
};

struct PayerConfig {
  std::string source;  // the file it came from
  std::string id;      // [A-Za-z0-9_-]{1,64}
  std::string name;
  PayerIsa isa;
  PayerGs gs;
  std::vector<ClaimType> claim_types;
  BatchingConfig batching;
  TransportKind transport = TransportKind::kSftp;
  SftpTransportConfig sftp;
  CoreTransportConfig core;
  CompanionConfig companion;
  RetryConfig retry;
  CircuitConfig circuit;
  WatchdogConfig watchdog;

  bool Accepts(ClaimType type) const;
};

Result<PayerConfig> ParsePayerConfig(std::string_view toml_text, std::string_view source_name);
Result<PayerConfig> LoadPayerConfig(const std::string& path);

// Every *.toml file of `dir` (sorted by name), or every error of every file, plus duplicate
// payer ids naming both files.
Result<std::vector<PayerConfig>> LoadPayerDirectory(const std::string& dir);

// Replaces {isa13} {date} {time} {payer} {name} in `pattern`; unknown placeholders stay as written
// (the loader refuses them).
struct FileNameFields {
  std::string isa13, date, time, payer, name;
};
std::string ExpandFileName(std::string_view pattern, const FileNameFields& fields);

}  // namespace claimgate::core
