// Parts of the typed encounter (encounter.hpp) that hang off a claim, a line or an other payer:
// secondary ids, attachments, repricing, adjustments, line adjudication, drug, DME, test results
// and forms. Plain values like the rest of the model; not thread-safe to mutate.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edi::hipaa {

struct Adjustment {
  std::string reason_code;  // CARC
  std::int64_t amount_cents = 0;
  std::string quantity;  // optional
};

struct AdjustmentGroup {
  std::string group_code;  // CO, CR, OA, PI, PR
  std::vector<Adjustment> adjustments;
};

// A secondary identifier (REF) of a provider, a service facility or a payer: qualifier G2
// commercial number, 1G UPIN, 0B state license, LU location number, 2U payer id ...
struct SecondaryId {
  std::string qualifier;
  std::string identifier;
};

// An attachment sent apart from the claim (PWK): report type (e.g. OZ, RB), transmission code
// (AA available on request, BM by mail, EL electronically, FX by fax ...) and control number.
struct Attachment {
  std::string report_type_code;
  std::string transmission_code;
  std::string control_number;  // PWK06, with qualifier AC
};

// Repricing by a third party (HCP), claim or line. Amounts are optional.
struct Repricing {
  std::string pricing_methodology;                   // HCP01
  std::optional<std::int64_t> allowed_cents;         // HCP02
  std::optional<std::int64_t> saving_cents;          // HCP03
  std::string organization_id;                       // HCP04
  std::optional<std::int64_t> per_diem_cents;        // HCP05
  std::string approved_drg_code;                     // HCP06
  std::optional<std::int64_t> approved_drg_cents;    // HCP07
  std::string approved_revenue_code;                 // HCP08 (837I lines)
  std::string approved_procedure_code;               // HCP10, with HCP09 HC (lines)
  std::string approved_unit;                         // HCP11
  std::string approved_units;                        // HCP12
  std::string reject_reason_code;                    // HCP13
  std::string policy_compliance_code;                // HCP14
  std::string exception_code;                        // HCP15
  bool present() const { return !pricing_methodology.empty(); }
};

// A provider as an earlier payer knows it (2330C-G): NM102 and that payer's ids for it.
struct OtherPayerProvider {
  std::string entity_type;  // NM102: 1 person, 2 organization; empty: loop not sent
  std::vector<SecondaryId> secondary_ids;
  bool present() const { return !entity_type.empty(); }
};

// What an earlier payer did with one line (2430: SVD, CAS, DTP*573, AMT*EAF).
struct LineAdjudication {
  std::string other_payer_id;  // SVD01: the 2330B payer id
  std::int64_t paid_cents = 0;  // SVD02
  std::string procedure_qualifier = "HC";  // SVD03-1
  std::string procedure_code;
  std::vector<std::string> modifiers;
  std::string procedure_description;  // SVD03-7
  std::string revenue_code;          // SVD04
  std::string paid_units;            // SVD05
  std::string bundled_line_number;   // SVD06
  std::vector<AdjustmentGroup> adjustments;
  std::string adjudication_date;  // DTP*573
  std::optional<std::int64_t> remaining_patient_liability_cents;  // AMT*EAF
};

// A drug given on a line (2410: LIN, CTP, REF).
struct DrugIdentification {
  std::string qualifier = "N4";  // LIN02: N4 NDC 5-4-2, EN, EO, HIBC ...
  std::string code;              // LIN03
  std::string units;             // CTP04
  std::string unit;              // CTP05-1: F2, GR, ME, ML, UN
  std::string reference_qualifier;  // REF01: XZ prescription number, VY link sequence
  std::string reference;            // REF02
  bool present() const { return !code.empty(); }
};

// Durable medical equipment certification (CR3).
struct DmeCertification {
  std::string type_code;        // CR301: I initial, R renewal, S revised
  std::string duration_months;  // CR303 (CR302 MO)
  bool present() const { return !type_code.empty(); }
};

// A test result (MEA): reference OG original / TR test results, qualifier HT height, R1 R2 R3 R4
// hemoglobin, hematocrit, epoetin, creatinine ...
struct TestResult {
  std::string reference_code;  // MEA01
  std::string qualifier;       // MEA02
  std::string value;           // MEA03
};

// One answer on a certificate of medical necessity form (FRM).
struct FormAnswer {
  std::string question_number;  // FRM01
  std::string response_code;    // FRM02: Y, N, W
  std::string response_text;    // FRM03
  std::string response_date;    // FRM04 CCYYMMDD
  std::string response_percent;  // FRM05
};

// A supporting documentation form (2440: LQ and its FRM answers).
struct FormIdentification {
  std::string type_code;   // LQ01: AS, UT
  std::string identifier;  // LQ02, e.g. 04.03 (CMS form number)
  std::vector<FormAnswer> answers;
};

}  // namespace edi::hipaa
