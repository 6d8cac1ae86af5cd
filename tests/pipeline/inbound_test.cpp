#include "src/pipeline/inbound.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "edi/hipaa/ack_records.hpp"
#include "edi/hipaa/remittance.hpp"
#include "edi/hipaa/status_codes.hpp"
#include "src/ops/metrics.hpp"
#include "src/pipeline/watchdog.hpp"
#include "tests/pipeline/inbound_fixture.hpp"

namespace claimgate::pipeline {
namespace {

using testing::Ack999;
using testing::Remit835;
using testing::Sent;
using testing::SetAck;
using testing::Status277;
using testing::Ta1;
using testing::World;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

ImportReport Import(World& w, const std::string& bytes, ops::Registry* metrics = nullptr,
                    const std::string& payer = "PAYER1") {
  InboundImporter importer(w.store(), metrics);
  auto r = importer.Import({payer, "test-file.x12", ""}, bytes);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? *r : ImportReport{};
}

std::string Problems(const ImportReport& r) {
  std::string out;
  for (const auto& p : r.problems) out += p + "\n";
  return out;
}

TEST(InboundKind, ComesFromTheEnvelope) {
  EXPECT_EQ(DetectInboundKind(Ta1(5, "A", "000")), "TA1");
  EXPECT_EQ(DetectInboundKind(Ack999(7, {{"0001", "A", {}}})), "999");
  EXPECT_EQ(DetectInboundKind(Status277({{"CG1", "A1:20"}}, true)), "277CA");
  EXPECT_EQ(DetectInboundKind(Status277({{"CG1", "P1:20"}}, false)), "277");
  EXPECT_EQ(DetectInboundKind(Remit835({}, "0")), "835");
  EXPECT_EQ(DetectInboundKind("not x12 at all"), "unknown");
  EXPECT_EQ(DetectInboundKind(testing::FromPayer(
                1, "HC", 1, "005010X222A1", {testing::Set("837", "0001", "005010X222A1", {})})),
            "unknown");
}

TEST(InboundKind, A277WithoutGuideIsAClaimAcknowledgmentWhenBht06IsTh) {
  std::string ca = testing::FromPayer(
      1, "HN", 1, "", {testing::Set("277", "0001", "", {"BHT*0085*08*B1*20261127*1200*TH"})});
  std::string st = testing::FromPayer(
      1, "HN", 1, "", {testing::Set("277", "0001", "", {"BHT*0010*08*B1*20261127*1200*DG"})});
  EXPECT_EQ(DetectInboundKind(ca), "277CA");
  EXPECT_EQ(DetectInboundKind(st), "277");
}

TEST(RemitEventRule, FollowsClp02AndThePaidAmount) {
  EXPECT_EQ(RemitEventFor("1", 8000, false), ClaimEventKind::kPaid);
  EXPECT_EQ(RemitEventFor("19", 1, false), ClaimEventKind::kPaid);
  EXPECT_EQ(RemitEventFor("2", 0, true), ClaimEventKind::kPaid);  // deductible ate it
  EXPECT_EQ(RemitEventFor("1", 0, false), ClaimEventKind::kDenied);
  EXPECT_EQ(RemitEventFor("4", 0, false), ClaimEventKind::kDenied);
  EXPECT_EQ(RemitEventFor("4", 100, true), ClaimEventKind::kDenied);
  EXPECT_EQ(RemitEventFor("22", -8000, false), ClaimEventKind::kReversed);
  EXPECT_EQ(RemitEventFor("23", 0, false), std::nullopt);
  EXPECT_EQ(RemitEventFor("25", 100, false), std::nullopt);
}

class Inbound : public ::testing::Test {
 protected:
  void SetUp() override {
    tenant_a_ = w_.Tenant("practice-a");
    tenant_b_ = w_.Tenant("practice-b");
    sent_ = w_.Send({{tenant_a_, "837p-simple.json"}, {tenant_a_, "837p-secondary.json"}},
                    /*isa13=*/123, /*gs06=*/70);
    ASSERT_EQ(sent_.claims.size(), 2u);
    ASSERT_EQ(w_.State(sent_.claims[0].id), "SENT");
  }
  const std::string& Id(size_t i) const { return sent_.claims[i].id; }
  const std::string& Pcn(size_t i) const { return sent_.claims[i].pcn; }

