#include "edi/hipaa/status_inquiry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "edi/diagnostics.hpp"
#include "edi/segment_reader.hpp"
#include "src/core/encounter_json.hpp"
#include "tests/hipaa/claim_test_util.hpp"

namespace edi::hipaa {
namespace {

using testing::Segments;
using testing::ValidationProblems;

StatusInquiryOptions TestOptions() {
  StatusInquiryOptions o;
  o.interchange.sender_id = "SUBMITTER01";
  o.interchange.receiver_id = "RECEIVER01";
  o.interchange.control_number = 205;
  o.interchange.usage = 'T';
  o.group_control_number = 9;
  o.date = "20261127";
  o.time = "1015";
  return o;
}

std::vector<std::filesystem::path> ExampleFiles() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(CLAIMGATE_SOURCE_DIR) + "/docs/examples")) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

Encounter ReadExample(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  claimgate::core::EncounterParse parse = claimgate::core::ParseEncounterJson(text);
  EXPECT_TRUE(parse.findings.empty()) << path;
  EXPECT_EQ(parse.encounters.size(), 1u) << path;
  return parse.encounters.empty() ? Encounter{} : parse.encounters.front();
}

// The segments (without terminator) whose text starts with `prefix`, e.g. "REF*1K*".
std::vector<std::string> Starting(const std::vector<std::string>& segments,
                                  std::string_view prefix) {
  std::vector<std::string> out;
  for (const auto& s : segments) {
    if (s.rfind(prefix, 0) == 0) out.push_back(s);
  }
  return out;
}

// Element `i` (1-based, after the id) of a segment written with '*'.
std::string Element(const std::string& segment, std::size_t i) {
  return std::string(NthPart(segment, '*', i + 1));
}

// TRN02 of every TRN, read back with claimgate's segment reader.
std::vector<std::string> ReadTraceNumbers(const std::string& x12) {
  DiagnosticList findings;
  SegmentReader reader(x12, findings);
  Segment segment;
  std::vector<std::string> traces;
  while (reader.Next(&segment)) {
    if (segment.Is("TRN")) traces.emplace_back(segment.element(2));
  }
  EXPECT_EQ(findings.errors(), 0u);
  return traces;
}

// The earliest and latest service date of the encounter, worked out here from the lines (and
// the statement dates of an institutional claim).
std::pair<std::string, std::string> ExpectedPeriod(const Encounter& e) {
  if (e.type == ClaimType::kInstitutional && !e.claim.statement_begin_date.empty()) {
    return {e.claim.statement_begin_date, e.claim.statement_end_date.empty()
                                              ? e.claim.statement_begin_date
                                              : e.claim.statement_end_date};
  }
  std::vector<std::string> dates;
  for (const ServiceLine& l : e.claim.service_lines) {
    dates.push_back(l.service_date);
    if (!l.service_date_end.empty()) dates.push_back(l.service_date_end);
  }
  std::sort(dates.begin(), dates.end());
  return {dates.front(), dates.back()};
}

