// Implementation-guide validation of one transaction set (SNIP 1 and 2): the loop tree built from
// trigger segments, qualifiers and the HL hierarchy; segment order, usage and repeats; element
// usage, types, lengths, code values, dates, times, repetitions, components and syntax notes.
// Streaming: it keeps only the current loop path (and the open HL levels), so a transaction set of
// any size is validated in bounded memory. Not thread-safe; the schema must outlive it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edi/diagnostics.hpp"
#include "edi/schema.hpp"
#include "edi/segment.hpp"

namespace edi {

// What one pass over an element's value found (see CheckElements).
struct ValueScan {
  bool repetition = false;  // holds the repetition separator (5010)
  bool component = false;   // holds the component separator
  bool outside = false;     // holds a byte outside the X12 extended character set
};

class TransactionValidator {
 public:
  TransactionValidator(const schema::TransactionSchema& schema, DiagnosticSink& sink);

  // Feeds the next segment of the transaction set, ST first and SE last. `segment_in_set` is its
  // 1-based position in the set (ST = 1).
  void Add(const Segment& segment, std::uint64_t segment_in_set);
  // Ends the set: reports required segments and loops that never came.
  void Finish();

  // The loop the last segment was placed in ("" for the transaction's header and trailer).
  const std::string& current_loop() const;
  // Whether the last segment was placed (matched the guide) and had no error.
  bool last_segment_clean() const { return last_clean_; }

 private:
  struct Frame {
    const schema::LoopDef* loop;
    std::size_t child;                  // index of the last child matched in this loop
    std::vector<std::uint32_t> counts;  // uses of each child in this occurrence
  };
  struct OpenLevel {
    std::string id;
    std::string level;
    bool expects_children;
    bool had_child;
    Position where;  // of its HL04, for the report when no child comes
    std::string loop;
  };

  bool Place(const Segment& segment, const schema::SegmentDef** def);
  void CloseFrames(std::size_t keep);
  void ReportMissing(const Frame& frame, std::size_t from, std::size_t to);
  void CheckHierarchy(const Segment& segment, const schema::LoopDef& loop);
  void ReportChildless(const OpenLevel& level);
  void CheckElements(const Segment& segment, const schema::SegmentDef& def);
  enum class ValueFault { kNone, kCharacter, kNumber, kShort, kLong, kDate, kTime, kCode };
  [[gnu::cold, gnu::noinline]] void ReportValue(ValueFault fault, const Segment& segment,
                                                const schema::SimpleDef& def,
                                                std::string_view value, std::size_t length,
                                                std::uint32_t element, std::uint32_t component,
                                                std::uint32_t repetition);
  void CheckDateValue(const Segment& segment, const schema::SegmentDef& def,
                      const schema::SegmentDef::DatePair& pair);
  void UseDelimiters(const Delimiters& d);
  ValueScan ScanValue(std::string_view value) const;
  void CheckOccurrence(const Segment& segment, const schema::SegmentDef& def,
                       const schema::ElementDef& e, std::string_view value, std::uint32_t rep,
                       const ValueScan& scan);
  // `chars_ok`: the caller already knows every byte is in the extended character set.
  void CheckValue(const Segment& segment, const schema::SimpleDef& def, std::string_view value,
                  std::uint32_t element, std::uint32_t component, std::uint32_t repetition,
                  bool chars_ok = false);
  // Reports a finding at the current segment; a warning leaves last_segment_clean() as it was.
  void Report(DiagCode code, std::string message, std::uint32_t element = 0,
              std::uint32_t component = 0, std::string_view value = {},
              std::uint32_t repetition = 0, Severity severity = Severity::kError);

  const schema::TransactionSchema& schema_;
  DiagnosticSink& sink_;
  std::vector<Frame> stack_;
  std::vector<std::vector<std::uint32_t>> spare_counts_;  // from closed frames, for reuse
  static constexpr std::uint8_t kRepetition = 1, kComponent = 2, kOutside = 4;
  std::array<std::uint8_t, 256> byte_class_{};
  std::optional<Delimiters> class_for_;  // the separators byte_class_ was built for
  std::vector<OpenLevel> levels_;
  // The segment being checked, for positions.
  const Segment* segment_ = nullptr;
  std::uint64_t in_set_ = 0;
  std::uint64_t last_offset_ = 0;
  std::uint64_t last_index_ = 0;
  bool last_clean_ = true;
};

}  // namespace edi
