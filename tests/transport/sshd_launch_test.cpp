// core::LaunchSshd against a real sshd: the port race it exists for is played out on purpose by
// taking the probed port between the probe and sshd's bind.
#include "src/core/sshd_launch.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace claimgate::core {
namespace {

namespace fs = std::filesystem;

// Listens on 127.0.0.1:port (another program holding the port); -1 when it cannot.
int Occupy(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 || ::listen(fd, 8) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

class SshdLaunchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists("/usr/sbin/sshd")) GTEST_SKIP() << "no /usr/sbin/sshd";
    char tmpl[] = "/tmp/claimgate-sshd-launch-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    if (::geteuid() == 0) fs::create_directories("/run/sshd");
    ASSERT_EQ(std::system(("ssh-keygen -q -t ed25519 -N '' -f " + dir_ + "/host_key >/dev/null")
                              .c_str()),
              0);
    launch_.config_path = dir_ + "/sshd_config";
    launch_.pid_file = dir_ + "/sshd.pid";
    launch_.log_path = dir_ + "/sshd.log";
  }
  void TearDown() override {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    for (int fd : held_) ::close(fd);
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }
  bool WriteConfig(uint16_t port) {
    ports_tried_.push_back(port);
    std::ofstream cfg(launch_.config_path, std::ios::trunc);
    cfg << "Port " << port << "\nListenAddress 127.0.0.1\nHostKey " << dir_
        << "/host_key\nPidFile " << launch_.pid_file
        << "\nUsePAM no\nStrictModes no\nPasswordAuthentication no\nLogLevel ERROR\n";
    return static_cast<bool>(cfg.flush());
  }

  std::string dir_;
  SshdLaunch launch_;
  std::vector<uint16_t> ports_tried_;
  std::vector<int> held_;
  pid_t pid_ = -1;
};

TEST_F(SshdLaunchTest, APortTakenAfterTheProbeIsGivenUpForANewOne) {
  // Another program takes each of the first two probed ports just before sshd would bind it.
  launch_.write_config = [this](uint16_t port) {
    if (ports_tried_.size() < 2) {
      const int fd = Occupy(port);
      EXPECT_GE(fd, 0);
      held_.push_back(fd);
    }
    return WriteConfig(port);
  };
  auto started = LaunchSshd(launch_);
  ASSERT_TRUE(started) << started.error().message;
  pid_ = started->pid;
  ASSERT_EQ(ports_tried_.size(), 3u);
  EXPECT_EQ(started->port, ports_tried_.back());
  EXPECT_NE(started->port, ports_tried_[0]);
  EXPECT_NE(started->port, ports_tried_[1]);
  EXPECT_TRUE(AcceptsConnections("127.0.0.1", started->port));
  // What answers there is sshd, not the program that took the other ports.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(started->port);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0);
  char banner[8] = {};
  ASSERT_EQ(::read(fd, banner, 4), 4);
  ::close(fd);
  EXPECT_EQ(std::string(banner), "SSH-");
}

TEST_F(SshdLaunchTest, AFixedPortThatIsTakenFailsOnceNamingTheLog) {
  const uint16_t port = ProbeFreePort("127.0.0.1");
  const int fd = Occupy(port);
  ASSERT_GE(fd, 0);
  held_.push_back(fd);
  launch_.port = port;
  launch_.write_config = [this](uint16_t p) { return WriteConfig(p); };
  auto started = LaunchSshd(launch_);
  ASSERT_FALSE(started);
  EXPECT_EQ(ports_tried_.size(), 1u);  // a configured port is not swapped for another
  EXPECT_NE(started.error().message.find(launch_.log_path), std::string::npos)
      << started.error().message;
}

}  // namespace
}  // namespace claimgate::core
