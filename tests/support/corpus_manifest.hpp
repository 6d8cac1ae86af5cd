// Reads the shared X12 corpus's MANIFEST.tsv (one row per file: its path under the corpus, txset,
// version, valid, delimiters, envelope counts ...) for the tests that walk the corpus. The corpus
// is read-only and outside the repository; a missing manifest reads as no rows, so each test
// asserts the count it needs. Plain functions; thread-safe.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace claimgate::testing {

// One manifest row: its cells by the header's column names.
struct ManifestRow {
  std::map<std::string, std::string, std::less<>> cells;
  // The cell under `column`; empty when the manifest has no such column.
  const std::string& operator[](std::string_view column) const;
};

// Every row of `corpus_dir`/MANIFEST.tsv, in order; rows with fewer cells than the header are
// left out.
std::vector<ManifestRow> ReadCorpusManifest(const std::filesystem::path& corpus_dir);

// The 837P, 837I and 837D files the manifest marks valid ("yes"), as paths relative to
// `corpus_dir`, in manifest order.
std::vector<std::string> ValidCorpusClaimFiles(const std::filesystem::path& corpus_dir);

}  // namespace claimgate::testing
