// The 2300/2400 loops of all three claim types in one place (longer than the usual 400 lines):
// they share most segments, and one file keeps the per-type differences side by side.
#include "edi/hipaa/claim_writer.hpp"

#include <algorithm>

#include "edi/delimiters.hpp"

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

std::string_view ClaimWriter::Text(std::string_view v, std::size_t slot) {
  const Delimiters& d = w_.delimiters();
  bool clean = std::all_of(v.begin(), v.end(), [&](char c) {
    return IsExtendedChar(c) && c != d.element && c != d.component && c != d.segment() &&
           !(d.has_repetition && c == d.repetition);
  });
  if (clean) return v;
  std::string& s = scratch_[slot];
  s.assign(v);
  for (char& c : s) {
    if (!IsExtendedChar(c) || c == d.element || c == d.component || c == d.segment() ||
        (d.has_repetition && c == d.repetition)) {
      c = ' ';
    }
  }
  // A replaced character at either end would leave padding the receiver may keep.
  std::size_t first = s.find_first_not_of(' ');
  s.erase(0, first == std::string::npos ? s.size() : first);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string_view ClaimWriter::Amount(std::int64_t cents, std::size_t slot) {
  std::string& s = scratch_[slot];
  s.clear();
  AppendAmount(cents, &s);
  return s;
}

std::string_view ClaimWriter::Bare(std::string_view code, std::size_t slot) {
  if (code.find('.') == std::string_view::npos &&
      std::none_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    return code;
  }
  std::string& s = scratch_[slot];
  s.clear();
  for (char c : code) {
    if (c == '.') continue;
    s.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return s;
}

void ClaimWriter::ProviderName(std::string_view entity, const Provider& p) {
  w_.Begin("NM1").Add(entity);
  if (p.is_organization()) {
    w_.Add("2").Add(Text(p.organization_name, 0)).Add("").Add("").Add("").Add("");
  } else {
    w_.Add("1")
        .Add(Text(p.last_name, 0))
        .Add(Text(p.first_name, 1))
        .Add(Text(p.middle_name, 2))
        .Add("")
        .Add(Text(p.suffix, 3));
  }
  if (!p.npi.empty()) {
    w_.Add("XX").Add(p.npi);
  }
  w_.End();
}

void ClaimWriter::PersonName(std::string_view entity, const Person& p,
                             std::string_view id_qualifier, std::string_view id) {
  w_.Begin("NM1")
      .Add(entity)
      .Add("1")
      .Add(Text(p.last_name, 0))
      .Add(Text(p.first_name, 1))
      .Add(Text(p.middle_name, 2))
      .Add("")
      .Add(Text(p.suffix, 3));
  if (!id.empty()) w_.Add(id_qualifier).Add(id);
  w_.End();
}

void ClaimWriter::WriteAddress(const Address& a) {
  if (a.empty()) return;
  w_.Write("N3", {Text(a.address1, 0), Text(a.address2, 1)});
  w_.Write("N4", {Text(a.city, 0), a.state, a.postal_code});
}

void ClaimWriter::Demographics(const Person& p) {
  if (p.date_of_birth.empty()) return;
  w_.Write("DMG", {"D8", p.date_of_birth, p.gender});
}

void ClaimWriter::Specialty(std::string_view code, const Provider& p) {
  if (p.taxonomy_code.empty()) return;
  w_.Write("PRV", {code, "PXC", p.taxonomy_code});
}

void ClaimWriter::ServiceDate(std::string_view qualifier, std::string_view from,
                              std::string_view to) {
  if (from.empty()) return;
  if (to.empty() || to == from) {
    w_.Write("DTP", {qualifier, "D8", from});
    return;
  }
  std::string& s = scratch_[15];
  s.assign(from).append("-").append(to);
  w_.Write("DTP", {qualifier, "RD8", s});
}

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
      .End();
}

void ClaimWriter::ClaimReferences(const ClaimInformation& c) {
  if (!c.referral_number.empty()) w_.Write("REF", {"9F", c.referral_number});
  if (!c.prior_authorization_number.empty()) w_.Write("REF", {"G1", c.prior_authorization_number});
  if (!c.payer_claim_control_number.empty()) {
    w_.Write("REF", {"F8", c.payer_claim_control_number});
  }
  if (!c.clearinghouse_trace_number.empty()) {
    w_.Write("REF", {"D9", c.clearinghouse_trace_number});
  }
  if (!c.medical_record_number.empty()) w_.Write("REF", {"EA", c.medical_record_number});
  if (!c.note.empty()) w_.Write("NTE", {"ADD", Text(c.note, 0)});
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
  switch (type_) {
    case ClaimType::kProfessional:
      if (!c.onset_date.empty()) w_.Write("DTP", {"431", "D8", c.onset_date});
      ClaimReferences(c);
      ProfessionalDiagnoses(e, 12);
      break;
    case ClaimType::kDental:
      ClaimReferences(c);
      ProfessionalDiagnoses(e, 4);
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
      ClaimReferences(c);
      InstitutionalCodes(e);
      break;
  }
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
    if (e.attending.present()) {
      ProviderName("71", e.attending);
      Specialty("AT", e.attending);
    }
    if (e.operating.present()) ProviderName("72", e.operating);
    if (e.rendering.present()) ProviderName("82", e.rendering);
    if (e.referring.present()) ProviderName("DN", e.referring);
    return;
  }
  // 837P and 837D: referring (2310A), rendering (2310B), supervising.
  if (e.referring.present()) ProviderName("DN", e.referring);
  if (e.rendering.present()) {
    ProviderName("82", e.rendering);
    Specialty("PE", e.rendering);
  }
  if (e.supervising.present()) ProviderName("DQ", e.supervising);
}

