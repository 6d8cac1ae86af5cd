// The scheduler's public side and each worker's loop, connection gate, response pickup and
// operator figures. Sending, resolving and batching are in scheduler_send.cpp.
#include "src/pipeline/scheduler.hpp"

#include <algorithm>
#include <random>

#include "spdlog/spdlog.h"
#include "src/ops/metrics.hpp"
#include "src/pipeline/scheduler_worker.hpp"

namespace claimgate::pipeline {
namespace {

// Responses fetched and imported in one poll before the worker turns to sending again.
constexpr int kMaxResponsesPerPass = 100;

std::shared_ptr<spdlog::logger> Log() {
  auto l = spdlog::get("claimgate");
  return l ? l : spdlog::default_logger();
}

int64_t ToMs(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::chrono::milliseconds PollInterval(const core::PayerConfig& p, const SchedulerOptions& o) {
  if (o.poll_interval) return *o.poll_interval;
  int s = p.transport == core::TransportKind::kSftp ? p.sftp.poll_interval_seconds
                                                    : p.core.batch_results_poll_seconds;
  return std::chrono::seconds(s);
}

}  // namespace

Scheduler::Worker::Worker(store::Store& s, core::PayerConfig p, const ImportFn& i, ops::Registry* m,
                          const SchedulerOptions& o, uint64_t seed)
    : store(s),
      payer(std::move(p)),
      import(i),
      metrics(m),
      options(o),
      policy(payer.retry, SeededRandom(seed)),
      random(SeededRandom(seed ^ 0x9e3779b97f4a7c15ull)),
      breaker(payer.circuit, [] { return Clock::now(); }) {
  stats.payer_id = payer.id;
  stats.name = payer.name;
  stats.transport = payer.transport == core::TransportKind::kSftp ? "sftp" : "core";
  stats.connection = "idle";
  stats.circuit = "closed";
}

void Scheduler::Worker::Run() {
  Log()->info("scheduler_start payer={} transport={}", payer.id, stats.transport);
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait_for(lock, options.tick, [this] { return stop || wake; });
      if (stop) break;
      wake = false;
    }
    Loop();
  }
  if (link) link->Close();
  Log()->info("scheduler_stop payer={}", payer.id);
}

void Scheduler::Worker::Loop() {
  bool retry = false, skip = false;
  {
    std::lock_guard<std::mutex> lock(mu);
    retry = retry_requests > 0;
    retry_requests = 0;
    skip = paused || blocked;
  }
  if (retry) DoRetry();
  if (Clock::now() >= next_stats) RefreshStats();
  if (!skip) {
    if (ResolveInFlight() && SendReady()) BuildNew();
    PollResponses();
  }
  PublishGauges();
}

bool Scheduler::Worker::EnsureConnected() {
  if (Clock::now() < next_connect) return false;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (blocked) return false;
    CircuitState state = breaker.state();
    if (state == CircuitState::kOpen) return false;
    if (state == CircuitState::kClosed && link->connected()) return true;
    // Half-open: this call is the one trial; its outcome is recorded by whoever uses it.
    if (!breaker.AllowRequest()) return false;
  }
  ConnectResult c = link->Connect();
  if (c.ok) {
    if (c.probed) Success();
    return true;
  }
  if (c.blocked) {
    Block(c.reason);
  } else {
    Failure(c.reason);
  }
  return false;
}

void Scheduler::Worker::Success() {
  std::lock_guard<std::mutex> lock(mu);
  breaker.RecordSuccess();
  next_connect = {};
  stats.connection = "connected";
}

void Scheduler::Worker::Failure(const std::string& reason) {
  int failures = 0;
  {
    std::lock_guard<std::mutex> lock(mu);
    breaker.RecordFailure(reason);
    failures = breaker.health().consecutive_failures;
    stats.connection = "disconnected";
  }
  Duration ceiling = policy.Ceiling(std::max(0, failures - 1));
  next_connect =
      Clock::now() + Duration(static_cast<int64_t>(random(static_cast<uint64_t>(ceiling.count()))));
  Log()->warn("payer_failure payer={} consecutive_failures={} reason=\"{}\"", payer.id, failures,
              reason);
  if (metrics) {
    metrics
        ->AddCounter("claimgate_payer_failures_total", "Failed exchanges with a payer.", {"payer"})
        .Inc({payer.id});
  }
}

