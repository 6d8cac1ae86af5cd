#include "src/pipeline/retry_policy.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace claimgate::pipeline {
namespace {

core::RetryConfig Config(int base, int max, int attempts) {
  core::RetryConfig c;
  c.base_delay_seconds = base;
  c.max_delay_seconds = max;
  c.max_attempts = attempts;
  return c;
}

TEST(RetryPolicy, CeilingDoublesFromBaseAndStopsAtMax) {
  RetryPolicy policy(Config(2, 60, 10), SeededRandom(1));
  EXPECT_EQ(policy.Ceiling(0), Duration(2000));
  EXPECT_EQ(policy.Ceiling(1), Duration(4000));
  EXPECT_EQ(policy.Ceiling(4), Duration(32000));
  EXPECT_EQ(policy.Ceiling(5), Duration(60000));
  EXPECT_EQ(policy.Ceiling(1000), Duration(60000));
}

TEST(RetryPolicy, DelaysStayWithinCeilingAndAreSpreadOverIt) {
  RetryPolicy policy(Config(1, 100, 1000), SeededRandom(42));
  for (int attempt = 1; attempt <= 9; ++attempt) {
    const int64_t ceiling = policy.Ceiling(attempt - 1).count();
    double sum = 0;
    int64_t lo = ceiling, hi = 0;
    std::set<int64_t> distinct;
    int tenths[10] = {};
    constexpr int kDraws = 4000;
    for (int i = 0; i < kDraws; ++i) {
      auto d = policy.NextDelay(attempt);
      ASSERT_TRUE(d.has_value());
      ASSERT_GE(d->count(), 0);
      ASSERT_LE(d->count(), ceiling);
      sum += static_cast<double>(d->count());
      lo = std::min(lo, d->count());
      hi = std::max(hi, d->count());
      distinct.insert(d->count());
      ++tenths[std::min<int64_t>(9, d->count() * 10 / (ceiling + 1))];
    }
    // Full jitter: uniform on [0, ceiling]: mean near ceiling/2, both ends reached.
    const double mean = sum / kDraws;
    EXPECT_NEAR(mean, static_cast<double>(ceiling) / 2, static_cast<double>(ceiling) * 0.03)
        << "attempt " << attempt;
    for (int t : tenths) EXPECT_NEAR(t, kDraws / 10, kDraws / 10 / 4) << "attempt " << attempt;
    EXPECT_LT(lo, ceiling / 20);
    EXPECT_GT(hi, ceiling - ceiling / 20);
    EXPECT_GT(distinct.size(), std::min<size_t>(static_cast<size_t>(ceiling) / 2, 1000u));
  }
}

TEST(RetryPolicy, SameSeedGivesSameDelays) {
  RetryPolicy a(Config(5, 300, 10), SeededRandom(7));
  RetryPolicy b(Config(5, 300, 10), SeededRandom(7));
  for (int i = 1; i < 10; ++i) EXPECT_EQ(a.NextDelay(i), b.NextDelay(i));
}

TEST(RetryPolicy, DeadLetterAfterMaxAttempts) {
  RetryPolicy policy(Config(1, 10, 3), [](uint64_t bound) { return bound; });
  EXPECT_EQ(policy.NextDelay(1), Duration(1000));
  EXPECT_EQ(policy.NextDelay(2), Duration(2000));
  EXPECT_FALSE(policy.NextDelay(3).has_value());
  EXPECT_TRUE(policy.IsDeadLetter(3));
  EXPECT_FALSE(policy.IsDeadLetter(2));
}

class FakeClock {
 public:
  Clock::time_point now{std::chrono::seconds(1'000'000)};
  CircuitBreaker::Now Source() {
    return [this] { return now; };
  }
};

core::CircuitConfig Circuit(int threshold, int open_seconds) {
  core::CircuitConfig c;
  c.failure_threshold = threshold;
  c.open_seconds = open_seconds;
  return c;
}

TEST(CircuitBreaker, OpensAfterThresholdConsecutiveFailures) {
  FakeClock clock;
  CircuitBreaker breaker(Circuit(3, 60), clock.Source());
  breaker.RecordFailure("timeout");
  breaker.RecordFailure("timeout");
  EXPECT_EQ(breaker.state(), CircuitState::kClosed);
  EXPECT_TRUE(breaker.AllowRequest());
  breaker.RecordFailure("connection refused");
  EXPECT_EQ(breaker.state(), CircuitState::kOpen);
  EXPECT_FALSE(breaker.AllowRequest());
  EXPECT_EQ(breaker.health().consecutive_failures, 3);
  EXPECT_EQ(breaker.health().last_failure_reason, "connection refused");
  EXPECT_EQ(breaker.health().last_failure, clock.now);
}

TEST(CircuitBreaker, SuccessResetsTheFailureCount) {
  FakeClock clock;
  CircuitBreaker breaker(Circuit(2, 60), clock.Source());
  breaker.RecordFailure("x");
  clock.now += std::chrono::seconds(5);
  breaker.RecordSuccess();
  breaker.RecordFailure("y");
  EXPECT_EQ(breaker.state(), CircuitState::kClosed);
  EXPECT_EQ(breaker.health().consecutive_failures, 1);
  EXPECT_EQ(breaker.health().last_success, clock.now);
}

TEST(CircuitBreaker, HalfOpensAfterOpenDurationAndClosesOnSuccess) {
  FakeClock clock;
  CircuitBreaker breaker(Circuit(1, 60), clock.Source());
  breaker.RecordFailure("down");
  clock.now += std::chrono::seconds(59);
  EXPECT_EQ(breaker.state(), CircuitState::kOpen);
  clock.now += std::chrono::seconds(1);
  EXPECT_EQ(breaker.state(), CircuitState::kHalfOpen);
  EXPECT_TRUE(breaker.AllowRequest());
  EXPECT_FALSE(breaker.AllowRequest());  // one trial at a time
  breaker.RecordSuccess();
  EXPECT_EQ(breaker.state(), CircuitState::kClosed);
  EXPECT_TRUE(breaker.AllowRequest());
}

TEST(CircuitBreaker, HalfOpenFailureReopensForAnotherFullDuration) {
  FakeClock clock;
  CircuitBreaker breaker(Circuit(2, 30), clock.Source());
  breaker.RecordFailure("a");
  breaker.RecordFailure("b");
  clock.now += std::chrono::seconds(30);
  ASSERT_TRUE(breaker.AllowRequest());
  breaker.RecordFailure("c");
  EXPECT_EQ(breaker.state(), CircuitState::kOpen);
  clock.now += std::chrono::seconds(29);
  EXPECT_FALSE(breaker.AllowRequest());
  clock.now += std::chrono::seconds(1);
  EXPECT_TRUE(breaker.AllowRequest());
  EXPECT_EQ(CircuitStateName(breaker.state()), "half-open");
}

}  // namespace
}  // namespace claimgate::pipeline
