#include "edi/claim_rules.hpp"

#include <string>

namespace edi {
namespace {

// The first date of the day of service on/after which ICD-10 codes are required (HIPAA final
// rule, 45 CFR 162.1002).
constexpr std::string_view kIcd10Start = "20151001";

// ICD family of an HI qualifier (C022-01) for diagnoses and ICD procedures; kNone for value,
// occurrence, condition, treatment and DRG codes, which carry no ICD version.
enum class Family { kNone, kIcd10, kIcd9 };
Family QualifierFamily(std::string_view q) {
  if (q == "ABK" || q == "ABF" || q == "ABJ" || q == "APR" || q == "ABN" || q == "BBR" ||
      q == "BBQ") {
    return Family::kIcd10;
  }
  if (q == "BK" || q == "BF" || q == "BJ" || q == "PR" || q == "BN" || q == "BR" || q == "BQ") {
    return Family::kIcd9;
  }
  return Family::kNone;
}

// Diagnosis codes that service-line pointers count: principal and other diagnoses, in order.
bool IsPointerTarget(std::string_view q) {
  return q == "ABK" || q == "ABF" || q == "BK" || q == "BF";
}

// An X12 R amount in cents; false when it is not a number with at most two decimals.
bool ParseCents(std::string_view v, std::int64_t* cents) {
  bool negative = !v.empty() && v[0] == '-';
  if (negative) v.remove_prefix(1);
  if (v.empty() || v.size() > 15) return false;
  std::int64_t whole = 0;
  std::int64_t fraction = 0;
  int decimals = -1;
  for (char c : v) {
    if (c == '.' && decimals < 0) {
      decimals = 0;
    } else if (c >= '0' && c <= '9') {
      if (decimals < 0) {
        whole = whole * 10 + (c - '0');
      } else if (++decimals <= 2) {
        fraction = fraction * 10 + (c - '0');
      } else {
        return false;
      }
    } else {
      return false;
    }
  }
  if (decimals == 1) fraction *= 10;
  *cents = (whole * 100 + fraction) * (negative ? -1 : 1);
  return true;
}

std::string FormatCents(std::int64_t cents) {
  std::string sign = cents < 0 ? "-" : "";
  if (cents < 0) cents = -cents;
  std::string frac = std::to_string(cents % 100);
  return sign + std::to_string(cents / 100) + "." + (frac.size() == 1 ? "0" : "") + frac;
}

std::string ShowDate(std::string_view d) {
  return std::string(d.substr(0, 4)) + "-" + std::string(d.substr(4, 2)) + "-" +
         std::string(d.substr(6, 2));
}

}  // namespace

ClaimRules::Mark ClaimRules::MarkAt(const Segment& s, std::string_view loop, std::uint64_t in_set,
                                    std::uint32_t element, std::uint32_t component,
                                    std::string_view value) const {
  Mark m;
  m.pos.byte_offset = s.byte_offset();
  m.pos.segment = s.index();
  m.pos.segment_in_set = in_set;
  m.pos.element = element;
  m.pos.component = component;
  m.segment_id = std::string(s.id());
  m.loop = std::string(loop);
  m.value = std::string(value);
  m.set = true;
  return m;
}

void ClaimRules::Report(DiagCode code, const Mark& at, std::string message) {
  sink_.Report(
      {code, Severity::kError, at.pos, at.segment_id, std::move(message), at.value, at.loop});
}

void ClaimRules::Add(const Segment& s, std::string_view loop, std::uint64_t in_set) {
  const std::string_view id = s.id();
  if (id == "HL") {
    EndClaim();
    if (loop == "2000B") {
      EndSubscriber();
      in_subscriber_ = true;
      subscriber_ = MarkAt(s, loop, in_set);
    } else if (loop == "2000C") {
      if (in_subscriber_ && subscriber_is_patient_) {
        Report(DiagCode::kDependentNotUsed, MarkAt(s, loop, in_set),
               "a patient loop 2000C is sent, but SBR02 says the patient is the subscriber (18); "
               "send the claim under the subscriber and leave 2000C out");
      }
      subscriber_has_patient_loop_ = true;
    } else {
      EndSubscriber();
    }
  } else if (id == "SBR" && loop == "2000B") {
    subscriber_is_patient_ = s.element(2) == "18";
  } else if (id == "CLM") {
    EndClaim();
    StartClaim(s, loop, in_set);
  } else if (in_claim_ && id == "HI") {
    ReadDiagnoses(s, loop, in_set);
  } else if (in_claim_ && (id == "SV1" || id == "SV2" || id == "SV3")) {
    ReadServiceLine(s, loop, in_set);
  } else if (in_claim_ && id == "DTP") {
    ReadDate(s);
  } else if (id == "SE") {
    Finish();
  }
}

void ClaimRules::Finish() {
  EndClaim();
  EndSubscriber();
}

void ClaimRules::EndSubscriber() {
  if (!in_subscriber_) return;
  in_subscriber_ = false;
  if (!subscriber_is_patient_ && !subscriber_has_patient_loop_) {
    Report(DiagCode::kDependentMissing, subscriber_,
           "SBR02 does not say the patient is the subscriber (18), so the claim needs a patient "
           "loop 2000C under this subscriber; none came");
  }
  subscriber_is_patient_ = false;
  subscriber_has_patient_loop_ = false;
}

void ClaimRules::StartClaim(const Segment& s, std::string_view loop, std::uint64_t in_set) {
  in_claim_ = true;
  claim_ = MarkAt(s, loop, in_set, 2, 0, s.element(2));
  claim_charge_ok_ = ParseCents(s.element(2), &claim_charge_);
  line_charges_ = 0;
  lines_ = 0;
  line_charges_ok_ = true;
  diagnoses_ = 0;
  diagnosis_family_ = IcdFamily::kNone;
  first_diagnosis_ = Mark{};
  reported_mix_ = false;
  statement_from_.clear();
  earliest_service_.clear();
}

void ClaimRules::ReadDiagnoses(const Segment& s, std::string_view loop, std::uint64_t in_set) {
  if (loop != "2300") return;
  for (std::uint32_t e = 1; e <= s.element_count(); ++e) {
    std::string_view qualifier = s.component(e, 1);
    if (IsPointerTarget(qualifier)) ++diagnoses_;
    Family f = QualifierFamily(qualifier);
    if (f == Family::kNone) continue;
    IcdFamily family = f == Family::kIcd10 ? IcdFamily::kIcd10 : IcdFamily::kIcd9;
    if (diagnosis_family_ == IcdFamily::kNone) {
      diagnosis_family_ = family;
      first_diagnosis_ = MarkAt(s, loop, in_set, e, 1, qualifier);
    } else if (family != diagnosis_family_ && !reported_mix_) {
      reported_mix_ = true;
      Report(DiagCode::kSituationalValue, MarkAt(s, loop, in_set, e, 1, qualifier),
             "this claim mixes ICD-10 and ICD-9 code qualifiers (" + first_diagnosis_.value +
                 " came first); all diagnosis and procedure codes on one claim must use the same "
                 "ICD version");
    }
  }
}

void ClaimRules::ReadServiceLine(const Segment& s, std::string_view loop, std::uint64_t in_set) {
  const std::string_view id = s.id();
  ++lines_;
  // Line charge: SV1-02 (837P), SV2-03 (837I), SV3-02 (837D).
  std::uint32_t charge_at = id == "SV2" ? 3 : 2;
  std::int64_t charge = 0;
  if (ParseCents(s.element(charge_at), &charge)) {
    line_charges_ += charge;
  } else {
    line_charges_ok_ = false;
  }
  // Diagnosis pointers: SV1-07 (837P) and SV3-11 (837D), composite C004.
  std::uint32_t pointers_at = id == "SV1" ? 7 : id == "SV3" ? 11 : 0;
  if (pointers_at == 0 || s.element(pointers_at).empty()) return;
  // No diagnosis recognised (HI missing or unreadable): the guide check already said so, and
  // every pointer would be reported again.
  if (diagnoses_ == 0) return;
  for (std::uint32_t c = 1; c <= 4; ++c) {
    std::string_view p = s.component(pointers_at, c);
    if (p.empty()) continue;
    std::uint32_t n = 0;
    bool number = p.size() <= 2;
    for (char ch : p) {
      number = number && ch >= '0' && ch <= '9';
      n = n * 10 + static_cast<std::uint32_t>(ch - '0');
    }
    if (number && n >= 1 && n <= diagnoses_) continue;
    Report(DiagCode::kSituationalValue, MarkAt(s, loop, in_set, pointers_at, c, p),
           "diagnosis pointer " + std::string(p) +
               " does not point at a diagnosis of this claim (" + std::to_string(diagnoses_) +
               " principal/other diagnosis code(s) in HI)");
  }
}

void ClaimRules::ReadDate(const Segment& s) {
  std::string_view qualifier = s.element(1);
  std::string_view value = s.element(3);
  if (value.size() < 8) return;
  std::string from(value.substr(0, 8));
  if (qualifier == "434") {
    statement_from_ = from;
  } else if (qualifier == "472") {
    if (earliest_service_.empty() || from < earliest_service_) earliest_service_ = from;
  }
}

void ClaimRules::EndClaim() {
  if (!in_claim_) return;
  in_claim_ = false;
  // SNIP 3: the claim's total charge is the sum of its lines.
  if (lines_ > 0 && claim_charge_ok_ && line_charges_ok_ && line_charges_ != claim_charge_) {
    Report(DiagCode::kClaimOutOfBalance, claim_,
           "the claim's total charge CLM02 is " + FormatCents(claim_charge_) +
               " but its service lines add up to " + FormatCents(line_charges_));
  }
  // ICD-10 from 2015-10-01, ICD-9 before: the statement's first day (837I) or the earliest
  // date of service.
  const std::string& when = !statement_from_.empty() ? statement_from_ : earliest_service_;
  if (when.empty() || !first_diagnosis_.set || reported_mix_) return;
  bool after = when >= kIcd10Start;
  if (after && diagnosis_family_ == IcdFamily::kIcd9) {
    Report(DiagCode::kSituationalValue, first_diagnosis_,
           "ICD-9 qualifier " + first_diagnosis_.value + " on a claim for services on " +
               ShowDate(when) + "; ICD-10 codes (ABK, ABF, ...) are required from 2015-10-01");
  } else if (!after && diagnosis_family_ == IcdFamily::kIcd10) {
    Report(DiagCode::kSituationalValue, first_diagnosis_,
           "ICD-10 qualifier " + first_diagnosis_.value + " on a claim for services on " +
               ShowDate(when) + "; ICD-9 codes (BK, BF, ...) apply before 2015-10-01");
  }
}

}  // namespace edi
