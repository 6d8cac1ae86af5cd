// POST /v1/claims/{id}/status-inquiry end to end on loopback: the gateway's route (router, real
// SQLite store, pipeline::RealtimeStatus with a real CoreClient) against the payer simulator's
// CORE endpoint on a real TLS api::Server (certificates from certs/make-dev-certs.sh). The
// simulator learns the claim from its 837 (State::Receive, as a BatchSubmission does), then
// answers the 276 in real time. Synthetic data only.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "edi/hipaa/claim_builder.hpp"
#include "src/api/claims_api.hpp"
#include "src/api/server.hpp"
#include "src/api/status_inquiry_api.hpp"
#include "src/core/encounter_json.hpp"
#include "src/pipeline/realtime_status.hpp"
#include "src/sim/core_endpoint.hpp"
#include "tests/api/api_test_fixture.hpp"
#include "tests/support/dev_certs.hpp"

namespace claimgate::api {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using testing::Example;

constexpr char kPassword[] = "synthetic-realtime-password";

class RealtimeStatusApiTest : public testing::ApiTest {
 protected:
  static void SetUpTestSuite() { ASSERT_FALSE(claimgate::testing::DevCerts().empty()); }

  void SetUp() override {
    testing::ApiTest::SetUp();
    biller_b_ = Key(tenant_b_, store::Role::kBiller);
    sim_.state_dir = dir_.File("sim");
    sim_.delay_277ca_ms = 0;
    sim_.delay_835_ms = 0;
    sim_.sftp.enabled = false;
    sim_.core.password = kPassword;
    std::ofstream(dir_.File("core-password")) << kPassword;
  }
  void TearDown() override {
    if (server_) server_->RequestShutdown();
    if (thread_.joinable()) thread_.join();
  }

  // The payer simulator's CORE endpoint on 127.0.0.1, any free port.
  void StartSim() {
    state_ = std::make_unique<sim::State>(sim_);
    ASSERT_TRUE(state_->Open());
    endpoint_ = std::make_unique<sim::CoreEndpoint>(*state_);
    Router router;
    endpoint_->Register(router);
    core::ServerConfig server;
    server.port = 0;
    server.io_threads = 1;
    server.worker_threads = 2;
    server.tls.cert_file = claimgate::testing::DevCerts() + "/server.crt";
    server.tls.key_file = claimgate::testing::DevCerts() + "/server.key";
    server_ = std::make_unique<Server>(server, core::LimitsConfig{}, std::move(router), nullptr);
    auto started = server_->Start();
    ASSERT_TRUE(started) << started.error().message;
    thread_ = std::thread([this] { server_->Run(false); });
  }

  // The docs/examples payer (SYNPAYER01) pointing at the simulator.
  core::PayerConfig Payer(core::TransportKind kind) const {
    core::PayerConfig p;
    p.source = "payers/test-rt.toml";
    p.id = "SYNPAYER01";
    p.isa = {"ZZ", "CLAIMGATE", "ZZ", "SIMCORE", 'T'};
    p.gs = {"CLAIMGATE", "SIMCORE"};
    p.transport = kind;
    p.core.url = "https://127.0.0.1:" + std::to_string(server_ ? server_->port() : 9) + "/core";
    p.core.username = "claimgate";
    p.core.password = {core::SecretRef::Kind::kFile, dir_.File("core-password")};
    p.core.ca_file = claimgate::testing::DevCerts() + "/ca.crt";
    p.core.sender_id = "CLAIMGATE";
    p.core.receiver_id = "SIMCORE";
    return p;
  }

  // The gateway's routes: claims (create, read) and the status inquiry with `payers`.
  void Wire(std::vector<core::PayerConfig> payers) {
    claims_ = std::make_unique<ClaimsApi>(*store_);
    claims_->Register(router_);
    pipeline::RealtimeStatusOptions o;
    o.timeout = std::chrono::milliseconds(5000);
    realtime_ = std::make_unique<pipeline::RealtimeStatus>(*store_, std::move(payers), nullptr, o);
    StatusInquiryApiOptions options;
    options.realtime = realtime_.get();
    inquiry_ = std::make_unique<StatusInquiryApi>(*store_, std::move(options));
    inquiry_->Register(router_);
  }

  // Creates a claim from docs/examples/837p-simple.json; returns {id, patientControlNumber}.
  std::pair<std::string, std::string> Create() {
    Response created = Call("POST", "/v1/claims", submitter_, Example("837p-simple.json"));
    EXPECT_EQ(created.status, 201) << created.body;
    json c = json::parse(created.body);
    return {c["id"], c["patientControlNumber"]};
  }

  // Hands the claim's 837 to the simulator the way a BatchSubmission does.
  void SendToSim(const std::string& claim_id, const std::string& pcn) {
    auto claim = store_->GetClaim(tenant_a_, claim_id, true);
    ASSERT_TRUE(claim);
    core::EncounterParse parse = core::ParseEncounterJson(claim->encounter_json);
    ASSERT_EQ(parse.encounters.size(), 1u);
    parse.encounters[0].claim.patient_control_number = pcn;
    edi::hipaa::BuildOptions o;
    o.interchange.sender_id = "CLAIMGATE";
    o.interchange.receiver_id = "SIMCORE";
    o.interchange.control_number = 801;
    o.interchange.usage = 'T';
    o.date = "20261127";
    o.time = "0300";
    auto built = edi::hipaa::BuildInterchange(parse.encounters, o);
    ASSERT_TRUE(built) << built.error().message;
    auto received = state_->Receive("core", "core:test-" + pcn, *built);
    ASSERT_TRUE(received && *received);
  }

