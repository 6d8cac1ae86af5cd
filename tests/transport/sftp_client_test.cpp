// SftpClient against a real sshd: round trips, host key pinning, auth, atomic delivery, cut
// connections, deadlines and size limits.
#include "src/transport/sftp_client.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "tests/transport/sshd_fixture.hpp"

namespace claimgate::transport {
namespace {

using testing::CountEntries;
using testing::LocalFileExists;
using testing::ReadLocalFile;

std::string Blob(size_t n, unsigned seed) {
  std::string s(n, '\0');
  unsigned x = seed * 2654435761u + 1;
  for (auto& c : s) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>(x >> 16);
  }
  return s;
}

class SftpClientTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(sshd_.ok()) << sshd_.error(); }

  SftpOptions Options() const {
    SftpOptions o;
    o.host = "127.0.0.1";
    o.port = sshd_.port();
    o.user = sshd_.user();
    o.private_key_file = sshd_.user_key();
    o.host_key_sha256 = sshd_.host_fingerprint();
    o.connect_timeout = std::chrono::seconds(10);
    o.io_timeout = std::chrono::seconds(10);
    return o;
  }
  std::string Data(const std::string& name) const { return sshd_.data_dir() + "/" + name; }

  testing::SshdServer sshd_;
};

TEST_F(SftpClientTest, UploadListDownloadRemoveRoundTrip) {
  SftpClient client(Options());
  ASSERT_TRUE(client.Connect()) << "connect";
  const std::string bytes = Blob(100'000, 1);
  auto up = client.Upload(sshd_.data_dir(), "batch-1.x12", bytes);
  ASSERT_TRUE(up) << up.error().message;
  EXPECT_FALSE(up->already_delivered);
  EXPECT_EQ(up->bytes, bytes.size());
  auto list = client.List(sshd_.data_dir());
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].name, "batch-1.x12");
  EXPECT_EQ((*list)[0].stat.size, bytes.size());
  auto down = client.Download(Data("batch-1.x12"), 1 << 20);
  ASSERT_TRUE(down) << down.error().message;
  EXPECT_EQ(*down, bytes);
  ASSERT_TRUE(client.Rename(Data("batch-1.x12"), Data("batch-1.done")));
  EXPECT_TRUE(LocalFileExists(Data("batch-1.done")));
  ASSERT_TRUE(client.Remove(Data("batch-1.done")));
  EXPECT_EQ(CountEntries(sshd_.data_dir()), 0);
  auto gone = client.Exists(Data("batch-1.done"));
  ASSERT_TRUE(gone);
  EXPECT_FALSE(*gone);
}

TEST_F(SftpClientTest, PinnedHostKeyMatchesAndIsReported) {
  SftpClient client(Options());
  ASSERT_TRUE(client.Connect());
  EXPECT_EQ(client.seen_host_key(), sshd_.host_fingerprint());
  EXPECT_TRUE(client.connected());
}

TEST_F(SftpClientTest, WrongHostKeyFingerprintIsHostKeyErrorAndWritesNothing) {
  SftpOptions o = Options();
  o.host_key_sha256 = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  SftpClient client(o);
  auto r = client.Connect();
  ASSERT_FALSE(r);
  EXPECT_EQ(SftpErrorKindOf(r.error()), kHostKeyMismatch);
  EXPECT_NE(r.error().message.find("127.0.0.1:" + std::to_string(sshd_.port())), std::string::npos);
  EXPECT_FALSE(client.connected());
  auto up = client.Upload(sshd_.data_dir(), "x.x12", "payload");
  ASSERT_FALSE(up);
  EXPECT_EQ(CountEntries(sshd_.data_dir()), 0);
}

TEST_F(SftpClientTest, UnauthorizedUserKeyIsAuthError) {
  SftpOptions o = Options();
  o.private_key_file = sshd_.other_key();
  SftpClient client(o);
  auto r = client.Connect();
  ASSERT_FALSE(r);
  EXPECT_EQ(SftpErrorKindOf(r.error()), SftpErrorKind::kAuth) << r.error().message;
}

TEST_F(SftpClientTest, PassphraseProtectedKeyNeedsItsPassphrase) {
  SftpOptions o = Options();
  o.private_key_file = sshd_.pass_key();
  o.passphrase = "wrong-passphrase";
  SftpClient wrong(o);
  auto r = wrong.Connect();
  ASSERT_FALSE(r);
  EXPECT_EQ(SftpErrorKindOf(r.error()), SftpErrorKind::kAuth);
  o.passphrase = testing::SshdServer::kPassphrase;
  SftpClient right(o);
  EXPECT_TRUE(right.Connect());
}

TEST_F(SftpClientTest, UploadLeavesNoPartFileAndExactBytes) {
  SftpClient client(Options());
  ASSERT_TRUE(client.Connect());
  const std::string bytes = Blob(3'000'001, 2);
  auto up = client.Upload(sshd_.data_dir(), "big.x12", bytes);
  ASSERT_TRUE(up) << up.error().message;
  EXPECT_TRUE(up->fsynced);
  EXPECT_FALSE(LocalFileExists(Data(".big.x12.part")));
  EXPECT_EQ(CountEntries(sshd_.data_dir()), 1);
  EXPECT_EQ(ReadLocalFile(Data("big.x12")), bytes);
}

