// The HTTP(S) server: accepts connections, enforces the [limits] of the config, parses requests
// and hands them to a Router as plain Request values. All Asio/Beast code sits in server.cpp so
// that no other translation unit pays for those headers. The Server owns its threads, its
// io_context and its worker pool; Run() blocks until a graceful shutdown has finished.
// Thread-safety: RequestShutdown() may be called from any thread; the rest from one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "edi/result.hpp"
#include "src/api/router.hpp"
#include "src/core/config.hpp"

namespace claimgate::ops {
class Registry;
}

namespace claimgate::api {

class Server {
 public:
  // The config sections are copied. `metrics` may be null (no request metrics); when set it
  // must outlive the server. The router is moved in and never changes after Start().
  Server(const core::ServerConfig& server, const core::LimitsConfig& limits, Router router,
         ops::Registry* metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads the certificate, key and CA files, binds and listens. Errors name the file or the
  // address that failed. Nothing is accepted before Run().
  edi::Result<void> Start();

  // The port bound by Start() (useful with port 0). REQUIRES: Start() succeeded.
  uint16_t port() const;

  // Runs the socket threads (server.io_threads, the caller being one of them) until a
  // shutdown has finished: accepting stopped, in-flight requests answered or the grace period
  // (server.shutdown_grace_ms) over, the worker pool drained; then the stopped hook runs.
  // With `handle_signals`, SIGTERM and SIGINT start the shutdown.
  void Run(bool handle_signals);

  // Starts a graceful shutdown; returns at once. Safe from any thread, also before Run().
  void RequestShutdown();

  // Called once on a socket thread when the shutdown starts (e.g. to make /readyz fail).
  void SetDrainHook(std::function<void()> hook);
  // Called once at the end of Run(), after every request and blocking job has finished
  // (the store flushes and closes here).
  void SetStoppedHook(std::function<void()> hook);

  // Connections open right now (for tests and the open-connections gauge).
  int open_connections() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace claimgate::api
