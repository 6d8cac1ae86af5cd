#include "src/api/claims_api.hpp"

#include <gtest/gtest.h>

#include <map>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "edi/hipaa/remittance.hpp"
#include "edi/hipaa/status_codes.hpp"
#include "src/pipeline/claim_body.hpp"
#include "src/pipeline/lifecycle.hpp"
#include "src/store/crypto.hpp"
#include "tests/api/api_test_fixture.hpp"

namespace claimgate::api {
namespace {

using nlohmann::json;
using testing::Example;

// The shared fixture with the claims routes registered.
class ClaimsApiTest : public testing::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    api_ = std::make_unique<ClaimsApi>(
        *store_, ClaimsApiOptions{.today = [] { return std::string("20261127"); },
                                  .time_of_day = [] { return std::string("0930"); },
                                  .known_payer = {}});
    api_->Register(router_);
  }

  std::unique_ptr<ClaimsApi> api_;
};

// POST /v1/claims through `router` (a test's own, with other API options).
Response PostClaim(const Router& router, const std::string& key, const std::string& body) {
  Request r;
  r.method = "POST";
  r.target = r.path = "/v1/claims";
  r.headers.Add("Authorization", "Bearer " + key);
  r.body = body;
  return router.Handle(r);
}

TEST_F(ClaimsApiTest, AValidEncounterIsStoredQueuedAndReadBack) {
  Response created = Call("POST", "/v1/claims", submitter_, Example("837p-simple.json"));
  ASSERT_EQ(created.status, 201) << created.body;
  json c = json::parse(created.body);
  EXPECT_EQ(c["state"], "QUEUED");
  EXPECT_EQ(c["claimType"], "837P");
  std::string pcn = c["patientControlNumber"];
  EXPECT_EQ(pcn.size(), 18u);
  EXPECT_EQ(pcn.substr(0, 2), "CG");
  EXPECT_FALSE(c["accountNumber"].get<std::string>().empty());
  EXPECT_EQ(created.headers.Get("Location").value_or(""),
            "/v1/claims/" + c["id"].get<std::string>());

  Response got = Call("GET", "/v1/claims/" + c["id"].get<std::string>(), biller_);
  ASSERT_EQ(got.status, 200) << got.body;
  json g = json::parse(got.body);
  EXPECT_EQ(g["patientControlNumber"], pcn);
  EXPECT_EQ(g["accountNumber"], c["accountNumber"]);
  ASSERT_EQ(g["events"].size(), 3u);
  EXPECT_EQ(g["events"][0]["to"], "RECEIVED");
  EXPECT_EQ(g["events"][1]["to"], "VALIDATED");
  EXPECT_EQ(g["events"][2]["to"], "QUEUED");
  EXPECT_TRUE(g["encounter"].is_object());

  // Both the write and the read are in the audit log, with the key and no PHI.
  store_->Flush();  // audit entries are queued without waiting
  auto audit = store_->ListAudit({});
  ASSERT_TRUE(audit);
  std::set<std::string> actions;
  for (const auto& a : *audit) actions.insert(a.action + ":" + a.outcome);
  EXPECT_TRUE(actions.count("claim.create:created"));
  EXPECT_TRUE(actions.count("claim.read:ok"));
}

TEST_F(ClaimsApiTest, EveryExampleEncounterIsAccepted) {
  for (const char* name :
       {"837p-simple.json", "837p-dependent.json", "837p-secondary.json", "837p-replacement.json",
        "837i-inpatient.json", "837i-outpatient.json", "837d-dental.json"}) {
    Response r = Call("POST", "/v1/claims", submitter_, Example(name));
    EXPECT_EQ(r.status, 201) << name << ": " << r.body;
  }
}

TEST_F(ClaimsApiTest, EditsFailuresAre422WithEveryFindingAndStoreNothing) {
  json e = json::parse(Example("837p-simple.json"));
  e["billing"]["npi"] = "1234567890";  // wrong check digit
  e["claimInformation"]["claimChargeAmount"] = "999.99";
  Response r = Call("POST", "/v1/claims", submitter_, e.dump());
  ASSERT_EQ(r.status, 422) << r.body;
  json body = json::parse(r.body);
  EXPECT_EQ(body["error"]["code"], "edits_failed");
  std::set<std::string> paths;
  for (const auto& f : body["findings"]) paths.insert(f["path"]);
  EXPECT_TRUE(paths.count("billing.npi")) << r.body;
  EXPECT_TRUE(paths.count("claimInformation.claimChargeAmount")) << r.body;
  auto page = store_->ListClaims(tenant_a_, {});
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->claims.empty());

  Response syntax = Call("POST", "/v1/claims", submitter_, "{\"claimType\": ");
  EXPECT_EQ(syntax.status, 422);
  Response array = Call("POST", "/v1/claims", submitter_, "[" + Example("837p-simple.json") + "]");
  EXPECT_EQ(array.status, 400);
}

