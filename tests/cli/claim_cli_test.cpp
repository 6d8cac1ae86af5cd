// `claimgate claim build`, run as a separate process on the example encounters.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "shell_run.hpp"

namespace {

using ClaimRun = claimgate::testing::ShellRun;

// `claim build ARGS`; the output is standard output, or standard error with `errors`.
ClaimRun Claim(const std::string& args, bool errors = false) {
  return claimgate::testing::Shell(std::string(CLAIMGATE_BIN) + " claim build " + args +
                                   (errors ? " 2>&1 >/dev/null" : " 2>/dev/null"));
}

const std::string kExamples = std::string(CLAIMGATE_SAMPLES_DIR) + "/../../docs/examples/";
const std::string kFixed = " --today 20261127 --date 20261127 --time 0930";

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ClaimBuild, WritesAnInterchangeThatTheValidatorAccepts) {
  auto out = std::filesystem::temp_directory_path() / "claimgate_claim_cli_test.x12";
  ClaimRun run = Claim(kExamples + "837p-simple.json --out " + out.string() + kFixed +
                  " --sender-id SENDER1 --receiver-id RECV1 --control-number 42 --usage P");
  ASSERT_EQ(run.exit_code, 0);
  std::string x12 = Slurp(out.string());
  EXPECT_EQ(x12.rfind("ISA*00*          *00*          *ZZ*SENDER1        *ZZ*RECV1          "
                      "*261127*0930*^*00501*000000042*0*P*:~",
                      0),
            0u)
      << x12.substr(0, 120);
  EXPECT_NE(x12.find("~CLM*PCN0001*145***11:B:1*Y*A*Y*Y~"), std::string::npos);
  std::string validate =
      std::string(CLAIMGATE_BIN) + " x12 validate " + out.string() + " >/dev/null 2>&1";
  int status = std::system(validate.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::filesystem::remove(out);
}

TEST(ClaimBuild, ReadsAnArrayFromStandardInputAndGroupsByClaimType) {
  auto input = std::filesystem::temp_directory_path() / "claimgate_claim_cli_array.json";
  {
    std::ofstream f(input);
    f << "[" << Slurp(kExamples + "837p-simple.json") << ","
      << Slurp(kExamples + "837i-inpatient.json") << "," << Slurp(kExamples + "837d-dental.json")
      << "," << Slurp(kExamples + "837p-dependent.json") << "]";
  }
  ClaimRun run = Claim("- < " + input.string() + kFixed);
  std::filesystem::remove(input);
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("*1*X*005010X222A1~"), std::string::npos);
  EXPECT_NE(run.out.find("*2*X*005010X223A2~"), std::string::npos);
  EXPECT_NE(run.out.find("*3*X*005010X224A2~"), std::string::npos);
  EXPECT_NE(run.out.find("IEA*3*000000001~"), std::string::npos);
}

TEST(ClaimBuild, PrintsFindingsWithJsonPathsAndExitsOne) {
  std::string json = Slurp(kExamples + "837p-simple.json");
  json.replace(json.find("1234567893"), 10, "1234567890");
  auto input = std::filesystem::temp_directory_path() / "claimgate_claim_cli_bad.json";
  {
    std::ofstream f(input);
    f << json;
  }
  ClaimRun run = Claim(input.string() + kFixed, /*errors=*/true);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("billing.npi: invalid_npi: The billing provider's NPI is not valid"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("(value \"1234567890\")"), std::string::npos);
  run = Claim(input.string() + kFixed + " --no-values", /*errors=*/true);
  EXPECT_EQ(run.out.find("1234567890"), std::string::npos) << run.out;
  std::filesystem::remove(input);
  EXPECT_EQ(Claim("/nonexistent/encounter.json").exit_code, 2);
}

}  // namespace
