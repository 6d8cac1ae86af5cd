#include "edi/hipaa/claim_status.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "edi/hipaa/status_codes.hpp"
#include "tests/hipaa/response_test_util.hpp"

namespace edi::hipaa {
namespace {

using testing::Interchange;

// A 277CA from a clearinghouse: a batch-level status, one rejected claim with a rejected line, one
// accepted claim. Body segment k is input segment 4 + k.
const std::vector<std::string> k277CaBody = {
    "BHT*0085*08*BATCH1*20240101*1200*TH",                              // 4
    "HL*1**20*1",                                                       // 5
    "NM1*AY*2*CLEARCO*****46*CH01",                                     // 6
    "TRN*1*TRACE1",                                                     // 7
    "DTP*050*D8*20240101",                                              // 8
    "HL*2*1*21*1",                                                      // 9
    "NM1*41*2*GOOD CLINIC*****46*SUB01",                                // 10
    "TRN*2*BATCH1",                                                     // 11
    "STC*A1:19:PR*20240101*WQ*300",                                     // 12
    "QTY*90*1",                                                         // 13
    "QTY*AA*1",                                                         // 14
    "AMT*YU*100",                                                       // 15
    "AMT*YY*200",                                                       // 16
    "HL*3*2*19*1",                                                      // 17
    "NM1*85*2*GOOD CLINIC*****XX*1234567893",                           // 18
    "HL*4*3*PT",                                                        // 19
    "NM1*QC*1*DOE*JANE****MI*MEMBER01",                                 // 20
    "TRN*2*PCN001",                                                     // 21
    "STC*A3:21:85*20240102*U*200******A7:562:85*A3:116*CHECK THE NPI",  // 22
    "REF*1K*PAYER123",                                                  // 23
    "REF*D9*CHTRACE9",                                                  // 24
    "REF*BLT*131",                                                      // 25
    "DTP*472*RD8*20240101-20240103",                                    // 26
    "SVC*HC:99213:25*100*****1",                                        // 27
    "STC*A7:562:85*20240102*U",                                         // 28
    "REF*FJ*LINE1",                                                     // 29
    "DTP*472*D8*20240101",                                              // 30
    "HL*5*3*PT",                                                        // 31
    "NM1*QC*1*ROE*RICHARD****MI*MEMBER02",                              // 32
    "TRN*2*PCN002",                                                     // 33
    "STC*A2:20*20240102*WQ*100",                                        // 34
    "REF*1K*PAYER124",                                                  // 35
};

std::vector<StatusRecord> Read(const std::string& text, std::vector<Finding>* findings = nullptr) {
  DiagnosticList diags;
  auto out = ReadStatusRecords(text, &diags, findings);
  EXPECT_EQ(diags.errors(), 0u);
  return out;
}

TEST(ClaimStatus, Reads277CaRecordsPerLevelClaimAndLine) {
  auto records = Read(Interchange("277", "005010X214", "HN", k277CaBody));
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].level, StatusLevel::kReceiver);
  EXPECT_EQ(records[1].level, StatusLevel::kClaim);
  EXPECT_EQ(records[2].level, StatusLevel::kServiceLine);
  EXPECT_EQ(records[3].level, StatusLevel::kClaim);
  EXPECT_EQ(records[0].segment, 9u);
  EXPECT_EQ(records[1].segment, 21u);
  EXPECT_EQ(records[2].segment, 27u);
  EXPECT_EQ(records[3].segment, 33u);
  for (const auto& r : records) {
    EXPECT_TRUE(r.claim_acknowledgment);
    EXPECT_EQ(r.source_kind, StatusSource::kClearinghouse);
    EXPECT_EQ(r.source.last_or_organization, "CLEARCO");
    EXPECT_EQ(r.receiver.id, "SUB01");
    EXPECT_EQ(r.keys.transaction_control_number, "0001");
    EXPECT_EQ(r.keys.group_control_number, "77");
  }
}

