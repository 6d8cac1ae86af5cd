// Internals of the inbound importer shared by inbound.cpp (detection, storing, file state),
// inbound_acks.cpp (TA1, 999) and inbound_results.cpp (277CA/277, 835). Not a public interface.
// An ImportRun lives for one Import() call; its WriteTracker is thread-safe (store callbacks run
// on the store's writer thread), everything else is used by the importing thread only.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "edi/hipaa/response_common.hpp"
#include "src/pipeline/inbound.hpp"
#include "src/pipeline/lifecycle.hpp"

namespace claimgate::pipeline::inbound_detail {

// Asynchronous store writes of one import: issued in order (the store keeps the order), waited
// for together so that a large file costs a few group commits, not one fsync per claim.
class WriteTracker {
 public:
  // A Done that records a failure as "what: message" and, on success, runs `on_ok` (on the
  // writer thread: it must only touch state guarded by this tracker, see Locked()).
  template <typename T>
  store::Done<T> Track(std::string what, std::function<void(const T&)> on_ok = {}) {
    auto s = state_;
    {
      std::lock_guard lock(s->mu);
      ++s->pending;
    }
    return [s, what = std::move(what), on_ok = std::move(on_ok)](store::Result<T> r) {
      std::lock_guard lock(s->mu);
      if (r) {
        if (on_ok) on_ok(*r);
      } else {
        s->failures.push_back(what + ": " + r.error().message);
        if (r.error().code == "transition_refused") ++s->refusals;
      }
      if (--s->pending == 0) s->cv.notify_all();
    };
  }
  // Blocks until every tracked write completed.
  void Wait() {
    std::unique_lock lock(state_->mu);
    state_->cv.wait(lock, [&] { return state_->pending == 0; });
  }
  // Runs `fn` under the tracker's lock (for state also touched by on_ok callbacks).
  void Locked(const std::function<void()>& fn) {
    std::lock_guard lock(state_->mu);
    fn();
  }
  // REQUIRES: Wait() returned.
  std::vector<std::string> TakeFailures() { return std::move(state_->failures); }
  int refusals() const { return state_->refusals; }

 private:
  struct State {
    std::mutex mu;
    std::condition_variable cv;
    int pending = 0;
    int refusals = 0;
    std::vector<std::string> failures;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

struct ImportRun {
  store::Store& store;
  const InboundSource& source;
  std::string file_id;
  std::string_view bytes;
  // ISA06 / ISA08 of the file's first interchange, trailing spaces trimmed.
  std::string isa_sender, isa_receiver;
  ImportReport* report;
  WriteTracker writes;
  std::set<std::string> matched_claims;  // guarded by writes.Locked()
  int records_read = 0;                  // items of the file's kind that were read

  // Queues `event` for `claim_id` (unscoped) and counts the claim as matched once it applied.
  void ApplyClaimEvent(const std::string& claim_id, ClaimEventKind event, std::string detail);
  // Queues a status record (tenant and claim empty: the unmatched queue).
  void AddStatus(store::StatusRecord record);
  void Problem(std::string text);
};

// Findings of a response reader in words (no values from the input).
std::string DescribeFinding(const edi::hipaa::Finding& f);
// Adds the error-severity reader diagnostics and record findings to the run's problems.
void AddDiagnostics(ImportRun& run, const edi::DiagnosticList& diagnostics,
                    const std::vector<edi::hipaa::Finding>& findings);

// Apply one kind; each adds problems and counts to run.report. `bytes` is the whole file.
void ApplyTa1(ImportRun& run);
void Apply999(ImportRun& run);
void ApplyStatus(ImportRun& run);
void ApplyRemittance(ImportRun& run);

// Trailing and leading spaces removed.
std::string Trim(std::string_view text);

}  // namespace claimgate::pipeline::inbound_detail
