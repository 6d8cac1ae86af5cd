// Edits run on an encounter before any 837 is built: required fields, formats, NPI check digits,
// tax ids, dates, balancing (claim charge = sum of lines), diagnosis pointers, ICD version by date
// of service, code sets (ICD-10-CM FY2026, HCPCS, POS, type of bill, MS-DRG, NUBC codes, CARC) and
// the forms of CPT/CDT codes and modifiers. Each finding names the field by its path in the
// encounter JSON (docs/encounter-json.md). Pure functions over the shipped code sets; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "edi/hipaa/encounter.hpp"

namespace edi::hipaa {

struct EncounterFinding {
  // The JSON path of the field at fault, e.g.
  // "claimInformation.serviceLines[2].professionalService.lineItemChargeAmount".
  std::string path;
  std::string code;     // stable, snake_case, e.g. "invalid_npi"; never renamed
  std::string message;  // one sentence a biller understands; carries no value from the input
  std::string value;    // the offending value, when there is one (may be PHI: never log it)
};

struct EditOptions {
  // Today's date, CCYYMMDD: service dates and dates of birth after it are findings. REQUIRES: set.
  std::string today;
  // Put in front of every path, e.g. "[3]." when the encounter is the 4th of a JSON array.
  std::string path_prefix;
};

// Appends the findings for `encounter` to `*out` and returns how many were added (0: the
// encounter can be built).
std::size_t CheckEncounter(const Encounter& encounter, const EditOptions& options,
                           std::vector<EncounterFinding>* out);

// "path: code: message" (and ` (value "...")` when `with_value`), for people.
std::string FormatFinding(const EncounterFinding& finding, bool with_value);

}  // namespace edi::hipaa
