#include "src/api/intake_api.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "src/api/claims_api.hpp"
#include "src/pipeline/claim_body.hpp"
#include "tests/api/api_test_fixture.hpp"

namespace claimgate::api {
namespace {

using nlohmann::json;
using testing::Example;
using testing::ReadFile;

// The corpus 837P that passes validation and every intake edit (one CLM, claim 26463774).
const char* const kCorpus837 = "837P/lfh-x12__demo.example1.837";

std::string Corpus(const std::string& name) {
  return ReadFile(std::string(CLAIMGATE_CORPUS_DIR) + "/" + name);
}

// Segments of an interchange written with '~' terminators and line feeds after them.
std::vector<std::string> Segments(const std::string& x12) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t end = x12.find('~'); end != std::string::npos; end = x12.find('~', start)) {
    std::string s = x12.substr(start, end - start);
    while (!s.empty() && (s.front() == '\n' || s.front() == '\r')) s.erase(0, 1);
    out.push_back(s);
    start = end + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& segments) {
  std::string out;
  for (const std::string& s : segments) out += s + "~\n";
  return out;
}

// The corpus interchange rebuilt with two transaction sets: set 0021 holds the original claim and
// a second one (its 2300 loop repeated with another CLM01), set 0022 the original claim.
// `edit` may change the segments of set 0022 (indices within that set, ST = 0) before SE01 is
// counted; `se01_delta` makes set 0022's SE01 wrong.
std::string TwoSets(const std::function<void(std::vector<std::string>*)>& edit = {},
                    int se01_delta = 0) {
  std::vector<std::string> all = Segments(Corpus(kCorpus837));
  std::vector<std::string> head(all.begin(), all.begin() + 2);  // ISA GS
  std::size_t st = 2, se = all.size() - 3;
  std::vector<std::string> set(all.begin() + st, all.begin() + se);  // ST .. last DTP
  std::size_t clm = 0;
  while (set[clm].rfind("CLM*", 0) != 0) ++clm;
  std::vector<std::string> first = set;
  std::vector<std::string> loop(set.begin() + clm, set.end());
  loop[0].replace(0, 12, "CLM*26463775");
  first.insert(first.end(), loop.begin(), loop.end());
  first.push_back("SE*" + std::to_string(first.size() + 1) + "*0021");
  std::vector<std::string> second = set;
  second[0] = "ST*837*0022*005010X222A2";
  if (edit) edit(&second);
  second.push_back("SE*" + std::to_string(second.size() + 1 + se01_delta) + "*0022");
  std::vector<std::string> out = head;
  out.insert(out.end(), first.begin(), first.end());
  out.insert(out.end(), second.begin(), second.end());
  out.push_back("GE*2*1");
  out.push_back("IEA*1*000000907");
  return Join(out);
}

class IntakeApiTest : public testing::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    auto today = [] { return std::string("20261127"); };
    auto time = [] { return std::string("0930"); };
    claims_ = std::make_unique<ClaimsApi>(
        *store_, ClaimsApiOptions{.today = today, .time_of_day = time, .known_payer = {}});
    intake_ = std::make_unique<IntakeApi>(
        *store_,
        IntakeApiOptions{
            .today = today, .time_of_day = time, .max_batch_items = 1000, .known_payer = {}});
    claims_->Register(router_);
    intake_->Register(router_);
  }

  std::size_t StoredClaims(const std::string& tenant) {
    std::size_t n = 0;
    store::ClaimFilter filter;
    filter.limit = 500;
    for (;;) {
      auto page = store_->ListClaims(tenant, filter);
      EXPECT_TRUE(page);
      if (!page) return n;
      n += page->claims.size();
      if (page->next_cursor.empty()) return n;
      filter.cursor = page->next_cursor;
    }
  }

  Response Ndjson(const std::string& body, const std::string& key = "") {
    return Call("POST", "/v1/claims/batch", submitter_, body, key,
                {{"Content-Type", "application/x-ndjson; charset=utf-8"}});
  }

  std::unique_ptr<ClaimsApi> claims_;
  std::unique_ptr<IntakeApi> intake_;
};

json WithoutMemberId() {
  json e = json::parse(Example("837p-simple.json"));
  e["subscriber"].erase("memberId");
  return e;
}

