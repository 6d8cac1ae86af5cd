#include "edi/hipaa/codesets.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace edi::hipaa {
namespace {

const CodeSets& Sets() { return CodeSets::BuiltIn(); }

// ---------------------------------------------------------------------------------------------
// NPI, tax id, forms

// Validation as the NPI standard states it, written apart from the library's check-digit
// generator: prefix 80840, then the Luhn rule over all 15 digits (every second digit from the
// right, starting with the second, is doubled; the total must end in 0).
bool LuhnValidWithPrefix(const std::string& npi) {
  const std::string digits = "80840" + npi;
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    int d = digits[digits.size() - 1 - i] - '0';
    if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 == 0;
}

TEST(Npi, CheckDigitAgreesWithLuhnOverThe80840Prefix) {
  for (const std::string base : {"123456789", "100000000", "987654321", "111111111", "999999999",
                                 "150000000", "246813579", "000000001"}) {
    const int check = NpiCheckDigit(base);
    ASSERT_GE(check, 0) << base;
    const std::string npi = base + static_cast<char>('0' + check);
    EXPECT_TRUE(LuhnValidWithPrefix(npi)) << npi;
    EXPECT_TRUE(IsValidNpi(npi)) << npi;
    EXPECT_EQ(NpiProblem(npi), "") << npi;
    int valid_last_digits = 0;
    for (char last = '0'; last <= '9'; ++last) {
      valid_last_digits += IsValidNpi(base + last) ? 1 : 0;
    }
    EXPECT_EQ(valid_last_digits, 1) << base;
  }
}

TEST(Npi, AcceptsTheCmsPublishedExample) {
  EXPECT_TRUE(LuhnValidWithPrefix("1234567893"));
  EXPECT_TRUE(IsValidNpi("1234567893"));
}

TEST(Npi, RejectsEverySingleDigitChangeAndAdjacentSwap) {
  const std::string npi = "1234567893";
  for (std::size_t i = 0; i < npi.size(); ++i) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == npi[i]) continue;
      std::string mutated = npi;
      mutated[i] = d;
      EXPECT_FALSE(IsValidNpi(mutated)) << mutated;
      EXPECT_NE(NpiProblem(mutated).find("check digit"), std::string::npos);
    }
  }
  for (std::size_t i = 0; i + 1 < npi.size(); ++i) {
    std::string swapped = npi;
    std::swap(swapped[i], swapped[i + 1]);
    if (swapped == npi) continue;
    EXPECT_EQ(IsValidNpi(swapped), LuhnValidWithPrefix(swapped)) << swapped;
    EXPECT_FALSE(IsValidNpi(swapped)) << swapped;  // no 0/9 pair in this NPI
  }
}

TEST(Npi, RejectsWrongLengthAndNonDigitsWithAReason) {
  EXPECT_EQ(NpiProblem(""), "the NPI is empty");
  EXPECT_EQ(NpiProblem("123456789"), "an NPI has 10 digits, this one has 9");
  EXPECT_EQ(NpiProblem("12345678934"), "an NPI has 10 digits, this one has 11");
  EXPECT_EQ(NpiProblem("123456789A"), "an NPI has digits only");
  EXPECT_EQ(NpiProblem(" 1234567893"), "an NPI has digits only");
  EXPECT_EQ(NpiCheckDigit("12345678"), -1);
  EXPECT_EQ(NpiCheckDigit("12345678X"), -1);
}

TEST(TaxId, AcceptsNineDigitsWithOrWithoutTheDash) {
  for (const char* ok : {"123456789", "12-3456789", "000000001", "99-0000000"}) {
    EXPECT_TRUE(IsValidTaxId(ok)) << ok;
    EXPECT_EQ(TaxIdProblem(ok), "") << ok;
  }
}