TEST_F(ClaimsApiTest, WithPayerFilesAClaimForAnUnknownPayerIs422AndStoresNothing) {
  // A separate router whose API knows one payer, as `claimgate serve` sets it up.
  Router router;
  static const core::CompanionConfig kNoRules;
  ClaimsApi api(*store_, {.today = {},
                          .time_of_day = {},
                          .known_payer = [](std::string_view id) -> const core::CompanionConfig* {
                            return id == "sim-sftp" ? &kNoRules : nullptr;
                          }});
  api.Register(router);
  auto post = [&](const std::string& body) { return PostClaim(router, submitter_, body); };
  json e = json::parse(Example("837p-simple.json"));  // tradingPartnerServiceId SYNPAYER01
  Response refused = post(e.dump());
  ASSERT_EQ(refused.status, 422) << refused.body;
  json body = json::parse(refused.body);
  ASSERT_EQ(body["findings"].size(), 1u) << refused.body;
  EXPECT_EQ(body["findings"][0]["path"], "tradingPartnerServiceId");
  EXPECT_EQ(body["findings"][0]["code"], "unknown_payer");
  EXPECT_TRUE(store_->ListClaims(tenant_a_, {})->claims.empty());

  e["tradingPartnerServiceId"] = "sim-sftp";
  Response accepted = post(e.dump());
  EXPECT_EQ(accepted.status, 201) << accepted.body;
}

TEST_F(ClaimsApiTest, APayersCompanionGuideRulesAreCheckedAtIntakeWithThePathsAtFault) {
  static core::CompanionConfig rules;
  rules.required_claim_ref_qualifiers = {"G1"};
  rules.max_diagnosis_codes = 1;
  rules.allowed_frequency_codes = {"1"};
  Router router;
  ClaimsApi api(*store_, {.today = {},
                          .time_of_day = {},
                          .known_payer = [](std::string_view id) -> const core::CompanionConfig* {
                            return id == "SYNPAYER01" ? &rules : nullptr;
                          }});
  api.Register(router);
  auto post = [&](const std::string& body) { return PostClaim(router, submitter_, body); };
  json e = json::parse(Example("837p-simple.json"));
  json& claim = e["claimInformation"];
  ASSERT_EQ(claim["healthCareCodeInformation"].size(), 2u);  // one more than the payer takes
  claim["claimSupplementalInformation"].erase("priorAuthorizationNumber");
  claim["claimFrequencyCode"] = "7";
  claim["claimSupplementalInformation"]["claimControlNumber"] = "PAYERORIGINAL1";
  Response refused = post(e.dump());
  ASSERT_EQ(refused.status, 422) << refused.body;
  std::map<std::string, std::string> found;
  const json refusal = json::parse(refused.body);
  for (const auto& f : refusal["findings"]) found[f["code"]] = f["path"];
  EXPECT_EQ(found.size(), 3u) << refused.body;
  EXPECT_EQ(found["payer_requires_reference"],
            "claimInformation.claimSupplementalInformation.priorAuthorizationNumber");
  EXPECT_EQ(found["too_many_diagnoses"], "claimInformation.healthCareCodeInformation[1]");
  EXPECT_EQ(found["frequency_not_accepted"], "claimInformation.claimFrequencyCode");
  EXPECT_TRUE(store_->ListClaims(tenant_a_, {})->claims.empty());

  rules.max_diagnosis_codes = 2;
  claim["claimFrequencyCode"] = "1";
  claim["claimSupplementalInformation"].erase("claimControlNumber");
  claim["claimSupplementalInformation"]["priorAuthorizationNumber"] = "AUTH12345";
  Response accepted = post(e.dump());
  EXPECT_EQ(accepted.status, 201) << accepted.body;
}

