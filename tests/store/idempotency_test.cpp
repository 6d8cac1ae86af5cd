#include "src/store/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/store/store_test_util.hpp"

namespace claimgate::store {
namespace {

using testing::Insert;
using testing::SyntheticClaim;

NewClaim Keyed(const std::string& tenant, const std::string& key, const std::string& body) {
  NewClaim c = SyntheticClaim(tenant, "PCN-IDEM");
  c.idempotency_key = key;
  c.request_hash = Sha256Hex(body);
  c.response_status = 201;
  c.response_body = R"({"id":"first"})";
  return c;
}

TEST(Idempotency, ThousandConcurrentInsertsWithOneKeyCreateExactlyOneClaim) {
  testing::TempDir dir;
  auto store = testing::OpenStore(dir.File("idem.db"));
  Tenant t = testing::MakeTenant(*store, "T");
  constexpr int kThreads = 1000;
  std::atomic<int> created{0}, replayed{0}, other{0};
  std::vector<std::string> ids(kThreads);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      auto r = Insert(*store, Keyed(t.id, "key-1", "same body"));
      if (!r) {
        ++other;
        return;
      }
      ids[i] = r->claim_id;
      if (r->kind == InsertClaimResult::Kind::kCreated) ++created;
      if (r->kind == InsertClaimResult::Kind::kReplayed) {
        ++replayed;
        if (r->response_body != R"({"id":"first"})" || r->response_status != 201) ++other;
      }
    });
  }
  go = true;
  for (auto& th : threads) th.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(replayed.load(), kThreads - 1);
  EXPECT_EQ(other.load(), 0);
  for (const auto& id : ids) EXPECT_EQ(id, ids[0]);
  ClaimFilter f;
  f.limit = 500;
  EXPECT_EQ(store->ListClaims(t.id, f)->claims.size(), 1u);
}

TEST(Idempotency, SameKeyWithAnotherBodyIsReportedAsReused) {
  testing::TempDir dir;
  auto store = testing::OpenStore(dir.File("idem.db"));
  Tenant t = testing::MakeTenant(*store, "T");
  auto first = Insert(*store, Keyed(t.id, "key-2", "body one"));
  ASSERT_TRUE(first);
  auto second = Insert(*store, Keyed(t.id, "key-2", "body two"));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->kind, InsertClaimResult::Kind::kKeyReused);
  EXPECT_TRUE(second->response_body.empty());
  // The replay survives a restart: the key and the first response are durable.
  store = testing::OpenStore(dir.File("idem.db"));
  auto replay = Insert(*store, Keyed(t.id, "key-2", "body one"));
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->kind, InsertClaimResult::Kind::kReplayed);
  EXPECT_EQ(replay->claim_id, first->claim_id);
}

TEST(Idempotency, AClaimsAuditEntryIsWrittenWithItAndNamesWhatHappened) {
  testing::TempDir dir;
  auto store = testing::OpenStore(dir.File("idem.db"));
  Tenant t = testing::MakeTenant(*store, "T");
  auto keyed = [&](const std::string& body) {
    NewClaim c = Keyed(t.id, "key-audit", body);
    c.audit = AuditEntry{0, t.id, "key-1", "claim.create", "", "10.0.0.9", "", "request_id=r1"};
    return c;
  };
  auto first = Insert(*store, keyed("one"));
  auto replay = Insert(*store, keyed("one"));
  auto reused = Insert(*store, keyed("two"));
  ASSERT_TRUE(first && replay && reused);
  NewClaim plain = SyntheticClaim(t.id, "PCN-NO-AUDIT");
  ASSERT_TRUE(Insert(*store, plain));
  auto log = store->ListAudit({.tenant_id = t.id, .since_ms = 0, .limit = 100});
  ASSERT_TRUE(log);
  std::vector<std::string> seen;
  for (const auto& e : *log) {
    if (e.action != "claim.create") continue;
    EXPECT_EQ(e.object_id, first->claim_id);
    EXPECT_EQ(e.actor, "key-1");
    EXPECT_EQ(e.remote, "10.0.0.9");
    EXPECT_GT(e.at_ms, 0);
    seen.push_back(e.outcome);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"created", "replayed", "key_reused"}));
}

TEST(Idempotency, KeysAreScopedToTheirTenant) {
  testing::TempDir dir;
  auto store = testing::OpenStore(dir.File("idem.db"));
  Tenant a = testing::MakeTenant(*store, "A");
  Tenant b = testing::MakeTenant(*store, "B");
  auto ra = Insert(*store, Keyed(a.id, "shared-key", "x"));
  auto rb = Insert(*store, Keyed(b.id, "shared-key", "x"));
  ASSERT_TRUE(ra && rb);
  EXPECT_EQ(ra->kind, InsertClaimResult::Kind::kCreated);
  EXPECT_EQ(rb->kind, InsertClaimResult::Kind::kCreated);
  EXPECT_NE(ra->claim_id, rb->claim_id);
}

TEST(Idempotency, AKeyWithoutARequestHashIsRefused) {
  testing::TempDir dir;
  auto store = testing::OpenStore(dir.File("idem.db"));
  Tenant t = testing::MakeTenant(*store, "T");
  NewClaim c = SyntheticClaim(t.id, "P");
  c.idempotency_key = "k";
  auto r = Insert(*store, c);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "invalid");
}

}  // namespace
}  // namespace claimgate::store
