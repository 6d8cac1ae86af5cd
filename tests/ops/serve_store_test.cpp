// The store's health through `claimgate` run as a process (plain HTTP on loopback, real SQLite
// files): a wrong encryption key stops `serve` and `admin` before anything is written, and on a
// real full file system (a small tmpfs; mounting one needs root, the test is skipped without)
// writes are answered 503, /readyz turns not ready naming the store, /metrics counts the failed
// commits, the log says why without PHI, and all of it clears once there is room again.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "tests/api/process_util.hpp"
#include "tests/api/test_client.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using claimgate::testing::Client;
using claimgate::testing::ReadFile;
using claimgate::testing::Reply;
using claimgate::testing::Shell;
using claimgate::testing::ShellResult;
using claimgate::testing::TlsOptions;
using claimgate::testing::WaitForLoggedPort;

class ServeStore : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/claimgate-servestore-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    db_ = dir_ + "/claimgate.db";
    std::ofstream(dir_ + "/a.key") << std::string(64, 'a');
    std::ofstream(dir_ + "/b.key") << std::string(64, 'b');
  }
  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (mounted_) ::umount2(mount_.c_str(), MNT_DETACH);
    fs::remove_all(dir_);
  }

  // The gateway's config: plain HTTP on a port it picks, no payers, the store at db_.
  std::string WriteConfig(const std::string& key_file) {
    const std::string path = dir_ + "/claimgate.toml";
    std::ofstream(path) << "[server]\nplain_http = true\nport = 0\nshutdown_grace_ms = 2000\n"
                        << "[store]\npath = \"" << db_ << "\"\nencryption_key = \"file:" << key_file
                        << "\"\n[payers]\nenabled = false\n[log]\nlevel = \"info\"\n";
    return path;
  }
  ShellResult Admin(const std::string& key_file, const std::string& args) {
    return Shell(std::string(CLAIMGATE_BIN) + " admin --db " + db_ + " --key-file " + key_file +
                 " " + args);
  }
  // The secret printed by `admin key create`.
  static std::string KeyOf(const std::string& out) {
    const size_t at = out.find("key:");
    if (at == std::string::npos) return "";
    std::string key = out.substr(out.find_first_not_of(' ', at + 4));
    return key.substr(0, key.find('\n'));
  }

  // Starts `claimgate serve` with its log in dir_/serve.log and waits for its port.
  void StartServer(const std::string& config) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string log = dir_ + "/serve.log";
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::string bin = CLAIMGATE_BIN, sub = "serve", flag = "--config", path = config;
    char* argv[] = {bin.data(), sub.data(), flag.data(), path.data(), nullptr};
    ASSERT_EQ(posix_spawn(&pid_, bin.c_str(), &actions, nullptr, argv, environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    port_ = WaitForLoggedPort(log);
    ASSERT_NE(port_, 0) << ReadFile(log);
  }

  Reply Call(const std::string& request) {
    TlsOptions plain;
    plain.tls = false;
    auto c = Client::Connect(port_, plain);
    if (!c || !c->Send(request)) return {};
    auto r = c->ReadReply(10000);
    return r ? *r : Reply{};
  }
  Reply Get(const std::string& target, const std::string& bearer = "") {
    return Call("GET " + target + " HTTP/1.1\r\nHost: t\r\n" +
                (bearer.empty() ? "" : "Authorization: Bearer " + bearer + "\r\n") + "\r\n");
  }
  Reply PostClaim(const std::string& bearer, const std::string& idempotency_key,
                  const std::string& account) {
    std::string body =
        ReadFile(std::string(CLAIMGATE_SOURCE_DIR) + "/docs/examples/837p-simple.json");
    body.replace(body.find("\"PCN0001\""), 9, "\"" + account + "\"");
    return Call("POST /v1/claims HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + bearer +
                "\r\nIdempotency-Key: " + idempotency_key +
                "\r\nContent-Type: application/json\r\nContent-Length: " +
                std::to_string(body.size()) + "\r\n\r\n" + body);
  }
  // The value of an unlabelled series in a /metrics text, or -1.
  static double Series(const std::string& text, const std::string& name) {
    const size_t at = text.find("\n" + name + " ");
    return at == std::string::npos ? -1 : std::stod(text.substr(at + name.size() + 2));
  }

  std::string dir_, db_, mount_;
  bool mounted_ = false;
  pid_t pid_ = 0;
  uint16_t port_ = 0;
};

