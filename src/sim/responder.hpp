// The SFTP side's drop-folder responder: lists inbound/ (skipping names that start with "." or
// end with ".part", as CONTRACTS.md says), answers each new interchange once through the State,
// and moves answers that are due into outbound/ under a temporary ".name.tmp" then a rename to
// "<KIND>_<isa13>_<seq>.x12". Files in inbound/ are left in place (the gateway checks delivery
// by name). Poll() is called from one thread at a time; Run() loops until Stop().
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>

#include "src/sim/state.hpp"

namespace claimgate::sim {

struct PollReport {
  int received = 0;   // new interchanges answered
  int delivered = 0;  // answers written to outbound/
  std::vector<std::string> errors;
};

class FolderResponder {
 public:
  // `inbound` and `outbound` are directories (created if missing). `state` must outlive this.
  FolderResponder(State& state, std::string inbound, std::string outbound);

  // One pass: answer new files, deliver due answers. Blocking (files).
  PollReport Poll();

  // Polls every `interval_ms` until Stop(). `on_poll` (optional) sees every report.
  void Run(int interval_ms, const std::function<void(const PollReport&)>& on_poll = {});
  void Stop();

 private:
  State& state_;
  std::string inbound_, outbound_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
};

}  // namespace claimgate::sim
