// CoreClient over Boost.Beast 1.74 + OpenSSL. Each step is an async operation run to completion
// on a private io_context, so that the tcp_stream deadline bounds connect, handshake and I/O.
#include "src/transport/core_client.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <spdlog/spdlog.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>
#include <string_view>
#include <type_traits>

namespace claimgate::transport {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
// Every target that sees Beast must agree on its string_view (src/transport/CMakeLists.txt): a
// binary mixing boost::string_view and std::string_view builds of Beast's inline functions reads
// one layout as the other (pointer as length) and dies with "field name too large".
static_assert(std::is_same_v<beast::string_view, std::string_view>,
              "build with BOOST_BEAST_USE_STD_STRING_VIEW like claimgate_api");
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct Url {
  std::string host;
  std::string port = "443";
  std::string target = "/";
};

edi::Result<Url> ParseUrl(std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  if (url.rfind(kScheme, 0) != 0) return edi::Error{"bad_url", "URL must start with https://"};
  url.remove_prefix(kScheme.size());
  Url out;
  const auto slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  if (slash != std::string_view::npos) out.target = std::string(url.substr(slash));
  if (!authority.empty() && authority.front() == '[') {  // [v6]:port
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return edi::Error{"bad_url", "unclosed IPv6 literal"};
    out.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (!authority.empty() && authority.front() == ':') out.port = authority.substr(1);
  } else {
    const auto colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) out.port = std::string(authority.substr(colon + 1));
  }
  if (out.host.empty() || out.port.empty()) return edi::Error{"bad_url", "URL has no host"};
  return out;
}

// Runs one async step on ioc until it completes; returns its error code.
template <typename Start>
beast::error_code RunStep(asio::io_context& ioc, Start&& start) {
  beast::error_code result;
  start([&result](beast::error_code ec, auto&&...) { result = ec; });
  ioc.restart();
  ioc.run();
  return result;
}

// A failed step before the request was fully written: the payer cannot have processed it (it
// needs the whole body), so a timeout there is a definite failure under the step's own code.
edi::Error StepError(std::string_view code, std::string_view step, const beast::error_code& ec) {
  if (ec == beast::error::timeout) {
    return edi::Error{std::string(code), std::string(step) + ": the deadline passed"};
  }
  return edi::Error{std::string(code), std::string(step) + ": " + ec.message()};
}

// RAII: ends the guard's attempt for a payload with the outcome known at scope exit.
class GuardedAttempt {
 public:
  GuardedAttempt(CoreResendGuard& guard, std::string_view payload)
      : guard_(guard), payload_(payload) {}
  ~GuardedAttempt() { guard_.End(payload_, unknown_); }
  GuardedAttempt(const GuardedAttempt&) = delete;
  GuardedAttempt& operator=(const GuardedAttempt&) = delete;
  void set_unknown(bool unknown) { unknown_ = unknown; }

 private:
  CoreResendGuard& guard_;
  std::string_view payload_;
  bool unknown_ = false;
};

}  // namespace

bool IsOutcomeUnknown(const edi::Error& error) {
  return error.code == "timeout" || error.code == "protocol_error";
}

CoreMessageType ResponseTypeFor(CoreMessageType request) {
  switch (request) {
    case CoreMessageType::kRealTimeRequest:
      return CoreMessageType::kRealTimeResponse;
    case CoreMessageType::kBatchSubmission:
      return CoreMessageType::kBatchSubmissionResponse;
    case CoreMessageType::kBatchSubmissionAckRetrievalRequest:
      return CoreMessageType::kBatchSubmissionAckRetrievalResponse;
    case CoreMessageType::kBatchResultsRetrievalRequest:
      return CoreMessageType::kBatchResultsRetrievalResponse;
    default:
      return request;
  }
}

CoreClient::CoreClient(CoreClientOptions options, std::shared_ptr<CoreResendGuard> guard)
    : options_(std::move(options)), guard_(std::move(guard)) {}

