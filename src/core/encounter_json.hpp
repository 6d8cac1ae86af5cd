// Encounter JSON (docs/encounter-json.md, docs/encounter.schema.json) <-> edi::hipaa::Encounter.
// Field names follow the Change Healthcare / Stedi professional and institutional claim JSON,
// extended with "claimType" and per-code "codeSystem". Reading is strict: a field of the wrong
// type, a malformed amount or an unknown field is a finding with its JSON path, never an
// exception. Stateless functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "edi/hipaa/encounter.hpp"
#include "edi/hipaa/encounter_edits.hpp"

namespace claimgate::core {

struct EncounterParse {
  std::vector<edi::hipaa::Encounter> encounters;
  // JSON syntax, type and unknown-field findings; paths start with "[i]." when `array`.
  std::vector<edi::hipaa::EncounterFinding> findings;
  bool array = false;  // the input was a JSON array of encounters
};

// Limits that keep hostile input bounded.
inline constexpr std::size_t kMaxEncounterJsonBytes = 64u << 20;
inline constexpr int kMaxEncounterJsonDepth = 32;

// Reads one encounter object or an array of them. Encounters with findings are still returned
// (with what could be read), so edits can add theirs; callers build nothing when any finding
// exists.
EncounterParse ParseEncounterJson(std::string_view text);

// The edits' path prefix for the i-th encounter: "[i]." when the input was an array, else "".
std::string EncounterPathPrefix(const EncounterParse& parse, std::size_t i);

// The model -> encounter JSON (one object, no trailing newline) in exactly the format
// ParseEncounterJson reads: only fields that are set, defaulted fields only when they differ from
// the default, so ParseEncounterJson(WriteEncounterJson(e)) gives back `e`. `indent` < 0: compact.
std::string WriteEncounterJson(const edi::hipaa::Encounter& encounter, int indent = 2);
// A JSON array of encounters, in order.
std::string WriteEncounterJsonArray(std::span<const edi::hipaa::Encounter> encounters,
                                    int indent = 2);

}  // namespace claimgate::core
