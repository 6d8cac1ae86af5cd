// PayerLink: what the scheduler needs from one payer connection, whatever the transport: send one
// stored interchange, resolve one whose outcome is unknown, fetch response files one at a time,
// and dispose of a response once it is imported. SftpLink (sftp_link.cpp) wraps
// transport::SftpClient, CoreLink (core_link.cpp) wraps transport::CoreClient. Calls block
// (network I/O with deadlines): call them from the payer's worker thread. Not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "edi/result.hpp"
#include "src/core/payer_config.hpp"

namespace claimgate::pipeline {

// One stored interchange as the link sees it (bytes are sent as-is, never rebuilt).
struct OutboundFile {
  std::string interchange_id;
  std::string file_name;
  std::string bytes;
  std::vector<core::ClaimType> claim_types;  // of its groups, in order (CORE PayloadType)
  int64_t last_attempt_ms = 0;               // when the last send started (CORE resend guard)
};

struct SendResult {
  enum class Kind {
    kDelivered,  // the payer has it under its final name / accepted the submission
    kUnknown,    // the connection dropped after the commit point could have been passed
    kFailed,     // not delivered
  };
  Kind kind = Kind::kFailed;
  bool retryable = true;  // kFailed: false = retrying cannot help (dead letter now)
  bool blocked = false;   // the payer must be blocked (changed host key): nothing was sent
  std::string reason;     // PHI-free, for logs and operators
  std::string payload_id;  // CORE PayloadID used (for logs); empty for SFTP
};

struct ResolveResult {
  enum class Kind {
    kDelivered,  // it arrived: treat as SENT
    kAbsent,     // it did not arrive: send it again (same bytes, same name)
    kConflict,   // something else is under its name: stop, an operator decides
    kNotYet,     // cannot tell yet (CORE: the 90 s resend window has not passed)
    kError,      // the payer could not be asked (connection down); try again later
  };
  Kind kind = Kind::kError;
  bool blocked = false;
  // CORE: the bytes were sent again to find out. kAbsent: the payer refused them definitely (a
  // failed send: backoff applies); kError: that send's outcome is unknown too (the 90 s window
  // restarts from now).
  bool attempted = false;
  std::string reason;
};

struct ResponseFile {
  std::string name;  // remote path (SFTP) or "<kind>_<PayloadID>" (CORE); no PHI
  std::string bytes;
};

struct ConnectResult {
  bool ok = false;
  bool blocked = false;  // host key mismatch: the payer is blocked until an operator resumes it
  std::string reason;
  bool probed = true;  // false: nothing was tried (CORE), so ok says nothing about the payer
};

class PayerLink {
 public:
  virtual ~PayerLink() = default;
  // Opens (or keeps) the connection. SFTP: TCP + SSH + pinned host key + auth; CORE: nothing.
  virtual ConnectResult Connect() = 0;
  virtual bool connected() const = 0;
  virtual SendResult Send(const OutboundFile& file) = 0;
  virtual ResolveResult Resolve(const OutboundFile& file) = 0;
  // The next response file waiting at the payer; nullopt ends a pass (nothing more was seen).
  // At most one fetched file exists at a time: the caller imports it durably (and calls Done)
  // before it calls FetchNext again, because a CORE payer hands a file out only once, so a file
  // fetched but not stored is lost at a crash. SFTP: the first call of a pass lists every
  // response dir (names only; skipping "." and ".part" names; oldest first), each call then
  // downloads one listed file (files stay on the server until Done). CORE: one acknowledgment
  // retrieval per call until none is pending, then batch results the same way. After an error
  // the next call starts a new pass.
  virtual edi::Result<std::optional<ResponseFile>> FetchNext() = 0;
  // After the import of `name` is durable: SFTP applies after_download; CORE: nothing to do.
  virtual edi::Result<void> Done(const std::string& name) = 0;
  virtual void Close() = 0;
};

// The link for the payer's configured transport. Secrets (key file, password) are resolved here;
// a missing secret is an error naming the payer file and key.
edi::Result<std::unique_ptr<PayerLink>> MakePayerLink(const core::PayerConfig& payer);
edi::Result<std::unique_ptr<PayerLink>> MakeSftpLink(const core::PayerConfig& payer);
edi::Result<std::unique_ptr<PayerLink>> MakeCoreLink(const core::PayerConfig& payer);
// The same with each CORE exchange's deadline set (connect, TLS, write, read; default 30 s).
edi::Result<std::unique_ptr<PayerLink>> MakeCoreLink(const core::PayerConfig& payer,
                                                     std::chrono::milliseconds exchange_timeout);

// CORE PayloadID of an interchange: a UUID (v4 layout) derived from the SHA-256 of its bytes, so
// every send of the same interchange carries the same PayloadID, also after a restart.
std::string StablePayloadId(std::string_view bytes);
// CORE PayloadType of a batch submission: the first claim type's guide.
std::string SubmissionPayloadType(const std::vector<core::ClaimType>& types);

}  // namespace claimgate::pipeline
