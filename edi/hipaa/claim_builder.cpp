#include "edi/hipaa/claim_builder.hpp"

#include <array>
#include <unordered_map>
#include <vector>

#include "edi/hipaa/claim_writer.hpp"

namespace edi::hipaa {
namespace {

struct PatientGroup {
  std::vector<const Encounter*> claims;
};

struct SubscriberGroup {
  bool dependents = false;  // claims for dependents sit in 2000C loops under this 2000B
  std::vector<const Encounter*> claims;
  std::vector<PatientGroup> patients;
  std::unordered_map<std::string, std::size_t> patient_index;
};

struct BillingGroup {
  std::vector<SubscriberGroup> subscribers;
  std::unordered_map<std::string, std::size_t> subscriber_index;
};

void Key(std::string* key, std::string_view part) {
  key->append(part);
  key->push_back('\x1f');  // unit separator: never in a value that reaches X12
}

void AddressKey(std::string* key, const Address& a) {
  Key(key, a.address1);
  Key(key, a.address2);
  Key(key, a.city);
  Key(key, a.state);
  Key(key, a.postal_code);
}

// Everything written in 2000A/2010AA/2010AB: claims with equal keys share those loops.
void BillingKey(std::string* key, const Encounter& e) {
  const Provider& b = e.billing;
  for (std::string_view part :
       {std::string_view(b.npi), std::string_view(b.employer_id), std::string_view(b.ssn),
        std::string_view(b.taxonomy_code), std::string_view(b.organization_name),
        std::string_view(b.last_name), std::string_view(b.first_name),
        std::string_view(b.middle_name), std::string_view(b.suffix),
        std::string_view(b.contact.name), std::string_view(b.contact.phone_number),
        std::string_view(b.contact.phone_extension), std::string_view(b.contact.email)}) {
    Key(key, part);
  }
  AddressKey(key, b.address);
  AddressKey(key, e.pay_to_address);
  for (const SecondaryId& id : b.secondary_ids) {
    Key(key, id.qualifier);
    Key(key, id.identifier);
  }
}

void PersonKey(std::string* key, const Person& p) {
  for (std::string_view part :
       {std::string_view(p.member_id), std::string_view(p.last_name),
        std::string_view(p.first_name), std::string_view(p.middle_name), std::string_view(p.suffix),
        std::string_view(p.gender), std::string_view(p.date_of_birth)}) {
    Key(key, part);
  }
  AddressKey(key, p.address);
  for (std::string_view part :
       {std::string_view(p.property_casualty_claim_number), std::string_view(p.death_date),
        std::string_view(p.weight_pounds), std::string_view(p.pregnancy_indicator),
        std::string_view(p.contact.name), std::string_view(p.contact.phone_number),
        std::string_view(p.contact.phone_extension), std::string_view(p.contact.email)}) {
    Key(key, part);
  }
}

// Everything written in 2000B/2010BA/2010BB.
void SubscriberKey(std::string* key, const Encounter& e) {
  Key(key, e.has_dependent ? "D" : "S");
  PersonKey(key, e.subscriber);
  Key(key, e.subscriber.payment_responsibility);
  Key(key, e.subscriber.group_number);
  Key(key, e.subscriber.group_name);
  Key(key, e.subscriber.insurance_type_code);
  Key(key, e.claim.claim_filing_code);
  Key(key, e.payer_id);
  Key(key, e.payer_name);
  Key(key, e.payer_id_qualifier);
  AddressKey(key, e.payer_address);
  for (const SecondaryId& id : e.payer_secondary_ids) {
    Key(key, id.qualifier);
    Key(key, id.identifier);
  }
}

class SetWriter {
 public:
  SetWriter(SegmentWriter& w, ClaimType type) : w_(w), claims_(w, type) {}

