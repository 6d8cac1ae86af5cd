// The built-in 835, 277CA (X214), 277 and 276 (X212) schemas: how the registry tells the two
// 277 guides apart, the loop structure each guide defines, and the validator run with each real
// schema over small synthetic sets: a clean set has no finding, and one broken rule at a time is
// found where it is.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "edi/ack.hpp"
#include "edi/schema.hpp"
#include "edi/segment_reader.hpp"
#include "edi/validator.hpp"
#include "edi/x12_validator.hpp"

namespace edi {
namespace {

using schema::LoopDef;
using schema::SchemaRegistry;
using schema::TransactionSchema;

const SchemaRegistry& Registry() {
  static auto registry = SchemaRegistry::LoadBuiltIn();
  if (!registry) ADD_FAILURE() << registry.error().message;
  return **registry;
}

const LoopDef* ChildLoop(const LoopDef& parent, const std::string& id) {
  for (const schema::Node& n : parent.children) {
    if (n.is_loop() && n.loop->id == id) return n.loop.get();
  }
  return nullptr;
}

// The loop reached from the root through `path` (loop ids), or nullptr.
const LoopDef* LoopAt(const TransactionSchema& s, const std::vector<std::string>& path) {
  const LoopDef* at = &s.root;
  for (const std::string& id : path) {
    if (at == nullptr) return nullptr;
    at = ChildLoop(*at, id);
  }
  return at;
}

std::size_t SegmentsIn(const LoopDef& loop) {
  std::size_t n = 0;
  for (const schema::Node& c : loop.children) n += c.is_loop() ? SegmentsIn(*c.loop) : 1;
  return n;
}

TEST(RemitStatusSchemas, TheTwo277GuidesAreToldApartByVersion) {
  bool exact = false;
  const TransactionSchema* status = Registry().Find("277", "005010X212", &exact);
  ASSERT_NE(status, nullptr);
  EXPECT_TRUE(exact);
  EXPECT_EQ(status->name, "Health Care Claim Status Response");
  const TransactionSchema* ack = Registry().Find("277", "005010X214", &exact);
  ASSERT_NE(ack, nullptr);
  EXPECT_TRUE(exact);
  EXPECT_EQ(ack->name, "Health Care Claim Acknowledgment");
  EXPECT_NE(status, ack);
  const TransactionSchema* request = Registry().Find("276", "005010X212", &exact);
  ASSERT_NE(request, nullptr);
  EXPECT_EQ(request->id, "276");
  EXPECT_EQ(Registry().Find("276", "005010X214"), nullptr);
  EXPECT_EQ(Registry().Find("277", "005010X221A1"), nullptr);
}

TEST(RemitStatusSchemas, The835BaseGuideIsReadWithTheErrataSchema) {
  bool exact = true;
  const TransactionSchema* s = Registry().Find("835", "005010X221", &exact);
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(exact);
  EXPECT_EQ(s->guide, "005010X221A1");
}

TEST(RemitStatusSchemas, The835HasPaymentPartiesClaimsLinesAndTrailerAdjustments) {
  const TransactionSchema* s = Registry().Find("835", "005010X221A1");
  ASSERT_NE(s, nullptr);
  std::vector<std::string> top;
  for (const schema::Node& n : s->root.children) {
    top.push_back(n.is_loop() ? n.loop->id : n.segment->id);
  }
  EXPECT_EQ(top, (std::vector<std::string>{"ST", "BPR", "TRN", "CUR", "REF", "REF", "DTM", "1000A",
                                           "1000B", "2000", "PLB", "SE"}));
  const LoopDef* claim = LoopAt(*s, {"2000", "2100"});
  ASSERT_NE(claim, nullptr);
  EXPECT_EQ(claim->trigger().id, "CLP");
  EXPECT_EQ(claim->usage, schema::Usage::kRequired);
  EXPECT_EQ(claim->max_repeat, 0u);
  const LoopDef* line = LoopAt(*s, {"2000", "2100", "2110"});
  ASSERT_NE(line, nullptr);
  EXPECT_EQ(line->trigger().id, "SVC");
  EXPECT_EQ(line->max_repeat, 999u);
  const schema::SegmentDef& plb = *s->root.children[10].segment;
  EXPECT_EQ(plb.max_use, 0u);
  EXPECT_TRUE(plb.Element(3)->components[0].HasCode("WO"));
  EXPECT_EQ(s->segment_count(), 53u);
}

TEST(RemitStatusSchemas, StatusGuidesNestTheirHierarchicalLevels) {
  const TransactionSchema* ack = Registry().Find("277", "005010X214");
  ASSERT_NE(ack, nullptr);
  const LoopDef* patient = LoopAt(*ack, {"2000A", "2000B", "2000C", "2000D"});
  ASSERT_NE(patient, nullptr);
  EXPECT_EQ(patient->hl_level, "PT");
  ASSERT_NE(ChildLoop(*patient, "2200D"), nullptr);
  EXPECT_NE(ChildLoop(*ChildLoop(*patient, "2200D"), "2220D"), nullptr);

  for (const char* set : {"276", "277"}) {
    const TransactionSchema* s = Registry().Find(set, "005010X212");
    ASSERT_NE(s, nullptr) << set;
    const LoopDef* subscriber = LoopAt(*s, {"2000A", "2000B", "2000C", "2000D"});
    ASSERT_NE(subscriber, nullptr) << set;
    EXPECT_EQ(subscriber->hl_level, "22");
    const LoopDef* dependent = ChildLoop(*subscriber, "2000E");
    ASSERT_NE(dependent, nullptr) << set;
    EXPECT_EQ(dependent->hl_level, "23");
    // The claim loop is defined for the subscriber and for the dependent, alike.
    const LoopDef* claim_d = ChildLoop(*subscriber, "2200D");
    const LoopDef* claim_e = ChildLoop(*dependent, "2200E");
    ASSERT_NE(claim_d, nullptr) << set;
    ASSERT_NE(claim_e, nullptr) << set;
    EXPECT_EQ(claim_d->trigger().id, "TRN");
    EXPECT_EQ(SegmentsIn(*claim_d), SegmentsIn(*claim_e)) << set;
  }
}

// ---- the validator with the real schemas ------------------------------------------------------

// Synthetic sets (no real people or payers), each clean against its guide.
constexpr char k835[] =
    "ST*835*0001~"
    "BPR*I*150*C*CHK************20260110~"
    "TRN*1*CHK10001*1512345678~"
    "REF*EV*RECEIVER01~"
    "DTM*405*20260109~"
    "N1*PR*EXAMPLE HEALTH PLAN~"
    "N3*100 MAIN STREET~"
    "N4*ANYTOWN*PA*17000~"
    "PER*BL*EDI SUPPORT*TE*8005550100~"
    "N1*PE*EXAMPLE CLINIC*XX*1234567893~"
    "LX*1~"
    "CLP*CLAIM0001*1*200*150*20*12*PAYERCTL0001~"
    "CAS*PR*2*20~"
    "NM1*QC*1*PATIENT*TEST****MI*MEMBER0001~"
    "NM1*82*1*PROVIDER*TEST****XX*1234567893~"
    "DTM*232*20260101~"
    "DTM*233*20260101~"
    "SVC*HC:99213*200*150**1~"
    "DTM*472*20260101~"
    "CAS*CO*45*30~"
    "REF*6R*LINE0001~"
    "AMT*B6*170~"
    "LQ*HE*M80~"
    "PLB*1234567893*20261231*L6:CLAIM0001*-5~"
    "SE*25*0001~";

constexpr char k277CA[] =
    "ST*277*0001*005010X214~"
    "BHT*0085*08*BATCH0001*20260110*1200*TH~"
    "HL*1**20*1~"
    "NM1*PR*2*EXAMPLE HEALTH PLAN*****PI*PAYER01~"
    "TRN*1*RECEIPT0001~"
    "DTP*050*D8*20260110~"
    "DTP*009*D8*20260110~"
    "HL*2*1*21*1~"
    "NM1*41*2*EXAMPLE CLEARINGHOUSE*****46*SUBMIT01~"
    "TRN*2*BATCH0001~"
    "STC*A1:19*20260110*WQ*200~"
    "QTY*90*1~"
    "AMT*YU*200~"
    "HL*3*2*19*1~"
    "NM1*85*2*EXAMPLE CLINIC*****XX*1234567893~"
    "TRN*1*PROV0001~"
    "STC*A1:19:85**WQ*200~"
    "QTY*QA*1~"
    "AMT*YU*200~"
    "HL*4*3*PT~"
    "NM1*QC*1*PATIENT*TEST****MI*MEMBER0001~"
    "TRN*2*CLAIM0001~"
    "STC*A2:20*20260110*WQ*200~"
    "REF*1K*PAYERCTL0001~"
    "DTP*472*D8*20260101~"
    "SE*26*0001~";

constexpr char k277[] =
    "ST*277*0001*005010X212~"
    "BHT*0010*08*INQ0001*20260110*1200*DG~"
    "HL*1**20*1~"
    "NM1*PR*2*EXAMPLE HEALTH PLAN*****PI*PAYER01~"
    "HL*2*1*21*1~"
    "NM1*41*2*EXAMPLE CLEARINGHOUSE*****46*SUBMIT01~"
    "HL*3*2*19*1~"
    "NM1*1P*2*EXAMPLE CLINIC*****XX*1234567893~"
    "HL*4*3*22*1~"
    "NM1*IL*1*SUBSCRIBER*TEST****MI*MEMBER0001~"
    "HL*5*4*23~"
    "NM1*QC*1*DEPENDENT*TEST~"
    "TRN*2*TRACE0001~"
    "STC*F1:65*20260110**200*150*20260109**20260110*CHECK0001~"
    "REF*1K*PAYERCTL0001~"
    "REF*EJ*CLAIM0001~"
    "SVC*HC:99213*200*150****1~"
    "STC*F1:65*20260110~"
    "DTP*472*D8*20260101~"
    "SE*20*0001~";

constexpr char k276[] =
    "ST*276*0001*005010X212~"
    "BHT*0010*13*INQ0001*20260110*1200~"
    "HL*1**20*1~"
    "NM1*PR*2*EXAMPLE HEALTH PLAN*****PI*PAYER01~"
    "HL*2*1*21*1~"
    "NM1*41*2*EXAMPLE CLEARINGHOUSE*****46*SUBMIT01~"
    "HL*3*2*19*1~"
    "NM1*1P*2*EXAMPLE CLINIC*****XX*1234567893~"
    "HL*4*3*22*0~"
    "DMG*D8*19800101*F~"
    "NM1*IL*1*SUBSCRIBER*TEST****MI*MEMBER0001~"
    "TRN*1*TRACE0001~"
    "REF*EJ*CLAIM0001~"
    "AMT*T3*200~"
    "DTP*472*D8*20260101~"
    "SE*16*0001~";

std::vector<Diagnostic> Validate(const char* set, const char* version, const std::string& body) {
  const TransactionSchema* schema = Registry().Find(std::string(body.substr(3, 3)), version);
  EXPECT_NE(schema, nullptr) << set;
  if (schema == nullptr) return {};
  std::string in =
      "ISA*00*          *00*          *ZZ*A              *ZZ*B              *260115*0930*^*00501*"
      "000000001*0*T*:~GS*HN*A*B*20260115*0930*1*X*" +
      std::string(version) + "~" + body + "GE*1*1~IEA*1*000000001~";
  DiagnosticList list;
  SegmentReader reader(in, list);
  TransactionValidator validator(*schema, list);
  Segment s;
  std::uint64_t in_set = 0;
  while (reader.Next(&s)) {
    if (s.Is("ISA") || s.Is("GS") || s.Is("GE") || s.Is("IEA")) continue;
    validator.Add(s, ++in_set);
    if (s.Is("SE")) validator.Finish();
  }
  return list.items();
}

struct SetCase {
  const char* set;
  const char* version;
  const char* body;
};

void PrintTo(const SetCase& c, std::ostream* os) { *os << c.set; }

class CleanSet : public ::testing::TestWithParam<SetCase> {};

std::string SetName(const ::testing::TestParamInfo<SetCase>& p) {
  return std::string("Set") + p.param.set;
}

TEST_P(CleanSet, HasNoFindings) {
  const SetCase& c = GetParam();
  for (const auto& d : Validate(c.set, c.version, c.body)) {
    ADD_FAILURE() << c.set << ": " << DiagCodeName(d.code) << " " << d.segment_id << "#"
                  << d.pos.segment_in_set << ": " << d.message;
  }
}

// The 835 guide marks ST03 not used and payers leave it out; a payer that fills it is still
// read: a warning at ST03, no error, and the 999 accepts the set.
TEST(RemitStatusSchemas, The835ReadsAnST03WithAWarningOnly) {
  std::string body = k835;
  body.replace(0, std::string_view("ST*835*0001~").size(), "ST*835*0001*005010X221A1~");
  auto findings = Validate("835", "005010X221A1", body);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, DiagCode::kElementNotUsed);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[0].segment_id, "ST");
  EXPECT_EQ(findings[0].pos.element, 3u);
  EXPECT_EQ(findings[0].value, "005010X221A1");

