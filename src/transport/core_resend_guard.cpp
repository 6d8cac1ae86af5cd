// CoreResendGuard: a map from payload SHA-256 to the time it was last sent.
#include "src/transport/core_resend_guard.hpp"

#include "src/transport/core_envelope.hpp"

namespace claimgate::transport {

CoreResendGuard::CoreResendGuard(std::chrono::seconds window, Clock clock)
    : window_(window), clock_(std::move(clock)) {}

void CoreResendGuard::PruneLocked(std::chrono::steady_clock::time_point now) {
  std::erase_if(last_sent_, [&](const auto& entry) { return now - entry.second >= window_; });
}

bool CoreResendGuard::TryAcquire(std::string_view payload) {
  const std::string key = Sha256Hex(payload);
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  PruneLocked(now);
  return last_sent_.try_emplace(key, now).second;
}

std::chrono::seconds CoreResendGuard::RemainingWait(std::string_view payload) {
  const std::string key = Sha256Hex(payload);
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  PruneLocked(now);
  const auto it = last_sent_.find(key);
  if (it == last_sent_.end()) return std::chrono::seconds(0);
  return std::chrono::ceil<std::chrono::seconds>(window_ - (now - it->second));
}

}  // namespace claimgate::transport
