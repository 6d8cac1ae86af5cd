// Reading one X12 file end to end for the CLI: SegmentReader + EnvelopeChecker, with a hook per
// segment. Findings go to a DiagnosticList; nothing here prints. Not thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "edi/diagnostics.hpp"
#include "edi/envelope.hpp"
#include "edi/segment_reader.hpp"

namespace claimgate::cli {

struct ScanResult {
  edi::DiagnosticList findings;
  std::vector<edi::InterchangeSummary> interchanges;
  std::uint64_t bytes = 0;
  std::uint64_t segments = 0;
  // Set when the file could not be read to its end: cannot open, I/O error, not X12 at all.
  std::optional<std::string> unreadable;
};

using SegmentHook = std::function<void(const edi::Segment&, const edi::SegmentReader&,
                                       const edi::EnvelopeChecker&)>;

// Reads `path` ("-" for standard input) in chunks; calls `hook` (if set) after each segment has
// been checked by the envelope checker.
ScanResult ScanFile(const std::string& path, const edi::ReaderOptions& options,
                    const SegmentHook& hook = {});

}  // namespace claimgate::cli