void Scheduler::Worker::Block(const std::string& reason) {
  {
    std::lock_guard<std::mutex> lock(mu);
    blocked = true;
    breaker.RecordFailure(reason);
    stats.connection = "blocked";
  }
  if (link) link->Close();
  Log()->critical(
      "operator_alert event=payer_blocked payer={} reason=\"{}\" action=\"check the payer's host "
      "key, fix host_key_fingerprint, restart, then POST /v1/payers/{}/resume\"",
      payer.id, reason, payer.id);
}

bool Scheduler::Worker::ImportResponse(const ResponseFile& f) {
  auto imported = import(payer.id, f.name, f.bytes);
  if (!imported) {
    Log()->error("response_import_failed payer={} source={} code={}", payer.id, f.name,
                 imported.error().code);
    return false;
  }
  Log()->info("response_imported payer={} source={} bytes={}", payer.id, f.name, f.bytes.size());
  auto done = link->Done(f.name);
  if (!done) {
    // The import is durable; the file is fetched again next time and de-duplicated.
    Log()->warn("response_dispose_failed payer={} source={} code={}", payer.id, f.name,
                done.error().code);
  }
  return true;
}

void Scheduler::Worker::PollResponses() {
  if (Clock::now() < next_poll) return;
  if (!EnsureConnected()) return;
  next_poll = Clock::now() + PollInterval(payer, options);
  {
    std::lock_guard<std::mutex> lock(mu);
    stats.last_poll_ms = ToMs(Clock::now());
  }
  if (pending_import) {
    if (!ImportResponse(*pending_import)) return;  // the store is failing: fetch nothing more
    pending_import.reset();
  }
  // One file at a time: each is stored (raw, by the importer) before the next is asked for.
  for (int n = 0; n < kMaxResponsesPerPass; ++n) {
    auto next = link->FetchNext();
    if (!next) {
      Failure("poll: " + next.error().code + ": " + next.error().message);
      return;
    }
    if (n == 0) Success();
    if (!*next) return;  // nothing more waiting
    if (!ImportResponse(**next)) {
      pending_import = std::move(*next);
      return;
    }
  }
  next_poll = Clock::now();  // more may be waiting: go on at the next loop, after sending
}

void Scheduler::Worker::RefreshStats() {
  next_stats = Clock::now() + options.stats_interval;
  auto count = [this](const char* state) -> int64_t {
    auto rows = store.ListClaimsByState(payer.id, state, 100000);
    return rows ? static_cast<int64_t>(rows->size()) : 0;
  };
  int64_t queued = count("QUEUED");
  int64_t payer_rejected = count("PAYER_REJECTED");
  int64_t acknowledged = payer_rejected;
  for (const char* s : {"PAYER_ACCEPTED", "PENDING", "PAID", "DENIED", "REVERSED"}) {
    acknowledged += count(s);
  }
  auto all = store.ListInterchanges(payer.id, "", 10000);
  int64_t in_flight = 0, dead = 0, awaiting = 0, acked = 0, rejected = 0, oldest_sent = 0;
  if (all) {
    for (const store::Interchange& x : *all) {
      const std::string& s = x.state;
      if (s == "BUILT" || s == "SENDING" || s == "UNKNOWN" || s == "FAILED") ++in_flight;
      if (s == "DEAD_LETTER") ++dead;
      if (s == "SENT") {
        ++awaiting;
        if (oldest_sent == 0 || x.updated_ms < oldest_sent) oldest_sent = x.updated_ms;
      }
      if (IsAcknowledgedState(s)) ++acked;
      if (IsRejectedAckState(s)) ++rejected;
    }
  }
  std::lock_guard<std::mutex> lock(mu);
  stats.queue_depth = queued;
  stats.in_flight = in_flight;
  stats.dead_letter = dead;
  stats.awaiting_ack = awaiting;
  stats.ack_lag_seconds =
      oldest_sent > 0
          ? std::max<double>(0, static_cast<double>(store::NowMs() - oldest_sent) / 1000.0)
          : 0;
  stats.reject_rate_999 =
      acked > 0 ? static_cast<double>(rejected) / static_cast<double>(acked) : 0;
  stats.reject_rate_277ca =
      acknowledged > 0 ? static_cast<double>(payer_rejected) / static_cast<double>(acknowledged)
                       : 0;
}

