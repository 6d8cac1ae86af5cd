// The 837 -> Encounter mapping: the inverse of claim_builder.cpp and claim_writer.cpp, loop by
// loop. Longer than the usual 400 lines because it is one flat map of all three claim types.
#include "edi/hipaa/claim_reader.hpp"

#include <optional>

#include "edi/hipaa/response_common.hpp"
#include "edi/validator.hpp"

namespace edi::hipaa {
namespace {

// The placement validator's own findings are not this reader's concern (X12Validator reports
// them); they are dropped here.
class DiscardSink final : public DiagnosticSink {
 public:
  void Report(Diagnostic) override {}
};

std::string Str(std::string_view v) { return std::string(v); }

std::int64_t ToCents(std::string_view v) {
  Cents c = 0;
  ParseCents(v, &c);
  return c;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// "D8*20260101" or "RD8*20260101-20260105" into from/to.
void DateRange(const Segment& s, std::string* from, std::string* to) {
  std::string_view v = s.element(3);
  std::size_t dash = v.find('-');
  if (s.element(2) == "RD8" && dash != std::string_view::npos) {
    *from = Str(v.substr(0, dash));
    *to = Str(v.substr(dash + 1));
  } else {
    *from = Str(v);
    to->clear();
  }
}

}  // namespace

struct ClaimReader::State {
  DiscardSink discard;
  std::unique_ptr<TransactionValidator> set;
  std::uint64_t in_set = 0;
  std::string gs08;
  ClaimType type = ClaimType::kProfessional;
  // Context shared by the claims that follow.
  Submitter submitter;
  Receiver receiver;
  Provider billing;
  Address pay_to;
  Subscriber subscriber;
  std::string payer_id;
  std::string payer_name;
  std::string claim_filing_code = "CI";
  bool has_dependent = false;
  Dependent dependent;
  std::string hl04;   // of the 2000B
  std::string sbr02;  // of the 2000B
  // The claim being read.
  std::optional<Encounter> claim;
  Provider* provider = nullptr;  // the provider the last NM1 named (for PRV)
  bool provider_carried = false;
};

ClaimReader::ClaimReader(const schema::SchemaRegistry& registry, DiagnosticSink& sink,
                         Callback callback)
    : registry_(registry),
      sink_(sink),
      callback_(std::move(callback)),
      state_(std::make_unique<State>()) {}

ClaimReader::~ClaimReader() = default;

void ClaimReader::Emit() {
  State& st = *state_;
  if (!st.claim) return;
  ++claims_;
  callback_(std::move(*st.claim));
  st.claim.reset();
  st.provider = nullptr;
}

void ClaimReader::Finish() { Emit(); }

void ClaimReader::Unsupported(const Segment& s, std::string_view what, const std::string& loop) {
  std::string key(what);
  key.push_back('\x1f');
  key.append(loop);
  auto [it, added] = unsupported_.try_emplace(key);
  UnsupportedSegment& u = it->second;
  ++u.count;
  if (!added) return;
  u.segment = Str(what);
  u.loop = loop;
  u.first_segment = s.index();
  Diagnostic d;
  d.code = DiagCode::kSegmentNotUsed;
  d.severity = Severity::kWarning;
  d.pos.byte_offset = s.byte_offset();
  d.pos.segment = s.index();
  d.pos.segment_in_set = state_->in_set;
  d.segment_id = Str(s.id());
  d.loop = loop;
  d.message = "segment " + u.segment + " in loop " + (loop.empty() ? "header" : loop) +
              " is not carried by the encounter model; it is left out of the claim record";
  sink_.Report(std::move(d));
}

void ClaimReader::Add(const Segment& s, const InterchangeHeader& /*header*/) {
  State& st = *state_;
  std::string_view id = s.id();
  if (id == "ISA" || id == "IEA" || id == "GE") return;
  if (id == "GS") {
    st.gs08 = Str(s.element(8));
    return;
  }
  if (id == "ST") {
    Emit();
    st.set.reset();
    st.in_set = 1;
    if (s.element(1) != "837") return;
    std::string_view version = s.element(3).empty() ? std::string_view(st.gs08) : s.element(3);
    const schema::TransactionSchema* schema = registry_.Find("837", version);
    if (schema == nullptr) {
      Diagnostic d;
      d.code = DiagCode::kNoSchema;
      d.severity = Severity::kError;
      d.pos.segment = s.index();
      d.pos.byte_offset = s.byte_offset();
      d.segment_id = "ST";
      d.message = "no 837 schema for this version; its claims cannot be read";
      sink_.Report(std::move(d));
      return;
    }
    if (StartsWith(version, "005010X223")) {
      st.type = ClaimType::kInstitutional;
    } else if (StartsWith(version, "005010X224")) {
      st.type = ClaimType::kDental;
    } else {
      st.type = ClaimType::kProfessional;
    }
    // A new set: no context carries over from the previous one.
    st.submitter = Submitter{};
    st.receiver = Receiver{};
    st.billing = Provider{};
    st.pay_to = Address{};
    st.subscriber = Subscriber{};
    st.payer_id.clear();
    st.payer_name.clear();
    st.claim_filing_code = "CI";
    st.has_dependent = false;
    st.dependent = Dependent{};
    st.set = std::make_unique<TransactionValidator>(*schema, st.discard);
    st.set->Add(s, st.in_set);
    return;
  }
  if (!st.set) return;
  ++st.in_set;
  st.set->Add(s, st.in_set);
  if (id == "SE") {
    Emit();
    st.set->Finish();
    st.set.reset();
    return;
  }
  Route(s, st.set->current_loop());
}

void ClaimReader::Route(const Segment& s, const std::string& loop) {
  State& st = *state_;
  std::string_view id = s.id();
  if (id == "HL") {
    Emit();
    std::string_view level = s.element(3);
    if (level == "20") {
      st.billing = Provider{};
      st.pay_to = Address{};
    } else if (level == "22") {
      st.hl04 = Str(s.element(4));
      st.sbr02.clear();
      st.subscriber = Subscriber{};
      st.payer_id.clear();
      st.payer_name.clear();
      st.claim_filing_code.clear();
      st.has_dependent = false;
    } else if (level == "23") {
      st.has_dependent = true;
      st.dependent = Dependent{};
    } else {
      Unsupported(s, "HL*" + Str(level), loop);
    }
    return;
  }
  if (StartsWith(loop, "24")) return LineLoop(s, loop);
  if (StartsWith(loop, "23")) return ClaimLoop(s, loop);
  Header(s, loop);
}

namespace {

void ReadName(const Segment& s, Person* p) {
  p->last_name = Str(s.element(3));
  p->first_name = Str(s.element(4));
  p->middle_name = Str(s.element(5));
  p->suffix = Str(s.element(7));
}

// NM1 of a provider; false when NM108 is neither empty nor XX (an id the model does not hold).
bool ReadProvider(const Segment& s, Provider* p) {
  if (s.element(2) == "2") {
    p->organization_name = Str(s.element(3));
  } else {
    p->last_name = Str(s.element(3));
    p->first_name = Str(s.element(4));
    p->middle_name = Str(s.element(5));
    p->suffix = Str(s.element(7));
  }
  if (s.element(8) == "XX") p->npi = Str(s.element(9));
  return s.element(8).empty() || s.element(8) == "XX";
}

void ReadAddressPart(const Segment& s, Address* a) {
  if (s.id() == "N3") {
    a->address1 = Str(s.element(1));
    a->address2 = Str(s.element(2));
  } else {
    a->city = Str(s.element(1));
    a->state = Str(s.element(2));
    a->postal_code = Str(s.element(3));
  }
}

// PER*IC*name*TE*phone*EM*email (pairs in any order); false when a pair the model lacks is there.
bool ReadContact(const Segment& s, Contact* c) {
  c->name = Str(s.element(2));
  bool all = true;
  for (std::size_t i = 3; i + 1 <= s.element_count(); i += 2) {
    std::string_view q = s.element(i);
    if (q == "TE") {
      c->phone_number = Str(s.element(i + 1));
    } else if (q == "EX") {
      c->phone_extension = Str(s.element(i + 1));
    } else if (q == "EM") {
      c->email = Str(s.element(i + 1));
    } else if (!q.empty()) {
      all = false;
    }
  }
  return all;
}

// True when any element from `from` on holds a value.
bool HasFrom(const Segment& s, std::size_t from) {
  for (std::size_t i = from; i <= s.element_count(); ++i) {
    if (!s.element(i).empty()) return true;
  }
  return false;
}

}  // namespace

void ClaimReader::Header(const Segment& s, const std::string& loop) {
  State& st = *state_;
  std::string_view id = s.id();
  bool nm1 = id == "NM1";
  bool address = id == "N3" || id == "N4";
  if (loop.empty() && id == "BHT") return;  // rebuilt from the build options
  if (loop == "1000A") {
    if (nm1) {
      st.submitter.organization_name = Str(s.element(3));
      st.submitter.id = Str(s.element(9));
      return;
    }
    if (id == "PER" && ReadContact(s, &st.submitter.contact)) return;
  } else if (loop == "1000B" && nm1) {
    st.receiver.organization_name = Str(s.element(3));
    st.receiver.id = Str(s.element(9));
    return;
  } else if (loop == "2000A" && id == "PRV" && s.element(1) == "BI") {
    st.billing.taxonomy_code = Str(s.element(3));
    return;
  } else if (loop == "2010AA") {
    if (nm1 && ReadProvider(s, &st.billing) && !HasFrom(s, 10)) return;
    if (address && !(id == "N4" && HasFrom(s, 4))) return ReadAddressPart(s, &st.billing.address);
    if (id == "REF" && s.element(1) == "EI") {
      st.billing.employer_id = Str(s.element(2));
      // The builder writes the EIN without its dash.
      if (s.element(2).find('-') == std::string_view::npos) return;
      return Unsupported(s, "REF*EI (punctuated)", loop);
    }
    if (id == "REF" && s.element(1) == "SY") {
      st.billing.ssn = Str(s.element(2));
      return;
    }
    if (id == "PER" && st.billing.contact.name.empty() && st.billing.contact.phone_number.empty() &&
        ReadContact(s, &st.billing.contact)) {
      return;
    }
  } else if (loop == "2010AB") {
    if (nm1) return;
    if (address && !(id == "N4" && HasFrom(s, 4))) return ReadAddressPart(s, &st.pay_to);
  } else if (loop == "2000B" && id == "SBR") {
    st.subscriber.payment_responsibility = Str(s.element(1));
    st.subscriber.group_number = Str(s.element(3));
    st.subscriber.group_name = Str(s.element(4));
    st.claim_filing_code = Str(s.element(9));
    st.sbr02 = Str(s.element(2));
    bool extra = false;
    for (std::size_t i = 5; i <= 8; ++i) extra = extra || !s.element(i).empty();
    if (!extra) return;
  } else if (loop == "2010BA") {
    if (nm1 && s.element(1) == "IL") {
      ReadName(s, &st.subscriber);
      st.subscriber.member_id = Str(s.element(9));
      if (s.element(8).empty() || s.element(8) == "MI") return;
    }
    if (address && !(id == "N4" && HasFrom(s, 4))) {
      return ReadAddressPart(s, &st.subscriber.address);
    }
    if (id == "DMG" && !HasFrom(s, 4)) {
      st.subscriber.date_of_birth = Str(s.element(2));
      st.subscriber.gender = Str(s.element(3));
      return;
    }
  } else if (loop == "2010BB" && nm1 && s.element(1) == "PR") {
    st.payer_name = Str(s.element(3));
    st.payer_id = Str(s.element(9));
    if (s.element(8) == "PI") return;
    return Unsupported(s, "NM1*PR (NM108 other than PI)", loop);
  } else if (loop == "2000C" && id == "PAT" && !HasFrom(s, 2)) {
    st.dependent.relationship_to_subscriber = Str(s.element(1));
    return;
  } else if (loop == "2010CA") {
    if (nm1 && s.element(1) == "QC" && !HasFrom(s, 8)) return ReadName(s, &st.dependent);
    if (address && !(id == "N4" && HasFrom(s, 4))) return ReadAddressPart(s, &st.dependent.address);
    if (id == "DMG" && !HasFrom(s, 4)) {
      st.dependent.date_of_birth = Str(s.element(2));
      st.dependent.gender = Str(s.element(3));
      return;
    }
  }
  std::string what = Str(id);
  if (id == "NM1" || id == "REF" || id == "PRV" || id == "DTP") what += "*" + Str(s.element(1));
  Unsupported(s, what, loop);
}

void ClaimReader::ClaimLoop(const Segment& s, const std::string& loop) {
  State& st = *state_;
  std::string_view id = s.id();
  std::string_view q = s.element(1);
  if (id == "CLM") {
    Emit();
    Encounter& e = st.claim.emplace();
    e.type = st.type;
    e.payer_id = st.payer_id;
    e.payer_name = st.payer_name;
    e.submitter = st.submitter;
    e.receiver = st.receiver;
    e.billing = st.billing;
    e.pay_to_address = st.pay_to;
    e.subscriber = st.subscriber;
    e.has_dependent = st.has_dependent;
    if (st.has_dependent) e.dependent = st.dependent;
    ClaimInformation& c = e.claim;
    c.claim_filing_code = st.claim_filing_code;
    c.patient_control_number = Str(s.element(1));
    c.has_charge = true;
    c.charge_cents = ToCents(s.element(2));
    c.place_of_service = Str(s.component(5, 1));
    c.frequency_code = Str(s.component(5, 3));
    if (st.type != ClaimType::kInstitutional) c.signature_indicator = Str(s.element(6));
    c.plan_participation = Str(s.element(7));
    c.benefits_assignment = Str(s.element(8));
    c.release_information = Str(s.element(9));
    if (!s.element(3).empty() || !s.element(4).empty() || HasFrom(s, 10)) {
      Unsupported(s, "CLM03-04/CLM10+", loop);
    }
    // The builder writes HL04 1 and no SBR02 exactly when the patient is a dependent (2000C).
    if (st.has_dependent ? !st.sbr02.empty() : (st.sbr02 != "18" || st.hl04 != "0")) {
      Unsupported(s, "HL04/SBR02 of the subscriber (patient relationship)", "2000B");
    }
    if (st.type == ClaimType::kInstitutional && !s.element(6).empty()) {
      Unsupported(s, "CLM06 on an 837I", loop);
    }
    if (s.component(5, 2) != (st.type == ClaimType::kInstitutional ? "A" : "B")) {
      Unsupported(s, "CLM05-2 (other facility code qualifier)", loop);
    }
    return;
  }
  if (!st.claim) return Unsupported(s, Str(id), loop);
  Encounter& e = *st.claim;
  ClaimInformation& c = e.claim;
  if (loop == "2300") {
    if (id == "DTP") {
      if (q == "431" && st.type == ClaimType::kProfessional) {
        c.onset_date = Str(s.element(3));
        return;
      }
      if (q == "096" && s.element(2) == "TM") {
        c.discharge_hour = Str(s.element(3));
        return;
      }
      if (q == "434") {
        DateRange(s, &c.statement_begin_date, &c.statement_end_date);
        if (c.statement_end_date.empty()) c.statement_end_date = c.statement_begin_date;
        // The builder always writes the statement period as a range.
        if (s.element(2) == "RD8" && s.element(3).find('-') != std::string_view::npos) return;
        return Unsupported(s, "DTP*434 (not a D8 range)", loop);
      }
      if (q == "435") {
        std::string_view v = s.element(3);
        c.admission_date = Str(v.substr(0, 8));
        c.admission_hour = s.element(2) == "DT" && v.size() > 8 ? Str(v.substr(8)) : "";
        return;
      }
    } else if (id == "CL1" && !HasFrom(s, 4)) {
      c.admission_type = Str(s.element(1));
      c.admission_source = Str(s.element(2));
      c.patient_status = Str(s.element(3));
      return;
    } else if (id == "REF") {
      std::string* target = q == "9F"   ? &c.referral_number
                            : q == "G1" ? &c.prior_authorization_number
                            : q == "F8" ? &c.payer_claim_control_number
                            : q == "EA" ? &c.medical_record_number
                            : q == "D9" ? &c.clearinghouse_trace_number
                                        : nullptr;
      if (target != nullptr) {
        *target = Str(s.element(2));
        return;
      }
    } else if (id == "NTE" && q == "ADD") {
      c.note = Str(s.element(2));
      return;
    } else if (id == "HI") {
      return Hi(s, loop);
    }
  } else if (StartsWith(loop, "2310")) {
    if (id == "NM1") {
      Provider* p = q == "DN"                                           ? &e.referring
                    : q == "82"                                         ? &e.rendering
                    : q == "DQ"                                         ? &e.supervising
                    : q == "71" && st.type == ClaimType::kInstitutional ? &e.attending
                    : q == "72" && st.type == ClaimType::kInstitutional ? &e.operating
                                                                        : nullptr;
      st.provider = p;
      if (p != nullptr && ReadProvider(s, p) && !HasFrom(s, 10)) return;
    } else if (id == "PRV" && st.provider != nullptr && s.element(2) == "PXC") {
      st.provider->taxonomy_code = Str(s.element(3));
      return;
    }
  } else if (loop == "2320") {
    if (id == "SBR") {
      OtherPayer& o = c.other_payers.emplace_back();
      o.payment_responsibility = Str(s.element(1));
      o.relationship_code = Str(s.element(2));
      o.group_number = Str(s.element(3));
      o.claim_filing_code = Str(s.element(9));
      bool extra = false;
      for (std::size_t i = 4; i <= 8; ++i) extra = extra || !s.element(i).empty();
      if (!extra) return;
    } else if (!c.other_payers.empty()) {
      OtherPayer& o = c.other_payers.back();
      if (id == "CAS") {
        // A group longer than six reasons continues in the next CAS with the same group code.
        if (o.adjustments.empty() || o.adjustments.back().group_code != q ||
            o.adjustments.back().adjustments.size() % 6 != 0) {
          o.adjustments.emplace_back().group_code = Str(q);
        }
        for (std::size_t i = 2; i + 1 <= s.element_count(); i += 3) {
          if (s.element(i).empty()) continue;
          // Built and pushed, not emplace_back(): remittance.hpp has another
          // edi::hipaa::Adjustment, and its vector<Adjustment>::_M_realloc_insert<>() (an
          // identically mangled template) may win at link time with the wrong layout.
          Adjustment a;
          a.reason_code = Str(s.element(i));
          a.amount_cents = ToCents(s.element(i + 1));
          a.quantity = Str(s.element(i + 2));
          o.adjustments.back().adjustments.push_back(std::move(a));
        }
        return;
      }
      if (id == "AMT" && q == "D") {
        o.has_paid_amount = true;
        o.paid_cents = ToCents(s.element(2));
        return;
      }
      if (id == "OI") {
        o.benefits_assignment = Str(s.element(3));
        o.release_information = Str(s.element(6));
        // OI04 (patient signature source) is not in the model: the builder writes P on 837P/D.
        std::string_view oi04 = st.type == ClaimType::kInstitutional ? "" : "P";
        if (s.element(4) == oi04 && s.element(1).empty() && s.element(2).empty() &&
            s.element(5).empty()) {
          return;
        }
        return Unsupported(s, "OI01-02/OI04-05", loop);
      }
    }
  } else if (!c.other_payers.empty() && (loop == "2330A" || loop == "2330B")) {
    OtherPayer& o = c.other_payers.back();
    if (loop == "2330A" && id == "NM1" && q == "IL") {
      o.subscriber_last_name = Str(s.element(3));
      o.subscriber_first_name = Str(s.element(4));
      o.subscriber_id = Str(s.element(9));
      if (s.element(5).empty() && s.element(7).empty()) return;
    } else if (loop == "2330B" && id == "NM1" && q == "PR") {
      o.payer_name = Str(s.element(3));
      o.payer_id = Str(s.element(9));
      if (s.element(8) == "PI") return;
    } else if (loop == "2330B" && id == "DTP" && q == "573") {
      o.adjudication_date = Str(s.element(3));
      return;
    } else if (loop == "2330B" && id == "REF" && q == "F8") {
      o.claim_control_number = Str(s.element(2));
      return;
    }
  }
  std::string what = Str(id);
  if (id == "NM1" || id == "REF" || id == "PRV" || id == "DTP" || id == "NTE" || id == "AMT") {
    what += "*" + Str(q);
  }
  Unsupported(s, what, loop);
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
    return p.component(1) == qualifier && p.component(7).empty();
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
      if (ok && s.element(6).empty() && !HasFrom(s, 8)) return;
      return Unsupported(s, "SV1 elements beyond the model", loop);
    }
    if (id == "SV2" && st.type == ClaimType::kInstitutional) {
      l.revenue_code = Str(s.element(1));
      bool ok = s.element(2).empty() || procedure(2, "HC");
      l.charge_cents = ToCents(s.element(3));
      l.unit = Str(s.element(4));
      l.units = Str(s.element(5));
      if (ok && !HasFrom(s, 6)) return;
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
      if (!s.element(6).empty()) l.units = Str(s.element(6));
      pointers(11);
      // An explicit count of 1 is the model's default, which the builder leaves out.
      bool extra = !s.element(5).empty() || HasFrom(s, 12) || s.element(6) == "1";
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
      if (l.service_date_end != l.service_date) return;
      // A one-day range: the builder writes it as D8.
      l.service_date_end.clear();
      return Unsupported(s, "DTP*472 (one-day RD8)", loop);
    }
    if (id == "REF" && q == "6R") {
      l.control_number = Str(s.element(2));
      return;
    }
    if (id == "NTE" && q == "ADD" && st.type != ClaimType::kInstitutional) {
      l.note = Str(s.element(2));
      return;
    }
  } else if (loop == "2420A") {
    if (id == "NM1" && q == "82") {
      st.provider = &l.rendering;
      if (ReadProvider(s, &l.rendering) && !HasFrom(s, 10)) return;
    } else if (id == "PRV" && st.provider != nullptr && s.element(2) == "PXC" &&
               st.type != ClaimType::kInstitutional) {
      st.provider->taxonomy_code = Str(s.element(3));
      return;
    }
  }
  std::string what = Str(id);
  if (id == "NM1" || id == "REF" || id == "PRV" || id == "DTP" || id == "NTE" || id == "AMT") {
    what += "*" + Str(q);
  }
  Unsupported(s, what, loop);
}

}  // namespace edi::hipaa