  World w_;
  std::string tenant_a_, tenant_b_;
  Sent sent_;
};

TEST_F(Inbound, Ta1RejectionMovesTheInterchangeAndEveryClaimWithTheNoteInWords) {
  ImportReport r = Import(w_, Ta1(123, "R", "024"));
  EXPECT_EQ(r.kind, "TA1");
  EXPECT_EQ(r.state, "APPLIED") << Problems(r);
  EXPECT_EQ(r.claims_matched, 2);
  EXPECT_EQ(w_.InterchangeState(sent_.interchange_id), "TA1_REJECTED");
  const std::string meaning(
      edi::hipaa::AckCodeMeaning(edi::hipaa::AckCodeList::kInterchangeNote, "024"));
  ASSERT_FALSE(meaning.empty());
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(w_.State(Id(i)), "TA1_REJECTED");
    EXPECT_TRUE(Contains(w_.LastDetail(Id(i)), "TA105 024 (" + meaning + ")"))
        << w_.LastDetail(Id(i));
  }
}

TEST_F(Inbound, Ta1AcceptanceOnlyRecordsAStatusPerClaim) {
  ImportReport r = Import(w_, Ta1(123, "A", "000"));
  EXPECT_EQ(r.state, "APPLIED") << Problems(r);
  EXPECT_EQ(w_.InterchangeState(sent_.interchange_id), "SENT");
  EXPECT_EQ(w_.State(Id(0)), "SENT");
  auto records = w_.store().ListStatusRecords(tenant_a_, Id(0));
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].source, "TA1");
  EXPECT_EQ((*records)[0].category_code, "A");
}

TEST_F(Inbound, Ta1ForAnUnknownInterchangeIsKeptUnmatched) {
  ImportReport r = Import(w_, Ta1(999, "R", "024"));
  EXPECT_EQ(r.unmatched, 1);
  EXPECT_EQ(r.state, "PARTIAL");
  EXPECT_EQ(w_.State(Id(0)), "SENT");
  auto unmatched = w_.store().ListUnmatchedStatus(10);
  ASSERT_TRUE(unmatched);
  ASSERT_EQ(unmatched->size(), 1u);
  EXPECT_TRUE(Contains((*unmatched)[0].detail, "000000999"));
}

TEST_F(Inbound, A999RejectingOneSetMovesOnlyItsClaimAndNamesTheErrorPlaces) {
  ASSERT_EQ(sent_.claims[0].st02, "0001");
  ImportReport r =
      Import(w_, Ack999(70, {{"0001", "R", {"IK3*NM1*12*2010BA*8", "IK4*9*67*7*SECRETVALUE"}},
                             {"0002", "A", {}}}));
  EXPECT_EQ(r.kind, "999");
  EXPECT_EQ(r.state, "APPLIED") << Problems(r);
  EXPECT_EQ(r.claims_matched, 2);
  EXPECT_EQ(w_.State(Id(0)), "ACK_REJECTED");
  EXPECT_EQ(w_.State(Id(1)), "ACK_ACCEPTED");
  std::string detail = w_.LastDetail(Id(0));
  EXPECT_TRUE(Contains(detail, "segment NM1 at position 12 in loop 2010BA")) << detail;
  EXPECT_TRUE(Contains(detail, "IK304 8 (segment has element errors)")) << detail;
  EXPECT_TRUE(Contains(detail, "element 9 (data element 67): IK403 7 (code value not allowed)"))
      << detail;
  EXPECT_TRUE(Contains(detail, "IK501 R (rejected)")) << detail;
  EXPECT_FALSE(Contains(detail, "SECRETVALUE")) << "IK404 may be PHI";
  EXPECT_EQ(w_.InterchangeState(sent_.interchange_id), "PARTIAL");
  auto records = w_.store().ListStatusRecords(tenant_a_, Id(0));
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].source, "999");
  EXPECT_EQ((*records)[0].category_code, "R");
}

