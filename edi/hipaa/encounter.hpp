// The typed encounter: what a practice's coders assigned for one claim (professional, institutional
// or dental), as plain structs that mirror claimgate's encounter JSON (docs/encounter-json.md).
// Amounts are integer cents; dates are CCYYMMDD strings; codes carry their coding system so the
// X12 qualifiers (ABK/BK, BBR/BR, HC, AD ...) are derived, never typed. Plain values: copyable,
// no invariants enforced here (encounter_edits.hpp checks them); not thread-safe to mutate.
// Parties (providers, people): encounter_parties.hpp; claim and line parts: encounter_parts.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edi/hipaa/encounter_parties.hpp"
#include "edi/hipaa/encounter_parts.hpp"

namespace edi::hipaa {

enum class ClaimType : std::uint8_t { kProfessional, kInstitutional, kDental };

// "professional", "institutional", "dental".
std::string_view ClaimTypeName(ClaimType type);

// The coding system of one code. kUnspecified: not given; a diagnosis then takes the system its
// X12 qualifier names, else the one the date of service calls for (ICD-10 from 2015-10-01).
enum class CodingSystem : std::uint8_t {
  kUnspecified,
  kIcd10Cm,
  kIcd9Cm,
  kIcd10Pcs,
  kIcd9Pcs,
  kCpt,
  kHcpcs,
  kCdt,
  kDrg,
  kRevenue,
};

// "ICD-10-CM", "ICD-9-CM", "ICD-10-PCS", "ICD-9-PCS", "CPT", "HCPCS", "CDT", "DRG", "REV"; "" for
// kUnspecified.
std::string_view CodingSystemName(CodingSystem system);
// The inverse of CodingSystemName (also accepts "ICD10CM", "ICD-9", "REVENUE" ...); false when
// the name is unknown.
bool ParseCodingSystem(std::string_view name, CodingSystem* out);

// A diagnosis or procedure code with its system.
struct Code {
  std::string value;  // as given: "E11.9" or "E119"; the builder drops the dot
  CodingSystem system = CodingSystem::kUnspecified;
  std::string qualifier;  // the X12 qualifier the sender gave (ABK, BF ...), or empty
  std::string poa;        // institutional present-on-admission indicator: Y N U W 1, or empty
  std::string date;       // procedures: CCYYMMDD performed
  bool present() const { return !value.empty(); }
};




// A payer that adjudicated this claim before (2320/2330): the primary on a secondary claim.
struct OtherPayer {
  std::string payment_responsibility;    // SBR01 of 2320: P, S, T ...
  std::string relationship_code = "18";  // SBR02: subscriber's relationship to the patient
  std::string group_number;
  std::string claim_filing_code;  // SBR09, e.g. CI, MB
  std::string benefits_assignment = "Y";
  std::string release_information = "Y";
  bool has_paid_amount = false;
  std::int64_t paid_cents = 0;               // AMT*D
  std::vector<AdjustmentGroup> adjustments;  // CAS
  // 2330A other subscriber
  std::string subscriber_last_name;
  std::string subscriber_first_name;
  std::string subscriber_id;
  std::string subscriber_middle_name;
  std::string subscriber_suffix;
  Address subscriber_address;
  // 2320 extras.
  std::string group_name;                    // SBR04
  std::string insurance_type_code;           // SBR05
  std::string patient_signature_source = "P";  // OI04 (837P/837D; not used on 837I)
  std::optional<std::int64_t> remaining_patient_liability_cents;  // AMT*EAF
  std::optional<std::int64_t> non_covered_cents;                  // AMT*A8
  // 2330B other payer
  std::string payer_name;
  std::string payer_id;
  std::string adjudication_date;     // DTP*573
  std::string claim_control_number;  // REF*F8: the other payer's claim number
  // 2330C-2330G: the other payer's ids for this claim's providers.
  OtherPayerProvider referring;         // 2330C (NM1*DN)
  OtherPayerProvider rendering;         // 2330D (NM1*82)
  OtherPayerProvider service_facility;  // 2330E (NM1*77)
  OtherPayerProvider supervising;       // 2330F (NM1*DQ)
  OtherPayerProvider billing;           // 2330G (NM1*85)
};







struct Tooth {
  std::string number;                 // TOO02: 1-32, A-T (JP universal numbering)
  std::vector<std::string> surfaces;  // TOO03: M O I B D L F, up to 5
};

struct ServiceLine {
  std::string service_date;            // CCYYMMDD
  std::string service_date_end;        // empty for one day
  std::string control_number;          // REF*6R line item control number
  Code procedure;                      // CPT / HCPCS / CDT (institutional: optional HCPCS/CPT)
  std::string procedure_description;   // C003-07, for unlisted codes
  std::vector<std::string> modifiers;  // up to 4
  std::int64_t charge_cents = 0;
  std::string unit = "UN";              // UN units, MJ minutes (professional anesthesia); DA days
  // Decimal string. Dental: the procedure count (SV306), empty when not sent (one procedure).
  std::string units = "1";
  std::string place_of_service;         // when it differs from the claim's
  std::vector<int> diagnosis_pointers;  // 1-based into the claim's diagnoses, up to 4
  Provider rendering;                   // line rendering provider (2420A), optional
  Provider ordering;                    // 2420E (837P)
  Provider referring;                   // 2420F (837P)
  std::string note;                     // NTE*ADD
  // Professional SV1 indicators.
  std::string emergency_indicator;        // SV109 Y
  std::string epsdt_indicator;            // SV111 Y
  std::string family_planning_indicator;  // SV112 Y
  std::string copay_status_code;          // SV115 0
  DmeCertification dme_certification;     // CR3
  std::string prescription_date;          // DTP*471
  std::string certification_revision_date;  // DTP*607
  std::string begin_therapy_date;            // DTP*463
  std::string last_certification_date;       // DTP*461
  std::vector<Attachment> attachments;       // PWK
  std::optional<std::int64_t> sales_tax_cents;  // AMT*T
  Repricing repricing;                          // HCP
  DrugIdentification drug;                      // 2410
  std::vector<TestResult> test_results;         // MEA
  std::vector<FormIdentification> forms;        // 2440 LQ/FRM
  std::vector<LineAdjudication> adjudications;  // 2430
  // Institutional.
  std::string revenue_code;
  std::optional<std::int64_t> unit_rate_cents;    // SV206
  std::optional<std::int64_t> non_covered_cents;  // SV207
  // Dental.
  std::string prosthesis_code;  // SV305: I initial placement, R replacement
  std::vector<Tooth> teeth;
  std::vector<std::string> oral_cavity_areas;  // SV304, up to 5
};

struct ValueCode {
  std::string code;
  std::int64_t amount_cents = 0;
};

struct OccurrenceCode {
  std::string code;
  std::string date;  // CCYYMMDD
};

struct ClaimInformation {
  std::string patient_control_number;  // CLM01, at most 20 characters
  std::int64_t charge_cents = 0;       // CLM02
  bool has_charge = false;
  std::string place_of_service;      // professional/dental: POS; institutional: facility type code
  std::string frequency_code = "1";  // 1 original, 7 replacement, 8 void
  std::string signature_indicator = "Y";   // CLM06
  std::string plan_participation = "A";    // CLM07 (assignment)
  std::string benefits_assignment = "Y";   // CLM08
  std::string release_information = "Y";   // CLM09
  std::string claim_filing_code = "CI";    // SBR09 of the subscriber
  std::string onset_date;                  // DTP*431 (professional)
  std::string prior_authorization_number;  // REF*G1
  std::string referral_number;             // REF*9F
  std::string payer_claim_control_number;  // REF*F8, for frequency 7 and 8
  std::string clearinghouse_trace_number;  // REF*D9, a clearinghouse trace number
  std::string medical_record_number;       // REF*EA
  std::string note;                        // NTE*ADD
  // CLM10-CLM20.
  std::string patient_signature_source;     // CLM10 (837P)
  std::vector<std::string> related_causes;  // CLM11-1..3: AA auto accident, EM, OA
  std::string auto_accident_state;          // CLM11-4 (837P/D); REF*LU on an 837I
  std::string auto_accident_country;        // CLM11-5
  std::string special_program_code;         // CLM12
  std::string claim_submission_reason_code;  // CLM19 (837D, e.g. PB predetermination)
  std::string delay_reason_code;            // CLM20
  // Orthodontics (837D DN1).
  std::string orthodontic_total_months;      // DN101
  std::string orthodontic_remaining_months;  // DN102
  std::string orthodontic_treatment_indicator;  // DN104 Y
  // Claim dates (DTP).
  std::string initial_treatment_date;    // 454
  std::string last_seen_date;            // 304
  std::string acute_manifestation_date;  // 453
  std::string accident_date;             // 439
  std::string last_menstrual_period_date;  // 484
  std::string last_xray_date;              // 455
  std::string first_contact_date;          // 444 (property and casualty)
  std::string appliance_placement_date;    // 452 (dental)
  std::string service_date;                // 472 at claim level (dental)
  std::string service_date_end;
  std::vector<Attachment> attachments;     // PWK
  std::optional<std::int64_t> patient_amount_paid_cents;  // AMT*F5 (837P/D); AMT*F3 on 837I
  std::string repriced_claim_number;                      // REF*9A
  std::string adjusted_repriced_claim_number;             // REF*9C
  std::string patient_condition_code;         // CR208 (chiropractic)
  std::string patient_condition_description;  // CR210
  Repricing repricing;                        // HCP
  std::vector<Code> diagnoses;             // professional/dental: the first is the principal
  // Institutional.
  std::string statement_begin_date;
  std::string statement_end_date;
  std::string admission_date;  // CCYYMMDD
  std::string admission_hour;  // HHMM, optional
  std::string discharge_hour;  // HHMM, optional
  std::string admission_type;
  std::string admission_source;
  std::string patient_status;
  Code principal_diagnosis;
  Code admitting_diagnosis;
  std::vector<Code> other_diagnoses;
  std::vector<Code> visit_reasons;    // HI*APR/PR, up to 3
  std::vector<Code> external_causes;  // HI*ABN/BN
  Code principal_procedure;
  std::vector<Code> other_procedures;
  std::string drg;
  std::vector<OccurrenceCode> occurrences;
  std::vector<ValueCode> values;
  std::vector<std::string> condition_codes;
  std::vector<OtherPayer> other_payers;
  std::vector<ServiceLine> service_lines;
};

struct Encounter {
  ClaimType type = ClaimType::kProfessional;
  std::string payer_id;    // tradingPartnerServiceId
  std::string payer_name;  // tradingPartnerName
  Submitter submitter;
  Receiver receiver;
  Provider billing;
  std::string payer_id_qualifier = "PI";  // 2010BB NM108: PI payer id, XV CMS plan id
  Address payer_address;                  // 2010BB N3/N4
  std::vector<SecondaryId> payer_secondary_ids;  // 2010BB REF (2U, EI, FY, NF, G2, LU)
  Address pay_to_address;  // 2010AB, when payment goes elsewhere
  Provider service_facility;  // 2310C (837P/837D) or 2310E (837I): where the service was
  Provider referring;
  Provider rendering;
  Provider supervising;
  Provider attending;  // institutional
  Provider operating;  // institutional
  Subscriber subscriber;
  bool has_dependent = false;
  Dependent dependent;
  ClaimInformation claim;
};

// The earliest service date of a claim: the first line's (or the statement begin date for
// institutional claims when set); "" when there is none. The ICD version depends on it.
std::string_view FirstServiceDate(const Encounter& encounter);

// The system a diagnosis is coded in: `code.system`, else the one its qualifier names (ABK/ABF/ABJ
// ICD-10-CM; BK/BF/BJ ICD-9-CM), else the one the date of service calls for.
CodingSystem DiagnosisSystem(const Code& code, std::string_view date_of_service);
// The same for ICD procedure codes (BBR/BBQ ICD-10-PCS; BR/BQ ICD-9-PCS).
CodingSystem ProcedureSystem(const Code& code, std::string_view date_of_service);

// Formats cents as an X12 decimal: "120", "120.5", "0.05", "-3". Appends to `out`.
void AppendAmount(std::int64_t cents, std::string* out);
std::string FormatAmount(std::int64_t cents);

}  // namespace edi::hipaa
