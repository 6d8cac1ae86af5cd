// Identifier checks (NPI, EIN), the form checks for code sets we may not ship (CPT, CDT), and the
// ICD version for a date of service.
#include <string>
#include <string_view>

#include "edi/hipaa/codesets.hpp"
#include "edi/isa.hpp"

namespace edi::hipaa {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// The first day ICD-10 applies to (dates of service from 2015-10-01).
constexpr std::string_view kIcd10Start = "20151001";

}  // namespace

int NpiCheckDigit(std::string_view first_nine) {
  if (first_nine.size() != 9 || !IsDigits(first_nine)) return -1;
  // Luhn over "80840" + the nine digits, as the check digit will be appended: the rightmost of
  // the nine is doubled, then every second digit leftwards. The prefix contributes 24.
  int sum = 24;
  for (std::size_t i = 0; i < 9; ++i) {
    int digit = first_nine[8 - i] - '0';
    if (i % 2 == 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - sum % 10) % 10;
}

std::string NpiProblem(std::string_view npi) {
  if (npi.empty()) return "the NPI is empty";
  if (!IsDigits(npi)) return "an NPI has digits only";
  if (npi.size() != 10) {
    return "an NPI has 10 digits, this one has " + std::to_string(npi.size());
  }
  if (NpiCheckDigit(npi.substr(0, 9)) != npi[9] - '0') {
    return "the NPI check digit (the last digit) does not match the other nine: a digit is "
           "mistyped";
  }
  return {};
}

bool IsValidNpi(std::string_view npi) { return NpiProblem(npi).empty(); }

std::string TaxIdProblem(std::string_view tax_id) {
  std::string digits;
  if (tax_id.size() == 10 && tax_id[2] == '-') {
    digits.append(tax_id.substr(0, 2)).append(tax_id.substr(3));
  } else {
    digits.assign(tax_id);
  }
  if (digits.empty()) return "the tax id is empty";
  if (!IsDigits(digits)) {
    return "a tax id (EIN) has 9 digits, written either together or as 2 digits, a dash and 7";
  }
  if (digits.size() != 9) {
    return "a tax id (EIN) has 9 digits, this one has " + std::to_string(digits.size());
  }
  if (digits == "000000000") return "the tax id is all zeros";
  return {};
}

bool IsValidTaxId(std::string_view tax_id) { return TaxIdProblem(tax_id).empty(); }

bool IsCptForm(std::string_view code) {
  if (code.size() != 5 || !IsDigits(code.substr(0, 4))) return false;
  const char last = code[4];
  return IsDigit(last) || last == 'F' || last == 'T' || last == 'U' || last == 'M';
}

bool IsCdtForm(std::string_view code) {
  return code.size() == 5 && code[0] == 'D' && IsDigits(code.substr(1));
}

bool IsHcpcsLevel2Form(std::string_view code) {
  return code.size() == 5 && code[0] >= 'A' && code[0] <= 'V' && code[0] != 'D' &&
         IsDigits(code.substr(1));
}

bool IsModifierForm(std::string_view code) {
  return code.size() == 2 && (IsDigit(code[0]) || IsUpper(code[0])) &&
         (IsDigit(code[1]) || IsUpper(code[1]));
}

CodeSystem DiagnosisSystemFor(std::string_view date_of_service) {
  std::string digits;
  for (char c : date_of_service) {
    if (c != '-') digits.push_back(c);
  }
  if (digits.size() != 8 || !IsValidDate(digits)) return CodeSystem::kIcd10Cm;
  return digits < kIcd10Start ? CodeSystem::kIcd9Cm : CodeSystem::kIcd10Cm;
}

CodeSystem ProcedureSystemFor(std::string_view date_of_service) {
  return DiagnosisSystemFor(date_of_service) == CodeSystem::kIcd9Cm ? CodeSystem::kIcd9Pcs
                                                                    : CodeSystem::kIcd10Pcs;
}

}  // namespace edi::hipaa