TEST_F(ClaimsApiTest, KeysAndRolesAreChecked) {
  EXPECT_EQ(Call("POST", "/v1/claims", "", Example("837p-simple.json")).status, 401);
  EXPECT_EQ(Call("POST", "/v1/claims", "cg_live_notakey", Example("837p-simple.json")).status, 401);
  EXPECT_EQ(Call("POST", "/v1/claims", biller_, Example("837p-simple.json")).status, 403);
  EXPECT_EQ(Call("GET", "/v1/claims", "").status, 401);
}

// Wrong keys are audited for the platform and, past 20 in 10 s from one address, answered 429:
// the review sent 15,000 in 4 s, neither counted nor recorded.
TEST_F(ClaimsApiTest, FailedAuthenticationIsAuditedAndRateLimitedPerAddress) {
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(Call("GET", "/v1/claims", "cg_live_guess" + std::to_string(i)).status, 401) << i;
  }
  Response limited = Call("GET", "/v1/claims", "cg_live_guess-more");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.headers.Get("Retry-After").value_or(""), "10");
  // Even a good key from that address waits: the limit is on the address, not the key.
  EXPECT_EQ(Call("GET", "/v1/claims", biller_).status, 429);
  // Another address is not affected.
  Request other;
  other.method = "GET";
  other.path = other.target = "/v1/claims";
  other.headers.Add("Authorization", "Bearer " + biller_);
  other.client_ip = "127.0.0.2";
  EXPECT_EQ(router_.Handle(other).status, 200);
  store_->Flush();
  store::AuditFilter filter;
  filter.tenant_id = std::string(store::kPlatformTenantId);
  filter.limit = 100;
  auto audit = store_->ListAudit(filter);
  ASSERT_TRUE(audit);
  int failed = 0;
  for (const auto& e : *audit) {
    if (e.action != "auth.failed") continue;
    ++failed;
    EXPECT_EQ(e.remote, "127.0.0.1");
    EXPECT_EQ(e.outcome, "unknown_key");
    EXPECT_LE(e.object_id.size(), 12u);  // the key's first characters, never the key
  }
  EXPECT_EQ(failed, 20);
}

TEST_F(ClaimsApiTest, AnotherTenantsClaimIsNotFound) {
  Response created = Call("POST", "/v1/claims", submitter_, Example("837p-simple.json"));
  ASSERT_EQ(created.status, 201);
  std::string id = json::parse(created.body)["id"];
  EXPECT_EQ(Call("GET", "/v1/claims/" + id, other_tenant_).status, 404);
  json list = json::parse(Call("GET", "/v1/claims", other_tenant_).body);
  EXPECT_TRUE(list["claims"].empty());
  EXPECT_EQ(Call("GET", "/v1/claims/clm_0000000000000000", submitter_).status, 404);
}

TEST_F(ClaimsApiTest, IdempotencyKeyReplaysTheFirstAnswerAndRefusesAnotherBody) {
  std::string body = Example("837p-simple.json");
  Response first = Call("POST", "/v1/claims", submitter_, body, "visit-42");
  Response again = Call("POST", "/v1/claims", submitter_, body, "visit-42");
  ASSERT_EQ(first.status, 201);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  Response other =
      Call("POST", "/v1/claims", submitter_, Example("837p-dependent.json"), "visit-42");
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(json::parse(other.body)["error"]["code"], "idempotency_key_reused");
  EXPECT_EQ(Call("POST", "/v1/claims", submitter_, body, std::string(300, 'k')).status, 400);
}

