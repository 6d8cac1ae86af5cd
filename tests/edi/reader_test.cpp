#include "edi/segment_reader.hpp"

#include <gtest/gtest.h>

TEST(SegmentReader, Smoke) {
  edi::DiagnosticList d;
  std::string in = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*000000001*0*T*:~GS*HC*S*R*20260101*1200*1*X*005010X222A1~ST*837*0001~SE*2*0001~GE*1*1~IEA*1*000000001~";
  edi::SegmentReader r(in, d);
  edi::Segment s;
  int n = 0;
  while (r.Next(&s)) ++n;
  EXPECT_EQ(n, 6);
}
