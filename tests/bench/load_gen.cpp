// HTTPS load generator for `claimgate serve`: N keep-alive connections POSTing synthetic
// encounters to /v1/claims for a fixed time. Closed loop by default (each connection sends its
// next request when the last is answered); with --rate R, open loop: the connections together
// offer R requests/s on a fixed schedule, and latency is counted from each request's scheduled
// time, so a stalled server cannot hide its queue (no coordinated omission). Reports claims/s,
// latency percentiles, errors by kind, and the store's fsyncs/s read from /metrics before and
// after (claimgate_store_commits_total). Every Beast line of the benchmarks sits in this one file.
//
//   load_gen --port 8443 --ca certs/ca.crt --api-key-file key.txt --clients 128 --seconds 20
//            [--rate 2000] [--template docs/examples/837p-simple.json] [--warmup 2]
//            [--threads 1] [--plain]
#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  uint16_t port = 8443;
  bool plain = false;
  std::string ca_file;  // empty: no verification (the numbers are the same; use with care)
  std::string api_key;
  std::string template_file = "docs/examples/837p-simple.json";
  int clients = 64;
  double seconds = 20;
  double warmup = 2;
  int threads = 1;
  double rate = 0;  // requests/s over all connections; 0: closed loop
};

[[noreturn]] void Usage(const char* why) {
  std::fprintf(stderr,
               "load_gen: %s\nusage: load_gen --port N (--ca FILE | --plain) (--api-key KEY | "
               "--api-key-file FILE) [--host IP] [--clients N] [--seconds S] [--warmup S] "
               "[--threads N] [--rate R] [--template FILE]\n",
               why);
  std::exit(2);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Usage(("cannot read " + path).c_str());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Options ParseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Usage(("missing value for " + a).c_str());
      return argv[++i];
    };
    if (a == "--host") {
      o.host = value();
    } else if (a == "--port") {
      o.port = static_cast<uint16_t>(std::stoi(value()));
    } else if (a == "--plain") {
      o.plain = true;
    } else if (a == "--ca") {
      o.ca_file = value();
    } else if (a == "--api-key") {
      o.api_key = value();
    } else if (a == "--api-key-file") {
      o.api_key = ReadFile(value());
      while (!o.api_key.empty() && (o.api_key.back() == '\n' || o.api_key.back() == '\r')) {
        o.api_key.pop_back();
      }
    } else if (a == "--template") {
      o.template_file = value();
    } else if (a == "--clients") {
      o.clients = std::stoi(value());
    } else if (a == "--seconds") {
      o.seconds = std::stod(value());
    } else if (a == "--warmup") {
      o.warmup = std::stod(value());
    } else if (a == "--threads") {
      o.threads = std::stoi(value());
    } else if (a == "--rate") {
      o.rate = std::stod(value());
    } else {
      Usage(("unknown argument " + a).c_str());
    }
  }
  if (o.api_key.empty()) Usage("an API key is required");
  if (o.clients < 1 || o.seconds <= 0 || o.threads < 1 || o.rate < 0) Usage("bad numbers");
  return o;
}

// The template encounter with three holes: the practice's claim number, the first line's charge
// and the claim total (kept equal to the sum of the lines so the intake edits pass).
class BodyMaker {
 public:
  explicit BodyMaker(const std::string& text) {
    nlohmann::json j = nlohmann::json::parse(text);
    auto& info = j.at("claimInformation");
    auto& lines = info.at("serviceLines");
    rest_cents_ = 0;
    for (size_t i = 1; i < lines.size(); ++i) {
      rest_cents_ += Cents(lines[i].at("professionalService").at("lineItemChargeAmount"));
    }
    info["patientControlNumber"] = "@PCN@";
    info["claimChargeAmount"] = "@TOTAL@";
    lines[0]["professionalService"]["lineItemChargeAmount"] = "@LINE@";
    std::string flat = j.dump();
    for (const char* hole : {"@PCN@", "@TOTAL@", "@LINE@"}) {
      const size_t at = flat.find(hole);
      holes_.push_back({at, hole});
    }
    std::sort(holes_.begin(), holes_.end());
    size_t from = 0;
    for (const auto& [at, hole] : holes_) {
      pieces_.push_back(flat.substr(from, at - from));
      from = at + std::string(hole).size();
    }
    pieces_.push_back(flat.substr(from));
  }

