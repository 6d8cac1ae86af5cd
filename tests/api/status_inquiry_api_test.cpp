#include "src/api/status_inquiry_api.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "edi/diagnostics.hpp"
#include "edi/schema.hpp"
#include "edi/segment_reader.hpp"
#include "edi/x12_validator.hpp"
#include "src/api/claims_api.hpp"
#include "tests/api/api_test_fixture.hpp"

namespace claimgate::api {
namespace {

using nlohmann::json;
using testing::Example;

// The segments of a 276 read back with claimgate's reader (id*elements, no terminator), and the
// number of errors claimgate's validator finds in it.
struct ReadBack {
  std::vector<std::string> segments;
  std::size_t errors = 0;
};

ReadBack Read(const std::string& x12) {
  static const auto registry = edi::schema::SchemaRegistry::LoadBuiltIn();
  edi::DiagnosticList findings;
  edi::SegmentReader reader(x12, findings);
  edi::X12Validator validator(registry ? registry->get() : nullptr, findings);
  edi::Segment segment;
  ReadBack out;
  while (reader.Next(&segment)) {
    validator.Add(segment, reader.header());
    std::string text(segment.id());
    for (std::size_t i = 1; i <= segment.element_count(); ++i) {
      text.append("*").append(segment.element(i));
    }
    out.segments.push_back(std::move(text));
  }
  validator.Finish();
  out.errors = findings.errors();
  return out;
}

std::vector<std::string> Starting(const std::vector<std::string>& segments,
                                  std::string_view prefix) {
  std::vector<std::string> out;
  for (const auto& s : segments) {
    if (s.rfind(prefix, 0) == 0) out.push_back(s);
  }
  return out;
}

// The shared API fixture (a real SQLite store, two tenants, keys by role) with the claims and
// status inquiry routes registered, and an operator key of the first tenant.
class StatusInquiryApiTest : public testing::ApiTest {
 protected:
  void SetUp() override {
    testing::ApiTest::SetUp();
    operator_ = Key(tenant_a_, store::Role::kOperator);
    other_biller_ = Key(tenant_b_, store::Role::kBiller);
    ClaimsApiOptions claims_options;
    claims_options.today = [] { return std::string("20261127"); };
    claims_ = std::make_unique<ClaimsApi>(*store_, std::move(claims_options));
    claims_->Register(router_);
    StatusInquiryApiOptions inquiry_options;
    inquiry_options.now = [] { return std::string("202611271030"); };
    inquiry_ = std::make_unique<StatusInquiryApi>(*store_, std::move(inquiry_options));
    inquiry_->Register(router_);
  }

  // Creates a claim from an example; returns {id, patientControlNumber}.
  std::pair<std::string, std::string> Create(const std::string& example) {
    Response created = Call("POST", "/v1/claims", submitter_, Example(example));
    EXPECT_EQ(created.status, 201) << created.body;
    json c = json::parse(created.body);
    return {c["id"], c["patientControlNumber"]};
  }

  void AddStatus(const std::string& claim_id, const std::string& pcn,
                 const std::string& payer_number) {
    store::StatusRecord rec;
    rec.tenant_id = tenant_a_;
    rec.claim_id = claim_id;
    rec.payer_id = "SYNPAYER01";
    rec.source = "277CA";
    rec.patient_control_number = pcn;
    rec.payer_claim_control_number = payer_number;
    rec.category_code = "A2";
    rec.status_code = "20";
    auto stored =
        store::Wait<store::StatusRecord>([&](auto done) { store_->InsertStatusRecord(rec, done); });
    ASSERT_TRUE(stored) << stored.error().message;
  }

