#include "src/core/json_syntax.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace claimgate::core {
namespace {

TEST(JsonSyntaxErrorPosition, IsZeroForValidJson) {
  EXPECT_EQ(JsonSyntaxErrorPosition(R"({"a": [1, 2.5, "x", null, true]})"), 0u);
  EXPECT_EQ(JsonSyntaxErrorPosition("[]"), 0u);
}

// The position counts the characters read, the offending one included.
TEST(JsonSyntaxErrorPosition, CountsUpToAndIncludingTheOffendingByte) {
  struct Case {
    std::string_view text;
    char offending;
    std::size_t index;
  };
  for (const Case& c : {Case{R"({"a": 1,, "b": 2})", ',', 8}, Case{R"([1, 2 3])", '3', 6},
                        Case{R"({"a" 1})", '1', 5}}) {
    SCOPED_TRACE(std::string(c.text));
    ASSERT_EQ(c.text[c.index], c.offending);
    EXPECT_EQ(JsonSyntaxErrorPosition(c.text), c.index + 1);
  }
}

TEST(JsonSyntaxErrorPosition, NamesTheEndOfATruncatedText) {
  std::string_view text = R"({"a": [1, 2)";
  EXPECT_EQ(JsonSyntaxErrorPosition(text), text.size() + 1);
}

TEST(JsonSyntaxErrorPosition, FindsTrailingGarbageAfterAValue) {
  EXPECT_EQ(JsonSyntaxErrorPosition("{} x"), 4u);
}

}  // namespace
}  // namespace claimgate::core

namespace claimgate::core {
namespace {

TEST(JsonDuplicateKeyPath, NamesTheFirstRepeatedKeyWithItsPath) {
  EXPECT_EQ(JsonDuplicateKeyPath(R"({"a":1,"b":{"c":2}})"), std::nullopt);
  EXPECT_EQ(JsonDuplicateKeyPath(R"({"a":1,"a":2})"), "a");
  EXPECT_EQ(JsonDuplicateKeyPath(R"({"claim":{"lines":[{"u":1},{"u":1,"x":2,"u":3}]}})"),
            "claim.lines[1].u");
  EXPECT_EQ(JsonDuplicateKeyPath(R"([{"a":1},[1,2],{"b":1,"b":1}])"), "[2].b");
  // The same key in sibling objects, or at two depths, is no duplicate.
  EXPECT_EQ(JsonDuplicateKeyPath(R"([{"a":1},{"a":2,"b":{"a":3}}])"), std::nullopt);
  EXPECT_EQ(JsonDuplicateKeyPath("not json"), std::nullopt);
}

}  // namespace
}  // namespace claimgate::core
