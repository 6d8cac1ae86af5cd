#include "edi/hipaa/encounter_edits.hpp"

#include <utility>

#include "edi/hipaa/edit_checker.hpp"

namespace edi::hipaa {
namespace detail {
namespace {

std::string Capitalize(std::string_view what) {
  std::string s(what);
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string Join(std::string_view base, std::string_view field) {
  std::string p(base);
  if (!p.empty()) p.push_back('.');
  p.append(field);
  return p;
}

}  // namespace

bool IsAllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string Money(std::int64_t cents) {
  std::string s = cents < 0 ? "-" : "";
  std::uint64_t v =
      cents < 0 ? static_cast<std::uint64_t>(-(cents + 1)) + 1 : static_cast<std::uint64_t>(cents);
  s += std::to_string(v / 100);
  s.push_back('.');
  s.push_back(static_cast<char>('0' + v % 100 / 10));
  s.push_back(static_cast<char>('0' + v % 10));
  return s;
}

bool IsRealDate(std::string_view date) {
  if (date.size() != 8 || !IsAllDigits(date)) return false;
  int year = std::stoi(std::string(date.substr(0, 4)));
  int month = std::stoi(std::string(date.substr(4, 2)));
  int day = std::stoi(std::string(date.substr(6, 2)));
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= max;
}

EditChecker::EditChecker(const Encounter& e, const EditOptions& options,
                         std::vector<EncounterFinding>* out)
    : e_(e),
      options_(options),
      out_(out),
      start_(out->size()),
      service_date_(FirstServiceDate(e)),
      sets_(CodeSets::BuiltIn()) {}

void EditChecker::Add(std::string_view path, std::string_view code, std::string message,
                      std::string_view value) {
  EncounterFinding f;
  f.path = options_.path_prefix;
  f.path.append(path);
  f.code = code;
  f.message = std::move(message);
  f.value = value;
  out_->push_back(std::move(f));
}

bool EditChecker::Require(std::string_view path, std::string_view value, std::string_view what) {
  if (!value.empty()) return true;
  Add(path, "required", Capitalize(what) + " is missing.");
  return false;
}

bool EditChecker::Date(std::string_view path, std::string_view value, std::string_view what,
                       bool past_only) {
  if (value.empty()) return true;
  if (!IsRealDate(value)) {
    Add(path, "invalid_date",
        Capitalize(what) + " is not a real date written CCYYMMDD, e.g. 20260115.", value);
    return false;
  }
  if (past_only && value > options_.today) {
    Add(path, "date_in_future", Capitalize(what) + " is after today (" + options_.today + ").",
        value);
    return false;
  }
  return true;
}

void EditChecker::MaxLength(std::string_view path, std::string_view value, std::size_t max,
                            std::string_view what) {
  if (value.size() <= max) return;
  Add(path, "too_long",
      Capitalize(what) + " has " + std::to_string(value.size()) + " characters; the 837 allows " +
          std::to_string(max) + ".",
      value);
}

void EditChecker::OneOf(std::string_view path, std::string_view value, std::string_view allowed,
                        std::string_view what) {
  if (value.empty()) return;
  std::size_t at = 0;
  while (at < allowed.size()) {
    std::size_t end = allowed.find(' ', at);
    if (end == std::string_view::npos) end = allowed.size();
    if (allowed.substr(at, end - at) == value) return;
    at = end + 1;
  }
  Add(path, "invalid_code",
      Capitalize(what) + " is not one of the allowed codes (" + std::string(allowed) + ").", value);
}

void EditChecker::InCodeSet(std::string_view path, std::string_view value, CodeSystem system,
                            std::string_view what) {
  if (value.empty()) return;
  CodeCheck check = sets_.Check(system, value);
  switch (check.status) {
    case CodeStatus::kValid:
      return;
    case CodeStatus::kNotBillable:
      Add(path, "code_not_billable",
          Capitalize(what) + " is a category header, not a billable code (" +
              std::string(check.version) + "): add the remaining characters.",
          value);
      return;
    case CodeStatus::kRetired:
      Add(path, "code_retired",
          Capitalize(what) + " is no longer valid: " + std::string(check.version) +
              ". Code it with the current code set.",
          value);
      return;
    case CodeStatus::kUnknown:
      Add(path, "code_unknown",
          Capitalize(what) + " does not exist in " + std::string(sets_.Version(system)) +
              " or any older list claimgate ships; check it for typing errors.",
          value);
      return;
  }
}

void EditChecker::Npi(std::string_view path, std::string_view npi, std::string_view what,
                      bool required) {
  if (npi.empty()) {
    if (required) Require(path, npi, what);
    return;
  }
  std::string problem = NpiProblem(npi);
  if (!problem.empty()) {
    Add(path, "invalid_npi", Capitalize(what) + " is not valid: " + problem + ".", npi);
  }
}

void EditChecker::Address(std::string_view base, const hipaa::Address& a, std::string_view what,
                          bool required) {
  if (a.empty() && !required) return;
  std::string w(what);
  Require(Join(base, "address1"), a.address1, w + "'s street address");
  MaxLength(Join(base, "address1"), a.address1, 55, w + "'s street address");
  MaxLength(Join(base, "address2"), a.address2, 55, w + "'s second address line");
  Require(Join(base, "city"), a.city, w + "'s city");
  MaxLength(Join(base, "city"), a.city, 30, w + "'s city");
  if (Require(Join(base, "state"), a.state, w + "'s state") &&
      (a.state.size() != 2 || a.state[0] < 'A' || a.state[0] > 'Z' || a.state[1] < 'A' ||
       a.state[1] > 'Z')) {
    Add(Join(base, "state"), "invalid_format",
        Capitalize(w) + "'s state must be a two-letter code such as TX.", a.state);
  }
  if (Require(Join(base, "postalCode"), a.postal_code, w + "'s ZIP code") &&
      (!IsAllDigits(a.postal_code) || (a.postal_code.size() != 5 && a.postal_code.size() != 9))) {
    Add(Join(base, "postalCode"), "invalid_format",
        Capitalize(w) + "'s ZIP code must be 5 or 9 digits without a dash.", a.postal_code);
  }
}

void EditChecker::Provider(std::string_view base, const hipaa::Provider& p, std::string_view what) {
  if (!p.present()) return;
  std::string w(what);
  Npi(Join(base, "npi"), p.npi, w + "'s NPI", true);
  if (!p.is_organization()) {
    Require(Join(base, "lastName"), p.last_name, w + "'s last name (or organizationName)");
  }
  MaxLength(Join(base, "organizationName"), p.organization_name, 60, w + "'s organization name");
  MaxLength(Join(base, "lastName"), p.last_name, 60, w + "'s last name");
  MaxLength(Join(base, "firstName"), p.first_name, 35, w + "'s first name");
  Address(Join(base, "address"), p.address, w, false);
}

namespace {

void CheckParties(EditChecker& c) {
  const Encounter& e = c.encounter();
  c.Require("tradingPartnerServiceId", e.payer_id, "the payer ID (tradingPartnerServiceId)");
  c.Require("tradingPartnerName", e.payer_name, "the payer's name (tradingPartnerName)");
  c.Require("submitter.organizationName", e.submitter.organization_name,
            "the submitter's organization name");
  // Lengths of what the 1000A/1000B loops carry (NM103 60, NM109 80, PER02 60, PER04 256).
  c.MaxLength("submitter.organizationName", e.submitter.organization_name, 60,
              "the submitter's organization name");
  c.MaxLength("submitter.submitterIdentification", e.submitter.id, 80, "the submitter's id");
  c.MaxLength("submitter.contactInformation.name", e.submitter.contact.name, 60,
              "the submitter's contact name");
  c.MaxLength("submitter.contactInformation.phoneNumber", e.submitter.contact.phone_number, 256,
              "the submitter's phone number");
  c.MaxLength("submitter.contactInformation.email", e.submitter.contact.email, 256,
              "the submitter's email address");
  c.MaxLength("receiver.organizationName", e.receiver.organization_name, 60,
              "the receiver's organization name");
  if (e.submitter.contact.phone_number.empty() && e.submitter.contact.email.empty()) {
    c.Add("submitter.contactInformation.phoneNumber", "required",
          "The submitter's contact phone number (or email) is missing.");
  }
  const Provider& b = e.billing;
  c.Npi("billing.npi", b.npi, "the billing provider's NPI", true);
  if (!b.is_organization()) {
    c.Require("billing.organizationName", b.last_name,
              "the billing provider's organization name (or lastName for a person)");
  }
  if (b.employer_id.empty() && b.ssn.empty()) {
    c.Add("billing.employerId", "required",
          "The billing provider's federal tax ID (employerId, or ssn) is missing.");
  } else if (!b.employer_id.empty()) {
    std::string problem = TaxIdProblem(b.employer_id);
    if (!problem.empty()) {
      c.Add("billing.employerId", "invalid_tax_id",
            "The billing provider's tax ID is not valid: " + problem + ".", b.employer_id);
    }
  } else if (b.ssn.size() != 9 || !IsAllDigits(b.ssn)) {
    c.Add("billing.ssn", "invalid_format", "The billing provider's SSN must be 9 digits.", b.ssn);
  }
  c.Address("billing.address", b.address, "the billing provider", true);
  if (b.address.postal_code.size() == 5 && IsAllDigits(b.address.postal_code)) {
    c.Add("billing.address.postalCode", "invalid_format",
          "The billing provider's ZIP code must have all 9 digits (ZIP+4).", b.address.postal_code);
  }
  c.Address("payToAddress", e.pay_to_address, "the pay-to address", false);
  c.Provider("referring", e.referring, "the referring provider");
  c.Provider("rendering", e.rendering, "the rendering provider");
  c.Provider("supervising", e.supervising, "the supervising provider");
  c.Provider("attending", e.attending, "the attending provider");
  c.Provider("operating", e.operating, "the operating provider");

  c.MaxLength("tradingPartnerName", e.payer_name, 60, "the payer's name");
  c.MaxLength("tradingPartnerServiceId", e.payer_id, 80, "the payer ID");
  c.MaxLength("billing.organizationName", b.organization_name, 60,
              "the billing provider's organization name");
  const Subscriber& s = e.subscriber;
  c.Require("subscriber.memberId", s.member_id, "the subscriber's member ID");
  c.MaxLength("subscriber.memberId", s.member_id, 80, "the subscriber's member ID");
  c.MaxLength("subscriber.lastName", s.last_name, 60, "the subscriber's last name");
  c.MaxLength("subscriber.firstName", s.first_name, 35, "the subscriber's first name");
  c.MaxLength("subscriber.groupNumber", s.group_number, 50, "the group number");
  c.Require("subscriber.lastName", s.last_name, "the subscriber's last name");
  c.OneOf("subscriber.paymentResponsibilityLevelCode", s.payment_responsibility,
          "A B C D E F G H P S T U", "the payment responsibility level");
  c.OneOf("subscriber.gender", s.gender, "M F U", "the subscriber's gender");
  c.Date("subscriber.dateOfBirth", s.date_of_birth, "the subscriber's date of birth", true);
  if (!e.has_dependent) {
    c.Require("subscriber.dateOfBirth", s.date_of_birth, "the subscriber's date of birth");
    c.Require("subscriber.gender", s.gender, "the subscriber's gender");
    c.Address("subscriber.address", s.address, "the subscriber", true);
  } else {
    const Dependent& d = e.dependent;
    c.Require("dependent.lastName", d.last_name, "the patient's last name");
    c.Require("dependent.firstName", d.first_name, "the patient's first name");
    c.MaxLength("dependent.lastName", d.last_name, 60, "the patient's last name");
    c.MaxLength("dependent.firstName", d.first_name, 35, "the patient's first name");
    c.Require("dependent.dateOfBirth", d.date_of_birth, "the patient's date of birth");
    c.Date("dependent.dateOfBirth", d.date_of_birth, "the patient's date of birth", true);
    c.Require("dependent.gender", d.gender, "the patient's gender");
    c.OneOf("dependent.gender", d.gender, "M F U", "the patient's gender");
    if (c.Require("dependent.relationshipToSubscriberCode", d.relationship_to_subscriber,
                  "the patient's relationship to the subscriber")) {
      c.OneOf("dependent.relationshipToSubscriberCode", d.relationship_to_subscriber,
              "01 19 20 21 39 40 53 G8", "the patient's relationship to the subscriber");
    }
    c.Address("dependent.address", d.address, "the patient", true);
  }
}

void CheckClaim(EditChecker& c) {
  const Encounter& e = c.encounter();
  const ClaimInformation& ci = e.claim;
  const std::string base = "claimInformation.";
  if (c.Require(base + "patientControlNumber", ci.patient_control_number,
                "the patient control number") &&
      ci.patient_control_number.size() > 20) {
    c.Add(base + "patientControlNumber", "too_long",
          "The patient control number has " + std::to_string(ci.patient_control_number.size()) +
              " characters; payers accept at most 20.",
          ci.patient_control_number);
  }
  c.OneOf(base + "claimFilingCode", ci.claim_filing_code,
          "11 12 13 14 15 16 17 AM BL CH CI DS FI HM LM MA MB MC OF TV VA WC ZZ",
          "the claim filing indicator code");
  if (c.Require(base + "placeOfServiceCode", ci.place_of_service,
                e.type == ClaimType::kInstitutional ? "the facility type code"
                                                    : "the place of service")) {
    if (e.type != ClaimType::kInstitutional) {
      c.InCodeSet(base + "placeOfServiceCode", ci.place_of_service, CodeSystem::kPlaceOfService,
                  "the place of service");
    } else {
      c.InCodeSet(base + "placeOfServiceCode", ci.place_of_service + ci.frequency_code,
                  CodeSystem::kTypeOfBill, "the type of bill (facility type code and frequency)");
    }
  }
  if (c.Require(base + "claimFrequencyCode", ci.frequency_code, "the claim frequency code")) {
    c.InCodeSet(base + "claimFrequencyCode", ci.frequency_code, CodeSystem::kClaimFrequency,
                "the claim frequency code");
  }
  if ((ci.frequency_code == "7" || ci.frequency_code == "8") &&
      ci.payer_claim_control_number.empty()) {
    c.Add(base + "claimSupplementalInformation.claimControlNumber", "original_claim_missing",
          std::string("A ") + (ci.frequency_code == "7" ? "replacement" : "void") +
              " claim (frequency " + ci.frequency_code +
              ") must carry the payer's claim control number of the original claim.");
  }
  if (e.type != ClaimType::kInstitutional) {
    c.OneOf(base + "signatureIndicator", ci.signature_indicator, "Y N",
            "the provider signature indicator");
  }
  c.OneOf(base + "planParticipationCode", ci.plan_participation, "A B C",
          "the plan participation (assignment) code");
  c.OneOf(base + "benefitsAssignmentCertificationIndicator", ci.benefits_assignment, "Y N W",
          "the benefits assignment indicator");
  c.OneOf(base + "releaseInformationCode", ci.release_information, "Y I",
          "the release of information code");
  const std::string sup = base + "claimSupplementalInformation.";
  c.MaxLength(sup + "priorAuthorizationNumber", ci.prior_authorization_number, 50,
              "the prior authorization number");
  c.MaxLength(sup + "referralNumber", ci.referral_number, 50, "the referral number");
  c.MaxLength(sup + "claimControlNumber", ci.payer_claim_control_number, 50,
              "the payer claim control number");
  c.MaxLength(sup + "medicalRecordNumber", ci.medical_record_number, 50,
              "the medical record number");
  c.MaxLength(base + "claimNote.additionalInformation", ci.note, 80, "the claim note");
  c.Date(base + "claimDateInformation.onsetOfCurrentIllnessOrInjuryDate", ci.onset_date,
         "the onset date", true);
  // Balancing: CLM02 must equal the sum of the SV1/SV2/SV3 charges.
  std::int64_t sum = 0;
  for (const ServiceLine& l : ci.service_lines) sum += l.charge_cents;
  if (!ci.has_charge) {
    c.Require(base + "claimChargeAmount", "", "the claim charge amount");
  } else if (!ci.service_lines.empty() && sum != ci.charge_cents) {
    c.Add(base + "claimChargeAmount", "charge_mismatch",
          "The claim charge " + Money(ci.charge_cents) +
              " does not equal the sum of the service line charges " + Money(sum) + ".",
          Money(ci.charge_cents));
  }
  if (ci.has_charge && ci.charge_cents < 0) {
    c.Add(base + "claimChargeAmount", "invalid_amount", "The claim charge cannot be negative.");
  }
  std::size_t max_lines = e.type == ClaimType::kInstitutional ? 999 : 50;
  if (ci.service_lines.empty()) {
    c.Add(base + "serviceLines", "required", "The claim has no service lines.");
  } else if (ci.service_lines.size() > max_lines) {
    c.Add(base + "serviceLines", "too_many",
          "The claim has " + std::to_string(ci.service_lines.size()) + " service lines; the " +
              std::string(ClaimTypeName(e.type)) + " claim allows at most " +
              std::to_string(max_lines) + ".");
  }
}

}  // namespace
}  // namespace detail

std::size_t CheckEncounter(const Encounter& encounter, const EditOptions& options,
                           std::vector<EncounterFinding>* out) {
  detail::EditChecker checker(encounter, options, out);
  detail::CheckParties(checker);
  detail::CheckClaim(checker);
  checker.Diagnoses();
  if (encounter.type == ClaimType::kInstitutional) checker.Institutional();
  checker.ServiceLines();
  checker.OtherPayers();
  return checker.added();
}

std::string FormatFinding(const EncounterFinding& finding, bool with_value) {
  std::string s = finding.path.empty() ? std::string("(encounter)") : finding.path;
  s.append(": ").append(finding.code).append(": ").append(finding.message);
  if (with_value && !finding.value.empty())
    s.append(" (value \"").append(finding.value).append("\")");
  return s;
}

}  // namespace edi::hipaa
