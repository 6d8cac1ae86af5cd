// Seeds for tests that draw random numbers (crash tests, property tests): CLAIMGATE_TEST_SEED
// from the environment when it is set, to replay a failure, otherwise a fresh one. Keep the
// trace in scope while the seed is used, so that any failure prints the seed and the command
// line that reproduces it:
//   const uint64_t seed = claimgate::testing::TestSeed();
//   SCOPED_TRACE(claimgate::testing::SeedTrace(seed));
// Header only (it needs GoogleTest's SCOPED_TRACE at the call site, not here). Thread-safe.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>

namespace claimgate::testing {

inline uint64_t TestSeed() {
  if (const char* given = std::getenv("CLAIMGATE_TEST_SEED"); given != nullptr && *given != 0) {
    return std::strtoull(given, nullptr, 10);
  }
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) | device();
}

inline std::string SeedTrace(uint64_t seed) {
  return "random seed " + std::to_string(seed) + "; reproduce with CLAIMGATE_TEST_SEED=" +
         std::to_string(seed);
}

}  // namespace claimgate::testing
