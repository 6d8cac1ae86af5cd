#include "edi/hipaa/codesets.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "edi/hipaa/codesets_embedded.hpp"

namespace edi::hipaa {
namespace {

// Every code is at most 8 bytes, so it is packed big-endian into an integer, zero padded: integer
// order is then byte order ("A00" < "A000" < "A001"), lookups compare integers, and a code is a
// prefix of another when their top bytes agree.
using Key = std::uint64_t;
constexpr std::size_t kMaxCodeLength = 8;

Key PackKey(std::string_view code) {
  Key key = 0;
  for (std::size_t i = 0; i < kMaxCodeLength; ++i) {
    key = (key << 8) | (i < code.size() ? static_cast<unsigned char>(code[i]) : 0U);
  }
  return key;
}

std::string UnpackKey(Key key) {
  std::string code;
  for (int shift = 56; shift >= 0; shift -= 8) {
    const char c = static_cast<char>((key >> shift) & 0xFF);
    if (c == '\0') break;
    code.push_back(c);
  }
  return code;
}

bool IsPrefixKey(Key prefix, std::size_t prefix_length, Key key) {
  const unsigned drop = static_cast<unsigned>(8 * (kMaxCodeLength - prefix_length));
  return (prefix >> drop) == (key >> drop);
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }

struct Normalized {
  Key key = 0;
  std::size_t length = 0;
};

// Trims blanks, upper-cases, drops dots where the system writes them (ICD). Anything else that is
// not a letter or digit, or a code longer than 8, cannot be in any list.
std::optional<Normalized> Normalize(std::string_view code, bool drop_dots) {
  while (!code.empty() && (code.front() == ' ' || code.front() == '\t')) code.remove_prefix(1);
  while (!code.empty() && (code.back() == ' ' || code.back() == '\t')) code.remove_suffix(1);
  std::array<char, kMaxCodeLength> buffer{};
  std::size_t length = 0;
  for (char c : code) {
    if (c == '.' && drop_dots) continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!IsAsciiDigit(c) && !IsAsciiUpper(c)) return std::nullopt;
    if (length == kMaxCodeLength) return std::nullopt;
    buffer[length++] = c;
  }
  if (length == 0) return std::nullopt;
  return Normalized{PackKey({buffer.data(), length}), length};
}

struct FileInfo {
  std::string_view file;
  CodeSystem system;
  // ICD systems: dots are dropped, and a code of at least this many characters that starts a
  // longer valid code is a header (ICD categories have 3 characters, ICD-9 procedures 2); 0 for
  // the other systems.
  std::size_t min_header_length;
};
constexpr std::array<FileInfo, kCodeSystemCount> kFiles = {{
    {"icd10cm.tsv", CodeSystem::kIcd10Cm, 3},
    {"icd9cm.tsv", CodeSystem::kIcd9Cm, 3},
    {"icd10pcs.tsv", CodeSystem::kIcd10Pcs, 3},
    {"icd9pcs.tsv", CodeSystem::kIcd9Pcs, 2},
    {"hcpcs.tsv", CodeSystem::kHcpcs, 0},
    {"hcpcs_modifiers.tsv", CodeSystem::kHcpcsModifier, 0},
    {"pos.tsv", CodeSystem::kPlaceOfService, 0},
    {"type_of_bill.tsv", CodeSystem::kTypeOfBill, 0},
    {"claim_frequency.tsv", CodeSystem::kClaimFrequency, 0},
    {"msdrg.tsv", CodeSystem::kMsDrg, 0},
    {"revenue.tsv", CodeSystem::kRevenue, 0},
    {"condition.tsv", CodeSystem::kCondition, 0},
    {"admission_type.tsv", CodeSystem::kAdmissionType, 0},
    {"admission_source.tsv", CodeSystem::kAdmissionSource, 0},
    {"discharge_status.tsv", CodeSystem::kDischargeStatus, 0},
    {"carc_group.tsv", CodeSystem::kCarcGroup, 0},
    {"carc.tsv", CodeSystem::kCarc, 0},
    {"rarc.tsv", CodeSystem::kRarc, 0},
}};

constexpr std::array<std::string_view, kCodeSystemCount> kSystemNames = {
    "ICD-10-CM",
    "ICD-9-CM",
    "ICD-10-PCS",
    "ICD-9-CM procedure",
    "HCPCS",
    "HCPCS modifier",
    "place of service",
    "type of bill",
    "claim frequency",
    "MS-DRG",
    "revenue code",
    "condition code",
    "admission type",
    "admission source",
    "patient discharge status",
    "claim adjustment group code",
    "CARC",
    "RARC"};

}  // namespace