edi::Result<CoreMessage> CoreClient::Exchange(const std::string& url, const CoreEnvelope& request,
                                              const CoreCredentials& credentials,
                                              CoreEncoding encoding) {
  const auto started = std::chrono::steady_clock::now();
  std::string status = "ok";
  auto log = [&](std::string_view outcome) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    spdlog::info("event=core_exchange payload_id={} payload_type={} status={} duration_ms={}",
                 request.payload_id, request.payload_type, outcome, ms);
  };
  auto fail = [&](edi::Error error) -> edi::Result<CoreMessage> {
    log(error.code);
    return error;
  };

  auto parsed_url = ParseUrl(url);
  if (!parsed_url) return fail(parsed_url.error());
  const Url& u = *parsed_url;
  std::optional<GuardedAttempt> attempt;
  if (!request.payload.empty()) {
    if (!guard_->TryBegin(request.payload)) {
      return fail({"resend_refused",
                   "the same payload was sent less than 90 s ago and its outcome is unknown"});
    }
    attempt.emplace(*guard_, request.payload);
  }

  asio::ssl::context ctx(asio::ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
  beast::error_code ec;
  ctx.set_verify_mode(asio::ssl::verify_peer);
  ctx.load_verify_file(options_.ca_file, ec);
  if (ec) return fail({"config_error", "cannot load CA file: " + ec.message()});
  if (!options_.client_cert_file.empty()) {
    ctx.use_certificate_chain_file(options_.client_cert_file, ec);
    if (!ec) ctx.use_private_key_file(options_.client_key_file, asio::ssl::context::pem, ec);
    if (ec) return fail({"config_error", "cannot load client certificate: " + ec.message()});
  }

  asio::io_context ioc;
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  const std::string name = options_.tls_server_name.empty() ? u.host : options_.tls_server_name;
  SSL* ssl = stream.native_handle();
  boost::system::error_code addr_ec;
  asio::ip::make_address(name, addr_ec);
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  if (!addr_ec) {
    X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str());
  } else {
    SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
             const_cast<char*>(name.c_str()));  // SSL_set_tlsext_host_name without its C cast
    X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size());
  }

  tcp::resolver resolver(ioc);
  tcp::resolver::results_type endpoints;
  ec = RunStep(ioc, [&](auto handler) {
    resolver.async_resolve(u.host, u.port, [&, handler](beast::error_code e, auto results) {
      endpoints = results;
      handler(e);
    });
  });
  if (ec) return fail({"connect_failed", "cannot resolve host: " + ec.message()});
  beast::get_lowest_layer(stream).expires_after(options_.timeout);
  ec = RunStep(ioc, [&](auto h) { beast::get_lowest_layer(stream).async_connect(endpoints, h); });
  if (ec) return fail(StepError("connect_failed", "connect", ec));
  ec = RunStep(ioc, [&](auto h) { stream.async_handshake(asio::ssl::stream_base::client, h); });
  if (ec) return fail(StepError("tls_failed", "TLS handshake", ec));

  http::request<http::string_body> req{http::verb::post, u.target, 11};
  req.set(http::field::host, u.host);
  req.set(http::field::user_agent, "claimgate");
  if (encoding == CoreEncoding::kSoap) {
    req.set(http::field::content_type, "application/soap+xml; charset=utf-8");
    req.body() = BuildCoreSoap(request, credentials);
  } else {
    MimeBody mime = BuildCoreMime(request, credentials);
    req.set(http::field::content_type, mime.content_type);
    req.body() = std::move(mime.body);
  }
  req.prepare_payload();
  ec = RunStep(ioc, [&](auto h) { http::async_write(stream, req, h); });
  if (ec) return fail(StepError("connect_failed", "writing the request", ec));

  // The request is out: from here on, no definite answer means the outcome is unknown.
  if (attempt) attempt->set_unknown(true);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(options_.max_response_bytes);
  ec = RunStep(ioc, [&](auto h) { http::async_read(stream, buffer, parser, h); });
  if (ec == http::error::body_limit)
    return fail({"protocol_error", "response exceeds the size limit"});
  if (ec == beast::error::timeout) return fail({"timeout", "no answer before the deadline"});
  if (ec) return fail({"protocol_error", "reading the answer: " + ec.message()});
  beast::get_lowest_layer(stream).close();

  const auto& res = parser.get();
  if (res.result_int() != 200) {
    if (attempt) attempt->set_unknown(false);  // the payer answered: a definite refusal
    return fail({"http_status", "HTTP status " + std::to_string(res.result_int())});
  }
  const std::string content_type(res[http::field::content_type]);
  auto message = content_type.rfind("multipart/", 0) == 0
                     ? ParseCoreMime(content_type, res.body(), ResponseTypeFor(request.type),
                                     options_.parse_limits)
                     : ParseCoreSoap(res.body(), options_.parse_limits);
  if (!message)  // 200 with an unreadable envelope: the payer may have taken it (unknown)
    return fail({"protocol_error", message.error().code + ": " + message.error().message});
  if (attempt) attempt->set_unknown(false);
  if (message->envelope.error_code != "Success")
    return fail(
        {"core_error", message->envelope.error_code + ": " + message->envelope.error_message});
  log(status);
  return message;
}

}  // namespace claimgate::transport