TEST_F(Inbound, A999AcceptingEverySetMarksTheInterchangeAccepted) {
  ImportReport r = Import(w_, Ack999(70, {{"0001", "A", {}}, {"0002", "E", {}}}));
  EXPECT_EQ(r.state, "APPLIED") << Problems(r);
  EXPECT_EQ(w_.State(Id(0)), "ACK_ACCEPTED");
  EXPECT_EQ(w_.State(Id(1)), "ACK_ACCEPTED");
  EXPECT_EQ(w_.InterchangeState(sent_.interchange_id), "ACCEPTED");
}

TEST_F(Inbound, A999GroupRejectionWithoutSetsRejectsEveryClaimOfTheGroup) {
  ImportReport r = Import(w_, Ack999(70, {}, "R"));
  EXPECT_EQ(w_.State(Id(0)), "ACK_REJECTED");
  EXPECT_EQ(w_.State(Id(1)), "ACK_REJECTED");
  EXPECT_EQ(w_.InterchangeState(sent_.interchange_id), "REJECTED");
  EXPECT_TRUE(Contains(w_.LastDetail(Id(0)), "AK901 R (rejected)")) << w_.LastDetail(Id(0));
}

TEST_F(Inbound, A999ForAGroupWeNeverSentIsUnmatched) {
  ImportReport r = Import(w_, Ack999(71, {{"0001", "A", {}}}));
  EXPECT_EQ(r.unmatched, 1);
  EXPECT_EQ(r.claims_matched, 0);
  EXPECT_EQ(w_.State(Id(0)), "SENT");
}

TEST_F(Inbound, Claim277CaAcceptsAndRejectsWithTheStatusMeanings) {
  ASSERT_EQ(Import(w_, Ack999(70, {{"0001", "A", {}}, {"0002", "A", {}}})).state, "APPLIED");
  ImportReport r = Import(w_, Status277({{Pcn(0), "A2:20:PR"}, {Pcn(1), "A3:21:85"}}));
  EXPECT_EQ(r.kind, "277CA");
  EXPECT_EQ(r.state, "APPLIED") << Problems(r);
  EXPECT_EQ(r.claims_matched, 2);
  EXPECT_EQ(w_.State(Id(0)), "PAYER_ACCEPTED");
  EXPECT_EQ(w_.State(Id(1)), "PAYER_REJECTED");
  std::string detail = w_.LastDetail(Id(1));
  EXPECT_TRUE(Contains(detail, "category A3: " + edi::hipaa::DescribeStatusCategory("A3")))
      << detail;
  EXPECT_TRUE(Contains(detail, "status 21: " + edi::hipaa::DescribeClaimStatus("21"))) << detail;
  auto records = w_.store().ListStatusRecords(tenant_a_, Id(1));
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 2u);  // the 999's and the 277CA's
  EXPECT_EQ(records->back().source, "277CA");
  EXPECT_EQ(records->back().category_code, "A3");
  EXPECT_EQ(records->back().payer_claim_control_number, "PAYERCLM-" + Pcn(1));
}

TEST_F(Inbound, Status277PendingMovesTheClaimToPending) {
  ImportReport r = Import(w_, Status277({{Pcn(0), "P1:20"}, {Pcn(1), "F1:65"}}, false));
  EXPECT_EQ(r.kind, "277");
  EXPECT_EQ(w_.State(Id(0)), "PENDING");
  EXPECT_EQ(w_.State(Id(1)), "SENT");  // finalized categories are recorded only
  auto records = w_.store().ListStatusRecords(tenant_a_, Id(1));
  ASSERT_TRUE(records);
  EXPECT_EQ(records->size(), 1u);
}

TEST_F(Inbound, A277NamingTheClaimOnlyByThePayersNumberIsMatchedThroughAnEarlier277Ca) {
  ASSERT_EQ(Import(w_, Status277({{Pcn(0), "A2:20:PR"}})).state, "APPLIED");
  // A later 277 whose trace is not ours: only REF*1K (the number the 277CA gave) names the claim.
  std::string later = Status277({{"NOT-OUR-TRACE", "P1:20"}}, false);
  const std::string theirs = "REF*1K*PAYERCLM-NOT-OUR-TRACE";
  later.replace(later.find(theirs), theirs.size(), "REF*1K*PAYERCLM-" + Pcn(0));
  ImportReport r = Import(w_, later);
  EXPECT_EQ(r.claims_matched, 1) << Problems(r);
  EXPECT_EQ(r.unmatched, 0);
  EXPECT_EQ(w_.State(Id(0)), "PENDING");
  // A payer number nobody gave stays unmatched.
  std::string stranger = Status277({{"OTHER-TRACE", "P1:20"}}, false);
  ImportReport u = Import(w_, stranger);
  EXPECT_EQ(u.claims_matched, 0);
  EXPECT_EQ(u.unmatched, 1);
}

