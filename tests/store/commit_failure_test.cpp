// Failed commits are visible: a write the storage refuses (a full file system, a file-size limit,
// a write lock held elsewhere) fails its caller, is counted in Stats(), reported to
// on_commit_health, and keeps the store failing until a commit succeeds again (a later write or
// the writer's own probe). A write refused for its content is not a storage failure.
// Real SQLite files; the full file system is a real tmpfs (needs root to mount; skipped without).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "src/store/sqlite_store.hpp"
#include "tests/store/store_test_util.hpp"

namespace claimgate::store {
namespace {

using namespace std::chrono_literals;
using testing::Insert;
using testing::MakeTenant;
using testing::SyntheticClaim;
using testing::TempDir;
using testing::TestKeys;

template <typename Pred>
bool WaitFor(Pred pred, std::chrono::milliseconds timeout = 10s) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return pred();
}

// A store that records what it reports about commits.
class Reporting {
 public:
  Result<std::unique_ptr<SqliteStore>> Open(const std::string& path, int busy_timeout_ms = 5000) {
    SqliteOptions options;
    options.path = path;
    options.keyring = TestKeys();
    options.busy_timeout_ms = busy_timeout_ms;
    options.failure_probe_interval = 50ms;
    options.on_commit_health = [this](const CommitHealthEvent& e) {
      std::lock_guard lock(mu_);
      events_.push_back(e);
    };
    return SqliteStore::Open(std::move(options));
  }
  std::vector<CommitHealthEvent> Events() const {
    std::lock_guard lock(mu_);
    return events_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<CommitHealthEvent> events_;
};

// A claim whose sealed encounter needs about `bytes` of new space in the database and its log.
NewClaim LargeClaim(const std::string& tenant_id, const std::string& pcn, size_t bytes) {
  NewClaim c = SyntheticClaim(tenant_id, pcn);
  c.encounter_json = R"({"note":")" + std::string(bytes, 'x') + R"("})";
  return c;
}

// A tmpfs of `bytes` mounted on a temporary directory for the test's duration.
class Tmpfs {
 public:
  explicit Tmpfs(size_t bytes) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "cg-tmpfs-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
    const std::string data = "size=" + std::to_string(bytes) + ",mode=0700";
    mounted_ = ::mount("tmpfs", path_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, data.c_str()) == 0;
    if (!mounted_) error_ = std::strerror(errno);
  }
  ~Tmpfs() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
    ::rmdir(path_.c_str());
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

  // Writes `name` until the file system has no room left; returns the bytes written.
  size_t Fill(const std::string& name) const {
    std::FILE* f = std::fopen(File(name).c_str(), "wb");
    if (f == nullptr) return 0;
    std::setvbuf(f, nullptr, _IONBF, 0);
    const std::string chunk(4096, 'F');
    size_t total = 0;
    for (size_t n; (n = std::fwrite(chunk.data(), 1, chunk.size(), f)) > 0;) {
      total += n;
      if (n < chunk.size()) break;
    }
    std::fclose(f);
    return total;
  }

 private:
  std::string path_;
  bool mounted_ = false;
  std::string error_;
};

TEST(StoreCommitFailures, AFullFileSystemFailsWritesCountsThemAndTheStoreRecoversWithRoom) {
  Tmpfs fs(3 << 20);
  if (!fs.mounted()) GTEST_SKIP() << "mounting a tmpfs needs root: " << fs.error();
  Reporting reporting;
  auto opened = reporting.Open(fs.File("claimgate.db"));
  ASSERT_TRUE(opened) << opened.error().message;
  std::unique_ptr<SqliteStore> store = std::move(*opened);
  const std::string tenant_id = MakeTenant(*store, "T").id;
  ASSERT_TRUE(Insert(*store, SyntheticClaim(tenant_id, "PCN0")));
  ASSERT_GT(fs.Fill("filler"), 0u);

  // Two claims that fit in SQLite's page cache fail when COMMIT writes the log; one larger than
  // the cache fails in its own statement (the cache spills to the log), and the transaction may
  // live on: a storage failure all the same.
  const size_t sizes[] = {256 << 10, 256 << 10, 4 << 20};
  for (int i = 0; i < 3; ++i) {
    auto refused = Insert(*store, LargeClaim(tenant_id, "PCN" + std::to_string(i + 1), sizes[i]));
    ASSERT_FALSE(refused) << "a write on a full file system was acknowledged";
  }
  StoreStats stats = store->Stats();
  EXPECT_EQ(stats.commit_failures, 3);
  EXPECT_TRUE(stats.commit_failing);
  std::vector<CommitHealthEvent> events = reporting.Events();
  ASSERT_EQ(events.size(), 3u);
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_FALSE(events[i].recovered);
    EXPECT_EQ(events[i].stage, i < 2 ? "commit" : "write");
    EXPECT_EQ(events[i].sqlite_code & 0xff, SQLITE_FULL) << events[i].sqlite_code;
    EXPECT_EQ(events[i].sqlite_error, "database or disk is full");
    EXPECT_EQ(events[i].failed_writes, 1);
    EXPECT_EQ(events[i].consecutive, static_cast<int64_t>(i + 1));
  }
  // The writer's probes do not pretend the disk has room, and are not counted as failures.
  std::this_thread::sleep_for(300ms);
  EXPECT_TRUE(store->Stats().commit_failing);
  EXPECT_EQ(store->Stats().commit_failures, 3);
  for (const char* pcn : {"PCN1", "PCN2", "PCN3"}) {
    EXPECT_FALSE(store->FindClaimByControlNumber("PAYER1", pcn)) << pcn;
  }