// One system's list: valid codes apart from the others so that a binary search for a header
// prefix meets only valid codes. Texts are views into the embedded files.
struct CodeSets::Table {
  bool icd = false;
  std::size_t min_header_length = 0;
  std::string_view version_valid, version_retired, version_header;
  std::vector<Key> valid_keys;  // sorted: header prefixes, Codes()
  std::vector<std::string_view> valid_texts;
  // Open-addressing index of valid_keys (linear probing, load <= 3/4, 0 = empty slot): the
  // common case, a valid code, costs one or two cache misses instead of a binary search.
  std::vector<Key> slot_keys;
  std::vector<std::uint32_t> slot_rows;
  unsigned slot_shift = 60;
  std::vector<Key> other_keys;
  std::vector<std::string_view> other_texts;
  std::vector<CodeStatus> other_status;

  void Load(std::string_view text);
  void BuildIndex();
  std::size_t Slot(Key key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> slot_shift);
  }
  CodeCheck Find(const Normalized& code) const;
  std::string_view VersionOf(CodeStatus status) const {
    switch (status) {
      case CodeStatus::kRetired:
        return version_retired;
      case CodeStatus::kNotBillable:
        return version_header.empty() ? version_valid : version_header;
      default:
        return version_valid;
    }
  }
};

namespace {

// Sorts keys (with their texts and statuses) if the file was not; import.py writes them sorted.
template <typename... Columns>
void SortByKey(std::vector<Key>& keys, Columns&... columns) {
  if (std::is_sorted(keys.begin(), keys.end())) return;
  std::vector<std::size_t> order(keys.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
  auto permute = [&order](auto& column) {
    if (column.empty()) return;
    auto copy = column;
    for (std::size_t i = 0; i < order.size(); ++i) column[i] = copy[order[i]];
  };
  permute(keys);
  (permute(columns), ...);
}

}  // namespace

void CodeSets::Table::Load(std::string_view text) {
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  valid_keys.reserve(lines);
  bool any_valid_text = false;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (line.empty()) continue;
    if (line.front() == '#') {
      if (line.starts_with("#V ")) version_valid = line.substr(3);
      if (line.starts_with("#R ")) version_retired = line.substr(3);
      if (line.starts_with("#H ")) version_header = line.substr(3);
      continue;
    }
    const std::size_t tab = line.find('\t');
    const std::string_view code = line.substr(0, tab);
    if (code.empty() || code.size() > kMaxCodeLength) continue;  // import.py never writes these
    char flag = 'V';
    std::string_view description;
    if (tab != std::string_view::npos && tab + 1 < line.size()) {
      flag = line[tab + 1];
      if (tab + 3 <= line.size()) description = line.substr(tab + 3);
    }
    if (flag == 'V') {
      valid_keys.push_back(PackKey(code));
      valid_texts.push_back(description);
      any_valid_text = any_valid_text || !description.empty();
    } else {
      other_keys.push_back(PackKey(code));
      other_texts.push_back(description);
      other_status.push_back(flag == 'R' ? CodeStatus::kRetired : CodeStatus::kNotBillable);
    }
  }
  if (!any_valid_text) valid_texts = {};  // ICD and HCPCS lists ship codes only
  valid_keys.shrink_to_fit();
  SortByKey(valid_keys, valid_texts);
  SortByKey(other_keys, other_texts, other_status);
}

void CodeSets::Table::BuildIndex() {
  std::size_t slots = 16;
  slot_shift = 60;
  while (slots * 3 < valid_keys.size() * 4) {
    slots *= 2;
    --slot_shift;
  }
  slot_keys.assign(slots, 0);
  slot_rows.assign(slots, 0);
  for (std::size_t row = 0; row < valid_keys.size(); ++row) {
    std::size_t slot = Slot(valid_keys[row]);
    while (slot_keys[slot] != 0) slot = (slot + 1) & (slots - 1);
    slot_keys[slot] = valid_keys[row];
    slot_rows[slot] = static_cast<std::uint32_t>(row);
  }
}

