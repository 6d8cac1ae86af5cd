#include "src/sim/sshd.hpp"

#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "src/core/shell_command.hpp"
#include "src/core/sshd_launch.hpp"

namespace claimgate::sim {
namespace fs = std::filesystem;

using core::ShellQuote;

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
  config_path_ = dir + "/sshd_config";
  config_text_ = "ListenAddress " + config_.address + "\nHostKey " + host_key + "\nPidFile " + dir +
                 "/sshd.pid\nAuthorizedKeysFile " + dir + "/authorized_keys\nAllowUsers " + user_ +
                 "\nPermitRootLogin prohibit-password\nPasswordAuthentication no\n"
                 "KbdInteractiveAuthentication no\nPubkeyAuthentication yes\nUsePAM no\n"
                 "StrictModes no\nAllowTcpForwarding no\nX11Forwarding no\nLogLevel ERROR\n"
                 "Subsystem sftp internal-sftp -d " +
                 root + "\nForceCommand internal-sftp -d " + root + "\n";
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
  core::SshdLaunch launch;
  launch.sshd_path = config_.sshd_path;
  launch.address = config_.address;
  // A port chosen earlier is kept across restarts (the cut_connection fault), so that clients
  // that were told it reconnect to the same one.
  launch.port = config_.port != 0 ? config_.port : port_;
  launch.config_path = config_path_;
  launch.pid_file = dir + "/sshd.pid";
  launch.log_path = dir + "/sshd.log";
  launch.write_config = [this](uint16_t port) {
    std::ofstream cfg(config_path_, std::ios::trunc);
    cfg << "Port " << port << "\n" << config_text_;
    return static_cast<bool>(cfg.flush());
  };
  auto started = core::LaunchSshd(launch);
  if (!started) return started.error();
  pid_ = started->pid;
  port_ = started->port;
  return {};
}

void ManagedSshd::Stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace claimgate::sim