TEST(StatusInquiry, EveryExampleEncounterGivesA276WithNoValidationFindings) {
  std::vector<std::filesystem::path> files = ExampleFiles();
  ASSERT_GE(files.size(), 3u);
  bool saw_professional = false, saw_institutional = false, saw_dental = false;
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    Encounter e = ReadExample(path);
    saw_professional |= e.type == ClaimType::kProfessional;
    saw_institutional |= e.type == ClaimType::kInstitutional;
    saw_dental |= e.type == ClaimType::kDental;
    for (bool lines : {false, true}) {
      StatusInquiryClaim claim;
      claim.include_service_lines = lines;
      auto built = BuildStatusInquiry(e, claim, TestOptions());
      ASSERT_TRUE(built) << built.error().message;
      std::vector<std::string> problems = ValidationProblems(*built);
      EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);

      std::vector<std::string> seg = Segments(*built);
      EXPECT_EQ(Element(Starting(seg, "GS*")[0], 1), "HR");
      EXPECT_EQ(Element(Starting(seg, "GS*")[0], 8), "005010X212");
      EXPECT_EQ(Starting(seg, "ST*")[0], "ST*276*0001*005010X212");
      EXPECT_EQ(Starting(seg, "BHT*")[0], "BHT*0010*13*000000205*20261127*1015");
      // The key fields, each against the encounter it came from.
      ASSERT_EQ(Starting(seg, "TRN*").size(), 1u);
      EXPECT_EQ(Element(Starting(seg, "TRN*")[0], 2), e.claim.patient_control_number);
      EXPECT_EQ(Starting(seg, "REF*EJ*")[0], "REF*EJ*" + e.claim.patient_control_number);
      EXPECT_TRUE(Starting(seg, "REF*1K*").empty());
      EXPECT_EQ(Starting(seg, "NM1*PR*")[0], "NM1*PR*2*" + e.payer_name + "*****PI*" + e.payer_id);
      std::string provider = Starting(seg, "NM1*1P*")[0];
      EXPECT_EQ(Element(provider, 8), "XX");
      EXPECT_EQ(Element(provider, 9), e.billing.npi);
      std::string subscriber = Starting(seg, "NM1*IL*")[0];
      EXPECT_EQ(Element(subscriber, 8), "MI");
      EXPECT_EQ(Element(subscriber, 9), e.subscriber.member_id);
      EXPECT_EQ(Element(subscriber, 3), e.subscriber.last_name);
      auto [from, to] = ExpectedPeriod(e);
      std::string claim_date = from == to ? "DTP*472*D8*" + from : "DTP*472*RD8*" + from + "-" + to;
      std::vector<std::string> dates = Starting(seg, "DTP*472*");
      ASSERT_FALSE(dates.empty());
      EXPECT_EQ(dates[0], claim_date);
      EXPECT_EQ(Starting(seg, "AMT*T3*")[0], "AMT*T3*" + FormatAmount(e.claim.charge_cents));
      std::size_t lines_written = Starting(seg, "SVC*").size();
      EXPECT_EQ(lines_written, lines ? e.claim.service_lines.size() : 0u);
      EXPECT_EQ(dates.size(), 1 + lines_written);
      EXPECT_EQ(Starting(seg, "HL*").size(), e.has_dependent ? 5u : 4u);
    }
  }
  EXPECT_TRUE(saw_professional && saw_institutional && saw_dental);
}

TEST(StatusInquiry, ThePayerClaimNumberIsSentOnlyWhenKnown) {
  Encounter e = testing::SampleProfessional();
  StatusInquiryClaim claim;
  auto without = BuildStatusInquiry(e, claim, TestOptions());
  ASSERT_TRUE(without);
  EXPECT_TRUE(Starting(Segments(*without), "REF*1K").empty());
  claim.payer_claim_control_number = "PAYER20261103001";
  auto with = BuildStatusInquiry(e, claim, TestOptions());
  ASSERT_TRUE(with);
  std::vector<std::string> seg = Segments(*with);
  ASSERT_EQ(Starting(seg, "REF*1K*").size(), 1u);
  EXPECT_EQ(Starting(seg, "REF*1K*")[0], "REF*1K*PAYER20261103001");
  // REF*1K comes straight after the TRN it belongs to.
  auto trn = std::find_if(seg.begin(), seg.end(), [](auto& s) { return s.rfind("TRN*", 0) == 0; });
  ASSERT_NE(trn, seg.end());
  EXPECT_EQ(*(trn + 1), "REF*1K*PAYER20261103001");
  EXPECT_TRUE(ValidationProblems(*with).empty())
      << ::testing::PrintToString(ValidationProblems(*with));
}

TEST(StatusInquiry, AStoredClaimsControlNumberAndATraceReplaceTheEncounters) {
  Encounter e = testing::SampleProfessional();
  StatusInquiryClaim claim;
  claim.patient_control_number = "CG0123456789ABCDEF";
  auto built = BuildStatusInquiry(e, claim, TestOptions());
  ASSERT_TRUE(built);
  EXPECT_EQ(ReadTraceNumbers(*built), std::vector<std::string>{"CG0123456789ABCDEF"});
  EXPECT_EQ(Starting(Segments(*built), "REF*EJ*")[0], "REF*EJ*CG0123456789ABCDEF");

  claim.trace_number = "INQ000042";
  auto traced = BuildStatusInquiry(e, claim, TestOptions());
  ASSERT_TRUE(traced);
  EXPECT_EQ(ReadTraceNumbers(*traced), std::vector<std::string>{"INQ000042"});
  EXPECT_EQ(Starting(Segments(*traced), "REF*EJ*")[0], "REF*EJ*CG0123456789ABCDEF");
}

