#include "src/core/payer_config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace claimgate::core {
namespace {

namespace fs = std::filesystem;

// A complete valid SFTP payer; tests change one line to make one mistake.
const std::string kValid = R"(id = "p1"
name = "Payer One"
claim_types = ["professional"]
[isa]
sender_qualifier = "ZZ"
sender_id = "SENDER"
receiver_qualifier = "ZZ"
receiver_id = "RECEIVER"
usage = "T"
[gs]
sender_code = "SENDER"
receiver_code = "RECEIVER"
[transport]
kind = "sftp"
[transport.sftp]
host = "127.0.0.1"
user = "u"
key_file = "file:key"
host_key_fingerprint = "SHA256:abc"
upload_dir = "in"
response_dirs = ["out"]
)";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The error message of parsing `text` as file "payers/x.toml"; fails the test if it parsed.
std::string ErrorOf(const std::string& text) {
  Result<PayerConfig> r = ParsePayerConfig(text, "payers/x.toml");
  EXPECT_FALSE(r) << text;
  return r ? "" : r.error().message;
}

TEST(PayerConfig, ValidFileLoadsWithDefaults) {
  Result<PayerConfig> r = ParsePayerConfig(kValid, "payers/x.toml");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->id, "p1");
  EXPECT_EQ(r->isa.usage, 'T');
  EXPECT_EQ(r->transport, TransportKind::kSftp);
  EXPECT_EQ(r->sftp.port, 22);
  EXPECT_EQ(r->sftp.key.kind, SecretRef::Kind::kFile);
  EXPECT_TRUE(r->Accepts(ClaimType::kProfessional));
  EXPECT_FALSE(r->Accepts(ClaimType::kDental));
  EXPECT_EQ(r->watchdog.ack_999_seconds, 3600);
  EXPECT_EQ(r->isa.control_number_start, 1);
  EXPECT_EQ(r->gs.control_number_start, 1);
}

TEST(PayerConfig, ControlNumberStartsAreRead) {
  std::string text = Replace(kValid, "usage = \"T\"", "usage = \"T\"\ncontrol_number_start = 5000");
  text = Replace(text, "receiver_code = \"RECEIVER\"",
                 "receiver_code = \"RECEIVER\"\ncontrol_number_start = 999999999");
  Result<PayerConfig> r = ParsePayerConfig(text, "payers/x.toml");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->isa.control_number_start, 5000);
  EXPECT_EQ(r->gs.control_number_start, 999999999);
}

struct BadCase {
  const char* from;
  const char* to;
  const char* key_path;
};

TEST(PayerConfig, EveryErrorNamesFileAndKeyPath) {
  const BadCase cases[] = {
      {"name = \"Payer One\"", "name = \"Payer One\"\ncolour = 1", "colour: unknown key"},
      {"usage = \"T\"", "usage = \"X\"", "isa.usage: must be one of"},
      {"sender_id = \"SENDER\"", "sender_id = \"SENDER_ID_TOO_LONG_X\"",
       "isa.sender_id: must be 1..15"},
      {"receiver_qualifier = \"ZZ\"", "receiver_qualifier = \"Z\"",
       "isa.receiver_qualifier: must be 2..2"},
      {"sender_code = \"SENDER\"", "sender_code = \"S*1\"", "gs.sender_code: holds a character"},
      {"[gs]\n", "[gs]\nextra = true\n", "gs.extra: unknown key"},
      {"claim_types = [\"professional\"]", "claim_types = [\"vision\"]",
       "claim_types: unknown claim type"},
      {"kind = \"sftp\"", "kind = \"ftp\"", "transport.kind: must be one of"},
      {"host = \"127.0.0.1\"\n", "", "transport.sftp.host: required"},
      {"user = \"u\"", "user = 5", "transport.sftp.user: must be a string"},
      {"key_file = \"file:key\"", "key_file = \"hunter2\"",
       "transport.sftp.key_file: must be file:PATH"},
      {"host_key_fingerprint = \"SHA256:abc\"", "host_key_fingerprint = \"MD5:aa\"",
       "transport.sftp.host_key_fingerprint: must be SHA256"},
      {"response_dirs = [\"out\"]", "response_dirs = [1]",
       "transport.sftp.response_dirs: must be an array"},
      {"upload_dir = \"in\"", "upload_dir = \"in\"\nfile_name_pattern = \"{claim}.x12\"",
       "transport.sftp.file_name_pattern: unknown placeholder"},
      {"upload_dir = \"in\"", "upload_dir = \"in\"\nafter_download = \"move:\"",
       "transport.sftp.after_download: must be delete, keep or move:DIR"},
      {"upload_dir = \"in\"", "upload_dir = \"in\"\nport = 70000",
       "transport.sftp.port: must be between"},
      {"[transport]\n", "[batching]\nmax_claims = 0\n[transport]\n",
       "batching.max_claims: must be between"},
      {"[transport]\n", "[retry]\nbase_delay_seconds = 10\nmax_delay_seconds = 5\n[transport]\n",
       "retry.max_delay_seconds: must be at least"},
      {"[transport]\n", "[circuit]\nopen_seconds = \"5\"\n[transport]\n",
       "circuit.open_seconds: must be an integer"},
      {"[transport]\n", "[watchdog]\nremit_835_days = 0\n[transport]\n",
       "watchdog.remit_835_days: must be between"},
      {"[transport]\n", "[companion]\nallowed_frequency_codes = [\"12\"]\n[transport]\n",
       "companion.allowed_frequency_codes: bad frequency code"},
      {"kind = \"sftp\"", "kind = \"core\"", "transport.core: required when kind"},
      {"id = \"p1\"", "id = \"bad id\"", "id: must be 1..64"},
      {"usage = \"T\"", "usage = \"T\"\ncontrol_number_start = 0",
       "isa.control_number_start: must be between 1 and 999999999"},
      {"usage = \"T\"", "usage = \"T\"\ncontrol_number_start = 1000000000",
       "isa.control_number_start: must be between 1 and 999999999"},
      {"receiver_code = \"RECEIVER\"", "receiver_code = \"RECEIVER\"\ncontrol_number_start = \"5\"",
       "gs.control_number_start: must be an integer"},
  };
  for (const BadCase& c : cases) {
    const std::string message = ErrorOf(Replace(kValid, c.from, c.to));
    EXPECT_NE(message.find(std::string("payers/x.toml: ") + c.key_path), std::string::npos)
        << "expected '" << c.key_path << "' in: " << message;
  }
}

