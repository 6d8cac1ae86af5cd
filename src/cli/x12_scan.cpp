#include "src/cli/x12_scan.hpp"

#include "edi/byte_source.hpp"

namespace claimgate::cli {

ScanResult ScanFile(const std::string& path, const edi::ReaderOptions& options,
                    const SegmentHook& hook) {
  ScanResult result;
  auto source = edi::FileSource::Open(path);
  if (!source) {
    result.unreadable = source.error().message;
    return result;
  }
  edi::SegmentReader reader(**source, result.findings, options);
  edi::EnvelopeChecker envelope(result.findings);
  edi::Segment segment;
  while (reader.Next(&segment)) {
    envelope.Add(segment, reader.header());
    if (hook) hook(segment, reader, envelope);
  }
  envelope.Finish();
  result.interchanges = envelope.interchanges();
  result.bytes = reader.bytes_consumed();
  result.segments = reader.segments_read();
  if (reader.io_error()) {
    result.unreadable = reader.io_error()->message;
  } else if (reader.fatal()) {
    result.unreadable = "the file cannot be read as X12 (see the findings)";
  }
  return result;
}

}  // namespace claimgate::cli