TEST_F(Inbound, RemittancePaysAndDeniesByTheDocumentedRule) {
  Sent more =
      w_.Send({{tenant_a_, "837p-dependent.json"}, {tenant_a_, "837p-replacement.json"}}, 124, 71);
  ASSERT_EQ(more.claims.size(), 2u);
  ImportReport r = Import(
      w_, Remit835({{"CLP*" + Pcn(0) + "*1*100*80*20*12*PAYERCLM1", "CAS*PR*1*20"},
                    {"CLP*" + Pcn(1) + "*4*100*0*0*12*PAYERCLM2", "MOA***MA130",
                     "SVC*HC:99213*100*0**1", "CAS*CO*50*100", "LQ*HE*N130"},
                    {"CLP*" + more.claims[0].pcn + "*1*100*0**12*PAYERCLM3", "CAS*CO*45*100"},
                    {"CLP*" + more.claims[1].pcn + "*1*100*0*100*12*PAYERCLM4", "CAS*PR*1*100"},
                    {"PLB*1234567893*20261231*WO:ABC*10"}},
                   "70"));
  EXPECT_EQ(r.kind, "835");
  EXPECT_EQ(r.state, "APPLIED") << Problems(r);
  EXPECT_EQ(r.claims_matched, 4);
  EXPECT_EQ(w_.State(Id(0)), "PAID");
  EXPECT_EQ(w_.State(Id(1)), "DENIED");
  EXPECT_EQ(w_.State(more.claims[0].id), "DENIED");  // paid 0, contractual adjustment only
  EXPECT_EQ(w_.State(more.claims[1].id), "PAID");    // paid 0, the patient owes all of it
  EXPECT_TRUE(Contains(w_.LastDetail(Id(1)), "CO 50 100.00 (" + edi::hipaa::DescribeCarc("50")))
      << w_.LastDetail(Id(1));
  ASSERT_EQ(r.remittance_ids.size(), 1u);
  auto rem = w_.store().GetRemittance(tenant_a_, r.remittance_ids[0]);
  ASSERT_TRUE(rem);
  EXPECT_EQ(rem->claims.size(), 4u);
  EXPECT_EQ(rem->total_paid_cents, 7000);  // 80.00 paid less the 10.00 PLB
  ASSERT_EQ(rem->provider_adjustments.size(), 1u);
  EXPECT_EQ(rem->provider_adjustments[0].reason_code, "WO");
  EXPECT_EQ(rem->trace_number, "EFT0001");
  // Remark codes are kept: the claim's MOA and the line's LQ*HE.
  const store::ClaimPayment& denied = rem->claims[1];
  ASSERT_EQ(denied.remarks.size(), 1u);
  EXPECT_EQ(denied.remarks[0].qualifier, "MOA");
  EXPECT_EQ(denied.remarks[0].code, "MA130");
  ASSERT_EQ(denied.services.size(), 1u);
  ASSERT_EQ(denied.services[0].remarks.size(), 1u);
  EXPECT_EQ(denied.services[0].remarks[0].code, "N130");
}

