// claimgate admin: tenants and API keys, run as a separate process against a real store file.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class AdminCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cg-admin-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "store.key") << std::string(64, 'a') << "\n";
    common_ = " --db " + (dir_ / "var/claimgate.db").string() + " --key-file " +
              (dir_ / "store.key").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `claimgate admin <args>` with the test's --db and --key-file; returns the exit code
  // and fills out_ (stdout).
  int Admin(const std::string& args, const std::string& options = "") {
    fs::path out = dir_ / "stdout";
    std::string cmd = std::string(CLAIMGATE_BIN) + " admin" +
                      (options.empty() ? common_ : options) + " " + args + " >" + out.string() +
                      " 2>/dev/null";
    int status = std::system(cmd.c_str());
    out_ = Slurp(out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  fs::path dir_;
  std::string common_;
  std::string out_;
};

TEST_F(AdminCli, CreatesTenantsAndKeysAndRevokesThem) {
  ASSERT_EQ(Admin("tenant create 'Clinic One'"), 0);
  ASSERT_EQ(out_.rfind("ten_", 0), 0u) << out_;
  std::string tenant = out_.substr(0, out_.find('\t'));
  EXPECT_NE(out_.find("Clinic One"), std::string::npos);
  ASSERT_EQ(Admin("tenant list"), 0);
  EXPECT_NE(out_.find(tenant), std::string::npos);

  ASSERT_EQ(Admin("key create --tenant " + tenant + " --role biller"), 0);
  auto at = out_.find("cg_live_");
  ASSERT_NE(at, std::string::npos) << out_;
  std::string secret = out_.substr(at, out_.find('\n', at) - at);
  EXPECT_EQ(secret.size(), 51u);
  auto id_at = out_.find("key_");
  ASSERT_NE(id_at, std::string::npos);
  std::string key_id = out_.substr(id_at, out_.find('\n', id_at) - id_at);

  ASSERT_EQ(Admin("key list --tenant " + tenant), 0);
  EXPECT_NE(out_.find(key_id + "\tbiller\t" + secret.substr(0, 12) + "\tactive"), std::string::npos)
      << out_;
  EXPECT_EQ(out_.find(secret), std::string::npos) << "the secret is shown only once";
  for (const auto& f : fs::directory_iterator(dir_ / "var")) {
    EXPECT_EQ(Slurp(f.path()).find(secret), std::string::npos) << f.path();
  }

  ASSERT_EQ(Admin("key revoke " + key_id), 0);
  ASSERT_EQ(Admin("key list --tenant " + tenant), 0);
  EXPECT_NE(out_.find("revoked"), std::string::npos) << out_;
}

TEST_F(AdminCli, RefusesBadRolesUnknownTenantsAndBadKeys) {
  ASSERT_EQ(Admin("tenant create T"), 0);
  std::string tenant = out_.substr(0, out_.find('\t'));
  EXPECT_EQ(Admin("key create --tenant " + tenant + " --role superuser"), 1);
  EXPECT_EQ(Admin("key create --tenant ten_0000000000000000 --role admin"), 1);
  EXPECT_EQ(Admin("key revoke key_0000000000000000"), 1);
  std::ofstream(dir_ / "short.key") << "abc";
  std::string db = " --db " + (dir_ / "var/claimgate.db").string();
  EXPECT_EQ(Admin("tenant list", db + " --key-file " + (dir_ / "short.key").string()), 2);
  EXPECT_EQ(Admin("tenant list", db + " --key-file " + (dir_ / "missing.key").string()), 2);
}

}  // namespace
