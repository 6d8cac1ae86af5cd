#include "src/ops/log_throttle.hpp"

#include <gtest/gtest.h>

namespace claimgate::ops {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(LogThrottle, FirstFailureIsLoggedThenOneLinePerIntervalCountingTheOnesLeftOut) {
  LogThrottle throttle(seconds(10));
  const LogThrottle::Clock::time_point t0{seconds(1000)};
  EXPECT_EQ(throttle.Failure(t0), 1);
  EXPECT_EQ(throttle.Failure(t0 + milliseconds(1)), 0);
  EXPECT_EQ(throttle.Failure(t0 + seconds(5)), 0);
  EXPECT_EQ(throttle.Failure(t0 + milliseconds(9999)), 0);
  // Ten seconds after the last line: this one and the three left out.
  EXPECT_EQ(throttle.Failure(t0 + seconds(10)), 4);
  EXPECT_EQ(throttle.Failure(t0 + seconds(11)), 0);
  EXPECT_EQ(throttle.Failure(t0 + seconds(21)), 2);
  EXPECT_EQ(throttle.Success(), 7);  // the whole run
}

TEST(LogThrottle, SuccessWithoutFailuresSaysNothingAndANewRunLogsAtOnce) {
  LogThrottle throttle(seconds(10));
  const LogThrottle::Clock::time_point t0{seconds(1000)};
  EXPECT_EQ(throttle.Success(), 0);
  EXPECT_EQ(throttle.Failure(t0), 1);
  EXPECT_EQ(throttle.Failure(t0 + seconds(1)), 0);
  EXPECT_EQ(throttle.Success(), 2);
  EXPECT_EQ(throttle.Success(), 0);
  // A new run right after: its first failure is logged although the interval has not passed,
  // and the failure left out of the old run is not carried into it.
  EXPECT_EQ(throttle.Failure(t0 + seconds(2)), 1);
}

}  // namespace
}  // namespace claimgate::ops
