// Helpers shared by the edi tests: run the reader (and envelope checker) over a string, copying
// what comes out so that assertions do not depend on view lifetimes.
#pragma once

#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "edi/byte_source.hpp"
#include "edi/diagnostics.hpp"
#include "edi/envelope.hpp"
#include "edi/segment_reader.hpp"

namespace edi::testing {

struct CopiedSegment {
  std::vector<std::string> fields;  // fields[0] is the id
  std::uint64_t offset = 0;
  std::uint64_t index = 0;
  bool operator==(const CopiedSegment&) const = default;
};

struct ReadOutcome {
  std::vector<CopiedSegment> segments;
  std::vector<Diagnostic> findings;
  std::vector<InterchangeSummary> interchanges;
  bool fatal = false;

  bool Has(DiagCode code) const {
    for (const auto& d : findings) {
      if (d.code == code) return true;
    }
    return false;
  }
  const Diagnostic* Find(DiagCode code) const {
    for (const auto& d : findings) {
      if (d.code == code) return &d;
    }
    return nullptr;
  }
  std::size_t Errors() const {
    std::size_t n = 0;
    for (const auto& d : findings) n += d.severity == Severity::kError;
    return n;
  }
};

inline CopiedSegment Copy(const Segment& s) {
  CopiedSegment c;
  c.fields.emplace_back(s.id());
  for (std::size_t i = 1; i <= s.element_count(); ++i) c.fields.emplace_back(s.element(i));
  c.offset = s.byte_offset();
  c.index = s.index();
  return c;
}

inline ReadOutcome Drain(SegmentReader& reader, DiagnosticList& list) {
  ReadOutcome out;
  EnvelopeChecker envelope(list);
  Segment s;
  while (reader.Next(&s)) {
    envelope.Add(s, reader.header());
    out.segments.push_back(Copy(s));
  }
  envelope.Finish();
  out.findings = list.items();
  out.interchanges = envelope.interchanges();
  out.fatal = reader.fatal();
  return out;
}

// Reads `text` from an exact-size heap copy (no trailing NUL, so ASan catches over-reads).
inline ReadOutcome ReadInMemory(std::string_view text, const ReaderOptions& options = {}) {
  std::unique_ptr<char[]> exact(new char[text.size() == 0 ? 1 : text.size()]);
  if (!text.empty()) std::memcpy(exact.get(), text.data(), text.size());
  DiagnosticList list;
  SegmentReader reader(std::string_view(exact.get(), text.size()), list, options);
  return Drain(reader, list);
}

// Reads `text` through the streaming path, `piece` bytes per read.
inline ReadOutcome ReadStreaming(std::string_view text, std::size_t piece,
                                 ReaderOptions options = {}) {
  MemorySource source(text, piece);
  DiagnosticList list;
  SegmentReader reader(source, list, options);
  return Drain(reader, list);
}

// A small, clean HIPAA 837P interchange (synthetic data) with the default delimiters.
inline std::string Sample837() {
  return "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *260115*0930*^*"
         "00501*000000101*1*T*:~"
         "GS*HC*SUBMITTER01*RECEIVER01*20260115*0930*101*X*005010X222A1~"
         "ST*837*0001*005010X222A1~"
         "BHT*0019*00*BATCH1*20260115*0930*CH~"
         "NM1*41*2*SAMPLE BILLING*****46*SUB01~"
         "HI*ABK:J069*ABF:R05^ABF:R509~"
         "SV1*HC:99213:25*125*UN*1***1:2~"
         "SE*6*0001~"
         "GE*1*101~"
         "IEA*1*000000101~";
}

}  // namespace edi::testing