TEST(ClaimStatus, ReceiverLevelCarriesBatchStatusCountsAndAmounts) {
  auto records = Read(Interchange("277", "005010X214", "HN", k277CaBody));
  ASSERT_FALSE(records.empty());
  const StatusRecord& r = records[0];
  EXPECT_EQ(r.trace_number, "BATCH1");
  ASSERT_EQ(r.statuses.size(), 1u);
  EXPECT_EQ(r.statuses[0].codes[0], (StatusCode{"A1", "19", "PR", ""}));
  EXPECT_EQ(r.statuses[0].action_code, "WQ");
  EXPECT_EQ(r.statuses[0].amount, 30000);
  EXPECT_EQ(r.quantities, (std::vector<Reference>{{"90", "1"}, {"AA", "1"}}));
  EXPECT_EQ(r.amounts, (std::vector<QualifiedAmount>{{"YU", 10000}, {"YY", 20000}}));
}

TEST(ClaimStatus, RejectedClaimCarriesAllThreeStatusesAndKeys) {
  auto records = Read(Interchange("277", "005010X214", "HN", k277CaBody));
  ASSERT_GE(records.size(), 2u);
  const StatusRecord& c = records[1];
  EXPECT_EQ(c.trace_number, "PCN001");  // = the CLM01 we sent
  EXPECT_EQ(c.payer_claim_control_number, "PAYER123");
  EXPECT_EQ(c.clearinghouse_trace, "CHTRACE9");
  EXPECT_EQ(c.bill_type, "131");
  EXPECT_EQ(c.service_date_from, "20240101");
  EXPECT_EQ(c.service_date_to, "20240103");
  EXPECT_EQ(c.patient.last_or_organization, "DOE");
  EXPECT_EQ(c.patient.id, "MEMBER01");
  EXPECT_EQ(c.provider.id, "1234567893");
  ASSERT_EQ(c.statuses.size(), 1u);
  const StatusEntry& e = c.statuses[0];
  EXPECT_EQ(e.segment, 22u);
  ASSERT_EQ(e.codes.size(), 3u);
  EXPECT_EQ(e.codes[0], (StatusCode{"A3", "21", "85", ""}));
  EXPECT_EQ(e.codes[1], (StatusCode{"A7", "562", "85", ""}));
  EXPECT_EQ(e.codes[2], (StatusCode{"A3", "116", "", ""}));
  EXPECT_EQ(e.effective_date, "20240102");
  EXPECT_EQ(e.action_code, "U");
  EXPECT_TRUE(e.has_amount);
  EXPECT_EQ(e.amount, 20000);
  EXPECT_FALSE(e.has_paid);
  EXPECT_EQ(e.message, "CHECK THE NPI");
  EXPECT_TRUE(IsRejectionCategory(e.codes[0].category));
}

TEST(ClaimStatus, ServiceLineRecordKeepsItsClaimKeys) {
  auto records = Read(Interchange("277", "005010X214", "HN", k277CaBody));
  ASSERT_GE(records.size(), 3u);
  const StatusRecord& line = records[2];
  EXPECT_EQ(line.trace_number, "PCN001");
  EXPECT_EQ(line.payer_claim_control_number, "PAYER123");
  EXPECT_EQ(FormatProcedure(line.procedure), "HC:99213:25");
  EXPECT_EQ(line.charge, 10000);
  EXPECT_EQ(line.units, "1");
  EXPECT_EQ(line.line_control_number, "LINE1");
  EXPECT_EQ(line.service_date_from, "20240101");
  EXPECT_EQ(line.service_date_to, "20240101");
  ASSERT_EQ(line.statuses.size(), 1u);
  EXPECT_EQ(line.statuses[0].codes[0], (StatusCode{"A7", "562", "85", ""}));
  const StatusRecord& next = records[3];
  EXPECT_EQ(next.trace_number, "PCN002");
  EXPECT_EQ(next.patient.last_or_organization, "ROE");
  EXPECT_EQ(next.statuses[0].codes[0].category, "A2");
}

