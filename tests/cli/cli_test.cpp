// The claimgate x12 commands, run as a separate process on real files.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "shell_run.hpp"

namespace {

using Outcome = claimgate::testing::ShellRun;

Outcome Claimgate(const std::string& args) {
  return claimgate::testing::Shell(std::string(CLAIMGATE_BIN) + " " + args + " 2>/dev/null");
}

const std::string kSample = std::string(CLAIMGATE_SAMPLES_DIR) + "/sample-837p.x12";
const std::string kBroken = std::string(CLAIMGATE_SAMPLES_DIR) + "/broken-837p.x12";
const std::string kCorpus = CLAIMGATE_CORPUS_DIR;

TEST(X12Validate, ExitCodesAreZeroCleanOneFindingsTwoUnreadable) {
  EXPECT_EQ(Claimgate("x12 validate " + kSample).exit_code, 0);
  EXPECT_EQ(Claimgate("x12 validate " + kBroken).exit_code, 1);
  EXPECT_EQ(Claimgate("x12 validate /nonexistent/file.x12").exit_code, 2);
  EXPECT_EQ(
      Claimgate("x12 validate " + kCorpus + "/837P/invalid/imsweb__x12_no_isa_line.txt").exit_code,
      2);
  // The worst result wins when several files are given.
  EXPECT_EQ(Claimgate("x12 validate " + kSample + " " + kBroken).exit_code, 1);
  EXPECT_EQ(Claimgate("x12 validate").exit_code, 2);  // usage error
}

TEST(X12Validate, StrictCountsWarnings) {
  // Warnings only: ISA12 00401 in a file read with the 5010 guide.
  std::string u_file = kCorpus + "/270/oopfactory__Example1_IG.txt";
  EXPECT_EQ(Claimgate("x12 validate " + u_file).exit_code, 0);
  EXPECT_EQ(Claimgate("x12 validate --strict " + u_file).exit_code, 1);
}

TEST(X12Validate, TextNamesPositionAndCode) {
  Outcome r = Claimgate("x12 validate " + kBroken);
  EXPECT_NE(r.out.find("INVALID (3 error(s)"), std::string::npos) << r.out;
  EXPECT_NE(
      r.out.find("error [count_mismatch] segment 45 (SE), #43 in its transaction set element 1"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("[missing_trailer]"), std::string::npos);
}

TEST(X12Validate, JsonListsFindingsWithPositions) {
  Outcome r = Claimgate("x12 validate --json " + kBroken);
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_FALSE(j[0]["valid"]);
  EXPECT_EQ(j[0]["errors"], 3);
  nlohmann::json f;
  for (const auto& x : j[0]["findings"]) {
    if (x["code"] == "count_mismatch") f = x;
  }
  EXPECT_EQ(f["code"], "count_mismatch");
  EXPECT_EQ(f["segment"], 45);
  EXPECT_EQ(f["segmentId"], "SE");
  EXPECT_EQ(f["element"], 1);
  EXPECT_EQ(f["value"], "12");
}

TEST(X12Validate, ReadsStandardInput) {
  EXPECT_EQ(Claimgate("x12 validate - < " + kSample).exit_code, 0);
}

TEST(X12Validate, LimitsAreConfigurable) {
  Outcome r = Claimgate("x12 validate --max-file-size 100 " + kSample);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("file_too_large"), std::string::npos) << r.out;
  Outcome s = Claimgate("x12 validate --max-segment-length 20 " + kSample);
  EXPECT_EQ(s.exit_code, 1);
  EXPECT_NE(s.out.find("segment_too_long"), std::string::npos) << s.out;
}

TEST(X12Inspect, ShowsDelimitersGroupsAndSets) {
  Outcome r = Claimgate("x12 inspect " + kCorpus + "/835/stupidedi__X221-case-1.edi");
  EXPECT_EQ(r.exit_code, 1);  // prose before the ISA
  EXPECT_NE(r.out.find("delimiters: element '+'  component '>'  repetition '~'  segment CR"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("835  ST02"), std::string::npos) << r.out;
}

TEST(X12Inspect, JsonHasTheEnvelopeSummary) {
  Outcome r = Claimgate("x12 inspect --json " + kCorpus + "/835/oopfactory__ExampleFromNth.txt");
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j[0]["interchanges"].size(), 3u);
  EXPECT_EQ(j[0]["interchanges"][0]["delimiters"]["component"], "'>'");
  EXPECT_EQ(j[0]["interchanges"][2]["groups"][0]["transactionSets"][0]["id"], "835");
}

TEST(X12ToJson, TreeNestsSegmentsUnderTheirEnvelopes) {
  Outcome r = Claimgate("x12 to-json " + kSample);
  EXPECT_EQ(r.exit_code, 0);
  auto j = nlohmann::json::parse(r.out);
  const auto& ic = j["interchanges"][0];
  EXPECT_EQ(ic["type"], "interchange");
  EXPECT_EQ(ic["header"]["id"], "ISA");
  EXPECT_EQ(ic["trailer"]["id"], "IEA");
  const auto& group = ic["content"][0];
  EXPECT_EQ(group["type"], "group");
  const auto& set = group["content"][0];
  EXPECT_EQ(set["type"], "transactionSet");
  EXPECT_EQ(set["header"]["elements"][0], "837");
  EXPECT_EQ(set["trailer"]["elements"][0], "43");
  // HI*ABK:J069*ABF:R05: composites are arrays of components.
  bool found_hi = false;
  for (const auto& seg : set["content"]) {
    if (seg["id"] == "HI" && !found_hi) {
      found_hi = true;
      EXPECT_EQ(seg["elements"][0], nlohmann::json({"ABK", "J069"}));
    }
  }
  EXPECT_TRUE(found_hi);
  // The sample is a clean 837P: the envelope and the 005010X222A1 guide find nothing.
  EXPECT_TRUE(j["findings"].empty()) << j["findings"].dump();
}

TEST(X12ToJson, RepetitionsAndMissingTrailersAreExplicit) {
  Outcome r = Claimgate("x12 to-json " + kBroken);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["interchanges"][0]["content"][0]["trailer"].is_null());  // no GE
  std::size_t errors = 0;
  for (const auto& x : j["findings"]) errors += x["severity"] == "error";
  EXPECT_EQ(errors, 3u);

