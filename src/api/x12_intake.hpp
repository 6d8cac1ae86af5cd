// Reading a practice's raw 837 interchange for POST /v1/x12: one pass validates it against the
// implementation guides (edi::X12Validator), decides the 999 outcome of every transaction set and
// reads the claims of the accepted sets (edi::hipaa::ClaimReader, one Encounter per CLM). The
// acknowledgments (TA1 when the envelope fails, 999 with one IK5 per set) are built afterwards,
// once the caller has its control numbers. Pure functions over the input; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "edi/ack.hpp"
#include "edi/diagnostics.hpp"
#include "edi/envelope.hpp"
#include "edi/hipaa/encounter.hpp"
#include "edi/result.hpp"

namespace claimgate::api {

// One transaction set and its 999 outcome.
struct X12Set {
  std::string st02;
  std::string implementation;        // ST03 (or GS08)
  char code = 'A';                   // IK501 (A, E, R); R also when its group or interchange fails
  std::vector<std::string> reasons;  // IK502.. codes, AK9 group codes, or TA1 note when rejected
  std::uint64_t first_segment = 0;   // input index of its ST
  std::vector<edi::Diagnostic> errors;  // error findings inside the set, in input order
};

// One claim (CLM) of an accepted set.
struct X12Claim {
  std::size_t set = 0;  // index into X12Read::sets
  edi::hipaa::Encounter encounter;
};

struct X12Read {
  bool no_interchange = false;  // no ISA at all, or one that cannot be read: not X12
  std::vector<edi::InterchangeSummary> interchanges;
  std::vector<std::uint64_t> interchange_ends;  // segment index just past each interchange
  edi::DiagnosticList findings;                 // every finding of the input
  std::vector<X12Set> sets;                     // in input order
  std::vector<X12Claim> claims;                 // claims of the accepted sets, in input order
  // Segments the encounter model does not carry ("PWK in loop 2300"): left out of the claims.
  std::vector<std::string> not_carried;
  bool envelope_rejected = false;  // an interchange-level error: a TA1 R is the answer
};

// Reads and validates `body`. Never fails: problems are findings and set outcomes.
X12Read ReadX12(std::string_view body);

struct X12Acks {
  std::string ta1;     // empty unless an interchange has an interchange-level error
  std::string ack999;  // one interchange per input interchange that has groups
};

// Builds the acknowledgments: a TA1 for an interchange whose envelope fails, else a 999 for it
// (when it has groups). Each input interchange takes the next ISA13/GS06 starting at
// options.interchange_control_number / group_control_number (REQUIRES: one number per input
// interchange reserved for each).
edi::Result<X12Acks> BuildX12Acks(const X12Read& read, edi::AckOptions options);

}  // namespace claimgate::api
