// Encounter JSON -> model: the readers of objects found in several places of the format
// (docs/encounter-json.md): addresses, contacts, providers, codes, attachments, repricing and
// adjustments.
#include <string>

#include "src/core/encounter_json_read.hpp"

namespace claimgate::core::detail {

namespace hipaa = edi::hipaa;

hipaa::Address ReadAddress(const JsonFields& f) {
  hipaa::Address a;
  a.address1 = f.Str("address1");
  a.address2 = f.Str("address2");
  a.city = f.Str("city");
  a.state = f.Str("state");
  a.postal_code = f.Str("postalCode", true);
  return a;
}

hipaa::Contact ReadContact(const JsonFields& f) {
  hipaa::Contact c;
  c.name = f.Str("name");
  c.phone_number = f.Str("phoneNumber", true);
  c.phone_extension = f.Str("phoneExtension", true);
  c.email = f.Str("email");
  return c;
}

hipaa::Provider ReadProvider(const JsonFields& f) {
  hipaa::Provider p;
  if (!f.ok()) return p;
  p.npi = f.Str("npi", true);
  p.employer_id = f.Str("employerId", true);
  p.ssn = f.Str("ssn", true);
  p.taxonomy_code = f.Str("taxonomyCode");
  p.organization_name = f.Str("organizationName");
  p.last_name = f.Str("lastName");
  p.first_name = f.Str("firstName");
  p.middle_name = f.Str("middleName");
  p.suffix = f.Str("suffix");
  p.address = ReadAddress(f.Child("address", kAddressKeys));
  p.contact = ReadContact(f.Child("contactInformation", kContactKeys));
  p.secondary_ids = ReadSecondaryIds(f, "secondaryIdentifier");
  return p;
}

void ReadPerson(const JsonFields& f, hipaa::Person* p) {
  p->first_name = f.Str("firstName");
  p->last_name = f.Str("lastName");
  p->middle_name = f.Str("middleName");
  p->suffix = f.Str("suffix");
  p->gender = f.Str("gender");
  p->date_of_birth = f.Date("dateOfBirth");
  p->address = ReadAddress(f.Child("address", kAddressKeys));
  p->property_casualty_claim_number = f.Str("propertyCasualtyClaimNumber", true);
  p->contact = ReadContact(f.Child("contactInformation", kContactKeys));
  p->death_date = f.Date("deathDate");
  p->weight_pounds = f.Str("patientWeight", true);
  p->pregnancy_indicator = f.Str("pregnancyIndicator");
}

hipaa::CodingSystem ReadSystem(const JsonFields& f) {
  std::string name = f.Str("codeSystem");
  hipaa::CodingSystem system = hipaa::CodingSystem::kUnspecified;
  if (!name.empty() && !hipaa::ParseCodingSystem(name, &system)) {
    f.ctx().Add(JoinPath(f.path(), "codeSystem"), "invalid_code_system",
                "The code system must be one of ICD-10-CM, ICD-9-CM, ICD-10-PCS, CPT, HCPCS, CDT, "
                "DRG or REV.",
                name);
  }
  return system;
}

hipaa::Code ReadCode(const JsonFields& f, std::string_view qualifier_key, std::string_view code_key,
                     std::string_view date_key) {
  hipaa::Code c;
  if (!f.ok()) return c;
  c.qualifier = f.Str(qualifier_key);
  c.value = f.Str(code_key);
  c.system = ReadSystem(f);
  if (f.Has("presentOnAdmissionIndicator")) c.poa = f.Str("presentOnAdmissionIndicator");
  if (!date_key.empty()) c.date = f.Date(date_key);
  return c;
}

std::vector<hipaa::SecondaryId> ReadSecondaryIds(const JsonFields& f, std::string_view key) {
  std::vector<hipaa::SecondaryId> out;
  EachObject(f, key, {"qualifier", "identifier"}, [&](const JsonFields& id) {
    out.push_back({id.Str("qualifier", true), id.Str("identifier", true)});
  });
  return out;
}

std::optional<std::int64_t> OptionalAmount(const JsonFields& f, std::string_view key) {
  std::int64_t cents = 0;
  if (!f.Amount(key, &cents)) return std::nullopt;
  return cents;
}

std::vector<hipaa::Attachment> ReadAttachments(const JsonFields& f) {
  std::vector<hipaa::Attachment> out;
  EachObject(f, "reportInformations",
             {"attachmentReportTypeCode", "attachmentTransmissionCode", "attachmentControlNumber"},
             [&](const JsonFields& a) {
               out.push_back({a.Str("attachmentReportTypeCode", true),
                              a.Str("attachmentTransmissionCode"),
                              a.Str("attachmentControlNumber", true)});
             });
  return out;
}

hipaa::Repricing ReadRepricing(const JsonFields& parent, std::string_view key, bool line) {
  static constexpr std::string_view kClaimKeys[] = {
      "pricingMethodologyCode",        "repricedAllowedAmount",
      "repricedSavingAmount",          "repricingOrganizationIdentifier",
      "repricingPerDiemOrFlatRateAmount", "repricedApprovedDrgCode",
      "repricedApprovedDrgAmount",     "rejectReasonCode",
      "policyComplianceCode",          "exceptionCode"};
  static constexpr std::string_view kLineKeys[] = {
      "pricingMethodologyCode",        "repricedAllowedAmount",
      "repricedSavingAmount",          "repricingOrganizationIdentifier",
      "repricingPerDiemOrFlatRateAmount", "repricedApprovedDrgCode",
      "repricedApprovedDrgAmount",     "rejectReasonCode",
      "policyComplianceCode",          "exceptionCode",
      "repricedApprovedRevenueCode",   "repricedApprovedProcedureCode",
      "repricedApprovedMeasurementUnit", "repricedApprovedServiceUnitCount"};
  JsonFields f = line ? parent.Child(key, kLineKeys) : parent.Child(key, kClaimKeys);
  hipaa::Repricing r;
  if (!f.ok()) return r;
  r.pricing_methodology = f.Str("pricingMethodologyCode", true);
  r.allowed_cents = OptionalAmount(f, "repricedAllowedAmount");
  r.saving_cents = OptionalAmount(f, "repricedSavingAmount");
  r.organization_id = f.Str("repricingOrganizationIdentifier", true);
  r.per_diem_cents = OptionalAmount(f, "repricingPerDiemOrFlatRateAmount");
  r.approved_drg_code = f.Str("repricedApprovedDrgCode", true);
  r.approved_drg_cents = OptionalAmount(f, "repricedApprovedDrgAmount");
  r.reject_reason_code = f.Str("rejectReasonCode", true);
  r.policy_compliance_code = f.Str("policyComplianceCode", true);
  r.exception_code = f.Str("exceptionCode", true);
  if (line) {
    r.approved_revenue_code = f.Str("repricedApprovedRevenueCode", true);
    r.approved_procedure_code = f.Str("repricedApprovedProcedureCode", true);
    r.approved_unit = f.Str("repricedApprovedMeasurementUnit");
    r.approved_units = f.Str("repricedApprovedServiceUnitCount", true);
  }
  return r;
}

std::vector<hipaa::AdjustmentGroup> ReadAdjustmentGroups(const JsonFields& f,
                                                         std::string_view key) {
  std::vector<hipaa::AdjustmentGroup> out;
  EachObject(f, key, {"adjustmentGroupCode", "adjustmentDetails"}, [&](const JsonFields& gf) {
    hipaa::AdjustmentGroup group;
    group.group_code = gf.Str("adjustmentGroupCode");
    EachObject(gf, "adjustmentDetails",
               {"adjustmentReasonCode", "adjustmentAmount", "adjustmentQuantity"},
               [&](const JsonFields& af) {
                 hipaa::Adjustment adj;
                 adj.reason_code = af.Str("adjustmentReasonCode", true);
                 af.Amount("adjustmentAmount", &adj.amount_cents);
                 adj.quantity = af.Str("adjustmentQuantity", true);
                 group.adjustments.push_back(std::move(adj));
               });
    out.push_back(std::move(group));
  });
  return out;
}

}  // namespace claimgate::core::detail
