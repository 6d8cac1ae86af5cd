// The Asio side of SftpClient: TCP connect with a deadline and the EAGAIN wait loop for libssh2
// in non-blocking mode. Kept in this one translation unit with Asio.
#include "src/transport/sftp_session.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <mutex>

namespace claimgate::transport {
namespace asio = boost::asio;

namespace {
constexpr std::string_view kKindNames[] = {"connect",  "host_key",  "auth",   "timeout", "remote",
                                           "protocol", "too_large", "exists", "invalid"};
}  // namespace

std::string_view SftpErrorKindName(SftpErrorKind kind) {
  return kKindNames[static_cast<int>(kind)];
}

SftpErrorKind SftpErrorKindOf(const edi::Error& error) {
  for (int i = 0; i < static_cast<int>(std::size(kKindNames)); ++i) {
    if (error.code == "sftp_" + std::string(kKindNames[i])) return static_cast<SftpErrorKind>(i);
  }
  return SftpErrorKind::kProtocol;
}

std::string OpenSshSha256Fingerprint(std::string_view digest32) {
  unsigned char out[64] = {};
  int n = EVP_EncodeBlock(out, reinterpret_cast<const unsigned char*>(digest32.data()),
                          static_cast<int>(digest32.size()));
  std::string b64(reinterpret_cast<char*>(out), static_cast<size_t>(std::max(n, 0)));
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return "SHA256:" + b64;
}

edi::Error SftpClient::Impl::Fail(SftpErrorKind kind, const std::string& op,
                                  const std::string& detail) const {
  return edi::Error{
      "sftp_" + std::string(SftpErrorKindName(kind)),
      "sftp " + options.host + ":" + std::to_string(options.port) + " " + op + ": " + detail};
}

edi::Error SftpClient::Impl::FromRc(int rc, const std::string& op, const std::string& path) const {
  std::string where = path.empty() ? "" : " (" + path + ")";
  if (rc == LIBSSH2_ERROR_SFTP_PROTOCOL) {
    return Fail(SftpErrorKind::kRemote, op,
                "server status " + std::to_string(SftpLastError()) + where);
  }
  char* msg = nullptr;
  if (session) libssh2_session_last_error(session, &msg, nullptr, 0);
  std::string text = "libssh2 error " + std::to_string(rc) + (msg ? std::string(": ") + msg : "");
  switch (rc) {
    case LIBSSH2_ERROR_SOCKET_SEND:
    case LIBSSH2_ERROR_SOCKET_RECV:
    case LIBSSH2_ERROR_SOCKET_DISCONNECT:
    case LIBSSH2_ERROR_SOCKET_NONE:
    case LIBSSH2_ERROR_BANNER_RECV:
    case LIBSSH2_ERROR_BANNER_SEND:
      return Fail(SftpErrorKind::kConnect, op, "connection lost, " + text + where);
    case LIBSSH2_ERROR_TIMEOUT:
      return Fail(SftpErrorKind::kTimeout, op, text + where);
    default:
      return Fail(SftpErrorKind::kProtocol, op, text + where);
  }
}

bool SftpClient::Impl::WaitSocket(Clock::time_point deadline) {
  int dirs = session ? libssh2_session_block_directions(session) : LIBSSH2_SESSION_BLOCK_INBOUND;
  if (dirs == 0) dirs = LIBSSH2_SESSION_BLOCK_INBOUND | LIBSSH2_SESSION_BLOCK_OUTBOUND;
  bool done = false;
  int pending = 0;
  auto on_ready = [&done, &pending](boost::system::error_code ec) {
    --pending;
    if (ec != asio::error::operation_aborted) done = true;
  };
  if (dirs & LIBSSH2_SESSION_BLOCK_INBOUND) {
    ++pending;
    socket.async_wait(asio::ip::tcp::socket::wait_read, on_ready);
  }
  if (dirs & LIBSSH2_SESSION_BLOCK_OUTBOUND) {
    ++pending;
    socket.async_wait(asio::ip::tcp::socket::wait_write, on_ready);
  }
  io.restart();
  auto limit = std::min(deadline, Clock::now() + options.io_timeout);
  while (!done && Clock::now() < limit) io.run_one_until(limit);
  if (pending > 0) {  // cancel the other direction (or both on deadline) and drain
    boost::system::error_code ignored;
    socket.cancel(ignored);
    io.restart();
    io.run();
  }
  return done;
}

edi::Result<int> SftpClient::Impl::Drive(const std::string& op, const std::string& path,
                                         Clock::time_point deadline,
                                         const std::function<int()>& step) {
  for (;;) {
    int rc = step();
    if (rc != LIBSSH2_ERROR_EAGAIN) {
      if (rc < 0) return FromRc(rc, op, path);
      return rc;
    }
    if (!WaitSocket(deadline)) {
      Close();  // libssh2 state is unknown after an abandoned call
      return Fail(SftpErrorKind::kTimeout, op,
                  "deadline passed" + (path.empty() ? "" : " (" + path + ")"));
    }
  }
}

edi::Result<void> SftpClient::Impl::TcpConnect(Clock::time_point deadline) {
  boost::system::error_code ec;
  asio::ip::tcp::resolver resolver(io);
  auto endpoints = resolver.resolve(options.host, std::to_string(options.port), ec);
  if (ec) return Fail(SftpErrorKind::kConnect, "connect", "resolve failed: " + ec.message());
  bool done = false;
  boost::system::error_code result = asio::error::timed_out;
  asio::async_connect(socket, endpoints,
                      [&](boost::system::error_code e, const asio::ip::tcp::endpoint&) {
                        done = true;
                        result = e;
                      });
  io.restart();
  while (!done && Clock::now() < deadline) io.run_one_until(deadline);
  if (!done) {
    socket.close(ec);
    io.restart();
    io.run();
    return Fail(SftpErrorKind::kTimeout, "connect", "TCP connect deadline passed");
  }
  if (result) return Fail(SftpErrorKind::kConnect, "connect", result.message());
  socket.non_blocking(true, ec);
  return {};
}

void SftpClient::Impl::Close() {
  // Non-blocking libssh2 returns EAGAIN from shutdown and free and then frees nothing (the
  // sanitizer build found the leak). Close the socket first so that nothing can block, then
  // free in blocking mode: every send fails at once and the memory is released.
  boost::system::error_code ec;
  if (socket.is_open()) socket.close(ec);
  if (session) libssh2_session_set_blocking(session, 1);
  if (sftp) {
    libssh2_sftp_shutdown(sftp);
    sftp = nullptr;
  }
  if (session) {
    libssh2_session_free(session);
    session = nullptr;
  }
}

namespace {
std::once_flag g_libssh2_init;
}  // namespace

void EnsureLibssh2Init() {
  std::call_once(g_libssh2_init, [] { libssh2_init(0); });
}

}  // namespace claimgate::transport
