// Encounter JSON -> model. Longer than the usual 400 lines because it is one flat mapping, field
// by field, of the documented format (docs/encounter-json.md); splitting it would scatter the map.
#include "src/core/encounter_json.hpp"

#include <string>

#include "src/core/json_fields.hpp"

namespace claimgate::core {
namespace {

using detail::FieldContext;
using detail::IndexPath;
using detail::Json;
using detail::JsonFields;
namespace hipaa = edi::hipaa;

constexpr std::string_view kAddressKeys[] = {"address1", "address2", "city", "state", "postalCode"};
constexpr std::string_view kContactKeys[] = {"name", "phoneNumber", "phoneExtension", "email"};
constexpr std::string_view kProviderKeys[] = {
    "providerType", "npi",       "employerId", "ssn",    "taxonomyCode",       "organizationName",
    "lastName",     "firstName", "middleName", "suffix", "contactInformation", "address"};

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
}

// codeSystem next to a code; an unknown name is a finding.
hipaa::CodingSystem ReadSystem(const JsonFields& f) {
  std::string name = f.Str("codeSystem");
  hipaa::CodingSystem system = hipaa::CodingSystem::kUnspecified;
  if (!name.empty() && !hipaa::ParseCodingSystem(name, &system)) {
    f.ctx().Add(detail::JoinPath(f.path(), "codeSystem"), "invalid_code_system",
                "The code system must be one of ICD-10-CM, ICD-9-CM, ICD-10-PCS, CPT, HCPCS, CDT, "
                "DRG or REV.",
                name);
  }
  return system;
}

hipaa::Code ReadCode(const JsonFields& f, std::string_view qualifier_key, std::string_view code_key,
                     std::string_view date_key = {}) {
  hipaa::Code c;
  if (!f.ok()) return c;
  c.qualifier = f.Str(qualifier_key);
  c.value = f.Str(code_key);
  c.system = ReadSystem(f);
  if (f.Has("presentOnAdmissionIndicator")) c.poa = f.Str("presentOnAdmissionIndicator");
  if (!date_key.empty()) c.date = f.Date(date_key);
  return c;
}

void ReadLine(const JsonFields& f, hipaa::ClaimType type, hipaa::ServiceLine* line) {
  line->service_date = f.Date("serviceDate");
  line->service_date_end = f.Date("serviceDateEnd");
  line->control_number = f.Str("providerControlNumber", true);
  line->note = f.Str("additionalNotes");
  line->rendering = ReadProvider(f.Child("renderingProvider", kProviderKeys));
  static constexpr std::string_view kServiceKeys[] = {"professionalService", "institutionalService",
                                                      "dentalService"};
  std::string_view want = kServiceKeys[static_cast<int>(type)];
  for (std::string_view key : kServiceKeys) {
    if (key != want && f.Has(key)) {
      f.ctx().Add(detail::JoinPath(f.path(), key), "wrong_claim_type",
                  "This service object does not belong on a " +
                      std::string(hipaa::ClaimTypeName(type)) + " claim; use " + std::string(want) +
                      ".");
    }
  }
  JsonFields s =
      f.Child(want, {"procedureIdentifier", "procedureCode", "codeSystem", "procedureModifiers",
                     "lineItemChargeAmount", "measurementUnit", "serviceUnitCount",
                     "placeOfServiceCode", "procedureCount", "compositeDiagnosisCodePointers",
                     "serviceLineRevenueCode", "oralCavityDesignation"});
  if (!s.ok()) {
    if (!f.Has(want)) {
      f.ctx().Add(detail::JoinPath(f.path(), want), "required",
                  "The service line has no " + std::string(want) + ".");
    }
    return;
  }
  line->procedure.qualifier = s.Str("procedureIdentifier");
  line->procedure.value = s.Str("procedureCode");
  line->procedure.system = ReadSystem(s);
  line->modifiers = s.StrArray("procedureModifiers");
  if (!s.Amount("lineItemChargeAmount", &line->charge_cents) && !s.Has("lineItemChargeAmount")) {
    f.ctx().Add(detail::JoinPath(s.path(), "lineItemChargeAmount"), "required",
                "The line item charge amount is missing.");
  }
  if (s.Has("measurementUnit")) line->unit = s.Str("measurementUnit");
  if (s.Has("serviceUnitCount")) line->units = s.Str("serviceUnitCount", true);
  if (s.Has("procedureCount")) line->units = s.Str("procedureCount", true);
  line->place_of_service = s.Str("placeOfServiceCode", true);
  line->revenue_code = s.Str("serviceLineRevenueCode", true);
  line->oral_cavity_areas = s.StrArray("oralCavityDesignation");
  JsonFields ptrs = s.Child("compositeDiagnosisCodePointers", {"diagnosisCodePointers"});
  std::vector<std::string> pointers = ptrs.StrArray("diagnosisCodePointers", true);
  for (std::size_t i = 0; i < pointers.size(); ++i) {
    const std::string& p = pointers[i];
    bool digits =
        !p.empty() && p.size() <= 2 && p.find_first_not_of("0123456789") == std::string::npos;
    if (!digits) {
      f.ctx().Add(IndexPath(detail::JoinPath(ptrs.path(), "diagnosisCodePointers"), i), "json_type",
                  "expected a diagnosis pointer, a number from 1 to 12.", p);
      continue;
    }
    line->diagnosis_pointers.push_back(std::stoi(p));
  }
  for (const Json* t : f.Array("toothInformation")) {
    std::size_t ti = line->teeth.size();
    JsonFields tf(f.ctx(), t, IndexPath(detail::JoinPath(f.path(), "toothInformation"), ti),
                  {"toothCode", "toothSurface"});
    hipaa::Tooth tooth;
    tooth.number = tf.Str("toothCode", true);
    std::size_t si = 0;
    for (const Json* sj : tf.Array("toothSurface")) {
      JsonFields sf(f.ctx(), sj, IndexPath(detail::JoinPath(tf.path(), "toothSurface"), si++),
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
  std::size_t gi = 0;
  for (const Json* g : f.Array("claimLevelAdjustments")) {
    JsonFields gf(f.ctx(), g, IndexPath(detail::JoinPath(f.path(), "claimLevelAdjustments"), gi++),
                  {"adjustmentGroupCode", "adjustmentDetails"});
    hipaa::AdjustmentGroup group;
    group.group_code = gf.Str("adjustmentGroupCode");
    std::size_t ai = 0;
    for (const Json* a : gf.Array("adjustmentDetails")) {
      JsonFields af(f.ctx(), a, IndexPath(detail::JoinPath(gf.path(), "adjustmentDetails"), ai++),
                    {"adjustmentReasonCode", "adjustmentAmount", "adjustmentQuantity"});
      hipaa::Adjustment adj;
      adj.reason_code = af.Str("adjustmentReasonCode", true);
      af.Amount("adjustmentAmount", &adj.amount_cents);
      adj.quantity = af.Str("adjustmentQuantity", true);
      group.adjustments.push_back(std::move(adj));
    }
    o->adjustments.push_back(std::move(group));
  }
  JsonFields sub =
      f.Child("otherSubscriberName",
              {"otherInsuredQualifier", "otherInsuredLastName", "otherInsuredFirstName",
               "otherInsuredIdentifierTypeCode", "otherInsuredIdentifier"});
  o->subscriber_last_name = sub.Str("otherInsuredLastName");
  o->subscriber_first_name = sub.Str("otherInsuredFirstName");
  o->subscriber_id = sub.Str("otherInsuredIdentifier", true);
  JsonFields payer =
      f.Child("otherPayerName",
              {"otherPayerOrganizationName", "otherPayerIdentifierTypeCode", "otherPayerIdentifier",
               "otherPayerAdjudicationOrPaymentDate", "otherPayerClaimControlNumber"});
  o->payer_name = payer.Str("otherPayerOrganizationName");
  o->payer_id = payer.Str("otherPayerIdentifier", true);
  o->adjudication_date = payer.Date("otherPayerAdjudicationOrPaymentDate");
  o->claim_control_number = payer.Str("otherPayerClaimControlNumber", true);
}

// The arrays of objects under claimInformation, each read with `read(fields, index)`.
template <typename F>
void EachObject(const JsonFields& f, std::string_view key,
                std::initializer_list<std::string_view> known, F&& read) {
  std::size_t i = 0;
  for (const Json* item : f.Array(key)) {
    JsonFields child(f.ctx(), item, IndexPath(detail::JoinPath(f.path(), key), i), known);
    read(child);
    ++i;
  }
}

void ReadClaim(const JsonFields& f, hipaa::ClaimType type, hipaa::ClaimInformation* c) {
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
  JsonFields dates = f.Child("claimDateInformation",
                             {"onsetOfCurrentIllnessOrInjuryDate", "statementBeginDate",
                              "statementEndDate", "admissionDateAndHour", "dischargeHour"});
  c->onset_date = dates.Date("onsetOfCurrentIllnessOrInjuryDate");
  c->statement_begin_date = dates.Date("statementBeginDate");
  c->statement_end_date = dates.Date("statementEndDate");
  std::string admission = dates.Date("admissionDateAndHour");
  c->admission_date = admission.substr(0, 8);
  if (admission.size() > 8) c->admission_hour = admission.substr(8);
  c->discharge_hour = dates.Str("dischargeHour", true);
  JsonFields sup = f.Child("claimSupplementalInformation",
                           {"priorAuthorizationNumber", "referralNumber", "claimControlNumber",
                            "claimNumber", "medicalRecordNumber"});
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
              "payerPaidAmount", "claimLevelAdjustments", "otherSubscriberName", "otherPayerName"},
             [&](const JsonFields& o) {
               c->other_payers.emplace_back();
               ReadOtherPayer(o, &c->other_payers.back());
             });
  EachObject(f, "serviceLines",
             {"serviceDate", "serviceDateEnd", "providerControlNumber", "additionalNotes",
              "professionalService", "institutionalService", "dentalService", "toothInformation",
              "renderingProvider"},
             [&](const JsonFields& l) {
               c->service_lines.emplace_back();
               ReadLine(l, type, &c->service_lines.back());
             });
}

hipaa::ClaimType InferType(const Json& j) {
  auto ci = j.find("claimInformation");
  if (ci == j.end() || !ci->is_object()) return hipaa::ClaimType::kProfessional;
  auto lines = ci->find("serviceLines");
  if (lines == ci->end() || !lines->is_array()) return hipaa::ClaimType::kProfessional;
  for (const Json& l : *lines) {
    if (!l.is_object()) continue;
    if (l.contains("institutionalService")) return hipaa::ClaimType::kInstitutional;
    if (l.contains("dentalService")) return hipaa::ClaimType::kDental;
  }
  return hipaa::ClaimType::kProfessional;
}

hipaa::Encounter ReadEncounter(FieldContext& ctx, const Json& j) {
  hipaa::Encounter e;
  JsonFields f(ctx, &j, "",
               {"claimType", "tradingPartnerServiceId", "tradingPartnerName", "submitter",
                "receiver", "billing", "payToAddress", "referring", "rendering", "supervising",
                "attending", "operating", "subscriber", "dependent", "claimInformation"});
  if (!f.ok()) return e;
  std::string type = f.Str("claimType");
  if (type.empty()) {
    e.type = InferType(j);
  } else if (type == "professional") {
    e.type = hipaa::ClaimType::kProfessional;
  } else if (type == "institutional") {
    e.type = hipaa::ClaimType::kInstitutional;
  } else if (type == "dental") {
    e.type = hipaa::ClaimType::kDental;
  } else {
    ctx.Add("claimType", "invalid_code",
            "The claim type must be professional, institutional or dental.", type);
  }
  e.payer_id = f.Str("tradingPartnerServiceId", true);
  e.payer_name = f.Str("tradingPartnerName");
  JsonFields sub =
      f.Child("submitter", {"organizationName", "submitterIdentification", "contactInformation"});
  e.submitter.organization_name = sub.Str("organizationName");
  e.submitter.id = sub.Str("submitterIdentification", true);
  e.submitter.contact = ReadContact(sub.Child("contactInformation", kContactKeys));
  JsonFields rec = f.Child("receiver", {"organizationName", "receiverIdentification"});
  e.receiver.organization_name = rec.Str("organizationName");
  e.receiver.id = rec.Str("receiverIdentification", true);
  e.billing = ReadProvider(f.Child("billing", kProviderKeys));
  e.pay_to_address = ReadAddress(f.Child("payToAddress", kAddressKeys));
  e.referring = ReadProvider(f.Child("referring", kProviderKeys));
  e.rendering = ReadProvider(f.Child("rendering", kProviderKeys));
  e.supervising = ReadProvider(f.Child("supervising", kProviderKeys));
  e.attending = ReadProvider(f.Child("attending", kProviderKeys));
  e.operating = ReadProvider(f.Child("operating", kProviderKeys));
  JsonFields s = f.Child("subscriber", {"memberId", "paymentResponsibilityLevelCode", "firstName",
                                        "lastName", "middleName", "suffix", "gender", "dateOfBirth",
                                        "groupNumber", "groupName", "address"});
  ReadPerson(s, &e.subscriber);
  e.subscriber.member_id = s.Str("memberId", true);
  if (s.Has("paymentResponsibilityLevelCode")) {
    e.subscriber.payment_responsibility = s.Str("paymentResponsibilityLevelCode");
  }
  e.subscriber.group_number = s.Str("groupNumber", true);
  e.subscriber.group_name = s.Str("groupName");
  JsonFields d = f.Child("dependent", {"firstName", "lastName", "middleName", "suffix", "gender",
                                       "dateOfBirth", "relationshipToSubscriberCode", "address"});
  if (d.ok()) {
    e.has_dependent = true;
    ReadPerson(d, &e.dependent);
    e.dependent.relationship_to_subscriber = d.Str("relationshipToSubscriberCode", true);
  }
  JsonFields ci = f.Child("claimInformation", {"claimFilingCode",
                                               "patientControlNumber",
                                               "claimChargeAmount",
                                               "placeOfServiceCode",
                                               "claimFrequencyCode",
                                               "signatureIndicator",
                                               "planParticipationCode",
                                               "benefitsAssignmentCertificationIndicator",
                                               "releaseInformationCode",
                                               "claimDateInformation",
                                               "claimSupplementalInformation",
                                               "claimNote",
                                               "healthCareCodeInformation",
                                               "principalDiagnosis",
                                               "admittingDiagnosis",
                                               "otherDiagnosisInformationList",
                                               "principalProcedureInformation",
                                               "otherProcedureInformationList",
                                               "diagnosisRelatedGroupInformation",
                                               "claimCodeInformation",
                                               "occurrenceInformationList",
                                               "valueInformationList",
                                               "conditionCodesList",
                                               "otherSubscriberInformation",
                                               "serviceLines"});
  if (!ci.ok()) {
    if (!f.Has("claimInformation")) {
      ctx.Add("claimInformation", "required", "The claim information is missing.");
    }
    return e;
  }
  ReadClaim(ci, e.type, &e.claim);
  return e;
}

// Depth of nesting, outside strings: nlohmann recurses per level, so hostile input is cut first.
int MaxDepth(std::string_view text) {
  int depth = 0, max = 0;
  bool in_string = false, escape = false;
  for (char c : text) {
    if (in_string) {
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '{' || c == '[') max = std::max(max, ++depth);
    if (c == '}' || c == ']') --depth;
  }
  return max;
}

// Records where the JSON syntax breaks, without exceptions.
struct SyntaxProbe : nlohmann::json_sax<Json> {
  std::size_t position = 0;
  std::string what;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string&,
                   const nlohmann::detail::exception&) override {
    position = pos;
    return false;
  }
};

}  // namespace

