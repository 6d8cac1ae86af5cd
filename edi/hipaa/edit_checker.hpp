// Internal to encounter_edits.cpp and encounter_code_edits.cpp: the finding collector and the
// small checks the edits share (required values, dates, NPIs, codes against the code sets).
// Not thread-safe; one per CheckEncounter call.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "edi/hipaa/codesets.hpp"
#include "edi/hipaa/encounter.hpp"
#include "edi/hipaa/encounter_edits.hpp"

namespace edi::hipaa::detail {

// Whether `date` is a real calendar date written CCYYMMDD (years 1900-2099).
bool IsRealDate(std::string_view date);
bool IsAllDigits(std::string_view s);
// Cents as a biller reads them in a message: "120.00", "-3.50".
std::string Money(std::int64_t cents);

class EditChecker {
 public:
  EditChecker(const Encounter& e, const EditOptions& options, std::vector<EncounterFinding>* out);

  const Encounter& encounter() const { return e_; }
  std::string_view today() const { return options_.today; }
  // The date that decides ICD-9 vs ICD-10 (FirstServiceDate).
  std::string_view service_date() const { return service_date_; }
  std::size_t added() const { return out_->size() - start_; }

  void Add(std::string_view path, std::string_view code, std::string message,
           std::string_view value = {});
  // "required": `what` ("the subscriber's member ID") is missing. Returns whether it is set.
  bool Require(std::string_view path, std::string_view value, std::string_view what);
  // A CCYYMMDD date; `past_only`: not after today. Empty is fine (use Require for that).
  bool Date(std::string_view path, std::string_view value, std::string_view what, bool past_only);
  // "too_long" when `value` has more than `max` characters (the X12 element's maximum).
  void MaxLength(std::string_view path, std::string_view value, std::size_t max,
                 std::string_view what);
  // A value from a short fixed list ("M F U").
  void OneOf(std::string_view path, std::string_view value, std::string_view allowed,
             std::string_view what);
  // A code against one of the shipped code sets; `what` names it in the message.
  void InCodeSet(std::string_view path, std::string_view value, CodeSystem system,
                 std::string_view what);
  void Npi(std::string_view path, std::string_view npi, std::string_view what, bool required);
  // A provider block: NPI, name; `base` is its JSON path ("billing", "rendering" ...).
  void Provider(std::string_view base, const hipaa::Provider& p, std::string_view what);
  void Address(std::string_view base, const hipaa::Address& a, std::string_view what,
               bool required);

  // encounter_code_edits.cpp
  void Diagnoses();
  void ServiceLines();
  void OtherPayers();
  void Institutional();

 private:
  void Diagnosis(std::string_view path, const Code& code, std::string_view what, bool with_poa);
  void Procedure(std::string_view base, const ServiceLine& line, std::size_t index);

  const Encounter& e_;
  const EditOptions& options_;
  std::vector<EncounterFinding>* out_;
  std::size_t start_;
  std::string service_date_;
  const CodeSets& sets_;
};

}  // namespace edi::hipaa::detail
