// Internal to src/transport: the libssh2 session behind SftpClient and the Asio loop that drives
// its EAGAIN waits with deadlines. Owned by one SftpClient; not thread-safe.
#pragma once

#include <libssh2.h>
#include <libssh2_sftp.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <functional>
#include <string>

#include "edi/result.hpp"
#include "src/transport/sftp_client.hpp"

namespace claimgate::transport {

using Clock = std::chrono::steady_clock;

// libssh2_init once per process (thread-safe).
void EnsureLibssh2Init();

struct SftpClient::Impl {
  explicit Impl(SftpOptions o) : options(std::move(o)), socket(io) {}
  ~Impl() { Close(); }

  SftpOptions options;
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket;
  LIBSSH2_SESSION* session = nullptr;
  LIBSSH2_SFTP* sftp = nullptr;

  edi::Error Fail(SftpErrorKind kind, const std::string& op, const std::string& detail) const;
  // Maps a libssh2 return code to an error for `op` on `path`.
  edi::Error FromRc(int rc, const std::string& op, const std::string& path) const;
  // Calls `step` until it returns something other than LIBSSH2_ERROR_EAGAIN, waiting on the socket
  // in the directions libssh2 asks for. Returns step's last value (>= 0) or an error.
  edi::Result<int> Drive(const std::string& op, const std::string& path, Clock::time_point deadline,
                         const std::function<int()>& step);
  // Waits until the socket is ready in libssh2's block directions; false on deadline.
  bool WaitSocket(Clock::time_point deadline);
  edi::Result<void> TcpConnect(Clock::time_point deadline);
  void Close();
  unsigned long SftpLastError() const { return sftp ? libssh2_sftp_last_error(sftp) : 0; }
};

}  // namespace claimgate::transport
