// The simulator's payer decisions: a received claim (an edi::hipaa::Encounter read from the 837)
// -> what the 277CA says about it (accepted A1:20, or rejected A3 / A7 with a reason) and what the
// 835 pays for each line (allowed %, contractual CO-45, coinsurance PR-2, denials CO-96 / CO-31).
// Pure and deterministic: the same claim and rules always give the same decision. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "edi/hipaa/encounter.hpp"
#include "src/sim/sim_config.hpp"

namespace claimgate::sim {

using Cents = std::int64_t;

struct CasEntry {
  std::string group;   // CO, PR
  std::string reason;  // CARC
  Cents amount = 0;
};

struct LineDecision {
  std::string qualifier;               // SVC01-1: HC, AD, NU
  std::string code;                    // SVC01-2
  std::vector<std::string> modifiers;  // SVC01-3..6
  std::string revenue_code;            // SVC04 (institutional with a HCPCS code)
  std::string units = "1";
  std::string service_date;
  std::string control_number;  // REF*6R
  Cents charge = 0, allowed = 0, paid = 0, patient_responsibility = 0;
  std::vector<CasEntry> adjustments;
  std::string remark;  // RARC (LQ*HE), empty for none
};

struct ClaimDecision {
  std::string patient_control_number;  // CLM01 -> 277CA TRN02, 835 CLP01
  edi::hipaa::ClaimType type = edi::hipaa::ClaimType::kProfessional;
  Cents charge = 0;  // CLM02
  std::string facility_code;  // CLM05-1 -> CLP08
  std::string frequency;      // CLM05-3 -> CLP09
  std::string service_date_from, service_date_to;
  // Parties, copied for the responses (synthetic data in tests and the demo).
  std::string submitter_name, submitter_id;
  std::string billing_name, billing_npi;
  std::string patient_last, patient_first, member_id;
  // 277CA.
  bool accepted = true;
  std::string category = "A1", status = "20", entity;  // STC01
  std::string reason;  // why rejected, plain words (STC12)
  // 835 (only for accepted claims).
  std::string payer_claim_number;  // CLP07 / 277CA REF*1K
  std::string clp02 = "1";         // 1 processed as primary, 4 denied
  Cents paid = 0, patient_responsibility = 0;
  std::vector<LineDecision> lines;
};

// Decides one claim. `payer_claim_number` is the payer's number for it (CLP07, REF*1K).
ClaimDecision Adjudicate(const edi::hipaa::Encounter& encounter, const AdjudicationRules& rules,
                         const std::string& payer_claim_number);

// `percent` of `cents`, rounded half up to a cent.
Cents PercentOf(Cents cents, int percent);

}  // namespace claimgate::sim