void ClaimWriter::OtherPayers(const Encounter& e) {
  for (const OtherPayer& o : e.claim.other_payers) {
    w_.Begin("SBR")
        .Add(o.payment_responsibility)
        .Add(o.relationship_code)
        .Add(o.group_number)
        .Add("")
        .Add("")
        .Add("")
        .Add("")
        .Add("")
        .Add(o.claim_filing_code)
        .End();
    for (const AdjustmentGroup& g : o.adjustments) {
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
    if (o.has_paid_amount) w_.Write("AMT", {"D", Amount(o.paid_cents, 4)});
    if (type_ == ClaimType::kInstitutional) {
      w_.Write("OI", {"", "", o.benefits_assignment, "", "", o.release_information});
    } else {
      w_.Write("OI", {"", "", o.benefits_assignment, "P", "", o.release_information});
    }
    Person subscriber;
    subscriber.last_name = o.subscriber_last_name;
    subscriber.first_name = o.subscriber_first_name;
    PersonName("IL", subscriber, "MI", o.subscriber_id);
    w_.Write("NM1", {"PR", "2", Text(o.payer_name, 0), "", "", "", "", "PI", o.payer_id});
    if (!o.adjudication_date.empty()) w_.Write("DTP", {"573", "D8", o.adjudication_date});
    if (!o.claim_control_number.empty()) w_.Write("REF", {"F8", o.claim_control_number});
  }
}

void ClaimWriter::ProcedureComposite(std::string_view qualifier, const ServiceLine& line) {
  std::array<std::string_view, 6> proc{qualifier, line.procedure.value};
  for (std::size_t i = 0; i < line.modifiers.size() && i < 4; ++i) proc[2 + i] = line.modifiers[i];
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
  w_.End();
  ServiceDate("472", line.service_date, line.service_date_end);
  LineTail(line);
  if (line.rendering.present()) {
    ProviderName("82", line.rendering);
    Specialty("PE", line.rendering);
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
  w_.Add(Amount(line.charge_cents, 4)).Add(line.unit).Add(line.units).End();
  ServiceDate("472", line.service_date, line.service_date_end);
  LineTail(line);
  if (line.rendering.present()) ProviderName("82", line.rendering);
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
  w_.Add("").Add(line.units == "1" ? std::string_view() : std::string_view(line.units));
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
  ServiceDate("472", line.service_date, line.service_date_end);
  LineTail(line);
  if (line.rendering.present()) {
    ProviderName("82", line.rendering);
    Specialty("PE", line.rendering);
  }
}

void ClaimWriter::LineTail(const ServiceLine& line) {
  if (!line.control_number.empty()) w_.Write("REF", {"6R", line.control_number});
  // 837I has no line note for the provider (its 2400 NTE is for repricers only).
  if (!line.note.empty() && type_ != ClaimType::kInstitutional) {
    w_.Write("NTE", {"ADD", Text(line.note, 0)});
  }
}

}  // namespace edi::hipaa::detail
