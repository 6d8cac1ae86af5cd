// The simulator's SFTP side end to end: a real OpenSSH sshd started by ManagedSshd on loopback
// with a generated host key, the gateway's SftpClient uploading an 837 built from docs/examples,
// the FolderResponder answering into outbound/, and its state surviving a restart.
#include "src/sim/responder.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "src/sim/sshd.hpp"
#include "src/transport/sftp_client.hpp"
#include "tests/sim/sim_test_util.hpp"

namespace claimgate::sim {
namespace {
namespace fs = std::filesystem;

using testing::Build837;
using testing::Errors;
using testing::Example;

class SftpResponderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/claimgate-sim-sftp-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    key_ = dir_ + "/gateway_key";
    ASSERT_EQ(std::system(("ssh-keygen -q -t ecdsa -b 256 -m PEM -N '' -f " + key_ +
                           " >/dev/null")
                              .c_str()),
              0);
    config_.state_dir = dir_ + "/state";
    config_.delay_277ca_ms = 100;
    config_.delay_835_ms = 100;
    config_.sftp.port = 0;
    config_.sftp.authorized_key_file = key_ + ".pub";
    config_.sftp.root = dir_ + "/root";
    config_.core.enabled = false;
  }
  void TearDown() override {
    StopResponder();
    sshd_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  void StartAll(bool new_host_key = false) {
    state_ = std::make_unique<State>(config_);
    ASSERT_TRUE(state_->Open());
    sshd_ = std::make_unique<ManagedSshd>(config_.sftp, config_.state_dir, new_host_key);
    auto started = sshd_->Start();
    ASSERT_TRUE(started) << started.error().message;
    StartResponder();
  }
  void StartResponder() {
    responder_ = std::make_unique<FolderResponder>(*state_, Inbound(), Outbound());
    thread_ = std::thread([this] { responder_->Run(20); });
  }
  void StopResponder() {
    if (responder_) responder_->Stop();
    if (thread_.joinable()) thread_.join();
    responder_.reset();
  }

  std::string Inbound() const { return config_.sftp.root + "/inbound"; }
  std::string Outbound() const { return config_.sftp.root + "/outbound"; }

  transport::SftpOptions Client(const std::string& fingerprint) const {
    transport::SftpOptions o;
    o.port = sshd_->port();
    o.user = sshd_->user();
    o.private_key_file = key_;
    o.host_key_sha256 = fingerprint;
    o.connect_timeout = std::chrono::milliseconds(5000);
    return o;
  }

  // Lists outbound/ over SFTP until `n` answers are there (10 s at most).
  std::vector<transport::SftpEntry> WaitForAnswers(transport::SftpClient& client, std::size_t n) {
    std::vector<transport::SftpEntry> answers;
    for (int i = 0; i < 200; ++i) {
      auto listed = client.List("outbound");
      EXPECT_TRUE(listed) << listed.error().message;
      if (!listed) return {};
      answers.clear();
      for (auto& e : *listed) {
        if (e.name[0] != '.' && !e.stat.is_directory) answers.push_back(e);
      }
      if (answers.size() >= n) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::sort(answers.begin(), answers.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    return answers;
  }

  std::string dir_, key_;
  SimConfig config_;
  std::unique_ptr<State> state_;
  std::unique_ptr<ManagedSshd> sshd_;
  std::unique_ptr<FolderResponder> responder_;
  std::thread thread_;
};

TEST_F(SftpResponderTest, UploadedClaimGets999Then277caAnd835InOutbound) {
  StartAll();
  ASSERT_EQ(sshd_->fingerprint().rfind("SHA256:", 0), 0u);
  transport::SftpClient client(Client(sshd_->fingerprint()));
  auto connected = client.Connect();
  ASSERT_TRUE(connected) << connected.error().message;
  std::string x12 = Build837({Example("837p-simple.json")}, 61);
  ASSERT_TRUE(client.Upload("inbound", "sim-sftp_000000061.x12", x12));

  auto answers = WaitForAnswers(client, 3);
  ASSERT_EQ(answers.size(), 3u);
  std::map<std::string, std::string> by_kind;
  for (const auto& a : answers) {
    auto bytes = client.Download("outbound/" + a.name, 1 << 20);
    ASSERT_TRUE(bytes);
    EXPECT_TRUE(Errors(*bytes).empty()) << a.name;
    by_kind[a.name.substr(0, a.name.find('_'))] = *bytes;
    EXPECT_NE(a.name.find("_000000061_"), std::string::npos) << a.name;
  }
  EXPECT_EQ(by_kind.count("999"), 1u);
  EXPECT_EQ(by_kind.count("277CA"), 1u);
  EXPECT_EQ(by_kind.count("835"), 1u);
  EXPECT_NE(by_kind["835"].find("CLP*PCN0001*1*"), std::string::npos);
  // The upload stays where the gateway put it (it checks delivery by name).
  EXPECT_TRUE(fs::exists(Inbound() + "/sim-sftp_000000061.x12"));
  EXPECT_EQ(state_->interchanges(), 1u);
}

TEST_F(SftpResponderTest, RestartDoesNotAnswerTheSameFileTwice) {
  StartAll();
  std::string x12 = Build837({Example("837p-simple.json")}, 62);
  {
    std::ofstream(Inbound() + "/a.x12", std::ios::binary) << x12;
  }
  transport::SftpClient client(Client(sshd_->fingerprint()));
  ASSERT_TRUE(client.Connect());
  ASSERT_EQ(WaitForAnswers(client, 3).size(), 3u);
  StopResponder();

  // A new State over the same directory: what was answered is remembered.
  state_ = std::make_unique<State>(config_);
  ASSERT_TRUE(state_->Open());
  FolderResponder again(*state_, Inbound(), Outbound());
  PollReport report = again.Poll();
  EXPECT_EQ(report.received, 0);
  EXPECT_EQ(report.delivered, 0);
  EXPECT_EQ(state_->interchanges(), 1u);
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(Outbound())) ++files;
  EXPECT_EQ(files, 3);
}

TEST_F(SftpResponderTest, AnswersPendingAtAStopAreDeliveredAfterTheRestart) {
  config_.delay_277ca_ms = 300;
  state_ = std::make_unique<State>(config_);
  ASSERT_TRUE(state_->Open());
  FolderResponder first(*state_, Inbound(), Outbound());
  std::ofstream(Inbound() + "/b.x12", std::ios::binary)
      << Build837({Example("837p-simple.json")}, 63);
  PollReport report = first.Poll();
  EXPECT_EQ(report.received, 1);
  EXPECT_EQ(report.delivered, 1);  // the 999 at once; 277CA and 835 later

  state_ = std::make_unique<State>(config_);  // "restart"
  ASSERT_TRUE(state_->Open());
  FolderResponder second(*state_, Inbound(), Outbound());
  std::this_thread::sleep_for(std::chrono::milliseconds(450));
  report = second.Poll();
  EXPECT_EQ(report.received, 0);
  EXPECT_EQ(report.delivered, 2);
}

TEST_F(SftpResponderTest, DuplicateControlNumberUnderAnotherNameIsAnsweredAndCounted) {
  state_ = std::make_unique<State>(config_);
  ASSERT_TRUE(state_->Open());
  FolderResponder responder(*state_, Inbound(), Outbound());
  std::string x12 = Build837({Example("837p-simple.json")}, 64);
  std::ofstream(Inbound() + "/first.x12", std::ios::binary) << x12;
  EXPECT_EQ(responder.Poll().received, 1);
  std::ofstream(Inbound() + "/second.x12", std::ios::binary) << x12;
  EXPECT_EQ(responder.Poll().received, 1);
  EXPECT_EQ(state_->interchanges(), 2u);
  EXPECT_EQ(state_->duplicate_control_numbers(), 1u);
}

TEST_F(SftpResponderTest, PartAndDotFilesAreNotRead) {
  state_ = std::make_unique<State>(config_);
  ASSERT_TRUE(state_->Open());
  FolderResponder responder(*state_, Inbound(), Outbound());
  std::string x12 = Build837({Example("837p-simple.json")}, 65);
  std::ofstream(Inbound() + "/c.x12.part", std::ios::binary) << x12;
  std::ofstream(Inbound() + "/.c.x12.part", std::ios::binary) << x12;
  std::ofstream(Inbound() + "/.hidden", std::ios::binary) << x12;
  EXPECT_EQ(responder.Poll().received, 0);
  fs::rename(Inbound() + "/c.x12.part", Inbound() + "/c.x12");
  EXPECT_EQ(responder.Poll().received, 1);
}

TEST_F(SftpResponderTest, ChangeHostKeyFaultMakesTheOldPinFail) {
  StartAll();
  const std::string old_fingerprint = sshd_->fingerprint();
  StopResponder();
  sshd_.reset();
  StartAll(/*new_host_key=*/true);
  EXPECT_NE(sshd_->fingerprint(), old_fingerprint);
  transport::SftpClient client(Client(old_fingerprint));
  auto connected = client.Connect();
  ASSERT_FALSE(connected);
  EXPECT_EQ(transport::SftpErrorKindOf(connected.error()), transport::SftpErrorKind::kHostKey);
  transport::SftpClient fresh(Client(sshd_->fingerprint()));
  EXPECT_TRUE(fresh.Connect());
}

TEST_F(SftpResponderTest, StoppedSshdRefusesConnectionsUntilRestarted) {
  StartAll();
  sshd_->Stop();  // the cut_connection fault
  transport::SftpClient client(Client(sshd_->fingerprint()));
  auto refused = client.Connect();
  ASSERT_FALSE(refused);
  EXPECT_EQ(transport::SftpErrorKindOf(refused.error()), transport::SftpErrorKind::kConnect);
  ASSERT_TRUE(sshd_->Start());
  transport::SftpClient again(Client(sshd_->fingerprint()));
  EXPECT_TRUE(again.Connect());
}

}  // namespace
}  // namespace claimgate::sim
