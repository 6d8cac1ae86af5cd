// Every Asio/Beast line of the gateway's server lives in this file (and tls_context.cpp for
// OpenSSL set-up): Beast headers cost ~20 s of compile time per translation unit on the build
// machine, so this file is longer than the usual 400 lines on purpose. Shape follows Beast's
// async-ssl and advanced-server examples: one strand per connection, shared_from_this bound into
// every initiation, a timeout armed before every operation, one Fail() funnel, and request
// handling (Router) kept apart from the socket code.
#include "src/api/server.hpp"

#include <openssl/ssl.h>

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <limits>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>

#include "spdlog/spdlog.h"
#include "src/api/framing.hpp"
#include "src/api/tls_context.hpp"
#include "src/ops/metrics.hpp"

namespace claimgate::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t kFirstReadBytes = 4096;
// Connections over a cap are answered 503 (they need a TLS handshake and a request to see the
// answer); this many such refusals may be in progress at once, beyond it sockets are just closed.
constexpr int kMaxRefusalsInFlight = 64;

// Counts open connections in total and per client address.
class ConnectionLimiter {
 public:
  ConnectionLimiter(int per_ip, int total) : per_ip_(per_ip), total_(total) {}

  // True when a slot was taken (Release it later); false when a cap is reached.
  bool TryAcquire(const std::string& ip) {
    std::lock_guard lock(mu_);
    if (open_ >= total_) return false;
    int& n = by_ip_[ip];
    if (n >= per_ip_) {
      if (n == 0) by_ip_.erase(ip);
      return false;
    }
    ++n;
    ++open_;
    return true;
  }
  void Release(const std::string& ip) {
    std::lock_guard lock(mu_);
    auto it = by_ip_.find(ip);
    if (it != by_ip_.end() && --it->second == 0) by_ip_.erase(it);
    --open_;
  }
  int open() const {
    std::lock_guard lock(mu_);
    return open_;
  }

 private:
  mutable std::mutex mu_;
  int per_ip_;
  int total_;
  int open_ = 0;
  std::unordered_map<std::string, int> by_ip_;
};

// Strips what must never reach a log line from a path: control characters, spaces, and length.
std::string LoggablePath(std::string_view path) {
  std::string out;
  for (char c : path.substr(0, 200)) {
    out += (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) ? '?' : c;
  }
  return out;
}

}  // namespace

