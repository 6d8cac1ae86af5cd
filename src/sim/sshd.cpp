#include "src/sim/sshd.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "src/core/shell_command.hpp"

namespace claimgate::sim {
namespace fs = std::filesystem;

namespace {

using core::ShellQuote;

bool Connects(const std::string& address, uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  ::inet_pton(AF_INET, address.c_str(), &a.sin_addr);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0;
  ::close(fd);
  return ok;
}

uint16_t FreePort(const std::string& address) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  ::inet_pton(AF_INET, address.c_str(), &a.sin_addr);
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0) {
    socklen_t len = sizeof(a);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace

ManagedSshd::ManagedSshd(const SftpSideConfig& config, std::string state_dir, bool new_host_key)
    : config_(config), state_dir_(std::move(state_dir)), new_host_key_(new_host_key) {}

ManagedSshd::~ManagedSshd() { Stop(); }

edi::Result<void> ManagedSshd::Prepare() {
  std::error_code ec;
  const std::string dir = fs::absolute(state_dir_ + "/sshd", ec).string();
  const std::string root = fs::absolute(config_.root, ec).string();
  fs::create_directories(dir, ec);
  fs::create_directories(root + "/" + config_.inbound_dir, ec);
  fs::create_directories(root + "/" + config_.outbound_dir, ec);
  if (!fs::exists(config_.sshd_path)) {
    return edi::Error{"sshd", config_.sshd_path + ": sshd not found (sftp.sshd_path)"};
  }
  if (::geteuid() == 0) fs::create_directories("/run/sshd", ec);  // privilege separation dir
  user_ = config_.user;
  if (user_.empty()) {
    if (passwd* pw = ::getpwuid(::geteuid())) user_ = pw->pw_name;
  }
  const std::string host_key = dir + "/ssh_host_ed25519_key";
  if (new_host_key_) {
    fs::remove(host_key, ec);
    fs::remove(host_key + ".pub", ec);
  }
  if (!fs::exists(host_key) &&
      std::system(("ssh-keygen -q -t ed25519 -N '' -C claimgate-payer-sim -f " +
                   ShellQuote(host_key) + " >/dev/null")
                      .c_str()) != 0) {
    return edi::Error{"sshd", host_key + ": ssh-keygen failed"};
  }
  std::istringstream fp(
      core::RunShellCommand("ssh-keygen -l -E sha256 -f " + ShellQuote(host_key + ".pub")).output);
  std::string bits;
  fp >> bits >> fingerprint_;
  if (fingerprint_.rfind("SHA256:", 0) != 0) {
    return edi::Error{"sshd", host_key + ".pub: cannot read its fingerprint"};
  }
  std::ifstream key(config_.authorized_key_file, std::ios::binary);
  if (!key) return edi::Error{"sshd", config_.authorized_key_file + ": cannot read (sftp.authorized_key_file)"};
  std::ostringstream key_text;
  key_text << key.rdbuf();
  {
    std::ofstream keys(dir + "/authorized_keys", std::ios::trunc);
    keys << key_text.str();
    if (key_text.str().empty() || key_text.str().back() != '\n') keys << '\n';
  }
  port_ = config_.port != 0 ? config_.port : FreePort(config_.address);
  std::ofstream cfg(dir + "/sshd_config", std::ios::trunc);
  cfg << "Port " << port_ << "\nListenAddress " << config_.address << "\nHostKey " << host_key
      << "\nPidFile " << dir << "/sshd.pid\nAuthorizedKeysFile " << dir
      << "/authorized_keys\nAllowUsers " << user_
      << "\nPermitRootLogin prohibit-password\nPasswordAuthentication no\n"
         "KbdInteractiveAuthentication no\nPubkeyAuthentication yes\nUsePAM no\nStrictModes no\n"
         "AllowTcpForwarding no\nX11Forwarding no\nLogLevel ERROR\n"
         "Subsystem sftp internal-sftp -d "
      << root << "\nForceCommand internal-sftp -d " << root << "\n";
  if (!cfg.flush()) return edi::Error{"sshd", dir + "/sshd_config: cannot write"};
  prepared_ = true;
  return {};
}

edi::Result<void> ManagedSshd::Start() {
  if (pid_ > 0) return {};
  if (!prepared_) {
    if (auto ready = Prepare(); !ready) return ready;
  }
  std::error_code ec;
  const std::string dir = fs::absolute(state_dir_ + "/sshd", ec).string();
  const std::string conf = dir + "/sshd_config";
  const std::string log = dir + "/sshd.log";
  pid_ = ::fork();
  if (pid_ == 0) {
    FILE* f = std::freopen(log.c_str(), "a", stderr);
    (void)f;
    ::execl(config_.sshd_path.c_str(), config_.sshd_path.c_str(), "-D", "-e", "-f", conf.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  if (pid_ < 0) return edi::Error{"sshd", "fork failed"};
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < until) {
    if (Connects(config_.address, port_)) return {};
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return edi::Error{"sshd", "sshd exited at start; see " + log};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Stop();
  return edi::Error{"sshd", "sshd did not accept on port " + std::to_string(port_) + " in 10 s"};
}

void ManagedSshd::Stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace claimgate::sim