TEST(PayerConfig, CoreTransportNeedsItsOwnKeys) {
  std::string text = Replace(kValid, "kind = \"sftp\"", "kind = \"core\"");
  text =
      Replace(text, "[transport.sftp]", "[transport.core]\nurl = \"http://x\"\n[transport.sftp]");
  const std::string message = ErrorOf(text);
  for (const char* key : {"transport.core.url: must start with https://",
                          "transport.core.username: required", "transport.core.password: required",
                          "transport.core.sender_id: required", "transport.sftp: unknown key"}) {
    EXPECT_NE(message.find(std::string("payers/x.toml: ") + key), std::string::npos) << key << "\n"
                                                                                     << message;
  }
}

TEST(PayerConfig, SyntaxErrorNamesFileAndLine) {
  const std::string message = ErrorOf("id = \n");
  EXPECT_TRUE(message.starts_with("payers/x.toml:1:")) << message;
  Result<PayerConfig> r = ParsePayerConfig("id = \n", "payers/x.toml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "payer_config_syntax");
}

class PayerDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("payer_dir_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  fs::path dir_;
};

TEST_F(PayerDir, DuplicateIdsNameBothFiles) {
  Write("a.toml", kValid);
  Write("b.toml", kValid);
  Write("notes.txt", "not a payer");
  Result<std::vector<PayerConfig>> r = LoadPayerDirectory(dir_.string());
  ASSERT_FALSE(r);
  EXPECT_NE(
      r.error().message.find((dir_ / "b.toml").string() + ": id: payer id p1 is also used by " +
                             (dir_ / "a.toml").string()),
      std::string::npos)
      << r.error().message;
}

TEST_F(PayerDir, ReportsErrorsOfEveryFile) {
  Write("a.toml", Replace(kValid, "usage = \"T\"", "usage = 1"));
  Write("b.toml",
        Replace(Replace(kValid, "id = \"p1\"", "id = \"p2\""), "user = \"u\"", "user = 1"));
  Result<std::vector<PayerConfig>> r = LoadPayerDirectory(dir_.string());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("a.toml: isa.usage"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("b.toml: transport.sftp.user"), std::string::npos);
}

TEST(PayerExamples, ShippedPayersLoad) {
  Result<std::vector<PayerConfig>> r = LoadPayerDirectory(CLAIMGATE_SOURCE_DIR "/payers");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].id, "sim-core");
  EXPECT_EQ((*r)[0].core.url, "https://127.0.0.1:9443/core");
  EXPECT_EQ((*r)[1].id, "sim-sftp");
  EXPECT_EQ((*r)[1].sftp.port, 2222);
}

TEST(PayerExamples, TemplatesLoad) {
  int seen = 0;
  for (const auto& entry : fs::directory_iterator(CLAIMGATE_SOURCE_DIR "/payers/templates")) {
    if (entry.path().extension() != ".example") continue;
    ++seen;
    Result<PayerConfig> r = LoadPayerConfig(entry.path().string());
    EXPECT_TRUE(r) << entry.path() << ": " << (r ? "" : r.error().message);
  }
  EXPECT_EQ(seen, 2);
}

TEST(PayerConfig, FileNamePatternExpands) {
  EXPECT_EQ(ExpandFileName("{payer}_{isa13}_{date}{time}.x12{x}",
                           {"000000007", "20260115", "093000", "p1", ""}),
            "p1_000000007_20260115093000.x12{x}");
}

}  // namespace
}  // namespace claimgate::core
