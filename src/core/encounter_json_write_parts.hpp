// Internal to encounter JSON writing (encounter_json_write*.cpp): the writers of objects found in
// several places of the format (addresses, contacts, providers, codes, amounts, attachments,
// repricing, adjustments) and of a service line and an other payer. Stateless; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "edi/hipaa/encounter.hpp"

namespace claimgate::core::detail {

using OrderedJson = nlohmann::ordered_json;

// `v` under `key` unless empty.
void Put(OrderedJson& j, const char* key, const std::string& v);
// A field whose absence reads as `def`.
void PutUnlessDefault(OrderedJson& j, const char* key, const std::string& v, std::string_view def);
// `child` under `key` unless empty.
void PutObject(OrderedJson& j, const char* key, OrderedJson child);
void PutAmount(OrderedJson& j, const char* key, const std::optional<std::int64_t>& cents);
std::string Amount(std::int64_t cents);
OrderedJson AddressJson(const edi::hipaa::Address& a);
OrderedJson ContactJson(const edi::hipaa::Contact& c);
OrderedJson ProviderJson(const edi::hipaa::Provider& p);
void PersonJson(const edi::hipaa::Person& p, OrderedJson& j);
void PutSecondaryIds(OrderedJson& j, const char* key,
                     const std::vector<edi::hipaa::SecondaryId>& ids);
// A code under `code_key` with its qualifier, system, POA and date.
OrderedJson CodeJson(const edi::hipaa::Code& c, const char* qualifier_key, const char* code_key,
                     const char* date_key = nullptr);
void PutAttachments(OrderedJson& j, const std::vector<edi::hipaa::Attachment>& attachments);
void PutRepricing(OrderedJson& j, const char* key, const edi::hipaa::Repricing& r, bool line);
void PutAdjustments(OrderedJson& j, const char* key,
                    const std::vector<edi::hipaa::AdjustmentGroup>& groups);
OrderedJson LineJson(edi::hipaa::ClaimType type, const edi::hipaa::ServiceLine& l);
OrderedJson OtherPayerJson(const edi::hipaa::OtherPayer& o);

}  // namespace claimgate::core::detail