json WithBadNpi() {
  json e = json::parse(Example("837p-dependent.json"));
  e["billing"]["npi"] = "1234567890";  // wrong check digit
  return e;
}

std::set<std::string> Paths(const json& item) {
  std::set<std::string> paths;
  for (const auto& f : item["findings"]) paths.insert(f["path"].get<std::string>());
  return paths;
}

TEST_F(IntakeApiTest, ArrayBatchStoresTheGoodItemsAndNamesTheBadOnesByTheirPaths) {
  json batch = json::array({json::parse(Example("837p-simple.json")), WithoutMemberId(),
                            json::parse(Example("837i-outpatient.json")), WithBadNpi()});
  Response r = Call("POST", "/v1/claims/batch", submitter_, batch.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  json b = json::parse(r.body);
  EXPECT_EQ(b["accepted"], 2);
  EXPECT_EQ(b["rejected"], 2);
  ASSERT_EQ(b["items"].size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(b["items"][i]["index"], i);
  EXPECT_EQ(b["items"][0]["status"], 201);
  EXPECT_EQ(b["items"][2]["status"], 201);
  EXPECT_EQ(b["items"][2]["claimType"], "837I");
  EXPECT_EQ(b["items"][1]["status"], 422);
  EXPECT_EQ(b["items"][1]["error"]["code"], "edits_failed");
  EXPECT_EQ(Paths(b["items"][1]), std::set<std::string>{"[1].subscriber.memberId"});
  EXPECT_EQ(Paths(b["items"][3]), std::set<std::string>{"[3].billing.npi"});
  EXPECT_FALSE(b["items"][1].contains("id"));
  EXPECT_EQ(StoredClaims(tenant_a_), 2u);

  // Each stored item has its own claim, its account number and its built 837 segments.
  const json& first = b["items"][0];
  EXPECT_EQ(first["accountNumber"], "PCN0001");
  auto claim = store_->GetClaim(tenant_a_, first["id"], /*with_phi=*/true);
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->patient_control_number, first["patientControlNumber"]);
  EXPECT_NE(claim->claim_segments.find("CLM*" + claim->patient_control_number + "*"),
            std::string::npos);
  Response got = Call("GET", "/v1/claims/" + first["id"].get<std::string>(), biller_);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(json::parse(got.body)["accountNumber"], "PCN0001");
  EXPECT_EQ(Call("GET", "/v1/claims/" + first["id"].get<std::string>(), other_tenant_).status, 404);

  store_->Flush();
  auto audit = store_->ListAudit({});
  ASSERT_TRUE(audit);
  std::size_t created = 0, batches = 0;
  for (const auto& a : *audit) {
    created += a.action == "claim.create" && a.outcome == "created";
    batches += a.action == "claim.batch" && a.outcome == "partial";
  }
  EXPECT_EQ(created, 2u);
  EXPECT_EQ(batches, 1u);
}

TEST_F(IntakeApiTest, NdjsonBatchSkipsBlankLinesAndNamesTheLineOfEachFinding) {
  std::string body = json::parse(Example("837p-simple.json")).dump() + "\n\n" +
                     WithoutMemberId().dump() + "\r\n   \n" + WithBadNpi().dump() + "\n" +
                     json::parse(Example("837d-dental.json")).dump() + "\n";
  Response r = Ndjson(body);
  ASSERT_EQ(r.status, 200) << r.body;
  json b = json::parse(r.body);
  ASSERT_EQ(b["items"].size(), 4u);
  EXPECT_EQ(b["accepted"], 2);
  EXPECT_EQ(b["items"][0]["status"], 201);
  EXPECT_EQ(Paths(b["items"][1]), std::set<std::string>{"line 3: subscriber.memberId"});
  EXPECT_EQ(Paths(b["items"][2]), std::set<std::string>{"line 5: billing.npi"});
  EXPECT_EQ(b["items"][3]["claimType"], "837D");
  EXPECT_EQ(StoredClaims(tenant_a_), 2u);

  // A line holding an array is one bad item, not a refused batch.
  Response arr = Ndjson("[" + json::parse(Example("837p-simple.json")).dump() + "]\n");
  ASSERT_EQ(arr.status, 200) << arr.body;
  EXPECT_EQ(json::parse(arr.body)["items"][0]["findings"][0]["path"], "line 1: ");
}

TEST_F(IntakeApiTest, ABatchReplayedWithItsIdempotencyKeyReturnsTheSameClaims) {
  json batch = json::array({json::parse(Example("837p-simple.json")), WithoutMemberId(),
                            json::parse(Example("837p-secondary.json"))});
  Response first = Call("POST", "/v1/claims/batch", submitter_, batch.dump(), "batch-7");
  Response again = Call("POST", "/v1/claims/batch", submitter_, batch.dump(), "batch-7");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(StoredClaims(tenant_a_), 2u);

  // The same encounters as NDJSON are the same items: the keys "batch-7#0" ... replay too.
  std::string ndjson;
  for (const auto& e : batch) ndjson += e.dump() + "\n";
  json nd = json::parse(Ndjson(ndjson, "batch-7").body);
  EXPECT_EQ(nd["items"][0]["id"], json::parse(first.body)["items"][0]["id"]);
  EXPECT_EQ(nd["items"][2]["id"], json::parse(first.body)["items"][2]["id"]);
  EXPECT_EQ(StoredClaims(tenant_a_), 2u);

  // An item changed under the same key is refused alone; the others still replay.
  batch[2]["claimInformation"]["patientControlNumber"] = "OTHER1";
  json changed =
      json::parse(Call("POST", "/v1/claims/batch", submitter_, batch.dump(), "batch-7").body);
  EXPECT_EQ(changed["items"][0]["status"], 201);
  EXPECT_EQ(changed["items"][2]["status"], 422);
  EXPECT_EQ(changed["items"][2]["error"]["code"], "idempotency_key_reused");
  EXPECT_EQ(StoredClaims(tenant_a_), 2u);
  // Another tenant's key of the same name is its own.
  Response other = Call("POST", "/v1/claims/batch", other_tenant_, batch.dump(), "batch-7");
  EXPECT_EQ(json::parse(other.body)["accepted"], 2);
  EXPECT_EQ(StoredClaims(tenant_b_), 2u);
}

TEST_F(IntakeApiTest, ABatchOverTheLimitIsRefusedWholeNamingTheLimit) {
  IntakeApi small(*store_, {.today = [] { return std::string("20261127"); },
                            .time_of_day = {},
                            .max_batch_items = 3,
                            .known_payer = {}});
  Router router;
  small.Register(router);
  json batch = json::array();
  for (int i = 0; i < 4; ++i) batch.push_back(json::parse(Example("837p-simple.json")));
  Request r;
  r.method = "POST";
  r.path = r.target = "/v1/claims/batch";
  r.headers.Add("Authorization", "Bearer " + submitter_);
  r.body = batch.dump();
  Response over = router.Handle(r);
  EXPECT_EQ(over.status, 413);
  EXPECT_EQ(json::parse(over.body)["error"]["code"], "too_many_items");
  EXPECT_NE(json::parse(over.body)["error"]["message"].get<std::string>().find("at most 3"),
            std::string::npos);
  r.headers.Add("Content-Type", "application/x-ndjson");
  r.body.clear();
  for (const auto& e : batch) r.body += e.dump() + "\n";
  EXPECT_EQ(router.Handle(r).status, 413);
  EXPECT_EQ(StoredClaims(tenant_a_), 0u);
  batch.erase(0);
  r.body.clear();
  for (const auto& e : batch) r.body += e.dump() + "\n";
  EXPECT_EQ(router.Handle(r).status, 200);
}

TEST_F(IntakeApiTest, MalformedJsonIs400WithItsLineColumnAndByte) {
  std::string good = json::parse(Example("837p-simple.json")).dump();
  std::string body = "[\n" + good + ",\n  {oops}\n]";
  Response r = Call("POST", "/v1/claims/batch", submitter_, body);
  ASSERT_EQ(r.status, 400) << r.body;
  json e = json::parse(r.body)["error"];
  EXPECT_EQ(e["code"], "malformed_json");
  EXPECT_EQ(e["line"], 3);
  EXPECT_EQ(e["column"], 4);
  EXPECT_EQ(e["byte"], body.find("oops"));

  std::string nd = good + "\n" + good + "\n{\"claimType\": }\n";
  Response n = Ndjson(nd);
  ASSERT_EQ(n.status, 400) << n.body;
  json ne = json::parse(n.body)["error"];
  EXPECT_EQ(ne["line"], 3);
  EXPECT_EQ(ne["byte"], nd.find('}', 2 * (good.size() + 1)));
  EXPECT_EQ(StoredClaims(tenant_a_), 0u);

  EXPECT_EQ(Call("POST", "/v1/claims/batch", submitter_, good).status, 400);  // not an array
  EXPECT_EQ(Call("POST", "/v1/claims/batch", submitter_, "[]").status, 400);
  EXPECT_EQ(Ndjson("\n \n").status, 400);
}

TEST_F(IntakeApiTest, BothRoutesCheckKeyAndRole) {
  for (const char* route : {"/v1/claims/batch", "/v1/x12"}) {
    EXPECT_EQ(Call("POST", route, "", "[]").status, 401) << route;
    EXPECT_EQ(Call("POST", route, "cg_live_notakey", "[]").status, 401) << route;
    EXPECT_EQ(Call("POST", route, biller_, "[]").status, 403) << route;
    EXPECT_EQ(Call("POST", route, submitter_, "[]", std::string(300, 'k')).status, 400) << route;
  }
  std::string admin = Key(tenant_a_, store::Role::kAdmin);
  json batch = json::array({json::parse(Example("837p-simple.json"))});
  EXPECT_EQ(Call("POST", "/v1/claims/batch", admin, batch.dump()).status, 200);
  EXPECT_EQ(Call("POST", "/v1/x12", admin, Corpus(kCorpus837)).status, 200);
}

TEST_F(IntakeApiTest, ACorpus837CreatesOneClaimPerClmAndA999AcceptingEverySet) {
  Response r = Call("POST", "/v1/x12", submitter_, TwoSets());
  ASSERT_EQ(r.status, 200) << r.body;
  json b = json::parse(r.body);
  EXPECT_FALSE(b.contains("ta1"));
  EXPECT_TRUE(b["rejectedSets"].empty()) << r.body;
  ASSERT_EQ(b["claims"].size(), 3u) << r.body;
  EXPECT_EQ(b["accepted"], 3);
  std::vector<std::string> sets, clm01s;
  for (const auto& c : b["claims"]) {
    EXPECT_EQ(c["status"], 201) << c.dump();
    EXPECT_EQ(c["state"], "QUEUED");
    sets.push_back(c["transactionSet"]);
    clm01s.push_back(c["clm01"]);
    EXPECT_EQ(c["accountNumber"], c["clm01"]);
    auto claim = store_->GetClaim(tenant_a_, c["id"], /*with_phi=*/true);
    ASSERT_TRUE(claim);
    std::vector<std::string> body = pipeline::SplitClaimBody(claim->claim_segments);
    ASSERT_FALSE(body.empty());
    EXPECT_EQ(body.front().substr(0, 13 + claim->id.size()), "BHT*0019*00*" + claim->id + "*");
    EXPECT_NE(claim->claim_segments.find("\nCLM*" + claim->patient_control_number + "*100*"),
              std::string::npos)
        << claim->claim_segments;
    EXPECT_EQ(claim->payer_id, "999996666");
  }
  EXPECT_EQ(sets, (std::vector<std::string>{"0021", "0021", "0022"}));
  EXPECT_EQ(clm01s, (std::vector<std::string>{"26463774", "26463775", "26463774"}));
  EXPECT_EQ(StoredClaims(tenant_a_), 3u);

  // The 999: one AK2/IK5 per transaction set, all accepted, addressed back to the sender.
  std::vector<std::string> ack = Segments(b["ack999"]);
  std::vector<std::string> ik5, ak2;
  for (const std::string& s : ack) {
    if (s.rfind("IK5*", 0) == 0) ik5.push_back(s);
    if (s.rfind("AK2*", 0) == 0) ak2.push_back(s);
  }
  EXPECT_EQ(ak2,
            (std::vector<std::string>{"AK2*837*0021*005010X222A2", "AK2*837*0022*005010X222A2"}));
  EXPECT_EQ(ik5, (std::vector<std::string>{"IK5*A", "IK5*A"}));
  EXPECT_NE(b["ack999"].get<std::string>().find("AK9*A*2*2*2"), std::string::npos);
  EXPECT_EQ(ack.front().substr(0, 3), "ISA");
  EXPECT_NE(ack.front().find("*30*12345          *30*000000005      *"), std::string::npos)
      << ack.front();

  // The corpus file as it is: one claim, one IK5*A.
  Response single = Call("POST", "/v1/x12", submitter_, Corpus(kCorpus837));
  ASSERT_EQ(single.status, 200);
  EXPECT_EQ(json::parse(single.body)["claims"].size(), 1u);
}

TEST_F(IntakeApiTest, ABrokenSetIsRejectedInThe999WithItsPositionsAndTheGoodSetIsStored) {
  // Set 0022 with a wrong SE01: IK5*R*4; set 0021 is accepted and its two claims stored.
  Response r = Call("POST", "/v1/x12", submitter_, TwoSets({}, /*se01_delta=*/3));
  ASSERT_EQ(r.status, 200) << r.body;
  json b = json::parse(r.body);
  EXPECT_EQ(b["claims"].size(), 2u);
  EXPECT_EQ(StoredClaims(tenant_a_), 2u);
  ASSERT_EQ(b["rejectedSets"].size(), 1u);
  const json& set = b["rejectedSets"][0];
  EXPECT_EQ(set["st02"], "0022");
  ASSERT_FALSE(set["errors"].empty());
  EXPECT_EQ(set["errors"][0]["segmentId"], "SE");
  EXPECT_EQ(set["errors"][0]["code"], "count_mismatch");
  EXPECT_EQ(set["errors"][0]["segment"], 40);  // SE is the 40th segment of the set
  EXPECT_EQ(set["errors"][0]["element"], 1);
  std::string ack = b["ack999"];
  EXPECT_NE(ack.find("IK5*R*4"), std::string::npos) << ack;
  EXPECT_NE(ack.find("AK9*P*2*2*1"), std::string::npos) << ack;
}

TEST_F(IntakeApiTest, ASetWithoutItsClmIsRejectedWithTheMissingSegmentsLoop) {
  auto drop_clm = [](std::vector<std::string>* s) {
    for (std::size_t i = 0; i < s->size(); ++i) {
      if ((*s)[i].rfind("CLM*", 0) == 0) {
        s->erase(s->begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
    }
  };
  Response r = Call("POST", "/v1/x12", submitter_, TwoSets(drop_clm, 0));
  ASSERT_EQ(r.status, 200) << r.body;
  json b = json::parse(r.body);
  ASSERT_EQ(b["rejectedSets"].size(), 1u) << r.body;
  const json& set = b["rejectedSets"][0];
  EXPECT_EQ(set["st02"], "0022");
  bool named_clm = false;
  for (const auto& e : set["errors"]) {
    EXPECT_GT(e["segment"].get<int>(), 0);
    EXPECT_TRUE(e.contains("loop")) << e.dump();
    if (e.value("segmentId", "") == "CLM" ||
        e["message"].get<std::string>().find("CLM") != std::string::npos) {
      named_clm = true;
    }
  }
  EXPECT_TRUE(named_clm) << set.dump();
  std::string ack = b["ack999"];
  EXPECT_NE(ack.find("IK5*R*5"), std::string::npos) << ack;
  EXPECT_NE(ack.find("IK3*"), std::string::npos) << ack;
  EXPECT_EQ(b["claims"].size(), 2u);  // set 0021's two claims
}

TEST_F(IntakeApiTest, EveryRejectedSetMeansNothingStoredAnd200WithThe999AsTheAnswer) {
  std::string x12 = Corpus(kCorpus837);
  std::size_t se = x12.find("SE*40*0021");
  ASSERT_NE(se, std::string::npos);
  x12.replace(se, 10, "SE*41*0021");
  Response r = Call("POST", "/v1/x12", submitter_, x12);
  ASSERT_EQ(r.status, 200) << r.body;
  json b = json::parse(r.body);
  EXPECT_TRUE(b["claims"].empty());
  EXPECT_EQ(b["rejectedSets"].size(), 1u);
  EXPECT_NE(b["ack999"].get<std::string>().find("AK9*R*1*1*0"), std::string::npos);
  EXPECT_EQ(StoredClaims(tenant_a_), 0u);
}

TEST_F(IntakeApiTest, ABrokenIsaIsAnsweredWithATa1AndNoClaims) {
  std::string x12 = Corpus(kCorpus837);
  // ISA15 (usage) must be P or T.
  std::size_t usage = x12.find("*000000907*1*T*");
  ASSERT_NE(usage, std::string::npos);
  x12[usage + 13] = 'X';
  Response r = Call("POST", "/v1/x12", submitter_, x12);
  ASSERT_EQ(r.status, 200) << r.body;
  json b = json::parse(r.body);
  ASSERT_TRUE(b.contains("ta1")) << r.body;
  EXPECT_NE(b["ta1"].get<std::string>().find("TA1*000000907*131031*1147*R*020"), std::string::npos)
      << b["ta1"];
  EXPECT_EQ(b["ack999"], "");
  EXPECT_TRUE(b["claims"].empty());
  EXPECT_EQ(StoredClaims(tenant_a_), 0u);
}

TEST_F(IntakeApiTest, ABodyWithoutAnIsaIs400) {
  Response r = Call("POST", "/v1/x12", submitter_, "this is not an interchange");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "not_x12");
  EXPECT_EQ(Call("POST", "/v1/x12", submitter_, "").status, 400);
}

TEST_F(IntakeApiTest, X12ClaimsFailingTheEditsAreReportedAndNotStored) {
  // Valid X12, but the billing NPI's check digit is wrong and the ZIP has 5 digits.
  Response r = Call("POST", "/v1/x12", submitter_,
                    Corpus("837P/stupidedi__commercial-health-insurance.edi"));
  ASSERT_EQ(r.status, 422) << r.body;
  json b = json::parse(r.body);
  EXPECT_TRUE(b["rejectedSets"].empty());
  EXPECT_NE(b["ack999"].get<std::string>().find("IK5*A"), std::string::npos);
  ASSERT_EQ(b["claims"].size(), 1u);
  EXPECT_EQ(b["claims"][0]["status"], 422);
  std::set<std::string> paths = Paths(b["claims"][0]);
  EXPECT_TRUE(paths.count("billing.npi")) << r.body;
  EXPECT_EQ(StoredClaims(tenant_a_), 0u);
}

TEST_F(IntakeApiTest, AnX12ReplayedWithItsIdempotencyKeyReturnsTheSameClaims) {
  std::string x12 = TwoSets();
  json first = json::parse(Call("POST", "/v1/x12", submitter_, x12, "file-1").body);
  json again = json::parse(Call("POST", "/v1/x12", submitter_, x12, "file-1").body);
  ASSERT_EQ(first["claims"].size(), 3u);
  EXPECT_EQ(first["claims"], again["claims"]);
  EXPECT_EQ(StoredClaims(tenant_a_), 3u);
  // Each acknowledgment has its own interchange control number.
  EXPECT_NE(first["ack999"], again["ack999"]);
}

// Not a benchmark (tests/bench has the HTTPS load generator): the time of one 1,000-item batch
// through the handler, printed for the README, and the commits it took.
TEST_F(IntakeApiTest, AThousandItemBatchIsStoredWhole) {
  std::string item = json::parse(Example("837p-simple.json")).dump();
  std::string body;
  for (int i = 0; i < 1000; ++i) body += item + "\n";
  store::StoreStats before = store_->Stats();
  auto start = std::chrono::steady_clock::now();
  Response r = Ndjson(body);
  auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["accepted"], 1000);
  EXPECT_EQ(StoredClaims(tenant_a_), 1000u);
  store::StoreStats after = store_->Stats();
  std::cout << "[ batch ] 1000 encounters (" << body.size() / 1024 << " KiB NDJSON) in "
            << ms.count() << " ms through the handler, " << after.transactions - before.transactions
            << " commit(s)\n";
}

}  // namespace
}  // namespace claimgate::api
