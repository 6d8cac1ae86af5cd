#include "src/sim/adjudication.hpp"

#include <gtest/gtest.h>

#include "tests/sim/sim_test_util.hpp"

namespace claimgate::sim {
namespace {

using testing::Example;

Cents Sum(const LineDecision& l, const std::string& group) {
  Cents total = 0;
  for (const CasEntry& a : l.adjustments) {
    if (a.group == group) total += a.amount;
  }
  return total;
}

TEST(Adjudicate, PaysTheAllowedPercentLessCoinsuranceOnEveryLine) {
  edi::hipaa::Encounter e = Example("837p-simple.json");
  ASSERT_EQ(e.claim.service_lines.size(), 2u);
  AdjudicationRules rules;
  ClaimDecision d = Adjudicate(e, rules, "SIM1");
  ASSERT_TRUE(d.accepted);
  EXPECT_EQ(d.category + ":" + d.status, "A1:20");
  EXPECT_EQ(d.clp02, "1");
  ASSERT_EQ(d.lines.size(), 2u);
  Cents paid = 0, pr = 0;
  for (std::size_t i = 0; i < d.lines.size(); ++i) {
    const LineDecision& l = d.lines[i];
    const Cents charge = e.claim.service_lines[i].charge_cents;
    const Cents allowed = (charge * rules.allowed_percent + 50) / 100;
    const Cents coinsurance = (allowed * rules.coinsurance_percent + 50) / 100;
    EXPECT_EQ(l.charge, charge);
    EXPECT_EQ(l.allowed, allowed);
    EXPECT_EQ(Sum(l, "CO"), charge - allowed);
    EXPECT_EQ(Sum(l, "PR"), coinsurance);
    EXPECT_EQ(l.paid, allowed - coinsurance);
    EXPECT_EQ(l.charge - Sum(l, "CO") - Sum(l, "PR"), l.paid);
    paid += l.paid;
    pr += coinsurance;
  }
  EXPECT_EQ(d.paid, paid);
  EXPECT_EQ(d.patient_responsibility, pr);
  EXPECT_EQ(d.patient_control_number, e.claim.patient_control_number);
  EXPECT_EQ(d.payer_claim_number, "SIM1");
}

struct RuleCase {
  const char* name;
  const char* member_id;       // replaces the subscriber's member id ("" keeps it)
  const char* denied_code;     // added to deny_procedures ("" none)
  const char* rejected_npi;    // added to reject_billing_npis ("" none)
  bool accepted;               // 277CA
  const char* stc01;           // category:status[:entity]
  const char* clp02;           // 835 ("" when rejected)
  int denied_lines;            // lines paid nothing
};

class AdjudicationRulesTable : public ::testing::TestWithParam<RuleCase> {};

TEST_P(AdjudicationRulesTable, DecidesAsDocumented) {
  const RuleCase& c = GetParam();
  edi::hipaa::Encounter e = Example("837p-simple.json");
  if (*c.member_id != '\0') e.subscriber.member_id = c.member_id;
  AdjudicationRules rules;
  if (*c.denied_code != '\0') rules.deny_procedures.push_back(c.denied_code);
  if (*c.rejected_npi != '\0') rules.reject_billing_npis.push_back(c.rejected_npi);
  ClaimDecision d = Adjudicate(e, rules, "SIM1");
  EXPECT_EQ(d.accepted, c.accepted);
  std::string stc = d.category + ":" + d.status + (d.entity.empty() ? "" : ":" + d.entity);
  EXPECT_EQ(stc, c.stc01);
  if (!c.accepted) {
    EXPECT_TRUE(d.lines.empty());
    EXPECT_FALSE(d.reason.empty());
    return;
  }
  EXPECT_EQ(d.clp02, c.clp02);
  int denied = 0;
  for (const LineDecision& l : d.lines) {
    if (l.paid == 0) {
      ++denied;
      ASSERT_EQ(l.adjustments.size(), 1u);
      EXPECT_EQ(l.adjustments[0].group, "CO");
      EXPECT_EQ(l.adjustments[0].amount, l.charge);
    }
  }
  EXPECT_EQ(denied, c.denied_lines);
}

INSTANTIATE_TEST_SUITE_P(
    Rules, AdjudicationRulesTable,
    ::testing::Values(
        RuleCase{"Paid", "", "", "", true, "A1:20", "1", 0},
        RuleCase{"OneLineDenied", "", "G0008", "", true, "A1:20", "1", 1},
        RuleCase{"FirstLineDenied", "", "99213", "", true, "A1:20", "1", 1},
        RuleCase{"MemberDenied", "DENY0042", "", "", true, "A1:20", "4", 2},
        RuleCase{"MemberRejected", "REJ0001", "", "", false, "A3:21:IL", "", 0},
        RuleCase{"NpiRejected", "", "", "1234567893", false, "A7:562:85", "", 0}),
    [](const ::testing::TestParamInfo<RuleCase>& p) { return std::string(p.param.name); });

TEST(Adjudicate, DeniedProcedureCarriesCo96AndRemarkN130) {
  edi::hipaa::Encounter e = Example("837p-simple.json");
  AdjudicationRules rules;
  rules.deny_procedures = {e.claim.service_lines[1].procedure.value};
  ClaimDecision d = Adjudicate(e, rules, "SIM1");
  ASSERT_EQ(d.lines.size(), 2u);
  ASSERT_EQ(d.lines[1].adjustments.size(), 1u);
  EXPECT_EQ(d.lines[1].adjustments[0].reason, "96");
  EXPECT_EQ(d.lines[1].remark, "N130");
  EXPECT_GT(d.lines[0].paid, 0);
}

TEST(Adjudicate, ClaimWithEveryLineDeniedIsClp02Four) {
  edi::hipaa::Encounter e = Example("837p-simple.json");
  AdjudicationRules rules;
  for (const auto& l : e.claim.service_lines) rules.deny_procedures.push_back(l.procedure.value);
  ClaimDecision d = Adjudicate(e, rules, "SIM1");
  EXPECT_EQ(d.clp02, "4");
  EXPECT_EQ(d.paid, 0);
}

TEST(PercentOf, RoundsHalfUpToACent) {
  EXPECT_EQ(PercentOf(12345, 80), 9876);  // 9876.0
  EXPECT_EQ(PercentOf(1, 50), 1);         // 0.5 -> 1
  EXPECT_EQ(PercentOf(3, 20), 1);         // 0.6 -> 1
  EXPECT_EQ(PercentOf(2, 20), 0);         // 0.4 -> 0
  EXPECT_EQ(PercentOf(0, 80), 0);
}

}  // namespace
}  // namespace claimgate::sim
