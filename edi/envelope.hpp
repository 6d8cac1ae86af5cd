// EnvelopeChecker: the interchange / functional group / transaction set structure of an X12
// stream, checked segment by segment: ISA13 = IEA02, IEA01 = group count, GS06 = GE02, GE01 =
// transaction count, ST02 = SE02, SE01 = segment count, numeric and unique control numbers,
// TA1-only interchanges, HIPAA 5010 versions. It keeps a summary of every interchange (delimiters,
// groups, transaction sets) for reports. Memory grows with the number of transaction sets when
// summaries are kept, and is bounded otherwise. Not thread-safe; one checker per input.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include "edi/diagnostics.hpp"
#include "edi/isa.hpp"
#include "edi/segment.hpp"

namespace edi {

struct TransactionSetSummary {
  std::string id;                       // ST01, e.g. "837"
  std::string control_number;           // ST02
  std::string implementation;           // ST03 (empty if absent)
  std::uint64_t segments = 0;           // counted, ST and SE included
  std::uint64_t declared_segments = 0;  // SE01 (0 if missing or not a number)
  std::uint64_t first_segment = 0;      // segment index of the ST
  std::uint64_t byte_offset = 0;        // of the ST
  bool closed = false;                  // an SE was seen
};

struct GroupSummary {
  std::string functional_id;   // GS01, e.g. "HC"
  std::string sender;          // GS02
  std::string receiver;        // GS03
  std::string date;            // GS04
  std::string time;            // GS05
  std::string control_number;  // GS06
  std::string version;         // GS08, e.g. "005010X222A1": the schema to read it with
  std::uint64_t transaction_count = 0;
  std::uint64_t first_segment = 0;
  std::uint64_t byte_offset = 0;
  std::vector<TransactionSetSummary> transaction_sets;
  bool closed = false;
};

struct Ta1Summary {
  std::string control_number;  // TA101: the ISA13 acknowledged
  std::string date;            // TA102
  std::string time;            // TA103
  std::string ack_code;        // TA104: A, E or R
  std::string note_code;       // TA105
};

struct InterchangeSummary {
  InterchangeHeader header;
  std::uint64_t first_segment = 0;
  std::uint64_t byte_offset = 0;
  std::uint64_t group_count = 0;
  std::vector<GroupSummary> groups;
  std::vector<Ta1Summary> ta1s;
  bool closed = false;
};

struct EnvelopeOptions {
  // Keep the summary of every interchange, group and transaction set. Default true; when false
  // only the current ones are kept, so memory stays bounded on inputs of any size.
  bool keep_summaries = true;
  // Control numbers remembered per interchange / group for the duplicate check. Default 100,000.
  std::size_t max_tracked_control_numbers = 100000;
};

class EnvelopeChecker {
 public:
  explicit EnvelopeChecker(DiagnosticSink& sink, const EnvelopeOptions& options = {});

  // Feeds the next segment. `header` is the reader's current header (read when `segment` is an
  // ISA).
  void Add(const Segment& segment, const InterchangeHeader& header);
  // End of input: reports every trailer still missing.
  void Finish();

  bool in_transaction_set() const { return in_set_; }
  // Position of the last segment inside its transaction set (ST = 1), 0 outside one.
  std::uint64_t segment_in_set() const { return in_set_ || just_closed_set_ ? set_segments_ : 0; }
  // The version (GS08) of the current functional group.
  const std::string& group_version() const { return group_version_; }

  const std::vector<InterchangeSummary>& interchanges() const { return interchanges_; }
  std::uint64_t transaction_sets() const { return transaction_sets_; }

 private:
  void Report(DiagCode code, Severity severity, const Segment& seg, std::uint32_t element,
              std::string message, std::string_view value = {});
  void Report(DiagCode code, Severity severity, Position pos, std::string_view segment_id,
              std::string message, std::string_view value = {});
  // Close the open transaction set / group / interchange; `missing`: its trailer never came,
  // reported at `pos` (the segment that shows it is missing, or the end of the input).
  void CloseSet(const Position* missing_at);
  void CloseGroup(const Position* missing_at);
  void CloseInterchange(const Position* missing_at);
  void OnIsa(const Segment& seg, const InterchangeHeader& header);
  void OnGs(const Segment& seg);
  void OnSt(const Segment& seg);
  void OnSe(const Segment& seg);
  void OnGe(const Segment& seg);
  void OnIea(const Segment& seg);
  GroupSummary* group() { return groups_open_ ? &interchanges_.back().groups.back() : nullptr; }

  DiagnosticSink& sink_;
  EnvelopeOptions options_;
  std::vector<InterchangeSummary> interchanges_;
  bool interchange_open_ = false;
  bool groups_open_ = false;
  bool in_set_ = false;
  bool just_closed_set_ = false;
  std::string set_control_;
  std::uint64_t set_segments_ = 0;
  std::uint64_t group_sets_ = 0;
  std::uint64_t transaction_sets_ = 0;
  std::string group_version_;
  std::unordered_set<std::string> group_numbers_;  // GS06 seen in this interchange
  std::unordered_set<std::string> set_numbers_;    // ST02 seen in this group
  Position end_;  // just past the last segment: where missing trailers at the end are reported
};

}  // namespace edi
