// Retry timing for sending to a payer: exponential backoff with full jitter (delay drawn uniformly
// from [0, min(max, base * 2^attempt)]) and a dead-letter verdict after max attempts; and a
// per-payer CircuitBreaker (closed -> open after N consecutive failures -> half-open after the
// open duration -> closed on success / open again on failure). Random source and clock are
// injected so tests are exact. Not thread-safe: one breaker per payer, guarded by its owner.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "src/core/payer_config.hpp"

namespace claimgate::pipeline {

using Clock = std::chrono::system_clock;
using Duration = std::chrono::milliseconds;

// Returns a uniformly distributed integer in [0, bound] (inclusive).
using RandomSource = std::function<uint64_t(uint64_t bound)>;
// A RandomSource over std::mt19937_64 seeded with `seed`.
RandomSource SeededRandom(uint64_t seed);

class RetryPolicy {
 public:
  RetryPolicy(const core::RetryConfig& config, RandomSource random);

  // The ceiling for `attempt` (0 = first retry): min(max, base * 2^attempt).
  Duration Ceiling(int attempt) const;
  // The delay before retry `attempt`, or nullopt when attempts are used up (dead letter):
  // attempts counts the failed attempts so far; once it reaches max_attempts, no more retries.
  std::optional<Duration> NextDelay(int failed_attempts);
  bool IsDeadLetter(int failed_attempts) const { return failed_attempts >= config_.max_attempts; }

 private:
  core::RetryConfig config_;
  RandomSource random_;
};

enum class CircuitState { kClosed, kOpen, kHalfOpen };
std::string_view CircuitStateName(CircuitState state);

struct PayerHealth {
  CircuitState state = CircuitState::kClosed;
  int consecutive_failures = 0;
  std::optional<Clock::time_point> last_success;
  std::optional<Clock::time_point> last_failure;
  std::string last_failure_reason;
  std::optional<Clock::time_point> opened_at;
};

class CircuitBreaker {
 public:
  using Now = std::function<Clock::time_point()>;
  CircuitBreaker(const core::CircuitConfig& config, Now now);

  // True when a send may be tried now. In open state, once the open duration has passed the
  // breaker turns half-open and lets one trial through (further calls return false until the
  // trial is reported).
  bool AllowRequest();
  void RecordSuccess();
  void RecordFailure(std::string reason);

  CircuitState state();  // applies the open -> half-open timeout first
  const PayerHealth& health() const { return health_; }

 private:
  void Refresh();

  core::CircuitConfig config_;
  Now now_;
  PayerHealth health_;
  bool trial_in_flight_ = false;
};

}  // namespace claimgate::pipeline
