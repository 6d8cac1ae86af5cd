// The real sshd, the cutting proxy and the silent listener used by the transport tests.
#include "tests/transport/sshd_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "src/core/shell_command.hpp"
#include "src/core/sshd_launch.hpp"

namespace claimgate::transport::testing {
namespace fs = std::filesystem;

namespace {

int ListenLoopback(uint16_t* port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 || ::listen(fd, 8) != 0) {
    ::close(fd);
    return -1;
  }
  socklen_t len = sizeof(a);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  *port = ntohs(a.sin_port);
  return fd;
}

int ConnectLoopback(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

int Run(const std::string& cmd) { return std::system(cmd.c_str()); }

}  // namespace

std::string ReadLocalFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool LocalFileExists(const std::string& path) { return fs::exists(path); }

int CountEntries(const std::string& dir) {
  int n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

SshdServer::SshdServer() {
  char tmpl[] = "/tmp/claimgate-sshd-XXXXXX";
  if (!::mkdtemp(tmpl)) {
    error_ = "mkdtemp failed";
    return;
  }
  dir_ = tmpl;
  data_dir_ = dir_ + "/data";
  fs::create_directory(data_dir_);
  if (passwd* pw = ::getpwuid(::geteuid())) user_ = pw->pw_name;
  const std::string sshd = "/usr/sbin/sshd";
  if (!fs::exists(sshd)) {
    error_ = "sshd not found at " + sshd;
    return;
  }
  if (::geteuid() == 0 && !fs::exists("/run/sshd")) fs::create_directories("/run/sshd");
  host_key_ = dir_ + "/host_key";
  user_key_ = dir_ + "/user_key";
  other_key_ = dir_ + "/other_key";
  pass_key_ = dir_ + "/pass_key";
  if (Run("ssh-keygen -q -t ed25519 -N '' -f " + host_key_ + " >/dev/null") != 0 ||
      Run("ssh-keygen -q -t ecdsa -b 256 -m PEM -N '' -f " + user_key_ + " >/dev/null") != 0 ||
      Run("ssh-keygen -q -t ecdsa -b 256 -m PEM -N '' -f " + other_key_ + " >/dev/null") != 0 ||
      Run("ssh-keygen -q -t ecdsa -b 256 -m PEM -N '" + std::string(kPassphrase) + "' -f " +
          pass_key_ + " >/dev/null") != 0) {
    error_ = "ssh-keygen failed";
    return;
  }
  {
    std::ofstream keys(dir_ + "/authorized_keys");
    keys << ReadLocalFile(user_key_ + ".pub") << ReadLocalFile(pass_key_ + ".pub");
  }
  // "256 SHA256:xxxx comment (ED25519)"
  std::istringstream fp(
      claimgate::core::RunShellCommand("ssh-keygen -l -E sha256 -f " + host_key_ + ".pub").output);
  std::string bits;
  fp >> bits >> host_fp_;
  // A free port, chosen again if another process takes it before sshd binds it.
  core::SshdLaunch launch;
  launch.sshd_path = sshd;
  launch.config_path = dir_ + "/sshd_config";
  launch.pid_file = dir_ + "/sshd.pid";
  launch.log_path = dir_ + "/sshd.log";
  launch.write_config = [this, &launch](uint16_t port) {
    std::ofstream cfg(launch.config_path, std::ios::trunc);
    cfg << "Port " << port << "\nListenAddress 127.0.0.1\nHostKey " << host_key_ << "\nPidFile "
        << launch.pid_file << "\nAuthorizedKeysFile " << dir_ << "/authorized_keys\nAllowUsers "
        << user_
        << "\nPermitRootLogin yes\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
           "PubkeyAuthentication yes\nUsePAM no\nStrictModes no\nLogLevel ERROR\n"
           "Subsystem sftp internal-sftp\n";
    return static_cast<bool>(cfg.flush());
  };
  auto started = core::LaunchSshd(launch);
  if (!started) {
    error_ = started.error().message + ": " + ReadLocalFile(launch.log_path);
    return;
  }
  pid_ = started->pid;
  port_ = started->port;
}

void SshdServer::Stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
}

SshdServer::~SshdServer() {
  Stop();
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

CuttingProxy::CuttingProxy(uint16_t target, size_t cut_after)
    : target_(target), cut_after_(cut_after) {
  listen_fd_ = ListenLoopback(&port_);
  thread_ = std::thread([this] { Run(); });
}

CuttingProxy::~CuttingProxy() {
  stop_ = true;
  thread_.join();
  ::close(listen_fd_);
}

void CuttingProxy::Run() {
  pollfd lp{listen_fd_, POLLIN, 0};
  while (!stop_ && ::poll(&lp, 1, 50) == 0) {
  }
  if (stop_) return;
  int client = ::accept(listen_fd_, nullptr, nullptr);
  int server = ConnectLoopback(target_);
  size_t forwarded = 0;
  char buf[16384];
  while (!stop_ && client >= 0 && server >= 0) {
    pollfd p[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
    if (::poll(p, 2, 50) <= 0) continue;
    if (p[0].revents) {
      ssize_t n = ::read(client, buf, sizeof(buf));
      if (n <= 0 || ::write(server, buf, static_cast<size_t>(n)) != n) break;
      forwarded += static_cast<size_t>(n);
      if (forwarded >= cut_after_) break;
    }
    if (p[1].revents) {
      ssize_t n = ::read(server, buf, sizeof(buf));
      if (n <= 0 || ::write(client, buf, static_cast<size_t>(n)) != n) break;
    }
  }
  if (client >= 0) ::close(client);
  if (server >= 0) ::close(server);
}

SilentListener::SilentListener() { fd_ = ListenLoopback(&port_); }
SilentListener::~SilentListener() { ::close(fd_); }

}  // namespace claimgate::transport::testing
