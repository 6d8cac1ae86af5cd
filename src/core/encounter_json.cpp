// Encounter JSON -> model: the top level (claim type, payer, submitter, providers, subscriber,
// dependent) and the parse entry points. claimInformation: encounter_json_claim.cpp.
#include "src/core/encounter_json.hpp"

#include <string>

#include "src/core/encounter_json_read.hpp"
#include "src/core/json_fields.hpp"
#include "src/core/json_syntax.hpp"

namespace claimgate::core {
namespace {

using detail::FieldContext;
using detail::IndexPath;
using detail::Json;
using detail::JsonFields;
using detail::kAddressKeys;
using detail::kContactKeys;
using detail::kProviderKeys;
using detail::ReadAddress;
using detail::ReadContact;
using detail::ReadPerson;
using detail::ReadProvider;
namespace hipaa = edi::hipaa;

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
                "attending", "operating", "subscriber", "dependent", "claimInformation",
                "payerIdQualifier", "payerAddress", "payerSecondaryIdentifier"});
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
  if (f.Has("payerIdQualifier")) e.payer_id_qualifier = f.Str("payerIdQualifier");
  e.payer_address = ReadAddress(f.Child("payerAddress", kAddressKeys));
  e.payer_secondary_ids = detail::ReadSecondaryIds(f, "payerSecondaryIdentifier");
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
                                        "groupNumber", "groupName", "address",
                                        "propertyCasualtyClaimNumber", "contactInformation",
                                        "deathDate", "patientWeight", "pregnancyIndicator",
                                        "insuranceTypeCode"});
  ReadPerson(s, &e.subscriber);
  e.subscriber.member_id = s.Str("memberId", true);
  if (s.Has("paymentResponsibilityLevelCode")) {
    e.subscriber.payment_responsibility = s.Str("paymentResponsibilityLevelCode");
  }
  e.subscriber.group_number = s.Str("groupNumber", true);
  e.subscriber.group_name = s.Str("groupName");
  e.subscriber.insurance_type_code = s.Str("insuranceTypeCode", true);
  JsonFields d = f.Child("dependent", {"firstName", "lastName", "middleName", "suffix", "gender",
                                       "dateOfBirth", "relationshipToSubscriberCode", "address",
                                       "propertyCasualtyClaimNumber", "contactInformation",
                                       "deathDate", "patientWeight", "pregnancyIndicator"});
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
                                               "serviceLines",
                                               "patientSignatureSourceCode",
                                               "relatedCausesCode",
                                               "autoAccidentStateCode",
                                               "autoAccidentCountryCode",
                                               "specialProgramCode",
                                               "delayReasonCode",
                                               "claimSubmissionReasonCode",
                                               "orthodonticTreatmentMonthsCount",
                                               "orthodonticTreatmentMonthsRemainingCount",
                                               "orthodonticTreatmentIndicator",
                                               "patientAmountPaid",
                                               "reportInformations",
                                               "spinalManipulationServiceInformation",
                                               "claimPricingRepricingInformation",
                                               "serviceFacilityLocation",
                                               "patientReasonForVisits",
                                               "externalCauseOfInjuries"});
  if (!ci.ok()) {
    if (!f.Has("claimInformation")) {
      ctx.Add("claimInformation", "required", "The claim information is missing.");
    }
    return e;
  }
  detail::ReadClaim(ci, e.type, &e.claim, &e.service_facility);
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
    ctx.Add("", "json_syntax",
            "The input is not valid JSON (error near byte " +
                std::to_string(JsonSyntaxErrorPosition(text)) + ").");
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
