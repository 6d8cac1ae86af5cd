// The edits about codes: diagnoses (ICD version by date of service, billable in the shipped
// set), procedures (CPT/CDT form, HCPCS and ICD-10-PCS in the shipped sets), modifiers, service
// lines, institutional claim codes and other payers. Longer than the usual 400 lines: one table
// of edits per code family reads better than helpers spread over files.
#include <algorithm>

#include "edi/hipaa/edit_checker.hpp"

namespace edi::hipaa::detail {
namespace {

constexpr std::string_view kIcd10Start = "20151001";

std::string Index(std::string_view base, std::size_t i) {
  return std::string(base) + "[" + std::to_string(i) + "]";
}

std::string_view ServiceKey(ClaimType type) {
  switch (type) {
    case ClaimType::kProfessional:
      return "professionalService";
    case ClaimType::kInstitutional:
      return "institutionalService";
    case ClaimType::kDental:
      return "dentalService";
  }
  return "professionalService";
}

bool IsDecimal(std::string_view s) {
  bool digit = false, dot = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digit;
}

bool IsToothCode(std::string_view t) {
  if (IsAllDigits(t) && t.size() <= 2) {
    int n = std::stoi(std::string(t));
    return (n >= 1 && n <= 32) || (n >= 51 && n <= 82);
  }
  if (t.size() == 1) return t[0] >= 'A' && t[0] <= 'T';
  if (t.size() == 2) return t[0] >= 'A' && t[0] <= 'T' && t[1] == 'S';
  return false;
}

bool IsInpatientFacility(std::string_view facility) {
  return facility == "11" || facility == "18" || facility == "21" || facility == "41" ||
         facility == "86";
}

}  // namespace

void EditChecker::Diagnosis(std::string_view base, const Code& code, std::string_view field,
                            bool with_poa) {
  std::string path = std::string(base) + "." + std::string(field);
  if (!Require(path, code.value, "the diagnosis code")) return;
  CodingSystem system = DiagnosisSystem(code, service_date_);
  if (system != CodingSystem::kIcd10Cm && system != CodingSystem::kIcd9Cm) {
    Add(std::string(base) + ".codeSystem", "wrong_code_system",
        "A diagnosis must be coded in ICD-10-CM (ICD-9-CM before 2015-10-01), not " +
            std::string(CodingSystemName(system)) + ".",
        CodingSystemName(system));
    return;
  }
  bool dated = IsRealDate(service_date_);
  if (dated && system == CodingSystem::kIcd9Cm && service_date_ >= kIcd10Start) {
    Add(path, "icd_version_mismatch",
        "ICD-9-CM codes cannot be billed for services on or after 2015-10-01; code this "
        "diagnosis in ICD-10-CM.",
        code.value);
    return;
  }
  if (dated && system == CodingSystem::kIcd10Cm && service_date_ < kIcd10Start) {
    Add(path, "icd_version_mismatch",
        "ICD-10-CM codes cannot be billed for services before 2015-10-01; code this diagnosis "
        "in ICD-9-CM.",
        code.value);
    return;
  }
  bool icd10 = system == CodingSystem::kIcd10Cm;
  InCodeSet(path, code.value, icd10 ? CodeSystem::kIcd10Cm : CodeSystem::kIcd9Cm,
            icd10 ? "this ICD-10-CM diagnosis code" : "this ICD-9-CM diagnosis code");
  if (with_poa) {
    OneOf(std::string(base) + ".presentOnAdmissionIndicator", code.poa, "Y N U W 1",
          "the present-on-admission indicator");
  }
}

void EditChecker::Diagnoses() {
  if (e_.type == ClaimType::kInstitutional) return;
  const auto& dx = e_.claim.diagnoses;
  const std::string base = "claimInformation.healthCareCodeInformation";
  std::size_t max = e_.type == ClaimType::kDental ? 4 : 12;
  if (dx.empty() && e_.type == ClaimType::kProfessional) {
    Add(base, "required", "The claim has no diagnosis codes; a professional claim needs one.");
  }
  if (dx.size() > max) {
    Add(base, "too_many_diagnoses",
        "The claim lists " + std::to_string(dx.size()) + " diagnoses; a " +
            std::string(ClaimTypeName(e_.type)) + " claim carries at most " + std::to_string(max) +
            ".");
  }
  for (std::size_t i = 0; i < dx.size(); ++i) {
    Diagnosis(Index(base, i), dx[i], "diagnosisCode", false);
  }
}

void EditChecker::Procedure(std::string_view base, const ServiceLine& line, std::size_t) {
  const Code& p = line.procedure;
  std::string path = std::string(base) + ".procedureCode";
  if (e_.type == ClaimType::kInstitutional && !p.present()) return;
  if (!Require(path, p.value, "the procedure code")) return;
  CodingSystem system = p.system;
  if (system == CodingSystem::kUnspecified) {
    if (IsCdtForm(p.value)) {
      system = CodingSystem::kCdt;
    } else if (IsHcpcsLevel2Form(p.value)) {
      system = CodingSystem::kHcpcs;
    } else {
      system = e_.type == ClaimType::kDental ? CodingSystem::kCdt : CodingSystem::kCpt;
    }
  }
  bool dental = e_.type == ClaimType::kDental;
  std::string_view want = dental ? "AD" : "HC";
  if (!p.qualifier.empty() && p.qualifier != want) {
    Add(std::string(base) + ".procedureIdentifier", "invalid_code",
        "claimgate bills " +
            std::string(dental ? "CDT codes with AD" : "CPT and HCPCS codes with HC") +
            "; other procedure identifiers are not supported.",
        p.qualifier);
  }
  switch (system) {
    case CodingSystem::kCpt:
      if (dental) break;
      if (!IsCptForm(p.value)) {
        Add(path, "invalid_cpt_form",
            "A CPT code is five characters: four digits then a digit, F or T.", p.value);
      }
      return;
    case CodingSystem::kHcpcs:
      if (dental) break;
      InCodeSet(path, p.value, CodeSystem::kHcpcs, "this HCPCS code");
      return;
    case CodingSystem::kCdt:
      if (!dental) break;
      if (!IsCdtForm(p.value)) {
        Add(path, "invalid_cdt_form", "A CDT code is the letter D followed by four digits.",
            p.value);
      }
      return;
    default:
      break;
  }
  Add(std::string(base) + ".codeSystem", "wrong_code_system",
      std::string("A ") + std::string(ClaimTypeName(e_.type)) + " service line is coded in " +
          (dental ? "CDT" : "CPT or HCPCS") + ", not " + std::string(CodingSystemName(system)) +
          ".",
      CodingSystemName(system));
}

void EditChecker::ServiceLines() {
  const ClaimInformation& c = e_.claim;
  std::size_t dx_count = e_.type == ClaimType::kInstitutional ? 0 : c.diagnoses.size();
  for (std::size_t i = 0; i < c.service_lines.size(); ++i) {
    const ServiceLine& line = c.service_lines[i];
    std::string base = Index("claimInformation.serviceLines", i);
    std::string svc = base + "." + std::string(ServiceKey(e_.type));
    // A dental claim may give one service date for all its lines (2300 DTP*472).
    bool claim_date = e_.type == ClaimType::kDental && !c.service_date.empty();
    if (e_.type != ClaimType::kInstitutional && !claim_date) {
      Require(base + ".serviceDate", line.service_date, "the service date");
    }
    bool from_ok = Date(base + ".serviceDate", line.service_date, "the service date", true);
    bool to_ok =
        Date(base + ".serviceDateEnd", line.service_date_end, "the service end date", true);
    if (from_ok && to_ok && !line.service_date_end.empty() &&
        line.service_date_end < line.service_date) {
      Add(base + ".serviceDateEnd", "date_range_reversed",
          "The service end date is before the service date.", line.service_date_end);
    }
    if (from_ok && !line.service_date.empty() && e_.type == ClaimType::kInstitutional &&
        IsRealDate(c.statement_begin_date) && IsRealDate(c.statement_end_date) &&
        c.statement_begin_date <= c.statement_end_date &&
        (line.service_date < c.statement_begin_date || line.service_date > c.statement_end_date)) {
      Add(base + ".serviceDate", "service_outside_statement_period",
          "The service date is outside the statement period " + c.statement_begin_date + " to " +
              c.statement_end_date + ".",
          line.service_date);
    }
    MaxLength(base + ".providerControlNumber", line.control_number, 50,
              "the line item control number");
    MaxLength(base + ".additionalNotes", line.note, 80, "the line note");
    Procedure(svc, line, i);
    if (line.modifiers.size() > 4) {
      Add(svc + ".procedureModifiers", "too_many_modifiers",
          "A service line carries at most 4 procedure modifiers.");
    }
    for (std::size_t m = 0; m < line.modifiers.size(); ++m) {
      if (!IsModifierForm(line.modifiers[m])) {
        Add(Index(svc + ".procedureModifiers", m), "invalid_modifier",
            "A procedure modifier is two letters or digits.", line.modifiers[m]);
      }
    }
    if (line.charge_cents < 0) {
      Add(svc + ".lineItemChargeAmount", "invalid_amount",
          "A service line charge cannot be negative.");
    }
    std::string_view units_field =
        e_.type == ClaimType::kDental ? ".procedureCount" : ".serviceUnitCount";
    // A dental line without a procedure count (SV306 left out) means one procedure.
    bool no_count = e_.type == ClaimType::kDental && line.units.empty();
    if (!no_count && (!IsDecimal(line.units) || std::all_of(line.units.begin(), line.units.end(),
                                              [](char ch) { return ch == '0' || ch == '.'; }))) {
      Add(svc + std::string(units_field), "invalid_format",
          "The unit count must be a number greater than zero, e.g. 1 or 1.5.", line.units);
    }
    if (e_.type == ClaimType::kProfessional) {
      OneOf(svc + ".measurementUnit", line.unit, "UN MJ", "the unit of measure");
    } else if (e_.type == ClaimType::kInstitutional) {
      OneOf(svc + ".measurementUnit", line.unit, "UN DA F2", "the unit of measure");
      if (Require(svc + ".serviceLineRevenueCode", line.revenue_code, "the revenue code")) {
        InCodeSet(svc + ".serviceLineRevenueCode", line.revenue_code, CodeSystem::kRevenue,
                  "this revenue code");
      }
    }
    if (e_.type != ClaimType::kInstitutional) {
      InCodeSet(svc + ".placeOfServiceCode", line.place_of_service, CodeSystem::kPlaceOfService,
                "the line's place of service");
      std::string pointers = svc + ".compositeDiagnosisCodePointers.diagnosisCodePointers";
      if (line.diagnosis_pointers.empty() && e_.type == ClaimType::kProfessional) {
        Add(pointers, "required",
            "The service line does not point at any diagnosis; give at least one pointer.");
      }
      if (line.diagnosis_pointers.size() > 4) {
        Add(pointers, "too_many", "A service line points at no more than 4 diagnoses.");
      }
      for (std::size_t p = 0; p < line.diagnosis_pointers.size(); ++p) {
        int ptr = line.diagnosis_pointers[p];
        if (ptr < 1 || static_cast<std::size_t>(ptr) > dx_count) {
          Add(Index(pointers, p), "diagnosis_pointer_invalid",
              "Diagnosis pointer " + std::to_string(ptr) +
                  " points at no diagnosis: the claim "
                  "lists " +
                  std::to_string(dx_count) + ".",
              std::to_string(ptr));
        }
      }
    }
    if (e_.type == ClaimType::kDental) {
      for (std::size_t t = 0; t < line.teeth.size(); ++t) {
        std::string tb = Index(base + ".toothInformation", t);
        if (!IsToothCode(line.teeth[t].number)) {
          Add(tb + ".toothCode", "invalid_tooth",
              "A tooth is numbered 1-32 (permanent), A-T (primary) or 51-82 / AS-TS "
              "(supernumerary).",
              line.teeth[t].number);
        }
        if (line.teeth[t].surfaces.size() > 5) {
          Add(tb + ".toothSurface", "too_many", "A tooth carries at most 5 surfaces.");
        }
        for (std::size_t s = 0; s < line.teeth[t].surfaces.size(); ++s) {
          OneOf(Index(tb + ".toothSurface", s) + ".toothSurfaceCode", line.teeth[t].surfaces[s],
                "B D F I L M O", "the tooth surface");
        }
      }
      for (std::size_t a = 0; a < line.oral_cavity_areas.size(); ++a) {
        OneOf(Index(svc + ".oralCavityDesignation", a), line.oral_cavity_areas[a],
              "00 01 02 09 10 20 30 40 L R", "the oral cavity area");
      }
    }
    Provider(base + ".renderingProvider", line.rendering, "the line's rendering provider");
  }
}

void EditChecker::Institutional() {
  const ClaimInformation& c = e_.claim;
  const std::string base = "claimInformation.";
  const std::string dates = base + "claimDateInformation.";
  bool begin_ok = Require(dates + "statementBeginDate", c.statement_begin_date,
                          "the statement period start date") &&
                  Date(dates + "statementBeginDate", c.statement_begin_date,
                       "the statement period start date", true);
  bool end_ok =
      Date(dates + "statementEndDate", c.statement_end_date, "the statement period end date", true);
  if (begin_ok && end_ok && !c.statement_end_date.empty() &&
      c.statement_end_date < c.statement_begin_date) {
    Add(dates + "statementEndDate", "date_range_reversed",
        "The statement period ends before it begins.", c.statement_end_date);
  }
  bool inpatient = IsInpatientFacility(c.place_of_service);
  if (inpatient) {
    Require(dates + "admissionDateAndHour", c.admission_date,
            "the admission date (required on inpatient claims)");
  }
  Date(dates + "admissionDateAndHour", c.admission_date, "the admission date", true);
  const std::string codes = base + "claimCodeInformation.";
  if (Require(codes + "admissionTypeCode", c.admission_type, "the admission type code")) {
    InCodeSet(codes + "admissionTypeCode", c.admission_type, CodeSystem::kAdmissionType,
              "the admission type code");
  }
  if (c.place_of_service != "14" &&
      Require(codes + "admissionSourceCode", c.admission_source, "the admission source code")) {
    InCodeSet(codes + "admissionSourceCode", c.admission_source, CodeSystem::kAdmissionSource,
              "the admission source code");
  }
  if (Require(codes + "patientStatusCode", c.patient_status, "the patient status code")) {
    InCodeSet(codes + "patientStatusCode", c.patient_status, CodeSystem::kDischargeStatus,
              "the patient status code");
  }
  if (!c.principal_diagnosis.present()) {
    Require(base + "principalDiagnosis.principalDiagnosisCode", "", "the principal diagnosis");
  } else {
    Diagnosis(base + "principalDiagnosis", c.principal_diagnosis, "principalDiagnosisCode", true);
  }
  if (c.admitting_diagnosis.present()) {
    Diagnosis(base + "admittingDiagnosis", c.admitting_diagnosis, "admittingDiagnosisCode", false);
  }
  if (c.other_diagnoses.size() > 24) {
    Add(base + "otherDiagnosisInformationList", "too_many_diagnoses",
        "The claim lists " + std::to_string(c.other_diagnoses.size()) +
            " other diagnoses; an institutional claim carries at most 24.");
  }
  for (std::size_t i = 0; i < c.other_diagnoses.size(); ++i) {
    Diagnosis(Index(base + "otherDiagnosisInformationList", i), c.other_diagnoses[i],
              "otherDiagnosisCode", true);
  }
  auto procedure = [&](const std::string& pb, const Code& p, std::string_view code_field,
                       std::string_view date_field) {
    std::string path = pb + "." + std::string(code_field);
    CodingSystem system = ProcedureSystem(p, service_date_);
    if (system != CodingSystem::kIcd10Pcs && system != CodingSystem::kIcd9Pcs) {
      Add(pb + ".codeSystem", "wrong_code_system",
          "An inpatient procedure is coded in ICD-10-PCS, not " +
              std::string(CodingSystemName(system)) + ".",
          CodingSystemName(system));
      return;
    }
    if (IsRealDate(service_date_) &&
        (system == CodingSystem::kIcd9Pcs) == (service_date_ >= kIcd10Start)) {
      Add(path, "icd_version_mismatch",
          system == CodingSystem::kIcd9Pcs
              ? "ICD-9 procedure codes cannot be billed on or after 2015-10-01; use ICD-10-PCS."
              : "ICD-10-PCS codes cannot be billed before 2015-10-01; use ICD-9 procedure codes.",
          p.value);
    } else {
      InCodeSet(path, p.value,
                system == CodingSystem::kIcd10Pcs ? CodeSystem::kIcd10Pcs : CodeSystem::kIcd9Pcs,
                "this procedure code");
    }
    std::string dp = pb + "." + std::string(date_field);
    if (Require(dp, p.date, "the procedure date")) Date(dp, p.date, "the procedure date", true);
  };
  if (c.principal_procedure.present()) {
    procedure(base + "principalProcedureInformation", c.principal_procedure,
              "principalProcedureCode", "principalProcedureDate");
  }
  for (std::size_t i = 0; i < c.other_procedures.size(); ++i) {
    procedure(Index(base + "otherProcedureInformationList", i), c.other_procedures[i],
              "otherProcedureCode", "otherProcedureDate");
  }
  InCodeSet(base + "diagnosisRelatedGroupInformation.drugRelatedGroupCode", c.drg,
            CodeSystem::kMsDrg, "the DRG");
  for (std::size_t i = 0; i < c.condition_codes.size(); ++i) {
    InCodeSet(Index(base + "conditionCodesList", i) + ".conditionCode", c.condition_codes[i],
              CodeSystem::kCondition, "the condition code");
  }
  for (std::size_t i = 0; i < c.occurrences.size(); ++i) {
    std::string ob = Index(base + "occurrenceInformationList", i);
    Require(ob + ".occurrenceCode", c.occurrences[i].code, "the occurrence code");
    if (Require(ob + ".occurrenceDate", c.occurrences[i].date, "the occurrence date")) {
      Date(ob + ".occurrenceDate", c.occurrences[i].date, "the occurrence date", false);
    }
  }
  for (std::size_t i = 0; i < c.values.size(); ++i) {
    Require(Index(base + "valueInformationList", i) + ".valueCode", c.values[i].code,
            "the value code");
  }
}

void EditChecker::OtherPayers() {
  const ClaimInformation& c = e_.claim;
  for (std::size_t i = 0; i < c.other_payers.size(); ++i) {
    const OtherPayer& o = c.other_payers[i];
    std::string base = Index("claimInformation.otherSubscriberInformation", i);
    if (Require(base + ".paymentResponsibilityLevelCode", o.payment_responsibility,
                "the other payer's responsibility level")) {
      OneOf(base + ".paymentResponsibilityLevelCode", o.payment_responsibility,
            "A B C D E F G H P S T U", "the other payer's responsibility level");
      if (o.payment_responsibility == e_.subscriber.payment_responsibility) {
        Add(base + ".paymentResponsibilityLevelCode", "same_responsibility",
            "The other payer has the same responsibility level as the payer billed; a "
            "secondary claim names the primary here.",
            o.payment_responsibility);
      }
    }
    OneOf(base + ".individualRelationshipCode", o.relationship_code, "01 18 19 20 21 39 40 53 G8",
          "the other subscriber's relationship to the patient");
    if (Require(base + ".claimFilingIndicatorCode", o.claim_filing_code,
                "the other payer's claim filing indicator")) {
      OneOf(base + ".claimFilingIndicatorCode", o.claim_filing_code,
            "11 12 13 14 15 16 17 AM BL CH CI DS FI HM LM MA MB MC OF TV VA WC ZZ",
            "the other payer's claim filing indicator");
    }
    Require(base + ".otherSubscriberName.otherInsuredLastName", o.subscriber_last_name,
            "the other subscriber's last name");
    Require(base + ".otherSubscriberName.otherInsuredIdentifier", o.subscriber_id,
            "the other subscriber's member ID");
    Require(base + ".otherPayerName.otherPayerOrganizationName", o.payer_name,
            "the other payer's name");
    Require(base + ".otherPayerName.otherPayerIdentifier", o.payer_id, "the other payer's ID");
    Date(base + ".otherPayerName.otherPayerAdjudicationOrPaymentDate", o.adjudication_date,
         "the other payer's adjudication date", true);
    std::int64_t adjusted = 0;
    for (std::size_t g = 0; g < o.adjustments.size(); ++g) {
      const AdjustmentGroup& group = o.adjustments[g];
      std::string gb = Index(base + ".claimLevelAdjustments", g);
      if (Require(gb + ".adjustmentGroupCode", group.group_code, "the adjustment group code")) {
        InCodeSet(gb + ".adjustmentGroupCode", group.group_code, CodeSystem::kCarcGroup,
                  "the adjustment group code");
      }
      for (std::size_t a = 0; a < group.adjustments.size(); ++a) {
        std::string ab = Index(gb + ".adjustmentDetails", a) + ".adjustmentReasonCode";
        if (Require(ab, group.adjustments[a].reason_code, "the adjustment reason code")) {
          InCodeSet(ab, group.adjustments[a].reason_code, CodeSystem::kCarc,
                    "the adjustment reason code");
        }
        adjusted += group.adjustments[a].amount_cents;
      }
    }
    // COB balancing: what the other payer paid plus what it adjusted is the claim charge.
    if (o.has_paid_amount && c.has_charge && o.paid_cents + adjusted != c.charge_cents) {
      Add(base + ".payerPaidAmount", "cob_unbalanced",
          "The other payer's paid amount " + Money(o.paid_cents) + " plus its adjustments " +
              Money(adjusted) + " do not equal the claim charge " + Money(c.charge_cents) + ".",
          Money(o.paid_cents));
    }
  }
}

}  // namespace edi::hipaa::detail
