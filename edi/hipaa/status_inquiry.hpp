// The 276 Health Care Claim Status Request (005010X212) for one claim already sent as an 837:
// payer (2000A), information receiver (2000B, the submitter), service provider (2000C, the
// billing provider's NPI), subscriber (2000D) and, when the patient is a dependent, patient
// (2000E), then the claim status tracking loop (2200D/E: TRN, REF*1K/BLT/EJ/D9, AMT*T3, DTP*472)
// and, when asked, one 2210 loop per service line. Stateless functions; safe to call from several
// threads on different outputs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "edi/hipaa/encounter.hpp"
#include "edi/hipaa/encounter_edits.hpp"
#include "edi/result.hpp"
#include "edi/writer.hpp"

namespace edi::hipaa {

// The implementation guide of the 276 (GS08 / ST03).
inline constexpr std::string_view kStatusInquiryGuide = "005010X212";

// What identifies the claim being asked about, beyond the encounter it was built from.
struct StatusInquiryClaim {
  // CLM01 as sent on the 837 (REF*EJ, and TRN02 when `trace_number` is empty). Empty: the
  // encounter's claimInformation.patientControlNumber. A stored claim passes claimgate's CLM01.
  std::string patient_control_number;
  // TRN02, the inquiry's trace, echoed in the 277's TRN02. Empty: the patient control number, so
  // the 277 answer matches the claim the way every other response does.
  std::string trace_number;
  // REF*1K, the payer's claim control number from an earlier 277/277CA/835. Empty: left out.
  std::string payer_claim_control_number;
  // One 2210 loop (SVC, REF*FJ, DTP*472) per service line; false asks about the claim only.
  bool include_service_lines = false;
};

struct StatusInquiryOptions {
  // ISA05-ISA08, ISA13-ISA15. ISA09/ISA10 are filled from `date`/`time` when left empty.
  InterchangeParams interchange;
  // GS02/GS03; the ISA sender/receiver ids when empty.
  std::string application_sender;
  std::string application_receiver;
  std::uint64_t group_control_number = 1;  // GS06
  // Creation date CCYYMMDD and time HHMM (GS04/GS05, BHT04/BHT05). REQUIRES: set.
  std::string date;
  std::string time;
  // BHT03; ISA13 (9 digits) when empty.
  std::string batch_reference;
  WriterOptions writer;
};

// The fields a 276 cannot do without, each missing one a finding with its JSON path (prefixed
// with `path_prefix`) and code "required_for_276": the payer id and name, the billing NPI, the
// submitter's id (unless `fallback_receiver_id` is set), the subscriber's member id and last
// name, a dependent's last name and date of birth, CLM01 (unless `claim` carries it), and a
// service date. Appends to `*findings`; returns true when it added none.
bool CheckStatusInquiry(const Encounter& encounter, const StatusInquiryClaim& claim,
                        std::string_view fallback_receiver_id, std::string_view path_prefix,
                        std::vector<EncounterFinding>* findings);

// Builds the whole interchange (ISA, GS*HR, one ST*276, SE, GE, IEA). Fails with code
// "required_for_276" naming the first missing field's JSON path (see CheckStatusInquiry; the
// information receiver id falls back to ISA06), or with the writer's error when a value holds a
// delimiter or a character outside the X12 set in an identifier; free text has such characters
// replaced by spaces.
Result<std::string> BuildStatusInquiry(const Encounter& encounter, const StatusInquiryClaim& claim,
                                       const StatusInquiryOptions& options);

// The claim's service period for DTP*472: the statement dates of an institutional claim when
// set, else the earliest and latest service line dates; `to` == `from` for one day; both empty
// when there is no date.
struct ServicePeriod {
  std::string from;
  std::string to;
};
ServicePeriod ClaimServicePeriod(const Encounter& encounter);

}  // namespace edi::hipaa
