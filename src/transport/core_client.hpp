// CoreClient: POSTs one CORE vC2.2.0 envelope (SOAP or MIME) over HTTPS and returns the parsed
// response envelope. TLS 1.2+, server certificate checked against a CA file and the host name
// (SNI + X509 host/IP check), optional client certificate, one deadline per exchange, response
// size limit, and a 90 s no-resend guard per payload. One CoreClient may be used from several
// threads: each Exchange runs on its own io_context; the guard is internally locked.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "edi/result.hpp"
#include "src/transport/core_envelope.hpp"
#include "src/transport/core_resend_guard.hpp"

namespace claimgate::transport {

enum class CoreEncoding { kSoap, kMime };

struct CoreClientOptions {
  std::string ca_file;           // PEM bundle of trusted CAs (required)
  std::string client_cert_file;  // PEM chain; empty = no client certificate
  std::string client_key_file;
  std::string tls_server_name;  // name to verify and send as SNI; empty = the URL's host
  std::chrono::milliseconds timeout{30000};  // whole exchange: connect, TLS, write, read
  std::size_t max_response_bytes = 64u << 20;
  CoreParseLimits parse_limits;
};

// Error codes of Exchange: bad_url, config_error, resend_refused, connect_failed, tls_failed,
// timeout, http_status (message has the status), protocol_error (the response is not a valid
// envelope; message has its CORE code), core_error (valid response whose ErrorCode is not
// Success; message starts with that ErrorCode).
class CoreClient {
 public:
  CoreClient(CoreClientOptions options,
             std::shared_ptr<CoreResendGuard> guard = std::make_shared<CoreResendGuard>());

  // url: https://host[:port]/path.
  edi::Result<CoreMessage> Exchange(const std::string& url, const CoreEnvelope& request,
                                    const CoreCredentials& credentials, CoreEncoding encoding);

 private:
  CoreClientOptions options_;
  std::shared_ptr<CoreResendGuard> guard_;
};

// The response type that answers a request type (RealTimeRequest -> RealTimeResponse, ...).
CoreMessageType ResponseTypeFor(CoreMessageType request);

}  // namespace claimgate::transport
