// The simulator's real-time 276 -> 277 answers without a socket: a 276 built by claimgate's own
// builder from docs/examples, answered for every stage a claim can be in (the STC table of
// status_answer.hpp), each 277 checked with claimgate's validator and read back with its 277
// reader; bad 276s get a 999 or a TA1. Synthetic data only.
#include "src/sim/status_answer.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "edi/hipaa/claim_status.hpp"
#include "tests/sim/sim_test_util.hpp"

namespace claimgate::sim {
namespace {

using testing::Build276;
using testing::Describe;
using testing::Errors;
using testing::Example;

AnswerContext Context() {
  AnswerContext c;
  auto next = std::make_shared<std::uint64_t>(500);
  c.next_control_number = [next] { return (*next)++; };
  c.date = "20261127";
  c.time = "0301";
  return c;
}

KnownClaim Known() {
  KnownClaim c;
  c.patient_control_number = "PCN0001";
  c.payer_claim_number = "SIM7-1";
  c.category = "A1";
  c.status = "20";
  c.charge = 12000;
  c.paid = 7680;
  c.clp02 = "1";
  c.received_ms = 1000;
  c.acknowledged_ms = 2000;
  c.adjudicated_ms = 1'790'000'000'000;  // 2026-09-21 UTC
  return c;
}

ClaimLookup LookupOf(std::optional<KnownClaim> known) {
  return [known](const std::string& pcn) -> std::optional<KnownClaim> {
    if (known && known->patient_control_number == pcn) return known;
    return std::nullopt;
  };
}

std::vector<edi::hipaa::StatusRecord> ClaimRecords(const std::string& x12) {
  std::vector<edi::hipaa::StatusRecord> out;
  for (auto& r : edi::hipaa::ReadStatusRecords(x12, nullptr, nullptr)) {
    if (r.level == edi::hipaa::StatusLevel::kClaim) out.push_back(std::move(r));
  }
  return out;
}

struct StageCase {
  const char* name;
  bool known;
  std::int64_t now_ms;
  bool accepted;
  std::string clp02;
  std::string category, status, entity;
  std::string payer_number;  // REF*1K in the answer
  bool has_paid;
  edi::hipaa::Cents paid;
};

TEST(StatusAnswer, AnswersEachStageOfAClaimWithItsStcCode) {
  const StageCase cases[] = {
      {"unknown", false, 5000, true, "1", "A4", "35", "", "", false, 0},
      {"received", true, 1500, true, "1", "A1", "19", "", "", false, 0},
      {"rejected", true, 2500, false, "1", "A3", "21", "IL", "", false, 0},
      {"in process", true, 2500, true, "1", "P1", "20", "", "SIM7-1", false, 0},
      {"paid", true, 1'790'000'000'001, true, "1", "F1", "65", "", "SIM7-1", true, 7680},
      {"denied", true, 1'790'000'000'001, true, "4", "F2", "1", "", "SIM7-1", true, 0},
  };
  const std::string x12 = Build276(Example("837p-simple.json"));
  for (const StageCase& c : cases) {
    SCOPED_TRACE(c.name);
    std::optional<KnownClaim> known;
    if (c.known) {
      known = Known();
      known->accepted = c.accepted;
      known->clp02 = c.clp02;
      if (!c.accepted) {
        known->category = "A3", known->status = "21", known->entity = "IL";
        known->adjudicated_ms = 0;
      }
      if (c.clp02 == "4") known->paid = 0;
    }
    StatusInquiryAnswer answer = AnswerStatusInquiry(x12, LookupOf(known), c.now_ms, Context());
    ASSERT_EQ(answer.payload_type, kStatusResponsePayloadType);
    EXPECT_TRUE(Errors(answer.bytes).empty()) << Describe(Errors(answer.bytes)) << answer.bytes;
    EXPECT_EQ(answer.claims, 1);
    EXPECT_EQ(answer.unknown, c.known ? 0 : 1);
    auto records = ClaimRecords(answer.bytes);
    ASSERT_EQ(records.size(), 1u);
    const edi::hipaa::StatusRecord& r = records[0];
    EXPECT_FALSE(r.claim_acknowledgment);
    EXPECT_EQ(r.trace_number, "PCN0001");
    ASSERT_EQ(r.statuses.size(), 1u);
    ASSERT_EQ(r.statuses[0].codes.size(), 1u);
    EXPECT_EQ(r.statuses[0].codes[0].category, c.category);
    EXPECT_EQ(r.statuses[0].codes[0].status, c.status);
    EXPECT_EQ(r.statuses[0].codes[0].entity, c.entity);
    EXPECT_EQ(r.payer_claim_control_number, c.payer_number);
    EXPECT_EQ(r.statuses[0].has_paid, c.has_paid);
    if (c.has_paid) {
      EXPECT_EQ(r.statuses[0].paid, c.paid);
      EXPECT_EQ(r.statuses[0].adjudication_date, "20260921");
    }
    if (c.known) {
      EXPECT_EQ(r.statuses[0].amount, 12000);
    }
  }
}

TEST(StatusAnswer, FindsTheClaimByRefEjWhenTheTraceIsNotItsControlNumber) {
  const std::string x12 = Build276(Example("837p-simple.json"), "", "INQUIRY77");
  StatusInquiryAnswer answer = AnswerStatusInquiry(x12, LookupOf(Known()), 2500, Context());
  ASSERT_EQ(answer.payload_type, kStatusResponsePayloadType);
  auto records = ClaimRecords(answer.bytes);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].trace_number, "INQUIRY77");  // echoed
  EXPECT_EQ(records[0].statuses[0].codes[0].category, "P1");
  EXPECT_EQ(answer.unknown, 0);
}

