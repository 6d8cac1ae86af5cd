// edi::hipaa::Encounter -> encounter JSON: the inverse of encounter_json.cpp's reading, key by key
// (docs/encounter-json.md). Empty strings are left out; a field with a default (claim frequency
// "1", signature "Y" ...) is written only when it differs from that default.
#include <string>

#include <nlohmann/json.hpp>

#include "edi/hipaa/response_common.hpp"
#include "src/core/encounter_json.hpp"

namespace claimgate::core {
namespace {

using Json = nlohmann::ordered_json;
namespace hipaa = edi::hipaa;

void Put(Json& j, const char* key, const std::string& v) {
  if (!v.empty()) j[key] = v;
}
// A field whose absence reads as `def`.
void PutUnlessDefault(Json& j, const char* key, const std::string& v, std::string_view def) {
  if (v != def) j[key] = v;
}
void PutObject(Json& j, const char* key, Json child) {
  if (!child.empty()) j[key] = std::move(child);
}
std::string Amount(std::int64_t cents) { return hipaa::FormatCents(cents); }

Json AddressJson(const hipaa::Address& a) {
  Json j = Json::object();
  Put(j, "address1", a.address1);
  Put(j, "address2", a.address2);
  Put(j, "city", a.city);
  Put(j, "state", a.state);
  Put(j, "postalCode", a.postal_code);
  return j;
}

Json ContactJson(const hipaa::Contact& c) {
  Json j = Json::object();
  Put(j, "name", c.name);
  Put(j, "phoneNumber", c.phone_number);
  Put(j, "phoneExtension", c.phone_extension);
  Put(j, "email", c.email);
  return j;
}

Json ProviderJson(const hipaa::Provider& p) {
  Json j = Json::object();
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
  return j;
}

void PersonJson(const hipaa::Person& p, Json& j) {
  Put(j, "firstName", p.first_name);
  Put(j, "lastName", p.last_name);
  Put(j, "middleName", p.middle_name);
  Put(j, "suffix", p.suffix);
  Put(j, "gender", p.gender);
  Put(j, "dateOfBirth", p.date_of_birth);
  PutObject(j, "address", AddressJson(p.address));
}

// A code under `code_key` with its qualifier, system, POA and date.
Json CodeJson(const hipaa::Code& c, const char* qualifier_key, const char* code_key,
              const char* date_key = nullptr) {
  Json j = Json::object();
  Put(j, qualifier_key, c.qualifier);
  Put(j, code_key, c.value);
  if (c.system != hipaa::CodingSystem::kUnspecified) {
    j["codeSystem"] = std::string(hipaa::CodingSystemName(c.system));
  }
  Put(j, "presentOnAdmissionIndicator", c.poa);
  if (date_key != nullptr) Put(j, date_key, c.date);
  return j;
}

Json LineJson(hipaa::ClaimType type, const hipaa::ServiceLine& l) {
  Json j = Json::object();
  Put(j, "serviceDate", l.service_date);
  Put(j, "serviceDateEnd", l.service_date_end);
  Put(j, "providerControlNumber", l.control_number);
  Put(j, "additionalNotes", l.note);
  Json s = Json::object();
  Put(s, "procedureIdentifier", l.procedure.qualifier);
  Put(s, "procedureCode", l.procedure.value);
  if (l.procedure.system != hipaa::CodingSystem::kUnspecified) {
    s["codeSystem"] = std::string(hipaa::CodingSystemName(l.procedure.system));
  }
  if (!l.modifiers.empty()) s["procedureModifiers"] = l.modifiers;
  s["lineItemChargeAmount"] = Amount(l.charge_cents);
  PutUnlessDefault(s, "measurementUnit", l.unit, "UN");
  PutUnlessDefault(s, type == hipaa::ClaimType::kDental ? "procedureCount" : "serviceUnitCount",
                   l.units, "1");
  Put(s, "placeOfServiceCode", l.place_of_service);
  Put(s, "serviceLineRevenueCode", l.revenue_code);
  if (!l.oral_cavity_areas.empty()) s["oralCavityDesignation"] = l.oral_cavity_areas;
  if (!l.diagnosis_pointers.empty()) {
    Json pointers = Json::array();
    for (int p : l.diagnosis_pointers) pointers.push_back(std::to_string(p));
    s["compositeDiagnosisCodePointers"] = Json{{"diagnosisCodePointers", pointers}};
  }
  static constexpr const char* kServiceKeys[] = {"professionalService", "institutionalService",
                                                 "dentalService"};
  j[kServiceKeys[static_cast<int>(type)]] = std::move(s);
  if (!l.teeth.empty()) {
    Json teeth = Json::array();
    for (const hipaa::Tooth& t : l.teeth) {
      Json tj = Json::object();
      Put(tj, "toothCode", t.number);
      if (!t.surfaces.empty()) {
        Json surfaces = Json::array();
        for (const std::string& code : t.surfaces) surfaces.push_back({{"toothSurfaceCode", code}});
        tj["toothSurface"] = std::move(surfaces);
      }
      teeth.push_back(std::move(tj));
    }
    j["toothInformation"] = std::move(teeth);
  }
  PutObject(j, "renderingProvider", ProviderJson(l.rendering));
  return j;
}

Json OtherPayerJson(const hipaa::OtherPayer& o) {
  Json j = Json::object();
  Put(j, "paymentResponsibilityLevelCode", o.payment_responsibility);
  PutUnlessDefault(j, "individualRelationshipCode", o.relationship_code, "18");
  Put(j, "insuranceGroupOrPolicyNumber", o.group_number);
  Put(j, "claimFilingIndicatorCode", o.claim_filing_code);
  PutUnlessDefault(j, "benefitsAssignmentCertificationIndicator", o.benefits_assignment, "Y");
  PutUnlessDefault(j, "releaseOfInformationCode", o.release_information, "Y");
  if (o.has_paid_amount) j["payerPaidAmount"] = Amount(o.paid_cents);
  if (!o.adjustments.empty()) {
    Json groups = Json::array();
    for (const hipaa::AdjustmentGroup& g : o.adjustments) {
      Json gj = Json::object();
      Put(gj, "adjustmentGroupCode", g.group_code);
      Json details = Json::array();
      for (const hipaa::Adjustment& a : g.adjustments) {
        Json aj = Json::object();
        Put(aj, "adjustmentReasonCode", a.reason_code);
        aj["adjustmentAmount"] = Amount(a.amount_cents);
        Put(aj, "adjustmentQuantity", a.quantity);
        details.push_back(std::move(aj));
      }
      gj["adjustmentDetails"] = std::move(details);
      groups.push_back(std::move(gj));
    }
    j["claimLevelAdjustments"] = std::move(groups);
  }
  Json sub = Json::object();
  Put(sub, "otherInsuredLastName", o.subscriber_last_name);
  Put(sub, "otherInsuredFirstName", o.subscriber_first_name);
  Put(sub, "otherInsuredIdentifier", o.subscriber_id);
  PutObject(j, "otherSubscriberName", std::move(sub));
  Json payer = Json::object();
  Put(payer, "otherPayerOrganizationName", o.payer_name);
  Put(payer, "otherPayerIdentifier", o.payer_id);
  Put(payer, "otherPayerAdjudicationOrPaymentDate", o.adjudication_date);
  Put(payer, "otherPayerClaimControlNumber", o.claim_control_number);
  PutObject(j, "otherPayerName", std::move(payer));
  return j;
}

Json ClaimJson(hipaa::ClaimType type, const hipaa::ClaimInformation& c) {
  Json j = Json::object();
  PutUnlessDefault(j, "claimFilingCode", c.claim_filing_code, "CI");
  Put(j, "patientControlNumber", c.patient_control_number);
  if (c.has_charge) j["claimChargeAmount"] = Amount(c.charge_cents);
  Put(j, "placeOfServiceCode", c.place_of_service);
  PutUnlessDefault(j, "claimFrequencyCode", c.frequency_code, "1");
  PutUnlessDefault(j, "signatureIndicator", c.signature_indicator, "Y");
  PutUnlessDefault(j, "planParticipationCode", c.plan_participation, "A");
  PutUnlessDefault(j, "benefitsAssignmentCertificationIndicator", c.benefits_assignment, "Y");
  PutUnlessDefault(j, "releaseInformationCode", c.release_information, "Y");
  Json dates = Json::object();
  Put(dates, "onsetOfCurrentIllnessOrInjuryDate", c.onset_date);
  Put(dates, "statementBeginDate", c.statement_begin_date);
  Put(dates, "statementEndDate", c.statement_end_date);
  if (!c.admission_date.empty())
    dates["admissionDateAndHour"] = c.admission_date + c.admission_hour;
  Put(dates, "dischargeHour", c.discharge_hour);
  PutObject(j, "claimDateInformation", std::move(dates));
  Json sup = Json::object();
  Put(sup, "priorAuthorizationNumber", c.prior_authorization_number);
  Put(sup, "referralNumber", c.referral_number);
  Put(sup, "claimControlNumber", c.payer_claim_control_number);
  Put(sup, "claimNumber", c.clearinghouse_trace_number);
  Put(sup, "medicalRecordNumber", c.medical_record_number);
  PutObject(j, "claimSupplementalInformation", std::move(sup));
  if (!c.note.empty()) j["claimNote"] = Json{{"additionalInformation", c.note}};
  auto list = [&](const char* key, const auto& items, auto&& one) {
    if (items.empty()) return;
    Json a = Json::array();
    for (const auto& item : items) a.push_back(one(item));
    j[key] = std::move(a);
  };
  list("healthCareCodeInformation", c.diagnoses,
       [](const hipaa::Code& d) { return CodeJson(d, "diagnosisTypeCode", "diagnosisCode"); });
  if (c.principal_diagnosis.present()) {
    j["principalDiagnosis"] =
        CodeJson(c.principal_diagnosis, "qualifierCode", "principalDiagnosisCode");
  }
  if (c.admitting_diagnosis.present()) {
    j["admittingDiagnosis"] =
        CodeJson(c.admitting_diagnosis, "qualifierCode", "admittingDiagnosisCode");
  }
  list("otherDiagnosisInformationList", c.other_diagnoses,
       [](const hipaa::Code& d) { return CodeJson(d, "qualifierCode", "otherDiagnosisCode"); });
  if (c.principal_procedure.present()) {
    j["principalProcedureInformation"] = CodeJson(
        c.principal_procedure, "qualifierCode", "principalProcedureCode", "principalProcedureDate");
  }
  list("otherProcedureInformationList", c.other_procedures, [](const hipaa::Code& p) {
    return CodeJson(p, "qualifierCode", "otherProcedureCode", "otherProcedureDate");
  });
  if (!c.drg.empty()) j["diagnosisRelatedGroupInformation"] = Json{{"drugRelatedGroupCode", c.drg}};
  Json codes = Json::object();
  Put(codes, "admissionTypeCode", c.admission_type);
  Put(codes, "admissionSourceCode", c.admission_source);
  Put(codes, "patientStatusCode", c.patient_status);
  PutObject(j, "claimCodeInformation", std::move(codes));
  list("occurrenceInformationList", c.occurrences, [](const hipaa::OccurrenceCode& o) {
    Json oj = Json::object();
    Put(oj, "occurrenceCode", o.code);
    Put(oj, "occurrenceDate", o.date);
    return oj;
  });
  list("valueInformationList", c.values, [](const hipaa::ValueCode& v) {
    Json vj = Json::object();
    Put(vj, "valueCode", v.code);
    vj["valueCodeAmount"] = Amount(v.amount_cents);
    return vj;
  });
  list("conditionCodesList", c.condition_codes, [](const std::string& code) {
    return Json{{"conditionCode", code}};
  });
  list("otherSubscriberInformation", c.other_payers, OtherPayerJson);
  list("serviceLines", c.service_lines,
       [type](const hipaa::ServiceLine& l) { return LineJson(type, l); });
  return j;
}

Json EncounterToJson(const hipaa::Encounter& e) {
  Json j = Json::object();
  j["claimType"] = std::string(hipaa::ClaimTypeName(e.type));
  Put(j, "tradingPartnerServiceId", e.payer_id);
  Put(j, "tradingPartnerName", e.payer_name);
  Json sub = Json::object();
  Put(sub, "organizationName", e.submitter.organization_name);
  Put(sub, "submitterIdentification", e.submitter.id);
  PutObject(sub, "contactInformation", ContactJson(e.submitter.contact));
  PutObject(j, "submitter", std::move(sub));
  Json rec = Json::object();
  Put(rec, "organizationName", e.receiver.organization_name);
  Put(rec, "receiverIdentification", e.receiver.id);
  PutObject(j, "receiver", std::move(rec));
  PutObject(j, "billing", ProviderJson(e.billing));
  PutObject(j, "payToAddress", AddressJson(e.pay_to_address));
  PutObject(j, "referring", ProviderJson(e.referring));
  PutObject(j, "rendering", ProviderJson(e.rendering));
  PutObject(j, "supervising", ProviderJson(e.supervising));
  PutObject(j, "attending", ProviderJson(e.attending));
  PutObject(j, "operating", ProviderJson(e.operating));
  Json s = Json::object();
  Put(s, "memberId", e.subscriber.member_id);
  PutUnlessDefault(s, "paymentResponsibilityLevelCode", e.subscriber.payment_responsibility, "P");
  PersonJson(e.subscriber, s);
  Put(s, "groupNumber", e.subscriber.group_number);
  Put(s, "groupName", e.subscriber.group_name);
  PutObject(j, "subscriber", std::move(s));
  if (e.has_dependent) {
    Json d = Json::object();
    PersonJson(e.dependent, d);
    Put(d, "relationshipToSubscriberCode", e.dependent.relationship_to_subscriber);
    j["dependent"] = std::move(d);
  }
  j["claimInformation"] = ClaimJson(e.type, e.claim);
  return j;
}

}  // namespace

std::string WriteEncounterJson(const hipaa::Encounter& encounter, int indent) {
  return EncounterToJson(encounter).dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::string WriteEncounterJsonArray(std::span<const hipaa::Encounter> encounters, int indent) {
  Json a = Json::array();
  for (const hipaa::Encounter& e : encounters) a.push_back(EncounterToJson(e));
  return a.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace claimgate::core
