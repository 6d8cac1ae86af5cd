// Encounter JSON writing (WriteEncounterJson) and the example round trips of issue 4: every
// docs/examples encounter -> JSON -> model is the same model, and encounter -> 837 (builder) ->
// ClaimReader gives back the same model, field by field, once the original is put in the form an
// 837 can express (Expressible below lists each such difference).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "edi/hipaa/claim_builder.hpp"
#include "edi/hipaa/claim_reader.hpp"
#include "edi/segment_reader.hpp"
#include "src/core/encounter_json.hpp"
#include "tests/support/corpus_manifest.hpp"

namespace claimgate::core {
namespace {

namespace hipaa = edi::hipaa;
namespace fs = std::filesystem;

std::vector<fs::path> Examples() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(CLAIMGATE_SOURCE_DIR) / "docs/examples")) {
    if (e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<hipaa::Encounter> Load(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  EncounterParse parse = ParseEncounterJson(s.str());
  EXPECT_TRUE(parse.findings.empty()) << p;
  return parse.encounters;
}

// What an 837 written by the builder can say about `e`: codes without dots, their system taken
// from the X12 qualifier (and the qualifier itself not kept), HC/AD procedure qualifiers (CPT and
// HCPCS are both HC), an EIN without its dash, the claim charge always present, defaults the
// builder fills (submitter/receiver ids), and only the provider parts each loop carries.
hipaa::Encounter Expressible(hipaa::Encounter e, const hipaa::BuildOptions& options) {
  std::string_view dos = hipaa::FirstServiceDate(e);
  auto bare = [](std::string v) {
    std::string out;
    for (char c : v) {
      if (c != '.') out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
    }
    return out;
  };
  auto dx = [&](hipaa::Code& c) {
    if (!c.present()) return;
    c.system = hipaa::DiagnosisSystem(c, dos);
    c.qualifier.clear();
    c.value = bare(c.value);
  };
  auto px = [&](hipaa::Code& c) {
    if (!c.present()) return;
    c.system = hipaa::ProcedureSystem(c, dos);
    c.qualifier.clear();
    c.value = bare(c.value);
  };
  bool inst = e.type == hipaa::ClaimType::kInstitutional;
  hipaa::ClaimInformation& c = e.claim;
  for (hipaa::Code& d : c.diagnoses) dx(d);
  dx(c.principal_diagnosis);
  dx(c.admitting_diagnosis);
  c.admitting_diagnosis.poa.clear();
  for (hipaa::Code& d : c.other_diagnoses) dx(d);
  px(c.principal_procedure);
  for (hipaa::Code& p : c.other_procedures) px(p);
  if (!c.has_charge) {
    c.has_charge = true;
    c.charge_cents = 0;
    for (const auto& l : c.service_lines) c.charge_cents += l.charge_cents;
  }
  if (!c.statement_begin_date.empty() && c.statement_end_date.empty()) {
    c.statement_end_date = c.statement_begin_date;
  }
  // Free text: the builder writes the delimiters (default * : ^ ~) as spaces.
  auto text = [](std::string& v) {
    for (char& ch : v) {
      if (ch == '*' || ch == ':' || ch == '^' || ch == '~') ch = ' ';
    }
  };
  text(c.note);
  for (hipaa::ServiceLine& l : c.service_lines) text(l.note);
  if (inst) c.signature_indicator = "Y";  // CLM06 is not sent on an 837I; read as the default
  for (hipaa::ServiceLine& l : c.service_lines) {
    l.procedure.qualifier.clear();
    l.procedure.system = hipaa::CodingSystem::kUnspecified;
    if (l.place_of_service == c.place_of_service) l.place_of_service.clear();
    if (l.service_date_end == l.service_date) l.service_date_end.clear();
    if (inst) l.note.clear();
    if (e.type == hipaa::ClaimType::kDental) l.unit = "UN";
    hipaa::Provider r;
    r.npi = l.rendering.npi;
    r.organization_name = l.rendering.organization_name;
    r.last_name = l.rendering.last_name;
    r.first_name = l.rendering.first_name;
    r.middle_name = l.rendering.middle_name;
    r.suffix = l.rendering.suffix;
    if (!inst) r.taxonomy_code = l.rendering.taxonomy_code;
    l.rendering = r;
  }
  std::string ein;
  for (char ch : e.billing.employer_id) {
    if (ch != '-') ein.push_back(ch);
  }
  e.billing.employer_id = ein;
  if (!ein.empty()) e.billing.ssn.clear();
  // Providers other than billing: name, NPI and (where a PRV follows) the taxonomy.
  auto name_only = [](const hipaa::Provider& p, bool taxonomy) {
    hipaa::Provider r;
    r.npi = p.npi;
    r.organization_name = p.organization_name;
    if (p.organization_name.empty()) {
      r.last_name = p.last_name;
      r.first_name = p.first_name;
      r.middle_name = p.middle_name;
      r.suffix = p.suffix;
    }
    if (taxonomy) r.taxonomy_code = p.taxonomy_code;
    return r;
  };
  e.referring = name_only(e.referring, false);
  e.rendering = name_only(e.rendering, !inst);
  e.supervising = name_only(e.supervising, false);
  e.attending = name_only(e.attending, true);
  e.operating = name_only(e.operating, false);
  if (e.submitter.id.empty()) e.submitter.id = options.interchange.sender_id;
  if (e.receiver.id.empty()) e.receiver.id = e.payer_id;
  if (e.receiver.organization_name.empty()) e.receiver.organization_name = e.payer_name;
  if (e.has_dependent) e.dependent.member_id.clear();
  return e;
}

hipaa::BuildOptions Options() {
  hipaa::BuildOptions o;
  o.interchange.sender_id = "SENDER";
  o.interchange.receiver_id = "RECEIVER";
  o.interchange.control_number = 1;
  o.date = "20261127";
  o.time = "1200";
  return o;
}

TEST(EncounterJsonWrite, EveryExampleWritesJsonThatReadsBackToTheSameModel) {
  std::size_t n = 0;
  for (const fs::path& p : Examples()) {
    SCOPED_TRACE(p.filename().string());
    for (const hipaa::Encounter& e : Load(p)) {
      std::string json = WriteEncounterJson(e);
      EncounterParse again = ParseEncounterJson(json);
      ASSERT_TRUE(again.findings.empty()) << json;
      ASSERT_EQ(again.encounters.size(), 1u);
      EXPECT_EQ(WriteEncounterJson(again.encounters[0]), json);
      ++n;
    }
  }
  EXPECT_GE(n, 7u);
}

TEST(EncounterJsonWrite, WritesOnlyFieldsThatAreSetAndDefaultsOnlyWhenTheyDiffer) {
  hipaa::Encounter e;
  e.claim.patient_control_number = "PCN1";
  e.claim.signature_indicator = "N";
  std::string json = WriteEncounterJson(e, -1);
  EXPECT_EQ(json,
            R"({"claimType":"professional","claimInformation":{"patientControlNumber":"PCN1",)"
            R"("signatureIndicator":"N"}})");
  EncounterParse again = ParseEncounterJson(json);
  ASSERT_EQ(again.encounters.size(), 1u);
  EXPECT_EQ(again.encounters[0].claim.signature_indicator, "N");
  EXPECT_EQ(again.encounters[0].claim.frequency_code, "1");
}

TEST(EncounterJsonWrite, ArrayOfEncountersReadsBackAsAnArrayInOrder) {
  std::vector<hipaa::Encounter> all;
  for (const fs::path& p : Examples()) {
    for (hipaa::Encounter& e : Load(p)) all.push_back(std::move(e));
  }
  EncounterParse again = ParseEncounterJson(WriteEncounterJsonArray(all));
  ASSERT_TRUE(again.findings.empty());
  ASSERT_TRUE(again.array);
  ASSERT_EQ(again.encounters.size(), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(WriteEncounterJson(again.encounters[i]), WriteEncounterJson(all[i]));
  }
}

TEST(EncounterRoundTrip, EveryExampleBuildsAndParsesBackToTheSameModel) {
  static const auto registry = edi::schema::SchemaRegistry::LoadBuiltIn();
  ASSERT_TRUE(registry);
  std::size_t n = 0;
  for (const fs::path& p : Examples()) {
    SCOPED_TRACE(p.filename().string());
    std::vector<hipaa::Encounter> in = Load(p);
    ASSERT_FALSE(in.empty());
    auto built = hipaa::BuildInterchange(in, Options());
    ASSERT_TRUE(built.has_value());
    std::vector<hipaa::Encounter> out;
    edi::DiagnosticList findings;
    hipaa::ClaimReader reader(**registry, findings,
                              [&](hipaa::Encounter&& e) { out.push_back(std::move(e)); });
    edi::SegmentReader segments(*built, findings);
    edi::Segment s;
    while (segments.Next(&s)) reader.Add(s, segments.header());
    reader.Finish();
    EXPECT_TRUE(reader.unsupported().empty());
    EXPECT_EQ(findings.items().size(), 0u);
    ASSERT_EQ(out.size(), in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
      // The JSON writer writes every model field, so equal JSON is equal models.
      EXPECT_EQ(WriteEncounterJson(out[i]), WriteEncounterJson(Expressible(in[i], Options())));
      EXPECT_EQ(out[i].claim.patient_control_number, in[i].claim.patient_control_number);
      ++n;
    }
  }
  EXPECT_GE(n, 7u);
}

// `claim parse F | claim build -` in process: every claim record read from a corpus 837 written
// as encounter JSON and read back builds the same 837, byte for byte, as the record itself, so
// the JSON carries every field the reader fills.
TEST(EncounterRoundTrip, CorpusClaimsThroughJsonBuildTheSame837AsTheRecords) {
  static const auto registry = edi::schema::SchemaRegistry::LoadBuiltIn();
  ASSERT_TRUE(registry);
  std::vector<std::string> files = claimgate::testing::ValidCorpusClaimFiles(CLAIMGATE_CORPUS_DIR);
  ASSERT_GE(files.size(), 10u) << "corpus not found at " << CLAIMGATE_CORPUS_DIR;
  std::size_t claims = 0;
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    std::ifstream in(fs::path(CLAIMGATE_CORPUS_DIR) / file, std::ios::binary);
    std::string x12((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::vector<hipaa::Encounter>> sets;
    edi::DiagnosticList findings;
    hipaa::ClaimReader reader(**registry, findings,
                              [&](hipaa::Encounter&& e) { sets.back().push_back(std::move(e)); });
    edi::SegmentReader segments(x12, findings);
    edi::Segment s;
    while (segments.Next(&s)) {
      if (s.Is("ST")) sets.emplace_back();
      reader.Add(s, segments.header());
    }
    reader.Finish();
    for (const std::vector<hipaa::Encounter>& set : sets) {
      ASSERT_FALSE(set.empty());
      std::string json = WriteEncounterJsonArray(set);
      EncounterParse again = ParseEncounterJson(json);
      ASSERT_TRUE(again.findings.empty()) << again.findings.front().path << ": "
                                          << again.findings.front().message;
      ASSERT_EQ(again.encounters.size(), set.size());
      EXPECT_EQ(WriteEncounterJsonArray(again.encounters), json);
      auto direct = hipaa::BuildInterchange(set, Options());
      auto through_json = hipaa::BuildInterchange(again.encounters, Options());
      ASSERT_TRUE(direct.has_value());
      ASSERT_TRUE(through_json.has_value());
      EXPECT_EQ(*through_json, *direct);
      claims += set.size();
    }
  }
  EXPECT_GE(claims, files.size());
}

}  // namespace
}  // namespace claimgate::core
