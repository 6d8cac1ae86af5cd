#include "src/api/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "spdlog/sinks/ostream_sink.h"
#include "spdlog/spdlog.h"
#include "src/api/ops_routes.hpp"
#include "src/ops/metrics.hpp"
#include "tests/api/test_client.hpp"
#include "tests/support/dev_certs.hpp"

namespace claimgate::api {
namespace {

using claimgate::testing::Client;
using claimgate::testing::Reply;
using claimgate::testing::TlsOptions;
using Ms = std::chrono::milliseconds;

std::string g_certs;  // the process's development certificates

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    g_certs = claimgate::testing::DevCerts();
    ASSERT_FALSE(g_certs.empty());
  }

  void SetUp() override {
    server_config_.address = "127.0.0.1";
    server_config_.port = 0;
    server_config_.io_threads = 2;
    server_config_.worker_threads = 2;
    server_config_.shutdown_grace_ms = 3000;
    server_config_.tls.cert_file = g_certs + "/server.crt";
    server_config_.tls.key_file = g_certs + "/server.key";
    server_config_.tls.ca_file = g_certs + "/ca.crt";
    limits_.header_bytes = 2048;
    limits_.body_bytes = 1024;
    limits_.bulk_body_bytes = 64 * 1024;
    limits_.request_timeout_ms = 1000;
    limits_.idle_timeout_ms = 1500;
    limits_.connections_per_ip = 3;
    limits_.max_connections = 100;
    AddOpsRoutes(router_, metrics_, readiness_, /*platform_keys=*/nullptr);
    router_.Add("POST", "/echo",
                [](const Request& r) {
                  return Response::Text(200,
                                        "len=" + std::to_string(r.body.size()) + " body=" + r.body);
                },
                {.body = BodyClass::kNormal, .public_route = true});
    router_.Add("POST", "/bulk",
                [](const Request& r) {
                  return Response::Text(200, "len=" + std::to_string(r.body.size()));
                },
                {.body = BodyClass::kBulk, .public_route = true});
    router_.Add(
        "GET", "/whoami",
        [](const Request& r) {
          return Response::Text(200, r.client_cert.present ? r.client_cert.subject + "|" +
                                                                 r.client_cert.sha256_fingerprint
                                                           : "anonymous");
        },
        {.public_route = true});
    router_.Add("GET", "/slow",
                [this](const Request&) {
                  slow_started_ = true;
                  std::this_thread::sleep_for(Ms(slow_ms_));
                  slow_finished_ = true;
                  return Response::Text(200, "slow done");
                },
                {.blocking = true, .public_route = true});
    router_.Add("GET", "/thread",
                [](const Request&) {
                  std::ostringstream id;
                  id << std::this_thread::get_id();
                  return Response::Text(200, id.str());
                },
                {.blocking = true, .public_route = true});
  }

  void TearDown() override { Stop(); }

  void Start() {
    server_ = std::make_unique<Server>(server_config_, limits_, std::move(router_), &metrics_);
    edi::Result<void> started = server_->Start();
    ASSERT_TRUE(started) << started.error().message;
    server_->SetStoppedHook([this] { stopped_hook_saw_slow_finished_ = slow_finished_.load(); });
    port_ = server_->port();
    thread_ = std::thread([this] { server_->Run(false); });
  }

  void Stop() {
    if (!server_) return;
    server_->RequestShutdown();
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }

  TlsOptions Tls() const {
    TlsOptions o;
    o.ca_file = g_certs + "/ca.crt";
    return o;
  }

  std::unique_ptr<Client> Connect(TlsOptions o) {
    std::string error;
    auto c = Client::Connect(port_, o, &error);
    EXPECT_NE(c, nullptr) << error;
    return c;
  }
  std::unique_ptr<Client> Connect() { return Connect(Tls()); }

  // Sends raw bytes on a fresh connection and returns the reply (status 0 when none).
  Reply Exchange(const std::string& bytes, bool* closed_after = nullptr) {
    auto c = Connect();
    if (!c) return {};
    c->Send(bytes);
    std::optional<Reply> r = c->ReadReply();
    if (closed_after) *closed_after = c->ClosedWithin(2000);
    return r.value_or(Reply{});
  }

  core::ServerConfig server_config_;
  core::LimitsConfig limits_;
  ops::Registry metrics_;
  Readiness readiness_;
  Router router_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  uint16_t port_ = 0;
  int slow_ms_ = 800;
  std::atomic<bool> slow_started_{false};
  std::atomic<bool> slow_finished_{false};
  std::atomic<bool> stopped_hook_saw_slow_finished_{false};
};

