// rss_probe [--validate] FILE: streams FILE through FileSource + SegmentReader + EnvelopeChecker
// (no summaries) the way a gateway reads an upload — with --validate through X12Validator and
// every built-in implementation guide instead — and prints one key=value line: bytes, segments,
// findings, seconds, MB/s and the peak resident set (MB = 10^6 bytes). It backs the README's
// bounded-memory figure (tests/bench/gen_inputs.sh --big makes a 1 GB input). Exit 0 when read to
// the end.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "edi/byte_source.hpp"
#include "edi/diagnostics.hpp"
#include "edi/envelope.hpp"
#include "edi/segment.hpp"
#include "edi/segment_reader.hpp"
#include "edi/x12_validator.hpp"

int main(int argc, char** argv) {
  const bool validate = argc == 3 && std::string_view(argv[1]) == "--validate";
  if (argc != 2 && !validate) {
    std::fprintf(stderr, "usage: rss_probe [--validate] FILE\n");
    return 2;
  }
  const char* path = argv[argc - 1];
  const auto start = std::chrono::steady_clock::now();
  auto source = edi::FileSource::Open(path);
  if (!source) {
    std::fprintf(stderr, "rss_probe: %s\n", source.error().message.c_str());
    return 1;
  }
  // A small limit keeps the findings themselves from growing the resident set on a bad file.
  edi::DiagnosticList diagnostics(1000);
  edi::SegmentReader reader(**source, diagnostics);
  edi::Segment segment;
  if (validate) {
    auto registry = edi::schema::SchemaRegistry::LoadBuiltIn();
    if (!registry) {
      std::fprintf(stderr, "rss_probe: %s\n", registry.error().message.c_str());
      return 1;
    }
    edi::X12Validator validator(registry->get(), diagnostics, {.keep_summaries = false});
    while (reader.Next(&segment)) validator.Add(segment, reader.header());
    validator.Finish();
  } else {
    edi::EnvelopeChecker checker(diagnostics, {.keep_summaries = false});
    while (reader.Next(&segment)) checker.Add(segment, reader.header());
    checker.Finish();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);  // ru_maxrss is in KiB on Linux
  const auto bytes = reader.bytes_consumed();
  std::printf(
      "rss_probe bytes=%llu segments=%llu errors=%zu warnings=%zu seconds=%.3f mb_per_s=%.1f "
      "peak_rss_mb=%.1f\n",
      static_cast<unsigned long long>(bytes),
      static_cast<unsigned long long>(reader.segments_read()), diagnostics.errors(),
      diagnostics.warnings(), seconds, static_cast<double>(bytes) / 1e6 / seconds,
      static_cast<double>(usage.ru_maxrss) * 1024.0 / 1e6);
  return reader.fatal() ? 1 : 0;
}
