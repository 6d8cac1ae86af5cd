// Writing X12: SegmentWriter serializes segments with any delimiter set; InterchangeWriter wraps
// them in ISA/GS/ST ... SE/GE/IEA with fixed-width ISA fields, counts and control numbers.
// X12 has no escape character, so a value holding a delimiter or a character outside the
// extended character set is refused with an error that names the segment and element. Both
// writers keep a sticky status (the first error) and append to a caller-owned std::string, which
// must outlive them. Not thread-safe.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "edi/delimiters.hpp"
#include "edi/result.hpp"
#include "edi/segment.hpp"

namespace edi {

struct WriterOptions {
  Delimiters delimiters = Delimiters::Default();
  // Write a line feed after every segment terminator (easier to read; allowed by receivers that
  // ignore line breaks between segments). Default false: the byte stream X12 defines.
  bool line_break = false;
};

class SegmentWriter {
 public:
  // Appends to `*out`. REQUIRES: `out` outlives the writer.
  SegmentWriter(std::string* out, const WriterOptions& options);

  // Starts a segment. REQUIRES: no segment is open.
  SegmentWriter& Begin(std::string_view id);
  // Adds a simple element (may be empty to skip a position).
  SegmentWriter& Add(std::string_view value);
  // Adds a composite element; trailing empty components are left out.
  SegmentWriter& AddComposite(std::span<const std::string_view> components);
  SegmentWriter& AddComposite(std::initializer_list<std::string_view> components) {
    return AddComposite(std::span<const std::string_view>(components.begin(), components.size()));
  }
  // Adds an element already holding component / repetition separators of this writer's
  // delimiters (as read by SegmentReader with the same delimiters): checked, not escaped.
  SegmentWriter& AddRaw(std::string_view value);
  // Ends the segment: trailing empty elements are dropped, the terminator written. A segment
  // with an error in it is removed whole.
  SegmentWriter& End();

  // Begin + Add for each + End.
  SegmentWriter& Write(std::string_view id, std::initializer_list<std::string_view> elements);
  // Re-serializes a segment read with any delimiters using this writer's delimiters.
  SegmentWriter& Write(const Segment& segment);

  const Result<void>& status() const { return status_; }
  bool ok() const { return status_.has_value(); }
  // Segments written since construction (or the last ResetCount()).
  std::uint64_t count() const { return count_; }
  void ResetCount() { count_ = 0; }
  const Delimiters& delimiters() const { return options_.delimiters; }

 private:
  bool Check(std::string_view value, bool allow_component, bool allow_repetition);
  void Fail(std::string code, std::string message);

  std::string* out_;
  WriterOptions options_;
  Result<void> status_;
  std::size_t segment_start_ = 0;
  std::string id_;
  std::uint32_t element_ = 0;
  std::uint32_t component_ = 0;
  bool open_ = false;
  bool segment_failed_ = false;
  std::uint64_t count_ = 0;
};

// ISA fields; the writer pads them to their fixed widths.
struct InterchangeParams {
  std::string authorization_qualifier = "00";  // ISA01
  std::string authorization_info;              // ISA02
  std::string security_qualifier = "00";       // ISA03
  std::string security_info;                   // ISA04
  std::string sender_qualifier = "ZZ";         // ISA05
  std::string sender_id;                       // ISA06
  std::string receiver_qualifier = "ZZ";       // ISA07
  std::string receiver_id;                     // ISA08
  std::string date;                            // ISA09, YYMMDD
  std::string time;                            // ISA10, HHMM
  std::string version = "00501";               // ISA12
  std::uint64_t control_number = 1;            // ISA13, 1..999999999
  bool ack_requested = false;                  // ISA14
  char usage = 'P';                            // ISA15: P production, T test
};

struct GroupParams {
  std::string functional_id = "HC";  // GS01
  std::string sender;                // GS02
  std::string receiver;              // GS03
  std::string date;                  // GS04, CCYYMMDD
  std::string time;                  // GS05, HHMM
  std::uint64_t control_number = 1;  // GS06, 1..999999999
  std::string version;               // GS08, e.g. 005010X222A1
};

// Zero-pads `n` to `width` digits (ISA13 uses 9; ST02 commonly 4).
std::string FormatControlNumber(std::uint64_t n, std::size_t width);

class InterchangeWriter {
 public:
  // Appends to `*out`. REQUIRES: `out` outlives the writer.
  InterchangeWriter(std::string* out, const WriterOptions& options = {});

  void BeginInterchange(const InterchangeParams& params);
  void BeginGroup(const GroupParams& params);
  // ST01, ST02 and ST03 (the implementation guide; empty to leave it out).
  void BeginTransaction(std::string_view id, std::string_view control_number,
                        std::string_view implementation);
  // The writer for the transaction set's body segments.
  SegmentWriter& body() { return segments_; }
  void EndTransaction();  // SE with the counted segments
  void EndGroup();        // GE with the counted transaction sets
  void EndInterchange();  // IEA with the counted groups

  // The first error, or an error if an envelope is still open.
  Result<void> Finish() const;

 private:
  void Fail(std::string code, std::string message);

  std::string* out_;
  WriterOptions options_;
  SegmentWriter segments_;
  Result<void> status_;
  std::string isa13_;
  std::string gs06_;
  std::string st02_;
  std::uint64_t st_start_count_ = 0;
  std::uint64_t groups_ = 0;
  std::uint64_t sets_ = 0;
  bool in_interchange_ = false;
  bool in_group_ = false;
  bool in_set_ = false;
};

}  // namespace edi