EncounterParse ParseEncounterJson(std::string_view text) {
  EncounterParse out;
  FieldContext ctx(&out.findings);
  if (text.size() > kMaxEncounterJsonBytes) {
    ctx.Add("", "too_large",
            "The encounter file is larger than " + std::to_string(kMaxEncounterJsonBytes >> 20) +
                " MiB.");
    return out;
  }
  if (MaxDepth(text) > kMaxEncounterJsonDepth) {
    ctx.Add("", "too_deep", "The JSON nests deeper than any encounter does.");
    return out;
  }
  Json root = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    SyntaxProbe probe;
    Json::sax_parse(text.begin(), text.end(), &probe, nlohmann::detail::input_format_t::json,
                    /*strict=*/true);
    ctx.Add(
        "", "json_syntax",
        "The input is not valid JSON (error near byte " + std::to_string(probe.position) + ").");
    return out;
  }
  if (root.is_array()) {
    out.array = true;
    if (root.empty()) ctx.Add("", "required", "The array holds no encounters.");
    for (std::size_t i = 0; i < root.size(); ++i) {
      ctx.set_prefix("[" + std::to_string(i) + "]");
      if (!root[i].is_object()) {
        ctx.Add("", "json_type", "expected an encounter object.");
        out.encounters.emplace_back();
        continue;
      }
      ctx.set_prefix("[" + std::to_string(i) + "].");
      out.encounters.push_back(ReadEncounter(ctx, root[i]));
    }
    return out;
  }
  if (!root.is_object()) {
    ctx.Add("", "json_type", "expected an encounter object or an array of them.");
    return out;
  }
  out.encounters.push_back(ReadEncounter(ctx, root));
  return out;
}

std::string EncounterPathPrefix(const EncounterParse& parse, std::size_t i) {
  return parse.array ? "[" + std::to_string(i) + "]." : std::string();
}

}  // namespace claimgate::core
