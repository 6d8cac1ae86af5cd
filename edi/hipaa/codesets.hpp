// The external code sets claimgate ships (ICD, HCPCS, POS, type of bill, MS-DRG, NUBC codes,
// CARC/RARC) and the primitive form checks for identifiers and copyrighted code sets (NPI, EIN,
// CPT, CDT, modifiers). The lists are compiled into the library (edi/hipaa/codesets/, sources in
// its README.md), so nothing is read at run time. CodeSets::BuiltIn() is built once on first use
// (thread-safe) and immutable after; every view it returns lives for the whole program.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace edi::hipaa {

enum class CodeSystem : std::uint8_t {
  kIcd10Cm,          // ICD-10-CM diagnoses (dates of service from 2015-10-01)
  kIcd9Cm,           // ICD-9-CM diagnoses, v32 (dates of service before 2015-10-01)
  kIcd10Pcs,         // ICD-10-PCS inpatient procedures
  kIcd9Pcs,          // ICD-9-CM volume 3 procedures, v32
  kHcpcs,            // HCPCS Level II (no CPT, no CDT "D" codes)
  kHcpcsModifier,    // HCPCS/CPT modifiers (CMS annual modifier list)
  kPlaceOfService,   // CMS place of service, 2 digits
  kTypeOfBill,       // NUBC type of bill: "11" (CLM05-1), "111" or "0111" (with frequency)
  kClaimFrequency,   // NUBC claim frequency (type of bill 3rd digit, CLM05-3)
  kMsDrg,            // MS-DRG, 3 digits
  kRevenue,          // NUBC revenue codes, 4 digits
  kCondition,        // NUBC condition codes
  kAdmissionType,    // NUBC priority (type) of admission
  kAdmissionSource,  // NUBC point of origin (source of admission)
  kDischargeStatus,  // NUBC patient discharge status
  kCarcGroup,        // claim adjustment group codes (CO, CR, OA, PI, PR)
  kCarc,             // claim adjustment reason codes
  kRarc,             // remittance advice remark codes
};
inline constexpr std::size_t kCodeSystemCount = 18;

enum class CodeStatus : std::uint8_t {
  kValid,        // in the current list and valid on a claim
  kNotBillable,  // a header/category code: more characters are needed before it can be billed
  kRetired,      // in an older list we ship but not in the current one (see CodeCheck::version)
  kUnknown,      // in no list we ship (or malformed)
};

struct CodeCheck {
  CodeStatus status = CodeStatus::kUnknown;
  // The list the answer comes from, e.g. "ICD-10-CM FY2026 (April 1, 2026 update)"; for kRetired
  // it names both the older list the code was found in and the current one it is missing from;
  // for kUnknown it is the current list (the one the code is not in).
  std::string_view version;
  std::string_view description;  // empty when none is shipped for this system or code
};

// "ICD-10-CM", "HCPCS", "CARC", ... for messages.
std::string_view CodeSystemName(CodeSystem system);
// "kValid" -> "valid", "kNotBillable" -> "not billable (header code)", ...
std::string_view CodeStatusName(CodeStatus status);

// Diagnosis / procedure code system for a date of service (CCYYMMDD or CCYY-MM-DD): ICD-9 before
// 2015-10-01, ICD-10 from then on. A date that cannot be read gives ICD-10.
CodeSystem DiagnosisSystemFor(std::string_view date_of_service);
CodeSystem ProcedureSystemFor(std::string_view date_of_service);

class CodeSets {
 public:
  // The lists compiled into the library. Built on first call; thread-safe; never destroyed
  // before the program ends.
  static const CodeSets& BuiltIn();

  // Looks a code up. Codes are matched after normalising: surrounding blanks removed, letters
  // upper-cased, and for ICD systems the dot removed ("e11.9" == "E119"). For ICD systems a code
  // of 3 or more characters (2 for ICD-9 procedures) that begins a longer valid code is
  // kNotBillable, whatever an older list said. kTypeOfBill takes "11", "111" or "0111" (the last
  // two also need a valid claim frequency). Never fails.
  CodeCheck Check(CodeSystem system, std::string_view code) const;
  bool IsValid(CodeSystem system, std::string_view code) const {
    return Check(system, code).status == CodeStatus::kValid;
  }
  // Description of a code from the newest list that has one, or empty.
  std::string_view Describe(CodeSystem system, std::string_view code) const {
    return Check(system, code).description;
  }
  // The current list's name and version, e.g. "HCPCS Level II 2026 Q3 (July 2026)".
  std::string_view Version(CodeSystem system) const;
  // How many shipped codes of a system have this status (kValid: the current list's size;
  // kRetired / kNotBillable: codes shipped from older lists or as headers; kUnknown: 0).
  std::size_t Count(CodeSystem system, CodeStatus status) const;
  // Every shipped code of a system with this status, sorted (byte order).
  std::vector<std::string> Codes(CodeSystem system, CodeStatus status) const;

  // Builds a new copy of the compiled-in lists (tens of milliseconds: see tests/bench); callers
  // normally use BuiltIn(). The copy's views point into static data and outlive it.
  CodeSets();
  CodeSets(const CodeSets&) = delete;
  CodeSets& operator=(const CodeSets&) = delete;
  ~CodeSets();

  struct Table;  // defined in codesets.cpp

 private:
  std::vector<Table> tables_;  // indexed by CodeSystem
};

// Primitive checks. Each Is* returns whether the value is acceptable; each *Problem returns an
// empty string when it is, otherwise one plain-words sentence fit for a biller (no value echoed
// beyond the digits counted).

// NPI: exactly 10 digits whose last is the Luhn check digit over "80840" + the first 9.
bool IsValidNpi(std::string_view npi);
std::string NpiProblem(std::string_view npi);
// Check digit (0-9) for the first 9 digits of an NPI; -1 when they are not 9 digits.
int NpiCheckDigit(std::string_view first_nine);

// Federal tax id (EIN): 9 digits, or "NN-NNNNNNN" (as printed), not all zeros. The IRS prefix
// table is not checked: it changes, and test data often uses unassigned prefixes.
bool IsValidTaxId(std::string_view tax_id);
std::string TaxIdProblem(std::string_view tax_id);

// CPT (HCPCS Level I), form only: the AMA list is copyrighted and not shipped. Five characters:
// four digits then a digit (Category I), "F" (Category II), "T" (Category III), "U" (proprietary
// laboratory analyses) or "M" (multianalyte assays).
bool IsCptForm(std::string_view code);
// CDT (ADA), form only: "D" followed by four digits.
bool IsCdtForm(std::string_view code);
// HCPCS Level II form: a letter A-V (not D) followed by four digits.
bool IsHcpcsLevel2Form(std::string_view code);
// Procedure modifier form: two upper-case letters or digits. CPT modifiers ("25", "59") are
// form-checked only: the shipped modifier list is the HCPCS Level II one.
bool IsModifierForm(std::string_view code);

}  // namespace edi::hipaa
