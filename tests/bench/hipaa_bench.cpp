// Throughput of 835 -> remittance records on the generated 835 (tests/bench/gen_inputs.sh), beside
// the tokenizer alone on the same bytes: in memory with claims streamed to a callback (the
// bounded-memory path), streamed through a MemorySource in 1 MiB chunks, and with every claim
// kept in memory. Inputs are read from --bench_data=DIR, else $CLAIMGATE_BENCH_DATA, else
// <repo>/build/bench-data; a missing file skips its benchmarks with an error.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "edi/byte_source.hpp"
#include "edi/diagnostics.hpp"
#include "edi/hipaa/remittance.hpp"
#include "edi/segment_reader.hpp"
#include "tests/bench/bench_data.hpp"

namespace {

using claimgate::bench::BenchInputOrSkip;
using claimgate::bench::RunBenchmarks;
using claimgate::bench::SetByteRate;
using claimgate::bench::SetItemRate;

constexpr const char* k835 = "835_37mb.x12";

void SetRates(benchmark::State& state, std::size_t bytes, std::uint64_t claims) {
  SetByteRate(state, bytes);
  SetItemRate(state, "claims", claims);
}

// Reads the whole input into records with `keep_claims`; `streaming` reads through a
// MemorySource (the FileSource path without the disk) instead of in place.
void Remit(benchmark::State& state, bool keep_claims, bool streaming) {
  const std::string* input = BenchInputOrSkip(state, k835);
  if (input == nullptr) return;
  std::uint64_t claims = 0;
  for (auto _ : state) {
    edi::DiagnosticList diagnostics;
    std::unique_ptr<edi::MemorySource> source;
    std::unique_ptr<edi::SegmentReader> reader;
    if (streaming) {
      source = std::make_unique<edi::MemorySource>(*input);
      reader = std::make_unique<edi::SegmentReader>(*source, diagnostics);
    } else {
      reader = std::make_unique<edi::SegmentReader>(std::string_view(*input), diagnostics);
    }
    claims = 0;
    std::int64_t paid = 0;
    std::size_t findings = 0;
    edi::hipaa::RemittanceOptions options;
    options.keep_claims = keep_claims;
    std::optional<edi::hipaa::Remittance> last;
    edi::hipaa::RemittanceReader remits(
        [&](edi::hipaa::Remittance&& r) {
          findings += r.findings.size();
          last = std::move(r);
        },
        [&](const edi::hipaa::Remittance&, const edi::hipaa::ClaimPayment& c) {
          ++claims;
          paid += c.paid;
        },
        options);
    edi::Segment segment;
    while (reader->Next(&segment)) remits.Add(segment);
    remits.Finish();
    benchmark::DoNotOptimize(paid);
    benchmark::DoNotOptimize(last);
    if (findings != 0) {
      state.SkipWithError("the generated 835 should balance");
      return;
    }
  }
  SetRates(state, input->size(), claims);
}

void BM_Tokenize835(benchmark::State& state) {
  const std::string* input = BenchInputOrSkip(state, k835);
  if (input == nullptr) return;
  for (auto _ : state) {
    edi::DiagnosticList diagnostics;
    edi::SegmentReader reader(std::string_view(*input), diagnostics);
    edi::Segment segment;
    std::size_t bytes = 0;
    while (reader.Next(&segment)) {
      for (std::size_t i = 1; i <= segment.element_count(); ++i) bytes += segment.element(i).size();
    }
    benchmark::DoNotOptimize(bytes);
  }
  SetRates(state, input->size(), 0);
}

void BM_Remit835(benchmark::State& state) { Remit(state, false, false); }
void BM_Remit835Streaming(benchmark::State& state) { Remit(state, false, true); }
void BM_Remit835KeepClaims(benchmark::State& state) { Remit(state, true, false); }

}  // namespace

int main(int argc, char** argv) {
  for (auto* b : {
           benchmark::RegisterBenchmark("BM_Tokenize835", BM_Tokenize835),
           benchmark::RegisterBenchmark("BM_Remit835", BM_Remit835),
           benchmark::RegisterBenchmark("BM_Remit835Streaming", BM_Remit835Streaming),
           benchmark::RegisterBenchmark("BM_Remit835KeepClaims", BM_Remit835KeepClaims),
       }) {
    b->Unit(benchmark::kMillisecond);
  }
  return RunBenchmarks(argc, argv);
}
