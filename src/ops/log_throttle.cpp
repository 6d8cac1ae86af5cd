#include "src/ops/log_throttle.hpp"

namespace claimgate::ops {

int64_t LogThrottle::Failure(Clock::time_point now) {
  ++unlogged_;
  if (run_++ > 0 && now - last_line_ < interval_) return 0;
  last_line_ = now;
  const int64_t reported = unlogged_;
  unlogged_ = 0;
  return reported;
}

int64_t LogThrottle::Success() {
  const int64_t run = run_;
  run_ = 0;
  unlogged_ = 0;
  return run;
}

}  // namespace claimgate::ops