TEST(TaxId, RejectsZerosWrongLengthsAndMisplacedDashes) {
  EXPECT_EQ(TaxIdProblem("000000000"), "the tax id is all zeros");
  EXPECT_EQ(TaxIdProblem("00-0000000"), "the tax id is all zeros");
  EXPECT_EQ(TaxIdProblem("12345678"), "a tax id (EIN) has 9 digits, this one has 8");
  EXPECT_EQ(TaxIdProblem("1234567890"), "a tax id (EIN) has 9 digits, this one has 10");
  EXPECT_EQ(TaxIdProblem(""), "the tax id is empty");
  for (const char* bad : {"123-456789", "12-345678", "12a456789", "12 3456789", "-123456789"}) {
    EXPECT_FALSE(IsValidTaxId(bad)) << bad;
    EXPECT_FALSE(TaxIdProblem(bad).empty()) << bad;
  }
}

TEST(CodeForms, CptIsFourDigitsAndADigitOrCategoryLetter) {
  for (const char* ok : {"99213", "00100", "0001F", "0042T", "0001U", "0002M"}) {
    EXPECT_TRUE(IsCptForm(ok)) << ok;
  }
  for (const char* bad : {"9921", "992134", "A9921", "0001f", "0001X", "D0120", "9921 ", ""}) {
    EXPECT_FALSE(IsCptForm(bad)) << bad;
  }
}

TEST(CodeForms, CdtIsDAndFourDigits) {
  EXPECT_TRUE(IsCdtForm("D0120"));
  EXPECT_TRUE(IsCdtForm("D9999"));
  for (const char* bad : {"D012", "D01200", "d0120", "DA120", "E0120", "01200", ""}) {
    EXPECT_FALSE(IsCdtForm(bad)) << bad;
  }
}

TEST(CodeForms, HcpcsLevel2IsALetterOtherThanDAndFourDigits) {
  for (const char* ok : {"A0021", "J1100", "G0008", "V5008"}) EXPECT_TRUE(IsHcpcsLevel2Form(ok));
  for (const char* bad : {"D0120", "W1234", "99213", "J110", "j1100"}) {
    EXPECT_FALSE(IsHcpcsLevel2Form(bad)) << bad;
  }
}

TEST(CodeForms, ModifierIsTwoUpperCaseLettersOrDigits) {
  for (const char* ok : {"25", "59", "LT", "Q5", "GT", "X1"}) EXPECT_TRUE(IsModifierForm(ok));
  for (const char* bad : {"L", "LTX", "lt", "-1", " 2", ""}) {
    EXPECT_FALSE(IsModifierForm(bad)) << bad;
  }
}

TEST(CodeForms, IcdVersionFollowsTheDateOfService) {
  EXPECT_EQ(DiagnosisSystemFor("20150930"), CodeSystem::kIcd9Cm);
  EXPECT_EQ(DiagnosisSystemFor("2015-09-30"), CodeSystem::kIcd9Cm);
  EXPECT_EQ(DiagnosisSystemFor("20151001"), CodeSystem::kIcd10Cm);
  EXPECT_EQ(DiagnosisSystemFor("2026-04-01"), CodeSystem::kIcd10Cm);
  EXPECT_EQ(DiagnosisSystemFor("garbage"), CodeSystem::kIcd10Cm);
  EXPECT_EQ(ProcedureSystemFor("20140101"), CodeSystem::kIcd9Pcs);
  EXPECT_EQ(ProcedureSystemFor("20160101"), CodeSystem::kIcd10Pcs);
}

// ---------------------------------------------------------------------------------------------
// Code sets

TEST(CodeSets, EverySystemHasCodesAndAVersion) {
  for (std::size_t i = 0; i < kCodeSystemCount; ++i) {
    const auto system = static_cast<CodeSystem>(i);
    EXPECT_GT(Sets().Count(system, CodeStatus::kValid), 0U) << CodeSystemName(system);
    EXPECT_FALSE(Sets().Version(system).empty()) << CodeSystemName(system);
    EXPECT_EQ(Sets().Count(system, CodeStatus::kUnknown), 0U);
  }
}

