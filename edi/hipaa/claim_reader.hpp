// 837P/837I/837D transaction sets -> Encounter records, one per CLM, streaming: each finished claim
// goes to a callback, so memory holds one claim and its context (billing provider, subscriber,
// patient) whatever the file size. Segments are placed with the implementation-guide schema
// (TransactionValidator's loop ids); a segment the encounter model does not hold is counted and
// reported, never silently dropped. Not thread-safe; one reader per input. The registry and the
// sink must outlive it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "edi/diagnostics.hpp"
#include "edi/hipaa/encounter.hpp"
#include "edi/isa.hpp"
#include "edi/schema.hpp"
#include "edi/segment.hpp"

namespace edi::hipaa {

// A segment (or HI code qualifier, "HI:BN") the model does not carry, in one loop, with a count.
struct UnsupportedSegment {
  std::string segment;  // "PWK", "NM1*77", "HI:BI"
  std::string loop;     // "2300"
  std::uint64_t count = 0;
  std::uint64_t first_segment = 0;  // input index of the first one
};

class ClaimReader {
 public:
  // Receives each claim in file order. The encounter may be moved from.
  using Callback = std::function<void(Encounter&&)>;

  // `sink` receives one kSegmentNotUsed warning per (segment, loop) the model does not carry,
  // plus a finding for an 837 whose guide has no schema. Validation findings are not reported
  // here: run X12Validator alongside for them.
  ClaimReader(const schema::SchemaRegistry& registry, DiagnosticSink& sink, Callback callback);
  ~ClaimReader();
  ClaimReader(const ClaimReader&) = delete;
  ClaimReader& operator=(const ClaimReader&) = delete;

  // Feeds the next segment of the input (ISA and envelope segments included).
  void Add(const Segment& segment, const InterchangeHeader& header);
  // Emits a claim still open (a set without SE).
  void Finish();

  std::uint64_t claims() const { return claims_; }
  // Keyed by segment + '\x1f' + loop, in key order.
  const std::map<std::string, UnsupportedSegment>& unsupported() const { return unsupported_; }

 private:
  struct State;
  void Route(const Segment& s, const std::string& loop);
  void Header(const Segment& s, const std::string& loop);
  void ClaimLoop(const Segment& s, const std::string& loop);
  void LineLoop(const Segment& s, const std::string& loop);
  void Hi(const Segment& s, const std::string& loop);
  // REF*Y4 and PER of a 2010BA/2010CA person; false when the segment is something else.
  bool PersonTail(const Segment& s, Person* p);
  // PAT05-09 (death date, weight, pregnancy); false when other elements are set.
  bool ReadPatientDetails(const Segment& s, Person* p);
  void ClaimHeader(const Segment& s, const std::string& loop);
  bool ClaimSegment(const Segment& s, const std::string& loop);
  bool ProviderSegment(const Segment& s);
  bool ProviderDetail(const Segment& s);
  bool OtherPayerSegment(const Segment& s, const std::string& loop);
  bool LineSegment(const Segment& s, ServiceLine& l);
  bool LineChild(const Segment& s, const std::string& loop, ServiceLine& l);
  void Unsupported(const Segment& s, std::string_view what, const std::string& loop);
  void Emit();

  const schema::SchemaRegistry& registry_;
  DiagnosticSink& sink_;
  Callback callback_;
  std::unique_ptr<State> state_;
  std::map<std::string, UnsupportedSegment> unsupported_;
  std::uint64_t claims_ = 0;
};

}  // namespace edi::hipaa
