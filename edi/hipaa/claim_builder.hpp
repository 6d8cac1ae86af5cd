// Encounters -> one X12 interchange of 837 claims: 837P (005010X222A1), 837I (005010X223A2) and
// 837D (005010X224A2). One functional group and one transaction set per claim type present, in
// order of first appearance; inside a set, claims that share a billing provider share one 2000A
// loop and claims that also share a subscriber (and payer) share one 2000B, in input order.
// Qualifiers, HL numbers, LX numbers and segment counts are derived here. REQUIRES: encounters
// that passed CheckEncounter (encounter_edits.hpp) with no errors; the builder does not re-check
// them. Stateless functions; safe to call from several threads on different outputs.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "edi/hipaa/encounter.hpp"
#include "edi/result.hpp"
#include "edi/writer.hpp"

namespace edi::hipaa {

struct BuildOptions {
  // ISA05-ISA08, ISA13, ISA14, ISA15 and the rest of the ISA. `interchange.date` (YYMMDD) and
  // `interchange.time` (HHMM) are filled from `date`/`time` when left empty.
  InterchangeParams interchange;
  // GS02/GS03; the ISA sender/receiver ids when empty.
  std::string application_sender;
  std::string application_receiver;
  // GS06 of the first group; each further group (claim type) takes the next number.
  std::uint64_t group_control_number = 1;
  // Creation date CCYYMMDD and time HHMM for GS04/GS05 and BHT04/BHT05. REQUIRES: set.
  std::string date;
  std::string time;
  // BHT03 (the originator's batch reference); ISA13 when empty.
  std::string batch_reference;
  WriterOptions writer;
};

// The implementation guide version (GS08 / ST03) of a claim type: "005010X222A1" ...
std::string_view GuideFor(ClaimType type);

// Builds the whole interchange. Fails only when the writer refuses a value (a delimiter or a
// character outside the X12 character set in an identifier or code) or `encounters` is empty;
// free text (names, addresses, notes) has such characters replaced by spaces instead.
Result<std::string> BuildInterchange(std::span<const Encounter> encounters,
                                     const BuildOptions& options);

// Writes one transaction set (ST ... SE) for `claims`, all of `type`, into an open group of
// `writer`. `st02` is the set control number. Exposed for callers that batch their own groups.
Result<void> WriteTransaction(InterchangeWriter& writer, ClaimType type,
                              std::span<const Encounter* const> claims, std::string_view st02,
                              const BuildOptions& options);

}  // namespace edi::hipaa
