#include "edi/hipaa/ack_records.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "tests/hipaa/response_test_util.hpp"

namespace edi::hipaa {
namespace {

using testing::Interchange;

// A 999 answering group 1234: one set accepted, one rejected with a segment error and two element
// errors. Body segment k is input segment 4 + k.
const std::vector<std::string> k999Body = {
    "AK1*HC*1234*005010X222A1",   // 4
    "AK2*837*0001*005010X222A1",  // 5
    "IK5*A",                      // 6
    "AK2*837*0002*005010X222A1",  // 7
    "IK3*NM1*17*2010BA*8",        // 8
    "CTX*CLM01:PCN001",           // 9
    "IK4*9**7*ABC",               // 10
    "IK4*3:2:1*1035*I12",         // 11
    "IK3*HL*40**3",               // 12
    "IK5*R*5*I5",                 // 13
    "AK9*P*2*2*1*5",              // 14
};

TEST(AckRecords, Reads999GroupAndSetOutcomes) {
  DiagnosticList diags;
  AckFile file = ReadAcks(Interchange("999", "005010X231A1", "FA", k999Body), &diags);
  EXPECT_EQ(diags.errors(), 0u);
  EXPECT_TRUE(file.findings.empty());
  ASSERT_EQ(file.acks.size(), 1u);
  const AckRecord& a = file.acks[0];
  EXPECT_TRUE(a.closed);
  EXPECT_EQ(a.segment, 3u);
  EXPECT_EQ(a.keys.interchange_control_number, "000000101");
  EXPECT_EQ(a.functional_id, "HC");
  EXPECT_EQ(a.group_control_number, "1234");
  EXPECT_EQ(a.version, "005010X222A1");
  EXPECT_EQ(a.status, "P");
  EXPECT_EQ(DescribeAckCode(AckCodeList::kGroupStatus, a.status),
            "partially accepted: at least one transaction set was rejected");
  EXPECT_EQ(a.included, 2u);
  EXPECT_EQ(a.received, 2u);
  EXPECT_EQ(a.accepted, 1u);
  EXPECT_EQ(a.error_codes, (std::vector<std::string>{"5"}));
  ASSERT_EQ(a.sets.size(), 2u);
  EXPECT_EQ(a.sets[0].control_number, "0001");
  EXPECT_EQ(a.sets[0].status, "A");
  EXPECT_TRUE(a.sets[0].segment_errors.empty());
  EXPECT_EQ(a.sets[1].set_id, "837");
  EXPECT_EQ(a.sets[1].control_number, "0002");
  EXPECT_EQ(a.sets[1].implementation, "005010X222A1");
  EXPECT_EQ(a.sets[1].segment, 7u);
  EXPECT_EQ(a.sets[1].status, "R");
  EXPECT_EQ(a.sets[1].error_codes, (std::vector<std::string>{"5", "I5"}));
}

TEST(AckRecords, ReadsEachSegmentAndElementErrorWithItsLocation) {
  AckFile file = ReadAcks(Interchange("999", "005010X231A1", "FA", k999Body), nullptr);
  ASSERT_EQ(file.acks.size(), 1u);
  ASSERT_EQ(file.acks[0].sets.size(), 2u);
  const auto& errors = file.acks[0].sets[1].segment_errors;
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].segment_id, "NM1");
  EXPECT_EQ(errors[0].position, 17u);
  EXPECT_EQ(errors[0].loop, "2010BA");
  EXPECT_EQ(errors[0].code, "8");
  EXPECT_EQ(errors[0].segment, 8u);
  EXPECT_EQ(DescribeAckCode(AckCodeList::kSegmentError, "8"), "segment has element errors");
  ASSERT_EQ(errors[0].elements.size(), 2u);
  const ElementError& e1 = errors[0].elements[0];
  EXPECT_EQ(e1.position, 9u);
  EXPECT_EQ(e1.component, 0u);
  EXPECT_EQ(e1.code, "7");
  EXPECT_EQ(e1.bad_value, "ABC");
  EXPECT_EQ(e1.segment, 10u);
  EXPECT_EQ(DescribeAckCode(AckCodeList::kElementError, "7"), "code value not allowed");
  const ElementError& e2 = errors[0].elements[1];
  EXPECT_EQ(e2.position, 3u);
  EXPECT_EQ(e2.component, 2u);
  EXPECT_EQ(e2.repetition, 1u);
  EXPECT_EQ(e2.reference_number, "1035");
  EXPECT_EQ(e2.code, "I12");
  EXPECT_TRUE(e2.bad_value.empty());
  EXPECT_EQ(errors[1].segment_id, "HL");
  EXPECT_EQ(errors[1].position, 40u);
  EXPECT_TRUE(errors[1].loop.empty());
  EXPECT_EQ(DescribeAckCode(AckCodeList::kSegmentError, errors[1].code),
            "required segment missing");
}

