// ClaimRules: the machine-checkable situational rules (SNIP 4) and claim balancing (SNIP 3) of the
// 837 guides (837P X222, 837I X223, 837D X224), checked while a transaction set streams past.
// X12Validator feeds it each segment with the loop the schema placed it in; it keeps one claim and
// one subscriber of state, never the whole set. Not thread-safe; the sink must outlive it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "edi/diagnostics.hpp"
#include "edi/segment.hpp"

namespace edi {

class ClaimRules {
 public:
  explicit ClaimRules(DiagnosticSink& sink) : sink_(sink) {}

  // `loop` is the implementation-guide loop the segment was placed in ("" for ST/BHT/SE).
  void Add(const Segment& segment, std::string_view loop, std::uint64_t segment_in_set);
  // The set ended (SE, or the envelope closed it): checks the open claim and subscriber.
  void Finish();

 private:
  // Where a finding will point: a segment seen earlier in the set.
  struct Mark {
    Position pos;
    std::string segment_id;
    std::string loop;
    std::string value;
    bool set = false;
  };
  enum class IcdFamily { kNone, kIcd10, kIcd9 };

  void EndClaim();
  void EndSubscriber();
  void StartClaim(const Segment& s, std::string_view loop, std::uint64_t in_set);
  void ReadDiagnoses(const Segment& s, std::string_view loop, std::uint64_t in_set);
  void ReadServiceLine(const Segment& s, std::string_view loop, std::uint64_t in_set);
  void ReadDate(const Segment& s);
  Mark MarkAt(const Segment& s, std::string_view loop, std::uint64_t in_set,
              std::uint32_t element = 0, std::uint32_t component = 0,
              std::string_view value = {}) const;
  void Report(DiagCode code, const Mark& at, std::string message);

  DiagnosticSink& sink_;

  // The subscriber level (2000B) being read.
  bool in_subscriber_ = false;
  bool subscriber_is_patient_ = false;  // SBR02 = 18
  bool subscriber_has_patient_loop_ = false;
  Mark subscriber_;

  // The claim (2300 and its lines) being read.
  bool in_claim_ = false;
  Mark claim_;  // CLM, element 2
  std::int64_t claim_charge_ = 0;
  bool claim_charge_ok_ = false;
  std::int64_t line_charges_ = 0;
  std::uint32_t lines_ = 0;
  bool line_charges_ok_ = true;
  std::uint32_t diagnoses_ = 0;  // diagnosis codes on the claim (pointer targets)
  IcdFamily diagnosis_family_ = IcdFamily::kNone;
  Mark first_diagnosis_;
  bool reported_mix_ = false;
  std::string statement_from_;    // CCYYMMDD from DTP*434
  std::string earliest_service_;  // CCYYMMDD from DTP*472, claim or line level
};

}  // namespace edi
