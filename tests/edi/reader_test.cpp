#include "edi/segment_reader.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/edi/test_util.hpp"

namespace edi {
namespace {

using testing::ReadInMemory;
using testing::ReadStreaming;
using testing::Sample837;

std::string WithDelimiters(std::string text, char element, char component, char repetition,
                           std::string_view terminator) {
  std::string out;
  for (char c : text) {
    if (c == '*')
      out += element;
    else if (c == ':')
      out += component;
    else if (c == '^')
      out += repetition;
    else if (c == '~')
      out += terminator;
    else
      out += c;
  }
  return out;
}

TEST(SegmentReader, ReadsEverySegmentWithIdsAndElements) {
  auto r = ReadInMemory(Sample837());
  ASSERT_EQ(r.segments.size(), 10u);
  EXPECT_EQ(r.segments[0].fields[0], "ISA");
  EXPECT_EQ(r.segments[0].fields.size(), 17u);
  EXPECT_EQ(r.segments[0].fields[16], ":");
  EXPECT_EQ(r.segments[4].fields[0], "NM1");
  EXPECT_EQ(r.segments[4].fields[3], "SAMPLE BILLING");
  EXPECT_EQ(r.segments[4].fields[9], "SUB01");
  EXPECT_EQ(r.segments[9].fields[0], "IEA");
  EXPECT_EQ(r.Errors(), 0u) << r.findings.front().message;
  EXPECT_FALSE(r.fatal);
}

TEST(SegmentReader, GivesSegmentIndexAndByteOffset) {
  std::string in = Sample837();
  auto r = ReadInMemory(in);
  ASSERT_GE(r.segments.size(), 3u);
  EXPECT_EQ(r.segments[0].index, 1u);
  EXPECT_EQ(r.segments[0].offset, 0u);
  EXPECT_EQ(r.segments[1].offset, 106u);
  EXPECT_EQ(r.segments[2].index, 3u);
  EXPECT_EQ(in.substr(r.segments[2].offset, 3), "ST*");
}

TEST(SegmentReader, ComponentsAndRepetitionsAreViews) {
  std::string in = Sample837();
  DiagnosticList list;
  SegmentReader reader(in, list);
  Segment s;
  while (reader.Next(&s) && !s.Is("HI")) {
  }
  ASSERT_TRUE(s.Is("HI"));
  Element hi1 = s.element_at(1);
  EXPECT_EQ(hi1.component(1), "ABK");
  EXPECT_EQ(hi1.component(2), "J069");
  EXPECT_EQ(hi1.component(3), "");
  Element hi2 = s.element_at(2);
  ASSERT_EQ(hi2.repetition_count(), 2u);
  EXPECT_EQ(hi2.repetition(2).component(2), "R509");
  // Views point into the caller's buffer: no copies.
  EXPECT_GE(hi1.value().data(), in.data());
  EXPECT_LT(hi1.value().data(), in.data() + in.size());
  while (reader.Next(&s) && !s.Is("SV1")) {
  }
  EXPECT_EQ(s.component(1, 3), "25");
  EXPECT_EQ(s.element(7), "1:2");
  EXPECT_EQ(s.element(99), "");
}

TEST(SegmentReader, ToleratesBomWhitespaceAndLineBreaksBetweenSegments) {
  std::string in = "\xEF\xBB\xBF \r\n" + Sample837();
  std::string spaced;
  for (char c : in) {
    spaced += c;
    if (c == '~') spaced += "\r\n    ";
  }
  auto r = ReadInMemory(spaced);
  EXPECT_EQ(r.segments.size(), 10u);
  EXPECT_EQ(r.Errors(), 0u);
  EXPECT_EQ(r.segments[0].offset, 6u);  // BOM (3) + space + CRLF
  EXPECT_EQ(r.segments[4].fields[3], "SAMPLE BILLING");
}

TEST(SegmentReader, LineBreakAsTerminatorWithCrLfEndings) {
  std::string in = WithDelimiters(Sample837(), '*', ':', '^', "\n");
  std::string crlf;
  for (char c : in) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  auto r = ReadInMemory(crlf);
  ASSERT_EQ(r.segments.size(), 10u);
  EXPECT_EQ(r.Errors(), 0u);
  EXPECT_EQ(r.segments[9].fields[2], "000000101");  // no CR left on the last element
}

TEST(SegmentReader, ReadsDelimitersFromTheIsaNeverDefaults) {
  struct Case {
    char element, component, repetition;
    std::string terminator;
  };
  for (const Case& c :
       {Case{'~', '^', '!', "_"}, Case{'+', '>', '~', "\r"}, Case{'|', '\\', '`', "\x1d"},
        Case{'*', '>', '^', "\n"}, Case{'\x1f', '\x1e', '\x1c', "'"}}) {
    std::string in =
        WithDelimiters(Sample837(), c.element, c.component, c.repetition, c.terminator);
    DiagnosticList list;
    SegmentReader reader(in, list);
    Segment s;
    std::size_t n = 0;
    std::string hi_component;
    while (reader.Next(&s)) {
      ++n;
      if (s.Is("HI")) hi_component = std::string(s.element_at(2).repetition(2).component(2));
    }
    EXPECT_EQ(n, 10u) << c.element;
    EXPECT_EQ(reader.delimiters().element, c.element);
    EXPECT_EQ(reader.delimiters().component, c.component);
    EXPECT_EQ(reader.delimiters().repetition, c.repetition);
    EXPECT_EQ(reader.delimiters().terminator_view(), c.terminator);
    EXPECT_EQ(hi_component, "R509");
    EXPECT_EQ(list.errors(), 0u);
  }
}

TEST(SegmentReader, MultiByteUtf8TerminatorIsOneDelimiter) {
  std::string in = WithDelimiters(Sample837(), '*', ':', '^', "\xE2\x80\xA6");
  auto r = ReadInMemory(in);
  EXPECT_EQ(r.segments.size(), 10u);
  EXPECT_EQ(r.Errors(), 0u);
  const Diagnostic* note = r.Find(DiagCode::kDelimiterNote);
  ASSERT_NE(note, nullptr);
  EXPECT_NE(note->message.find("U+2026"), std::string::npos);
  auto streamed = ReadStreaming(in, 1);
  EXPECT_EQ(streamed.segments, r.segments);
}

TEST(SegmentReader, AlphanumericIsa11MeansNoRepetitionSeparator) {
  std::string in = Sample837();
  in[82] = 'U';
  DiagnosticList list;
  SegmentReader reader(in, list);
  Segment s;
  while (reader.Next(&s) && !s.Is("HI")) {
  }
  EXPECT_FALSE(reader.delimiters().has_repetition);
  EXPECT_EQ(s.element_at(2).repetition_count(), 1u);
  ASSERT_EQ(list.items().size(), 1u);
  EXPECT_EQ(list.items()[0].code, DiagCode::kDelimiterNote);
  EXPECT_EQ(list.items()[0].pos.element, 11u);
  EXPECT_EQ(list.items()[0].severity, Severity::kWarning);
}

TEST(SegmentReader, Version00401HasNoRepetitionSeparator) {
  std::string in = Sample837();
  in.replace(84, 5, "00401");
  in[82] = 'U';
  DiagnosticList list;
  SegmentReader reader(in, list);
  Segment s;
  ASSERT_TRUE(reader.Next(&s));
  EXPECT_FALSE(reader.delimiters().has_repetition);
  EXPECT_EQ(list.warnings(), 0u);
}

TEST(SegmentReader, RejectsIsaShorterThan106AndNamesTheField) {
  std::string in = Sample837();
  in.erase(in.find("SUBMITTER01    ") + 11, 1);  // ISA06 now 14 wide
  auto r = ReadInMemory(in);
  const Diagnostic* width = r.Find(DiagCode::kIsaFieldWidth);
  ASSERT_NE(width, nullptr);
  EXPECT_EQ(width->pos.element, 6u);
  EXPECT_EQ(width->pos.byte_offset, 35u);
  EXPECT_NE(width->message.find("ISA06"), std::string::npos);
  const Diagnostic* length = r.Find(DiagCode::kIsaLength);
  ASSERT_NE(length, nullptr);
  EXPECT_NE(length->message.find("105"), std::string::npos);
  EXPECT_NE(length->message.find("ISA06 has 14 instead of 15"), std::string::npos);
  // The rest is still read with the delimiters the ISA declares.
  EXPECT_EQ(r.segments.size(), 10u);
}

TEST(SegmentReader, ChecksIsaFieldValues) {
  std::string in = Sample837();
  in.replace(70, 6, "261340");  // ISA09: month 13
  in[102] = 'X';                // ISA15
  auto r = ReadInMemory(in);
  std::vector<std::uint32_t> elements;
  for (const auto& d : r.findings) {
    if (d.code == DiagCode::kIsaFieldValue) elements.push_back(d.pos.element);
  }
  EXPECT_EQ(elements, (std::vector<std::uint32_t>{9, 15}));
}

TEST(SegmentReader, ReportsLeadingJunkAndStillReads) {
  auto r = ReadInMemory("Example 1 - an IG narrative with VISA and ISAAC in it\n\n" + Sample837());
  const Diagnostic* junk = r.Find(DiagCode::kLeadingJunk);
  ASSERT_NE(junk, nullptr);
  EXPECT_EQ(junk->pos.byte_offset, 0u);
  EXPECT_NE(junk->message.find("55 byte(s)"), std::string::npos);
  EXPECT_EQ(r.segments.size(), 10u);
}

TEST(SegmentReader, ReportsTrailingJunkAsWarning) {
  auto r = ReadInMemory(Sample837() + "\n\x1a garbage");
  const Diagnostic* junk = r.Find(DiagCode::kTrailingJunk);
  ASSERT_NE(junk, nullptr);
  EXPECT_EQ(junk->severity, Severity::kWarning);
  EXPECT_EQ(r.Errors(), 0u);
}

TEST(SegmentReader, NoIsaIsFatal) {
  auto r = ReadInMemory("GS*HC*A*B*20260101*1200*1*X*005010X222A1~ST*837*0001~");
  EXPECT_TRUE(r.fatal);
  EXPECT_TRUE(r.Has(DiagCode::kNoInterchange));
  EXPECT_TRUE(r.segments.empty());
  auto empty = ReadInMemory("");
  EXPECT_TRUE(empty.fatal);
  EXPECT_TRUE(empty.Has(DiagCode::kNoInterchange));
}

TEST(SegmentReader, Utf16IsReportedNotParsed) {
  std::string utf16 = "\xFF\xFE";
  for (char c : Sample837().substr(0, 200)) {
    utf16 += c;
    utf16 += '\0';
  }
  auto r = ReadInMemory(utf16);
  EXPECT_TRUE(r.fatal);
  EXPECT_TRUE(r.Has(DiagCode::kUtf16Input));
  std::string no_bom = utf16.substr(2);
  EXPECT_TRUE(ReadInMemory(no_bom).Has(DiagCode::kUtf16Input));
}

TEST(SegmentReader, WrappedLinesAreReported) {
  std::string in = Sample837();
  std::string wrapped;
  for (std::size_t i = 0; i < in.size(); i += 80) wrapped += in.substr(i, 80) + "\n";
  auto r = ReadInMemory(wrapped);
  const Diagnostic* d = r.Find(DiagCode::kWrappedLine);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->pos.byte_offset, 80u);
  EXPECT_TRUE(r.fatal);