void Scheduler::Worker::PublishGauges() {
  if (!metrics) return;
  PayerSnapshot snap;
  {
    std::lock_guard<std::mutex> lock(mu);
    snap = stats;
    snap.consecutive_failures = breaker.health().consecutive_failures;
    snap.circuit = std::string(CircuitStateName(breaker.state()));
    snap.paused = paused;
    snap.blocked = blocked;
  }
  const ops::Labels l{payer.id};
  auto set = [&](const char* name, const char* help, double v) {
    metrics->AddGauge(name, help, {"payer"}).Set(l, v);
  };
  set("claimgate_payer_queue_depth", "Claims QUEUED for the payer.",
      static_cast<double>(snap.queue_depth));
  set("claimgate_payer_in_flight", "Interchanges BUILT, SENDING, UNKNOWN or FAILED.",
      static_cast<double>(snap.in_flight));
  set("claimgate_payer_dead_letter", "Interchanges in DEAD_LETTER.",
      static_cast<double>(snap.dead_letter));
  set("claimgate_payer_consecutive_failures", "Consecutive failed exchanges.",
      snap.consecutive_failures);
  set("claimgate_payer_circuit_state", "Circuit breaker: 0 closed, 1 half-open, 2 open.",
      snap.circuit == "closed" ? 0
      : snap.circuit == "open" ? 2
                               : 1);
  set("claimgate_payer_ack_lag_seconds", "Age of the oldest SENT interchange without a 999.",
      snap.ack_lag_seconds);
  set("claimgate_payer_paused", "1 when an operator paused the payer.", snap.paused ? 1 : 0);
  set("claimgate_payer_blocked", "1 when the payer is blocked (host key).", snap.blocked ? 1 : 0);
  set("claimgate_payer_connected", "1 while the payer connection is up.",
      snap.connection == "connected" ? 1 : 0);
  auto& rate = metrics->AddGauge("claimgate_payer_reject_rate",
                                 "Share of rejections: 999 (interchanges), 277CA (claims).",
                                 {"payer", "kind"});
  rate.Set({payer.id, "999"}, snap.reject_rate_999);
  rate.Set({payer.id, "277CA"}, snap.reject_rate_277ca);
}

// ---- Scheduler ----

Scheduler::Scheduler(store::Store& store, std::vector<core::PayerConfig> payers, ImportFn import,
                     ops::Registry* metrics, SchedulerOptions options)
    : store_(store), import_(std::move(import)), metrics_(metrics), options_(std::move(options)) {
  uint64_t seed = options_.seed != 0 ? options_.seed : std::random_device{}();
  for (auto& p : payers) {
    workers_.push_back(std::make_unique<Worker>(store_, std::move(p), import_, metrics_, options_,
                                                seed + workers_.size()));
  }
}

Scheduler::~Scheduler() { Stop(); }

std::string IsaSequenceName(const core::PayerConfig& payer) {
  return "ISA:" + payer.isa.sender_id + ":" + payer.isa.receiver_id;
}

std::string GsSequenceName(const core::PayerConfig& payer) {
  return "GS:" + payer.gs.sender_code + ":" + payer.gs.receiver_code;
}

edi::Result<void> SeedControlNumbers(store::Store& store,
                                     const std::vector<core::PayerConfig>& payers) {
  for (const core::PayerConfig& payer : payers) {
    for (const auto& [sequence, start] :
         {std::pair{IsaSequenceName(payer), payer.isa.control_number_start},
          std::pair{GsSequenceName(payer), payer.gs.control_number_start}}) {
      auto next = store::Wait<int64_t>(
          [&](auto done) { store.SeedControlNumbers(sequence, start, done); });
      if (!next) {
        return edi::Error{next.error().code, "payer " + payer.id + ": control numbers " +
                                                 sequence + ": " + next.error().message};
      }
      Log()->info("control_numbers payer={} sequence={} start={} next={}", payer.id, sequence,
                  start, *next);
    }
  }
  return {};
}