TEST_F(ClaimsApiTest, AThousandConcurrentRequestsWithOneKeyCreateOneClaim) {
  const std::string body = Example("837p-simple.json");
  std::vector<std::thread> threads;
  std::vector<Response> answers(1000);
  for (std::size_t i = 0; i < answers.size(); ++i) {
    threads.emplace_back(
        [&, i] { answers[i] = Call("POST", "/v1/claims", submitter_, body, "once"); });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> ids;
  for (const Response& r : answers) {
    ASSERT_EQ(r.status, 201) << r.body;
    ids.insert(json::parse(r.body)["id"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), 1u);
  auto page = store_->ListClaims(tenant_a_, {});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->claims.size(), 1u);
}

TEST_F(ClaimsApiTest, ListFiltersAndPages) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(Call("POST", "/v1/claims", submitter_, Example("837p-simple.json")).status, 201);
  }
  json page1 = json::parse(Call("GET", "/v1/claims?limit=2&state=QUEUED", biller_).body);
  ASSERT_EQ(page1["claims"].size(), 2u);
  ASSERT_TRUE(page1.contains("nextCursor"));
  std::set<std::string> seen;
  std::string cursor = page1["nextCursor"];
  for (const auto& c : page1["claims"]) seen.insert(c["id"].get<std::string>());
  while (!cursor.empty()) {
    json next = json::parse(Call("GET", "/v1/claims?limit=2&cursor=" + cursor, biller_).body);
    for (const auto& c : next["claims"]) seen.insert(c["id"].get<std::string>());
    cursor = next.contains("nextCursor") ? next["nextCursor"].get<std::string>() : "";
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_TRUE(json::parse(Call("GET", "/v1/claims?state=PAID", biller_).body)["claims"].empty());
  EXPECT_EQ(Call("GET", "/v1/claims?state=NOPE", biller_).status, 400);
  EXPECT_EQ(Call("GET", "/v1/claims?limit=0", biller_).status, 400);
  EXPECT_EQ(Call("GET", "/v1/claims?since=yesterday", biller_).status, 400);
  Response bad_cursor = Call("GET", "/v1/claims?cursor=not-a-cursor", biller_);
  EXPECT_EQ(bad_cursor.status, 400) << bad_cursor.body;
  EXPECT_EQ(json::parse(Call("GET", "/v1/claims?since=2020-01-01", biller_).body)["claims"].size(),
            5u);
}

TEST_F(ClaimsApiTest, ACreatedClaimIsStoredWithIts837SegmentsCarryingClaimgatesClm01) {
  Response created = Call("POST", "/v1/claims", submitter_, Example("837p-simple.json"));
  ASSERT_EQ(created.status, 201) << created.body;
  json c = json::parse(created.body);
  const std::string id = c["id"], pcn = c["patientControlNumber"];
  auto claim = store_->GetClaim(tenant_a_, id, /*with_phi=*/true);
  ASSERT_TRUE(claim);
  std::vector<std::string> segments = pipeline::SplitClaimBody(claim->claim_segments);
  ASSERT_GT(segments.size(), 5u) << claim->claim_segments;
  // BHT03 is the claim id, BHT04/05 the intake date and time; CLM01 is claimgate's number, not
  // the practice's (that one stays the accountNumber).
  EXPECT_EQ(segments.front(), "BHT*0019*00*" + id + "*20261127*0930*CH");
  std::size_t clm = 0;
  for (const std::string& s : segments) {
    if (s.rfind("CLM*", 0) == 0) {
      ++clm;
      EXPECT_EQ(s.substr(0, 4 + pcn.size() + 1), "CLM*" + pcn + "*");
    }
  }
  EXPECT_EQ(clm, 1u);
  EXPECT_EQ(claim->claim_segments.find(c["accountNumber"].get<std::string>()), std::string::npos);
}

// Applies a lifecycle event as the pipeline does, and waits for it.
void Apply(store::Store& store, const std::string& id, pipeline::ClaimEventKind kind,
           const std::string& detail) {
  auto done = store::Wait<store::ClaimEvent>(
      [&](auto cb) { pipeline::ApplyEvent(store, "", id, kind, detail, "test-source", cb); });
  ASSERT_TRUE(done) << done.error().message;
}

