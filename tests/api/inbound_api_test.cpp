#include "src/api/inbound_api.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "edi/hipaa/remittance.hpp"
#include "src/ops/metrics.hpp"
#include "tests/api/api_test_fixture.hpp"
#include "tests/pipeline/inbound_fixture.hpp"

namespace claimgate::api {
namespace {

using nlohmann::json;
namespace pt = pipeline::testing;

class InboundApiTest : public testing::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    operator_ = Key(std::string(store::kPlatformTenantId), store::Role::kPlatformOperator);
    tenant_operator_ = Key(tenant_a_, store::Role::kOperator);
    other_biller_ = Key(tenant_b_, store::Role::kBiller);
    core::PayerConfig payer = pt::TestPayer();
    api_ = std::make_unique<InboundApi>(
        *store_,
        InboundApiOptions{
            .metrics = &metrics_, .payers = {payer}, .payers_dir = "", .watchdog_interval_ms = 0});
    api_->Register(router_);
    world_ = std::make_unique<pt::World>(store_.get());
    sent_ = world_->Send({{tenant_a_, "837p-simple.json"}, {tenant_b_, "837p-secondary.json"}}, 400,
                         4000);
    ASSERT_EQ(sent_.claims.size(), 2u);
  }

  Response Post(const std::string& body, const std::string& query = "?payer=PAYER1&name=f.x12",
                const std::string& key = "") {
    return Call("POST", "/v1/inbound" + query, key.empty() ? operator_ : key, body);
  }

  ops::Registry metrics_;
  std::string operator_;         // the platform's operator: imports payers' files
  std::string tenant_operator_;  // clinic A's operator
  std::string other_biller_;
  std::unique_ptr<InboundApi> api_;
  std::unique_ptr<pt::World> world_;
  pt::Sent sent_;
};

TEST_F(InboundApiTest, AnOperatorImportsAFileAndAgainGetsTheSameAnswerWith200) {
  std::string ack = pt::Ack999(4000, {{"0001", "A", {}}, {"0002", "R", {"IK3*CLM*5*2300*8"}}});
  Response first = Post(ack);
  ASSERT_EQ(first.status, 201) << first.body;
  json r = json::parse(first.body);
  EXPECT_EQ(r["kind"], "999");
  EXPECT_EQ(r["state"], "APPLIED");
  EXPECT_EQ(r["claimsMatched"], 2);
  EXPECT_FALSE(r["duplicate"].get<bool>());
  EXPECT_EQ(first.headers.Get("Location").value_or(""),
            "/v1/inbound/" + r["id"].get<std::string>());
  Response again = Post(ack);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_TRUE(json::parse(again.body)["duplicate"].get<bool>());
  EXPECT_EQ(json::parse(again.body)["id"], r["id"]);

  Response file = Call("GET", "/v1/inbound/" + r["id"].get<std::string>(), operator_);
  ASSERT_EQ(file.status, 200) << file.body;
  json f = json::parse(file.body);
  EXPECT_EQ(f["state"], "APPLIED");
  EXPECT_EQ(f["kind"], "999");
  EXPECT_EQ(f["sourceName"], "f.x12");
  EXPECT_EQ(f["sha256"].get<std::string>().size(), 64u);
  Response raw =
      Call("GET", "/v1/inbound/" + r["id"].get<std::string>() + "?format=x12", operator_);
  EXPECT_EQ(raw.body, ack);
}

TEST_F(InboundApiTest, ImportNeedsAnOperatorAPayerAndABody) {
  EXPECT_EQ(Post("x", "?payer=PAYER1", submitter_).status, 403);
  EXPECT_EQ(Post("x", "?payer=PAYER1", biller_).status, 403);
  // A tenant's operator or admin may not import: the file is applied to every tenant's claims.
  EXPECT_EQ(Post("x", "?payer=PAYER1", tenant_operator_).status, 403);
  EXPECT_EQ(Post("x", "?payer=PAYER1", Key(tenant_a_, store::Role::kAdmin)).status, 403);
  EXPECT_EQ(Call("POST", "/v1/inbound?payer=PAYER1", "", "x").status, 401);
  Response no_payer = Post("x", "");
  EXPECT_EQ(no_payer.status, 400);
  EXPECT_NE(no_payer.body.find("payer"), std::string::npos);
  EXPECT_EQ(Post("x", "?payer=bad%20id").status, 400);
  EXPECT_EQ(Post("", "?payer=PAYER1").status, 400);
  EXPECT_EQ(Call("GET", "/v1/unmatched", biller_).status, 403);
  EXPECT_EQ(Call("GET", "/v1/unmatched", tenant_operator_).status, 403);
  EXPECT_EQ(Call("GET", "/v1/alerts", submitter_).status, 403);
  EXPECT_EQ(Call("GET", "/v1/alerts", tenant_operator_).status, 403);
  EXPECT_EQ(Call("GET", "/v1/inbound/inb_0000000000000000", submitter_).status, 403);
  EXPECT_EQ(Call("GET", "/v1/inbound/inb_0000000000000000", biller_).status, 404);
  EXPECT_EQ(Call("GET", "/v1/inbound/inb_0000000000000000", operator_).status, 404);
}

