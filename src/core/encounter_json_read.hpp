// Internal to encounter JSON reading (encounter_json*.cpp): the readers of the objects that occur
// in several places (addresses, contacts, providers, codes, amounts, attachments, repricing,
// adjustments) and of claimInformation. Findings go to the FieldContext; nothing throws.
#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

#include "edi/hipaa/encounter.hpp"
#include "src/core/json_fields.hpp"

namespace claimgate::core::detail {

inline constexpr std::string_view kAddressKeys[] = {"address1", "address2", "city", "state",
                                                    "postalCode"};
inline constexpr std::string_view kContactKeys[] = {"name", "phoneNumber", "phoneExtension",
                                                    "email"};
inline constexpr std::string_view kProviderKeys[] = {
    "providerType",       "npi",         "employerId", "ssn",      "taxonomyCode",
    "organizationName",   "lastName",    "firstName",  "middleName", "suffix",
    "contactInformation", "address",     "secondaryIdentifier"};

edi::hipaa::Address ReadAddress(const JsonFields& f);
edi::hipaa::Contact ReadContact(const JsonFields& f);
edi::hipaa::Provider ReadProvider(const JsonFields& f);
void ReadPerson(const JsonFields& f, edi::hipaa::Person* p);
// codeSystem next to a code; an unknown name is a finding.
edi::hipaa::CodingSystem ReadSystem(const JsonFields& f);
edi::hipaa::Code ReadCode(const JsonFields& f, std::string_view qualifier_key,
                          std::string_view code_key, std::string_view date_key = {});
// [{"qualifier", "identifier"}] under `key`.
std::vector<edi::hipaa::SecondaryId> ReadSecondaryIds(const JsonFields& f, std::string_view key);
// An amount that may be absent.
std::optional<std::int64_t> OptionalAmount(const JsonFields& f, std::string_view key);
// reportInformations: [{attachmentReportTypeCode, attachmentTransmissionCode,
// attachmentControlNumber}].
std::vector<edi::hipaa::Attachment> ReadAttachments(const JsonFields& f);
// claimPricingRepricingInformation / linePricingRepricingInformation under `key`.
edi::hipaa::Repricing ReadRepricing(const JsonFields& f, std::string_view key, bool line);
// [{adjustmentGroupCode, adjustmentDetails: [...]}] under `key`.
std::vector<edi::hipaa::AdjustmentGroup> ReadAdjustmentGroups(const JsonFields& f,
                                                              std::string_view key);

// The objects of array `key`, each read with `read(fields)`.
template <typename F>
void EachObject(const JsonFields& f, std::string_view key,
                std::initializer_list<std::string_view> known, F&& read) {
  std::size_t i = 0;
  for (const Json* item : f.Array(key)) {
    JsonFields child(f.ctx(), item, IndexPath(JoinPath(f.path(), key), i), known);
    read(child);
    ++i;
  }
}

// claimInformation.
void ReadClaim(const JsonFields& f, edi::hipaa::ClaimType type, edi::hipaa::ClaimInformation* c,
               edi::hipaa::Provider* service_facility);

}  // namespace claimgate::core::detail
