// `claimgate serve` as a user runs it (the real binary, real certificates, real signals), and
// the systemd unit checked by systemd-analyze.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "tests/api/process_util.hpp"
#include "tests/api/test_client.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using claimgate::testing::Client;
using claimgate::testing::WaitForLoggedPort;
using claimgate::testing::ReadFile;
using claimgate::testing::Shell;
using claimgate::testing::ShellResult;
using claimgate::testing::TlsOptions;

class ServeCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/claimgate-serve-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The config `text` plus a [store] in the test directory, with a key file for it.
  std::string WriteConfig(const std::string& text) {
    std::ofstream(dir_ + "/store.key") << std::string(64, 'a');
    const std::string path = dir_ + "/claimgate.toml";
    std::ofstream(path) << "[store]\npath = \"" << dir_ << "/claimgate.db\"\n"
                        << "encryption_key = \"file:" << dir_ << "/store.key\"\n"
                        << text;
    return path;
  }
  std::string dir_;
};

TEST_F(ServeCommand, UnknownKeyExitsTwoNamingFileAndKey) {
  const std::string config = WriteConfig("[server]\nplain_http = true\nbogus = 1\n");
  ShellResult r = Shell(std::string(CLAIMGATE_BIN) + " serve --config " + config);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find(config + ": server.bogus: unknown key"), std::string::npos) << r.output;
}

TEST_F(ServeCommand, MissingCertificateExitsTwoNamingTheKey) {
  const std::string config = WriteConfig("[server.tls]\ncert_file = \"" + dir_ +
                                         "/none.crt\"\nkey_file = \"" + dir_ + "/none.key\"\n");
  ShellResult r = Shell(std::string(CLAIMGATE_BIN) + " serve --config " + config);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find(config + ": server.tls.cert_file: file not found"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("server.tls.key_file: file not found"), std::string::npos);
}

TEST_F(ServeCommand, PortInUseExitsOne) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const std::string config = WriteConfig("[server]\nplain_http = true\nport = " +
                                         std::to_string(ntohs(addr.sin_port)) + "\n");
  ShellResult r = Shell(std::string(CLAIMGATE_BIN) + " serve --config " + config);
  ::close(fd);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("cannot listen on 127.0.0.1 port"), std::string::npos) << r.output;
}

TEST_F(ServeCommand, ServesOverTlsAndStopsGracefullyOnSigterm) {
  ASSERT_EQ(Shell(std::string(CLAIMGATE_SOURCE_DIR) + "/certs/make-dev-certs.sh " + dir_ + "/certs")
                .exit_code,
            0);
  // Port 0: the server binds any free port and logs it (no probe-then-bind race).
  const std::string config = WriteConfig(
      "[server]\nport = 0\n[server.tls]\ncert_file = \"" + dir_ +
      "/certs/server.crt\"\nkey_file = \"" + dir_ + "/certs/server.key\"\n[log]\nformat = "
      "\"journal\"\n");
  const std::string log = dir_ + "/serve.log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::string bin = CLAIMGATE_BIN;
  std::string sub = "serve", flag = "--config";
  char* argv[] = {bin.data(), sub.data(), flag.data(), const_cast<char*>(config.c_str()), nullptr};
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, bin.c_str(), &actions, nullptr, argv, environ), 0);
  posix_spawn_file_actions_destroy(&actions);

  const uint16_t port = WaitForLoggedPort(log);
  ASSERT_NE(port, 0) << ReadFile(log);
  TlsOptions tls;
  tls.ca_file = dir_ + "/certs/ca.crt";
  int status_code = 0;
  for (int attempt = 0; attempt < 100 && status_code == 0; ++attempt) {
    if (auto c = Client::Connect(port, tls)) {
      c->Send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
      if (auto r = c->ReadReply()) status_code = r->status;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  EXPECT_EQ(status_code, 200);
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  const std::string text = ReadFile(log);
  EXPECT_NE(text.find("info http server_started address=127.0.0.1 port=" + std::to_string(port)),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("signal_received signal=15"), std::string::npos) << text;
  EXPECT_NE(text.find("shutdown_complete"), std::string::npos) << text;
}

// systemd-analyze needs ExecStart to exist: the unit is checked with the built binary's path.
TEST_F(ServeCommand, SystemdUnitVerifiesCleanAndIsHardened) {
  std::string unit = ReadFile(std::string(CLAIMGATE_SOURCE_DIR) + "/deploy/claimgate.service");
  ASSERT_NE(unit.find("ExecStart=/usr/local/bin/claimgate "), std::string::npos);
  // (No std::regex in tests: GCC 12 warns inside <regex> in the sanitizer build.)
  for (std::size_t at = unit.find("/usr/local/bin/claimgate"); at != std::string::npos;
       at = unit.find("/usr/local/bin/claimgate", at + 1)) {
    unit.replace(at, std::string("/usr/local/bin/claimgate").size(), CLAIMGATE_BIN);
  }
  const std::string path = dir_ + "/claimgate.service";
  std::ofstream(path) << unit;
  ShellResult verify = Shell("systemd-analyze verify " + path);
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_EQ(verify.output, "") << "warnings from systemd-analyze verify";

  ShellResult security = Shell("systemd-analyze security --offline=true " + path);
  const std::string marker = "Overall exposure level for ";
  const std::size_t at = security.output.find(marker);
  ASSERT_NE(at, std::string::npos) << security.output;
  const std::size_t colon = security.output.find(": ", at + marker.size());
  ASSERT_NE(colon, std::string::npos) << security.output;
  EXPECT_LE(std::stod(security.output.substr(colon + 2)), 2.0) << security.output;
  for (const char* line : {"User=claimgate", "ProtectSystem=strict",
                           "ReadWritePaths=/var/lib/claimgate", "NoNewPrivileges=true",
                           "PrivateTmp=true", "ProtectHome=true", "CapabilityBoundingSet=\n",
                           "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
                           "SystemCallFilter=@system-service"}) {
    EXPECT_NE(unit.find(line), std::string::npos) << line;
  }
}

}  // namespace
