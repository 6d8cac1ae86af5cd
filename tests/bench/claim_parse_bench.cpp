// 837P -> encounter records (edi/hipaa ClaimReader) on the generated ~60 MB 837P
// (tests/bench/gen_inputs.sh): the tokenizer alone for reference, then the claim reader (schema
// loop placement + mapping, one callback per claim). The JSON writing of `claimgate claim parse`
// is in src/ and not measured here. Input from --bench_data=DIR, else $CLAIMGATE_BENCH_DATA, else
// <repo>/build/bench-data; a missing file skips the benchmarks with an error.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "edi/diagnostics.hpp"
#include "edi/hipaa/claim_reader.hpp"
#include "edi/schema.hpp"
#include "edi/segment_reader.hpp"
#include "tests/bench/bench_data.hpp"

namespace {

using claimgate::bench::BenchInputOrSkip;
using claimgate::bench::SetByteRate;
using claimgate::bench::SetItemRate;

constexpr const char* k837P = "837p_60mb.x12";

void Rates(benchmark::State& state, std::size_t bytes, std::uint64_t claims) {
  SetByteRate(state, bytes);
  SetItemRate(state, "claims_per_s", claims);
}

void BM_Tokenize837P(benchmark::State& state) {
  const std::string* input = BenchInputOrSkip(state, k837P);
  if (input == nullptr) return;
  for (auto _ : state) {
    edi::DiagnosticList findings;
    edi::SegmentReader reader(*input, findings);
    edi::Segment s;
    std::uint64_t n = 0;
    while (reader.Next(&s)) ++n;
    benchmark::DoNotOptimize(n);
  }
  Rates(state, input->size(), 0);
}
BENCHMARK(BM_Tokenize837P)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ClaimReader837P(benchmark::State& state) {
  const std::string* input = BenchInputOrSkip(state, k837P);
  if (input == nullptr) return;
  static const auto registry = edi::schema::SchemaRegistry::LoadBuiltIn();
  std::uint64_t claims = 0;
  for (auto _ : state) {
    edi::DiagnosticList findings;
    std::uint64_t lines = 0;
    edi::hipaa::ClaimReader reader(**registry, findings, [&](edi::hipaa::Encounter&& e) {
      lines += e.claim.service_lines.size();
    });
    edi::SegmentReader segments(*input, findings);
    edi::Segment s;
    while (segments.Next(&s)) reader.Add(s, segments.header());
    reader.Finish();
    claims = reader.claims();
    if (!reader.unsupported().empty()) state.SkipWithError("the 837P holds segments not carried");
    benchmark::DoNotOptimize(lines);
  }
  Rates(state, input->size(), claims);
  state.counters["claims"] = static_cast<double>(claims);
}
BENCHMARK(BM_ClaimReader837P)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) { return claimgate::bench::RunBenchmarks(argc, argv); }