TEST(StatusAnswer, AnswersADependentAtThePatientLevel) {
  edi::hipaa::Encounter e = Example("837p-dependent.json");
  ASSERT_TRUE(e.has_dependent);
  StatusInquiryAnswer answer = AnswerStatusInquiry(Build276(e), LookupOf({}), 2500, Context());
  ASSERT_EQ(answer.payload_type, kStatusResponsePayloadType);
  EXPECT_TRUE(Errors(answer.bytes).empty()) << Describe(Errors(answer.bytes));
  auto records = ClaimRecords(answer.bytes);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_FALSE(records[0].patient.empty());
  EXPECT_EQ(records[0].statuses[0].codes[0].category, "A4");
}

TEST(StatusAnswer, A276MissingItsSubscriberGetsA999Rejection) {
  std::string x12 = Build276(Example("837p-simple.json"));
  const std::size_t at = x12.find("NM1*IL*");
  ASSERT_NE(at, std::string::npos);
  x12.erase(at, x12.find('~', at) + 1 - at);
  // SE01 counts one segment less, so the only finding is the missing subscriber name.
  const std::size_t se = x12.find("SE*");
  const std::size_t star = x12.find('*', se + 3);
  const int count = std::stoi(x12.substr(se + 3, star - se - 3));
  x12.replace(se + 3, star - se - 3, std::to_string(count - 1));
  StatusInquiryAnswer answer = AnswerStatusInquiry(x12, LookupOf(Known()), 2500, Context());
  EXPECT_EQ(answer.payload_type, k999PayloadType);
  EXPECT_NE(answer.bytes.find("IK5*R"), std::string::npos) << answer.bytes;
  EXPECT_EQ(answer.claims, 0);
}

TEST(StatusAnswer, AnotherTransactionSetGetsA999Rejection) {
  const std::string x12 = testing::Build837({Example("837p-simple.json")}, 42);
  StatusInquiryAnswer answer = AnswerStatusInquiry(x12, LookupOf(Known()), 2500, Context());
  EXPECT_EQ(answer.payload_type, k999PayloadType);
  EXPECT_NE(answer.bytes.find("IK5*R"), std::string::npos) << answer.bytes;
}

TEST(StatusAnswer, ABrokenEnvelopeGetsATa1AndTextGetsNothing) {
  std::string x12 = Build276(Example("837p-simple.json"));
  const std::size_t iea = x12.find("IEA*1*");
  ASSERT_NE(iea, std::string::npos);
  x12.replace(iea + 6, 9, "000000999");  // IEA02 no longer equals ISA13
  StatusInquiryAnswer answer = AnswerStatusInquiry(x12, LookupOf(Known()), 2500, Context());
  EXPECT_EQ(answer.payload_type, kTa1PayloadType);
  EXPECT_NE(answer.bytes.find("TA1*000000041*"), std::string::npos) << answer.bytes;

  StatusInquiryAnswer none = AnswerStatusInquiry("not x12 at all", LookupOf({}), 0, Context());
  EXPECT_TRUE(none.bytes.empty());
}

TEST(StatusAnswer, KnownClaimLinesRoundTrip) {
  KnownClaim c = Known();
  c.accepted = false;
  c.entity = "85";
  auto back = ParseKnownClaim(FormatKnownClaim(c));
  ASSERT_TRUE(back);
  EXPECT_EQ(FormatKnownClaim(*back), FormatKnownClaim(c));
  EXPECT_FALSE(back->accepted);
  EXPECT_FALSE(ParseKnownClaim("PCN\t1\t2"));
  EXPECT_FALSE(ParseKnownClaim(FormatKnownClaim(c) + "x"));
}

}  // namespace
}  // namespace claimgate::sim
