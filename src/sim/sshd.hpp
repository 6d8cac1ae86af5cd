// A real OpenSSH sshd for the simulator's SFTP side: a host key under the state directory (made
// once, or anew at every start with faults.change_host_key), authorized_keys from the configured
// public key, a generated sshd_config (key authentication only, internal-sftp starting in the
// served root so "inbound" and "outbound" are relative paths), started as `sshd -D -e -f CONFIG`
// on loopback. Stop() kills it; Start() again restarts it (the cut_connection fault).
// Not thread-safe: one owner thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "edi/result.hpp"
#include "src/sim/sim_config.hpp"

namespace claimgate::sim {

class ManagedSshd {
 public:
  // `state_dir` holds keys, config and log; `root` is the served folder (absolute or relative).
  ManagedSshd(const SftpSideConfig& config, std::string state_dir, bool new_host_key);
  ~ManagedSshd();
  ManagedSshd(const ManagedSshd&) = delete;
  ManagedSshd& operator=(const ManagedSshd&) = delete;

  // Makes keys and config (first call), starts sshd and waits until it accepts (10 s).
  edi::Result<void> Start();
  void Stop();
  bool running() const { return pid_ > 0; }

  uint16_t port() const { return port_; }
  // "SHA256:<base64>" of the host key, as `ssh-keygen -l -E sha256` prints it.
  const std::string& fingerprint() const { return fingerprint_; }
  const std::string& user() const { return user_; }

 private:
  edi::Result<void> Prepare();

  SftpSideConfig config_;
  std::string state_dir_;
  bool new_host_key_;
  bool prepared_ = false;
  std::string user_, fingerprint_;
  std::string config_path_, config_text_;  // sshd_config without its Port line
  uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace claimgate::sim
