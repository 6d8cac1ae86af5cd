// The outbound scheduler: one worker thread per payer (one payer's outage never slows another).
// Each loop: resolve interchanges in SENDING/UNKNOWN first (never rebuilding them), resend BUILT and
// FAILED ones whose backoff has passed (RetryPolicy, CircuitBreaker), then batch QUEUED claims into
// new interchanges (bytes and SHA-256 stored before any send), and poll responses into the
// importer. Pause/Resume/Retry and snapshots for operators. Public methods are thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "edi/result.hpp"
#include "src/core/payer_config.hpp"
#include "src/pipeline/payer_link.hpp"
#include "src/store/store.hpp"

namespace claimgate::ops {
class Registry;
}

namespace claimgate::pipeline {

// Imports one response file durably (InboundImporter::Import in production). Returning success
// means the raw file is stored: the remote file may then be deleted or moved.
using ImportFn = std::function<edi::Result<void>(const std::string& payer_id,
                                                 const std::string& source_name,
                                                 std::string bytes)>;
using LinkFactory =
    std::function<edi::Result<std::unique_ptr<PayerLink>>(const core::PayerConfig& payer)>;

struct SchedulerOptions {
  std::chrono::milliseconds tick{1000};  // loop wake-up
  // Overrides every payer's poll interval when set (tests); else the payer file's.
  std::optional<std::chrono::milliseconds> poll_interval;
  // How often queue depth, in-flight and reject rates are recounted from the store.
  std::chrono::milliseconds stats_interval{5000};
  uint64_t seed = 0;  // 0: random
  LinkFactory link_factory = MakePayerLink;
};

struct PayerSnapshot {
  std::string payer_id, name, transport;
  std::string connection;  // "connected", "disconnected", "blocked", "idle"
  std::string circuit;     // "closed", "open", "half_open"
  bool paused = false;
  bool blocked = false;
  int64_t last_success_ms = 0, last_failure_ms = 0;
  std::string last_failure_reason;
  int consecutive_failures = 0;
  int64_t queue_depth = 0;   // QUEUED claims
  int64_t in_flight = 0;     // interchanges BUILT, SENDING, UNKNOWN or FAILED
  int64_t dead_letter = 0;   // interchanges in DEAD_LETTER
  int64_t awaiting_ack = 0;  // SENT interchanges without a 999/TA1 yet
  double ack_lag_seconds = 0;  // age of the oldest SENT interchange without an acknowledgment
  double reject_rate_999 = 0;  // interchanges REJECTED/PARTIAL/TA1_REJECTED over acknowledged
  double reject_rate_277ca = 0;  // claims PAYER_REJECTED over claims acknowledged by a 277CA
  int64_t interchanges_sent = 0;  // since start
  int64_t last_poll_ms = 0;
};

// The store sequences a payer's ISA13 and GS06 are drawn from: "ISA:<ISA06>:<ISA08>" and
// "GS:<GS02>:<GS03>" (one per connection identity; payer files with the same ids share them).
std::string IsaSequenceName(const core::PayerConfig& payer);
std::string GsSequenceName(const core::PayerConfig& payer);

// Raises every payer's ISA13 and GS06 sequences to the payer file's control_number_start values
// (SeedControlNumbers: the higher of the stored next number and the start; never lower), so a
// fresh or restored store does not send numbers a payer has seen. Blocking (one durable write per
// sequence); call it before anything is sent. Fails with the store's error, naming the payer.
edi::Result<void> SeedControlNumbers(store::Store& store,
                                     const std::vector<core::PayerConfig>& payers);

class Scheduler {
 public:
  // `store` (and `metrics`, may be null) must outlive the scheduler.
  Scheduler(store::Store& store, std::vector<core::PayerConfig> payers, ImportFn import,
            ops::Registry* metrics, SchedulerOptions options = {});
  ~Scheduler();  // Stop()
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Seeds the payers' control number sequences (SeedControlNumbers), creates every payer's link
  // (errors name the payer file and key) and starts the workers.
  edi::Result<void> Start();
  // Stops every worker after its current operation (each bounded by transport deadlines) and
  // joins them. Whatever was in flight is SENDING/UNKNOWN in the store and resolved on restart.
  void Stop();

  bool HasPayer(const std::string& payer_id) const;
  // Paused payers neither build nor send nor poll. Resume also clears a host-key block.
  bool Pause(const std::string& payer_id);
  bool Resume(const std::string& payer_id);
  // Puts every DEAD_LETTER interchange of the payer back to BUILT (attempts reset, claims
  // retry -> batched, same bytes); runs on the payer's worker. Returns how many were found.
  edi::Result<int> Retry(const std::string& payer_id);
  // Wakes the payer's worker now (tests, after an operator action).
  void Wake(const std::string& payer_id);

  std::optional<PayerSnapshot> Snapshot(const std::string& payer_id) const;
  std::vector<PayerSnapshot> Snapshots() const;

  struct Worker;

 private:
  Worker* Find(const std::string& payer_id) const;

  store::Store& store_;
  ImportFn import_;
  ops::Registry* metrics_;
  SchedulerOptions options_;
  std::vector<std::unique_ptr<Worker>> workers_;
  bool started_ = false;
};

}  // namespace claimgate::pipeline
