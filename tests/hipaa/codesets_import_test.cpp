// Compares the code sets compiled into claimgate_hipaa with the reference files they were imported
// from (CLAIMGATE_SHARED_DIR/reference/codesets), re-applying the rules of
// edi/hipaa/codesets/README.md here, so a bad or stale import fails. Skipped when the reference
// files are absent (the product never needs them).
#include "edi/hipaa/codesets.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace edi::hipaa {
namespace {

const std::filesystem::path kReference =
    std::filesystem::path(CLAIMGATE_SHARED_DIR) / "reference" / "codesets";

using Row = std::vector<std::string>;

std::vector<Row> ReadRows(const std::string& relative) {
  std::ifstream in(kReference / relative, std::ios::binary);
  EXPECT_TRUE(in) << relative;
  std::vector<Row> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    Row row;
    std::size_t start = 0;
    while (true) {
      const std::size_t tab = line.find('\t', start);
      row.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::set<std::string> Column(const std::vector<Row>& rows, std::size_t column) {
  std::set<std::string> out;
  for (const Row& row : rows) out.insert(row.at(column));
  return out;
}

std::set<std::string> Shipped(CodeSystem system, CodeStatus status) {
  const std::vector<std::string> codes = CodeSets::BuiltIn().Codes(system, status);
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end())) << CodeSystemName(system);
  return {codes.begin(), codes.end()};
}

class CodeSetImport : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kReference / "README.md")) {
      GTEST_SKIP() << "reference code sets not found at " << kReference;
    }
  }
  const CodeSets& sets_ = CodeSets::BuiltIn();
};

TEST_F(CodeSetImport, Icd10CmIsFy2026WithFy2022RetiredAndHeaders) {
  const auto fy2026 = Column(ReadRows("icd10cm/icd10cm_valid_codes_fy2026_apr.txt"), 0);
  EXPECT_EQ(fy2026.size(), 74719U);
  EXPECT_EQ(Shipped(CodeSystem::kIcd10Cm, CodeStatus::kValid), fy2026);
  std::set<std::string> retired, headers;
  for (const Row& row : ReadRows("icd10cm/icd10cm_order_fy2022.tsv")) {
    const std::string& code = row.at(1);
    if (fy2026.count(code) != 0) continue;
    (row.at(2) == "1" ? retired : headers).insert(code);
    // Whatever the older list said, a code is never valid unless FY2026 lists it.
    EXPECT_NE(sets_.Check(CodeSystem::kIcd10Cm, code).status, CodeStatus::kValid) << code;
  }
  EXPECT_EQ(Shipped(CodeSystem::kIcd10Cm, CodeStatus::kRetired), retired);
  EXPECT_EQ(Shipped(CodeSystem::kIcd10Cm, CodeStatus::kNotBillable), headers);
  for (const std::string& code : fy2026) {
    ASSERT_EQ(sets_.Check(CodeSystem::kIcd10Cm, code).status, CodeStatus::kValid) << code;
  }
}

TEST_F(CodeSetImport, Icd9AndIcd10PcsMatchTheirSources) {
  std::set<std::string> billable, headers;
  for (const Row& row : ReadRows("icd9cm/icd9cm_dx_v32_hierarchy.tsv")) {
    (row.at(1) == "1" ? billable : headers).insert(row.at(0));
  }
  EXPECT_EQ(billable, Column(ReadRows("icd9cm/icd9cm_dx_v32.tsv"), 0));
  EXPECT_EQ(Shipped(CodeSystem::kIcd9Cm, CodeStatus::kValid), billable);
  EXPECT_EQ(Shipped(CodeSystem::kIcd9Cm, CodeStatus::kNotBillable), headers);
  EXPECT_EQ(Shipped(CodeSystem::kIcd9Pcs, CodeStatus::kValid),
            Column(ReadRows("icd9cm/icd9cm_sg_v32.tsv"), 0));

  std::set<std::string> pcs;
  for (const Row& row : ReadRows("icd10pcs/icd10pcs_order_fy2022.tsv")) {
    if (row.at(2) == "1") {
      pcs.insert(row.at(1));
    } else {  // headers are not shipped: they are recognised as stems of valid codes
      EXPECT_EQ(sets_.Check(CodeSystem::kIcd10Pcs, row.at(1)).status, CodeStatus::kNotBillable)
          << row.at(1);
    }
  }
  EXPECT_EQ(pcs.size(), 78220U);
  EXPECT_EQ(Shipped(CodeSystem::kIcd10Pcs, CodeStatus::kValid), pcs);
}

