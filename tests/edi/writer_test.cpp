#include "edi/writer.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/edi/test_util.hpp"

namespace edi {
namespace {

using testing::ReadInMemory;

WriterOptions Options(char element = '*', char component = ':', char repetition = '^',
                      char terminator = '~') {
  WriterOptions o;
  o.delimiters.element = element;
  o.delimiters.component = component;
  o.delimiters.repetition = repetition;
  o.delimiters.terminator = {terminator, 0, 0, 0};
  return o;
}

TEST(SegmentWriter, WritesElementsCompositesAndTrimsTrailingEmpties) {
  std::string out;
  SegmentWriter w(&out, Options());
  w.Begin("NM1").Add("85").Add("2").Add("CLINIC").Add("").Add("").End();
  w.Begin("SV1").AddComposite({"HC", "99213", "25", "", ""}).Add("125").Add("UN").End();
  w.Write("REF", {"EI", "123456789", "", ""});
  EXPECT_TRUE(w.ok());
  EXPECT_EQ(out, "NM1*85*2*CLINIC~SV1*HC:99213:25*125*UN~REF*EI*123456789~");
  EXPECT_EQ(w.count(), 3u);
}

TEST(SegmentWriter, UsesAnyDelimiterSet) {
  std::string out;
  SegmentWriter w(&out, Options('|', '>', '!', '\n'));
  w.Begin("HI").AddComposite({"ABK", "J069"}).End();
  EXPECT_EQ(out, "HI|ABK>J069\n");
}

struct RefusedCase {
  const char* value;
  const char* code;
  const char* names;
};

TEST(SegmentWriter, RefusesDelimitersAndCharactersOutsideTheExtendedSet) {
  for (const RefusedCase& c : {RefusedCase{"A*B", "delimiter_in_data", "NM103"},
                               RefusedCase{"A~B", "delimiter_in_data", "NM103"},
                               RefusedCase{"A:B", "delimiter_in_data", "NM103"},
                               RefusedCase{"A^B", "delimiter_in_data", "NM103"},
                               RefusedCase{"CAF\xC3\x89", "character_not_allowed", "NM103"},
                               RefusedCase{"TAB\tHERE", "character_not_allowed", "NM103"}}) {
    std::string out = "prefix";
    SegmentWriter w(&out, Options());
    w.Begin("NM1").Add("85").Add("2").Add(c.value).End();
    ASSERT_FALSE(w.ok()) << c.value;
    EXPECT_EQ(w.status().error().code, c.code);
    EXPECT_NE(w.status().error().message.find(c.names), std::string::npos)
        << w.status().error().message;
    EXPECT_EQ(out, "prefix") << "a refused segment must not be half-written";
    EXPECT_EQ(w.count(), 0u);
  }
}

TEST(SegmentWriter, NamesTheComponentThatHoldsADelimiter) {
  std::string out;
  SegmentWriter w(&out, Options());
  w.Begin("SV1").AddComposite({"HC", "99*13"}).End();
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().error().message.find("SV101-2"), std::string::npos)
      << w.status().error().message;
}

TEST(SegmentWriter, ErrorIsStickyButLaterSegmentsStillWrite) {
  std::string out;
  SegmentWriter w(&out, Options());
  w.Write("NTE", {"ADD", "bad~value"});
  w.Write("NTE", {"ADD", "good"});
  EXPECT_FALSE(w.ok());
  EXPECT_EQ(out, "NTE*ADD*good~");
}

TEST(SegmentWriter, TranslatesASegmentBetweenDelimiterSets) {
  std::string in =
      "ISA|00|          |00|          |ZZ|SUBMITTER01    |ZZ|RECEIVER01     |260115|0930|!|00501|"
      "000000101|1|T|>\nGS|HC|S|R|20260115|0930|1|X|005010X222A1\nST|837|0001\n"
      "HI|ABK>J069|ABF>R05!ABF>R509\nSE|3|0001\nGE|1|1\nIEA|1|000000101\n";
  DiagnosticList list;
  SegmentReader reader(in, list);
  Segment s;
  std::string out;
  SegmentWriter w(&out, Options());
  while (reader.Next(&s)) {
    if (s.Is("HI")) w.Write(s);
  }
  EXPECT_TRUE(w.ok());
  EXPECT_EQ(out, "HI*ABK:J069*ABF:R05^ABF:R509~");
}

TEST(InterchangeWriter, BuildsAnEnvelopeThatReadsBackClean) {
  std::string out;
  InterchangeWriter w(&out);
  InterchangeParams isa;
  isa.sender_id = "CLAIMGATE";
  isa.receiver_id = "PAYER01";
  isa.date = "260115";
  isa.time = "0930";
  isa.control_number = 42;
  isa.usage = 'T';
  w.BeginInterchange(isa);
  GroupParams gs;
  gs.sender = "CLAIMGATE";
  gs.receiver = "PAYER01";
  gs.date = "20260115";
  gs.time = "0930";
  gs.control_number = 42;
  gs.version = "005010X222A1";
  w.BeginGroup(gs);
  for (int set = 1; set <= 2; ++set) {
    w.BeginTransaction("837", FormatControlNumber(static_cast<std::uint64_t>(set), 4),
                       "005010X222A1");
    w.body().Write("BHT", {"0019", "00", "B1", "20260115", "0930", "CH"});
    w.body().Write("NM1", {"41", "2", "CLAIMGATE", "", "", "", "", "46", "CG1"});
    w.EndTransaction();
  }
  w.EndGroup();
  w.EndInterchange();
  ASSERT_TRUE(w.Finish().has_value()) << w.Finish().error().message;
  EXPECT_EQ(out.substr(0, 106),
            "ISA*00*          *00*          *ZZ*CLAIMGATE      *ZZ*PAYER01        *260115*0930*^*"
            "00501*000000042*0*T*:~");
  EXPECT_NE(out.find("ST*837*0001*005010X222A1~BHT"), std::string::npos);
  EXPECT_NE(out.find("SE*4*0001~"), std::string::npos);
  EXPECT_NE(out.find("GE*2*42~IEA*1*000000042~"), std::string::npos);
  auto r = ReadInMemory(out);
  EXPECT_TRUE(r.findings.empty()) << r.findings.front().message;
  ASSERT_EQ(r.interchanges.size(), 1u);
  EXPECT_EQ(r.interchanges[0].groups[0].transaction_sets.size(), 2u);
}

TEST(InterchangeWriter, RefusesIsaValuesThatDoNotFit) {
  std::string out;
  InterchangeWriter w(&out);
  InterchangeParams isa;
  isa.sender_id = "A-SENDER-ID-LONGER-THAN-15";
  isa.receiver_id = "PAYER01";
  isa.date = "260115";
  isa.time = "0930";
  w.BeginInterchange(isa);
  auto status = w.Finish();
  ASSERT_FALSE(status.has_value());
  EXPECT_NE(status.error().message.find("ISA06"), std::string::npos);

  std::string out2;
  InterchangeWriter w2(&out2);
  isa.sender_id = "OK";
  isa.date = "261301";
  w2.BeginInterchange(isa);
  ASSERT_FALSE(w2.Finish().has_value());
  EXPECT_NE(w2.Finish().error().message.find("ISA09"), std::string::npos);
}

TEST(InterchangeWriter, UnclosedEnvelopeIsAnError) {
  std::string out;
  InterchangeWriter w(&out);
  InterchangeParams isa;
  isa.sender_id = "S";
  isa.receiver_id = "R";
  isa.date = "260115";
  isa.time = "0930";
  w.BeginInterchange(isa);
  auto status = w.Finish();
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, "envelope_open");
}

TEST(FormatControlNumber, ZeroPads) {
  EXPECT_EQ(FormatControlNumber(7, 9), "000000007");
  EXPECT_EQ(FormatControlNumber(12345, 4), "12345");
}

}  // namespace
}  // namespace edi