  std::string Make(int client, uint64_t seq) const {
    const int64_t line = 5000 + static_cast<int64_t>((seq * 7919 + static_cast<uint64_t>(client)) %
                                                     40000);  // 50.00 .. 449.99
    std::map<std::string, std::string> values = {
        {"@PCN@", "LG" + std::to_string(client) + "-" + std::to_string(seq)},
        {"@LINE@", Money(line)},
        {"@TOTAL@", Money(line + rest_cents_)}};
    std::string out = pieces_[0];
    for (size_t i = 0; i < holes_.size(); ++i) {
      out += values[holes_[i].second];
      out += pieces_[i + 1];
    }
    return out;
  }

 private:
  static int64_t Cents(const nlohmann::json& v) {
    const std::string s = v.get<std::string>();
    return static_cast<int64_t>(std::llround(std::stod(s) * 100));
  }
  static std::string Money(int64_t cents) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(cents / 100),
                  static_cast<long long>(cents % 100));
    return buf;
  }
  std::vector<std::pair<size_t, std::string>> holes_;
  std::vector<std::string> pieces_;
  int64_t rest_cents_ = 0;
};

struct Shared {
  Shared(Options o, BodyMaker b) : options(std::move(o)), bodies(std::move(b)) {}
  Options options;
  BodyMaker bodies;
  ssl::context tls{ssl::context::tls_client};
  tcp::resolver::results_type endpoints;
  Clock::time_point measure_from;
  Clock::time_point stop_at;
  std::mutex mu;
  std::vector<uint32_t> latencies_us;  // measured window only
  std::map<std::string, int64_t> errors;
  std::map<int, int64_t> statuses;
  int64_t ok = 0;
};

