#include "edi/envelope.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/edi/test_util.hpp"

namespace edi {
namespace {

using testing::ReadInMemory;
using testing::Sample837;

std::string Replace(std::string text, std::string_view from, std::string_view to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(EnvelopeChecker, CleanInterchangeHasNoFindingsAndASummary) {
  auto r = ReadInMemory(Sample837());
  EXPECT_TRUE(r.findings.empty());
  ASSERT_EQ(r.interchanges.size(), 1u);
  const auto& ic = r.interchanges[0];
  EXPECT_TRUE(ic.closed);
  EXPECT_EQ(ic.header.control_number(), "000000101");
  ASSERT_EQ(ic.groups.size(), 1u);
  EXPECT_EQ(ic.groups[0].version, "005010X222A1");
  EXPECT_EQ(ic.groups[0].control_number, "101");
  ASSERT_EQ(ic.groups[0].transaction_sets.size(), 1u);
  const auto& ts = ic.groups[0].transaction_sets[0];
  EXPECT_EQ(ts.id, "837");
  EXPECT_EQ(ts.control_number, "0001");
  EXPECT_EQ(ts.segments, 6u);
  EXPECT_EQ(ts.declared_segments, 6u);
  EXPECT_TRUE(ts.closed);
}

struct EnvelopeCase {
  const char* name;
  const char* from;
  const char* to;
  DiagCode code;
  const char* segment_id;
  std::uint32_t element;
  std::uint64_t segment;
};

class EnvelopeFinding : public ::testing::TestWithParam<EnvelopeCase> {};

TEST_P(EnvelopeFinding, IsReportedAtItsPosition) {
  const EnvelopeCase& c = GetParam();
  std::string in = Replace(Sample837(), c.from, c.to);
  auto r = ReadInMemory(in);
  const Diagnostic* d = r.Find(c.code);
  ASSERT_NE(d, nullptr) << "no " << DiagCodeName(c.code);
  EXPECT_EQ(d->segment_id, c.segment_id);
  EXPECT_EQ(d->pos.element, c.element);
  EXPECT_EQ(d->pos.segment, c.segment);
  EXPECT_EQ(d->severity, Severity::kError);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, EnvelopeFinding,
    ::testing::Values(
        EnvelopeCase{"SeCountTooLow", "SE*6*0001", "SE*5*0001", DiagCode::kCountMismatch, "SE", 1,
                     8},
        EnvelopeCase{"SeCountNotNumber", "SE*6*0001", "SE*6X*0001", DiagCode::kCountMismatch, "SE",
                     1, 8},
        EnvelopeCase{"SeControlDiffers", "SE*6*0001", "SE*6*0002", DiagCode::kControlNumberMismatch,
                     "SE", 2, 8},
        EnvelopeCase{"GeCountWrong", "GE*1*101", "GE*2*101", DiagCode::kCountMismatch, "GE", 1, 9},
        EnvelopeCase{"GeControlDiffers", "GE*1*101", "GE*1*102", DiagCode::kControlNumberMismatch,
                     "GE", 2, 9},
        EnvelopeCase{"IeaCountWrong", "IEA*1*", "IEA*3*", DiagCode::kCountMismatch, "IEA", 1, 10},
        EnvelopeCase{"IeaControlDiffers", "IEA*1*000000101", "IEA*1*000000102",
                     DiagCode::kControlNumberMismatch, "IEA", 2, 10},
        EnvelopeCase{"IeaControlNotNineDigits", "IEA*1*000000101", "IEA*1*101",
                     DiagCode::kControlNumberInvalid, "IEA", 2, 10},
        EnvelopeCase{"Gs06NotNumeric", "*101*X*", "*1O1*X*", DiagCode::kControlNumberInvalid, "GS",
                     6, 2},
        EnvelopeCase{"St02TooShort", "ST*837*0001*", "ST*837*001*", DiagCode::kControlNumberInvalid,
                     "ST", 2, 3},
        EnvelopeCase{"St01Missing", "ST*837*0001*", "ST**0001*", DiagCode::kElementMissing, "ST", 1,
                     3},
        EnvelopeCase{"Gs08Missing", "*X*005010X222A1~", "*X*~", DiagCode::kElementMissing, "GS", 8,
                     2},
        EnvelopeCase{"Gs04NotADate", "*20260115*0930*101", "*20260230*0930*101",
                     DiagCode::kEnvelopeFieldValue, "GS", 4, 2},
        EnvelopeCase{"Gs05NotATime", "*20260115*0930*101", "*20260115*2460*101",
                     DiagCode::kEnvelopeFieldValue, "GS", 5, 2},
        EnvelopeCase{"SegmentOutsideSet", "GE*1*101~", "NTE*ADD*X~GE*1*101~",
                     DiagCode::kUnexpectedSegment, "NTE", 0, 9},
        EnvelopeCase{"SeWithoutSt", "GE*1*101~", "SE*1*0009~GE*1*101~",
                     DiagCode::kUnexpectedSegment, "SE", 0, 9},
        EnvelopeCase{"MissingSeBeforeGe", "SE*6*0001~", "", DiagCode::kMissingTrailer, "SE", 0, 8},
        EnvelopeCase{"MissingGeBeforeIea", "GE*1*101~", "", DiagCode::kMissingTrailer, "GE", 0, 9},
        EnvelopeCase{"TwoSetsSameControl", "GE*1*101~", "ST*837*0001~SE*2*0001~GE*2*101~",
                     DiagCode::kDuplicateControlNumber, "ST", 2, 9},
        EnvelopeCase{"StOutsideGroup",
                     "GS*HC*SUBMITTER01*RECEIVER01*20260115*0930*101*X*005010X222A1~", "",
                     DiagCode::kUnexpectedSegment, "ST", 0, 2}),
    [](const ::testing::TestParamInfo<EnvelopeCase>& p) { return std::string(p.param.name); });

TEST(EnvelopeChecker, MissingTrailersAtEndOfInputAreAllReported) {
  std::string in = Sample837();
  in.erase(in.find("SE*"));
  auto r = ReadInMemory(in);
  std::vector<std::string> missing;
  for (const auto& d : r.findings) {
    if (d.code == DiagCode::kMissingTrailer) missing.push_back(d.segment_id);
  }
  EXPECT_EQ(missing, (std::vector<std::string>{"SE", "GE", "IEA"}));
  EXPECT_FALSE(r.interchanges[0].closed);
}

TEST(EnvelopeChecker, SegmentInSetPositionIsGiven) {
  auto r = ReadInMemory(Replace(Sample837(), "SE*6*0001", "SE*7*0001"));
  const Diagnostic* d = r.Find(DiagCode::kCountMismatch);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->pos.segment_in_set, 6u);
  EXPECT_NE(d->message.find("says 7"), std::string::npos);
  EXPECT_EQ(d->value, "7");
}

TEST(EnvelopeChecker, Ta1OnlyInterchangeIsValid) {
  std::string in =
      "ISA*00*          *00*          *ZZ*RECEIVER01     *ZZ*SUBMITTER01    *260115*0931*^*00501*"
      "000000777*0*T*:~TA1*000000101*260115*0930*A*000~IEA*0*000000777~";
  auto r = ReadInMemory(in);
  EXPECT_TRUE(r.findings.empty());
  ASSERT_EQ(r.interchanges.size(), 1u);
  ASSERT_EQ(r.interchanges[0].ta1s.size(), 1u);
  EXPECT_EQ(r.interchanges[0].ta1s[0].control_number, "000000101");
  EXPECT_EQ(r.interchanges[0].ta1s[0].ack_code, "A");
  EXPECT_TRUE(r.interchanges[0].groups.empty());
}

TEST(EnvelopeChecker, Ta1AfterAGroupIsOutOfPlace) {
  std::string in = Replace(Sample837(), "IEA*", "TA1*000000101*260115*0930*A*000~IEA*");
  auto r = ReadInMemory(in);
  const Diagnostic* d = r.Find(DiagCode::kUnexpectedSegment);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->segment_id, "TA1");
}

TEST(EnvelopeChecker, NonHipaaVersionsAreNotedNotRejected) {
  std::string in = Replace(Sample837(), "^*00501*", "U*00401*");
  in = Replace(in, "*X*005010X222A1~ST*837*0001*005010X222A1~",
               "*X*004010X098A1~ST*837*0001*005010X222A1~");
  auto r = ReadInMemory(in);
  EXPECT_EQ(r.Errors(), 0u);
  std::size_t notes = 0;
  for (const auto& d : r.findings) notes += d.code == DiagCode::kVersionNote;
  EXPECT_EQ(notes, 3u);  // ISA12, GS08, ST03 differing from GS08
}

TEST(EnvelopeChecker, SummariesCanBeDroppedForBoundedMemory) {
  std::string sets;
  for (int i = 1; i <= 50; ++i) {
    std::string n = std::to_string(1000 + i);
    sets += "ST*837*" + n + "~BHT*0019~SE*3*" + n + "~";
  }
  std::string in = Replace(Sample837(), "ST*837*0001*005010X222A1~", "");
  in = Replace(in, "SE*6*0001~", "");
  in = Replace(in,
               "BHT*0019*00*BATCH1*20260115*0930*CH~NM1*41*2*SAMPLE BILLING*****46*SUB01~"
               "HI*ABK:J069*ABF:R05^ABF:R509~SV1*HC:99213:25*125*UN*1***1:2~",
               sets);
  in = Replace(in, "GE*1*", "GE*50*");
  DiagnosticList list;
  SegmentReader reader(in, list);
  EnvelopeOptions options;
  options.keep_summaries = false;
  EnvelopeChecker envelope(list, options);
  Segment s;
  while (reader.Next(&s)) envelope.Add(s, reader.header());
  envelope.Finish();
  EXPECT_TRUE(list.items().empty()) << list.items().front().message;
  EXPECT_EQ(envelope.transaction_sets(), 50u);
  ASSERT_EQ(envelope.interchanges().size(), 1u);
  EXPECT_EQ(envelope.interchanges()[0].groups[0].transaction_sets.size(), 1u);
  EXPECT_EQ(envelope.interchanges()[0].groups[0].transaction_count, 50u);
}

}  // namespace
}  // namespace edi
