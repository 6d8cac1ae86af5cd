// Reads every file of ../shared/x12-corpus and checks the envelope facts MANIFEST.tsv records
// (delimiters, number of ISA/GS/ST), the exact envelope error codes in
// corpus_expectations.tsv, and the read -> write -> read round trip of clean files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "edi/writer.hpp"
#include "edi/x12_validator.hpp"
#include "tests/edi/test_util.hpp"
#include "tests/support/corpus_manifest.hpp"

namespace edi {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = CLAIMGATE_CORPUS_DIR;
const fs::path kExpectations = CLAIMGATE_TEST_DATA_DIR "/corpus_expectations.tsv";

struct ManifestRow {
  std::string file, valid, element, component, repetition, terminator;
  int n_isa = 0, n_gs = 0, n_st = 0;
};

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, '\t')) out.push_back(cell);
  if (!line.empty() && line.back() == '\t') out.emplace_back();
  return out;
}

// MANIFEST writes non-printable separators as \n, \r, \\ or U+XXXX.
std::string DecodeSeparator(const std::string& s) {
  if (s == "\\n") return "\n";
  if (s == "\\r") return "\r";
  if (s == "\\\\") return "\\";
  if (s.rfind("U+", 0) == 0) {
    unsigned long cp = std::stoul(s.substr(2), nullptr, 16);
    std::string out;
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
    return out;
  }
  return s;
}

std::vector<ManifestRow> LoadManifest() {
  std::vector<ManifestRow> rows;
  for (const claimgate::testing::ManifestRow& m : claimgate::testing::ReadCorpusManifest(kCorpus)) {
    ManifestRow r;
    r.file = m["file"];
    r.valid = m["valid"];
    r.element = DecodeSeparator(m["element_sep"]);
    r.component = DecodeSeparator(m["component_sep"]);
    r.repetition = DecodeSeparator(m["repetition_sep"]);
    r.terminator = DecodeSeparator(m["segment_terminator"]);
    r.n_isa = std::stoi(m["n_isa"]);
    r.n_gs = std::stoi(m["n_gs"]);
    r.n_st = std::stoi(m["n_st"]);
    rows.push_back(r);
  }
  return rows;
}

std::map<std::string, std::set<std::string>> LoadExpectations() {
  std::ifstream in(kExpectations);
  std::map<std::string, std::set<std::string>> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("file\t", 0) == 0) continue;
    std::vector<std::string> c = SplitTabs(line);
    std::set<std::string> codes;
    std::stringstream ss(c.at(1));
    std::string code;
    while (std::getline(ss, code, ',')) codes.insert(code);
    out[c[0]] = codes;
  }
  return out;
}

std::string ReadBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> TrimmedFields(const testing::CopiedSegment& s) {
  std::vector<std::string> f = s.fields;
  while (f.size() > 1 && f.back().empty()) f.pop_back();
  return f;
}

// Test output names the file instead of dumping the struct's bytes.
void PrintTo(const ManifestRow& row, std::ostream* os) { *os << row.file; }

class CorpusFile : public ::testing::TestWithParam<ManifestRow> {};

// Reads and validates (envelope + implementation guide where a schema exists) from an exact-size
// heap copy.
testing::ReadOutcome ValidateInMemory(const std::string& bytes) {
  static const auto registry = schema::SchemaRegistry::LoadBuiltIn();
  std::unique_ptr<char[]> exact(new char[bytes.size()]);
  std::memcpy(exact.get(), bytes.data(), bytes.size());
  DiagnosticList list;
  SegmentReader reader(std::string_view(exact.get(), bytes.size()), list);
  X12Validator validator(registry->get(), list);
  testing::ReadOutcome out;
  Segment s;
  while (reader.Next(&s)) {
    validator.Add(s, reader.header());
    out.segments.push_back(testing::Copy(s));
  }
  validator.Finish();
  out.findings = list.items();
  out.interchanges = validator.envelope().interchanges();
  out.fatal = reader.fatal();
  return out;
}

