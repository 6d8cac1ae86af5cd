#include "src/pipeline/watchdog.hpp"

#include <gtest/gtest.h>

#include "src/ops/metrics.hpp"
#include "src/pipeline/inbound.hpp"
#include "tests/pipeline/inbound_fixture.hpp"

namespace claimgate::pipeline {
namespace {

using testing::World;

constexpr int64_t kSecond = 1000;
constexpr int64_t kDay = 86400 * kSecond;

std::vector<WatchdogAlert> OfKind(const std::vector<WatchdogAlert>& all, const std::string& kind) {
  std::vector<WatchdogAlert> out;
  for (const auto& a : all) {
    if (a.kind == kind) out.push_back(a);
  }
  return out;
}

void Import(World& w, const std::string& bytes) {
  InboundImporter importer(w.store());
  auto r = importer.Import({"PAYER1", "t.x12", ""}, bytes);
  ASSERT_TRUE(r);
}

class WatchdogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    payer_ = testing::TestPayer();
    payer_.watchdog = {3600, 86400, 30};
    tenant_ = w_.Tenant("practice");
  }
  World w_;
  core::PayerConfig payer_;
  std::string tenant_;
};

TEST_F(WatchdogTest, APayerThatNeverSentHasNoAlerts) {
  Watchdog dog(w_.store(), {payer_});
  auto alerts = dog.Check(store::NowMs() + 365 * kDay);
  ASSERT_TRUE(alerts);
  EXPECT_TRUE(alerts->empty());
}

TEST_F(WatchdogTest, ASentInterchangeWithout999AlertsOnlyAfterItsWindow) {
  int64_t before = store::NowMs();
  testing::Sent sent = w_.Send({{tenant_, "837p-simple.json"}}, 300, 3000);
  int64_t after = store::NowMs();
  Watchdog dog(w_.store(), {payer_});
  auto early = dog.Check(before + 3600 * kSecond);
  ASSERT_TRUE(early);
  EXPECT_TRUE(OfKind(*early, "ack_999_overdue").empty());
  auto late = dog.Check(after + 3601 * kSecond);
  ASSERT_TRUE(late);
  auto overdue = OfKind(*late, "ack_999_overdue");
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0].object_id, sent.interchange_id);
  EXPECT_EQ(overdue[0].payer_id, "PAYER1");
  EXPECT_GT(overdue[0].overdue_ms, 0);
  EXPECT_NE(overdue[0].message.find("no 999"), std::string::npos);
  EXPECT_EQ(dog.Current().size(), late->size());

  Import(w_, testing::Ack999(3000, {{"0001", "A", {}}}));
  auto acked = dog.Check(after + 3601 * kSecond);
  ASSERT_TRUE(acked);
  EXPECT_TRUE(OfKind(*acked, "ack_999_overdue").empty());
}

TEST_F(WatchdogTest, AnAcknowledgedClaimWithout277CaAlertsUntilThe277CaArrives) {
  testing::Sent sent =
      w_.Send({{tenant_, "837p-simple.json"}, {tenant_, "837p-secondary.json"}}, 301, 3010);
  Import(w_, testing::Ack999(3010, {{"0001", "A", {}}, {"0002", "A", {}}}));
  int64_t acked_at = store::NowMs();
  Watchdog dog(w_.store(), {payer_});
  auto early = dog.Check(acked_at - 5 * kSecond + kDay);
  ASSERT_TRUE(early);
  EXPECT_TRUE(OfKind(*early, "ack_277ca_overdue").empty());
  auto late = dog.Check(acked_at + kDay + kSecond);
  ASSERT_TRUE(late);
  EXPECT_EQ(OfKind(*late, "ack_277ca_overdue").size(), 2u);

  Import(w_, testing::Status277({{sent.claims[0].pcn, "A2:20:PR"}}));
  auto after = dog.Check(acked_at + kDay + kSecond);
  ASSERT_TRUE(after);
  auto left = OfKind(*after, "ack_277ca_overdue");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].object_id, sent.claims[1].id);
}

TEST_F(WatchdogTest, APayerWithout835ForItsWindowAlertsAndAn835ResetsTheClock) {
  testing::Sent sent = w_.Send({{tenant_, "837p-simple.json"}}, 302, 3020);
  int64_t sent_at = store::NowMs();
  ops::Registry metrics;
  Watchdog dog(w_.store(), {payer_}, &metrics);
  auto quiet = dog.Check(sent_at + 29 * kDay);
  ASSERT_TRUE(quiet);
  EXPECT_TRUE(OfKind(*quiet, "remit_835_overdue").empty());
  auto loud = dog.Check(sent_at + 31 * kDay);
  ASSERT_TRUE(loud);
  ASSERT_EQ(OfKind(*loud, "remit_835_overdue").size(), 1u);
  auto& gauge = metrics.AddGauge("claimgate_watchdog_alerts", "", {"payer", "kind"});
  EXPECT_EQ(gauge.Value({"PAYER1", "remit_835_overdue"}), 1);
  EXPECT_EQ(gauge.Value({"PAYER1", "ack_999_overdue"}), 1);

  Import(w_, testing::Remit835({{"CLP*" + sent.claims[0].pcn + "*1*100*100*0*12*P1"}}, "100"));
  int64_t remit_at = store::NowMs();
  auto reset = dog.Check(remit_at + 29 * kDay);
  ASSERT_TRUE(reset);
  EXPECT_TRUE(OfKind(*reset, "remit_835_overdue").empty());
  EXPECT_EQ(gauge.Value({"PAYER1", "remit_835_overdue"}), 0);
  auto again = dog.Check(remit_at + 31 * kDay);
  ASSERT_TRUE(again);
  EXPECT_EQ(OfKind(*again, "remit_835_overdue").size(), 1u);
}

TEST_F(WatchdogTest, ListsAtMostMaxListedAlertsButCountsThemAll) {
  std::vector<std::pair<std::string, std::string>> claims(5, {tenant_, "837p-simple.json"});
  w_.Send(claims, 303, 3030);
  std::string acks;
  std::vector<testing::SetAck> sets;
  for (int i = 1; i <= 5; ++i) sets.push_back({"000" + std::to_string(i), "A", {}});
  Import(w_, testing::Ack999(3030, sets));
  ops::Registry metrics;
  Watchdog dog(w_.store(), {payer_}, &metrics, {.max_listed = 2, .scan_limit = 100});
  auto alerts = dog.Check(store::NowMs() + 2 * kDay);
  ASSERT_TRUE(alerts);
  EXPECT_EQ(OfKind(*alerts, "ack_277ca_overdue").size(), 2u);
  auto& gauge = metrics.AddGauge("claimgate_watchdog_alerts", "", {"payer", "kind"});
  EXPECT_EQ(gauge.Value({"PAYER1", "ack_277ca_overdue"}), 5);
}

}  // namespace
}  // namespace claimgate::pipeline