// A connection that can be told to finish (graceful shutdown). Implemented by Session<>.
class Drainable {
 public:
  virtual ~Drainable() = default;
  virtual void Drain() = 0;
  // Closes the socket at once. Only while no socket thread runs (server destruction).
  virtual void Abort() = 0;
};

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  Impl(const core::ServerConfig& s, const core::LimitsConfig& l, Router r, ops::Registry* m)
      : server_config(s),
        limits(l),
        router(std::move(r)),
        io(s.io_threads),
        tls(ssl::context::tls_server),
        acceptor(io),
        retry_timer(io),
        drain_timer(io),
        signals(io),
        pool(static_cast<size_t>(s.worker_threads)),
        limiter(l.connections_per_ip, l.max_connections) {
    std::random_device rd;
    request_id_prefix = std::to_string(rd() % 0xFFFFFF);
    logger = spdlog::get("http");
    if (!logger) logger = spdlog::default_logger();
    if (m != nullptr) {
      requests = &m->AddCounter("claimgate_http_requests_total",
                                "HTTP requests answered, by method, route pattern and status",
                                {"method", "route", "status"});
      latency = &m->AddHistogram("claimgate_http_request_duration_seconds",
                                 "Time from the first byte of a request to its answer written",
                                 {"route"});
      open_gauge = &m->AddGauge("claimgate_http_connections_open", "Open client connections");
      refused = &m->AddCounter("claimgate_http_connections_refused_total",
                               "Connections refused with 503, by cap", {"reason"});
    }
  }

  std::string NextRequestId() {
    return request_id_prefix + "-" + std::to_string(request_seq.fetch_add(1) + 1);
  }

  void Accept();
  void OnAccept(beast::error_code ec, tcp::socket socket);
  void BeginDrain();
  void FinishStop();
  void SessionOpened(uint64_t id, std::weak_ptr<Drainable> s) {
    std::lock_guard lock(sessions_mu);
    sessions[id] = std::move(s);
    if (open_gauge) open_gauge->Set({}, static_cast<double>(sessions.size()));
  }
  void SessionClosed(uint64_t id) {
    size_t left;
    {
      std::lock_guard lock(sessions_mu);
      sessions.erase(id);
      left = sessions.size();
      if (open_gauge) open_gauge->Set({}, static_cast<double>(left));
    }
    if (left == 0 && draining.load()) {
      net::post(io, [self = shared_from_this()] { self->FinishStop(); });
    }
  }

  core::ServerConfig server_config;
  core::LimitsConfig limits;
  Router router;
  net::io_context io;
  ssl::context tls;
  tcp::acceptor acceptor;
  net::steady_timer retry_timer;
  net::steady_timer drain_timer;
  net::signal_set signals;
  net::thread_pool pool;
  ConnectionLimiter limiter;
  std::atomic<int> refusals_in_flight{0};
  std::atomic<bool> draining{false};
  std::atomic<bool> stopped{false};
  std::atomic<uint64_t> session_seq{0};
  std::atomic<uint64_t> request_seq{0};
  std::string request_id_prefix;
  std::mutex sessions_mu;
  std::unordered_map<uint64_t, std::weak_ptr<Drainable>> sessions;
  std::function<void()> drain_hook;
  std::function<void()> stopped_hook;
  std::shared_ptr<spdlog::logger> logger;
  ops::Counter* requests = nullptr;
  ops::Histogram* latency = nullptr;
  ops::Gauge* open_gauge = nullptr;
  ops::Counter* refused = nullptr;
};

namespace {

using ServerState = Server::Impl;
using HttpParser = http::request_parser<http::string_body>;
using HttpResponse = http::response<http::string_body>;

// What went wrong while reading a request, as the status to answer (0: just close).
int StatusForReadError(const beast::error_code& ec) {
  if (ec == http::error::header_limit) return 431;
  if (ec == http::error::body_limit) return 413;
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) return 0;
  // Every other parser error is a malformed request.
  if (ec.category() == http::make_error_code(http::error::bad_method).category()) return 400;
  return 0;
}

// The HTTP part of a connection, shared by the plain and the TLS session (CRTP, as in Beast's
// advanced server). Derived provides stream(), Start() and Close().
template <class Derived>
class Session : public Drainable {
 public:
  Session(std::shared_ptr<ServerState> state, std::string client_ip, bool counted, bool refuse)
      : state_(std::move(state)),
        client_ip_(std::move(client_ip)),
        counted_(counted),
        refuse_(refuse),
        id_(state_->session_seq.fetch_add(1)) {}

  ~Session() override {
    if (counted_) state_->limiter.Release(client_ip_);
    if (refuse_) state_->refusals_in_flight.fetch_sub(1);
    state_->SessionClosed(id_);
  }

  uint64_t id() const { return id_; }

  void Abort() override {
    beast::error_code ignored;
    Lowest().socket().close(ignored);
  }

  void Drain() override {
    net::post(Self().stream().get_executor(), [self = Self().shared_from_this()] {
      self->drain_seen_ = true;
      // An idle keep-alive connection is closed now; a busy one after its answer.
      if (!self->busy_) beast::get_lowest_layer(self->stream()).cancel();
    });
  }

