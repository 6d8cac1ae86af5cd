// The streaming SegmentReader must hand out exactly the segments the in-memory one does, however
// the bytes arrive. Three families: every regression input the fuzzer found (tests/fuzz/
// regressions/reader), every corpus file with more than one ISA or unusual separators, and an ISA
// that follows junk just past a streaming window's edge. Each reads its input at every read size
// from 1 byte up (see kEveryPieceUpTo for the one long corpus file), both with the fuzz target's
// small limits (so the window refills, compacts and grows) and with the default ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "edi/byte_source.hpp"
#include "edi/diagnostics.hpp"
#include "edi/segment.hpp"
#include "edi/segment_reader.hpp"
#include "tests/edi/test_util.hpp"
#include "tests/support/corpus_manifest.hpp"

namespace edi {
namespace {

namespace fs = std::filesystem;

// Inputs longer than this are read at every size up to it, then every kStride-th size: the one
// 22 KB corpus file would otherwise cost half a billion reader steps per option set. Under the
// sanitizers (ten times slower) the optimised build's run has already tried every size; there
// the small sizes, where window edges fall most often, are enough to catch a bad access.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kEveryPieceUpTo = 16;
constexpr std::size_t kStride = 251;
#else
constexpr std::size_t kEveryPieceUpTo = 2048;
constexpr std::size_t kStride = 61;
#endif

// What both paths must agree on: every segment's bytes, in order (FNV-1a, with a boundary mark),
// and whether a size limit was met (then the paths may split the input differently, as the fuzz
// target allows: a long BIN is checked against max_segment_length only while streaming).
struct Fingerprint {
  std::uint64_t segments = 0;
  std::uint64_t hash = 14695981039346656037ull;
  bool hit_limit = false;
};

class LimitSink final : public DiagnosticSink {
 public:
  void Report(Diagnostic d) override {
    switch (d.code) {
      case DiagCode::kSegmentTooLong:
      case DiagCode::kTooManyElements:
      case DiagCode::kBinaryLength:
      case DiagCode::kFileTooLarge:
        hit_limit = true;
        break;
      default:
        break;
    }
  }
  bool hit_limit = false;
};

Fingerprint Drain(SegmentReader& reader, const LimitSink& sink) {
  Fingerprint f;
  Segment s;
  while (reader.Next(&s)) {
    ++f.segments;
    for (char c : s.raw()) f.hash = (f.hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    f.hash = (f.hash ^ 0x100u) * 1099511628211ull;
  }
  f.hit_limit = sink.hit_limit || reader.io_error().has_value();
  return f;
}

Fingerprint InMemory(std::string_view text, const ReaderOptions& options) {
  LimitSink sink;
  SegmentReader reader(text, sink, options);
  return Drain(reader, sink);
}

Fingerprint Streamed(std::string_view text, std::size_t piece, const ReaderOptions& options) {
  LimitSink sink;
  MemorySource source(text, piece);
  SegmentReader reader(source, sink, options);
  return Drain(reader, sink);
}

ReaderOptions FuzzTargetOptions() {  // as tests/fuzz/reader_fuzz.cpp
  ReaderOptions o;
  o.chunk_size = 64;
  o.max_segment_length = 256;
  o.max_elements = 32;
  o.max_binary_length = 1024;
  return o;
}

// The first segment where the two paths part, for the failure message.
std::string FirstDifference(std::string_view text, std::size_t piece,
                            const ReaderOptions& options) {
  auto whole = testing::ReadInMemory(text, options);
  auto parts = testing::ReadStreaming(text, piece, options);
  std::size_t n = std::min(whole.segments.size(), parts.segments.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (!(whole.segments[i] == parts.segments[i])) {
      return "segment " + std::to_string(i + 1) + " (in memory at byte " +
             std::to_string(whole.segments[i].offset) + ": " + whole.segments[i].fields[0] +
             ", streamed at byte " + std::to_string(parts.segments[i].offset) + ": " +
             parts.segments[i].fields[0] + ")";
    }
  }
  return std::to_string(whole.segments.size()) + " segments in memory, " +
         std::to_string(parts.segments.size()) + " streamed";
}

// Reads `text` at every piece size (see kEveryPieceUpTo) under both option sets; the chunk size
// asked of the source follows the piece size for the default options, as a file read would.
void ExpectSameAtEveryPieceSize(std::string_view text, const std::string& what) {
  const ReaderOptions small = FuzzTargetOptions();
  const Fingerprint whole_small = InMemory(text, small);
  const Fingerprint whole_default = InMemory(text, {});
  std::size_t failures = 0;
  for (std::size_t piece = 1; piece <= std::max<std::size_t>(text.size(), 1);
       piece += piece < kEveryPieceUpTo ? 1 : kStride) {
    ReaderOptions sized;
    sized.chunk_size = piece;
    for (const auto& [options, whole] : {std::pair{small, whole_small}, {sized, whole_default}}) {
      const Fingerprint parts = Streamed(text, piece, options);
      if (whole.hit_limit || parts.hit_limit) continue;
      if (parts.segments != whole.segments || parts.hash != whole.hash) {
        ADD_FAILURE() << what << ": read " << piece << " bytes at a time (chunk_size "
                      << options.chunk_size << "), the streaming reader differs at "
                      << FirstDifference(text, piece, options);
        if (++failures == 5) return;  // enough to see the pattern
      }
    }
  }
}

std::string ReadWhole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ReaderChunking, EveryFuzzRegressionInputReadsTheSameAtEveryPieceSize) {
  const fs::path dir = fs::path(CLAIMGATE_FUZZ_REGRESSIONS_DIR) / "reader";
  std::vector<fs::path> inputs;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".bin") {
      inputs.push_back(entry.path());
    }
  }
  std::sort(inputs.begin(), inputs.end());
  ASSERT_GE(inputs.size(), 1u) << "regression inputs missing from " << dir;
  for (const fs::path& input : inputs) {
    ExpectSameAtEveryPieceSize(ReadWhole(input), input.filename().string());
  }
}

