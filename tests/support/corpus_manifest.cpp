#include "tests/support/corpus_manifest.hpp"

#include <fstream>
#include <sstream>

namespace claimgate::testing {
namespace {

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, '\t')) out.push_back(cell);
  if (!line.empty() && line.back() == '\t') out.emplace_back();  // an empty last cell
  return out;
}

}  // namespace

const std::string& ManifestRow::operator[](std::string_view column) const {
  static const std::string kEmpty;
  auto it = cells.find(column);
  return it == cells.end() ? kEmpty : it->second;
}

std::vector<ManifestRow> ReadCorpusManifest(const std::filesystem::path& corpus_dir) {
  std::ifstream in(corpus_dir / "MANIFEST.tsv");
  std::vector<ManifestRow> rows;
  std::string line;
  if (!std::getline(in, line)) return rows;
  const std::vector<std::string> header = SplitTabs(line);
  while (std::getline(in, line)) {
    std::vector<std::string> c = SplitTabs(line);
    if (c.size() < header.size()) continue;
    ManifestRow row;
    for (std::size_t i = 0; i < header.size(); ++i) row.cells.emplace(header[i], std::move(c[i]));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::string> ValidCorpusClaimFiles(const std::filesystem::path& corpus_dir) {
  std::vector<std::string> out;
  for (const ManifestRow& row : ReadCorpusManifest(corpus_dir)) {
    const std::string& txset = row["txset"];
    if (row["valid"] == "yes" && (txset == "837P" || txset == "837I" || txset == "837D")) {
      out.push_back(row["file"]);
    }
  }
  return out;
}

}  // namespace claimgate::testing