  std::string path = ::testing::TempDir() + "/repeat.x12";
  std::ofstream(path) << "ISA*00*          *00*          *ZZ*A              *ZZ*B              "
                         "*260115*0930*^*00501*000000001*0*T*:~GS*HC*A*B*20260115*0930*1*X*"
                         "005010X222A1~ST*837*0001~HI*ABK:J069*ABF:R05^ABF:R509~SE*3*0001~GE*1*1~"
                         "IEA*1*000000001~";
  auto k = nlohmann::json::parse(Claimgate("x12 to-json " + path).out);
  const auto& hi = k["interchanges"][0]["content"][0]["content"][0]["content"][0];
  EXPECT_EQ(hi["elements"][1]["repetitions"],
            nlohmann::json::parse(R"([["ABF","R05"],["ABF","R509"]])"));
}

TEST(X12ToJson, InvalidUtf8IsReplacedNotFatal) {
  std::string path = ::testing::TempDir() + "/latin1.x12";
  std::ofstream(path) << "ISA*00*          *00*          *ZZ*A              *ZZ*B              "
                         "*260115*0930*^*00501*000000001*0*T*:~GS*HC*A*B*20260115*0930*1*X*"
                         "005010X222A1~ST*837*0001~NM1*IL*1*M\xDCLLER~SE*3*0001~GE*1*1~"
                         "IEA*1*000000001~";
  Outcome r = Claimgate("x12 to-json " + path);
  // 1: the fragment breaks the 837P guide (no BHT, 1000A, ...); the tree is still written.
  EXPECT_EQ(r.exit_code, 1);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  std::string name = j["interchanges"][0]["content"][0]["content"][0]["content"][0]["elements"][2];
  EXPECT_EQ(name.substr(0, 1), "M");
}

}  // namespace

namespace {

TEST(X12Validate, ChecksTheImplementationGuideWhereASchemaExists) {
  Outcome r =
      Claimgate("x12 validate --json " + kCorpus + "/999/oopfactory__DHS_Wisconsin_Sample.txt");
  EXPECT_EQ(r.exit_code, 1);
  auto j = nlohmann::json::parse(r.out);
  nlohmann::json short_st02;
  for (const auto& x : j[0]["findings"]) {
    if (x["code"] == "element_too_short") short_st02 = x;
  }
  ASSERT_FALSE(short_st02.is_null()) << r.out;
  EXPECT_EQ(short_st02["segmentId"], "AK2");
  EXPECT_EQ(short_st02["loop"], "2000");
  EXPECT_EQ(short_st02["element"], 2);
  EXPECT_EQ(short_st02["segmentInSet"], 5);
  EXPECT_EQ(short_st02["value"], "002");
  Outcome clean = Claimgate("x12 validate " + kCorpus +
                            "/999/stupidedi__response-to-functional-group-containing-3-837s.edi");
  EXPECT_EQ(clean.exit_code, 0) << clean.out;
}

}  // namespace

namespace {

TEST(X12Validate, WritesTheAcknowledgmentOnRequest) {
  std::string ack_file = ::testing::TempDir() + "/ack.999";
  Outcome r = Claimgate("x12 validate --ack 999 --ack-control-number 77 --ack-out " + ack_file +
                        " " + kBroken);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("INVALID"), std::string::npos);
  std::ifstream in(ack_file);
  std::string ack{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_NE(ack.find("*000000077*0*T*:~GS*FA*EXHP1*CLAIMGATEDEMO*"), std::string::npos) << ack;
  // The set's content is a clean 837P; only SE01 (12 for 43 segments) is wrong.
  EXPECT_NE(ack.find("AK2*837*0001*005010X222A1~IK5*R*4~AK9*R*1*1*0*3~"), std::string::npos) << ack;
  // The 999 itself is clean X12 that our validator accepts.
  EXPECT_EQ(Claimgate("x12 validate " + ack_file).exit_code, 0);

  Outcome ta1 = Claimgate("x12 validate --ack ta1 " + kCorpus + "/TA1/uhin__TA1.edi");
  EXPECT_NE(ta1.out.find("TA1*000000007*030813*1505*R*011~IEA*0*"), std::string::npos) << ta1.out;
  EXPECT_EQ(Claimgate("x12 validate --ack 997 " + kSample).exit_code, 2);
  EXPECT_EQ(Claimgate("x12 validate --ack 999 " + kSample + " " + kBroken).exit_code, 2);
}

}  // namespace