TEST_F(CodeSetImport, HcpcsIsJuly2026LessCodesThe2020FileTerminated) {
  const auto q3 = Column(ReadRows("hcpcs/hcpcs_level2_codes_2026q3.txt"), 0);
  std::set<std::string> valid = q3, retired;
  for (const Row& row : ReadRows("hcpcs/hcpcs_level2_2020_anweb.tsv")) {
    if (!row.at(5).empty() || q3.count(row.at(0)) == 0) {
      retired.insert(row.at(0));
      valid.erase(row.at(0));
    }
  }
  EXPECT_EQ(Shipped(CodeSystem::kHcpcs, CodeStatus::kValid), valid);
  EXPECT_EQ(Shipped(CodeSystem::kHcpcs, CodeStatus::kRetired), retired);
  for (const std::string& code : q3) EXPECT_TRUE(IsHcpcsLevel2Form(code)) << code;

  std::size_t terminated = 0;
  for (const Row& row : ReadRows("hcpcs/hcpcs_modifiers_2020_anweb.tsv")) {
    EXPECT_EQ(sets_.Describe(CodeSystem::kHcpcsModifier, row.at(0)), row.at(1)) << row.at(0);
    terminated += row.at(5).empty() ? 0 : 1;
  }
  EXPECT_EQ(sets_.Count(CodeSystem::kHcpcsModifier, CodeStatus::kRetired), terminated);
}

// Whether `word` occurs in `text` as a whole word. (std::regex warns under GCC 12's sanitizer
// build with -Werror.)
bool HasWord(const std::string& text, const std::string& word) {
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    bool left = at == 0 || !is_word(text[at - 1]);
    bool right = at + word.size() == text.size() || !is_word(text[at + word.size()]);
    if (left && right) return true;
  }
  return false;
}

// The NUBC/CMS lists: "~" placeholders and "RESERVED..." rows are dropped, rows marked OBSOLETE
// or starting "DISCONTINUED" are retired, the rest valid; descriptions are shipped verbatim.
void ExpectNubcList(const CodeSets& sets, CodeSystem system, const std::string& relative) {
  std::size_t valid = 0, retired = 0;
  for (const Row& row : ReadRows(relative)) {
    const std::string& code = row.at(0);
    std::string upper = row.at(1);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const CodeCheck check = sets.Check(system, code);
    if (code.find('~') != std::string::npos || upper.rfind("RESERVED", 0) == 0 || upper == "~") {
      EXPECT_EQ(check.status, CodeStatus::kUnknown) << relative << " " << code;
      continue;
    }
    const bool is_retired =
        HasWord(upper, "OBSOLETE") || upper.rfind("DISCONTINUED", 0) == 0;
    ++(is_retired ? retired : valid);
    EXPECT_EQ(check.status, is_retired ? CodeStatus::kRetired : CodeStatus::kValid)
        << relative << " " << code;
    EXPECT_EQ(check.description, row.at(1)) << relative << " " << code;
  }
  EXPECT_EQ(sets.Count(system, CodeStatus::kValid), valid) << relative;
  EXPECT_EQ(sets.Count(system, CodeStatus::kRetired), retired) << relative;
}

TEST_F(CodeSetImport, NubcListsMatchTheirSources) {
  ExpectNubcList(sets_, CodeSystem::kTypeOfBill,
                 "type_of_bill/tob_digits12_bill_classification.tsv");
  ExpectNubcList(sets_, CodeSystem::kRevenue, "cms_bfd_institutional/revenue_codes.tsv");
  ExpectNubcList(sets_, CodeSystem::kCondition, "cms_bfd_institutional/condition_codes.tsv");
  ExpectNubcList(sets_, CodeSystem::kAdmissionType,
                 "cms_bfd_institutional/admission_type_codes.tsv");
  ExpectNubcList(sets_, CodeSystem::kAdmissionSource,
                 "cms_bfd_institutional/admission_source_codes.tsv");
  ExpectNubcList(sets_, CodeSystem::kDischargeStatus,
                 "cms_bfd_institutional/patient_discharge_status_codes.tsv");
}

