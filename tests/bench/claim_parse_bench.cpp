// 837P -> encounter records (edi/hipaa ClaimReader) on the generated ~60 MB 837P
// (tests/bench/gen_inputs.sh): the tokenizer alone for reference, then the claim reader (schema
// loop placement + mapping, one callback per claim). The JSON writing of `claimgate claim parse`
// is in src/ and not measured here. Input from $CLAIMGATE_BENCH_DATA, else
// <repo>/build/bench-data; a missing file skips the benchmarks with an error.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "edi/diagnostics.hpp"
#include "edi/hipaa/claim_reader.hpp"
#include "edi/schema.hpp"
#include "edi/segment_reader.hpp"

namespace {

constexpr const char* k837P = "837p_60mb.x12";

const std::string* Input() {
  static std::optional<std::string> text = []() -> std::optional<std::string> {
    const char* env = std::getenv("CLAIMGATE_BENCH_DATA");
    std::string dir = env != nullptr && *env != '\0' ? env : CLAIMGATE_BENCH_DATA_DEFAULT;
    std::ifstream in(dir + "/" + k837P, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return std::move(s).str();
  }();
  return text ? &*text : nullptr;
}

void Rates(benchmark::State& state, std::size_t bytes, std::uint64_t claims) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(bytes));
  state.counters["claims_per_s"] =
      benchmark::Counter(static_cast<double>(claims) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}

void BM_Tokenize837P(benchmark::State& state) {
  const std::string* input = Input();
  if (input == nullptr) return state.SkipWithError("missing 837p_60mb.x12; run gen_inputs.sh");
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
  const std::string* input = Input();
  if (input == nullptr) return state.SkipWithError("missing 837p_60mb.x12; run gen_inputs.sh");
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

BENCHMARK_MAIN();
