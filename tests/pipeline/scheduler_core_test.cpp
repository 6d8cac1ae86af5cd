// The outbound scheduler over CAQH CORE against the payer simulator's CoreEndpoint on a real TLS
// api::Server (certificates from certs/make-dev-certs.sh), a real SQLite store and the real
// InboundImporter: claims built from docs/examples go out as BatchSubmissions, the 999, 277CA and
// 835 come back through the retrievals and the claims reach PAID. Also: a definite failure (503,
// connection refused) is retried after the backoff, not after the 90 s resend window, and an
// unknown outcome is not resent before 90 s.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>

#include "src/core/encounter_json.hpp"
#include "src/pipeline/claim_body.hpp"
#include "src/pipeline/inbound.hpp"
#include "src/pipeline/lifecycle.hpp"
#include "src/pipeline/scheduler.hpp"
#include "tests/pipeline/core_sim_fixture.hpp"
#include "tests/pipeline/toggle_proxy.hpp"

namespace claimgate::pipeline {
namespace {

using testing::CoreSim;
using testing::WaitUntil;

class SchedulerCoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(CoreSim::Certs().empty());
    store_ = store::testing::OpenStore(tmp_.File("claims.db"));
    ASSERT_TRUE(store_);
    tenant_ = store::testing::MakeTenant(*store_, "scheduler-core-test").id;
  }

  // A QUEUED claim for `payer_id` built from docs/examples/`example` (CLM01 = a fresh "CG" id).
  std::string QueueClaim(const std::string& payer_id,
                         const std::string& example = "837p-simple.json") {
    static unsigned n = 0;
    std::string json = testing::ReadExample(example);
    core::EncounterParse parse = core::ParseEncounterJson(json);
    EXPECT_EQ(parse.encounters.size(), 1u) << example;
    if (parse.encounters.empty()) return "";
    edi::hipaa::Encounter encounter = parse.encounters[0];
    char pcn[32];
    std::snprintf(pcn, sizeof pcn, "CG%016x", 0xC0DE0000u + ++n);
    encounter.claim.patient_control_number = pcn;
    std::string claim_id = store::NewId("clm");
    auto body = BuildClaimBody(encounter, claim_id, "20261127", "0930");
    EXPECT_TRUE(body) << (body ? "" : body.error().message);
    if (!body) return "";
    store::NewClaim c;
    c.tenant_id = tenant_;
    c.id = claim_id;
    c.patient_control_number = pcn;
    c.payer_id = payer_id;
    c.claim_type = "837P";
    c.total_charge_cents = encounter.claim.charge_cents;
    c.encounter_json = json;
    c.claim_segments = JoinClaimBody(*body);
    c.events = IntakeEvents();
    c.state = "QUEUED";
    auto inserted = store::testing::Insert(*store_, std::move(c));
    EXPECT_TRUE(inserted) << (inserted ? "" : inserted.error().message);
    return inserted ? inserted->claim_id : "";
  }

  std::string StateOf(const std::string& claim_id) {
    auto c = store_->GetClaim(tenant_, claim_id, false);
    return c ? c->state : "?";
  }
  std::vector<store::Interchange> Interchanges(const std::string& payer, const std::string& s) {
    auto l = store_->ListInterchanges(payer, s, 1000);
    return l ? *l : std::vector<store::Interchange>{};
  }

  // `core_timeout`: each CORE exchange's deadline (30 s as in production unless a test shortens
  // it).
  std::unique_ptr<Scheduler> MakeScheduler(
      std::vector<core::PayerConfig> payers,
      std::chrono::milliseconds core_timeout = std::chrono::seconds(30)) {
    importer_ = std::make_unique<InboundImporter>(*store_);
    SchedulerOptions o;
    o.link_factory = [core_timeout](const core::PayerConfig& p) {
      return MakeCoreLink(p, core_timeout);
    };
    o.tick = std::chrono::milliseconds(50);
    o.poll_interval = std::chrono::milliseconds(200);
    o.stats_interval = std::chrono::milliseconds(100);
    o.seed = 11;
    auto s = std::make_unique<Scheduler>(
        *store_, std::move(payers),
        [this](const std::string& payer, const std::string& name,
               std::string bytes) -> edi::Result<void> {
          if (before_import_) {
            auto refused = before_import_();
            if (!refused) return refused;
          }
          auto report = importer_->Import({payer, name, ""}, std::move(bytes));
          if (!report) return report.error();
          ++imported_;
          return {};
        },
        nullptr, o);
    auto started = s->Start();
    EXPECT_TRUE(started) << (started ? "" : started.error().message);
    return s;
  }

  store::testing::TempDir tmp_;
  std::unique_ptr<store::SqliteStore> store_;
  std::string tenant_;
  std::unique_ptr<InboundImporter> importer_;  // on store_, made with each scheduler
  std::atomic<int> imported_{0};
  std::function<edi::Result<void>()> before_import_;  // runs on the worker before each import
};

