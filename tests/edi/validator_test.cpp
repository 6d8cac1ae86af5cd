#include "edi/validator.hpp"

#include <gtest/gtest.h>

#include <string>

#include "edi/segment_reader.hpp"

namespace edi {
namespace {

// A small guide that has every rule family: qualifiers, HL loops, dates, times, numbers,
// composites, repeats, not-used elements and all five syntax notes.
constexpr char kTestSchema[] = R"(
<transaction id="TST" guide="TEST01" name="Test guide">
  <segment id="ST" name="Header" usage="R" max="1">
    <element pos="1" type="ID" min="3" max="3" usage="R" codes="TST"/>
    <element pos="2" type="AN" min="4" max="9" usage="R"/>
  </segment>
  <segment id="BHT" name="Beginning" usage="R" max="1">
    <element pos="1" name="Structure" type="ID" min="4" max="4" usage="R" codes="0019"/>
    <element pos="2" name="Date" type="DT" min="8" max="8" usage="R"/>
    <element pos="3" name="Time" type="TM" min="4" max="8" usage="S"/>
    <element pos="4" name="Amount" type="N2" min="1" max="6" usage="S"/>
    <element pos="5" name="Rate" type="R" min="1" max="5" usage="S"/>
    <element pos="6" name="Unused" type="AN" min="1" max="2" usage="N"/>
    <syntax rule="P" elements="4 5"/>
  </segment>
  <segment id="REF" name="Reference" usage="S" max="2">
    <element pos="1" type="ID" min="2" max="3" usage="R" codes="EI SY" match="yes"/>
    <element pos="2" type="AN" min="1" max="10" usage="S"/>
    <element pos="3" type="AN" min="1" max="10" usage="S"/>
    <syntax rule="R" elements="2 3"/>
    <syntax rule="E" elements="2 3"/>
  </segment>
  <loop id="1000" name="Submitter" usage="R" max="1">
    <segment id="NM1" name="Submitter Name" usage="R" max="1">
      <element pos="1" type="ID" min="2" max="3" usage="R" codes="41" match="yes"/>
      <element pos="2" type="AN" min="1" max="20" usage="R"/>
    </segment>
    <segment id="PER" name="Contact" usage="S" max="2">
      <element pos="1" type="ID" min="2" max="2" usage="R" codes="IC"/>
      <element pos="2" type="AN" min="1" max="20" usage="S"/>
      <element pos="3" type="ID" min="2" max="2" usage="S" codes="TE EM"/>
      <element pos="4" type="AN" min="1" max="20" usage="S"/>
      <element pos="5" type="ID" min="2" max="2" usage="S" codes="TE EM"/>
      <element pos="6" type="AN" min="1" max="20" usage="S"/>
      <syntax rule="C" elements="3 4"/>
      <syntax rule="L" elements="2 3 5"/>
    </segment>
  </loop>
  <loop id="2000A" name="Provider" usage="R" max="unbounded" hl="20">
    <segment id="HL" name="Provider Level" usage="R" max="1">
      <element pos="1" type="AN" min="1" max="12" usage="R"/>
      <element pos="2" type="AN" min="1" max="12" usage="N"/>
      <element pos="3" type="ID" min="1" max="2" usage="R" codes="20"/>
      <element pos="4" type="ID" min="1" max="1" usage="R" codes="0 1"/>
    </segment>
    <loop id="2000B" name="Subscriber" usage="R" max="unbounded" hl="22">
      <segment id="HL" name="Subscriber Level" usage="R" max="1">
        <element pos="1" type="AN" min="1" max="12" usage="R"/>
        <element pos="2" type="AN" min="1" max="12" usage="R"/>
        <element pos="3" type="ID" min="1" max="2" usage="R" codes="22"/>
        <element pos="4" type="ID" min="1" max="1" usage="R" codes="0 1"/>
      </segment>
      <segment id="SV1" name="Service" usage="R" max="1">
        <composite pos="1" name="Procedure" usage="R">
          <component pos="1" type="ID" min="2" max="2" usage="R" codes="HC"/>
          <component pos="2" type="AN" min="1" max="48" usage="R"/>
          <component pos="3" type="AN" min="2" max="2" usage="S"/>
        </composite>
        <element pos="2" name="Charge" type="R" min="1" max="18" usage="R"/>
        <composite pos="3" name="Pointers" usage="S" repeat="2">
          <component pos="1" type="N0" min="1" max="2" usage="R"/>
          <component pos="2" type="N0" min="1" max="2" usage="S"/>
        </composite>
      </segment>
      <segment id="DTP" name="Service Date" usage="S" max="1">
        <element pos="1" type="ID" min="3" max="3" usage="R" codes="472" match="yes"/>
        <element pos="2" type="DT" min="8" max="8" usage="R"/>
      </segment>
    </loop>
  </loop>
  <segment id="SE" name="Trailer" usage="R" max="1">
    <element pos="1" type="N0" min="1" max="10" usage="R"/>
    <element pos="2" type="AN" min="4" max="9" usage="R"/>
  </segment>
</transaction>
)";

constexpr char kCleanBody[] =
    "ST*TST*0001~"
    "BHT*0019*20260115*0930*1250*1.5~"
    "REF*EI*ABC~"
    "NM1*41*SUBMITTER~"
    "PER*IC*OFFICE*TE*5555550100~"
    "HL*1**20*1~"
    "HL*2*1*22*0~"
    "SV1*HC:99213:25*125*1:2^3~"
    "DTP*472*20260112~"
    "HL*3*1*22*0~"
    "SV1*HC:99212*60~"
    "SE*12*0001~";

const schema::TransactionSchema& TestSchema() {
  static auto loaded = schema::LoadSchema(kTestSchema, "test.xml");
  if (!loaded) ADD_FAILURE() << loaded.error().message;
  return **loaded;
}

std::vector<Diagnostic> Validate(const std::string& body) {
  std::string in =
      "ISA*00*          *00*          *ZZ*A              *ZZ*B              *260115*0930*^*00501*"
      "000000001*0*T*:~GS*HC*A*B*20260115*0930*1*X*TEST01~" +
      body + "GE*1*1~IEA*1*000000001~";
  DiagnosticList list;
  SegmentReader reader(in, list);
  TransactionValidator validator(TestSchema(), list);
  Segment s;
  std::uint64_t in_set = 0;
  while (reader.Next(&s)) {
    if (s.Is("ST")) in_set = 0;
    if (s.Is("ISA") || s.Is("GS") || s.Is("GE") || s.Is("IEA")) continue;
    validator.Add(s, ++in_set);
    if (s.Is("SE")) validator.Finish();
  }
  return list.items();
}

std::string Replace(std::string text, std::string_view from, std::string_view to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

TEST(TransactionValidator, CleanSetHasNoFindings) {
  auto findings = Validate(kCleanBody);
  for (const auto& d : findings) ADD_FAILURE() << DiagCodeName(d.code) << ": " << d.message;
}

struct Case {
  const char* name;
  const char* from;
  const char* to;
  DiagCode code;
  const char* segment;
  std::uint64_t in_set;
  std::uint32_t element;
  std::uint32_t component;
  const char* loop;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class Rule : public ::testing::TestWithParam<Case> {};

TEST_P(Rule, IsFoundWhereItIs) {
  const Case& c = GetParam();
  auto findings = Validate(Replace(kCleanBody, c.from, c.to));
  const Diagnostic* hit = nullptr;
  std::string all;
  for (const auto& d : findings) {
    all += std::string(DiagCodeName(d.code)) + " " + d.segment_id + "#" +
           std::to_string(d.pos.segment_in_set) + "-" + std::to_string(d.pos.element) + ": " +
           d.message + "\n";
    if (d.code == c.code && hit == nullptr) hit = &d;
  }
  ASSERT_NE(hit, nullptr) << "expected " << DiagCodeName(c.code) << ", got:\n" << all;
  EXPECT_EQ(hit->segment_id, c.segment) << all;
  EXPECT_EQ(hit->pos.segment_in_set, c.in_set) << all;
  EXPECT_EQ(hit->pos.element, c.element) << all;
  EXPECT_EQ(hit->pos.component, c.component) << all;
  EXPECT_EQ(hit->loop, c.loop) << all;
  EXPECT_EQ(hit->severity, Severity::kError);
}

INSTANTIATE_TEST_SUITE_P(
    Families, Rule,
    ::testing::Values(
        // Segments and loops.
        Case{"MissingRequiredSegment", "BHT*0019*20260115*0930*1250*1.5~", "",
             DiagCode::kSegmentMissing, "BHT", 2, 0, 0, ""},
        Case{"UnrecognizedSegment", "REF*EI*ABC~", "REF*EI*ABC~ZZZ*1~",
             DiagCode::kSegmentUnrecognized, "ZZZ", 4, 0, 0, ""},
        Case{"QualifierNotAllowed", "REF*EI*ABC~", "REF*XX*ABC~", DiagCode::kSegmentUnexpected,
             "REF", 3, 0, 0, ""},
        Case{"OutOfOrder", "REF*EI*ABC~NM1*41*SUBMITTER~", "NM1*41*SUBMITTER~REF*EI*ABC~",
             DiagCode::kSegmentUnexpected, "REF", 4, 0, 0, "1000"},
        Case{"SegmentOverMaxUse", "REF*EI*ABC~", "REF*EI*A~REF*SY*B~REF*EI*C~",
             DiagCode::kSegmentTooMany, "REF", 5, 0, 0, ""},
        Case{"LoopOverMaxRepeat", "NM1*41*SUBMITTER~", "NM1*41*SUBMITTER~NM1*41*AGAIN~",
             DiagCode::kLoopTooMany, "NM1", 5, 0, 0, "1000"},
        Case{"RequiredLoopMissing", "NM1*41*SUBMITTER~PER*IC*OFFICE*TE*5555550100~", "",
             DiagCode::kLoopMissing, "NM1", 4, 0, 0, "1000"},
        Case{"RequiredSegmentInLoopMissing", "SV1*HC:99212*60~", "", DiagCode::kSegmentMissing,
             "SV1", 11, 0, 0, "2000B"},
        // HL hierarchy.
        Case{"HlParentUnknown", "HL*2*1*22*0~", "HL*2*9*22*0~", DiagCode::kHierarchy, "HL", 7, 2, 0,
             "2000B"},
        Case{"HlParentMissing", "HL*2*1*22*0~", "HL*2**22*0~", DiagCode::kRequiredElementMissing,
             "HL", 7, 2, 0, "2000B"},
        Case{"HlParentSaysNoChildren", "HL*1**20*1~", "HL*1**20*0~", DiagCode::kHierarchy, "HL", 7,
             2, 0, "2000B"},
        Case{"HlChildCodeWithoutChild", "HL*3*1*22*0~", "HL*3*1*22*1~", DiagCode::kHierarchy, "HL",
             10, 4, 0, "2000B"},
        // Elements.
        Case{"RequiredElementMissing", "NM1*41*SUBMITTER~", "NM1*41~",
             DiagCode::kRequiredElementMissing, "NM1", 4, 2, 0, "1000"},
        Case{"ElementTooLong", "NM1*41*SUBMITTER~", "NM1*41*A NAME THAT IS TOO LONG HERE~",
             DiagCode::kElementTooLong, "NM1", 4, 2, 0, "1000"},
        Case{"ElementTooShort", "ST*TST*0001~", "ST*TST*001~", DiagCode::kElementTooShort, "ST", 1,
             2, 0, ""},
        Case{"BadCode", "PER*IC*OFFICE*TE*", "PER*IC*OFFICE*FX*", DiagCode::kInvalidCode, "PER", 5,
             3, 0, "1000"},
        Case{"BadDate", "BHT*0019*20260115*", "BHT*0019*20260231*", DiagCode::kInvalidDate, "BHT",
             2, 2, 0, ""},
        Case{"BadTime", "*20260115*0930*", "*20260115*2561*", DiagCode::kInvalidTime, "BHT", 2, 3,
             0, ""},
        Case{"NumberWithLetters", "*0930*1250*", "*0930*12A0*", DiagCode::kInvalidCharacter, "BHT",
             2, 4, 0, ""},
        Case{"DecimalTooLong", "*1250*1.5~", "*1250*123456.5~", DiagCode::kElementTooLong, "BHT", 2,
             5, 0, ""},
        Case{"NotUsedElementPresent", "*1250*1.5~", "*1250*1.5*X~", DiagCode::kElementNotUsed,
             "BHT", 2, 6, 0, ""},
        Case{"BeyondDefinedElements", "*1250*1.5~", "*1250*1.5**EXTRA~",
             DiagCode::kTooManyDataElements, "BHT", 2, 7, 0, ""},
        Case{"ComponentMissing", "SV1*HC:99212*60~", "SV1*HC*60~",
             DiagCode::kRequiredElementMissing, "SV1", 11, 1, 2, "2000B"},
        Case{"ComponentBadCode", "SV1*HC:99212*60~", "SV1*XX:99212*60~", DiagCode::kInvalidCode,
             "SV1", 11, 1, 1, "2000B"},
        Case{"TooManyComponents", "SV1*HC:99212*60~", "SV1*HC:99212:25:59*60~",
             DiagCode::kTooManyComponents, "SV1", 11, 1, 4, "2000B"},
        Case{"SimpleElementWithComponents", "SV1*HC:99212*60~", "SV1*HC:99212*60:1~",
             DiagCode::kTooManyComponents, "SV1", 11, 2, 0, "2000B"},
        Case{"TooManyRepetitions", "*125*1:2^3~", "*125*1:2^3^4~", DiagCode::kTooManyRepetitions,
             "SV1", 8, 3, 0, "2000B"},
        // Syntax notes.
        Case{"PairedOnlyOne", "*1250*1.5~", "*1250~", DiagCode::kConditionalMissing, "BHT", 2, 5, 0,
             ""},
        Case{"RequiredNone", "REF*EI*ABC~", "REF*EI~", DiagCode::kConditionalMissing, "REF", 3, 2,
             0, ""},
        Case{"ExclusionBoth", "REF*EI*ABC~", "REF*EI*ABC*DEF~", DiagCode::kExclusionViolated, "REF",
             3, 3, 0, ""},
        Case{"ConditionalMissing", "PER*IC*OFFICE*TE*5555550100~", "PER*IC*OFFICE*TE~",
             DiagCode::kConditionalMissing, "PER", 5, 4, 0, "1000"},
        Case{"ListConditionalMissing", "PER*IC*OFFICE*TE*5555550100~", "PER*IC*OFFICE~",
             DiagCode::kConditionalMissing, "PER", 5, 3, 0, "1000"}),
    [](const ::testing::TestParamInfo<Case>& p) { return std::string(p.param.name); });

TEST(TransactionValidator, KeepsOnlyTheCurrentPathForLargeSets) {
  std::string body = "ST*TST*0001~BHT*0019*20260115~REF*EI*A~NM1*41*S~HL*1**20*1~";
  for (int i = 2; i < 5002; ++i) {
    body += "HL*" + std::to_string(i) + "*1*22*0~SV1*HC:99212*60~";
  }
  body += "SE*10006*0001~";
  auto findings = Validate(body);
  for (const auto& d : findings) ADD_FAILURE() << DiagCodeName(d.code) << ": " << d.message;
}

}  // namespace
}  // namespace edi
