// edi::hipaa::Encounter -> encounter JSON: a service line (with its drug, line providers, line
// adjudication and forms) and an other payer, key by key as encounter_json_claim.cpp reads them.
#include <string>

#include "src/core/encounter_json_write_parts.hpp"

namespace claimgate::core::detail {

namespace hipaa = edi::hipaa;

OrderedJson LineJson(hipaa::ClaimType type, const hipaa::ServiceLine& l) {
  OrderedJson j = OrderedJson::object();
  Put(j, "serviceDate", l.service_date);
  Put(j, "serviceDateEnd", l.service_date_end);
  Put(j, "providerControlNumber", l.control_number);
  Put(j, "additionalNotes", l.note);
  OrderedJson dates = OrderedJson::object();
  Put(dates, "prescriptionDate", l.prescription_date);
  Put(dates, "certificationRevisionOrRecertificationDate", l.certification_revision_date);
  Put(dates, "beginTherapyDate", l.begin_therapy_date);
  Put(dates, "lastCertificationDate", l.last_certification_date);
  PutObject(j, "serviceLineDateInformation", std::move(dates));
  if (l.dme_certification.present()) {
    OrderedJson cr3 = OrderedJson::object();
    Put(cr3, "certificationTypeCode", l.dme_certification.type_code);
    Put(cr3, "durableMedicalEquipmentDurationInMonths", l.dme_certification.duration_months);
    j["durableMedicalEquipmentCertification"] = std::move(cr3);
  }
  PutAttachments(j, l.attachments);
  PutAmount(j, "salesTaxAmount", l.sales_tax_cents);
  PutRepricing(j, "linePricingRepricingInformation", l.repricing, true);
  if (!l.test_results.empty()) {
    OrderedJson a = OrderedJson::array();
    for (const hipaa::TestResult& t : l.test_results) {
      OrderedJson tj = OrderedJson::object();
      Put(tj, "measurementReferenceIdentificationCode", t.reference_code);
      Put(tj, "measurementQualifier", t.qualifier);
      Put(tj, "testResults", t.value);
      a.push_back(std::move(tj));
    }
    j["testResults"] = std::move(a);
  }
  OrderedJson s = OrderedJson::object();
  Put(s, "procedureIdentifier", l.procedure.qualifier);
  Put(s, "procedureCode", l.procedure.value);
  if (l.procedure.system != hipaa::CodingSystem::kUnspecified) {
    s["codeSystem"] = std::string(hipaa::CodingSystemName(l.procedure.system));
  }
  if (!l.modifiers.empty()) s["procedureModifiers"] = l.modifiers;
  Put(s, "description", l.procedure_description);
  s["lineItemChargeAmount"] = Amount(l.charge_cents);
  PutUnlessDefault(s, "measurementUnit", l.unit, "UN");
  if (type == hipaa::ClaimType::kDental) {
    Put(s, "procedureCount", l.units);
  } else {
    PutUnlessDefault(s, "serviceUnitCount", l.units, "1");
  }
  Put(s, "placeOfServiceCode", l.place_of_service);
  Put(s, "serviceLineRevenueCode", l.revenue_code);
  if (!l.oral_cavity_areas.empty()) s["oralCavityDesignation"] = l.oral_cavity_areas;
  Put(s, "emergencyIndicator", l.emergency_indicator);
  Put(s, "epsdtIndicator", l.epsdt_indicator);
  Put(s, "familyPlanningIndicator", l.family_planning_indicator);
  Put(s, "copayStatusCode", l.copay_status_code);
  PutAmount(s, "serviceLineRate", l.unit_rate_cents);
  PutAmount(s, "nonCoveredChargeAmount", l.non_covered_cents);
  Put(s, "prosthesisCrownOrInlayCode", l.prosthesis_code);
  if (!l.diagnosis_pointers.empty()) {
    OrderedJson pointers = OrderedJson::array();
    for (int p : l.diagnosis_pointers) pointers.push_back(std::to_string(p));
    s["compositeDiagnosisCodePointers"] = OrderedJson{{"diagnosisCodePointers", pointers}};
  }
  static constexpr const char* kServiceKeys[] = {"professionalService", "institutionalService",
                                                 "dentalService"};
  j[kServiceKeys[static_cast<int>(type)]] = std::move(s);
  if (!l.teeth.empty()) {
    OrderedJson teeth = OrderedJson::array();
    for (const hipaa::Tooth& t : l.teeth) {
      OrderedJson tj = OrderedJson::object();
      Put(tj, "toothCode", t.number);
      if (!t.surfaces.empty()) {
        OrderedJson surfaces = OrderedJson::array();
        for (const std::string& code : t.surfaces) surfaces.push_back({{"toothSurfaceCode", code}});
        tj["toothSurface"] = std::move(surfaces);
      }
      teeth.push_back(std::move(tj));
    }
    j["toothInformation"] = std::move(teeth);
  }
  PutObject(j, "renderingProvider", ProviderJson(l.rendering));
  PutObject(j, "orderingProvider", ProviderJson(l.ordering));
  PutObject(j, "referringProvider", ProviderJson(l.referring));
  if (l.drug.present()) {
    OrderedJson d = OrderedJson::object();
    PutUnlessDefault(d, "serviceIdQualifier", l.drug.qualifier, "N4");
    Put(d, "nationalDrugCode", l.drug.code);
    Put(d, "nationalDrugUnitCount", l.drug.units);
    Put(d, "measurementUnitCode", l.drug.unit);
    if (l.drug.reference_qualifier == "XZ") Put(d, "pharmacyPrescriptionNumber", l.drug.reference);
    if (l.drug.reference_qualifier == "VY") Put(d, "linkSequenceNumber", l.drug.reference);
    j["drugIdentification"] = std::move(d);
  }
  if (!l.adjudications.empty()) {
    OrderedJson a = OrderedJson::array();
    for (const hipaa::LineAdjudication& adj : l.adjudications) {
      OrderedJson aj = OrderedJson::object();
      Put(aj, "otherPayerPrimaryIdentifier", adj.other_payer_id);
      aj["serviceLinePaidAmount"] = Amount(adj.paid_cents);
      PutUnlessDefault(aj, "serviceIdQualifier", adj.procedure_qualifier, "HC");
      Put(aj, "procedureCode", adj.procedure_code);
      if (!adj.modifiers.empty()) aj["procedureModifier"] = adj.modifiers;
      Put(aj, "procedureCodeDescription", adj.procedure_description);
      Put(aj, "serviceLineRevenueCode", adj.revenue_code);
      Put(aj, "paidServiceUnitCount", adj.paid_units);
      Put(aj, "bundledOrUnbundledLineNumber", adj.bundled_line_number);
      PutAdjustments(aj, "claimAdjustmentInformation", adj.adjustments);
      Put(aj, "adjudicationOrPaymentDate", adj.adjudication_date);
      PutAmount(aj, "remainingPatientLiability", adj.remaining_patient_liability_cents);
      a.push_back(std::move(aj));
    }
    j["lineAdjudicationInformation"] = std::move(a);
  }
  if (!l.forms.empty()) {
    OrderedJson a = OrderedJson::array();
    for (const hipaa::FormIdentification& form : l.forms) {
      OrderedJson fj = OrderedJson::object();
      Put(fj, "formTypeCode", form.type_code);
      Put(fj, "formIdentifier", form.identifier);
      OrderedJson answers = OrderedJson::array();
      for (const hipaa::FormAnswer& q : form.answers) {
        OrderedJson qj = OrderedJson::object();
        Put(qj, "questionNumber", q.question_number);
        Put(qj, "questionResponseCode", q.response_code);
        Put(qj, "questionResponse", q.response_text);
        Put(qj, "questionResponseAsDate", q.response_date);
        Put(qj, "questionResponseAsPercent", q.response_percent);
        answers.push_back(std::move(qj));
      }
      if (!answers.empty()) fj["supportingDocumentation"] = std::move(answers);
      a.push_back(std::move(fj));
    }
    j["formIdentification"] = std::move(a);
  }
  return j;
}

OrderedJson OtherPayerJson(const hipaa::OtherPayer& o) {
  OrderedJson j = OrderedJson::object();
  Put(j, "paymentResponsibilityLevelCode", o.payment_responsibility);
  PutUnlessDefault(j, "individualRelationshipCode", o.relationship_code, "18");
  Put(j, "insuranceGroupOrPolicyNumber", o.group_number);
  Put(j, "claimFilingIndicatorCode", o.claim_filing_code);
  PutUnlessDefault(j, "benefitsAssignmentCertificationIndicator", o.benefits_assignment, "Y");
  PutUnlessDefault(j, "releaseOfInformationCode", o.release_information, "Y");
  if (o.has_paid_amount) j["payerPaidAmount"] = Amount(o.paid_cents);
  PutAdjustments(j, "claimLevelAdjustments", o.adjustments);
  Put(j, "otherInsuredGroupName", o.group_name);
  Put(j, "insuranceTypeCode", o.insurance_type_code);
  PutUnlessDefault(j, "patientSignatureSourceCode", o.patient_signature_source, "P");
  PutAmount(j, "remainingPatientLiability", o.remaining_patient_liability_cents);
  PutAmount(j, "nonCoveredChargeAmount", o.non_covered_cents);
  OrderedJson sub = OrderedJson::object();
  Put(sub, "otherInsuredLastName", o.subscriber_last_name);
  Put(sub, "otherInsuredFirstName", o.subscriber_first_name);
  Put(sub, "otherInsuredIdentifier", o.subscriber_id);
  Put(sub, "otherInsuredMiddleName", o.subscriber_middle_name);
  Put(sub, "otherInsuredNameSuffix", o.subscriber_suffix);
  PutObject(sub, "otherInsuredAddress", AddressJson(o.subscriber_address));
  PutObject(j, "otherSubscriberName", std::move(sub));
  OrderedJson payer = OrderedJson::object();
  Put(payer, "otherPayerOrganizationName", o.payer_name);
  Put(payer, "otherPayerIdentifier", o.payer_id);
  Put(payer, "otherPayerAdjudicationOrPaymentDate", o.adjudication_date);
  Put(payer, "otherPayerClaimControlNumber", o.claim_control_number);
  PutObject(j, "otherPayerName", std::move(payer));
  auto provider = [&](const char* key, const hipaa::OtherPayerProvider& p) {
    if (!p.present()) return;
    OrderedJson pj = OrderedJson::object();
    pj["entityTypeQualifier"] = p.entity_type;
    PutSecondaryIds(pj, "secondaryIdentifier", p.secondary_ids);
    j[key] = std::move(pj);
  };
  provider("otherPayerReferringProvider", o.referring);
  provider("otherPayerRenderingProvider", o.rendering);
  provider("otherPayerServiceFacilityLocation", o.service_facility);
  provider("otherPayerSupervisingProvider", o.supervising);
  provider("otherPayerBillingProvider", o.billing);
  return j;
}


}  // namespace claimgate::core::detail
