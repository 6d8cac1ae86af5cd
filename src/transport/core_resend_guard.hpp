// CoreResendGuard: CAQH CORE asks a sender not to send the same payload again sooner than 90 s
// while the outcome of the earlier send is unknown. The guard holds one entry per payload (keyed
// by its SHA-256): "in flight" while an attempt runs, then "unknown since T" only when that
// attempt ended without a definite answer (timeout or cut after the request was written). A
// definite outcome (never transmitted, HTTP error status, CORE error, success) leaves nothing
// behind, so retries then follow the caller's backoff alone. The clock is injectable for tests.
// Thread-safe (one mutex); unknown entries older than the window are pruned on each call.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace claimgate::transport {

class CoreResendGuard {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  explicit CoreResendGuard(
      std::chrono::seconds window = std::chrono::seconds(90),
      Clock clock = [] { return std::chrono::steady_clock::now(); });

  // Reserves the payload for one attempt. False (nothing reserved) while another attempt of the
  // same payload is in flight, or while an earlier attempt's outcome is unknown and the window
  // since it ended has not passed. Every true must be followed by one End().
  bool TryBegin(std::string_view payload);
  // Ends the attempt: `outcome_unknown` starts the window now; otherwise the entry is removed.
  void End(std::string_view payload, bool outcome_unknown);
  // Seconds until TryBegin(payload) could succeed (0 if it would now; the window if in flight).
  std::chrono::seconds RemainingWait(std::string_view payload);

 private:
  struct Entry {
    bool in_flight = false;
    std::chrono::steady_clock::time_point unknown_since{};
  };
  void PruneLocked(std::chrono::steady_clock::time_point now);

  std::chrono::seconds window_;
  Clock clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace claimgate::transport