  std::string operator_, other_biller_;
  std::unique_ptr<ClaimsApi> claims_;
  std::unique_ptr<StatusInquiryApi> inquiry_;
};

TEST_F(StatusInquiryApiTest, AStoredClaimGivesAValid276WithClaimgatesCLM01) {
  auto [id, pcn] = Create("837p-simple.json");
  Response r = Call("GET", "/v1/claims/" + id + "/276", biller_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/edi-x12");
  ReadBack x = Read(r.body);
  EXPECT_EQ(x.errors, 0u);
  EXPECT_EQ(Starting(x.segments, "ST*")[0], "ST*276*0001*005010X212");
  EXPECT_EQ(Starting(x.segments, "BHT*")[0], "BHT*0010*13*000000001*20261127*1030");
  EXPECT_EQ(Starting(x.segments, "TRN*")[0], "TRN*1*" + pcn);
  EXPECT_EQ(Starting(x.segments, "REF*EJ*")[0], "REF*EJ*" + pcn);
  EXPECT_TRUE(Starting(x.segments, "REF*1K*").empty());
  json e = json::parse(Example("837p-simple.json"));
  std::string payer = e["tradingPartnerServiceId"];
  std::string npi = e["billing"]["npi"];
  std::string member = e["subscriber"]["memberId"];
  EXPECT_EQ(
      Starting(x.segments, "NM1*PR*")[0].substr(Starting(x.segments, "NM1*PR*")[0].rfind("*PI*")),
      "*PI*" + payer);
  EXPECT_EQ(
      Starting(x.segments, "NM1*1P*")[0].substr(Starting(x.segments, "NM1*1P*")[0].rfind("*XX*")),
      "*XX*" + npi);
  EXPECT_EQ(
      Starting(x.segments, "NM1*IL*")[0].substr(Starting(x.segments, "NM1*IL*")[0].rfind("*MI*")),
      "*MI*" + member);

  store_->Flush();
  auto audit = store_->ListAudit({});
  ASSERT_TRUE(audit);
  std::set<std::string> actions;
  for (const auto& a : *audit) actions.insert(a.action + ":" + a.object_id + ":" + a.outcome);
  EXPECT_TRUE(actions.count("claim.status_inquiry:" + id + ":ok"));
}

TEST_F(StatusInquiryApiTest, ThePayerClaimNumberFromTheNewestStatusRecordIsSent) {
  auto [id, pcn] = Create("837p-dependent.json");
  AddStatus(id, pcn, "");  // a 277CA acceptance without a payer number
  Response before = Call("GET", "/v1/claims/" + id + "/276", operator_);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_TRUE(Starting(Read(before.body).segments, "REF*1K*").empty());
  AddStatus(id, pcn, "PCCN-OLD-1");
  AddStatus(id, pcn, "PCCN-NEW-2");
  Response after = Call("GET", "/v1/claims/" + id + "/276?lines=true&controlNumber=42", biller_);
  ASSERT_EQ(after.status, 200) << after.body;
  ReadBack x = Read(after.body);
  EXPECT_EQ(x.errors, 0u);
  EXPECT_EQ(Starting(x.segments, "REF*1K*"), std::vector<std::string>{"REF*1K*PCCN-NEW-2"});
  EXPECT_EQ(Starting(x.segments, "SVC*").size(), 2u);
  EXPECT_EQ(Starting(x.segments, "NM1*QC*").size(), 1u);  // the dependent patient's 2000E
  EXPECT_EQ(edi::NthPart(Starting(x.segments, "ISA*")[0], '*', 14), "000000042");
}

TEST_F(StatusInquiryApiTest, EveryExampleClaimGivesA276WithNoValidationErrors) {
  for (const char* name :
       {"837p-simple.json", "837p-dependent.json", "837p-secondary.json", "837p-replacement.json",
        "837i-inpatient.json", "837i-outpatient.json", "837d-dental.json"}) {
    SCOPED_TRACE(name);
    auto [id, pcn] = Create(name);
    Response r = Call("GET", "/v1/claims/" + id + "/276?lines=true", biller_);
    ASSERT_EQ(r.status, 200) << r.body;
    ReadBack x = Read(r.body);
    EXPECT_EQ(x.errors, 0u);
    EXPECT_EQ(Starting(x.segments, "TRN*")[0], "TRN*1*" + pcn);
  }
}

TEST_F(StatusInquiryApiTest, SubmittersOtherTenantsAndBadQueriesAreRefused) {
  auto [id, pcn] = Create("837p-simple.json");
  EXPECT_EQ(Call("GET", "/v1/claims/" + id + "/276", "").status, 401);
  EXPECT_EQ(Call("GET", "/v1/claims/" + id + "/276", submitter_).status, 403);
  EXPECT_EQ(Call("GET", "/v1/claims/" + id + "/276", other_biller_).status, 404);
  EXPECT_EQ(Call("GET", "/v1/claims/clm_nosuchclaim/276", biller_).status, 404);
  EXPECT_EQ(Call("GET", "/v1/claims/" + id + "/276?controlNumber=0", biller_).status, 400);
  EXPECT_EQ(Call("GET", "/v1/claims/" + id + "/276?lines=yes", biller_).status, 400);
  EXPECT_EQ(Call("GET", "/v1/claims/" + id + "/276?trace=A*B", biller_).status, 400);
  EXPECT_EQ(Call("GET", "/v1/claims/" + id + "/276?usage=X", biller_).status, 400);
  Response traced = Call("GET", "/v1/claims/" + id + "/276?trace=INQ7&usage=T", biller_);
  ASSERT_EQ(traced.status, 200) << traced.body;
  ReadBack x = Read(traced.body);
  EXPECT_EQ(Starting(x.segments, "TRN*")[0], "TRN*1*INQ7");
  EXPECT_EQ(Starting(x.segments, "REF*EJ*")[0], "REF*EJ*" + pcn);
  EXPECT_EQ(edi::NthPart(Starting(x.segments, "ISA*")[0], '*', 16), "T");
}

}  // namespace
}  // namespace claimgate::api