TEST_F(Inbound, RemittanceRecordsAreSplitByTenantAndIsolated) {
  Sent other = w_.Send({{tenant_b_, "837p-simple.json"}}, 125, 72);
  ASSERT_EQ(other.claims.size(), 1u);
  ImportReport r = Import(w_, Remit835({{"CLP*" + Pcn(0) + "*1*100*100*0*12*P1"},
                                        {"CLP*" + other.claims[0].pcn + "*1*50*50*0*12*P2"}},
                                       "150"));
  EXPECT_EQ(r.state, "APPLIED") << Problems(r);
  ASSERT_EQ(r.remittance_ids.size(), 2u);
  int found_a = 0, found_b = 0;
  for (const std::string& id : r.remittance_ids) {
    auto a = w_.store().GetRemittance(tenant_a_, id);
    auto b = w_.store().GetRemittance(tenant_b_, id);
    EXPECT_NE(a.has_value(), b.has_value()) << "a remittance belongs to exactly one tenant";
    if (a) {
      ++found_a;
      ASSERT_EQ(a->claims.size(), 1u);
      EXPECT_EQ(a->claims[0].claim_id, Id(0));
    }
    if (b) {
      ++found_b;
      ASSERT_EQ(b->claims.size(), 1u);
      EXPECT_EQ(b->claims[0].claim_id, other.claims[0].id);
    }
  }
  EXPECT_EQ(found_a, 1);
  EXPECT_EQ(found_b, 1);
}

TEST_F(Inbound, An835BeforeThe277CaStillEndsPaid) {
  std::string remit = Remit835({{"CLP*" + Pcn(0) + "*1*100*100*0*12*P1"}}, "100");
  EXPECT_EQ(Import(w_, remit).state, "APPLIED");
  EXPECT_EQ(w_.State(Id(0)), "PAID");
  ImportReport late_ca = Import(w_, Status277({{Pcn(0), "A2:20:PR"}}));
  EXPECT_EQ(late_ca.claims_matched, 1);
  EXPECT_EQ(late_ca.state, "APPLIED") << Problems(late_ca);
  ImportReport late_ack = Import(w_, Ack999(70, {{"0001", "A", {}}, {"0002", "A", {}}}));
  EXPECT_EQ(late_ack.state, "APPLIED") << Problems(late_ack);
  EXPECT_EQ(w_.State(Id(0)), "PAID");
  EXPECT_EQ(w_.State(Id(1)), "ACK_ACCEPTED");
  auto events = w_.store().ListClaimEvents(tenant_a_, Id(0));
  ASSERT_TRUE(events);
  std::vector<std::string> types;
  for (const auto& e : *events) types.push_back(e.type);
  EXPECT_EQ(types.back(), "ack_accepted");  // recorded, state kept
  EXPECT_EQ(events->back().to_state, "PAID");
}

TEST_F(Inbound, AReversalAndItsCorrectionAreEventsInFileOrder) {
  ASSERT_EQ(Import(w_, Remit835({{"CLP*" + Pcn(0) + "*1*100*100*0*12*P1"}}, "100")).state,
            "APPLIED");
  ImportReport r = Import(w_, Remit835({{"CLP*" + Pcn(0) + "*22*-100*-100*0*12*P1"},
                                        {"CLP*" + Pcn(0) + "*1*100*90*10*12*P1B", "CAS*PR*2*10"}},
                                       "-10", 905, "EFT0002"));
  EXPECT_EQ(r.state, "APPLIED") << Problems(r);
  auto events = w_.store().ListClaimEvents(tenant_a_, Id(0));
  ASSERT_TRUE(events);
  ASSERT_GE(events->size(), 3u);
  EXPECT_EQ((*events)[events->size() - 2].to_state, "REVERSED");
  EXPECT_EQ(events->back().to_state, "PAID");
  auto payments = w_.store().ListClaimPayments(tenant_a_, Id(0));
  ASSERT_TRUE(payments);
  EXPECT_EQ(payments->size(), 3u);
}

TEST_F(Inbound, TheSameBytesTwiceChangeNothing) {
  std::string remit = Remit835({{"CLP*" + Pcn(0) + "*1*100*100*0*12*P1"}}, "100");
  ImportReport first = Import(w_, remit);
  size_t events = w_.EventCount(Id(0));
  ImportReport again = Import(w_, remit);
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.inbound_file_id, first.inbound_file_id);
  EXPECT_EQ(again.kind, "835");
  EXPECT_EQ(again.state, "APPLIED");
  EXPECT_TRUE(again.remittance_ids.empty());
  EXPECT_EQ(w_.EventCount(Id(0)), events);
  auto page = w_.store().ListRemittances(tenant_a_, {});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->remittances.size(), 1u);
}