TEST_F(InboundApiTest, AGarbageFileIsStoredAsFailedWithItsProblem) {
  Response r = Post("hello, not a payer file");
  ASSERT_EQ(r.status, 201) << r.body;
  json j = json::parse(r.body);
  EXPECT_EQ(j["state"], "FAILED");
  EXPECT_EQ(j["kind"], "unknown");
  ASSERT_FALSE(j["problems"].empty());
}

TEST_F(InboundApiTest, RemittancesAreTenantScopedWithDescriptionsAndPlb) {
  const pt::SentClaim& a = sent_.claims[0];
  const pt::SentClaim& b = sent_.claims[1];
  // Claim a: one line (CO 5 + PR 15); claim b denied; a zero PLB. Balanced.
  std::string remit =
      pt::Remit835({{"CLP*" + a.pcn + "*1*100*80*15*12*PA1", "SVC*HC:99213*100*80**1",
                     "DTM*472*20261101", "CAS*CO*45*5", "CAS*PR*1*15", "LQ*HE*N130"},
                    {"CLP*" + b.pcn + "*4*50*0*0*12*PB1", "CAS*CO*50*50"},
                    {"PLB*1234567893*20261231*WO:ABC*0"}},
                   "80");
  Response imported = Post(remit);
  ASSERT_EQ(imported.status, 201) << imported.body;
  json ij = json::parse(imported.body);
  ASSERT_EQ(ij["remittanceIds"].size(), 2u) << imported.body;

  Response list_a = Call("GET", "/v1/remittances", biller_);
  ASSERT_EQ(list_a.status, 200) << list_a.body;
  json la = json::parse(list_a.body)["remittances"];
  ASSERT_EQ(la.size(), 1u);
  std::string id_a = la[0]["id"];
  EXPECT_EQ(la[0]["totalPaid"], "80.00");
  EXPECT_EQ(la[0]["paymentMethod"], "ACH");
  Response list_b = Call("GET", "/v1/remittances", other_biller_);
  json lb = json::parse(list_b.body)["remittances"];
  ASSERT_EQ(lb.size(), 1u);
  std::string id_b = lb[0]["id"];
  EXPECT_NE(id_a, id_b);

  // Another tenant's remittance does not exist for the caller.
  EXPECT_EQ(Call("GET", "/v1/remittances/" + id_b, biller_).status, 404);
  EXPECT_EQ(Call("GET", "/v1/remittances/" + id_a, other_tenant_).status, 404);
  EXPECT_EQ(Call("GET", "/v1/remittances/" + id_a + "?format=x12", other_tenant_).status, 404);

  Response got = Call("GET", "/v1/remittances/" + id_a, submitter_);
  ASSERT_EQ(got.status, 200) << got.body;
  json g = json::parse(got.body);
  ASSERT_EQ(g["claims"].size(), 1u);
  const json& c = g["claims"][0];
  EXPECT_EQ(c["claimId"], a.id);
  EXPECT_EQ(c["paid"], "80.00");
  EXPECT_EQ(c["statusDescription"], std::string(edi::hipaa::ClaimStatusMeaning("1")));
  ASSERT_EQ(c["services"].size(), 1u);
  const json& line = c["services"][0];
  EXPECT_EQ(line["procedure"], "HC:99213");
  EXPECT_EQ(line["serviceDate"], "20261101");
  ASSERT_EQ(line["adjustments"].size(), 2u);
  EXPECT_EQ(line["adjustments"][0]["reasonDescription"], edi::hipaa::DescribeCarc("45"));
  EXPECT_EQ(line["adjustments"][0]["groupDescription"], edi::hipaa::DescribeAdjustmentGroup("CO"));
  ASSERT_EQ(line["remarks"].size(), 1u) << got.body;
  EXPECT_EQ(line["remarks"][0]["code"], "N130");
  EXPECT_EQ(line["remarks"][0]["description"], edi::hipaa::DescribeRarc("N130"));
  EXPECT_EQ(
      g["providerAdjustments"].size() +
          json::parse(
              Call("GET", "/v1/remittances/" + id_b, other_biller_).body)["providerAdjustments"]
              .size(),
      1u);

  // The raw file holds the other practice's claim too: not handed out to either.
  Response raw = Call("GET", "/v1/remittances/" + id_a + "?format=x12", biller_);
  EXPECT_EQ(raw.status, 409) << raw.body;

  store_->Flush();
  auto audit = store_->ListAudit({});
  ASSERT_TRUE(audit);
  std::set<std::string> actions;
  for (const auto& e : *audit) actions.insert(e.action + ":" + e.outcome);
  EXPECT_TRUE(actions.count("remittance.read:ok"));
  EXPECT_TRUE(actions.count("remittance.read:not_found"));
  EXPECT_TRUE(actions.count("remittance.list:ok"));
  EXPECT_TRUE(actions.count("inbound.import:APPLIED") || actions.count("inbound.import:PARTIAL"));
}