 protected:
  Derived& Self() { return static_cast<Derived&>(*this); }
  auto& Lowest() { return beast::get_lowest_layer(Self().stream()); }
  std::chrono::milliseconds RequestTimeout() const {
    return std::chrono::milliseconds(state_->limits.request_timeout_ms);
  }
  std::chrono::milliseconds HandshakeTimeout() const {
    return std::chrono::milliseconds(state_->limits.handshake_timeout_ms);
  }

  // Every failed operation ends here: log at debug (clients vanish all the time) and close.
  void Fail(beast::error_code ec, const char* what) {
    if (ec != net::error::operation_aborted && ec != beast::error::timeout &&
        ec != net::error::eof && ec != ssl::error::stream_truncated) {
      state_->logger->debug("connection_error stage={} error=\"{}\" client_ip={}", what,
                            ec.message(), client_ip_);
    } else if (ec == beast::error::timeout) {
      state_->logger->info("connection_timeout stage={} client_ip={}", what, client_ip_);
    }
    beast::error_code ignored;
    Lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    Lowest().close();
  }

  // Keep-alive wait: no deadline but the idle timeout until the first byte of a request.
  void WaitForRequest() {
    busy_ = false;
    if (drain_seen_ || state_->draining.load()) return Self().Close();
    if (buffer_.size() > 0) return ReadHeader();
    Lowest().expires_after(std::chrono::milliseconds(state_->limits.idle_timeout_ms));
    Self().stream().async_read_some(
        buffer_.prepare(kFirstReadBytes),
        beast::bind_front_handler(&Session::OnFirstBytes, Self().shared_from_this()));
  }

  void OnFirstBytes(beast::error_code ec, size_t n) {
    if (ec) return Fail(ec, "idle");
    buffer_.commit(n);
    ReadHeader();
  }

