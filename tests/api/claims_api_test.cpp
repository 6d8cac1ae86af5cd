#include "src/api/claims_api.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "src/store/crypto.hpp"
#include "tests/store/store_test_util.hpp"

namespace claimgate::api {
namespace {

using nlohmann::json;
using store::testing::TempDir;

std::string Example(const std::string& name) {
  std::ifstream f(std::string(CLAIMGATE_SOURCE_DIR) + "/docs/examples/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// A store in a temporary directory with two tenants and a key per role for the first.
class ClaimsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::testing::OpenStore(dir_.File("claims.db"));
    ASSERT_NE(store_, nullptr);
    tenant_a_ = store::testing::MakeTenant(*store_, "Clinic A").id;
    tenant_b_ = store::testing::MakeTenant(*store_, "Clinic B").id;
    submitter_ = Key(tenant_a_, store::Role::kSubmitter);
    biller_ = Key(tenant_a_, store::Role::kBiller);
    other_tenant_ = Key(tenant_b_, store::Role::kSubmitter);
    api_ = std::make_unique<ClaimsApi>(
        *store_, ClaimsApiOptions{.today = [] { return std::string("20261127"); }});
    api_->Register(router_);
  }

  std::string Key(const std::string& tenant, store::Role role) {
    store::GeneratedKey key = store::GenerateApiKey();
    auto made = store::Wait<store::ApiKey>(
        [&](auto done) { store_->CreateApiKey(tenant, role, key, "test", done); });
    EXPECT_TRUE(made);
    return key.secret;
  }

  Response Call(std::string method, std::string target, const std::string& key,
                std::string body = "", std::string idempotency = "") {
    Request r;
    r.method = std::move(method);
    r.target = target;
    std::size_t q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = ParseQuery(target.substr(q + 1));
    if (!key.empty()) r.headers.Add("Authorization", "Bearer " + key);
    if (!idempotency.empty()) r.headers.Add("Idempotency-Key", idempotency);
    r.body = std::move(body);
    r.client_ip = "127.0.0.1";
    r.request_id = "req-test";
    return router_.Handle(r);
  }

  TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  std::string tenant_a_, tenant_b_, submitter_, biller_, other_tenant_;
  std::unique_ptr<ClaimsApi> api_;
  Router router_;
};

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

TEST_F(ClaimsApiTest, KeysAndRolesAreChecked) {
  EXPECT_EQ(Call("POST", "/v1/claims", "", Example("837p-simple.json")).status, 401);
  EXPECT_EQ(Call("POST", "/v1/claims", "cg_live_notakey", Example("837p-simple.json")).status, 401);
  EXPECT_EQ(Call("POST", "/v1/claims", biller_, Example("837p-simple.json")).status, 403);
  EXPECT_EQ(Call("GET", "/v1/claims", "").status, 401);
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
  EXPECT_EQ(json::parse(Call("GET", "/v1/claims?since=2020-01-01", biller_).body)["claims"].size(),
            5u);
}

}  // namespace
}  // namespace claimgate::api