TEST_F(SchedulerCoreTest, ClaimsGoOverCoreToTheSimulatorAndComeBackPaidInMime) {
  CoreSim sim;
  ASSERT_TRUE(sim.Start()) << sim.error();
  std::vector<std::string> ids = {QueueClaim("SIMCORE"), QueueClaim("SIMCORE"),
                                  QueueClaim("SIMCORE")};
  auto scheduler = MakeScheduler({sim.Payer("SIMCORE", "mime")});
  for (const auto& id : ids) {
    EXPECT_TRUE(WaitUntil([&] { return StateOf(id) == "PAID"; }, std::chrono::seconds(30)))
        << id << " is " << StateOf(id);
  }
  scheduler->Stop();
  EXPECT_EQ(Interchanges("SIMCORE", "").size(), 1u);
  EXPECT_EQ(Interchanges("SIMCORE", "ACCEPTED").size(), 1u);
  EXPECT_EQ(sim.state().interchanges(), 1u);
  EXPECT_EQ(sim.state().duplicate_control_numbers(), 0u);
  EXPECT_EQ(imported_.load(), 3);  // 999, 277CA, 835
}

TEST_F(SchedulerCoreTest, ClaimsGoOverCoreToTheSimulatorAndComeBackPaidInSoap) {
  CoreSim sim;
  ASSERT_TRUE(sim.Start()) << sim.error();
  std::string id = QueueClaim("SIMCORE");
  auto scheduler = MakeScheduler({sim.Payer("SIMCORE", "soap")});
  EXPECT_TRUE(WaitUntil([&] { return StateOf(id) == "PAID"; }, std::chrono::seconds(30)))
      << StateOf(id);
}

// Before: Poll fetched every pending file (999, 277CA and 835 are all due at once here) and only
// then imported them, so a crash in between lost files the payer does not hand out again.
TEST_F(SchedulerCoreTest, EachResponseIsImportedBeforeTheNextIsFetched) {
  CoreSim sim;
  ASSERT_TRUE(sim.Start()) << sim.error();
  std::vector<std::string> ids = {QueueClaim("SIMCORE"), QueueClaim("SIMCORE")};
  std::atomic<int> worst_lead{0};  // files handed out but not yet imported, at each import
  before_import_ = [&]() -> edi::Result<void> {
    int lead = sim.handed_out() - imported_.load();
    if (lead > worst_lead) worst_lead = lead;
    return {};
  };
  auto scheduler = MakeScheduler({sim.Payer("SIMCORE", "mime")});
  for (const auto& id : ids) {
    EXPECT_TRUE(WaitUntil([&] { return StateOf(id) == "PAID"; }, std::chrono::seconds(30)))
        << StateOf(id);
  }
  scheduler->Stop();
  EXPECT_EQ(imported_.load(), 3);
  EXPECT_EQ(sim.handed_out(), 3);
  EXPECT_EQ(worst_lead.load(), 1);
}

TEST_F(SchedulerCoreTest, WhileTheStoreRefusesAnImportNothingMoreIsFetchedAndNothingIsLost) {
  CoreSim sim;
  ASSERT_TRUE(sim.Start()) << sim.error();
  std::string id = QueueClaim("SIMCORE");
  std::atomic<int> refusals{0};
  before_import_ = [&]() -> edi::Result<void> {
    if (refusals < 5) {
      ++refusals;
      return edi::Error{"store_unavailable", "synthetic refusal"};
    }
    return {};
  };
  auto scheduler = MakeScheduler({sim.Payer("SIMCORE", "mime")});
  ASSERT_TRUE(WaitUntil([&] { return refusals.load() >= 3; }));
  EXPECT_EQ(sim.handed_out(), 1);  // the 999 is held; the 277CA and 835 stay at the payer
  EXPECT_TRUE(WaitUntil([&] { return StateOf(id) == "PAID"; }, std::chrono::seconds(30)))
      << StateOf(id);
  scheduler->Stop();
  EXPECT_EQ(imported_.load(), 3);
}