  void ReadHeader() {
    busy_ = true;
    started_ = Clock::now();
    // One deadline for the whole request, header and body: a client sending a byte a second
    // is cut when it passes.
    deadline_ = started_ + RequestTimeout();
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(state_->limits.header_bytes));
    parser_->body_limit(std::numeric_limits<uint64_t>::max());  // set per route after the header
    Lowest().expires_at(deadline_);
    http::async_read_header(
        Self().stream(), buffer_, *parser_,
        beast::bind_front_handler(&Session::OnHeader, Self().shared_from_this()));
  }

  void OnHeader(beast::error_code ec, size_t /*bytes*/) {
    if (ec) return OnReadError(ec, "header");
    const auto& header = parser_->get();
    request_.method = std::string(header.method_string());
    request_.target = std::string(header.target());
    const std::string_view target = header.target();
    const size_t q = target.find('?');
    auto path = PercentDecode(target.substr(0, q), false);
    if (!path || path->empty() || path->front() != '/') {
      return SendError(400, "bad_target", "the request target must be an absolute path", true);
    }
    request_.path = std::move(*path);
    if (q != std::string_view::npos) request_.query = ParseQuery(target.substr(q + 1));

    std::vector<std::pair<std::string_view, std::string_view>> fields;
    for (const auto& f : header) fields.emplace_back(f.name_string(), f.value());
    const FramingVerdict framing = CheckFraming(fields, static_cast<int>(header.version() % 10));
    if (!framing.ok) return SendError(400, framing.reason, "ambiguous message framing", true);
    // HTTP/1.1 requires exactly one Host (RFC 9112 3.2); a request without one, or with two, is
    // refused rather than guessed at.
    std::size_t hosts = 0;
    for (const auto& [name, value] : fields) hosts += EqualsIgnoreCase(name, "Host") ? 1 : 0;
    if ((header.version() >= 11 && hosts == 0) || hosts > 1) {
      return SendError(400, "bad_host", "send exactly one Host header", true);
    }
    for (const auto& [name, value] : fields) {
      request_.headers.Add(std::string(name), std::string(value));
    }
    request_.client_ip = client_ip_;
    request_.client_cert = cert_;
    request_.request_id = state_->NextRequestId();
    const bool has_body = framing.chunked || framing.content_length.value_or(0) > 0;
    if (refuse_) {
      if (state_->refused) state_->refused->Inc({"connection_cap"});
      return SendError(503, "too_many_connections", "connection limit reached, retry later", true);
    }

    match_ = state_->router.Match(request_.method, request_.path);
    if (match_.route == nullptr) {
      // 404 or 405 from the router (no handler runs); a body is not read, so close after.
      return Send(state_->router.Handle(request_), has_body);
    }
    const RouteOptions& o = match_.route->options;
    const uint64_t limit = o.max_body_bytes               ? *o.max_body_bytes
                           : o.body == BodyClass::kNormal ? state_->limits.body_bytes
                           : o.body == BodyClass::kBulk   ? state_->limits.bulk_body_bytes
                                                          : 0;
    if (framing.content_length && *framing.content_length > limit) {
      return SendError(413, "body_too_large", "the request body is larger than allowed", true);
    }
    if (has_body && !o.content_types.empty() &&
        !MediaTypeAllowed(request_.headers.Get("Content-Type").value_or(""), o.content_types)) {
      std::string allowed;
      for (std::string_view t : o.content_types) allowed += (allowed.empty() ? "" : ", ") + std::string(t);
      return SendError(415, "unsupported_media_type", "send the body as " + allowed, true);
    }
    parser_->body_limit(limit);
    if (parser_->is_done()) return OnBody({}, 0);
    auto expect = request_.headers.Get("Expect");
    if (expect && EqualsIgnoreCase(*expect, "100-continue")) {
      continue_.emplace(http::status::continue_, header.version());
      Lowest().expires_at(deadline_);
      return http::async_write(
          Self().stream(), *continue_,
          beast::bind_front_handler(&Session::OnContinueSent, Self().shared_from_this()));
    }
    ReadBody();
  }

  void OnContinueSent(beast::error_code ec, size_t) {
    if (ec) return Fail(ec, "continue");
    ReadBody();
  }

  void ReadBody() {
    Lowest().expires_at(deadline_);
    http::async_read(Self().stream(), buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnBody, Self().shared_from_this()));
  }

  void OnReadError(beast::error_code ec, const char* stage) {
    const int status = StatusForReadError(ec);
    if (status == 0) return Fail(ec, stage);
    const char* code = status == 431   ? "header_too_large"
                       : status == 413 ? "body_too_large"
                                       : "malformed_request";
    SendError(status, code, status == 400 ? "the request could not be parsed" : "too large", true);
  }

  void OnBody(beast::error_code ec, size_t /*bytes*/) {
    if (ec) return OnReadError(ec, "body");
    request_.body = std::move(parser_->get().body());
    if (match_.route->options.blocking) {
      // Blocking work goes to the worker pool; the answer comes back on this strand.
      return net::post(state_->pool, [self = Self().shared_from_this()] { self->Dispatch(); });
    }
    Dispatch();
  }

  // Runs the handler. Its answer may come at once or later from another thread (an asynchronous
  // handler answers when its store write is durable; no worker waits for it meanwhile); either
  // way it is written on this connection's strand. A handler that throws is a bug, answered 500
  // and logged without detail that could carry request data.
  void Dispatch() {
    auto answered = std::make_shared<std::atomic<bool>>(false);
    Respond respond = [self = Self().shared_from_this(), answered](Response r) {
      if (answered->exchange(true)) return;  // only the first answer counts
      net::post(self->stream().get_executor(),
                [self, r = std::move(r)]() mutable { self->Send(std::move(r), false); });
    };
    try {
      state_->router.HandleAsync(request_, respond);
    } catch (const std::exception&) {
      state_->logger->error("handler_exception id={} route={}", request_.request_id,
                            request_.route_pattern);
      respond(Response::Error(500, "internal_error", "internal error"));
    }
  }

  void SendError(int status, std::string_view code, std::string_view message, bool close) {
    if (request_.request_id.empty()) request_.request_id = state_->NextRequestId();
    Send(Response::Error(status, code, message), close);
  }

  void Send(Response r, bool close) {
    const unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
    const bool keep_alive = !close && !drain_seen_ && !state_->draining.load() && parser_ &&
                            parser_->is_done() && parser_->keep_alive();
    res_.emplace(static_cast<http::status>(r.status), version);
    for (const auto& [name, value] : r.headers.fields()) {
      if (EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Connection") ||
          EqualsIgnoreCase(name, "Transfer-Encoding")) {
        continue;
      }
      res_->insert(name, value);
    }
    res_->set(http::field::content_type, r.content_type);
    res_->set(http::field::cache_control, "no-store");
    res_->set("X-Content-Type-Options", "nosniff");
    res_->set("X-Request-Id", request_.request_id);
    if (Derived::kTls) res_->set(http::field::strict_transport_security, "max-age=31536000");
    res_->body() = std::move(r.body);
    res_->keep_alive(keep_alive);
    res_->prepare_payload();
    Lowest().expires_after(RequestTimeout());
    http::async_write(
        Self().stream(), *res_,
        beast::bind_front_handler(&Session::OnWrite, Self().shared_from_this(), !keep_alive));
  }

  void OnWrite(bool close, beast::error_code ec, size_t bytes) {
    Record(bytes);
    if (ec) return Fail(ec, "write");
    res_.reset();
    parser_.reset();
    request_ = Request{};
    match_ = RouteMatch{};
    if (close) return Self().Close();
    WaitForRequest();
  }

  // Access log and metrics for one answered request: ids, sizes, codes and times only; the
  // query string and the body are never logged.
  void Record(size_t bytes_out) {
    const double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    const std::string route =
        request_.route_pattern.empty() ? std::string("unmatched") : request_.route_pattern;
    const int status = static_cast<int>(res_->result_int());
    state_->logger->info(
        "http_request id={} method={} route={} path={} status={} bytes_in={} bytes_out={} "
        "duration_ms={:.2f} client_ip={}{}",
        request_.request_id, request_.method.empty() ? "-" : LoggablePath(request_.method), route,
        LoggablePath(request_.path), status, request_.body.size(), bytes_out, seconds * 1000,
        client_ip_, cert_.present ? " client_cert=" + cert_.sha256_fingerprint.substr(0, 16) : "");
    if (state_->requests) {
      const std::string method = match_.route ? request_.method : std::string("other");
      state_->requests->Inc({method, route, std::to_string(status)});
      state_->latency->Observe({route}, seconds);
    }
  }

  std::shared_ptr<ServerState> state_;
  std::string client_ip_;
  bool counted_;
  bool refuse_;
  uint64_t id_;
  ClientCert cert_;
  beast::flat_buffer buffer_;
  std::optional<HttpParser> parser_;
  std::optional<http::response<http::empty_body>> continue_;
  std::optional<HttpResponse> res_;
  Request request_;
  RouteMatch match_;
  Clock::time_point started_ = Clock::now();
  Clock::time_point deadline_;
  bool busy_ = false;
  bool drain_seen_ = false;
};

