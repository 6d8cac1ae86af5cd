#include "src/pipeline/retry_policy.hpp"

#include <algorithm>
#include <memory>
#include <random>

namespace claimgate::pipeline {

RandomSource SeededRandom(uint64_t seed) {
  auto engine = std::make_shared<std::mt19937_64>(seed);
  return [engine](uint64_t bound) {
    return std::uniform_int_distribution<uint64_t>(0, bound)(*engine);
  };
}

RetryPolicy::RetryPolicy(const core::RetryConfig& config, RandomSource random)
    : config_(config), random_(std::move(random)) {}

Duration RetryPolicy::Ceiling(int attempt) const {
  const int64_t base_ms = int64_t{config_.base_delay_seconds} * 1000;
  const int64_t max_ms = int64_t{config_.max_delay_seconds} * 1000;
  int64_t ceiling = base_ms;
  for (int i = 0; i < attempt && ceiling < max_ms; ++i) ceiling *= 2;  // no overflow: stops at max
  return Duration(std::min(ceiling, max_ms));
}

std::optional<Duration> RetryPolicy::NextDelay(int failed_attempts) {
  if (IsDeadLetter(failed_attempts)) return std::nullopt;
  const Duration ceiling = Ceiling(std::max(0, failed_attempts - 1));
  return Duration(static_cast<int64_t>(random_(static_cast<uint64_t>(ceiling.count()))));
}

std::string_view CircuitStateName(CircuitState state) {
  switch (state) {
    case CircuitState::kClosed:
      return "closed";
    case CircuitState::kOpen:
      return "open";
    case CircuitState::kHalfOpen:
      return "half-open";
  }
  return "";
}

CircuitBreaker::CircuitBreaker(const core::CircuitConfig& config, Now now)
    : config_(config), now_(std::move(now)) {}

void CircuitBreaker::Refresh() {
  if (health_.state == CircuitState::kOpen && health_.opened_at &&
      now_() - *health_.opened_at >= std::chrono::seconds(config_.open_seconds)) {
    health_.state = CircuitState::kHalfOpen;
    trial_in_flight_ = false;
  }
}

CircuitState CircuitBreaker::state() {
  Refresh();
  return health_.state;
}

bool CircuitBreaker::AllowRequest() {
  Refresh();
  switch (health_.state) {
    case CircuitState::kClosed:
      return true;
    case CircuitState::kOpen:
      return false;
    case CircuitState::kHalfOpen:
      if (trial_in_flight_) return false;
      trial_in_flight_ = true;
      return true;
  }
  return false;
}

void CircuitBreaker::RecordSuccess() {
  health_.state = CircuitState::kClosed;
  health_.consecutive_failures = 0;
  health_.last_success = now_();
  health_.opened_at.reset();
  trial_in_flight_ = false;
}

void CircuitBreaker::RecordFailure(std::string reason) {
  Refresh();
  const Clock::time_point t = now_();
  ++health_.consecutive_failures;
  health_.last_failure = t;
  health_.last_failure_reason = std::move(reason);
  trial_in_flight_ = false;
  if (health_.state == CircuitState::kHalfOpen ||
      health_.consecutive_failures >= config_.failure_threshold) {
    if (health_.state != CircuitState::kOpen) health_.opened_at = t;
    health_.state = CircuitState::kOpen;
  }
}

}  // namespace claimgate::pipeline
