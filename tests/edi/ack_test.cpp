#include "edi/ack.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "edi/segment_reader.hpp"
#include "edi/x12_validator.hpp"
#include "tests/edi/test_util.hpp"

namespace edi {
namespace {

namespace fs = std::filesystem;

const schema::SchemaRegistry& Registry() {
  static auto registry = schema::SchemaRegistry::LoadBuiltIn();
  return **registry;
}

struct Validated {
  std::vector<Diagnostic> findings;
  std::vector<InterchangeSummary> interchanges;
  std::uint64_t segments = 0;
};

Validated ValidateText(const std::string& text) {
  Validated v;
  DiagnosticList list;
  SegmentReader reader(text, list);
  X12Validator validator(&Registry(), list);
  Segment s;
  while (reader.Next(&s)) validator.Add(s, reader.header());
  validator.Finish();
  v.findings = list.items();
  v.interchanges = validator.envelope().interchanges();
  v.segments = reader.segments_read();
  return v;
}

AckOptions Options() {
  AckOptions o;
  o.interchange_control_number = 900;
  o.group_control_number = 900;
  o.date = "20260116";
  o.time = "0800";
  o.usage = 'T';
  return o;
}

// A complete, clean 837P (deploy/samples/sample-837p.x12). testing::Sample837() is only an
// envelope around a few segments, so the 837P guide rejects it.
std::string Clean837() {
  std::ifstream f(CLAIMGATE_SAMPLES_DIR "/sample-837p.x12", std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// Every 999 we write must itself validate clean against our 999 schema.
void ExpectClean999(const std::string& ack) {
  Validated v = ValidateText(ack);
  for (const Diagnostic& d : v.findings) {
    EXPECT_NE(d.severity, Severity::kError)
        << DiagCodeName(d.code) << " " << d.segment_id << ": " << d.message << "\n"
        << ack;
  }
}

TEST(Build999, AcceptsACleanTransactionSet) {
  std::string in = Clean837();
  ASSERT_FALSE(in.empty());
  Validated v = ValidateText(in);
  for (const Diagnostic& d : v.findings) {
    EXPECT_NE(d.severity, Severity::kError) << DiagCodeName(d.code) << ": " << d.message;
  }
  auto ack = Build999(v.interchanges[0], v.segments + 1, v.findings, Options());
  ASSERT_TRUE(ack.has_value()) << ack.error().message;
  EXPECT_NE(ack->find("AK1*HC*1*005010X222A1~AK2*837*0001*005010X222A1~IK5*A~AK9*A*1*1*1~"),
            std::string::npos)
      << *ack;
  EXPECT_EQ(ack->substr(0, 106),
            "ISA*00*          *00*          *ZZ*EXHP1          *ZZ*CLAIMGATEDEMO  *260116*0800*^*"
            "00501*000000900*0*T*:~");
  EXPECT_NE(ack->find("GS*FA*EXHP1*CLAIMGATEDEMO*20260116*0800*900*X*005010X231A1~"),
            std::string::npos);
  ExpectClean999(*ack);
}

TEST(Build999, RejectsA837PThatBreaksTheGuide) {
  // Sample837() is an envelope around a few 837 segments: no 1000A PER, 1000B, 2000A ...
  std::string in = testing::Sample837();
  Validated v = ValidateText(in);
  auto ack = Build999(v.interchanges[0], v.segments + 1, v.findings, Options());
  ASSERT_TRUE(ack.has_value()) << ack.error().message;
  // Loop ids go out as IK303's 4 characters: HI and SV1 are unexpected in 1000A.
  EXPECT_NE(ack->find("AK2*837*0001*005010X222A1~IK3*HI*4*1000*2~IK3*SV1*5*1000*2~"),
            std::string::npos)
      << *ack;
  EXPECT_NE(ack->find("IK5*R*5~AK9*R*1*1*0~"), std::string::npos) << *ack;
  ExpectClean999(*ack);
}

TEST(Build999, ReportsSegmentAndElementErrorsOfA999) {
  // A 999 acknowledging itself: one with an AK2 ST02 too short and an unknown segment.
  std::string in =
      "ISA*00*          *00*          *ZZ*PAYER01        *ZZ*CLAIMGATE      *260115*0930*^*00501*"
      "000000055*0*P*:~GS*FA*PAYER01*CLAIMGATE*20260115*0930*55*X*005010X231A1~"
      "ST*999*0001*005010X231A1~AK1*HC*1*005010X222A1~AK2*837*001~ZZZ*1~IK5*A~AK9*A*1*1*1~SE*7*"
      "0001~"
      "GE*1*55~IEA*1*000000055~";
  Validated v = ValidateText(in);
  auto ack = Build999(v.interchanges[0], v.segments + 1, v.findings, Options());
  ASSERT_TRUE(ack.has_value()) << ack.error().message;
  EXPECT_NE(ack->find("AK2*999*0001*005010X231A1~IK3*AK2*3*2000*8~IK4*2**4*001~IK3*ZZZ*4*2000*1~"
                      "IK5*R*5~AK9*R*1*1*0~"),
            std::string::npos)
      << *ack;
  // Not checked against the 999 schema: a 999 acknowledging a 999 (AK101 FA) is not a case the
  // guide allows; it is only the one guide with a schema to make segment errors from.
}

TEST(Build999, ReportsEnvelopeErrorsOfASet) {
  std::string in = Clean837();
  in.replace(in.find("SE*43*0001"), 10, "SE*46*0002");
  in.replace(in.find("GE*1*1~"), 7, "GE*2*1~");
  Validated v = ValidateText(in);
  auto ack = Build999(v.interchanges[0], v.segments + 1, v.findings, Options());
  ASSERT_TRUE(ack.has_value());
  EXPECT_NE(ack->find("AK2*837*0001*005010X222A1~IK5*R*4*3~AK9*R*1*1*0*5~"), std::string::npos)
      << *ack;
  ExpectClean999(*ack);
}

TEST(BuildTa1, AcceptsAGoodInterchange) {
  std::string in = Clean837();
  Validated v = ValidateText(in);
  auto ta1 = BuildTa1(v.interchanges[0], v.segments + 1, v.findings, Options());
  ASSERT_TRUE(ta1.has_value());
  EXPECT_NE(ta1->find("~TA1*000000001*260115*0930*A*000~IEA*0*000000900~"), std::string::npos)
      << *ta1;
  auto r = testing::ReadInMemory(*ta1);
  EXPECT_EQ(r.Errors(), 0u);
}

TEST(BuildTa1, NamesTheInterchangeProblem) {
  struct Case {
    const char* from;
    const char* to;
    const char* note;
  };
  for (const Case& c : {Case{"*260115*0930*", "*261315*0930*", "014"},
                        Case{"*ZZ*RECEIVER01     *", "*XX*RECEIVER01     *", "007"},
                        Case{"IEA*1*000000101", "IEA*1*000000102", "001"},
                        Case{"IEA*1*000000101", "IEA*2*000000101", "021"},
                        Case{"*00501*000000101*1*T*", "*00501*000000101*1*Q*", "020"}}) {
    std::string in = testing::Sample837();
    in.replace(in.find(c.from), std::string(c.from).size(), c.to);
    Validated v = ValidateText(in);
    auto ta1 = BuildTa1(v.interchanges[0], v.segments + 1, v.findings, Options());
    ASSERT_TRUE(ta1.has_value());
    EXPECT_NE(ta1->find(std::string("*R*") + c.note + "~"), std::string::npos) << c.to << "\n"
                                                                               << *ta1;
  }
}

TEST(Build999, EveryCorpus837GetsA999ThatValidates) {
  const fs::path corpus = CLAIMGATE_CORPUS_DIR;
  std::size_t files = 0;
  for (const char* dir : {"837P", "837P/invalid", "837I", "837D"}) {
    for (const auto& entry : fs::directory_iterator(corpus / dir)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream f(entry.path(), std::ios::binary);
      std::string text{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
      Validated v = ValidateText(text);
      for (std::size_t i = 0; i < v.interchanges.size(); ++i) {
        const InterchangeSummary& ic = v.interchanges[i];
        std::uint64_t end =
            i + 1 < v.interchanges.size() ? v.interchanges[i + 1].first_segment : v.segments + 1;
        if (ic.groups.empty()) continue;
        auto ack = Build999(ic, end, v.findings, Options());
        ASSERT_TRUE(ack.has_value()) << entry.path() << ": " << ack.error().message;
        SCOPED_TRACE(entry.path().string());
        ExpectClean999(*ack);
      }
      ++files;
    }
  }
  EXPECT_GE(files, 60u);
}

}  // namespace
}  // namespace edi
