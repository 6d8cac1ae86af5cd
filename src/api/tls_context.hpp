// OpenSSL set-up for the server side of TLS: protocol versions (1.2 and 1.3 only), AEAD cipher
// suites with forward secrecy, certificate and key loading, client-certificate verification;
// and what a handler may learn of the client certificate. Plain OpenSSL, no Asio. Call
// ConfigureTlsContext once before the context is shared; PeerCertificate is thread-safe per SSL.
#pragma once

#include "edi/result.hpp"
#include "src/api/http_types.hpp"
#include "src/core/config.hpp"

struct ssl_ctx_st;
struct ssl_st;

namespace claimgate::api {

// The TLS 1.2 suites allowed: ECDHE key exchange with AES-GCM or ChaCha20-Poly1305.
inline constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
inline constexpr const char* kTls13Suites =
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";

// Applies the policy and loads tls.cert_file/key_file (and ca_file when client certificates
// are asked for). Errors name the file that failed and OpenSSL's reason.
edi::Result<void> ConfigureTlsContext(ssl_ctx_st* ctx, const core::TlsConfig& tls);

// Subject and SHA-256 fingerprint of the certificate the client presented (verified by the
// handshake), or an empty ClientCert.
ClientCert PeerCertificate(ssl_st* ssl);

}  // namespace claimgate::api
