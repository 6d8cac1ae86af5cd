// A raw HTTP/1.1 client for tests: plain TCP or TLS (OpenSSL), sends exact bytes and reads
// exact bytes, with timeouts, so framing attacks and limits can be tried byte for byte.
// One client per connection; not thread-safe.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace claimgate::testing {

struct TlsOptions {
  bool tls = true;
  int min_version = TLS1_2_VERSION;
  int max_version = TLS1_3_VERSION;
  std::string ciphers12;  // empty: OpenSSL's default list
  std::string ca_file;    // verify the server against it (and its IP SAN 127.0.0.1)
  std::string cert_file;  // client certificate for mutual TLS
  std::string key_file;
};

struct Reply {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
  bool Has(const std::string& header_line) const {
    return head.find(header_line) != std::string::npos;
  }
};

class Client {
 public:
  ~Client() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    if (ctx_ != nullptr) SSL_CTX_free(ctx_);
    if (fd_ >= 0) ::close(fd_);
  }

  // Connects to 127.0.0.1:port and, for TLS, completes the handshake. Returns null (and the
  // reason in *error) when the connection or the handshake fails.
  static std::unique_ptr<Client> Connect(uint16_t port, const TlsOptions& o,
                                         std::string* error = nullptr) {
    auto c = std::unique_ptr<Client>(new Client());
    c->fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(c->fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      if (error) *error = "connect failed";
      return nullptr;
    }
    timeval tv{5, 0};
    ::setsockopt(c->fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (!o.tls) return c;
    c->ctx_ = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_min_proto_version(c->ctx_, o.min_version);
    SSL_CTX_set_max_proto_version(c->ctx_, o.max_version);
    if (o.min_version < TLS1_2_VERSION) SSL_CTX_set_cipher_list(c->ctx_, "DEFAULT:@SECLEVEL=0");
    if (!o.ciphers12.empty()) SSL_CTX_set_cipher_list(c->ctx_, o.ciphers12.c_str());
    if (!o.ca_file.empty()) {
      SSL_CTX_load_verify_locations(c->ctx_, o.ca_file.c_str(), nullptr);
      SSL_CTX_set_verify(c->ctx_, SSL_VERIFY_PEER, nullptr);
    }
    if (!o.cert_file.empty()) {
      SSL_CTX_use_certificate_chain_file(c->ctx_, o.cert_file.c_str());
      SSL_CTX_use_PrivateKey_file(c->ctx_, o.key_file.c_str(), SSL_FILETYPE_PEM);
    }
    c->ssl_ = SSL_new(c->ctx_);
    if (!o.ca_file.empty()) X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl_), "127.0.0.1");
    SSL_set_fd(c->ssl_, c->fd_);
    if (SSL_connect(c->ssl_) != 1) {
      if (error) {
        char buf[256];
        ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
        *error = buf;
      }
      ERR_clear_error();
      return nullptr;
    }
    return c;
  }

  SSL* ssl() { return ssl_; }

  bool Send(const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
      const int n = ssl_ ? SSL_write(ssl_, bytes.data() + done, static_cast<int>(bytes.size() - done))
                         : static_cast<int>(::send(fd_, bytes.data() + done, bytes.size() - done,
                                                   MSG_NOSIGNAL));
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }

  // Reads what is there within timeout_ms: >0 bytes appended, 0 the peer closed (or reset),
  // -1 nothing arrived in time.
  int ReadSome(std::string* out, int timeout_ms) {
    if (!(ssl_ && SSL_pending(ssl_) > 0)) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, timeout_ms) <= 0) return -1;
    }
    char buf[16384];
    const int n = ssl_ ? SSL_read(ssl_, buf, sizeof buf)
                       : static_cast<int>(::recv(fd_, buf, sizeof buf, 0));
    if (n <= 0) {
      ERR_clear_error();
      return 0;
    }
    out->append(buf, static_cast<size_t>(n));
    return n;
  }

  // One response (headers + Content-Length body), or nullopt when the connection closed or
  // nothing complete came within timeout_ms.
  std::optional<Reply> ReadReply(int timeout_ms = 5000) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
      const size_t head_end = pending_.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        Reply r;
        r.head = pending_.substr(0, head_end + 2);
        r.status = std::stoi(r.head.substr(9, 3));
        size_t length = 0;
        const size_t cl = Lower(r.head).find("\r\ncontent-length:");
        if (cl != std::string::npos) length = std::stoul(r.head.substr(cl + 17));
        if (pending_.size() >= head_end + 4 + length) {
          r.body = pending_.substr(head_end + 4, length);
          pending_.erase(0, head_end + 4 + length);
          return r;
        }
      }
      const int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             end - std::chrono::steady_clock::now())
                                             .count());
      if (left <= 0 || ReadSome(&pending_, left) <= 0) return std::nullopt;
    }
  }

  // True when the server closes the connection within timeout_ms (data before is discarded).
  bool ClosedWithin(int timeout_ms) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    std::string sink;
    while (true) {
      const int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             end - std::chrono::steady_clock::now())
                                             .count());
      if (left <= 0) return false;
      const int n = ReadSome(&sink, left);
      if (n == 0) return true;
      if (n < 0) return false;
    }
  }

 private:
  Client() = default;
  static std::string Lower(std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  }

  int fd_ = -1;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  std::string pending_;
};

}  // namespace claimgate::testing
