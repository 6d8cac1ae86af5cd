// The 837 -> Encounter mapping, the inverse of claim_builder.cpp and claim_writer*.cpp: the
// envelope and HL state machine and the header loops (1000A-2010CA). The claim loops are in
// claim_reader_claim.cpp, the line loops in claim_reader_lines.cpp.
#include "edi/hipaa/claim_reader.hpp"

#include "edi/hipaa/claim_reader_internal.hpp"

namespace edi::hipaa {
namespace reader {

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

void ReadName(const Segment& s, Person* p) {
  p->last_name = Str(s.element(3));
  p->first_name = Str(s.element(4));
  p->middle_name = Str(s.element(5));
  p->suffix = Str(s.element(7));
}

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

bool ReadContact(const Segment& s, Contact* c) {
  c->name = Str(s.element(2));
  bool all = s.element(1) == "IC";
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

bool HasFrom(const Segment& s, std::size_t from) {
  for (std::size_t i = from; i <= s.element_count(); ++i) {
    if (!s.element(i).empty()) return true;
  }
  return false;
}


bool HasIn(const Segment& s, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i <= to && i <= s.element_count(); ++i) {
    if (!s.element(i).empty()) return true;
  }
  return false;
}

std::optional<std::int64_t> OptionalCents(std::string_view v) {
  if (v.empty()) return std::nullopt;
  return ToCents(v);
}

bool ReadAttachment(const Segment& s, std::vector<Attachment>* out) {
  Attachment& a = out->emplace_back();
  a.report_type_code = Str(s.element(1));
  a.transmission_code = Str(s.element(2));
  a.control_number = Str(s.element(6));
  bool qualifier_ok = a.control_number.empty() ? s.element(5).empty() : s.element(5) == "AC";
  return qualifier_ok && !HasIn(s, 3, 4) && !HasFrom(s, 7);
}

bool ReadRepricing(const Segment& s, bool line, Repricing* r) {
  r->pricing_methodology = Str(s.element(1));
  r->allowed_cents = OptionalCents(s.element(2));
  r->saving_cents = OptionalCents(s.element(3));
  r->organization_id = Str(s.element(4));
  r->per_diem_cents = OptionalCents(s.element(5));
  r->approved_drg_code = Str(s.element(6));
  r->approved_drg_cents = OptionalCents(s.element(7));
  r->reject_reason_code = Str(s.element(13));
  r->policy_compliance_code = Str(s.element(14));
  r->exception_code = Str(s.element(15));
  if (!line) return !HasIn(s, 8, 12) && !HasFrom(s, 16);
  r->approved_revenue_code = Str(s.element(8));
  r->approved_procedure_code = Str(s.element(10));
  r->approved_unit = Str(s.element(11));
  r->approved_units = Str(s.element(12));
  bool qualifier_ok = r->approved_procedure_code.empty() ? s.element(9).empty()
                                                         : s.element(9) == "HC";
  return qualifier_ok && !HasFrom(s, 16);
}

void ReadAdjustment(const Segment& s, std::vector<AdjustmentGroup>* groups) {
  std::string_view q = s.element(1);
  if (groups->empty() || groups->back().group_code != q ||
      groups->back().adjustments.size() % 6 != 0) {
    groups->emplace_back().group_code = Str(q);
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
    groups->back().adjustments.push_back(std::move(a));
  }
}

std::string Describe(const Segment& s) {
  std::string what = Str(s.id());
  std::string_view id = s.id();
  if (id == "NM1" || id == "REF" || id == "PRV" || id == "DTP" || id == "NTE" || id == "AMT") {
    what += "*" + Str(s.element(1));
  }
  return what;
}

}  // namespace reader

using reader::HasFrom;
using reader::ReadAddressPart;
using reader::ReadContact;
using reader::ReadName;
using reader::ReadProvider;
using reader::StartsWith;
using reader::Str;

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
    st.payer_id_qualifier = "PI";
    st.payer_address = Address{};
    st.payer_secondary_ids.clear();
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
      st.payer_id_qualifier = "PI";
      st.payer_address = Address{};
      st.payer_secondary_ids.clear();
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
    if (id == "REF") {
      st.billing.secondary_ids.push_back({Str(s.element(1)), Str(s.element(2))});
      if (!HasFrom(s, 3)) return;
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
    st.subscriber.insurance_type_code = Str(s.element(5));
    if (!reader::HasIn(s, 6, 8) && !HasFrom(s, 10)) return;
  } else if (loop == "2000B" && id == "PAT" && st.hl04 == "0" && s.element(1).empty()) {
    if (ReadPatientDetails(s, &st.subscriber)) return;
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
    if (PersonTail(s, &st.subscriber)) return;
  } else if (loop == "2010BB") {
    if (nm1 && s.element(1) == "PR") {
      st.payer_name = Str(s.element(3));
      st.payer_id = Str(s.element(9));
      st.payer_id_qualifier = Str(s.element(8));
      if (!HasFrom(s, 10) && s.element(2) == "2" && !reader::HasIn(s, 4, 7)) return;
    }
    if (address && !(id == "N4" && HasFrom(s, 4))) return ReadAddressPart(s, &st.payer_address);
    if (id == "REF" && !HasFrom(s, 3)) {
      st.payer_secondary_ids.push_back({Str(s.element(1)), Str(s.element(2))});
      return;
    }
  } else if (loop == "2000C" && id == "PAT") {
    st.dependent.relationship_to_subscriber = Str(s.element(1));
    if (ReadPatientDetails(s, &st.dependent)) return;
  } else if (loop == "2010CA") {
    if (nm1 && s.element(1) == "QC" && !HasFrom(s, 8)) return ReadName(s, &st.dependent);
    if (address && !(id == "N4" && HasFrom(s, 4))) return ReadAddressPart(s, &st.dependent.address);
    if (id == "DMG" && !HasFrom(s, 4)) {
      st.dependent.date_of_birth = Str(s.element(2));
      st.dependent.gender = Str(s.element(3));
      return;
    }
    if (PersonTail(s, &st.dependent)) return;
  }
  Unsupported(s, reader::Describe(s), loop);
}

bool ClaimReader::ReadPatientDetails(const Segment& s, Person* p) {
  p->death_date = Str(s.element(6));
  p->weight_pounds = Str(s.element(8));
  p->pregnancy_indicator = Str(s.element(9));
  bool date_ok = p->death_date.empty() ? s.element(5).empty() : s.element(5) == "D8";
  bool weight_ok = p->weight_pounds.empty() ? s.element(7).empty() : s.element(7) == "01";
  return date_ok && weight_ok && !reader::HasIn(s, 2, 4) && !HasFrom(s, 10);
}

bool ClaimReader::PersonTail(const Segment& s, Person* p) {
  if (s.Is("REF") && s.element(1) == "Y4" && p->property_casualty_claim_number.empty() &&
      !HasFrom(s, 3)) {
    p->property_casualty_claim_number = Str(s.element(2));
    return true;
  }
  // The builder writes a contact with a name, a phone number or an email.
  return s.Is("PER") && p->contact.name.empty() && p->contact.phone_number.empty() &&
         ReadContact(s, &p->contact) && !HasFrom(s, 9);
}

}  // namespace edi::hipaa
