// CoreResendGuard with a fake clock: the same payload is refused for 90 s, then allowed again.
#include "src/transport/core_resend_guard.hpp"

#include <gtest/gtest.h>

namespace claimgate::transport {
namespace {

using std::chrono::seconds;

TEST(CoreResendGuard, RefusesSamePayloadWithinNinetySecondsThenAllows) {
  auto now = std::chrono::steady_clock::time_point{} + seconds(1000);
  CoreResendGuard guard(seconds(90), [&] { return now; });
  EXPECT_TRUE(guard.TryAcquire("ISA*payload-1~"));
  EXPECT_TRUE(guard.TryAcquire("ISA*payload-2~"));  // a different payload is independent
  now += seconds(89);
  EXPECT_FALSE(guard.TryAcquire("ISA*payload-1~"));
  EXPECT_EQ(guard.RemainingWait("ISA*payload-1~"), seconds(1));
  now += seconds(1);
  EXPECT_EQ(guard.RemainingWait("ISA*payload-1~"), seconds(0));
  EXPECT_TRUE(guard.TryAcquire("ISA*payload-1~"));
  EXPECT_FALSE(guard.TryAcquire("ISA*payload-1~"));  // the new send restarts the window
}

}  // namespace
}  // namespace claimgate::transport
