// The 835 guide's balancing rules, each on a minimal 835 of our own: the rule holds (no finding),
// and an amount only that rule reads, set off, gives that rule's one finding at its segment and
// element. Then every 835 of the shared corpus with its outcome worked out by hand from the
// segments. The random 835s of remittance_property_test.cpp cover the combinations.
#include "edi/hipaa/remittance.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "edi/schema.hpp"
#include "tests/hipaa/response_test_util.hpp"

namespace edi::hipaa {
namespace {

using testing::Interchange;

// An 835 paying `payment` (BPR02, credit) for `claims`: ISA 1, GS 2, ST 3, BPR 4, TRN 5, N1 6,
// N1 7, then the claim segments from 8 on.
std::string Remit(const std::string& payment, const std::vector<std::string>& claims) {
  std::vector<std::string> body = {"BPR*I*" + payment + "*C*CHK************20240115",
                                   "TRN*1*CHECK1*1512345678", "N1*PR*SYNTHETIC PLAN",
                                   "N1*PE*SYNTHETIC CLINIC*XX*1234567893"};
  body.insert(body.end(), claims.begin(), claims.end());
  return Interchange("835", "005010X221A1", "HP", body);
}

// "code@segment/element", "(warning)" appended for warnings, in the reader's order.
std::vector<std::string> Found(const std::string& text) {
  auto remits = ReadRemittances(text, nullptr);
  std::vector<std::string> out;
  for (const Remittance& r : remits) {
    for (const Finding& f : r.findings) {
      out.push_back(f.code + "@" + std::to_string(f.segment) + "/" + std::to_string(f.element) +
                    (f.severity == Severity::kWarning ? "(warning)" : ""));
    }
  }
  return out;
}

// The one finding of a one-set input; nullopt when there is not exactly one.
std::optional<Finding> Only(const std::string& text) {
  auto remits = ReadRemittances(text, nullptr);
  if (remits.size() != 1 || remits[0].findings.size() != 1) return std::nullopt;
  return remits[0].findings[0];
}

using Codes = std::vector<std::string>;

// The false finding this rule set replaced: CLP04 90.00 is the line's 100.00 less a claim-level
// contractual adjustment of 10.00.
TEST(RemittanceBalance, ClaimLevelAdjustmentBesideServiceLinesBalances) {
  EXPECT_EQ(Found(Remit("90.00", {"CLP*A*1*120.00*90.00*0*12*X",  // 8
                                  "CAS*CO*45*10.00",              // 9: claim level (2100)
                                  "SVC*HC:99213*120.00*100.00",   // 10
                                  "CAS*CO*45*20.00"})),           // 11: line level (2110)
            Codes{});
}

TEST(RemittanceBalance, ClaimLevelAdjustmentsOfEveryGroupBalance) {
  for (const char* cas : {"CAS*CO*45*10", "CAS*PR*1*10", "CAS*OA*23*10", "CAS*PI*104*10",
                          "CAS*CR*45*10", "CAS*CO*45*4*1*253*1**59*5"}) {
    SCOPED_TRACE(cas);
    const std::string pr = std::string(cas).starts_with("CAS*PR") ? "10" : "0";
    EXPECT_EQ(Found(Remit("90", {"CLP*A*1*120*90*" + pr + "*12*X", cas, "SVC*HC:99213*120*100",
                                 "CAS*CO*45*20"})),
              Codes{});
  }
}

// A secondary payer: the prior payer's payment (OA 23) and the deductible (PR 1) are taken at
// claim level, the contractual reduction at the line.
TEST(RemittanceBalance, SecondaryClaimWithPriorPayerAmountsAtClaimLevelBalances) {
  EXPECT_EQ(Found(Remit("30", {"CLP*B*2*200*30*20*12*Y", "CAS*OA*23*120", "CAS*PR*1*20",
                               "SVC*HC:99214*200*170", "CAS*CO*45*30"})),
            Codes{});
}

TEST(RemittanceBalance, ServiceLineRule) {
  // SVC02 - line CAS = SVC03: 100 - 10 != 80. Only this rule reads SVC02.
  const std::string text = Remit("80", {"CLP*A*1*90*80*0*12*X", "SVC*HC:99211*100*80",  // 8, 9
                                        "CAS*CO*45*10"});
  EXPECT_EQ(Found(text), Codes{"service_unbalanced@9/3"});
  const std::optional<Finding> f = Only(text);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->segment_id, "SVC");
  EXPECT_EQ(f->value, "charge 100.00 - adjustments 10.00 != paid 80.00");
  EXPECT_EQ(f->severity, Severity::kError);
  EXPECT_EQ(Found(Remit("90", {"CLP*A*1*100*90*0*12*X", "SVC*HC:99211*100*90", "CAS*CO*45*10"})),
            Codes{});
}

TEST(RemittanceBalance, ClaimRule) {
  // CLP03 - claim CAS - line CAS = CLP04: 101 - 5 - 15 != 80. Only this rule reads CLP03.
  const std::string text = Remit("80", {"CLP*A*1*101*80*0*12*X", "CAS*CO*45*5",  // 8
                                        "SVC*HC:99211*100*85", "CAS*CO*45*15"});
  EXPECT_EQ(Found(text), Codes{"claim_unbalanced@8/4"});
  const std::optional<Finding> f = Only(text);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->segment_id, "CLP");
  EXPECT_EQ(f->value, "billed 101.00 - adjustments 20.00 != paid 80.00");
}