  void Header(const Encounter& first, const BuildOptions& options) {
    std::string_view reference = options.batch_reference;
    std::string isa13;
    if (reference.empty()) {
      isa13 = FormatControlNumber(options.interchange.control_number, 9);
      reference = isa13;
    }
    w_.Write("BHT", {"0019", "00", reference, options.date, options.time, "CH"});
    const Submitter& s = first.submitter;
    std::string_view submitter_id = s.id.empty() ? options.interchange.sender_id : s.id;
    // Names are free text: cleaned of delimiters like every other name (docs/encounter-json.md).
    const Delimiters& d = w_.delimiters();
    const std::string submitter_name = detail::CleanText(s.organization_name, d);
    const std::string contact_name = detail::CleanText(s.contact.name, d);
    w_.Write("NM1", {"41", "2", submitter_name, "", "", "", "", "46", submitter_id});
    w_.Begin("PER").Add("IC").Add(contact_name);
    if (!s.contact.phone_number.empty()) w_.Add("TE").Add(s.contact.phone_number);
    if (!s.contact.phone_extension.empty()) w_.Add("EX").Add(s.contact.phone_extension);
    if (!s.contact.email.empty()) w_.Add("EM").Add(s.contact.email);
    w_.End();
    const Receiver& r = first.receiver;
    std::string_view receiver_id = r.id.empty() ? std::string_view(first.payer_id) : r.id;
    const std::string receiver_name =
        detail::CleanText(r.organization_name.empty() ? first.payer_name : r.organization_name, d);
    w_.Write("NM1", {"40", "2", receiver_name, "", "", "", "", "46", receiver_id});
  }

  void Billing(const Encounter& e) {
    Hl("", "20", true);
    const Provider& b = e.billing;
    claims_.Specialty("BI", b);
    claims_.ProviderName("85", b);
    claims_.WriteAddress(b.address);
    if (!b.employer_id.empty()) {
      std::string ein;
      for (char c : b.employer_id) {
        if (c != '-') ein.push_back(c);
      }
      w_.Write("REF", {"EI", ein});
    } else if (!b.ssn.empty()) {
      w_.Write("REF", {"SY", b.ssn});
    }
    claims_.SecondaryIds(b.secondary_ids);
    if (!b.contact.phone_number.empty() || !b.contact.email.empty()) {
      claims_.WriteContact(b.contact, true);
    }
    if (!e.pay_to_address.empty()) {
      w_.Write("NM1", {"87", "2"});
      claims_.WriteAddress(e.pay_to_address);
    }
  }

  void Subscriber(const Encounter& e, std::string_view parent, bool dependents) {
    Hl(parent, "22", dependents);
    const hipaa::Subscriber& s = e.subscriber;
    w_.Begin("SBR")
        .Add(s.payment_responsibility)
        .Add(dependents ? "" : "18")
        .Add(s.group_number)
        .Add(s.group_name)
        .Add(s.insurance_type_code)
        .Add("")
        .Add("")
        .Add("")
        .Add(e.claim.claim_filing_code)
        .End();
    if (!dependents) claims_.PatientDetails("", s);
    claims_.PersonName("IL", s, "MI", s.member_id);
    claims_.WriteAddress(s.address);
    claims_.Demographics(s);
    claims_.PersonTail(s);
    w_.Write("NM1", {"PR", "2", e.payer_name, "", "", "", "", e.payer_id_qualifier, e.payer_id});
    claims_.WriteAddress(e.payer_address);
    claims_.SecondaryIds(e.payer_secondary_ids);
  }

  void Patient(const Encounter& e, std::string_view parent) {
    Hl(parent, "23", false);
    claims_.PatientDetails(e.dependent.relationship_to_subscriber, e.dependent);
    claims_.PersonName("QC", e.dependent, "", "");
    claims_.WriteAddress(e.dependent.address);
    claims_.Demographics(e.dependent);
    claims_.PersonTail(e.dependent);
  }

  void Claim(const Encounter& e) { claims_.Claim(e); }
  const std::string& last_hl() const { return hl_text_; }

 private:
  void Hl(std::string_view parent, std::string_view level, bool children) {
    hl_text_ = std::to_string(++hl_);
    w_.Write("HL", {hl_text_, parent, level, children ? "1" : "0"});
  }

