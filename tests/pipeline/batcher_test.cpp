#include "src/pipeline/batcher.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "edi/schema.hpp"
#include "edi/segment_reader.hpp"
#include "edi/x12_validator.hpp"

namespace claimgate::pipeline {
namespace {

using std::chrono::system_clock;

// The body (BHT .. last segment before SE) of the sample 837P's transaction set.
std::vector<std::string> SampleBody() {
  std::ifstream f(CLAIMGATE_SAMPLES_DIR "/sample-837p.x12", std::ios::binary);
  std::string text{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  std::vector<std::string> body;
  bool in_set = false;
  size_t start = 0;
  for (size_t end = text.find('~'); end != std::string::npos; end = text.find('~', start)) {
    std::string seg = text.substr(start, end - start);
    start = end + 1;
    while (!seg.empty() && (seg.front() == '\n' || seg.front() == '\r')) seg.erase(0, 1);
    if (seg.starts_with("ST*")) {
      in_set = true;
      continue;
    }
    if (seg.starts_with("SE*")) break;
    if (in_set) body.push_back(seg);
  }
  return body;
}

core::PayerConfig Payer(int max_claims, uint64_t max_bytes) {
  core::PayerConfig p;
  p.id = "testpayer";
  p.isa = {"ZZ", "SUBMITTER", "ZZ", "RECEIVER", 'T'};
  p.gs = {"SUBMITTER", "RECEIVER"};
  p.claim_types = {core::ClaimType::kProfessional, core::ClaimType::kInstitutional};
  p.batching.max_claims = max_claims;
  p.batching.max_interchange_bytes = max_bytes;
  p.sftp.file_name_pattern = "{payer}_{isa13}_{date}_{time}.x12";
  return p;
}

std::vector<QueuedClaim> Claims(int n) {
  std::vector<QueuedClaim> claims;
  const std::vector<std::string> body = SampleBody();
  for (int i = 0; i < n; ++i) {
    claims.push_back({"claim-" + std::to_string(i), core::ClaimType::kProfessional, body});
  }
  return claims;
}

const system_clock::time_point kCreated =
    system_clock::from_time_t(1768469400);  // 2026-01-15 09:30 UTC

// Errors the validator (envelope + 837P schema + claim rules) finds in `text`.
std::vector<std::string> ValidationErrors(const std::string& text) {
  static auto registry = edi::schema::SchemaRegistry::LoadBuiltIn();
  edi::DiagnosticList list;
  edi::SegmentReader reader(text, list);
  edi::X12Validator validator(registry->get(), list);
  edi::Segment s;
  while (reader.Next(&s)) validator.Add(s, reader.header());
  validator.Finish();
  std::vector<std::string> errors;
  for (const edi::Diagnostic& d : list.items()) {
    if (d.severity == edi::Severity::kError) errors.push_back(d.segment_id + ": " + d.message);
  }
  return errors;
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(Batcher, SampleBodyIsNotEmpty) { ASSERT_GT(SampleBody().size(), 10u); }

TEST(Batcher, OneInterchangeValidatesAndPlacesEveryClaim) {
  auto built = BuildBatches(Claims(3), Payer(100, 1'000'000), 41, 7, kCreated);
  ASSERT_TRUE(built) << built.error().message;
  ASSERT_EQ(built->size(), 1u);
  const BuiltInterchange& x = (*built)[0];
  EXPECT_EQ(ValidationErrors(x.bytes), std::vector<std::string>{});
  EXPECT_TRUE(
      x.bytes.starts_with("ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER"));
  EXPECT_NE(
      x.bytes.find("*000000041*0*T*:~GS*HC*SUBMITTER*RECEIVER*20260115*0930*7*X*005010X222A1~"),
      std::string::npos);
  EXPECT_EQ(Count(x.bytes, "~ST*837*"), 3u);
  EXPECT_NE(x.bytes.find("~GE*3*7~IEA*1*000000041~"), std::string::npos);
  const std::string se = "~SE*" + std::to_string(SampleBody().size() + 2) + "*0002~";
  EXPECT_NE(x.bytes.find(se), std::string::npos) << se;
  ASSERT_EQ(x.claims.size(), 3u);
  EXPECT_EQ(x.claims[2].claim_id, "claim-2");
  EXPECT_EQ(x.claims[2].st02, "0003");
  EXPECT_EQ(x.claims[2].gs06, 7u);
  EXPECT_EQ(x.claims[2].isa13, 41u);
  EXPECT_EQ(x.file_name, "testpayer_000000041_20260115_093000.x12");
  EXPECT_EQ(x.sha256_hex.size(), 64u);
}

TEST(Batcher, SplitsByMaxClaimsWithConsecutiveControlNumbers) {
  auto built = BuildBatches(Claims(5), Payer(2, 1'000'000), 100, 500, kCreated);
  ASSERT_TRUE(built) << built.error().message;
  ASSERT_EQ(built->size(), 3u);
  std::vector<size_t> sizes;
  for (size_t i = 0; i < built->size(); ++i) {
    const BuiltInterchange& x = (*built)[i];
    EXPECT_EQ(ValidationErrors(x.bytes), std::vector<std::string>{});
    EXPECT_EQ(x.isa13, 100 + i);
    EXPECT_EQ(x.claims.front().gs06, 500 + i);
    sizes.push_back(x.claims.size());
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{2, 2, 1}));
  EXPECT_EQ((*built)[2].claims[0].claim_id, "claim-4");
}

TEST(Batcher, SplitsByMaxBytesAndNeverExceedsIt) {
  auto one = BuildBatches(Claims(1), Payer(100, 1'000'000), 1, 1, kCreated);
  ASSERT_TRUE(one);
  const uint64_t single = (*one)[0].bytes.size();
  const uint64_t limit = single * 2 + single / 2;  // room for two sets, not three
  auto built = BuildBatches(Claims(5), Payer(100, limit), 1, 1, kCreated);
  ASSERT_TRUE(built) << built.error().message;
  ASSERT_EQ(built->size(), 3u);
  for (const BuiltInterchange& x : *built) {
    EXPECT_LE(x.bytes.size(), limit);
    EXPECT_EQ(ValidationErrors(x.bytes), std::vector<std::string>{});
  }
}

TEST(Batcher, ClaimTooLargeForAnyInterchangeIsAnError) {
  auto built = BuildBatches(Claims(1), Payer(100, 1024), 1, 1, kCreated);
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().code, "claim_too_large");
}

TEST(Batcher, OneGroupPerClaimTypeAndRefusedTypes) {
  std::vector<QueuedClaim> claims = Claims(3);
  claims[1].type = core::ClaimType::kInstitutional;
  auto plans = PlanBatches(claims, Payer(100, 1'000'000));
  ASSERT_TRUE(plans);
  ASSERT_EQ(plans->size(), 1u);
  ASSERT_EQ((*plans)[0].groups.size(), 2u);
  EXPECT_EQ((*plans)[0].groups[0].claims, (std::vector<size_t>{0, 2}));
  EXPECT_EQ((*plans)[0].groups[1].type, core::ClaimType::kInstitutional);
  claims[2].type = core::ClaimType::kDental;
  auto refused = PlanBatches(claims, Payer(100, 1'000'000));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "claim_type_not_accepted");
}

TEST(Batcher, SameInputGivesSameBytesAndHash) {
  auto a = BuildBatches(Claims(4), Payer(3, 1'000'000), 9, 9, kCreated);
  auto b = BuildBatches(Claims(4), Payer(3, 1'000'000), 9, 9, kCreated);
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->size(), b->size());
  for (size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].bytes, (*b)[i].bytes);
    EXPECT_EQ((*a)[i].sha256_hex, (*b)[i].sha256_hex);
  }
  auto c = BuildBatches(Claims(4), Payer(3, 1'000'000), 10, 9, kCreated);
  ASSERT_TRUE(c);
  EXPECT_NE((*a)[0].sha256_hex, (*c)[0].sha256_hex);
}

}  // namespace
}  // namespace claimgate::pipeline
