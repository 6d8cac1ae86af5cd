// `claimgate claim parse`, run as a separate process: the issue's `claim parse F | claim build -`
// again trip on the examples, findings on stderr and the exit codes.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "shell_run.hpp"

namespace {

using claimgate::testing::Shell;
using claimgate::testing::ShellRun;

const std::string kBin = CLAIMGATE_BIN;
const std::string kExamples = std::string(CLAIMGATE_SAMPLES_DIR) + "/../../docs/examples/";
const std::string kFixed = " --today 20261127 --date 20261127 --time 0930";

TEST(ClaimParse, ParseThenBuildGivesBackTheSameInterchangeForEveryExample) {
  auto dir = std::filesystem::temp_directory_path();
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(kExamples)) {
    if (e.path().extension() != ".json") continue;
    SCOPED_TRACE(e.path().filename().string());
    auto x12 = dir / "claimgate_parse_cli_test.x12";
    ASSERT_EQ(Shell(kBin + " claim build " + e.path().string() + kFixed + " --out " + x12.string() +
                    " 2>/dev/null")
                  .exit_code,
              0);
    ShellRun first = Shell("cat " + x12.string());
    ShellRun again = Shell(kBin + " claim parse " + x12.string() + " 2>/dev/null | " + kBin +
                           " claim build -" + kFixed + " 2>/dev/null");
    EXPECT_EQ(again.exit_code, 0);
    // build writes a newline after the interchange on stdout only.
    EXPECT_EQ(again.out, first.out + "\n");
    std::filesystem::remove(x12);
    ++n;
  }
  EXPECT_GE(n, 7);
}

TEST(ClaimParse, PrintsAJsonArrayOnStdoutAndReadsStandardInput) {
  ShellRun run = Shell(kBin + " claim build " + kExamples + "837p-simple.json" + kFixed +
                       " 2>/dev/null | " + kBin + " claim parse - 2>/dev/null");
  EXPECT_EQ(run.exit_code, 0);
  ASSERT_FALSE(run.out.empty());
  EXPECT_EQ(run.out.front(), '[');
  EXPECT_NE(run.out.find("\"patientControlNumber\": \"PCN0001\""), std::string::npos);
}

TEST(ClaimParse, ReportsSegmentsNotCarriedOnStderrAndExitsOne) {
  // A corpus claim with an AMT*F2 in 2320, which the guide (and so the model) does not have.
  std::string file = std::string(CLAIMGATE_CORPUS_DIR) + "/837P/lfh-x12__demo.cob.example4.837";
  ShellRun err = Shell(kBin + " claim parse " + file + " 2>&1 >/dev/null");
  EXPECT_EQ(err.exit_code, 1);
  EXPECT_NE(err.out.find("not carried: AMT*F2 in loop 2320"), std::string::npos) << err.out;
  ShellRun out = Shell(kBin + " claim parse " + file + " 2>/dev/null");
  EXPECT_EQ(out.out.front(), '[');
  EXPECT_NE(out.out.find("\"claimType\": \"professional\""), std::string::npos);
}

TEST(ClaimParse, AnUnreadableFileExitsTwo) {
  ShellRun run = Shell(kBin + " claim parse /nonexistent/claims.837 2>&1 >/dev/null");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find("cannot read"), std::string::npos) << run.out;
}

}  // namespace