  // Through the whole validator (envelope + guide) and the 999 built from its findings.
  std::string in =
      "ISA*00*          *00*          *ZZ*A              *ZZ*B              *260115*0930*^*00501*"
      "000000001*0*T*:~GS*HP*A*B*20260115*0930*1*X*005010X221A1~" +
      body + "GE*1*1~IEA*1*000000001~";
  DiagnosticList list;
  SegmentReader reader(in, list);
  X12Validator validator(&Registry(), list);
  Segment s;
  while (reader.Next(&s)) validator.Add(s, reader.header());
  validator.Finish();
  EXPECT_EQ(list.errors(), 0u);
  EXPECT_EQ(list.warnings(), 1u);
  auto acks = DecideGroupAcks(validator.envelope().interchanges().at(0), reader.segments_read() + 1,
                              list.items());
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].code, 'A');
  ASSERT_EQ(acks[0].sets.size(), 1u);
  EXPECT_EQ(acks[0].sets[0].code, 'A');
}

INSTANTIATE_TEST_SUITE_P(RemitStatusSchemas, CleanSet,
                         ::testing::Values(SetCase{"835", "005010X221A1", k835},
                                           SetCase{"277CA", "005010X214", k277CA},
                                           SetCase{"277", "005010X212", k277},
                                           SetCase{"276", "005010X212", k276}),
                         SetName);

