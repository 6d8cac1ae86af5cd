// CoreResendGuard with a fake clock: only an attempt whose outcome is unknown holds the same
// payload back for 90 s; a definite outcome (failure or success) leaves nothing behind.
#include "src/transport/core_resend_guard.hpp"

#include <gtest/gtest.h>

namespace claimgate::transport {
namespace {

using std::chrono::seconds;

class CoreResendGuardTest : public ::testing::Test {
 protected:
  std::chrono::steady_clock::time_point now_ =
      std::chrono::steady_clock::time_point{} + seconds(1000);
  CoreResendGuard guard_{seconds(90), [this] { return now_; }};
};

TEST_F(CoreResendGuardTest, UnknownOutcomeRefusesSamePayloadForNinetySecondsThenAllows) {
  ASSERT_TRUE(guard_.TryBegin("ISA*payload-1~"));
  guard_.End("ISA*payload-1~", /*outcome_unknown=*/true);
  EXPECT_TRUE(guard_.TryBegin("ISA*payload-2~"));  // a different payload is independent
  now_ += seconds(89);
  EXPECT_FALSE(guard_.TryBegin("ISA*payload-1~"));
  EXPECT_EQ(guard_.RemainingWait("ISA*payload-1~"), seconds(1));
  now_ += seconds(1);
  EXPECT_EQ(guard_.RemainingWait("ISA*payload-1~"), seconds(0));
  ASSERT_TRUE(guard_.TryBegin("ISA*payload-1~"));
  guard_.End("ISA*payload-1~", true);
  EXPECT_FALSE(guard_.TryBegin("ISA*payload-1~"));  // unknown again: the window restarts
}

TEST_F(CoreResendGuardTest, DefiniteOutcomeAllowsTheSamePayloadAtOnce) {
  ASSERT_TRUE(guard_.TryBegin("ISA*payload-1~"));
  guard_.End("ISA*payload-1~", /*outcome_unknown=*/false);  // refused, 5xx, or delivered
  EXPECT_EQ(guard_.RemainingWait("ISA*payload-1~"), seconds(0));
  EXPECT_TRUE(guard_.TryBegin("ISA*payload-1~"));
}

TEST_F(CoreResendGuardTest, AnAttemptInFlightRefusesAConcurrentOneOfTheSamePayload) {
  ASSERT_TRUE(guard_.TryBegin("ISA*payload-1~"));
  EXPECT_FALSE(guard_.TryBegin("ISA*payload-1~"));
  now_ += seconds(600);  // an attempt in flight is never pruned
  EXPECT_FALSE(guard_.TryBegin("ISA*payload-1~"));
  guard_.End("ISA*payload-1~", false);
  EXPECT_TRUE(guard_.TryBegin("ISA*payload-1~"));
}

}  // namespace
}  // namespace claimgate::transport
