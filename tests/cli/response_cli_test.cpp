// claimgate remit / status / ack, run as a separate process on real and synthetic files.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shell_run.hpp"

namespace {

using CliRun = claimgate::testing::ShellRun;

CliRun Claimgate(const std::string& args) {
  return claimgate::testing::Shell(std::string(CLAIMGATE_BIN) + " " + args + " 2>/dev/null");
}

const std::string kCorpus = CLAIMGATE_CORPUS_DIR;

// Writes `body` segments into an 835 interchange in a temporary file; returns its path.
std::string Write835(const std::string& name, const std::vector<std::string>& body) {
  std::string text =
      "ISA*00*          *00*          *ZZ*PAYER          *ZZ*CLINIC         *240101*1200*^*00501*"
      "000000101*0*P*:~\nGS*HP*PAYER*CLINIC*20240101*1200*77*X*005010X221A1~\n"
      "ST*835*0001*005010X221A1~\n";
  for (const auto& s : body) text += s + "~\n";
  text += "SE*" + std::to_string(body.size() + 2) + "*0001~\nGE*1*77~\nIEA*1*000000101~\n";
  auto dir = std::filesystem::temp_directory_path() /
             ("claimgate-response-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

const std::vector<std::string> kBalanced = {
    "BPR*I*145*C*CHK************20240115",   // 4
    "TRN*1*CHECK42*1512345678",              // 5
    "N1*PR*ACME HEALTH*XV*PAYER01",          // 6
    "N1*PE*GOOD CLINIC*XX*1234567893",       // 7
    "CLP*PCN001*1*200*150*20*12*PAYERCLM1",  // 8
    "SVC*HC:99213:25*120*100**1",            // 9
    "CAS*CO*45*20",                          // 10
    "AMT*B6*100",                            // 11
    "SVC*HC:80053*80*50**1",                 // 12
    "CAS*CO*45*10*1*253*0",                  // 13
    "CAS*PR*1*20",                           // 14
    "LQ*HE*N130",                            // 15
    "CLP*PCN002*22*-5*-5*0*12*PAYERCLM0",    // 16
};

TEST(RemitCommand, TextShowsClaimsLinesAndBalance) {
  CliRun r = Claimgate("remit " + Write835("balanced.835", kBalanced));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("payment 145.00 C CHK (check) on 20240115  trace CHECK42"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("claim PCN001  status 1 (processed as primary)  billed 200.00  paid 150.00"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("line HC:99213:25  charge 120.00  paid 100.00  allowed 100.00"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("REVERSAL"), std::string::npos);
  EXPECT_NE(r.out.find("-> balanced"), std::string::npos) << r.out;
}

TEST(RemitCommand, UnbalancedRemittanceExitsOneAndNamesThePosition) {
  std::vector<std::string> body = kBalanced;
  body[0] = "BPR*I*150*C*CHK************20240115";
  CliRun r = Claimgate("remit " + Write835("unbalanced.835", body));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("NOT BALANCED"), std::string::npos) << r.out;
  auto at = r.out.find("error [transaction_unbalanced] segment 4 (BPR) element 2");
  EXPECT_NE(at, std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("[transaction_unbalanced]", at + 20), std::string::npos);  // said once
}

// CLP05 against the PR adjustments is a consistency check outside balancing: a warning that is
// shown, with the remittance still balanced and the exit code 0.
TEST(RemitCommand, PatientResponsibilityMismatchIsAWarningNotAnImbalance) {
  std::vector<std::string> body = kBalanced;
  body[4] = "CLP*PCN001*1*200*150*25*12*PAYERCLM1";  // CLP05 25, PR adjustments 20
  CliRun r = Claimgate("remit " + Write835("patient-resp.835", body));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("-> balanced"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("warning [patient_responsibility_mismatch] segment 8 (CLP) element 5"),
            std::string::npos)
      << r.out;
  CliRun j = Claimgate("remit --json " + Write835("patient-resp-json.835", body));
  EXPECT_EQ(j.exit_code, 0);
  auto remit = nlohmann::json::parse(j.out)["remittances"][0];
  EXPECT_EQ(remit["balanced"], true);
  ASSERT_EQ(remit["findings"].size(), 1u);
  EXPECT_EQ(remit["findings"][0]["severity"], "warning");
}

TEST(RemitCommand, JsonHasRecordsWithExactAmounts) {
  CliRun r = Claimgate("remit --json " + Write835("balanced-json.835", kBalanced));
  EXPECT_EQ(r.exit_code, 0);
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["remittances"].size(), 1u);
  const auto& remit = j["remittances"][0];
  EXPECT_EQ(remit["payment"]["amount"], "145.00");
  EXPECT_EQ(remit["payment"]["traceNumber"], "CHECK42");
  EXPECT_EQ(remit["payee"]["npi"], "1234567893");
  EXPECT_EQ(remit["totals"]["paid"], "145.00");
  EXPECT_EQ(remit["balanced"], true);
  ASSERT_EQ(remit["claims"].size(), 2u);
  EXPECT_EQ(remit["claims"][1]["reversal"], true);
  const auto& line = remit["claims"][0]["serviceLines"][1];
  EXPECT_EQ(line["procedure"]["code"], "80053");
  ASSERT_EQ(line["adjustments"].size(), 3u);
  EXPECT_EQ(line["adjustments"][2]["group"], "PR");
  EXPECT_EQ(line["adjustments"][2]["amount"], "20.00");
  EXPECT_EQ(line["remarks"][0]["code"], "N130");
}

TEST(RemitCommand, CsvHasOneRowPerServiceLineAdjustment) {
  CliRun r = Claimgate("remit --csv " + Write835("balanced-csv.835", kBalanced));
  EXPECT_EQ(r.exit_code, 0);
  std::vector<std::string> rows;
  std::size_t start = 0;
  for (std::size_t nl; (nl = r.out.find('\n', start)) != std::string::npos; start = nl + 1) {
    rows.push_back(r.out.substr(start, nl - start));
  }
  ASSERT_EQ(rows.size(), 5u) << r.out;  // header + 1 + 3 adjustments, reversal has no lines
  EXPECT_EQ(rows[0].rfind("trace_number,payment_date,payer_id,patient_control_number,", 0), 0u);
  EXPECT_EQ(
      rows[1].rfind("CHECK42,20240115,PAYER01,PCN001,1,PAYERCLM1,200.00,150.00,1,HC:99213:25,", 0),
      0u)
      << rows[1];
  EXPECT_NE(rows[1].find(",CO,45,20.00,,"), std::string::npos) << rows[1];
  EXPECT_NE(rows[3].find(",CO,253,0.00,,"), std::string::npos) << rows[3];
  EXPECT_NE(rows[4].find(",PR,1,20.00,,"), std::string::npos) << rows[4];
}

TEST(RemitCommand, ExitCodeTwoWhenUnreadableOrMisused) {
  EXPECT_EQ(Claimgate("remit /nonexistent/file.835").exit_code, 2);
  EXPECT_EQ(Claimgate("remit --json --csv " + Write835("x.835", kBalanced)).exit_code, 2);
}

TEST(RemitCommand, ReadsEveryCorpus835) {
  for (const auto& e : std::filesystem::directory_iterator(kCorpus + "/835")) {
    CliRun r = Claimgate("remit --json '" + e.path().string() + "'");
    EXPECT_LE(r.exit_code, 1) << e.path();
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << e.path();
    EXPECT_FALSE(j["remittances"].empty()) << e.path();
  }
}

TEST(StatusCommand, Shows277CaStatusesWithMeanings) {
  std::string file = kCorpus + "/277CA/imsweb__x12_277CA_accepted.txt";
  CliRun r = Claimgate("status " + file);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("claim 5781  payer claim 1107000000014420  from payer NYSDOH"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("A2 acknowledged: accepted into the adjudication system | 20 accepted for "
                       "processing"),
            std::string::npos)
      << r.out;
  CliRun j = Claimgate("status --json " + file);
  auto doc = nlohmann::json::parse(j.out);
  ASSERT_EQ(doc["records"].size(), 2u);
  EXPECT_EQ(doc["records"][0]["level"], "receiver");
  EXPECT_EQ(doc["records"][1]["traceNumber"], "5781");
  EXPECT_EQ(doc["records"][1]["kind"], "277CA");
  EXPECT_EQ(doc["records"][1]["statuses"][0]["codes"][0]["category"], "A2");
  EXPECT_EQ(doc["records"][1]["statuses"][0]["amount"], "125.00");
}

TEST(AckCommand, Shows999ErrorsWithMeaningsAndTa1) {
  CliRun r = Claimgate("ack " + kCorpus + "/999/imsweb__x12_999_rejected.txt");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("999 for group 28 (HC, 005010X223A2): R rejected"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("set 837 0028: R rejected"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("segment NM at position 17: 1 segment id not recognized"), std::string::npos)
      << r.out;
  CliRun t = Claimgate("ack --json " + kCorpus + "/TA1/staedi__x12_interchange_ack.txt");
  EXPECT_EQ(t.exit_code, 1);  // this file's IEA01 counts a group it does not have
  auto doc = nlohmann::json::parse(t.out);
  ASSERT_EQ(doc["acknowledgments"].size(), 1u);
  EXPECT_EQ(doc["acknowledgments"][0]["type"], "TA1");
  EXPECT_EQ(doc["acknowledgments"][0]["interchangeControlNumber"], "000000050");
  EXPECT_EQ(doc["acknowledgments"][0]["noteMeaning"], "no error");
  EXPECT_EQ(doc["findings"][0]["code"], "count_mismatch");
  EXPECT_EQ(Claimgate("ack /nonexistent.999").exit_code, 2);
}

}  // namespace