// Before: the resend guard had recorded the refused attempt, so the retry waited 90 s.
TEST_F(SchedulerCoreTest, A503IsRetriedAfterTheBackoffNotAfterTheResendWindow) {
  CoreSim sim;
  sim.config().faults.http_5xx_first_n = 1;  // the first submission is refused, definitely
  ASSERT_TRUE(sim.Start()) << sim.error();
  std::string id = QueueClaim("SIMCORE");
  auto start = std::chrono::steady_clock::now();
  auto scheduler = MakeScheduler({sim.Payer("SIMCORE", "mime")});
  ASSERT_TRUE(WaitUntil(
      [&] {
        return Interchanges("SIMCORE", "SENT").size() +
                   Interchanges("SIMCORE", "ACCEPTED").size() ==
               1;
      },
      std::chrono::seconds(20)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  scheduler->Stop();
  auto all = Interchanges("SIMCORE", "");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(store_->GetInterchange(all[0].id, false)->attempts, 2);  // the 503, then delivery
  EXPECT_EQ(sim.state().interchanges(), 1u);
  EXPECT_NE(StateOf(id), "QUEUED");
}

// Before: the connection refused while the payer was down had been recorded by the guard.
TEST_F(SchedulerCoreTest, PayerDownThenBackIsDeliveredWithoutWaitingTheResendWindow) {
  CoreSim sim;
  ASSERT_TRUE(sim.Start()) << sim.error();
  testing::ToggleProxy proxy(sim.port());
  proxy.SetUp(false);
  std::string id = QueueClaim("SIMCORE");
  auto scheduler = MakeScheduler({sim.Payer("SIMCORE", "mime", proxy.port())});
  ASSERT_TRUE(WaitUntil([&] { return !Interchanges("SIMCORE", "FAILED").empty(); }));
  proxy.SetUp(true);
  auto back = std::chrono::steady_clock::now();
  ASSERT_TRUE(WaitUntil([&] { return StateOf(id) == "PAID"; }, std::chrono::seconds(30)))
      << StateOf(id);
  EXPECT_LT(std::chrono::steady_clock::now() - back, std::chrono::seconds(30));
  scheduler->Stop();
  EXPECT_EQ(sim.state().interchanges(), 1u);
}

// The answer to the submission is lost (the sim stalls): the interchange is UNKNOWN and is not
// sent again inside the 90 s window, neither by the running worker nor after a restart; once the
// window has passed (the stored time moved back), the same bytes go again and the sim, which
// already has them, does not answer twice.
TEST_F(SchedulerCoreTest, UnknownOutcomeIsNotResentWithinNinetySecondsThenResolvedBySameBytes) {
  CoreSim sim;
  sim.stall_submissions(true);
  ASSERT_TRUE(sim.Start()) << sim.error();
  std::string id = QueueClaim("SIMCORE");
  core::PayerConfig payer = sim.Payer("SIMCORE", "mime");
  constexpr auto kDeadline = std::chrono::seconds(1);
  {
    auto scheduler = MakeScheduler({payer}, kDeadline);
    ASSERT_TRUE(WaitUntil([&] { return Interchanges("SIMCORE", "UNKNOWN").size() == 1; }));
    sim.stall_submissions(false);
    std::this_thread::sleep_for(std::chrono::seconds(2));
    EXPECT_EQ(sim.submissions(), 1);  // the guard / stored time hold the resend back
    scheduler->Stop();
  }
  {
    auto scheduler = MakeScheduler({payer}, kDeadline);  // a fresh link: only the stored time
    std::this_thread::sleep_for(std::chrono::seconds(1));
    EXPECT_EQ(sim.submissions(), 1);
    EXPECT_EQ(Interchanges("SIMCORE", "UNKNOWN").size(), 1u);
    scheduler->Stop();
  }
  auto unknown = Interchanges("SIMCORE", "UNKNOWN");
  ASSERT_EQ(unknown.size(), 1u);
  importer_.reset();
  store_.reset();
  ASSERT_TRUE(testing::BackdateInterchange(tmp_.File("claims.db"), unknown[0].id, 91'000));
  store_ = store::testing::OpenStore(tmp_.File("claims.db"));
  auto scheduler = MakeScheduler({payer}, kDeadline);
  EXPECT_TRUE(WaitUntil([&] { return StateOf(id) == "PAID"; }, std::chrono::seconds(30)))
      << StateOf(id);
  scheduler->Stop();
  EXPECT_EQ(sim.submissions(), 2);
  EXPECT_EQ(sim.state().interchanges(), 1u);  // the resend was recognised, not answered again
  EXPECT_EQ(Interchanges("SIMCORE", "").size(), 1u);
}

TEST_F(SchedulerCoreTest, AnUnknownSubmissionThePayerTookIsSettledByItsAcknowledgmentNotResent) {
  CoreSim sim;
  sim.lose_submission_answers(true);
  ASSERT_TRUE(sim.Start()) << sim.error();
  std::string id = QueueClaim("SIMCORE");
  core::PayerConfig payer = sim.Payer("SIMCORE", "mime");
  auto scheduler = MakeScheduler({payer}, std::chrono::seconds(1));
  // The submission's answer is lost (UNKNOWN), but the payer has the file: its 999, 277CA and
  // 835 come back through the retrievals while the 90 s resend window holds.
  EXPECT_TRUE(WaitUntil([&] { return StateOf(id) == "PAID"; }, std::chrono::seconds(30)))
      << StateOf(id);
  scheduler->Stop();
  EXPECT_EQ(sim.submissions(), 1);  // never resent
  EXPECT_TRUE(Interchanges("SIMCORE", "UNKNOWN").empty());
  EXPECT_EQ(Interchanges("SIMCORE", "ACCEPTED").size(), 1u);
}

}  // namespace
}  // namespace claimgate::pipeline
