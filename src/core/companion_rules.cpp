#include "src/core/companion_rules.hpp"

#include <algorithm>

namespace claimgate::core {
namespace {

using edi::hipaa::ClaimInformation;

struct ClaimReference {
  std::string_view qualifier;
  std::string_view json_field;  // under claimInformation.claimSupplementalInformation
  std::string ClaimInformation::*value;
  std::string_view words;
};

// The 2300 REF segments the 837 writer emits from the encounter, with their JSON names.
const ClaimReference kReferences[] = {
    {"9F", "referralNumber", &ClaimInformation::referral_number, "a referral number"},
    {"G1", "priorAuthorizationNumber", &ClaimInformation::prior_authorization_number,
     "a prior authorization number"},
    {"F8", "claimControlNumber", &ClaimInformation::payer_claim_control_number,
     "the payer's original claim number"},
    {"9A", "repricedClaimNumber", &ClaimInformation::repriced_claim_number,
     "a repriced claim number"},
    {"9C", "adjustedRepricedClaimNumber", &ClaimInformation::adjusted_repriced_claim_number,
     "an adjusted repriced claim number"},
    {"D9", "claimNumber", &ClaimInformation::clearinghouse_trace_number,
     "a clearinghouse trace number"},
    {"EA", "medicalRecordNumber", &ClaimInformation::medical_record_number,
     "a medical record number"},
};

}  // namespace

bool IsClaimReferenceQualifier(std::string_view qualifier) {
  return std::any_of(std::begin(kReferences), std::end(kReferences),
                     [&](const ClaimReference& r) { return r.qualifier == qualifier; });
}

void CheckCompanionRules(const CompanionConfig& rules, const edi::hipaa::Encounter& encounter,
                         std::string_view path_prefix,
                         std::vector<edi::hipaa::EncounterFinding>* findings) {
  const std::string claim = std::string(path_prefix) + "claimInformation.";
  const ClaimInformation& c = encounter.claim;
  for (const std::string& q : rules.required_claim_ref_qualifiers) {
    for (const ClaimReference& r : kReferences) {
      if (r.qualifier != q || !(c.*r.value).empty()) continue;
      findings->push_back(
          {claim + "claimSupplementalInformation." + std::string(r.json_field),
           "payer_requires_reference",
           "this payer requires " + std::string(r.words) + " (REF*" + q + ") on every claim", ""});
    }
  }
  // Professional and dental claims list their codes in one array; institutional ones carry a
  // principal diagnosis and the others.
  const bool institutional = encounter.type == edi::hipaa::ClaimType::kInstitutional;
  const size_t count = institutional
                           ? (c.principal_diagnosis.present() ? 1 : 0) + c.other_diagnoses.size()
                           : c.diagnoses.size();
  const size_t max = static_cast<size_t>(rules.max_diagnosis_codes);
  if (count > max) {
    // The index of the first code over the limit in its array.
    const size_t over = institutional && c.principal_diagnosis.present() ? max - 1 : max;
    findings->push_back(
        {claim + (institutional ? "otherDiagnosisInformationList[" : "healthCareCodeInformation[") +
             std::to_string(over) + "]",
         "too_many_diagnoses",
         "this payer takes at most " + std::to_string(max) +
             " diagnosis codes per claim; this "
             "claim has " +
             std::to_string(count),
         ""});
  }
  const auto& allowed = rules.allowed_frequency_codes;
  if (!allowed.empty() &&
      std::find(allowed.begin(), allowed.end(), c.frequency_code) == allowed.end()) {
    std::string list;
    for (const std::string& f : allowed) list += (list.empty() ? "" : ", ") + f;
    findings->push_back({claim + "claimFrequencyCode", "frequency_not_accepted",
                         "this payer accepts claim frequency codes " + list + " only",
                         c.frequency_code});
  }
}

}  // namespace claimgate::core