TEST(RemittanceBalance, ClaimLinesRule) {
  // Sum SVC03 - claim CAS = CLP04: 100 - 10 != 80, while the line (110 - 10 = 100) and the
  // claim (100 - 10 - 10 = 80) balance: SVC02 and SVC03 moved together.
  const std::string text = Remit("80", {"CLP*A*1*100*80*0*12*X", "CAS*CO*45*10",  // 8
                                        "SVC*HC:99211*110*100", "CAS*CO*45*10"});
  EXPECT_EQ(Found(text), Codes{"claim_lines_paid_mismatch@8/4"});
  const std::optional<Finding> f = Only(text);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->value, "lines 100.00 - claim adjustments 10.00 != paid 80.00");
}

TEST(RemittanceBalance, ClaimWithoutServiceLinesIsBalancedByTheClaimRuleAlone) {
  EXPECT_EQ(Found(Remit("300", {"CLP*A*1*500*300*50*12*X", "CAS*CO*45*150", "CAS*PR*1*50"})),
            Codes{});
  // The claim's payment off by one cent: the claim rule and the transaction, no lines rule.
  EXPECT_EQ(Found(Remit("300", {"CLP*A*1*500*300.01*50*12*X", "CAS*CO*45*150", "CAS*PR*1*50"})),
            (Codes{"claim_unbalanced@8/4", "transaction_unbalanced@4/2"}));
}

TEST(RemittanceBalance, TransactionRule) {
  // BPR02 = sum CLP04 - sum PLB: 80 - (-5 interest + 10 recovery) = 75.
  const std::vector<std::string> claim = {"CLP*A*1*100*80*0*12*X", "CAS*CO*45*20"};
  auto with_plb = [&](const std::string& payment) {
    std::vector<std::string> segments = claim;
    segments.push_back("PLB*1234567893*20241231*L6:A*-5*WO:B*10");
    return Remit(payment, segments);
  };
  EXPECT_EQ(Found(with_plb("75")), Codes{});
  EXPECT_EQ(Found(with_plb("75.01")), Codes{"transaction_unbalanced@4/2"});
  const std::optional<Finding> f = Only(with_plb("85"));
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->segment_id, "BPR");
  EXPECT_EQ(f->value, "payment 85.00 != claims 80.00 - provider adjustments 5.00");
}

