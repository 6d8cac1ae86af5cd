#include "src/core/encounter_json.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <set>
#include <string>
#include <vector>

#include "edi/hipaa/claim_builder.hpp"
#include "edi/hipaa/encounter_edits.hpp"
#include "tests/core/example_837_sets.hpp"
#include "tests/hipaa/claim_test_util.hpp"

namespace claimgate::core {
namespace {

namespace hipaa = edi::hipaa;

std::string ReadExample(const std::string& name) {
  std::ifstream in(std::string(CLAIMGATE_SOURCE_DIR) + "/docs/examples/" + name + ".json");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Describe(const std::vector<hipaa::EncounterFinding>& findings) {
  std::string s;
  for (const auto& f : findings) s += hipaa::FormatFinding(f, true) + "\n";
  return s;
}

// Parse, edit and build as `claimgate claim build` does (ISA13 1, GS06 1).
std::string BuildExample(const std::string& name) {
  std::string text = ReadExample(name);
  EXPECT_FALSE(text.empty()) << name;
  EncounterParse parse = ParseEncounterJson(text);
  EXPECT_EQ(parse.findings.size(), 0u) << Describe(parse.findings);
  std::vector<hipaa::EncounterFinding> findings;
  hipaa::EditOptions options;
  options.today = hipaa::testing::kToday;
  for (const auto& e : parse.encounters) hipaa::CheckEncounter(e, options, &findings);
  EXPECT_EQ(findings.size(), 0u) << name << "\n" << Describe(findings);
  hipaa::BuildOptions build = hipaa::testing::TestBuildOptions();
  build.interchange.control_number = 1;
  build.group_control_number = 1;
  auto x12 = hipaa::BuildInterchange(parse.encounters, build);
  EXPECT_TRUE(x12.has_value()) << name;
  return x12 ? *x12 : std::string();
}

TEST(EncounterJson, EveryExampleBuildsTheExpectedTransactionSetSegmentBySegment) {
  for (const auto& [name, want] : testing::ExpectedSets()) {
    SCOPED_TRACE(name);
    std::string x12 = BuildExample(name);
    EXPECT_EQ(hipaa::testing::SetSegments(x12), want);
  }
}

TEST(EncounterJson, EveryExampleValidatesCleanInClaimgatesOwnValidator) {
  for (const auto& [name, want] : testing::ExpectedSets()) {
    SCOPED_TRACE(name);
    std::string guide = want.front().substr(want.front().rfind('*') + 1);
    ASSERT_TRUE(hipaa::testing::HasSchema(guide)) << guide << " has no built-in schema";
    EXPECT_EQ(hipaa::testing::ValidationProblems(BuildExample(name)), std::vector<std::string>());
  }
}

TEST(EncounterJson, ReadsTheSimpleExampleIntoTheModelFieldByField) {
  EncounterParse parse = ParseEncounterJson(ReadExample("837p-simple"));
  ASSERT_EQ(parse.encounters.size(), 1u);
  EXPECT_FALSE(parse.array);
  const hipaa::Encounter& e = parse.encounters[0];
  EXPECT_EQ(e.type, hipaa::ClaimType::kProfessional);
  EXPECT_EQ(e.payer_id, "SYNPAYER01");
  EXPECT_EQ(e.billing.employer_id, "12-3456789");
  EXPECT_EQ(e.billing.address.postal_code, "787010001");
  EXPECT_EQ(e.subscriber.group_number, "GRP100");
  EXPECT_EQ(e.claim.charge_cents, 14500);
  EXPECT_TRUE(e.claim.has_charge);
  EXPECT_EQ(e.claim.prior_authorization_number, "AUTH5555");
  ASSERT_EQ(e.claim.diagnoses.size(), 2u);
  EXPECT_EQ(e.claim.diagnoses[0].qualifier, "ABK");
  EXPECT_EQ(e.claim.diagnoses[0].system, hipaa::CodingSystem::kIcd10Cm);
  ASSERT_EQ(e.claim.service_lines.size(), 2u);
  const hipaa::ServiceLine& l = e.claim.service_lines[0];
  EXPECT_EQ(l.procedure.value, "99213");
  EXPECT_EQ(l.procedure.system, hipaa::CodingSystem::kCpt);
  EXPECT_EQ(l.modifiers, std::vector<std::string>{"25"});
  EXPECT_EQ(l.charge_cents, 12000);
  EXPECT_EQ(l.diagnosis_pointers, (std::vector<int>{1, 2}));
  EXPECT_EQ(l.control_number, "LINE0001");
  EXPECT_EQ(e.rendering.npi, "1987654328");
}

TEST(EncounterJson, ReportsATypeErrorWithItsJsonPath) {
  std::string text = ReadExample("837p-simple");
  std::string from = "\"lineItemChargeAmount\": \"25.00\"";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "\"lineItemChargeAmount\": 25");
  EncounterParse parse = ParseEncounterJson(text);
  ASSERT_EQ(parse.findings.size(), 1u) << Describe(parse.findings);
  EXPECT_EQ(parse.findings[0].path,
            "claimInformation.serviceLines[1].professionalService.lineItemChargeAmount");
  EXPECT_EQ(parse.findings[0].code, "json_type");
  EXPECT_EQ(parse.findings[0].message,
            "expected a decimal string like \"120.00\", found a number.");
}

TEST(EncounterJson, RejectsMalformedAmounts) {
  for (const char* bad : {"12.345", "1,000.00", "", "12.", ".5", "abc", "--1"}) {
    std::string text = ReadExample("837p-simple");
    std::string from = "\"claimChargeAmount\": \"145.00\"";
    text.replace(text.find(from), from.size(),
                 std::string("\"claimChargeAmount\": \"") + bad + "\"");
    EncounterParse parse = ParseEncounterJson(text);
    ASSERT_EQ(parse.findings.size(), 1u) << bad;
    EXPECT_EQ(parse.findings[0].path, "claimInformation.claimChargeAmount") << bad;
    EXPECT_EQ(parse.findings[0].message, "expected a decimal string like \"120.00\".") << bad;
    EXPECT_EQ(parse.findings[0].value, bad);
  }
  for (auto [text, cents] : {std::pair<const char*, std::int64_t>{"145", 14500},
                             {"145.5", 14550},
                             {"0.05", 5},
                             {"145.00", 14500}}) {
    std::string json = ReadExample("837p-simple");
    std::string from = "\"claimChargeAmount\": \"145.00\"";
    json.replace(json.find(from), from.size(),
                 std::string("\"claimChargeAmount\": \"") + text + "\"");
    EncounterParse parse = ParseEncounterJson(json);
    ASSERT_EQ(parse.encounters.size(), 1u);
    EXPECT_EQ(parse.encounters[0].claim.charge_cents, cents) << text;
  }
}

TEST(EncounterJson, ReportsUnknownFieldsAndWrongServiceObjects) {
  EncounterParse parse = ParseEncounterJson(R"({
    "claimType": "professional",
    "subscriber": {"memberID": "X"},
    "claimInformation": {"serviceLines": [{"dentalService": {}}], "codeSystem": 1}
  })");
  std::vector<std::string> got;
  for (const auto& f : parse.findings) got.push_back(f.path + " " + f.code);
  EXPECT_EQ(got,
            (std::vector<std::string>{
                "subscriber.memberID unknown_field", "claimInformation.codeSystem unknown_field",
                "claimInformation.serviceLines[0].dentalService wrong_claim_type",
                "claimInformation.serviceLines[0].professionalService required"}));
}

TEST(EncounterJson, ReadsAnArrayAndPrefixesPathsWithTheIndex) {
  std::string one = ReadExample("837p-simple");
  std::string two = ReadExample("837i-inpatient");
  std::string from = "\"npi\": \"1777888995\"";
  two.replace(two.find(from), from.size(), "\"npi\": \"1777888990\"");
  EncounterParse parse = ParseEncounterJson("[" + one + "," + two + ", 7]");
  EXPECT_TRUE(parse.array);
  ASSERT_EQ(parse.encounters.size(), 3u);
  EXPECT_EQ(parse.encounters[1].type, hipaa::ClaimType::kInstitutional);
  ASSERT_EQ(parse.findings.size(), 1u) << Describe(parse.findings);
  EXPECT_EQ(parse.findings[0].path, "[2]");
  EXPECT_EQ(parse.findings[0].code, "json_type");
  std::vector<hipaa::EncounterFinding> edits;
  hipaa::EditOptions options;
  options.today = hipaa::testing::kToday;
  options.path_prefix = EncounterPathPrefix(parse, 1);
  hipaa::CheckEncounter(parse.encounters[1], options, &edits);
  ASSERT_EQ(edits.size(), 1u) << Describe(edits);
  EXPECT_EQ(edits[0].path, "[1].billing.npi");
  EXPECT_EQ(edits[0].code, "invalid_npi");
}

// A hostile batch (the security review sent one encounter with 200,000 service lines, 58 MB,
// and the tree built from it held 1.26 GB) is measured before any tree is built and refused at
// the item that breaks a limit; the other items are still read.
TEST(EncounterJson, AListLongerThanAnyClaimHasIsRefusedBeforeATreeIsBuilt) {
  auto with_lines = [](int n) {
    std::string lines;
    for (int i = 0; i < n; ++i) {
      lines += std::string(i ? "," : "") + R"({"professionalService":{"procedureCode":"99213"}})";
    }
    return R"({"claimInformation":{"serviceLines":[)" + lines + "]}}";
  };
  const std::string huge = with_lines(200000);  // 10 MB: over the size of one encounter
  const std::string many = with_lines(1001);    // small, but more lines than any claim has
  EncounterParse parse = ParseEncounterJson(
      "[{\"claimType\":\"professional\"}," + huge + "," + many + "]");
  ASSERT_TRUE(parse.array);
  ASSERT_EQ(parse.encounters.size(), 3u);
  std::set<std::string> refused;
  for (const auto& f : parse.findings) {
    if (f.code == "too_large" || f.code == "too_many_items") refused.insert(f.path + " " + f.code);
  }
  EXPECT_EQ(refused, (std::set<std::string>{"[1] too_large", "[2] too_many_items"}));
  parse = ParseEncounterJson(many);
  ASSERT_EQ(parse.findings.size(), 1u);
  EXPECT_EQ(parse.findings[0].code, "too_many_items");
  EXPECT_TRUE(parse.encounters.empty());
  EXPECT_TRUE(ParseEncounterJson(with_lines(999)).findings.size() == 0 ||
              ParseEncounterJson(with_lines(999)).findings[0].code != "too_many_items");
  // The batch's own length is bounded by the caller's limit.
  parse = ParseEncounterJson("[{},{},{}]", 2);
  ASSERT_EQ(parse.findings.size(), 1u);
  EXPECT_EQ(parse.findings[0].code, "too_many_items");
  EXPECT_EQ(parse.array_items, 3u);
  EXPECT_TRUE(parse.encounters.empty());
}

// Which of two values would win is parser-dependent: the encounter is refused, naming the key.
TEST(EncounterJson, ADuplicateKeyIsRefusedAtItsPath) {
  EncounterParse parse = ParseEncounterJson(
      R"({"claimType": "professional", "billing": {"npi": "1234567893", "npi": "1999999984"}})");
  ASSERT_EQ(parse.findings.size(), 1u);
  EXPECT_EQ(parse.findings[0].code, "duplicate_key");
  EXPECT_EQ(parse.findings[0].path, "billing.npi");
  EXPECT_TRUE(parse.encounters.empty());
}

TEST(EncounterJson, ReportsSyntaxErrorsWithTheByteAndNeverThrows) {
  EncounterParse parse = ParseEncounterJson("{\"claimType\": \"professional\",, }");
  ASSERT_EQ(parse.findings.size(), 1u);
  EXPECT_EQ(parse.findings[0].code, "json_syntax");
  EXPECT_EQ(parse.findings[0].message, "The input is not valid JSON (error near byte 30).");
  EXPECT_TRUE(parse.encounters.empty());
  std::string deep(10000, '[');
  parse = ParseEncounterJson(deep);
  ASSERT_EQ(parse.findings.size(), 1u);
  EXPECT_EQ(parse.findings[0].code, "too_deep");
  parse = ParseEncounterJson("\"just a string\"");
  ASSERT_EQ(parse.findings.size(), 1u);
  EXPECT_EQ(parse.findings[0].code, "json_type");
}

TEST(EncounterJson, EveryTruncationOfAnExampleIsAFindingNotACrash) {
  std::string text = ReadExample("837p-secondary");
  for (std::size_t n = 0; n + 1 < text.size(); n += 7) {
    EncounterParse parse = ParseEncounterJson(std::string_view(text).substr(0, n));
    EXPECT_FALSE(parse.findings.empty()) << n;
  }
}

TEST(EncounterJson, ReadsCodeSystemsAndRejectsUnknownOnes) {
  EncounterParse parse = ParseEncounterJson(R"({"claimInformation": {
    "healthCareCodeInformation": [{"diagnosisCode": "4019", "codeSystem": "icd-9"},
                                  {"diagnosisCode": "E119", "codeSystem": "SNOMED"}]}})");
  ASSERT_EQ(parse.encounters.size(), 1u);
  ASSERT_EQ(parse.encounters[0].claim.diagnoses.size(), 2u);
  EXPECT_EQ(parse.encounters[0].claim.diagnoses[0].system, hipaa::CodingSystem::kIcd9Cm);
  ASSERT_EQ(parse.findings.size(), 1u);
  EXPECT_EQ(parse.findings[0].path, "claimInformation.healthCareCodeInformation[1].codeSystem");
  EXPECT_EQ(parse.findings[0].code, "invalid_code_system");
  EXPECT_EQ(parse.findings[0].value, "SNOMED");
}

