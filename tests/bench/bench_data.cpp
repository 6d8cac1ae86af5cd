#include "tests/bench/bench_data.hpp"

#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>

namespace claimgate::bench {

std::string& BenchDataDir() {
  static std::string dir = [] {
    const char* env = std::getenv("CLAIMGATE_BENCH_DATA");
    return std::string(env != nullptr && *env != '\0' ? env : CLAIMGATE_BENCH_DATA_DEFAULT);
  }();
  return dir;
}

const std::string* BenchInput(const std::string& name) {
  static std::map<std::string, std::optional<std::string>> cache;
  auto [it, inserted] = cache.try_emplace(name);
  if (inserted) {
    std::ifstream in(BenchDataDir() + "/" + name, std::ios::binary);
    if (in) {
      std::ostringstream text;
      text << in.rdbuf();
      it->second = std::move(text).str();
    }
  }
  return it->second ? &*it->second : nullptr;
}

const std::string* BenchInputOrSkip(benchmark::State& state, const std::string& name) {
  const std::string* input = BenchInput(name);
  if (input == nullptr) {
    state.SkipWithError(
        ("missing " + BenchDataDir() + "/" + name + "; run tests/bench/gen_inputs.sh").c_str());
  }
  return input;
}

void SetByteRate(benchmark::State& state, std::size_t bytes) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(bytes));
}

void SetItemRate(benchmark::State& state, const char* counter, std::uint64_t per_iteration) {
  state.counters[counter] = benchmark::Counter(
      static_cast<double>(per_iteration) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}

int RunBenchmarks(int argc, char** argv) {
  constexpr std::string_view kFlag = "--bench_data=";
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.substr(0, kFlag.size()) == kFlag) {
      BenchDataDir() = std::string(arg.substr(kFlag.size()));
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace claimgate::bench