  // Room again: the probe commits and the store recovers without any write of ours.
  std::filesystem::remove(fs.File("filler"));
  ASSERT_TRUE(WaitFor([&] { return !store->Stats().commit_failing; }));
  events = reporting.Events();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_TRUE(events[3].recovered);
  EXPECT_EQ(events[3].consecutive, 3);
  EXPECT_GE(events[3].outage.count(), 300);
  auto stored = Insert(*store, LargeClaim(tenant_id, "PCN1", 256 << 10));
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_TRUE(store->GetClaim(tenant_id, stored->claim_id, true));
  EXPECT_EQ(store->Stats().commit_failures, 3);
  auto integrity = store->IntegrityCheck();
  ASSERT_TRUE(integrity);
  EXPECT_EQ(*integrity, "ok");
}

// Without root: the file-size limit (RLIMIT_FSIZE) stops the log from growing; SQLite sees EFBIG
// (an I/O error, not "full"), which is a storage failure all the same.
TEST(StoreCommitFailures, AFileSizeLimitFailsWritesAsIoErrorsUntilItIsRaised) {
  TempDir dir;
  Reporting reporting;
  auto opened = reporting.Open(dir.File("claimgate.db"));
  ASSERT_TRUE(opened) << opened.error().message;
  std::unique_ptr<SqliteStore> store = std::move(*opened);
  const std::string tenant_id = MakeTenant(*store, "T").id;
  ASSERT_TRUE(Insert(*store, SyntheticClaim(tenant_id, "PCN0")));
  const auto size = [&](const std::string& suffix) {
    return static_cast<rlim_t>(std::filesystem::file_size(dir.File("claimgate.db") + suffix));
  };
  rlimit old_limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  auto* old_handler = ::signal(SIGXFSZ, SIG_IGN);  // EFBIG instead of the signal
  rlimit limit = old_limit;
  limit.rlim_cur = std::max(size(""), size("-wal"));
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);

  auto refused = Insert(*store, LargeClaim(tenant_id, "PCN1", 64 << 10));
  const StoreStats failing = store->Stats();
  std::this_thread::sleep_for(200ms);  // probes run, and fail too
  const bool still_failing = store->Stats().commit_failing;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &old_limit), 0);
  ::signal(SIGXFSZ, old_handler);

  EXPECT_FALSE(refused) << "a write past the file-size limit was acknowledged";
  EXPECT_EQ(failing.commit_failures, 1);
  EXPECT_TRUE(failing.commit_failing);
  EXPECT_TRUE(still_failing);
  std::vector<CommitHealthEvent> events = reporting.Events();
  ASSERT_GE(events.size(), 1u);
  EXPECT_EQ(events[0].sqlite_code & 0xff, SQLITE_IOERR) << events[0].sqlite_code;
  ASSERT_TRUE(WaitFor([&] { return !store->Stats().commit_failing; }));
  auto stored = Insert(*store, LargeClaim(tenant_id, "PCN1", 64 << 10));
  EXPECT_TRUE(stored) << stored.error().message;
  events = reporting.Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_TRUE(events[1].recovered);
}

TEST(StoreCommitFailures, AWriteLockHeldElsewhereFailsTheGroupAtBeginUntilItIsReleased) {
  TempDir dir;
  Reporting reporting;
  auto opened = reporting.Open(dir.File("claimgate.db"), /*busy_timeout_ms=*/100);
  ASSERT_TRUE(opened) << opened.error().message;
  std::unique_ptr<SqliteStore> store = std::move(*opened);
  const std::string tenant_id = MakeTenant(*store, "T").id;
  auto other = Db::Open(dir.File("claimgate.db"), false, false, 100);
  ASSERT_TRUE(other);
  ASSERT_TRUE((*other)->Exec("BEGIN IMMEDIATE"));

  auto refused = Insert(*store, SyntheticClaim(tenant_id, "PCN1"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "store_busy");
  EXPECT_TRUE(store->Stats().commit_failing);
  std::vector<CommitHealthEvent> events = reporting.Events();
  ASSERT_GE(events.size(), 1u);
  EXPECT_EQ(events[0].stage, "begin");
  EXPECT_EQ(events[0].sqlite_code & 0xff, SQLITE_BUSY);

  ASSERT_TRUE((*other)->Exec("ROLLBACK"));
  ASSERT_TRUE(WaitFor([&] { return !store->Stats().commit_failing; }));
  EXPECT_TRUE(Insert(*store, SyntheticClaim(tenant_id, "PCN1")));
}

TEST(StoreCommitFailures, AWriteRefusedForItsContentIsNotAStorageFailure) {
  TempDir dir;
  Reporting reporting;
  auto opened = reporting.Open(dir.File("claimgate.db"));
  ASSERT_TRUE(opened) << opened.error().message;
  std::unique_ptr<SqliteStore> store = std::move(*opened);
  const std::string tenant_id = MakeTenant(*store, "T").id;
  ASSERT_TRUE(Insert(*store, SyntheticClaim(tenant_id, "PCN1")));
  auto duplicate = Insert(*store, SyntheticClaim(tenant_id, "PCN1"));
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, "conflict");
  auto refused = Wait<ClaimEvent>([&](auto done) {
    store->ApplyClaimEvent(
        tenant_id, "clm_missing", ClaimEventInput{"validated", "", ""},
        [](std::string_view) { return TransitionDecision{}; }, done);
  });
  EXPECT_FALSE(refused);
  store->Flush();
  EXPECT_EQ(store->Stats().commit_failures, 0);
  EXPECT_FALSE(store->Stats().commit_failing);
  EXPECT_TRUE(reporting.Events().empty());
}

}  // namespace
}  // namespace claimgate::store
