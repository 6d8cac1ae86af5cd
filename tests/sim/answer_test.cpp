#include "src/sim/answer.hpp"

#include <gtest/gtest.h>

#include "edi/hipaa/ack_records.hpp"
#include "edi/hipaa/claim_status.hpp"
#include "edi/hipaa/remittance.hpp"
#include "tests/sim/sim_test_util.hpp"

namespace claimgate::sim {
namespace {

using testing::Build837;
using testing::Describe;
using testing::Errors;
using testing::Example;

struct AnswerRun {
  Answer answer;
  std::uint64_t numbers = 0;
};

AnswerRun AnswerWith(const std::string& x12, const SimConfig& config) {
  AnswerRun run;
  AnswerContext context{[&run] { return ++run.numbers + 100; }, "20261127", "0310"};
  run.answer = AnswerInterchange(x12, config, context);
  for (const std::string& e : run.answer.errors) ADD_FAILURE() << e;
  return run;
}

const PlannedResponse* Find(const Answer& a, ResponseKind kind, int nth = 0) {
  for (const PlannedResponse& r : a.responses) {
    if (r.kind == kind && nth-- == 0) return &r;
  }
  return nullptr;
}

int Count(const Answer& a, ResponseKind kind) {
  int n = 0;
  for (const PlannedResponse& r : a.responses) n += r.kind == kind;
  return n;
}

std::vector<edi::hipaa::Encounter> ThreeClaims() {
  edi::hipaa::Encounter paid = Example("837p-simple.json");
  edi::hipaa::Encounter rejected = paid;
  rejected.claim.patient_control_number = "PCN0002";
  rejected.subscriber.member_id = "REJ000222";
  edi::hipaa::Encounter denied = paid;
  denied.claim.patient_control_number = "PCN0003";
  denied.subscriber.member_id = "DENY00333";
  return {paid, rejected, denied};
}

TEST(AnswerInterchange, ResponsesValidateCleanWithClaimgatesOwnValidator) {
  for (const char* example : {"837p-simple.json", "837i-outpatient.json", "837i-inpatient.json",
                              "837d-dental.json", "837p-dependent.json"}) {
    SCOPED_TRACE(example);
    std::string x12 = Build837({Example(example)}, 41, true);
    ASSERT_TRUE(Errors(x12).empty()) << Describe(Errors(x12));
    AnswerRun run = AnswerWith(x12, SimConfig{});
    ASSERT_EQ(run.answer.sets_accepted, 1);
    for (ResponseKind kind :
         {ResponseKind::kTa1, ResponseKind::k999, ResponseKind::k277ca, ResponseKind::k835}) {
      const PlannedResponse* r = Find(run.answer, kind);
      ASSERT_NE(r, nullptr) << ResponseKindName(kind);
      EXPECT_TRUE(Errors(r->bytes).empty()) << ResponseKindName(kind) << "\n"
                                            << Describe(Errors(r->bytes)) << r->bytes;
    }
  }
}

// The 835 guide does not use ST03 and payers leave it out: the simulator's 835 has none and
// draws no finding at all, not even a warning; the 277CA names its guide in ST03 as X214 requires.
TEST(AnswerInterchange, The835CarriesNoSt03AndDrawsNoWarning) {
  std::string x12 = Build837(ThreeClaims(), 43);
  AnswerRun run = AnswerWith(x12, SimConfig{});
  const PlannedResponse* remit = Find(run.answer, ResponseKind::k835);
  ASSERT_NE(remit, nullptr);
  EXPECT_EQ(Describe(testing::Findings(remit->bytes)), "") << remit->bytes;
  auto remittances = edi::hipaa::ReadRemittances(remit->bytes, nullptr);
  ASSERT_FALSE(remittances.empty());
  for (const auto& r : remittances) {
    EXPECT_FALSE(r.keys.transaction_control_number.empty());
    EXPECT_EQ(r.keys.implementation, "");       // no ST03
    EXPECT_EQ(r.keys.version, "005010X221A1");  // GS08 names the guide
  }
  const PlannedResponse* status = Find(run.answer, ResponseKind::k277ca);
  ASSERT_NE(status, nullptr);
  EXPECT_NE(status->bytes.find("ST*277*0001*005010X214~"), std::string::npos) << status->bytes;
}

TEST(AnswerInterchange, StatusAndRemittanceParseBackPerClaim) {
  std::string x12 = Build837(ThreeClaims(), 42);
  ASSERT_TRUE(Errors(x12).empty()) << Describe(Errors(x12));
  AnswerRun run = AnswerWith(x12, SimConfig{});
  ASSERT_EQ(run.answer.decisions.size(), 3u);
  EXPECT_EQ(Count(run.answer, ResponseKind::kTa1), 0);  // ISA14 = 0

  const PlannedResponse* status = Find(run.answer, ResponseKind::k277ca);
  ASSERT_NE(status, nullptr);
  std::vector<edi::hipaa::Finding> status_findings;
  auto records = edi::hipaa::ReadStatusRecords(status->bytes, nullptr, &status_findings);
  EXPECT_TRUE(status_findings.empty());
  std::map<std::string, std::string> stc;
  for (const auto& r : records) {
    if (r.level != edi::hipaa::StatusLevel::kClaim) continue;
    EXPECT_TRUE(r.claim_acknowledgment);
    ASSERT_FALSE(r.statuses.empty());
    const auto& code = r.statuses[0].codes[0];
    stc[r.trace_number] = code.category + ":" + code.status;
  }
  EXPECT_EQ(stc, (std::map<std::string, std::string>{
                     {"PCN0001", "A1:20"}, {"PCN0002", "A3:21"}, {"PCN0003", "A1:20"}}));

  const PlannedResponse* remit = Find(run.answer, ResponseKind::k835);
  ASSERT_NE(remit, nullptr);
  edi::DiagnosticList diagnostics;
  auto remittances = edi::hipaa::ReadRemittances(remit->bytes, &diagnostics);
  ASSERT_EQ(remittances.size(), 1u);
  const auto& r = remittances[0];
  EXPECT_TRUE(r.findings.empty());
  ASSERT_EQ(r.claims.size(), 2u);  // the rejected claim is not remitted
  EXPECT_EQ(r.claims[0].patient_control_number, "PCN0001");
  EXPECT_EQ(r.claims[0].status, "1");
  EXPECT_EQ(r.claims[0].paid, run.answer.decisions[0].paid);
  EXPECT_EQ(r.claims[1].patient_control_number, "PCN0003");
  EXPECT_EQ(r.claims[1].status, "4");
  EXPECT_EQ(r.claims[1].paid, 0);
  EXPECT_EQ(r.payment_amount, run.answer.decisions[0].paid);
  EXPECT_EQ(r.handling, "I");
  EXPECT_FALSE(r.trace_number.empty());
  for (const auto& claim : r.claims) {
    std::vector<edi::hipaa::Finding> balance;
    edi::hipaa::CheckClaimBalance(claim, &balance);
    EXPECT_TRUE(balance.empty()) << claim.patient_control_number;
  }
}

TEST(AnswerInterchange, AcceptedInterchangeGets999AcceptedThen277caThen835) {
  SimConfig config;
  config.delay_277ca_ms = 100;
  config.delay_835_ms = 200;
  AnswerRun run = AnswerWith(Build837({Example("837p-simple.json")}, 43), config);
  ASSERT_EQ(run.answer.responses.size(), 3u);
  EXPECT_EQ(run.answer.responses[0].kind, ResponseKind::k999);
  EXPECT_EQ(run.answer.responses[0].delay_ms, 0);
  EXPECT_EQ(run.answer.responses[1].kind, ResponseKind::k277ca);
  EXPECT_EQ(run.answer.responses[1].delay_ms, 100);
  EXPECT_EQ(run.answer.responses[2].kind, ResponseKind::k835);
  EXPECT_EQ(run.answer.responses[2].delay_ms, 300);
  edi::hipaa::AckFile acks = edi::hipaa::ReadAcks(run.answer.responses[0].bytes, nullptr);
  ASSERT_EQ(acks.acks.size(), 1u);
  EXPECT_EQ(acks.acks[0].group_control_number, "43");
  EXPECT_EQ(acks.acks[0].accepted, 1u);
  EXPECT_EQ(run.answer.control_number, "000000043");
  // Every response interchange has its own control number.
  EXPECT_EQ(run.numbers, 3u);
}

TEST(AnswerInterchange, BrokenEnvelopeGetsTa1RejectedAndNothingElse) {
  std::string x12 = Build837({Example("837p-simple.json")}, 44);
  std::size_t iea = x12.rfind("IEA*1*");
  ASSERT_NE(iea, std::string::npos);
  x12.replace(iea, 15, "IEA*1*000000999");  // IEA02 differs from ISA13
  AnswerRun run = AnswerWith(x12, SimConfig{});
  EXPECT_TRUE(run.answer.envelope_rejected);
  ASSERT_EQ(run.answer.responses.size(), 1u);
  EXPECT_EQ(run.answer.responses[0].kind, ResponseKind::kTa1);
  EXPECT_NE(run.answer.responses[0].bytes.find("TA1*000000044*"), std::string::npos);
  EXPECT_NE(run.answer.responses[0].bytes.find("*R*"), std::string::npos);
}

TEST(AnswerInterchange, SetWithErrorsIsRejectedIn999AndNotAdjudicated) {
  std::string x12 = Build837({Example("837p-simple.json")}, 45);
  std::size_t clm = x12.find("CLM*PCN0001*");
  ASSERT_NE(clm, std::string::npos);
  x12.replace(clm, 12, "CLM*PCN0001*9");  // CLM02 no longer balances with the lines
  AnswerRun run = AnswerWith(x12, SimConfig{});
  EXPECT_EQ(run.answer.sets_rejected, 1);
  EXPECT_TRUE(run.answer.decisions.empty());
  ASSERT_EQ(run.answer.responses.size(), 1u);
  EXPECT_NE(run.answer.responses[0].bytes.find("IK5*R"), std::string::npos);
}

// --- Faults.

TEST(AnswerFaults, RejectAllAnswers999RejectedForEverySet) {
  SimConfig config;
  config.faults.reject_all = true;
  AnswerRun run = AnswerWith(Build837({Example("837p-simple.json")}, 46), config);
  EXPECT_EQ(run.answer.sets_rejected, 1);
  ASSERT_EQ(run.answer.responses.size(), 1u);
  EXPECT_NE(run.answer.responses[0].bytes.find("IK5*R"), std::string::npos);
  EXPECT_NE(run.answer.responses[0].bytes.find("AK9*R"), std::string::npos);
  EXPECT_TRUE(Errors(run.answer.responses[0].bytes).empty());
}

TEST(AnswerFaults, DropAckSendsNo999ButStill277caAnd835) {
  SimConfig config;
  config.faults.drop_ack = true;
  AnswerRun run = AnswerWith(Build837({Example("837p-simple.json")}, 47), config);
  EXPECT_EQ(Count(run.answer, ResponseKind::k999), 0);
  EXPECT_EQ(Count(run.answer, ResponseKind::k277ca), 1);
  EXPECT_EQ(Count(run.answer, ResponseKind::k835), 1);
}

TEST(AnswerFaults, DuplicateAckSendsThe999Twice) {
  SimConfig config;
  config.faults.duplicate_ack = true;
  AnswerRun run = AnswerWith(Build837({Example("837p-simple.json")}, 48), config);
  ASSERT_EQ(Count(run.answer, ResponseKind::k999), 2);
  EXPECT_EQ(Find(run.answer, ResponseKind::k999, 0)->bytes,
            Find(run.answer, ResponseKind::k999, 1)->bytes);
}

TEST(AnswerFaults, DelayAckHoldsEveryResponse) {
  SimConfig config;
  config.faults.delay_ack_ms = 5000;
  AnswerRun run = AnswerWith(Build837({Example("837p-simple.json")}, 49, true), config);
  for (const PlannedResponse& r : run.answer.responses) EXPECT_GE(r.delay_ms, 5000);
  EXPECT_EQ(Find(run.answer, ResponseKind::k999)->delay_ms, 5000);
}

TEST(AnswerFaults, RemitBefore277caOrdersThe835First) {
  SimConfig config;
  config.faults.remit_before_277ca = true;
  AnswerRun run = AnswerWith(Build837({Example("837p-simple.json")}, 50), config);
  ASSERT_EQ(run.answer.responses.size(), 3u);
  EXPECT_EQ(run.answer.responses[1].kind, ResponseKind::k835);
  EXPECT_EQ(run.answer.responses[2].kind, ResponseKind::k277ca);
  EXPECT_LT(run.answer.responses[1].delay_ms, run.answer.responses[2].delay_ms);
}

TEST(AnswerInterchange, NotX12GetsNoAnswer) {
  AnswerRun run = AnswerWith("hello, this is not X12", SimConfig{});
  EXPECT_TRUE(run.answer.responses.empty());
  EXPECT_TRUE(run.answer.control_number.empty());
}

}  // namespace
}  // namespace claimgate::sim
