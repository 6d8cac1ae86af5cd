// The simulator's answers as X12: the 277CA Claim Acknowledgment (005010X214) and the 835
// Health Care Claim Payment/Advice (005010X221A1) for the decisions of one received interchange.
// Both validate clean against edi's implementation-guide schemas and balance (tests/sim checks).
// Pure functions over values; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "edi/result.hpp"
#include "edi/writer.hpp"
#include "src/sim/adjudication.hpp"

namespace claimgate::sim {

// The envelope of one answer: the received interchange's sender and receiver swapped.
struct ResponseHeader {
  std::string sender_qualifier = "ZZ", sender_id;      // ISA05/06 (the payer)
  std::string receiver_qualifier = "ZZ", receiver_id;  // ISA07/08 (the gateway)
  std::string gs_sender, gs_receiver;                  // GS02/03
  char usage = 'T';                                    // ISA15
  std::uint64_t control_number = 1;                    // ISA13 and GS06
  std::string date;  // CCYYMMDD
  std::string time;  // HHMM
  std::string received_control_number;  // ISA13 of the 837 (277CA trace numbers)
};

// Opens the answer's ISA and GS (GS01 `functional_id`, GS08 `version`) on `w`.
void BeginResponse(edi::InterchangeWriter& w, const ResponseHeader& header,
                   const std::string& functional_id, const std::string& version);
// Closes the group and interchange; `out` (the writer's output) or the writer's first error.
edi::Result<std::string> EndResponse(edi::InterchangeWriter& w, std::string&& out);

// One 277 set: information source (payer) -> receiver (submitter) -> billing provider(s) ->
// one patient/claim level per decision, accepted (STC A1:20, WQ) or rejected (U).
// REQUIRES: `claims` is not empty.
edi::Result<std::string> Write277CA(const std::vector<ClaimDecision>& claims,
                                    const ResponseHeader& header, const AdjudicationRules& rules);

// One 835 set per billing provider (payee), claims in input order; rejected decisions are
// skipped. BPR: I + CHK with the payment when it is positive, H + NON when nothing is paid.
// Fails with "nothing_to_remit" when no decision was accepted.
edi::Result<std::string> Write835(const std::vector<ClaimDecision>& claims,
                                  const ResponseHeader& header, const AdjudicationRules& rules);

}  // namespace claimgate::sim
