#include "src/api/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <string>

namespace claimgate::api {
namespace {

std::string LastOpenSslError() {
  unsigned long code = ERR_get_error();  // NOLINT(google-runtime-int): OpenSSL's type
  std::string text = code == 0 ? "unknown error" : ERR_reason_error_string(code) != nullptr
                                                       ? ERR_reason_error_string(code)
                                                       : "unknown error";
  ERR_clear_error();
  return text;
}

edi::Error TlsError(const std::string& what, const std::string& file) {
  return edi::Error{"tls_setup_failed", what + " " + file + ": " + LastOpenSslError()};
}

}  // namespace

edi::Result<void> ConfigureTlsContext(ssl_ctx_st* ctx, const core::TlsConfig& tls) {
  ERR_clear_error();
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                               SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_SINGLE_ECDH_USE);
  if (SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1 ||
      SSL_CTX_set_ciphersuites(ctx, kTls13Suites) != 1) {
    return edi::Error{"tls_setup_failed", "cipher policy refused: " + LastOpenSslError()};
  }
  if (SSL_CTX_use_certificate_chain_file(ctx, tls.cert_file.c_str()) != 1) {
    return TlsError("cannot load certificate", tls.cert_file);
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, tls.key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    return TlsError("cannot load private key", tls.key_file);
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    return TlsError("private key does not match the certificate in", tls.cert_file);
  }
  if (tls.client_cert != core::ClientCertMode::kOff) {
    if (SSL_CTX_load_verify_locations(ctx, tls.ca_file.c_str(), nullptr) != 1) {
      return TlsError("cannot load client CA", tls.ca_file);
    }
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(tls.ca_file.c_str());
    if (names != nullptr) SSL_CTX_set_client_CA_list(ctx, names);
    int mode = SSL_VERIFY_PEER;
    if (tls.client_cert == core::ClientCertMode::kRequired) {
      mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    }
    SSL_CTX_set_verify(ctx, mode, nullptr);
    static const unsigned char kSessionContext[] = "claimgate";
    SSL_CTX_set_session_id_context(ctx, kSessionContext, sizeof(kSessionContext) - 1);
  }
  return {};
}

ClientCert PeerCertificate(ssl_st* ssl) {
  ClientCert out;
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (cert == nullptr) return out;
  out.present = true;
  if (BIO* bio = BIO_new(BIO_s_mem())) {
    X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);  // NOLINT(google-runtime-int)
    if (n > 0) out.subject.assign(data, static_cast<size_t>(n));
    BIO_free(bio);
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (X509_digest(cert, EVP_sha256(), md, &len) == 1) {
    static const char kHex[] = "0123456789abcdef";
    for (unsigned int i = 0; i < len; ++i) {
      out.sha256_fingerprint += kHex[md[i] >> 4];
      out.sha256_fingerprint += kHex[md[i] & 15];
    }
  }
  X509_free(cert);
  return out;
}

}  // namespace claimgate::api