const char kGetHealth[] = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";

TEST_F(ServerTest, Tls12AndTls13BothServeRequests) {
  Start();
  for (int version : {TLS1_2_VERSION, TLS1_3_VERSION}) {
    TlsOptions o = Tls();
    o.min_version = o.max_version = version;
    auto c = Connect(o);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(SSL_version(c->ssl()), version);
    c->Send(kGetHealth);
    std::optional<Reply> r = c->ReadReply();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "ok\n");
    EXPECT_TRUE(r->Has("Strict-Transport-Security"));
  }
}

TEST_F(ServerTest, Tls11IsRefused) {
  Start();
  TlsOptions o = Tls();
  o.min_version = o.max_version = TLS1_1_VERSION;
  std::string error;
  EXPECT_EQ(Client::Connect(port_, o, &error), nullptr);
}

TEST_F(ServerTest, NonAeadCipherSuiteIsRefused) {
  Start();
  TlsOptions o = Tls();
  o.max_version = TLS1_2_VERSION;
  o.ciphers12 = "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256";
  std::string error;
  EXPECT_EQ(Client::Connect(port_, o, &error), nullptr);
  o.ciphers12 = "ECDHE-ECDSA-CHACHA20-POLY1305";  // the same client with an AEAD suite works
  EXPECT_NE(Client::Connect(port_, o, &error), nullptr) << error;
}

// What a client with a certificate learns from /whoami, or the empty string without an answer.
std::string WhoAmI(uint16_t port, const TlsOptions& o) {
  auto c = Client::Connect(port, o);
  if (!c) return "";
  if (!c->Send("GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n")) return "";
  std::optional<Reply> r = c->ReadReply(3000);
  return r ? r->body : "";
}

std::string FingerprintOf(const std::string& pem_file) {
  FILE* f = std::fopen(pem_file.c_str(), "r");
  X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  X509_digest(cert, EVP_sha256(), md, &len);
  X509_free(cert);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", md[i]);
    hex += buf;
  }
  return hex;
}

TEST_F(ServerTest, RequiredClientCertificateRefusesClientsWithoutOne) {
  server_config_.tls.client_cert = core::ClientCertMode::kRequired;
  Start();
  for (int version : {TLS1_2_VERSION, TLS1_3_VERSION}) {
    TlsOptions o = Tls();
    o.max_version = version;
    EXPECT_EQ(WhoAmI(port_, o), "") << version;  // TLS 1.3 fails after the client's Finished
    o.cert_file = g_certs + "/client.crt";
    o.key_file = g_certs + "/client.key";
    EXPECT_EQ(WhoAmI(port_, o), "CN=claimgate-dev-client,O=claimgate development|" +
                                    FingerprintOf(g_certs + "/client.crt"))
        << version;
  }
}

TEST_F(ServerTest, OptionalClientCertificateIsPassedToHandlersWhenSent) {
  server_config_.tls.client_cert = core::ClientCertMode::kOptional;
  Start();
  TlsOptions o = Tls();
  EXPECT_EQ(WhoAmI(port_, o), "anonymous");
  o.cert_file = g_certs + "/client.crt";
  o.key_file = g_certs + "/client.key";
  EXPECT_NE(WhoAmI(port_, o).find(FingerprintOf(g_certs + "/client.crt")), std::string::npos);
  // A certificate from another CA (the server's own leaf is no CA) fails the handshake.
  o.cert_file = g_certs + "/server.crt";
  o.key_file = g_certs + "/server.key";
  EXPECT_EQ(WhoAmI(port_, o), "");
}

TEST_F(ServerTest, BodyFramedByLengthOrChunksIsReadAndKeepAliveWorks) {
  Start();
  auto c = Connect();
  ASSERT_NE(c, nullptr);
  c->Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
  std::optional<Reply> r = c->ReadReply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "len=5 body=hello");
  c->Send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
      "chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  r = c->ReadReply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "len=5 body=abcde");
  EXPECT_TRUE(r->Has("X-Request-Id: "));
}