TEST_F(Inbound, UnmatchedClaimsStayVisibleWithTheirCodes) {
  ImportReport r = Import(w_, Remit835({{"CLP*CGNOSUCHCLAIM0001*1*100*100*0*12*PX"},
                                        {"CLP*" + Pcn(0) + "*1*100*100*0*12*P1"}},
                                       "200"));
  EXPECT_EQ(r.unmatched, 1);
  EXPECT_EQ(r.claims_matched, 1);
  EXPECT_EQ(r.state, "PARTIAL");
  EXPECT_EQ(w_.State(Id(0)), "PAID");
  ImportReport s = Import(w_, Status277({{"CGNOSUCHCLAIM0002", "A3:21:85"}}));
  EXPECT_EQ(s.unmatched, 1);
  auto unmatched = w_.store().ListUnmatchedStatus(10);
  ASSERT_TRUE(unmatched);
  ASSERT_EQ(unmatched->size(), 2u);
  EXPECT_EQ((*unmatched)[0].source, "835");
  EXPECT_EQ((*unmatched)[0].patient_control_number, "CGNOSUCHCLAIM0001");
  EXPECT_EQ((*unmatched)[0].status_code, "1");
  EXPECT_TRUE(Contains((*unmatched)[0].detail, "paid 100.00")) << (*unmatched)[0].detail;
  EXPECT_EQ((*unmatched)[0].inbound_file_id, r.inbound_file_id);
  EXPECT_EQ((*unmatched)[1].source, "277CA");
  EXPECT_EQ((*unmatched)[1].category_code, "A3");
}

TEST_F(Inbound, AClaimOfAnotherPayerIsNotMatched) {
  ImportReport r =
      Import(w_, Remit835({{"CLP*" + Pcn(0) + "*1*100*100*0*12*P1"}}, "100"), nullptr, "PAYER2");
  EXPECT_EQ(r.unmatched, 1);
  EXPECT_EQ(w_.State(Id(0)), "SENT");
}

TEST_F(Inbound, AGarbageFileIsStoredAndFailsWithAPreciseProblem) {
  ImportReport r = Import(w_, "this is not an X12 file\n");
  EXPECT_EQ(r.kind, "unknown");
  EXPECT_EQ(r.state, "FAILED");
  ASSERT_FALSE(r.problems.empty());
  EXPECT_TRUE(Contains(Problems(r), "no X12 interchange (ISA segment) found")) << Problems(r);
  auto file = w_.store().GetInboundFile(r.inbound_file_id, true);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->state, "FAILED");
  EXPECT_EQ(file->bytes, "this is not an X12 file\n");
  EXPECT_FALSE(file->last_error.empty());
}

TEST_F(Inbound, AnOutboundClaimFileIsRefusedByName) {
  ImportReport r = Import(w_, testing::FromPayer(1, "HC", 1, "005010X222A1",
                                                 {testing::Set("837", "0001", "", {"BHT"})}));
  EXPECT_EQ(r.state, "FAILED");
  EXPECT_TRUE(Contains(Problems(r), "transaction set 837 is not a payer response")) << Problems(r);
}

// A file whose envelope is broken is stored and not applied (HELD): the security review sent a
// truncated 835 and one with a wrong SE01, and both reversed a PAID claim. A platform operator
// may apply a held file after review.
TEST_F(Inbound, ATruncatedFileIsHeldNotAppliedUntilAnOperatorAppliesItAfterReview) {
  std::string full = Ack999(70, {{"0001", "A", {}}, {"0002", "R", {}}});
  std::string cut = full.substr(0, full.find("AK2*837*0002"));
  ImportReport r = Import(w_, cut);
  EXPECT_EQ(r.kind, "999");
  EXPECT_EQ(r.state, "HELD");
  EXPECT_EQ(r.claims_matched, 0);
  EXPECT_EQ(w_.State(Id(0)), "SENT");
  EXPECT_EQ(w_.State(Id(1)), "SENT");
  EXPECT_TRUE(Contains(Problems(r), "missing_trailer")) << Problems(r);
  // The same bytes again stay held; the watchdog lists the file for the platform.
  EXPECT_EQ(Import(w_, cut).state, "HELD");
  Watchdog watchdog(w_.store(), std::vector<core::PayerConfig>{testing::TestPayer()});
  auto alerts = watchdog.Check(store::NowMs());
  ASSERT_TRUE(alerts);
  bool listed = false;
  for (const auto& a : *alerts) listed |= a.kind == "inbound_file_held" && a.object_id == r.inbound_file_id;
  EXPECT_TRUE(listed);

  InboundImporter importer(w_.store());
  auto reviewed = importer.ApplyReviewed(r.inbound_file_id);
  ASSERT_TRUE(reviewed) << reviewed.error().message;
  EXPECT_EQ(reviewed->state, "PARTIAL");
  EXPECT_EQ(w_.State(Id(0)), "ACK_ACCEPTED");
  EXPECT_EQ(w_.State(Id(1)), "SENT");
  auto again = importer.ApplyReviewed(r.inbound_file_id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "conflict");
  auto after = watchdog.Check(store::NowMs());
  ASSERT_TRUE(after);
  for (const auto& a : *after) EXPECT_NE(a.kind, "inbound_file_held");
}

