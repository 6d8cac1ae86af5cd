// Acknowledgments built from validation results: the 999 Implementation Acknowledgment
// (005010X231A1) for each functional group, and the TA1 Interchange Acknowledgment. Pure
// functions over the findings and envelope summaries of one input; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "edi/diagnostics.hpp"
#include "edi/envelope.hpp"
#include "edi/result.hpp"
#include "edi/writer.hpp"

namespace edi {

// Who sends the acknowledgment and how it is numbered. Sender and receiver default to the
// original interchange's receiver and sender, swapped.
struct AckOptions {
  std::uint64_t interchange_control_number = 1;  // ISA13 of the acknowledgment interchange
  std::uint64_t group_control_number = 1;        // GS06 of its first group
  std::string date;                              // CCYYMMDD; the ISA uses YYMMDD of it
  std::string time;                              // HHMM
  char usage = 'P';                              // ISA15
  WriterOptions writer;                          // delimiters of the acknowledgment
};

// The outcome of one transaction set, as the 999 reports it.
struct SetAck {
  std::string id, control_number, implementation;
  char code = 'A';                      // IK501: A accepted, E accepted with errors, R rejected
  std::vector<std::string> set_errors;  // IK502..IK506 codes
};

// The outcome of one functional group.
struct GroupAck {
  std::string functional_id, control_number, version;
  char code = 'A';  // AK901: A, E, P partially accepted, R
  std::uint64_t included = 0, received = 0, accepted = 0;
  std::vector<std::string> group_errors;  // AK905..AK909 codes
  std::vector<SetAck> sets;
};

// Decides the 999 content for every group of `interchange` from `findings` (all findings of the
// input; those of other interchanges are ignored by segment index).
std::vector<GroupAck> DecideGroupAcks(const InterchangeSummary& interchange,
                                      std::uint64_t next_interchange_segment,
                                      const std::vector<Diagnostic>& findings);

// Writes one interchange holding a 999 per functional group of `interchange`.
Result<std::string> Build999(const InterchangeSummary& interchange,
                             std::uint64_t next_interchange_segment,
                             const std::vector<Diagnostic>& findings, const AckOptions& options);

// TA1 note code (TA105) for an interchange-level finding, or "" when the finding is not one.
std::string Ta1NoteCode(const Diagnostic& d);

// Writes a TA1 interchange acknowledging `interchange`: R with the first interchange-level
// problem's note code, or A/000 when there is none (E when only later levels have errors).
Result<std::string> BuildTa1(const InterchangeSummary& interchange,
                             std::uint64_t next_interchange_segment,
                             const std::vector<Diagnostic>& findings, const AckOptions& options);

}  // namespace edi