  // Wrapped after the ISA: each broken segment is named.
  std::string body_wrapped = Sample837();
  body_wrapped.insert(body_wrapped.find("SAMPLE BILLING") + 6, "\n");
  auto r2 = ReadInMemory(body_wrapped);
  const Diagnostic* d2 = r2.Find(DiagCode::kWrappedLine);
  ASSERT_NE(d2, nullptr);
  EXPECT_EQ(d2->segment_id, "NM1");
  EXPECT_EQ(d2->pos.segment, 5u);
}

TEST(SegmentReader, SeveralInterchangesMayChangeDelimiters) {
  std::string second = WithDelimiters(Sample837(), '|', '>', '!', "\n");
  auto r = ReadInMemory(Sample837() + "\r\n" + second);
  ASSERT_EQ(r.segments.size(), 20u);
  EXPECT_EQ(r.interchanges.size(), 2u);
  EXPECT_EQ(r.interchanges[1].header.delimiters.element, '|');
  EXPECT_EQ(r.segments[14].fields[3], "SAMPLE BILLING");
  EXPECT_EQ(r.Errors(), 0u);
}

TEST(SegmentReader, MissingIeaBeforeNextIsaIsReported) {
  std::string one = Sample837();
  one.erase(one.find("IEA"));
  auto r = ReadInMemory(one + Sample837());
  const Diagnostic* d = r.Find(DiagCode::kMissingTrailer);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->segment_id, "IEA");
  EXPECT_EQ(r.interchanges.size(), 2u);
}

