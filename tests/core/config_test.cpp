#include "src/core/config.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace claimgate::core {
namespace {

namespace fs = std::filesystem;

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/claimgate-config-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    // Stand-in PEM files: the loader only checks that they exist (the server loads them).
    Write("server.crt", "x");
    Write("server.key", "x");
    Write("ca.crt", "x");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  // A valid [server.tls] section with the temp files.
  std::string Tls() const {
    return "[server.tls]\ncert_file = \"" + dir_ + "/server.crt\"\nkey_file = \"" + dir_ +
           "/server.key\"\n";
  }
  Result<GatewayConfig> Load(const std::string& text) {
    return LoadConfig(Write("claimgate.toml", text));
  }
  std::string Path() const { return dir_ + "/claimgate.toml"; }

  std::string dir_;
};

TEST_F(ConfigTest, MinimalTlsConfigGetsDocumentedDefaults) {
  Result<GatewayConfig> c = Load(Tls());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.address, "127.0.0.1");
  EXPECT_EQ(c->server.port, 8443);
  EXPECT_FALSE(c->server.plain_http);
  EXPECT_EQ(c->server.tls.client_cert, ClientCertMode::kOff);
  EXPECT_EQ(c->limits.header_bytes, 16u * 1024);
  EXPECT_EQ(c->limits.body_bytes, 1024u * 1024);
  EXPECT_EQ(c->limits.batch_items, 1000);
  EXPECT_EQ(c->store.path, "var/claimgate.db");
  EXPECT_TRUE(c->store.encryption_key.empty());
  EXPECT_EQ(c->log.level, "info");
}

TEST_F(ConfigTest, EmptyFileNeedsACertificate) {
  Result<GatewayConfig> c = Load("");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find(Path() + ": server.tls.cert_file: required"), std::string::npos)
      << c.error().message;
}

TEST_F(ConfigTest, UnknownKeyIsNamedWithFileAndKeyPath) {
  Result<GatewayConfig> c = Load(Tls() + "client_certs = \"on\"\n");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, Path() + ": server.tls.client_certs: unknown key");
}

TEST_F(ConfigTest, UnknownSectionIsAnError) {
  Result<GatewayConfig> c = Load(Tls() + "[limit]\nheader_bytes = 4096\n");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, Path() + ": limit: unknown key");
}

TEST_F(ConfigTest, WrongTypeIsNamed) {
  Result<GatewayConfig> c = Load("[server]\nport = \"8443\"\n" + Tls());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, Path() + ": server.port: must be an integer");
}

TEST_F(ConfigTest, OutOfRangeValueIsNamedWithItsRange) {
  Result<GatewayConfig> c = Load("[server]\nport = 70000\n" + Tls());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, Path() + ": server.port: must be between 0 and 65535 (is 70000)");
}

TEST_F(ConfigTest, MissingCertificateFileIsNamed) {
  Result<GatewayConfig> c = Load("[server.tls]\ncert_file = \"" + dir_ +
                                 "/nope.crt\"\nkey_file = \"" + dir_ + "/server.key\"\n");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message,
            Path() + ": server.tls.cert_file: file not found: " + dir_ + "/nope.crt");
}

TEST_F(ConfigTest, PlainHttpOnNonLoopbackAddressIsRefused) {
  Result<GatewayConfig> c = Load("[server]\naddress = \"0.0.0.0\"\nplain_http = true\n");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message,
            Path() +
                ": server.plain_http: allowed only on a loopback address (server.address "
                "is 0.0.0.0)");
}

TEST_F(ConfigTest, PlainHttpOnLoopbackNeedsNoCertificate) {
  for (const char* address : {"127.0.0.1", "127.1.2.3", "::1"}) {
    Result<GatewayConfig> c =
        Load(std::string("[server]\naddress = \"") + address + "\"\nplain_http = true\n");
    ASSERT_TRUE(c) << address << ": " << c.error().message;
    EXPECT_TRUE(c->server.plain_http);
  }
}

TEST_F(ConfigTest, AddressMustBeAnIpLiteral) {
  Result<GatewayConfig> c = Load("[server]\naddress = \"localhost\"\n" + Tls());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message,
            Path() + ": server.address: must be an IPv4 or IPv6 address literal");
}

TEST_F(ConfigTest, ClientCertificatesNeedACaFile) {
  Result<GatewayConfig> c = Load(Tls() + "client_cert = \"required\"\n");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, Path() + ": server.tls.ca_file: required");
  c = Load(Tls() + "client_cert = \"required\"\nca_file = \"" + dir_ + "/ca.crt\"\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.tls.client_cert, ClientCertMode::kRequired);
}

TEST_F(ConfigTest, BadChoiceListsTheAllowedValues) {
  Result<GatewayConfig> c = Load(Tls() + "client_cert = \"yes\"\n");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message,
            Path() + ": server.tls.client_cert: must be one of: off, optional, required");
}