TEST_F(ServerTest, EveryAmbiguousFramingGets400AndClose) {
  Start();
  const std::vector<std::string> attacks = {
      "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
      "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
      "transfer-encoding: CHUNKED\r\ncontent-length: 5\r\n",
      "Content-Length: 5\r\nTransfer-Encoding: identity\r\n",
      "Transfer-Encoding: gzip\r\nContent-Length: 5\r\n",
      "Content-Length: 5\r\nTransfer-Encoding:\tchunked\r\n",
      "Content-Length: 5\r\nContent-Length: 6\r\n",
      "Content-Length: 5, 6\r\n",
      "Content-Length: +5\r\n",
      "Content-Length: 0x5\r\n",
      "Transfer-Encoding: gzip\r\n",
      "Transfer-Encoding: chunked, gzip\r\n",
      "Transfer-Encoding: gzip, chunked\r\n",
      "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
      "Transfer_Encoding: chunked\r\nContent-Length: 5\r\n",
      "Transfer-Encoding : chunked\r\n",
      "Content-Length : 5\r\n",
  };
  for (const std::string& headers : attacks) {
    bool closed = false;
    Reply r =
        Exchange("POST /echo HTTP/1.1\r\nHost: x\r\n" + headers + "\r\nhello0\r\n\r\n", &closed);
    EXPECT_EQ(r.status, 400) << headers;
    EXPECT_TRUE(r.Has("Connection: close")) << headers;
    EXPECT_TRUE(closed) << headers;
  }
  bool closed = false;
  Reply r = Exchange("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", &closed);
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(closed);
}

// RFC 9112: an HTTP/1.1 request carries exactly one Host. HTTP/1.0 may omit it.
TEST_F(ServerTest, ARequestWithoutHostOrWithTwoIs400) {
  Start();
  bool closed = false;
  Reply r = Exchange("GET /healthz HTTP/1.1\r\n\r\n", &closed);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("bad_host"), std::string::npos) << r.body;
  EXPECT_TRUE(closed);
  EXPECT_EQ(Exchange("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").status, 400);
  EXPECT_EQ(Exchange("GET /healthz HTTP/1.0\r\n\r\n").status, 200);
  EXPECT_EQ(Exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status, 200);
}

// A route that names its body's media types refuses any other before reading the body.
TEST_F(ServerTest, ABodyOfAnotherMediaTypeIs415) {
  router_.Add("POST", "/json", [](const Request& r) { return Response::Text(200, r.body); },
              {.body = BodyClass::kNormal, .public_route = true, .content_types = kJsonBody});
  Start();
  auto post = [&](const std::string& content_type) {
    return Exchange("POST /json HTTP/1.1\r\nHost: x\r\n" + content_type +
                    "Content-Length: 2\r\n\r\n{}");
  };
  EXPECT_EQ(post("Content-Type: application/json\r\n").status, 200);
  EXPECT_EQ(post("Content-Type: Application/JSON; charset=utf-8\r\n").status, 200);
  for (const char* refused : {"", "Content-Type: application/x-www-form-urlencoded\r\n",
                              "Content-Type: text/plain\r\n", "Content-Type: application/jsonx\r\n"}) {
    Reply r = post(refused);
    EXPECT_EQ(r.status, 415) << refused;
    EXPECT_NE(r.body.find("application/json"), std::string::npos) << r.body;
  }
}

TEST_F(ServerTest, OversizeHeaderGets431) {
  Start();
  bool closed = false;
  Reply r = Exchange(
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'a') + "\r\n\r\n", &closed);
  EXPECT_EQ(r.status, 431);
  EXPECT_TRUE(closed);
}

TEST_F(ServerTest, BodyLimitIsChosenByRouteBeforeTheBodyIsRead) {
  Start();
  // Content-Length over the normal limit: refused at the header, the body is never sent.
  bool closed = false;
  Reply r = Exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n", &closed);
  EXPECT_EQ(r.status, 413);
  EXPECT_TRUE(closed);
  // The same size on a bulk route is fine.
  r = Exchange("POST /bulk HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" +
               std::string(5000, 'x'));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "len=5000");
  // Chunked bodies are cut when they pass the limit.
  r = Exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" +
               std::string(0x800, 'y') + "\r\n0\r\n\r\n");
  EXPECT_EQ(r.status, 413);
  // A route without a body refuses one.
  r = Exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
  EXPECT_EQ(r.status, 413);
}