TEST(StatusInquiry, TheCLM01ReadBackFromThe276IsTheOneSent) {
  for (const auto& path : ExampleFiles()) {
    SCOPED_TRACE(path.filename().string());
    Encounter e = ReadExample(path);
    auto built = BuildStatusInquiry(e, {}, TestOptions());
    ASSERT_TRUE(built);
    EXPECT_EQ(ReadTraceNumbers(*built), std::vector<std::string>{e.claim.patient_control_number});
  }
}

TEST(StatusInquiry, ADependentPatientGetsA2000ELoopUnderTheSubscriber) {
  Encounter e = testing::SampleProfessional();
  testing::AddDependent(e);
  auto built = BuildStatusInquiry(e, {}, TestOptions());
  ASSERT_TRUE(built);
  std::vector<std::string> seg = testing::SetSegments(*built);
  std::vector<std::string> expected_tail = {
      "HL*4*3*22*1",
      "NM1*IL*1*SAMPLE*ALEX****MI*SYN000111",
      "HL*5*4*23",
      "DMG*D8*20180704*U",
      "NM1*QC*1*SAMPLE*RIVER",
      "TRN*1*PCN0001",
      "REF*EJ*PCN0001",
      "AMT*T3*145",
      "DTP*472*D8*20261103",
  };
  ASSERT_GE(seg.size(), expected_tail.size() + 1);
  std::vector<std::string> tail(seg.end() - 1 - expected_tail.size(), seg.end() - 1);
  EXPECT_EQ(tail, expected_tail);
  EXPECT_TRUE(ValidationProblems(*built).empty())
      << ::testing::PrintToString(ValidationProblems(*built));
}

TEST(StatusInquiry, ASubscriberPatientEndsTheHierarchyWithItsDemographics) {
  Encounter e = testing::SampleProfessional();
  auto built = BuildStatusInquiry(e, {}, TestOptions());
  ASSERT_TRUE(built);
  std::vector<std::string> seg = testing::SetSegments(*built);
  std::vector<std::string> expected = {
      "ST*276*0001*005010X212",
      "BHT*0010*13*000000205*20261127*1015",
      "HL*1**20*1",
      "NM1*PR*2*SYNTHETIC HEALTH PLAN*****PI*SYNPAYER01",
      "HL*2*1*21*1",
      "NM1*41*2*SAMPLE FAMILY PRACTICE*****46*SUBMITTER01",
      "HL*3*2*19*1",
      "NM1*1P*2*SAMPLE FAMILY PRACTICE*****XX*1234567893",
      "HL*4*3*22*0",
      "DMG*D8*19800515*F",
      "NM1*IL*1*SAMPLE*ALEX****MI*SYN000111",
      "TRN*1*PCN0001",
      "REF*EJ*PCN0001",
      "AMT*T3*145",
      "DTP*472*D8*20261103",
      "SE*16*0001",
  };
  EXPECT_EQ(seg, expected);
}

TEST(StatusInquiry, ServiceLinesCarryProcedureChargeControlNumberAndDate) {
  Encounter e = testing::SampleProfessional();
  e.claim.service_lines[0].control_number = "LINE1";
  e.claim.service_lines[1].service_date = "20261104";
  e.claim.service_lines[1].service_date_end = "20261105";
  e.claim.service_lines[1].units = "2";
  StatusInquiryClaim claim;
  claim.include_service_lines = true;
  auto built = BuildStatusInquiry(e, claim, TestOptions());
  ASSERT_TRUE(built);
  std::vector<std::string> seg = testing::SetSegments(*built);
  std::vector<std::string> expected_tail = {
      "DTP*472*RD8*20261103-20261105", "SVC*HC:99213:25*120",   "REF*FJ*LINE1",
      "DTP*472*D8*20261103",           "SVC*HC:G0008*25*****2", "DTP*472*RD8*20261104-20261105",
  };
  std::vector<std::string> tail(seg.end() - 1 - expected_tail.size(), seg.end() - 1);
  EXPECT_EQ(tail, expected_tail);
  EXPECT_TRUE(ValidationProblems(*built).empty())
      << ::testing::PrintToString(ValidationProblems(*built));
}

