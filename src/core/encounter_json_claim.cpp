// Encounter JSON -> model: claimInformation, its service lines and its other payers, field by
// field as docs/encounter-json.md lists them.
#include <string>

#include "src/core/encounter_json_read.hpp"

namespace claimgate::core::detail {
namespace {

namespace hipaa = edi::hipaa;

void ReadLine(const JsonFields& f, hipaa::ClaimType type, hipaa::ServiceLine* line) {
  line->service_date = f.Date("serviceDate");
  line->service_date_end = f.Date("serviceDateEnd");
  line->control_number = f.Str("providerControlNumber", true);
  line->note = f.Str("additionalNotes");
  line->rendering = ReadProvider(f.Child("renderingProvider", kProviderKeys));
  line->ordering = ReadProvider(f.Child("orderingProvider", kProviderKeys));
  EachObject(f, "testResults",
             {"measurementReferenceIdentificationCode", "measurementQualifier", "testResults"},
             [&](const JsonFields& t) {
               line->test_results.push_back({t.Str("measurementReferenceIdentificationCode"),
                                             t.Str("measurementQualifier"),
                                             t.Str("testResults", true)});
             });
  EachObject(f, "formIdentification", {"formTypeCode", "formIdentifier", "supportingDocumentation"},
             [&](const JsonFields& fi) {
               hipaa::FormIdentification form;
               form.type_code = fi.Str("formTypeCode");
               form.identifier = fi.Str("formIdentifier", true);
               EachObject(fi, "supportingDocumentation",
                          {"questionNumber", "questionResponseCode", "questionResponse",
                           "questionResponseAsDate", "questionResponseAsPercent"},
                          [&](const JsonFields& q) {
                            form.answers.push_back({q.Str("questionNumber", true),
                                                    q.Str("questionResponseCode"),
                                                    q.Str("questionResponse", true),
                                                    q.Date("questionResponseAsDate"),
                                                    q.Str("questionResponseAsPercent", true)});
                          });
               line->forms.push_back(std::move(form));
             });
  line->referring = ReadProvider(f.Child("referringProvider", kProviderKeys));
  JsonFields dates = f.Child("serviceLineDateInformation",
                             {"prescriptionDate", "certificationRevisionOrRecertificationDate",
                              "beginTherapyDate", "lastCertificationDate"});
  line->prescription_date = dates.Date("prescriptionDate");
  line->certification_revision_date = dates.Date("certificationRevisionOrRecertificationDate");
  line->begin_therapy_date = dates.Date("beginTherapyDate");
  line->last_certification_date = dates.Date("lastCertificationDate");
  JsonFields cr3 = f.Child("durableMedicalEquipmentCertification",
                           {"certificationTypeCode", "durableMedicalEquipmentDurationInMonths"});
  line->dme_certification.type_code = cr3.Str("certificationTypeCode");
  line->dme_certification.duration_months =
      cr3.Str("durableMedicalEquipmentDurationInMonths", true);
  line->attachments = ReadAttachments(f);
  line->sales_tax_cents = OptionalAmount(f, "salesTaxAmount");
  line->repricing = ReadRepricing(f, "linePricingRepricingInformation", true);
  JsonFields drug = f.Child("drugIdentification",
                            {"serviceIdQualifier", "nationalDrugCode", "nationalDrugUnitCount",
                             "measurementUnitCode", "pharmacyPrescriptionNumber",
                             "linkSequenceNumber"});
  if (drug.ok()) {
    if (drug.Has("serviceIdQualifier")) line->drug.qualifier = drug.Str("serviceIdQualifier");
    line->drug.code = drug.Str("nationalDrugCode", true);
    line->drug.units = drug.Str("nationalDrugUnitCount", true);
    line->drug.unit = drug.Str("measurementUnitCode");
    if (drug.Has("pharmacyPrescriptionNumber")) {
      line->drug.reference_qualifier = "XZ";
      line->drug.reference = drug.Str("pharmacyPrescriptionNumber", true);
    } else if (drug.Has("linkSequenceNumber")) {
      line->drug.reference_qualifier = "VY";
      line->drug.reference = drug.Str("linkSequenceNumber", true);
    }
  }
  EachObject(
      f, "lineAdjudicationInformation",
      {"otherPayerPrimaryIdentifier", "serviceLinePaidAmount", "serviceIdQualifier",
       "procedureCode", "procedureModifier", "procedureCodeDescription", "serviceLineRevenueCode",
       "paidServiceUnitCount", "bundledOrUnbundledLineNumber", "claimAdjustmentInformation",
       "adjudicationOrPaymentDate", "remainingPatientLiability"},
      [&](const JsonFields& a) {
        hipaa::LineAdjudication adj;
        adj.other_payer_id = a.Str("otherPayerPrimaryIdentifier", true);
        a.Amount("serviceLinePaidAmount", &adj.paid_cents);
        if (a.Has("serviceIdQualifier")) adj.procedure_qualifier = a.Str("serviceIdQualifier");
        adj.procedure_code = a.Str("procedureCode", true);
        adj.modifiers = a.StrArray("procedureModifier", true);
        adj.procedure_description = a.Str("procedureCodeDescription");
        adj.revenue_code = a.Str("serviceLineRevenueCode", true);
        adj.paid_units = a.Str("paidServiceUnitCount", true);
        adj.bundled_line_number = a.Str("bundledOrUnbundledLineNumber", true);
        adj.adjustments = ReadAdjustmentGroups(a, "claimAdjustmentInformation");
        adj.adjudication_date = a.Date("adjudicationOrPaymentDate");
        adj.remaining_patient_liability_cents = OptionalAmount(a, "remainingPatientLiability");
        line->adjudications.push_back(std::move(adj));
      });
  static constexpr std::string_view kServiceKeys[] = {"professionalService", "institutionalService",
                                                      "dentalService"};
  std::string_view want = kServiceKeys[static_cast<int>(type)];
  for (std::string_view key : kServiceKeys) {
    if (key != want && f.Has(key)) {
      f.ctx().Add(JoinPath(f.path(), key), "wrong_claim_type",
                  "This service object does not belong on a " +
                      std::string(hipaa::ClaimTypeName(type)) + " claim; use " + std::string(want) +
                      ".");
    }
  }
  JsonFields s =
      f.Child(want, {"procedureIdentifier", "procedureCode", "codeSystem", "procedureModifiers",
                     "lineItemChargeAmount", "measurementUnit", "serviceUnitCount",
                     "placeOfServiceCode", "procedureCount", "compositeDiagnosisCodePointers",
                     "serviceLineRevenueCode", "oralCavityDesignation", "emergencyIndicator",
                     "epsdtIndicator", "familyPlanningIndicator", "copayStatusCode",
                     "serviceLineRate", "nonCoveredChargeAmount", "prosthesisCrownOrInlayCode",
                     "description"});
  if (!s.ok()) {
    if (!f.Has(want)) {
      f.ctx().Add(JoinPath(f.path(), want), "required",
                  "The service line has no " + std::string(want) + ".");
    }
    return;
  }
  line->procedure.qualifier = s.Str("procedureIdentifier");
  line->procedure.value = s.Str("procedureCode");
  line->procedure.system = ReadSystem(s);
  line->modifiers = s.StrArray("procedureModifiers");
  if (!s.Amount("lineItemChargeAmount", &line->charge_cents) && !s.Has("lineItemChargeAmount")) {
    f.ctx().Add(JoinPath(s.path(), "lineItemChargeAmount"), "required",
                "The line item charge amount is missing.");
  }
  if (s.Has("measurementUnit")) line->unit = s.Str("measurementUnit");
  if (s.Has("serviceUnitCount")) line->units = s.Str("serviceUnitCount", true);
  // Dental: no procedureCount means SV306 is left out (one procedure).
  if (type == hipaa::ClaimType::kDental) line->units = s.Str("procedureCount", true);
  line->place_of_service = s.Str("placeOfServiceCode", true);
  line->revenue_code = s.Str("serviceLineRevenueCode", true);
  line->oral_cavity_areas = s.StrArray("oralCavityDesignation");
  line->emergency_indicator = s.Str("emergencyIndicator");
  line->epsdt_indicator = s.Str("epsdtIndicator");
  line->family_planning_indicator = s.Str("familyPlanningIndicator");
  line->copay_status_code = s.Str("copayStatusCode", true);
  line->unit_rate_cents = OptionalAmount(s, "serviceLineRate");
  line->non_covered_cents = OptionalAmount(s, "nonCoveredChargeAmount");
  line->prosthesis_code = s.Str("prosthesisCrownOrInlayCode");
  line->procedure_description = s.Str("description");
  JsonFields ptrs = s.Child("compositeDiagnosisCodePointers", {"diagnosisCodePointers"});
  std::vector<std::string> pointers = ptrs.StrArray("diagnosisCodePointers", true);
  for (std::size_t i = 0; i < pointers.size(); ++i) {
    const std::string& p = pointers[i];
    bool digits =
        !p.empty() && p.size() <= 2 && p.find_first_not_of("0123456789") == std::string::npos;
    if (!digits) {
      f.ctx().Add(IndexPath(JoinPath(ptrs.path(), "diagnosisCodePointers"), i), "json_type",
                  "expected a diagnosis pointer, a number from 1 to 12.", p);
      continue;
    }
    line->diagnosis_pointers.push_back(std::stoi(p));
  }
  for (const Json* t : f.Array("toothInformation")) {
    std::size_t ti = line->teeth.size();
    JsonFields tf(f.ctx(), t, IndexPath(JoinPath(f.path(), "toothInformation"), ti),
                  {"toothCode", "toothSurface"});
    hipaa::Tooth tooth;
    tooth.number = tf.Str("toothCode", true);
    std::size_t si = 0;
    for (const Json* sj : tf.Array("toothSurface")) {
      JsonFields sf(f.ctx(), sj, IndexPath(JoinPath(tf.path(), "toothSurface"), si++),
                    {"toothSurfaceCode"});
      tooth.surfaces.push_back(sf.Str("toothSurfaceCode"));
    }
    line->teeth.push_back(std::move(tooth));
  }
}

void ReadOtherPayer(const JsonFields& f, hipaa::OtherPayer* o) {
  o->payment_responsibility = f.Str("paymentResponsibilityLevelCode");
  if (f.Has("individualRelationshipCode")) {
    o->relationship_code = f.Str("individualRelationshipCode", true);
  }
  o->group_number = f.Str("insuranceGroupOrPolicyNumber", true);
  o->claim_filing_code = f.Str("claimFilingIndicatorCode", true);
  if (f.Has("benefitsAssignmentCertificationIndicator")) {
    o->benefits_assignment = f.Str("benefitsAssignmentCertificationIndicator");
  }
  if (f.Has("releaseOfInformationCode")) o->release_information = f.Str("releaseOfInformationCode");
  o->has_paid_amount = f.Amount("payerPaidAmount", &o->paid_cents);
  o->group_name = f.Str("otherInsuredGroupName");
  o->insurance_type_code = f.Str("insuranceTypeCode", true);
  if (f.Has("patientSignatureSourceCode")) {
    o->patient_signature_source = f.Str("patientSignatureSourceCode");
  }
  o->remaining_patient_liability_cents = OptionalAmount(f, "remainingPatientLiability");
  o->non_covered_cents = OptionalAmount(f, "nonCoveredChargeAmount");
  o->adjustments = ReadAdjustmentGroups(f, "claimLevelAdjustments");
  JsonFields sub =
      f.Child("otherSubscriberName",
              {"otherInsuredQualifier", "otherInsuredLastName", "otherInsuredFirstName",
               "otherInsuredMiddleName", "otherInsuredNameSuffix",
               "otherInsuredIdentifierTypeCode", "otherInsuredIdentifier",
               "otherInsuredAddress"});
  o->subscriber_last_name = sub.Str("otherInsuredLastName");
  o->subscriber_first_name = sub.Str("otherInsuredFirstName");
  o->subscriber_id = sub.Str("otherInsuredIdentifier", true);
  o->subscriber_middle_name = sub.Str("otherInsuredMiddleName");
  o->subscriber_suffix = sub.Str("otherInsuredNameSuffix");
  o->subscriber_address = ReadAddress(sub.Child("otherInsuredAddress", kAddressKeys));
  JsonFields payer =
      f.Child("otherPayerName",
              {"otherPayerOrganizationName", "otherPayerIdentifierTypeCode", "otherPayerIdentifier",
               "otherPayerAdjudicationOrPaymentDate", "otherPayerClaimControlNumber"});
  o->payer_name = payer.Str("otherPayerOrganizationName");
  o->payer_id = payer.Str("otherPayerIdentifier", true);
  o->adjudication_date = payer.Date("otherPayerAdjudicationOrPaymentDate");
  o->claim_control_number = payer.Str("otherPayerClaimControlNumber", true);
  auto provider = [&](std::string_view key, hipaa::OtherPayerProvider* p) {
    JsonFields pf = f.Child(key, {"entityTypeQualifier", "secondaryIdentifier"});
    if (!pf.ok()) return;
    p->entity_type = pf.Str("entityTypeQualifier", true);
    p->secondary_ids = ReadSecondaryIds(pf, "secondaryIdentifier");
  };
  provider("otherPayerReferringProvider", &o->referring);
  provider("otherPayerRenderingProvider", &o->rendering);
  provider("otherPayerServiceFacilityLocation", &o->service_facility);
  provider("otherPayerSupervisingProvider", &o->supervising);
  provider("otherPayerBillingProvider", &o->billing);
}

}  // namespace

void ReadClaim(const JsonFields& f, hipaa::ClaimType type, hipaa::ClaimInformation* c,
               hipaa::Provider* service_facility) {
  if (f.Has("claimFilingCode")) c->claim_filing_code = f.Str("claimFilingCode", true);
  c->patient_control_number = f.Str("patientControlNumber", true);
  c->has_charge = f.Amount("claimChargeAmount", &c->charge_cents);
  c->place_of_service = f.Str("placeOfServiceCode", true);
  if (f.Has("claimFrequencyCode")) c->frequency_code = f.Str("claimFrequencyCode", true);
  if (f.Has("signatureIndicator")) c->signature_indicator = f.Str("signatureIndicator");
  if (f.Has("planParticipationCode")) c->plan_participation = f.Str("planParticipationCode");
  if (f.Has("benefitsAssignmentCertificationIndicator")) {
    c->benefits_assignment = f.Str("benefitsAssignmentCertificationIndicator");
  }
  if (f.Has("releaseInformationCode")) c->release_information = f.Str("releaseInformationCode");
  c->patient_signature_source = f.Str("patientSignatureSourceCode");
  c->related_causes = f.StrArray("relatedCausesCode");
  c->auto_accident_state = f.Str("autoAccidentStateCode");
  c->auto_accident_country = f.Str("autoAccidentCountryCode");
  c->special_program_code = f.Str("specialProgramCode", true);
  c->delay_reason_code = f.Str("delayReasonCode", true);
  c->claim_submission_reason_code = f.Str("claimSubmissionReasonCode");
  c->orthodontic_total_months = f.Str("orthodonticTreatmentMonthsCount", true);
  c->orthodontic_remaining_months = f.Str("orthodonticTreatmentMonthsRemainingCount", true);
  c->orthodontic_treatment_indicator = f.Str("orthodonticTreatmentIndicator");
  c->patient_amount_paid_cents = OptionalAmount(f, "patientAmountPaid");
  c->attachments = ReadAttachments(f);
  JsonFields cr2 = f.Child("spinalManipulationServiceInformation",
                           {"patientConditionCode", "patientConditionDescription1"});
  c->patient_condition_code = cr2.Str("patientConditionCode");
  c->patient_condition_description = cr2.Str("patientConditionDescription1");
  c->repricing = ReadRepricing(f, "claimPricingRepricingInformation", false);
  *service_facility = ReadProvider(f.Child("serviceFacilityLocation", kProviderKeys));
  EachObject(f, "patientReasonForVisits",
             {"qualifierCode", "codeSystem", "patientReasonForVisitCode"},
             [&](const JsonFields& d) {
               c->visit_reasons.push_back(ReadCode(d, "qualifierCode", "patientReasonForVisitCode"));
             });
  EachObject(f, "externalCauseOfInjuries", {"qualifierCode", "codeSystem", "externalCauseOfInjury"},
             [&](const JsonFields& d) {
               c->external_causes.push_back(ReadCode(d, "qualifierCode", "externalCauseOfInjury"));
             });
  JsonFields dates = f.Child("claimDateInformation",
                             {"onsetOfCurrentIllnessOrInjuryDate", "statementBeginDate",
                              "statementEndDate", "admissionDateAndHour", "dischargeHour",
                              "initialTreatmentDate", "lastSeenDate", "acuteManifestationDate",
                              "accidentDate", "lastMenstrualPeriodDate", "lastXRayDate",
                              "firstContactDate", "appliancePlacementDate", "serviceDate",
                              "serviceDateEnd"});
  c->initial_treatment_date = dates.Date("initialTreatmentDate");
  c->last_seen_date = dates.Date("lastSeenDate");
  c->acute_manifestation_date = dates.Date("acuteManifestationDate");
  c->accident_date = dates.Date("accidentDate");
  c->last_menstrual_period_date = dates.Date("lastMenstrualPeriodDate");
  c->last_xray_date = dates.Date("lastXRayDate");
  c->first_contact_date = dates.Date("firstContactDate");
  c->appliance_placement_date = dates.Date("appliancePlacementDate");
  c->service_date = dates.Date("serviceDate");
  c->service_date_end = dates.Date("serviceDateEnd");
  c->onset_date = dates.Date("onsetOfCurrentIllnessOrInjuryDate");
  c->statement_begin_date = dates.Date("statementBeginDate");
  c->statement_end_date = dates.Date("statementEndDate");
  std::string admission = dates.Date("admissionDateAndHour");
  c->admission_date = admission.substr(0, 8);
  if (admission.size() > 8) c->admission_hour = admission.substr(8);
  c->discharge_hour = dates.Str("dischargeHour", true);
  JsonFields sup = f.Child("claimSupplementalInformation",
                           {"priorAuthorizationNumber", "referralNumber", "claimControlNumber",
                            "claimNumber", "medicalRecordNumber", "repricedClaimNumber",
                            "adjustedRepricedClaimNumber"});
  c->repriced_claim_number = sup.Str("repricedClaimNumber", true);
  c->adjusted_repriced_claim_number = sup.Str("adjustedRepricedClaimNumber", true);
  c->prior_authorization_number = sup.Str("priorAuthorizationNumber", true);
  c->referral_number = sup.Str("referralNumber", true);
  c->payer_claim_control_number = sup.Str("claimControlNumber", true);
  c->medical_record_number = sup.Str("medicalRecordNumber", true);
  c->clearinghouse_trace_number = sup.Str("claimNumber", true);
  c->note = f.Child("claimNote", {"additionalInformation"}).Str("additionalInformation");
  EachObject(f, "healthCareCodeInformation", {"diagnosisTypeCode", "diagnosisCode", "codeSystem"},
             [&](const JsonFields& d) {
               c->diagnoses.push_back(ReadCode(d, "diagnosisTypeCode", "diagnosisCode"));
             });
  c->principal_diagnosis = ReadCode(
      f.Child("principalDiagnosis", {"qualifierCode", "codeSystem", "presentOnAdmissionIndicator",
                                     "principalDiagnosisCode"}),
      "qualifierCode", "principalDiagnosisCode");
  c->admitting_diagnosis = ReadCode(
      f.Child("admittingDiagnosis", {"qualifierCode", "codeSystem", "admittingDiagnosisCode"}),
      "qualifierCode", "admittingDiagnosisCode");
  EachObject(f, "otherDiagnosisInformationList",
             {"qualifierCode", "codeSystem", "presentOnAdmissionIndicator", "otherDiagnosisCode"},
             [&](const JsonFields& d) {
               c->other_diagnoses.push_back(ReadCode(d, "qualifierCode", "otherDiagnosisCode"));
             });
  c->principal_procedure = ReadCode(
      f.Child("principalProcedureInformation",
              {"qualifierCode", "codeSystem", "principalProcedureCode", "principalProcedureDate"}),
      "qualifierCode", "principalProcedureCode", "principalProcedureDate");
  EachObject(f, "otherProcedureInformationList",
             {"qualifierCode", "codeSystem", "otherProcedureCode", "otherProcedureDate"},
             [&](const JsonFields& d) {
               c->other_procedures.push_back(
                   ReadCode(d, "qualifierCode", "otherProcedureCode", "otherProcedureDate"));
             });
  c->drg = f.Child("diagnosisRelatedGroupInformation", {"drugRelatedGroupCode", "codeSystem"})
               .Str("drugRelatedGroupCode", true);
  JsonFields codes = f.Child("claimCodeInformation",
                             {"admissionTypeCode", "admissionSourceCode", "patientStatusCode"});
  c->admission_type = codes.Str("admissionTypeCode", true);
  c->admission_source = codes.Str("admissionSourceCode", true);
  c->patient_status = codes.Str("patientStatusCode", true);
  EachObject(f, "occurrenceInformationList", {"occurrenceCode", "occurrenceDate"},
             [&](const JsonFields& o) {
               c->occurrences.push_back({o.Str("occurrenceCode", true), o.Date("occurrenceDate")});
             });
  EachObject(f, "valueInformationList", {"valueCode", "valueCodeAmount"}, [&](const JsonFields& v) {
    hipaa::ValueCode value;
    value.code = v.Str("valueCode", true);
    v.Amount("valueCodeAmount", &value.amount_cents);
    c->values.push_back(std::move(value));
  });
  EachObject(f, "conditionCodesList", {"conditionCode"}, [&](const JsonFields& v) {
    c->condition_codes.push_back(v.Str("conditionCode", true));
  });
  EachObject(f, "otherSubscriberInformation",
             {"paymentResponsibilityLevelCode", "individualRelationshipCode",
              "insuranceGroupOrPolicyNumber", "claimFilingIndicatorCode",
              "benefitsAssignmentCertificationIndicator", "releaseOfInformationCode",
              "payerPaidAmount", "claimLevelAdjustments", "otherSubscriberName", "otherPayerName",
              "otherInsuredGroupName", "insuranceTypeCode", "patientSignatureSourceCode",
              "remainingPatientLiability", "nonCoveredChargeAmount",
              "otherPayerReferringProvider", "otherPayerRenderingProvider",
              "otherPayerServiceFacilityLocation", "otherPayerSupervisingProvider",
              "otherPayerBillingProvider"},
             [&](const JsonFields& o) {
               c->other_payers.emplace_back();
               ReadOtherPayer(o, &c->other_payers.back());
             });
  EachObject(f, "serviceLines",
             {"serviceDate", "serviceDateEnd", "providerControlNumber", "additionalNotes",
              "professionalService", "institutionalService", "dentalService", "toothInformation",
              "renderingProvider", "orderingProvider", "referringProvider",
              "serviceLineDateInformation", "durableMedicalEquipmentCertification",
              "reportInformations", "salesTaxAmount", "linePricingRepricingInformation",
              "drugIdentification", "lineAdjudicationInformation", "testResults",
              "formIdentification"},
             [&](const JsonFields& l) {
               c->service_lines.emplace_back();
               ReadLine(l, type, &c->service_lines.back());
             });
}


}  // namespace claimgate::core::detail