TEST_F(ConfigTest, InlineSecretIsRefused) {
  Result<GatewayConfig> c = Load(Tls() + "[store]\nencryption_key = \"00112233\"\n");
  ASSERT_FALSE(c);
  EXPECT_NE(
      c.error().message.find(Path() + ": store.encryption_key: must be file:PATH or env:NAME"),
      std::string::npos);
  EXPECT_EQ(c.error().message.find("00112233"), std::string::npos);
}

TEST_F(ConfigTest, EveryProblemIsReportedNotOnlyTheFirst) {
  Result<GatewayConfig> c = Load(
      "[server]\nport = -1\nthreads = 2\n[limits]\nidle_timeout_ms = 1\n[log]\nlevel = "
      "\"loud\"\n" +
      Tls());
  ASSERT_FALSE(c);
  const std::string& m = c.error().message;
  EXPECT_NE(m.find("server.port: must be between"), std::string::npos) << m;
  EXPECT_NE(m.find("server.threads: unknown key"), std::string::npos) << m;
  EXPECT_NE(m.find("limits.idle_timeout_ms: must be between 100"), std::string::npos) << m;
  EXPECT_NE(m.find("log.level: must be one of"), std::string::npos) << m;
}

TEST_F(ConfigTest, SyntaxErrorNamesLine) {
  Result<GatewayConfig> c = Load("[server]\nport = 80\nport = 81\n");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, "config_syntax");
  EXPECT_EQ(c.error().message.rfind(Path() + ":3:", 0), 0u) << c.error().message;
}

TEST_F(ConfigTest, UnreadableFileIsAnError) {
  Result<GatewayConfig> c = LoadConfig(dir_ + "/missing.toml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, "config_unreadable");
}

TEST(SecretRef, ReadsFromFileWithoutTrailingNewline) {
  char tmpl[] = "/tmp/claimgate-secret-XXXXXX";
  const int fd = mkstemp(tmpl);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "k3y-value\n", 10), 10);
  close(fd);
  Result<SecretRef> ref = ParseSecretRef(std::string("file:") + tmpl);
  ASSERT_TRUE(ref);
  Result<std::string> value = ReadSecret(*ref);
  ASSERT_TRUE(value) << value.error().message;
  EXPECT_EQ(*value, "k3y-value");
  unlink(tmpl);
  EXPECT_FALSE(ReadSecret(*ref));
}

TEST(SecretRef, ReadsFromEnvironmentAndNamesAMissingVariable) {
  Result<SecretRef> ref = ParseSecretRef("env:CLAIMGATE_TEST_SECRET_V1");
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->ToString(), "env:CLAIMGATE_TEST_SECRET_V1");
  unsetenv("CLAIMGATE_TEST_SECRET_V1");
  Result<std::string> missing = ReadSecret(*ref);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("CLAIMGATE_TEST_SECRET_V1"), std::string::npos);
  setenv("CLAIMGATE_TEST_SECRET_V1", "abc", 1);
  Result<std::string> value = ReadSecret(*ref);
  ASSERT_TRUE(value);
  EXPECT_EQ(*value, "abc");
  unsetenv("CLAIMGATE_TEST_SECRET_V1");
}

TEST(SecretRef, RefusesAnythingButFileOrEnv) {
  for (const char* text : {"", "file:", "env:", "secret", "env:A-B", "FILE:/x"}) {
    EXPECT_FALSE(ParseSecretRef(text)) << text;
  }
}

// The example config that deploy/run uses is valid once the development certificates exist.
TEST(ExampleConfig, DeployConfigLoadsWithDevCertificates) {
  char tmpl[] = "/tmp/claimgate-example-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const fs::path old = fs::current_path();
  fs::current_path(tmpl);
  const std::string script = std::string(CLAIMGATE_SOURCE_DIR) + "/certs/make-dev-certs.sh";
  ASSERT_EQ(std::system((script + " var/certs >/dev/null").c_str()), 0);
  Result<GatewayConfig> c =
      LoadConfig(std::string(CLAIMGATE_SOURCE_DIR) + "/deploy/claimgate.toml");
  fs::current_path(old);
  fs::remove_all(tmpl);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(IsLoopbackAddress(c->server.address));
  EXPECT_EQ(c->server.tls.client_cert, ClientCertMode::kOptional);
  EXPECT_EQ(c->store.encryption_key.kind, SecretRef::Kind::kFile);
}

TEST(Loopback, RecognisesLoopbackLiteralsOnly) {
  EXPECT_TRUE(IsLoopbackAddress("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackAddress("::1"));
  EXPECT_FALSE(IsLoopbackAddress("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackAddress("::"));
  EXPECT_FALSE(IsLoopbackAddress("10.0.0.1"));
  EXPECT_FALSE(IsLoopbackAddress("localhost"));
}

}  // namespace
}  // namespace claimgate::core