TEST(StatusInquiry, InstitutionalClaimsSendTheBillTypeAndRevenueOnlyLinesAsNU) {
  Encounter e = testing::SampleInstitutional();
  e.claim.service_lines[0].procedure = {};
  e.claim.service_lines[0].modifiers.clear();
  StatusInquiryClaim claim;
  claim.include_service_lines = true;
  auto built = BuildStatusInquiry(e, claim, TestOptions());
  ASSERT_TRUE(built);
  std::vector<std::string> seg = Segments(*built);
  EXPECT_EQ(Starting(seg, "REF*BLT*")[0],
            "REF*BLT*" + e.claim.place_of_service + e.claim.frequency_code);
  std::vector<std::string> svc = Starting(seg, "SVC*");
  ASSERT_EQ(svc.size(), e.claim.service_lines.size());
  EXPECT_EQ(Element(svc[0], 1), "NU:" + e.claim.service_lines[0].revenue_code);
  EXPECT_EQ(Element(svc[0], 4), "");
  EXPECT_EQ(Element(svc[1], 4), e.claim.service_lines[1].revenue_code);
  EXPECT_TRUE(ValidationProblems(*built).empty())
      << ::testing::PrintToString(ValidationProblems(*built));
}

TEST(StatusInquiry, TheValidatorCatchesABroken276SoTheCleanResultsMeanSomething) {
  auto built = BuildStatusInquiry(testing::SampleProfessional(), {}, TestOptions());
  ASSERT_TRUE(built);
  std::string broken = *built;
  std::size_t at = broken.find("*MI*SYN000111");
  ASSERT_NE(at, std::string::npos);
  broken.replace(at, 4, "*ZZ*");  // not a subscriber id qualifier of the X212 guide
  EXPECT_FALSE(ValidationProblems(broken).empty());
}

struct MissingCase {
  const char* path;
  void (*clear)(Encounter&);
};

TEST(StatusInquiry, AMissingFieldIsRefusedNamingItsEncounterPath) {
  const MissingCase cases[] = {
      {"tradingPartnerServiceId", [](Encounter& e) { e.payer_id.clear(); }},
      {"billing.npi", [](Encounter& e) { e.billing.npi.clear(); }},
      {"subscriber.memberId", [](Encounter& e) { e.subscriber.member_id.clear(); }},
      {"claimInformation.patientControlNumber",
       [](Encounter& e) { e.claim.patient_control_number.clear(); }},
      {"dependent.dateOfBirth",
       [](Encounter& e) {
         testing::AddDependent(e);
         e.dependent.date_of_birth.clear();
       }},
  };
  for (const MissingCase& c : cases) {
    SCOPED_TRACE(c.path);
    Encounter e = testing::SampleProfessional();
    c.clear(e);
    auto built = BuildStatusInquiry(e, {}, TestOptions());
    ASSERT_FALSE(built);
    EXPECT_EQ(built.error().code, "required_for_276");
    EXPECT_EQ(built.error().message.substr(0, std::string(c.path).size() + 2),
              std::string(c.path) + ": ");
  }
}

TEST(StatusInquiry, TheCheckListsEveryMissingFieldWithTheArrayPrefix) {
  Encounter e = testing::SampleProfessional();
  e.payer_id.clear();
  e.billing.npi.clear();
  std::vector<EncounterFinding> findings;
  EXPECT_FALSE(CheckStatusInquiry(e, {}, "", "[2].", &findings));
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].path, "[2].tradingPartnerServiceId");
  EXPECT_EQ(findings[1].path, "[2].billing.npi");
  EXPECT_EQ(findings[1].code, "required_for_276");
  findings.clear();
  EXPECT_TRUE(CheckStatusInquiry(testing::SampleProfessional(), {}, "", "", &findings));
  EXPECT_TRUE(findings.empty());
}

}  // namespace
}  // namespace edi::hipaa
