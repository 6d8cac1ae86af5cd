// Crash safety through the API: the real `claimgate serve` (plain HTTP on loopback, a real
// SQLite file) takes encounters from several threads, each with its own Idempotency-Key, while
// the test SIGKILLs the server at random moments and restarts it. Requests that got no answer
// are sent again with the same key and body. At the end every acknowledged claim is present
// exactly once, no key made two claims, and the file passes PRAGMA integrity_check.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/test_seed.hpp"
#include "tests/api/process_util.hpp"
#include "tests/api/test_client.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using claimgate::testing::Client;
using claimgate::testing::FreePort;
using claimgate::testing::ReadFile;
using claimgate::testing::Shell;
using claimgate::testing::TlsOptions;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kThreads = 4;
constexpr int kKills = 7;

// What a submitter learnt about one key: the claim the server acknowledged (empty when the key
// never got a 201/202 before the end).
struct Ack {
  std::string account;  // the practice's claim number in the body (makes each body unique)
  std::string claim_id;
  std::string pcn;  // claimgate's patient control number from the answer
};

// Runs fn(item, client) for every item on kThreads threads, each with its own connection.
template <typename T, typename Fn>
void ParallelFor(const std::vector<T>& items, Fn fn) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      std::unique_ptr<Client> c;
      for (size_t i; (i = next.fetch_add(1)) < items.size();) fn(items[i], c);
    });
  }
  for (auto& t : threads) t.join();
}