class PlainSession : public Session<PlainSession>,
                     public std::enable_shared_from_this<PlainSession> {
 public:
  static constexpr bool kTls = false;
  PlainSession(tcp::socket&& socket, std::shared_ptr<ServerState> state, std::string ip,
               bool counted, bool refuse)
      : Session(std::move(state), std::move(ip), counted, refuse), stream_(std::move(socket)) {}

  beast::tcp_stream& stream() { return stream_; }
  void Start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&PlainSession::WaitForRequest, shared_from_this()));
  }
  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

 private:
  beast::tcp_stream stream_;
};

class TlsSession : public Session<TlsSession>, public std::enable_shared_from_this<TlsSession> {
 public:
  static constexpr bool kTls = true;
  TlsSession(tcp::socket&& socket, std::shared_ptr<ServerState> state, std::string ip, bool counted,
             bool refuse)
      : Session(state, std::move(ip), counted, refuse), stream_(std::move(socket), state->tls) {}

  beast::ssl_stream<beast::tcp_stream>& stream() { return stream_; }

  void Start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      // A connection that sends nothing, or stalls in the handshake, holds a connection slot of
      // its address: it gets a short deadline of its own, not the whole request timeout.
      self->Lowest().expires_after(std::min(self->RequestTimeout(), self->HandshakeTimeout()));
      self->stream_.async_handshake(
          ssl::stream_base::server,
          beast::bind_front_handler(&TlsSession::OnHandshake, self->shared_from_this()));
    });
  }

  void OnHandshake(beast::error_code ec) {
    if (ec) return Fail(ec, "handshake");
    cert_ = PeerCertificate(stream_.native_handle());
    WaitForRequest();
  }

  // Sends close_notify; waits only briefly for the client's (most never send one).
  void Close() {
    Lowest().expires_after(std::chrono::milliseconds(300));
    stream_.async_shutdown(beast::bind_front_handler(&TlsSession::OnShutdown, shared_from_this()));
  }
  void OnShutdown(beast::error_code) { Lowest().close(); }

 private:
  beast::ssl_stream<beast::tcp_stream> stream_;
};

}  // namespace

