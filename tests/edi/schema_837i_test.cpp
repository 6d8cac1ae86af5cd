// The built-in 837I (005010X223A2) schema at work in the validator: a synthetic institutional
// claim that passes through every HL level, the claim's provider loops, other-subscriber loops,
// a drug line and line adjudication validates clean; one change at a time is then found where it
// is. Synthetic data only.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "edi/schema.hpp"
#include "edi/segment_reader.hpp"
#include "edi/x12_validator.hpp"

namespace edi {
namespace {

// Body of one transaction set (ST..SE); Interchange() wraps it.
constexpr std::string_view kClaim =
    "ST*837*0001*005010X223A2~"
    "BHT*0019*00*BATCH1*20260115*0930*CH~"
    "NM1*41*2*SAMPLE HOSPITAL*****46*SUB01~"
    "PER*IC*EDI DESK*TE*5555550100~"
    "NM1*40*2*SAMPLE PAYER*****46*PAYER01~"
    "HL*1**20*1~"
    "PRV*BI*PXC*282N00000X~"
    "NM1*85*2*SAMPLE HOSPITAL*****XX*1234567893~"
    "N3*1 MAIN ST~"
    "N4*ANYTOWN*PA*17111~"
    "REF*EI*123456789~"
    "NM1*87*2~"
    "N3*PO BOX 1~"
    "N4*ANYTOWN*PA*17111~"
    "HL*2*1*22*1~"
    "SBR*P**GRP01******CI~"
    "NM1*IL*1*SUBSCRIBER*TEST****MI*MEM001~"
    "N3*2 ELM ST~"
    "N4*ANYTOWN*PA*17111~"
    "DMG*D8*19700101*F~"
    "NM1*PR*2*SAMPLE PAYER*****PI*PAYER01~"
    "HL*3*2*23*0~"
    "PAT*19~"
    "NM1*QC*1*PATIENT*TEST~"
    "N3*2 ELM ST~"
    "N4*ANYTOWN*PA*17111~"
    "DMG*D8*20100101*M~"
    "CLM*PCN001*500***11:A:1**A*Y*Y~"
    "DTP*096*TM*1130~"
    "DTP*434*RD8*20260101-20260103~"
    "DTP*435*DT*202601010800~"
    "CL1*1*1*01~"
    "REF*G1*AUTH01~"
    "REF*EA*MRN01~"
    "HI*ABK:J189:::::::Y~"
    "HI*ABJ:J189~"
    "HI*ABF:R05:::::::Y*ABF:E119:::::::N~"
    "HI*BBR:0BH17EZ:D8:20260101~"
    "HI*BI:70:RD8:20251201-20251215~"
    "HI*BH:11:D8:20251230~"
    "HI*BE:80:::2~"
    "HI*BG:01~"
    "NM1*71*1*ATTENDING*TEST****XX*1234567893~"
    "PRV*AT*PXC*207R00000X~"
    "NM1*72*1*OPERATING*TEST****XX*1234567893~"
    "NM1*77*2*SAMPLE CLINIC*****XX*1234567893~"
    "N3*3 OAK ST~"
    "N4*ANYTOWN*PA*17111~"
    "SBR*S*01*GRP02******CI~"
    "AMT*D*100~"
    "OI***Y***Y~"
    "NM1*IL*1*SUBSCRIBER*OTHER****MI*MEM002~"
    "NM1*PR*2*OTHER PAYER*****PI*PAYER02~"
    "DTP*573*D8*20260110~"
    "NM1*71*1~"
    "REF*G2*OTHERATT01~"
    "LX*1~"
    "SV2*0120*HC:99223*400*UN*3~"
    "DTP*472*RD8*20260101-20260103~"
    "LIN**N4*00000000001~"
    "CTP****1*UN~"
    "NM1*72*1*OPERATING*TEST****XX*1234567893~"
    "SVD*PAYER02*80*HC:99223*0120*3~"
    "CAS*CO*45*20~"
    "DTP*573*D8*20260110~"
    "LX*2~"
    "SV2*0250**100*UN*1~"
    "SE*68*0001~";

std::string Interchange(std::string_view body, std::string_view version = "005010X223A2") {
  return "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *260115*0930*^*"
         "00501*000000201*0*T*:~GS*HC*SUBMITTER01*RECEIVER01*20260115*0930*201*X*" +
         std::string(version) + "~" + std::string(body) + "GE*1*201~IEA*1*000000201~";
}

std::vector<Diagnostic> Validate(const std::string& text) {
  static const auto registry = schema::SchemaRegistry::LoadBuiltIn();
  EXPECT_TRUE(registry.has_value());
  DiagnosticList list;
  SegmentReader reader(text, list);
  X12Validator validator(registry->get(), list);
  Segment s;
  while (reader.Next(&s)) validator.Add(s, reader.header());
  validator.Finish();
  return list.items();
}

std::string Replace(std::string text, std::string_view from, std::string_view to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

std::string Listing(const std::vector<Diagnostic>& findings) {
  std::string out;
  for (const auto& d : findings) {
    out += std::string(DiagCodeName(d.code)) + " " + d.segment_id + " loop " + d.loop + ": " +
           d.message + "\n";
  }
  return out;
}

TEST(Institutional837, ASyntheticClaimThroughEveryLevelValidatesClean) {
  auto findings = Validate(Interchange(kClaim));
  EXPECT_TRUE(findings.empty()) << Listing(findings);
}

TEST(Institutional837, ALaterErrataIsReadWithANoteAndNoErrors) {
  std::string body =
      Replace(std::string(kClaim), "ST*837*0001*005010X223A2~", "ST*837*0001*005010X223A3~");
  auto findings = Validate(Interchange(body, "005010X223A3"));
  ASSERT_EQ(findings.size(), 1u) << Listing(findings);
  EXPECT_EQ(findings[0].code, DiagCode::kSchemaVersionNote);
  EXPECT_EQ(findings[0].severity, Severity::kInfo);
  EXPECT_EQ(findings[0].value, "005010X223A3");
}

struct Change {
  const char* name;
  const char* from;
  const char* to;
  DiagCode code;
  const char* segment;
  std::uint64_t in_set;  // position of the segment in the set, ST = 1
  std::uint32_t element;
  std::uint32_t component;
  const char* loop;
};

void PrintTo(const Change& c, std::ostream* os) { *os << c.name; }

class Institutional837Change : public ::testing::TestWithParam<Change> {};

TEST_P(Institutional837Change, IsFoundWhereItIs) {
  const Change& c = GetParam();
  auto findings = Validate(Interchange(Replace(std::string(kClaim), c.from, c.to)));
  const Diagnostic* hit = nullptr;
  for (const auto& d : findings) {
    if (d.code == c.code && d.severity == Severity::kError) hit = &d;
  }
  ASSERT_NE(hit, nullptr) << Listing(findings);
  EXPECT_EQ(hit->segment_id, c.segment);
  EXPECT_EQ(hit->pos.segment_in_set, c.in_set);
  EXPECT_EQ(hit->pos.element, c.element);
  EXPECT_EQ(hit->pos.component, c.component);
  EXPECT_EQ(hit->loop, c.loop);
}

INSTANTIATE_TEST_SUITE_P(
    Guide, Institutional837Change,
    ::testing::Values(
        // CLM06 (provider signature) is a professional-claim element.
        Change{"ProviderSignatureIsNotUsed", "11:A:1**A*Y*Y", "11:A:1*Y*A*Y*Y",
               DiagCode::kElementNotUsed, "CLM", 28, 6, 0, "2300"},
        // Statement dates are always a range.
        Change{"StatementDatesNeedARange", "DTP*434*RD8*20260101-20260103", "DTP*434*D8*20260101",
               DiagCode::kInvalidCode, "DTP", 30, 2, 0, "2300"},
        // CL1 is required: seen missing when the next segment (REF) arrives.
        Change{"InstitutionalClaimCodeIsRequired", "CL1*1*1*01~", "", DiagCode::kSegmentMissing,
               "CL1", 32, 0, 0, "2300"},
        // The principal diagnosis takes no second code.
        Change{"OnePrincipalDiagnosis", "HI*ABK:J189:::::::Y~", "HI*ABK:J189*ABF:R05~",
               DiagCode::kElementNotUsed, "HI", 35, 2, 0, "2300"},
        // A value code carries its amount.
        Change{"ValueCodeNeedsItsAmount", "HI*BE:80:::2~", "HI*BE:80~",
               DiagCode::kRequiredElementMissing, "HI", 41, 1, 5, "2300"},
        // An occurrence span is a date range.
        Change{"OccurrenceSpanIsARange", "HI*BI:70:RD8:", "HI*BI:70:D8:", DiagCode::kInvalidCode,
               "HI", 39, 1, 3, "2300"},
        // Attending provider is a person (NM102 = 1).
        Change{"AttendingIsAPerson", "NM1*71*1*ATTENDING", "NM1*71*2*ATTENDING",
               DiagCode::kInvalidCode, "NM1", 43, 2, 0, "2310A"},
        // 2330C names no one: the other payer's attending provider is an id only.
        Change{"OtherPayerAttendingHasNoName", "NM1*71*1~", "NM1*71*1*ATTENDING~",
               DiagCode::kElementNotUsed, "NM1", 55, 3, 0, "2330C"},
        // ... and its REF is required.
        Change{"OtherPayerAttendingNeedsItsId", "REF*G2*OTHERATT01~", "", DiagCode::kSegmentMissing,
               "REF", 56, 0, 0, "2330C"},
        // SV2 unit must be days or units.
        Change{"ServiceUnitIsDaysOrUnits", "SV2*0120*HC:99223*400*UN*3",
               "SV2*0120*HC:99223*400*MJ*3", DiagCode::kInvalidCode, "SV2", 58, 4, 0, "2400"},
        // Line adjudication carries the revenue code (SVD04 is required in 837I).
        Change{"LineAdjudicationNeedsTheRevenueCode", "SVD*PAYER02*80*HC:99223*0120*3",
               "SVD*PAYER02*80*HC:99223**3", DiagCode::kRequiredElementMissing, "SVD", 63, 4, 0,
               "2430"},
        // Drug quantity unit from the guide's list.
        Change{"DrugUnitFromTheList", "CTP****1*UN", "CTP****1*XX", DiagCode::kInvalidCode, "CTP",
               61, 5, 1, "2410"}),
    [](const ::testing::TestParamInfo<Change>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace edi