TEST(CodeSets, BuiltInIsOneInstanceAcrossThreads) {
  std::vector<const CodeSets*> seen(4);
  std::vector<std::thread> threads;
  for (auto& slot : seen) threads.emplace_back([&slot] { slot = &CodeSets::BuiltIn(); });
  for (auto& t : threads) t.join();
  for (const CodeSets* p : seen) EXPECT_EQ(p, &CodeSets::BuiltIn());
}

TEST(Icd10Cm, BillableCodeIsValidWithOrWithoutTheDot) {
  for (const char* code : {"E119", "E11.9", " e11.9 ", "S36250A", "S36.250A"}) {
    const CodeCheck check = Sets().Check(CodeSystem::kIcd10Cm, code);
    EXPECT_EQ(check.status, CodeStatus::kValid) << code;
    EXPECT_EQ(check.version, "ICD-10-CM FY2026 (April 1, 2026 update)");
    EXPECT_EQ(check.description, "");  // ICD titles are not shipped
  }
}

TEST(Icd10Cm, CategoryAndSubcategoryAreNotBillable) {
  for (const char* code : {"E11", "E11.6", "A00", "S36.25"}) {
    EXPECT_EQ(Sets().Check(CodeSystem::kIcd10Cm, code).status, CodeStatus::kNotBillable) << code;
  }
}

TEST(Icd10Cm, CodeDroppedAfterFy2022IsRetiredAndNamesBothVersions) {
  // S30.1XXA (contusion of abdominal wall) was billable in FY2022; FY2023 split it up and the
  // FY2026 list has no code starting with it.
  const CodeCheck check = Sets().Check(CodeSystem::kIcd10Cm, "S30.1XXA");
  EXPECT_EQ(check.status, CodeStatus::kRetired);
  EXPECT_NE(check.version.find("FY2022"), std::string_view::npos);
  EXPECT_NE(check.version.find("FY2026"), std::string_view::npos);
}

TEST(Icd10Cm, CodeBillableInFy2022ThatGainedSubcodesIsNowAHeader) {
  // B37.3 was billable in FY2022; FY2026 bills B37.31 / B37.32 instead.
  EXPECT_EQ(Sets().Check(CodeSystem::kIcd10Cm, "B37.3").status, CodeStatus::kNotBillable);
  EXPECT_EQ(Sets().Check(CodeSystem::kIcd10Cm, "B3731").status, CodeStatus::kValid);
}

TEST(Icd10Cm, MadeUpAndMalformedCodesAreUnknown) {
  for (const char* code : {"E11X", "Z9999999", "", "E11-9", "E119E119E", "É119", "E1", "E"}) {
    const CodeCheck check = Sets().Check(CodeSystem::kIcd10Cm, code);
    EXPECT_EQ(check.status, CodeStatus::kUnknown) << code;
    EXPECT_EQ(check.version, Sets().Version(CodeSystem::kIcd10Cm));
  }
}

TEST(Icd9Cm, BillableHeaderAndUnknown) {
  EXPECT_EQ(Sets().Check(CodeSystem::kIcd9Cm, "250.00").status, CodeStatus::kValid);
  EXPECT_EQ(Sets().Check(CodeSystem::kIcd9Cm, "V04.81").status, CodeStatus::kValid);
  EXPECT_EQ(Sets().Check(CodeSystem::kIcd9Cm, "E849.0").status, CodeStatus::kValid);
  EXPECT_EQ(Sets().Check(CodeSystem::kIcd9Cm, "250").status, CodeStatus::kNotBillable);
  EXPECT_EQ(Sets().Check(CodeSystem::kIcd9Cm, "2500").status, CodeStatus::kNotBillable);
  EXPECT_EQ(Sets().Check(CodeSystem::kIcd9Cm, "E119").status, CodeStatus::kUnknown);
  EXPECT_NE(Sets().Version(CodeSystem::kIcd9Cm).find("v32"), std::string_view::npos);
  EXPECT_EQ(Sets().Check(CodeSystem::kIcd9Pcs, "00.01").status, CodeStatus::kValid);
}

