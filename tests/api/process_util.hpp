// Helpers for tests that run the `claimgate` binary as a process (serve_test, api_crash_test): a
// shell command with its output, a whole file, and a free loopback port. Plain functions;
// thread-safe.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace claimgate::testing {

struct ShellResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

inline ShellResult Shell(const std::string& command) {
  ShellResult r;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.output.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A port that was free a moment ago on 127.0.0.1. Another process may take it before the caller
// binds it: a caller that starts a server on it must retry with a new port when the server says
// it cannot listen (see api_crash_test), or start the server on port 0 and read the port it logs
// (WaitForLoggedPort).
inline uint16_t FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// The port a `claimgate serve` started with port 0 logs ("server_started ... port=N") in the log
// file at `log_path`, waiting up to `seconds`; 0 if it never appears.
inline uint16_t WaitForLoggedPort(const std::string& log_path, int seconds = 20) {
  const std::string marker = "server_started ";
  for (int waited_ms = 0; waited_ms <= seconds * 1000; waited_ms += 20) {
    const std::string text = ReadFile(log_path);
    const std::size_t line = text.find(marker);
    const std::size_t at = line == std::string::npos ? line : text.find(" port=", line);
    if (at != std::string::npos) {
      unsigned port = 0;
      for (std::size_t i = at + 6; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        port = port * 10 + static_cast<unsigned>(text[i] - '0');
      }
      if (port > 0 && port < 65536) return static_cast<uint16_t>(port);
    }
    ::usleep(20'000);
  }
  return 0;
}

}  // namespace claimgate::testing
