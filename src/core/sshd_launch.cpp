#include "src/core/sshd_launch.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

namespace claimgate::core {
namespace {

constexpr int kAttempts = 8;

sockaddr_in Address(const std::string& address, uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  ::inet_pton(AF_INET, address.c_str(), &a.sin_addr);
  return a;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// What sshd says when the port is already taken.
bool IsBindConflict(const std::string& log) {
  return log.find("Address already in use") != std::string::npos ||
         log.find("Cannot bind any address") != std::string::npos;
}

}  // namespace

uint16_t ProbeFreePort(const std::string& address) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in a = Address(address, 0);
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0) {
    socklen_t len = sizeof(a);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  ::close(fd);
  return port;
}

bool AcceptsConnections(const std::string& address, uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in a = Address(address, port);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0;
  ::close(fd);
  return ok;
}

edi::Result<SshdProcess> LaunchSshd(const SshdLaunch& launch) {
  std::string last_error = "sshd was not started";
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    const uint16_t port = launch.port != 0 ? launch.port : ProbeFreePort(launch.address);
    if (port == 0) return edi::Error{"sshd", "no free port on " + launch.address};
    if (!launch.write_config(port)) {
      return edi::Error{"sshd", launch.config_path + ": cannot write"};
    }
    std::remove(launch.pid_file.c_str());
    const std::size_t log_start = ReadText(launch.log_path).size();
    const pid_t pid = ::fork();
    if (pid < 0) return edi::Error{"sshd", "fork failed"};
    if (pid == 0) {
      FILE* f = std::freopen(launch.log_path.c_str(), "a", stderr);
      (void)f;
      ::execl(launch.sshd_path.c_str(), launch.sshd_path.c_str(), "-D", "-e", "-f",
              launch.config_path.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    const std::string our_pid = std::to_string(pid);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    bool exited = false;
    while (std::chrono::steady_clock::now() < until) {
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;
        break;
      }
      // The PidFile holding our child's pid says sshd itself bound the port, not someone else.
      std::string written = ReadText(launch.pid_file);
      while (!written.empty() && (written.back() == '\n' || written.back() == '\r')) {
        written.pop_back();
      }
      if (written == our_pid && AcceptsConnections(launch.address, port)) {
        return SshdProcess{pid, port};
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!exited) {
      ::kill(pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
      return edi::Error{"sshd", "sshd did not accept on port " + std::to_string(port) +
                                    " in 10 s; see " + launch.log_path};
    }
    const std::string said = ReadText(launch.log_path).substr(log_start);
    last_error = "sshd exited at start on port " + std::to_string(port) + "; see " +
                 launch.log_path;
    if (launch.port != 0 || !IsBindConflict(said)) break;  // not a race we can win by retrying
  }
  return edi::Error{"sshd", last_error};
}

}  // namespace claimgate::core