TEST_F(InboundApiTest, TheRaw835IsServedWhenEveryClaimIsTheCallers) {
  std::string remit =
      pt::Remit835({{"CLP*" + sent_.claims[0].pcn + "*1*100*100*0*12*PA1"}}, "100", 905);
  ASSERT_EQ(Post(remit).status, 201);
  json la = json::parse(Call("GET", "/v1/remittances", biller_).body)["remittances"];
  ASSERT_EQ(la.size(), 1u);
  Response raw =
      Call("GET", "/v1/remittances/" + la[0]["id"].get<std::string>() + "?format=x12", biller_);
  ASSERT_EQ(raw.status, 200) << raw.body;
  EXPECT_EQ(raw.body, remit);
}

TEST_F(InboundApiTest, RemittanceListFiltersAndPages) {
  for (int i = 0; i < 3; ++i) {
    std::string remit = pt::Remit835({{"CLP*" + sent_.claims[0].pcn + "*1*1*1*0*12*P"}}, "1",
                                     910 + i, "EFT" + std::to_string(i));
    ASSERT_EQ(Post(remit).status, 201);
  }
  Response page1 = Call("GET", "/v1/remittances?limit=2", biller_);
  json p1 = json::parse(page1.body);
  ASSERT_EQ(p1["remittances"].size(), 2u);
  ASSERT_TRUE(p1.contains("nextCursor"));
  json p2 = json::parse(
      Call("GET", "/v1/remittances?limit=2&cursor=" + p1["nextCursor"].get<std::string>(), biller_)
          .body);
  EXPECT_EQ(p2["remittances"].size(), 1u);
  EXPECT_EQ(
      json::parse(Call("GET", "/v1/remittances?payer=OTHER", biller_).body)["remittances"].size(),
      0u);
  EXPECT_EQ(
      json::parse(Call("GET", "/v1/remittances?since=2999-01-01", biller_).body)["remittances"]
          .size(),
      0u);
  EXPECT_EQ(Call("GET", "/v1/remittances?since=yesterday", biller_).status, 400);
  EXPECT_EQ(Call("GET", "/v1/remittances?limit=0", biller_).status, 400);
  EXPECT_EQ(Call("GET", "/v1/remittances?cursor=garbage", biller_).status, 400);
}

TEST_F(InboundApiTest, UnmatchedItemsAreListedForOperators) {
  Response r = Post(pt::Status277({{"CGNOTOURS00000001", "A3:21:85"}}));
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(json::parse(r.body)["unmatched"], 1);
  Response u = Call("GET", "/v1/unmatched", operator_);
  ASSERT_EQ(u.status, 200) << u.body;
  json items = json::parse(u.body)["unmatched"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["source"], "277CA");
  EXPECT_EQ(items[0]["patientControlNumber"], "CGNOTOURS00000001");
  EXPECT_EQ(items[0]["categoryCode"], "A3");
}

TEST_F(InboundApiTest, AlertsShowTheWatchdogList) {
  Response before = Call("GET", "/v1/alerts", operator_);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_TRUE(json::parse(before.body)["enabled"].get<bool>());
  ASSERT_NE(api_->watchdog(), nullptr);
  ASSERT_TRUE(api_->watchdog()->Check(store::NowMs() + 2LL * 3600 * 1000));
  Response after = Call("GET", "/v1/alerts", operator_);
  json alerts = json::parse(after.body)["alerts"];
  ASSERT_EQ(alerts.size(), 1u) << after.body;
  EXPECT_EQ(alerts[0]["kind"], "ack_999_overdue");
  EXPECT_EQ(alerts[0]["objectId"], sent_.interchange_id);
  EXPECT_GT(alerts[0]["overdueSeconds"].get<int64_t>(), 0);
}