edi::Result<void> Scheduler::Start() {
  if (started_) return {};
  std::vector<core::PayerConfig> payers;
  for (const auto& w : workers_) payers.push_back(w->payer);
  if (auto seeded = SeedControlNumbers(store_, payers); !seeded) return seeded.error();
  std::string errors;
  for (auto& w : workers_) {
    auto link = options_.link_factory(w->payer);
    if (!link) {
      errors += (errors.empty() ? "" : "\n") + link.error().message;
      continue;
    }
    w->link = std::move(*link);
  }
  if (!errors.empty()) return edi::Error{"config", errors};
  for (auto& w : workers_) {
    w->RefreshStats();
    w->wake = true;  // the first loop (resolve what is in flight) runs at once
    Worker* raw = w.get();
    w->thread = std::thread([raw] { raw->Run(); });
  }
  started_ = true;
  return {};
}

void Scheduler::Stop() {
  for (auto& w : workers_) {
    std::lock_guard<std::mutex> lock(w->mu);
    w->stop = true;
    w->cv.notify_all();
  }
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
}

Scheduler::Worker* Scheduler::Find(const std::string& payer_id) const {
  for (const auto& w : workers_) {
    if (w->payer.id == payer_id) return w.get();
  }
  return nullptr;
}

bool Scheduler::HasPayer(const std::string& payer_id) const { return Find(payer_id) != nullptr; }

bool Scheduler::Pause(const std::string& payer_id) {
  Worker* w = Find(payer_id);
  if (!w) return false;
  std::lock_guard<std::mutex> lock(w->mu);
  w->paused = true;
  Log()->info("payer_paused payer={}", payer_id);
  return true;
}

bool Scheduler::Resume(const std::string& payer_id) {
  Worker* w = Find(payer_id);
  if (!w) return false;
  std::lock_guard<std::mutex> lock(w->mu);
  w->paused = false;
  w->blocked = false;
  w->stats.connection = "idle";
  w->wake = true;
  w->cv.notify_all();
  Log()->info("payer_resumed payer={}", payer_id);
  return true;
}

edi::Result<int> Scheduler::Retry(const std::string& payer_id) {
  Worker* w = Find(payer_id);
  if (!w) return edi::Error{"not_found", "no such payer"};
  auto dead = store_.ListInterchanges(payer_id, "DEAD_LETTER", 10000);
  if (!dead) return dead.error();
  std::lock_guard<std::mutex> lock(w->mu);
  ++w->retry_requests;
  w->wake = true;
  w->cv.notify_all();
  return static_cast<int>(dead->size());
}

void Scheduler::Wake(const std::string& payer_id) {
  Worker* w = Find(payer_id);
  if (!w) return;
  std::lock_guard<std::mutex> lock(w->mu);
  w->wake = true;
  w->cv.notify_all();
}

std::optional<PayerSnapshot> Scheduler::Snapshot(const std::string& payer_id) const {
  Worker* w = Find(payer_id);
  if (!w) return std::nullopt;
  std::lock_guard<std::mutex> lock(w->mu);
  PayerSnapshot s = w->stats;
  const PayerHealth& h = w->breaker.health();
  s.circuit = std::string(CircuitStateName(w->breaker.state()));
  s.consecutive_failures = h.consecutive_failures;
  s.last_success_ms = h.last_success ? ToMs(*h.last_success) : 0;
  s.last_failure_ms = h.last_failure ? ToMs(*h.last_failure) : 0;
  s.last_failure_reason = h.last_failure_reason;
  s.paused = w->paused;
  s.blocked = w->blocked;
  if (w->blocked) s.connection = "blocked";
  return s;
}

std::vector<PayerSnapshot> Scheduler::Snapshots() const {
  std::vector<PayerSnapshot> out;
  for (const auto& w : workers_) out.push_back(*Snapshot(w->payer.id));
  return out;
}

}  // namespace claimgate::pipeline