TEST(Icd10Pcs, SevenCharacterCodeIsValidAndItsStemsAreNot) {
  EXPECT_EQ(Sets().Check(CodeSystem::kIcd10Pcs, "0016070").status, CodeStatus::kValid);
  EXPECT_EQ(Sets().Check(CodeSystem::kIcd10Pcs, "001").status, CodeStatus::kNotBillable);
  EXPECT_EQ(Sets().Check(CodeSystem::kIcd10Pcs, "00160").status, CodeStatus::kNotBillable);
  EXPECT_EQ(Sets().Check(CodeSystem::kIcd10Pcs, "ZZZZZZZ").status, CodeStatus::kUnknown);
}

TEST(Hcpcs, CurrentTerminatedAndUnknownCodes) {
  EXPECT_EQ(Sets().Check(CodeSystem::kHcpcs, "J1100").status, CodeStatus::kValid);
  EXPECT_EQ(Sets().Check(CodeSystem::kHcpcs, "g0008").status, CodeStatus::kValid);
  // A4466 carries a 2016-12-31 termination date in the 2020 annual file.
  const CodeCheck terminated = Sets().Check(CodeSystem::kHcpcs, "A4466");
  EXPECT_EQ(terminated.status, CodeStatus::kRetired);
  EXPECT_NE(terminated.version.find("terminated"), std::string_view::npos);
  EXPECT_EQ(Sets().Check(CodeSystem::kHcpcs, "99213").status, CodeStatus::kUnknown);  // CPT
  EXPECT_EQ(Sets().Check(CodeSystem::kHcpcs, "D0120").status, CodeStatus::kUnknown);  // CDT
}

TEST(Hcpcs, ModifiersCarryTheirShortText) {
  EXPECT_EQ(Sets().Describe(CodeSystem::kHcpcsModifier, "LT"), "Left side");
  EXPECT_EQ(Sets().Check(CodeSystem::kHcpcsModifier, "GT").status, CodeStatus::kValid);
  EXPECT_EQ(Sets().Check(CodeSystem::kHcpcsModifier, "ZZ").status, CodeStatus::kUnknown);
}

TEST(PlaceOfService, AssignedCodesOnly) {
  const CodeCheck office = Sets().Check(CodeSystem::kPlaceOfService, "11");
  EXPECT_EQ(office.status, CodeStatus::kValid);
  EXPECT_TRUE(office.description.starts_with("OFFICE")) << office.description;
  EXPECT_EQ(Sets().Check(CodeSystem::kPlaceOfService, "10").status, CodeStatus::kValid);
  for (const char* unassigned : {"00", "28", "98", "1", "111"}) {
    EXPECT_EQ(Sets().Check(CodeSystem::kPlaceOfService, unassigned).status, CodeStatus::kUnknown)
        << unassigned;
  }
}

TEST(TypeOfBill, TwoThreeAndFourCharacterForms) {
  const CodeCheck two = Sets().Check(CodeSystem::kTypeOfBill, "11");
  EXPECT_EQ(two.status, CodeStatus::kValid);
  EXPECT_EQ(two.description, "HOSPITAL INPATIENT (INCLUDING MEDICARE PART A)");
  EXPECT_EQ(Sets().Check(CodeSystem::kTypeOfBill, "111").status, CodeStatus::kValid);
  EXPECT_EQ(Sets().Check(CodeSystem::kTypeOfBill, "0131").status, CodeStatus::kValid);
  EXPECT_EQ(Sets().Check(CodeSystem::kTypeOfBill, "0137").description, "HOSPITAL OUTPATIENT");
  EXPECT_EQ(Sets().Check(CodeSystem::kTypeOfBill, "16").status, CodeStatus::kRetired);  // obsolete
  EXPECT_EQ(Sets().Check(CodeSystem::kTypeOfBill, "161").status, CodeStatus::kRetired);
  EXPECT_EQ(Sets().Check(CodeSystem::kTypeOfBill, "19").status, CodeStatus::kUnknown);  // reserved
  EXPECT_EQ(Sets().Check(CodeSystem::kTypeOfBill, "116").status,
            CodeStatus::kUnknown);  // no freq 6
  EXPECT_EQ(Sets().Check(CodeSystem::kTypeOfBill, "1111").status, CodeStatus::kUnknown);
  EXPECT_EQ(Sets().Describe(CodeSystem::kClaimFrequency, "7"), "REPLACEMENT OF PRIOR CLAIM");
  EXPECT_EQ(Sets().Describe(CodeSystem::kClaimFrequency, "8"), "VOID/CANCEL OF A PRIOR CLAIM");
}