TEST_F(Inbound, ATruncated835NeverReversesAPaidClaim) {
  ASSERT_EQ(Import(w_, Remit835({{"CLP*" + Pcn(0) + "*1*100*100*0*12*P1"}}, "100", 940)).state,
            "APPLIED");
  ASSERT_EQ(w_.State(Id(0)), "PAID");
  std::string reversal = Remit835({{"CLP*" + Pcn(0) + "*22*-100*-100*0*12*P1"}}, "-100", 941);
  ImportReport r = Import(w_, reversal.substr(0, reversal.find("SE*")));
  EXPECT_EQ(r.state, "HELD") << Problems(r);
  EXPECT_EQ(w_.State(Id(0)), "PAID");
}

// A transaction set whose SE is wrong is left out; the file's good set is applied.
TEST_F(Inbound, ASetWithABrokenSeIsLeftOutAndTheOtherSetIsApplied) {
  const std::vector<std::string> header = {
      "BPR*I*100*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20261127",
      "TRN*1*EFT0942*1512345678", "N1*PR*SYNTHETIC PAYER*XV*PAYERX",
      "N1*PE*SYNTHETIC CLINIC*XX*1234567893", "LX*1"};
  auto body = [&](const std::string& clp) {
    std::vector<std::string> b = header;
    b.push_back(clp);
    return b;
  };
  std::string file = testing::FromPayer(
      942, "HP", 9942, "005010X221A1",
      {testing::Set("835", "0001", "005010X221A1", body("CLP*" + Pcn(0) + "*1*100*100*0*12*P1")),
       testing::Set("835", "0002", "005010X221A1", body("CLP*" + Pcn(1) + "*4*100*0*0*12*P2"))});
  const std::size_t se = file.find("SE*", file.find("ST*835*0002"));
  ASSERT_NE(se, std::string::npos);
  file.replace(se + 3, file.find('*', se + 3) - (se + 3), "99");  // SE01 99: wrong
  ImportReport r = Import(w_, file);
  EXPECT_EQ(r.state, "PARTIAL") << Problems(r);
  EXPECT_EQ(w_.State(Id(0)), "PAID");
  EXPECT_EQ(w_.State(Id(1)), "SENT") << "the broken set's denial must not be applied";
  EXPECT_TRUE(Contains(Problems(r), "this transaction set was not applied")) << Problems(r);
}

TEST_F(Inbound, ARefusedEventIsAProblemAndTheOthersStillApply) {
  // A claim that was never sent cannot take a payer answer; the other claim still moves.
  std::string queued_tenant = tenant_a_;
  store::NewClaim c = store::testing::SyntheticClaim(queued_tenant, "CGQUEUEDONLY00001", "PAYER1");
  ASSERT_TRUE(store::testing::Insert(w_.store(), c));
  ImportReport r = Import(w_, Remit835({{"CLP*CGQUEUEDONLY00001*1*100*100*0*12*PQ"},
                                        {"CLP*" + Pcn(0) + "*1*100*100*0*12*P1"}},
                                       "200"));
  EXPECT_EQ(r.state, "PARTIAL");
  EXPECT_EQ(r.claims_matched, 1);
  EXPECT_TRUE(Contains(Problems(r), "the claim was never sent")) << Problems(r);
  EXPECT_EQ(w_.State(Id(0)), "PAID");
}