void Server::Impl::Accept() {
  acceptor.async_accept(net::make_strand(io),
                        beast::bind_front_handler(&Impl::OnAccept, shared_from_this()));
}

void Server::Impl::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (draining.load() || !acceptor.is_open()) return;
  if (ec) {
    // Out of descriptors and similar: wait a little instead of spinning.
    logger->warn("accept_failed error=\"{}\"", ec.message());
    retry_timer.expires_after(std::chrono::milliseconds(100));
    retry_timer.async_wait([self = shared_from_this()](beast::error_code e) {
      if (!e) self->Accept();
    });
    return;
  }
  beast::error_code ignored;
  const tcp::endpoint remote = socket.remote_endpoint(ignored);
  std::string ip = remote.address().is_v6() && remote.address().to_v6().is_v4_mapped()
                       ? remote.address().to_v6().to_v4().to_string()
                       : remote.address().to_string();
  bool counted = limiter.TryAcquire(ip);
  bool refuse = false;
  if (!counted) {
    if (refusals_in_flight.fetch_add(1) >= kMaxRefusalsInFlight) {
      refusals_in_flight.fetch_sub(1);
      logger->warn("connection_dropped reason=refusals_in_flight client_ip={}", ip);
      socket.close(ignored);
      return Accept();
    }
    refuse = true;
    logger->warn("connection_refused reason=connection_cap client_ip={}", ip);
  }
  socket.set_option(tcp::no_delay(true), ignored);
  if (server_config.plain_http) {
    auto s =
        std::make_shared<PlainSession>(std::move(socket), shared_from_this(), ip, counted, refuse);
    SessionOpened(s->id(), s);
    s->Start();
  } else {
    auto s =
        std::make_shared<TlsSession>(std::move(socket), shared_from_this(), ip, counted, refuse);
    SessionOpened(s->id(), s);
    s->Start();
  }
  Accept();
}