TEST(MsDrg, CurrentAndRetiredWithTitles) {
  const CodeCheck drg = Sets().Check(CodeSystem::kMsDrg, "470");
  EXPECT_EQ(drg.status, CodeStatus::kValid);
  EXPECT_EQ(drg.description,
            "Major Hip and Knee Joint Replacement or Reattachment of Lower Extremity without MCC");
  const CodeCheck retired = Sets().Check(CodeSystem::kMsDrg, "222");
  EXPECT_EQ(retired.status, CodeStatus::kRetired);
  EXPECT_NE(retired.version.find("v40"), std::string_view::npos);
  EXPECT_EQ(Sets().Check(CodeSystem::kMsDrg, "000").status, CodeStatus::kUnknown);
}

TEST(Remittance, CarcGroupAndRarcDescriptions) {
  EXPECT_EQ(Sets().Describe(CodeSystem::kCarc, "45"),
            "Charges exceed your contracted/legislated fee arrangement.");
  EXPECT_EQ(Sets().Describe(CodeSystem::kCarc, "1"), "Deductible Amount");
  EXPECT_TRUE(Sets().Describe(CodeSystem::kCarcGroup, "CO").starts_with("Contractual Obligations"));
  EXPECT_TRUE(Sets().Describe(CodeSystem::kCarcGroup, "PR").starts_with("Patient Responsibility"));
  EXPECT_EQ(Sets().Describe(CodeSystem::kRarc, "N130"),
            "Consult plan benefit documents/guidelines for information about restrictions for "
            "this service.");
  EXPECT_EQ(Sets().Check(CodeSystem::kRarc, "N734").status, CodeStatus::kValid);    // no 2012 text
  EXPECT_EQ(Sets().Check(CodeSystem::kRarc, "MA22").status, CodeStatus::kRetired);  // 2012 only
  EXPECT_EQ(Sets().Describe(CodeSystem::kRarc, "MA22"), "Payment of less than $1.00 suppressed.");
  EXPECT_EQ(Sets().Check(CodeSystem::kCarc, "ZZZ").status, CodeStatus::kUnknown);
}

TEST(Institutional, NubcListsHaveDescriptions) {
  EXPECT_EQ(Sets().Describe(CodeSystem::kRevenue, "0450"),
            "EMERGENCY ROOM - GENERAL CLASSIFICATION");
  EXPECT_EQ(Sets().Describe(CodeSystem::kCondition, "01"), "MILITARY SERVICE RELATED");
  EXPECT_TRUE(Sets().Describe(CodeSystem::kAdmissionType, "1").starts_with("Emergency"));
  EXPECT_EQ(Sets().Check(CodeSystem::kAdmissionSource, "1").status, CodeStatus::kValid);
  EXPECT_EQ(Sets().Describe(CodeSystem::kDischargeStatus, "01"),
            "DISCHARGED TO HOME OR SELF CARE (ROUTINE DISCHARGE)");
  EXPECT_EQ(Sets().Check(CodeSystem::kDischargeStatus, "71").status, CodeStatus::kRetired);
  EXPECT_EQ(Sets().Check(CodeSystem::kCondition, "CR").status, CodeStatus::kUnknown);  // reserved
}

}  // namespace
}  // namespace edi::hipaa