TEST_F(ServeStore, AWrongKeyStopsServeAndAdminWithExitTwoBeforeAnythingIsWritten) {
  ASSERT_EQ(Admin(dir_ + "/a.key", "tenant create KeyTest").exit_code, 0);
  const std::string before = ReadFile(db_);
  ASSERT_FALSE(before.empty());

  const std::string config = WriteConfig(dir_ + "/b.key");
  const ShellResult serve = Shell(std::string(CLAIMGATE_BIN) + " serve --config " + config);
  EXPECT_EQ(serve.exit_code, 2) << serve.output;
  EXPECT_NE(serve.output.find("claimgate serve: " + db_ +
                              ": the encryption key does not open this database"),
            std::string::npos)
      << serve.output;
  EXPECT_NE(serve.output.find("(store.encryption_key in " + config + ")"), std::string::npos)
      << serve.output;
  EXPECT_EQ(serve.output.find("server_started"), std::string::npos) << serve.output;

  const ShellResult admin = Admin(dir_ + "/b.key", "tenant create Other");
  EXPECT_EQ(admin.exit_code, 2) << admin.output;
  EXPECT_NE(admin.output.find("the encryption key does not open this database"), std::string::npos)
      << admin.output;

  EXPECT_EQ(ReadFile(db_), before);
  const ShellResult listed = Admin(dir_ + "/a.key", "tenant list");
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_NE(listed.output.find("KeyTest"), std::string::npos);
  EXPECT_EQ(listed.output.find("Other"), std::string::npos) << listed.output;
}

TEST_F(ServeStore, OnAFullDiskWritesAre503ReadyzIsNotReadyAndFailuresAreCountedAndLogged) {
  mount_ = dir_ + "/mnt";
  fs::create_directory(mount_);
  mounted_ = ::mount("tmpfs", mount_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
                     "size=4194304,mode=0700") == 0;
  if (!mounted_) GTEST_SKIP() << "mounting a tmpfs needs root: " << std::strerror(errno);
  db_ = mount_ + "/claimgate.db";
  const std::string key = dir_ + "/a.key";
  const std::string tenant_out = Admin(key, "tenant create FullDisk").output;
  const std::string tenant_id = tenant_out.substr(0, tenant_out.find('\t'));
  const std::string submitter =
      KeyOf(Admin(key, "key create --tenant " + tenant_id + " --role submitter").output);
  const std::string platform =
      KeyOf(Admin(key, "key create --role platform_operator --label metrics").output);
  ASSERT_FALSE(submitter.empty());
  ASSERT_FALSE(platform.empty());
  StartServer(WriteConfig(key));

  ASSERT_EQ(PostClaim(submitter, "full-0", "ACCT0").status, 201);
  EXPECT_EQ(Get("/readyz").status, 200);

  // Fill the file system to the last page.
  {
    std::ofstream filler(mount_ + "/filler", std::ios::binary);
    const std::string chunk(4096, 'F');
    while (filler.write(chunk.data(), static_cast<std::streamsize>(chunk.size()))) {
    }
  }
  for (int i = 1; i <= 3; ++i) {
    const Reply r = PostClaim(submitter, "full-" + std::to_string(i), "ACCT" + std::to_string(i));
    EXPECT_EQ(r.status, 503) << r.head << r.body;
  }
  const Reply ready = Get("/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(ready.body, "not ready: store\n");
  const std::string metrics = Get("/metrics", platform).body;
  EXPECT_GE(Series(metrics, "claimgate_store_commit_failures_total"), 3) << metrics;
  EXPECT_EQ(Series(metrics, "claimgate_store_commit_failing"), 1) << metrics;
  const std::string log = ReadFile(dir_ + "/serve.log");
  EXPECT_NE(log.find("error claimgate store_commit_failed stage="), std::string::npos) << log;
  EXPECT_NE(log.find("error=\"database or disk is full\""), std::string::npos) << log;

  // Room again: the writer's probe commits, without any request.
  fs::remove(mount_ + "/filler");
  bool recovered = false;
  for (int i = 0; i < 150 && !recovered; ++i) {
    recovered = Get("/readyz").status == 200;
    if (!recovered) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(recovered) << ReadFile(dir_ + "/serve.log");
  EXPECT_EQ(PostClaim(submitter, "full-1", "ACCT1").status, 201);
  const std::string after = Get("/metrics", platform).body;
  EXPECT_EQ(Series(after, "claimgate_store_commit_failing"), 0) << after;
  EXPECT_EQ(Series(after, "claimgate_store_commit_failures_total"),
            Series(metrics, "claimgate_store_commit_failures_total"));

  ASSERT_EQ(kill(pid_, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid_, &status, 0), pid_);
  pid_ = 0;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const std::string full_log = ReadFile(dir_ + "/serve.log");
  EXPECT_NE(full_log.find("info claimgate store_commit_recovered failed_transactions="),
            std::string::npos)
      << full_log;
  // Ids and codes only: nothing of the encounters (member id, name, date of birth).
  for (const char* phi : {"SYN000111", "ALEX", "19800515"}) {
    EXPECT_EQ(full_log.find(phi), std::string::npos) << phi;
  }
}

}  // namespace