TEST(Corpus, ManifestAndExpectationsArePresent) {
  auto rows = LoadManifest();
  ASSERT_GE(rows.size(), 150u) << "../shared/x12-corpus/MANIFEST.tsv is missing or short";
  auto expectations = LoadExpectations();
  ASSERT_GE(expectations.size(), 40u);
  for (const auto& [file, codes] : expectations) {
    bool listed =
        std::any_of(rows.begin(), rows.end(), [&](const ManifestRow& r) { return r.file == file; });
    EXPECT_TRUE(listed) << file << " is in corpus_expectations.tsv but not in the corpus";
  }
}

TEST_P(CorpusFile, MatchesManifestAndExpectedFindings) {
  const ManifestRow& row = GetParam();
  const std::string bytes = ReadBytes(kCorpus / row.file);
  ASSERT_FALSE(bytes.empty());

  auto whole = ValidateInMemory(bytes);
  ReaderOptions small_chunks;
  small_chunks.chunk_size = 997;
  auto streamed = testing::ReadStreaming(bytes, 997, small_chunks);
  EXPECT_EQ(streamed.segments, whole.segments);

  static const auto expectations = LoadExpectations();
  std::set<std::string> expected;
  if (auto it = expectations.find(row.file); it != expectations.end()) expected = it->second;
  std::set<std::string> actual;
  std::string listing;
  for (const auto& d : whole.findings) {
    if (d.severity == Severity::kError) actual.insert(std::string(DiagCodeName(d.code)));
    listing += std::string(SeverityName(d.severity)) + " " + std::string(DiagCodeName(d.code)) +
               " " + DescribePosition(d.pos, d.segment_id) + ": " + d.message + "\n";
  }
  EXPECT_EQ(actual, expected) << listing;

  if (row.valid == "yes") {
    for (const auto& d : whole.findings) {
      EXPECT_TRUE(d.severity == Severity::kError || d.severity == Severity::kInfo ||
                  d.code == DiagCode::kDelimiterNote)
          << "valid file with unexpected warning: " << d.message;
    }
  }
  if (whole.fatal) {
    EXPECT_TRUE(expected.count("wrapped_line") || expected.count("no_interchange")) << listing;
    return;
  }

  // Envelope facts from MANIFEST.tsv.
  int n_gs = 0;
  int n_st = 0;
  for (const auto& ic : whole.interchanges) {
    n_gs += static_cast<int>(ic.groups.size());
    for (const auto& g : ic.groups) n_st += static_cast<int>(g.transaction_sets.size());
  }
  EXPECT_EQ(static_cast<int>(whole.interchanges.size()), row.n_isa);
  EXPECT_EQ(n_gs, row.n_gs);
  EXPECT_EQ(n_st, row.n_st);
  ASSERT_FALSE(whole.interchanges.empty());
  const InterchangeHeader& h = whole.interchanges[0].header;
  EXPECT_EQ(std::string(1, h.delimiters.element), row.element);
  EXPECT_EQ(std::string(1, h.delimiters.component), row.component);
  EXPECT_EQ(h.fields[11], row.repetition);
  EXPECT_EQ(std::string(h.delimiters.terminator_view()), row.terminator);

  if (!expected.empty()) return;
  // Round trip: every segment written back with its interchange's delimiters reads the same.
  std::string written;
  {
    std::unique_ptr<char[]> exact(new char[bytes.size()]);
    std::memcpy(exact.get(), bytes.data(), bytes.size());
    DiagnosticList list;
    SegmentReader reader(std::string_view(exact.get(), bytes.size()), list);
    Segment s;
    while (reader.Next(&s)) {
      WriterOptions options;
      options.delimiters = s.delimiters();
      SegmentWriter writer(&written, options);
      writer.Write(s);
      ASSERT_TRUE(writer.ok()) << writer.status().error().message;
    }
  }
  auto again = testing::ReadInMemory(written);
  ASSERT_EQ(again.segments.size(), whole.segments.size());
  for (std::size_t i = 0; i < whole.segments.size(); ++i) {
    ASSERT_EQ(TrimmedFields(again.segments[i]), TrimmedFields(whole.segments[i]))
        << "segment " << i + 1;
  }
  EXPECT_EQ(again.Errors(), 0u);
}

std::string TestName(const ::testing::TestParamInfo<ManifestRow>& p) {
  std::string name;
  for (char c : p.param.file) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(X12Corpus, CorpusFile, ::testing::ValuesIn(LoadManifest()), TestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CorpusFile);

}  // namespace
}  // namespace edi
