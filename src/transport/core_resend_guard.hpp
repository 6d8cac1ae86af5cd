// CoreResendGuard: refuses to send the same payload (keyed by its SHA-256) again sooner than a
// window (90 s by default, as CORE asks of senders). The clock is injectable for tests.
// Thread-safe (one mutex); entries older than the window are pruned on each call.
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

  // True and records the send if this payload was not sent within the window; false otherwise.
  bool TryAcquire(std::string_view payload);
  // Seconds until TryAcquire(payload) would succeed (0 if it would now).
  std::chrono::seconds RemainingWait(std::string_view payload);

 private:
  void PruneLocked(std::chrono::steady_clock::time_point now);

  std::chrono::seconds window_;
  Clock clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> last_sent_;
};

}  // namespace claimgate::transport
