// The response watchdog: from the payers' watchdog windows (core::WatchdogConfig) and the store it
// computes the alerts an operator must see — an interchange SENT with no 999 within
// ack_999_seconds, a claim ACK_ACCEPTED with no 277CA within ack_277ca_seconds, a payer that has
// sent claims but received no 835 file for remit_835_days. Check(now) recomputes the list (now
// is a parameter: tests are deterministic); Current() returns the last list; gauges
// claimgate_watchdog_alerts{payer,kind} carry the counts. Check() blocks on store reads (call
// it from a worker thread). Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "edi/result.hpp"
#include "src/core/payer_config.hpp"
#include "src/store/store.hpp"

namespace claimgate::ops {
class Registry;
}

namespace claimgate::pipeline {

struct WatchdogAlert {
  // "ack_999_overdue", "ack_277ca_overdue", "remit_835_overdue", "inbound_file_held"
  std::string kind;
  std::string payer_id;
  std::string object_id;         // interchange id, claim id, or the payer id (835)
  int64_t waiting_since_ms = 0;  // when the wait started (sent, acknowledged, last 835)
  int64_t overdue_ms = 0;        // how long past the window, at the check
  std::string message;           // plain words; ids and durations only
};

struct WatchdogOptions {
  // Alerts listed per payer and kind (the gauge counts them all, up to scan_limit).
  int max_listed = 200;
  // Rows read per payer and kind per check.
  int scan_limit = 10000;
};

class Watchdog {
 public:
  // `store` (and `metrics` when not null) must outlive the watchdog.
  Watchdog(store::Store& store, std::vector<core::PayerConfig> payers,
           ops::Registry* metrics = nullptr, WatchdogOptions options = {});

  // Recomputes every alert as of `now_ms` (Unix ms), keeps the list for Current() and sets the
  // gauges. A store failure stops the check and keeps the previous list.
  edi::Result<std::vector<WatchdogAlert>> Check(int64_t now_ms);

  // The list of the last successful Check() (empty before the first).
  std::vector<WatchdogAlert> Current() const;
  int64_t last_check_ms() const;

 private:
  edi::Result<void> CheckPayer(const core::PayerConfig& payer, int64_t now_ms,
                               std::vector<WatchdogAlert>* out, int counts[3]);

  store::Store& store_;
  std::vector<core::PayerConfig> payers_;
  ops::Registry* metrics_;
  WatchdogOptions options_;
  mutable std::mutex mu_;
  std::vector<WatchdogAlert> current_;  // guarded by mu_
  int64_t last_check_ms_ = 0;           // guarded by mu_
};

}  // namespace claimgate::pipeline