// Files where a reader meets a second interchange header or delimiters other than * : ^ ~.
TEST(ReaderChunking, CorpusFilesWithSeveralIsasOrUnusualSeparatorsReadTheSameAtEveryPieceSize) {
  const fs::path corpus = CLAIMGATE_CORPUS_DIR;
  std::size_t files = 0;
  for (const auto& row : claimgate::testing::ReadCorpusManifest(corpus)) {
    const bool several = row["n_isa"] != "1" && row["n_isa"] != "0";
    const bool unusual = row["element_sep"] != "*" || row["component_sep"] != ":" ||
                         row["repetition_sep"] != "^" || row["segment_terminator"] != "~";
    if (!several && !unusual) continue;
    const fs::path path = corpus / row["file"];
    if (!fs::is_regular_file(path)) continue;
    ++files;
    ExpectSameAtEveryPieceSize(ReadWhole(path), row["file"]);
  }
  EXPECT_GE(files, 25u) << "the manifest at " << corpus << " lists fewer such files than expected";
}

// The bug the fuzzer found: after an IEA the reader looks for the next ISA through junk. A
// streaming window that ended right after "ISA" kept only those three bytes, and the refilled
// window then took its first byte for the start of a word, although the byte before it (already
// dropped) was a letter: "XISA*00*..." is junk in memory but was read as an interchange streamed.
TEST(ReaderChunking, AnIsaGluedToJunkIsJunkWhereverTheWindowEnds) {
  const std::string one = testing::Sample837();
  for (std::size_t junk = 990; junk <= 1100; ++junk) {
    const std::string in = one + std::string(junk, 'X') + one;
    const Fingerprint whole = InMemory(in, FuzzTargetOptions());
    ASSERT_EQ(whole.segments, 10u) << "the second ISA follows a letter: junk, not an interchange";
    for (std::size_t piece : {std::size_t{1}, std::size_t{3}, std::size_t{64}, std::size_t{74}}) {
      const Fingerprint parts = Streamed(in, piece, FuzzTargetOptions());
      ASSERT_EQ(parts.segments, whole.segments) << "junk " << junk << ", piece " << piece;
      ASSERT_EQ(parts.hash, whole.hash) << "junk " << junk << ", piece " << piece;
    }
  }
  // With a separator before it, the same ISA starts the second interchange on both paths.
  const std::string in = one + std::string(1021, 'X') + "\n" + one;
  EXPECT_EQ(InMemory(in, FuzzTargetOptions()).segments, 20u);
  for (std::size_t piece = 1; piece <= 80; ++piece) {
    ASSERT_EQ(Streamed(in, piece, FuzzTargetOptions()).segments, 20u) << "piece " << piece;
  }
}

}  // namespace
}  // namespace edi
