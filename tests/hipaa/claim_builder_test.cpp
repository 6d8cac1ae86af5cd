#include "edi/hipaa/claim_builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "edi/hipaa/encounter_edits.hpp"
#include "tests/hipaa/claim_test_util.hpp"

namespace edi::hipaa {
namespace {

using testing::SampleProfessional;
using testing::Segments;
using testing::SetSegments;
using testing::TestBuildOptions;
using testing::ValidationProblems;

std::string Build(const std::vector<Encounter>& encounters) {
  auto built = BuildInterchange(encounters, TestBuildOptions());
  EXPECT_TRUE(built.has_value()) << (built ? "" : built.error().message);
  return built ? *built : std::string();
}

std::size_t CountPrefix(const std::vector<std::string>& segments, std::string_view prefix) {
  return static_cast<std::size_t>(std::count_if(segments.begin(), segments.end(),
                                                [&](auto& s) { return s.rfind(prefix, 0) == 0; }));
}

TEST(ClaimBuilder, WritesAProfessionalClaimSegmentBySegment) {
  std::string x12 = Build({SampleProfessional()});
  std::vector<std::string> want = {
      "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *261127*0930*^*00501*"
      "000000101*0*T*:",
      "GS*HC*SUBMITTER01*RECEIVER01*20261127*0930*7*X*005010X222A1",
      "ST*837*0001*005010X222A1",
      "BHT*0019*00*000000101*20261127*0930*CH",
      "NM1*41*2*SAMPLE FAMILY PRACTICE*****46*SUBMITTER01",
      "PER*IC*BILLING OFFICE*TE*5555550100",
      "NM1*40*2*SYNTHETIC HEALTH PLAN*****46*RECEIVER01",
      "HL*1**20*1",
      "NM1*85*2*SAMPLE FAMILY PRACTICE*****XX*1234567893",
      "N3*100 EXAMPLE WAY",
      "N4*AUSTIN*TX*787010001",
      "REF*EI*123456789",
      "HL*2*1*22*0",
      "SBR*P*18*******CI",
      "NM1*IL*1*SAMPLE*ALEX****MI*SYN000111",
      "N3*12 TEST STREET",
      "N4*AUSTIN*TX*78702",
      "DMG*D8*19800515*F",
      "NM1*PR*2*SYNTHETIC HEALTH PLAN*****PI*SYNPAYER01",
      "CLM*PCN0001*145***11:B:1*Y*A*Y*Y",
      "HI*ABK:J069*ABF:R059",
      "LX*1",
      "SV1*HC:99213:25*120*UN*1***1:2",
      "DTP*472*D8*20261103",
      "LX*2",
      "SV1*HC:G0008*25*UN*1***1",
      "DTP*472*D8*20261103",
      "SE*26*0001",
      "GE*1*7",
      "IEA*1*000000101",
  };
  EXPECT_EQ(Segments(x12), want);
}

TEST(ClaimBuilder, ProfessionalClaimPassesTheValidator) {
  Encounter e = SampleProfessional();
  e.rendering = {"1987654328", "", "", "207Q00000X", "", "DOE", "JORDAN", "", "", {}, {}};
  e.referring = {"1112223338", "", "", "", "", "REFERRER", "PAT", "", "", {}, {}};
  e.supervising = {"1666777887", "", "", "", "", "SUPERVISOR", "LEE", "", "", {}, {}};
  e.pay_to_address = {"PO BOX 100", "", "AUSTIN", "TX", "787010100"};
  e.billing.taxonomy_code = "207Q00000X";
  e.billing.contact = {"FRONT DESK", "5555550101", ""};
  e.claim.onset_date = "20261101";
  e.claim.prior_authorization_number = "AUTH1";
  e.claim.referral_number = "REF1";
  e.claim.medical_record_number = "MRN1";
  e.claim.note = "SEE ATTACHED";
  e.claim.service_lines[0].control_number = "LINE1";
  e.claim.service_lines[0].note = "LINE NOTE";
  e.claim.service_lines[0].modifiers = {"25", "59", "GT", "95"};
  e.claim.service_lines[0].service_date_end = "20261104";
  e.claim.service_lines[1].rendering = {"1555444334", "", "", "", "", "NURSE",
                                        "KIM",        "", "", {}, {}};
  e.claim.service_lines[1].place_of_service = "02";
  std::string x12 = Build({e});
  EXPECT_EQ(ValidationProblems(x12), std::vector<std::string>());
  auto set = SetSegments(x12);
  for (const char* want :
       {"PRV*BI*PXC*207Q00000X", "PER*IC*FRONT DESK*TE*5555550101", "NM1*87*2", "N3*PO BOX 100",
        "DTP*431*D8*20261101", "REF*9F*REF1", "REF*G1*AUTH1", "REF*EA*MRN1", "NTE*ADD*SEE ATTACHED",
        "NM1*DN*1*REFERRER*PAT****XX*1112223338", "NM1*82*1*DOE*JORDAN****XX*1987654328",
        "PRV*PE*PXC*207Q00000X", "NM1*DQ*1*SUPERVISOR*LEE****XX*1666777887",
        "SV1*HC:99213:25:59:GT:95*120*UN*1***1:2", "DTP*472*RD8*20261103-20261104", "REF*6R*LINE1",
        "NTE*ADD*LINE NOTE", "SV1*HC:G0008*25*UN*1*02**1", "NM1*82*1*NURSE*KIM****XX*1555444334"}) {
    EXPECT_NE(std::find(set.begin(), set.end(), want), set.end()) << want;
  }
}

TEST(ClaimBuilder, ClaimsSharingBillingProviderAndSubscriberShareHlLoopsInInputOrder) {
  Encounter a = SampleProfessional();
  Encounter b = SampleProfessional();
  b.subscriber.member_id = "SYN000999";
  b.claim.patient_control_number = "PCN0002";
  Encounter c = SampleProfessional();
  c.claim.patient_control_number = "PCN0003";
  Encounter d = SampleProfessional();
  d.billing.npi = "1987654328";
  d.claim.patient_control_number = "PCN0004";
  std::string x12 = Build({a, b, c, d});
  EXPECT_EQ(ValidationProblems(x12), std::vector<std::string>());
  std::vector<std::string> order;
  for (const auto& s : SetSegments(x12)) {
    if (s.rfind("HL*", 0) == 0 || s.rfind("CLM*", 0) == 0) order.push_back(s.substr(0, 12));
  }
  EXPECT_EQ(order, (std::vector<std::string>{"HL*1**20*1", "HL*2*1*22*0", "CLM*PCN0001*",
                                             "CLM*PCN0003*", "HL*3*1*22*0", "CLM*PCN0002*",
                                             "HL*4**20*1", "HL*5*4*22*0", "CLM*PCN0004*"}));
}

TEST(ClaimBuilder, DependentPatientGetsA2000CLoopAndNoSubscriberRelationship) {
  Encounter e = SampleProfessional();
  testing::AddDependent(e);
  std::string x12 = Build({e});
  EXPECT_EQ(ValidationProblems(x12), std::vector<std::string>());
  auto set = SetSegments(x12);
  auto at = std::find(set.begin(), set.end(), "HL*2*1*22*1");
  ASSERT_NE(at, set.end());
  EXPECT_EQ(*(at + 1), "SBR*P********CI");
  auto pat = std::find(set.begin(), set.end(), "HL*3*2*23*0");
  ASSERT_NE(pat, set.end());
  EXPECT_EQ(*(pat + 1), "PAT*19");
  EXPECT_EQ(*(pat + 2), "NM1*QC*1*SAMPLE*RIVER");
  EXPECT_EQ(*(pat + 3), "N3*34 TEST AVENUE");
  EXPECT_EQ(*(pat + 4), "N4*AUSTIN*TX*78703");
  EXPECT_EQ(*(pat + 5), "DMG*D8*20180704*U");
  EXPECT_EQ((pat + 6)->substr(0, 12), "CLM*PCN0001*");
}

TEST(ClaimBuilder, DerivesIcd9QualifiersForServicesBeforeOctober2015) {
  Encounter e = SampleProfessional();
  e.claim.diagnoses = {{"401.9", CodingSystem::kUnspecified, "", "", ""},
                       {"25000", CodingSystem::kUnspecified, "", "", ""}};
  for (auto& line : e.claim.service_lines) line.service_date = "20150930";
  auto set = SetSegments(Build({e}));
  EXPECT_NE(std::find(set.begin(), set.end(), "HI*BK:4019*BF:25000"), set.end());
  e.claim.diagnoses = {{"J06.9", CodingSystem::kUnspecified, "", "", ""}};
  for (auto& line : e.claim.service_lines) line.service_date = "20151001";
  set = SetSegments(Build({e}));
  EXPECT_NE(std::find(set.begin(), set.end(), "HI*ABK:J069"), set.end());
}

TEST(ClaimBuilder, WritesTwelveDiagnosesInOneHiSegment) {
  Encounter e = SampleProfessional();
  const char* codes[] = {"J069", "R059", "E119", "I10",   "J189",  "Z23",
                         "N179", "E871", "A419", "K0252", "R0789", "Z0000"};
  e.claim.diagnoses.clear();
  for (const char* c : codes) e.claim.diagnoses.push_back({c, CodingSystem::kIcd10Cm, "", "", ""});
  std::string x12 = Build({e});
  EXPECT_EQ(ValidationProblems(x12), std::vector<std::string>());
  auto set = SetSegments(x12);
  EXPECT_NE(std::find(set.begin(), set.end(),
                      "HI*ABK:J069*ABF:R059*ABF:E119*ABF:I10*ABF:J189*ABF:Z23*ABF:N179*ABF:E871*"
                      "ABF:A419*ABF:K0252*ABF:R0789*ABF:Z0000"),
            set.end());
}

TEST(ClaimBuilder, ReplacementClaimCarriesFrequencySevenAndThePayerClaimNumber) {
  Encounter e = SampleProfessional();
  e.claim.frequency_code = "7";
  e.claim.payer_claim_control_number = "PAYERICN123";
  std::string x12 = Build({e});
  EXPECT_EQ(ValidationProblems(x12), std::vector<std::string>());
  auto set = SetSegments(x12);
  EXPECT_NE(std::find(set.begin(), set.end(), "CLM*PCN0001*145***11:B:7*Y*A*Y*Y"), set.end());
  EXPECT_NE(std::find(set.begin(), set.end(), "REF*F8*PAYERICN123"), set.end());
}

TEST(ClaimBuilder, SecondaryClaimWritesTheOtherPayerLoops) {
  Encounter e = SampleProfessional();
  e.subscriber.payment_responsibility = "S";
  OtherPayer o;
  o.payment_responsibility = "P";
  o.group_number = "GRP100";
  o.claim_filing_code = "CI";
  o.has_paid_amount = true;
  o.paid_cents = 10000;
  o.adjustments = {{"CO", {{"45", 3000, ""}, {"253", 150, ""}}}, {"PR", {{"2", -1650, ""}}}};
  o.subscriber_last_name = "SAMPLE";
  o.subscriber_first_name = "ALEX";
  o.subscriber_id = "PRI000111";
  o.payer_name = "FIRST PLAN";
  o.payer_id = "PRIMARY01";
  o.adjudication_date = "20261115";
  o.claim_control_number = "PRIICN9";
  e.claim.other_payers.push_back(o);
  std::string x12 = Build({e});
  EXPECT_EQ(ValidationProblems(x12), std::vector<std::string>());
  auto set = SetSegments(x12);
  auto sbr = std::find(set.begin(), set.end(), "SBR*P*18*GRP100******CI");
  ASSERT_NE(sbr, set.end());
  std::vector<std::string> got(sbr, sbr + 9);
  EXPECT_EQ(got,
            (std::vector<std::string>{
                "SBR*P*18*GRP100******CI", "CAS*CO*45*30**253*1.5", "CAS*PR*2*-16.5", "AMT*D*100",
                "OI***Y*P**Y", "NM1*IL*1*SAMPLE*ALEX****MI*PRI000111",
                "NM1*PR*2*FIRST PLAN*****PI*PRIMARY01", "DTP*573*D8*20261115", "REF*F8*PRIICN9"}));
  EXPECT_EQ(set[11], "SBR*S*18*******CI");
}

TEST(ClaimBuilder, ReplacesDelimitersInFreeTextButRefusesThemInIdentifiers) {
  Encounter e = SampleProfessional();
  e.claim.note = "CALL AT 3:00*ASAP~";
  auto set = SetSegments(Build({e}));
  EXPECT_NE(std::find(set.begin(), set.end(), "NTE*ADD*CALL AT 3 00 ASAP"), set.end());
  // The submitter's and receiver's names too (NM103, PER02 of loops 1000A and 1000B).
  e.submitter.organization_name = "SAMPLE*BILLING~";
  e.submitter.contact.name = "PAT:SMITH^";
  e.receiver.organization_name = "PAYER*ONE";
  set = SetSegments(Build({e}));
  EXPECT_NE(std::find(set.begin(), set.end(), "NM1*41*2*SAMPLE BILLING*****46*SUBMITTER01"), set.end())
      << set[2];
  bool per = false, receiver = false;
  for (const std::string& seg : set) {
    per |= seg.rfind("PER*IC*PAT SMITH*", 0) == 0;
    receiver |= seg.rfind("NM1*40*2*PAYER ONE*", 0) == 0;
  }
  EXPECT_TRUE(per);
  EXPECT_TRUE(receiver);
  e.subscriber.member_id = "SYN*111";
  auto built = BuildInterchange(std::vector<Encounter>{e}, TestBuildOptions());
  ASSERT_FALSE(built.has_value());
  EXPECT_EQ(built.error().code, "delimiter_in_data");
}

TEST(ClaimBuilder, GivesEachClaimTypeItsOwnGroup) {
  Encounter p = SampleProfessional();
  Encounter d = SampleProfessional();
  d.type = ClaimType::kDental;
  d.claim.diagnoses.clear();
  d.claim.service_lines.resize(1);
  d.claim.service_lines[0].procedure = {"D0120", CodingSystem::kCdt, "", "", ""};
  d.claim.service_lines[0].diagnosis_pointers.clear();
  d.claim.service_lines[0].modifiers.clear();
  d.claim.charge_cents = d.claim.service_lines[0].charge_cents;
  std::string x12 = Build({p, d, p});
  auto all = Segments(x12);
  std::vector<std::string> groups;
  for (const auto& s : all) {
    if (s.rfind("GS*", 0) == 0 || s.rfind("GE*", 0) == 0) groups.push_back(s);
  }
  EXPECT_EQ(groups, (std::vector<std::string>{
                        "GS*HC*SUBMITTER01*RECEIVER01*20261127*0930*7*X*005010X222A1", "GE*1*7",
                        "GS*HC*SUBMITTER01*RECEIVER01*20261127*0930*8*X*005010X224A2", "GE*1*8"}));
  EXPECT_EQ(CountPrefix(all, "CLM*"), 3u);
  EXPECT_EQ(all.back(), "IEA*2*000000101");
  if (testing::HasSchema("005010X224A2")) {
    EXPECT_EQ(ValidationProblems(x12), std::vector<std::string>());
  }
}

TEST(ClaimBuilder, InstitutionalClaimCarriesPoaDrgAndPcsAndValidates) {
  Encounter e = testing::SampleInstitutional();
  std::string x12 = Build({e});
  if (testing::HasSchema("005010X223A2")) {
    EXPECT_EQ(ValidationProblems(x12), std::vector<std::string>());
  }
  auto set = SetSegments(x12);
  auto clm = std::find(set.begin(), set.end(), "CLM*HOSP0001*15000***11:A:1**A*Y*Y");
  ASSERT_NE(clm, set.end());
  std::vector<std::string> got(clm, clm + 11);
  EXPECT_EQ(got,
            (std::vector<std::string>{
                "CLM*HOSP0001*15000***11:A:1**A*Y*Y", "DTP*434*RD8*20261001-20261004",
                "DTP*435*DT*202610010830", "CL1*1*1*01", "HI*ABK:K3580:::::::Y", "HI*ABJ:R1031",
                "HI*DR:398", "HI*ABF:E119:::::::Y", "HI*BBR:0DTJ4ZZ:D8:20261001",
                "NM1*71*1*ATTENDING*MORGAN****XX*1444555662", "PRV*AT*PXC*207R00000X"}));
  EXPECT_NE(std::find(set.begin(), set.end(), "SV2*0120**6000*DA*3"), set.end());
  EXPECT_NE(std::find(set.begin(), set.end(), "SV2*0360*HC:44970*9000*UN*1"), set.end());
}

TEST(ClaimBuilder, DerivesIcd9ProcedureQualifiersForOldInpatientStays) {
  Encounter e = testing::SampleInstitutional();
  e.claim.statement_begin_date = "20150901";
  e.claim.statement_end_date = "20150903";
  e.claim.principal_diagnosis = {"5409", CodingSystem::kUnspecified, "", "Y", ""};
  e.claim.admitting_diagnosis = {};
  e.claim.other_diagnoses.clear();
  e.claim.principal_procedure = {"4701", CodingSystem::kUnspecified, "", "", "20150901"};
  e.claim.other_procedures = {{"9904", CodingSystem::kUnspecified, "", "", "20150902"}};
  auto set = SetSegments(Build({e}));
  for (const char* want :
       {"HI*BK:5409:::::::Y", "HI*BR:4701:D8:20150901", "HI*BQ:9904:D8:20150902"}) {
    EXPECT_NE(std::find(set.begin(), set.end(), want), set.end()) << want;
  }
}

TEST(ClaimBuilder, RefusesAnEmptyList) {
  auto built = BuildInterchange(std::vector<Encounter>{}, TestBuildOptions());
  ASSERT_FALSE(built.has_value());
  EXPECT_EQ(built.error().code, "no_claims");
}

TEST(ClaimBuilder, FormatsAmountsAsX12Decimals) {
  struct Case {
    std::int64_t cents;
    const char* text;
  };
  for (const Case& c : {Case{0, "0"}, Case{5, "0.05"}, Case{50, "0.5"}, Case{12000, "120"},
                        Case{12050, "120.5"}, Case{12055, "120.55"}, Case{-300, "-3"},
                        Case{-1, "-0.01"}, Case{123456789012, "1234567890.12"}}) {
    EXPECT_EQ(FormatAmount(c.cents), c.text) << c.cents;
  }
}

TEST(ClaimBuilder, TheSampleEncounterPassesEveryEdit) {
  std::vector<EncounterFinding> findings;
  EditOptions options;
  options.today = testing::kToday;
  EXPECT_EQ(CheckEncounter(SampleProfessional(), options, &findings), 0u);
  for (const auto& f : findings) ADD_FAILURE() << FormatFinding(f, true);
}

}  // namespace
}  // namespace edi::hipaa