  SegmentWriter& w_;
  detail::ClaimWriter claims_;
  int hl_ = 0;
  std::string hl_text_;
};

}  // namespace

std::string_view GuideFor(ClaimType type) {
  switch (type) {
    case ClaimType::kProfessional:
      return "005010X222A1";
    case ClaimType::kInstitutional:
      return "005010X223A2";
    case ClaimType::kDental:
      return "005010X224A2";
  }
  return "005010X222A1";
}

Result<void> WriteTransaction(InterchangeWriter& writer, ClaimType type,
                              std::span<const Encounter* const> claims, std::string_view st02,
                              const BuildOptions& options) {
  if (claims.empty()) return Error{"no_claims", "a transaction set needs at least one claim"};
  // Group in input order: billing provider, then subscriber (and payer), then dependent patient.
  std::vector<BillingGroup> billing;
  std::vector<const Encounter*> billing_first;
  std::unordered_map<std::string, std::size_t> billing_index;
  std::string key;
  for (const Encounter* e : claims) {
    key.clear();
    BillingKey(&key, *e);
    auto [bit, bnew] = billing_index.try_emplace(key, billing.size());
    if (bnew) {
      billing.emplace_back();
      billing_first.push_back(e);
    }
    BillingGroup& b = billing[bit->second];
    key.clear();
    SubscriberKey(&key, *e);
    auto [sit, snew] = b.subscriber_index.try_emplace(key, b.subscribers.size());
    if (snew) {
      b.subscribers.emplace_back();
      b.subscribers.back().dependents = e->has_dependent;
    }
    SubscriberGroup& s = b.subscribers[sit->second];
    if (!e->has_dependent) {
      s.claims.push_back(e);
      continue;
    }
    key.clear();
    PersonKey(&key, e->dependent);
    Key(&key, e->dependent.relationship_to_subscriber);
    auto [pit, pnew] = s.patient_index.try_emplace(key, s.patients.size());
    if (pnew) s.patients.emplace_back();
    s.patients[pit->second].claims.push_back(e);
  }

  writer.BeginTransaction("837", st02, GuideFor(type));
  SegmentWriter& w = writer.body();
  SetWriter set(w, type);
  set.Header(*claims.front(), options);
  for (std::size_t bi = 0; bi < billing.size(); ++bi) {
    set.Billing(*billing_first[bi]);
    std::string billing_hl = set.last_hl();
    for (const SubscriberGroup& s : billing[bi].subscribers) {
      const Encounter& first =
          s.dependents ? *s.patients.front().claims.front() : *s.claims.front();
      set.Subscriber(first, billing_hl, s.dependents);
      std::string subscriber_hl = set.last_hl();
      for (const Encounter* e : s.claims) set.Claim(*e);
      for (const PatientGroup& p : s.patients) {
        set.Patient(*p.claims.front(), subscriber_hl);
        for (const Encounter* e : p.claims) set.Claim(*e);
      }
    }
  }
  writer.EndTransaction();
  if (!w.ok()) return w.status().error();
  return {};
}

Result<std::string> BuildInterchange(std::span<const Encounter> encounters,
                                     const BuildOptions& options) {
  if (encounters.empty()) return Error{"no_claims", "there are no encounters to build"};
  std::array<std::vector<const Encounter*>, 3> by_type;
  std::vector<ClaimType> order;
  for (const Encounter& e : encounters) {
    auto& list = by_type[static_cast<std::size_t>(e.type)];
    if (list.empty()) order.push_back(e.type);
    list.push_back(&e);
  }
  InterchangeParams isa = options.interchange;
  if (isa.date.empty() && options.date.size() == 8) isa.date = options.date.substr(2);
  if (isa.time.empty()) isa.time = options.time.substr(0, 4);
  std::string out;
  out.reserve(encounters.size() * 900 + 256);
  InterchangeWriter writer(&out, options.writer);
  writer.BeginInterchange(isa);
  std::uint64_t gs06 = options.group_control_number;
  for (ClaimType type : order) {
    GroupParams gs;
    gs.functional_id = "HC";
    gs.sender = options.application_sender.empty() ? isa.sender_id : options.application_sender;
    gs.receiver =
        options.application_receiver.empty() ? isa.receiver_id : options.application_receiver;
    gs.date = options.date;
    gs.time = options.time.substr(0, 4);
    gs.control_number = gs06++;
    gs.version = std::string(GuideFor(type));
    writer.BeginGroup(gs);
    auto& list = by_type[static_cast<std::size_t>(type)];
    Result<void> set = WriteTransaction(writer, type, list, "0001", options);
    if (!set) return set.error();
    writer.EndGroup();
  }
  writer.EndInterchange();
  Result<void> done = writer.Finish();
  if (!done) return done.error();
  return out;
}

}  // namespace edi::hipaa
