// Internal to the scheduler (scheduler.cpp, scheduler_send.cpp): one payer's worker. Fields under
// `mu` are shared with operator calls (Pause/Resume/Retry/Snapshot); the rest belongs to the
// worker thread alone.
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>

#include "src/pipeline/lifecycle.hpp"
#include "src/pipeline/retry_policy.hpp"
#include "src/pipeline/scheduler.hpp"

namespace claimgate::pipeline {

// Interchange states the importer sets from a TA1 or 999 (CONTRACTS: after SENT).
inline bool IsAcknowledgedState(std::string_view s) {
  return s == "ACCEPTED" || s == "PARTIAL" || s == "REJECTED" || s == "TA1_REJECTED";
}
// The acknowledged states that reject some or all of an interchange.
inline bool IsRejectedAckState(std::string_view s) {
  return IsAcknowledgedState(s) && s != "ACCEPTED";
}

struct Scheduler::Worker {
  Worker(store::Store& s, core::PayerConfig p, const ImportFn& i, ops::Registry* m,
         const SchedulerOptions& o, uint64_t seed);

  // ---- the worker thread ----
  void Run();
  void Loop();
  // Connection gate: circuit breaker, payer-level backoff, Connect(). False: skip network work.
  bool EnsureConnected();
  void Success();
  void Failure(const std::string& reason);
  // (a) SENDING/UNKNOWN first; false when one is still unresolved (nothing new is sent then).
  bool ResolveInFlight();
  // (a) BUILT, and FAILED whose backoff has passed.
  bool SendReady();
  // (b) QUEUED claims -> new interchanges -> send.
  void BuildNew();
  // (c) responses, one at a time: fetch -> importer -> Done, up to kMaxResponsesPerPass.
  void PollResponses();
  // Imports one fetched response and disposes of it at the payer. False: not imported (kept).
  bool ImportResponse(const ResponseFile& f);
  void DoRetry();
  void RefreshStats();
  void PublishGauges();

  // Sends one stored interchange (state BUILT or FAILED) and records the outcome. False when the
  // connection is gone (stop sending this loop).
  bool SendOne(const store::Interchange& x);
  void MarkSent(const store::Interchange& x);
  void MarkDeadLetter(const store::Interchange& x, const std::string& reason);
  void MarkFailed(const store::Interchange& x, const std::string& reason, bool count_attempt,
                  int64_t min_wait_ms);
  edi::Result<store::Interchange> Update(const std::string& id, std::string state,
                                         bool count_attempt, std::string error,
                                         bool reset_attempts = false);
  // Applies `kind` to every claim of the interchange and waits until all are durable. Refusals
  // (a claim already moved on) are logged, not fatal.
  void ApplyToClaims(const store::Interchange& x, ClaimEventKind kind, const std::string& detail);
  void Block(const std::string& reason);

  store::Store& store;
  core::PayerConfig payer;
  const ImportFn& import;
  ops::Registry* metrics;
  SchedulerOptions options;
  std::unique_ptr<PayerLink> link;
  RetryPolicy policy;
  RandomSource random;
  std::thread thread;

  std::map<std::string, Clock::time_point> next_attempt;  // interchange id -> earliest resend
  Clock::time_point next_connect{};                       // payer-level backoff
  Clock::time_point next_poll{}, next_stats{};
  // Fetched but its import failed: the only copy (CORE hands a file out once). Nothing more is
  // fetched until it is imported.
  std::optional<ResponseFile> pending_import;

  mutable std::mutex mu;
  std::condition_variable cv;
  bool stop = false, paused = false, blocked = false, wake = false;
  int retry_requests = 0;
  CircuitBreaker breaker;
  PayerSnapshot stats;
};

// Claim types of a stored interchange, from the implementation guides named in its GS08s.
std::vector<core::ClaimType> ClaimTypesOf(std::string_view bytes);
// "837P" / "837I" / "837D" -> type.
std::optional<core::ClaimType> ClaimTypeFromCode(std::string_view code);

}  // namespace claimgate::pipeline