// One keep-alive connection in a closed loop. Reconnects after an error.
class Conn : public std::enable_shared_from_this<Conn> {
 public:
  Conn(net::io_context& io, Shared& shared, int index)
      : io_(io), shared_(shared), index_(index), timer_(io) {
    if (shared_.options.rate > 0) {
      // Each connection offers rate/clients requests/s; their phases are spread evenly.
      interval_ = std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(shared_.options.clients / shared_.options.rate));
      due_ = Clock::now() + interval_ * index_ / shared_.options.clients;
    }
  }

  void Start() { Connect(); }

 private:
  // Calls f with the stream requests go over (TLS or plain).
  template <class F>
  void With(F&& f) {
    if (tls_) {
      f(*tls_);
    } else {
      f(*tcp_);
    }
  }
  beast::tcp_stream& Lowest() { return tls_ ? beast::get_lowest_layer(*tls_) : *tcp_; }

  void Connect() {
    if (Clock::now() >= shared_.stop_at) return Finish();
    if (shared_.options.plain) {
      tcp_.emplace(net::make_strand(io_));
    } else {
      tls_.emplace(net::make_strand(io_), shared_.tls);
    }
    Lowest().expires_after(std::chrono::seconds(10));
    Lowest().async_connect(
        shared_.endpoints, [self = shared_from_this()](beast::error_code ec, const auto&) {
          if (ec) return self->Error("connect");
          if (!self->tls_) return self->Send();
          self->tls_->async_handshake(ssl::stream_base::client, [self](beast::error_code e) {
            if (e) return self->Error("handshake");
            self->Send();
          });
        });
  }

  // Closed loop: send now. Open loop: wait for this connection's next scheduled time (a late
  // request goes at once, and its latency still counts from when it was due).
  void Send() {
    if (interval_.count() == 0) return SendNow(Clock::now());
    const Clock::time_point due = due_;
    due_ += interval_;
    if (Clock::now() >= due) return SendNow(due);
    timer_.expires_at(due);
    timer_.async_wait([self = shared_from_this(), due](beast::error_code ec) {
      if (!ec) self->SendNow(due);
    });
  }

  void SendNow(Clock::time_point due) {
    if (Clock::now() >= shared_.stop_at) return Finish();
    req_ = {};
    req_.method(http::verb::post);
    req_.target("/v1/claims");
    req_.version(11);
    req_.set(http::field::host, shared_.options.host);
    req_.set(http::field::content_type, "application/json");
    req_.set(http::field::authorization, "Bearer " + shared_.options.api_key);
    req_.keep_alive(true);
    req_.body() = shared_.bodies.Make(index_, seq_++);
    req_.prepare_payload();
    res_ = {};
    sent_at_ = due;
    Lowest().expires_after(std::chrono::seconds(30));
    With([this](auto& stream) {
      http::async_write(stream, req_, [self = shared_from_this()](beast::error_code ec, size_t) {
        self->OnWrite(ec);
      });
    });
  }

  void OnWrite(beast::error_code ec) {
    if (ec) return Error("write");
    With([this](auto& stream) {
      http::async_read(
          stream, buffer_, res_,
          [self = shared_from_this()](beast::error_code e, size_t) { self->OnRead(e); });
    });
  }

  void OnRead(beast::error_code ec) {
    if (ec) return Error("read");
    const auto now = Clock::now();
    const int status = static_cast<int>(res_.result_int());
    {
      std::lock_guard lock(shared_.mu);
      if (sent_at_ >= shared_.measure_from && now <= shared_.stop_at) {
        shared_.latencies_us.push_back(static_cast<uint32_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(now - sent_at_).count()));
        ++shared_.statuses[status];
        if (status == 201) ++shared_.ok;
      }
    }
    if (!res_.keep_alive()) {
      Count("server_closed");
      return Reconnect();
    }
    Send();
  }

  void Count(const std::string& what) {
    std::lock_guard lock(shared_.mu);
    if (Clock::now() >= shared_.measure_from) ++shared_.errors[what];
  }

  void Error(const std::string& what) {
    if (Clock::now() >= shared_.stop_at) return Finish();
    Count(what);
    Reconnect();
  }

  void Reconnect() {
    beast::error_code ignored;
    if (tcp_ || tls_) Lowest().socket().close(ignored);
    tls_.reset();
    tcp_.reset();
    buffer_.clear();
    Connect();
  }

  void Finish() {
    beast::error_code ignored;
    if (tcp_ || tls_) Lowest().socket().close(ignored);
  }

  net::io_context& io_;
  Shared& shared_;
  int index_;
  uint64_t seq_ = 0;
  std::optional<beast::tcp_stream> tcp_;                     // plain HTTP
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls_;  // HTTPS
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
  Clock::time_point sent_at_;  // when the request was due (closed loop: when it was sent)
  net::steady_timer timer_;
  Clock::duration interval_{0};  // open loop only
  Clock::time_point due_;
};

