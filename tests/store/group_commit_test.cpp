#include "src/store/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "tests/store/store_test_util.hpp"

namespace claimgate::store {
namespace {

AuditEntry Entry(int i) {
  return AuditEntry{0, "", "test", "bench.write", std::to_string(i), "local", "ok", ""};
}

// Queues one write whose completion (which runs on the writer thread) blocks until `released`
// is ready, and returns once the writer is held there: later writes pile up in the queue.
void HoldWriter(Store& store, std::shared_future<void> released) {
  auto entered = std::make_shared<std::promise<void>>();
  auto is_held = entered->get_future();
  store.AppendAudit(Entry(0), [entered, released](Result<void>) {
    entered->set_value();
    released.wait();
  });
  is_held.wait();
}

TEST(GroupCommit, WritesQueuedDuringACommitShareTheNextTransaction) {
  testing::TempDir dir;
  auto store = testing::OpenStore(dir.File("g.db"));
  StoreStats before = store->Stats();
  std::promise<void> release;
  HoldWriter(*store, release.get_future().share());
  constexpr int kQueued = 500;
  std::atomic<int> ok{0};
  for (int i = 1; i <= kQueued; ++i) {
    store->AppendAudit(Entry(i), [&](Result<void> r) { ok += r ? 1 : 0; });
  }
  release.set_value();
  store->Flush();
  StoreStats after = store->Stats();
  EXPECT_EQ(ok.load(), kQueued);
  EXPECT_EQ(after.writes - before.writes, kQueued + 1);
  EXPECT_EQ(after.transactions - before.transactions, 2);
  EXPECT_GE(after.max_batch, kQueued);
  AuditFilter f;
  f.limit = 1000;
  EXPECT_EQ(store->ListAudit(f)->size(), static_cast<size_t>(kQueued + 1));
}

TEST(GroupCommit, ConcurrentBlockingWritersShareFsyncs) {
  testing::TempDir dir;
  auto store = testing::OpenStore(dir.File("g.db"));
  StoreStats before = store->Stats();
  constexpr int kThreads = 64, kEach = 20;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = Wait<void>([&](auto done) { store->AppendAudit(Entry(t * kEach + i), done); });
        if (!r) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  StoreStats after = store->Stats();
  EXPECT_EQ(failures.load(), 0);
  int64_t writes = after.writes - before.writes;
  int64_t transactions = after.transactions - before.transactions;
  EXPECT_EQ(writes, kThreads * kEach);
  EXPECT_LT(transactions, writes / 2)
      << "writes per transaction: "
      << static_cast<double>(writes) / static_cast<double>(transactions);
}

TEST(GroupCommit, AFailedWriteDoesNotUndoTheOthersInItsGroup) {
  testing::TempDir dir;
  auto store = testing::OpenStore(dir.File("g.db"));
  Tenant t = testing::MakeTenant(*store, "T");
  std::promise<void> release;
  HoldWriter(*store, release.get_future().share());
  std::vector<std::future<Result<InsertClaimResult>>> results;
  for (const char* pcn : {"A", "DUP", "DUP", "B"}) {
    auto p = std::make_shared<std::promise<Result<InsertClaimResult>>>();
    results.push_back(p->get_future());
    store->InsertClaim(testing::SyntheticClaim(t.id, pcn),
                       [p](Result<InsertClaimResult> r) { p->set_value(std::move(r)); });
  }
  release.set_value();
  EXPECT_TRUE(results[0].get());
  EXPECT_TRUE(results[1].get());
  auto dup = results[2].get();
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, "conflict");
  EXPECT_TRUE(results[3].get());
  EXPECT_EQ(store->ListClaims(t.id, {})->claims.size(), 3u);
}

TEST(GroupCommit, ClosingTheStoreCompletesEveryQueuedWrite) {
  testing::TempDir dir;
  std::atomic<int> completed{0};
  {
    auto store = testing::OpenStore(dir.File("g.db"));
    for (int i = 0; i < 300; ++i) {
      store->AppendAudit(Entry(i), [&](Result<void> r) { completed += r ? 1 : 0; });
    }
  }
  EXPECT_EQ(completed.load(), 300);
  auto store = testing::OpenStore(dir.File("g.db"));
  AuditFilter f;
  f.limit = 1000;
  EXPECT_EQ(store->ListAudit(f)->size(), 300u);
}

}  // namespace
}  // namespace claimgate::store
