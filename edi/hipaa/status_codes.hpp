// Plain-words descriptions of the codes a 277/277CA carries: claim status category codes
// (STC01-1, X12 code list 507), the most common claim status codes (STC01-2, list 508) and
// entity identifier codes (STC01-3). Written for billers in our own words, not copied from the
// code lists; codes without a shipped description read "code NNN (no description shipped)".
// Pure functions over static tables; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace edi::hipaa {

// The description shipped for each code, or "" when none is.
std::string_view StatusCategoryMeaning(std::string_view category);  // "A3" -> "rejected..."
std::string_view ClaimStatusMeaning277(std::string_view status);    // "21" -> "missing or ..."
std::string_view EntityMeaning(std::string_view entity);            // "85" -> "billing provider"

// The meaning, or "code NNN (no description shipped)" for a code without one.
std::string DescribeStatusCategory(std::string_view category);
std::string DescribeClaimStatus(std::string_view status);
std::string DescribeEntity(std::string_view entity);

// The family of a category code: "acknowledgement", "pending", "finalized",
// "request for information", "error", "search unsuccessful" or "" for an unknown family.
std::string_view StatusCategoryFamily(std::string_view category);

// True for categories that mean the claim was rejected or not found and must be corrected or
// resubmitted (A3, A4, A6, A7, A8, E0, E3, E4, D0).
bool IsRejectionCategory(std::string_view category);

}  // namespace edi::hipaa