TEST(SegmentReader, SegmentLongerThanLimitIsSkippedWithBoundedMemory) {
  std::string in = Sample837();
  std::string big = "NTE*ADD*" + std::string(5000, 'A') + "~";
  in.insert(in.find("SE*"), big);
  ReaderOptions options;
  options.max_segment_length = 1000;
  options.chunk_size = 256;
  for (bool streaming : {false, true}) {
    auto r = streaming ? ReadStreaming(in, 100, options) : ReadInMemory(in, options);
    const Diagnostic* d = r.Find(DiagCode::kSegmentTooLong);
    ASSERT_NE(d, nullptr) << streaming;
    EXPECT_EQ(d->pos.byte_offset, in.find("NTE*"));
    EXPECT_EQ(d->pos.segment, 8u);
    EXPECT_EQ(r.segments.size(), 10u);
    EXPECT_EQ(r.segments[7].fields[0], "SE");
    EXPECT_EQ(r.segments[7].index, 9u);  // the skipped segment still has its index
  }
}

TEST(SegmentReader, TooManyElementsAreDroppedAndReported) {
  std::string in = Sample837();
  std::string many = "REF";
  for (int i = 0; i < 40; ++i) many += "*X";
  in.insert(in.find("SE*"), many + "~");
  ReaderOptions options;
  options.max_elements = 10;
  auto r = ReadInMemory(in, options);
  const Diagnostic* d = r.Find(DiagCode::kTooManyElements);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->segment_id, "REF");
  EXPECT_EQ(r.segments[7].fields.size(), 11u);
}