void Server::Impl::BeginDrain() {
  if (draining.exchange(true)) return;
  logger->info("server_draining grace_ms={}", server_config.shutdown_grace_ms);
  if (drain_hook) drain_hook();
  beast::error_code ignored;
  acceptor.close(ignored);
  retry_timer.cancel();
  std::vector<std::shared_ptr<Drainable>> live;
  {
    std::lock_guard lock(sessions_mu);
    for (auto& [id, weak] : sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->Drain();
  live.clear();
  drain_timer.expires_after(std::chrono::milliseconds(server_config.shutdown_grace_ms));
  drain_timer.async_wait([self = shared_from_this()](beast::error_code e) {
    if (e) return;
    self->logger->warn("server_drain_timeout open_connections={}", self->limiter.open());
    self->FinishStop();
  });
  std::lock_guard lock(sessions_mu);
  if (sessions.empty()) net::post(io, [self = shared_from_this()] { self->FinishStop(); });
}

void Server::Impl::FinishStop() {
  if (stopped.exchange(true)) return;
  drain_timer.cancel();
  beast::error_code ignored;
  signals.cancel(ignored);
  io.stop();
}

Server::Server(const core::ServerConfig& server, const core::LimitsConfig& limits, Router router,
               ops::Registry* metrics)
    : impl_(std::make_shared<Impl>(server, limits, std::move(router), metrics)) {}

Server::~Server() {
  // Pending handlers hold sessions and sessions hold the Impl: close every socket and run the
  // io_context dry so that each handler completes (with an error) and lets go.
  Impl& s = *impl_;
  s.pool.join();
  s.stopped = true;
  beast::error_code ignored;
  s.acceptor.close(ignored);
  s.retry_timer.cancel();
  s.drain_timer.cancel();
  s.signals.cancel(ignored);
  std::vector<std::shared_ptr<Drainable>> live;
  {
    std::lock_guard lock(s.sessions_mu);
    for (auto& [id, weak] : s.sessions) {
      if (auto p = weak.lock()) live.push_back(std::move(p));
    }
  }
  for (auto& p : live) p->Abort();
  live.clear();
  s.io.restart();
  s.io.run();
}

edi::Result<void> Server::Start() {
  Impl& s = *impl_;
  if (!s.server_config.plain_http) {
    edi::Result<void> tls = ConfigureTlsContext(s.tls.native_handle(), s.server_config.tls);
    if (!tls) return tls;
  }
  beast::error_code ec;
  const auto address = net::ip::make_address(s.server_config.address, ec);
  if (ec) return edi::Error{"bad_address", "not an IP address: " + s.server_config.address};
  const tcp::endpoint endpoint(address, s.server_config.port);
  const std::string where =
      s.server_config.address + " port " + std::to_string(s.server_config.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return edi::Error{"listen_failed", "cannot listen on " + where + ": " + ec.message()};
  return {};
}

uint16_t Server::port() const {
  beast::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

void Server::Run(bool handle_signals) {
  Impl& s = *impl_;
  if (handle_signals) {
    s.signals.add(SIGINT);
    s.signals.add(SIGTERM);
    s.signals.async_wait([impl = impl_](beast::error_code ec, int sig) {
      if (ec) return;
      impl->logger->info("signal_received signal={}", sig);
      impl->BeginDrain();
    });
  }
  s.logger->info("server_started address={} port={} tls={} io_threads={} worker_threads={}",
                 s.server_config.address, port(), !s.server_config.plain_http,
                 s.server_config.io_threads, s.server_config.worker_threads);
  if (!s.draining.load()) {
    s.Accept();
  }
  std::vector<std::thread> threads;
  for (int i = 1; i < s.server_config.io_threads; ++i) {
    threads.emplace_back([&s] { s.io.run(); });
  }
  s.io.run();
  for (auto& t : threads) t.join();
  s.pool.join();
  s.logger->info("server_stopped open_connections={}", s.limiter.open());
  if (s.stopped_hook) s.stopped_hook();
}

void Server::RequestShutdown() {
  net::post(impl_->io, [impl = impl_] { impl->BeginDrain(); });
}

void Server::SetDrainHook(std::function<void()> hook) { impl_->drain_hook = std::move(hook); }
void Server::SetStoppedHook(std::function<void()> hook) { impl_->stopped_hook = std::move(hook); }
int Server::open_connections() const { return impl_->limiter.open(); }

}  // namespace claimgate::api
