// Encounter JSON (docs/encounter-json.md, docs/encounter.schema.json) <-> edi::hipaa::Encounter.
// Field names follow the Change Healthcare / Stedi professional and institutional claim JSON,
// extended with "claimType" and per-code "codeSystem". Reading is strict: a field of the wrong
// type, a malformed amount or an unknown field is a finding with its JSON path, never an
// exception. Stateless functions; thread-safe.
#pragma once

#include <cstdint>
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
  std::size_t array_items = 0;  // how many elements that array has
};

// Limits that keep hostile input bounded. The text is checked (syntax, duplicate keys, depth,
// the longest list) without building a tree, and an array's encounters are turned into trees
// one at a time, so memory follows the largest encounter, not the whole input.
inline constexpr std::size_t kMaxEncounterJsonBytes = 64u << 20;
inline constexpr int kMaxEncounterJsonDepth = 32;
inline constexpr std::size_t kMaxEncounterItemBytes = 4u << 20;  // one encounter
inline constexpr std::size_t kMaxEncounterArrayItems = 1000;     // lines, codes ... (837I: 999)

// Reads one encounter object or an array of at most `max_items` of them (more: one finding
// "too_many_items" and no encounters). Encounters with findings are still returned (with what
// could be read), so edits can add theirs; callers build nothing when any finding exists.
EncounterParse ParseEncounterJson(std::string_view text, std::size_t max_items = SIZE_MAX);

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
