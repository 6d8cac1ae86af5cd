// A real OpenSSH sshd on 127.0.0.1 for the transport tests: temporary host and user keys, a
// temporary config (internal-sftp, the current user, key auth only), started with -D -e and
// killed when the fixture ends. Also a tiny cutting TCP proxy and a silent listener.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

namespace claimgate::transport::testing {

class SshdServer {
 public:
  SshdServer();  // starts sshd and waits until it accepts; check ok() and error()
  ~SshdServer();
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  uint16_t port() const { return port_; }
  const std::string& dir() const { return dir_; }            // temp root
  const std::string& data_dir() const { return data_dir_; }  // empty dir for uploads
  const std::string& user() const { return user_; }
  const std::string& user_key() const { return user_key_; }
  const std::string& other_key() const { return other_key_; }  // not authorized
  const std::string& pass_key() const { return pass_key_; }    // authorized, kPassphrase
  static constexpr const char* kPassphrase = "synthetic-test-passphrase";
  const std::string& host_fingerprint() const { return host_fp_; }
  void Stop();  // kills sshd now

 private:
  std::string dir_, data_dir_, user_, host_key_, user_key_, other_key_, pass_key_, host_fp_, error_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
};

// Forwards one connection to 127.0.0.1:target and closes both sides once `cut_after` bytes went
// from client to server.
class CuttingProxy {
 public:
  CuttingProxy(uint16_t target, size_t cut_after);
  ~CuttingProxy();
  uint16_t port() const { return port_; }

 private:
  void Run();
  int listen_fd_ = -1;
  uint16_t port_ = 0, target_;
  size_t cut_after_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Listens on 127.0.0.1 and never accepts nor speaks.
class SilentListener {
 public:
  SilentListener();
  ~SilentListener();
  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

std::string ReadLocalFile(const std::string& path);
bool LocalFileExists(const std::string& path);
int CountEntries(const std::string& dir);

}  // namespace claimgate::transport::testing
