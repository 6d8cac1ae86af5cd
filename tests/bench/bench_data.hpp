// What the benchmark programs that read generated inputs share: where the inputs are
// (--bench_data=DIR, else $CLAIMGATE_BENCH_DATA, else <repo>/build/bench-data), each input loaded
// once per process, the byte and item rates they report, and a main() that takes --bench_data
// out before Google Benchmark sees (and rejects) it. Benchmarks run on one thread at a time;
// these functions are not thread-safe.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace claimgate::bench {

// The folder the inputs are read from (tests/bench/gen_inputs.sh writes them).
std::string& BenchDataDir();

// The whole of BenchDataDir()/`name`, read on the first call and kept for the process (the files
// are tens of MB and every benchmark reads them again); nullptr when it cannot be read.
const std::string* BenchInput(const std::string& name);

// BenchInput(name), or nullptr after marking `state` skipped with the missing file's path.
const std::string* BenchInputOrSkip(benchmark::State& state, const std::string& name);

// Reports `bytes` per iteration as the byte rate.
void SetByteRate(benchmark::State& state, std::size_t bytes);
// Reports `per_iteration` items per iteration as the rate named `counter` ("claims/s" ...).
void SetItemRate(benchmark::State& state, const char* counter, std::uint64_t per_iteration);

// main() of a benchmark program: takes --bench_data=DIR out of argv, then runs the registered
// benchmarks. Returns the exit code.
int RunBenchmarks(int argc, char** argv);

}  // namespace claimgate::bench
