// The 837 -> Encounter mapping of the claim loops: 2300 (CLM, dates, references, codes,
// repricing), 2310 providers and the 2320/2330 other payers. Inverse of claim_writer*.cpp.
#include "edi/hipaa/claim_reader.hpp"
#include "edi/hipaa/claim_reader_internal.hpp"

namespace edi::hipaa {

using reader::DateRange;
using reader::HasFrom;
using reader::HasIn;
using reader::OptionalCents;
using reader::ReadAddressPart;
using reader::ReadContact;
using reader::ReadProvider;
using reader::Str;
using reader::ToCents;

void ClaimReader::ClaimHeader(const Segment& s, const std::string& loop) {
  State& st = *state_;
  Emit();
  Encounter& e = st.claim.emplace();
  e.type = st.type;
  e.payer_id = st.payer_id;
  e.payer_name = st.payer_name;
  e.payer_id_qualifier = st.payer_id_qualifier;
  e.payer_address = st.payer_address;
  e.payer_secondary_ids = st.payer_secondary_ids;
  e.submitter = st.submitter;
  e.receiver = st.receiver;
  e.billing = st.billing;
  e.pay_to_address = st.pay_to;
  e.subscriber = st.subscriber;
  e.has_dependent = st.has_dependent;
  if (st.has_dependent) e.dependent = st.dependent;
  bool inst = st.type == ClaimType::kInstitutional;
  ClaimInformation& c = e.claim;
  c.claim_filing_code = st.claim_filing_code;
  c.patient_control_number = Str(s.element(1));
  c.has_charge = true;
  c.charge_cents = ToCents(s.element(2));
  c.place_of_service = Str(s.component(5, 1));
  c.frequency_code = Str(s.component(5, 3));
  if (!inst) c.signature_indicator = Str(s.element(6));
  c.plan_participation = Str(s.element(7));
  c.benefits_assignment = Str(s.element(8));
  c.release_information = Str(s.element(9));
  if (!inst) c.patient_signature_source = Str(s.element(10));
  Element causes = s.element_at(11);
  for (std::size_t k = 1; k <= 3 && !causes.empty(); ++k) {
    if (!causes.component(k).empty()) c.related_causes.push_back(Str(causes.component(k)));
  }
  if (!inst) {
    c.auto_accident_state = Str(causes.component(4));
    c.auto_accident_country = Str(causes.component(5));
  }
  c.special_program_code = Str(s.element(12));
  c.delay_reason_code = Str(s.element(20));
  if (st.type == ClaimType::kDental) c.claim_submission_reason_code = Str(s.element(19));
  bool gaps = false;  // causes written 1, 2, 3 without holes
  for (std::size_t k = 1; k <= c.related_causes.size(); ++k) gaps |= causes.component(k).empty();
  if (!s.element(3).empty() || !s.element(4).empty() || HasIn(s, 13, 18) ||
      (st.type != ClaimType::kDental && !s.element(19).empty()) || HasFrom(s, 21) ||
      gaps || (inst && (!s.element(10).empty() || HasIn(s, 4, 4))) ||
      (inst && !causes.component(4).empty()) || causes.component_count() > 5) {
    Unsupported(s, "CLM03-04/CLM10+", loop);
  }
  // The builder writes HL04 1 and no SBR02 exactly when the patient is a dependent (2000C).
  if (st.has_dependent ? !st.sbr02.empty() : (st.sbr02 != "18" || st.hl04 != "0")) {
    Unsupported(s, "HL04/SBR02 of the subscriber (patient relationship)", "2000B");
  }
  if (inst && !s.element(6).empty()) Unsupported(s, "CLM06 on an 837I", loop);
  if (s.component(5, 2) != (inst ? "A" : "B")) {
    Unsupported(s, "CLM05-2 (other facility code qualifier)", loop);
  }
}

bool ClaimReader::ClaimSegment(const Segment& s, const std::string& loop) {
  State& st = *state_;
  ClaimInformation& c = st.claim->claim;
  std::string_view id = s.id();
  std::string_view q = s.element(1);
  bool prof = st.type == ClaimType::kProfessional;
  bool dental = st.type == ClaimType::kDental;
  bool inst = st.type == ClaimType::kInstitutional;
  if (id == "DTP") {
    bool d8 = s.element(2) == "D8" && !HasFrom(s, 4);
    std::string* date = nullptr;
    if (prof) {
      date = q == "431"   ? &c.onset_date
             : q == "454" ? &c.initial_treatment_date
             : q == "304" ? &c.last_seen_date
             : q == "453" ? &c.acute_manifestation_date
             : q == "439" ? &c.accident_date
             : q == "484" ? &c.last_menstrual_period_date
             : q == "455" ? &c.last_xray_date
             : q == "444" ? &c.first_contact_date
                          : nullptr;
    } else if (dental) {
      date = q == "439" ? &c.accident_date : q == "452" ? &c.appliance_placement_date : nullptr;
      if (q == "472" && c.service_date.empty()) {
        reader::DateRange(s, &c.service_date, &c.service_date_end);
        return s.element(2) == "D8" || !c.service_date_end.empty();
      }
    }
    if (date != nullptr && date->empty() && d8) {
      *date = Str(s.element(3));
      return true;
    }
    if (inst && q == "096" && s.element(2) == "TM") {
      c.discharge_hour = Str(s.element(3));
      return true;
    }
    if (inst && q == "434") {
      DateRange(s, &c.statement_begin_date, &c.statement_end_date);
      if (c.statement_end_date.empty()) c.statement_end_date = c.statement_begin_date;
      // The builder always writes the statement period as a range.
      if (s.element(2) == "RD8" && s.element(3).find('-') != std::string_view::npos) return true;
      Unsupported(s, "DTP*434 (not a D8 range)", loop);
      return true;
    }
    if (inst && q == "435") {
      std::string_view v = s.element(3);
      c.admission_date = Str(v.substr(0, 8));
      c.admission_hour = s.element(2) == "DT" && v.size() > 8 ? Str(v.substr(8)) : "";
      return true;
    }
    return false;
  }
  if (id == "DN1" && dental && c.orthodontic_total_months.empty()) {
    c.orthodontic_total_months = Str(s.element(1));
    c.orthodontic_remaining_months = Str(s.element(2));
    c.orthodontic_treatment_indicator = Str(s.element(4));
    return s.element(3).empty() && !HasFrom(s, 5);
  }
  if (id == "CL1" && inst && !HasFrom(s, 4)) {
    c.admission_type = Str(s.element(1));
    c.admission_source = Str(s.element(2));
    c.patient_status = Str(s.element(3));
    return true;
  }
  if (id == "PWK") return reader::ReadAttachment(s, &c.attachments);
  if (id == "AMT" && q == (inst ? "F3" : "F5") && !c.patient_amount_paid_cents) {
    c.patient_amount_paid_cents = ToCents(s.element(2));
    return !HasFrom(s, 3);
  }
  if (id == "REF") {
    std::string* target = q == "9F"   ? &c.referral_number
                          : q == "G1" ? &c.prior_authorization_number
                          : q == "F8" ? &c.payer_claim_control_number
                          : q == "9A" ? &c.repriced_claim_number
                          : q == "9C" ? &c.adjusted_repriced_claim_number
                          : q == "EA" ? &c.medical_record_number
                          : q == "D9" ? &c.clearinghouse_trace_number
                          : q == "LU" && inst ? &c.auto_accident_state
                                              : nullptr;
    if (target != nullptr && target->empty() && !HasFrom(s, 3)) {
      *target = Str(s.element(2));
      return true;
    }
    return false;
  }
  if (id == "NTE" && q == "ADD" && c.note.empty()) {
    c.note = Str(s.element(2));
    return true;
  }
  if (id == "CR2" && prof) {
    c.patient_condition_code = Str(s.element(8));
    c.patient_condition_description = Str(s.element(10));
    return !HasIn(s, 1, 7) && s.element(9).empty() && !HasFrom(s, 11);
  }
  if (id == "HCP" && !c.repricing.present()) return reader::ReadRepricing(s, false, &c.repricing);
  if (id == "HI") {
    Hi(s, loop);
    return true;
  }
  return false;
}

bool ClaimReader::ProviderSegment(const Segment& s) {
  State& st = *state_;
  Encounter& e = *st.claim;
  std::string_view id = s.id();
  std::string_view q = s.element(1);
  bool inst = st.type == ClaimType::kInstitutional;
  if (id == "NM1") {
    Provider* p = q == "DN"           ? &e.referring
                  : q == "82"         ? &e.rendering
                  : q == "DQ" && !inst ? &e.supervising
                  : q == "77"          ? &e.service_facility
                  : q == "71" && inst  ? &e.attending
                  : q == "72" && inst  ? &e.operating
                                       : nullptr;
    if (p != nullptr && p->present()) p = nullptr;  // a second one: not in the model
    st.provider = p;
    st.provider_prv = (q == "82" && !inst) || (q == "71" && inst);
    st.provider_address = q == "77";
    st.provider_contact = q == "77" && st.type == ClaimType::kProfessional;
    return p != nullptr && ReadProvider(s, p) && !HasFrom(s, 10);
  }
  return ProviderDetail(s);
}

bool ClaimReader::ProviderDetail(const Segment& s) {
  State& st = *state_;
  Provider* p = st.provider;
  if (p == nullptr) return false;
  std::string_view id = s.id();
  if (id == "PRV" && st.provider_prv && s.element(2) == "PXC" && p->taxonomy_code.empty() &&
      !HasFrom(s, 4)) {
    p->taxonomy_code = Str(s.element(3));
    return true;
  }
  if ((id == "N3" || id == "N4") && st.provider_address && !(id == "N4" && HasFrom(s, 4))) {
    ReadAddressPart(s, &p->address);
    return true;
  }
  if (id == "REF" && !HasFrom(s, 3)) {
    p->secondary_ids.push_back({Str(s.element(1)), Str(s.element(2))});
    return true;
  }
  if (id == "PER" && st.provider_contact && p->contact.name.empty() &&
      p->contact.phone_number.empty()) {
    return ReadContact(s, &p->contact) && !HasFrom(s, 9);
  }
  return false;
}

bool ClaimReader::OtherPayerSegment(const Segment& s, const std::string& loop) {
  State& st = *state_;
  ClaimInformation& c = st.claim->claim;
  std::string_view id = s.id();
  std::string_view q = s.element(1);
  bool inst = st.type == ClaimType::kInstitutional;
  if (loop == "2320" && id == "SBR") {
    OtherPayer& o = c.other_payers.emplace_back();
    o.payment_responsibility = Str(s.element(1));
    o.relationship_code = Str(s.element(2));
    o.group_number = Str(s.element(3));
    o.group_name = Str(s.element(4));
    o.insurance_type_code = Str(s.element(5));
    o.claim_filing_code = Str(s.element(9));
    return !HasIn(s, 6, 8) && !HasFrom(s, 10);
  }
  if (c.other_payers.empty()) return false;
  OtherPayer& o = c.other_payers.back();
  if (loop == "2320") {
    if (id == "CAS") {
      reader::ReadAdjustment(s, &o.adjustments);
      return true;
    }
    if (id == "AMT" && q == "D" && !o.has_paid_amount) {
      o.has_paid_amount = true;
      o.paid_cents = ToCents(s.element(2));
      return true;
    }
    if (id == "AMT" && q == "EAF" && !o.remaining_patient_liability_cents) {
      o.remaining_patient_liability_cents = ToCents(s.element(2));
      return true;
    }
    if (id == "AMT" && q == "A8" && !o.non_covered_cents) {
      o.non_covered_cents = ToCents(s.element(2));
      return true;
    }
    if (id == "OI") {
      o.benefits_assignment = Str(s.element(3));
      o.release_information = Str(s.element(6));
      // OI04 (patient signature source) is not used on an 837I.
      if (!inst) o.patient_signature_source = Str(s.element(4));
      if (inst && !s.element(4).empty()) return false;
      return s.element(1).empty() && s.element(2).empty() && s.element(5).empty() &&
             !HasFrom(s, 7);
    }
    return false;
  }
  if (loop == "2330A") {
    if (id == "NM1" && q == "IL") {
      o.subscriber_last_name = Str(s.element(3));
      o.subscriber_first_name = Str(s.element(4));
      o.subscriber_middle_name = Str(s.element(5));
      o.subscriber_suffix = Str(s.element(7));
      o.subscriber_id = Str(s.element(9));
      bool id_ok = o.subscriber_id.empty() ? s.element(8).empty() : s.element(8) == "MI";
      return id_ok && s.element(2) == "1" && s.element(6).empty() && !HasFrom(s, 10);
    }
    if ((id == "N3" || id == "N4") && !(id == "N4" && HasFrom(s, 4))) {
      ReadAddressPart(s, &o.subscriber_address);
      return true;
    }
    return false;
  }
  if (loop >= "2330C" && loop <= "2330I") {
    if (id == "NM1") {
      OtherPayerProvider* p = q == "DN"   ? &o.referring
                              : q == "82" ? &o.rendering
                              : q == "77" ? &o.service_facility
                              : q == "DQ" && !inst ? &o.supervising
                              : q == "85"          ? &o.billing
                                                   : nullptr;
      if (p != nullptr && p->present()) p = nullptr;
      st.other_provider = p;
      if (p == nullptr) return false;
      p->entity_type = Str(s.element(2));
      return !HasFrom(s, 3);
    }
    if (id == "REF" && st.other_provider != nullptr && !HasFrom(s, 3)) {
      st.other_provider->secondary_ids.push_back({Str(q), Str(s.element(2))});
      return true;
    }
    return false;
  }
  if (loop == "2330B") {
    if (id == "NM1" && q == "PR") {
      o.payer_name = Str(s.element(3));
      o.payer_id = Str(s.element(9));
      return s.element(8) == "PI" && !HasFrom(s, 10);
    }
    if (id == "DTP" && q == "573") {
      o.adjudication_date = Str(s.element(3));
      return true;
    }
    if (id == "REF" && q == "F8") {
      o.claim_control_number = Str(s.element(2));
      return true;
    }
  }
  return false;
}

void ClaimReader::ClaimLoop(const Segment& s, const std::string& loop) {
  State& st = *state_;
  if (s.Is("CLM")) return ClaimHeader(s, loop);
  if (!st.claim) return Unsupported(s, Str(s.id()), loop);
  bool handled = false;
  if (loop == "2300") {
    handled = ClaimSegment(s, loop);
    if (s.Is("HI")) return;  // Hi reports what it leaves out, code by code
  } else if (reader::StartsWith(loop, "2310")) {
    handled = ProviderSegment(s);
  } else if (loop == "2320" || reader::StartsWith(loop, "2330")) {
    handled = OtherPayerSegment(s, loop);
  }
  if (!handled) Unsupported(s, reader::Describe(s), loop);
}

void ClaimReader::Hi(const Segment& s, const std::string& loop) {
  State& st = *state_;
  ClaimInformation& c = st.claim->claim;
  bool inst = st.type == ClaimType::kInstitutional;
  for (std::size_t i = 1; i <= s.element_count(); ++i) {
    Element el = s.element_at(i);
    if (el.empty()) continue;
    std::string_view q = el.component(1);
    Code code;
    code.value = Str(el.component(2));
    bool icd9 = q.size() == 2 && q[0] == 'B';
    if (!inst && (q == "ABK" || q == "ABF" || q == "BK" || q == "BF")) {
      code.system = icd9 ? CodingSystem::kIcd9Cm : CodingSystem::kIcd10Cm;
      c.diagnoses.push_back(std::move(code));
      continue;
    }
    if (inst) {
      code.system = icd9 ? CodingSystem::kIcd9Cm : CodingSystem::kIcd10Cm;
      code.poa = Str(el.component(9));
      if (q == "ABK" || q == "BK") {
        c.principal_diagnosis = std::move(code);
        continue;
      }
      if (q == "ABJ" || q == "BJ") {
        code.poa.clear();
        c.admitting_diagnosis = std::move(code);
        continue;
      }
      if (q == "ABF" || q == "BF") {
        c.other_diagnoses.push_back(std::move(code));
        continue;
      }
      code.poa.clear();
      if (q == "APR" || q == "PR" || q == "ABN" || q == "BN") {
        code.system = q.size() == 2 ? CodingSystem::kIcd9Cm : CodingSystem::kIcd10Cm;
        (q.back() == 'R' ? c.visit_reasons : c.external_causes).push_back(std::move(code));
        continue;
      }
      if (q == "DR") {
        c.drg = code.value;
        continue;
      }
      if (q == "BBR" || q == "BR" || q == "BBQ" || q == "BQ") {
        code.system = q.size() == 2 ? CodingSystem::kIcd9Pcs : CodingSystem::kIcd10Pcs;
        code.date = Str(el.component(4));
        if (q == "BBR" || q == "BR") {
          c.principal_procedure = std::move(code);
        } else {
          c.other_procedures.push_back(std::move(code));
        }
        continue;
      }
      if (q == "BH") {
        c.occurrences.push_back({code.value, Str(el.component(4))});
        continue;
      }
      if (q == "BE") {
        c.values.push_back({code.value, ToCents(el.component(5))});
        continue;
      }
      if (q == "BG") {
        c.condition_codes.push_back(code.value);
        continue;
      }
    }
    bool named = !q.empty() && q.size() <= 3 &&
                 q.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string_view::npos;
    Unsupported(s, named ? "HI:" + Str(q) : std::string("HI:(no qualifier)"), loop);
  }
}

}  // namespace edi::hipaa
