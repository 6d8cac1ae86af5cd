// edi::hipaa::Encounter -> encounter JSON: the writers of objects found in several places of the
// format (docs/encounter-json.md). Empty strings and absent amounts are left out.
#include <string>

#include "edi/hipaa/response_common.hpp"
#include "src/core/encounter_json_write_parts.hpp"

namespace claimgate::core::detail {

namespace hipaa = edi::hipaa;

void Put(OrderedJson& j, const char* key, const std::string& v) {
  if (!v.empty()) j[key] = v;
}
void PutUnlessDefault(OrderedJson& j, const char* key, const std::string& v, std::string_view def) {
  if (v != def) j[key] = v;
}
void PutObject(OrderedJson& j, const char* key, OrderedJson child) {
  if (!child.empty()) j[key] = std::move(child);
}
std::string Amount(std::int64_t cents) { return hipaa::FormatCents(cents); }

OrderedJson AddressJson(const hipaa::Address& a) {
  OrderedJson j = OrderedJson::object();
  Put(j, "address1", a.address1);
  Put(j, "address2", a.address2);
  Put(j, "city", a.city);
  Put(j, "state", a.state);
  Put(j, "postalCode", a.postal_code);
  return j;
}

OrderedJson ContactJson(const hipaa::Contact& c) {
  OrderedJson j = OrderedJson::object();
  Put(j, "name", c.name);
  Put(j, "phoneNumber", c.phone_number);
  Put(j, "phoneExtension", c.phone_extension);
  Put(j, "email", c.email);
  return j;
}

OrderedJson ProviderJson(const hipaa::Provider& p) {
  OrderedJson j = OrderedJson::object();
  Put(j, "npi", p.npi);
  Put(j, "employerId", p.employer_id);
  Put(j, "ssn", p.ssn);
  Put(j, "taxonomyCode", p.taxonomy_code);
  Put(j, "organizationName", p.organization_name);
  Put(j, "lastName", p.last_name);
  Put(j, "firstName", p.first_name);
  Put(j, "middleName", p.middle_name);
  Put(j, "suffix", p.suffix);
  PutObject(j, "contactInformation", ContactJson(p.contact));
  PutObject(j, "address", AddressJson(p.address));
  PutSecondaryIds(j, "secondaryIdentifier", p.secondary_ids);
  return j;
}

void PersonJson(const hipaa::Person& p, OrderedJson& j) {
  Put(j, "firstName", p.first_name);
  Put(j, "lastName", p.last_name);
  Put(j, "middleName", p.middle_name);
  Put(j, "suffix", p.suffix);
  Put(j, "gender", p.gender);
  Put(j, "dateOfBirth", p.date_of_birth);
  PutObject(j, "address", AddressJson(p.address));
  Put(j, "propertyCasualtyClaimNumber", p.property_casualty_claim_number);
  PutObject(j, "contactInformation", ContactJson(p.contact));
  Put(j, "deathDate", p.death_date);
  Put(j, "patientWeight", p.weight_pounds);
  Put(j, "pregnancyIndicator", p.pregnancy_indicator);
}

OrderedJson CodeJson(const hipaa::Code& c, const char* qualifier_key, const char* code_key,
                     const char* date_key) {
  OrderedJson j = OrderedJson::object();
  Put(j, qualifier_key, c.qualifier);
  Put(j, code_key, c.value);
  if (c.system != hipaa::CodingSystem::kUnspecified) {
    j["codeSystem"] = std::string(hipaa::CodingSystemName(c.system));
  }
  Put(j, "presentOnAdmissionIndicator", c.poa);
  if (date_key != nullptr) Put(j, date_key, c.date);
  return j;
}

void PutAmount(OrderedJson& j, const char* key, const std::optional<std::int64_t>& cents) {
  if (cents) j[key] = Amount(*cents);
}

void PutSecondaryIds(OrderedJson& j, const char* key, const std::vector<hipaa::SecondaryId>& ids) {
  if (ids.empty()) return;
  OrderedJson a = OrderedJson::array();
  for (const hipaa::SecondaryId& id : ids) {
    OrderedJson ij = OrderedJson::object();
    Put(ij, "qualifier", id.qualifier);
    Put(ij, "identifier", id.identifier);
    a.push_back(std::move(ij));
  }
  j[key] = std::move(a);
}

void PutAttachments(OrderedJson& j, const std::vector<hipaa::Attachment>& attachments) {
  if (attachments.empty()) return;
  OrderedJson a = OrderedJson::array();
  for (const hipaa::Attachment& at : attachments) {
    OrderedJson aj = OrderedJson::object();
    Put(aj, "attachmentReportTypeCode", at.report_type_code);
    Put(aj, "attachmentTransmissionCode", at.transmission_code);
    Put(aj, "attachmentControlNumber", at.control_number);
    a.push_back(std::move(aj));
  }
  j["reportInformations"] = std::move(a);
}

void PutRepricing(OrderedJson& j, const char* key, const hipaa::Repricing& r, bool line) {
  if (!r.present()) return;
  OrderedJson o = OrderedJson::object();
  Put(o, "pricingMethodologyCode", r.pricing_methodology);
  PutAmount(o, "repricedAllowedAmount", r.allowed_cents);
  PutAmount(o, "repricedSavingAmount", r.saving_cents);
  Put(o, "repricingOrganizationIdentifier", r.organization_id);
  PutAmount(o, "repricingPerDiemOrFlatRateAmount", r.per_diem_cents);
  Put(o, "repricedApprovedDrgCode", r.approved_drg_code);
  PutAmount(o, "repricedApprovedDrgAmount", r.approved_drg_cents);
  if (line) {
    Put(o, "repricedApprovedRevenueCode", r.approved_revenue_code);
    Put(o, "repricedApprovedProcedureCode", r.approved_procedure_code);
    Put(o, "repricedApprovedMeasurementUnit", r.approved_unit);
    Put(o, "repricedApprovedServiceUnitCount", r.approved_units);
  }
  Put(o, "rejectReasonCode", r.reject_reason_code);
  Put(o, "policyComplianceCode", r.policy_compliance_code);
  Put(o, "exceptionCode", r.exception_code);
  j[key] = std::move(o);
}

void PutAdjustments(OrderedJson& j, const char* key,
                    const std::vector<hipaa::AdjustmentGroup>& groups) {
  if (groups.empty()) return;
  OrderedJson a = OrderedJson::array();
  for (const hipaa::AdjustmentGroup& g : groups) {
    OrderedJson gj = OrderedJson::object();
    Put(gj, "adjustmentGroupCode", g.group_code);
    OrderedJson details = OrderedJson::array();
    for (const hipaa::Adjustment& adj : g.adjustments) {
      OrderedJson aj = OrderedJson::object();
      Put(aj, "adjustmentReasonCode", adj.reason_code);
      aj["adjustmentAmount"] = Amount(adj.amount_cents);
      Put(aj, "adjustmentQuantity", adj.quantity);
      details.push_back(std::move(aj));
    }
    gj["adjustmentDetails"] = std::move(details);
    a.push_back(std::move(gj));
  }
  j[key] = std::move(a);
}

}  // namespace claimgate::core::detail
