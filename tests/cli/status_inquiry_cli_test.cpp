// `claimgate claim status-inquiry` (and the envelope flags it shares with `claim build`), run as
// a separate process on the example encounters.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "shell_run.hpp"

namespace {

using claimgate::testing::ShellRun;

const std::string kExamples = std::string(CLAIMGATE_SAMPLES_DIR) + "/../../docs/examples/";
const std::string kFixed = " --date 20261127 --time 0930";

// `claim SUBCOMMAND ARGS`; standard output only.
ShellRun Claim(const std::string& subcommand, const std::string& args) {
  return claimgate::testing::Shell(std::string(CLAIMGATE_BIN) + " claim " + subcommand + " " +
                                   args + " 2>/dev/null");
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The first `n` segments of an interchange written with --line-break.
std::string Head(const std::string& x12, int n) {
  std::size_t end = 0;
  for (int i = 0; i < n && end != std::string::npos; ++i) end = x12.find('\n', end + 1);
  return x12.substr(0, end == std::string::npos ? end : end + 1);
}

TEST(ClaimStatusInquiry, TakesTheEnvelopeIdsFromTheEncounterByDefault) {
  ShellRun run = Claim("status-inquiry", kExamples + "837p-simple.json --line-break" + kFixed);
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_EQ(Head(run.out, 3),
            "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*RECEIVER01     *261127*0930*^*"
            "00501*000000001*0*T*:~\n"
            "GS*HR*SUBMITTER01*RECEIVER01*20261127*0930*1*X*005010X212~\n"
            "ST*276*0001*005010X212~\n");
}

TEST(ClaimStatusInquiry, WritesTheEnvelopeFlagsIntoIsaAndGs) {
  ShellRun run = Claim("status-inquiry", kExamples + "837p-simple.json" + kFixed +
                                             " --sender-id SENDER1 --sender-qualifier 01"
                                             " --receiver-id RECV1 --receiver-qualifier 30"
                                             " --control-number 42 --group-control-number 9"
                                             " --usage P");
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out.rfind("ISA*00*          *00*          *01*SENDER1        *30*RECV1          "
                          "*261127*0930*^*00501*000000042*0*P*:~GS*HR*SENDER1*RECV1*20261127*0930*"
                          "9*X*005010X212~ST*276*",
                          0),
            0u)
      << run.out.substr(0, 200);
  EXPECT_EQ(run.out.find('\n'), run.out.size() - 1) << "no --line-break: one final line feed";
}

// Without receiver.receiverIdentification the receiver is the payer; without a submitter id
// the sender is CLAIMGATE: the same fallbacks for the 276 and the 837.
TEST(ClaimStatusInquiry, FallsBackToThePayerIdAsReceiverLikeClaimBuild) {
  std::string json = Slurp(kExamples + "837p-simple.json");
  const std::string receiver = R"("receiverIdentification": "RECEIVER01")";
  ASSERT_NE(json.find(receiver), std::string::npos);
  json.replace(json.find(receiver), receiver.size(), R"("receiverIdentification": "")");
  auto input = std::filesystem::temp_directory_path() / "claimgate_status_inquiry_cli.json";
  {
    std::ofstream f(input);
    f << json;
  }
  for (const char* subcommand : {"status-inquiry", "build --today 20261127"}) {
    SCOPED_TRACE(subcommand);
    ShellRun run = Claim(subcommand, input.string() + kFixed);
    ASSERT_EQ(run.exit_code, 0);
    EXPECT_EQ(run.out.rfind("ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*SYNPAYER01     "
                            "*261127*0930*",
                            0),
              0u)
        << run.out.substr(0, 120);
  }
  std::filesystem::remove(input);
}

}  // namespace
