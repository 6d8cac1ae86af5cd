// CoreResendGuard: a map from payload SHA-256 to its attempt in flight or its unknown outcome.
#include "src/transport/core_resend_guard.hpp"

#include "src/transport/core_envelope.hpp"

namespace claimgate::transport {

CoreResendGuard::CoreResendGuard(std::chrono::seconds window, Clock clock)
    : window_(window), clock_(std::move(clock)) {}

void CoreResendGuard::PruneLocked(std::chrono::steady_clock::time_point now) {
  std::erase_if(entries_, [&](const auto& entry) {
    return !entry.second.in_flight && now - entry.second.unknown_since >= window_;
  });
}

bool CoreResendGuard::TryBegin(std::string_view payload) {
  const std::string key = Sha256Hex(payload);
  std::lock_guard lock(mutex_);
  PruneLocked(clock_());
  auto [it, inserted] = entries_.try_emplace(key);
  if (!inserted) return false;  // in flight, or unknown within the window
  it->second.in_flight = true;
  return true;
}

void CoreResendGuard::End(std::string_view payload, bool outcome_unknown) {
  const std::string key = Sha256Hex(payload);
  std::lock_guard lock(mutex_);
  if (!outcome_unknown) {
    entries_.erase(key);
    return;
  }
  Entry& e = entries_[key];
  e.in_flight = false;
  e.unknown_since = clock_();
}

std::chrono::seconds CoreResendGuard::RemainingWait(std::string_view payload) {
  const std::string key = Sha256Hex(payload);
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  PruneLocked(now);
  const auto it = entries_.find(key);
  if (it == entries_.end()) return std::chrono::seconds(0);
  if (it->second.in_flight) return window_;
  return std::chrono::ceil<std::chrono::seconds>(window_ - (now - it->second.unknown_since));
}

}  // namespace claimgate::transport
