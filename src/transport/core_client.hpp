// CoreClient: POSTs one CORE vC2.2.0 envelope (SOAP or MIME) over HTTPS and returns the parsed
// response envelope. TLS 1.2+, server certificate checked against a CA file and the host name
// (SNI + X509 host/IP check), optional client certificate, one deadline per exchange, response
// size limit, and a 90 s no-resend guard per payload whose outcome is unknown. One CoreClient
// may be used from several threads: each Exchange runs on its own io_context; the guard is
// internally locked.
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

// Error codes of Exchange. Definite (the payer has not taken the request, or answered): bad_url,
// config_error, resend_refused (an earlier send of this payload has an unknown outcome and 90 s
// have not passed), connect_failed (resolve, connect, or writing the request failed or passed
// the deadline), tls_failed, http_status (message has the status), core_error (valid response
// whose ErrorCode is not Success; message starts with that ErrorCode). Unknown (the request was
// written, no definite answer came; IsOutcomeUnknown): timeout (no answer before the deadline),
// protocol_error (connection cut while reading, or a 200 whose envelope is not valid; message
// has its CORE code). Only unknown outcomes of a payload make the guard refuse it for 90 s.
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

// True when an Exchange error leaves the outcome unknown (timeout, protocol_error).
bool IsOutcomeUnknown(const edi::Error& error);

// The response type that answers a request type (RealTimeRequest -> RealTimeResponse, ...).
CoreMessageType ResponseTypeFor(CoreMessageType request);

}  // namespace claimgate::transport