TEST(SegmentReader, FileSizeLimitStopsReading) {
  ReaderOptions options;
  options.max_file_size = 300;
  auto r = ReadInMemory(Sample837(), options);
  EXPECT_TRUE(r.fatal);
  EXPECT_TRUE(r.Has(DiagCode::kFileTooLarge));
  auto s = ReadStreaming(Sample837(), 64, options);
  EXPECT_TRUE(s.fatal);
  EXPECT_TRUE(s.Has(DiagCode::kFileTooLarge));
  EXPECT_LT(s.segments.size(), 10u);
}

TEST(SegmentReader, BinarySegmentMayContainDelimiters) {
  std::string in = Sample837();
  std::string payload = "a~b*c:d\nXYZ~";
  std::string bin = "BIN*" + std::to_string(payload.size()) + "*" + payload + "~";
  in.insert(in.find("SE*"), bin);
  for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{4096}}) {
    ReaderOptions options;
    options.chunk_size = 16;
    auto r = ReadStreaming(in, piece, options);
    ASSERT_EQ(r.segments.size(), 11u) << piece;
    EXPECT_EQ(r.segments[7].fields[0], "BIN");
    EXPECT_EQ(r.segments[7].fields[2], payload);
    EXPECT_EQ(r.segments[8].fields[0], "SE");
    EXPECT_EQ(r.Errors(), 1u);  // SE01 now counts one segment fewer than there are
  }
}

TEST(SegmentReader, BinaryLengthMismatchIsReported) {
  std::string in = Sample837();
  in.insert(in.find("SE*"), "BIN*50*short~");
  auto r = ReadInMemory(in);
  const Diagnostic* d = r.Find(DiagCode::kBinaryLength);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->pos.byte_offset, in.find("BIN*") + 4);
}

TEST(SegmentReader, BadSegmentIdIsReported) {
  std::string in = Sample837();
  in.insert(in.find("SE*"), "nm1*x~TOOLONG*1~");
  auto r = ReadInMemory(in);
  std::size_t n = 0;
  for (const auto& d : r.findings) n += d.code == DiagCode::kSegmentIdInvalid;
  EXPECT_EQ(n, 2u);
}

TEST(SegmentReader, EmptySegmentIsAWarning) {
  std::string in = Sample837();
  in.insert(in.find("SE*"), "~");
  auto r = ReadInMemory(in);
  EXPECT_TRUE(r.Has(DiagCode::kEmptySegment));
  EXPECT_EQ(r.segments.size(), 10u);
}

