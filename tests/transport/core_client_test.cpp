// CoreClient against a real TLS server on 127.0.0.1 (Beast, certificates from
// certs/make-dev-certs.sh in a temp dir). The server side decodes with the same parse functions a
// route handler would use.
#include "src/transport/core_client.hpp"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "tests/support/dev_certs.hpp"

namespace claimgate::transport {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

enum class Mode { kAnswer, kStatus500, kStall };

class TestServer {
 public:
  TestServer(const std::string& dir, Mode mode, bool require_client_cert)
      : ctx_(asio::ssl::context::tls_server),
        acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        mode_(mode) {
    ctx_.use_certificate_chain_file(dir + "/server.crt");
    ctx_.use_private_key_file(dir + "/server.key", asio::ssl::context::pem);
    if (require_client_cert) {
      ctx_.load_verify_file(dir + "/ca.crt");
      ctx_.set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
    }
    thread_ = std::thread([this] { Serve(); });
  }
  ~TestServer() {
    stop_ = true;
    if (!accepted_) {  // unblock accept()
      tcp::socket poke(ioc_);
      beast::error_code ec;
      poke.connect(acceptor_.local_endpoint(), ec);
    }
    thread_.join();
  }
  std::string Url() const {
    return "https://localhost:" + std::to_string(acceptor_.local_endpoint().port()) + "/core";
  }
  bool saw_client_cert() const { return saw_client_cert_; }

 private:
  void Serve() {
    beast::error_code ec;
    tcp::socket socket(ioc_);
    acceptor_.accept(socket, ec);
    accepted_ = true;
    if (ec || stop_) return;
    beast::ssl_stream<tcp::socket> stream(std::move(socket), ctx_);
    stream.handshake(asio::ssl::stream_base::server, ec);
    if (ec) return;
    X509* peer = SSL_get1_peer_certificate(stream.native_handle());
    saw_client_cert_ = peer != nullptr;
    X509_free(peer);
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    http::read(stream, buffer, req, ec);
    if (ec) return;
    if (mode_ == Mode::kStall) {
      while (!stop_) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      return;
    }
    http::response<http::string_body> res{http::status::ok, 11};
    if (mode_ == Mode::kStatus500) {
      res.result(http::status::internal_server_error);
      res.body() = "failure";
    } else {
      const std::string content_type(req[http::field::content_type]);
      const bool mime = content_type.rfind("multipart/", 0) == 0;
      auto in = mime ? ParseCoreMime(content_type, req.body(), CoreMessageType::kRealTimeRequest)
                     : ParseCoreSoap(req.body());
      if (!in) return;
      CoreEnvelope out =
          MakeCoreEnvelope(ResponseTypeFor(in->envelope.type), "X12_271_Response_005010X279A1",
                           in->envelope.receiver_id, in->envelope.sender_id, "ISA*271*reply~");
      if (mime) {
        MimeBody body = BuildCoreMime(out, {});
        res.set(http::field::content_type, body.content_type);
        res.body() = std::move(body.body);
      } else {
        res.set(http::field::content_type, "application/soap+xml; charset=utf-8");
        res.body() = BuildCoreSoap(out, {});
      }
    }
    res.prepare_payload();
    http::write(stream, res, ec);
  }

  asio::io_context ioc_;
  asio::ssl::context ctx_;
  tcp::acceptor acceptor_;
  Mode mode_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> accepted_{false};
  std::atomic<bool> saw_client_cert_{false};
  std::thread thread_;
};

class CoreClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                      ("core-client-test-" + std::to_string(::getpid())));
    for (const char* sub : {"a", "b"}) {  // two CAs: one the client trusts, one it does not
      ASSERT_TRUE(claimgate::testing::MakeDevCerts((*root_ / sub).string()));
    }
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*root_);
    delete root_;
  }
  static std::string Dir(const char* sub) { return (*root_ / sub).string(); }

  CoreClientOptions Options() const {
    CoreClientOptions o;
    o.ca_file = Dir("a") + "/ca.crt";
    o.timeout = std::chrono::milliseconds(5000);
    return o;
  }
  CoreEnvelope Request() {
    return MakeCoreEnvelope(CoreMessageType::kRealTimeRequest, "X12_270_Request_005010X279A1",
                            "SENDER01", "PAYER01", "ISA*270*" + std::to_string(++counter_) + "~");
  }

  static inline std::filesystem::path* root_ = nullptr;
  int counter_ = 0;
};

TEST_F(CoreClientTest, ExchangesSoapAndMimeWithVerifiedServer) {
  for (CoreEncoding encoding : {CoreEncoding::kSoap, CoreEncoding::kMime}) {
    TestServer server(Dir("a"), Mode::kAnswer, false);
    CoreClient client(Options());
    const CoreEnvelope req = Request();
    auto res = client.Exchange(server.Url(), req, {"user", "secret"}, encoding);
    ASSERT_TRUE(res) << res.error().code << ": " << res.error().message;
    EXPECT_EQ(res->envelope.type, CoreMessageType::kRealTimeResponse);
    EXPECT_EQ(res->envelope.receiver_id, "SENDER01");
    EXPECT_EQ(res->envelope.payload, "ISA*271*reply~");
    EXPECT_EQ(res->envelope.error_code, "Success");
  }
}

