// The simulator's memory on disk, under config.state_dir, so that a restart neither answers a
// file twice nor loses an answer not yet delivered: the interchanges processed (name, SHA-256,
// ISA13: processed.tsv, append-only), the next response control number (control_number), and
// the answers waiting for their time (pending/<due ms>-<seq>-<KIND>-<isa13>.x12), and what was
// decided for each claim with when its answers are due (claims.tsv, append-only; real-time 276
// answers read it). Thread-safe:
// one mutex guards everything (the SFTP responder and the CORE handlers share one State).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "edi/result.hpp"
#include "src/sim/answer.hpp"
#include "src/sim/sim_config.hpp"
#include "src/sim/status_answer.hpp"

namespace claimgate::sim {

// One answer on disk.
struct OutboxItem {
  std::string path;  // the pending file
  std::string name;  // "<KIND>_<isa13>_<seq>.x12": the name it is delivered under
  ResponseKind kind = ResponseKind::k999;
  std::int64_t due_ms = 0;  // Unix time in ms
};

class State {
 public:
  explicit State(SimConfig config);
  // Creates the state directory and reads what an earlier run left. Errors name the file.
  edi::Result<void> Open();

  // Answers `bytes` received as `source` (a file name or "core:<PayloadID>") unless the same
  // source with the same SHA-256 was answered before (then returns false and does nothing).
  // The answers are queued under pending/ with their due times; `channel` ("sftp" or "core")
  // keeps the two sides' queues apart.
  edi::Result<bool> Receive(const std::string& channel, const std::string& source,
                            std::string_view bytes);

  // Pending answers of `channel` due at `now_ms`, oldest first; `acks_only`/`results_only`
  // filter by kind (for the CORE retrievals). Ownership stays with the State until Take().
  std::vector<OutboxItem> Due(const std::string& channel, std::int64_t now_ms,
                              std::optional<bool> acknowledgments = std::nullopt);
  // Reads and removes a pending answer. nullopt when it is gone (taken concurrently).
  std::optional<std::string> Take(const OutboxItem& item);

  // What is known of a claim by its CLM01 (the latest interchange that carried it wins);
  // nullopt when no accepted transaction set carried it.
  std::optional<KnownClaim> FindClaim(const std::string& patient_control_number) const;
  // Answers a real-time 276 (status_answer.hpp) with what is known now; its ISA13 comes from
  // the same counter as every other answer.
  StatusInquiryAnswer AnswerRealTime(std::string_view bytes);

  // Interchanges answered (this run and earlier ones), and how many of them repeated an ISA13
  // already answered (the gateway must never send an interchange twice).
  std::uint64_t interchanges() const;
  std::uint64_t duplicate_control_numbers() const;
  const SimConfig& config() const { return config_; }

  static std::int64_t NowMs();

 private:
  std::uint64_t NextControlNumber();  // REQUIRES: mu_ held
  // Appends the answer's decisions to claims.tsv and claims_. REQUIRES: mu_ held.
  bool RememberClaims(const Answer& answer, std::int64_t now_ms);
  std::string Dir(const std::string& channel) const;

  SimConfig config_;
  mutable std::mutex mu_;
  std::set<std::string> processed_;  // source + '\t' + sha256
  std::map<std::string, int> control_numbers_;  // ISA13 -> times received
  std::map<std::string, KnownClaim, std::less<>> claims_;  // CLM01 -> decision
  std::uint64_t interchanges_ = 0;
  std::uint64_t duplicates_ = 0;
  std::uint64_t next_control_ = 1;
  std::uint64_t seq_ = 0;
};

}  // namespace claimgate::sim