TEST_F(Inbound, CountsFilesAndClaimsInTheMetrics) {
  ops::Registry metrics;
  std::string remit = Remit835(
      {{"CLP*" + Pcn(0) + "*1*100*100*0*12*P1"}, {"CLP*CGNOSUCHCLAIM0009*1*100*100*0*12*PX"}},
      "200");
  Import(w_, remit, &metrics);
  Import(w_, remit, &metrics);
  auto& files = metrics.AddCounter("claimgate_inbound_files_total", "", {"kind", "state"});
  EXPECT_EQ(files.Value({"835", "PARTIAL"}), 1);
  EXPECT_EQ(files.Value({"835", "DUPLICATE"}), 1);
  auto& items = metrics.AddCounter("claimgate_inbound_items_total", "", {"kind", "outcome"});
  EXPECT_EQ(items.Value({"835", "matched"}), 1);
  EXPECT_EQ(items.Value({"835", "unmatched"}), 1);
}

TEST(InboundLarge, ALargeRemittanceIsAppliedInFewCommits) {
  World w;
  std::string tenant = w.Tenant("big-practice");
  std::vector<std::pair<std::string, std::string>> claims(300, {tenant, "837p-simple.json"});
  Sent sent = w.Send(claims, 200, 2000);
  ASSERT_EQ(sent.claims.size(), 300u);
  std::vector<std::vector<std::string>> clps;
  for (const auto& c : sent.claims) clps.push_back({"CLP*" + c.pcn + "*1*100*100*0*12*P"});
  for (int i = 0; i < 40000; ++i) {  // plus many claims that are not ours
    clps.push_back({"CLP*CGFOREIGN" + std::to_string(100000 + i) + "*1*100*100*0*12*P"});
  }
  std::string bytes = Remit835(clps, std::to_string(100 * clps.size()));
  ASSERT_GT(bytes.size(), 1'000'000u);
  int64_t tx_before = w.store().Stats().transactions;
  auto start = std::chrono::steady_clock::now();
  ImportReport r = Import(w, bytes);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  EXPECT_EQ(r.claims_matched, 300);
  EXPECT_EQ(r.unmatched, 40000);
  EXPECT_EQ(r.state, "PARTIAL");
  int64_t commits = w.store().Stats().transactions - tx_before;
  EXPECT_LT(commits, 2000) << "writes are grouped, not one commit per claim";
  std::printf("[ figure ] 835 of %zu bytes, %zu claims (300 matched): %lld ms, %lld commits\n",
              bytes.size(), clps.size(), static_cast<long long>(ms),
              static_cast<long long>(commits));
  for (const auto& c : sent.claims) ASSERT_EQ(w.State(c.id), "PAID");
}

TEST(InboundCorpus, EveryResponseFileImportsWithoutCrashAndIsStored) {
  namespace fs = std::filesystem;
  World w;
  int files = 0;
  for (const char* family : {"835", "277", "277CA", "999", "TA1"}) {
    fs::path dir = fs::path(CLAIMGATE_CORPUS_DIR) / family;
    if (!fs::is_directory(dir)) continue;
    std::vector<fs::path> paths;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.is_regular_file()) paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const fs::path& p : paths) {
      std::string bytes = testing::ReadText(p.string());
      InboundImporter importer(w.store());
      auto r = importer.Import({"PAYER1", p.filename().string(), ""}, bytes);
      ASSERT_TRUE(r) << p;
      ++files;
      auto stored = w.store().GetInboundFile(r->inbound_file_id, true);
      ASSERT_TRUE(stored) << p;
      EXPECT_EQ(stored->bytes, bytes) << p;
      EXPECT_FALSE(r->state.empty()) << p;
      EXPECT_EQ(stored->state, r->duplicate ? stored->state : r->state) << p;
      if (!r->duplicate) {
        EXPECT_NE(r->kind, "unknown") << p << "\n" << Problems(*r);
      }
    }
  }
  EXPECT_GT(files, 20);
}

}  // namespace
}  // namespace claimgate::pipeline