class ApiCrash : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/claimgate-apicrash-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    db_ = dir_ + "/claimgate.db";
    std::ofstream(dir_ + "/store.key") << std::string(64, 'c');
    WriteConfig(FreePort());
    template_ = ReadFile(std::string(CLAIMGATE_SOURCE_DIR) + "/docs/examples/837p-simple.json");
    ASSERT_NE(template_.find("\"PCN0001\""), std::string::npos);
  }
  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (!HasFailure()) fs::remove_all(dir_);
  }

  std::string Admin(const std::string& args) {
    const claimgate::testing::ShellResult r =
        Shell(std::string(CLAIMGATE_BIN) + " admin --db " + db_ + " --key-file " + dir_ +
              "/store.key " + args);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return r.output;
  }

  // The gateway's config, listening on `port` (restarts keep it, so clients reconnect there).
  void WriteConfig(uint16_t port) {
    port_ = port;
    std::ofstream(dir_ + "/claimgate.toml")
        << "[server]\nplain_http = true\nport = " << port << "\nshutdown_grace_ms = 2000\n"
        << "[store]\npath = \"" << db_ << "\"\nencryption_key = \"file:" << dir_
        << "/store.key\"\n[log]\nlevel = \"warn\"\n";
  }

  // Starts the server and waits until /healthz answers. The port was only probed free: when
  // another process took it first, the server exits saying so, and it starts on a new one.
  void StartServer() {
    for (int attempt = 0; attempt < 5; ++attempt) {
      const std::size_t log_before = ReadFile(dir_ + "/serve.log").size();
      if (SpawnAndWait()) return;
      if (::testing::Test::HasFatalFailure()) return;
      const std::string said = ReadFile(dir_ + "/serve.log").substr(log_before);
      if (said.find("cannot listen") == std::string::npos) break;
      WriteConfig(FreePort());
    }
    FAIL() << "the server did not come up: " << ReadFile(dir_ + "/serve.log");
  }

  // One start: true once /healthz answers 200; false when the server exited or stayed silent.
  bool SpawnAndWait() {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string log = dir_ + "/serve.log";
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    std::string bin = CLAIMGATE_BIN, sub = "serve", flag = "--config";
    std::string config = dir_ + "/claimgate.toml";
    char* argv[] = {bin.data(), sub.data(), flag.data(), config.data(), nullptr};
    const int spawned = posix_spawn(&pid_, bin.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    EXPECT_EQ(spawned, 0);
    if (spawned != 0) return false;
    for (int attempt = 0; attempt < 200; ++attempt) {
      if (auto c = Client::Connect(port_, Plain())) {
        c->Send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
        if (auto r = c->ReadReply(2000); r && r->status == 200) return true;
      }
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
  }

  static TlsOptions Plain() {
    TlsOptions o;
    o.tls = false;
    return o;
  }

  std::string Body(const std::string& account) const {
    std::string body = template_;
    body.replace(body.find("\"PCN0001\""), 9, "\"" + account + "\"");
    return body;
  }

  // One request on a fresh or kept connection; nullopt when the connection failed (the server
  // is down or was killed mid-request).
  std::optional<claimgate::testing::Reply> Call(std::unique_ptr<Client>& c,
                                                const std::string& request) {
    if (!c) c = Client::Connect(port_, Plain());
    if (!c) return std::nullopt;
    if (!c->Send(request)) {
      c.reset();
      return std::nullopt;
    }
    auto r = c->ReadReply(5000);
    if (!r) c.reset();
    return r;
  }

  std::string Post(const std::string& key, const std::string& body) const {
    return "POST /v1/claims HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + api_key_ +
           "\r\nIdempotency-Key: " + key + "\r\nContent-Type: application/json\r\n" +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  }
  std::string Get(const std::string& target) const {
    return "GET " + target + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + api_key_ +
           "\r\n\r\n";
  }

  // Sends `key` until the server answers with something else than 503 (30 s at most); returns
  // the answer.
  claimgate::testing::Reply SubmitUntilAnswered(std::unique_ptr<Client>& c, const std::string& key,
                                                const std::string& body, int* retries) {
    const auto give_up = Clock::now() + std::chrono::seconds(30);
    while (Clock::now() < give_up) {
      auto r = Call(c, Post(key, body));
      if (r && r->status != 503) return *r;
      ++*retries;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return {};  // status 0: never answered
  }

  std::string dir_, db_, template_, api_key_;
  std::atomic<uint16_t> port_{0};  // read by the client threads across restarts
  pid_t pid_ = 0;
};

TEST_F(ApiCrash, AcknowledgedClaimsSurviveSigkillExactlyOnceAndRetriedKeysMakeNoDuplicates) {
  const std::string tenant_out = Admin("tenant create crash-test");
  const std::string tenant_id = tenant_out.substr(0, tenant_out.find('\t'));
  ASSERT_EQ(tenant_id.rfind("ten", 0), 0u) << tenant_out;
  const std::string key_out = Admin("key create --tenant " + tenant_id + " --role submitter");
  const size_t at = key_out.find("key:");
  ASSERT_NE(at, std::string::npos) << key_out;
  api_key_ = key_out.substr(key_out.find_first_not_of(' ', at + 4));
  api_key_ = api_key_.substr(0, api_key_.find('\n'));

  StartServer();
  std::mutex mu;
  std::map<std::string, Ack> acks;  // by idempotency key; every key sent is here
  std::atomic<bool> stop{false};
  std::atomic<int> retries{0}, unexpected{0};
  std::vector<std::thread> submitters;
  for (int t = 0; t < kThreads; ++t) {
    submitters.emplace_back([&, t] {
      std::unique_ptr<Client> c;
      for (int n = 0; !stop.load(); ++n) {
        const std::string key = "crash-" + std::to_string(t) + "-" + std::to_string(n);
        const std::string account = "ACCT" + std::to_string(t) + "X" + std::to_string(n);
        {
          std::lock_guard lock(mu);
          acks[key].account = account;
        }
        int tries = 0;
        auto r = SubmitUntilAnswered(c, key, Body(account), &tries);
        retries += tries;
        if (r.status != 201 && r.status != 202) {
          ++unexpected;
          ADD_FAILURE() << "status " << r.status << ": " << r.body;
          continue;
        }
        json j = json::parse(r.body);
        // Paced a little: enough keys in flight at every kill, few enough to verify quickly.
        std::this_thread::sleep_for(std::chrono::milliseconds(3));
        std::lock_guard lock(mu);
        acks[key].claim_id = j.at("id").get<std::string>();
        acks[key].pcn = j.at("patientControlNumber").get<std::string>();
      }
    });
  }

  const uint64_t seed = claimgate::testing::TestSeed();
  SCOPED_TRACE(claimgate::testing::SeedTrace(seed));
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> delay_ms(150, 900);
  for (int kill_no = 0; kill_no < kKills; ++kill_no) {
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    ASSERT_EQ(kill(pid_, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid_, &status, 0), pid_);
    ASSERT_TRUE(WIFSIGNALED(status))
        << "the server exited by itself: " << ReadFile(dir_ + "/serve.log");
    pid_ = 0;
    StartServer();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  for (auto& t : submitters) t.join();
  EXPECT_EQ(unexpected.load(), 0);

  // Every acknowledged claim: GET by id, and exactly one in the list by its control number.
  std::vector<std::pair<std::string, Ack>> sent(acks.begin(), acks.end());
  std::atomic<size_t> acknowledged{0};
  ParallelFor(sent, [&](const std::pair<std::string, Ack>& item, std::unique_ptr<Client>& c) {
    const Ack& ack = item.second;
    if (ack.claim_id.empty()) return;
    ++acknowledged;
    auto got = Call(c, Get("/v1/claims/" + ack.claim_id));
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, 200) << item.first;
    auto list = Call(c, Get("/v1/claims?patientControlNumber=" + ack.pcn));
    ASSERT_TRUE(list);
    ASSERT_EQ(list->status, 200);
    const json claims = json::parse(list->body).at("claims");
    ASSERT_EQ(claims.size(), 1u) << "claim " << ack.claim_id << " listed " << claims.size()
                                 << " times";
    EXPECT_EQ(claims[0].at("id"), ack.claim_id);
  });
  // Every key sent again: an acknowledged one replays its first claim; one never answered
  // either replays what committed before a kill or creates its claim now.
  std::mutex ids_mu;
  std::set<std::string> claim_ids;
  ParallelFor(sent, [&](const std::pair<std::string, Ack>& item, std::unique_ptr<Client>& c) {
    const auto& [key, ack] = item;
    int tries = 0;
    auto r = SubmitUntilAnswered(c, key, Body(ack.account), &tries);
    ASSERT_TRUE(r.status == 201 || r.status == 202) << r.status << " " << r.body;
    const std::string id = json::parse(r.body).at("id").get<std::string>();
    if (!ack.claim_id.empty()) {
      EXPECT_EQ(id, ack.claim_id) << "key " << key << " made two claims";
    }
    std::lock_guard lock(ids_mu);
    claim_ids.insert(id);
  });
  EXPECT_EQ(claim_ids.size(), acks.size()) << "two keys share one claim";
  std::unique_ptr<Client> c;
  // ... and the store holds exactly one claim per key: nothing else was created.
  size_t listed = 0;
  std::string cursor;
  do {
    auto page = Call(c, Get("/v1/claims?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor)));
    ASSERT_TRUE(page);
    ASSERT_EQ(page->status, 200);
    const json j = json::parse(page->body);
    for (const auto& claim : j.at("claims")) {
      EXPECT_TRUE(claim_ids.count(claim.at("id").get<std::string>())) << claim.dump();
      ++listed;
    }
    cursor = j.value("nextCursor", "");
  } while (!cursor.empty());
  EXPECT_EQ(listed, acks.size());
  c.reset();

  ASSERT_EQ(kill(pid_, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid_, &status, 0), pid_);
  pid_ = 0;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr), SQLITE_OK);
  std::string integrity;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    integrity += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  EXPECT_EQ(integrity, "ok");

  EXPECT_GT(acknowledged.load(), 0u);
  RecordProperty("keys", static_cast<int>(acks.size()));
  RecordProperty("acknowledged", static_cast<int>(acknowledged.load()));
  RecordProperty("retries", retries.load());
  std::printf("api crash test: %zu keys, %zu acknowledged, %d retries, %d kills\n", acks.size(),
              acknowledged.load(), retries.load(), kKills);
}

}  // namespace
