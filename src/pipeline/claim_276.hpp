// The 276 claim status request (005010X212) for one stored claim: built from its stored
// encounter with claimgate's CLM01 (REF*EJ, and TRN02 unless a trace is given) and the newest
// payer claim control number (REF*1K) its status records carry. Shared by GET
// /v1/claims/{id}/276 and the real-time inquiry over CORE. A pure function over values;
// thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "edi/hipaa/status_inquiry.hpp"
#include "edi/result.hpp"
#include "edi/writer.hpp"
#include "src/store/store.hpp"

namespace claimgate::pipeline {

struct Claim276Options {
  // trace_number and include_service_lines; the patient control number and REF*1K are filled in
  // from the claim and its status records.
  edi::hipaa::StatusInquiryClaim inquiry;
  // ISA fields. sender_id empty: the encounter's submitter id, else "CLAIMGATE"; receiver_id
  // empty: the encounter's receiver id, else its payer id. date/time are filled from `now`.
  edi::InterchangeParams interchange;
  std::string application_sender;          // GS02; empty: ISA06
  std::string application_receiver;        // GS03; empty: ISA08
  std::uint64_t group_control_number = 1;  // GS06
  std::string now;  // creation time "CCYYMMDDHHMM" (UTC). REQUIRES: 12 digits.
};

// Now (UTC) as "CCYYMMDDHHMM", the form Claim276Options::now takes.
std::string UtcMinuteNow();

// Error codes: "unreadable_encounter" (message: the JSON paths of what could not be read, never
// values), "required_for_276" (message: the JSON paths of the missing fields), or the X12
// writer's code when a value cannot be written.
edi::Result<std::string> BuildClaim276(const store::Claim& claim,
                                       const std::vector<store::StatusRecord>& statuses,
                                       Claim276Options options);

}  // namespace claimgate::pipeline
