// A payer's companion-guide rules (SNIP type 7, payer file [companion]) checked against one
// encounter at intake: REF qualifiers every claim must carry (loop 2300), the most diagnosis
// codes the payer takes, and the claim frequency codes it accepts. Findings name the JSON path of
// the field at fault, like the intake edits. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "edi/hipaa/encounter.hpp"
#include "edi/hipaa/encounter_edits.hpp"
#include "src/core/payer_config.hpp"

namespace claimgate::core {

// Appends one finding per broken rule (codes: payer_requires_reference, too_many_diagnoses,
// frequency_not_accepted). `path_prefix` is put before every path ("[3]." for batch items).
void CheckCompanionRules(const CompanionConfig& rules, const edi::hipaa::Encounter& encounter,
                         std::string_view path_prefix,
                         std::vector<edi::hipaa::EncounterFinding>* findings);

// The 2300 REF qualifiers the encounter model carries (what required_claim_ref_qualifiers may
// name): 9F, G1, F8, 9A, 9C, D9, EA.
bool IsClaimReferenceQualifier(std::string_view qualifier);

}  // namespace claimgate::core