TEST_F(ServerTest, SlowlorisIsCutAtTheRequestDeadline) {
  Start();
  auto c = Connect();
  ASSERT_NE(c, nullptr);
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(200, 'p');
  const auto start = std::chrono::steady_clock::now();
  bool cut = false;
  for (char ch : request) {
    if (!c->Send(std::string(1, ch)) || c->ClosedWithin(100)) {
      cut = true;
      break;
    }
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(cut);
  EXPECT_GE(elapsed, Ms(900));
  EXPECT_LT(elapsed, Ms(2500));
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
  Start();
  auto c = Connect();
  ASSERT_NE(c, nullptr);
  c->Send(kGetHealth);
  ASSERT_TRUE(c->ReadReply());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(c->ClosedWithin(4000));
  EXPECT_GE(std::chrono::steady_clock::now() - start, Ms(1300));
}

TEST_F(ServerTest, ConnectionsOverThePerClientCapGet503AndClose) {
  Start();
  std::vector<std::unique_ptr<Client>> held;
  for (int i = 0; i < 3; ++i) held.push_back(Connect());
  bool closed = false;
  Reply r = Exchange(kGetHealth, &closed);
  EXPECT_EQ(r.status, 503);
  EXPECT_TRUE(closed);
  held.pop_back();  // a slot frees when a held connection goes
  std::this_thread::sleep_for(Ms(200));
  EXPECT_EQ(Exchange(kGetHealth).status, 200);
  EXPECT_NE(metrics_.Render().find(
                "claimgate_http_connections_refused_total{reason=\"connection_cap\"} 1"),
            std::string::npos);
}

// The security review held slots with bare TCP connections that never started TLS: each stayed
// for the whole request timeout. A connection gets handshake_timeout_ms to finish its handshake.
TEST_F(ServerTest, ConnectionsThatNeverHandshakeGiveTheirSlotBackAfterTheHandshakeDeadline) {
  limits_.request_timeout_ms = 60000;  // far beyond the test: only the handshake deadline frees
  limits_.handshake_timeout_ms = 300;
  Start();
  std::vector<int> silent;
  for (int i = 0; i < 3; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port_);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0);
    silent.push_back(fd);
  }
  std::this_thread::sleep_for(Ms(100));
  EXPECT_EQ(Exchange(kGetHealth).status, 503);  // every slot of 127.0.0.1 is held
  std::this_thread::sleep_for(Ms(600));
  EXPECT_EQ(Exchange(kGetHealth).status, 200);
  for (int fd : silent) {
    char byte = 0;
    EXPECT_EQ(::recv(fd, &byte, 1, 0), 0) << "the server closed the silent connection";
    ::close(fd);
  }
}

TEST_F(ServerTest, ConnectionsOverTheGlobalCapGet503) {
  limits_.connections_per_ip = 100;
  limits_.max_connections = 2;
  Start();
  auto a = Connect();
  auto b = Connect();
  EXPECT_EQ(Exchange(kGetHealth).status, 503);
}

