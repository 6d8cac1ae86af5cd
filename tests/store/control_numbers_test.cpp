// Control number sequences on a real SQLite file: a configured start seeds a fresh or restored
// store, never moves a sequence back, and allocations continue from the higher of the two.
#include <gtest/gtest.h>

#include "src/store/sqlite_store.hpp"
#include "tests/store/store_test_util.hpp"

namespace claimgate::store {
namespace {

using testing::OpenStore;
using testing::TempDir;

Result<int64_t> Seed(Store& s, const std::string& name, int64_t start) {
  return Wait<int64_t>([&](auto done) { s.SeedControlNumbers(name, start, done); });
}
Result<int64_t> Allocate(Store& s, const std::string& name, int64_t count = 1) {
  return Wait<int64_t>([&](auto done) { s.AllocateControlNumbers(name, count, done); });
}

TEST(ControlNumbers, AFreshStoreStartsAtTheSeedAndALowerSeedNeverMovesItBack) {
  TempDir dir;
  const std::string path = dir.File("claims.db");
  {
    auto store = OpenStore(path);
    ASSERT_TRUE(store);
    EXPECT_EQ(*Seed(*store, "ISA:A:B", 5000), 5000);
    EXPECT_EQ(*Allocate(*store, "ISA:A:B"), 5000);
    EXPECT_EQ(*Allocate(*store, "ISA:A:B", 3), 5001);
    EXPECT_EQ(*Seed(*store, "ISA:A:B", 10), 5004);    // lower: nothing moves
    EXPECT_EQ(*Seed(*store, "ISA:A:B", 5004), 5004);  // equal: nothing moves
    EXPECT_EQ(*Allocate(*store, "ISA:A:B"), 5004);
    // Other sequences are their own.
    EXPECT_EQ(*Allocate(*store, "GS:A:B"), 1);
  }
  // After a restart the stored next number holds against a lower seed; a higher one skips ahead.
  auto store = OpenStore(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(*Seed(*store, "ISA:A:B", 1), 5005);
  EXPECT_EQ(*Allocate(*store, "ISA:A:B"), 5005);
  EXPECT_EQ(*Seed(*store, "ISA:A:B", 9000), 9000);
  EXPECT_EQ(*Allocate(*store, "ISA:A:B"), 9000);
  EXPECT_EQ(*Allocate(*store, "ISA:A:B"), 9001);
}

TEST(ControlNumbers, SeedsOutsideTheNineDigitRangeAreRefused) {
  TempDir dir;
  auto store = OpenStore(dir.File("claims.db"));
  ASSERT_TRUE(store);
  for (int64_t bad : {int64_t{0}, int64_t{-1}, int64_t{1'000'000'000}}) {
    auto r = Seed(*store, "ISA:A:B", bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, "invalid");
  }
  EXPECT_FALSE(Seed(*store, "", 5));
  // The highest start is usable once, then the sequence is exhausted.
  EXPECT_EQ(*Seed(*store, "ISA:A:B", 999'999'999), 999'999'999);
  EXPECT_EQ(*Allocate(*store, "ISA:A:B"), 999'999'999);
  auto exhausted = Allocate(*store, "ISA:A:B");
  ASSERT_FALSE(exhausted);
  EXPECT_EQ(exhausted.error().code, "exhausted");
}

}  // namespace
}  // namespace claimgate::store
