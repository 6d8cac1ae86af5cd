#include "src/core/companion_rules.hpp"

#include <gtest/gtest.h>

namespace claimgate::core {
namespace {

using edi::hipaa::ClaimType;
using edi::hipaa::Encounter;
using edi::hipaa::EncounterFinding;

std::vector<EncounterFinding> Check(const CompanionConfig& rules, const Encounter& e) {
  std::vector<EncounterFinding> out;
  CheckCompanionRules(rules, e, "[2].", &out);
  return out;
}

TEST(CompanionRules, NoRulesNoFindings) {
  Encounter e;
  e.claim.diagnoses.resize(12);
  EXPECT_TRUE(Check(CompanionConfig{}, e).empty());
}

TEST(CompanionRules, EachMissingRequiredReferenceIsNamedByItsJsonField) {
  CompanionConfig rules;
  rules.required_claim_ref_qualifiers = {"G1", "EA", "9F"};
  Encounter e;
  e.claim.referral_number = "REF1";
  auto found = Check(rules, e);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].path,
            "[2].claimInformation.claimSupplementalInformation.priorAuthorizationNumber");
  EXPECT_EQ(found[0].code, "payer_requires_reference");
  EXPECT_NE(found[0].message.find("REF*G1"), std::string::npos) << found[0].message;
  EXPECT_EQ(found[1].path, "[2].claimInformation.claimSupplementalInformation.medicalRecordNumber");
}

TEST(CompanionRules, InstitutionalDiagnosesCountThePrincipalAndPointAtTheFirstOneOver) {
  CompanionConfig rules;
  rules.max_diagnosis_codes = 3;
  Encounter e;
  e.type = ClaimType::kInstitutional;
  e.claim.principal_diagnosis.value = "I10";
  e.claim.other_diagnoses.resize(3);
  for (auto& d : e.claim.other_diagnoses) d.value = "E119";
  auto found = Check(rules, e);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "too_many_diagnoses");
  EXPECT_EQ(found[0].path, "[2].claimInformation.otherDiagnosisInformationList[2]");
  e.claim.other_diagnoses.pop_back();
  EXPECT_TRUE(Check(rules, e).empty());
}

TEST(CompanionRules, AFrequencyCodeOutsideTheAllowedListIsRefusedWithItsValue) {
  CompanionConfig rules;
  rules.allowed_frequency_codes = {"1", "7"};
  Encounter e;
  e.claim.frequency_code = "8";
  auto found = Check(rules, e);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].path, "[2].claimInformation.claimFrequencyCode");
  EXPECT_EQ(found[0].value, "8");
  e.claim.frequency_code = "7";
  EXPECT_TRUE(Check(rules, e).empty());
}

TEST(CompanionRules, OnlyQualifiersTheWriterEmitsMayBeRequired) {
  for (const char* q : {"9F", "G1", "F8", "9A", "9C", "D9", "EA"}) {
    EXPECT_TRUE(IsClaimReferenceQualifier(q)) << q;
  }
  EXPECT_FALSE(IsClaimReferenceQualifier("ZZ"));
  EXPECT_FALSE(IsClaimReferenceQualifier("LU"));  // institutional accident state, not a number
}

}  // namespace
}  // namespace claimgate::core