struct Case {
  const char* name;
  SetCase set;
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

class BrokenRule : public ::testing::TestWithParam<Case> {};

std::string CaseName(const ::testing::TestParamInfo<Case>& p) { return p.param.name; }

TEST_P(BrokenRule, IsFoundWhereItIs) {
  const Case& c = GetParam();
  std::string body = c.set.body;
  auto at = body.find(c.from);
  ASSERT_NE(at, std::string::npos) << c.from;
  body.replace(at, std::string_view(c.from).size(), c.to);
  std::string all;
  const Diagnostic* hit = nullptr;
  auto findings = Validate(c.set.set, c.set.version, body);
  for (const auto& d : findings) {
    all += std::string(DiagCodeName(d.code)) + " " + d.segment_id + "#" +
           std::to_string(d.pos.segment_in_set) + "-" + std::to_string(d.pos.element) + " " +
           d.loop + ": " + d.message + "\n";
    if (d.code == c.code && hit == nullptr) hit = &d;
  }
  ASSERT_NE(hit, nullptr) << "expected " << DiagCodeName(c.code) << ", got:\n" << all;
  EXPECT_EQ(hit->segment_id, c.segment) << all;
  EXPECT_EQ(hit->pos.segment_in_set, c.in_set) << all;
  EXPECT_EQ(hit->pos.element, c.element) << all;
  EXPECT_EQ(hit->pos.component, c.component) << all;
  EXPECT_EQ(hit->loop, c.loop) << all;
}

const SetCase kS835{"835", "005010X221A1", k835};
const SetCase kS277CA{"277CA", "005010X214", k277CA};
const SetCase kS277{"277", "005010X212", k277};
const SetCase kS276{"276", "005010X212", k276};

INSTANTIATE_TEST_SUITE_P(
    RemitStatusSchemas, BrokenRule,
    ::testing::Values(
        Case{"ClaimStatusCode", kS835, "CLP*CLAIM0001*1*", "CLP*CLAIM0001*9*",
             DiagCode::kInvalidCode, "CLP", 12, 2, 0, "2100"},
        Case{"PayerTechnicalContactMissing", kS835, "PER*BL*EDI SUPPORT*TE*8005550100~", "",
             DiagCode::kSegmentMissing, "PER", 9, 0, 0, "1000A"},
        Case{"PatientNameMissing", kS835, "NM1*QC*1*PATIENT*TEST****MI*MEMBER0001~", "",
             DiagCode::kSegmentMissing, "NM1", 14, 0, 0, "2100"},
        Case{"ServiceQualifier", kS835, "SVC*HC:99213", "SVC*ZZ:99213", DiagCode::kInvalidCode,
             "SVC", 18, 1, 1, "2110"},
        Case{"AdjustmentTripleIncomplete", kS835, "CAS*CO*45*30~", "CAS*CO*45*30**94~",
             DiagCode::kConditionalMissing, "CAS", 20, 6, 0, "2110"},
        Case{"RemarkQualifier", kS835, "LQ*HE*M80", "LQ*XX*M80", DiagCode::kInvalidCode, "LQ", 23,
             1, 0, "2110"},
        Case{"ProviderAdjustmentUnpaired", kS835, "*L6:CLAIM0001*-5~", "*L6:CLAIM0001*-5*WO~",
             DiagCode::kConditionalMissing, "PLB", 24, 6, 0, ""},
        Case{"FourOhOneZeroTotalInTs3", kS835, "LX*1~",
             "LX*1~TS3*1234567893*11*20261231*1*200****150~", DiagCode::kElementNotUsed, "TS3", 12,
             9, 0, "2000"},
        Case{"PatientParentUnknown", kS277CA, "HL*4*3*PT~", "HL*4*9*PT~", DiagCode::kHierarchy,
             "HL", 20, 2, 0, "2000D"},
        Case{"ClaimActionCode", kS277CA, "STC*A2:20*20260110*WQ*", "STC*A2:20*20260110*XX*",
             DiagCode::kInvalidCode, "STC", 23, 3, 0, "2200D"},
        Case{"ProcessDateMissing", kS277CA, "DTP*009*D8*20260110~", "", DiagCode::kSegmentMissing,
             "DTP", 7, 0, 0, "2200A"},
        Case{"ProviderStatusDated", kS277CA, "STC*A1:19:85**WQ*", "STC*A1:19:85*20260110*WQ*",
             DiagCode::kElementNotUsed, "STC", 17, 2, 0, "2200C"},
        Case{"DependentIdentified", kS277, "NM1*QC*1*DEPENDENT*TEST~",
             "NM1*QC*1*DEPENDENT*TEST****MI*X1~", DiagCode::kElementNotUsed, "NM1", 12, 8, 0,
             "2100E"},
        Case{"ActionCodeInAStatusResponse", kS277, "STC*F1:65*20260110**200",
             "STC*F1:65*20260110*WQ*200", DiagCode::kElementNotUsed, "STC", 14, 3, 0, "2200E"},
        Case{"SubscriberGender", kS276, "DMG*D8*19800101*F~", "DMG*D8*19800101*X~",
             DiagCode::kInvalidCode, "DMG", 10, 3, 0, "2000D"},
        Case{"RequestTraceType", kS276, "TRN*1*TRACE0001~", "TRN*2*TRACE0001~",
             DiagCode::kSegmentUnexpected, "TRN", 12, 0, 0, "2100D"}),
    CaseName);

}  // namespace
}  // namespace edi
