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

// Depth of nesting and the longest array, outside strings: nlohmann recurses per level and
// builds a tree many times the text's size, so hostile input is measured and cut first.
struct Shape {
  int depth = 0;
  std::size_t longest_array = 0;
};

// Calls fn(i, c) for each byte of `text` outside a string's contents (an opening quote is
// passed; the string's bytes and its closing quote are not).
template <typename Fn>
void ForEachStructuralByte(std::string_view text, Fn fn) {
  bool in_string = false, escape = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
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
    fn(i, c);
  }
}

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

Shape MeasureShape(std::string_view text) {
  Shape shape;
  struct Open {
    bool array;
    std::size_t items;
  };
  std::vector<Open> open;
  bool value_started = false;
  ForEachStructuralByte(text, [&](std::size_t, char c) {
    // The first byte of an element of the innermost open array counts it.
    if (!IsJsonSpace(c) && c != ',' && c != ']' && c != '}' && !value_started && !open.empty() &&
        open.back().array) {
      shape.longest_array = std::max(shape.longest_array, ++open.back().items);
      value_started = true;
    }
    if (c == '{' || c == '[') {
      open.push_back({c == '[', 0});
      shape.depth = std::max(shape.depth, static_cast<int>(open.size()));
      value_started = false;
    } else if (c == '}' || c == ']') {
      if (!open.empty()) open.pop_back();
      value_started = true;
    } else if (c == ',') {
      value_started = false;
    }
  });
  return shape;
}

// The byte ranges of the elements of a top-level JSON array. REQUIRES: `text` is valid JSON
// whose first non-blank byte is '['.
std::vector<std::pair<std::size_t, std::size_t>> SplitTopLevelArray(std::string_view text) {
  std::vector<std::pair<std::size_t, std::size_t>> items;
  int depth = 0;
  std::size_t start = std::string_view::npos;
  ForEachStructuralByte(text, [&](std::size_t i, char c) {
    if (depth == 1 && (c == ',' || c == ']')) {
      if (start != std::string_view::npos) items.emplace_back(start, i);
      start = std::string_view::npos;
    } else if (depth >= 1 && !IsJsonSpace(c) && start == std::string_view::npos) {
      start = i;
    }
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
  });
  return items;
}

// Bounds one encounter's text before a tree is built from it.
bool WithinItemLimits(FieldContext& ctx, std::string_view text) {
  if (text.size() > kMaxEncounterItemBytes) {
    ctx.Add("", "too_large",
            "One encounter is larger than " + std::to_string(kMaxEncounterItemBytes >> 20) +
                " MiB; no claim is that large.");
    return false;
  }
  if (MeasureShape(text).longest_array > kMaxEncounterArrayItems) {
    ctx.Add("", "too_many_items",
            "A list holds more than " + std::to_string(kMaxEncounterArrayItems) +
                " entries; no claim has that many lines or codes.");
    return false;
  }
  return true;
}

}  // namespace

EncounterParse ParseEncounterJson(std::string_view text, std::size_t max_items) {
  EncounterParse out;
  FieldContext ctx(&out.findings);
  if (text.size() > kMaxEncounterJsonBytes) {
    ctx.Add("", "too_large",
            "The encounter file is larger than " + std::to_string(kMaxEncounterJsonBytes >> 20) +
                " MiB.");
    return out;
  }
  if (MeasureShape(text).depth > kMaxEncounterJsonDepth) {
    ctx.Add("", "too_deep", "The JSON nests deeper than any encounter does.");
    return out;
  }
  // Checked without building a tree: a syntax error, then a key given twice.
  if (!Json::accept(text.begin(), text.end())) {
    ctx.Add("", "json_syntax",
            "The input is not valid JSON (error near byte " +
                std::to_string(JsonSyntaxErrorPosition(text)) + ").");
    return out;
  }
  if (auto duplicate = JsonDuplicateKeyPath(text)) {
    ctx.Add(*duplicate, "duplicate_key",
            "This key appears twice in one object; send each field once.");
    return out;
  }
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '[') {
    // An array: one encounter's tree at a time, so memory follows the largest encounter.
    out.array = true;
    const auto items = SplitTopLevelArray(text);
    out.array_items = items.size();
    if (items.empty()) ctx.Add("", "required", "The array holds no encounters.");
    if (items.size() > max_items) {
      ctx.Add("", "too_many_items",
              "The array holds " + std::to_string(items.size()) + " encounters; at most " +
                  std::to_string(max_items) + " are taken at once.");
      return out;
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string_view item = text.substr(items[i].first, items[i].second - items[i].first);
      ctx.set_prefix("[" + std::to_string(i) + "]");
      out.encounters.emplace_back();
      if (!WithinItemLimits(ctx, item)) continue;
      Json element = Json::parse(item.begin(), item.end(), nullptr, /*allow_exceptions=*/false);
      if (!element.is_object()) {
        ctx.Add("", "json_type", "expected an encounter object.");
        continue;
      }
      ctx.set_prefix("[" + std::to_string(i) + "].");
      out.encounters.back() = ReadEncounter(ctx, element);
    }
    return out;
  }
  if (!WithinItemLimits(ctx, text)) return out;
  Json root = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
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
