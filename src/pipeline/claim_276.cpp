#include "src/pipeline/claim_276.hpp"

#include <ctime>
#include <utility>

#include "src/core/encounter_json.hpp"

namespace claimgate::pipeline {

std::string UtcMinuteNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M", &tm);
  return buf;
}

edi::Result<std::string> BuildClaim276(const store::Claim& claim,
                                       const std::vector<store::StatusRecord>& statuses,
                                       Claim276Options options) {
  edi::hipaa::StatusInquiryClaim& inquiry = options.inquiry;
  // The newest payer claim control number a 277 or 277CA reported.
  for (const store::StatusRecord& s : statuses) {
    if (!s.payer_claim_control_number.empty()) {
      inquiry.payer_claim_control_number = s.payer_claim_control_number;
    }
  }
  inquiry.patient_control_number = claim.patient_control_number;

  core::EncounterParse parse = core::ParseEncounterJson(claim.encounter_json);
  if (parse.encounters.size() != 1 || !parse.findings.empty()) {
    std::string at;  // JSON paths only: never the values (PHI)
    for (const auto& f : parse.findings) at += (at.empty() ? " at " : ", ") + f.path;
    return edi::Error{"unreadable_encounter",
                      "the stored encounter of this claim cannot be read" + at};
  }
  const edi::hipaa::Encounter& e = parse.encounters[0];
  edi::InterchangeParams& isa = options.interchange;
  if (isa.sender_id.empty()) isa.sender_id = e.submitter.id.empty() ? "CLAIMGATE" : e.submitter.id;
  if (isa.receiver_id.empty()) isa.receiver_id = e.receiver.id.empty() ? e.payer_id : e.receiver.id;
  std::vector<edi::hipaa::EncounterFinding> missing;
  if (!edi::hipaa::CheckStatusInquiry(e, inquiry, isa.sender_id, "", &missing)) {
    std::string fields;
    for (const auto& f : missing) fields += (fields.empty() ? "" : ", ") + f.path;
    return edi::Error{"required_for_276",
                      "the claim's encounter lacks what a 276 needs: " + fields};
  }
  edi::hipaa::StatusInquiryOptions build;
  build.interchange = std::move(isa);
  build.application_sender = std::move(options.application_sender);
  build.application_receiver = std::move(options.application_receiver);
  build.group_control_number = options.group_control_number;
  build.date = options.now.substr(0, 8);
  build.time = options.now.substr(8, 4);
  return edi::hipaa::BuildStatusInquiry(e, inquiry, build);
}

}  // namespace claimgate::pipeline