TEST(SegmentReader, UnterminatedLastSegmentIsKeptAndReported) {
  std::string in = Sample837();
  in.pop_back();
  in += "\n";
  auto r = ReadInMemory(in);
  ASSERT_EQ(r.segments.size(), 10u);
  EXPECT_EQ(r.segments[9].fields[2], "000000101");
  const Diagnostic* d = r.Find(DiagCode::kUnterminatedSegment);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->segment_id, "IEA");
}

// Found by the fuzzer: a component or element separator that is white space, left alone at the
// end of the input, once made the reader loop for ever.
TEST(SegmentReader, WhitespaceDelimiterAtTheEndDoesNotHang) {
  std::string isa = Sample837().substr(0, 106);
  std::string lf_component = isa;
  lf_component[104] = '\n';
  std::string tab_element = WithDelimiters(isa, '\t', ':', '^', "~");
  for (const std::string& in : {lf_component + "\n", tab_element + "\t"}) {
    auto r = ReadInMemory(in);
    EXPECT_EQ(r.segments.size(), 1u);
    auto s = ReadStreaming(in, 1);
    EXPECT_EQ(s.segments.size(), 1u);
  }
}

// Found by the fuzzer helper: with a multi-byte terminator, a segment near the length limit whose
// terminator straddles the window, and a long segment skipped across windows, read the same
// streamed as in memory.
TEST(SegmentReader, MultiByteTerminatorAcrossWindowsAndLimits) {
  const std::string t = "\xE2\x80\xA6";
  auto input = [&](std::size_t pad, std::size_t len) {
    std::string x = WithDelimiters(Sample837().substr(0, 106), '*', ':', '^', t) +
                    "GS*HC*S*R*20240115*1200*1*X*005010X222A1" + t;
    for (std::size_t i = 0; i < pad; ++i) x += "NTE*ADD*FILLER" + t;
    x += "NTE*ADD*" + std::string(len - 8, 'A') + t;
    return x + "GE*0*1" + t + "IEA*1*000000101" + t;
  };
  ReaderOptions small;
  small.chunk_size = 64;
  small.max_segment_length = 256;
  for (std::size_t pad = 0; pad < 12; ++pad) {
    for (std::size_t len : {std::size_t{250}, std::size_t{255}, std::size_t{256}, std::size_t{1000}}) {
      std::string in = input(pad, len);
      auto whole = ReadInMemory(in, small);
      auto parts = ReadStreaming(in, 64, small);
      ASSERT_EQ(parts.segments, whole.segments) << pad << " " << len;
      ASSERT_EQ(parts.Has(DiagCode::kSegmentTooLong), len > 256) << pad << " " << len;
    }
  }
  auto big = input(0, 3000000);
  auto whole = ReadInMemory(big);
  auto parts = ReadStreaming(big, 1 << 20);
  EXPECT_EQ(parts.segments, whole.segments);
  EXPECT_EQ(whole.segments.size(), 4u);  // ISA, GS, GE, IEA: the 3 MB segment is skipped
}

// Every split of the input into two reads gives the same segments as reading it whole.
TEST(SegmentReader, StreamingMatchesInMemoryForEverySplit) {
  std::string in =
      "\xEF\xBB\xBF" + Sample837() + "\n" + WithDelimiters(Sample837(), '|', '>', '!', "\r\n");
  auto whole = ReadInMemory(in);
  ASSERT_EQ(whole.segments.size(), 20u);
  for (std::size_t piece = 1; piece <= in.size(); ++piece) {
    ReaderOptions options;
    options.chunk_size = piece;
    auto parts = ReadStreaming(in, piece, options);
    ASSERT_EQ(parts.segments, whole.segments) << "piece " << piece;
    ASSERT_EQ(parts.findings.size(), whole.findings.size()) << "piece " << piece;
  }
}

// Every truncation is read without a crash or over-read; findings name where the input ends.
TEST(SegmentReader, EveryTruncationIsReportedNotCrashed) {
  std::string in = Sample837();
  for (std::size_t n = 0; n < in.size(); ++n) {
    auto r = ReadInMemory(std::string_view(in).substr(0, n));
    auto s = ReadStreaming(std::string_view(in).substr(0, n), 3);
    ASSERT_EQ(r.segments, s.segments) << n;
    ASSERT_GT(r.Errors(), 0u) << "truncated at " << n << " went unnoticed";
  }
}

}  // namespace
}  // namespace edi
