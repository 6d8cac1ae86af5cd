#include "edi/claim_rules.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "edi/ack.hpp"
#include "edi/segment_reader.hpp"
#include "edi/x12_validator.hpp"

namespace edi {
namespace {

const schema::SchemaRegistry& Registry() {
  static auto registry = schema::SchemaRegistry::LoadBuiltIn();
  return **registry;
}

// The clean sample 837P: subscriber 1 is the patient (SBR02 18); subscriber 2 has a dependent
// patient (2000C, PAT*19). Services in January 2026, ICD-10 qualifiers.
std::string Sample() {
  std::ifstream f(CLAIMGATE_SAMPLES_DIR "/sample-837p.x12", std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// Replaces the first occurrence of `from` (which must be there) with `to`.
std::string Edit(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// All findings of a text (any code).
std::vector<Diagnostic> AllFindings(const std::string& text) {
  DiagnosticList list;
  SegmentReader reader(text, list);
  X12Validator validator(&Registry(), list);
  Segment s;
  while (reader.Next(&s)) validator.Add(s, reader.header());
  validator.Finish();
  return list.items();
}

// The situational-rule and balancing findings (the codes ClaimRules reports) of a text.
std::vector<Diagnostic> RuleFindings(const std::string& text) {
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : AllFindings(text)) {
    if (d.code == DiagCode::kDependentMissing || d.code == DiagCode::kDependentNotUsed ||
        d.code == DiagCode::kSituationalValue || d.code == DiagCode::kClaimOutOfBalance) {
      out.push_back(d);
    }
  }
  return out;
}

TEST(ClaimRules, TheCleanSampleBreaksNoRule) { EXPECT_TRUE(RuleFindings(Sample()).empty()); }

TEST(ClaimRules, PatientLoopWhenThePatientIsTheSubscriberIsReported) {
  // Subscriber 2 claims to be the patient, yet a 2000C follows.
  std::string text = Edit(Sample(), "SBR*P**GRP2002", "SBR*P*18*GRP2002");
  auto f = RuleFindings(text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].code, DiagCode::kDependentNotUsed);
  EXPECT_EQ(f[0].segment_id, "HL");
  EXPECT_EQ(f[0].loop, "2000C");
  EXPECT_EQ(f[0].pos.segment_in_set, 32u);  // HL*4
}

TEST(ClaimRules, MissingPatientLoopForADependentIsReported) {
  // Subscriber 1 no longer says it is the patient, and has no 2000C.
  std::string text = Edit(Sample(), "SBR*P*18*GRP1001", "SBR*P**GRP1001");
  auto f = RuleFindings(text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].code, DiagCode::kDependentMissing);
  EXPECT_EQ(f[0].segment_id, "HL");
  EXPECT_EQ(f[0].loop, "2000B");
  EXPECT_EQ(f[0].pos.segment_in_set, 12u);  // HL*2
}

TEST(ClaimRules, MixedIcdQualifiersOnOneClaimAreReported) {
  std::string text = Edit(Sample(), "HI*ABK:J069*ABF:R05", "HI*ABK:J069*BF:7862");
  auto f = RuleFindings(text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].code, DiagCode::kSituationalValue);
  EXPECT_EQ(f[0].segment_id, "HI");
  EXPECT_EQ(f[0].pos.element, 2u);
  EXPECT_EQ(f[0].pos.component, 1u);
  EXPECT_EQ(f[0].value, "BF");
  EXPECT_NE(f[0].message.find("mixes ICD-10 and ICD-9"), std::string::npos);
}

TEST(ClaimRules, Icd9QualifiersAfterOctober2015AreReported) {
  std::string text = Edit(Sample(), "HI*ABK:H6692", "HI*BK:38200");
  auto f = RuleFindings(text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].code, DiagCode::kSituationalValue);
  EXPECT_EQ(f[0].value, "BK");
  EXPECT_EQ(f[0].pos.element, 1u);
  EXPECT_NE(f[0].message.find("2026-01-13"), std::string::npos) << f[0].message;
}

TEST(ClaimRules, Icd10QualifiersBeforeOctober2015AreReported) {
  std::string text = Edit(Sample(), "DTP*472*D8*20260113", "DTP*472*D8*20150930");
  auto f = RuleFindings(text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].value, "ABK");
  EXPECT_NE(f[0].message.find("2015-09-30"), std::string::npos) << f[0].message;
  // The day the rule changes takes ICD-10.
  EXPECT_TRUE(
      RuleFindings(Edit(Sample(), "DTP*472*D8*20260113", "DTP*472*D8*20151001")).empty());
}

