// SftpClient: one SFTP session (libssh2 in non-blocking mode over an Asio TCP socket) that moves
// named byte blobs; it knows nothing about claims. The client owns its socket, libssh2 session and
// a private io_context that drives every EAGAIN wait with a deadline, so each call blocks the
// calling thread: call it from a worker thread, never from an io_context thread that serves
// requests (STYLE.md, Async). Not thread-safe: one client per worker (one session per strand).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edi/result.hpp"

namespace claimgate::transport {

// What went wrong, for retry decisions. Carried in edi::Error::code as "sftp_<kind>"; read it
// back with SftpErrorKindOf(). Messages name host:port and the operation, never file contents.
enum class SftpErrorKind {
  kConnect,   // TCP connect failed, or the connection dropped: outcome of the op may be unknown
  kHostKey,   // the server host key does not match the pinned fingerprint; nothing was sent
  kAuth,      // key authentication refused or the key file unreadable
  kTimeout,   // a deadline passed; the session is closed
  kRemote,    // the server refused the operation (no such file, permission, ...)
  kProtocol,  // libssh2/SSH protocol failure, or a size check after upload failed
  kTooLarge,  // a download exceeded its size limit
  kExists,    // a different file already exists under the final name; nothing was overwritten
  kInvalid,   // a caller error: bad name or options
};
inline constexpr SftpErrorKind kHostKeyMismatch = SftpErrorKind::kHostKey;

std::string_view SftpErrorKindName(SftpErrorKind kind);
// The kind of an error returned by SftpClient; kProtocol for an error from elsewhere.
SftpErrorKind SftpErrorKindOf(const edi::Error& error);

struct SftpOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 22;
  std::string user;
  std::string private_key_file;  // PEM or OpenSSH private key
  std::string public_key_file;   // optional; libssh2 derives it from the private key if empty
  std::string passphrase;        // from the secret store; empty when the key has none
  // Pinned server host key in OpenSSH's form, "SHA256:<base64 without padding>" (what
  // `ssh-keygen -lf host_key.pub` prints). Required: an unknown key is a mismatch.
  std::string host_key_sha256;
  std::chrono::milliseconds connect_timeout{10'000};  // TCP connect + handshake + auth
  std::chrono::milliseconds io_timeout{30'000};       // any single wait for the socket
  std::chrono::milliseconds op_timeout{60'000};       // a whole non-upload operation
  std::chrono::milliseconds upload_timeout{600'000};  // a whole Upload()
  int keepalive_interval_s = 30;                      // 0 disables SSH keepalives
};

struct SftpStat {
  uint64_t size = 0;
  uint32_t permissions = 0;
  uint64_t mtime = 0;
  bool is_directory = false;
};

struct SftpEntry {
  std::string name;  // a name inside the listed directory, never "." or ".."
  SftpStat stat;
};

struct UploadReport {
  bool already_delivered = false;  // the final name existed with the same size; nothing written
  uint64_t bytes = 0;
  bool fsynced = false;  // the server supported fsync@openssh.com and it succeeded
};

// After a connection drop (kConnect/kTimeout) during Upload(), the delivery may or may not have
// happened (the rename is the commit point). Reconnect and ask CheckDelivery(dir, name, size):
// kDelivered means a file of exactly that size is under the final name (treat as sent),
// kAbsent means retry the Upload() (it rewrites the temporary file), kConflict means a file of
// another size is there: stop and report, never overwrite.
enum class DeliveryState { kDelivered, kAbsent, kConflict };

class SftpClient {
 public:
  explicit SftpClient(SftpOptions options);
  ~SftpClient();
  SftpClient(const SftpClient&) = delete;
  SftpClient& operator=(const SftpClient&) = delete;

  // TCP connect, SSH handshake, host key check against the pin (mismatch -> kHostKey, and the
  // session is closed before authentication), key authentication, SFTP subsystem start.
  edi::Result<void> Connect();
  bool connected() const;
  // SHA256 fingerprint of the server key seen by the last Connect(), in "SHA256:..." form.
  const std::string& seen_host_key() const { return seen_host_key_; }
  void Close();

  // Writes `dir/.final_name.part`, fsyncs when supported, checks the size by stat, then renames
  // to `dir/final_name`. If final_name already exists: same size -> already_delivered, other
  // size -> kExists. final_name must be a plain name (no '/', not "." or "..").
  edi::Result<UploadReport> Upload(const std::string& remote_dir, const std::string& final_name,
                                   std::string_view bytes);
  // nullopt when the path does not exist.
  edi::Result<std::optional<SftpStat>> Stat(const std::string& path);
  edi::Result<bool> Exists(const std::string& path);
  edi::Result<DeliveryState> CheckDelivery(const std::string& remote_dir,
                                           const std::string& final_name, uint64_t size);
  // Entries of `dir` (files and directories), without "." and "..", in server order.
  edi::Result<std::vector<SftpEntry>> List(const std::string& dir);
  // The whole file; kTooLarge (and nothing returned) if it is larger than max_bytes.
  edi::Result<std::string> Download(const std::string& path, uint64_t max_bytes);
  edi::Result<void> Remove(const std::string& path);
  // Fails (kRemote) if `to` exists: SFTP v3 rename never overwrites.
  edi::Result<void> Rename(const std::string& from, const std::string& to);
  // Sends an SSH keepalive if one is due; call between operations on an idle session.
  edi::Result<void> KeepAlive();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  std::string seen_host_key_;
};

// "SHA256:" + unpadded base64 of a 32-byte digest (OpenSSH's fingerprint form).
std::string OpenSshSha256Fingerprint(std::string_view digest32);

}  // namespace claimgate::transport
