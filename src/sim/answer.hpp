// One received interchange -> everything the simulated payer will answer, with when: validation
// with edi's X12Validator (TA1 / 999), the claims of accepted sets read into encounters and
// adjudicated (adjudication.hpp), the 277CA and the 835 written (response_writers.hpp), and the
// faults of the config applied (delays, dropped or duplicated 999, reject all, 835 first).
// Pure apart from the control-number callback; thread-safe if that callback is.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "edi/envelope.hpp"
#include "src/sim/adjudication.hpp"
#include "src/sim/response_writers.hpp"
#include "src/sim/sim_config.hpp"

namespace claimgate::sim {

enum class ResponseKind { kTa1, k999, k277ca, k835 };
// "TA1", "999", "277CA", "835" (the file name prefix of CONTRACTS.md).
std::string_view ResponseKindName(ResponseKind kind);
// True for the acknowledgments (TA1, 999): CORE hands them out on the ack retrieval.
inline bool IsAcknowledgment(ResponseKind kind) {
  return kind == ResponseKind::kTa1 || kind == ResponseKind::k999;
}

struct PlannedResponse {
  ResponseKind kind = ResponseKind::k999;
  std::string bytes;  // one X12 interchange
  int delay_ms = 0;   // after receipt
};

struct Answer {
  std::string control_number;  // ISA13 of the received interchange ("" when unreadable)
  bool envelope_rejected = false;  // TA1 R (or no claims read at all)
  int sets_accepted = 0;
  int sets_rejected = 0;
  std::vector<ClaimDecision> decisions;   // claims of the accepted sets, in file order
  std::vector<PlannedResponse> responses;  // sorted by delay_ms (stable)
  std::vector<std::string> errors;  // a response that could not be written (a program defect)
};

struct AnswerContext {
  // Hands out the ISA13/GS06 of each response interchange. Required.
  std::function<std::uint64_t()> next_control_number;
  std::string date;  // CCYYMMDD of the responses
  std::string time;  // HHMM
};

// The envelope of an answer to `ic`: its sender and receiver swapped (GS from `group` when
// given), ISA13 = GS06 = `control_number`, date and time from `context`.
ResponseHeader ResponseHeaderFor(const edi::InterchangeSummary& ic, const edi::GroupSummary* group,
                                 const AnswerContext& context, std::uint64_t control_number);

// Adds an error at the ST of every transaction set of `ic` whose ST01 is not `keep_id` (empty:
// every set), so that Build999 answers IK5 R for each (reject_all, a 276 endpoint given another
// set). `reason` is the finding's message.
void RejectSets(const edi::InterchangeSummary& ic, std::string_view keep_id,
                std::string_view reason, std::vector<edi::Diagnostic>* findings);

// Answers one interchange (the first in `bytes`). Never fails: unreadable input gets a TA1 R when
// an ISA could be read, else nothing.
Answer AnswerInterchange(std::string_view bytes, const SimConfig& config,
                         const AnswerContext& context);

}  // namespace claimgate::sim
