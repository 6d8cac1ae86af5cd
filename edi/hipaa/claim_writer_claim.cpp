// The 2300 loop of all three claim types: the CLM, dates, amounts, references, repricing,
// diagnosis and institutional codes, and the claim's providers. Names, addresses and the other
// helpers every loop uses are in claim_writer.cpp; the 2320/2400 loops in claim_writer_lines.cpp.
#include <algorithm>

#include "edi/hipaa/claim_writer.hpp"

namespace edi::hipaa::detail {
namespace {

constexpr std::size_t kHiPerSegment = 12;  // composites in one HI segment

std::string_view Or(std::string_view a, std::string_view b) { return a.empty() ? b : a; }

// The X12 qualifier of a diagnosis at `role`: principal, admitting or other.
enum class DxRole { kPrincipal, kAdmitting, kOther };
std::string_view DxQualifier(CodingSystem system, DxRole role) {
  bool icd9 = system == CodingSystem::kIcd9Cm;
  switch (role) {
    case DxRole::kPrincipal:
      return icd9 ? "BK" : "ABK";
    case DxRole::kAdmitting:
      return icd9 ? "BJ" : "ABJ";
    case DxRole::kOther:
      return icd9 ? "BF" : "ABF";
  }
  return "ABF";
}

}  // namespace

void ClaimWriter::ClaimSegment(const Encounter& e) {
  const ClaimInformation& c = e.claim;
  std::int64_t charge = c.charge_cents;
  if (!c.has_charge) {
    charge = 0;
    for (const ServiceLine& l : c.service_lines) charge += l.charge_cents;
  }
  bool inst = type_ == ClaimType::kInstitutional;
  w_.Begin("CLM").Add(c.patient_control_number).Add(Amount(charge, 4)).Add("").Add("");
  w_.AddComposite({c.place_of_service, inst ? "A" : "B", c.frequency_code});
  w_.Add(inst ? std::string_view() : std::string_view(c.signature_indicator))
      .Add(c.plan_participation)
      .Add(c.benefits_assignment)
      .Add(c.release_information)
      .Add(inst ? std::string_view() : std::string_view(c.patient_signature_source));
  std::array<std::string_view, 5> causes{};
  for (std::size_t i = 0; i < c.related_causes.size() && i < 3; ++i) causes[i] = c.related_causes[i];
  if (!inst) {
    causes[3] = c.auto_accident_state;
    causes[4] = c.auto_accident_country;
  }
  w_.AddComposite(causes).Add(c.special_program_code);
  if (!c.delay_reason_code.empty() || !c.claim_submission_reason_code.empty()) {
    for (int i = 13; i <= 18; ++i) w_.Add("");
    w_.Add(c.claim_submission_reason_code).Add(c.delay_reason_code);
  }
  w_.End();
}

void ClaimWriter::ClaimDates(const ClaimInformation& c) {
  auto date = [&](std::string_view qualifier, const std::string& v) {
    if (!v.empty()) w_.Write("DTP", {qualifier, "D8", v});
  };
  switch (type_) {
    case ClaimType::kProfessional:
      date("431", c.onset_date);
      date("454", c.initial_treatment_date);
      date("304", c.last_seen_date);
      date("453", c.acute_manifestation_date);
      date("439", c.accident_date);
      date("484", c.last_menstrual_period_date);
      date("455", c.last_xray_date);
      date("444", c.first_contact_date);
      break;
    case ClaimType::kDental:
      date("439", c.accident_date);
      date("452", c.appliance_placement_date);
      ServiceDate("472", c.service_date, c.service_date_end);
      if (!c.orthodontic_total_months.empty() || !c.orthodontic_remaining_months.empty() ||
          !c.orthodontic_treatment_indicator.empty()) {
        w_.Write("DN1", {c.orthodontic_total_months, c.orthodontic_remaining_months, "",
                         c.orthodontic_treatment_indicator});
      }
      break;
    case ClaimType::kInstitutional:
      if (!c.discharge_hour.empty()) w_.Write("DTP", {"096", "TM", c.discharge_hour});
      if (!c.statement_begin_date.empty()) {
        // The statement period is always a range (RD8), even for one day.
        std::string& s = scratch_[15];
        s.assign(c.statement_begin_date).append("-");
        s.append(Or(c.statement_end_date, c.statement_begin_date));
        w_.Write("DTP", {"434", "RD8", s});
      }
      if (!c.admission_date.empty()) {
        if (c.admission_hour.empty()) {
          w_.Write("DTP", {"435", "D8", c.admission_date});
        } else {
          std::string& s = scratch_[14];
          s.assign(c.admission_date).append(c.admission_hour);
          w_.Write("DTP", {"435", "DT", s});
        }
      }
      if (!c.admission_type.empty() || !c.admission_source.empty() || !c.patient_status.empty()) {
        w_.Write("CL1", {c.admission_type, c.admission_source, c.patient_status});
      }
      break;
  }
  Attachments(c.attachments);
  OptionalAmount(type_ == ClaimType::kInstitutional ? "F3" : "F5", c.patient_amount_paid_cents);
}

void ClaimWriter::Attachments(const std::vector<Attachment>& attachments) {
  for (const Attachment& a : attachments) {
    w_.Write("PWK", {a.report_type_code, a.transmission_code, "", "",
                     a.control_number.empty() ? "" : "AC", a.control_number});
  }
}

void ClaimWriter::OptionalAmount(std::string_view qualifier,
                                 const std::optional<std::int64_t>& cents) {
  if (cents) w_.Write("AMT", {qualifier, Amount(*cents, 4)});
}

void ClaimWriter::WriteRepricing(const Repricing& r, bool line) {
  if (!r.present()) return;
  auto amount = [&](const std::optional<std::int64_t>& v, std::size_t slot) {
    return v ? Amount(*v, slot) : std::string_view();
  };
  w_.Begin("HCP")
      .Add(r.pricing_methodology)
      .Add(amount(r.allowed_cents, 16))
      .Add(amount(r.saving_cents, 17))
      .Add(r.organization_id)
      .Add(amount(r.per_diem_cents, 18))
      .Add(r.approved_drg_code)
      .Add(amount(r.approved_drg_cents, 19));
  if (line) {
    w_.Add(r.approved_revenue_code)
        .Add(r.approved_procedure_code.empty() ? "" : "HC")
        .Add(r.approved_procedure_code)
        .Add(r.approved_unit)
        .Add(r.approved_units);
  } else {
    w_.Add("").Add("").Add("").Add("").Add("");
  }
  w_.Add(r.reject_reason_code).Add(r.policy_compliance_code).Add(r.exception_code).End();
}

void ClaimWriter::ClaimReferences(const ClaimInformation& c) {
  auto ref = [&](std::string_view qualifier, const std::string& v) {
    if (!v.empty()) w_.Write("REF", {qualifier, v});
  };
  ref("9F", c.referral_number);
  ref("G1", c.prior_authorization_number);
  ref("F8", c.payer_claim_control_number);
  ref("9A", c.repriced_claim_number);
  ref("9C", c.adjusted_repriced_claim_number);
  ref("D9", c.clearinghouse_trace_number);
  if (type_ == ClaimType::kInstitutional) ref("LU", c.auto_accident_state);
  ref("EA", c.medical_record_number);
  if (!c.note.empty()) w_.Write("NTE", {"ADD", Text(c.note, 0)});
  if (type_ == ClaimType::kProfessional &&
      (!c.patient_condition_code.empty() || !c.patient_condition_description.empty())) {
    w_.Begin("CR2");
    for (int i = 1; i <= 7; ++i) w_.Add("");
    w_.Add(c.patient_condition_code).Add("").Add(Text(c.patient_condition_description, 1)).End();
  }
}

void ClaimWriter::ProfessionalDiagnoses(const Encounter& e, std::size_t max) {
  const auto& dx = e.claim.diagnoses;
  if (dx.empty()) return;
  std::string_view dos = FirstServiceDate(e);
  w_.Begin("HI");
  std::size_t n = std::min(dx.size(), max);
  for (std::size_t i = 0; i < n; ++i) {
    CodingSystem system = DiagnosisSystem(dx[i], dos);
    w_.AddComposite(
        {DxQualifier(system, i == 0 ? DxRole::kPrincipal : DxRole::kOther), Bare(dx[i].value, 0)});
  }
  w_.End();
}

void ClaimWriter::Claim(const Encounter& e) {
  const ClaimInformation& c = e.claim;
  ClaimSegment(e);
  ClaimDates(c);
  ClaimReferences(c);
  switch (type_) {
    case ClaimType::kProfessional:
      ProfessionalDiagnoses(e, 12);
      break;
    case ClaimType::kDental:
      ProfessionalDiagnoses(e, 4);
      break;
    case ClaimType::kInstitutional:
      InstitutionalCodes(e);
      break;
  }
  WriteRepricing(c.repricing, false);
  ClaimProviders(e);
  OtherPayers(e);
  int n = 0;
  for (const ServiceLine& line : c.service_lines) {
    ++n;
    switch (type_) {
      case ClaimType::kProfessional:
        ProfessionalLine(e, line, n);
        break;
      case ClaimType::kInstitutional:
        InstitutionalLine(line, n);
        break;
      case ClaimType::kDental:
        DentalLine(e, line, n);
        break;
    }
  }
}

void ClaimWriter::InstitutionalCodes(const Encounter& e) {
  const ClaimInformation& c = e.claim;
  std::string_view dos = FirstServiceDate(e);
  auto dx = [&](const Code& code, DxRole role) {
    std::string_view q = DxQualifier(DiagnosisSystem(code, dos), role);
    w_.AddComposite({q, Bare(code.value, 0), "", "", "", "", "", "", code.poa});
  };
  if (c.principal_diagnosis.present()) {
    w_.Begin("HI");
    dx(c.principal_diagnosis, DxRole::kPrincipal);
    w_.End();
  }
  if (c.admitting_diagnosis.present()) {
    w_.Begin("HI");
    std::string_view q =
        DxQualifier(DiagnosisSystem(c.admitting_diagnosis, dos), DxRole::kAdmitting);
    w_.AddComposite({q, Bare(c.admitting_diagnosis.value, 0)});
    w_.End();
  }
  auto coded = [&](const std::vector<Code>& codes, std::string_view icd10, std::string_view icd9) {
    if (codes.empty()) return;
    w_.Begin("HI");
    for (const Code& code : codes) {
      bool icd9_code = DiagnosisSystem(code, dos) == CodingSystem::kIcd9Cm;
      w_.AddComposite({icd9_code ? icd9 : icd10, Bare(code.value, 0)});
    }
    w_.End();
  };
  coded(c.visit_reasons, "APR", "PR");
  coded(c.external_causes, "ABN", "BN");
  if (!c.drg.empty()) w_.Begin("HI").AddComposite({"DR", c.drg}).End();
  // Repeating code lists: 12 composites per HI segment.
  auto chunks = [&](std::size_t count, auto&& one) {
    for (std::size_t i = 0; i < count; i += kHiPerSegment) {
      w_.Begin("HI");
      for (std::size_t j = i; j < std::min(count, i + kHiPerSegment); ++j) one(j);
      w_.End();
    }
  };
  chunks(c.other_diagnoses.size(),
         [&](std::size_t j) { dx(c.other_diagnoses[j], DxRole::kOther); });
  auto procedure = [&](const Code& p, bool principal) {
    bool icd9 = ProcedureSystem(p, dos) == CodingSystem::kIcd9Pcs;
    std::string_view q = principal ? (icd9 ? "BR" : "BBR") : (icd9 ? "BQ" : "BBQ");
    w_.AddComposite({q, Bare(p.value, 1), p.date.empty() ? "" : "D8", p.date});
  };
  if (c.principal_procedure.present()) {
    w_.Begin("HI");
    procedure(c.principal_procedure, true);
    w_.End();
  }
  chunks(c.other_procedures.size(),
         [&](std::size_t j) { procedure(c.other_procedures[j], false); });
  chunks(c.occurrences.size(), [&](std::size_t j) {
    w_.AddComposite({"BH", c.occurrences[j].code, "D8", c.occurrences[j].date});
  });
  chunks(c.values.size(), [&](std::size_t j) {
    w_.AddComposite({"BE", c.values[j].code, "", "", Amount(c.values[j].amount_cents, 5)});
  });
  chunks(c.condition_codes.size(), [&](std::size_t j) {
    w_.AddComposite({"BG", c.condition_codes[j]});
  });
}

void ClaimWriter::ClaimProviders(const Encounter& e) {
  if (type_ == ClaimType::kInstitutional) {
    ProviderLoop("71", e.attending, "AT", false, false);
    ProviderLoop("72", e.operating, "", false, false);
    ProviderLoop("82", e.rendering, "", false, false);
    ProviderLoop("77", e.service_facility, "", true, false);
    ProviderLoop("DN", e.referring, "", false, false);
    return;
  }
  // 837P and 837D: referring (2310A), rendering (2310B), service facility, supervising.
  ProviderLoop("DN", e.referring, "", false, false);
  ProviderLoop("82", e.rendering, "PE", false, false);
  ProviderLoop("77", e.service_facility, "", true, type_ == ClaimType::kProfessional);
  ProviderLoop("DQ", e.supervising, "", false, false);
}

}  // namespace edi::hipaa::detail