TEST_F(CoreClientTest, ServerFromAnotherCaIsTlsError) {
  TestServer server(Dir("b"), Mode::kAnswer, false);
  auto res = CoreClient(Options()).Exchange(server.Url(), Request(), {}, CoreEncoding::kSoap);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, "tls_failed");
}

TEST_F(CoreClientTest, HostnameMismatchIsTlsError) {
  TestServer server(Dir("a"), Mode::kAnswer, false);
  CoreClientOptions o = Options();
  o.tls_server_name = "payer.example.org";
  auto res = CoreClient(o).Exchange(server.Url(), Request(), {}, CoreEncoding::kSoap);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, "tls_failed");
}

TEST_F(CoreClientTest, SendsClientCertificateWhenServerRequiresIt) {
  {
    TestServer server(Dir("a"), Mode::kAnswer, true);
    CoreClientOptions o = Options();
    o.client_cert_file = Dir("a") + "/client.crt";
    o.client_key_file = Dir("a") + "/client.key";
    auto res = CoreClient(o).Exchange(server.Url(), Request(), {}, CoreEncoding::kSoap);
    ASSERT_TRUE(res) << res.error().code << ": " << res.error().message;
    EXPECT_TRUE(server.saw_client_cert());
  }
  TestServer server(Dir("a"), Mode::kAnswer, true);
  auto res = CoreClient(Options()).Exchange(server.Url(), Request(), {}, CoreEncoding::kSoap);
  EXPECT_FALSE(res);  // TLS 1.3 reports the refusal on the first read, not in the handshake
}

TEST_F(CoreClientTest, Status500IsHttpStatusError) {
  TestServer server(Dir("a"), Mode::kStatus500, false);
  auto res = CoreClient(Options()).Exchange(server.Url(), Request(), {}, CoreEncoding::kSoap);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, "http_status");
  EXPECT_NE(res.error().message.find("500"), std::string::npos);
}

TEST_F(CoreClientTest, StallingServerTimesOut) {
  TestServer server(Dir("a"), Mode::kStall, false);
  CoreClientOptions o = Options();
  o.timeout = std::chrono::milliseconds(300);
  const auto start = std::chrono::steady_clock::now();
  auto res = CoreClient(o).Exchange(server.Url(), Request(), {}, CoreEncoding::kSoap);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, "timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST_F(CoreClientTest, AfterATimeoutTheSamePayloadIsRefusedWithinTheWindow) {
  CoreClientOptions o = Options();
  o.timeout = std::chrono::milliseconds(300);
  CoreClient client(o);
  const CoreEnvelope req = Request();
  {
    TestServer server(Dir("a"), Mode::kStall, false);
    auto first = client.Exchange(server.Url(), req, {}, CoreEncoding::kSoap);
    ASSERT_FALSE(first);
    EXPECT_EQ(first.error().code, "timeout");
    EXPECT_TRUE(IsOutcomeUnknown(first.error()));
  }
  TestServer server(Dir("a"), Mode::kAnswer, false);
  auto again = client.Exchange(server.Url(), req, {}, CoreEncoding::kSoap);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "resend_refused");
  EXPECT_TRUE(client.Exchange(server.Url(), Request(), {}, CoreEncoding::kSoap));  // another one
}

// Before: the guard recorded every attempt, so each of these resends was resend_refused.
TEST_F(CoreClientTest, AfterA500TheSamePayloadMayBeSentAgainAtOnce) {
  CoreClient client(Options());
  const CoreEnvelope req = Request();
  {
    TestServer server(Dir("a"), Mode::kStatus500, false);
    auto first = client.Exchange(server.Url(), req, {}, CoreEncoding::kSoap);
    ASSERT_FALSE(first);
    EXPECT_EQ(first.error().code, "http_status");
    EXPECT_FALSE(IsOutcomeUnknown(first.error()));
  }
  TestServer server(Dir("a"), Mode::kAnswer, false);
  auto again = client.Exchange(server.Url(), req, {}, CoreEncoding::kSoap);
  EXPECT_TRUE(again) << again.error().code << ": " << again.error().message;
}

TEST_F(CoreClientTest, AfterConnectionRefusedOrTlsFailureTheSamePayloadMayBeSentAgainAtOnce) {
  CoreClient client(Options());
  const CoreEnvelope req = Request();
  std::string closed_url;
  {
    TestServer probe(Dir("a"), Mode::kAnswer, false);
    closed_url = probe.Url();
  }  // the port is closed now: connection refused
  auto refused = client.Exchange(closed_url, req, {}, CoreEncoding::kSoap);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "connect_failed");
  {
    TestServer other_ca(Dir("b"), Mode::kAnswer, false);
    auto tls = client.Exchange(other_ca.Url(), req, {}, CoreEncoding::kSoap);
    ASSERT_FALSE(tls);
    EXPECT_EQ(tls.error().code, "tls_failed");
  }
  TestServer server(Dir("a"), Mode::kAnswer, false);
  auto delivered = client.Exchange(server.Url(), req, {}, CoreEncoding::kSoap);
  EXPECT_TRUE(delivered) << delivered.error().code << ": " << delivered.error().message;
  // A definite answer (here: delivered) leaves nothing behind either.
  TestServer again(Dir("a"), Mode::kAnswer, false);
  EXPECT_TRUE(client.Exchange(again.Url(), req, {}, CoreEncoding::kSoap));
}

}  // namespace
}  // namespace claimgate::transport
