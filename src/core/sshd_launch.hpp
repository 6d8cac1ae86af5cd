// Starting a real OpenSSH sshd (`sshd -D -e -f CONFIG`) on a loopback port without racing other
// programs for it, for the payer simulator's SFTP side and the SFTP test fixtures. sshd cannot
// listen on port 0, so a free port is found by binding one and closing it; another process may
// take it in between. The launcher therefore writes the config for a port, starts sshd, and calls
// it ready only once sshd has written its PidFile (which it does after binding) and accepts a
// connection; if sshd exits because the port was taken, it tries again on a new port. A fixed
// port is tried once. Blocks for at most about 10 s per attempt; call it from one thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>

#include "edi/result.hpp"

namespace claimgate::core {

struct SshdLaunch {
  std::string sshd_path = "/usr/sbin/sshd";
  std::string address = "127.0.0.1";  // where sshd listens (IPv4)
  uint16_t port = 0;                  // 0: a free port, chosen again on a bind conflict
  std::string config_path;            // written by write_config before each attempt
  std::string pid_file;               // the PidFile the config names
  std::string log_path;               // sshd's standard error (appended to)
  // Writes the sshd_config for `port` to config_path; false when it could not.
  std::function<bool(uint16_t port)> write_config;
};

struct SshdProcess {
  pid_t pid = -1;
  uint16_t port = 0;
};

// Starts sshd as described above. The error names the log to read.
edi::Result<SshdProcess> LaunchSshd(const SshdLaunch& launch);

// A port on `address` that was free when asked (0 when none could be bound).
uint16_t ProbeFreePort(const std::string& address);

// True when a TCP connection to address:port succeeds.
bool AcceptsConnections(const std::string& address, uint16_t port);

}  // namespace claimgate::core