// A reversal and its correction in one payment; what the provider owes is carried forward with
// FB, so nothing is paid (BPR02 0).
TEST(RemittanceBalance, ForwardingBalanceCarriesWhatTheProviderOwes) {
  EXPECT_EQ(Found(Remit("0", {"CLP*A*22*-100*-80*0*12*X", "CAS*CO*45*-20", "CLP*A*1*100*50*0*12*X",
                              "CAS*CO*45*50", "PLB*1234567893*20241231*FB:A*-30"})),
            Codes{});
}

// Every PLB reason code of the 835 guide moves money: a PLB of any of them balances against
// BPR02, and leaving it out of BPR02 is a transaction imbalance.
TEST(RemittanceBalance, EveryProviderAdjustmentReasonMovesMoney) {
  static auto registry = schema::SchemaRegistry::LoadBuiltIn();
  ASSERT_TRUE(registry.has_value());
  const schema::TransactionSchema* s = (*registry)->Find("835", "005010X221A1");
  ASSERT_NE(s, nullptr);
  const schema::SegmentDef* plb = nullptr;
  for (const schema::Node& n : s->root.children) {
    if (!n.is_loop() && n.segment->id == "PLB") plb = n.segment.get();
  }
  ASSERT_NE(plb, nullptr);
  const std::vector<std::string>& reasons = plb->Element(3)->components[0].codes;
  EXPECT_GE(reasons.size(), 40u);
  for (const std::string& reason : reasons) {
    SCOPED_TRACE(reason);
    const std::vector<std::string> claim = {"CLP*A*1*100*100*0*12*X",
                                            "PLB*1234567893*20241231*" + reason + ":R1*7.50"};
    EXPECT_EQ(Found(Remit("92.50", claim)), Codes{});
    EXPECT_EQ(Found(Remit("100", claim)), Codes{"transaction_unbalanced@4/2"});
  }
}

TEST(RemittanceBalance, PatientResponsibilityIsAWarningOutsideBalancing) {
  // CLP05 = PR at claim level (1: 20) and line level (2: 15, 3: 5) = 40.
  auto remit = [](const std::string& clp05) {
    return Remit("100", {"CLP*A*1*180*100*" + clp05 + "*12*X", "CAS*PR*1*20",  // 8
                         "SVC*HC:99213*180*120", "CAS*PR*2*15**3*5", "CAS*CO*45*40"});
  };
  EXPECT_EQ(Found(remit("40")), Codes{});
  EXPECT_EQ(Found(remit("")), Codes{});  // no CLP05: nothing to check
  const std::string text = remit("45");
  EXPECT_EQ(Found(text), Codes{"patient_responsibility_mismatch@8/5(warning)"});
  const std::optional<Finding> f = Only(text);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->value, "patient responsibility 45.00 != PR adjustments 40.00 difference 5.00");
}

TEST(RemittanceBalance, ReversalIsExemptFromThePatientResponsibilityCheck) {
  // CLP05 not negated, the PR adjustment negated: not a finding on a reversal.
  EXPECT_EQ(Found(Remit("-80", {"CLP*A*22*-100*-80*20*12*X", "CAS*PR*1*-20"})), Codes{});
  // The same amounts on an original claim are checked.
  EXPECT_EQ(Found(Remit("80", {"CLP*A*1*100*80*20*12*X", "CAS*PR*1*-20", "CAS*CO*45*40"})),
            Codes{"patient_responsibility_mismatch@8/5(warning)"});
}