TEST(EncounterJson, InfersTheClaimTypeFromTheServiceObjects) {
  EncounterParse parse = ParseEncounterJson(ReadExample("837d-dental"));
  ASSERT_EQ(parse.encounters.size(), 1u);
  const hipaa::Encounter& e = parse.encounters[0];
  EXPECT_EQ(e.type, hipaa::ClaimType::kDental);
  ASSERT_EQ(e.claim.service_lines.size(), 3u);
  ASSERT_EQ(e.claim.service_lines[1].teeth.size(), 1u);
  EXPECT_EQ(e.claim.service_lines[1].teeth[0].number, "30");
  EXPECT_EQ(e.claim.service_lines[1].teeth[0].surfaces, (std::vector<std::string>{"M", "O"}));
  EXPECT_EQ(e.claim.service_lines[2].oral_cavity_areas, std::vector<std::string>{"10"});
  std::string text = ReadExample("837i-outpatient");
  text.erase(text.find("\"claimType\": \"institutional\","), 30);
  parse = ParseEncounterJson(text);
  ASSERT_EQ(parse.findings.size(), 0u) << Describe(parse.findings);
  EXPECT_EQ(parse.encounters[0].type, hipaa::ClaimType::kInstitutional);
}

}  // namespace
}  // namespace claimgate::core
