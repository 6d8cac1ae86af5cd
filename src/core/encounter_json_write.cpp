// edi::hipaa::Encounter -> encounter JSON: the inverse of encounter_json.cpp's reading, key by key
// (docs/encounter-json.md). Empty strings are left out; a field with a default (claim frequency
// "1", signature "Y" ...) is written only when it differs from that default.
#include <string>

#include <nlohmann/json.hpp>

#include "edi/hipaa/response_common.hpp"
#include "src/core/encounter_json.hpp"
#include "src/core/encounter_json_write_parts.hpp"

namespace claimgate::core {
namespace {

using Json = nlohmann::ordered_json;
using detail::AddressJson;
using detail::Amount;
using detail::CodeJson;
using detail::ContactJson;
using detail::PersonJson;
using detail::ProviderJson;
using detail::Put;
using detail::PutAmount;
using detail::PutObject;
using detail::PutUnlessDefault;
namespace hipaa = edi::hipaa;

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
  Put(j, "patientSignatureSourceCode", c.patient_signature_source);
  if (!c.related_causes.empty()) j["relatedCausesCode"] = c.related_causes;
  Put(j, "autoAccidentStateCode", c.auto_accident_state);
  Put(j, "autoAccidentCountryCode", c.auto_accident_country);
  Put(j, "specialProgramCode", c.special_program_code);
  Put(j, "delayReasonCode", c.delay_reason_code);
  Put(j, "claimSubmissionReasonCode", c.claim_submission_reason_code);
  Put(j, "orthodonticTreatmentMonthsCount", c.orthodontic_total_months);
  Put(j, "orthodonticTreatmentMonthsRemainingCount", c.orthodontic_remaining_months);
  Put(j, "orthodonticTreatmentIndicator", c.orthodontic_treatment_indicator);
  PutAmount(j, "patientAmountPaid", c.patient_amount_paid_cents);
  detail::PutAttachments(j, c.attachments);
  Json cr2 = Json::object();
  Put(cr2, "patientConditionCode", c.patient_condition_code);
  Put(cr2, "patientConditionDescription1", c.patient_condition_description);
  PutObject(j, "spinalManipulationServiceInformation", std::move(cr2));
  detail::PutRepricing(j, "claimPricingRepricingInformation", c.repricing, false);
  Json dates = Json::object();
  Put(dates, "onsetOfCurrentIllnessOrInjuryDate", c.onset_date);
  Put(dates, "statementBeginDate", c.statement_begin_date);
  Put(dates, "statementEndDate", c.statement_end_date);
  if (!c.admission_date.empty())
    dates["admissionDateAndHour"] = c.admission_date + c.admission_hour;
  Put(dates, "dischargeHour", c.discharge_hour);
  Put(dates, "initialTreatmentDate", c.initial_treatment_date);
  Put(dates, "lastSeenDate", c.last_seen_date);
  Put(dates, "acuteManifestationDate", c.acute_manifestation_date);
  Put(dates, "accidentDate", c.accident_date);
  Put(dates, "lastMenstrualPeriodDate", c.last_menstrual_period_date);
  Put(dates, "lastXRayDate", c.last_xray_date);
  Put(dates, "firstContactDate", c.first_contact_date);
  Put(dates, "appliancePlacementDate", c.appliance_placement_date);
  Put(dates, "serviceDate", c.service_date);
  Put(dates, "serviceDateEnd", c.service_date_end);
  PutObject(j, "claimDateInformation", std::move(dates));
  Json sup = Json::object();
  Put(sup, "priorAuthorizationNumber", c.prior_authorization_number);
  Put(sup, "referralNumber", c.referral_number);
  Put(sup, "claimControlNumber", c.payer_claim_control_number);
  Put(sup, "claimNumber", c.clearinghouse_trace_number);
  Put(sup, "medicalRecordNumber", c.medical_record_number);
  Put(sup, "repricedClaimNumber", c.repriced_claim_number);
  Put(sup, "adjustedRepricedClaimNumber", c.adjusted_repriced_claim_number);
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
  list("patientReasonForVisits", c.visit_reasons, [](const hipaa::Code& d) {
    return CodeJson(d, "qualifierCode", "patientReasonForVisitCode");
  });
  list("externalCauseOfInjuries", c.external_causes, [](const hipaa::Code& d) {
    return CodeJson(d, "qualifierCode", "externalCauseOfInjury");
  });
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
  list("otherSubscriberInformation", c.other_payers, detail::OtherPayerJson);
  list("serviceLines", c.service_lines,
       [type](const hipaa::ServiceLine& l) { return detail::LineJson(type, l); });
  return j;
}

Json EncounterToJson(const hipaa::Encounter& e) {
  Json j = Json::object();
  j["claimType"] = std::string(hipaa::ClaimTypeName(e.type));
  Put(j, "tradingPartnerServiceId", e.payer_id);
  Put(j, "tradingPartnerName", e.payer_name);
  PutUnlessDefault(j, "payerIdQualifier", e.payer_id_qualifier, "PI");
  PutObject(j, "payerAddress", AddressJson(e.payer_address));
  detail::PutSecondaryIds(j, "payerSecondaryIdentifier", e.payer_secondary_ids);
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
  Put(s, "insuranceTypeCode", e.subscriber.insurance_type_code);
  PutObject(j, "subscriber", std::move(s));
  if (e.has_dependent) {
    Json d = Json::object();
    PersonJson(e.dependent, d);
    Put(d, "relationshipToSubscriberCode", e.dependent.relationship_to_subscriber);
    j["dependent"] = std::move(d);
  }
  j["claimInformation"] = ClaimJson(e.type, e.claim);
  if (e.service_facility.present()) {
    j["claimInformation"]["serviceFacilityLocation"] = ProviderJson(e.service_facility);
  }
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
