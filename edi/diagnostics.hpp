// Findings about an X12 input: a stable code, a severity, a message in plain words and the exact
// position (byte offset, segment index, element, component). Readers and checkers report into a
// DiagnosticSink and keep going, so one pass finds everything. The value that failed is kept
// apart from the message so that callers can show it to the sender and keep it out of logs.
// Not thread-safe: one sink per reader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace edi {

enum class Severity : std::uint8_t { kInfo, kWarning, kError };

std::string_view SeverityName(Severity s);

// Stable finding codes. The names (DiagCodeName) are part of the CLI's and API's JSON output:
// add new codes at the end, never rename one.
enum class DiagCode : std::uint16_t {
  // Finding the interchange.
  kNoInterchange,  // no ISA segment anywhere
  kLeadingJunk,    // bytes before the ISA that are not a BOM or white space
  kTrailingJunk,   // bytes after the last IEA that are not white space
  kUtf16Input,     // UTF-16 byte order mark or NUL-interleaved text
  kWrappedLine,    // a line break inside a segment: the file was hard-wrapped
  // ISA and delimiters.
  kIsaTruncated,      // input ends inside the ISA
  kIsaLength,         // ISA is not exactly 106 characters
  kIsaFieldWidth,     // one ISA field has the wrong fixed width
  kIsaFieldValue,     // one ISA field has a value not allowed by X12
  kDelimiterInvalid,  // a delimiter is a letter, a digit or clashes with another delimiter
  kDelimiterNote,     // an unusual delimiter accepted (multi-byte terminator, no repetition)
  // Segments.
  kSegmentIdInvalid,     // segment id is not 2-3 upper-case letters and digits
  kSegmentTooLong,       // segment longer than ReaderOptions::max_segment_length
  kTooManyElements,      // more elements than ReaderOptions::max_elements
  kEmptySegment,         // two terminators in a row
  kUnterminatedSegment,  // input ends without a segment terminator
  kFileTooLarge,         // input larger than ReaderOptions::max_file_size
  kBinaryLength,         // BIN/BDS length does not match its data
  // Envelope structure.
  kUnexpectedSegment,       // segment where the envelope does not allow it
  kMissingTrailer,          // SE, GE or IEA missing
  kControlNumberMismatch,   // ISA13/IEA02, GS06/GE02, ST02/SE02 differ
  kCountMismatch,           // IEA01, GE01 or SE01 disagrees with what was counted
  kControlNumberInvalid,    // control number not numeric, or of the wrong length
  kDuplicateControlNumber,  // same GS06 in an interchange or ST02 in a group
  kVersionNote,             // ISA12/GS08/ST03 not HIPAA 5010, or ST03 differs from GS08
  kElementMissing,          // a required envelope element is empty
  kTooManyFindings,         // the sink's limit was reached; later findings were dropped
  kEnvelopeFieldValue,      // a GS/ST/SE/GE/IEA element value is not allowed (date, time, code)
  // Implementation-guide validation (SNIP 1-2): segments and loops.
  kNoSchema,             // no schema for this transaction set and version: envelope checks only
  kSchemaVersionNote,    // read with the closest schema (e.g. a later errata)
  kSegmentUnrecognized,  // segment id not in the guide at all (999 IK304 = 1)
  kSegmentUnexpected,    // segment of the guide, but not allowed here (IK304 = 2)
  kSegmentMissing,       // required segment missing (IK304 = 3)
  kLoopTooMany,          // loop occurs over its maximum (IK304 = 4)
  kSegmentTooMany,       // segment exceeds its maximum use (IK304 = 5)
  kSegmentNotUsed,       // a "not used" segment is present (IK304 = I4)
  kLoopMissing,          // required loop missing (IK304 = 3 for its trigger)
  kHierarchy,            // HL parent unknown, level not allowed under its parent, child code wrong
  // Elements (999 IK403 codes in brackets).
  kRequiredElementMissing,  // [1]
  kConditionalMissing,      // syntax note P, R, C or L violated [2]
  kTooManyDataElements,     // [3]
  kElementTooShort,         // [4]
  kElementTooLong,          // [5]
  kInvalidCharacter,        // [6]
  kInvalidCode,             // [7]
  kInvalidDate,             // [8]
  kInvalidTime,             // [9]
  kExclusionViolated,       // syntax note E violated [10]
  kTooManyRepetitions,      // [12]
  kTooManyComponents,       // [13]
  kElementNotUsed,          // a "not used" element is present [I10]
  // Situational rules of the guides (SNIP 4) and claim balancing (SNIP 3).
  kDependentMissing,  // a segment or loop the guide requires in this situation is missing [IK304
                      // I6]
  kDependentNotUsed,  // a segment or loop the guide forbids in this situation is present [IK304 I9]
  kSituationalValue,  // a value breaks a situational rule (ICD version by date, pointers) [I12]
  kClaimOutOfBalance,  // CLM02 differs from the sum of the line charges [I12]
};

std::string_view DiagCodeName(DiagCode c);

// Where a finding is. Indices are 1-based; 0 means "not applicable".
struct Position {
  std::uint64_t byte_offset = 0;     // from the first byte of the input (BOM included)
  std::uint64_t segment = 0;         // segment index in the input, ISA of the first interchange = 1
  std::uint64_t segment_in_set = 0;  // index inside the transaction set, ST = 1
  std::uint32_t element = 0;         // element position, e.g. 2 for NM1-02
  std::uint32_t component = 0;       // component position inside a composite element
  std::uint32_t repetition = 0;      // repetition inside a repeating element
};

struct Diagnostic {
  DiagCode code;
  Severity severity;
  Position pos;
  std::string segment_id;  // "NM1", "ISA"...; empty when the finding is not about one segment
  std::string message;     // plain words; no values from the input
  std::string value;       // the offending value, if any (may be PHI: never log it)
  std::string loop;        // implementation-guide loop id ("2010AA"), when known
};

// Receives findings. Implementations decide what to keep.
class DiagnosticSink {
 public:
  virtual ~DiagnosticSink() = default;
  virtual void Report(Diagnostic d) = 0;
};

// Keeps findings in memory, at most `limit` of them; past that one kTooManyFindings is added and
// the rest are only counted, so memory stays bounded on hostile input.
class DiagnosticList final : public DiagnosticSink {
 public:
  explicit DiagnosticList(std::size_t limit = 10000) : limit_(limit) {}
  void Report(Diagnostic d) override;

  const std::vector<Diagnostic>& items() const { return items_; }
  std::size_t errors() const { return errors_; }
  std::size_t warnings() const { return warnings_; }
  std::size_t dropped() const { return dropped_; }
  bool HasErrors() const { return errors_ > 0; }
  void Clear();

 private:
  std::size_t limit_;
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
  std::size_t dropped_ = 0;
};

// "segment 12 (NM1) element 3 component 2 at byte 341": a position in words.
std::string DescribePosition(const Position& pos, std::string_view segment_id);

}  // namespace edi
