// 837P building speed: parsed encounters (edi::hipaa::Encounter) -> one interchange, measured in
// claims per second on one core. Encounters are made in memory (no JSON, no edits), so the figure
// is the builder's alone. Run: build/release/tests/bench/claim_build_bench
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "edi/hipaa/claim_builder.hpp"
#include "tests/hipaa/claim_test_util.hpp"

namespace {

// `n` claims: 10 billing providers x 10 subscribers each (so HL grouping has work to do), each
// claim with 2 diagnoses and 2 service lines like a routine office visit.
std::vector<edi::hipaa::Encounter> MakeEncounters(int n) {
  std::vector<edi::hipaa::Encounter> out;
  out.reserve(static_cast<std::size_t>(n));
  const char* npis[] = {"1234567893", "1987654328", "1112223338", "1555444334", "1666777887",
                        "1777888995", "1444555662", "1333444556", "1234567893", "1987654328"};
  for (int i = 0; i < n; ++i) {
    edi::hipaa::Encounter e = edi::hipaa::testing::SampleProfessional();
    e.billing.npi = npis[i % 10];
    e.billing.organization_name += std::to_string(i % 10);
    e.subscriber.member_id = "SYN" + std::to_string(100000 + (i / 10) % 10);
    e.claim.patient_control_number = "PCN" + std::to_string(i);
    e.claim.service_lines[0].control_number = "L" + std::to_string(i) + "A";
    e.claim.service_lines[1].control_number = "L" + std::to_string(i) + "B";
    out.push_back(std::move(e));
  }
  return out;
}

void BM_Build837P(benchmark::State& state) {
  auto encounters = MakeEncounters(static_cast<int>(state.range(0)));
  edi::hipaa::BuildOptions options = edi::hipaa::testing::TestBuildOptions();
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto x12 = edi::hipaa::BuildInterchange(encounters, options);
    if (!x12) {
      state.SkipWithError(x12.error().message.c_str());
      break;
    }
    bytes = x12->size();
    benchmark::DoNotOptimize(x12->data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(bytes));
  state.counters["claims"] = static_cast<double>(state.range(0));
}
BENCHMARK(BM_Build837P)->Arg(1)->Arg(100)->Arg(5000);

}  // namespace

BENCHMARK_MAIN();