// GET /metrics on a fresh connection; the value of one unlabelled series, or nullopt.
std::optional<double> Scrape(Shared& shared, const std::string& series) {
  try {
    net::io_context io;
    http::request<http::empty_body> req(http::verb::get, "/metrics", 11);
    req.set(http::field::host, shared.options.host);
    http::response<http::string_body> res;
    beast::flat_buffer buffer;
    if (shared.options.plain) {
      beast::tcp_stream stream(io);
      stream.expires_after(std::chrono::seconds(10));
      stream.connect(shared.endpoints);
      http::write(stream, req);
      http::read(stream, buffer, res);
    } else {
      beast::ssl_stream<beast::tcp_stream> tls(io, shared.tls);
      beast::get_lowest_layer(tls).expires_after(std::chrono::seconds(10));
      beast::get_lowest_layer(tls).connect(shared.endpoints);
      tls.handshake(ssl::stream_base::client);
      http::write(tls, req);
      http::read(tls, buffer, res);
    }
    std::istringstream lines(res.body());
    for (std::string line; std::getline(lines, line);) {
      if (line.compare(0, series.size() + 1, series + " ") == 0) {
        return std::stod(line.substr(series.size() + 1));
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "load_gen: /metrics: %s\n", e.what());
  }
  return std::nullopt;
}

double Percentile(const std::vector<uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t i =
      std::min(sorted.size() - 1, static_cast<size_t>(p * static_cast<double>(sorted.size())));
  return sorted[i] / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = ParseArgs(argc, argv);
  Shared shared(o, BodyMaker(ReadFile(o.template_file)));
  if (o.ca_file.empty()) {
    shared.tls.set_verify_mode(ssl::verify_none);
  } else {
    shared.tls.load_verify_file(o.ca_file);
    shared.tls.set_verify_mode(ssl::verify_peer);
  }
  net::io_context io(o.threads);
  tcp::resolver resolver(io);
  shared.endpoints = resolver.resolve(o.host, std::to_string(o.port));

  const auto start = Clock::now();
  shared.measure_from =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.warmup));
  shared.stop_at = shared.measure_from + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(o.seconds));
  for (int i = 0; i < o.clients; ++i) std::make_shared<Conn>(io, shared, i)->Start();

  // The commit counter is read when the measured window opens and when it closes.
  std::optional<double> commits_before, commits_after, writes_before, writes_after;
  std::thread scraper([&] {
    std::this_thread::sleep_until(shared.measure_from);
    commits_before = Scrape(shared, "claimgate_store_commits_total");
    writes_before = Scrape(shared, "claimgate_store_writes_total");
    std::this_thread::sleep_until(shared.stop_at);
    commits_after = Scrape(shared, "claimgate_store_commits_total");
    writes_after = Scrape(shared, "claimgate_store_writes_total");
  });
  std::vector<std::thread> threads;
  for (int i = 1; i < o.threads; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : threads) t.join();
  scraper.join();

  std::sort(shared.latencies_us.begin(), shared.latencies_us.end());
  const double secs = o.seconds;
  int64_t errors = 0;
  std::string error_text;
  for (const auto& [what, n] : shared.errors) {
    errors += n;
    error_text += " " + what + "=" + std::to_string(n);
  }
  std::string status_text;
  for (const auto& [status, n] : shared.statuses) {
    status_text += " " + std::to_string(status) + "=" + std::to_string(n);
    if (status != 201) errors += n;
  }
  std::printf(
      "clients=%d rate=%s seconds=%.1f claims=%lld claims_per_s=%.0f p50_ms=%.2f p90_ms=%.2f "
      "p99_ms=%.2f max_ms=%.2f errors=%lld\n",
      o.clients, o.rate > 0 ? std::to_string(static_cast<long long>(o.rate)).c_str() : "closed",
      secs, static_cast<long long>(shared.ok), static_cast<double>(shared.ok) / secs,
      Percentile(shared.latencies_us, 0.50), Percentile(shared.latencies_us, 0.90),
      Percentile(shared.latencies_us, 0.99),
      shared.latencies_us.empty() ? 0.0 : shared.latencies_us.back() / 1000.0,
      static_cast<long long>(errors));
  std::printf("  statuses:%s\n", status_text.empty() ? " none" : status_text.c_str());
  if (!error_text.empty()) std::printf("  connection errors:%s\n", error_text.c_str());
  if (commits_before && commits_after) {
    const double commits = *commits_after - *commits_before;
    std::printf("  fsyncs_per_s=%.0f claims_per_fsync=%.1f", commits / secs,
                commits > 0 ? static_cast<double>(shared.ok) / commits : 0.0);
    if (writes_before && writes_after) {
      std::printf(" store_writes_per_s=%.0f", (*writes_after - *writes_before) / secs);
    }
    std::printf("\n");
  } else {
    std::printf("  fsyncs_per_s=unknown (claimgate_store_commits_total not in /metrics)\n");
  }
  return shared.ok > 0 ? 0 : 1;
}
