// The store's metrics on /metrics: a real SQLite store, claims written through it, and the
// exposition text read back through the router as a scraper would.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "src/api/ops_routes.hpp"
#include "src/api/router.hpp"
#include "src/ops/metrics.hpp"
#include "tests/store/store_test_util.hpp"

namespace claimgate::api {
namespace {

using store::testing::Insert;
using store::testing::MakeTenant;
using store::testing::OpenStore;
using store::testing::SyntheticClaim;
using store::testing::TempDir;

// The value of one series line ("name{labels} value"), or -1 when absent.
double Series(const std::string& text, const std::string& series) {
  const size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

class StoreMetrics : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(dir_.File("metrics.db"));
    ASSERT_TRUE(store_);
    tenant_id_ = MakeTenant(*store_, "T").id;
    AddOpsRoutes(router_, registry_, readiness_, /*platform_keys=*/nullptr);
    AddStoreMetrics(registry_, *store_, /*claims_cache_ms=*/300);
  }
  std::string Scrape() {
    Request request;
    request.method = "GET";
    request.path = "/metrics";
    Response r = router_.Handle(request);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, ops::kPrometheusContentType);
    return r.body;
  }
  void InsertClaims(int n, const std::string& prefix) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(Insert(*store_, SyntheticClaim(tenant_id_, prefix + std::to_string(i))));
    }
  }

  TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  std::string tenant_id_;
  ops::Registry registry_;
  Readiness readiness_;
  Router router_;
};

TEST_F(StoreMetrics, CommitsWritesAndCommitLatencyFollowTheStoreStatistics) {
  InsertClaims(5, "A");
  // A write's completion runs before the writer counts it done: flush so nothing is in flight.
  store_->Flush();
  const std::string text = Scrape();
  const store::StoreStats stats = store_->Stats();
  ASSERT_GT(stats.transactions, 0);
  EXPECT_EQ(Series(text, "claimgate_store_commits_total"), static_cast<double>(stats.transactions));
  EXPECT_EQ(Series(text, "claimgate_store_writes_total"), static_cast<double>(stats.writes));
  EXPECT_GE(Series(text, "claimgate_store_writes_total"), 6);  // tenant + 5 claims
  EXPECT_EQ(Series(text, "claimgate_store_commit_duration_seconds_count"),
            static_cast<double>(stats.transactions));
  EXPECT_EQ(Series(text, "claimgate_store_commit_duration_seconds_bucket{le=\"+Inf\"}"),
            static_cast<double>(stats.transactions));
  EXPECT_NEAR(Series(text, "claimgate_store_commit_duration_seconds_sum"),
              static_cast<double>(stats.commit_us_total) / 1e6, 1e-9);
  EXPECT_GE(Series(text, "claimgate_store_max_group_size"), 1);
  EXPECT_EQ(Series(text, "claimgate_store_pending_writes"), 0);
  EXPECT_NE(text.find("# TYPE claimgate_store_commits_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE claimgate_store_commit_duration_seconds histogram\n"),
            std::string::npos);

  InsertClaims(3, "B");
  EXPECT_GT(Series(Scrape(), "claimgate_store_commits_total"),
            static_cast<double>(stats.transactions));
}

TEST_F(StoreMetrics, ClaimsByStateAreCountedAndCachedBetweenScrapes) {
  InsertClaims(4, "A");
  EXPECT_EQ(Series(Scrape(), "claimgate_claims{state=\"RECEIVED\"}"), 4);
  InsertClaims(2, "B");
  // Within the cache time the last count is served.
  EXPECT_EQ(Series(Scrape(), "claimgate_claims{state=\"RECEIVED\"}"), 4);
  std::this_thread::sleep_for(std::chrono::milliseconds(350));
  EXPECT_EQ(Series(Scrape(), "claimgate_claims{state=\"RECEIVED\"}"), 6);
}

// A transaction the storage refuses (here: the write lock held by another connection past the
// busy timeout) is counted, and the failing gauge stays 1 until a transaction commits again.
TEST(StoreMetricsFailures, FailedCommitsAreCountedAndFlagUntilOneCommits) {
  TempDir dir;
  store::SqliteOptions options;
  options.path = dir.File("failing.db");
  options.keyring = store::testing::TestKeys();
  options.busy_timeout_ms = 100;
  options.failure_probe_interval = std::chrono::hours(1);  // only our own write may clear it
  auto opened = store::SqliteStore::Open(options);
  ASSERT_TRUE(opened) << opened.error().message;
  std::unique_ptr<store::SqliteStore> s = std::move(*opened);
  ops::Registry registry;
  AddStoreMetrics(registry, *s);
  const std::string tenant_id = MakeTenant(*s, "T").id;
  EXPECT_EQ(Series(registry.Render(), "claimgate_store_commit_failures_total"), 0);
  EXPECT_EQ(Series(registry.Render(), "claimgate_store_commit_failing"), 0);

  auto other = store::Db::Open(options.path, false, false, 100);
  ASSERT_TRUE(other);
  ASSERT_TRUE((*other)->Exec("BEGIN IMMEDIATE"));
  EXPECT_FALSE(Insert(*s, SyntheticClaim(tenant_id, "L1")));
  EXPECT_FALSE(Insert(*s, SyntheticClaim(tenant_id, "L2")));
  std::string text = registry.Render();
  EXPECT_EQ(Series(text, "claimgate_store_commit_failures_total"), 2);
  EXPECT_EQ(Series(text, "claimgate_store_commit_failing"), 1);
  EXPECT_NE(text.find("# TYPE claimgate_store_commit_failures_total counter\n"),
            std::string::npos);

  ASSERT_TRUE((*other)->Exec("ROLLBACK"));
  ASSERT_TRUE(Insert(*s, SyntheticClaim(tenant_id, "L1")));
  text = registry.Render();
  EXPECT_EQ(Series(text, "claimgate_store_commit_failures_total"), 2);
  EXPECT_EQ(Series(text, "claimgate_store_commit_failing"), 0);
}

TEST_F(StoreMetrics, MetricsRouteRunsOnTheWorkerPool) {
  const RouteMatch m = router_.Match("GET", "/metrics");
  ASSERT_NE(m.route, nullptr);
  EXPECT_TRUE(m.route->options.blocking);
}

}  // namespace
}  // namespace claimgate::api
