// Cost of the compiled-in code sets (edi/hipaa/codesets.hpp): building them (what the first
// CodeSets::BuiltIn() call pays) and lookups per second for the lists the claim edits use most.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "edi/hipaa/codesets.hpp"

namespace {

using edi::hipaa::CodeSets;
using edi::hipaa::CodeStatus;
using edi::hipaa::CodeSystem;

void BM_CodeSetsBuild(benchmark::State& state) {
  for (auto _ : state) {
    CodeSets sets;
    benchmark::DoNotOptimize(&sets);
  }
}
BENCHMARK(BM_CodeSetsBuild)->Unit(benchmark::kMillisecond);

// Every 7th shipped valid code, and for ICD-10-CM the same written with a dot; unless valid_only,
// as many codes that are not in the list (made up) and every retired and header code. Fixed
// shuffled order.
std::vector<std::string> LookupMix(CodeSystem system, bool valid_only) {
  const CodeSets& sets = CodeSets::BuiltIn();
  std::vector<std::string> mix;
  const auto valid = sets.Codes(system, CodeStatus::kValid);
  for (std::size_t i = 0; i < valid.size(); i += 7) {
    mix.push_back(valid[i]);
    if (system == CodeSystem::kIcd10Cm && valid[i].size() > 3) {
      mix.push_back(valid[i].substr(0, 3) + "." + valid[i].substr(3));
    }
    if (valid_only) continue;
    std::string made_up = valid[i];
    made_up.back() = made_up.back() == 'Z' ? 'Y' : 'Z';
    mix.push_back(made_up);
  }
  for (const CodeStatus status : {CodeStatus::kRetired, CodeStatus::kNotBillable}) {
    if (valid_only) break;
    for (const std::string& code : sets.Codes(system, status)) mix.push_back(code);
  }
  std::uint64_t seed = 42;
  for (std::size_t i = mix.size(); i > 1; --i) {  // deterministic Fisher-Yates
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    std::swap(mix[i - 1], mix[(seed >> 33) % i]);
  }
  return mix;
}

void BM_Check(benchmark::State& state, CodeSystem system, bool valid_only) {
  const CodeSets& sets = CodeSets::BuiltIn();
  const std::vector<std::string> mix = LookupMix(system, valid_only);
  std::size_t valid = 0;
  for (auto _ : state) {
    for (const std::string& code : mix) {
      valid += sets.Check(system, code).status == CodeStatus::kValid ? 1 : 0;
    }
  }
  benchmark::DoNotOptimize(valid);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * mix.size()));
  state.counters["codes"] = static_cast<double>(mix.size());
}
BENCHMARK_CAPTURE(BM_Check, Icd10CmValid, CodeSystem::kIcd10Cm, true);
BENCHMARK_CAPTURE(BM_Check, Icd10CmMixed, CodeSystem::kIcd10Cm, false);
BENCHMARK_CAPTURE(BM_Check, Icd10PcsValid, CodeSystem::kIcd10Pcs, true);
BENCHMARK_CAPTURE(BM_Check, HcpcsMixed, CodeSystem::kHcpcs, false);
BENCHMARK_CAPTURE(BM_Check, CarcValid, CodeSystem::kCarc, true);

void BM_IsValidNpi(benchmark::State& state) {
  std::vector<std::string> npis;
  for (int i = 0; i < 1000; ++i) {
    std::string base = std::to_string(100000000 + i * 7919);
    npis.push_back(base + static_cast<char>('0' + edi::hipaa::NpiCheckDigit(base)));
  }
  std::size_t valid = 0;
  for (auto _ : state) {
    for (const std::string& npi : npis) valid += edi::hipaa::IsValidNpi(npi) ? 1 : 0;
  }
  benchmark::DoNotOptimize(valid);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * npis.size()));
}
BENCHMARK(BM_IsValidNpi);

}  // namespace

BENCHMARK_MAIN();
