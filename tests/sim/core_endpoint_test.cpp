// The simulator's CORE endpoint over real TLS: api::Server with certificates from
// certs/make-dev-certs.sh, the gateway's CoreClient submitting an 837 and retrieving the 999,
// then the 277CA and the 835, in SOAP and MIME; wrong credentials and the 5xx faults.
#include "src/sim/core_endpoint.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "edi/hipaa/claim_status.hpp"
#include "src/api/server.hpp"
#include "src/sim/status_answer.hpp"
#include "src/transport/core_client.hpp"
#include "tests/sim/sim_test_util.hpp"
#include "tests/support/dev_certs.hpp"

namespace claimgate::sim {
namespace {
namespace fs = std::filesystem;

using testing::Build837;
using testing::Errors;
using testing::Example;
using transport::CoreClient;
using transport::CoreEncoding;
using transport::CoreMessageType;

constexpr char kPassword[] = "synthetic-sim-password";

class CoreEndpointTest : public ::testing::TestWithParam<CoreEncoding> {
 protected:
  static void SetUpTestSuite() { ASSERT_FALSE(claimgate::testing::DevCerts().empty()); }

  void SetUp() override {
    char tmpl[] = "/tmp/claimgate-sim-state-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    config_.state_dir = dir_;
    config_.delay_277ca_ms = 0;
    config_.delay_835_ms = 0;
    config_.sftp.enabled = false;
    config_.core.password = kPassword;
  }
  void TearDown() override {
    if (server_) server_->RequestShutdown();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    endpoint_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  void Start() {
    state_ = std::make_unique<State>(config_);
    ASSERT_TRUE(state_->Open());
    endpoint_ = std::make_unique<CoreEndpoint>(*state_);
    api::Router router;
    endpoint_->Register(router);
    core::ServerConfig server;
    server.port = 0;
    server.io_threads = 1;
    server.worker_threads = 2;
    server.tls.cert_file = claimgate::testing::DevCerts() + "/server.crt";
    server.tls.key_file = claimgate::testing::DevCerts() + "/server.key";
    server_ =
        std::make_unique<api::Server>(server, core::LimitsConfig{}, std::move(router), nullptr);
    auto started = server_->Start();
    ASSERT_TRUE(started) << started.error().message;
    thread_ = std::thread([this] { server_->Run(false); });
  }

  edi::Result<transport::CoreMessage> Send(CoreMessageType type, const std::string& payload_type,
                                           std::string payload,
                                           const std::string& password = kPassword) {
    transport::CoreClientOptions o;
    o.ca_file = claimgate::testing::DevCerts() + "/ca.crt";
    o.timeout = std::chrono::milliseconds(5000);
    // A fresh client (and resend guard) per call: retrievals repeat on purpose.
    CoreClient client(o);
    auto request =
        transport::MakeCoreEnvelope(type, payload_type, "CLAIMGATE", "SIMCORE", std::move(payload));
    return client.Exchange("https://127.0.0.1:" + std::to_string(server_->port()) + "/core",
                           request, {"claimgate", password}, GetParam());
  }
  edi::Result<transport::CoreMessage> Submit(std::uint64_t isa13) {
    return Send(CoreMessageType::kBatchSubmission, "X12_837_Request_005010X222A1",
                Build837({Example("837p-simple.json")}, isa13));
  }
  edi::Result<transport::CoreMessage> Acks() {
    return Send(CoreMessageType::kBatchSubmissionAckRetrievalRequest,
                "X12_999_RetrievalRequest_005010X231A1", "");
  }
  edi::Result<transport::CoreMessage> Results() {
    return Send(CoreMessageType::kBatchResultsRetrievalRequest, "X12_005010_Request_Batch_Results",
                "");
  }

  std::string dir_;
  SimConfig config_;
  std::unique_ptr<State> state_;
  std::unique_ptr<CoreEndpoint> endpoint_;
  std::unique_ptr<api::Server> server_;
  std::thread thread_;
};

TEST_P(CoreEndpointTest, SubmitThenRetrieve999Then277caAnd835) {
  Start();
  auto submitted = Submit(71);
  ASSERT_TRUE(submitted) << submitted.error().message;
  EXPECT_EQ(submitted->envelope.type, CoreMessageType::kBatchSubmissionResponse);
  EXPECT_EQ(submitted->envelope.error_code, "Success");

  auto ack = Acks();
  ASSERT_TRUE(ack) << ack.error().message;
  EXPECT_EQ(ack->envelope.type, CoreMessageType::kBatchSubmissionAckRetrievalResponse);
  EXPECT_EQ(ack->envelope.payload_type, "X12_999_Response_005010X231A1");
  EXPECT_NE(ack->envelope.payload.find("ST*999*"), std::string::npos);
  EXPECT_TRUE(Errors(ack->envelope.payload).empty());
  auto none = Acks();
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ(none->envelope.error_message, "NoResultsPending");
  EXPECT_TRUE(none->envelope.payload.empty());

  std::vector<std::string> types;
  for (int i = 0; i < 3; ++i) {
    auto result = Results();
    ASSERT_TRUE(result) << result.error().message;
    if (result->envelope.payload.empty()) {
      EXPECT_EQ(result->envelope.error_message, "NoResultsPending");
      break;
    }
    EXPECT_TRUE(Errors(result->envelope.payload).empty());
    types.push_back(result->envelope.payload_type);
  }
  EXPECT_EQ(types, (std::vector<std::string>{"X12_277CA_Response_005010X214",
                                             "X12_835_Response_005010X221A1"}));
}

TEST_P(CoreEndpointTest, WrongPasswordIsRefusedAndNothingIsAnswered) {
  Start();
  auto refused = Send(CoreMessageType::kBatchSubmission, "X12_837_Request_005010X222A1",
                      Build837({Example("837p-simple.json")}, 72), "not-the-password");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "http_status");
  EXPECT_NE(refused.error().message.find("401"), std::string::npos);
  EXPECT_EQ(state_->interchanges(), 0u);
}

TEST_P(CoreEndpointTest, FirstNRequestsGet503) {
  config_.faults.http_5xx_first_n = 2;
  Start();
  for (int i = 0; i < 2; ++i) {
    auto failed = Submit(73);
    ASSERT_FALSE(failed);
    EXPECT_NE(failed.error().message.find("503"), std::string::npos);
  }
  EXPECT_EQ(state_->interchanges(), 0u);
  EXPECT_TRUE(Submit(73));
  EXPECT_EQ(state_->interchanges(), 1u);
}

TEST_P(CoreEndpointTest, EveryNthRequestGets503) {
  config_.faults.http_5xx_every_n = 2;
  Start();
  EXPECT_TRUE(Acks());   // 1
  EXPECT_FALSE(Acks());  // 2
  EXPECT_TRUE(Acks());   // 3
  EXPECT_FALSE(Acks());  // 4
}

TEST_P(CoreEndpointTest, DuplicateAckFaultHandsOutThe999Twice) {
  config_.faults.duplicate_ack = true;
  Start();
  ASSERT_TRUE(Submit(74));
  auto first = Acks();
  auto second = Acks();
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(first->envelope.payload.empty());
  EXPECT_EQ(first->envelope.payload, second->envelope.payload);
  auto third = Acks();
  ASSERT_TRUE(third);
  EXPECT_EQ(third->envelope.error_message, "NoResultsPending");
}

TEST_P(CoreEndpointTest, DelayAckKeepsThe999BackUntilItIsDue) {
  config_.faults.delay_ack_ms = 600;
  Start();
  ASSERT_TRUE(Submit(75));
  auto early = Acks();
  ASSERT_TRUE(early);
  EXPECT_EQ(early->envelope.error_message, "NoResultsPending");
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  auto later = Acks();
  ASSERT_TRUE(later);
  EXPECT_EQ(later->envelope.payload_type, "X12_999_Response_005010X231A1");
}

// Real time: a 276 for the claim of an interchange already submitted gets its 277 at once (the
// 835 is due at once here, so the claim is paid: F1/65), one for a claim never sent gets A4/35.
TEST_P(CoreEndpointTest, RealTime276IsAnsweredWithA277ForKnownAndUnknownClaims) {
  Start();
  ASSERT_TRUE(Submit(76));
  for (const char* pcn : {"PCN0001", "NEVERSENT1"}) {
    SCOPED_TRACE(pcn);
    const std::string x276 = testing::Build276(Example("837p-simple.json"), pcn);
    ASSERT_FALSE(x276.empty());
    auto answer =
        Send(CoreMessageType::kRealTimeRequest, std::string(kStatusRequestPayloadType), x276);
    ASSERT_TRUE(answer) << answer.error().message;
    EXPECT_EQ(answer->envelope.type, CoreMessageType::kRealTimeResponse);
    EXPECT_EQ(answer->envelope.processing_mode, "RealTime");
    ASSERT_EQ(answer->envelope.payload_type, kStatusResponsePayloadType);
    EXPECT_TRUE(Errors(answer->envelope.payload).empty());
    std::vector<edi::hipaa::StatusRecord> records;
    for (auto& r : edi::hipaa::ReadStatusRecords(answer->envelope.payload, nullptr, nullptr)) {
      if (r.level == edi::hipaa::StatusLevel::kClaim) records.push_back(std::move(r));
    }
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].trace_number, pcn);
    const edi::hipaa::StatusCode& code = records[0].statuses.at(0).codes.at(0);
    const bool known = std::string(pcn) == "PCN0001";
    EXPECT_EQ(code.category, known ? "F1" : "A4");
    EXPECT_EQ(code.status, known ? "65" : "35");
    EXPECT_EQ(records[0].payer_claim_control_number, known ? "SIM000000076-1" : "");
  }
}

