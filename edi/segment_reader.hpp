// SegmentReader: the streaming X12 tokenizer. It finds each interchange (skipping a UTF-8 BOM,
// white space and line breaks; reporting junk, UTF-16 and wrapped lines), reads the delimiters of
// every ISA, and hands out one Segment view at a time. Memory is bounded by the options whatever
// the input size: a file is read in chunks; an in-memory buffer is read in place (zero copy).
//
// Lifetime: the Segment filled by Next() is valid until the next call to Next() or until the
// reader is destroyed. For in-memory input the element views point into the caller's buffer,
// which must outlive the reader. Not thread-safe; one reader per input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "edi/byte_source.hpp"
#include "edi/diagnostics.hpp"
#include "edi/isa.hpp"
#include "edi/segment.hpp"

namespace edi {

struct ReaderOptions {
  // Bytes asked of a ByteSource per read. Default 1 MiB.
  std::size_t chunk_size = std::size_t{1} << 20;
  // Longest segment accepted, terminator excluded (BIN/BDS data excluded). Longer ones are
  // reported and skipped without being held in memory. Default 64 KiB.
  std::size_t max_segment_length = std::size_t{64} << 10;
  // Most data elements in one segment; the rest are reported and dropped. Default 512.
  std::size_t max_elements = 512;
  // Largest BIN/BDS binary payload held in memory. Default 16 MiB.
  std::size_t max_binary_length = std::size_t{16} << 20;
  // Largest input read; 0 means no limit. Reading stops with kFileTooLarge past it.
  std::uint64_t max_file_size = 0;
};

class SegmentReader {
 public:
  // Reads `input` in place. REQUIRES: `input` outlives the reader and the segments it returns.
  SegmentReader(std::string_view input, DiagnosticSink& sink, const ReaderOptions& options = {});
  // Reads `source` in chunks. REQUIRES: `source` and `sink` outlive the reader.
  SegmentReader(ByteSource& source, DiagnosticSink& sink, const ReaderOptions& options = {});
  ~SegmentReader();
  SegmentReader(const SegmentReader&) = delete;
  SegmentReader& operator=(const SegmentReader&) = delete;

  // Fills `*segment` with the next segment and returns true; false at the end of the input or
  // when it cannot be read further (see fatal()). An ISA is returned as a segment too, after
  // which header() describes it.
  bool Next(Segment* segment);

  // The header of the interchange the last segment belongs to. REQUIRES: an ISA has been read.
  const InterchangeHeader& header() const { return header_; }
  const Delimiters& delimiters() const { return header_.delimiters; }
  bool has_header() const { return interchanges_ > 0; }
  // True when reading stopped before the end: no ISA at all, an ISA that cannot be delimited,
  // UTF-16 input, a limit or an I/O error (io_error()).
  bool fatal() const { return fatal_; }
  const std::optional<Error>& io_error() const { return io_error_; }
  std::uint64_t segments_read() const { return segment_index_; }
  std::uint64_t interchanges_read() const { return interchanges_; }
  // Bytes of the input consumed so far.
  std::uint64_t bytes_consumed() const { return base_ + pos_; }

 private:
  enum class State { kStart, kSeekIsa, kInInterchange, kDone };
  static constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);

  bool Start();
  bool SeekIsa();
  bool ReadIsa(Segment* segment);
  bool ReadSegment(Segment* segment);
  inline std::size_t Tokenize(std::size_t start);
  bool TerminatorAt(std::size_t at) const;
  std::size_t FixBinary(std::size_t start, std::size_t* terminator);
  void SkipTooLong(std::size_t start);
  bool ReportOddSegment(std::string_view raw, std::string_view id, std::uint64_t offset,
                        std::size_t terminator, bool unterminated);
  void SkipWhitespace(bool in_interchange);
  bool Fill(std::size_t want);
  void Report(DiagCode code, Severity severity, std::uint64_t offset, std::string_view segment_id,
              std::string message, std::string_view value = {});
  void Stop() {
    fatal_ = true;
    state_ = State::kDone;
  }

  DiagnosticSink& sink_;
  ReaderOptions options_;
  ByteSource* source_ = nullptr;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  const char* data_ = nullptr;  // the window: data_[0, end_) is input bytes base_ ... base_+end_
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::uint64_t base_ = 0;
  bool eof_ = false;

  State state_ = State::kStart;
  InterchangeHeader header_;
  // The current segment's id and elements: a fixed array of max_elements + 1 views, allocated
  // once (a std::vector's size would be reloaded after every store in the hot loop).
  struct FieldList {
    std::unique_ptr<std::string_view[]> items;
    std::size_t count = 0;
    void clear() { count = 0; }
    std::size_t size() const { return count; }
    bool empty() const { return count == 0; }
    void push_back(std::string_view v) { items[count++] = v; }
    void emplace_back(const char* p, std::size_t n) { items[count++] = std::string_view(p, n); }
    void resize(std::size_t n) { count = n; }
    std::string_view& back() { return items[count - 1]; }
    std::string_view& operator[](std::size_t i) { return items[i]; }
    std::span<const std::string_view> span() const { return {items.get(), count}; }
  };
  FieldList fields_;
  // Each scanned byte value repeated 16 times (element separator, terminator's first byte, LF,
  // CR), set per interchange: building them per call from chars went through the stack and
  // stalled on store forwarding.
  alignas(16) char splat_[4][16] = {};
  std::size_t line_break_at_ = kNotFound;
  std::size_t last_field_start_ = 0;
  bool too_many_elements_ = false;
  std::uint64_t segment_index_ = 0;
  std::uint64_t interchanges_ = 0;
  bool fatal_ = false;
  std::optional<Error> io_error_;
};

}  // namespace edi
