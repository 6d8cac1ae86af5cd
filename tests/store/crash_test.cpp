// Crash safety: a forked child writes claims through the store and reports every claim whose
// write completed (durable) on a pipe; the parent SIGKILLs it at a random moment, reopens the
// file and checks each acknowledged claim is there exactly once and the file is intact.
#include "src/store/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "tests/support/test_seed.hpp"
#include "tests/store/store_test_util.hpp"

namespace claimgate::store {
namespace {

[[noreturn]] void ChildWrites(const std::string& path, const std::string& tenant_id, int round,
                              int fd) {
  auto store = testing::OpenStore(path);
  if (!store) _exit(3);
  std::atomic<int> in_flight{0};
  for (int i = 0;; ++i) {
    while (in_flight.load() >= 64) std::this_thread::yield();
    ++in_flight;
    std::string pcn = "R" + std::to_string(round) + "-" + std::to_string(i);
    NewClaim c = testing::SyntheticClaim(tenant_id, pcn);
    c.idempotency_key = pcn;  // exercise the idempotency table in the same transactions
    c.request_hash = Sha256Hex(pcn);
    store->InsertClaim(std::move(c), [fd, pcn, &in_flight](Result<InsertClaimResult> r) {
      if (r) {
        std::string line = pcn + "\n";  // < PIPE_BUF: one atomic write
        if (write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(4);
      }
      --in_flight;
    });
  }
}

TEST(CrashSafety, EveryAcknowledgedClaimSurvivesSigkillExactlyOnce) {
  testing::TempDir dir;
  std::string path = dir.File("crash.db");
  std::string tenant_id;
  {
    auto store = testing::OpenStore(path);
    tenant_id = testing::MakeTenant(*store, "T").id;
  }
  const uint64_t seed = claimgate::testing::TestSeed();
  SCOPED_TRACE(claimgate::testing::SeedTrace(seed));
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> delay_ms(30, 400);
  size_t total_acked = 0;
  constexpr int kRounds = 6;
  for (int round = 0; round < kRounds; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      ChildWrites(path, tenant_id, round, fds[1]);
    }
    close(fds[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);
    std::string acked;
    char buf[4096];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) acked.append(buf, buf + n);
    close(fds[0]);

    auto store = testing::OpenStore(path);
    ASSERT_TRUE(store);
    EXPECT_EQ(*store->IntegrityCheck(), "ok");
    std::istringstream lines(acked);
    std::set<std::string> pcns;
    for (std::string pcn; std::getline(lines, pcn);) {
      EXPECT_TRUE(pcns.insert(pcn).second) << "acknowledged twice: " << pcn;
      ClaimFilter f;
      f.patient_control_number = pcn;
      auto page = store->ListClaims(tenant_id, f);
      ASSERT_TRUE(page);
      EXPECT_EQ(page->claims.size(), 1u) << "acknowledged claim " << pcn << " round " << round;
    }
    total_acked += pcns.size();
    // Every claim in the file is also whole: its encounter decrypts and it has its event.
    ClaimFilter all;
    all.limit = 500;
    do {
      auto page = store->ListClaims(tenant_id, all);
      ASSERT_TRUE(page);
      for (const auto& c : page->claims) {
        ASSERT_TRUE(store->GetClaim(tenant_id, c.id, true));
        ASSERT_EQ(store->ListClaimEvents(tenant_id, c.id)->size(), 1u);
      }
      all.cursor = page->next_cursor;
    } while (!all.cursor.empty());
  }
  EXPECT_GT(total_acked, 0u) << "the child never completed a write before being killed";
  RecordProperty("acknowledged_claims", static_cast<int>(total_acked));
}

}  // namespace
}  // namespace claimgate::store
