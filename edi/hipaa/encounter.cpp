#include "edi/hipaa/encounter.hpp"

#include <array>
#include <utility>

namespace edi::hipaa {
namespace {

constexpr std::string_view kIcd10Start = "20151001";

// "2015-10-01" and "20151001" both compare as CCYYMMDD.
std::string CompactDate(std::string_view date) {
  std::string out;
  out.reserve(8);
  for (char c : date) {
    if (c != '-') out.push_back(c);
  }
  return out;
}

bool BeforeIcd10(std::string_view date) {
  std::string d = CompactDate(date);
  return d.size() == 8 && d < kIcd10Start;
}

}  // namespace

std::string_view ClaimTypeName(ClaimType type) {
  switch (type) {
    case ClaimType::kProfessional:
      return "professional";
    case ClaimType::kInstitutional:
      return "institutional";
    case ClaimType::kDental:
      return "dental";
  }
  return "professional";
}

std::string_view CodingSystemName(CodingSystem system) {
  switch (system) {
    case CodingSystem::kUnspecified:
      return "";
    case CodingSystem::kIcd10Cm:
      return "ICD-10-CM";
    case CodingSystem::kIcd9Cm:
      return "ICD-9-CM";
    case CodingSystem::kIcd10Pcs:
      return "ICD-10-PCS";
    case CodingSystem::kIcd9Pcs:
      return "ICD-9-PCS";
    case CodingSystem::kCpt:
      return "CPT";
    case CodingSystem::kHcpcs:
      return "HCPCS";
    case CodingSystem::kCdt:
      return "CDT";
    case CodingSystem::kDrg:
      return "DRG";
    case CodingSystem::kRevenue:
      return "REV";
  }
  return "";
}

bool ParseCodingSystem(std::string_view name, CodingSystem* out) {
  std::string key;
  for (char c : name) {
    if (c == '-' || c == ' ' || c == '_') continue;
    key.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  static constexpr std::array<std::pair<std::string_view, CodingSystem>, 15> kNames = {{
      {"ICD10CM", CodingSystem::kIcd10Cm},
      {"ICD10", CodingSystem::kIcd10Cm},
      {"ICD9CM", CodingSystem::kIcd9Cm},
      {"ICD9", CodingSystem::kIcd9Cm},
      {"ICD10PCS", CodingSystem::kIcd10Pcs},
      {"ICD9PCS", CodingSystem::kIcd9Pcs},
      {"ICD9CMVOL3", CodingSystem::kIcd9Pcs},
      {"CPT", CodingSystem::kCpt},
      {"HCPCS", CodingSystem::kHcpcs},
      {"CDT", CodingSystem::kCdt},
      {"DRG", CodingSystem::kDrg},
      {"MSDRG", CodingSystem::kDrg},
      {"REV", CodingSystem::kRevenue},
      {"REVENUE", CodingSystem::kRevenue},
      {"NUBCREV", CodingSystem::kRevenue},
  }};
  for (const auto& [n, s] : kNames) {
    if (n == key) {
      *out = s;
      return true;
    }
  }
  return false;
}

std::string_view FirstServiceDate(const Encounter& encounter) {
  const ClaimInformation& claim = encounter.claim;
  if (encounter.type == ClaimType::kInstitutional && !claim.statement_begin_date.empty()) {
    return claim.statement_begin_date;
  }
  std::string_view first;
  for (const ServiceLine& line : claim.service_lines) {
    if (line.service_date.empty()) continue;
    if (first.empty() || line.service_date < first) first = line.service_date;
  }
  return first;
}

CodingSystem DiagnosisSystem(const Code& code, std::string_view date_of_service) {
  if (code.system != CodingSystem::kUnspecified) return code.system;
  const std::string& q = code.qualifier;
  if (q == "ABK" || q == "ABF" || q == "ABJ" || q == "APR" || q == "ABN") {
    return CodingSystem::kIcd10Cm;
  }
  if (q == "BK" || q == "BF" || q == "BJ" || q == "PR" || q == "BN") return CodingSystem::kIcd9Cm;
  return BeforeIcd10(date_of_service) ? CodingSystem::kIcd9Cm : CodingSystem::kIcd10Cm;
}

CodingSystem ProcedureSystem(const Code& code, std::string_view date_of_service) {
  if (code.system != CodingSystem::kUnspecified) return code.system;
  const std::string& q = code.qualifier;
  if (q == "BBR" || q == "BBQ") return CodingSystem::kIcd10Pcs;
  if (q == "BR" || q == "BQ") return CodingSystem::kIcd9Pcs;
  return BeforeIcd10(date_of_service) ? CodingSystem::kIcd9Pcs : CodingSystem::kIcd10Pcs;
}

void AppendAmount(std::int64_t cents, std::string* out) {
  std::uint64_t v;
  if (cents < 0) {
    out->push_back('-');
    v = static_cast<std::uint64_t>(-(cents + 1)) + 1;
  } else {
    v = static_cast<std::uint64_t>(cents);
  }
  std::uint64_t whole = v / 100;
  auto frac = static_cast<unsigned>(v % 100);
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + whole % 10);
    whole /= 10;
  } while (whole != 0);
  while (n > 0) out->push_back(buf[--n]);
  if (frac != 0) {
    out->push_back('.');
    out->push_back(static_cast<char>('0' + frac / 10));
    if (frac % 10 != 0) out->push_back(static_cast<char>('0' + frac % 10));
  }
}

std::string FormatAmount(std::int64_t cents) {
  std::string s;
  AppendAmount(cents, &s);
  return s;
}

}  // namespace edi::hipaa