TEST(AckRecords, ReportsBrokenStructureAndCounts) {
  AckFile file = ReadAcks(Interchange("999", "005010X231A1", "FA",
                                      {
                                          "AK1*HC*1*005010X222A1",  // 4
                                          "IK4*1**1",               // 5: no IK3
                                          "AK2*837*0001",           // 6
                                          "IK5*A",                  // 7
                                          "AK9*A*1*X1*1",           // 8
                                      }),
                          nullptr);
  ASSERT_EQ(file.findings.size(), 3u);
  EXPECT_EQ(file.findings[0].code, "ack_structure");
  EXPECT_EQ(file.findings[0].segment, 5u);
  EXPECT_EQ(file.findings[1].code, "count_invalid");
  EXPECT_EQ(file.findings[1].segment, 8u);
  EXPECT_EQ(file.findings[1].element, 3u);
  EXPECT_EQ(file.findings[2].code, "ack_count_mismatch");
  EXPECT_EQ(file.findings[2].severity, Severity::kWarning);
}

TEST(AckRecords, ReadsTa1WithNoteMeaning) {
  std::string text =
      "ISA*00*          *00*          *ZZ*PAYER          *ZZ*US             *240101*1200*^*00501*"
      "000000555*0*P*:~\nTA1*000000101*240101*1159*R*024~\nIEA*0*000000555~\n";
  DiagnosticList diags;
  AckFile file = ReadAcks(text, &diags);
  ASSERT_EQ(file.interchange_acks.size(), 1u);
  const InterchangeAck& t = file.interchange_acks[0];
  EXPECT_EQ(t.carrier_control_number, "000000555");
  EXPECT_EQ(t.control_number, "000000101");
  EXPECT_EQ(t.date, "240101");
  EXPECT_EQ(t.time, "1159");
  EXPECT_EQ(t.ack_code, "R");
  EXPECT_EQ(t.note_code, "024");
  EXPECT_EQ(t.segment, 2u);
  EXPECT_EQ(DescribeAckCode(AckCodeList::kInterchangeAck, "R"), "rejected");
  EXPECT_EQ(DescribeAckCode(AckCodeList::kInterchangeNote, "024"),
            "interchange content invalid (for example a bad GS segment)");
  EXPECT_TRUE(file.acks.empty());
}

TEST(AckRecords, EveryNoteCodeFrom000To031HasAMeaning) {
  for (int i = 0; i <= 31; ++i) {
    char code[12];
    std::snprintf(code, sizeof code, "%03d", i);
    EXPECT_FALSE(AckCodeMeaning(AckCodeList::kInterchangeNote, code).empty()) << code;
  }
  EXPECT_EQ(DescribeAckCode(AckCodeList::kInterchangeNote, "099"),
            "code 099 (no description shipped)");
  EXPECT_EQ(DescribeAckCode(AckCodeList::kSetError, "I6"),
            "implementation convention not supported");
}

// --- Corpus: every 999 and TA1 turns into records; counts match a plain scan.

TEST(AckCorpus, Every999TurnsIntoRecordsMatchingItsSegments) {
  auto files = testing::CorpusFiles("999");
  ASSERT_GE(files.size(), 6u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    std::string text = testing::ReadFile(path);
    char component = ':';
    std::size_t st = 0, ak2 = 0, ik3 = 0, ik4 = 0;
    for (const auto& s : testing::RawSegments(text, &component)) {
      const std::string& id = s.fields[0];
      st += id == "ST" && s.Field(1) == "999";
      ak2 += id == "AK2";
      ik3 += id == "IK3";
      ik4 += id == "IK4";
    }
    AckFile file = ReadAcks(text, nullptr);
    ASSERT_EQ(file.acks.size(), st);
    std::size_t got_ak2 = 0, got_ik3 = 0, got_ik4 = 0;
    for (const auto& a : file.acks) {
      EXPECT_FALSE(a.group_control_number.empty());
      EXPECT_FALSE(a.status.empty());
      EXPECT_EQ(DescribeAckCode(AckCodeList::kGroupStatus, a.status).find("no description"),
                std::string::npos);
      for (const auto& s : a.sets) {
        ++got_ak2;
        EXPECT_FALSE(s.status.empty());
        for (const auto& e : s.segment_errors) {
          ++got_ik3;
          got_ik4 += e.elements.size();
        }
      }
    }
    EXPECT_EQ(got_ak2, ak2);
    EXPECT_EQ(got_ik3, ik3);
    EXPECT_EQ(got_ik4, ik4);
  }
}

TEST(AckCorpus, EveryReadableTa1TurnsIntoAnInterchangeAck) {
  auto files = testing::CorpusFiles("TA1");
  ASSERT_GE(files.size(), 3u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    std::string text = testing::ReadFile(path);
    DiagnosticList diags;
    AckFile file = ReadAcks(text, &diags);
    std::size_t ta1 = 0;
    for (std::size_t at = 0; (at = text.find("TA1", at)) != std::string::npos; ++at) ++ta1;
    ASSERT_EQ(file.interchange_acks.size(), ta1);
    for (const auto& t : file.interchange_acks) {
      EXPECT_FALSE(t.control_number.empty());
      EXPECT_FALSE(AckCodeMeaning(AckCodeList::kInterchangeAck, t.ack_code).empty());
    }
  }
}

}  // namespace
}  // namespace edi::hipaa