TEST(ClaimStatus, Reads277FromPayerWithPaymentAndDependent) {
  std::string text = Interchange("277", "005010X212", "HN",
                                 {
                                     "BHT*0010*08*REQ1*20240101*1200*DG",       // 4
                                     "HL*1**20*1",                              // 5
                                     "NM1*PR*2*ACME HEALTH*****PI*PAYER01",     // 6
                                     "HL*2*1*21*1",                             // 7
                                     "NM1*41*2*GOOD CLINIC*****46*SUB01",       // 8
                                     "HL*3*2*19*1",                             // 9
                                     "NM1*1P*2*GOOD CLINIC*****XX*1234567893",  // 10
                                     "HL*4*3*22*1",                             // 11
                                     "NM1*IL*1*DOE*JOHN****MI*MEMBER01",        // 12
                                     "HL*5*4*23",                               // 13
                                     "NM1*QC*1*DOE*JANE",                       // 14
                                     "TRN*2*PCN009",                            // 15
                                     "STC*F1:65*20240110**150*120*20240108*ACH*20240111*EFT777",
                                     "REF*1K*PAYERCLM9",      // 17
                                     "REF*EJ*ACCT9",          // 18
                                     "DTP*472*D8*20240105",   // 19
                                     "SVC*HC:99214*150*120",  // 20
                                     "STC*F1:1*20240110",     // 21
                                 });
  auto records = Read(text);
  ASSERT_EQ(records.size(), 2u);
  const StatusRecord& c = records[0];
  EXPECT_FALSE(c.claim_acknowledgment);
  EXPECT_EQ(c.source_kind, StatusSource::kPayer);
  EXPECT_EQ(StatusSourceName(c.source_kind), "payer");
  EXPECT_EQ(c.source.id, "PAYER01");
  EXPECT_EQ(c.level, StatusLevel::kClaim);
  EXPECT_EQ(c.segment, 15u);
  EXPECT_EQ(c.subscriber.last_or_organization, "DOE");
  EXPECT_EQ(c.subscriber.first, "JOHN");
  EXPECT_EQ(c.patient.first, "JANE");
  EXPECT_EQ(c.trace_number, "PCN009");
  EXPECT_EQ(c.payer_claim_control_number, "PAYERCLM9");
  EXPECT_EQ(c.references, (std::vector<Reference>{{"EJ", "ACCT9"}}));
  ASSERT_EQ(c.statuses.size(), 1u);
  const StatusEntry& e = c.statuses[0];
  EXPECT_EQ(e.amount, 15000);
  EXPECT_TRUE(e.has_paid);
  EXPECT_EQ(e.paid, 12000);
  EXPECT_EQ(e.adjudication_date, "20240108");
  EXPECT_EQ(e.payment_method, "ACH");
  EXPECT_EQ(e.check_date, "20240111");
  EXPECT_EQ(e.check_number, "EFT777");
  const StatusRecord& line = records[1];
  EXPECT_EQ(line.level, StatusLevel::kServiceLine);
  EXPECT_EQ(line.paid, 12000);
  EXPECT_EQ(line.trace_number, "PCN009");
}

TEST(ClaimStatus, ReportsStatusOutsideAClaimAndBadAmounts) {
  std::string text = Interchange("277", "005010X212", "HN",
                                 {
                                     "BHT*0010*08*REQ1*20240101*1200*DG",  // 4
                                     "HL*1**20*1",                         // 5
                                     "NM1*PR*2*ACME*****PI*P",             // 6
                                     "HL*2*1*22*0",                        // 7
                                     "NM1*IL*1*DOE*JOHN",                  // 8
                                     "STC*A4:35*20240101**12.5X",          // 9
                                 });
  std::vector<Finding> findings;
  auto records = Read(text, &findings);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].statuses[0].codes[0].category, "A4");
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].code, "status_outside_record");
  EXPECT_EQ(findings[0].segment, 9u);
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  EXPECT_EQ(findings[1].code, "amount_invalid");
  EXPECT_EQ(findings[1].segment, 9u);
  EXPECT_EQ(findings[1].element, 4u);
}