TEST_F(SftpClientTest, SameNameSameSizeIsAlreadyDeliveredOtherSizeIsExists) {
  SftpClient client(Options());
  ASSERT_TRUE(client.Connect());
  ASSERT_TRUE(client.Upload(sshd_.data_dir(), "one.x12", "ABCDEF"));
  auto again = client.Upload(sshd_.data_dir(), "one.x12", "ABCDEF");
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->already_delivered);
  auto other = client.Upload(sshd_.data_dir(), "one.x12", "ABCDEFGH");
  ASSERT_FALSE(other);
  EXPECT_EQ(SftpErrorKindOf(other.error()), SftpErrorKind::kExists);
  EXPECT_EQ(ReadLocalFile(Data("one.x12")), "ABCDEF");
  auto state = client.CheckDelivery(sshd_.data_dir(), "one.x12", 6);
  ASSERT_TRUE(state);
  EXPECT_EQ(*state, DeliveryState::kDelivered);
}

TEST_F(SftpClientTest, RenameOntoAnExistingFileFailsAndKeepsBoth) {
  SftpClient client(Options());
  ASSERT_TRUE(client.Connect());
  ASSERT_TRUE(client.Upload(sshd_.data_dir(), "a.x12", "first"));
  ASSERT_TRUE(client.Upload(sshd_.data_dir(), "b.x12", "second!"));
  auto r = client.Rename(Data("a.x12"), Data("b.x12"));
  ASSERT_FALSE(r);
  EXPECT_EQ(SftpErrorKindOf(r.error()), SftpErrorKind::kRemote);
  EXPECT_EQ(ReadLocalFile(Data("a.x12")), "first");
  EXPECT_EQ(ReadLocalFile(Data("b.x12")), "second!");
}

TEST_F(SftpClientTest, RejectsNamesThatAreNotPlain) {
  SftpClient client(Options());
  ASSERT_TRUE(client.Connect());
  auto r = client.Upload(sshd_.data_dir(), "../escape.x12", "x");
  ASSERT_FALSE(r);
  EXPECT_EQ(SftpErrorKindOf(r.error()), SftpErrorKind::kInvalid);
}

TEST_F(SftpClientTest, ConnectionCutMidUploadLeavesNoFinalFileAndRetryDeliversWhole) {
  const std::string bytes = Blob(4'000'000, 3);
  {
    testing::CuttingProxy proxy(sshd_.port(), 600'000);
    SftpOptions o = Options();
    o.port = proxy.port();
    o.io_timeout = std::chrono::seconds(5);
    SftpClient client(o);
    ASSERT_TRUE(client.Connect());
    auto up = client.Upload(sshd_.data_dir(), "cut.x12", bytes);
    ASSERT_FALSE(up);
    auto kind = SftpErrorKindOf(up.error());
    EXPECT_TRUE(kind == SftpErrorKind::kConnect || kind == SftpErrorKind::kTimeout)
        << up.error().message;
  }
  EXPECT_FALSE(LocalFileExists(Data("cut.x12")));
  SftpClient retry(Options());
  ASSERT_TRUE(retry.Connect());
  auto state = retry.CheckDelivery(sshd_.data_dir(), "cut.x12", bytes.size());
  ASSERT_TRUE(state);
  EXPECT_EQ(*state, DeliveryState::kAbsent);
  auto up = retry.Upload(sshd_.data_dir(), "cut.x12", bytes);
  ASSERT_TRUE(up) << up.error().message;
  EXPECT_FALSE(up->already_delivered);
  EXPECT_EQ(ReadLocalFile(Data("cut.x12")), bytes);
  EXPECT_FALSE(LocalFileExists(Data(".cut.x12.part")));
}

TEST_F(SftpClientTest, ServerThatNeverSpeaksTimesOutWithinDeadline) {
  testing::SilentListener silent;
  SftpOptions o = Options();
  o.port = silent.port();
  o.connect_timeout = std::chrono::milliseconds(500);
  SftpClient client(o);
  auto start = std::chrono::steady_clock::now();
  auto r = client.Connect();
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r);
  EXPECT_EQ(SftpErrorKindOf(r.error()), SftpErrorKind::kTimeout) << r.error().message;
  EXPECT_GE(took, std::chrono::milliseconds(450));
  EXPECT_LT(took, std::chrono::milliseconds(1500));
}

TEST_F(SftpClientTest, DownloadOverLimitIsTooLarge) {
  SftpClient client(Options());
  ASSERT_TRUE(client.Connect());
  ASSERT_TRUE(client.Upload(sshd_.data_dir(), "resp.999", Blob(10'000, 4)));
  auto r = client.Download(Data("resp.999"), 9'999);
  ASSERT_FALSE(r);
  EXPECT_EQ(SftpErrorKindOf(r.error()), SftpErrorKind::kTooLarge);
  auto ok = client.Download(Data("resp.999"), 10'000);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->size(), 10'000u);
}

TEST_F(SftpClientTest, MissingFileStatIsEmptyAndRemoveIsRemoteError) {
  SftpClient client(Options());
  ASSERT_TRUE(client.Connect());
  auto st = client.Stat(Data("nothing"));
  ASSERT_TRUE(st);
  EXPECT_FALSE(st->has_value());
  auto rm = client.Remove(Data("nothing"));
  ASSERT_FALSE(rm);
  EXPECT_EQ(SftpErrorKindOf(rm.error()), SftpErrorKind::kRemote);
  EXPECT_TRUE(client.KeepAlive());
}

}  // namespace
}  // namespace claimgate::transport