TEST_P(CoreEndpointTest, RealTimeWithAnotherPayloadTypeIsACoreError) {
  Start();
  auto answer = Send(CoreMessageType::kRealTimeRequest, "X12_270_Request_005010X279A1",
                     Build837({Example("837p-simple.json")}, 78));
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, "core_error");
  EXPECT_EQ(answer.error().message.rfind("PayloadTypeIllegal", 0), 0u) << answer.error().message;
  EXPECT_EQ(state_->interchanges(), 0u);
}

// A 276 request that cannot be answered with a 277: text is a CORE error, an 837 sent as a 276
// gets a 999 rejecting it (ErrorCode Success: the envelope was fine, the X12 was not).
TEST_P(CoreEndpointTest, RealTimeWithAnUnanswerablePayloadGetsACoreErrorOrA999) {
  Start();
  const std::string type(kStatusRequestPayloadType);
  auto text = Send(CoreMessageType::kRealTimeRequest, type, "not an interchange");
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().message.rfind("PayloadIllegal", 0), 0u) << text.error().message;
  auto wrong =
      Send(CoreMessageType::kRealTimeRequest, type, Build837({Example("837p-simple.json")}, 79));
  ASSERT_TRUE(wrong) << wrong.error().message;
  EXPECT_EQ(wrong->envelope.payload_type, k999PayloadType);
  EXPECT_NE(wrong->envelope.payload.find("IK5*R"), std::string::npos);
  EXPECT_EQ(state_->interchanges(), 0u);  // a real-time request is not a submission
}

INSTANTIATE_TEST_SUITE_P(Encodings, CoreEndpointTest,
                         ::testing::Values(CoreEncoding::kSoap, CoreEncoding::kMime),
                         [](const ::testing::TestParamInfo<CoreEncoding>& p) {
                           return std::string(p.param == CoreEncoding::kSoap ? "Soap" : "Mime");
                         });

}  // namespace
}  // namespace claimgate::sim
