#include "edi/hipaa/status_codes.hpp"

#include <utility>

namespace edi::hipaa {
namespace {

using Entry = std::pair<std::string_view, std::string_view>;

// Claim status category codes (STC01-1), in our own words.
constexpr Entry kCategories[] = {
    {"A0", "acknowledged: forwarded to another entity"},
    {"A1", "acknowledged: received, not yet accepted for adjudication"},
    {"A2", "acknowledged: accepted into the adjudication system"},
    {"A3", "rejected: returned as unprocessable, not entered for adjudication"},
    {"A4", "not found in the adjudication system"},
    {"A5", "acknowledged: split into several claims on acceptance"},
    {"A6", "rejected: information is missing (see the status details)"},
    {"A7", "rejected: information is invalid (see the status details)"},
    {"A8", "rejected: related fields disagree with each other"},
    {"P0", "pending: adjudication details not available"},
    {"P1", "pending: in process"},
    {"P2", "pending: under payer review"},
    {"P3", "pending: waiting for information requested from the provider"},
    {"P4", "pending: waiting for information requested from the patient"},
    {"P5", "pending: held by the payer (administrative or system hold)"},
    {"F0", "finalized: adjudication complete, no further action"},
    {"F1", "finalized: paid"},
    {"F2", "finalized: denied"},
    {"F3", "finalized: adjudication revised"},
    {"F3F", "finalized: revised and forwarded"},
    {"F3N", "finalized: revised, not forwarded"},
    {"F4", "finalized: adjudication complete, no payment will follow"},
    {"R0", "more information requested: general request"},
    {"R1", "more information requested about an entity"},
    {"R3", "more information requested about the claim or a line"},
    {"R4", "documentation requested"},
    {"R5", "more specific detail requested"},
    {"R6", "information requested for regulatory requirements"},
    {"R7", "information requested to confirm the care is covered by the plan"},
    {"R8", "information requested to confirm a coverage exception applies"},
    {"R9", "information requested to determine medical necessity"},
    {"R10", "information requested to support a grievance or appeal"},
    {"R11", "information requested for pre-payment review"},
    {"R12", "information requested to justify the procedure code used"},
    {"R13", "documents sent could not be read; send them again"},
    {"R14", "documents received are not the ones requested"},
    {"R15", "information requested to verify workers' compensation coverage"},
    {"R16", "information requested to determine eligibility"},
    {"R17", "this request replaces an earlier one"},
    {"E0", "no answer possible: error in the request data"},
    {"E1", "no answer possible: system unavailable"},
    {"E2", "the information holder is not responding; try again later"},
    {"E3", "correction required: related fields disagree"},
    {"E4", "correction required by the trading partner agreement"},
    {"D0", "search found nothing"},
};

// The most common claim status codes (STC01-2).
constexpr Entry kStatuses[] = {
    {"0", "no further status can be given electronically"},
    {"1", "see the remittance advice for details"},
    {"2", "details were sent in a letter"},
    {"3", "adjudicated; waiting for the payment cycle"},
    {"6", "the balance is due from the subscriber"},
    {"12", "one or more submitted procedure codes were combined"},
    {"15", "one or more submitted procedure codes were changed"},
    {"16", "forwarded to the entity named"},
    {"17", "forwarded by a third party to the entity named"},
    {"18", "the entity received the claim but sent back an invalid status"},
    {"19", "the entity acknowledges receiving the claim"},
    {"20", "accepted for processing"},
    {"21", "information is missing or invalid"},
    {"23", "returned to the entity"},
    {"24", "the entity is not approved to submit electronically"},
    {"25", "the entity is not approved"},
    {"26", "the entity was not found"},
    {"27", "the policy was canceled"},
    {"29", "subscriber and policy or contract number do not match"},
    {"30", "subscriber and subscriber id do not match"},
    {"31", "subscriber and policyholder name do not match"},
    {"32", "subscriber and policy or contract number were not found"},
    {"33", "subscriber and subscriber id were not found"},
    {"34", "subscriber and policyholder name were not found"},
    {"35", "the claim was not found"},
    {"37", "predetermination on file; waiting for the services to be completed"},
    {"38", "waiting for the next periodic adjudication cycle"},
    {"39", "pregnancy charges deferred until delivery"},
    {"40", "waiting for final approval"},
    {"41", "needs special handling at the payer"},
    {"42", "waiting for related charges"},
    {"44", "charges pending a provider audit"},
    {"45", "waiting for a benefit determination"},
    {"46", "under internal review or audit"},
    {"47", "under internal review or audit; partial payment made"},
    {"49", "pending review of the provider's accreditation"},
    {"50", "waiting for the payer to verify the provider"},
    {"51", "investigating an occupational illness or accident"},
    {"52", "investigating whether other insurance covers this"},
    {"53", "being researched for an insured id or group policy number error"},
    {"54", "duplicate of a claim or line already processed"},
    {"55", "assigned to an approver or analyst"},
    {"56", "waiting for an eligibility determination"},
    {"57", "pending: COBRA information requested"},
    {"58", "information was requested on paper"},
    {"59", "information was requested electronically"},
    {"60", "eligibility for extended benefits"},
    {"61", "being repriced for a third-party plan"},
    {"65", "the claim or line has been paid"},
    {"88", "the entity is not eligible for benefits on the dates of service"},
    {"104", "processed according to the plan's provisions"},
    {"105", "the claim or line is capitated"},
    {"106", "this amount is not the entity's responsibility"},
    {"107", "processed according to the provider's contract"},
    {"109", "the entity is not eligible"},
    {"116", "the claim was sent to the wrong payer"},
    {"187", "date(s) of service"},
    {"400", "the claim is out of balance"},
    {"562", "the entity's National Provider Identifier (NPI)"},
};

// Entity identifier codes (STC01-3, NM101) seen in claim status responses.
constexpr Entry kEntities[] = {
    {"03", "dependent"},
    {"1P", "provider"},
    {"40", "receiver"},
    {"41", "submitter"},
    {"71", "attending physician"},
    {"72", "operating physician"},
    {"77", "service location"},
    {"82", "rendering provider"},
    {"85", "billing provider"},
    {"87", "pay-to provider"},
    {"DK", "ordering physician"},
    {"DN", "referring provider"},
    {"DQ", "supervising physician"},
    {"FA", "facility"},
    {"GB", "other insured"},
    {"HK", "subscriber"},
    {"IL", "insured or subscriber"},
    {"PR", "payer"},
    {"QC", "patient"},
    {"TU", "third-party repricing organization"},
    {"AY", "clearinghouse"},
};

std::string_view Find(const Entry* begin, const Entry* end, std::string_view code) {
  for (const Entry* e = begin; e != end; ++e) {
    if (e->first == code) return e->second;
  }
  return {};
}

std::string OrNoDescription(std::string_view meaning, std::string_view code) {
  if (!meaning.empty()) return std::string(meaning);
  return "code " + std::string(code) + " (no description shipped)";
}

}  // namespace

std::string_view StatusCategoryMeaning(std::string_view category) {
  return Find(std::begin(kCategories), std::end(kCategories), category);
}

std::string_view ClaimStatusMeaning277(std::string_view status) {
  return Find(std::begin(kStatuses), std::end(kStatuses), status);
}

std::string_view EntityMeaning(std::string_view entity) {
  return Find(std::begin(kEntities), std::end(kEntities), entity);
}

std::string DescribeStatusCategory(std::string_view category) {
  return OrNoDescription(StatusCategoryMeaning(category), category);
}

std::string DescribeClaimStatus(std::string_view status) {
  return OrNoDescription(ClaimStatusMeaning277(status), status);
}

std::string DescribeEntity(std::string_view entity) {
  return OrNoDescription(EntityMeaning(entity), entity);
}

std::string_view StatusCategoryFamily(std::string_view category) {
  if (category.empty()) return {};
  switch (category[0]) {
    case 'A':
      return "acknowledgement";
    case 'P':
      return "pending";
    case 'F':
      return "finalized";
    case 'R':
      return "request for information";
    case 'E':
      return "error";
    case 'D':
      return "search unsuccessful";
    default:
      return {};
  }
}

bool IsRejectionCategory(std::string_view category) {
  for (std::string_view c : {"A3", "A4", "A6", "A7", "A8", "E0", "E3", "E4", "D0"}) {
    if (c == category) return true;
  }
  return false;
}

}  // namespace edi::hipaa
