#include "src/core/shell_command.hpp"

#include <gtest/gtest.h>

#include <string>

namespace claimgate::core {
namespace {

TEST(RunShellCommand, CollectsStandardOutputAndTheExitCode) {
  CommandResult r = RunShellCommand("printf 'a\\nb'; echo ignored >&2; exit 3");
  EXPECT_EQ(r.output, "a\nb");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(RunShellCommand("true").exit_code, 0);
}

TEST(RunShellCommand, ReadsOutputLargerThanOneBuffer) {
  CommandResult r = RunShellCommand("head -c 100000 /dev/zero | tr '\\0' x");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output, std::string(100000, 'x'));
}

TEST(RunShellCommand, ReportsAKilledCommandAsMinusOne) {
  EXPECT_EQ(RunShellCommand("kill -9 $$").exit_code, -1);
}

// Whatever the bytes, the quoted word reaches the program as one argument, unchanged.
TEST(ShellQuote, PassesAnyWordThroughTheShellUnchanged) {
  for (std::string word : {std::string("plain"), std::string("it's"), std::string("a b\tc"),
                           std::string("$HOME `id` \"q\" \\ ; | & * ?"), std::string(""),
                           std::string("''"), std::string("line\nbreak")}) {
    SCOPED_TRACE(word);
    CommandResult r = RunShellCommand("printf '%s' " + ShellQuote(word));
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.output, word);
  }
}

}  // namespace
}  // namespace claimgate::core
