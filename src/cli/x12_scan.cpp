#include "src/cli/x12_scan.hpp"

#include "edi/byte_source.hpp"
#include "edi/x12_validator.hpp"

namespace claimgate::cli {

ScanResult ScanFile(const std::string& path, const edi::ReaderOptions& options,
                    const SegmentHook& hook) {
  ScanResult result;
  auto source = edi::FileSource::Open(path);
  if (!source) {
    result.unreadable = source.error().message;
    return result;
  }
  static const auto registry = edi::schema::SchemaRegistry::LoadBuiltIn();
  edi::SegmentReader reader(**source, result.findings, options);
  edi::X12Validator validator(registry ? registry->get() : nullptr, result.findings);
  edi::Segment segment;
  while (reader.Next(&segment)) {
    validator.Add(segment, reader.header());
    if (hook) hook(segment, reader, validator.envelope());
  }
  validator.Finish();
  result.interchanges = validator.envelope().interchanges();
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