CodeCheck CodeSets::Table::Find(const Normalized& code) const {
  const std::size_t mask = slot_keys.size() - 1;
  for (std::size_t slot = Slot(code.key); slot_keys[slot] != 0; slot = (slot + 1) & mask) {
    if (slot_keys[slot] == code.key) {
      return {CodeStatus::kValid, version_valid,
              valid_texts.empty() ? std::string_view() : valid_texts[slot_rows[slot]]};
    }
  }
  const auto it = std::lower_bound(valid_keys.begin(), valid_keys.end(), code.key);
  // An ICD code that starts a longer valid code is a category or subcategory header, whatever an
  // older list said about it.
  if (icd && code.length >= min_header_length && it != valid_keys.end() &&
      IsPrefixKey(code.key, code.length, *it)) {
    return {CodeStatus::kNotBillable, version_valid, {}};
  }
  auto other = std::lower_bound(other_keys.begin(), other_keys.end(), code.key);
  if (other != other_keys.end() && *other == code.key) {
    const auto i = static_cast<std::size_t>(other - other_keys.begin());
    return {other_status[i], VersionOf(other_status[i]), other_texts[i]};
  }
  return {CodeStatus::kUnknown, version_valid, {}};
}

CodeSets::CodeSets() : tables_(kCodeSystemCount) {
  for (const FileInfo& info : kFiles) {
    Table& table = tables_[static_cast<std::size_t>(info.system)];
    table.icd = info.min_header_length > 0;
    table.min_header_length = info.min_header_length;
  }
  for (const detail::EmbeddedCodeSet& file : detail::EmbeddedCodeSetFiles()) {
    for (const FileInfo& info : kFiles) {
      if (info.file == file.name) tables_[static_cast<std::size_t>(info.system)].Load(file.text);
    }
  }
  for (Table& table : tables_) table.BuildIndex();  // also for a list that failed to load
}

CodeSets::~CodeSets() = default;

const CodeSets& CodeSets::BuiltIn() {
  static const CodeSets* const kBuiltIn = new CodeSets();  // never destroyed: views outlive exit
  return *kBuiltIn;
}

CodeCheck CodeSets::Check(CodeSystem system, std::string_view code) const {
  const Table& table = tables_[static_cast<std::size_t>(system)];
  const std::optional<Normalized> normal = Normalize(code, table.icd);
  if (!normal) return {CodeStatus::kUnknown, table.version_valid, {}};
  if (system != CodeSystem::kTypeOfBill || normal->length < 3) return table.Find(*normal);

  // A full type of bill: an optional leading 0, facility and classification, then frequency.
  std::string digits = UnpackKey(normal->key);
  if (digits.size() == 4 && digits.front() == '0') digits.erase(0, 1);
  if (digits.size() != 3) return {CodeStatus::kUnknown, table.version_valid, {}};
  const CodeCheck classification = table.Find(*Normalize(digits.substr(0, 2), false));
  const CodeCheck frequency = Check(CodeSystem::kClaimFrequency, digits.substr(2));
  if (frequency.status != CodeStatus::kValid) {
    return {CodeStatus::kUnknown, frequency.version, classification.description};
  }
  return classification;
}

std::string_view CodeSets::Version(CodeSystem system) const {
  return tables_[static_cast<std::size_t>(system)].version_valid;
}

std::size_t CodeSets::Count(CodeSystem system, CodeStatus status) const {
  const Table& table = tables_[static_cast<std::size_t>(system)];
  if (status == CodeStatus::kValid) return table.valid_keys.size();
  return static_cast<std::size_t>(
      std::count(table.other_status.begin(), table.other_status.end(), status));
}

std::vector<std::string> CodeSets::Codes(CodeSystem system, CodeStatus status) const {
  const Table& table = tables_[static_cast<std::size_t>(system)];
  std::vector<std::string> codes;
  if (status == CodeStatus::kValid) {
    codes.reserve(table.valid_keys.size());
    for (Key key : table.valid_keys) codes.push_back(UnpackKey(key));
    return codes;
  }
  for (std::size_t i = 0; i < table.other_keys.size(); ++i) {
    if (table.other_status[i] == status) codes.push_back(UnpackKey(table.other_keys[i]));
  }
  return codes;
}

std::string_view CodeSystemName(CodeSystem system) {
  const auto i = static_cast<std::size_t>(system);
  return i < kSystemNames.size() ? kSystemNames[i] : "code";
}

std::string_view CodeStatusName(CodeStatus status) {
  switch (status) {
    case CodeStatus::kValid:
      return "valid";
    case CodeStatus::kNotBillable:
      return "not billable (a header code: more characters are needed)";
    case CodeStatus::kRetired:
      return "retired (no longer in the current list)";
    case CodeStatus::kUnknown:
      break;
  }
  return "not in the code set";
}

}  // namespace edi::hipaa
