// The 837 -> Encounter mapping of the line loops: 2400 (SV1/SV2/SV3, dates, references,
// repricing), 2410 drug, 2420 line providers, 2430 line adjudication. Inverse of
// claim_writer_lines.cpp.
#include "edi/hipaa/claim_reader.hpp"
#include "edi/hipaa/claim_reader_internal.hpp"

namespace edi::hipaa {

using reader::DateRange;
using reader::HasFrom;
using reader::HasIn;
using reader::OptionalCents;
using reader::ReadProvider;
using reader::Str;
using reader::ToCents;

void ClaimReader::LineLoop(const Segment& s, const std::string& loop) {
  State& st = *state_;
  if (!st.claim) return Unsupported(s, Str(s.id()), loop);
  ClaimInformation& c = st.claim->claim;
  std::string_view id = s.id();
  std::string_view q = s.element(1);
  if (id == "LX") {
    c.service_lines.emplace_back();
    st.provider = nullptr;
    // The builder numbers lines 1, 2, ... in each claim.
    if (s.element(1) != std::to_string(c.service_lines.size())) {
      Unsupported(s, "LX (numbering other than 1, 2, ... per claim)", loop);
    }
    return;
  }
  if (c.service_lines.empty()) return Unsupported(s, Str(id), loop);
  ServiceLine& l = c.service_lines.back();
  auto procedure = [&](std::size_t element, std::string_view qualifier) {
    Element p = s.element_at(element);
    l.procedure.value = Str(p.component(2));
    for (std::size_t m = 3; m <= 6; ++m) {
      if (!p.component(m).empty()) l.modifiers.push_back(Str(p.component(m)));
    }
    l.procedure_description = Str(p.component(7));
    return p.component(1) == qualifier && p.component_count() <= 7;
  };
  auto pointers = [&](std::size_t element) {
    Element p = s.element_at(element);
    for (std::size_t k = 1; k <= p.component_count(); ++k) {
      std::string_view v = p.component(k);
      if (v.empty()) continue;
      int n = 0;
      for (char ch : v.substr(0, 2)) n = ch >= '0' && ch <= '9' ? n * 10 + (ch - '0') : 0;
      l.diagnosis_pointers.push_back(n);
    }
  };
  if (loop == "2400") {
    if (id == "SV1" && st.type == ClaimType::kProfessional) {
      bool ok = procedure(1, "HC");
      l.charge_cents = ToCents(s.element(2));
      l.unit = Str(s.element(3));
      l.units = Str(s.element(4));
      l.place_of_service = Str(s.element(5));
      pointers(7);
      if (!l.place_of_service.empty() && l.place_of_service == c.place_of_service) {
        // The guide sends SV105 only when it differs from CLM05-1; the builder follows it.
        Unsupported(s, "SV1-05 equal to the claim's place of service", loop);
      }
      l.emergency_indicator = Str(s.element(9));
      l.epsdt_indicator = Str(s.element(11));
      l.family_planning_indicator = Str(s.element(12));
      l.copay_status_code = Str(s.element(15));
      bool extra = !s.element(6).empty() || !s.element(8).empty() || !s.element(10).empty() ||
                   HasIn(s, 13, 14) || HasFrom(s, 16);
      if (ok && !extra) return;
      return Unsupported(s, "SV1 elements beyond the model", loop);
    }
    if (id == "SV2" && st.type == ClaimType::kInstitutional) {
      l.revenue_code = Str(s.element(1));
      bool ok = s.element(2).empty() || procedure(2, "HC");
      l.charge_cents = ToCents(s.element(3));
      l.unit = Str(s.element(4));
      l.units = Str(s.element(5));
      l.unit_rate_cents = OptionalCents(s.element(6));
      l.non_covered_cents = OptionalCents(s.element(7));
      if (ok && !HasFrom(s, 8)) return;
      return Unsupported(s, "SV2 elements beyond the model", loop);
    }
    if (id == "SV3" && st.type == ClaimType::kDental) {
      bool ok = procedure(1, "AD");
      l.charge_cents = ToCents(s.element(2));
      l.place_of_service = Str(s.element(3));
      Element areas = s.element_at(4);
      for (std::size_t k = 1; !areas.empty() && k <= areas.component_count(); ++k) {
        l.oral_cavity_areas.push_back(Str(areas.component(k)));
      }
      l.units = Str(s.element(6));
      pointers(11);
      l.prosthesis_code = Str(s.element(5));
      bool extra = HasFrom(s, 12);
      for (std::size_t k = 7; k <= 10; ++k) extra = extra || !s.element(k).empty();
      if (!l.place_of_service.empty() && l.place_of_service == c.place_of_service) {
        Unsupported(s, "SV3-03 equal to the claim's place of service", loop);
      }
      if (ok && !extra) return;
      return Unsupported(s, "SV3 elements beyond the model", loop);
    }
    if (id == "TOO" && st.type == ClaimType::kDental && q == "JP") {
      Tooth& t = l.teeth.emplace_back();
      t.number = Str(s.element(2));
      Element surfaces = s.element_at(3);
      for (std::size_t k = 1; !surfaces.empty() && k <= surfaces.component_count(); ++k) {
        t.surfaces.push_back(Str(surfaces.component(k)));
      }
      return;
    }
    if (id == "DTP" && q == "472") {
      DateRange(s, &l.service_date, &l.service_date_end);
      if (s.element(2) == "D8" || !l.service_date_end.empty()) return;
    }
    if (LineSegment(s, l)) return;
  } else if (LineChild(s, loop, l)) {
    return;
  }
  Unsupported(s, reader::Describe(s), loop);
}

bool ClaimReader::LineSegment(const Segment& s, ServiceLine& l) {
  State& st = *state_;
  std::string_view id = s.id();
  std::string_view q = s.element(1);
  bool prof = st.type == ClaimType::kProfessional;
  if (id == "REF" && q == "6R" && l.control_number.empty() && !HasFrom(s, 3)) {
    l.control_number = Str(s.element(2));
    return true;
  }
  if (id == "NTE" && q == "ADD" && st.type != ClaimType::kInstitutional && l.note.empty()) {
    l.note = Str(s.element(2));
    return true;
  }
  if (id == "PWK") return reader::ReadAttachment(s, &l.attachments);
  if (id == "CR3" && prof && !l.dme_certification.present()) {
    l.dme_certification.type_code = Str(s.element(1));
    l.dme_certification.duration_months = Str(s.element(3));
    bool unit_ok = l.dme_certification.duration_months.empty() ? s.element(2).empty()
                                                               : s.element(2) == "MO";
    return unit_ok && !HasFrom(s, 4);
  }
  if (id == "DTP" && prof && s.element(2) == "D8" && !HasFrom(s, 4)) {
    std::string* date = q == "471"   ? &l.prescription_date
                        : q == "607" ? &l.certification_revision_date
                        : q == "463" ? &l.begin_therapy_date
                        : q == "461" ? &l.last_certification_date
                                     : nullptr;
    if (date != nullptr && date->empty()) {
      *date = Str(s.element(3));
      return true;
    }
    return false;
  }
  if (id == "MEA" && prof) {
    l.test_results.push_back({Str(q), Str(s.element(2)), Str(s.element(3))});
    return !HasFrom(s, 4);
  }
  if (id == "AMT" && q == "T" && !l.sales_tax_cents && !HasFrom(s, 3)) {
    l.sales_tax_cents = ToCents(s.element(2));
    return true;
  }
  if (id == "HCP" && !l.repricing.present()) return reader::ReadRepricing(s, true, &l.repricing);
  return false;
}

bool ClaimReader::LineChild(const Segment& s, const std::string& loop, ServiceLine& l) {
  State& st = *state_;
  std::string_view id = s.id();
  std::string_view q = s.element(1);
  bool prof = st.type == ClaimType::kProfessional;
  bool inst = st.type == ClaimType::kInstitutional;
  if (loop == "2410") {
    DrugIdentification& d = l.drug;
    if (id == "LIN" && !d.present()) {
      d.qualifier = Str(s.element(2));
      d.code = Str(s.element(3));
      return s.element(1).empty() && !HasFrom(s, 4);
    }
    if (id == "CTP" && d.units.empty()) {
      d.units = Str(s.element(4));
      d.unit = Str(s.component(5, 1));
      return !HasIn(s, 1, 3) && s.element_at(5).component_count() <= 1 && !HasFrom(s, 6);
    }
    if (id == "REF" && d.reference.empty()) {
      d.reference_qualifier = Str(q);
      d.reference = Str(s.element(2));
      return !HasFrom(s, 3);
    }
    return false;
  }
  if (reader::StartsWith(loop, "242")) {
    if (id == "NM1") {
      Provider* p = q == "82"          ? &l.rendering
                    : q == "DK" && prof ? &l.ordering
                    : q == "DN" && !st.claim->claim.service_lines.empty() &&
                            st.type != ClaimType::kDental
                        ? &l.referring
                        : nullptr;
      if (p != nullptr && p->present()) p = nullptr;
      st.provider = p;
      st.provider_prv = q == "82" && !inst;
      st.provider_address = q == "DK";
      st.provider_contact = q == "DK";
      return p != nullptr && ReadProvider(s, p) && !HasFrom(s, 10);
    }
    return ProviderDetail(s);
  }
  if (loop == "2440" && prof) {
    if (id == "LQ") {
      l.forms.push_back({Str(q), Str(s.element(2)), {}});
      return !HasFrom(s, 3);
    }
    if (id == "FRM" && !l.forms.empty()) {
      l.forms.back().answers.push_back({Str(q), Str(s.element(2)), Str(s.element(3)),
                                        Str(s.element(4)), Str(s.element(5))});
      return !HasFrom(s, 6);
    }
    return false;
  }
  if (loop == "2430") {
    if (id == "SVD") {
      LineAdjudication& a = l.adjudications.emplace_back();
      a.other_payer_id = Str(s.element(1));
      a.paid_cents = ToCents(s.element(2));
      Element p = s.element_at(3);
      a.procedure_qualifier = Str(p.component(1));
      a.procedure_code = Str(p.component(2));
      for (std::size_t m = 3; m <= 6; ++m) {
        if (!p.component(m).empty()) a.modifiers.push_back(Str(p.component(m)));
      }
      a.procedure_description = Str(p.component(7));
      a.revenue_code = Str(s.element(4));
      a.paid_units = Str(s.element(5));
      a.bundled_line_number = Str(s.element(6));
      bool modifiers_packed = true;
      for (std::size_t m = 3; m < 3 + a.modifiers.size(); ++m) {
        modifiers_packed &= !p.component(m).empty();
      }
      return modifiers_packed && p.component_count() <= 7 && !HasFrom(s, 7) &&
             (a.procedure_code.empty() ? a.procedure_qualifier.empty() : true);
    }
    if (l.adjudications.empty()) return false;
    LineAdjudication& a = l.adjudications.back();
    if (id == "CAS") {
      reader::ReadAdjustment(s, &a.adjustments);
      return true;
    }
    if (id == "DTP" && q == "573" && a.adjudication_date.empty()) {
      a.adjudication_date = Str(s.element(3));
      return s.element(2) == "D8" && !HasFrom(s, 4);
    }
    if (id == "AMT" && q == "EAF" && !a.remaining_patient_liability_cents) {
      a.remaining_patient_liability_cents = ToCents(s.element(2));
      return !HasFrom(s, 3);
    }
  }
  return false;
}


}  // namespace edi::hipaa