// A payer's file shared by two practices (claims of both in one interchange, so in its 999 and
// 835): each practice reads the file's record but not its bytes; a file wholly one practice's
// is that practice's to read raw; a third practice sees neither. Each practice's audit log
// records the import that changed its claims.
TEST_F(InboundApiTest, TenantsReadOnlyTheirPartOfAPayersFiles) {
  const std::string tenant_c = store::testing::MakeTenant(*store_, "Clinic C").id;
  const std::string biller_c = Key(tenant_c, store::Role::kBiller);
  std::string ack = pt::Ack999(4000, {{"0001", "A", {}}, {"0002", "A", {}}});
  Response shared = Post(ack);
  ASSERT_EQ(shared.status, 201) << shared.body;
  const std::string shared_id = json::parse(shared.body)["id"];
  std::string remit =
      pt::Remit835({{"CLP*" + sent_.claims[0].pcn + "*1*100*100*0*12*PA1"}}, "100", 931);
  Response own = Post(remit);
  ASSERT_EQ(own.status, 201) << own.body;
  const std::string own_id = json::parse(own.body)["id"];

  for (const std::string& key : {biller_, tenant_operator_, other_biller_}) {
    Response meta = Call("GET", "/v1/inbound/" + shared_id, key);
    ASSERT_EQ(meta.status, 200) << meta.body;
    EXPECT_FALSE(json::parse(meta.body).contains("problems"));
    Response raw = Call("GET", "/v1/inbound/" + shared_id + "?format=x12", key);
    EXPECT_EQ(raw.status, 409) << raw.body;
    EXPECT_EQ(raw.body.find("ISA*"), std::string::npos);
  }
  EXPECT_EQ(Call("GET", "/v1/inbound/" + shared_id, biller_c).status, 404);
  EXPECT_EQ(Call("GET", "/v1/inbound/" + shared_id + "?format=x12", biller_c).status, 404);

  Response mine = Call("GET", "/v1/inbound/" + own_id + "?format=x12", biller_);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.body, remit);
  EXPECT_EQ(Call("GET", "/v1/inbound/" + own_id, other_biller_).status, 404);
  EXPECT_EQ(Call("GET", "/v1/inbound/" + own_id + "?format=x12", other_biller_).status, 404);
  EXPECT_EQ(Call("GET", "/v1/inbound/" + shared_id + "?format=x12", operator_).body, ack);

  store_->Flush();
  store::AuditFilter all;
  all.limit = 1000;
  auto audit = store_->ListAudit(all);
  ASSERT_TRUE(audit);
  std::set<std::string> applied;
  for (const auto& e : *audit) {
    if (e.action == "inbound.applied") applied.insert(e.tenant_id + " " + e.object_id);
  }
  EXPECT_TRUE(applied.count(tenant_a_ + " " + shared_id));
  EXPECT_TRUE(applied.count(tenant_b_ + " " + shared_id));
  EXPECT_TRUE(applied.count(tenant_a_ + " " + own_id));
  EXPECT_FALSE(applied.count(tenant_b_ + " " + own_id));
  EXPECT_FALSE(applied.count(tenant_c + " " + shared_id));
}

// The security review's forged files: a truncated 835 and one with a wrong SE01 both reversed a
// PAID claim. A broken envelope now holds the file back for the platform's review.
TEST_F(InboundApiTest, ABrokenFileIsHeldAlertedAndAppliedOnlyByThePlatformAfterReview) {
  std::string full = pt::Ack999(4000, {{"0001", "A", {}}, {"0002", "A", {}}});
  std::string cut = full.substr(0, full.find("AK2*837*0002"));
  Response held = Post(cut);
  ASSERT_EQ(held.status, 201) << held.body;
  json h = json::parse(held.body);
  EXPECT_EQ(h["state"], "HELD");
  EXPECT_EQ(h["claimsMatched"], 0);
  const std::string id = h["id"];
  ASSERT_TRUE(api_->watchdog()->Check(store::NowMs()));
  Response alerts = Call("GET", "/v1/alerts", operator_);
  EXPECT_NE(alerts.body.find("inbound_file_held"), std::string::npos) << alerts.body;
  EXPECT_NE(alerts.body.find(id), std::string::npos) << alerts.body;

  EXPECT_EQ(Call("POST", "/v1/inbound/" + id + "/apply", tenant_operator_).status, 403);
  EXPECT_EQ(Call("POST", "/v1/inbound/" + id + "/apply", Key(tenant_a_, store::Role::kAdmin)).status,
            403);
  Response applied = Call("POST", "/v1/inbound/" + id + "/apply", operator_);
  ASSERT_EQ(applied.status, 200) << applied.body;
  EXPECT_EQ(json::parse(applied.body)["state"], "PARTIAL");
  EXPECT_EQ(json::parse(applied.body)["claimsMatched"], 1);
  Response again = Call("POST", "/v1/inbound/" + id + "/apply", operator_);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(Call("POST", "/v1/inbound/inb_0000000000000000/apply", operator_).status, 404);
}

}  // namespace
}  // namespace claimgate::api