TEST(StatusCodes, EveryCategoryCodeHasADescription) {
  const char* codes[] = {"A0",  "A1",  "A2",  "A3",  "A4",  "A5", "A6", "A7", "A8",  "P0",  "P1",
                         "P2",  "P3",  "P4",  "P5",  "F0",  "F1", "F2", "F3", "F3F", "F3N", "F4",
                         "R0",  "R1",  "R3",  "R4",  "R5",  "R6", "R7", "R8", "R9",  "R10", "R11",
                         "R12", "R13", "R14", "R15", "R16", "E0", "E1", "E2", "E3",  "E4",  "D0"};
  for (const char* c : codes) {
    EXPECT_FALSE(StatusCategoryMeaning(c).empty()) << c;
    EXPECT_EQ(DescribeStatusCategory(c).find("no description"), std::string::npos) << c;
  }
  EXPECT_EQ(DescribeStatusCategory("A3"),
            "rejected: returned as unprocessable, not entered for adjudication");
  EXPECT_EQ(StatusCategoryFamily("R12"), "request for information");
  EXPECT_EQ(StatusCategoryFamily("F3F"), "finalized");
}

TEST(StatusCodes, UnknownCodesSayNoDescriptionIsShipped) {
  EXPECT_EQ(DescribeStatusCategory("Z9"), "code Z9 (no description shipped)");
  EXPECT_EQ(DescribeClaimStatus("9999"), "code 9999 (no description shipped)");
  EXPECT_EQ(DescribeEntity("ZZ"), "code ZZ (no description shipped)");
  EXPECT_EQ(DescribeClaimStatus("21"), "information is missing or invalid");
  EXPECT_EQ(DescribeEntity("85"), "billing provider");
  EXPECT_FALSE(IsRejectionCategory("A2"));
}

// --- Corpus: every 277 and 277CA turns into records; every STC and SVC lands in one.

struct RawCounts {
  std::size_t stc = 0, svc = 0, claim_trn = 0;
};

RawCounts Scan(const std::string& text) {
  RawCounts c;
  char component = ':';
  bool in277 = false;
  std::string level;
  for (const auto& s : testing::RawSegments(text, &component)) {
    const std::string& id = s.fields[0];
    if (id == "ST") in277 = s.Field(1) == "277";
    if (!in277) continue;
    if (id == "HL") level = s.Field(3);
    if (id == "STC" && level != "20") ++c.stc;
    if (id == "SVC") ++c.svc;
    if (id == "TRN" && (level == "22" || level == "23" || level == "PT")) ++c.claim_trn;
  }
  return c;
}

TEST(ClaimStatusCorpus, Every277And277CaTurnsIntoRecords) {
  auto files = testing::CorpusFiles("277");
  auto ca = testing::CorpusFiles("277CA");
  ASSERT_GE(files.size(), 8u);
  ASSERT_GE(ca.size(), 4u);
  files.insert(files.end(), ca.begin(), ca.end());
  for (const auto& path : files) {
    SCOPED_TRACE(path.parent_path().filename().string() + "/" + path.filename().string());
    std::string text = testing::ReadFile(path);
    RawCounts raw = Scan(text);
    std::vector<Finding> findings;
    auto records = ReadStatusRecords(text, nullptr, &findings);
    // One corpus 277CA (oopfactory FromBogeyone) is cut off before its first status: nothing to
    // report there; every other file has statuses and must give records.
    if (raw.stc + raw.claim_trn > 0) {
      ASSERT_FALSE(records.empty());
    }
    RawCounts got;
    for (const auto& r : records) {
      got.stc += r.statuses.size();
      got.svc += r.level == StatusLevel::kServiceLine;
      got.claim_trn += r.level == StatusLevel::kClaim && !r.trace_number.empty();
      EXPECT_EQ(r.claim_acknowledgment, path.parent_path().filename() == "277CA");
      for (const auto& e : r.statuses) {
        ASSERT_FALSE(e.codes.empty());
        EXPECT_FALSE(DescribeStatusCategory(e.codes[0].category).empty());
      }
    }
    EXPECT_EQ(got.stc, raw.stc);
    EXPECT_EQ(got.svc, raw.svc);
    EXPECT_EQ(got.claim_trn, raw.claim_trn);
  }
}

}  // namespace
}  // namespace edi::hipaa
