// LogThrottle: thins a run of repeated failures for the log. The first failure of a run is
// logged, then at most one line per interval carrying how many failures it stands for; the end
// of the run (a success) is logged once. Pure logic with the time passed in (tests need no
// sleeping). Not thread-safe: one reporting thread (e.g. the store's writer) owns it.
#pragma once

#include <chrono>
#include <cstdint>

namespace claimgate::ops {

class LogThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  explicit LogThrottle(std::chrono::milliseconds interval) : interval_(interval) {}

  // Counts one failure at `now`. Returns how many failures the line to write now stands for
  // (this one and those left out since the last line), or 0 when this one is not to be logged.
  int64_t Failure(Clock::time_point now);
  // Ends the run: returns the number of failures in it (0 when there was no run, nothing to log).
  int64_t Success();

 private:
  std::chrono::milliseconds interval_;
  int64_t run_ = 0;       // failures in the current run
  int64_t unlogged_ = 0;  // failures of the run not yet reported in a line
  Clock::time_point last_line_{};
};

}  // namespace claimgate::ops