TEST_F(ServerTest, BlockingRoutesRunOnTheWorkerPool) {
  Start();
  std::ostringstream me;
  me << std::this_thread::get_id();
  Reply r = Exchange("GET /thread HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.body.empty());
  EXPECT_NE(r.body, me.str());
}

TEST_F(ServerTest, AsyncRouteFreesItsWorkerUntilItAnswersFromAnotherThread) {
  // One worker: were it held until the answer, the second request's handler could never start.
  server_config_.worker_threads = 1;
  std::mutex mu;
  std::vector<Respond> waiting;
  router_.AddAsync("POST", "/later",
                   [&](const Request& r, Respond respond) {
                     std::lock_guard lock(mu);
                     waiting.push_back([respond = std::move(respond), body = r.body](Response) {
                       respond(Response::Text(201, "stored " + body));
                     });
                   },
                   {.body = BodyClass::kNormal, .blocking = true, .public_route = true});
  router_.AddAsync("GET", "/broken",
                   [](const Request&, Respond) -> void { throw std::runtime_error("handler bug"); },
                   {.blocking = true, .public_route = true});
  Start();
  auto a = Connect();
  auto b = Connect();
  ASSERT_TRUE(a && b);
  a->Send("POST /later HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nA");
  b->Send("POST /later HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nB");
  for (int i = 0; i < 400; ++i) {
    {
      std::lock_guard lock(mu);
      if (waiting.size() == 2) break;
    }
    std::this_thread::sleep_for(Ms(5));
  }
  std::thread answerer([&] {
    std::lock_guard lock(mu);
    ASSERT_EQ(waiting.size(), 2u) << "the second handler never ran while the first waited";
    for (auto& answer : waiting) answer(Response::Text(200, ""));
  });
  answerer.join();
  std::optional<Reply> ra = a->ReadReply();
  std::optional<Reply> rb = b->ReadReply();
  ASSERT_TRUE(ra && rb);
  EXPECT_EQ(ra->status, 201);
  EXPECT_EQ(ra->body, "stored A");
  EXPECT_EQ(rb->body, "stored B");
  // Keep-alive still works after an asynchronous answer.
  a->Send(kGetHealth);
  std::optional<Reply> again = a->ReadReply();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  Reply broken = Exchange("GET /broken HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(broken.status, 500);
}

TEST_F(ServerTest, GracefulShutdownFinishesAnInFlightSlowRequest) {
  Start();
  auto c = Connect();
  ASSERT_NE(c, nullptr);
  c->Send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
  while (!slow_started_) std::this_thread::sleep_for(Ms(5));
  server_->RequestShutdown();
  std::this_thread::sleep_for(Ms(100));
  // No new connections once draining.
  std::string error;
  EXPECT_EQ(Client::Connect(port_, Tls(), &error), nullptr);
  std::optional<Reply> r = c->ReadReply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "slow done");
  EXPECT_TRUE(r->Has("Connection: close"));
  thread_.join();
  EXPECT_TRUE(stopped_hook_saw_slow_finished_);
}

TEST_F(ServerTest, ShutdownGivesUpAfterTheGracePeriod) {
  server_config_.shutdown_grace_ms = 300;
  slow_ms_ = 1500;
  Start();
  auto c = Connect();
  c->Send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
  while (!slow_started_) std::this_thread::sleep_for(Ms(5));
  const auto start = std::chrono::steady_clock::now();
  server_->RequestShutdown();
  thread_.join();
  // Run returns after the grace period plus the blocking job it cannot interrupt, not later.
  EXPECT_LT(std::chrono::steady_clock::now() - start, Ms(2500));
  EXPECT_TRUE(slow_finished_);
}

TEST_F(ServerTest, ReadyzFailsWhileDrainingAndMetricsCountRequests) {
  bool store_open = false;
  readiness_.AddCheck("store", [&store_open] { return store_open; });
  Start();
  Reply r = Exchange("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body, "not ready: store\n");
  store_open = true;
  EXPECT_EQ(Exchange("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n").status, 200);
  EXPECT_EQ(Exchange("GET /nope/42 HTTP/1.1\r\nHost: x\r\n\r\n").status, 404);
  EXPECT_EQ(Exchange("DELETE /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status, 405);
  r = Exchange("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.Has("Content-Type: text/plain; version=0.0.4"));
  EXPECT_NE(r.body.find(
                "claimgate_http_requests_total{method=\"GET\",route=\"/readyz\",status=\"503\"} 1"),
            std::string::npos)
      << r.body;
  EXPECT_NE(
      r.body.find(
          "claimgate_http_requests_total{method=\"other\",route=\"unmatched\",status=\"404\"} 1"),
      std::string::npos);
  EXPECT_NE(r.body.find("claimgate_http_request_duration_seconds_count{route=\"/readyz\"} 2"),
            std::string::npos);
  readiness_.SetDraining();
  EXPECT_EQ(Exchange("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n").body, "not ready: draining\n");
}

TEST_F(ServerTest, AccessLogHasRouteAndStatusButNeverQueryOrBody) {
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  auto logger = std::make_shared<spdlog::logger>("http", sink);
  spdlog::drop("http");
  spdlog::register_logger(logger);
  Start();
  Reply r = Exchange(
      "POST /echo?member=CANARY-QUERY HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n"
      "CANARY-BODY");
  EXPECT_EQ(r.status, 200);
  Stop();
  spdlog::drop("http");
  const std::string log = captured.str();
  EXPECT_NE(log.find("http_request id="), std::string::npos) << log;
  EXPECT_NE(log.find("method=POST route=/echo path=/echo status=200 bytes_in=11"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("client_ip=127.0.0.1"), std::string::npos);
  EXPECT_EQ(log.find("CANARY"), std::string::npos) << log;
}

TEST_F(ServerTest, PlainHttpServesOnLoopback) {
  server_config_.plain_http = true;
  Start();
  TlsOptions o;
  o.tls = false;
  auto c = Connect(o);
  ASSERT_NE(c, nullptr);
  c->Send(kGetHealth);
  std::optional<Reply> r = c->ReadReply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(r->Has("Strict-Transport-Security"));
}

TEST_F(ServerTest, StartFailsOnAKeyThatDoesNotMatchTheCertificate) {
  server_config_.tls.key_file = g_certs + "/client.key";
  Server server(server_config_, limits_, Router{}, nullptr);
  edi::Result<void> r = server.Start();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "tls_setup_failed");
  EXPECT_NE(r.error().message.find(g_certs + "/client.key"), std::string::npos)
      << r.error().message;
}

}  // namespace
}  // namespace claimgate::api