TEST_F(CodeSetImport, EveryNonReservedFullTypeOfBillIsAccepted) {
  std::size_t checked = 0;
  for (const Row& row : ReadRows("type_of_bill/tob_full_3char_cms_bfd.tsv")) {
    if (row.at(0).find('~') != std::string::npos) continue;
    const CodeStatus classification =
        sets_.Check(CodeSystem::kTypeOfBill, row.at(0).substr(0, 2)).status;
    EXPECT_EQ(sets_.Check(CodeSystem::kTypeOfBill, row.at(0)).status, classification) << row.at(0);
    EXPECT_EQ(sets_.Check(CodeSystem::kTypeOfBill, "0" + row.at(0)).status, classification);
    ++checked;
  }
  EXPECT_EQ(checked, 1938U);
  std::size_t frequencies = 0;
  for (const Row& row : ReadRows("type_of_bill/claim_frequency_codes_derived.tsv")) {
    if (row.at(0) == "~") continue;
    EXPECT_EQ(sets_.Describe(CodeSystem::kClaimFrequency, row.at(0)), row.at(1));
    ++frequencies;
  }
  EXPECT_EQ(sets_.Count(CodeSystem::kClaimFrequency, CodeStatus::kValid), frequencies);
}

TEST_F(CodeSetImport, PlaceOfServiceDrgAndRemittanceListsMatchTheirSources) {
  std::set<std::string> pos;
  for (const Row& row : ReadRows("pos/pos_codes_cms_bfd.tsv")) {
    if (row.at(2) == "Y") pos.insert(row.at(0));
  }
  EXPECT_EQ(pos, Column(ReadRows("pos/pos_codes_current_pyx12.txt"), 0));
  EXPECT_EQ(Shipped(CodeSystem::kPlaceOfService, CodeStatus::kValid), pos);

  const auto v42 = ReadRows("msdrg/msdrg_v42.tsv");
  for (const Row& row : v42) EXPECT_EQ(sets_.Describe(CodeSystem::kMsDrg, row.at(0)), row.at(3));
  std::set<std::string> retired;
  for (const Row& row : ReadRows("msdrg/msdrg_v40.tsv")) {
    if (Column(v42, 0).count(row.at(0)) == 0) retired.insert(row.at(0));
  }
  EXPECT_EQ(Shipped(CodeSystem::kMsDrg, CodeStatus::kValid), Column(v42, 0));
  EXPECT_EQ(Shipped(CodeSystem::kMsDrg, CodeStatus::kRetired), retired);

  for (const auto& [system, file] :
       {std::pair{CodeSystem::kCarc, "carc_rarc/carc_reason_codes_cms_bfd.tsv"},
        std::pair{CodeSystem::kCarcGroup, "carc_rarc/carc_group_codes_cms_bfd.tsv"}}) {
    const auto rows = ReadRows(file);
    for (const Row& row : rows) EXPECT_EQ(sets_.Describe(system, row.at(0)), row.at(1));
    EXPECT_EQ(sets_.Count(system, CodeStatus::kValid), rows.size()) << file;
  }
  const auto rarc = Column(ReadRows("carc_rarc/rarc_codes_pyx12.txt"), 0);
  EXPECT_EQ(Shipped(CodeSystem::kRarc, CodeStatus::kValid), rarc);
  std::set<std::string> rarc_retired;
  for (const Row& row : ReadRows("carc_rarc/rarc_tigershark_2012.tsv")) {
    EXPECT_EQ(sets_.Describe(CodeSystem::kRarc, row.at(0)), row.at(1)) << row.at(0);
    if (rarc.count(row.at(0)) == 0) rarc_retired.insert(row.at(0));
  }
  EXPECT_EQ(Shipped(CodeSystem::kRarc, CodeStatus::kRetired), rarc_retired);
}

}  // namespace
}  // namespace edi::hipaa