TEST(RemittanceBalance, ReversalNegatesTheOriginalAmounts) {
  // Reversal then correction, every amount of the reversal negated: balanced.
  EXPECT_EQ(Found(Remit("10", {"CLP*A*22*-120*-90*-20*12*X", "CAS*CO*45*-10",
                               "SVC*HC:99213*-120*-100", "CAS*PR*1*-20",  // 10, 11
                               "CLP*A*1*120*100*20*12*X",                 // 12
                               "SVC*HC:99213*120*100", "CAS*PR*1*20"})),
            Codes{});
  // A reversal of a denial: nothing was paid, nothing is taken back.
  EXPECT_EQ(Found(Remit("0", {"CLP*A*22*-120*0**12*X", "CAS*CO*97*-120"})), Codes{});
  // The original's amounts copied without their sign: they balance, but a reversal cannot add
  // to the payment.
  EXPECT_EQ(Found(Remit("90", {"CLP*A*22*120*90**12*X", "CAS*CO*45*30"})),
            (Codes{"reversal_not_negated@8/3", "reversal_not_negated@8/4"}));
}

// ---- the shared corpus ------------------------------------------------------------------------

// Every 835 of the corpus and what its numbers give under the rules, worked out by hand from the
// segments (segment numbers count from the file's ISA = 1). A file not listed here fails.
struct CorpusOutcome {
  const char* file;
  // Findings as "code@segment/element", "(warning)" for warnings, space-separated, in the
  // reader's order; empty when the file balances.
  const char* findings;
  const char* why;
};

const CorpusOutcome kCorpus[] = {
    {"lfh-x12__cob-contractural-adjustment.835", "",
     "CLP 541.00/34.00, one line 541.00 - OA 23 516.00 - OA 94 -9.00 = 34.00 = BPR02"},
    {"lfh-x12__medicare-part-a.835", "",
     "two claims without lines (CLP03 - CO 45 = CLP04); 138018.40 + 11980.33 - PLB -1.27 = "
     "150000.00 = BPR02"},
    {"lfh-x12__secondary-payment.835", "",
     "912.00 = 10323.64 - OA 9411.64; 751.50 - 136.50 - 150 - 70 - 85 = 310.00, lines 30 + 280; "
     "CLP05 220 = PR 150 + 70; BPR02 1222.00"},
    {"lfh-x12__tertiary-payment.835", "service_unbalanced@20/3 claim_lines_paid_mismatch@16/4",
     "SVC*HC*24599.00*1766.50*187.50 splits SVC01 with the element separator, so SVC02 reads "
     "24599.00 and SVC03 1766.50: the line does not balance (24599.00 - 1579.00) and its 1766.50 "
     "is not CLP04 187.50; the claim (1766.50 - 1579.00 = 187.50) and BPR02 balance"},
    {"oopfactory__Example1.txt",
     "patient_responsibility_mismatch@23/5(warning) patient_responsibility_mismatch@32/5(warning) "
     "transaction_unbalanced@4/2",
     "denied claims with CLP05 25.95 and 162.13 but no PR adjustment (CR 18 and CO 29); BPR02 "
     "5.75 = sum of CLP04, but the PLB CV -1.27 makes 7.02; the two reversals carry negated "
     "amounts and balance"},
    {"oopfactory__ExampleFromNth.txt", nullptr,
     "hand-typed placeholder data (999.99 throughout): see kPlaceholder"},
    {"pyx12__835_mult_loops.txt", "",
     "denied: three lines each charge - CO/OA = 0, CLP03 915.39 - 915.39 = 0; BPR H 0"},
    {"stupidedi__X221-case-1.edi", "",
     "the guide's dollars-and-data-together example: as lfh-x12__medicare-part-a.835"},
    {"stupidedi__X221-case-2.edi", "",
     "claim-level CO 45 beside lines: 500 - 50 = 450 and 550 - 55 = 495 (CLP04); 800 - 50 - 300 "
     "= 450, 1200 - 55 - 600 - 50 = 495; BPR02 945"},
    {"stupidedi__X221-case-3a.edi", "transaction_unbalanced@4/2",
     "claims 912 + 310 = 1222 = BPR02, but two PLB CV -1.27 raise the payment to 1224.54"},
    {"stupidedi__dollars-and-data-sent-separate.edi", "",
     "claim-level CO A2 beside lines, as stupidedi__X221-case-2.edi"},
    {"stupidedi__dollars-and-data-sent-together.edi", "", "as lfh-x12__medicare-part-a.835"},
    {"stupidedi__era-sample.edi", "", "five dental lines, charge - CO 131 each; 226 - 94 = 132"},
    {"stupidedi__secondary-payment-with-higher-fee-schedule.edi", "",
     "541 - OA 516 - OA -9 = 34 at line and claim; BPR02 34.00"},
    {"stupidedi__tertiary-payments.edi", "", "1766.5 - OA 1579 = 187.50 at line and claim"},
    {"tastypackets__multi-line-not-delimited.edi", "", "as tastypackets__profee.edi"},
    {"tastypackets__profee-one-line.edi", "", "as tastypackets__profee.edi"},
    {"tastypackets__profee.edi", "",
     "three claims, ten lines, line-level CO only: 34.25 + 0 + 11.50 = 45.75 = BPR02"},
    {"tigershark__5010-835-example-1.txt", "",
     "a predetermination (CLP02 25) with claim-level OA 101 122 beside lines paying 122: 122 - "
     "122 = 0 = CLP04; 3790 - 122 - 3668 = 0; then a paid and a denied claim; BPR02 1790"},
    {"tigershark__5010-835-example-3.txt", "",
     "a denied claim (PR 29) and 100 - PR 30 - CO 12.56 = 57.44 = BPR02; CLP05 = PR"},
};

