// The 2320/2330 other payers and the 2400 lines of all three claim types, with what hangs under a
// line (drug 2410, line providers 2420, line adjudication 2430). Helpers: claim_writer.cpp.
#include <algorithm>
#include <array>

#include "edi/hipaa/claim_writer.hpp"

namespace edi::hipaa::detail {

void ClaimWriter::Adjustments(const std::vector<AdjustmentGroup>& groups) {
  for (const AdjustmentGroup& g : groups) {
    // CAS holds six reason/amount/quantity triplets; a longer group continues in another CAS.
    for (std::size_t i = 0; i < g.adjustments.size(); i += 6) {
      w_.Begin("CAS").Add(g.group_code);
      for (std::size_t j = i; j < std::min(g.adjustments.size(), i + 6); ++j) {
        const Adjustment& a = g.adjustments[j];
        w_.Add(a.reason_code).Add(Amount(a.amount_cents, 6 + (j - i) % 2)).Add(a.quantity);
      }
      w_.End();
    }
  }
}

void ClaimWriter::OtherPayers(const Encounter& e) {
  bool inst = type_ == ClaimType::kInstitutional;
  for (const OtherPayer& o : e.claim.other_payers) {
    w_.Begin("SBR")
        .Add(o.payment_responsibility)
        .Add(o.relationship_code)
        .Add(o.group_number)
        .Add(Text(o.group_name, 0))
        .Add(o.insurance_type_code)
        .Add("")
        .Add("")
        .Add("")
        .Add(o.claim_filing_code)
        .End();
    Adjustments(o.adjustments);
    if (o.has_paid_amount) w_.Write("AMT", {"D", Amount(o.paid_cents, 4)});
    OptionalAmount("A8", o.non_covered_cents);
    OptionalAmount("EAF", o.remaining_patient_liability_cents);
    w_.Write("OI", {"", "", o.benefits_assignment, inst ? "" : o.patient_signature_source, "",
                    o.release_information});
    Person subscriber;
    subscriber.last_name = o.subscriber_last_name;
    subscriber.first_name = o.subscriber_first_name;
    subscriber.middle_name = o.subscriber_middle_name;
    subscriber.suffix = o.subscriber_suffix;
    PersonName("IL", subscriber, "MI", o.subscriber_id);
    WriteAddress(o.subscriber_address);
    w_.Write("NM1", {"PR", "2", Text(o.payer_name, 0), "", "", "", "", "PI", o.payer_id});
    if (!o.adjudication_date.empty()) w_.Write("DTP", {"573", "D8", o.adjudication_date});
    if (!o.claim_control_number.empty()) w_.Write("REF", {"F8", o.claim_control_number});
    OtherPayerProviders(o);
  }
}

void ClaimWriter::ProcedureComposite(std::string_view qualifier, const ServiceLine& line) {
  std::array<std::string_view, 7> proc{qualifier, line.procedure.value};
  for (std::size_t i = 0; i < line.modifiers.size() && i < 4; ++i) proc[2 + i] = line.modifiers[i];
  proc[6] = Text(line.procedure_description, 8);
  w_.AddComposite(proc);
}

void ClaimWriter::Pointers(const ServiceLine& line, std::size_t diagnosis_count) {
  if (line.diagnosis_pointers.empty() || diagnosis_count == 0) {
    w_.Add("");
    return;
  }
  std::array<std::string_view, 4> parts{};
  static constexpr std::string_view kDigits[] = {"0", "1", "2", "3",  "4",  "5", "6",
                                                 "7", "8", "9", "10", "11", "12"};
  std::size_t n = std::min<std::size_t>(line.diagnosis_pointers.size(), 4);
  for (std::size_t i = 0; i < n; ++i) {
    int p = line.diagnosis_pointers[i];
    parts[i] = p >= 0 && p <= 12 ? kDigits[p] : std::string_view("0");
  }
  w_.AddComposite(std::span<const std::string_view>(parts.data(), n));
}

void ClaimWriter::Lx(int n) {
  std::string& lx = scratch_[13];
  lx = std::to_string(n);
  w_.Write("LX", {lx});
}

void ClaimWriter::ProfessionalLine(const Encounter& e, const ServiceLine& line, int n) {
  Lx(n);
  w_.Begin("SV1");
  ProcedureComposite("HC", line);
  w_.Add(Amount(line.charge_cents, 4)).Add(line.unit).Add(line.units);
  w_.Add(line.place_of_service == e.claim.place_of_service ? std::string_view()
                                                           : line.place_of_service);
  w_.Add("");
  Pointers(line, e.claim.diagnoses.size());
  w_.Add("").Add(line.emergency_indicator).Add("").Add(line.epsdt_indicator);
  w_.Add(line.family_planning_indicator).Add("").Add("").Add(line.copay_status_code);
  w_.End();
  Attachments(line.attachments);
  if (line.dme_certification.present()) {
    w_.Write("CR3", {line.dme_certification.type_code,
                     line.dme_certification.duration_months.empty() ? "" : "MO",
                     line.dme_certification.duration_months});
  }
  LineDates(line);
  LineTail(line);
}

void ClaimWriter::LineDates(const ServiceLine& line) {
  ServiceDate("472", line.service_date, line.service_date_end);
  auto date = [&](std::string_view qualifier, const std::string& v) {
    if (!v.empty()) w_.Write("DTP", {qualifier, "D8", v});
  };
  date("471", line.prescription_date);
  date("607", line.certification_revision_date);
  date("463", line.begin_therapy_date);
  date("461", line.last_certification_date);
  for (const TestResult& t : line.test_results) {
    w_.Write("MEA", {t.reference_code, t.qualifier, t.value});
  }
}

void ClaimWriter::Forms(const ServiceLine& line) {
  for (const FormIdentification& f : line.forms) {
    w_.Write("LQ", {f.type_code, f.identifier});
    for (const FormAnswer& a : f.answers) {
      w_.Write("FRM", {a.question_number, a.response_code, Text(a.response_text, 0),
                       a.response_date, a.response_percent});
    }
  }
}

void ClaimWriter::OtherPayerProviders(const OtherPayer& o) {
  auto one = [&](std::string_view entity, const OtherPayerProvider& p) {
    if (!p.present()) return;
    w_.Write("NM1", {entity, p.entity_type});
    SecondaryIds(p.secondary_ids);
  };
  if (type_ == ClaimType::kInstitutional) {
    one("77", o.service_facility);
    one("82", o.rendering);
    one("DN", o.referring);
  } else {
    one("DN", o.referring);
    one("82", o.rendering);
    one("77", o.service_facility);
    one("DQ", o.supervising);
  }
  one("85", o.billing);
}

void ClaimWriter::Drug(const ServiceLine& line) {
  const DrugIdentification& d = line.drug;
  if (!d.present()) return;
  w_.Write("LIN", {"", d.qualifier, d.code});
  w_.Begin("CTP").Add("").Add("").Add("").Add(d.units).AddComposite({d.unit}).End();
  if (!d.reference.empty()) w_.Write("REF", {d.reference_qualifier, d.reference});
}

void ClaimWriter::LineProviders(const ServiceLine& line) {
  switch (type_) {
    case ClaimType::kProfessional:
      ProviderLoop("82", line.rendering, "PE", false, false);
      ProviderLoop("DK", line.ordering, "", true, true);
      ProviderLoop("DN", line.referring, "", false, false);
      break;
    case ClaimType::kInstitutional:
      ProviderLoop("82", line.rendering, "", false, false);
      ProviderLoop("DN", line.referring, "", false, false);
      break;
    case ClaimType::kDental:
      ProviderLoop("82", line.rendering, "PE", false, false);
      break;
  }
}

void ClaimWriter::LineAdjudications(const ServiceLine& line) {
  for (const LineAdjudication& a : line.adjudications) {
    w_.Begin("SVD").Add(a.other_payer_id).Add(Amount(a.paid_cents, 4));
    std::array<std::string_view, 7> proc{a.procedure_qualifier, a.procedure_code};
    for (std::size_t i = 0; i < a.modifiers.size() && i < 4; ++i) proc[2 + i] = a.modifiers[i];
    proc[6] = Text(a.procedure_description, 0);
    if (a.procedure_code.empty()) {
      w_.Add("");
    } else {
      w_.AddComposite(proc);
    }
    w_.Add(a.revenue_code).Add(a.paid_units).Add(a.bundled_line_number).End();
    Adjustments(a.adjustments);
    if (!a.adjudication_date.empty()) w_.Write("DTP", {"573", "D8", a.adjudication_date});
    OptionalAmount("EAF", a.remaining_patient_liability_cents);
  }
}

void ClaimWriter::InstitutionalLine(const ServiceLine& line, int n) {
  Lx(n);
  w_.Begin("SV2").Add(line.revenue_code);
  if (line.procedure.present()) {
    ProcedureComposite("HC", line);
  } else {
    w_.Add("");
  }
  w_.Add(Amount(line.charge_cents, 4)).Add(line.unit).Add(line.units);
  w_.Add(line.unit_rate_cents ? Amount(*line.unit_rate_cents, 5) : std::string_view());
  w_.Add(line.non_covered_cents ? Amount(*line.non_covered_cents, 6) : std::string_view());
  w_.End();
  Attachments(line.attachments);
  LineDates(line);
  LineTail(line);
}

void ClaimWriter::DentalLine(const Encounter& e, const ServiceLine& line, int n) {
  Lx(n);
  w_.Begin("SV3");
  ProcedureComposite("AD", line);
  w_.Add(Amount(line.charge_cents, 4));
  w_.Add(line.place_of_service == e.claim.place_of_service ? std::string_view()
                                                           : line.place_of_service);
  std::array<std::string_view, 5> areas{};
  std::size_t na = std::min<std::size_t>(line.oral_cavity_areas.size(), 5);
  for (std::size_t i = 0; i < na; ++i) areas[i] = line.oral_cavity_areas[i];
  if (na > 0) {
    w_.AddComposite(std::span<const std::string_view>(areas.data(), na));
  } else {
    w_.Add("");
  }
  w_.Add(line.prosthesis_code)
      .Add(line.units);
  w_.Add("").Add("").Add("").Add("");
  Pointers(line, e.claim.diagnoses.size());
  w_.End();
  for (const Tooth& t : line.teeth) {
    w_.Begin("TOO").Add("JP").Add(t.number);
    std::array<std::string_view, 5> s{};
    std::size_t ns = std::min<std::size_t>(t.surfaces.size(), 5);
    for (std::size_t i = 0; i < ns; ++i) s[i] = t.surfaces[i];
    if (ns > 0) w_.AddComposite(std::span<const std::string_view>(s.data(), ns));
    w_.End();
  }
  LineDates(line);
  LineTail(line);
}

void ClaimWriter::LineTail(const ServiceLine& line) {
  if (!line.control_number.empty()) w_.Write("REF", {"6R", line.control_number});
  // 837I has no line note for the provider (its 2400 NTE is for repricers only).
  OptionalAmount("T", line.sales_tax_cents);
  if (!line.note.empty() && type_ != ClaimType::kInstitutional) {
    w_.Write("NTE", {"ADD", Text(line.note, 0)});
  }
  WriteRepricing(line.repricing, true);
  Drug(line);
  LineProviders(line);
  LineAdjudications(line);
  Forms(line);
}

}  // namespace edi::hipaa::detail