TEST_F(ClaimsApiTest, ReadingAClaimShowsPaymentsStatusRecordsAndTheRejectionReason) {
  Response created = Call("POST", "/v1/claims", submitter_, Example("837p-simple.json"));
  ASSERT_EQ(created.status, 201) << created.body;
  json c = json::parse(created.body);
  const std::string id = c["id"], pcn = c["patientControlNumber"];
  using pipeline::ClaimEventKind;
  Apply(*store_, id, ClaimEventKind::kBatched, "in interchange 1");
  Apply(*store_, id, ClaimEventKind::kSent, "delivered");
  Apply(*store_, id, ClaimEventKind::kAckAccepted, "999 accepted the transaction set");
  const std::string reason = "277CA A7/21: the payer could not find the subscriber id";
  Apply(*store_, id, ClaimEventKind::kPayerRejected, reason);

  store::StatusRecord status;
  status.tenant_id = tenant_a_;
  status.claim_id = id;
  status.payer_id = "PAYER1";
  status.source = "277CA";
  status.inbound_file_id = "inb_test";
  status.patient_control_number = pcn;
  status.category_code = "A7";
  status.status_code = "21";
  status.entity_code = "IL";
  status.effective_date = "20261127";
  ASSERT_TRUE(store::Wait<store::StatusRecord>(
      [&](auto done) { store_->InsertStatusRecord(status, done); }));

  store::NewRemittance remit;
  remit.tenant_id = tenant_a_;
  remit.payer_id = "PAYER1";
  remit.inbound_file_id = "inb_test_835";
  remit.trace_number = "TRACE1";
  remit.payment_method = "ACH";
  remit.payment_date = "20261127";
  remit.total_paid_cents = 8000;
  store::ClaimPayment payment;
  payment.patient_control_number = pcn;
  payment.claim_id = id;
  payment.status_code = "1";
  payment.charge_cents = 10000;
  payment.paid_cents = 8000;
  payment.patient_responsibility_cents = 1500;
  payment.payer_claim_control_number = "PAYERCCN1";
  payment.adjustments = {{"CO", "45", 500, ""}, {"PR", "1", 1500, ""}};
  remit.claims.push_back(payment);
  ASSERT_TRUE(
      store::Wait<store::Remittance>([&](auto done) { store_->InsertRemittance(remit, done); }));

  Response got = Call("GET", "/v1/claims/" + id, biller_);
  ASSERT_EQ(got.status, 200) << got.body;
  json g = json::parse(got.body);
  EXPECT_EQ(g["state"], "PAYER_REJECTED");
  ASSERT_TRUE(g.contains("rejection")) << got.body;
  EXPECT_EQ(g["rejection"]["reason"], reason);
  EXPECT_EQ(g["rejection"]["event"], "payer_rejected");
  bool reason_in_timeline = false;
  for (const auto& e : g["events"]) {
    if (e["event"] == "payer_rejected") reason_in_timeline = e.value("reason", "") == reason;
  }
  EXPECT_TRUE(reason_in_timeline) << got.body;

  EXPECT_EQ(g["payment"]["paid"], "80.00");
  EXPECT_EQ(g["payment"]["patientResponsibility"], "15.00");
  ASSERT_EQ(g["payment"]["payments"].size(), 1u);
  const json& p = g["payment"]["payments"][0];
  EXPECT_EQ(p["payerClaimControlNumber"], "PAYERCCN1");
  ASSERT_EQ(p["adjustments"].size(), 2u);
  EXPECT_EQ(p["adjustments"][0]["reason"], "45");
  EXPECT_EQ(p["adjustments"][0]["amount"], "5.00");
  EXPECT_EQ(p["adjustments"][0]["reasonDescription"], edi::hipaa::DescribeCarc("45"));
  EXPECT_EQ(p["adjustments"][0].value("reasonDescription", "").find("no description"),
            std::string::npos);

  ASSERT_EQ(g["statusRecords"].size(), 1u);
  const json& s = g["statusRecords"][0];
  EXPECT_EQ(s["source"], "277CA");
  EXPECT_EQ(s["category"], "A7");
  EXPECT_EQ(s["categoryDescription"], edi::hipaa::DescribeStatusCategory("A7"));
  EXPECT_EQ(s["statusDescription"], edi::hipaa::DescribeClaimStatus("21"));
  EXPECT_EQ(s["rejected"], true);

  // Another tenant sees none of it.
  EXPECT_EQ(Call("GET", "/v1/claims/" + id, other_tenant_).status, 404);
}

TEST_F(ClaimsApiTest, AClaimWithoutPaymentsReadsZeroTotalsAndNoRejection) {
  Response created = Call("POST", "/v1/claims", submitter_, Example("837p-simple.json"));
  ASSERT_EQ(created.status, 201);
  json g = json::parse(
      Call("GET", "/v1/claims/" + json::parse(created.body)["id"].get<std::string>(), biller_)
          .body);
  EXPECT_EQ(g["payment"]["paid"], "0.00");
  EXPECT_TRUE(g["payment"]["payments"].empty());
  EXPECT_TRUE(g["statusRecords"].empty());
  EXPECT_FALSE(g.contains("rejection"));
}

}  // namespace
}  // namespace claimgate::api