// oopfactory__ExampleFromNth.txt, by code: the segments reported (CLP for claim findings, SVC
// for lines, BPR for the transaction). Three interchanges (ST at 3, 294, 563).
const std::map<std::string, std::vector<std::uint64_t>> kPlaceholder = {
    {"claim_unbalanced",
     {18,  34,  50,  75,  107, 123, 139, 150, 159, 175, 188, 204, 224, 237, 246, 255, 264,
      309, 326, 337, 348, 359, 370, 381, 392, 403, 414, 425, 436, 447, 458, 468, 478, 488,
      498, 508, 518, 528, 538, 548, 578, 592, 613, 636, 663, 677, 698, 716, 726, 736, 756}},
    {"service_unbalanced",
     {145, 155, 209, 229, 233, 242, 251, 260, 332, 343, 354, 365, 376, 387, 398, 409, 420,
      431, 442, 453, 464, 474, 484, 494, 504, 514, 524, 534, 544, 554, 584, 598, 619, 623,
      632, 642, 646, 669, 683, 708, 712, 722, 732, 742, 762, 766, 770, 774, 778, 782}},
    {"claim_lines_paid_mismatch", {224, 548, 613, 636, 698, 756}},
    {"transaction_unbalanced", {4, 295, 564}},
};

TEST(RemittanceBalanceCorpus, EveryFileHasTheOutcomeWorkedOutByHand) {
  auto files = testing::CorpusFiles("835");
  ASSERT_EQ(files.size(), std::size(kCorpus));
  for (const auto& path : files) {
    const std::string name = path.filename().string();
    SCOPED_TRACE(name);
    const CorpusOutcome* want = nullptr;
    for (const CorpusOutcome& c : kCorpus) {
      if (name == c.file) want = &c;
    }
    ASSERT_NE(want, nullptr) << "no expected outcome for this file";
    const std::vector<std::string> found = Found(testing::ReadFile(path));
    if (want->findings != nullptr) {
      std::string joined;
      for (const std::string& f : found) joined += (joined.empty() ? "" : " ") + f;
      EXPECT_EQ(joined, want->findings) << want->why;
      continue;
    }
    std::map<std::string, std::vector<std::uint64_t>> by_code;
    for (const std::string& f : found) {
      const std::size_t at = f.find('@');
      by_code[f.substr(0, at)].push_back(std::stoull(f.substr(at + 1)));
    }
    for (auto& [code, segments] : by_code) std::sort(segments.begin(), segments.end());
    EXPECT_EQ(by_code, kPlaceholder) << want->why;
  }
}

}  // namespace
}  // namespace edi::hipaa