  std::vector<store::StatusRecord> Stored(const std::string& claim_id) {
    auto list = store_->ListStatusRecords(tenant_a_, claim_id);
    EXPECT_TRUE(list);
    return list ? *list : std::vector<store::StatusRecord>{};
  }

  std::string biller_b_;
  sim::SimConfig sim_;
  std::unique_ptr<sim::State> state_;
  std::unique_ptr<sim::CoreEndpoint> endpoint_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::unique_ptr<ClaimsApi> claims_;
  std::unique_ptr<pipeline::RealtimeStatus> realtime_;
  std::unique_ptr<StatusInquiryApi> inquiry_;
};

TEST_F(RealtimeStatusApiTest, PaidClaimGetsF1StatusStoredAndShownOnTheClaim) {
  StartSim();
  Wire({Payer(core::TransportKind::kCore)});
  auto [id, pcn] = Create();
  SendToSim(id, pcn);

  Response r = Call("POST", "/v1/claims/" + id + "/status-inquiry", biller_);
  ASSERT_EQ(r.status, 200) << r.body;
  json body = json::parse(r.body);
  EXPECT_EQ(body["claimId"], id);
  const std::string file = body["inboundFileId"];
  EXPECT_FALSE(file.empty());
  EXPECT_EQ(std::string(body["payloadId"]).size(), 36u);
  ASSERT_EQ(body["statuses"].size(), 1u);
  EXPECT_EQ(body["statuses"][0]["source"], "277");
  EXPECT_EQ(body["statuses"][0]["categoryCode"], "F1");
  EXPECT_EQ(body["statuses"][0]["statusCode"], "65");
  EXPECT_EQ(body["statuses"][0]["payerClaimControlNumber"], "SIM000000801-1");
  EXPECT_EQ(body["statuses"][0]["claimId"], id);

  Response claim = Call("GET", "/v1/claims/" + id, biller_);
  ASSERT_EQ(claim.status, 200) << claim.body;
  bool shown = false;
  const json claim_json = json::parse(claim.body);
  for (const json& s : claim_json["statusRecords"]) {
    shown |= s["source"] == "277" && s["category"] == "F1" && s["inboundFileId"] == file;
  }
  EXPECT_TRUE(shown) << claim.body;

  // A second inquiry is a new exchange (fresh ISA13 and PayloadID), stored as a new file.
  Response again = Call("POST", "/v1/claims/" + id + "/status-inquiry", biller_);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_NE(json::parse(again.body)["inboundFileId"], file);
  EXPECT_NE(json::parse(again.body)["payloadId"], body["payloadId"]);
  EXPECT_EQ(Stored(id).size(), 2u);
}

TEST_F(RealtimeStatusApiTest, ClaimThePayerNeverReceivedIsA4NotFound) {
  StartSim();
  Wire({Payer(core::TransportKind::kCore)});
  auto [id, pcn] = Create();
  Response r = Call("POST", "/v1/claims/" + id + "/status-inquiry", biller_);
  ASSERT_EQ(r.status, 200) << r.body;
  json body = json::parse(r.body);
  ASSERT_EQ(body["statuses"].size(), 1u);
  EXPECT_EQ(body["statuses"][0]["categoryCode"], "A4");
  EXPECT_EQ(body["statuses"][0]["statusCode"], "35");
  EXPECT_EQ(body["statuses"][0]["patientControlNumber"], pcn);
}

TEST_F(RealtimeStatusApiTest, PayerWithoutCoreTransportIs409) {
  StartSim();
  Wire({Payer(core::TransportKind::kSftp)});
  auto [id, pcn] = Create();
  Response r = Call("POST", "/v1/claims/" + id + "/status-inquiry", biller_);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "no_realtime_channel") << r.body;
  EXPECT_TRUE(Stored(id).empty());
}

TEST_F(RealtimeStatusApiTest, PayerOutageIs502AndNothingIsStored) {
  sim_.faults.http_5xx_first_n = 1;
  StartSim();
  Wire({Payer(core::TransportKind::kCore)});
  auto [id, pcn] = Create();
  SendToSim(id, pcn);
  Response r = Call("POST", "/v1/claims/" + id + "/status-inquiry", biller_);
  EXPECT_EQ(r.status, 502) << r.body;
  json error = json::parse(r.body)["error"];
  EXPECT_EQ(error["code"], "payer_unavailable");
  EXPECT_NE(std::string(error["message"]).find("503"), std::string::npos) << r.body;
  EXPECT_TRUE(Stored(id).empty());
  auto unmatched = store_->ListUnmatchedStatus(100);
  ASSERT_TRUE(unmatched);
  EXPECT_TRUE(unmatched->empty());
  // The payer is back: the next inquiry gets through.
  EXPECT_EQ(Call("POST", "/v1/claims/" + id + "/status-inquiry", biller_).status, 200);
}

TEST_F(RealtimeStatusApiTest, AnotherTenantsClaimIs404AndSubmittersAre403) {
  StartSim();
  Wire({Payer(core::TransportKind::kCore)});
  auto [id, pcn] = Create();
  Response other = Call("POST", "/v1/claims/" + id + "/status-inquiry", biller_b_);
  EXPECT_EQ(other.status, 404) << other.body;
  EXPECT_EQ(Call("POST", "/v1/claims/clm_nosuchclaim/status-inquiry", biller_).status, 404);
  EXPECT_EQ(Call("POST", "/v1/claims/" + id + "/status-inquiry", submitter_).status, 403);
  EXPECT_TRUE(Stored(id).empty());
  EXPECT_EQ(endpoint_->requests(), 0u);  // nothing reached the payer
}

}  // namespace
}  // namespace claimgate::api