TEST(ClaimRules, ClaimChargeThatDiffersFromItsLinesIsReported) {
  std::string text = Edit(Sample(), "CLM*CG0000000001*185", "CLM*CG0000000001*185.01");
  auto f = RuleFindings(text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].code, DiagCode::kClaimOutOfBalance);
  EXPECT_EQ(f[0].segment_id, "CLM");
  EXPECT_EQ(f[0].pos.element, 2u);
  EXPECT_NE(f[0].message.find("185.01"), std::string::npos);
  EXPECT_NE(f[0].message.find("185.00"), std::string::npos);
}

TEST(ClaimRules, DiagnosisPointerBeyondTheDiagnosesIsReported) {
  // The first claim has two diagnoses; a pointer of 3 points at nothing.
  std::string text = Edit(Sample(), "SV1*HC:87880*60*UN*1***1", "SV1*HC:87880*60*UN*1***1:3");
  auto f = RuleFindings(text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].code, DiagCode::kSituationalValue);
  EXPECT_EQ(f[0].segment_id, "SV1");
  EXPECT_EQ(f[0].pos.element, 7u);
  EXPECT_EQ(f[0].pos.component, 2u);
  EXPECT_EQ(f[0].value, "3");
}

TEST(ClaimRules, FindingsReachThe999AsImplementationErrors) {
  std::string text = Edit(Sample(), "HI*ABK:H6692", "HI*BK:38200");
  DiagnosticList list;
  SegmentReader reader(text, list);
  X12Validator validator(&Registry(), list);
  Segment s;
  while (reader.Next(&s)) validator.Add(s, reader.header());
  validator.Finish();
  AckOptions o;
  o.interchange_control_number = 900;
  o.group_control_number = 900;
  o.date = "20260116";
  o.time = "0800";
  o.usage = 'T';
  auto ack = Build999(validator.envelope().interchanges()[0], reader.segments_read() + 1,
                      list.items(), o);
  ASSERT_TRUE(ack.has_value());
  EXPECT_NE(ack->find("IK3*HI*39*2300*8~IK4*1:1**I12*BK~"), std::string::npos) << *ack;
  EXPECT_NE(ack->find("IK5*R"), std::string::npos) << *ack;
}

TEST(Validator837P, SameIdSegmentsAtOnePositionMayComeInAnyOrder) {
  // The guide lists REF*G1 (prior authorization) before REF*D9 (claim identifier); both sit at
  // one X12 position in 2300, so the reverse order is fine. Two REF*D9 are not (max use 1).
  std::string base = Edit(Sample(), "HI*ABK:J069", "REF*D9*TRACE1~REF*G1*AUTH1~HI*ABK:J069");
  base = Edit(base, "SE*43*0001", "SE*45*0001");
  for (const Diagnostic& d : AllFindings(base)) {
    EXPECT_NE(d.severity, Severity::kError) << DiagCodeName(d.code) << " " << d.message;
  }
  std::string twice = Edit(base, "REF*G1*AUTH1", "REF*D9*TRACE2");
  auto f = AllFindings(twice);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].code, DiagCode::kSegmentTooMany);
  EXPECT_EQ(f[0].pos.segment_in_set, 21u);  // the second REF*D9
  // Loops with one trigger id are the same: 2310B (rendering) before 2310A (referring).
  std::string loops =
      Edit(Sample(), "HI*ABK:J069*ABF:R05~",
           "HI*ABK:J069*ABF:R05~NM1*82*1*SMITH*ANN****XX*1234567893~NM1*DN*1*JONES*BOB****XX*"
           "1234567893~");
  loops = Edit(loops, "SE*43*0001", "SE*45*0001");
  for (const Diagnostic& d : AllFindings(loops)) {
    EXPECT_NE(d.severity, Severity::kError) << DiagCodeName(d.code) << " " << d.message;
  }
}

TEST(Validator837P, DatesAreCheckedAgainstTheirFormatQualifier) {
  struct Case {
    const char* to;
    bool bad;
  };
  const Case cases[] = {
      {"DTP*472*D8*20260112", false},          {"DTP*472*D8*20261399", true},
      {"DTP*472*D8*2026011", true},            {"DTP*472*RD8*20260110-20260112", false},
      {"DTP*472*RD8*20260112-20260110", true}, {"DTP*472*RD8*20260112", true},
  };
  for (const Case& c : cases) {
    std::string text = Edit(Sample(), "DTP*472*D8*20260112", c.to);
    std::vector<Diagnostic> dates;
    for (const Diagnostic& d : AllFindings(text)) {
      if (d.code == DiagCode::kInvalidDate) dates.push_back(d);
    }
    ASSERT_EQ(dates.size(), c.bad ? 1u : 0u) << c.to;
    if (c.bad) {
      EXPECT_EQ(dates[0].segment_id, "DTP");
      EXPECT_EQ(dates[0].pos.element, 3u);
      EXPECT_EQ(dates[0].pos.segment_in_set, 23u);
      EXPECT_EQ(dates[0].loop, "2400");
    }
  }
}

}  // namespace
}  // namespace edi
